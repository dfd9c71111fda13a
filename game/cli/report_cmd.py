"""`whales report`: the debrief of a recorded game; `whales briefing`: the teams' briefings."""
from __future__ import annotations

import click

from ..atomic import write_atomic
from ..baseline import DEFAULT_GAMES, MAX_GAMES
from ..replay import RebuildError, ReplayError
from . import cli
from .common import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, fail, load_or_exit, status
from .replay_cmds import _load

FORMATS = click.Choice(["html", "md"])


def _format(fmt: str | None, out: str) -> str:
    """--format, else from the file name (.md / .markdown: Markdown), else HTML."""
    if fmt:
        return fmt
    return "md" if out.lower().endswith((".md", ".markdown")) else "html"


def _write(out: str, text: str, what: str) -> None:
    if out == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomic(out, text)
    except OSError as e:
        fail(f"cannot write {out}: {e.strerror or e}", EXIT_BAD_INPUT)
    status(f"{what} written to {out}")


@cli.command()
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--out", default="-", show_default=True, type=click.Path(dir_okay=False),
              help="write the debrief to this file; '-' for standard output")
@click.option("--format", "fmt", type=FORMATS, default=None,
              help="html (one self-contained file: charts embedded, prints cleanly) or md "
                   "(Markdown, the same content without charts); default: md for an --out "
                   "ending .md, else html")
@click.option("--baseline", "baseline_games", default=DEFAULT_GAMES, show_default=True,
              type=click.IntRange(min=0, max=MAX_GAMES),
              help="all-computer games of the same scenario to compare each seat's result "
                   "with (0: none)")
def report(file: str, out: str, fmt: str | None, baseline_games: int) -> None:
    """The debrief of a replay or saved game, for the class after the game: each team's
    objectives and result against what the computer achieved from the same seat (a small
    sweep of the same scenario and overrides, on seeds derived from the game's), the turning
    points and their causes, discussion questions chosen by what happened, every team's
    orders turn by turn with the secret ones revealed, the teacher's actions, every lever
    used with its passage, and the scenario's sources.

    The replay is re-simulated and checked first (exit 1 if it cannot be).
    """
    from ..debrief import build, document
    replay = _load(file)
    kind = _format(fmt, out)
    try:
        content = build(replay, baseline_games)
    except RebuildError as e:      # a readable replay that cannot be re-simulated: as verify
        fail(f"cannot re-simulate {file}: {e}", EXIT_CHECK_FAILED)
    except ReplayError as e:
        fail(f"{file}: {e}", EXIT_BAD_INPUT)
    if kind == "html":
        from ..doc import html
        text = html.render(document(content))
    else:
        from ..doc import markdown
        text = markdown.render(document(content, charts=False))
    _write(out, text, "Debrief")


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--seat", "seats", multiple=True, metavar="STATE",
              help="the team to brief (repeatable; default: all six)")
@click.option("--out", default="-", show_default=True, type=click.Path(dir_okay=False),
              help="write the briefing to this file; '-' for standard output")
@click.option("--format", "fmt", type=FORMATS, default=None,
              help="html (prints one team to a sheet) or md; default: md for an --out "
                   "ending .md, else html")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE",
              help="override a scenario value, as for whales run (repeatable)")
def briefing(scenario: str, seats: tuple[str, ...], out: str, fmt: str | None,
             overrides: tuple[str, ...]) -> None:
    """The team briefings of a scenario, to read or print before the game: who you are,
    your interests and red lines with their passages from the articles, your objectives and
    their weights, your key levers and what the others probably want.

    SCENARIO is a file or a bundled scenario's name, e.g. `whales briefing vladivostok-2019
    --seat dprk --out dprk.html`.
    """
    from ..briefing import briefing_doc
    from ..engine import ACTORS, Game, rules_for
    text, sc = load_or_exit(scenario, list(overrides))
    chosen = []
    for s in seats:
        a = s.strip().lower()
        if a not in ACTORS:
            fail(f"--seat {s}: unknown state; expected one of {', '.join(ACTORS)}")
        chosen.append(a)
    game = Game(rules_for(text, scenario, list(overrides)), 0)
    doc = briefing_doc(game, chosen or None)
    if _format(fmt, out) == "html":
        from ..doc import html
        result = html.render(doc, toc=False)
    else:
        from ..doc import markdown
        result = markdown.render(doc)
    _write(out, result, "Briefing" if len(chosen) == 1 else "Briefings")
