"""Replays and saved games: one versioned JSON format for both.

A replay holds everything needed to play a game again without its scenario file: the full
scenario text (and its sha256), the overrides, the seed, every resolved turn's orders per
state (human and computer alike, computer orders with their reasons), the teacher's
out-of-turn actions, and per turn the state digest and scores. A saved game in progress adds
the orders already submitted for the current turn (``pending``) and any actions taken since
the last resolved turn (``trailing_actions``).

Re-simulating never asks a computer player: it submits the recorded orders, so a replay
checks the rules, not the AI. :func:`verify` compares every turn's digest and scores.

>>> from game.engine import Game, Rules, parse_scenario
>>> text = open("scenarios/sandbox.yaml").read()
>>> g = Game(Rules(parse_scenario(text)), seed=3)
>>> _ = g.run(turns=2)
>>> verify(replay_of(g, text, [], {})).ok
True
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler,
                      ValidationError, model_serializer, model_validator)

from . import __version__
from .atomic import write_atomic
from .engine import (ACTORS, Game, IllegalOrderError, Order, Rewind, Rules, ScenarioError,
                     TeacherCommand, TurnReport, SEAT_PATTERN, check_text, limits, rules_for,
                     scenario_hash, seat_spec)

FORMAT = "shrimp-between-whales/replay"
FORMAT_VERSION = 1


# ------------------------------------------------------------------------------ the format
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


_Id = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=64)]
ActorId = Annotated[str, Field(pattern="^(" + "|".join(ACTORS) + ")$")]
"""One of the six states (typed ``str`` for clients)."""
_Text = Annotated[str, AfterValidator(check_text), Field(max_length=4000)]
_Turn = Annotated[int, Field(ge=1, le=limits.MAX_TURNS + 1)]
_Seat = Annotated[str, Field(pattern=SEAT_PATTERN, max_length=80)]
_Orders = Annotated[list["OrderRecord"], Field(max_length=64)]


def _unicode(text: str) -> str:
    """Refuse lone surrogates (not Unicode: the text could not be hashed or saved)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"text may not contain U+{ord(text[e.start]):04X}, a lone surrogate "
                         f"(not valid Unicode), at character {e.start + 1}") from None
    return text


_Code = Annotated[str, AfterValidator(_unicode)]


class OrderRecord(_Strict):
    """One order as recorded; the same fields as :meth:`Order.to_dict`."""

    actor: ActorId
    lever: _Id
    target: ActorId | None = None
    option: _Id | None = None
    reason: _Text = ""

    @classmethod
    def of(cls, order: Order) -> "OrderRecord":
        return cls(actor=order.actor, lever=order.lever, target=order.target,
                   option=order.option, reason=order.reason)

    def to_order(self) -> Order:
        return Order(self.actor, self.lever, self.target, self.option, self.reason)


class ActionRecord(_Strict):
    """A teacher's action (one of :mod:`game.engine.commands`), taken in the turn it names
    before that turn resolved. In the file it is the command's fields and ``turn``, e.g.
    ``{"turn": 2, "action": "inject_event", "event": "border_incident"}``."""

    turn: _Turn
    command: TeacherCommand

    @model_validator(mode="before")
    @classmethod
    def _unflatten(cls, data: object) -> object:
        if isinstance(data, dict) and "command" not in data:
            return {"turn": data.get("turn"),
                    "command": {k: v for k, v in data.items() if k != "turn"}}
        return data

    @model_serializer(mode="wrap")
    def _flatten(self, handler: SerializerFunctionWrapHandler) -> dict:
        d = handler(self)
        return {"turn": d["turn"], **d["command"]}

    @property
    def action(self) -> str:
        return str(self.command.action)

    @property
    def event(self) -> str | None:
        """The injected event's id (None for other actions)."""
        return getattr(self.command, "event", None)

    def to_dict(self) -> dict:
        """As the game's actions hold it (see :func:`game.engine.commands.record`)."""
        return {**self.command.model_dump(mode="json"), "turn": self.turn}


_Actions = Annotated[list[ActionRecord], Field(max_length=limits.MAX_LIST)]


class TurnRecord(_Strict):
    turn: _Turn
    date: Annotated[_Text, Field(max_length=40)] = ""
    orders: dict[ActorId, _Orders]
    actions: _Actions = []
    digest: Annotated[str, Field(pattern=r"^[0-9a-f]{1,64}$")]
    scores: dict[ActorId, float]


class RewindRecord(_Strict):
    """Turns a teacher's rewind took back (kept for the record and the debrief; the game goes
    on from the start of ``to_turn``)."""

    from_turn: _Turn
    to_turn: _Turn
    turns: Annotated[list[TurnRecord], Field(max_length=limits.MAX_TURNS)] = []
    actions: _Actions = []      # actions taken in from_turn before the rewind


class PinRecord(_Strict):
    """The teacher's PIN, as a salted hash only (scrypt; the PIN itself is never stored)."""

    method: Literal["scrypt"] = "scrypt"
    n: Annotated[int, Field(ge=2, le=2 ** 20)]
    r: Annotated[int, Field(ge=1, le=32)]
    p: Annotated[int, Field(ge=1, le=16)]
    salt: Annotated[str, Field(pattern=r"^[0-9a-f]{16,128}$")]
    hash: Annotated[str, Field(pattern=r"^[0-9a-f]{32,256}$")]


class ClassroomRecord(_Strict):
    """How a class runs this game: the name the teacher gave it, the teacher's PIN (hashed),
    the round timer and the file its autosaves go to."""

    name: Annotated[_Text, Field(max_length=60)] = ""
    pin: PinRecord | None = None
    timer_seconds: Annotated[int, Field(ge=0, le=3600)] = 0
    timer_per: Literal["team", "turn"] = "team"
    autosave: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_. -]{0,120}\.json$")] | None \
        = None
    started: Annotated[_Text, Field(max_length=40)] = ""    # when the game began (ISO date)


class Replay(_Strict):
    """A replay file. Every field is bounded (see :mod:`game.engine.limits`): a replay is a
    file someone may hand you."""

    format: Annotated[str, Field(max_length=100)]
    format_version: int
    game_version: Annotated[_Text, Field(max_length=40)]
    scenario_name: Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=64)]
    scenario_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    scenario_text: Annotated[_Code, Field(max_length=limits.MAX_SCENARIO_BYTES)]
    seed: Annotated[int, Field(ge=limits.SEED_MIN, le=limits.SEED_MAX)]
    overrides: Annotated[list[Annotated[_Code, Field(max_length=65536)]],
                         Field(max_length=256)] = []
    seats: dict[ActorId, _Seat] = {}   # actor -> "human" | "computer" | "computer:<personality>"
    hotseat: Annotated[list[ActorId], Field(max_length=6)] = []   # the front end's order of
    #                                                               human seats (saved games)
    turns: Annotated[list[TurnRecord], Field(max_length=limits.MAX_TURNS)] = []
    pending: dict[ActorId, _Orders] = {}   # orders submitted for the unresolved turn
    trailing_actions: _Actions = []  # actions after the last resolved turn
    finished: bool = False
    drafts: dict[ActorId, _Orders] = {}     # orders queued but not yet sent (a saved round)
    rewinds: Annotated[list[RewindRecord], Field(max_length=32)] = []
    classroom: ClassroomRecord | None = None


EDITED = "the scenario text does not match its recorded sha256: the replay was edited"


class ReplayError(ValueError):
    """A replay that cannot be used; the message names the file and what is wrong."""


class RebuildError(ReplayError):
    """Re-simulation stopped: a recorded order or action is not allowed now. ``turn`` is the
    turn it belongs to."""

    def __init__(self, turn: int, message: str) -> None:
        super().__init__(message)
        self.turn = turn


# ------------------------------------------------------------------------------ recording
def _seats(seats: Mapping[str, str | None] | None) -> dict[str, str]:
    """Every state's seat string, normalised (None → "computer", "hawk" → "computer:hawk")."""
    seats = seats or {}
    return {a: seat_spec(seats.get(a)) for a in ACTORS}


def turn_record(report: TurnReport) -> TurnRecord:
    return TurnRecord(
        turn=report.turn, date=report.date,
        orders={a: [OrderRecord.of(o) for o in report.orders.get(a, [])] for a in ACTORS},
        actions=[ActionRecord.model_validate(a) for a in report.actions],
        digest=report.digest, scores=dict(report.scores))


def _replay(game: Game, scenario_text: str, overrides: list[str],
            seats: Mapping[str, str | None] | None, turns: list[TurnRecord],
            hotseat: list[str] | None = None,
            drafts: Mapping[str, list[Order]] | None = None,
            classroom: ClassroomRecord | None = None) -> Replay:
    return Replay(
        format=FORMAT, format_version=FORMAT_VERSION, game_version=__version__,
        scenario_name=game.scenario.name, scenario_hash=scenario_hash(scenario_text),
        scenario_text=scenario_text, seed=game.seed, overrides=list(overrides),
        seats=_seats(seats), hotseat=list(hotseat or []), turns=turns,
        pending={a: [OrderRecord.of(o) for o in orders] for a, orders in game.pending.items()},
        trailing_actions=[ActionRecord.model_validate(a) for a in game.actions],
        finished=game.over,
        drafts={a: [OrderRecord.of(o) for o in orders] for a, orders in (drafts or {}).items()
                if orders},
        rewinds=[RewindRecord.model_validate(b) for b in game.branches],
        classroom=classroom)


def replay_of(game: Game, scenario_text: str, overrides: list[str],
              seats: Mapping[str, str | None] | None = None,
              hotseat: list[str] | None = None,
              drafts: Mapping[str, list[Order]] | None = None,
              classroom: ClassroomRecord | None = None) -> Replay:
    """The replay (or save) of a game as it stands, from its reports; ``drafts``: orders
    queued by seats that have not sent them yet (a round in progress), ``classroom``: how the
    class runs it (name, PIN hash, timer)."""
    return _replay(game, scenario_text, overrides, seats,
                   [turn_record(r) for r in game.reports], hotseat, drafts, classroom)


class Recorder:
    """Records a game turn by turn: ``record(report)`` after each resolve, then ``save``.

    With ``path`` the replay is written as the game goes: by ``write()`` before the first turn
    if you like (no turns yet), then after every turn, each time atomically (a temporary file renamed over the last one). A crash or
    a kill at turn 12 leaves the replay of turns 1-11 at ``path``, and that partial replay
    verifies. Each turn is serialised once, so a long game costs no more per turn than a short
    one; the last write (``save``) is also forced to the disk."""

    def __init__(self, game: Game, scenario_text: str, overrides: list[str],
                 seats: Mapping[str, str | None] | None = None,
                 path: str | Path | None = None) -> None:
        self.game = game
        self.scenario_text = scenario_text
        self.overrides = list(overrides)
        self.seats = dict(seats or {})
        self.turns: list[TurnRecord] = []
        self.path = Path(path) if path is not None else None
        self._texts: list[str] = []     # each turn as it appears in the file
        self.written: int | None = None  # turns in the last copy written to path

    def record(self, report: TurnReport) -> None:
        rec = turn_record(report)
        self.turns.append(rec)
        if self.path is not None:
            self._texts.append(_turn_text(rec))
            self.write(durable=False)

    def to_replay(self) -> Replay:
        return _replay(self.game, self.scenario_text, self.overrides, self.seats,
                       list(self.turns))

    def dumps(self) -> str:
        """The file's text, the same as ``dumps(self.to_replay())``."""
        if self.path is None or len(self._texts) != len(self.turns):
            return dumps(self.to_replay())
        head = _replay(self.game, self.scenario_text, self.overrides, self.seats, [])
        return _with_turns(head, self._texts)

    def write(self, durable: bool = True) -> None:
        """Write the replay so far to ``path`` (OSError when it cannot: the last copy
        written stays as it was)."""
        assert self.path is not None
        write_atomic(self.path, self.dumps(), durable=durable)
        self.written = len(self.turns)

    def save(self, path: str | Path) -> None:
        if self.path is not None and Path(path) == self.path:
            self.write(durable=True)
        else:
            save_replay(self.to_replay(), path)


# ------------------------------------------------------------------------------ files
def dumps(replay: Replay) -> str:
    """The file's text: stable, so the same game always gives the same bytes."""
    return json.dumps(replay.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"


_TURNS_HERE = "\x00turns\x00"


def _turn_text(rec: TurnRecord) -> str:
    """One turn as :func:`dumps` writes it inside ``turns`` (two levels in: every line
    indented by two more spaces; JSON strings hold no raw newlines)."""
    return "  " + json.dumps(rec.model_dump(mode="json"), indent=1,
                             ensure_ascii=False).replace("\n", "\n  ")


def _with_turns(head: Replay, texts: list[str]) -> str:
    """:func:`dumps` of ``head`` with the turns ``texts`` (from :func:`_turn_text`)."""
    if not texts:
        return dumps(head)
    data = head.model_dump(mode="json")
    data["turns"] = _TURNS_HERE
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    marker = json.dumps(_TURNS_HERE)
    assert text.count(marker) == 1
    return text.replace(marker, "[\n" + ",\n".join(texts) + "\n ]")


def save_replay(replay: Replay, path: str | Path, durable: bool = True) -> None:
    """Write atomically: a temporary file in the same folder, then a rename over ``path``.
    A failure leaves any earlier file at ``path`` as it was (and raises OSError).
    ``durable=False`` skips forcing it to the disk (a draft's autosave: fast, and safe from
    the program closing, though not from the machine losing power)."""
    write_atomic(path, dumps(replay), durable=durable)


def check_writable(path: str | Path) -> None:
    """Raise ReplayError unless a replay could be written at ``path`` (checked up front, so a
    long run does not end in a failed save)."""
    p = Path(path)
    if p.is_dir():
        raise ReplayError(f"{path}: is a folder; give a file name for the replay")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise ReplayError(f"{path}: cannot write the replay: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (p.exists() and not os.access(p, os.W_OK)):
        raise ReplayError(f"{path}: cannot write the replay: permission denied")


def load_replay(path: str | Path) -> Replay:
    """Read and check a replay file; ReplayError with one clear message otherwise. Files
    over MAX_REPLAY_BYTES, devices and named pipes are refused before anything is read."""
    try:
        raw = limits.read_bounded(path, limits.MAX_REPLAY_BYTES, "a replay")
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReplayError(f"{path}: is a folder, not a replay file") from None
    except limits.InputTooLarge as e:
        raise ReplayError(f"{path}: {e}") from None
    except OSError as e:
        raise ReplayError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = limits.place_of_offset(raw, e.start)
        raise ReplayError(f"{path}: not a replay: not UTF-8 text (byte 0x{raw[e.start]:02x} at "
                          f"line {line}, column {col}); a replay is JSON") from None
    return parse_replay(text, str(path))


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_replay(text: str, source: str = "<replay>") -> Replay:
    """Check replay JSON text; ReplayError naming ``source`` and what is wrong."""
    if not text.strip():
        raise ReplayError(f"{source}: the file is empty; expected a replay (JSON written by "
                          f"`whales run --replay` or a saved game)")
    if len(text) > limits.MAX_REPLAY_BYTES:
        raise ReplayError(f"{source}: {len(text):,} characters; a replay may be at most "
                          f"{limits.megabytes(limits.MAX_REPLAY_BYTES)}")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        if _looks_truncated(text, e):
            raise ReplayError(f"{source}: truncated: the JSON stops before it is complete "
                              f"(line {e.lineno}, column {e.colno}); the file was cut short "
                              f"or not fully written") from None
        raise ReplayError(f"{source}: not JSON: {e.msg} at line {e.lineno}, column "
                          f"{e.colno}; a replay is a JSON file") from None
    except RecursionError:
        raise ReplayError(f"{source}: not a replay: JSON nested far too deeply (a replay "
                          f"nests {limits.MAX_DEPTH} levels at most)") from None
    except ValueError as e:     # NaN/Infinity, or an integer of more than 4,300 digits
        what = str(e).split(":")[0] if "digits" in str(e) else str(e)
        raise ReplayError(f"{source}: not a valid replay: {what}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        what = "a JSON object" if isinstance(data, dict) else f"JSON {type(data).__name__}"
        raise ReplayError(f"{source}: not a replay: {what} without \"format\": \"{FORMAT}\"")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise ReplayError(f"{source}: replay format version {version!r} is not supported; "
                          f"this game (version {__version__}) reads version {FORMAT_VERSION}")
    try:
        return Replay.model_validate(data)
    except ValidationError as e:
        errs = e.errors()
        shown = "; ".join(f"{'.'.join(str(x) for x in err['loc']) or '(top)'}: "
                          f"{err['msg'].removeprefix('Value error, ')}" for err in errs[:3])
        more = f" (and {len(errs) - 3} more)" if len(errs) > 3 else ""
        raise ReplayError(f"{source}: not a valid replay: {shown}{more}") from None


def _looks_truncated(text: str, e: json.JSONDecodeError) -> bool:
    """Did the JSON stop early (rather than go wrong in the middle)?"""
    if not text.lstrip().startswith(("{", "[")):
        return False
    end = len(text.rstrip())
    return (e.pos >= end or e.msg.startswith("Unterminated string")
            or (not text.rstrip().endswith(("}", "]")) and e.pos >= end - 16))


# ------------------------------------------------------------------------------ re-simulation
def rules_of(replay: Replay) -> Rules:
    """The rules of the replay's own scenario text and overrides (from the engine's rules
    cache: compiled once per process); RebuildError when the text is not the one recorded."""
    if scenario_hash(replay.scenario_text) != replay.scenario_hash:
        raise RebuildError(0, EDITED)
    try:
        return rules_for(replay.scenario_text, f"scenario {replay.scenario_name!r} in the "
                         f"replay", replay.overrides)
    except ScenarioError as e:
        raise RebuildError(0, "the recorded scenario is not valid for this version of the "
                           "game: " + "; ".join(str(p) for p in e.problems[:3])) from None


def _describe(game: Game, o: OrderRecord) -> str:
    r = game.rules
    text = f"{r.name(o.actor)}: {r.lever_name(o.lever)}"
    if o.target:
        text += f" → {r.name(o.target)}"
    if o.option:
        text += f" ({o.option})"
    return text


def _act(game: Game, a: ActionRecord) -> None:
    """A recorded teacher's action, through the engine's one handler (the session's own
    actions — pause, timer, seats — are recorded again and change nothing)."""
    game.command(a.command)


def _submit(game: Game, turn: int, orders: dict[str, list[OrderRecord]],
            actions: list[ActionRecord]) -> None:
    """Submit recorded orders, each seat checked against the state before the turn's actions
    or, failing that, after them (a seat may have ordered after an injected event). A rewind
    starts the turn again, so the actions up to the last rewind come first."""
    cut = max((i + 1 for i, a in enumerate(actions) if isinstance(a.command, Rewind)),
              default=0)
    for a in actions[:cut]:
        _do(game, turn, a)
    actions = actions[cut:]
    later: list[str] = []
    for actor, recs in orders.items():
        try:
            _submit_seat(game, turn, actor, recs)
        except RebuildError:
            if not actions:
                raise
            later.append(actor)
    for a in actions:
        _do(game, turn, a)
    for actor in later:
        _submit_seat(game, turn, actor, orders[actor])


def _do(game: Game, turn: int, a: ActionRecord) -> None:
    if a.turn != turn:
        raise RebuildError(turn, f"turn {turn}: an action recorded for turn {a.turn}")
    if isinstance(a.command, Rewind) and a.command.to_turn != turn:
        raise RebuildError(turn, f"turn {turn}: a rewind to turn {a.command.to_turn} recorded "
                           f"in turn {turn} (a rewind is recorded in the turn it goes back to)")
    try:
        _act(game, a)
    except IllegalOrderError as e:
        raise RebuildError(turn, f"turn {turn}: action {a.action} is not allowed: {e}") \
            from None


def _submit_seat(game: Game, turn: int, actor: str, recs: list[OrderRecord]) -> None:
    if actor not in ACTORS:
        raise RebuildError(turn, f"turn {turn}: orders for an unknown state {actor!r}")
    for o in recs:
        if o.actor != actor:
            raise RebuildError(turn, f"turn {turn}: an order for {o.actor} among "
                               f"{actor}'s orders")
    orders = [o.to_order() for o in recs]
    problems = game.check_orders(actor, orders)
    if problems:     # name the first order that is not allowed, and why
        p = problems[0]
        if p.index is None:
            raise RebuildError(turn, f"turn {turn}: {game.rules.name(actor)}'s orders are not "
                               f"allowed: {p.message}")
        raise RebuildError(turn, f"turn {turn}: order \"{_describe(game, recs[p.index])}\" is "
                           f"not allowed: {p.message}")
    game.submit(actor, orders)


def simulate(replay: Replay,
             upto: int | None = None) -> Iterator[tuple[TurnRecord, TurnReport, Game]]:
    """Re-play the recorded turns one by one, yielding (record, report, game) after each.
    Raises RebuildError at the first turn whose orders or actions are not allowed."""
    game = Game(rules_of(replay), replay.seed)
    for rec in replay.turns[:upto]:
        if game.over:
            raise RebuildError(rec.turn, f"turn {rec.turn}: the game was already over")
        if rec.turn != game.turn:
            raise RebuildError(rec.turn, f"turn {rec.turn}: recorded out of order (the game "
                               f"is at turn {game.turn})")
        _submit(game, rec.turn, rec.orders, rec.actions)
        if game.over:
            raise RebuildError(rec.turn, f"turn {rec.turn}: the game ended before its orders "
                               f"resolved")
        yield rec, game.resolve(), game


def rebuild(replay: Replay, upto: int | None = None) -> Game:
    """The game re-simulated from its recorded orders and actions (no computer player is
    asked). With ``upto`` None, the trailing actions and pending orders are restored too, so a
    saved game resumes exactly where it stopped; otherwise stop after ``upto`` turns."""
    game = None
    for _, _, game in simulate(replay, upto):
        pass
    if game is None:
        game = Game(rules_of(replay), replay.seed)
    if upto is None:
        _restore_tail(game, replay)
        game.branches = [r.model_dump(mode="json") for r in replay.rewinds]
    return game


def _restore_tail(game: Game, replay: Replay) -> None:
    """The actions taken and orders submitted after the last resolved turn (a saved game),
    checked like any turn's."""
    if replay.pending or replay.trailing_actions:
        _submit(game, game.turn, replay.pending, replay.trailing_actions)


def resume(replay: Replay) -> Game:
    """A saved game, ready to go on: :func:`rebuild` of all of it."""
    return rebuild(replay)


# ------------------------------------------------------------------------------ verification
@dataclass
class VerifyResult:
    ok: bool
    turns: int                      # turns re-simulated and identical
    first_bad_turn: int | None = None
    detail: str = ""


def _score_diff(game: Game, recorded: dict[str, float], now: dict[str, float]) -> str:
    rows = []
    for a in sorted(set(recorded) | set(now), key=lambda x: (x not in ACTORS, x)):
        r, n = recorded.get(a), now.get(a)
        if r != n:
            rows.append(f"{game.rules.name(a)} recorded {r if r is not None else 'none'}, "
                        f"now {n if n is not None else 'none'}")
    return "; ".join(rows)


def verify(replay: Replay) -> VerifyResult:
    """Re-simulate and compare every turn's digest and scores with the record."""
    if scenario_hash(replay.scenario_text) != replay.scenario_hash:
        return VerifyResult(False, 0, 0, EDITED)
    version = ("" if replay.game_version == __version__ else
               f" (recorded with game version {replay.game_version}, this is {__version__})")
    done = 0
    game = None
    try:
        for rec, report, game in simulate(replay):
            if report.digest != rec.digest or report.scores != rec.scores:
                what = []
                if report.digest != rec.digest:
                    what.append(f"state digest differs (recorded {rec.digest[:12]}, now "
                                f"{report.digest[:12]})")
                diff = _score_diff(game, rec.scores, report.scores)
                what.append(f"scores differ: {diff}" if diff else "scores are the same (the "
                            "difference is in something the scores do not weigh)")
                return VerifyResult(False, done, rec.turn,
                                    f"turn {rec.turn}: " + "; ".join(what) + version)
            done += 1
    except RebuildError as e:
        return VerifyResult(False, done, e.turn, str(e) + version)
    try:
        if game is None:
            game = Game(rules_of(replay), replay.seed)
        _restore_tail(game, replay)
    except RebuildError as e:
        return VerifyResult(False, done, e.turn, str(e) + version)
    if replay.finished != game.over:
        last = replay.turns[-1].turn if replay.turns else 0
        said = "finished" if replay.finished else "still going"
        really = "goes on" if not game.over else "is over"
        return VerifyResult(False, done, last, f"turn {last}: the replay says the game is "
                            f"{said}, but re-simulated it {really} after this turn" + version)
    return VerifyResult(True, done)
