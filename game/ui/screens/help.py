"""The F1 help overlay: the keys of the screen underneath and the keys that work everywhere."""
from __future__ import annotations

import pygame

from ..keys import GAME_KEYS, GLOBAL_KEYS
from ..widgets import HEAD, SMALL, dim, fitting, font, line_h, text, theme, wrap
from ..screen import Screen


class HelpOverlay(Screen):
    name = "help"
    modal = True

    def __init__(self, app, under) -> None:
        super().__init__(app)
        self.under = under
        self.box = pygame.Rect(0, 0, 0, 0)
        self.page = 0
        self.pages: list = [[[]]]
        self.key_w = 0

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        out = []
        if self.under is not None and self.under.keys:
            out.append((f"On this screen ({self.under.name})", list(self.under.keys)))
        out.append(("Everywhere", list(GLOBAL_KEYS)))
        if getattr(self.app.screen, "in_game", False):
            out.append(("During a game", list(GAME_KEYS)))
        return out

    def layout(self, w: int, h: int) -> None:
        self.box = pygame.Rect(30, 24, w - 60, h - 48)
        self.page = 0
        self.pages = self.paginate()

    def paginate(self) -> list[list[list[tuple[str, str, list[str]]]]]:
        """Pages of two columns of entries (key, heading or "", description lines wrapped to
        the column); large text may need more than one page."""
        col_w = (self.box.w - 72) // 2
        keys = [k for _, ks in self.sections() for k, _ in ks]
        key_w = min(max(font(SMALL, True).size(k)[0] for k in keys) + 16, col_w * 2 // 5)
        self.key_w = key_w
        lh = line_h(SMALL) + 2
        room = self.box.bottom - 16 - (self.box.y + 16 + line_h(HEAD, True) + 8)
        entries = []
        for title, ks in self.sections():
            entries.append(("", title, [title]))
            entries.extend((k, "", wrap(what, SMALL, col_w - key_w)) for k, what in ks)
        pages: list[list[list[tuple[str, str, list[str]]]]] = []
        cols: list[list[tuple[str, str, list[str]]]] = []
        col: list[tuple[str, str, list[str]]] = []
        used = 0
        for e in entries:
            need = len(e[2]) * lh + (4 if e[0] == "" else 0)
            if col and (used + need > room or (e[0] == "" and used + need + lh > room)):
                cols.append(col)
                col, used = [], 0
                if len(cols) == 2:
                    pages.append(cols)
                    cols = []
            col.append(e)
            used += need
        cols.append(col)
        pages.append(cols)
        return pages

    def handle(self, ev) -> bool:
        turn = ev.type == pygame.KEYDOWN and ev.key in (
            pygame.K_RIGHT, pygame.K_LEFT, pygame.K_PAGEDOWN, pygame.K_PAGEUP, pygame.K_TAB)
        if turn and len(self.pages) > 1:
            back = ev.key in (pygame.K_LEFT, pygame.K_PAGEUP) or ev.mod & pygame.KMOD_SHIFT
            self.page = (self.page + (-1 if back else 1)) % len(self.pages)
        elif ev.type == pygame.KEYDOWN and ev.key == pygame.K_b and \
                getattr(self.app, "open_briefing", lambda: False)():
            pass                              # the briefing replaced the help
        elif ev.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN):
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
        n = len(self.pages)
        title = fitting(["Keys  (any key closes this help)", "Keys  (any key closes)"] if n == 1
                        else [f"Keys, page {self.page + 1} of {n}  (Right: next page; "
                              f"any other key closes)", f"Keys {self.page + 1}/{n}  (Right: more)"],
                        HEAD, self.box.w - 48, True)
        text(surf, title, (x0, y), HEAD, t.text, True, max_w=self.box.w - 48)
        y += line_h(HEAD, True) + 8
        col_w = (self.box.w - 72) // 2
        lh = line_h(SMALL) + 2
        for c, items in enumerate(self.pages[min(self.page, n - 1)]):
            x = x0 + c * (col_w + 24)
            yy = y
            for k, heading, lines in items:
                if heading:
                    text(surf, heading, (x, yy + 2), SMALL, t.accent, True, max_w=col_w)
                    yy += lh + 4
                    continue
                text(surf, k, (x, yy), SMALL, t.focus, True, max_w=self.key_w - 8)
                for ln in lines:
                    text(surf, ln, (x + self.key_w, yy), SMALL, t.text, max_w=col_w - self.key_w,
                         prose=True)
                    yy += lh
