"""The engine API every client uses: the CLI, the pygame front end, sweeps and replays.

>>> from game.engine import Game
>>> g = Game.from_file("scenarios/sandbox.yaml", seed=1)
>>> for actor in g.actors:
...     g.submit(actor, g.computer_orders(actor))
>>> report = g.resolve()
>>> report.turn, len(g.digest())
(1, 32)

A game is its scenario, its seed and its orders: randomness comes only from generators seeded
from ``seed`` (one per turn for resolution, one per turn and seat for computer players), so
re-running the same orders gives the same game.
"""
from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from .ai import ComputerPlayer
from .ledger import Cause, Ledger
from . import view as _view
from .orders import IllegalOrderError, Order, OrderProblem
from .resolve import fire_event, resolve_turn
from .rules import Rules
from .scenario import ACTORS, Scenario
from .state import State
from .view import (ALL, CovertOpView, NewsItem, PublicView, SeatView, TurnView, Viewer, cause_visible,
                   news_visible)


@dataclass
class TurnReport:
    """What happened in one turn, in resolution order."""

    turn: int
    date: str
    orders: dict[str, list[Order]]
    news: list[dict]
    digest: str
    scores: dict[str, float]
    over: bool
    war: bool
    actions: list[dict] = field(default_factory=list)   # out-of-turn actions before resolution

    def public_news(self) -> list[dict]:
        return [n for n in self.news if news_visible(n, None)]


class Game:
    def __init__(self, rules: Rules, seed: int = 0) -> None:
        self.rules = rules
        self.seed = int(seed)
        self.state: State = rules.initial.clone()
        self.ledger = Ledger()
        self.pending: dict[str, list[Order]] = {}
        self.reports: list[TurnReport] = []
        self.history: list[dict[str, float]] = [dict(self.state.values)]
        self.score_history: list[dict[str, float]] = [self.scores()]
        self.actions: list[dict] = []          # out-of-turn actions waiting for this turn
        self._players: dict[tuple[str, str], ComputerPlayer] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_scenario(cls, scenario: Scenario, seed: int = 0) -> "Game":
        return cls(Rules(scenario), seed)

    @classmethod
    def from_file(cls, path: str | Path, seed: int = 0,
                  overrides: list[str] | None = None) -> "Game":
        from .loader import load_scenario
        return cls(Rules(load_scenario(path, overrides or [])), seed)

    def clone(self) -> "Game":
        g = Game.__new__(Game)
        g.rules = self.rules
        g.seed = self.seed
        g.state = self.state.clone()
        g.ledger = self.ledger.copy()
        g.pending = {a: list(o) for a, o in self.pending.items()}
        g.reports = list(self.reports)
        g.history = list(self.history)
        g.score_history = list(self.score_history)
        g.actions = list(self.actions)
        g._players = self._players
        return g

    # ------------------------------------------------------------------ facts
    @property
    def actors(self) -> tuple[str, ...]:
        return ACTORS

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def over(self) -> bool:
        return self.state.over

    @property
    def scenario(self) -> Scenario:
        return self.rules.scenario

    def date(self, turn: int | None = None) -> str:
        t = self.state.turn if turn is None else turn
        sc = self.rules.scenario
        months = sc.start_date.month - 1 + (t - 1) * sc.turn_months
        d = _dt.date(sc.start_date.year + months // 12, months % 12 + 1, 1)
        return d.strftime("%B %Y")

    def digest(self) -> str:
        return self.state.digest()

    def scores(self) -> dict[str, float]:
        return {a: self.rules.score(self.state, a) for a in ACTORS}

    # ------------------------------------------------------------------ orders
    def legal_orders(self, actor: str) -> list[Order]:
        self._check_actor(actor)
        return self.rules.legal_orders(self.state, actor)

    def why_illegal(self, order: Order, budget: int | None = None) -> str | None:
        return self.rules.why_illegal(self.state, order, budget)

    def check_orders(self, actor: str, orders: list[Order]) -> list[OrderProblem]:
        """Every reason these orders could not be ``actor``'s for this turn (see
        :meth:`Rules.check_orders`); empty when :meth:`submit` would take them."""
        return self.rules.check_orders(self.state, actor, orders)

    def submit(self, actor: str, orders: list[Order]) -> None:
        """Set an actor's orders for this turn (replacing any earlier submission).

        Raises :class:`IllegalOrderError` naming the first order that is not allowed (all
        the problems found are in its ``problems``).
        """
        problems = self.rules.check_orders(self.state, actor, orders)
        if problems:
            first = problems[0]
            raise IllegalOrderError(first.message if first.index is None else
                                    f"{self.rules.name(actor)}: {first.message}", problems)
        self.pending[actor] = list(orders)

    def computer_orders(self, actor: str, personality: str | None = None) -> list[Order]:
        """What the computer would order for this seat now (each with its reason)."""
        self._check_actor(actor)
        key = (actor, personality or "")
        player = self._players.get(key)
        if player is None:
            player = self._players[key] = ComputerPlayer(self.rules, actor, personality)
        rng = Random(f"{self.seed}:{self.state.turn}:ai:{actor}")
        return player.choose(self.state, rng)

    def submitted(self) -> set[str]:
        return set(self.pending)

    # ------------------------------------------------------------------ resolution
    def resolve(self) -> TurnReport:
        """Resolve the turn with every submitted order (a seat that sent none does nothing)."""
        if self.state.over:
            raise IllegalOrderError("the game is over")
        st = self.state
        turn = st.turn
        orders = {a: self.pending.get(a, []) for a in ACTORS}
        rng = Random(f"{self.seed}:{turn}")
        ctx = resolve_turn(self.rules, st, self.ledger, orders, rng)
        report = TurnReport(turn, self.date(turn), orders, ctx.news, "", {}, st.over, st.war,
                            self.actions)
        self.actions = []
        self.pending = {}
        if not st.over:
            st.turn += 1
        report.digest = st.digest()
        report.scores = self.scores()
        self.reports.append(report)
        self.history.append(dict(st.values))
        self.score_history.append(report.scores)
        return report

    def play_turn(self, seats: dict[str, str | None] | None = None) -> TurnReport:
        """Let the computer order for every seat not already submitted, then resolve.
        ``seats`` maps an actor to a personality name (None: the scenario's)."""
        for a in ACTORS:
            if a not in self.pending:
                self.submit(a, self.computer_orders(a, (seats or {}).get(a)))
        return self.resolve()

    def run(self, turns: int | None = None, seats: dict[str, str | None] | None = None,
            on_turn: Callable[[TurnReport], object] | None = None) -> list[TurnReport]:
        """Play on until the game is over (or for at most ``turns`` more turns), the
        computer ordering for every seat not already submitted (``seats``: personalities,
        see :meth:`play_turn`); ``on_turn`` gets each report as it comes (to record or print
        it). The one play loop of whole games: ``whales run``, sweeps, benchmarks, debriefs."""
        out = []
        while not self.state.over and (turns is None or len(out) < turns):
            report = self.play_turn(seats)
            out.append(report)
            if on_turn is not None:
                on_turn(report)
        return out

    # ------------------------------------------------------------------ out-of-turn
    def inject_event(self, event_id: str) -> tuple[NewsItem, ...]:
        """A teacher's control: an event from the scenario happens now, before this turn's
        orders resolve. Recorded, so replays repeat it. Returns its news (public)."""
        ev = next((e for e in self.rules.scenario.events if e.id == event_id), None)
        if ev is None:
            raise IllegalOrderError(f"no event {event_id!r} in this scenario; events: "
                                    + ", ".join(e.id for e in self.rules.scenario.events))
        from .effects import Ctx
        ctx = Ctx(self.state, self.ledger, Random(f"{self.seed}:{self.turn}:inject"),
                  self.rules.resolver, self.rules, [])
        fire_event(ctx, ev, kind="injected")
        self.actions.append({"turn": self.turn, "action": "inject_event", "event": event_id})
        return _view.news_items(self, ctx.news, None, prefix="injected-")

    def end_early(self) -> None:
        """A teacher's control: end the game now, scores as they stand."""
        self.state.over = True
        self.actions.append({"turn": self.turn, "action": "end_early"})

    # ------------------------------------------------------------------ views
    def key_label(self, key: str, short: bool = False) -> str:
        """A state key as a person reads it (see :meth:`Rules.key_label`)."""
        return self.rules.key_label(key, short)

    def visible(self, cause: Cause, viewer: Viewer) -> bool:
        """Is this cause visible to ``viewer`` (None: the public; ALL: everyone)?"""
        return cause_visible(self.state, cause, viewer)

    def explain(self, key: str, turn: int, viewer: Viewer = None) -> list[dict]:
        """Why ``key`` changed in ``turn``: the parts (they add up to the change), with hidden
        covert causes shown as unexplained to those who may not see them."""
        rows = []
        for d, c in self.ledger.explain(key, turn):
            if cause_visible(self.state, c, viewer):
                rows.append({"delta": d, **c.to_dict()})
            else:
                rows.append({"delta": d, "kind": "hidden", "label": "Unexplained (hidden "
                             "activity)"})
        return rows

    def seat_view(self, actor: str, draft: list[Order] | None = None) -> SeatView:
        """What ``actor``'s seat may see now (see :mod:`game.engine.view`). ``draft``: the
        orders the seat is composing (a front end's, not yet submitted); the view's orders,
        capital left and affordable levers count them instead of the submitted ones."""
        self._check_actor(actor)
        return _view.seat_view(self, actor, draft)

    def capital_left(self, actor: str, orders: list[Order]) -> int:
        """``actor``'s political capital after paying for ``orders``."""
        self._check_actor(actor)
        return self.rules.capital_left(self.state, actor, orders)

    def public_view(self) -> PublicView:
        """What the room may see now."""
        return _view.public_view(self)

    def turn_view(self, turn: int | None = None, viewer: Viewer = None) -> TurnView:
        """Resolved turn ``turn`` (default: the last) as ``viewer`` may see it: a state id,
        None (the public) or :data:`ALL`."""
        if viewer is not None and viewer != ALL:
            self._check_actor(viewer)
        report = self.report(turn)
        return _view.turn_view(self, report, viewer)

    def covert_ops(self, viewer: Viewer) -> tuple[CovertOpView, ...]:
        """The covert operations ``viewer`` may know of: its own, and everyone's once
        detected (:data:`ALL`: every one, for debriefs)."""
        if viewer is not None and viewer != ALL:
            self._check_actor(viewer)
        return _view.covert_ops(self, viewer)

    def report(self, turn: int | None = None) -> TurnReport:
        """The report of resolved turn ``turn`` (default: the last)."""
        if not self.reports:
            raise IllegalOrderError("no turn has been resolved yet")
        if turn is None:
            return self.reports[-1]
        for r in self.reports:
            if r.turn == turn:
                return r
        raise IllegalOrderError(f"turn {turn} has not been resolved; resolved turns: "
                                f"{self.reports[0].turn}–{self.reports[-1].turn}")

    def _check_actor(self, actor: str) -> None:
        if actor not in ACTORS:
            raise IllegalOrderError(f"unknown state {actor!r}; states: {', '.join(ACTORS)}")
