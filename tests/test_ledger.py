"""The ledger: every change to every number, with its cause. Its parts add up to every change,
values stay within their bounds, and every lever's cost is paid through it."""
from __future__ import annotations

import pytest
from pytest import approx

from game.engine import CATALOGUE, Game, Order


# ------------------------------------------------------------------ every lever costs
def _fresh(bench) -> Game:
    return bench.game()


def _after_proposals(bench) -> Game:
    g = bench.game()
    bench.play(g, Order("us", "unsc_resolution", "dprk"), Order("us", "propose_summit", "dprk",
                                                                  "none"),
               Order("russia", "invite_ceremony", "dprk", "none"),
               Order("russia", "transit_project", None, "railroad"))
    return g


def _kaesong_open(bench) -> Game:
    return bench.game("kaesong_open=true")


SETUPS = (_fresh, _after_proposals, _kaesong_open)


def _somewhere_legal(bench, lever: str) -> tuple[Game, Order]:
    for setup in SETUPS:
        g = setup(bench)
        for a in g.actors:
            for o in g.legal_orders(a):
                if o.lever == lever:
                    return g, o
    raise AssertionError(f"{lever} is legal in none of the set-ups")


@pytest.mark.parametrize("lever", sorted(CATALOGUE))
def test_every_lever_costs_its_capital(bench, lever):
    g, order = _somewhere_legal(bench, lever)
    cost = g.rules.params[lever].cost
    before = g.state.capital(order.actor)
    r = bench.play(g, order)
    assert r.spent(order.actor) == cost
    costs = r.entries(None, "cost", order.actor)
    if cost:
        [(idx, (_, key, delta, _))] = costs
        assert (key, delta) == (f"{order.actor}.capital", -cost)
        assert idx < min(i for i, e in r.entries(None, None) if e[3].kind != "cost")
    else:
        assert costs == []
    # capital refills for the next turn, whatever was spent
    assert g.state.capital(order.actor) == before


def test_every_state_has_a_legal_order_at_the_start(bench):
    g = bench.game()
    for a in g.actors:
        orders = g.legal_orders(a)
        assert orders, a
        assert all(g.why_illegal(o) is None for o in orders)


# ------------------------------------------------------------------ the parts add up
@pytest.fixture(scope="module")
def played_games(bench):
    games = []
    for seed in (1, 2, 3):
        g = bench.game(seed=seed, quiet=False)
        g.run()
        games.append(g)
    return games


def test_ledger_parts_sum_to_every_change(played_games):
    for g in played_games:
        assert len(g.history) == len(g.reports) + 1 >= 2
        for t in range(1, len(g.history)):
            net = g.ledger.changes(t)
            prev, now = g.history[t - 1], g.history[t]
            assert set(now) == set(prev)
            for key in now:
                assert now[key] - prev[key] == approx(net.get(key, 0.0), abs=1e-6), (t, key)


def test_no_value_ever_leaves_its_bounds(played_games):
    for g in played_games:
        bounds = g.state.bounds
        for t, values in enumerate(g.history):
            for key, v in values.items():
                lo, hi = bounds[key]
                assert lo <= v <= hi, (t, key, v)


def test_every_entry_is_a_real_change_with_a_cause(played_games):
    for g in played_games:
        for turn, key, delta, cause in g.ledger.entries:
            assert 1 <= turn <= len(g.reports)
            assert key in g.state.bounds
            assert delta != 0
            assert cause.kind and cause.label
            if cause.kind == "lever":
                assert cause.lever in CATALOGUE and cause.actor in g.actors


def test_explain_adds_up_to_the_change_for_every_viewer(played_games):
    g = played_games[0]
    for t in range(1, len(g.history)):
        for key in ("dprk.hard_currency", "track.tension", "influence.russia", "dprk.fuel"):
            change = g.history[t][key] - g.history[t - 1][key]
            for viewer in (None, "us", "dprk"):
                rows = g.explain(key, t, viewer)
                assert sum(r["delta"] for r in rows) == approx(change, abs=1e-6)


def test_capital_refills_every_turn(played_games):
    for g in played_games:
        for values in g.history:
            for a in g.actors:
                assert values[f"{a}.capital"] == g.scenario.actors[a].capital_per_turn


def test_a_clamped_change_is_recorded_as_what_really_changed(bench):
    g = bench.game("tracks.tension.value=99", "drift.words_ceiling=100")
    r = bench.play(g, Order("russia", "denounce", "us"))
    assert g.rules.params["denounce"].effects.tracks["tension"] > 1
    assert r.by("denounce")["track.tension"] == approx(1)      # only the room left


def test_ledger_changes_and_net_agree(played_games):
    g = played_games[1]
    for t in range(1, len(g.history)):
        ch = g.ledger.changes(t)
        for key in list(ch)[:20]:
            assert g.ledger.net(key, t) == approx(ch[key])
