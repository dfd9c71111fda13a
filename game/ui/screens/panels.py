"""Panels of the main screen drawn from engine values: the tension gauge (war at the top),
the other global tracks, and a state's dashboard of indicators with sparklines.

Each takes the game and a history index ``t`` (``game.history[t]`` is the state after t
turns), so the replay viewer draws past turns with the same code.
"""
from __future__ import annotations

import pygame

from ...engine import Game
from .. import charts, fonts
from .. import palette as pal
from ..widgets import BODY, SMALL, line_h, panel, state_badge, text, theme
from .describe import number

TRACK_COLOURS = {"un_sanctions": pal.VERMILLION, "talks": pal.SKY_BLUE,
                 "ukraine": pal.ORANGE}


def draw_tension(surf: pygame.Surface, rect: pygame.Rect, game: Game, t: int) -> None:
    """A vertical gauge: calm at the bottom, WAR at the top, the stage names beside it."""
    th = theme()
    v = game.history[t]["track.tension"]
    tr = game.scenario.tracks["tension"]
    pygame.draw.rect(surf, th.panel, rect, border_radius=6)
    pygame.draw.rect(surf, th.border, rect, 1, border_radius=6)
    inner = rect.inflate(-8, -12)
    charts.bar(surf, inner, v, tr.min, game.rules.war_at, heat(v, tr.min, game.rules.war_at),
               "Tension", marks=tr.stages, top_label="WAR")


def heat(v: float, lo: float, war: float) -> tuple[int, int, int]:
    """Calm blue through orange to vermillion at war (the stage names carry the meaning)."""
    f = 0.0 if war == lo else (v - lo) / (war - lo)
    stops = [(0.0, pal.BLUE), (0.5, pal.ORANGE), (1.0, pal.VERMILLION)]
    for (f0, c0), (f1, c1) in zip(stops, stops[1:]):
        if f <= f1:
            k = 0 if f1 == f0 else (f - f0) / (f1 - f0)
            return tuple(round(a + (b - a) * max(0.0, k)) for a, b in zip(c0, c1))
    return pal.VERMILLION


def draw_tracks(surf: pygame.Surface, rect: pygame.Rect, game: Game, t: int) -> None:
    """UN sanctions, nuclear talks (with its stage) and the Ukraine confrontation."""
    c = panel(surf, rect, "World")
    v = game.history[t]
    rows = [("un_sanctions", "UN sanctions", "UN"), ("talks", "Nuclear talks", "Talks"),
            ("ukraine", "Ukraine crisis", "Ukraine")]
    room = (c.bottom - c.y) // len(rows)
    y = c.y
    for tid, label, brief in rows:
        tr = game.scenario.tracks[tid]
        stage = next((k for k, s in sorted(tr.stages.items(), key=lambda kv: -kv[1])
                      if v[f"track.{tid}"] >= s), "")
        head = f"{label}: {stage}" if stage else label
        if fonts.size(head, fonts.SMALL, True)[0] > c.w:
            label = brief
        h = min(room - 6, line_h(SMALL, True) + 22)
        charts.bar(surf, pygame.Rect(c.x, y, c.w, h), v[f"track.{tid}"], tr.min, tr.max,
                   TRACK_COLOURS[tid], label, marks=tr.stages or None)
        y += room


def indicator_keys(game: Game, actor: str) -> list[tuple[str, str]]:
    """(state key, label) of an actor's indicators, in the scenario's order."""
    out = []
    for ind, b in game.scenario.indicators.items():
        k = f"{actor}.{ind}"
        if k in game.state.values:
            out.append((k, b.label))
    return out


def draw_dashboard(surf: pygame.Surface, rect: pygame.Rect, game: Game, actor: str, t: int,
                   me: bool = True) -> None:
    """A state's indicators now, their change this turn and a sparkline of every turn."""
    th = theme()
    pygame.draw.rect(surf, th.panel, rect, border_radius=6)
    pygame.draw.rect(surf, th.border, rect, 1, border_radius=6)
    hh = line_h(BODY, True)
    state_badge(surf, pygame.Rect(rect.x + 8, rect.y + 6, hh, hh), actor)
    score = game.score_history[t][actor]
    name = game.rules.name(actor)
    text(surf, name, (rect.x + 16 + hh, rect.y + 6), BODY, th.text, True,
         max_w=rect.w - 150 - hh)
    text(surf, f"score {score:.0f}", (rect.right - 10, rect.y + 6), BODY, th.focus, True,
         "topright")
    rows = indicator_keys(game, actor)
    y = rect.y + 12 + hh
    lh = max(line_h(SMALL) + 2, (rect.bottom - 6 - y) // max(1, len(rows)))
    lh = min(lh, line_h(SMALL) + 10)
    label_w = int(rect.w * 0.5)
    spark_x = rect.x + 10 + label_w + 92
    series_all = game.history[:t + 1]
    for k, label in rows:
        if y + line_h(SMALL) > rect.bottom - 4:
            break
        v = series_all[-1][k]
        d = v - (series_all[-2][k] if len(series_all) > 1 else v)
        text(surf, label, (rect.x + 10, y), SMALL, th.text, False, max_w=label_w - 4)
        text(surf, f"{v:.0f}", (rect.x + 10 + label_w + 34, y), SMALL, th.text, True,
             "topright")
        if abs(d) >= 0.5:
            text(surf, number(d), (rect.x + 10 + label_w + 40, y), SMALL,
                 th.good if d > 0 else pal.ORANGE, False)
        sr = pygame.Rect(spark_x, y + 3, rect.right - 10 - spark_x, line_h(SMALL) - 6)
        if sr.w > 20:
            charts.sparkline(surf, sr, [h[k] for h in series_all], pal.STATES[actor].colour)
        y += lh
