"""The engine's shortcuts give the long way's answers: legality by lever blocks (one check per
target, check gates) against why_illegal order by order; lever estimates as weighed mixes
against their parts; and the computer player's precomputed utilities against value()."""
from __future__ import annotations

from random import Random

import pytest
from pytest import approx

from game.engine import CATALOGUE, Game, Order
from game.engine.ai import NORMAL, NORMAL_BITS, ComputerPlayer
from game.engine.levers import mix_of

VARIANTS = ((), ("kaesong_open=false",),
            ("actors.dprk.indicators.hard_currency=100", "debts={dprk-russia: 5, russia-rok: 3}"))


def random_orders(g: Game, actor: str, rng: Random) -> list[Order]:
    """Up to three legal orders the actor may give together (answers at most once each)."""
    budget = g.state.capital(actor)
    out: list[Order] = []
    answered: set = set()
    legal = g.legal_orders(actor)
    for o in rng.sample(legal, min(3, len(legal))):
        if g.why_illegal(o, budget) is not None:
            continue
        if o.lever in ("accept_invitation", "rebuff_invitation"):
            if (o.target, o.option) in answered or answered and o.lever == "accept_invitation":
                continue
            answered.add((o.target, o.option))
        out.append(o)
        budget -= g.rules.cost(o)
    return out


def random_games(bench, turns: int = 8):
    """States of randomly played games (invitations, resolutions, projects and joins come up
    far more often than in computer play), one per turn."""
    for variant in VARIANTS:
        for seed in range(4):
            g = bench.game(*variant, seed=seed, quiet=False)
            rng = Random(seed)
            for _ in range(turns):
                if g.over:
                    break
                yield g
                for a in g.actors:
                    g.submit(a, random_orders(g, a, rng))
                g.resolve()


def test_legal_orders_are_exactly_the_candidates_why_illegal_allows(bench):
    seen: set[str] = set()
    for g in random_games(bench):
        rules = g.rules
        for a in g.actors:
            slow = [i for i, (o, _, _) in enumerate(rules.candidates(a))
                    if rules.why_illegal(g.state, o) is None]
            assert rules.legal_indices(g.state, a) == slow, (g.turn, a)
            seen.update(rules.candidates(a)[i][0].lever for i in slow)
    # the gated and grouped levers were legal somewhere, so the comparison covered them
    assert {"accept_invitation", "rebuff_invitation", "veto", "join_project",
            "propose_summit", "invite_ceremony"} <= seen


def test_an_order_outside_the_candidates_still_gets_its_reason(game2019):
    g = game2019
    assert g.why_illegal(Order("dprk", "nuclear_talks", "dprk")) == \
        "US–DPRK nuclear negotiations cannot target yourself"
    assert g.why_illegal(Order("japan", "propose_summit", "china", "bogus")).startswith(
        "Propose a summit needs one of: none")
    assert g.why_illegal(Order("dprk", "propose_summit", "china", "none"), budget=1) == \
        "Propose a summit costs 2 political capital; 1 left"


@pytest.mark.parametrize("lever", sorted(lid for lid, lv in CATALOGUE.items()
                                         if lv.estimate_mix is not None))
def test_a_mix_estimate_is_its_parts_times_their_weights(bench, lever):
    checked = 0
    for g in random_games(bench, turns=4):
        rules = g.rules
        p = rules.params[lever]
        for a in g.actors:
            for o, lv, _ in rules.candidates(a):
                if o.lever != lever:
                    continue
                parts, weigh = mix_of(rules, o, p)
                ws = weigh if isinstance(weigh, tuple) else weigh(g.state)
                assert len(ws) == len(parts)
                want = [(k, d * w) for w, ds in zip(ws, parts) if w for k, d in ds]
                assert list(lv.estimate(rules, g.state, o, p)) == want
                checked += 1
    assert checked


def test_computer_utilities_match_value_less_the_noise(bench):
    """scored()'s utilities (fixed, mixed or estimated rows) equal value()'s plain valuation
    once each row's draw of noise is taken back off."""
    rows = 0
    for g in random_games(bench, turns=6):
        for a in g.actors:
            for personality in sorted(g.rules.scenario.actors[a].personalities):
                player = ComputerPlayer(g.rules, a, personality)
                scored = player.scored(g.state, Random(f"{g.turn}:{a}"))
                draws = Random(f"{g.turn}:{a}")
                sd = player.p.noise * 0.5
                for _, i, u, o in scored:
                    noise = sd * NORMAL[draws.getrandbits(NORMAL_BITS)] if sd else 0.0
                    assert u - noise == approx(player.value(g.state, o)[0], abs=1e-9), o
                    rows += 1
    assert rows > 1000
