"""Hostile replays, and no lost games.

A replay is a file someone may hand you: every field is bounded and checked, the embedded
scenario is loaded as boundedly as a scenario file and its hash is checked by every verb that
reads it, and a game recorded with --replay is written as it goes, so a crash, a kill or a
full disk mid-game keeps the turns played, and they verify.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli import cli
from game.engine import Game, Rules, parse_scenario
from game.replay import Recorder, ReplayError, dumps, load_replay, parse_replay, verify
from hostile_cases import MINIMAL, ROOT, SANDBOX, bomb, deep_flow_seq

MIN_TEXT = MINIMAL.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def good() -> dict:
    g = Game(Rules(parse_scenario(MIN_TEXT)), seed=3)
    rec = Recorder(g, MIN_TEXT, [], {})
    while not g.over:
        rec.record(g.play_turn({}))
    return json.loads(dumps(rec.to_replay()))


def text_of(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)


def rehash(data: dict) -> dict:
    data["scenario_hash"] = hashlib.sha256(data["scenario_text"].encode()).hexdigest()
    return data


def edit_turn0(data: dict, field: str, key: str, value) -> dict:
    data = json.loads(json.dumps(data))
    data["turns"][0][field][key] = value
    return data


def refused(text: str) -> str:
    with pytest.raises(ReplayError) as e:
        parse_replay(text, "r.json")
    return str(e.value)


# ------------------------------------------------------------------ parsing
def test_the_valid_replay_verifies(good):
    assert verify(parse_replay(text_of(good))).ok


@pytest.mark.parametrize("edit, message", [
    (lambda t, d: t.replace('"scores": {', '"scores": {"us": NaN, ', 1),
     "r.json: not a valid replay: NaN is not a number JSON allows"),
    (lambda t, d: t.replace('"scores": {', '"scores": {"us": -Infinity, ', 1),
     "r.json: not a valid replay: -Infinity is not a number JSON allows"),
    (lambda t, d: text_of(edit_turn0(d, "scores", "us", "X")).replace('"X"', "1e400", 1),
     "r.json: not a valid replay: turns.0.scores.us: Input should be a finite number"),
    (lambda t, d: t.replace(f'"seed": {d["seed"]}', '"seed": ' + "9" * 5000),
     "r.json: not a valid replay: Exceeds the limit (4300 digits) for integer string "
     "conversion"),
    (lambda t, d: t.replace(f'"seed": {d["seed"]}', '"seed": ' + "9" * 30),
     "r.json: not a valid replay: seed: Input should be less than or equal to "
     "9223372036854775807"),
    (lambda t, d: t.replace('"turn": 1,', '"turn": 1' + "0" * 30 + ",", 1),
     "r.json: not a valid replay: turns.0.turn: Input should be less than or equal to 101"),
    (lambda t, d: "[" * 100_000 + "]" * 100_000,
     "r.json: not a replay: JSON nested far too deeply (a replay nests 32 levels at most)"),
    (lambda t, d: t.replace('"overrides": []', '"overrides": ' + "[" * 50_000 + "]" * 50_000),
     "r.json: not a replay: JSON nested far too deeply (a replay nests 32 levels at most)"),
    (lambda t, d: t.replace('"reason": "', '"reason": "\\u001b]0;PWNED\\u0007', 1),
     "r.json: not a valid replay: turns.0.orders.us.0.reason: text may not contain U+001B, "
     "an escape character, at character 1"),
    (lambda t, d: t.replace('"date": "', '"date": "\\ud800', 1),
     "r.json: not a valid replay: turns.0.date: text may not contain U+D800, a lone "
     "surrogate (not valid Unicode), at character 1"),
    (lambda t, d: text_of(dict(d, seats=dict(d["seats"], us="\x1b[2J"))),
     "r.json: not a valid replay: seats.us: String should match pattern"),
    (lambda t, d: text_of({**d, "turns": d["turns"] * 30}),
     "r.json: not a valid replay: turns: List should have at most 100 items after "
     "validation, not 120"),
])
def test_bad_values_are_refused_with_one_message(good, edit, message):
    assert refused(edit(text_of(good), good)).startswith(message)


def test_a_replay_file_is_bounded_and_devices_are_not_read(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (16 * 1024 * 1024 + 1))
    for path, message in ((big, "is 16.0 MB; a replay file may be at most 16.0 MB"),
                          (Path("/dev/zero"), "is a device, not a file; give a replay file")):
        with pytest.raises(ReplayError) as e:
            load_replay(path)
        assert str(e.value) == f"{path}: {message}"
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(ReplayError) as e:
        load_replay(fifo)
    assert str(e.value) == f"{fifo}: is a named pipe, not a file; give a replay file"


# ------------------------------------------------------------------ the embedded scenario
def cli_run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


VERBS = (("replay", "verify"), ("replay", "show"), ("replay", "export"),
         ("report", "--baseline", "0"))


@pytest.mark.parametrize("verb", VERBS, ids=[" ".join(v[:2]) for v in VERBS])
def test_every_verb_checks_the_embedded_scenario_hash(tmp_path, good, verb):
    edited = dict(good)
    edited["scenario_text"] = good["scenario_text"].replace("value: 50, war_at",
                                                            "value: 60, war_at")
    path = tmp_path / "edited.json"
    path.write_text(text_of(edited))
    r = cli_run(*verb[:2], str(path)) if verb[0] == "replay" else \
        cli_run("report", str(path), *verb[1:])
    assert r.exit_code == 1, r.output
    assert "the scenario text does not match its recorded sha256: the replay was edited" \
        in r.stderr
    assert "Traceback" not in r.output


@pytest.mark.parametrize("what, extra", [
    ("an alias bomb", "\n" + bomb(9)),
    ("deep nesting", "\nextra: " + deep_flow_seq(3000) + "\n"),
])
@pytest.mark.parametrize("verb", VERBS, ids=[" ".join(v[:2]) for v in VERBS])
def test_the_embedded_scenario_is_loaded_boundedly(tmp_path, good, verb, what, extra):
    data = rehash(dict(good, scenario_text=good["scenario_text"] + extra))
    path = tmp_path / "r.json"
    path.write_text(text_of(data))
    t0 = time.process_time()           # CPU seconds: the machine is shared
    r = cli_run(*verb[:2], str(path)) if verb[0] == "replay" else \
        cli_run("report", str(path), *verb[1:])
    assert time.process_time() - t0 < 5
    assert r.exit_code == 1, r.output
    assert "the recorded scenario is not valid for this version of the game" in r.stderr
    assert ("values once its aliases" if "alias" in what else "nested more than 32") \
        in r.stderr


def test_an_override_bomb_in_a_replay_is_refused(tmp_path, good):
    flow = bomb(9).replace("\n", " , ").join(["{", "}"])
    path = tmp_path / "r.json"
    path.write_text(text_of(dict(good, overrides=["title=" + flow])))
    r = cli_run("replay", "verify", str(path))
    assert r.exit_code == 1 and "the value holds" in r.stderr


# ------------------------------------------------------------------ written as the game goes
def test_the_file_after_each_turn_is_the_replay_so_far_byte_for_byte(tmp_path):
    text = SANDBOX.read_text(encoding="utf-8")
    g = Game(Rules(parse_scenario(text, overrides=["drift.tension_decay=0.2"])), seed=5)
    path = tmp_path / "g.json"
    rec = Recorder(g, text, ["drift.tension_decay=0.2"], {"dprk": "computer"}, path=path)
    rec.write(durable=False)
    assert path.read_text() == dumps(rec.to_replay())
    while not g.over:
        rec.record(g.play_turn({}))
        assert path.read_text() == dumps(rec.to_replay())
        part = parse_replay(path.read_text())
        assert len(part.turns) == len(g.reports) and verify(part).ok


def test_a_crash_mid_game_keeps_the_turns_played_and_they_verify(tmp_path, monkeypatch):
    """The engine raising in turn 5 (as a NaN parameter once did): turns 1-4 are on disk."""
    real = Game.resolve

    def resolve(self):
        if self.turn == 5:
            raise RuntimeError("boom in turn 5")
        return real(self)

    monkeypatch.setattr(Game, "resolve", resolve)
    path = tmp_path / "crash.json"
    r = CliRunner().invoke(cli, ["run", str(SANDBOX), "--quiet", "--replay", str(path)])
    assert isinstance(r.exception, RuntimeError)
    assert f"the replay of the 4 turn(s) played before the error is in {path}" in r.stderr
    monkeypatch.undo()
    rp = load_replay(path)
    assert [t.turn for t in rp.turns] == [1, 2, 3, 4] and not rp.finished
    assert verify(rp).ok


def test_a_full_disk_mid_game_keeps_the_last_good_copy(tmp_path, monkeypatch):
    from game import replay as replay_mod
    real = replay_mod.write_atomic
    calls = {"n": 0}

    def full(path, data, durable=True):
        calls["n"] += 1
        if calls["n"] == 4:          # the start, turn 1, turn 2, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data, durable=durable)

    monkeypatch.setattr(replay_mod, "write_atomic", full)
    path = tmp_path / "full.json"
    r = cli_run("run", str(SANDBOX), "--quiet", "--replay", str(path))
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"whales: error: cannot write replay {path}: No space left on "
                                f"device; {path} holds the first 2 turn(s)")
    assert verify(load_replay(path)).ok


def test_a_killed_run_leaves_a_replay_that_verifies(tmp_path):
    """kill -9 of `whales run --replay` in the middle of a 100-turn game."""
    scen = tmp_path / "long.yaml"
    scen.write_text(SANDBOX.read_text(encoding="utf-8").replace("turns: 10", "turns: 100")
                    .replace("start_date: 2020-01-01", "start_date: 2020-01-01"))
    path = tmp_path / "killed.json"
    p = subprocess.Popen([sys.executable, "-m", "game", "run", str(scen), "--seed", "2",
                          "--quiet", "--replay", str(path)], cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and p.poll() is None:
            try:
                if len(json.loads(path.read_text())["turns"]) >= 3:
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.01)
        alive = p.poll() is None
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
    rp = load_replay(path)
    assert len(rp.turns) >= 3
    if alive:
        assert not rp.finished and len(rp.turns) < 100
    assert verify(rp).ok


def test_an_output_that_is_not_a_file_is_never_replaced(tmp_path):
    """As root, `--replay /dev/full` once replaced the device node with a JSON file."""
    from game.atomic import write_atomic
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as e:
        write_atomic(fifo, "{}")
    assert "is not a regular file" in str(e.value)
    assert fifo.is_fifo()


def test_an_unreadable_file_is_one_message(tmp_path, monkeypatch):
    from game.engine import limits
    path = tmp_path / "r.json"
    path.write_text("{}")

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(limits.os, "open", denied)
    with pytest.raises(ReplayError) as e:
        load_replay(path)
    assert str(e.value) == f"{path}: cannot read: Permission denied"
