"""The teacher's controls: pause the class, inject one of the scenario's events now, end the
game early. Each is an engine call (``inject_event``, ``end_early``) and is recorded."""
from __future__ import annotations

import pygame

from ..widgets import (BODY, HEAD, SMALL, TITLE, Button, ListView, dim, line_h, paragraph,
                       text, theme, wrap)
from ..screen import Screen


class TeacherPanel(Screen):
    name = "teacher's controls"
    modal = True
    keys = [("Up/Down", "choose an event"), ("I or Enter", "inject the chosen event now"),
            ("P", "pause / resume the class"), ("X", "end the game now (asks first)"),
            ("Esc", "close")]

    def __init__(self, app) -> None:
        super().__init__(app)
        self.session = app.session
        self.events = list(self.session.game.scenario.events)
        self.list = ListView(self.events, self._row, on_activate=lambda i: self.inject())
        self.inject_b = Button("Inject this event now", self.inject, hint="I", style="primary",
                               short="Inject")
        self.pause_b = Button("Pause the class", self._pause, hint="P", short="Pause")
        self.end_b = Button("End the game now", self.end, hint="X", style="danger",
                            short="End now")
        self.close_b = Button("Close", self.back, hint="Esc")
        self.ring.set([self.list, self.inject_b, self.pause_b, self.end_b, self.close_b])
        self.box = pygame.Rect(0, 0, 0, 0)

    def _row(self, surf, r, ev, sel: bool) -> None:
        th = theme()
        rules = self.session.game.rules
        turn, chance = rules.event_turn[ev.id], rules.event_chance[ev.id]
        when = f"turn {turn}" if turn else f"{round(chance * 100)}% a turn"
        text(surf, ev.headline, (r.x + 8, r.centery), SMALL, th.text, sel, "midleft",
             max_w=r.w - 150)
        text(surf, when, (r.right - 8, r.centery), SMALL, th.muted, False, "midright")

    def inject(self) -> None:
        ev = self.list.current()
        if ev is None or self.session.game.over:
            return
        news = self.session.inject_event(ev.id)
        self.app.close(self)
        self._refresh_screen()
        lines = "\n".join(f"• {n.headline}" for n in news) or ev.headline
        self.app.message("Event injected", f"{lines}\n\nIt takes effect now, before this "
                         f"turn's orders resolve, and is recorded in the save and replay.")

    def _refresh_screen(self) -> None:
        """The event may open or close levers: rebuild the seat's screen (its draft stays)."""
        scr = self.app.screen
        seat = getattr(scr, "seat", None)
        if type(scr).__name__ == "MainScreen" and seat is not None:
            self.app.play_seat(seat)

    def _pause(self) -> None:
        self.app.close(self)
        self.app.toggle_pause()

    def end(self) -> None:
        def go() -> None:
            self.session.end_early()
            self.app.go("end", session=self.session)
        self.app.close(self)
        self.app.confirm("End the game now?", "The game ends with the scores as they stand; "
                         "orders queued this turn are dropped. The end screen shows each "
                         "state's objectives.", "End the game", go)

    def back(self) -> None:
        self.app.close(self)

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            if ev.key == pygame.K_i:
                self.inject()
                return True
            if ev.key == pygame.K_x:
                self.end()
                return True
            if ev.key == pygame.K_p:
                self._pause()
                return True
        self.ring.handle(ev)
        return True

    INTRO = ("Inject one of this scenario's events now (it happens before this turn's orders "
             "resolve), pause the class, or end the game early. Every action is recorded in "
             "the save and the replay.")

    def _intro_lines(self) -> list[str]:
        return wrap(self.INTRO, SMALL, self.box.w - 40)

    def layout(self, w: int, h: int) -> None:
        m = 60 if w >= 1100 else 24
        self.box = pygame.Rect(m, 24, w - 2 * m, h - 48)
        bh = line_h(BODY, True) + 16
        top = self.box.y + line_h(HEAD, True) + len(self._intro_lines()) * line_h(SMALL) + 36
        self.list.row_h = line_h(SMALL) + 8
        self.list.rect = pygame.Rect(self.box.x + 20, top, self.box.w - 40,
                                     self.box.bottom - top - bh - 40)
        y = self.box.bottom - bh - 20
        bw = (self.box.w - 40 - 36) // 4
        for i, b in enumerate([self.inject_b, self.pause_b, self.end_b, self.close_b]):
            b.rect = pygame.Rect(self.box.x + 20 + i * (bw + 12), y, bw, bh)

    def draw(self, surf) -> None:
        th = theme()
        dim(surf)
        pygame.draw.rect(surf, th.panel, self.box, border_radius=10)
        pygame.draw.rect(surf, th.warn, self.box, 3, border_radius=10)
        text(surf, "Teacher's controls", (self.box.x + 20, self.box.y + 14), HEAD, th.text, True)
        paragraph(surf, self.INTRO, pygame.Rect(self.box.x + 20, self.box.y + 20 + line_h(HEAD, True),
                                                self.box.w - 40,
                                                line_h(SMALL) * len(self._intro_lines()) + 4),
                  SMALL, th.muted)
        super().draw(surf)


class PauseOverlay(Screen):
    """Full-screen pause: nothing moves until the teacher resumes (P or Esc)."""

    name = "paused"
    modal = True
    keys = [("P or Esc", "resume")]

    def back(self) -> None:
        self.app.toggle_pause()

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_p:
            self.app.toggle_pause()
        return True

    def draw(self, surf) -> None:
        th = theme()
        surf.fill(th.bg)
        w, h = surf.get_size()
        tr = text(surf, "Paused", (w // 2, h // 2), TITLE, th.text, True, "midbottom")
        paragraph(surf, "The teacher has paused the game. Press P (or Esc) to resume.",
                  pygame.Rect(20, tr.bottom + 12, w - 40, 3 * line_h(BODY)), BODY, th.muted,
                  align="center")
