"""The base class of every screen and overlay (the screens themselves are in ``screens/``)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from .widgets import FocusRing, tooltip

if TYPE_CHECKING:
    from .app import App


class Screen:
    """One screen of the game. The app calls ``layout`` on every resize or text-size change,
    ``handle`` for each event (after its own global keys), ``update`` and ``draw`` each frame.
    """

    name = "screen"
    keys: list[tuple[str, str]] = []       # (key, what it does) for the F1 help overlay
    modal = False

    def __init__(self, app: "App") -> None:
        self.app = app
        self.ring = FocusRing()

    def layout(self, w: int, h: int) -> None:
        pass

    def handle(self, ev: pygame.event.Event) -> bool:
        return self.ring.handle(ev)

    def back(self) -> None:
        """Esc."""

    def update(self, dt: float) -> None:
        pass

    def draw(self, surf: pygame.Surface) -> None:
        self.ring.draw(surf)

    def draw_tip(self, surf: pygame.Surface) -> None:
        w = self.ring.tip()
        if w is not None and w.tip:
            title, _, body = w.tip.partition("\n")
            tooltip(surf, w.rect, title, body)
