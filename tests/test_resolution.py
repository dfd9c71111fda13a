"""Resolution order, as named cases: which phase comes first, and in what order orders go
within a phase. Order is read from the ledger (entry index) and from what a later phase sees
of an earlier one. See game/engine/RULES.md."""
from __future__ import annotations

import pytest

from game.engine import IllegalOrderError, Order
from game.engine.resolve import ORDER_PHASES

from conftest import ANY_TIME

PERMANENT = ("us", "russia", "china")


def _first(r, lever, kind="lever", actor=None):
    return r.entries(lever, kind, actor)[0][0]


def _last(r, lever, kind="lever", actor=None):
    return r.entries(lever, kind, actor)[-1][0]


# ------------------------------------------------------------------ the Security Council
def test_resolution_passes_with_no_veto(bench):
    g = bench.game()
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    r = bench.play(g)
    assert g.history[2]["track.un_sanctions"] > g.history[1]["track.un_sanctions"]
    assert r.by("unsc_resolution", kind="resolution")["track.un_sanctions"] > 0
    assert any("UN Security Council adopts United States's resolution" in h
               for h in r.headlines(public_only=True))


@pytest.mark.parametrize("vetoer,proposer", [("russia", "us"), ("china", "us"),
                                             ("russia", "japan")])
def test_resolution_fails_with_a_veto_by_any_permanent_member(bench, vetoer, proposer):
    g = bench.game()
    bench.play(g, Order(proposer, "unsc_resolution", "dprk"))
    r = bench.play(g, Order(vetoer, "veto", proposer))
    vote = r.by("unsc_resolution", kind="resolution")
    assert "track.un_sanctions" not in vote
    assert vote[f"{proposer}.clout"] < 0
    assert g.history[2]["track.un_sanctions"] < g.history[1]["track.un_sanctions"]  # erosion only
    assert any(f"fails: vetoed by {g.rules.name(vetoer)}" in h for h in r.headlines())
    assert g.state.proposals == []


def test_two_vetoes_are_both_named(bench):
    g = bench.game()
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    r = bench.play(g, Order("russia", "veto", "us"), Order("china", "veto", "us"))
    assert any("vetoed by Russia, China" in h for h in r.headlines())
    assert set(r.by("veto")) >= {"influence.russia", "influence.china"}


@pytest.mark.parametrize("member", ["dprk", "rok", "japan"])
def test_non_permanent_members_cannot_veto(bench, member):
    g = bench.game()
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    assert g.why_illegal(Order(member, "veto", "us")) is not None
    with pytest.raises(IllegalOrderError):
        g.submit(member, [Order(member, "veto", "us")])
    assert set(g.rules.permanent) == set(PERMANENT)


def test_washington_does_not_shield_pyongyang(bench):
    # a permanent member, but not the North's "friend on the UN Security Council": it may
    # not veto its ally's draft, and the planners do not count it among the vetoers
    g = bench.game()
    bench.play(g, Order("japan", "unsc_resolution", "dprk"))
    assert g.why_illegal(Order("us", "veto", "japan")) == \
        "United States cannot use Veto a Security Council resolution"
    lv = g.rules.levers["unsc_resolution"]
    oc = lv.outcomes(g.rules, g.state, Order("japan", "unsc_resolution", "dprk"),
                     g.rules.params["unsc_resolution"])
    assert oc.deciders == ("russia", "china")
    # a scenario may give it back
    h = bench.game("levers.veto.who=[us, russia, china]")
    bench.play(h, Order("japan", "unsc_resolution", "dprk"))
    assert h.why_illegal(Order("us", "veto", "japan")) is None


def test_a_veto_in_the_responses_phase_kills_a_resolution_tabled_the_turn_before(bench):
    g = bench.game()
    # tabled this turn: nothing to veto yet
    g.submit("us", [Order("us", "unsc_resolution", "dprk")])
    with pytest.raises(IllegalOrderError, match="no resolution by that state"):
        g.submit("china", [Order("china", "veto", "us")])
    g.resolve()
    r = bench.play(g, Order("china", "veto", "us"))
    # the veto (responses) is recorded before the vote that follows it in the same phase
    assert _last(r, "veto") < _first(r, "unsc_resolution", "resolution")
    assert "track.un_sanctions" not in r.by("unsc_resolution", kind="resolution")


def test_a_resolution_tabled_while_another_is_voted(bench):
    # Japan tables in turn 2 while the US's turn-1 resolution is voted: only the old one is
    # settled, the new one waits for turn 3
    g = bench.game()
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    r = bench.play(g, Order("japan", "unsc_resolution", "dprk"))
    assert sum("adopts" in h for h in r.headlines()) == 1
    [pr] = g.state.proposals
    assert (pr.proposer, pr.turn) == ("japan", 2)


# ------------------------------------------------------------------ responses, then proposals
def test_accept_of_an_invitation_happens_before_new_proposals(bench):
    g = bench.game()
    bench.play(g, Order("us", "propose_summit", "dprk", "none"))
    r = bench.play(g, Order("dprk", "accept_invitation", "us", "summit"),
                   Order("us", "high_level_visit", "dprk"),
                   Order("china", "propose_summit", "dprk", "none"))
    assert _last(r, "accept_invitation") < _first(r, "high_level_visit")
    heads = r.headlines()
    held = next(i for i, h in enumerate(heads) if "summit held" in h)
    invited = next(i for i, h in enumerate(heads) if "China invites North Korea" in h)
    assert held < invited
    # the new invitation is not settled (or lapsed) in the turn it is made
    [pr] = g.state.proposals
    assert (pr.proposer, pr.target, pr.turn) == ("china", "dprk", 2)
    assert g.why_illegal(Order("dprk", "accept_invitation", "china", "summit")) is None


def test_an_invitation_cannot_be_answered_in_the_turn_it_is_made(bench):
    g = bench.game()
    g.submit("us", [Order("us", "propose_summit", "dprk", "none")])
    with pytest.raises(IllegalOrderError, match="no invitation of that kind"):
        g.submit("dprk", [Order("dprk", "accept_invitation", "us", "summit")])


# ------------------------------------------------------------------ joint levers
def test_drills_need_both_partners_in_the_same_turn(bench):
    g = bench.game()
    r1 = bench.play(g, Order("us", "joint_drills", "japan"))
    r2 = bench.play(g, Order("japan", "joint_drills", "us"))
    assert r1.by("joint_drills") == {} and r2.by("joint_drills") == {}
    r3 = bench.play(g, Order("us", "joint_drills", "japan"), Order("japan", "joint_drills", "us"))
    assert r3.by("joint_drills")["alliance.us-japan"] > 0


# ------------------------------------------------------------------ phase against phase
def test_costs_are_paid_before_anything_else(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "reassure_ally", "rok"), Order("dprk", "missile_test"))
    costs = [i for i, _ in r.entries(None, "cost")]
    others = [i for i, _ in r.entries(None, None) if i not in costs]
    assert costs and max(costs) < min(others)


def test_economy_resolves_before_military(bench):
    g = bench.game("kaesong_open=true")
    r = bench.play(g, Order("russia", "arms_transfer", "dprk"), Order("rok", "close_kaesong", "dprk"))
    # Russia is listed first in the fixed actor order, but its military order comes later
    assert _last(r, "close_kaesong") < _first(r, "arms_transfer")


def test_an_order_legal_when_submitted_can_fail_when_its_phase_comes(bench):
    price = bench.game().rules.params["arms_transfer"].params.dprk_price
    close = bench.game().rules.params["close_kaesong"].effects.indicators["target"][
        "hard_currency"]
    hc = price - close - 1           # enough at submission, not after Kaesong closes
    assert price <= hc < price - close
    g = bench.game("kaesong_open=true", f"actors.dprk.indicators.hard_currency={hc:g}")
    assert g.why_illegal(Order("russia", "arms_transfer", "dprk")) is None
    r = bench.play(g, Order("russia", "arms_transfer", "dprk"), Order("rok", "close_kaesong", "dprk"))
    assert r.by("arms_transfer") == {}
    assert r.spent("russia") == g.rules.params["arms_transfer"].cost      # paid anyway
    assert any("Arms sale or transfer fails — Pyongyang cannot pay" in h for h in r.headlines())


def test_sanctions_resolve_before_economy_and_diplomacy_before_sanctions(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "trade_agreement", "rok"),
                   Order("us", "unilateral_sanctions", "dprk"),
                   Order("us", "high_level_visit", "japan"))
    assert _last(r, "high_level_visit") < _first(r, "unilateral_sanctions") \
        < _first(r, "trade_agreement")


def test_the_whole_turn_follows_the_documented_phases(bench):
    lever = "chemical_exports"
    g = bench.game(f"levers.{lever}.detection=1.0", "events.workers_deadline.date=2019-05-01",
                   ANY_TIME, quiet=False)
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    r = bench.play(g, Order("china", "veto", "us"), Order("russia", "high_level_visit", "dprk"),
                   Order("japan", "enforce_strictly"), Order("rok", "far_east_investment", "russia"),
                   Order("us", "reassure_ally", "japan"), Order("dprk", lever))
    rank_of = {p: i for i, p in enumerate(("cost",) + ORDER_PHASES
                                          + ("detection", "event", "drift"))}

    def rank(c):
        if c.kind == "lever":
            return rank_of[g.rules.levers[c.lever].phase]
        if c.kind == "resolution":
            return rank_of["responses"]
        if c.kind in ("capital", "project"):     # the coal terminal's income: drift
            return rank_of["drift"]
        return rank_of[c.kind]

    ranks = [rank(e[3]) for _, e in r.entries(None, None)]
    assert ranks == sorted(ranks)
    assert set(ranks) == set(rank_of.values())          # every phase had something to do


# ------------------------------------------------------------------ within a phase
def test_within_a_phase_the_fixed_actor_order_decides_not_submission_order(bench):
    g = bench.game()
    g.submit("japan", [Order("japan", "high_level_visit", "rok")])
    g.submit("us", [Order("us", "high_level_visit", "rok")])
    g.submit("china", [Order("china", "high_level_visit", "rok")])
    g.resolve()
    seq = [c.actor for t, k, d, c in g.ledger.entries if c.lever == "high_level_visit"]
    assert list(dict.fromkeys(seq)) == ["us", "china", "japan"]


def test_within_a_state_its_orders_go_in_the_order_it_listed_them(bench):
    for first, second in (("denounce", "high_level_visit"), ("high_level_visit", "denounce")):
        g = bench.game()
        r = bench.play(g, Order("russia", first, "us"), Order("russia", second, "us"))
        assert _last(r, first) < _first(r, second)


def test_clamping_makes_actor_order_matter(bench):
    # two states push DPRK clout up towards its ceiling: the first in actor order gets the room
    g = bench.game("actors.dprk.indicators.clout=99.6")
    r = bench.play(g, Order("china", "high_level_visit", "dprk"),
                   Order("russia", "high_level_visit", "dprk"))
    assert r.by("high_level_visit", actor="russia")["dprk.clout"] == pytest.approx(0.4)
    assert "dprk.clout" not in r.by("high_level_visit", actor="china")


# ------------------------------------------------------------------ submitting orders
def test_orders_may_not_cost_more_than_the_capital(bench):
    g = bench.game()
    cap = g.state.capital("us")
    orders, spent = [], 0
    for o in (Order("us", "unilateral_sanctions", "dprk"), Order("us", "propose_summit", "dprk",
                                                                   "none"),
              Order("us", "unsc_resolution", "dprk"), Order("us", "ease_sanctions", "russia"),
              Order("us", "reassure_ally", "rok"), Order("us", "reassure_ally", "japan")):
        c = g.rules.cost(o)
        if spent + c > cap:
            with pytest.raises(IllegalOrderError, match="political capital"):
                g.submit("us", orders + [o])
            break
        orders.append(o)
        spent += c
    else:
        pytest.fail("the orders never exceeded the capital")
    g.submit("us", orders)
    assert g.pending["us"] == orders


def test_submit_rejects_the_same_order_twice_and_others_orders(bench):
    g = bench.game()
    o = Order("russia", "denounce", "us")
    with pytest.raises(IllegalOrderError, match="the same order twice"):
        g.submit("russia", [o, Order("russia", "denounce", "us", reason="again")])
    with pytest.raises(IllegalOrderError, match="an order for us in russia's orders"):
        g.submit("russia", [Order("us", "denounce", "russia")])
    with pytest.raises(IllegalOrderError, match="unknown state"):
        g.submit("korea", [])
    assert g.why_illegal(Order("russia", "no_such_lever")) == "unknown lever 'no_such_lever'"
    # a later submission replaces the earlier one
    g.submit("russia", [o])
    g.submit("russia", [])
    assert g.pending["russia"] == []


def test_a_seat_that_submits_nothing_does_nothing(bench):
    g = bench.game()
    r = bench.play(g)
    assert r.entries(None, "lever") == [] and r.entries(None, "cost") == []


# ------------------------------------------------------------------ the war ending
def test_tension_at_war_at_ends_the_game_in_war(bench):
    g = bench.game("tracks.tension.value=99")
    assert g.rules.war_at == 100
    r = bench.play(g, Order("dprk", "missile_test"))
    assert g.over and g.state.war and r.report.war and r.report.over
    assert g.scores() == {a: 0.0 for a in g.actors}
    assert r.report.scores == {a: 0.0 for a in g.actors}
    # no drift in a war turn: the war is on record at the top of the track
    assert g.state.values["track.tension"] == 100
    assert not [e for e in g.ledger.turn_entries(1) if e[3].kind in ("drift", "capital")]
    assert all(row["points"] == 0.0 for row in g.rules.score_parts(g.state, "us"))
    assert any(h.startswith("WAR on the Korean peninsula") for h in r.headlines(public_only=True))
    assert g.public_view().war is True
    assert g.legal_orders("dprk") == []
    with pytest.raises(IllegalOrderError, match="the game is over"):
        g.submit("us", [])
    with pytest.raises(IllegalOrderError, match="the game is over"):
        g.resolve()
    assert g.run() == []


def test_tension_below_war_at_is_no_war(bench):
    g = bench.game("tracks.tension.value=80")
    bench.play(g, Order("dprk", "missile_test"))
    assert not g.over and not g.state.war
    assert all(s > 0 for s in g.scores().values())


def test_a_lower_war_at_is_respected(bench):
    g = bench.game("tracks.tension.value=85", "tracks.tension.war_at=90")
    bench.play(g, Order("dprk", "missile_test"))
    assert g.state.war


def test_the_game_ends_after_its_last_turn(bench):
    g = bench.game("turns=3")
    reports = g.run()
    assert [r.turn for r in reports] == [1, 2, 3]
    assert g.over and not g.state.war and reports[-1].over
    with pytest.raises(IllegalOrderError, match="the game is over"):
        g.submit("dprk", [])


def test_a_scripted_event_whose_orders_are_all_refused_says_it_was_overtaken(bench):
    """2019: Moscow's scripted invitation to Vladivostok comes after the players' own
    diplomacy; if a Russia–DPRK summit offer is already pending, the event's order is refused
    and its headline says so (it used to announce an invitation that was never sent)."""
    from game.engine import Order
    g = bench.game(quiet=False)
    r = bench.play(g, Order("dprk", "propose_summit", "russia", "none"))
    heads = r.headlines()
    assert ("Moscow invites Kim Jong-un to Vladivostok? Overtaken by events: a summit "
            "between these two is already pending") in heads
    assert "Moscow invites Kim Jong-un to Vladivostok" not in heads
    g2 = bench.game(quiet=False)
    heads2 = bench.play(g2).headlines()
    assert "Moscow invites Kim Jong-un to Vladivostok" in heads2
    assert not [h for h in heads2 if "Overtaken" in h]
