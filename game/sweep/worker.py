"""What a worker process does: build Rules once per grid cell, play many games, send back
compact rows (tuples of numbers), never whole states.

This module is imported by pool and Dask worker processes; it imports only the engine.
"""
from __future__ import annotations

import os
import signal
import sys
from typing import Any, Callable, NamedTuple

from ..engine import ACTORS, Game, Rules, evaluator_for, news_facts, rules_for


class Chunk(NamedTuple):
    """A batch of games of one grid cell, as sent to a worker (small: text + numbers)."""

    scenario_text: str
    source: str
    cell: int
    overrides: tuple[str, ...]
    turns: int | None                   # stop after this many turns (None: scenario length)
    runs: tuple[tuple[int, int], ...]   # (run id, seed) per game
    final_keys: tuple[str, ...]         # state keys reported at the end of each game
    series_keys: tuple[str, ...]        # state keys reported after every turn
    replay_dir: str | None = None       # write each game's replay here (--keep-replays)
    checks: str = ""                    # story checks as JSON (checks_json), "" for none
    seats: tuple[tuple[str, str], ...] = ()   # (state, seat string), e.g. ("dprk", "computer@random")
    behaviour: bool = False             # also send back each game's orders and facts


class GameRow(NamedTuple):
    """One finished game, compact. ``finals``: six scores then ``final_keys``; ``series``:
    per turn (0 = the start) six scores then ``series_keys``."""

    run: int
    cell: int
    seed: int
    war: bool
    final_turn: int
    digest: str
    finals: tuple[float, ...]
    series: tuple[tuple[float, ...], ...]
    checks: tuple[bool, ...] = ()       # each story check's verdict, in the chunk's order
    behaviour: "Behaviour | None" = None


class Behaviour(NamedTuple):
    """What ``whales balance`` reads of one game, compact: per turn (1, 2, ...) per state
    (in ACTORS order) the orders given as (lever, target, option), and every fact as
    (turn, kind, actor, target, lever, option, by)."""

    orders: tuple[tuple[tuple[tuple[str, str | None, str | None], ...], ...], ...]
    facts: tuple[tuple[int, str, str | None, str | None, str | None, str | None,
                       tuple[str, ...]], ...]


def init_worker() -> None:
    """Pool worker start-up: leave Ctrl-C to the parent, which stops the pool cleanly, and let
    SIGTERM (Pool.terminate) end the worker even when the parent had installed a handler for
    it before forking (Dask does): an inherited handler kept a terminated worker alive, blocked
    on the task queue, and the parent's join waited for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()


def _die_with_parent() -> None:
    """On Linux, end this worker (SIGTERM) when the process that started it dies: a sweep
    killed with kill -9 leaves no workers behind to print BrokenPipeError tracebacks."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)          # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:       # the parent died before prctl took effect
        os._exit(1)


def play(rules: Rules, seed: int, turns: int | None,
         recorder_factory: Callable[[Game], Any] | None = None,
         seats: tuple[tuple[str, str], ...] = ()) -> tuple[Game, Any]:
    """One all-computer game, exactly as ``whales run SCENARIO --seed SEED`` plays it (with
    ``seats``' states at their own personality and level); returns the game and its replay
    recorder (None without ``recorder_factory``)."""
    game = Game(rules, seed)
    recorder = recorder_factory(game) if recorder_factory else None
    game.run(turns, dict(seats) if seats else None,
             recorder.record if recorder is not None else None)
    return game, recorder


def behaviour_of(game: Game) -> Behaviour:
    """The orders and facts of a finished game (see :class:`Behaviour`)."""
    orders = tuple(tuple(tuple((o.lever, o.target, o.option) for o in r.orders.get(a, ()))
                         for a in ACTORS) for r in game.reports)
    facts = tuple((f.turn, f.kind, f.actor, f.target, f.lever, f.option, f.by)
                  for r in game.reports for f in news_facts(r.news))
    return Behaviour(orders, facts)


def row_of(game: Game, run: int, cell: int, final_keys: tuple[str, ...],
           series_keys: tuple[str, ...]) -> GameRow:
    """The compact result of a finished game."""
    values = game.state.values
    scores = game.scores()
    finals = tuple(scores[a] for a in ACTORS) + tuple(values[k] for k in final_keys)
    series = tuple(
        tuple(sc[a] for a in ACTORS) + tuple(vals[k] for k in series_keys)
        for vals, sc in zip(game.history, game.score_history))
    final_turn = game.reports[-1].turn if game.reports else 0
    return GameRow(run, cell, game.seed, bool(game.state.war), final_turn, game.digest(),
                   finals, series)


def replay_path(replay_dir: str, run: int) -> str:
    return os.path.join(replay_dir, f"run-{run:06d}.json")


def run_chunk(chunk: Chunk) -> list[GameRow]:
    """Play every game of ``chunk``; the function pool and Dask workers call."""
    rules = rules_for(chunk.scenario_text, chunk.source, chunk.overrides)
    factory = None
    if chunk.replay_dir:
        from ..replay import Recorder

        def factory(game: Game):
            return Recorder(game, chunk.scenario_text, list(chunk.overrides),
                            dict(chunk.seats))
    judge = evaluator_for(rules, chunk.checks) if chunk.checks else None
    out = []
    for run, seed in chunk.runs:
        game, recorder = play(rules, seed, chunk.turns, factory, chunk.seats)
        if recorder is not None and chunk.replay_dir:
            recorder.save(replay_path(chunk.replay_dir, run))
        row = row_of(game, run, chunk.cell, chunk.final_keys, chunk.series_keys)
        if judge is not None or chunk.behaviour:
            row = row._replace(checks=judge.evaluate(game) if judge is not None else (),
                               behaviour=behaviour_of(game) if chunk.behaviour else None)
        out.append(row)
    return out
