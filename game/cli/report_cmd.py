"""`whales report`: the debrief of a recorded game."""
from __future__ import annotations

import click

from ..atomic import write_atomic
from ..debrief import debrief
from ..replay import RebuildError, ReplayError
from . import cli
from .common import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, fail, status
from .replay_cmds import _load


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--out", default="-", show_default=True, type=click.Path(dir_okay=False),
              help="write the debrief (Markdown) to this file; '-' for the screen")
@click.option("--baseline", "baseline_games", default=10, show_default=True,
              type=click.IntRange(min=0, max=1000),
              help="all-computer games to compare each seat's score with (0: none)")
def report(file: str, out: str, baseline_games: int) -> None:
    """The debrief of a replay or saved game: outcome, scores against the computer from the
    same seat, objectives, turn-by-turn headlines, every secret move, and the causes behind
    the key numbers. Markdown, ready to project or print."""
    replay = _load(file)
    try:
        text = debrief(replay, baseline_games)
    except RebuildError as e:      # a readable replay that cannot be re-simulated: as verify
        fail(f"cannot re-simulate {file}: {e}", EXIT_CHECK_FAILED)
    except ReplayError as e:
        fail(f"{file}: {e}", EXIT_BAD_INPUT)
    if out == "-":
        click.echo(text)
        return
    try:
        write_atomic(out, text)
    except OSError as e:
        fail(f"cannot write {out}: {e.strerror or e}", EXIT_BAD_INPUT)
    status(f"Debrief written to {out}")
