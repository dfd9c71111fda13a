"""The effect ledger: every change to every number, with its cause.

An entry is a plain tuple ``(turn, key, delta, cause)``; a cause is a small immutable record
of what made the change (a lever by whom on whom, an event, drift, a detection, a summit...).
The ledger answers "why did the DPRK's economy fall 4 points in turn 3?" exactly: the deltas of
the entries for that key and turn add up to the change.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NotRequired, TypedDict

from .kinds import CauseKind, LeverId, StateKey


class CauseDict(TypedDict):
    """A cause as JSON (:meth:`Cause.to_dict`): the fields that are set."""

    kind: str
    label: str
    actor: NotRequired[str]
    lever: NotRequired[str]
    target: NotRequired[str]
    event: NotRequired[str]
    article: NotRequired[str]
    passage: NotRequired[str]
    covert: NotRequired[bool]


@dataclass(frozen=True, slots=True)
class Cause:
    kind: CauseKind       # lever | event | drift | detection | resolution | ... (kinds.py)
    label: str            # one line a person can read, e.g. "China: food and energy aid to DPRK"
    actor: str | None = None
    lever: LeverId | None = None
    target: str | None = None
    event: str | None = None
    covert: bool = False  # a covert lever's effects: hidden from others until detected
    article: str | None = None
    passage: str | None = None

    def to_dict(self) -> CauseDict:
        d: CauseDict = {"kind": self.kind, "label": self.label}
        if self.actor is not None:
            d["actor"] = self.actor
        if self.lever is not None:
            d["lever"] = self.lever
        if self.target is not None:
            d["target"] = self.target
        if self.event is not None:
            d["event"] = self.event
        if self.article is not None:
            d["article"] = self.article
        if self.passage is not None:
            d["passage"] = self.passage
        if self.covert:
            d["covert"] = True
        return d


Entry = tuple[int, StateKey, float, Cause]
"""(turn, key, delta, cause)"""


class Ledger:
    """Append-only list of entries, indexed by turn."""

    __slots__ = ("entries", "_by_turn")

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self._by_turn: dict[int, list[Entry]] = defaultdict(list)

    def add(self, turn: int, key: StateKey, delta: float, cause: Cause) -> None:
        e = (turn, key, delta, cause)
        self.entries.append(e)
        self._by_turn[turn].append(e)

    def turn_entries(self, turn: int) -> list[Entry]:
        return self._by_turn.get(turn, [])

    def explain(self, key: StateKey, turn: int) -> list[tuple[float, Cause]]:
        """The parts of a key's change in one turn, in the order they were applied."""
        return [(d, c) for (_, k, d, c) in self._by_turn.get(turn, ()) if k == key]

    def net(self, key: StateKey, turn: int) -> float:
        return sum(d for d, _ in self.explain(key, turn))

    def changes(self, turn: int) -> dict[StateKey, float]:
        """Net change per key in a turn."""
        out: dict[StateKey, float] = defaultdict(float)
        for _, k, d, _ in self._by_turn.get(turn, ()):
            out[k] += d
        return dict(out)

    def copy(self) -> "Ledger":
        new = Ledger()
        new.entries = list(self.entries)
        for t, es in self._by_turn.items():
            new._by_turn[t] = list(es)
        return new
