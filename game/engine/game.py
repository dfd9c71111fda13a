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
from typing import Any

from .commands import (Command, CommandResult, EndEarly, InjectEvent, InjectHeadline, Rewind,
                       SetValue, from_record, record)
from .effects import Ctx, News
from .ledger import Cause, CauseDict, Ledger
from . import view as _view
from .orders import IllegalOrderError, Order, OrderProblem
from .players import Player, make_player
from .seats import parse_seat
from .resolve import fire_event, resolve_turn
from .rules import Rules
from .scenario import ACTORS, Scenario
from .state import State
from .view import (ALL, Breakdown, BriefingView, CovertOpView, EventChoice, LeverFacts,
                   NewsItem, NumberChoice, PublicView, SeatView, TurnView, Viewer,
                   cause_visible, news_visible)


Action = dict[str, Any]
"""A teacher's command as the game's actions (and replays) record it: the command's fields
as JSON and its ``turn`` (see :func:`commands.record`; :func:`commands.from_record` reads it
back as its typed model)."""


class ExplainPart(CauseDict):
    """One part of a key's change (:meth:`Game.explain`): its delta and its cause (or "hidden",
    for a covert cause the viewer may not see)."""

    delta: float


@dataclass
class TurnReport:
    """What happened in one turn, in resolution order."""

    turn: int
    date: str
    orders: dict[str, list[Order]]
    news: list[News]
    digest: str
    scores: dict[str, float]
    over: bool
    war: bool
    actions: list[Action] = field(default_factory=list)   # out-of-turn actions before resolution

    def public_news(self) -> list[News]:
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
        self.actions: list[Action] = []        # out-of-turn actions waiting for this turn
        self.pre_news: list[News] = []         # their news, told before this turn's orders
        # turns a rewind took back (for the record: replays keep them as they are)
        self.branches: list[dict[str, Any]] = []
        self._players: dict[tuple[str, str, str], Player] = {}

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
        g.pre_news = list(self.pre_news)
        g.branches = list(self.branches)
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

    def computer_orders(self, actor: str, personality: str | None = None,
                        level: str | None = None) -> list[Order]:
        """What the computer would order for this seat now (each with its reason), at
        ``level`` (see :mod:`game.engine.players`; default ``planner``)."""
        self._check_actor(actor)
        key = (actor, personality or "", level or "")
        player = self._players.get(key)
        if player is None:
            player = self._players[key] = make_player(self.rules, actor, personality, level)
        rng = Random(f"{self.seed}:{self.state.turn}:ai:{actor}")
        return player.choose(self.state, rng)

    def submitted(self) -> set[str]:
        return set(self.pending)

    def withdraw(self, actor: str) -> list[Order]:
        """Take back a seat's submitted orders for this turn (it orders again); returns them."""
        self._check_actor(actor)
        return self.pending.pop(actor, [])

    def event_choices(self) -> tuple[EventChoice, ...]:
        """The scenario's events as a teacher may inject them, with what each does."""
        return _view.event_choices(self)

    def number_choices(self) -> tuple[NumberChoice, ...]:
        """Every number of the game, labelled, with its value and range (for overrides)."""
        return _view.number_choices(self)

    # ------------------------------------------------------------------ resolution
    def resolve(self) -> TurnReport:
        """Resolve the turn with every submitted order (a seat that sent none does nothing)."""
        if self.state.over:
            raise IllegalOrderError("the game is over")
        st = self.state
        turn = st.turn
        orders: dict[str, list[Order]] = {a: self.pending.get(a, []) for a in ACTORS}
        rng = Random(f"{self.seed}:{turn}")
        ctx = resolve_turn(self.rules, st, self.ledger, orders, rng)
        # the teacher's actions of this turn happened before its orders: their news first
        report = TurnReport(turn, self.date(turn), orders, self.pre_news + ctx.news, "", {},
                            st.over, st.war, self.actions)
        self.actions = []
        self.pre_news = []
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
        ``seats`` maps an actor to a seat string (see :mod:`seats`: a personality name,
        ``computer:hawk``, ``computer@random``, ``computer:hawk@pass``...; None: the
        scenario's personality at the default level; a person's seat is played by the
        computer like None)."""
        for a in ACTORS:
            if a not in self.pending:
                spec = seats.get(a) if seats else None
                if spec is None:
                    self.submit(a, self.computer_orders(a))
                else:
                    seat = parse_seat(spec)
                    self.submit(a, self.computer_orders(a, seat.personality, seat.level))
        return self.resolve()

    def run(self, turns: int | None = None, seats: dict[str, str | None] | None = None,
            on_turn: Callable[[TurnReport], object] | None = None) -> list[TurnReport]:
        """Play on until the game is over (or for at most ``turns`` more turns), the
        computer ordering for every seat not already submitted (``seats``: seat strings or
        personalities, see :meth:`play_turn`); ``on_turn`` gets each report as it comes (to record or print
        it). The one play loop of whole games: ``whales run``, sweeps, benchmarks, debriefs."""
        out: list[TurnReport] = []
        while not self.state.over and (turns is None or len(out) < turns):
            report = self.play_turn(seats)
            out.append(report)
            if on_turn is not None:
                on_turn(report)
        return out

    # ------------------------------------------------------------------ the teacher's commands
    def command(self, cmd: Command) -> CommandResult:
        """Carry out a teacher's command (see :mod:`game.engine.commands`) and record it in
        this turn's actions, so saves and replays repeat it. The commands that change the
        game (:data:`~game.engine.commands.GAME_ACTIONS`) happen now, before this turn's
        orders resolve, and their news comes first in the turn's news; the others (the
        session's: pause, timer, seats, ...) are only recorded here. Raises
        :class:`IllegalOrderError` (nothing changed, nothing recorded) when the command
        cannot be carried out."""
        news: list[News] = []
        message = ""
        if isinstance(cmd, Rewind):
            message = self._rewind(cmd.to_turn)
        elif isinstance(cmd, (InjectEvent, InjectHeadline, SetValue, EndEarly)):
            if self.state.over:
                raise IllegalOrderError("the game is over (a rewind can take it back)")
            if isinstance(cmd, InjectEvent):
                news, message = self._inject_event(cmd.event)
            elif isinstance(cmd, InjectHeadline):
                news, message = self._headline(cmd)
            elif isinstance(cmd, SetValue):
                news, message = self._set_value(cmd)
            else:
                self.state.over = True
                message = "The game ends now, with the scores as they stand."
        self.actions.append(record(self.turn, cmd))
        self.pre_news.extend(news)
        items = _view.news_items(self, news, None, prefix="teacher-")
        return CommandResult(action=cmd.action, message=message, news=items,
                             changes=_view.changes(self, [(c.key, c.delta) for n in items
                                                          for c in n.changes]))

    def _ctx(self, tag: str) -> Ctx:
        return Ctx(self.state, self.ledger, Random(f"{self.seed}:{self.turn}:{tag}"),
                   self.rules.resolver, self.rules, [])

    def _inject_event(self, event_id: str) -> tuple[list[News], str]:
        ev = next((e for e in self.rules.scenario.events if e.id == event_id), None)
        if ev is None:
            raise IllegalOrderError(f"no event {event_id!r} in this scenario; events: "
                                    + ", ".join(e.id for e in self.rules.scenario.events))
        ctx = self._ctx("inject")
        fire_event(ctx, ev, kind="injected")
        return ctx.news, f"Event injected: {ev.headline}"

    def _check_key(self, key: str) -> None:
        if key not in self.state.values:
            raise IllegalOrderError(f"no number {key!r} in this game; numbers are named like "
                                    f"dprk.economy, relation.china.dprk, track.tension")

    def _headline(self, cmd: InjectHeadline) -> tuple[list[News], str]:
        for ch in cmd.changes:
            self._check_key(ch.key)
        ctx = self._ctx("headline")
        cause = Cause("teacher", f"Teacher's news flash: {cmd.headline}")
        ctx.begin()
        for ch in cmd.changes:
            ctx.change(ch.key, ch.delta, cause)
        ctx.say(cmd.headline, cause)
        return ctx.news, f"News flash: {cmd.headline}"

    def _set_value(self, cmd: SetValue) -> tuple[list[News], str]:
        self._check_key(cmd.key)
        old = self.state.values[cmd.key]
        lo, hi = self.state.bounds[cmd.key]
        new = min(hi, max(lo, cmd.value))
        label = self.rules.key_label(cmd.key)
        text = f"{label} set to {_num(new)} (was {_num(old)})"
        ctx = self._ctx("override")
        ctx.begin()
        cause = Cause("teacher", f"Teacher's override: {text}")
        ctx.change(cmd.key, new - old, cause)
        ctx.say(f"The teacher's override: {text}", cause)
        return ctx.news, f"Override: {text}"

    def _rewind(self, to_turn: int) -> str:
        now = self.state.turn
        if not 1 <= to_turn <= now:
            raise IllegalOrderError(f"cannot rewind to turn {to_turn}: the game is at turn "
                                    f"{now}; choose a turn from 1 to {now}")
        if to_turn == now and not self.actions and not self.pending and not self.state.over:
            return f"Turn {to_turn} starts again."       # already its start: nothing to undo
        kept = self.reports[:to_turn - 1]
        dropped = self.reports[to_turn - 1:]
        fresh = Game(self.rules, self.seed)
        fresh._players = self._players
        for r in kept:          # the same orders and actions give the same turns (seeded)
            for a in r.actions:
                fresh.command(from_record(a))
            fresh.pending = {a: list(o) for a, o in r.orders.items()}
            fresh.resolve()
        self.branches.append({
            "from_turn": now, "to_turn": to_turn,
            "turns": [_turn_dict(r) for r in dropped],
            "actions": list(self.actions)})
        self.state, self.ledger = fresh.state, fresh.ledger
        self.reports, self.history, self.score_history = (fresh.reports, fresh.history,
                                                          fresh.score_history)
        self.pending, self.actions, self.pre_news = {}, [], []
        return (f"Back to the start of turn {to_turn} ({self.date()}); "
                f"{len(dropped)} turn{'s' if len(dropped) != 1 else ''} taken back.")

    def inject_event(self, event_id: str) -> tuple[NewsItem, ...]:
        """A teacher's control: an event from the scenario happens now, before this turn's
        orders resolve. Recorded, so replays repeat it. Returns its news (public)."""
        return self.command(InjectEvent(event=event_id)).news

    def end_early(self) -> None:
        """A teacher's control: end the game now, scores as they stand."""
        self.command(EndEarly())

    def rewind(self, to_turn: int) -> CommandResult:
        """A teacher's control: back to the start of turn ``to_turn`` (see :class:`Rewind`)."""
        return self.command(Rewind(to_turn=to_turn))

    # ------------------------------------------------------------------ views
    def key_label(self, key: str, short: bool = False) -> str:
        """A state key as a person reads it (see :meth:`Rules.key_label`)."""
        return self.rules.key_label(key, short)

    def visible(self, cause: Cause, viewer: Viewer) -> bool:
        """Is this cause visible to ``viewer`` (None: the public; ALL: everyone)?"""
        return cause_visible(self.state, cause, viewer)

    def explain(self, key: str, turn: int, viewer: Viewer = None) -> list[ExplainPart]:
        """Why ``key`` changed in ``turn``: the parts (they add up to the change), with hidden
        covert causes shown as unexplained to those who may not see them."""
        rows: list[ExplainPart] = []
        for d, c in self.ledger.explain(key, turn):
            if cause_visible(self.state, c, viewer):
                rows.append({"delta": d, **c.to_dict()})
            else:
                rows.append({"delta": d, "kind": "hidden", "label": "Unexplained (hidden "
                             "activity)"})
        return rows

    def breakdown(self, key: str, viewer: Viewer = None) -> Breakdown:
        """Why a number is what it is, as ``viewer`` may see it: its parts in the latest
        turn and over the whole game, from the ledger (see :func:`view.breakdown`). ``key``:
        a state key (``dprk.economy``, ``relation.china.dprk``, ``track.tension``) or a
        state's score (``score.dprk``)."""
        if viewer is not None and viewer != ALL:
            self._check_actor(viewer)
        return _view.breakdown(self, key, viewer)

    def window_start(self) -> dict[str, float]:
        """The numbers as they were before the latest resolved turn (and the teacher's
        actions in it): "this turn's change" on every screen is the change since then."""
        return self.history[max(0, len(self.reports) - 1)]

    def explain_score(self, actor: str, turn: int, viewer: Viewer = None) -> list[ExplainPart]:
        """Why ``actor``'s score changed in ``turn``: every cause's points, summed over the
        objectives it moved (largest first), hidden covert causes shown as unexplained to
        those who may not see them. They add up to the change; in the turn war broke out a
        last part ("War") takes the score to 0."""
        i = next((k for k, r in enumerate(self.reports) if r.turn == turn), None)
        if i is None:
            self.report(turn)            # raises, naming the resolved turns
            return []
        coef: dict[str, float] = {}
        for k, f in _view._score_factors(self, actor):
            coef[k] = coef.get(k, 0.0) + f
        rows: dict[tuple[tuple[str, str], ...], ExplainPart] = {}
        for key, c in coef.items():
            for part in self.explain(key, turn, viewer):
                ident = tuple(sorted((k, str(v)) for k, v in part.items() if k != "delta"))
                row = rows.setdefault(ident, {**part, "delta": 0.0})
                row["delta"] += part["delta"] * c
        out = sorted((r for r in rows.values() if abs(r["delta"]) > 1e-9),
                     key=lambda r: -abs(r["delta"]))
        before, after = self.score_history[i][actor], self.score_history[i + 1][actor]
        if self.reports[i].war and not (i and self.reports[i - 1].war):
            out.append({"delta": after - before - sum(r["delta"] for r in out), "kind": "war",
                        "label": "War broke out: every state scores 0"})
        return out

    def lever_facts(self, lever: str) -> LeverFacts:
        """A lever's name, group, cost, summary and passage in this scenario."""
        if lever not in self.rules.levers:
            raise IllegalOrderError(f"no lever {lever!r}")
        return _view.lever_facts(self, lever)

    def briefing_view(self, actor: str) -> BriefingView:
        """``actor``'s team briefing (the scenario's words, its objectives and weights, its
        key levers with their passages, what the others probably want)."""
        self._check_actor(actor)
        return _view.briefing_view(self, actor)

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


def _num(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _turn_dict(r: TurnReport) -> dict[str, Any]:
    """A resolved turn as a replay records it (for the turns a rewind took back)."""
    return {"turn": r.turn, "date": r.date,
            "orders": {a: [o.to_dict() for o in os] for a, os in r.orders.items()},
            "actions": list(r.actions), "digest": r.digest, "scores": dict(r.scores)}
