"""Sweeps under hostile conditions: a dead pool worker, a full disk, corrupted sweep folders
given to `compare` or `--resume`, and sizes beyond the documented limits.

Each ends in one clear line (and, when games were lost, the `--resume` command that finishes
the sweep), never a traceback or a hang.
"""
from __future__ import annotations

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import end_child
from game.cli import cli
from game.sweep import results as res
from game.sweep import runner
from game.sweep.worker import Chunk
import hostile_cases as hc
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
                         "line 1, column 2: not UTF-8 text"),
    "sweep.json a list": (lambda d: (d / res.SPEC).write_text("[1, 2]"),
                          "not a sweep's JSON: expected an object, got list"),
    "cells that are text": (spec_json(lambda s: json.dumps({**s, "cells": "x"})),
                            "'cells' is not a list of grid cells"),
    "scenario that is text": (spec_json(lambda s: json.dumps({**s, "scenario": "x"})),
                              "'scenario' is not an object"),
    "sweep.json nested 100,000 deep": (lambda d: (d / res.SPEC).write_text(
        "[" * 100_000 + "]" * 100_000), "nested far too deeply"),
    "an extra column mid file": (games_csv(lambda t: _rows(t, 2, lambda r: r + ",x")),
                                 ("/games.csv: line 3: ", " columns where the header (line 1) "
                                                          "has ")),
    "a column short mid file": (games_csv(lambda t: _rows(t, 2, lambda r: r.rsplit(",", 1)[0])),
                                ("/games.csv: line 3: ", " columns where the header (line 1) "
                                                         "has ")),
    "a blank line mid file": (games_csv(lambda t: _rows(t, 2, lambda r: "\n" + r)),
                              "/games.csv: line 3: 0 columns where the header (line 1) has"),
    "random bytes": (lambda d: (d / res.GAMES).write_bytes(random.Random(5).randbytes(3000)),
                     ("/games.csv: line ", ": not UTF-8 text; not a table written by "
                                           "`whales sweep`")),
    "war that is 7": (games_csv(lambda t: _cell(t, 2, "war", "7")),
                      "/games.csv: line 3, column war: expected 0 or 1, got '7'"),
    "a negative cell": (games_csv(lambda t: _cell(t, 2, "cell", "-1")),
                        "/games.csv: line 3, column cell: expected a whole number of at least "
                        "0, got '-1'"),
    "a run written twice": (games_csv(lambda t: t + t.splitlines(keepends=True)[1]),
                            "/games.csv: line 8: run 0 again (first at line 2); each game is "
                            "written once"),
    "a run under another's seed": (games_csv(lambda t: _cell(t, 2, "seed", "5")),
                                   "/games.csv: line 3, column seed: expected 1 (the seed of "
                                   "run 1), got '5'"),
    "a run under another cell": (games_csv(lambda t: _cell(t, 2, "cell", "3")),
                                 "/games.csv: line 3, column cell: expected 0 (the cell of run "
                                 "1), got '3'"),
    "a run the sweep does not have": (games_csv(lambda t: _cell(t, 2, "run", "99")),
                                      "/games.csv: line 3, column run: expected a run id of "
                                      "this sweep, got '99'"),
    "a 200 KB cell": (games_csv(lambda t: _cell(t, 1, "command", "x" * 200_000)),
                      "/games.csv: line 2: field larger than field limit (131072)"),
    "a 20 MB sweep.json": (lambda d: _sparse(d / res.SPEC, 20 << 20),
                           "/sweep.json: is 20.0 MB; a sweep's sweep.json may be at most "
                           "16.0 MB"),
}


def _rows(text: str, i: int, fn) -> str:
    """The text with row i (0 = the header) replaced by fn(row)."""
    lines = text.splitlines()
    lines[i] = fn(lines[i])
    return "\n".join(lines) + "\n"


def _cell(text: str, i: int, column: str, value: str) -> str:
    """Row i's cell in the first column whose name starts with ``column`` set to value."""
    header = text.splitlines()[0].split(",")
    j = next(k for k, c in enumerate(header) if c == column or
             column.endswith(":") and c.startswith(column))

    def edit(row: str) -> str:
        cells = row.split(",")
        cells[j] = value
        return ",".join(cells)
    return _rows(text, i, edit)


def _sparse(path: Path, size: int) -> None:
    path.unlink()
    with open(path, "wb") as f:
        f.truncate(size)


def _one_line(stderr: str, prefix: str, message) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), lines[:5]
    for part in (message,) if isinstance(message, str) else message:
        assert part in lines[0], lines[0]
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize("case", CORRUPT, ids=list(CORRUPT))
def test_compare_refuses_a_corrupted_folder_in_one_line(done, tmp_path, case):
    edit, message = CORRUPT[case]
    bad = corrupt(done, tmp_path, edit)
    r = whales("compare", str(bad), str(done), "--png", str(tmp_path / "c.png"))
    assert r.exit_code == 2, r.output
    _one_line(r.stderr, "whales: error: ", message)
    assert not (tmp_path / "c.png").exists()


@pytest.mark.parametrize("case, message", [
    ("a line cut short", "/games.csv: line 7 is cut short (the sweep was interrupted while "
                         "writing it); finish the sweep with `whales sweep ... --resume` first"),
    ("only the header", "/games.csv: no games in it yet (only its header line)"),
    ("empty", "/games.csv: empty (no header line); not a table written by `whales sweep`"),
])
def test_compare_refuses_an_unfinished_table(done, tmp_path, case, message):
    edit = {"a line cut short": games_csv(lambda t: t[:-40]),
            "only the header": games_csv(lambda t: t.splitlines(keepends=True)[0]),
            "empty": games_csv(lambda t: "")}[case]
    bad = corrupt(done, tmp_path, edit)
    r = whales("compare", str(bad), str(done), "--png", str(tmp_path / "c.png"))
    assert r.exit_code == 2, r.output
    _one_line(r.stderr, "whales: error: ", message)


@pytest.mark.parametrize("cut", [40, 300, 1000])
def test_resume_finishes_a_table_cut_short_with_the_files_of_an_undisturbed_sweep(
        done, tmp_path, cut):
    """A kill while a row was being written leaves its line cut short: --resume drops that
    line, plays its game again, and ends with the files of a sweep nobody interrupted."""
    def edit(d: Path) -> None:
        p = d / res.GAMES
        p.write_bytes(p.read_bytes()[:-cut])
        spec = json.loads((d / res.SPEC).read_text())
        spec["execution"]["complete"] = False
        (d / res.SPEC).write_text(json.dumps(spec))
    bad = corrupt(done, tmp_path, edit)
    r = whales("sweep", M, "--runs", "6", "--out", str(bad), "--no-plots", "--workers", "1",
               "--resume")
    assert r.exit_code == 0, r.output
    for name in (res.GAMES, res.TURNS):
        assert (bad / name).read_bytes() == (done / name).read_bytes()


RESUME = dict(CORRUPT, **{
    "execution that is text": (spec_json(lambda s: json.dumps({**s, "execution": "x"})),
                               "'execution' is not an object with a list of runs"),
    "a run id that is text": (games_csv(lambda t: t.replace("\n0,", "\nzero,", 1)),
                              "line 2, column run: expected a whole number, got 'zero'"),
})
RESUME.pop("binary games.csv")
RESUME["binary games.csv"] = (lambda d: (d / res.GAMES).write_bytes(b"\x00\xff" * 50),
                              "line 1, column 2: not UTF-8 text")


@pytest.mark.parametrize("case", RESUME, ids=list(RESUME))
def test_resume_refuses_a_corrupted_folder_in_one_line(done, tmp_path, case):
    edit, message = RESUME[case]
    bad = corrupt(done, tmp_path, edit)
    r = whales("sweep", M, "--runs", "6", "--out", str(bad), "--no-plots", "--workers", "1",
               "--resume")
    assert r.exit_code == 2, r.output
    _one_line(r.stderr, "whales: error: --resume: ", message)


def _swap(path: Path, kind: str) -> None:
    path.unlink()
    if kind == "a named pipe":
        os.mkfifo(path)
    elif kind == "/dev/zero":
        path.symlink_to("/dev/zero")
    else:
        with open(path, "wb") as f:
            f.truncate(2 << 30)


@pytest.mark.parametrize("verb", ["compare", "--resume"])
@pytest.mark.parametrize("name, kind, message", [
    (res.GAMES, "/dev/zero", "games.csv: is a device, not a file; expected a sweep's table "
                             "written by `whales sweep`"),
    (res.GAMES, "a named pipe", "games.csv: is a named pipe, not a file"),
    (res.GAMES, "a 2 GB file", "games.csv: is 2048.0 MB; a sweep's table may be at most "
                               "1024.0 MB"),
    (res.SPEC, "/dev/zero", "sweep.json: is a device, not a file; expected a sweep's "
                            "sweep.json written by `whales sweep`"),
], ids=["games.csv is /dev/zero", "games.csv is a named pipe", "games.csv is 2 GB",
        "sweep.json is /dev/zero"])
def test_a_device_a_pipe_or_a_huge_file_in_a_sweep_folder_is_refused_before_reading(
        done, tmp_path, verb, name, kind, message):
    """In a child under RLIMIT_AS and RLIMIT_CPU: these read until memory ran out
    (MemoryError traceback) or blocked for ever."""
    bad = corrupt(done, tmp_path, lambda d: None)
    if verb == "--resume":
        spec = json.loads((bad / res.SPEC).read_text())
        spec["execution"]["complete"] = False
        (bad / res.SPEC).write_text(json.dumps(spec))
    _swap(bad / name, kind)
    argv = (["compare", str(bad), str(done), "--png", str(tmp_path / "c.png")]
            if verb == "compare" else
            ["sweep", M, "--runs", "6", "--out", str(bad), "--no-plots", "--workers", "1",
             "--resume"])
    code, cpu, rss, out, err = hc.spawn([sys.executable, "-m", "game", *argv], ROOT,
                                        timeout=60, cpu=20)
    assert code == 2, (code, err[-2000:])
    _one_line(err.decode(), "whales: error: " + ("--resume: " if verb != "compare" else ""),
              message)
    assert cpu < 10 and rss < 400, (cpu, rss)


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


class _FullDisk:
    """The os module as results.py sees it, with a disk that fills after ``room`` bytes:
    writes past it are cut short, then fail with ENOSPC (as on a real full disk)."""

    def __init__(self, room: int) -> None:
        self.room = room

    def __getattr__(self, name: str):
        return getattr(os, name)

    def write(self, fd: int, data) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = os.write(fd, bytes(data[: self.room]))
        self.room -= n
        return n


def _whole_and_consistent(out: Path) -> int:
    """The folder's tables end in whole rows, and every game in games.csv has its turns."""
    games = res.load_table(out / res.GAMES, cut_ok=False)
    turns = res.load_table(out / res.TURNS, cut_ok=False)
    res.check_rows(out / res.GAMES, games.header, games.rows, games.lines)
    have = {r[0] for r in turns.rows}
    assert {r[0] for r in games.rows} <= have
    return len(games.rows)


@pytest.fixture(scope="module")
def calm30(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sweeps") / "calm30"
    r = whales("sweep", M, "--runs", "30", "--out", str(out), "--no-plots", "--workers", "1")
    assert r.exit_code == 0, r.output
    return out


@pytest.mark.parametrize("share", [0.0, 0.3, 0.6, 0.9])
def test_a_disk_that_fills_mid_row_keeps_whole_rows_and_resumes_to_the_same_files(
        calm30, tmp_path, monkeypatch, share):
    """The disk fills in the middle of a row (after ``share`` of the bytes the games
    need): one line (what stopped the sweep, what is kept, the --resume command), exit 2;
    the tables are cut back to whole rows; once there is room again, --resume ends with
    the files of an undisturbed sweep."""
    out = tmp_path / "s"
    out.mkdir()
    spec = json.loads((calm30 / res.SPEC).read_text())
    spec["execution"]["complete"] = False
    (out / res.SPEC).write_text(json.dumps(spec))
    need = sum((calm30 / n).stat().st_size for n in (res.GAMES, res.TURNS))
    monkeypatch.setattr(res, "os", _FullDisk(int(share * need)))
    r = whales("sweep", M, "--runs", "30", "--out", str(out), "--no-plots", "--workers", "1",
               "--resume")
    assert r.exit_code == 2, r.output
    line = _one_line(r.stderr, f"whales: error: cannot write to {out}: No space left on "
                               f"device; ", "of 30 games are complete in")
    kept = _whole_and_consistent(out)
    assert f"; {kept} of 30 games are complete in {out / res.GAMES}; " in line
    assert line.endswith(f"--out {out} --seed-start 0 --workers 1 --no-plots --resume")
    monkeypatch.undo()
    r = whales("sweep", M, "--runs", "30", "--out", str(out), "--no-plots", "--workers", "1",
               "--resume")
    assert r.exit_code == 0, r.output
    for name in (res.GAMES, res.TURNS):
        assert (out / name).read_bytes() == (calm30 / name).read_bytes()


def test_a_real_full_disk_during_a_sweep(tmp_path):
    """A sweep in a child (under RLIMIT_AS and RLIMIT_CPU) into a 32 KB tmpfs: one line
    with the --resume command, whole rows kept; with room again that command finishes the
    sweep with an undisturbed sweep's files. Needs root to mount a tmpfs."""
    mnt = tmp_path / "full"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32k", "tmpfs",
                                            str(mnt)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        argv = [sys.executable, "-m", "game", "sweep", M, "--runs", "80", "--no-plots",
                "--workers", "1"]
        code, cpu, rss, out, err = hc.spawn(argv + ["--out", str(mnt / "s")], ROOT,
                                            timeout=120, cpu=60)
        assert code == 2, err[-2000:]
        line = _one_line(err.decode(), f"whales: error: cannot write to {mnt / 's'}: No space "
                                       f"left on device; ", " --resume")
        kept = _whole_and_consistent(mnt / "s")
        assert f"; {kept} of 80 games are complete in " in line
        subprocess.run(["mount", "-o", "remount,size=4m", str(mnt)], check=True)
        again = line.split("to finish the sweep, run: whales ", 1)[1].split()
        code, *_, err = hc.spawn([sys.executable, "-m", "game", *again], ROOT, timeout=120,
                                 cpu=60)
        assert code == 0, err[-2000:]
        code, *_ = hc.spawn(argv + ["--out", str(tmp_path / "calm")], ROOT, timeout=120,
                            cpu=60)
        assert code == 0
        for name in (res.GAMES, res.TURNS):
            assert (mnt / "s" / name).read_bytes() == (tmp_path / "calm" / name).read_bytes()
    finally:
        subprocess.run(["umount", "-l", str(mnt)])


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
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
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
        _, err = p.communicate(timeout=90)        # a bound for a hang, not a timing assert
    except subprocess.TimeoutExpired:
        pytest.fail("the sweep hung after a worker was killed")
    finally:
        end_child(p)
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
                         stderr=subprocess.PIPE, start_new_session=True)
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
        # the rest of its stderr, within a bound (a helper process it left, holding the
        # pipe open, would otherwise block the read)
        _, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the killed sweep's stderr stayed open")
    finally:
        end_child(p)
    assert b"Traceback" not in err


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
