"""whales balance: the report's documented fields, the strength table's paired interval
worked out by hand on a tiny case, and --strict."""
from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from conftest import S2019
from game.cli import cli
from game.engine import ACTORS, Game, Rules, load_scenario
from game.sweep.stats import t_quantile

ARGS = [str(S2019), "--runs", "3", "--turns", "3", "--workers", "1", "--json"]


@pytest.fixture(scope="module")
def doc() -> dict:
    r = CliRunner().invoke(cli, ["balance", *ARGS])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout if hasattr(r, "stdout") else r.output)


def test_the_report_has_its_documented_fields(doc):
    assert {"version", "runs", "seed_start", "default_level", "baselines", "exploit",
            "seconds", "workers", "games", "conventions", "scenarios"} <= set(doc)
    assert doc["default_level"] == "planner" and doc["runs"] == 3
    [s] = doc["scenarios"]
    assert {"scenario", "runs", "seeds", "war", "tension", "scores", "actors", "meetings",
            "invitations", "resolutions", "covert", "projects", "indicators", "checks",
            "strength", "exploit", "cells", "games"} <= set(s)
    assert set(s["actors"]) == set(ACTORS)
    for b in s["actors"].values():
        assert {"orders_per_turn", "pass_turns", "levers", "repeat_rate",
                "same_as_last_turn", "cycle_rate", "variety", "unused_levers"} <= set(b)
    assert len(s["tension"]["per_turn"]) == 4          # the start and three turns
    sc = load_scenario(S2019)
    for a in ACTORS:
        for ob in sc.actors[a].objectives:
            assert Rules.objective_key(ob.key, a) in s["indicators"]
    assert set(s["checks"]) == {c.id for c in sc.checks}
    assert set(s["strength"]) == set(ACTORS)
    assert all(set(v) == {"random", "pass", "greedy"} for v in s["strength"].values())
    # the default is the planner: greedy is a baseline of its own, not the same games
    assert not any(v["greedy"]["identical"] for v in s["strength"].values())
    assert set(s["exploit"]) == set(ACTORS)
    # 1 default + 6 × (random, pass, greedy) + 6 exploit cells, 3 games each
    assert s["games"] == 25 * 3


def test_the_strength_interval_is_a_paired_t_on_the_same_seeds(doc):
    rules = Rules(load_scenario(S2019))
    ai = ACTORS.index("dprk")
    diffs = []
    for seed in range(3):
        base = Game(rules, seed)
        base.run(turns=3)
        rnd = Game(rules, seed)
        rnd.run(turns=3, seats={"dprk": "computer@random"})
        diffs.append(base.scores()["dprk"] - rnd.scores()["dprk"])
    m = sum(diffs) / 3
    sd = math.sqrt(sum((d - m) ** 2 for d in diffs) / 2)
    half = t_quantile(0.975, 2) * sd / math.sqrt(3)
    got = doc["scenarios"][0]["strength"]["dprk"]["random"]
    assert got["diff"] == pytest.approx(m, abs=1e-3)
    assert got["lo"] == pytest.approx(m - half, abs=1e-3)
    assert got["hi"] == pytest.approx(m + half, abs=1e-3)
    assert ai == 3


def test_text_report_and_strict(tmp_path):
    r = CliRunner().invoke(cli, ["balance", str(S2019), "--runs", "2", "--turns", "2",
                                 "--workers", "1", "--no-exploit", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "Strength:" in r.output and "Story checks" in r.output
    assert (tmp_path / "balance.json").exists()
    assert (tmp_path / "vladivostok-2019-strength.png").exists()
    # a check that cannot hold in two-turn games, expected always: out of band
    (tmp_path / "c.yaml").write_text(
        "checks:\n  - {id: late, claim: a project is done, source: judgement, "
        "happened: {what: project_completed}, expect: {min: 1.0}}\n")
    r = CliRunner().invoke(cli, ["balance", str(S2019), "--runs", "2", "--turns", "2",
                                 "--workers", "1", "--no-exploit", "--strict",
                                 "--checks", str(tmp_path / "c.yaml")])
    assert r.exit_code == 1
    assert "OUT OF BAND" in r.output
