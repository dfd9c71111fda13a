"""The engine's one face, seen from its clients: one seat-string parser, one rules cache, one
play loop, and an import contract (clients import only ``game.engine``'s public names; the
engine imports no client and none of pygame, click, matplotlib or dask)."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import game.engine as engine
from game.engine import (RULES_KEEP, Game, Seat, SeatError, check_seat, forget_rules,
                         parse_assignment, parse_seat, personalities, rules_for, seat_spec)

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "game"
S2019 = ROOT / "scenarios" / "vladivostok-2019.yaml"
TEXT = S2019.read_text()


# ------------------------------------------------------------------ one seat parser
@pytest.mark.parametrize("spec, seat, normal", [
    (None, Seat(), "computer"), ("", Seat(), "computer"), ("computer", Seat(), "computer"),
    ("human", Seat(human=True), "human"), ("computer:hawk", Seat(personality="hawk"),
                                           "computer:hawk"),
    ("hawk", Seat(personality="hawk"), "computer:hawk"), (" computer:dove ",
                                                          Seat(personality="dove"),
                                                          "computer:dove"),
])
def test_seat_strings_parse_to_one_meaning(spec, seat, normal):
    assert parse_seat(spec) == seat
    assert seat_spec(spec) == normal == seat.spec


@pytest.mark.parametrize("spec", ["robot:hawk", "computer:", "computer:a:b", "human:x"])
def test_a_bad_seat_string_says_what_was_expected(spec):
    with pytest.raises(SeatError, match="expected human, computer or computer:PERSONALITY"):
        parse_seat(spec)


def test_seat_assignments_as_whales_run_takes_them():
    sc = rules_for(TEXT).scenario
    assert parse_assignment("DPRK=computer:brinkman") == ("dprk", Seat(personality="brinkman"))
    with pytest.raises(SeatError, match="STATE one of us, russia"):
        parse_assignment("mars=computer")
    with pytest.raises(SeatError, match="expected human, computer"):
        parse_assignment("dprk=brinkman")          # a bare name is a replay's shorthand only
    assert check_seat(sc, "dprk", Seat(personality="brinkman")) is None
    assert "no personality 'warlord'" in check_seat(sc, "dprk", Seat(personality="warlord"))
    assert personalities({"dprk": "computer:brinkman", "rok": "human", "us": "computer"}) == \
        {"dprk": "brinkman", "rok": None, "us": None}


def seat_literals(source: str) -> list[int]:
    """Lines of code (not docstrings or comments) with a seat string literal: "human",
    "computer", or a string or f-string starting "computer:"."""
    tree = ast.parse(source)
    docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)
            and isinstance(n.value, ast.Constant)}
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs:
            if n.value in ("human", "computer") or n.value.startswith("computer:"):
                out.append(n.lineno)
    return out


def test_every_client_reads_seats_through_the_one_parser():
    """No client takes a seat string apart or builds one itself: no seat literal outside
    game/engine/seats.py (the engine's HUMAN, COMPUTER, parse_seat and Seat.spec do it)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "seats.py" and path.parent.name == "engine":
            continue
        found += [f"{path.relative_to(ROOT)}:{line}" for line in seat_literals(path.read_text())]
    assert found == []
    # and the check can fail
    assert seat_literals('x = seat == "human"\ny = f"computer:{p}"\n') == [1, 2]
    assert seat_literals('"""a docstring: human"""\n# "human"\n') == []


# ------------------------------------------------------------------ one rules cache
def test_one_rules_cache_serves_replays_sweeps_and_the_front_end(tmp_path):
    from game.replay import replay_of, rules_of
    from game.sweep.worker import Chunk, run_chunk
    from game.ui.session import Session
    forget_rules()
    rules = rules_for(TEXT, "x", ["actors.china.enforcement=61"])
    assert rules_for(TEXT, "another name", ("actors.china.enforcement=61",)) is rules
    assert rules_for(TEXT, "x", ["actors.china.enforcement=62"]) is not rules
    g = Game(rules, 5)
    g.run()
    assert rules_of(replay_of(g, TEXT, ["actors.china.enforcement=61"], {})) is rules
    assert Session.new(TEXT, "x", 1, {}, overrides=["actors.china.enforcement=61"], saves_dir=tmp_path).game.rules \
        is rules
    [row] = run_chunk(Chunk(TEXT, "x", 0, ("actors.china.enforcement=61",), None, ((0, 5),), (), ()))
    assert row.digest == g.digest()
    assert rules_for(TEXT, "x", ["actors.china.enforcement=61"]) is rules          # the worker found it cached
    for i in range(RULES_KEEP + 1):
        rules_for(TEXT, "x", [f"actors.china.enforcement={70 + i}"])
    assert rules_for(TEXT, "x", ["actors.china.enforcement=61"]) is not rules      # the oldest went
    forget_rules()


# ------------------------------------------------------------------ one play loop
def test_one_play_loop_for_games_sweeps_and_whales_run(tmp_path):
    from click.testing import CliRunner

    from game.cli import cli
    from game.sweep.worker import play
    rules = rules_for(TEXT)
    seen = []
    g = Game(rules, 3)
    reports = g.run(seats={"dprk": "brinkman"}, on_turn=seen.append)
    assert seen == reports and g.over and [r.turn for r in reports] == list(
        range(1, len(reports) + 1))

    class Rec:
        def __init__(self, game):
            self.turns = []

        def record(self, report):
            self.turns.append(report.digest)

    again, rec = play(rules, 3, None, Rec)       # a sweep's game: the computer everywhere
    assert again.over and rec.turns == [r.digest for r in again.reports]
    assert again.reports[-1].digest == Game(rules, 3).run()[-1].digest
    r = CliRunner().invoke(cli, ["run", str(S2019), "--seed", "3", "--json",
                                 "--seat", "dprk=computer:brinkman"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["digest"] == g.digest()
    assert json.loads(r.stdout)["seats"]["dprk"] == "computer:brinkman"
    short = Game(rules, 3)
    assert len(short.run(turns=2)) == 2 and len(short.run(turns=2)) == 2 and short.turn == 5


def test_no_client_has_a_play_loop_of_its_own():
    """Whole games are played by Game.run only (the benchmark times single turns)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("game/engine/") or rel in ("game/bench.py", "game/ui/framebench.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.While) and "play_turn" in ast.unparse(node):
                found.append(f"{rel}:{node.lineno}")
    assert found == []


# ------------------------------------------------------------------ the import contract
FORBIDDEN_IN_ENGINE = ("pygame", "pygame_gui", "click", "matplotlib", "dask", "distributed",
                       "tqdm", "game.ui", "game.cli", "game.sweep", "game.replay",
                       "game.debrief", "game.bench", "game.atomic")


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(source: str, module: str, is_package: bool = False) -> list[tuple[int, str, str]]:
    """(line, module imported, name or "") of every import in ``source``, relative imports
    resolved against ``module``."""
    out = []
    pkg = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name, "") for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg[:len(pkg) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out += [(node.lineno, mod, a.name) for a in node.names]
    return out


def contract_breaches(source: str, module: str, is_package: bool = False) -> list[str]:
    """What in ``source`` (the module ``module``) breaks the import contract."""
    out = []
    public = set(engine.__all__)
    in_engine = module == "game.engine" or module.startswith("game.engine.")
    for line, mod, name in imports_of(source, module, is_package):
        full = f"{mod}.{name}" if name else mod
        if in_engine:
            bad = [f for f in FORBIDDEN_IN_ENGINE if mod == f or mod.startswith(f + ".")
                   or full == f]
            if bad:
                out.append(f"{module}:{line}: the engine imports {full}")
        elif mod.startswith("game.engine."):
            out.append(f"{module}:{line}: imports {mod} (only game.engine's face)")
        elif mod == "game.engine" and name and name != "*" and name not in public:
            out.append(f"{module}:{line}: imports {name}, not one of game.engine.__all__")
        elif mod == "game" and name == "engine":
            out.append(f"{module}:{line}: imports the engine package as a module")
    return out


def test_clients_import_only_the_engines_face_and_the_engine_no_client():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += contract_breaches(path.read_text(), _module_of(path),
                                   path.name == "__init__.py")
    assert found == []


def test_the_import_contract_check_catches_breaches():
    assert contract_breaches("from ..engine.state import pair_key\n", "game.ui.mapdata") == \
        ["game.ui.mapdata:1: imports game.engine.state (only game.engine's face)"]
    assert contract_breaches("import game.engine.rules\n", "game.cli.x")
    assert contract_breaches("from ...engine import CATALOGUE_X\n", "game.ui.screens.news")
    assert contract_breaches("from game import engine\n", "game.sweep.worker")
    assert contract_breaches("import pygame\n", "game.engine.view")
    assert contract_breaches("from ..ui import app\n", "game.engine.game")
    assert contract_breaches("from . import view\n", "game.engine", is_package=True) == []
    assert contract_breaches("from ..engine import Game, Order\n", "game.ui.session") == []


def test_importing_the_engine_loads_no_client_library():
    code = ("import sys, game.engine\n"
            "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.split()
    loaded = [m for m in out if any(m == f or m.startswith(f + ".")
                                    for f in FORBIDDEN_IN_ENGINE)]
    assert loaded == []


def test_the_public_face_names_exist_and_views_are_in_it():
    for name in engine.__all__:
        assert hasattr(engine, name), name
    for name in ("Game", "SeatView", "PublicView", "TurnView", "NewsItem", "LeverChoice",
                 "OrderProblem", "ALL", "rules_for", "parse_seat"):
        assert name in engine.__all__
