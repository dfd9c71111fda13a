"""Choose a saved game or a replay from the saves folder (no operating-system dialogs)."""
from __future__ import annotations

import time
from pathlib import Path

import pygame

from ..widgets import BODY, HEAD, SMALL, Button, ListView, dim, line_h, paragraph, text, theme
from ..screen import Screen


def list_files(folder: Path) -> list[Path]:
    """JSON files in ``folder``, newest first (hidden temporary files left out)."""
    try:
        files = [p for p in Path(folder).glob("*.json") if not p.name.startswith(".")]
    except OSError:
        return []
    return sorted(files, key=lambda p: (-_mtime(p), p.name))


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0


class FileList(Screen):
    name = "open a file"
    modal = True
    keys = [("Up/Down", "choose a file"), ("Enter", "open it"), ("Esc", "cancel")]

    def __init__(self, app, folder: Path, replay: bool = False) -> None:
        super().__init__(app)
        self.folder = Path(folder)
        self.replay = replay
        self.files = list_files(self.folder)
        self.list = ListView(self.files, self._row, on_activate=lambda i: self.open())
        self.open_b = Button("Watch this replay" if replay else "Load this game", self.open,
                             hint="Enter", style="primary")
        self.cancel_b = Button("Cancel", self.back, hint="Esc")
        self.open_b.enabled = bool(self.files)
        self.ring.set([self.list, self.open_b, self.cancel_b])
        self.box = pygame.Rect(0, 0, 0, 0)

    def _row(self, surf, r, p: Path, sel: bool) -> None:
        th = theme()
        when = time.strftime("%d %b %Y %H:%M", time.localtime(_mtime(p)))
        text(surf, p.name, (r.x + 8, r.centery), BODY, th.text, sel, "midleft",
             max_w=r.w - 230)
        text(surf, when, (r.right - 8, r.centery), SMALL, th.muted, False, "midright")

    def open(self) -> None:
        p = self.list.current()
        if p is None:
            return
        self.app.close(self)
        if self.replay:
            self.app.open_replay(p)
        else:
            self.app.load_game(p)

    def back(self) -> None:
        self.app.close(self)

    def handle(self, ev) -> bool:
        self.ring.handle(ev)
        return True

    def layout(self, w: int, h: int) -> None:
        self.box = pygame.Rect(80, 50, w - 160, h - 100)
        bh = line_h(BODY, True) + 16
        top = self.box.y + 20 + line_h(HEAD, True) + line_h(SMALL) + 16
        self.list.row_h = line_h(BODY) + 10
        self.list.rect = pygame.Rect(self.box.x + 20, top, self.box.w - 40,
                                     self.box.bottom - top - bh - 36)
        y = self.box.bottom - bh - 16
        self.cancel_b.rect = pygame.Rect(self.box.right - 20 - 180, y, 180, bh)
        self.open_b.rect = pygame.Rect(self.cancel_b.rect.x - 12 - 300, y, 300, bh)

    def draw(self, surf) -> None:
        th = theme()
        dim(surf)
        pygame.draw.rect(surf, th.panel, self.box, border_radius=10)
        pygame.draw.rect(surf, th.accent, self.box, 3, border_radius=10)
        title = "Watch a replay" if self.replay else "Load a saved game"
        text(surf, title, (self.box.x + 20, self.box.y + 16), HEAD, th.text, True)
        text(surf, f"Folder: {self.folder}", (self.box.x + 20,
                                              self.box.y + 20 + line_h(HEAD, True)),
             SMALL, th.muted, max_w=self.box.w - 40)
        if not self.files:
            msg = ("No saved games or replays here yet. Games are autosaved after every "
                   "turn; Ctrl+S saves one by name. Headless replays from "
                   "`whales run --replay FILE` can be copied into this folder or opened with "
                   "`whales play --replay FILE`.")
            paragraph(surf, msg, self.list.rect.inflate(-16, -16), BODY, th.text)
        super().draw(surf)
