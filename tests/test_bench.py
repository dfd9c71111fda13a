"""`whales bench`: every figure is produced (timings are printed, never asserted)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import S2019
from game.bench import FIGURES, run_bench
from game.cli import cli

KEYS = ("turn_ms_median", "game_ms_median", "replay_verify_ms_per_turn", "games_per_s_1proc",
        "games_per_s_2proc", "peak_rss_mb")


def test_bench_json_has_every_key():
    r = CliRunner().invoke(cli, ["bench", "--json", "--games", "1"])
    assert r.exit_code == 0, r.output
    figures = json.loads(r.stdout)        # one JSON object, nothing else on stdout
    for k in KEYS:
        assert isinstance(figures[k], (int, float)) and figures[k] > 0, k
    assert figures["scenario"] == "vladivostok-2019" and figures["games"] == 1


def test_figures_are_small_functions_merged_in_order():
    seen = []

    def one(ctx):
        seen.append(ctx.rules.scenario.name)
        return {"a": 1.0}

    def two(ctx):
        return {"b": 2.0, "a": 3.0}

    out = run_bench(S2019.read_text(), str(S2019), games=1, figures=[one, two])
    assert out["a"] == 3.0 and out["b"] == 2.0 and seen == ["vladivostok-2019"]
    assert out["peak_rss_mb"] > 0
    assert len(FIGURES) >= 5


def test_bench_refuses_a_bad_scenario(tmp_path):
    r = CliRunner().invoke(cli, ["bench", "--scenario", str(tmp_path / "nope.yaml")])
    assert r.exit_code == 2 and "no such file" in r.stderr
    assert "Traceback" not in r.output
