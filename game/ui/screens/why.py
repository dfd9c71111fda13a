"""Why is a number what it is? The engine's :class:`Breakdown` of one number (an indicator, a
relation, a track, a score) for one viewer, on screen: what it means, its value, what moved it
in the latest turn and over the game, cause by cause, with the passage behind each cause; a
score lists its objectives with weights, points and changes.

The overlay has a list of the numbers the screen below shows (Up/Down chooses, so every
number can be asked from the keyboard) beside the chosen number's breakdown (Tab, then
Up/Down or PgUp/PgDn, or the wheel, scrolls it). Esc, Enter or W closes it.

It also holds :class:`Reader`, a scrolling page of text used for a lever's full details
(every expected effect and the whole passage), and the first-game guide's shared parts.
"""
from __future__ import annotations

from typing import Any

import pygame

from ...engine import Breakdown, Game
from ..describe import number
from ..screen import Screen
from ..widgets import (BODY, HEAD, SMALL, Button, ListView, dim, focus_ring, font, line_h,
                       text, theme, wrap)

Line = tuple[str, int, Any, bool, int]     # text, size, colour, bold, indent (px)


def _fmt(v: float) -> str:
    return f"{v:.1f}" if abs(v - round(v)) >= 0.05 else f"{v:.0f}"


def delta(d: float) -> str:
    """A part's change: as :func:`number`, with two decimals below 0.05 (never a bare "+0")."""
    if abs(d) >= 0.05:
        return number(d)
    return ("+" if d >= 0 else "−") + f"{abs(d):.2f}"


def breakdown_lines(b: Breakdown, width: int) -> list[Line]:
    """The breakdown as lines of text wrapped to ``width`` pixels."""
    th = theme()
    out: list[Line] = []

    def add(s: str, size: int = SMALL, colour: Any = None, bold: bool = False,
            indent: int = 0) -> None:
        for ln in wrap(s, size, width - indent, bold):
            out.append((ln, size, colour or th.text, bold, indent))

    def gap() -> None:
        out.append(("", SMALL, th.text, False, 0))

    is_score = b.key.startswith("score.")
    unit = " points" if is_score else ""
    rng = f"{_fmt(b.min)} to {_fmt(b.max)}"
    head = f"Now {_fmt(b.value)} (range {rng})"
    if b.stage:
        head += f" · stage: {b.stage}"
    add(head, BODY, th.focus, True)
    if b.description:
        add(b.description, SMALL, th.text)
    gap()
    if b.objectives:             # a score: what it is made of comes first
        add("Objectives (weight × how near the number is to its aim):", BODY, th.accent, True)
        for o in b.objectives:
            aim = "keep low" if o.direction == "down" else "raise"
            add(f"×{o.weight:g}  {o.label}: {_fmt(o.value)} ({aim}, {_fmt(o.min)}–"
                f"{_fmt(o.max)}) → {o.points:.1f} points ({number(o.change)} latest, "
                f"{number(o.since_start)} since the start)", SMALL, th.text, False, 12)
        gap()
    add(f"Change {b.window}: {number(b.change)}{unit}", BODY, th.accent, True)
    if b.parts:
        for p in b.parts:
            add(f"{delta(p.delta):>6}   {p.label}", SMALL, th.text, False, 12)
            if p.source:
                add(p.source, SMALL, th.muted, False, 40)
    elif b.turn == 0 and abs(b.change) < 1e-9:
        add("No turn has been played yet.", SMALL, th.muted, False, 12)
    else:
        add("Nothing moved it.", SMALL, th.muted, False, 12)
    gap()
    add(f"Since the start of the game (from {_fmt(b.start)}): {number(b.since_start)}{unit}",
        BODY, th.accent, True)
    if b.game_parts:
        for p in b.game_parts:
            turns = ""
            if p.turns:
                turns = f" (turn {p.turns[0]})" if len(p.turns) == 1 else \
                    f" (turns {', '.join(str(t) for t in p.turns)})"
            add(f"{delta(p.delta):>6}   {p.label}{turns}", SMALL, th.text, False, 12)
    else:
        add("Unchanged since the start.", SMALL, th.muted, False, 12)
    if b.notes:
        gap()
        for n in b.notes:
            add(n, SMALL, th.muted)
    return out


class Reader(Screen):
    """A modal page of text lines that scrolls: Up/Down, PgUp/PgDn, Home/End, the wheel;
    Esc, Enter or the Close button closes it."""

    name = "reader"
    modal = True
    keys = [("Up/Down, PgUp/PgDn", "scroll"), ("Esc, Enter", "close")]
    close_keys: tuple[int, ...] = (pygame.K_RETURN, pygame.K_KP_ENTER)

    def __init__(self, app, title: str = "", body: list[tuple[str, str]] | None = None) -> None:
        """``body``: (style, text) paragraphs; style is "head", "text" or "muted"."""
        super().__init__(app)
        self.title = title
        self.body = body or []
        self.lines: list[Line] = []
        self.top = 0
        self.box = pygame.Rect(0, 0, 0, 0)
        self.page = pygame.Rect(0, 0, 0, 0)
        self.close_b = Button("Close", lambda: self.app.close(self), hint="Esc")
        self.ring.set([self.close_b])

    def build(self, width: int) -> list[Line]:
        th = theme()
        out: list[Line] = []
        for style, s in self.body:
            size, colour, bold = {"head": (BODY, th.accent, True), "muted": (SMALL, th.muted,
                                                                             False)
                                  }.get(style, (SMALL, th.text, False))
            if style == "gap":
                out.append(("", SMALL, th.text, False, 0))
                continue
            out.extend((ln, size, colour, bold, 0) for ln in wrap(s, size, width, bold))
        return out

    def frame(self, w: int, h: int) -> pygame.Rect:
        return pygame.Rect(30, 20, w - 60, h - 40)

    def layout(self, w: int, h: int) -> None:
        self.box = self.frame(w, h)
        bh = line_h(BODY, True) + 16
        bw = font(BODY, True).size("Close  [Esc]")[0] + 32
        self.close_b.rect = pygame.Rect(self.box.right - 16 - bw, self.box.bottom - 12 - bh,
                                        bw, bh)
        self.page = self.page_rect()
        self.lines = self.build(self.page.w - 12)
        self.top = max(0, min(self.top, self.max_top()))

    def page_rect(self) -> pygame.Rect:
        y = self.box.y + 16 + line_h(HEAD, True) + 10
        return pygame.Rect(self.box.x + 20, y, self.box.w - 40,
                           self.close_b.rect.y - 8 - y)

    def _heights(self) -> list[int]:
        return [line_h(size, bold) for _, size, _, bold, _ in self.lines]

    def max_top(self) -> int:
        hs = self._heights()
        total, i = 0, len(hs)
        while i > 0 and total + hs[i - 1] <= self.page.h:
            total += hs[i - 1]
            i -= 1
        return i

    def scroll(self, d: int) -> None:
        self.top = max(0, min(self.top + d, self.max_top()))

    def rows(self) -> int:
        return max(1, self.page.h // max(1, line_h(SMALL)))

    def scroll_key(self, ev) -> bool:
        k = ev.key
        steps = {pygame.K_UP: -1, pygame.K_DOWN: 1, pygame.K_PAGEUP: -self.rows() + 1,
                 pygame.K_PAGEDOWN: self.rows() - 1, pygame.K_SPACE: self.rows() - 1}
        if k in steps:
            self.scroll(steps[k])
        elif k == pygame.K_HOME:
            self.top = 0
        elif k == pygame.K_END:
            self.top = self.max_top()
        else:
            return False
        return True

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN:
            if ev.key in self.close_keys:
                self.app.close(self)
            elif not self.scroll_key(ev):
                self.ring.handle(ev)
            return True
        if ev.type == pygame.MOUSEWHEEL:
            self.scroll(-ev.y * 3)
            return True
        if ev.type == pygame.MOUSEBUTTONDOWN:
            if ev.button == 4:
                self.scroll(-3)
            elif ev.button == 5:
                self.scroll(3)
            elif not self.box.collidepoint(ev.pos):
                self.app.close(self)
            else:
                self.ring.handle(ev)
        return True      # modal

    def back(self) -> None:
        self.app.close(self)

    def more(self) -> bool:
        return self.top < self.max_top()

    def draw_page(self, surf, focused: bool = False) -> None:
        th = theme()
        clip = surf.get_clip()
        surf.set_clip(self.page)
        y = self.page.y
        for ln, size, colour, bold, indent in self.lines[self.top:]:
            h = line_h(size, bold)
            if y + h > self.page.bottom:
                break
            if ln:
                text(surf, ln, (self.page.x + indent, y), size, colour, bold, prose=True)
            y += h
        surf.set_clip(clip)
        n = len(self.lines)
        if self.max_top() > 0:          # a scroll bar, and where the reader is
            track = pygame.Rect(self.page.right - 6, self.page.y, 6, self.page.h)
            pygame.draw.rect(surf, th.panel, track, border_radius=3)
            hh = max(16, track.h * self.rows() // max(1, n))
            yy = track.y + (track.h - hh) * self.top // max(1, self.max_top())
            pygame.draw.rect(surf, th.muted, (track.x, yy, 6, hh), border_radius=3)
        if self.more():
            text(surf, "More below: Down or PgDn", (self.page.x, self.close_b.rect.centery),
                 SMALL, th.focus, True, "midleft")
        if focused:
            focus_ring(surf, self.page.inflate(8, 4))

    def draw(self, surf) -> None:
        th = theme()
        dim(surf)
        pygame.draw.rect(surf, th.panel_alt, self.box, border_radius=10)
        pygame.draw.rect(surf, th.accent, self.box, 3, border_radius=10)
        text(surf, self.title, (self.box.x + 20, self.box.y + 14), HEAD, th.text, True,
             max_w=self.box.w - 40)
        self.draw_page(surf)
        self.ring.draw(surf)

    def draw_tip(self, surf) -> None:
        pass


class WhyOverlay(Reader):
    """Why did this number move? The numbers of the screen below on the left (Up/Down),
    the chosen one's breakdown on the right (Tab to it, then scroll)."""

    name = "why"
    keys = [("Up/Down", "choose a number (in the list), or scroll (in the breakdown)"),
            ("Tab", "between the list and the breakdown"), ("PgUp/PgDn", "scroll the breakdown"),
            ("Esc, Enter or W", "close")]
    close_keys = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_w, pygame.K_QUESTION)

    def __init__(self, app, game: Game, viewer: str | None, key: str,
                 choices: list[tuple[str, str]] | None = None) -> None:
        super().__init__(app, "Why?")
        self.game = game
        self.viewer = viewer
        self.choices = list(choices or [])
        if key not in [k for k, _ in self.choices]:
            self.choices.insert(0, (key, game.rules.key_label(key) if not key.startswith(
                "score.") else f"{game.rules.name(key[6:])}: score"))
        self.list = ListView([k for k, _ in self.choices], self._row,
                             on_change=lambda i: self._chosen())
        self.labels = dict(self.choices)
        self.breakdown: Breakdown = game.breakdown(key, viewer)
        self.list.select(self.list.items.index(key))
        self.reading = False                  # the breakdown has the keys (Tab)
        self.ring.set([self.list, self.close_b])

    @property
    def key(self) -> str:
        return self.breakdown.key

    def _chosen(self) -> None:
        k = self.list.current()
        if k is not None and k != self.breakdown.key:
            self.breakdown = self.game.breakdown(k, self.viewer)
            self.top = 0
            self.lines = self.build(self.page.w - 12)

    def _row(self, surf, r, key: str, sel: bool) -> None:
        text(surf, self.labels.get(key, key), (r.x + 8, r.centery), SMALL, theme().text, sel,
             "midleft", max_w=r.w - 16)

    def build(self, width: int) -> list[Line]:
        return breakdown_lines(self.breakdown, width)

    def frame(self, w: int, h: int) -> pygame.Rect:
        return pygame.Rect(24, 16, w - 48, h - 32)

    def page_rect(self) -> pygame.Rect:
        y = self.box.y + 16 + line_h(HEAD, True) + 10
        lw = min(int(self.box.w * 0.3), 380)
        self.list.row_h = line_h(SMALL) + 8
        hgt = self.close_b.rect.y - 8 - y
        self.list.rect = pygame.Rect(self.box.x + 16, y, lw, hgt - hgt % self.list.row_h)
        return pygame.Rect(self.list.rect.right + 20, y, self.box.right - 20 -
                           (self.list.rect.right + 20), hgt)

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_TAB:
            self.reading = not self.reading
            return True
        if ev.type == pygame.KEYDOWN and ev.key not in self.close_keys:
            if ev.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_SPACE) or \
                    (self.reading and ev.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_HOME,
                                                 pygame.K_END)):
                self.scroll_key(ev)
                return True
            if self.list.key(ev):
                return True
        if ev.type == pygame.MOUSEWHEEL and self.list.rect.collidepoint(
                pygame.mouse.get_pos()):
            self.list.wheel(ev.y)
            return True
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and \
                self.list.rect.collidepoint(ev.pos):
            self.reading = False
            self.list.click(ev.pos, 1)
            return True
        return super().handle(ev)

    def draw(self, surf) -> None:
        th = theme()
        dim(surf)
        pygame.draw.rect(surf, th.panel_alt, self.box, border_radius=10)
        pygame.draw.rect(surf, th.accent, self.box, 3, border_radius=10)
        b = self.breakdown
        hint = "Why?  "
        text(surf, hint + b.label, (self.box.x + 20, self.box.y + 14), HEAD, th.text, True,
             max_w=self.box.w - 40)
        self.list.draw(surf, not self.reading, False)
        self.draw_page(surf, self.reading)
        keys = "Up/Down: another number · Tab: read the breakdown · Esc: close"
        room = self.close_b.rect.x - self.box.x - 40
        if not self.more():
            text(surf, keys, (self.box.x + 20, self.close_b.rect.centery), SMALL, th.muted,
                 False, "midleft", max_w=room)
        self.close_b.draw(surf, False, self.close_b.rect.collidepoint(pygame.mouse.get_pos()))


__all__ = ["Reader", "WhyOverlay", "breakdown_lines"]
