"""Shared fixtures: scenario paths and fresh games."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import Game, Rules, load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
S2019 = SCENARIOS / "vladivostok-2019.yaml"


@pytest.fixture(scope="session")
def rules2019() -> Rules:
    return Rules(load_scenario(S2019))


@pytest.fixture
def game2019(rules2019) -> Game:
    return Game(rules2019, seed=1)
