"""The end of a game: each state's final score with its objectives broken down, a war ending
explained from the ledger, and the replay saved."""
from __future__ import annotations

import time

import pygame

from ...engine import Game
from .. import palette as pal
from ..session import Session
from .. import fonts
from ..widgets import (BODY, HEAD, SMALL, TITLE, Button, ListView, button_row, draw_arrow,
                       fitting, line_h, panel, paragraph, state_badge, text, theme, wrap)
from ..screen import Screen
from ..describe import number


def war_story(game: Game, viewer: str | None = None) -> str:
    """Why the war came: the biggest pushes to tension in the final turn, from the ledger."""
    last = game.reports[-1].turn if game.reports else game.turn
    parts = game.explain("track.tension", last, viewer)
    ups = sorted((p for p in parts if p["delta"] > 0), key=lambda p: -p["delta"])[:3]
    push = "; ".join(f"{p['label']} ({number(p['delta'])})" for p in ups)
    war = next(t.war_at for t in game.public_view().tracks if t.id == "tension")
    s = (f"During turn {last} tension on the peninsula reached {war:.0f}, the top of its "
         f"track: war broke out, and every state scores 0 — the outcome every side loses.")
    if push:
        s += f" The last pushes: {push}."
    return s


class EndScreen(Screen):
    """Six score cards, each with its objectives; when the text is too large for every
    objective to fit in the cards, a ranking list (Up/Down) beside the chosen state's card."""

    name = "final scores"
    keys = [("Up/Down", "choose a state (large text)"), ("S", "save the replay"),
            ("H", "history charts"), ("Esc or Q", "title screen")]

    def __init__(self, app, session: Session | None, game: Game | None = None,
                 on_back=None) -> None:
        super().__init__(app)
        self.session = session
        g = game or (session.game if session else None)
        if g is None:
            raise ValueError("EndScreen needs a session or a game")
        self.game = g
        self.on_back = on_back
        self.saved: str = ""
        self.save_b = Button("Save the replay", self.save, hint="S", style="primary")
        self.hist_b = Button("History charts", self.history, hint="H")
        self.back_b = Button("Title screen" if on_back is None else "Back", self.back,
                             hint="Esc")
        self.save_b.visible = session is not None
        self.standings = {st.actor: st for st in self.game.public_view().standings}
        scores = self.game.scores()
        self.order = sorted(self.game.actors, key=lambda a: -scores[a])
        self.ranking = ListView(self.order, self._rank_row)
        self.grid = True
        self.cards: list[pygame.Rect] = []
        self.detail = pygame.Rect(0, 0, 0, 0)
        self.head_h = 0
        self._ring()

    def _ring(self) -> None:
        buttons = [b for b in (self.save_b, self.hist_b, self.back_b) if b.visible]
        self.ring.set(buttons if self.grid else [self.ranking, *buttons])
        if not self.grid:
            self.ring.focus(self.ranking)

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
        who = self.order[self.ranking.selected] if not self.grid else "dprk"
        self.app.go("history", game=self.game, actor=who, back=self)

    def back(self) -> None:
        if self.on_back is not None:
            self.on_back()
            return
        self.app.quit_to_title()

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

    # ------------------------------------------------------------------ layout
    def title_size(self) -> int:
        """The big title, a step smaller at large text (the cards need the room)."""
        return TITLE if fonts.text_scale() <= 1.1 else fonts.TITLE

    def subtitle(self) -> str:
        g = self.game
        if g.state.war:
            return war_story(g, self.session.viewer if self.session else None)
        how = ("The teacher ended the game early" if any(
            a.get("action") == "end_early" for r in g.reports for a in r.actions)
            or (g.state.over and len(g.reports) < g.scenario.turns) else "The game is over")
        n = len(g.reports)
        return (f"{how} after {n} turn{'s' if n != 1 else ''}. Each state scores 0–100 on its "
                f"own objectives: each row shows an objective, its value now (a down arrow: "
                f"lower is better) and the points it earned.")

    def layout(self, w: int, h: int) -> None:
        m = 12
        bh = line_h(BODY, True) + 16
        sub = wrap(self.subtitle(), BODY, w - 2 * m)
        self.head_h = line_h(self.title_size(), True) + 8 + min(3, len(sub)) * line_h(BODY) + 8
        row = pygame.Rect(m, h - m - bh, w - 2 * m, bh)
        buttons = [b for b in (self.save_b, self.hist_b, self.back_b) if b.visible]
        bw = max(fonts.size(f"{b.label}  [{b.hint}]", BODY, True)[0] + 28 for b in buttons)
        bw = min(bw, (row.w - 12 * (len(buttons) - 1)) // len(buttons))
        n = len(buttons)
        button_row(buttons, pygame.Rect(row.right - n * bw - (n - 1) * 12, row.y,
                                        n * bw + (n - 1) * 12, bh))
        top = m + self.head_h
        area = pygame.Rect(m, top, w - 2 * m, row.y - 10 - top)
        most = max(len(st.objectives) for st in self.standings.values())
        ch = (area.h - 10) // 2
        self.grid = ch >= self.card_height(most)
        if self.grid:
            cw = (area.w - 2 * 10) // 3
            self.cards = [pygame.Rect(m + (i % 3) * (cw + 10), top + (i // 3) * (ch + 10), cw, ch)
                          for i in range(6)]
        else:
            lw = max(int(area.w * 0.36), 0)
            self.ranking.row_h = line_h(BODY, True) + 14
            self.ranking.rect = pygame.Rect(area.x, area.y, lw, min(area.h, 6 * self.ranking.row_h))
            self.detail = pygame.Rect(area.x + lw + 12, area.y, area.w - lw - 12, area.h)
        self._ring()

    @staticmethod
    def card_height(rows: int) -> int:
        return 12 + line_h(HEAD, True) + 6 + rows * (line_h(SMALL) + 1) + 8

    # ------------------------------------------------------------------ drawing
    def draw(self, surf) -> None:
        th = theme()
        g = self.game
        w = surf.get_width()
        ts = self.title_size()
        if g.state.war:
            text(surf, f"WAR — {g.date()}", (12, 12), ts, pal.VERMILLION, True, max_w=w - 24)
            colour = th.text
        else:
            text(surf, f"Final scores — {g.date()}", (12, 12), ts, th.text, True, max_w=w - 24)
            colour = th.muted
        y = 16 + line_h(ts, True)
        paragraph(surf, self.subtitle(), pygame.Rect(12, y, w - 24, 12 + self.head_h - y - 4),
                  BODY, colour)
        scores = g.scores()
        if self.grid:
            for rank, (a, r) in enumerate(zip(self.order, self.cards)):
                self._card(surf, r, a, scores[a], rank + 1)
        else:
            a = self.order[self.ranking.selected]
            self._card(surf, self.detail, a, scores[a], self.ranking.selected + 1)
            lr = self.ranking.rect
            if lr.bottom + 12 + line_h(SMALL) <= self.detail.bottom:
                paragraph(surf, "Up/Down: another state's objectives",
                          pygame.Rect(lr.x + 4, lr.bottom + 12, lr.w - 8,
                                      self.detail.bottom - lr.bottom - 12), SMALL, th.muted)
        super().draw(surf)

    def _who(self, actor: str) -> str:
        if self.session is not None and self.session.is_human(actor):
            return " (player)"
        return ""

    def _rank_row(self, surf, r: pygame.Rect, actor: str, sel: bool) -> None:
        th = theme()
        g = self.game
        hh = r.h - 12
        state_badge(surf, pygame.Rect(r.x + 6, r.y + 6, hh, hh), actor)
        sc = text(surf, f"{g.scores()[actor]:.0f}", (r.right - 10, r.centery), BODY, th.focus,
                  True, "midright")
        rank = self.order.index(actor) + 1
        room = sc.x - 10 - (r.x + hh + 14)
        name = fitting([f"{rank}. {g.rules.name(actor)}{self._who(actor)}",
                        f"{rank}. {g.rules.name(actor)}",
                        f"{rank}. {pal.STATES[actor].short}"], BODY, room, True)
        text(surf, name, (r.x + hh + 14, r.centery), BODY, th.text, True, "midleft", max_w=room)

    def _card(self, surf, r: pygame.Rect, actor: str, score: float, rank: int) -> None:
        th = theme()
        g = self.game
        c = panel(surf, r)
        hh = line_h(HEAD, True)
        state_badge(surf, pygame.Rect(c.x, c.y, hh, hh), actor)
        sc = text(surf, f"{score:.0f}", (c.right, c.y + hh // 2), HEAD, th.focus, True,
                  "midright")
        room = sc.x - 12 - (c.x + hh + 8)
        name = fitting([f"{rank}. {g.rules.name(actor)}{self._who(actor)}",
                        f"{rank}. {g.rules.name(actor)}", f"{rank}. {pal.STATES[actor].short}"],
                       BODY, room, True)
        text(surf, name, (c.x + hh + 8, c.y + hh // 2), BODY, th.text, True, "midleft",
             max_w=room)
        y = c.y + hh + 6
        lh = line_h(SMALL) + 1
        f, fb = fonts.font(SMALL), fonts.font(SMALL, True)
        pts_w = fb.size("20.0")[0]
        val_w = f.size("-100")[0] + 16                # the value and its "lower is better" arrow
        for p in self.standings[actor].objectives:
            if y + lh > c.bottom + 2:
                break
            text(surf, p.label, (c.x, y), SMALL, th.text, False,
                 max_w=c.w - pts_w - val_w - 16)
            vr = text(surf, f"{p.value:.0f}", (c.right - pts_w - 10, y), SMALL, th.muted,
                      False, "topright")
            if p.direction == "down":      # lower is better
                draw_arrow(surf, (vr.x - 9, vr.centery), "down", 5, th.muted)
            text(surf, f"{p.points:.1f}", (c.right, y), SMALL, th.text, True, "topright")
            y += lh
