"""Widgets drawn with plain pygame in the colours of ``assets/theme.json``: text helpers,
buttons, lists, pickers, a focus ring, dialogs and tooltips.

Every widget is reachable by keyboard: Tab and Shift+Tab move the focus ring, arrows act on the
focused widget, Enter or Space activates it. The mouse does the same things by pointing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

import pygame

from . import ASSETS, fonts, icons, palette as pal
from .fonts import font

THEME_PATH = ASSETS / "theme.json"
BODY = fonts.BODY      # 20 px body text at 1280x720 before the text-size setting
SMALL = fonts.SMALL    # 18 px: dense panels; nothing a player reads is smaller
LABEL = fonts.BODY
HEAD = fonts.HEADING
TITLE = fonts.HUGE

Colour = tuple[int, int, int]


# ---------------------------------------------------------------------------- theme
@dataclass(frozen=True)
class Theme:
    bg: Colour = pal.BG
    panel: Colour = pal.PANEL
    panel_alt: Colour = pal.PANEL_HI
    border: Colour = pal.BORDER
    text: Colour = pal.TEXT
    muted: Colour = pal.TEXT_DIM
    disabled: Colour = (154, 163, 178)
    button: Colour = (44, 52, 68)
    button_hover: Colour = (61, 73, 97)
    button_text: Colour = pal.TEXT
    selected: Colour = pal.BLUE
    focus: Colour = pal.YELLOW            # the focus ring
    accent: Colour = pal.SKY_BLUE
    good: Colour = pal.BLUISH_GREEN
    bad: Colour = pal.VERMILLION
    warn: Colour = pal.ORANGE


def _colour(value: Any) -> Colour | None:
    """A pygame_gui colour string ("#rrggbb", "#rrggbbaa", or a gradient "#a,#b,90")."""
    if not isinstance(value, str):
        return None
    s = value.split(",")[0].strip()
    if s.startswith("#") and len(s) in (7, 9):
        try:
            return (int(s[1:3], 16), int(s[3:5], 16), int(s[5:7], 16))
        except ValueError:
            return None
    return None


@lru_cache(maxsize=1)
def theme() -> Theme:
    """Screen colours from the palette; button, selection, border and focus colours from the
    pygame_gui theme file, so drawn widgets and any pygame_gui widget look alike."""
    t = Theme()
    try:
        data = json.loads(THEME_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return t
    cols = (data.get("defaults") or {}).get("colours") or {}
    mapping = {"button": "normal_bg", "button_hover": "hovered_bg", "selected": "selected_bg",
               "button_text": "normal_text", "disabled": "disabled_text",
               "border": "normal_border", "focus": "active_border"}
    kw = {}
    for ours, theirs in mapping.items():
        c = _colour(cols.get(theirs))
        if c is not None:
            kw[ours] = c
    return Theme(**{**t.__dict__, **kw})


# ---------------------------------------------------------------------------- text
GLYPHS = str.maketrans({"→": "»", "←": "«", "↑": "^", "↓": "v", "↔": "<>", "✓": "ok"})
"""Characters the bundled font lacks, and what to show instead."""


def clean(s: str) -> str:
    return s.translate(GLYPHS)


def fit(s: str, f: pygame.font.Font, width: int) -> str:
    """``s`` cut with an ellipsis to fit ``width`` pixels."""
    if width <= 0:
        return ""
    if f.size(s)[0] <= width:
        return s
    lo, hi = 0, len(s)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if f.size(s[:mid].rstrip() + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return s[:lo].rstrip() + "…"


_row_bg: Colour | None = None
"""The fill under the list row being drawn, if it is the selected (coloured) one."""


def _ink(colour: Colour) -> Colour:
    """``colour``, or the text colour where it would read poorly on a selected row's fill
    (muted, disabled or accent text on the selection blue is under 4.5:1)."""
    if _row_bg is not None and pal.contrast_ratio(colour, _row_bg) < 4.5:
        return theme().text
    return colour


def fitting(forms: list[str], size: int, width: int, bold: bool = False) -> str:
    """The first of ``forms`` (longest first) that fits ``width`` pixels, else the last."""
    f = font(size, bold)
    return next((s for s in forms if f.size(clean(s))[0] <= width), forms[-1])


def text(surf: pygame.Surface, s: str, pos: tuple[int, int], size: int = BODY,
         colour: Colour | None = None, bold: bool = False, anchor: str = "topleft",
         max_w: int | None = None, full: str | None = None, prose: bool = False
         ) -> pygame.Rect:
    """Draw one line of text (cut with an ellipsis to ``max_w``); returns its rectangle.
    ``full``: the longer text this line stands for, when the caller already shortened it;
    ``prose``: a line of a wrapped paragraph (for the drawn-text log)."""
    s = clean(s)
    whole = s if full is None else clean(full)
    if max_w is not None:
        s = fit(s, font(size, bold), max_w)
    img = fonts.render(s, size, _ink(colour or theme().text), bold)
    r = img.get_rect(**{anchor: pos})
    surf.blit(img, r)
    if s:
        fonts.note(surf, r, s, whole, prose)
    return r


def line_h(size: int = BODY, bold: bool = False) -> int:
    return font(size, bold).get_linesize()


def wrap(s: str, size: int, width: int, bold: bool = False) -> list[str]:
    """Word-wrap ``s`` (which may hold newlines) to ``width`` pixels."""
    s = clean(s)
    f = font(size, bold)
    out: list[str] = []
    for para in s.split("\n"):
        words = para.split(" ")
        cur = ""
        for w in words:
            trial = w if not cur else cur + " " + w
            if f.size(trial)[0] <= width or not cur:
                cur = trial
            else:
                out.append(cur)
                cur = w
            while f.size(cur)[0] > width and len(cur) > 1:     # a word wider than a line
                cut = max(1, len(cur) * width // max(1, f.size(cur)[0]))
                while cut > 1 and f.size(cur[:cut])[0] > width:
                    cut -= 1
                out.append(cur[:cut])
                cur = cur[cut:]
        out.append(fit(cur, f, width))
    return out


def paragraph(surf: pygame.Surface, s: str, rect: pygame.Rect, size: int = BODY,
              colour: Colour | None = None, bold: bool = False,
              max_lines: int | None = None, align: str = "left") -> int:
    """Draw wrapped text inside ``rect``; returns the y just below the last line."""
    lines = wrap(s, size, rect.w, bold)
    lh = line_h(size, bold)
    room = max(1, rect.h // lh) if rect.h else len(lines)
    if max_lines is not None:
        room = min(room, max_lines)
    cut = len(lines) > room
    if cut:
        rest = " ".join(lines[room - 1:])
        lines = lines[:room]
        lines[-1] = fit(lines[-1] + " …", font(size, bold), rect.w)
    y = rect.y
    for i, ln in enumerate(lines):
        full = rest if cut and i == len(lines) - 1 else None
        if align == "center":
            text(surf, ln, (rect.centerx, y), size, colour, bold, "midtop", full=full, prose=True)
        else:
            text(surf, ln, (rect.x, y), size, colour, bold, full=full, prose=True)
        y += lh
    return y


def panel(surf: pygame.Surface, rect: pygame.Rect, title: str | None = None,
          colour: Colour | None = None) -> pygame.Rect:
    """A themed panel; returns the content rectangle below its title."""
    t = theme()
    pygame.draw.rect(surf, colour or t.panel, rect, border_radius=6)
    pygame.draw.rect(surf, t.border, rect, 1, border_radius=6)
    if not title:
        return rect.inflate(-16, -12)
    text(surf, title, (rect.x + 10, rect.y + 6), LABEL, t.text, bold=True, max_w=rect.w - 20)
    top = rect.y + 10 + line_h(LABEL, True)
    return pygame.Rect(rect.x + 10, top, rect.w - 20, rect.bottom - top - 6)


def tooltip(surf: pygame.Surface, near: pygame.Rect, title: str, body: str,
            width: int = 460) -> pygame.Rect:
    """A tooltip box next to ``near``, kept on screen."""
    t = theme()
    bounds = surf.get_rect()
    width = min(width, bounds.w - 20)
    lines = wrap(body, BODY, width - 20)
    h = 14 + line_h(BODY, True) + 4 + len(lines) * line_h(BODY)
    r = pygame.Rect(near.right + 8, near.y, width, h)
    if r.right > bounds.right - 4:
        r.x = near.x - width - 8
    if r.x < 4:
        r.x = max(4, min(near.x, bounds.right - width - 4))
        r.y = near.bottom + 6
    if r.bottom > bounds.bottom - 4:
        r.y = max(4, bounds.bottom - 4 - h)
    pygame.draw.rect(surf, (12, 14, 18), r.move(3, 3), border_radius=6)
    pygame.draw.rect(surf, t.panel_alt, r, border_radius=6)
    pygame.draw.rect(surf, t.accent, r, 2, border_radius=6)
    y = r.y + 7
    text(surf, title, (r.x + 10, y), BODY, t.text, bold=True, max_w=r.w - 20)
    y += line_h(BODY, True) + 4
    for ln in lines:
        text(surf, ln, (r.x + 10, y), BODY, t.text)
        y += line_h(BODY)
    return r


def draw_arrow(surf: pygame.Surface, centre: tuple[int, int], direction: str, r: int,
               colour: Colour) -> None:
    """A filled triangle pointing left, right, up or down (the font has no arrow glyphs)."""
    x, y = centre
    pts = {"left": [(x - r, y), (x + r, y - r), (x + r, y + r)],
           "right": [(x + r, y), (x - r, y - r), (x - r, y + r)],
           "up": [(x, y - r), (x - r, y + r), (x + r, y + r)],
           "down": [(x, y + r), (x - r, y - r), (x + r, y - r)]}[direction]
    pygame.draw.polygon(surf, colour, pts)


arrow = draw_arrow


def focus_ring(surf: pygame.Surface, rect: pygame.Rect) -> None:
    pygame.draw.rect(surf, theme().focus, rect.inflate(6, 6), 3, border_radius=8)


# ---------------------------------------------------------------------------- widgets
class Widget:
    """Something on a screen; focusable widgets take part in the Tab ring."""

    focusable = True

    def __init__(self, rect: pygame.Rect | tuple | None = None, tip: str | None = None) -> None:
        self.rect = pygame.Rect(rect or (0, 0, 0, 0))
        self.enabled = True
        self.visible = True
        self.tip = tip

    def key(self, ev: pygame.event.Event) -> bool:
        return False

    def click(self, pos: tuple[int, int], button: int) -> bool:
        return False

    def wheel(self, dy: int) -> bool:
        return False

    def draw(self, surf: pygame.Surface, focused: bool, hover: bool) -> None:
        pass


class Button(Widget):
    """A labelled button; Enter or Space (or a click) runs ``action``."""

    def __init__(self, label: str, action: Callable[[], Any], rect=None, hint: str = "",
                 style: str = "normal", tip: str | None = None, size: int = LABEL,
                 short: str | None = None) -> None:
        super().__init__(rect, tip)
        self.label = label
        self.short = short              # a shorter label for a narrow button (large text)
        self.action = action
        self.hint = hint
        self.style = style
        self.size = size

    def press(self) -> None:
        if self.enabled:
            self.action()

    def key(self, ev) -> bool:
        if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.press()
            return True
        return False

    def click(self, pos, button) -> bool:
        if button == 1:
            self.press()
            return True
        return False

    def draw(self, surf, focused, hover) -> None:
        t = theme()
        bg: tuple[int, ...] = {"primary": (0, 114, 178), "danger": (170, 70, 0)}.get(
            self.style, t.button)
        if hover and self.enabled:
            bg = tuple(min(255, c + 28) for c in bg)
        if not self.enabled:
            bg = t.panel
        pygame.draw.rect(surf, bg, self.rect, border_radius=6)
        pygame.draw.rect(surf, t.border if not focused else t.focus, self.rect, 2,
                         border_radius=6)
        colour = t.button_text if self.enabled else t.disabled
        hint = f"  [{self.hint}]" if self.hint else ""
        forms = [self.label + hint, self.label]
        if self.short:
            forms += [self.short + hint, self.short]
        label = fitting(forms, self.size, self.rect.w - 12, True)
        text(surf, label, self.rect.center, self.size, colour, True, "center",
             max_w=self.rect.w - 12, full=self.label)
        if focused:
            focus_ring(surf, self.rect)


class ListView(Widget):
    """A vertical list with one selected row; arrows move, Enter activates, wheel scrolls.

    ``render(surf, rect, item, selected)`` draws one row.
    """

    def __init__(self, items: list, render: Callable, rect=None, row_h: int = 32,
                 on_change: Callable[[int], Any] | None = None,
                 on_activate: Callable[[int], Any] | None = None,
                 activate_on_click: bool = False, activate_on_reclick: bool = True) -> None:
        super().__init__(rect)
        self.items = list(items)
        self.render = render
        self.row_h = row_h
        self.selected = 0
        self.top = 0
        self.on_change = on_change
        self.on_activate = on_activate
        self.activate_on_click = activate_on_click
        self.activate_on_reclick = activate_on_reclick   # a click on the selected row acts

    @property
    def rows(self) -> int:
        return max(1, self.rect.h // max(1, self.row_h))

    def set_items(self, items: list, keep: bool = True) -> None:
        self.items = list(items)
        if not keep:
            self.selected = 0
            self.top = 0
        self.selected = max(0, min(self.selected, len(self.items) - 1))
        self._scroll_into_view()

    def current(self):
        return self.items[self.selected] if self.items else None

    def select(self, i: int) -> None:
        if not self.items:
            return
        i = max(0, min(i, len(self.items) - 1))
        changed = i != self.selected
        self.selected = i
        self._scroll_into_view()
        if changed and self.on_change:
            self.on_change(i)

    def _scroll_into_view(self) -> None:
        if self.selected < self.top:
            self.top = self.selected
        elif self.selected >= self.top + self.rows:
            self.top = self.selected - self.rows + 1
        self.top = max(0, min(self.top, max(0, len(self.items) - self.rows)))

    def row_rect(self, i: int) -> pygame.Rect:
        return pygame.Rect(self.rect.x, self.rect.y + (i - self.top) * self.row_h,
                           self.rect.w - 10, self.row_h)

    def key(self, ev) -> bool:
        k = ev.key
        if k == pygame.K_UP:
            self.select(self.selected - 1)
        elif k == pygame.K_DOWN:
            self.select(self.selected + 1)
        elif k == pygame.K_PAGEUP:
            self.select(self.selected - self.rows)
        elif k == pygame.K_PAGEDOWN:
            self.select(self.selected + self.rows)
        elif k == pygame.K_HOME:
            self.select(0)
        elif k == pygame.K_END:
            self.select(len(self.items) - 1)
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.on_activate and self.items:
            self.on_activate(self.selected)
        else:
            return False
        return True

    def click(self, pos, button) -> bool:
        if button != 1:
            return False
        i = self.top + (pos[1] - self.rect.y) // max(1, self.row_h)
        if 0 <= i < len(self.items):
            again = i == self.selected
            self.select(i)
            if self.on_activate and (self.activate_on_click or
                                     (again and self.activate_on_reclick)):
                self.on_activate(i)
        return True

    def wheel(self, dy) -> bool:
        self.top = max(0, min(self.top - dy, max(0, len(self.items) - self.rows)))
        return True

    def draw(self, surf, focused, hover) -> None:
        global _row_bg
        t = theme()
        clip = surf.get_clip()
        surf.set_clip(self.rect)
        for i in range(self.top, min(len(self.items), self.top + self.rows)):
            r = self.row_rect(i)
            sel = i == self.selected
            if sel:
                pygame.draw.rect(surf, t.selected, r, border_radius=4)
                pygame.draw.rect(surf, t.focus if focused else t.accent, r, 2, border_radius=4)
                _row_bg = t.selected          # text on the selection keeps its contrast
            try:
                self.render(surf, r, self.items[i], sel)
            finally:
                _row_bg = None
        surf.set_clip(clip)
        n = len(self.items)
        if n > self.rows:       # a scroll bar
            track = pygame.Rect(self.rect.right - 6, self.rect.y, 6, self.rect.h)
            pygame.draw.rect(surf, t.panel_alt, track, border_radius=3)
            h = max(16, track.h * self.rows // n)
            y = track.y + (track.h - h) * self.top // max(1, n - self.rows)
            pygame.draw.rect(surf, t.muted, (track.x, y, 6, h), border_radius=3)
        if focused:
            focus_ring(surf, self.rect)


class Picker(Widget):
    """Choose one of several values with Left/Right (or by clicking the arrows).

    ``options`` are (value, label) or (value, label, short label) tuples; the picker shows
    "label: option", else "label: short form", else the option alone, else its short form,
    whichever fits first.
    """

    def __init__(self, label: str, options: list[tuple[Any, str]], rect=None, index: int = 0,
                 on_change: Callable[[Any], Any] | None = None, tip: str | None = None,
                 hint: str = "") -> None:
        super().__init__(rect, tip)
        self.label = label
        self.options = list(options)
        self.index = index
        self.on_change = on_change
        self.hint = hint

    @property
    def value(self):
        return self.options[self.index][0] if self.options else None

    def set_options(self, options: Sequence[tuple[Any, ...]], value: Any = None) -> None:
        self.options = list(options)
        vals = [o[0] for o in self.options]
        self.index = vals.index(value) if value in vals else 0

    def shown(self, room: int | None = None) -> str:
        """The text on the picker: the longest form that fits ``room`` pixels."""
        if not self.options:
            return "—"
        opt = self.options[self.index]
        names = [opt[1]] + ([opt[2]] if len(opt) > 2 else [])
        # the label stays with the short name before it is dropped, so a picker does not
        # say "Target: Russia" for one option and plain "North Korea" for the next
        forms = [f"{self.label}: {n}" for n in names] if self.label else []
        forms += names
        if room is None:
            return forms[0]
        f = font(BODY)
        return next((s for s in forms if f.size(clean(s))[0] <= room), forms[-1])

    def step(self, d: int) -> None:
        if len(self.options) > 1 and self.enabled:
            self.index = (self.index + d) % len(self.options)
            if self.on_change:
                self.on_change(self.value)

    def key(self, ev) -> bool:
        if ev.key == pygame.K_LEFT:
            self.step(-1)
        elif ev.key in (pygame.K_RIGHT, pygame.K_SPACE):
            self.step(1)
        else:
            return False
        return True

    def click(self, pos, button) -> bool:
        if button == 1:
            self.step(-1 if pos[0] < self.rect.x + 40 else 1)
            return True
        return False

    def draw(self, surf, focused, hover) -> None:
        t = theme()
        pygame.draw.rect(surf, t.button_hover if hover and self.enabled else t.button,
                         self.rect, border_radius=6)
        pygame.draw.rect(surf, t.focus if focused else t.border, self.rect, 2,
                         border_radius=6)
        many = len(self.options) > 1 and self.enabled
        col = t.text if self.enabled and self.options else t.disabled
        cy = self.rect.centery
        if many:                       # arrows only when there is something to choose
            draw_arrow(surf, (self.rect.x + 16, cy), "left", 7, t.text)
            draw_arrow(surf, (self.rect.right - 16, cy), "right", 7, t.text)
        room = self.rect.w - (54 if many else 16)
        label = self.shown(room)
        text(surf, label, (self.rect.centerx, cy), BODY, col, False, "center", max_w=room,
             full=self.shown())
        if focused:
            focus_ring(surf, self.rect)


class FocusRing:
    """The focusable widgets of a screen in Tab order, and which one has the focus."""

    def __init__(self) -> None:
        self.widgets: list[Widget] = []
        self.index = 0

    def set(self, widgets: Sequence[Widget | None]) -> None:
        keep = self.focused
        self.widgets = [w for w in widgets if w is not None and w.focusable]
        if keep in self.widgets:
            self.index = self.widgets.index(keep)
        else:
            self.index = min(self.index, max(0, len(self.widgets) - 1))

    @property
    def focused(self) -> Widget | None:
        live = [w for w in self.widgets if w.visible]
        if not live:
            return None
        if self.index >= len(self.widgets) or not self.widgets[self.index].visible:
            self.index = self.widgets.index(live[0])
        return self.widgets[self.index]

    def focus(self, w: Widget) -> None:
        if w in self.widgets:
            self.index = self.widgets.index(w)

    def move(self, d: int) -> None:
        n = len(self.widgets)
        for _ in range(n):
            self.index = (self.index + d) % n
            w = self.widgets[self.index]
            if w.visible and w.enabled:
                return

    def at(self, pos: tuple[int, int]) -> Widget | None:
        for w in self.widgets:
            if w.visible and w.rect.collidepoint(pos):
                return w
        return None

    def handle(self, ev: pygame.event.Event) -> bool:
        if ev.type == pygame.KEYDOWN:
            if ev.key == pygame.K_TAB and self.widgets:
                self.move(-1 if ev.mod & pygame.KMOD_SHIFT else 1)
                return True
            w = self.focused
            return bool(w and w.enabled and w.key(ev))
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button in (1, 3):
            w = self.at(ev.pos)
            if w is not None:
                self.focus(w)
                return w.enabled and w.click(ev.pos, ev.button)
        if ev.type == pygame.MOUSEWHEEL:
            w = self.at(pygame.mouse.get_pos())
            return bool(w and w.wheel(ev.y))
        return False

    def draw(self, surf: pygame.Surface) -> None:
        mouse = pygame.mouse.get_pos()
        f = self.focused
        for w in self.widgets:
            if w.visible:
                w.draw(surf, w is f, w.rect.collidepoint(mouse))

    def tip(self) -> Widget | None:
        """The widget whose tooltip to show: the one under the mouse (a tooltip never pops up
        on its own for the focused one; the screens give the same text by key, e.g. L on the
        main screen shows the chosen lever in full)."""
        w = self.at(pygame.mouse.get_pos())
        return w if w is not None and w.tip else None


def button_row(buttons: list[Button], rect: pygame.Rect, gap: int = 12) -> None:
    """Lay buttons out left to right across ``rect``, equal widths."""
    n = len(buttons)
    if not n:
        return
    w = (rect.w - gap * (n - 1)) // n
    for i, b in enumerate(buttons):
        b.rect = pygame.Rect(rect.x + i * (w + gap), rect.y, w, rect.h)


def dim(surf: pygame.Surface, alpha: int = 170) -> None:
    """Darken everything drawn so far (behind a dialog or overlay)."""
    veil = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
    veil.fill((0, 0, 0, alpha))
    surf.blit(veil, (0, 0))


class NumberPicker(Picker):
    """A whole number changed with Left/Right (Shift: by ten)."""

    def __init__(self, label: str, value: int, lo: int, hi: int, rect=None,
                 tip: str | None = None) -> None:
        super().__init__(label, [], rect, tip=tip)
        self.number, self.lo, self.hi = value, lo, hi

    @property
    def value(self):
        return self.number

    def step(self, d: int) -> None:
        if pygame.key.get_mods() & pygame.KMOD_SHIFT:
            d *= 10
        self.number = max(self.lo, min(self.hi, self.number + d))

    def draw(self, surf, focused, hover) -> None:
        self.options = [(self.number, str(self.number)), (None, "")]
        self.index = 0
        super().draw(surf, focused, hover)


def state_badge(surf: pygame.Surface, rect: pygame.Rect, actor: str) -> None:
    """A state's badge: its icon when the assets have one, else its colour, hatch and code."""
    try:
        img = icons.state_icon(actor, min(rect.w, rect.h))
    except (KeyError, FileNotFoundError, pygame.error):
        pal.draw_swatch(surf, rect, actor)
        return
    surf.blit(img, img.get_rect(center=rect.center))


def group_badge(surf: pygame.Surface, rect: pygame.Rect, group: str) -> None:
    try:
        img = icons.group_icon(group, min(rect.w, rect.h))
    except (KeyError, FileNotFoundError, pygame.error):
        pygame.draw.rect(surf, pal.LEVER_GROUPS[group][1], rect, border_radius=4)
        return
    surf.blit(img, img.get_rect(center=rect.center))
