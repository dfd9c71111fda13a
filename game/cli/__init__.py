"""The `whales` command (also `python -m game`): one command, many verbs.

Exit codes: 0 ok, 1 a check failed, 2 bad input. Every verb has --help.
"""
from __future__ import annotations

import sys

import click

from .. import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="whales")
def cli() -> None:
    """Shrimp Between Whales: Northeast Asian power politics, six states, simultaneous turns.

    Start with `whales play`, or run a headless game with
    `whales run scenarios/vladivostok-2019.yaml --seed 7`.
    """


def main() -> None:
    try:
        cli.main(prog_name="whales", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


from . import scenario_cmds  # noqa: E402,F401  (run, validate, schema)
from . import sweep_cmds  # noqa: E402,F401  (sweep, compare)
from . import replay_cmds  # noqa: E402,F401  (replay verify|show|export, bench)
from . import play_cmd  # noqa: E402,F401  (play)
from . import report_cmd  # noqa: E402,F401  (report)
