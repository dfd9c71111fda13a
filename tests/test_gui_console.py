"""The teacher's console and "nothing lost", driven as a teacher and a class would: synthetic
keys under SDL's dummy driver, screenshots in tests/screenshots/ (gui_console_*.png).

The PIN refuses a wrong code; every console action round-trips through save, load and
``whales replay verify``; a seat is switched mid-game; a rewind gives the digest of the turn's
original start; a round closed with teams done resumes with their orders; End turn is taken
back until the next team starts; unspent capital is pointed out; closing and loading over a
running game ask first; a window shrunk to 320x240 does not crash.
"""
from __future__ import annotations

import json
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from game.cli import cli  # noqa: E402
from game.replay import load_replay, verify  # noqa: E402
from game.session import Session, describe_save  # noqa: E402
from game.ui.app import MIN_SIZE, App  # noqa: E402

from test_gui_flow import SCENARIO, Driver, kind, pick_scenario  # noqa: E402

pytestmark = pytest.mark.gui
PIN = "8642"


class Class(Driver):
    """The driver, and a teacher who types."""

    def type(self, s: str) -> None:
        for ch in s:
            code = pygame.K_SPACE if ch == " " else pygame.key.key_code(ch.lower())
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=ch))
            assert self.app.step()

    def shot(self, name: str):
        return super().shot(f"console_{name}")

    def console(self, section: int) -> object:
        """F2 (and the PIN when asked), then section ``section`` (1-8)."""
        self.key(pygame.K_F2)
        if kind(self.overlay()) == "PinPrompt":
            self.type(PIN)
            self.key(pygame.K_RETURN)
        panel = self.overlay()
        assert kind(panel) == "TeacherPanel"
        self.key(pygame.K_1 + section - 1)
        return panel


def make_app(tmp_path, seed: int = 11) -> Class:
    app = App(saves_dir=tmp_path / "saves", seed=seed, fps=0)
    app.show_briefings = False
    app.baseline_games = 2
    pygame.event.clear()
    return Class(app)


@pytest.fixture
def c(tmp_path) -> Class:
    return make_app(tmp_path)


def setup_people(c: Class, people: tuple[str, ...], name: str = "", pin: str = "") -> Session:
    """From the title: the scenario, these seats as people (the rest the computer), the
    game's name and PIN typed in, Enter."""
    pick_scenario(c, SCENARIO)
    scr = c.screen
    for seat in scr.seats:
        seat.human = seat.actor in people
    # the hotseat order: the people first, as given (Shift+Up/Down does it by keyboard)
    scr.seats.sort(key=lambda st: people.index(st.actor) if st.actor in people else 9)
    scr.list.set_items(scr.seats)
    if name or pin:
        c.key(pygame.K_TAB)                       # the game's name
        c.type(name)
        c.key(pygame.K_TAB)
        c.type(pin)
        c.key(pygame.K_TAB)
        c.type(pin)
        c.shot("01_setup_name_pin")
    c.key(pygame.K_RETURN)
    s = c.app.session
    assert s is not None and set(s.humans) == set(people)
    return s


def start_seat(c: Class, seat: str) -> None:
    if kind(c.screen) == "PassScreen":
        assert c.screen.seat == seat
        c.key(pygame.K_RETURN)
    assert kind(c.screen) == "MainScreen" and c.screen.seat == seat


def queue_one(c: Class) -> None:
    c.key(pygame.K_2)                             # diplomacy
    c.key(pygame.K_a)


# ---------------------------------------------------------------------------- the window
def test_a_window_shrunk_to_320x240_does_not_crash(c: Class):
    """The trial's crash: WINDOWSIZECHANGED laid the screens out at 320x240 before the
    VIDEORESIZE clamp (pygame.error: Invalid resolution for Surface in mapview._build)."""
    setup_people(c, ("rok",))
    assert kind(c.screen) == "MainScreen"
    for w, h in ((320, 240), (1280, 400), (320, 240)):
        pygame.display.set_mode((w, h), pygame.RESIZABLE)       # the window manager shrinks it
        pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=w, y=h))
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h, size=(w, h)))
        assert c.app.step()
        aw, ah = c.app.size
        assert aw >= MIN_SIZE[0] and ah >= MIN_SIZE[1] and (aw, ah) == (max(w, 800),
                                                                        max(h, 480))
        assert c.screen.rects["map"].w > 0
        c.key(pygame.K_DOWN)                      # and it still plays
    c.shot("02_after_320x240")
    pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=1280, y=720))
    assert c.app.step() and c.app.size == (1280, 720)


# ---------------------------------------------------------------------------- the PIN
def test_the_pin_refuses_a_wrong_code_and_is_saved_only_as_a_hash(c: Class):
    s = setup_people(c, ("rok", "dprk"), name="Period 3", pin=PIN)
    assert s.name == "Period 3" and s.locked and s.autosave_path.name.endswith("period-3.json")
    start_seat(c, "rok")
    c.key(pygame.K_F2)
    prompt = c.overlay()
    assert kind(prompt) == "PinPrompt"
    c.type("1111")
    assert prompt.field.shown() == "••••"          # the room sees dots
    c.shot("03_pin_prompt")
    c.key(pygame.K_RETURN)
    assert kind(c.overlay()) == "PinPrompt" and prompt.wrong == 1   # refused, nothing opened
    c.shot("04_pin_wrong")
    c.key(pygame.K_p)                             # not a digit: the field ignores it
    assert not s.paused
    c.key(pygame.K_ESCAPE)
    assert not c.app.overlays
    # P (pause) asks for the PIN too; a wrong one leaves the class playing
    c.key(pygame.K_p)
    assert kind(c.overlay()) == "PinPrompt" and not s.paused
    c.type("0000")
    c.key(pygame.K_RETURN)
    c.key(pygame.K_ESCAPE)
    assert not s.paused and not c.app.overlays
    # the right PIN opens the console
    c.key(pygame.K_F2)
    c.type(PIN)
    c.key(pygame.K_RETURN)
    assert kind(c.overlay()) == "TeacherPanel"
    c.key(pygame.K_ESCAPE)
    # only the salted hash is saved
    raw = json.loads(s.autosave_path.read_text())
    pin = raw["classroom"]["pin"]
    assert set(pin) >= {"salt", "hash"} and PIN not in json.dumps(raw["classroom"]).replace(
        pin["salt"], "").replace(pin["hash"], "")
    # a mismatched pair at set-up is refused with a message
    c.app.quit_to_title()
    pick_scenario(c, SCENARIO)
    c.key(pygame.K_TAB, times=2)
    c.type("1234")
    c.key(pygame.K_TAB)
    c.type("1235")
    c.key(pygame.K_RETURN)
    assert kind(c.overlay()) == "Dialog" and "PIN" in c.overlay().title
    assert kind(c.screen) == "SetupScreen"


# ---------------------------------------------------------------------------- every action
def test_every_console_action_round_trips_through_save_load_and_verify(c: Class, tmp_path):
    s = setup_people(c, ("rok", "dprk", "japan"), name="Period 2")
    g = s.game
    start_seat(c, "rok")
    queue_one(c)
    c.end_turn()
    start_seat(c, "dprk")
    queue_one(c)
    # 2 timer: 3 minutes a team, shown to the room
    panel = c.console(2)
    c.key(pygame.K_LEFT)                          # 4 → 3 minutes
    c.key(pygame.K_t)
    assert s.classroom.timer_seconds == 180 and s.time_left is not None
    c.shot("05_console_timer")
    c.key(pygame.K_p)                             # pause from the console
    assert s.paused and c.overlay() is panel
    c.key(pygame.K_p)
    assert not s.paused
    # 3 an event, with what it does
    c.key(pygame.K_3)
    ev = panel.section.list.current()
    c.shot("06_console_event")
    c.key(pygame.K_i)
    assert "Event injected" in panel.message
    # 4 a news flash with two changes
    c.key(pygame.K_4)
    c.type("Typhoon hits Busan port")
    c.key(pygame.K_TAB)                           # the numbers
    nums = panel.section.numbers.items
    want = next(i for i, n in enumerate(nums) if n.key == "rok.economy")
    c.key(pygame.K_DOWN, times=want)
    c.key(pygame.K_TAB)                           # the change
    c.key(pygame.K_LEFT, times=9)                 # 5 → −4
    c.key(pygame.K_a)
    c.key(pygame.K_SPACE)                         # the focused picker: −4 → −3
    c.shot("07_console_headline")
    before = g.state.values["rok.economy"]
    c.key(pygame.K_u)
    assert g.state.values["rok.economy"] == pytest.approx(before - 4)
    assert "News flash" in panel.message
    # 5 override tension to 70
    c.key(pygame.K_5)
    nums = panel.section.numbers.items
    c.key(pygame.K_DOWN, times=next(i for i, n in enumerate(nums)
                                    if n.key == "track.tension"))
    c.key(pygame.K_TAB)
    panel.section.value.number = 70
    c.key(pygame.K_s)
    assert g.state.values["track.tension"] == 70
    c.shot("08_console_override")
    # 6 reveal
    c.key(pygame.K_6)
    c.key(pygame.K_r)
    assert panel.section.orders and any("South Korea" in o for o in panel.section.orders)
    assert any("North Korea" in o for o in panel.section.orders)     # a draft, not sent
    c.shot("09_console_reveal")
    # 1 teams: end the DPRK's turn with its queued order; Japan to the computer (hawk...)
    c.key(pygame.K_1)
    teams = panel.section
    c.key(pygame.K_DOWN, times=[st.actor for st in teams.list.items].index("dprk"))
    c.key(pygame.K_k)
    assert "dprk" in g.pending and len(g.pending["dprk"]) == 1
    c.key(pygame.K_DOWN, times=[st.actor for st in teams.list.items].index("japan")
          - teams.list.selected)
    c.key(pygame.K_TAB)                           # the seat picker
    c.key(pygame.K_RIGHT)
    choice = teams.who.value
    assert choice.startswith("computer")
    c.key(pygame.K_h)
    assert s.seats["japan"] == choice and not s.is_human("japan")
    c.shot("10_console_teams")
    c.key(pygame.K_ESCAPE)                        # nobody is left to order: the turn resolves
    assert kind(c.screen) == "NewsScreen" and len(g.reports) == 1
    items = c.screen.items
    first = [n.headline for n in items[:3]]
    assert ev.headline in " ".join(first) or any(ev.headline[:20] in h for h in first)
    assert any("Typhoon hits Busan port" in n.headline for n in items[:4])
    c.shot("11_news_with_teacher_items")
    c.key(pygame.K_RETURN)
    # 7 rewind to the start of turn 1, then 8 end the game
    c.console(7)
    c.key(pygame.K_LEFT)                          # back to turn 1
    c.key(pygame.K_w)
    assert kind(c.overlay()) == "Dialog"
    c.key(pygame.K_RETURN)
    assert g.turn == 1 and not g.reports
    c.key(pygame.K_8)
    c.key(pygame.K_x)
    c.key(pygame.K_RETURN)
    assert g.over and kind(c.screen) == "EndScreen"
    recorded = json.dumps(g.branches) + json.dumps(g.actions)
    for action in ("set_timer", "pause", "inject_event", "inject_headline", "set_value",
                   "reveal_orders", "end_seat", "set_seat", "rewind", "end_early"):
        assert f'"action": "{action}"' in recorded, action
    # save, load, verify: the game and the CLI agree
    path = s.autosave_path
    rp = load_replay(path)
    assert verify(rp).ok
    again = Session.load(path, tmp_path / "other")
    assert again.game.digest() == g.digest() and again.game.over
    r = CliRunner().invoke(cli, ["replay", "verify", str(path)])
    assert r.exit_code == 0, r.output


# ---------------------------------------------------------------------------- seats, rewind
def test_a_seat_switched_mid_game_from_the_console(c: Class):
    s = setup_people(c, ("rok", "dprk"))
    g = s.game
    start_seat(c, "rok")
    queue_one(c)
    c.end_turn()
    assert kind(c.screen) == "PassScreen" and c.screen.seat == "dprk"
    panel = c.console(1)
    c.key(pygame.K_DOWN, times=[st.actor for st in panel.section.list.items].index("dprk"))
    c.key(pygame.K_TAB)
    c.key(pygame.K_RIGHT, times=2)                # a personality of the computer's
    choice = panel.section.who.value
    c.key(pygame.K_h)
    assert s.seats["dprk"] == choice
    c.key(pygame.K_ESCAPE)                        # the computer orders for the DPRK: resolves
    assert kind(c.screen) == "NewsScreen" and len(g.reports) == 1
    assert g.reports[-1].orders["dprk"]           # the computer ordered
    c.key(pygame.K_RETURN)
    start_seat(c, "rok")                          # one person now: no hand-over
    # and back to a person
    panel = c.console(1)
    c.key(pygame.K_DOWN, times=[st.actor for st in panel.section.list.items].index("dprk"))
    c.key(pygame.K_TAB)
    panel.section.who.index = 0                   # "a person"
    c.key(pygame.K_h)
    c.key(pygame.K_ESCAPE)
    assert s.humans == ["rok", "dprk"]
    c.end_turn()
    if kind(c.overlay()) == "Dialog":
        c.key(pygame.K_RETURN)
    assert kind(c.screen) == "PassScreen" and c.screen.seat == "dprk"
    verdict = verify(load_replay(s.autosave_path))
    assert verdict.ok


def test_a_rewind_gives_the_digest_of_the_turns_original_start(c: Class):
    s = setup_people(c, ("rok",))
    g = s.game
    for _ in range(3):
        start_seat(c, "rok")
        queue_one(c)
        c.end_turn()
        assert kind(c.screen) == "NewsScreen"
        if g.turn == 2:
            start2 = g.digest()
        c.key(pygame.K_RETURN)
    assert g.turn == 4
    panel = c.console(7)
    c.key(pygame.K_LEFT, times=2)                 # turn 4 → 2
    assert panel.section.turn.value == 2
    c.shot("12_console_rewind")
    c.key(pygame.K_w)
    c.shot("13_rewind_confirm")
    c.key(pygame.K_RETURN)
    assert g.turn == 2 and g.digest() == start2
    c.key(pygame.K_ESCAPE)
    start_seat(c, "rok")                          # the class orders turn 2 again
    assert verify(load_replay(s.autosave_path)).ok


# ---------------------------------------------------------------------------- nothing lost
def test_an_interrupted_round_resumes_with_its_queued_orders(c: Class, tmp_path):
    s = setup_people(c, ("rok", "dprk", "japan"), name="Period 3")
    g = s.game
    start_seat(c, "rok")
    queue_one(c)
    c.end_turn()
    rok = list(g.pending["rok"])
    start_seat(c, "dprk")
    queue_one(c)
    dprk = list(s.draft("dprk"))
    assert dprk
    # the window's close button asks first; a second close closes
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert c.app.step()
    dlg = c.overlay()
    assert kind(dlg) == "Dialog" and dlg.title == "Close the game?"
    assert "1 of 3 teams have ordered" in dlg.body and s.autosave_path.name in dlg.body
    c.shot("14_close_asks")
    c.key(pygame.K_ESCAPE)                        # keep playing
    assert c.app.running and not c.app.overlays
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    c.app.step()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert not c.app.step()                       # closed
    # a new window: Load, the list says what each file is; the round resumes
    c2 = make_app(tmp_path)
    c2.key(pygame.K_l)
    fl = c2.overlay()
    assert kind(fl) == "FileList"
    info = describe_save(s.autosave_path)
    assert info.ok and info.name == "Period 3" and info.turn == 1 and len(info.people) == 3
    shown = " | ".join(c2.texts())
    assert "Period 3" in shown and "turn 1 · 3 teams" in shown
    c2.shot("15_load_list")
    c2.key(pygame.K_DOWN, times=fl.files.index(s.autosave_path))
    c2.key(pygame.K_RETURN)
    s2 = c2.app.session
    assert s2.game.pending == {"rok": rok} and s2.draft("dprk") == dprk
    assert kind(c2.screen) == "PassScreen" and c2.screen.seat == "dprk"
    c2.key(pygame.K_RETURN)
    assert [(o.lever, o.target) for o in c2.screen.queue.items] == \
        [(o.lever, o.target) for o in dprk]
    c2.shot("16_resumed_dprk")
    # loading over this running game asks first
    c2.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    c2.key(pygame.K_RETURN)
    assert kind(c2.overlay()) == "Dialog" and c2.overlay().title.startswith("Load ")
    assert c2.app.session is s2
    c2.key(pygame.K_ESCAPE)
    assert c2.app.session is s2


def test_end_turn_is_taken_back_until_the_next_team_starts_and_unspent_pc_is_pointed_out(
        c: Class):
    s = setup_people(c, ("rok", "dprk"))
    g = s.game
    start_seat(c, "rok")
    queue_one(c)
    left = s.remaining("rok")
    assert left > 0
    c.key(pygame.K_e)
    dlg = c.overlay()
    assert kind(dlg) == "Dialog" and dlg.title == f"End the turn with {left} PC unspent?"
    c.shot("17_unspent_capital")
    c.key(pygame.K_ESCAPE)                        # keep ordering
    assert kind(c.screen) == "MainScreen" and "rok" not in g.pending
    c.end_turn()
    assert kind(c.screen) == "PassScreen" and c.screen.undo is not None
    c.shot("18_handover_take_back")
    mine = list(g.pending["rok"])
    c.key(pygame.K_u)
    assert kind(c.screen) == "MainScreen" and c.screen.seat == "rok"
    assert "rok" not in g.pending and s.draft("rok") == mine
    c.end_turn()
    c.key(pygame.K_RETURN)                        # North Korea starts: no taking back now
    assert kind(c.screen) == "MainScreen" and c.screen.seat == "dprk"
    assert s.can_reopen() is None


def test_the_timer_is_shown_to_the_room(c: Class):
    s = setup_people(c, ("rok", "dprk"))
    now = [1000.0]
    s.clock = lambda: now[0]
    start_seat(c, "rok")
    c.console(2)
    c.key(pygame.K_t)                             # 4 minutes a team
    c.key(pygame.K_ESCAPE)
    now[0] += 65
    shown = " | ".join(c.texts())
    assert "2:55 left · South Korea" in shown
    c.shot("19_timer_strip")
    now[0] += 200
    assert "TIME IS UP" in " | ".join(c.texts())
    c.shot("20_time_up")


def test_a_rewind_from_the_end_screen_takes_the_end_back(c: Class):
    s = setup_people(c, ("rok",))
    g = s.game
    start_seat(c, "rok")
    queue_one(c)
    c.end_turn()
    c.key(pygame.K_RETURN)
    start2 = g.digest()
    c.console(8)
    c.key(pygame.K_x)
    c.key(pygame.K_RETURN)
    assert g.over and kind(c.screen) == "EndScreen"
    panel = c.console(7)                          # F2 works on the end screen too
    assert panel.section.turn.value == 2
    c.key(pygame.K_w)
    c.key(pygame.K_RETURN)
    assert not g.over and g.digest() == start2
    c.key(pygame.K_ESCAPE)
    start_seat(c, "rok")
