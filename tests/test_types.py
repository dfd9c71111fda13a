"""Types are checked with the tests: plain ``mypy`` over the package, configured in
pyproject.toml ([tool.mypy]: the whole of game/, and game/engine/ under ``--strict``'s flags,
set per module). ``make test`` and CI run it through this file; the cache in .mypy_cache keeps
a warm run under a second (a cold one, as in CI, takes ~20 s)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def mypy(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.fail("mypy is not installed in this environment: run `make setup` (it is in "
                    "pyproject.toml's dev extra)")
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=280)


def test_mypy_passes_on_the_package():
    out = mypy()
    assert out.returncode == 0, f"mypy found type errors:\n{out.stdout}{out.stderr}"
    assert "Success: no issues found" in out.stdout, out.stdout


def test_mypy_run_fails_on_a_type_error(tmp_path):
    """The check above can fail: the same configuration reports a wrong type, by file and
    line, with a non-zero exit."""
    bad = tmp_path / "bad.py"
    bad.write_text("def half(n: int) -> int:\n    return n / 2\n", encoding="utf-8")
    out = mypy("--config-file", str(ROOT / "pyproject.toml"), str(bad))
    assert out.returncode == 1, out.stdout + out.stderr
    assert "bad.py:2: error: Incompatible return value type" in out.stdout, out.stdout


PROBE = "def half(n):\n    return n / 2\n"
"""Passes plain mypy (an unannotated function is not checked), fails --strict."""


def test_the_engine_is_checked_strictly(tmp_path):
    """The configuration holds game/engine/ to --strict's flags (an unannotated function is
    an error there) and the rest of the package to plain checks (the same function passes)."""
    for package in ("game", "game/engine", "game/cli"):
        (tmp_path / package).mkdir(exist_ok=True)
        (tmp_path / package / "__init__.py").touch()
    for package in ("game/engine", "game/cli"):
        (tmp_path / package / "probe.py").write_text(PROBE, encoding="utf-8")
    # a cache of its own: these made-up modules must not replace the package's in the main one
    out = mypy("--config-file", str(ROOT / "pyproject.toml"),
               "--cache-dir", str(ROOT / ".mypy_cache" / "probe"),
               str(tmp_path / "game" / "engine" / "probe.py"),
               str(tmp_path / "game" / "cli" / "probe.py"))
    assert out.returncode == 1, out.stdout + out.stderr
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, out.stdout
    assert "engine/probe.py:1: error: Function is missing a type annotation" in errors[0]


def test_the_package_says_it_is_typed():
    """PEP 561: py.typed ships in the package, so other code checking against it uses its
    annotations."""
    assert (ROOT / "game" / "py.typed").is_file()
    import tomllib
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in data["tool"]["setuptools"]["package-data"]["*"]
