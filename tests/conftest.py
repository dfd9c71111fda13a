"""Shared fixtures: scenario paths and fresh games."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import Game, Rules, load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
S2019 = SCENARIOS / "vladivostok-2019.yaml"


@pytest.hookimpl(trylast=True)          # after pytest's capture of output has stopped
def pytest_keyboard_interrupt(excinfo) -> None:
    """Ctrl-C, or .ci/run's time budget running out (it sends SIGINT): name the test that was
    running (pytest's own report names only the line that was interrupted)."""
    running = os.environ.get("PYTEST_CURRENT_TEST")
    if running:
        sys.stderr.write(f"\ninterrupted while running: {running}\n")
        sys.stderr.flush()


def end_child(p: subprocess.Popen, timeout: float = 30) -> None:
    """End a child process a test started and reap it within a time limit: its session (a
    child started with start_new_session=True leads one, with its pool workers in it, which
    may outlive it) and, if it still runs, the child itself (one that never reached exec
    leads no session, and killpg alone would miss it). Never waits without a bound."""
    kills = (os.killpg, os.kill) if p.poll() is None else (os.killpg,)
    for kill in kills:
        try:
            kill(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pass
    for f in (p.stdin, p.stdout, p.stderr):
        if f is not None:
            f.close()


@pytest.fixture(autouse=True, scope="session")
def _settings_folder(tmp_path_factory):
    """The front end's settings (game/ui/settings.py) in a folder of the tests' own, never the
    user's config; set for the whole session, so module-scoped fixtures get it too."""
    folder = tmp_path_factory.mktemp("config")
    (folder / "settings.json").write_text('{"guide": false}', encoding="utf-8")
    old = os.environ.get("SBW_CONFIG_DIR")
    os.environ["SBW_CONFIG_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("SBW_CONFIG_DIR", None)
    else:
        os.environ["SBW_CONFIG_DIR"] = old


@pytest.fixture(autouse=True)
def _user_settings(_settings_folder):
    """Each test starts from the same settings: 100 % text and the first-game guide already
    seen (a test that wants the guide writes its own file: App(settings_path=...))."""
    (_settings_folder / "settings.json").write_text('{"guide": false}', encoding="utf-8")
    return _settings_folder


@pytest.fixture(scope="session")
def rules2019() -> Rules:
    return Rules(load_scenario(S2019))


@pytest.fixture
def game2019(rules2019) -> Game:
    return Game(rules2019, seed=1)


# ------------------------------------------------------------------ the casebook's bench
FIXTURES = ROOT / "tests" / "fixtures"
ANY_TIME = "levers.unsc_resolution.params.answers_months=0"
"""The Council takes a resolution at any time, not only after a nuclear test (the rule's own
cases in test_casebook_sanctions put ``answers_months`` back)."""
QUIET = ("events=[]", ANY_TIME)
"""Overrides that remove the scenario's events and let the Council vote at any time, so a
case sees only the orders under test."""


class Played:
    """One resolved turn of a casebook case, and questions about its ledger."""

    def __init__(self, game: Game, report) -> None:
        self.game = game
        self.report = report
        self.turn = report.turn

    def entries(self, lever: str | None = None, kind: str | None = "lever",
                actor: str | None = None) -> list[tuple[int, tuple]]:
        """(index in the whole ledger, entry) of this turn's entries matching the filters."""
        out = []
        for i, e in enumerate(self.game.ledger.entries):
            t, _, _, c = e
            if t != self.turn:
                continue
            if lever is not None and c.lever != lever:
                continue
            if kind is not None and c.kind != kind:
                continue
            if actor is not None and c.actor != actor:
                continue
            out.append((i, e))
        return out

    def by(self, lever: str, kind: str | None = "lever", actor: str | None = None
           ) -> dict[str, float]:
        """Net change per key caused by ``lever`` this turn (drift and events excluded)."""
        out: dict[str, float] = {}
        for _, (_, k, d, _) in self.entries(lever, kind, actor):
            out[k] = round(out.get(k, 0.0) + d, 6)
        return {k: d for k, d in out.items() if d}

    def spent(self, actor: str) -> float:
        """Political capital the actor paid for its orders this turn."""
        return -sum(d for _, (_, k, d, _) in self.entries(None, "cost", actor)
                    if k == f"{actor}.capital")

    def headlines(self, public_only: bool = False) -> list[str]:
        return [n["headline"] for n in self.report.news if n["public"] or not public_only]


class Bench:
    """Builds games (rules cached per override set) and plays single orders in isolation."""

    def __init__(self) -> None:
        self._rules: dict[tuple, Rules] = {}

    def rules(self, *overrides: str, quiet: bool = True, path: Path = S2019) -> Rules:
        key = (str(path), quiet) + overrides
        if key not in self._rules:
            ovs = (list(QUIET) if quiet else []) + list(overrides)
            self._rules[key] = Rules(load_scenario(path, ovs))
        return self._rules[key]

    def game(self, *overrides: str, seed: int = 1, quiet: bool = True,
             path: Path = S2019) -> Game:
        return Game(self.rules(*overrides, quiet=quiet, path=path), seed)

    @staticmethod
    def play(game: Game, *orders) -> Played:
        """Submit exactly these orders (every other seat submits none) and resolve."""
        by_actor: dict[str, list] = {}
        for o in orders:
            by_actor.setdefault(o.actor, []).append(o)
        for a in game.actors:
            game.submit(a, by_actor.get(a, []))
        return Played(game, game.resolve())

    @staticmethod
    def expected(game: Game, lever: str, actor: str | None, target: str | None = None,
                 variant: str | None = None, scale: float = 1.0,
                 effects=None) -> dict[str, float]:
        """What a lever's declared effects (or one variant) should do, per key."""
        p = game.rules.params[lever]
        eff = effects if effects is not None else (
            getattr(p.variants, variant) if variant else p.effects)
        out: dict[str, float] = {}
        for k, d in game.rules.resolver.resolve(eff, actor, target):
            out[k] = round(out.get(k, 0.0) + d * scale, 6)
        return out

    @staticmethod
    def signs(changes: dict[str, float]) -> dict[str, str]:
        """{key: '+' or '-'}: the direction of each change."""
        return {k: "+" if d > 0 else "-" for k, d in changes.items() if d}

    @staticmethod
    def add(*dicts: dict[str, float]) -> dict[str, float]:
        """Sum per-key changes."""
        out: dict[str, float] = {}
        for d in dicts:
            for k, v in d.items():
                out[k] = round(out.get(k, 0.0) + v, 6)
        return {k: v for k, v in out.items() if v}


@pytest.fixture(scope="session")
def bench() -> Bench:
    return Bench()
