"""Economy: aid, debt, trade, transit projects, Kaesong and the Russian Far East."""
from __future__ import annotations

import math

from typing import TYPE_CHECKING, Annotated, Literal, cast, get_args

from pydantic import Field

from ..facts import Fact
from ..kinds import Deltas
from ..scenario import Effects, LeverParams, Numbers, Options, Variants
from ..ledger import Cause
from ..orders import Order
from ..state import Project, State, pair_key
from . import Check, Lever, Mix, Outcomes, Resolve, cached_cause, eff, fixed_mix, from_mix, register

if TYPE_CHECKING:
    from ..effects import Ctx
    from ..rules import Rules

ProjectKind = Literal["coal_terminal", "railroad", "gas_pipeline", "power_lines"]
PROJECTS: list[str] = list(get_args(ProjectKind))
NEEDS = ("dprk", "rok")   # a transit project runs through the North to the South

Turns = Annotated[int, Field(ge=1, le=100)]
Months = Annotated[int, Field(ge=1, le=240)]


class DebtNumbers(Numbers):
    share: Annotated[float, Field(ge=0, le=1)] = Field(
        default=0.9, description="the share of the debt written off")


class DebtParams(LeverParams):
    params: DebtNumbers = Field(default_factory=DebtNumbers)


class ProjectNumbers(Numbers):
    # months, not turns: a pipeline takes as long to lay whatever a turn stands for
    months: Months = Field(default=12, description="months of work a project needs")
    months_coal_terminal: Months | None = Field(
        default=6, description="months of work a coal terminal needs (none: months)")
    months_railroad: Months | None = Field(
        default=18, description="months of work a railroad needs (none: months)")
    months_gas_pipeline: Months | None = Field(
        default=24, description="months of work a gas pipeline needs (none: months)")
    months_power_lines: Months | None = Field(
        default=None, description="months of work power lines need (none: months)")
    # "economic plans are not always executed in the North" (odd-couple-2015): a month of
    # work planned is done three times in four (judgement)
    execution: Annotated[float, Field(gt=0, le=1)] = Field(
        default=0.75, description="the chance that a month of work planned on a project that is "
                                 "not stalled is done (each month of a turn drawn apart)")
    max_tension: Annotated[float, Field(ge=0, le=100)] = Field(
        default=70.0, description="work stalls while tension is at least this")
    min_korean_relation: Annotated[float, Field(ge=-100, le=100)] = Field(
        default=-70.0, description="work stalls while DPRK-ROK relations are below this")
    expiry: Turns = Field(
        default=3, description="a project both Koreas have not joined after this many turns "
                               "is shelved")

    def months_for(self, kind: str) -> int:
        """Months of work a project of this kind needs."""
        own: int | None = getattr(self, f"months_{kind}", None)
        return self.months if own is None else own

    def turns_to_build(self, months: int, turn_months: int) -> int:
        """The turns ``months`` of work are expected to take: months done a turn are the
        turn's months times the chance each is done."""
        if months <= 0:
            return 0
        return max(1, math.ceil(months / (turn_months * self.execution) - 1e-9))


class ProjectVariants(Variants):
    complete: Effects = Field(default_factory=Effects,
                              description="once, when a project is complete")
    income: Effects = Field(default_factory=Effects,
                            description="every turn a complete project pays")


class ProjectParams(LeverParams):
    params: ProjectNumbers = Field(default_factory=ProjectNumbers)
    variants: ProjectVariants = Field(default_factory=ProjectVariants)
    options: Options[ProjectKind] = Field(default_factory=lambda: list(get_args(ProjectKind)),
                                       description="the projects that may be proposed")


class JoinParams(LeverParams):
    options: Options[ProjectKind] = Field(default_factory=lambda: list(get_args(ProjectKind)),
                                       description="the projects that may be joined")


def sanctions_scale(state: State, actor: str, target: str | None) -> float:
    """How much of a deal with the DPRK survives the UN regime and the dealer's enforcement."""
    if "dprk" not in (actor, target):
        return 1.0
    dealer = target if actor == "dprk" else actor
    un = state.values["track.un_sanctions"] / 100.0
    enf = state.values.get(f"enforcement.{dealer}", 50.0) / 100.0
    return max(0.2, 1.0 - 0.8 * un * enf)


def _debt_check(rules: Rules, state: State, order: Order, p: DebtParams) -> str | None:
    if state.values.get(f"debt.{order.target}.{order.actor}", 0.0) < 0.5:
        return "that state owes you nothing worth writing off"
    return None


def _debt_effects(rules: Rules, state: State, order: Order, p: DebtParams) -> Deltas:
    key = f"debt.{order.target}.{order.actor}"
    cut = -round(state.values[key] * p.params.share, 4)
    return rules.resolver.resolve(p.effects, order.actor, order.target) + ((key, cut),)


def _writeoff(ctx: Ctx, order: Order, p: DebtParams, cause: Cause) -> None:
    key = f"debt.{order.target}.{order.actor}"
    before = ctx.state.values[key]
    for k, d in _debt_effects(ctx.rules, ctx.state, order, p):
        ctx.change(k, d, cause)
    ctx.say(f"{ctx.rules.name(order.actor)} writes off {before - ctx.state.values[key]:.1f} "
            f"bn USD of {ctx.rules.name(order.target)}'s debt", cause)


class TradeVariants(Variants):
    with_dprk: Effects = Field(default_factory=Effects,
                               description="what the dealer also gains from a deal with the "
                                           "DPRK (cut by sanctions like the rest)")


class TradeParams(LeverParams):
    variants: TradeVariants = Field(default_factory=TradeVariants)


def _trade(ctx: Ctx, order: Order, p: TradeParams, cause: Cause) -> None:
    scale = sanctions_scale(ctx.state, order.actor, order.target)
    ctx.apply(p.effects, order.actor, order.target, cause, scale)
    if order.target == "dprk":
        ctx.apply(p.variants.with_dprk, order.actor, order.target, cause, scale)
    note = f" (sanctions cut it to {scale:.0%})" if scale < 1 else ""
    ctx.say(f"{ctx.rules.name(order.actor)} and {ctx.rules.name(order.target)} sign a trade "
            f"agreement{note}", cause)


def _trade_mix(rules: Rules, order: Order, p: TradeParams) -> Mix:
    a, t = order.actor, order.target
    deltas = (rules.resolver.resolve(p.effects, a, t),)
    if "dprk" not in (a, t):
        return deltas, (1.0,)     # sanctions_scale is 1 without the DPRK
    if t == "dprk":
        deltas = (deltas[0] + rules.resolver.resolve(p.variants.with_dprk, a, t),)
    return deltas, lambda state: (sanctions_scale(state, a, t),)


def _project_check(rules: Rules, state: State, order: Order,
                   p: ProjectParams) -> str | None:
    for pr in state.projects:
        if pr.kind == order.option and pr.status in ("proposed", "building", "complete"):
            return f"the {order.option.replace('_', ' ')} is already {pr.status}"
    return None


def _start_project(ctx: Ctx, order: Order, p: ProjectParams, cause: Cause) -> None:
    assert order.option is not None   # a lever with options: the rules checked the order
    needed = p.params.months_for(order.option)
    ctx.state.projects.append(Project(order.option, order.actor, ctx.turn, 0, needed))
    ctx.say(f"{ctx.rules.name(order.actor)} proposes a {order.option.replace('_', ' ')} through "
            f"the DPRK to the ROK; it needs both Koreas to join", cause,
            fact=Fact(ctx.turn, "project_started", order.actor, None, order.lever,
                      order.option))


def _project_estimate(rules: Rules, state: State | None, order: Order,
                      p: ProjectParams) -> Deltas:
    share = 0.25
    return tuple((k, d * share) for k, d in rules.resolver.resolve(p.variants.complete,
                                                                  order.actor, None))


def _project_outcomes(rules: Rules, state: State, order: Order, p: ProjectParams) -> Outcomes:
    """A transit project: both Koreas must join (from next turn); then it takes its turns of
    work and pays every turn after."""
    ck = ("project-outcomes", order.actor, order.option)
    hit: Outcomes | None = rules.cache.get(ck)
    if hit is None:
        assert order.option is not None   # a lever with options: the rules checked the order
        r = rules.resolver
        jp = rules.params["join_project"]
        hit = rules.cache[ck] = Outcomes(
            "all-yes", NEEDS, (), r.resolve(p.variants.complete, order.actor, None), (),
            tuple(r.resolve(jp.effects, k, order.actor) for k in NEEDS),
            tuple(() for _ in NEEDS), yes_cost=tuple(jp.cost for _ in NEEDS),
            no_cost=tuple(0 for _ in NEEDS), delay=1 + p.params.turns_to_build(p.params.months_for(order.option),
                                               rules.scenario.turn_months),
            stream=r.resolve(p.variants.income, order.actor, None),
            answer_lever=("join_project", ""))
    return hit


def _join_outcomes(rules: Rules, state: State, order: Order, p: JoinParams) -> Outcomes | None:
    """Joining a project: it goes ahead once the other Korea is in too."""
    for pr in state.projects:
        if (pr.builder == order.target and pr.kind == order.option
                and pr.status in ("proposed", "building") and order.actor not in pr.joined):
            others = tuple(k for k in NEEDS if k != order.actor and k not in pr.joined)
            tp = cast(ProjectParams, rules.params["transit_project"])
            r = rules.resolver
            left = (max(1, tp.params.turns_to_build(pr.needed - pr.progress,
                                                    rules.scenario.turn_months))
                    + (1 if others else 0))
            return Outcomes(
                "all-yes", others, r.resolve(p.effects, order.actor, order.target),
                r.resolve(tp.variants.complete, pr.builder, None), (),
                tuple(r.resolve(p.effects, k, order.target) for k in others),
                tuple(() for _ in others), yes_cost=tuple(p.cost for _ in others),
                no_cost=tuple(0 for _ in others), delay=left,
                stream=r.resolve(tp.variants.income, pr.builder, None),
                answer_lever=("join_project", ""))
    return None


def _join_check(rules: Rules, state: State, order: Order, p: JoinParams) -> str | None:
    for pr in state.projects:
        if (pr.builder == order.target and pr.kind == order.option
                and pr.status in ("proposed", "building") and order.actor not in pr.joined):
            return None
    return "no project of that kind by that state is waiting for you"


def _join_gate(rules: Rules, state: State, actor: str) -> bool:
    for pr in state.projects:
        if pr.status in ("proposed", "building") and actor not in pr.joined:
            return True
    return False


def _join(ctx: Ctx, order: Order, p: JoinParams, cause: Cause) -> None:
    for pr in ctx.state.projects:
        if (pr.builder == order.target and pr.kind == order.option
                and pr.status in ("proposed", "building") and order.actor not in pr.joined):
            pr.joined = tuple(a for a in ctx.rules.actors if a in pr.joined + (order.actor,))
            ctx.apply(p.effects, order.actor, order.target, cause)
            if pr.status == "proposed" and set(NEEDS) <= set(pr.joined):
                pr.status = "building"
                ctx.say(f"Both Koreas are in: work starts on the "
                        f"{pr.kind.replace('_', ' ')}", cause,
                        fact=Fact(ctx.turn, "project_building", pr.builder, None,
                                  "transit_project", pr.kind))
            else:
                ctx.say(f"{ctx.rules.name(order.actor)} joins the "
                        f"{pr.kind.replace('_', ' ')}", cause)
            return


def _join_estimate(rules: Rules, state: State | None, order: Order, p: JoinParams) -> Deltas:
    tp = cast(ProjectParams, rules.params["transit_project"])
    return (rules.resolver.resolve(p.effects, order.actor, order.target)
            + tuple((k, d * 0.4) for k, d in rules.resolver.resolve(tp.variants.complete,
                                                                    order.target, None)))


def _advance_projects(ctx: Ctx, p: ProjectParams) -> None:
    """Every turn after the economy phase: a project both Koreas have not joined within
    ``expiry`` turns is shelved; one being built advances a turn unless tension is too high or
    the Koreas too hostile, and pays its ``complete`` effects once finished."""
    state = ctx.state
    lv = ctx.rules.levers["transit_project"]
    max_t = p.params.max_tension
    min_rel = p.params.min_korean_relation
    expiry = p.params.expiry
    for pr in state.projects:
        ctx.begin()
        label = pr.kind.replace("_", " ")
        cause = Cause("project", f"Transit project: the {label}", pr.builder, lv.id,
                      None, None, False, lv.article, lv.passage)
        if pr.status == "proposed" and ctx.turn - pr.started >= expiry:
            pr.status = "cancelled"
            ctx.say(f"The {label} is shelved: the Koreas never both signed up", cause,
                    fact=Fact(ctx.turn, "project_shelved", pr.builder, None, lv.id, pr.kind))
        elif pr.status == "building":
            if (state.values["track.tension"] >= max_t
                    or state.values[pair_key("relation", "dprk", "rok")] < min_rel):
                ctx.say(f"Work on the {label} stalls: tension is too high or the Koreas too "
                        f"hostile", cause)
                continue
            months = ctx.rules.scenario.turn_months
            if p.params.execution < 1.0:
                # "economic plans are not always executed in the North": each month's work
                # is done or not, drawn apart
                rng, chance = ctx.rng, p.params.execution
                months = sum(1 for _ in range(months) if rng.random() < chance)
                if not months:
                    ctx.say(f"Work on the {label} falls behind: the plan is not carried "
                            f"out", cause)
                    continue
            pr.progress = min(pr.needed, pr.progress + months)
            if pr.progress >= pr.needed:
                pr.status = "complete"
                ctx.apply(p.variants.complete, pr.builder, None, cause)
                ctx.say(f"The {label} from Russia through the North to the South is complete",
                        cause, fact=Fact(ctx.turn, "project_completed", pr.builder, None,
                                         lv.id, pr.kind))


def _project_income(ctx: Ctx, p: ProjectParams) -> None:
    """Every turn in drift: each complete project pays its ``income`` effects (a month's:
    a turn of N months pays N times as much)."""
    months = ctx.rules.scenario.turn_months
    for pr in ctx.state.projects:
        if pr.status == "complete":
            ctx.apply(p.variants.income, pr.builder, None,
                      cached_cause(ctx.rules, "project",
                                   f"Income from the {pr.kind.replace('_', ' ')}", pr.builder,
                                   "transit_project"), months)


def _kaesong_open(want: bool) -> Check:
    def check(rules: Rules, state: State, order: Order, p: LeverParams) -> str | None:
        if state.kaesong_open != want:
            return "the Kaesong Industrial Complex is " + ("closed" if want else "open")
        return None
    return check


def _kaesong_invest(ctx: Ctx, order: Order, p: LeverParams, cause: Cause) -> None:
    assert order.target is not None   # a lever with a target: the rules checked the order
    scale = sanctions_scale(ctx.state, order.actor, order.target)
    for k, d in ctx.rules.resolver.resolve(p.effects, order.actor, order.target):
        ctx.change(k, d * scale if k.startswith(order.target + ".") else d, cause)
    note = f" (sanctions cut it to {scale:.0%})" if scale < 1 else ""
    ctx.say(f"{ctx.rules.name(order.actor)} invests in the Kaesong Industrial Complex{note}",
            cause)


def _kaesong_mix(rules: Rules, order: Order, p: LeverParams) -> Mix:
    """What the investment does: the North's gains cut by sanctions, the rest whole."""
    a, t = order.actor, order.target
    assert t is not None      # a lever with a target: the rules checked the order
    deltas = rules.resolver.resolve(p.effects, a, t)
    north = tuple((k, d) for k, d in deltas if k.startswith(t + "."))
    rest = tuple((k, d) for k, d in deltas if not k.startswith(t + "."))
    return (rest, north), lambda state: (1.0, sanctions_scale(state, a, t))


def _set_kaesong(value: bool, headline: str) -> Resolve:
    def resolve(ctx: Ctx, order: Order, p: LeverParams, cause: Cause) -> None:
        if ctx.state.kaesong_open == value:
            return
        ctx.state.kaesong_open = value
        ctx.apply(p.effects, order.actor, order.target, cause)
        ctx.say(headline, cause)
    return resolve


def _aid_effects(rules: Rules, state: State, order: Order, p: LeverParams) -> Deltas:
    """Aid keeps a state afloat rather than rich: each of the recipient's own gains is cut by
    how well off it already is in that indicator (at 25 it gets three quarters, at 80 a
    fifth); the donor's cost and the goodwill and influence it buys are whole."""
    t = order.target
    assert t is not None      # a lever with a target: the rules checked the order
    out = []
    for k, d in rules.resolver.resolve(p.effects, order.actor, t):
        if d > 0 and k.startswith(t + "."):
            lo, hi = state.bounds.get(k, (0.0, 100.0))
            d *= max(0.0, (hi - state.values[k]) / (hi - lo)) if hi > lo else 0.0
        out.append((k, d))
    return tuple(out)


def _aid(ctx: Ctx, order: Order, p: LeverParams, cause: Cause) -> None:
    for k, d in _aid_effects(ctx.rules, ctx.state, order, p):
        ctx.change(k, d, cause)
    ctx.say(cause.label, cause)


register(
    Lever(
        id="food_energy_aid", name="Food and energy aid", group="economy", phase="economy",
        article="odd-couple-2015",
        passage="There is no aid, like the energy and food provided by the PRC",
        summary="Ship food and fuel: the recipient's economy, stability and fuel rise — the "
                "less so the better off it already is — and so does your influence there; it "
                "costs you.",
        # the PRC's aid to the DPRK: "There is no aid, like the energy and food provided by
        # the PRC" (Moscow gives none). Aid keeps the North afloat rather than rich. To the
        # donor it is political capital and a little money: at -1 economy a month, sixteen
        # months of it cost China's economy 16 points of 78 (judgement: -0.25)
        defaults=dict(cost=2, who=["china"], targets=["dprk"],
                      effects=eff(indicators={"target": {"economy": 1, "stability": 1,
                                                         "fuel": 5},
                                              "actor": {"economy": -0.25}},
                                  influence={"actor": 3},
                                  relations={"actor-target": 4})),
        resolve=_aid, estimate=_aid_effects),
    Lever(
        id="debt_writeoff", name="Write off debt", group="economy", phase="economy",
        article="odd-couple-2015",
        passage="a 90 percent debt write-off of the $11 billion Soviet-era loans North Korea "
                "owed Russia",
        summary="Forgive most of what a state owes you: goodwill and influence at little real "
                "cost, since it was never going to be repaid.",
        defaults=dict(cost=1, effects=eff(relations={"actor-target": 6}, influence={"actor": 3},
                                          indicators={"target": {"economy": 1}})),
        model=DebtParams, check=_debt_check, resolve=_writeoff, estimate=_debt_effects),
    Lever(
        id="trade_agreement", name="Trade and economic agreement", group="economy",
        phase="economy", article="odd-couple-2015",
        passage="predicted a ten-fold increase of trade between Russia and the North to $1 "
                "billion annually by 2020",
        summary="Sign a trade deal: trade between you grows (and with it both economies, turn "
                "after turn). With the DPRK, sanctions cut what it is worth.",
        # one agreement a year between the same two (judgement); no US or Japanese trade
        # deals with the sanctioned North. With the DPRK, Moscow's Far East gains
        # ("Alexander Galushka, in charge of economic development of Russia's Far East,
        # predicted a ten-fold increase of trade") and the dealer's pull in Pyongyang grows,
        # all of it cut by sanctions.
        defaults=dict(cost=2, cooldown_months=12,
                      pairs=["us-russia", "us-china", "us-rok", "us-japan", "russia-china",
                             "russia-dprk", "russia-rok", "russia-japan", "china-dprk",
                             "china-rok", "china-japan", "dprk-rok", "rok-japan"],
                      effects=eff(trade={"actor-target": 8}, relations={"actor-target": 3},
                                  indicators={"actor": {"economy": 0.5},
                                              "target": {"economy": 0.5}}),
                      variants={"with_dprk": eff(indicators={"actor": {"far_east": 2}},
                                                 influence={"actor": 2})}),
        model=TradeParams, resolve=_trade, estimate=from_mix, estimate_mix=_trade_mix),
    Lever(
        id="transit_project", name="Transit project through the DPRK", group="economy",
        phase="economy", article="odd-couple-2015",
        passage="In this way the Putin government is interested in northern Korea, not North "
                "Korea",
        summary="Propose a coal terminal, railroad, gas pipeline or power line from Russia "
                "through the North to the South. Both Koreas must join; it takes a year or two of "
                "work, falls behind now and then, and stalls when tension runs high. Once "
                "complete it pays every turn.",
        defaults=dict(cost=3, who=["russia"], options=PROJECTS,
                      variants={
                          "complete": eff(indicators={"russia": {"far_east": 8, "clout": 3},
                                                      "dprk": {"hard_currency": 4},
                                                      "rok": {"economy": 2}},
                                          influence={"russia": 5},
                                          relations={"russia-rok": 4, "dprk-rok": 5},
                                          trade={"russia-rok": 5}),
                          # a month's transit fees: "Already Russia is shipping some coal
                          # to the South" — some, not a boom (judgement: the coal terminal
                          # of both scenarios' history pays this from turn 1)
                          "income": eff(indicators={"russia": {"far_east": 0.5},
                                                    "dprk": {"hard_currency": 0.5},
                                                    "rok": {"economy": 0.1}})}),
        model=ProjectParams, target=False, check=_project_check, resolve=_start_project,
        outcomes=_project_outcomes,
        estimate=from_mix, estimate_mix=fixed_mix(_project_estimate),
        option_label="Project", each_turn=_advance_projects, drift=_project_income),
    Lever(
        id="join_project", name="Join a transit project", group="economy", phase="economy",
        article="odd-couple-2015",
        passage="railroad, gas pipeline, and power transmission lines from Russia passing "
                "through North Korea to the South",
        summary="Sign up to a transit project Russia proposed. Work starts once both Koreas "
                "have joined.",
        defaults=dict(cost=1, who=["dprk", "rok"], targets=["russia"], options=PROJECTS,
                      effects=eff(relations={"actor-target": 2})),
        model=JoinParams, check=_join_check, check_gate=_join_gate, resolve=_join,
        outcomes=_join_outcomes,
        estimate=from_mix, estimate_mix=fixed_mix(_join_estimate), option_label="Project"),
    Lever(
        id="kaesong_investment", name="Invest in the Kaesong Industrial Complex",
        group="economy", phase="economy", article="odd-couple-2015",
        passage="Russian investment there would leave the North less dependent on its southern "
                "neighbor",
        summary="Put money into Kaesong: the North earns more and leans less on Seoul; your "
                "influence grows.",
        # "Russian investment there": Moscow's money, its own economy pays (profit "is likely
        # to prove elusive"), and sanctions cut what reaches the North
        defaults=dict(cost=1, who=["russia"], targets=["dprk"], cooldown_months=6,
                      effects=eff(indicators={"target": {"hard_currency": 2, "economy": 1},
                                              "actor": {"economy": -0.5}},
                                  influence={"actor": 2}, relations={"actor-target": 2})),
        check=_kaesong_open(True), resolve=_kaesong_invest, estimate=from_mix,
        estimate_mix=_kaesong_mix),
    Lever(
        id="close_kaesong", name="Close the Kaesong Industrial Complex", group="economy",
        phase="economy", article="odd-couple-2015",
        passage="some have suggested closing the facility to cut hard currency transfers to "
                "Pyongyang",
        summary="Shut Kaesong: the North loses hard currency, inter-Korean relations and your "
                "own firms suffer, Washington approves.",
        defaults=dict(cost=1, who=["rok"], targets=["dprk"],
                      effects=eff(indicators={"target": {"hard_currency": -4, "economy": -2},
                                              "actor": {"economy": -0.5}},
                                  relations={"actor-target": -8}, alliances={"us-rok": 2},
                                  tracks={"tension": 3})),
        check=_kaesong_open(True),
        resolve=_set_kaesong(False, "Seoul closes the Kaesong Industrial Complex")),
    Lever(
        id="reopen_kaesong", name="Reopen the Kaesong Industrial Complex", group="economy",
        phase="economy", article="odd-couple-2015",
        passage="North Korea's Kaesong Industrial Complex, which is mostly filled with South "
                "Korean firms",
        summary="Reopen Kaesong: inter-Korean engagement resumes and the North earns again.",
        defaults=dict(cost=2, who=["rok"], targets=["dprk"],
                      effects=eff(indicators={"target": {"hard_currency": 2, "economy": 1},
                                              "actor": {"economy": 0.5}},
                                  relations={"actor-target": 6}, alliances={"us-rok": -1},
                                  tracks={"tension": -2})),
        check=_kaesong_open(False),
        resolve=_set_kaesong(True, "Seoul reopens the Kaesong Industrial Complex")),
    Lever(
        id="far_east_investment", name="Invest in Russia's Far East", group="economy",
        phase="economy", article="summit-2019",
        passage="seeking Seoul's assistance in developing Russia's underdeveloped Far East",
        summary="Put money into Russia's Far East: Moscow's development goal advances and "
                "relations warm, but Washington frowns on its ally's coziness.",
        defaults=dict(cost=2, who=["rok", "japan", "china"], targets=["russia"],
                      cooldown_months=6,
                      effects=eff(indicators={"target": {"far_east": 5, "economy": 1},
                                              "actor": {"economy": -0.5}},
                                  relations={"actor-target": 4}, alliances={"us-actor": -2},
                                  trade={"actor-target": 2}))),
)
