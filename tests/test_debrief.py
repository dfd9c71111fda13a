"""The debrief (`whales report`): built from a replay, reveals every secret move, explains."""
from __future__ import annotations

import subprocess
import sys

from game.debrief import debrief
from game.engine import Game, Order, Rules, parse_scenario
from game.replay import replay_of, save_replay

from conftest import ROOT, S2019


def _game(turns: int = 3):
    text = S2019.read_text()
    g = Game(Rules(parse_scenario(text, overrides=["levers.chemical_exports.detection=0",
                                                   "levers.chemical_exports.params.watch=0"])),
             seed=5)
    g.submit("dprk", [Order("dprk", "chemical_exports")])
    g.run(turns=turns)
    return g, text


def test_debrief_reveals_undetected_covert_moves_and_compares_with_the_computer():
    g, text = _game()
    rep = replay_of(g, text, ["levers.chemical_exports.detection=0",
                              "levers.chemical_exports.params.watch=0"], {"dprk": "human"})
    md = debrief(rep, baseline_games=2)
    assert "# Debrief: Vladivostok summit (2019)" in md
    assert "Turn 1: North Korea — Chemical exports to Syria (never detected)" in md
    assert "Computer from the same seat (mean of 2)" in md
    assert "| North Korea | human |" in md
    # every turn played has its own section, and the key numbers carry their causes
    for t in (1, 2, 3):
        assert f"**Turn {t} — " in md
    assert "**Tension on the peninsula**" in md


def test_debrief_without_baseline_has_no_comparison_column():
    g, text = _game(turns=1)
    md = debrief(replay_of(g, text, ["levers.chemical_exports.detection=0",
                                     "levers.chemical_exports.params.watch=0"], {}), 0)
    assert "Computer from the same seat" not in md


def test_report_cli_writes_a_file_and_refuses_a_bad_replay(tmp_path):
    g, text = _game(turns=2)
    path = tmp_path / "game.json"
    save_replay(replay_of(g, text, ["levers.chemical_exports.detection=0",
                                    "levers.chemical_exports.params.watch=0"], {}), path)
    out = tmp_path / "debrief.md"
    r = subprocess.run([sys.executable, "-m", "game", "report", str(path), "--out", str(out),
                        "--baseline", "1"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("# Debrief")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = subprocess.run([sys.executable, "-m", "game", "report", str(bad)],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and "bad.json" in r.stderr
