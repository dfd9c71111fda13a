"""Comparing two sweeps, or two grid cells of one sweep: B − A per score and indicator
(difference of means, Welch interval), and per story check (difference of the two rates,
Newcombe's interval)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..engine import limits
from .results import CHECK_PREFIX, GAMES, SCORE_COLS, SPEC, Table, check_columns, check_rows, \
    load_table, read_spec
from .stats import Difference, ProportionDifference, newcombe, welch

WAR = "war (%)"          # the war outcome as a 0/100 variable: its mean is P(war) in percent
METHODS = {WAR: "newcombe"}      # every other row: "welch"
INTERVALS = ("B − A with 95% intervals: Newcombe's hybrid score interval for the war rate "
             "(a difference of two proportions), Welch's t interval for the means; "
             "clear when the interval excludes 0")


class CompareError(ValueError):
    """A folder that is not a sweep, or a cell it does not have."""


@dataclass
class Side:
    """One side of a comparison: a sweep folder's games of one cell."""

    folder: Path
    cell: int
    label: str
    scenario_hash: str | None
    columns: dict[str, list[float]]
    checks: dict[str, tuple[int, int]] = field(default_factory=dict)   # id: (held, games)
    claims: dict[str, str] = field(default_factory=dict)
    players: dict[str, str] | None = None   # state: seat string; None: a sweep from before

    @property
    def n(self) -> int:
        return len(next(iter(self.columns.values()), []))

    def name(self) -> str:
        return f"{self.folder} cell {self.cell} ({self.label})"


@dataclass
class Comparison:
    a: Side
    b: Side
    rows: list[tuple[str, Difference]]
    notes: list[str] = field(default_factory=list)
    check_rows: list[tuple[str, ProportionDifference]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"a": {"folder": str(self.a.folder), "cell": self.a.cell,
                      "label": self.a.label, "n": self.a.n, "players": self.a.players},
                "b": {"folder": str(self.b.folder), "cell": self.b.cell,
                      "label": self.b.label, "n": self.b.n, "players": self.b.players},
                "difference": INTERVALS,
                "metrics": {m: {**d.to_dict(), "interval": METHODS.get(m, "welch")}
                            for m, d in self.rows},
                "checks_difference": "rate B - rate A (shares of games, 0..1), 95% Newcombe "
                                     "hybrid score interval; clear when it excludes 0",
                "checks": {c: {"claim": self.b.claims.get(c, self.a.claims.get(c, "")),
                               **d.to_dict()} for c, d in self.check_rows},
                "notes": self.notes}


def _spec(folder: Path) -> dict:
    if not (folder / GAMES).exists() and not (folder / GAMES).is_symlink():
        raise CompareError(f"{folder}: no {GAMES} here; expected a folder written by "
                           f"`whales sweep --out`")
    try:
        return read_spec(folder / SPEC) if (folder / SPEC).exists() else {}
    except OSError as e:
        raise CompareError(f"{folder / SPEC}: cannot read: {e.strerror or e}") from None
    except ValueError as e:
        raise CompareError(str(e)) from None


def cell_labels(folder: Path) -> dict[int, str]:
    spec = _spec(folder)
    return {c["cell"]: c.get("label", "") for c in spec.get("cells", [])}


def metric_columns(table: Table) -> list[str]:
    """Scores and key indicators (the numeric columns between final_turn and digest)."""
    h = table.header
    return [c for c in h[h.index("final_turn") + 1:h.index("digest")]]


def _plan_of(spec: dict) -> Callable[[int], tuple[int, int] | None] | None:
    """run id -> (cell, seed) as the sweep described by sweep.json numbers its games (None
    without a sweep.json that says)."""
    runs, start, cells = spec.get("runs"), spec.get("seed_start"), spec.get("cells")
    if type(runs) is not int or type(start) is not int or not isinstance(cells, list) \
            or runs < 1:
        return None
    total = runs * max(len(cells), 1)

    def plan(run: int) -> tuple[int, int] | None:
        return (run // runs, start + run % runs) if 0 <= run < total else None
    return plan


def load_side(folder: Path, cell: int) -> Side:
    spec = _spec(folder)
    path = folder / GAMES
    try:
        table = load_table(path, cut_ok=False, limit=limits.MAX_GAMES_TABLE_BYTES)
        check_rows(path, table.header, table.rows, table.lines, _plan_of(spec))
        cols = metric_columns(table)
        rows = table.where("cell", str(cell))
        if not table.rows:
            raise CompareError(f"{path}: no games in it yet (only its header line)")
        if not rows:
            have = sorted({r[1] for r in table.rows}, key=lambda c: (len(c), c))
            raise CompareError(f"{folder}: no games in cell {cell}; cells: {', '.join(have)}")
        columns = {m: table.col(m, rows) for m in cols}
        columns[WAR] = [100.0 * x for x in table.col("war", rows)]
        columns["final_turn"] = table.col("final_turn", rows)
        checks = {c[len(CHECK_PREFIX):]: (int(sum(table.col(c, rows))), len(rows))
                  for c in check_columns(table.header)}
    except OSError as e:
        raise CompareError(f"{path}: cannot read: {e.strerror or e}") from None
    except MemoryError:
        raise CompareError(f"{path}: too large to read into this machine's memory") from None
    except CompareError:
        raise
    except ValueError as e:
        if str(e).startswith(f"{path}: "):          # it names the file and the place
            raise CompareError(str(e)) from None
        raise CompareError(f"{path}: not a sweep's games table: {e}") from None
    except (KeyError, IndexError) as e:
        what = f"no column {e}" if isinstance(e, KeyError) else str(e).removeprefix(f"{path}: ")
        raise CompareError(f"{path}: not a sweep's games table: {what}") from None
    labels = {c["cell"]: c.get("label", "") for c in spec.get("cells", [])}
    claims = {c.get("id", ""): c.get("claim", "") for c in spec.get("checks", [])
              if isinstance(c, dict)}
    players = spec.get("players")
    if not (isinstance(players, dict) and all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in players.items())):
        players = None
    return Side(folder, cell, labels.get(cell, ""), spec.get("scenario", {}).get("hash"),
                columns, checks, claims, players)


def players_note(a: Side, b: Side) -> str | None:
    """What the reader must know when the two sides' computer players were not seated alike
    (a difference then measures the players as much as the scenario): None when they were."""
    if a.players is None and b.players is None:
        return None
    if a.players is None or b.players is None:
        old = "A" if a.players is None else "B"
        return (f"{old}'s sweep.json does not say how its seats were played (a sweep from "
                f"before --level: every seat at that day's default level, greedy)")
    differ = [f"{k} {a.players.get(k, '-')} (A) vs {b.players.get(k, '-')} (B)"
              for k in sorted(set(a.players) | set(b.players), key=_order)
              if a.players.get(k) != b.players.get(k)]
    if not differ:
        return None
    return "the computer players were seated differently: " + "; ".join(differ)


def _order(state: str) -> tuple[int, str]:
    from ..engine import ACTORS
    return (ACTORS.index(state) if state in ACTORS else len(ACTORS), state)


def war_difference(a: Side, b: Side) -> Difference:
    """The war rate's difference in percentage points, with Newcombe's hybrid score interval:
    an interval meant for proportions, which stays honest at 0 % or 100 % (where Welch's
    interval shrinks to nothing: 0 of 200 against 0 of 200 wars is not a certainty)."""
    ka, kb = (sum(1 for x in s.columns[WAR] if x > 0) for s in (a, b))
    p = newcombe(ka, a.n, kb, b.n)
    return Difference(100 * p.p_a, 100 * p.p_b, 100 * p.diff, 100 * p.lo, 100 * p.hi,
                      float("nan"), a.n, b.n)


def compare(a: Side, b: Side) -> Comparison:
    notes = []
    if a.scenario_hash and b.scenario_hash and a.scenario_hash != b.scenario_hash:
        notes.append("the two sweeps used different scenario files (hashes differ)")
    seated = players_note(a, b)
    if seated:
        notes.append(seated)
    if a.folder.resolve() == b.folder.resolve() and a.cell == b.cell:
        notes.append("comparing a cell with itself")
    if a.n < 2 or b.n < 2:
        raise CompareError(f"need at least two games on each side (A has {a.n}, B has {b.n})")
    order = [WAR, "final_turn"] + [m for m in a.columns if m not in (WAR, "final_turn")]
    rows = [(m, war_difference(a, b) if m == WAR else welch(a.columns[m], b.columns[m]))
            for m in order if m in b.columns]
    check_rows = [(c, newcombe(*a.checks[c], *b.checks[c])) for c in a.checks
                  if c in b.checks]
    only = sorted(set(a.checks) ^ set(b.checks))
    if only:
        notes.append(f"story checks on one side only (not compared): {', '.join(only)}")
    return Comparison(a, b, rows, notes, check_rows)


def format_table(c: Comparison) -> str:
    lines = [f"A: {c.a.name()}, n={c.a.n}", f"B: {c.b.name()}, n={c.b.n}",
             "Difference B − A with its 95% interval (war: Newcombe's score interval for "
             "proportions; the rest: Welch's for means); * = clear (the interval excludes 0)",
             ""]
    lines.append(f"{'':2}{'metric':<24}{'mean A':>9}{'mean B':>9}{'B − A':>9}   95% CI")
    for m, d in c.rows:
        flag = "* " if d.clear else "  "
        lines.append(f"{flag}{m:<24}{d.mean_a:9.2f}{d.mean_b:9.2f}{d.diff:+9.2f}   "
                     f"[{d.lo:+.2f}, {d.hi:+.2f}]")
    clear = sum(d.clear for _, d in c.rows)
    if c.check_rows:
        lines.append("")
        lines.append("Story checks: share of games in which each held, B − A in percentage "
                     "points with its 95% Newcombe interval")
        lines.append(f"{'':2}{'check':<24}{'rate A':>9}{'rate B':>9}{'B − A':>9}   95% CI")
        for cid, pd in c.check_rows:
            flag = "* " if pd.clear else "  "
            lines.append(f"{flag}{cid:<24}{100 * pd.p_a:8.1f}%{100 * pd.p_b:8.1f}%"
                         f"{100 * pd.diff:+9.1f}   [{100 * pd.lo:+.1f}, {100 * pd.hi:+.1f}]")
        clear += sum(d.clear for _, d in c.check_rows)
    lines.append("")
    lines.append(f"{clear} of {len(c.rows) + len(c.check_rows)} differences are clear.")
    lines.extend(f"note: {n}" for n in c.notes)
    return "\n".join(lines)


def default_png(a: Side, b: Side) -> Path:
    if a.folder.resolve() == b.folder.resolve():
        return b.folder / f"compare-cell{b.cell}-vs-cell{a.cell}.png"
    tag = re.sub(r"[^A-Za-z0-9_.-]+", "_", a.folder.resolve().name) or "a"
    return b.folder / f"compare-cell{b.cell}-vs-{tag}-cell{a.cell}.png"


__all__ = ["SCORE_COLS", "CompareError", "Comparison", "Side", "compare", "load_side"]
