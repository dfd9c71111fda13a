"""The scenario engine: pure Python, no pygame. Clients (CLI, pygame UI, sweeps, replays) use
:class:`Game` and the names below.

Data flows one way: YAML → validated :class:`Scenario` → :class:`Rules` → :class:`State` →
orders → resolution → :class:`Ledger` → views.
"""
from .ai import ComputerPlayer
from .game import Game, TurnReport
from .ledger import Cause, Ledger
from .levers import CATALOGUE, GROUPS, PHASES, Lever
from .loader import (ScenarioError, load_scenario, parse_scenario, read_scenario,
                     scenario_hash)
from .orders import IllegalOrderError, Order
from .rules import Rules
from .scenario import ACTORS, Scenario
from .state import State

__all__ = ["ACTORS", "CATALOGUE", "GROUPS", "PHASES", "Cause", "ComputerPlayer", "Game",
           "IllegalOrderError", "Ledger", "Lever", "Order", "Rules", "Scenario",
           "ScenarioError", "State", "TurnReport", "load_scenario", "parse_scenario",
           "read_scenario", "scenario_hash"]
