"""The class server over real sockets on 127.0.0.1 (issue 11): whole games with headless
computer seats match local games turn by turn, drops and restarts lose nothing, a hostile
client is refused at every step and sees nothing of another seat.

Servers listen on 127.0.0.1 with an ephemeral port (0). No wall-clock asserts: the limits
are tested with a hand-driven clock.
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import end_child
from game.engine import Game, Order, Rules, parse_scenario
from game.net import protocol as P
from game.net.client import Connection, ConnectionLost, Link, ServerError, ThreadedClient, ws_url
from game.net.server import (GameServer, ServerOptions, load_record, record_path,
                             start_in_thread)
from game.replay import load_replay, verify

ROOT = Path(__file__).resolve().parent.parent
SANDBOX = ROOT / "scenarios" / "sandbox.yaml"
TEXT = SANDBOX.read_text()
WHALES = [sys.executable, "-m", "game"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def served(tmp_path):
    running = []

    def make(seed: int = 3, clock=None, **kw):
        opts = ServerOptions(host="127.0.0.1", port=0, quiet=True,
                             clock=clock or time.monotonic)
        srv = GameServer.new(TEXT, str(SANDBOX), seed, saves_dir=tmp_path, options=opts, **kw)
        rs = start_in_thread(srv)
        running.append(rs)
        return rs

    yield make
    for rs in running:
        rs.stop()


def local_digests(seed: int, seats: dict[str, str] | None = None) -> list[str]:
    g = Game(Rules(parse_scenario(TEXT, str(SANDBOX))), seed)
    return [r.digest for r in g.run(seats=seats)]


def _wait_file(path: Path, proc: subprocess.Popen, timeout: float = 60.0) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if path.exists():
            return json.loads(path.read_text())
        if proc.poll() is not None:
            raise AssertionError(f"server exited {proc.returncode}: "
                                 f"{proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.05)
    raise AssertionError("the server did not start")


_STARTED: list[subprocess.Popen] = []


def _start(argv: list[str], **kw) -> subprocess.Popen:
    """A child process that is ended (killed if still running) when the test ends, passed
    or failed: a wait that timed out fails the test and leaves no server behind."""
    proc = subprocess.Popen(argv, start_new_session=True, **kw)
    _STARTED.append(proc)
    return proc


@pytest.fixture(autouse=True)
def _end_children():
    yield
    while _STARTED:
        end_child(_STARTED.pop())


def _serve(tmp_path: Path, *args: str, name: str = "ready.json") -> tuple[subprocess.Popen, dict]:
    ready = tmp_path / name
    proc = _start(WHALES + ["serve", *args, "--port", "0", "--bind", "127.0.0.1",
                            "--ready-file", str(ready)],
                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
                  cwd=tmp_path)
    return proc, _wait_file(ready, proc)


# ------------------------------------------------------------------------------ whole games
def test_six_computer_clients_match_the_local_game_and_the_replay_verifies(tmp_path):
    seed = 11
    seats = {a: "computer" for a in ("us", "russia", "china", "dprk", "rok", "japan")}
    seats["dprk"] = "computer:balanced@random"
    proc, info = _serve(tmp_path, str(SANDBOX), "--seed", str(seed), "--saves-dir",
                        str(tmp_path / "saves"), "--exit-when-over")
    addr = f"127.0.0.1:{info['port']}"
    joins = []
    for actor, code in info["codes"].items():
        extra = ["--computer", "balanced", "--level", "random"] if actor == "dprk" \
            else ["--computer"]
        joins.append(_start(WHALES + ["join", addr, "--code", code.lower(), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=ENV))
    outs = [j.communicate(timeout=240) for j in joins]
    assert [j.returncode for j in joins] == [0] * 6, outs
    proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr.read()
    want = local_digests(seed, seats)
    for out, _ in outs:                  # every client saw the same turns, in order
        seen = [line.split("digest ")[1] for line in out.splitlines() if "digest " in line]
        assert seen == [d[:12] for d in want]
        assert "The game is over" in out
    rp = load_replay(info["autosave"])
    assert [t.digest for t in rp.turns] == want
    assert verify(rp).ok
    assert rp.finished


def test_whales_join_refuses_bad_input(tmp_path, served):
    rs = served()
    r = subprocess.run(WHALES + ["join", f"127.0.0.1:{rs.port}", "--code", "AAAAAA",
                                 "--computer"], capture_output=True, text=True, env=ENV)
    assert r.returncode == 2 and "no seat has this code" in r.stderr
    r = subprocess.run(WHALES + ["join", "http://x:1", "--code", "A", "--computer"],
                       capture_output=True, text=True, env=ENV)
    assert r.returncode == 2 and "expected ws://HOST:PORT" in r.stderr
    r = subprocess.run(WHALES + ["join", "127.0.0.1:1", "--code", "A"],
                       capture_output=True, text=True, env=ENV)
    assert r.returncode == 2 and "--computer" in r.stderr


# ------------------------------------------------------------------------------ faults
def test_a_dropped_client_rejoins_with_its_token_to_the_same_draft(served):
    rs = served()
    code = rs.codes["russia"]

    async def body():
        a = await Connection.open(f"127.0.0.1:{rs.port}", code=code)
        assert a.seat == "russia" and a.token
        await a.add_order("ship_to_ship_fuel", "dprk")
        await a.add_order("denounce", "us")
        before = await a.view()
        a.ws.transport.abort()                   # the laptop's lid closes: no goodbye
        with pytest.raises(ConnectionLost):
            while True:
                await a.recv(timeout=10)
        # the turn waits: nothing resolved, the draft kept on the server
        assert rs.call(lambda s: (s.game.turn, [o.lever for o in s.session.draft("russia")])) \
            == (1, ["ship_to_ship_fuel", "denounce"])
        b = await Connection.open(f"127.0.0.1:{rs.port}", token=a.token)
        assert b.seat == "russia"
        after = await b.view()
        assert after.orders == before.orders and after.capital_left == before.capital_left
        # a wrong token is refused, and the right code still works (a new token)
        with pytest.raises(ServerError, match="no seat has this token"):
            await Connection.open(f"127.0.0.1:{rs.port}", token="x" * 32)
        c = await Connection.open(f"127.0.0.1:{rs.port}", code=code)
        assert c.token != a.token and [o.lever for o in c.seat_view.orders] == \
            ["ship_to_ship_fuel", "denounce"]
        await b.close()
        await c.close()
    asyncio.run(body())


def test_the_timer_moves_on_a_seat_that_does_not_order(served):
    clock = FakeClock()
    rs = served(clock=clock, timer=60)

    async def body():
        addr = f"127.0.0.1:{rs.port}"
        conns = {a: await Connection.open(addr, code=c) for a, c in rs.codes.items()}
        await conns["rok"].add_order("denounce", "dprk")
        for a, c in conns.items():
            if a not in ("rok", "japan"):
                await c.computer_play()
        assert rs.call(lambda s: s.game.turn) == 1          # the turn waits for two teams
        clock.t += 61                                        # time is up: they pass
        for _ in range(1200):
            if rs.call(lambda s: s.game.turn) == 2:
                break
            await asyncio.sleep(0.05)
        rp = rs.call(lambda s: s.session.to_replay())
        assert rp.turns[0].orders["rok"][0].lever == "denounce"
        assert rp.turns[0].orders.get("japan", []) == []
        for c in conns.values():
            await c.close()
    asyncio.run(body())


def test_the_teacher_hands_a_seat_to_the_servers_computer(served):
    rs = served(pin="2468")

    async def body():
        addr = f"127.0.0.1:{rs.port}"
        with pytest.raises(ServerError, match="wrong PIN"):
            await Connection.open(addr, pin="1111")
        t = await Connection.open(addr, pin="2468")
        assert t.role == "teacher"
        seats = {a: await Connection.open(addr, code=c) for a, c in rs.codes.items()
                 if a != "japan"}
        for c in seats.values():
            await c.computer_play()
        assert rs.call(lambda s: s.game.turn) == 1           # Japan's team has gone
        res = await t.command({"action": "set_seat", "actor": "japan",
                               "seat": "computer:balanced"})
        assert res.ok and "computer" in res.message
        for _ in range(1200):
            if rs.call(lambda s: s.game.turn) == 2:
                break
            await asyncio.sleep(0.05)
        assert rs.call(lambda s: s.game.turn) == 2
        console = await t.console()
        assert console.status.turn == 2
        for _ in range(9):                                    # guessing the PIN
            with pytest.raises(ServerError, match="wrong PIN"):
                await Connection.open(addr, pin="0000")
        with pytest.raises(ServerError, match="too many wrong"):
            await Connection.open(addr, pin="2468")
        for c in [t, *seats.values()]:
            await c.close()
    asyncio.run(body())


def test_killed_server_resumes_with_the_same_codes_drafts_and_game(tmp_path):
    saves = tmp_path / "saves"
    proc, info = _serve(tmp_path, str(SANDBOX), "--seed", "4", "--saves-dir", str(saves))
    addr = f"127.0.0.1:{info['port']}"
    tokens: dict[str, str] = {}

    async def first():
        ru = await Connection.open(addr, code=info["codes"]["russia"])
        await ru.add_order("ship_to_ship_fuel", "dprk")
        us = await Connection.open(addr, code=info["codes"]["us"])
        await us.computer_play()
        others = {a: await Connection.open(addr, code=info["codes"][a])
                  for a in ("china", "dprk", "rok", "japan")}
        tokens.update({"russia": ru.token, "us": us.token,
                       **{a: c.token for a, c in others.items()}})
        for c in (ru, us, *others.values()):
            await c.close()
    asyncio.run(first())
    proc.send_signal(signal.SIGKILL)               # mid-turn: one draft, one seat done
    proc.wait(timeout=30)
    before = json.loads(record_path(Path(info["autosave"])).read_text())["codes"]
    proc2, info2 = _serve(tmp_path, "--resume", info["autosave"], "--exit-when-over",
                          name="ready2.json")
    assert info2["codes"] == info["codes"] == before
    assert info2["autosave"] == info["autosave"]
    addr2 = f"127.0.0.1:{info2['port']}"

    async def second():
        conns = {a: await Connection.open(addr2, token=t) for a, t in tokens.items()}
        assert [o.lever for o in conns["russia"].seat_view.orders] == ["ship_to_ship_fuel"]
        assert conns["us"].seat_view.submitted and not conns["russia"].seat_view.submitted
        await conns["russia"].end_turn()
        for a, c in conns.items():
            if a not in ("us", "russia"):
                await c.computer_play()
        # and on to the end, every seat played by the server's computer player
        while True:
            msgs = await asyncio.gather(*(_turn_or_end(c) for c in conns.values()))
            if any(m is None for m in msgs):
                break
        for c in conns.values():
            await c.close()
    asyncio.run(second())
    proc2.wait(timeout=60)
    rp = load_replay(info["autosave"])
    assert rp.finished and len(rp.turns) == 10
    assert rp.turns[0].orders["russia"][0].lever == "ship_to_ship_fuel"
    assert verify(rp).ok


async def _turn_or_end(c: Connection):
    """Play this seat's turn when its view opens; None once the game is over."""
    while True:
        v = c.seat_view
        if v.over:
            return None
        if not v.submitted:
            try:
                await c.computer_play()
            except ServerError as e:
                assert e.code in ("out_of_order", "game_over")
        try:
            m = await c.recv(timeout=60)
        except ConnectionLost:
            return None
        if isinstance(m, P.TurnMsg):
            return m


# ------------------------------------------------------------------------------ a hostile client
def _walk(node, seen_by: str | None, where: str, problems: list[str],
          detected: set) -> None:
    """Every place in a message where another seat's secret could be: news it may not
    read, another seat's view, another seat's unresolved orders or covert operations."""
    if isinstance(node, dict):
        if "audience" in node and "headline" in node:          # a news item
            if seen_by is None and not node["public"]:
                problems.append(f"{where}: private news to the room: {node['headline']}")
            if seen_by is not None and seen_by not in node["audience"]:
                problems.append(f"{where}: news for {node['audience']}: {node['headline']}")
        if "lever_name" in node and node.get("covert") and seen_by not in (
                node.get("actor"), node.get("target")) and (
                node["actor"], node["lever"], node["target"]) not in detected:
            problems.append(f"{where}: another seat's covert order {node['lever']}")
        if "viewer" in node and where.startswith(("seat_view", "turn")) \
                and node["viewer"] != seen_by:
            problems.append(f"{where}: a view for {node['viewer']}")
        if "detected_turn" in node and seen_by not in (node["actor"], node["target"]) \
                and node["detected_turn"] is None:
            problems.append(f"{where}: an undetected covert operation")
        for k, v in node.items():
            _walk(v, seen_by, where, problems, detected)
    elif isinstance(node, list):
        for v in node:
            _walk(v, seen_by, where, problems, detected)


def assert_nothing_leaks(received, seat: str | None, secrets: list[str],
                         detected: set = frozenset()) -> None:
    """``detected``: the covert operations (actor, lever, target) found out, which everyone
    may see."""
    problems: list[str] = []
    for m in received:
        text = m.model_dump_json()
        for s in secrets:
            if s and s in text:
                problems.append(f"{m.type}: contains a secret {s[:6]}…")
        if m.type == "seat_view":
            assert m.view.viewer == seat
            for o in m.view.orders:
                assert o.actor == seat
        _walk(json.loads(text), seat, m.type, problems, detected)
    assert not problems, problems


def test_a_hostile_client_is_refused_and_sees_nothing_of_another_seat(served):
    clock = FakeClock()
    rs = served(clock=clock)
    addr = f"127.0.0.1:{rs.port}"
    codes = rs.codes

    async def body():
        # Russia, the victim: a covert order in its draft, then a turn with private news
        ru = await Connection.open(addr, code=codes["russia"])
        await ru.add_order("ship_to_ship_fuel", "dprk")
        for a in ("us", "china", "dprk", "japan"):
            c = await Connection.open(addr, code=codes[a])
            await c.computer_play()
            await c.close()
        rok = await Connection.open(addr, code=codes["rok"], keep=True)
        await ru.end_turn()
        await rok.computer_play()
        while rs.call(lambda s: s.game.turn) < 2:
            await asyncio.sleep(0.02)
        await ru.add_order("tech_help", "dprk")            # a covert draft for turn 2
        state = rs.call(lambda s: (s.game.digest(), dict(s.game.pending),
                                   {a: list(d) for a, d in s.session.drafts.items()},
                                   len(s.game.actions)))

        h = await Connection.connect(addr, keep=True)
        spy = await Connection.connect(addr, keep=True)

        async def refused(conn, msg, code):
            mid = 900 + len(conn.received or [])
            await conn.send(msg if isinstance(msg, str) else msg.model_copy(update={"id": mid}))
            while True:
                m = await conn.recv(timeout=10)
                if m.type == "error":
                    assert m.code == code, m
                    assert m.message
                    return m
        # out of order: anything before saying who one is
        await refused(h, P.AddOrder(lever="denounce", target="us"), "not_joined")
        await refused(h, P.GetView(seat="russia"), "not_joined")
        # garbage, unknown, oversized, binary
        await refused(h, "this is not json", "malformed")
        await refused(h, "[1, 2, 3]", "malformed")
        await refused(h, '{"type": "join", "code": 5}', "malformed")
        await refused(h, '{"type": "join", "code": "A", "admin": true}', "malformed")
        await refused(h, '{"type": "steal_view", "seat": "russia"}', "unknown_type")
        await refused(h, '{"type": "ping", "id": 1, "pad": "' + "x" * 20000 + '"}',
                      "too_large")
        await h.ws.send(b"\x80\x04\x95 pickle")
        while (m := await h.recv(timeout=10)).type != "error":
            pass
        assert m.code == "malformed" and "binary" in m.message
        await refused(h, P.Join(code="AAAAAA", protocol=2), "protocol")
        # guessing codes: ten wrong ones, then even the right one waits
        for i in range(10):
            m = await refused(h, P.Join(code=f"XXXXX{P.CODE_ALPHABET[i]}"), "bad_code")
        await refused(h, P.Join(code=codes["russia"]), "rate_limited")
        await refused(spy, P.Rejoin(token=ru.token), "rate_limited")   # same address
        clock.t += 7.0                                       # one more guess, later
        await refused(h, P.Join(code="YYYYYY"), "bad_code")
        await refused(h, P.Join(code="YYYYYY"), "rate_limited")
        clock.t += 100.0
        await refused(spy, P.TeacherLogin(pin="1234"), "no_teacher")   # no PIN: no console
        # as South Korea: nothing of Russia's
        await refused(rok, P.AddOrder(lever="denounce", target="us", actor="russia"),
                      "forbidden")
        await refused(rok, P.GetView(seat="russia"), "forbidden")
        await refused(rok, P.Command(command={"action": "reveal_orders"}), "forbidden")
        await refused(rok, P.Command(command={"action": "set_seat", "actor": "russia",
                                              "seat": "computer"}), "forbidden")
        await refused(rok, P.GetConsole(), "forbidden")
        await refused(rok, P.Join(code=codes["russia"]), "already_joined")
        await refused(rok, P.AddOrder(lever="no_such_lever"), "illegal_order")
        await refused(rok, P.RemoveOrder(index=5), "not_found")
        await refused(rok, P.Reopen(), "out_of_order")
        await refused(rok, P.GetTurn(turn=7), "not_found")
        await refused(rok, '{"type": "command", "command": {"action": "rewind", '
                           '"to_turn": 1, "evil": "__import__(\'os\')"}}', "malformed")
        # a spectator sees the room's view only
        w = await Connection.open(addr, watch=True, keep=True)
        await refused(w, P.GetView(seat="russia"), "forbidden")
        await refused(w, P.AddOrder(lever="denounce", target="us"), "forbidden")
        await refused(w, P.EndTurn(), "forbidden")
        # flooding: a burst past the limit is refused, the connection survives it
        clock.t += 10.0                                       # a full bucket to start with
        for _ in range(120):
            await rok.send(P.Ping(id=1))
        errors = pongs = 0
        while pongs + errors < 61:
            m = await rok.recv(timeout=10)
            if m.type == "pong":
                pongs += 1
            elif m.type == "error":
                assert m.code == "flood" and "too many messages" in m.message
                errors += 1
        assert pongs == 60 and errors == 1                   # one notice a second at most
        clock.t += 10.0
        await rok.ping()                                      # and it goes on afterwards
        # an oversized frame closes that connection only
        big = await Connection.connect(addr)
        await big.send('{"type": "ping", "pad": "' + "x" * (P.MAX_FRAME_BYTES + 10) + '"}')
        with pytest.raises(ConnectionLost, match="frame exceeds limit"):
            await big.recv(timeout=10)
        # the server is up, the game unchanged, and Russia still plays
        await ru.ping()
        assert rs.call(lambda s: (s.game.digest(), dict(s.game.pending),
                                  {a: list(d) for a, d in s.session.drafts.items()},
                                  len(s.game.actions))) == state
        await asyncio.sleep(0.2)
        secrets = [codes["russia"], ru.token, codes["us"], codes["china"]]
        found = rs.call(lambda s: {(op.actor, op.lever, op.target) for op in
                                   s.game.state.covert if op.detected_turn is not None})
        assert_nothing_leaks(rok.received, "rok", secrets, found)
        assert_nothing_leaks(h.received, None, secrets, found)
        assert_nothing_leaks(spy.received, None, secrets, found)
        assert_nothing_leaks(w.received, None, secrets, found)
        assert any(m.type == "turn" for m in rok.received)   # it did get its own news
        for c in (ru, rok, h, spy, w, big):
            await c.close()
    asyncio.run(body())


def test_a_leak_would_be_seen():
    """The leak check itself: another seat's covert order or private news fails it."""
    g = Game(Rules(parse_scenario(TEXT, str(SANDBOX))), 3)
    g.submit("russia", [Order("russia", "ship_to_ship_fuel", "dprk")])
    g.play_turn()
    private = [n for n in g.turn_view(None, "russia").news if not n.public]
    assert private
    with pytest.raises(AssertionError, match="news for"):
        assert_nothing_leaks([P.TurnMsg(view=g.turn_view(None, "russia"))], "rok", [])
    with pytest.raises(AssertionError):
        assert_nothing_leaks([P.SeatViewMsg(view=g.seat_view("russia"))], "rok", [])
    with pytest.raises(AssertionError, match="covert order"):
        assert_nothing_leaks([P.TurnMsg(view=g.turn_view(None, "all"))], "rok", [])


# ------------------------------------------------------------------------------ the library
def test_threaded_client_for_a_gui(served):
    rs = served()
    tc = ThreadedClient(f"127.0.0.1:{rs.port}", code=rs.codes["japan"]).start()
    link = tc.wait_link(20)
    assert link.state == "connected" and link.welcome.seat == "japan"
    ok = tc.send(P.AddOrder(lever="denounce", target="dprk")).result(20)
    assert ok.type == "ok"
    with pytest.raises(ServerError, match="illegal_order"):
        tc.send(P.AddOrder(lever="denounce", target="japan")).result(20)
    deadline = time.monotonic() + 20
    views = []
    while time.monotonic() < deadline and not any(
            m.type == "seat_view" and m.view.orders for m in views):
        views += tc.poll()
        time.sleep(0.02)
    assert any(m.type == "seat_view" and [o.lever for o in m.view.orders] == ["denounce"]
               for m in views)
    tc.close()


def test_threaded_client_delivers_each_message_once(served):
    """What arrives while the connection opens (the seat's first view, the room's status) is
    delivered once: the client used to post the latest of each kind and then the same
    messages again from the connection's queue, so a front end drew its first view twice
    and a console printed its first lines twice."""
    rs = served()
    tc = ThreadedClient(f"127.0.0.1:{rs.port}", code=rs.codes["japan"]).start()
    try:
        assert tc.wait_link(20).state == "connected"
        msgs: list = []
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            msgs += [m for m in tc.poll() if not isinstance(m, Link)]
            time.sleep(0.02)
        assert any(m.type == "seat_view" for m in msgs)
        assert len({id(m) for m in msgs}) == len(msgs), [m.type for m in msgs]
    finally:
        tc.close()


def test_addresses_and_codes():
    assert ws_url("10.0.0.5") == "ws://10.0.0.5:8765"
    assert ws_url(" host:99 ") == "ws://host:99"
    for bad in ("", "http://x", "host:notaport", "ws://h:1/path"):
        with pytest.raises(ValueError):
            ws_url(bad)
    assert P.normal_code("kxt-mpa") == "KXTMPA" and P.show_code("KXTMPA") == "KXT MPA"
    assert not set("BGILOQSZ012568") & set(P.CODE_ALPHABET)


def test_server_record_is_checked(tmp_path):
    save = tmp_path / "g.json"
    record_path(save).write_text('{"format": "nope"}')
    from game.replay import ReplayError
    with pytest.raises(ReplayError, match="not a server record"):
        load_record(save)


def test_bench_net_prints_its_figures():
    """`whales bench --net`'s figures (a small run: the sandbox, two spectators)."""
    from game.net.bench import run_net_bench
    f = run_net_bench(str(SANDBOX), seed=2, spectators=2, without_deflate=False)
    for key in ("net_turn_roundtrip_ms_median", "net_server_peak_rss_mb", "net_game_s_6_clients", "local_game_s"):
        assert f[key] > 0, key
    assert f["net_turns_measured"] == f["net_game_turns"] == 10


def test_the_teachers_console_from_a_terminal(served):
    rs = served(pin="2468")
    addr = f"127.0.0.1:{rs.port}"
    env = {**ENV, "WHALES_PIN": "2468"}
    r = subprocess.run(WHALES + ["join", addr, "--teacher", "--command",
                                 '{"action": "set_seat", "actor": "japan", "seat": "computer"}',
                                 "--command", '{"action": "pause"}'],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "Japan is now played by the computer" in r.stdout and "paused" in r.stdout
    assert rs.call(lambda s: (s.session.paused, s.session.seats["japan"])) == (True, "computer")
    r = subprocess.run(WHALES + ["join", addr, "--teacher"], capture_output=True, text=True,
                       env=env)
    assert r.returncode == 0 and "0 of 5 teams have ordered, paused" in r.stdout
    r = subprocess.run(WHALES + ["join", addr, "--teacher", "--command",
                                 '{"action": "rewind", "to_turn": 9}'],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 1 and "refused: cannot rewind to turn 9" in r.stdout
    r = subprocess.run(WHALES + ["join", addr, "--teacher", "--command", '{"action": "x"}'],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "--command" in r.stderr


def test_connections_that_never_join_are_limited(served):
    from game.net.server import MAX_WAITING_PER_ADDRESS
    rs = served()

    async def body():
        addr = f"127.0.0.1:{rs.port}"
        idle = [await Connection.connect(addr) for _ in range(MAX_WAITING_PER_ADDRESS)]
        extra = await Connection.connect(addr)
        m = await extra.recv(timeout=10)
        assert m.type == "error" and m.code == "server_full" and "not joined" in m.message
        await idle[0].close()
        await asyncio.sleep(0.2)
        ok = await Connection.connect(addr)           # room again once one has gone
        await ok.send(P.Watch())
        assert (await ok.recv(timeout=10)).type == "welcome"
        for c in [*idle[1:], extra, ok]:
            await c.close()
    asyncio.run(body())


def test_a_computer_seat_waits_while_the_class_is_paused(served):
    from game.net.computer import play_seat
    rs = served(pin="2468")

    async def body():
        addr = f"127.0.0.1:{rs.port}"
        t = await Connection.open(addr, pin="2468")
        await t.command({"action": "pause"})
        task = asyncio.get_running_loop().create_task(play_seat(addr, rs.codes["us"],
                                                                out=None))
        await asyncio.sleep(0.5)
        assert not rs.call(lambda s: "us" in s.game.pending)      # refused while paused
        await t.command({"action": "pause", "paused": False})
        for _ in range(1200):
            if rs.call(lambda s: "us" in s.game.pending):
                break
            await asyncio.sleep(0.05)
        assert rs.call(lambda s: "us" in s.game.pending)          # and plays once resumed
        task.cancel()
        await t.close()
    asyncio.run(body())


def test_serve_on_a_busy_port_says_so_and_leaves_no_autosave(tmp_path):
    """A port another program holds: one clear message, exit 2, and no autosave of a game
    that never opened (a resumed game's save is never touched)."""
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        saves = tmp_path / "saves"
        r = subprocess.run(WHALES + ["serve", str(SANDBOX), "--bind", "127.0.0.1", "--port",
                                     str(port), "--saves-dir", str(saves), "--seed", "1"],
                           capture_output=True, text=True, env=ENV, timeout=60)
        assert r.returncode == 2, r.stderr
        assert f"cannot listen on 127.0.0.1 port {port}" in r.stderr
        assert "address already in use" in r.stderr
        assert not saves.exists() or list(saves.iterdir()) == []
