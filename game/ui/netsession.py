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

from ..engine import (CommandResult, Game, IllegalOrderError, Order, PublicView, TurnReport,
                      rules_for)
from ..resources import resolve_scenario
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




# ------------------------------------------------------------------------------ a team's laptop
class ScenarioMissing(LookupError):
    """The class plays a scenario this laptop does not have."""


def mirror_game(scenario: str) -> Game:
    """A game of the class's scenario, only for drawing: its numbers are the room's (every
    :class:`PublicView` overwrites them), its rules give names and shapes. Raises
    :class:`ScenarioMissing`."""
    path = Path(resolve_scenario(scenario))
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise ScenarioMissing(f"the class plays the scenario {scenario!r}, which this laptop "
                              f"does not have (install the same version of the game as the "
                              f"teacher's)") from None
    return Game(rules_for(text, str(path)), 0)


def _order(o: Any) -> Order:
    return Order(o.actor, o.lever, o.target, o.option)


class NetSession:
    """A team's seat on a class server, behind the calls the hotseat
    :class:`~game.session.Session` offers the screens (the main screen, the lever panel, the
    order queue, the news), so the screens never know the difference: the seat's own
    :class:`SeatView` and news come from its seat connection, each order is added to the
    draft the server keeps (answered before the screen goes on), and the map, tracks and
    dashboards read :attr:`game`, a drawing copy of the scenario whose numbers are the
    room's public view (a spectator's connection beside the seat's). Nothing here decides
    a rule: the server checks every order."""

    def __init__(self, seat_client: ThreadedClient, room_client: ThreadedClient,
                 welcome: P.Welcome, first: list[Any]) -> None:
        self.client = seat_client
        self.room = room_client
        self.welcome = welcome
        self.seat: str = welcome.seat or ""
        self.sv: Any = None
        self.st: ClassroomStatus | None = None
        self.pv: PublicView | None = None
        self.turns: list[Any] = []           # TurnViews waiting for the room's numbers
        self.last_turn: Any = None
        self.link = "connected"
        self.link_message = ""
        self.notes: list[str] = []
        self.autosave_error: str | None = None
        self.game: Game | None = None
        self.first_turn: int | None = None
        for m in first:
            self._take(m)

    # ------------------------------------------------------------------ the network
    def _take(self, m: Any) -> str | None:
        if isinstance(m, Link):
            self.link, self.link_message = m.state, m.message
            if m.state == "connected" and m.welcome is not None:
                self.welcome = m.welcome
            return "link"
        if m.type == "seat_view":
            self.sv = m.view
            if self.first_turn is None:
                self.first_turn = m.view.turn
            return "seat_view"
        if m.type == "status":
            self.st = m.status
            return "status"
        if m.type == "turn":
            self.turns.append(m.view)
        return None

    def _take_room(self, m: Any) -> None:
        if not isinstance(m, Link) and m.type == "public_view":
            self.pv = m.view
            if self.game is None:
                self.game = mirror_game(m.view.scenario)
            st = self.game.state
            st.values.clear()
            st.values.update(m.view.values)
            st.turn, st.over, st.war = m.view.turn, m.view.over, m.view.war

    def poll(self) -> list[str]:
        """Read what arrived; returns what changed: "link", "seat_view", "status" and
        "turn" (a turn resolved after this seat joined: show its news)."""
        for m in self.room.poll():
            self._take_room(m)
        out = [k for k in (self._take(m) for m in self.client.poll()) if k]
        while self.turns and self.pv is not None and self.game is not None and (
                self.pv.turn > self.turns[0].turn or self.pv.over):
            tv = self.turns.pop(0)
            g = self.game
            if not any(r.turn == tv.turn for r in g.reports):
                orders: dict[str, list[Order]] = {}
                for o in tv.orders:
                    orders.setdefault(o.actor, []).append(_order(o))
                g.reports.append(TurnReport(tv.turn, tv.date, orders, [], tv.digest,
                                            dict(tv.scores), tv.over, tv.war))
                g.history.append(dict(self.pv.values))
                g.score_history.append(dict(tv.scores))
                if self.first_turn is not None and tv.turn >= self.first_turn:
                    out.append("turn")        # new news (not the last turn's, sent again
            self.last_turn = tv               # on a rejoin)
        return out

    @property
    def ready_to_play(self) -> bool:
        return self.sv is not None and self.game is not None and self.st is not None

    def _ask(self, msg: Any) -> Any:
        return self.client.send(msg).result(WAIT)

    def _refresh(self) -> None:
        self.sv = self._ask(P.GetView()).view

    def banner(self) -> str | None:
        """A connection problem, or the seat's orders sent and waiting, in words."""
        if self.link == "reconnecting":
            return f"Connection to the class lost: reconnecting…\n{self.link_message}"
        if self.link == "failed":
            return f"Disconnected from the class\n{self.link_message}"
        if self.sv is not None and self.sv.submitted and not self.sv.over:
            st = self.st
            n = f" ({st.ordered} of {st.people} teams have ordered)" if st else ""
            return f"Orders sent: waiting for the other teams{n}\nU takes them back"
        return None

    # ------------------------------------------------------------------ what screens call
    @property
    def humans(self) -> list[str]:
        return [self.seat]

    @property
    def current(self) -> str | None:
        return self.seat

    @property
    def name(self) -> str:
        return self.welcome.game

    @property
    def paused(self) -> bool:
        return bool(self.st and self.st.paused)

    @property
    def locked(self) -> bool:
        return True

    def check_pin(self, pin: str) -> bool:
        return False                     # the console is on the teacher's laptop

    def is_human(self, actor: str) -> bool:
        return actor == self.seat or bool(self.st and any(
            s.actor == actor and s.human for s in self.st.seats))

    def status(self) -> ClassroomStatus:
        assert self.st is not None
        return self.st

    def seat_view(self, actor: str) -> Any:
        if actor != self.seat:
            raise PermissionError("a team's laptop has only its own seat's view")
        return self.sv

    def draft(self, actor: str) -> list[Order]:
        sv = self.seat_view(actor)
        return [] if sv.submitted else [_order(o) for o in sv.orders]

    def capital(self, actor: str) -> int:
        return int(self.seat_view(actor).capital)

    def remaining(self, actor: str) -> int:
        return int(self.seat_view(actor).capital_left)

    def check(self, order: Order) -> str | None:
        return None                       # the server checks it when it is added

    def add(self, order: Order) -> str | None:
        """Add to the draft kept on the server: None, or why it was refused."""
        try:
            self._ask(P.AddOrder(lever=order.lever, target=order.target, option=order.option))
        except ServerError as e:
            return e.message
        except (ConnectionLost, TimeoutError) as e:
            return f"not sent: the connection to the class is down ({e})"
        self._refresh()
        return None

    def remove(self, actor: str, index: int) -> None:
        try:
            self._ask(P.RemoveOrder(index=index))
            self._refresh()
        except (ServerError, ConnectionLost, TimeoutError):
            pass

    def begin_seat(self, actor: str | None) -> None:
        pass

    def end_seat(self, actor: str) -> None:
        try:
            self._ask(P.EndTurn())
        except ServerError as e:
            raise IllegalOrderError(e.message) from None
        except (ConnectionLost, TimeoutError) as e:
            raise IllegalOrderError(f"not sent: the connection to the class is down ({e})"
                                    ) from None
        self._refresh()

    def can_reopen(self) -> str | None:
        return self.seat if self.sv is not None and self.sv.submitted and not self.sv.over \
            else None

    def reopen(self, actor: str) -> bool:
        try:
            self._ask(P.Reopen())
            self._refresh()
        except (ServerError, ConnectionLost, TimeoutError):
            return False
        return True

    def ready(self) -> bool:
        return False                      # the server resolves the turn

    def turn_view(self, turn: int | None = None) -> Any:
        return self.last_turn

    def computer_orders(self, view: Any) -> list[Any]:
        return [o for o in view.orders if o.actor != self.seat]

    def teacher(self, cmd: Any) -> CommandResult:
        return CommandResult(action=cmd.action, ok=False,
                             message="the teacher's console is on the teacher's laptop")

    @property
    def autosave_path(self) -> Path:
        return Path("the class server")

    def autosave(self, durable: bool = True) -> None:
        return None                       # the server saves every order as it is made

    def new_save_path(self) -> Path:
        return Path("the class server")

    def save(self, path: Path, durable: bool = True) -> Path:
        raise OSError("the class's game is saved on the teacher's laptop, every order as it "
                      "is made")

    def to_replay(self) -> None:
        """No replay on a team's laptop: the class's replay (and its debrief, ranked against
        the computer) is the server's, on the teacher's laptop; the end screen shows the
        scores without them."""
        return None

    def close(self) -> None:
        self.client.close()
        self.room.close()


def join(address: str, code: str) -> tuple[ThreadedClient, ThreadedClient, P.Welcome,
                                           list[Any]]:
    """Open a seat's connection with ``code`` and a spectator's beside it; returns them
    with the seat's welcome and what arrived with it. ServerError (a wrong code: its
    message), ConnectionLost when the class cannot be reached."""
    seat = ThreadedClient(address, code=code, retry=1.0).start()
    first = seat.wait_link(WAIT + 5)
    if first.state != "connected":
        seat.close()
        raise ConnectionLost(first.message)
    room = ThreadedClient(address, watch=True, retry=1.0).start()
    return seat, room, first.welcome, seat.poll()


__all__ = ["ClientConsole", "HostConsole", "NetFeed", "NetSession", "ScenarioMissing", "WAIT",
           "host", "host_feed", "join", "mirror_game", "watch_feed"]
