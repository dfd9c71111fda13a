"""Story checks: the schema (errors at file:line:col), what each test means on a finished
game, and the rates a sweep reports, worked out by hand on a small sweep."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli import cli
from game.engine import ACTORS, Game, Order, Rules, ScenarioError, load_scenario
from game.engine.checks import (Evaluator, checks_for, checks_from_json, checks_json,
                                load_checks, parse_checks)
from game.engine.checks import describe_check as describe
from game.sweep.stats import newcombe, wilson

from conftest import ANY_TIME, ROOT, S2019
from test_provenance import TEXTS, normalise

CHECKS = ROOT / "tests" / "fixtures" / "checks"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


def _one(test: str, **extra) -> str:
    rest = "".join(f", {k}: {v}" for k, v in extra.items())
    return f"checks: [{{id: c, claim: the claim, source: judgement, {test}{rest}}}]"


def _judge(game: Game, test: str) -> bool:
    cs = parse_checks(_one(test))
    checks_for(game.rules, cs)          # the references are sound
    return Evaluator(cs.checks, game.rules).evaluate(game)[0]


# ------------------------------------------------------------------ the files
def test_the_fixture_checks_file_parses():
    cs = load_checks(CHECKS / "small.yaml")
    assert [c.id for c in cs.checks] == ["dprk-economy-holds", "tension-turn4",
                                         "putin-kim-twice-early", "russia-vetoes",
                                         "dprk-never-denounces"]
    assert cs.checks[0].source.article == "odd-couple-2015"
    assert cs.checks[0].expect.min == 0.8 and cs.checks[0].expect.max == 1.0
    assert checks_from_json(checks_json(cs.checks)) == cs.checks


def test_errors_in_a_checks_file_name_file_line_and_column():
    with pytest.raises(ScenarioError) as e:
        load_checks(CHECKS / "broken.yaml")
    where = str(CHECKS / "broken.yaml")
    assert e.value.lines() == [
        f"{where}:4:13: checks.0.source.passage: missing required field 'passage'",
        f"{where}:4:48: checks.0.source.pasage: unknown field 'pasage': not allowed here "
        f"(check the spelling)",
        f"{where}:9:22: checks.1.happened.what: expected one of 'order', 'invited', "
        f"'meeting', 'rebuffed', 'lapsed', 'tabled', 'passed', 'vetoed', 'covert', 'exposed', "
        f"'project_started', 'project_building', 'project_completed', 'project_shelved' or "
        f"'war', got 'meetings'"]


def test_checks_naming_unknown_keys_or_levers_are_refused_at_their_place():
    rules = Rules(load_scenario(S2019))
    with pytest.raises(ScenarioError) as e:
        checks_for(rules, load_checks(CHECKS / "badrefs.yaml"))
    where = str(CHECKS / "badrefs.yaml")
    assert e.value.lines() == [
        f"{where}:5:18: checks.0.value.key: unknown state key 'dprk.nukes' (did you mean "
        f"'dprk.fuel'?)",
        f"{where}:9:38: checks.1.happened.lever: denounce is not a covert lever; covert "
        f"levers: ship_to_ship_fuel, chemical_exports, workers_abroad, tech_help"]


@pytest.mark.parametrize("text,message", [
    ("checks: []\nextra: 1\n", "2:8: extra: unknown field 'extra'"),
    ("checks:\n  - {id: a, claim: abc, source: judgment, happened: {what: war}}\n",
     "2:33: checks.0.source: expected one of 'judgement', got 'judgment'"),
    ("checks:\n  - {id: a, claim: abc, source: judgement}\n",
     "2:5: checks.0: a check has exactly one test: value or happened"),
    ("checks:\n  - {id: a, claim: abc, source: judgement, happened: {what: war, at_least: 2, "
     "at_most: 1}}\n", "checks.0.happened: at_most (1) is below at_least (2)"),
    ("checks:\n  - {id: a, claim: abc, source: judgement, value: {key: x, op: '<', than: 1, "
     "plus: 2}}\n", "plus is added to the start value: use it with than: start"),
    ("checks:\n  - {id: a, claim: abc, source: judgement, happened: {what: war}}\n"
     "  - {id: a, claim: abc, source: judgement, happened: {what: war}}\n",
     "3:10: checks.1.id: check id 'a' is used twice (also check #1)"),
    ("checks:\n  - {id: a, claim: abc, source: judgement, happened: {what: war}, "
     "expect: {min: 0.8, max: 0.2}}\n", "min (0.8) must not be above max (0.2)"),
    ("", "1:1: the file is empty: expected a mapping with a 'checks:' list of story checks"),
    ("checks: [\n", "YAML syntax"),
])
def test_checks_file_mistakes(text, message):
    with pytest.raises(ScenarioError, match=re.escape(message)):
        parse_checks(text, "f.yaml")


def test_a_scenario_carries_checks_and_its_mistakes_are_placed_in_it(tmp_path):
    text = (ROOT / "scenarios" / "sandbox.yaml").read_text(encoding="utf-8")
    assert "\nchecks:" not in text
    good = text + ("checks:\n  - id: no-war\n    claim: no war\n    source: judgement\n"
                   "    happened: {what: war, at_most: 0}\n")
    p = tmp_path / "s.yaml"
    p.write_text(good, encoding="utf-8")
    sc = load_scenario(p)
    assert [c.id for c in sc.checks] == ["no-war"]
    line = good.splitlines().index("    happened: {what: war, at_most: 0}") + 1
    p.write_text(good.replace("{what: war, at_most: 0}", "{what: war, by: china}"),
                 encoding="utf-8")
    with pytest.raises(ScenarioError) as e:
        load_scenario(p)
    assert e.value.lines() == [
        f"{p}:{line}:22: checks.0.happened.what: war names no state, lever or option",
        f"{p}:{line}:31: checks.0.happened.by: 'by' names who vetoed, rebuffed or exposed; "
        f"expected what: vetoed or rebuffed or exposed"]


def test_a_checks_file_may_not_reuse_a_scenario_check_id(tmp_path):
    rules = Rules(load_scenario(SHIPPED[-1]))
    own = rules.scenario.checks[0].id
    extra = parse_checks(_one("happened: {what: war}").replace("id: c", f"id: {own}"), "x.yaml")
    with pytest.raises(ScenarioError, match=f"x.yaml:1:15: checks.0.id: check id '{own}' is "
                                            f"the scenario's own"):
        checks_for(rules, extra)


# ------------------------------------------------------------------ what a test means
@pytest.fixture(scope="module")
def played(rules2019) -> Game:
    g = Game(rules2019, 7)
    g.run(turns=6)
    return g


def test_value_tests_read_end_turn_max_and_min(played):
    h = played.history
    n = [v["dprk.nuclear"] for v in h]
    t = [v["track.tension"] for v in h]
    assert _judge(played, f"value: {{key: dprk.nuclear, op: '==', than: {n[-1]!r}}}")
    assert not _judge(played, f"value: {{key: dprk.nuclear, op: '!=', than: {n[-1]!r}}}")
    assert _judge(played, f"value: {{key: track.tension, at: 3, op: '==', than: {t[3]!r}}}")
    assert _judge(played, f"value: {{key: track.tension, at: 0, op: '==', than: start}}")
    assert _judge(played, f"value: {{key: track.tension, at: max, op: '>=', than: {max(t)!r}}}")
    assert not _judge(played, f"value: {{key: track.tension, at: max, op: '>', "
                              f"than: {max(t)!r}}}")
    assert _judge(played, f"value: {{key: track.tension, at: min, op: '<=', "
                          f"than: {min(t)!r}}}")
    # a turn after the game's end reads its end
    assert _judge(played, f"value: {{key: dprk.nuclear, at: 12, op: '==', than: {n[-1]!r}}}")
    # start plus an offset
    d = n[-1] - n[0]
    assert _judge(played, f"value: {{key: dprk.nuclear, op: '<=', than: start, "
                          f"plus: {d + 0.001!r}}}")
    assert not _judge(played, f"value: {{key: dprk.nuclear, op: '<=', than: start, "
                              f"plus: {d - 0.001!r}}}")


def test_happened_tests_count_orders_and_facts(bench):
    g = bench.game()
    bench.play(g, Order("russia", "propose_summit", "dprk", "none"),
               Order("us", "unsc_resolution", "dprk"), Order("us", "denounce", "russia"))
    bench.play(g, Order("dprk", "accept_invitation", "russia", "summit"),
               Order("china", "veto", "us"), Order("us", "denounce", "russia"))
    bench.play(g)
    assert _judge(g, "happened: {what: meeting, between: [dprk, russia]}")
    assert _judge(g, "happened: {what: meeting, actor: russia, target: dprk, by_turn: 2}")
    assert not _judge(g, "happened: {what: meeting, actor: dprk, target: russia}")
    assert not _judge(g, "happened: {what: meeting, between: [dprk, russia], by_turn: 1}")
    assert _judge(g, "happened: {what: vetoed, by: china}")
    assert not _judge(g, "happened: {what: vetoed, by: russia}")
    assert not _judge(g, "happened: {what: passed}")
    assert _judge(g, "happened: {what: order, actor: us, lever: denounce, at_least: 2}")
    assert not _judge(g, "happened: {what: order, actor: us, lever: denounce, at_least: 3}")
    assert not _judge(g, "happened: {what: order, actor: us, lever: denounce, at_most: 1}")
    assert _judge(g, "happened: {what: order, actor: us, lever: denounce, by_turn: 1, "
                     "at_most: 1}")
    assert _judge(g, "happened: {what: war, at_most: 0}")
    assert not _judge(g, "happened: {what: war}")


def test_checks_read_in_words():
    cs = load_checks(CHECKS / "small.yaml").checks
    assert [describe(c) for c in cs] == [
        "dprk.economy at end >= start", "track.tension at turn 4 > 55",
        "meeting between russia and dprk ≥ 2× by turn 4", "vetoed by russia ≥ 1×",
        "order denounce by dprk never"]


# ------------------------------------------------------------------ the shipped scenarios
@pytest.mark.parametrize("path", [p for p in SHIPPED if p.name != "sandbox.yaml"],
                         ids=lambda p: p.name)
def test_historical_scenarios_carry_checks_from_their_articles(path):
    sc = load_scenario(path)
    assert len(sc.checks) >= 4
    cited = [c for c in sc.checks if c.source != "judgement"]
    assert len(cited) >= 4
    for c in cited:
        assert normalise(c.source.passage) in TEXTS[c.source.article], c.id
        assert c.expect is not None and c.why, c.id


# ------------------------------------------------------------------ rates in a sweep
def _by_hand(game: Game) -> dict[str, bool]:
    """The fixture's checks worked out from the ledger's causes and the history, without
    the facts the evaluator reads."""
    h = game.history
    news = [n for r in game.reports for n in r.news]
    meet = [n for n in news if n["cause"].lever == "accept_invitation" and n["turn"] <= 4
            and {n["cause"].actor, n["cause"].target} == {"russia", "dprk"}
            and "held" in n["headline"]]
    russia_vetoes = [n for n in news if n["cause"].lever == "veto"
                     and n["cause"].actor == "russia"]
    denounced = [o for r in game.reports for o in r.orders["dprk"] if o.lever == "denounce"]
    return {"dprk-economy-holds": h[-1]["dprk.economy"] >= h[0]["dprk.economy"],
            "tension-turn4": h[min(4, len(h) - 1)]["track.tension"] > 55,
            "putin-kim-twice-early": len(meet) >= 2,
            "russia-vetoes": len(russia_vetoes) >= 1,
            "dprk-never-denounces": not denounced}


def test_a_small_sweep_counts_each_check_as_worked_out_by_hand(tmp_path):
    out = tmp_path / "sw"
    # the greedy players: their six games are the fixture's (worked out by hand once); the
    # counting is what is tested, not the default player's story
    r = CliRunner().invoke(cli, ["sweep", str(S2019), "--runs", "6", "--turns", "6",
                                 "--out", str(out), "--workers", "1", "--no-plots",
                                 "--level", "greedy",
                                 "--set", "checks=[]", "--set", ANY_TIME,
                                 "--checks", str(CHECKS / "small.yaml")])
    assert r.exit_code == 0, r.output
    rules = Rules(load_scenario(S2019, [ANY_TIME]))
    expected = {k: 0 for k in _by_hand(Game(rules, 0))}
    for seed in range(6):
        g = Game(rules, seed)
        g.run(turns=6, seats={a: "computer@greedy" for a in ACTORS})
        for k, ok in _by_hand(g).items():
            expected[k] += ok
    summary = json.loads((out / "summary.json").read_text())
    got = summary["cells"][0]["checks"]
    assert list(got) == list(expected)
    for k, holds in expected.items():
        lo, hi = wilson(holds, 6)
        assert got[k]["holds"] == holds and got[k]["n"] == 6, k
        assert got[k]["p"] == pytest.approx(holds / 6, abs=1e-6)   # written to 6 places
        assert got[k]["ci95"] == pytest.approx([lo, hi], abs=1e-6)
    assert 0 < sum(expected.values()) < 30         # the fixture is not all-or-nothing
    # worked out once by hand from the six games' logs (see the fixture)
    # (issue 9's model: Putin and Kim wait six months between summits, so never twice by
    # turn 4; sanctions bite, so the North's economy rarely holds)
    # (Syria's market is small: the North sells chemicals less often and denounces drills
    # and sanctions with the capital it saves)
    # (a summit's warmth fades with warmth: one of the six games is calmer by turn 4)
    assert expected == {"dprk-economy-holds": 1, "tension-turn4": 4,
                        "putin-kim-twice-early": 0, "russia-vetoes": 6,
                        "dprk-never-denounces": 0}
    band = got["dprk-economy-holds"]
    assert band["in_band"] is False and band["clearly_out"] is True    # 1/6, CI below 0.8
    assert got["russia-vetoes"]["in_band"] is False                     # 6/6 > 0.2
    assert got["tension-turn4"]["in_band"] is None
    assert [c["id"] for c in summary["checks"]] == list(expected)
    header = (out / "games.csv").read_text().splitlines()[0].split(",")
    assert header[-5:] == [f"check:{k}" for k in expected]
    assert "check russia-vetoes: 100.0% [61.0, 100.0]; expected 0–20% — OUTSIDE" in r.output


def test_compare_reports_check_rates_with_newcombe_intervals(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    base = ["sweep", str(S2019), "--runs", "6", "--turns", "4", "--workers", "1",
            "--no-plots", "--level", "greedy", "--set", "checks=[]",
            "--checks", str(CHECKS / "small.yaml")]
    for out, extra in ((a, []), (b, ["--set", "tracks.tension.value=20"])):
        r = CliRunner().invoke(cli, base + ["--out", str(out)] + extra)
        assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["compare", str(a), str(b), "--json",
                                 "--png", str(tmp_path / "c.png")])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    ka = json.loads((a / "summary.json").read_text())["cells"][0]["checks"]
    kb = json.loads((b / "summary.json").read_text())["cells"][0]["checks"]
    for cid in ka:
        want = newcombe(ka[cid]["holds"], 6, kb[cid]["holds"], 6)
        assert doc["checks"][cid]["diff"] == pytest.approx(want.diff, abs=1e-6)
        assert doc["checks"][cid]["lo"] == pytest.approx(want.lo, abs=1e-6)
        assert doc["checks"][cid]["hi"] == pytest.approx(want.hi, abs=1e-6)
    # tension starting at 20 is not above 55 after four turns
    assert doc["checks"]["tension-turn4"]["p_b"] == 0.0
    assert doc["checks"]["tension-turn4"]["p_a"] > 0.0
    text = CliRunner().invoke(cli, ["compare", str(a), str(b), "--png",
                                    str(tmp_path / "c.png")]).output
    assert "Story checks" in text and "tension-turn4" in text


def test_sweep_refuses_a_broken_checks_file_before_playing(tmp_path):
    r = CliRunner().invoke(cli, ["sweep", str(S2019), "--runs", "2", "--out",
                                 str(tmp_path / "x"), "--checks", str(CHECKS / "badrefs.yaml")])
    assert r.exit_code == 2
    assert "badrefs.yaml:5:18: checks.0.value.key: unknown state key 'dprk.nukes'" in r.output
    assert not (tmp_path / "x").exists()


def test_a_shorter_game_keeps_its_checks():
    sc = load_scenario(S2019, ["turns=3", "events=[]"])
    assert any(c.happened and c.happened.by_turn == 6 for c in sc.checks)
    g = Game(Rules(sc), 1)
    g.run()
    assert len(Evaluator(sc.checks, g.rules).evaluate(g)) == len(sc.checks)
    assert ACTORS
