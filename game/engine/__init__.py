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
from .orders import IllegalOrderError, Order, OrderProblem
from .rules import Rules
from .scenario import ACTORS, Scenario
from .state import State
from .view import (ALL, VIEW_VERSION, CauseView, Change, CovertOpView, Indicator, LeverChoice,
                   NewsItem, Objective, OptionChoice, OrderView, ProjectView, ProposalView,
                   PublicView, SeatView, TargetChoice, TrackView, TurnView, Viewer, citation)

__all__ = ["ACTORS", "ALL", "CATALOGUE", "GROUPS", "PHASES", "VIEW_VERSION", "Cause",
           "CauseView", "Change", "ComputerPlayer", "CovertOpView", "Game",
           "IllegalOrderError", "Indicator", "Ledger", "Lever", "LeverChoice", "NewsItem",
           "Objective", "OptionChoice", "Order", "OrderProblem", "OrderView", "ProjectView",
           "ProposalView", "PublicView", "Rules", "Scenario", "ScenarioError", "SeatView",
           "State", "TargetChoice", "TrackView", "TurnReport", "TurnView", "Viewer",
           "citation", "load_scenario", "parse_scenario", "read_scenario", "scenario_hash"]
