"""Icons for states, lever groups and map markers, loaded from assets/icons/ and cached.

The PNGs are drawn by assets/icons/make_icons.py (64 and 32 px); other sizes are scaled from
the nearest larger one. ``labelled_state`` / ``labelled_group`` put the icon next to its name,
so an icon never has to carry meaning by itself.
"""
from __future__ import annotations

import pygame

from . import ASSETS, fonts
from .palette import LEVER_GROUPS, MARKER_KINDS, STATES, TEXT

ICON_DIR = ASSETS / "icons"
_SOURCE_SIZES = (64, 32)
_cache: dict[tuple[str, int], pygame.Surface] = {}


def _load(stem: str, size: int) -> pygame.Surface:
    key = (stem, size)
    s = _cache.get(key)
    if s is not None:
        return s
    src = next((n for n in sorted(_SOURCE_SIZES) if n >= size), max(_SOURCE_SIZES))
    path = ICON_DIR / f"{stem}_{src}.png"
    if not path.is_file():
        raise FileNotFoundError(f"icon {path} is missing: run assets/icons/make_icons.py")
    img = pygame.image.load(str(path))
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        img = img.convert_alpha()
    if img.get_width() != size:
        img = pygame.transform.smoothscale(img, (size, size))
    _cache[key] = img
    return img


def state_icon(actor: str, size: int = 32) -> pygame.Surface:
    """A state's emblem (us, russia, china, dprk, rok, japan)."""
    if actor not in STATES:
        raise KeyError(f"no icon for state {actor!r}")
    return _load(f"state_{actor}", size)


def group_icon(group: str, size: int = 32) -> pygame.Surface:
    """A lever group's icon (sanctions, diplomacy, military, economy, covert)."""
    if group not in LEVER_GROUPS:
        raise KeyError(f"no icon for lever group {group!r}")
    return _load(f"group_{group}", size)


def marker_icon(kind: str, size: int = 24) -> pygame.Surface:
    """A map marker's icon (summit, drill, project, covert, sanctions)."""
    if kind not in MARKER_KINDS:
        raise KeyError(f"no icon for map marker {kind!r}")
    return _load(f"marker_{kind}", size)


def _labelled(icon: pygame.Surface, text: str, size_px: int, colour: tuple, gap: int = 6) -> pygame.Surface:
    t = fonts.render(text, size_px, colour, bold=True)
    h = max(icon.get_height(), t.get_height())
    out = pygame.Surface((icon.get_width() + gap + t.get_width(), h), pygame.SRCALPHA)
    out.blit(icon, (0, (h - icon.get_height()) // 2))
    out.blit(t, (icon.get_width() + gap, (h - t.get_height()) // 2))
    return out


def labelled_state(actor: str, size: int = 32, text: str | None = None,
                   size_px: int = fonts.BODY, colour: tuple = TEXT) -> pygame.Surface:
    """The state's emblem followed by its name (default: the short map name)."""
    return _labelled(state_icon(actor, size), text or STATES[actor].short, size_px, colour)


def labelled_group(group: str, size: int = 32, size_px: int = fonts.BODY,
                   colour: tuple = TEXT) -> pygame.Surface:
    """The lever group's icon followed by its name."""
    return _labelled(group_icon(group, size), LEVER_GROUPS[group][0], size_px, colour)
