"""Turn length is scenario data (issue 9 item 5): dates follow it, a turn's drift is that many
months' drift, scripted events keep their dates, random events their chance a month, cool-downs
their months; each historical scenario also plays over the years its article looks ahead to."""
from __future__ import annotations

import pytest
from pytest import approx

from game.engine import Game, Rules, ScenarioError, load_scenario, parse_scenario

from conftest import S2019, SCENARIOS

S2015 = SCENARIOS / "victory-day-2015.yaml"
QUARTERLY_2015 = ["turn_months=3", "turns=17"]      # April 2015 to April 2019 (the README's)
QUIET = ["events=[]"]


def _game(path, *overrides: str, seed: int = 1) -> Game:
    return Game(Rules(load_scenario(path, list(overrides))), seed)


def test_dates_follow_the_turn_length():
    g = _game(S2015, *QUARTERLY_2015)
    assert [g.date(t) for t in (1, 2, 3, 5, 17)] == \
        ["April 2015", "July 2015", "October 2015", "April 2016", "April 2019"]
    assert _game(S2015).date(16) == "July 2016"


def _drift(g: Game, key: str, label: str = "") -> float:
    g.run(turns=1, seats={a: "computer@pass" for a in g.actors})
    return sum(d for t, k, d, c in g.ledger.entries
               if k == key and c.kind == "drift" and label in c.label)


@pytest.mark.parametrize("key", ["track.tension", "influence.russia", "dprk.stability",
                                 "relation.russia.dprk"])
def test_a_share_of_a_gap_a_month_compounds_over_a_quarter(key):
    rich = "actors.dprk.indicators.economy=40"      # no poverty erosion on top
    month = _game(S2015, *QUIET, rich)
    quarter = _game(S2015, *QUIET, rich, "turn_months=3")
    usual = (month.rules.drift.tension_baseline if key == "track.tension"
             else month.rules.initial.values[key])
    for g in (month, quarter):
        g.state.values[key] = usual + 20.0           # 20 points above its usual level
    label = {"track.tension": "Tension relaxes", "influence.russia": "Influence fades",
             "dprk.stability": "Domestic standing", "relation.russia.dprk": "Relations drift"}
    m, q = _drift(month, key, label[key]), _drift(quarter, key, label[key])
    assert m < 0 and q < 0
    # a month takes a share r of the gap; a quarter 1 - (1 - r)^3 of it (not 3 r)
    r = -m / 20.0
    assert q == approx(-20.0 * (1 - (1 - r) ** 3), rel=1e-3)
    assert abs(q) < 3 * abs(m)


def test_an_amount_a_month_is_three_times_as_much_a_quarter():
    month = _game(S2015, *QUIET)
    quarter = _game(S2015, *QUIET, "turn_months=3")
    for key in ("track.un_sanctions", "track.talks", "dprk.fuel"):
        m = _drift(_game(S2015, *QUIET, "tracks.talks.value=50"), key)
        assert m < 0 and _drift(_game(S2015, *QUIET, "tracks.talks.value=50",
                                      "turn_months=3"), key) == approx(3 * m, rel=1e-3), key
    d = quarter.rules.turn_drift
    assert (d.sanctions_bite, d.nuclear_growth, d.talks_decay) == approx(
        (3 * month.rules.drift.sanctions_bite, 3 * month.rules.drift.nuclear_growth,
         3 * month.rules.drift.talks_decay))
    # monthly turns use the scenario's own numbers, untouched
    assert month.rules.turn_drift is month.rules.drift


def test_a_finished_project_pays_a_turns_worth_of_months():
    month, quarter = _game(S2019, *QUIET), _game(S2019, *QUIET, "turn_months=3")

    def income(g: Game) -> float:
        g.run(turns=1, seats={a: "computer@pass" for a in g.actors})
        return sum(d for t, k, d, c in g.ledger.entries
                   if c.kind == "project" and k == "russia.far_east")
    assert income(quarter) == approx(3 * income(month))


def test_scripted_events_keep_their_dates():
    month, quarter = Rules(load_scenario(S2015)), Rules(load_scenario(S2015, QUARTERLY_2015))
    # the Russia-DPRK maneuvers "planned for later this year": October 2015
    assert month.event_turn["joint_maneuvers"] == 7
    assert quarter.event_turn["joint_maneuvers"] == 3
    assert quarter.event_turn["victory_day_invitations"] == 1
    g = Game(quarter, seed=2)
    g.run(turns=3)
    assert any(n["headline"].startswith("Russia and the DPRK hold their planned joint")
               for n in g.reports[2].news)
    assert not any("planned joint" in n["headline"] for r in g.reports[:2] for n in r.news)


def test_random_events_keep_their_chance_a_month():
    month, quarter = Rules(load_scenario(S2015)), Rules(load_scenario(S2015, QUARTERLY_2015))
    p = month.event_chance["border_incident"]
    assert p == 0.12
    assert quarter.event_chance["border_incident"] == approx(1 - (1 - p) ** 3)
    assert quarter.event_chance["victory_day_invitations"] == 1.0


def test_event_dates_are_checked():
    text = S2015.read_text()
    with pytest.raises(ScenarioError, match=r"events\.0\.date: expected a date from the "
                                            r"start, 2015-04, on; got 2014-12-01"):
        parse_scenario(text, "s.yaml", ["events.0.date=2014-12-01"])
    with pytest.raises(ScenarioError, match="scripted by turn or by date, not both"):
        parse_scenario(text, "s.yaml", ["events.0.turn=2"])


def test_the_2015_scenario_plays_quarterly_to_2019():
    g = _game(S2015, *QUARTERLY_2015, seed=3)
    reports = g.run()
    assert g.over
    if not g.state.war:
        assert len(reports) == 17 and reports[-1].date == "April 2019"
    # cool-downs are months: a summit's six months are two quarters
    assert g.rules.scenario.turn_months == 3
