"""Sweeps end to end: identical results on 1 or 2 worker processes and on a Dask cluster,
every row replayable with `whales run`, interruption and --resume, the files written."""
from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, S2019, end_child
from game.cli import cli, sweep_cmds
from game.sweep import results as res

S = str(S2019)
BASE = ["--runs", "6", "--turns", "3", "--seed-start", "11",
        "--set", "levers.food_energy_aid.cost=1", "--grid", "actors.china.enforcement=40,90"]


def sweep(out: Path, *args: str, base=BASE):
    return CliRunner().invoke(cli, ["sweep", S, "--out", str(out), *base, *args])


@pytest.fixture(scope="module")
def one_worker(tmp_path_factory) -> Path:
    """The reference sweep: 2 cells x 6 games x 3 turns, one worker, with plots."""
    out = tmp_path_factory.mktemp("sweep") / "w1"
    r = sweep(out, "--workers", "1")
    assert r.exit_code == 0, r.output
    return out


def files(out: Path) -> tuple[bytes, bytes]:
    return (out / res.GAMES).read_bytes(), (out / res.TURNS).read_bytes()


def test_rows_runs_and_seeds(one_worker):
    games = res.load_table(one_worker / res.GAMES)
    assert [int(r[0]) for r in games.rows] == list(range(12))
    assert games.col("seed") == [float(s) for s in list(range(11, 17)) * 2]
    assert [r[2] for r in games.rows] == ["40"] * 6 + ["90"] * 6     # set:actors.china...
    assert set(games.col("final_turn")) <= {1.0, 2.0, 3.0}
    for col in ("score.dprk", "track.tension", "dprk.nuclear", "influence.russia",
                "alliance.us-rok", "track.un_sanctions", "dprk.hard_currency"):
        assert col in games.header
    assert games.col("enforcement.china")[:6] != games.col("enforcement.china")[6:]
    turns = res.load_table(one_worker / res.TURNS)
    assert [r[3] for r in turns.rows[:4]] == ["0", "1", "2", "3"]     # start, then turns 1-3


def test_same_results_on_two_workers(one_worker, tmp_path):
    r = sweep(tmp_path / "w2", "--workers", "2", "--no-plots")
    assert r.exit_code == 0, r.output
    assert files(tmp_path / "w2") == files(one_worker)


def test_same_results_on_a_dask_cluster(one_worker, tmp_path):
    from dask.distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, host="127.0.0.1") as cluster:
        r = sweep(tmp_path / "dask", "--scheduler", cluster.scheduler_address,
                  "--no-plots")
    assert r.exit_code == 0, r.output
    assert "Dask at tcp://127.0.0.1" in r.stdout
    assert files(tmp_path / "dask") == files(one_worker)


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    from game.sweep import cluster
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1.0)
    r = sweep(tmp_path / "x", "--scheduler", "tcp://127.0.0.1:9", "--no-plots",
              base=["--runs", "1", "--turns", "1"])
    assert r.exit_code == 2 and "cannot reach the Dask scheduler" in r.stderr
    assert "Traceback" not in r.output
    assert not (tmp_path / "x").exists()


def test_any_row_replays_with_whales_run(one_worker):
    games = res.load_table(one_worker / res.GAMES)
    for row in (games.rows[1], games.rows[9]):
        rec = dict(zip(games.header, row))
        argv = shlex.split(rec["command"])
        assert argv[:2] == ["whales", "run"] and "--set" in argv
        r = CliRunner().invoke(cli, [*argv[1:], "--json"])
        assert r.exit_code == 0, r.output
        out = json.loads(r.stdout)
        assert out["digest"] == rec["digest"]
        for a, score in out["scores"].items():
            assert score == float(rec[f"score.{a}"])
        assert out["final_turn"] == int(rec["final_turn"]) and int(out["war"]) == int(rec["war"])
        assert out["tracks"]["tension"] == float(rec["track.tension"])


def test_summary_and_spec(one_worker):
    summary = json.loads((one_worker / res.SUMMARY).read_text())
    spec = json.loads((one_worker / res.SPEC).read_text())
    assert [c["n"] for c in summary["cells"]] == [6, 6]
    c1 = summary["cells"][1]
    assert c1["grid"] == {"actors.china.enforcement": "90"}
    m = c1["metrics"]["score.dprk"]
    assert m["ci95"][0] <= m["mean"] <= m["ci95"][1] and m["p10"] <= m["p50"] <= m["p90"]
    assert 0 <= c1["p_war"]["p"] <= 1 and len(c1["p_war"]["ci95"]) == 2
    assert spec["scenario"]["hash"] == __import__("hashlib").sha256(
        S2019.read_bytes()).hexdigest()
    assert spec["overrides"] == ["levers.food_energy_aid.cost=1"]
    assert spec["grid"] == [{"path": "actors.china.enforcement", "values": ["40", "90"]}]
    assert spec["runs"] == 6 and spec["seed_start"] == 11 and spec["turns"] == 3
    assert spec["cells"][1]["overrides"] == ["levers.food_energy_aid.cost=1",
                                             "actors.china.enforcement=90"]
    assert "--seed SEED" in spec["cells"][1]["run_command"]
    assert spec["command"].startswith(f"whales sweep {S} --runs 6")
    assert spec["execution"]["complete"] is True
    for k in ("whales", "python", "dask", "matplotlib"):
        assert spec["versions"][k]


def test_plots_are_written(one_worker):
    for name in ("scores.png", "turns-cell0.png", "turns-cell1.png", "turns-cells.png"):
        data = (one_worker / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, name


def test_interrupted_then_resumed_gives_the_same_files(one_worker, tmp_path, monkeypatch):
    out = tmp_path / "int"

    def stop(chunks: int) -> None:
        if chunks == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(sweep_cmds, "after_chunk_hook", stop)
    r = sweep(out, "--workers", "1", "--no-plots")
    assert r.exit_code == 130
    assert "interrupted: 2 of 12 games are complete" in r.stderr
    resume_cmd = r.stderr.strip().splitlines()[-1].strip()
    assert resume_cmd.endswith("--resume") and resume_cmd.startswith("whales sweep ")
    # the complete rows are on disk, each with all its turns
    games = res.load_table(out / res.GAMES)
    turns = res.load_table(out / res.TURNS)
    assert len(games.rows) == 2
    assert {r[0] for r in turns.rows} == {r[0] for r in games.rows}
    # a half-written last line (as a kill mid-write would leave) is dropped on resume
    with open(out / res.GAMES, "a") as f:
        f.write("5,0,40,16,0,3,61.2")
    monkeypatch.setattr(sweep_cmds, "after_chunk_hook", None)
    r = CliRunner().invoke(cli, shlex.split(resume_cmd)[1:])
    assert r.exit_code == 0, r.output
    assert "10 games played" in r.stdout
    assert files(out) == files(one_worker)


def test_resume_refuses_a_different_sweep_and_out_refuses_to_overwrite(one_worker):
    r = sweep(one_worker, "--workers", "1")
    assert r.exit_code == 2 and "already holds a sweep; add --resume" in r.stderr
    r = CliRunner().invoke(cli, ["sweep", S, "--out", str(one_worker), "--runs", "7",
                                 "--turns", "3", "--resume"])
    assert r.exit_code == 2 and "holds a different sweep" in r.stderr
    assert "runs" in r.stderr
    before = files(one_worker)
    r = sweep(one_worker, "--workers", "1", "--resume", "--no-plots")
    assert r.exit_code == 0 and "0 games played" in r.stdout
    assert files(one_worker) == before


def test_keep_replays_verify_and_match_their_rows(tmp_path):
    from game.replay import load_replay, verify
    out = tmp_path / "rp"
    r = sweep(out, "--workers", "2", "--keep-replays", "--no-plots",
              base=["--runs", "2", "--turns", "2", "--grid", "actors.china.enforcement=40,90"])
    assert r.exit_code == 0, r.output
    games = res.load_table(out / res.GAMES)
    for row in games.rows:
        rec = dict(zip(games.header, row))
        rp = load_replay(out / "replays" / f"run-{int(rec['run']):06d}.json")
        assert verify(rp).ok
        assert rp.seed == int(rec["seed"])
        assert rp.overrides == [f"actors.china.enforcement={rec['set:actors.china.enforcement']}"]
        assert rp.turns[-1].digest == rec["digest"]
        assert rp.turns[-1].scores["dprk"] == float(rec["score.dprk"])


CTRL_C_AS_IN_A_TERMINAL = """
import signal
signal.signal(signal.SIGINT, signal.default_int_handler)
"""
"""The child's first lines: Ctrl-C's default, as in a terminal (a test run as a shell's
background job inherits SIGINT ignored, and a sweep that ignores it runs all its games). Set
by the child program itself, not in a preexec_fn: that runs Python in the fork of a threaded
process, can deadlock there on a lock another thread held, and the child never reaches exec."""

RUN_WHALES = """
import runpy
runpy.run_module("game", run_name="__main__")
"""


def whales_with_ctrl_c(*args: str, prelude: str = "") -> subprocess.Popen:
    """`whales ARGS` in a session of its own (its pool workers are ended with it), Ctrl-C
    as in a terminal; the test sends Ctrl-C to the process itself (os.kill)."""
    code = CTRL_C_AS_IN_A_TERMINAL + prelude + RUN_WHALES
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def test_ctrl_c_on_a_real_process(tmp_path):
    """SIGINT to `whales sweep` on a pool: exit 130, complete rows on disk, resume hint."""
    out = tmp_path / "sig"
    p = whales_with_ctrl_c("sweep", S, "--runs", "4000", "--turns", "2", "--out", str(out),
                           "--workers", "2", "--no-plots")
    try:
        deadline = time.monotonic() + 60
        games = out / res.GAMES
        while time.monotonic() < deadline and p.poll() is None:
            if games.exists() and games.read_text().count("\n") >= 2:
                break
            time.sleep(0.05)
        os.kill(p.pid, signal.SIGINT)
        _, err = p.communicate(timeout=30)          # a bound for a hang, not a timing assert
    except subprocess.TimeoutExpired:
        pytest.fail("the sweep hung after Ctrl-C")
    finally:
        end_child(p)
    assert p.returncode == 130, err
    assert "Traceback" not in err
    assert "interrupted:" in err and "--resume" in err
    table = res.load_table(out / res.GAMES)
    assert 1 <= len(table.rows) < 4000
    assert all(len(r) == len(table.header) for r in table.rows)
    turns = res.load_table(out / res.TURNS)
    assert {r[0] for r in table.rows} <= {r[0] for r in turns.rows}


CTRL_C_IN_WAIT = """
import concurrent.futures._base as base, signal
calls = [0]
def enter(self):        # wait() takes every pending future's lock: Ctrl-C after the first
    calls[0] += 1
    for i, f in enumerate(self.futures):
        f._condition.acquire()
        if calls[0] == 3 and i == 0:
            signal.raise_signal(signal.SIGINT)
base._AcquireFutures.__enter__ = enter
"""


def test_ctrl_c_while_the_pool_takes_its_futures_locks(tmp_path):
    """Ctrl-C at the moment concurrent.futures.wait holds some of the futures' locks (it
    takes them one by one): raised there, the KeyboardInterrupt left them held, the pool's
    manager thread blocked on one and the sweep hung for ever in the pool's shutdown (the
    rare hang of the test above). The interrupt must end the sweep as any other does."""
    out = tmp_path / "sig"
    p = whales_with_ctrl_c("sweep", S, "--runs", "400", "--turns", "2", "--out", str(out),
                           "--workers", "2", "--no-plots", prelude=CTRL_C_IN_WAIT)
    try:
        _, err = p.communicate(timeout=120)        # a bound for a hang, not a timing assert
    except subprocess.TimeoutExpired:
        pytest.fail("the sweep hung after Ctrl-C")
    finally:
        end_child(p)
    assert p.returncode == 130, err
    assert "Traceback" not in err
    assert "interrupted:" in err and "--resume" in err
    table = res.load_table(out / res.GAMES)
    assert 1 <= len(table.rows) < 400

@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_both_pool_start_methods_give_the_same_files(one_worker, tmp_path, monkeypatch,
                                                     method):
    from game.sweep import runner
    monkeypatch.setattr(runner, "_start_method", lambda: method)
    r = sweep(tmp_path / method, "--workers", "2", "--no-plots")
    assert r.exit_code == 0, r.output
    assert files(tmp_path / method) == files(one_worker)


def test_fork_only_when_single_threaded():
    import threading

    from game.sweep import runner
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert runner._start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        t.join()


def test_a_stopped_pool_ends_even_when_the_parent_handles_sigterm(tmp_path):
    """Pool.terminate ends workers with SIGTERM while holding the task queue's lock; workers
    forked from a parent with its own SIGTERM handler (Dask installs one) used to survive it,
    blocked on that lock, and the parent's join hung for ever. Run in a child process with a
    time limit, so a regression fails instead of hanging the suite."""
    script = f"""
import signal, sys
sys.path.insert(0, {str(ROOT)!r})
signal.signal(signal.SIGTERM, lambda *a: None)       # like Dask's handler in the parent
from game.sweep import runner
from game.sweep.worker import Chunk
text = open({str(S2019)!r}).read()
chunks = [Chunk(text, "s.yaml", 0, (), 2, ((i, i),), ("track.tension",), ("track.tension",))
          for i in range(8)]
gen = runner._pool(chunks, 2)
next(gen)          # one chunk done, the others queued or running
gen.close()        # stop early: terminate the pool
print("stopped")
"""
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       timeout=90, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "stopped" in r.stdout
