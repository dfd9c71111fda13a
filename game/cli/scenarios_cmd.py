"""`whales scenarios`: the bundled scenarios (list, and copy one to edit)."""
from __future__ import annotations

import os
from pathlib import Path

import click

from . import cli
from .common import EXIT_BAD_INPUT, fail, status

SCHEMA_FILE = "scenario.schema.json"
MODELINE_START = "# yaml-language-server:"
MODELINE = f"{MODELINE_START} $schema={SCHEMA_FILE}"
"""The first line of a copy: editors with the YAML language server (VS Code's YAML
extension, Neovim, Helix, ...) check the file against the schema beside it and show each
field's description on hover."""


def _rows() -> list[tuple[str, str, str, str]]:
    """(name, title, start, turns) of every bundled scenario."""
    from .. import resources
    from ..engine import parse_scenario
    rows = []
    for name, res in resources.bundled_scenarios().items():
        try:
            sc = parse_scenario(res.read_text(encoding="utf-8"), name)
            rows.append((name, sc.title, sc.start_date.strftime("%B %Y"),
                         f"{sc.turns} × {sc.turn_months} month{'s' if sc.turn_months > 1 else ''}"))
        except Exception as e:   # noqa: BLE001 (a broken bundled file is still listed)
            rows.append((name, f"(cannot be read: {str(e).splitlines()[0]})", "", ""))
    return rows


@cli.group(invoke_without_command=True)
@click.option("--paths", is_flag=True, help="also print where each bundled file is")
@click.pass_context
def scenarios(ctx: click.Context, paths: bool) -> None:
    """List the bundled scenarios, or copy one to edit.

    Any verb that takes a scenario accepts a bundled scenario's name as well as a file, e.g.
    `whales run vladivostok-2019`.

    \b
    whales scenarios                          the bundled scenarios: name, title, start, turns
    whales scenarios copy sandbox lessons/    an editable copy: lessons/sandbox.yaml
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_cmd, paths=paths)


@scenarios.command("list")
@click.option("--paths", is_flag=True, help="also print where each bundled file is")
def list_cmd(paths: bool) -> None:
    """List the bundled scenarios (name, title, start, turns)."""
    from .. import resources
    rows = _rows()
    width = max(len(r[0]) for r in rows) if rows else 0
    twidth = max(len(r[1]) for r in rows) if rows else 0
    files = resources.bundled_scenarios()
    for name, title, start, turns in rows:
        line = f"{name:<{width}}  {title:<{twidth}}  {start:<14}  {turns}".rstrip()
        if paths:
            line += f"  {resources.real_path(files[name])}"
        click.echo(line)
    status("Run one with `whales run NAME`; copy one to edit with "
           "`whales scenarios copy NAME DIR`.")


@scenarios.command("copy")
@click.argument("name")
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="replace a file of the same name in FOLDER")
def copy_cmd(name: str, folder: str, force: bool) -> None:
    """Copy the bundled scenario NAME into FOLDER (default: here) as NAME.yaml, to edit.

    FOLDER is created when missing; an existing NAME.yaml is kept unless --force. The copy
    starts with a yaml-language-server line and FOLDER gets scenario.schema.json (the
    current `whales schema`), so an editor checks it and explains each field on hover.
    """
    from .. import resources
    from ..atomic import write_atomic
    found = resources.bundled_name(name)
    if found is None:
        fail(f"no bundled scenario {name!r}; choose from "
             f"{', '.join(resources.bundled_scenarios())}", EXIT_BAD_INPUT)
    dest_dir = Path(folder)
    dest = dest_dir / f"{found}.yaml"
    if dest_dir.exists() and not dest_dir.is_dir():
        fail(f"{folder}: is a file; expected a folder", EXIT_BAD_INPUT)
    if dest.exists() and not force:
        fail(f"{dest}: already exists; add --force to replace it, or choose another folder",
             EXIT_BAD_INPUT)
    import json

    from ..engine import scenario_schema
    text = resources.bundled_scenarios()[found].read_text(encoding="utf-8")
    if not text.startswith(MODELINE_START):
        text = f"{MODELINE}\n{text}"
    schema_path = dest_dir / SCHEMA_FILE
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(dest, text)
        write_atomic(schema_path, json.dumps(scenario_schema(), indent=2) + "\n")
    except OSError as e:
        fail(f"cannot write {e.filename or dest}: {e.strerror or e}", EXIT_BAD_INPUT)
    rel = os.path.relpath(dest) if not dest.is_absolute() else str(dest)
    status(f"Copied {found} to {rel} (with {SCHEMA_FILE} beside it, for an editor's checks "
           f"and hovers). Edit it, then: whales validate {rel}  ·  whales run {rel}")
