"""`whales bench --sweep N`: the sweep figures are produced (printed, never asserted as
timings) and the 1- and 2-worker sweeps wrote identical files."""
from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import S2019
from game.bench import run_bench, sweep_throughput
from game.cli import cli


def test_sweep_figures_from_run_bench():
    out = run_bench(S2019.read_text(), str(S2019), games=1, figures=[sweep_throughput],
                    sweep_games=6)
    assert out["sweep_games"] == 6 and out["sweep_identical"] == 1.0
    for k in ("sweep_1w_s", "sweep_2w_s", "sweep_speedup_2w", "sweep_games_per_s_2w"):
        assert out[k] > 0, k
    assert "sweep_dask_2w_s" not in out


def test_bench_without_sweep_skips_it():
    out = run_bench(S2019.read_text(), str(S2019), games=1, figures=[sweep_throughput])
    assert not any(k.startswith("sweep_") for k in out)


def test_bench_cli_sweep_option():
    r = CliRunner().invoke(cli, ["bench", "--games", "1", "--sweep", "4", "--json"])
    assert r.exit_code == 0, r.output
    figures = json.loads(r.stdout)
    assert figures["sweep_games"] == 4 and figures["sweep_identical"] == 1.0
    r = CliRunner().invoke(cli, ["bench", "--sweep-dask"])
    assert r.exit_code == 2 and "--sweep N" in r.stderr
