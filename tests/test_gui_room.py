"""The room view for the projector and the class's laptops (issue 11), driven as a teacher
and a team would: synthetic keys under SDL's dummy driver, screenshots in
/work/notes/shots/netgui/ when that folder exists, else tests/screenshots/ (room_*.png).

The room view is drawn from the engine's public face only (a local session's, or a class
server's over real sockets on 127.0.0.1): the address, one code per seat, who has ordered,
the timer, the public news; never a seat's secrets.
"""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.engine import Order  # noqa: E402
from game.session import Session  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.roomfeed import LocalFeed  # noqa: E402

from test_gui_flow import Driver, kind  # noqa: E402

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent
SCEN = ROOT / "scenarios" / "vladivostok-2019.yaml"
NOTES = Path("/work/notes/shots/netgui")
SHOTS = NOTES if NOTES.is_dir() else ROOT / "tests" / "screenshots"
CODES = {"us": "KXTMPA", "china": "RWCHEJ", "dprk": "NUVDAF", "rok": "YTKMXP"}


class Room(Driver):
    def shot(self, name: str) -> Path:
        return self.app.screenshot(SHOTS / f"room_{name}.png")


def first_order(s: Session, actor: str) -> Order:
    lc = s.seat_view(actor).levers[0]
    return Order(actor, lc.lever, lc.targets[0].target, lc.targets[0].options[0].option)


def test_room_view_of_a_local_game_shows_codes_and_who_has_ordered(tmp_path):
    seats = {a: "human" for a in CODES} | {"russia": "computer", "japan": "computer"}
    s = Session.new(SCEN.read_text(), SCEN.name, 5, seats, saves_dir=tmp_path, name="Period 3")
    app = App(saves_dir=tmp_path, fps=0)
    d = Room(app)
    app.show_room(LocalFeed(s, CODES, "192.168.1.20:8765"), session=s)
    app.step()
    seen = d.texts()
    assert "192.168.1.20:8765" in seen
    assert {"KXT MPA", "RWC HEJ", "NUV DAF", "YTK MXP"} <= set(seen)
    assert "0 of 4 ordered" in seen
    d.shot("local_start")
    s.add(first_order(s, "china"))
    s.end_seat("china")
    seen = d.texts()
    assert "1 of 4 ordered" in seen and "ORDERED" in seen
    d.key(pygame.K_c)                             # codes hidden once everyone has joined
    seen = d.texts()
    assert "KXT MPA" not in seen and "Show codes  [C]" in seen
    d.key(pygame.K_c)
    assert "KXT MPA" in d.texts()
    d.key(pygame.K_m)                             # the map's shading: sanctions
    d.key(pygame.K_F2)                            # the teacher's console (no PIN here)
    assert kind(d.overlay()) == "TeacherPanel"
    d.shot("local_console")
    d.key(pygame.K_ESCAPE)
    assert not app.overlays
    for a in ("us", "dprk", "rok"):
        s.end_seat(a)
    s.resolve()
    seen = d.texts()
    assert any(t.startswith("News of turn 1") for t in seen)
    assert "Turn 2 of 16 · May 2019" in " ".join(seen) or any("Turn 2 of" in t for t in seen)
    d.shot("local_turn2")
    d.key(pygame.K_ESCAPE)                        # leaving asks first
    assert kind(d.overlay()) == "Dialog"
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "TitleScreen" and app.session is None


# ------------------------------------------------------------------------------ over the network
import time  # noqa: E402

from game.net import protocol as P  # noqa: E402
from game.net.client import ThreadedClient  # noqa: E402
from game.net.server import GameServer, ServerOptions, start_in_thread  # noqa: E402

SANDBOX = ROOT / "scenarios" / "sandbox.yaml"


def until(d: Driver, cond, what: str, frames: int = 1500) -> None:
    """Step the window (and let the network threads run) until ``cond()``; fail naming
    ``what`` only after at least ``frames`` frames AND two minutes (a bound for a hang,
    not a timing assert: on a loaded CI machine the server's thread may get little time)."""
    start = time.monotonic()
    n = 0
    while n < frames or time.monotonic() - start < 120.0:
        d.app.step()
        if cond():
            return
        time.sleep(0.01)
        n += 1
    raise AssertionError(f"never: {what}")


def covert_lever(view) -> tuple[str, str | None, str | None] | None:
    for lc in view.levers:
        if lc.covert and lc.affordable and lc.targets:
            t = lc.targets[0]
            return lc.lever, t.target, t.options[0].option if t.options else None
    return None


def test_hosted_room_view_shows_codes_presence_and_who_has_ordered(tmp_path):
    app = App(saves_dir=tmp_path, fps=0)
    d = Room(app)
    assert app.host_class(SANDBOX, 3, port=0, bind="127.0.0.1", pin="2468", name="Period 5")
    rs = app.hosted
    room = app.screen
    assert kind(room) == "RoomScreen"
    # the room is drawn from its public view and the status (two messages, which may come
    # in two polls): until both are in it says "Connecting to the class…"
    until(d, lambda: room.feed.public_view() is not None and room.feed.status() is not None,
          "the room's first view and status")
    seen = d.texts()
    codes = rs.codes
    shown = {P.show_code(c) for c in codes.values()}
    assert shown <= set(seen), "every seat's code, in large type"
    assert f"127.0.0.1:{rs.port}" in seen
    assert sum(t == "not joined" for t in seen) == 6
    d.shot("hosted_waiting")
    team = ThreadedClient(f"127.0.0.1:{rs.port}", code=codes["japan"]).start()
    try:
        assert team.wait_link(20).state == "connected"
        until(d, lambda: (room.feed.presence() or {}).get("japan") == 1, "Japan here")
        assert "ordering" in d.texts()
        assert team.send(P.AddOrder(lever="denounce", target="dprk")).result(20).type == "ok"
        until(d, lambda: any("1 drafted" in t for t in d.texts()), "Japan's draft")
        assert team.send(P.EndTurn()).result(20).type == "ok"
        until(d, lambda: "1 of 6 ordered" in d.texts(), "Japan has ordered")
        assert "ORDERED" in d.texts()
        d.shot("hosted_one_ordered")
        d.key(pygame.K_F2)                        # the console asks the PIN
        assert kind(d.overlay()) == "PinPrompt"
        for ch in "1111":
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.key.key_code(ch),
                                                 mod=0, unicode=ch))
            app.step()
        d.key(pygame.K_RETURN)
        assert kind(d.overlay()) == "PinPrompt", "a wrong PIN opens nothing"
        for ch in "2468":
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.key.key_code(ch),
                                                 mod=0, unicode=ch))
            app.step()
        d.key(pygame.K_RETURN)
        panel = d.overlay()
        assert kind(panel) == "TeacherPanel"
        d.key(pygame.K_2)                         # Timer and pause: P pauses the class
        d.key(pygame.K_p)
        until(d, lambda: room.feed.status() is not None and room.feed.status().paused,
              "the class paused by the console, through the server")
        d.shot("hosted_console")
        d.key(pygame.K_ESCAPE)
        assert "PAUSED" in d.texts()
        d.shot("hosted_paused")
    finally:
        team.close()
        d.key(pygame.K_ESCAPE)                    # leave: asks, then stops the server
        d.key(pygame.K_RETURN)
    assert kind(d.screen) == "TitleScreen"
    assert not rs.thread.is_alive()


def test_a_watching_window_sees_the_room_and_no_secret(tmp_path):
    srv = GameServer.new(SANDBOX.read_text(), str(SANDBOX), 4, saves_dir=tmp_path,
                         options=ServerOptions(host="127.0.0.1", port=0, quiet=True))
    rs = start_in_thread(srv)
    team = ThreadedClient(f"127.0.0.1:{rs.port}", code=rs.codes["dprk"]).start()
    try:
        assert team.wait_link(20).state == "connected"
        view = team.send(P.GetView()).result(20).view
        secret = covert_lever(view)
        assert secret is not None, "the sandbox gives North Korea a covert lever"
        lever, target, option = secret
        assert team.send(P.AddOrder(lever=lever, target=target, option=option)
                         ).result(20).type == "ok"
        app = App(saves_dir=tmp_path / "w", fps=0)
        d = Room(app)
        app.watch_class(f"127.0.0.1:{rs.port}")
        room = app.screen
        got: list = []
        real = room.feed.take
        room.feed.take = lambda m: (got.append(m), real(m))[1]
        until(d, lambda: room.feed.status() is not None and room.feed.public_view() is not None,
              "the spectator's first view")
        until(d, lambda: any("1 drafted" in t for t in d.texts()), "North Korea's draft count")
        seen = d.texts()
        assert not any(len(t) == 7 and t[3] == " " and t.replace(" ", "").isupper()
                       for t in seen if t in {P.show_code(c) for c in rs.codes.values()}), \
            "a spectator is never shown the codes"
        name = view.levers[[lc.lever for lc in view.levers].index(lever)].name
        assert not any(name in t for t in seen)
        from test_net import assert_nothing_leaks
        assert_nothing_leaks([m for m in got if hasattr(m, "model_dump_json")], None,
                             list(rs.codes.values()) + [lever])
        d.shot("watch")
        d.key(pygame.K_F2)                        # no console on a spectator's window
        assert kind(d.overlay()) == "Dialog"
        d.key(pygame.K_RETURN)
        rs.stop()                                 # the server goes: a clear banner
        until(d, lambda: bool(room.feed.banner()), "the connection-lost banner")
        assert "lost" in room.feed.banner() or "Cannot reach" in room.feed.banner()
        d.shot("watch_lost")
        room.feed.close()
    finally:
        team.close()
        rs.stop()


def test_a_team_joins_by_code_and_its_orders_are_drafts_on_the_server(tmp_path):
    others = {a: "computer" for a in ("us", "russia", "china", "dprk", "rok")}
    srv = GameServer.new(SANDBOX.read_text(), str(SANDBOX), 6, seats=others,
                         saves_dir=tmp_path, name="Period 2",
                         options=ServerOptions(host="127.0.0.1", port=0, quiet=True))
    rs = start_in_thread(srv)
    app = App(saves_dir=tmp_path / "team", fps=0)
    d = Room(app)
    try:
        d.key(pygame.K_j)                         # the title's Join a class
        assert kind(d.screen) == "JoinScreen"
        join = d.screen
        join.address.value = f"127.0.0.1:{rs.port}"
        d.key(pygame.K_TAB)
        for ch in "zzz zzz":                      # a wrong code is refused, with words
            code = pygame.K_SPACE if ch == " " else pygame.key.key_code(ch)
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=ch))
            app.step()
        d.key(pygame.K_RETURN)
        until(d, lambda: bool(join.problem), "the wrong code's message")
        assert "No seat has this code" in join.problem
        d.shot("join_wrong_code")
        join.code.value = P.show_code(rs.codes["japan"]).lower()
        d.key(pygame.K_RETURN)
        until(d, lambda: kind(d.screen) in ("MainScreen", "BriefingScreen"), "the team's screen")
        if kind(d.screen) == "BriefingScreen":
            d.shot("join_briefing")
            d.key(pygame.K_RETURN)
        assert kind(d.screen) == "MainScreen" and d.screen.seat == "japan"
        s = app.session
        assert type(s).__name__ == "NetSession" and s.seat_view("japan").viewer == "japan"
        with pytest.raises(PermissionError):
            s.seat_view("china")                  # a laptop holds only its own seat's view
        d.shot("join_main")
        d.key(pygame.K_a)                         # queue the first lever, as in hotseat
        held = rs.call(lambda x: [(o.lever, o.target) for o in x.session.draft("japan")])
        assert len(held) == 1, "the order is a draft kept on the server"
        assert [(o.lever, o.target) for o in s.seat_view("japan").orders] == held
        assert len(d.screen.queue.items) == 1
        d.shot("join_queued")
        d.end_turn()
        if kind(d.overlay()) == "Dialog":
            d.key(pygame.K_RETURN)
        until(d, lambda: kind(d.screen) == "NewsScreen", "the news of the turn")
        assert d.screen.view.viewer == "japan" and d.screen.view.turn == 1
        d.shot("join_news")
        d.key(pygame.K_RETURN)
        assert kind(d.screen) == "MainScreen" and s.seat_view("japan").turn == 2
        d.key(pygame.K_a)                         # a draft on turn 2, then the server dies
        draft = [(o.lever, o.target) for o in s.seat_view("japan").orders]
        assert len(draft) == 1
        port, save = rs.port, srv.session.autosave_path
        rs.stop()                                 # the class server goes away
        until(d, lambda: bool(s.banner()) and "lost" in s.banner(), "the banner")
        d.shot("join_lost")
        rs = start_in_thread(GameServer.resume(save, options=ServerOptions(
            host="127.0.0.1", port=port, quiet=True)))   # restarted: the same codes
        until(d, lambda: s.banner() is None and s.link == "connected", "rejoined by token")
        assert [(o.lever, o.target) for o in s.seat_view("japan").orders] == draft
        for _ in range(20):
            d.app.step()
        assert kind(d.screen) == "MainScreen", "a rejoin does not show old news again"
        d.shot("join_rejoined")
    finally:
        if app.session is not None:
            app.session.close()
        rs.stop()


@pytest.mark.parametrize("args, says", [
    (["--join", "ws://a:b"], "--join"),
    (["--watch", "http://x"], "--watch"),
    (["--join", "h:1", "--watch", "h:1"], "choose one of"),
    (["--join", "h:1", "sandbox"], "give no SCENARIO"),
    (["--code", "KXTMPA"], "--code goes with --join"),
    (["--pin", "2468"], "go with --host"),
    (["--host", "--pin", "12"], "--pin"),
])
def test_play_refuses_bad_network_flags(args, says):
    from click.testing import CliRunner
    from game.cli import cli
    res = CliRunner().invoke(cli, ["play", *args])
    assert res.exit_code == 2 and says in res.output, res.output


def test_host_without_a_display_points_to_whales_serve(monkeypatch):
    from click.testing import CliRunner
    from game.cli import cli
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        monkeypatch.delenv(var, raising=False)
    res = CliRunner().invoke(cli, ["play", "--host", "sandbox"])
    assert res.exit_code == 2 and "without a window instead: whales serve " in res.output \
        and "sandbox" in res.output, res.output


def test_a_team_plays_a_whole_class_game_to_its_end_screen(tmp_path):
    """A laptop's game to the end: every turn's news, then the end screen from the seat's
    view (the result the server sends), not a crash when the game is over."""
    others = {a: "computer" for a in ("us", "russia", "china", "dprk", "rok")}
    text = SANDBOX.read_text().replace("turns: 10", "turns: 3", 1)
    srv = GameServer.new(text, str(SANDBOX), 4, seats=others, saves_dir=tmp_path,
                         options=ServerOptions(host="127.0.0.1", port=0, quiet=True))
    rs = start_in_thread(srv)
    app = App(saves_dir=tmp_path / "team", fps=0)
    d = Room(app)
    try:
        d.key(pygame.K_j)
        join = d.screen
        join.address.value = f"127.0.0.1:{rs.port}"
        join.code.value = P.show_code(rs.codes["japan"]).lower()
        d.key(pygame.K_TAB)
        d.key(pygame.K_RETURN)
        until(d, lambda: kind(d.screen) in ("MainScreen", "BriefingScreen"), "the team's screen")
        if kind(d.screen) == "BriefingScreen":
            d.key(pygame.K_RETURN)
        for turn in (1, 2, 3):
            assert kind(d.screen) == "MainScreen", kind(d.screen)
            d.key(pygame.K_a)
            d.end_turn()
            if kind(d.overlay()) == "Dialog":
                d.key(pygame.K_RETURN)
            until(d, lambda: kind(d.screen) == "NewsScreen", f"the news of turn {turn}")
            d.key(pygame.K_RETURN)
        until(d, lambda: kind(d.screen) == "EndScreen", "the end screen")
        for _ in range(30):
            d.app.step()
        assert kind(d.screen) == "EndScreen"
        d.shot("join_end")
        assert rs.call(lambda x: x.session.game.over)
    finally:
        if app.session is not None:
            app.session.close()
        rs.stop()


# ------------------------------------------------------------------------------ the seat rows
def widest_codes(n: int) -> list[str]:
    """``n`` different seat codes of the alphabet's widest letters in the room's type (the
    server deals codes at random: these are the rows' worst case, e.g. "WMW MWM")."""
    from game.ui import fonts
    a, b = sorted(P.CODE_ALPHABET, key=lambda ch: fonts.size(ch, fonts.HUGE, True)[0])[-2:]
    out = []
    for i in range(2 ** P.CODE_LENGTH):
        out.append("".join(b if i >> k & 1 else a for k in range(P.CODE_LENGTH)))
    out.sort(key=lambda c: -fonts.size(P.show_code(c), fonts.HUGE, True)[0])
    return out[:n]


@pytest.mark.parametrize("size,scale", [((1280, 720), 1.0), ((1280, 720), 1.25),
                                        ((900, 600), 1.0)])
def test_the_widest_codes_cut_no_seat_name_or_who_has_ordered(tmp_path, size, scale):
    """A random code of wide letters ("WMW MWM") took the room from its row's words: the
    projector showed "ordering: 1…" (and the hosted room's test failed when Japan's code
    was one of them). Every seat's name and words are shown whole beside its code."""
    from game.ui import fonts
    seats = {a: "human" for a in ("us", "china", "japan", "russia", "rok", "dprk")}
    s = Session.new(SANDBOX.read_text(), SANDBOX.name, 3, seats, saves_dir=tmp_path)
    codes = dict(zip(seats, widest_codes(len(seats))))
    app = App(saves_dir=tmp_path, fps=0)
    if size != app.size:
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1],
                                             size=size))
        app.step()
    app.set_text_scale(scale)
    d = Room(app)
    try:
        s.add(first_order(s, "japan"))
        s.add(first_order(s, "us"))
        s.end_seat("us")
        app.show_room(LocalFeed(s, codes, "192.168.100.200:8765"), session=s)
        app.step()
        fonts.start_log()
        try:
            app.draw()
        finally:
            log = [x for x in fonts.stop_log() if x.surface is app.surface]
        seen = [x.text for x in log]
        rows = app.screen.rects["seats"]
        cut = [x for x in log if x.cut and rows.contains(x.rect)]
        assert not cut, cut
        assert "ordering: 1 drafted" in seen and "ORDERED" in seen
        for a in seats:
            assert s.game.rules.name(a) in seen
        shown = [x for x in log if x.text in {P.show_code(c) for c in codes.values()}]
        assert len(shown) == len(seats), "every seat's code"
        words = [x for x in log if rows.contains(x.rect) and x not in shown]
        assert not [(c, w) for c in shown for w in words if c.rect.colliderect(w.rect)]
        h = shown[0].rect.h
        assert all(c.rect.h == h for c in shown), "one size for every code"
        assert fonts.font(fonts.HEADING, True).get_height() <= h, "codes in large type"
        d.shot(f"wide_codes_{size[0]}x{size[1]}_{scale:.0%}".replace("%", ""))
    finally:
        app.set_text_scale(1.0)


class Scripted:
    """A ThreadedClient's queue, read by the feed a frame at a time: ``batches`` are what
    each poll finds (the server's messages come in whatever pieces the network gives)."""

    def __init__(self, batches: list[list]) -> None:
        self.batches = list(batches)

    def poll(self) -> list:
        return self.batches.pop(0) if self.batches else []

    def close(self) -> None:
        pass


def test_the_room_is_drawn_once_both_its_view_and_its_status_are_in(tmp_path):
    """The server sends a room's public view and its status one after the other; a poll may
    find only the first. Until the status is in too the room says it is connecting (the
    hosted room's test looked for the codes one frame too soon)."""
    from game.net.client import Link
    from game.ui.netsession import NetFeed
    seats = {a: "human" for a in CODES} | {"russia": "computer", "japan": "computer"}
    s = Session.new(SCEN.read_text(), SCEN.name, 5, seats, saves_dir=tmp_path, name="Period 3")
    welcome = P.Welcome(role="spectator", game="Period 3", scenario=s.game.scenario.title)
    client = Scripted([[Link("connected", welcome=welcome),
                        P.PublicViewMsg(view=s.game.public_view())],
                       [P.StatusMsg(status=s.status()),
                        P.Presence(seats={a: 0 for a in s.game.rules.actors}, spectators=1,
                                   teachers=0)]])
    app = App(saves_dir=tmp_path, fps=0)
    d = Room(app)
    app.show_room(NetFeed(client, CODES, "192.168.1.20:8765"))
    room = app.screen
    app.step()
    assert room.feed.public_view() is not None and room.feed.status() is None
    seen = d.texts()
    assert "Connecting to the class…" in seen and "KXT MPA" not in seen
    app.step()
    assert room.feed.status() is not None
    seen = d.texts()
    assert "Connecting to the class…" not in seen
    assert {"KXT MPA", "RWC HEJ", "NUV DAF", "YTK MXP"} <= set(seen)
    assert sum(t == "not joined" for t in seen) == 4
