"""The front end over the network (one laptop per team): the room view's feed from a class
server (:class:`NetFeed`), the teacher's console of a hosted server (:class:`HostConsole`)
or of one reached with the PIN (:class:`ClientConsole`), and ``whales play --host`` starting
the server in this process (:func:`host`).

Everything here goes through :mod:`game.net`'s client library (a
:class:`~game.net.client.ThreadedClient`, polled once a frame) or the running server's
``call`` (the only safe way to touch a hosted server's session from the window's thread).
No pygame here.
"""
from __future__ import annotations

import hmac
import time
from pathlib import Path
from typing import Any

from ..engine import CommandResult, PublicView
from ..net import protocol as P
from ..net.client import ConnectionLost, Link, ServerError, ThreadedClient
from ..net.server import GameServer, ServerOptions, start_in_thread
from ..session import ClassroomStatus, ConsoleView

WAIT = 20.0
"""Seconds the window waits for a server's answer to a teacher's command (loopback or a
classroom's Wi-Fi: an answer takes milliseconds; a server that is gone says so sooner)."""


class NetFeed:
    """The room view's :class:`~game.ui.roomfeed.RoomFeed` from a class server: the public
    view, the status and who is connected, as the server pushes them (a spectator's or the
    teacher's connection). A dropped connection is a banner while the client reconnects."""

    def __init__(self, client: ThreadedClient, codes: dict[str, str] | None = None,
                 address: str | None = None, console: Any = None) -> None:
        self.client = client
        self.codes = dict(codes or {})
        self.address = address
        self._console = console
        self._pv: PublicView | None = None
        self._st: ClassroomStatus | None = None
        self._st_at = 0.0
        self._presence: dict[str, int] | None = None
        self._banner: str | None = "Connecting to the class…"
        self.last_turn: Any = None
        self.welcome: P.Welcome | None = None
        self.failed = False

    def poll(self) -> None:
        for m in self.client.poll():
            self.take(m)

    def take(self, m: Any) -> None:
        if isinstance(m, Link):
            if m.state == "connected":
                self._banner = None
                self.welcome = m.welcome
            elif m.state == "reconnecting":
                self._banner = f"Connection to the class lost: reconnecting…\n{m.message}"
            elif m.state == "failed":
                self.failed = True
                self._banner = f"Cannot reach the class\n{m.message}"
            return
        if m.type == "public_view":
            self._pv = m.view
        elif m.type == "status":
            self._st, self._st_at = m.status, time.monotonic()
        elif m.type == "presence":
            self._presence = dict(m.seats)
        elif m.type == "turn":
            self.last_turn = m.view

    def public_view(self) -> PublicView | None:
        return self._pv

    def status(self) -> ClassroomStatus | None:
        """The last status, its timer run down since it arrived (the server sends a status
        when something changes, not every second)."""
        st = self._st
        if st is None or st.time_left is None or st.paused:
            return st
        left = max(0.0, st.time_left - (time.monotonic() - self._st_at))
        return st.model_copy(update={"time_left": left, "time_up": st.time_up or left <= 0})

    def presence(self) -> dict[str, int] | None:
        return self._presence

    def banner(self) -> str | None:
        return self._banner

    def console(self) -> Any:
        return self._console

    def close(self) -> None:
        self.client.close()


class _Names:
    """What the console reads of ``session.game`` (the turn, state and lever names)."""

    def __init__(self, console: Any, game: Any) -> None:
        self._console = console
        self.rules = game.rules

    @property
    def turn(self) -> int:
        return self._console.status().turn


class HostConsole:
    """The teacher's console of the server this window hosts (a
    :class:`~game.session.Console`): every command runs on the server's own loop through
    its ``teacher`` (recorded, in the news, sent to every client)."""

    def __init__(self, running: Any, pin: str | None = None) -> None:
        self.running = running
        self.pin = pin
        self.game = _Names(self, running.server.session.game)

    def teacher(self, cmd: Any) -> CommandResult:
        return self.running.call(lambda s: s.teacher(cmd), WAIT)

    def status(self) -> ClassroomStatus:
        return self.running.call(lambda s: s.session.status(), WAIT)

    def console_view(self) -> ConsoleView:
        return self.running.call(lambda s: s.session.console_view(), WAIT)

    def check_pin(self, pin: str) -> bool:
        return self.running.call(lambda s: s.session.check_pin(pin), WAIT)

    @property
    def locked(self) -> bool:
        return self.pin is not None

    @property
    def paused(self) -> bool:
        return self.status().paused


class ClientConsole:
    """The teacher's console over the network (``whales play --watch HOST:PORT --pin P``):
    the typed commands are sent through the client library; the server checked the PIN
    when the connection opened."""

    def __init__(self, client: ThreadedClient, feed: NetFeed, game: Any, pin: str) -> None:
        self.client = client
        self.feed = feed
        self.pin = pin
        self.game = _Names(self, game)

    def _ask(self, msg: Any) -> Any:
        return self.client.send(msg).result(WAIT)

    def teacher(self, cmd: Any) -> CommandResult:
        try:
            return self._ask(P.Command(command=cmd)).result
        except ServerError as e:
            return CommandResult(action=cmd.action, ok=False, message=e.message)
        except (ConnectionLost, TimeoutError) as e:
            return CommandResult(action=cmd.action, ok=False,
                                 message=f"not sent: the connection to the class is down ({e})")

    def status(self) -> ClassroomStatus:
        st = self.feed.status()
        if st is None:
            st = self._ask(P.GetStatus()).status
        return st

    def console_view(self) -> ConsoleView:
        return self._ask(P.GetConsole()).view

    def check_pin(self, pin: str) -> bool:
        return hmac.compare_digest(pin.encode(), self.pin.encode())

    @property
    def locked(self) -> bool:
        return True

    @property
    def paused(self) -> bool:
        return self.status().paused


def host(scenario: Path, *, seed: int, port: int = 8765, bind: str | None = None,
         pin: str | None = None, saves_dir: Path | None = None, overrides: list[str] | None
         = None, name: str = "", resume: Path | None = None) -> Any:
    """Start a class server for ``scenario`` (or ``resume`` a server's autosave) in a
    background thread of this process; returns the running server (``.port``,
    ``.codes``, ``.stop()``). OSError when the port is taken."""
    opts = ServerOptions(host=bind, port=port, quiet=True)
    if resume is not None:
        srv = GameServer.resume(resume, saves_dir=saves_dir, options=opts)
    else:
        srv = GameServer.new(scenario.read_text(encoding="utf-8"), str(scenario), seed,
                             overrides=overrides, saves_dir=saves_dir, name=name, pin=pin,
                             options=opts)
    return start_in_thread(srv)


def host_feed(running: Any, pin: str | None = None, address: str | None = None) -> NetFeed:
    """The hosting window's room view: a spectator's connection to its own server (so it
    shows what the room may see, as any projector would), the codes, and the console."""
    port = running.port
    bind = running.server.options.host
    local = "127.0.0.1" if bind in (None, "", "0.0.0.0", "::") else bind
    client = ThreadedClient(f"{local}:{port}", watch=True, retry=0.5).start()
    shown = address or running.server.address()
    return NetFeed(client, running.codes, shown, HostConsole(running, pin))


def watch_feed(address: str, pin: str | None = None, game: Any = None) -> NetFeed:
    """A spectator's room view of the class at ``address`` (with ``pin``: the teacher's
    console too, over the network)."""
    client = ThreadedClient(address, watch=pin is None, pin=pin, retry=1.0).start()
    feed = NetFeed(client, None, None)
    if pin is not None and game is not None:
        feed._console = ClientConsole(client, feed, game, pin)
    return feed


__all__ = ["ClientConsole", "HostConsole", "NetFeed", "WAIT", "host", "host_feed",
           "watch_feed"]
