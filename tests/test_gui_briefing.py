"""Briefings and the debrief in the front end, driven as a person would (synthetic keys under
SDL's dummy driver, screenshots in tests/screenshots/gui_brief_*.png and gui_end_*.png)."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui.app import App  # noqa: E402

from test_gui_flow import SCENARIO, Driver, kind, pick_scenario  # noqa: E402
from test_debrief import external_references  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def d(tmp_path) -> Driver:
    app = App(saves_dir=tmp_path / "saves", seed=11, fps=0)
    app.baseline_games = 3
    pygame.event.clear()
    return Driver(app)


def hotseat_rok_and_dprk(d: Driver) -> None:
    pick_scenario(d, SCENARIO)
    d.key(pygame.K_DOWN, times=3)
    d.key(pygame.K_SPACE)                      # North Korea: a person too
    d.key(pygame.K_RETURN)
    assert d.app.session.humans == ["dprk", "rok"]


def test_each_team_reads_its_briefing_before_its_first_turn(d: Driver):
    hotseat_rok_and_dprk(d)
    s = d.app.session
    assert kind(d.screen) == "PassScreen" and d.screen.seat == "dprk"
    d.key(pygame.K_RETURN)                     # "We are North Korea"
    b = d.screen
    assert kind(b) == "BriefingScreen" and b.seat == "dprk"
    shown = " | ".join(d.texts())
    assert "Briefing: North Korea" in shown and "You are North Korea" in shown
    assert "Who you are" in shown and "Start our turn  [Enter]" in shown
    d.shot("brief_01_dprk_top")
    # scroll down to the levers and the others; the text and its passages are there
    d.key(pygame.K_END)
    assert b.scroll == b.max_scroll() > 0
    shown = " | ".join(d.texts())
    assert "What the others probably want" in shown and "— odd-couple-2015" in shown
    d.shot("brief_02_dprk_end")
    d.key(pygame.K_HOME)
    assert b.scroll == 0
    d.key(pygame.K_PAGEDOWN)
    assert b.scroll > 0
    # print: the HTML is written next to the saves, and the dialog says where
    d.key(pygame.K_p, mod=pygame.KMOD_CTRL)
    path = s.saves_dir / "vladivostok-2019-briefing-dprk.html"
    assert path.exists() and kind(d.overlay()) == "Dialog"
    assert str(path) in d.overlay().body
    page = path.read_text()
    assert "You are North Korea" in page and external_references(page) == []
    d.shot("brief_03_printed")
    d.key(pygame.K_RETURN)                     # OK
    d.key(pygame.K_RETURN)                     # start our turn
    assert kind(d.screen) == "MainScreen" and d.screen.seat == "dprk"
    d.end_turn()
    if kind(d.overlay()) == "Dialog":          # "no orders: end the turn?"
        d.key(pygame.K_RETURN)
    # the next team: hand-over, then its own briefing
    assert kind(d.screen) == "PassScreen" and d.screen.seat == "rok"
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "BriefingScreen" and d.screen.seat == "rok"
    assert "You are South Korea" in " | ".join(d.texts())
    d.key(pygame.K_ESCAPE)                     # Esc goes on too
    assert kind(d.screen) == "MainScreen" and d.screen.seat == "rok"
    main = d.screen
    # B: the briefing again, and back to the same main screen
    d.key(pygame.K_b)
    assert kind(d.screen) == "BriefingScreen" and d.screen.seat == "rok"
    assert "Back to the game  [Enter]" in " | ".join(d.texts())
    d.key(pygame.K_RETURN)
    assert d.screen is main
    # and from the help: F1 lists B, and B there opens it
    d.key(pygame.K_F1)
    assert kind(d.overlay()) == "HelpOverlay"
    assert any("briefing" in t for t in d.texts())
    d.key(pygame.K_b)
    assert kind(d.screen) == "BriefingScreen" and not d.app.overlays
    d.key(pygame.K_ESCAPE)
    assert d.screen is main
    d.end_turn()
    if kind(d.overlay()) == "Dialog":
        d.key(pygame.K_RETURN)
    assert len(s.game.reports) == 1
    # turn 2: no briefing in the way any more
    d.key(pygame.K_RETURN)                     # the news
    assert kind(d.screen) == "PassScreen"
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "MainScreen"


@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
def test_the_briefing_reads_at_every_text_size(d: Driver, scale):
    pick_scenario(d, SCENARIO)
    d.key(pygame.K_RETURN)                     # South Korea alone: no hand-over
    assert kind(d.screen) == "BriefingScreen" and d.screen.seat == "rok"
    d.app.set_text_scale(scale)
    d.app.step()
    b = d.screen
    shown = d.texts()
    assert "Briefing: South Korea" in shown
    body = [ln.text for ln in b.lines]
    assert any(t.startswith("You are South Korea") for t in body)
    # nothing drawn wider than the page, and the buttons on screen
    assert all(pygame.font.Font.size for _ in [0])
    w, h = d.app.size
    for btn in (b.go_b, b.print_b):
        assert btn.rect.right <= w and btn.rect.bottom <= h and btn.rect.w > 0
    d.shot(f"brief_04_rok_{int(scale * 100)}")
    d.key(pygame.K_PAGEDOWN, times=3)
    d.shot(f"brief_05_rok_{int(scale * 100)}_page4")


def test_end_screen_ranks_against_the_computer_and_writes_the_debrief(d: Driver):
    pick_scenario(d, SCENARIO)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_RETURN)                     # past the briefing
    assert kind(d.screen) == "MainScreen"
    s = d.app.session
    d.end_turn()
    if kind(d.overlay()) == "Dialog":
        d.key(pygame.K_RETURN)
    d.key(pygame.K_RETURN)                     # news → the next turn
    d.key(pygame.K_F2)                         # the teacher ends the game
    d.key(pygame.K_x)
    d.key(pygame.K_RETURN)
    end = d.screen
    assert kind(end) == "EndScreen" and s.game.over
    assert end.wait_baseline(120)
    d.app.step()
    shown = " | ".join(d.texts())
    assert "Ranked by the result less what the computer achieved" in shown
    teams = end.teams
    assert all(t.computer is not None for t in teams.values())
    # the order on screen is by the result against the computer, not by raw score
    order = end.order
    shown_versus = [round(teams[a].versus, 1) for a in order]   # as the cards show it
    assert shown_versus == sorted(shown_versus, reverse=True)
    assert [teams[a].rank for a in order] == sorted(teams[a].rank for a in order)
    lead = order[0]
    assert f"{teams[lead].versus:+.1f}" in shown
    d.shot("end_01_ranked")
    # D: the debrief written next to the saves, and the dialog says where
    d.key(pygame.K_d)
    end.wait_debrief(120)
    d.app.step()
    assert kind(d.overlay()) == "Dialog"
    path = next(s.saves_dir.glob("vladivostok-2019-debrief-*.html"))
    assert str(path) in d.overlay().body
    page = path.read_text()
    assert "Results against the computer" in page and external_references(page) == []
    assert "Computer from this seat: mean (10–90 %)" in page and "over 3 all-computer games" in page
    assert "Ended the game early" in page
    d.shot("end_02_debrief_written")


def test_a_war_end_screen_says_everyone_lost(tmp_path):
    app = App(saves_dir=tmp_path / "saves", seed=5, fps=0,
              overrides=["tracks.tension.value=97"])
    app.baseline_games = 2
    app.show_briefings = False
    pygame.event.clear()
    d = Driver(app)
    pick_scenario(d, SCENARIO)
    d.key(pygame.K_DOWN, times=3)
    d.key(pygame.K_SPACE)                      # North Korea: a person
    d.key(pygame.K_DOWN)
    d.key(pygame.K_SPACE)                      # South Korea: the computer
    d.key(pygame.K_RETURN)
    d.key(pygame.K_3)
    levers = d.screen.levers.list.items
    d.key(pygame.K_DOWN, times=levers.index("nuclear_test"))
    d.key(pygame.K_a)
    d.key(pygame.K_e)                          # warned first (tests/test_gui_screen.py)
    assert kind(d.overlay()) == "Dialog" and "war" in d.overlay().title
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RETURN)                     # End turn anyway
    if kind(d.overlay()) == "Dialog":          # PC left unspent: end it all the same
        d.key(pygame.K_RETURN)
    d.key(pygame.K_RETURN)
    end = d.screen
    assert kind(end) == "EndScreen" and app.session.game.state.war
    assert end.wait_baseline(120)
    d.app.step()
    shown = " | ".join(d.texts())
    assert "WAR — everyone lost" in shown and "every state scores 0" in shown
    assert end.grid                            # six cards, each with its numbers
    assert not end.ranked and all(t.rank is None for t in end.teams.values())
    assert not any(t.startswith(("1. ", "2. ")) for t in d.texts())
    us = end.teams["us"]
    assert us.before_war and us.computer is not None
    assert any(f"before the war {us.before_war:.0f}" in t or f"was {us.before_war:.0f}" in t
               for t in d.texts())
    d.shot("end_03_war")
