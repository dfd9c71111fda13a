"""The planning computer player (issue 9 item 3): it values an order by what is likely to
follow (others' answers by their own objectives, effects carried to the end of the game, war
and exposure risk), says what it expected, is legal and deterministic, learns from rebuffs and
chooses among equal plans only with the game's seeded generator."""
from __future__ import annotations

import math
from random import Random

import pytest

from game.engine import ACTORS, Game, Order, Rules, load_scenario
from game.engine.ai import ComputerPlayer
from game.engine.planner import (REACT_BIAS, TOP_K, PlanningPlayer, drift_jacobian, forecast,
                                 model_of)
from game.engine.players import make_player

from conftest import ANY_TIME, S2019, SCENARIOS
from test_model_logic import ANY, HISTORICAL, JUSTIFIED, _spam

S2015 = SCENARIOS / "victory-day-2015.yaml"


def _all(level: str) -> dict[str, str | None]:
    return {a: f"computer@{level}" for a in ACTORS}


def test_planner_and_deep_are_levels(rules2019):
    assert isinstance(make_player(rules2019, "us", level="planner"), PlanningPlayer)
    deep = make_player(rules2019, "us", level="deep")
    assert isinstance(deep, PlanningPlayer) and deep.deep
    assert isinstance(make_player(rules2019, "us", level="greedy"), ComputerPlayer)


def _veto_state(rules: Rules) -> Game:
    """2019, turn 1: China's own objectives make a veto of a US resolution on the DPRK
    certain (it shields Pyongyang, its sphere)."""
    return Game(rules, seed=1)


@pytest.fixture(scope="module")
def any_time2019() -> Rules:
    """2019 with a Council that takes resolutions at any time (no nuclear test needed)."""
    return Rules(load_scenario(S2019, [ANY_TIME]))


def test_greedy_tables_a_resolution_china_will_veto_and_the_planner_says_why(any_time2019):
    rules2019 = any_time2019
    g = _veto_state(rules2019)
    res = Order("us", "unsc_resolution", "dprk")
    # greedy counts on half of what passing brings, whoever sits on the Council
    assert res in g.computer_orders("us", level="greedy")
    planner = PlanningPlayer(rules2019, "us")
    lv = rules2019.levers["unsc_resolution"]
    oc = lv.outcomes(rules2019, g.state, res, rules2019.params["unsc_resolution"])
    left = rules2019.scenario.turns
    china = oc.deciders.index("china")
    assert planner._p_yes(oc, china, g.state, left, res) < 0.1     # China vetoes
    chosen = g.computer_orders("us", level="planner")
    tabled = [o for o in chosen if o.lever == "unsc_resolution"]
    # it does not table it, or says that China will veto it and why it tables it anyway
    assert not tabled or "China will likely veto it" in tabled[0].reason, tabled
    cand = next(c for c in planner.candidates(g.state) if c.order == res)
    assert "veto" in cand.why


def test_china_would_not_veto_what_it_wants(rules2019):
    """The veto model can fail: with China's objectives turned round (it wants the North
    squeezed), the planner expects China to let the resolution pass."""
    r = Rules(load_scenario(S2019, [
        "actors.china.objectives=[{key: dprk.economy, direction: down, weight: 3}, "
        "{key: track.un_sanctions, weight: 3}, {key: dprk.nuclear, direction: down, weight: 1}]"]))
    g = Game(r, seed=1)
    res = Order("us", "unsc_resolution", "dprk")
    planner = PlanningPlayer(r, "us")
    oc = r.levers["unsc_resolution"].outcomes(r, g.state, res, r.params["unsc_resolution"])
    china = oc.deciders.index("china")
    assert planner._p_yes(oc, china, g.state, r.scenario.turns, res) > 0.9


def _p_veto(rules: Rules, state, vetoer: str) -> float:
    res = Order("us", "unsc_resolution", "dprk")
    oc = rules.levers["unsc_resolution"].outcomes(rules, state, res,
                                                  rules.params["unsc_resolution"])
    i = oc.deciders.index(vetoer)
    return 1.0 - PlanningPlayer(rules, "us")._p_yes(oc, i, state, rules.scenario.turns, res)


def test_a_state_that_likes_vetoing_is_expected_to_veto_more(rules2019):
    """The decider's own lever_bias for the veto raises the odds others expect of it (the
    sign was once the wrong way round), and a reaction in force (China after a nuclear test:
    "veto: -2") lowers them; compared in log-odds, the planner's unit for a clear call."""
    def logit(p: float) -> float:
        assert 0.0 < p < 1.0, p
        return math.log(p / (1.0 - p))

    keen = Rules(load_scenario(S2019, [
        "actors.china.personalities.stabiliser.lever_bias={veto: 3.0}"]))
    g = Game(rules2019, seed=1)
    p0 = _p_veto(rules2019, g.state, "china")
    p1 = _p_veto(keen, Game(keen, seed=1).state, "china")
    assert logit(p1) > logit(p0) + 1.0, (p0, p1)
    tested = g.state.clone()
    tested.last_lever[("dprk", "nuclear_test")] = tested.turn - 1
    assert logit(_p_veto(rules2019, tested, "china")) < logit(p0) - 0.5


def test_the_planner_anticipates_a_rebuff(rules2019):
    """Pyongyang wants paying for a repeat meeting (its personality's demands): the planner
    expects an invitation without compensation to be rebuffed, one with it to be accepted,
    and never invites without it while it offers compensation."""
    g = Game(rules2019, seed=1)
    g.state.met.add(("china", "dprk"))
    planner = PlanningPlayer(rules2019, "china")
    lv = rules2019.levers["propose_summit"]
    left = rules2019.scenario.turns

    def p_yes(option: str) -> float:
        o = Order("china", "propose_summit", "dprk", option)
        oc = lv.outcomes(rules2019, g.state, o, rules2019.params["propose_summit"])
        return planner._p_yes(oc, 0, g.state, left, o)

    assert p_yes("none") < 0.5 < p_yes("compensation")
    by = {c.order.option: c for c in planner.candidates(g.state)
          if c.order.lever == "propose_summit" and c.order.target == "dprk"}
    assert by["none"].value < by["compensation"].value
    assert "rebuff" in by["none"].why


@pytest.mark.parametrize("path", [S2015, S2019], ids=["2015", "2019"])
def test_no_planned_order_targets_a_state_its_passage_does_not_justify(path):
    r = Rules(load_scenario(path))
    wrong = []
    for seed in range(3):
        g = Game(r, seed)
        for rep in g.run(seats=_all("planner")):
            for a, orders in rep.orders.items():
                for o in orders:
                    allowed = JUSTIFIED[o.lever].get(a, "nobody")
                    if allowed == "nobody" or (r.levers[o.lever].target and allowed is not ANY
                                               and o.target not in allowed):
                        wrong.append((a, o.lever, o.target))
                    assert o.reason, o
    assert not wrong, wrong


@pytest.mark.parametrize("scenario", sorted(HISTORICAL))
def test_the_denunciation_exploit_fails_against_planners(scenario):
    """One seat denouncing all five others every turn, the others planning: no war."""
    r = Rules(load_scenario(HISTORICAL[scenario]))
    for actor in ("russia", "dprk", "us"):
        for seed in range(2):
            g = Game(r, seed=seed)
            while not g.over:
                g.submit(actor, _spam(g, actor, "denounce"))
                g.play_turn(_all("planner"))
            assert not g.state.war, (actor, seed)


def test_planners_are_deterministic(rules2019):
    a, b = Game(rules2019, 7), Game(rules2019, 7)
    da = [r.digest for r in a.run(seats=_all("planner"))]
    db = [r.digest for r in b.run(seats=_all("planner"))]
    assert da == db
    g = Game(rules2019, 3)
    for actor in ACTORS:
        p = PlanningPlayer(rules2019, actor)
        assert p.choose(g.state, Random(5)) == p.choose(g.state, Random(5))


def _key(orders):
    return tuple(sorted((o.lever, o.target or "", o.option or "") for o in orders))


def test_planners_choose_among_equal_plans_only(rules2019, monkeypatch):
    """Where sets are planned to be worth the same (within TIE), the seeded generator picks
    one, so games differ from seed to seed; every pick is one of those equal sets; with
    TIE 0 the generator is never read and the pick is always the best set."""
    import game.engine.planner as planner_mod
    g = Game(rules2019, 3)
    varied = 0
    for actor in ACTORS:
        p = PlanningPlayer(rules2019, actor)
        ranked = p.sets(g.state, p.candidates(g.state), planner_mod.TOP_K)
        equal = {_key(c.order for c in combo) for v, combo in ranked
                 if v >= ranked[0][0] - planner_mod.TIE}
        picks = {_key(p.choose(g.state, Random(seed))) for seed in range(12)}
        # each pick is one of the equal sets (plus what the capital left over buys)
        assert all(any(set(eq) <= set(pk) for eq in equal) for pk in picks), actor
        varied += len(picks) > 1
        if len(equal) == 1:
            rng = Random(5)
            before = rng.getstate()
            p.choose(g.state, rng)
            assert rng.getstate() == before, actor
    assert varied >= 2        # several states have a choice between equals on turn 1
    monkeypatch.setattr(planner_mod, "TIE", 0.0)
    for actor in ACTORS:
        p = PlanningPlayer(rules2019, actor)
        ranked = p.sets(g.state, p.candidates(g.state), planner_mod.TOP_K)
        rng = Random(5)
        before = rng.getstate()
        assert set(_key(c.order for c in ranked[0][1])) <= set(_key(p.choose(g.state, rng))), \
            actor
        assert rng.getstate() == before, actor


def test_an_invitation_left_to_lapse_is_remembered_and_lowers_the_next_odds(rules2019):
    """The engine records an invitation left unanswered (State.snubbed) and a rebuffed one;
    the planner then expects the same leader to accept the next less, until they meet or
    SNUB_TURNS pass."""
    import game.engine.planner as planner_mod
    g = Game(rules2019, seed=1)
    us = PlanningPlayer(rules2019, "us")
    lv = rules2019.levers["propose_summit"]
    ask = Order("us", "propose_summit", "japan", "none")

    def p_yes(state) -> float:
        oc = lv.outcomes(rules2019, state, ask, rules2019.params["propose_summit"])
        return us._p_yes(oc, 0, state, rules2019.scenario.turns, ask)

    fresh = p_yes(g.state)
    g.submit("us", [ask])
    g.play_turn({a: "computer@pass" for a in ACTORS})
    assert g.state.proposals                      # asked in turn 1, due in turn 2
    g.play_turn({a: "computer@pass" for a in ACTORS})      # Japan says nothing: it lapses
    assert g.state.snubbed[("us", "japan")] == 2
    cut = p_yes(g.state)
    assert cut < 0.5 * fresh
    later = g.state.clone()
    later.turn += planner_mod.SNUB_TURNS
    assert p_yes(later) > cut
    met = g.state.clone()
    met.last_met[("japan", "us")] = g.state.turn
    assert p_yes(met) == pytest.approx(fresh, rel=0.2)
    # a rebuff is remembered the same way
    g2 = Game(rules2019, seed=1)
    g2.submit("us", [ask])
    g2.play_turn({a: "computer@pass" for a in ACTORS})
    no = next(o for o in g2.legal_orders("japan") if o.lever == "rebuff_invitation"
              and o.target == "us")
    g2.submit("japan", [no])
    g2.play_turn({a: "computer@pass" for a in ACTORS})
    assert g2.state.snubbed[("us", "japan")] == 2


def test_capital_left_over_is_spent_on_what_is_planned_to_gain(rules2019):
    """After the best set, the rest of the turn's capital goes to the best remaining
    candidates planned to gain, one lever once and one meeting a turn; none planned to lose."""
    g = Game(rules2019, 3)
    p = PlanningPlayer(rules2019, "japan")
    cands = p.candidates(g.state)
    first = [c for c in cands if not c.answer][:1]
    out = p._fill(g.state, cands, first)
    assert out[:1] == first
    assert sum(c.cost for c in out) <= g.state.capital("japan")
    assert len(out) <= p.p.max_orders
    assert all(c.value > 0 for c in out[1:])
    levers = [c.lever.id for c in out]
    assert len(levers) == len(set(levers))
    assert sum(c.meeting for c in out) <= 1
    gain = [c for c in cands if c.value > 0 and not c.answer and c.cost <= g.state.capital("japan")
            - first[0].cost and c.lever.id != first[0].lever.id]
    if gain:
        assert len(out) > 1


def test_capital_left_over_is_not_spent_on_what_takes_the_state_near_war():
    """A filler that raises tension is valued with the war risk it adds: the same missile
    test, planned to gain a little, fills Pyongyang's spare capital at calm tension and not
    a few points below war (a Russian spammer's games ended in war this way)."""
    from dataclasses import replace
    r = Rules(load_scenario(HISTORICAL["2015"]))
    p = PlanningPlayer(r, "dprk")
    picked = {}
    for tension in (40.0, r.war_at - 11.0):
        g = Game(r, 1)
        g.state.values["track.tension"] = tension
        g.state.memo = {}
        test = next(c for c in p.candidates(g.state) if c.lever.id == "missile_test")
        assert test.tension > 0
        test = replace(test, value=0.3)          # planned to gain, before the war risk
        picked[tension] = p._fill(g.state, [test], [])
    assert [c.lever.id for c in picked[40.0]] == ["missile_test"]
    assert picked[r.war_at - 11.0] == []


def test_planners_reckon_with_the_tension_events_may_add_this_turn():
    """2015: the Russia–DPRK maneuvers are scripted for October (turn 7) and shots across
    the DMZ (chance 0.12, +6) can come once tension is 60: a planner counts both, at their
    chance, in the tension it expects from the others this turn (a war came from them at 90)."""
    from game.engine.planner import events_tension
    r = Rules(load_scenario(HISTORICAL["2015"]))
    drills = r.params["joint_drills"].effects.tracks["tension"]
    g = Game(r, 1)
    assert events_tension(r, g.state) == 0.0                   # tension 45, turn 1
    g.state.values["track.tension"] = 80.0
    g.state.memo = {}
    assert events_tension(r, g.state) == pytest.approx(0.12 * 6)
    g.state.turn = 7
    g.state.memo = {}
    assert events_tension(r, g.state) == pytest.approx(0.12 * 6 + drills)
    assert PlanningPlayer(r, "us")._others_tension(g.state) >= 0.12 * 6 + drills


def test_planned_games_replay_and_verify(tmp_path):
    """A game of planners recorded, saved and verified turn by turn; a tampered order fails
    verification (the replay check can fail)."""
    from game.engine import parse_scenario
    from game.replay import Recorder, load_replay, verify
    text = S2019.read_text(encoding="utf-8")
    g = Game(Rules(parse_scenario(text)), seed=9)
    seats = _all("planner")
    rec = Recorder(g, text, [], {})     # replays name seats without their level
    while not g.over:
        rec.record(g.play_turn(seats))
    path = tmp_path / "planned.json"
    rec.save(path)
    rp = load_replay(path)
    assert verify(rp).ok
    turn = next(t for t in rp.turns[2:] if t.orders.get("dprk"))
    turn.orders["dprk"] = []
    assert not verify(rp).ok


def test_the_situation_changes_the_plan(rules2019):
    """Variety from the situation: after a North Korean nuclear test the US reacts (its
    personality's reaction), and the reason says so."""
    g = Game(rules2019, seed=1)
    calm = g.computer_orders("us", level="planner")
    g.state.last_lever[("dprk", "nuclear_test")] = g.state.turn - 1
    g.state.memo = {}
    tense = g.computer_orders("us", level="planner")
    assert [o.key() for o in calm] != [o.key() for o in tense] or any(
        "after the test" in o.reason for o in tense)
    assert any("after the test" in o.reason for o in tense)


def test_the_drift_jacobian_follows_the_rules(rules2019):
    jac = drift_jacobian(rules2019)
    h = rules2019.scenario.turns
    # relations fade by the scenario's memory; trade pays both economies every turn
    rel = dict(jac[h]["relation.russia.rok"])["relation.russia.rok"]
    keep = (1 - rules2019.turn_drift.relation_memory) ** h
    assert rel == pytest.approx(keep, rel=1e-3)
    trade = dict(jac[h]["trade.russia.rok"])
    assert trade["rok.economy"] == pytest.approx(rules2019.turn_drift.trade_income * h,
                                                 rel=1e-3)
    # tighter UN sanctions bite on the North's economy
    assert dict(jac[h]["track.un_sanctions"])["dprk.economy"] < 0


def test_forecast_is_greedy_without_noise_and_cached(rules2019):
    g = Game(rules2019, seed=2)
    f = forecast(rules2019, g.state, "china")
    assert f is forecast(rules2019, g.state, "china")
    assert g.check_orders("china", list(f)) == []
    assert model_of(rules2019, "china").weights


def test_deep_is_legal_and_deterministic(rules2019):
    g = Game(rules2019, seed=4)
    one = g.computer_orders("japan", level="deep")
    two = g.computer_orders("japan", level="deep")
    assert one == two and g.check_orders("japan", one) == []


@pytest.mark.parametrize("path", [S2015, S2019], ids=["2015", "2019"])
def test_after_a_nuclear_test_the_us_tightens_its_own_sanctions_on_the_north(path):
    """The scenario's aimed reaction (lever_bias with aimed_at): for a month after a DPRK
    nuclear test the US favours its own sanctions on the North — not on Russia — and its
    reason says why; without the test it does not impose them."""
    r = Rules(load_scenario(path))
    g = Game(r, seed=1)
    us = PlanningPlayer(r, "us")

    def value(state, target):
        return next(c.value for c in us.candidates(state)
                    if c.order.lever == "unilateral_sanctions" and c.order.target == target)

    calm = [o for o in us.choose(g.state, Random(0)) if o.lever == "unilateral_sanctions"]
    assert not calm
    tested = g.state.clone()
    tested.last_lever[("dprk", "nuclear_test")] = tested.turn - 1
    # the same lever, the same costs: only the target the reaction aims at is favoured
    # (the reaction's lever_bias is 2.0: REACT_BIAS points per unit)
    assert value(tested, "dprk") > value(tested, "russia") + 1.5 * REACT_BIAS
    # the best plan carries them (the game's generator may pick another plan worth the same
    # to within TIE, e.g. talks beside a resolution the Council is now likely to pass)
    best = us.sets(tested, us.candidates(tested), TOP_K)[0][1]
    assert [c.order.target for c in best if c.order.lever == "unilateral_sanctions"] == ["dprk"]
    sanction = next(c for c in best if c.order.lever == "unilateral_sanctions")
    assert "tightens its own sanctions" in us.reason(tested, sanction)


def test_a_poverty_line_of_zero_plays_with_planners():
    """The planner's drift runs unbounded (an economy may go below 0): a scenario with no
    poverty line once divided by zero there (found by tests/test_hostile_properties.py)."""
    r = Rules(load_scenario(S2019, ["drift.poverty_line=0"]))
    g = Game(r, seed=0)
    g.run(turns=2, seats=_all("planner"))
    assert g.turn == 3 and not g.over


def test_an_answer_is_weighed_against_silence_which_costs_what_a_rebuff_does(rules2019):
    """The engine makes a lapsed invitation cost the invitee what a rebuff would, so the
    planner weighs each answer against that silence: a rebuff is worth nothing more than
    silence (only an order spent), and going is worth what it saves of the snub besides."""
    g = Game(rules2019, seed=1)
    # an invitation from last turn, to a state that is not the DPRK (no demands)
    for _ in range(4):
        g.play_turn(_all("planner"))
        pr = next((p for p in g.state.proposals
                   if p.target not in ("dprk",) and p.kind == "summit"), None)
        if pr is not None and pr.turn == g.state.turn - 1:
            break
    assert pr is not None
    who, host = pr.target, pr.proposer
    by = {c.order.lever: c.value for c in PlanningPlayer(rules2019, who).candidates(g.state)
          if c.answer and c.order.target == host}
    assert by["rebuff_invitation"] == pytest.approx(0.0, abs=1e-9)
    deaf = PlanningPlayer(rules2019, who)
    deaf._lapse = {}                  # as if silence were free
    # (what a seat's planner worked out of a state is kept in its memo for every planner of
    # that seat and personality: forget it, or the deaf player reads the other's plan)
    g.state.memo.clear()
    before = {c.order.lever: c.value for c in deaf.candidates(g.state)
              if c.answer and c.order.target == host}
    assert before["rebuff_invitation"] < -0.005      # the rebuff's own cost
    # going is worth something in both (then the personality's liking for the lever, its
    # group_scale, multiplies the whole gain, the saved snub with it)
    assert by["accept_invitation"] > before["accept_invitation"] > 0
    scale = PlanningPlayer(rules2019, who).group_scale["accept_invitation"]
    assert by["accept_invitation"] - before["accept_invitation"] == pytest.approx(
        -before["rebuff_invitation"] * scale, abs=1e-9)


def test_a_veto_takes_the_vetoers_time_and_the_asker_counts_it():
    """Tabling a resolution China will veto makes China spend an order on the veto: when its
    likely orders fill its turn, the least of them (a wedge between Washington and an ally,
    say) is left undone, and the US planner counts that. With room in China's turn (more
    orders allowed) it counts nothing."""
    rules = Rules(load_scenario(S2015))
    g = Game(rules, seed=0)
    state = g.state
    us = PlanningPlayer(rules, "us")
    g_us = us._gradient(us.me.weights, rules.scenario.turns, None)
    assert len(forecast(rules, state, "china")) == model_of(rules, "china").p.max_orders
    full = us._displaced(state, "china", g_us)
    assert full > 0            # what China would drop was doing the US harm
    roomy = Rules(load_scenario(S2015, ["actors.china.personalities.stabiliser.max_orders=6"]))
    us2 = PlanningPlayer(roomy, "us")
    assert us2._displaced(Game(roomy, seed=0).state, "china",
                          us2._gradient(us2.me.weights, roomy.scenario.turns, None)) == 0.0
    # and it is part of the resolution's worth: with China's turn full the US values the
    # resolution more than it would without the veto's cost of time
    res = Order("us", "unsc_resolution", "dprk")
    lv = rules.levers["unsc_resolution"]
    oc = lv.outcomes(rules, state, res, rules.params["unsc_resolution"])
    left = rules.scenario.turns
    v, _, _ = us._outcomes_value(state, res, lv, oc, left, us.me.weights)
    p_veto = 1.0 - us._p_yes(oc, oc.deciders.index("china"), state, left, res)
    us._displaced = lambda *a: 0.0         # type: ignore[method-assign]
    v0, _, _ = us._outcomes_value(state, res, lv, oc, left, us.me.weights)
    assert p_veto > 0.5
    assert v - v0 > 0.5 * p_veto * full


def test_a_resolution_that_may_well_fail_is_not_called_likely_to_pass():
    """2015, the month after the North's test: neither vetoer is likely to veto on its own,
    but together they may; the reason says who may and how often it passes, not "likely
    to pass" at 48%."""
    rules = Rules(load_scenario(SCENARIOS / "victory-day-2015.yaml"))
    g = Game(rules, seed=1)
    g.play_turn()
    assert any(o.lever == "nuclear_test" for o in g.reports[-1].orders["dprk"])
    cand = next(c for c in PlanningPlayer(rules, "us").candidates(g.state)
                if c.order == Order("us", "unsc_resolution", "dprk"))
    import re
    m = re.search(r"(\w+) may veto it; it passes (\d+)% of the time$", cand.why)
    assert m is not None, cand.why
    assert int(m.group(2)) < 50 and m.group(1) in ("Russia", "China")
    assert "likely to pass" not in cand.why


def test_an_invitee_says_yes_only_if_the_meeting_beats_what_it_gives_up():
    """Accepting takes one of the invitee's orders. The inviter reckons what the invitee
    would give up: its own planned value (by its own objectives and personality) of the last
    of the orders that fill its turn (of those that wait on no invitation of its own: those
    wait on others' bars in turn). 2015, turn 1: Pyongyang's turn is full of orders worth
    more to it than a meeting with Washington, so the US expects the offer to go unanswered
    more often than the meeting's worth alone says; with room in Pyongyang's turn the bar is
    lower and the odds better."""
    rules = Rules(load_scenario(S2015))
    state = Game(rules, seed=0).state
    us = PlanningPlayer(rules, "us")
    left = rules.scenario.turns
    dprk = PlanningPlayer(rules, "dprk")
    own = sorted((c.value for c in dprk.candidates(state)
                  if not c.answer and c.lever.proposes not in ("summit", "ceremony")),
                 reverse=True)
    n = dprk.p.max_orders
    bar = us._bar(state, "dprk", left)
    assert bar > 0.1
    assert bar == pytest.approx(own[n - 1])      # the invitee's own plan, not a re-derivation
    assert us._bar(state, "us", left) == 0.0     # never a bar on my own answer

    o = Order("us", "propose_summit", "dprk", "talks")
    lv = rules.levers["propose_summit"]
    oc = lv.outcomes(rules, state, o, rules.params["propose_summit"])
    p_full = us._p_yes(oc, 0, state, left, o)
    us._bar = lambda *a: 0.0             # type: ignore[method-assign]
    p_free = us._p_yes(oc, 0, state, left, o)
    assert p_full < p_free - 0.1

    roomy = Rules(load_scenario(S2015, ["actors.dprk.personalities.balancer.max_orders=8"]))
    s2 = Game(roomy, seed=0).state
    us2 = PlanningPlayer(roomy, "us")
    assert us2._bar(s2, "dprk", left) < bar
    oc2 = lv.outcomes(roomy, s2, o, roomy.params["propose_summit"])
    assert us2._p_yes(oc2, 0, s2, left, o) > p_full


@pytest.mark.parametrize("path", [S2015, S2019], ids=["2015", "2019"])
def test_the_north_stops_launching_before_the_brink(path):
    """The planners reckon this turn's final tension uncertain by WAR_SPREAD points, so they
    step back well before war (100): turn 1, Pyongyang fires a missile when tension is 65,
    not when it is 78 (at a spread of 5 it still fired at 78, and tension sat near 80 all
    game in both scenarios)."""
    rules = Rules(load_scenario(path))

    def launches(tension: float) -> bool:
        g = Game(rules, seed=0)
        g.state.values["track.tension"] = tension
        g.state.memo.clear()
        return any(o.lever == "missile_test"
                   for o in PlanningPlayer(rules, "dprk").choose(g.state, Random(0)))

    assert launches(65.0)
    assert not launches(78.0)


def test_a_leader_the_personality_shuns_is_never_met():
    """2015: "strategic patience" shuns Kim ("the DPRK has unsuccessfully sought to engage
    America", the scenario's ``shuns: [dprk]``). With Kim's offer of a summit with
    compensation on the table, neither the planning nor the greedy US player accepts it,
    neither invites him nor sends officials to Pyongyang, and Pyongyang's planner expects
    Washington to stay away. Without
    ``shuns`` the US planner weighs going (and Pyongyang expects it may)."""
    from game.engine.state import Proposal

    def setup(sets: list[str]) -> tuple[Rules, Game]:
        rules = Rules(load_scenario(S2015, sets))
        g = Game(rules, seed=0)
        g.play_turn(_all("planner"))
        g.state.proposals.append(Proposal("summit", "dprk", "us", "compensation",
                                          g.state.turn - 1))
        g.state.memo.clear()
        return rules, g

    def meets_kim(orders) -> bool:
        return any(o.target == "dprk" and o.lever in ("accept_invitation", "propose_summit",
                                                      "invite_ceremony", "high_level_visit")
                   for o in orders)

    def p_us_comes(rules: Rules, g: Game) -> float:
        o = Order("dprk", "propose_summit", "us", "compensation")
        lv = rules.levers["propose_summit"]
        oc = lv.outcomes(rules, g.state, o, rules.params["propose_summit"])
        return PlanningPlayer(rules, "dprk")._p_yes(oc, 0, g.state, rules.scenario.turns, o)

    rules, g = setup([])
    assert model_of(rules, "us").p.shuns == ["dprk"]
    legal = g.legal_orders("us")
    assert any(o.lever == "accept_invitation" for o in legal)
    assert any(o.lever == "high_level_visit" and o.target == "dprk" for o in legal)
    us = PlanningPlayer(rules, "us")
    assert not meets_kim(c.order for c in us.candidates(g.state))
    assert not meets_kim(us.choose(g.state, Random(0)))
    assert not meets_kim(ComputerPlayer(rules, "us").choose(g.state, Random(0)))
    assert p_us_comes(rules, g) == 0.0

    rules2, g2 = setup(["actors.us.personalities.pressure.shuns=[]"])
    assert any(c.order.lever == "accept_invitation" and c.order.target == "dprk"
               for c in PlanningPlayer(rules2, "us").candidates(g2.state))
    assert p_us_comes(rules2, g2) > 0.0
