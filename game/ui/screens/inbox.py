"""The seat's invitations awaiting an answer, in one place (I on the main screen): who
invites it to what, since when, and the answer it has queued; A accepts, R rebuffs (each an
order, checked by the engine like any other), Delete takes the answer back.

Everything comes from the seat's view: its ``invitations`` and the lever choices that answer
them (``LeverChoice.answers``)."""
from __future__ import annotations

import pygame

from ...engine import Order
from ..screen import Screen
from ..widgets import (BODY, HEAD, SMALL, Button, ListView, dim, line_h, paragraph, text,
                       theme)

KINDS = {"summit": "a summit", "ceremony": "a ceremony", "resolution": "a UN resolution"}


class InboxOverlay(Screen):
    name = "inbox"
    modal = True
    keys = [("Up/Down", "choose an invitation"), ("A", "accept it (queues the answer)"),
            ("R", "rebuff it"), ("Delete", "take the queued answer back"), ("Esc", "close")]

    def __init__(self, app, screen) -> None:
        super().__init__(app)
        self.main = screen
        self.session = screen.session
        self.seat: str = screen.seat
        self.list = ListView([], self._row)
        self.accept_b = Button("Accept", lambda: self.answer("accept"), hint="A",
                               style="primary")
        self.rebuff_b = Button("Rebuff", lambda: self.answer("rebuff"), hint="R")
        self.close_b = Button("Close", lambda: self.app.close(self), hint="Esc")
        self.ring.set([self.list, self.accept_b, self.rebuff_b, self.close_b])
        self.ring.focus(self.list)
        self.box = pygame.Rect(0, 0, 0, 0)
        self.note = ""
        self.sync()

    # ------------------------------------------------------------------ state
    def sync(self) -> None:
        self.view = self.session.seat_view(self.seat)
        self.list.set_items([p for p in self.view.invitations if not p.answered])
        self.answerers = {lc.answers: lc for lc in self.view.levers if lc.answers}
        has = bool(self.list.items)
        self.accept_b.enabled = has and "accept" in self.answerers
        self.rebuff_b.enabled = has and "rebuff" in self.answerers

    def queued(self, p) -> tuple[int, str] | None:
        """(index in the draft, "accept"/"rebuff") of the answer queued for ``p``."""
        rules = self.session.game.rules
        for i, o in enumerate(self.session.draft(self.seat)):
            ans = rules.levers[o.lever].answers if o.lever in rules.levers else None
            if ans and o.target == p.proposer and (o.option in (p.kind, None)):
                return i, ans
        return None

    def lever_for(self, answer: str) -> str | None:
        """The lever that gives this answer (from the seat's view, else the rules)."""
        lc = self.answerers.get(answer)
        if lc is not None:
            return lc.lever
        return next((lid for lid, lv in self.session.game.rules.levers.items()
                     if lv.answers == answer), None)

    def answer(self, answer: str) -> None:
        p = self.list.current()
        if p is None:
            return
        lever = self.lever_for(answer)
        if lever is None:
            self.note = f"No lever to {answer} an invitation is open to you now."
            return
        q = self.queued(p)
        if q is not None:
            if q[1] == answer:
                self.note = "That answer is already in your orders."
                return
            self.session.remove(self.seat, q[0])
        why = self.session.add(Order(self.seat, lever, p.proposer, p.kind))
        name = self.session.game.rules.name(p.proposer)
        self.note = (f"Not possible: {why}" if why else
                     f"{'Accepting' if answer == 'accept' else 'Rebuffing'} {name}'s "
                     f"invitation: in your orders.")
        self._changed()

    def take_back(self) -> None:
        p = self.list.current()
        q = self.queued(p) if p is not None else None
        if q is not None:
            self.session.remove(self.seat, q[0])
            self.note = "Answer taken back."
            self._changed()

    def _changed(self) -> None:
        m = self.main
        if m.queue is not None:
            m.queue.sync()
        m._queue_changed()
        self.sync()

    # ------------------------------------------------------------------ events
    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN:
            if ev.key == pygame.K_a:
                self.answer("accept")
            elif ev.key == pygame.K_r:
                self.answer("rebuff")
            elif ev.key in (pygame.K_DELETE, pygame.K_BACKSPACE):
                self.take_back()
            elif ev.key == pygame.K_i:
                self.app.close(self)
            else:
                self.ring.handle(ev)
            return True
        if ev.type == pygame.MOUSEBUTTONDOWN and ev.button == 1 and \
                not self.box.collidepoint(ev.pos):
            self.app.close(self)
            return True
        self.ring.handle(ev)
        return True

    def back(self) -> None:
        self.app.close(self)

    # ------------------------------------------------------------------ drawing
    def layout(self, w: int, h: int) -> None:
        bw, bh = min(980, w - 60), min(600, h - 40)
        self.box = pygame.Rect((w - bw) // 2, (h - bh) // 2, bw, bh)
        top = self.box.y + 20 + line_h(HEAD, True) + 12 + 2 * line_h(SMALL) + 8
        btn_h = line_h(BODY, True) + 16
        self.list.row_h = 2 * line_h(SMALL) + 12
        by = self.box.bottom - 16 - btn_h
        room = by - 12 - 2 * line_h(SMALL) - top
        self.list.rect = pygame.Rect(self.box.x + 20, top, self.box.w - 40,
                                     max(self.list.row_h, room - room % self.list.row_h))
        x = self.box.x + 20
        for b in (self.accept_b, self.rebuff_b):
            bw_ = 220
            b.rect = pygame.Rect(x, by, bw_, btn_h)
            x += bw_ + 12
        self.close_b.rect = pygame.Rect(self.box.right - 20 - 200, by, 200, btn_h)

    def _row(self, surf, r, p, sel: bool) -> None:
        th = theme()
        g = self.session.game
        who = g.rules.name(p.proposer)
        what = KINDS.get(p.kind, p.kind)
        deal = f" — on the table: {p.option.replace('_', ' ')}" if p.option and \
            p.option not in ("none", p.kind) else ""
        text(surf, f"{who} invites you to {what}{deal}", (r.x + 10, r.y + 5), SMALL, th.text,
             True, max_w=r.w - 20)
        q = self.queued(p)
        if q is None:
            status, colour = (f"Sent in turn {p.turn}. No answer queued: it lapses if you do "
                              f"not answer.", th.muted)
        else:
            status, colour = (f"Your answer: {'accept' if q[1] == 'accept' else 'rebuff'} "
                              f"(in your orders).", th.good)
        text(surf, status, (r.x + 10, r.y + 7 + line_h(SMALL)), SMALL, colour, False,
             max_w=r.w - 20)

    def draw(self, surf) -> None:
        th = theme()
        dim(surf)
        pygame.draw.rect(surf, th.panel_alt, self.box, border_radius=10)
        pygame.draw.rect(surf, th.accent, self.box, 3, border_radius=10)
        n = len(self.list.items)
        title = f"Invitations awaiting your answer ({n})" if n else "No invitations to answer"
        text(surf, title, (self.box.x + 20, self.box.y + 18), HEAD, th.text, True,
             max_w=self.box.w - 40)
        y = self.box.y + 20 + line_h(HEAD, True) + 8
        costs = ", ".join(f"{a} {lc.cost} PC" for a, lc in sorted(self.answerers.items()))
        paragraph(surf, "An answer is an order: it costs political capital "
                  f"({costs or 'see the levers'}) and happens when the turn resolves. "
                  "A leader attends one summit or ceremony a turn.",
                  pygame.Rect(self.box.x + 20, y, self.box.w - 40, 2 * line_h(SMALL)), SMALL,
                  th.muted)
        if not n:
            text(surf, "Nobody has invited you to anything this turn.",
                 (self.list.rect.x + 10, self.list.rect.y + 10), BODY, th.muted)
        if self.note:
            paragraph(surf, self.note, pygame.Rect(self.box.x + 20, self.accept_b.rect.y - 8 -
                                                   2 * line_h(SMALL), self.box.w - 40,
                                                   2 * line_h(SMALL)), SMALL,
                      th.warn if self.note.startswith("Not") else th.good, True)
        self.ring.draw(surf)


__all__ = ["InboxOverlay"]
