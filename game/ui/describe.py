"""Words for numbers: state keys, effects, orders and causes as a player reads them.

Display only: every number comes from the engine (values, lever effects and estimates,
ledger causes); nothing here decides what an order does.
"""
from __future__ import annotations

from ..engine import Game, Order
from . import palette as pal

ARTICLES = {"summit-2019": "summit-2019 (The National Interest, 2019)",
            "odd-couple-2015": "odd-couple-2015 (Doug Bandow, 2015)",
            "scenario": "the scenario"}
TRACKS = {"tension": "tension", "un_sanctions": "UN sanctions", "talks": "nuclear talks",
          "ukraine": "Ukraine confrontation"}


def short(actor: str | None) -> str:
    """A state's short code for tight spaces: USA, RUS, CHN, DPRK, ROK, JPN."""
    return pal.STATES[actor].code if actor in pal.STATES else (actor or "")


def key_label(game: Game, key: str) -> str:
    """"dprk.economy" → "DPRK economy"; "relation.china.dprk" → "CHN–DPRK relations"."""
    parts = key.split(".")
    sc = game.scenario
    if parts[0] in ("relation", "trade") and len(parts) == 3:
        return f"{short(parts[1])}–{short(parts[2])} {parts[0]}{'s' if parts[0] == 'relation' else ''}"
    if parts[0] == "alliance":
        al = sc.alliances.get(parts[1])
        return f"{al.label if al else parts[1]} cohesion"
    if parts[0] == "influence":
        return f"{short(parts[1])} influence in Pyongyang"
    if parts[0] == "enforcement":
        return f"{short(parts[1])} sanctions enforcement"
    if parts[0] == "track":
        return TRACKS.get(parts[1], parts[1].replace("_", " "))
    if parts[0] == "debt" and len(parts) == 3:
        return f"{short(parts[1])} debt to {short(parts[2])} ($bn)"
    if parts[0] in game.actors and len(parts) == 2:
        if parts[1] == "capital":
            return f"{short(parts[0])} political capital"
        ind = sc.indicators.get(parts[1])
        return f"{short(parts[0])} {(ind.label if ind else parts[1]).lower()}"
    return key


def number(d: float) -> str:
    """+3, −2, +0.5 (a real minus sign; whole numbers without decimals)."""
    s = f"{abs(d):.0f}" if abs(d - round(d)) < 0.05 or abs(d) >= 10 else f"{abs(d):.1f}"
    return ("+" if d >= 0 else "−") + s


def effects_text(game: Game, deltas, limit: int = 6) -> list[str]:
    """Merged, largest first: ["+3 DPRK economy", "−2 tension", ...]."""
    merged: dict[str, float] = {}
    for k, d in deltas:
        merged[k] = merged.get(k, 0.0) + d
    rows = [(k, d) for k, d in merged.items() if abs(d) >= 0.05]
    rows.sort(key=lambda kd: -abs(kd[1]))
    out = [f"{number(d)} {key_label(game, k)}" for k, d in rows[:limit]]
    if len(rows) > limit:
        out.append(f"and {len(rows) - limit} more")
    return out


def expected(game: Game, order: Order) -> tuple:
    """The lever's expected effects for this actor and target: its own estimate when it has
    one (summits, joint actions, projects), else its effects resolved for actor and target."""
    rules = game.rules
    lv = rules.levers[order.lever]
    p = rules.params[order.lever]
    if lv.estimate is not None:
        return tuple(lv.estimate(rules, game.state, order, p))
    return rules.resolver.resolve(p.effects, order.actor, order.target)


def option_label(option: str | None) -> str:
    return (option or "").replace("_", " ")


def order_text(game: Game, order: Order, with_actor: bool = False, brief: bool = False) -> str:
    """"Propose a summit → North Korea (talks)" (``brief``: states by short name, e.g.
    "N. Korea", for narrow rows)."""
    r = game.rules

    def name(a: str) -> str:
        return pal.STATES[a].short if brief and a in pal.STATES else r.name(a)

    s = r.lever_name(order.lever)
    if order.target:
        s += f" → {name(order.target)}"
    if order.option and order.option != "none":
        s += f" ({option_label(order.option)})"
    if with_actor:
        s = f"{name(order.actor)}: {s}"
    return s


def provenance(article: str | None, passage: str | None) -> str:
    if not passage:
        return ""
    return f"“{passage}” — {ARTICLES.get(article or '', article or '')}"
