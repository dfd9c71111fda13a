"""Orders: what a state asks the engine to do in a turn. Human and computer seats alike."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .kinds import LeverId


OrderKey = tuple[str, LeverId, str | None, str | None]
"""What makes two orders the same order: (actor, lever, target, option)."""


@dataclass(frozen=True, slots=True)
class Order:
    """One use of a lever. ``reason`` is the computer player's one line of "why"; it is carried
    for the record and plays no part in the rules (two orders differing only in reason are the
    same order)."""

    actor: str                     # an ActorId once the rules have checked it
    lever: LeverId
    target: str | None = None
    option: str | None = None
    reason: str = ""

    def key(self) -> OrderKey:
        return (self.actor, self.lever, self.target, self.option)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Order) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def to_dict(self) -> dict[str, str]:
        d = {"actor": self.actor, "lever": self.lever}
        if self.target is not None:
            d["target"] = self.target
        if self.option is not None:
            d["option"] = self.option
        if self.reason:
            d["reason"] = self.reason
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Order":
        return cls(d["actor"], d["lever"], d.get("target"), d.get("option"), d.get("reason", ""))


@dataclass(frozen=True, slots=True)
class OrderProblem:
    """Why a list of orders cannot be submitted as it is: ``index`` is the position of the
    order at fault in the list (None for a problem with the whole list, e.g. the game is
    over), ``message`` one sentence a player reads, e.g. "Propose a summit costs 2 political
    capital; 1 left"."""

    index: int | None
    message: str


class IllegalOrderError(ValueError):
    """An order the rules do not allow now; the message says why. ``problems`` holds every
    problem found (see :meth:`Rules.check_orders`) when the error came from a list check."""

    def __init__(self, message: str, problems: "list[OrderProblem] | None" = None) -> None:
        super().__init__(message)
        self.problems: list[OrderProblem] = list(problems or [])
