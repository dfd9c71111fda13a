"""The lever catalogue: every lever the articles give the six states.

Each lever is one small unit: its id and name, its group and resolution phase, the article and
passage it rests on, its default numbers (which a scenario's ``levers:`` section overrides), an
optional extra precondition, and an optional resolution when plain effects are not enough.
Adding a lever touches one module here plus its casebook test.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

GROUPS = ("sanctions", "diplomacy", "military", "economy", "covert")
PHASES = ("costs", "responses", "diplomacy", "sanctions", "economy", "military", "covert",
          "detection", "events", "drift", "scores")
"""The fixed resolution order of a turn (see game/engine/RULES.md)."""


@dataclass(frozen=True)
class Lever:
    id: str
    name: str
    group: str
    phase: str
    article: str
    passage: str
    summary: str
    defaults: dict = field(default_factory=dict)
    target: bool = True          # does the lever take a target state?
    covert: bool = False
    check: Callable | None = None     # (rules, state, order, params) -> reason it is illegal, or None
    check_per_target: bool = False    # the check never looks at the order's option
    # optional (rules, state, actor) -> False when no order of this lever by the actor can pass
    # its check now (a cheap test that spares checking every target and option one by one)
    check_gate: Callable | None = None
    resolve: Callable | None = None   # (ctx, order, params) -> None; default: apply effects
    estimate: Callable | None = None  # (rules, state, order, params) -> ((key, delta), ...) for AIs
    # optional, same estimate as a mix: ((weight >= 0, deltas), ...) where each deltas tuple is
    # cached (the same object every time), so computer players can reuse its valuation
    estimate_parts: Callable | None = None

    def __post_init__(self) -> None:
        assert self.group in GROUPS, self.group
        assert self.phase in PHASES, self.phase


CATALOGUE: dict[str, Lever] = {}


def register(*levers: Lever) -> None:
    for lv in levers:
        if lv.id in CATALOGUE:
            raise ValueError(f"duplicate lever id {lv.id}")
        CATALOGUE[lv.id] = lv


def from_parts(parts: Callable) -> Callable:
    """The flat ``estimate`` of an ``estimate_parts`` function: each part's deltas times its
    weight, in order (one source for both forms)."""
    def estimate(rules, state, order, p):
        return tuple((k, d * w) for w, deltas in parts(rules, state, order, p)
                     for k, d in deltas)
    return estimate


def eff(**kw) -> dict:
    """Shorthand for an effects dict in lever defaults."""
    return kw


from . import sanctions, diplomacy, military, economy, covert  # noqa: E402,F401  (registers)
