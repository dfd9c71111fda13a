"""Orders: what a state asks the engine to do in a turn. Human and computer seats alike."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Order:
    """One use of a lever. ``reason`` is the computer player's one line of "why"; it is carried
    for the record and plays no part in the rules (two orders differing only in reason are the
    same order)."""

    actor: str
    lever: str
    target: str | None = None
    option: str | None = None
    reason: str = ""

    def key(self) -> tuple[str, str, str | None, str | None]:
        return (self.actor, self.lever, self.target, self.option)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Order) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def to_dict(self) -> dict:
        d: dict = {"actor": self.actor, "lever": self.lever}
        if self.target is not None:
            d["target"] = self.target
        if self.option is not None:
            d["option"] = self.option
        if self.reason:
            d["reason"] = self.reason
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Order":
        return cls(d["actor"], d["lever"], d.get("target"), d.get("option"), d.get("reason", ""))


class IllegalOrderError(ValueError):
    """An order the rules do not allow now; the message says why."""
