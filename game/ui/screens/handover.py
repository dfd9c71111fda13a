"""Hotseat hand-over: a blank screen between seats, so nobody sees the last one's orders."""
from __future__ import annotations

import pygame

from ..session import Session
from ..widgets import BODY, HEAD, TITLE, Button, line_h, paragraph, state_badge, text, theme
from .base import Screen


class PassScreen(Screen):
    name = "pass to the next player"
    in_game = True
    keys = [("Enter", "start this seat's turn"), ("Esc", "game menu (save, load, teacher)")]

    def __init__(self, app, session: Session, seat: str) -> None:
        super().__init__(app)
        self.session = session
        self.seat = seat
        name = session.game.rules.name(seat)
        self.go = Button(f"We are {name}: start our turn", lambda: app.play_seat(seat),
                         hint="Enter", style="primary")
        self.ring.set([self.go])

    def back(self) -> None:
        from .menu import GameMenu
        self.app.open(GameMenu(self.app, self))

    def layout(self, w: int, h: int) -> None:
        bw = min(640, w - 80)
        bh = line_h(BODY, True) + 24
        self.go.rect = pygame.Rect((w - bw) // 2, int(h * 0.72), bw, bh)

    def draw(self, surf) -> None:
        th = theme()
        w, h = surf.get_size()
        g = self.session.game
        name = g.rules.name(self.seat)
        done = [a for a in self.session.humans if a in g.pending]
        size = min(160, int(h * 0.2))
        state_badge(surf, pygame.Rect((w - size) // 2, int(h * 0.1), size, size), self.seat)
        y = int(h * 0.1) + size + 24
        text(surf, f"Pass the computer to {name}", (w // 2, y), TITLE, th.text, True, "midtop",
             max_w=w - 40)
        y += line_h(TITLE, True) + 10
        text(surf, f"{g.date()} · turn {g.turn} of {g.scenario.turns}", (w // 2, y), HEAD,
             th.accent, False, "midtop")
        y += line_h(HEAD) + 18
        order = self.session.humans
        msg = (f"The other players' orders are hidden. {len(done)} of {len(order)} players "
               f"have ordered this turn. Only {name}'s team should look at the screen now.")
        bw = min(900, w - 80)
        paragraph(surf, msg, pygame.Rect((w - bw) // 2, y, bw, line_h(BODY) * 3), BODY,
                  th.text, align="center")
        super().draw(surf)
