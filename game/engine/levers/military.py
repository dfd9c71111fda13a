"""Alliances and military: drills, wedges and reassurance, arms, and the DPRK's tests."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from ..kinds import Deltas
from ..ledger import Cause
from ..orders import Order
from ..scenario import Effects, LeverParams, Numbers, Variants
from ..state import State
from . import Lever, Marker, Mix, Outcomes, Weights, eff, from_mix, partnered, register

if TYPE_CHECKING:
    from ..effects import Ctx
    from ..rules import Rules


class DrillNumbers(Numbers):
    hostile_below: Annotated[float, Field(ge=-100, le=100)] = Field(
        default=-20.0, description="a state whose relations with either partner are below "
                                   "this feels threatened by the drills")


class DrillVariants(Variants):
    threatened: Effects = Field(default_factory=Effects,
                                description="each partner and each state that feels threatened")


class DrillParams(LeverParams):
    params: DrillNumbers = Field(default_factory=DrillNumbers)
    variants: DrillVariants = Field(default_factory=DrillVariants)


class ReassureNumbers(Numbers):
    settled_at: Annotated[float, Field(ge=0, le=100)] = Field(
        default=80.0, description="an alliance's cohesion at which the ally needs no more "
                                  "reassurance: visits and guarantees add nothing")
    shaken_at: Annotated[float, Field(ge=0, le=100)] = Field(
        default=50.0, description="cohesion at or below which reassurance has its full effect "
                                  "(between the two, the effect falls in a straight line)")
    after_test: Annotated[float, Field(ge=0, le=100)] = Field(
        default=10.0, description="points a North Korean missile or nuclear test raises the "
                                  "cohesion both allies want (settled_at and shaken_at)")
    test_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=2, description="months after a test during which the allies want more")


class ReassureVariants(Variants):
    reassurance: Effects = Field(default_factory=Effects,
                                 description="what a shaken ally gets from reassurance, times "
                                             "its need (0..1)")


class ReassureParams(LeverParams):
    params: ReassureNumbers = Field(default_factory=ReassureNumbers)
    variants: ReassureVariants = Field(default_factory=ReassureVariants)


TESTS = ("missile_test", "nuclear_test")
"""The DPRK's tests, after which Seoul and Tokyo want more reassurance."""


class ArmsNumbers(Numbers):
    dprk_price: Annotated[float, Field(ge=0, le=100)] = Field(
        default=10.0, description="hard currency Pyongyang needs to buy weapons")
    debt_paid: Annotated[float, Field(ge=0, le=1000)] = Field(
        default=1.0, description="debt (bn USD) a transfer to a creditor pays off")


class ArmsVariants(Variants):
    to_dprk: Effects = Field(default_factory=Effects,
                             description="a sale to the DPRK, in defiance of sanctions")


class ArmsParams(LeverParams):
    params: ArmsNumbers = Field(default_factory=ArmsNumbers)
    variants: ArmsVariants = Field(default_factory=ArmsVariants)


def _drills(ctx: Ctx, order: Order, p: DrillParams, cause: Cause) -> None:
    assert order.target is not None   # a lever with a target: the rules checked the order
    both = partnered(ctx, order)
    n = ctx.rules.name
    if not both:
        ctx.say(f"{n(order.actor)} plans joint drills, but {n(order.target)} does not take part: "
                f"the exercise is called off", cause)
        return
    tag = ("joint_drills",) + tuple(sorted((order.actor, order.target)))
    if tag in ctx.flags:
        return
    ctx.flags.add(tag)
    ctx.apply(p.effects, order.actor, order.target, cause)
    # every state hostile to either partner feels threatened by the exercise
    hostile = p.params.hostile_below
    v = ctx.state.values
    from ..state import pair_key
    for other in ctx.rules.actors:
        if other in (order.actor, order.target):
            continue
        if min(v[pair_key("relation", other, order.actor)],
               v[pair_key("relation", other, order.target)]) < hostile:
            ctx.apply(p.variants.threatened, order.actor, other, cause)
            ctx.apply(p.variants.threatened, order.target, other, cause)
    ctx.say(f"{n(order.actor)} and {n(order.target)} hold joint military exercises", cause)


def _drills_mix(rules: Rules, order: Order, p: DrillParams) -> Mix:
    # drills happen only if the partner drills too: a computer player counts on 70%
    return (rules.resolver.resolve(p.effects, order.actor, order.target),), (0.7,)


def _drills_outcomes(rules: Rules, state: State, order: Order, p: DrillParams) -> Outcomes:
    """Drills happen only if the partner drills too (this turn): then their effects, once."""
    ck = ("drill-outcomes", order.actor, order.target)
    hit: Outcomes | None = rules.cache.get(ck)
    if hit is None:
        assert order.target is not None   # a lever with a target: the rules checked the order
        hit = rules.cache[ck] = Outcomes(
            "all-yes", (order.target,), (),
            rules.resolver.resolve(p.effects, order.actor, order.target), (), ((),), ((),),
            yes_cost=(p.cost,), no_cost=(0,), answer_lever=(order.lever, ""))
    return hit


def tested_lately(rules: Rules, state: State, months: int) -> bool:
    """Did the DPRK test a missile or a device in the last ``months`` months (before this
    turn: orders are simultaneous, so a test this turn is news only afterwards)?"""
    if months <= 0:
        return False
    turns = max(1, -(-months // rules.scenario.turn_months))
    for lid in TESTS:
        last = state.last_lever.get(("dprk", lid))
        if last is not None and 0 < state.turn - last <= turns:
            return True
    return False


def reassure_need(rules: Rules, state: State, order: Order, p: ReassureParams) -> float:
    """How much the ally needs reassurance (0..1): all of it when the alliance is shaken (at
    or below ``shaken_at``), none once it is settled (``settled_at``), in a straight line
    between; a recent DPRK test raises both by ``after_test``."""
    assert order.target is not None   # a lever with a target: the rules checked the order
    n = p.params
    key = f"alliance.{rules.resolver.alliance_id(order.actor, order.target)}"
    cohesion = state.values.get(key)
    if cohesion is None:
        return 0.0
    bump = n.after_test if tested_lately(rules, state, n.test_months) else 0.0
    hi, lo = n.settled_at + bump, n.shaken_at + bump
    if cohesion <= lo:
        return 1.0
    if cohesion >= hi or hi <= lo:
        return 0.0
    return (hi - cohesion) / (hi - lo)


def _reassure(ctx: Ctx, order: Order, p: ReassureParams, cause: Cause) -> None:
    need = reassure_need(ctx.rules, ctx.state, order, p)
    ctx.apply(p.effects, order.actor, order.target, cause)
    ctx.apply(p.variants.reassurance, order.actor, order.target, cause, need)
    n = ctx.rules.name
    if need >= 0.67:
        how = "shaken, it takes heart"
    elif need > 0.0:
        how = f"it takes some comfort (its need {need:.0%})"
    else:
        how = "it feels secure already: nothing gained"
    ctx.say(f"{n(order.actor)} reassures {n(order.target)}; {how}", cause)


def _reassure_mix(rules: Rules, order: Order, p: ReassureParams) -> Mix:
    """_reassure as a mix: what it costs, at weight 1, and the reassurance, at the ally's
    need now."""
    r = rules.resolver

    def weigh(state: State) -> Weights:
        return (1.0, reassure_need(rules, state, order, p))
    return (r.resolve(p.effects, order.actor, order.target),
            r.resolve(p.variants.reassurance, order.actor, order.target)), weigh


def _arms_check(rules: Rules, state: State, order: Order, p: ArmsParams) -> str | None:
    if order.target == "dprk":
        price = p.params.dprk_price
        if state.values.get("dprk.hard_currency", 0.0) < price:
            return f"Pyongyang cannot pay: it needs {price:g} hard currency"
    return None


def _arms_effects(rules: Rules, state: State, order: Order, p: ArmsParams) -> Deltas:
    if order.target == "dprk":
        return rules.resolver.resolve(p.variants.to_dprk, order.actor, order.target)
    out = rules.resolver.resolve(p.effects, order.actor, order.target)
    debt = f"debt.{order.actor}.{order.target}"
    if state.values.get(debt, 0.0) > 0:
        out = out + ((debt, -min(state.values[debt], p.params.debt_paid)),)
    return out


def _arms_mix(rules: Rules, order: Order, p: ArmsParams) -> Mix:
    """_arms_effects as a mix: the transfer's effects, and the debt it pays off (a part
    ((debt key, 1),) weighed by minus what is paid)."""
    if order.target == "dprk":
        return (rules.resolver.resolve(p.variants.to_dprk, order.actor, order.target),), (1.0,)
    debt = f"debt.{order.actor}.{order.target}"
    paid = p.params.debt_paid

    def weigh(state: State) -> Weights:
        owed = state.values.get(debt, 0.0)
        return (1.0, -min(owed, paid)) if owed > 0 else (1.0, 0.0)
    return (rules.resolver.resolve(p.effects, order.actor, order.target), ((debt, 1.0),)), weigh


def _arms(ctx: Ctx, order: Order, p: ArmsParams, cause: Cause) -> None:
    for k, d in _arms_effects(ctx.rules, ctx.state, order, p):
        ctx.change(k, d, cause)
    n = ctx.rules.name
    if order.target == "dprk":
        ctx.say(f"{n(order.actor)} sells advanced weapons to {n('dprk')} in defiance of "
                f"sanctions", cause)
    else:
        ctx.say(f"{n(order.actor)} transfers weapons to {n(order.target)}", cause)


register(
    Lever(
        id="joint_drills", name="Joint military exercises", group="military", phase="military",
        article="odd-couple-2015",
        passage="Joint military maneuvers are planned for later this year",
        summary="Drill with a partner — only if the partner orders drills with you the same "
                "turn. The alliance tightens; tension rises; rivals feel threatened.",
        # only between allies and the Russia–DPRK maneuvers the passage names
        defaults=dict(cost=2, pairs=["us-rok", "us-japan", "russia-dprk"],
                      effects=eff(alliances={"actor-target": 6},
                                          indicators={"actor": {"military": 1},
                                                      "target": {"military": 1}},
                                          relations={"actor-target": 3}, tracks={"tension": 4}),
                      variants={"threatened": eff(relations={"actor-target": -2})}),
        model=DrillParams, partner="joint_drills", resolve=_drills, outcomes=_drills_outcomes,
        marker=Marker("drill", "actor", "drills with {target}"), estimate=from_mix,
        estimate_mix=_drills_mix, threat=True),
    Lever(
        id="drive_wedge", name="Drive a wedge into a US alliance", group="military",
        phase="military", article="summit-2019",
        passage="Moscow could look to create cracks in the U.S.-South Korea alliance",
        summary="Court Seoul or Tokyo away from Washington: the alliance's cohesion drops and "
                "you gain a little goodwill.",
        # cracks are made by patient courtship, not monthly: once in two months per ally
        defaults=dict(cost=1, who=["russia", "china", "dprk"], targets=["rok", "japan"],
                      cooldown_months=2,
                      effects=eff(alliances={"us-target": -4}, relations={"actor-target": 2,
                                                                          "actor-us": -2}))),
    Lever(
        id="reassure_ally", name="Reassure an ally", group="military", phase="military",
        article="summit-2019",
        passage="Russia also wouldn't mind rattling the U.S.-Japan alliance, either",
        summary="Visits, guarantees and deployments that tell Seoul or Tokyo Washington is "
                "there, at some cost: cohesion rises the more, the more the alliance is "
                "shaken (or just after a North Korean test); a settled ally gains nothing.",
        # visits, guarantees and deployments take time: once in two months per ally.
        # Reassurance answers rattling ("Russia also wouldn't mind rattling the U.S.-Japan
        # alliance"), so what it does depends on how rattled the ally is (judgement): the
        # full +8 (it was +5 whatever the state) for an alliance shaken to 65 or below,
        # nothing for one settled at 85 or above, in a straight line between (the US–Japan
        # alliance starts at 78–80 in the historical scenarios: Tokyo needs a little; Seoul,
        # at 70, more). A North Korean test raises both marks by 5 for two months
        # (judgement: "Seoul and Tokyo need reassurance after the test").
        defaults=dict(cost=1, who=["us"], targets=["rok", "japan"], cooldown_months=2,
                      params={"settled_at": 85, "shaken_at": 65, "after_test": 5,
                              "test_months": 2},
                      effects=eff(indicators={"actor": {"economy": -0.5}}),
                      variants={"reassurance": eff(alliances={"actor-target": 8},
                                                   relations={"actor-target": 3})}),
        model=ReassureParams, resolve=_reassure, estimate=from_mix,
        estimate_mix=_reassure_mix, threat=True),
    Lever(
        id="arms_transfer", name="Arms sale or transfer", group="military", phase="military",
        article="odd-couple-2015",
        passage="Moscow even transferred weapons to the ROK to help pay off Russia's debts to "
                "the South",
        summary="Sell or transfer weapons. To a creditor it pays down debt; to the DPRK (the "
                "Su-35 it wants) it breaks sanctions and it needs hard currency Pyongyang "
                "rarely has.",
        # Moscow's transfers to the ROK (its creditor) and the Su-35 Pyongyang wants;
        # Washington's sales to its allies
        defaults=dict(cost=2, who=["russia", "us"],
                      pairs=["russia-rok", "russia-dprk", "us-rok", "us-japan"],
                      effects=eff(indicators={"target": {"military": 3},
                                              "actor": {"economy": 1}},
                                  relations={"actor-target": 4}),
                      variants={"to_dprk": eff(indicators={"target": {"military": 5,
                                                                      "hard_currency": -10},
                                                           "actor": {"economy": 1}},
                                               relations={"actor-target": 4, "actor-us": -6,
                                                          "actor-japan": -3, "actor-rok": -3},
                                               tracks={"tension": 3})}),
        model=ArmsParams, check=_arms_check, resolve=_arms,
        estimate=from_mix, estimate_mix=_arms_mix, threat=True),
    Lever(
        id="missile_test", name="Missile test", group="military", phase="military",
        article="odd-couple-2015",
        passage="The Chinese have grown increasingly irritated with Pyongyang's determination "
                "to build nuclear weapons",
        summary="Fire a missile: the programme and the regime's standing at home grow; tension "
                "jumps and neighbours, Beijing included, are angered.",
        defaults=dict(cost=1, who=["dprk"],
                      effects=eff(indicators={"actor": {"military": 2, "stability": 2,
                                                        "nuclear": 1},
                                              "japan": {"stability": -2}},
                                  tracks={"tension": 7},
                                  relations={"actor-japan": -5, "actor-us": -4,
                                             "actor-rok": -4, "actor-china": -2})),
        target=False, marker=Marker("drill", "actor", "missile test"), threat=True),
    Lever(
        id="nuclear_test", name="Nuclear test", group="military", phase="military",
        article="odd-couple-2015",
        passage="the Kim regime was never planning to negotiate away its nuclear weapons, its "
                "most important leverage with the rest of the world",
        summary="Test a nuclear device: a big step for the programme, a bigger jump in "
                "tension, talks collapse and every neighbour is furious.",
        # a test takes months to prepare (the DPRK tested twice in 2016): one in six months
        defaults=dict(cost=3, who=["dprk"], cooldown_months=6,
                      effects=eff(indicators={"actor": {"nuclear": 6, "stability": 3},
                                              "japan": {"stability": -3},
                                              "rok": {"stability": -2}},
                                  tracks={"tension": 14, "talks": -10, "un_sanctions": 4},
                                  relations={"actor-japan": -8, "actor-us": -8, "actor-rok": -8,
                                             "actor-china": -8, "actor-russia": -4})),
        target=False, marker=Marker("drill", "actor", "nuclear test"), outrage=True, threat=True),
)
