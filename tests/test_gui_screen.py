"""The main screen as a class meets it (issue 10 §1, §3, §6), driven as a person would under
SDL's dummy driver: the seat's objectives with weights and points, "why?" on every number (the
engine's breakdown, matching the ledger), tooltips, the war warning, the first-game guide,
the invitations inbox, a lever's full details, and the trial's fixes (the target kept, joint
drills with an ally, a click that only selects, the Enter that started the game, settings
remembered, the stability map's contrast). Screenshots go to tests/screenshots/gui_s*.png.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import mapdata  # noqa: E402
from game.ui import settings as user_settings  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.describe import number  # noqa: E402
from game.ui.screens.why import delta  # noqa: E402
from game.ui.widgets import clean  # noqa: E402

from test_gui_flow import SCENARIO, Driver, kind, pick_scenario  # noqa: E402

pytestmark = pytest.mark.gui


NOTES = Path("/work/notes/shots/screen")


class ShotDriver(Driver):
    """Screenshots in tests/screenshots/, and in the team's notes folder when it exists."""

    def shot(self, name: str):
        p = super().shot(name)
        if NOTES.is_dir():
            import shutil
            shutil.copy(p, NOTES / p.name)
        return p


@pytest.fixture(autouse=True)
def _mouse_home():
    """Tooltips follow the mouse: leave it where it shows none, for the tests after these."""
    yield
    pygame.mouse.set_pos((0, 0))


def make(tmp_path, guide: bool = False, seed: int = 11, overrides=None) -> Driver:
    conf = tmp_path / "config" / "settings.json"
    conf.parent.mkdir(parents=True, exist_ok=True)
    if not conf.exists():
        conf.write_text(json.dumps({"guide": guide}))
    app = App(saves_dir=tmp_path / "saves", seed=seed, fps=0, settings_path=conf,
              overrides=overrides)
    app.show_briefings = False
    app.baseline_games = 2
    pygame.event.clear()
    return ShotDriver(app)


def start(d: Driver, humans: tuple[str, ...] = ("rok",)) -> None:
    """Pick the scenario and seat exactly ``humans`` in person (the default is South Korea)."""
    pick_scenario(d, SCENARIO)
    setup = d.screen
    # toggle with the keys: Down to the row, Space
    order = [s.actor for s in setup.seats]
    d.key(pygame.K_HOME)
    for i, a in enumerate(order):
        if setup.seats[i].human != (a in humans):
            d.key(pygame.K_SPACE)
        d.key(pygame.K_DOWN)
    assert sorted(s.actor for s in setup.seats if s.human) == sorted(humans)
    d.key(pygame.K_RETURN)


def shown(d: Driver) -> str:
    return " | ".join(clean(t) for t in d.texts())


def play_turn(d: Driver) -> None:
    """Queue the highlighted diplomacy lever, end the turn, read the news, continue."""
    d.key(pygame.K_2)
    d.key(pygame.K_a)
    d.end_turn()
    assert kind(d.screen) == "NewsScreen"
    d.key(pygame.K_RETURN)
    assert kind(d.screen) == "MainScreen"


# ---------------------------------------------------------------------------- §1 objectives, why
def test_objectives_on_screen_and_why_matches_the_ledger(tmp_path):
    d = make(tmp_path)
    start(d)
    s = d.app.session
    g = s.game
    play_turn(d)
    m = d.screen
    v = s.seat_view("rok")
    text_now = shown(d)
    assert "Your objectives" in text_now and f"score {v.score:.1f}" in text_now
    for o in v.objectives:
        assert f"×{o.weight:g}" in text_now and f"{o.points:.1f}" in text_now
        if abs(o.change) >= 0.05:
            assert number(o.change) in text_now
        assert any(k == o.key for _, k in m.hits), f"objective {o.key} cannot be asked why"
    d.shot("s01_objectives_after_turn1")

    # click the tension bar: the engine's breakdown, its parts adding up to the ledger's
    rect = next(r for r, k in m.hits if k == "track.tension")
    pygame.mouse.set_pos(rect.center)
    tip = shown(d)
    assert "Tension" in tip and "WAR" in tip or "war" in tip
    assert "every state scores 0" in tip
    d.shot("s02_tension_tooltip")
    d.click(rect.center)
    why = d.overlay()
    assert kind(why) == "WhyOverlay" and why.key == "track.tension"
    b = g.breakdown("track.tension", "rok")
    assert why.breakdown == b
    ledger = sum(dl for t, k, dl, _ in g.ledger.entries if k == "track.tension" and t == 1)
    assert abs(sum(p.delta for p in b.parts) - b.change) < 1e-6
    assert abs(b.change - ledger) < 1e-6 and b.parts
    page = shown(d)
    for p in b.parts:
        assert clean(p.label)[:30] in page and delta(p.delta) in page
    d.shot("s03_why_tension")
    d.key(pygame.K_ESCAPE)
    assert not d.app.overlays

    # the keyboard: W asks about the seat's score; Down moves on to the next number
    pygame.mouse.set_pos((2, 2))
    d.key(pygame.K_w)
    why = d.overlay()
    assert kind(why) == "WhyOverlay" and why.key == "score.rok"
    sb = g.breakdown("score.rok", "rok")
    assert [o.key for o in sb.objectives] == [o.key for o in v.objectives]
    page = shown(d)
    assert f"{number(sb.change)} points" in page
    for o in sb.objectives:
        assert clean(o.label) in page
    d.shot("s04_why_score")
    d.key(pygame.K_DOWN)
    assert why.key == why.list.items[1] and why.breakdown == g.breakdown(why.key, "rok")
    d.key(pygame.K_TAB)                         # into the breakdown: scroll it
    d.key(pygame.K_PAGEDOWN)
    d.key(pygame.K_w)
    assert not d.app.overlays

    # every indicator of the dashboard and the score asks the same way
    keys = {k for _, k in m.hits}
    assert {"score.rok", "rok.economy", "track.un_sanctions", "rok.capital"} <= keys


def test_news_map_opens_the_score_breakdown(tmp_path):
    d = make(tmp_path)
    start(d)
    d.key(pygame.K_2)
    d.key(pygame.K_a)
    d.end_turn()
    assert kind(d.screen) == "NewsScreen"
    g = d.app.session.game
    d.app.draw()
    mv = d.app.mapview("news")
    d.click(mv.chip_rect("japan").center)
    why = d.overlay()
    assert kind(why) == "WhyOverlay" and why.key == "score.japan"
    b = g.breakdown("score.japan", "rok")
    assert why.breakdown == b
    assert abs(b.change - d.screen.view.score_changes["japan"]) < 0.01
    d.shot("s05_news_why_japan")
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_w)
    assert kind(d.overlay()) == "WhyOverlay" and d.overlay().key == "score.rok"
    d.key(pygame.K_ESCAPE)
    # a headline in full by keyboard: every change it made and its whole passage
    news = d.screen
    item = max(news.items, key=lambda n: len(n.changes))
    d.key(pygame.K_DOWN, times=news.items.index(item))
    d.key(pygame.K_l)
    r = d.overlay()
    assert kind(r) == "Reader" and r.title == item.headline
    page = clean(" ".join(ln for ln, *_ in r.lines))
    for c in item.changes:
        if abs(c.delta) >= 0.05:
            assert clean(f"{number(c.delta)} {c.short}") in page
    if item.cause.source:
        assert clean(item.cause.source)[-30:] in page
    d.shot("s05b_news_item_in_full")


def test_war_warning_before_ending_the_turn(tmp_path):
    d = make(tmp_path, seed=5, overrides=["tracks.tension.value=97"])
    start(d, ("dprk",))
    s = d.app.session
    d.key(pygame.K_3)
    levers = d.screen.levers.list.items
    d.key(pygame.K_DOWN, times=levers.index("nuclear_test"))
    d.key(pygame.K_a)
    v = s.seat_view("dprk")
    assert v.war_risk and "War risk" in shown(d)
    d.key(pygame.K_e)
    dlg = d.overlay()
    assert kind(dlg) == "Dialog" and "war" in dlg.title and "every state scores 0" in dlg.body
    assert f"{v.tension_expected:.0f}" in dlg.body
    d.shot("s06_war_warning")
    d.key(pygame.K_RETURN)                     # the focused button: Change my orders
    assert kind(d.screen) == "MainScreen" and not s.game.reports
    d.key(pygame.K_e)
    d.key(pygame.K_ESCAPE)                     # Esc keeps playing too
    assert not s.game.reports
    d.key(pygame.K_DELETE)
    assert not s.seat_view("dprk").war_risk


# ---------------------------------------------------------------------------- §3 guide, inbox
def test_first_game_guide_keyboard_mouse_and_remembered(tmp_path):
    d = make(tmp_path, guide=True)
    start(d)
    guide = d.overlay()
    assert kind(guide) == "GuideOverlay" and guide.step == 0
    d.shot("s07_guide_welcome")
    d.key(pygame.K_RIGHT)
    assert guide.step == 1 and "objectives" in guide.steps[1][2]
    d.shot("s08_guide_objectives")
    d.key(pygame.K_a)                          # the screen below waits: no order queued
    assert not d.app.session.draft("rok")
    d.key(pygame.K_ESCAPE)                     # dismissed by keyboard
    assert not d.app.overlays
    conf = d.app.settings_path
    assert json.loads(conf.read_text())["guide"] is False
    # a new game on the same computer: not shown again
    d2 = make(tmp_path)
    start(d2)
    assert not d2.app.overlays
    # unless asked: G, then the mouse: Next, then the lever step queues the lever with A
    d2.key(pygame.K_g)
    guide = d2.overlay()
    assert kind(guide) == "GuideOverlay"
    d2.click(guide.next_b.rect.center)
    assert guide.step == 1
    d2.click(guide.back_b.rect.center)
    assert guide.step == 0
    while guide.steps[guide.step][2] != "levers":
        d2.click(guide.next_b.rect.center)
    d2.shot("s09_guide_lever")
    d2.key(pygame.K_a)
    assert len(d2.app.session.draft("rok")) == 1 and guide.step > 0
    d2.click(guide.close_b.rect.center)        # dismissed by mouse
    assert not d2.app.overlays


def test_invitations_inbox_answers_by_keyboard(tmp_path):
    d = make(tmp_path)
    start(d, ("dprk",))
    s = d.app.session
    d.key(pygame.K_e)
    d.key(pygame.K_RETURN)                     # end without orders: yes
    d.key(pygame.K_RETURN)                     # the news: continue
    v = s.seat_view("dprk")
    assert v.invitations, "the computer players invited North Korea to nothing"
    assert f"Invitations: {len(v.invitations)}" in shown(d)
    d.key(pygame.K_i)
    box = d.overlay()
    assert kind(box) == "InboxOverlay" and len(box.list.items) == len(v.invitations)
    page = shown(d)
    for p in v.invitations:
        assert s.game.rules.name(p.proposer) in page
    d.shot("s10_inbox")
    first = box.list.items[0]
    d.key(pygame.K_a)
    draft = s.draft("dprk")
    assert [(o.lever, o.target, o.option) for o in draft] == \
        [("accept_invitation", first.proposer, first.kind)]
    d.key(pygame.K_r)                          # change of mind: the rebuff replaces it
    assert [(o.lever, o.target) for o in s.draft("dprk")] == \
        [("rebuff_invitation", first.proposer)]
    d.shot("s11_inbox_rebuffed")
    d.key(pygame.K_DELETE)
    assert s.draft("dprk") == []
    d.key(pygame.K_ESCAPE)
    assert kind(d.screen) == "MainScreen" and d.screen.queue.items == []


def test_capital_explained(tmp_path):
    d = make(tmp_path)
    start(d)
    m = d.screen
    v = m.view
    assert "not carried over" in v.capital_note or "carried" in v.capital_note
    rect = next(r for r, k in m.hits if k == "rok.capital")
    pygame.mouse.set_pos(rect.center)
    tip = shown(d).replace(" | ", " ")
    assert f"gets {v.capital_per_turn} PC at the start of every turn" in tip
    d.shot("s12_capital_tooltip")


# ---------------------------------------------------------------------------- §6 the trial's fixes
def test_target_kept_drills_with_an_ally_and_a_click_only_selects(tmp_path):
    d = make(tmp_path)
    start(d, ("china",))
    s = d.app.session
    lv = d.screen.levers
    d.key(pygame.K_2)                          # diplomacy: a summit, with North Korea
    assert lv.lever() == "propose_summit"
    while lv.target.value != "dprk":
        d.key(pygame.K_t)
    # a lever without a target (the trial: China's "Down×3 A" on loose enforcement)...
    d.key(pygame.K_1)
    d.key(pygame.K_DOWN, times=lv.list.items.index("enforce_loosely"))
    assert lv.lever() == "enforce_loosely" and lv.target.value is None
    d.key(pygame.K_a)
    # ...then a lever with several targets: North Korea is still the one offered
    d.key(pygame.K_4)
    d.key(pygame.K_DOWN, times=lv.list.items.index("trade_agreement"))
    assert lv.lever() == "trade_agreement" and lv.target.value == "dprk"
    assert lv.choice().suggested != "dprk"     # kept because it was chosen, not by chance
    # joint drills: the engine's suggested partner, never the adversary
    d2 = make(tmp_path)
    start(d2, ("us",))
    lv2 = d2.screen.levers
    d2.key(pygame.K_3)
    d2.key(pygame.K_DOWN, times=lv2.list.items.index("joint_drills"))
    assert lv2.target.value in ("rok", "japan")
    assert lv2.target.value == lv2.choice().suggested
    # a click on the highlighted lever selects it, it does not queue it
    d2.key(pygame.K_2)
    d2.click(lv2.list.row_rect(0).center)
    d2.click(lv2.list.row_rect(0).center)
    assert s is not d2.app.session and d2.app.session.draft("us") == []
    d2.click(lv2.add_b.rect.center)
    assert len(d2.app.session.draft("us")) == 1


def test_the_enter_that_starts_the_game_queues_nothing(tmp_path, monkeypatch):
    d = make(tmp_path)
    pick_scenario(d, SCENARIO)
    held = {pygame.K_RETURN}

    class Keys:
        def __getitem__(self, k):
            return k in held
    monkeypatch.setattr(pygame.key, "get_pressed", lambda: Keys())
    d.key(pygame.K_RETURN)                     # Start the game, the key still down...
    assert kind(d.screen) == "MainScreen"
    s = d.app.session
    d.key(pygame.K_RETURN, times=3)            # ...its repeats reach the main screen
    assert s.draft("rok") == []
    held.clear()
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_RETURN, mod=0))
    d.app.step()
    d.key(pygame.K_RETURN)                     # a new press is a choice: it adds
    assert len(s.draft("rok")) == 1


def test_lever_details_list_every_effect_and_the_passage(tmp_path):
    d = make(tmp_path)
    start(d, ("dprk",))
    lv = d.screen.levers
    d.key(pygame.K_3)
    d.key(pygame.K_DOWN, times=lv.list.items.index("missile_test"))
    opt = next(o for o in lv._options() if o.option == lv.option.value)
    d.key(pygame.K_l)
    r = d.overlay()
    assert kind(r) == "Reader"
    page = " ".join(ln for ln, *_ in r.lines)
    effs = [c for c in opt.expected if abs(c.delta) >= 0.05]
    assert len(effs) > 4
    for c in effs:
        assert clean(f"{number(c.delta)} {c.short}") in page
    assert "and " + str(len(effs) - 4) + " more" not in page
    assert clean(lv.choice().passage)[:40] in clean(page)
    d.shot("s13_lever_details")
    d.key(pygame.K_END)
    d.key(pygame.K_ESCAPE)
    assert not d.app.overlays
    assert "and 5 more" not in shown(d)


def test_settings_remembered_and_a_bad_file_gives_defaults(tmp_path):
    d = make(tmp_path)
    d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
    assert d.app.text_scale == 1.25
    conf = d.app.settings_path
    assert json.loads(conf.read_text())["text_scale"] == 1.25
    d2 = make(tmp_path)
    assert d2.app.text_scale == 1.25
    conf.write_text("{not json")
    assert user_settings.load(conf) == user_settings.Settings()
    conf.write_text('{"text_scale": "huge", "guide": false, "future": 1}')
    got = user_settings.load(conf)
    assert got.text_scale == 1.0 and got.guide is False
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        if os.geteuid() != 0:
            assert user_settings.save(got, ro / "x" / "settings.json") is False
    finally:
        ro.chmod(0o700)


def test_stability_map_spreads_its_shades(tmp_path):
    d = make(tmp_path)
    start(d)
    g = d.app.session.game
    shading, labels, legend, _ = mapdata.overlay(g, "stability", "rok")
    values = [g.state.values[f"{a}.stability"] for a in g.actors]
    lo, hi = min(values), max(values)
    ramp = legend[0]
    assert ramp.lo <= lo and ramp.hi >= hi and ramp.hi - ramp.lo <= 60
    # the lowest and the highest state differ clearly in lightness
    from game.ui.palette import luminance
    dark = min(shading.values(), key=luminance)
    light = max(shading.values(), key=luminance)
    assert luminance(light) - luminance(dark) > 0.25
    while d.screen.overlay != 1:
        d.key(pygame.K_m)
    d.shot("s14_map_stability")


def test_watch_mode_labels_no_state_me(tmp_path):
    d = make(tmp_path)
    pick_scenario(d, SCENARIO)
    d.key(pygame.K_c)
    d.key(pygame.K_RETURN)
    assert d.screen.seat is None
    assert "me" not in [clean(t) for t in d.texts()]
    assert "objectives" in shown(d)


def test_target_label_shown_for_every_target(tmp_path):
    """The trial (§20): "Target: Russia" but plain "North Korea" on the same picker; the
    label now stays, with the short name when the full one does not fit."""
    d = make(tmp_path)
    start(d, ("us",))
    lv = d.screen.levers
    d.key(pygame.K_1)
    assert lv.lever() == "impose_unilateral_sanctions" or len(lv.target.options) > 1
    seen = []
    for _ in range(len(lv.target.options)):
        drawn = [clean(t) for t in d.texts()]
        name = next(o for o in lv.target.options if o[0] == lv.target.value)
        on = [t for t in drawn if t.endswith(name[1]) or (len(name) > 2 and t.endswith(name[2]))]
        assert any(t.startswith("Target: ") for t in on), (name, on)
        seen.append(lv.target.value)
        if lv.target.value == "dprk":
            d.shot("s20_target_label_dprk")
        d.key(pygame.K_t)
    assert "dprk" in seen


def test_sanctions_map_colours_one_measure_and_names_the_other(tmp_path):
    """The trial (§17): "enforces 40" and "exposed 49" shared one colour ramp. Now the colour
    is enforcement only; North Korea, the target, stays grey and its label names exposure."""
    from game.ui import palette as P
    d = make(tmp_path)
    start(d, ("china",))
    g = d.app.session.game
    shading, labels, legend, _ = mapdata.overlay(g, "sanctions", "china")
    assert "dprk" not in shading and labels["dprk"].startswith("exposed ")
    assert all(a in shading and labels[a].startswith("enforces ") for a in g.actors if a != "dprk")
    assert "enforce" in legend[1].lower() and "exposure" not in legend[1].lower()
    while mapdata.OVERLAYS[d.screen.overlay][0] != "sanctions":
        d.key(pygame.K_m)
    d.app.draw()
    mv = d.app.mapview()

    def around(lon, lat):
        x, y = mv.project(lon, lat)
        return {tuple(d.app.surface.get_at((x + i, y + j)))[:3]
                for i in range(-3, 4) for j in range(-3, 4)}
    north = around(127.4, 40.6)                # inland, north of Hamhung
    south = around(128.3, 36.4)                # inland South Korea
    assert P.LAND_PLAYER in north and shading["china"] not in north, north
    assert shading["rok"] in south and P.LAND_PLAYER not in south, south
    tip = mapdata.OVERLAY_TIPS["sanctions"]
    assert "enforces" in tip and "exposure" in tip
    d.shot("s17_map_sanctions")


def test_us_inset_clear_of_japan_in_a_900x600_window(tmp_path):
    """The trial (§17, screenshot 73): at 900 x 600 the US inset covered Japan."""
    d = make(tmp_path)
    start(d, ("dprk",))
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=900, h=600, size=(900, 600)))
    d.app.step()
    assert d.app.size == (900, 600)
    pygame.mouse.set_pos((456, 300))           # in the gutter: no tooltip over the map
    d.app.step()
    d.app.draw()
    mv = d.app.mapview()
    big = [r for r in mv._actor_pts("japan") if max(x for x, _ in r) - min(x for x, _ in r) > 6]
    assert big and not any(mv.inset.collidepoint(p) for r in big for p in r), mv.inset
    d.shot("s17_inset_900x600")
