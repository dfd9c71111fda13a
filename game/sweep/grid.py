"""Expansion of ``--set PATH=VALUE`` (fixed) and ``--grid PATH=V1,V2,...`` (varied) options.

Every combination of grid values is a *cell*; the fixed overrides apply to all cells and
each cell adds one ``PATH=VALUE`` per grid path. Cells are numbered in
:func:`itertools.product` order: the first ``--grid`` varies slowest.

Values are split on commas, so a grid value cannot itself contain a comma (use one sweep
per such value with ``--set``).
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from ..engine import Scenario, ScenarioError, limits, parse_scenario


class GridError(ValueError):
    """A malformed --set/--grid option, or overrides the scenario refuses (one per line)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Cell:
    """One grid cell: its number, the grid values that define it, and all its overrides."""

    index: int
    values: tuple[tuple[str, str], ...] = ()        # (path, value) per --grid, in order
    overrides: tuple[str, ...] = field(default=())   # fixed --set, then this cell's grid values

    def label(self) -> str:
        """Short human label, e.g. ``actors.china.enforcement=90`` or ``baseline``."""
        if not self.values:
            return "all games"
        return ", ".join(f"{p}={v}" for p, v in self.values)

    def short_label(self) -> str:
        """Label with each path shortened to its last two parts (for plot legends)."""
        if not self.values:
            return "all games"
        return ", ".join(f"{'.'.join(p.split('.')[-2:])}={v}" for p, v in self.values)


def _check_path(opt: str, spec: str, path: str) -> str | None:
    if not path or any(not part for part in path.split(".")) or " " in path:
        return (f"{opt} {spec}: expected a dotted path such as actors.china.enforcement "
                f"before '='")
    return None


def parse_set(spec: str) -> tuple[str, str]:
    """``PATH=VALUE`` → (path, value); the value's type is checked later by the loader."""
    path, sep, value = spec.partition("=")
    path = path.strip()
    if not sep:
        raise GridError([f"--set {spec}: expected PATH=VALUE, e.g. actors.china.enforcement=90"])
    bad = _check_path("--set", spec, path)
    if bad:
        raise GridError([bad])
    return path, value.strip()


def parse_grid(spec: str) -> tuple[str, tuple[str, ...]]:
    """``PATH=V1,V2,...`` → (path, values). At least one value; no empty or repeated ones."""
    path, sep, raw = spec.partition("=")
    path = path.strip()
    example = "e.g. actors.china.enforcement=40,65,90"
    if not sep:
        raise GridError([f"--grid {spec}: expected PATH=V1,V2,... ({example})"])
    bad = _check_path("--grid", spec, path)
    if bad:
        raise GridError([bad])
    values = tuple(v.strip() for v in raw.split(","))
    if not raw.strip() or any(not v for v in values):
        raise GridError([f"--grid {spec}: expected one or more comma-separated values after "
                         f"'=' with none empty ({example})"])
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise GridError([f"--grid {spec}: the value {v!r} is listed twice"])
        seen.add(v)
    return path, values


def expand(fixed: list[str] | tuple[str, ...],
           grid: list[str] | tuple[str, ...]) -> list[Cell]:
    """Every combination of the ``grid`` specs, each with the ``fixed`` overrides first.

    Raises :class:`GridError` for malformed specs, a path given twice in --grid, or a path
    both fixed and varied.
    """
    fixed_paths: dict[str, str] = {}
    problems: list[str] = []
    for spec in fixed:
        try:
            path, _ = parse_set(spec)
        except GridError as e:
            problems.extend(e.problems)
            continue
        fixed_paths[path] = spec
    axes: list[tuple[str, tuple[str, ...]]] = []
    for spec in grid:
        try:
            path, values = parse_grid(spec)
        except GridError as e:
            problems.extend(e.problems)
            continue
        if path in fixed_paths:
            problems.append(f"--grid {spec}: {path} is also fixed by --set "
                            f"{fixed_paths[path]}; give it one way only")
        elif any(path == p for p, _ in axes):
            problems.append(f"--grid {spec}: {path} is already varied by another --grid")
        else:
            axes.append((path, values))
    if problems:
        raise GridError(problems)
    n_cells = math.prod(len(vals) for _, vals in axes)
    if n_cells > limits.MAX_CELLS:
        sizes = " × ".join(str(len(vals)) for _, vals in axes)
        raise GridError([f"--grid: {sizes} values make {n_cells:,} grid cells; a sweep may "
                         f"have at most {limits.MAX_CELLS:,}"])
    fixed_t = tuple(s.strip() for s in fixed)
    cells = []
    for i, combo in enumerate(itertools.product(*(vals for _, vals in axes))):
        chosen = tuple((path, v) for (path, _), v in zip(axes, combo))
        cells.append(Cell(i, chosen, fixed_t + tuple(f"{p}={v}" for p, v in chosen)))
    return cells


def load_cells(text: str, source: str, fixed: list[str] | tuple[str, ...],
               cells: list[Cell]) -> list[Scenario]:
    """Check the fixed overrides, then every cell's, exactly as ``whales run --set`` would,
    and return each cell's scenario.

    Raises :class:`GridError` with every problem, one line each; a problem repeated across
    cells is reported once, with the first cell that shows it.
    """
    try:
        base = parse_scenario(text, source, list(fixed))
    except ScenarioError as e:
        raise GridError(e.lines()) from None
    out: list[str] = []
    seen: set[str] = set()
    scenarios = []
    for cell in cells:
        if not cell.values:
            scenarios.append(base)
            continue
        try:
            scenarios.append(parse_scenario(text, source, list(cell.overrides)))
        except ScenarioError as e:
            for p in e.problems:
                msg = str(p)
                if msg not in seen:
                    seen.add(msg)
                    out.append(f"{msg} (grid cell {cell.index}: {cell.label()})")
    if out:
        raise GridError(out)
    return scenarios
