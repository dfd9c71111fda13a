"""Seat setup: each of the six states a person or the computer (with a personality), the
hotseat order, the game's seed, its name (for its autosave, e.g. "Period 3") and the
teacher's optional PIN (typed twice; kept only as a salted hash)."""
from __future__ import annotations

import random
from pathlib import Path

import pygame

from ...engine import ACTORS, ScenarioError, read_scenario
from .. import palette as pal
from ...engine import Seat as SeatSpec  # noqa: E402 (beside the screen's own Seat)
from ..session import Session, check_pin_text
from ..textfield import TextField, typing_in
from .. import fonts
from ..widgets import (BODY, SMALL, TITLE, Button, ListView, NumberPicker, arrow, button_row,
                       fitting, line_h, panel, paragraph, state_badge, text, theme)
from ..screen import Screen


class Seat:
    def __init__(self, actor: str, name: str, personalities: list[str], default: str,
                 descriptions: dict[str, str]) -> None:
        self.actor = actor
        self.name = name
        self.human = False
        self.personalities = personalities
        self.p = personalities.index(default)
        self.descriptions = descriptions

    @property
    def personality(self) -> str:
        return self.personalities[self.p]

    def spec(self) -> str:
        return SeatSpec(human=True).spec if self.human else \
            SeatSpec(personality=self.personality).spec


class SeatList(ListView):
    """The six seats; cells answer clicks: player kind, personality, move up/down."""

    def __init__(self, screen: "SetupScreen", seats: list[Seat]) -> None:
        super().__init__(seats, screen.draw_row)
        self.screen = screen

    def click(self, pos, button) -> bool:
        i = self.top + (pos[1] - self.rect.y) // max(1, self.row_h)
        if not 0 <= i < len(self.items):
            return True
        self.select(i)
        cols = self.screen.cols
        x = pos[0]
        if cols["kind"][0] <= x < cols["kind"][1]:
            self.screen.toggle(i)
        elif cols["pers"][0] <= x < cols["pers"][1]:
            self.screen.cycle(i, 1)
        elif cols["move"][0] <= x < cols["move"][1]:
            r = self.row_rect(i)
            self.screen.move(i, -1 if pos[1] < r.centery else 1)
        return True

    def key(self, ev) -> bool:
        s = self.screen
        shift = ev.mod & pygame.KMOD_SHIFT
        if ev.key in (pygame.K_UP, pygame.K_DOWN) and shift or ev.key in (
                pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            up = ev.key in (pygame.K_UP, pygame.K_LEFTBRACKET)
            s.move(self.selected, -1 if up else 1)
            return True
        if ev.key in (pygame.K_SPACE, pygame.K_p):
            s.toggle(self.selected)
            return True
        if ev.key in (pygame.K_LEFT, pygame.K_RIGHT):
            s.cycle(self.selected, -1 if ev.key == pygame.K_LEFT else 1)
            return True
        if ev.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            s.start()
            return True
        return super().key(ev)


class SetupScreen(Screen):
    name = "seats"
    keys = [("Up/Down", "choose a state"), ("Space or P", "person or computer"),
            ("Left/Right", "the computer's personality"),
            ("Shift+Up/Down, [ ]", "move the state in the hotseat order"),
            ("E / C", "everyone a person / everyone the computer"),
            ("Tab", "to the game's name and the teacher's PIN (optional)"),
            ("Enter", "start the game"), ("Esc", "back to the scenarios")]

    def __init__(self, app, path: Path) -> None:
        super().__init__(app)
        self.path = Path(path)
        try:
            self.text_src, self.sc = read_scenario(str(path), app.overrides)
        except ScenarioError as e:
            raise ValueError("\n".join(str(p) for p in e.problems[:4])) from None
        self.seats = []
        for a in ACTORS:
            spec = self.sc.actors[a]
            names = list(spec.personalities)
            self.seats.append(Seat(a, spec.name, names, spec.personality,
                                   {k: v.description for k, v in spec.personalities.items()}))
        self.seats[ACTORS.index("rok")].human = True
        self.list = SeatList(self, self.seats)
        seed = app.seed if app.seed is not None else random.Random().randint(1, 9999)
        self.seed = NumberPicker("Seed", seed, 0, 99999,
                                 tip="The game's seed\nThe same scenario, seed and orders "
                                     "always give the same game. Left/Right change it "
                                     "(Shift: by ten).")
        self.all_people = Button("Everyone a person", lambda: self.set_all(True), hint="E",
                                 short="All people")
        self.all_cpu = Button("Everyone computer", lambda: self.set_all(False), hint="C",
                              short="All computer")
        self.back_b = Button("Back", self.back, hint="Esc")
        self.start_b = Button("Start the game", self.start, hint="Enter", style="primary",
                              short="Start")
        self.name_f = TextField("Game's name", max_len=60, placeholder="optional, e.g. Period 3",
                                on_enter=self.start,
                                tip="The game's name\nIt names the game's autosave file and "
                                    "shows in the load list, e.g. Period 3.")
        self.pin_f = TextField("Teacher's PIN", max_len=8, digits=True, secret=True,
                               placeholder="optional, 4-8 digits", on_enter=self.start,
                               tip="The teacher's PIN\nWith a PIN, the teacher's console (F2) "
                                   "and pausing ask for it. Only a salted hash is saved.")
        self.pin2_f = TextField("PIN again", max_len=8, digits=True, secret=True,
                                on_enter=self.start)
        self.compact = False          # large text: one line per seat, the description below
        self.ring.set([self.list, self.name_f, self.pin_f, self.pin2_f, self.seed,
                       self.all_people, self.all_cpu, self.back_b, self.start_b])
        self.cols: dict[str, tuple[int, int]] = {}
        self.box = pygame.Rect(0, 0, 0, 0)

    # ------------------------------------------------------------------ actions
    def toggle(self, i: int) -> None:
        self.seats[i].human = not self.seats[i].human

    def cycle(self, i: int, d: int) -> None:
        s = self.seats[i]
        if not s.human:
            s.p = (s.p + d) % len(s.personalities)

    def move(self, i: int, d: int) -> None:
        j = i + d
        if 0 <= j < len(self.seats):
            self.seats[i], self.seats[j] = self.seats[j], self.seats[i]
            self.list.set_items(self.seats)
            self.list.select(j)

    def set_all(self, human: bool) -> None:
        for s in self.seats:
            s.human = human

    def start(self) -> None:
        seats = {s.actor: s.spec() for s in self.seats}
        order = [s.actor for s in self.seats]
        pin = self.pin_f.value
        if pin or self.pin2_f.value:
            why = check_pin_text(pin)
            if why is None and pin != self.pin2_f.value:
                why = "the two PINs are not the same"
            if why:
                self.app.message("Check the teacher's PIN", f"{why[0].upper()}{why[1:]}. Type "
                                 f"it in both boxes, or leave both empty for no PIN.",
                                 danger=True)
                self.pin_f.value = self.pin2_f.value = ""
                self.ring.focus(self.pin_f)
                return
        try:
            session = Session.new(self.text_src, str(self.path), int(self.seed.value), seats,
                                  order, self.app.overrides, self.app.saves_dir,
                                  name=self.name_f.value.strip(), pin=pin or None)
        except ScenarioError as e:
            self.app.message("This scenario cannot be played",
                             "\n".join(str(p) for p in e.problems[:4]), danger=True)
            return
        self.app.start(session)

    def back(self) -> None:
        self.app.go("picker")

    def handle(self, ev) -> bool:
        if typing_in(self.ring):          # letters are the field's, not shortcuts
            return super().handle(ev)
        if ev.type == pygame.KEYDOWN and not ev.mod & pygame.KMOD_CTRL:
            if ev.key == pygame.K_e:
                self.set_all(True)
                return True
            if ev.key == pygame.K_c:
                self.set_all(False)
                return True
        return super().handle(ev)

    # ------------------------------------------------------------------ drawing
    def title_size(self) -> int:
        return TITLE if fonts.text_scale() <= 1.1 else fonts.TITLE

    def layout(self, w: int, h: int) -> None:
        """The seats' table (two lines a seat, or one at large text with the chosen seat's
        personality described below it) over the seed and the buttons."""
        top = 24 + line_h(self.title_size(), True) + line_h(BODY) + 24
        bh = line_h(BODY, True) + 20
        fh = line_h(BODY, True) + 14
        self.box = pygame.Rect(24, top, w - 48, h - top - 24 - bh - 16 - fh - 12)
        fy = self.box.bottom + 12
        fw = self.box.w - 24
        self.name_f.rect = pygame.Rect(24, fy, int(fw * 0.4), fh)
        self.pin_f.rect = pygame.Rect(self.name_f.rect.right + 12, fy, int(fw * 0.32), fh)
        self.pin2_f.rect = pygame.Rect(self.pin_f.rect.right + 12, fy,
                                       w - 24 - self.pin_f.rect.right - 12, fh)
        head = line_h(SMALL) + 10
        room = self.box.h - head - 16
        self.list.row_h = max(58, line_h(BODY, True) + line_h(SMALL) + 14)
        self.compact = room < len(self.seats) * self.list.row_h
        if self.compact:
            self.list.row_h = line_h(BODY, True) + 12
            room = min(room - 2 * line_h(SMALL) - 8, len(self.seats) * self.list.row_h)
        self.list.rect = pygame.Rect(self.box.x + 8, self.box.y + head + 8,
                                     self.box.w - 16, room)
        x0 = self.list.rect.x
        lw = self.list.rect.w - 10
        self.cols = {"name": (x0, x0 + int(lw * 0.28)),
                     "kind": (x0 + int(lw * 0.28), x0 + int(lw * 0.45)),
                     "pers": (x0 + int(lw * 0.46), x0 + int(lw * 0.84)),
                     "turn": (x0 + int(lw * 0.84), x0 + int(lw * 0.93)),
                     "move": (x0 + int(lw * 0.93), x0 + lw)}
        row = pygame.Rect(24, h - 24 - bh, w - 48, bh)
        sw = max(int(row.w * 0.17), fonts.size("Seed: 99999", BODY)[0] + 64)
        self.seed.rect = pygame.Rect(row.x, row.y, sw, bh)
        rest = pygame.Rect(self.seed.rect.right + 12, row.y, row.right - self.seed.rect.right - 12,
                           bh)
        button_row([self.all_people, self.all_cpu, self.back_b, self.start_b], rest)

    def draw_row(self, surf, r, seat: Seat, sel: bool) -> None:
        t = theme()
        c = self.cols
        one = self.compact
        bh_ = r.h - 12 if one else r.h - 16
        badge = pygame.Rect(r.x + 8, r.y + (r.h - bh_) // 2, bh_ if one else 54, bh_)
        state_badge(surf, badge, seat.actor)
        x = badge.right + 12
        nw = c["name"][1] - x - 8
        code = pal.STATES[seat.actor].code
        if one:
            name = fitting([seat.name, pal.STATES[seat.actor].short, code], BODY, nw, True)
            text(surf, name, (x, r.centery), BODY, t.text, True, "midleft", max_w=nw,
                 full=seat.name)
        else:
            text(surf, seat.name, (x, r.y + 6), BODY, t.text, True, max_w=nw)
            text(surf, code, (x, r.y + 8 + line_h(BODY, True)), SMALL, t.muted, max_w=nw)
        kind = pygame.Rect(c["kind"][0], r.y + (6 if one else 8), c["kind"][1] - c["kind"][0] - 10,
                           r.h - (12 if one else 16))
        pygame.draw.rect(surf, pal.BLUE if seat.human else t.button, kind, border_radius=6)
        pygame.draw.rect(surf, t.border, kind, 1, border_radius=6)
        text(surf, "Person" if seat.human else "Computer", kind.center, BODY, t.text, True,
             "center", max_w=kind.w - 8)
        pw = c["pers"][1] - c["pers"][0] - 10
        if seat.human:
            text(surf, "plays in person", (c["pers"][0], r.centery), SMALL, t.muted, False,
                 "midleft", max_w=pw)
        else:
            py = r.centery if one else r.y + 6 + line_h(BODY, True) // 2
            arrow(surf, (c["pers"][0] + 7, py), "left", 7, t.text)
            tr = text(surf, seat.personality, (c["pers"][0] + 20, py), BODY, t.text, True,
                      "midleft", max_w=pw - 44)
            arrow(surf, (tr.right + 12, tr.centery), "right", 7, t.text)
            if not one:
                text(surf, seat.descriptions.get(seat.personality, ""),
                     (c["pers"][0], r.y + 8 + line_h(BODY, True)), SMALL, t.muted, max_w=pw)
        humans = [s for s in self.seats if s.human]
        if seat.human:
            n = humans.index(seat) + 1
            text(surf, _ordinal(n), (c["turn"][0], r.centery), BODY, t.text, True, "midleft")
        mx = (c["move"][0] + c["move"][1]) // 2
        arrow(surf, (mx, r.y + 12), "up", 7 if one else 8, t.muted)
        arrow(surf, (mx, r.bottom - 12), "down", 7 if one else 8, t.muted)

    def draw(self, surf) -> None:
        t = theme()
        w = surf.get_width()
        ts = self.title_size()
        text(surf, fitting([f"Who plays? — {self.sc.title}", "Who plays?"], ts, w - 48, True),
             (24, 24), ts, t.text, True, max_w=w - 48)
        humans = [s for s in self.seats if s.human]
        if not humans:
            subs = ["Nobody plays in person: you will watch the computer play all six states.",
                    "Nobody plays in person: the computer plays all six."]
        elif len(humans) == 1:
            subs = [f"One player ({humans[0].name}) against the computer."]
        else:
            subs = [f"Hotseat: {len(humans)} players take turns at this computer, in the order "
                    f"shown; each one's orders stay hidden from the others.",
                    f"Hotseat: {len(humans)} players take turns; their orders stay hidden."]
        text(surf, fitting(subs, BODY, w - 48), (24, 28 + line_h(ts, True)), BODY, t.accent,
             max_w=w - 48)
        panel(surf, self.box)
        y = self.box.y + 8
        for key, label in (("name", "State"), ("kind", "Played by"),
                           ("pers", "Computer personality"), ("turn", "Turn"),
                           ("move", "Order")):
            x = self.cols[key][0] + (70 if key == "name" else 0)
            text(surf, label, (x, y), SMALL, t.muted, True,
                 max_w=self.cols[key][1] - x - 4)
        if self.compact:                 # the chosen seat's personality, described
            seat = self.list.current()
            about = (f"{seat.name}: played in person." if seat.human else
                     f"{seat.name}, {seat.personality}: "
                     f"{seat.descriptions.get(seat.personality, '')}")
            lr = self.list.rect
            paragraph(surf, about, pygame.Rect(lr.x + 8, lr.bottom + 6, lr.w - 16,
                                               self.box.bottom - lr.bottom - 10), SMALL, t.muted)
        super().draw(surf)


def _ordinal(n: int) -> str:
    return f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}"
