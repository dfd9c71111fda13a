"""The debrief: what happened in a recorded game and why, for the class after the bell.

Built from a replay (so it works for classroom games saved by the front end and for headless
runs alike): the outcome, each state's score broken into its objectives and set against what
the computer achieved from the same seat over a few all-computer games, the turn-by-turn
headlines, every covert operation (the debrief reveals them all), and for the key numbers the
causes that moved them most, added up from the ledger.
"""
from __future__ import annotations

from collections import defaultdict
from statistics import mean

from .engine import ACTORS, Game
from .replay import Replay, rebuild, rules_of

KEY_NUMBERS = ("track.tension", "dprk.nuclear", "dprk.economy", "dprk.hard_currency",
               "influence.china", "influence.russia", "influence.us", "alliance.us-rok",
               "alliance.us-japan", "track.un_sanctions", "track.talks")


def baseline_scores(replay: Replay, games: int) -> dict[str, float]:
    """Mean final score per state over ``games`` all-computer games of the same scenario and
    overrides (seeds seed, seed+1, ...), as long as the recorded game."""
    rules = rules_of(replay)
    turns = len(replay.turns) or None
    totals: dict[str, list[float]] = defaultdict(list)
    for i in range(games):
        g = Game(rules, replay.seed + i)
        g.run(turns=turns)
        for a, s in g.scores().items():
            totals[a].append(s)
    return {a: mean(v) for a, v in totals.items()}


def _stage(game: Game, track: str) -> str:
    return next(t.stage for t in game.public_view().tracks if t.id == track)


def _top_causes(game: Game, key: str, n: int = 3) -> list[tuple[str, float]]:
    sums: dict[str, float] = defaultdict(float)
    for _, k, d, cause in game.ledger.entries:
        if k == key:
            sums[cause.label] += d
    ranked = sorted(sums.items(), key=lambda kv: -abs(kv[1]))
    return [(label, d) for label, d in ranked[:n] if abs(d) >= 0.05]


def debrief(replay: Replay, baseline_games: int = 10) -> str:
    """The debrief as Markdown."""
    game = rebuild(replay)
    rules = game.rules
    sc = rules.scenario
    name = rules.name
    out: list[str] = []
    w = out.append
    played = len(game.reports)
    w(f"# Debrief: {sc.title}")
    w("")
    w(f"Seed {replay.seed}; {played} turn(s) played, {game.date(1)} to "
      f"{game.date(max(played, 1))}."
      + (f" Overrides: {', '.join(replay.overrides)}." if replay.overrides else ""))
    if game.state.war:
        w("")
        w(f"**Outcome: WAR in turn {game.reports[-1].turn}.** Tension reached the top of its "
          f"track; every state scores 0. What pushed it there:")
        for label, d in _top_causes(game, "track.tension", 5):
            w(f"- {label}: {d:+.1f}")
    else:
        ended = "ended early by the teacher" if any(
            a.action == "end_early" for t in replay.turns for a in t.actions) or any(
            a.action == "end_early" for a in replay.trailing_actions) else "no war"
        w("")
        w(f"**Outcome:** {ended}; final tension {game.state.values['track.tension']:.0f} "
          f"({_stage(game, 'tension')}).")
    # scores ---------------------------------------------------------------------------
    base = baseline_scores(replay, baseline_games) if baseline_games > 0 else {}
    w("")
    w("## Final scores")
    w("")
    head = "| State | Seat | Score |" + (f" Computer from the same seat (mean of {baseline_games}) | Difference |"
                                        if base else "")
    w(head)
    w("|---|---|---:|" + ("---:|---:|" if base else ""))
    scores = game.scores()
    for a in sorted(ACTORS, key=lambda x: -scores[x]):
        row = f"| {name(a)} | {replay.seats.get(a, 'computer')} | {scores[a]:.1f} |"
        if base:
            row += f" {base[a]:.1f} | {scores[a] - base[a]:+.1f} |"
        w(row)
    w("")
    w("## What each state wanted, and how far it got")
    for a in ACTORS:
        w("")
        w(f"**{name(a)}** — {scores[a]:.1f} points")
        for part in rules.score_parts(game.state, a):
            arrow = "↑" if part["direction"] == "up" else "↓"
            w(f"- {part['label']} ({arrow}, weight {part['weight']:g}): now "
              f"{part['value']:.1f} → {part['points']:.1f} points")
    # timeline -------------------------------------------------------------------------
    w("")
    w("## Turn by turn")
    for rep in game.reports:
        w("")
        w(f"**Turn {rep.turn} — {rep.date}**")
        for n in rep.public_news():
            if n["cause"].kind in ("lever", "cost"):
                continue
            w(f"- {n['headline']}")
        moves = [f"{name(a)}: " + "; ".join(rules.lever_name(o.lever)
                                            + (f" → {name(o.target)}" if o.target else "")
                                            for o in os)
                 for a, os in rep.orders.items() if os]
        if moves:
            w(f"- Orders — {' | '.join(moves)}")
    # covert -----------------------------------------------------------------------------
    w("")
    w("## Secret moves (all of them, revealed for the debrief)")
    w("")
    if not game.state.covert:
        w("None were made.")
    for op in game.state.covert:
        found = (f"detected in turn {op.detected_turn} by {name(op.detected_by)}"
                 if op.detected_turn else "never detected")
        w(f"- Turn {op.turn}: {name(op.actor)} — {rules.lever_name(op.lever)}"
          + (f" with {name(op.target)}" if op.target else "") + f" ({found})")
    # why ---------------------------------------------------------------------------------
    w("")
    w("## Why the key numbers moved")
    start, end = game.history[0], game.history[-1]
    for key in KEY_NUMBERS:
        if key not in start:
            continue
        change = end[key] - start[key]
        w("")
        w(f"**{rules.key_label(key)}**: {start[key]:.1f} → {end[key]:.1f} ({change:+.1f})")
        for label, d in _top_causes(game, key):
            w(f"- {label}: {d:+.1f}")
    w("")
    return "\n".join(out)
