"""The examples in the package's docstrings run with the tests: every module under game/ that
holds one (a ``>>> `` line) is found and its examples run from the repository root (they read
``scenarios/...``), so an example that goes stale fails ``make test`` like any other test.
Nothing here needs a display."""
from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def modules_with_examples() -> list[str]:
    """Dotted names of the package's modules whose source holds a doctest prompt."""
    out = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        if ">>> " not in path.read_text(encoding="utf-8"):
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


MODULES = modules_with_examples()


def run_examples(module: object, name: str) -> tuple[int, int, str]:
    """(examples tried, examples failed, the report of the failures) of a module's doctests."""
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, out=report.append)
    return runner.tries, runner.failures, "".join(report)


def test_the_examples_are_found():
    """The search finds the modules known to hold examples (so the tests below run them)."""
    assert {"game.replay", "game.engine.game", "game.engine.view",
            "game.engine.seats"} <= set(MODULES), MODULES


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_the_docstrings_hold(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    tried, failed, report = run_examples(importlib.import_module(name), name)
    assert tried > 0, f"{name}: a '>>> ' line but no example doctest could find"
    assert failed == 0, f"{name}: {failed} of {tried} examples failed:\n{report}"


def test_a_wrong_example_fails():
    """The runner above reports a wrong example (so the tests can fail)."""
    import types
    module = types.ModuleType("probe")
    module.__doc__ = ">>> 1 + 1\n3\n"
    tried, failed, report = run_examples(module, "probe")
    assert (tried, failed) == (1, 1)
    assert "Expected:\n    3\nGot:\n    2" in report
