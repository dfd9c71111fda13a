"""The `whales` command (also `python -m game`): one command, many verbs.

Exit codes: 0 ok, 1 a check failed, 2 bad input. Every verb has --help.

Conventions every verb follows (helpers in :mod:`game.cli.common`): data on standard output;
errors (``whales: error: …``), notes and status lines ("… written to …") on standard error.
A closed pipe (``whales run … | head -1``) ends the command quietly with exit 141, as a
command killed by SIGPIPE would; Ctrl-C exits 130.

Verbs are loaded when used: ``whales --help`` and ``whales play`` import only what they need
(no Dask, matplotlib or pandas on the way to the title screen). A verb's module registers it
with ``@cli.command()``; :data:`VERBS` says which module holds it.
"""
from __future__ import annotations

import errno
import importlib
import os
import sys

import click

from .. import __version__

# name: (module in game.cli that defines it, the line `whales --help` shows), in help order
VERBS: dict[str, tuple[str, str]] = {
    "play": ("play_cmd", "Open the game window."),
    "run": ("scenario_cmds", "Play a whole all-computer game headless and print the scores."),
    "validate": ("scenario_cmds", "Check scenario files (file:line:col: what was expected)."),
    "schema": ("scenario_cmds", "Print the scenario JSON Schema for editors."),
    "scenarios": ("scenarios_cmd", "List the bundled scenarios, or copy one to edit."),
    "replay": ("replay_cmds", "Check, read and export replay files."),
    "report": ("report_cmd", "The debrief of a replay or saved game (HTML or Markdown)."),
    "briefing": ("report_cmd", "The teams' briefings for a scenario (HTML or Markdown)."),
    "sweep": ("sweep_cmds", "Play many all-computer games and summarise the spread."),
    "compare": ("sweep_cmds", "Differences between two sweeps or two grid cells, with 95% CIs."),
    "balance": ("balance_cmd", "The computer players' behaviour, strength and story checks."),
    "bench": ("replay_cmds", "Measure the engine's speed and memory."),
    "serve": ("net_cmds", "Run one class game on the network (one laptop per team)."),
    "join": ("net_cmds", "Play one seat of a network game headless (--computer)."),
}

EXIT_BROKEN_PIPE = 128 + 13      # what a shell reports for a command killed by SIGPIPE
EXIT_INTERRUPTED = 130


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so Python's final flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


class _BrokenPipe(Exception):
    """Standard output was closed by the reader (raised past click, which would exit 1)."""


class WhalesGroup(click.Group):
    """The top-level group: verbs imported on first use, and one way of reporting errors."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(VERBS) + sorted(set(self.commands) - set(VERBS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in VERBS:
            importlib.import_module(f"{__name__}.{VERBS[name][0]}")
        cmd = self.commands.get(name)
        if cmd is not None and name in VERBS and cmd.short_help is None:
            cmd.short_help = VERBS[name][1]
        return cmd

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The verb list from :data:`VERBS`, without importing any verb."""
        rows = [(name, VERBS[name][1]) for name in VERBS]
        rows += [(n, self.commands[n].get_short_help_str()) for n in
                 sorted(set(self.commands) - set(VERBS))]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as e:
            if e.errno != errno.EPIPE:
                raise
            raise _BrokenPipe() from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        from .common import error
        from .textsafe import install
        install()          # every line printed: control characters escaped, never a crash
        try:
            try:
                rv = super().main(args, prog_name or "whales", complete_var,
                                  standalone_mode=False, **extra)
                code = rv if isinstance(rv, int) else 0
            except SystemExit as e:
                code = e.code
            except click.UsageError as e:
                where = e.ctx.command_path if e.ctx is not None else "whales"
                error(f"{e.format_message().rstrip('.')} (see: {where} --help)")
                code = e.exit_code
            except click.ClickException as e:
                error(e.format_message())
                code = e.exit_code
            except (click.Abort, KeyboardInterrupt):
                error("interrupted")
                code = EXIT_INTERRUPTED
            sys.stdout.flush()
        except _BrokenPipe:
            _quiet_stdout()
            code = EXIT_BROKEN_PIPE
        except OSError as e:
            if e.errno != errno.EPIPE:
                raise
            _quiet_stdout()
            code = EXIT_BROKEN_PIPE
        sys.exit(code)


@click.group(cls=WhalesGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="whales")
def cli() -> None:
    """Shrimp Between Whales: Northeast Asian power politics, six states, simultaneous turns.

    Start with `whales play`, or run a headless game with
    `whales run vladivostok-2019 --seed 7` (`whales scenarios` lists the bundled scenarios).

    \b
    Shell completion (bash; zsh and fish alike, see the README):
      eval "$(_WHALES_COMPLETE=bash_source whales)"
    """


def main() -> None:
    cli.main(prog_name="whales")
