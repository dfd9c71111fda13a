"""Casebook: the alliance and military levers. Each case isolates the order under test and
reads its ledger entries; see test_casebook_sanctions.py for the method."""
from __future__ import annotations

from pytest import approx

from game.engine import Order
from game.engine.state import pair_key


def test_joint_drills_need_both_partners_the_same_turn(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "joint_drills", "rok"))
    assert r.by("joint_drills") == {}
    assert r.spent("us") == g.rules.params["joint_drills"].cost      # paid all the same
    assert any("the exercise is called off" in h for h in r.headlines())
    # next turn Seoul drills, Washington does not: still nothing
    r2 = bench.play(g, Order("rok", "joint_drills", "us"))
    assert r2.by("joint_drills") == {}


def test_joint_drills_together_tighten_the_alliance_and_threaten_rivals(bench):
    g = bench.game()
    v = g.state.values
    hostile = g.rules.params["joint_drills"].params.hostile_below
    threatened = [a for a in ("russia", "china", "dprk", "japan")
                  if min(v[pair_key("relation", a, "us")],
                         v[pair_key("relation", a, "rok")]) < hostile]
    assert threatened == ["russia", "dprk"]
    r = bench.play(g, Order("us", "joint_drills", "rok"), Order("rok", "joint_drills", "us"))
    ch = r.by("joint_drills")
    parts = [bench.expected(g, "joint_drills", "us", "rok")]
    for other in threatened:
        parts.append(bench.expected(g, "joint_drills", "us", other, "threatened"))
        parts.append(bench.expected(g, "joint_drills", "rok", other, "threatened"))
    assert ch == approx(bench.add(*parts), abs=1e-3)
    assert bench.signs(ch) == {"alliance.us-rok": "+", "us.military": "+", "rok.military": "+",
                               "relation.us.rok": "+", "track.tension": "+",
                               "relation.us.russia": "-", "relation.russia.rok": "-",
                               "relation.us.dprk": "-", "relation.dprk.rok": "-"}
    assert r.spent("us") == r.spent("rok") == g.rules.params["joint_drills"].cost
    # applied once for the pair, not once per order
    assert sum("hold joint military exercises" in h for h in r.headlines()) == 1


def test_joint_drills_with_the_wrong_partner_do_nothing(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "joint_drills", "rok"), Order("rok", "joint_drills", "us"),
                   Order("japan", "joint_drills", "us"))
    assert r.by("joint_drills", actor="japan") == {}      # the US drilled with Seoul


def test_joint_drills_only_between_allies_and_the_maneuvers_the_passage_names(bench):
    g = bench.game()
    pairs = g.rules.params["joint_drills"].pairs
    assert pairs == ["us-rok", "us-japan", "russia-dprk"]
    assert g.why_illegal(Order("rok", "joint_drills", "japan")) == \
        ("Joint military exercises: South Korea and Japan are not one of its pairs "
         "(us-rok, us-japan, russia-dprk)")
    assert g.why_illegal(Order("china", "joint_drills", "dprk")) is not None
    assert g.why_illegal(Order("dprk", "joint_drills", "russia")) is None
    drills = {(o.actor, o.target) for a in g.actors for o in g.rules.legal_orders(g.state, a)
              if o.lever == "joint_drills"}
    assert drills == {("us", "rok"), ("rok", "us"), ("us", "japan"), ("japan", "us"),
                      ("russia", "dprk"), ("dprk", "russia")}


def test_drive_wedge_cracks_the_us_alliance(bench):
    g = bench.game()
    r = bench.play(g, Order("russia", "drive_wedge", "rok"))
    ch = r.by("drive_wedge")
    assert bench.signs(ch) == {"alliance.us-rok": "-", "relation.russia.rok": "+",
                               "relation.us.russia": "-"}
    assert ch == approx(bench.expected(g, "drive_wedge", "russia", "rok"), abs=1e-3)
    assert r.spent("russia") == g.rules.params["drive_wedge"].cost
    g2 = bench.game()
    ch2 = bench.play(g2, Order("china", "drive_wedge", "japan")).by("drive_wedge")
    assert ch2["alliance.us-japan"] < 0 and "alliance.us-rok" not in ch2
    assert g.why_illegal(Order("us", "drive_wedge", "rok")) == \
        "United States cannot use Drive a wedge into a US alliance"
    assert g.why_illegal(Order("russia", "drive_wedge", "china")) == \
        "Drive a wedge into a US alliance cannot target China"


def test_reassure_ally_tightens_the_alliance_at_a_cost(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "reassure_ally", "rok"))
    ch = r.by("reassure_ally")
    assert bench.signs(ch) == {"alliance.us-rok": "+", "relation.us.rok": "+",
                               "us.economy": "-"}
    # Seoul at 70: (85 - 70) / (85 - 65) of the reassurance (test_situational_levers)
    assert ch == approx(bench.add(
        bench.expected(g, "reassure_ally", "us", "rok"),
        bench.expected(g, "reassure_ally", "us", "rok", "reassurance", scale=0.75)), abs=1e-3)
    assert r.spent("us") == g.rules.params["reassure_ally"].cost
    assert g.why_illegal(Order("china", "reassure_ally", "dprk")) == \
        "China cannot use Reassure an ally"
    assert g.why_illegal(Order("us", "reassure_ally", "dprk")) == \
        "Reassure an ally cannot target North Korea"


def test_arms_transfer_to_the_dprk_breaks_sanctions_for_hard_currency(bench):
    g = bench.game()
    r = bench.play(g, Order("russia", "arms_transfer", "dprk"))
    ch = r.by("arms_transfer")
    assert ch == approx(bench.expected(g, "arms_transfer", "russia", "dprk", "to_dprk"),
                        abs=1e-3)
    assert bench.signs(ch) == {"dprk.military": "+", "dprk.hard_currency": "-",
                               "russia.economy": "+", "relation.russia.dprk": "+",
                               "relation.us.russia": "-", "relation.russia.japan": "-",
                               "relation.russia.rok": "-", "track.tension": "+"}
    assert r.spent("russia") == g.rules.params["arms_transfer"].cost


def test_arms_transfer_to_the_dprk_needs_hard_currency(bench):
    price = bench.game().rules.params["arms_transfer"].params.dprk_price
    poor = bench.game(f"actors.dprk.indicators.hard_currency={price - 1:g}")
    assert poor.why_illegal(Order("russia", "arms_transfer", "dprk")) == \
        f"Pyongyang cannot pay: it needs {price:g} hard currency"
    assert Order("russia", "arms_transfer", "dprk") not in poor.legal_orders("russia")
    able = bench.game(f"actors.dprk.indicators.hard_currency={price:g}")
    assert able.why_illegal(Order("russia", "arms_transfer", "dprk")) is None


def test_arms_transfer_to_a_creditor_pays_down_debt(bench):
    g = bench.game("debts={dprk-russia: 1.1, russia-rok: 1.5}")
    r = bench.play(g, Order("russia", "arms_transfer", "rok"))
    ch = r.by("arms_transfer")
    paid = g.rules.params["arms_transfer"].params.debt_paid
    assert ch == approx(bench.add(bench.expected(g, "arms_transfer", "russia", "rok"),
                                  {"debt.russia.rok": -paid}), abs=1e-3)
    assert bench.signs(ch) == {"rok.military": "+", "russia.economy": "+",
                               "relation.russia.rok": "+", "debt.russia.rok": "-"}
    # no debt to pay down: the plain transfer only
    g2 = bench.game()
    ch2 = bench.play(g2, Order("russia", "arms_transfer", "rok")).by("arms_transfer")
    assert ch2 == approx(bench.expected(g2, "arms_transfer", "russia", "rok"), abs=1e-3)
    assert g.why_illegal(Order("dprk", "arms_transfer", "rok")) == \
        "North Korea cannot use Arms sale or transfer"


def test_missile_test_jumps_tension_and_angers_neighbours(bench):
    g = bench.game()
    r = bench.play(g, Order("dprk", "missile_test"))
    ch = r.by("missile_test")
    assert bench.signs(ch) == {"dprk.military": "+", "dprk.stability": "+",
                               "dprk.nuclear": "+", "japan.stability": "-",
                               "track.tension": "+", "relation.dprk.japan": "-",
                               "relation.us.dprk": "-", "relation.dprk.rok": "-",
                               "relation.china.dprk": "-"}
    assert ch == approx(bench.expected(g, "missile_test", "dprk"), abs=1e-3)
    assert r.spent("dprk") == g.rules.params["missile_test"].cost
    assert g.why_illegal(Order("us", "missile_test")) == "United States cannot use Missile test"


def test_nuclear_test_is_a_bigger_jump_and_collapses_talks(bench):
    g = bench.game()
    r = bench.play(g, Order("dprk", "nuclear_test"))
    ch = r.by("nuclear_test")
    assert bench.signs(ch) == {"dprk.nuclear": "+", "dprk.stability": "+",
                               "japan.stability": "-", "rok.stability": "-",
                               "track.tension": "+", "track.talks": "-",
                               "track.un_sanctions": "+", "relation.dprk.japan": "-",
                               "relation.us.dprk": "-", "relation.dprk.rok": "-",
                               "relation.china.dprk": "-", "relation.russia.dprk": "-"}
    assert ch == approx(bench.expected(g, "nuclear_test", "dprk"), abs=1e-3)
    assert r.spent("dprk") == g.rules.params["nuclear_test"].cost
    missile = g.rules.params["missile_test"].effects.tracks["tension"]
    assert ch["track.tension"] > missile
    assert g.why_illegal(Order("russia", "nuclear_test")) == "Russia cannot use Nuclear test"
    broke = bench.game("actors.dprk.capital_per_turn=2")
    assert broke.why_illegal(Order("dprk", "nuclear_test")) == \
        f"Nuclear test costs {g.rules.params['nuclear_test'].cost} political capital; 2 left"
