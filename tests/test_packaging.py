"""Packaging: the wheel carries the scenarios and assets, installs into a fresh virtual
environment, and plays, runs, validates and benchmarks from any folder; scenarios by name;
`whales scenarios` and `whales scenarios copy`; the SPDX licence."""
from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SCENARIOS
from game import resources
from game.cli import cli

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_is_listed_for_the_build():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    code = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "game").rglob("__init__.py")
            if "__pycache__" not in p.parts}
    data = {"game.scenarios", "game.assets"} | {
        f"game.assets.{d.name}" for d in (ROOT / "assets").iterdir()
        if d.is_dir() and d.name != "__pycache__"}
    assert listed == code | data, f"add to [tool.setuptools] packages: {sorted(code | data - listed)}"
    dirs = PYPROJECT["tool"]["setuptools"]["package-dir"]
    assert dirs == {"game.scenarios": "scenarios", "game.assets": "assets"}


def test_spdx_licence_and_its_files():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    for f in project["license-files"]:
        assert (ROOT / f).is_file(), f
    assert "pygame_gui" not in " ".join(project["dependencies"])


def test_bundled_scenarios_are_the_repository_files():
    names = resources.bundled_scenarios()
    assert list(names) == sorted(p.stem for p in SCENARIOS.glob("*.yaml"))
    for name, res in names.items():
        assert res.read_bytes() == (SCENARIOS / f"{name}.yaml").read_bytes()
    assert resources.resolve_scenario("sandbox") == str(SCENARIOS / "sandbox.yaml")
    assert resources.resolve_scenario("sandbox.yaml") == str(SCENARIOS / "sandbox.yaml")
    assert resources.resolve_scenario("lessons/sandbox.yaml") == "lessons/sandbox.yaml"
    assert resources.asset("map", "northeast-asia.geojson").is_file()


def test_a_file_wins_over_a_bundled_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    own = (SCENARIOS / "sandbox.yaml").read_text(encoding="utf-8").replace(
        "turns: 10", "turns: 3")
    Path("sandbox.yaml").write_text(own, encoding="utf-8")
    r = CliRunner().invoke(cli, ["validate", "sandbox.yaml", "sandbox"])
    assert r.exit_code == 0, r.output
    assert "ok: sandbox.yaml (Sandbox: the mechanics, 3 turns" in r.stdout      # the file
    assert "ok: sandbox (Sandbox: the mechanics, 10 turns" in r.stdout           # bundled


def test_a_missing_scenario_names_the_bundled_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["run", "scenarios/vladivostok-2019.yaml"])
    assert r.exit_code == 2
    assert "scenarios/vladivostok-2019.yaml: no such file; did you mean the bundled " \
           "scenario vladivostok-2019?" in r.stderr
    r = CliRunner().invoke(cli, ["run", "atlantis"])
    assert r.exit_code == 2 and "bundled scenarios: sandbox, victory-day-2015, " \
        "vladivostok-2019" in r.stderr


def test_scenarios_lists_and_copies(tmp_path):
    r = CliRunner().invoke(cli, ["scenarios"])
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["sandbox", "victory-day-2015",
                                                   "vladivostok-2019"]
    assert "Vladivostok summit (2019)" in lines[2] and "April 2019" in lines[2]
    assert "whales scenarios copy NAME DIR" in r.stderr
    dest = tmp_path / "lessons"
    r = CliRunner().invoke(cli, ["scenarios", "copy", "vladivostok-2019", str(dest)])
    assert r.exit_code == 0, r.output
    copy = dest / "vladivostok-2019.yaml"
    original = (SCENARIOS / "vladivostok-2019.yaml").read_text(encoding="utf-8")
    assert copy.read_text(encoding="utf-8").split("\n", 1)[1] == original   # + a modeline
    assert f"whales validate {copy}" in r.stderr and r.stdout == ""
    again = CliRunner().invoke(cli, ["scenarios", "copy", "vladivostok-2019", str(dest)])
    assert again.exit_code == 2 and "already exists; add --force" in again.stderr
    copy.write_text("edited", encoding="utf-8")
    forced = CliRunner().invoke(cli, ["scenarios", "copy", "vladivostok-2019.yaml", str(dest),
                                      "--force"])
    assert forced.exit_code == 0 and copy.read_text(encoding="utf-8").endswith(original)
    bad = CliRunner().invoke(cli, ["scenarios", "copy", "atlantis", str(dest)])
    assert bad.exit_code == 2 and "no bundled scenario 'atlantis'" in bad.stderr


# ------------------------------------------------------------------ the real thing
def _pip(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """This environment's pip with the machine's usual configuration and cache."""
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=600)


def _requirements_closure(wheel: Path) -> dict[str, importlib.metadata.Distribution]:
    """The distributions the wheel's own requirements (no extras) need, recursively, as
    installed in this environment; each must satisfy its specifier."""
    from email.parser import Parser

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
    with zipfile.ZipFile(wheel) as z:
        meta = Parser().parsestr(z.read(next(n for n in z.namelist()
                                             if n.endswith(".dist-info/METADATA"))).decode())
    todo = [(Requirement(r), "") for r in meta.get_all("Requires-Dist") or []]
    found: dict[str, importlib.metadata.Distribution] = {}
    while todo:
        req, extra = todo.pop()
        if req.marker and not req.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(req.name)
        dist = found.get(name) or importlib.metadata.distribution(req.name)
        assert req.specifier.contains(dist.version, prereleases=True), (str(req), dist.version)
        first = name not in found
        found[name] = dist
        wanted = [""] * first + sorted(req.extras)
        todo += [(Requirement(r), e) for r in dist.requires or [] for e in wanted]
    return found


def _link_site_packages(dists, site: Path) -> None:
    """Make exactly these distributions importable in another environment: a link for each
    top-level file or folder they installed (their code and their .dist-info)."""
    for dist in dists:
        for top in {f.parts[0] for f in dist.files or [] if f.parts[0] not in ("..", "__pycache__")}:
            target = Path(dist.locate_file(top))
            if target.exists() and not (site / top).exists():
                (site / top).symlink_to(target)


@pytest.mark.slow
def test_the_wheel_installs_in_a_fresh_venv_and_plays_from_anywhere(tmp_path):
    """Build the wheel as pip or pipx would (an isolated build from the source tree), install
    it into a new virtual environment and use it from an unrelated folder.

    Kept cheap (it runs in every suite): the new environment has no pip of its own (this
    one's installs into it with --python) and the wheel goes in with --no-deps; its declared
    requirements, and only those (resolved recursively, versions checked), are linked in from
    this environment instead of unpacking ~250 MB again. So a module the game imports without
    declaring it (Dask, a test tool) is missing there, as it would be after `pipx install`;
    `pip check` confirms the requirements are met."""
    dist = tmp_path / "dist"
    b = _pip("wheel", "--no-deps", "-w", str(dist), str(ROOT), cwd=tmp_path)
    assert b.returncode == 0, b.stdout + b.stderr
    assert "SetuptoolsDeprecationWarning" not in b.stderr + b.stdout, b.stderr
    (wheel,) = dist.glob("shrimp_between_whales-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for p in SCENARIOS.glob("*.yaml"):
        assert f"game/scenarios/{p.name}" in names
    for rel in ("theme.json", "map/northeast-asia.geojson", "map/SOURCES.md",
                "fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf",
                "fonts/NotoSans-LICENSE.txt", "icons/state_dprk_64.png"):
        assert f"game/assets/{rel}" in names, rel
    assert "game/engine/RULES.md" in names
    assert not any(n.startswith(("tests/", "scenarios/", "assets/")) for n in names)
    assert any(n.endswith("licenses/LICENSE") for n in names)
    meta = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: MIT" in meta and "pygame_gui" not in meta

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, clear=True).create(env_dir)
    py = env_dir / "bin" / "python"
    i = _pip("--python", str(py), "install", "--quiet", "--no-deps", "--no-index", str(wheel),
             cwd=tmp_path)
    assert i.returncode == 0, i.stdout + i.stderr
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()"
                                "['purelib'])"], capture_output=True, text=True,
                               check=True).stdout.strip())
    closure = _requirements_closure(wheel)
    assert {"pygame-ce", "pydantic", "pyyaml", "click"} <= set(closure)
    assert not {"dask", "distributed", "bokeh", "pytest"} & set(closure)
    _link_site_packages(closure.values(), site)
    c = _pip("--python", str(py), "check", cwd=tmp_path)
    assert c.returncode == 0, c.stdout + c.stderr
    whales_exe = str(env_dir / "bin" / "whales")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYTHONDONTWRITEBYTECODE="1")

    def whales(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
        r = subprocess.run([whales_exe, *args], capture_output=True, text=True,
                           cwd=elsewhere, env=env, timeout=300)
        if ok:
            assert r.returncode == 0, (args, r.stdout, r.stderr)
        return r

    where = subprocess.run([str(py), "-c", "import game, game.resources as r; "
                            "print(game.__file__); print(r.assets_dir())"],
                           capture_output=True, text=True, cwd=elsewhere, env=env)
    assert str(env_dir) in where.stdout and str(ROOT) not in where.stdout, where.stdout

    listed = whales("scenarios").stdout
    assert [line.split()[0] for line in listed.splitlines()] == \
        ["sandbox", "victory-day-2015", "vladivostok-2019"]
    run = json.loads(whales("run", "vladivostok-2019", "--seed", "7", "--turns", "4",
                            "--json").stdout)
    here = json.loads(CliRunner().invoke(cli, ["run", str(SCENARIOS / "vladivostok-2019.yaml"),
                                               "--seed", "7", "--turns", "4", "--json"]).stdout)
    assert run["digest"] == here["digest"] and run["scores"] == here["scores"]
    v = whales("validate", "vladivostok-2019", "sandbox", "victory-day-2015.yaml")
    assert v.stdout.count("ok: ") == 3
    whales("scenarios", "copy", "sandbox", "lessons")
    assert whales("validate", "lessons/sandbox.yaml").stdout.startswith("ok: lessons/sandbox")
    bench = json.loads(whales("bench", "--games", "3", "--json").stdout)
    assert bench["game_ms_median"] > 0 and bench["games_per_s_2proc"] > 0
    smoke = whales("play", "--smoke-test")
    assert "smoke test ok (dummy)" in smoke.stdout, smoke.stdout + smoke.stderr
    no_dask = whales("sweep", "sandbox", "--runs", "2", "--out", "o",
                     "--scheduler", "tcp://127.0.0.1:9", ok=False)
    assert no_dask.returncode == 2
    assert "needs Dask, which is not installed" in no_dask.stderr
    assert "pip install '.[cluster]'" in no_dask.stderr
    assert not (elsewhere / "o").exists()
