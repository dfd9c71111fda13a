"""Sweep statistics against values worked out by hand, and the summary/compare of a small
hand-made sweep folder (tests/fixtures/sweep/small)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli import cli
from game.sweep import results as res
from game.sweep.compare import compare, load_side
from game.sweep.stats import (describe, mean, mean_ci, percentile, sd, t_cdf, t_quantile,
                              welch, wilson)
from game.sweep.summary import summarize

SMALL = Path(__file__).parent / "fixtures" / "sweep" / "small"
XS = [2, 4, 4, 4, 5, 5, 7, 9]          # cell 0's score.us in the fixture


def test_mean_sd_and_t_interval_by_hand():
    # mean 40/8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sd = sqrt(32/7) (n-1)
    assert mean(XS) == 5.0
    assert sd(XS) == pytest.approx(math.sqrt(32 / 7), abs=1e-12)
    # t(0.975, 7) = 2.364624 (tables); half width = 2.364624 * 2.138090 / sqrt(8) = 1.787488
    lo, hi = mean_ci(XS)
    assert lo == pytest.approx(5 - 1.787488, abs=2e-6) and hi == pytest.approx(5 + 1.787488,
                                                                                 abs=2e-6)
    assert mean_ci([3.0]) is None


def test_percentiles_interpolate_linearly():
    # sorted 2 4 4 4 5 5 7 9; p10: h = 7*0.1 = 0.7 -> 2 + 0.7*(4-2) = 3.4
    # p50: h = 3.5 -> 4 + 0.5*(5-4) = 4.5; p90: h = 6.3 -> 7 + 0.3*(9-7) = 7.6
    assert percentile(XS, 10) == pytest.approx(3.4)
    assert percentile(XS, 50) == pytest.approx(4.5)
    assert percentile(XS, 90) == pytest.approx(7.6)
    assert percentile(XS, 0) == 2 and percentile(XS, 100) == 9
    assert percentile([7.0], 90) == 7.0


@pytest.mark.parametrize("df,t", [(1, 12.7062), (2, 4.3027), (5, 2.5706), (7, 2.3646),
                                  (10, 2.2281), (14, 2.1448), (30, 2.0423), (120, 1.9799),
                                  (1e9, 1.9600)])
def test_t_quantiles_match_the_tables(df, t):
    assert t_quantile(0.975, df) == pytest.approx(t, abs=1e-4)
    assert t_quantile(0.025, df) == pytest.approx(-t, abs=1e-4)
    assert t_cdf(t_quantile(0.975, df), df) == pytest.approx(0.975, abs=1e-7)


def test_wilson_interval_by_hand():
    # p = 2/8, z = 1.959964: centre (0.25 + z²/16)/(1 + z²/8) = 0.331102,
    # half z*sqrt(0.25*0.75/8 + z²/256)/(1 + z²/8) = 0.259624
    lo, hi = wilson(2, 8)
    assert lo == pytest.approx(0.071479, abs=1e-5) and hi == pytest.approx(0.590725, abs=1e-5)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == 1.0


def test_welch_difference_by_hand():
    # B = A + 2: variances both 32/7; se = sqrt(2 * (32/7)/8) = 1.069045; df = 14
    # t(0.975, 14) = 2.144787; half = 2.292873 -> [-0.292873, 4.292873], includes 0
    d = welch(XS, [x + 2 for x in XS])
    assert d.diff == 2.0 and d.df == pytest.approx(14.0)
    assert d.lo == pytest.approx(-0.292873, abs=1e-5) and d.hi == pytest.approx(4.292873,
                                                                                 abs=1e-5)
    assert not d.clear
    # tension +10: variances 10/7; se = 0.597614; half = 1.281755 -> clear
    t0 = [50, 52, 48, 50, 51, 49, 50, 50]
    d = welch(t0, [x + 10 for x in t0])
    assert (d.lo, d.hi) == pytest.approx((8.718245, 11.281755), abs=1e-5) and d.clear
    # unequal sizes and variances: df from Welch–Satterthwaite, hand: a=[1,2,3] var 1, n 3;
    # b=[2,4,6,8,10] var 10, n 5 -> se² = 1/3 + 2 = 7/3; df = (7/3)²/((1/3)²/2 + 2²/4)
    d = welch([1, 2, 3], [2, 4, 6, 8, 10])
    assert d.df == pytest.approx((7 / 3) ** 2 / ((1 / 3) ** 2 / 2 + 4 / 4))
    assert d.diff == 4.0


def test_no_spread_on_either_side():
    d = welch([50.0] * 4, [50.0] * 5)
    assert (d.diff, d.lo, d.hi, d.clear) == (0.0, 0.0, 0.0, False)
    d = welch([1.0] * 3, [2.0] * 3)
    assert d.clear and d.lo == d.hi == 1.0
    with pytest.raises(ValueError):
        welch([1.0], [1.0, 2.0])


def test_summary_of_the_fixture_matches_hand_values():
    games = res.load_table(SMALL / res.GAMES)
    spec = res.read_json(SMALL / res.SPEC)
    metrics = ["score.us", "score.russia", "track.tension"]
    s = summarize(games, spec["cells"], metrics, spec)
    c0, c1 = s["cells"]
    assert c0["n"] == c1["n"] == 8
    us = c0["metrics"]["score.us"]
    assert us["mean"] == 5.0 and us["sd"] == pytest.approx(2.138090, abs=1e-6)
    assert us["ci95"] == pytest.approx([3.212512, 6.787488], abs=1e-6)
    assert (us["p10"], us["p50"], us["p90"], us["min"], us["max"]) == (3.4, 4.5, 7.6, 2, 9)
    assert c0["p_war"]["wars"] == 2 and c0["p_war"]["p"] == 0.25
    assert c0["p_war"]["ci95"] == pytest.approx([0.071479, 0.590725], abs=1e-5)
    assert c1["p_war"]["wars"] == 1
    ru = c1["metrics"]["score.russia"]
    assert ru["sd"] == 0.0 and ru["ci95"] == [50.0, 50.0]
    assert c1["metrics"]["track.tension"]["mean"] == 60.0
    assert "n - 1" in s["conventions"]["sd"] and "Student t" in s["conventions"]["ci95"]


def test_compare_cells_of_the_fixture(tmp_path):
    png = tmp_path / "cmp.png"
    r = CliRunner().invoke(cli, ["compare", str(SMALL), "--cell", "1", "--json",
                                 "--png", str(png)])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    m = out["metrics"]
    assert m["track.tension"]["diff"] == 10.0 and m["track.tension"]["clear"]
    assert m["track.tension"]["lo"] == pytest.approx(8.718245, abs=1e-5)
    assert m["score.us"]["diff"] == 2.0 and not m["score.us"]["clear"]
    assert m["score.russia"]["diff"] == 0.0 and not m["score.russia"]["clear"]
    assert m["war (%)"]["mean_a"] == 25.0 and m["war (%)"]["mean_b"] == 12.5
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the text table flags exactly the clear differences
    r = CliRunner().invoke(cli, ["compare", str(SMALL), "--cell", "1", "--png", str(png)])
    lines = {ln[2:].split()[0]: ln[:1] for ln in r.stdout.splitlines()
             if ln[2:].split() and ln[2:].split()[0] in m}
    assert lines["track.tension"] == "*" and lines["score.us"] == " "
    assert "1 of" in r.stdout and "are clear" in r.stdout


def test_compare_two_folders(tmp_path):
    a = load_side(SMALL, 0)
    b = load_side(SMALL, 1)
    c = compare(a, b)
    assert dict(c.rows)["score.us"].diff == 2.0
    r = CliRunner().invoke(cli, ["compare", str(SMALL), str(SMALL), "--cell", "1",
                                 "--png", str(tmp_path / "x.png")])
    assert r.exit_code == 0 and "B: " in r.stdout and (tmp_path / "x.png").exists()


@pytest.mark.parametrize("args,message", [
    (["compare", str(SMALL)], "--cell K"),
    (["compare", str(SMALL), "--cell", "7"], "no games in cell 7"),
    (["compare", "/nonexistent/sweep", "--cell", "1"], "no games.csv here"),
    (["compare", str(SMALL), str(SMALL), str(SMALL)], "one sweep folder"),
])
def test_compare_refuses_bad_input(args, message):
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 2 and message in r.stderr and "Traceback" not in r.output


def test_describe_with_one_value():
    d = describe([4.0])
    assert d["n"] == 1 and d["sd"] is None and d["ci95"] is None and d["p50"] == 4.0


def test_compare_gives_war_rates_an_interval_meant_for_proportions():
    """0 wars in 200 against 0 in 200 is not a certainty: Newcombe's hybrid score interval
    is about ±1.88 points (Wilson's upper limit for 0/200 is z²/(n+z²) = 1.8846 %), where a
    Welch interval on 0/1 values has zero width."""
    from game.sweep.compare import WAR, Side

    def side(wars: int, n: int) -> Side:
        return Side(Path("x"), 0, "", None, {WAR: [100.0] * wars + [0.0] * (n - wars),
                                             "score.us": [float(i % 7) for i in range(n)]})
    d = dict(compare(side(0, 200), side(0, 200)).rows)[WAR]
    assert d.diff == 0.0 and not d.clear
    assert d.lo == pytest.approx(-1.8846, abs=1e-3) and d.hi == pytest.approx(1.8846, abs=1e-3)
    assert welch([0.0] * 200, [0.0] * 200).hi == 0.0            # what compare used to show
    # 12 of 200 against 30 of 200: clear, and the interval is Newcombe's (method 10)
    d = dict(compare(side(12, 200), side(30, 200)).rows)[WAR]
    la, ua = wilson(12, 200)
    lb, ub = wilson(30, 200)
    assert d.diff == pytest.approx(9.0)
    assert d.lo == pytest.approx(100 * (0.09 - math.sqrt((0.15 - lb) ** 2 + (ua - 0.06) ** 2)))
    assert d.hi == pytest.approx(100 * (0.09 + math.sqrt((ub - 0.15) ** 2 + (0.06 - la) ** 2)))
    assert d.clear
    out = compare(side(12, 200), side(30, 200)).to_dict()
    assert out["metrics"][WAR]["interval"] == "newcombe"
    assert out["metrics"]["score.us"]["interval"] == "welch"
