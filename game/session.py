"""A game being played by a class: seats, the hotseat order, whose turn it is, each seat's
draft orders, the teacher's console (commands, PIN, pause, round timer) and saving.

This is the session layer every front end drives — the pygame window today, a game server
for one laptop per team tomorrow — and it holds no rule: legality, costs and effects all come
from the engine (``Game.check_orders``, ``Game.capital_left``, ``Game.submit``, the views,
``Game.computer_orders``, ``Game.command``).

A human seat's orders stay in its own draft until the seat ends its turn, so another seat
never sees them; the engine's ``pending`` holds only finished seats. Nothing is lost: every
change to a draft, every finished seat, every turn and every teacher's command is written to
the game's own autosave file at once (atomically), so a window closed with three of six teams
done resumes with their orders.

The teacher's console talks to a session only through :class:`Console` — ``teacher(cmd)``
(the one handler of every :mod:`teacher command <game.engine.commands>`), ``status()``,
``console_view()`` and ``check_pin(pin)`` — typed, serialisable calls that a network client
can make just as well.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any, Callable, Literal, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from .engine import (COMMANDS, COMPUTER, HUMAN, Command, CommandResult, EndEarly, EndSeat,
                     EventChoice, Game, IllegalOrderError, InjectEvent, NewsItem, NumberChoice,
                     Order, OrderView, Pause, RevealOrders, Rewind, Seat, SeatError, SeatView, SetSeat,
                     SetTimer, TurnView, check_seat, parse_seat, rules_for)
from .replay import (ClassroomRecord, PinRecord, Replay, load_replay, replay_of, resume,
                     save_replay)

ALREADY = "already in your orders"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
"""scrypt's cost for the teacher's PIN (about 30 ms a check: slow to guess, quick to type)."""


def default_saves_dir() -> Path:
    """~/.local/share/shrimp-between-whales/saves (XDG_DATA_HOME respected)."""
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                           "share")
    return Path(base) / "shrimp-between-whales" / "saves"


def slug(text: str) -> str:
    """"Period 3" → "period-3" (for file names)."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:40].strip("-")


def hash_pin(pin: str, salt: bytes | None = None) -> PinRecord:
    """The PIN as a salted scrypt hash (the PIN itself is never kept)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, dklen=32, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P)
    return PinRecord(salt=salt.hex(), hash=digest.hex(), n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)


def pin_matches(record: PinRecord, pin: str) -> bool:
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=bytes.fromhex(record.salt), dklen=32,
                            n=record.n, r=record.r, p=record.p)
    return hmac.compare_digest(digest.hex(), record.hash)


def check_pin_text(pin: str) -> str | None:
    """Why ``pin`` cannot be a teacher's PIN (4 to 8 digits), or None."""
    if not re.fullmatch(r"[0-9]{4,8}", pin):
        return "a PIN is 4 to 8 digits"
    return None


# ------------------------------------------------------------------------------ what the console reads
class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SeatStatus(_Model):
    actor: str
    name: str
    seat: str                    # its seat string: human, computer, computer:hawk ...
    human: bool
    ordered: bool                # has it sent its orders this turn?
    drafting: int                # orders queued but not sent (a person's seat)


class ClassroomStatus(_Model):
    """What the room sees of a turn in progress: who has ordered, the timer, the pause."""

    name: str                    # the game's name ("Period 3"), or ""
    scenario: str
    turn: int
    turns: int
    date: str
    over: bool
    paused: bool
    locked: bool                 # the console asks for a PIN
    current: str | None          # the person's seat whose turn it is
    seats: tuple[SeatStatus, ...]
    ordered: int                 # people's seats that have sent orders
    people: int
    timer_seconds: int           # 0: no timer
    timer_per: Literal["team", "turn"]
    time_left: float | None      # seconds (None: no timer running)
    time_up: bool


class SeatChoice(_Model):
    seat: str                    # the seat string
    label: str                   # "a person", "the computer (hawk: Maximum pressure ...)"


class ConsoleView(_Model):
    """Everything the teacher's console offers, for one moment of the game."""

    status: ClassroomStatus
    events: tuple[EventChoice, ...]
    numbers: tuple[NumberChoice, ...]
    seat_choices: dict[str, tuple[SeatChoice, ...]]
    turns: tuple[tuple[int, str], ...]      # the turns one may rewind to, with their dates


class Console(Protocol):
    """What a teacher's console needs of a classroom game (the pygame console drives a
    :class:`Session`; a network client drives the same calls on a server)."""

    def teacher(self, cmd: Command) -> CommandResult: ...
    def status(self) -> ClassroomStatus: ...
    def console_view(self) -> ConsoleView: ...
    def check_pin(self, pin: str) -> bool: ...
    @property
    def locked(self) -> bool: ...


# ------------------------------------------------------------------------------ the session
class Session:
    """One game being played (or watched) through a front end."""

    def __init__(self, game: Game, scenario_text: str, overrides: list[str],
                 seats: dict[str, str], order: list[str] | None = None,
                 saves_dir: Path | None = None, source: str = "",
                 classroom: ClassroomRecord | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
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
        self.classroom = classroom or ClassroomRecord(
            started=_dt.datetime.now().isoformat(timespec="minutes"))
        if self.classroom.autosave is None:
            self.classroom = self.classroom.model_copy(update={"autosave": self._autosave_name()})
        self.clock = clock
        self.paused = False
        self.ended: list[str] = []      # people's seats that ended their turn, in order
        self.begun: set[str] = set()    # people's seats whose turn has started this turn
        self._timer_start: float | None = None
        self._paused_at: float | None = None
        self._paused_for = 0.0
        self.notes: list[str] = []      # what loading had to drop (shown once)

    # ------------------------------------------------------------------ construction
    @classmethod
    def new(cls, scenario_text: str, source: str, seed: int, seats: dict[str, str],
            order: list[str] | None = None, overrides: list[str] | None = None,
            saves_dir: Path | None = None, name: str = "", pin: str | None = None,
            clock: Callable[[], float] = time.monotonic) -> "Session":
        """A new game; ``name`` (e.g. "Period 3") names its autosave, ``pin`` (4-8 digits)
        locks the teacher's console (kept only as a salted hash)."""
        game = Game(rules_for(scenario_text, source, overrides or []), seed)
        if pin:
            why = check_pin_text(pin)
            if why:
                raise ValueError(why)
        record = ClassroomRecord(name=name.strip(), pin=hash_pin(pin) if pin else None,
                                 started=_dt.datetime.now().isoformat(timespec="minutes"))
        s = cls(game, scenario_text, overrides or [], seats, order, saves_dir, source,
                record, clock)
        s.autosave()
        return s

    def _autosave_name(self) -> str:
        stamp = _dt.datetime.now().strftime("%Y-%m-%d-%H%M")
        tail = f"-{slug(self.classroom.name)}" if slug(self.classroom.name) else ""
        return f"auto-{self.game.scenario.name}-{stamp}{tail}.json"

    @property
    def name(self) -> str:
        return self.classroom.name

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

    def seat_choices(self, actor: str) -> tuple[SeatChoice, ...]:
        """Who may play ``actor``: a person, or the computer with each personality the
        scenario gives the state."""
        spec = self.game.scenario.actors[actor]  # type: ignore[index]
        out = [SeatChoice(seat=HUMAN, label="a person")]
        for name, p in spec.personalities.items():
            label = f"the computer: {name}" + (f" ({p.description})" if p.description else "")
            out.append(SeatChoice(seat=Seat(personality=name).spec, label=label))
        return tuple(out)

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
        """Queue an order in the seat's draft (saved at once); the reason it cannot be, else
        None."""
        why = self.check(order)
        if why is None:
            self.draft(order.actor).append(order)
            self.autosave(durable=False)
        return why

    def remove(self, actor: str, index: int) -> None:
        d = self.draft(actor)
        if 0 <= index < len(d):
            del d[index]
            self.autosave(durable=False)

    def begin_seat(self, actor: str | None) -> None:
        """A person's seat starts its turn (its screen is up): the turn of the seat before it
        can no longer be taken back, and a per-team timer starts."""
        if actor is None:
            return
        if actor not in self.begun:
            self.begun.add(actor)
            if self.classroom.timer_per == "team" or self._timer_start is None:
                self._start_timer()

    def end_seat(self, actor: str) -> None:
        """The seat has finished: its draft becomes its submitted orders (saved at once)."""
        self.game.submit(actor, list(self.draft(actor)))
        self.drafts.pop(actor, None)
        if actor in self.ended:
            self.ended.remove(actor)
        self.ended.append(actor)
        if self.classroom.timer_per == "team" and not any(
                a not in self.game.pending for a in self.begun):
            self._timer_start = None       # hotseat: the next team's time starts with its turn
        self.autosave()

    def can_reopen(self) -> str | None:
        """The seat whose "End turn" can still be taken back (the last one to finish, while
        the next seat has not started), or None."""
        if not self.ended or self.game.over:
            return None
        last = self.ended[-1]
        nxt = self.current
        if last not in self.game.pending or (nxt is not None and nxt in self.begun):
            return None
        return last

    def reopen(self, actor: str) -> bool:
        """Take back ``actor``'s "End turn": its sent orders go back to its draft."""
        if self.can_reopen() != actor:
            return False
        self.drafts[actor] = self.game.withdraw(actor)
        self.ended.remove(actor)
        self.begun.discard(actor)
        self.autosave()
        return True

    # ------------------------------------------------------------------ resolution
    def ready(self) -> bool:
        return not self.game.over and self.current is None

    def resolve(self):
        """Computer seats order, the turn resolves, the game autosaves. Returns the report."""
        g = self.game
        for a in g.actors:
            if a not in g.pending and not self.is_human(a):
                seat = parse_seat(self.seats[a])
                g.submit(a, g.computer_orders(a, seat.personality, seat.level))
        report = g.resolve()
        self.drafts = {}
        self.last_report = report
        self._new_turn()
        self.autosave()
        return report

    def _new_turn(self) -> None:
        self.ended, self.begun = [], set()
        self._timer_start = None

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

    # ------------------------------------------------------------------ the round timer
    def _start_timer(self) -> None:
        now = self.clock()
        self._timer_start = now
        self._paused_for = 0.0
        self._paused_at = now if self.paused else None

    def time_left(self) -> float | None:
        """Seconds left on the round timer (None: no timer, or the round has not started)."""
        secs = self.classroom.timer_seconds
        if not secs or self._timer_start is None or self.game.over:
            return None
        now = self.clock()
        stopped = self._paused_for + (now - self._paused_at if self._paused_at is not None
                                      else 0.0)
        return max(0.0, secs - (now - self._timer_start - stopped))

    def _set_paused(self, paused: bool) -> None:
        if paused == self.paused:
            return
        self.paused = paused
        now = self.clock()
        if paused:
            self._paused_at = now
        elif self._paused_at is not None:
            self._paused_for += now - self._paused_at
            self._paused_at = None

    # ------------------------------------------------------------------ the teacher
    @property
    def locked(self) -> bool:
        """Does the teacher's console ask for a PIN?"""
        return self.classroom.pin is not None

    def check_pin(self, pin: str) -> bool:
        """Is ``pin`` the teacher's PIN? (True when there is none.)"""
        rec = self.classroom.pin
        return rec is None or pin_matches(rec, pin)

    def set_pin(self, pin: str | None) -> None:
        """Choose (or, with None or "", remove) the teacher's PIN; ValueError if malformed."""
        if pin:
            why = check_pin_text(pin)
            if why:
                raise ValueError(why)
        self.classroom = self.classroom.model_copy(update={"pin": hash_pin(pin) if pin
                                                           else None})
        self.autosave()

    def teacher(self, cmd: Command | dict) -> CommandResult:
        """The one handler of every teacher's command (a model, or its JSON-ready dict):
        carries it out, records it in the game (so the save and the replay hold it), saves.
        A command that cannot be carried out changes nothing and is not recorded: the result
        says why (``ok`` False)."""
        if isinstance(cmd, dict):
            raw = cmd
            try:
                cmd = COMMANDS.validate_python(raw)
            except ValidationError as e:
                first = e.errors()[0]
                where = ".".join(str(x) for x in first["loc"])
                return CommandResult(action=str(raw.get("action", "?")), ok=False,
                                     message=f"not a teacher's command: {where}: "
                                             f"{first['msg'].removeprefix('Value error, ')}")
        assert isinstance(cmd, Command)
        g = self.game
        try:
            message, orders = self._session_part(cmd)
            result = g.command(cmd)
        except (IllegalOrderError, SeatError, ValueError) as e:
            return CommandResult(action=str(getattr(cmd, "action", "?")), ok=False,
                                 message=str(e))
        if isinstance(cmd, Rewind):
            self.drafts = {}
            self._new_turn()
        elif isinstance(cmd, EndEarly):
            self.drafts = {}
        self.autosave()
        return result.model_copy(update={"message": message or result.message,
                                          "orders": orders})

    def _session_part(self, cmd: Command) -> tuple[str, tuple[OrderView, ...]]:
        """The session's own share of a command (checked before anything changes)."""
        g = self.game
        if isinstance(cmd, Pause):
            self._set_paused(cmd.paused)
            return ("The class is paused." if cmd.paused else "The class goes on."), ()
        if isinstance(cmd, SetTimer):
            self.classroom = self.classroom.model_copy(
                update={"timer_seconds": cmd.seconds, "timer_per": cmd.per})
            if cmd.seconds:
                if self.current is not None and (cmd.per == "turn" or self.current in self.begun):
                    self._start_timer()
                else:
                    self._timer_start = None
                per = "each team's turn" if cmd.per == "team" else "each whole turn"
                return f"Timer: {_clock(cmd.seconds)} for {per}.", ()
            self._timer_start = None
            return "Timer off.", ()
        if isinstance(cmd, RevealOrders):
            orders: list[OrderView] = []
            for a in g.actors:
                mine = g.pending.get(a) if a in g.pending else self.drafts.get(a, [])
                orders += g.seat_view(a, list(mine or [])).orders
            n = len(orders)
            return f"Every order so far this turn ({n}) is shown.", tuple(orders)
        if isinstance(cmd, EndSeat):
            if g.over:
                raise IllegalOrderError("the game is over")
            if not self.is_human(cmd.actor):
                raise IllegalOrderError(f"{g.rules.name(cmd.actor)} is played by the computer")
            if cmd.actor in g.pending:
                raise IllegalOrderError(f"{g.rules.name(cmd.actor)} has already ordered")
            n = len(self.draft(cmd.actor))
            self.end_seat(cmd.actor)
            return (f"{g.rules.name(cmd.actor)}'s turn is ended with its {n} queued "
                    f"order{'s' if n != 1 else ''}."), ()
        if isinstance(cmd, SetSeat):
            seat = parse_seat(cmd.seat)
            why = check_seat(g.scenario, cmd.actor, seat)
            if why:
                raise ValueError(why)
            was_human = self.is_human(cmd.actor)
            self.seats[cmd.actor] = seat.spec
            if was_human and not seat.human:
                self.drafts.pop(cmd.actor, None)       # the computer orders for it now
                self.begun.discard(cmd.actor)
                if cmd.actor in self.ended:
                    self.ended.remove(cmd.actor)
            who = "a person" if seat.human else (
                f"the computer ({seat.personality or self.personality(cmd.actor)})")
            return f"{g.rules.name(cmd.actor)} is now played by {who}.", ()
        if isinstance(cmd, InjectEvent) and g.over:
            raise IllegalOrderError("the game is over (a rewind can take it back)")
        return "", ()

    def status(self) -> ClassroomStatus:
        g = self.game
        people = self.humans
        seats = tuple(SeatStatus(actor=a, name=g.rules.name(a), seat=self.seats[a],
                                 human=self.is_human(a), ordered=a in g.pending,
                                 drafting=len(self.drafts.get(a, [])))
                      for a in self.order)
        left = self.time_left()
        return ClassroomStatus(
            name=self.name, scenario=g.scenario.title, turn=g.turn, turns=g.scenario.turns,
            date=g.date(), over=g.over, paused=self.paused, locked=self.locked,
            current=self.current, seats=seats,
            ordered=sum(1 for a in people if a in g.pending), people=len(people),
            timer_seconds=self.classroom.timer_seconds, timer_per=self.classroom.timer_per,
            time_left=left, time_up=left is not None and left <= 0)

    def console_view(self) -> ConsoleView:
        g = self.game
        turns = tuple((t, g.date(t)) for t in range(1, g.turn + 1))
        return ConsoleView(status=self.status(), events=g.event_choices(),
                           numbers=g.number_choices(),
                           seat_choices={a: self.seat_choices(a) for a in g.actors},
                           turns=turns)

    # ------------------------------------------------------------------ teacher's shortcuts
    def inject_event(self, event_id: str) -> tuple[NewsItem, ...]:
        res = self.teacher(InjectEvent(event=event_id))
        if not res.ok:
            raise IllegalOrderError(res.message)
        return res.news

    def end_early(self) -> None:
        self.teacher(EndEarly())

    # ------------------------------------------------------------------ saving
    def to_replay(self) -> Replay:
        return replay_of(self.game, self.scenario_text, self.overrides, self.seats,
                         hotseat=self.humans, drafts=self.drafts, classroom=self.classroom)

    def save(self, path: Path, durable: bool = True) -> Path:
        """Write the game (the replay format, with pending and draft orders, seats and the
        class's settings) atomically."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_replay(self.to_replay(), path, durable=durable)
        return path

    @property
    def autosave_path(self) -> Path:
        """This game's own autosave file (named by scenario, date and the game's name)."""
        return self.saves_dir / (self.classroom.autosave or self._autosave_name())

    def autosave(self, durable: bool = True) -> Path | None:
        """Save to the game's autosave file; a failure is remembered, never raised."""
        try:
            p = self.save(self.autosave_path, durable=durable)
            self.autosave_error = None
            return p
        except OSError as e:
            self.autosave_error = f"autosave failed: {e}"
            return None

    def new_save_path(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        tail = f"-{slug(self.name)}" if slug(self.name) else ""
        name = f"{self.game.scenario.name}{tail}-turn{self.game.turn:02d}-{stamp}.json"
        return self.saves_dir / name

    @classmethod
    def load(cls, path: Path, saves_dir: Path | None = None,
             clock: Callable[[], float] = time.monotonic) -> "Session":
        """A session from a save or replay file, with its queued orders; ReplayError (one
        clear message) when the file is not a readable game of ours. A game saved without
        a classroom record of its own (a headless replay) gets a new autosave file."""
        replay = load_replay(path)
        game = resume(replay)
        seats = dict(replay.seats)
        order = list(replay.hotseat)
        classroom = replay.classroom
        s = cls(game, replay.scenario_text, list(replay.overrides), seats, order,
                saves_dir, str(path), classroom, clock)
        for actor, recs in replay.drafts.items():
            orders = [r.to_order() for r in recs]
            if actor in game.pending or not s.is_human(actor):
                continue
            if game.check_orders(actor, orders):
                ok: list[Order] = []
                for o in orders:
                    if not game.check_orders(actor, ok + [o]):
                        ok.append(o)
                dropped = len(orders) - len(ok)
                s.notes.append(f"{game.rules.name(actor)}: {dropped} queued order"
                               f"{'s' if dropped != 1 else ''} no longer possible, dropped")
                orders = ok
            s.drafts[actor] = orders
        s.ended = [a for a in s.humans if a in game.pending]
        return s


class SaveInfo(_Model):
    """A saved game as the load list shows it (read without rebuilding the game)."""

    path: str
    ok: bool                     # does it look like a game of ours?
    name: str = ""               # the teacher's name for the game ("Period 3")
    scenario: str = ""           # the scenario's title
    turn: int = 0                # the turn it is at (the next to play)
    turns: int = 0               # resolved turns
    finished: bool = False
    people: tuple[str, ...] = () # the seats played by people
    started: str = ""            # when the game began (ISO, minutes), else the file's time
    saved: float = 0.0           # the file's modification time
    autosave: bool = False
    problem: str = ""            # why it cannot be read (ok False)

    def seats_text(self, names: dict[str, str] | None = None) -> str:
        """"6 teams", "1 player: dprk", "computer only"."""
        n = len(self.people)
        if not n:
            return "computer only"
        if n == 1:
            return f"1 player: {(names or {}).get(self.people[0], self.people[0])}"
        return f"{n} teams"


_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.M)
MAX_SAVE_PEEK = 8 * 1024 * 1024


def describe_save(path: Path) -> SaveInfo:
    """What the load list says of a file: its scenario, turn, seats, name and dates; ``ok``
    False (with the reason) when it is not a game of ours. Reads the JSON only: loading
    checks the file in full (``Session.load``)."""
    path = Path(path)
    try:
        st = path.stat()
        if st.st_size > MAX_SAVE_PEEK:
            return SaveInfo(path=str(path), ok=False, saved=st.st_mtime,
                            problem="too large for a saved game")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        return SaveInfo(path=str(path), ok=False,
                        problem=f"not readable ({e.__class__.__name__})")
    if not isinstance(data, dict) or "scenario_text" not in data or "turns" not in data:
        return SaveInfo(path=str(path), ok=False, saved=st.st_mtime,
                        problem="not a saved game or replay")
    def field(key: str, kind: type, default: Any) -> Any:
        v = data.get(key)
        return v if isinstance(v, kind) else default

    m = _TITLE.search(field("scenario_text", str, ""))
    title = m.group(1).strip().strip("\"'") if m else str(data.get("scenario_name", "?"))
    turns: list[Any] = field("turns", list, [])
    seats: dict[str, Any] = field("seats", dict, {})
    people = tuple(a for a, v in seats.items() if v == HUMAN)
    room: dict[str, Any] = field("classroom", dict, {})
    finished = bool(data.get("finished"))
    return SaveInfo(path=str(path), ok=True, name=str(room.get("name") or ""), scenario=title,
                    turn=len(turns) + (0 if finished else 1), turns=len(turns),
                    finished=finished, people=people, started=str(room.get("started") or ""),
                    saved=st.st_mtime, autosave=path.name.startswith("auto-"))


def _clock(seconds: float) -> str:
    """125 → "2:05"."""
    s = max(0, int(round(seconds)))
    return f"{s // 60}:{s % 60:02d}"


clock_text = _clock

__all__ = ["ALREADY", "ClassroomStatus", "Console", "ConsoleView", "SaveInfo", "SeatChoice",
           "SeatStatus", "Session", "check_pin_text", "clock_text", "default_saves_dir",
           "describe_save", "hash_pin", "pin_matches", "slug"]
