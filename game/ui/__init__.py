"""The pygame front end. Foundation modules: palette, fonts, icons, mapview, charts, framebench.

Nothing here holds a game rule: screens read the engine's API and draw it.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]   # the repository / install root
ASSETS = ROOT / "assets"

__all__ = ["ROOT", "ASSETS"]
