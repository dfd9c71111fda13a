"""The teacher's console (F2, or Teacher's console in the game menu), behind the PIN chosen at
set-up when there is one; the PIN prompt; the pause screen; the strip that shows the room the
round timer.

The console is a client of the session's :class:`~game.session.Console` calls only: it reads
``console_view()`` (who has ordered, the timer, the events with what they do, every number,
who may play each seat, the turns one may rewind to) and sends typed teacher's commands
through ``teacher(cmd)``, the one handler, which records each in the game (so the save, the
replay and the news hold it). Nothing here changes the game itself.

Sections (1-8, or Up/Down in the list on the left; Tab moves into a section):
1 Teams (who has ordered; end a team's turn; hand a seat to a person or the computer),
2 Timer and pause, 3 Inject an event, 4 News flash, 5 Override a number, 6 Reveal orders,
7 Rewind, 8 End the game.
"""
from __future__ import annotations

from typing import Any, Callable

import pygame

from ...engine import (Command, EndEarly, EndSeat, InjectEvent, InjectHeadline, Pause,
                       RevealOrders, Rewind, SetSeat, SetTimer, SetValue, ValueChange)
from ..describe import effects_text, number, order_text
from ..session import Session, clock_text
from ..textfield import TextField, typing_in
from ..widgets import (BODY, HEAD, SMALL, TITLE, Button, ListView, NumberPicker, Picker, dim,
                       line_h, paragraph, state_badge, text, theme, wrap)
from ..screen import Screen


# ------------------------------------------------------------------------------ sections
class Section:
    """One page of the console: its widgets (after the section list in the Tab ring), their
    layout in the content rect, and what it draws there."""

    title = ""
    blurb = ""

    def __init__(self, panel: "TeacherPanel") -> None:
        self.panel = panel
        self.rect = pygame.Rect(0, 0, 0, 0)

    @property
    def session(self) -> Session:
        return self.panel.session

    @property
    def widgets(self) -> list[Any]:
        return []

    def refresh(self) -> None:
        """The game changed (a command ran): read the console's view again."""

    def layout(self, r: pygame.Rect) -> None:
        self.rect = r

    def draw(self, surf: pygame.Surface) -> None:
        pass

    def shortcut(self, ev: pygame.event.Event) -> bool:
        return False

    # helpers
    def body_top(self) -> int:
        return self.rect.y + len(wrap(self.blurb, SMALL, self.rect.w)) * line_h(SMALL) + 10

    def draw_blurb(self, surf: pygame.Surface) -> None:
        n = len(wrap(self.blurb, SMALL, self.rect.w))
        paragraph(surf, self.blurb, pygame.Rect(self.rect.x, self.rect.y, self.rect.w,
                                                n * line_h(SMALL) + 4), SMALL, theme().muted)


def _bh() -> int:
    return line_h(BODY, True) + 14


class TeamsSection(Section):
    title = "Teams"
    blurb = ("Who has ordered this turn. End a team's turn now with the orders it has queued "
             "(K), or hand its seat to a person or to the computer with a personality "
             "(Left/Right to choose, H to hand over).")

    def __init__(self, panel: "TeacherPanel") -> None:
        super().__init__(panel)
        self.list = ListView([], self._row, on_change=lambda i: self._sync_picker())
        self.who = Picker("Played by", [], tip="Who plays this seat from now on\nLeft/Right "
                          "choose a person or the computer with one of its personalities.")
        self.hand_b = Button("Hand the seat over", self.hand_over, hint="H", short="Hand over")
        self.end_b = Button("End this team's turn now", self.end_turn, hint="K",
                            short="End its turn")
        self.refresh()

    @property
    def widgets(self) -> list[Any]:
        return [self.list, self.who, self.hand_b, self.end_b]

    def refresh(self) -> None:
        self.list.set_items(list(self.panel.view.status.seats))
        self._sync_picker()

    def _sync_picker(self) -> None:
        st = self.list.current()
        if st is None:
            return
        choices = self.panel.view.seat_choices[st.actor]
        self.who.set_options([(c.seat, c.label) for c in choices], st.seat)
        self.end_b.enabled = st.human and not st.ordered and not self.panel.view.status.over

    def _row(self, surf, r, st, sel: bool) -> None:
        th = theme()
        b = pygame.Rect(r.x + 6, r.y + 4, r.h - 8, r.h - 8)
        state_badge(surf, b, st.actor)
        text(surf, st.name, (b.right + 10, r.centery), BODY, th.text, True, "midleft",
             max_w=int(r.w * 0.34))
        who = "a person" if st.human else "computer " + (st.seat.partition(":")[2] or
                                                         "(scenario's)")
        text(surf, who, (r.x + int(r.w * 0.45), r.centery), SMALL, th.text, False, "midleft",
             max_w=int(r.w * 0.25))
        if not st.human:
            state, col = "orders at resolution", th.muted
        elif st.ordered:
            state, col = "has ordered", th.good
        elif self.panel.view.status.current == st.actor:
            state, col = f"ordering now ({st.drafting} queued)", th.warn
        else:
            state, col = f"waiting ({st.drafting} queued)", th.muted
        text(surf, state, (r.right - 8, r.centery), SMALL, col, True, "midright",
             max_w=int(r.w * 0.3))

    def hand_over(self) -> None:
        st = self.list.current()
        if st is not None and self.who.value:
            self.panel.run(SetSeat(actor=st.actor, seat=self.who.value))

    def end_turn(self) -> None:
        st = self.list.current()
        if st is not None:
            self.panel.run(EndSeat(actor=st.actor))

    def shortcut(self, ev) -> bool:
        if ev.key == pygame.K_h:
            self.hand_over()
        elif ev.key == pygame.K_k:
            self.end_turn()
        else:
            return False
        return True

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        top = self.body_top()
        bh = _bh()
        self.list.row_h = line_h(BODY, True) + 12
        self.list.rect = pygame.Rect(r.x, top, r.w, min(6 * self.list.row_h + 4,
                                                        r.bottom - top - 2 * bh - 24))
        y = self.list.rect.bottom + 12
        self.who.rect = pygame.Rect(r.x, y, r.w, bh)
        y += bh + 10
        half = (r.w - 12) // 2
        self.hand_b.rect = pygame.Rect(r.x, y, half, bh)
        self.end_b.rect = pygame.Rect(r.x + half + 12, y, half, bh)

    def draw(self, surf) -> None:
        self.draw_blurb(surf)


class TimerSection(Section):
    title = "Timer and pause"
    blurb = ("A round timer the whole room sees at the top of the screen: minutes for each "
             "team's turn, or for the whole turn. It stops while the class is paused. When it "
             "runs out, end the team's turn from Teams (K) or give more time.")

    def __init__(self, panel: "TeacherPanel") -> None:
        super().__init__(panel)
        st = panel.view.status
        self.minutes = NumberPicker("Minutes", max(1, st.timer_seconds // 60) if
                                    st.timer_seconds else 4, 1, 60,
                                    tip="Minutes on the timer\nLeft/Right change it "
                                        "(Shift: by ten).")
        self.per = Picker("For", [("team", "each team's turn"), ("turn", "the whole turn")],
                          index=0 if st.timer_per == "team" else 1)
        self.start_b = Button("Start the timer", self.start, hint="T", style="primary",
                              short="Start")
        self.off_b = Button("Timer off", self.off, hint="O")
        self.pause_b = Button("Pause the class", self.pause, hint="P", short="Pause")

    @property
    def widgets(self) -> list[Any]:
        return [self.minutes, self.per, self.start_b, self.off_b, self.pause_b]

    def start(self) -> None:
        self.panel.run(SetTimer(seconds=int(self.minutes.value) * 60, per=self.per.value))

    def off(self) -> None:
        self.panel.run(SetTimer(seconds=0))

    def pause(self) -> None:
        self.panel.run(Pause(paused=not self.session.paused))

    def shortcut(self, ev) -> bool:
        k = {pygame.K_t: self.start, pygame.K_o: self.off, pygame.K_p: self.pause}.get(ev.key)
        if k is None:
            return False
        k()
        return True

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        y = self.body_top() + 6
        bh = _bh()
        half = (r.w - 12) // 2
        self.minutes.rect = pygame.Rect(r.x, y, half, bh)
        self.per.rect = pygame.Rect(r.x + half + 12, y, half, bh)
        y += bh + 12
        third = (r.w - 24) // 3
        for i, b in enumerate((self.start_b, self.off_b, self.pause_b)):
            b.rect = pygame.Rect(r.x + i * (third + 12), y, third, bh)

    def draw(self, surf) -> None:
        th = theme()
        self.draw_blurb(surf)
        self.pause_b.label = "Resume the class" if self.session.paused else "Pause the class"
        st = self.session.status()
        if st.timer_seconds:
            per = "each team's turn" if st.timer_per == "team" else "the whole turn"
            now = (f"Timer: {clock_text(st.timer_seconds)} for {per}; "
                   + ("time is up." if st.time_up else
                      f"{clock_text(st.time_left)} left." if st.time_left is not None else
                      "it starts with the next team's turn."))
        else:
            now = "No timer."
        if st.paused:
            now += " The class is paused."
        text(surf, now, (self.rect.x, self.start_b.rect.bottom + 18), BODY,
             th.bad if st.time_up else th.text, True, max_w=self.rect.w)


class EventsSection(Section):
    title = "Inject an event"
    blurb = ("One of the scenario's events happens now, before this turn's orders resolve; "
             "the news tells it first in this turn. What it does is shown on the right.")

    def __init__(self, panel: "TeacherPanel") -> None:
        super().__init__(panel)
        self.list = ListView(list(panel.view.events), self._row,
                             on_activate=lambda i: self.inject())
        self.inject_b = Button("Inject this event now", self.inject, hint="I",
                               style="primary", short="Inject")
        self.detail = pygame.Rect(0, 0, 0, 0)

    @property
    def widgets(self) -> list[Any]:
        return [self.list, self.inject_b]

    def refresh(self) -> None:
        self.list.set_items(list(self.panel.view.events))

    def _row(self, surf, r, ev, sel: bool) -> None:
        th = theme()
        text(surf, ev.headline, (r.x + 8, r.y + 4), SMALL, th.text, True, max_w=r.w - 16)
        text(surf, ev.when, (r.x + 8, r.y + 6 + line_h(SMALL, True)), SMALL,
             th.text if sel else th.muted, False, max_w=r.w - 16)

    def inject(self) -> None:
        ev = self.list.current()
        if ev is not None:
            self.panel.run(InjectEvent(event=ev.id))

    def shortcut(self, ev) -> bool:
        if ev.key == pygame.K_i:
            self.inject()
            return True
        return False

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        top = self.body_top()
        bh = _bh()
        lw = int(r.w * 0.46)
        self.list.row_h = line_h(SMALL, True) + line_h(SMALL) + 12
        self.list.rect = pygame.Rect(r.x, top, lw, r.bottom - top - bh - 12)
        self.inject_b.rect = pygame.Rect(r.x, r.bottom - bh, lw, bh)
        self.detail = pygame.Rect(r.x + lw + 16, top, r.w - lw - 16, r.bottom - top)

    def draw(self, surf) -> None:
        th = theme()
        self.draw_blurb(surf)
        ev = self.list.current()
        d = self.detail
        pygame.draw.rect(surf, th.panel_alt, d, border_radius=8)
        if ev is None:
            return
        x, y, w = d.x + 12, d.y + 10, d.w - 24
        for line in wrap(ev.headline, BODY, w, True)[:2]:
            text(surf, line, (x, y), BODY, th.text, True, max_w=w)
            y += line_h(BODY, True)
        y += 4
        parts = [("What it does", "; ".join(effects_text(ev.effects, limit=12)) or
                  "no direct change to the numbers")]
        if ev.orders:
            parts.append(("Orders it makes", "; ".join(ev.orders)))
        parts.append(("When", ev.when))
        if ev.text.strip():
            parts.append(("Story", ev.text))
        parts.append(("Source", ev.source))
        for label, body in parts:
            if y > d.bottom - line_h(SMALL):
                break
            text(surf, label, (x, y), SMALL, th.accent, True, max_w=w)
            y += line_h(SMALL, True)
            lines = wrap(body, SMALL, w)
            for line in lines:
                if y > d.bottom - line_h(SMALL) - 4:
                    break
                text(surf, line, (x, y), SMALL, th.text, False, max_w=w)
                y += line_h(SMALL)
            y += 6


class NumbersList(ListView):
    """Every number of the game with its value and range (Up/Down, Page Up/Down)."""

    def __init__(self, panel: "TeacherPanel", on_change: Callable[[int], Any] | None = None
                 ) -> None:
        super().__init__(list(panel.view.numbers), self._row, on_change=on_change)

    def _row(self, surf, r, n, sel: bool) -> None:
        th = theme()
        text(surf, n.label, (r.x + 8, r.centery), SMALL, th.text, sel, "midleft",
             max_w=r.w - 170)
        text(surf, f"{number(n.value).lstrip('+')}  ({n.min:g}–{n.max:g})",
             (r.right - 8, r.centery), SMALL, th.text if sel else th.muted, False,
             "midright")


class HeadlineSection(Section):
    title = "News flash"
    blurb = ("Write a headline; add the changes it makes (choose a number, then its change, "
             "then A); publish it (Enter in the headline, or U). It is news this turn, told "
             "before the orders, and the ledger gives it as the cause.")

    def __init__(self, panel: "TeacherPanel") -> None:
        super().__init__(panel)
        self.headline = TextField("Headline", max_len=200, placeholder="e.g. Typhoon hits "
                                  "Busan port", on_enter=self.publish)
        self.numbers = NumbersList(panel)
        self.delta = NumberPicker("Change", 5, -100, 100, tip="The change to the chosen "
                                  "number\nLeft/Right (Shift: by ten).")
        self.add_b = Button("Add this change", self.add, hint="A", short="Add")
        self.undo_b = Button("Remove the last", self.remove_last, short="Remove")
        self.publish_b = Button("Publish the news flash", self.publish, hint="U",
                                style="primary", short="Publish")
        self.changes: list[ValueChange] = []

    @property
    def widgets(self) -> list[Any]:
        return [self.headline, self.numbers, self.delta, self.add_b, self.undo_b,
                self.publish_b]

    def refresh(self) -> None:
        self.numbers.set_items(list(self.panel.view.numbers))

    def add(self) -> None:
        n = self.numbers.current()
        if n is None or not self.delta.value:
            return
        if len(self.changes) >= 12:
            self.panel.note("A news flash makes at most 12 changes.", bad=True)
            return
        self.changes.append(ValueChange(key=n.key, delta=float(self.delta.value)))

    def remove_last(self) -> None:
        if self.changes:
            self.changes.pop()

    def publish(self) -> None:
        head = self.headline.value.strip()
        if not head:
            self.panel.note("Write a headline first.", bad=True)
            self.panel.ring.focus(self.headline)
            return
        if self.panel.run(InjectHeadline(headline=head, changes=list(self.changes))):
            self.headline.value = ""
            self.changes = []

    def shortcut(self, ev) -> bool:
        k = {pygame.K_a: self.add, pygame.K_u: self.publish}.get(ev.key)
        if k is None:
            return False
        k()
        return True

    def label(self, key: str) -> str:
        return next((n.label for n in self.panel.view.numbers if n.key == key), key)

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        y = self.body_top()
        bh = _bh()
        self.headline.rect = pygame.Rect(r.x, y, r.w, bh)
        y += bh + 10
        lw = int(r.w * 0.55)
        self.numbers.row_h = line_h(SMALL) + 8
        self.numbers.rect = pygame.Rect(r.x, y, lw, r.bottom - y)
        x = r.x + lw + 16
        cw = r.w - lw - 16
        self.delta.rect = pygame.Rect(x, y, cw, bh)
        half = (cw - 10) // 2
        self.add_b.rect = pygame.Rect(x, y + bh + 10, half, bh)
        self.undo_b.rect = pygame.Rect(x + half + 10, y + bh + 10, half, bh)
        self.publish_b.rect = pygame.Rect(x, r.bottom - bh, cw, bh)

    def draw(self, surf) -> None:
        th = theme()
        self.draw_blurb(surf)
        x, y = self.delta.rect.x, self.add_b.rect.bottom + 12
        w = self.delta.rect.w
        text(surf, "Changes it makes:", (x, y), SMALL, th.accent, True, max_w=w)
        y += line_h(SMALL, True)
        if not self.changes:
            text(surf, "none yet (news only)", (x, y), SMALL, th.muted, max_w=w)
        for c in self.changes:
            if y > self.publish_b.rect.y - line_h(SMALL):
                break
            text(surf, f"{number(c.delta)} {self.label(c.key)}", (x, y), SMALL, th.text,
                 max_w=w)
            y += line_h(SMALL)


class OverrideSection(Section):
    title = "Override a number"
    blurb = ("Set any number to a new value now (kept within its range): choose it, choose "
             "the value with Left/Right (Shift: by ten), then S. The news reports it as the "
             "teacher's override.")

    def __init__(self, panel: "TeacherPanel") -> None:
        super().__init__(panel)
        self.numbers = NumbersList(panel, on_change=lambda i: self._sync())
        self.value = NumberPicker("New value", 0, -1000, 1000)
        self.set_b = Button("Set it", self.apply, hint="S", style="primary")
        self._sync()

    @property
    def widgets(self) -> list[Any]:
        return [self.numbers, self.value, self.set_b]

    def refresh(self) -> None:
        self.numbers.set_items(list(self.panel.view.numbers))
        self._sync()

    def _sync(self) -> None:
        n = self.numbers.current()
        if n is not None:
            self.value.lo, self.value.hi = int(n.min), int(n.max)
            self.value.number = int(round(n.value))

    def apply(self) -> None:
        n = self.numbers.current()
        if n is not None:
            self.panel.run(SetValue(key=n.key, value=float(self.value.value)))

    def shortcut(self, ev) -> bool:
        if ev.key == pygame.K_s:
            self.apply()
            return True
        return False

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        y = self.body_top()
        bh = _bh()
        lw = int(r.w * 0.6)
        self.numbers.row_h = line_h(SMALL) + 8
        self.numbers.rect = pygame.Rect(r.x, y, lw, r.bottom - y)
        x = r.x + lw + 16
        self.value.rect = pygame.Rect(x, y, r.w - lw - 16, bh)
        self.set_b.rect = pygame.Rect(x, y + bh + 10, r.w - lw - 16, bh)

    def draw(self, surf) -> None:
        self.draw_blurb(surf)
        n = self.numbers.current()
        if n is not None:
            th = theme()
            x, y, w = self.value.rect.x, self.set_b.rect.bottom + 14, self.value.rect.w
            for line in wrap(f"{n.label}: now {n.value:g}, range {n.min:g} to {n.max:g}.",
                             SMALL, w):
                text(surf, line, (x, y), SMALL, th.text, max_w=w)
                y += line_h(SMALL)


class RevealSection(Section):
    title = "Reveal orders"
    blurb = ("Every team's orders so far this turn, queued or sent, secret ones too. The "
             "projector shows them: turn it away from the class first. Recorded as revealed.")

    def __init__(self, panel: "TeacherPanel") -> None:
        super().__init__(panel)
        self.reveal_b = Button("Reveal every order so far", self.reveal, hint="R",
                               style="primary", short="Reveal")
        self.hide_b = Button("Hide them", self.hide)
        self.orders: list[str] | None = None

    @property
    def widgets(self) -> list[Any]:
        return [self.reveal_b, self.hide_b]

    def reveal(self) -> None:
        res = self.panel.run(RevealOrders())
        if res is not None:
            g = self.session.game
            self.orders = [order_text(g, o, with_actor=True) + (" (secret)" if o.covert
                                                                 else "")
                           for o in res.orders]

    def hide(self) -> None:
        self.orders = None

    def shortcut(self, ev) -> bool:
        if ev.key == pygame.K_r:
            self.reveal()
            return True
        return False

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        y = self.body_top()
        bh = _bh()
        half = (r.w - 12) // 2
        self.reveal_b.rect = pygame.Rect(r.x, y, half, bh)
        self.hide_b.rect = pygame.Rect(r.x + half + 12, y, half, bh)

    def draw(self, surf) -> None:
        th = theme()
        self.draw_blurb(surf)
        y = self.reveal_b.rect.bottom + 14
        if self.orders is None:
            return
        if not self.orders:
            text(surf, "No orders yet this turn.", (self.rect.x, y), BODY, th.text)
        for line in self.orders:
            if y > self.rect.bottom - line_h(SMALL):
                break
            text(surf, line, (self.rect.x, y), SMALL, th.text, max_w=self.rect.w)
            y += line_h(SMALL) + 2


class RewindSection(Section):
    title = "Rewind"
    blurb = ("Go back to the start of an earlier turn (or of this one): the game is exactly "
             "as it was then, every team orders again. The turns taken back stay in the "
             "replay.")

    def __init__(self, panel: "TeacherPanel") -> None:
        super().__init__(panel)
        self.turn = Picker("Back to", [])
        self.go_b = Button("Rewind", self.rewind, hint="W", style="danger")
        self.refresh()

    @property
    def widgets(self) -> list[Any]:
        return [self.turn, self.go_b]

    def refresh(self) -> None:
        turns = self.panel.view.turns
        self.turn.set_options([(t, f"the start of turn {t} ({d})") for t, d in turns],
                              turns[-1][0] if turns else None)

    def rewind(self) -> None:
        t = self.turn.value
        if t is None:
            return
        now = self.session.game.turn
        lost = now - t
        self.panel.app.confirm(
            f"Rewind to the start of turn {t}?",
            f"The game goes back to {self.turn.options[self.turn.index][1]}"
            + (f"; {lost} resolved turn{'s' if lost != 1 else ''} are taken back" if lost
               else "") + ", and this turn's orders are dropped. The replay keeps what "
            "was taken back.", "Rewind", lambda: self.panel.run(Rewind(to_turn=t)),
            "Cancel")

    def shortcut(self, ev) -> bool:
        if ev.key == pygame.K_w:
            self.rewind()
            return True
        return False

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        y = self.body_top() + 6
        bh = _bh()
        self.turn.rect = pygame.Rect(r.x, y, r.w, bh)
        self.go_b.rect = pygame.Rect(r.x, y + bh + 12, min(r.w, 360), bh)

    def draw(self, surf) -> None:
        self.draw_blurb(surf)


class EndSection(Section):
    title = "End the game"
    blurb = ("End the game now, with the scores as they stand (orders queued this turn are "
             "dropped). The end screen ranks each team against the computer in its seat; a "
             "rewind can take the end back.")

    def __init__(self, panel: "TeacherPanel") -> None:
        super().__init__(panel)
        self.end_b = Button("End the game now", self.end, hint="X", style="danger")

    @property
    def widgets(self) -> list[Any]:
        return [self.end_b]

    def end(self) -> None:
        self.panel.app.confirm("End the game now?", "The game ends with the scores as they "
                               "stand; orders queued this turn are dropped. The end screen "
                               "shows each state's objectives.", "End the game",
                               self._go)

    def _go(self) -> None:
        if self.panel.run(EndEarly()):
            self.panel.back()

    def shortcut(self, ev) -> bool:
        if ev.key == pygame.K_x:
            self.end()
            return True
        return False

    def layout(self, r: pygame.Rect) -> None:
        super().layout(r)
        self.end_b.rect = pygame.Rect(r.x, self.body_top() + 6, min(r.w, 420), _bh())

    def draw(self, surf) -> None:
        self.draw_blurb(surf)


SECTIONS = (TeamsSection, TimerSection, EventsSection, HeadlineSection, OverrideSection,
            RevealSection, RewindSection, EndSection)


# ------------------------------------------------------------------------------ the console
class TeacherPanel(Screen):
    name = "teacher's console"
    modal = True
    keys = [("1-8 or Up/Down", "choose a section"), ("Tab / Shift+Tab", "into a section "
            "and between its controls"), ("Enter", "do the focused thing"),
            ("K / H", "Teams: end a team's turn / hand its seat over"),
            ("T / O / P", "Timer: start / off / pause the class"),
            ("I", "inject the chosen event"), ("A / U", "news flash: add a change / publish"),
            ("S", "override: set the number"), ("R", "reveal the orders"),
            ("W", "rewind"), ("X", "end the game (from any section)"),
            ("P", "pause / resume the class (from any section)"), ("Esc", "close the console")]

    def __init__(self, app, session: Session | None = None) -> None:
        super().__init__(app)
        # the game in this process, or a console over the network (the room view's)
        self.session: Session = session if session is not None else app.session
        self.turn_before = self.session.game.turn
        self.view = self.session.console_view()
        self.sections: list[Section] = [cls(self) for cls in SECTIONS]
        self.index = 0
        self.menu = ListView(self.sections, self._menu_row,
                             on_change=lambda i: self.choose(i, focus=False))
        self.close_b = Button("Close", self.back, hint="Esc")
        self.message = ("Every action here is recorded in the save and the replay, and "
                        "shown in the news where it happened.")
        self.message_bad = False
        self.box = pygame.Rect(0, 0, 0, 0)
        self.content = pygame.Rect(0, 0, 0, 0)
        self._ring()

    @property
    def section(self) -> Section:
        return self.sections[self.index]

    def _ring(self) -> None:
        self.ring.set([self.menu, *self.section.widgets, self.close_b])

    def choose(self, i: int, focus: bool = True) -> None:
        self.index = max(0, min(i, len(self.sections) - 1))
        if self.menu.selected != self.index:
            self.menu.selected = self.index
        self._ring()
        if self.content.w:
            self.section.layout(self.content)
        if focus and self.section.widgets:
            self.ring.focus(self.section.widgets[0])

    def _menu_row(self, surf, r, sec: Section, sel: bool) -> None:
        th = theme()
        i = self.sections.index(sec) + 1
        text(surf, f"{i}  {sec.title}", (r.x + 10, r.centery), BODY, th.text, sel, "midleft",
             max_w=r.w - 16)

    # ------------------------------------------------------------------ commands
    def run(self, cmd: Command):
        """Send one command through the session's one handler; the result (or why not) is
        shown at the foot of the console. Returns the result when it was carried out."""
        res = self.session.teacher(cmd)
        if not res.ok:
            self.note(f"Not done: {res.message}", bad=True)
            return None
        extra = effects_text(res.changes, limit=8)
        self.note(res.message + (f" Changed: {', '.join(extra)}." if extra else ""))
        self.view = self.session.console_view()
        for s in self.sections:
            s.refresh()
        self.app.sync_pause()
        if self.app.overlays and self.app.overlays[-1] is not self and self in self.app.overlays:
            # the pause screen rose over the console: keep the console on top
            self.app.overlays.remove(self)
            self.app.overlays.append(self)
        return res

    def note(self, message: str, bad: bool = False) -> None:
        self.message, self.message_bad = message, bad

    def back(self) -> None:
        self.app.close(self)
        self.app.after_teacher(self.turn_before)

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL \
                and not typing_in(self.ring):
            if pygame.K_1 <= ev.key <= pygame.K_8:
                self.choose(ev.key - pygame.K_1)
                return True
            if self.section.shortcut(ev):
                return True
            if ev.key in (pygame.K_x, pygame.K_p):     # from any section
                sec = EndSection if ev.key == pygame.K_x else TimerSection
                self.choose(next(i for i, x in enumerate(self.sections)
                                 if isinstance(x, sec)))
                return self.section.shortcut(ev)
        self.ring.handle(ev)
        return True

    # ------------------------------------------------------------------ drawing
    def layout(self, w: int, h: int) -> None:
        m = 40 if w >= 1100 else 12
        self.box = pygame.Rect(m, 16, w - 2 * m, h - 32)
        top = self.box.y + 16 + line_h(HEAD, True) + 6 + line_h(BODY) + 12
        bh = _bh()
        foot = self.box.bottom - bh - 14
        mw = max(220, int(self.box.w * 0.22))
        self.menu.row_h = line_h(BODY) + 12
        self.menu.rect = pygame.Rect(self.box.x + 16, top, mw,
                                     min(len(self.sections) * self.menu.row_h + 4,
                                         foot - top - 10))
        self.content = pygame.Rect(self.menu.rect.right + 20, top,
                                   self.box.right - 16 - self.menu.rect.right - 20,
                                   foot - top - 2 * line_h(SMALL) - 14)
        self.close_b.rect = pygame.Rect(self.box.right - 16 - 200, foot, 200, bh)
        self.section.layout(self.content)

    def status_line(self) -> str:
        st = self.session.status()
        parts = [f"Turn {st.turn} of {st.turns} · {st.date}"]
        if st.name:
            parts.insert(0, st.name)
        if st.people:
            parts.append(f"{st.ordered} of {st.people} teams have ordered")
        if st.timer_seconds and st.time_left is not None:
            parts.append("time is up" if st.time_up else f"{clock_text(st.time_left)} left")
        if st.paused:
            parts.append("PAUSED")
        if st.over:
            parts.append("the game is over")
        return " · ".join(parts)

    def draw(self, surf) -> None:
        th = theme()
        dim(surf, 200)
        pygame.draw.rect(surf, th.panel, self.box, border_radius=10)
        pygame.draw.rect(surf, th.warn, self.box, 3, border_radius=10)
        x = self.box.x + 16
        text(surf, "Teacher's console", (x, self.box.y + 12), HEAD, th.text, True)
        if self.session.locked:
            text(surf, "PIN protected", (self.box.right - 16, self.box.y + 16), SMALL,
                 th.good, True, "topright")
        text(surf, self.status_line(), (x, self.box.y + 18 + line_h(HEAD, True)), BODY,
             th.accent, True, max_w=self.box.w - 32)
        self.section.draw(surf)
        msg_r = pygame.Rect(x, self.content.bottom + 8, self.close_b.rect.x - x - 16,
                            self.box.bottom - self.content.bottom - 16)
        paragraph(surf, self.message, msg_r, SMALL, th.bad if self.message_bad else th.good)
        super().draw(surf)


# ------------------------------------------------------------------------------ the PIN
class PinPrompt(Screen):
    """The teacher's PIN before the console (or a pause): a wrong PIN is refused and nothing
    happens; only the PIN's salted hash is in the session and the saves."""

    name = "teacher's PIN"
    modal = True
    keys = [("0-9", "type the PIN"), ("Enter", "open"), ("Esc", "cancel")]

    def __init__(self, app, session: Session, then: Callable[[], None],
                 what: str = "open the teacher's console") -> None:
        super().__init__(app)
        self.session = session
        self.then = then
        self.what = what
        self.field = TextField("PIN", max_len=8, digits=True, secret=True, on_enter=self.check)
        self.ok_b = Button("Open", self.check, hint="Enter", style="primary")
        self.cancel_b = Button("Cancel", self.back, hint="Esc")
        self.ring.set([self.field, self.ok_b, self.cancel_b])
        self.wrong = 0
        self.box = pygame.Rect(0, 0, 0, 0)

    def check(self) -> None:
        pin = self.field.value
        self.field.value = ""
        if pin and self.session.check_pin(pin):
            self.app.close(self)
            self.then()
            return
        self.wrong += 1
        self.ring.focus(self.field)

    def back(self) -> None:
        self.app.close(self)

    def handle(self, ev) -> bool:
        self.ring.handle(ev)
        return True

    def layout(self, w: int, h: int) -> None:
        bw = min(640, w - 40)
        bh = _bh()
        hh = 24 + line_h(HEAD, True) + 3 * line_h(BODY) + 2 * bh + 56
        self.box = pygame.Rect((w - bw) // 2, (h - hh) // 2, bw, hh)
        y = self.box.y + 24 + line_h(HEAD, True) + 2 * line_h(BODY) + 16
        self.field.rect = pygame.Rect(self.box.x + 20, y, bw - 40, bh)
        y += bh + 16 + line_h(BODY)
        half = (bw - 52) // 2
        self.ok_b.rect = pygame.Rect(self.box.x + 20, y, half, bh)
        self.cancel_b.rect = pygame.Rect(self.box.x + 32 + half, y, half, bh)

    def draw(self, surf) -> None:
        th = theme()
        dim(surf, 200)
        pygame.draw.rect(surf, th.panel, self.box, border_radius=10)
        pygame.draw.rect(surf, th.warn, self.box, 3, border_radius=10)
        x, w = self.box.x + 20, self.box.w - 40
        text(surf, "Teacher's PIN", (x, self.box.y + 16), HEAD, th.text, True)
        paragraph(surf, f"Type the teacher's PIN to {self.what}.",
                  pygame.Rect(x, self.box.y + 20 + line_h(HEAD, True), w, 2 * line_h(BODY)),
                  BODY, th.text)
        if self.wrong:
            text(surf, f"Wrong PIN{f' ({self.wrong} tries)' if self.wrong > 1 else ''}: "
                       f"nothing was changed.", (x, self.field.rect.bottom + 8), BODY, th.bad,
                 True, max_w=w)
        super().draw(surf)


# ------------------------------------------------------------------------------ pause and timer
class PauseOverlay(Screen):
    """Full-screen pause: nothing moves until the teacher resumes (P or Esc; with a PIN, the
    PIN is asked)."""

    name = "paused"
    modal = True
    keys = [("P or Esc", "resume (the teacher's PIN, if there is one)")]

    def back(self) -> None:
        self.app.toggle_pause()

    def handle(self, ev) -> bool:
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_p:
            self.app.toggle_pause()
        elif ev.type == pygame.KEYDOWN and ev.key == pygame.K_F2:
            self.app.open_console()          # the console works while the class is paused
        return True

    def draw(self, surf) -> None:
        th = theme()
        surf.fill(th.bg)
        w, h = surf.get_size()
        tr = text(surf, "Paused", (w // 2, h // 2), TITLE, th.text, True, "midbottom")
        s = self.app.session
        how = ("The teacher resumes it: P, then the teacher's PIN." if s is not None and
               s.locked else "Press P (or Esc) to resume.")
        paragraph(surf, f"The teacher has paused the game. {how}",
                  pygame.Rect(20, tr.bottom + 12, w - 40, 3 * line_h(BODY)), BODY, th.muted,
                  align="center")


def draw_room_strip(surf: pygame.Surface, session: Session) -> None:
    """The round timer for the whole room, in the header row of every in-game screen (only
    while a timer is set): minutes left, or TIME IS UP."""
    st = session.status()
    if not st.timer_seconds or st.over:
        return
    th = theme()
    if st.time_left is None:
        label = f"Timer {clock_text(st.timer_seconds)} starts with the next team"
        bg, fg = th.panel_alt, th.text
    elif st.time_up:
        label = "TIME IS UP"
        bg, fg = th.bad, (0, 0, 0)
    else:
        who = session.game.rules.name(st.current) if st.current and \
            st.timer_per == "team" else "this turn"
        label = f"{clock_text(st.time_left)} left · {who}"
        bg, fg = (16, 20, 28), th.focus if st.time_left > 60 else th.warn
    tw = text(surf, label, (-1000, -1000), HEAD, fg, True).w
    r = pygame.Rect(0, 0, tw + 36, line_h(HEAD, True) + 10)
    w = surf.get_width()
    r.topright = (int(w * 0.775), 4)        # left of the header's buttons, right of its text
    r.x = max(4, r.x)
    pygame.draw.rect(surf, bg, r, border_radius=10)
    pygame.draw.rect(surf, fg, r, 3, border_radius=10)
    text(surf, label, r.center, HEAD, fg, True, "center")
