"""The F1 help overlay: the keys of the screen underneath and the keys that work everywhere."""
from __future__ import annotations

import pygame

from ..widgets import HEAD, SMALL, dim, line_h, text, theme
from .base import Screen


class HelpOverlay(Screen):
    name = "help"
    modal = True

    def __init__(self, app, under) -> None:
        super().__init__(app)
        self.under = under
        self.box = pygame.Rect(0, 0, 0, 0)

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        from ..app import GAME_KEYS, GLOBAL_KEYS
        out = []
        if self.under is not None and self.under.keys:
            out.append((f"On this screen ({self.under.name})", list(self.under.keys)))
        out.append(("Everywhere", list(GLOBAL_KEYS)))
        if getattr(self.app.screen, "in_game", False):
            out.append(("During a game", list(GAME_KEYS)))
        return out

    def layout(self, w: int, h: int) -> None:
        self.box = pygame.Rect(30, 24, w - 60, h - 48)

    def handle(self, ev) -> bool:
        if ev.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
            self.app.close(self)
        return True

    def back(self) -> None:
        self.app.close(self)

    def draw(self, surf) -> None:
        t = theme()
        dim(surf, 200)
        pygame.draw.rect(surf, t.panel, self.box, border_radius=10)
        pygame.draw.rect(surf, t.accent, self.box, 3, border_radius=10)
        x0 = self.box.x + 24
        y = self.box.y + 16
        text(surf, "Keys  (any key closes this help)", (x0, y), HEAD, t.text, True)
        y += line_h(HEAD, True) + 8
        col_w = (self.box.w - 72) // 2
        cols = [[], []]
        # fill the left column first, then the right
        rows = []
        for title, keys in self.sections():
            rows.append(("", title))
            rows.extend(keys)
        lh = line_h(SMALL) + 2
        per_col = max(1, (self.box.bottom - 16 - y) // lh)
        cols[0], cols[1] = rows[:per_col], rows[per_col:per_col * 2]
        key_w = min(220, col_w // 3 + 20)
        for c, items in enumerate(cols):
            x = x0 + c * (col_w + 24)
            yy = y
            for k, what in items:
                if k == "":
                    text(surf, what, (x, yy + 2), SMALL, t.accent, True, max_w=col_w)
                else:
                    text(surf, k, (x, yy), SMALL, t.focus, True, max_w=key_w - 8)
                    text(surf, what, (x + key_w, yy), SMALL, t.text, max_w=col_w - key_w)
                yy += lh
