"""The client library of a class game: an async :class:`Connection` (headless clients,
``whales join``, tests, benchmarks) and a :class:`ThreadedClient` that runs one in a
background thread with a queue (the pygame front end polls it once a frame).

>>> ws_url("192.168.1.20:8765"), ws_url("localhost"), ws_url("ws://[::1]:9000")
('ws://192.168.1.20:8765', 'ws://localhost:8765', 'ws://[::1]:9000')

A connection validates every message the server sends (:data:`~game.net.protocol.SERVER`)
and keeps the latest of each kind (:attr:`Connection.latest`): the seat's view, the room's
view, the last turn, the status and who is connected. :meth:`Connection.request` sends one
message and waits for the server's answer to it (raising :class:`ServerError` when the
server refused it); everything else the server pushes comes out of :meth:`Connection.recv`.
"""
from __future__ import annotations

import asyncio
import itertools
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from . import protocol as P

DEFAULT_PORT = 8765


class ServerError(Exception):
    """The server refused a request (its :class:`~game.net.protocol.Error`)."""

    def __init__(self, error: P.Error) -> None:
        super().__init__(f"{error.code}: {error.message}")
        self.error = error
        self.code = error.code
        self.message = error.message


class ConnectionLost(ConnectionError):
    """The connection closed (the server stopped, the network dropped, or the server said
    goodbye: ``reason``)."""

    def __init__(self, reason: str = "the connection closed") -> None:
        super().__init__(reason)
        self.reason = reason


class AddressError(ValueError):
    """An address that is not HOST, HOST:PORT or ws://HOST:PORT."""


def ws_url(address: str) -> str:
    """``HOST``, ``HOST:PORT``, ``[IPv6]:PORT`` or ``ws://…`` → a ``ws://`` URL (default port
    8765). Raises :class:`AddressError`."""
    a = address.strip()
    if not a:
        raise AddressError("an address is HOST:PORT, e.g. 192.168.1.20:8765")
    if "://" not in a:
        a = "ws://" + a
    parts = urlsplit(a)
    if parts.scheme not in ("ws", "wss"):
        raise AddressError(f"{address!r}: expected ws://HOST:PORT or HOST:PORT, not "
                           f"{parts.scheme}://")
    try:
        port = parts.port
    except ValueError:
        raise AddressError(f"{address!r}: the port is a number from 1 to 65535") from None
    host = parts.hostname
    if not host or parts.path not in ("", "/") or parts.query or parts.username:
        raise AddressError(f"{address!r}: expected HOST:PORT, e.g. 192.168.1.20:8765")
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}:{port or DEFAULT_PORT}"


Latest = dict[str, Any]


class Connection:
    """One open connection to a class server (use :meth:`open`)."""

    def __init__(self, ws: Any, url: str) -> None:
        self.ws = ws
        self.url = url
        self.welcome: P.Welcome | None = None
        self.latest: Latest = {}
        self.received: list[P.ServerMessage] | None = None   # every message, when kept
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._pushes: asyncio.Queue[Any] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None
        self.closed_reason: str | None = None
        self._viewed = asyncio.Event()

    # ------------------------------------------------------------------ opening
    @classmethod
    async def open(cls, address: str, *, code: str | None = None, token: str | None = None,
                   watch: bool = False, pin: str | None = None, timeout: float = 10.0,
                   keep: bool = False, compression: bool = True) -> "Connection":
        """Connect and say who we are: a seat's ``code``, its ``token`` (rejoin), a
        spectator (``watch``) or the teacher (``pin``). Raises :class:`ServerError` when the
        server refuses, :class:`ConnectionLost`/OSError when it cannot be reached.
        ``keep``: keep every message received in :attr:`received` (tests)."""
        first: BaseModel
        if code is not None:
            first = P.Join(code=code)
        elif token is not None:
            first = P.Rejoin(token=token)
        elif pin is not None:
            first = P.TeacherLogin(pin=pin)
        elif watch:
            first = P.Watch()
        else:
            raise ValueError("open a connection with a code, a token, a pin or watch=True")
        conn = await cls.connect(address, timeout=timeout, keep=keep, compression=compression)
        try:
            reply = await conn.request(first, timeout=timeout)
        except BaseException:
            await conn.close()
            raise
        if not isinstance(reply, P.Welcome):
            await conn.close()
            raise ConnectionLost(f"the server answered {reply.type!r} instead of welcome")
        conn.welcome = reply
        try:                          # the server sends the view right after its welcome
            await asyncio.wait_for(conn._viewed.wait(), timeout)
        except asyncio.TimeoutError:
            await conn.close()
            raise ConnectionLost("the server sent no view after its welcome") from None
        return conn

    @classmethod
    async def connect(cls, address: str, *, timeout: float = 10.0, keep: bool = False,
                      compression: bool = True) -> "Connection":
        """Only connect (the first message is the caller's: tests of a hostile client)."""
        from websockets.asyncio.client import connect
        url = ws_url(address)
        ws = await connect(url, open_timeout=timeout, max_size=P.CLIENT_MAX_FRAME_BYTES,
                           proxy=None, compression="deflate" if compression else None,
                           ping_interval=20, ping_timeout=20, close_timeout=2,
                           user_agent_header=None)
        conn = cls(ws, url)
        if keep:
            conn.received = []
        conn._reader = asyncio.get_running_loop().create_task(conn._read())
        return conn

    # ------------------------------------------------------------------ facts
    @property
    def role(self) -> str | None:
        return self.welcome.role if self.welcome else None

    @property
    def seat(self) -> str | None:
        return self.welcome.seat if self.welcome else None

    @property
    def token(self) -> str | None:
        return self.welcome.token if self.welcome else None

    @property
    def seat_view(self) -> Any:
        m = self.latest.get("seat_view")
        return m.view if m else None

    @property
    def public_view(self) -> Any:
        m = self.latest.get("public_view")
        return m.view if m else None

    @property
    def status(self) -> Any:
        m = self.latest.get("status")
        return m.status if m else None

    @property
    def closed(self) -> bool:
        return self.closed_reason is not None

    # ------------------------------------------------------------------ the reader
    async def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed
        reason = "the connection closed"
        try:
            async for raw in self.ws:
                try:
                    msg = P.SERVER.validate_json(raw)
                except ValidationError as e:
                    reason = f"the server sent a message this client cannot read: {e}"
                    break
                self._take(msg)
                if isinstance(msg, P.Bye):
                    reason = f"the server closed the connection: {msg.reason}"
        except ConnectionClosed as e:
            if e.rcvd is not None and e.rcvd.reason and "closed the connection" not in reason:
                reason = f"the connection closed: {e.rcvd.reason}"
        except Exception as e:       # noqa: BLE001 — the reader must end cleanly
            reason = f"the connection failed: {e}"
        finally:
            self.closed_reason = reason
            for fut in self._waiting.values():
                if not fut.done():
                    fut.set_exception(ConnectionLost(reason))
            self._waiting.clear()
            self._pushes.put_nowait(ConnectionLost(reason))
            self._viewed.set()

    def _take(self, msg: Any) -> None:
        if self.received is not None:
            self.received.append(msg)
        if msg.type in ("seat_view", "public_view", "turn", "status", "presence", "console"):
            self.latest[msg.type] = msg
            if msg.type in ("seat_view", "public_view"):
                self._viewed.set()
        fut = self._waiting.pop(msg.re, None) if msg.re is not None else None
        if fut is not None and not fut.done():
            fut.set_result(msg)
        else:
            self._pushes.put_nowait(msg)

    # ------------------------------------------------------------------ talking
    async def send(self, msg: BaseModel | str) -> None:
        """Send one message (a protocol model, or raw text for tests) without waiting."""
        text = msg if isinstance(msg, str) else msg.model_dump_json(exclude_none=True)
        try:
            await self.ws.send(text)
        except Exception as e:
            raise ConnectionLost(self.closed_reason or f"cannot send: {e}") from None

    async def request(self, msg: BaseModel, timeout: float = 30.0) -> Any:
        """Send ``msg`` with a fresh ``id`` and wait for the answer to it; raises
        :class:`ServerError` when the server refused it."""
        if self.closed:
            raise ConnectionLost(self.closed_reason or "closed")
        mid = next(self._ids)
        msg = msg.model_copy(update={"id": mid})
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[mid] = fut
        await self.send(msg)
        try:
            reply = await asyncio.wait_for(fut, timeout)
        finally:
            self._waiting.pop(mid, None)
        if isinstance(reply, P.Error):
            raise ServerError(reply)
        return reply

    async def recv(self, timeout: float | None = None) -> Any:
        """The next message the server pushed (not an answer to a request); raises
        :class:`ConnectionLost` once the connection has closed."""
        item = await asyncio.wait_for(self._pushes.get(), timeout)
        if isinstance(item, ConnectionLost):
            self._pushes.put_nowait(item)      # every later recv says the same
            raise item
        return item

    async def close(self) -> None:
        try:
            await self.ws.close()
        except Exception:
            pass
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 5)
            except (asyncio.TimeoutError, Exception):
                self._reader.cancel()

    async def __aenter__(self) -> "Connection":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ requests
    async def add_order(self, lever: str, target: str | None = None,
                        option: str | None = None) -> P.Ok:
        return await self.request(P.AddOrder(lever=lever, target=target, option=option))

    async def remove_order(self, index: int) -> P.Ok:
        return await self.request(P.RemoveOrder(index=index))

    async def set_orders(self, orders: list[tuple[str, str | None, str | None]]) -> P.Ok:
        return await self.request(P.SetOrders(orders=[
            P.OrderIn(lever=l, target=t, option=o) for l, t, o in orders]))

    async def end_turn(self) -> P.Ok:
        return await self.request(P.EndTurn())

    async def reopen(self) -> P.Ok:
        return await self.request(P.Reopen())

    async def computer_play(self, personality: str | None = None,
                            level: str | None = None) -> P.Ok:
        return await self.request(P.ComputerPlay(personality=personality, level=level))

    async def view(self) -> Any:
        """One's own view now: a seat's SeatView, else the room's PublicView."""
        return (await self.request(P.GetView())).view

    async def turn(self, turn: int | None = None) -> Any:
        return (await self.request(P.GetTurn(turn=turn))).view

    async def get_status(self) -> Any:
        return (await self.request(P.GetStatus())).status

    async def command(self, cmd: Any) -> Any:
        """A teacher's command (a model of :mod:`game.engine.commands`, or its dict);
        returns its CommandResult."""
        if isinstance(cmd, dict):
            from ..engine import COMMANDS
            cmd = COMMANDS.validate_python(cmd)
        return (await self.request(P.Command(command=cmd))).result

    async def console(self) -> Any:
        return (await self.request(P.GetConsole())).view

    async def ping(self) -> None:
        await self.request(P.Ping())


# ------------------------------------------------------------------------------ in a thread
@dataclass(frozen=True)
class Link:
    """A change in the connection itself, put in a :class:`ThreadedClient`'s queue beside
    the server's messages: ``connected`` (``welcome`` holds the server's Welcome),
    ``reconnecting`` (the connection dropped; trying again with the token), ``closed``
    (by :meth:`ThreadedClient.close`) or ``failed`` (the server refused, or could not be
    reached: ``message`` says why)."""

    state: Literal["connected", "reconnecting", "closed", "failed"]
    message: str = ""
    welcome: Any = None
    type: str = "link"


class ThreadedClient:
    """A :class:`Connection` on its own event loop in a background thread, for a program
    with a loop of its own (the pygame front end): :meth:`poll` drains what arrived
    (server messages and :class:`Link` changes), :meth:`send` posts a request and returns a
    ``concurrent.futures.Future`` of the answer. A dropped connection is reopened with the
    seat's token (``reconnect``), every ``retry`` seconds, until :meth:`close`.

    >>> c = ThreadedClient("localhost:1", watch=True, retry=0.01, give_up=0.0)
    >>> c.start().wait_link(10).state
    'failed'
    """

    def __init__(self, address: str, *, code: str | None = None, token: str | None = None,
                 watch: bool = False, pin: str | None = None, reconnect: bool = True,
                 retry: float = 1.0, give_up: float = 600.0) -> None:
        self.url = ws_url(address)
        self.code, self.token, self.watch, self.pin = code, token, watch, pin
        self.reconnect, self.retry, self.give_up = reconnect, retry, give_up
        self.inbox: queue.Queue[Any] = queue.Queue()
        self.conn: Connection | None = None
        self.welcome: P.Welcome | None = None
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._main, name="whales-client", daemon=True)
        self._stopping = False
        self._links: queue.Queue[Link] = queue.Queue()

    def start(self) -> "ThreadedClient":
        self.thread.start()
        return self

    def _post(self, item: Any) -> None:
        self.inbox.put(item)
        if isinstance(item, Link):
            self._links.put(item)

    def wait_link(self, timeout: float | None = None) -> Link:
        """Block until the next :class:`Link` change (the first: connected or failed)."""
        return self._links.get(timeout=timeout)

    def _main(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._run())
        finally:
            self.loop.close()

    async def _open(self) -> Connection:
        if self.token is not None:
            return await Connection.open(self.url, token=self.token)
        return await Connection.open(self.url, code=self.code, watch=self.watch, pin=self.pin)

    async def _run(self) -> None:
        import time
        first = True
        lost_at = time.monotonic()
        while not self._stopping:
            try:
                conn = await self._open()
            except ServerError as e:
                self._post(Link("failed", e.message))
                return
            except (OSError, ConnectionLost, asyncio.TimeoutError) as e:
                if first and not self.reconnect or time.monotonic() - lost_at > self.give_up:
                    self._post(Link("failed", f"cannot reach {self.url}: {e}"))
                    return
                await asyncio.sleep(self.retry)
                continue
            first = False
            self.conn = conn
            self.welcome = conn.welcome
            if conn.token:
                self.token = conn.token
            self._post(Link("connected", welcome=conn.welcome))
            # what arrived while the connection opened (the first view, the room's status)
            # waits in its queue, in order: the loop below delivers it, once
            while True:
                try:
                    self._post(await conn.recv())
                except ConnectionLost as e:
                    reason = e.reason
                    break
            self.conn = None
            if self._stopping:
                break
            if not self.reconnect or (self.token is None and not self.watch
                                      and self.pin is None):
                self._post(Link("failed", reason))
                return
            lost_at = time.monotonic()
            self._post(Link("reconnecting", reason))
            await asyncio.sleep(self.retry)
        self._post(Link("closed", "closed"))

    def send(self, msg: BaseModel) -> "Future[Any]":
        """Post a request from any thread; the Future gives the answer (or raises
        :class:`ServerError` / :class:`ConnectionLost`)."""
        async def go() -> Any:
            if self.conn is None:
                raise ConnectionLost("not connected (reconnecting)")
            return await self.conn.request(msg)
        return asyncio.run_coroutine_threadsafe(go(), self.loop)

    def poll(self) -> list[Any]:
        """Everything that arrived since the last poll (never blocks)."""
        out = []
        while True:
            try:
                out.append(self.inbox.get_nowait())
            except queue.Empty:
                return out

    def close(self, timeout: float = 5.0) -> None:
        self._stopping = True
        if self.thread.is_alive():
            async def stop() -> None:
                if self.conn is not None:
                    await self.conn.close()
            try:
                asyncio.run_coroutine_threadsafe(stop(), self.loop).result(timeout)
            except Exception:
                pass
            self.thread.join(timeout)


__all__ = ["AddressError", "Connection", "ConnectionLost", "Link", "ServerError",
           "ThreadedClient", "ws_url"]
