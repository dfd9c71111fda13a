"""--set/--grid expansion, and bad overrides refused (exit 2, one clear message) before any
game is played."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import S2019
from game.cli import cli
from game.sweep.grid import GridError, expand, load_cells, parse_grid

S = str(S2019)
TEXT = S2019.read_text(encoding="utf-8")


def test_two_paths_with_two_and_three_values_make_six_cells():
    cells = expand(["levers.food_energy_aid.cost=1"], ["actors.china.enforcement=40,90",
                                           "actors.russia.enforcement=20,50,80"])
    assert len(cells) == 6
    assert [c.index for c in cells] == list(range(6))
    # the first --grid varies slowest; the fixed --set comes first in every cell
    assert [tuple(v for _, v in c.values) for c in cells] == [
        ("40", "20"), ("40", "50"), ("40", "80"), ("90", "20"), ("90", "50"), ("90", "80")]
    for c in cells:
        assert c.overrides[0] == "levers.food_energy_aid.cost=1"
        assert c.overrides[1:] == tuple(f"{p}={v}" for p, v in c.values)
    assert cells[4].label() == "actors.china.enforcement=90, actors.russia.enforcement=50"
    assert len({c.overrides for c in cells}) == 6


def test_no_grid_is_one_cell_with_the_fixed_overrides():
    (cell,) = expand(["actors.china.enforcement=90"], [])
    assert cell.overrides == ("actors.china.enforcement=90",) and cell.values == ()
    assert cell.label() == "all games"


def test_every_cell_is_loaded_with_its_overrides():
    cells = expand(["levers.food_energy_aid.cost=1"], ["actors.china.enforcement=40,90"])
    scs = load_cells(TEXT, S, ["levers.food_energy_aid.cost=1"], cells)
    assert [sc.actors["china"].enforcement for sc in scs] == [40, 90]
    assert all(sc.levers["food_energy_aid"]["cost"] == 1 for sc in scs)


@pytest.mark.parametrize("spec,message", [
    ("actors.china.enforcement", "expected PATH=V1,V2"),
    ("=1,2", "expected a dotted path"),
    ("actors..enforcement=1,2", "expected a dotted path"),
    ("actors.china.enforcement=", "one or more comma-separated values"),
    ("actors.china.enforcement=40,,90", "none empty"),
    ("actors.china.enforcement=40,90,40", "listed twice"),
])
def test_malformed_grid_specs(spec, message):
    with pytest.raises(GridError) as e:
        parse_grid(spec)
    assert message in str(e.value)


def test_a_path_fixed_and_varied_or_varied_twice_is_refused():
    with pytest.raises(GridError, match="also fixed by --set"):
        expand(["actors.china.enforcement=50"], ["actors.china.enforcement=40,90"])
    with pytest.raises(GridError, match="already varied"):
        expand([], ["actors.china.enforcement=40,90", "actors.china.enforcement=10"])


def sweep(tmp_path, *args):
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["sweep", S, "--runs", "3", "--turns", "2", "--out", str(out),
                                 "--workers", "1", "--no-plots", *args])
    return r, out


@pytest.mark.parametrize("args,message", [
    (["--set", "actors.china.enforcment=90"],
     "unknown path: no 'enforcment' in actors.china (did you mean 'enforcement'?)"),
    (["--grid", "actors.china.enforcment=40,90"], "unknown path"),
    (["--set", "actors.china.enforcement=lots"], "expected a number"),
    (["--grid", "actors.china.enforcement=40,strict"], "expected a number, got 'strict'"),
    (["--grid", "actors.china.enforcement=40,150"], "expected a value at most 100"),
    (["--set", "levers.food_energy_aid.cost=-3"], "at least"),
    (["--grid", "actors.china.enforcement"], "--grid actors.china.enforcement: expected "
                                             "PATH=V1,V2"),
    (["--grid", "actors.china.enforcement=40,,90"], "none empty"),
    (["--set", "actors.china.enforcement"], "expected PATH=VALUE"),
    (["--set", "actors.china.enforcement=40", "--grid", "actors.china.enforcement=50,60"],
     "also fixed by --set"),
])
def test_bad_overrides_are_refused_before_anything_runs(tmp_path, args, message):
    r, out = sweep(tmp_path, *args)
    assert r.exit_code == 2, r.output
    assert message in r.stderr, r.stderr
    assert "Traceback" not in r.output
    assert not out.exists()          # nothing played, nothing written


def test_out_of_range_cell_names_its_cell(tmp_path):
    r, out = sweep(tmp_path, "--grid", "actors.china.enforcement=40,150",
                   "--grid", "levers.food_energy_aid.cost=1,2")
    assert r.exit_code == 2
    assert "--set actors.china.enforcement=150" in r.stderr
    assert "(grid cell 2: actors.china.enforcement=150, levers.food_energy_aid.cost=1)" in r.stderr
    assert r.stderr.count("expected a value at most 100") == 1   # reported once, not per cell
    assert not out.exists()


@pytest.mark.parametrize("args", [["--runs", "0"], ["--turns", "0"], ["--workers", "0"]])
def test_bad_numbers_are_refused(tmp_path, args):
    r = CliRunner().invoke(cli, ["sweep", S, "--out", str(tmp_path / "o"), "--runs", "2",
                                 *args])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert not (tmp_path / "o").exists()


def test_a_missing_scenario_is_refused(tmp_path):
    r = CliRunner().invoke(cli, ["sweep", str(tmp_path / "nope.yaml"), "--runs", "2",
                                 "--out", str(tmp_path / "o")])
    assert r.exit_code == 2 and "no such file" in r.stderr
