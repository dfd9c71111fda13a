"""Monte Carlo sweeps: many all-computer games of one scenario, over a grid of overrides.

``whales sweep`` plays N games per grid cell (seeds ``seed_start .. seed_start+N-1`` in every
cell, so cells are compared on the same seeds), on a local process pool or a Dask cluster,
and writes ``games.csv``, ``turns.csv``, ``summary.json``, ``sweep.json`` and PNG plots.
``whales compare`` sets two sweeps (or two cells) side by side.

Modules, one concern each: :mod:`.grid` (--set/--grid expansion and validation),
:mod:`.worker` (plays games, returns compact rows), :mod:`.runner` (pool, Dask, chunks),
:mod:`.results` (CSV/JSON files, resume), :mod:`.stats`, :mod:`.compare`, :mod:`.plots`.
"""
from .grid import Cell, GridError, expand, parse_grid

__all__ = ["Cell", "GridError", "expand", "parse_grid"]
