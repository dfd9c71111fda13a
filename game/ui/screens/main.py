"""The main screen: the map with an overlay, the global tracks, a state's dashboard, the
lever panel and the seat's order queue against its political capital, and End turn.

With several people at one computer each seat gets this screen in turn and sees only its own
draft orders. With nobody playing in person it becomes a watcher's screen with "Next turn".
"""
from __future__ import annotations

import pygame

from .. import fonts
from .. import palette as pal
from ..session import Session
from ..widgets import (BODY, SMALL, Button, fitting, line_h, panel, paragraph, state_badge,
                       text, theme, tooltip)
from .. import mapdata
from ..screen import Screen
from ..levers import LeverPanel, QueueList
from ..panels import (MARGIN, draw_dashboard, draw_legend_strip, draw_tracks, frame_layout,
                      overlay_picker, overlay_tip)


class MainScreen(Screen):
    name = "main"
    in_game = True
    keys = [("1 … 5", "lever groups: sanctions, diplomacy, military, economy, covert"),
            ("Up/Down", "choose a lever (in the lever list)"),
            ("Left/Right or T", "next target (Shift+T: previous)"),
            ("O", "next option: deal item, project, invitation"),
            ("A or Enter", "add the order to your queue"),
            ("Delete", "remove the chosen order from the queue"),
            ("E", "end your turn"),
            ("M", "next map overlay (relations, stability, sanctions, influence)"),
            ("S", "show the next state's dashboard (or click a state on the map)"),
            ("H", "history charts"), ("Esc", "game menu")]

    def __init__(self, app, session: Session, seat: str | None) -> None:
        super().__init__(app)
        self.session = session
        self.seat = seat
        g = session.game
        self.selected = seat or "dprk"
        self.overlay = 0
        self.t = len(g.history) - 1
        self.overlay_pick = overlay_picker(self._set_overlay)
        self.menu_b = Button("Menu", self.back, hint="Esc", size=SMALL)
        self.history_b = Button("History", self.history, hint="H", size=SMALL)
        self.end_b = Button("End turn" if seat else "Next turn", self.end_turn, hint="E",
                            style="primary")
        self.levers: LeverPanel | None = None
        self.queue: QueueList | None = None
        if seat is not None:
            self.levers = LeverPanel(session, seat, self._added)
            self.queue = QueueList(session, seat, self._queue_changed)
        self.rects: dict[str, pygame.Rect] = {}
        self._ring()

    def _ring(self) -> None:
        ws = []
        if self.levers:
            ws += self.levers.widgets + [self.queue]
        ws += [self.end_b, self.overlay_pick, self.history_b, self.menu_b]
        self.ring.set(ws)
        if self.levers:
            self.ring.focus(self.levers.list)

    def _set_overlay(self, i: int) -> None:
        self.overlay = i
        self.overlay_pick.index = i
        self.overlay_pick.tip = overlay_tip(i)

    # ------------------------------------------------------------------ actions
    def _added(self, order) -> None:
        if self.queue is not None:
            self.queue.sync()
            self.queue.select(len(self.queue.items) - 1)

    def _queue_changed(self) -> None:
        if self.levers:
            self.levers.refresh()

    def end_turn(self) -> None:
        if self.seat is not None and not self.session.draft(self.seat):
            self.app.confirm("End your turn without orders?",
                             f"{self.session.game.rules.name(self.seat)} has queued no orders "
                             f"this turn. Unspent political capital is kept up to the cap.",
                             "End turn", lambda: self.app.seat_done(self.seat), "Keep playing")
            return
        self.app.seat_done(self.seat)

    def history(self) -> None:
        self.app.go("history", game=self.session.game, actor=self.selected, back=self)

    def back(self) -> None:
        self.app.open("menu", under=self)

    def select_state(self, actor: str) -> None:
        self.selected = actor
        if self.levers:
            self.levers.select_target(actor)

    # ------------------------------------------------------------------ events
    def handle(self, ev) -> bool:
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and \
                self.rects.get("map", pygame.Rect(0, 0, 0, 0)).collidepoint(ev.pos):
            a = self.app.mapview().pick(ev.pos)
            if a:
                self.select_state(a)
            return True
        if ev.type == pygame.KEYDOWN and not ev.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):
            if self._key(ev):
                return True
        return super().handle(ev)

    def _key(self, ev) -> bool:
        k = ev.key
        lv = self.levers
        shift = ev.mod & pygame.KMOD_SHIFT
        if lv and pygame.K_1 <= k <= pygame.K_5:
            lv.tabs.set(k - pygame.K_1)
            self.ring.focus(lv.list)
            return True
        if k == pygame.K_m:
            self.overlay_pick.step(-1 if shift else 1)
            return True
        if k == pygame.K_h:
            self.history()
            return True
        if k == pygame.K_e:
            self.end_b.press()
            return True
        if k == pygame.K_s:
            acts = list(self.session.game.actors)
            self.selected = acts[(acts.index(self.selected) + (-1 if shift else 1)) % len(acts)]
            return True
        if not lv or not self.queue:
            return False
        if k == pygame.K_a:
            lv.add()
            return True
        if k == pygame.K_t:
            lv.target.step(-1 if shift else 1)
            return True
        if k == pygame.K_o:
            lv.option.step(-1 if shift else 1)
            return True
        if k in (pygame.K_DELETE,) and self.ring.focused is not self.queue:
            self.queue.remove(len(self.queue.items) - 1)
            return True
        if self.ring.focused is lv.list and k in (pygame.K_LEFT, pygame.K_RIGHT):
            lv.target.step(-1 if k == pygame.K_LEFT else 1)
            return True
        return False

    # ------------------------------------------------------------------ layout
    def layout(self, w: int, h: int) -> None:
        m = MARGIN
        r = self.rects
        frame, top, lw = frame_layout(w, h, self.session.game, self.overlay_pick)
        r.update(frame)
        self.app.mapview().resize(r["map"].w, r["map"].h)
        # top bar buttons, as wide as their labels
        bh = top - 12
        x = w - m
        for b in (self.menu_b, self.history_b):
            bw = fonts.size(f"{b.label}  [{b.hint}]", b.size, True)[0] + 28
            b.rect = pygame.Rect(x - bw, 6, bw, bh)
            x -= bw + 8
        # right column: the lever panel over the order queue
        rx = lw + 12
        rw = w - rx - m
        row = line_h(SMALL) + 6
        end_h = line_h(BODY, True) + 18
        rows = 4 if h - top >= 17 * row else 3
        qh = line_h(BODY, True) + 10 + rows * row + 8 + end_h + 12
        r["queue"] = pygame.Rect(rx, h - m - qh, rw, qh)
        r["levers"] = pygame.Rect(rx, top + m, rw, r["queue"].y - 8 - top - m)
        q = r["queue"]
        if self.levers and self.queue:
            self.levers.layout(r["levers"])
            self.queue.row_h = row
            self.queue.rect = pygame.Rect(q.x + 8, q.y + line_h(BODY, True) + 12, q.w - 16,
                                          rows * row)
        ew = min(q.w // 2, max(260, fonts.size("End turn  [E]", BODY, True)[0] + 40))
        self.end_b.rect = pygame.Rect(q.right - 10 - ew, q.bottom - 10 - end_h, ew, end_h)

    # ------------------------------------------------------------------ drawing
    def draw(self, surf) -> None:
        th = theme()
        s = self.session
        g = s.game
        r = self.rects
        self._top_bar(surf)
        name = mapdata.OVERLAYS[self.overlay][0]
        me = self.seat or self.selected
        shading, labels, legend, _ = mapdata.overlay(g, name, me)
        self.app.mapview().draw(surf, r["map"], shading, labels,
                                lines=mapdata.lines(g, name, me),
                                markers=mapdata.markers(g), highlight=set(),
                                selected=self.selected)
        draw_legend_strip(surf, r["legend"], legend)
        pygame.draw.rect(surf, th.border, r["map"], 1)
        draw_tracks(surf, r["tracks"], g, None)
        draw_dashboard(surf, r["dash"], g, self.selected, None)
        if self.levers:
            self._draw_queue(surf)
            self.levers.draw(surf)
        else:
            self._draw_watch(surf)
        super().draw(surf)

    def _top_bar(self, surf) -> None:
        th = theme()
        s = self.session
        g = s.game
        r = self.rects["top"]
        pygame.draw.rect(surf, th.panel, r)
        pygame.draw.line(surf, th.border, r.bottomleft, r.bottomright, 1)
        x = 10
        hh = line_h(BODY, True)
        if self.seat:
            state_badge(surf, pygame.Rect(x, (r.h - hh) // 2, hh, hh), self.seat)
            x += hh + 10
            who = g.rules.name(self.seat)
            humans = s.humans
            seat_txt = (f" · player {humans.index(self.seat) + 1} of {len(humans)}"
                        if len(humans) > 1 else "")
            title = f"{who}{seat_txt}"
        else:
            title = "Watching the computer play"
        tr = text(surf, title, (x, r.centery), BODY, th.text, True, "midleft",
                  max_w=int(r.w * 0.36))
        info = f"{g.date()} · turn {g.turn} of {g.scenario.turns}"
        text(surf, info, (tr.right + 18, r.centery), BODY, th.accent, False, "midleft",
             max_w=self.history_b.rect.x - tr.right - 30)

    def _draw_queue(self, surf) -> None:
        if self.seat is None or self.queue is None:
            return
        th = theme()
        s = self.session
        q = self.rects["queue"]
        panel(surf, q)
        cap = s.capital(self.seat)
        left = s.remaining(self.seat)
        head = text(surf, "Your orders", (q.x + 10, q.y + 6), BODY, th.text, True)
        room = q.right - 12 - head.right - 16
        txt = fitting([f"political capital: {left} of {cap} left", f"capital: {left} of {cap} left",
                       f"{left} of {cap} PC left", f"{left}/{cap} PC"], BODY, room, True)
        tr = text(surf, txt, (q.right - 12, q.y + 6), BODY, th.focus if left else th.muted, True,
                  "topright", max_w=room)
        # one pip per point: filled = still to spend (when there is room beside the title)
        pw = 12
        x = tr.x - 12 - cap * (pw + 4)
        for i in range(cap if x > head.right + 12 else 0):
            rr = pygame.Rect(x + i * (pw + 4), tr.centery - 7, pw, 14)
            if i < left:
                pygame.draw.rect(surf, th.focus, rr, border_radius=3)
            else:
                pygame.draw.rect(surf, th.muted, rr, 1, border_radius=3)
        if not self.queue.items:
            paragraph(surf, "No orders yet: choose a lever above and press A (or Enter).",
                      pygame.Rect(self.queue.rect.x + 8, self.queue.rect.y + 4,
                                  self.queue.rect.w - 16, self.queue.rect.h - 4), SMALL, th.muted)
        room = self.end_b.rect.x - q.x - 20
        hint = fitting(["Del removes an order · F1 keys", "Del: remove · F1: keys", "F1: keys"]
                       if self.queue.items else
                       ["Keys: 1–5 lever groups · F1 all keys", "1–5: lever groups · F1: keys",
                        "F1: keys"], SMALL, room)
        text(surf, hint, (q.x + 10, self.end_b.rect.centery), SMALL, th.muted, False,
             "midleft", max_w=room)

    def _draw_watch(self, surf) -> None:
        th = theme()
        rr = self.rects["levers"].union(self.rects["queue"])
        c = panel(surf, rr, fitting(["Every seat is played by the computer",
                                     "The computer plays every seat", "Watching"],
                                    BODY, rr.w - 20, True))
        paragraph(surf, "Press E (or Next turn) to let all six states order and see the "
                  "news. Click a state on the map, or press S, to see its dashboard. The "
                  "news screen lists each computer player's orders with its reasons.",
                  pygame.Rect(c.x, c.y + 6, c.w, c.h - 80), BODY, th.text)

    def draw_tip(self, surf) -> None:
        lv = self.levers
        if lv:
            lid = lv.hover_lever(pygame.mouse.get_pos())
            tip = lv.tip_for(lid)
            if tip:
                row = lv.list.row_rect(lv.list.items.index(lid))
                width = min(round(460 * fonts.text_scale()), lv.rect.x - 24)
                near = pygame.Rect(lv.rect.x - width - 16, row.y, 1, row.h)
                tooltip(surf, near, tip[0], tip[1], width=width)
                return
        super().draw_tip(surf)
