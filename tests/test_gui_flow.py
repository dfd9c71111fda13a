"""The front end played as a person would: synthetic key presses and mouse clicks posted into
pygame's queue, the app stepped a frame at a time under SDL's dummy driver, a screenshot of
every screen saved to tests/screenshots/ (look at them).
"""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from game.cli import cli  # noqa: E402
from game.replay import load_replay, verify  # noqa: E402
from game.ui import fonts  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.describe import order_text  # noqa: E402
from game.ui.mapdata import OVERLAYS  # noqa: E402
from game.ui.panels import left_share  # noqa: E402
from game.ui.widgets import clean  # noqa: E402

pytestmark = pytest.mark.gui
SHOTS = Path(__file__).resolve().parent / "screenshots"
SCENARIO = "vladivostok-2019.yaml"


# ---------------------------------------------------------------------------- driving
class Driver:
    """Posts events into pygame's queue and steps the app one frame per event."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.drawn: list[str] = []

    def key(self, k: int, mod: int = 0, times: int = 1) -> None:
        for _ in range(times):
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=""))
            assert self.app.step()

    def end_turn(self) -> None:
        """E, and past "End the turn with N PC unspent?" when it asks (Enter: end it)."""
        self.key(pygame.K_e)
        o = self.app.overlays[-1] if self.app.overlays else None
        if type(o).__name__ == "Dialog" and o.title.startswith("End the turn with"):
            self.key(pygame.K_RETURN)

    def click(self, pos: tuple[int, int], button: int = 1) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        assert self.app.step()

    def shot(self, name: str) -> Path:
        return self.app.screenshot(SHOTS / f"gui_{name}.png")

    def texts(self) -> list[str]:
        """Every string rendered while drawing one frame."""
        seen: list[str] = []
        real = fonts.render

        def spy(text, *a, **kw):
            seen.append(text)
            return real(text, *a, **kw)
        fonts.render = spy
        try:
            self.app.draw()
        finally:
            fonts.render = real
        return seen

    @property
    def screen(self):
        return self.app.screen

    def overlay(self):
        return self.app.overlays[-1] if self.app.overlays else None


@pytest.fixture
def drv(tmp_path) -> Driver:
    app = App(saves_dir=tmp_path / "saves", seed=11, fps=0)
    app.show_briefings = False     # the briefing before turn 1: tests/test_gui_briefing.py
    app.baseline_games = 2         # the end screen's computer comparison, kept short
    pygame.event.clear()
    assert app.size == (1280, 720)
    return Driver(app)


def kind(obj) -> str:
    return type(obj).__name__


def pick_scenario(d: Driver, filename: str) -> None:
    """From the title: N, then Down to the scenario, Enter."""
    d.key(pygame.K_n)
    assert kind(d.screen) == "ScenarioPicker"
    names = [e.path.name for e in d.screen.entries]
    assert SCENARIO in names and len(names) == len(list(d.app.scenarios()))
    d.key(pygame.K_DOWN, times=names.index(filename))
    d.shot("02_scenario_picker")
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "SetupScreen"


# ---------------------------------------------------------------------------- the whole flow
def test_hotseat_three_turns_then_save_and_load(drv: Driver):
    d = drv
    d.shot("01_title")
    assert kind(d.screen) == "TitleScreen"
    pick_scenario(d, SCENARIO)
    setup = d.screen
    assert [s.actor for s in setup.seats] == ["us", "russia", "china", "dprk", "rok", "japan"]
    # DPRK a person too (row 4), then move South Korea above it: ROK plays first
    d.key(pygame.K_DOWN, times=3)
    d.key(pygame.K_SPACE)
    d.key(pygame.K_DOWN)
    d.key(pygame.K_UP, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_LEFT)          # a computer seat's personality: no effect on a person
    assert [s.actor for s in setup.seats][3:5] == ["rok", "dprk"]
    assert [s.spec() for s in setup.seats if s.human] == ["human", "human"]
    # the US's computer personality changed with the arrow keys
    d.key(pygame.K_UP, times=5)
    before = setup.seats[0].personality
    d.key(pygame.K_RIGHT)
    assert setup.seats[0].personality != before
    d.shot("03_seat_setup")
    d.key(pygame.K_RETURN)

    s = d.app.session
    assert s is not None and s.humans == ["rok", "dprk"]
    assert s.seats["us"] == f"computer:{setup.seats[0].personality}"
    g = s.game

    for turn in (1, 2, 3):
        assert g.turn == turn
        # --- South Korea's turn
        assert kind(d.screen) == "PassScreen" and d.screen.seat == "rok"
        if turn == 1:
            d.shot("04_pass_to_rok")
        d.key(pygame.K_RETURN)
        assert kind(d.screen) == "MainScreen" and d.screen.seat == "rok"
        d.key(pygame.K_2)                      # diplomacy
        d.key(pygame.K_a)                      # queue the selected lever
        if turn == 1:
            # and one more with the mouse: a lever row, then the Add button
            lv = d.screen.levers
            d.key(pygame.K_3)                  # military
            d.click(lv.list.row_rect(0).center)
            d.click(lv.add_b.rect.center)
            d.shot("05_main_rok_two_orders")
        rok_orders = list(s.draft("rok"))
        assert rok_orders, "South Korea queued nothing"
        assert sum(g.rules.params[o.lever].cost for o in rok_orders) <= g.state.capital("rok")
        d.end_turn()
        assert "rok" in g.pending and g.pending["rok"] == rok_orders

        # --- hand-over: nothing of South Korea's orders on the way or on the DPRK's screen
        assert kind(d.screen) == "PassScreen" and d.screen.seat == "dprk"
        shown = " | ".join(d.texts())
        if turn == 1:
            d.shot("06_pass_to_dprk")
        d.key(pygame.K_RETURN)
        assert kind(d.screen) == "MainScreen" and d.screen.seat == "dprk"
        assert d.screen.queue.items == []
        shown += " | ".join(d.texts())
        for o in rok_orders:
            assert clean(order_text(g, o)) not in shown
        assert "North Korea · player 2 of 2" in shown
        d.key(pygame.K_2)
        d.key(pygame.K_DOWN)
        d.key(pygame.K_a)
        if turn == 1:
            d.shot("07_main_dprk")
        dprk_orders = list(s.draft("dprk"))
        d.end_turn()
        if not dprk_orders:                     # "end without orders?" asks first
            assert kind(d.overlay()) == "Dialog"
            d.key(pygame.K_RETURN)

        # --- resolution
        assert kind(d.screen) == "NewsScreen"
        rep = g.reports[-1]
        assert rep.turn == turn and rep.orders["rok"] == rok_orders
        assert rep.orders["dprk"] == dprk_orders
        assert all(n.public for n in d.screen.items)          # two people: public only
        cpu = d.screen.computer
        assert cpu and all(o.actor not in ("rok", "dprk") and o.reason for o in cpu)
        shown = " | ".join(d.texts())
        assert clean(cpu[0].reason)[:30] in shown
        if turn == 1:
            d.shot("08_news")
            d.key(pygame.K_DOWN, times=2)
            d.key(pygame.K_TAB)
            d.shot("09_news_detail")
        assert s.autosave_path.exists()
        d.key(pygame.K_RETURN)

    # --- turn 4: South Korea orders, then the game is saved mid-turn from the menu
    assert g.turn == 4 and len(g.reports) == 3
    d.key(pygame.K_RETURN)
    d.key(pygame.K_2)
    d.key(pygame.K_a)
    d.end_turn()
    assert kind(d.screen) == "PassScreen" and d.screen.seat == "dprk"
    d.key(pygame.K_ESCAPE)
    assert kind(d.overlay()) == "GameMenu"
    d.shot("10_game_menu")
    d.key(pygame.K_DOWN)
    d.key(pygame.K_RETURN)                     # Save game
    assert kind(d.overlay()) == "Dialog" and "saved" in d.overlay().title.lower()
    d.shot("11_saved")
    d.key(pygame.K_RETURN)
    saves = [p for p in s.saves_dir.glob("*.json") if p != s.autosave_path]
    assert len(saves) == 1
    digest, pending = g.digest(), {a: list(o) for a, o in g.pending.items()}
    assert set(pending) == {"rok"}

    # --- a corrupt file in the list: a clear dialog, and the game goes on
    bad = s.saves_dir / "broken.json"
    bad.write_text('{"format": "shrimp-between-whales/replay", "format_versi')
    d.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    assert kind(d.overlay()) == "FileList"
    names = [p.name for p in d.overlay().files]
    d.key(pygame.K_DOWN, times=names.index("broken.json"))
    d.shot("12_load_list")
    d.key(pygame.K_RETURN)
    assert kind(d.overlay()) == "Dialog" and "cannot load" in d.overlay().title.lower()
    assert "broken.json" in d.overlay().body and "truncated" in d.overlay().body
    d.shot("13_corrupt_file")
    d.key(pygame.K_RETURN)
    assert d.app.session is s and g.digest() == digest

    # --- load the save: the same state, the same pending orders, the DPRK's turn
    d.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    names = [p.name for p in d.overlay().files]
    d.key(pygame.K_DOWN, times=names.index(saves[0].name))
    d.key(pygame.K_RETURN)
    assert kind(d.overlay()) == "Dialog" and d.overlay().title.startswith("Load ")  # asks
    assert d.app.session is s
    d.key(pygame.K_RETURN)
    s2 = d.app.session
    assert s2 is not s
    assert s2.game.digest() == digest
    assert s2.game.turn == 4 and s2.game.pending == pending
    assert s2.humans == ["rok", "dprk"] and s2.seats == s.seats
    assert kind(d.screen) == "PassScreen" and d.screen.seat == "dprk"
    assert [r.digest for r in s2.game.reports] == [r.digest for r in g.reports]


# ---------------------------------------------------------------------------- one player
def test_single_player_sees_private_news_and_history(drv: Driver):
    d = drv
    pick_scenario(d, SCENARIO)
    d.key(pygame.K_RETURN)                     # the default: South Korea in person
    s = d.app.session
    assert s.humans == ["rok"] and s.viewer == "rok"
    assert kind(d.screen) == "MainScreen"      # one player: no hand-over screen
    d.shot("14_main_single")
    # click North Korea on the map: the dashboard shows it and it becomes the target
    mv = d.app.mapview()
    d.key(pygame.K_2)
    d.click(mv.chip_rect("dprk").center)
    assert d.screen.selected == "dprk"
    assert d.screen.levers.target.value == "dprk"
    # Delete removes a queued order
    d.key(pygame.K_a)
    assert len(s.draft("rok")) == 1
    d.key(pygame.K_DELETE)
    assert s.draft("rok") == []
    # the overlays
    seen = set()
    for _ in range(4):
        d.key(pygame.K_m)
        name = OVERLAYS[d.screen.overlay][0]
        seen.add(name)
        d.shot(f"15_overlay_{name}")
    assert seen == {name for name, _ in OVERLAYS}
    d.key(pygame.K_h)
    assert kind(d.screen) == "HistoryScreen"
    d.key(pygame.K_4)
    assert d.screen.actor == "dprk"
    d.shot("16_history")
    d.key(pygame.K_ESCAPE)
    assert kind(d.screen) == "MainScreen"
    d.key(pygame.K_F1)
    assert kind(d.overlay()) == "HelpOverlay"
    d.shot("17_help")
    d.key(pygame.K_F1)
    assert not d.app.overlays
    # the teacher injects an event mid-turn: the seat's draft survives the rebuilt screen
    d.key(pygame.K_2)
    d.key(pygame.K_a)
    draft = list(s.draft("rok"))
    d.key(pygame.K_F2)
    d.key(pygame.K_3)                          # the console's events
    d.key(pygame.K_i)
    assert kind(d.overlay()) == "TeacherPanel" and "Event injected" in d.overlay().message
    d.key(pygame.K_ESCAPE)
    assert kind(d.screen) == "MainScreen" and s.draft("rok") == draft
    assert [(o.lever, o.target, o.option) for o in d.screen.queue.items] == \
        [(o.lever, o.target, o.option) for o in draft]
    # an event that moves numbers: the main screen shows them as they are now, and the
    # history charts mark the moved state "now" (the start is still "no turns played yet")
    g = s.game
    d.key(pygame.K_F2)
    d.key(pygame.K_3)
    d.key(pygame.K_DOWN, times=[e.id for e in g.scenario.events].index("border_incident"))
    d.key(pygame.K_i)
    d.key(pygame.K_ESCAPE)
    assert g.state.values["track.tension"] > g.history[-1]["track.tension"]
    assert "Tension: tense" in d.texts()
    assert f"{g.state.values['track.tension']:.0f}" in d.texts()
    d.key(pygame.K_h)
    values, _, labels, played = d.screen.points()
    assert played == 0 and len(values) == 2 and labels[:2] == ["0", "now"]
    shown = " | ".join(d.texts())
    assert "the start: no turns played yet (now: after an event this turn)" in shown
    assert " now " in f" {shown.replace('|', ' ')} "
    d.shot("16b_history_now")
    d.key(pygame.K_ESCAPE)
    assert kind(d.screen) == "MainScreen" and s.draft("rok") == draft
    d.end_turn()
    rep = s.game.reports[-1]
    assert kind(d.screen) == "NewsScreen" and rep.orders["rok"] == draft
    # one person: the public news and that person's own private news, nobody else's
    assert [n.headline for n in d.screen.items] == \
        [n["headline"] for n in rep.news if n["public"] or "rok" in n["actors"]]


# ---------------------------------------------------------------------------- teacher, end, replay
def test_teacher_controls_end_screen_and_replay_viewer(drv: Driver):
    d = drv
    pick_scenario(d, SCENARIO)
    d.key(pygame.K_c)                          # everyone computer: watch
    d.key(pygame.K_RETURN)
    s = d.app.session
    g = s.game
    assert s.humans == [] and kind(d.screen) == "MainScreen" and d.screen.seat is None
    d.shot("18_watch")
    d.end_turn()
    assert kind(d.screen) == "NewsScreen" and len(g.reports) == 1
    d.key(pygame.K_RETURN)
    # inject an event
    d.key(pygame.K_F2)
    assert kind(d.overlay()) == "TeacherPanel"
    d.key(pygame.K_3)
    d.shot("19_teacher")
    d.key(pygame.K_DOWN)
    event = d.overlay().section.list.current()
    d.key(pygame.K_i)
    assert g.actions == [{"turn": 2, "action": "inject_event", "event": event.id}]
    d.key(pygame.K_ESCAPE)
    assert not d.app.overlays
    # pause: nothing gets through until P again
    d.key(pygame.K_p)
    assert d.app.paused and kind(d.overlay()) == "PauseOverlay"
    d.shot("20_paused")
    d.end_turn()
    assert len(g.reports) == 1
    d.key(pygame.K_p)
    assert not d.app.paused
    d.end_turn()                          # turn 2 resolves, with the injected event
    assert len(g.reports) == 2 and g.reports[-1].actions[0]["event"] == event.id
    d.key(pygame.K_RETURN)
    # end early
    d.key(pygame.K_F2)
    d.key(pygame.K_8)
    d.key(pygame.K_x)
    assert kind(d.overlay()) == "Dialog"
    d.key(pygame.K_RETURN)
    assert g.over and kind(d.screen) == "EndScreen"
    shown = " | ".join(d.texts())
    for a in g.actors:
        assert g.rules.score_parts(g.state, a)[0]["label"][:20] in shown
    d.shot("21_end")
    d.key(pygame.K_s)
    assert kind(d.overlay()) == "Dialog"
    d.key(pygame.K_RETURN)
    replay_file = next(s.saves_dir.glob("*-replay-*.json"))
    rp = load_replay(replay_file)
    assert rp.finished and len(rp.turns) == 2 and verify(rp).ok
    # back to the title and watch it
    d.key(pygame.K_ESCAPE)
    assert kind(d.screen) == "TitleScreen" and d.app.session is None
    d.key(pygame.K_r)
    names = [p.name for p in d.overlay().files]
    d.key(pygame.K_DOWN, times=names.index(replay_file.name))
    d.key(pygame.K_RETURN)
    v = d.screen
    assert kind(v) == "ReplayViewer" and v.t == 2 and v.mismatch is None
    d.shot("22_replay_viewer")
    d.key(pygame.K_LEFT)
    assert v.t == 1 and v.game.digest() == rp.turns[0].digest
    d.key(pygame.K_n)
    assert kind(d.screen) == "NewsScreen"
    d.shot("23_replay_news")
    d.key(pygame.K_RETURN)
    assert d.screen is v
    d.key(pygame.K_HOME)
    assert v.t == 0
    d.key(pygame.K_f)
    assert kind(d.screen) == "EndScreen"
    d.key(pygame.K_ESCAPE)
    assert d.screen is v


def test_war_ending_is_explained(tmp_path):
    app = App(saves_dir=tmp_path / "saves", seed=5, fps=0,
              overrides=["tracks.tension.value=97"])
    app.show_briefings = False     # the briefing before turn 1: tests/test_gui_briefing.py
    app.baseline_games = 2         # the end screen's computer comparison, kept short
    pygame.event.clear()
    d = Driver(app)
    pick_scenario(d, SCENARIO)
    d.key(pygame.K_DOWN, times=3)
    d.key(pygame.K_SPACE)                      # North Korea: a person
    d.key(pygame.K_DOWN)
    d.key(pygame.K_SPACE)                      # South Korea: the computer
    d.key(pygame.K_RETURN)
    s = app.session
    assert s.humans == ["dprk"]
    d.key(pygame.K_3)                          # military
    levers = d.screen.levers.list.items
    d.key(pygame.K_DOWN, times=levers.index("nuclear_test"))
    d.key(pygame.K_a)
    assert [o.lever for o in s.draft("dprk")] == ["nuclear_test"]
    d.key(pygame.K_e)                          # warned first (tests/test_gui_screen.py)
    assert kind(d.overlay()) == "Dialog" and "war" in d.overlay().title
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RETURN)                     # End turn anyway
    if kind(d.overlay()) == "Dialog":          # PC left unspent: end it all the same
        d.key(pygame.K_RETURN)
    assert s.game.state.war and kind(d.screen) == "NewsScreen"
    assert any("WAR" in n.headline for n in d.screen.items)
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "EndScreen"
    shown = " | ".join(d.texts())
    assert "WAR — " in shown and "every state scores 0" in shown
    assert "North Korea: Nuclear test" in shown
    assert all(v == 0 for v in s.game.scores().values())
    d.shot("26_war_end")


# ---------------------------------------------------------------------------- window and text
def test_resize_text_size_and_full_screen(drv: Driver):
    d = drv
    pick_scenario(d, SCENARIO)
    d.key(pygame.K_RETURN)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900)))
    d.app.step()
    assert d.app.size == (1600, 900)
    assert abs(d.screen.rects["map"].right - int(1600 * left_share())) <= 8   # laid out anew
    d.shot("24_main_1600x900")
    d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
    d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
    assert d.app.text_scale == 1.5
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1280, h=720, size=(1280, 720)))
    d.app.step()
    d.shot("25_main_text150")
    assert fonts.font(fonts.SMALL).get_height() >= 27
    d.key(pygame.K_MINUS, mod=pygame.KMOD_CTRL, times=3)
    assert d.app.text_scale == 1.0
    assert fonts.px(fonts.SMALL) >= 18 and fonts.px(fonts.BODY) >= 18
    d.key(pygame.K_F11)
    assert d.app.fullscreen
    d.key(pygame.K_F11)
    assert not d.app.fullscreen and d.app.size == (1280, 720)


def test_every_screen_at_125_and_150_percent(drv: Driver):
    """Screenshots of seat setup, the main screen, a lever's tooltip, the news, the history and
    the end screen at 125 % and 150 % text (Ctrl + twice, Ctrl − back), for looking at."""
    d = drv

    def at_each_size(name: str, before=None) -> None:
        for pct in (125, 150):
            d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
            assert round(d.app.text_scale * 100) == pct
            if before:
                before()
            d.shot(f"{name}_{pct}")
        d.key(pygame.K_MINUS, mod=pygame.KMOD_CTRL, times=2)
        assert d.app.text_scale == 1.0

    pick_scenario(d, SCENARIO)
    at_each_size("30_seat_setup")
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "MainScreen"
    d.key(pygame.K_2)
    d.key(pygame.K_a)
    d.key(pygame.K_3)
    at_each_size("31_main")
    lv = d.screen.levers

    def hover() -> None:
        row = lv.list.row_rect(0)
        pygame.mouse.set_pos(row.center)
        assert lv.hover_lever(pygame.mouse.get_pos()) == lv.list.items[0]
    at_each_size("32_lever_tooltip", hover)
    pygame.mouse.set_pos((2, 2))
    d.end_turn()
    assert kind(d.screen) == "NewsScreen"
    at_each_size("33_news")
    d.key(pygame.K_h)
    assert kind(d.screen) == "HistoryScreen"
    at_each_size("34_history")
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_F2)
    d.key(pygame.K_x)
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "EndScreen"
    at_each_size("35_end")


def test_bad_save_from_the_title_keeps_the_title(drv: Driver, tmp_path):
    d = drv
    folder = d.app.saves_dir
    folder.mkdir(parents=True)
    (folder / "notes.json").write_text('{"hello": 1}')
    d.key(pygame.K_l)
    d.key(pygame.K_RETURN)
    dlg = d.overlay()
    assert kind(dlg) == "Dialog" and "not a replay" in dlg.body
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "TitleScreen" and d.app.session is None


def test_a_broken_scenario_is_explained_in_the_picker_and_at_setup(drv: Driver, tmp_path):
    """A teacher's scenario with a mistake: the picker lists it as not loadable and shows the
    problem (file, line, field); Enter and a direct choice (whales play FILE's way in) each
    explain it in a dialog and the game goes on. (Both crashed: the problems are objects,
    found by mypy.)"""
    d = drv
    good = Path("scenarios") / SCENARIO
    bad = tmp_path / "broken.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("turns: 16", "turns: banana"))
    d.app.scenarios = lambda: [bad, good]
    d.key(pygame.K_n)
    assert kind(d.screen) == "ScenarioPicker"
    entry = d.screen.entries[0]
    assert entry.problem.startswith(f"{bad}:17:") and "turns" in entry.problem
    assert "cannot be loaded" in d.texts()
    d.shot("28_picker_broken_scenario")
    d.key(pygame.K_RETURN)
    dlg = d.overlay()
    assert kind(dlg) == "Dialog" and dlg.title == "This scenario has a mistake"
    assert dlg.body == entry.problem
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "ScenarioPicker" and not d.app.overlays
    d.app.choose_scenario(bad)
    dlg = d.overlay()
    assert kind(dlg) == "Dialog" and dlg.title == "This scenario cannot be played"
    assert "broken.yaml:17" in dlg.body and "turns" in dlg.body
    d.app.draw()
    assert kind(d.screen) == "ScenarioPicker"


# ---------------------------------------------------------------------------- the command
def test_play_without_a_display_prints_one_line_and_exits_2(monkeypatch):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        monkeypatch.delenv(var, raising=False)
    r = CliRunner().invoke(cli, ["play", "scenarios/" + SCENARIO])
    assert r.exit_code == 2
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "whales run scenarios/" + SCENARIO + " --seed" in lines[0]
    assert "Traceback" not in r.output


def test_play_with_a_bad_scenario_exits_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    r = CliRunner().invoke(cli, ["play", str(bad)])
    assert r.exit_code == 2 and "bad.yaml" in r.output and "Traceback" not in r.output
