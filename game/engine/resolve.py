"""Resolving one turn: every state's orders together, in a fixed and documented order.

The phases (see RULES.md) are: costs → responses (answers to last turn's invitations, vetoes,
then the Security Council's votes) → diplomacy → sanctions → economy (then transit projects
advance) → military → covert → detection → events → drift → war check and scores.
Within a phase, orders go in the fixed actor order (US, Russia, China, DPRK, ROK, Japan) and
then in the order each state listed them. An order legal when submitted can still fail when
its phase comes (say, the invitation it answers was withdrawn); it then costs its capital and
the news says why.
"""
from __future__ import annotations

from collections.abc import Callable
from random import Random
from typing import Literal, TypedDict, cast

from .effects import Ctx
from .facts import Fact
from .kinds import StateKey
from .ledger import Cause, Ledger
from .levers import PHASES, Lever, Phase, cached_cause
from .levers.covert import detection_chance, watcher
from .orders import Order
from .rules import Rules
from .scenario import Condition, Event, Op
from .state import CovertOp, State, pair_key

ORDER_PHASES: tuple[Phase, ...] = ("responses", "diplomacy", "sanctions", "economy", "military", "covert")
_OPS: dict[Op, Callable[[float, float], bool]] = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__,
        "==": float.__eq__}

DRIFT = Cause("drift", "Drift: what happens on its own each turn")


_c = cached_cause


def lever_cause(rules: Rules, order: Order, kind: Literal["lever", "event"] = "lever") -> Cause:
    hit: Cause | None = rules.cache.get(("lever_cause", kind, order.lever, order.actor, order.target))
    if hit is None:
        hit = rules.cache[("lever_cause", kind, order.lever, order.actor, order.target)] = \
            _lever_cause(rules, order, kind)
    return hit


def _lever_cause(rules: Rules, order: Order, kind: Literal["lever", "event"]) -> Cause:
    lv = rules.levers[order.lever]
    who = rules.name(order.actor)
    label = f"{who}: {lv.name}" + (f" → {rules.name(order.target)}" if order.target else "")
    if kind == "event":
        label = f"Event: {label}"
    return Cause(kind, label, order.actor, order.lever, order.target, None, lv.covert,
                 lv.article, lv.passage)


def holds(cond: Condition, values: dict[str, float]) -> bool:
    return _OPS[cond.op](float(values.get(cond.key, 0.0)), float(cond.value))


def resolve_turn(rules: Rules, state: State, ledger: Ledger, orders: dict[str, list[Order]],
                 rng: Random) -> Ctx:
    """Resolve the current turn in place; returns the context holding the turn's news."""
    state.memo = {}     # what players worked out from the state before this turn
    flat: list[Order] = [o for a in rules.actors for o in orders.get(a, ())]
    ctx = Ctx(state, ledger, rng, rules.resolver, rules, flat)
    levers, params = rules.levers, rules.params

    state.last_orders = {a: tuple([(o.lever, o.target) for o in orders.get(a, ())])
                         for a in rules.actors}
    last_lever, turn = state.last_lever, state.turn
    for o in flat:
        last_lever[(o.actor, o.lever)] = turn
    # costs ---------------------------------------------------------------------------
    for a, key, cause in _cost_keys(rules):
        spent = sum([params[o.lever].cost for o in orders.get(a, ())])
        state.spent[a] = spent
        if spent:
            ctx.change(key, -spent, cause)

    # order phases: each phase's orders in the fixed actor order, then as listed -------------
    by_phase: dict[Phase, list[Order]] = {phase: [] for phase in ORDER_PHASES}
    for o in flat:
        group = by_phase.get(levers[o.lever].phase)
        if group is not None:
            group.append(o)
    ceilings, remembered, last_used = rules.ceilings, rules.remembered, state.last_used
    for phase in ORDER_PHASES:
        for o in by_phase[phase]:
            ctx.begin()
            lv = levers[o.lever]
            p = params[o.lever]
            cause = lever_cause(rules, o)
            if lv.check is not None:
                why = lv.check(rules, state, o, p)
                if why:
                    ctx.say(f"{rules.name(o.actor)}: {lv.name} fails — {why}", cause,
                            public=not lv.covert, actors=(o.actor,))
                    continue
            ctx.ceiling = ceilings[o.lever]
            if lv.resolve is None:
                ctx.apply(p.effects, o.actor, o.target, cause)
                ctx.say(cause.label, cause, public=not lv.covert,
                        actors=tuple(x for x in (o.actor, o.target) if x))
            else:
                lv.resolve(ctx, o, p, cause)
            ctx.ceiling = None
            if o.lever in remembered:
                last_used[(o.actor, o.lever, o.target)] = state.turn
        if phase == "responses":
            _settle_proposals(ctx)
        for step, p in rules.turn_steps[phase]:     # e.g. transit projects advance
            step(ctx, p)

    _detection(ctx)
    _events(ctx)
    # tension that reached war_at during the turn means war: drift does not run (with war_at
    # at the top of the track it would always pull tension back below it)
    peak_war = state.values["track.tension"] >= rules.war_at
    if not peak_war:
        ctx.begin()
        _drift(ctx)

    # war check and the end ---------------------------------------------------------------
    if peak_war or state.values["track.tension"] >= rules.war_at:
        state.war = True
        state.over = True
        ctx.begin()
        ctx.say("WAR on the Korean peninsula: tension reached the top of its track. "
                "The game ends and every state loses.", Cause("war", "War"),
                fact=Fact(ctx.turn, "war"))
    elif state.turn >= rules.scenario.turns:
        state.over = True
    return ctx


def _cost_keys(rules: Rules) -> list[tuple[str, str, Cause]]:
    """(actor, capital key, cause of spending) per actor, worked out once per rules."""
    hit: list[tuple[str, StateKey, Cause]] | None = rules.cache.get("cost_keys")
    if hit is None:
        hit = rules.cache["cost_keys"] = [
            (a, f"{a}.capital",
             _c(rules, "cost", f"{rules.name(a)}: political capital spent on orders", a))
            for a in rules.actors]
    return hit


# --------------------------------------------------------------------------- responses
def snub_lever(rules: Rules, kind: str) -> Lever | None:
    """The lever that turns down an invitation of ``kind`` (its ``answers`` is "rebuff" and
    its options name the kind): a lapsed invitation of that kind has its effects. None when
    the kind has no such answer (it lapses with no effect)."""
    ck = ("snub-lever", kind)
    if ck not in rules.cache:
        rules.cache[ck] = next(
            (lv for lv in rules.levers.values() if lv.answers == "rebuff"
             and kind in getattr(rules.params[lv.id], "options", ())), None)
    return cast("Lever | None", rules.cache[ck])


def _settle_proposals(ctx: Ctx) -> None:
    """Last turn's proposals come due, after this turn's answers: each is settled by the
    lever that proposes its kind (:attr:`Lever.settle`, e.g. the Security Council votes);
    one without a settle that nobody answered lapses."""
    state, rules = ctx.state, ctx.rules
    keep = []
    for pr in state.proposals:
        if pr.turn >= ctx.turn:
            keep.append(pr)
            continue
        ctx.begin()
        lv = rules.proposers.get(pr.kind)
        if lv is not None and lv.settle is not None:
            ctx.ceiling = rules.ceilings[lv.id]
            lv.settle(ctx, pr, rules.params[lv.id])
            ctx.ceiling = None
        elif not pr.responses:
            state.snubbed[(pr.proposer, pr.target)] = ctx.turn
            n = rules.name
            no = snub_lever(rules, pr.kind)
            if no is None:
                cause = Cause("lapse", "Invitation lapsed", pr.proposer)
            else:
                # silence is a snub too: the one who asked loses face as by a rebuff (else
                # ignoring an invitation would be the free way to say no)
                cause = Cause("lever", f"{n(pr.target)}: leaves the invitation unanswered "
                              f"→ {n(pr.proposer)}", pr.target, no.id, pr.proposer, None,
                              False, no.article, no.passage)
                ctx.apply(rules.params[no.id].effects, pr.target, pr.proposer, cause)
            ctx.say(f"{n(pr.target)} leaves {n(pr.proposer)}'s {pr.kind} invitation "
                    f"unanswered; it lapses", cause,
                    fact=Fact(ctx.turn, "lapsed", pr.proposer, pr.target,
                              lv.id if lv is not None else None, pr.option))
    state.proposals = keep


# --------------------------------------------------------------------------- detection
def _detection(ctx: Ctx) -> None:
    state, rules = ctx.state, ctx.rules
    window = 3
    for i, op in enumerate(state.covert):
        if op.detected_turn is not None or ctx.turn - op.turn > window:
            continue
        chance = detection_chance(rules, state, op)
        if ctx.rng.random() < chance:
            ctx.begin()
            by = watcher(rules, state, op)
            state.covert[i] = CovertOp(op.turn, op.actor, op.lever, op.target, ctx.turn, by)
            lv = rules.levers[op.lever]
            n = rules.name
            cause = Cause("detection", f"Detected by {n(by)}: {n(op.actor)}'s {lv.name}",
                          op.actor, op.lever, op.target, None, False, lv.article, lv.passage)
            ctx.ceiling = rules.ceilings[op.lever]
            ctx.apply(rules.params[op.lever].on_detect, op.actor, op.target, cause)
            ctx.ceiling = None
            when = "this turn" if op.turn == ctx.turn else f"in turn {op.turn}"
            ctx.say(f"EXPOSED by {n(by)}: {n(op.actor)}'s {lv.name.lower()}"
                    + (f" with {n(op.target)}" if op.target else "") + f" ({when})", cause,
                    fact=Fact(ctx.turn, "exposed", op.actor, op.target, op.lever, None, (by,)))


# --------------------------------------------------------------------------- events
def fire_event(ctx: Ctx, ev: Event, kind: Literal["event", "injected"] = "event") -> None:
    rules, state = ctx.rules, ctx.state
    state.memo = {}
    label = f"Teacher's inject: {ev.headline}" if kind == "injected" else f"Event: {ev.headline}"
    cause = Cause(kind, label, None, None, None, ev.id, False, ev.provenance.article,
                  ev.provenance.passage)
    made = [Order(eo.actor, eo.lever, eo.target, eo.option) for eo in ev.orders]
    # an event that is only orders, all of them refused now (the invitation a player has
    # already sent, say), did not happen as scripted: its headline says so and why
    refused = [why for why in (_refusal(rules, state, o) for o in made) if why]
    headline = ev.headline
    if made and len(refused) == len(made) and not _has_effects(ev):
        headline = f"{ev.headline}? Overtaken by events: {refused[0]}"
    ctx.begin()
    ctx.apply(ev.effects, None, None, cause)
    ctx.say(headline, cause)
    ctx.orders = ctx.orders + made      # so two-party levers see both sides of the event
    for o in made:
        ctx.begin()
        lv = rules.levers[o.lever]
        p = rules.params[o.lever]
        ocause = lever_cause(rules, o, "event")
        if lv.check is not None and lv.check(rules, state, o, p):
            continue
        if lv.resolve is None:
            ctx.apply(p.effects, o.actor, o.target, ocause)
        else:
            lv.resolve(ctx, o, p, ocause)
    state.fired.add(ev.id)


def _refusal(rules: Rules, state: State, o: Order) -> str | None:
    """Why an event's order cannot be carried out now (its lever's check), or None."""
    lv = rules.levers[o.lever]
    return lv.check(rules, state, o, rules.params[o.lever]) if lv.check is not None else None


def _has_effects(ev: Event) -> bool:
    """Does the event change anything by itself (besides its orders)?"""
    e = ev.effects
    return any(bool(getattr(e, f)) for f in type(e).model_fields)


def _events(ctx: Ctx) -> None:
    state = ctx.state
    rules = ctx.rules
    when, chance = rules.event_turn, rules.event_chance
    for ev in rules.scenario.events:
        if ev.id in state.fired and not ev.repeat:
            continue
        turn = when[ev.id]
        if turn is not None and turn != ctx.turn:
            continue
        if not all(holds(c, state.values) for c in ev.conditions):
            continue
        p = chance[ev.id]
        if p < 1.0 and ctx.rng.random() >= p:
            continue
        fire_event(ctx, ev)


# --------------------------------------------------------------------------- drift
class DriftPlan(TypedDict):
    """What drift needs every turn (see :func:`_drift_plan`)."""

    months: int
    enforcement: list[tuple[StateKey, float]]
    wsum: float
    sanctions: Cause
    currency: Cause
    erosion: Cause
    trade: Cause
    trade_keys: list[tuple[StateKey, list[tuple[StateKey, float]]]]
    tension: Cause
    talks: Cause
    nuclear: Cause
    fuel: Cause
    shortage: Cause
    poverty: Cause
    poverty_keys: list[tuple[StateKey, StateKey]]
    ukraine_cost: Cause
    ukraine_cools: Cause
    distrust: Cause
    china_russia: StateKey
    memory: list[tuple[StateKey, float, Cause, float]]
    capital: list[tuple[StateKey, float, Cause]]


def _drift_plan(rules: Rules) -> DriftPlan:
    """What drift needs every turn, worked out once per rules: keys, starting values, fixed
    numbers and the causes (one object each, shared by every turn)."""
    plan: DriftPlan | None = rules.cache.get("drift_plan")
    if plan is not None:
        return plan
    d = rules.turn_drift
    init = rules.initial.values
    c = _c
    plan = {
        "months": rules.scenario.turn_months,
        "enforcement": [(f"enforcement.{a}", w) for a, w in d.enforcement_weights.items()],
        "wsum": sum(d.enforcement_weights.values()) or 1.0,
        "sanctions": c(rules, "drift", "Sanctions bite: the UN regime as its members enforce it"),
        "currency": c(rules, "drift", "The regime spends its hard currency"),
        "erosion": c(rules, "drift", "Sanctions erode as attention wanders"),
        "trade": c(rules, "drift", "Trade: gains or losses since the start of the game"),
        # each actor's economy key and its trade keys with their starting values
        "trade_keys": [(f"{a}.economy", [(k, init[k]) for k in
                                         (pair_key("trade", a, b) for b in rules.actors
                                          if b != a)])
                       for a in rules.actors],
        "tension": c(rules, "drift", "Tension relaxes towards its usual level"),
        "talks": c(rules, "drift", "Talks lose momentum"),
        "nuclear": c(rules, "drift", "The DPRK's nuclear programme grows unless talks hold it"),
        "fuel": c(rules, "drift", "The DPRK burns its fuel"),
        "shortage": c(rules, "drift", "Fuel shortage in the DPRK"),
        "poverty": c(rules, "drift", "Poverty erodes domestic stability"),
        "poverty_keys": [(f"{a}.economy", f"{a}.stability") for a in rules.actors],
        "ukraine_cost": c(rules, "drift", "The Ukraine confrontation costs Russia"),
        "ukraine_cools": c(rules, "drift", "The Ukraine crisis cools"),
        "distrust": c(rules, "drift", "Sino-Russian strategic distrust"),
        "china_russia": pair_key("relation", "china", "russia"),
        # influence and relation keys (with their starting values) that drift back, each with
        # its cause and rate
        "memory": [(k, start,
                    c(rules, "drift", "Influence fades unless it is kept up")
                    if k.startswith("influence.") else
                    c(rules, "drift", "Relations drift back towards their usual level"),
                    d.influence_decay if k.startswith("influence.") else d.relation_memory)
                   for k, start in init.items()
                   if k.startswith(("influence.", "relation."))]
        + [(f"{a}.{ind}", init[f"{a}.{ind}"], c(rules, "drift", why), rate)
           for ind, rate, why in (
               ("stability", d.stability_memory,
                "Domestic standing returns towards its usual level"),
               ("clout", d.clout_memory, "Prestige fades unless it is earned again"))
           if rate
           for a in rules.actors if f"{a}.{ind}" in init],
        "capital": [(f"{a}.capital", float(rules.scenario.actors[a].capital_per_turn),
                     c(rules, "capital",
                       f"{rules.name(a)}: political capital for the next turn", a))
                    for a in rules.actors],
    }
    rules.cache["drift_plan"] = plan
    return plan


def _drift(ctx: Ctx) -> None:
    state, rules = ctx.state, ctx.rules
    d = rules.turn_drift
    v = state.values
    plan = _drift_plan(rules)
    change = ctx.change
    # sanctions bite on the DPRK: the UN regime times its members' weighted enforcement
    enf = sum([w * v[k] for k, w in plan["enforcement"]]) / plan["wsum"]
    bite = d.sanctions_bite * v["track.un_sanctions"] / 100.0 * enf / 100.0
    sanc = plan["sanctions"]
    change("dprk.economy", -bite, sanc)
    change("dprk.hard_currency", -0.7 * bite, sanc)
    change("dprk.hard_currency", -d.hard_currency_use, plan["currency"])
    change("track.un_sanctions", -d.sanctions_erosion, plan["erosion"])
    # trade: a change in trade since the start moves both economies, turn after turn
    tcause = plan["trade"]
    for econ, trade_keys in plan["trade_keys"]:
        gain = 0.0
        for k, start in trade_keys:
            gain += v[k] - start
        if gain:
            change(econ, d.trade_income * gain, tcause)
    # tension relaxes towards its baseline; talks lose momentum
    change("track.tension", (d.tension_baseline - v["track.tension"]) * d.tension_decay,
           plan["tension"])
    change("track.talks", -d.talks_decay, plan["talks"])
    # the DPRK's programme grows unless talks hold it back; its fuel runs down
    growth = d.nuclear_growth * (1.0 - v["track.talks"] / 100.0)
    if d.sanctions_slow_programme:
        # sanctions that bite starve the programme of money and parts
        growth *= 1.0 - d.sanctions_slow_programme * v["track.un_sanctions"] / 100.0 * enf / 100.0
    change("dprk.nuclear", growth, plan["nuclear"])
    if "dprk.fuel" in v:
        change("dprk.fuel", -d.fuel_use, plan["fuel"])
        if v["dprk.fuel"] < 20:
            change("dprk.economy", -0.5 * plan["months"], plan["shortage"])
    # poverty erodes stability
    pcause = plan["poverty"]
    line = d.poverty_line
    months = plan["months"]
    for econ, stab in plan["poverty_keys"]:
        e = v[econ]
        # (a poverty line of 0: no poverty; the planner's unbounded drift can take an
        # economy below 0, see planner.drift_jacobian)
        if e < line and line > 0:
            change(stab, -(line - e) / line * months, pcause)
    # the Ukraine confrontation costs Russia and slowly cools
    uk = v["track.ukraine"]
    change("russia.economy", -d.ukraine_cost * uk / 100.0, plan["ukraine_cost"])
    change("track.ukraine", -d.ukraine_decay, plan["ukraine_cools"])
    # Sino-Russian strategic distrust grows with Russia's pull in Pyongyang
    if "influence.russia" in v:
        change(plan["china_russia"], -d.sino_russian_distrust * v["influence.russia"] / 50.0,
               plan["distrust"])
    # influence must be kept up, and relations slowly return to their usual level
    for k, start, cause, rate in plan["memory"]:
        change(k, (start - v[k]) * rate, cause)
    # the levers' own steps (finished transit projects pay every turn)
    for step, p in rules.drift_steps:
        step(ctx, p)
    # a new turn's political capital
    for key, cpt, cause in plan["capital"]:
        change(key, cpt - v[key], cause)


assert set(ORDER_PHASES) <= set(PHASES)
