"""The title screen: new game, load, watch a replay, text size, quit."""
from __future__ import annotations

import pygame

from .. import palette as pal
from ..widgets import (BODY, HEAD, TITLE, Button, dim, line_h, text, theme)
from .base import Screen


class TitleScreen(Screen):
    name = "title"
    keys = [("N", "new game"), ("L", "load a saved game"), ("R", "watch a replay"),
            ("T", "text size 100 / 125 / 150 %"), ("Up/Down", "move between buttons"),
            ("Q", "quit")]

    def __init__(self, app) -> None:
        super().__init__(app)
        self.buttons = [
            Button("New game", self.new_game, hint="N", style="primary"),
            Button("Load a saved game", lambda: app.load_dialog(), hint="L"),
            Button("Watch a replay", lambda: app.load_dialog(replay=True), hint="R"),
            Button("", self.cycle_text, hint="T"),
            Button("Quit", app.quit, hint="Q"),
        ]
        self.ring.set(self.buttons)

    def new_game(self) -> None:
        from .picker import ScenarioPicker
        self.app.show(ScenarioPicker(self.app))

    def cycle_text(self) -> None:
        from ..app import TEXT_SCALES
        i = TEXT_SCALES.index(self.app.text_scale) if self.app.text_scale in TEXT_SCALES else 0
        self.app.set_text_scale(TEXT_SCALES[(i + 1) % len(TEXT_SCALES)])

    def layout(self, w: int, h: int) -> None:
        self.app.mapview("title").resize(w, h)
        bh = line_h(BODY, True) + 22
        bw = min(520, w - 80)
        y = int(h * 0.42)
        for b in self.buttons:
            b.rect = pygame.Rect((w - bw) // 2, y, bw, bh)
            y += bh + 12

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            keys = {pygame.K_n: 0, pygame.K_l: 1, pygame.K_r: 2, pygame.K_t: 3, pygame.K_q: 4}
            if ev.key in keys:
                self.buttons[keys[ev.key]].press()
                return True
            if ev.key in (pygame.K_UP, pygame.K_DOWN):
                self.ring.move(-1 if ev.key == pygame.K_UP else 1)
                return True
        return super().handle(ev)

    def back(self) -> None:
        self.app.quit()

    def draw(self, surf) -> None:
        t = theme()
        w, h = surf.get_size()
        self.app.mapview("title").draw(surf, surf.get_rect(), None)
        dim(surf, 165)
        self.buttons[3].label = f"Text size: {round(self.app.text_scale * 100)} %"
        y = int(h * 0.09)
        text(surf, "Shrimp Between Whales", (w // 2, y), TITLE, t.text, True, "midtop")
        y += line_h(TITLE, True) + 6
        text(surf, "Northeast Asian power politics · six states · simultaneous turns",
             (w // 2, y), HEAD, pal.SKY_BLUE, False, "midtop", max_w=w - 40)
        y += line_h(HEAD) + 14
        text(surf, "“Korea is often known as a ‘shrimp between whales’”",
             (w // 2, y), BODY, t.text, False, "midtop", max_w=w - 40)
        y += line_h(BODY) + 2
        text(surf, "— Doug Bandow, 2015 (odd-couple-2015)", (w // 2, y), BODY, t.muted,
             False, "midtop", max_w=w - 40)
        super().draw(surf)
        foot = "F1 help   ·   F11 full screen   ·   Map: Made with Natural Earth"
        text(surf, foot, (w // 2, h - 12), BODY, t.muted, False, "midbottom", max_w=w - 40)
