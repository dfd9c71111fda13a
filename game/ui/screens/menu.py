"""The in-game menu (Esc): resume, save, load, history, teacher's controls, text size, full
screen, quit to the title."""
from __future__ import annotations

import pygame

from ..widgets import BODY, HEAD, Button, dim, line_h, text, theme
from ..screen import Screen


class GameMenu(Screen):
    name = "game menu"
    modal = True
    keys = [("Up/Down", "choose"), ("Enter", "do it"), ("Esc", "back to the game")]

    def __init__(self, app, under) -> None:
        super().__init__(app)
        self.under = under
        a = app
        self.buttons = [
            Button("Resume", self.back, hint="Esc", style="primary"),
            Button("Save game", lambda: self._then(a.save_game), hint="Ctrl+S"),
            Button("Load game", lambda: self._then(a.load_dialog), hint="Ctrl+O"),
            Button("History charts", lambda: self._then(self._history), hint="H"),
            Button("Teacher's console", lambda: self._then(self._teacher), hint="F2"),
            Button("", self._text),
            Button("Full screen on/off", a.toggle_fullscreen, hint="F11"),
            Button("Quit to the title", lambda: self._then(self._quit)),
        ]
        self.ring.set(self.buttons)
        self.box = pygame.Rect(0, 0, 0, 0)

    def _then(self, fn) -> None:
        self.app.close(self)
        fn()

    def _history(self) -> None:
        s = self.app.session
        if s is None:
            return
        who = getattr(self.under, "selected", None) or getattr(self.under, "seat", None) or "dprk"
        self.app.go("history", game=s.game, actor=who, back=self.under)

    def _teacher(self) -> None:
        self.app.open_console()

    def _text(self) -> None:
        self.app.cycle_text_scale()

    def _quit(self) -> None:
        s = self.app.session
        where = f" as {s.autosave_path.name}" if s else ""
        self.app.confirm("Quit to the title?",
                         f"The game is saved{where}, with every order queued so far: load it "
                         f"from the title screen to go on.", "Quit to title",
                         self.app.quit_to_title, "Keep playing")

    def back(self) -> None:
        self.app.close(self)

    def layout(self, w: int, h: int) -> None:
        bh = line_h(BODY, True) + 16
        bw = min(520, w - 60)
        total = len(self.buttons) * (bh + 8) + line_h(HEAD, True) + 40
        self.box = pygame.Rect((w - bw - 40) // 2, max(10, (h - total) // 2), bw + 40, total)
        y = self.box.y + line_h(HEAD, True) + 28
        for b in self.buttons:
            b.rect = pygame.Rect(self.box.x + 20, y, bw, bh)
            y += bh + 8

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and ev.key in (pygame.K_UP, pygame.K_DOWN):
            self.ring.move(-1 if ev.key == pygame.K_UP else 1)
            return True
        self.ring.handle(ev)
        return True

    def draw(self, surf) -> None:
        th = theme()
        self.buttons[5].label = f"Text size: {round(self.app.text_scale * 100)} %"
        dim(surf)
        pygame.draw.rect(surf, th.panel, self.box, border_radius=10)
        pygame.draw.rect(surf, th.accent, self.box, 3, border_radius=10)
        text(surf, "Game menu", (self.box.centerx, self.box.y + 14), HEAD, th.text, True,
             "midtop")
        super().draw(surf)
