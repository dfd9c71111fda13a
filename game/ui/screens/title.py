"""The title screen: new game, load, watch a replay, text size, quit."""
from __future__ import annotations

import pygame

from .. import fonts
from .. import palette as pal
from ..widgets import (BODY, HEAD, TITLE, Button, dim, fitting, line_h, text, theme)
from ..screen import Screen


class TitleScreen(Screen):
    name = "title"
    keys = [("N", "new game"), ("J", "join a class (one laptop per team)"),
            ("L", "load a saved game"), ("R", "watch a replay"),
            ("T", "text size 100 / 125 / 150 %"), ("Up/Down", "move between buttons"),
            ("Q", "quit")]

    def __init__(self, app) -> None:
        super().__init__(app)
        self.buttons = [
            Button("New game", self.new_game, hint="N", style="primary"),
            Button("Join a class", lambda: app.join_class(), hint="J"),
            Button("Load a saved game", lambda: app.load_dialog(), hint="L"),
            Button("Watch a replay", lambda: app.load_dialog(replay=True), hint="R"),
            Button("", self.cycle_text, hint="T"),
            Button("Quit", app.quit, hint="Q"),
        ]
        self.ring.set(self.buttons)
        self.top = 0

    def new_game(self) -> None:
        self.app.go("picker")

    def cycle_text(self) -> None:
        self.app.cycle_text_scale()

    def title_size(self) -> int:
        return TITLE if fonts.text_scale() <= 1.1 else fonts.TITLE

    def header_h(self) -> int:
        """The title, the subtitle and the two-line quote."""
        return line_h(self.title_size(), True) + 6 + line_h(HEAD) + 14 + 2 * line_h(BODY) + 2

    def layout(self, w: int, h: int) -> None:
        """The header from the top, then the buttons below it (never over it), the footer at
        the bottom; gaps shrink at large text."""
        self.app.mapview("title").resize(w, h)
        self.top = int(h * (0.09 if fonts.text_scale() <= 1.1 else 0.04))
        foot = line_h(BODY) + 20
        room = h - foot - (self.top + self.header_h() + 20)
        bh = line_h(BODY, True) + 22
        gap = 12
        n = len(self.buttons)
        if n * bh + (n - 1) * gap + 10 > room:
            bh, gap = line_h(BODY, True) + 12, 8
        bw = min(max(520, max(fonts.size(f"{b.label or 'Text size: 150 %'}  [{b.hint}]", BODY,
                                          True)[0] for b in self.buttons) + 60), w - 80)
        y = max(int(h * 0.42), self.top + self.header_h() + 20)
        y = min(y, h - foot - 10 - n * bh - (n - 1) * gap)     # clear of the footer
        for b in self.buttons:
            b.rect = pygame.Rect((w - bw) // 2, y, bw, bh)
            y += bh + gap

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            keys = {pygame.K_n: 0, pygame.K_j: 1, pygame.K_l: 2, pygame.K_r: 3, pygame.K_t: 4,
                    pygame.K_q: 5}
            if ev.key in keys:
                self.buttons[keys[ev.key]].press()
                return True
            if ev.key in (pygame.K_UP, pygame.K_DOWN):
                self.ring.move(-1 if ev.key == pygame.K_UP else 1)
                return True
        return super().handle(ev)

    def back(self) -> None:
        """Esc asks first (Q quits at once)."""
        self.app.confirm("Quit Shrimp Between Whales?", "Every game is kept in its own "
                         "autosave file: load it from this screen next time.", "Quit",
                         self.app.quit, "Stay")

    def draw(self, surf) -> None:
        t = theme()
        w, h = surf.get_size()
        self.app.mapview("title").draw(surf, surf.get_rect(), None, cards=False)
        dim(surf, 165)
        self.buttons[4].label = f"Text size: {round(self.app.text_scale * 100)} %"
        y = self.top
        ts = self.title_size()
        text(surf, "Shrimp Between Whales", (w // 2, y), ts, t.text, True, "midtop",
             max_w=w - 40)
        y += line_h(ts, True) + 6
        text(surf, fitting(["Northeast Asian power politics · six states · simultaneous turns",
                            "Northeast Asian power politics"], HEAD, w - 40),
             (w // 2, y), HEAD, pal.SKY_BLUE, False, "midtop", max_w=w - 40)
        y += line_h(HEAD) + 14
        text(surf, "“Korea is often known as a ‘shrimp between whales’”",
             (w // 2, y), BODY, t.text, False, "midtop", max_w=w - 40)
        y += line_h(BODY) + 2
        text(surf, "— Doug Bandow, 2015 (odd-couple-2015)", (w // 2, y), BODY, t.muted,
             False, "midtop", max_w=w - 40)
        super().draw(surf)
        strip = pygame.Rect(0, h - line_h(BODY) - 20, w, line_h(BODY) + 20)
        pygame.draw.rect(surf, t.bg, strip)           # the footer reads clear of the map
        foot = fitting(["F1 help   ·   F11 full screen   ·   Map: Made with Natural Earth",
                        "F1 help · F11 full screen · Map: Natural Earth"], BODY, w - 40)
        text(surf, foot, (w // 2, h - 10), BODY, t.muted, False, "midbottom", max_w=w - 40)
