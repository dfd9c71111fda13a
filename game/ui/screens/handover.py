"""Hotseat hand-over: a blank screen between seats, so nobody sees the last one's orders.
Until the next team starts its turn, the team before it can take its End turn back (U)."""
from __future__ import annotations

import pygame

from .. import fonts
from ..session import Session
from ..widgets import BODY, HEAD, TITLE, Button, line_h, paragraph, state_badge, text, theme, wrap
from ..screen import Screen


class PassScreen(Screen):
    name = "pass to the next player"
    in_game = True
    keys = [("Enter", "start this seat's turn"),
            ("U", "the team before: take back its End turn (until this team starts)"),
            ("Esc", "game menu (save, load, teacher)")]

    def __init__(self, app, session: Session, seat: str) -> None:
        super().__init__(app)
        self.session = session
        self.seat = seat
        name = session.game.rules.name(seat)
        self.go = Button(f"We are {name}: start our turn", lambda: app.play_seat(seat),
                         hint="Enter", style="primary")
        last = session.can_reopen()
        self.undo: Button | None = None
        if last is not None:
            self.undo = Button(f"{session.game.rules.name(last)}: take back our End turn",
                               self.reopen, hint="U", short="Take back End turn")
        self.ring.set([self.go, self.undo])
        self.badge = 160
        self.msg_w = 900

    def back(self) -> None:
        self.app.open("menu", under=self)

    def reopen(self) -> None:
        self.app.reopen_seat()

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_u and self.undo is not None \
                and not ev.mod & pygame.KMOD_CTRL:
            self.reopen()
            return True
        return super().handle(ev)

    def title_size(self) -> int:
        return TITLE if fonts.text_scale() <= 1.1 else fonts.TITLE

    def message(self) -> str:
        g = self.session.game
        name = g.rules.name(self.seat)
        done = [a for a in self.session.humans if a in g.pending]
        n = len(self.session.humans)
        has = "has" if len(done) == 1 else "have"
        return (f"The other teams' orders are hidden. {len(done)} of {n} teams {has} "
                f"ordered this turn. Only the team playing {name} should look at the screen "
                f"now.")

    def layout(self, w: int, h: int) -> None:
        """The badge, the title, the date and the message from the top; the button below them
        (at 72 % of the height, or lower when large text needs the room)."""
        self.badge = min(160, int(h * 0.2))
        self.msg_w = min(900, w - 80)
        y = int(h * 0.1) + self.badge + 24 + line_h(self.title_size(), True) + 10 + \
            line_h(HEAD) + 18 + len(wrap(self.message(), BODY, self.msg_w)) * line_h(BODY)
        bw = min(max(640, fonts.size(f"{self.go.label}  [Enter]", BODY, True)[0] + 40), w - 40)
        bh = line_h(BODY, True) + 24
        gy = min(max(int(h * 0.72), y + 20), h - bh - 12)
        if self.undo is not None:
            gy = min(gy, h - 2 * bh - 24)
            self.undo.rect = pygame.Rect((w - bw) // 2, gy + bh + 12, bw, bh)
        self.go.rect = pygame.Rect((w - bw) // 2, gy, bw, bh)

    def draw(self, surf) -> None:
        th = theme()
        w, h = surf.get_size()
        g = self.session.game
        name = g.rules.name(self.seat)
        size = self.badge
        state_badge(surf, pygame.Rect((w - size) // 2, int(h * 0.1), size, size), self.seat)
        y = int(h * 0.1) + size + 24
        ts = self.title_size()
        text(surf, f"Pass the computer to {name}", (w // 2, y), ts, th.text, True, "midtop",
             max_w=w - 40)
        y += line_h(ts, True) + 10
        text(surf, f"{g.date()} · turn {g.turn} of {g.scenario.turns}", (w // 2, y), HEAD,
             th.accent, False, "midtop")
        y += line_h(HEAD) + 18
        paragraph(surf, self.message(), pygame.Rect((w - self.msg_w) // 2, y, self.msg_w,
                                                    self.go.rect.y - 8 - y), BODY, th.text,
                  align="center")
        super().draw(surf)
