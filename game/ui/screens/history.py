"""History: charts of any state's indicators and of every state's score over the turns."""
from __future__ import annotations

import pygame

from ...engine import Game
from .. import charts
from .. import palette as pal
from ..widgets import (HEAD, SMALL, Button, Widget, fitting, focus_ring, line_h, state_badge,
                       text, theme)
from ..screen import Screen
from ..panels import indicator_keys

SERIES_COLOURS = [pal.SKY_BLUE, pal.ORANGE, pal.BLUISH_GREEN, pal.YELLOW, pal.REDDISH_PURPLE,
                  pal.VERMILLION, pal.OI_WHITE, pal.BLUE, (200, 200, 200)]


class StateTabs(Widget):
    """Six state tabs; 1–6 or Left/Right choose."""

    def __init__(self, actors: tuple[str, ...], names: dict[str, str], index: int, on_change) -> None:
        super().__init__()
        self.actors = actors
        self.names = names
        self.index = index
        self.on_change = on_change

    def set(self, i: int) -> None:
        self.index = i % len(self.actors)
        self.on_change(self.actors[self.index])

    def key(self, ev) -> bool:
        if ev.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.set(self.index + (1 if ev.key == pygame.K_RIGHT else -1))
            return True
        return False

    def tab(self, i: int) -> pygame.Rect:
        w = self.rect.w // len(self.actors)
        return pygame.Rect(self.rect.x + i * w, self.rect.y, w - 6, self.rect.h)

    def click(self, pos, button) -> bool:
        for i in range(len(self.actors)):
            if self.tab(i).collidepoint(pos):
                self.set(i)
        return True

    def draw(self, surf, focused, hover) -> None:
        th = theme()
        for i, a in enumerate(self.actors):
            r = self.tab(i)
            sel = i == self.index
            pygame.draw.rect(surf, th.selected if sel else th.button, r, border_radius=6)
            ih = r.h - 10
            state_badge(surf, pygame.Rect(r.x + 6, r.y + 5, ih, ih), a)
            text(surf, f"{i + 1} {pal.STATES[a].short}", (r.x + 12 + ih, r.centery), SMALL,
                 th.text, sel, "midleft", max_w=r.w - ih - 16)
        if focused:
            focus_ring(surf, self.rect)


class HistoryScreen(Screen):
    name = "history"
    keys = [("1 … 6 or Left/Right", "choose the state"), ("Esc or Enter", "back")]

    def __init__(self, app, game: Game, actor: str, back=None, upto: int | None = None) -> None:
        super().__init__(app)
        self.game = game
        self.actor = actor if actor in game.actors else "dprk"
        self.back_to = back
        self.upto = upto
        self.tabs = StateTabs(game.actors, game.rules.names, game.actors.index(self.actor),
                              self._set)
        self.back_b = Button("Back", self.back, hint="Esc", style="primary")
        self.ring.set([self.tabs, self.back_b])
        self.rects: dict[str, pygame.Rect] = {}

    @property
    def in_game(self) -> bool:
        return self.app.session is not None and self.app.session.game is self.game

    def _set(self, actor: str) -> None:
        self.actor = actor

    def back(self) -> None:
        if self.back_to is not None:
            self.app.show(self.back_to)

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            if pygame.K_1 <= ev.key <= pygame.K_6:
                self.tabs.set(ev.key - pygame.K_1)
                return True
            if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_h):
                self.back()
                return True
        return super().handle(ev)

    def layout(self, w: int, h: int) -> None:
        m = 10
        top = line_h(HEAD, True) + 20
        tab_h = line_h(SMALL, True) + 18
        self.tabs.rect = pygame.Rect(m, top, w - 2 * m, tab_h)
        self.back_b.rect = pygame.Rect(w - m - 180, 7, 180, top - 14)
        y = top + tab_h + 10
        self.rects["ind"] = pygame.Rect(m, y, int(w * 0.55) - m, h - y - m)
        self.rects["score"] = pygame.Rect(int(w * 0.55) + 8, y, w - int(w * 0.55) - 8 - m,
                                          h - y - m)

    def points(self) -> tuple[list[dict], list[dict], list[str], int]:
        """(values, scores, x-axis labels, turns played) to chart: the start (turn 0) and every
        turn played (up to ``upto`` in a replay), then "now" when the state has moved since the
        last turn (a teacher's injected event). The axis runs to the game's last turn."""
        g = self.game
        if self.upto is not None:
            hist, scores = g.history[:self.upto + 1], g.score_history[:self.upto + 1]
        else:
            hist, scores = list(g.history), list(g.score_history)
        played = len(hist) - 1
        if self.upto is None and g.state.values != hist[-1]:
            hist.append(g.state.values)
            scores.append(g.scores())
        slots = max(g.scenario.turns + 1, len(hist))
        labels = [str(i) for i in range(slots)]
        if len(hist) - 1 > played:
            labels[len(hist) - 1] = "now"
        return hist, scores, labels, played

    def draw(self, surf) -> None:
        th = theme()
        g = self.game
        hist, scores, x_labels, played = self.points()
        name = g.rules.name(self.actor)
        if played == 0:
            when = "the start: no turns played yet"
        else:
            when = f"after turn {played} of {g.scenario.turns}"
        if len(hist) - 1 > played:
            when += " (now: after an event this turn)"
        text(surf, f"History — {name}, {when}", (12, 10), HEAD, th.text, True,
             max_w=self.back_b.rect.x - 24)
        slots = len(x_labels)
        series = {label: [v[k] for v in hist] for k, label in indicator_keys(g, self.actor)}
        colours = {k: SERIES_COLOURS[i % len(SERIES_COLOURS)] for i, k in enumerate(series)}
        charts.line_chart(surf, self.rects["ind"], series, colours,
                          f"{pal.STATES[self.actor].short}: indicators by turn", "value (0–100)",
                          x_labels=x_labels, y_range=(0, 100), x_count=slots)
        sc = {pal.STATES[a].short: [s[a] for s in scores] for a in g.actors}
        cols = {pal.STATES[a].short: pal.STATES[a].colour for a in g.actors}
        styles = {pal.STATES[a].short: (pal.STATES[a].dash, pal.STATES[a].marker)
                  for a in g.actors}
        title = fitting(["Scores by turn (own objectives)", "Scores by turn", "Scores"], HEAD,
                        self.rects["score"].w - 20, True)
        charts.line_chart(surf, self.rects["score"], sc, cols, title,
                          "score (0–100)", x_labels=x_labels, y_range=(0, 100), styles=styles,
                          x_count=slots)
        super().draw(surf)
