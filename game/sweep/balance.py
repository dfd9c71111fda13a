"""The behaviour report (``whales balance``): what the computer players do over a sweep of
all-computer games, how strong they are, and how often the story checks hold.

Every game is played by the sweep machinery (:func:`runner.execute` over :class:`Chunk`\\ s,
on local processes): one *cell* is a way of seating the six states, and every cell plays the
same seeds, so cells are paired game by game (the same seed, one seat's player swapped).

Cells of one scenario:

``default``            every seat at the default level: the behaviour report and the checks
``SEAT@LEVEL``         one seat at a baseline level (``random``, ``pass``, and ``greedy``
                       while the default is another level), the five others at the default:
                       the strength table
``SEAT@spam-denounce`` one seat denouncing every other state every turn: the denunciation
                       exploit's war rate

The report (:func:`report`, the JSON ``whales balance --json`` prints; ``version`` says
which shape it is) holds per scenario:

``scenario``, ``runs``, ``seeds``, ``default_level``, ``seconds``, ``games``
``war``                  default cell: ``p``, ``wars``, ``ci95`` (Wilson), ``final_turn``
``tension``              ``per_turn`` (turn, mean, p10, p50, p90), ``max`` (per game:
                         describe) and ``war_at``
``scores``               per state: describe() of the final score
``actors``               per state: ``orders_per_turn``, ``pass_turns`` (share of turns
                         with no order), ``levers`` (per lever: ``per_game``, ``games``
                         share of games using it, ``targets`` per target per game),
                         ``repeat_rate`` (share of orders repeating a lever and target of
                         the turn before), ``same_as_last_turn`` (share of turns whose
                         orders equal the turn before's), ``cycle_rate`` (share of turns
                         whose orders equal those of two turns before but not the last
                         turn's: A-B-A), ``variety`` (``modal_share``: per turn, the share
                         of seeds giving the most common orders, averaged over turns;
                         ``distinct_per_turn``), ``unused_levers``
``meetings``             per pair ``a-b``: meetings held per game
``invitations``          per ``proposer>invitee``: invited, meetings, rebuffed, lapsed
                         per game
``resolutions``          per proposer: tabled, passed, vetoed per game; ``vetoes_by``:
                         vetoes cast per game by each state
``covert``               per ``actor:lever:target``: operations and exposures per game,
                         ``exposed_by``
``projects``             per ``builder:kind``: started, building, completed, shelved per game
``indicators``           per state key (every objective key, every track, the DPRK's
                         indicators, influence, alliances): ``start``, ``end`` (describe),
                         ``change`` (mean end − start)
``checks``               per check: claim, test, source, holds, n, p, ci95 (Wilson),
                         expect, in_band, clearly_out
``strength``             per state per baseline level: ``diff`` (mean score of the default
                         player − the baseline's, on the same seeds), ``lo``/``hi`` (95%
                         paired t interval), ``mean_default``, ``mean_baseline``, ``n``,
                         ``clear`` (the interval excludes 0) and ``identical`` (the
                         baseline is the default level: the games are the same)
``exploit``              per state: the war rate (Wilson) and mean final turn when that
                         state denounces every other state every turn

and, with two or more scenarios, ``across_scenarios``: per state, the share of (seed, turn)
pairs in which it gives identical orders in each pair of scenarios.
"""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ..engine import (ACTORS, DEFAULT_LEVEL, Check, Rules, check_source, checks_json,
                      describe_check, state_keys)
from .runner import default_chunk_size, execute
from .stats import describe, mean, paired, percentile, wilson
from .summary import check_rate
from .worker import Chunk, GameRow

REPORT_VERSION = 1
BASELINES = ("random", "pass", "greedy")
"""The levels each seat's default player is measured against."""
EXPLOIT = "spam-denounce"
"""The denunciation exploit (issue 9): one seat denouncing every other state every turn."""
DEFAULT_RUNS = 60


@dataclass(frozen=True)
class CellSpec:
    """One way of seating the states: ``seats`` (state, seat string) differ from default."""

    name: str
    seats: tuple[tuple[str, str], ...] = ()
    kind: str = "default"           # default | strength | exploit
    seat: str | None = None
    level: str | None = None


def cells_for(default_level: str = DEFAULT_LEVEL, exploit: bool = True) -> list[CellSpec]:
    """The cells of one scenario's report, ``default`` first."""
    # a level other than the game's default is measured by seating every state at it
    base: dict[str, str] = {} if default_level == DEFAULT_LEVEL else {
        a: f"computer@{default_level}" for a in ACTORS}

    def seats(a: str | None = None, level: str | None = None) -> tuple[tuple[str, str], ...]:
        s = dict(base)
        if a is not None:
            s[a] = f"computer@{level}"
        return tuple(sorted(s.items()))

    out = [CellSpec("default", seats())]
    for a in ACTORS:
        for lvl in BASELINES:
            if lvl != default_level:
                out.append(CellSpec(f"{a}@{lvl}", seats(a, lvl), "strength", a, lvl))
    if exploit:
        for a in ACTORS:
            out.append(CellSpec(f"{a}@{EXPLOIT}", seats(a, EXPLOIT), "exploit", a, EXPLOIT))
    return out


@dataclass
class ScenarioPlan:
    """One scenario of the report: its text, rules, checks and the keys it follows."""

    path: str
    text: str
    rules: Rules
    overrides: tuple[str, ...]
    checks: list[Check]
    cells: list[CellSpec]
    keys: tuple[str, ...] = ()
    rows: dict[int, list[GameRow]] = field(default_factory=dict)
    seconds: float = 0.0

    def __post_init__(self) -> None:
        if not self.keys:
            self.keys = tracked_keys(self.rules)


def tracked_keys(rules: Rules) -> tuple[str, ...]:
    """The state keys whose start → end the report shows: every objective's key, every
    track, the DPRK's indicators, influence over Pyongyang, alliances; in a fixed order."""
    have = set(state_keys(rules.scenario))
    keys: list[str] = []
    for a in ACTORS:
        for key, *_ in rules.objectives[a]:
            keys.append(key)
    keys += sorted(k for k in have if k.startswith(("track.", "influence.", "alliance.")))
    keys += sorted(k for k in have if k.startswith("dprk.") and k != "dprk.capital")
    keys += sorted(k for k in have if k.endswith((".economy", ".stability", ".clout")))
    return tuple(dict.fromkeys(k for k in keys if k in have))


# ------------------------------------------------------------------ running
def chunks_for(plans: Sequence[ScenarioPlan], runs: int, seed_start: int, turns: int | None,
               workers: int) -> list[Chunk]:
    """Every game of every scenario's cells, in chunks; cell ids are ``1000 * scenario +
    cell`` (the same seeds in every cell)."""
    total = sum(len(p.cells) for p in plans) * runs
    size = default_chunk_size(total, max(1, workers))
    out = []
    for si, p in enumerate(plans):
        checks = checks_json(p.checks) if p.checks else ""
        for ci, cell in enumerate(p.cells):
            default = cell.kind == "default"
            todo = [(i, seed_start + i) for i in range(runs)]
            for k in range(0, runs, size):
                out.append(Chunk(p.text, p.path, 1000 * si + ci, p.overrides, turns,
                                 tuple(todo[k:k + size]),
                                 p.keys if default else (), ("track.tension",) if default else (),
                                 None, checks if default else "", cell.seats, default))
    return out


def play(plans: Sequence[ScenarioPlan], runs: int, seed_start: int = 0,
         turns: int | None = None, workers: int = 1,
         on_chunk: Callable[[int], object] | None = None) -> float:
    """Play every cell of every plan; rows land in each plan's ``rows`` by cell, sorted by
    seed. Returns the seconds taken."""
    t0 = time.perf_counter()
    chunks = chunks_for(plans, runs, seed_start, turns, workers)
    results = execute(chunks, workers)
    try:
        for rows in results:
            for r in rows:
                plans[r.cell // 1000].rows.setdefault(r.cell % 1000, []).append(r)
            if on_chunk is not None:
                on_chunk(len(rows))
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
    for p in plans:
        for rows in p.rows.values():
            rows.sort(key=lambda r: r.seed)
    return time.perf_counter() - t0


# ------------------------------------------------------------------ analysis
def _r(x: float, digits: int = 4) -> float:
    return round(x, digits)


def _per_game(counter: Counter, games: int) -> dict[str, float]:
    return {k: _r(v / games) for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))}


def _order_sets(rows: Sequence[GameRow], ai: int) -> list[list[frozenset]]:
    """Per game, per turn: the set of (lever, target, option) state ``ai`` ordered."""
    assert all(r.behaviour is not None for r in rows)
    return [[frozenset(turn[ai]) for turn in r.behaviour.orders] for r in rows]  # type: ignore[union-attr]


def actor_behaviour(rules: Rules, rows: Sequence[GameRow], actor: str) -> dict[str, Any]:
    ai = ACTORS.index(actor)
    games = len(rows)
    uses: Counter = Counter()
    used_in: Counter = Counter()
    targets: dict[str, Counter] = defaultdict(Counter)
    n_orders = n_turns = n_pass = 0
    repeats = repeat_base = same = same_base = cycles = cycle_base = 0
    sets = _order_sets(rows, ai)
    for r, game_sets in zip(rows, sets):
        seen_levers: set[str] = set()
        assert r.behaviour is not None
        for t, turn in enumerate(r.behaviour.orders):
            mine = turn[ai]
            n_turns += 1
            n_orders += len(mine)
            n_pass += not mine
            for lever, target, _ in mine:
                uses[lever] += 1
                targets[lever][target or "-"] += 1
                seen_levers.add(lever)
            if t >= 1:
                before = {(lv, tg) for lv, tg, _ in r.behaviour.orders[t - 1][ai]}
                for lever, target, _ in mine:
                    repeat_base += 1
                    repeats += (lever, target) in before
                if mine:
                    same_base += 1
                    same += game_sets[t] == game_sets[t - 1]
            if t >= 2 and mine:
                cycle_base += 1
                cycles += game_sets[t] == game_sets[t - 2] and game_sets[t] != game_sets[t - 1]
        for lv in seen_levers:
            used_in[lv] += 1
    # variety across seeds: per turn, the share of games giving the most common orders
    modal, distinct = [], []
    longest = max((len(s) for s in sets), default=0)
    for t in range(longest):
        at = [s[t] for s in sets if len(s) > t]
        if len(at) < 2:
            continue
        c = Counter(at)
        modal.append(c.most_common(1)[0][1] / len(at))
        distinct.append(len(c))
    available = sorted({o.lever for o, _, _ in rules.candidates(actor)})
    return {
        "orders_per_turn": _r(n_orders / max(1, n_turns)),
        "pass_turns": _r(n_pass / max(1, n_turns)),
        "levers": {lv: {"per_game": _r(n / games), "games": _r(used_in[lv] / games),
                        "targets": _per_game(targets[lv], games)}
                   for lv, n in sorted(uses.items(), key=lambda kv: (-kv[1], kv[0]))},
        "repeat_rate": _r(repeats / repeat_base) if repeat_base else None,
        "same_as_last_turn": _r(same / same_base) if same_base else None,
        "cycle_rate": _r(cycles / cycle_base) if cycle_base else None,
        "variety": {"modal_share": _r(mean(modal)) if modal else None,
                    "distinct_per_turn": _r(mean(distinct)) if distinct else None},
        "unused_levers": [lv for lv in available if lv not in uses],
    }


def _pair(a: str | None, b: str | None) -> str:
    x, y = sorted((a or "-", b or "-"), key=lambda s: ACTORS.index(s) if s in ACTORS else 9)
    return f"{x}-{y}"


def facts_report(rows: Sequence[GameRow]) -> dict[str, Any]:
    """Meetings, invitations, resolutions, covert operations and projects, per game."""
    games = len(rows)
    meetings: Counter = Counter()
    inv: dict[str, Counter] = defaultdict(Counter)
    res: dict[str, Counter] = defaultdict(Counter)
    vetoes_by: Counter = Counter()
    covert: dict[str, Counter] = defaultdict(Counter)
    exposed_by: dict[str, Counter] = defaultdict(Counter)
    projects: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        assert r.behaviour is not None
        for turn, kind, actor, target, lever, option, by in r.behaviour.facts:
            if kind in ("invited", "meeting", "rebuffed", "lapsed"):
                inv[f"{actor}>{target}"][kind] += 1
                if kind == "meeting":
                    meetings[_pair(actor, target)] += 1
            elif kind in ("tabled", "passed", "vetoed"):
                res[str(actor)][kind] += 1
                if kind == "vetoed":
                    for v in by:
                        vetoes_by[v] += 1
            elif kind in ("covert", "exposed"):
                key = f"{actor}:{lever}:{target or '-'}"
                covert[key]["operations" if kind == "covert" else "exposures"] += 1
                for b in by:
                    exposed_by[key][b] += 1
            elif kind.startswith("project_"):
                projects[f"{actor}:{option}"][kind.removeprefix("project_")] += 1

    def table(d: dict[str, Counter], cols: tuple[str, ...]) -> dict[str, dict[str, float]]:
        return {k: {c: _r(v[c] / games) for c in cols} for k, v in sorted(d.items())}

    cov = table(covert, ("operations", "exposures"))
    for k in cov:
        cov[k]["exposed_by"] = _per_game(exposed_by[k], games)   # type: ignore[assignment]
    return {
        "meetings": _per_game(meetings, games),
        "invitations": table(inv, ("invited", "meeting", "rebuffed", "lapsed")),
        "resolutions": {**table(res, ("tabled", "passed", "vetoed")),
                        "vetoes_by": _per_game(vetoes_by, games)},
        "covert": cov,
        "projects": table(projects, ("started", "building", "completed", "shelved")),
    }


def tension_report(rows: Sequence[GameRow], war_at: float) -> dict[str, Any]:
    """Per turn mean and percentiles of tension (a game ended by war keeps its last value),
    and the distribution of each game's highest tension."""
    series = [[s[6] for s in r.series] for r in rows]
    longest = max(len(s) for s in series)
    per_turn = []
    for t in range(longest):
        xs = [s[min(t, len(s) - 1)] for s in series]
        per_turn.append({"turn": t, "mean": _r(mean(xs), 3), "p10": _r(percentile(xs, 10), 3),
                         "p50": _r(percentile(xs, 50), 3), "p90": _r(percentile(xs, 90), 3)})
    return {"war_at": war_at, "per_turn": per_turn, "max": describe([max(s) for s in series],
                                                                     3)}


def indicators_report(plan: ScenarioPlan, rows: Sequence[GameRow]) -> dict[str, Any]:
    start = plan.rules.initial.values
    out = {}
    for i, k in enumerate(plan.keys):
        ends = [r.finals[6 + i] for r in rows]
        out[k] = {"start": start[k], "end": describe(ends, 3),
                  "change": _r(mean(ends) - start[k], 3)}
    return out


def strength_report(plan: ScenarioPlan, default_level: str) -> dict[str, Any]:
    base = plan.rows[0]
    out: dict[str, Any] = {}
    for ci, cell in enumerate(plan.cells):
        if cell.kind != "strength":
            continue
        assert cell.seat is not None and cell.level is not None
        ai = ACTORS.index(cell.seat)
        other = plan.rows[ci]
        d = paired([r.finals[ai] for r in other], [r.finals[ai] for r in base])
        out.setdefault(cell.seat, {})[cell.level] = {
            "diff": _r(d.diff, 3), "lo": _r(d.lo, 3), "hi": _r(d.hi, 3),
            "mean_default": _r(d.mean_b, 3), "mean_baseline": _r(d.mean_a, 3), "n": d.n_a,
            "clear": d.clear, "identical": False}
    for a in ACTORS:
        for lvl in BASELINES:
            if lvl == default_level:
                m = mean([r.finals[ACTORS.index(a)] for r in base])
                out.setdefault(a, {})[lvl] = {
                    "diff": 0.0, "lo": 0.0, "hi": 0.0, "mean_default": _r(m, 3),
                    "mean_baseline": _r(m, 3), "n": len(base), "clear": False,
                    "identical": True}
        out[a] = {lvl: out[a][lvl] for lvl in BASELINES}
    return out


def exploit_report(plan: ScenarioPlan) -> dict[str, Any]:
    out = {}
    for ci, cell in enumerate(plan.cells):
        if cell.kind != "exploit":
            continue
        rows = plan.rows[ci]
        wars = sum(r.war for r in rows)
        lo, hi = wilson(wars, len(rows))
        out[str(cell.seat)] = {"level": cell.level, "p_war": _r(wars / len(rows)),
                               "wars": wars, "n": len(rows), "ci95": [_r(lo), _r(hi)],
                               "final_turn": _r(mean([r.final_turn for r in rows]), 2)}
    return out


def checks_report(plan: ScenarioPlan) -> dict[str, Any]:
    rows = plan.rows[0]
    out = {}
    for i, c in enumerate(plan.checks):
        holds = sum(r.checks[i] for r in rows)
        out[c.id] = {"claim": c.claim, "test": describe_check(c), "source": check_source(c),
                     **check_rate(holds, len(rows),
                                  [c.expect.min, c.expect.max] if c.expect else None)}
    return out


def scenario_report(plan: ScenarioPlan, runs: int, seed_start: int,
                    default_level: str = DEFAULT_LEVEL) -> dict[str, Any]:
    rows = plan.rows[0]
    sc = plan.rules.scenario
    wars = sum(r.war for r in rows)
    lo, hi = wilson(wars, len(rows))
    return {
        "scenario": {"path": plan.path, "name": sc.name, "title": sc.title,
                     "turns": sc.turns, "overrides": list(plan.overrides)},
        "runs": runs, "seeds": [seed_start, seed_start + runs - 1],
        "default_level": default_level,
        "cells": [c.name for c in plan.cells],
        "games": sum(len(v) for v in plan.rows.values()),
        "war": {"p": _r(wars / len(rows)), "wars": wars, "ci95": [_r(lo), _r(hi)],
                "final_turn": describe([r.final_turn for r in rows], 3)},
        "tension": tension_report(rows, plan.rules.war_at),
        "scores": {a: describe([r.finals[i] for r in rows], 3) for i, a in enumerate(ACTORS)},
        "actors": {a: actor_behaviour(plan.rules, rows, a) for a in ACTORS},
        **facts_report(rows),
        "indicators": indicators_report(plan, rows),
        "checks": checks_report(plan),
        "strength": strength_report(plan, default_level),
        "exploit": exploit_report(plan),
    }


def across_scenarios(plans: Sequence[ScenarioPlan]) -> dict[str, Any]:
    """Per state and pair of scenarios: the share of (seed, turn) pairs in which the state
    gives identical orders in both (the same seed, the same turn)."""
    out: dict[str, Any] = {}
    for i in range(len(plans)):
        for j in range(i + 1, len(plans)):
            a, b = plans[i], plans[j]
            ra = {r.seed: r for r in a.rows[0]}
            rb = {r.seed: r for r in b.rows[0]}
            key = f"{a.rules.scenario.name} vs {b.rules.scenario.name}"
            per: dict[str, float | None] = {}
            for ai, actor in enumerate(ACTORS):
                same = n = 0
                for seed in sorted(set(ra) & set(rb)):
                    oa, ob = ra[seed].behaviour.orders, rb[seed].behaviour.orders  # type: ignore[union-attr]
                    for t in range(min(len(oa), len(ob))):
                        n += 1
                        same += frozenset(oa[t][ai]) == frozenset(ob[t][ai])
                per[actor] = _r(same / n) if n else None
            out[key] = per
    return out


def report(plans: Sequence[ScenarioPlan], runs: int, seed_start: int, seconds: float,
           workers: int, default_level: str = DEFAULT_LEVEL) -> dict[str, Any]:
    """The whole behaviour report (see the module docstring for its fields)."""
    doc: dict[str, Any] = {
        "version": REPORT_VERSION, "runs": runs, "seed_start": seed_start,
        "default_level": default_level, "baselines": list(BASELINES), "exploit": EXPLOIT,
        "seconds": round(seconds, 2), "workers": workers,
        "games": sum(sum(len(v) for v in p.rows.values()) for p in plans),
        "conventions": {
            "strength": "mean final score of the state's default player minus that of the "
                        "baseline player in the same seat, on the same seeds (the other five "
                        "seats at the default level); 95% paired t interval on the per-seed "
                        "differences",
            "rates": "95% Wilson score intervals",
            "per_game": "counts per game, averaged over the default cell's games",
        },
        "scenarios": [scenario_report(p, runs, seed_start, default_level) for p in plans],
    }
    if len(plans) > 1:
        doc["across_scenarios"] = across_scenarios(plans)
    return doc


def out_of_band(doc: dict[str, Any]) -> list[str]:
    """Checks whose rate lies outside their expected band, as "scenario: id (rate, band)"."""
    out = []
    for s in doc["scenarios"]:
        for cid, c in s["checks"].items():
            if c["in_band"] is False:
                out.append(f"{s['scenario']['name']}: {cid} held in {100 * c['p']:.0f}% of games, "
                           f"expected {100 * c['expect'][0]:.0f}–{100 * c['expect'][1]:.0f}%")
    return out


# ------------------------------------------------------------------ text
def _pct(x: float | None) -> str:
    return "  –  " if x is None else f"{100 * x:4.0f}%"


def text_report(doc: dict[str, Any], lever_name: Callable[[str], str] = str,
                top: int = 6) -> str:
    """The report as text tables (what ``whales balance`` prints)."""
    L: list[str] = []
    add = L.append
    add(f"Behaviour report: {doc['runs']} games per cell (seeds {doc['seed_start']}–"
        f"{doc['seed_start'] + doc['runs'] - 1}), default level {doc['default_level']}, "
        f"{doc['games']} games in {doc['seconds']:.1f} s on {doc['workers']} worker(s)")
    for s in doc["scenarios"]:
        sc = s["scenario"]
        add("")
        add("=" * 100)
        add(f"{sc['title']} ({sc['path']})" + (f"  --set {' '.join(sc['overrides'])}"
                                               if sc["overrides"] else ""))
        add("=" * 100)
        w = s["war"]
        add(f"War: {100 * w['p']:.1f}% of games [{100 * w['ci95'][0]:.1f}, "
            f"{100 * w['ci95'][1]:.1f}]; mean final turn {w['final_turn']['mean']:.1f}")
        t = s["tension"]
        pts = t["per_turn"]
        add(f"Tension (war at {t['war_at']:g}): start {pts[0]['mean']:.1f}; by turn (mean [p10–p90]): "
            + "  ".join(f"{p['turn']}:{p['mean']:.0f}[{p['p10']:.0f}–{p['p90']:.0f}]"
                        for p in pts[1::max(1, len(pts) // 8)]))
        add(f"  highest tension per game: mean {t['max']['mean']:.1f}, p90 {t['max']['p90']:.1f}, "
            f"max {t['max']['max']:.1f}")
        add("")
        add("Per state: orders/turn, turns passed, repeat rate (same lever+target as last "
            "turn), same orders as last turn, A-B-A cycles, variety across seeds (share "
            "of seeds giving the most common orders in a turn; distinct order sets per turn)")
        add(f"  {'state':<8}{'score':>7}{'ord/t':>7}{'pass':>7}{'repeat':>8}{'same':>7}"
            f"{'cycle':>7}{'modal':>7}{'distinct':>9}")
        for a, b in s["actors"].items():
            v = b["variety"]
            add(f"  {a:<8}{s['scores'][a]['mean']:7.1f}{b['orders_per_turn']:7.2f}"
                f"{_pct(b['pass_turns']):>7}{_pct(b['repeat_rate']):>8}"
                f"{_pct(b['same_as_last_turn']):>7}{_pct(b['cycle_rate']):>7}"
                f"{_pct(v['modal_share']):>7}{(v['distinct_per_turn'] or 0):9.1f}")
        add("")
        add(f"Levers used per game (top {top} per state; on whom), and levers never used:")
        for a, b in s["actors"].items():
            parts = []
            for lv, u in list(b["levers"].items())[:top]:
                tg = ", ".join(f"{k} {v:.1f}" for k, v in list(u["targets"].items())[:3]
                               if k != "-")
                parts.append(f"{lv} {u['per_game']:.1f}" + (f" ({tg})" if tg else ""))
            add(f"  {a:<7} " + "; ".join(parts))
            if b["unused_levers"]:
                add(f"  {'':<7} never: {', '.join(b['unused_levers'])}")
        add("")
        add("Meetings held per game: " + (", ".join(f"{k} {v:.2f}" for k, v in
                                                    list(s["meetings"].items())[:10]) or "none"))
        add("Invitations per game (invited / held / rebuffed / lapsed), most sent first:")
        inv = sorted(s["invitations"].items(), key=lambda kv: -kv[1]["invited"])
        for k, v in inv[:12]:
            add(f"  {k:<14} {v['invited']:5.2f} {v['meeting']:5.2f} {v['rebuffed']:5.2f} "
                f"{v['lapsed']:5.2f}")
        r = dict(s["resolutions"])
        vb = r.pop("vetoes_by")
        add("UN resolutions per game (tabled / passed / vetoed): "
            + ("; ".join(f"{k} {v['tabled']:.2f} / {v['passed']:.2f} / {v['vetoed']:.2f}"
                         for k, v in r.items()) or "none")
            + ("; vetoes cast: " + ", ".join(f"{k} {v:.2f}" for k, v in vb.items()) if vb else ""))
        add("Covert operations per game (operations / exposures):")
        for k, v in sorted(s["covert"].items(), key=lambda kv: -kv[1]["operations"])[:10]:
            add(f"  {k:<34} {v['operations']:5.2f} {v['exposures']:5.2f}")
        if s["projects"]:
            add("Transit projects per game (started / building / completed / shelved): "
                + "; ".join(f"{k} {v['started']:.2f}/{v['building']:.2f}/{v['completed']:.2f}/"
                            f"{v['shelved']:.2f}" for k, v in s["projects"].items()))
        else:
            add("Transit projects: none started")
        add("")
        add("Indicators, start → end (mean [p10–p90]):")
        for k, v in s["indicators"].items():
            e = v["end"]
            add(f"  {k:<26}{v['start']:7.1f} → {e['mean']:6.1f} [{e['p10']:6.1f}–{e['p90']:6.1f}]"
                f"  ({v['change']:+.1f})")
        add("")
        add("Strength: the default player's mean score minus the baseline's in the same seat, "
            "same seeds (95% paired t CI)")
        add(f"  {'state':<8}" + "".join(f"{'vs ' + lvl:>26}" for lvl in BASELINES))
        for a, row in s["strength"].items():
            cells = []
            for lvl in BASELINES:
                d = row[lvl]
                cells.append("(same player)" if d["identical"] else
                             f"{d['diff']:+6.1f} [{d['lo']:+6.1f}, {d['hi']:+6.1f}]"
                             + ("*" if d["clear"] else " "))
            add(f"  {a:<8}" + "".join(f"{c:>26}" for c in cells))
        add("")
        add(f"Denunciation exploit (one state at {doc['exploit']}): war rate [95% CI], mean "
            f"final turn")
        add("  " + "; ".join(f"{a} {100 * v['p_war']:.0f}% [{100 * v['ci95'][0]:.0f}, "
                             f"{100 * v['ci95'][1]:.0f}] t{v['final_turn']:.1f}"
                             for a, v in s["exploit"].items()))
        if s["checks"]:
            add("")
            add("Story checks (share of games in which each held, 95% Wilson CI, expected band):")
            for cid, c in s["checks"].items():
                band = ("" if c["expect"] is None else
                        f"{100 * c['expect'][0]:.0f}–{100 * c['expect'][1]:.0f}%")
                flag = "" if c["in_band"] is not False else "  OUT OF BAND"
                add(f"  {cid:<26}{100 * c['p']:5.1f}% [{100 * c['ci95'][0]:5.1f}, "
                    f"{100 * c['ci95'][1]:5.1f}]  expected {band or '–':<9}{flag}")
                add(f"  {'':<26}{c['test']}")
    if "across_scenarios" in doc:
        add("")
        add("Same seed, different scenario: share of turns in which a state gives identical "
            "orders")
        for pair, per in doc["across_scenarios"].items():
            add(f"  {pair}: " + ", ".join(f"{a} {_pct(v).strip()}" for a, v in per.items()))
    return "\n".join(L)


__all__ = ["BASELINES", "CellSpec", "DEFAULT_RUNS", "EXPLOIT", "REPORT_VERSION",
           "ScenarioPlan", "cells_for", "out_of_band", "play", "report", "text_report",
           "tracked_keys"]
