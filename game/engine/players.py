"""Computer player levels: who decides a computer seat's orders.

A seat played by the computer has a *personality* (the scenario's weights: risk, aggression,
favourite levers...) and a *level* (how it decides). The levels:

==================  ==========================================================================
``planner``         the default: plans for what is likely to follow — others' answers by their
                    own objectives, effects to the end of the game, war and exposure risk
                    (:class:`game.engine.planner.PlanningPlayer`)
``deep``            the planner over more candidates, its best sets tried on a copy of the
                    game (slower: for a single game against people)
``greedy``          the earlier default: the orders with the largest immediate expected score
                    change for the personality (:class:`game.engine.ai.ComputerPlayer`)
``random``          a uniformly random legal player: the legal orders in a random order (drawn
                    from the game's seeded generator), each taken while it keeps the list legal,
                    up to the personality's ``max_orders``
``pass``            orders nothing (invitations lapse unanswered)
``spam-LEVER``      a scripted player: every legal use of one lever every turn, one per target
                    (its first legal option), e.g. ``spam-denounce``: the denunciation
                    exploit of issue 9, one seat denouncing all five others every turn
==================  ==========================================================================

``random``, ``pass`` and the scripted levels are baselines for ``whales balance`` (the
strength table plays each seat's computer player against them on the same seeds) and for
tests; they ignore the personality except for ``max_orders``. Every level is deterministic
given the game's seed: randomness only from the generator :meth:`Game.computer_orders`
passes in (one per turn and seat).

>>> from game.engine import Game
>>> g = Game.from_file("scenarios/sandbox.yaml", seed=3)
>>> g.computer_orders("dprk", level="pass")
[]
>>> g.computer_orders("dprk", level="random") == g.computer_orders("dprk", level="random")
True
"""
from __future__ import annotations

from dataclasses import dataclass
from random import Random
from typing import TYPE_CHECKING, Callable, Mapping, Protocol

from .orders import Order

if TYPE_CHECKING:
    from .rules import Rules
    from .state import State

DEFAULT_LEVEL = "planner"
"""The level a computer seat plays at unless its seat string says otherwise."""

SPAM = "spam-"


class Player(Protocol):
    """What every level provides: this turn's orders for its seat."""

    def choose(self, state: "State", rng: Random) -> list[Order]: ...


class LevelError(ValueError):
    """An unknown level; the message lists the known ones."""


@dataclass(frozen=True)
class Level:
    name: str
    description: str
    make: Callable[["Rules", str, "str | None"], Player]


class PassingPlayer:
    """Orders nothing."""

    def __init__(self, rules: "Rules", actor: str, personality: str | None = None) -> None:
        self.rules = rules
        self.actor = actor

    def choose(self, state: "State", rng: Random) -> list[Order]:
        return []


def _max_orders(rules: "Rules", actor: str, personality: str | None) -> int:
    spec = rules.scenario.actors[actor]  # type: ignore[index]
    name = personality or spec.personality
    if name not in spec.personalities:
        raise ValueError(f"{rules.name(actor)} has no personality {name!r}; choose from "
                         f"{', '.join(sorted(spec.personalities))}")
    return spec.personalities[name].max_orders


class RandomPlayer:
    """A uniformly random legal player: shuffles the legal orders with the seat's seeded
    generator and takes each one that keeps the list legal (:meth:`Rules.check_orders`),
    until it has the personality's ``max_orders``."""

    REASON = "a random legal order (baseline player)"

    def __init__(self, rules: "Rules", actor: str, personality: str | None = None) -> None:
        self.rules = rules
        self.actor = actor
        self.max_orders = _max_orders(rules, actor, personality)

    def choose(self, state: "State", rng: Random) -> list[Order]:
        rules, actor = self.rules, self.actor
        legal = rules.legal_orders(state, actor)
        rng.shuffle(legal)
        chosen: list[Order] = []
        for o in legal:
            if len(chosen) >= self.max_orders:
                break
            trial = chosen + [Order(o.actor, o.lever, o.target, o.option, self.REASON)]
            if not rules.check_orders(state, actor, trial):
                chosen = trial
        return chosen


class SpamPlayer:
    """Every legal use of one lever, every turn: one order per target (the first of its
    options that is legal), as many as the capital and the rules allow."""

    def __init__(self, rules: "Rules", actor: str, lever: str) -> None:
        if lever not in rules.levers:
            raise LevelError(f"{SPAM}{lever}: no lever {lever!r}; levers: "
                             f"{', '.join(sorted(rules.levers))}")
        self.rules = rules
        self.actor = actor
        self.lever = lever
        self.reason = f"scripted: {rules.lever_name(lever)} every turn"

    def choose(self, state: "State", rng: Random) -> list[Order]:
        rules, actor = self.rules, self.actor
        chosen: list[Order] = []
        targets: set[str | None] = set()
        for o in rules.legal_orders(state, actor):
            if o.lever != self.lever or o.target in targets:
                continue
            trial = chosen + [Order(o.actor, o.lever, o.target, o.option, self.reason)]
            if not rules.check_orders(state, actor, trial):
                chosen = trial
                targets.add(o.target)
        return chosen


def _greedy(rules: "Rules", actor: str, personality: str | None) -> Player:
    from .ai import ComputerPlayer
    return ComputerPlayer(rules, actor, personality)


def _planner(rules: "Rules", actor: str, personality: str | None) -> Player:
    from .planner import PlanningPlayer
    return PlanningPlayer(rules, actor, personality)


def _deep(rules: "Rules", actor: str, personality: str | None) -> Player:
    from .planner import PlanningPlayer
    return PlanningPlayer(rules, actor, personality, deep=True)


LEVELS: dict[str, Level] = {lv.name: lv for lv in (
    Level("planner", "plans for what is likely to follow: others' answers by their own "
          "objectives, effects to the end of the game, war and exposure risk by personality",
          _planner),
    Level("deep", "the planner over more candidates, its best sets tried on a copy of the "
          "game (slower: for a single game against people)", _deep),
    Level("greedy", "the orders with the largest immediate expected score change (the "
          "earlier computer player)", _greedy),
    Level("random", "a uniformly random legal player (baseline)", RandomPlayer),
    Level("pass", "orders nothing (baseline)", PassingPlayer),
)}
"""The named levels; ``spam-LEVER`` for any lever besides."""


def level_names() -> list[str]:
    """The named levels and the scripted family, for messages and help."""
    return [*LEVELS, f"{SPAM}LEVER"]


def check_level(level: str | None, levers: "Mapping[str, object] | None" = None) -> str | None:
    """Why ``level`` is not a level (None when it is); ``levers``: the lever ids known, to
    check ``spam-LEVER``."""
    if level is None or level in LEVELS:
        return None
    if level.startswith(SPAM) and len(level) > len(SPAM):
        lever = level[len(SPAM):]
        if levers is None or lever in levers:
            return None
        return f"no lever {lever!r} to spam"
    return f"unknown level {level!r}; levels: {', '.join(level_names())}"


def make_player(rules: "Rules", actor: str, personality: str | None = None,
                level: str | None = None) -> Player:
    """The player for one computer seat. Raises :class:`LevelError` for an unknown level
    and ValueError for an unknown personality (greedy)."""
    name = level or DEFAULT_LEVEL
    lv = LEVELS.get(name)
    if lv is not None:
        return lv.make(rules, actor, personality)
    if name.startswith(SPAM) and len(name) > len(SPAM):
        return SpamPlayer(rules, actor, name[len(SPAM):])
    raise LevelError(check_level(name) or f"unknown level {name!r}")


__all__ = ["DEFAULT_LEVEL", "LEVELS", "Level", "LevelError", "PassingPlayer", "Player",
           "RandomPlayer", "SpamPlayer", "check_level", "level_names", "make_player"]
