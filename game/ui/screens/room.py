"""The room view for the projector (one laptop per team): the map, the tracks, the last turn's
public news, who has ordered, the round timer, and — in type readable from the back of the
classroom — the address to join and one short code per seat.

It is drawn only from a :class:`~game.ui.roomfeed.RoomFeed`: the engine's
:class:`~game.engine.view.PublicView` and the classroom's status (a local session's, or a
class server's over the network), so it can never show a seat's secrets. F2 opens the
teacher's console (behind its PIN); C hides or shows the codes once everyone has joined; M
changes the map's shading; Esc asks before leaving.
"""
from __future__ import annotations

import pygame

from .. import charts, fonts
from .. import palette as pal
from ..panels import TRACK_COLOURS, heat
from ..roomfeed import RoomFeed
from ..screen import Screen
from ..session import ClassroomStatus, clock_text
from ..widgets import (BODY, HEAD, SMALL, TITLE, Button, clean, fitting, line_h, panel,
                       paragraph, state_badge, text, theme)

HUGE = fonts.HUGE
SHADINGS = (("stability", "Stability"), ("sanctions", "Sanctions enforcement"),
            ("influence", "Influence over Pyongyang"), ("score", "Score"))


def shading_of(values: dict[str, float], scores: dict[str, float], actors: list[str],
               kind: str) -> tuple[dict, dict]:
    """(shading, labels) of the room's map from the public values only."""
    shading: dict = {}
    labels: dict = {}
    for a in actors:
        if kind == "stability":
            v = values.get(f"{a}.stability")
        elif kind == "sanctions":
            v = values.get(f"enforcement.{a}")
        elif kind == "influence":
            v = values.get(f"influence.{a}")
        else:
            v = scores.get(a)
        if v is not None:
            shading[a] = pal.SEQUENTIAL(v)
            labels[a] = f"{v:.0f}"
    if kind == "influence":
        labels["dprk"] = "the prize"
    return shading, labels


def seat_line(seat, present: int | None) -> tuple[str, str]:
    """(words, tone) of a seat's row: ``tone`` is good / warn / muted / text (the words say
    it too: the room does not read colour alone)."""
    if not seat.human:
        return ("ORDERED" if seat.ordered else "the computer plays"), ("good" if seat.ordered else "muted")
    if seat.ordered:
        return "ORDERED", "good"
    if present == 0:
        return "not joined", "warn"
    if seat.drafting:
        return f"ordering: {seat.drafting} drafted", "text"
    return "ordering", "text"


CODE_SIZES = (HUGE, fonts.TITLE, fonts.HEADING)
"""The seat codes' and the address's type sizes, largest first (:func:`code_size_for`)."""


def code_size_for(rows, beside: int, row: int) -> int:
    """The type size of the seat codes: the largest of :data:`CODE_SIZES` at which every
    code fits its row's height and every seat's name and words fit beside the widest code
    shown, uncut (a code's letters differ in width: "WMW MWM" is over twice "JEJ EJE", and who has
    ordered must not be cut off to make room for it); else the smallest. ``rows``: (seat,
    words, tone, code shown or None); ``beside``: a row's width right of its badge."""
    need = max((max(fonts.size(clean(seat.name), HEAD, True)[0],
                    fonts.size(clean(words), BODY, tone == "good")[0])
                for seat, words, tone, _ in rows), default=0)
    for size in CODE_SIZES:
        widest = max((fonts.size(clean(c), size, True)[0] + 16 for *_, c in rows if c),
                     default=0)
        if row >= line_h(size, True) + 4 and need + widest <= beside:
            return size
    return CODE_SIZES[-1]


def address_size(addr: str, width: int) -> int:
    """The type size of the address teams type: the largest of :data:`CODE_SIZES` at which
    it fits ``width`` whole ("192.168.100.200:8765" at 125 % text size was cut)."""
    return next((s for s in CODE_SIZES if fonts.size(clean(addr), s, True)[0] <= width),
                CODE_SIZES[-1])


class RoomScreen(Screen):
    name = "room"
    in_game = True
    keys = [("F2", "teacher's console (the PIN first)"), ("C", "hide / show the seat codes"),
            ("M", "next map shading"), ("F11", "full screen (the projector)"),
            ("Ctrl + / Ctrl -", "text size"), ("Esc", "leave the room view")]

    def __init__(self, app, feed: RoomFeed, title: str = "") -> None:
        super().__init__(app)
        self.feed = feed
        self.title = title
        self.show_codes = True
        self.shading = 0
        self.codes_b = Button("Hide codes", self.toggle_codes, hint="C", size=SMALL)
        self.console_b = Button("Teacher", self.open_console, hint="F2", size=SMALL)
        self.map_b = Button("Map", self.next_shading, hint="M", size=SMALL)
        self.buttons = ([self.console_b] if feed.console() is not None else []) + \
            ([self.codes_b] if feed.codes else []) + [self.map_b]
        self.ring.set(self.buttons)
        self.rects: dict[str, pygame.Rect] = {}

    # ------------------------------------------------------------------ actions
    def toggle_codes(self) -> None:
        self.show_codes = not self.show_codes
        self.codes_b.label = "Hide codes" if self.show_codes else "Show codes"

    def next_shading(self) -> None:
        self.shading = (self.shading + 1) % len(SHADINGS)

    def open_console(self) -> None:
        self.app.open_room_console(self)

    def back(self) -> None:
        self.app.leave_room(self)

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and not ev.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            if ev.key == pygame.K_c:
                self.codes_b.press()
                return True
            if ev.key == pygame.K_m:
                self.map_b.press()
                return True
            if ev.key == pygame.K_F2:
                self.console_b.press()
                return True
        return super().handle(ev)

    def update(self, dt: float) -> None:
        self.feed.poll()

    # ------------------------------------------------------------------ layout
    def layout(self, w: int, h: int) -> None:
        m = 12
        r = self.rects
        top = line_h(TITLE, True) + 16
        r["top"] = pygame.Rect(0, 0, w, top)
        rw = max(420, int(w * 0.40))
        r["seats"] = pygame.Rect(w - rw - m, top + m, rw, h - top - 2 * m)
        lw = r["seats"].x - 2 * m
        bottom = max(190, int((h - top) * 0.36))
        r["map"] = pygame.Rect(m, top + m, lw, h - top - 3 * m - bottom)
        tw = max(240, int(lw * 0.42))
        r["tracks"] = pygame.Rect(m, r["map"].bottom + m, tw, bottom)
        r["news"] = pygame.Rect(m + tw + m, r["map"].bottom + m, lw - tw - m, bottom)
        self.app.mapview("room").resize(r["map"].w, r["map"].h)
        bh = line_h(SMALL, True) + 10
        x = r["seats"].right
        y = r["seats"].bottom - bh - 8
        for b in reversed(self.buttons):
            bw = fonts.size(f"{b.label}  [{b.hint}]", SMALL, True)[0] + 24
            b.rect = pygame.Rect(x - bw - 8, y, bw, bh)
            x -= bw + 8

    # ------------------------------------------------------------------ drawing
    def draw(self, surf) -> None:
        pv = self.feed.public_view()
        st = self.feed.status()
        if pv is None or st is None:
            self._waiting(surf)
        else:
            self._top(surf, pv, st)
            self._map(surf, pv)
            self._tracks(surf, pv)
            self._news(surf, pv)
            self._seats(surf, st)
        super().draw(surf)
        self._banner(surf)

    def _waiting(self, surf) -> None:
        th = theme()
        w, h = surf.get_size()
        text(surf, "Connecting to the class…", (w // 2, h // 2), TITLE, th.text, True,
             "center", max_w=w - 40)

    def _banner(self, surf) -> None:
        msg = self.feed.banner()
        if not msg:
            return
        th = theme()
        w, h = surf.get_size()
        head, _, why = msg.partition("\n")
        r = pygame.Rect(0, 0, w, line_h(HEAD, True) + 16 + (line_h(BODY) if why else 0))
        r.bottom = h
        pygame.draw.rect(surf, th.bad, r)
        text(surf, head, (w // 2, r.y + 8), HEAD, (0, 0, 0), True, "midtop", max_w=w - 30)
        if why:
            text(surf, why, (w // 2, r.bottom - 6), BODY, (0, 0, 0), False, "midbottom",
                 max_w=w - 30)

    def _top(self, surf, pv, st: ClassroomStatus) -> None:
        th = theme()
        r = self.rects["top"]
        pygame.draw.rect(surf, th.panel, r)
        pygame.draw.line(surf, th.border, r.bottomleft, r.bottomright, 1)
        name = st.name or self.title
        head = f"{name} · {pv.title}" if name else pv.title
        clock_r = self._clock(surf, st)
        left = text(surf, head, (14, r.centery), HEAD, th.text, True, "midleft",
                    max_w=int(r.w * 0.42))
        when = "GAME OVER" if pv.over else f"Turn {pv.turn} of {pv.turns} · {pv.date}"
        text(surf, when, (left.right + 24, r.centery), HEAD, th.accent, True, "midleft",
             max_w=max(40, clock_r.x - left.right - 40))

    def _clock(self, surf, st: ClassroomStatus) -> pygame.Rect:
        """The round timer (or PAUSED / who has ordered) at the top right, in large type."""
        th = theme()
        r = self.rects["top"]
        if st.paused:
            label, fg = "PAUSED", th.warn
        elif st.timer_seconds and st.time_left is not None and not st.over:
            label = "TIME IS UP" if st.time_up else clock_text(st.time_left)
            fg = th.bad if st.time_up else (th.focus if st.time_left > 60 else th.warn)
        else:
            label, fg = f"{st.ordered} of {st.people} ordered", th.text
        img_w = fonts.size(label, TITLE, True)[0]
        box = pygame.Rect(0, 0, img_w + 30, r.h - 8)
        box.midright = (r.right - 10, r.centery)
        pygame.draw.rect(surf, (16, 20, 28), box, border_radius=10)
        pygame.draw.rect(surf, fg, box, 3, border_radius=10)
        text(surf, label, box.center, TITLE, fg, True, "center")
        return box

    def _map(self, surf, pv) -> None:
        th = theme()
        r = self.rects["map"]
        kind, label = SHADINGS[self.shading]
        actors = [s.actor for s in pv.standings]
        shading, labels = shading_of(pv.values, pv.scores, actors, kind)
        self.app.mapview("room").draw(surf, r, shading, labels, legend=(pal.SEQUENTIAL, label))
        pygame.draw.rect(surf, th.border, r, 1)

    def _tracks(self, surf, pv) -> None:
        r = self.rects["tracks"]
        c = panel(surf, r, "The world")
        n = max(1, len(pv.tracks))
        hgt = charts.bar_height()
        gap = max(4, (c.h - n * hgt) // n)
        y = c.y + 2
        for t in pv.tracks:
            hi = t.war_at if t.war_at is not None else t.max
            colour = heat(t.value, t.min, hi) if t.war_at is not None else \
                TRACK_COLOURS.get(t.id, pal.SKY_BLUE)
            name = t.short or t.label
            name = name[:1].upper() + name[1:]
            label = f"{name}: {t.stage}" if t.stage else name
            charts.bar(surf, pygame.Rect(c.x, y, c.w, hgt), t.value, t.min, hi, colour, label)
            y += hgt + gap

    def _news(self, surf, pv) -> None:
        th = theme()
        r = self.rects["news"]
        c = panel(surf, r, f"News of turn {pv.news[0].turn}" if pv.news else "News")
        if not pv.news:
            paragraph(surf, "The news of each turn appears here once every team has ordered.",
                      c, BODY, th.muted)
            return
        y = c.y
        for item in pv.news:
            lines = fonts.wrap(item.headline, BODY, c.w - 14)
            need = len(lines) * line_h(BODY)
            if y + need > c.bottom:
                break
            pygame.draw.circle(surf, th.accent, (c.x + 4, y + line_h(BODY) // 2), 3)
            for ln in lines:
                text(surf, ln, (c.x + 14, y), BODY, th.text, prose=True)
                y += line_h(BODY)
            y += 4

    def _seats(self, surf, st: ClassroomStatus) -> None:
        th = theme()
        r = self.rects["seats"]
        panel(surf, r)
        x = r.x + 14
        y = r.y + 8
        addr = self.feed.address
        if addr:
            text(surf, "Join at", (x, y), BODY, th.muted)
            y += line_h(BODY)
            size = address_size(addr, r.w - 28)
            text(surf, addr, (x, y), size, th.focus, True, max_w=r.w - 28)
            y += line_h(size, True) + 2
            text(surf, fitting(["whales play --join " + addr + ", then the seat's code",
                                "Join a class, then the code", "then the code"],
                               SMALL, r.w - 28), (x, y), SMALL, th.muted)
            y += line_h(SMALL) + 6
        presence = self.feed.presence()
        bottom = self.map_b.rect.y - 8
        n = max(1, len(st.seats))
        row = max(line_h(BODY) * 2, (bottom - y) // n)
        codes = self.codes if self.show_codes else {}
        tones = {"good": th.good, "warn": th.warn, "muted": th.muted, "text": th.text}
        rows = []
        for seat in st.seats:
            words, tone = seat_line(seat, presence.get(seat.actor) if presence else None)
            if not self.codes and seat.human and presence is not None and \
                    presence.get(seat.actor):
                words += " · here"
            code = codes.get(seat.actor) if seat.human else None
            shown = (f"{code[:3]} {code[3:]}" if len(code) == 6 else code) if code else None
            rows.append((seat, words, tone, shown))
        bh = min(row - 12, line_h(HEAD, True) + 10)
        beside = r.w - 12 - bh - 16 - 6           # a row's width right of its badge
        code_size = code_size_for(rows, beside, row)
        for seat, words, tone, shown in rows:
            rr = pygame.Rect(r.x + 6, y, r.w - 12, row - 4)
            pygame.draw.line(surf, th.border, (rr.x, rr.bottom + 2), (rr.right, rr.bottom + 2))
            state_badge(surf, pygame.Rect(rr.x + 4, rr.centery - bh // 2, bh, bh), seat.actor)
            tx = rr.x + bh + 16
            code_w = 0
            if shown:
                cr = text(surf, shown, (rr.right - 6, rr.centery), code_size, th.focus, True,
                          "midright")
                code_w = cr.w + 16
            room = rr.right - code_w - tx - 6
            name_y = rr.centery - line_h(HEAD, True) // 2 - line_h(BODY) // 2
            text(surf, seat.name, (tx, name_y), HEAD, th.text, True, max_w=room)
            text(surf, words, (tx, name_y + line_h(HEAD, True)), BODY, tones[tone],
                 tone == "good", max_w=room)
            y += row

    @property
    def codes(self) -> dict[str, str]:
        return self.feed.codes


__all__ = ["CODE_SIZES", "RoomScreen", "address_size", "code_size_for", "seat_line",
           "shading_of"]
