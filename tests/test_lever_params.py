"""Each lever's parameters are typed by its own model: a misspelt or unknown number, variant
or option is refused at its place (in the file or on the command line), not silently ignored;
the parameters are validated once, when the scenario is loaded, and the rules use exactly
those; and the JSON Schema an editor reads types ``levers`` the same way."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, ROOT, S2019
from game.engine import Game, Rules, ScenarioError, parse_scenario
from game.engine.levers import CATALOGUE, Lever
from game.engine.levers.covert import detection_chance
from game.engine.schema import scenario_schema
from game.engine.state import CovertOp

BASE = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
TEXT = S2019.read_text(encoding="utf-8")


def problems(text: str = TEXT, *overrides: str, source: str = "s.yaml") -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, source, list(overrides))
    return [str(p) for p in info.value.problems]


def with_levers(block: str) -> str:
    """minimal.yaml with a ``levers:`` section (``block``: its lines) before its events."""
    assert BASE.count("\nevents:\n") == 1
    return BASE.replace("\nevents:\n", "\nlevers:\n" + block + "events:\n")


# ------------------------------------------------------------------ refused with their place
def test_a_misspelt_number_on_the_command_line_is_refused_with_a_suggestion():
    assert problems(TEXT, "levers.ship_to_ship_fuel.params.wtach=0.9") == [
        "--set levers.ship_to_ship_fuel.params.wtach=0.9: unknown path: no 'wtach' in "
        "levers.ship_to_ship_fuel.params (did you mean 'watch'?)"]


def test_a_misspelt_number_in_the_file_is_refused_at_its_line_and_column():
    text = with_levers("  ship_to_ship_fuel:\n    params: {wtach: 0.9}\n")
    line = text.splitlines().index("    params: {wtach: 0.9}") + 1
    assert problems(text, source="bad.yaml") == [
        f"bad.yaml:{line}:21: levers.ship_to_ship_fuel.params.wtach: unknown field 'wtach': "
        f"not allowed here (did you mean 'watch'?)"]


def test_whales_run_refuses_the_typo_in_one_line_with_exit_2():
    r = subprocess.run([sys.executable, "-m", "game", "run", str(S2019), "--turns", "1",
                        "--set", "levers.ship_to_ship_fuel.params.wtach=0.9"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "whales: error: --set levers.ship_to_ship_fuel.params.wtach=0.9: unknown path: no "
        "'wtach' in levers.ship_to_ship_fuel.params (did you mean 'watch'?)"]
    assert r.stdout == ""


@pytest.mark.parametrize("override, message", [
    # a lever without numbers of its own takes none
    ("levers.ukraine_pressure.params.share=0.5",
     "unknown path: no 'share' in levers.ukraine_pressure.params (this lever has none)"),
    # variants are named by the lever: an unknown one lists the lever's own
    ("levers.propose_summit.variants.bribe.tracks.talks=3",
     "unknown path: no 'bribe' in levers.propose_summit.variants (expected one of: "
     "compensation, sanctions_relief, talks, economic_deal)"),
    ("levers.propose_summit.varints.talks.tracks.talks=3",
     "unknown path: no 'varints' in levers.propose_summit (did you mean 'variants'?)"),
    # options are the lever's own
    ("levers.propose_summit.options=[none, bribe]",
     "levers.propose_summit.options.1: expected one of 'none', 'compensation', "
     "'sanctions_relief', 'talks' or 'economic_deal', got 'bribe'"),
    ("levers.denounce.options=[loudly]",
     "levers.denounce.options: Public denunciation takes no options: expected []"),
    # numbers have types and ranges
    ("levers.transit_project.params.months=2.5",
     "levers.transit_project.params.months: expected a whole number, got 2.5"),
    ("levers.debt_writeoff.params.share=1.5",
     "levers.debt_writeoff.params.share: expected a value at most 1, got 1.5"),
])
def test_lever_settings_are_checked_by_the_levers_own_model(override, message):
    assert problems(TEXT, override) == [f"--set {override}: {message}"]


def test_a_wrong_lever_setting_named_by_an_event_gives_its_message_not_a_crash():
    # the 2019 scenario's events order propose_summit; its broken settings are the problem
    assert problems(TEXT, "levers.propose_summit.cost=99") == [
        "--set levers.propose_summit.cost=99: levers.propose_summit.cost: expected a value at "
        "most 10, got 99"]


def test_an_unknown_variant_in_the_file_lists_the_levers_own():
    text = with_levers("  nuclear_talks:\n    variants:\n      both: {tracks: {talks: 1}}\n")
    line = text.splitlines().index("      both: {tracks: {talks: 1}}") + 1
    assert problems(text, source="bad.yaml") == [
        f"bad.yaml:{line}:13: levers.nuclear_talks.variants.both: unknown field 'both': not "
        f"allowed here (expected one of: joint, alone)"]


# ------------------------------------------------------------------ they take effect
def test_a_typed_number_reaches_the_rules_and_changes_the_game():
    plain = Rules(parse_scenario(TEXT))
    sharp = Rules(parse_scenario(TEXT, overrides=["levers.ship_to_ship_fuel.params.watch=0.9"]))
    assert plain.params["ship_to_ship_fuel"].params.watch == 0.3
    assert sharp.params["ship_to_ship_fuel"].params.watch == 0.9
    st = plain.initial.clone()
    op = CovertOp(st.turn, "russia", "ship_to_ship_fuel", "dprk")
    assert detection_chance(sharp, st, op) > detection_chance(plain, st, op)


def test_a_partial_override_of_a_variant_keeps_the_rest_of_it():
    rules = Rules(parse_scenario(TEXT, overrides=[
        "levers.nuclear_talks.variants.joint.tracks.talks=12"]))
    joint = rules.params["nuclear_talks"].variants.joint
    assert joint.tracks == {"talks": 12, "tension": -4}
    assert joint.indicators == {"dprk": {"nuclear": -1.5}}


def test_lever_parameters_are_validated_once_and_the_rules_use_them(monkeypatch):
    calls: list[str] = []
    validate = Lever.validate

    def counting(self: Lever, overrides: dict) -> object:
        calls.append(self.id)
        return validate(self, overrides)

    monkeypatch.setattr(Lever, "validate", counting)
    sc = parse_scenario(TEXT, overrides=["levers.denounce.cost=2"])
    rules = Rules(sc)
    Game(rules, seed=1).run(turns=2)
    assert sorted(calls) == sorted(CATALOGUE)      # once per lever, at load time
    assert rules.params is sc.lever_params
    assert list(rules.params) == list(CATALOGUE)   # catalogue order, overridden or not
    assert rules.params["denounce"].cost == 2


# ------------------------------------------------------------------ the JSON Schema
def _validator() -> jsonschema.Draft202012Validator:
    schema = scenario_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _doc(text: str) -> dict:
    data = yaml.safe_load(text)
    if isinstance(data.get("start_date"), date):
        data["start_date"] = data["start_date"].isoformat()   # as an editor sees the text
    for ev in data.get("events") or []:
        if isinstance(ev.get("date"), date):
            ev["date"] = ev["date"].isoformat()
    return data


def test_the_shipped_scenarios_pass_the_schema():
    v = _validator()
    for path in sorted((ROOT / "scenarios").glob("*.yaml")) + [FIXTURES / "minimal.yaml"]:
        errors = [e.message for e in v.iter_errors(_doc(path.read_text(encoding="utf-8")))]
        assert errors == [], path.name


@pytest.mark.parametrize("levers, complaint", [
    ({"food_aid": {"cost": 1}}, "'food_aid' was unexpected"),
    ({"ship_to_ship_fuel": {"params": {"wtach": 0.9}}}, "'wtach' was unexpected"),
    ({"denounce": {"params": {"share": 0.5}}}, "'share' was unexpected"),
    ({"nuclear_talks": {"variants": {"both": {}}}}, "'both' was unexpected"),
    ({"veto": {"cost": "two"}}, "'two' is not of type 'integer'"),
    ({"transit_project": {"params": {"months": 2.5}}}, "2.5 is not of type 'integer'"),
    ({"propose_summit": {"options": ["bribe"]}}, "'bribe' is not one of"),
    ({"debt_writeoff": {"params": {"share": 1.5}}}, "1.5 is greater than the maximum of 1"),
])
def test_the_schema_refuses_an_unknown_lever_or_field_or_a_wrong_type(levers, complaint):
    v = _validator()
    doc = _doc(BASE)
    doc["levers"] = levers
    errors = [e.message for e in v.iter_errors(doc)]
    assert len(errors) == 1 and complaint in errors[0], errors
    # and the loader agrees
    with pytest.raises(ScenarioError):
        parse_scenario(yaml.safe_dump({**yaml.safe_load(BASE), "levers": levers}))


def test_the_schema_accepts_good_overrides_and_knows_each_levers_defaults():
    v = _validator()
    doc = _doc(BASE)
    doc["levers"] = {"ship_to_ship_fuel": {"params": {"watch": 0.9}, "cost": 2},
                     "nuclear_talks": {"variants": {"joint": {"tracks": {"talks": 12}}}},
                     "propose_summit": {"options": ["none", "talks"]}}
    assert [e.message for e in v.iter_errors(doc)] == []
    defs = scenario_schema()["$defs"]
    summit = defs[scenario_schema()["$defs"]["Levers"]["properties"]["propose_summit"]["$ref"]
                  .rsplit("/", 1)[1]]
    assert summit["properties"]["cost"]["default"] == 2
    assert summit["properties"]["variants"]["default"]["talks"] == {
        "tracks": {"talks": 8.0, "tension": -3.0}}


def test_the_schema_knows_the_levers_named_elsewhere():
    v = _validator()
    doc = _doc(BASE)
    doc["events"][0]["orders"][0]["lever"] = "food_aid"
    assert any("'food_aid' is not one of" in e.message for e in v.iter_errors(doc))
    doc = _doc(BASE)
    doc["actors"]["china"]["personalities"] = {"balanced": {"lever_bias": {"food_aid": 1}}}
    assert any("food_aid" in e.message for e in v.iter_errors(doc))


def test_whales_schema_prints_the_typed_schema():
    r = subprocess.run([sys.executable, "-m", "game", "schema"], capture_output=True,
                       text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    schema = json.loads(r.stdout)
    levers = schema["$defs"]["Levers"]
    assert levers["additionalProperties"] is False
    assert sorted(levers["properties"]) == sorted(CATALOGUE)
