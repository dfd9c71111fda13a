"""A team's briefing on screen: who you are, your interests and red lines with their passages,
your objectives and weights, your key levers, what the others probably want. Shown to each
team before its first turn (after the hand-over screen in hotseat), and again with B on the
main screen or in the F1 help; Ctrl+P (print) writes the printable HTML (the same as `whales briefing`)
next to the saves and says where."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pygame

from ...briefing import briefing_html
from ...engine import ACTORS, BriefingView
from ...session import slug
from .. import fonts
from .. import palette as pal
from ..printing import browser_available, open_in_browser, write_document
from ..screen import Screen
from ..session import Session
from ..widgets import (BODY, HEAD, SMALL, TITLE, Button, button_row, line_h, state_badge, text,
                       theme, wrap)


@dataclass
class Line:
    text: str
    size: int = BODY
    bold: bool = False
    tone: str = "text"          # text | muted | accent | focus
    indent: int = 0
    gap: int = 0                # space above it


def briefing_lines(b: BriefingView, label: Callable[[str], str], width: int) -> list[Line]:
    """The briefing as lines wrapped to ``width`` pixels at the current text size."""
    out: list[Line] = []

    def para(s: str, size: int = BODY, bold: bool = False, tone: str = "text",
             indent: int = 0, gap: int = 0, hang: int = 0) -> None:
        first, *rest = wrap(s, size, width - indent, bold) or [""]
        out.append(Line(first, size, bold, tone, indent, gap))
        for ln in wrap(" ".join(rest), size, width - indent - hang, bold) if rest else []:
            out.append(Line(ln, size, bold, tone, indent + hang))

    def head(s: str) -> None:
        para(s, HEAD, True, "accent", gap=line_h(BODY))

    def claim(text_: str, passage: str, cite: str) -> None:
        para("• " + text_, BODY, True, gap=8, hang=fonts.size("• ", BODY, True)[0])
        para(f"“{passage}” — {cite}", SMALL, False, "muted", indent=24)

    head("Who you are")
    para(b.role or f"This scenario has no written briefing for {b.name}; your objectives and "
                   f"levers are below.", tone="text" if b.role else "muted")
    para(f"Your score runs from 0 to 100 and comes only from your objectives, each counted "
         f"by its weight: you start at {b.score:.0f}. Every turn you get "
         f"{b.capital_per_turn} political capital (PC) to spend on orders. If tension reaches "
         f"{b.war_at:.0f}, war breaks out and every state scores 0.", gap=8)
    head("Your objectives and their weights")
    for o in b.objectives:
        way = "higher is better" if o.direction == "up" else "lower is better"
        para(f"{o.label}: weight {o.weight:g}, worth up to {o.max_points:.0f} points",
             BODY, True, gap=6)
        para(f"{label(o.key)} — {way}; {o.value:.0f} at the start", SMALL, tone="muted",
             indent=24)
    if b.interests:
        head("Your interests")
        for c in b.interests:
            claim(c.text, c.passage, c.article)
    if b.red_lines:
        head("Your red lines")
        for c in b.red_lines:
            claim(c.text, c.passage, c.article)
    if b.levers:
        head("Your key levers")
        for k in b.levers:
            f = k.facts
            secret = " (secret)" if f.covert else ""
            para(f"{f.name}{secret} — {f.cost} PC: {k.why}", BODY, True, gap=8)
            para(f"“{f.passage}” — {f.article}", SMALL, tone="muted", indent=24)
    if b.others:
        head("What the others probably want")
        for other in b.others:
            claim(f"{other.name}: {other.claim.text}", other.claim.passage, other.claim.article)
    return out


class BriefingScreen(Screen):
    """One team's briefing, scrolled with the keys; Enter goes on (to the team's first turn,
    or back where it was opened from)."""

    name = "briefing"
    in_game = True
    keys = [("Up/Down, PgUp/PgDn", "scroll (Home/End: top/bottom)"),
            ("Ctrl+P", "print: write the briefing as a web page next to the saves"),
            ("Enter", "go on"), ("Esc", "back")]

    def __init__(self, app, session: Session, seat: str | None,
                 then: Callable[[], None] | None = None, back=None) -> None:
        super().__init__(app)
        self.session = session
        self.game = session.game
        self.human = seat is not None
        self.seat = seat or next((a for a in ACTORS if session.is_human(a)), "dprk")
        self.then = then
        self.back_to = back
        self.view = self.game.briefing_view(self.seat)
        self.scroll = 0
        self.lines: list[Line] = []
        self.body = pygame.Rect(0, 0, 0, 0)
        self.written: str = ""
        go = "Start our turn" if then is not None else "Back to the game"
        self.go_b = Button(go, self.go_on, hint="Enter", style="primary")
        self.print_b = Button("Print", self.print_, hint="Ctrl+P",
                              tip="Print\nWrites this briefing as a web page (HTML) in the "
                                  "saves folder, to open and print from a browser.")
        self.other_b = Button("Another state", self.next_state, hint="Right")
        self.other_b.visible = not self.human          # watching: every state's briefing
        self.ring.set([self.go_b, self.print_b, self.other_b])
        self.keys = list(type(self).keys) + ([("Left/Right", "another state's briefing")]
                                             if not self.human else [])

    # ------------------------------------------------------------------ actions
    def go_on(self) -> None:
        if self.then is not None:
            self.then()
        elif self.back_to is not None:
            self.app.show(self.back_to)

    def back(self) -> None:
        self.go_on()

    def next_state(self, step: int = 1) -> None:
        i = (ACTORS.index(self.seat) + step) % len(ACTORS)
        self.seat = ACTORS[i]
        self.view = self.game.briefing_view(self.seat)
        self.scroll = 0
        self.layout(*self.app.size)

    def file_name(self) -> str:
        s = self.session
        return f"{slug(s.game.scenario.name)}-briefing-{self.seat}.html"

    def print_(self) -> None:
        try:
            path = write_document(self.session.saves_dir, self.file_name(),
                                  briefing_html(self.game, [self.seat]))
        except OSError as e:
            self.app.message("Could not write the briefing", f"{e}", danger=True)
            return
        self.written = str(path)
        body = (f"The briefing of {self.view.name} is written to {path}. Open it in a web "
                f"browser and print it from there (one team to a sheet).")
        if browser_available():
            self.app.confirm("Briefing written", body, "Open it in the browser",
                             lambda: self._open(path), no="OK")
        else:
            self.app.message("Briefing written", body)

    def _open(self, path) -> None:
        if not open_in_browser(path):
            self.app.message("No browser opened", f"The file is at {path}.")

    # ------------------------------------------------------------------ layout
    def layout(self, w: int, h: int) -> None:
        m = 16
        self.head_h = max(line_h(TITLE, True) + 8 + line_h(BODY), 64) + 12
        bh = line_h(BODY, True) + 16
        row = pygame.Rect(m, h - m - bh, w - 2 * m, bh)
        buttons = [b for b in (self.go_b, self.print_b, self.other_b) if b.visible]
        bw = max(fonts.size(f"{b.label}  [{b.hint}]", BODY, True)[0] + 28 for b in buttons)
        bw = min(bw, (row.w - 12 * (len(buttons) - 1)) // len(buttons))
        n = len(buttons)
        button_row(buttons, pygame.Rect(row.right - n * bw - (n - 1) * 12, row.y,
                                        n * bw + (n - 1) * 12, bh))
        width = min(w - 2 * m - 24, max(640, int(w * 0.8)))
        self.body = pygame.Rect((w - width) // 2, m + self.head_h, width,
                                row.y - 10 - (m + self.head_h))
        self.lines = briefing_lines(self.view, self.game.key_label, self.body.w)
        self.scroll = min(self.scroll, self.max_scroll())

    def line_height(self, ln: Line) -> int:
        return line_h(ln.size, ln.bold) + ln.gap

    def total_height(self) -> int:
        return sum(self.line_height(ln) for ln in self.lines)

    def max_scroll(self) -> int:
        return max(0, self.total_height() - self.body.h)

    def scroll_by(self, dy: int) -> None:
        self.scroll = max(0, min(self.max_scroll(), self.scroll + dy))

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_p and ev.mod & pygame.KMOD_CTRL:
            self.print_()
            return True
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            page = max(line_h(BODY), self.body.h - 2 * line_h(BODY))
            step = {pygame.K_DOWN: line_h(BODY) * 2, pygame.K_UP: -line_h(BODY) * 2,
                    pygame.K_PAGEDOWN: page, pygame.K_PAGEUP: -page}.get(ev.key)
            if step is not None:
                self.scroll_by(step)
                return True
            if ev.key == pygame.K_HOME:
                self.scroll = 0
                return True
            if ev.key == pygame.K_END:
                self.scroll = self.max_scroll()
                return True
            if not self.human and ev.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.next_state(-1 if ev.key == pygame.K_LEFT else 1)
                return True
        if ev.type == pygame.MOUSEWHEEL:
            self.scroll_by(-ev.y * line_h(BODY) * 3)
            return True
        return super().handle(ev)

    # ------------------------------------------------------------------ drawing
    def draw(self, surf) -> None:
        th = theme()
        w, h = surf.get_size()
        m = 16
        bs = line_h(TITLE, True) + 8 + line_h(BODY)
        bs = min(bs, 96)
        state_badge(surf, pygame.Rect(m, m, bs, bs), self.seat)
        x = m + bs + 16
        title = f"Briefing: {self.view.name}"
        text(surf, title, (x, m), TITLE, th.text, True, max_w=w - x - m)
        sub = f"{self.view.title} · starts {self.view.date} · read it with your team"
        text(surf, sub, (x, m + line_h(TITLE, True) + 6), BODY, th.accent, max_w=w - x - m)
        tones = {"text": th.text, "muted": th.muted, "accent": th.accent, "focus": th.focus}
        clip = surf.get_clip()
        surf.set_clip(self.body)
        y = self.body.y - self.scroll
        for ln in self.lines:
            hh = self.line_height(ln)
            if y + hh >= self.body.y and y <= self.body.bottom:
                text(surf, ln.text, (self.body.x + ln.indent, y + ln.gap), ln.size,
                     tones.get(ln.tone, th.text), ln.bold, prose=True)
            y += hh
        surf.set_clip(clip)
        # where we are in it: a scroll bar, and what is left below
        total = self.total_height()
        if total > self.body.h:
            bar = pygame.Rect(self.body.right + 10, self.body.y, 6, self.body.h)
            pygame.draw.rect(surf, th.panel, bar, border_radius=3)
            kh = max(24, bar.h * self.body.h // total)
            ky = bar.y + (bar.h - kh) * self.scroll // max(1, self.max_scroll())
            pygame.draw.rect(surf, th.focus, (bar.x, ky, bar.w, kh), border_radius=3)
            if self.scroll < self.max_scroll():
                text(surf, "More below: Down or PgDn", (m, self.go_b.rect.centery), SMALL,
                     th.muted, False, "midleft",
                     max_w=max(0, min(b.rect.x for b in (self.go_b, self.print_b)) - 2 * m))
        super().draw(surf)
