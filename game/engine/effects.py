"""Turning an :class:`Effects` spec into concrete ``(state key, delta)`` pairs, and applying them.

``actor`` and ``target`` in a spec stand for the lever's user and its target. A resolved spec is
cached per (spec, actor, target): the turn loop only adds numbers.
"""
from __future__ import annotations

from random import Random
from typing import TYPE_CHECKING, NotRequired, TypedDict

from .facts import Fact
from .kinds import Deltas, StateKey
from .ledger import Cause, Ledger
from .orders import Order
from .scenario import ACTORS, Effects
from .state import State, pair_key

if TYPE_CHECKING:
    from .rules import Rules

Resolved = Deltas
"""An effect spec resolved for one actor and target: ``((key, delta), ...)``."""
TENSION = "track.tension"


class News(TypedDict):
    """A news item as resolution says it (:meth:`Ctx.say`); the views turn it into a
    :class:`~game.engine.view.NewsItem` for each viewer."""

    turn: int
    headline: str
    cause: Cause
    public: bool                 # else seen only by ``actors``
    actors: tuple[str, ...]
    span: tuple[int, int]        # the ledger entries it reports: entries[start:end]
    fact: NotRequired[Fact]      # what happened, as a typed record (see facts.py)


def _who(ref: str, actor: str | None, target: str | None) -> str | None:
    if ref == "actor":
        return actor
    if ref == "target":
        return target
    return ref if ref in ACTORS else None


def _pair(pair: str, actor: str | None, target: str | None) -> tuple[str, str] | None:
    parts = pair.split("-")
    if len(parts) != 2:
        return None
    a, b = _who(parts[0], actor, target), _who(parts[1], actor, target)
    if a is None or b is None or a == b:
        return None
    return a, b


class EffectResolver:
    """Resolves effect specs against one game's state keys and alliance membership."""

    def __init__(self, keys: set[StateKey], alliances: dict[str, frozenset[str]]) -> None:
        self.keys = keys
        self.alliances = alliances
        # keyed by id(spec); the spec is kept in the value so its id cannot be reused
        self._cache: dict[tuple[int, str | None, str | None], tuple[Effects, Resolved]] = {}

    def alliance_id(self, a: str, b: str) -> str | None:
        want = frozenset((a, b))
        for aid, members in self.alliances.items():
            if members == want:
                return aid
        return None

    def resolve(self, eff: Effects, actor: str | None, target: str | None) -> Resolved:
        ck = (id(eff), actor, target)
        hit = self._cache.get(ck)
        if hit is not None:
            return hit[1]
        out: list[tuple[str, float]] = []
        keys = self.keys
        for ref, inds in eff.indicators.items():
            who = _who(ref, actor, target)
            if who is None:
                continue
            for ind, d in inds.items():
                k = f"{who}.{ind}"
                if k in keys and d:
                    out.append((k, d))
        for kind, table in (("relation", eff.relations), ("trade", eff.trade)):
            for pair, d in table.items():
                ab = _pair(pair, actor, target)
                if ab and d:
                    k = pair_key(kind, *ab)
                    if k in keys:
                        out.append((k, d))
        for name, d in eff.alliances.items():
            if f"alliance.{name}" in keys:
                aid: str | None = name
            else:
                ab = _pair(name, actor, target)
                aid = self.alliance_id(*ab) if ab else None
            if aid and d:
                out.append((f"alliance.{aid}", d))
        for kind, table in (("influence", eff.influence), ("enforcement", eff.enforcement)):
            for ref, d in table.items():
                who = _who(ref, actor, target)
                k = f"{kind}.{who}"
                if who and k in keys and d:
                    out.append((k, d))
        for name, d in eff.tracks.items():
            k = f"track.{name}"
            if k in keys and d:
                out.append((k, d))
        for pair, d in eff.debts.items():
            ab = _pair(pair, actor, target)
            if ab and d:
                k = f"debt.{ab[0]}.{ab[1]}"
                if k in keys:
                    out.append((k, d))
        res = tuple(out)
        self._cache[ck] = (eff, res)
        return res


class Ctx:
    """What a lever's resolution may touch during one turn: the state, the ledger, the news and
    the turn's random generator."""

    __slots__ = ("state", "ledger", "rng", "news", "resolver", "rules", "turn", "orders", "flags",
                 "ceiling", "_values", "_bounds", "_record", "_entries", "_mark")

    def __init__(self, state: State, ledger: Ledger, rng: Random, resolver: EffectResolver,
                 rules: Rules, orders: list[Order]) -> None:
        self.state = state
        self.ledger = ledger
        self.rng = rng
        self.resolver = resolver
        self.rules = rules
        self.turn = state.turn
        self.news: list[News] = []
        self.orders = orders
        self.flags: set[tuple[str, ...]] = set()   # joint actions already resolved this turn
        # while a lever resolves: the tension its effects may not push past (None: no limit)
        self.ceiling: float | None = None
        self._values = state.values  # the hot path of change(), looked up once
        self._bounds = state.bounds
        self._record = ledger.add
        self._entries = ledger.entries
        self._mark = len(ledger.entries)   # where the changes of the next news item start

    def change(self, key: StateKey, delta: float, cause: Cause) -> float:
        """Add ``delta`` to a key within its bounds; record what really changed."""
        if not delta:
            return 0.0
        values = self._values
        old = values.get(key)
        if old is None:
            return 0.0
        new = old + delta
        lo, hi = self._bounds[key]
        if new > hi:
            new = hi
        elif new < lo:
            new = lo
        if delta > 0 and self.ceiling is not None and key == TENSION and new > self.ceiling:
            new = max(old, self.ceiling)    # words alone cannot start a war
        new = round(new, 4)
        real = new - old
        if real:
            values[key] = new
            self._record(self.turn, key, real, cause)
        return real

    def apply(self, eff: Effects, actor: str | None, target: str | None, cause: Cause,
              scale: float = 1.0) -> None:
        for k, d in self.resolver.resolve(eff, actor, target):
            self.change(k, d * scale, cause)

    def begin(self) -> None:
        """A new step of resolution starts (an order, a vote, a project, a detection, an
        event, drift): the next news item's changes are those recorded from here on."""
        self._mark = len(self._entries)

    def say(self, headline: str, cause: Cause, public: bool = True,
            actors: tuple[str, ...] = (), fact: "Fact | None" = None) -> None:
        """A news item, in resolution order. Private items are seen only by ``actors``;
        ``fact``: what happened as a typed record (see :mod:`facts`), kept as ``"fact"``.

        The item carries the ledger changes it reports: ``span`` is the range of ledger
        entries recorded since the step began or the last item was said (indices into
        ``ledger.entries``; nothing is copied)."""
        end = len(self._entries)
        item: News = {"turn": self.turn, "headline": headline, "cause": cause,
                      "public": public, "actors": actors, "span": (self._mark, end)}
        if fact is not None:
            item["fact"] = fact
        self.news.append(item)
        self._mark = end
