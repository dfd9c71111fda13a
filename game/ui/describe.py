"""Words for numbers: effects and orders as a player reads them.

Display only: every number and label comes from the engine's views (changes with their
labels, lever choices, orders); nothing here decides what an order does or who may see it.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..engine import Change, Game, Order, OrderView
from . import palette as pal


def short(actor: str | None) -> str:
    """A state's short code for tight spaces: USA, RUS, CHN, DPRK, ROK, JPN."""
    return pal.STATES[actor].code if actor in pal.STATES else (actor or "")


def number(d: float) -> str:
    """+3, −2, +0.5 (a real minus sign; whole numbers without decimals)."""
    s = f"{abs(d):.0f}" if abs(d - round(d)) < 0.05 or abs(d) >= 10 else f"{abs(d):.1f}"
    return ("+" if d >= 0 else "−") + s


def effects_text(changes: Sequence[Change], limit: int = 6) -> list[str]:
    """A view's changes (merged per key), largest first: ["+3 DPRK economy", "−2 tension",
    ...], each with the engine's short label."""
    rows = [c for c in changes if abs(c.delta) >= 0.05]
    rows.sort(key=lambda c: -abs(c.delta))
    out = [f"{number(c.delta)} {c.short}" for c in rows[:limit]]
    if len(rows) > limit:
        out.append(f"and {len(rows) - limit} more")
    return out


def option_label(option: str | None) -> str:
    return (option or "").replace("_", " ")


def order_text(game: Game, order: Order | OrderView, with_actor: bool = False,
               brief: bool = False) -> str:
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
