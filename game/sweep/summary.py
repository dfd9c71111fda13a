"""summary.json: per grid cell, the spread of every score and key indicator."""
from __future__ import annotations

from .results import Table, check_col
from .stats import describe, wilson

CONVENTIONS = {
    "sd": "sample standard deviation (divisor n - 1)",
    "ci95": "95% confidence interval of the mean: Student t, mean ± t(0.975, n-1)·sd/√n",
    "percentiles": "p10/p50/p90 by linear interpolation between sorted values (numpy default)",
    "p_war": "share of games ending in war; ci95 is the Wilson score interval",
    "scores": "0..100 from each state's own objectives; every state scores 0 in a war",
    "checks": "share of games in which each story check held, with its 95% Wilson score "
              "interval; in_band: the share lies within the check's expected band (none "
              "when it has none); clearly_out: the whole interval lies outside the band",
}


def check_rate(holds: int, n: int, expect: list[float] | None) -> dict:
    """One check's rate in one cell: k of n, p, Wilson interval, and how it sits in its
    expected band."""
    lo, hi = wilson(holds, n)
    p = holds / n
    out: dict = {"holds": holds, "n": n, "p": round(p, 6), "ci95": [round(lo, 6), round(hi, 6)],
                 "expect": expect, "in_band": None, "clearly_out": None}
    if expect is not None:
        out["in_band"] = expect[0] <= p <= expect[1]
        out["clearly_out"] = hi < expect[0] or lo > expect[1]
    return out


def checks_summary(games: Table, rows: list[list[str]], checks: list[dict]) -> dict:
    """Each story check's rate over ``rows`` (a cell's games), by check id."""
    out = {}
    for c in checks:
        col = check_col(c["id"])
        if col not in games.header or not rows:
            continue
        holds = int(sum(games.col(col, rows)))
        out[c["id"]] = {"claim": c["claim"], "test": c["test"],
                        **check_rate(holds, len(rows), c.get("expect"))}
    return out


def cell_summary(games: Table, cell: dict, metrics: list[str],
                 checks: list[dict] | None = None) -> dict:
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
    if checks:
        out["checks"] = checks_summary(games, rows, checks)
    return out


def summarize(games: Table, cells: list[dict], metrics: list[str], spec: dict) -> dict:
    """The whole summary.json document."""
    return {
        "scenario": spec.get("scenario", {}),
        "runs_per_cell": spec.get("runs"), "seeds": spec.get("seeds"),
        "turns": spec.get("turns"),
        "conventions": CONVENTIONS,
        "checks": spec.get("checks", []),
        "cells": [cell_summary(games, c, metrics, spec.get("checks")) for c in cells],
    }
