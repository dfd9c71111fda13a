"""Sweep benchmark: N all-computer games through the whole sweep pipeline (plan, workers,
CSV writing, sorting) on 1 and 2 local workers, and optionally on a local Dask cluster.

Figures are wall-clock seconds of the games phase (validation and plots excluded). On a
shared machine other processes take CPU too: ``sweep_busy_cores_before`` is how many cores
were already busy just before the figures were taken (0 on an idle machine).
"""
from __future__ import annotations

import filecmp
import tempfile
import time
from pathlib import Path

from .grid import expand, load_cells
from .results import GAMES, TURNS, ResultsWriter
from .runner import Plan, run


def busy_cores(seconds: float = 0.5) -> float:
    """Cores busy (all processes) over a short window, from /proc/stat; -1 if unknown."""
    def sample() -> tuple[int, int]:
        with open("/proc/stat") as f:
            parts = [int(x) for x in f.readline().split()[1:]]
        idle = parts[3] + parts[4]
        return sum(parts[:8]) - idle, sum(parts[:8])
    try:
        b0, t0 = sample()
        w0 = time.perf_counter()
        time.sleep(seconds)
        b1, t1 = sample()
        dt = time.perf_counter() - w0
    except (OSError, ValueError, IndexError):
        return -1.0
    import os
    hz = os.sysconf("SC_CLK_TCK")
    return round((b1 - b0) / hz / dt, 2)


def _plan(text: str, source: str, games: int, turns: int | None) -> Plan:
    cells = expand([], [])
    return Plan.build(source, text, cells, load_cells(text, source, [], cells), games, 0,
                      turns, (), ())


def time_sweep(plan: Plan, out: Path, workers: int = 1, client=None) -> float:
    """Seconds to play and write every game of ``plan`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    writer = ResultsWriter(out, plan.layout, plan.grid_values(), plan.command)
    t0 = time.perf_counter()
    writer.open(False)
    run(plan, writer, set(), workers, client)
    writer.finalize()
    return time.perf_counter() - t0


def sweep_figures(text: str, source: str, games: int = 1000, turns: int | None = None,
                  dask: bool = False) -> dict[str, float]:
    """Seconds for ``games`` games on 1 and 2 workers (and a 2-worker Dask LocalCluster)."""
    plan = _plan(text, source, games, turns)
    out: dict[str, float] = {"sweep_games": games,
                             "sweep_busy_cores_before": busy_cores()}
    with tempfile.TemporaryDirectory(prefix="whales-sweep-bench-") as tmp:
        root = Path(tmp)
        one = time_sweep(plan, root / "w1", 1)
        two = time_sweep(plan, root / "w2", 2)
        out.update({"sweep_1w_s": round(one, 2), "sweep_2w_s": round(two, 2),
                    "sweep_speedup_2w": round(one / two, 2),
                    "sweep_games_per_s_2w": round(games / two, 1)})
        same = all(filecmp.cmp(root / "w1" / f, root / "w2" / f, shallow=False)
                   for f in (GAMES, TURNS))
        if dask:
            from dask.distributed import Client, LocalCluster
            t0 = time.perf_counter()
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                              dashboard_address=None, host="127.0.0.1") as cluster, \
                    Client(cluster.scheduler_address, set_as_default=False) as client:
                start = time.perf_counter() - t0
                secs = time_sweep(plan, root / "dask", client=client)
            out.update({"sweep_dask_2w_s": round(secs, 2),
                        "sweep_dask_start_s": round(start, 2)})
            same = same and all(filecmp.cmp(root / "w1" / f, root / "dask" / f,
                                            shallow=False) for f in (GAMES, TURNS))
        out["sweep_identical"] = 1.0 if same else 0.0
    return out
