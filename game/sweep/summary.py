"""summary.json: per grid cell, the spread of every score and key indicator."""
from __future__ import annotations

from .results import Table
from .stats import describe, wilson

CONVENTIONS = {
    "sd": "sample standard deviation (divisor n - 1)",
    "ci95": "95% confidence interval of the mean: Student t, mean ± t(0.975, n-1)·sd/√n",
    "percentiles": "p10/p50/p90 by linear interpolation between sorted values (numpy default)",
    "p_war": "share of games ending in war; ci95 is the Wilson score interval",
    "scores": "0..100 from each state's own objectives; every state scores 0 in a war",
}


def cell_summary(games: Table, cell: dict, metrics: list[str]) -> dict:
    rows = games.where("cell", str(cell["cell"]))
    out = {"cell": cell["cell"], "label": cell.get("label", ""), "grid": cell.get("grid", {}),
           "overrides": cell.get("overrides", []), "n": len(rows)}
    if not rows:
        return out
    wars = int(sum(games.col("war", rows)))
    lo, hi = wilson(wars, len(rows))
    out["p_war"] = {"p": round(wars / len(rows), 6), "wars": wars,
                    "ci95": [round(lo, 6), round(hi, 6)]}
    out["final_turn"] = describe(games.col("final_turn", rows))
    out["metrics"] = {m: describe(games.col(m, rows)) for m in metrics}
    return out


def summarize(games: Table, cells: list[dict], metrics: list[str], spec: dict) -> dict:
    """The whole summary.json document."""
    return {
        "scenario": spec.get("scenario", {}),
        "runs_per_cell": spec.get("runs"), "seeds": spec.get("seeds"),
        "turns": spec.get("turns"),
        "conventions": CONVENTIONS,
        "cells": [cell_summary(games, c, metrics) for c in cells],
    }
