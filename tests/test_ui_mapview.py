"""The map: projection, picking, shading, caching, annotations. Drawn under SDL's dummy driver;
screenshots go to tests/screenshots/ (look at them)."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import fonts  # noqa: E402
from game.ui import palette as P  # noqa: E402
from game.ui.mapview import ACTORS, MapView  # noqa: E402

SHOTS = Path(__file__).resolve().parent / "screenshots"
RECT = pygame.Rect(20, 30, 860, 600)          # offset on purpose: screen vs map coordinates
PYONGYANG = (125.75, 39.03)
CITIES = {"dprk": PYONGYANG, "rok": (126.98, 37.57), "japan": (139.69, 35.69),
          "china": (116.40, 39.90), "russia": (135.07, 48.48)}


@pytest.fixture(scope="module")
def screen():
    pygame.init()
    yield pygame.Surface((900, 660))
    pygame.quit()


@pytest.fixture
def mv(screen):
    m = MapView()
    screen.fill(P.BG)
    m.draw(screen, RECT, None)
    return m


def _rgb(surface, pos):
    return tuple(surface.get_at(pos))[:3]


def test_pyongyang_is_inside_north_korea_and_its_pin_picks_it(mv):
    p = mv.project(*PYONGYANG)
    assert RECT.collidepoint(p)
    assert mv.pick(p) == "dprk"
    assert mv.pick(mv.anchor("dprk")) == "dprk"


def test_every_state_is_picked_at_its_pin_and_at_a_city(mv):
    for actor in ACTORS:
        assert mv.pick(mv.anchor(actor)) == actor, actor
    for actor, (lon, lat) in CITIES.items():
        assert mv.pick(mv.project(lon, lat)) == actor, actor


def test_the_us_is_picked_anywhere_in_its_inset(mv):
    inset = mv.inset.move(RECT.topleft)
    for pos in (inset.center, (inset.x + 3, inset.bottom - 3), (inset.right - 3, inset.y + 3)):
        assert mv.pick(pos) == "us"


def test_sea_and_outside_the_map_pick_nothing(mv):
    for lon, lat in ((147.0, 40.0), (124.0, 36.5), (133.0, 30.0)):
        p = mv.project(lon, lat)
        assert not any(r.collidepoint(p) for r in (mv.chip_rect(a) for a in ACTORS))
        assert mv.pick(p) is None, (lon, lat)
    assert mv.pick((RECT.x - 5, RECT.y + 100)) is None
    assert mv.pick((RECT.right + 5, RECT.bottom + 5)) is None


def test_name_cards_pick_their_state(mv):
    for actor in ACTORS:
        r = mv.chip_rect(actor)
        assert r is not None and RECT.contains(r)
        assert mv.pick(r.center) == actor


def test_korea_is_big_enough_to_click(mv):
    # pick-surface pixels per state at 860x600: the peninsula must be a real target
    counts = {}
    for i, actor in enumerate(ACTORS, start=1):
        counts[actor] = pygame.mask.from_threshold(mv._pick, (i, 0, 0), (1, 1, 1, 255)).count()
    assert counts["dprk"] > 2500 and counts["rok"] > 2000, counts
    x0, y0 = mv.project(124.3, 42.5)
    x1, y1 = mv.project(130.7, 33.8)
    assert x1 - x0 > 70 and y1 - y0 > 140       # the peninsula's box on screen, pixels


def test_cards_do_not_overlap_each_other_or_cover_korea(screen):
    m = MapView()
    markers = [("dprk", "summit", "Summit"), ("dprk", "sanctions", "UN sanctions"),
               ("russia", "project", "Gas pipeline"), ("rok", "drill", "Drill"),
               ("us", "drill", "Drill"), ("japan", "covert", "")]
    for scale in (1.0, 1.5):
        fonts.set_text_scale(scale)
        try:
            m.draw(screen, RECT, None, {a: "100" for a in ACTORS}, markers=markers)
            rects = [m.chip_rect(a) for a in ACTORS]
            for i, a in enumerate(rects):
                assert a.collidelist(rects[i + 1:]) == -1, (scale, ACTORS[i])
            for city in (PYONGYANG, CITIES["rok"]):
                assert m.pick(m.project(*city)) in ("dprk", "rok")
                assert not any(r.collidepoint(m.project(*city)) for r in rects)
        finally:
            fonts.set_text_scale(1.0)


def test_cards_keep_clear_of_the_legend_and_avoid_rects(screen):
    m = MapView()
    m.draw(screen, RECT, None, {a: "-100" for a in ACTORS})
    corner = m.chip_rect("russia").inflate(40, 20)         # a caller's own box where Russia's card was
    m.draw(screen, RECT, None, {a: "-100" for a in ACTORS}, legend=(P.DIVERGING, "Relations"),
           avoid=[corner])
    legend = pygame.Rect(RECT.x, RECT.bottom - 120, 330, 120)
    for a in ACTORS:
        assert not m.chip_rect(a).colliderect(corner), a
        assert not m.chip_rect(a).colliderect(legend.inflate(-20, -20)), a


def test_shading_colours_the_state_and_only_that_state(screen, mv):
    p_pyongyang = mv.project(*PYONGYANG)
    p_seoul = mv.project(*CITIES["rok"])
    assert _rgb(screen, p_pyongyang) == P.LAND_PLAYER
    red = P.VERMILLION
    mv.draw(screen, RECT, {"dprk": red})
    assert _rgb(screen, p_pyongyang) == red
    assert _rgb(screen, mv.anchor("dprk")) == red     # the pin is a ring: its centre shows the fill
    assert _rgb(screen, p_seoul) == P.LAND_PLAYER
    mv.draw(screen, RECT, {"dprk": P.SEQUENTIAL(10), "rok": P.SEQUENTIAL(90)})
    assert _rgb(screen, p_pyongyang) == P.SEQUENTIAL(10)
    assert _rgb(screen, p_seoul) == P.SEQUENTIAL(90)


def test_base_map_is_built_once_per_size(screen):
    m = MapView()
    assert m.builds == 0
    m.draw(screen, RECT, None)
    m.draw(screen, RECT, {"china": P.BLUE}, {"china": "7"})
    m.draw(screen, RECT.move(5, 5), {"japan": P.BLUE}, highlight={"japan"}, selected="rok")
    assert m.builds == 1
    m.draw(screen, pygame.Rect(0, 0, 640, 400), None)
    assert m.builds == 2
    m.draw(screen, pygame.Rect(0, 0, 640, 400), {"us": P.ORANGE})
    assert m.builds == 2
    m.resize(640, 400)
    assert m.builds == 2
    fonts.set_text_scale(1.25)       # the base map holds text, so a text-size change rebuilds it
    try:
        m.draw(screen, pygame.Rect(0, 0, 640, 400), None)
        assert m.builds == 3
    finally:
        fonts.set_text_scale(1.0)


def _region_bytes(surface, rect):
    return pygame.image.tobytes(surface.subsurface(rect), "RGB")


def test_highlight_selected_lines_and_markers_draw_something(screen, mv):
    korea_west = pygame.Rect(0, 0, 40, 40)
    korea_west.center = mv.project(124.6, 39.8)
    base_rect = mv.chip_rect("dprk").copy()
    before = _region_bytes(screen, korea_west)
    mv.draw(screen, RECT, None, highlight={"dprk"}, now_ms=300)     # pulse at full strength
    assert _region_bytes(screen, korea_west) != before
    mv.draw(screen, RECT, None, selected="dprk")
    assert _region_bytes(screen, korea_west) != before

    magenta = (255, 0, 255)
    mv.draw(screen, RECT, None, lines=[("china", "dprk", magenta, 4, "dashed")])
    (ax, ay), (bx, by) = mv.anchor("china"), mv.anchor("dprk")
    on_line = sum(_rgb(screen, (round(ax + (bx - ax) * t / 100), round(ay + (by - ay) * t / 100))) == magenta
                  for t in range(101))
    assert 20 < on_line < 95          # dashed: ink and gaps

    mv.draw(screen, RECT, None, {"dprk": "31"}, markers=[("dprk", "summit", "Summit"),
                                                         ("dprk", "sanctions", "UN sanctions")])
    grown = mv.chip_rect("dprk")
    assert grown.h > base_rect.h + 40 and grown.w >= base_rect.w


def test_bad_actor_is_refused(mv):
    with pytest.raises(KeyError):
        mv.anchor("mongolia")


def test_screenshots(screen):
    """Saved for a person to look at: the map with an overlay, lines, markers and a legend."""
    SHOTS.mkdir(exist_ok=True)
    vals = {"us": 72, "russia": 55, "china": 64, "dprk": 31, "rok": 58, "japan": 80}
    m = MapView()
    for name, size, scale in (("map_overlay_860x600", (860, 600), 1.0),
                              ("map_overlay_830x434_text150", (830, 434), 1.5)):
        fonts.set_text_scale(scale)
        try:
            surf = pygame.Surface((size[0] + 20, size[1] + 20))
            surf.fill(P.BG)
            rel = {"us": 40, "russia": 10, "china": 55, "dprk": -100, "rok": -20, "japan": -60}
            shading = {a: (P.SEQUENTIAL(v) if scale == 1.0 else P.DIVERGING(rel[a])) for a, v in vals.items()}
            labels = {a: str(v if scale == 1.0 else rel[a]) for a, v in vals.items()}
            m.draw(surf, pygame.Rect(10, 10, *size), shading, labels,
                   lines=[("us", "rok", P.SKY_BLUE, 4, "solid"), ("us", "japan", P.SKY_BLUE, 4, "solid"),
                          ("china", "dprk", P.VERMILLION, 3, "dashed")],
                   markers=[("dprk", "summit", "Summit"), ("russia", "summit", "Summit"),
                            ("rok", "drill", "Drill"), ("us", "drill", "Drill"),
                            ("russia", "project", "Gas pipeline"), ("dprk", "sanctions", "UN sanctions")],
                   highlight={"dprk", "japan"}, selected="rok", now_ms=300,
                   legend=(P.SEQUENTIAL, "Stability") if scale == 1.0 else (P.DIVERGING, "Relations with N. Korea"))
            path = SHOTS / f"{name}.png"
            pygame.image.save(surf, str(path))
            assert path.stat().st_size > 10_000
        finally:
            fonts.set_text_scale(1.0)


@pytest.mark.parametrize("size", [(516, 406), (420, 320), (380, 260)])
def test_cards_always_name_states_never_codes(screen, size):
    """The trial (§17): the news map used full names with icons one turn and ISO codes the
    next. Crowded maps now drop markers and emblems first; the name is always the short one."""
    m = MapView()
    labels = {a: "+4.6" for a in ACTORS}
    markers = [(a, k, "x" * 12) for a in ("dprk", "rok", "japan") for k in ("summit", "sanctions")]
    seen: list[str] = []
    real = fonts.render

    def spy(text, *a, **kw):
        seen.append(text)
        return real(text, *a, **kw)
    fonts.render = spy
    try:
        screen.fill(P.BG)
        m.draw(screen, pygame.Rect(0, 0, *size), None, labels, markers=markers)
    finally:
        fonts.render = real
    for a in ACTORS:
        assert P.STATES[a].short in seen, (a, size)
        assert P.STATES[a].code not in seen or P.STATES[a].code == P.STATES[a].short, (a, size)
    pygame.image.save(screen.subsurface((0, 0, *size)),
                      SHOTS / f"mapview_names_{size[0]}x{size[1]}.png")


@pytest.mark.parametrize("size", [(440, 300), (500, 400), (630, 385), (860, 600)])
def test_us_inset_keeps_off_japan(screen, size):
    """The trial (§17): below 1280 px the US inset covered Japan; it now shrinks to the open
    Pacific south-east of Honshu."""
    m = MapView()
    screen.fill(P.BG)
    m.draw(screen, pygame.Rect(0, 0, *size), None)
    # the home islands, not the specks of the Ogasawara chain far out in the Pacific
    big = [r for r in m._actor_pts("japan")
           if max(x for x, _ in r) - min(x for x, _ in r) > 6]
    japan = [p for ring in big for p in ring]
    assert japan
    inside = [p for p in japan if m.inset.collidepoint(p)]
    assert not inside, (size, m.inset, inside[:3])
    assert m.inset.w >= 110
    pygame.image.save(screen.subsurface((0, 0, *size)),
                      SHOTS / f"mapview_inset_{size[0]}x{size[1]}.png")
