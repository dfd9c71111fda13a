"""Charts drawn with pygame: sparklines, labelled line charts, track bars.

Readable from the back of a classroom: large text, thick lines, and every line named at its end
(and given its own dash style and point marker), so no chart relies on colour alone.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

import pygame

from . import fonts
from . import palette as P
from .widgets import fit

DASHES = ("solid", "dashed", "dotted")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "star")


def _scale(v: float, lo: float, hi: float, a: float, b: float) -> float:
    return a if hi == lo else a + (v - lo) / (hi - lo) * (b - a)


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About n round tick values inside lo..hi (1, 2, 2.5 or 5 times a power of ten apart)."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(1, n - 1)
    mag = 10 ** math.floor(math.log10(raw))

    def ticks(step: float) -> list[float]:
        v = math.ceil(lo / step - 1e-9) * step
        out = []
        while v <= hi + 1e-9:
            out.append(round(v, 10))
            v += step
        return out

    steps = [m * mag for m in (0.5, 1, 2, 2.5, 5, 10)]
    best = ticks(steps[0])
    for step in steps[1:]:            # the widest step that still gives about n ticks
        t = ticks(step)
        if len(t) >= max(2, n - 1):
            best = t
    return best


def _fmt(v: float) -> str:
    return f"{v:.0f}" if abs(v - round(v)) < 1e-6 or abs(v) >= 10 else f"{v:.1f}"


def draw_marker(surface: pygame.Surface, shape: str, centre: tuple[float, float],
                r: int, colour: tuple[int, int, int]) -> None:
    """A chart point marker with a dark edge: circle, square, triangle, diamond, cross or star."""
    x, y = centre
    if shape == "square":
        pts = [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    elif shape == "triangle":
        pts = [(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)]
    elif shape == "diamond":
        pts = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
    elif shape == "star":
        pts = [(x + (r + 2 if i % 2 == 0 else r * 0.5) * math.cos(math.radians(-90 + 36 * i)),
                y + (r + 2 if i % 2 == 0 else r * 0.5) * math.sin(math.radians(-90 + 36 * i)))
               for i in range(10)]
    elif shape == "cross":
        for a, b in (((x - r, y - r), (x + r, y + r)), ((x - r, y + r), (x + r, y - r))):
            pygame.draw.line(surface, P.COAST, a, b, 6)
            pygame.draw.line(surface, colour, a, b, 3)
        return
    else:
        pygame.draw.circle(surface, P.COAST, (x, y), r + 1)
        pygame.draw.circle(surface, colour, (x, y), r)
        return
    pygame.draw.polygon(surface, colour, pts)
    pygame.draw.polygon(surface, P.COAST, pts, 1)


def styled_line(surface: pygame.Surface, colour: tuple[int, int, int],
                pts: Sequence[tuple[float, float]], width: int = 3, style: str = "solid") -> None:
    """A polyline, solid, dashed or dotted (the pattern runs on across the corners)."""
    if len(pts) < 2:
        return
    if style == "solid":
        pygame.draw.lines(surface, colour, False, pts, width)
        return
    on, off = (14, 8) if style == "dashed" else (4, 6)
    drawing, left = True, float(on)
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        seg = math.hypot(x1 - x0, y1 - y0)
        t = 0.0
        while t < seg:
            step = min(left, seg - t)
            if drawing:
                a = (x0 + (x1 - x0) * t / seg, y0 + (y1 - y0) * t / seg)
                b = (x0 + (x1 - x0) * (t + step) / seg, y0 + (y1 - y0) * (t + step) / seg)
                pygame.draw.line(surface, colour, a, b, width)
            t += step
            left -= step
            if left <= 1e-9:
                drawing = not drawing
                left = float(on if drawing else off)


def sparkline(surface: pygame.Surface, rect: pygame.Rect | Sequence[int], values: Sequence[float],
              colour: tuple[int, int, int], lo: float | None = None, hi: float | None = None) -> None:
    """A small trend line filling ``rect``; the last value gets a dot. ``lo``/``hi`` fix the
    scale (default: the values' own range, padded)."""
    r = pygame.Rect(rect)
    vals = [float(v) for v in values]
    if not vals or r.w < 4 or r.h < 4:
        return
    vlo = min(vals) if lo is None else lo
    vhi = max(vals) if hi is None else hi
    if vhi - vlo < 1e-9:
        vlo, vhi = vlo - 1, vhi + 1
    inner = r.inflate(-12, -12)            # room for the end dot inside the rect
    n = len(vals)
    pts = [(_scale(i, 0, max(1, n - 1), inner.left, inner.right),
            _scale(v, vlo, vhi, inner.bottom, inner.top)) for i, v in enumerate(vals)]
    if n == 1:
        pts = [(inner.left, pts[0][1]), (inner.right, pts[0][1])]
    pygame.draw.line(surface, P.PANEL_HI, (inner.left, inner.bottom), (inner.right, inner.bottom), 1)
    pygame.draw.lines(surface, colour, False, pts, 2 if r.h < 30 else 3)
    pygame.draw.circle(surface, P.COAST, pts[-1], 5)
    pygame.draw.circle(surface, colour, pts[-1], 4)


def line_chart(surface: pygame.Surface, rect: pygame.Rect | Sequence[int],
               series: Mapping[str, Sequence[float]], colours: Mapping[str, tuple[int, int, int]],
               title: str, y_label: str, x_labels: Sequence[str] | None = None,
               y_range: tuple[float, float] | None = None,
               styles: Mapping[str, tuple[str, str]] | None = None,
               x_count: int | None = None) -> pygame.Rect:
    """A titled line chart with axes, ticks and each series named just after its last point.

    ``series``: name -> values (turn 0, 1, ...); ``colours``: name -> colour; ``styles``: name ->
    (dash, marker) (default: cycled, so lines differ by more than colour); ``x_count``: how many
    places the x axis has (default: the longest series), e.g. every turn of the game, so a
    game under way fills the chart from the left. Returns the plot area.
    """
    r = pygame.Rect(rect)
    pygame.draw.rect(surface, P.PANEL, r, border_radius=8)
    pygame.draw.rect(surface, P.BORDER, r, 1, border_radius=8)
    pad = 10
    whole, title = title, fit(title, fonts.font(fonts.HEADING, True), r.w - 2 * pad)
    t = fonts.render(title, fonts.HEADING, P.TEXT, bold=True)
    fonts.blit(surface, t, (r.x + pad, r.y + pad // 2), title, full=whole)
    tick_h = fonts.font(fonts.SMALL).get_linesize()

    data = {k: [float(v) for v in vs] for k, vs in series.items() if len(vs)}
    allv = [v for vs in data.values() for v in vs]
    if y_range is not None:
        lo, hi = y_range
    elif allv:
        lo, hi = min(allv), max(allv)
        span = (hi - lo) or max(1.0, abs(hi))
        lo, hi = lo - 0.08 * span, hi + 0.08 * span
    else:
        lo, hi = 0.0, 1.0
    ticks = nice_ticks(lo, hi, max(3, min(6, (r.h - 90) // (tick_h + 14))))
    if y_range is None and ticks:
        lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])

    ylab = pygame.transform.rotate(fonts.render(y_label, fonts.SMALL, P.TEXT_DIM), 90)
    tick_w = max(fonts.size(_fmt(v), fonts.SMALL)[0] for v in ticks) if ticks else 20
    names = list(data)
    end_labels = {k: fonts.render(k, fonts.SMALL, P.readable(colours.get(k, P.TEXT), P.PANEL), bold=True)
                  for k in names}
    label_w = max((s.get_width() for s in end_labels.values()), default=0)
    plot = pygame.Rect(r.x + pad + ylab.get_width() + 6 + tick_w + 8,
                       r.y + pad // 2 + t.get_height() + tick_h // 2 + 6, 0, 0)
    # the names go just after the last points: room for them at the right only as far as the
    # lines reach across the axis (a game under way keeps a wide plot)
    n_data = max((len(v) for v in data.values()), default=1)
    slots = max(n_data, x_count or 0)
    full_w = r.right - pad - 10 - plot.x
    f = (n_data - 1) / max(1, slots - 1)
    plot.width = max(20, min(full_w, round((full_w + 10 - 22 - label_w) / f) + 12 if f else full_w))
    plot.height = max(20, r.bottom - pad - tick_h - 6 - plot.y)
    fonts.blit(surface, ylab, (r.x + pad, plot.centery - ylab.get_height() // 2), y_label)

    for v in ticks:
        y = round(_scale(v, lo, hi, plot.bottom, plot.top))
        pygame.draw.line(surface, P.PANEL_HI, (plot.left, y), (plot.right, y), 1)
        lab = fonts.render(_fmt(v), fonts.SMALL, P.TEXT_DIM)
        fonts.blit(surface, lab, (plot.left - 8, y), _fmt(v), "midright")
    pygame.draw.line(surface, P.TEXT_DIM, plot.bottomleft, plot.bottomright, 2)
    pygame.draw.line(surface, P.TEXT_DIM, plot.bottomleft, plot.topleft, 2)

    n = slots
    xs = [_scale(i, 0, max(1, slots - 1), plot.left + 6, plot.right - 6) for i in range(slots)]
    if x_labels:
        widths = [fonts.size(s, fonts.SMALL)[0] for s in x_labels[:n]]
        steps = [e for e in (1, 2, 4, 5, 10, 20, 25, 50, 100) if e < n] or [1]
        every = next((e for e in steps
                      if max(widths, default=0) + 12 <= plot.w / max(1, (n - 1) / e + 1)),
                     steps[-1])
        # the last point's label first (e.g. "now"), then the first, then every few, then the
        # axis end; a label that would touch one already placed is left out
        want = [n_data - 1, 0] + [i for i in range(n) if i % every == 0] + [n - 1]
        placed: list[tuple[int, pygame.Rect]] = []
        for i in dict.fromkeys(want):
            if i >= len(x_labels):
                continue
            tw, th = fonts.size(x_labels[i], fonts.SMALL)
            x = min(max(xs[i] - tw / 2, plot.left - 4), r.right - tw - 2)
            lr = pygame.Rect(round(x), plot.bottom + 6, tw, th)
            if any(lr.inflate(16, 0).colliderect(q) for _, q in placed):
                continue
            placed.append((i, lr))
        for i, lr in placed:
            pygame.draw.line(surface, P.TEXT_DIM, (xs[i], plot.bottom), (xs[i], plot.bottom + 5), 2)
            fonts.blit(surface, fonts.render(x_labels[i], fonts.SMALL, P.TEXT_DIM), lr.topleft,
                       x_labels[i])

    ends: list[tuple[float, str]] = []
    for i, name in enumerate(names):
        vals = data[name]
        colour = colours.get(name, P.TEXT)
        dash, marker = (styles or {}).get(name, (DASHES[i % len(DASHES)], MARKERS[i % len(MARKERS)]))
        pts = [(xs[j], _scale(min(hi, max(lo, v)), lo, hi, plot.bottom, plot.top)) for j, v in enumerate(vals)]
        if len(pts) > 1:
            styled_line(surface, P.COAST, pts, 6, "solid")
            styled_line(surface, colour, pts, 3, dash)
        every = max(1, len(pts) // 12)
        for j, p in enumerate(pts):
            if j % every == 0 or j == len(pts) - 1:
                draw_marker(surface, marker, p, 5, colour)
        ends.append((pts[-1][1], name))

    # name each line at its end, spread apart (around where they want to be) so the names
    # never overlap
    ends.sort()
    spread_ys = spread([y for y, _ in ends], tick_h + 1, plot.top, plot.bottom)
    for (y0, name), ly in zip(ends, spread_ys):
        lab = end_labels[name]
        endx = xs[len(data[name]) - 1]
        lx = min(plot.right + 12, endx + 16, r.right - pad - lab.get_width())
        pygame.draw.line(surface, colours.get(name, P.TEXT), (endx + 7, y0), (lx - 2, ly), 1)
        fonts.blit(surface, lab, (lx, ly), name, "midleft")
    return plot


def spread(want: Sequence[float], gap: float, lo: float, hi: float) -> list[float]:
    """Positions for labels ``gap`` apart, each as near its wanted position (sorted, ascending)
    as the others allow: overlapping labels form a block centred on their wanted positions'
    mean; the blocks are then kept between ``lo`` and ``hi`` where they fit."""
    blocks: list[list[float]] = []          # [first position, count, sum of wanted]
    for w in want:
        blocks.append([w, 1, w])
        while len(blocks) > 1 and blocks[-2][0] + blocks[-2][1] * gap > blocks[-1][0]:
            b = blocks.pop()
            a = blocks[-1]
            a[1] += b[1]
            a[2] += b[2]
            a[0] = a[2] / a[1] - (a[1] - 1) * gap / 2
    out = [b[0] + i * gap for b in blocks for i in range(int(b[1]))]
    if out and out[-1] > hi:
        out = [p - (out[-1] - hi) for p in out]
    if out and out[0] < lo:
        out = [p + (lo - out[0]) for p in out]
    for i in range(1, len(out)):            # shifting may have closed a gap between blocks
        out[i] = max(out[i], out[i - 1] + gap)
    return out


def value_text(value: float, marks: Sequence[float] = ()) -> str:
    """A track value as printed: whole numbers, but one decimal when rounding would carry it
    across a stage boundary (49.6 in "uneasy" must not read as the 50 where "tense" starts)."""
    if any(value < m <= round(value) or round(value) < m <= value for m in marks):
        return f"{value:.1f}"
    return _fmt(value)


def stage_labels(gauge: pygame.Rect, lo: float, hi: float, mk: Sequence[tuple[float, str]],
                 current: str, room_w: int) -> list[tuple[str, pygame.Rect, bool, str]]:
    """Where a vertical gauge's stage names go: each centred on its own band, the current stage
    first, then the others while they fit (no name overlaps another or runs past ``room_w``).
    Returns (name as shown, rect, is_current, name)."""
    f = fonts.font(fonts.SMALL)
    fb = fonts.font(fonts.SMALL, True)
    x = gauge.right + 6
    bands = []
    for i, (v, name) in enumerate(mk):
        top = mk[i + 1][0] if i + 1 < len(mk) else hi
        y0 = _scale(v, lo, hi, gauge.bottom, gauge.top)
        y1 = _scale(top, lo, hi, gauge.bottom, gauge.top)
        bands.append((name, (y0 + y1) / 2, abs(y0 - y1)))
    order = sorted(bands, key=lambda b: (b[0] != current, -b[2]))
    placed: list[tuple[str, pygame.Rect, bool, str]] = []
    for name, cy, _ in order:
        cur = name == current
        ft = fb if cur else f
        shown = name
        if ft.size(shown)[0] > room_w:
            if not cur:
                continue
            shown = fit(name, ft, room_w)
        w, h = ft.size(shown)
        r = pygame.Rect(x, 0, w, h)
        r.centery = round(cy)
        r.clamp_ip(pygame.Rect(x, gauge.top, room_w, gauge.h))
        if any(r.colliderect(q) for _, q, _, _ in placed):
            continue
        placed.append((shown, r, cur, name))
    return placed


def bar(surface: pygame.Surface, rect: pygame.Rect | Sequence[int], value: float, lo: float, hi: float,
        colour: tuple[int, int, int], label: str,
        marks: Mapping[str, float] | Sequence[tuple[float, str]] | None = None,
        top_label: str | None = None) -> None:
    """A track gauge with a titled value. Vertical when ``rect`` is taller than wide (``top_label``,
    e.g. "WAR", is printed at the top end), horizontal otherwise. ``marks`` are stage starts, as
    in a scenario's ``stages`` (name -> value) or (value, name) pairs: ticks on the gauge, and on
    a vertical gauge each stage's name beside its band (names that do not fit are left out; the
    current stage's never is)."""
    r = pygame.Rect(rect)
    if isinstance(marks, Mapping):
        mk = sorted((float(v), k) for k, v in marks.items())
    else:
        mk = sorted((float(v), k) for v, k in (marks or ()))
    value = float(value)
    frac = min(1.0, max(0.0, 0 if hi == lo else (value - lo) / (hi - lo)))
    shown = value_text(value, [v for v, _ in mk])
    valtxt = fonts.render(shown, fonts.BODY, P.TEXT, bold=True)
    stage = next((k for v, k in reversed(mk) if value >= v), "")
    if r.h > r.w:
        f = fonts.font(fonts.SMALL, True)
        head_s = fit(label, f, r.w)
        head = fonts.render(head_s, fonts.SMALL, P.TEXT, bold=True)
        fonts.blit(surface, head, (r.centerx, r.y), head_s, "midtop", full=label)
        y0 = r.y + head.get_height() + 4
        if top_label:
            tl = fonts.render(top_label, fonts.SMALL, P.VERMILLION, bold=True)
            fonts.blit(surface, tl, (r.centerx, y0), top_label, "midtop")
            y0 += tl.get_height() + 2
        foot = valtxt.get_height() + 4
        gauge = pygame.Rect(r.x + 4, y0 + 4, max(12, min(28, r.w // 5)), r.bottom - foot - y0 - 8)
        pygame.draw.rect(surface, P.BG, gauge, border_radius=4)
        filled = gauge.copy()
        filled.height = round(gauge.h * frac)
        filled.bottom = gauge.bottom
        pygame.draw.rect(surface, colour, filled, border_radius=4)
        if top_label:
            pygame.draw.rect(surface, P.VERMILLION, (gauge.x, gauge.y, gauge.w, 4))
        pygame.draw.rect(surface, P.TEXT_DIM, gauge, 2, border_radius=4)
        for v, _ in mk:
            y = round(_scale(v, lo, hi, gauge.bottom, gauge.top))
            if gauge.top < y < gauge.bottom:
                pygame.draw.line(surface, P.TEXT, (gauge.x - 3, y), (gauge.right + 3, y), 2)
        for name, lr, cur, full in stage_labels(gauge, lo, hi, mk, stage,
                                                r.right - gauge.right - 6):
            img = fonts.render(name, fonts.SMALL, P.TEXT if cur else P.TEXT_DIM, bold=cur)
            fonts.blit(surface, img, lr.topleft, name, full=full)
            if cur:                                   # a pointer from the name to the gauge
                pointer = [(gauge.right + 1, lr.centery), (gauge.right + 6, lr.centery - 5),
                                   (gauge.right + 6, lr.centery + 5)]
                pygame.draw.polygon(surface, P.TEXT, pointer)
        fonts.blit(surface, valtxt, (r.centerx, gauge.bottom + 3), shown, "midtop")
        return
    # horizontal: the title (with the stage) and the value on one line, the bar below, and
    # ``top_label`` (e.g. WAR) after the bar's far end, the bar as tall as that label
    valtxt = fonts.render(shown, fonts.SMALL, P.TEXT, bold=True)
    fonts.blit(surface, valtxt, (r.right, r.y), shown, "topright")
    whole = f"{label}: {stage}" if stage else label
    top = fit(whole, fonts.font(fonts.SMALL, True), r.w - valtxt.get_width() - 10)
    head = fonts.render(top, fonts.SMALL, P.TEXT, bold=True)
    fonts.blit(surface, head, (r.x, r.y), top, full=whole)
    gy = r.y + max(head.get_height(), valtxt.get_height()) + 3
    right = r.right
    if top_label:
        tl = fonts.render(top_label, fonts.SMALL, P.VERMILLION, bold=True)
        gh = max(8, min(tl.get_height(), r.bottom - gy))
        right = r.right - tl.get_width() - 6
        fonts.blit(surface, tl, (r.right, gy + gh / 2), top_label, "midright")
    else:
        gh = max(8, min(14, r.bottom - gy))
    gauge = pygame.Rect(r.x, gy, right - r.x, gh)
    pygame.draw.rect(surface, P.BG, gauge, border_radius=4)
    filled = gauge.copy()
    filled.width = round(gauge.w * frac)
    pygame.draw.rect(surface, colour, filled, border_radius=4)
    if top_label:
        pygame.draw.rect(surface, P.VERMILLION, (gauge.right - 4, gauge.y, 4, gauge.h))
    for v, _ in mk:
        x = round(_scale(v, lo, hi, gauge.left, gauge.right))
        if gauge.left < x < gauge.right:
            pygame.draw.line(surface, P.TEXT, (x, gauge.y - 2), (x, gauge.bottom + 1), 2)
    pygame.draw.rect(surface, P.TEXT_DIM, gauge, 2, border_radius=4)


def bar_height(tall: bool = False) -> int:
    """The height a horizontal ``bar`` needs: its title line and the bar (``tall``: a bar with
    a ``top_label``, as tall as a line of text)."""
    lh = fonts.font(fonts.SMALL, True).get_linesize()
    return lh + 3 + (lh if tall else 14)
