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
    assert "1 of 4 ordered" in seen and "ok ORDERED" in seen
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
