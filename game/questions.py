"""Discussion questions for the debrief: the scenario's ``questions:`` (data, each with the
passage of the argument it tests), asked when what their ``when`` names happened in the game,
their placeholders filled with the game's numbers.

Everything is read from the engine's views (news items with their causes and the states they
name, covert operations with their detection, the public view) and the game's recorded
values; nothing about the rules is worked out here.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Any

from .engine import ALL, SOURCES, Game

MAX_QUESTIONS = 6
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
        "==": operator.eq}
_FIELD = re.compile(r"\{(turn|turns|(?:start|end|change|max|min):[a-z0-9_.-]+)\}")


@dataclass(frozen=True)
class Asked:
    id: str
    text: str
    article: str
    passage: str
    cite: str
    conditional: bool       # asked because of what happened (not one asked in every game)


class _Facts:
    """What happened, gathered once from the views."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self.turns = len(game.reports)
        self.news = [n for r in game.reports for n in game.turn_view(r.turn, ALL).news]
        self.covert = game.covert_ops(ALL)
        self.war = game.public_view().war
        self.history = game.history

    def series(self, key: str) -> list[float]:
        return [h[key] for h in self.history if key in h]

    def value(self, at: str, key: str) -> float | None:
        xs = self.series(key)
        if not xs:
            return None
        return {"start": xs[0], "end": xs[-1], "change": xs[-1] - xs[0], "max": max(xs),
                "min": min(xs)}[at]


def _holds(cond: Any, f: _Facts) -> tuple[bool, int | None]:
    """Does the condition hold, and in which turn did it first (news, covert)?"""
    if cond.news is not None:
        m = cond.news
        for n in f.news:
            if m.lever is not None and n.cause.lever != m.lever:
                continue
            if m.event is not None and n.cause.event != m.event:
                continue
            if m.lever is None and m.event is None and n.cause.kind not in ("lever", "event"):
                continue
            if all(a in n.actors for a in m.actors):
                return True, n.turn
        return False, None
    if cond.covert is not None:
        m = cond.covert
        for op in f.covert:
            if m.actor is not None and op.actor != m.actor:
                continue
            found = op.detected_turn is not None
            if m.detected is not None and found != m.detected:
                continue
            return True, op.detected_turn if m.detected else op.turn
        return False, None
    if cond.value is not None:
        v = f.value(cond.value.at, cond.value.key)
        return (v is not None and _OPS[cond.value.op](v, cond.value.value)), None
    if cond.war is not None:
        return f.war == cond.war, None
    return False, None


def _fill(ask: str, f: _Facts, turn: int | None) -> str:
    def sub(m: re.Match) -> str:
        field = m.group(1)
        if field == "turn":
            return str(turn if turn is not None else f.turns)
        if field == "turns":
            return str(f.turns)
        at, key = field.split(":", 1)
        v = f.value(at, key)
        if v is None:
            return "?"
        return f"{v:+.0f}" if at == "change" else f"{v:.0f}"
    return _FIELD.sub(sub, ask)


def choose(game: Game, limit: int = MAX_QUESTIONS) -> list[Asked]:
    """The questions to ask about this game: first those whose conditions held (in the
    scenario's order), then those asked in every game, at most ``limit``."""
    f = _Facts(game)
    held: list[Asked] = []
    always: list[Asked] = []
    for q in game.scenario.questions:
        turn = None
        ok = True
        for c in q.when:
            yes, t = _holds(c, f)
            if not yes:
                ok = False
                break
            if turn is None and t is not None:
                turn = t
        if not ok:
            continue
        asked = Asked(q.id, _fill(q.ask, f, turn), q.article, q.passage,
                      SOURCES.get(q.article, q.article), bool(q.when))
        (held if q.when else always).append(asked)
    return (held + always)[:limit] if len(held) < limit else held[:limit - 1] + always[:1]
