"""Facts: the typed records resolution puts on its news items (meetings, rebuffs, lapses,
resolutions, covert operations and their exposure, projects, war). One case per kind, each
read from the news of the turn it happened in."""
from __future__ import annotations

from game.engine import Order
from game.engine.facts import FACT_KINDS, Fact, news_facts


def _facts(played, kind=None):
    return [f for f in news_facts(played.report.news) if kind is None or f.kind == kind]


def test_an_invitation_then_a_first_meeting(bench):
    g = bench.game("levers.invite_ceremony.params.cooldown_months=0")
    r = bench.play(g, Order("russia", "propose_summit", "dprk", "economic_deal"))
    assert _facts(r) == [Fact(1, "invited", "russia", "dprk", "propose_summit",
                              "economic_deal")]
    r = bench.play(g, Order("dprk", "accept_invitation", "russia", "summit"))
    assert _facts(r) == [Fact(2, "meeting", "russia", "dprk", "propose_summit",
                              "economic_deal", first=True)]
    bench.play(g, Order("russia", "invite_ceremony", "dprk", "none"))
    r = bench.play(g, Order("dprk", "accept_invitation", "russia", "ceremony"))
    [m] = _facts(r, "meeting")
    assert (m.lever, m.option, m.first) == ("invite_ceremony", "none", False)


def test_rebuffed_and_lapsed_invitations(bench):
    g = bench.game()
    bench.play(g, Order("dprk", "propose_summit", "china", "none"),
               Order("japan", "propose_summit", "russia", "none"))
    r = bench.play(g, Order("china", "rebuff_invitation", "dprk", "summit"))
    assert _facts(r, "rebuffed") == [Fact(2, "rebuffed", "dprk", "china", "propose_summit",
                                          "none", ("china",))]
    assert _facts(r, "lapsed") == [Fact(2, "lapsed", "japan", "russia", "propose_summit",
                                        "none")]


def test_resolutions_tabled_passed_and_vetoed(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "unsc_resolution", "dprk"))
    assert _facts(r) == [Fact(1, "tabled", "us", "dprk", "unsc_resolution")]
    r = bench.play(g)
    assert _facts(r) == [Fact(2, "passed", "us", "dprk", "unsc_resolution")]
    bench.play(g, Order("japan", "unsc_resolution", "dprk"))
    r = bench.play(g, Order("china", "veto", "japan"), Order("russia", "veto", "japan"))
    assert _facts(r, "vetoed") == [Fact(4, "vetoed", "japan", "dprk", "unsc_resolution", None,
                                        ("russia", "china"))]


def test_covert_operation_and_its_exposure(bench):
    g = bench.game("levers.chemical_exports.detection=1.0")
    r = bench.play(g, Order("dprk", "chemical_exports"))
    [op] = g.state.covert
    assert _facts(r, "covert") == [Fact(1, "covert", "dprk", None, "chemical_exports")]
    assert _facts(r, "exposed") == [Fact(1, "exposed", "dprk", None, "chemical_exports", None,
                                         (op.detected_by,))]


def test_a_transit_project_from_start_to_completion(bench):
    g = bench.game("history.projects=[]")     # (2019: the coal terminal is already built)
    r = bench.play(g, Order("russia", "transit_project", None, "coal_terminal"))
    assert _facts(r) == [Fact(1, "project_started", "russia", None, "transit_project",
                              "coal_terminal")]
    r = bench.play(g, Order("dprk", "join_project", "russia", "coal_terminal"),
                   Order("rok", "join_project", "russia", "coal_terminal"))
    assert [f.kind for f in _facts(r)] == ["project_building"]
    kinds = []
    while not kinds:
        kinds = [f for f in _facts(bench.play(g)) if f.kind == "project_completed"]
    assert kinds[0].actor == "russia" and kinds[0].option == "coal_terminal"


def test_a_project_nobody_joins_is_shelved(bench):
    g = bench.game()
    bench.play(g, Order("russia", "transit_project", None, "railroad"))
    shelved = []
    for _ in range(5):
        shelved += _facts(bench.play(g), "project_shelved")
    assert [(f.actor, f.option) for f in shelved] == [("russia", "railroad")]


def test_war_is_a_fact(bench):
    g = bench.game("tracks.tension.value=99")
    r = bench.play(g, Order("dprk", "nuclear_test"))
    assert g.state.war and _facts(r, "war") == [Fact(1, "war")]


def test_every_kind_is_named_and_facts_serialise():
    assert len(FACT_KINDS) == len(set(FACT_KINDS)) == 14
    f = Fact(3, "vetoed", "us", "dprk", "unsc_resolution", None, ("china",))
    assert f.to_dict() == {"turn": 3, "kind": "vetoed", "actor": "us", "target": "dprk",
                           "lever": "unsc_resolution", "by": ["china"]}
