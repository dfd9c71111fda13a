"""Sweeps under hostile conditions: a dead pool worker, a full disk, corrupted sweep folders
given to `compare` or `--resume`, and sizes beyond the documented limits.

Each ends in one clear line (and, when games were lost, the `--resume` command that finishes
the sweep), never a traceback or a hang.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli import cli
from game.sweep import results as res
from game.sweep import runner
from game.sweep.worker import Chunk
from hostile_cases import MINIMAL, ROOT, S2019

M = str(MINIMAL)


def whales(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sweeps") / "good"
    r = whales("sweep", M, "--runs", "6", "--out", str(out), "--no-plots", "--workers", "1")
    assert r.exit_code == 0, r.output
    return out


def corrupt(done: Path, tmp_path: Path, edit) -> Path:
    d = tmp_path / "bad"
    shutil.copytree(done, d)
    edit(d)
    return d


def games_csv(fn):
    def edit(d: Path) -> None:
        p = d / res.GAMES
        p.write_text(fn(p.read_text()))
    return edit


def spec_json(fn):
    def edit(d: Path) -> None:
        p = d / res.SPEC
        p.write_text(fn(json.loads(p.read_text())))
    return edit


def score_cell(text: str, value: str) -> str:
    lines = text.splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("score.us")] = value
    return "\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n"


CORRUPT = {
    "a score that is text": (games_csv(lambda t: score_cell(t, "high")),
                             "column score.us: expected a finite number, got 'high'"),
    "a score of 10^5000": (games_csv(lambda t: score_cell(t, "9" * 5000)),
                           "column score.us: expected a finite number, got '9999"),
    "a NaN score": (games_csv(lambda t: score_cell(t, "nan")),
                    "column score.us: expected a finite number, got 'nan'"),
    "binary games.csv": (lambda d: (d / res.GAMES).write_bytes(b"\x00\xff" * 50),
                         "(not UTF-8 text)"),
    "sweep.json a list": (lambda d: (d / res.SPEC).write_text("[1, 2]"),
                          "not a sweep's JSON: expected an object, got list"),
    "cells that are text": (spec_json(lambda s: json.dumps({**s, "cells": "x"})),
                            "'cells' is not a list of grid cells"),
    "scenario that is text": (spec_json(lambda s: json.dumps({**s, "scenario": "x"})),
                              "'scenario' is not an object"),
    "sweep.json nested 100,000 deep": (lambda d: (d / res.SPEC).write_text(
        "[" * 100_000 + "]" * 100_000), "nested far too deeply"),
}


@pytest.mark.parametrize("case", CORRUPT, ids=list(CORRUPT))
def test_compare_refuses_a_corrupted_folder_in_one_line(done, tmp_path, case):
    edit, message = CORRUPT[case]
    bad = corrupt(done, tmp_path, edit)
    r = whales("compare", str(bad), str(done), "--png", str(tmp_path / "c.png"))
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("whales: error: ") and message in lines[0]


RESUME = dict(CORRUPT, **{
    "execution that is text": (spec_json(lambda s: json.dumps({**s, "execution": "x"})),
                               "'execution' is not an object with a list of runs"),
    "a run id that is text": (games_csv(lambda t: t.replace("\n0,", "\nzero,", 1)),
                              "line 2, column run: expected a whole number, got 'zero'"),
})
RESUME.pop("binary games.csv")
RESUME["binary games.csv"] = (lambda d: (d / res.GAMES).write_bytes(b"\x00\xff" * 50),
                              "(not UTF-8 text)")


@pytest.mark.parametrize("case", RESUME, ids=list(RESUME))
def test_resume_refuses_a_corrupted_folder_in_one_line(done, tmp_path, case):
    edit, message = RESUME[case]
    bad = corrupt(done, tmp_path, edit)
    r = whales("sweep", M, "--runs", "6", "--out", str(bad), "--no-plots", "--workers", "1",
               "--resume")
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("whales: error: --resume: "), lines
    assert message in lines[0]


def test_a_full_disk_during_a_sweep_gives_one_line_and_the_resume_command(tmp_path,
                                                                            monkeypatch):
    real = res.ResultsWriter.append
    calls = {"n": 0}

    def append(self, rows):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, rows)

    monkeypatch.setattr(res.ResultsWriter, "append", append)
    out = tmp_path / "full"
    r = whales("sweep", M, "--runs", "30", "--out", str(out), "--no-plots", "--workers", "1")
    assert r.exit_code == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"whales: error: cannot write to {out}: No space left on "
                               f"device; ")
    assert "of 30 games are complete in" in lines[0]
    assert lines[0].endswith(f"--out {out} --seed-start 0 --workers 1 --no-plots --resume")
    monkeypatch.undo()
    r = whales("sweep", M, "--runs", "30", "--out", str(out), "--no-plots", "--workers", "1",
               "--resume")
    assert r.exit_code == 0, r.output
    assert len(res.load_table(out / res.GAMES).rows) == 30


# ------------------------------------------------------------------ a dead worker
def test_a_killed_pool_worker_does_not_hang_the_sweep(tmp_path):
    """kill -9 of one of two pool workers mid-sweep: its games are played again and the files
    are those of a sweep nobody disturbed (multiprocessing.Pool waited for ever here)."""
    cmd = [sys.executable, "-m", "game", "sweep", str(S2019), "--runs", "120", "--turns", "3",
           "--no-plots"]
    calm = tmp_path / "calm"
    subprocess.run(cmd + ["--out", str(calm), "--workers", "1"], check=True, cwd=ROOT,
                   capture_output=True, timeout=120)
    out = tmp_path / "killed"
    p = subprocess.Popen(cmd + ["--out", str(out), "--workers", "2"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and p.poll() is None and killed is None:
            kids = _workers(p.pid)
            games = out / res.GAMES
            if len(kids) == 2 and games.exists() and games.read_text().count("\n") > 3:
                killed = kids[0]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.02)
        _, err = p.communicate(timeout=90)
    finally:
        if p.poll() is None:
            p.kill()
    assert killed is not None, "the sweep ended before a worker could be killed"
    assert p.returncode == 0, err
    assert "Traceback" not in err
    assert "a worker process died (killed by signal 9); starting the workers again" in err
    for name in (res.GAMES, res.TURNS):
        assert (out / name).read_bytes() == (calm / name).read_bytes()


def _workers(pid: int) -> list[int]:
    try:
        kids = [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [k for k in kids if b"resource_tracker" not in _cmdline(k)
            and b"forkserver" not in _cmdline(k)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_workers_that_keep_dying_end_the_sweep_with_the_resume_command(tmp_path,
                                                                       monkeypatch):
    """A chunk that kills its worker every time (as an out-of-memory game would): after
    MAX_RESTARTS pools, WorkerLost, and the CLI says how to finish the sweep."""
    monkeypatch.setattr(runner, "run_chunk", _die)
    monkeypatch.setattr(runner, "_start_method", lambda: "fork")
    text = MINIMAL.read_text()
    chunks = [Chunk(text, "m.yaml", 0, (), 1, ((i, i),), ("track.tension",),
                    ("track.tension",)) for i in range(4)]
    notes: list[str] = []
    with pytest.raises(runner.WorkerLost) as e:
        list(runner._pool(chunks, 2, notes.append))
    assert "a worker process died (killed by signal 9) 4 times" in str(e.value)
    assert len(notes) == runner.MAX_RESTARTS


def _die(chunk):
    os.kill(os.getpid(), signal.SIGKILL)


# ------------------------------------------------------------------ limits
@pytest.mark.parametrize("args, message", [
    (["--runs", "600000", "--grid", "tracks.tension.value=10,20"],
     "--runs 600000 × 2 grid cell(s) = 1,200,000 games; a sweep may play at most 1,000,000"),
    (["--runs", "2", "--seed-start", str(2 ** 63 - 1)],
     "the last seed would pass 9223372036854775807 (seeds are 64-bit)"),
    (["--runs", "2", "--turns", "101"], "'--turns': 101 is not in the range 1<=x<=100"),
])
def test_sweep_sizes_are_bounded(tmp_path, args, message):
    r = whales("sweep", M, "--out", str(tmp_path / "s"), "--no-plots", *args)
    assert r.exit_code == 2 and message in r.stderr, r.stderr
    assert not (tmp_path / "s").exists()


def test_workers_die_with_a_killed_sweep(tmp_path):
    """kill -9 of the sweep itself: its workers end too (they used to live on and print
    BrokenPipeError tracebacks on the user's terminal)."""
    p = subprocess.Popen([sys.executable, "-m", "game", "sweep", str(S2019), "--runs", "2000",
                          "--turns", "2", "--out", str(tmp_path / "s"), "--workers", "2",
                          "--no-plots"], cwd=ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        kids: list[int] = []
        while time.monotonic() < deadline and len(kids) < 2 and p.poll() is None:
            kids = _workers(p.pid)
            time.sleep(0.05)
        assert len(kids) == 2
        p.kill()
        p.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(k) for k in kids):
            time.sleep(0.05)
        assert not any(_alive(k) for k in kids)
    finally:
        if p.poll() is None:
            p.kill()
    assert b"Traceback" not in p.stderr.read()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
