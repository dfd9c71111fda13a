"""The end of a game: each state's final score with its objectives broken down, a war ending
explained from the ledger, and the replay saved."""
from __future__ import annotations

import time

import pygame

from ...engine import Game
from .. import palette as pal
from ..session import Session, is_human
from ..widgets import (BODY, HEAD, SMALL, TITLE, Button, button_row, draw_arrow, line_h, panel,
                       paragraph, state_badge, text, theme)
from .base import Screen
from .describe import number


def war_story(game: Game, viewer: str | None = None) -> str:
    """Why the war came: the biggest pushes to tension in the final turn, from the ledger."""
    last = game.reports[-1].turn if game.reports else game.turn
    parts = game.explain("track.tension", last, viewer)
    ups = sorted((p for p in parts if p["delta"] > 0), key=lambda p: -p["delta"])[:3]
    push = "; ".join(f"{p['label']} ({number(p['delta'])})" for p in ups)
    war = game.rules.war_at
    s = (f"During turn {last} tension on the peninsula reached {war:.0f}, the top of its "
         f"track: war broke out, and every state scores 0 — the outcome every side loses.")
    if push:
        s += f" The last pushes: {push}."
    return s


class EndScreen(Screen):
    name = "final scores"
    keys = [("S", "save the replay"), ("H", "history charts"), ("Esc or Q", "title screen")]

    def __init__(self, app, session: Session | None, game: Game | None = None,
                 on_back=None) -> None:
        super().__init__(app)
        self.session = session
        self.game = game or session.game
        self.on_back = on_back
        self.saved: str = ""
        self.save_b = Button("Save the replay", self.save, hint="S", style="primary")
        self.hist_b = Button("History charts", self.history, hint="H")
        self.back_b = Button("Title screen" if on_back is None else "Back", self.back,
                             hint="Esc")
        self.save_b.visible = session is not None
        self.ring.set([b for b in (self.save_b, self.hist_b, self.back_b) if b.visible])
        self.cards: list[pygame.Rect] = []

    def save(self) -> None:
        s = self.session
        if s is None:
            return
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = s.saves_dir / f"{s.game.scenario.name}-replay-{stamp}.json"
        try:
            s.save(path)
        except OSError as e:
            self.app.message("Could not save the replay", str(e), danger=True)
            return
        self.saved = str(path)
        self.app.message("Replay saved", f"Saved to {path}. Watch it from the title screen "
                         f"(Watch a replay) or check it with `whales replay verify`.")

    def history(self) -> None:
        from .history import HistoryScreen
        self.app.show(HistoryScreen(self.app, self.game, "dprk", back=self))

    def back(self) -> None:
        if self.on_back is not None:
            self.on_back()
            return
        from .title import TitleScreen
        self.app.session = None
        self.app.show(TitleScreen(self.app))

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            if ev.key == pygame.K_s and self.save_b.visible:
                self.save()
                return True
            if ev.key == pygame.K_h:
                self.history()
                return True
            if ev.key == pygame.K_q:
                self.back()
                return True
        return super().handle(ev)

    def layout(self, w: int, h: int) -> None:
        m = 12
        bh = line_h(BODY, True) + 16
        head = line_h(TITLE, True) + 16 + line_h(BODY) * 2 + 8
        row = pygame.Rect(m, h - m - bh, w - 2 * m, bh)
        button_row([b for b in (self.save_b, self.hist_b, self.back_b) if b.visible],
                   pygame.Rect(row.right - 3 * 300, row.y, 3 * 300 - 0, bh))
        top = m + head
        ch = (row.y - 10 - top - 10) // 2
        cw = (w - 2 * m - 2 * 10) // 3
        self.cards = [pygame.Rect(m + (i % 3) * (cw + 10), top + (i // 3) * (ch + 10), cw, ch)
                      for i in range(6)]

    def draw(self, surf) -> None:
        th = theme()
        g = self.game
        w = surf.get_width()
        st = g.state
        viewer = self.session.viewer if self.session else None
        if st.war:
            text(surf, f"WAR — {g.date()}", (12, 12), TITLE, pal.VERMILLION, True)
            paragraph(surf, war_story(g, viewer), pygame.Rect(12, 16 + line_h(TITLE, True),
                                                              w - 24, line_h(BODY) * 2 + 4),
                      BODY, th.text)
        else:
            how = ("The teacher ended the game early" if any(
                a.get("action") == "end_early" for r in g.reports for a in r.actions)
                or (st.over and len(g.reports) < g.scenario.turns) else "The game is over")
            text(surf, f"Final scores — {g.date()}", (12, 12), TITLE, th.text, True)
            n = len(g.reports)
            paragraph(surf, f"{how} after {n} turn{'s' if n != 1 else ''}. Each state scores "
                            f"0–100 on its own objectives: each row shows an objective, its "
                            f"value now (a down arrow: lower is better) and the points it earned.",
                      pygame.Rect(12, 16 + line_h(TITLE, True), w - 24, 2 * line_h(BODY)),
                      BODY, th.muted)
        scores = g.scores()
        order = sorted(g.actors, key=lambda a: -scores[a])
        for rank, (a, r) in enumerate(zip(order, self.cards)):
            self._card(surf, r, a, scores[a], rank + 1)
        super().draw(surf)

    def _card(self, surf, r: pygame.Rect, actor: str, score: float, rank: int) -> None:
        th = theme()
        g = self.game
        c = panel(surf, r)
        hh = line_h(HEAD, True)
        state_badge(surf, pygame.Rect(c.x, c.y, hh, hh), actor)
        who = ""
        if self.session is not None and is_human(self.session.seats[actor]):
            who = " (player)"
        text(surf, f"{rank}. {g.rules.name(actor)}{who}", (c.x + hh + 8, c.y + hh // 2), BODY,
             th.text, True, "midleft", max_w=c.w - hh - 90)
        text(surf, f"{score:.0f}", (c.right, c.y + hh // 2), HEAD, th.focus, True, "midright")
        y = c.y + hh + 6
        lh = line_h(SMALL) + 1
        parts = g.rules.score_parts(g.state, actor)
        for p in parts:
            if y + lh > c.bottom:
                break
            text(surf, p["label"], (c.x, y), SMALL, th.text, False, max_w=c.w - 120)
            vr = text(surf, f"{p['value']:.0f}", (c.right - 62, y), SMALL, th.muted, False,
                      "topright")
            if p["direction"] == "down":      # lower is better
                draw_arrow(surf, (vr.x - 10, vr.centery), "down", 5, th.muted)
            text(surf, f"{p['points']:.1f}", (c.right, y), SMALL, th.text, True, "topright")
            y += lh
