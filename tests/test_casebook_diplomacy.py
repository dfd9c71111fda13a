"""Casebook: the diplomacy levers, and the summit cases (first meeting, deal items, rebuff,
lapse, one summit a turn). Each case isolates the order under test and reads its ledger
entries; see test_casebook_sanctions.py for the method."""
from __future__ import annotations

import pytest
from pytest import approx

from game.engine import IllegalOrderError, Order

DEAL_ITEMS = "none, compensation, sanctions_relief, talks, economic_deal"


def _meeting(g, bench, kind_lever, invitee, host, scale, item=None, payer=None, receiver=None):
    """What holding a summit or ceremony should do: the lever's effects (invitee as actor,
    host as target) times ``scale``, influence in Pyongyang for the DPRK's partner, and the
    deal item (not scaled)."""
    p = g.rules.params[kind_lever]
    parts = [bench.expected(g, kind_lever, invitee, host, scale=scale)]
    if "dprk" in (invitee, host):
        other = host if invitee == "dprk" else invitee
        parts.append({f"influence.{other}": p.params.influence * scale})
    if item:
        parts.append(bench.expected(g, kind_lever, payer, receiver, item))
    return bench.add(*parts)


# ------------------------------------------------------------------ summits
def test_propose_summit_puts_an_invitation_on_the_table(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "propose_summit", "dprk", "talks"))
    assert r.by("propose_summit", kind=None) == {}
    assert r.spent("us") == g.rules.params["propose_summit"].cost
    [pr] = g.state.proposals
    assert (pr.kind, pr.proposer, pr.target, pr.option, pr.turn) == \
        ("summit", "us", "dprk", "talks", 1)
    assert any("invites North Korea to a summit (deal item: talks)" in h for h in r.headlines())


def test_propose_summit_preconditions(bench):
    g = bench.game()
    assert g.why_illegal(Order("us", "propose_summit", "dprk")) == \
        f"Propose a summit needs one of: {DEAL_ITEMS}"
    assert g.why_illegal(Order("us", "propose_summit", "dprk", "bribe")) == \
        f"Propose a summit needs one of: {DEAL_ITEMS}"
    assert g.why_illegal(Order("us", "propose_summit", "us", "none")) == \
        "Propose a summit cannot target yourself"
    bench.play(g, Order("us", "propose_summit", "dprk", "none"))
    # one summit pending between two leaders, whoever asks
    for o in (Order("us", "propose_summit", "dprk", "talks"),
              Order("dprk", "propose_summit", "us", "compensation")):
        assert g.why_illegal(o) == "a summit between these two is already pending"
    assert g.why_illegal(Order("us", "propose_summit", "china", "none")) is None


def test_accept_invitation_holds_a_first_summit_with_its_talks_item(bench):
    g = bench.game("history.met=[]")
    bench.play(g, Order("us", "propose_summit", "dprk", "talks"))
    assert ("dprk", "us") not in g.state.met
    r = bench.play(g, Order("dprk", "accept_invitation", "us", "summit"))
    ch = r.by("accept_invitation")
    first = g.rules.params["propose_summit"].params.first_meeting
    assert first == 1.5
    assert ch == approx(_meeting(g, bench, "propose_summit", "dprk", "us", first, "talks",
                                 "us", "dprk"), abs=1e-3)
    assert bench.signs(ch) == {"relation.us.dprk": "+", "us.clout": "+", "dprk.clout": "+",
                               "influence.us": "+", "track.talks": "+", "track.tension": "-"}
    assert r.spent("dprk") == g.rules.params["accept_invitation"].cost
    assert ("dprk", "us") in g.state.met
    assert g.state.proposals == []
    assert any("first meeting" in h for h in r.headlines())


def test_accept_invitation_second_meeting_weighs_less_than_the_first(bench):
    g = bench.game("history.met=[]", "levers.propose_summit.params.cooldown_months=0")
    bench.play(g, Order("us", "propose_summit", "dprk", "none"))
    first = bench.play(g, Order("dprk", "accept_invitation", "us", "summit"))
    bench.play(g, Order("us", "propose_summit", "dprk", "none"))
    second = bench.play(g, Order("dprk", "accept_invitation", "us", "summit"))
    a, b = first.by("accept_invitation"), second.by("accept_invitation")
    assert b == approx(_meeting(g, bench, "propose_summit", "dprk", "us", 1.0), abs=1e-3)
    assert a["relation.us.dprk"] == approx(1.5 * b["relation.us.dprk"], abs=1e-3)
    assert a["influence.us"] == approx(1.5 * b["influence.us"], abs=1e-3)
    assert not any("first meeting" in h for h in second.headlines())


def test_accept_invitation_compensation_pays_the_dprk_whoever_proposes(bench):
    g = bench.game("history.met=[]")
    bench.play(g, Order("us", "propose_summit", "dprk", "compensation"))
    r = bench.play(g, Order("dprk", "accept_invitation", "us", "summit"))
    ch = r.by("accept_invitation")
    assert ch == approx(_meeting(g, bench, "propose_summit", "dprk", "us", 1.5, "compensation",
                                 "us", "dprk"), abs=1e-3)
    assert ch["dprk.hard_currency"] > 0 and ch["dprk.fuel"] > 0 and ch["us.economy"] < 0
    # Pyongyang asks for compensation itself: Moscow, the host, still pays
    g2 = bench.game("history.met=[]")
    bench.play(g2, Order("dprk", "propose_summit", "russia", "compensation"))
    ch2 = bench.play(g2, Order("russia", "accept_invitation", "dprk", "summit")) \
        .by("accept_invitation")
    assert ch2["dprk.hard_currency"] > 0 and ch2["russia.economy"] < 0
    assert ch2 == approx(_meeting(g2, bench, "propose_summit", "russia", "dprk", 1.5,
                                  "compensation", "russia", "dprk"), abs=1e-3)


def test_accept_invitation_compensation_without_the_dprk_pays_nobody(bench):
    # (relations cool enough for the meeting's whole warmth: see the warmth case below)
    g = bench.game("history.met=[]", "relations.us-japan=0")
    bench.play(g, Order("us", "propose_summit", "japan", "compensation"))
    ch = bench.play(g, Order("japan", "accept_invitation", "us", "summit")) \
        .by("accept_invitation")
    assert ch == approx(_meeting(g, bench, "propose_summit", "japan", "us", 1.5), abs=1e-3)
    assert "us.economy" not in ch and "japan.economy" not in ch


def test_accept_invitation_sanctions_relief_item(bench):
    g = bench.game("history.met=[]", "relations.china-dprk=0")
    bench.play(g, Order("china", "propose_summit", "dprk", "sanctions_relief"))
    ch = bench.play(g, Order("dprk", "accept_invitation", "china", "summit")) \
        .by("accept_invitation")
    assert ch == approx(_meeting(g, bench, "propose_summit", "dprk", "china", 1.5,
                                 "sanctions_relief", "china", "dprk"), abs=1e-3)
    assert ch["enforcement.china"] < 0
    assert ch["dprk.economy"] > 0 and ch["dprk.hard_currency"] > 0
    assert ch["relation.us.china"] < 0


def test_accept_invitation_preconditions(bench):
    g = bench.game()
    assert g.why_illegal(Order("dprk", "accept_invitation", "us", "summit")) == \
        "no invitation of that kind from that state awaits your answer"
    bench.play(g, Order("us", "propose_summit", "dprk", "none"))
    assert g.why_illegal(Order("dprk", "accept_invitation", "us", "summit")) is None
    # the wrong kind, the wrong host, the wrong invitee
    assert g.why_illegal(Order("dprk", "accept_invitation", "us", "ceremony")) is not None
    assert g.why_illegal(Order("dprk", "accept_invitation", "china", "summit")) is not None
    assert g.why_illegal(Order("japan", "accept_invitation", "us", "summit")) is not None
    assert g.why_illegal(Order("dprk", "accept_invitation", "us")) == \
        "Accept a summit or invitation needs one of: summit, ceremony"


def test_accept_invitation_one_summit_a_turn(bench):
    g = bench.game()
    bench.play(g, Order("us", "propose_summit", "dprk", "none"),
               Order("russia", "propose_summit", "dprk", "none"))
    with pytest.raises(IllegalOrderError, match="a leader attends one summit or ceremony a turn"):
        g.submit("dprk", [Order("dprk", "accept_invitation", "us", "summit"),
                          Order("dprk", "accept_invitation", "russia", "summit")])
    with pytest.raises(IllegalOrderError, match="one answer per invitation"):
        g.submit("dprk", [Order("dprk", "accept_invitation", "us", "summit"),
                          Order("dprk", "rebuff_invitation", "us", "summit")])
    # accepting one and rebuffing the other is fine
    g.submit("dprk", [Order("dprk", "accept_invitation", "us", "summit"),
                      Order("dprk", "rebuff_invitation", "russia", "summit")])
    r = g.resolve()
    assert [n for n in r.news if "summit held" in n["headline"]]
    assert ("dprk", "us") in g.state.met and ("dprk", "russia") not in g.state.met


def test_unanswered_invitation_lapses(bench):
    g = bench.game()
    bench.play(g, Order("us", "propose_summit", "dprk", "talks"))
    r = bench.play(g)
    assert any("leaves United States's summit invitation unanswered; it lapses" in h
               for h in r.headlines())
    assert g.state.proposals == []
    assert r.by("accept_invitation", kind=None) == {}
    assert g.why_illegal(Order("dprk", "accept_invitation", "us", "summit")) == \
        "no invitation of that kind from that state awaits your answer"


def test_an_unanswered_invitation_costs_the_asker_face_as_a_rebuff_does(bench):
    """Silence is a snub: else ignoring an invitation would be the free way to say no (the
    planning players let every unwanted invitation lapse and never rebuffed one)."""
    def no(answer: list[Order]) -> dict[str, float]:
        g = bench.game("history.met=[]")
        bench.play(g, Order("dprk", "propose_summit", "china", "none"))
        r = bench.play(g, *answer)
        changes: dict[str, float] = {}
        for _, (_, k, d, c) in r.entries(None, kind=None):
            if c.kind == "lapse" or c.lever == "rebuff_invitation":
                changes[k] = round(changes.get(k, 0.0) + d, 6)
        return changes

    lapsed = no([])
    assert bench.signs(lapsed) == {"relation.china.dprk": "-", "dprk.clout": "-"}
    # its provenance: the rebuff lever's article and passage, China as the one who said nothing
    g = bench.game("history.met=[]")
    bench.play(g, Order("dprk", "propose_summit", "china", "none"))
    r = bench.play(g)
    [cause] = {c for _, (_, _, _, c) in r.entries("rebuff_invitation")}
    lv = g.rules.levers["rebuff_invitation"]
    assert (cause.actor, cause.target, cause.article, cause.passage) == \
        ("china", "dprk", lv.article, lv.passage)
    assert "leaves the invitation unanswered" in cause.label
    assert lapsed == no([Order("china", "rebuff_invitation", "dprk", "summit")])


def test_rebuff_invitation_costs_the_asker_face(bench):
    g = bench.game("history.met=[]")
    bench.play(g, Order("dprk", "propose_summit", "china", "none"))
    r = bench.play(g, Order("china", "rebuff_invitation", "dprk", "summit"))
    ch = r.by("rebuff_invitation")
    assert bench.signs(ch) == {"relation.china.dprk": "-", "dprk.clout": "-"}
    assert ch == approx(bench.expected(g, "rebuff_invitation", "china", "dprk"), abs=1e-3)
    assert r.spent("china") == g.rules.params["rebuff_invitation"].cost == 0
    assert ("china", "dprk") not in g.state.met
    assert g.state.proposals == []
    assert any("rebuffs North Korea's request for a summit" in h for h in r.headlines())


def test_rebuff_invitation_preconditions(bench):
    g = bench.game()
    assert g.why_illegal(Order("china", "rebuff_invitation", "dprk", "summit")) == \
        "no invitation of that kind from that state awaits your answer"


def test_invite_ceremony_and_attend_it(bench):
    g = bench.game()
    r1 = bench.play(g, Order("russia", "invite_ceremony", "dprk", "none"))
    assert r1.by("invite_ceremony", kind=None) == {}
    assert r1.spent("russia") == g.rules.params["invite_ceremony"].cost
    [pr] = g.state.proposals
    assert (pr.kind, pr.proposer, pr.target) == ("ceremony", "russia", "dprk")
    r2 = bench.play(g, Order("dprk", "accept_invitation", "russia", "ceremony"))
    ch = r2.by("accept_invitation")
    assert bench.signs(ch) == {"relation.russia.dprk": "+", "russia.clout": "+",
                               "dprk.clout": "+", "influence.russia": "+"}
    assert ch == approx(_meeting(g, bench, "invite_ceremony", "dprk", "russia", 1.5),
                        abs=1e-3)
    # the host's prestige rises more than the guest's
    assert ch["russia.clout"] > ch["dprk.clout"]


def test_invite_ceremony_preconditions(bench):
    g = bench.game()
    assert g.why_illegal(Order("russia", "invite_ceremony", "dprk", "talks")) == \
        "Invite to a ceremony (Victory Day) needs one of: none"
    # Russia's Victory Day, to the two leaders the passage names
    assert g.why_illegal(Order("dprk", "invite_ceremony", "russia", "none")) == \
        "North Korea cannot use Invite to a ceremony (Victory Day)"
    assert g.why_illegal(Order("japan", "invite_ceremony", "us", "none")) == \
        "Japan cannot use Invite to a ceremony (Victory Day)"
    assert g.why_illegal(Order("russia", "invite_ceremony", "japan", "none")) == \
        "Invite to a ceremony (Victory Day) cannot target Japan"
    assert g.why_illegal(Order("russia", "invite_ceremony", "rok", "none")) is None
    bench.play(g, Order("russia", "invite_ceremony", "dprk", "none"))
    assert g.why_illegal(Order("russia", "invite_ceremony", "dprk", "none")) == \
        "a ceremony between these two is already pending"
    # a summit between the same two is another matter
    assert g.why_illegal(Order("russia", "propose_summit", "dprk", "none")) is None


# ------------------------------------------------------------------ words and visits
def test_high_level_visit_warms_relations(bench):
    g = bench.game()
    r = bench.play(g, Order("china", "high_level_visit", "dprk"))
    ch = r.by("high_level_visit")
    assert bench.signs(ch) == {"relation.china.dprk": "+", "china.clout": "+",
                               "dprk.clout": "+"}
    assert ch == approx(bench.expected(g, "high_level_visit", "china", "dprk"), abs=1e-3)
    assert r.spent("china") == g.rules.params["high_level_visit"].cost
    assert g.why_illegal(Order("china", "high_level_visit", "china")) == \
        "High-level visit and exchanges cannot target yourself"


def test_six_party_talks_moves_talks_and_the_convener(bench):
    g = bench.game()
    r = bench.play(g, Order("russia", "six_party_talks"))
    ch = r.by("six_party_talks")
    assert bench.signs(ch) == {"russia.clout": "+", "track.talks": "+", "track.tension": "-",
                               "relation.russia.china": "+", "relation.us.russia": "-"}
    assert ch == approx(bench.expected(g, "six_party_talks", "russia"), abs=1e-3)
    assert r.spent("russia") == g.rules.params["six_party_talks"].cost
    assert g.why_illegal(Order("russia", "six_party_talks", "dprk")) == \
        "Push to resume the Six-Party Talks takes no target"


def test_nuclear_talks_alone_moves_little(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "nuclear_talks", "dprk"))
    ch = r.by("nuclear_talks")
    assert ch == approx(bench.expected(g, "nuclear_talks", "us", "dprk"), abs=1e-3)
    assert bench.signs(ch) == {"track.talks": "+"}
    assert r.spent("us") == g.rules.params["nuclear_talks"].cost
    assert any("does not engage" in h for h in r.headlines())


def test_nuclear_talks_both_at_the_table(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "nuclear_talks", "dprk"), Order("dprk", "nuclear_talks", "us"))
    ch = r.by("nuclear_talks")
    assert ch == approx(bench.add(bench.expected(g, "nuclear_talks", "us", "dprk"),
                                  bench.expected(g, "nuclear_talks", "dprk", "us"),
                                  bench.expected(g, "nuclear_talks", "us", "dprk", "joint")),
                        abs=1e-3)
    assert bench.signs(ch) == {"track.talks": "+", "track.tension": "-",
                               "relation.us.dprk": "+", "dprk.nuclear": "-"}
    assert r.spent("us") == r.spent("dprk") == g.rules.params["nuclear_talks"].cost
    assert sum("both sides at the table" in h for h in r.headlines()) == 1


def test_nuclear_talks_preconditions(bench):
    g = bench.game()
    assert g.why_illegal(Order("china", "nuclear_talks", "dprk")) == \
        "China cannot use US–DPRK nuclear negotiations"
    assert g.why_illegal(Order("us", "nuclear_talks", "rok")) == \
        "US–DPRK nuclear negotiations cannot target South Korea"


def test_insert_into_talks_raises_the_insider(bench):
    g = bench.game()
    r = bench.play(g, Order("russia", "insert_into_talks"))
    ch = r.by("insert_into_talks")
    assert bench.signs(ch) == {"influence.russia": "+", "russia.clout": "+",
                               "relation.us.russia": "-", "track.talks": "+"}
    assert ch == approx(bench.expected(g, "insert_into_talks", "russia"), abs=1e-3)
    assert r.spent("russia") == g.rules.params["insert_into_talks"].cost
    assert g.why_illegal(Order("japan", "insert_into_talks")) == \
        "Japan cannot use Insert yourself into the nuclear talks"
    # a seat at the table is claimed at a round of talks, not every month: once a quarter
    assert g.rules.params["insert_into_talks"].cooldown_months == 3
    for turn in (2, 3):
        assert g.why_illegal(Order("russia", "insert_into_talks")) == \
            "used in turn 1; not again before turn 4 (3 months)"
        bench.play(g)
    assert g.why_illegal(Order("russia", "insert_into_talks")) is None
    # China's claim is its own
    assert g.why_illegal(Order("china", "insert_into_talks")) is None


def test_shield_human_rights_pleases_pyongyang_not_the_west(bench):
    g = bench.game()
    r = bench.play(g, Order("china", "shield_human_rights", "dprk"))
    ch = r.by("shield_human_rights")
    assert bench.signs(ch) == {"relation.china.dprk": "+", "relation.us.china": "-",
                               "relation.china.japan": "-", "influence.china": "+",
                               "china.clout": "-"}
    assert ch == approx(bench.expected(g, "shield_human_rights", "china", "dprk"), abs=1e-3)
    assert r.spent("china") == g.rules.params["shield_human_rights"].cost
    assert g.why_illegal(Order("us", "shield_human_rights", "dprk")) == \
        "United States cannot use Shield Pyongyang at the UN on human rights"


def test_kuril_talks_alone_and_together(bench):
    g = bench.game()
    alone = bench.play(g, Order("japan", "kuril_talks", "russia")).by("kuril_talks")
    # pressing alone costs the presser face and cools relations (test_situational_levers)
    assert alone == approx(bench.expected(g, "kuril_talks", "japan", "russia", "alone"),
                           abs=1e-3)
    assert bench.signs(alone) == {"relation.russia.japan": "-", "japan.clout": "-"}
    g = bench.game()
    r = bench.play(g, Order("japan", "kuril_talks", "russia"),
                   Order("russia", "kuril_talks", "japan"))
    ch = r.by("kuril_talks")
    # relations at 5: the session's whole warmth (kuril_thaw 1)
    assert ch == approx(bench.add(bench.expected(g, "kuril_talks", "japan", "russia", "joint"),
                                  bench.expected(g, "kuril_talks", "japan", "russia",
                                                 "warmth")),
                        abs=1e-3)
    assert bench.signs(ch) == {"relation.russia.japan": "+", "japan.kurils": "+",
                               "russia.far_east": "+", "russia.economy": "+"}
    assert r.spent("japan") == g.rules.params["kuril_talks"].cost
    assert g.why_illegal(Order("china", "kuril_talks", "russia")) == \
        "China cannot use Talks on the Northern Territories / Kurils"


def test_denounce_costs_capital_and_sours_relations(bench):
    """Denouncing a state that made no threat lately: relations sour, tension rises, and the
    speaker loses clout (words without a cause); the home audience does not reward it."""
    g = bench.game()
    r = bench.play(g, Order("russia", "denounce", "us"))
    ch = r.by("denounce")
    assert bench.signs(ch) == {"relation.us.russia": "-", "track.tension": "+",
                               "russia.clout": "-", "us.clout": "-"}
    assert ch == approx(bench.add(bench.expected(g, "denounce", "russia", "us"),
                                  bench.expected(g, "denounce", "russia", "us", "empty")),
                        abs=1e-3)
    ru, us = g.rules.name("russia"), g.rules.name("us")
    assert f"{ru} denounces {us}, though {us} has made no threat lately" in r.headlines()
    # words cost a leader's attention: nothing is free (the exploit of issue 9)
    assert r.spent("russia") == g.rules.params["denounce"].cost == 1
    assert g.why_illegal(Order("russia", "denounce", "russia")) == \
        "Public denunciation cannot target yourself"


def test_denouncing_a_threat_pleases_the_home_audience(bench):
    """The passage: Russia denounced U.S. "threats" against the North. After the target's
    threat (here US sanctions on Russia) the denunciation is an answer: the speaker's
    stability rises and it loses no clout; a threat is stale after ``threat_months``, and an
    order in the same turn is not yet known."""
    g = bench.game()
    first = bench.play(g, Order("us", "unilateral_sanctions", "russia"),
                       Order("russia", "denounce", "us"))
    assert "russia.stability" not in first.by("denounce")     # same month: not an answer
    r = bench.play(g, Order("russia", "denounce", "us"))
    ch = r.by("denounce")
    assert bench.signs(ch) == {"relation.us.russia": "-", "track.tension": "+",
                               "russia.stability": "+", "us.clout": "-"}
    assert ch == approx(bench.add(bench.expected(g, "denounce", "russia", "us"),
                                  bench.expected(g, "denounce", "russia", "us", "answer")),
                        abs=1e-3)
    assert f"{g.rules.name('russia')} denounces {g.rules.name('us')}'s threats" in r.headlines()
    months = g.rules.params["denounce"].params.threat_months
    turns = -(-months // g.rules.scenario.turn_months)
    for _ in range(turns - 2):          # fresh in the turn threat_months after the threat
        bench.play(g)
    assert "russia.stability" in bench.play(g, Order("russia", "denounce", "us")).by("denounce")
    assert "russia.stability" not in \
        bench.play(g, Order("russia", "denounce", "us")).by("denounce")   # stale now


def test_washingtons_allies_do_not_answer_each_others_drills_with_it(bench):
    """Seoul's drills with Washington are a threat to Pyongyang, not to Tokyo: Japan's
    denunciation of them has no cause (both are the US's allies); the North's answers."""
    g = bench.game()
    bench.play(g, Order("rok", "joint_drills", "us"), Order("us", "joint_drills", "rok"))
    r = bench.play(g, Order("japan", "denounce", "rok"), Order("dprk", "denounce", "rok"))
    assert r.by("denounce", actor="japan")["japan.clout"] < 0
    assert "japan.stability" not in r.by("denounce", actor="japan")
    assert r.by("denounce", actor="dprk")["dprk.stability"] > 0
    assert "dprk.clout" not in r.by("denounce", actor="dprk")


def test_linkage_scales_with_the_ukraine_confrontation(bench):
    g = bench.game()
    scale = g.state.values["track.ukraine"] / 50.0
    r = bench.play(g, Order("russia", "linkage", "us"))
    ch = r.by("linkage")
    assert bench.signs(ch) == {"relation.us.russia": "-", "alliance.us-rok": "-",
                               "alliance.us-japan": "-", "influence.us": "-",
                               "influence.russia": "+", "russia.clout": "+",
                               "track.tension": "+"}
    # Moscow's own pull grows only with room to grow against Beijing's
    # (test_situational_levers): 15 of 0.35 x 60
    room = 1 - 15 / (0.35 * 60)
    want = bench.expected(g, "linkage", "russia", "us", scale=scale)
    want["influence.russia"] = round(want["influence.russia"] * room, 6)
    assert ch == approx(want, abs=1e-3)
    assert r.spent("russia") == g.rules.params["linkage"].cost
    # a cold Ukraine front still leaves a quarter of the effect
    cold = bench.game("tracks.ukraine.value=5")
    ch_cold = bench.play(cold, Order("russia", "linkage", "us")).by("linkage")
    want_cold = bench.expected(cold, "linkage", "russia", "us", scale=0.25)
    want_cold["influence.russia"] = round(want_cold["influence.russia"] * room, 6)
    assert ch_cold == approx(want_cold, abs=1e-3)
    assert abs(ch_cold["alliance.us-rok"]) < abs(ch["alliance.us-rok"])


def test_linkage_preconditions(bench):
    g = bench.game()
    assert g.why_illegal(Order("china", "linkage", "us")) == \
        "China cannot use Linkage: make Washington pay in Korea"
    assert g.why_illegal(Order("russia", "linkage", "japan")) == \
        "Linkage: make Washington pay in Korea cannot target Japan"


def test_ukraine_pressure_heats_the_confrontation(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "ukraine_pressure", "russia"))
    ch = r.by("ukraine_pressure")
    assert bench.signs(ch) == {"track.ukraine": "+", "russia.economy": "-", "us.clout": "+",
                               "relation.us.russia": "-"}
    assert ch == approx(bench.expected(g, "ukraine_pressure", "us", "russia"), abs=1e-3)
    assert r.spent("us") == g.rules.params["ukraine_pressure"].cost
    assert g.why_illegal(Order("china", "ukraine_pressure", "russia")) == \
        "China cannot use Press Russia over Ukraine"


def test_play_patrons_courts_one_patron_and_pockets_the_rivalry(bench):
    g = bench.game()
    ic, ir = g.state.values["influence.china"], g.state.values["influence.russia"]
    rivalry = min(ic, ir) / max(ic, ir)
    r = bench.play(g, Order("dprk", "play_patrons", "russia"))
    ch = r.by("play_patrons")
    assert bench.signs(ch) == {"influence.russia": "+", "influence.china": "-",
                               "relation.russia.dprk": "+", "relation.russia.china": "-",
                               "dprk.clout": "+", "dprk.hard_currency": "+",
                               "dprk.economy": "+"}
    # the courted patron's influence times its room to grow (15 of 0.35 x 60; see
    # test_situational_levers), the rest in full the first time
    want = bench.add(
        bench.expected(g, "play_patrons", "dprk", "russia"),
        bench.expected(g, "play_patrons", "dprk", "russia", "rivalry", scale=rivalry),
        bench.expected(g, "play_patrons", "dprk", "china", "other_patron"))
    want["influence.russia"] = round(want["influence.russia"] * (1 - ir / (0.35 * ic)), 6)
    assert ch == approx(want, abs=1e-3)
    assert r.spent("dprk") == g.rules.params["play_patrons"].cost
    # two equally strong patrons: Pyongyang pockets the whole rivalry bonus
    even = bench.game("influence.russia=60")
    ch_even = bench.play(even, Order("dprk", "play_patrons", "russia")).by("play_patrons")
    assert ch_even["dprk.hard_currency"] > ch["dprk.hard_currency"]


def test_play_patrons_preconditions(bench):
    g = bench.game()
    assert g.why_illegal(Order("dprk", "play_patrons", "us")) == \
        "Play Beijing and Moscow off each other cannot target United States"
    assert g.why_illegal(Order("china", "play_patrons", "russia")) == \
        "China cannot use Play Beijing and Moscow off each other"


# ------------------------------------------------------------------ history and leaders' time
def test_history_says_who_has_met_and_the_engine_honours_it(bench):
    # 2019: Kim had met Trump (Singapore, Hanoi), Xi and Moon, but never Putin: "this would be
    # the first meeting between the two leaders since Kim came to power in 2011"
    g = bench.game()
    assert ("dprk", "us") in g.state.met and ("china", "dprk") in g.state.met
    assert ("dprk", "russia") not in g.state.met
    bench.play(g, Order("us", "propose_summit", "dprk", "none"),
               Order("russia", "propose_summit", "dprk", "none"))
    us = bench.play(g, Order("dprk", "accept_invitation", "us", "summit"))
    assert not any("first meeting" in h for h in us.headlines())
    assert us.by("accept_invitation") == approx(
        _meeting(g, bench, "propose_summit", "dprk", "us", 1.0), abs=1e-3)
    g2 = bench.game()
    bench.play(g2, Order("russia", "propose_summit", "dprk", "none"))
    ru = bench.play(g2, Order("dprk", "accept_invitation", "russia", "summit"))
    assert any("first meeting" in h for h in ru.headlines())
    assert ru.by("accept_invitation") == approx(
        _meeting(g2, bench, "propose_summit", "dprk", "russia", 1.5), abs=1e-3)


def test_leaders_who_met_wait_before_meeting_again(bench):
    g = bench.game()
    p = g.rules.params["propose_summit"].params
    assert p.cooldown_months == 6 and g.scenario.turn_months == 1
    bench.play(g, Order("russia", "propose_summit", "dprk", "none"))
    bench.play(g, Order("dprk", "accept_invitation", "russia", "summit"))     # met in turn 2
    for who, whom in (("russia", "dprk"), ("dprk", "russia")):
        assert g.why_illegal(Order(who, "propose_summit", whom, "none")) == \
            "these two leaders met in turn 2; not again before turn 8 (6 months)"
    assert Order("russia", "propose_summit", "dprk", "talks") not in g.legal_orders("russia")
    # other leaders are free; a ceremony has its own, longer wait (once a year)
    assert g.why_illegal(Order("russia", "propose_summit", "rok", "none")) is None
    assert g.why_illegal(Order("russia", "invite_ceremony", "dprk", "none")) == \
        "these two leaders met in turn 2; not again before turn 14 (12 months)"
    for _ in range(5):
        bench.play(g)
    assert g.state.turn == 8
    assert g.why_illegal(Order("russia", "propose_summit", "dprk", "none")) is None
    # quarterly turns: six months are two turns
    q = bench.game("turn_months=3", "turns=8")
    bench.play(q, Order("russia", "propose_summit", "dprk", "none"))
    bench.play(q, Order("dprk", "accept_invitation", "russia", "summit"))
    assert q.why_illegal(Order("russia", "propose_summit", "dprk", "none")) == \
        "these two leaders met in turn 2; not again before turn 4 (6 months)"


def test_a_leader_whose_time_is_scarce_meets_no_one_else_for_a_while(bench):
    # leaders' time (actors.X.summit_months): Kim meets Putin in turn 2; for four months he
    # meets no other leader — invited (the meeting would be next turn), inviting or
    # accepting — while leaders without the limit go on meeting each other
    g = bench.game("actors.dprk.summit_months=4")
    bench.play(g, Order("russia", "propose_summit", "dprk", "none"),
               Order("china", "propose_summit", "dprk", "none"))
    bench.play(g, Order("dprk", "accept_invitation", "russia", "summit"))   # met in turn 2
    busy = ("North Korea's leader met another leader in turn 2; no meeting before turn 6 "
            "(4 months: leaders' time is scarce)")
    assert g.why_illegal(Order("china", "propose_summit", "dprk", "none")) == busy
    assert g.why_illegal(Order("dprk", "propose_summit", "rok", "none")) == busy
    assert g.why_illegal(Order("china", "propose_summit", "rok", "none")) is None
    # Beijing's invitation of turn 1 lapsed unanswered; a new one sent in turn 5 is answered
    # in turn 6, when Kim is free again
    for _ in range(2):
        bench.play(g)
    assert g.state.turn == 5
    assert g.why_illegal(Order("china", "propose_summit", "dprk", "none")) is None
    # accepting is a meeting too: Kim invited Seoul and Moscow invited Kim in turn 1; in
    # turn 2 he goes to Moscow (answers resolve in the fixed actor order), and Seoul's
    # acceptance of his invitation, re-checked as it resolves, fails; so does an invitation
    # sent to him the same turn, before the news
    h = bench.game("actors.dprk.summit_months=4")
    bench.play(h, Order("russia", "propose_summit", "dprk", "none"),
               Order("dprk", "propose_summit", "rok", "none"))
    r = bench.play(h, Order("dprk", "accept_invitation", "russia", "summit"),
                   Order("rok", "accept_invitation", "dprk", "summit"),
                   Order("japan", "propose_summit", "dprk", "none"))
    heads = r.headlines()
    assert f"South Korea: Accept a summit or invitation fails — {busy}" in heads
    assert f"Japan: Propose a summit fails — {busy}" in heads
    assert sum(" summit held" in x for x in heads) == 1
    # and without the limit (the shipped scenarios) only each pair waits
    free = bench.game()
    bench.play(free, Order("russia", "propose_summit", "dprk", "none"))
    bench.play(free, Order("dprk", "accept_invitation", "russia", "summit"))
    assert free.why_illegal(Order("china", "propose_summit", "dprk", "none")) is None


def test_a_meeting_warms_relations_less_the_warmer_they_are(bench):
    # "largely an international Kabuki Theater": a summit warms the pair's relation fully
    # at 20 or below, half at 40, not at all from 60 (warm_ceiling 60, warm_span 40); the
    # rest of the meeting (clout, influence, the deal item) does not fade
    from game.engine.levers.diplomacy import meeting_effects, meeting_warmth

    def total(deltas):
        return bench.add(*({k: d} for k, d in deltas))
    got = {}
    for rel in (10, 40, 70):
        g = bench.game(f"relations.russia-dprk={rel}")
        assert meeting_warmth(g.rules, g.state, "russia", "dprk", "summit") == \
            approx(min(1.0, max(0.0, (60 - rel) / 40)), abs=1e-9)
        invite = Order("russia", "propose_summit", "dprk", "none")
        lv, lp = g.rules.levers["propose_summit"], g.rules.params["propose_summit"]
        foreseen = total(lv.outcomes(g.rules, g.state, invite, lp).yes)
        bench.play(g, invite)
        pr = g.state.proposals[0]
        estimate = total(meeting_effects(g.rules, g.state, pr))
        got[rel] = bench.play(g, Order("dprk", "accept_invitation", "russia", "summit")).by(
            "accept_invitation")
        # what the host foresaw, what the invitee weighs and what happens agree
        assert got[rel] == approx({k: v for k, v in estimate.items() if v}, abs=1e-3)
        assert foreseen == approx(estimate, abs=1e-3)
    first = g.rules.params["propose_summit"].params.first_meeting
    assert got[10]["relation.russia.dprk"] == approx(8 * first, abs=1e-3)
    assert got[40]["relation.russia.dprk"] == approx(4 * first, abs=1e-3)
    assert "relation.russia.dprk" not in got[70]
    assert got[70]["influence.russia"] == got[10]["influence.russia"] > 0
    # the quick estimate of an invitation knows it too: at 70 only the rebuff's chill is
    # left of the relation; a scenario may let meetings warm at any level
    invite = Order("russia", "propose_summit", "dprk", "none")
    warm = bench.game("relations.russia-dprk=70")
    always = bench.game("relations.russia-dprk=70",
                        "levers.propose_summit.params.warm_ceiling=200")
    assert meeting_warmth(always.rules, always.state, "russia", "dprk", "summit") == 1.0
    w = total(warm.rules.expected(warm.state, invite)).get("relation.russia.dprk", 0.0)
    a = total(always.rules.expected(always.state, invite)).get("relation.russia.dprk", 0.0)
    assert w < 0 < a


def test_words_alone_cannot_start_a_war(bench):
    # denunciations push tension up to the scenario's words ceiling and no further; a nuclear
    # test (military) can go past it
    g = bench.game("tracks.tension.value=68")
    assert g.rules.drift.words_ceiling == 70 and g.rules.war_at == 100
    r = bench.play(g, *(Order("dprk", "denounce", t) for t in ("us", "rok", "japan")))
    assert r.by("denounce")["track.tension"] == approx(2.0)      # 68 -> 70, then nothing
    assert g.rules.params["denounce"].effects.tracks["tension"] == 2
    g2 = bench.game("tracks.tension.value=69")
    r2 = bench.play(g2, Order("dprk", "nuclear_test"))
    assert r2.by("nuclear_test")["track.tension"] == approx(14.0)
    # the ceiling is the scenario's: without one, the same words go on raising tension
    g3 = bench.game("tracks.tension.value=68", "drift.words_ceiling=100")
    r3 = bench.play(g3, *(Order("dprk", "denounce", t) for t in ("us", "rok", "japan")))
    assert r3.by("denounce")["track.tension"] == approx(6.0)
