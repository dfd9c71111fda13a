"""The pygame application: one window, a current screen, modal overlays, global keys and the
flow of a game (title → scenario → seats → turns → end).

The loop is a frame at a time so tests can drive it: post events with ``pygame.event.post``
(or pass them to :meth:`App.handle`) and call :meth:`App.step`. :meth:`App.run` just steps
until the window closes.

The app is also the screens' router. Every screen and overlay is registered by name in
:data:`ROUTES`; a screen moves on by asking the app, never by importing another screen:
``app.go("history", game=g, actor="dprk", back=self)`` builds the registered screen and shows
it, ``app.open("menu", under=self)`` raises an overlay, ``app.show(screen)`` goes back to a
screen that already exists. Screens import only helpers (``game.ui.*``), never
``game.ui.screens.*`` nor this module (tests/test_ui_imports.py checks it), so the app is the
only place that knows them all.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable

import pygame

from . import ASSETS, configure_sdl, fonts
from ..engine import IllegalOrderError
from ..resources import scenario_paths
from ..replay import ReplayError
from .mapview import MapView
from .screen import Screen
from .screens.briefing import BriefingScreen
from .screens.dialog import Dialog
from .screens.end import EndScreen
from .screens.files import FileList
from .screens.handover import PassScreen
from .screens.help import HelpOverlay
from .screens.history import HistoryScreen
from .screens.main import MainScreen
from .screens.menu import GameMenu
from .screens.news import NewsScreen
from .screens.picker import ScenarioPicker
from .screens.replay import ReplayViewer
from .screens.setup import SetupScreen
from .screens.teacher import PauseOverlay, TeacherPanel
from .screens.title import TitleScreen
from .session import Session, default_saves_dir
from .widgets import theme

BASE_SIZE = (1280, 720)
TEXT_SCALES = (1.0, 1.25, 1.5)
CAPTION = "Shrimp Between Whales"

ROUTES: dict[str, Callable[..., Screen]] = {
    # screens (app.go): each replaces the one before
    "title": TitleScreen,              # ()
    "picker": ScenarioPicker,          # ()
    "setup": SetupScreen,              # (path)
    "handover": PassScreen,            # (session, seat)
    "main": MainScreen,                # (session, seat)
    "news": NewsScreen,                # (session, view=TurnView, game=, orders=, ...)
    "history": HistoryScreen,          # (game, actor, back=, upto=)
    "end": EndScreen,                  # (session, game=, on_back=, replay=)
    "briefing": BriefingScreen,        # (session, seat, then=, back=)
    "replay": ReplayViewer.open,       # (path): loads and re-simulates; ReplayError if not
    # overlays (app.open): raised over the current screen
    "dialog": Dialog,                  # (title, body, buttons=, danger=)
    "menu": GameMenu,                  # (under)
    "help": HelpOverlay,               # (under)
    "teacher": TeacherPanel,           # ()
    "pause": PauseOverlay,             # ()
    "files": FileList,                 # (folder, replay=)
}
"""Every screen and overlay by name: a factory ``(app, **kwargs) -> Screen``."""


class App:
    """The game window. ``step()`` runs one frame; ``run()`` runs until closed."""

    def __init__(self, size: tuple[int, int] = BASE_SIZE, saves_dir: str | Path | None = None,
                 scenario: str | None = None, seed: int | None = None,
                 overrides: list[str] | None = None, replay: str | None = None,
                 fps: int = 60) -> None:
        configure_sdl()                # software window surface: no Mesa GL under Xvfb
        pygame.display.init()          # fonts.font() starts the font module (and notices a
                                       # pygame.quit() that made older fonts unusable)
        pygame.key.set_repeat(350, 40)
        self.windowed_size = size
        self.fullscreen = False
        self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.display.set_caption(CAPTION)
        self._set_icon()
        self.saves_dir = Path(saves_dir) if saves_dir else default_saves_dir()
        self.seed = seed
        self.overrides = list(overrides or [])
        self.fps = fps
        self.clock = pygame.time.Clock()
        self.text_scale = 1.0
        self.screen: Screen | None = None
        self.overlays: list[Screen] = []
        self.session: Session | None = None
        self.briefed: set[str] = set()     # seats that have read their briefing this game
        self.show_briefings = True         # each team's briefing before its first turn
        self.baseline_games = 50           # the end screen's computer comparison (games)
        self.paused = False
        self.running = True
        self.frames = 0
        self._maps: dict[str, MapView] = {}
        self._apply_scale()
        self.go("title")
        if replay:
            self.open_replay(Path(replay))
        elif scenario:
            self.choose_scenario(Path(scenario))

    # ------------------------------------------------------------------ window
    def _set_icon(self) -> None:
        p = ASSETS / "icons" / "app.png"
        if p.exists():
            try:
                pygame.display.set_icon(pygame.image.load(str(p)))
            except pygame.error:
                pass

    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    def _apply_scale(self) -> None:
        w, h = self.size
        window = max(0.8, min(2.0, min(w / BASE_SIZE[0], h / BASE_SIZE[1])))
        fonts.set_text_scale(self.text_scale * window)

    def relayout(self) -> None:
        self._apply_scale()
        for s in [self.screen, *self.overlays]:
            if s is not None:
                s.layout(*self.size)

    def resize(self, w: int, h: int) -> None:
        w, h = max(800, w), max(480, h)
        if self.surface.get_size() != (w, h):
            self.surface = pygame.display.set_mode((w, h), pygame.RESIZABLE)
        if not self.fullscreen:
            self.windowed_size = (w, h)
        self.relayout()

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        if self.fullscreen:
            self.surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.surface = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        self.relayout()

    def set_text_scale(self, scale: float) -> None:
        self.text_scale = scale
        self.relayout()

    def bump_text(self, d: int) -> None:
        i = min(range(len(TEXT_SCALES)), key=lambda j: abs(TEXT_SCALES[j] - self.text_scale))
        self.set_text_scale(TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, i + d))])

    def cycle_text_scale(self) -> None:
        """The next text size, 100 → 125 → 150 → 100 % (the title's and the menu's button)."""
        i = TEXT_SCALES.index(self.text_scale) if self.text_scale in TEXT_SCALES else 0
        self.set_text_scale(TEXT_SCALES[(i + 1) % len(TEXT_SCALES)])

    def mapview(self, key: str = "main") -> MapView:
        """A cached map per use (each keeps its own projection for its own size)."""
        mv = self._maps.get(key)
        if mv is None:
            mv = self._maps[key] = MapView()
        return mv

    # ------------------------------------------------------------------ screens (the router)
    def make(self, name: str, **kwargs: Any) -> Screen:
        """Build the screen or overlay registered as ``name`` in :data:`ROUTES`."""
        try:
            factory = ROUTES[name]
        except KeyError:
            raise KeyError(f"no screen called {name!r}; the screens are: "
                           f"{', '.join(sorted(ROUTES))}") from None
        return factory(self, **kwargs)

    def go(self, name: str, **kwargs: Any) -> Screen:
        """Build the screen registered as ``name`` and show it (see :data:`ROUTES`)."""
        screen = self.make(name, **kwargs)
        self.show(screen)
        return screen

    def show(self, screen: Screen) -> None:
        """Show a screen that already exists (e.g. going back to the one before)."""
        self.screen = screen
        self.overlays = [o for o in self.overlays if getattr(o, "sticky", False)]
        screen.layout(*self.size)

    def open(self, overlay: Screen | str, **kwargs: Any) -> Screen:
        """Raise an overlay: one registered by name (built with ``kwargs``), or one built."""
        if isinstance(overlay, str):
            overlay = self.make(overlay, **kwargs)
        self.overlays.append(overlay)
        overlay.layout(*self.size)
        return overlay

    def close(self, overlay: Screen) -> None:
        if overlay in self.overlays:
            self.overlays.remove(overlay)

    @property
    def top(self) -> Screen | None:
        return self.overlays[-1] if self.overlays else self.screen

    def message(self, title: str, body: str, danger: bool = False) -> None:
        self.open("dialog", title=title, body=body, danger=danger)

    def confirm(self, title: str, body: str, yes: str, on_yes: Callable[[], None],
                no: str = "Cancel") -> None:
        self.open("dialog", title=title, body=body, buttons=[(yes, on_yes), (no, None)])

    # ------------------------------------------------------------------ events
    def handle(self, ev: pygame.event.Event) -> None:
        if ev.type == pygame.QUIT:
            self.running = False
            return
        if ev.type == pygame.VIDEORESIZE:
            if not self.fullscreen:
                self.resize(ev.w, ev.h)
            return
        if ev.type == pygame.WINDOWSIZECHANGED:
            self.surface = pygame.display.get_surface() or self.surface
            self.relayout()
            return
        if ev.type == pygame.KEYDOWN and self._global_key(ev):
            return
        top = self.top
        if top is None:
            return
        if ev.type == pygame.KEYDOWN and ev.key == pygame.K_ESCAPE:
            top.back()
            return
        top.handle(ev)

    def _global_key(self, ev: pygame.event.Event) -> bool:
        k, ctrl = ev.key, ev.mod & pygame.KMOD_CTRL
        if k == pygame.K_F1:
            if any(isinstance(o, HelpOverlay) for o in self.overlays):
                self.overlays = [o for o in self.overlays if not isinstance(o, HelpOverlay)]
            else:
                self.open("help", under=self.top)
            return True
        if k == pygame.K_F11:
            self.toggle_fullscreen()
            return True
        if ctrl and k in (pygame.K_EQUALS, pygame.K_PLUS, pygame.K_KP_PLUS):
            self.bump_text(+1)
            return True
        if ctrl and k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.bump_text(-1)
            return True
        if ctrl and k == pygame.K_0:
            self.set_text_scale(1.0)
            return True
        in_game = self.session is not None and getattr(self.screen, "in_game", False) \
            and not any(getattr(o, "modal", False) for o in self.overlays)
        if in_game and ctrl and k == pygame.K_s:
            self.save_game()
            return True
        if in_game and ctrl and k == pygame.K_o:
            self.load_dialog()
            return True
        if in_game and not ctrl and k == pygame.K_F2:
            self.open("teacher")
            return True
        if in_game and not ctrl and k == pygame.K_p:
            self.toggle_pause()
            return True
        if k == pygame.K_b and not ctrl and not self.overlays and self.open_briefing():
            return True
        return False

    # ------------------------------------------------------------------ loop
    def step(self) -> bool:
        """One frame: handle queued events, update, draw. False once the window closed."""
        for ev in pygame.event.get():
            self.handle(ev)
            if not self.running:
                return False
        dt = self.clock.tick(self.fps) / 1000.0 if self.fps else 0.0
        self.update(dt)
        self.draw()
        pygame.display.flip()
        self.frames += 1
        return self.running

    def update(self, dt: float) -> None:
        if self.screen is not None:
            self.screen.update(dt)
        for o in self.overlays:
            o.update(dt)

    def draw(self) -> None:
        surf = self.surface
        surf.fill(theme().bg)
        if self.screen is not None:
            self.screen.draw(surf)
            if not self.overlays:
                self.screen.draw_tip(surf)
        for o in self.overlays:
            o.draw(surf)
        if self.overlays:
            self.overlays[-1].draw_tip(surf)

    def run(self, max_frames: int | None = None) -> int:
        while self.step():
            if max_frames is not None and self.frames >= max_frames:
                break
        return 0

    def screenshot(self, path: str | Path) -> Path:
        """Draw a fresh frame and save it as an image."""
        self.draw()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.surface, str(path))
        return path

    def quit(self) -> None:
        self.running = False

    # ------------------------------------------------------------------ flow
    def scenarios(self) -> list[Path]:
        return scenario_paths()

    def choose_scenario(self, path: Path) -> None:
        try:
            self.go("setup", path=path)
        except ValueError as e:
            self.message("This scenario cannot be played", str(e), danger=True)

    def start(self, session: Session) -> None:
        self.session = session
        self.paused = False
        self.briefed = set()
        self.begin_turn()

    def begin_turn(self) -> None:
        s = self.session
        if s is None:
            return
        if s.game.over:
            self.go("end", session=s)
            return
        seat = s.current
        if seat is not None and len(s.humans) > 1:
            self.go("handover", session=s, seat=seat)
        else:
            self.play_seat(seat)

    def play_seat(self, seat: str | None) -> None:
        """A seat's turn: its team's briefing first, before its first turn of the game."""
        s = self.session
        if s is not None and seat is not None and not s.game.reports \
                and self.show_briefings and seat not in self.briefed:
            self.briefed.add(seat)
            self.go("briefing", session=s, seat=seat,
                    then=lambda: self.go("main", session=self.session, seat=seat))
            return
        self.go("main", session=self.session, seat=seat)

    def open_briefing(self) -> bool:
        """B on the main screen (or in its help): the seat's briefing, then back."""
        screen = self.screen
        if self.session is None or not isinstance(screen, MainScreen):
            return False
        self.overlays = [o for o in self.overlays if not isinstance(o, HelpOverlay)]
        self.go("briefing", session=self.session, seat=screen.seat, back=screen)
        return True

    def seat_done(self, seat: str | None) -> None:
        """A human ended their turn (or, with no humans, the watcher asked for the next turn)."""
        s = self.session
        if s is None:
            return
        if seat is not None:
            try:
                s.end_seat(seat)
            except IllegalOrderError as e:      # e.g. an injected event changed the state
                self.message("Check your orders", f"{e}. Remove that order (Delete) and end "
                             f"the turn again.", danger=True)
                return
        if s.ready() or seat is None:
            report = s.resolve()
            self.go("news", session=s, view=s.turn_view(report.turn))
            if s.autosave_error:
                self.message("Autosave failed", s.autosave_error, danger=True)
        else:
            self.begin_turn()

    def toggle_pause(self) -> None:
        if self.paused:
            self.paused = False
            self.overlays = [o for o in self.overlays if not isinstance(o, PauseOverlay)]
        else:
            self.paused = True
            self.open("pause")

    def quit_to_title(self) -> None:
        """Leave the game (or the replay) for the title screen."""
        self.session = None
        self.paused = False
        self.go("title")

    # ------------------------------------------------------------------ files
    def save_game(self) -> None:
        s = self.session
        if s is None:
            return
        try:
            path = s.save(s.new_save_path())
        except OSError as e:
            self.message("Could not save", f"{e}. The game goes on; try again or check the "
                         f"saves folder {s.saves_dir}.", danger=True)
            return
        self.message("Game saved", f"Saved as {path.name} in {path.parent}.")

    def load_dialog(self, replay: bool = False) -> None:
        self.open("files", folder=self.saves_dir, replay=replay)

    def load_game(self, path: Path) -> bool:
        """Load a save; on failure a dialog explains and the current game goes on."""
        try:
            session = Session.load(path, self.saves_dir)
        except (ReplayError, OSError) as e:
            self.message("Cannot load that file", _one_line(e, path), danger=True)
            return False
        self.start(session)
        return True

    def open_replay(self, path: Path) -> bool:
        try:
            viewer = self.make("replay", path=path)
        except (ReplayError, OSError) as e:
            self.message("Cannot open that replay", _one_line(e, path), danger=True)
            return False
        self.session = None
        self.paused = False
        self.show(viewer)
        return True


def _one_line(e: Exception, path: Path) -> str:
    """The error for a dialog: the file by name (its folder is on the file list)."""
    msg = (str(e).strip() or e.__class__.__name__).replace(str(path), path.name)
    if path.name not in msg:
        msg = f"{path.name}: {msg}"
    return msg + "\n\nNothing was changed; the current game goes on."


def display_problem() -> str | None:
    """Why no window can open here, or None when one can (the dummy and offscreen SDL drivers
    count as displays, for tests and benchmarks)."""
    driver = os.environ.get("SDL_VIDEODRIVER", "").lower()
    if driver in ("dummy", "offscreen"):
        return None
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")) and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display (neither DISPLAY nor WAYLAND_DISPLAY is set)"
    try:
        configure_sdl()
        pygame.display.init()
    except pygame.error as e:
        return f"no display ({e})"
    return None
