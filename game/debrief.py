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

from .engine import ACTORS, ALL, Game, seat_spec
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
    """The causes that moved ``key`` most over the whole game (every cause revealed)."""
    sums: dict[str, float] = defaultdict(float)
    for turn in range(1, game.turn + 1):
        for part in game.explain(key, turn, ALL):
            sums[part["label"]] += part["delta"]
    ranked = sorted(sums.items(), key=lambda kv: -abs(kv[1]))
    return [(label, d) for label, d in ranked[:n] if abs(d) >= 0.05]


def debrief(replay: Replay, baseline_games: int = 10) -> str:
    """The debrief as Markdown."""
    game = rebuild(replay)
    sc = game.scenario
    name = game.rules.name
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
        row = f"| {name(a)} | {seat_spec(replay.seats.get(a))} | {scores[a]:.1f} |"
        if base:
            row += f" {base[a]:.1f} | {scores[a] - base[a]:+.1f} |"
        w(row)
    w("")
    w("## What each state wanted, and how far it got")
    for st in game.public_view().standings:
        w("")
        w(f"**{st.name}** — {scores[st.actor]:.1f} points")
        for part in st.objectives:
            arrow = "↑" if part.direction == "up" else "↓"
            w(f"- {part.label} ({arrow}, weight {part.weight:g}): now "
              f"{part.value:.1f} → {part.points:.1f} points")
    # timeline -------------------------------------------------------------------------
    w("")
    w("## Turn by turn")
    for rep in game.reports:
        w("")
        w(f"**Turn {rep.turn} — {rep.date}**")
        for n in game.turn_view(rep.turn, None).news:
            if n.cause.kind in ("lever", "cost"):
                continue
            w(f"- {n.headline}")
        every = game.turn_view(rep.turn, ALL).orders       # the debrief reveals them all
        moves = [f"{name(a)}: " + "; ".join(o.lever_name + (f" → {name(o.target)}"
                                                             if o.target else "")
                                            for o in every if o.actor == a)
                 for a in ACTORS if any(o.actor == a for o in every)]
        if moves:
            w(f"- Orders — {' | '.join(moves)}")
    # covert -----------------------------------------------------------------------------
    w("")
    w("## Secret moves (all of them, revealed for the debrief)")
    w("")
    ops = game.covert_ops(ALL)
    if not ops:
        w("None were made.")
    for op in ops:
        found = (f"detected in turn {op.detected_turn} by {name(op.detected_by)}"
                 if op.detected_turn else "never detected")
        w(f"- Turn {op.turn}: {name(op.actor)} — {op.lever_name}"
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
        w(f"**{game.key_label(key)}**: {start[key]:.1f} → {end[key]:.1f} ({change:+.1f})")
        for label, d in _top_causes(game, key):
            w(f"- {label}: {d:+.1f}")
    w("")
    return "\n".join(out)
