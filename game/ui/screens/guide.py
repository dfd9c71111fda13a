"""The first-game guide: an overlay on a game's first turn that walks a new player through the
main screen (what they play for, the world's tracks, their numbers, the map) and one lever,
from choosing it to queueing it, then capital, invitations and ending the turn.

Right, Enter or Space: next step; Left: back; Esc (or Close) ends it; the mouse has Next,
Back and Close. Once finished or closed it is not shown again (the setting ``guide`` in
game/ui/settings.py) unless asked: G on the main screen shows it again.
"""
from __future__ import annotations

import pygame

from ..screen import Screen
from ..widgets import (BODY, HEAD, SMALL, Button, dim, focus_ring, line_h, paragraph, text,
                       theme, wrap)


class GuideOverlay(Screen):
    name = "guide"
    modal = True
    keys = [("Right, Enter or Space", "next step"), ("Left", "back a step"),
            ("A", "on the lever step: queue the highlighted lever"),
            ("Esc", "close the guide (G on the main screen shows it again)")]

    def __init__(self, app, screen) -> None:
        super().__init__(app)
        self.main = screen
        self.step = 0
        self.next_b = Button("Next", self.forward, hint="Enter", style="primary")
        self.back_b = Button("Back", self.backward, hint="Left")
        self.close_b = Button("Close guide", self.finish, hint="Esc")
        self.ring.set([self.next_b, self.back_b, self.close_b])
        self.box = pygame.Rect(0, 0, 0, 0)
        self.steps = self.make_steps()

    # ------------------------------------------------------------------ content
    def make_steps(self) -> list[tuple[str, str, str | None]]:
        """(title, text, the main screen's part to point at) for each step."""
        m = self.main
        g = m.session.game
        seat = m.seat
        name = g.rules.name(seat)
        v = m.session.seat_view(seat)
        objs = sorted(v.objectives, key=lambda o: -o.weight)
        top = ", ".join(f"{o.label} (×{o.weight:g})" for o in objs[:3])
        lv = m.levers
        lc = lv.choice() if lv else None
        lever = (f"The highlighted lever is “{lc.name}” ({lc.cost} PC). Below the list: its "
                 f"target (T or Left/Right), what it is expected to do and the passage of the "
                 f"articles it rests on. Press A now to queue it (or Next to go on without it)."
                 if lc else "Choose a lever group with 1–5 and a lever with Up/Down.")
        war = g.rules.war_at
        return [
            (f"Welcome: you play {name}",
             f"This short guide shows the screen and one lever. Each turn you choose orders "
             f"(levers), then every state's orders resolve together and the news tells what "
             f"happened. Right or Enter: next · Left: back · Esc: close (G brings it back).",
             None),
            ("What you play for",
             f"Your score (0–100) comes only from your objectives, each weighted: {top}"
             f"{' and more' if len(objs) > 3 else ''}. This panel shows each one's points now and "
             f"its change last turn. Click any number, or press W, to see why it moved.",
             "objectives"),
            ("The world",
             f"Tension is the most important track: its stages run from calm to brink. At "
             f"{war:g} there is WAR: the game ends at once and every state scores 0, you too. "
             f"The other tracks are the UN sanctions, nuclear talks and Ukraine.",
             "tracks"),
            ("Your numbers",
             "Your indicators, with this turn's change and a sparkline of every turn. Click "
             "a state on the map (or press S) to see its numbers instead.", "dash"),
            ("The map", "M changes what the map shows: relations with you, stability, "
             "sanctions and influence over Pyongyang. Markers show summits, drills and "
             "projects.", "map"),
            ("One lever", lever, "levers"),
            ("Political capital",
             f"{v.capital_note} Your orders and what they cost are listed here.", "queue"),
            ("Invitations and the end of the turn",
             "Other leaders may invite you to a summit: press I to see every invitation "
             "waiting for an answer and accept or rebuff it. When your orders are ready, "
             "press E (End turn). If your orders could push tension to war, you are warned "
             "first. F1 lists every key; B shows your briefing again.", "queue"),
        ]

    # ------------------------------------------------------------------ actions
    def forward(self) -> None:
        if self.step >= len(self.steps) - 1:
            self.finish()
            return
        self.step += 1
        self._buttons()

    def backward(self) -> None:
        self.step = max(0, self.step - 1)
        self._buttons()

    def finish(self) -> None:
        """Closed or done: not shown again unless asked (G)."""
        self.app.remember(guide=False)
        self.app.close(self)

    def _buttons(self) -> None:
        last = self.step == len(self.steps) - 1
        self.next_b.label = "Start playing" if last else "Next"
        self.back_b.enabled = self.step > 0
        self.layout(*self.app.size)

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN:
            k = ev.key
            if k in (pygame.K_RIGHT, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                if self.ring.focused is self.back_b and k != pygame.K_RIGHT:
                    self.backward()
                elif self.ring.focused is self.close_b and k != pygame.K_RIGHT:
                    self.finish()
                else:
                    self.forward()
            elif k == pygame.K_LEFT:
                self.backward()
            elif k == pygame.K_a and self.steps[self.step][2] == "levers" and \
                    self.main.levers is not None:
                self.main.levers.add()
                self.forward()
            else:
                self.ring.handle(ev)
            return True
        self.ring.handle(ev)
        return True      # modal: the screen below waits

    def back(self) -> None:
        self.finish()

    # ------------------------------------------------------------------ drawing
    def target(self) -> pygame.Rect | None:
        part = self.steps[self.step][2]
        return self.main.rects.get(part) if part else None

    def layout(self, w: int, h: int) -> None:
        t = self.target()
        bw = min(720, w - 40)
        if t is not None:          # beside the part, not over it, when there is room
            side = max(t.x - 40, w - t.right - 40)
            if side >= 420:
                bw = min(bw, side)
        title, body, _ = self.steps[self.step]
        lines = wrap(body, BODY, bw - 40)
        btn_h = line_h(BODY, True) + 16
        bh = 24 + line_h(HEAD, True) + 10 + len(lines) * line_h(BODY) + 16 + btn_h + 16 + \
            line_h(SMALL)
        if t is None:
            x, y = (w - bw) // 2, (h - bh) // 2
        else:                      # beside the part it explains, on the other side
            x = 20 if t.x - 40 >= w - t.right - 40 else w - bw - 20
            y = max(20, min(h - bh - 20, t.centery - bh // 2))
        self.box = pygame.Rect(x, y, bw, bh)
        by = self.box.bottom - 16 - btn_h - line_h(SMALL)
        widths = [min(200, (bw - 64) * 10 // 29), min(160, (bw - 64) * 8 // 29),
                  min(220, (bw - 64) * 11 // 29)]
        bx = self.box.x + 20
        for b, bw_ in zip((self.next_b, self.back_b, self.close_b), widths):
            b.rect = pygame.Rect(bx, by, bw_, btn_h)
            bx += bw_ + 12

    def draw(self, surf) -> None:
        th = theme()
        t = self.target()
        if t is not None:
            t = t.clip(surf.get_rect())
            lit = surf.subsurface(t).copy()
        dim(surf, 150)
        if t is not None:          # the part it explains, lit and outlined
            surf.blit(lit, t)
            pygame.draw.rect(surf, th.focus, t.inflate(8, 8), 4, border_radius=8)
        pygame.draw.rect(surf, th.panel_alt, self.box, border_radius=10)
        pygame.draw.rect(surf, th.focus, self.box, 3, border_radius=10)
        title, body, _ = self.steps[self.step]
        y = self.box.y + 16
        text(surf, f"{title}", (self.box.x + 20, y), HEAD, th.text, True,
             max_w=self.box.w - 40)
        y += line_h(HEAD, True) + 10
        paragraph(surf, body, pygame.Rect(self.box.x + 20, y, self.box.w - 40,
                                          self.next_b.rect.y - 12 - y), BODY, th.text)
        text(surf, f"Step {self.step + 1} of {len(self.steps)} · Esc closes the guide; G "
             f"on the main screen shows it again", (self.box.x + 20, self.box.bottom - 12),
             SMALL, th.muted, False, "bottomleft", max_w=self.box.w - 40)
        self.ring.draw(surf)
        if self.ring.focused is None:
            focus_ring(surf, self.next_b.rect)

    def draw_tip(self, surf) -> None:
        pass


__all__ = ["GuideOverlay"]
