"""The scenario schema: what a scenario YAML file may say, validated by pydantic.

Scenarios are data: a teacher or an analyst changes a number here, never in Python.
Every model forbids unknown keys, so a typo is an error with a place, not a silent default.
Types are strict (``turns: "4"`` or ``turns: true`` is not a number), every number is finite
(no ``.nan`` or ``.inf``) and within a range, every text is free of control characters, and
every list has a maximum length (the limits are in :mod:`limits`).
Cross-references (an actor named in a relation, a lever named in an event, ...) are checked
after the shape by :func:`check_references`, so each mistake still gets its own place.
"""
from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, \
    ValidationInfo, field_validator, model_validator

from .limits import MAX_EVENTS, MAX_LIST, MAX_MAGNITUDE, MAX_OPTIONS, MAX_TEXT, MAX_TURNS
from .text import check_text

ACTORS: tuple[str, ...] = ("us", "russia", "china", "dprk", "rok", "japan")
"""The six states, in the fixed order the engine resolves them in."""

ActorId = Literal["us", "russia", "china", "dprk", "rok", "japan"]
Article = Literal["summit-2019", "odd-couple-2015", "scenario"]
Op = Literal["<", "<=", ">", ">=", "=="]

# Names that can stand for an actor inside an effect: the lever's user, its target, or a state.
ActorRef = str

Text = Annotated[str, AfterValidator(check_text), Field(max_length=MAX_TEXT)]
"""Any text of a scenario: no control characters, no lone surrogates."""
Label = Annotated[str, AfterValidator(check_text), Field(max_length=200)]
"""A short text: a name, a label, a stage."""
Num = Annotated[float, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]
"""A number the schema gives no narrower range."""
Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""An id that becomes part of a state key (an indicator): lower case, digits, underscores."""
Handle = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
"""A name typed on the command line or in a key (a personality, an alliance)."""


def _unique(items: list, what: str) -> list:
    seen: set = set()
    for x in items:
        if x in seen:
            raise ValueError(f"{x!r} is listed twice in {what}")
        seen.add(x)
    return items


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, strict=True, allow_inf_nan=False)


class Provenance(Strict):
    """Where a lever or an event comes from: an article's short name and a short passage."""

    article: Article
    passage: Annotated[Text, Field(min_length=3)]


class Bounds(Strict):
    label: Label
    min: Num = 0.0
    max: Num = 100.0
    description: Text = ""

    @model_validator(mode="after")
    def _ordered(self) -> "Bounds":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        return self


class Track(Bounds):
    value: Num
    war_at: Num | None = Field(
        default=None, description="reaching this value ends the game in war (tension only); "
                                  "above the starting value, at most max")
    stages: Annotated[dict[Label, Num], Field(max_length=16)] = Field(
        default_factory=dict, description="named stages by the lowest value they start at")

    @staticmethod
    def _range(info: ValidationInfo) -> tuple[float, float] | None:
        lo, hi = info.data.get("min"), info.data.get("max")
        if lo is None or hi is None or lo >= hi:
            return None
        return lo, hi

    @field_validator("value")
    @classmethod
    def _value_in_range(cls, v: float, info: ValidationInfo) -> float:
        r = cls._range(info)
        if r and not r[0] <= v <= r[1]:
            raise ValueError(f"expected a value from {r[0]:g} to {r[1]:g} (the track's min "
                             f"and max), got {v:g}")
        return v

    @field_validator("war_at")
    @classmethod
    def _war_reachable(cls, w: float | None, info: ValidationInfo) -> float | None:
        r, v = cls._range(info), info.data.get("value")
        if w is None or r is None:
            return w
        if w > r[1]:
            raise ValueError(f"expected a value at most the track's max {r[1]:g} (above it war "
                             f"could never break out), got {w:g}")
        if v is not None and w <= v:
            raise ValueError(f"expected a value above the track's starting value {v:g} (at or "
                             f"below it the game would begin at war), got {w:g}")
        return w

    @field_validator("stages")
    @classmethod
    def _stages_in_range(cls, st: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        r = cls._range(info)
        for name, s in st.items() if r else ():
            if not r[0] <= s <= r[1]:
                raise ValueError(f"stage {name!r} starts at {s:g}, outside the track's range "
                                 f"{r[0]:g} to {r[1]:g}")
        return st


class Objective(Strict):
    """One term of a state's score: a state key, pushed up or down, with a weight."""

    key: Annotated[str, Field(max_length=200)] = Field(
        description="a state key; 'self' stands for this actor, e.g. self.economy")
    direction: Literal["up", "down"] = "up"
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    label: Label = ""


class Personality(Strict):
    """How a computer player weighs things; numbers in 0..1 unless said otherwise."""

    description: Text = ""
    risk: Annotated[float, Field(ge=0, le=1)] = 0.3
    aggression: Annotated[float, Field(ge=0, le=1)] = 0.3
    cooperation: Annotated[float, Field(ge=0, le=1)] = 0.5
    noise: Annotated[float, Field(ge=0, le=1)] = 0.15
    max_orders: Annotated[int, Field(ge=0, le=8)] = 3
    demands: Annotated[list[Literal["none", "compensation", "sanctions_relief", "talks",
                                    "economic_deal"]], Field(max_length=8)] = Field(
        default_factory=list,
        description="deal items this state wants before it accepts a repeat summit")
    group_bias: dict[Literal["sanctions", "diplomacy", "military", "economy", "covert"],
                     Annotated[float, Field(ge=-5, le=5)]] = Field(default_factory=dict)
    lever_bias: Annotated[dict[Annotated[str, Field(max_length=64)],
                               Annotated[float, Field(ge=-5, le=5)]],
                          Field(max_length=MAX_LIST)] = Field(default_factory=dict)


# ------------------------------------------------------------------------------ teaching
SourceArticle = Literal["summit-2019", "odd-couple-2015"]
"""One of the two source articles (a briefing or a question rests on the articles, not on the
scenario's own judgement)."""
Passage = Annotated[Text, Field(min_length=10, max_length=600)]
"""Words quoted exactly from the article (tests check each one against its text)."""


class Claim(Strict):
    """One line of a briefing, in the game's words, with the passage it rests on."""

    text: Annotated[Text, Field(min_length=3, max_length=600)]
    article: SourceArticle
    passage: Passage


class KeyLever(Strict):
    """A lever worth knowing for this seat; its passage is the lever's own."""

    lever: Annotated[str, Field(max_length=64)]
    why: Annotated[Text, Field(min_length=3, max_length=600)] = Field(
        description="what it does for this seat, in a sentence")


class Briefing(Strict):
    """A team's briefing, read before its first turn (``whales briefing``): who it is, what it
    wants and will not accept, the levers that matter, and what the others probably want.
    Its objectives and their weights come from the actor's ``objectives``."""

    role: Annotated[Text, Field(min_length=3, max_length=1500)] = Field(
        description="who you are, in a short paragraph addressed to the team ('You are ...')")
    interests: Annotated[list[Claim], Field(min_length=1, max_length=8)]
    red_lines: Annotated[list[Claim], Field(max_length=6)] = Field(default_factory=list)
    levers: Annotated[list[KeyLever], Field(min_length=1, max_length=8)]
    others: dict[ActorId, Claim] = Field(
        default_factory=dict, description="what each other state probably wants")


class NewsMatch(Strict):
    """Some news item of the game (every one, secrets too) was caused by this lever or event,
    and names all of these states."""

    lever: Annotated[str, Field(max_length=64)] | None = None
    event: Annotated[str, Field(max_length=64)] | None = None
    actors: Annotated[list[ActorId], Field(max_length=6)] = Field(default_factory=list)


class ValueMatch(Strict):
    """A state key at the end (or its highest, lowest, or change over the game) compared with
    a value."""

    key: Annotated[str, Field(max_length=200)]
    at: Literal["end", "max", "min", "change"] = "end"
    op: Op = ">="
    value: Num


class CovertMatch(Strict):
    """A covert operation (by ``actor``, if given) that was, or was never, detected."""

    actor: ActorId | None = None
    detected: bool | None = None


class QuestionCondition(Strict):
    """One thing that must have happened for a question to be asked: exactly one of these."""

    news: NewsMatch | None = None
    value: ValueMatch | None = None
    covert: CovertMatch | None = None
    war: bool | None = Field(default=None, description="the game ended in war (or not)")

    @model_validator(mode="after")
    def _exactly_one(self) -> "QuestionCondition":
        given = [k for k in ("news", "value", "covert", "war") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("expected exactly one of news, value, covert or war, got "
                             + (", ".join(given) if given else "none"))
        return self


QUESTION_FIELD = r"\{(turn|turns|(?:start|end|change|max|min):[a-z0-9_.-]+)\}"
"""The placeholders a question may hold: ``{turn}`` (when its first news or covert condition
first held), ``{turns}`` (turns played), ``{start:KEY}`` ``{end:KEY}`` ``{change:KEY}``
``{max:KEY}`` ``{min:KEY}`` (a state key's value, rounded)."""


class Question(Strict):
    """A discussion question for the debrief, asked when everything in ``when`` happened
    (always, when ``when`` is empty), with the passage of the argument it tests."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=64)]
    ask: Annotated[Text, Field(min_length=10, max_length=1000)] = Field(
        description="the question; it may hold {turn}, {turns} and {start:KEY}, {end:KEY}, "
                    "{change:KEY}, {max:KEY} or {min:KEY} for a state key's value")
    when: Annotated[list[QuestionCondition], Field(max_length=8)] = Field(default_factory=list)
    article: SourceArticle
    passage: Passage

    @field_validator("ask")
    @classmethod
    def _known_fields(cls, ask: str) -> str:
        rest = re.sub(QUESTION_FIELD, "", ask)
        bad = re.search(r"[{}]", rest)
        if bad:
            near = rest[max(0, bad.start() - 10):bad.start() + 20]
            raise ValueError(f"unknown placeholder near {near!r}: expected {{turn}}, {{turns}} "
                             f"or {{start|end|change|max|min:KEY}} with a state key")
        return ask


class Actor(Strict):
    name: Label
    iso: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    indicators: Annotated[dict[Ident, Num], Field(max_length=MAX_LIST)]
    capital_per_turn: Annotated[int, Field(ge=0, le=20)] = 5
    enforcement: Annotated[float, Field(ge=0, le=100)] = 50.0
    un_permanent: bool = False
    objectives: Annotated[list[Objective], Field(min_length=1, max_length=MAX_LIST)]
    personality: Handle = "balanced"
    personalities: Annotated[dict[Handle, Personality], Field(max_length=16)] = Field(
        default_factory=lambda: {"balanced": Personality()})
    briefing: Briefing | None = Field(
        default=None, description="the team's briefing (shown before its first turn)")

    @model_validator(mode="after")
    def _personality_known(self) -> "Actor":
        if self.personality not in self.personalities:
            raise ValueError(f"personality {self.personality!r} is not one of "
                             f"{sorted(self.personalities)}")
        return self


class Alliance(Strict):
    label: Label
    members: Annotated[list[ActorId], Field(min_length=2, max_length=2)]
    cohesion: Annotated[float, Field(ge=0, le=100)]


_K = TypeVar("_K")
_V = TypeVar("_V")
_Map = Annotated[dict[_K, _V], Field(max_length=MAX_LIST)]
"""``_Map[K, V]``: a mapping of at most MAX_LIST entries."""


class Effects(Strict):
    """Deltas a lever or event applies. Actor references: 'actor' (who acts), 'target', or a
    state id. Pairs are written 'a-b' (e.g. 'actor-target', 'china-russia'). An effect on a key
    the state does not have (fuel for a state without fuel, an alliance that does not exist)
    is skipped."""

    indicators: _Map[ActorRef, _Map[str, Num]] = Field(default_factory=dict)
    relations: _Map[str, Num] = Field(default_factory=dict)
    trade: _Map[str, Num] = Field(default_factory=dict)
    alliances: _Map[str, Num] = Field(default_factory=dict)
    influence: _Map[ActorRef, Num] = Field(default_factory=dict)
    enforcement: _Map[ActorRef, Num] = Field(default_factory=dict)
    tracks: _Map[str, Num] = Field(default_factory=dict)
    debts: _Map[str, Num] = Field(default_factory=dict)


def _few_options(items: object) -> object:
    """A list of options longer than MAX_OPTIONS is refused before its items are read (one
    message, not one per item)."""
    if isinstance(items, (list, tuple)) and len(items) > MAX_OPTIONS:
        raise ValueError(f"the list should have at most {MAX_OPTIONS} items, not {len(items)}")
    return items


_O = TypeVar("_O", bound=str)
Options = Annotated[Sequence[_O], BeforeValidator(_few_options), Field(max_length=MAX_OPTIONS)]
"""``Options[Literal[...]]``: a lever's options, each one of the names given, at most
MAX_OPTIONS of them."""


class Numbers(Strict):
    """A lever's own numbers (its ``params:``). A lever that has some types them in a
    subclass, each with its range and default; a lever without any takes none."""


class Variants(Strict):
    """A lever's named extra effects (its ``variants:``: deal items, outcomes, ...). A lever
    that has some names them in a subclass; a lever without any takes none."""

    def items(self) -> list[tuple[str, Effects]]:
        """(name, effects) of every variant, in the order the lever declares them."""
        return [(name, getattr(self, name)) for name in type(self).model_fields]


class LeverParams(Strict):
    """A lever's numbers and rules of use; every field has a default from the lever's code.

    The fields here are every lever's. A lever with numbers, variants or options of its own
    types them in a subclass (its :attr:`~game.engine.levers.Lever.model`), so a misspelt
    or unknown one is an error with a place, not a silent default."""

    enabled: bool = True
    cost: Annotated[int, Field(ge=0, le=10)] = 1
    who: Annotated[list[ActorId], Field(max_length=6)] = Field(default_factory=lambda: list(ACTORS))
    targets: Annotated[list[ActorId], Field(max_length=6)] = Field(
        default_factory=lambda: list(ACTORS))
    effects: Effects = Field(default_factory=Effects)
    detection: Annotated[float, Field(ge=0, le=1)] = 0.0
    on_detect: Effects = Field(default_factory=Effects)
    variants: Variants = Field(
        default_factory=Variants,
        description="named extra effects: deal items, outcomes (each lever names its own)")
    params: Numbers = Field(
        default_factory=Numbers, description="the lever's own numbers (each lever names its own)")
    options: Annotated[Sequence[str], Field(max_length=0)] = Field(
        default_factory=list,
        description="the choices an order names (a deal item, a project); this lever has none")

    @field_validator("who", "targets", "options")
    @classmethod
    def _no_repeats(cls, items: list, info: ValidationInfo) -> list:
        return _unique(items, info.field_name)


class Condition(Strict):
    key: Annotated[str, Field(max_length=200)]
    op: Op = ">="
    value: Num


class EventOrder(Strict):
    """A lever an event makes a state use, at no cost (e.g. an invitation sent)."""

    actor: ActorId
    lever: Annotated[str, Field(max_length=64)]
    target: ActorId | None = None
    option: Annotated[str, Field(max_length=64)] | None = None


class Event(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    headline: Annotated[Text, Field(max_length=500)]
    text: Text = ""
    turn: Annotated[int, Field(ge=1, le=MAX_TURNS)] | None = Field(
        default=None, description="scripted: happens at the end of this turn")
    probability: Annotated[float, Field(ge=0, le=1)] = 1.0
    conditions: Annotated[list[Condition], Field(max_length=16)] = Field(default_factory=list)
    repeat: bool = False
    effects: Effects = Field(default_factory=Effects)
    orders: Annotated[list[EventOrder], Field(max_length=8)] = Field(default_factory=list)
    provenance: Provenance


class Quote(Strict):
    text: Text
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

    name: Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=64)]
    title: Label
    description: Text
    quote: Quote
    start_date: _dt.date
    turn_months: Annotated[int, Field(ge=1, le=12)] = 1
    turns: Annotated[int, Field(ge=1, le=MAX_TURNS)] = 16
    indicators: _Map[Ident, Bounds]
    actors: dict[ActorId, Actor]
    relations: _Map[str, Annotated[float, Field(ge=-100, le=100)]]
    trade: _Map[str, Annotated[float, Field(ge=0, le=100)]] = Field(default_factory=dict)
    alliances: _Map[Handle, Alliance] = Field(default_factory=dict)
    influence: dict[ActorId, Annotated[float, Field(ge=0, le=100)]] = Field(default_factory=dict)
    debts: _Map[str, Annotated[float, Field(ge=0, le=1000)]] = Field(
        default_factory=dict, description="'debtor-creditor': billions of US dollars")
    tracks: dict[Literal["tension", "un_sanctions", "talks", "ukraine"], Track]
    kaesong_open: bool = True
    drift: Drift = Field(default_factory=Drift)
    levers: _Map[str, dict] = Field(
        default_factory=dict,
        description="per-lever overrides of the lever's defaults, checked against the lever's "
                    "own model (see `whales schema`)")
    events: Annotated[list[Event], Field(max_length=MAX_EVENTS)] = Field(default_factory=list)
    questions: Annotated[list[Question], Field(max_length=MAX_LIST)] = Field(
        default_factory=list, description="discussion questions for the debrief, each asked "
                                          "when its conditions held in the game")

    @field_validator("turns")
    @classmethod
    def _dates_exist(cls, turns: int, info: ValidationInfo) -> int:
        start, months = info.data.get("start_date"), info.data.get("turn_months")
        if start is None or months is None:
            return turns
        last = start.year + (start.month - 1 + turns * months) // 12
        if last > 9999:
            raise ValueError(f"{turns} turns of {months} month(s) from start_date {start} "
                             f"would run past the year 9999; choose an earlier start_date or "
                             f"fewer turns")
        return turns

    _lever_params: dict[str, LeverParams] | None = PrivateAttr(default=None)

    @property
    def lever_params(self) -> dict[str, LeverParams] | None:
        """Every lever's parameters, its defaults with ``levers:`` merged over them and
        validated by its own model, in catalogue order: set by the loader, which checks them
        once (None for a scenario built some other way)."""
        return self._lever_params

    def keep_lever_params(self, params: dict[str, LeverParams]) -> None:
        """Keep the validated lever parameters (the loader's, once it has checked them)."""
        self._lever_params = params

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
