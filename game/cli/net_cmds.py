"""`whales serve` (one class game on the network) and `whales join` (a headless seat)."""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import sys
from pathlib import Path

import click

from . import cli
from .common import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, fail, load_or_exit, parse_seats, status


@cli.command()
@click.argument("scenario", required=False, type=click.Path(dir_okay=False))
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="the port to listen on (0: any free port, printed)")
@click.option("--bind", "bind", default=None, metavar="ADDR",
              help="the address to listen on (default: every interface; 127.0.0.1: this "
                   "machine only)")
@click.option("--seed", type=click.IntRange(-2 ** 63, 2 ** 63 - 1), default=None,
              help="the game's seed (default: a random one, printed)")
@click.option("--pin", default=None, metavar="PIN",
              help="the teacher's PIN (4-8 digits; also WHALES_PIN): without one the "
                   "teacher's console is not open over the network")
@click.option("--name", default="", help='the game\'s name, e.g. "Period 3" (names the autosave)')
@click.option("--saves-dir", type=click.Path(file_okay=False), default=None,
              help="where the autosave goes (default: ~/.local/share/shrimp-between-whales/"
                   "saves)")
@click.option("--seat", "seats", multiple=True, metavar="STATE=computer[:P][@LEVEL]",
              help="a seat the server's computer plays from the start (repeatable; the "
                   "others are the teams')")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE",
              help="override a scenario value, as for `whales run` (repeatable)")
@click.option("--timer", default=0, type=click.IntRange(0, 3600), metavar="SECONDS",
              help="a round timer for each turn (0: none; the teacher can set one later)")
@click.option("--on-time-up", type=click.Choice(["pass", "autoplay"]), default=None,
              help="when the timer runs out, a team still ordering passes with its queued "
                   "orders (the default), or (autoplay) the computer plays its turn")
@click.option("--resume", "resume", type=click.Path(dir_okay=False), default=None,
              metavar="SAVE", help="continue the game in SAVE (its autosave) with the same "
                                   "seat codes")
@click.option("--ready-file", type=click.Path(dir_okay=False), default=None,
              help="write the port, seat codes and autosave path as JSON here once listening "
                   "(for scripts)")
@click.option("--exit-when-over", is_flag=True, help="stop once the game is over")
@click.option("--no-compression", is_flag=True,
              help="send messages uncompressed (a fast wired network)")
def serve(scenario: str | None, port: int, bind: str | None, seed: int | None,
          pin: str | None, name: str, saves_dir: str | None, seats: tuple[str, ...],
          overrides: tuple[str, ...], timer: int, on_time_up: str | None, resume: str | None,
          ready_file: str | None, exit_when_over: bool, no_compression: bool) -> None:
    """Run one class game on the network: every team joins its seat from its own laptop
    (`whales play --join ADDRESS`, or `whales join ADDRESS --code CODE --computer`), the
    projector watches (`whales play --watch ADDRESS`).

    Prints the address and one code per seat. Every order and every turn is saved at once;
    after a crash or Ctrl-C, `whales serve --resume SAVE` continues the same game with the
    same codes. Protocol: game/net/PROTOCOL.md.
    """
    from ..net.protocol import show_code
    from ..net.server import GameServer, ServerOptions
    from ..replay import ReplayError
    from ..session import check_pin_text
    pin = pin if pin is not None else (os.environ.get("WHALES_PIN") or None)
    if pin is not None and check_pin_text(pin):
        fail(f"--pin: {check_pin_text(pin)}")
    opts = ServerOptions(host=bind, port=port,
                         on_time_up=on_time_up or "pass",  # type: ignore[arg-type]
                         exit_when_over=exit_when_over, compression=not no_compression)
    sdir = Path(saves_dir) if saves_dir else None
    if resume:
        if scenario or seats or overrides or seed is not None:
            fail("--resume SAVE continues a saved game: give no SCENARIO, --seed, --seat or "
                 "--set with it")
        try:
            server = GameServer.resume(Path(resume), saves_dir=sdir, options=opts)
        except ReplayError as e:
            fail(str(e))
        if pin:
            server.session.set_pin(pin)
        if on_time_up:                     # else as the saved game had it
            server.options.on_time_up = on_time_up  # type: ignore[assignment]
            server.save_record()
        if timer:
            from ..engine import SetTimer
            server.session.teacher(SetTimer(seconds=timer, per="turn"))
    else:
        if not scenario:
            fail("give a SCENARIO (a file or a bundled name, e.g. vladivostok-2019) or "
                 "--resume SAVE")
        text, sc = load_or_exit(scenario, list(overrides))
        from ..resources import resolve_scenario
        source = resolve_scenario(scenario)
        computer = parse_seats(seats, sc)
        if seed is None:
            seed = secrets.randbelow(2 ** 31)
        server = GameServer.new(text, source, seed, seats=computer, overrides=list(overrides),
                                saves_dir=sdir, name=name, pin=pin, timer=timer, options=opts)

    def ready(srv: GameServer) -> None:
        g = srv.game
        host = bind if bind not in (None, "", "0.0.0.0", "::") else None
        addr = srv.address(host)
        lines = [f"Shrimp Between Whales: {g.scenario.title} (seed {g.seed})"
                 + (f', "{srv.session.name}"' if srv.session.name else ""),
                 f"Turn {g.turn} of {g.scenario.turns}" + (" (the game is over)" if g.over
                                                            else ""),
                 f"Listening on {bind or 'every interface'}, port {srv.port}",
                 "",
                 f"Teams join:   whales play --join {addr}",
                 f"Projector:    whales play --watch {addr}",
                 "",
                 "Seat codes:"]
        for a in g.actors:
            who = "" if srv.session.is_human(a) else "   (the computer plays it)"
            lines.append(f"  {g.rules.name(a):<16} {show_code(srv.codes[a])}{who}")
        lines += ["", f"Autosave: {srv.session.autosave_path}",
                  f"Resume:   whales serve --resume {srv.session.autosave_path}",
                  "Stop:     Ctrl-C (the game is saved)"]
        if srv.session.locked:
            lines.append("Teacher:  the console needs the PIN")
        click.echo("\n".join(lines))
        sys.stdout.flush()
        if ready_file:
            from ..atomic import write_atomic
            write_atomic(ready_file, json.dumps({
                "port": srv.port, "address": addr, "codes": srv.codes,
                "autosave": str(srv.session.autosave_path), "pid": os.getpid()}))

    try:
        asyncio.run(server.run(ready))
    except KeyboardInterrupt:
        server.session.autosave()
        status(f"Stopped; the game is saved: whales serve --resume "
               f"{server.session.autosave_path}")
        sys.exit(0)
    except OSError as e:
        if not resume and server.port is None:
            # a new game that never opened: leave no autosave of it behind
            from ..net.server import record_path
            for path in (server.session.autosave_path,
                         record_path(server.session.autosave_path)):
                if path is not None:
                    Path(path).unlink(missing_ok=True)
        fail(f"cannot listen on {bind or 'every interface'} port {port}: {e.strerror or e}")


@cli.command()
@click.argument("address", metavar="HOST:PORT")
@click.option("--code", default=None, help="the seat's code (from the server's list)")
@click.option("--token", default=None, help="rejoin with the token an earlier join wrote to its --token-file")
@click.option("--computer", "as_computer", is_flag=False, flag_value="", default=None,
              metavar="[PERSONALITY]",
              help="the server's computer player orders for the seat, with the scenario's "
                   "personality or PERSONALITY (e.g. --computer hawk)")
@click.option("--level", default=None, help="the computer's player level (planner, the "
                                            "default; deep, greedy, random, pass, spam-LEVER)")
@click.option("--token-file", type=click.Path(dir_okay=False), default=None,
              help="write the seat's token here (to rejoin after this client is killed)")
@click.option("--patience", default=120.0, show_default=True, type=click.FloatRange(0),
              help="seconds to keep trying to rejoin after the connection drops")
@click.option("--teacher", is_flag=True,
              help="connect as the teacher's console instead (the PIN from WHALES_PIN, or "
                   "asked): print who has ordered, or carry out each --command")
@click.option("--command", "commands", multiple=True, metavar="JSON",
              help='with --teacher: a teacher\'s command, e.g. \'{"action": "set_seat", '
                   '"actor": "japan", "seat": "computer"}\' (repeatable)')
def join(address: str, code: str | None, token: str | None, as_computer: str | None,
         level: str | None, token_file: str | None, patience: float, teacher: bool,
         commands: tuple[str, ...]) -> None:
    """Play one seat headless from this machine: with --computer the server's computer
    player orders for it each turn (for tests, benchmarks, or a team that left). Prints a
    line per turn; exits 0 when the game is over.

    With --teacher, the teacher's console from a terminal: exit 0 when every command was
    carried out, 1 when one was refused.
    """
    from ..net.client import AddressError, ServerError, ws_url
    from ..net.computer import play_seat
    try:
        ws_url(address)
    except AddressError as e:
        fail(str(e))
    if teacher:
        sys.exit(_teach(address, commands))
    if commands:
        fail("--command needs --teacher")
    if as_computer is None:
        fail("a headless seat is played by the computer: add --computer [PERSONALITY] (a "
             "team plays with `whales play --join`)")
    if (code is None) == (token is None):
        fail("give the seat's --code (or --token to rejoin)")
    if level is not None:
        from .common import parse_level
        parse_level(level)        # before connecting: the engine's one level check

    def keep(tok: str) -> None:
        if token_file:
            from ..atomic import write_atomic
            write_atomic(token_file, tok + "\n")
            os.chmod(token_file, 0o600)

    try:
        rc = asyncio.run(play_seat(address, code, token, personality=as_computer or None,
                                   level=level, patience=patience, on_token=keep))
    except ServerError as e:
        fail(e.message, EXIT_BAD_INPUT)
    except OSError as e:
        fail(f"cannot reach {address}: {e.strerror or e}", EXIT_CHECK_FAILED)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(rc)


def _teach(address: str, commands: tuple[str, ...]) -> int:
    """`whales join ADDRESS --teacher [--command JSON ...]`."""
    from pydantic import ValidationError

    from ..engine import COMMANDS
    from ..net.client import Connection, ServerError
    cmds = []
    for text in commands:
        try:
            cmds.append(COMMANDS.validate_json(text))
        except ValidationError as e:
            from ..net.protocol import first_error
            fail(f"--command {text}: {first_error(e)[1]}")
    pin = os.environ.get("WHALES_PIN") or click.prompt("The teacher's PIN", hide_input=True)

    async def go() -> int:
        conn = await Connection.open(address, pin=pin)
        try:
            rc = 0
            for cmd in cmds:
                res = await conn.command(cmd)
                click.echo(("" if res.ok else "refused: ") + res.message)
                rc = rc or (0 if res.ok else EXIT_CHECK_FAILED)
            if not cmds:
                st = await conn.get_status()
                click.echo(f"Turn {st.turn} of {st.turns} ({st.date}): {st.ordered} of "
                           f"{st.people} teams have ordered" + (", paused" if st.paused else ""))
                for seat in st.seats:
                    state = "ordered" if seat.ordered else (
                        f"drafting ({seat.drafting})" if seat.human else "the computer")
                    click.echo(f"  {seat.name:<16} {seat.seat:<20} {state}")
            return rc
        finally:
            await conn.close()
    try:
        return asyncio.run(go())
    except ServerError as e:
        fail(e.message, EXIT_BAD_INPUT)
    except OSError as e:
        fail(f"cannot reach {address}: {e.strerror or e}", EXIT_CHECK_FAILED)
