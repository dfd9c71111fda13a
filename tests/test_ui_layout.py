"""Layout checks that can fail: at every text size (100, 125, 150 %) at 1280x720 the main,
news, history and end screens draw no two pieces of text over each other and no text outside
the window, and at 100 % and 125 % the main screen cuts none of the labels a player needs.

Every string the widgets, charts and map draw is logged with its rectangle
(``fonts.start_log``); the map's state cards count as one box each.
"""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import fonts  # noqa: E402
from game.ui.app import App  # noqa: E402

pytestmark = pytest.mark.gui
SCENARIO = "vladivostok-2019.yaml"
SCALES = (1.0, 1.25, 1.5)


def press(app: App, k: int, mod: int = 0, times: int = 1) -> None:
    for _ in range(times):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=""))
        assert app.step()


def drawn(app: App) -> list[fonts.Drawn]:
    """Every text drawn on the window in one fresh frame."""
    fonts.start_log()
    try:
        app.draw()
    finally:
        log = fonts.stop_log()
    return [d for d in log if d.surface is app.surface and d.text.strip()]


def overlaps(items: list[fonts.Drawn]) -> list[tuple[fonts.Drawn, fonts.Drawn]]:
    out = []
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            if a.rect.colliderect(b.rect):
                out.append((a, b))
    return out


def outside(app: App, items: list[fonts.Drawn]) -> list[fonts.Drawn]:
    win = app.surface.get_rect()
    return [d for d in items if not win.contains(d.rect)]


def problems(app: App) -> list[str]:
    items = drawn(app)
    assert len(items) > 10, "nothing logged: is the text log wired up?"
    out = [f"overlap: {a!r} and {b!r}" for a, b in overlaps(items)]
    out += [f"outside the window: {d!r}" for d in outside(app, items)]
    return out


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """One single-player game (South Korea) played two turns, plus the screens to check."""
    app = App(saves_dir=tmp_path_factory.mktemp("saves"), seed=11, fps=0)
    app.show_briefings = False     # the briefing before turn 1: tests/test_gui_briefing.py
    app.baseline_games = 2         # the end screen's computer comparison, kept short
    pygame.event.clear()
    press(app, pygame.K_n)
    names = [e.path.name for e in app.screen.entries]
    press(app, pygame.K_DOWN, times=names.index(SCENARIO))
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)                  # the default: South Korea in person
    for _ in range(2):
        press(app, pygame.K_2)
        press(app, pygame.K_a)
        press(app, pygame.K_e)
        press(app, pygame.K_RETURN)              # past the news
    yield app
    app.set_text_scale(1.0)


def screens(app: App):
    """(name, screen) for the main screen (DPRK's dashboard: the most indicators), the last
    turn's news, the history and the end screen of a clone ended early."""
    from game.ui.screens.end import EndScreen
    from game.ui.screens.history import HistoryScreen
    from game.ui.screens.main import MainScreen
    from game.ui.screens.news import NewsScreen
    s = app.session
    main = MainScreen(app, s, "rok")
    main.selected = "dprk"
    if not s.draft("rok"):
        s.add(s.game.legal_orders("rok")[0])
    main.queue.sync()
    yield "main", main
    yield "news", NewsScreen(app, s)
    yield "history", HistoryScreen(app, s.game, "dprk")
    yield "end", EndScreen(app, s)


@pytest.mark.parametrize("scale", SCALES)
def test_no_text_overlaps_or_leaves_the_window(played, scale):
    app = played
    app.set_text_scale(scale)
    bad = []
    for name, screen in screens(app):
        app.show(screen)
        bad += [f"{name} at {scale:.0%}: {p}" for p in problems(app)]
    assert not bad, "\n".join(bad)


def cuts(app: App, allowed: list[pygame.Rect] = ()) -> list[fonts.Drawn]:
    """Texts cut off with an ellipsis, other than running prose and texts inside ``allowed``
    (lists whose rows are shown in full elsewhere, e.g. a headline in the detail below)."""
    return [d for d in drawn(app) if d.cut and not d.prose
            and not any(a.contains(d.rect) for a in allowed)]


@pytest.mark.parametrize("scale", (1.0, 1.25))
def test_main_screen_cuts_nothing_at_normal_and_125_percent(played, scale):
    """Names, pickers, the dashboard, the queue and the hints all fit (in short forms where
    need be): only the lever summary's prose may end in "…"."""
    app = played
    app.set_text_scale(scale)
    main = dict(screens(app))["main"]
    app.show(main)
    # the objectives' names may be cut in their two columns: each row's tooltip, the why
    # list (W) and the briefing give them in full
    allowed = [main.rects["objectives"]] if "objectives" in main.rects else []
    assert not cuts(app, allowed), cuts(app, allowed)


def test_at_150_percent_only_long_names_in_lists_are_cut(played):
    """At 150 % a long lever name in the lever list or the queue may be cut; nothing else
    (the news lists' rows, whose full text is in the detail panel, may be)."""
    app = played
    app.set_text_scale(1.5)
    ok = {"main": lambda s: [s.levers.list.rect, s.queue.rect] + [
              s.rects[k] for k in ("objectives",) if k in s.rects],
          "news": lambda s: [s.list.rect, s.cpu.rect],
          "history": lambda s: [], "end": lambda s: []}
    bad = []
    for name, screen in screens(app):
        app.show(screen)
        bad += [f"{name}: {d!r} <- {d.full!r}" for d in cuts(app, ok[name](screen))]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("scale", SCALES)
def test_nothing_is_left_out(played, scale):
    """Every indicator of the dashboard's state and every objective on the end screen is drawn
    (large text must not silently drop rows)."""
    from game.ui.panels import indicator_keys, short_indicator
    app = played
    app.set_text_scale(scale)
    g = app.session.game
    for name, screen in screens(app):
        if name not in ("main", "end"):
            continue
        app.show(screen)
        shown = {d.full or d.text for d in drawn(app)} | {d.text for d in drawn(app)}
        if name == "main":
            want = indicator_keys(g, screen.selected)
            missing = [lab for k, lab in want if lab not in shown
                       and short_indicator(k, lab) not in shown]
        else:
            actors = g.actors if screen.grid else [screen.order[screen.ranking.selected]]
            missing = [p["label"] for a in actors for p in g.rules.score_parts(g.state, a)
                       if p["label"] not in shown]
        assert not missing, (name, missing)


def test_the_layout_check_can_fail(played):
    """The checks see overlaps and text outside the window when there are some."""
    from game.ui.widgets import text
    app = played
    app.set_text_scale(1.0)
    app.show(dict(screens(app))["main"])
    real = app.screen.draw

    def clumsy(surf):
        real(surf)
        text(surf, "over the title", (12, 8))
        text(surf, "off the edge", (app.size[0] - 20, 300))
        text(surf, "a long label cut short", (700, 400), max_w=90)
    app.screen.draw = clumsy
    found = problems(app)
    assert any("over the title" in p and "overlap" in p for p in found)
    assert any("off the edge" in p and "outside" in p for p in found)
    allowed = [app.screen.rects["objectives"]] if "objectives" in app.screen.rects else []
    assert [d.full for d in cuts(app, allowed)] == ["a long label cut short"]


def test_text_on_a_selected_row_keeps_its_contrast(played):
    """Muted, disabled or accent text drawn on the selected row's blue turns to the text
    colour (those colours are under 4.5:1 there); elsewhere it keeps its colour."""
    from game.ui import palette as pal
    from game.ui.widgets import ListView, text, theme
    th = theme()
    colours: list[tuple] = []
    real = fonts.render

    def spy(s, size, colour, *a, **kw):
        colours.append(tuple(colour))
        return real(s, size, colour, *a, **kw)

    lv = ListView(["a", "b"], lambda surf, r, item, sel: text(surf, item, r.topleft, colour=th.muted),
                  rect=(0, 0, 300, 80), row_h=30)
    fonts.render = spy
    try:
        lv.draw(played.surface, False, False)
    finally:
        fonts.render = real
    assert pal.contrast_ratio(th.muted, th.selected) < 4.5
    assert colours == [tuple(th.text), tuple(th.muted)]      # row 0 is selected, row 1 not
