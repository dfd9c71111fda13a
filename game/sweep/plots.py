"""Sweep plots (matplotlib, Agg backend, PNG): score distributions, indicators over turns,
and the comparison chart. Okabe-Ito colours, with markers/line styles so no plot relies on
colour alone."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..engine import ACTORS  # noqa: E402
from .results import SCORE_COLS, Table  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]
LINESTYLES = ["-", "--", "-.", ":"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
NAMES = {"us": "United States", "russia": "Russia", "china": "China",
         "dprk": "North Korea", "rok": "South Korea", "japan": "Japan"}
LABELS = {
    "track.tension": "Tension", "track.un_sanctions": "UN sanctions regime",
    "track.talks": "Nuclear talks", "track.ukraine": "Ukraine crisis",
    "dprk.nuclear": "DPRK nuclear programme", "dprk.economy": "DPRK economy",
    "dprk.hard_currency": "DPRK hard currency", "dprk.fuel": "DPRK fuel stocks",
    "dprk.stability": "DPRK stability", "russia.far_east": "Russian Far East development",
    "japan.kurils": "Kuril Islands settlement", "war (%)": "War (percentage points)",
    "final_turn": "Final turn",
}
MAX_CELL_PLOTS = 12
STYLE: dict[RcKeyType, Any] = {"font.size": 13, "axes.titlesize": 15, "axes.labelsize": 13, "legend.fontsize": 12,
         "xtick.labelsize": 12, "ytick.labelsize": 12, "figure.titlesize": 17,
         "axes.grid": True, "grid.alpha": 0.3}


def pretty(metric: str) -> str:
    """A readable name for a column: 'score.dprk' → 'Score: North Korea'."""
    if metric in LABELS:
        return LABELS[metric]
    kind, _, rest = metric.partition(".")
    if kind == "score":
        return f"Score: {NAMES.get(rest, rest)}"
    if kind == "influence":
        return f"Influence over Pyongyang: {NAMES.get(rest, rest)}"
    if kind == "alliance":
        a, _, b = rest.partition("-")
        short = {"us": "US", "rok": "ROK", "japan": "Japan", "china": "China", "dprk": "DPRK",
                 "russia": "Russia"}
        return f"{short.get(a, a)}–{short.get(b, b)} alliance cohesion"
    if kind == "enforcement":
        return f"Sanctions enforcement: {NAMES.get(rest, rest)}"
    return metric


def _save(fig, path: Path) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.png")
    fig.savefig(tmp, dpi=100)
    plt.close(fig)
    os.replace(tmp, path)
    return path


def _wrap(s: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(s, width)) or s


# ------------------------------------------------------------------ final scores
def scores_plot(games: Table, spec: dict, summary: dict, path: Path) -> Path:
    """One panel per state: the distribution of final scores in each grid cell."""
    cells = [c for c in summary["cells"] if c["n"]]
    title = spec.get("scenario", {}).get("title", "")
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(2, 3, figsize=(15, 9.5))
        for ax, actor, col in zip(axes.flat, ACTORS, SCORE_COLS):
            data = [games.col(col, games.where("cell", str(c["cell"]))) for c in cells]
            pos = np.arange(1, len(cells) + 1)
            bp = ax.boxplot(data, positions=pos, whis=(10, 90), showfliers=False,
                            showmeans=True, widths=0.6, patch_artist=True,
                            medianprops={"color": "black", "linewidth": 2},
                            meanprops={"marker": "D", "markerfacecolor": "white",
                                       "markeredgecolor": "black", "markersize": 7})
            for i, box in enumerate(bp["boxes"]):
                box.set_facecolor(OKABE_ITO[i % len(OKABE_ITO)])
                box.set_alpha(0.85)
                box.set_hatch(["", "//", "..", "xx", "\\\\", "oo", "--", "++"][i % 8])
            ax.set_title(NAMES[actor])
            ax.set_xticks(pos, [f"cell {c['cell']}" for c in cells] if len(cells) > 1
                          else ["all games"])
            ax.set_ylabel("final score (0–100)")
            ax.margins(y=0.15)
        n = cells[0]["n"] if cells else 0
        fig.suptitle(f"Final scores by state — {title} — {n} games per cell\n"
                     f"box: middle half of games; line: median; whiskers: 10th–90th "
                     f"percentile; ◇: mean.\nA war scores 0 for every state (y-axes differ "
                     f"between panels).", fontsize=15)
        if len(cells) > 1:
            handles = [plt.Rectangle((0, 0), 1, 1, facecolor=OKABE_ITO[i % 8],
                                     hatch=["", "//", "..", "xx", "\\\\", "oo", "--", "++"][i % 8])
                       for i in range(len(cells))]
            labels = [f"cell {c['cell']}: {c['label']} (P(war) {100 * c['p_war']['p']:.0f}%)"
                      for c in cells]
            fig.legend(handles, labels, loc="lower center", ncol=min(2, len(cells)),
                       frameon=False)
            fig.tight_layout(rect=(0, 0.04 + 0.035 * ((len(cells) + 1) // 2), 1, 1))
        else:
            c = cells[0] if cells else None
            if c:
                fig.text(0.5, 0.01, f"P(war) {100 * c['p_war']['p']:.1f}% "
                         f"(95% CI {100 * c['p_war']['ci95'][0]:.1f}–"
                         f"{100 * c['p_war']['ci95'][1]:.1f}%)", ha="center")
            fig.tight_layout(rect=(0, 0.04, 1, 1))
        return _save(fig, path)


# ------------------------------------------------------------------ over turns
def series_matrix(turns: Table, cell: int, key: str) -> np.ndarray:
    """games × turns for one cell and key; a game that ended early (war) keeps its last
    value for the remaining turns."""
    ri, ti, ki = turns.index("run"), turns.index("turn"), turns.index(key)
    by_run: dict[str, dict[int, float]] = {}
    for r in turns.where("cell", str(cell)):
        by_run.setdefault(r[ri], {})[int(r[ti])] = float(r[ki])
    if not by_run:
        return np.zeros((0, 0))
    last = max(max(d) for d in by_run.values())
    mat = np.empty((len(by_run), last + 1))
    for i, d in enumerate(by_run.values()):
        v = d[0]
        for t in range(last + 1):
            v = d.get(t, v)
            mat[i, t] = v
    return mat


def _band(ax, mat: np.ndarray, colour: str, label: str, style: str = "-",
          marker: str | None = None, band_label: str | None = None) -> None:
    x = np.arange(mat.shape[1])
    p10, p50, p90 = np.percentile(mat, [10, 50, 90], axis=0)
    ax.fill_between(x, p10, p90, color=colour, alpha=0.2, linewidth=0, label=band_label)
    ax.plot(x, p50, color=colour, linestyle=style, linewidth=2.5, label=label,
            marker=marker, markersize=5, markevery=max(1, len(x) // 8))


def _turn_axis(ax, spec: dict) -> None:
    months = spec.get("scenario", {}).get("turn_months", 1)
    ax.set_xlabel(f"turn (0 = start; 1 turn = {months} month{'s' if months != 1 else ''})")
    ax.set_ylabel("index (0–100)")


def turns_plot(turns: Table, spec: dict, cell: dict, path: Path) -> Path:
    """Median and 10–90% band over turns: tension, DPRK nuclear and economy, influence."""
    sc = spec.get("scenario", {})
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(2, 2, figsize=(14, 9.5))
        panels = [("track.tension", "Tension"), ("dprk.nuclear", "DPRK nuclear programme"),
                  ("dprk.economy", "DPRK economy")]
        for ax, (key, name) in zip(axes.flat, panels):
            if key in turns.header:
                _band(ax, series_matrix(turns, cell["cell"], key), OKABE_ITO[0],
                      "median of games", band_label="10–90% of games")
            ax.set_title(name)
            _turn_axis(ax, spec)
            if key == "track.tension" and sc.get("war_at") is not None:
                ax.axhline(sc["war_at"], color=OKABE_ITO[5], linestyle="--", linewidth=2,
                           label=f"war at {sc['war_at']:g}")
            ax.legend(loc="best")
        ax = axes.flat[3]
        for i, a in enumerate(("china", "russia", "us")):
            key = f"influence.{a}"
            if key in turns.header:
                _band(ax, series_matrix(turns, cell["cell"], key), OKABE_ITO[i + 1],
                      NAMES[a], LINESTYLES[i], MARKERS[i])
        ax.set_title("Influence over Pyongyang")
        _turn_axis(ax, spec)
        ax.legend(loc="best", title="median of games")
        label = "" if cell["label"] == "all games" else f" — cell {cell['cell']}: {cell['label']}"
        fig.suptitle(f"{sc.get('title', '')}{label}\nmedian (line) and 10–90% of {cell['n']} "
                     f"games (shaded); games ended by war keep their last value")
        fig.tight_layout()
        return _save(fig, path)


def cells_turns_plot(turns: Table, games: Table, spec: dict, cells: list[dict],
                     path: Path) -> Path:
    """Grid cells side by side over turns: medians of three indicators and P(war) by turn."""
    sc = spec.get("scenario", {})
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(2, 2, figsize=(14, 10))
        for ax, key in zip(axes.flat, ("track.tension", "dprk.nuclear", "dprk.economy")):
            for i, c in enumerate(cells):
                if key in turns.header:
                    mat = series_matrix(turns, c["cell"], key)
                    ax.plot(np.median(mat, axis=0), color=OKABE_ITO[i % 8], linewidth=2.5,
                            linestyle=LINESTYLES[i % 4], marker=MARKERS[i % 8],
                            markevery=max(1, mat.shape[1] // 8), label=f"cell {c['cell']}")
            ax.set_title(f"{pretty(key)} (median)")
            _turn_axis(ax, spec)
        ax = axes.flat[3]
        for i, c in enumerate(cells):
            rows = games.where("cell", str(c["cell"]))
            fin = games.col("final_turn", rows)
            war = games.col("war", rows)
            last = int(max(fin)) if fin else 0
            share = [100.0 * sum(1 for f, w in zip(fin, war) if w and f <= t) / len(rows)
                     for t in range(last + 1)]
            ax.step(range(last + 1), share, where="post", color=OKABE_ITO[i % 8],
                    linewidth=2.5, linestyle=LINESTYLES[i % 4], label=f"cell {c['cell']}")
        ax.set_title("Games at war by turn")
        _turn_axis(ax, spec)
        ax.set_ylabel("games at war (%)")
        ax.set_ylim(0, max(5.0, 1.15 * max((ln.get_ydata().max() for ln in ax.lines),
                                           default=0.0)))
        handles, _ = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, [f"cell {c['cell']}: {c['label']}" for c in cells],
                   loc="lower center", ncol=min(2, len(cells)), frameon=False)
        fig.suptitle(f"{sc.get('title', '')}: grid cells compared over turns "
                     f"({cells[0]['n']} games per cell)")
        fig.tight_layout(rect=(0, 0.03 + 0.035 * ((len(cells) + 1) // 2), 1, 1))
        return _save(fig, path)


def checks_plot(checks: list[dict], cells: list[dict], title: str, path: Path) -> Path:
    """Story checks: the share of games in which each held, per cell, with its 95% Wilson
    interval, over the check's expected band (shaded); a rate outside its band is marked."""
    n_cells = max(1, len(cells))
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(13, 2.8 + (0.5 + 0.28 * n_cells) * len(checks)))
        height = 0.8 / n_cells
        for i, c in enumerate(checks):
            y0 = len(checks) - 1 - i
            band = c.get("expect")
            if band is not None:
                ax.add_patch(plt.Rectangle((100 * band[0], y0 - 0.42), 100 * (band[1] - band[0]),
                                           0.84, color=OKABE_ITO[2], alpha=0.18, linewidth=0))
            for j, cell in enumerate(cells):
                r = cell.get("checks", {}).get(c["id"])
                if r is None:
                    continue
                y = y0 + 0.4 - height * (j + 0.5)
                out = r["in_band"] is False
                colour = OKABE_ITO[5] if out else OKABE_ITO[j % 8 if j else 0]
                p, lo, hi = 100 * r["p"], 100 * r["ci95"][0], 100 * r["ci95"][1]
                ax.errorbar(p, y, xerr=[[p - lo], [hi - p]], fmt=MARKERS[j % 8], color=colour,
                            ecolor=colour, elinewidth=2.5, capsize=4, markersize=8,
                            markerfacecolor="white" if out else colour,
                            label=f"cell {cell['cell']}: {cell['label']}" if i == 0 else None)
        ax.set_yticks(range(len(checks))[::-1],
                      [_wrap(f"{'✱ ' if any((cl.get('checks', {}).get(c['id']) or {}).get('in_band') is False for cl in cells) else ''}"
                             f"{c['id']}: {c['claim']}", 48) for c in checks])
        ax.set_xlim(-2, 102)
        ax.set_ylim(-0.6, len(checks) - 0.4)
        ax.set_xlabel("games in which the check held (%), with its 95% Wilson interval")
        handles, labels = ax.get_legend_handles_labels()
        handles.append(plt.Rectangle((0, 0), 1, 1, color=OKABE_ITO[2], alpha=0.18))
        labels.append("expected band")
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.08 - 0.02 * n_cells),
                  ncol=2, frameon=False)
        ax.set_title(f"Story checks — {title}\n✱ / hollow marker: the rate lies outside the "
                     f"check's expected band", fontsize=15)
        fig.tight_layout()
        return _save(fig, path)


def sweep_plots(out: Path, games: Table, turns: Table, spec: dict, summary: dict
                ) -> list[Path]:
    """Every sweep plot; returns the files written."""
    cells = [c for c in summary["cells"] if c["n"]]
    paths = [scores_plot(games, spec, summary, out / "scores.png")]
    if summary.get("checks"):
        paths.append(checks_plot(summary["checks"], cells[:8],
                                 spec.get("scenario", {}).get("title", ""), out / "checks.png"))
    for c in cells[:MAX_CELL_PLOTS]:
        name = "turns.png" if len(cells) == 1 else f"turns-cell{c['cell']}.png"
        paths.append(turns_plot(turns, spec, c, out / name))
    if len(cells) > 1:
        paths.append(cells_turns_plot(turns, games, spec, cells[:8], out / "turns-cells.png"))
    return paths


# ------------------------------------------------------------------ comparison
class _Points:
    """A difference of two rates (0..1) drawn in percentage points."""

    def __init__(self, d: Any) -> None:
        self.diff, self.lo, self.hi, self.clear = 100 * d.diff, 100 * d.lo, 100 * d.hi, d.clear


def compare_plot(result, path: Path) -> Path:
    """Forest plot: B − A with its 95% interval per metric; clear differences stand out."""
    rows: list[tuple[str, Any]] = [(pretty(m), d) for m, d in result.rows if m != "final_turn"]
    rows += [(f"Check: {cid}", _Points(d)) for cid, d in getattr(result, "check_rows", [])]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(13, 2.6 + 0.42 * len(rows)))
        y = np.arange(len(rows))[::-1]
        for yi, (m, d) in zip(y, rows):
            colour = OKABE_ITO[5] if d.clear else "#777777"
            ax.errorbar(d.diff, yi, xerr=[[d.diff - d.lo], [d.hi - d.diff]], fmt="o",
                        color=colour, ecolor=colour, elinewidth=2.5, capsize=5,
                        markersize=9, markerfacecolor=colour if d.clear else "white")
        ax.axvline(0, color="black", linewidth=1.2)
        ax.set_yticks(y, [f"{'✱ ' if d.clear else ''}{m}" for m, d in rows])
        ax.set_xlabel("difference of means, B − A (index points; war and story checks: "
                      "percentage points of games)")
        h1 = ax.errorbar([], [], xerr=[], fmt="o", color=OKABE_ITO[5], markersize=9)
        h2 = ax.errorbar([], [], xerr=[], fmt="o", color="#777777", markerfacecolor="white",
                         markersize=9)
        ax.legend([h1, h2], ["✱ clear: 95% CI excludes 0", "not clear"], loc="lower right")
        a, b = result.a, result.b
        ax.set_title(f"B − A with 95% intervals (war and story checks: Newcombe; means: Welch)\n"
                     f"A: {_wrap(f'cell {a.cell} ({a.label}), {a.folder.name}', 70)} "
                     f"(n={a.n})\nB: {_wrap(f'cell {b.cell} ({b.label}), {b.folder.name}', 70)}"
                     f" (n={b.n})", fontsize=14)
        fig.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        return _save(fig, path)


# ------------------------------------------------------------------ behaviour report
def _lever_plot(s: dict, path: Path) -> Path:
    """Levers used per game by each state (a heat map with the numbers written in)."""
    actors = list(s["actors"])
    levers = sorted({lv for b in s["actors"].values() for lv in b["levers"]})
    mat = np.array([[s["actors"][a]["levers"].get(lv, {}).get("per_game", 0.0)
                     for lv in levers] for a in actors])
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(max(12, 0.55 * len(levers) + 3), 6.5))
        im = ax.imshow(mat, cmap="cividis", aspect="auto")
        ax.set_xticks(range(len(levers)), levers, rotation=60, ha="right", fontsize=11)
        ax.set_yticks(range(len(actors)), [NAMES.get(a, a) for a in actors])
        ax.grid(False)
        top = mat.max() if mat.size else 0.0
        for i in range(len(actors)):
            for j in range(len(levers)):
                if mat[i, j] >= 0.05:
                    ax.text(j, i, f"{mat[i, j]:.1f}", ha="center", va="center", fontsize=10,
                            color="black" if mat[i, j] > 0.55 * top else "white")
        fig.colorbar(im, ax=ax, label="uses per game")
        ax.set_title(f"Levers used per game — {s['scenario']['title']} "
                     f"({s['runs']} games, default players)")
        fig.tight_layout()
        return _save(fig, path)


def _tension_plot(s: dict, path: Path) -> Path:
    pts = s["tension"]["per_turn"]
    x = [p["turn"] for p in pts]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(12, 6.5))
        ax.fill_between(x, [p["p10"] for p in pts], [p["p90"] for p in pts],
                        color=OKABE_ITO[0], alpha=0.2, linewidth=0, label="10–90% of games")
        ax.plot(x, [p["p50"] for p in pts], color=OKABE_ITO[0], linewidth=2.5, marker="o",
                label="median")
        ax.plot(x, [p["mean"] for p in pts], color=OKABE_ITO[1], linewidth=2, linestyle="--",
                marker="s", label="mean")
        ax.axhline(s["tension"]["war_at"], color=OKABE_ITO[5], linestyle=":", linewidth=2.5,
                   label=f"war at {s['tension']['war_at']:g}")
        ax.set_xlabel("turn (0 = start)")
        ax.set_ylabel("tension (0–100)")
        w = s["war"]
        ax.set_title(f"Tension — {s['scenario']['title']}\nwar in {100 * w['p']:.1f}% of "
                     f"{s['runs']} games (95% CI {100 * w['ci95'][0]:.1f}–"
                     f"{100 * w['ci95'][1]:.1f}%)")
        ax.legend(loc="best")
        fig.tight_layout()
        return _save(fig, path)


def _strength_plot(s: dict, baselines: list[str], path: Path) -> Path:
    """Forest plot: the default player minus each baseline, per state, 95% paired CIs."""
    rows = [(a, lvl, d) for a, per in s["strength"].items() for lvl, d in per.items()]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(12, 2.5 + 0.36 * len(rows)))
        y = np.arange(len(rows))[::-1]
        for yi, (a, lvl, d) in zip(y, rows):
            j = baselines.index(lvl) if lvl in baselines else 0
            colour = OKABE_ITO[j % 8]
            if d["identical"]:
                ax.plot(0, yi, marker="x", color="#777777", markersize=9)
                continue
            ax.errorbar(d["diff"], yi, xerr=[[d["diff"] - d["lo"]], [d["hi"] - d["diff"]]],
                        fmt=MARKERS[j % 8], color=colour, ecolor=colour, elinewidth=2.5,
                        capsize=4, markersize=8,
                        markerfacecolor=colour if d["clear"] else "white")
        ax.axvline(0, color="black", linewidth=1.2)
        ax.axvline(5, color=OKABE_ITO[2], linewidth=1.5, linestyle="--",
                   label="+5 points (issue 9's goal against random and pass)")
        ax.set_yticks(y, [f"{NAMES.get(a, a)} vs {lvl}"
                          + (" (same player)" if d["identical"] else "")
                          for a, lvl, d in rows], fontsize=11)
        ax.set_xlabel("mean score difference, default player − baseline (same seeds; 95% "
                      "paired t CI)")
        ax.set_title(f"Strength — {s['scenario']['title']} ({s['runs']} paired games per "
                     f"cell)\nhollow marker: the interval includes 0")
        ax.legend(loc="lower right")
        fig.tight_layout()
        return _save(fig, path)


def _indicators_plot(s: dict, path: Path) -> Path:
    """Start → end of each followed indicator: the start, the mean end and 10–90% of ends."""
    items = list(s["indicators"].items())
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(12, 2 + 0.34 * len(items)))
        y = np.arange(len(items))[::-1]
        for yi, (k, v) in zip(y, items):
            e = v["end"]
            ax.plot([e["p10"], e["p90"]], [yi, yi], color=OKABE_ITO[0], linewidth=5,
                    alpha=0.35, solid_capstyle="butt")
            ax.annotate("", xy=(e["mean"], yi), xytext=(v["start"], yi),
                        arrowprops={"arrowstyle": "->", "color": "black", "linewidth": 1.5})
            ax.plot(v["start"], yi, marker="o", color=OKABE_ITO[1], markersize=7)
        ax.set_yticks(y, [pretty(k) for k, _ in items], fontsize=10)
        ax.set_xlabel("value (● start, → mean end, bar: 10–90% of games' ends)")
        ax.set_title(f"Indicators, start → end — {s['scenario']['title']}")
        fig.tight_layout()
        return _save(fig, path)


def balance_plots(doc: dict, out: Path) -> list[Path]:
    """The behaviour report's plots, per scenario: levers, tension, strength, indicators
    and (when it has any) story checks. Returns the files written."""
    paths = []
    for s in doc["scenarios"]:
        name = s["scenario"]["name"]
        paths.append(_lever_plot(s, out / f"{name}-levers.png"))
        paths.append(_tension_plot(s, out / f"{name}-tension.png"))
        paths.append(_strength_plot(s, doc["baselines"], out / f"{name}-strength.png"))
        paths.append(_indicators_plot(s, out / f"{name}-indicators.png"))
        if s["checks"]:
            checks = [{"id": cid, "claim": c["claim"], "expect": c["expect"]}
                      for cid, c in s["checks"].items()]
            cell = {"cell": 0, "label": f"{s['runs']} games, default players",
                    "checks": s["checks"]}
            paths.append(checks_plot(checks, [cell], s["scenario"]["title"],
                                     out / f"{name}-checks.png"))
    return paths
