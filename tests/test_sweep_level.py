"""`whales sweep --level/--seat`: the computer players' level and seats, checked before any
game by the same code as `whales run --seat`, recorded in sweep.json, carried by every row's
replay command, held to on --resume, and the same on a pool and a Dask cluster."""
from __future__ import annotations

import json
import shlex

import pytest
from click.testing import CliRunner

from conftest import S2019
from game.cli import cli, sweep_cmds
from game.engine import DEFAULT_LEVEL
from game.sweep import results as res

S = str(S2019)
BASE = ["--runs", "3", "--turns", "2", "--seed-start", "5", "--no-plots"]
OTHER = "greedy" if DEFAULT_LEVEL != "greedy" else "planner"
"""A named level that is not the default."""
DPRK = f"dprk=computer:brinkman@{DEFAULT_LEVEL}"
"""The DPRK at the default level, named: a replay command needs no level for it."""
SEATS = ["--level", "random", "--seat", DPRK, "--seat", "china=computer:assertive"]


def sweep(out, *args: str, base=BASE):
    return CliRunner().invoke(cli, ["sweep", S, "--out", str(out), *base, *args])


def files(out) -> tuple[bytes, bytes]:
    return (out / res.GAMES).read_bytes(), (out / res.TURNS).read_bytes()


def rows(out) -> list[dict[str, str]]:
    games = res.load_table(out / res.GAMES)
    return [dict(zip(games.header, r)) for r in games.rows]


@pytest.fixture(scope="module")
def default(tmp_path_factory):
    out = tmp_path_factory.mktemp("lv") / "default"
    r = sweep(out, "--workers", "1")
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def seated(tmp_path_factory):
    """Every seat at random, but the DPRK at the default level with its brinkman and China
    (at random) with its assertive personality."""
    out = tmp_path_factory.mktemp("lv") / "seated"
    r = sweep(out, "--workers", "1", *SEATS)
    assert r.exit_code == 0, r.output
    return out


@pytest.mark.parametrize("args, message", [
    (["--level", "clever"],
     "--level clever: unknown level 'clever'; levels: planner, deep, greedy, random, pass, "
     "spam-LEVER"),
    (["--level", "spam-nolever"], "--level spam-nolever: no lever 'nolever' to spam; levels: "),
    (["--level", "planner@x"], "--level planner@x: unknown level 'planner@x'; levels: "),
    (["--seat", "dprk=computer@genius"],
     "--seat dprk=computer@genius: unknown level 'genius'; levels: planner, deep, greedy"),
    (["--seat", "dprk=computer:nobody"],
     "--seat dprk=computer:nobody: dprk has no personality 'nobody'; choose from balancer, "
     "brinkman"),
    (["--seat", "prussia=computer"],
     "--seat prussia=computer: expected STATE=computer[:PERSONALITY][@LEVEL] with STATE one "
     "of us, russia"),
    (["--seat", "dprk=human"], "--seat dprk=human: headless runs have computer seats only"),
    (["--seat", "dprk=computer@"], "--seat dprk=computer@: 'computer@' is not a seat: "
                                   "expected a level after '@'"),
    (["--level", "planner", "--seat", "dprk"], "--seat dprk: expected STATE=computer"),
], ids=["unknown level", "spam of no lever", "a seat string as a level", "a seat's level",
        "a personality", "a state", "a person", "an empty level", "no STATE="])
def test_a_bad_level_or_seat_is_refused_before_any_game(tmp_path, args, message):
    out = tmp_path / "bad"
    r = sweep(out, "--workers", "1", *args)
    assert r.exit_code == 2, r.output
    assert message in r.stderr
    assert r.stderr.count("whales: error:") == 1
    assert "Traceback" not in r.output
    assert not out.exists()                 # nothing written, nothing played


def test_run_and_sweep_refuse_a_seat_with_the_same_message(tmp_path):
    for seat in ("dprk=computer@genius", "dprk=computer:nobody", "korea=computer"):
        ran = CliRunner().invoke(cli, ["run", S, "--turns", "1", "--seat", seat])
        swept = sweep(tmp_path / "x", "--seat", seat)
        assert ran.exit_code == swept.exit_code == 2
        assert ran.stderr == swept.stderr


def test_the_level_and_seats_are_recorded_in_sweep_json(seated, default):
    spec = json.loads((seated / res.SPEC).read_text())
    assert spec["level"] == "random"
    assert spec["seats"] == {"china": "computer:assertive", "dprk": DPRK.split("=")[1]}
    assert spec["players"] == {
        "us": "computer@random", "russia": "computer@random",
        "china": "computer:assertive@random", "dprk": DPRK.split("=")[1],
        "rok": "computer@random", "japan": "computer@random"}
    assert spec["default_level"] == DEFAULT_LEVEL
    assert f" --level random --seat {DPRK}" in spec["command"]
    assert "--seat china=computer:assertive@random" in spec["cells"][0]["run_command"]
    plain = json.loads((default / res.SPEC).read_text())
    assert plain["level"] == DEFAULT_LEVEL and plain["seats"] == {}
    assert set(plain["players"].values()) == {f"computer@{DEFAULT_LEVEL}"}


def test_the_level_changes_the_games(seated, default):
    assert [r["seed"] for r in rows(seated)] == [r["seed"] for r in rows(default)]
    assert [r["digest"] for r in rows(seated)] != [r["digest"] for r in rows(default)]


def test_every_replay_command_carries_the_seats_and_reproduces_its_game(seated):
    for rec in rows(seated):
        argv = shlex.split(rec["command"])
        assert argv[:2] == ["whales", "run"]
        seats = [argv[i + 1] for i, a in enumerate(argv) if a == "--seat"]
        assert seats == ["us=computer@random", "russia=computer@random",
                         "china=computer:assertive@random", "dprk=computer:brinkman",
                         "rok=computer@random", "japan=computer@random"]
    for rec in rows(seated)[::2]:
        r = CliRunner().invoke(cli, [*shlex.split(rec["command"])[1:], "--json"])
        assert r.exit_code == 0, r.output
        out = json.loads(r.stdout)
        assert out["digest"] == rec["digest"]
        assert out["scores"] == {a: float(rec[f"score.{a}"]) for a in out["scores"]}
        assert out["final_turn"] == int(rec["final_turn"])
        assert out["seats"]["dprk"] == "computer:brinkman"


def test_rows_at_another_level_replay_with_whales_run(tmp_path):
    out = tmp_path / OTHER
    r = sweep(out, "--workers", "1", "--level", OTHER, base=["--runs", "2", "--turns", "2",
                                                              "--no-plots"])
    assert r.exit_code == 0, r.output
    rec = rows(out)[1]
    assert rec["command"].count(f"@{OTHER}") == 6
    ran = CliRunner().invoke(cli, [*shlex.split(rec["command"])[1:], "--json"])
    assert ran.exit_code == 0, ran.output
    summary = json.loads(ran.stdout)
    assert summary["digest"] == rec["digest"]
    assert summary["scores"] == {a: float(rec[f"score.{a}"]) for a in summary["scores"]}


def test_the_default_level_adds_no_seat_to_the_commands(default, tmp_path):
    """`whales run` plays the default level without a --seat, so a sweep at it (named or not)
    writes the same rows as before --level existed."""
    assert all("--seat" not in rec["command"] for rec in rows(default))
    r = sweep(tmp_path / "named", "--workers", "1", "--level", DEFAULT_LEVEL)
    assert r.exit_code == 0, r.output
    assert files(tmp_path / "named") == files(default)


def test_same_rows_on_a_pool_and_a_dask_cluster(seated, tmp_path):
    r = sweep(tmp_path / "pool", "--workers", "2", *SEATS)
    assert r.exit_code == 0, r.output
    assert files(tmp_path / "pool") == files(seated)
    from dask.distributed import LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, host="127.0.0.1") as cluster:
        r = sweep(tmp_path / "dask", "--scheduler", cluster.scheduler_address, *SEATS)
    assert r.exit_code == 0, r.output
    assert files(tmp_path / "dask") == files(seated)


def test_kept_replays_name_the_seats(tmp_path):
    from game.replay import load_replay, verify
    out = tmp_path / "rp"
    r = sweep(out, "--workers", "1", "--keep-replays", *SEATS,
              base=["--runs", "1", "--turns", "2", "--no-plots"])
    assert r.exit_code == 0, r.output
    rp = load_replay(out / "replays" / "run-000000.json")
    assert verify(rp).ok
    assert rp.seats["dprk"] == "computer:brinkman" and rp.seats["us"] == "computer@random"
    assert rp.turns[-1].digest == rows(out)[0]["digest"]


def test_resume_refuses_other_levels_or_seats_and_takes_the_same(seated):
    before = files(seated)
    r = sweep(seated, "--resume", "--level", OTHER, "--seat", DPRK,
              "--seat", "china=computer:assertive")
    assert r.exit_code == 2, r.output
    assert f"holds a different sweep (level differs: random there, {OTHER} here)" in r.stderr
    assert "--level random" in r.stderr            # the command that made it
    r = sweep(seated, "--resume", "--level", "random", "--seat", "dprk=computer:brinkman")
    assert r.exit_code == 2, r.output
    assert (f"seats differ: --seat china=computer:assertive --seat {DPRK} there, "
            "--seat dprk=computer:brinkman here" in r.stderr)
    r = sweep(seated, "--resume")
    assert r.exit_code == 2 and f"level differs: random there, {DEFAULT_LEVEL} here" in r.stderr
    assert "seats differ" in r.stderr
    assert files(seated) == before
    # the same settings, the --seat options in another order: nothing left to play
    r = sweep(seated, "--resume", "--seat", "china=computer:assertive", "--level", "random",
              "--seat", DPRK)
    assert r.exit_code == 0, r.output
    assert "0 games played" in r.stdout
    assert files(seated) == before


def test_an_interrupted_sweep_resumes_with_its_level(seated, tmp_path, monkeypatch):
    out = tmp_path / "int"

    def stop(chunks: int) -> None:
        if chunks == 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(sweep_cmds, "after_chunk_hook", stop)
    r = sweep(out, "--workers", "1", *SEATS)
    assert r.exit_code == 130
    resume = shlex.split(r.stderr.strip().splitlines()[-1])
    assert resume[-1] == "--resume" and resume[resume.index("--level") + 1] == "random"
    monkeypatch.setattr(sweep_cmds, "after_chunk_hook", None)
    r = CliRunner().invoke(cli, resume[1:])
    assert r.exit_code == 0, r.output
    assert "2 games played" in r.stdout
    assert files(out) == files(seated)


def test_a_sweep_from_before_levels_resumes_at_the_default_level(default, tmp_path):
    """A sweep.json without level and seats was played with every seat at the default."""
    import shutil
    old = tmp_path / "old"
    shutil.copytree(default, old)
    spec = json.loads((old / res.SPEC).read_text())
    for k in ("level", "seats", "players", "default_level"):
        del spec[k]
    (old / res.SPEC).write_text(json.dumps(spec))
    r = sweep(old, "--resume", "--level", OTHER)
    assert r.exit_code == 2 and f"level differs: {DEFAULT_LEVEL} there, {OTHER} here" in r.stderr
    r = sweep(old, "--resume")
    assert r.exit_code == 0, r.output
    assert "0 games played" in r.stdout


def test_compare_says_when_the_players_were_seated_differently(default, seated, tmp_path):
    """A difference between two sweeps measures the players as much as the scenario when
    their seats differ: `whales compare` says which states, in its text and its JSON."""
    png = str(tmp_path / "c.png")
    r = CliRunner().invoke(cli, ["compare", str(default), str(seated), "--png", png])
    assert r.exit_code == 0, r.output
    note = [ln for ln in r.stdout.splitlines() if "seated differently" in ln]
    assert len(note) == 1, r.stdout
    assert (f"dprk computer@{DEFAULT_LEVEL} (A) vs computer:brinkman@{DEFAULT_LEVEL} (B)"
            in note[0])
    assert f"us computer@{DEFAULT_LEVEL} (A) vs computer@random (B)" in note[0]
    doc = json.loads(CliRunner().invoke(cli, ["compare", str(default), str(seated), "--json",
                                              "--png", png]).stdout)
    assert doc["a"]["players"]["us"] == f"computer@{DEFAULT_LEVEL}"
    assert doc["b"]["players"]["china"] == "computer:assertive@random"
    same = CliRunner().invoke(cli, ["compare", str(seated), str(seated), "--png", png])
    assert "seated differently" not in same.stdout
    # a sweep from before --level says nothing of its seats: say so
    import shutil
    old = tmp_path / "old"
    shutil.copytree(default, old)
    spec = json.loads((old / res.SPEC).read_text())
    del spec["players"]
    (old / res.SPEC).write_text(json.dumps(spec))
    r = CliRunner().invoke(cli, ["compare", str(old), str(default), "--png", png])
    assert r.exit_code == 0, r.output
    assert "A's sweep.json does not say how its seats were played" in r.stdout


@pytest.mark.parametrize("level", ["spam-nolever", "clever"])
def test_bench_and_join_refuse_a_bad_level_like_sweep(tmp_path, level):
    """`whales bench --level spam-nolever` once ended in a LevelError traceback, and `whales
    join --level` went to the server with any level: both now check it first, as sweep."""
    swept = sweep(tmp_path / "x", "--level", level)
    for argv in (["bench", "--level", level, "--games", "1"],
                 ["join", "ws://127.0.0.1:9", "--code", "ABC", "--computer", "--level", level]):
        r = CliRunner().invoke(cli, argv)
        assert r.exit_code == swept.exit_code == 2, (argv, r.output)
        assert r.stderr == swept.stderr and "Traceback" not in r.output, argv
