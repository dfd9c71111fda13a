"""Panels of the main screen drawn from engine values: the world's tracks (tension, calm to
WAR, first), and a state's dashboard of indicators with sparklines; the layout of the map
side of the screen, the map's legend strip and its overlay picker (shared by the main screen
and the replay viewer).

Each takes the game and a history index ``t`` (``game.history[t]`` is the state after t
turns), so the replay viewer draws past turns with the same code; ``t=None`` means the state
now, which differs from the last turn's when the teacher injected an event this turn.
"""
from __future__ import annotations

import math
from typing import Literal

import pygame

from ..engine import Game
from . import charts, fonts, mapdata
from . import palette as pal
from .widgets import BODY, SMALL, Picker, draw_arrow, font, line_h, state_badge, text, theme
from .describe import number

TRACK_COLOURS = {"un_sanctions": pal.VERMILLION, "talks": pal.SKY_BLUE,
                 "ukraine": pal.ORANGE}
TRACK_ROWS: list[tuple[Literal["un_sanctions", "talks", "ukraine"], str, str]] = [
    ("un_sanctions", "UN sanctions", "UN"), ("talks", "Nuclear talks", "Talks"),
              ("ukraine", "Ukraine crisis", "Ukraine")]
SHORT_INDICATORS = {"military": "Military", "stability": "Stability", "clout": "Clout",
                    "nuclear": "Nuclear", "hard_currency": "Currency", "far_east": "Far East",
                    "kurils": "Kurils"}
"""Indicator names for narrow dashboards (large text); others keep the scenario's label."""


# ---------------------------------------------------------------------------- values
def series(game: Game, t: int | None) -> list[dict[str, float]]:
    """The state values after each turn up to ``t`` (None: up to now, with the current state
    appended when it moved since the last turn, e.g. after an injected event)."""
    if t is not None:
        return game.history[:t + 1]
    hist = game.history
    return hist if game.state.values == hist[-1] else hist + [game.state.values]


def score_of(game: Game, actor: str, t: int | None) -> float:
    if t is None:
        return game.rules.score(game.state, actor)
    return game.score_history[t][actor]


# ---------------------------------------------------------------------------- world tracks
def heat(v: float, lo: float, war: float) -> tuple[int, int, int]:
    """Calm blue through orange to vermillion at war (the stage names carry the meaning)."""
    f = 0.0 if war == lo else (v - lo) / (war - lo)
    stops = [(0.0, pal.BLUE), (0.5, pal.ORANGE), (1.0, pal.VERMILLION)]
    for (f0, c0), (f1, c1) in zip(stops, stops[1:]):
        if f <= f1:
            k = 0 if f1 == f0 else (f - f0) / (f1 - f0)
            r, g, b = (round(a + (b - a) * max(0.0, k)) for a, b in zip(c0, c1))
            return r, g, b
    return pal.VERMILLION


def _stage(stages: dict[str, float], v: float) -> str:
    return next((k for k, s in sorted(stages.items(), key=lambda kv: -kv[1]) if v >= s), "")


def tracks_width(game: Game) -> int:
    """The narrowest World panel whose every track title fits (in its short form, with its
    longest stage name)."""
    heads = ["Tension: " + max(game.scenario.tracks["tension"].stages or {"": 0}, key=len)]
    for tid, _, brief in TRACK_ROWS:
        stages = game.scenario.tracks[tid].stages
        heads.append(f"{brief}: {max(stages, key=len)}" if stages else brief)
    return max(fonts.size(h, SMALL, True)[0] for h in heads) + \
        fonts.size("99.5", SMALL, True)[0] + 32          # 49.5: just under a stage


def tracks_height() -> int:
    return 12 + charts.bar_height(True) + len(TRACK_ROWS) * charts.bar_height() + \
        len(TRACK_ROWS) * 10


Hits = list[tuple[pygame.Rect, str]]
"""Where numbers were drawn, and their state keys (a click or hover there asks "why?")."""


def draw_tracks(surf: pygame.Surface, rect: pygame.Rect, game: Game, t: int | None,
                hits: Hits | None = None) -> None:
    """The world's tracks, one bar each: tension first (calm to WAR, in its heat colour, its
    stage in the title), then UN sanctions, nuclear talks and the Ukraine confrontation.
    ``hits``: gets each bar's rectangle and key."""
    th = theme()
    pygame.draw.rect(surf, th.panel, rect, border_radius=6)
    pygame.draw.rect(surf, th.border, rect, 1, border_radius=6)
    c = rect.inflate(-20, -12)
    v = series(game, t)[-1]
    tall, low = charts.bar_height(True), charts.bar_height()
    gap = max(10, (c.h - tall - len(TRACK_ROWS) * low) // len(TRACK_ROWS))
    tv = v["track.tension"]
    tr = game.scenario.tracks["tension"]
    war = game.rules.war_at
    charts.bar(surf, pygame.Rect(c.x, c.y, c.w, tall), tv, tr.min, war, heat(tv, tr.min, war),
               "Tension", marks=tr.stages, top_label="WAR")
    if hits is not None:
        hits.append((pygame.Rect(c.x, c.y, c.w, tall), "track.tension"))
    y = c.y + tall + gap
    for tid, label, brief in TRACK_ROWS:
        tr = game.scenario.tracks[tid]
        stage = _stage(tr.stages, v[f"track.{tid}"])
        head = f"{label}: {stage}" if stage else label
        if fonts.size(head, SMALL, True)[0] + fonts.size("100", SMALL, True)[0] + 10 > c.w:
            label = brief
        charts.bar(surf, pygame.Rect(c.x, y, c.w, low), v[f"track.{tid}"], tr.min, tr.max,
                   TRACK_COLOURS[tid], label, marks=tr.stages or None)
        if hits is not None:
            hits.append((pygame.Rect(c.x, y, c.w, low), f"track.{tid}"))
        y += low + gap


# ---------------------------------------------------------------------------- dashboard
def indicator_keys(game: Game, actor: str) -> list[tuple[str, str]]:
    """(state key, label) of an actor's indicators, in the scenario's order."""
    out = []
    for ind, b in game.scenario.indicators.items():
        k = f"{actor}.{ind}"
        if k in game.state.values:
            out.append((k, b.label))
    return out


def short_indicator(key: str, label: str) -> str:
    ind = key.split(".", 1)[1]
    return SHORT_INDICATORS.get(ind, label)


def dashboard_rows(game: Game) -> int:
    """The most indicators any state has (the dashboard is sized for it, so it never jumps)."""
    return max(len(indicator_keys(game, a)) for a in game.actors)


def dash_row_h() -> int:
    return line_h(SMALL) + 3


def dashboard_height(game: Game, columns: int) -> int:
    rows = math.ceil(dashboard_rows(game) / columns)
    return 12 + line_h(BODY, True) + 6 + rows * dash_row_h() + 6


def draw_dashboard(surf: pygame.Surface, rect: pygame.Rect, game: Game, actor: str,
                   t: int | None, me: bool = True, hits: Hits | None = None) -> None:
    """A state's indicators now, their change this turn and a sparkline of every turn, in one
    or two columns (as many as the height needs); names shorten when a column is narrow."""
    th = theme()
    pygame.draw.rect(surf, th.panel, rect, border_radius=6)
    pygame.draw.rect(surf, th.border, rect, 1, border_radius=6)
    hh = line_h(BODY, True)
    state_badge(surf, pygame.Rect(rect.x + 8, rect.y + 6, hh, hh), actor)
    hist = series(game, t)
    score = score_of(game, actor, t)
    sc = text(surf, f"score {score:.0f}", (rect.right - 10, rect.y + 6), BODY, th.focus, True,
              "topright")
    if hits is not None:
        hits.append((sc.inflate(8, 4), f"score.{actor}"))
    name_w = sc.x - 12 - (rect.x + 16 + hh)
    name = game.rules.name(actor)
    if fonts.size(name, BODY, True)[0] > name_w:
        name = pal.STATES[actor].short
    text(surf, name, (rect.x + 16 + hh, rect.y + 6), BODY, th.text, True, max_w=name_w)
    rows = indicator_keys(game, actor)
    y0 = rect.y + 12 + hh
    lh = dash_row_h()
    per_col = max(1, (rect.bottom - 4 - y0) // lh)
    ncols = 1 if len(rows) <= per_col else 2
    per_col = math.ceil(len(rows) / ncols)
    gap = 14
    cw = (rect.w - 16 - gap * (ncols - 1)) // ncols
    now = [hist[-1][k] for k, _ in rows]
    changes = [v - (hist[-2][k] if len(hist) > 1 else v) for (k, _), v in zip(rows, now)]
    cols = [list(range(c * per_col, min(len(rows), (c + 1) * per_col))) for c in range(ncols)]
    labels, delta_text, spark = dashboard_mode(rows, now, changes, cols, cw)
    f, fb = font(SMALL), font(SMALL, True)
    for c, idx in enumerate(cols):
        x = rect.x + 8 + c * (cw + gap)
        if c:                                   # a rule between the columns
            pygame.draw.line(surf, th.border, (x - gap // 2, y0 + 2),
                             (x - gap // 2, y0 + len(idx) * lh - 4), 1)
        val_w = max(fb.size(f"{now[i]:.0f}")[0] for i in idx)
        d_w = _delta_w([changes[i] for i in idx]) if delta_text else 12
        label_w = min(max(f.size(labels[i])[0] for i in idx), cw - val_w - d_w - 16)
        for row, i in enumerate(idx):
            y = y0 + row * lh
            k, d = rows[i][0], changes[i]
            text(surf, labels[i], (x, y), SMALL, th.text, False, max_w=label_w,
                 full=rows[i][1])
            vx = x + label_w + 10 + val_w
            vr = text(surf, f"{now[i]:.0f}", (vx, y), SMALL, th.text, True, "topright")
            if abs(d) >= 0.5:
                colour = th.good if d > 0 else pal.ORANGE
                if delta_text:
                    text(surf, number(d), (vx + 6, y), SMALL, colour, False)
                else:                          # too narrow for the number: its direction
                    draw_arrow(surf, (vx + 10, vr.centery), "up" if d > 0 else "down", 5,
                               colour)
            sx = vx + 6 + d_w + 10
            if hits is not None:
                hits.append((pygame.Rect(x, y, cw, lh), k))
            if spark:
                charts.sparkline(surf, pygame.Rect(sx, y + 3, x + cw - sx, line_h(SMALL) - 6),
                                 [h[k] for h in hist], pal.STATES[actor].colour)


def draw_objectives(surf: pygame.Surface, rect: pygame.Rect, game: Game, actor: str,
                    objectives, score: float, change: float, window: str,
                    hits: Hits | None = None, own: bool = True) -> None:
    """A state's objectives (the seat's own, on its main screen): each with its weight, the
    points it earns now and its change in the latest turn; the score and its change on top.
    Objectives to keep low are marked "(low)". ``hits`` gets each row's objective key and the
    score's."""
    th = theme()
    pygame.draw.rect(surf, th.panel, rect, border_radius=6)
    pygame.draw.rect(surf, th.border, rect, 1, border_radius=6)
    name = "Your objectives" if own else f"{game.rules.name(actor)}'s objectives"
    tail = f"score {score:.1f}" + (f" ({number(change)} {window})" if abs(change) >= 0.05
                                   else "")
    room = rect.w - 20
    full = f"{name}: weight × aim = points · {tail}"
    head = full if fonts.size(full, BODY, True)[0] <= room else f"{name} · {tail}"
    hr = text(surf, head, (rect.x + 10, rect.y + 6), BODY, th.text, True, max_w=room)
    if hits is not None:
        hits.append((hr, f"score.{actor}"))
    y0 = rect.y + 10 + line_h(BODY, True)
    lh = dash_row_h()
    per = math.ceil(len(objectives) / 2) if objectives else 1
    gap = 14
    cw = (rect.w - 16 - gap) // 2
    f, fb = font(SMALL), font(SMALL, True)
    pts_w = fb.size("99.9")[0]
    d_w = max([f.size(number(o.change))[0] for o in objectives if abs(o.change) >= 0.05]
              + [0])
    for i, o in enumerate(objectives):
        c, row = divmod(i, per)
        if o is None:
            continue
        x = rect.x + 8 + c * (cw + gap)
        y = y0 + row * lh
        if c and row == 0:
            pygame.draw.line(surf, th.border, (x - gap // 2, y0 + 2),
                             (x - gap // 2, y0 + per * lh - 4), 1)
        wt = f"×{o.weight:g}"
        wr = text(surf, wt, (x, y), SMALL, th.accent, True)
        label = o.label + (" (low)" if o.direction == "down" else "")
        lab_w = cw - (wr.w + 8) - pts_w - d_w - 24
        text(surf, label, (wr.right + 8, y), SMALL, th.text, False, max_w=lab_w, full=label)
        px = x + cw - d_w - 10
        text(surf, f"{o.points:.1f}", (px, y), SMALL, th.focus, True, "topright")
        if abs(o.change) >= 0.05:
            text(surf, number(o.change), (px + 6, y), SMALL,
                 th.good if o.change > 0 else pal.ORANGE, False)
        if hits is not None:
            hits.append((pygame.Rect(x, y, cw, lh), o.key))


def _delta_w(changes: list[float]) -> int:
    """Room for changes as numbers ("+3.5", "−12")."""
    f = font(SMALL)
    return max([f.size(number(d))[0] for d in changes if abs(d) >= 0.5] + [f.size("+0.5")[0]])


def dashboard_mode(rows: list[tuple[str, str]], now: list[float], changes: list[float],
                   cols: list[list[int]], cw: int) -> tuple[list[str], bool, bool]:
    """What fits dashboard columns ``cw`` pixels wide: (labels, change as a number?,
    sparkline?). Full names with numbers and sparklines if they fit; then short names; then
    no sparkline; then an arrow for the change."""
    f, fb = font(SMALL), font(SMALL, True)
    full = [lab for _, lab in rows]
    brief = [short_indicator(k, lab) for k, lab in rows]
    for labels, delta_text, spark in ((full, True, True), (brief, True, True),
                                      (brief, True, False), (brief, False, False)):
        need = max(max(f.size(labels[i])[0] for i in idx) + 10
                   + max(fb.size(f"{now[i]:.0f}")[0] for i in idx) + 6
                   + (_delta_w([changes[i] for i in idx]) if delta_text else 12)
                   + (10 + 34 if spark else 0) for idx in cols if idx)
        if need <= cw:
            return labels, delta_text, spark
    return brief, False, False


# ---------------------------------------------------------------------------- layout
def left_share() -> float:
    """How much of the window's width the map side takes: half at 100 % text, a little more at
    larger text (the map's cards grow with the text and need the room)."""
    return 0.5 + 0.2 * min(0.25, max(0.0, fonts.text_scale() - 1.0))


MIN_MAP_SHARE = 0.3
"""The least share of the left part's height the map keeps when the objectives join it."""


def objectives_height(n: int) -> int:
    """The objectives panel for ``n`` objectives in two columns (0: no panel)."""
    if not n:
        return 0
    return 10 + line_h(BODY, True) + 4 + math.ceil(n / 2) * dash_row_h() + 6


def left_layout(x: int, y: int, w: int, h: int, game: Game, objectives: int = 0
                ) -> dict[str, pygame.Rect]:
    """The left part of the main screen and the replay viewer, inside (x, y, w, h): the
    overlay bar and the map across the top, and below them the World tracks (tension first)
    beside the selected state's dashboard (two columns). Keys: overlays, map, tracks, dash.
    """
    gap = 8
    bottom_h = max(tracks_height(), dashboard_height(game, 2))
    by = y + h - bottom_h
    tw = max(int(w * 0.3), tracks_width(game))
    r: dict[str, pygame.Rect] = {}
    r["tracks"] = pygame.Rect(x, by, tw, bottom_h)
    r["dash"] = pygame.Rect(x + tw + gap, by, w - tw - gap, bottom_h)
    bar_h = line_h(SMALL) + 14
    r["overlays"] = pygame.Rect(x, y, w, bar_h)
    oh = objectives_height(objectives)
    if oh and by - gap - oh - gap - (y + bar_h + 4) < MIN_MAP_SHARE * h:
        oh = 0      # large text in a small window: the map keeps its room (W lists them)
    if oh:
        r["objectives"] = pygame.Rect(x, by - gap - oh, w, oh)
        by -= gap + oh
    r["map"] = pygame.Rect(x, y + bar_h + 4, w, by - gap - (y + bar_h + 4))
    return r


MARGIN = 8


def frame_layout(w: int, h: int, game: Game, picker, objectives: int = 0
                 ) -> tuple[dict[str, pygame.Rect], int, int]:
    """The frame the main screen and the replay viewer share in a w×h window: the top bar and
    the left part (see :func:`left_layout`), with the overlay picker placed and its legend
    strip. Returns (rects, top bar height, left part's width)."""
    m = MARGIN
    top = line_h(BODY, True) + 18
    lw = int(w * left_share())
    r = {"top": pygame.Rect(0, 0, w, top)}
    r.update(left_layout(m, top + m, lw - m, h - top - 2 * m, game, objectives))
    r["legend"] = overlay_bar(r["overlays"], picker)
    return r, top, lw


def overlay_bar(o: pygame.Rect, picker) -> pygame.Rect:
    """Place the overlay picker at the left of ``o``; returns the legend strip's rect."""
    pw = min(max(o.w // 2, fonts.size("Stability", BODY)[0] + 64), 300, o.w - 80)
    picker.rect = pygame.Rect(o.x, o.y, pw, o.h)
    return pygame.Rect(o.x + pw + 6, o.y, o.w - pw - 6, o.h)


# ------------------------------------------------------------ the map's legend and overlay picker
_LEGENDS: dict[tuple, tuple[pygame.Surface, list[tuple[str, pygame.Rect]]]] = {}


def legend_ticks(ramp, bar: pygame.Rect, width: int) -> list[tuple[float, str, pygame.Rect]]:
    """The ramp's tick values, labels and label rects under ``bar``: 5 ticks, or 3, or just the
    two ends, whichever is the most that fit with a clear gap between numbers."""
    for n in (5, 3, 2):
        out = []
        for v in ramp.ticks(n):
            x = bar.x + round((v - ramp.lo) / (ramp.hi - ramp.lo) * (bar.w - 1))
            label = f"{v:+.0f}" if ramp.lo < 0 and v else f"{v:.0f}"
            tw, th = fonts.size(label, SMALL)
            r = pygame.Rect(0, bar.bottom, tw, th)
            r.centerx = min(max(x, tw // 2), width - (tw + 1) // 2)
            out.append((v, label, r))
        if n == 2 or all(a.right + 10 <= b.x for (_, _, a), (_, _, b) in zip(out, out[1:])):
            return out
    return out


def draw_legend_strip(surf: pygame.Surface, rect: pygame.Rect, legend) -> None:
    """The overlay's colour ramp as a strip with numbered ticks (drawn once per ramp, size and
    text size, then blitted); the overlay's name is on the picker beside it."""
    if not legend or rect.w < 60:
        return
    ramp = legend[0]
    key = (ramp.name, ramp.lo, ramp.hi, rect.size, fonts.text_scale())
    hit = _LEGENDS.get(key)
    if hit is None:
        if len(_LEGENDS) > 32:
            _LEGENDS.clear()
        img = pygame.Surface(rect.size, pygame.SRCALPHA)
        lab_h = line_h(SMALL)
        bar = pygame.Rect(6, 2, rect.w - 12, max(6, rect.h - lab_h - 4))
        for i in range(bar.w):
            v = ramp.lo + (ramp.hi - ramp.lo) * i / max(1, bar.w - 1)
            pygame.draw.line(img, ramp(v), (bar.x + i, bar.y), (bar.x + i, bar.bottom - 1))
        pygame.draw.rect(img, pal.TEXT_DIM, bar, 1)
        labels = []
        for v, label, r in legend_ticks(ramp, bar, rect.w):
            img.blit(fonts.render(label, SMALL, pal.TEXT), r)
            labels.append((label, r))
        hit = _LEGENDS[key] = (img, labels)
    img, labels = hit
    surf.blit(img, rect)
    for label, r in labels:
        fonts.note(surf, r.move(rect.topleft), label)


def overlay_picker(on_change) -> Picker:
    """The map overlay chooser (M, or Left/Right when focused); its tooltip explains it."""
    p = Picker("Map", [(i, label) for i, (_, label) in enumerate(mapdata.OVERLAYS)],
               on_change=on_change, hint="M")
    p.tip = overlay_tip(0)
    return p


def overlay_tip(i: int) -> str:
    title, _, body = mapdata.OVERLAY_TIPS[mapdata.OVERLAYS[i][0]].partition("\n")
    return f"Map: {title}\n{body} M or Left/Right: the next overlay."


__all__ = ["heat", "draw_tracks", "draw_dashboard", "draw_objectives", "objectives_height", "frame_layout", "indicator_keys", "left_layout",
           "overlay_bar", "series", "draw_legend_strip", "legend_ticks",
           "overlay_picker", "overlay_tip"]
