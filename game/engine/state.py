"""The game state: plain, fast objects the turn loop works on.

Every number lives in one flat dict, ``values``, under a readable key:

==========================  ==========================================================
``<actor>.<indicator>``     e.g. ``dprk.economy``, ``russia.far_east``, ``us.capital``
``relation.<a>.<b>``        hostile (-100) ... aligned (+100); a, b in the fixed actor order
``trade.<a>.<b>``           trade index 0..100
``alliance.<id>``           alliance cohesion 0..100, e.g. ``alliance.us-rok``
``influence.<actor>``       influence over Pyongyang 0..100 (China, Russia, US)
``enforcement.<actor>``     that state's enforcement of the UN sanctions regime 0..100
``debt.<debtor>.<creditor>`` billions of US dollars
``track.<id>``              tension, un_sanctions, talks, ukraine
==========================  ==========================================================

Everything else a turn needs (pending proposals, transit projects, covert operations and
their detection, who has met whom) is a short list of small records. ``bounds`` is shared
between clones: it never changes during a game.
"""
from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .kinds import LeverId, ProjectStatus, ProposalKind, StateKey
from .scenario import ACTORS

if TYPE_CHECKING:
    from .levers import Response

ORDER: dict[str, int] = {a: i for i, a in enumerate(ACTORS)}


def pair_key(kind: str, a: str, b: str) -> StateKey:
    """``relation.china.dprk`` whichever way round the pair is named."""
    if ORDER[a] > ORDER[b]:
        a, b = b, a
    return f"{kind}.{a}.{b}"


@dataclass(slots=True)
class Proposal:
    """Something one state puts to another, answered in a later turn."""

    kind: ProposalKind   # summit | ceremony | resolution
    proposer: str
    target: str          # summit/ceremony: the invitee; resolution: the state to sanction
    option: str | None   # deal item, project kind
    turn: int            # proposed in this turn
    responses: dict[str, Response] = field(default_factory=dict)   # actor -> accept | rebuff | veto

    def key(self) -> tuple[str, str, str, str | None, int, tuple[tuple[str, str], ...]]:
        return (self.kind, self.proposer, self.target, self.option, self.turn,
                tuple(sorted(self.responses.items())))


@dataclass(slots=True)
class Project:
    """A transit project through the DPRK to the ROK, built over months (``progress`` and
    ``needed`` are months of work)."""

    kind: str                   # the order's option: coal_terminal, railroad, ...
    builder: str
    started: int
    progress: int = 0
    needed: int = 12
    status: ProjectStatus = "proposed"    # proposed | building | complete | cancelled
    joined: tuple[str, ...] = ()

    def key(self) -> tuple[str, str, int, int, int, str, tuple[str, ...]]:
        return (self.kind, self.builder, self.started, self.progress, self.needed, self.status,
                self.joined)


@dataclass(slots=True, frozen=True)
class CovertOp:
    turn: int
    actor: str
    lever: LeverId
    target: str | None
    detected_turn: int | None = None
    detected_by: str | None = None

    def key(self) -> tuple[int, str, LeverId, str | None, int | None, str | None]:
        return (self.turn, self.actor, self.lever, self.target, self.detected_turn,
                self.detected_by)


class State:
    __slots__ = ("turn", "values", "bounds", "proposals", "projects", "covert", "met",
                 "last_met", "snubbed", "last_used", "last_lever", "resolutions", "kaesong_open", "over", "war", "spent",
                 "fired", "last_orders", "memo")

    def __init__(self) -> None:
        self.turn = 1
        self.values: dict[StateKey, float] = {}
        self.bounds: dict[StateKey, tuple[float, float]] = {}
        self.proposals: list[Proposal] = []
        self.projects: list[Project] = []
        self.covert: list[CovertOp] = []
        self.met: set[tuple[str, str]] = set()
        # the turn each pair of leaders last met (pairs that met before the game: not here)
        self.last_met: dict[tuple[str, str], int] = {}
        # the turn each (proposer, invitee)'s last invitation was rebuffed or left to lapse
        # (computer players learn from it: asking again soon is likely to fail again)
        self.snubbed: dict[tuple[str, str], int] = {}
        # the turn each (actor, lever, target) of a lever with a cool-down, or whose effect
        # depends on it (Lever.remembers), was last used
        self.last_used: dict[tuple[str, str, str | None], int] = {}
        # the turn each state last used each lever (what just happened: computer players'
        # reactions read it)
        self.last_lever: dict[tuple[str, str], int] = {}
        # UN Security Council resolutions in force: (id, requires workers sent home)
        self.resolutions: tuple[tuple[str, bool], ...] = ()
        self.kaesong_open = True
        self.over = False
        self.war = False
        self.spent: dict[str, int] = {a: 0 for a in ACTORS}
        self.fired: set[str] = set()     # events that have happened (non-repeating ones once)
        # (lever, target) of each order each state gave last turn
        self.last_orders: dict[str, tuple[tuple[LeverId, str | None], ...]] = {}
        # what computer players worked out from this state (their forecast of each other's
        # orders): not part of the state, never cloned, emptied whenever the state changes
        # in the engine (a turn resolved, an event injected)
        self.memo: dict[Hashable, Any] = {}

    def clone(self) -> "State":
        s = State.__new__(State)
        s.turn = self.turn
        s.values = dict(self.values)
        s.bounds = self.bounds
        s.proposals = [replace(p, responses=dict(p.responses)) for p in self.proposals]
        s.projects = [replace(p) for p in self.projects]
        s.covert = list(self.covert)
        s.met = set(self.met)
        s.last_met = dict(self.last_met)
        s.snubbed = dict(self.snubbed)
        s.last_used = dict(self.last_used)
        s.last_lever = dict(self.last_lever)
        s.resolutions = self.resolutions     # a tuple: replaced, never mutated
        s.kaesong_open = self.kaesong_open
        s.over = self.over
        s.war = self.war
        s.spent = dict(self.spent)
        s.fired = set(self.fired)
        s.last_orders = self.last_orders     # replaced, never mutated
        s.memo = {}
        return s

    def get(self, key: StateKey, default: float = 0.0) -> float:
        return self.values.get(key, default)

    def capital(self, actor: str) -> int:
        return int(self.values.get(f"{actor}.capital", 0))

    def stage(self, track: str, stages: dict[str, float]) -> str:
        v = self.values[f"track.{track}"]
        best = ""
        for name, start in sorted(stages.items(), key=lambda kv: kv[1]):
            if v >= start:
                best = name
        return best

    def digest(self) -> str:
        """A stable hash of everything that decides the rest of the game: every value (its
        exact bits, in the state's fixed key order) and every record."""
        v = self.values
        keys = tuple(v)
        blob = _KEY_BLOBS.get(keys)
        if blob is None:
            if len(_KEY_BLOBS) > 64:
                _KEY_BLOBS.clear()
            blob = _KEY_BLOBS[keys] = "\n".join(keys).encode()
        h = hashlib.blake2b(blob, digest_size=16)
        h.update(struct.pack(f"<{len(keys)}d", *v.values()))
        rest = (self.turn, self.over, self.war, self.kaesong_open,
                [p.key() for p in self.proposals], [p.key() for p in self.projects],
                [c.key() for c in self.covert], sorted(self.met), sorted(self.fired),
                sorted(self.last_orders.items()), sorted(self.last_met.items()),
                sorted(self.snubbed.items()),
                sorted(self.last_used.items(), key=_used_key), sorted(self.last_lever.items()),
                self.resolutions)
        h.update(_JSON.encode(rest).encode())
        return h.hexdigest()


def _used_key(item: tuple[tuple[str, str, str | None], int]) -> tuple[str, str, str]:
    (a, lever, t), _ = item
    return a, lever, t or ""


_JSON = json.JSONEncoder(separators=(",", ":"), check_circular=False)
_KEY_BLOBS: dict[tuple[str, ...], bytes] = {}
"""The encoded key list of each key order seen (one per scenario in practice)."""
