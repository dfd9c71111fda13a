"""The computer baseline: what the computer achieved from each seat in the same scenario.

A class's score means little on its own (the states start between 38 and 62 points, and each
scores on its own objectives), so the debrief and the end screen set each team's result against
what the computer achieved *from the same seat*: a small sweep of all-computer games of the same
scenario text and overrides, as long as the class's game, computed when it is asked for.

The games are played by the sweep machinery (:mod:`game.sweep`: the same chunks, workers and
play loop as ``whales sweep``), on seeds derived from the game's (``seed + 1`` onwards), so the
baseline of a game is always the same numbers, wherever and on however many cores it runs.
Results are kept in memory only (never on disk: nothing a user could hand back to us).

>>> from game.engine import ACTORS
>>> b = compute(open("scenarios/sandbox.yaml").read(), "sandbox", [], seed=1, turns=2, games=3)
>>> b.games, len(b.seats) == len(ACTORS), b.seeds
(3, True, (2, 4))
"""
from __future__ import annotations

from collections import OrderedDict
from statistics import mean
from typing import Callable

from pydantic import BaseModel, ConfigDict

from .engine import ACTORS

DEFAULT_GAMES = 50
"""Games in a debrief's baseline (about 2–3 s on one core for a 16-turn scenario)."""

MAX_GAMES = 1000


class SeatBaseline(BaseModel):
    """One seat's scores over the baseline games."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actor: str
    mean: float
    low: float          # the 10th percentile
    high: float         # the 90th percentile
    scores: tuple[float, ...]   # every game's, in seed order


class Baseline(BaseModel):
    """The computer's results from every seat over ``games`` all-computer games."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    games: int
    seeds: tuple[int, int]       # first and last seed
    turns: int                   # turns each game was played for (at most)
    wars: int                    # games that ended in war
    seats: dict[str, SeatBaseline]

    def mean(self, actor: str) -> float:
        return self.seats[actor].mean

    def versus(self, actor: str, score: float) -> float:
        """``score`` less the computer's mean from ``actor``'s seat."""
        return score - self.seats[actor].mean


def first_seed(seed: int) -> int:
    """The first baseline seed of a game played with ``seed`` (the game's own seed is left
    out, so an all-computer game is not compared with itself)."""
    return seed + 1


def _percentile(sorted_xs: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), on a sorted list."""
    if not sorted_xs:
        return 0.0
    pos = (len(sorted_xs) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_xs) - 1)
    return sorted_xs[lo] + (sorted_xs[hi] - sorted_xs[lo]) * (pos - lo)


_CACHE: OrderedDict[tuple, Baseline] = OrderedDict()
_CACHE_KEEP = 8


def compute(scenario_text: str, source: str, overrides: list[str] | tuple[str, ...],
            seed: int, turns: int, games: int = DEFAULT_GAMES, workers: int | None = None,
            on_progress: Callable[[int, int], None] | None = None) -> Baseline:
    """The baseline of a game of ``scenario_text`` (with ``overrides``) played with ``seed``
    for ``turns`` turns: ``games`` all-computer games on seeds ``seed+1 ...``.
    ``workers``: processes (default: one for a few games, else up to four cores).
    ``on_progress(done, games)`` is called as games finish."""
    from .engine import scenario_hash
    from .sweep.runner import default_workers, execute
    from .sweep.worker import Chunk

    if not 1 <= games <= MAX_GAMES:
        raise ValueError(f"expected 1 to {MAX_GAMES} baseline games, got {games}")
    start = first_seed(seed)
    key = (scenario_hash(scenario_text), tuple(overrides), start, turns, games)
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        if on_progress is not None:
            on_progress(games, games)
        return hit
    if workers is None:
        workers = 1 if games < 20 else min(4, default_workers())
    size = max(1, min(10, -(-games // (4 * max(1, workers)))))
    runs = [(i, start + i) for i in range(games)]
    chunks = [Chunk(scenario_text, source, 0, tuple(overrides), turns,
                    tuple(runs[k:k + size]), (), ())
              for k in range(0, games, size)]
    rows = []
    results = execute(chunks, workers)
    try:
        for part in results:
            rows.extend(part)
            if on_progress is not None:
                on_progress(len(rows), games)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
    rows.sort(key=lambda r: r.run)
    seats: dict[str, SeatBaseline] = {}
    for i, a in enumerate(ACTORS):
        xs = [r.finals[i] for r in rows]
        s = sorted(xs)
        seats[a] = SeatBaseline(actor=a, mean=round(mean(xs), 3), low=round(_percentile(s, 0.1), 3),
                                high=round(_percentile(s, 0.9), 3), scores=tuple(xs))
    out = Baseline(games=games, seeds=(start, start + games - 1), turns=turns,
                   wars=sum(1 for r in rows if r.war), seats=seats)
    _CACHE[key] = out
    while len(_CACHE) > _CACHE_KEEP:
        _CACHE.popitem(last=False)
    return out


def of_replay(replay, games: int = DEFAULT_GAMES, workers: int | None = None,
              on_progress: Callable[[int, int], None] | None = None) -> Baseline:
    """The baseline of a recorded game (as long as its resolved turns)."""
    return compute(replay.scenario_text, f"scenario {replay.scenario_name!r} in the replay",
                   replay.overrides, replay.seed, len(replay.turns), games, workers,
                   on_progress)
