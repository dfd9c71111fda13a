"""The game server: one class game, headless and authoritative, over WebSockets.

``whales serve SCENARIO`` (or :func:`start_in_thread` from the teacher's window) runs one
:class:`~game.session.Session` — the same session the pygame front end drives — and lets
each team's laptop play its seat over the network (:mod:`game.net.protocol`):

* every seat has a short code (six unambiguous letters); a client joins with it and gets a
  token that brings it back to the same seat, with the same draft, after a drop or a server
  restart;
* a seat's client is sent only what the engine built for that seat (its ``SeatView``, the
  turn's ``TurnView`` through its eyes); spectators (the projector) and the teacher get the
  room's ``PublicView``; the server filters nothing itself;
* orders go through the session (``Session.add`` → ``Game.check_orders``, the one order
  check) into the seat's draft on the server, saved as they are made; the turn resolves when
  every person's seat has ended its turn (or the timer runs out: the seat passes with its
  draft, or the computer plays it, ``on_time_up``; or the teacher ends a seat's turn or
  hands the seat to the computer);
* the game autosaves every accepted order and every turn (``Session.autosave``), and the
  seat codes and token hashes beside it (``*.server.json``), so ``whales serve --resume
  SAVE`` continues the same game with the same codes;
* teachers' commands come from a connection that gave the PIN, as the session's typed
  commands (``Session.teacher``);
* limits: message size (:data:`~game.net.protocol.MAX_MESSAGE_BYTES`, frames
  :data:`~game.net.protocol.MAX_FRAME_BYTES`), a per-connection message rate, wrong codes,
  tokens and PINs per address, connections in all, time to say who one is; a client that
  does not read is dropped rather than buffered for ever. Nothing from the network is
  unpickled or evaluated: every message is JSON validated by the protocol's models.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import secrets
import socket
import sys
import threading
import time
import traceback
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..atomic import write_atomic
from ..engine import (ACTORS, HUMAN, IllegalOrderError, Order, Seat, SeatError, check_seat,
                      parse_seat)
from ..replay import ReplayError
from ..session import Session
from . import protocol as P

log = logging.getLogger("whales.server")

DEFAULT_PORT = 8765
MAX_CONNECTIONS = 256
"""Connections at once (six teams on two laptops each, a projector, a class of watchers)."""
MAX_WAITING_PER_ADDRESS = 16
"""Connections from one address that have not yet said who they are."""
MAX_PER_SEAT = 4
"""Connections to one seat at once (a team's laptops); a fifth closes the oldest."""
JOIN_TIMEOUT = 30.0
"""Seconds a new connection has to say who it is."""
RATE = 20.0
"""Messages a second a connection may send, on average ..."""
BURST = 60.0
"""... and at once."""
FLOOD_CLOSE = 600
"""Messages refused for flooding before the server closes the connection."""
GUESSES = 10
"""Wrong codes, tokens or PINs an address may try at once ..."""
GUESS_REFILL = 6.0
"""... and then one more every this many seconds (10 a minute)."""
SLOW_CLIENT_BYTES = 32 * 1024 * 1024
"""A client that has not read this much of what it was sent is dropped."""
TICK = 0.25
"""How often the round timer is looked at (seconds)."""
FLUSH_DELAY = 0.5
"""Seconds within which a save written at once is also flushed to disk (see
:meth:`GameServer._autosave`)."""
"""How often the round timer is looked at (seconds)."""

OnTimeUp = Literal["pass", "autoplay"]


# ------------------------------------------------------------------------------ seat codes
class ServerRecord(BaseModel):
    """What a restarted server needs besides the save: the seat codes and the hashes of the
    tokens given out (``<save>.server.json`` beside the autosave)."""

    model_config = ConfigDict(extra="forbid", strict=True)
    format: Literal["shrimp-between-whales/server"] = "shrimp-between-whales/server"
    format_version: Literal[1] = 1
    codes: dict[Annotated[str, Field(pattern="^(" + "|".join(ACTORS) + ")$")],
                Annotated[str, Field(pattern=f"^[{P.CODE_ALPHABET}]{{{P.CODE_LENGTH}}}$")]]
    tokens: dict[str, Annotated[list[Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]],
                                Field(max_length=64)]] = {}
    on_time_up: OnTimeUp = "pass"


def new_code(taken: set[str]) -> str:
    while True:
        code = "".join(secrets.choice(P.CODE_ALPHABET) for _ in range(P.CODE_LENGTH))
        if code not in taken:
            return code


def new_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for a in ACTORS:
        codes[a] = new_code(set(codes.values()))
    return codes


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def record_path(save: Path) -> Path:
    """Where a save's seat codes are kept: ``auto-….json`` → ``auto-….server.json``."""
    save = Path(save)
    return save.with_name(save.name.removesuffix(".json") + ".server.json")


def load_record(save: Path) -> ServerRecord | None:
    """The seat codes kept beside ``save`` (None when there are none); ReplayError when the
    file is there but not ours."""
    p = record_path(save)
    if not p.exists():
        return None
    try:
        return ServerRecord.model_validate_json(p.read_bytes())
    except (OSError, ValidationError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ReplayError(f"{p}: not a server record of seat codes: {first}") from None


# ------------------------------------------------------------------------------ limits
class Bucket:
    """A token bucket: ``take()`` is False once more than ``burst`` were taken faster than
    ``rate`` a second."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float]) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.level = burst
        self.at = clock()

    def _fill(self) -> None:
        now = self.clock()
        self.level = min(self.burst, self.level + (now - self.at) * self.rate)
        self.at = now

    def take(self, n: float = 1.0) -> bool:
        self._fill()
        if self.level >= n:
            self.level -= n
            return True
        return False

    def empty(self) -> bool:
        self._fill()
        return self.level < 1.0

    def wait(self) -> float:
        """Seconds until one more may be taken."""
        self._fill()
        return max(0.0, (1.0 - self.level) / self.rate) if self.rate else float("inf")


class Guard:
    """Wrong codes, tokens and PINs, per address: ``GUESSES`` at once, then one every
    ``GUESS_REFILL`` seconds. While an address has none left, every attempt from it (right
    or wrong) is refused, so guessing cannot go faster than the limit."""

    def __init__(self, clock: Callable[[], float], guesses: int = GUESSES,
                 refill: float = GUESS_REFILL) -> None:
        self.clock = clock
        self.guesses, self.refill = guesses, refill
        self.buckets: dict[str, Bucket] = {}

    def _bucket(self, ip: str) -> Bucket:
        b = self.buckets.get(ip)
        if b is None:
            if len(self.buckets) > 4096:           # forget full buckets (they hold nothing)
                for k in [k for k, v in self.buckets.items() if v.level >= v.burst][:2048]:
                    del self.buckets[k]
            b = self.buckets[ip] = Bucket(1.0 / self.refill, self.guesses, self.clock)
        return b

    def blocked(self, ip: str) -> float:
        """0 when ``ip`` may try; else the seconds until it may."""
        b = self._bucket(ip)
        return b.wait() if b.empty() else 0.0

    def wrong(self, ip: str) -> None:
        self._bucket(ip).take()


class Refused(Exception):
    """A request refused: an :class:`~game.net.protocol.Error` goes back, nothing changed."""

    def __init__(self, code: P.ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: P.ErrorCode = code
        self.message = message


# ------------------------------------------------------------------------------ connections
@dataclass(eq=False)
class Conn:
    ws: Any
    ip: str
    bucket: Bucket
    number: int
    role: P.Role | None = None
    seat: str | None = None
    flooded: int = 0
    flood_told: float = -1e9
    opened: float = 0.0


@dataclass
class ServerOptions:
    """How a server runs (the CLI's flags)."""

    host: str | None = None              # None: every interface
    port: int = DEFAULT_PORT
    on_time_up: OnTimeUp = "pass"
    exit_when_over: bool = False         # stop once the game is over (tests, benchmarks)
    compression: bool = True             # permessage-deflate (Wi-Fi likes it)
    quiet: bool = False
    clock: Callable[[], float] = time.monotonic
    guesses: int = GUESSES
    guess_refill: float = GUESS_REFILL
    rate: float = RATE
    burst: float = BURST


class GameServer:
    """One class game served over WebSockets (see the module's docstring)."""

    def __init__(self, session: Session, record: ServerRecord | None = None,
                 options: ServerOptions | None = None) -> None:
        self.session = session
        self.options = options or ServerOptions()
        self._save = session.autosave           # the session's own (durable by default)
        self._durable_due = False
        session.autosave = self._autosave       # type: ignore[method-assign]
        if record is None:
            record = ServerRecord(codes=new_codes(), on_time_up=self.options.on_time_up)
        self.record = record
        self.options.on_time_up = record.on_time_up
        self.codes: dict[str, str] = dict(record.codes)
        self.tokens: dict[str, list[str]] = {a: list(t) for a, t in record.tokens.items()}
        self.clock = self.options.clock
        self.guard = Guard(self.clock, self.options.guesses, self.options.guess_refill)
        self.conns: set[Conn] = set()
        self._numbers = 0
        self.port: int | None = None
        self.done: asyncio.Event | None = None      # made on the loop, in start()
        self._server: Any = None
        self._advancing = False
        self.turn_times: deque[float] = deque(maxlen=200)
        self.started = time.time()
        self._start_turn_clock()
        self.save_record()

    # ------------------------------------------------------------------ construction
    @classmethod
    def new(cls, scenario_text: str, source: str, seed: int, *,
            seats: dict[str, str] | None = None, overrides: list[str] | None = None,
            saves_dir: Path | None = None, name: str = "", pin: str | None = None,
            timer: int = 0, timer_per: Literal["team", "turn"] = "turn",
            options: ServerOptions | None = None) -> "GameServer":
        """A new game: every seat a person's (a team's laptop) unless ``seats`` gives it to
        the computer."""
        opts = options or ServerOptions()
        all_seats: dict[str, str] = {a: HUMAN for a in ACTORS}
        all_seats.update(seats or {})
        session = Session.new(scenario_text, source, seed, all_seats, overrides=overrides,
                              saves_dir=saves_dir, name=name, pin=pin, clock=opts.clock)
        if timer:
            from ..engine import SetTimer
            session.teacher(SetTimer(seconds=timer, per=timer_per))
        return cls(session, None, opts)

    @classmethod
    def resume(cls, save: Path, *, saves_dir: Path | None = None,
               options: ServerOptions | None = None) -> "GameServer":
        """The game in ``save`` (an autosave of a server, or any save), with the seat codes
        kept beside it (new ones when there are none). ReplayError: one clear message."""
        save = Path(save)
        opts = options or ServerOptions()
        session = Session.load(save, saves_dir=saves_dir or save.parent, clock=opts.clock)
        record = load_record(save)
        if record is None and session.autosave_path != save:
            record = load_record(session.autosave_path)
        return cls(session, record, opts)

    # ------------------------------------------------------------------ facts
    @property
    def game(self):
        return self.session.game

    def url(self, host: str | None = None) -> str:
        h = host or self.options.host or lan_address()
        if ":" in h and not h.startswith("["):
            h = f"[{h}]"
        return f"ws://{h}:{self.port}"

    def address(self, host: str | None = None) -> str:
        return self.url(host).removeprefix("ws://")

    def save_record(self) -> None:
        """Write the seat codes and token hashes beside the autosave (atomically, 0600)."""
        self.record = ServerRecord(codes=self.codes, tokens=self.tokens,
                                   on_time_up=self.options.on_time_up)
        path = record_path(self.session.autosave_path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, self.record.model_dump_json(indent=1))
            path.chmod(0o600)
        except OSError as e:
            self.session.autosave_error = f"could not save the seat codes: {e}"

    def _say(self, text: str) -> None:
        if not self.options.quiet:
            print(text, file=sys.stderr, flush=True)

    # ------------------------------------------------------------------ running
    async def start(self) -> None:
        """Listen (``options.host``/``port``; port 0: any free one, see :attr:`port`)."""
        from websockets.asyncio.server import serve
        self.done = asyncio.Event()
        self._server = await serve(
            self._handler, self.options.host, self.options.port,
            max_size=P.MAX_FRAME_BYTES, max_queue=16,
            compression=None, extensions=_deflate() if self.options.compression else None,
            ping_interval=20, ping_timeout=20, open_timeout=10, close_timeout=2,
            server_header=None, logger=logging.getLogger("whales.server.ws"))
        socks = list(self._server.sockets)
        self.port = socks[0].getsockname()[1] if socks else self.options.port
        self._ticker = asyncio.get_running_loop().create_task(self._tick())
        self._advance_soon()

    async def wait(self) -> None:
        assert self.done is not None
        await self.done.wait()

    async def stop(self) -> None:
        """Tell every client, close every connection, stop listening (the game is saved)."""
        self._send_all(P.Bye(reason="the server is stopping; the game is saved"))
        if getattr(self, "_ticker", None):
            self._ticker.cancel()
        if self._server is not None:
            self._server.close()
            try:
                await asyncio.wait_for(self._server.wait_closed(), 5)
            except (asyncio.TimeoutError, Exception):
                pass
        self._durable_due = False
        self._save(durable=True)
        if self.done is not None:
            self.done.set()

    async def run(self, on_ready: Callable[["GameServer"], None] | None = None) -> None:
        """Start, call ``on_ready``, serve until stopped (or the game is over with
        ``exit_when_over``)."""
        await self.start()
        if on_ready:
            on_ready(self)
        try:
            await self.wait()
        finally:
            if self._server is not None and self._server.is_serving():
                await self.stop()

    # ------------------------------------------------------------------ sending
    def _send(self, conns: Any, msg: BaseModel | str) -> None:
        from websockets.asyncio.server import broadcast
        text = msg if isinstance(msg, str) else msg.model_dump_json()
        live = []
        for c in conns:
            t = getattr(c.ws, "transport", None)
            if t is not None and t.get_write_buffer_size() > SLOW_CLIENT_BYTES:
                self._drop(c, "the client does not read what it is sent")
                continue
            live.append(c.ws)
        if live:
            broadcast(live, text)

    def _reply(self, conn: Conn, msg: BaseModel) -> None:
        self._send([conn], msg)

    def _send_all(self, msg: BaseModel) -> None:
        self._send([c for c in self.conns if c.role], msg)

    def _drop(self, conn: Conn, reason: str) -> None:
        try:
            from websockets.asyncio.server import broadcast
            broadcast([conn.ws], P.Bye(reason=reason).model_dump_json())
        except Exception:
            pass
        asyncio.get_running_loop().create_task(conn.ws.close(1008, reason[:120]))

    def _seat_conns(self, actor: str) -> list[Conn]:
        return [c for c in self.conns if c.role == "seat" and c.seat == actor]

    def _room_conns(self) -> list[Conn]:
        return [c for c in self.conns if c.role in ("spectator", "teacher")]

    def push_seat(self, actor: str) -> None:
        conns = self._seat_conns(actor)
        if conns:
            self._send(conns, P.SeatViewMsg(view=self.session.seat_view(actor)))

    def push_seats(self) -> None:
        for a in ACTORS:
            self.push_seat(a)

    def push_public(self) -> None:
        conns = self._room_conns()
        if conns:
            self._send(conns, P.PublicViewMsg(view=self.game.public_view()))

    def push_status(self) -> None:
        self._send_all(P.StatusMsg(status=self.session.status()))

    def presence(self) -> P.Presence:
        seats: dict[str, int] = {a: 0 for a in ACTORS}
        spec = teach = 0
        for c in self.conns:
            if c.role == "seat" and c.seat:
                seats[c.seat] += 1
            elif c.role == "spectator":
                spec += 1
            elif c.role == "teacher":
                teach += 1
        return P.Presence(seats=seats, spectators=spec, teachers=teach)

    def push_presence(self) -> None:
        self._send_all(self.presence())

    def push_everything(self) -> None:
        self.push_seats()
        self.push_public()
        self.push_status()

    def push_turn(self) -> None:
        """A turn resolved: its news first (each seat through its own eyes, the room the
        public's), then — once the news is on its way and the turn is on disk — the new
        views."""
        g = self.game
        for a in ACTORS:
            conns = self._seat_conns(a)
            if conns:
                self._send(conns, P.TurnMsg(view=g.turn_view(None, a)))
        room = self._room_conns()
        if room:
            self._send(room, P.TurnMsg(view=g.turn_view(None, None)))
        asyncio.get_running_loop().call_soon(self.push_everything)

    # ------------------------------------------------------------------ saving
    def _autosave(self, durable: bool = True) -> Path | None:
        """The session's autosave, on the server: every change is written at once (the file
        replaced atomically, so a killed server loses nothing), and the flush to disk
        (fsync, 20 ms or more) that a durable save adds follows within :data:`FLUSH_DELAY`,
        once for everything done meanwhile, after the answers and the news have gone."""
        if not durable:
            return self._save(durable=False)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return self._save(durable=True)
        path = self._save(durable=False)
        if not self._durable_due:
            self._durable_due = True
            loop.call_later(FLUSH_DELAY, self._flush)
        return path

    def _flush(self) -> None:
        if self._durable_due:
            self._durable_due = False
            self._save(durable=True)

    # ------------------------------------------------------------------ the turn
    def _start_turn_clock(self) -> None:
        """Every person's seat orders at once: the round timer runs from the turn's start."""
        for a in self.session.humans:
            if a not in self.game.pending:
                self.session.begin_seat(a)

    def _advance_soon(self) -> None:
        if not self._advancing:
            self._advancing = True
            asyncio.get_running_loop().call_soon(self._advance)

    def _advance(self) -> None:
        """Resolve the turn when every person's seat has ended its turn (one turn per call:
        a game of computer seats alone goes on turn by turn without holding the loop)."""
        self._advancing = False
        s = self.session
        if s.ready():
            t0 = time.perf_counter()
            report = s.resolve()
            self._start_turn_clock()
            self.push_turn()
            self.turn_times.append(time.perf_counter() - t0)
            self._say(f"Turn {report.turn} ({report.date}) resolved"
                      + (": the game is over" if report.over else ""))
            if s.ready():
                self._advance_soon()
        if self.game.over and self.options.exit_when_over and self.done is not None \
                and not self.done.is_set():
            asyncio.get_running_loop().call_later(0.2, self._finish)

    def _finish(self) -> None:
        asyncio.get_running_loop().create_task(self.stop())

    async def _tick(self) -> None:
        """The round timer: when it runs out, every person's seat still ordering passes
        with its draft (``on_time_up="pass"``) or the computer plays it this turn
        (``"autoplay"``)."""
        while True:
            await asyncio.sleep(TICK)
            try:
                self._check_timer()
            except Exception:           # the server goes on whatever happens here
                log.error("timer: %s", traceback.format_exc())

    def _check_timer(self) -> None:
        s = self.session
        left = s.time_left()
        if left is None or left > 0 or s.paused or self.game.over:
            return
        late = [a for a in s.humans if a not in self.game.pending]
        for a in late:
            self._time_up(a)
        if late:
            self._say("Time is up: " + ", ".join(self.game.rules.name(a) for a in late)
                      + (" passed with their queued orders" if self.options.on_time_up == "pass"
                         else " played by the computer this turn"))
            self.push_everything()
            self._advance_soon()

    def _time_up(self, actor: str) -> None:
        s, g = self.session, self.game
        if self.options.on_time_up == "autoplay":
            seat = parse_seat(s.seats[actor]) if not s.is_human(actor) else Seat()
            s.drafts[actor] = g.computer_orders(actor, seat.personality, seat.level)
            s.end_seat(actor)
            return
        from ..engine import EndSeat
        res = s.teacher(EndSeat(actor=actor))
        if not res.ok:                   # its draft no longer fits (the state moved): pass
            s.drafts[actor] = []
            s.end_seat(actor)

    # ------------------------------------------------------------------ the connection
    async def _handler(self, ws: Any) -> None:
        from websockets.exceptions import ConnectionClosed
        try:
            ip = str(ws.remote_address[0]) if ws.remote_address else "?"
        except Exception:
            ip = "?"
        self._numbers += 1
        conn = Conn(ws, ip, Bucket(self.options.rate, self.options.burst, self.clock),
                    self._numbers, opened=self.clock())
        waiting = sum(1 for c in self.conns if c.role is None and c.ip == ip)
        if len(self.conns) >= MAX_CONNECTIONS or waiting >= MAX_WAITING_PER_ADDRESS:
            why = (f"the server has {MAX_CONNECTIONS} connections already"
                   if len(self.conns) >= MAX_CONNECTIONS else
                   f"{waiting} connections from this address have not joined yet")
            try:
                await ws.send(P.Error(code="server_full", message=why).model_dump_json())
                await ws.close(1013, "server full")
            except Exception:
                pass
            return
        self.conns.add(conn)
        loop = asyncio.get_running_loop()
        timeout = loop.call_later(JOIN_TIMEOUT, self._join_timeout, conn)
        try:
            async for raw in ws:
                self._on_message(conn, raw)
        except ConnectionClosed:
            pass
        except Exception:
            log.error("connection %s: %s", conn.number, traceback.format_exc())
        finally:
            timeout.cancel()
            self.conns.discard(conn)
            if conn.role:
                if conn.role == "seat" and not self.game.over:
                    self._say(f"{self.game.rules.name(conn.seat)} left (its seat and draft "
                              f"are kept)")
                self.push_presence()

    def _join_timeout(self, conn: Conn) -> None:
        if conn.role is None and conn in self.conns:
            self._drop(conn, f"no join, rejoin, watch or teacher message in "
                             f"{JOIN_TIMEOUT:.0f} seconds")

    def _on_message(self, conn: Conn, raw: str | bytes) -> None:
        if not conn.bucket.take():
            conn.flooded += 1
            now = self.clock()
            if conn.flooded >= FLOOD_CLOSE:
                self._drop(conn, "too many messages (flooding)")
            elif now - conn.flood_told >= 1.0:
                conn.flood_told = now
                self._reply(conn, P.Error(code="flood", message=(
                    f"too many messages: at most {self.options.rate:.0f} a second (bursts of "
                    f"{self.options.burst:.0f}); this one was not read")))
            return
        mid: int | None = None
        try:
            if isinstance(raw, (bytes, bytearray, memoryview)):
                raise Refused("malformed", "binary frames are not read: send JSON text")
            if len(raw) > P.MAX_MESSAGE_BYTES or (
                    len(raw) * 4 > P.MAX_MESSAGE_BYTES
                    and len(raw.encode("utf-8", "surrogatepass")) > P.MAX_MESSAGE_BYTES):
                raise Refused("too_large", f"message over {P.MAX_MESSAGE_BYTES} bytes; "
                                           f"not read")
            try:
                msg = P.CLIENT.validate_json(raw)
            except ValidationError as e:
                mid = _peek_id(raw)
                code, text = P.first_error(e)
                raise Refused(code, text) from None
            mid = msg.id
            self._dispatch(conn, msg)
        except Refused as r:
            self._reply(conn, P.Error(re=mid, code=r.code, message=r.message))
        except Exception:
            log.error("message on connection %s: %s", conn.number, traceback.format_exc())
            self._reply(conn, P.Error(re=mid, code="malformed", message=(
                "the server could not carry this out (an internal error, logged)")))

    def _dispatch(self, conn: Conn, msg: Any) -> None:
        kind = msg.type
        if kind in P.FIRST_MESSAGES:
            if conn.role is not None:
                raise Refused("already_joined", f"this connection is already "
                              f"{_role_text(conn, self)}; open another to {kind}")
            if msg.protocol != P.PROTOCOL_VERSION:
                raise Refused("protocol", f"this server speaks protocol "
                              f"{P.PROTOCOL_VERSION}, the client {msg.protocol}: update the "
                              f"game on one of them")
        elif conn.role is None:
            raise Refused("not_joined", "say who you are first: join (a seat's code), rejoin "
                                        "(its token), watch, or teacher (the PIN)")
        getattr(self, "_on_" + kind)(conn, msg)

    # ------------------------------------------------------------------ who one is
    def _check_guard(self, conn: Conn) -> None:
        wait = self.guard.blocked(conn.ip)
        if wait > 0:
            raise Refused("rate_limited", f"too many wrong codes, tokens or PINs from this "
                                          f"address: try again in {wait:.0f} s")

    def _seat_welcome(self, conn: Conn, msg: Any, actor: str, token: str | None) -> None:
        mine = self._seat_conns(actor)
        if len(mine) >= MAX_PER_SEAT:
            oldest = min(mine, key=lambda c: c.number)
            self._drop(oldest, f"a newer connection took {self.game.rules.name(actor)}'s "
                               f"seat")
            oldest.role = None
        conn.role, conn.seat = "seat", actor
        g = self.game
        self._reply(conn, P.Welcome(re=msg.id, role="seat", seat=actor,
                                    name=g.rules.name(actor), token=token,
                                    game=self.session.name, scenario=g.scenario.title))
        self._reply(conn, P.SeatViewMsg(view=self.session.seat_view(actor)))
        if g.reports:
            self._reply(conn, P.TurnMsg(view=g.turn_view(None, actor)))
        self._reply(conn, P.StatusMsg(status=self.session.status()))
        self.push_presence()
        self._say(f"{g.rules.name(actor)} joined")

    def _on_join(self, conn: Conn, msg: P.Join) -> None:
        self._check_guard(conn)
        code = P.normal_code(msg.code)
        actor = None
        for a, c in self.codes.items():       # compare every code, in constant time
            if hmac.compare_digest(c.encode(), code.encode()) and actor is None:
                actor = a
        if actor is None:
            self.guard.wrong(conn.ip)
            raise Refused("bad_code", "no seat has this code: check it with your teacher "
                                      "(six letters, e.g. KXT MPA)")
        token = secrets.token_urlsafe(24)
        toks = self.tokens.setdefault(actor, [])
        toks.append(token_hash(token))
        del toks[:-16]
        self.save_record()
        self._seat_welcome(conn, msg, actor, token)

    def _on_rejoin(self, conn: Conn, msg: P.Rejoin) -> None:
        self._check_guard(conn)
        h = token_hash(msg.token)
        actor = None
        for a, hs in self.tokens.items():
            for x in hs:
                if hmac.compare_digest(x, h) and actor is None:
                    actor = a
        if actor is None:
            self.guard.wrong(conn.ip)
            raise Refused("bad_token", "no seat has this token (join again with your "
                                       "seat's code)")
        self._seat_welcome(conn, msg, actor, msg.token)

    def _on_watch(self, conn: Conn, msg: P.Watch) -> None:
        conn.role = "spectator"
        self._room_welcome(conn, msg)

    def _on_teacher(self, conn: Conn, msg: P.TeacherLogin) -> None:
        if not self.session.locked:
            raise Refused("no_teacher", "this server has no PIN, so the teacher's console is "
                                        "not open over the network (start it with --pin)")
        self._check_guard(conn)
        if not self.session.check_pin(msg.pin):
            self.guard.wrong(conn.ip)
            raise Refused("bad_pin", "wrong PIN")
        conn.role = "teacher"
        self._room_welcome(conn, msg)
        self._reply(conn, P.ConsoleMsg(view=self.session.console_view()))
        self._say("The teacher's console connected")

    def _room_welcome(self, conn: Conn, msg: Any) -> None:
        g = self.game
        assert conn.role is not None
        self._reply(conn, P.Welcome(re=msg.id, role=conn.role, game=self.session.name,
                                    scenario=g.scenario.title))
        self._reply(conn, P.PublicViewMsg(view=g.public_view()))
        if g.reports:
            self._reply(conn, P.TurnMsg(view=g.turn_view(None, None)))
        self._reply(conn, P.StatusMsg(status=self.session.status()))
        self.push_presence()

    # ------------------------------------------------------------------ a seat's orders
    def _my_seat(self, conn: Conn, what: str, actor: str | None = None) -> str:
        if conn.role != "seat" or conn.seat is None:
            raise Refused("forbidden", f"only a seat's client may {what} (this connection is "
                                       f"{_role_text(conn, self)})")
        if actor is not None and actor != conn.seat:
            raise Refused("forbidden", f"you play {self.game.rules.name(conn.seat)}: you "
                                       f"cannot {what} for {self.game.rules.name(actor)}")
        return conn.seat

    def _can_order(self, actor: str) -> None:
        s, g = self.session, self.game
        if g.over:
            raise Refused("game_over", "the game is over")
        if not s.is_human(actor):
            raise Refused("forbidden", f"{g.rules.name(actor)} is played by the server's "
                                       f"computer now (the teacher can hand it back)")
        if s.paused:
            raise Refused("paused", "the teacher has paused the class")
        if actor in g.pending:
            raise Refused("out_of_order", "you have ended your turn: reopen it to change your "
                                          "orders")

    def _draft_changed(self, actor: str) -> None:
        if self.session.ready():
            return            # the turn resolves now: its news and new views follow at once
        self.push_seat(actor)
        self.push_status()

    def _on_add_order(self, conn: Conn, msg: P.AddOrder) -> None:
        actor = self._my_seat(conn, "order", msg.actor)
        self._can_order(actor)
        why = self.session.add(Order(actor, msg.lever, msg.target, msg.option))
        if why:
            raise Refused("illegal_order", why)
        self._reply(conn, P.Ok(re=msg.id, message=f"queued: "
                               f"{self.game.rules.lever_name(msg.lever)}"))
        self._draft_changed(actor)

    def _on_remove_order(self, conn: Conn, msg: P.RemoveOrder) -> None:
        actor = self._my_seat(conn, "change orders")
        self._can_order(actor)
        n = len(self.session.draft(actor))
        if msg.index >= n:
            raise Refused("not_found", f"no order {msg.index} in your draft (it has {n})")
        self.session.remove(actor, msg.index)
        self._reply(conn, P.Ok(re=msg.id, message="removed"))
        self._draft_changed(actor)

    def _on_set_orders(self, conn: Conn, msg: P.SetOrders) -> None:
        actor = self._my_seat(conn, "order")
        self._can_order(actor)
        orders = [Order(actor, o.lever, o.target, o.option) for o in msg.orders]
        problems = self.game.check_orders(actor, orders)
        if problems:
            p = problems[0]
            where = f"order {p.index + 1}: " if p.index is not None else ""
            raise Refused("illegal_order", where + p.message)
        self.session.drafts[actor] = orders
        self.session.autosave(durable=False)
        self._reply(conn, P.Ok(re=msg.id, message=f"{len(orders)} orders queued"))
        self._draft_changed(actor)

    def _on_end_turn(self, conn: Conn, msg: P.EndTurn) -> None:
        actor = self._my_seat(conn, "end a turn")
        self._can_order(actor)
        try:
            self.session.end_seat(actor)
        except IllegalOrderError as e:
            raise Refused("illegal_order", str(e)) from None
        self._reply(conn, P.Ok(re=msg.id, message="turn ended"))
        self._draft_changed(actor)
        self._advance_soon()

    def _on_reopen(self, conn: Conn, msg: P.Reopen) -> None:
        actor = self._my_seat(conn, "reopen a turn")
        s, g = self.session, self.game
        if g.over:
            raise Refused("game_over", "the game is over")
        if actor not in g.pending:
            raise Refused("out_of_order", "you have not ended your turn")
        if not s.is_human(actor):
            raise Refused("forbidden", f"{g.rules.name(actor)} is played by the server's "
                                       f"computer now")
        s.drafts[actor] = g.withdraw(actor)
        if actor in s.ended:
            s.ended.remove(actor)
        s.autosave()
        self._reply(conn, P.Ok(re=msg.id, message="turn reopened: your orders are back in "
                                                  "your draft"))
        self._draft_changed(actor)

    def _on_computer_play(self, conn: Conn, msg: P.ComputerPlay) -> None:
        actor = self._my_seat(conn, "play")
        self._can_order(actor)
        try:
            seat = Seat(personality=msg.personality, level=msg.level)
            why = check_seat(self.game.scenario, actor, seat)
        except SeatError as e:
            why = str(e)
        if why:
            raise Refused("malformed", why)
        orders = self.game.computer_orders(actor, msg.personality, msg.level)
        self.session.drafts[actor] = orders
        self.session.end_seat(actor)
        self._reply(conn, P.Ok(re=msg.id, message=f"the computer ordered {len(orders)} "
                               f"order{'s' if len(orders) != 1 else ''}"))
        self._draft_changed(actor)
        self._advance_soon()

    # ------------------------------------------------------------------ reading
    def _on_get_view(self, conn: Conn, msg: P.GetView) -> None:
        if conn.role == "seat":
            actor = self._my_seat(conn, "see a seat's view", msg.seat)
            self._reply(conn, P.SeatViewMsg(re=msg.id, view=self.session.seat_view(actor)))
            return
        if msg.seat is not None:
            raise Refused("forbidden", "a seat's view goes only to that seat's client")
        self._reply(conn, P.PublicViewMsg(re=msg.id, view=self.game.public_view()))

    def _on_get_turn(self, conn: Conn, msg: P.GetTurn) -> None:
        viewer = conn.seat if conn.role == "seat" else None
        try:
            view = self.game.turn_view(msg.turn, viewer)
        except IllegalOrderError as e:
            raise Refused("not_found", str(e)) from None
        self._reply(conn, P.TurnMsg(re=msg.id, view=view))

    def _on_get_status(self, conn: Conn, msg: P.GetStatus) -> None:
        self._reply(conn, P.StatusMsg(re=msg.id, status=self.session.status()))

    def _on_ping(self, conn: Conn, msg: P.Ping) -> None:
        self._reply(conn, P.Pong(re=msg.id))

    # ------------------------------------------------------------------ the teacher
    def _teacher_only(self, conn: Conn) -> None:
        if conn.role != "teacher":
            raise Refused("forbidden", "teacher's commands come only from the teacher's "
                                       "console (connect with the PIN)")

    def _on_get_console(self, conn: Conn, msg: P.GetConsole) -> None:
        self._teacher_only(conn)
        self._reply(conn, P.ConsoleMsg(re=msg.id, view=self.session.console_view()))

    def _on_command(self, conn: Conn, msg: P.Command) -> None:
        self._teacher_only(conn)
        result = self.teacher(msg.command)
        self._reply(conn, P.CommandDone(re=msg.id, result=result))

    def teacher(self, cmd: Any) -> Any:
        """Carry out a teacher's command (the session's one handler) and tell every client
        what changed; the in-process console (``whales play --host``) calls this too."""
        result = self.session.teacher(cmd)
        if result.ok:
            if cmd.action in ("set_timer", "rewind"):
                self._start_turn_clock()
            self._say(f"Teacher: {result.message}")
            self.push_everything()
            self.push_presence()
            self._advance_soon()
        return result


DEFLATE_LEVEL = 1
"""zlib's level for permessage-deflate: a seat's 50 KB view compresses to about a sixth at
level 1 in a third of the time of zlib's default (6), which compresses it to about a
seventh; every connection compresses its own copy, so the time counts 36 times a turn."""


def _deflate() -> list[Any]:
    from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory
    return [ServerPerMessageDeflateFactory(server_max_window_bits=12, client_max_window_bits=12,
                                           compress_settings={"memLevel": 5,
                                                              "level": DEFLATE_LEVEL})]


def _role_text(conn: Conn, server: GameServer) -> str:
    if conn.role == "seat" and conn.seat:
        return f"{server.game.rules.name(conn.seat)}'s seat"
    return {"spectator": "a spectator", "teacher": "the teacher's console"}.get(
        conn.role or "", "not joined yet")


def _peek_id(raw: str) -> int | None:
    """The ``id`` of a message that did not validate, if it has a usable one."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    v = data.get("id") if isinstance(data, dict) else None
    return v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2 ** 31 else None


def lan_address() -> str:
    """This machine's address on the local network, as another laptop would reach it (no
    packet is sent), else its host name."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(("10.255.255.255", 1))
        ip = s.getsockname()[0]
        return ip if ip and not ip.startswith("0.") else socket.gethostname()
    except OSError:
        return socket.gethostname()
    finally:
        s.close()


# ------------------------------------------------------------------------------ in a thread
class RunningServer:
    """A :class:`GameServer` running on its own event loop in a background thread (the
    teacher's window hosts one; tests start one). ``call(fn)`` runs ``fn(server)`` on the
    server's loop and returns its result: the only safe way to touch the session."""

    def __init__(self, server: GameServer) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self.thread = threading.Thread(target=self._main, name="whales-server", daemon=True)

    def _main(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self.server.run(lambda _: self._ready.set()))
        except BaseException as e:        # noqa: BLE001 — told to the starting thread
            self._error = e
            self._ready.set()
        finally:
            try:
                self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            finally:
                self.loop.close()

    def start(self, timeout: float = 30.0) -> "RunningServer":
        self.thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the server did not start")
        if self._error is not None:
            raise self._error
        return self

    @property
    def port(self) -> int:
        assert self.server.port is not None
        return self.server.port

    @property
    def codes(self) -> dict[str, str]:
        return dict(self.server.codes)

    def call(self, fn: Callable[[GameServer], Any], timeout: float = 30.0) -> Any:
        fut: Future[Any] = Future()

        def run() -> None:
            try:
                fut.set_result(fn(self.server))
            except BaseException as e:     # noqa: BLE001
                fut.set_exception(e)
        self.loop.call_soon_threadsafe(run)
        return fut.result(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        if self.thread.is_alive() and not self.loop.is_closed():
            try:
                asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(timeout)
            except Exception:
                pass
        self.thread.join(timeout)


def start_in_thread(server: GameServer) -> RunningServer:
    """Run ``server`` in a background thread; returns once it listens."""
    return RunningServer(server).start()


__all__ = ["DEFAULT_PORT", "GameServer", "Guard", "RunningServer", "ServerOptions",
           "ServerRecord", "lan_address", "load_record", "record_path", "start_in_thread"]
