"""The news of a resolved turn, in resolution order: each headline with its cause and the
article passage behind it, what it changed, the map with the states whose numbers moved, and
the computer players' orders with their one-line reasons.

Everything shown comes from the engine's view of the turn for the screen's viewer
(:meth:`Game.turn_view`): which items and orders may be seen, and each item's own ledger
changes, attached when the news was said."""
from __future__ import annotations

import pygame

from ...engine import Game, NewsItem, OrderView, TurnView
from .. import fonts
from ..session import Session
from ..widgets import (BODY, HEAD, SMALL, Button, ListView, fitting, line_h, panel, paragraph,
                       text, theme, wrap)
from .. import mapdata
from ..screen import Screen
from ..describe import effects_text, number, order_text, short
from ..levers import order_line


def news_changes(item: NewsItem) -> list[str]:
    """What the news item changed, as its view carries it ("+3 DPRK economy", ...)."""
    return effects_text(item.changes, limit=99)


class NewsScreen(Screen):
    name = "news"
    in_game = True
    keys = [("Up/Down", "read the headlines one by one"), ("Tab", "computer players' orders"),
            ("Enter or C", "continue"), ("H", "history charts"),
            ("W or ?", "why did the scores move? (or click a state on the map)"),
            ("L", "the chosen headline in full: every change and the whole passage"),
            ("Esc", "game menu")]

    def __init__(self, app, session: Session | None, view: TurnView | None = None,
                 game: Game | None = None, orders: list[OrderView] | None = None,
                 on_continue=None, title: str = "",
                 cpu_title: str = "Computer players' orders and reasons") -> None:
        """``view``: the turn as this screen may show it (default: the session's last turn);
        ``orders``: those of the view to list (default: the computer seats')."""
        super().__init__(app)
        self.session = session
        g = game or (session.game if session else None)
        if g is None:
            raise ValueError("NewsScreen needs a session or a game")
        self.game = g
        if view is None:
            if session is None:
                raise ValueError("NewsScreen needs a session or a turn's view")
            view = session.turn_view()
        self.view = view
        self.viewer = view.viewer
        self.items = list(view.news)
        self.computer = orders if orders is not None else \
            session.computer_orders(view) if session else []
        self.last = view.turn == g.reports[-1].turn
        idx = next(i for i, r in enumerate(g.reports) if r.turn == view.turn)
        self.before = g.history[idx]
        self.after = g.history[idx + 1]
        self.changed = mapdata.changed_states(g, self.before, self.after)
        self.score_moves = {a: number(d) for a, d in self.view.score_changes.items()}
        self.title = title or f"News — turn {self.view.turn}, {self.view.date}"
        self.cpu_title = cpu_title
        self.list = ListView(self.items, self._row)
        self.cpu = ListView(self.computer, self._cpu_row)
        label = "Continue" if not g.over or not self.last or not session else "Final scores"
        self.on_continue = on_continue or self._continue
        self.go = Button(label, self.on_continue, hint="Enter", style="primary")
        self.history_b = Button("History", self._history, hint="H", size=SMALL)
        self.ring.set([self.list, self.cpu, self.go, self.history_b])
        self.ring.focus(self.list)
        self.rects: dict[str, pygame.Rect] = {}

    def _continue(self) -> None:
        self.app.begin_turn()

    def _history(self) -> None:
        who = self.viewer if self.viewer in self.game.actors else "dprk"
        self.app.go("history", game=self.game, actor=who, back=self)

    def back(self) -> None:
        if self.session is None:
            self.on_continue()
            return
        self.app.open("menu", under=self)

    def why(self, actor: str | None = None) -> None:
        """Why did this state's score move? The engine's breakdown, for this screen's viewer;
        the overlay lists every state's score and the tracks to ask about next."""
        g = self.game
        me = self.viewer if self.viewer in g.actors else None
        first = actor or me or max(self.view.score_changes,
                                   key=lambda a: abs(self.view.score_changes[a]))
        order = [first] + [a for a in g.actors if a != first]
        choices = [(f"score.{a}", f"{g.rules.name(a)}: score") for a in order]
        choices += [(f"track.{t}", tr.label) for t, tr in g.scenario.tracks.items()]
        viewer = self.viewer if self.viewer is not None else None
        self.app.open("why", game=g, viewer=viewer, key=f"score.{first}", choices=choices)

    def details(self) -> None:
        """L: the chosen headline in full (every change it made, its cause and passage)."""
        item = self.list.current()
        if item is None:
            return
        body: list[tuple[str, str]] = [("head", f"Cause: {item.cause.label}"), ("gap", "")]
        ch = news_changes(item)
        body.append(("head", "What it changed"))
        body += [("text", c) for c in ch] or [("muted", "no number moved")]
        if item.cause.source:
            body += [("gap", ""), ("head", "Source"), ("text", item.cause.source)]
        self.app.open("reader", title=item.headline, body=body)

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_l and \
                not ev.mod & pygame.KMOD_CTRL:
            self.details()
            return True
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and \
                self.rects.get("map", pygame.Rect(0, 0, 0, 0)).collidepoint(ev.pos) and \
                self.last:
            a = self.app.mapview("news").pick(ev.pos)
            if a:
                self.why(a)
            return True
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL and self.last and \
                (ev.key in (pygame.K_w, pygame.K_QUESTION) or getattr(ev, "unicode", "") == "?"):
            self.why()
            return True
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_c) and \
                    self.ring.focused is not self.history_b:
                self.go.press()
                return True
            if ev.key == pygame.K_h:
                self._history()
                return True
        return super().handle(ev)

    # ------------------------------------------------------------------ layout
    def layout(self, w: int, h: int) -> None:
        """Left: the headlines (whole rows) over the selected item's detail (room for about
        nine lines). Right: the map (at most half the height), its caption, and the computer
        players' orders (at least two, whole rows; spare height goes back to the map)."""
        m = 10
        top = line_h(HEAD, True) + 20
        lw = int(w * 0.58)
        r = self.rects
        head = line_h(BODY, True) + 20
        lh = line_h(SMALL)
        self.list.row_h = lh + 8
        detail_h = 2 * line_h(BODY, True) + 7 * lh + 20
        rows = max(3, (h - m - top - 8 - detail_h - head) // self.list.row_h)
        r["news"] = pygame.Rect(m, top, lw - m, head + rows * self.list.row_h)
        r["detail"] = pygame.Rect(m, r["news"].bottom + 8, lw - m, h - r["news"].bottom - 8 - m)
        c = r["news"]
        self.list.rect = pygame.Rect(c.x + 8, c.y + line_h(BODY, True) + 12, c.w - 16,
                                     rows * self.list.row_h)
        rx = lw + 10
        self.cpu.row_h = 3 * lh + 8
        cap_h = lh + 4
        map_h = int((h - top) * 0.5)
        cpu_rows = max(2, (h - m - top - map_h - cap_h - 6 - head) // self.cpu.row_h)
        map_h = h - m - top - cap_h - 6 - head - cpu_rows * self.cpu.row_h
        r["map"] = pygame.Rect(rx, top, w - rx - m, map_h)
        r["caption"] = pygame.Rect(rx, r["map"].bottom + 2, w - rx - m, cap_h)
        r["cpu"] = pygame.Rect(rx, r["caption"].bottom + 4, w - rx - m,
                               h - r["caption"].bottom - 4 - m)
        c = r["cpu"]
        self.cpu.rect = pygame.Rect(c.x + 8, c.y + line_h(BODY, True) + 12, c.w - 16,
                                    cpu_rows * self.cpu.row_h)
        bh = top - 14
        f = fonts.font(BODY, True)
        gw = f.size(f"{self.go.label}  [Enter]")[0] + 28
        self.go.rect = pygame.Rect(w - m - gw, 7, gw, bh)
        hw = fonts.size("History  [H]", SMALL, True)[0] + 28
        self.history_b.rect = pygame.Rect(self.go.rect.x - 10 - hw, 7, hw, bh)
        self.app.mapview("news").resize(r["map"].w, r["map"].h)

    # ------------------------------------------------------------------ drawing
    def _row(self, surf, r, item: NewsItem, sel: bool) -> None:
        th = theme()
        i = self.items.index(item) + 1
        mark = "" if item.public or item.headline.lower().startswith(("(secret)", "(private)")) \
            else "(private) "
        nw = fonts.size(f"{len(self.items)}.", SMALL, True)[0] + 16
        text(surf, f"{i}.", (r.x + 8, r.centery), SMALL, th.muted, True, "midleft")
        text(surf, mark + item.headline, (r.x + nw, r.centery), SMALL, th.text, sel,
             "midleft", max_w=r.w - nw - 8)

    def _cpu_row(self, surf, r, order, sel: bool) -> None:
        th = theme()
        g = self.game
        text(surf, order_line(g, order, r.w - 16, with_actor=True, bold=True), (r.x + 8, r.y + 4),
             SMALL, th.text, True, max_w=r.w - 16, full=order_text(g, order, with_actor=True))
        paragraph(surf, order.reason or "—", pygame.Rect(r.x + 20, r.y + 4 + line_h(SMALL),
                                                         r.w - 28, 2 * line_h(SMALL)),
                  SMALL, th.muted)

    def draw(self, surf) -> None:
        th = theme()
        g = self.game
        r = self.rects
        text(surf, self.title, (12, 10), HEAD, th.text, True,
             max_w=self.history_b.rect.x - 24)
        n = len(self.items)
        c = panel(surf, r["news"], fitting(
            [f"What happened ({n} items, in the order they resolved)",
             f"What happened ({n} items, in order)", f"What happened ({n})"],
            BODY, r["news"].w - 20, True))
        if not self.items:
            text(surf, "A quiet month: nothing public happened.", (c.x, c.y + 4), BODY,
                 th.muted)
        self._detail(surf)
        self.app.mapview("news").draw(surf, r["map"], None, self.score_moves,
                                      markers=mapdata.markers(g) if self.last else (),
                                      highlight=self.changed)
        pygame.draw.rect(surf, th.border, r["map"], 1)
        names = ("all six states" if len(self.changed) == len(g.actors) else
                 ", ".join(short(a) for a in g.actors if a in self.changed) or "nobody")
        cw = r["caption"].w - 8
        text(surf, fitting([f"Numbers: score change this turn (click: why); outlined: "
                            f"indicators moved ({names})",
                            "Score change (click or W: why); outlined: indicators moved",
                            "Score change this turn (click: why)", "Score changes"], SMALL, cw),
             (r["caption"].x + 4, r["caption"].y), SMALL, th.focus, False, max_w=cw)
        c = panel(surf, r["cpu"], fitting([self.cpu_title, self.cpu_title.split(" and ")[0],
                                           "Orders"], BODY, r["cpu"].w - 20, True))
        if not self.computer:
            text(surf, "No computer seats' public orders this turn.", (c.x, c.y + 4), SMALL,
                 th.muted)
        super().draw(surf)

    def _detail(self, surf) -> None:
        th = theme()
        c = panel(surf, self.rects["detail"])
        item = self.list.current()
        if item is None:
            return
        y = c.y
        lh = line_h(SMALL)
        y = paragraph(surf, item.headline, pygame.Rect(c.x, y, c.w, 3 * line_h(BODY, True)),
                      BODY, th.text, True)
        cause = item.cause
        y = paragraph(surf, f"Cause: {cause.label}", pygame.Rect(c.x, y + 2, c.w, 2 * lh),
                      SMALL, th.accent) + 2
        ch = news_changes(item)
        if ch:
            src_lines = len(wrap("Source: " + item.cause.source, SMALL, c.w)) \
                if item.cause.source else 0
            room = max(2, (c.bottom - y) // lh - min(src_lines, 3))
            y = paragraph(surf, "Changed: " + ", ".join(ch), pygame.Rect(c.x, y, c.w, room * lh),
                          SMALL, th.text)
        src = cause.source
        if src:
            y = paragraph(surf, "Source: " + src, pygame.Rect(c.x, y + 2, c.w, c.bottom - y - 2),
                          SMALL, th.muted)
