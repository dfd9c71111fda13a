"""The scenario schema: what a scenario YAML file may say, validated by pydantic.

Scenarios are data: a teacher or an analyst changes a number here, never in Python.
Every model forbids unknown keys, so a typo is an error with a place, not a silent default.
Cross-references (an actor named in a relation, a lever named in an event, ...) are checked
after the shape by :func:`check_references`, so each mistake still gets its own place.
"""
from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ACTORS: tuple[str, ...] = ("us", "russia", "china", "dprk", "rok", "japan")
"""The six states, in the fixed order the engine resolves them in."""

ActorId = Literal["us", "russia", "china", "dprk", "rok", "japan"]
Article = Literal["summit-2019", "odd-couple-2015", "scenario"]
Op = Literal["<", "<=", ">", ">=", "=="]

# Names that can stand for an actor inside an effect: the lever's user, its target, or a state.
ActorRef = str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Provenance(Strict):
    """Where a lever or an event comes from: an article's short name and a short passage."""

    article: Article
    passage: Annotated[str, Field(min_length=3)]


class Bounds(Strict):
    label: str
    min: float = 0.0
    max: float = 100.0
    description: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> "Bounds":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        return self


class Track(Bounds):
    value: float
    war_at: float | None = Field(
        default=None, description="reaching this value ends the game in war (tension only)")
    stages: dict[str, float] = Field(
        default_factory=dict, description="named stages by the lowest value they start at")


class Objective(Strict):
    """One term of a state's score: a state key, pushed up or down, with a weight."""

    key: str = Field(description="a state key; 'self' stands for this actor, e.g. self.economy")
    direction: Literal["up", "down"] = "up"
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    label: str = ""


class Personality(Strict):
    """How a computer player weighs things; numbers in 0..1 unless said otherwise."""

    description: str = ""
    risk: Annotated[float, Field(ge=0, le=1)] = 0.3
    aggression: Annotated[float, Field(ge=0, le=1)] = 0.3
    cooperation: Annotated[float, Field(ge=0, le=1)] = 0.5
    noise: Annotated[float, Field(ge=0, le=1)] = 0.15
    max_orders: Annotated[int, Field(ge=0, le=8)] = 3
    demands: list[Literal["none", "compensation", "sanctions_relief", "talks", "economic_deal"]] = Field(
        default_factory=list,
        description="deal items this state wants before it accepts a repeat summit")
    group_bias: dict[Literal["sanctions", "diplomacy", "military", "economy", "covert"],
                     Annotated[float, Field(ge=-5, le=5)]] = Field(default_factory=dict)
    lever_bias: dict[str, Annotated[float, Field(ge=-5, le=5)]] = Field(default_factory=dict)


class Actor(Strict):
    name: str
    iso: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    indicators: dict[str, float]
    capital_per_turn: Annotated[int, Field(ge=0, le=20)] = 5
    enforcement: Annotated[float, Field(ge=0, le=100)] = 50.0
    un_permanent: bool = False
    objectives: Annotated[list[Objective], Field(min_length=1)]
    personality: str = "balanced"
    personalities: dict[str, Personality] = Field(default_factory=lambda: {"balanced": Personality()})

    @model_validator(mode="after")
    def _personality_known(self) -> "Actor":
        if self.personality not in self.personalities:
            raise ValueError(f"personality {self.personality!r} is not one of "
                             f"{sorted(self.personalities)}")
        return self


class Alliance(Strict):
    label: str
    members: Annotated[list[ActorId], Field(min_length=2, max_length=2)]
    cohesion: Annotated[float, Field(ge=0, le=100)]


class Effects(Strict):
    """Deltas a lever or event applies. Actor references: 'actor' (who acts), 'target', or a
    state id. Pairs are written 'a-b' (e.g. 'actor-target', 'china-russia'). An effect on a key
    the state does not have (fuel for a state without fuel, an alliance that does not exist)
    is skipped."""

    indicators: dict[ActorRef, dict[str, float]] = Field(default_factory=dict)
    relations: dict[str, float] = Field(default_factory=dict)
    trade: dict[str, float] = Field(default_factory=dict)
    alliances: dict[str, float] = Field(default_factory=dict)
    influence: dict[ActorRef, float] = Field(default_factory=dict)
    enforcement: dict[ActorRef, float] = Field(default_factory=dict)
    tracks: dict[str, float] = Field(default_factory=dict)
    debts: dict[str, float] = Field(default_factory=dict)


class LeverParams(Strict):
    """A lever's numbers and rules of use; every field has a default from the lever's code."""

    enabled: bool = True
    cost: Annotated[int, Field(ge=0, le=10)] = 1
    who: list[ActorId] = Field(default_factory=lambda: list(ACTORS))
    targets: list[ActorId] = Field(default_factory=lambda: list(ACTORS))
    effects: Effects = Field(default_factory=Effects)
    detection: Annotated[float, Field(ge=0, le=1)] = 0.0
    on_detect: Effects = Field(default_factory=Effects)
    variants: dict[str, Effects] = Field(
        default_factory=dict, description="named extra effects: deal items, outcomes, targets")
    params: dict[str, float] = Field(default_factory=dict)
    options: list[str] = Field(default_factory=list)


class Condition(Strict):
    key: str
    op: Op = ">="
    value: float


class EventOrder(Strict):
    """A lever an event makes a state use, at no cost (e.g. an invitation sent)."""

    actor: ActorId
    lever: str
    target: ActorId | None = None
    option: str | None = None


class Event(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    headline: str
    text: str = ""
    turn: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="scripted: happens at the end of this turn")
    probability: Annotated[float, Field(ge=0, le=1)] = 1.0
    conditions: list[Condition] = Field(default_factory=list)
    repeat: bool = False
    effects: Effects = Field(default_factory=Effects)
    orders: list[EventOrder] = Field(default_factory=list)
    provenance: Provenance


class Quote(Strict):
    text: str
    article: Article


class Drift(Strict):
    """What happens every turn on its own, after orders and events (the drift phase)."""

    sanctions_bite: Annotated[float, Field(ge=0, le=20)] = Field(
        default=6.0, description="DPRK economy lost per turn at full UN sanctions fully enforced")
    enforcement_weights: dict[ActorId, Annotated[float, Field(ge=0, le=10)]] = Field(
        default_factory=lambda: {"china": 4.0, "russia": 1.5, "rok": 1.0, "japan": 1.0,
                                 "us": 1.0},
        description="how much each state's enforcement counts (China: most DPRK trade)")
    trade_income: Annotated[float, Field(ge=0, le=1)] = 0.02
    tension_baseline: Annotated[float, Field(ge=0, le=100)] = 40.0
    tension_decay: Annotated[float, Field(ge=0, le=1)] = 0.1
    talks_decay: Annotated[float, Field(ge=0, le=20)] = 4.0
    sanctions_erosion: Annotated[float, Field(ge=0, le=20)] = Field(
        default=1.0, description="UN regime points lost a turn as attention wanders")
    hard_currency_use: Annotated[float, Field(ge=0, le=20)] = Field(
        default=3.0, description="DPRK hard currency the regime spends each turn")
    nuclear_growth: Annotated[float, Field(ge=0, le=10)] = 0.8
    fuel_use: Annotated[float, Field(ge=0, le=20)] = 2.0
    ukraine_cost: Annotated[float, Field(ge=0, le=10)] = 1.0
    ukraine_decay: Annotated[float, Field(ge=0, le=10)] = 0.5
    sino_russian_distrust: Annotated[float, Field(ge=0, le=5)] = 0.5
    poverty_line: Annotated[float, Field(ge=0, le=100)] = 25.0
    war_fear: Annotated[float, Field(ge=0, le=5)] = 1.0
    influence_decay: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.12, description="share of the gap to its starting value influence loses a turn")
    relation_memory: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.03, description="share of the gap to their starting value relations lose a turn")


class Scenario(Strict):
    """A whole scenario file."""

    name: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    title: str
    description: str
    quote: Quote
    start_date: _dt.date
    turn_months: Annotated[int, Field(ge=1, le=12)] = 1
    turns: Annotated[int, Field(ge=1, le=100)] = 16
    indicators: dict[str, Bounds]
    actors: dict[ActorId, Actor]
    relations: dict[str, Annotated[float, Field(ge=-100, le=100)]]
    trade: dict[str, Annotated[float, Field(ge=0, le=100)]] = Field(default_factory=dict)
    alliances: dict[str, Alliance] = Field(default_factory=dict)
    influence: dict[ActorId, Annotated[float, Field(ge=0, le=100)]] = Field(default_factory=dict)
    debts: dict[str, Annotated[float, Field(ge=0, le=1000)]] = Field(
        default_factory=dict, description="'debtor-creditor': billions of US dollars")
    tracks: dict[Literal["tension", "un_sanctions", "talks", "ukraine"], Track]
    kaesong_open: bool = True
    drift: Drift = Field(default_factory=Drift)
    levers: dict[str, dict] = Field(
        default_factory=dict, description="per-lever overrides of LeverParams")
    events: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _all_six(self) -> "Scenario":
        missing = [a for a in ACTORS if a not in self.actors]
        if missing:
            raise ValueError(f"every scenario has all six states; missing: {', '.join(missing)}")
        missing_t = [t for t in ("tension", "un_sanctions", "talks", "ukraine") if t not in self.tracks]
        if missing_t:
            raise ValueError(f"missing global tracks: {', '.join(missing_t)}")
        return self


def split_pair(pair: str) -> tuple[str, str] | None:
    parts = pair.split("-")
    if len(parts) != 2:
        return None
    return parts[0], parts[1]
