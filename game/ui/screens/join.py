"""Join a class (one laptop per team): the class's address and the seat's code, then the
team's normal main screen for its seat only (``whales play --join HOST:PORT``, or "Join a
class" on the title screen).

The connection is opened in the client library's thread; this screen only polls it, so the
window never freezes while a class is out of reach (it says so and keeps trying until Esc).
"""
from __future__ import annotations

import queue

import pygame

from ...net.client import AddressError, ThreadedClient, ws_url
from ...net.protocol import normal_code
from ..netsession import NetSession, ScenarioMissing
from ..screen import Screen
from ..textfield import TextField
from ..widgets import BODY, HEAD, TITLE, Button, dim, line_h, paragraph, text, theme


class JoinScreen(Screen):
    name = "join a class"
    keys = [("Tab / Up / Down", "address, code, Join, Back"), ("Enter", "join"),
            ("Esc", "back to the title (stops trying)")]

    def __init__(self, app, address: str = "", code: str | None = None) -> None:
        super().__init__(app)
        self.labels = ["The class's address (on the projector)", "Your team's code"]
        self.address = TextField("", address or "",
                                 max_len=80, placeholder="e.g. 192.168.1.20:8765",
                                 on_enter=self.next_field, size=HEAD)
        self.code = TextField("", code or "", max_len=12,
                              placeholder="six letters, e.g. KXT MPA", on_enter=self.connect,
                              size=TITLE)
        self.join_b = Button("Join", self.connect, hint="Enter", style="primary")
        self.back_b = Button("Back", self.back, hint="Esc")
        self.ring.set([self.address, self.code, self.join_b, self.back_b])
        self.ring.focus(self.code if address else self.address)
        self.problem = ""
        self.state = ""
        self.client: ThreadedClient | None = None
        self.session: NetSession | None = None
        self.box = pygame.Rect(0, 0, 0, 0)
        if address and code:
            self.connect()

    # ------------------------------------------------------------------ actions
    def next_field(self) -> None:
        self.ring.focus(self.code)

    def connect(self) -> None:
        addr = self.address.value.strip()
        code = normal_code(self.code.value)
        try:
            ws_url(addr)
        except AddressError as e:
            self.problem = str(e)
            self.ring.focus(self.address)
            return
        if len(code) != 6:
            self.problem = "A team's code is six letters, e.g. KXT MPA (ask your teacher)."
            self.ring.focus(self.code)
            return
        self._stop()
        self.problem = ""
        self.state = f"Joining the class at {addr}…"
        self.client = ThreadedClient(addr, code=code, retry=1.0).start()
        self._addr = addr

    def _stop(self) -> None:
        if self.session is not None:
            self.session.close()
        elif self.client is not None:
            self.client.close(timeout=1.0)
        self.client = self.session = None

    def back(self) -> None:
        self._stop()
        self.app.go("title")

    def update(self, dt: float) -> None:
        c = self.client
        if self.session is None and c is not None:
            try:
                link = c.wait_link(0)
            except queue.Empty:
                if c.conn is None and c.thread.is_alive():
                    self.state = (f"Cannot reach {self._addr} yet: trying again (check the "
                                  f"address on the projector; Esc stops)")
                return
            if link.state != "connected":
                why = link.message or "the class refused to connect"
                self.problem = why[:1].upper() + why[1:]
                self.state = ""
                c.close(timeout=1.0)
                self.client = None
                self.ring.focus(self.code)
                return
            room = ThreadedClient(self._addr, watch=True, retry=1.0).start()
            self.session = NetSession(c, room, link.welcome, [])
            self.state = f"Joined as {link.welcome.name}: loading the map…"
        if self.session is not None:
            try:
                self.session.poll()
            except ScenarioMissing as e:
                self._stop()
                self.problem, self.state = str(e), ""
                return
            if self.session.ready_to_play:
                s, self.session, self.client = self.session, None, None
                self.app.start_remote(s)

    def handle(self, ev) -> bool:
        return super().handle(ev)

    # ------------------------------------------------------------------ layout and drawing
    def layout(self, w: int, h: int) -> None:
        bw = min(900, w - 40)
        fh_a = line_h(HEAD) + 16
        fh_c = line_h(TITLE) + 16
        bh = line_h(BODY, True) + 20
        hh = 24 + line_h(TITLE, True) + 2 * line_h(BODY) + 12 + line_h(BODY) + fh_a + 16 + \
            line_h(BODY) + fh_c + 24 + bh + 3 * line_h(BODY) + 30
        self.box = pygame.Rect((w - bw) // 2, max(10, (h - hh) // 2), bw, min(hh, h - 20))
        x = self.box.x + 24
        y = self.box.y + 24 + line_h(TITLE, True) + 2 * line_h(BODY) + 12 + line_h(BODY)
        self.address.rect = pygame.Rect(x, y, bw - 48, fh_a)
        y += fh_a + 16 + line_h(BODY)
        self.code.rect = pygame.Rect(x, y, min(bw - 48, 420), fh_c)
        y += fh_c + 24
        half = (bw - 60) // 2
        self.join_b.rect = pygame.Rect(x, y, half, bh)
        self.back_b.rect = pygame.Rect(x + half + 12, y, half, bh)

    def draw(self, surf) -> None:
        th = theme()
        self.app.mapview("title").draw(surf, surf.get_rect(), None, cards=False)
        dim(surf, 190)
        pygame.draw.rect(surf, th.panel, self.box, border_radius=10)
        pygame.draw.rect(surf, th.border, self.box, 2, border_radius=10)
        x, w = self.box.x + 24, self.box.w - 48
        text(surf, "Join a class", (x, self.box.y + 18), TITLE, th.text, True)
        paragraph(surf, "Each team plays its own state on its own laptop. Type the address "
                  "and your team's code shown on the projector.",
                  pygame.Rect(x, self.box.y + 24 + line_h(TITLE, True), w, 2 * line_h(BODY)),
                  BODY, th.muted)
        for f, label in zip((self.address, self.code), self.labels):
            text(surf, label, (x, f.rect.y - line_h(BODY) - 2), BODY, th.text, True)
        y = self.join_b.rect.bottom + 12
        if self.problem:
            paragraph(surf, self.problem, pygame.Rect(x, y, w, 3 * line_h(BODY)), BODY,
                      th.bad)
        elif self.state:
            paragraph(surf, self.state, pygame.Rect(x, y, w, 3 * line_h(BODY)), BODY,
                      th.accent)
        super().draw(surf)




__all__ = ["JoinScreen"]
