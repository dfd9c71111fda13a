"""The lever catalogue: every lever the articles give the six states.

Each lever is one complete unit: its id and name, its group and resolution phase, the article
and passage it rests on, its default numbers (which a scenario's ``levers:`` section overrides)
and the typed model that checks them, an optional extra precondition, an optional resolution
when plain effects are not enough, and declarative traits saying what the rest of the game needs
to know about it (a joint action and its partner, an answer to an invitation, a proposal and how
it is settled, a map marker, the name of its options, ...). Nothing outside this package names a
lever: adding one touches its module here, its casebook case and, if it has a picture of its
own, its icon.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal

from ..scenario import LeverParams

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
    # optional, the same estimate as a weighted mix of fixed effects: (rules, order, params) ->
    # (deltas, weigh) with ``deltas`` a tuple of ((key, delta), ...) tuples fixed for the order
    # and ``weigh`` either a tuple of constant weights, one per deltas tuple, or a function
    # (state) -> such a tuple (a weight of 0 leaves its tuple out), reading nothing but the
    # state. Computer players value each deltas tuple once per scenario and only weigh them
    # each turn (once per weigh function: orders may share one). See from_mix and mix_of.
    estimate_mix: Callable | None = None
    model: type[LeverParams] = LeverParams
    """The pydantic model of the lever's parameters: :class:`LeverParams`, or a subclass typing
    the lever's own ``params`` (numbers), ``variants`` and ``options``. Unknown fields are
    refused, so a misspelt number is an error with its place."""

    def validate(self, overrides: dict[str, Any]) -> LeverParams:
        """The lever's parameters: its defaults with a scenario's overrides deep-merged over
        them, checked by :attr:`model` (raises pydantic's ``ValidationError``)."""
        return self.model.model_validate(merge(self.defaults, overrides))

    def __post_init__(self) -> None:
        assert self.group in GROUPS, self.group
        assert self.phase in PHASES, self.phase
        assert issubclass(self.model, LeverParams), self.model


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``over`` onto ``base`` (dicts merge, everything else replaces)."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


CATALOGUE: dict[str, Lever] = {}


def register(*levers: Lever) -> None:
    for lv in levers:
        if lv.id in CATALOGUE:
            raise ValueError(f"duplicate lever id {lv.id}")
        CATALOGUE[lv.id] = lv


def mix_of(rules, order, p) -> tuple:
    """``(deltas, weigh)`` of an order's lever's :attr:`Lever.estimate_mix`, cached per rules
    (the mix depends only on the order and the scenario)."""
    ck = ("mix", order.lever, order.actor, order.target, order.option)
    hit = rules.cache.get(ck)
    if hit is None:
        hit = rules.cache[ck] = CATALOGUE[order.lever].estimate_mix(rules, order, p)
    return hit


def fixed_mix(estimate: Callable) -> Callable:
    """The ``estimate_mix`` of an estimate that reads no state (it gets ``None``): its changes
    at weight 1, so a computer player values them once per scenario."""
    def mix(rules, order, p):
        return (tuple(estimate(rules, None, order, p)),), (1.0,)
    return mix


def from_mix(rules, state, order, p) -> tuple:
    """The flat ``estimate`` of a lever with an ``estimate_mix``: each weighed tuple's deltas
    times its weight, in order (one source for both forms)."""
    deltas, weigh = mix_of(rules, order, p)
    ws = weigh if type(weigh) is tuple else weigh(state)
    return tuple((k, d * w) for w, ds in zip(ws, deltas) if w for k, d in ds)


def eff(**kw) -> dict:
    """Shorthand for an effects dict in lever defaults."""
    return kw


from . import sanctions, diplomacy, military, economy, covert  # noqa: E402,F401  (registers)
