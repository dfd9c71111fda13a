"""Helpers shared by the CLI verbs: one way to report errors and status, loading scenarios
with clean errors, exit codes.

Streams: a verb's data (tables, JSON, a game's headlines and scores, ``-`` outputs) goes to
standard output; everything else goes to standard error, so ``whales … > file`` or
``| head`` see only data:

* :func:`error` / :func:`fail` — ``whales: error: MESSAGE`` (``fail`` also exits, 2 by default);
* :func:`warn` — ``whales: warning: MESSAGE`` (goes on);
* :func:`note` — ``whales: note: MESSAGE`` (a remark about what was done instead);
* :func:`status` — a plain line such as ``Replay written to game.json``.
"""
from __future__ import annotations

import sys
from typing import Iterable, NoReturn

import click

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2
PREFIX = "whales"


def _err(line: str) -> None:
    try:
        click.echo(line, err=True)
    except OSError:           # a closed or broken standard error: nothing more to say
        pass


def error(message: str) -> None:
    """One error line on stderr: ``whales: error: MESSAGE``."""
    _err(f"{PREFIX}: error: {message}")


def warn(message: str) -> None:
    _err(f"{PREFIX}: warning: {message}")


def note(message: str) -> None:
    _err(f"{PREFIX}: note: {message}")


def status(message: str) -> None:
    """A status line (progress, "written to …") on stderr, without a prefix."""
    _err(message)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """One clear message on stderr and a non-zero exit, never a traceback."""
    error(message)
    sys.exit(code)


def fail_all(problems: Iterable[object], code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Every problem on its own error line, then exit."""
    for p in problems:
        error(str(p))
    sys.exit(code)


def read_named_scenario(spec: str, overrides: list[str] | None = None):
    """(text, scenario) for a scenario named by a file or by its bundled name
    (``vladivostok-2019``); ScenarioError as the loader raises it, with a hint at the bundled
    names when ``spec`` is neither."""
    import dataclasses
    import os

    from .. import resources
    from ..engine import ScenarioError, read_scenario
    real = resources.resolve_scenario(spec)
    try:
        return read_scenario(real, overrides)
    except ScenarioError as e:
        if os.path.exists(real):
            raise
        hint = resources.hint_for(spec)
        e.problems[:] = [dataclasses.replace(p, message=f"{p.message}; {hint}")
                         if "no such file" in p.message else p for p in e.problems]
        raise


def load_or_exit(path: str, overrides: list[str] | None = None):
    """(text, scenario) or exit 2 with every problem, one per line. ``path`` is a file or a
    bundled scenario's name."""
    from ..engine import ScenarioError
    try:
        return read_named_scenario(path, overrides)
    except ScenarioError as e:
        fail_all(e.lines())


def parse_seats(specs: tuple[str, ...], scenario) -> dict[str, str]:
    """--seat STATE=computer[:PERSONALITY][@LEVEL] → {state: seat string}, by the engine's
    one seat parser; a person's seat, an unknown personality or level is refused."""
    from ..engine import SeatError, check_seat, parse_assignment
    seats: dict[str, str] = {}
    for spec in specs:
        try:
            state, seat = parse_assignment(spec)
        except SeatError as e:
            fail(f"--seat {spec}: {e}")
        if seat.human:
            fail(f"--seat {spec}: headless runs have computer seats only "
                 f"(expected computer, computer:PERSONALITY or either with @LEVEL)")
        why = check_seat(scenario, state, seat)
        if why:
            fail(f"--seat {spec}: {why}")
        seats[state] = seat.spec
    return seats


SEAT_METAVAR = "STATE=computer[:PERSONALITY][@LEVEL]"
"""The form of ``--seat`` (``whales run``, ``whales sweep``)."""


def levels_help() -> str:
    """The levels for an option's help: "planner, deep, greedy (the default), ...,
    spam-LEVER (e.g. spam-denounce)"."""
    from ..engine import DEFAULT_LEVEL, LEVELS, level_names
    return ", ".join(f"{lv} (the default)" if lv == DEFAULT_LEVEL else
                     lv if lv in LEVELS else f"{lv} (e.g. spam-denounce)"
                     for lv in level_names())


def parse_level(level: str | None, option: str = "--level") -> str:
    """``--level LEVEL`` → the level (None: the engine's default level), checked by the
    engine's one level check (:func:`~game.engine.players.check_level`, the one ``--seat
    …@LEVEL`` uses); an unknown level or a ``spam-LEVER`` of no lever exits 2 naming the
    option and the levels."""
    from ..engine import CATALOGUE, DEFAULT_LEVEL, check_level, level_names
    if level is None:
        return DEFAULT_LEVEL
    why = check_level(level, CATALOGUE)
    if why:
        if "levels:" not in why:
            why += f"; levels: {', '.join(level_names())}"
        fail(f"{option} {level}: {why}")
    return level


def story_checks(scenario, checks_file: str | None) -> list:
    """The scenario's story checks and those of ``--checks FILE``, checked against the
    scenario; exit 2 with every problem (``file:line:col: …``) when they do not fit."""
    from ..engine import Rules, ScenarioError, checks_for, load_checks
    try:
        extra = load_checks(checks_file) if checks_file else None
        return checks_for(Rules(scenario), extra)
    except ScenarioError as e:
        fail_all(e.lines())
