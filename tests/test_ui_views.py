"""The front end reads the engine's views: the news screen shows each item's own changes (the
double count of two rebuffs in one turn), the lever panel offers exactly the seat's lever
choices, and hidden things stay hidden on the shared screen. Screenshots in tests/screenshots/.
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
from game.ui import fonts  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.describe import effects_text  # noqa: E402
from game.ui.session import Session  # noqa: E402

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
S2019 = ROOT / "scenarios" / "vladivostok-2019.yaml"


def texts(app: App) -> list[str]:
    fonts.start_log()
    try:
        app.draw()
    finally:
        log = fonts.stop_log()
    return [d.text for d in log if d.surface is app.surface]


def key(app: App, k: int, times: int = 1) -> None:
    for _ in range(times):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""))
        assert app.step()


@pytest.fixture
def app(tmp_path):
    a = App(saves_dir=tmp_path / "saves", seed=11, fps=0)
    a.show_briefings = False     # the briefing before turn 1: tests/test_gui_briefing.py
    a.baseline_games = 2
    pygame.event.clear()
    yield a


def _session(overrides: list[str], humans: list[str], tmp: Path) -> Session:
    text = S2019.read_text()
    return Session.new(text, str(S2019), 1, {a: "human" for a in humans}, overrides=overrides,
                       saves_dir=tmp)


def test_news_screen_shows_each_rebuff_its_own_change(app, tmp_path):
    # (Pyongyang rebuffing Moscow's summit and ceremony: only Russia invites to Victory Day)
    s = _session(["events=[]"], ["dprk"], tmp_path)
    g = s.game

    def turn(*orders: Order) -> None:
        for a in g.actors:
            g.submit(a, [o for o in orders if o.actor == a])
        g.resolve()

    turn(Order("russia", "propose_summit", "dprk", "none"),
         Order("russia", "invite_ceremony", "dprk", "none"))
    turn(Order("dprk", "rebuff_invitation", "russia", "summit"),
         Order("dprk", "rebuff_invitation", "russia", "ceremony"))
    app.start(s)
    app.go("news", session=s, view=s.turn_view())
    screen = app.screen
    assert type(screen).__name__ == "NewsScreen"
    rebuffs = [i for i, n in enumerate(screen.items) if n.cause.lever == "rebuff_invitation"]
    assert len(rebuffs) == 2
    for n, i in enumerate(rebuffs):
        screen.list.select(i)
        shown = " | ".join(texts(app))
        assert "−5 RUS–DPRK relations" in shown, shown
        assert "−10" not in shown
        app.screenshot(SHOTS / f"views_news_rebuff_{n + 1}.png")


def test_lever_panel_offers_the_seats_lever_choices(app, tmp_path):
    s = _session([], ["rok"], tmp_path)
    app.start(s)
    screen = app.screen
    assert type(screen).__name__ == "MainScreen"
    panel = screen.levers
    view = s.seat_view("rok")
    assert list(panel.choices) == [lc.lever for lc in view.levers]
    for group, lids in panel.by_group.items():
        assert all(panel.choices[lid].group == group for lid in lids)
    # the preview of the chosen order is its option's expected effects, as the view says
    key(app, pygame.K_2)
    lc = panel.choice()
    t = next(t for t in lc.targets if t.target == panel.target.value)
    opt = next(o for o in t.options if o.option == panel.option.value)
    assert opt.expected and panel.preview == effects_text(opt.expected, limit=4) + (
        [f"secret; {round(lc.detection * 100)}% base chance of being caught"] if lc.covert
        else [])
    # queueing updates what the seat can still afford
    before = s.remaining("rok")
    key(app, pygame.K_a)
    assert s.remaining("rok") == before - lc.cost
    assert [o.lever for o in screen.queue.items] == [lc.lever]
    assert all(panel.choices[lid].affordable == (panel.choices[lid].cost <= s.remaining("rok"))
               for lid in panel.choices)
    app.screenshot(SHOTS / "views_main_lever_panel.png")


def test_shared_screen_hides_computer_covert_orders(app, tmp_path):
    s = _session(["events=[]", "levers.workers_abroad.detection=0",
                  "levers.workers_abroad.params.watch=0"], ["us", "japan"], tmp_path)
    g = s.game
    for a in g.actors:
        g.submit(a, [Order("russia", "workers_abroad", "dprk", reason="quiet money")]
                 if a == "russia" else [])
    g.resolve()
    app.start(s)
    app.go("news", session=s, view=s.turn_view())
    screen = app.screen
    assert screen.viewer is None                    # two people share the screen
    assert all(n.public for n in screen.items)
    assert "workers_abroad" not in [o.lever for o in screen.computer]
    assert "quiet money" not in " | ".join(texts(app))
