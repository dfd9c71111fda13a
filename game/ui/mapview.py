"""The Northeast Asia map: projected once per size, shaded and annotated per frame.

``MapView`` loads assets/map/northeast-asia.geojson once, projects it (Mercator; the view box
106-151 E, 24-55.5 N is fitted inside the rect, so Korea and Japan are large, and a wider rect
shows more) and draws a cached base map for each size. A frame then costs one blit of the cached,
shaded map (re-shaded only when the overlay colours change) plus lines, pins and each state's
card (emblem, name, label, markers), laid out once per change so cards never overlap each other,
the Korean peninsula or a legend. The United States is an inset in the Pacific corner.
Clicking is a lookup in a per-country pick-colour surface (cards and the inset pick too).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pygame

from . import ASSETS, fonts, icons
from . import palette as P

DEFAULT_PATH = ASSETS / "map" / "northeast-asia.geojson"
ACTORS = ("us", "russia", "china", "dprk", "rok", "japan")
ISO_ACTOR = {"USA": "us", "RUS": "russia", "CHN": "china", "PRK": "dprk", "KOR": "rok", "JPN": "japan"}
DEFAULT_VIEW = (106.0, 151.0, 24.0, 55.5)          # lon west, lon east, lat south, lat north

# Pin points inside each state (lines meet here) and where its name chip goes.
ANCHORS: dict[str, tuple[float, float]] = {
    "russia": (131.0, 51.5), "china": (112.5, 37.0), "dprk": (126.6, 40.0),
    "rok": (127.9, 36.4), "japan": (139.6, 37.2),
}
# (lon, lat, align): align "center" puts the chip on the point, "left"/"right" puts that edge on it.
CALLOUTS: dict[str, tuple[float, float, str]] = {
    "russia": (131.0, 51.5, "center"), "china": (112.5, 37.0, "center"),
    "dprk": (130.6, 40.9, "left"), "rok": (124.6, 34.6, "right"), "japan": (142.3, 36.2, "left"),
}
KOREA_BOX = (125.0, 129.8, 34.6, 42.4)        # cards keep off the peninsula so its shading shows
CONTEXT_LABELS = {"MNG": ("Mongolia", 105.0, 46.5), "TWN": ("Taiwan", 121.0, 24.3)}
US_MAINLAND = (-125.5, -66.0, 24.0, 50.0)
SEA_CORNER = (141.6, 34.6)       # lon, lat: open sea south-east of here (Honshu ends at ~140.9E)
INSET_MIN_W = 110                # below this the inset may reach Japan rather than vanish
MARKER_ORDER = ("summit", "drill", "project", "sanctions", "covert")
Line = tuple[str, str, tuple[int, int, int], int, str]


def _merc(lat: float) -> float:
    lat = min(85.0, max(-85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(slots=True)
class _Ring:
    lon: list[float]    # degrees, 0..360 (antimeridian fixed)
    y: list[float]      # Mercator y (radians)
    box: tuple[float, float, float, float]   # lon0, lon1, y0, y1


class MapView:
    """The game map. See the module docstring; screens use draw(), pick() and anchor()."""

    _layout_cache: dict               # the last _layout()'s cards, for _layout_key

    def __init__(self, path: str | Path | None = None,
                 view: tuple[float, float, float, float] = DEFAULT_VIEW) -> None:
        self.path = Path(path) if path else DEFAULT_PATH
        self.view = view
        self.builds = 0                      # how many times a base map was drawn (tests, benches)
        self.rings: dict[str, list[_Ring]] = {}
        self.us_inset_rings: list[_Ring] = []
        self._load()
        self._key: tuple | None = None
        self.size = (0, 0)
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._chips: dict[str, pygame.Rect] = {}
        self._comp_key: tuple | None = None
        self._comp: pygame.Surface | None = None
        self._outline_cache: dict[tuple[str, str], tuple[pygame.Surface, tuple[int, int]]] = {}

    # --- loading and projection ----------------------------------------------------------------
    def _load(self) -> None:
        data = json.loads(self.path.read_text(encoding="utf-8"))
        for feat in data["features"]:
            fid = feat.get("id") or feat["properties"].get("iso_a3") or "OTHER"
            geom = feat["geometry"]
            polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
            rings = []
            for poly in polys:
                ext = poly[0]                                  # exterior ring; holes are specks
                lon = [x + 360.0 if x < 0 else float(x) for x, _ in ext]
                y = [_merc(la) for _, la in ext]
                ring = _Ring(lon, y, (min(lon), max(lon), min(y), max(y)))
                rings.append(ring)
                if fid == "USA":
                    w, e, s, n = US_MAINLAND
                    if ring.box[0] >= w + 360 and ring.box[1] <= e + 360 and ring.box[2] >= _merc(s - 1):
                        self.us_inset_rings.append(ring)
            self.rings[fid] = rings

    def _fit(self, w: int, h: int) -> None:
        lon0, lon1, lat0, lat1 = self.view
        y0, y1 = _merc(lat0), _merc(lat1)
        self.k = min(w / math.radians(lon1 - lon0), h / (y1 - y0))      # pixels per radian
        self.c_lon = (lon0 + lon1) / 2
        self.c_y = (y0 + y1) / 2
        half_w, half_h = w / 2 / self.k, h / 2 / self.k
        self.vis = (self.c_lon - math.degrees(half_w), self.c_lon + math.degrees(half_w),
                    self.c_y - half_h, self.c_y + half_h)
        # the US inset sits in the open Pacific south-east of Japan: as large as the map
        # allows, but never over Honshu (the trial §17: below 1280 px it covered Japan)
        iw = int(min(max(0.24 * w, 170), 340))
        x0, y0 = self._local(*SEA_CORNER)
        room_w, room_h = w - 10 - max(0, x0), h - 10 - max(0, y0)
        iw = max(INSET_MIN_W, min(iw, int(room_w), int(room_h / 0.62)))
        ih = int(iw * 0.62)
        self.inset = pygame.Rect(w - iw - 10, h - ih - 10, iw, ih)

    def _local(self, lon: float, lat: float) -> tuple[float, float]:
        if lon < 0:
            lon += 360.0
        w, h = self.size
        x = w / 2 + math.radians(lon - self.c_lon) * self.k
        y = h / 2 - (_merc(lat) - self.c_y) * self.k
        return x, y

    def _ring_pts(self, r: _Ring) -> list[tuple[float, float]] | None:
        v = self.vis
        if r.box[1] < v[0] or r.box[0] > v[1] or r.box[3] < v[2] or r.box[2] > v[3]:
            return None
        w, h = self.size
        kx = math.pi / 180 * self.k
        x0 = w / 2 - self.c_lon * kx
        y0 = h / 2 + self.c_y * self.k
        k = self.k
        return [(x0 + lon * kx, y0 - y * k) for lon, y in zip(r.lon, r.y)]

    def _inset_pts(self, r: _Ring) -> list[tuple[float, float]]:
        w, e, s, n = US_MAINLAND
        box = self.inset.inflate(-16, -16)
        box.height -= self._inset_title_h           # the title sits along the bottom
        y0, y1 = _merc(s), _merc(n)
        k = min(box.w / math.radians(e - w), box.h / (y1 - y0))
        cx, cy = (w + e) / 2 + 360.0, (y0 + y1) / 2
        return [(box.centerx + math.radians(lon - cx) * k, box.centery - (y - cy) * k)
                for lon, y in zip(r.lon, r.y)]

    def project(self, lon: float, lat: float) -> tuple[int, int]:
        """Screen position of a longitude/latitude (after the last resize/draw)."""
        x, y = self._local(lon, lat)
        return round(x) + self.rect.x, round(y) + self.rect.y

    # --- the cached base map ----------------------------------------------------------------------
    def resize(self, w: int, h: int) -> None:
        """Prepare the map for a w x h rect; the base map is only rebuilt when the size changes."""
        key = (int(w), int(h), fonts.text_scale())
        if key == self._key:
            return
        self._key = key
        self.size = (int(w), int(h))
        if self.rect.size != self.size:
            self.rect = pygame.Rect(self.rect.topleft, self.size)
        self._build()

    def _build(self) -> None:
        w, h = self.size
        self.builds += 1
        self._fit(w, h)
        self._inset_title_h = fonts.font(fonts.SMALL).get_linesize() + 2
        self._pts: dict[str, list[list[tuple[float, float]]]] = {}
        for fid, rings in self.rings.items():
            self._pts[fid] = [p for p in (self._ring_pts(r) for r in rings)
                              if p is not None and len(p) > 2]
        self._inset_us = [self._inset_pts(r) for r in self.us_inset_rings]

        base = pygame.Surface((w, h))
        base.fill(P.SEA)
        self._graticule(base)
        for fid, colour in (("OTHER", P.LAND_OTHER), ("MNG", P.LAND_CONTEXT), ("TWN", P.LAND_CONTEXT)):
            for pts in self._pts.get(fid, []):
                pygame.draw.polygon(base, colour, pts)
                pygame.draw.lines(base, P.COAST, True, pts, 1)
        for fid, (name, lon, lat) in CONTEXT_LABELS.items():
            t = fonts.render(name, fonts.SMALL, P.TEXT_DIM)
            x, y = self._local(lon, lat)
            tr = t.get_rect(center=(round(x), round(y)))
            if base.get_rect().contains(tr):
                base.blit(t, tr)
        # the US inset box
        pygame.draw.rect(base, P.SEA_INSET, self.inset)
        pygame.draw.rect(base, P.BORDER, self.inset, 2)
        for title in ("United States (inset)", "United States", "USA"):
            t = fonts.render(title, fonts.SMALL, P.TEXT_DIM)
            if t.get_width() <= self.inset.w - 12:
                base.blit(t, (self.inset.x + 6, self.inset.bottom - t.get_height() - 3))
                break
        self.base = base

        pick = pygame.Surface((w, h))
        pick.fill((0, 0, 0))
        for i, actor in enumerate(ACTORS, start=1):
            for pts in self._actor_pts(actor):
                pygame.draw.polygon(pick, (i, 0, 0), pts)
        pygame.draw.rect(pick, (1 + ACTORS.index("us"), 0, 0), self.inset)
        self._pick = pick

        self.anchors_local: dict[str, tuple[int, int]] = {}
        for actor, (lon, lat) in ANCHORS.items():
            x, y = self._local(lon, lat)
            self.anchors_local[actor] = (round(x), round(y))
        ux, uy = self._inset_local(-90.0, 36.0)
        self.anchors_local["us"] = (round(ux), round(uy))
        self._comp_key = None
        self._outline_cache.clear()

    def _inset_local(self, lon: float, lat: float) -> tuple[float, float]:
        r = _Ring([lon + 360.0], [_merc(lat)], (0, 0, 0, 0))
        return self._inset_pts(r)[0]

    def _actor_pts(self, actor: str) -> list[list[tuple[float, float]]]:
        iso = next(k for k, v in ISO_ACTOR.items() if v == actor)
        pts = list(self._pts.get(iso, []))
        if actor == "us":
            pts += self._inset_us
        return pts

    def _graticule(self, s: pygame.Surface) -> None:
        w, h = self.size
        for lon in range(90, 200, 10):
            x, _ = self._local(lon, 0)
            if 0 <= x < w:
                pygame.draw.line(s, P.GRATICULE, (x, 0), (x, h))
        for lat in range(0, 80, 10):
            _, y = self._local(self.c_lon, lat)
            if 0 <= y < h:
                pygame.draw.line(s, P.GRATICULE, (0, y), (w, y))

    # --- per-shading composite -----------------------------------------------------------------
    def _composite(self, shading: Mapping[str, tuple[int, int, int]] | None) -> pygame.Surface:
        key = tuple(sorted((a, tuple(c)) for a, c in (shading or {}).items()))
        if key == self._comp_key and self._comp is not None:
            return self._comp
        comp = self.base.copy()
        fills = dict(key)
        for actor in ACTORS:
            colour = fills.get(actor, P.LAND_PLAYER)
            for pts in self._actor_pts(actor):
                pygame.draw.polygon(comp, colour, pts)
        for actor in ACTORS:
            for pts in self._actor_pts(actor):
                pygame.draw.lines(comp, P.COAST, True, pts, 3)
        for actor in ACTORS:
            for pts in self._actor_pts(actor):
                pygame.draw.aalines(comp, P.COAST_LIGHT, True, pts)
        self._comp_key, self._comp = key, comp
        return comp

    def _outline(self, actor: str, kind: str) -> tuple[pygame.Surface, tuple[int, int]]:
        """A thick outline of a state on a transparent surface cropped to the state (cached)."""
        hit = self._outline_cache.get((actor, kind))
        if hit:
            return hit
        rings = self._actor_pts(actor)
        xs = [x for r in rings for x, _ in r]
        ys = [y for r in rings for _, y in r]
        w, h = self.size
        x0, y0 = max(0, int(min(xs)) - 6), max(0, int(min(ys)) - 6)
        x1, y1 = min(w, int(max(xs)) + 7), min(h, int(max(ys)) + 7)
        s = pygame.Surface((max(1, x1 - x0), max(1, y1 - y0)), pygame.SRCALPHA)
        colour, width = (P.ACCENT, 5) if kind == "highlight" else (P.SELECT, 3)
        for r in rings:
            pts = [(x - x0, y - y0) for x, y in r]
            pygame.draw.lines(s, (*P.COAST, 255), True, pts, width + 4)
        for r in rings:
            pts = [(x - x0, y - y0) for x, y in r]
            pygame.draw.lines(s, (*colour, 255), True, pts, width)
        self._outline_cache[(actor, kind)] = (s, (x0, y0))
        return s, (x0, y0)

    # --- public API ----------------------------------------------------------------------------
    def anchor(self, actor: str) -> tuple[int, int]:
        """Screen position of a state's pin point (lines and markers refer to it)."""
        if actor not in ACTORS:
            raise KeyError(f"unknown state {actor!r}")
        if self._key is None:
            raise RuntimeError("MapView.anchor() before resize() or draw()")
        x, y = self.anchors_local[actor]
        return x + self.rect.x, y + self.rect.y

    def chip_rect(self, actor: str) -> pygame.Rect | None:
        """Screen rect of a state's name chip as last drawn (None before the first draw)."""
        return self._chips.get(actor)

    def pick(self, pos: tuple[int, int], tolerance: int = 4) -> str | None:
        """The state at a screen position (its land, its name chip or, for the US, the inset)."""
        if self._key is None:
            return None
        for actor, r in self._chips.items():
            if r.collidepoint(pos):
                return actor
        x, y = pos[0] - self.rect.x, pos[1] - self.rect.y
        w, h = self.size
        if not (0 <= x < w and 0 <= y < h):
            return None
        for d in range(tolerance + 1):           # forgive a near miss on a coast
            for dx, dy in ((0, 0),) if d == 0 else ((d, 0), (-d, 0), (0, d), (0, -d),
                                                     (d, d), (-d, d), (d, -d), (-d, -d)):
                px, py = x + dx, y + dy
                if 0 <= px < w and 0 <= py < h:
                    i = self._pick.get_at((px, py))[0]
                    if i:
                        return ACTORS[i - 1]
        return None

    def draw(self, surface: pygame.Surface, rect: pygame.Rect | Sequence[int],
             shading: Mapping[str, tuple[int, int, int]] | None,
             labels: Mapping[str, str] | None = None,
             lines: Iterable[Line] = (),
             markers: Iterable[tuple[str, str, str]] = (),
             highlight: Iterable[str] = frozenset(),
             selected: str | None = None,
             *, legend: tuple[P.Ramp, str] | None = None,
             avoid: Iterable[pygame.Rect] = (),
             now_ms: int | None = None, cards: bool = True) -> None:
        """Draw the map into ``rect``: states filled from ``shading`` (actor -> colour; others
        grey), a name chip per state with ``labels[actor]`` after the name, ``lines`` between
        states, ``markers`` (actor, kind, text) beside the chips, a pulsing outline round the
        ``highlight`` states, a white outline round ``selected``, and an optional ramp legend
        (bottom left). Cards keep clear of the legend and of any ``avoid`` rects (screen
        coordinates, e.g. a legend the caller draws itself). ``cards=False``: the bare map (a
        backdrop, e.g. behind the title screen's text)."""
        rect = pygame.Rect(rect)
        self.rect = rect
        self.resize(rect.w, rect.h)
        clip = surface.get_clip()
        surface.set_clip(rect.clip(clip) if clip else rect)
        surface.blit(self._composite(shading), rect)
        highlight = set(highlight)
        t = (pygame.time.get_ticks() if now_ms is None else now_ms) / 1000.0
        pulse = 150 + round(105 * math.sin(t * 2 * math.pi / 1.2))
        for actor in ACTORS:
            if actor in highlight:
                s, (ox, oy) = self._outline(actor, "highlight")
                s.set_alpha(pulse)
                surface.blit(s, (rect.x + ox, rect.y + oy))
        if selected in ACTORS:
            s, (ox, oy) = self._outline(selected, "selected")
            s.set_alpha(255)
            surface.blit(s, (rect.x + ox, rect.y + oy))
        for a, b, colour, width, style in lines:
            self._line(surface, self.anchor(a), self.anchor(b), colour, width, style)
        legend_rect = None
        if legend is not None:
            lw = min(300, rect.w // 3)
            lh = fonts.font(fonts.SMALL, True).get_linesize() * 2 + 34
            legend_rect = pygame.Rect(10, rect.h - lh - 10, lw, lh)
        keep_clear = [pygame.Rect(a).move(-rect.x, -rect.y) for a in avoid]
        if legend_rect is not None:
            keep_clear.append(legend_rect)
        if cards:
            self._draw_annotations(surface, labels or {}, markers, highlight, selected,
                                   keep_clear)
        if legend is not None and legend_rect is not None:
            P.draw_legend(surface, legend_rect.move(rect.topleft), legend[0], legend[1])
        surface.set_clip(clip)

    # --- drawing pieces ------------------------------------------------------------------------
    @staticmethod
    def _line(surface: pygame.Surface, a: tuple[int, int], b: tuple[int, int],
              colour: tuple[int, int, int], width: int, style: str) -> None:
        segs: list[tuple[tuple[float, float], tuple[float, float]]] = [(a, b)]
        if style == "dashed":
            length = math.dist(a, b)
            dash, gap = 14, 9
            segs = []
            d = 0.0
            while d < length:
                e = min(length, d + dash)
                f0, f1 = d / length, e / length
                segs.append(((a[0] + (b[0] - a[0]) * f0, a[1] + (b[1] - a[1]) * f0),
                             (a[0] + (b[0] - a[0]) * f1, a[1] + (b[1] - a[1]) * f1)))
                d = e + gap
        for p, q in segs:
            pygame.draw.line(surface, P.COAST, p, q, width + 4)
        for p, q in segs:
            pygame.draw.line(surface, colour, p, q, width)

    def _card_surface(self, actor: str, label: str | None, items: Sequence[tuple[str, str]],
                      compact: int = 0) -> tuple[pygame.Surface, int]:
        """A state's card: emblem, name and label on the first row, one row per marker below.
        ``compact`` 1: the markers' icons only, on the first row; 2: no markers; 3 (very
        crowded): no emblem either. The name is always the state's short name ("N. Korea"),
        never its code, so the cards read the same on every map and every turn. Returns the
        surface and the height of its first row."""
        st = P.STATES[actor]
        ic = icons.state_icon(actor, fonts.px(22))
        if compact >= 2:
            items = ()
        if compact >= 3:
            ic = pygame.Surface((0, ic.get_height()), pygame.SRCALPHA)
        name = fonts.render(st.short, fonts.SMALL, P.TEXT, bold=True)
        val = fonts.render(label, fonts.BODY, P.TEXT, bold=True) if label else None
        pad, gap = 6, 6
        row_h = max(ic.get_height(), name.get_height(), val.get_height() if val else 0) + 2 * pad
        w = pad + ic.get_width() + gap + name.get_width() + pad
        if val:
            w += gap + val.get_width() + 4
        icons_only = [kind for kind, _ in items] if compact else []
        if compact:
            w += sum(gap + self._pill(kind, "").get_width() for kind in icons_only)
            items = ()
        pills = [self._pill(kind, text) for kind, text in items]
        for p in pills:
            w = max(w, pad + p.get_width() + pad)
        h = row_h + sum(p.get_height() + 3 for p in pills) + (pad - 3 if pills else 0)
        s = pygame.Surface((w, h), pygame.SRCALPHA)
        pygame.draw.rect(s, (*P.BG, 228), s.get_rect(), border_radius=8)
        x = pad
        s.blit(ic, (x, (row_h - ic.get_height()) // 2))
        x += ic.get_width() + gap
        s.blit(name, (x, (row_h - name.get_height()) // 2))
        x += name.get_width() + gap
        if val:
            box = pygame.Rect(x - 2, 4, val.get_width() + 8, row_h - 8)
            pygame.draw.rect(s, P.PANEL_HI, box, border_radius=5)
            s.blit(val, (x + 2, (row_h - val.get_height()) // 2))
            x += val.get_width() + 4 + gap
        for kind in icons_only:
            p = self._pill(kind, "")
            s.blit(p, (x, (row_h - p.get_height()) // 2))
            x += p.get_width() + gap
        y = row_h
        for p in pills:
            s.blit(p, (pad, y))
            y += p.get_height() + 3
        return s, row_h

    def _pill(self, kind: str, text: str) -> pygame.Surface:
        ic = icons.marker_icon(kind, fonts.px(22))
        t = fonts.render(text, fonts.SMALL, P.TEXT) if text else None
        pad = 4
        h = max(ic.get_height(), t.get_height() if t else 0) + 2 * pad
        w = pad + ic.get_width() + (6 + t.get_width() + 2 if t else 0) + pad
        s = pygame.Surface((w, h), pygame.SRCALPHA)
        pygame.draw.rect(s, (*P.BG, 230), s.get_rect(), border_radius=h // 2)
        edge = P.MARKER_KINDS.get(kind, ("", P.BORDER))[1]
        pygame.draw.rect(s, (*edge, 255), s.get_rect(), 2, border_radius=h // 2)
        s.blit(ic, (pad, (h - ic.get_height()) // 2))
        if t:
            s.blit(t, (pad + ic.get_width() + 6, (h - t.get_height()) // 2))
        return s

    @staticmethod
    def _free(r: pygame.Rect, placed: list[pygame.Rect], bounds: pygame.Rect) -> bool:
        return bounds.contains(r) and r.inflate(6, 6).collidelist(placed) == -1

    def _place(self, r: pygame.Rect, placed: list[pygame.Rect], bounds: pygame.Rect,
               step: int) -> tuple[pygame.Rect, bool]:
        """The nearest free spot to ``r`` (searching outwards) and True, or ``r`` clamped and
        False if there is none."""
        start = r.clamp(bounds)
        if self._free(start, placed, bounds):
            return start, True
        dirs = [(math.cos(a), math.sin(a)) for a in (i * math.pi / 8 for i in range(16))]
        for k in range(1, 40):
            for dx, dy in dirs:
                c = start.move(round(dx * k * step), round(dy * k * step))
                if self._free(c, placed, bounds):
                    return c, True
        return start, False

    def _layout(self, labels: Mapping[str, str], markers: Iterable[tuple[str, str, str]],
                keep_clear: Sequence[pygame.Rect] = ()) -> dict:
        """Where every state's card goes (map-local pixels): near its callout point, not
        overlapping another card or a state's pin. Cached until the labels or markers change."""
        markers = tuple((a, k, t) for a, k, t in markers)
        key = (self._key, tuple(sorted(labels.items())), markers, tuple(tuple(r) for r in keep_clear))
        if key == getattr(self, "_layout_key", None):
            return self._layout_cache
        by_actor: dict[str, list[tuple[str, str]]] = {}
        for actor, kind, text in markers:
            by_actor.setdefault(actor, []).append((kind, text))
        # crowded (small map, large text): markers as icons; then no markers; then no
        # emblems; then cards may cover the Korean peninsula too
        for compact in (0, 1, 2, 3, 4):
            cards, all_free = self._try_layout(labels, by_actor, keep_clear, compact)
            if all_free:
                break
        self._layout_key, self._layout_cache = key, cards
        return cards

    def _try_layout(self, labels: Mapping[str, str], by_actor: Mapping[str, list[tuple[str, str]]],
                    keep_clear: Sequence[pygame.Rect], compact: int) -> tuple[dict, bool]:
        w, h = self.size
        bounds = pygame.Rect(2, 2, w - 4, h - 4)
        placed = []
        if compact < 4:         # the last resort may cover pins, the inset and the peninsula
            placed = [pygame.Rect(x - 8, y - 8, 16, 16) for x, y in self.anchors_local.values()]
            placed.append(self.inset)
            w0, e0, s0, n0 = KOREA_BOX
            (x0, y0), (x1, y1) = self._local(w0, n0), self._local(e0, s0)
            placed.append(pygame.Rect(round(x0), round(y0), round(x1 - x0), round(y1 - y0)))
        placed.extend(pygame.Rect(r) for r in keep_clear)
        cards: dict[str, tuple[pygame.Surface, pygame.Rect]] = {}
        all_free = True
        for actor in ("us", "dprk", "rok", "japan", "russia", "china"):
            items = sorted(by_actor.get(actor, []),
                           key=lambda kt: MARKER_ORDER.index(kt[0]) if kt[0] in MARKER_ORDER else 99)
            surf, row_h = self._card_surface(actor, labels.get(actor), items, compact)
            r = surf.get_rect()
            if actor == "us":                      # in the Pacific, just above the inset
                r.bottomright = (self.inset.right, self.inset.top - 6)
            else:
                lon, lat, align = CALLOUTS[actor]
                x, y = (round(v) for v in self._local(lon, lat))
                row = pygame.Rect(0, 0, r.w, row_h)
                setattr(row, {"left": "midleft", "right": "midright"}.get(align, "center"), (x, y))
                r.topleft = row.topleft
            want = r.center
            r, free = self._place(r, placed, bounds, max(4, row_h // 3))
            far = math.dist(want, r.center) > 0.3 * max(w, h)    # pushed far from its state
            all_free = all_free and free and not far
            placed.append(r)
            cards[actor] = (surf, r)
        return cards, all_free

    def _draw_annotations(self, surface: pygame.Surface, labels: Mapping[str, str],
                          markers: Iterable[tuple[str, str, str]], highlight: set[str],
                          selected: str | None, keep_clear: Sequence[pygame.Rect] = ()) -> None:
        cards = self._layout(labels, markers, keep_clear)
        ox, oy = self.rect.topleft
        self._chips = {}
        for actor in ACTORS:
            r = cards[actor][1].move(ox, oy)
            ax, ay = self.anchor(actor)
            if not r.collidepoint(ax, ay):          # leader line from the card to the pin
                edge = (min(max(ax, r.left), r.right), min(max(ay, r.top), r.bottom))
                d = math.dist(edge, (ax, ay))
                if d > 8:                            # stop at the pin's ring: its centre shows the fill
                    pin = (ax + (edge[0] - ax) * 7 / d, ay + (edge[1] - ay) * 7 / d)
                    pygame.draw.line(surface, P.COAST, edge, pin, 5)
                    pygame.draw.line(surface, P.TEXT, edge, pin, 2)
            pygame.draw.circle(surface, P.COAST, (ax, ay), 7, 3)
            pygame.draw.circle(surface, P.TEXT, (ax, ay), 5, 2)
            self._chips[actor] = r
        for actor in ACTORS:
            surf, r = cards[actor]
            r = r.move(ox, oy)
            surface.blit(surf, r)
            fonts.note(surface, r, " ".join(filter(None, (P.STATES[actor].short,
                                                           labels.get(actor)))))
            if actor == selected:
                pygame.draw.rect(surface, P.SELECT, r.inflate(4, 4), 3, border_radius=9)
            elif actor in highlight:
                pygame.draw.rect(surface, P.ACCENT, r.inflate(4, 4), 3, border_radius=9)
            else:
                pygame.draw.rect(surface, P.BORDER, r, 1, border_radius=8)
