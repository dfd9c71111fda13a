"""The scenario picker: every scenarios/*.yaml with its title, dates, description and quote."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pygame

from ...engine import ScenarioError, read_scenario
from .. import fonts
from ..widgets import (BODY, HEAD, SMALL, TITLE, Button, ListView, font, line_h, panel,
                       paragraph, text, theme)
from ..screen import Screen

ARTICLES = {
    "summit-2019": "The National Interest, 2019 (before the Vladivostok summit)",
    "odd-couple-2015": "Doug Bandow, “Russia and North Korea Play Nice”, 24 March 2015",
    "scenario": "the scenario's authors",
}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def span(months: int) -> str:
    """16 → "1 year 4 months", 24 → "2 years", 5 → "5 months"."""
    y, m = divmod(months, 12)
    return " ".join(p for p in (_count(y, "year") if y else "",
                                _count(m, "month") if m or not y else "") if p)


def inner_quotes(s: str) -> str:
    """Straight double quotes inside a curly-quoted passage become single curly ones."""
    out, opened = [], False
    for ch in s:
        if ch == '"':
            out.append("’" if opened else "‘")
            opened = not opened
        else:
            out.append(ch)
    return "".join(out)


@dataclass
class Entry:
    path: Path
    title: str
    when: str = ""
    description: str = ""
    quote: str = ""
    source: str = ""
    problem: str = ""


def read_entry(path: Path) -> Entry:
    try:
        _, sc = read_scenario(str(path))
    except ScenarioError as e:
        first = str(e.problems[0]) if e.problems else str(e)
        return Entry(path, path.stem, problem=first)
    months = sc.turns * sc.turn_months
    when = (f"Starts {sc.start_date.strftime('%B %Y')} · {sc.turns} turns of "
            f"{_count(sc.turn_months, 'month')}"
            + (f" ({span(months)})" if months >= 12 else ""))
    return Entry(path, sc.title, when, " ".join(sc.description.split()), sc.quote.text,
                 ARTICLES.get(sc.quote.article, sc.quote.article) + f" ({sc.quote.article})")


class ScenarioPicker(Screen):
    name = "choose a scenario"
    keys = [("Up/Down", "choose a scenario"), ("Enter", "set up the seats for it"),
            ("Esc", "back to the title")]

    def __init__(self, app) -> None:
        super().__init__(app)
        self.entries = [read_entry(p) for p in app.scenarios()]
        self.list = ListView(self.entries, self._row, on_activate=self._go,
                             activate_on_click=False)
        self.ok = Button("Set up seats", lambda: self._go(self.list.selected), hint="Enter",
                         style="primary")
        self.cancel = Button("Back", self.back, hint="Esc")
        self.ring.set([self.list, self.ok, self.cancel])
        self.detail = pygame.Rect(0, 0, 0, 0)

    def _row(self, surf, r, e: Entry, sel: bool) -> None:
        """The title (on two lines if need be) and when it starts."""
        t = theme()
        y = paragraph(surf, e.title, pygame.Rect(r.x + 10, r.y + 6, r.w - 20,
                                                 r.h - line_h(SMALL) - 14), BODY, t.text, True)
        sub = e.problem and "cannot be loaded" or e.when.split(" · ")[0]
        text(surf, sub, (r.x + 10, y + 2), SMALL, t.bad if e.problem else t.muted,
             max_w=r.w - 20)

    def _go(self, i: int) -> None:
        if not self.entries:
            return
        e = self.entries[i]
        if e.problem:
            self.app.message("This scenario has a mistake", e.problem, danger=True)
            return
        self.app.choose_scenario(e.path)

    def back(self) -> None:
        self.app.go("title")

    def layout(self, w: int, h: int) -> None:
        top = 24 + line_h(TITLE, True) + 16
        bh = line_h(BODY, True) + 20
        left = pygame.Rect(24, top, int(w * 0.34), h - top - 24)
        self.list.rect = pygame.Rect(left.x + 8, left.y + 8, left.w - 16, left.h - 16)
        f = font(BODY, True)
        two = any(f.size(e.title)[0] > self.list.rect.w - 30 for e in self.entries)
        self.list.row_h = (2 if two else 1) * line_h(BODY, True) + line_h(SMALL) + 16
        self.detail = pygame.Rect(left.right + 20, top, w - left.right - 44, h - top - 24)
        by = self.detail.bottom - bh - 14
        ow = max(300, fonts.size("Set up seats  [Enter]", BODY, True)[0] + 28)
        cw = max(180, fonts.size("Back  [Esc]", BODY, True)[0] + 28)
        self.ok.rect = pygame.Rect(self.detail.right - 14 - ow, by, ow, bh)
        self.cancel.rect = pygame.Rect(self.ok.rect.x - 14 - cw, by, cw, bh)
        self.list_box = left

    def draw(self, surf) -> None:
        t = theme()
        text(surf, "Choose a scenario", (24, 24), TITLE, t.text, True)
        panel(surf, self.list_box)
        c = panel(surf, self.detail)
        e = self.list.current()
        if e is not None:
            y = c.y + 4
            text(surf, e.title, (c.x, y), HEAD, t.text, True, max_w=c.w)
            y += line_h(HEAD, True) + 4
            if e.problem:
                paragraph(surf, e.problem, pygame.Rect(c.x, y, c.w, c.h - 120), BODY, t.bad)
            else:
                text(surf, e.when, (c.x, y), BODY, t.accent, max_w=c.w)
                y += line_h(BODY) + 12
                bottom = self.ok.rect.y - 12
                y = paragraph(surf, e.description, pygame.Rect(c.x, y, c.w, (bottom - y) // 2),
                              BODY, t.text)
                y += 16
                y2 = paragraph(surf, f"“{inner_quotes(e.quote)}”", pygame.Rect(c.x + 16, y, c.w - 16,
                                                                 bottom - y - 40), BODY, t.text)
                y2 = paragraph(surf, f"— {e.source}", pygame.Rect(c.x + 16, y2 + 4, c.w - 16,
                                                                  bottom - y2), SMALL, t.muted)
                pygame.draw.rect(surf, t.accent, (c.x, y, 4, y2 - y))
        super().draw(surf)
