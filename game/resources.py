"""The data that ships with the game: the bundled scenarios and the front end's assets.

The repository keeps them at its top level (``scenarios/``, ``assets/``); the build installs
them inside the package as ``game.scenarios`` and ``game.assets`` (``package-dir`` in
pyproject.toml), so a wheel, a pipx install or an editable one all carry them. They are read
with :mod:`importlib.resources`; in a source checkout where those names are not importable
(an editable install maps only packages with Python files), the top-level folders next to the
package are used instead — the same files.

A scenario is named by a file (``scenarios/sandbox.yaml``, ``~/my.yaml``) or, when no such file
exists and the name has no folder in it, by its bundled name (``vladivostok-2019``, with or
without ``.yaml``). Nothing here imports the engine or pygame.
"""
from __future__ import annotations

import atexit
import contextlib
import importlib.resources
import os
from importlib.abc import Traversable
from pathlib import Path

SCENARIO_SUFFIXES = (".yaml", ".yml")
DEFAULT_SCENARIO = "vladivostok-2019"
_SOURCE_ROOT = Path(__file__).resolve().parent.parent
_files = contextlib.ExitStack()        # files extracted for as_file (only from a zipped install)
atexit.register(_files.close)


def _folder(package: str, top: str) -> Traversable:
    try:
        return importlib.resources.files(package)
    except ModuleNotFoundError:
        return _SOURCE_ROOT / top


def scenarios_folder() -> Traversable:
    """Where the bundled scenarios are (``game.scenarios``)."""
    return _folder("game.scenarios", "scenarios")


def assets_folder() -> Traversable:
    """Where the assets are (``game.assets``): map, icons, fonts, theme."""
    return _folder("game.assets", "assets")


def real_path(res: Traversable) -> Path:
    """A file-system path for a resource (pygame and error messages want paths). An installed
    package is a folder, so this is the resource itself; from a zip it is extracted once."""
    if isinstance(res, Path):
        return res
    return _files.enter_context(importlib.resources.as_file(res))


def folder_path(res: Traversable) -> Path:
    """A file-system path for a folder resource. The data folders have no ``__init__.py``, so
    an installed one is a namespace package whose ``files()`` is a MultiplexedPath: its
    entries are real paths, and their parent is the folder."""
    if isinstance(res, Path):
        return res
    for child in res.iterdir():
        if isinstance(child, Path):
            return child.parent
    return real_path(res)


def assets_dir() -> Path:
    """The assets folder as a path."""
    return folder_path(assets_folder())


def asset(*parts: str) -> Path:
    """One asset's path, e.g. ``asset("map", "northeast-asia.geojson")``."""
    return real_path(assets_folder().joinpath(*parts))


def bundled_scenarios() -> dict[str, Traversable]:
    """The bundled scenarios by name (the file name without ``.yaml``), sorted by name."""
    out = {}
    for f in scenarios_folder().iterdir():
        stem, ext = os.path.splitext(f.name)
        if ext in SCENARIO_SUFFIXES and f.is_file() and not f.name.startswith("."):
            out[stem] = f
    return dict(sorted(out.items()))


def scenario_paths() -> list[Path]:
    """Paths of the bundled scenarios, sorted by name (what the game's picker lists)."""
    return [real_path(f) for f in bundled_scenarios().values()]


def bundled_name(spec: str) -> str | None:
    """The bundled scenario ``spec`` names (``vladivostok-2019`` or ``vladivostok-2019.yaml``),
    or None. A spec with a folder in it is a path, never a bundled name."""
    if not spec or os.sep in spec or (os.altsep and os.altsep in spec):
        return None
    stem, ext = os.path.splitext(spec)
    name = stem if ext in SCENARIO_SUFFIXES else spec
    return name if name in bundled_scenarios() else None


def resolve_scenario(spec: str) -> str:
    """The file to read for a scenario named by ``spec``: the file itself when it exists (or
    when ``spec`` cannot be a bundled name), else the bundled scenario of that name. A spec
    that names neither comes back unchanged, so reading it reports "no such file"."""
    if os.path.exists(spec):
        return spec
    name = bundled_name(spec)
    if name is None:
        return spec
    return str(real_path(bundled_scenarios()[name]))


def hint_for(spec: str) -> str:
    """A hint for a scenario that is neither a file nor a bundled name."""
    names = list(bundled_scenarios())
    stem = os.path.splitext(os.path.basename(spec))[0]
    if stem in names:
        return f"did you mean the bundled scenario {stem}?"
    return "bundled scenarios: " + ", ".join(names) + " (`whales scenarios` lists them)"
