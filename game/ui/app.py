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
import warnings
from pathlib import Path
from typing import Any, Callable

import pygame

from . import ASSETS, configure_sdl, fonts
from . import settings as user_settings
from ..engine import IllegalOrderError, Pause
from ..resources import scenario_paths
from ..replay import ReplayError
from .mapview import MapView
from .netsession import NetSession, host, host_feed, watch_feed
from .screen import Screen
from .screens.briefing import BriefingScreen
from .screens.dialog import Dialog
from .screens.end import EndScreen
from .screens.files import FileList
from .screens.handover import PassScreen
from .screens.help import HelpOverlay
from .screens.guide import GuideOverlay
from .screens.history import HistoryScreen
from .screens.inbox import InboxOverlay
from .screens.main import MainScreen
from .screens.menu import GameMenu
from .screens.news import NewsScreen
from .screens.picker import ScenarioPicker
from .screens.replay import ReplayViewer
from .screens.join import JoinScreen
from .screens.room import RoomScreen
from .screens.setup import SetupScreen
from .screens.teacher import PauseOverlay, PinPrompt, TeacherPanel, draw_room_strip
from .screens.title import TitleScreen
from .screens.why import Reader, WhyOverlay
from .session import Session, default_saves_dir, describe_save
from .widgets import text, theme

BASE_SIZE = (1280, 720)
MIN_SIZE = (800, 480)
"""The smallest window the screens lay out in (a smaller one is put back to this size)."""
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
    "room": RoomScreen,                # (feed=RoomFeed, title=): the projector's room view
    "join": JoinScreen,                # (address=, code=): a team's laptop joins a class
    # overlays (app.open): raised over the current screen
    "dialog": Dialog,                  # (title, body, buttons=, danger=)
    "menu": GameMenu,                  # (under)
    "help": HelpOverlay,               # (under)
    "teacher": TeacherPanel,           # (session=): default the app's; the room view's remote
    "pause": PauseOverlay,             # ()
    "files": FileList,                 # (folder, replay=)
    "pin": PinPrompt,                  # (session, then=, what=)
    "why": WhyOverlay,                 # (game, viewer, key, choices=)
    "reader": Reader,                  # (title, body=[(style, text)])
    "inbox": InboxOverlay,             # (screen=MainScreen)
    "guide": GuideOverlay,             # (screen=MainScreen)
}
"""Every screen and overlay by name: a factory ``(app, **kwargs) -> Screen``."""


class App:
    """The game window. ``step()`` runs one frame; ``run()`` runs until closed."""

    def __init__(self, size: tuple[int, int] = BASE_SIZE, saves_dir: str | Path | None = None,
                 scenario: str | None = None, seed: int | None = None,
                 overrides: list[str] | None = None, replay: str | None = None,
                 fps: int = 60, settings_path: str | Path | None = None) -> None:
        configure_sdl()                # software window surface: no Mesa GL under Xvfb
        pygame.display.init()          # fonts.font() starts the font module (and notices a
                                       # pygame.quit() that made older fonts unusable)
        pygame.key.set_repeat(350, 40)
        self.windowed_size = size
        self.fullscreen = False
        self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._set_minimum_size()
        pygame.display.set_caption(CAPTION)
        self._set_icon()
        self.saves_dir = Path(saves_dir) if saves_dir else default_saves_dir()
        self.seed = seed
        self.overrides = list(overrides or [])
        self.fps = fps
        self.clock = pygame.time.Clock()
        self.settings_path = Path(settings_path) if settings_path else \
            user_settings.default_path()
        self.settings = user_settings.load(self.settings_path)
        self.text_scale = self.settings.text_scale
        self.screen: Screen | None = None
        self.overlays: list[Screen] = []
        self.session: Session | None = None
        self.briefed: set[str] = set()     # seats that have read their briefing this game
        self.show_briefings = self.settings.briefings   # each team's briefing before turn 1
        self._held: set[int] = set()       # keys held down when the screen last changed
        self._held_until = 0
        self.baseline_games = 50           # the end screen's computer comparison (games)
        self.running = True
        self.frames = 0
        self._quit_dialog: Screen | None = None
        self._room_leave: Callable[[], None] | None = None   # stops a hosted class server
        self.hosted: Any = None                # the class server this window hosts, if any
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

    def _set_minimum_size(self) -> None:
        """Ask the window manager not to shrink the window below :data:`MIN_SIZE` (it may
        not listen: :meth:`resize` clamps whatever size arrives)."""
        try:
            with warnings.catch_warnings():      # (pygame-ce calls set_mode windows legacy)
                warnings.simplefilter("ignore", DeprecationWarning)
                pygame.Window.from_display_module().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error):
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
        """Lay the screens out for a window of w x h, clamped to :data:`MIN_SIZE` first (a
        window shrunk below it is put back, so no screen ever lays out smaller)."""
        w, h = max(MIN_SIZE[0], w), max(MIN_SIZE[1], h)
        if self.surface.get_size() != (w, h):
            self.surface = pygame.display.set_mode((w, h), pygame.RESIZABLE)
            self._set_minimum_size()
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
        self.remember(text_scale=scale)
        self.relayout()

    def remember(self, **changes: Any) -> None:
        """Change settings and write them to the settings file (see game/ui/settings.py)."""
        for k, v in changes.items():
            setattr(self.settings, k, v)
        user_settings.save(self.settings, self.settings_path)

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
        self._hold_keys()
        screen.layout(*self.size)

    def _hold_keys(self) -> None:
        """A key still held down when the screen changes (the Enter that started the game)
        must not act on the new screen: its key-repeat presses are dropped until it is
        released (or for a second, should the release never arrive)."""
        try:
            pressed = pygame.key.get_pressed()
        except pygame.error:
            return
        self._held = {k for k in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE,
                                  pygame.K_a, pygame.K_e) if pressed[k]}
        self._held_until = pygame.time.get_ticks() + 1000

    def _dropped(self, ev: pygame.event.Event) -> bool:
        """Is this a repeat of a key held down since the screen changed?"""
        if not self._held:
            return False
        if ev.type == pygame.KEYUP:
            self._held.discard(ev.key)
            return False
        if ev.type == pygame.KEYDOWN and ev.key in self._held:
            if pygame.time.get_ticks() < self._held_until:
                return True
            self._held.clear()
        return False

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
            self.request_quit()
            return
        if ev.type == pygame.VIDEORESIZE:
            if not self.fullscreen:
                self.resize(ev.w, ev.h)
            return
        if ev.type == pygame.WINDOWSIZECHANGED:
            # the window's new size, clamped before anything is laid out (laying out at
            # 320x240 first crashed: tests/test_gui_console.py)
            self.surface = pygame.display.get_surface() or self.surface
            if self.fullscreen:
                self.relayout()
            else:
                self.resize(*self.surface.get_size())
            return
        if self._dropped(ev):
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
        if in_game and not ctrl and k == pygame.K_u and isinstance(self.session, NetSession) \
                and isinstance(self.screen, MainScreen) and self.session.can_reopen():
            self.reopen_seat()                # take back End turn (a team's laptop)
            return True
        ended = self.session is not None and isinstance(self.screen, EndScreen) \
            and not any(getattr(o, "modal", False) for o in self.overlays)
        if (in_game or ended) and not ctrl and k == pygame.K_F2:
            self.open_console()          # (on the end screen too: a rewind takes the end back)
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
        if isinstance(self.session, NetSession):
            self._remote_update(self.session)
        if self.screen is not None:
            self.screen.update(dt)
        for o in self.overlays:
            o.update(dt)

    def draw(self) -> None:
        surf = self.surface
        surf.fill(theme().bg)
        if self.screen is not None:
            self.screen.draw(surf)
            if self.session is not None and getattr(self.screen, "in_game", False) \
                    and not isinstance(self.screen, RoomScreen):   # (it has its own clock)
                draw_room_strip(surf, self.session)     # the timer and the pause, for the room
            if isinstance(self.session, NetSession):
                _draw_banner(surf, self.session.banner())
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
        """Close the window now (the running game, if any, saved first)."""
        s = self.session
        if s is not None:
            s.autosave()
        stop, self._room_leave = self._room_leave, None
        if stop is not None:
            stop()
        self.running = False

    def running_game(self) -> bool:
        """Is a game being played (one that closing or loading over would interrupt)?"""
        return self.session is not None and not self.session.game.over

    def request_quit(self) -> None:
        """The window's close button: with a game running, ask first (a second close while
        asking closes); the game is saved either way, with every order queued so far."""
        s = self.session
        if not self.running_game() or self._quit_dialog in self.overlays:
            self.quit()
            return
        assert s is not None
        st = s.status()
        done = (f" {st.ordered} of {st.people} teams have ordered this turn; their orders are "
                f"kept." if st.people > 1 else "")
        self._quit_dialog = self.open(
            "dialog", title="Close the game?",
            body=f"The game is saved as {s.autosave_path.name}, with every order queued so "
                 f"far.{done} To go on, start the game again and choose Load a saved game: "
                 f"the round resumes where it stopped.",
            buttons=[("Close the window", self.quit), ("Keep playing", None)])

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
        self.briefed = set()
        self.overlays = []
        self.begin_turn()
        self.sync_pause()
        if session.notes:
            self.message("Loaded, with changes", "\n".join(session.notes))
            session.notes = []

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
            self.go("briefing", session=s, seat=seat, then=lambda: self._main(seat))
            return
        self._main(seat)

    def _main(self, seat: str | None) -> None:
        """The seat's main screen; its turn has begun (the seat before it can no longer take
        its End turn back, and a per-team timer starts). On a game's first turn, the
        first-game guide over it for a player who has not seen it (the setting ``guide``)."""
        s = self.session
        if s is not None and seat is not None:
            s.begin_seat(seat)
        screen = self.go("main", session=s, seat=seat)
        if seat is not None and s is not None and not s.game.reports and self.settings.guide:
            self.open("guide", screen=screen)

    def reopen_seat(self) -> bool:
        """Take back the last team's End turn (until the next team has started): its orders
        come back to its screen."""
        s = self.session
        seat = s.can_reopen() if s is not None else None
        if s is None or seat is None or not s.reopen(seat):
            return False
        self._main(seat)
        return True

    def open_briefing(self) -> bool:
        """B on the main screen (or in its help): the seat's briefing, then back."""
        screen = self.screen
        if self.session is None or not isinstance(screen, MainScreen):
            return False
        self.overlays = [o for o in self.overlays if not isinstance(o, HelpOverlay)]
        self.go("briefing", session=self.session, seat=screen.seat, back=screen)
        return True

    def seat_done(self, seat: str | None, unspent_ok: bool = False) -> None:
        """A human ended their turn (or, with no humans, the watcher asked for the next turn).
        Capital left unspent with orders queued is pointed out first (an empty queue is
        confirmed by the main screen)."""
        s = self.session
        if s is None:
            return
        if seat is not None and not unspent_ok and s.draft(seat) and s.remaining(seat) > 0:
            view = s.seat_view(seat)
            left = s.remaining(seat)
            self.confirm(f"End the turn with {left} PC unspent?",
                         f"{s.game.rules.name(seat)} still has {left} of {view.capital} "
                         f"political capital (PC) to spend this turn. {view.capital_note}",
                         "End turn", lambda: self.seat_done(seat, True), "Keep ordering")
            return
        if seat is not None:
            try:
                s.end_seat(seat)
            except IllegalOrderError as e:      # e.g. an injected event changed the state
                self.message("Check your orders", f"{e}. Remove that order (Delete) and end "
                             f"the turn again.", danger=True)
                return
        if isinstance(s, NetSession):
            self._main(seat)                # "waiting for the other teams" until the news
            return
        if s.ready() or seat is None:
            report = s.resolve()
            self.go("news", session=s, view=s.turn_view(report.turn))
            if s.autosave_error:
                self.message("Autosave failed", s.autosave_error, danger=True)
        else:
            self.begin_turn()

    @property
    def paused(self) -> bool:
        return self.session is not None and self.session.paused

    def toggle_pause(self) -> None:
        """P (or the console): pause the class or resume it, recorded as a teacher's
        command; behind the teacher's PIN when one was chosen."""
        if self.session is None:
            return
        if isinstance(self.session, NetSession):
            self.open_console()             # (the teacher pauses the class, on the host)
            return
        self.with_pin(self._toggle_pause, "pause or resume the class")

    def _toggle_pause(self) -> None:
        s = self.session
        if s is None:
            return
        s.teacher(Pause(paused=not s.paused))
        self.sync_pause()

    def sync_pause(self) -> None:
        """Show the pause screen while the session is paused, and only then."""
        self.overlays = [o for o in self.overlays if not isinstance(o, PauseOverlay)]
        if self.paused:
            self.open("pause")

    def with_pin(self, then: Callable[[], None], what: str = "open the teacher's console"
                 ) -> None:
        """Run ``then`` at once, or after the teacher's PIN when the game has one (a wrong
        PIN is refused and nothing happens)."""
        s = self.session
        if s is None or not s.locked:
            then()
            return
        self.open("pin", session=s, then=then, what=what)

    def open_console(self) -> None:
        """F2 or the menu's Teacher's console: the console, behind the PIN if there is one."""
        if isinstance(self.session, NetSession):
            self.message("The teacher's console is on the teacher's laptop",
                         "This laptop plays one team's seat. The teacher pauses the class, "
                         "sets the timer and ends turns from the laptop that hosts the game.")
            return
        if self.session is not None:
            self.with_pin(lambda: None if self.open("teacher") else None)

    def after_teacher(self, turn_before: int) -> None:
        """After the console closes: show what the class should see now (a rewind or an end
        goes to the new turn or the end screen; a seat that was switched, ended or changed
        by an event gets its screen rebuilt; the turn resolves if nobody is left to order)."""
        s = self.session
        if s is None:
            return
        scr = self.screen
        if isinstance(scr, RoomScreen):
            pass                       # the room view follows the game by itself
        elif s.game.over:
            if not isinstance(scr, EndScreen):
                self.go("end", session=s)
        elif isinstance(scr, (NewsScreen, BriefingScreen)) and s.game.turn == turn_before:
            pass                       # the news (or the briefing) stays; the turn waits
        elif isinstance(scr, MainScreen) and s.game.turn == turn_before and (
                scr.seat is None and not s.humans or scr.seat is not None
                and scr.seat == s.current):
            self._main(scr.seat)          # rebuilt: an event may open or close levers
        else:
            self.next_seat()
        self.sync_pause()

    def next_seat(self) -> None:
        """The next person's turn, or the turn resolves when nobody is left to order."""
        s = self.session
        if s is None:
            return
        if s.humans and s.ready():
            self.seat_done(None)
        else:
            self.begin_turn()

    def quit_to_title(self) -> None:
        """Leave the game (or the replay) for the title screen (the game saved first)."""
        if self.session is not None:
            self.session.autosave()
        self.session = None
        self.overlays = []
        self.go("title")

    # ------------------------------------------------------------------ the room view
    def show_room(self, feed: Any, title: str = "", session: Session | None = None,
                  on_leave: Callable[[], None] | None = None) -> Screen:
        """The projector's room view of ``feed`` (a :class:`~game.ui.roomfeed.RoomFeed`);
        ``session``: the game in this process, when there is one (its console on F2);
        ``on_leave``: what leaving the room view stops (a hosted server)."""
        self.session = session
        self.overlays = []
        self._room_leave = on_leave
        return self.go("room", feed=feed, title=title)

    def host_class(self, scenario: Path, seed: int, port: int = 8765, bind: str | None = None,
                   pin: str | None = None, name: str = "", overrides: list[str] | None = None,
                   resume: Path | None = None) -> bool:
        """``whales play --host``: start the class server in this process and show the room
        view (its codes, who has ordered, the console on F2). False (with a message) when
        the server cannot start."""
        try:
            running = host(scenario, seed=seed, port=port, bind=bind, pin=pin,
                           saves_dir=self.saves_dir, overrides=overrides, name=name,
                           resume=resume)
        except (OSError, ReplayError) as e:
            self.message("The class server cannot start", f"{e}", danger=True)
            return False
        self.hosted = running
        self.show_room(host_feed(running, pin), on_leave=running.stop)
        return True

    def watch_class(self, address: str) -> None:
        """``whales play --watch``: the room view of a class on another laptop (public view
        only: no codes, no console)."""
        self.show_room(watch_feed(address))

    def join_class(self, address: str = "", code: str | None = None) -> None:
        """``whales play --join`` or the title's Join a class: the address and the team's
        code, then the team's main screen for its seat."""
        self.go("join", address=address, code=code)

    def start_remote(self, session: NetSession) -> None:
        """A team's laptop has joined its seat: its main screen (its briefing first, before
        its first turn), over the network from here on."""
        # (a NetSession offers the screens the calls of a Session, not its type)
        self.session = session  # type: ignore[assignment]
        self.overlays = []
        self.briefed = set()
        self.play_seat(session.seat)
        self.sync_pause()

    def _remote_update(self, s: NetSession) -> None:
        """Once a frame: what the class server sent. A turn that resolved shows its news;
        the pause screen follows the teacher's pause."""
        try:
            changed = s.poll()
        except Exception as e:          # noqa: BLE001 — e.g. the scenario is not here
            self.message("The class sent something this laptop cannot show", str(e),
                         danger=True)
            return
        if "turn" in changed and not isinstance(self.screen, (NewsScreen, BriefingScreen)):
            self.overlays = [o for o in self.overlays if getattr(o, "sticky", False)]
            self.go("news", session=s, view=s.turn_view(), game=s.game)
        elif "turn" in changed and s.turn_view() is not None:
            self._news_waiting = True
        if "status" in changed and s.paused != any(isinstance(o, PauseOverlay)
                                                   for o in self.overlays):
            self.sync_pause()
        if "seat_view" in changed and isinstance(self.screen, MainScreen) and \
                self.screen.levers is not None and not self.overlays:
            self.screen.levers.refresh()
            if self.screen.queue is not None:
                self.screen.queue.sync()

    def open_room_console(self, room: Any) -> None:
        """F2 on the room view: the teacher's console of the game in this process, else the
        feed's (a console over the network), behind the PIN."""
        if self.session is not None:
            self.open_console()
            return
        console = room.feed.console()
        if console is None:
            self.message("No teacher's console here",
                         "This window watches the class. The teacher's console is on the "
                         "laptop that hosts the game (whales play --host), on F2.")
            return
        def go() -> None:
            self.open("teacher", session=console)
        if console.locked:
            self.open("pin", session=console, then=go)
        else:
            go()

    def leave_room(self, room: Any) -> None:
        """Esc on the room view: ask, then stop watching (and hosting) and go to the title."""
        hosting = self._room_leave is not None
        body = ("The class server stops: the teams' laptops lose the game until it is hosted "
                "again (whales serve --resume with its autosave keeps the same codes)."
                if hosting else "You can join again with the same address.")
        def leave() -> None:
            stop, self._room_leave = self._room_leave, None
            room.feed.close()
            if stop is not None:
                stop()
            self.quit_to_title()
        self.confirm("Leave the room view?", body, "Leave", leave, "Stay")

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

    def ask_load(self, path: Path) -> None:
        """Load a save, asking first when a game is running (it stays in its own autosave
        file, with its queued orders)."""
        s = self.session
        if not self.running_game() or s is None or not describe_save(path).ok:
            self.load_game(path)          # (a file that is no game says so, and nothing stops)
            return
        what = f"“{s.name}”, " if s.name else ""
        self.confirm(f"Load {path.name}?",
                     f"The game being played ({what}{s.game.scenario.title}, turn "
                     f"{s.game.turn}) stops here. It stays saved as {s.autosave_path.name} "
                     f"with every order queued so far, so it can be loaded again later.",
                     "Load it", lambda: None if self.load_game(path) else None, "Keep playing")

    def load_game(self, path: Path) -> bool:
        """Load a save; on failure a dialog explains and the current game goes on."""
        try:
            session = Session.load(path, self.saves_dir)
        except (ReplayError, OSError) as e:
            self.message("Cannot load that file", _one_line(e, path, self.session is not None),
                         danger=True)
            return False
        self.start(session)
        return True

    def open_replay(self, path: Path) -> bool:
        try:
            viewer = self.make("replay", path=path)
        except (ReplayError, OSError) as e:
            self.message("Cannot open that replay", _one_line(e, path, self.session is not None),
                         danger=True)
            return False
        if self.session is not None:
            self.session.autosave()
        self.session = None
        self.show(viewer)
        return True


def _draw_banner(surf: pygame.Surface, msg: str | None) -> None:
    """A line across the foot of the window (a team's laptop: the connection, or its orders
    sent and waiting), with a second line of detail."""
    if not msg:
        return
    th = theme()
    w, h = surf.get_size()
    head, _, why = msg.partition("\n")
    lost = not head.startswith("Orders sent")
    r = pygame.Rect(0, 0, w, fonts.font(fonts.HEADING, True).get_linesize() + 16
                    + (fonts.font(fonts.BODY).get_linesize() if why else 0))
    r.bottom = h
    pygame.draw.rect(surf, th.bad if lost else th.accent, r)
    text(surf, head, (w // 2, r.y + 8), fonts.HEADING, (0, 0, 0), True, "midtop", max_w=w - 30)
    if why:
        text(surf, why, (w // 2, r.bottom - 6), fonts.BODY, (0, 0, 0), False, "midbottom",
             max_w=w - 30)


def _one_line(e: Exception, path: Path, running: bool = True) -> str:
    """The error for a dialog: the file by name (its folder is on the file list)."""
    msg = (str(e).strip() or e.__class__.__name__).replace(str(path), path.name)
    if path.name not in msg:
        msg = f"{path.name}: {msg}"
    return msg + ("\n\nNothing was changed; the current game goes on." if running else
                  "\n\nNothing was changed.")


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
