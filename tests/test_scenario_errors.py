"""Broken scenarios: each kind of mistake gets one clear message at its file:line:col.

Most cases mutate one line of tests/fixtures/minimal.yaml (a small valid scenario) and expect
exactly one problem, pinned in full. tests/fixtures/broken/ holds a few whole broken files for
the `whales validate` command, which must exit 2 with the place and never a traceback.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import ScenarioError, parse_scenario
from game.engine.loader import read_scenario

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
BASE = (FIX / "minimal.yaml").read_text(encoding="utf-8")
STATES = "us, russia, china, dprk, rok, japan"

# id: (text replaced once in minimal.yaml, replacement, the one problem expected)
CASES = {
    "yaml_syntax_tab": (
        "turns: 4", "\tturns: 4",
        "bad.yaml:8:1: YAML syntax: found character '\\t' that cannot start any token "
        "(while scanning for the next token)"),
    "yaml_syntax_unclosed_flow": (
        "turns: 4", "turns: [4",
        "bad.yaml:9:11: YAML syntax: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence)"),
    "wrong_type_text_for_whole_number": (
        "turns: 4", "turns: four",
        "bad.yaml:8:8: turns: expected a whole number, got 'four'"),
    "wrong_type_text_for_number": (
        "value: 50, war_at", "value: high, war_at",
        "bad.yaml:60:36: tracks.tension.value: expected a number, got 'high'"),
    "missing_required_field": (
        "    iso: RUS\n", "",
        "bad.yaml:24:5: actors.russia.iso: missing required field 'iso'"),
    "unknown_actor_in_relation_pair": (
        "us-russia: -45", "us-prussia: -45",
        f"bad.yaml:56:3: relations.us-prussia: unknown state 'prussia': expected one of "
        f"{STATES}"),
    "unknown_actor_in_actors_mapping": (
        "  rok:\n", "  rokk:\n",
        "bad.yaml:43:3: actors.rokk: expected one of 'us', 'russia', 'china', 'dprk', 'rok' "
        "or 'japan', got 'rokk'"),
    "indicator_above_its_declared_max": (
        "clout: 20, hard_currency: 20", "clout: 20, hard_currency: 120",
        "bad.yaml:40:86: actors.dprk.indicators.hard_currency: expected a value from 0 to "
        "100, got 120"),
    "probability_above_one": (
        "probability: 0.5", "probability: 1.5",
        "bad.yaml:67:18: events.0.probability: expected a value at most 1, got 1.5"),
    "relation_out_of_range": (
        "dprk-rok: 10", "dprk-rok: 150",
        "bad.yaml:57:13: relations.dprk-rok: expected a value at most 100, got 150"),
    "duplicate_key": (
        "{china: 60, russia: 15", "{china: 60, china: 15",
        "bad.yaml:58:24: influence.china: duplicate key 'china' (first at line 58)"),
    "duplicate_event_id": (
        '      passage: "one of the poorest and least predictable states on earth"\n',
        '      passage: "one of the poorest and least predictable states on earth"\n'
        '  - id: harvest_failure\n'
        '    headline: "Again"\n'
        '    provenance: {article: odd-couple-2015, passage: "one of the poorest"}\n',
        "bad.yaml:77:9: events.1.id: duplicate event id 'harvest_failure' (also event #1)"),
    "unknown_lever_in_event_orders": (
        "lever: food_energy_aid", "lever: food_aid",
        "bad.yaml:73:31: events.0.orders.0.lever: unknown lever 'food_aid' "
        "(did you mean 'food_energy_aid'?)"),
    "unknown_lever_override": (
        "influence: {china", "levers: {food_aid: {cost: 1}}\ninfluence: {china",
        "bad.yaml:58:10: levers.food_aid: unknown lever 'food_aid' "
        "(did you mean 'food_energy_aid'?)"),
    "unknown_indicator_in_event_effects": (
        "{dprk: {economy: -3}}", "{dprk: {econmy: -3}}",
        "bad.yaml:71:27: events.0.effects.indicators.dprk.econmy: unknown indicator "
        "'econmy': expected one of clout, economy, hard_currency, military, stability"),
    "unknown_indicator_for_an_actor": (
        "clout: 70}", "clout: 70, nukes: 5}",
        "bad.yaml:20:71: actors.us.indicators.nukes: unknown indicator 'nukes': declare it "
        "under 'indicators' (known: clout, economy, hard_currency, military, stability)"),
    "unknown_field_typo": (
        "    probability: 0.5", "    probabilty: 0.5",
        "bad.yaml:67:17: events.0.probabilty: unknown field 'probabilty': not allowed here "
        "(check the spelling)"),
    "bad_date_text": (
        "start_date: 2019-04-01", "start_date: April 2019",
        "bad.yaml:7:13: start_date: expected a date like 2019-04-01, got 'April 2019'"),
    "bad_date_no_such_month": (
        "start_date: 2019-04-01", "start_date: 2019-13-01",
        "bad.yaml:7:13: start_date: expected a date like 2019-04-01, got '2019-13-01' "
        "(month must be in 1..12)"),
    "bad_date_no_such_day": (
        "start_date: 2019-04-01", "start_date: 2019-02-30",
        "bad.yaml:7:13: start_date: expected a date like 2019-04-01, got '2019-02-30' "
        "(day is out of range for month)"),
    "unknown_personality": (
        "    iso: JPN\n", "    iso: JPN\n    personality: hawk\n",
        "bad.yaml:50:5: actors.japan: personality 'hawk' is not one of ['balanced']"),
    "bad_pair_syntax": (
        "us-russia: -45", "us_russia: -45",
        "bad.yaml:56:3: relations.us_russia: expected a pair of states written 'a-b', "
        "got 'us_russia'"),
    "condition_on_unknown_state_key": (
        "key: dprk.economy", "key: dprk.econ",
        "bad.yaml:69:15: events.0.conditions.0.key: unknown state key 'dprk.econ' "
        "(did you mean 'dprk.economy'?)"),
    "unsafe_yaml_tag": (
        "name: minimal", 'name: !!python/object/apply:os.system ["echo hi"]',
        "bad.yaml:3:7: YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"),
}


def test_the_base_fixture_is_valid():
    sc = parse_scenario(BASE, "minimal.yaml")
    assert sc.name == "minimal" and len(sc.events) == 1


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_scenario_has_one_clear_problem_at_its_place(case):
    old, new, expected = CASES[case]
    assert BASE.count(old) == 1, "the mutation must hit exactly one place"
    with pytest.raises(ScenarioError) as info:
        parse_scenario(BASE.replace(old, new), "bad.yaml")
    assert [str(p) for p in info.value.problems] == [expected]
    assert str(info.value) == expected


def test_empty_file():
    with pytest.raises(ScenarioError) as info:
        parse_scenario("", "bad.yaml")
    assert str(info.value) == ("bad.yaml:1:1: the file is empty: expected a scenario mapping "
                               "(name, title, actors, ...)")


def test_not_a_mapping():
    with pytest.raises(ScenarioError) as info:
        parse_scenario("- just\n- a list\n", "bad.yaml")
    assert str(info.value) == ("bad.yaml:1:1: expected a scenario mapping (name, title, "
                               "actors, ...) at the top of the file")


def test_several_mistakes_are_all_reported_in_file_order():
    text = BASE.replace("turns: 4", "turns: four").replace("iso: KOR", "iso: korea")
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.yaml")
    places = [(p.line, p.col) for p in info.value.problems]
    assert places == [(8, 8), (45, 10)]


def test_bad_override_names_the_override_not_the_file():
    with pytest.raises(ScenarioError) as info:
        parse_scenario(BASE, "minimal.yaml", ["events.0.probability=2"])
    [p] = info.value.problems
    assert p.source == "--set events.0.probability=2" and p.line is None
    assert "expected a value at most 1, got 2" in str(p)
    with pytest.raises(ScenarioError, match="unknown path"):
        parse_scenario(BASE, "minimal.yaml", ["actors.us.enforcment=2"])


def test_missing_file():
    with pytest.raises(ScenarioError, match="no such file"):
        read_scenario(FIX / "does-not-exist.yaml")


@pytest.mark.parametrize("name,expected", [
    ("unknown_lever.yaml", ":73:31: events.0.orders.0.lever: unknown lever 'food_aid'"),
    ("bad_date.yaml", ":7:13: start_date: expected a date like 2019-04-01, got '2019-13-01'"),
    ("tab_indent.yaml", ":8:1: YAML syntax: found character '\\t'"),
    ("empty.yaml", ":1:1: the file is empty"),
])
def test_broken_fixture_files(name, expected):
    path = FIX / "broken" / name
    with pytest.raises(ScenarioError) as info:
        read_scenario(path)
    assert str(info.value).startswith(str(path) + expected)


# ------------------------------------------------------------------ the command line
def _whales(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("whales")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c",
                                           "from game.cli import main; main()"]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(cmd + list(args), cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env=env)


@pytest.mark.parametrize("name,place", [("unknown_lever.yaml", "73:31"),
                                        ("bad_date.yaml", "7:13"),
                                        ("tab_indent.yaml", "8:1"),
                                        ("empty.yaml", "1:1")])
def test_whales_validate_broken_file_exits_2_with_place_and_no_traceback(name, place):
    rel = f"tests/fixtures/broken/{name}"
    res = _whales("validate", rel)
    assert res.returncode == 2, res.stderr
    assert f"{rel}:{place}:" in res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert res.stdout == ""


def test_whales_validate_good_scenario_exits_0():
    res = _whales("validate", "scenarios/vladivostok-2019.yaml")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("ok: scenarios/vladivostok-2019.yaml")
    assert res.stderr == ""


def test_whales_validate_mixed_files_reports_each_and_exits_2():
    res = _whales("validate", "tests/fixtures/minimal.yaml", "tests/fixtures/broken/bad_date.yaml")
    assert res.returncode == 2
    assert "ok: tests/fixtures/minimal.yaml" in res.stdout
    assert "tests/fixtures/broken/bad_date.yaml:7:13:" in res.stderr
    assert "Traceback" not in res.stderr

