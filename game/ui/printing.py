"""Printable documents from the front end (the debrief, the briefings): written as one
self-contained HTML file in the saves folder, and opened in the system's web browser when the
player asks and a graphical one exists (never an error when none does: the file is there).
No pygame here."""
from __future__ import annotations

import os
import sys
import webbrowser
from pathlib import Path

from ..atomic import write_atomic


def write_document(folder: Path, name: str, html: str) -> Path:
    """Write ``html`` as ``folder/name`` (atomically; the folder made if need be)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    write_atomic(path, html)
    return path


def browser_available() -> bool:
    """Is there a graphical web browser to open a file in? (On Linux only with a display:
    the text-mode browsers Python would otherwise pick would take over the terminal.)"""
    if os.environ.get("CI") or os.environ.get("SDL_VIDEODRIVER") == "dummy":
        return False
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def open_in_browser(path: Path) -> bool:
    """Open ``path`` in the web browser; False (never an exception) when that fails."""
    try:
        return bool(webbrowser.open(Path(path).resolve().as_uri(), new=2))
    except Exception:        # noqa: BLE001 (a missing or broken browser is not our error)
        return False
