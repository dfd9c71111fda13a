"""Verbs that read replays (verify, show, export) and the engine benchmark."""
from __future__ import annotations

import csv
import io
import json

import click

from ..engine import Game, seat_spec
from ..atomic import write_atomic
from ..replay import RebuildError, Replay, ReplayError, load_replay, simulate, verify
from . import cli
from .common import EXIT_BAD_INPUT, EXIT_CHECK_FAILED, error, fail, status

COLUMNS = ("turn", "date", "variable", "kind", "name", "actor", "other", "value")
COLUMNS_HELP = """\b
Columns (one row per turn and variable; turn 0 is the initial state):
  turn      0 = start, then the state after each resolved turn
  date      the turn's month, e.g. "April 2019" (turn 0: the start month)
  variable  the state key, e.g. dprk.economy, relation.china.dprk,
            track.tension, or score.<state> for a state's score
  kind      indicator | relation | trade | alliance | influence |
            enforcement | debt | track | score
  name      the indicator, track or alliance (economy, tension, us-rok),
            or the kind itself for pairs and scores
  actor     the state it belongs to (first state of a pair; the debtor)
  other     the second state of a pair (the creditor of a debt), else empty
  value     the number (scores 0..100)
"""


@cli.group()
def replay() -> None:
    """Check, read and export replay files (written by `whales run --replay` or saved games)."""


def _load(path: str) -> Replay:
    try:
        return load_replay(path)
    except ReplayError as e:
        fail(str(e), EXIT_BAD_INPUT)


# ------------------------------------------------------------------------------ verify
@replay.command("verify")
@click.argument("file", type=click.Path(dir_okay=True))
def verify_cmd(file: str) -> None:
    """Re-simulate FILE from its recorded orders and compare every turn's state digest and
    scores with the record.

    Exit 0 when identical, 1 naming the first turn that differs and what differs, 2 when the
    file is unreadable, empty, truncated, not a replay or of an unsupported version.
    """
    rp = _load(file)
    res = verify(rp)
    if res.ok:
        click.echo(f"OK: {file}: {res.turns} turns re-simulated, every digest and score "
                   f"identical ({rp.scenario_name}, seed {rp.seed})")
        return
    detail = res.detail.removeprefix(f"turn {res.first_bad_turn}: ")
    fail(f"MISMATCH: {file}: first difference at turn {res.first_bad_turn} "
         f"({res.turns} turns identical before it): {detail}", EXIT_CHECK_FAILED)


# ------------------------------------------------------------------------------ show
def key_label(game: Game, key: str) -> str:
    """A state key as a person reads it (the engine's label)."""
    return game.key_label(key)


def _order_line(game: Game, o) -> str:
    r = game.rules
    text = r.lever_name(o.lever)
    if o.target:
        text += f" → {r.name(o.target)}"
    if o.option and o.option != "none":
        text += f" ({o.option.replace('_', ' ')})"
    if o.reason:
        text += f"  — {o.reason}"
    return text


def biggest_changes(game: Game, turn: int,
                    n: int) -> list[tuple[str, float, list[tuple[str, float]]]]:
    """The ``n`` largest changes of a turn (relative to each key's range), each with its
    causes from the ledger (public view: hidden covert causes stay unexplained)."""
    bounds = game.state.bounds
    changes = [(c.key, c.delta) for c in game.turn_view(turn, None).changes]
    changes.sort(key=lambda kd: -abs(kd[1]) / max(bounds[kd[0]][1] - bounds[kd[0]][0], 1e-9))
    out = []
    for key, delta in changes[:n]:
        by: dict[str, float] = {}
        for part in game.explain(key, turn):
            by[part["label"]] = by.get(part["label"], 0.0) + part["delta"]
        causes = sorted(by.items(), key=lambda kv: -abs(kv[1]))
        out.append((key, delta, causes))
    return out


@replay.command("show")
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--changes", "n_changes", default=5, show_default=True,
              type=click.IntRange(min=0), help="how many of each turn's biggest changes")
def show_cmd(file: str, n_changes: int) -> None:
    """Print FILE's timeline: each turn's date, every state's orders (computer orders with
    their reasons), the public news in resolution order, and the turn's biggest changes with
    their causes from the ledger.

    Exit 0, 1 when the replay cannot be re-simulated past some turn (shown up to there), 2 for
    a file that is not a readable replay.
    """
    rp = _load(file)
    click.echo(f"{rp.scenario_name} — seed {rp.seed}"
               + (f" — overrides: {', '.join(rp.overrides)}" if rp.overrides else "")
               + f" — {len(rp.turns)} turns" + ("" if rp.finished else " (not finished)"))
    game = None
    try:
        for rec, report, game in simulate(rp):
            click.echo(f"\nTurn {rec.turn} — {report.date}")
            for a in rec.actions:
                what = f"event {a.event} injected" if a.action == "inject_event" else "game ended"
                click.echo(f"  Teacher: {what}")
            click.echo("  Orders:")
            for actor in game.actors:
                orders = rec.orders.get(actor, [])
                seat = seat_spec(rp.seats.get(actor))
                head = f"    {game.rules.name(actor)} ({seat})"
                if not orders:
                    click.echo(f"{head}: no orders")
                    continue
                click.echo(f"{head}:")
                for o in orders:
                    click.echo(f"      - {_order_line(game, o)}")
            news = game.turn_view(rec.turn, None).news
            if news:
                click.echo("  News:")
                for item in news:
                    click.echo(f"    • {item.headline}")
            changes = biggest_changes(game, rec.turn, n_changes)
            if changes:
                click.echo("  Biggest changes:")
                for key, delta, causes in changes:
                    why = "; ".join(f"{label} {d:+.1f}" for label, d in causes[:3])
                    more = f"; +{len(causes) - 3} more" if len(causes) > 3 else ""
                    click.echo(f"    {key_label(game, key)} {delta:+.1f}  ({why}{more})")
    except RebuildError as e:
        fail(f"cannot re-simulate {file} further: {e}", EXIT_CHECK_FAILED)
    if game is not None:
        scores = game.scores()
        last = game.reports[-1].turn
        end = "WAR — every state loses" if game.state.war else f"after turn {last}"
        click.echo(f"\nScores ({end}):")
        for actor, s in sorted(scores.items(), key=lambda kv: -kv[1]):
            click.echo(f"  {game.rules.name(actor):<15} {s:6.1f}")


# ------------------------------------------------------------------------------ export
def _split(key: str) -> tuple[str, str, str, str]:
    """(kind, name, actor, other) of a state key."""
    parts = key.split(".")
    head = parts[0]
    if head in ("relation", "trade", "debt") and len(parts) == 3:
        return head, head, parts[1], parts[2]
    if head == "alliance":
        a, _, b = parts[1].partition("-")
        return "alliance", parts[1], a, b
    if head in ("influence", "enforcement"):
        return head, head, parts[1], ""
    if head == "track":
        return "track", parts[1], "", ""
    return "indicator", parts[1] if len(parts) > 1 else key, head, ""


def tidy_rows(game: Game) -> list[dict]:
    """Every value and score of every turn (turn 0 = the start) as tidy rows (see COLUMNS)."""
    keys = list(game.history[0])
    meta = {k: _split(k) for k in keys}
    rows = []
    for t, (values, scores) in enumerate(zip(game.history, game.score_history)):
        date = game.date(max(t, 1))
        for k in keys:
            kind, name, actor, other = meta[k]
            rows.append({"turn": t, "date": date, "variable": k, "kind": kind, "name": name,
                         "actor": actor, "other": other, "value": values[k]})
        for a in game.actors:
            rows.append({"turn": t, "date": date, "variable": f"score.{a}", "kind": "score",
                         "name": "score", "actor": a, "other": "", "value": scores[a]})
    return rows


@replay.command("export", epilog=COLUMNS_HELP)
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="csv (a header row) or json (a list of row objects)")
@click.option("--out", "out", type=click.Path(dir_okay=False), default="-", show_default=True,
              help="where to write the table (- for standard output)")
def export_cmd(file: str, fmt: str, out: str) -> None:
    """Write every indicator, relation, trade link, alliance, influence, enforcement, debt,
    track and score of every turn of FILE as a tidy table: one row per (turn, variable).

    Exit 0, 1 when the replay cannot be re-simulated, 2 for a file that is not a readable
    replay or an output that cannot be written.
    """
    rp = _load(file)
    game = None
    try:
        for _, _, game in simulate(rp):
            pass
        if game is None:
            from ..replay import rules_of
            game = Game(rules_of(rp), rp.seed)
    except RebuildError as e:
        fail(f"cannot re-simulate {file}: {e}", EXIT_CHECK_FAILED)
    rows = tidy_rows(game)
    if fmt == "json":
        text = json.dumps(rows, indent=0, ensure_ascii=False) + "\n"
    else:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        text = buf.getvalue()
    if out == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomic(out, text)
    except OSError as e:
        fail(f"cannot write {out}: {e.strerror or e}", EXIT_BAD_INPUT)
    status(f"{len(rows)} rows ({len(game.history)} turns incl. the start × "
           f"{len(rows) // max(len(game.history), 1)} variables) written to {out}")


# ------------------------------------------------------------------------------ bench
@cli.command()
@click.option("--scenario", default=None, type=click.Path(dir_okay=False),
              help="scenario to measure: a file or a bundled name (default: vladivostok-2019)")
@click.option("--games", default=20, show_default=True, type=click.IntRange(min=1),
              help="games per figure (more: steadier medians, longer run)")
@click.option("--sweep", "sweep_games", default=0, type=click.IntRange(min=0), metavar="N",
              help="also time an N-game sweep on 1 and 2 workers, e.g. --sweep 1000")
@click.option("--sweep-dask", is_flag=True, help="with --sweep: also on a local Dask cluster")
@click.option("--level", default=None, metavar="LEVEL",
              help="every seat at this computer level in the one-process figures (turn, game, "
                   "games/s 1proc), e.g. --level greedy; default: the game's default level")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object only")
@click.option("--net", is_flag=True,
              help="measure the class server instead, on loopback: a turn's round trip with "
                   "six clients and 30 spectators, server memory, a whole game over the "
                   "network against the same game locally")
def bench(scenario: str | None, games: int, sweep_games: int, sweep_dask: bool,
          level: str | None, as_json: bool, net: bool) -> None:
    """Measure the engine: one turn, one game, replay verification, games per second on one
    and two processes, peak memory. Medians over repeated runs after a warm-up.

    \b
    Keys of --json:
      turn_ms_median            one full turn: six computer decisions + resolution
      game_ms_median            a whole all-computer game (16 turns in 2019)
      replay_verify_ms_per_turn re-simulating a recorded game and comparing digests
      games_per_s_1proc         whole games a second, one process
      games_per_s_2proc         whole games a second, two worker processes
      peak_rss_mb               peak resident memory of this process (MB)
    and more: *_cpu_ms_* (CPU time, steadier on a busy machine), turn_ms_p90,
    replay_load_ms (reading a replay and parsing its scenario), worker_peak_rss_mb.
    With --sweep N: sweep_1w_s, sweep_2w_s (seconds for N games through `whales sweep`'s
    pipeline on 1 and 2 workers), sweep_speedup_2w, sweep_games_per_s_2w,
    sweep_identical (1: same CSV files), sweep_busy_cores_before (other load); with
    --sweep-dask also sweep_dask_2w_s and sweep_dask_start_s.

    \b
    With --net (game/net/bench.py; goal: round trip <= 50 ms median):
      net_turn_roundtrip_ms_median  last order -> every client's news (6 + 30)
      net_turn_roundtrip_ms_p90     and with _no_deflate: compression off
      net_server_rss_mb_start/_end, net_server_peak_rss_mb   the server process
      net_turn_server_cpu_ms_median the server's CPU time in that window
      net_game_s_6_clients, local_game_s, net_game_vs_local  a whole game
      net_game_server_cpu_s, net_game_clients_cpu_s, local_game_cpu_s
      load_average_1min         the machine's load (wall times grow with it)
    """
    from ..bench import run_bench, scenario_path
    from ..resources import resolve_scenario
    path = resolve_scenario(scenario) if scenario else scenario_path()
    text = _read_text(scenario or path)
    if sweep_dask and not sweep_games:
        fail("--sweep-dask needs --sweep N")
    if level is not None:
        from .common import parse_level
        parse_level(level)        # the engine's one level check, spam-LEVER's lever too
    if net:
        from ..net.bench import run_net_bench
        figures = run_net_bench(path)
    else:
        figures = run_bench(text, path, games, sweep_games=sweep_games, sweep_dask=sweep_dask,
                            level=level)
    if as_json:
        click.echo(json.dumps(figures, sort_keys=True))
        return
    for k, v in figures.items():
        click.echo(f"{k:<28} {v}")


def _read_text(path: str) -> str:
    from .common import load_or_exit
    text, _ = load_or_exit(path)
    return text
