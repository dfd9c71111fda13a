"""Helpers shared by the CLI verbs: loading scenarios with clean errors, exit codes."""
from __future__ import annotations

import sys
from typing import NoReturn

import click

from ..engine import ACTORS, ScenarioError
from ..engine.loader import read_scenario

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """One clear message on stderr and a non-zero exit, never a traceback."""
    click.echo(f"whales: {message}", err=True)
    sys.exit(code)


def load_or_exit(path: str, overrides: list[str] | None = None):
    """(text, scenario) or exit 2 with every problem, one per line."""
    try:
        return read_scenario(path, overrides)
    except ScenarioError as e:
        for p in e.problems:
            click.echo(f"error: {p}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def parse_seats(specs: tuple[str, ...], scenario) -> dict[str, str | None]:
    """--seat STATE=computer[:PERSONALITY] → {state: personality or None}."""
    seats: dict[str, str | None] = {}
    for spec in specs:
        state, sep, who = spec.partition("=")
        state = state.strip().lower()
        if not sep or state not in ACTORS:
            fail(f"--seat {spec}: expected STATE=computer:PERSONALITY with STATE one of "
                 f"{', '.join(ACTORS)}")
        kind, _, pers = who.partition(":")
        if kind != "computer":
            fail(f"--seat {spec}: headless runs have computer seats only "
                 f"(expected computer or computer:PERSONALITY)")
        options = scenario.actors[state].personalities
        if pers and pers not in options:
            fail(f"--seat {spec}: {state} has no personality {pers!r}; choose from "
                 f"{', '.join(sorted(options))}")
        seats[state] = pers or None
    return seats
