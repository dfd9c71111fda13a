"""Properties over random legal play (Hypothesis): whatever legal orders the states give, the
engine never crashes, keeps every value within its declared bounds, records every change in
the ledger, and replays the same orders to the same game."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest import approx

from game.engine import Game, IllegalOrderError, Order

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
VARIANTS = ((), ("kaesong_open=true",), ("tracks.tension.value=88",),
            ("actors.dprk.indicators.hard_currency=100", "debts={dprk-russia: 5, russia-rok: 3}"))


def draw_orders(data, g: Game, actor: str) -> list[Order]:
    """A random set of orders the actor may give together: each drawn legal order is kept
    when the engine's one check of the whole list still passes with it."""
    legal = g.legal_orders(actor)
    if not legal:
        return []
    picks = data.draw(st.lists(st.integers(0, len(legal) - 1), max_size=4, unique=True))
    out: list[Order] = []
    for i in picks:
        if not g.check_orders(actor, out + [legal[i]]):
            out.append(legal[i])
    return out


def check_turn(g: Game, t: int) -> None:
    prev, now = g.history[t - 1], g.history[t]
    net = g.ledger.changes(t)
    for key, v in now.items():
        lo, hi = g.state.bounds[key]
        assert lo <= v <= hi, (t, key, v)
        assert v - prev[key] == approx(net.get(key, 0.0), abs=1e-6), (t, key)


@SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**16), turns=st.integers(1, 6),
       variant=st.sampled_from(VARIANTS))
def test_random_legal_play_never_crashes_and_stays_in_bounds(bench, data, seed, turns,
                                                              variant):
    g = bench.game(*variant, seed=seed, quiet=False)
    played: list[dict[str, list[Order]]] = []
    for _ in range(turns):
        if g.over:
            break
        orders = {}
        for a in g.actors:
            orders[a] = draw_orders(data, g, a)
            g.submit(a, orders[a])          # must not raise: every order was legal
        played.append(orders)
        report = g.resolve()
        check_turn(g, report.turn)
        assert report.over == g.over
        if g.state.war:
            assert set(g.scores().values()) == {0.0}
    # the same orders replayed give the same game
    again = bench.game(*variant, seed=seed, quiet=False)
    for orders, report in zip(played, g.reports):
        for a, os_ in orders.items():
            again.submit(a, os_)
        assert again.resolve().digest == report.digest


@SETTINGS
@given(data=st.data(), seed=st.integers(0, 2**16), turns=st.integers(0, 4))
def test_legal_orders_are_accepted_and_illegal_ones_refused(bench, data, seed, turns):
    g = bench.game(seed=seed, quiet=False)
    g.run(turns)
    if g.over:
        return
    actor = data.draw(st.sampled_from(g.actors))
    legal = set(g.legal_orders(actor))
    for o in legal:
        assert g.why_illegal(o) is None
    if legal:
        o = data.draw(st.sampled_from(sorted(legal, key=lambda x: x.key())))
        g.submit(actor, [o])
        assert g.pending[actor] == [o]
    # any order outside the legal list is refused with a reason
    lever = data.draw(st.sampled_from(sorted(g.rules.levers)))
    target = data.draw(st.sampled_from((None,) + g.actors))
    options = g.rules.params[lever].options or [None]
    option = data.draw(st.sampled_from(list(options) + [None, "bogus"]))
    o = Order(actor, lever, target, option)
    if o not in legal:
        reason = g.why_illegal(o)
        assert isinstance(reason, str) and reason
        try:
            g.submit(actor, [o])
        except IllegalOrderError as e:
            assert reason in str(e)
        else:
            raise AssertionError(f"{o} was accepted though: {reason}")


@SETTINGS
@given(seed=st.integers(0, 2**16), personality=st.sampled_from([None, "brinkman", "balancer"]))
def test_computer_players_play_whole_games_within_bounds(bench, seed, personality):
    g = bench.game(seed=seed, quiet=False)
    g.run(seats={"dprk": personality})
    assert g.over
    for t in range(1, len(g.history)):
        check_turn(g, t)
