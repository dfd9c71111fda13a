"""A headless seat: ``whales join HOST:PORT --code C --computer [PERSONALITY]``.

The client holds the seat as a team's laptop would: it joins with the seat's code, and each
turn, once its seat view shows the turn open, asks the server's computer player to order for
it (:class:`~game.net.protocol.ComputerPlay`; the computer player reads the whole state, which
only the server has). It prints one line per turn, survives a dropped connection or a
restarted server (it rejoins with its token, the same seat and draft), waits while the class
is paused or the teacher has handed its seat to the server's computer, and ends when the game
is over.
"""
from __future__ import annotations

import asyncio
import sys
import time
from typing import Any, Callable, TextIO

from . import protocol as P
from .client import Connection, ConnectionLost, ServerError


class Seated:
    """What the computer client knows of its seat: the latest view and status."""

    def __init__(self) -> None:
        self.view: Any = None
        self.paused = False
        self.human = True
        self.asked: int | None = None       # the turn it asked the computer to play


async def play_seat(address: str, code: str | None = None, token: str | None = None, *,
                    personality: str | None = None, level: str | None = None,
                    out: TextIO | None = sys.stdout, patience: float = 120.0,
                    retry: float = 0.5, on_token: Callable[[str], None] | None = None,
                    on_turn: Callable[[Any], None] | None = None) -> int:
    """Play a seat until the game is over; returns the exit code (0: the game ended; 1: the
    connection was lost for longer than ``patience`` seconds). ServerError for a refused
    code or token."""
    conn = await Connection.open(address, code=code, token=token)
    token = conn.token
    if on_token and token:
        on_token(token)
    name = conn.welcome.name if conn.welcome else "?"
    _say(out, f"Playing {name} ({conn.seat}) at {conn.url}"
         + (f" as the computer ({personality})" if personality else " as the computer"))
    seat = Seated()
    while True:
        try:
            done = await _play(conn, seat, personality, level, out, on_turn)
            await conn.close()
            if done:
                return 0
        except ConnectionLost as e:
            _say(out, f"Connection lost ({e.reason}); rejoining with the seat's token")
        again = await _rejoin(address, token, patience, retry, out)
        if again is None:
            _say(out, f"Could not rejoin in {patience:.0f} s: giving up")
            return 1
        conn = again
        seat.asked = None


async def _rejoin(address: str, token: str | None, patience: float, retry: float,
                  out: TextIO | None) -> Connection | None:
    if token is None:
        return None
    end = time.monotonic() + patience
    while time.monotonic() < end:
        try:
            conn = await Connection.open(address, token=token, timeout=5.0)
            _say(out, "Rejoined")
            return conn
        except ServerError as e:
            if e.code != "rate_limited":
                raise
        except (OSError, ConnectionLost, asyncio.TimeoutError):
            pass
        await asyncio.sleep(retry)
    return None


async def _play(conn: Connection, seat: Seated, personality: str | None, level: str | None,
                out: TextIO | None, on_turn: Callable[[Any], None] | None) -> bool:
    """Until the game is over (True) or the connection drops (ConnectionLost)."""
    for kind in ("status", "seat_view"):
        m = conn.latest.get(kind)
        if m is not None:
            _note(seat, m)
    while True:
        if seat.view is not None and seat.view.over:
            _say(out, f"The game is over: {seat.view.name} scores {seat.view.score:.1f}")
            return True
        if _should_play(seat):
            seat.asked = seat.view.turn
            try:
                await conn.send(P.ComputerPlay(id=0, personality=personality, level=level))
            except ConnectionLost:
                raise
        msg = await conn.recv()
        if isinstance(msg, P.Error):
            if msg.code in ("paused", "forbidden", "game_over"):
                if msg.code == "forbidden":
                    seat.human = False       # the teacher gave the seat to the computer
                elif msg.code == "paused":
                    seat.paused = True       # the status that resumes the class says so
                seat.asked = None
                continue
            if msg.code != "out_of_order":
                _say(out, f"Refused: {msg.message}")
                seat.asked = None
                await asyncio.sleep(0.2)
            continue
        if isinstance(msg, P.TurnMsg):
            v = msg.view
            if on_turn:
                on_turn(v)
            _say(out, f"Turn {v.turn} ({v.date}): {len(v.news)} news, digest {v.digest[:12]}")
        _note(seat, msg)


def _note(seat: Seated, msg: Any) -> None:
    if isinstance(msg, P.SeatViewMsg):
        seat.view = msg.view
        if msg.view.submitted or msg.view.turn != seat.asked:
            seat.asked = None        # played (a new turn, or after a rewind or a reopen)
    elif isinstance(msg, P.StatusMsg):
        seat.paused = msg.status.paused
        me = next((s for s in msg.status.seats if seat.view is not None
                   and s.actor == seat.view.viewer), None)
        if me is not None:
            seat.human = me.human


def _should_play(seat: Seated) -> bool:
    v = seat.view
    return (v is not None and not v.over and not v.submitted and not seat.paused
            and seat.human and seat.asked is None)


def _say(out: TextIO | None, line: str) -> None:
    if out is not None:
        try:
            print(line, file=out, flush=True)
        except (OSError, ValueError):
            pass


__all__ = ["play_seat"]
