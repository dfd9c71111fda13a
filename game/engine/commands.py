"""The teacher's commands: typed, serialisable, and handled in one place.

Every teacher action — pause, a round timer, an injected event or headline, an override of a
number, revealing the pending orders, ending a team's turn or the game, switching a seat
between a person and the computer, rewinding to an earlier turn — is one of these frozen
pydantic models, told apart by its ``action``. They travel as JSON (``COMMANDS``
validates one from a dict or JSON text; ``model_dump(mode="json")`` writes it), so the same
commands come from the front end's console, a network client or a replay.

The engine changes the game for the commands in :data:`GAME_ACTIONS` (``Game.command``); the
others (pause, timer, seats, reveal, ending a team's turn) belong to the session that runs a
classroom (``game.session.Session.teacher``, the one handler a client calls), which passes
every command to ``Game.command`` too, so each is recorded in the game's actions, and with
them in the save and the replay, in the turn it was taken.

>>> COMMANDS.validate_python({"action": "set_value", "key": "track.tension", "value": 70})
SetValue(action='set_value', key='track.tension', value=70.0)
>>> COMMANDS.validate_json('{"action": "rewind", "to_turn": 2}').to_turn
2
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from .scenario import ACTORS
from .seats import SEAT_PATTERN
from .text import check_text
from .view import Change, NewsItem, OrderView, View

_Actor = Annotated[str, Field(pattern="^(" + "|".join(ACTORS) + ")$")]
_Key = Annotated[str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_-]+){1,2}$", max_length=80)]
_Id = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=64)]
_Headline = Annotated[str, AfterValidator(check_text), Field(min_length=1, max_length=200)]
_Number = Annotated[float, Field(ge=-1000.0, le=1000.0)]

MAX_TIMER = 3600
"""The longest round timer, in seconds (an hour)."""


class _Strict(BaseModel):
    """Frozen, strict, no unknown fields, no NaN."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _drop_nulls(cls, data: Any) -> Any:
        """Old saves wrote ``"event": null`` on every action: a null a command does not have
        is no field at all."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None or k in cls.model_fields}
        return data


class Command(_Strict):
    """Base of every teacher command (each names itself by its ``action``)."""

    action: str


class Pause(Command):
    """Pause the class (nothing can be ordered until it resumes) or resume it."""

    action: Literal["pause"] = "pause"
    paused: bool = True


class SetTimer(Command):
    """A round timer shown to the room: ``seconds`` for each team's turn (``per="team"``) or
    for the whole turn (``per="turn"``); 0 turns it off."""

    action: Literal["set_timer"] = "set_timer"
    seconds: Annotated[int, Field(ge=0, le=MAX_TIMER)] = 0
    per: Literal["team", "turn"] = "team"


class InjectEvent(Command):
    """One of the scenario's events happens now, before this turn's orders resolve."""

    action: Literal["inject_event"] = "inject_event"
    event: _Id


class ValueChange(_Strict):
    """One number moved by ``delta`` (``key``: a state key, e.g. ``track.tension``)."""

    key: _Key
    delta: _Number


class InjectHeadline(Command):
    """A news flash the teacher writes, with the changes it makes (none: news only)."""

    action: Literal["inject_headline"] = "inject_headline"
    headline: _Headline
    changes: Annotated[list[ValueChange], Field(max_length=12)] = []


class SetValue(Command):
    """Override one number: it becomes ``value`` (kept within its range)."""

    action: Literal["set_value"] = "set_value"
    key: _Key
    value: _Number


class RevealOrders(Command):
    """Show the teacher every team's orders so far this turn (queued or sent)."""

    action: Literal["reveal_orders"] = "reveal_orders"


class EndSeat(Command):
    """End one team's turn now with the orders it has queued (the timer ran out)."""

    action: Literal["end_seat"] = "end_seat"
    actor: _Actor


class EndEarly(Command):
    """End the game now, scores as they stand."""

    action: Literal["end_early"] = "end_early"


class SetSeat(Command):
    """Hand a seat to a person or to the computer (``computer:PERSONALITY`` and the other
    seat strings of :mod:`game.engine.seats`) from now on."""

    action: Literal["set_seat"] = "set_seat"
    actor: _Actor
    seat: Annotated[str, Field(pattern=SEAT_PATTERN, max_length=80)]


class Rewind(Command):
    """Go back to the start of turn ``to_turn`` (the current turn's start: every team orders
    again). Exact: the turns before it are played again from their record."""

    action: Literal["rewind"] = "rewind"
    to_turn: Annotated[int, Field(ge=1, le=101)]


TeacherCommand = Annotated[Union[Pause, SetTimer, InjectEvent, InjectHeadline, SetValue,
                                 RevealOrders, EndSeat, EndEarly, SetSeat, Rewind],
                           Field(discriminator="action")]
"""Any one teacher command (told apart by ``action``)."""

COMMANDS: TypeAdapter[Any] = TypeAdapter(TeacherCommand)
"""Validates a command from a dict (``validate_python``) or JSON text (``validate_json``)."""

COMMAND_TYPES: dict[str, type[Command]] = {
    c.model_fields["action"].default: c
    for c in (Pause, SetTimer, InjectEvent, InjectHeadline, SetValue, RevealOrders, EndSeat,
              EndEarly, SetSeat, Rewind)}
"""Each command's model by its action."""

GAME_ACTIONS = frozenset({"inject_event", "inject_headline", "set_value", "end_early",
                          "rewind"})
"""The commands that change the game itself (the others are the session's)."""


class CommandResult(View):
    """What a command did, for the teacher (and the room): one sentence, the news it made,
    the numbers it changed, and (reveal) the orders it showed."""

    action: str
    ok: bool = True
    message: str = ""
    news: tuple[NewsItem, ...] = ()
    changes: tuple[Change, ...] = ()
    orders: tuple[OrderView, ...] = ()


def record(turn: int, command: Command) -> dict[str, Any]:
    """The command as the game's actions (and the replay) keep it: its fields and the turn."""
    return {**command.model_dump(mode="json"), "turn": turn}


def from_record(data: dict[str, Any]) -> Command:
    """The command a recorded action holds (its ``turn`` left out)."""
    cmd: Command = COMMANDS.validate_python({k: v for k, v in data.items() if k != "turn"})
    return cmd


__all__ = ["COMMANDS", "COMMAND_TYPES", "GAME_ACTIONS", "MAX_TIMER", "Command", "CommandResult",
           "EndEarly", "EndSeat", "InjectEvent", "InjectHeadline", "Pause", "RevealOrders",
           "Rewind", "SetSeat", "SetTimer", "SetValue", "TeacherCommand", "ValueChange",
           "from_record", "record"]
