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

from random import Random

from .effects import Ctx
from .ledger import Cause, Ledger
from .levers import PHASES
from .levers.covert import detection_chance, watcher
from .orders import Order
from .rules import Rules
from .scenario import Condition, Event
from .state import CovertOp, State, pair_key

ORDER_PHASES = ("responses", "diplomacy", "sanctions", "economy", "military", "covert")
_OPS = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__,
        "==": float.__eq__}

DRIFT = Cause("drift", "Drift: what happens on its own each turn")


def _c(rules: Rules, *fields) -> Cause:
    """``Cause(*fields)``, built once per rules: causes are immutable, so turns share them."""
    key = ("cause",) + fields
    hit = rules.cache.get(key)
    if hit is None:
        hit = rules.cache[key] = Cause(*fields)
    return hit


def lever_cause(rules: Rules, order: Order, kind: str = "lever") -> Cause:
    hit = rules.cache.get(("lever_cause", kind, order.lever, order.actor, order.target))
    if hit is None:
        hit = rules.cache[("lever_cause", kind, order.lever, order.actor, order.target)] = \
            _lever_cause(rules, order, kind)
    return hit


def _lever_cause(rules: Rules, order: Order, kind: str) -> Cause:
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
    flat: list[Order] = [o for a in rules.actors for o in orders.get(a, ())]
    ctx = Ctx(state, ledger, rng, rules.resolver, rules, flat)

    state.last_orders = {a: tuple((o.lever, o.target) for o in orders.get(a, ()))
                         for a in rules.actors}
    # costs ---------------------------------------------------------------------------
    for a in rules.actors:
        spent = sum(rules.params[o.lever].cost for o in orders.get(a, ()))
        state.spent[a] = spent
        if spent:
            ctx.change(f"{a}.capital", -spent,
                       _c(rules, "cost", f"{rules.name(a)}: political capital spent on orders", a))

    # order phases ----------------------------------------------------------------------
    for phase in ORDER_PHASES:
        for o in flat:
            lv = rules.levers[o.lever]
            if lv.phase != phase:
                continue
            p = rules.params[o.lever]
            cause = lever_cause(rules, o)
            if lv.check is not None:
                why = lv.check(rules, state, o, p)
                if why:
                    ctx.say(f"{rules.name(o.actor)}: {lv.name} fails — {why}", cause,
                            public=not lv.covert, actors=(o.actor,))
                    continue
            if lv.resolve is None:
                ctx.apply(p.effects, o.actor, o.target, cause)
                ctx.say(cause.label, cause, public=not lv.covert,
                        actors=tuple(x for x in (o.actor, o.target) if x))
            else:
                lv.resolve(ctx, o, p, cause)
        if phase == "responses":
            _settle_proposals(ctx)
        elif phase == "economy":
            _advance_projects(ctx)

    _detection(ctx)
    _events(ctx)
    # tension that reached war_at during the turn means war: drift does not run (with war_at
    # at the top of the track it would always pull tension back below it)
    peak_war = state.values["track.tension"] >= rules.war_at
    if not peak_war:
        _drift(ctx)

    # war check and the end ---------------------------------------------------------------
    if peak_war or state.values["track.tension"] >= rules.war_at:
        state.war = True
        state.over = True
        ctx.say("WAR on the Korean peninsula: tension reached the top of its track. "
                "The game ends and every state loses.", Cause("war", "War"))
    elif state.turn >= rules.scenario.turns:
        state.over = True
    return ctx


# --------------------------------------------------------------------------- responses
def _settle_proposals(ctx: Ctx) -> None:
    state, rules = ctx.state, ctx.rules
    keep = []
    for pr in state.proposals:
        if pr.turn >= ctx.turn:
            keep.append(pr)
            continue
        n = rules.name
        if pr.kind == "resolution":
            vetoes = [a for a, r in pr.responses.items() if r == "veto"]
            p = rules.params["unsc_resolution"]
            cause = Cause("resolution", f"UN Security Council vote on {n(pr.proposer)}'s "
                          f"resolution against {n(pr.target)}", pr.proposer, "unsc_resolution",
                          pr.target, None, False, rules.levers["unsc_resolution"].article,
                          rules.levers["unsc_resolution"].passage)
            if vetoes:
                ctx.apply(p.variants["vetoed"], pr.proposer, pr.target, cause)
                ctx.say(f"UN resolution against {n(pr.target)} fails: vetoed by "
                        f"{', '.join(n(a) for a in vetoes)}", cause)
            else:
                ctx.apply(p.variants["passed"], pr.proposer, pr.target, cause)
                ctx.say(f"UN Security Council adopts {n(pr.proposer)}'s resolution: "
                        f"sanctions on {n(pr.target)} tighten", cause)
        elif not pr.responses:
            ctx.say(f"{n(pr.target)} leaves {n(pr.proposer)}'s {pr.kind} invitation "
                    f"unanswered; it lapses", Cause("lapse", "Invitation lapsed", pr.proposer))
    state.proposals = keep


# --------------------------------------------------------------------------- projects
def _advance_projects(ctx: Ctx) -> None:
    state, rules = ctx.state, ctx.rules
    p = rules.params["transit_project"]
    lv = rules.levers["transit_project"]
    max_t = p.params.get("max_tension", 70.0)
    min_rel = p.params.get("min_korean_relation", -70.0)
    expiry = int(p.params.get("expiry", 3))
    for pr in state.projects:
        label = pr.kind.replace("_", " ")
        cause = Cause("project", f"Transit project: the {label}", pr.builder, "transit_project",
                      None, None, False, lv.article, lv.passage)
        if pr.status == "proposed" and ctx.turn - pr.started >= expiry:
            pr.status = "cancelled"
            ctx.say(f"The {label} is shelved: the Koreas never both signed up", cause)
        elif pr.status == "building":
            if (state.values["track.tension"] >= max_t
                    or state.values[pair_key("relation", "dprk", "rok")] < min_rel):
                ctx.say(f"Work on the {label} stalls: tension is too high or the Koreas too "
                        f"hostile", cause)
                continue
            pr.progress += 1
            if pr.progress >= pr.needed:
                pr.status = "complete"
                ctx.apply(p.variants["complete"], pr.builder, None, cause)
                ctx.say(f"The {label} from Russia through the North to the South is complete",
                        cause)


# --------------------------------------------------------------------------- detection
def _detection(ctx: Ctx) -> None:
    state, rules = ctx.state, ctx.rules
    window = 3
    for i, op in enumerate(state.covert):
        if op.detected_turn is not None or ctx.turn - op.turn > window:
            continue
        chance = detection_chance(rules, state, op)
        if ctx.rng.random() < chance:
            by = watcher(rules, state, op)
            state.covert[i] = CovertOp(op.turn, op.actor, op.lever, op.target, ctx.turn, by)
            lv = rules.levers[op.lever]
            n = rules.name
            cause = Cause("detection", f"Detected by {n(by)}: {n(op.actor)}'s {lv.name}",
                          op.actor, op.lever, op.target, None, False, lv.article, lv.passage)
            ctx.apply(rules.params[op.lever].on_detect, op.actor, op.target, cause)
            when = "this turn" if op.turn == ctx.turn else f"in turn {op.turn}"
            ctx.say(f"EXPOSED by {n(by)}: {n(op.actor)}'s {lv.name.lower()}"
                    + (f" with {n(op.target)}" if op.target else "") + f" ({when})", cause)


# --------------------------------------------------------------------------- events
def fire_event(ctx: Ctx, ev: Event, kind: str = "event") -> None:
    rules, state = ctx.rules, ctx.state
    cause = Cause(kind, f"Event: {ev.headline}", None, None, None, ev.id, False,
                  ev.provenance.article, ev.provenance.passage)
    ctx.apply(ev.effects, None, None, cause)
    ctx.say(ev.headline, cause)
    made = [Order(eo.actor, eo.lever, eo.target, eo.option) for eo in ev.orders]
    ctx.orders = ctx.orders + made      # so two-party levers see both sides of the event
    for o in made:
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


def _events(ctx: Ctx) -> None:
    state = ctx.state
    for ev in ctx.rules.scenario.events:
        if ev.id in state.fired and not ev.repeat:
            continue
        if ev.turn is not None and ev.turn != ctx.turn:
            continue
        if not all(holds(c, state.values) for c in ev.conditions):
            continue
        if ev.probability < 1.0 and ctx.rng.random() >= ev.probability:
            continue
        fire_event(ctx, ev)


# --------------------------------------------------------------------------- drift
def _drift_keys(rules: Rules) -> dict:
    """The keys drift walks every turn, worked out once per rules: each actor's trade keys,
    and the influence and relation keys (with their starting values) that drift back."""
    keys = rules.cache.get("drift_keys")
    if keys is None:
        init = rules.initial.values
        keys = rules.cache["drift_keys"] = {
            "trade": [(a, [pair_key("trade", a, b) for b in rules.actors if b != a])
                      for a in rules.actors],
            "memory": [(k, start, k.startswith("influence.")) for k, start in init.items()
                       if k.startswith(("influence.", "relation."))],
        }
    return keys


def _drift(ctx: Ctx) -> None:
    state, rules = ctx.state, ctx.rules
    d = rules.drift
    v = state.values
    init = rules.initial.values
    # sanctions bite on the DPRK: the UN regime times its members' weighted enforcement
    wsum = sum(d.enforcement_weights.values()) or 1.0
    enf = sum(w * v[f"enforcement.{a}"] for a, w in d.enforcement_weights.items()) / wsum
    bite = d.sanctions_bite * v["track.un_sanctions"] / 100.0 * enf / 100.0
    sanc = _c(rules, "drift", "Sanctions bite: the UN regime as its members enforce it")
    ctx.change("dprk.economy", -bite, sanc)
    ctx.change("dprk.hard_currency", -0.7 * bite, sanc)
    ctx.change("dprk.hard_currency", -d.hard_currency_use,
               _c(rules, "drift", "The regime spends its hard currency"))
    ctx.change("track.un_sanctions", -d.sanctions_erosion,
               _c(rules, "drift", "Sanctions erode as attention wanders"))
    # trade: a change in trade since the start moves both economies, turn after turn
    tcause = _c(rules, "drift", "Trade: gains or losses since the start of the game")
    keys = _drift_keys(rules)
    for a, trade_keys in keys["trade"]:
        gain = 0.0
        for k in trade_keys:
            gain += v[k] - init[k]
        if gain:
            ctx.change(f"{a}.economy", d.trade_income * gain, tcause)
    # tension relaxes towards its baseline; talks lose momentum
    ctx.change("track.tension", (d.tension_baseline - v["track.tension"]) * d.tension_decay,
               _c(rules, "drift", "Tension relaxes towards its usual level"))
    ctx.change("track.talks", -d.talks_decay, _c(rules, "drift", "Talks lose momentum"))
    # the DPRK's programme grows unless talks hold it back; its fuel runs down
    ctx.change("dprk.nuclear", d.nuclear_growth * (1.0 - v["track.talks"] / 100.0),
               _c(rules, "drift", "The DPRK's nuclear programme grows unless talks hold it"))
    if "dprk.fuel" in v:
        ctx.change("dprk.fuel", -d.fuel_use, _c(rules, "drift", "The DPRK burns its fuel"))
        if v["dprk.fuel"] < 20:
            ctx.change("dprk.economy", -0.5, _c(rules, "drift", "Fuel shortage in the DPRK"))
    # poverty erodes stability
    pcause = _c(rules, "drift", "Poverty erodes domestic stability")
    for a in rules.actors:
        e = v[f"{a}.economy"]
        if e < d.poverty_line:
            ctx.change(f"{a}.stability", -(d.poverty_line - e) / d.poverty_line, pcause)
    # the Ukraine confrontation costs Russia and slowly cools
    uk = v["track.ukraine"]
    ctx.change("russia.economy", -d.ukraine_cost * uk / 100.0,
               _c(rules, "drift", "The Ukraine confrontation costs Russia"))
    ctx.change("track.ukraine", -d.ukraine_decay, _c(rules, "drift", "The Ukraine crisis cools"))
    # Sino-Russian strategic distrust grows with Russia's pull in Pyongyang
    if "influence.russia" in v:
        ctx.change(pair_key("relation", "china", "russia"),
                   -d.sino_russian_distrust * v["influence.russia"] / 50.0,
                   _c(rules, "drift", "Sino-Russian strategic distrust"))
    # influence must be kept up, and relations slowly return to their usual level
    icause = _c(rules, "drift", "Influence fades unless it is kept up")
    rcause = _c(rules, "drift", "Relations drift back towards their usual level")
    for k, start, influence in keys["memory"]:
        if influence:
            ctx.change(k, (start - v[k]) * d.influence_decay, icause)
        else:
            ctx.change(k, (start - v[k]) * d.relation_memory, rcause)
    # finished transit projects pay every turn
    p = rules.params["transit_project"]
    for pr in state.projects:
        if pr.status == "complete":
            ctx.apply(p.variants["income"], pr.builder, None,
                      _c(rules, "project", f"Income from the {pr.kind.replace('_', ' ')}",
                         pr.builder, "transit_project"))
    # a new turn's political capital
    for a in rules.actors:
        cpt = float(rules.scenario.actors[a].capital_per_turn)
        ctx.change(f"{a}.capital", cpt - v[f"{a}.capital"],
                   _c(rules, "capital", f"{rules.name(a)}: political capital for the next turn",
                      a))


assert set(ORDER_PHASES) <= set(PHASES)
