"""The replay viewer: step forward and back through a recorded game, read-only, on the same
map, tracks, dashboard, news and history screens as a live game."""
from __future__ import annotations

from pathlib import Path

import pygame

from ...engine import ALL, Game, parse_seat
from ...replay import Replay, load_replay, rebuild, simulate
from .. import fonts
from ..widgets import (BODY, SMALL, Button, ListView, fitting, line_h, panel, paragraph, text,
                       theme)
from .. import mapdata
from ..screen import Screen
from ..describe import order_text
from ..levers import order_line
from ..panels import (MARGIN, draw_dashboard, draw_legend_strip, draw_tracks, frame_layout,
                      overlay_picker, overlay_tip)


class ReplayViewer(Screen):
    name = "replay viewer"
    keys = [("Left/Right  or  , .", "previous / next turn"), ("Home / End", "first / last turn"),
            ("N", "the news of this turn"), ("H", "history charts up to this turn"),
            ("M", "next map overlay"), ("S", "next state's dashboard (or click the map)"),
            ("F", "final scores"), ("Esc", "back to the title")]

    def __init__(self, app, replay: Replay, path: Path, snaps: list[Game],
                 mismatch: int | None) -> None:
        super().__init__(app)
        self.replay = replay
        self.path = Path(path)
        self.snaps = snaps
        self.mismatch = mismatch
        self.t = len(snaps) - 1
        self.selected = "dprk"
        self.overlay = 0
        self.orders = ListView([], self._order_row)
        self.overlay_pick = overlay_picker(self._set_overlay)
        self.prev_b = Button("Previous turn", lambda: self.go(self.t - 1), hint="Left", size=SMALL)
        self.next_b = Button("Next turn", lambda: self.go(self.t + 1), hint="Right", size=SMALL)
        self.news_b = Button("News of this turn", self.news, hint="N", size=SMALL)
        self.hist_b = Button("History", self.history, hint="H", size=SMALL)
        self.end_b = Button("Final scores", self.final, hint="F", size=SMALL)
        self.back_b = Button("Close", self.back, hint="Esc", size=SMALL)
        self.ring.set([self.prev_b, self.next_b, self.news_b, self.orders, self.hist_b,
                       self.end_b, self.back_b, self.overlay_pick])
        self.ring.focus(self.next_b)
        self.rects: dict[str, pygame.Rect] = {}
        self.go(self.t)

    @classmethod
    def open(cls, app, path: Path) -> "ReplayViewer":
        """Load and re-simulate a replay (ReplayError with one clear message if it cannot)."""
        replay = load_replay(path)
        snaps: list[Game] = []
        mismatch = None
        for rec, report, game in simulate(replay):
            if mismatch is None and (report.digest != rec.digest or report.scores != rec.scores):
                mismatch = rec.turn
            snaps.append(game.clone())
        start = rebuild(replay, upto=0)
        return cls(app, replay, path, [start] + snaps, mismatch)

    def _set_overlay(self, i: int) -> None:
        self.overlay = i
        self.overlay_pick.index = i
        self.overlay_pick.tip = overlay_tip(i)

    # ------------------------------------------------------------------ stepping
    @property
    def game(self) -> Game:
        return self.snaps[self.t]

    def go(self, t: int) -> None:
        self.t = max(0, min(len(self.snaps) - 1, t))
        g = self.game
        rows = []
        if self.t > 0:
            rows = list(g.turn_view(None, ALL).orders)    # a replay shows every seat's
        self.orders.set_items(rows, keep=False)
        self.prev_b.enabled = self.t > 0
        self.next_b.enabled = self.t < len(self.snaps) - 1

    def news(self) -> None:
        if self.t == 0:
            self.app.message("No news yet", "This is the start of the game; step forward "
                             "(Right) to see the first turn.")
            return
        g = self.game
        view = g.turn_view(None, ALL)
        self.app.go("news", session=None, view=view, game=g, orders=list(view.orders),
                    on_continue=lambda: self.app.show(self),
                    title=f"Replay news — turn {view.turn}, {view.date}",
                    cpu_title="Every seat's orders and reasons")

    def history(self) -> None:
        self.app.go("history", game=self.snaps[-1], actor=self.selected, back=self,
                    upto=self.t)

    def final(self) -> None:
        self.app.go("end", session=None, game=self.snaps[-1],
                    on_back=lambda: self.app.show(self), replay=self.replay)

    def back(self) -> None:
        self.app.go("title")

    def handle(self, ev) -> bool:
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and \
                self.rects.get("map", pygame.Rect(0, 0, 0, 0)).collidepoint(ev.pos):
            a = self.app.mapview().pick(ev.pos)
            if a:
                self.selected = a
            return True
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            k = ev.key
            steps = {pygame.K_LEFT: -1, pygame.K_COMMA: -1, pygame.K_RIGHT: 1,
                     pygame.K_PERIOD: 1}
            if k in steps and self.ring.focused is not self.orders:
                self.go(self.t + steps[k])
                return True
            if k == pygame.K_HOME:
                self.go(0)
                return True
            if k == pygame.K_END:
                self.go(len(self.snaps) - 1)
                return True
            keys = {pygame.K_n: self.news, pygame.K_h: self.history, pygame.K_f: self.final}
            if k in keys:
                keys[k]()
                return True
            if k == pygame.K_m:
                self.overlay_pick.step(1)
                return True
            if k == pygame.K_s:
                acts = list(self.game.actors)
                self.selected = acts[(acts.index(self.selected) + 1) % len(acts)]
                return True
        return super().handle(ev)

    # ------------------------------------------------------------------ layout and drawing
    def layout(self, w: int, h: int) -> None:
        m = MARGIN
        r = self.rects
        frame, top, lw = frame_layout(w, h, self.snaps[-1], self.overlay_pick)
        r.update(frame)
        self.app.mapview().resize(r["map"].w, r["map"].h)
        rx = lw + 12
        rw = w - rx - m
        bh = line_h(SMALL, True) + 14
        y = top + m
        half = (rw - 8) // 2
        self.prev_b.rect = pygame.Rect(rx, y, half, bh)
        self.next_b.rect = pygame.Rect(rx + half + 8, y, half, bh)
        y += bh + 8
        r["orders"] = pygame.Rect(rx, y, rw, h - y - m - 2 * (bh + 8))
        self.orders.row_h = (2 if fonts.text_scale() <= 1.1 else 3) * line_h(SMALL) + 8
        self.orders.rect = pygame.Rect(rx + 8, y + line_h(BODY, True) + 12, rw - 16,
                                       r["orders"].h - line_h(BODY, True) - 20)
        y = r["orders"].bottom + 8
        self.news_b.rect = pygame.Rect(rx, y, half, bh)
        self.hist_b.rect = pygame.Rect(rx + half + 8, y, half, bh)
        y += bh + 8
        self.end_b.rect = pygame.Rect(rx, y, half, bh)
        self.back_b.rect = pygame.Rect(rx + half + 8, y, half, bh)

    def _order_row(self, surf, r, order, sel: bool) -> None:
        th = theme()
        g = self.game
        tag = "  (secret)" if order.covert else ""
        room = r.w - 16 - fonts.size(tag, SMALL, True)[0]
        label = order_line(g, order, room, with_actor=True, bold=True) + tag
        text(surf, label, (r.x + 8, r.y + 4), SMALL, th.text, True, max_w=r.w - 16,
             full=order_text(g, order, with_actor=True) + tag)
        human = parse_seat(self.replay.seats.get(order.actor)).human
        why = order.reason or ("a person's order" if human else "—")
        paragraph(surf, why, pygame.Rect(r.x + 20, r.y + 4 + line_h(SMALL), r.w - 28,
                                         r.h - 8 - line_h(SMALL)), SMALL, th.muted)

    def draw(self, surf) -> None:
        th = theme()
        g = self.game
        r = self.rects
        pygame.draw.rect(surf, th.panel, r["top"])
        last = len(self.snaps) - 1
        when = "start" if self.t == 0 else f"after turn {self.t} of {last}"
        date = g.reports[-1].date if self.t else g.date()
        check = ("recorded results match" if self.mismatch is None else
                 f"differs from the record at turn {self.mismatch}")
        cr = text(surf, check, (surf.get_width() - 10, r["top"].centery), SMALL,
                  th.good if self.mismatch is None else th.bad, True, "midright")
        room = cr.x - 30
        title = fitting([f"Replay: {g.scenario.title} — {when} ({date})",
                         f"Replay — {when} ({date})", f"Replay — {when}"], BODY, room, True)
        text(surf, title, (10, r["top"].centery), BODY, th.text, True, "midleft", max_w=room)
        name = mapdata.OVERLAYS[self.overlay][0]
        shading, labels, legend, _ = mapdata.overlay(g, name, self.selected, me_label="base")
        before = self.snaps[self.t - 1].state.values if self.t > 0 else g.state.values
        changed = mapdata.changed_states(g, before, g.state.values)
        self.app.mapview().draw(surf, r["map"], shading, labels,
                                lines=mapdata.lines(g, name, self.selected),
                                markers=mapdata.markers(g) if self.t > 0 else (),
                                highlight=changed, selected=self.selected)
        draw_legend_strip(surf, r["legend"], legend)
        pygame.draw.rect(surf, th.border, r["map"], 1)
        draw_tracks(surf, r["tracks"], g, self.t)
        draw_dashboard(surf, r["dash"], g, self.selected, self.t)
        c = panel(surf, r["orders"], "Orders this turn, with reasons" if self.t else
                  "The start: no orders yet")
        if self.t and not self.orders.items:
            text(surf, "Nobody ordered anything this turn.", (c.x, c.y + 4), SMALL, th.muted)
        super().draw(surf)
