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
from ..panels import (MARGIN, Hits, draw_dashboard, draw_legend_strip, draw_objectives,
                      draw_tracks, frame_layout, overlay_picker, overlay_tip)
from ..describe import effects_text, number


def is_why_key(ev) -> bool:
    """W, or ? (however the keyboard makes it): "why is this number what it is?"."""
    return ev.key in (pygame.K_w, pygame.K_QUESTION) or getattr(ev, "unicode", "") == "?"


def why_choices(game, actors: list[str]) -> list[tuple[str, str]]:
    """The numbers a "why?" list offers for these states, in order: each one's score, its
    objectives' numbers, the world's tracks, its indicators and the rest of its numbers
    (relations, alliances, influence, trade, ...)."""
    rules = game.rules
    numbers = game.number_choices()
    label = {n.key: n.label for n in numbers}
    out: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(k: str, lab: str) -> None:
        if k not in seen and (k in label or k.startswith("score.")):
            seen.add(k)
            out.append((k, lab))

    for i, a in enumerate(actors):
        add(f"score.{a}", f"{rules.name(a)}: score")
        for p in rules.score_parts(game.state, a):
            add(p["key"], f"Objective: {label.get(p['key'], p['label'])}")
        if i == 0:
            for n in numbers:
                if n.key.startswith("track."):
                    add(n.key, n.label)
        for n in numbers:
            if n.key.split(".")[0] == a:
                add(n.key, n.label)
        for n in numbers:
            segs = set(n.key.replace("_", ".").split(".")[1:])
            if a in segs:
                add(n.key, n.label)
    return out


class MainScreen(Screen):
    name = "main"
    in_game = True
    keys = [("1 … 5", "lever groups: sanctions, diplomacy, military, economy, covert"),
            ("Up/Down", "choose a lever (in the lever list)"),
            ("Left/Right or T", "next target (Shift+T: previous)"),
            ("O", "next option: deal item, project, invitation"),
            ("A or Enter", "add the order to your queue (a click only chooses a lever)"),
            ("L", "the chosen lever in full: every expected effect and its source passage"),
            ("W or ?", "why? what moved each number (click a number to ask about it)"),
            ("I", "invitations awaiting your answer (accept or rebuff)"),
            ("G", "the first-game guide again"),
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
        self.hits: Hits = []          # where numbers are drawn (a click there asks why)
        self._explained: dict[str, object] = {}
        self.view = session.seat_view(seat) if seat is not None else None
        self._standing: dict[str, tuple] = {}
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
        if self.seat is not None:
            self.view = self.session.seat_view(self.seat)

    def _queue_changed(self) -> None:
        if self.levers:
            self.levers.refresh()
        if self.seat is not None:
            self.view = self.session.seat_view(self.seat)

    # ------------------------------------------------------------------ objectives and why
    def objectives(self) -> tuple[str, tuple, float, float, bool]:
        """(whose, objectives, score, score change, own?) for the objectives panel: the seat's
        own (from its view), or when watching, the selected state's (from the public view)."""
        if self.view is not None:
            v = self.view
            return (v.viewer, v.objectives, v.score, sum(o.change for o in v.objectives),
                    True)
        a = self.selected
        hit = self._standing.get(a)
        if hit is None:
            st = next(x for x in self.session.game.public_view().standings if x.actor == a)
            hit = self._standing[a] = (a, st.objectives, st.score,
                                       sum(o.change for o in st.objectives), False)
        return hit

    def viewer(self) -> str | None:
        return self.seat if self.seat is not None else self.session.viewer

    def why(self, key: str | None = None) -> None:
        """The why overlay for ``key`` (default: the seat's score), listing the numbers of the
        seat (and of the selected state) to ask about next."""
        g = self.session.game
        actors = [a for a in dict.fromkeys([self.seat or self.selected, self.selected]) if a]
        self.app.open("why", game=g, viewer=self.viewer(),
                      key=key or f"score.{actors[0]}", choices=why_choices(g, actors))

    def explained(self, key: str):
        """The engine's breakdown of a number (cached while nothing changes)."""
        g = self.session.game
        stamp = f"{key}|{len(g.ledger.entries)}|{g.turn}"
        b = self._explained.get(stamp)
        if b is None:
            if len(self._explained) > 64:
                self._explained.clear()
            b = self._explained[stamp] = g.breakdown(key, self.viewer())
        return b

    def hit_at(self, pos) -> str | None:
        for r, k in reversed(self.hits):
            if r.collidepoint(pos):
                return k
        return None

    def details(self) -> None:
        """L: the chosen lever in full (every expected effect, the whole passage)."""
        lv = self.levers
        lc = lv.choice() if lv else None
        if lv is None or lc is None:
            return
        opt = next((c for c in lv._options() if c.option == lv.option.value), None)
        target = next((t.name for t in lc.targets if t.target == lv.target.value), "")
        body: list[tuple[str, str]] = [
            ("head", f"Cost {lc.cost} political capital" + (f" · target: {target}"
                                                            if lv.target.value else "")),
            ("text", lc.summary), ("gap", "")]
        if lv.why:
            body.append(("text", "In your orders." if lv.why == "already in your orders"
                         else f"Not possible now: {lv.why}"))
        body.append(("head", "Expected effects" + (f" ({opt.label})" if opt and opt.option
                                                   not in (None, "none") else "")))
        effs = effects_text(opt.expected, limit=999) if opt else []
        body += [("text", e) for e in effs] or [("muted", "none expected")]
        if lc.covert and lc.detection is not None:
            body.append(("text", f"Secret: {round(lc.detection * 100)}% base chance of being "
                                 f"caught."))
        body += [("gap", ""), ("head", "Source"), ("text", lc.source or "—")]
        self.app.open("reader", title=lc.name, body=body)

    def end_turn(self) -> None:
        if self.seat is not None:
            v = self.session.seat_view(self.seat)
            if v.war_risk:       # the engine's estimate of the seat's own orders
                dlg = self.app.open("dialog", title="These orders may start a war", body=(
                    f"Your orders are expected to push tension from {v.tension:.0f} to "
                    f"{v.tension_expected:.0f}. At {v.war_at:.0f} there is war: the game ends "
                    f"at once and every state scores 0, you too. (Other states' orders and "
                    f"events can raise or lower it further.)"),
                    buttons=[("Change my orders", None), ("End turn anyway", self._end_turn)],
                    danger=True)
                dlg.back = lambda: self.app.close(dlg)   # type: ignore[method-assign]
                return
        self._end_turn()

    def _end_turn(self) -> None:
        if self.seat is not None and not self.session.draft(self.seat):
            self.app.confirm("End your turn without orders?",
                             f"{self.session.game.rules.name(self.seat)} has queued no orders "
                             f"this turn. {self.view.capital_note if self.view else ''}",
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
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1:
            k = self.hit_at(ev.pos)
            if k == "inbox":
                self.app.open("inbox", screen=self)
                return True
            if k is not None:
                self.why(k)
                return True
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
        if is_why_key(ev):
            self.why()
            return True
        if k == pygame.K_l:
            self.details()
            return True
        if k == pygame.K_i and self.seat is not None:
            self.app.open("inbox", screen=self)
            return True
        if k == pygame.K_g and self.seat is not None:
            self.app.open("guide", screen=self)
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
        n = max(len(self.objectives()[1]), max(len(st.objectives) for st in
                                               self.session.game.public_view().standings)
                if self.seat is None else 0)
        frame, top, lw = frame_layout(w, h, self.session.game, self.overlay_pick, n)
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
        self.hits = []
        self._top_bar(surf)
        name = mapdata.OVERLAYS[self.overlay][0]
        me = self.seat or self.selected
        shading, labels, legend, _ = mapdata.overlay(g, name, me, me_label="me" if self.seat
                                                     else "base")
        self.app.mapview().draw(surf, r["map"], shading, labels,
                                lines=mapdata.lines(g, name, me),
                                markers=mapdata.markers(g), highlight=set(),
                                selected=self.selected)
        draw_legend_strip(surf, r["legend"], legend)
        pygame.draw.rect(surf, th.border, r["map"], 1)
        hits = self.hits
        draw_tracks(surf, r["tracks"], g, None, hits=hits)
        draw_dashboard(surf, r["dash"], g, self.selected, None, hits=hits)
        if "objectives" in r:
            who, objs, score, change, own = self.objectives()
            draw_objectives(surf, r["objectives"], g, who, objs, score, change, "last turn",
                            hits=hits, own=own)
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
        ir = text(surf, info, (tr.right + 18, r.centery), BODY, th.accent, False, "midleft",
                  max_w=self.history_b.rect.x - tr.right - 30)
        n = len([p for p in self.view.invitations if not p.answered]) if self.view else 0
        if n:                      # invitations waiting: one place to answer them (I)
            room = self.history_b.rect.x - ir.right - 30
            label = fitting([f"Invitations: {n} [I]", f"{n} invitations [I]", f"Inv. {n}"],
                            BODY, room, True)
            if room > 40:
                lr = text(surf, label, (ir.right + 18, r.centery), BODY, th.focus, True,
                          "midleft", max_w=room)
                self.hits.append((lr, "inbox"))
        

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
        if f"{self.seat}.capital" in s.game.state.values:    # what capital is: ask why
            self.hits.append((tr.inflate(8, 4), f"{self.seat}.capital"))
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
        v = self.view
        if v is not None and v.war_risk:
            warn = fitting([f"War risk: tension {v.tension:.0f} → {v.tension_expected:.0f} "
                            f"(war at {v.war_at:.0f})", f"War risk: tension {v.tension_expected:.0f}",
                            f"War risk: {v.tension_expected:.0f}",
                            "War risk!"], SMALL, room, True)
            text(surf, warn, (q.x + 10, self.end_b.rect.centery), SMALL, pal.VERMILLION, True,
                 "midleft", max_w=room)
            return
        hint = fitting(["Del removes an order · W: why? · F1 keys", "Del: remove · F1: keys",
                        "F1: keys"]
                       if self.queue.items else
                       ["1–5 lever groups · W: why? · F1 all keys", "1–5: lever groups · F1: keys",
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

    def number_tip(self, key: str) -> tuple[str, str]:
        """A number's tooltip: what it means (the scenario's words), its stages, what war
        means, and how to ask why it moved."""
        b = self.explained(key)
        body = b.description or ""
        obj = next((o for o in self.objectives()[1] if o.key == key), None)
        if obj is not None:        # an objective's row: its name, weight and points first
            aim = "keep it low" if obj.direction == "down" else "raise it"
            body = (f"Objective “{obj.label}” (×{obj.weight:g}, {aim}): {obj.points:.1f} of "
                    f"{obj.max_points:.1f} points. {body}")
        if b.stage:
            body += f"\nNow {b.value:.0f}: {b.stage}."
        for n in b.notes:
            if not b.key.startswith("score.") or "war" in n:
                body += "\n" + n
        if b.turn:
            body += f"\n{number(b.change)} {b.window}."
        body += "\nClick (or W) to see why it moved."
        return b.label, body.strip()

    def draw_tip(self, surf) -> None:
        pos = pygame.mouse.get_pos()
        key = self.hit_at(pos)
        if key == "inbox":
            key = None
        if key is not None:
            rect = next(r for r, k in reversed(self.hits) if k == key and r.collidepoint(pos))
            title, body = self.number_tip(key)
            tooltip(surf, rect, title, body, width=min(round(520 * fonts.text_scale()),
                                                       surf.get_width() - 40))
            return
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
