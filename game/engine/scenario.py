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
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, \
    Field, PrivateAttr, Tag, ValidationInfo, field_validator, model_validator

from .kinds import ActorId
from .limits import MAX_EVENTS, MAX_LIST, MAX_MAGNITUDE, MAX_OPTIONS, MAX_TEXT, MAX_TURNS
from .text import check_text

ACTORS: tuple[ActorId, ...] = ("us", "russia", "china", "dprk", "rok", "japan")
"""The six states, in the fixed order the engine resolves them in."""

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


_T = TypeVar("_T")


def _unique(items: list[_T], what: str) -> list[_T]:
    seen: set[_T] = set()
    for x in items:
        if x in seen:
            raise ValueError(f"{x!r} is listed twice in {what}")
        seen.add(x)
    return items


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, strict=True, allow_inf_nan=False)


class Provenance(Strict):
    """Where a lever or an event comes from: an article's short name and a short passage."""

    article: Article = Field(
        description="the source article's short name: summit-2019, odd-couple-2015, or "
                    "scenario for the scenario's own judgement")
    passage: Annotated[Text, Field(min_length=3)] = Field(
        description="the words of the article this rests on")


class Bounds(Strict):
    label: Label = Field(description="the name shown on screen")
    min: Num = Field(default=0.0, description="the lowest value (changes stop here)")
    max: Num = Field(default=100.0, description="the highest value (changes stop here)")
    description: Text = Field(default="", description="what it measures, for tooltips")

    @model_validator(mode="after")
    def _ordered(self) -> "Bounds":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        return self


class Track(Bounds):
    value: Num = Field(description="the starting value, from min to max (0..100 unless "
                                   "the track sets other bounds)")
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
        if r is None:
            return st
        for name, s in st.items():
            if not r[0] <= s <= r[1]:
                raise ValueError(f"stage {name!r} starts at {s:g}, outside the track's range "
                                 f"{r[0]:g} to {r[1]:g}")
        return st


class Objective(Strict):
    """One term of a state's score: a state key, pushed up or down, with a weight."""

    key: Annotated[str, Field(max_length=200)] = Field(
        description="a state key; 'self' stands for this actor, e.g. self.economy")
    direction: Literal["up", "down"] = Field(
        default="up", description="up: the higher the key, the better the score; down: the lower")
    weight: Annotated[float, Field(gt=0, le=10)] = Field(
        default=1.0, description="how much this term counts against the state's others "
                                 "(above 0, at most 10)")
    label: Label = Field(default="", description="the name shown on screen and in the debrief")


class Personality(Strict):
    """How a computer player weighs things; numbers in 0..1 unless said otherwise."""

    description: Text = Field(default="", description="one line a person reads when choosing it")
    risk: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.3, description="appetite for risk, 0..1: less fear of war as tension rises and "
                                 "of covert operations being caught")
    aggression: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.3, description="0..1: how much raising tension appeals (tests, drills, threats)")
    cooperation: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.5, description="0..1: how much better relations appeal, and how readily "
                                 "invitations are accepted")
    noise: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.15, description="0..1: seeded randomness in each choice (0: always the same "
                                  "best move)")
    max_orders: Annotated[int, Field(ge=0, le=8)] = Field(
        default=3, description="most orders a turn (0..8; political capital may allow fewer)")
    demands: Annotated[list[Literal["none", "compensation", "sanctions_relief", "talks",
                                    "economic_deal"]], Field(max_length=8)] = Field(
        default_factory=list,
        description="deal items this state wants before it accepts a repeat summit")
    shuns: Annotated[list[ActorId], Field(max_length=5)] = Field(
        default_factory=list,
        description="governments this state's computer player will not meet: it invites "
                    "none of their leaders, accepts none of their invitations and sends them "
                    "no senior officials (a stance of the era; a person in the seat may still)")
    group_bias: dict[Literal["sanctions", "diplomacy", "military", "economy", "covert"],
                     Annotated[float, Field(ge=-5, le=5)]] = Field(
        default_factory=dict,
        description="-5..5 per lever group: a liking (above 0) or dislike for a whole group")
    lever_bias: Annotated[dict[Annotated[str, Field(max_length=64)],
                               Annotated[float, Field(ge=-5, le=5)]],
                          Field(max_length=MAX_LIST)] = Field(
        default_factory=dict, description="-5..5 per lever id: a favourite (above 0) or "
                                          "shunned lever")
    reactions: Annotated[list["Reaction"], Field(max_length=16)] = Field(
        default_factory=list,
        description="how what just happened changes this player's calculus (e.g. after a "
                    "nuclear test): each reaction holds for a few months after its lever was used")


class Reaction(Strict):
    """What just happened changes a computer player's calculus: for ``months`` after any state
    (or one of ``by``) used lever ``after``, the player weighs its objectives' keys times
    ``weights`` and favours or shuns levers by ``lever_bias`` (added to its own)."""

    after: Annotated[str, Field(max_length=64)] = Field(description="a lever id")
    by: Annotated[list[ActorId], Field(max_length=6)] = Field(
        default_factory=list, description="who must have used it (empty: anyone)")
    months: Annotated[int, Field(ge=1, le=120)] = Field(
        default=3, description="how long the reaction lasts after the lever was last used")
    weights: Annotated[dict[Annotated[str, Field(max_length=200)],
                            Annotated[float, Field(ge=0, le=10)]],
                       Field(max_length=MAX_LIST)] = Field(
        default_factory=dict,
        description="objective key (as written in objectives, e.g. dprk.nuclear) -> factor")
    lever_bias: Annotated[dict[Annotated[str, Field(max_length=64)],
                               Annotated[float, Field(ge=-5, le=5)]],
                          Field(max_length=MAX_LIST)] = Field(
        default_factory=dict, description="-5..5 per lever id, added to the personality's own "
                                          "while the reaction lasts")
    aimed_at: Annotated[list[ActorId], Field(max_length=6)] = Field(
        default_factory=list, description="the states lever_bias applies to when aimed at "
                                          "them (empty: any target)")
    why: Text = Field(default="", description="what the reaction rests on (a passage or a "
                                             "judgement), for reasons and readers")


# ------------------------------------------------------------------------------ teaching
SourceArticle = Literal["summit-2019", "odd-couple-2015"]
"""One of the two source articles (a briefing or a question rests on the articles, not on the
scenario's own judgement)."""
Passage = Annotated[Text, Field(min_length=10, max_length=600)]
"""Words quoted exactly from the article (tests check each one against its text)."""


class Claim(Strict):
    """One line of a briefing, in the game's words, with the passage it rests on."""

    text: Annotated[Text, Field(min_length=3, max_length=600)] = Field(
        description="the line, in the game's words")
    article: SourceArticle = Field(description="the article it rests on")
    passage: Passage = Field(description="words quoted exactly from that article")


class KeyLever(Strict):
    """A lever worth knowing for this seat; its passage is the lever's own."""

    lever: Annotated[str, Field(max_length=64)] = Field(
        description="a lever id this state may use")
    why: Annotated[Text, Field(min_length=3, max_length=600)] = Field(
        description="what it does for this seat, in a sentence")


class Briefing(Strict):
    """A team's briefing, read before its first turn (``whales briefing``): who it is, what it
    wants and will not accept, the levers that matter, and what the others probably want.
    Its objectives and their weights come from the actor's ``objectives``."""

    role: Annotated[Text, Field(min_length=3, max_length=1500)] = Field(
        description="who you are, in a short paragraph addressed to the team ('You are ...')")
    interests: Annotated[list[Claim], Field(min_length=1, max_length=8)] = Field(
        description="what this state wants (1 to 8 claims)")
    red_lines: Annotated[list[Claim], Field(max_length=6)] = Field(
        default_factory=list, description="what this state will not accept (up to 6)")
    levers: Annotated[list[KeyLever], Field(min_length=1, max_length=8)] = Field(
        description="the levers worth knowing for this seat (1 to 8)")
    others: dict[ActorId, Claim] = Field(
        default_factory=dict, description="what each other state probably wants")


class NewsMatch(Strict):
    """Some news item of the game (every one, secrets too) was caused by this lever or event,
    and names all of these states."""

    lever: Annotated[str, Field(max_length=64)] | None = Field(
        default=None, description="the lever that caused the news item")
    event: Annotated[str, Field(max_length=64)] | None = Field(
        default=None, description="the event (its id) that caused the news item")
    actors: Annotated[list[ActorId], Field(max_length=6)] = Field(
        default_factory=list, description="states the news item must name (all of them)")


class ValueMatch(Strict):
    """A state key at the end (or its highest, lowest, or change over the game) compared with
    a value."""

    key: Annotated[str, Field(max_length=200)] = Field(
        description="a state key, e.g. track.tension, dprk.economy, relation.russia.dprk")
    at: Literal["end", "max", "min", "change"] = Field(
        default="end", description="which number of the game: its value at the end, its "
                                   "highest, its lowest, or its change from start to end")
    op: Op = Field(default=">=", description="how that number compares with value")
    value: Num = Field(description="the number to compare with")


class CovertMatch(Strict):
    """A covert operation (by ``actor``, if given) that was, or was never, detected."""

    actor: ActorId | None = Field(default=None, description="the state that ran it (any, if left out)")
    detected: bool | None = Field(
        default=None, description="true: it was detected; false: never detected; left out: either")


class QuestionCondition(Strict):
    """One thing that must have happened for a question to be asked: exactly one of these."""

    news: NewsMatch | None = Field(default=None, description="some news item of the game matched")
    value: ValueMatch | None = Field(default=None, description="a number of the game compared")
    covert: CovertMatch | None = Field(default=None, description="a covert operation, caught or not")
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

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=64)] = Field(
        description="a short unique name: lower case, digits, underscores")
    ask: Annotated[Text, Field(min_length=10, max_length=1000)] = Field(
        description="the question; it may hold {turn}, {turns} and {start:KEY}, {end:KEY}, "
                    "{change:KEY}, {max:KEY} or {min:KEY} for a state key's value")
    when: Annotated[list[QuestionCondition], Field(max_length=8)] = Field(
        default_factory=list, description="what must all have happened for it to be asked "
                                          "(nothing: always asked)")
    article: SourceArticle = Field(description="the article whose argument it tests")
    passage: Passage = Field(description="words quoted exactly from that article")

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
    name: Label = Field(description="the state's name as shown, e.g. South Korea")
    iso: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 3166-1 alpha-3 code: its shape on the map")
    indicators: Annotated[dict[Ident, Num], Field(max_length=MAX_LIST)] = Field(
        description="starting value of each indicator it has (names from the top-level "
                    "indicators; each within that indicator's min..max, usually 0..100)")
    capital_per_turn: Annotated[int, Field(ge=0, le=20)] = Field(
        default=5, description="political capital each turn (0..20): what its orders' costs "
                               "are paid from")
    summit_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=0, description="leaders' time: after a summit or ceremony with any leader, "
                               "its leader meets no other for this many months (0: no "
                               "limit beyond each pair's cool-down)")
    enforcement: Annotated[float, Field(ge=0, le=100)] = Field(
        default=50.0, description="how strictly it enforces the sanctions, 0..100; also how "
                                  "likely it is to catch covert operations")
    un_permanent: bool = Field(
        default=False, description="a permanent member of the UN Security Council (may veto)")
    objectives: Annotated[list[Objective], Field(min_length=1, max_length=MAX_LIST)] = Field(
        description="the terms of its score (0..100), each a state key, a direction and a "
                    "weight")
    personality: Handle = Field(
        default="balanced", description="the computer player's default personality (one of "
                                        "personalities)")
    personalities: Annotated[dict[Handle, Personality], Field(max_length=16)] = Field(
        default_factory=lambda: {"balanced": Personality()},
        description="computer personalities a seat may choose, by name")
    briefing: Briefing | None = Field(
        default=None, description="the team's briefing (shown before its first turn)")

    @model_validator(mode="after")
    def _personality_known(self) -> "Actor":
        if self.personality not in self.personalities:
            raise ValueError(f"personality {self.personality!r} is not one of "
                             f"{sorted(self.personalities)}")
        return self


class Alliance(Strict):
    label: Label = Field(description="the name shown on screen")
    members: Annotated[list[ActorId], Field(min_length=2, max_length=2)] = Field(
        description="the two allied states")
    cohesion: Annotated[float, Field(ge=0, le=100)] = Field(
        description="how solid it is, 0 (broken) to 100 (unshakeable)")


_K = TypeVar("_K")
_V = TypeVar("_V")
_Map = Annotated[dict[_K, _V], Field(max_length=MAX_LIST)]
"""``_Map[K, V]``: a mapping of at most MAX_LIST entries."""


class Effects(Strict):
    """Deltas a lever or event applies. Actor references: 'actor' (who acts), 'target', or a
    state id. Pairs are written 'a-b' (e.g. 'actor-target', 'china-russia'). An effect on a key
    the state does not have (fuel for a state without fuel, an alliance that does not exist)
    is skipped."""

    indicators: _Map[ActorRef, _Map[str, Num]] = Field(
        default_factory=dict, description="per state reference, indicator: change, e.g. "
                                          "{target: {economy: 3}}")
    relations: _Map[str, Num] = Field(
        default_factory=dict, description="per pair a-b: change of their relations "
                                          "(-100 hostile .. +100 aligned)")
    trade: _Map[str, Num] = Field(
        default_factory=dict, description="per pair a-b: change of their trade (0..100)")
    alliances: _Map[str, Num] = Field(
        default_factory=dict, description="per alliance (e.g. us-rok) or pair: change of its "
                                          "cohesion (0..100)")
    influence: _Map[ActorRef, Num] = Field(
        default_factory=dict, description="per state reference: change of its influence in "
                                          "Pyongyang (0..100)")
    enforcement: _Map[ActorRef, Num] = Field(
        default_factory=dict, description="per state reference: change of its sanctions "
                                          "enforcement (0..100)")
    tracks: _Map[str, Num] = Field(
        default_factory=dict, description="per global track (tension, un_sanctions, talks, "
                                          "ukraine): change")
    debts: _Map[str, Num] = Field(
        default_factory=dict, description="per debtor-creditor pair: change in billions of "
                                          "US dollars")


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

    enabled: bool = Field(default=True, description="false takes the lever out of this scenario")
    cost: Annotated[int, Field(ge=0, le=10)] = Field(
        default=1, description="political capital an order costs (0..10)")
    who: Annotated[list[ActorId], Field(max_length=6)] = Field(
        default_factory=lambda: list(ACTORS), description="the states that may use it")
    targets: Annotated[list[ActorId], Field(max_length=6)] = Field(
        default_factory=lambda: list(ACTORS), description="the states it may be aimed at")
    effects: Effects = Field(
        default_factory=Effects, description="what an order does ('actor' is the user, "
                                             "'target' the state aimed at)")
    detection: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.0, description="covert levers: the base chance (0..1) that an operation is "
                                 "found out")
    on_detect: Effects = Field(
        default_factory=Effects, description="covert levers: what happens when an operation "
                                             "is found out")
    variants: Variants = Field(
        default_factory=Variants,
        description="named extra effects: deal items, outcomes (each lever names its own)")
    params: Numbers = Field(
        default_factory=Numbers, description="the lever's own numbers (each lever names its own)")
    options: Annotated[Sequence[str], Field(max_length=0)] = Field(
        default_factory=list,
        description="the choices an order names (a deal item, a project); this lever has none")
    pairs: Annotated[list[Annotated[str, Field(pattern=r"^[a-z]+-[a-z]+$", max_length=20)]],
                     Field(max_length=15)] | None = Field(
        default=None,
        description="the only pairs of states (user and target, either way round, written "
                    "'a-b') this lever may join, when its passage names them (e.g. joint "
                    "drills between allies); none: any user of 'who' on any of 'targets'")
    cooldown_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=0, description="after a state uses this lever on a target, months before it "
                               "may use it on that target again (0: none)")
    tension_ceiling: Annotated[float, Field(ge=0, le=100)] | None = Field(
        default=None,
        description="this lever's own effects never push tension above this (none: the "
                    "scenario's drift.words_ceiling for a lever outside the military group, "
                    "no ceiling for a military one)")

    @field_validator("who", "targets", "options")
    @classmethod
    def _no_repeats(cls, items: list[str], info: ValidationInfo) -> list[str]:
        return _unique(items, info.field_name or "the list")


class Condition(Strict):
    key: Annotated[str, Field(max_length=200)] = Field(
        description="a state key, e.g. track.tension or dprk.economy")
    op: Op = Field(default=">=", description="how the key's value compares with value")
    value: Num = Field(description="the number to compare with")


class EventOrder(Strict):
    """A lever an event makes a state use, at no cost (e.g. an invitation sent)."""

    actor: ActorId = Field(description="the state that uses the lever")
    lever: Annotated[str, Field(max_length=64)] = Field(description="the lever's id")
    target: ActorId | None = Field(default=None, description="the state it is aimed at, if any")
    option: Annotated[str, Field(max_length=64)] | None = Field(
        default=None, description="the option the order names (a deal item, a project), if any")


class Event(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")] = Field(
        description="a short unique name (lower case, digits, underscores); --set events.ID...")
    headline: Annotated[Text, Field(max_length=500)] = Field(
        description="the news headline when it happens")
    text: Text = Field(default="", description="the news story below the headline")
    turn: Annotated[int, Field(ge=1, le=MAX_TURNS)] | None = Field(
        default=None, description="scripted: happens at the end of this turn")
    date: _dt.date | None = Field(
        default=None, description="scripted by date (YYYY-MM-DD): happens at the end of the "
                                  "turn whose months hold this date, whatever the turn length "
                                  "(not with turn)")
    probability: Annotated[float, Field(ge=0, le=1)] = Field(
        default=1.0, description="chance (0..1) a month its turn and conditions allow it (a "
                                 "turn of N months: 1 - (1 - chance) ** N)")
    conditions: Annotated[list[Condition], Field(max_length=16)] = Field(
        default_factory=list, description="all must hold (e.g. tension >= 70) for it to happen")
    repeat: bool = Field(default=False, description="may happen again (else once a game)")
    effects: Effects = Field(default_factory=Effects, description="what it changes")
    orders: Annotated[list[EventOrder], Field(max_length=8)] = Field(
        default_factory=list, description="levers it makes states use, at no cost")
    provenance: Provenance = Field(description="the article and passage it rests on")


class Quote(Strict):
    text: Text = Field(description="a line from a source article, for the title screen")
    article: Article = Field(description="the article it is from")


_ENFORCEMENT_WEIGHTS: dict[ActorId, float] = {"china": 4.0, "russia": 1.5, "rok": 1.0,
                                              "japan": 1.0, "us": 1.0}


class Drift(Strict):
    """What happens on its own, after orders and events (the drift phase). The rates are a
    month's: with ``turn_months`` above 1 a turn's drift is that many months' (an amount a
    month times the months; a share of a gap a month compounded: ``1 - (1 - rate) ** months``);
    see :meth:`per_turn`."""

    sanctions_bite: Annotated[float, Field(ge=0, le=20)] = Field(
        default=6.0, description="DPRK economy lost per turn at full UN sanctions fully enforced")
    enforcement_weights: dict[ActorId, Annotated[float, Field(ge=0, le=10)]] = Field(
        default_factory=lambda: _ENFORCEMENT_WEIGHTS.copy(),
        description="how much each state's enforcement counts (China: most DPRK trade)")
    trade_income: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.02, description="economy gained a turn per point of trade above its start "
                                  "(lost below it)")
    tension_baseline: Annotated[float, Field(ge=0, le=100)] = Field(
        default=40.0, description="the level tension relaxes towards on its own")
    tension_decay: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.1, description="share of the gap to the baseline tension closes a turn")
    talks_decay: Annotated[float, Field(ge=0, le=20)] = Field(
        default=4.0, description="points the nuclear talks track loses a turn without effort")
    sanctions_erosion: Annotated[float, Field(ge=0, le=20)] = Field(
        default=1.0, description="UN regime points lost a turn as attention wanders")
    hard_currency_use: Annotated[float, Field(ge=0, le=20)] = Field(
        default=3.0, description="DPRK hard currency the regime spends each turn")
    nuclear_growth: Annotated[float, Field(ge=0, le=10)] = Field(
        default=0.8, description="DPRK nuclear programme growth a turn, less as the talks "
                                 "track rises (none at 100)")
    fuel_use: Annotated[float, Field(ge=0, le=20)] = Field(
        default=2.0, description="DPRK fuel used a turn (below 20 the economy suffers)")
    ukraine_cost: Annotated[float, Field(ge=0, le=10)] = Field(
        default=1.0, description="Russian economy lost a turn at a Ukraine confrontation of 100 "
                                 "(in proportion below)")
    ukraine_decay: Annotated[float, Field(ge=0, le=10)] = Field(
        default=0.5, description="points the Ukraine confrontation cools a turn")
    sino_russian_distrust: Annotated[float, Field(ge=0, le=5)] = Field(
        default=0.5, description="China–Russia relations lost a turn per 50 points of Russian "
                                 "influence in Pyongyang")
    poverty_line: Annotated[float, Field(ge=0, le=100)] = Field(
        default=25.0, description="an economy below this erodes the state's stability, the "
                                  "more the further below")
    war_fear: Annotated[float, Field(ge=0, le=5)] = Field(
        default=1.0, description="how much computer players fear raising tension (their risk "
                                 "appetite softens it)")
    influence_decay: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.12, description="share of the gap to its starting value influence loses a turn")
    relation_memory: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.03, description="share of the gap to their starting value relations lose a turn")
    stability_memory: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.0, description="share of the gap to its starting value each state's domestic "
                                 "stability loses a turn (a regime's standing returns to its "
                                 "usual level)")
    clout_memory: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.0, description="share of the gap to its starting value each state's diplomatic "
                                 "clout loses a turn (prestige fades unless it is earned again)")
    sanctions_slow_programme: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.0, description="how much sanctions that bite slow the DPRK's nuclear programme: "
                                 "its growth times 1 - this x (UN regime x weighted enforcement)")
    words_ceiling: Annotated[float, Field(ge=0, le=100)] = Field(
        default=100.0, description="levers outside the military group (words, sanctions, money) "
                                   "never push tension above this: only tests, drills, arms and "
                                   "events take it further")

    AMOUNTS: ClassVar[tuple[str, ...]] = ("sanctions_bite", "trade_income", "talks_decay", "sanctions_erosion",
               "hard_currency_use", "nuclear_growth", "fuel_use", "ukraine_cost",
               "ukraine_decay", "sino_russian_distrust")
    """Rates that are an amount a month (a turn of N months: N times as much)."""
    SHARES: ClassVar[tuple[str, ...]] = ("tension_decay", "influence_decay", "relation_memory", "stability_memory",
              "clout_memory")
    """Rates that are a share of a gap a month (a turn of N months: compounded)."""

    def per_turn(self, months: int) -> "Drift":
        """This drift for turns of ``months`` months (itself for monthly turns)."""
        if months == 1:
            return self
        upd: dict[str, float] = {k: getattr(self, k) * months for k in self.AMOUNTS}
        upd.update({k: 1.0 - (1.0 - getattr(self, k)) ** months for k in self.SHARES})
        return self.model_copy(update=upd)


class PastResolution(Strict):
    """A UN Security Council resolution in force when the scenario starts."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)] = Field(
        description="a short name, e.g. unscr-2397")
    label: Label = Field(default="", description="what it is, for people")
    workers_home: bool = Field(
        default=False, description="it requires states to send North Korean workers home (as "
                                   "UNSCR 2397 does): the workers levers need one in force")


class PastProject(Strict):
    """A transit project begun (or finished) before the scenario starts."""

    kind: Literal["coal_terminal", "railroad", "gas_pipeline", "power_lines"] = Field(
        description="the project's kind (one of each at most)")
    builder: ActorId = Field(default="russia", description="who proposed and builds it")
    status: Literal["building", "complete"] = Field(
        default="complete", description="finished (it pays every turn) or being built")
    progress: Annotated[int, Field(ge=0, le=100)] = Field(
        default=0, description="months of work done (a project being built)")
    needed: Annotated[int, Field(ge=1, le=100)] = Field(
        default=12, description="months of work it needs in all (a project being built)")


class History(Strict):
    """What happened before the scenario starts, which the engine honours: leaders who have
    met (their next meeting carries no first-meeting weight), resolutions in force, projects
    begun or finished."""

    met: Annotated[list[Annotated[list[ActorId], Field(min_length=2, max_length=2)]],
                   Field(max_length=15)] = Field(
        default_factory=list, description="pairs of states whose leaders have met, e.g. "
                                          "[china, dprk]")
    resolutions: Annotated[list[PastResolution], Field(max_length=MAX_LIST)] = Field(
        default_factory=list, description="UN Security Council resolutions in force")
    projects: Annotated[list[PastProject], Field(max_length=4)] = Field(
        default_factory=list, description="transit projects begun or finished")
    notes: Annotated[dict[Annotated[str, Field(max_length=64)], Text], Field(max_length=MAX_LIST)
                     ] = Field(default_factory=dict,
                               description="what each entry rests on, by a short name")


# ------------------------------------------------------------------------------ story checks
CheckOp = Literal["<", "<=", ">", ">=", "==", "!="]
HAPPENINGS = ("order", "invited", "meeting", "rebuffed", "lapsed", "tabled", "passed",
              "vetoed", "covert", "exposed", "project_started", "project_building",
              "project_completed", "project_shelved", "war")
"""What a story check may count: an order given, or a kind of fact (see :mod:`facts`)."""
Happening = Literal["order", "invited", "meeting", "rebuffed", "lapsed", "tabled", "passed",
                    "vetoed", "covert", "exposed", "project_started", "project_building",
                    "project_completed", "project_shelved", "war"]


class CheckSource(Strict):
    """Where a story check's claim comes from: a passage of one of the two articles."""

    article: Literal["summit-2019", "odd-couple-2015"] = Field(
        description="the source article's short name")
    passage: Annotated[Text, Field(min_length=3, max_length=500)] = Field(
        description="a short passage of the article, word for word")


class RateBand(Strict):
    """The share of games in which a check is expected to hold (0..1)."""

    min: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.0, description="the lowest expected share of games (0..1)")
    max: Annotated[float, Field(ge=0, le=1)] = Field(
        default=1.0, description="the highest expected share of games (0..1)")

    @model_validator(mode="after")
    def _ordered(self) -> "RateBand":
        if self.min > self.max:
            raise ValueError(f"min ({self.min:g}) must not be above max ({self.max:g})")
        return self


class ValueTest(Strict):
    """A state key's value (at the end, at a turn, or its max or min over the game)
    compared with a number, or with its start value plus ``plus``."""

    key: Annotated[str, Field(max_length=200)] = Field(
        description="any state key, e.g. dprk.nuclear, influence.russia, track.tension, "
                    "relation.china.dprk")
    at: Literal["end", "max", "min"] | Annotated[int, Field(ge=0, le=MAX_TURNS)] = Field(
        default="end", description="end (the last turn played), max or min over the game "
                                   "(the start included), or a turn number (0 = the start; "
                                   "a turn after a game's end reads its end)")
    op: CheckOp = Field(description="how the value compares with than")
    than: Num | Literal["start"] = Field(
        description="a number, or start: the key's value at the start of the game")
    plus: Num = Field(default=0.0, description="added to the start value (with than: start)")

    @model_validator(mode="after")
    def _plus_with_start(self) -> "ValueTest":
        if self.plus and self.than != "start":
            raise ValueError("plus is added to the start value: use it with than: start")
        return self


class HappenedTest(Strict):
    """Something happened (an order given, a meeting held, a resolution passed or vetoed, a
    covert operation exposed, a project completed, war...) at least ``at_least`` times (and
    at most ``at_most``) by the end of turn ``by_turn`` (default: the game's end).
    ``at_least`` is 1 unless ``at_most`` is given (then 0: ``at_most: 0`` is "never")."""

    what: Happening = Field(description="an order given, or a kind of fact the engine "
                                         "records (meeting, vetoed, exposed, war, ...)")
    actor: ActorId | None = Field(
        default=None, description="who did it: the order's state, the proposer, the "
                                  "operator, the builder")
    target: ActorId | None = Field(
        default=None, description="on whom: the order's target, the invitee, the state "
                                  "sanctioned, the operator's partner")
    between: Annotated[list[ActorId], Field(min_length=2, max_length=2)] | None = Field(
        default=None, description="the two states, either way round (actor and target)")
    lever: Annotated[str, Field(max_length=64)] | None = Field(
        default=None, description="the lever (orders, covert operations, exposures)")
    option: Annotated[str, Field(max_length=64)] | None = Field(
        default=None, description="the order's option, a meeting's deal item, a project's kind")
    by: ActorId | None = Field(
        default=None, description="the state that vetoed, rebuffed or exposed it")
    at_least: Annotated[int, Field(ge=0, le=10_000)] | None = Field(
        default=None, description="default 1, or 0 when at_most is given")
    at_most: Annotated[int, Field(ge=0, le=10_000)] | None = Field(
        default=None, description="at most this many times (0: never)")
    by_turn: Annotated[int, Field(ge=1, le=MAX_TURNS)] | None = Field(
        default=None, description="counted up to the end of this turn (default: the game)")

    @model_validator(mode="after")
    def _consistent(self) -> "HappenedTest":
        if self.between is not None:
            if self.actor is not None or self.target is not None:
                raise ValueError("give either between or actor/target, not both")
            if self.between[0] == self.between[1]:
                raise ValueError("between needs two different states")
        if self.at_most is not None and self.at_most < self.minimum:
            raise ValueError(f"at_most ({self.at_most}) is below at_least ({self.at_least})")
        return self

    @property
    def minimum(self) -> int:
        """``at_least`` as it counts: 1 by default, 0 when only ``at_most`` is given."""
        if self.at_least is not None:
            return self.at_least
        return 0 if self.at_most is not None else 1


def _source_kind(v: object) -> str:
    """Which form a check's source takes: a mapping (an article and a passage) or a word."""
    return "from-article" if isinstance(v, dict) or isinstance(v, CheckSource) else "is-judgement"


class Check(Strict):
    """A claim about a game that a sweep counts: one test (a value, or something that
    happened), the claim in words, where it comes from and the share of games expected."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)] = Field(
        description="the check's name in tables and plots")
    claim: Annotated[Text, Field(min_length=3, max_length=500)] = Field(
        description="what the check says about a game, in words")
    source: Annotated[
        Annotated[CheckSource, Tag("from-article")] | Annotated[Literal["judgement"],
                                                                Tag("is-judgement")],
        Discriminator(_source_kind)] = Field(
        description="the article and passage the claim rests on, or judgement")
    why: Annotated[Text, Field(max_length=2000)] = Field(
        default="", description="how the claim becomes this test, and why the band")
    value: ValueTest | None = Field(default=None, description="a test of a value")
    happened: HappenedTest | None = Field(default=None,
                                          description="a test of what happened")
    expect: RateBand | None = Field(
        default=None, description="the share of games in which it should hold")

    @model_validator(mode="after")
    def _one_test(self) -> "Check":
        if (self.value is None) == (self.happened is None):
            raise ValueError("a check has exactly one test: value or happened")
        return self


Checks = Annotated[list[Check], Field(max_length=MAX_LIST)]
"""A list of story checks (ids unique: checked with the references, each at its place)."""


class ChecksFile(Strict):
    """A story checks file (``whales sweep --checks FILE``): a ``checks:`` list, as in a
    scenario."""

    checks: Checks


class Scenario(Strict):
    """A whole scenario file."""

    name: Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=64)] = Field(
        description="a short name: lower case, digits, hyphens (usually the file's name)")
    title: Label = Field(description="the title shown in the scenario picker")
    description: Text = Field(description="a paragraph for the scenario picker")
    quote: Quote = Field(description="a line from a source article, for the title screen")
    start_date: _dt.date = Field(description="the first turn's month, as YYYY-MM-DD")
    turn_months: Annotated[int, Field(ge=1, le=12)] = Field(
        default=1, description="months a turn stands for (1..12)")
    turns: Annotated[int, Field(ge=1, le=MAX_TURNS)] = Field(
        default=16, description="turns in a game (unless war ends it first)")
    indicators: _Map[Ident, Bounds] = Field(
        description="the indicators states have (economy, stability, ...), each with its "
                    "label and range (0..100 unless set)")
    actors: dict[ActorId, Actor] = Field(
        description="the six states: us, russia, china, dprk, rok, japan")
    relations: _Map[str, Annotated[float, Field(ge=-100, le=100)]] = Field(
        description="per pair a-b: relations from -100 (hostile) to +100 (aligned)")
    trade: _Map[str, Annotated[float, Field(ge=0, le=100)]] = Field(
        default_factory=dict, description="per pair a-b: trade from 0 (none) to 100")
    alliances: _Map[Handle, Alliance] = Field(
        default_factory=dict, description="alliances by name (e.g. us-rok), each with its "
                                          "members and cohesion 0..100")
    influence: dict[ActorId, Annotated[float, Field(ge=0, le=100)]] = Field(
        default_factory=dict, description="per state: influence over Pyongyang, 0..100")
    debts: _Map[str, Annotated[float, Field(ge=0, le=1000)]] = Field(
        default_factory=dict, description="'debtor-creditor': billions of US dollars")
    tracks: dict[Literal["tension", "un_sanctions", "talks", "ukraine"], Track] = Field(
        description="the global tracks: tension (war at war_at), un_sanctions (the UN regime), "
                    "talks (nuclear talks), ukraine (US–Russia confrontation); 0..100")
    kaesong_open: bool = Field(
        default=True, description="whether the Kaesong industrial zone is open at the start")
    history: History = Field(
        default_factory=History, description="what happened before the scenario starts: "
                                             "leaders who have met, resolutions, projects")
    drift: Drift = Field(
        default_factory=Drift, description="what happens every turn on its own (the drift phase)")
    levers: _Map[str, dict[Any, Any]] = Field(   # raw YAML: each lever's model checks it
        default_factory=dict,
        description="per-lever overrides of the lever's defaults, checked against the lever's "
                    "own model (see `whales schema`)")
    events: Annotated[list[Event], Field(max_length=MAX_EVENTS)] = Field(
        default_factory=list, description="scripted (turn) and random (probability, "
                                          "conditions) events")
    questions: Annotated[list[Question], Field(max_length=MAX_LIST)] = Field(
        default_factory=list, description="discussion questions for the debrief, each asked "
                                          "when its conditions held in the game")
    checks: Checks = Field(
        default_factory=list, description="story checks: claims about a game that sweeps and "
                                          "whales balance count (see the README)")

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
