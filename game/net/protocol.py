"""The network protocol of a class game (one laptop per team): versioned JSON messages,
each a pydantic model told apart by its ``type``.

Every message is one WebSocket text frame holding one JSON object. What a client sends is
:data:`ClientMessage` (validated by :data:`CLIENT` on the server: unknown fields, unknown
types, wrong types, over-long strings and lists are refused with an :class:`Error` naming the
field, and change nothing); what the server sends is :data:`ServerMessage` (validated by
:data:`SERVER` in :mod:`game.net.client`). The views inside the server's messages are the
engine's own (:class:`~game.engine.view.SeatView`, :class:`~game.engine.view.PublicView`,
:class:`~game.engine.view.TurnView`, the session's status and the teacher's console): the
server sends each client only what the engine built for that client's seat, and filters
nothing itself.

See ``game/net/PROTOCOL.md`` for the whole exchange, with examples.

>>> CLIENT.validate_json('{"type": "join", "protocol": 1, "code": "KXT-MPA"}').code
'KXT-MPA'
>>> msg = AddOrder(lever="denounce", target="dprk", id=7)
>>> CLIENT.validate_json(msg.model_dump_json()) == msg
True
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ..engine import (ACTORS, CommandResult, PublicView, SeatView, TeacherCommand, TurnView)
from ..session import ClassroomStatus, ConsoleView

PROTOCOL_VERSION = 1
"""The protocol's version: a client says which it speaks in its first message; the server
refuses another with an ``protocol`` error naming both."""

MAX_MESSAGE_BYTES = 16 * 1024
"""The largest message a client may send (16 KiB; the largest real one, a teacher's news
flash with twelve changes, is under 2 KiB). A larger one gets a ``too_large`` error and is
not read; the connection stays open."""

MAX_FRAME_BYTES = 256 * 1024
"""The largest frame the server's WebSocket accepts at all (``websockets``' ``max_size``): a
larger frame closes the connection with code 1009 ("message too big") before it is read."""

CLIENT_MAX_FRAME_BYTES = 16 * 1024 * 1024
"""What a client accepts from the server (a seat's view is about 60 KB)."""

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY"
"""The letters of seat codes: none that is read as another (no B/8, G/6, I/1/L, O/0/Q,
S/5, Z/2)."""

CODE_LENGTH = 6


def normal_code(text: str) -> str:
    """A seat code as typed ("kxt-mpa", "KXT MPA") in its normal form ("KXTMPA")."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def show_code(code: str) -> str:
    """A seat code as printed for the room: "KXT MPA"."""
    c = normal_code(code)
    return f"{c[:3]} {c[3:]}" if len(c) == CODE_LENGTH else c


_Actor = Annotated[str, Field(pattern="^(" + "|".join(ACTORS) + ")$")]
_Id = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=64)]
_Option = Annotated[str, Field(pattern=r"^[a-z0-9_-]+$", max_length=64)]
_Name = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
_Level = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
_MsgId = Annotated[int, Field(ge=0, le=2 ** 31 - 1)]


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)


class _Request(_Message):
    """Every client message may carry an ``id``; the server's answer to it carries it back
    as ``re``."""

    id: _MsgId | None = None


# ------------------------------------------------------------------------------ client → server
class Join(_Request):
    """Take a seat with its code (first message). Answer: :class:`Welcome` with a token."""

    type: Literal["join"] = "join"
    protocol: int = PROTOCOL_VERSION
    code: Annotated[str, Field(min_length=1, max_length=32)]


class Rejoin(_Request):
    """Come back to one's seat with the token a join gave (first message, after a drop or a
    server restart): the same seat, the same draft."""

    type: Literal["rejoin"] = "rejoin"
    protocol: int = PROTOCOL_VERSION
    token: Annotated[str, Field(min_length=1, max_length=64)]


class Watch(_Request):
    """Watch as a spectator (the projector's room view): the public view only."""

    type: Literal["watch"] = "watch"
    protocol: int = PROTOCOL_VERSION


class TeacherLogin(_Request):
    """The teacher's console (first message): the server's PIN."""

    type: Literal["teacher"] = "teacher"
    protocol: int = PROTOCOL_VERSION
    pin: Annotated[str, Field(min_length=1, max_length=16)]


class OrderIn(_Message):
    """One order as a client asks for it: a lever, its target and option (from the
    :class:`~game.engine.view.LeverChoice` of its seat's view)."""

    lever: _Id
    target: _Actor | None = None
    option: _Option | None = None


class AddOrder(_Request):
    """Add one order to the seat's draft (kept on the server). ``actor``, if given, must be
    the seat's own: a client orders for no other."""

    type: Literal["add_order"] = "add_order"
    lever: _Id
    target: _Actor | None = None
    option: _Option | None = None
    actor: _Actor | None = None


class RemoveOrder(_Request):
    """Take the draft's order at ``index`` (0-based) out of it."""

    type: Literal["remove_order"] = "remove_order"
    index: Annotated[int, Field(ge=0, le=63)]


class SetOrders(_Request):
    """Replace the whole draft (checked as one list; nothing changes if any order is
    refused)."""

    type: Literal["set_orders"] = "set_orders"
    orders: Annotated[list[OrderIn], Field(max_length=32)]


class EndTurn(_Request):
    """The seat has finished: its draft becomes its orders for this turn."""

    type: Literal["end_turn"] = "end_turn"


class Reopen(_Request):
    """Take back "End turn" while the turn has not resolved: the orders go back to the
    draft."""

    type: Literal["reopen"] = "reopen"


class ComputerPlay(_Request):
    """Let the server's computer player decide this seat's orders for this turn (with a
    personality and level of the scenario's, default the seat's own) and end its turn. This
    is what ``whales join --computer`` sends: the engine's computer player reads the whole
    state, which no seat's client is ever sent, so it runs on the server."""

    type: Literal["computer_play"] = "computer_play"
    personality: _Name | None = None
    level: _Level | None = None


class GetView(_Request):
    """Ask again for one's own view (a seat's :class:`SeatViewMsg`, a spectator's or the
    teacher's :class:`PublicViewMsg`). ``seat``, if given, must be one's own."""

    type: Literal["get_view"] = "get_view"
    seat: _Actor | None = None


class GetTurn(_Request):
    """A resolved turn as one may see it (default: the last)."""

    type: Literal["get_turn"] = "get_turn"
    turn: Annotated[int, Field(ge=1, le=1000)] | None = None


class GetStatus(_Request):
    """Who has ordered, the timer, the pause (:class:`StatusMsg`)."""

    type: Literal["get_status"] = "get_status"


class Command(_Request):
    """A teacher's command (one of :mod:`game.engine.commands`), teacher's console only."""

    type: Literal["command"] = "command"
    command: TeacherCommand


class GetConsole(_Request):
    """Everything the teacher's console offers now (teacher's console only)."""

    type: Literal["get_console"] = "get_console"


class Ping(_Request):
    type: Literal["ping"] = "ping"


ClientMessage = Annotated[Union[Join, Rejoin, Watch, TeacherLogin, AddOrder, RemoveOrder,
                                SetOrders, EndTurn, Reopen, ComputerPlay, GetView, GetTurn,
                                GetStatus, Command, GetConsole, Ping],
                          Field(discriminator="type")]
"""Any message a client may send."""

CLIENT: TypeAdapter[Any] = TypeAdapter(ClientMessage)
"""Validates a client's message from its JSON text."""

FIRST_MESSAGES = ("join", "rejoin", "watch", "teacher")
"""The messages that open a connection (one of them, once)."""

CLIENT_TYPES: tuple[str, ...] = tuple(
    m.model_fields["type"].default for m in (Join, Rejoin, Watch, TeacherLogin, AddOrder,
                                             RemoveOrder, SetOrders, EndTurn, Reopen,
                                             ComputerPlay, GetView, GetTurn, GetStatus,
                                             Command, GetConsole, Ping))


# ------------------------------------------------------------------------------ server → client
class _Reply(_Message):
    re: _MsgId | None = None     # the id of the client's message this answers


Role = Literal["seat", "spectator", "teacher"]


class Welcome(_Reply):
    """The server took the connection: as a seat (with the token to rejoin it), a
    spectator or the teacher's console."""

    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    role: Role
    seat: str | None = None          # the seat's state id
    name: str = ""                   # the seat's state's name
    token: str | None = None         # a seat's: keep it to rejoin
    game: str = ""                   # the game's name ("Period 3")
    scenario: str = ""               # the scenario's title


class SeatViewMsg(_Reply):
    """The seat's own view, its draft counted as its orders (sent after every change to the
    draft, every turn and every teacher's command)."""

    type: Literal["seat_view"] = "seat_view"
    view: SeatView


class PublicViewMsg(_Reply):
    """The room's view (spectators and the teacher's console)."""

    type: Literal["public_view"] = "public_view"
    view: PublicView


class TurnMsg(_Reply):
    """A turn has resolved (or the turn asked for): its news as this client may see them."""

    type: Literal["turn"] = "turn"
    view: TurnView


class StatusMsg(_Reply):
    """Who has ordered, the timer and the pause (sent to everyone when they change)."""

    type: Literal["status"] = "status"
    status: ClassroomStatus


class Ok(_Reply):
    """A request was carried out; ``message`` says what was done."""

    type: Literal["ok"] = "ok"
    message: str = ""


ErrorCode = Literal[
    "malformed",        # not JSON, not an object, a field missing or of the wrong type
    "unknown_type",     # a "type" the protocol does not have
    "too_large",        # over MAX_MESSAGE_BYTES
    "flood",            # more messages than the rate limit allows
    "protocol",         # another protocol version
    "not_joined",       # a request before join/rejoin/watch/teacher
    "already_joined",   # a second join on one connection
    "bad_code",         # no seat has this code
    "bad_token",        # no seat has this token
    "rate_limited",     # too many wrong codes, tokens or PINs: wait
    "bad_pin",          # the teacher's PIN is wrong
    "no_teacher",       # the server has no PIN: no teacher's console over the network
    "forbidden",        # another seat's orders or view, a teacher's command from a seat
    "illegal_order",    # the rules refuse the order (the message says why)
    "out_of_order",     # e.g. orders after "End turn", "reopen" with nothing sent
    "paused",           # the teacher has paused the class
    "game_over",
    "not_found",        # e.g. a turn that has not been resolved
    "server_full",
]


class Error(_Reply):
    """A request was refused and changed nothing: ``code`` for programs, ``message`` for
    people."""

    type: Literal["error"] = "error"
    code: ErrorCode
    message: str


class CommandDone(_Reply):
    """What a teacher's command did (the session's own result)."""

    type: Literal["command_result"] = "command_result"
    result: CommandResult


class ConsoleMsg(_Reply):
    type: Literal["console"] = "console"
    view: ConsoleView


class Presence(_Reply):
    """Which seats have a client connected, and how many watch (sent to everyone when it
    changes): the room view shows who is here."""

    type: Literal["presence"] = "presence"
    seats: dict[str, int]            # state id -> connections (0: nobody there)
    spectators: int = 0
    teachers: int = 0


class Pong(_Reply):
    type: Literal["pong"] = "pong"


class Bye(_Reply):
    """The server closes this connection (another connection took the seat, the server
    stops, the client flooded)."""

    type: Literal["bye"] = "bye"
    reason: str


ServerMessage = Annotated[Union[Welcome, SeatViewMsg, PublicViewMsg, TurnMsg, StatusMsg, Ok,
                                Error, CommandDone, ConsoleMsg, Presence, Pong, Bye],
                          Field(discriminator="type")]
"""Any message the server sends."""

SERVER: TypeAdapter[Any] = TypeAdapter(ServerMessage)
"""Validates a server's message from its JSON text (clients)."""


def first_error(e: Exception) -> tuple[ErrorCode, str]:
    """A validation error as one ``(code, message)``: which field, what was expected."""
    from pydantic import ValidationError
    if not isinstance(e, ValidationError):
        return "malformed", str(e)
    errs = e.errors()
    if not errs:
        return "malformed", "not a message"
    first = errs[0]
    kind = first.get("type", "")
    loc = [str(x) for x in first.get("loc", ())]
    if kind == "json_invalid":
        return "malformed", f"not JSON: {first.get('msg', '')}"
    if kind == "union_tag_invalid":
        got = (first.get("ctx") or {}).get("tag", "?")
        return "unknown_type", (f"unknown message type {got!r}; types: "
                                + ", ".join(CLIENT_TYPES))
    if kind == "union_tag_not_found":
        return "malformed", "a message is a JSON object with a \"type\" field"
    if kind in ("model_attributes_type", "model_type", "dict_type"):
        return "malformed", "a message is a JSON object with a \"type\" field"
    where = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "message")
    msg = first.get("msg", "invalid").removeprefix("Value error, ")
    if kind == "extra_forbidden":
        msg = "not a field of this message"
    return "malformed", f"{loc[0] if loc else 'message'}: {where}: {msg}"


__all__ = ["AddOrder", "Bye", "CLIENT", "CLIENT_MAX_FRAME_BYTES", "CLIENT_TYPES",
           "CODE_ALPHABET", "CODE_LENGTH", "ClientMessage", "Command", "CommandDone",
           "ComputerPlay", "ConsoleMsg", "EndTurn", "Error", "ErrorCode", "FIRST_MESSAGES",
           "GetConsole", "GetStatus", "GetTurn", "GetView", "Join", "MAX_FRAME_BYTES",
           "MAX_MESSAGE_BYTES", "Ok", "OrderIn", "Presence", "PROTOCOL_VERSION", "Ping", "Pong",
           "PublicViewMsg", "Rejoin", "RemoveOrder", "Reopen", "Role", "SERVER", "SeatViewMsg",
           "ServerMessage", "SetOrders", "StatusMsg", "TeacherLogin", "TurnMsg", "Watch",
           "Welcome", "first_error", "normal_code", "show_code"]
