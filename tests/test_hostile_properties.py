"""Property: any finite in-bounds `--set` value plays without breaking an invariant, and any
other value (out of bounds, NaN, ±inf, text, a whole-number field given a fraction) is refused
before the game.

The fields are drawn from every kind the schema has numbers in: track values and war_at,
state indicators, enforcement, relations, drift, personalities, lever costs, detection and
typed parameters, event probabilities, objective weights and effects. Each field's range comes
from the schema itself (pydantic's ge/le/gt/lt), or, for the ranges that depend on other
values (a track's value, war_at, an indicator), from the scenario.
"""
from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from game.engine import Game, Rules, ScenarioError, parse_scenario
from game.engine.levers import CATALOGUE
from game.engine.limits import MAX_MAGNITUDE
from game.engine.scenario import Drift, Personality
from hostile_cases import S2019

TEXT = S2019.read_text(encoding="utf-8")
BASE = parse_scenario(TEXT)
TURNS = 3
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "120"))
"""Examples per run; HOSTILE_EXAMPLES=2000 for a longer hunt (1,500 passed when written)."""


def _metadata(info) -> list:
    """A field's constraints: its own, and those inside its type (``Annotated[int, Field(ge=1)]
    | None``)."""
    import typing
    out = list(info.metadata)
    todo = [info.annotation]
    while todo:
        ann = todo.pop()
        if typing.get_origin(ann) is typing.Annotated:
            args = typing.get_args(ann)
            for m in args[1:]:
                out.extend(getattr(m, "metadata", [m]))
            todo.append(args[0])
        elif typing.get_origin(ann) in (typing.Union, __import__("types").UnionType):
            todo.extend(typing.get_args(ann))
    return out


def _range(info) -> tuple[float, float, bool, bool]:
    """(lo, hi, lo open?, hi open?) from a pydantic field's metadata."""
    lo, hi, lo_open, hi_open = -MAX_MAGNITUDE, MAX_MAGNITUDE, False, False
    for m in _metadata(info):
        if getattr(m, "ge", None) is not None:
            lo = m.ge
        if getattr(m, "gt", None) is not None:
            lo, lo_open = m.gt, True
        if getattr(m, "le", None) is not None:
            hi = m.le
        if getattr(m, "lt", None) is not None:
            hi, hi_open = m.lt, True
    return float(lo), float(hi), lo_open, hi_open


def _is_int(info) -> bool:
    import typing
    ann = info.annotation
    args = [a for a in typing.get_args(ann) if a is not type(None)] or [ann]
    base = args[0]
    while typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]
    return base is int


def fields() -> list[tuple[str, float, float, bool, bool, bool]]:
    """(path, lo, hi, lo open, hi open, whole numbers only)."""
    sc = BASE
    tension = sc.tracks["tension"]
    out = [
        ("tracks.tension.value", tension.min, tension.war_at, False, True, False),
        ("tracks.tension.war_at", tension.value, tension.max, True, False, False),
        ("tracks.talks.value", sc.tracks["talks"].min, sc.tracks["talks"].max, False, False,
         False),
        ("tracks.un_sanctions.value", 0.0, 100.0, False, False, False),
        ("actors.china.enforcement", 0.0, 100.0, False, False, False),
        ("actors.dprk.indicators.economy", sc.indicators["economy"].min,
         sc.indicators["economy"].max, False, False, False),
        ("actors.russia.capital_per_turn", 0.0, 20.0, False, False, True),
        ("relations.us-russia", -100.0, 100.0, False, False, False),
        ("events.0.probability", 0.0, 1.0, False, False, False),
        ("actors.us.objectives.0.weight", 0.0, 10.0, True, False, False),
        ("levers.denounce.effects.tracks.tension", -MAX_MAGNITUDE, MAX_MAGNITUDE, False,
         False, False),
    ]
    for name, info in Drift.model_fields.items():
        if info.annotation is float:
            out.append((f"drift.{name}", *_range(info), False))
    for name in ("risk", "aggression", "cooperation", "noise", "max_orders"):
        info = Personality.model_fields[name]
        out.append((f"actors.dprk.personalities.balanced.{name}", *_range(info),
                    _is_int(info)))
    for lid in ("food_energy_aid", "ship_to_ship_fuel", "transit_project", "debt_writeoff",
                "propose_summit", "joint_drills", "arms_transfer", "unsc_resolution"):
        model = CATALOGUE[lid].model
        out.append((f"levers.{lid}.cost", *_range(model.model_fields["cost"]), True))
        out.append((f"levers.{lid}.detection", *_range(model.model_fields["detection"]),
                    False))
        params = model.model_fields["params"].annotation
        for pname, info in getattr(params, "model_fields", {}).items():
            if _is_int(info) or info.annotation in (float, int) or "float" in str(
                    info.annotation):
                out.append((f"levers.{lid}.params.{pname}", *_range(info), _is_int(info)))
    return out


FIELDS = fields()

values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-150, max_value=150),
    st.integers(min_value=-5, max_value=120),
    st.integers(min_value=-10 ** 40, max_value=10 ** 40),
    st.sampled_from([".nan", ".inf", "-.inf", ".NaN", "1e400", "-1e400", "lots", "true",
                     "1e6", "1000001", "0", "1", "-0.0"]),
)


def _text(v) -> str:
    return v if isinstance(v, str) else repr(v)


def _number(text: str):
    """The number the loader reads from this --set value (YAML 1.1 plus exponents without a
    dot), or None for text."""
    from game.engine.loader import safe_value
    try:
        v = safe_value(text)
    except Exception:  # noqa: BLE001
        return None
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def in_bounds(field, text: str) -> bool:
    _, lo, hi, lo_open, hi_open, whole = field
    v = _number(text)
    if v is None or (whole and not isinstance(v, int)) or not math.isfinite(v):
        return False
    return (lo < v if lo_open else lo <= v) and (v < hi if hi_open else v <= hi)


def check_invariants(game: Game) -> None:
    st_ = game.state
    for k, v in st_.values.items():
        lo, hi = st_.bounds[k]
        assert math.isfinite(v), (k, v)
        assert lo - 1e-9 <= v <= hi + 1e-9, (k, v, lo, hi)
    for a, s in game.scores().items():
        assert math.isfinite(s) and 0.0 <= s <= 100.0, (a, s)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=values, seed=st.integers(0, 2 ** 32))
def test_a_set_value_plays_or_is_refused_before_the_game(field, value, seed):
    text = _text(value)
    spec = f"{field[0]}={text}"
    if in_bounds(field, text):
        event("in bounds: played")
        rules = Rules(parse_scenario(TEXT, "s.yaml", [spec]))
        game = Game(rules, seed)
        check_invariants(game)
        for _ in range(TURNS):
            if game.over:
                break
            game.play_turn({})
            check_invariants(game)
    else:
        event("out of bounds: refused")
        with pytest.raises(ScenarioError):
            parse_scenario(TEXT, "s.yaml", [spec])


def test_the_fields_cover_every_kind():
    kinds = {f[0].split(".")[0] for f in FIELDS}
    assert kinds == {"tracks", "actors", "relations", "events", "levers", "drift"}
    assert any(".params." in f[0] for f in FIELDS) and len(FIELDS) > 40


@pytest.mark.parametrize("spec", ["tracks.tension.value=99.999", "tracks.tension.war_at=50.01",
                                  "levers.denounce.effects.tracks.tension=1000000",
                                  "levers.denounce.effects.tracks.tension=-1000000",
                                  "actors.dprk.indicators.economy=0",
                                  "levers.transit_project.params.months=240"])
def test_edges_of_the_ranges_play(spec):
    game = Game(Rules(parse_scenario(TEXT, "s.yaml", [spec])), 1)
    for _ in range(4):
        if not game.over:
            game.play_turn({})
        check_invariants(game)
