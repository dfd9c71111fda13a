"""Verbs that read scenarios: validate, schema, run."""
from __future__ import annotations

import json
import time

import click

from ..engine import Game, Rules, limits, scenario_hash, seat_spec
from . import cli
from .common import (EXIT_BAD_INPUT, SEAT_METAVAR, error, fail, levels_help, load_or_exit,
                     note, parse_seats, read_named_scenario, status)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def validate(files: tuple[str, ...]) -> None:
    """Check scenario files; each mistake is reported as file:line:col: path: what was expected.

    FILES are files or bundled scenarios' names (`whales validate vladivostok-2019`).

    Exit 0 when every file is valid, 2 otherwise.
    """
    from ..engine import ScenarioError
    bad = 0
    for f in files:
        try:
            _, sc = read_named_scenario(f)
        except ScenarioError as e:
            bad += 1
            for line in e.lines():
                error(line)
            continue
        click.echo(f"ok: {f} ({sc.title}, {sc.turns} turns, {len(sc.events)} events)")
    if bad:
        raise SystemExit(EXIT_BAD_INPUT)


@cli.command()
@click.option("--indent", default=2, show_default=True, help="JSON indentation")
def schema(indent: int) -> None:
    """Print the scenario JSON Schema (point your editor's YAML plug-in at it).

    Every lever is typed by its own parameter model, so an editor flags an unknown lever, a
    misspelt field or a wrong type under ``levers:``.
    """
    from ..engine import scenario_schema
    click.echo(json.dumps(scenario_schema(), indent=indent))


def _print_report(game: Game, report) -> None:
    click.echo(f"\nTurn {report.turn} — {report.date}")
    for n in game.turn_view(report.turn, None).news:
        click.echo(f"  • {n.headline}")


def final_summary(game: Game, text: str, seats: dict[str, str], overrides: list[str],
                  seconds: float) -> dict:
    """``seats``: seat strings by state (missing: the computer)."""
    st = game.state
    return {
        "scenario": game.scenario.name, "scenario_hash": scenario_hash(text),
        "seed": game.seed, "overrides": list(overrides),
        "seats": {a: seat_spec(seats.get(a)) for a in game.actors},
        "turns_played": len(game.reports), "final_turn": game.reports[-1].turn if game.reports else 0,
        "war": st.war, "digest": game.digest(),
        "scores": game.scores(),
        "tracks": {k.split(".", 1)[1]: v for k, v in st.values.items() if k.startswith("track.")},
        "seconds": round(seconds, 4),
    }


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--seed", default=0, show_default=True,
              type=click.IntRange(limits.SEED_MIN, limits.SEED_MAX),
              help="the game's random seed (a 64-bit whole number)")
@click.option("--turns", type=click.IntRange(1, limits.MAX_TURNS), default=None,
              help=f"stop after this many turns (default: the scenario's length; at most "
                   f"{limits.MAX_TURNS})")
@click.option("--set", "overrides", multiple=True, metavar="PATH=VALUE",
              help="override a scenario value by its dotted path, e.g. "
                   "actors.china.enforcement=90 (repeatable)")
@click.option("--seat", "seats", multiple=True, metavar=SEAT_METAVAR,
              help=f"choose a computer personality and player level for a seat, e.g. "
                   f"dprk=computer:brinkman or dprk=computer@random (levels: {levels_help()}) "
                   f"(repeatable)")
@click.option("--replay", "replay_path", type=click.Path(dir_okay=False), default=None,
              help="record the game to this replay file (JSON)")
@click.option("--json", "as_json", is_flag=True, help="print a machine-readable summary only")
@click.option("--quiet", is_flag=True, help="print only the final scores")
def run(scenario: str, seed: int, turns: int | None, overrides: tuple[str, ...],
        seats: tuple[str, ...], replay_path: str | None, as_json: bool, quiet: bool) -> None:
    """Play a whole all-computer game headless and print each turn's headlines and the scores.

    SCENARIO is a file or a bundled scenario's name (`whales scenarios` lists them), e.g.
    `whales run vladivostok-2019 --seed 7`.

    Every --set is checked against the scenario schema before the game starts. With --replay
    the game is recorded (every turn's orders, digest and scores) for `whales replay verify`.
    Exit 0 ok, 2 bad input (scenario file, --set path/type/range, --seat state or personality,
    replay path not writable).
    """
    text, sc = load_or_exit(scenario, list(overrides))
    seat_map = parse_seats(seats, sc)
    recorder = None
    if replay_path:
        from ..replay import ReplayError, check_writable
        try:
            check_writable(replay_path)     # before the game, not after it
        except ReplayError as e:
            fail(str(e), EXIT_BAD_INPUT)
    game = Game(Rules(sc), seed)
    t0 = time.perf_counter()

    def write(step) -> None:        # one replay write; a failure ends the run, nothing lost
        try:
            step()
        except OSError as e:
            done = recorder.written if recorder else None
            kept = f"; {replay_path} holds the first {done} turn(s)" if done else ""
            fail(f"cannot write replay {replay_path}: {e.strerror or e}{kept}",
                 EXIT_BAD_INPUT)

    if replay_path:           # written as the game goes: a crash keeps the turns played
        from ..replay import Recorder
        recorder = Recorder(game, text, list(overrides), seat_map, path=replay_path)
        write(lambda: recorder.write(durable=False))

    def on_turn(report) -> None:
        if recorder:
            write(lambda: recorder.record(report))
        if not (quiet or as_json):
            _print_report(game, report)

    try:
        game.run(turns, dict(seat_map), on_turn)
    except Exception:
        if recorder is not None and recorder.written:
            note(f"the replay of the {recorder.written} turn(s) played before the error is "
                 f"in {replay_path}")
        raise
    if recorder and replay_path:
        write(lambda: recorder.save(replay_path))
    seconds = time.perf_counter() - t0
    summary = final_summary(game, text, seat_map, list(overrides), seconds)
    if replay_path:
        summary["replay"] = replay_path
    if as_json:
        click.echo(json.dumps(summary, indent=2, sort_keys=True))
        return
    st = game.state
    end = "WAR — every state loses" if st.war else f"after turn {summary['final_turn']}"
    click.echo(f"\nFinal scores ({end}; {game.date()}):")
    for a, s in sorted(summary["scores"].items(), key=lambda kv: -kv[1]):
        click.echo(f"  {game.rules.name(a):<15} {s:6.1f}")
    if replay_path:
        status(f"Replay written to {replay_path}")
