"""Charts, palette, fonts, icons and the theme, under SDL's dummy driver.
A chart screenshot goes to tests/screenshots/ (look at it)."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import itertools  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import charts, fonts, icons  # noqa: E402
from game.ui import palette as P  # noqa: E402

SHOTS = Path(__file__).resolve().parent / "screenshots"
ACTORS = ("us", "russia", "china", "dprk", "rok", "japan")


@pytest.fixture(scope="module")
def screen():
    pygame.init()
    yield pygame.display.set_mode((1280, 720))     # a display: icons convert surfaces
    pygame.quit()


def _ink(surface, rect, bg=P.BG) -> int:
    """How many pixels in rect differ from the background colour."""
    sub = surface.subsurface(rect)
    return sub.get_width() * sub.get_height() - pygame.mask.from_threshold(
        sub, (*bg, 255), (1, 1, 1, 255)).count()


def _outside_clean(surface, rect, bg=P.BG) -> bool:
    whole = surface.get_rect()
    return _ink(surface, whole, bg) == _ink(surface, rect, bg)


# --- charts -----------------------------------------------------------------------------------------
def test_sparkline_inks_its_rect_only(screen):
    screen.fill(P.BG)
    r = pygame.Rect(100, 100, 160, 32)
    charts.sparkline(screen, r, [50, 52, 47, 60, 58], P.YELLOW)
    assert _ink(screen, r) > 150
    assert _outside_clean(screen, r)
    assert tuple(screen.get_at((r.right - 6, r.top + 6)))[:3] == P.YELLOW    # the last, highest value


def test_sparkline_edge_cases(screen):
    screen.fill(P.BG)
    r = pygame.Rect(10, 10, 120, 30)
    charts.sparkline(screen, r, [], P.YELLOW)
    assert _ink(screen, r) == 0
    charts.sparkline(screen, r, [42], P.YELLOW)            # one value: a flat line
    charts.sparkline(screen, r.move(0, 40), [5, 5, 5], P.YELLOW)
    assert _ink(screen, r) > 50 and _ink(screen, r.move(0, 40)) > 50


def test_line_chart_axes_labels_and_bounds(screen):
    screen.fill(P.BG)
    r = pygame.Rect(40, 40, 760, 420)
    series = {"North Korea": [40, 44, 41, 50], "South Korea": [60, 58, 61, 59], "Japan": [59, 58, 60, 60]}
    cols = {"North Korea": P.YELLOW, "South Korea": P.BLUE, "Japan": P.OI_WHITE}
    plot = charts.line_chart(screen, r, series, cols, "Scores", "score", ["T0", "T1", "T2", "T3"], (0, 100))
    assert r.contains(plot) and plot.w > r.w // 2 and plot.h > r.h // 2
    assert _outside_clean(screen, r)
    # every line is named at its end, in a readable version of its colour, right of the plot
    names = pygame.Rect(plot.right + 1, r.y, r.right - plot.right - 2, r.h)
    for name, colour in cols.items():
        want = P.readable(colour, P.PANEL)
        hits = pygame.mask.from_threshold(screen.subsurface(names), (*want, 255), (8, 8, 8, 255)).count()
        assert hits > 20, name
    # the y range is respected: 40 is drawn 60 % of the way up, at the first turn
    y40 = plot.bottom - 0.4 * plot.h
    col = [tuple(screen.get_at((plot.left + 6, round(y40) + d)))[:3] for d in range(-3, 4)]
    assert P.YELLOW in col


def test_line_chart_without_range_or_labels_and_empty(screen):
    screen.fill(P.BG)
    r = pygame.Rect(0, 0, 500, 300)
    charts.line_chart(screen, r, {"debt": [1.5, 2.25, 3.0]}, {"debt": P.ORANGE}, "Debt", "$bn", None)
    assert _ink(screen, r) > 2000
    screen.fill(P.BG)
    charts.line_chart(screen, r, {}, {}, "Nothing yet", "value", None)
    assert _ink(screen, r) > 500           # panel, title and axes still drawn


def test_nice_ticks():
    assert charts.nice_ticks(0, 100, 5) == [0, 25, 50, 75, 100]
    t = charts.nice_ticks(-3.2, 7.9, 5)
    assert t[0] >= -3.2 and t[-1] <= 7.9 and len(t) >= 4
    steps = {round(b - a, 6) for a, b in zip(t, t[1:])}
    assert len(steps) == 1 and steps.pop() in (1, 2, 2.5, 5)


def test_bar_vertical_and_horizontal(screen):
    screen.fill(P.BG)
    v = pygame.Rect(1000, 40, 150, 400)
    charts.bar(screen, v, 72, 0, 100, P.ORANGE, "Tension",
               {"calm": 0, "uneasy": 30, "tense": 50, "crisis": 70, "brink": 85}, top_label="WAR")
    assert _ink(screen, v) > 3000 and _outside_clean(screen, v)
    orange = pygame.mask.from_threshold(screen.subsurface(v), (*P.ORANGE, 255), (1, 1, 1, 255)).count()
    assert orange > 1500                    # the filled part of the gauge
    screen.fill(P.BG)
    h = pygame.Rect(40, 500, 300, 50)
    charts.bar(screen, h, 25, 0, 100, P.SKY_BLUE, "Nuclear talks", {"none": 0, "bilateral": 30})
    assert _ink(screen, h) > 800 and _outside_clean(screen, h)
    # a fuller bar fills more
    screen.fill(P.BG)
    charts.bar(screen, h, 90, 0, 100, P.SKY_BLUE, "Nuclear talks")
    full = pygame.mask.from_threshold(screen.subsurface(h), (*P.SKY_BLUE, 255), (1, 1, 1, 255)).count()
    screen.fill(P.BG)
    charts.bar(screen, h, 10, 0, 100, P.SKY_BLUE, "Nuclear talks")
    low = pygame.mask.from_threshold(screen.subsurface(h), (*P.SKY_BLUE, 255), (1, 1, 1, 255)).count()
    assert full > 3 * low > 0


# --- palette ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["deuteranopia", "protanopia"])
def test_state_colours_stay_apart_with_colour_blindness(kind):
    for a, b in itertools.combinations(ACTORS, 2):
        d = P.cvd_distance(P.STATES[a].colour, P.STATES[b].colour, kind)
        assert d > 20, (kind, a, b, round(d, 1))


def test_states_differ_by_more_than_colour():
    for attr in ("code", "short", "hatch", "marker"):
        values = [getattr(P.STATES[a], attr) for a in ACTORS]
        assert len(set(values)) == len(values), attr


def test_text_contrast_is_high():
    for fg, bg in ((P.TEXT, P.BG), (P.TEXT, P.PANEL), (P.TEXT_DIM, P.BG), (P.TEXT_DIM, P.PANEL)):
        assert P.contrast_ratio(fg, bg) >= 7, (fg, bg)
    for a in ACTORS:
        assert P.contrast_ratio(P.readable(P.STATES[a].colour, P.PANEL), P.PANEL) >= 4.5
        fill = P.STATES[a].colour
        assert P.contrast_ratio(P.text_on(fill), fill) >= 4.0


def test_ramps():
    seq = [P.luminance(P.SEQUENTIAL(v)) for v in range(0, 101, 5)]
    assert all(b > a for a, b in zip(seq, seq[1:]))        # sequential: lighter as it rises
    assert P.SEQUENTIAL(-50) == P.SEQUENTIAL(0) and P.SEQUENTIAL(150) == P.SEQUENTIAL(100)
    assert P.DIVERGING(-100) == P.VERMILLION and P.DIVERGING(100) == P.BLUE
    mid = P.DIVERGING(0)
    assert min(mid) > 200                                   # neutral is light
    assert P.cvd_distance(P.DIVERGING(-100), P.DIVERGING(100)) > 40
    assert P.SEQUENTIAL.ticks(5) == [0, 25, 50, 75, 100]


def test_legend_and_swatches_draw(screen):
    screen.fill(P.BG)
    r = pygame.Rect(50, 50, 300, 80)
    P.draw_legend(screen, r, P.DIVERGING, "Relations")
    assert _ink(screen, r) > 3000 and _outside_clean(screen, r)
    s = pygame.Rect(400, 50, 40, 40)
    P.draw_swatch(screen, s, "rok")
    assert _ink(screen, s) == 40 * 40


# --- fonts, icons, theme ----------------------------------------------------------------------------
def test_font_sizes_follow_the_text_scale():
    try:
        fonts.set_text_scale(1.0)
        body = fonts.font(fonts.BODY).get_height()
        assert fonts.font(fonts.SMALL).size("Hg")[1] >= 18           # body text >= 18 px
        fonts.set_text_scale(1.5)
        assert fonts.font(fonts.BODY).get_height() >= body * 1.4
        assert fonts.render("Seoul", fonts.BODY, P.TEXT).get_height() >= body * 1.4
        with pytest.raises(ValueError):
            fonts.set_text_scale(9)
    finally:
        fonts.set_text_scale(1.0)
    assert fonts.font_path() is not None and fonts.font_path(bold=True) is not None


def test_wrap():
    lines = fonts.wrap("Moscow invites Kim Jong-un to Vladivostok for a first summit", fonts.BODY, 200)
    assert len(lines) > 1
    assert all(fonts.size(line, fonts.BODY)[0] <= 200 for line in lines if " " in line)


def test_the_fonts_ship_with_the_game_and_their_licence():
    from game.resources import assets_folder
    regular, bold = fonts.font_path(), fonts.font_path(bold=True)
    assert regular.name == "NotoSans-Regular.ttf" and bold.name == "NotoSans-Bold.ttf"
    folder = assets_folder() / "fonts"
    assert regular == folder / "NotoSans-Regular.ttf" and bold == folder / "NotoSans-Bold.ttf"
    licence = (folder / "NotoSans-LICENSE.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License, Version 1.1" in licence
    assert fonts.font(fonts.BODY).get_height() > fonts.font(fonts.SMALL).get_height()


def test_icons_load_and_label():
    for a in ACTORS:
        for size in (64, 32, 24):
            assert icons.state_icon(a, size).get_size() == (size, size)
        assert icons.labelled_state(a, 32).get_width() > 32 + 20
    for g in P.LEVER_GROUPS:
        assert icons.group_icon(g, 32).get_size() == (32, 32)
        assert icons.labelled_group(g).get_width() > 40
    for k in P.MARKER_KINDS:
        assert icons.marker_icon(k, 24).get_size() == (24, 24)
    with pytest.raises(KeyError):
        icons.state_icon("mongolia")


def test_chart_screenshot(screen):
    """Saved for a person to look at: scores of six states, sparklines, the track gauges."""
    SHOTS.mkdir(exist_ok=True)
    screen.fill(P.BG)
    names = {"us": "USA", "russia": "Russia", "china": "China", "dprk": "N. Korea", "rok": "S. Korea",
             "japan": "Japan"}
    base = {"us": 40, "russia": 62, "china": 52, "dprk": 63, "rok": 86, "japan": 85}
    series = {names[a]: [base[a] + ((i * (3 + k)) % 7) - 3 for i in range(9)] for k, a in enumerate(ACTORS)}
    cols = {names[a]: P.STATES[a].colour for a in ACTORS}
    styles = {names[a]: (P.STATES[a].dash, P.STATES[a].marker) for a in ACTORS}
    months = ["Apr 2019", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec 2019"]
    charts.line_chart(screen, pygame.Rect(20, 20, 760, 420), series, cols, "Scores", "score (0-100)",
                      months, (0, 100), styles)
    for i, a in enumerate(ACTORS):
        y = 30 + i * 46
        screen.blit(icons.labelled_state(a, 28), (810, y))
        charts.sparkline(screen, pygame.Rect(960, y, 130, 32), series[names[a]], P.STATES[a].colour)
    charts.bar(screen, pygame.Rect(1110, 20, 150, 420), 72, 0, 100, P.ORANGE, "Tension",
               {"calm": 0, "uneasy": 30, "tense": 50, "crisis": 70, "brink": 85}, top_label="WAR")
    for j, (label, v, c) in enumerate((("UN sanctions", 80, P.VERMILLION), ("Nuclear talks", 35, P.SKY_BLUE),
                                       ("Ukraine", 55, P.REDDISH_PURPLE))):
        charts.bar(screen, pygame.Rect(20 + j * 260, 470, 240, 50), v, 0, 100, c, label,
                   {"none": 0, "bilateral": 30, "six-party": 70} if label == "Nuclear talks" else None)
    P.draw_legend(screen, pygame.Rect(20, 560, 300, 80), P.SEQUENTIAL, "Stability")
    P.draw_legend(screen, pygame.Rect(340, 560, 300, 80), P.DIVERGING, "Relations with me")
    for i, g in enumerate(P.LEVER_GROUPS):
        screen.blit(icons.labelled_group(g, 32), (680 + (i % 2) * 280, 560 + (i // 2) * 44))
    path = SHOTS / "charts.png"
    pygame.image.save(screen, str(path))
    assert path.stat().st_size > 10_000


# --- labels that never collide ---------------------------------------------------------------------
def test_spread_keeps_labels_apart_and_near_their_points():
    assert charts.spread([10, 100], 20, 0, 200) == [10, 100]          # apart already: untouched
    out = charts.spread([50, 52, 54], 20, 0, 200)
    assert [b - a for a, b in zip(out, out[1:])] == [20, 20]
    assert sum(out) / 3 == pytest.approx(52)                          # centred on where they want
    out = charts.spread([195, 198, 199], 20, 0, 200)                  # pushed in from the edge
    assert out[-1] <= 200 and out[1] - out[0] >= 20 and out[2] - out[1] >= 20
    out = charts.spread([0, 1, 2, 3, 4, 5], 20, 0, 60)                # more than fit: still apart
    assert all(b - a >= 20 for a, b in zip(out, out[1:]))


def test_value_text_never_contradicts_the_stage():
    assert charts.value_text(49.6, [0, 30, 50]) == "49.6"             # "50" would read "tense"
    assert charts.value_text(50.4, [0, 30, 50]) == "50"
    assert charts.value_text(72.0, [0, 30, 50]) == "72"


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_gauges_draw_no_text_over_text(screen, scale):
    """The upright gauge's stage names (only as many as fit) and a bar's title, value and WAR
    never overlap each other, at normal and large text."""
    fonts.set_text_scale(scale)
    try:
        stages = {"calm": 0, "uneasy": 30, "tense": 50, "crisis": 70, "brink": 85}
        for rect, v in ((pygame.Rect(20, 20, 130, 300), 72), (pygame.Rect(200, 20, 110, 200), 49.6),
                        (pygame.Rect(400, 20, 300, 80), 55)):
            screen.fill(P.BG)
            fonts.start_log()
            charts.bar(screen, rect, v, 0, 100, P.ORANGE, "Tension", stages, top_label="WAR")
            log = fonts.stop_log()
            names = [d.text for d in log] + [d.full for d in log if d.full]
            assert "WAR" in names and charts.value_text(v, list(stages.values())) in names
            for i, a in enumerate(log):
                assert rect.contains(a.rect), (scale, a)
                for b in log[i + 1:]:
                    assert not a.rect.colliderect(b.rect), (scale, a, b)
            if rect.h > rect.w:                            # the current stage is always named
                assert ("crisis" if v == 72 else "uneasy") in names
    finally:
        fonts.set_text_scale(1.0)
