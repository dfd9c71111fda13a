"""Levers are complete units: no code outside game/engine/levers/ names a lever by its id.
What the rest of the game needs to know about a lever is one of its declared traits (see
test_lever_traits.py), so adding a lever touches its module, its casebook case and, if it
has a picture of its own, its icon. Scenarios and tests may name levers, of course."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from game.engine.levers import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
LEVERS = ROOT / "game" / "engine" / "levers"
WORD = re.compile(r"[a-z0-9_]+")


def lever_ids_in(source: str, ids: set[str]) -> list[tuple[int, str]]:
    """(line, id) of every string in the code that names a lever: a string that is a lever's
    id, or that holds one with an underscore in it as a word (``levers.food_energy_aid.cost``;
    one-word ids such as ``veto`` are ordinary words in a sentence)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            s = node.value
            if s in ids:
                out.append((node.lineno, s))
                continue
            out.extend((node.lineno, w) for w in WORD.findall(s) if "_" in w and w in ids)
    return out


def test_no_code_outside_the_lever_package_names_a_lever():
    ids = set(CATALOGUE)
    found = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        if LEVERS in path.parents:
            continue
        for line, lid in lever_ids_in(path.read_text(encoding="utf-8"), ids):
            found.append(f"{path.relative_to(ROOT)}:{line}: {lid!r}")
    assert found == [], ("name the trait the code needs on Lever instead of the lever:\n"
                         + "\n".join(found))


def test_the_check_finds_a_lever_named_in_code():
    ids = set(CATALOGUE)
    src = ('JOINT = {"joint_drills", "nuclear_talks"}\n'
           'if o.lever == "veto":\n'
           '    msg = f"e.g. levers.food_energy_aid.cost={n}"\n'
           'x = "a veto is cast"  # prose, not an id\n'
           '"""Docstring naming accept_invitation."""\n')
    assert sorted(lever_ids_in(src, ids)) == [
        (1, "joint_drills"), (1, "nuclear_talks"), (2, "veto"), (3, "food_energy_aid"),
        (5, "accept_invitation")]
