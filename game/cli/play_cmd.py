"""`whales play [SCENARIO]`: open the game window (title → scenario → seats → game)."""
from __future__ import annotations

import os
import sys
import tempfile
import time

import click

from . import cli
from .common import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, error, fail, load_or_exit

HEADLESS_HINT = "whales run {scenario} --seed 7"


def _parse_size(size: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in size.lower().split("x"))
    except ValueError:
        fail(f"--size {size}: expected WIDTHxHEIGHT, e.g. 1280x720")
    if w < 800 or h < 480:
        fail(f"--size {size}: the window must be at least 800x480")
    return w, h


@cli.command()
@click.argument("scenario", required=False, type=click.Path(dir_okay=False))
@click.option("--seed", type=click.IntRange(-2 ** 63, 2 ** 63 - 1), default=None,
              help="the game's seed, a 64-bit whole number (default: a random one, shown on "
                   "the seat screen)")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE",
              help="override a scenario value, as for `whales run` (repeatable)")
@click.option("--saves-dir", type=click.Path(file_okay=False), default=None,
              help="where saves, autosaves and replays go (default: "
                   "~/.local/share/shrimp-between-whales/saves)")
@click.option("--replay", "replay_path", type=click.Path(dir_okay=False), default=None,
              help="open this replay file in the replay viewer")
@click.option("--size", default="1280x720", show_default=True, help="window size WIDTHxHEIGHT")
@click.option("--smoke-test", is_flag=True,
              help="open the window, play one turn by keyboard, close, exit 0 (for CI)")
@click.option("--host", "host", is_flag=True,
              help="one laptop per team: run the class server in this window and show the "
                   "room view for the projector (address, seat codes, who has ordered; F2: "
                   "the teacher's console)")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="with --host: the port to listen on (0: any free one)")
@click.option("--bind", default=None, metavar="ADDR",
              help="with --host: the address to listen on (default: every interface)")
@click.option("--pin", default=None, metavar="PIN",
              help="with --host: the teacher's PIN (4-8 digits) for the console (F2)")
@click.option("--name", default="", help='with --host: the game\'s name, e.g. "Period 3"')
@click.option("--join", "join", default=None, metavar="HOST:PORT",
              help="one laptop per team: join the class at HOST:PORT (asks for the seat's "
                   "code)")
@click.option("--code", default=None, help="with --join: the seat's code (else asked)")
@click.option("--watch", "watch", default=None, metavar="HOST:PORT",
              help="watch the class at HOST:PORT as a spectator (the room view)")
def play(scenario: str | None, seed: int | None, overrides: tuple[str, ...],
         saves_dir: str | None, replay_path: str | None, size: str, smoke_test: bool,
         host: bool, port: int, bind: str | None, pin: str | None, name: str,
         join: str | None, code: str | None, watch: str | None) -> None:
    """Open the game window. With SCENARIO (a file or a bundled scenario's name), go straight
    to choosing who plays it.

    One laptop per team: `--host [SCENARIO]` on the teacher's laptop (the projector shows
    the room view with the address and one code per seat), `--join HOST:PORT` on each
    team's, `--watch HOST:PORT` for another screen.

    Keys are listed in the game with F1. With no display (a server, an SSH session) this
    prints how to run a headless game instead and exits 2.
    """
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    wh = _parse_size(size)
    if sum(map(bool, (host, join, watch, replay_path))) > 1:
        fail("choose one of --host, --join, --watch and --replay")
    if (join or watch) and scenario:
        fail("--join and --watch take the game from the class server: give no SCENARIO")
    for flag, val in (("--join", join), ("--watch", watch)):
        if val:
            from ..net.client import AddressError, ws_url
            try:
                ws_url(val)
            except AddressError as e:
                fail(f"{flag}: {e}")
    if code and not join:
        fail("--code goes with --join HOST:PORT")
    if not host and (pin or name or bind or port != 8765):
        fail("--port, --bind, --pin and --name go with --host")
    if host:
        from ..session import check_pin_text
        if pin is not None and check_pin_text(pin):
            fail(f"--pin: {check_pin_text(pin)}")
        scenario = scenario or "vladivostok-2019"
    if scenario:
        load_or_exit(scenario, list(overrides))      # a bad scenario: its errors, exit 2
        from ..resources import resolve_scenario
        scenario = resolve_scenario(scenario)        # a bundled name → its file
    if replay_path:
        from ..replay import ReplayError, load_replay
        try:
            load_replay(replay_path)
        except ReplayError as e:
            fail(str(e), EXIT_BAD_INPUT)
    from ..ui.app import display_problem
    problem = display_problem()
    if problem:
        target = scenario or "vladivostok-2019"
        if host:
            fail(f"{problem}, so the room view cannot open; run the class server without a "
                 f"window instead: whales serve {target}"
                 + (" --pin PIN" if pin else ""), EXIT_BAD_INPUT)
        fail(f"{problem}, so the game window cannot open; run a headless game instead: "
             f"{HEADLESS_HINT.format(scenario=target)}", EXIT_BAD_INPUT)
    if smoke_test:
        sys.exit(_smoke(scenario, seed, list(overrides), saves_dir, wh))
    from ..ui.app import App
    app = App(size=wh, saves_dir=saves_dir, scenario=None if host else scenario, seed=seed,
              overrides=list(overrides), replay=replay_path)
    if host:
        from pathlib import Path
        import secrets
        assert scenario is not None
        app.host_class(Path(scenario), seed if seed is not None else secrets.randbelow(2 ** 31),
                       port=port, bind=bind, pin=pin, name=name, overrides=list(overrides))
    elif watch:
        app.watch_class(watch)
    elif join:
        app.join_class(join, code)
    try:
        app.run()
    finally:
        import pygame
        pygame.quit()


def _smoke(scenario: str | None, seed: int | None, overrides: list[str],
           saves_dir: str | None, size: tuple[int, int]) -> int:
    """Open a real window, go title → scenario → seats → one turn by keyboard, and close."""
    import pygame

    from ..ui.app import App
    tmp = None
    if saves_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="whales-smoke-")
        saves_dir = tmp.name
    from ..proctime import since_process_start
    # settings of its own (a first run's: the first-game guide shows), so the user's stay
    settings = tempfile.TemporaryDirectory(prefix="whales-smoke-settings-")
    t0 = time.perf_counter()
    app = App(size=size, saves_dir=saves_dir, seed=7 if seed is None else seed,
              overrides=overrides, fps=0,
              settings_path=os.path.join(settings.name, "settings.json"))
    app.step()
    first = time.perf_counter() - t0
    from_start = since_process_start()
    picker = None

    def key(k: int, n: int = 1) -> None:
        for _ in range(n):
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""))
            app.step()

    if scenario:
        app.choose_scenario(__import__("pathlib").Path(scenario))
    else:
        t1 = time.perf_counter()
        key(pygame.K_n)                       # title → scenarios
        picker = time.perf_counter() - t1
        key(pygame.K_RETURN)                  # first scenario → seats
    key(pygame.K_RETURN)                      # start: one person (South Korea)
    if app.screen.__class__.__name__ == "BriefingScreen":
        key(pygame.K_RETURN)                  # past the team's briefing
    if app.overlays and app.overlays[-1].__class__.__name__ == "GuideOverlay":
        key(pygame.K_ESCAPE)                  # the first-game guide, closed by keyboard
    key(pygame.K_a)                           # queue the first legal lever
    key(pygame.K_e)                           # end the turn → news
    if app.screen.__class__.__name__ != "NewsScreen":
        key(pygame.K_RETURN)                  # (confirm ending a turn with no orders)
    frames, t1 = 0, time.perf_counter()
    while frames < 30 and app.step():
        frames += 1
    per = (time.perf_counter() - t1) / max(1, frames)
    ok = app.screen.__class__.__name__ == "NewsScreen" and app.session is not None \
        and len(app.session.game.reports) == 1
    driver = pygame.display.get_driver()
    pygame.quit()
    if tmp is not None:
        tmp.cleanup()
    settings.cleanup()
    if not ok:
        error("smoke test FAILED: the turn did not resolve to the news screen")
        return EXIT_CHECK_FAILED
    since = f" ({from_start * 1000:.0f} ms after process start)" if from_start else ""
    new_game = f", New game → picker {picker * 1000:.0f} ms" if picker is not None else ""
    click.echo(f"smoke test ok ({driver}): first frame {first * 1000:.0f} ms after App()"
               f"{since}{new_game}, {per * 1000:.1f} ms a frame on the news screen")
    return 0
