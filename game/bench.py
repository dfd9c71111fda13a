"""The engine benchmark behind `whales bench`: one small function per figure.

Each figure function takes a :class:`BenchContext` and returns a dict of named numbers;
:func:`run_bench` runs every function registered with :func:`figure` (in order) and merges
their dicts. Timings are medians over repeated runs after a warm-up; nothing here asserts a
threshold (the figures are printed and read, see the README's targets).
"""
from __future__ import annotations

import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .engine import DEFAULT_LEVEL, Game, Rules, forget_rules, parse_scenario

def scenario_path() -> str:
    """The bundled 2019 scenario's file."""
    from .resources import DEFAULT_SCENARIO, resolve_scenario
    return resolve_scenario(DEFAULT_SCENARIO)


@dataclass
class BenchContext:
    text: str                   # the scenario's YAML
    source: str                 # where it came from (for messages)
    games: int                  # games per figure
    sweep_games: int = 0        # `--sweep N`: also time an N-game sweep (0: skip)
    sweep_dask: bool = False    # `--sweep-dask`: and on a local two-worker Dask cluster
    level: str | None = None    # `--level`: every seat at this computer level (in-process figures)
    rules: Rules = field(init=False)
    seeds: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.rules = Rules(parse_scenario(self.text, self.source))
        self.seeds = list(range(1, self.games + 1))

    def game(self, seed: int) -> Game:
        return Game(self.rules, seed)

    @property
    def seats(self) -> dict[str, str | None] | None:
        """Seat strings putting every state at :attr:`level` (None: the default level)."""
        if self.level is None:
            return None
        return {a: f"computer@{self.level}" for a in self.rules.actors}


Figure = Callable[[BenchContext], dict[str, float]]
FIGURES: list[Figure] = []


def figure(fn: Figure) -> Figure:
    """Register a figure function (sweeps and others add theirs the same way)."""
    FIGURES.append(fn)
    return fn


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 4)


def _play(game: Game, seats: dict[str, str | None] | None = None) -> Game:
    game.run(seats=seats)
    return game


# ------------------------------------------------------------------------------ figures
@figure
def turn_time(ctx: BenchContext) -> dict[str, float]:
    """One full turn: six computer decisions + resolution, every turn of ``games`` games."""
    _play(ctx.game(0), ctx.seats)      # warm-up: caches, first-call costs
    times, cpu = [], []
    clock, cpu_clock = time.perf_counter, time.process_time
    seats = ctx.seats
    for seed in ctx.seeds:
        g = ctx.game(seed)
        while not g.over:
            t0, c0 = clock(), cpu_clock()
            g.play_turn(seats)
            times.append(clock() - t0)
            cpu.append(cpu_clock() - c0)
    return {"turn_ms_median": _ms(statistics.median(times)),
            "turn_ms_p90": _ms(statistics.quantiles(times, n=10)[-1]) if len(times) > 1
            else _ms(times[0]),
            # CPU time of this process: steadier than wall time on a busy machine
            "turn_cpu_ms_median": _ms(statistics.median(cpu))}


@figure
def game_time(ctx: BenchContext) -> dict[str, float]:
    """A whole all-computer game from the start to its last turn."""
    _play(ctx.game(0), ctx.seats)
    times, turns = [], []
    for seed in ctx.seeds:
        t0 = time.perf_counter()
        g = _play(ctx.game(seed), ctx.seats)
        times.append(time.perf_counter() - t0)
        turns.append(len(g.reports))
    return {"game_ms_median": _ms(statistics.median(times)),
            "game_turns_median": statistics.median(turns)}


@figure
def replay_verify_time(ctx: BenchContext) -> dict[str, float]:
    """Re-simulating a recorded game and comparing every digest and score, per turn (the
    scenario's rules already parsed), plus the one-off cost of reading a replay file's text
    and parsing its scenario."""
    from . import replay as rp
    replays = [rp.replay_of(_play(ctx.game(seed)), ctx.text, [], {}) for seed in ctx.seeds]
    rp.verify(replays[0])   # warm-up (parses the scenario once)
    per_turn, cpu = [], []
    for r in replays:
        t0, c0 = time.perf_counter(), time.process_time()
        res = rp.verify(r)
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        if not res.ok:
            raise RuntimeError(f"benchmark replay does not verify: {res.detail}")
        per_turn.append(dt / max(len(r.turns), 1))
        cpu.append(dc / max(len(r.turns), 1))
    text = rp.dumps(replays[0])
    loads = []
    for _ in range(3):
        forget_rules()
        t0 = time.perf_counter()
        rp.rules_of(rp.parse_replay(text))
        loads.append(time.perf_counter() - t0)
    return {"replay_verify_ms_per_turn": _ms(statistics.median(per_turn)),
            "replay_verify_cpu_ms_per_turn": _ms(statistics.median(cpu)),
            "replay_load_ms": _ms(statistics.median(loads))}


@figure
def throughput_1proc(ctx: BenchContext) -> dict[str, float]:
    """Whole games a second in this process."""
    _play(ctx.game(0), ctx.seats)
    t0 = time.perf_counter()
    for seed in ctx.seeds:
        _play(ctx.game(seed), ctx.seats)
    return {"games_per_s_1proc": round(len(ctx.seeds) / (time.perf_counter() - t0), 2)}


_WORKER_RULES: Rules | None = None


def _worker_init(text: str, source: str) -> None:
    global _WORKER_RULES
    _WORKER_RULES = Rules(parse_scenario(text, source))


def _worker_game(seed: int) -> tuple[int, str]:
    """Play one game in a worker; return only (turns, digest prefix)."""
    assert _WORKER_RULES is not None
    g = _play(Game(_WORKER_RULES, seed))
    return len(g.reports), g.digest()[:8]


def _worker_rss(_: int) -> float:
    return _rss_mb(resource.RUSAGE_SELF)


@figure
def throughput_2proc(ctx: BenchContext) -> dict[str, float]:
    """Whole games a second on a pool of two worker processes (rules built once per worker,
    tiny results sent back), after the workers have warmed up."""
    with ProcessPoolExecutor(max_workers=2, initializer=_worker_init,
                             initargs=(ctx.text, ctx.source)) as pool:
        list(pool.map(_worker_game, [0, 0, 0, 0]))      # start both workers, warm them
        seeds = ctx.seeds * 2 if len(ctx.seeds) < 8 else ctx.seeds
        t0 = time.perf_counter()
        list(pool.map(_worker_game, seeds, chunksize=max(1, len(seeds) // 8)))
        rate = len(seeds) / (time.perf_counter() - t0)
        worker_rss = max(pool.map(_worker_rss, [0, 1]))
    return {"games_per_s_2proc": round(rate, 2), "worker_peak_rss_mb": round(worker_rss, 1)}


@figure
def sweep_throughput(ctx: BenchContext) -> dict[str, float]:
    """`--sweep N`: N games through the whole sweep pipeline on 1 and 2 local workers (and
    Dask with --sweep-dask); see game/sweep/bench.py. Skipped without --sweep."""
    if not ctx.sweep_games:
        return {}
    from .sweep.bench import sweep_figures
    return sweep_figures(ctx.text, ctx.source, ctx.sweep_games, dask=ctx.sweep_dask)


def _rss_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / (1024.0 * 1024.0) if sys.platform == "darwin" else kb / 1024.0


# ------------------------------------------------------------------------------ driver
def run_bench(text: str, source: str, games: int = 20,
              figures: list[Figure] | None = None, sweep_games: int = 0,
              sweep_dask: bool = False, level: str | None = None) -> dict:
    """Run every registered figure and merge their numbers, with what was measured."""
    ctx = BenchContext(text, source, games, sweep_games, sweep_dask, level)
    out: dict = {"scenario": ctx.rules.scenario.name, "games": games,
                 "level": level or DEFAULT_LEVEL,
                 "cpus": os.cpu_count(), "python": platform.python_version()}
    for fn in figures or FIGURES:
        out.update(fn(ctx))
    # last, so it covers every figure: peak resident memory of this process
    out["peak_rss_mb"] = round(_rss_mb(resource.RUSAGE_SELF), 1)
    return out
