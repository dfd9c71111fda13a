"""Hostile input through real `whales` processes, each under a memory limit (RLIMIT_AS) and a
time limit: one clear message, the right exit code, no traceback, no escape sequence on the
terminal. The inputs that once exhausted memory or time (alias bombs, deep nesting, huge
lists, /dev/zero, a named pipe, a billion runs) are generated here.

tests/hostile_harness.py runs every case of tests/hostile_cases.py the same way and prints
the totals table of the hostile-input report; this keeps a fast subset in the suite.
"""
from __future__ import annotations

import json
import os
import sys

import pytest

import hostile_cases as hc

WHALES = [sys.executable, "-m", "game"]
LIMIT_S = 60.0        # wall seconds before a blocked child counts as hung (CPU is limited too)


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("hostile")


def whales(argv: list[str], work, env: dict | None = None, timeout: float = LIMIT_S):
    """Exit code, CPU seconds, peak RSS (MB), stdout, stderr of `whales` in a child under
    RLIMIT_AS and RLIMIT_CPU (hc.spawn); a child blocked past ``timeout`` wall seconds or
    out of CPU seconds is a hang."""
    code, cpu, rss, out, err = hc.spawn(WHALES + argv, hc.ROOT, env, timeout)
    assert code is not None, f"hung: blocked after {timeout} s"
    assert code != -hc.signal.SIGXCPU, f"hung: used up {hc.CPU_LIMIT} CPU seconds"
    return code, cpu, rss, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def refused(argv, work, message: str, code: int = 2, env=None, seconds: float = 10.0):
    got, took, rss, out, err = whales(argv, work, env)
    assert "Traceback" not in out + err and "MemoryError" not in err, err[-2000:]
    assert got == code, (got, err[-1000:])
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("whales: error: "), lines[:5]
    assert message in lines[0], lines[0]
    assert not hc.CONTROL.search((out + err).encode()), repr(err)
    assert took < seconds, f"{took:.1f} CPU s"
    assert rss < 600, f"{rss:.0f} MB"
    return lines[0]


def write(work, name: str, text: str | bytes):
    p = work / name
    if isinstance(text, str):
        p.write_text(text, encoding="utf-8", errors="surrogatepass")
    else:
        p.write_bytes(text)
    return str(p)


S = str(hc.S2019)
MIN = str(hc.MINIMAL)


# ------------------------------------------------------------------ bounded loading
def test_an_alias_bomb_file(work):
    path = write(work, "bomb.yaml", hc.bomb(9))
    refused(["validate", path], work, f"{path}:6:5: the file holds 490,329,064 values once "
            f"its aliases (*name) are expanded; at most 100,000 are allowed")


def test_an_alias_bomb_in_a_set_value(work):
    flow = hc.bomb(9).replace("\n", " , ").join(["{", "}"])
    refused(["run", MIN, "--set", "title=" + flow], work, "the value holds")


def test_an_alias_bomb_in_a_replays_scenario(work):
    path = work / "r.json"
    code, *_ = whales(["run", MIN, "--seed", "3", "--quiet", "--replay", str(path)], work)
    assert code == 0
    import hashlib
    data = json.loads(path.read_text())
    data["scenario_text"] += "\n" + hc.bomb(9)
    data["scenario_hash"] = hashlib.sha256(data["scenario_text"].encode()).hexdigest()
    path.write_text(json.dumps(data))
    for verb in (["replay", "show"], ["report"]):
        refused(verb + [str(path)], work, "once its aliases (*name) are expanded", code=1)


@pytest.mark.parametrize("name, text", [
    ("flow 100000", hc.deep_flow_seq(100_000)),
    ("block 500", hc.deep_block_map(500)),
])
def test_deep_nesting_in_a_file(work, name, text):
    path = write(work, name.replace(" ", "-") + ".yaml", text)
    refused(["validate", path], work, "nested more than 32 levels deep")


def test_deep_nesting_in_a_set_value_and_a_replay(work):
    refused(["run", MIN, "--set", "title=" + hc.deep_flow_seq(3000)], work,
            "nested more than 32 levels deep")
    path = write(work, "deep.json", "[" * 100_000 + "]" * 100_000)
    refused(["replay", "verify", path], work, "JSON nested far too deeply")


@pytest.mark.parametrize("argv, message", [
    (["validate", "/dev/zero"], "/dev/zero: is a device, not a file; give a scenario file"),
    (["replay", "verify", "/dev/urandom"], "/dev/urandom: is a device, not a file; give a "
     "replay file"),
])
def test_devices(work, argv, message):
    refused(argv, work, message)


def test_a_named_pipe_does_not_block(work):
    fifo = work / "pipe.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    refused(["validate", str(fifo)], work, "is a named pipe, not a file")
    refused(["report", str(fifo)], work, "is a named pipe, not a file")


def test_huge_files_and_lists(work):
    base = hc.MINIMAL.read_text(encoding="utf-8")
    opts = ", ".join(f"o{i}" for i in range(20_000))
    path = write(work, "options.yaml", base.replace(
        "turns: 4", f"turns: 4\nlevers: {{propose_summit: {{options: [{opts}]}}}}", 1))
    refused(["run", path], work, "options: the list should have at most 32 items")
    path = write(work, "big.yaml", base + ("# " + "x" * 98 + "\n") * 50_000)
    refused(["validate", path], work, "is 4.8 MB; a scenario file may be at most 256 KB")


# ------------------------------------------------------------------ values
@pytest.mark.parametrize("spec, message", [
    ("tracks.tension.value=.nan", "expected a finite number (not .nan or .inf), got nan"),
    ("levers.transit_project.params.expiry=.nan", "expected a whole number, got nan"),
    ("tracks.tension.war_at=-5", "expected a value above the track's starting value 50"),
    ("start_date=9999-12-01", "would run past the year 9999"),
])
def test_values_that_broke_the_game_are_refused_before_it(work, spec, message):
    out = work / "never.json"
    refused(["run", S, "--json", "--replay", str(out), "--set", spec], work, message)
    assert not out.exists()


def test_huge_numbers_on_the_command_line(work):
    refused(["run", S, "--seed", "9" * 5000], work, "Invalid value for '--seed'")
    refused(["sweep", S, "--runs", "1000000000", "--out", str(work / "s1")], work,
            "'--runs': 1000000000 is not in the range 1<=x<=1000000")
    grid = ",".join(str(i) for i in range(100))
    refused(["sweep", S, "--runs", "1", "--out", str(work / "s2"), "--grid",
             f"tracks.tension.value={grid}", "--grid", f"drift.trade_income={grid}"], work,
            "--grid: 100 × 100 values make 10,000 grid cells; a sweep may have at most 1,000")
    refused(["sweep", S, "--runs", "2", "--workers", "100000", "--out", str(work / "s3")],
            work, "'--workers': 100000 is not in the range 1<=x<=256")


# ------------------------------------------------------------------ terminal safety
def test_escape_sequences_never_reach_the_terminal(work):
    base = hc.MINIMAL.read_text(encoding="utf-8")
    path = write(work, "esc.yaml", base.replace(
        "name: North Korea", 'name: "North\\e]0;PWNED\\aKorea\\e[2J"', 1))
    refused(["run", path], work, "actors.dprk.name: text may not contain U+001B, an escape "
            "character, at character 6")
    name = str(work / "no\x1b]0;PWNED\x07such.yaml")
    line = refused(["validate", name], work, "no such file")
    assert "no\\x1b]0;PWNED\\x07such.yaml" in line


def test_a_lone_surrogate_is_refused_and_a_latin1_console_is_fine(work):
    base = hc.MINIMAL.read_text(encoding="utf-8")
    path = write(work, "sur.yaml", base.replace("name: North Korea", 'name: "North \\uD800 '
                                                'Korea"', 1))
    refused(["run", path, "--replay", str(work / "s.json")], work, "a lone surrogate")
    for enc in ("latin-1", "ascii"):
        code, _, _, out, err = whales(["run", S, "--turns", "2"], work,
                                      {"PYTHONIOENCODING": enc})
        assert code == 0 and "Traceback" not in err and "Final scores" in out
