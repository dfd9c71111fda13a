"""Covert levers: sanctions evasion and quiet help. Hidden from other states until detected.

A covert order's effects land at once, but its cause is seen only by the states involved.
In the detection phase each undetected operation of the last few turns is rolled against
its chance of being found, which grows with the watchers' enforcement of the UN regime;
found, it becomes public and its ``on_detect`` consequences follow.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

from pydantic import Field

from ..facts import Fact
from ..kinds import Deltas, LeverId
from ..ledger import Cause
from ..orders import Order
from ..scenario import Effects, LeverParams, Numbers, Variants
from ..state import CovertOp, State
from . import Lever, Mix, Weights, eff, from_mix, regained, register

if TYPE_CHECKING:
    from ..effects import Ctx
    from ..rules import Rules


class CovertNumbers(Numbers):
    watch: Annotated[float, Field(ge=0, le=100)] = Field(
        default=0.3, description="how much the sharpest watcher's enforcement (0-100) adds to "
                                 "the chance of detection: chance = detection + watch × "
                                 "enforcement / 100, halving each turn after")


class CovertParams(LeverParams):
    """Every covert lever's parameters: detection and its consequences, and ``watch``."""

    params: CovertNumbers = Field(default_factory=CovertNumbers)


class HardToSpotNumbers(CovertNumbers):
    watch: Annotated[float, Field(ge=0, le=100)] = Field(
        default=0.12, description="how much the sharpest watcher's enforcement (0-100) adds to "
                                  "the chance of detection (less than most: hard to spot)")


class HardToSpotParams(CovertParams):
    params: HardToSpotNumbers = Field(default_factory=HardToSpotNumbers)


class FuelNumbers(CovertNumbers):
    short_at: Annotated[float, Field(ge=0, le=100)] = Field(
        default=20.0, description="the DPRK's fuel at or below which it is short: a transfer "
                                  "buys its supplier the whole of its relief")
    ample_at: Annotated[float, Field(ge=0, le=100)] = Field(
        default=45.0, description="the DPRK's fuel at or above which it has enough: a transfer "
                                  "buys its supplier nothing in Pyongyang (between the two, "
                                  "in a straight line)")


class FuelVariants(Variants):
    relief: Effects = Field(default_factory=Effects,
                            description="what the supplier (actor: the side that is not the "
                                        "DPRK; target: the DPRK) gains from a transfer, times "
                                        "the DPRK's need for fuel (0..1)")


class FuelParams(CovertParams):
    params: FuelNumbers = Field(default_factory=FuelNumbers)
    variants: FuelVariants = Field(default_factory=FuelVariants)


def fuel_need(state: State, p: FuelParams) -> float:
    """How short of fuel the DPRK is (0..1): all of it at or below ``short_at``, none at or
    above ``ample_at``, in a straight line between; 0 in a scenario without DPRK fuel."""
    fuel = state.values.get("dprk.fuel")
    if fuel is None:
        return 0.0
    lo, hi = p.params.short_at, p.params.ample_at
    if fuel <= lo:
        return 1.0
    if fuel >= hi or hi <= lo:
        return 0.0
    return (hi - fuel) / (hi - lo)


def _supplier(order: Order) -> str:
    """The side of a fuel transfer that is not the DPRK (whichever side ordered it)."""
    return order.target if order.actor == "dprk" and order.target else order.actor


def _fuel(ctx: Ctx, order: Order, p: FuelParams, cause: Cause) -> None:
    need = fuel_need(ctx.state, p)      # before the transfer's own fuel lands
    _covert(ctx, order, p, cause)
    if need > 0.0:
        ctx.apply(p.variants.relief, _supplier(order), "dprk", cause, need)


def _fuel_mix(rules: Rules, order: Order, p: FuelParams) -> Mix:
    """_fuel as a mix: the transfer itself, at weight 1, and the supplier's relief, at the
    DPRK's need for fuel now."""
    r = rules.resolver
    relief: Deltas = r.resolve(p.variants.relief, _supplier(order), "dprk")

    def weigh(state: State) -> Weights:
        return (1.0, fuel_need(state, p))
    return (r.resolve(p.effects, order.actor, order.target), relief), weigh


class MarketNumbers(CovertNumbers):
    regain_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=3, description="months for the buyer's demand to come back after a sale: a "
                               "sale sooner earns the share of them gone by (0: always all)")


class MarketParams(CovertParams):
    params: MarketNumbers = Field(default_factory=MarketNumbers)


def market_share(rules: Rules, state: State, order: Order, p: MarketParams) -> float:
    """The share (0..1) of a full sale's earnings a sale now brings: all of it the first
    time, or once ``regain_months`` have gone by since the last sale; sooner, the share of
    them gone by (Syria's market is small: selling every month does not earn every month)."""
    return regained(rules, state, order, p.params.regain_months)


def _market(ctx: Ctx, order: Order, p: MarketParams, cause: Cause) -> None:
    _covert(ctx, order, p, cause, market_share(ctx.rules, ctx.state, order, p))


def _market_mix(rules: Rules, order: Order, p: MarketParams) -> Mix:
    """_market as a mix: a full sale's earnings at the market's share now."""
    def weigh(state: State) -> Weights:
        return (market_share(rules, state, order, p),)
    return (rules.resolver.resolve(p.effects, order.actor, order.target),), weigh


def _dprk_involved(rules: Rules, state: State, order: Order, p: CovertParams) -> str | None:
    if "dprk" not in (order.actor, order.target):
        return "a fuel transfer needs the DPRK on one side"
    return None


def _workers_in_force(rules: Rules, state: State, order: Order, p: CovertParams) -> str | None:
    if any(workers for _, workers in state.resolutions):
        return None
    return "no UN resolution in force requires North Korean workers to go home"


def _covert(ctx: Ctx, order: Order, p: CovertParams, cause: Cause,
            scale: float = 1.0) -> None:
    ctx.apply(p.effects, order.actor, order.target, cause, scale)
    ctx.state.covert.append(CovertOp(ctx.turn, order.actor, order.lever, order.target))
    ctx.say(f"(secret) {ctx.rules.name(order.actor)}: {ctx.rules.lever_name(order.lever)}"
            + (f" with {ctx.rules.name(order.target)}" if order.target else ""), cause,
            public=False, actors=tuple(a for a in (order.actor, order.target) if a),
            fact=Fact(ctx.turn, "covert", order.actor, order.target, order.lever))


def detection_chance(rules: Rules, state: State, op: CovertOp) -> float:
    """The chance an operation is found this turn: its lever's base chance, plus the sharpest
    watcher's enforcement (states not involved), halving with each turn since it happened."""
    p = cast(CovertParams, rules.params[op.lever])    # a covert lever's: its model's
    watch = max((state.values.get(f"enforcement.{a}", 0.0) for a in rules.actors
                 if a not in (op.actor, op.target)), default=0.0)
    chance = p.detection + p.params.watch * watch / 100.0
    age = state.turn - op.turn
    halvings: int = 2 ** age     # age >= 0 (int ** int is typed Any: a negative one is a float)
    return min(1.0, chance / halvings)


def watcher(rules: Rules, state: State, op: CovertOp) -> str:
    """Who blows the whistle: the strictest enforcer among the states not involved."""
    best, best_v = "us", -1.0
    for a in rules.actors:
        if a in (op.actor, op.target):
            continue
        v = state.values.get(f"enforcement.{a}", 0.0)
        if v > best_v:
            best, best_v = a, v
    return best


def exposure_chance(rules: Rules, state: State, lever: LeverId, actor: str,
                    target: str | None) -> float:
    """The chance an operation ordered now is ever found: rolled this turn and the next
    three, its chance halving each turn (see :func:`detection_chance`), with the watchers'
    enforcement as it is now. The stricter the enforcement, the riskier the evasion."""
    p = cast(CovertParams, rules.params[lever])    # a covert lever's: its model's
    watch = max((state.values.get(f"enforcement.{a}", 0.0) for a in rules.actors
                 if a not in (actor, target)), default=0.0)
    chance = min(1.0, p.detection + p.params.watch * watch / 100.0)
    missed = 1.0
    for age in range(4):
        missed *= 1.0 - chance / (2 ** age)
    return 1.0 - missed


def likely_risk(p: CovertParams) -> float:
    """The chance a computer player reckons an operation is found: its base chance plus the
    watchers' share at a typical enforcement of 60."""
    return min(1.0, p.detection + p.params.watch * 0.6)

register(
    Lever(
        id="ship_to_ship_fuel", name="Ship-to-ship fuel transfers", group="covert",
        phase="covert", article="summit-2019", covert=True,
        passage="the illegal shipment of fuel oil at sea",
        summary="Move fuel oil to North Korean tankers at sea. The DPRK gets fuel, and the "
                "shorter it is, the more grateful it is to its supplier; if caught, the UN "
                "regime tightens and both sides lose face.",
        # "continued Russian help evading punitive economic sanctions ... including the
        # illegal shipment of fuel oil at sea": Moscow and Pyongyang, either side ordering it.
        # What it buys the supplier in Pyongyang (variants.relief, times fuel_need) is
        # scenario data: none by default; the 2019 scenario, under the UNSCR 2397 cap, sets it
        defaults=dict(cost=1, who=["dprk", "russia"], targets=["dprk", "russia"],
                      effects=eff(indicators={"dprk": {"fuel": 8, "economy": 0.5}}),
                      detection=0.15,
                      on_detect=eff(tracks={"un_sanctions": 3, "tension": 1},
                                    indicators={"actor": {"clout": -3}, "target": {"clout": -2}},
                                    relations={"actor-us": -5, "target-us": -5})),
        model=FuelParams, check=_dprk_involved, resolve=_fuel, estimate=from_mix,
        estimate_mix=_fuel_mix),
    Lever(
        id="chemical_exports", name="Chemical exports to Syria", group="covert", phase="covert",
        article="summit-2019", covert=True,
        passage="as well as the export of chemicals to Syria",
        summary="Sell chemicals to Syria for hard currency (less if you sold in the last three "
                "months: the market is small). If caught: outrage, tighter UN sanctions, higher "
                "tension.",
        # Syria's market is small (judgement): a sale within 3 months of the last earns the
        # share of them gone by; with every sale worth the same, Pyongyang sold 12 times a
        # game and was exposed 7 times (issue 9: "the same failures every game")
        defaults=dict(cost=1, who=["dprk"], params={"regain_months": 3},
                      effects=eff(indicators={"actor": {"hard_currency": 5, "economy": 0.5}}),
                      detection=0.15,
                      on_detect=eff(tracks={"un_sanctions": 4, "tension": 2},
                                    indicators={"actor": {"clout": -3}},
                                    relations={"actor-us": -5, "actor-japan": -3,
                                               "actor-china": -2})),
        model=MarketParams, target=False, resolve=_market, estimate=from_mix,
        estimate_mix=_market_mix, remembers=True),
    Lever(
        id="workers_abroad", name="Slow-roll the return of North Korean workers",
        group="covert", phase="covert", article="summit-2019", covert=True,
        passage="Pyongyang, which benefits economically from their labor abroad, could ask "
                "Moscow to slow-roll their return",
        summary="Keep North Korean workers on quietly, against UNSCR 2397: Pyongyang earns hard "
                "currency and is grateful; if exposed, you lose standing.",
        # "Moscow still hasn't sent home all of the North Korean workers": Russia, against a
        # resolution in force that sends them home (history.resolutions: UNSCR 2397)
        defaults=dict(cost=1, who=["russia"], targets=["dprk"],
                      effects=eff(indicators={"target": {"hard_currency": 4},
                                              "actor": {"economy": 0.3}},
                                  relations={"actor-target": 2}, influence={"actor": 1}),
                      detection=0.1,
                      on_detect=eff(indicators={"actor": {"clout": -3}},
                                    relations={"actor-us": -4}, tracks={"un_sanctions": 2})),
        model=CovertParams, resolve=_covert, check=_workers_in_force, check_per_target=True),
    Lever(
        id="tech_help", name="Covert science-and-technology help", group="covert",
        phase="covert", article="summit-2019", covert=True,
        passage="important science and technology and industrial programs where the possibility "
                "of detecting collaboration is reduced",
        summary="Quiet help with the DPRK's industrial and weapons science: its programme and "
                "military grow, your influence too. Hard to detect — and damning when it is.",
        # "North Korea may seek help from Russia on important science and technology"
        defaults=dict(cost=2, who=["russia"], targets=["dprk"],
                      effects=eff(indicators={"target": {"nuclear": 3, "military": 2}},
                                  influence={"actor": 3}, relations={"actor-target": 3}),
                      detection=0.03,
                      on_detect=eff(relations={"actor-us": -8, "actor-japan": -5,
                                               "actor-rok": -5},
                                    indicators={"actor": {"clout": -4}},
                                    tracks={"tension": 3, "un_sanctions": 3})),
        model=HardToSpotParams, resolve=_covert),
)
