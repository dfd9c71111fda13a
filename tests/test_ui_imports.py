"""The front end's import rules, read from the source (AST), not from running it:

- a screen module (``game/ui/screens/*.py``) imports no other screen module and not
  ``game.ui.app``: screens move on through the app's router (``app.go("news", ...)``,
  ``app.open("menu", ...)``), so the app is the only module that knows every screen;
- nothing in ``game/ui`` imports inside a function (the one exception is the frame benchmark,
  which times its own imports from process start);
- every name a screen asks the router for is registered, and every screen is;
- importing the app on the way to the title screen loads no plotting or cluster library.

Imports under ``if TYPE_CHECKING:`` are for type checkers only and never run: they are allowed.
"""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "game" / "ui"
SCREENS = UI / "screens"
LOCAL_IMPORTS_ALLOWED = {
    # times the imports themselves (first frame from process start), so it imports late
    "game/ui/framebench.py",
}


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports(source: str, module: str, is_package: bool = False
            ) -> list[tuple[str, int, bool]]:
    """Every module ``source`` imports at run time, absolute: (name, line, inside a function).
    ``from X import y`` gives X and X.y (y may be a submodule)."""
    package = module if is_package else module.rpartition(".")[0]
    out: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_func: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub, in_func)
                continue
            f = in_func or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                              ast.Lambda))
            if isinstance(child, ast.Import):
                out.extend((a.name, child.lineno, f) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - (child.level - 1)]
                    mod = ".".join(base + ([child.module] if child.module else []))
                else:
                    mod = child.module or ""
                if mod != "__future__":
                    out.append((mod, child.lineno, f))
                    out.extend((f"{mod}.{a.name}", child.lineno, f) for a in child.names)
            visit(child, f)

    visit(ast.parse(source), False)
    return out


def screen_problems(source: str, module: str) -> list[str]:
    """What a screen module imports that it must not: another screen, or the app."""
    bad = []
    for name, line, _ in imports(source, module):
        if name == "game.ui.app" or name.startswith("game.ui.app."):
            bad.append(f"{module}:{line} imports {name} (ask the app, self.app, instead)")
        elif name.startswith("game.ui.screens.") and name != module and \
                not name.startswith(module + "."):
            bad.append(f"{module}:{line} imports the screen module {name} "
                       f"(use app.go(...) or app.open(...))")
    return bad


def local_import_problems(source: str, module: str, is_package: bool = False) -> list[str]:
    return [f"{module}:{line} imports {name} inside a function"
            for name, line, in_func in imports(source, module, is_package) if in_func]


def screen_files() -> list[Path]:
    return sorted(p for p in SCREENS.glob("*.py") if p.name != "__init__.py")


# ---------------------------------------------------------------------------- the rules
def test_no_screen_imports_another_screen_or_the_app():
    problems = []
    for p in screen_files():
        problems += screen_problems(p.read_text(encoding="utf-8"), module_name(p))
    assert not problems, "\n".join(problems)


def test_screens_folder_holds_only_screens():
    """Helpers that are not screens (describe, mapdata, panels, the lever panel) live in
    game/ui/, so every module in screens/ defines at least one Screen."""
    from game.ui.screen import Screen
    import importlib
    import inspect

    for p in screen_files():
        mod = importlib.import_module(module_name(p))
        own = [c for _, c in inspect.getmembers(mod, inspect.isclass)
               if issubclass(c, Screen) and c is not Screen and c.__module__ == mod.__name__]
        assert own, f"{p.relative_to(ROOT)} defines no screen: move it out of screens/"


def test_no_function_local_imports_in_the_ui():
    problems = []
    for p in sorted(UI.rglob("*.py")):
        rel = p.relative_to(ROOT).as_posix()
        if rel in LOCAL_IMPORTS_ALLOWED:
            continue
        problems += local_import_problems(p.read_text(encoding="utf-8"), module_name(p),
                                          p.name == "__init__.py")
    assert not problems, "\n".join(problems)


def _route_names() -> list[tuple[str, str, int]]:
    """Every literal name passed to app.go / app.open / app.make in game/ui."""
    out = []
    for p in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("go", "open", "make") and node.args and \
                    isinstance(node.args[0], ast.Constant) and \
                    isinstance(node.args[0].value, str):
                out.append((node.args[0].value, p.relative_to(ROOT).as_posix(), node.lineno))
    return out


def test_every_route_asked_for_is_registered_and_every_screen_is_routed():
    import inspect

    from game.ui.app import ROUTES
    from game.ui.screen import Screen

    asked = _route_names()
    assert len(asked) >= 15, asked              # the scan finds the screens' calls
    unknown = [f"{f}:{line} asks for {n!r}" for n, f, line in asked if n not in ROUTES]
    assert not unknown, "\n".join(unknown)
    routed = set()
    for factory in ROUTES.values():
        routed.add(getattr(factory, "__self__", factory))     # ReplayViewer.open -> the class
    import importlib
    for p in screen_files():
        mod = importlib.import_module(module_name(p))
        for _, c in inspect.getmembers(mod, inspect.isclass):
            if issubclass(c, Screen) and c is not Screen and c.__module__ == mod.__name__:
                assert c in routed, f"{c.__name__} ({p.name}) is not in game.ui.app.ROUTES"


def test_the_router_names_the_screens_when_asked_for_an_unknown_one(tmp_path):
    import os
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.ui.app import App

    app = App(saves_dir=tmp_path, fps=0)
    with pytest.raises(KeyError, match=r"no screen called 'newz'.*history.*news"):
        app.go("newz")
    assert type(app.screen).__name__ == "TitleScreen"      # nothing changed
    shown = app.go("picker")
    assert app.screen is shown and type(shown).__name__ == "ScenarioPicker"
    menu = app.open("help", under=app.screen)
    assert app.overlays == [menu] and app.top is menu


def test_starting_the_app_loads_no_plotting_or_cluster_library():
    """The way to the title screen stays light (``whales play`` starts fast)."""
    code = ("import sys; import game.ui.app; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'matplotlib', 'dask', 'distributed', 'pandas', 'numpy', 'tqdm'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]", out.stdout


# ---------------------------------------------------------------------------- the checks can fail
def test_the_checks_catch_what_they_forbid():
    bad = '''
from __future__ import annotations
from typing import TYPE_CHECKING
from ..screen import Screen
from .history import HistoryScreen
from . import menu
from ..app import TEXT_SCALES
import game.ui.screens.end
if TYPE_CHECKING:
    from ..app import App
    from .news import NewsScreen

def f():
    from .title import TitleScreen
    import json
'''
    mod = "game.ui.screens.fake"
    found = screen_problems(bad, mod)
    assert [re.search(r"imports (the screen module )?(\S+)", p)[2] for p in found] == [
        "game.ui.screens.history", "game.ui.screens.history.HistoryScreen",
        "game.ui.screens.menu", "game.ui.app", "game.ui.app.TEXT_SCALES",
        "game.ui.screens.end", "game.ui.screens.title", "game.ui.screens.title.TitleScreen"]
    assert all(":10 " not in p and ":11 " not in p for p in found)     # TYPE_CHECKING is fine
    local = local_import_problems(bad, mod)
    assert [p.split(":")[1].split(" ")[0] for p in local] == ["14", "14", "15"]
    assert screen_problems("from ..describe import number\nfrom .. import mapdata\n", mod) == []
