"""Seats: who plays a state — a person, or the computer with one of the scenario's
personalities at one of the player levels — written as one string everywhere (replays and
saves, the front end's seat setup, ``whales run --seat``):

==============================  ===============================================================
``human``                       a person
``computer``                    the computer, with the scenario's personality, default level
``computer:<name>``             the computer with personality ``<name>``
``computer@<level>``            the computer at level ``<level>`` (see :mod:`players`: planner,
                                the default; deep, greedy, random, pass, spam-LEVER)
``computer:<name>@<level>``     both
==============================  ===============================================================

This module is the one parser of that string.

>>> parse_seat("computer:hawk")
Seat(human=False, personality='hawk', level=None)
>>> parse_seat("hawk").spec, parse_seat(None).spec, parse_seat("human").human
('computer:hawk', 'computer', True)
>>> parse_assignment("dprk=computer:brinkman")
('dprk', Seat(human=False, personality='brinkman', level=None))
>>> parse_seat("computer@random"), parse_seat("computer:hawk@pass").spec
(Seat(human=False, personality=None, level='random'), 'computer:hawk@pass')
"""
from __future__ import annotations

from dataclasses import dataclass

from .scenario import ACTORS, Scenario

HUMAN = "human"
COMPUTER = "computer"
SEAT_PATTERN = r"^(human|computer(:[a-z0-9][a-z0-9_-]*)?(@[a-z0-9][a-z0-9_-]*)?)$"
"""A seat string in its normal form (what replays and saves hold), as a regular expression."""


class SeatError(ValueError):
    """A seat string that cannot be read; the message says what was expected."""


@dataclass(frozen=True, slots=True)
class Seat:
    human: bool = False
    personality: str | None = None     # a computer seat's; None: the scenario's own
    level: str | None = None           # a computer seat's player level; None: the default

    @property
    def spec(self) -> str:
        """The seat as its one string: "human", "computer", "computer:<name>",
        "computer@<level>" or "computer:<name>@<level>"."""
        if self.human:
            return HUMAN
        out = f"{COMPUTER}:{self.personality}" if self.personality else COMPUTER
        return f"{out}@{self.level}" if self.level else out


def parse_seat(spec: str | None, bare: bool = True) -> Seat:
    """A seat string → :class:`Seat`. None or "" is the computer; with ``bare`` a lone name
    ("hawk") is the computer with that personality. Raises :class:`SeatError`."""
    s = (spec or "").strip()
    if s == "" or s == COMPUTER:
        return Seat()
    if s == HUMAN:
        return Seat(human=True)
    s, at, level = s.partition("@")
    if at and (not level or "@" in level or ":" in level):
        raise SeatError(f"{spec!r} is not a seat: expected a level after '@', e.g. "
                        f"computer@random")
    lvl = level or None
    if s == HUMAN:
        raise SeatError(f"{spec!r} is not a seat: a person's seat takes no level")
    if s == COMPUTER:
        return Seat(level=lvl)
    kind, sep, pers = s.partition(":")
    if sep and kind == COMPUTER and pers and ":" not in pers:
        return Seat(personality=pers, level=lvl)
    if bare and not sep and s:
        return Seat(personality=s, level=lvl)
    raise SeatError(f"{spec!r} is not a seat: expected human, computer or "
                    f"computer:PERSONALITY, the computer's optionally with @LEVEL")


def seat_spec(spec: str | None) -> str:
    """A seat string in its normal form ("hawk" → "computer:hawk", None → "computer")."""
    return parse_seat(spec).spec


def check_seat(scenario: Scenario, actor: str, seat: Seat) -> str | None:
    """Why ``seat`` cannot play ``actor`` in ``scenario`` (an unknown personality or
    level), or None."""
    from .levers import CATALOGUE
    from .players import check_level
    options = scenario.actors[actor].personalities  # type: ignore[index]
    if seat.personality and seat.personality not in options:
        return (f"{actor} has no personality {seat.personality!r}; choose from "
                f"{', '.join(sorted(options))}")
    return check_level(seat.level, CATALOGUE)


def parse_assignment(text: str) -> tuple[str, Seat]:
    """"STATE=SEAT" (``whales run --seat``) → (state, seat); a lone personality is not
    accepted here. Raises :class:`SeatError`."""
    state, sep, who = text.partition("=")
    state = state.strip().lower()
    if not sep or state not in ACTORS:
        raise SeatError(f"expected STATE=computer[:PERSONALITY][@LEVEL] with STATE one of "
                        f"{', '.join(ACTORS)}")
    return state, parse_seat(who, bare=False)


def personalities(seats: dict[str, str] | None) -> dict[str, str | None]:
    """{actor: seat string} → {actor: personality or None} for :meth:`Game.run` and
    :meth:`Game.computer_orders` (people's seats map to None)."""
    out: dict[str, str | None] = {}
    for a, spec in (seats or {}).items():
        out[a] = parse_seat(spec).personality
    return out
