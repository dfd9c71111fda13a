"""Draw the game's icons with pygame primitives and save them as PNGs next to this script.

    python assets/icons/make_icons.py        # (from the repository root, with the venv's python)

Made for this game (no third-party artwork). Each icon is drawn at 256 px and smoothly scaled down
to 64 and 32 px. State emblems are rounded squares in the state's palette colour with a simple
flag-inspired glyph (so the shape tells the states apart, not only the colour); lever-group and
map-marker icons are round badges with a pictogram. Output names:
``state_<actor>_<size>.png``, ``group_<group>_<size>.png``, ``marker_<kind>_<size>.png``.
"""
from __future__ import annotations

import math
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402

from game.ui.palette import (  # noqa: E402
    COAST, LEVER_GROUPS, MARKER_KINDS, STATES, VERMILLION, text_on,
)

BIG = 256
SIZES = (64, 32)
INK = COAST


def star(cx: float, cy: float, r: float, rot: float = -90.0, inner: float = 0.382) -> list[tuple[float, float]]:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * inner
        a = math.radians(rot + i * 36)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


def canvas() -> pygame.Surface:
    return pygame.Surface((BIG, BIG), pygame.SRCALPHA)


def badge_square(s: pygame.Surface, fill: tuple) -> None:
    pygame.draw.rect(s, INK, (4, 4, BIG - 8, BIG - 8), border_radius=44)
    pygame.draw.rect(s, fill, (16, 16, BIG - 32, BIG - 32), border_radius=34)


def badge_round(s: pygame.Surface, fill: tuple) -> None:
    pygame.draw.circle(s, INK, (BIG // 2, BIG // 2), BIG // 2 - 2)
    pygame.draw.circle(s, fill, (BIG // 2, BIG // 2), BIG // 2 - 14)


# --- state emblems -------------------------------------------------------------------------------
def state_us(s, fg):
    pygame.draw.polygon(s, fg, star(128, 112, 70))
    for y in (178, 204):
        pygame.draw.rect(s, fg, (52, y, 152, 14), border_radius=7)


def state_russia(s, fg):
    # a stylised Kremlin tower: wall, tower, spire and star
    back = text_on(fg)
    pygame.draw.rect(s, fg, (44, 170, 168, 42), border_radius=4)
    for x in range(48, 210, 28):
        pygame.draw.rect(s, fg, (x, 156, 16, 16))
    pygame.draw.rect(s, fg, (100, 104, 56, 80))
    pygame.draw.rect(s, back, (118, 176, 20, 36), border_top_left_radius=10, border_top_right_radius=10)
    pygame.draw.polygon(s, fg, [(104, 108), (152, 108), (128, 58)])
    pygame.draw.polygon(s, fg, star(128, 46, 22))


def state_china(s, fg):
    pygame.draw.polygon(s, fg, star(98, 112, 58))
    for ang in (-50, -18, 14, 46):
        a = math.radians(ang)
        pygame.draw.polygon(s, fg, star(98 + 96 * math.cos(a), 112 + 96 * math.sin(a) * 0.9, 18, rot=ang + 90))


def state_dprk(s, fg):
    pygame.draw.rect(s, fg, (40, 52, 176, 14), border_radius=7)
    pygame.draw.rect(s, fg, (40, 190, 176, 14), border_radius=7)
    pygame.draw.circle(s, fg, (128, 128), 46)
    pygame.draw.polygon(s, text_on(fg), star(128, 130, 40))


def state_rok(s, fg):
    c, r = (128, 128), 54
    pygame.draw.circle(s, fg, c, r + 6)
    back = text_on(fg)
    # taegeuk: a disc split by an S-curve
    pygame.draw.circle(s, back, c, r)
    top = pygame.Surface((BIG, BIG), pygame.SRCALPHA)
    pygame.draw.circle(top, fg, c, r)
    pygame.draw.rect(top, (0, 0, 0, 0), (0, 128, BIG, BIG))
    s.blit(top, (0, 0))
    pygame.draw.circle(s, fg, (128 + r // 2, 128), r // 2)
    pygame.draw.circle(s, back, (128 - r // 2, 128), r // 2)
    for cx, cy, ang in ((52, 52, 45), (204, 52, -45), (52, 204, -45), (204, 204, 45)):
        for k in (-12, 0, 12):
            a = math.radians(ang)
            dx, dy = math.cos(a) * 16, math.sin(a) * 16
            ox, oy = -math.sin(a) * k, math.cos(a) * k
            pygame.draw.line(s, fg, (cx - dx + ox, cy - dy + oy), (cx + dx + ox, cy + dy + oy), 7)


def state_japan(s, fg):
    pygame.draw.circle(s, VERMILLION, (128, 128), 64)


STATE_GLYPHS = {"us": state_us, "russia": state_russia, "china": state_china,
                "dprk": state_dprk, "rok": state_rok, "japan": state_japan}


# --- lever groups and map markers -------------------------------------------------------------------
def padlock(s, fg):
    pygame.draw.rect(s, fg, (72, 118, 112, 84), border_radius=12)
    pygame.draw.arc(s, fg, (88, 58, 80, 110), 0, math.pi, 16)
    pygame.draw.rect(s, fg, (88, 108, 16, 14))
    pygame.draw.rect(s, fg, (152, 108, 16, 14))
    pygame.draw.circle(s, text_on(fg), (128, 152), 12)
    pygame.draw.rect(s, text_on(fg), (122, 152, 12, 30))


def bubbles(s, fg):
    pygame.draw.rect(s, fg, (50, 64, 108, 72), border_radius=22)
    pygame.draw.polygon(s, fg, [(72, 130), (66, 164), (102, 132)])
    pygame.draw.rect(s, fg, (104, 118, 104, 70), border_radius=22)
    pygame.draw.rect(s, text_on(fg), (104, 118, 104, 70), 8, border_radius=22)
    pygame.draw.polygon(s, fg, [(178, 184), (188, 214), (160, 186)])


def shield(s, fg):
    pts = [(128, 46), (196, 72), (190, 144), (128, 212), (66, 144), (60, 72)]
    pygame.draw.polygon(s, fg, pts)
    back = text_on(fg)
    pygame.draw.lines(s, back, False, [(88, 104), (128, 132), (168, 104)], 14)
    pygame.draw.lines(s, back, False, [(88, 140), (128, 168), (168, 140)], 14)


def rising_bars(s, fg):
    for i, h in enumerate((50, 86, 122)):
        pygame.draw.rect(s, fg, (62 + i * 46, 196 - h, 34, h), border_radius=4)
    pygame.draw.rect(s, fg, (52, 200, 152, 10), border_radius=4)
    pygame.draw.line(s, fg, (62, 118), (180, 56), 12)
    pygame.draw.polygon(s, fg, [(188, 48), (154, 56), (178, 80)])


def eye(s, fg):
    top = [(40 + i * 4, 128 - 58 * math.sin(math.pi * i / 44)) for i in range(45)]
    bot = [(216 - i * 4, 128 + 58 * math.sin(math.pi * i / 44)) for i in range(45)]
    pygame.draw.polygon(s, fg, top + bot)
    pygame.draw.circle(s, text_on(fg), (128, 128), 34)
    pygame.draw.circle(s, fg, (128, 128), 16)


def handshake_people(s, fg):
    for cx in (92, 164):
        pygame.draw.circle(s, fg, (cx, 92), 26)
        pygame.draw.ellipse(s, fg, (cx - 42, 124, 84, 90))
    pygame.draw.rect(s, text_on(fg), (60, 196, 136, 40))
    pygame.draw.rect(s, fg, (56, 196, 144, 12), border_radius=6)


def crosshair(s, fg):
    pygame.draw.circle(s, fg, (128, 128), 70, 14)
    pygame.draw.circle(s, fg, (128, 128), 20)
    for a, b in (((128, 36), (128, 88)), ((128, 168), (128, 220)),
                 ((36, 128), (88, 128)), ((168, 128), (220, 128))):
        pygame.draw.line(s, fg, a, b, 14)


def rail(s, fg):
    pygame.draw.line(s, fg, (92, 40), (70, 216), 14)
    pygame.draw.line(s, fg, (164, 40), (186, 216), 14)
    for i in range(5):
        y = 58 + i * 38
        half = 44 + i * 6
        pygame.draw.line(s, fg, (128 - half, y), (128 + half, y), 12)


GROUP_GLYPHS = {"sanctions": padlock, "diplomacy": bubbles, "military": shield,
                "economy": rising_bars, "covert": eye}
MARKER_GLYPHS = {"summit": handshake_people, "drill": crosshair, "project": rail,
                 "covert": eye, "sanctions": padlock}


def save(s: pygame.Surface, stem: str) -> list[Path]:
    out = []
    for size in SIZES:
        p = HERE / f"{stem}_{size}.png"
        pygame.image.save(pygame.transform.smoothscale(s, (size, size)), str(p))
        out.append(p)
    return out


def make_all() -> list[Path]:
    written: list[Path] = []
    for actor, glyph in STATE_GLYPHS.items():
        fill = STATES[actor].colour
        s = canvas()
        badge_square(s, fill)
        glyph(s, text_on(fill))
        written += save(s, f"state_{actor}")
    for group, glyph in GROUP_GLYPHS.items():
        fill = LEVER_GROUPS[group][1]
        s = canvas()
        badge_round(s, fill)
        glyph(s, text_on(fill))
        written += save(s, f"group_{group}")
    for kind, glyph in MARKER_GLYPHS.items():
        fill = MARKER_KINDS[kind][1]
        s = canvas()
        badge_round(s, fill)
        glyph(s, text_on(fill))
        written += save(s, f"marker_{kind}")
    return written


if __name__ == "__main__":
    pygame.init()
    files = make_all()
    print(f"wrote {len(files)} icons to {HERE}")
