"""The scenario engine: pure Python, no pygame. Clients (CLI, pygame UI, sweeps, replays) use
:class:`Game` and the names below.

Data flows one way: YAML → validated :class:`Scenario` → :class:`Rules` → :class:`State` →
orders → resolution → :class:`Ledger` → views.
"""
from . import limits
from .ai import ComputerPlayer
from .checks import (CheckSet, Evaluator, check_source, checks_for, checks_json, describe_check,
                     evaluator_for, load_checks, parse_checks)
from .facts import FACT_KINDS, Fact, news_facts
from .commands import (COMMAND_TYPES, COMMANDS, GAME_ACTIONS, MAX_TIMER, Command, CommandResult,
                       EndEarly, EndSeat, InjectEvent, InjectHeadline, Pause, RevealOrders,
                       Rewind, SetSeat, SetTimer, SetValue, TeacherCommand, ValueChange,
                       from_record)
from .game import ExplainPart, Game, TurnReport
from .ledger import Cause, Ledger
from .levers import CATALOGUE, GROUPS, PHASES, Lever
from .loader import (ScenarioError, load_scenario, parse_scenario, read_scenario,
                     scenario_hash)
from .orders import IllegalOrderError, Order, OrderProblem
from .players import DEFAULT_LEVEL, LEVELS, LevelError, check_level, level_names, make_player
from .rules import RULES_KEEP, Rules, forget_rules, rules_for, state_keys
from .scenario import ACTORS, HAPPENINGS, Check, ChecksFile, Scenario
from .schema import scenario_schema
from .seats import (COMPUTER, HUMAN, SEAT_PATTERN, Seat, SeatError, check_seat,
                    parse_assignment, parse_seat, personalities, seat_spec)
from .state import State, pair_key
from .text import check_text
from .view import (ALL, HIDDEN, SOURCES, VIEW_VERSION, Breakdown, BriefingView, CauseView,
                   Claim, KeyLever, LeverFacts, OtherWant, EventChoice, NumberChoice,
                   ObjectiveLine, Part, Change, CovertOpView, Indicator, LeverChoice,
                   NewsItem, Objective, OptionChoice, OrderView, ProjectView, ProposalView,
                   PublicView, SeatView, Standing, TargetChoice, TrackView, TurnView, Viewer,
                   citation)

__all__ = ["ACTORS", "ALL", "BriefingView", "CATALOGUE", "Claim", "KeyLever", "LeverFacts",
           "OtherWant", "SOURCES", "COMPUTER", "GROUPS", "HUMAN", "PHASES",
           "COMMANDS", "COMMAND_TYPES", "GAME_ACTIONS", "HIDDEN", "MAX_TIMER", "Breakdown",
           "Command", "CommandResult", "EndEarly", "EndSeat", "InjectEvent", "InjectHeadline",
           "EventChoice", "NumberChoice", "ObjectiveLine", "Part", "Pause", "RevealOrders", "Rewind", "SetSeat", "SetTimer",
           "SetValue", "TeacherCommand", "ValueChange", "from_record",
           "RULES_KEEP", "SEAT_PATTERN", "VIEW_VERSION", "Cause", "CauseView", "Change", "ComputerPlayer",
           "CovertOpView", "ExplainPart", "Game", "IllegalOrderError", "Indicator", "Ledger", "Lever",
           "LeverChoice", "NewsItem", "Objective", "OptionChoice", "Order", "OrderProblem",
           "OrderView", "ProjectView", "ProposalView", "PublicView", "Rules", "Scenario",
           "ScenarioError", "Seat", "SeatError", "SeatView", "Standing", "State",
           "TargetChoice", "TrackView", "TurnReport", "TurnView", "Viewer", "check_seat",
           "check_text", "limits",
           "citation", "forget_rules", "load_scenario", "pair_key", "parse_assignment",
           "parse_scenario", "parse_seat", "personalities", "read_scenario", "rules_for",
           "scenario_schema",
           "scenario_hash", "seat_spec", "state_keys",
           # story checks, facts and player levels
           "Check", "CheckSet", "ChecksFile", "DEFAULT_LEVEL", "Evaluator", "FACT_KINDS", "Fact",
           "HAPPENINGS", "LEVELS", "LevelError", "check_level", "check_source", "checks_for",
           "checks_json", "describe_check", "evaluator_for", "level_names", "load_checks",
           "make_player", "news_facts", "parse_checks"]
