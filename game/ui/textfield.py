"""A one-line text field for the keyboard-first widgets: a game's name, the teacher's PIN, a
news flash's headline. Typed characters come from KEYDOWN's ``unicode`` (SDL fills it while
text input is on, which is the default on a desktop); Backspace deletes, Ctrl+U clears,
Enter runs ``on_enter``. A ``secret`` field shows dots, never its text."""
from __future__ import annotations

from typing import Callable

import pygame

from .widgets import BODY, SMALL, Widget, focus_ring, line_h, text, theme


class TextField(Widget):
    """A labelled one-line field (``digits``: only 0-9; ``secret``: shown as dots)."""

    def __init__(self, label: str, value: str = "", max_len: int = 60, digits: bool = False,
                 secret: bool = False, placeholder: str = "", tip: str | None = None,
                 on_enter: Callable[[], None] | None = None, size: int = BODY) -> None:
        super().__init__(None, tip)
        self.label = label
        self.value = value
        self.max_len = max_len
        self.digits = digits
        self.secret = secret
        self.placeholder = placeholder
        self.on_enter = on_enter
        self.size = size

    typing = True     # screens give a focused field every key before their own shortcuts

    def accepts(self, ch: str) -> bool:
        if not ch or not ch.isprintable() or ch in "\t\r\n":
            return False
        return ch.isdigit() and ch.isascii() if self.digits else True

    def key(self, ev) -> bool:
        if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.on_enter is not None:
                self.on_enter()
                return True
            return False
        if ev.key == pygame.K_BACKSPACE:
            self.value = "" if ev.mod & pygame.KMOD_CTRL else self.value[:-1]
            return True
        if ev.key == pygame.K_u and ev.mod & pygame.KMOD_CTRL:
            self.value = ""
            return True
        if ev.mod & pygame.KMOD_CTRL or ev.key == pygame.K_ESCAPE:
            return False
        ch = getattr(ev, "unicode", "") or ""
        if self.accepts(ch):
            if len(self.value) < self.max_len:
                self.value += ch
            return True
        return False

    def click(self, pos, button) -> bool:
        return button == 1

    def shown(self) -> str:
        return "•" * len(self.value) if self.secret else self.value

    def draw(self, surf, focused, hover) -> None:
        t = theme()
        r = self.rect
        pygame.draw.rect(surf, t.panel_alt, r, border_radius=6)
        pygame.draw.rect(surf, t.focus if focused else t.border, r, 2, border_radius=6)
        lab = f"{self.label}: " if self.label else ""
        lr = text(surf, lab, (r.x + 10, r.centery), SMALL, t.muted, True, "midleft",
                  max_w=r.w // 2) if lab else pygame.Rect(r.x + 10, r.y, 0, r.h)
        x = lr.right + 6
        room = r.right - 12 - x
        if self.value:
            s = self.shown()
            tr = text(surf, s, (x, r.centery), self.size, t.text, True, "midleft",
                      max_w=room)
            end = tr.right
        else:
            if self.placeholder:
                text(surf, self.placeholder, (x, r.centery), SMALL, t.disabled, False,
                     "midleft", max_w=room)
            end = x
        if focused:
            h = line_h(self.size)
            pygame.draw.line(surf, t.focus, (end + 2, r.centery - h // 2 + 2),
                             (end + 2, r.centery + h // 2 - 2), 2)
            focus_ring(surf, r)


def typing_in(ring) -> bool:
    """Is the focused widget of this ring a text field (keys are its letters then)?"""
    w = ring.focused
    return bool(getattr(w, "typing", False))
