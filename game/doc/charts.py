"""Charts for printable documents, as PNG bytes (matplotlib, Agg, imported on first use).

Readable in black and white: every line has its own line style and marker and is labelled at
its end, not by colour alone; Okabe-Ito colours where colour is available."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (3, 1, 1, 1, 1, 1))]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]


def _plt() -> Any:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.size": 11, "axes.titlesize": 13, "axes.labelsize": 11,
                         "xtick.labelsize": 10, "ytick.labelsize": 10, "axes.grid": True,
                         "grid.alpha": 0.3, "svg.hashsalt": "whales"})
    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight",
                metadata={"Software": None})
    import matplotlib.pyplot as plt
    plt.close(fig)
    return buf.getvalue()


@dataclass
class Series:
    label: str
    values: list[float]


@dataclass
class Band:
    """A shaded stretch of the y axis with its name (a tension stage)."""

    label: str
    lo: float
    hi: float


@dataclass
class Mark:
    """A vertical marker at an x position (a teacher's action)."""

    x: float
    label: str


@dataclass
class LineChart:
    title: str
    x: list[int]
    series: list[Series]
    ylabel: str = ""
    xlabel: str = "Turn (0 = the start)"
    ylim: tuple[float, float] | None = None
    bands: list[Band] = field(default_factory=list)
    hline: tuple[float, str] | None = None
    marks: list[Mark] = field(default_factory=list)


def line_chart(c: LineChart, width: float = 7.2, height: float = 3.6) -> bytes:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(width, height))
    greys = ["#ffffff", "#f0f0f0"]
    for i, b in enumerate(c.bands):
        ax.axhspan(b.lo, b.hi, color=greys[i % 2], zorder=0, lw=0)
        ax.text(1.005, (b.lo + b.hi) / 2, b.label, transform=ax.get_yaxis_transform(),
                va="center", ha="left", fontsize=8, color="#555")
    if c.hline is not None:
        ax.axhline(c.hline[0], color="#000", lw=2, ls="-")
        ax.text(c.x[-1] if c.x else 0, c.hline[0], c.hline[1] + " ", va="top", ha="right",
                fontsize=9, fontweight="bold")
    for m in c.marks:
        ax.axvline(m.x, color="#7a4a00", lw=1.2, ls=(0, (2, 2)))
        ax.text(m.x, 1.0, m.label, transform=ax.get_xaxis_transform(), rotation=90,
                va="top", ha="right", fontsize=8, color="#7a4a00")
    ends: list[list[Any]] = []
    for i, s in enumerate(c.series):
        xs = c.x[:len(s.values)]
        ax.plot(xs, s.values, color=OKABE_ITO[i % len(OKABE_ITO)],
                ls=LINESTYLES[i % len(LINESTYLES)], marker=MARKERS[i % len(MARKERS)],
                markersize=4 if len(xs) > 12 else 5, lw=1.8, label=s.label)
        if xs:
            ends.append([s.values[-1], s.label, OKABE_ITO[i % len(OKABE_ITO)], xs[-1]])
    # labels at the line ends, spread so they do not overlap
    if len(ends) > 1:                  # one line needs no label: the title names it
        lo, hi = c.ylim or ax.get_ylim()
        gap = (hi - lo) * 0.055
        ends.sort(key=lambda e: e[0])
        real = [e[0] for e in ends]
        for k in range(1, len(ends)):
            if ends[k][0] - ends[k - 1][0] < gap:
                ends[k][0] = ends[k - 1][0] + gap
        shift = sum(r - e[0] for r, e in zip(real, ends)) / len(ends)   # keep them centred
        for e in ends:
            e[0] += shift
        for y, label, colour, x in ends:
            ax.annotate(label, (x, y), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=9, color=colour, fontweight="bold",
                        annotation_clip=False)
    ax.set_title(c.title, loc="left")
    ax.set_xlabel(c.xlabel)
    if c.ylabel:
        ax.set_ylabel(c.ylabel)
    if c.ylim:
        ax.set_ylim(*c.ylim)
    if c.x:
        ax.set_xlim(c.x[0], c.x[-1] + max(1, len(c.x)) * 0.02 if len(c.x) > 1 else c.x[0] + 1)
        step = 1 if len(c.x) <= 17 else 2
        ax.set_xticks(c.x[::step])
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(right=0.8)
    return _png(fig)


@dataclass
class Spread:
    """One row of a strip chart: many results (the computer's) and one marked result."""

    label: str
    values: list[float]
    mean: float
    marked: float | None
    low: float
    high: float


def strip_chart(rows: list[Spread], title: str, xlabel: str, marked_label: str,
                spread_label: str, width: float = 7.2) -> bytes:
    """Each row: the spread of ``values`` (small grey dots, the 10th–90th percentile as a bar,
    the mean as a tick) and ``marked`` as a large black diamond."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(width, 0.4 * len(rows) + 1.1))
    n = len(rows)
    for i, r in enumerate(rows):
        y = n - 1 - i
        k = len(r.values)
        offs = [((j * 7919) % 13 - 6) / 40 for j in range(k)]   # fixed jitter, not random
        ax.scatter(r.values, [y + o for o in offs], s=10, color="#999", zorder=2,
                   label=spread_label if i == 0 else None)
        ax.plot([r.low, r.high], [y, y], color="#333", lw=5, alpha=0.35, solid_capstyle="butt",
                zorder=1)
        ax.plot([r.mean, r.mean], [y - 0.3, y + 0.3], color="#000", lw=2, zorder=3,
                label="computer's mean" if i == 0 else None)
        if r.marked is not None:
            ax.scatter([r.marked], [y], s=90, marker="D", color="#000", edgecolor="#fff",
                       zorder=4, label=marked_label if i == 0 else None)
    ax.set_yticks(range(n))
    ax.set_yticklabels([r.label for r in reversed(rows)])
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="y", visible=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.6 / max(n, 1)), ncol=3,
              frameon=False, fontsize=9)
    return _png(fig)
