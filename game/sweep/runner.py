"""Running a sweep: the plan (cells × seeds → run ids), chunks, and three backends.

* inline: one worker, in this process;
* pool: a local process pool (multiprocessing, forkserver with the engine preloaded); each
  worker builds a cell's Rules once and plays chunk after chunk;
* dask: an existing Dask distributed cluster (``--scheduler ADDRESS``); chunks are
  submitted as tasks. Workers need this package installed (and, with --keep-replays, the
  output folder on a shared file system).

Run ids are ``cell * runs + i`` and seeds ``seed_start + i``: every cell plays the same
seeds, and a game's result depends only on its cell and seed, never on where it ran. Every
game of a sweep seats the computer players alike (``--level``, ``--seat``: :func:`seats_for`).
"""
from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import signal
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

from ..engine import (ACTORS, DEFAULT_LEVEL, RULES_KEEP, Check, Scenario, Seat, check_source,
                      checks_json, describe_check, parse_seat, rules_for, scenario_hash,
                      state_keys)
from ..resources import resolve_scenario
from .grid import Cell
from .results import Layout, final_keys, run_command, series_keys
from .worker import Chunk, GameRow, init_worker, run_chunk


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:          # not on Linux
        return os.cpu_count() or 1


def default_chunk_size(games: int, workers: int) -> int:
    """Small enough to balance the load (about 32 chunks per worker, so the last chunks
    leave little idle time) and to lose little on Ctrl-C; large enough that a chunk's
    overhead (well under a millisecond) does not matter. At most 10 games."""
    return max(1, min(10, -(-games // (workers * 32))))


@dataclass
class Plan:
    """What a sweep plays: the scenario, its cells, N seeds per cell, the columns reported."""

    scenario_path: str            # as the user gave it (used in the replay commands)
    text: str
    cells: list[Cell]
    runs: int
    seed_start: int
    turns: int | None
    fixed: tuple[str, ...]
    grid: tuple[tuple[str, tuple[str, ...]], ...]
    layout: Layout
    checks: tuple[Check, ...] = ()      # story checks: the scenario's, then --checks FILE's
    checks_file: str | None = None
    level: str = DEFAULT_LEVEL          # --level: every computer seat's level
    seat_options: tuple[tuple[str, str], ...] = ()   # --seat: (state, seat string), by state

    @classmethod
    def build(cls, scenario_path: str, text: str, cells: list[Cell], scenarios: list[Scenario],
              runs: int, seed_start: int, turns: int | None, fixed: tuple[str, ...],
              grid: tuple[tuple[str, tuple[str, ...]], ...],
              checks: Sequence[Check] = (), checks_file: str | None = None,
              level: str = DEFAULT_LEVEL, seats: Mapping[str, str] | None = None) -> "Plan":
        keys = set.intersection(*(set(state_keys(sc)) for sc in scenarios))
        layout = Layout(tuple(p for p, _ in grid), final_keys(keys), series_keys(keys),
                        tuple(c.id for c in checks))
        options = tuple((a, (seats or {})[a]) for a in ACTORS if a in (seats or {}))
        return cls(scenario_path, text, cells, runs, seed_start, turns, fixed, grid, layout,
                   tuple(checks), checks_file, level, options)

    @cached_property
    def seats(self) -> tuple[tuple[str, str], ...]:
        """(state, seat string) for the games: see :func:`seats_for` (every row's replay
        command names them: worked out once)."""
        return seats_for(self.level, dict(self.seat_options))

    def players(self) -> dict[str, str]:
        """Every state's seat string with its level spelt out (for sweep.json)."""
        return players_for(self.level, dict(self.seat_options))

    @property
    def scenario_hash(self) -> str:
        return scenario_hash(self.text)

    @property
    def total(self) -> int:
        return len(self.cells) * self.runs

    def run_id(self, cell: int, i: int) -> int:
        return cell * self.runs + i

    def cell_seed(self, run: int) -> tuple[int, int] | None:
        """The (cell, seed) of a run id (run_id's inverse), None for one the plan lacks."""
        if not 0 <= run < self.total:
            return None
        return run // self.runs, self.seed_start + run % self.runs

    def seeds(self) -> range:
        return range(self.seed_start, self.seed_start + self.runs)

    def command(self, cell: int, seed: int) -> str:
        """The ``whales run`` command that replays one game."""
        return run_command(self.scenario_path, seed, self.cells[cell].overrides, self.turns,
                           self.seats)

    def grid_values(self) -> dict[int, tuple[str, ...]]:
        return {c.index: tuple(v for _, v in c.values) for c in self.cells}

    def chunks(self, done: set[int], chunk_size: int,
               replay_dir: str | None = None) -> list[Chunk]:
        """The games still to play, in chunks of one cell each."""
        out = []
        checks = checks_json(self.checks) if self.checks else ""
        seats = self.seats
        for cell in self.cells:
            todo = [(self.run_id(cell.index, i), seed) for i, seed in enumerate(self.seeds())
                    if self.run_id(cell.index, i) not in done]
            for k in range(0, len(todo), chunk_size):
                out.append(Chunk(self.text, self.scenario_path, cell.index, cell.overrides,
                                 self.turns, tuple(todo[k:k + chunk_size]),
                                 self.layout.final_keys, self.layout.series_keys, replay_dir,
                                 checks, seats))
        return out

    def identity(self) -> dict:
        """What must match for --resume to continue a sweep."""
        out = {"scenario_hash": self.scenario_hash, "overrides": list(self.fixed),
               "grid": [{"path": p, "values": list(v)} for p, v in self.grid],
               "runs": self.runs, "seed_start": self.seed_start, "turns": self.turns,
               "level": self.level, "seats": dict(self.seat_options)}
        if self.checks:
            out["checks_hash"] = hashlib.sha256(checks_json(self.checks).encode()).hexdigest()
        return out


def _effective(level: str, spec: str | None) -> Seat:
    seat = parse_seat(spec)
    return Seat(personality=seat.personality, level=seat.level or level)


def players_for(level: str, options: Mapping[str, str]) -> dict[str, str]:
    """Every state's seat: ``options`` (``--seat``: state → seat string) over ``level``
    (``--level``), the level always spelt out, e.g. ``{"china": "computer@planner", ...}``."""
    return {a: _effective(level, options.get(a)).spec for a in ACTORS}


def seats_for(level: str, options: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """(state, seat string) of the seats a sweep's games are played with, in ACTORS order:
    those that are not plain ``computer`` at the engine's default level, which ``whales run``
    plays without a ``--seat`` (so a default sweep's replay commands carry none). A seat's
    own ``@LEVEL`` wins over ``level``; its personality is kept."""
    out = []
    for a in ACTORS:
        seat = _effective(level, options.get(a))
        if seat.level == DEFAULT_LEVEL:
            seat = Seat(personality=seat.personality)
        if seat.spec != Seat().spec:
            out.append((a, seat.spec))
    return tuple(out)


# ------------------------------------------------------------------ backends
def _inline(chunks: list[Chunk]) -> Iterator[list[GameRow]]:
    for ch in chunks:
        yield run_chunk(ch)


def _start_method() -> str:
    """fork when this process has a single thread (fast: workers inherit the imported engine
    and the cells' Rules); otherwise forkserver (fork with threads risks deadlocks)."""
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class WorkerLost(RuntimeError):
    """Pool worker processes kept dying (killed by the OOM killer, kill -9, ...): the games
    they held were re-run MAX_RESTARTS times and a worker died again."""


MAX_RESTARTS = 3
"""Times a sweep re-runs the games of a pool whose worker died before giving up."""


CTRL_C_EVERY = 0.2
"""Seconds between the pool's looks at a Ctrl-C it has noted (see :class:`_CtrlC`)."""


class _CtrlC:
    """Ctrl-C while a pool runs, noted and raised as KeyboardInterrupt only where the pool's
    own code looks (between its calls into concurrent.futures), never inside them.
    ``concurrent.futures.wait`` takes every pending future's lock one by one: a
    KeyboardInterrupt raised among those left some held, the pool's manager thread then
    blocked on one (cancelling or failing that future) and the shutdown after Ctrl-C waited
    for it for ever (about 1 sweep in 40 interrupted on a 2-worker pool). Only in the main
    thread, and only over Python's own handler (a program that installed its own keeps it)."""

    def __init__(self) -> None:
        self.pressed = False
        self._old: object = None

    def __enter__(self) -> "_CtrlC":
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._old = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum: int, frame: object) -> None:
        self.pressed = True

    def check(self) -> None:
        if self.pressed:
            raise KeyboardInterrupt

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)       # type: ignore[arg-type]
            self._old = None
        if exc_type is None:
            self.check()          # pressed as the last chunk came back: still an interrupt


def _stop(ex) -> None:
    """End a process pool now: running workers are terminated (SIGTERM, which they do not
    ignore), queued chunks cancelled."""
    for proc in list(getattr(ex, "_processes", {}).values()):   # no public API in 3.11
        try:
            proc.terminate()
        except (OSError, AttributeError, ValueError):
            pass
    ex.shutdown(wait=True, cancel_futures=True)


def _deaths(procs: list) -> str:
    """How a pool's dead workers ended, e.g. "killed by signal 9"."""
    for p in procs:
        p.join(timeout=1)
    codes = sorted({p.exitcode for p in procs if p.exitcode not in (None, 0)})
    if len(codes) > 1 and -signal.SIGTERM in codes:    # the others, stopped by the pool
        codes.remove(-signal.SIGTERM)
    said = [f"killed by signal {-c}" if c < 0 else f"exit code {c}" for c in codes]
    return ", ".join(said) or "ended abruptly"


def _pool(chunks: list[Chunk], workers: int,
          on_note: Callable[[str], None] | None = None) -> Iterator[list[GameRow]]:
    """A local process pool (concurrent.futures, which notices a worker that dies: a
    multiprocessing.Pool waited for ever for the chunk a killed worker held). When a worker
    dies, the pool is started again and every chunk not yet returned is played again (games
    depend only on their cell and seed, so the rows are the same), at most MAX_RESTARTS
    times; then WorkerLost. Ctrl-C terminates the workers at once (they ignore SIGINT, the
    parent handles it: see :class:`_CtrlC`)."""
    method = _start_method()
    ctx = mp.get_context(method)
    if method == "fork":            # build each cell's Rules once, here, for every worker
        for ch in list({ch.cell: ch for ch in chunks}.values())[:RULES_KEEP]:
            rules_for(ch.scenario_text, ch.source, ch.overrides)
    elif method == "forkserver":
        ctx.set_forkserver_preload(["game.sweep.worker"])
    todo = dict(enumerate(chunks))      # chunks whose rows have not been handed back
    with _CtrlC() as ctrl_c:
        yield from _pool_rounds(todo, workers, ctx, ctrl_c, on_note)


def _pool_rounds(todo: dict, workers: int, ctx, ctrl_c: _CtrlC,
                 on_note: Callable[[str], None] | None) -> Iterator[list[GameRow]]:
    """:func:`_pool`'s pools, one after another while workers die; ``todo``: the chunks
    not handed back yet (emptied as they are)."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool
    restarts = 0
    while todo:
        ex = ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=ctx,
                                 initializer=init_worker)
        try:
            futures: dict = {}
            broken = False
            try:
                for i, ch in todo.items():
                    futures[ex.submit(run_chunk, ch)] = i
            except BrokenProcessPool:       # a worker died already, while we submitted
                broken = True
            ctrl_c.check()
            procs = list(getattr(ex, "_processes", {}).values())    # all started by now
            pending = set(futures)
            while pending and not broken:
                done, pending = wait(pending, timeout=CTRL_C_EVERY,
                                     return_when=FIRST_COMPLETED)
                ctrl_c.check()
                for fut in done:
                    try:
                        rows = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    del todo[futures[fut]]
                    yield rows
            if broken:
                how = _deaths(procs)
                restarts += 1
                games = sum(len(todo[i].runs) for i in todo)
                if restarts > MAX_RESTARTS:
                    raise WorkerLost(f"a worker process died ({how}) {restarts} times; the "
                                     f"last time {games} game(s) were in its pool")
                if on_note is not None:
                    on_note(f"a worker process died ({how}); starting the workers again "
                            f"for the {games} game(s) not finished yet")
        finally:
            _stop(ex)


from .cluster import ClusterLost, SchedulerError  # noqa: E402,F401 (Dask: game/sweep/cluster.py)


def connect(address: str, **options):
    """A Dask client for the scheduler at ``address`` (see :func:`cluster.connect`);
    SchedulerError, one line, when it cannot be used."""
    from . import cluster
    return cluster.connect(address, **options).client


def cluster_threads(client) -> int:
    """Worker threads in the cluster (for the chunk size)."""
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:       # noqa: BLE001 (only a hint)
        return 1


def _dask(chunks: list[Chunk], client,
          on_note: Callable[[str], None] | None = None) -> Iterator[list[GameRow]]:
    """On the cluster: no worker for a while, or a failing chunk, is ClusterLost."""
    from .cluster import run_chunks
    yield from run_chunks(client, chunks, run_chunk, on_note=on_note)


def execute(chunks: list[Chunk], workers: int = 1, client=None,
            on_note: Callable[[str], None] | None = None) -> Iterator[list[GameRow]]:
    """Finished chunks' rows, in the order they finish (on ``client``'s Dask cluster when
    given, else on ``workers`` local processes). ``on_note`` hears about a dead worker whose
    games are played again."""
    if not chunks:
        return iter(())
    if client is not None:
        return _dask(chunks, client, on_note)
    if workers <= 1 or len(chunks) == 1:
        return _inline(chunks)
    return _pool(chunks, workers, on_note)


def run(plan: Plan, writer, done: set[int], workers: int, client=None,
        chunk_size: int | None = None, replay_dir: Path | None = None,
        on_chunk: Callable[[list[GameRow]], None] | None = None,
        on_note: Callable[[str], None] | None = None) -> int:
    """Play every game not in ``done``, appending each finished chunk through ``writer``;
    returns the number of games played. KeyboardInterrupt (and WorkerLost, OSError from the
    writer) propagate after the workers are stopped; the chunks already written stay on
    disk."""
    slots = cluster_threads(client) if client is not None else workers
    size = chunk_size or default_chunk_size(plan.total - len(done), max(1, slots))
    chunks = plan.chunks(done, size, str(replay_dir) if replay_dir else None)
    played = 0
    results = execute(chunks, workers, client, on_note)
    try:
        for rows in results:
            writer.append(rows)
            played += len(rows)
            if on_chunk is not None:
                on_chunk(rows)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
    return played


# ------------------------------------------------------------------ sweep.json
FORMAT = "shrimp-between-whales/sweep"
FORMAT_VERSION = 1


def versions() -> dict[str, str]:
    """Versions of what produced the results (so a sweep can be re-run like for like)."""
    import platform
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__
    out = {"whales": __version__, "python": platform.python_version(),
           "platform": platform.platform()}
    for pkg in ("pydantic", "PyYAML", "dask", "distributed", "matplotlib", "numpy", "tqdm"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def spec_document(plan: Plan, argv: list[str], command: str, cells_scenarios: list[Scenario],
                  keep_replays: bool) -> dict:
    """Everything needed to re-run the sweep or any one game of it."""
    sc = cells_scenarios[0]
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "command": command, "argv": list(argv), "cwd": os.getcwd(),
        "scenario": {"path": plan.scenario_path,
                     "abspath": str(Path(resolve_scenario(plan.scenario_path)).resolve()),
                     "name": sc.name, "title": sc.title, "hash": plan.scenario_hash,
                     "turn_months": sc.turn_months, "length": sc.turns,
                     "war_at": (sc.tracks["tension"].war_at if sc.tracks["tension"].war_at
                                is not None else sc.tracks["tension"].max)},
        **{k: v for k, v in plan.identity().items() if k != "scenario_hash"},
        "players": plan.players(),
        "default_level": DEFAULT_LEVEL,
        "seeds": {"first": plan.seed_start, "last": plan.seed_start + plan.runs - 1,
                  "note": "every cell plays the same seeds"},
        "run_id": "cell * runs + (seed - seed_start)",
        "keep_replays": keep_replays,
        "cells": [{"cell": c.index, "label": c.label(), "grid": dict(c.values),
                   "overrides": list(c.overrides),
                   "run_ids": [plan.run_id(c.index, 0), plan.run_id(c.index, plan.runs - 1)],
                   "run_command": run_command(plan.scenario_path, "SEED", c.overrides,
                                              plan.turns, plan.seats)}
                  for c in plan.cells],
        "columns": {"games": plan.layout.games_header(), "turns": plan.layout.turns_header()},
        "checks": checks_document(plan.checks, plan.checks_file,
                                  [c.id for c in cells_scenarios[0].checks]),
        "checks_file": plan.checks_file,
        "versions": versions(),
        "execution": {"complete": False},
    }


def checks_document(checks: Sequence[Check], checks_file: str | None,
                    scenario_ids: Sequence[str] = ()) -> list[dict]:
    """The story checks as sweep.json and summary.json list them: id, claim, test, source,
    expected band, where each is defined (``scenario`` or the --checks file) and the check
    itself."""
    own = set(scenario_ids)
    return [{"id": c.id, "claim": c.claim, "test": describe_check(c), "source": check_source(c),
             "expect": [c.expect.min, c.expect.max] if c.expect is not None else None,
             "defined_in": "scenario" if c.id in own or checks_file is None else checks_file,
             "check": c.model_dump(mode="json", exclude_defaults=True)}
            for c in checks]


def identity_of(spec: dict) -> dict:
    """The part of a sweep.json that --resume requires to match."""
    out = {"scenario_hash": spec.get("scenario", {}).get("hash"),
           "overrides": spec.get("overrides"), "grid": spec.get("grid"),
           "runs": spec.get("runs"), "seed_start": spec.get("seed_start"),
           "turns": spec.get("turns"),
           # a sweep.json from before --level and --seat: every seat at the default level
           "level": spec.get("level", DEFAULT_LEVEL), "seats": spec.get("seats", {})}
    if spec.get("checks_hash"):
        out["checks_hash"] = spec["checks_hash"]
    return out
