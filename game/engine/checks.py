"""Story checks: claims about a game that sweeps and ``whales balance`` count.

A check is data, never code: one test on a finished game, the claim in words, the passage it
rests on (or ``judgement``) and, optionally, the share of games in which it is expected to
hold. The schema is :class:`game.engine.scenario.Check` (a scenario's ``checks:`` list, or a
file holding one, passed with ``--checks FILE``); mistakes in either are reported as
``file:line:col: path: what was expected``, as for scenarios.

Two kinds of test:

``value``
    a state key at the end, at a turn (0 = the start; a turn after the game's end reads its
    end), or its max or min over the game, compared (``< <= > >= == !=``) with a number or
    with its start value plus ``plus``::

        value: {key: dprk.nuclear, at: min, op: ">=", than: start, plus: -5}

``happened``
    something happened at least ``at_least`` (default 1) and at most ``at_most`` times by
    the end of turn ``by_turn`` (default: the game's end): an ``order`` given (by ``actor``
    on ``target`` with ``lever`` and ``option``), or a fact the engine records (see
    :mod:`game.engine.facts`: ``meeting``, ``rebuffed``, ``lapsed``, ``tabled``,
    ``passed``, ``vetoed`` ``by`` a state, ``covert``, ``exposed``, ``project_completed``,
    ``war``, ...)::

        happened: {what: meeting, between: [russia, dprk], by_turn: 8}
        happened: {what: war, at_most: 0}

What happened is read from the typed records the engine produces (the turn reports' orders
and their news items' :class:`~game.engine.facts.Fact`), never from headlines.

>>> from game.engine import Game
>>> cs = parse_checks('checks: [{id: no-war, claim: "no war", source: judgement, '
...                   'happened: {what: war, at_most: 0}}]', "<doc>")
>>> g = Game.from_file("scenarios/sandbox.yaml", seed=1)
>>> _ = g.run()
>>> Evaluator(cs.checks, g.rules).evaluate(g)
(True,)
"""
from __future__ import annotations

import difflib
import json
import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from pydantic import ValidationError

from .facts import Fact, news_facts
from .scenario import ACTORS, Check, ChecksFile, HappenedTest, ValueTest

if TYPE_CHECKING:
    from .game import Game
    from .loader import Problem
    from .orders import Order
    from .rules import Rules
    from .scenario import LeverParams, Scenario

Loc = tuple[Any, ...]

OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne}

INVITATION_KINDS = ("invited", "meeting", "rebuffed", "lapsed")
PROJECT_KINDS = ("project_started", "project_building", "project_completed", "project_shelved")
RESOLUTION_KINDS = ("tabled", "passed", "vetoed")
LEVER_KINDS = ("order", "covert", "exposed") + INVITATION_KINDS
"""What ``lever`` may narrow down (resolutions and projects have one lever each)."""
BY_KINDS = ("vetoed", "rebuffed", "exposed")
"""Facts that name who did them to the actor: the vetoer, the invitee, the detector."""


def invitation_levers() -> list[str]:
    """The levers that send invitations: those whose proposal is answered and, unanswered,
    lapses (no ``settle``)."""
    from .levers import CATALOGUE
    return [lid for lid, lv in CATALOGUE.items() if lv.invites]


def project_levers() -> list[str]:
    """The levers that start projects: those that go on every turn (``each_turn``)."""
    from .levers import CATALOGUE
    return [lid for lid, lv in CATALOGUE.items() if lv.each_turn is not None]


@dataclass
class CheckSet:
    """Checks read from one file (a checks file or a scenario), with where each stands."""

    checks: list[Check]
    source: str
    marks: Any = None                      # loader._Marks of the file, for later problems
    prefix: Loc = ("checks",)              # where the list is in the file

    def place(self, loc: Loc, message: str) -> "Problem":
        """A problem at ``loc`` (relative to the list of checks) in this file."""
        from .loader import Problem, _dotted
        full = self.prefix + tuple(loc)
        hit = self.marks.find(full) if self.marks is not None else None
        line, col = hit or (None, None)
        return Problem(self.source, line, col, _dotted(full), message)


# ------------------------------------------------------------------------------ loading
def parse_checks(text: str, source: str = "<checks>") -> CheckSet:
    """A story checks file's text → its checks; :class:`ScenarioError` with every mistake
    at its ``file:line:col``."""
    from .loader import Problem, ScenarioError, _message, read_document
    data, marks = read_document(text, source, "a checks file",
                                "a mapping with a 'checks:' list of story checks")
    try:
        parsed = ChecksFile.model_validate(data)
    except ValidationError as e:
        out = []
        for err in e.errors():
            loc = _data_loc(tuple(err["loc"]), data)
            hit = marks.find(loc)
            from .loader import _dotted
            line, col = hit or (None, None)
            out.append(Problem(source, line, col, _dotted(loc), _message(err)))
        raise ScenarioError(_dedupe(out)) from None
    cs = CheckSet(list(parsed.checks), source, marks)
    dup = [cs.place(loc, msg) for loc, msg in duplicate_ids(cs.checks)]
    if dup:
        raise ScenarioError(dup)
    return cs


def load_checks(path: str | Path) -> CheckSet:
    """Read and validate a story checks file (``--checks FILE``)."""
    from .loader import read_text
    return parse_checks(read_text(path, "a checks file"), str(path))


def _data_loc(loc: Loc, data: Any) -> Loc:
    """A pydantic error location with the union members' names it adds (``CheckSource``,
    ``literal['judgement']``, ``int``...) left out: only the keys and indices in the data."""
    out: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not out_of_union(part):
            out.append(part)        # a missing or unknown key: its parent's place
            node = None
    return tuple(out)


def out_of_union(part: str) -> bool:
    """Is this location part a union member's name pydantic inserted (not a key)?"""
    return part in ("from-article", "is-judgement", "int", "float", "str") or part.startswith(("literal[", "function-", "constrained-"))


def _dedupe(problems: list["Problem"]) -> list["Problem"]:
    """One problem per place for a union (``source: judgement`` or an article and a
    passage): the message of its first member, the rest left out."""
    seen: set[tuple[int | None, int | None, str]] = set()
    out = []
    for p in problems:
        key = (p.line, p.col, p.path)
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


def duplicate_ids(checks: Sequence[Check]) -> list[tuple[Loc, str]]:
    seen: dict[str, int] = {}
    out: list[tuple[Loc, str]] = []
    for i, c in enumerate(checks):
        if c.id in seen:
            out.append(((i, "id"), f"check id {c.id!r} is used twice (also check "
                                   f"#{seen[c.id] + 1})"))
        seen.setdefault(c.id, i)
    return out


def reference_problems(checks: Sequence[Check], keys: set[str],
                       params: "dict[str, LeverParams]") -> list[tuple[Loc, str]]:
    """Everything the shape cannot say, each at its place in the list: state keys and
    levers that exist, fields that fit the kind of test. Turns are not checked against the
    scenario's length (``--set turns=3`` keeps its checks): a turn after a game's end reads
    its end, and ``by_turn`` past it counts the whole game."""
    from .levers import CATALOGUE
    out: list[tuple[Loc, str]] = []
    for i, c in enumerate(checks):
        if c.value is not None:
            v = c.value
            if v.key not in keys:
                hint = difflib.get_close_matches(v.key, sorted(keys), n=1)
                out.append(((i, "value", "key"), f"unknown state key {v.key!r}"
                            + (f" (did you mean {hint[0]!r}?)" if hint else "")))
            continue
        h = c.happened
        assert h is not None
        here: Loc = (i, "happened")
        if h.what == "war" and (h.actor or h.target or h.between or h.lever or h.option
                                or h.by):
            out.append((here + ("what",), "war names no state, lever or option"))
        if h.by is not None and h.what not in BY_KINDS:
            out.append((here + ("by",), f"'by' names who vetoed, rebuffed or exposed; "
                                        f"expected what: {' or '.join(BY_KINDS)}"))
        if h.lever is not None:
            lv = CATALOGUE.get(h.lever)
            if lv is None:
                hint = difflib.get_close_matches(h.lever, list(CATALOGUE), n=1)
                out.append((here + ("lever",), f"unknown lever {h.lever!r}"
                            + (f" (did you mean {hint[0]!r}?)" if hint else "")))
            elif h.what not in LEVER_KINDS:
                out.append((here + ("lever",), f"what: {h.what} has one lever; 'lever' is for "
                                               f"{', '.join(LEVER_KINDS)}"))
            elif h.what in ("covert", "exposed") and not lv.covert:
                out.append((here + ("lever",), f"{h.lever} is not a covert lever; covert "
                            f"levers: {', '.join(k for k, x in CATALOGUE.items() if x.covert)}"))
            elif h.what in INVITATION_KINDS and h.lever not in invitation_levers():
                out.append((here + ("lever",), f"invitations are sent with "
                                               f"{' or '.join(invitation_levers())}"))
        if h.option is not None:
            allowed: list[str] | None = None
            if h.what in PROJECT_KINDS:
                allowed = sorted({o for lid in project_levers() for o in params[lid].options})
            elif h.what in INVITATION_KINDS:
                allowed = sorted({o for lid in invitation_levers() for o in params[lid].options})
            elif h.what == "order" and h.lever in params:
                allowed = list(params[h.lever].options)
            elif h.what != "order":
                out.append((here + ("option",), f"what: {h.what} has no option"))
            if allowed is not None and h.option not in allowed:
                out.append((here + ("option",), f"expected one of {', '.join(allowed) or '(none)'}"
                                                f", got {h.option!r}"))
    return out


def scenario_problems(sc: "Scenario", keys: set[str],
                      params: "dict[str, LeverParams]") -> list[tuple[Loc, str]]:
    """:func:`reference_problems` and :func:`duplicate_ids` of a scenario's own checks, at
    their places in the scenario (for :func:`loader.check_references`)."""
    probs = duplicate_ids(sc.checks) + reference_problems(sc.checks, keys, params)
    return [(("checks",) + loc, msg) for loc, msg in probs]


def combine(scenario: "Scenario", extra: CheckSet | None, keys: set[str],
            params: "dict[str, LeverParams]") -> list[Check]:
    """A scenario's checks followed by a checks file's, checked against the scenario (keys,
    levers, turns) and for ids used twice; :class:`ScenarioError` placing each problem in
    the checks file."""
    from .loader import ScenarioError
    checks = list(scenario.checks)
    if extra is None:
        return checks
    problems = [extra.place(loc, msg)
                for loc, msg in reference_problems(extra.checks, keys, params)]
    own = {c.id for c in checks}
    for i, c in enumerate(extra.checks):
        if c.id in own:
            problems.append(extra.place((i, "id"), f"check id {c.id!r} is the scenario's own "
                                                   f"check {c.id!r}; choose another id"))
    if problems:
        raise ScenarioError(problems)
    return checks + list(extra.checks)


def checks_for(rules: "Rules", extra: CheckSet | None) -> list[Check]:
    """The checks a sweep of ``rules``' scenario counts: its own, then ``extra``'s (see
    :func:`combine`)."""
    return combine(rules.scenario, extra, rules.keys, rules.params)


def checks_json(checks: Sequence[Check]) -> str:
    """The checks as JSON text (how a sweep sends them to its workers)."""
    return json.dumps([c.model_dump(mode="json", exclude_defaults=True) for c in checks],
                      separators=(",", ":"), sort_keys=True)


def checks_from_json(text: str) -> list[Check]:
    return ChecksFile.model_validate({"checks": json.loads(text)}).checks


# ------------------------------------------------------------------------------ words
def describe_check(check: Check) -> str:
    """The test in one line, e.g. ``dprk.nuclear at min >= start - 5`` or
    ``meeting between russia and dprk ≥ 1× by turn 8``."""
    if check.value is not None:
        v = check.value
        at = f"turn {v.at}" if isinstance(v.at, int) else v.at
        if v.than == "start":
            than = "start" + (f" {'+' if v.plus >= 0 else '-'} {abs(v.plus):g}" if v.plus
                              else "")
        else:
            than = f"{v.than:g}"
        return f"{v.key} at {at} {v.op} {than}"
    h = check.happened
    assert h is not None
    parts: list[str] = [h.what]
    if h.lever:
        parts.append(h.lever)
    if h.between:
        parts.append(f"between {h.between[0]} and {h.between[1]}")
    if h.actor:
        parts.append(f"by {h.actor}" if h.what in ("order", "covert") else f"from {h.actor}")
    if h.target:
        parts.append(f"on {h.target}" if h.what in ("order", "covert", "tabled", "passed",
                                                    "vetoed") else f"to {h.target}")
    if h.option:
        parts.append(f"({h.option})")
    if h.by:
        parts.append(f"by {h.by}")
    if h.at_most == 0:
        times = "never"
    elif h.at_most is not None:
        times = f"{h.minimum}–{h.at_most}×" if h.minimum else f"≤ {h.at_most}×"
    else:
        times = f"≥ {h.minimum}×"
    when = f" by turn {h.by_turn}" if h.by_turn else ""
    return f"{' '.join(parts)} {times}{when}"


def check_source(check: Check) -> str:
    """“passage” — article, or "judgement"."""
    if check.source == "judgement":
        return "judgement"
    return f"“{check.source.passage}” — {check.source.article}"


# ------------------------------------------------------------------------------ evaluation
@dataclass
class _Happened:
    what: str
    actor: str | None
    target: str | None
    pair: frozenset[str | None] | None
    lever: str | None
    option: str | None
    by: str | None
    lo: int
    hi: float
    by_turn: float


def _compile_happened(h: HappenedTest) -> _Happened:
    return _Happened(h.what, h.actor, h.target,
                     frozenset(h.between) if h.between else None, h.lever, h.option, h.by,
                     h.minimum, float("inf") if h.at_most is None else h.at_most,
                     float("inf") if h.by_turn is None else h.by_turn)


def _matches(t: _Happened, actor: str | None, target: str | None, lever: str | None,
             option: str | None) -> bool:
    if t.actor is not None and actor != t.actor:
        return False
    if t.target is not None and target != t.target:
        return False
    if t.pair is not None and frozenset((actor, target)) != t.pair:
        return False
    if t.lever is not None and lever != t.lever:
        return False
    if t.option is not None and option != t.option:
        return False
    return True


Test = Callable[["Game", list[Fact], "list[tuple[int, Order]]"], bool]
"""A compiled check: (game, its facts, its orders by turn) -> did it hold?"""


@dataclass
class Evaluator:
    """Checks compiled once (per rules) and evaluated on finished games."""

    checks: Sequence[Check]
    rules: "Rules"
    _tests: list[Test] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._tests = [self._compile(c) for c in self.checks]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.checks)

    def _compile(self, c: Check) -> Test:
        if c.value is not None:
            return self._value(c.value)
        assert c.happened is not None
        return self._happened(_compile_happened(c.happened))

    @staticmethod
    def _value(v: ValueTest) -> Test:
        key, at, op, than, plus = v.key, v.at, OPS[v.op], v.than, v.plus

        def test(game: "Game", facts: list[Fact], orders: list[tuple[int, Order]]) -> bool:
            hist = game.history
            if at == "end":
                x = hist[-1][key]
            elif at == "max":
                x = max(h[key] for h in hist)
            elif at == "min":
                x = min(h[key] for h in hist)
            else:
                x = hist[min(int(at), len(hist) - 1)][key]
            ref = hist[0][key] + plus if than == "start" else float(than)
            return bool(op(x, ref))
        return test

    @staticmethod
    def _happened(t: _Happened) -> Test:
        def test(game: "Game", facts: list[Fact], orders: list[tuple[int, Order]]) -> bool:
            n = 0
            if t.what == "order":
                for turn, o in orders:
                    if turn <= t.by_turn and _matches(t, o.actor, o.target, o.lever, o.option):
                        n += 1
            else:
                for f in facts:
                    if (f.kind == t.what and f.turn <= t.by_turn
                            and _matches(t, f.actor, f.target, f.lever, f.option)
                            and (t.by is None or t.by in f.by)):
                        n += 1
            return t.lo <= n <= t.hi
        return test

    def evaluate(self, game: "Game") -> tuple[bool, ...]:
        """Each check's verdict on ``game`` (finished or not: a game still going is judged
        on what has happened so far)."""
        facts = [f for r in game.reports for f in news_facts(r.news)]
        orders = [(r.turn, o) for r in game.reports for a in ACTORS
                  for o in r.orders.get(a, ())]
        return tuple(test(game, facts, orders) for test in self._tests)


def evaluator_for(rules: "Rules", text: str) -> Evaluator:
    """The evaluator of checks given as JSON (:func:`checks_json`), cached per rules."""
    key = ("checks", text)
    hit = rules.cache.get(key)
    if hit is None:
        hit = rules.cache[key] = Evaluator(checks_from_json(text), rules)
    return hit


__all__ = ["CheckSet", "Evaluator", "check_source", "checks_for", "checks_from_json",
           "checks_json", "combine", "describe_check", "evaluator_for", "load_checks",
           "parse_checks", "reference_problems", "scenario_problems"]
