"""Sanctions: imposing, voting, enforcing, easing, and the workers UNSCR 2397 sends home."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

from pydantic import Field

from ..kinds import Deltas
from ..ledger import Cause
from ..facts import Fact
from ..orders import Order
from ..scenario import Effects, LeverParams, Numbers, Variants
from ..state import Proposal, State
from . import Lever, Marker, Mix, Outcomes, eff, fixed_mix, from_mix, register

if TYPE_CHECKING:
    from ..effects import Ctx
    from ..rules import Rules


class VoteVariants(Variants):
    passed: Effects = Field(default_factory=Effects,
                            description="the resolution passes: the UN regime tightens")
    vetoed: Effects = Field(default_factory=Effects, description="the resolution is vetoed")


class ResolutionNumbers(Numbers):
    answers_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=6, description="new UN sanctions answer an outrage: a resolution may be tabled "
                               "against a state only within this many months after its "
                               "nuclear test (an outrage), and not once the Council has "
                               "adopted one since (0: at any time)")


class ResolutionParams(LeverParams):
    params: ResolutionNumbers = Field(default_factory=ResolutionNumbers)
    variants: VoteVariants = Field(default_factory=VoteVariants)


class VetoVariants(Variants):
    shield: Effects = Field(default_factory=Effects,
                            description="the vetoer and the state the resolution targeted")
    after_outrage: Effects = Field(
        default_factory=Effects,
        description="what the vetoer also pays (actor: the vetoer, target: the proposer) for "
                    "shielding a state that committed an outrage (a nuclear test) within "
                    "params.outrage_months")


class VetoNumbers(Numbers):
    outrage_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=6, description="months after a nuclear test (an outrage) in which vetoing a "
                               "resolution against the state that tested costs the vetoer "
                               "its after_outrage effects (0: never)")


class VetoParams(LeverParams):
    params: VetoNumbers = Field(default_factory=VetoNumbers)
    variants: VetoVariants = Field(default_factory=VetoVariants)


def _passed_id(turn: int, proposer: str) -> str:
    return f"unsc-{turn}-{proposer}"


def _passed_turns(state: State) -> list[int]:
    """The turns in which the Council adopted a resolution in this game (their ids)."""
    out = []
    for rid, _ in state.resolutions:
        parts = rid.split("-")
        if len(parts) >= 3 and parts[0] == "unsc" and parts[1].isdigit():
            out.append(int(parts[1]))
    return out


def outraged(rules: Rules, state: State, who: str, p: VetoParams) -> bool:
    """Has ``who`` committed an outrage (used a lever whose use the world answers, such as a
    nuclear test) before this turn, within the veto's ``outrage_months``, that the Council
    has not answered yet (no resolution adopted since)? The Council answers each test once."""
    return unanswered_outrage(rules, state, who, p.params.outrage_months)


def unanswered_outrage(rules: Rules, state: State, who: str, months: int) -> bool:
    """Has ``who`` used an outrage lever (a nuclear test) in an earlier turn, within
    ``months`` months, with no resolution adopted by the Council since?"""
    if not months or not rules.outrages:
        return False
    from ..rules import turns_for
    turns = turns_for(months, rules.scenario.turn_months)
    last = max(state.last_lever.get((who, lid), -999) for lid in rules.outrages)
    if not 0 < state.turn - last <= turns:
        return False
    return not any(t > last for t in _passed_turns(state))


def _may_table(rules: Rules, state: State, order: Order, p: ResolutionParams) -> str | None:
    for pr in state.proposals:
        if pr.kind == "resolution" and pr.proposer == order.actor:
            return "you already have a resolution before the Security Council"
    months = p.params.answers_months
    assert order.target is not None   # a lever with a target: the rules checked the order
    if months and not unanswered_outrage(rules, state, order.target, months):
        return (f"the Council adopts new sanctions to answer an outrage: "
                f"{rules.name(order.target)} has made no nuclear test in the last {months} "
                f"months that a resolution has not answered yet")
    return None


def _propose_resolution(ctx: Ctx, order: Order, p: ResolutionParams, cause: Cause) -> None:
    assert order.target is not None   # a lever with a target: the rules checked the order
    ctx.state.proposals.append(Proposal("resolution", order.actor, order.target, None, ctx.turn))
    ctx.say(f"{ctx.rules.name(order.actor)} tables a UN Security Council resolution against "
            f"{ctx.rules.name(order.target)}; permanent members may veto it next turn", cause,
            fact=Fact(ctx.turn, "tabled", order.actor, order.target, order.lever))


def _resolution_estimate(rules: Rules, state: State | None, order: Order,
                         p: ResolutionParams) -> Deltas:
    # what passing would bring, discounted by the chance of a veto
    share = 0.5
    return tuple((k, d * share) for k, d in rules.resolver.resolve(p.variants.passed,
                                                                 order.actor, order.target))


def _resolution_outcomes(rules: Rules, state: State, order: Order,
                         p: ResolutionParams) -> Outcomes:
    """A resolution: voted next turn; a permanent member the veto lever allows (but its
    proposer) may veto it, at the cost of the veto and its proposer's goodwill, earning the
    target's gratitude."""
    vp = cast(VetoParams, rules.params["veto"])
    assert order.target is not None   # a lever with a target: the rules checked the order
    shamed = outraged(rules, state, order.target, vp)
    ck = ("resolution-outcomes", order.actor, order.target, shamed)
    hit: Outcomes | None = rules.cache.get(ck)
    if hit is None:
        r = rules.resolver
        deciders = tuple(a for a in rules.permanent
                         if a not in (order.actor, order.target) and a in vp.who)
        hit = rules.cache[ck] = Outcomes(
            "any-no", deciders, (), r.resolve(p.variants.passed, order.actor, order.target),
            r.resolve(p.variants.vetoed, order.actor, order.target),
            tuple(() for _ in deciders),
            tuple(r.resolve(vp.effects, a, order.actor) + r.resolve(vp.variants.shield, a,
                                                                    order.target)
                  + (r.resolve(vp.variants.after_outrage, a, order.actor) if shamed else ())
                  for a in deciders),
            yes_cost=tuple(0 for _ in deciders), no_cost=tuple(vp.cost for _ in deciders),
            delay=1, answer_lever=("", "veto"))
    return hit


def _pending_resolution_by(rules: Rules, state: State, order: Order,
                           p: VetoParams) -> str | None:
    if order.actor not in rules.permanent:
        return "only a permanent member of the Security Council can veto"
    for pr in state.proposals:
        if (pr.kind == "resolution" and pr.proposer == order.target and pr.turn < state.turn):
            return None
    return "no resolution by that state is before the Security Council"


def _veto_gate(rules: Rules, state: State, actor: str) -> bool:
    if actor not in rules.permanent:
        return False
    for pr in state.proposals:
        if pr.kind == "resolution" and pr.turn < state.turn:
            return True
    return False


def co_drafts(state: State, pr: Proposal) -> list[Proposal]:
    """The other resolutions against the same state tabled the same turn: the Council takes
    them as one question (co-sponsored drafts), so one veto blocks them all."""
    return [q for q in state.proposals if q is not pr and q.kind == "resolution"
            and q.target == pr.target and q.turn == pr.turn]


def _veto(ctx: Ctx, order: Order, p: VetoParams, cause: Cause) -> None:
    for pr in ctx.state.proposals:
        if pr.kind == "resolution" and pr.proposer == order.target and pr.turn < ctx.turn:
            pr.responses[order.actor] = "veto"
            for q in co_drafts(ctx.state, pr):
                q.responses[order.actor] = "veto"
            ctx.apply(p.effects, order.actor, order.target, cause)
            ctx.apply(p.variants.shield, order.actor, pr.target, cause)
            shamed = outraged(ctx.rules, ctx.state, pr.target, p)
            if shamed:
                ctx.apply(p.variants.after_outrage, order.actor, order.target, cause)
            ctx.say(f"{ctx.rules.name(order.actor)} vetoes the resolution against "
                    f"{ctx.rules.name(pr.target)}"
                    + (f" so soon after its nuclear test, and stands isolated at the Council"
                       if shamed else ""), cause)


def _veto_estimate(rules: Rules, state: State, order: Order, p: VetoParams) -> Deltas:
    for pr in state.proposals:
        if pr.kind == "resolution" and pr.proposer == order.target:
            return (rules.resolver.resolve(p.effects, order.actor, order.target)
                    + rules.resolver.resolve(p.variants.shield, order.actor, pr.target)
                    + (rules.resolver.resolve(p.variants.after_outrage, order.actor,
                                              order.target)
                       if outraged(rules, state, pr.target, p) else ())
                    + tuple((k, -d) for k, d in _adopted(rules, state, pr)))
    return ()


def _adopted(rules: Rules, state: State, pr: Proposal) -> Deltas:
    """What adopting ``pr`` and its co-drafts would do: the passed effects once (the regime
    tightens once for one question), each co-sponsor's own part besides."""
    passed = cast(ResolutionParams, rules.params["unsc_resolution"]).variants.passed
    out = rules.resolver.resolve(passed, pr.proposer, pr.target)
    for q in co_drafts(state, pr):
        out += _sponsor_part(rules, passed, pr, q)
    return out


def _sponsor_part(rules: Rules, passed: Effects, first: Proposal, q: Proposal) -> Deltas:
    """A co-sponsor's own part of an adopted resolution: what ``passed`` does for ``q``'s
    proposer that it does not for ``first``'s (its standing, its relation with the target),
    not the regime's tightening, which the one question does once."""
    r = rules.resolver
    shared = {k for k, _ in r.resolve(passed, first.proposer, first.target)}
    return tuple((k, d) for k, d in r.resolve(passed, q.proposer, q.target) if k not in shared)


def _settle_vote(ctx: Ctx, pr: Proposal, p: ResolutionParams) -> None:
    """Last turn's resolution comes to the vote, after this turn's vetoes: vetoed, its
    proposer loses face; else it passes and the UN regime tightens."""
    rules = ctx.rules
    n = rules.name
    lv = rules.proposers[pr.kind]
    vetoes = [a for a, r in pr.responses.items() if r == "veto"]
    cause = Cause("resolution", f"UN Security Council vote on {n(pr.proposer)}'s "
                  f"resolution against {n(pr.target)}", pr.proposer, lv.id,
                  pr.target, None, False, lv.article, lv.passage)
    if vetoes:
        ctx.apply(p.variants.vetoed, pr.proposer, pr.target, cause)
        ctx.say(f"UN resolution against {n(pr.target)} fails: vetoed by "
                f"{', '.join(n(a) for a in vetoes)}", cause,
                fact=Fact(ctx.turn, "vetoed", pr.proposer, pr.target, lv.id, None,
                          tuple(vetoes)))
    else:
        adopted = {rid for rid, _ in ctx.state.resolutions}
        first = next((q for q in co_drafts(ctx.state, pr)
                      if _passed_id(ctx.turn, q.proposer) in adopted), None)
        if first is None:
            ctx.apply(p.variants.passed, pr.proposer, pr.target, cause)
            ctx.state.resolutions = ctx.state.resolutions + (
                (_passed_id(ctx.turn, pr.proposer), False),)
            ctx.say(f"UN Security Council adopts {n(pr.proposer)}'s resolution: "
                    f"sanctions on {n(pr.target)} tighten", cause,
                    fact=Fact(ctx.turn, "passed", pr.proposer, pr.target, lv.id))
        else:
            # drafts tabled the same turn are one question: the regime tightens once; a
            # co-sponsor has only its own part (its standing, its relation with the target)
            for k, d in _sponsor_part(rules, p.variants.passed, first, pr):
                ctx.change(k, d, cause)
            ctx.say(f"{n(pr.proposer)} co-sponsors {n(first.proposer)}'s adopted resolution "
                    f"on {n(pr.target)}", cause)


def workers_resolution(rules: Rules, state: State, order: Order, p: LeverParams) -> str | None:
    """The workers levers' check: a resolution in force requires North Korean workers abroad
    to be sent home (UNSCR 2397)."""
    if any(workers for _, workers in state.resolutions):
        return None
    return "no UN resolution in force requires North Korean workers to go home"


def _workers_gate(rules: Rules, state: State, actor: str) -> bool:
    return any(workers for _, workers in state.resolutions)


def _ease_scale(state: State, actor: str) -> float:
    """What easing gives up: the share of the regime the easer really enforced."""
    return max(0.2, state.values.get(f"enforcement.{actor}", 50.0) / 100.0)


def _ease(ctx: Ctx, order: Order, p: LeverParams, cause: Cause) -> None:
    scale = _ease_scale(ctx.state, order.actor)
    for k, d in ctx.rules.resolver.resolve(p.effects, order.actor, order.target):
        ctx.change(k, d if k.startswith("relation.") else d * scale, cause)
    ctx.say(f"{ctx.rules.name(order.actor)} eases its sanctions on "
            f"{ctx.rules.name(order.target)}", cause)


def _ease_mix(rules: Rules, order: Order, p: LeverParams) -> Mix:
    deltas = rules.resolver.resolve(p.effects, order.actor, order.target)
    rel = tuple((k, d) for k, d in deltas if k.startswith("relation."))
    rest = tuple((k, d) for k, d in deltas if not k.startswith("relation."))
    a = order.actor
    return (rel, rest), lambda state: (1.0, _ease_scale(state, a))


register(
    Lever(
        id="unilateral_sanctions", name="Impose unilateral sanctions", group="sanctions",
        phase="sanctions", article="summit-2019",
        passage="punitive U.N. and other U.S.-led international trade and financial sanctions",
        summary="Tighten your own trade and financial sanctions on a state: it loses economy and "
                "hard currency; relations sour; tension edges up.",
        # "U.S.-led": Washington and its two allies impose them, on the two states the
        # passage names as facing them ("both face punitive U.N. and other U.S.-led ...")
        defaults=dict(cost=2, who=["us", "japan", "rok"], targets=["dprk", "russia"],
                      effects=eff(indicators={"target": {"economy": -3, "hard_currency": -2},
                                              "actor": {"economy": -0.5}},
                                  relations={"actor-target": -6}, tracks={"tension": 1})),
        marker=Marker("sanctions", "target", "by {actor}"), threat=True),
    Lever(
        id="unsc_resolution", name="Propose a UN Security Council resolution", group="sanctions",
        phase="diplomacy", article="odd-couple-2015",
        passage="The DPRK would welcome another friend on the UN Security Council",
        summary="Table new UN sanctions on a state that has just made a nuclear test (within "
                "six months; the Council answers each test once). Next turn Russia or China "
                "may veto it; otherwise it passes and the UN regime tightens.",
        # new resolutions are "U.S. proposals to tighten controls" (odd-couple-2015), tabled
        # by Washington with its allies; Moscow and Beijing are the ones who may veto them.
        # The Council adopts new sanctions to answer an outrage (judgement, from the record:
        # 1718, 1874, 2094, 2270 and 2321 each followed a nuclear test, and none came in the
        # years without one, 2014-15 and 2018-19): a resolution may be tabled only within
        # six months of a nuclear test the Council has not yet answered (answers_months 6).
        # Tabled at any time, resolutions were vetoed 7.8 times a game in 2015 (5.1 in
        # 2019), China vetoing 7.7 times: the same failure every other month.
        defaults=dict(cost=2, who=["us", "japan", "rok"], targets=["dprk"],
                      params={"answers_months": 6},
                      variants={"passed": eff(tracks={"un_sanctions": 8, "tension": 1},
                                              indicators={"target": {"economy": -2},
                                                          "actor": {"clout": 2}},
                                              relations={"actor-target": -4}),
                                "vetoed": eff(indicators={"actor": {"clout": -1}})}),
        model=ResolutionParams, check=_may_table, resolve=_propose_resolution,
        proposes="resolution", settle=_settle_vote, outcomes=_resolution_outcomes,
        proposal_marker=Marker("sanctions", "target", "UN vote ({actor})"),
        estimate=from_mix, estimate_mix=fixed_mix(_resolution_estimate), threat=True),
    Lever(
        id="veto", name="Veto a Security Council resolution", group="sanctions",
        phase="responses", article="odd-couple-2015",
        passage="The DPRK would welcome another friend on the UN Security Council",
        summary="As a permanent member, kill a resolution tabled last turn. Its proposer is "
                "annoyed; the state it targeted is grateful. Shielding a state that has just "
                "tested a nuclear device leaves you isolated at the Council.",
        # after each of the North's nuclear tests (2006, 2009, 2013, 2016 twice, 2017) Beijing
        # and Moscow voted for the Council's resolution rather than stand alone beside the
        # tester, "despite Beijing's deteriorating relations with Pyongyang" and Moscow's
        # courtship of it. Shielding the tester costs the vetoer standing and more of the
        # proposer's goodwill, and drives Seoul and Tokyo closer to Washington (in 2016 Seoul
        # agreed to THAAD after the January test) (judgement: within six months of a test)
        # "another friend on the UN Security Council": the friends a resolution against
        # Pyongyang may meet are Moscow and Beijing. Washington, a permanent member too, does
        # not shield the North (with it among the vetoers it vetoed an ally's draft 0.1 to
        # 0.2 times a 2015 game)
        defaults=dict(cost=1, who=["russia", "china"],
                      effects=eff(relations={"actor-target": -4}),
                      variants={"shield": eff(relations={"actor-target": 4},
                                              influence={"actor": 2}),
                                "after_outrage": eff(indicators={"actor": {"clout": -3}},
                                                     relations={"actor-target": -4},
                                                     alliances={"us-rok": 3,
                                                                "us-japan": 3})}),
        model=VetoParams, check=_pending_resolution_by, check_gate=_veto_gate, resolve=_veto,
        estimate=_veto_estimate),
    Lever(
        id="enforce_strictly", name="Enforce sanctions strictly", group="sanctions",
        phase="sanctions", article="odd-couple-2015",
        passage="would benefit from a less enthusiastic application of sanctions",
        summary="Police the UN regime at your ports, banks and borders: your enforcement rises, "
                "the DPRK resents it, and your own trade pays a little.",
        defaults=dict(cost=1, who=["us", "russia", "china", "rok", "japan"],
                      effects=eff(enforcement={"actor": 20}, indicators={"actor": {"economy": -0.5}},
                                  relations={"actor-dprk": -2})),
        target=False, threat=True),
    Lever(
        id="enforce_loosely", name="Enforce sanctions loosely", group="sanctions",
        phase="sanctions", article="odd-couple-2015",
        passage="would benefit from a less enthusiastic application of sanctions",
        summary="Look the other way: your enforcement falls, trade with the DPRK flows, "
                "Pyongyang is pleased and Washington is not.",
        defaults=dict(cost=1, who=["us", "russia", "china", "rok", "japan"],
                      effects=eff(enforcement={"actor": -20},
                                  indicators={"actor": {"economy": 0.5}},
                                  relations={"actor-dprk": 3, "actor-us": -2})),
        target=False),
    Lever(
        id="ease_sanctions", name="Ease or lift sanctions", group="sanctions",
        phase="sanctions", article="odd-couple-2015",
        passage="Enhanced economic ties would reduce the impact of existing sanctions",
        summary="Lift some of your sanctions on a state, as a gesture or a deal item: its "
                "economy and hard currency recover and relations warm.",
        # only those who impose sanctions can lift them (see unilateral_sanctions); relief is
        # a deal item, not a monthly gift: once in six months per target (judgement); what
        # the target gains is what the easer really enforced (scaled by its enforcement)
        defaults=dict(cost=1, who=["us", "japan", "rok"], targets=["dprk", "russia"],
                      cooldown_months=6,
                      effects=eff(indicators={"target": {"economy": 2, "hard_currency": 2}},
                                  relations={"actor-target": 5}, enforcement={"actor": -5})),
        resolve=_ease, estimate=from_mix, estimate_mix=_ease_mix),
    Lever(
        id="repatriate_workers", name="Send North Korean workers home", group="sanctions",
        phase="sanctions", article="summit-2019",
        passage="Moscow still hasn't sent home all of the North Korean workers toiling in "
                "Russia—something required by U.N. Security Council Resolution 2397",
        summary="Comply with UNSCR 2397: Pyongyang loses the workers' hard currency and is "
                "displeased; your standing and enforcement rise.",
        # the passage is about Moscow's workers, and the duty comes from UNSCR 2397: it needs
        # a resolution in force that sends the workers home (history.resolutions)
        defaults=dict(cost=1, who=["russia"], targets=["dprk"],
                      effects=eff(indicators={"target": {"hard_currency": -3},
                                              "actor": {"clout": 1}},
                                  relations={"actor-target": -3}, enforcement={"actor": 5})),
        check=workers_resolution, check_per_target=True, check_gate=_workers_gate),
)
