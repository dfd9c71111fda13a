"""The pygame front end. Foundation modules: palette, fonts, icons, mapview, charts, widgets,
framebench; helpers the screens share: screen (their base class), describe, mapdata, panels,
levers, keys; session (a game being played); app (the window and the screens' router);
screens/ (one module per screen).

Nothing here holds a game rule: screens read the engine's API and draw it.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..resources import assets_dir

ASSETS: Path = assets_dir()     # the installed game.assets (the repository's assets/)

__all__ = ["ASSETS", "configure_sdl"]


def configure_sdl() -> None:
    """Environment defaults to set before ``pygame.display`` starts (the user's own settings win).

    SDL on X11 otherwise puts the window surface in an OpenGL texture; without a GPU (Xvfb, many
    classroom machines) that loads Mesa's software GL: about 100 MB more memory and slower frames
    (measured by ``python -m game.ui.framebench``). A software surface is plenty for a 2D map game.
    """
    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
