"""Choose a saved game or a replay from the saves folder (no operating-system dialogs). Each
row says what the file holds: the scenario, the game's name ("Period 3"), the turn, who
plays, when it began and when it was saved; loading over a running game asks first."""
from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path

import pygame

from .. import palette as pal
from ..session import SaveInfo, describe_save
from ..widgets import BODY, HEAD, SMALL, Button, ListView, dim, line_h, paragraph, text, theme
from ..screen import Screen


def list_files(folder: Path) -> list[Path]:
    """JSON files in ``folder``, newest first (hidden temporary files left out)."""
    try:
        files = [p for p in Path(folder).glob("*.json") if not p.name.startswith(".")]
    except OSError:
        return []
    return sorted(files, key=lambda p: (-_mtime(p), p.name))


def _date(iso: str) -> str:
    """"2026-12-02T14:05" → "2 Dec 2026 14:05" ("" if it is not a date)."""
    try:
        d = _dt.datetime.fromisoformat(iso)
    except ValueError:
        return ""
    return f"{d.day} {d.strftime('%b %Y %H:%M')}"


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
        self.info: dict[Path, SaveInfo] = {p: describe_save(p) for p in self.files}
        self.list = ListView(self.files, self._row, on_activate=lambda i: self.open())
        self.open_b = Button("Watch this replay" if replay else "Load this game", self.open,
                             hint="Enter", style="primary")
        self.cancel_b = Button("Cancel", self.back, hint="Esc")
        self.open_b.enabled = bool(self.files)
        self.ring.set([self.list, self.open_b, self.cancel_b])
        self.box = pygame.Rect(0, 0, 0, 0)

    def _row(self, surf, r, p: Path, sel: bool) -> None:
        th = theme()
        info = self.info.get(p) or describe_save(p)
        lt = time.localtime(_mtime(p))
        saved = f"{lt.tm_mday} {time.strftime('%b %Y %H:%M', lt)}"
        x, w = r.x + 10, r.w - 20
        y1 = r.y + 5
        y2 = y1 + line_h(BODY, True) + 2
        if not info.ok:
            text(surf, p.name, (x, y1), BODY, th.text, True, max_w=w)
            text(surf, f"{info.problem} · saved {saved}", (x, y2), SMALL,
                 th.text if sel else th.muted, max_w=w)
            return
        names = {a: pal.STATES[a].short for a in pal.STATES}
        head = info.scenario + (f" — “{info.name}”" if info.name else "")
        where = (f"finished after {info.turns} turns" if info.finished else
                 f"turn {info.turn}")
        right = f"{where} · {info.seats_text(names)}"
        rw = text(surf, right, (r.right - 10, y1), BODY, th.text, True, "topright").w
        text(surf, head, (x, y1), BODY, th.text, True, max_w=w - rw - 20)
        began = _date(info.started)
        kind = "autosave" if info.autosave else "saved"
        line = (f"began {began} · " if began else "") + f"{kind} {saved} · {p.name}"
        text(surf, line, (x, y2), SMALL, th.text if sel else th.muted, max_w=w)

    def open(self) -> None:
        p = self.list.current()
        if p is None:
            return
        self.app.close(self)
        if self.replay:
            self.app.open_replay(p)
        else:
            self.app.ask_load(p)

    def back(self) -> None:
        self.app.close(self)

    def handle(self, ev) -> bool:
        self.ring.handle(ev)
        return True

    def layout(self, w: int, h: int) -> None:
        self.box = pygame.Rect(80, 50, w - 160, h - 100)
        bh = line_h(BODY, True) + 16
        top = self.box.y + 20 + line_h(HEAD, True) + line_h(SMALL) + 16
        self.list.row_h = line_h(BODY, True) + line_h(SMALL) + 14
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
            msg = ("No saved games or replays here yet. Every game has its own autosave, "
                   "written as each order is queued; Ctrl+S saves a copy. Headless replays from "
                   "`whales run --replay FILE` can be copied into this folder or opened with "
                   "`whales play --replay FILE`.")
            paragraph(surf, msg, self.list.rect.inflate(-16, -16), BODY, th.text)
        super().draw(surf)
