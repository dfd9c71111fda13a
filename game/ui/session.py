"""A game in progress as the front end sees it: seats, hotseat order, whose turn it is, each
seat's draft orders, saving and autosaving.

This is a thin controller, not a rule book: legality, costs and effects all come from the
engine (``Game.check_orders``, ``Game.capital_left``, ``Game.submit``, the views,
``Game.computer_orders``).
A human seat's orders stay in its own draft until the seat ends its turn, so another seat
never sees them; the engine's ``pending`` holds only finished seats.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from ..engine import (COMPUTER, Game, NewsItem, Order, OrderView, SeatView, TurnView,
                      parse_seat, rules_for)
from ..replay import load_replay, replay_of, resume, save_replay

ALREADY = "already in your orders"


def default_saves_dir() -> Path:
    """~/.local/share/shrimp-between-whales/saves (XDG_DATA_HOME respected)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                           "share")
    return Path(base) / "shrimp-between-whales" / "saves"


class Session:
    """One game being played (or watched) through the front end."""

    def __init__(self, game: Game, scenario_text: str, overrides: list[str],
                 seats: dict[str, str], order: list[str] | None = None,
                 saves_dir: Path | None = None, source: str = "") -> None:
        self.game = game
        self.scenario_text = scenario_text
        self.overrides = list(overrides)
        self.seats = {a: seats.get(a, COMPUTER) for a in game.actors}
        order = [a for a in (order or []) if a in game.actors]
        self.order = order + [a for a in game.actors if a not in order]
        self.saves_dir = Path(saves_dir) if saves_dir else default_saves_dir()
        self.source = source
        self.drafts: dict[str, list[Order]] = {}
        self.last_report = game.reports[-1] if game.reports else None
        self.autosave_error: str | None = None

    # ------------------------------------------------------------------ construction
    @classmethod
    def new(cls, scenario_text: str, source: str, seed: int, seats: dict[str, str],
            order: list[str] | None = None, overrides: list[str] | None = None,
            saves_dir: Path | None = None) -> "Session":
        game = Game(rules_for(scenario_text, source, overrides or []), seed)
        return cls(game, scenario_text, overrides or [], seats, order, saves_dir, source)

    # ------------------------------------------------------------------ seats
    @property
    def humans(self) -> list[str]:
        """Human seats in hotseat order."""
        return [a for a in self.order if self.is_human(a)]

    @property
    def current(self) -> str | None:
        """The human seat whose turn it is to order, or None when every human has finished."""
        if self.game.over:
            return None
        for a in self.humans:
            if a not in self.game.pending:
                return a
        return None

    @property
    def viewer(self) -> str | None:
        """Whose eyes the shared screens (news, map) use: the only human, or None (the public)
        when several people share the screen or nobody plays."""
        h = self.humans
        return h[0] if len(h) == 1 else None

    def is_human(self, actor: str) -> bool:
        return parse_seat(self.seats[actor]).human

    def personality(self, actor: str) -> str:
        return parse_seat(self.seats[actor]).personality or \
            self.game.scenario.actors[actor].personality  # type: ignore[index]  # str: ActorId

    # ------------------------------------------------------------------ a seat's orders
    def draft(self, actor: str) -> list[Order]:
        return self.drafts.setdefault(actor, [])

    def capital(self, actor: str) -> int:
        return self.game.state.capital(actor)

    def remaining(self, actor: str) -> int:
        """The seat's political capital after its draft orders."""
        return self.game.capital_left(actor, self.draft(actor))

    def check(self, order: Order) -> str | None:
        """Why the engine would refuse this order on top of the seat's draft, or None
        (``ALREADY`` when the draft has it)."""
        draft = self.draft(order.actor)
        if order in draft:
            return ALREADY
        problems = self.game.check_orders(order.actor, draft + [order])
        mine = [p for p in problems if p.index == len(draft)]
        return (mine or problems)[0].message if problems else None

    def add(self, order: Order) -> str | None:
        why = self.check(order)
        if why is None:
            self.draft(order.actor).append(order)
        return why

    def remove(self, actor: str, index: int) -> None:
        d = self.draft(actor)
        if 0 <= index < len(d):
            del d[index]

    def end_seat(self, actor: str) -> None:
        """The seat has finished: its draft becomes its submitted orders."""
        self.game.submit(actor, list(self.draft(actor)))
        self.drafts.pop(actor, None)

    # ------------------------------------------------------------------ resolution
    def ready(self) -> bool:
        return not self.game.over and self.current is None

    def resolve(self):
        """Computer seats order, the turn resolves, the game autosaves. Returns the report."""
        g = self.game
        for a in g.actors:
            if a not in g.pending and not self.is_human(a):
                g.submit(a, g.computer_orders(a, parse_seat(self.seats[a]).personality))
        report = g.resolve()
        self.drafts = {}
        self.last_report = report
        self.autosave()
        return report

    def turn_view(self, turn: int | None = None) -> TurnView:
        """A resolved turn (default: the last) as the shared screen may show it: through the
        eyes of the only person playing, or the room's when several share the screen."""
        return self.game.turn_view(turn, self.viewer)

    def computer_orders(self, view: TurnView) -> list[OrderView]:
        """The orders of the turn's view given by computer seats (the news screen lists them
        with their reasons)."""
        return [o for o in view.orders if not self.is_human(o.actor)]

    def seat_view(self, actor: str) -> SeatView:
        """What the seat may see now, its draft counted as its orders."""
        return self.game.seat_view(actor, self.draft(actor))

    # ------------------------------------------------------------------ teacher
    def inject_event(self, event_id: str) -> tuple[NewsItem, ...]:
        return self.game.inject_event(event_id)

    def end_early(self) -> None:
        self.drafts = {}
        self.game.end_early()
        self.autosave()

    # ------------------------------------------------------------------ saving
    def to_replay(self):
        return replay_of(self.game, self.scenario_text, self.overrides, self.seats,
                         hotseat=self.humans)

    def save(self, path: Path) -> Path:
        """Write the game (the replay format, with pending orders and seats) atomically."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_replay(self.to_replay(), path)
        return path

    def autosave(self) -> Path | None:
        """Save to saves_dir/autosave.json; a failure is remembered, never raised."""
        try:
            p = self.save(self.saves_dir / "autosave.json")
            self.autosave_error = None
            return p
        except OSError as e:
            self.autosave_error = f"autosave failed: {e}"
            return None

    def new_save_path(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        name = f"{self.game.scenario.name}-turn{self.game.turn:02d}-{stamp}.json"
        return self.saves_dir / name

    @classmethod
    def load(cls, path: Path, saves_dir: Path | None = None) -> "Session":
        """A session from a save or replay file; ReplayError (one clear message) when the file
        is not a readable game of ours."""
        replay = load_replay(path)
        game = resume(replay)
        seats = dict(replay.seats)
        order = list(replay.hotseat)
        return cls(game, replay.scenario_text, list(replay.overrides), seats, order,
                   saves_dir, str(path))
