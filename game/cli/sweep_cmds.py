"""Verbs for what-if exploration: `whales sweep` (Monte Carlo over a grid of overrides) and
`whales compare` (difference of means between two sweeps or two grid cells)."""
from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path
from typing import Callable, NoReturn

import click

from ..engine import limits
from . import cli
from .common import (EXIT_BAD_INPUT, EXIT_CHECK_FAILED, SEAT_METAVAR, fail, fail_all,
                     levels_help, load_or_exit, note, parse_level, parse_seats, status,
                     story_checks)

# Test seam: called with the number of chunks written so far after each one (tests raise
# KeyboardInterrupt from it to simulate Ctrl-C at a known point).
after_chunk_hook: Callable[[int], None] | None = None


def _canonical(scenario: str, runs: int, out: str, seed_start: int, turns: int | None,
               sets: tuple[str, ...], grids: tuple[str, ...], workers: int | None,
               scheduler: str | None, keep_replays: bool, plots: bool,
               level: str | None = None, seats: tuple[str, ...] = ()) -> list[str]:
    argv = ["whales", "sweep", scenario, "--runs", str(runs), "--out", out,
            "--seed-start", str(seed_start)]
    if turns is not None:
        argv += ["--turns", str(turns)]
    if level is not None:
        argv += ["--level", level]
    for s in seats:
        argv += ["--seat", s]
    for s in sets:
        argv += ["--set", s]
    for g in grids:
        argv += ["--grid", g]
    if workers is not None:
        argv += ["--workers", str(workers)]
    if scheduler:
        argv += ["--scheduler", scheduler]
    if keep_replays:
        argv.append("--keep-replays")
    if not plots:
        argv.append("--no-plots")
    return argv


def _differences(old: dict, new: dict) -> str:
    """What differs between a sweep folder's identity and this command's, e.g. "runs
    differ" or "level differs: planner there, greedy here"."""
    def seats(v) -> str:
        if not isinstance(v, dict):
            return repr(v)
        return " ".join(f"--seat {a}={s}" for a, s in v.items()) or "no --seat"

    said, plain = [], []
    for k, v in new.items():
        was = old.get(k)
        if was == v:
            continue
        if k == "level":
            said.append(f"level differs: {was if isinstance(was, str) else repr(was)} there, "
                        f"{v} here")
        elif k == "seats":
            said.append(f"seats differ: {seats(was)} there, {seats(v)} here")
        else:
            plain.append(k)
    if plain:
        said.insert(0, f"{', '.join(plain)} differ")
    return "; ".join(said)


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--runs", type=click.IntRange(1, limits.MAX_RUNS), required=True,
              help=f"games per grid cell (seeds SEED_START .. SEED_START+RUNS-1); at most "
                   f"{limits.MAX_RUNS:,} games in all")
@click.option("--out", "out", type=click.Path(file_okay=False), required=True,
              help="folder for games.csv, turns.csv, summary.json, sweep.json and plots")
@click.option("--seed-start", type=click.IntRange(limits.SEED_MIN, limits.SEED_MAX),
              default=0, show_default=True, help="seed of the first game in every cell (64-bit)")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="fixed override for every game, e.g. drift.tension_decay=0.2 "
                   "(repeatable)")
@click.option("--grid", "grids", multiple=True, metavar="PATH=V1,V2,...",
              help="vary a value; every combination of the --grid options is a cell with "
                   "RUNS games, e.g. actors.china.enforcement=40,90 (repeatable)")
@click.option("--turns", type=click.IntRange(1, limits.MAX_TURNS), default=None,
              help="stop each game after this many turns (default: the scenario's length)")
@click.option("--level", "level", default=None, metavar="LEVEL",
              help=f"every computer seat at this player level, e.g. --level planner "
                   f"(levels: {levels_help()})")
@click.option("--seat", "seat_specs", multiple=True, metavar=SEAT_METAVAR,
              help="one state's computer personality and level, as in `whales run`, e.g. "
                   "dprk=computer:brinkman or dprk=computer@random; its @LEVEL wins over "
                   "--level, without one the seat plays at --level (repeatable)")
@click.option("--workers", type=click.IntRange(1, limits.MAX_WORKERS), default=None,
              help=f"local worker processes (default: all cores; at most "
                   f"{limits.MAX_WORKERS})")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 or "
                   "tls://10.0.0.5:8786 (only ever one that trusted machines alone can reach)")
@click.option("--tls-ca", type=click.Path(dir_okay=False), default=None, metavar="PEM",
              help="tls://: the CA certificate that signed the scheduler's and workers'")
@click.option("--tls-cert", type=click.Path(dir_okay=False), default=None, metavar="PEM",
              help="tls://: this client's certificate (when the scheduler asks for one)")
@click.option("--tls-key", type=click.Path(dir_okay=False), default=None, metavar="PEM",
              help="tls://: this client's private key (with --tls-cert)")
@click.option("--connect-timeout", type=click.FloatRange(0.5, 600), default=10.0,
              show_default=True, metavar="SECONDS",
              help="with --scheduler: the deadline for reaching it and its answer")
@click.option("--wait-workers", type=click.FloatRange(0, 3600), default=60.0,
              show_default=True, metavar="SECONDS",
              help="with --scheduler: how long to wait for a first worker (and for workers "
                   "to come back if all leave)")
@click.option("--keep-replays", is_flag=True,
              help="also write each game's replay to OUT/replays/run-NNNNNN.json")
@click.option("--resume", is_flag=True,
              help="finish an interrupted sweep in OUT, skipping games already written")
@click.option("--no-plots", "no_plots", is_flag=True, help="write the tables only")
@click.option("--checks", "checks_file", type=click.Path(dir_okay=False), default=None,
              metavar="FILE",
              help="story checks to count besides the scenario's own (a YAML file with a "
                   "checks: list; see the README)")
def sweep(scenario: str, runs: int, out: str, seed_start: int, sets: tuple[str, ...],
          grids: tuple[str, ...], turns: int | None, level: str | None,
          seat_specs: tuple[str, ...], workers: int | None,
          scheduler: str | None, tls_ca: str | None, tls_cert: str | None, tls_key: str | None,
          connect_timeout: float, wait_workers: float, keep_replays: bool, resume: bool,
          no_plots: bool, checks_file: str | None) -> None:
    """Play RUNS all-computer games of SCENARIO per grid cell and summarise the spread.

    Writes OUT/games.csv (one row per game, with the `whales run` command that replays
    it, and a 0/1 column per story check), OUT/turns.csv (per turn), OUT/summary.json
    (mean, sd, 95% CI, p10/p50/p90, P(war) and each story check's rate with its 95%
    Wilson interval per cell), OUT/sweep.json (the exact command, scenario hash, the
    computer players' levels and seats, versions) and PNG plots. Every override, check,
    level and seat is checked before any game is played.

    Every computer seat plays at --level (default: the game's default level); a --seat
    sets one state's personality and, with @LEVEL, its own level. The replay commands in
    games.csv carry the matching --seat flags. --resume refuses a sweep in OUT played with
    other levels or seats.

    \b
    Examples:
      whales sweep scenarios/vladivostok-2019.yaml --runs 200 --out out/china \\
          --grid actors.china.enforcement=40,90
      whales sweep vladivostok-2019 --runs 200 --out out/planner --level planner \\
          --seat dprk=computer:brinkman@greedy
    """
    from ..sweep import results as res
    from ..sweep import runner
    from ..sweep.grid import GridError, expand, load_cells, parse_grid

    text, base = load_or_exit(scenario, [])
    played_level = parse_level(level)        # before any grid cell is built
    seat_map = parse_seats(seat_specs, base)  # (--set cannot add or remove a personality)
    if seed_start + runs - 1 > limits.SEED_MAX:
        fail(f"--seed-start {seed_start} with --runs {runs}: the last seed would pass "
             f"{limits.SEED_MAX} (seeds are 64-bit)")
    try:
        cells = expand(list(sets), list(grids))
        if len(cells) * runs > limits.MAX_RUNS:
            fail(f"--runs {runs} × {len(cells):,} grid cell(s) = {len(cells) * runs:,} games; "
                 f"a sweep may play at most {limits.MAX_RUNS:,} (split it, or use fewer "
                 f"values)")
        if len(cells) > 50:
            note(f"checking the overrides of {len(cells):,} grid cells first…")
        scenarios = load_cells(text, scenario, list(sets), cells)
    except GridError as e:
        fail_all(e.problems)
    grid = tuple(parse_grid(g) for g in grids)
    checks = story_checks(scenarios[0], checks_file)
    plan = runner.Plan.build(scenario, text, cells, scenarios, runs, seed_start, turns,
                             tuple(s.strip() for s in sets), grid, checks, checks_file,
                             played_level, seat_map)
    n_workers = workers or runner.default_workers()
    canonical = _canonical(scenario, runs, out, seed_start, turns, sets, grids, workers,
                           scheduler, keep_replays, not no_plots, level, seat_specs)
    if checks_file:
        canonical += ["--checks", checks_file]
    out_dir = Path(out)
    spec_path, games_path = out_dir / res.SPEC, out_dir / res.GAMES
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"--out {out}: is a file; expected a folder")
    if resume and spec_path.exists():
        try:
            old = res.read_spec(spec_path)
        except OSError as e:
            fail(f"--resume: cannot read {spec_path}: {e.strerror or e}")
        except ValueError as e:
            fail(f"--resume: {e}")
        if runner.identity_of(old) != plan.identity():
            fail(f"--resume: {out} holds a different sweep "
                 f"({_differences(runner.identity_of(old), plan.identity())}); "
                 f"repeat its command ({old.get('command', '?')}) or choose another --out")
    elif resume:
        note(f"nothing to resume in {out}; starting a new sweep")
        resume = False
    elif games_path.exists() or spec_path.exists():
        fail(f"--out {out}: already holds a sweep; add --resume to finish it, or choose "
             f"another folder")
    for flag, value in (("--tls-ca", tls_ca), ("--tls-cert", tls_cert), ("--tls-key", tls_key)):
        if value:
            canonical += [flag, value]
    if scheduler and wait_workers != 60.0:
        canonical += ["--wait-workers", f"{wait_workers:g}"]
    if not scheduler and (tls_ca or tls_cert or tls_key):
        fail("--tls-ca/--tls-cert/--tls-key are for --scheduler tls://…")
    connected = None
    if scheduler:           # before anything is written to --out
        from ..sweep import cluster
        try:
            connected = cluster.connect(
                scheduler, cluster.TLS(tls_ca, tls_cert, tls_key), timeout=connect_timeout,
                wait_workers=wait_workers,
                replay_dir=str((out_dir / "replays").resolve()) if keep_replays else None,
                on_status=status)
        except cluster.SchedulerError as e:
            fail(str(e))
        status(connected.describe())
    try:
        _sweep(plan, scenarios, canonical, out_dir, resume, keep_replays, n_workers,
               scheduler, connected.client if connected else None, no_plots)
    finally:
        if connected is not None:
            connected.close()


def _sweep(plan, scenarios, canonical: list[str], out_dir: Path, resume: bool,
           keep_replays: bool, n_workers: int, scheduler: str | None, client,
           no_plots: bool) -> None:
    """Create OUT, play the games still to play, then summary and plots."""
    from ..sweep import results as res
    from ..sweep import runner
    out = str(out_dir)
    spec_path, games_path = out_dir / res.SPEC, out_dir / res.GAMES
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        replay_dir = None
        if keep_replays:
            replay_dir = (out_dir / "replays").resolve()   # workers have their own cwd
            replay_dir.mkdir(exist_ok=True)
    except OSError as e:
        fail(f"--out {out}: cannot create the folder: {e}")

    resume_line = shlex.join(canonical + ["--resume"])
    writer = res.ResultsWriter(out_dir, plan.layout, plan.grid_values(), plan.command,
                               plan.cell_seed)

    def stopped(why: str, code: int) -> NoReturn:
        """One line: what stopped the sweep, what is kept, and how to finish it."""
        writer.close()
        have = len(writer.done)
        fail(f"{why}; {have} of {plan.total} games are complete in {games_path}; "
             f"to finish the sweep, run: {resume_line}", code)

    spec = runner.spec_document(plan, sys.argv, shlex.join(canonical), scenarios,
                                keep_replays)
    try:
        if resume:
            spec["execution"] = res.previous_execution(spec_path)
        res.write_json(spec_path, spec)
        done = writer.open(resume)
    except ValueError as e:
        fail(f"--resume: {e}")
    except MemoryError:
        fail(f"--resume: {games_path} or {out_dir / res.TURNS}: too large to read into this "
             f"machine's memory")
    except OSError as e:
        stopped(f"cannot write to {out}: {e.strerror or e}", EXIT_BAD_INPUT)

    from tqdm import tqdm
    tqdm.monitor_interval = 0     # no monitor thread: the pool may then fork safely
    bar = tqdm(total=plan.total, initial=len(done), unit="game", desc="sweep",
               file=sys.stderr, disable=not sys.stderr.isatty(), smoothing=0.1)
    chunks_done = 0

    def on_chunk(rows) -> None:
        nonlocal chunks_done
        chunks_done += 1
        bar.update(len(rows))
        if after_chunk_hook is not None:
            after_chunk_hook(chunks_done)

    t0 = time.perf_counter()
    try:
        played = runner.run(plan, writer, done, n_workers, client,
                            replay_dir=replay_dir, on_chunk=on_chunk, on_note=note)
    except (runner.WorkerLost, runner.ClusterLost) as e:
        bar.close()
        stopped(str(e), EXIT_CHECK_FAILED)
    except OSError as e:          # the disk is full, the folder went away, ...
        bar.close()
        stopped(f"cannot write to {out}: {e.strerror or e}", EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        bar.close()
        writer.close()
        have = len(writer.done)
        status(f"\nwhales: interrupted: {have} of {plan.total} games are complete in "
               f"{games_path}.\nTo finish the sweep, run:\n  "
               f"{shlex.join(canonical + ['--resume'])}")
        sys.exit(130)
    finally:
        bar.close()
    seconds = time.perf_counter() - t0
    try:
        writer.finalize()
        _finish(out_dir, plan, spec, played, seconds, n_workers, scheduler, no_plots)
    except BrokenPipeError:       # stdout closed (| head): whales' main exits 141 quietly
        raise
    except OSError as e:
        stopped(f"cannot write to {out}: {e.strerror or e}", EXIT_BAD_INPUT)


def _finish(out_dir: Path, plan, spec: dict, played: int, seconds: float, workers: int,
            scheduler: str | None, no_plots: bool) -> None:
    """Summary, plots and the completed sweep.json; a short report on stdout."""
    from ..sweep import results as res
    from ..sweep.summary import summarize
    games = res.load_table(out_dir / res.GAMES)
    summary = summarize(games, spec["cells"], plan.layout.metrics(), spec)
    res.write_json(out_dir / res.SUMMARY, summary)
    pngs: list[Path] = []
    if not no_plots:
        from ..sweep import plots
        pngs = plots.sweep_plots(out_dir, games, res.load_table(out_dir / res.TURNS), spec,
                                 summary)
    runs = spec["execution"].get("runs", [])
    runs.append({"games": played, "seconds": round(seconds, 3),
                 "workers": None if scheduler else workers, "scheduler": scheduler})
    spec["execution"] = {"complete": True, "runs": runs}
    res.write_json(out_dir / res.SPEC, spec)
    rate = f" ({played / seconds:.0f} games/s)" if played and seconds > 0 else ""
    where = f"Dask at {scheduler}" if scheduler else f"{workers} worker(s)"
    click.echo(f"{played} games played in {seconds:.1f} s on {where}{rate}; "
               f"{len(games.rows)} of {plan.total} in {out_dir}")
    for c in summary["cells"]:
        if not c["n"]:
            continue
        pw = c["p_war"]
        means = "  ".join(f"{m.split('.', 1)[1]} {c['metrics'][m]['mean']:.1f}"
                          for m in res.SCORE_COLS)
        click.echo(f"  cell {c['cell']} ({c['label']}): n={c['n']}, "
                   f"P(war) {100 * pw['p']:.1f}% [{100 * pw['ci95'][0]:.1f}, "
                   f"{100 * pw['ci95'][1]:.1f}]; mean scores: {means}")
        for cid, r in c.get("checks", {}).items():
            band = ("" if r["expect"] is None else
                    f"; expected {100 * r['expect'][0]:.0f}–{100 * r['expect'][1]:.0f}%"
                    + ("" if r["in_band"] else " — OUTSIDE"))
            click.echo(f"    check {cid}: {100 * r['p']:.1f}% [{100 * r['ci95'][0]:.1f}, "
                       f"{100 * r['ci95'][1]:.1f}]{band}")
    for p in pngs:
        click.echo(f"  plot: {p}")


@cli.command()
@click.argument("dirs", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option("--cell", "cell", type=click.IntRange(min=0), default=None,
              help="grid cell of the second sweep (with one folder: the cell to compare)")
@click.option("--baseline", type=click.IntRange(min=0), default=0, show_default=True,
              help="grid cell of the first sweep to compare against")
@click.option("--png", "png", type=click.Path(dir_okay=False), default=None,
              help="where to write the comparison chart (default: in the compared folder)")
@click.option("--json", "as_json", is_flag=True, help="print the comparison as JSON")
def compare(dirs: tuple[str, ...], cell: int | None, baseline: int, png: str | None,
            as_json: bool) -> None:
    """Differences B − A with 95% intervals: the war rate (Newcombe's interval for
    proportions), each score and key indicator (Welch's interval for means).

    \b
    whales compare DIR_A DIR_B            cell 0 of DIR_B against cell 0 of DIR_A
    whales compare DIR --cell 2           cell 2 of DIR against its cell 0 (--baseline)

    Differences whose interval excludes 0 are flagged as clear. A note says when the
    two sides seated the computer players differently (sweep.json's players). Writes a
    chart (PNG).
    """
    import json

    from ..sweep import compare as cmp
    if len(dirs) > 2:
        fail("compare takes one sweep folder (with --cell) or two")
    if len(dirs) == 1 and cell is None:
        try:
            labels = cmp.cell_labels(Path(dirs[0]))
        except cmp.CompareError as e:
            fail(str(e))
        fail("with one folder, say which grid cell to compare with --cell K; cells: "
             + "; ".join(f"{k}: {v}" for k, v in labels.items()))
    try:
        a = cmp.load_side(Path(dirs[0]), baseline)
        b = cmp.load_side(Path(dirs[-1]), cell or 0)
        result = cmp.compare(a, b)
    except cmp.CompareError as e:
        fail(str(e))
    png_path = Path(png) if png else cmp.default_png(a, b)
    from ..sweep.plots import compare_plot
    try:
        compare_plot(result, png_path)
    except OSError as e:
        fail(f"--png {png_path}: cannot write: {e}")
    if as_json:
        click.echo(json.dumps({**result.to_dict(), "png": str(png_path)}, indent=2))
        return
    click.echo(cmp.format_table(result))
    status(f"Chart: {png_path}")
