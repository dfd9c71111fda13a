"""`whales bench --net`: the class server's figures, on loopback.

* **turn round trip**: a server (its own process, as `whales serve`) with six seats and 30
  spectators connected; each turn five seats end their turn, then the clock starts as the
  sixth sends its last order (``computer_play``) and stops when every one of the 36 clients
  has received that turn's news (its ``turn`` message). Median and 90th percentile over the
  game's turns, with permessage-deflate on (the default) and off;
* **server memory**: the server process's resident memory after starting and its peak with
  the 36 clients at the end of the game;
* **a whole game**: the same scenario and seed played by six headless computer clients
  (``play_seat``, as ``whales join --computer``) from the first join to the game's end,
  against the same game played locally (``Game.run``).

The clients are light (they read the type of each message, not its view), so the figures are
the server's and the network's, not pydantic's on the client side. All clients share this
process; nothing is asserted, the figures are printed.
"""
from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SPECTATORS = 30


def _server(scenario: str, seed: int, folder: Path, compression: bool) -> tuple[Any, dict]:
    ready = folder / f"ready-{len(list(folder.glob('ready-*')))}.json"
    args = [sys.executable, "-m", "game", "serve", scenario, "--port", "0", "--bind",
            "127.0.0.1", "--seed", str(seed), "--saves-dir", str(folder / "saves"),
            "--ready-file", str(ready)]
    if not compression:
        args.append("--no-compression")
    log = open(folder / "server.log", "a")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log)
    end = time.monotonic() + 60
    while not ready.exists():
        if proc.poll() is not None or time.monotonic() > end:
            _end(proc)
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    return proc, json.loads(ready.read_text())


def _end(proc: Any) -> None:
    """Kill the bench's server and reap it, within a bound (never a wait without one)."""
    proc.kill()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass


def _memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) of a process, in MB."""
    import psutil
    rss = psutil.Process(pid).memory_info().rss / 1e6
    peak = rss
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1e3
    except OSError:
        pass
    return rss, peak


class _Raw:
    """A light client: joins, then notes when each turn's news arrives."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.turns: dict[int, float] = {}
        self.replies: dict[int, asyncio.Future[str]] = {}
        self.got = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def read(self) -> None:
        async for raw in self.ws:
            head = raw[:48] if isinstance(raw, str) else ""
            if '"type":"turn"' in head:
                now = time.perf_counter()
                i = raw.find('"turn":', raw.find('"view"'))
                n = int(raw[i + 7:raw.find(",", i)])
                self.turns.setdefault(n, now)
                self.got.set()
            elif '"re":' in head and not head.startswith('{"re":null'):
                re_ = int(head[6:head.find(",")])
                fut = self.replies.pop(re_, None)
                if fut is not None and not fut.done():
                    fut.set_result(raw)

    async def request(self, text: str, mid: int) -> str:
        fut: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.replies[mid] = fut
        await self.ws.send(text)
        return await asyncio.wait_for(fut, 60)


async def _open(url: str, first: dict, compression: bool) -> _Raw:
    from websockets.asyncio.client import connect

    from .protocol import CLIENT_MAX_FRAME_BYTES
    ws = await connect(url, max_size=CLIENT_MAX_FRAME_BYTES, proxy=None,
                       compression="deflate" if compression else None)
    c = _Raw(ws)
    c.task = asyncio.get_running_loop().create_task(c.read())
    await c.request(json.dumps({**first, "id": 1, "protocol": 1}), 1)
    return c


async def _round_trips(info: dict, spectators: int, compression: bool,
                       pid: int) -> dict[str, float]:
    url = f"ws://127.0.0.1:{info['port']}"
    seats = [await _open(url, {"type": "join", "code": c}, compression)
             for c in info["codes"].values()]
    watchers = [await _open(url, {"type": "watch"}, compression) for _ in range(spectators)]
    everyone = seats + watchers
    import psutil
    server = psutil.Process(pid)
    times: list[float] = []
    cpu: list[float] = []
    mem_start = _memory_mb(pid)
    mid = 100
    turn = 1
    while True:
        for s in seats[:-1]:
            mid += 1
            reply = await s.request(json.dumps({"type": "computer_play", "id": mid}), mid)
            if '"game_over"' in reply:
                break
        else:
            mid += 1
            c0 = sum(server.cpu_times()[:2])
            t0 = time.perf_counter()
            reply = await seats[-1].request(json.dumps({"type": "computer_play",
                                                        "id": mid}), mid)
            while not all(turn in c.turns for c in everyone):
                for c in everyone:
                    c.got.clear()
                await asyncio.wait([asyncio.ensure_future(c.got.wait()) for c in everyone],
                                   timeout=30, return_when=asyncio.FIRST_COMPLETED)
            times.append(max(c.turns[turn] for c in everyone) - t0)
            cpu.append(sum(server.cpu_times()[:2]) - c0)
            turn += 1
            await asyncio.sleep(0.05)      # the views after the news, before the next turn
            continue
        break
    mem_end = _memory_mb(pid)
    for c in everyone:
        await c.ws.close()
    times.sort()
    tag = "" if compression else "_no_deflate"
    out = {f"net_turn_roundtrip_ms_median{tag}": round(statistics.median(times) * 1e3, 2),
           f"net_turn_roundtrip_ms_p90{tag}": round(times[int(0.9 * (len(times) - 1))] * 1e3,
                                                     2),
           f"net_turns_measured{tag}": float(len(times)),
           # the server's CPU time in that window (steadier than wall time on a busy
           # machine; it includes whatever else the server did meanwhile)
           f"net_turn_server_cpu_ms_median{tag}": round(statistics.median(cpu) * 1e3, 2)}
    if compression:
        out.update({"net_server_rss_mb_start": round(mem_start[0], 1),
                    "net_server_rss_mb_end": round(mem_end[0], 1),
                    "net_server_peak_rss_mb": round(mem_end[1], 1)})
    return out


async def _whole_game(info: dict, pid: int) -> tuple[float, float, float]:
    """(wall seconds, the server's CPU seconds, the clients' CPU seconds) of a whole game."""
    import psutil
    from .computer import play_seat
    server = psutil.Process(pid)
    addr = f"127.0.0.1:{info['port']}"
    c0, p0 = sum(server.cpu_times()[:2]), time.process_time()
    t0 = time.perf_counter()
    codes = await asyncio.gather(*(play_seat(addr, c, out=None)
                                   for c in info["codes"].values()))
    wall = time.perf_counter() - t0
    assert codes == [0] * len(codes)
    return wall, sum(server.cpu_times()[:2]) - c0, time.process_time() - p0


def run_net_bench(scenario: str, seed: int = 1, spectators: int = SPECTATORS,
                  without_deflate: bool = True) -> dict[str, float]:
    """Every figure of ``whales bench --net`` (see the module's docstring);
    ``without_deflate``: the round trip with compression off too."""
    from ..engine import Game, Rules, parse_scenario
    text = Path(scenario).read_text(encoding="utf-8")
    figures: dict[str, float] = {"net_clients": 6.0, "net_spectators": float(spectators),
                                 "load_average_1min": round(os.getloadavg()[0], 2),
                                 "cpus": float(os.cpu_count() or 1)}
    with tempfile.TemporaryDirectory(prefix="whales-bench-net-") as tmp:
        folder = Path(tmp)
        for compression in (True, False)[:2 if without_deflate else 1]:
            proc, info = _server(scenario, seed, folder, compression)
            try:
                figures.update(asyncio.run(_round_trips(info, spectators, compression,
                                                        proc.pid)))
            finally:
                _end(proc)
        proc, info = _server(scenario, seed, folder, True)
        try:
            net_s, server_cpu, client_cpu = asyncio.run(_whole_game(info, proc.pid))
        finally:
            _end(proc)
    rules = Rules(parse_scenario(text, scenario))
    local, local_cpu = [], []
    for _ in range(3):
        t0, p0 = time.perf_counter(), time.process_time()
        turns = len(Game(rules, seed).run())
        local.append(time.perf_counter() - t0)
        local_cpu.append(time.process_time() - p0)
    figures.update({"net_game_turns": float(turns),
                    "net_game_s_6_clients": round(net_s, 3),
                    "net_game_server_cpu_s": round(server_cpu, 3),
                    "net_game_clients_cpu_s": round(client_cpu, 3),
                    "local_game_s": round(statistics.median(local), 3),
                    "local_game_cpu_s": round(statistics.median(local_cpu), 3),
                    "net_game_vs_local": round(net_s / statistics.median(local), 2),
                    "load_average_1min_end": round(os.getloadavg()[0], 2)})
    return figures


__all__ = ["run_net_bench"]
