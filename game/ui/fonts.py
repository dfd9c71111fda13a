"""Fonts: one cache of pygame fonts and rendered text, honouring the text-size setting.

The face is Noto Sans, shipped in assets/fonts/ with its licence (SIL Open Font Licence 1.1).
If it cannot be found, pygame's own default font is used. Sizes are given in pixels at 100 %
text size; ``set_text_scale(1.25)`` makes every later call return larger fonts.
"""
from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import pygame

from . import ASSETS

# Sizes at 1280x720 and 100 % text size (body text is never below 18 px).
SMALL = 18
BODY = 20
HEADING = 24
TITLE = 32
HUGE = 48

SCALES = (1.0, 1.25, 1.5)

_scale = 1.0
_fonts: dict[tuple[int, bool], pygame.font.Font] = {}
_texts: OrderedDict[tuple, pygame.Surface] = OrderedDict()
_TEXT_CACHE_MAX = 2000
FONT_DIR = ASSETS / "fonts"


def _forget() -> None:
    _fonts.clear()
    _texts.clear()


pygame.register_quit(_forget)               # pygame.quit() invalidates every Font object


@lru_cache(maxsize=None)
def font_path(bold: bool = False) -> Path | None:
    """Noto Sans from assets/fonts/, or None (use pygame's default font)."""
    p = FONT_DIR / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")
    return p if p.is_file() else None


def set_text_scale(scale: float) -> None:
    """Set the text-size setting (1.0, 1.25 or 1.5; anything from 0.5 to 3 is accepted)."""
    global _scale
    if not 0.5 <= float(scale) <= 3.0:
        raise ValueError(f"text scale must be between 0.5 and 3, got {scale}")
    if float(scale) != _scale:
        _scale = float(scale)
        _texts.clear()


def text_scale() -> float:
    return _scale


def px(size_px: float) -> int:
    """A size in pixels at 100 % text size, scaled by the text-size setting."""
    return max(6, round(size_px * _scale))


def font(size_px: int, bold: bool = False) -> pygame.font.Font:
    """The cached font for ``size_px`` (at 100 % text size) after the text-size setting."""
    key = (px(size_px), bool(bold))
    if not pygame.font.get_init():          # fonts made before a pygame.font.quit() are dead
        _forget()
        pygame.font.init()
    f = _fonts.get(key)
    if f is None:
        path = font_path(bold)
        f = pygame.font.Font(str(path) if path else None, key[0])
        if path is None and bold:
            f.set_bold(True)
        _fonts[key] = f
    return f


def render(text: str, size_px: int, colour: tuple[int, int, int], bold: bool = False,
           bg: tuple[int, int, int] | None = None) -> pygame.Surface:
    """Antialiased text, cached (the same label every frame costs one dict lookup)."""
    key = (text, px(size_px), bool(bold), tuple(colour), None if bg is None else tuple(bg))
    s = _texts.get(key)
    if s is not None:
        _texts.move_to_end(key)
        return s
    s = font(size_px, bold).render(text, True, colour, bg)
    _texts[key] = s
    if len(_texts) > _TEXT_CACHE_MAX:
        _texts.popitem(last=False)
    return s


# ---------------------------------------------------------------------------- drawn-text log
class Drawn:
    """One piece of text drawn on a surface: where, what, the full string it stands for (when
    it was shortened to fit) and whether it is a line of running prose."""

    __slots__ = ("surface", "rect", "text", "full", "prose")

    def __init__(self, surface: pygame.Surface, rect: pygame.Rect, text: str,
                 full: str | None = None, prose: bool = False) -> None:
        self.surface = surface
        self.rect = pygame.Rect(rect)
        self.text = text
        self.full = full
        self.prose = prose

    @property
    def shortened(self) -> bool:
        """Is this a shorter form of a longer text (a short name, or cut)?"""
        return self.full is not None and self.full != self.text

    @property
    def cut(self) -> bool:
        """Was the text cut off with an ellipsis to fit?"""
        return self.shortened and self.text.count("…") > (self.full or "").count("…")

    def __repr__(self) -> str:
        return f"Drawn({self.text!r}, {tuple(self.rect)})"


_log: list[Drawn] | None = None


def start_log() -> list[Drawn]:
    """Record every text drawn from now on (layout checks); ``stop_log`` ends it."""
    global _log
    _log = []
    return _log


def stop_log() -> list[Drawn]:
    global _log
    out, _log = _log or [], None
    return out


def note(surface: pygame.Surface, rect: pygame.Rect, text: str, full: str | None = None,
         prose: bool = False) -> None:
    """Log a text drawn on ``surface`` at ``rect`` (free when no log is running)."""
    if _log is not None:
        _log.append(Drawn(surface, rect, text, full, prose))


def blit(surface: pygame.Surface, img: pygame.Surface, pos, text: str, anchor: str = "topleft",
         full: str | None = None) -> pygame.Rect:
    """Blit a rendered text at ``pos`` (its ``anchor`` point) and log it (``full``: the longer
    text it was shortened from); returns its rect."""
    r = img.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    surface.blit(img, r)
    note(surface, r, text, full)
    return r


def size(text: str, size_px: int, bold: bool = False) -> tuple[int, int]:
    return font(size_px, bold).size(text)


def wrap(text: str, size_px: int, width: int, bold: bool = False) -> list[str]:
    """Split ``text`` into lines that fit ``width`` pixels (words longer than a line stay whole)."""
    f = font(size_px, bold)
    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for word in para.split():
            trial = f"{cur} {word}" if cur else word
            if cur and f.size(trial)[0] > width:
                lines.append(cur)
                cur = word
            else:
                cur = trial
        lines.append(cur)
    return lines
