"""Frame-time benchmark for the main screen's drawing: prints figures, asserts nothing.

    python -m game.ui.framebench [--frames 600] [--size 1280x720] [--screen demo] [--shot PATH]

Opens a window (a real one under X/Xvfb; with no display it falls back to SDL's dummy driver and
says so), loads a scenario, plays three computer turns, then redraws a main-screen-like layout
every frame: the map with a stability overlay, alliance lines, markers and a pulsing highlight,
a score chart, sparklines and the four track gauges. Prints the first-frame time (from process
start, so it includes imports and loading; target <= 1.5 s), median and p95 frame time and fps
(target >= 60) and peak RSS (target <= 200 MB).

Screens are factories ``(surface, scenario_path) -> draw(surface, frame_no)`` in ``SCREENS``:
"demo" (the foundation pieces: map, charts, gauges) and "main" (the real main screen from
game.ui.app, North Korea's seat after three computer turns).
"""
from __future__ import annotations

import time

T_IMPORT = time.perf_counter()

import argparse  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from typing import TYPE_CHECKING, Callable  # noqa: E402

from . import configure_sdl  # noqa: E402

if TYPE_CHECKING:
    import pygame

DrawFn = Callable[["pygame.Surface", int], None]  # noqa: F821
SCENARIO = "vladivostok-2019"     # a file, or a bundled scenario's name


def _played_game(scenario: str):
    from game.engine import Game

    game = Game.from_file(scenario, seed=7)
    for _ in range(3):
        game.play_turn()
    return game


def demo_screen(surface, scenario: str) -> DrawFn:
    """A stand-in for the main screen built from the foundation pieces and a real game."""
    import pygame

    from . import charts, fonts, icons
    from . import palette as P
    from .mapview import MapView

    game = _played_game(scenario)
    w, h = surface.get_size()
    mv = MapView()
    right = pygame.Rect(w - 430, 56, 420, h - 66)
    map_rect = pygame.Rect(10, 56, right.x - 20, h - 66 - 220)
    chart_rect = pygame.Rect(10, map_rect.bottom + 10, map_rect.w, h - map_rect.bottom - 20)
    actors = list(game.actors)
    v = game.state.values
    hist = game.history
    shading = {a: P.SEQUENTIAL(v[f"{a}.stability"]) for a in actors}
    labels = {a: f"{v[f'{a}.stability']:.0f}" for a in actors}
    lines = [("us", "rok", P.SKY_BLUE, 4, "solid"), ("us", "japan", P.SKY_BLUE, 4, "solid"),
             ("china", "dprk", P.VERMILLION, 3, "dashed")]
    markers = [("russia", "summit", "Summit"), ("dprk", "summit", "Summit"),
               ("rok", "drill", "Drill"), ("russia", "project", "Gas pipeline"),
               ("dprk", "sanctions", "UN sanctions")]
    names = {a: game.rules.name(a) for a in actors}
    scores = {names[a]: [s[a] for s in game.score_history] for a in actors}
    colours = {names[a]: P.STATES[a].colour for a in actors}
    styles = {names[a]: (P.STATES[a].dash, P.STATES[a].marker) for a in actors}
    turns = [f"T{i}" for i in range(len(game.score_history))]
    me = "dprk"
    tracks = [("tension", "Tension", P.ORANGE), ("un_sanctions", "UN sanctions", P.VERMILLION),
              ("talks", "Nuclear talks", P.SKY_BLUE), ("ukraine", "Ukraine", P.REDDISH_PURPLE)]

    def draw(s: pygame.Surface, frame: int) -> None:
        s.fill(P.BG)
        s.blit(icons.labelled_state(me, 36, f"{names[me]} - {game.date()}", fonts.HEADING), (12, 10))
        mv.draw(s, map_rect, shading, labels, lines, markers, highlight={"dprk", "japan"},
                selected="rok", legend=(P.SEQUENTIAL, "Stability"))
        charts.line_chart(s, chart_rect, scores, colours, "Scores", "score", turns, (0, 100), styles)
        pygame.draw.rect(s, P.PANEL, right, border_radius=8)
        y = right.y + 8
        for key in ("economy", "military", "stability", "clout", "capital"):
            vals = [hv[f"{me}.{key}"] for hv in hist]
            s.blit(fonts.render(key.capitalize(), fonts.BODY, P.TEXT), (right.x + 10, y))
            s.blit(fonts.render(f"{vals[-1]:.0f}", fonts.BODY, P.TEXT, bold=True), (right.x + 150, y))
            charts.sparkline(s, pygame.Rect(right.x + 210, y, 190, 30), vals, P.STATES[me].colour)
            y += 40
        tx = right.x + 10
        for key, label, colour in tracks[1:]:
            charts.bar(s, pygame.Rect(tx, y + 6, 250, 48), v[f"track.{key}"], 0, 100, colour, label,
                       game.rules.talks_stages if key == "talks" else None)
            y += 62
        charts.bar(s, pygame.Rect(right.right - 140, right.y + 220, 130, right.h - 230),
                   v["track.tension"], 0, game.rules.war_at, P.ORANGE, "Tension",
                   game.rules.tension_stages, top_label="WAR")

    return draw


def main_screen(surface, scenario: str) -> DrawFn:
    """The real main screen (game.ui.app): North Korea's seat after three computer turns, the
    other five states played by the computer. Saves go to a temporary folder."""
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    from .app import App
    from ..engine import COMPUTER, HUMAN
    from .session import Session

    saves = tempfile.mkdtemp(prefix="framebench-")
    atexit.register(shutil.rmtree, saves, True)
    text = Path(scenario).read_text(encoding="utf-8")
    seats = {a: COMPUTER for a in ("us", "russia", "china", "rok", "japan")} | {"dprk": HUMAN}
    session = Session.new(text, scenario, 7, seats, saves_dir=Path(saves))
    for _ in range(3):
        session.game.play_turn()
    session.last_report = session.game.reports[-1]
    app = App(size=surface.get_size(), saves_dir=Path(saves), fps=0)
    app.start(session)

    def draw(s, frame: int) -> None:
        app.update(1 / 60)
        app.draw()

    return draw


SCREENS: dict[str, Callable[..., DrawFn]] = {"demo": demo_screen, "main": main_screen}


def _since_process_start() -> float | None:
    from ..proctime import since_process_start
    return since_process_start()


def startup_figures(runs: int = 3) -> list[str]:
    """Start-up as a person sees it, each a median of ``runs`` fresh processes: ``whales
    --help``; ``whales play`` to its first frame (from process start); New game → the
    scenario picker; and whether Dask, matplotlib or pandas were imported on the way."""
    import re
    import subprocess
    exe = os.path.join(os.path.dirname(sys.executable), "whales")
    cmd = [exe] if os.path.exists(exe) else [sys.executable, "-m", "game"]
    env = {**os.environ, "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    helps, firsts, pickers = [], [], []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([*cmd, "--help"], capture_output=True, env=env, timeout=60)
        helps.append(time.perf_counter() - t)
        r = subprocess.run([*cmd, "play", "--smoke-test"], capture_output=True, text=True,
                           env=env, timeout=120)
        m = re.search(r"\((\d+) ms after process start\), New game → picker (\d+) ms", r.stdout)
        if m:
            firsts.append(int(m.group(1)) / 1000)
            pickers.append(int(m.group(2)) / 1000)
    probe = ("import sys, os\nos.environ.setdefault('SDL_VIDEODRIVER', 'dummy')\n"
             "from game.cli import cli\nfrom game.cli import play_cmd\nfrom game.ui.app import App\n"
             "import tempfile\napp = App(saves_dir=tempfile.mkdtemp(), fps=0)\napp.step()\n"
             "print(' '.join(sorted(m for m in ('dask', 'distributed', 'matplotlib', 'pandas')"
             " if m in sys.modules)) or 'none')")
    heavy = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           env=env, timeout=120).stdout.strip() or "?"

    def med(xs: list[float]) -> str:
        return f"{statistics.median(xs) * 1000:.0f} ms" if xs else "n/a"
    return [f"start-up (median of {runs} fresh processes): whales --help {med(helps)} "
            f"[target <= 300 ms]; whales play to its first frame {med(firsts)} after process "
            f"start [target <= 1500 ms]; New game → picker {med(pickers)}",
            f"  imported on the way to the title screen: Dask/matplotlib/pandas: {heavy}"]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # Linux: kB


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m game.ui.framebench", description=__doc__.split("\n")[0])
    ap.add_argument("--frames", type=int, default=600, help="frames to draw after the first (default 600)")
    ap.add_argument("--size", default="1280x720", help="window size WxH (default 1280x720)")
    ap.add_argument("--screen", default="main", choices=sorted(SCREENS),
                    help="what to draw: main (the real main screen) or demo (map, charts, gauges)")
    ap.add_argument("--scenario", default=SCENARIO, help="scenario file (default %(default)s)")
    ap.add_argument("--shot", default=None, help="save the last frame as a PNG here")
    ap.add_argument("--no-startup", action="store_true",
                    help="skip the start-up figures (whales --help, whales play's first frame)")
    ap.add_argument("--gl-framebuffer", action="store_true",
                    help="let SDL put the window surface in an OpenGL texture (its X11 default; "
                         "under Xvfb that loads Mesa's llvmpipe: slower and ~100 MB more RSS)")
    args = ap.parse_args(argv)
    from ..resources import resolve_scenario
    args.scenario = resolve_scenario(args.scenario)
    try:
        w, h = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        print(f"framebench: --size must look like 1280x720, got {args.size!r}", file=sys.stderr)
        return 2
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") \
            and "SDL_VIDEODRIVER" not in os.environ:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        print("framebench: no display found; using SDL's dummy video driver (figures exclude real blitting)")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if not args.gl_framebuffer:
        configure_sdl()
    marks = [("start", time.perf_counter())]
    import pygame

    marks.append(("imports", time.perf_counter()))
    pygame.init()
    surface = pygame.display.set_mode((w, h), pygame.RESIZABLE)
    pygame.display.set_caption("Shrimp Between Whales - frame bench")
    marks.append(("window", time.perf_counter()))
    draw = SCREENS[args.screen](surface, args.scenario)
    marks.append(("game and screen set-up", time.perf_counter()))
    surface = pygame.display.get_surface() or surface
    draw(surface, 0)
    pygame.display.flip()
    marks.append(("first draw", time.perf_counter()))
    first_s = time.perf_counter() - T_IMPORT
    since_start = _since_process_start()

    times = []
    for i in range(1, args.frames + 1):
        t = time.perf_counter()
        pygame.event.pump()
        draw(surface, i)
        pygame.display.flip()
        times.append(time.perf_counter() - t)
    if args.shot:
        pygame.image.save(surface, args.shot)
    driver = pygame.display.get_driver()
    pygame.quit()

    times.sort()
    med = statistics.median(times) * 1000 if times else float("nan")
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] * 1000 if times else float("nan")
    fps = 1000 / med if times and med > 0 else float("inf")
    fb = os.environ.get("SDL_FRAMEBUFFER_ACCELERATION", "SDL default")
    print(f"screen: {args.screen}  size: {w}x{h}  video driver: {driver}  "
          f"SDL_FRAMEBUFFER_ACCELERATION={fb}  frames: {len(times)}")
    line = f"first frame: {first_s * 1000:.0f} ms after import"
    if since_start is not None:
        line += f" ({since_start * 1000:.0f} ms after process start)"
    print(line + "  [target <= 1500 ms]")
    print("  of which: " + ", ".join(f"{name} {1000 * (t - t0):.0f} ms"
                                     for (_, t0), (name, t) in zip(marks, marks[1:])))
    print(f"frame time: median {med:.2f} ms, p95 {p95:.2f} ms  -> {fps:.0f} fps  [target >= 60 fps]")
    print(f"peak RSS: {_peak_rss_mb():.0f} MB  [target <= 200 MB]")
    if not args.no_startup:
        for line in startup_figures():
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
