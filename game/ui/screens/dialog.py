"""A modal message with one or more buttons (``App.message`` and ``App.confirm`` raise it)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pygame

from ..screen import Screen
from ..widgets import (BODY, HEAD, Button, button_row, dim, line_h, paragraph, text, theme,
                       wrap)

if TYPE_CHECKING:
    from ..app import App


class Dialog(Screen):
    """A modal message with one or more buttons; Esc picks the last (cancel) button."""

    name = "dialog"
    modal = True
    keys = [("Enter", "choose the focused button"), ("Tab, Left/Right", "move between buttons"),
            ("Esc", "close")]

    def __init__(self, app: "App", title: str, body: str,
                 buttons: list[tuple[str, Callable[[], None] | None]] | None = None,
                 danger: bool = False) -> None:
        super().__init__(app)
        self.title = title
        self.body = body
        self.danger = danger
        self.buttons = [Button(label, self._wrap(fn), style="primary" if i == 0 else "normal")
                        for i, (label, fn) in enumerate(buttons or [("OK", None)])]
        self.ring.set(self.buttons)
        self.box = pygame.Rect(0, 0, 0, 0)

    def _wrap(self, fn: Callable[[], None] | None) -> Callable[[], None]:
        def run() -> None:
            self.app.close(self)
            if fn is not None:
                fn()
        return run

    def layout(self, w: int, h: int) -> None:
        bw = min(760, w - 60)
        lines = wrap(self.body, BODY, bw - 40)
        bh = 40 + line_h(HEAD, True) + 12 + len(lines) * line_h(BODY) + 24 + line_h(BODY) + 24
        bh = min(bh, h - 40)
        self.box = pygame.Rect((w - bw) // 2, (h - bh) // 2, bw, bh)
        bh_btn = line_h(BODY) + 20
        row = pygame.Rect(self.box.x + 20, self.box.bottom - bh_btn - 16, bw - 40, bh_btn)
        button_row(self.buttons, row)

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and ev.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.ring.move(-1 if ev.key == pygame.K_LEFT else 1)
            return True
        self.ring.handle(ev)
        return True      # modal: nothing gets past

    def back(self) -> None:
        self.buttons[-1].press()

    def draw(self, surf) -> None:
        t = theme()
        dim(surf)
        pygame.draw.rect(surf, t.panel_alt, self.box, border_radius=10)
        pygame.draw.rect(surf, t.bad if self.danger else t.accent, self.box, 3, border_radius=10)
        y = self.box.y + 20
        text(surf, self.title, (self.box.x + 20, y), HEAD, t.text, True,
             max_w=self.box.w - 40)
        y += line_h(HEAD, True) + 12
        bottom = self.buttons[0].rect.y - 12
        paragraph(surf, self.body, pygame.Rect(self.box.x + 20, y, self.box.w - 40,
                                               bottom - y), BODY, t.text)
        self.ring.draw(surf)
