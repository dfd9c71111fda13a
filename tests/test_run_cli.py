"""`whales run`: headless games, their replays, and bad input refused before the game starts."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, S2019
from game.cli import cli
from game.replay import load_replay, verify

S = str(S2019)


def run(*args: str):
    return CliRunner().invoke(cli, ["run", *args])


def whales(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120)


def refused_before_start(r, message: str) -> None:
    """Exit 2, the message on stderr, no traceback, and no sign of a game having run."""
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "Turn 1" not in r.output and "Final scores" not in r.output


def test_a_game_runs_and_its_replay_verifies(tmp_path):
    out = tmp_path / "g.json"
    r = run(S, "--seed", "3", "--turns", "6", "--replay", str(out))
    assert r.exit_code == 0, r.output
    assert "Turn 1 — April 2019" in r.stdout and "Turn 6 —" in r.stdout
    assert "Turn 7 —" not in r.stdout
    assert "Final scores" in r.stdout and f"Replay written to {out}" in r.stderr
    assert "written" not in r.stdout            # data on stdout, status on stderr
    rp = load_replay(out)
    assert len(rp.turns) == 6 and rp.seed == 3 and not rp.finished
    v = CliRunner().invoke(cli, ["replay", "verify", str(out)])
    assert v.exit_code == 0 and "6 turns" in v.stdout
    assert verify(rp).ok


def test_json_summary_matches_the_replay(tmp_path):
    out = tmp_path / "g.json"
    r = run(S, "--seed", "8", "--json", "--replay", str(out),
            "--set", "actors.china.enforcement=90", "--seat", "dprk=computer:brinkman")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)       # the whole of stdout is one JSON object
    rp = load_replay(out)
    assert summary["digest"] == rp.turns[-1].digest
    assert summary["scores"] == rp.turns[-1].scores
    assert summary["turns_played"] == len(rp.turns) and summary["seed"] == 8
    assert summary["overrides"] == rp.overrides == ["actors.china.enforcement=90"]
    assert summary["seats"]["dprk"] == rp.seats["dprk"] == "computer:brinkman"
    assert summary["replay"] == str(out)
    assert verify(rp).ok


def test_a_personality_changes_the_game():
    a = json.loads(run(S, "--seed", "8", "--json", "--turns", "4").stdout)
    b = json.loads(run(S, "--seed", "8", "--json", "--turns", "4",
                       "--seat", "dprk=computer:brinkman", "--seat",
                       "us=computer:dealmaker").stdout)
    assert a["digest"] != b["digest"]


def test_quiet_prints_only_the_final_scores():
    r = run(S, "--seed", "1", "--turns", "3", "--quiet")
    assert r.exit_code == 0
    assert "Turn" not in r.stdout and "Final scores" in r.stdout


@pytest.mark.parametrize("spec, message", [
    ("actors.china.enforcment=90", "unknown path"),                  # a typo in the path
    ("nonsense.path=1", "unknown path"),
    ("actors.china.enforcement=lots", "expected a number"),          # wrong type
    ("actors.china.enforcement=250", "at most 100"),                 # out of range
    ("turns=0", "turns"),
    ("actors.china.enforcement", "PATH=VALUE"),                      # no value at all
])
def test_bad_set_is_refused_before_the_game_starts(tmp_path, spec, message):
    out = tmp_path / "never.json"
    r = run(S, "--set", spec, "--replay", str(out))
    refused_before_start(r, message)
    assert spec.split("=")[0] in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("seat, message", [
    ("mars=computer", "STATE one of"),
    ("china=computer:warlord", "no personality 'warlord'"),
    ("china=human", "computer seats only"),
    ("china", "STATE=computer"),
])
def test_bad_seat_is_refused(seat, message):
    refused_before_start(run(S, "--seat", seat), message)


def test_missing_scenario_and_unwritable_replay_are_refused(tmp_path):
    refused_before_start(run(str(tmp_path / "nope.yaml")), "no such file")
    refused_before_start(run(S, "--replay", str(tmp_path / "no" / "dir" / "g.json")),
                         "does not exist")


def test_no_traceback_from_a_real_process():
    p = whales("run", S, "--set", "actors.china.enforcement=abc")
    assert p.returncode == 2
    assert "expected a number" in p.stderr and "Traceback" not in p.stderr
    assert p.stdout == ""


def test_same_seed_in_two_processes_gives_byte_identical_replays(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for out in (a, b):
        p = whales("run", S, "--seed", "21", "--turns", "8", "--quiet", "--replay", str(out))
        assert p.returncode == 0, p.stderr
    assert a.read_bytes() == b.read_bytes()
    c = tmp_path / "c.json"
    assert whales("run", S, "--seed", "22", "--turns", "8", "--quiet",
                  "--replay", str(c)).returncode == 0
    assert c.read_bytes() != a.read_bytes()
