"""Loading a scenario from YAML, with every mistake reported at its file, line and column.

YAML is read with PyYAML's safe loader only. The document is composed once to learn where
every key and value stands, so that a pydantic error or a broken cross-reference is reported
as ``file:line:col: path: what was expected``. ``--set PATH=VALUE`` overrides are applied to
the parsed data before validation, so they are checked exactly like the file.

Loading is bounded (see :mod:`limits`): the file's size is checked before it is read, the
nesting depth while it is composed, and the number of values once aliases are expanded (a
"billion laughs" file of a few hundred bytes) before anything walks or validates them. The
same holds for a --set value and for a replay's embedded scenario text.
"""
from __future__ import annotations

import copy
import difflib
import hashlib
import re
import types
import typing
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

if typing.TYPE_CHECKING:
    from pydantic_core import ErrorDetails

from . import limits
from .levers import CATALOGUE
from .limits import MAX_DEPTH, MAX_NUMBER_DIGITS, MAX_VALUES, InputTooLarge, place_of_offset
from .scenario import ACTORS, QUESTION_FIELD, Effects, LeverParams, Scenario

CORE_INDICATORS = ("economy", "military", "stability", "clout")
Loc = tuple[Any, ...]


@dataclass
class Problem:
    source: str
    line: int | None
    col: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}:{self.col}"
        return f"{where}: {self.path + ': ' if self.path else ''}{self.message}"


class ScenarioError(ValueError):
    """A scenario that cannot be used; ``problems`` lists each mistake with its place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def lines(self, limit: int = limits.MAX_PROBLEMS_SHOWN) -> list[str]:
        """One line per problem, at most ``limit`` of them and a count of the rest."""
        out = [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            out.append(f"... and {len(self.problems) - limit} more problems")
        return out


# ------------------------------------------------------------------------------ YAML
_FLOAT12 = r"^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+$"


class _Refused(Exception):
    """Composing stopped: the document is beyond a limit (``mark`` is where)."""

    def __init__(self, mark: yaml.Mark | None, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses nesting deeper than MAX_DEPTH while it composes (the
    composer recurses once per level: a 1,000-deep file was a RecursionError), and reads
    exponents without a dot or a sign (``1e9``, ``2.5e3``) as numbers, as YAML 1.2 does."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self._depth > MAX_DEPTH:
            # (types-PyYAML leaves Parser.peek_event unannotated)
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep; a "
                           f"scenario needs about 7")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


BoundedLoader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(_FLOAT12),
                                    list("-+0123456789."))


def _expanded(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many values ``node`` stands for once every alias in it is expanded (each node
    counted once per path to it, computed once per node)."""
    key = id(node)
    hit = memo.get(key)
    if hit is not None:
        return hit
    n = 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            n += _expanded(k, memo) + _expanded(v, memo)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            n += _expanded(v, memo)
    memo[key] = n
    return n


def _check_expansion(root: yaml.Node, what: str) -> None:
    """Refuse a document that expands to more than MAX_VALUES values, pointing at the
    smallest part that is too big alone (usually the alias-of-aliases line)."""
    memo: dict[int, int] = {}
    total = _expanded(root, memo)
    if total <= MAX_VALUES:
        return
    node = root
    while True:
        kids = ([x for kv in node.value for x in kv] if isinstance(node, yaml.MappingNode)
                else list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        big = max(kids, key=lambda k: memo[id(k)], default=None)
        if big is None or memo[id(big)] <= MAX_VALUES:
            break
        node = big
    raise _Refused(node.start_mark, f"{what} holds {total:,} values once its aliases (*name) "
                   f"are expanded; at most {MAX_VALUES:,} are allowed")


def compose(text: str, what: str = "the file") -> tuple[yaml.Node | None, BoundedLoader]:
    """The document's node tree, bounded in depth and expansion; the loader constructs it
    (``loader.construct_document(node)``) and must be disposed. Raises yaml.YAMLError or
    _Refused."""
    loader = BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, what)
    except BaseException:
        loader.dispose()
        raise
    return node, loader


def safe_value(text: str, what: str = "the value") -> Any:
    """A small YAML value (a --set value), bounded like a scenario. Raises yaml.YAMLError for
    text that is not YAML and ValueError for a value beyond a limit."""
    try:
        node, loader = compose(text, what)
    except _Refused as e:
        raise ValueError(f"{what} {e.message}") from None
    try:
        if node is None:
            return None
        problems: list[Problem] = []
        _walk(node, (), _Marks(), problems, "")
        if problems:
            raise ValueError(problems[0].message)
        return loader.construct_document(node)
    finally:
        loader.dispose()


class _Marks:
    """Where each path's value (and key) starts in the file, 1-based."""

    def __init__(self) -> None:
        self.value: dict[Loc, tuple[int, int]] = {}
        self.key: dict[Loc, tuple[int, int]] = {}

    def find(self, loc: Loc) -> tuple[int, int] | None:
        loc = tuple(loc)
        if loc and loc[-1] == "[key]":
            hit = self.key.get(loc[:-1])
            if hit:
                return hit
            loc = loc[:-1]
        while True:
            if loc in self.value:
                return self.value[loc]
            if not loc:
                return None
            loc = loc[:-1]


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _walk(node: yaml.Node, loc: Loc, marks: _Marks, problems: list[Problem],
          source: str) -> None:
    marks.value[loc] = _pos(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, tuple[int, int]] = {}
        for knode, vnode in node.value:
            key = knode.value if isinstance(knode, yaml.ScalarNode) else str(knode.value)
            here = _pos(knode.start_mark)
            if key in seen:
                problems.append(Problem(source, *here, _dotted(loc + (key,)),
                                        f"duplicate key {key!r} (first at line {seen[key][0]})"))
            seen[key] = here
            marks.key[loc + (key,)] = here
            _check_scalar(knode, loc + (key,), problems, source)
            _walk(vnode, loc + (key,), marks, problems, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, loc + (i,), marks, problems, source)
    else:
        _check_scalar(node, loc, problems, source)


def _check_scalar(node: yaml.Node, loc: Loc, problems: list[Problem], source: str) -> None:
    if not isinstance(node, yaml.ScalarNode):
        return
    if node.tag == _INT and len(node.value) > MAX_NUMBER_DIGITS:
        # int() of more than 4,300 digits raises, placeless; no scenario number needs 100
        problems.append(Problem(source, *_pos(node.start_mark), _dotted(loc),
                                f"expected a number of at most {MAX_NUMBER_DIGITS} digits, "
                                f"got one of {len(node.value):,}"))
    elif node.tag in _SCALARS:
        # a value that cannot be what its tag says (2019-13-01, !!int 0x1G, !!bool maybe)
        # would fail while constructing, without a place
        try:
            _CONSTRUCT.yaml_constructors[node.tag](_CONSTRUCT, node)
        except Exception as e:  # noqa: BLE001 (PyYAML raises ValueError, KeyError, ...)
            kind = _SCALARS[node.tag]
            why = f" ({e})" if node.tag == _TIMESTAMP and isinstance(e, ValueError) else ""
            problems.append(Problem(source, *_pos(node.start_mark), _dotted(loc),
                                    f"expected {kind}, got {node.value!r}{why}"))


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
_SCALARS = {_TIMESTAMP: "a date like 2019-04-01", _INT: "a whole number",
            "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:bool": "true or false",
            "tag:yaml.org,2002:binary": "base64 data", "tag:yaml.org,2002:null": "nothing (~)"}
_CONSTRUCT = yaml.constructor.SafeConstructor()


def _dotted(loc: Loc) -> str:
    return ".".join(str(x) for x in loc if x != "[key]")


# ------------------------------------------------------------------------------ overrides
def short_spec(spec: str, width: int = 80) -> str:
    """A --set option as shown in a message: cut short when it is long."""
    return spec if len(spec) <= width else spec[:width - 1] + "…"


def parse_override(spec: str) -> tuple[list[str], Any]:
    if "=" not in spec:
        raise ValueError(f"--set {spec}: expected PATH=VALUE, e.g. actors.china.enforcement=90")
    path, _, raw = spec.partition("=")
    path = path.strip()
    if not path or any(not p for p in path.split(".")):
        raise ValueError(f"--set {spec}: expected a dotted path such as "
                         f"levers.{next(iter(CATALOGUE))}.cost")
    try:
        value = safe_value(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw
    except ValueError as e:
        raise ValueError(f"--set {spec}: {e}") from None
    return path.split("."), value


def apply_override(data: dict[str, Any], spec: str) -> Loc:
    """Set one dotted path in the raw scenario data; returns the location it set."""
    parts, value = parse_override(spec)
    node: Any = data
    loc: list[Any] = []
    created = False           # node was made by this override (the file leaves it out)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            idx = _list_index(node, part)
            if idx is None:
                ids = [str(x.get("id")) for x in node if isinstance(x, dict) and "id" in x]
                raise ValueError(f"--set {spec}: no item {part!r} in {'.'.join(parts[:i]) or 'the scenario'}"
                                 + (f"; items: {', '.join(ids)}" if ids else ""))
            loc.append(idx)
            if last:
                node[idx] = value
            else:
                node = node[idx]
            continue
        if not isinstance(node, dict):
            raise ValueError(f"--set {spec}: {'.'.join(parts[:i])} is a value, not a section")
        fields = _lever_fields(tuple(loc))
        if fields is not None and part not in fields:
            # a lever's parameters: only what its model names, whatever the file says
            raise ValueError(f"--set {spec}: unknown path: no {part!r} in "
                             f"{'.'.join(parts[:i])}{_expected(part, fields)}")
        if part not in node and not _may_add(loc, part, created):
            where = _schema_at(loc)
            known = [str(k) for k in node] + (list(CATALOGUE) if loc == ["levers"] else []) \
                + (list(where[1].model_fields) if where and where[0] == "model" else [])
            hint = difflib.get_close_matches(part, known, n=1)
            raise ValueError(f"--set {spec}: unknown path: no {part!r} in "
                             f"{'.'.join(parts[:i]) or 'the scenario'}"
                             + (f" (did you mean {hint[0]!r}?)" if hint else ""))
        loc.append(part)
        if last:
            node[part] = value
        else:
            created = part not in node or node[part] is None
            if created:
                node[part] = {}
            node = node[part]
    return tuple(loc)


def _may_add(loc: list[Any], part: str, created: bool = False) -> bool:
    """Keys an override may add that the file need not spell out: any field the schema has
    there (it has a default: ``actors.rok.capital_per_turn``, ``events.X.turn``, a
    personality's ``risk``), and in a mapping the file leaves out (or this override made) any
    key, or one of the keys of its default (``personalities.balanced``). A key the file's own
    mapping lacks is a typo (or an unknown name) and is refused with a hint."""
    if loc == ["levers"]:
        return part in CATALOGUE
    if len(loc) == 2 and loc[0] == "levers":
        return part in LeverParams.model_fields
    if loc and loc[0] == "levers" and len(loc) >= 3:
        return True
    where = _schema_at(loc)
    if where is None:
        return False
    kind, what = where
    if kind == "model":
        return part in what.model_fields
    if kind == "dict":
        return created or part in what
    return False


def _schema_at(loc: list[Any]) -> tuple[str, Any] | None:
    """What the scenario schema holds at ``loc``: ("model", the model class), ("dict", the
    keys of its default) or None (a value, a list, or no such place)."""
    kind: str = "model"
    what: Any = Scenario
    ann: Any = None
    ann_item: Any = None
    for part in loc:
        if kind == "model":
            info = what.model_fields.get(str(part))
            if info is None:
                return None
            ann = info.annotation
            default = info.get_default(call_default_factory=True)
        elif kind in ("dict", "list"):
            ann, default = ann_item, None
        else:
            return None
        kind, what, ann_item = _classify(ann, default)
    return (kind, what) if kind in ("model", "dict") else None


def _classify(ann: Any, default: Any) -> tuple[str, Any, Any]:
    """(kind, model class or default keys, the annotation of an item) of a field type."""
    while typing.get_origin(ann) is typing.Annotated:
        ann = typing.get_args(ann)[0]
    origin = typing.get_origin(ann)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        if len(args) == 1:
            return _classify(args[0], default)
        return "value", None, None
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return "model", ann, None
    if origin is dict:
        keys = set(default) if isinstance(default, dict) else set()
        return "dict", keys, typing.get_args(ann)[1]
    if origin is list:
        return "list", None, typing.get_args(ann)[0]
    return "value", None, None


def _lever_fields(loc: Loc) -> list[str] | None:
    """The field names a lever's model allows at ``loc`` (``("levers", lever, ...)``), or
    None when ``loc`` is not inside a lever's typed parameters (or is an open mapping there,
    such as an effect's indicators)."""
    if len(loc) < 2 or loc[0] != "levers" or loc[1] not in CATALOGUE:
        return None
    model: type[BaseModel] = CATALOGUE[loc[1]].model
    for part in loc[2:]:
        info = model.model_fields.get(str(part))
        if info is None:
            return None
        ann = info.annotation
        if not (isinstance(ann, type) and issubclass(ann, BaseModel)):
            return None
        model = ann
    return list(model.model_fields)


def _expected(part: str, fields: list[str]) -> str:
    """' (did you mean ...?)' for a misspelt field, else what the place allows."""
    hint = difflib.get_close_matches(part, fields, n=1)
    if hint:
        return f" (did you mean {hint[0]!r}?)"
    if fields:
        return f" (expected one of: {', '.join(fields)})"
    return " (this lever has none)"


def _list_index(node: list[Any], part: str) -> int | None:
    if part.isdigit():
        i = int(part)
        return i if i < len(node) else None
    for i, item in enumerate(node):
        if isinstance(item, dict) and item.get("id") == part:
            return i
    return None


# ------------------------------------------------------------------------------ messages
def _num(x: Any) -> str:
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


def _message(err: ErrorDetails) -> str:
    t = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    if t == "missing":
        return f"missing required field {err['loc'][-1]!r}"
    if t == "extra_forbidden":
        return f"unknown field {err['loc'][-1]!r}: not allowed here (check the spelling)"
    if t in ("less_than_equal", "less_than"):
        op = "at most" if t == "less_than_equal" else "below"
        return f"expected a value {op} {_num(ctx.get('le', ctx.get('lt')))}, got {shown}"
    if t in ("greater_than_equal", "greater_than"):
        op = "at least" if t == "greater_than_equal" else "above"
        return f"expected a value {op} {_num(ctx.get('ge', ctx.get('gt')))}, got {shown}"
    if t == "literal_error":
        return f"expected one of {ctx.get('expected')}, got {shown}"
    if t in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        kind = "a whole number" if t.startswith("int") else "a number"
        return f"expected {kind}, got {shown}"
    if t == "finite_number":
        return f"expected a finite number (not .nan or .inf), got {shown}"
    if t in ("dict_type", "model_type"):
        return f"expected a mapping (key: value lines), got {shown}"
    if t == "list_type":
        return f"expected a list (lines starting with '-'), got {shown}"
    if t in ("string_type",):
        return f"expected text, got {shown}"
    if t == "bool_parsing" or t == "bool_type":
        return f"expected true or false, got {shown}"
    if t in ("date_from_datetime_parsing", "date_parsing", "date_type"):
        return f"expected a date like 2019-04-01, got {shown}"
    if t == "string_pattern_mismatch":
        return f"expected text matching {ctx.get('pattern')}, got {shown}"
    if t in ("too_short", "too_long") and isinstance(got, str):
        n = ctx.get("min_length" if t == "too_short" else "max_length")
        return (f"expected text of {'at least' if t == 'too_short' else 'at most'} {n} "
                f"characters, got {shown if len(got) <= 40 else repr(got[:40]) + '…'}")
    if t in ("too_short", "too_long"):
        return err["msg"].replace("List", "the list").replace("Value", "the value")
    if t == "value_error":
        return err["msg"].removeprefix("Value error, ")
    return f"{err['msg']} (got {shown})"


# ------------------------------------------------------------------------------ references
def _written(data: object, loc: Loc) -> bool:
    """Whether the path ``loc`` (a problem's place; "[key]" marks a key) is in ``data``."""
    for part in loc:
        if part == "[key]":
            continue
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def _effects_problems(eff: Effects, loc: Loc, sc: Scenario, event: bool) -> list[tuple[Loc, str]]:
    out: list[tuple[Loc, str]] = []
    refs = set(ACTORS) if event else set(ACTORS) | {"actor", "target"}
    what = "a state id" if event else "'actor', 'target' or a state id"

    def ref_ok(r: str, where: Loc) -> None:
        if r not in refs:
            out.append((where, f"unknown state {r!r}: expected {what}"))

    for r, inds in eff.indicators.items():
        ref_ok(r, loc + ("indicators", r, "[key]"))
        for ind in inds:
            if ind not in sc.indicators and ind != "capital":
                out.append((loc + ("indicators", r, ind, "[key]"),
                            f"unknown indicator {ind!r}: expected one of "
                            f"{', '.join(sorted(sc.indicators))}"))
    for section in ("relations", "trade", "debts"):
        for pair in getattr(eff, section):
            parts = pair.split("-")
            if len(parts) != 2:
                out.append((loc + (section, pair, "[key]"),
                            f"expected a pair written 'a-b', got {pair!r}"))
                continue
            for r in parts:
                ref_ok(r, loc + (section, pair, "[key]"))
    for name in eff.alliances:
        if name in sc.alliances:
            continue
        parts = name.split("-")
        if len(parts) != 2 or not all(p in refs for p in parts):
            out.append((loc + ("alliances", name, "[key]"),
                        f"unknown alliance {name!r}: expected one of "
                        f"{', '.join(sorted(sc.alliances))} or a pair such as 'us-target'"))
    for section in ("influence", "enforcement"):
        for r in getattr(eff, section):
            ref_ok(r, loc + (section, r, "[key]"))
    for t in eff.tracks:
        if t not in sc.tracks:
            out.append((loc + ("tracks", t, "[key]"),
                        f"unknown track {t!r}: expected one of {', '.join(sc.tracks)}"))
    return out


def check_references(sc: Scenario, raw_levers: dict[str, Any]
                     ) -> tuple[list[tuple[Loc, str]], dict[str, LeverParams]]:
    """Everything the shape cannot say: names that must exist, values within declared bounds.
    Returns the problems and the validated lever parameters."""
    from .rules import initial_state
    out: list[tuple[Loc, str]] = []
    for ind in sc.indicators:
        if ind == "capital":
            out.append((("indicators", "capital", "[key]"),
                        "'capital' is set per actor by capital_per_turn, not as an indicator"))
    for a, actor in sc.actors.items():
        for core in CORE_INDICATORS:
            if core not in actor.indicators:
                out.append((("actors", a, "indicators"), f"missing indicator {core!r}"))
        for ind, val in actor.indicators.items():
            bd = sc.indicators.get(ind)
            if bd is None:
                out.append((("actors", a, "indicators", ind, "[key]"),
                            f"unknown indicator {ind!r}: declare it under 'indicators' "
                            f"(known: {', '.join(sorted(sc.indicators))})"))
            elif not bd.min <= val <= bd.max:
                out.append((("actors", a, "indicators", ind),
                            f"expected a value from {bd.min:g} to {bd.max:g}, got {val:g}"))
        for pname, pers in actor.personalities.items():
            for lid in pers.lever_bias:
                if lid not in CATALOGUE:
                    out.append((("actors", a, "personalities", pname, "lever_bias", lid, "[key]"),
                                f"unknown lever {lid!r}"))
            for j, re_ in enumerate(pers.reactions):
                where: Loc = ("actors", a, "personalities", pname, "reactions", j)
                if re_.after not in CATALOGUE:
                    hint = difflib.get_close_matches(re_.after, list(CATALOGUE), n=1)
                    out.append((where + ("after",), f"unknown lever {re_.after!r}"
                                + (f" (did you mean {hint[0]!r}?)" if hint else "")))
                for lid in re_.lever_bias:
                    if lid not in CATALOGUE:
                        out.append((where + ("lever_bias", lid, "[key]"),
                                    f"unknown lever {lid!r}"))
                own = {ob.key for ob in actor.objectives}
                for key in re_.weights:
                    if key not in own:
                        out.append((where + ("weights", key, "[key]"),
                                    f"{key!r} is not one of {a}'s objectives (expected one of "
                                    f"{', '.join(sorted(own))})"))
    for section in ("relations", "trade", "debts"):
        seen: dict[frozenset[str], str] = {}
        for pair in getattr(sc, section):
            parts = pair.split("-")
            where = (section, pair, "[key]")
            if len(parts) != 2:
                out.append((where, f"expected a pair of states written 'a-b', got {pair!r}"))
                continue
            bad = [p for p in parts if p not in ACTORS]
            if bad:
                out.append((where, f"unknown state {bad[0]!r}: expected one of "
                            f"{', '.join(ACTORS)}"))
                continue
            if parts[0] == parts[1]:
                out.append((where, "a pair needs two different states"))
                continue
            fs = frozenset(parts)
            if section != "debts" and fs in seen:
                out.append((where, f"duplicate pair: {pair!r} repeats {seen[fs]!r}"))
            seen[fs] = pair
    for j, pair in enumerate(sc.history.met):
        if pair[0] == pair[1]:
            out.append((("history", "met", j), "a meeting needs two different states"))
    kinds = [pp.kind for pp in sc.history.projects]
    for j, pp in enumerate(sc.history.projects):
        if kinds.index(pp.kind) != j:
            out.append((("history", "projects", j, "kind"), f"the {pp.kind} is listed twice"))
        if pp.status == "building" and pp.progress >= pp.needed:
            out.append((("history", "projects", j, "progress"),
                        f"expected less than needed ({pp.needed}) for a project being built"))
    for aid, al in sc.alliances.items():
        if al.members[0] == al.members[1]:
            out.append((("alliances", aid, "members"), "an alliance needs two different states"))
    # lever overrides, each checked by its lever's own model: the validated parameters of
    # every lever, in catalogue order, are what the scenario keeps and the rules use
    params: dict[str, LeverParams] = {}
    for lid, over in raw_levers.items():
        if lid not in CATALOGUE:
            hint = difflib.get_close_matches(lid, list(CATALOGUE), n=1)
            out.append((("levers", lid, "[key]"), f"unknown lever {lid!r}"
                        + (f" (did you mean {hint[0]!r}?)" if hint else "")))
            continue
        if not isinstance(over, dict):
            out.append((("levers", lid), "expected a mapping of lever settings"))
            continue
        try:
            params[lid] = CATALOGUE[lid].validate(over)
        except ValidationError as e:
            for err in e.errors():
                loc = ("levers", lid) + tuple(err["loc"])
                msg = _message(err)
                fields = _lever_fields(loc[:-1])
                if err["type"] == "extra_forbidden" and fields is not None:
                    msg = (f"unknown field {err['loc'][-1]!r}: not allowed here"
                           + _expected(str(err["loc"][-1]), fields))
                elif err["type"] == "too_long" and (err.get("ctx") or {}).get("max_length") == 0:
                    msg = f"{CATALOGUE[lid].name} takes no {err['loc'][-1]}: expected []"
                out.append((loc, msg))
    params = {lid: params[lid] if lid in params else lv.validate({})
              for lid, lv in CATALOGUE.items() if lid in params or lid not in raw_levers}
    # only what the scenario writes is checked against it: a lever's own defaults (the
    # transit project's income to russia.far_east) stay unchecked, as they are when the
    # lever is not mentioned at all, so `cost: 2` alone gets no error about text nobody wrote
    for lid, p in params.items():
        over = raw_levers.get(lid)
        if not isinstance(over, dict):
            continue
        found = _effects_problems(p.effects, ("levers", lid, "effects"), sc, False)
        found += _effects_problems(p.on_detect, ("levers", lid, "on_detect"), sc, False)
        for vname, v in p.variants.items():
            found += _effects_problems(v, ("levers", lid, "variants", vname), sc, False)
        out.extend(pr for pr in found if _written(over, pr[0][2:]))
    # events
    keys = set(initial_state(sc).values) if not out else set()
    seen_ids: dict[str, int] = {}
    for i, ev in enumerate(sc.events):
        if ev.id in seen_ids:
            out.append((("events", i, "id"), f"duplicate event id {ev.id!r} (also event "
                        f"#{seen_ids[ev.id] + 1})"))
        seen_ids.setdefault(ev.id, i)
        if ev.turn is not None and ev.turn > sc.turns:
            out.append((("events", i, "turn"), f"expected a turn from 1 to {sc.turns}, got "
                        f"{ev.turn}"))
        if ev.date is not None:
            if ev.turn is not None:
                out.append((("events", i, "date"), "an event is scripted by turn or by date, "
                            "not both"))
            elif (ev.date.year, ev.date.month) < (sc.start_date.year, sc.start_date.month):
                out.append((("events", i, "date"), f"expected a date from the start, "
                            f"{sc.start_date:%Y-%m}, on; got {ev.date}"))
        out.extend(_effects_problems(ev.effects, ("events", i, "effects"), sc, True))
        for j, c in enumerate(ev.conditions):
            if keys and c.key not in keys:
                hint = difflib.get_close_matches(c.key, sorted(keys), n=1)
                out.append((("events", i, "conditions", j, "key"),
                            f"unknown state key {c.key!r}"
                            + (f" (did you mean {hint[0]!r}?)" if hint else "")))
        for j, eo in enumerate(ev.orders):
            where = ("events", i, "orders", j)
            lv = CATALOGUE.get(eo.lever)
            if lv is None:
                hint = difflib.get_close_matches(eo.lever, list(CATALOGUE), n=1)
                out.append((where + ("lever",), f"unknown lever {eo.lever!r}"
                            + (f" (did you mean {hint[0]!r}?)" if hint else "")))
                continue
            ep = params.get(eo.lever)
            if ep is None:
                continue    # the lever's own settings are wrong: reported above
            if eo.actor not in ep.who:
                out.append((where + ("actor",), f"{eo.actor} cannot use {eo.lever}; "
                            f"expected one of {', '.join(ep.who)}"))
            if lv.target and (eo.target is None or eo.target not in ep.targets
                              or eo.target == eo.actor):
                out.append((where + ("target",), f"{eo.lever} needs a target from "
                            f"{', '.join(t for t in ep.targets if t != eo.actor)}"))
            if ep.options and eo.option not in ep.options:
                out.append((where + ("option",), f"{eo.lever} needs an option from "
                            f"{', '.join(ep.options)}"))
    # objectives name real keys
    if keys:
        from .rules import Rules
        for a, actor in sc.actors.items():
            for j, ob in enumerate(actor.objectives):
                k = Rules.objective_key(ob.key, a)
                if k not in keys:
                    hint = difflib.get_close_matches(k, sorted(keys), n=1)
                    out.append((("actors", a, "objectives", j, "key"),
                                f"unknown state key {ob.key!r}"
                                + (f" (did you mean {hint[0]!r}?)" if hint else "")))
    out.extend(_teaching_problems(sc, params, keys))
    # story checks name real keys, levers and turns
    if keys:
        from .checks import scenario_problems
        out.extend(scenario_problems(sc, keys, params))
    return out, params


def _teaching_problems(sc: Scenario, params: dict[str, LeverParams],
                       keys: set[str]) -> list[tuple[Loc, str]]:
    """Briefings name levers the state may use and other states; questions name real levers,
    events and state keys."""
    out: list[tuple[Loc, str]] = []

    def lever_known(lid: str, where: Loc) -> bool:
        if lid in CATALOGUE:
            return True
        hint = difflib.get_close_matches(lid, list(CATALOGUE), n=1)
        out.append((where, f"unknown lever {lid!r}" + (f" (did you mean {hint[0]!r}?)"
                                                        if hint else "")))
        return False

    def key_known(key: str, where: Loc) -> None:
        if keys and key not in keys:
            hint = difflib.get_close_matches(key, sorted(keys), n=1)
            out.append((where, f"unknown state key {key!r}"
                        + (f" (did you mean {hint[0]!r}?)" if hint else "")))

    for a, actor in sc.actors.items():
        b = actor.briefing
        if b is None:
            continue
        for j, kl in enumerate(b.levers):
            where: Loc = ("actors", a, "briefing", "levers", j, "lever")
            if lever_known(kl.lever, where) and kl.lever in params \
                    and a not in params[kl.lever].who:
                out.append((where, f"{a} cannot use {kl.lever}; a briefing's key levers are "
                            f"its own"))
        if a in b.others:
            out.append((("actors", a, "briefing", "others", a, "[key]"),
                        "'others' is about the other states, not this one"))
    events = {ev.id for ev in sc.events}
    seen: dict[str, int] = {}
    for i, q in enumerate(sc.questions):
        if q.id in seen:
            out.append((("questions", i, "id"), f"duplicate question id {q.id!r} (also "
                        f"question #{seen[q.id] + 1})"))
        seen.setdefault(q.id, i)
        for j, c in enumerate(q.when):
            where = ("questions", i, "when", j)
            if c.news is not None:
                if c.news.lever is not None:
                    lever_known(c.news.lever, where + ("news", "lever"))
                if c.news.event is not None and c.news.event not in events:
                    out.append((where + ("news", "event"), f"unknown event {c.news.event!r}: "
                                f"expected one of {', '.join(sorted(events)) or '(none)'}"))
            if c.value is not None:
                key_known(c.value.key, where + ("value", "key"))
        for m in re.finditer(QUESTION_FIELD, q.ask):
            field = m.group(1)
            if ":" in field:
                key_known(field.split(":", 1)[1], ("questions", i, "ask"))
            elif field == "turn" and not any(c.news or c.covert for c in q.when):
                out.append((("questions", i, "ask"), "{turn} needs a news or covert "
                            "condition under 'when' (it is the turn that condition first held)"))
    return out


# ------------------------------------------------------------------------------ entry points
def scenario_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_DOCUMENTS: OrderedDict[tuple[str, str, str], tuple[Any, _Marks]] = OrderedDict()
_DOCUMENTS_KEEP = 4


def _document(text: str, source: str, what: str = "a scenario",
              expected: str = "a scenario mapping (name, title, actors, ...)"
              ) -> tuple[Any, _Marks]:
    """The YAML document's data and the place of every path (bounded, see :mod:`limits`).
    The last few are kept: a sweep's grid cells, a replay's turns and a worker's cells parse
    the same text again and again, and composing is most of a parse's time. ``what`` and
    ``expected`` name the kind of file in messages (scenarios, story checks files)."""
    key = (text, source, what)
    hit = _DOCUMENTS.get(key)
    if hit is not None:
        _DOCUMENTS.move_to_end(key)
        return copy.deepcopy(hit[0]), hit[1]
    problems: list[Problem] = []
    if len(text) > limits.MAX_SCENARIO_BYTES:
        raise ScenarioError([Problem(source, None, None, "", f"{len(text):,} characters; "
                                     f"{what} may be at most "
                                     f"{limits.megabytes(limits.MAX_SCENARIO_BYTES)}")])
    try:
        node, loader = compose(text)
    except _Refused as e:
        line, col = _pos(e.mark) if e.mark else (None, None)
        raise ScenarioError([Problem(source, line, col, "", e.message)]) from None
    except yaml.reader.ReaderError as e:
        line, col = place_of_offset(text, e.position)
        code = ord(e.character) if isinstance(e.character, str) else e.character
        raise ScenarioError([Problem(source, line, col, "", f"character U+{code:04X} is not "
                                     f"allowed in {what} (a control character); "
                                     f"{what} is printable text")]) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = _pos(mark) if mark else (None, None)
        problem = (e.problem or "not valid YAML").strip()
        ctx = f" ({e.context})" if e.context else ""
        raise ScenarioError([Problem(source, line, col, "", f"YAML syntax: {problem}{ctx}")]) \
            from None
    except yaml.YAMLError as e:
        raise ScenarioError([Problem(source, None, None, "", f"YAML: {e}")]) from None
    try:
        if node is None:
            raise ScenarioError([Problem(source, 1, 1, "", f"the file is empty: expected "
                                         f"{expected}")])
        marks = _Marks()
        _walk(node, (), marks, problems, source)
        if problems:
            raise ScenarioError(problems)
        try:
            data = loader.construct_document(node)
        except yaml.MarkedYAMLError as e:     # e.g. a tag the safe loader will not construct
            mark = e.problem_mark or e.context_mark
            line, col = _pos(mark) if mark else (None, None)
            problem = (e.problem or "not valid YAML").strip()
            raise ScenarioError([Problem(source, line, col, "", f"YAML: {problem}")]) from None
        except (yaml.YAMLError, ValueError) as e:
            raise ScenarioError([Problem(source, None, None, "", f"YAML: {e}")]) from None
    finally:
        loader.dispose()
    _DOCUMENTS[key] = (copy.deepcopy(data), marks)
    while len(_DOCUMENTS) > _DOCUMENTS_KEEP:
        _DOCUMENTS.popitem(last=False)
    return data, marks


def read_document(text: str, source: str, what: str = "a scenario",
                  expected: str = "a scenario mapping (name, title, actors, ...)"
                  ) -> tuple[dict[str, Any], _Marks]:
    """YAML text → (its mapping, where each value stands), bounded and checked like a
    scenario; raises :class:`ScenarioError` with every problem's place (scenarios and story
    checks files alike)."""
    data, marks = _document(text, source, what, expected)
    if not isinstance(data, dict):
        raise ScenarioError([Problem(source, 1, 1, "", f"expected {expected} at the top of "
                                     f"the file")])
    return data, marks


def parse_scenario(text: str, source: str = "<scenario>",
                   overrides: list[str] | None = None) -> Scenario:
    """Validate scenario YAML text (plus overrides); raise :class:`ScenarioError`."""
    data, marks = read_document(text, source)
    set_locs: list[tuple[Loc, str]] = []
    for spec in overrides or []:
        try:
            set_locs.append((apply_override(data, spec), spec))
        except ValueError as e:
            msg = str(e).removeprefix(f"--set {spec}: ")
            raise ScenarioError([Problem(f"--set {short_spec(spec)}", None, None, "", msg)]) \
                from None

    def place(loc: Loc, message: str) -> Problem:
        clean = tuple(x for x in loc if x != "[key]")
        for sloc, spec in set_locs:
            if clean[:len(sloc)] == sloc:
                return Problem(f"--set {short_spec(spec)}", None, None, _dotted(clean), message)
        line, col = marks.find(loc) or (None, None)
        return Problem(source, line, col, _dotted(loc), message)

    try:
        sc = Scenario.model_validate(data)
    except ValidationError as e:
        from .checks import _data_loc, _dedupe
        raise ScenarioError(_dedupe([
            place(_data_loc(tuple(err["loc"]), data) if err["loc"][:1] == ("checks",)
                  else tuple(err["loc"]), _message(err))
            for err in e.errors()])) from None
    refs, params = check_references(sc, data.get("levers") or {})
    if refs:
        raise ScenarioError([place(loc, msg) for loc, msg in refs])
    sc.keep_lever_params(params)
    return sc


def read_text(path: str | Path, what: str = "a scenario") -> str:
    """A scenario-sized UTF-8 text file's text; :class:`ScenarioError` naming the file (and
    the line and column of a byte that is not UTF-8) when it cannot be read."""
    try:
        raw = limits.read_bounded(path, limits.MAX_SCENARIO_BYTES, what)
    except FileNotFoundError:
        raise ScenarioError([Problem(str(path), None, None, "", "no such file")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(str(path), None, None, "", f"is a folder, not "
                                     f"{what} file")]) from None
    except InputTooLarge as e:
        raise ScenarioError([Problem(str(path), None, None, "", str(e))]) from None
    except OSError as e:
        raise ScenarioError([Problem(str(path), None, None, "", f"cannot read: "
                                     f"{e.strerror or e}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = place_of_offset(raw, e.start)
        hint = (" (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "")
        raise ScenarioError([Problem(str(path), line, col, "", f"not UTF-8 text: byte "
                                     f"0x{raw[e.start]:02x}{hint}; save the file as UTF-8")]) \
            from None
    return text


def read_scenario(path: str | Path, overrides: list[str] | None = None) -> tuple[str, Scenario]:
    """The file's text and its validated scenario."""
    text = read_text(path)
    return text, parse_scenario(text, str(path), overrides)


def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Scenario:
    return read_scenario(path, overrides)[1]
