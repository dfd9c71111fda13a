"""`whales balance`: the behaviour report of the computer players over a sweep of
all-computer games — what each state does, how often, to whom; its meetings, votes and
secrets; war and tension; where every indicator ends; how strong each seat's player is
against a random, a passing and the greedy player on the same seeds; and the story checks."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import cli
from .common import EXIT_CHECK_FAILED, fail, fail_all, load_or_exit, status, story_checks


@cli.command()
@click.argument("scenarios", nargs=-1, required=True)
@click.option("--runs", type=click.IntRange(min=2, max=100_000), default=None,
              help="games per cell (seeds SEED_START ..); default 60")
@click.option("--seed-start", type=int, default=0, show_default=True)
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE",
              help="override a scenario value in every game (repeatable)")
@click.option("--turns", type=click.IntRange(min=1, max=100), default=None,
              help="stop each game after this many turns (default: the scenario's length)")
@click.option("--checks", "checks_file", type=click.Path(dir_okay=False), default=None,
              metavar="FILE", help="story checks to count besides each scenario's own")
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="folder for balance.json and the PNG plots")
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON, not text")
@click.option("--workers", type=click.IntRange(min=1, max=256), default=None,
              help="local worker processes (default: all cores)")
@click.option("--no-exploit", "no_exploit", is_flag=True,
              help="leave out the denunciation exploit's cells")
@click.option("--level", "level", default=None, metavar="LEVEL",
              help="the computer level measured, every seat at it (default: the game's "
                   "default level); e.g. --level planner")
@click.option("--strict", is_flag=True,
              help="exit 1 when a story check's rate lies outside its expected band")
def balance(scenarios: tuple[str, ...], runs: int | None, seed_start: int,
            sets: tuple[str, ...], turns: int | None, checks_file: str | None,
            out: str | None, as_json: bool, workers: int | None, no_exploit: bool,
            level: str | None, strict: bool) -> None:
    """The computer players' behaviour over RUNS all-computer games of each SCENARIO.

    Per state: how often each lever is used and on whom, repeats and A-B-A cycles, variety
    across seeds; meetings per pair and invitations rebuffed or lapsed; UN resolutions
    tabled, passed and vetoed (by whom); covert operations and exposures; war rate and the
    tension profile; start → end of every objective's key and track; the story checks'
    rates against their expected bands; and the strength table: each seat's player against
    a random legal, a passing and the greedy player, on the same seeds (mean score
    difference, 95% paired t CI). With two scenarios, how often a state gives the same
    orders in both for the same seed. Exit 0 ok; 1 with --strict when a check is out of its
    band; 2 bad input.

    \b
    Example (both historical scenarios, about a minute on 2 cores):
      whales balance scenarios/victory-day-2015.yaml scenarios/vladivostok-2019.yaml \\
          --out out/balance
    """
    from ..engine import DEFAULT_LEVEL, Rules, ScenarioError, rules_for
    from ..engine import LEVELS, level_names
    from ..sweep import balance as bal
    from ..sweep.runner import default_workers
    n = runs or bal.DEFAULT_RUNS
    measured = level or DEFAULT_LEVEL
    if measured not in LEVELS or measured in ("random", "pass"):
        known = [lv for lv in level_names() if lv in LEVELS and lv not in ("random", "pass")]
        fail(f"--level {measured}: expected one of {', '.join(known)}")
    plans = []
    for path in scenarios:
        text, sc = load_or_exit(path, list(sets))
        checks = story_checks(sc, checks_file)
        try:
            rules = rules_for(text, path, tuple(sets))
        except ScenarioError as e:
            fail_all(e.lines())
        assert isinstance(rules, Rules)
        plans.append(bal.ScenarioPlan(path, text, rules, tuple(sets), checks,
                                      bal.cells_for(measured, not no_exploit)))
    out_dir = Path(out) if out else None
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            fail(f"--out {out}: is a file; expected a folder")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            fail(f"--out {out}: cannot create the folder: {e.strerror or e}")
    k = workers or default_workers()
    total = sum(len(p.cells) for p in plans) * n
    from tqdm import tqdm
    tqdm.monitor_interval = 0     # no monitor thread: the pool may then fork safely
    bar = tqdm(total=total, unit="game", desc="balance", file=sys.stderr,
               disable=not sys.stderr.isatty())
    try:
        seconds = bal.play(plans, n, seed_start, turns, k, bar.update)
    finally:
        bar.close()
    doc = bal.report(plans, n, seed_start, seconds, k, measured)
    if out_dir is not None:
        from ..atomic import write_atomic
        from ..sweep.plots import balance_plots
        write_atomic(out_dir / "balance.json", json.dumps(doc, indent=1) + "\n")
        pngs = balance_plots(doc, out_dir)
        status(f"Report written to {out_dir / 'balance.json'}; plots: "
               + ", ".join(str(p) for p in pngs))
    if as_json:
        click.echo(json.dumps(doc, indent=1))
    else:
        click.echo(bal.text_report(doc))
    status(f"whales balance: {doc['games']} games in {seconds:.1f} s on {k} worker(s)")
    bad = bal.out_of_band(doc)
    if strict and bad:
        for b in bad:
            status(f"out of band: {b}")
        sys.exit(EXIT_CHECK_FAILED)
