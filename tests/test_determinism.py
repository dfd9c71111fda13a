"""Determinism: a game is its scenario, its seed and its orders.

Same inputs give the same digest every turn, in this process and in a fresh one (with a
different hash seed, so set or dict iteration order cannot leak in); different seeds differ;
a clone is an independent copy that diverges only when played differently.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from game.engine import Game, Order

ROOT = Path(__file__).resolve().parent.parent
S2019 = ROOT / "scenarios" / "vladivostok-2019.yaml"
TURNS = 8


def digests(seed: int, turns: int = TURNS) -> list[str]:
    g = Game.from_file(S2019, seed=seed)
    return [r.digest for r in g.run(turns)]


def test_same_seed_same_digests_every_turn():
    a, b = digests(7), digests(7)
    assert len(a) == TURNS
    assert a == b
    assert len(set(a)) == TURNS           # the state changes every turn


def test_different_seeds_differ_somewhere():
    runs = {seed: digests(seed) for seed in (1, 2, 3)}
    assert runs[1] != runs[2] and runs[2] != runs[3] and runs[1] != runs[3]


def test_same_orders_replayed_give_the_same_game():
    g = Game.from_file(S2019, seed=11)
    g.run(TURNS)
    again = Game.from_file(S2019, seed=11)
    for report in g.reports:
        for actor, orders in report.orders.items():
            again.submit(actor, orders)
        assert again.resolve().digest == report.digest
    assert again.history == g.history
    assert again.scores() == g.scores()


def test_same_digests_in_a_fresh_process():
    code = (
        "import json, sys\n"
        "from game.engine import Game\n"
        f"g = Game.from_file({str(S2019)!r}, seed=5)\n"
        f"print(json.dumps([r.digest for r in g.run({TURNS})]))\n"
    )
    here = digests(5)
    for hash_seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout) == here


def test_clone_is_an_independent_copy():
    g = Game.from_file(S2019, seed=3)
    g.run(3)
    c = g.clone()
    assert c.digest() == g.digest()
    assert c.history == g.history and c.turn == g.turn
    # the same orders on both: they stay together
    for _ in range(2):
        rg, rc = g.play_turn(), c.play_turn()
        assert rg.digest == rc.digest
    # played differently: they part, and the original does not see the clone's turn
    before, turn, n_entries = g.digest(), g.turn, len(g.ledger.entries)
    c.submit("dprk", [Order("dprk", "missile_test")])
    c.play_turn()
    assert g.digest() == before and g.turn == turn and len(g.ledger.entries) == n_entries
    assert len(g.history) == len(c.history) - 1
    g.submit("dprk", [])
    g.play_turn()
    assert g.digest() != c.digest()


def test_clone_does_not_share_pending_orders_or_proposals():
    g = Game.from_file(S2019, seed=3)
    g.play_turn()                         # turn 1 leaves invitations on the table
    pr = next(p for p in g.state.proposals if p.target == "dprk")
    on_table = list(g.state.proposals)
    c = g.clone()
    c.submit("dprk", [Order("dprk", "accept_invitation", pr.proposer, pr.kind)])
    assert "dprk" not in g.pending
    c.resolve()
    # the clone settled turn 1's invitations; the original still has them, unanswered
    assert all(p.turn > 1 for p in c.state.proposals)
    assert g.state.proposals == on_table and all(p.responses == {} for p in on_table)


def test_computer_orders_are_deterministic():
    a = Game.from_file(S2019, seed=9)
    b = Game.from_file(S2019, seed=9)
    for actor in a.actors:
        assert a.computer_orders(actor) == b.computer_orders(actor)
        assert [o.reason for o in a.computer_orders(actor)] == \
            [o.reason for o in b.computer_orders(actor)]
