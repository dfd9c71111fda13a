"""Colours for the front end: Okabe-Ito state colours with patterns, overlay ramps, text contrast.

Never colour alone: every state also has a short code, a hatch pattern, a chart line style and a
point-marker shape, and every overlay value is printed as a number on the map. The state colours
were chosen from the Okabe-Ito set so that they stay apart under simulated deuteranopia and
protanopia (see ``simulate_cvd`` and tests/test_ui_charts.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from . import fonts

RGB = tuple[int, int, int]

# --- Okabe & Ito (2008), "Color Universal Design" --------------------------------------------
ORANGE: RGB = (230, 159, 0)
SKY_BLUE: RGB = (86, 180, 233)
BLUISH_GREEN: RGB = (0, 158, 115)
YELLOW: RGB = (240, 228, 66)
BLUE: RGB = (0, 114, 178)
VERMILLION: RGB = (213, 94, 0)
REDDISH_PURPLE: RGB = (204, 121, 167)
OI_WHITE: RGB = (235, 235, 235)     # Okabe-Ito's black is useless on a dark screen; light grey instead

# --- Screen colours (dark, high contrast) ------------------------------------------------------
BG: RGB = (16, 20, 28)              # window background
PANEL: RGB = (28, 34, 46)           # panels and cards
PANEL_HI: RGB = (44, 52, 68)        # hovered / raised panel
BORDER: RGB = (110, 122, 140)
TEXT: RGB = (245, 245, 245)         # body text: 17:1 on BG
TEXT_DIM: RGB = (200, 206, 216)     # secondary text: still >= 10:1 on BG
TEXT_DARK: RGB = (12, 12, 12)       # text on light fills
ACCENT: RGB = YELLOW                # focus rings, "changed this turn"
SELECT: RGB = (255, 255, 255)       # selected state outline
GOOD: RGB = BLUISH_GREEN
BAD: RGB = VERMILLION

# --- Map colours ---------------------------------------------------------------------------------
SEA: RGB = (10, 24, 44)
SEA_INSET: RGB = (18, 42, 76)
GRATICULE: RGB = (24, 44, 72)
LAND_PLAYER: RGB = (120, 128, 140)  # a playing state when no overlay colour is given
LAND_CONTEXT: RGB = (62, 66, 72)    # Mongolia, Taiwan
LAND_OTHER: RGB = (48, 52, 58)      # the rest of the land in view
COAST: RGB = (8, 10, 14)            # borders and coastlines (dark casing)
COAST_LIGHT: RGB = (170, 178, 190)   # thin light line on the casing of playing states


@dataclass(frozen=True, slots=True)
class StateStyle:
    """How one state is told apart: colour AND code, hatch, line style and point marker."""

    colour: RGB
    code: str        # short code printed next to the colour
    short: str       # short name for map labels
    hatch: str       # "/", "\\", "x", ".", "-", "|" (see hatch_surface)
    dash: str        # chart line style: solid | dashed | dotted
    marker: str      # chart point marker: circle | square | triangle | diamond | cross | star


STATES: dict[str, StateStyle] = {
    "us": StateStyle(SKY_BLUE, "USA", "USA", "/", "solid", "circle"),
    "russia": StateStyle(BLUISH_GREEN, "RUS", "Russia", "-", "dashed", "square"),
    "china": StateStyle(VERMILLION, "CHN", "China", "x", "solid", "triangle"),
    "dprk": StateStyle(YELLOW, "DPRK", "N. Korea", ".", "dashed", "diamond"),
    "rok": StateStyle(BLUE, "ROK", "S. Korea", "\\", "dotted", "cross"),
    "japan": StateStyle(OI_WHITE, "JPN", "Japan", "|", "dotted", "star"),
}

LEVER_GROUPS: dict[str, tuple[str, RGB]] = {
    "sanctions": ("Sanctions", VERMILLION),
    "diplomacy": ("Diplomacy", SKY_BLUE),
    "military": ("Alliances & military", ORANGE),
    "economy": ("Economy", BLUISH_GREEN),
    "covert": ("Covert", REDDISH_PURPLE),
}

MARKER_KINDS: dict[str, tuple[str, RGB]] = {
    "summit": ("Summit", SKY_BLUE),
    "drill": ("Drill", ORANGE),
    "project": ("Project", BLUISH_GREEN),
    "covert": ("Covert", REDDISH_PURPLE),
    "sanctions": ("Sanctions", VERMILLION),
}


def state_colour(actor: str) -> RGB:
    return STATES[actor].colour


# --- Ramps ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Ramp:
    """A piecewise-linear colour ramp over [lo, hi]; stops are (fraction 0..1, colour)."""

    lo: float
    hi: float
    stops: tuple[tuple[float, RGB], ...]
    name: str = ""

    def __call__(self, value: float) -> RGB:
        t = 0.0 if self.hi == self.lo else (value - self.lo) / (self.hi - self.lo)
        t = min(1.0, max(0.0, t))
        for (t0, c0), (t1, c1) in zip(self.stops, self.stops[1:]):
            if t <= t1:
                f = 0.0 if t1 == t0 else (t - t0) / (t1 - t0)
                return tuple(round(a + (b - a) * f) for a, b in zip(c0, c1))  # type: ignore[return-value]
        return self.stops[-1][1]

    def ticks(self, n: int = 5) -> list[float]:
        """n evenly spaced values from lo to hi, for a legend."""
        return [self.lo + (self.hi - self.lo) * i / (n - 1) for i in range(n)]


# Sequential (stability, influence, exposure 0..100): viridis, skipping its darkest tenth so low
# values still stand out against the dark sea. Perceptually uniform and colour-blind safe.
SEQUENTIAL = Ramp(0, 100, (
    (0.00, (72, 36, 117)), (0.25, (59, 82, 139)), (0.50, (33, 145, 140)),
    (0.75, (94, 201, 98)), (1.00, (253, 231, 37)),
), "sequential")

# Diverging (relations -100..100): vermillion (hostile) - light grey (neutral) - blue (aligned).
DIVERGING = Ramp(-100, 100, (
    (0.00, VERMILLION), (0.25, (232, 160, 110)), (0.50, (236, 236, 236)),
    (0.75, (110, 170, 215)), (1.00, BLUE),
), "diverging")


# --- Contrast and colour-vision checks ----------------------------------------------------------
def _linear(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance."""
    r, g, b = (_linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1..21 (>= 4.5 body text, >= 7 'AAA')."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_on(fill: RGB) -> RGB:
    """Black or white text, whichever reads better on ``fill``."""
    return TEXT_DARK if contrast_ratio(fill, TEXT_DARK) >= contrast_ratio(fill, TEXT) else TEXT


def readable(colour: RGB, bg: RGB = PANEL, ratio: float = 4.5) -> RGB:
    """``colour`` lightened towards white just enough to read as text on ``bg``."""
    c = tuple(colour[:3])
    for k in range(11):
        f = k / 10
        m = tuple(round(v + (255 - v) * f) for v in colour[:3])
        if contrast_ratio(m, bg) >= ratio:  # type: ignore[arg-type]
            return m  # type: ignore[return-value]
    return c  # type: ignore[return-value]


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
_CVD = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}


def simulate_cvd(rgb: RGB, kind: str = "deuteranopia") -> tuple[float, float, float]:
    """The colour as seen with a colour-vision deficiency, in linear RGB 0..1."""
    lin = [_linear(c) for c in rgb[:3]]
    return tuple(min(1.0, max(0.0, sum(m * v for m, v in zip(row, lin)))) for row in _CVD[kind])  # type: ignore[return-value]


def _lab(lin: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = lin
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def cvd_distance(a: RGB, b: RGB, kind: str = "deuteranopia") -> float:
    """CIE76 colour difference between two colours as seen with ``kind`` (> ~20: clearly apart)."""
    return math.dist(_lab(simulate_cvd(a, kind)), _lab(simulate_cvd(b, kind)))


# --- Drawing helpers -------------------------------------------------------------------------------
def hatch_surface(size: tuple[int, int], pattern: str, colour: RGB,
                  spacing: int = 8, width: int = 2) -> "pygame.Surface":
    """A transparent surface covered with a hatch pattern; blit it over a fill."""
    w, h = size
    s = pygame.Surface((w, h), pygame.SRCALPHA)
    c = (*colour[:3], 255)
    if pattern in ("/", "x"):
        for k in range(-h, w + h, spacing):
            pygame.draw.line(s, c, (k, h), (k + h, 0), width)
    if pattern in ("\\", "x"):
        for k in range(-h, w + h, spacing):
            pygame.draw.line(s, c, (k, 0), (k + h, h), width)
    if pattern == "-":
        for y in range(spacing // 2, h, spacing):
            pygame.draw.line(s, c, (0, y), (w, y), width)
    if pattern == "|":
        for x in range(spacing // 2, w, spacing):
            pygame.draw.line(s, c, (x, 0), (x, h), width)
    if pattern == ".":
        for y in range(spacing // 2, h, spacing):
            off = spacing // 2 if (y // spacing) % 2 else 0
            for x in range(spacing // 2 + off, w, spacing):
                pygame.draw.circle(s, c, (x, y), max(1, width))
    return s


def draw_swatch(surface: "pygame.Surface", rect: "pygame.Rect", actor: str) -> None:
    """A state's key: its colour with its hatch pattern on top, framed (never colour alone)."""
    st = STATES[actor]
    r = pygame.Rect(rect)
    pygame.draw.rect(surface, st.colour, r)
    surface.blit(hatch_surface(r.size, st.hatch, text_on(st.colour), spacing=6, width=1), r)
    pygame.draw.rect(surface, COAST, r, 1)


def draw_legend(surface: "pygame.Surface", rect: "pygame.Rect", ramp: Ramp, title: str,
                ticks: int = 5, unit: str = "") -> "pygame.Rect":
    """A titled gradient bar with numbered ticks for an overlay ramp; returns the area used."""
    r = pygame.Rect(rect)
    pad = 8
    pygame.draw.rect(surface, PANEL, r, border_radius=6)
    pygame.draw.rect(surface, BORDER, r, 1, border_radius=6)
    t = fonts.render(title, fonts.SMALL, TEXT, bold=True)
    fonts.blit(surface, t, (r.x + pad, r.y + pad), title)
    tick_font_h = fonts.font(fonts.SMALL).get_linesize()
    bar = pygame.Rect(r.x + pad + 6, r.y + pad + t.get_height() + 4,
                      r.w - 2 * pad - 12, max(10, r.h - 3 * pad - t.get_height() - tick_font_h - 6))
    for i in range(bar.w):
        v = ramp.lo + (ramp.hi - ramp.lo) * i / max(1, bar.w - 1)
        pygame.draw.line(surface, ramp(v), (bar.x + i, bar.y), (bar.x + i, bar.bottom - 1))
    pygame.draw.rect(surface, TEXT_DIM, bar, 1)
    def label(v: float) -> str:
        return f"{v:+.0f}{unit}" if ramp.lo < 0 and v else f"{v:.0f}{unit}"

    def layout(n: int) -> list[tuple[int, int, pygame.Surface]]:
        out = []
        for v in ramp.ticks(n):
            x = bar.x + round((v - ramp.lo) / (ramp.hi - ramp.lo) * (bar.w - 1))
            lab = fonts.render(label(v), fonts.SMALL, TEXT)
            out.append((x, min(max(x - lab.get_width() // 2, r.x + 2), r.right - lab.get_width() - 2), lab))
        return out

    n = max(2, ticks)
    ticks_at = layout(n)
    while n > 2 and any(a[1] + a[2].get_width() + 8 > b[1] for a, b in zip(ticks_at, ticks_at[1:])):
        n = 3 if n > 3 else 2          # fewer ticks rather than overlapping numbers
        ticks_at = layout(n)
    for (x, lx, lab), v in zip(ticks_at, ramp.ticks(n)):
        pygame.draw.line(surface, TEXT, (x, bar.bottom), (x, bar.bottom + 4), 2)
        fonts.blit(surface, lab, (lx, bar.bottom + 5), label(v))
    return r
