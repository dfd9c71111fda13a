"""Summits, visits, talks and words: the diplomacy levers."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias, cast, get_args

from pydantic import Field

from ..facts import Fact
from ..kinds import ActorId, Deltas, ProposalKind, StateKey
from ..ledger import Cause
from ..orders import Order
from ..scenario import Effects, LeverParams, Numbers, Options, Variants
from ..state import Proposal, State, pair_key
from . import (Check, EstimateMix, Lever, Marker, Mix, Outcomes, OutcomesOf, Resolve,
               Weigh, Weights, eff, fixed_mix, from_mix, partnered, regained, register)

if TYPE_CHECKING:
    from ..effects import Ctx
    from ..rules import Rules

DealItem = Literal["none", "compensation", "sanctions_relief", "talks", "economic_deal"]
DEAL_ITEMS: list[str] = list(get_args(DealItem))
NoDeal = Literal["none"]
InvitationKind = Literal["summit", "ceremony"]
DPRK_ONLY = ("compensation", "talks")


# ------------------------------------------------------------------ parameter models
class MeetingNumbers(Numbers):
    first_meeting: Annotated[float, Field(ge=0, le=10)] = Field(
        default=1.5, description="a pair's first meeting: its effects times this")
    influence: Annotated[float, Field(ge=-100, le=100)] = Field(
        default=5.0, description="influence in Pyongyang the DPRK's partner gains from meeting")
    cooldown_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=6, description="after two leaders meet (summit or ceremony), months before "
                               "either may invite the other to this kind of meeting again")
    warm_ceiling: Annotated[float, Field(ge=-100, le=200)] = Field(
        default=200.0, description="the relation between the two at which a meeting stops "
                                   "warming it (a meeting between friends makes headlines, "
                                   "not friends); 200: never")
    warm_span: Annotated[float, Field(gt=0, le=300)] = Field(
        default=40.0, description="this far below the ceiling (or further) a meeting warms "
                                  "the relation fully; between, in a straight line")


def meeting_warmth(rules: Rules, state: State, a: str, b: str, kind: ProposalKind) -> float:
    """The share (0..1) of its warmth (its effect on the pair's relation) a meeting of this
    kind between ``a`` and ``b`` has now: all of it while they are ``warm_span`` or more
    below its ``warm_ceiling``, none at or above it, in a straight line between."""
    n = cast("SummitParams | CeremonyParams", rules.params[rules.proposers[kind].id]).params
    return warmth_left(state.values[pair_key("relation", a, b)], n.warm_ceiling, n.warm_span)


def warmth_left(rel: float, ceiling: float, span: float) -> float:
    """The share (0..1) of its warmth a gesture still has at relation ``rel``: all of it
    ``span`` or more below ``ceiling``, none at or above it, in a straight line between
    (meetings, Kuril talks: warmth fades with warmth)."""
    return min(1.0, max(0.0, (ceiling - rel) / span))


def _warmed(rules: Rules, state: State, kind: ProposalKind, a: str, b: str,
            deltas: Deltas) -> Deltas:
    """A meeting's changes with its effect on the pair's relation times its warmth now."""
    share = meeting_warmth(rules, state, a, b, kind)
    if share >= 1.0:
        return deltas
    key = pair_key("relation", a, b)
    return tuple((k, d * share) if k == key else (k, d) for k, d in deltas)


class CeremonyNumbers(MeetingNumbers):
    influence: Annotated[float, Field(ge=-100, le=100)] = Field(
        default=3.0, description="influence in Pyongyang the DPRK's partner gains from meeting")
    cooldown_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=12, description="after two leaders meet, months before either may invite the "
                                "other to a ceremony again (Victory Day comes once a year)")


class DealVariants(Variants):
    """A summit's deal items: what the payer gives and the receiver (the DPRK when it is at
    the table) gets. Compensation and nuclear talks apply only with the DPRK."""

    compensation: Effects = Field(default_factory=Effects,
                                  description="the host pays Pyongyang for its time")
    sanctions_relief: Effects = Field(default_factory=Effects,
                                      description="the host eases its sanctions")
    talks: Effects = Field(default_factory=Effects, description="the nuclear talks move")
    economic_deal: Effects = Field(default_factory=Effects, description="trade grows")


class SummitParams(LeverParams):
    params: MeetingNumbers = Field(default_factory=MeetingNumbers)
    variants: DealVariants = Field(default_factory=DealVariants)
    options: Options[DealItem] = Field(default_factory=lambda: list(get_args(DealItem)),
                                    description="the deal items an invitation may carry")


class CeremonyParams(LeverParams):
    params: CeremonyNumbers = Field(default_factory=CeremonyNumbers)
    options: Options[NoDeal] = Field(default_factory=lambda: list(get_args(NoDeal)),
                                           description="a ceremony carries no deal item")


class AnswerParams(LeverParams):
    options: Options[InvitationKind] = Field(
        default_factory=lambda: list(get_args(InvitationKind)),
        description="the kinds of invitation this answers")


class JointVariants(Variants):
    joint: Effects = Field(default_factory=Effects,
                           description="the extra effects when both sides order it the same turn")
    alone: Effects = Field(default_factory=Effects,
                           description="what pressing costs when the other side does not come "
                                       "to the table that turn")


class JointParams(LeverParams):
    variants: JointVariants = Field(default_factory=JointVariants)


class KurilNumbers(Numbers):
    dispute_ceiling: Annotated[float, Field(ge=-100, le=100)] = Field(
        default=30.0, description="the relation between the two at which talks over the "
                                  "unresolved islands stop warming it")
    warm_span: Annotated[float, Field(gt=0, le=200)] = Field(
        default=30.0, description="this far below the ceiling (or further) a session warms "
                                  "relations fully; between, in a straight line")
    round_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=0, description="talks come in rounds: a session at the table this many "
                               "months or more after the pair's last one does its whole "
                               "joint part (progress, money, warmth); sooner, the share of "
                               "them gone by (0: every session does all of it)")


class KurilVariants(JointVariants):
    warmth: Effects = Field(default_factory=Effects,
                            description="what a session with both sides at the table does to "
                                        "relations, times how far they are below the ceiling")


class KurilParams(JointParams):
    params: KurilNumbers = Field(default_factory=KurilNumbers)
    variants: KurilVariants = Field(default_factory=KurilVariants)


class TalksNumbers(Numbers):
    min_talks: Annotated[float, Field(ge=0, le=100)] = Field(
        default=20.0, description="the nuclear talks track must be at least this: there must "
                                  "be negotiations to insert yourself into")


class TalksParams(LeverParams):
    params: TalksNumbers = Field(default_factory=TalksNumbers)


class DenounceNumbers(Numbers):
    threat_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=3, description="a denunciation answers the target's threat: a lever that is a "
                               "threat (a test, a drill, sanctions) it used in the last this "
                               "many months")


class DenounceVariants(Variants):
    answer: Effects = Field(default_factory=Effects,
                            description="denouncing a threat the target made lately: the home "
                                        "audience approves")
    empty: Effects = Field(default_factory=Effects,
                           description="denouncing a state that made no threat lately: words "
                                       "without a cause")


class DenounceParams(LeverParams):
    params: DenounceNumbers = Field(default_factory=DenounceNumbers)
    variants: DenounceVariants = Field(default_factory=DenounceVariants)


def threatened(rules: Rules, state: State, who: str, p: DenounceParams) -> bool:
    """Has ``who`` made a threat (used a lever that is a :attr:`~Lever.threat`: a test, a
    drill, sanctions) in a turn before this one, within ``threat_months``?"""
    from ..rules import turns_for
    turns = turns_for(p.params.threat_months, rules.scenario.turn_months)
    if not turns:
        return False
    last = max((state.last_lever.get((who, lid), -999) for lid in rules.threats), default=-999)
    return 0 < state.turn - last <= turns


def _allies(rules: Rules, who: str) -> frozenset[str]:
    """The states bound to ``who`` by an alliance in the scenario (its ``alliance.`` keys)."""
    ck = ("allies", who)
    hit: frozenset[str] | None = rules.cache.get(ck)
    if hit is None:
        pairs = [k.split(".", 1)[1].split("-") for k in rules.initial.values
                 if k.startswith("alliance.")]
        hit = rules.cache[ck] = frozenset(b if a == who else a for a, b in pairs
                                          if who in (a, b))
    return hit


def answers_a_threat(rules: Rules, state: State, order: Order, p: DenounceParams) -> bool:
    """Does denouncing ``order.target`` answer its threat? It made one lately
    (:func:`threatened`), and it is not an ally of the speaker's allies (Tokyo does not
    answer Seoul's drills with Washington)."""
    assert order.target is not None
    if _allies(rules, order.actor) & _allies(rules, order.target):
        return False
    return threatened(rules, state, order.target, p)


def _denounce_mix(rules: Rules, order: Order, p: DenounceParams) -> Mix:
    """Two outcomes, one of them sure: the denunciation answers the target's threat (the
    ``answer`` variant) or it has no cause (``empty``)."""
    r = rules.resolver
    base = r.resolve(p.effects, order.actor, order.target)
    answer = base + r.resolve(p.variants.answer, order.actor, order.target)
    empty = base + r.resolve(p.variants.empty, order.actor, order.target)

    def weigh(state: State) -> Weights:
        return (1.0, 0.0) if answers_a_threat(rules, state, order, p) else (0.0, 1.0)
    return (answer, empty), weigh


def _denounce(ctx: Ctx, order: Order, p: DenounceParams, cause: Cause) -> None:
    assert order.target is not None
    answer = answers_a_threat(ctx.rules, ctx.state, order, p)
    ctx.apply(p.effects, order.actor, order.target, cause)
    ctx.apply(p.variants.answer if answer else p.variants.empty, order.actor, order.target,
              cause)
    a, t = ctx.rules.name(order.actor), ctx.rules.name(order.target)
    ctx.say(f"{a} denounces {t}'s threats" if answer else
            f"{a} denounces {t}, though {t} has made no threat lately", cause,
            actors=(order.actor, order.target))


def _not_an_ally(rules: Rules, state: State, order: Order, p: LeverParams) -> str | None:
    """Allies do not denounce each other's "threats" in public (the passage: Moscow denouncing
    Washington's threats against Pyongyang): a state bound to the target by an alliance
    cannot."""
    a, t = order.actor, order.target
    if t is not None and t in _allies(rules, a):
        return f"{rules.name(a)} will not denounce its ally {rules.name(t)}"
    return None


def _talks_under_way(rules: Rules, state: State, order: Order, p: TalksParams) -> str | None:
    if state.values["track.talks"] < p.params.min_talks:
        return (f"there are no nuclear talks to join (talks {state.values['track.talks']:.0f}, "
                f"need {p.params.min_talks:g})")
    return None


class PatronVariants(Variants):
    rivalry: Effects = Field(default_factory=Effects,
                             description="what Pyongyang pockets, times the patrons' rivalry")
    other_patron: Effects = Field(default_factory=Effects,
                                  description="what the patron not courted loses")


class PatronNumbers(Numbers):
    regain_months: Annotated[int, Field(ge=0, le=120)] = Field(
        default=4, description="months after courting a patron before courting it again has "
                               "its full pull; sooner, the pull is the share of them gone by")
    catch_up: Annotated[float, Field(ge=0, le=10)] = Field(
        default=0.35, description="the courted patron gains influence in Pyongyang only while "
                                 "its influence is below this share of the other's, the less "
                                 "the nearer it is")


class PatronParams(LeverParams):
    params: PatronNumbers = Field(default_factory=PatronNumbers)
    variants: PatronVariants = Field(default_factory=PatronVariants)


def _no_pending_between(kind: ProposalKind) -> Check:
    """An invitation's check: none of this kind pending between the two, and the two
    leaders have not met within the lever's cool-down (leaders' time is scarce)."""
    def check(rules: Rules, state: State, order: Order,
              p: SummitParams | CeremonyParams) -> str | None:
        a, t = order.actor, order.target
        assert t is not None      # an invitation has a target: the rules checked the order
        for pr in state.proposals:
            if pr.kind == kind and ((pr.proposer == a and pr.target == t)
                                    or (pr.proposer == t and pr.target == a)):
                return f"a {kind} between these two is already pending"
        last = state.last_met.get((a, t) if a < t else (t, a))
        if last is not None:
            wait = _cooldown_turns(rules, p)
            if state.turn - last < wait:
                return (f"these two leaders met in turn {last}; not again before turn "
                        f"{last + wait} ({p.params.cooldown_months} months)")
        # the meeting would be held next turn, when the invitee answers
        return leaders_busy(rules, state, order, state.turn + 1)
    return check


def free_from(rules: Rules, state: State, who: ActorId) -> tuple[int, int] | None:
    """(the turn of its last meeting, the first turn it may meet again) for a leader whose
    time is scarce (the scenario's ``summit_months``) and who has met anyone since the game
    began; None when there is no such limit on it yet."""
    months = rules.scenario.actors[who].summit_months
    if months <= 0:
        return None
    last = max((t for (a, b), t in state.last_met.items() if who in (a, b)), default=None)
    if last is None:
        return None
    from ..rules import turns_for
    return last, last + turns_for(months, rules.scenario.turn_months)


def leaders_busy(rules: Rules, state: State, order: Order, when: int) -> str | None:
    """Why the two leaders of an invitation cannot meet in turn ``when`` (one of them met
    another leader too recently: its ``summit_months``), or None."""
    assert order.target is not None   # an invitation has a target: the rules checked the order
    for who in (cast(ActorId, order.actor), cast(ActorId, order.target)):
        busy = free_from(rules, state, who)
        if busy is not None and when < busy[1]:
            months = rules.scenario.actors[who].summit_months
            return (f"{rules.name(who)}'s leader met another leader in turn {busy[0]}; "
                    f"no meeting before turn {busy[1]} ({months} months: leaders' time "
                    f"is scarce)")
    return None


def _cooldown_turns(rules: Rules, p: SummitParams | CeremonyParams) -> int:
    months = p.params.cooldown_months
    if months <= 0:
        return 0
    return max(1, -(-months // rules.scenario.turn_months))


def _propose(kind: ProposalKind) -> Resolve:
    def resolve(ctx: Ctx, order: Order, p: LeverParams, cause: Cause) -> None:
        assert order.target is not None   # a lever with a target: the rules checked the order
        ctx.state.proposals.append(Proposal(kind, order.actor, order.target, order.option,
                                            ctx.turn))
        n = ctx.rules.name
        what = "a summit" if kind == "summit" else "the Victory Day ceremony"
        deal = f" (deal item: {order.option.replace('_', ' ')})" if order.option not in (
            None, "none") else ""
        ctx.say(f"{n(order.actor)} invites {n(order.target)} to {what}{deal}; "
                f"an answer is due next turn", cause,
                fact=Fact(ctx.turn, "invited", order.actor, order.target, order.lever,
                          order.option))
    return resolve


def _parties(proposal: Proposal) -> tuple[str, str]:
    """Who pays and who receives a deal item: the DPRK receives when it is at the table."""
    a, b = proposal.proposer, proposal.target
    if b == "dprk":
        return a, b
    if a == "dprk":
        return b, a
    return a, b


def meeting_effects(rules: Rules, state: State, proposal: Proposal) -> Deltas:
    """((key, delta), ...) of holding a summit or ceremony, its deal item included, its
    warmth as relations stand now (:func:`meeting_warmth`)."""
    first = tuple(sorted((proposal.proposer, proposal.target))) not in state.met
    return _warmed(rules, state, proposal.kind, proposal.proposer, proposal.target,
                   _meeting(rules, proposal.kind, proposal.proposer, proposal.target,
                            proposal.option, first))


def _meeting(rules: Rules, kind: ProposalKind, proposer: str, target: str, option: str | None,
             first: bool) -> Deltas:
    """meeting_effects for given parties, item and first-ness; cached per rules (pure)."""
    ck = ("meeting", kind, proposer, target, option, first)
    hit: Deltas | None = rules.cache.get(ck)
    if hit is not None:
        return hit
    p = cast("SummitParams | CeremonyParams", rules.params[rules.proposers[kind].id])
    pair = tuple(sorted((proposer, target)))
    scale = p.params.first_meeting if first else 1.0
    out = [(k, d * scale) for k, d in rules.resolver.resolve(p.effects, target, proposer)]
    if "dprk" in pair:
        other = pair[0] if pair[1] == "dprk" else pair[1]
        k = f"influence.{other}"
        if k in rules.keys:
            out.append((k, p.params.influence * scale))
    item = option
    if item in DPRK_ONLY and "dprk" not in pair:
        item = None     # compensation and nuclear talks are about the DPRK
    deal = dict(p.variants.items()).get(item) if item and item != "none" else None
    if deal is not None:
        payer, receiver = _parties(Proposal(kind, proposer, target, option, 0))
        out.extend(rules.resolver.resolve(deal, payer, receiver))
    hit = rules.cache[ck] = tuple(out)
    return hit


def _find(state: State, order: Order, kinds: tuple[str, ...]) -> Proposal | None:
    for pr in state.proposals:
        if (pr.kind in kinds and pr.proposer == order.target and pr.target == order.actor
                and pr.turn < state.turn and not pr.responses):
            return pr
    return None


def _answerable(rules: Rules, state: State, order: Order, p: AnswerParams) -> str | None:
    if _find(state, order, (order.option or "summit",)) is None:
        return "no invitation of that kind from that state awaits your answer"
    lv = rules.levers[order.lever]
    if lv.meeting:
        return leaders_busy(rules, state, order, state.turn)
    return None


def _invited(rules: Rules, state: State, actor: str) -> bool:
    """check_gate of the answers: some invitation to ``actor`` awaits an answer."""
    for pr in state.proposals:
        if pr.target == actor and pr.turn < state.turn and not pr.responses:
            return True
    return False


def _accept(ctx: Ctx, order: Order, p: AnswerParams, cause: Cause) -> None:
    pr = _find(ctx.state, order, (order.option or "summit",))
    assert pr is not None     # the lever's check (_answerable) found it
    pr.responses[order.actor] = "accept"
    a, b = sorted((pr.proposer, pr.target))
    pair = (a, b)
    first = pair not in ctx.state.met
    for k, d in meeting_effects(ctx.rules, ctx.state, pr):
        ctx.change(k, d, cause)
    ctx.state.met.add(pair)
    ctx.state.last_met[pair] = ctx.turn
    n = ctx.rules.name
    what = "summit" if pr.kind == "summit" else "ceremony"
    extra = " — their first meeting, and it carries extra weight" if first else ""
    deal = f"; deal item: {pr.option.replace('_', ' ')}" if pr.option not in (None, "none") else ""
    ctx.say(f"{n(pr.proposer)}–{n(pr.target)} {what} held{extra}{deal}", cause,
            fact=Fact(ctx.turn, "meeting", pr.proposer, pr.target,
                      ctx.rules.proposers[pr.kind].id, pr.option, first=first))


def _accept_estimate(rules: Rules, state: State, order: Order, p: AnswerParams) -> Deltas:
    pr = _find(state, order, (order.option or "summit",))
    return meeting_effects(rules, state, pr) if pr else ()


def _rebuff(ctx: Ctx, order: Order, p: AnswerParams, cause: Cause) -> None:
    pr = _find(ctx.state, order, (order.option or "summit",))
    assert pr is not None     # the lever's check (_answerable) found it
    pr.responses[order.actor] = "rebuff"
    ctx.state.snubbed[(pr.proposer, pr.target)] = ctx.turn
    ctx.apply(p.effects, order.actor, order.target, cause)
    n = ctx.rules.name
    ctx.say(f"{n(order.actor)} rebuffs {n(order.target)}'s request for a {pr.kind}", cause,
            fact=Fact(ctx.turn, "rebuffed", pr.proposer, pr.target,
                      ctx.rules.proposers[pr.kind].id, pr.option, (order.actor,)))


Invitation: TypeAlias = tuple[tuple[str, str], StateKey, bool, Deltas, Deltas, Deltas]
"""What an invitation's odds and effects need (see :func:`_invitation`)."""


def accept_chance(rules: Rules, state: State, order: Order) -> float:
    """A proposer's guess that the invitee says yes: warmer relations, better odds; Pyongyang
    wants something for its time ("compensation") unless it is a first meeting."""
    assert order.target is not None   # an invitation has a target
    return _odds(state, _invitation(rules, "summit", order.actor, order.target,
                                    order.option))[0]


def _invitation(rules: Rules, kind: ProposalKind, actor: str, target: str,
                option: str | None) -> Invitation:
    """What an invitation's odds and effects need that does not change during a game:
    (pair, relation key, DPRK wants paying, meeting effects if first, if not, rebuff effects);
    cached per rules."""
    ck = ("invitation", kind, actor, target, option)
    hit: Invitation | None = rules.cache.get(ck)
    if hit is None:
        hit = rules.cache[ck] = (
            (actor, target) if actor < target else (target, actor),
            pair_key("relation", actor, target),
            target == "dprk" and option not in ("compensation", "sanctions_relief"),
            _meeting(rules, kind, actor, target, option, True),
            _meeting(rules, kind, actor, target, option, False),
            rules.resolver.resolve(rules.params["rebuff_invitation"].effects, target, actor))
    return hit


def _odds(state: State, inv: Invitation) -> tuple[float, bool]:
    """(accept_chance, is this the pair's first meeting) of an invitation."""
    first = inv[0] not in state.met
    p = 0.5 + state.values[inv[1]] / 200.0
    if inv[2] and not first:
        p *= 0.4
    return min(0.95, max(0.05, p)), first


def _summit_mix(kind: ProposalKind) -> EstimateMix:
    """An invitation's estimate: the meeting (first or not) if accepted, its warmth as
    relations stand (:func:`meeting_warmth`), the rebuff if not."""
    def mix(rules: Rules, order: Order, p: LeverParams) -> Mix:
        assert order.target is not None   # an invitation has a target
        inv = _invitation(rules, kind, order.actor, order.target, order.option)
        key = inv[1]
        first = tuple((k, d) for k, d in inv[3] if k != key)
        again = tuple((k, d) for k, d in inv[4] if k != key)
        return ((first, again, inv[5], tuple((k, d) for k, d in inv[3] if k == key),
                 tuple((k, d) for k, d in inv[4] if k == key)), _weigher(rules, kind, inv))
    return mix


def _weigher(rules: Rules, kind: ProposalKind, inv: Invitation) -> Weigh:
    """The weights of an invitation's mix; one function per (kind, pair, relation, DPRK
    wants paying), so a computer player weighs each once a turn."""
    ck = ("weigh-invitation", kind) + inv[:3]
    weigh = rules.cache.get(ck)
    if weigh is None:
        a, b = inv[0]

        def weigh(state: State) -> Weights:
            yes, first = _odds(state, inv)
            w = meeting_warmth(rules, state, a, b, kind)
            return ((yes, 0.0, 1.0 - yes, yes * w, 0.0) if first
                    else (0.0, yes, 1.0 - yes, 0.0, yes * w))
        rules.cache[ck] = weigh
    return weigh


def _invitation_outcomes(kind: ProposalKind) -> OutcomesOf:
    """An invitation's outcomes: the invitee decides next turn; accepted, the meeting (first
    or not) and its deal item; rebuffed, the rebuff."""
    def outcomes(rules: Rules, state: State, order: Order, p: LeverParams) -> Outcomes:
        assert order.target is not None   # an invitation has a target
        inv = _invitation(rules, kind, order.actor, order.target, order.option)
        first = inv[0] not in state.met
        meet = _warmed(rules, state, kind, order.actor, order.target,
                       inv[3] if first else inv[4])
        return Outcomes("any-yes", (order.target,), (), meet, inv[5], ((),), ((),),
                        yes_cost=(rules.params["accept_invitation"].cost,),
                        no_cost=(rules.params["rebuff_invitation"].cost,), delay=1,
                        answer_lever=("accept_invitation", "rebuff_invitation"),
                        demand=(order.option, first))
    return outcomes


def _joint_outcomes(rules: Rules, state: State, order: Order, p: JointParams) -> Outcomes:
    """Talks at a table: pressing has the lever's own effects whatever happens; the partner
    ordering it back the same turn adds the joint effects (and its own side's), its staying
    away costs what pressing alone costs."""
    ck = ("joint-outcomes", order.lever, order.actor, order.target)
    hit: Outcomes | None = rules.cache.get(ck)
    if hit is None:
        assert order.target is not None   # a lever with a target: the rules checked the order
        r = rules.resolver
        hit = rules.cache[ck] = Outcomes(
            "all-yes", (order.target,), r.resolve(p.effects, order.actor, order.target),
            r.resolve(p.variants.joint, order.actor, order.target),
            r.resolve(p.variants.alone, order.actor, order.target),
            (r.resolve(p.effects, order.target, order.actor),), ((),),
            yes_cost=(p.cost,), no_cost=(0,), answer_lever=(order.lever, ""))
    return hit


def _joint(thaw: Callable[[Rules, State, Order, KurilParams], float] | None = None,
           rounds: Callable[[Rules, State, Order, KurilParams], float] | None = None
           ) -> Resolve:
    """Resolution for a lever that does most only when both sides order it the same turn
    (its :attr:`Lever.partner`); pressing alone costs its ``alone`` variant. ``thaw``: the
    share (0..1) of the ``warmth`` variant a session at the table adds (Kuril talks);
    ``rounds``: the share (0..1) of the whole joint part a session does this soon after the
    pair's last one, which it then records (in :attr:`State.last_used`, both ways)."""
    def resolve(ctx: Ctx, order: Order, p: JointParams, cause: Cause) -> None:
        assert order.target is not None   # a lever with a target: the rules checked the order
        both = partnered(ctx, order)
        ctx.apply(p.effects, order.actor, order.target, cause)
        tag = (order.lever,) + tuple(sorted((order.actor, order.target)))
        n = ctx.rules.name
        if both and tag not in ctx.flags:
            ctx.flags.add(tag)
            kp = cast(KurilParams, p)
            rnd = 1.0 if rounds is None else rounds(ctx.rules, ctx.state, order, kp)
            ctx.apply(p.variants.joint, order.actor, order.target, cause, rnd)
            extra = ""
            if thaw is not None:
                share = thaw(ctx.rules, ctx.state, order, kp)
                ctx.apply(kp.variants.warmth, order.actor, order.target, cause, share * rnd)
                extra = ("" if share >= 1.0 else
                         "; the unresolved dispute keeps relations cool" if share <= 0.0 else
                         f"; the unresolved dispute limits the thaw ({share:.0%})")
            if rounds is not None:
                used = ctx.state.last_used
                used[(order.actor, order.lever, order.target)] = ctx.turn
                used[(order.target, order.lever, order.actor)] = ctx.turn
                if rnd < 1.0:
                    extra += (f"; little new to agree so soon after the last round "
                              f"({rnd:.0%})")
            ctx.say(f"{n(order.actor)} and {n(order.target)}: "
                    f"{ctx.rules.lever_name(order.lever)} — both sides at the table, progress "
                    f"made{extra}", cause)
        elif not both:
            ctx.apply(p.variants.alone, order.actor, order.target, cause)
            ctx.say(f"{n(order.actor)} presses for {ctx.rules.lever_name(order.lever)}; "
                    f"{n(order.target)} does not engage", cause)
    return resolve


def _joint_estimate(rules: Rules, state: State | None, order: Order, p: JointParams) -> Deltas:
    # reads no state: the talks' own effects, half the joint ones and half the cost of
    # pressing alone (the partner comes one time in two)
    r = rules.resolver
    half = tuple((k, d * 0.5) for k, d in r.resolve(p.variants.joint, order.actor, order.target)
                 + r.resolve(p.variants.alone, order.actor, order.target))
    return r.resolve(p.effects, order.actor, order.target) + half


def kuril_thaw(rules: Rules, state: State, order: Order, p: KurilParams) -> float:
    """The share (0..1) of its ``warmth`` a session of Kuril talks adds: all of it while the
    two are ``warm_span`` or more below the ``dispute_ceiling``, none at or above it (talks
    over an unresolved dispute do not make friends), in a straight line between."""
    assert order.target is not None   # a lever with a target: the rules checked the order
    rel = state.values[pair_key("relation", order.actor, order.target)]
    return warmth_left(rel, p.params.dispute_ceiling, p.params.warm_span)


def kuril_round(rules: Rules, state: State, order: Order, p: KurilParams) -> float:
    """The share (0..1) of a session's joint part (progress on the islands, money, warmth)
    a session at the table does now: all of it the first time, or once ``round_months``
    have gone by since the two last sat at the table; sooner, the share of them gone by
    (a round a month after the last has little new to agree)."""
    return regained(rules, state, order, p.params.round_months)


def _kuril_outcomes(rules: Rules, state: State, order: Order, p: KurilParams) -> Outcomes:
    """_joint_outcomes with the session's thaw as relations stand now, and its joint part
    times the share of a round (:func:`kuril_round`)."""
    oc = _joint_outcomes(rules, state, order, p)
    assert order.target is not None   # a lever with a target: the rules checked the order
    share = kuril_thaw(rules, state, order, p)
    rnd = kuril_round(rules, state, order, p)
    warm = tuple((k, d * share) for k, d in rules.resolver.resolve(p.variants.warmth,
                                                                  order.actor, order.target))
    yes = oc.yes + warm if warm and share > 0.0 else oc.yes
    if rnd >= 1.0:
        return oc if yes is oc.yes else replace(oc, yes=yes)
    return replace(oc, yes=tuple((k, d * rnd) for k, d in yes))


def _kuril_mix(rules: Rules, order: Order, p: KurilParams) -> Mix:
    """Kuril talks' estimate as a mix: their own effects; half the joint ones, half the
    warmth at the thaw relations allow now (both times the share of a round) and half the
    cost of pressing alone (the partner comes one time in two)."""
    r = rules.resolver
    parts = (r.resolve(p.effects, order.actor, order.target),
             r.resolve(p.variants.joint, order.actor, order.target),
             r.resolve(p.variants.warmth, order.actor, order.target),
             r.resolve(p.variants.alone, order.actor, order.target))

    def weigh(state: State) -> Weights:
        rnd = kuril_round(rules, state, order, p)
        return (1.0, 0.5 * rnd, 0.5 * rnd * kuril_thaw(rules, state, order, p), 0.5)
    return parts, weigh


class LinkageNumbers(Numbers):
    catch_up: Annotated[float, Field(ge=0, le=10)] = Field(
        default=0.35, description="Moscow's influence in Pyongyang grows by linkage only while "
                                 "below this share of Beijing's, the less the nearer it is")


class LinkageParams(LeverParams):
    params: LinkageNumbers = Field(default_factory=LinkageNumbers)


def influence_room(state: State, who: str, rival: str, catch_up: float) -> float:
    """How far (0..1) ``who``'s influence in Pyongyang may still grow by words and courtship:
    all while it has none, none once it has ``catch_up`` times ``rival``'s, in a straight
    line between."""
    cap = catch_up * state.values[f"influence.{rival}"]
    if cap <= 0.0:
        return 0.0
    return min(1.0, max(0.0, 1.0 - state.values[f"influence.{who}"] / cap))


def _linkage_effects(rules: Rules, state: State, order: Order,
                     p: LinkageParams) -> Deltas:
    """The harder Washington presses over Ukraine, the more Moscow makes it pay in Korea (a
    quarter at least); Moscow's own pull in Pyongyang grows only with room to grow
    (:func:`influence_room` against Beijing's)."""
    scale = max(0.25, state.values["track.ukraine"] / 50.0)
    mine = f"influence.{order.actor}"
    room = influence_room(state, order.actor, "china", p.params.catch_up) \
        if order.actor != "china" else 1.0
    return tuple((k, d * scale * (room if k == mine else 1.0))
                 for k, d in rules.resolver.resolve(p.effects, order.actor, order.target))


def _linkage(ctx: Ctx, order: Order, p: LinkageParams, cause: Cause) -> None:
    for k, d in _linkage_effects(ctx.rules, ctx.state, order, p):
        ctx.change(k, d, cause)
    ctx.say(f"{ctx.rules.name(order.actor)} demands respect for its interests in Ukraine, "
            f"Syria and Venezuela, and makes {ctx.rules.name(order.target)} pay in Korea", cause)


def _linkage_estimate(rules: Rules, state: State, order: Order, p: LinkageParams) -> Deltas:
    return _linkage_effects(rules, state, order, p)


def patron_pull(rules: Rules, state: State, order: Order, p: PatronParams) -> float:
    """The pull (0..1) of courting this patron now: all of it the first time, or once
    ``regain_months`` have gone by since Pyongyang last courted it; sooner, the share of
    them gone by (courting the same patron month after month loses its pull)."""
    return regained(rules, state, order, p.params.regain_months)


def patron_room(state: State, order: Order, p: PatronParams) -> float:
    """How far (0..1) the courted patron's influence may still grow by being courted
    (:func:`influence_room` against the other patron's): courting pulls Pyongyang "a bit"
    out of one sphere, not into the other."""
    assert order.target is not None   # a lever with a target: the rules checked the order
    other = "russia" if order.target == "china" else "china"
    return influence_room(state, order.target, other, p.params.catch_up)


def _patron_effects(rules: Rules, state: State, order: Order,
                    p: PatronParams) -> tuple[Deltas, float, float]:
    """(changes, rivalry, pull) of courting ``order.target``: everything times the pull, the
    hard currency Pyongyang pockets times the rivalry too, the courted patron's influence
    times its room to grow (:func:`patron_room`)."""
    other = "russia" if order.target == "china" else "china"
    ic, ir = state.values["influence.china"], state.values["influence.russia"]
    rivalry = min(ic, ir) / max(ic, ir, 1.0)
    pull = patron_pull(rules, state, order, p)
    courted = f"influence.{order.target}"
    room = patron_room(state, order, p)
    base = tuple((k, d * room) if k == courted else (k, d)
                 for k, d in rules.resolver.resolve(p.effects, order.actor, order.target))
    gains = rules.resolver.resolve(p.variants.rivalry, order.actor, order.target)
    lost = rules.resolver.resolve(p.variants.other_patron, order.actor, other)
    out = base + tuple((k, d * rivalry) for k, d in gains) + lost
    if pull < 1.0:
        out = tuple((k, d * pull) for k, d in out)
    return out, rivalry, pull


def _play_patrons(ctx: Ctx, order: Order, p: PatronParams, cause: Cause) -> None:
    changes, rivalry, pull = _patron_effects(ctx.rules, ctx.state, order, p)
    for k, d in changes:
        ctx.change(k, d, cause)
    n = ctx.rules.name
    tired = "" if pull >= 1.0 else (f"; {n(order.target)} has heard it lately (pull "
                                    f"{pull:.0%})")
    ctx.say(f"{n('dprk')} courts {n(order.target)} to play its two big neighbours off each "
            f"other (rivalry {rivalry:.0%}){tired}", cause)


register(
    Lever(
        id="propose_summit", name="Propose a summit", group="diplomacy", phase="diplomacy",
        article="summit-2019",
        passage="Since this would be the first meeting between the two leaders since Kim came "
                "to power in 2011, the summit provides an important opportunity",
        summary="Invite a leader to a summit with one deal item on the agenda. They accept or "
                "rebuff next turn. A first meeting carries extra weight; with the DPRK, "
                "the host gains influence in Pyongyang. A summit warms relations less the "
                "warmer they already are (none from 60).",
        # Warmth fades with warmth (judgement; "so far, the Russo-North Korean performance
        # is largely an international Kabuki Theater", odd-couple-2015; "ties between the
        # former Cold War allies of Pyongyang and Moscow aren't what they once were",
        # summit-2019): a meeting warms the pair's relation fully at 20 or below, not at
        # all from 60 (warm_ceiling 60, warm_span 40). Warming at any level, Russia and the
        # North went from 25 to 73 (2015) and from 15 to 79 (2019) in 16 months; now to
        # about 59 and 66. The same for a ceremony.
        defaults=dict(cost=2, options=DEAL_ITEMS,
                      params={"warm_ceiling": 60, "warm_span": 40},
                      effects=eff(relations={"actor-target": 8},
                                  indicators={"actor": {"clout": 2}, "target": {"clout": 2}}),
                      variants={
                          # paid out of the host's own resources
                          "compensation": eff(indicators={"actor": {"economy": -2},
                                                          "target": {"hard_currency": 4,
                                                                     "fuel": 3, "economy": 0.5}}),
                          "sanctions_relief": eff(enforcement={"actor": -10},
                                                  indicators={"target": {"economy": 2,
                                                                         "hard_currency": 2}},
                                                  relations={"actor-us": -2}),
                          "talks": eff(tracks={"talks": 8, "tension": -3}),
                          "economic_deal": eff(trade={"actor-target": 6},
                                               indicators={"actor": {"economy": 0.5},
                                                           "target": {"economy": 1}})}),
        model=SummitParams, check=_no_pending_between("summit"), check_per_target=True,
        proposes="summit", option_label="Deal",
        proposal_marker=Marker("summit", "target", "summit? from {actor}"),
        resolve=_propose("summit"), outcomes=_invitation_outcomes("summit"),
        estimate=from_mix, estimate_mix=_summit_mix("summit")),
    Lever(
        id="invite_ceremony", name="Invite to a ceremony (Victory Day)", group="diplomacy",
        phase="diplomacy", article="odd-couple-2015",
        passage="Putin invited both North Korean leader Kim Jong-un and South Korean President "
                "Park Geun-hye to Russia's Victory Day celebrations in May",
        summary="Invite a leader to a state ceremony. Attending warms relations (less the "
                "warmer they are, none from 60) and lifts the host's prestige; a first "
                "foreign trip weighs more.",
        # Russia's Victory Day, to the two leaders the passage names; its warmth fades with
        # warmth as a summit's does
        defaults=dict(cost=1, who=["russia"], targets=["dprk", "rok"], options=["none"],
                      params={"warm_ceiling": 60, "warm_span": 40},
                      effects=eff(relations={"actor-target": 5},
                                  indicators={"target": {"clout": 3}, "actor": {"clout": 1}})),
        model=CeremonyParams, check=_no_pending_between("ceremony"), check_per_target=True,
        proposes="ceremony", proposal_marker=Marker("summit", "target", "ceremony? from {actor}"),
        resolve=_propose("ceremony"), outcomes=_invitation_outcomes("ceremony"),
        estimate=from_mix, estimate_mix=_summit_mix("ceremony")),
    Lever(
        id="accept_invitation", name="Accept a summit or invitation", group="diplomacy",
        phase="responses", article="summit-2019",
        passage="Pyongyang has long embraced a policy of demanding some form of “compensation” "
                "for high-visibility meetings such as this",
        summary="Meet the leader who invited you last turn: the meeting and its deal item take "
                "effect now.",
        defaults=dict(cost=1, options=["summit", "ceremony"]),
        model=AnswerParams, check=_answerable, check_gate=_invited, resolve=_accept,
        estimate=_accept_estimate, answers="accept", meeting=True, option_label="Invitation"),
    Lever(
        id="rebuff_invitation", name="Rebuff a summit or invitation", group="diplomacy",
        phase="responses", article="odd-couple-2015",
        passage="China rebuffed Kim's request for a meeting with President Xi Jinping",
        summary="Turn down last turn's invitation: the one who asked loses face and relations "
                "cool.",
        defaults=dict(cost=0, options=["summit", "ceremony"],
                      effects=eff(relations={"actor-target": -5},
                                  indicators={"target": {"clout": -2}})),
        model=AnswerParams, check=_answerable, check_gate=_invited, resolve=_rebuff,
        answers="rebuff", option_label="Invitation"),
    Lever(
        id="high_level_visit", name="High-level visit and exchanges", group="diplomacy",
        phase="diplomacy", article="odd-couple-2015",
        passage="Throughout the year, the two countries exchanged high-level visitors and "
                "inked a number of economic agreements",
        summary="Send senior officials: relations warm a little, both gain some standing.",
        # exchanges come "throughout the year", not every month to the same capital
        defaults=dict(cost=1, cooldown_months=3,
                      effects=eff(relations={"actor-target": 4},
                                  indicators={"actor": {"clout": 1},
                                              "target": {"clout": 0.5}})),
        contact=True),
    Lever(
        id="six_party_talks", name="Push to resume the Six-Party Talks", group="diplomacy",
        phase="diplomacy", article="odd-couple-2015",
        passage="Pressing for the resumption of the Six-Party Talks raises Russia's diplomatic "
                "profile, moves Moscow closer to China, and applies pressure on the United States",
        summary="Call for multilateral talks: the talks track moves, tension eases and the "
                "convener's profile rises.",
        # the passage's convener is Moscow (closer to China, pressure on Washington); Beijing
        # hosted the talks. Not Washington or its allies: the effects press on the US.
        defaults=dict(cost=1, who=["russia", "china"], cooldown_months=3,
                      effects=eff(indicators={"actor": {"clout": 3}},
                                  tracks={"talks": 2, "tension": -1},
                                  relations={"actor-china": 2, "actor-us": -1})),
        target=False),
    Lever(
        id="nuclear_talks", name="US–DPRK nuclear negotiations", group="diplomacy",
        phase="diplomacy", article="summit-2019",
        passage="the already-vexing state of U.S.-North Korea relations, especially the ongoing "
                "nuclear negotiations",
        summary="Negotiate on the nuclear programme. Real progress needs both Washington and "
                "Pyongyang at the table the same turn — and Pyongyang never plans to give its "
                "weapons away.",
        defaults=dict(cost=2, who=["us", "dprk"], targets=["us", "dprk"],
                      effects=eff(tracks={"talks": 3}),
                      variants={"joint": eff(tracks={"talks": 10, "tension": -4},
                                             relations={"actor-target": 5},
                                             indicators={"dprk": {"nuclear": -1.5}})}),
        model=JointParams, partner="nuclear_talks", resolve=_joint(), estimate=from_mix,
        outcomes=_joint_outcomes,
        estimate_mix=fixed_mix(_joint_estimate)),
    Lever(
        id="insert_into_talks", name="Insert yourself into the nuclear talks", group="diplomacy",
        phase="diplomacy", article="summit-2019",
        passage="an unwelcome opening for Russia to insert itself into the already-vexing state "
                "of U.S.-North Korea relations",
        summary="Claim a seat at the US–DPRK table: your influence and clout grow, Washington "
                "is irritated.",
        # a seat at the table is claimed at a round of talks, not every month: while the
        # 2019 talks lasted, Moscow claimed it 12 months of 16 (judgement: once a quarter)
        defaults=dict(cost=1, who=["russia", "china"], cooldown_months=3,
                      effects=eff(influence={"actor": 1}, indicators={"actor": {"clout": 2}},
                                  relations={"actor-us": -3}, tracks={"talks": 1})),
        model=TalksParams, check=_talks_under_way, check_per_target=True,
        target=False),
    Lever(
        id="shield_human_rights", name="Shield Pyongyang at the UN on human rights",
        group="diplomacy", phase="diplomacy", article="odd-couple-2015",
        passage="Choe sought Moscow's aid in blocking UN attempts to charge the DPRK with human "
                "rights violations",
        summary="Block a UN human-rights resolution: Pyongyang is grateful, the West is not.",
        # the UN's human-rights resolutions on the DPRK come round once a year
        defaults=dict(cost=1, who=["russia", "china"], targets=["dprk"], cooldown_months=12,
                      effects=eff(relations={"actor-target": 6, "actor-us": -2,
                                             "actor-japan": -1},
                                  influence={"actor": 3}, indicators={"actor": {"clout": -1}}))),
    Lever(
        id="kuril_talks", name="Talks on the Northern Territories / Kurils", group="diplomacy",
        phase="diplomacy", article="summit-2019",
        passage="Tokyo and Moscow have recently been negotiating over the unresolved Northern "
                "Territories/Kuril Islands issue",
        summary="Negotiate over the islands. With both sides at the table Japan edges closer to "
                "its goal, Japanese money flows to Russia's Far East and relations warm — "
                "less the warmer they already are (the dispute stays unresolved), and half "
                "as much a month after the last round. Pressing when the other side stays "
                "away costs face and cools relations.",
        # "negotiating over the unresolved ... issue": a session at the table moves the
        # islands (+4) as before; relations warm by 5 (the 2 + 2 + 3 both sides' pressing
        # and the session gave before, a little less: judgement) while they are at 10 or
        # below, less and less above, not at all from 50 (judgement: talks over an
        # unresolved dispute, with a Moscow that "wouldn't mind rattling the U.S.-Japan
        # alliance", do not make friends: the relation had reached 80). Japanese money for
        # the Far East +3 (was 2: judgement, what keeps Moscow at a table that no longer
        # warms it so much). Pressing alone used to warm relations (+2) whether or not the
        # other came; now it costs (judgement): the presser loses face and relations cool.
        # Talks come in rounds (judgement): a session a month after the last does half a
        # round's work, the whole of it from two months on (round_months 2). With a full
        # session every month, Moscow came 13 months of 16 and the islands went from 15 to
        # 67 in 16 months of an "unresolved issue"; with rounds it comes about 7 times and
        # they reach about 45. (3 months: 36, but Tokyo's lead over a random player then
        # falls to +5, its 95% CI below the goal of 5.) Tokyo still presses every month:
        # being always at the table is what lets a session happen whenever Moscow wants
        # one, and pressing alone costs only clout and the relation.
        defaults=dict(cost=1, who=["japan", "russia"], targets=["japan", "russia"],
                      params={"dispute_ceiling": 50, "warm_span": 40, "round_months": 2},
                      variants={"joint": eff(indicators={"japan": {"kurils": 4},
                                                         "russia": {"far_east": 3,
                                                                    "economy": 0.5}}),
                                "warmth": eff(relations={"actor-target": 5}),
                                "alone": eff(indicators={"actor": {"clout": -1}},
                                             relations={"actor-target": -1})}),
        model=KurilParams, partner="kuril_talks", resolve=_joint(kuril_thaw, kuril_round), estimate=from_mix,
        outcomes=_kuril_outcomes, estimate_mix=_kuril_mix),
    Lever(
        id="denounce", name="Public denunciation", group="diplomacy", phase="diplomacy",
        article="odd-couple-2015",
        passage="in the midst of the Sony hacking controversy, Russia denounced U.S. “threats” "
                "against the North",
        summary="Denounce a state's 'threats' in public: relations sour, tension rises; your "
                "home audience approves if it made a threat lately (a test, drills, "
                "sanctions), else you lose clout.",
        # words cost a leader's attention (capital 1) and, like every lever outside the
        # military group, cannot push tension past the scenario's drift.words_ceiling. The
        # home audience approves (+1 stability) only a denunciation that answers a threat
        # (the passage: "threats" in "the Sony hacking controversy"): the target used a
        # lever that is a threat (a test, a drill, sanctions) in the last 3 months, and it is
        # no ally of the speaker's allies (judgement: Tokyo and Seoul, both Washington's
        # allies, do not trade denunciations over drills with it). Words without a cause
        # cost the speaker clout instead (judgement: with the +1 free, Japan's planner
        # denounced Washington, Moscow and Beijing ~10 times a game).
        defaults=dict(cost=1, effects=eff(relations={"actor-target": -6}, tracks={"tension": 2},
                                          indicators={"target": {"clout": -1}}),
                      params={"threat_months": 3},
                      variants={"answer": eff(indicators={"actor": {"stability": 1}}),
                                "empty": eff(indicators={"actor": {"clout": -1}})}),
        model=DenounceParams, resolve=_denounce, estimate=from_mix, estimate_mix=_denounce_mix,
        check=_not_an_ally, check_per_target=True),
    Lever(
        id="linkage", name="Linkage: make Washington pay in Korea", group="diplomacy",
        phase="diplomacy", article="odd-couple-2015",
        passage="Russia may respond to U.S. pressure there by targeting more serious Washington "
                "interests elsewhere, such as Iran, Afghanistan, and Korea",
        summary="Tie Korea to Ukraine, Syria and Venezuela: US alliances and influence suffer, "
                "more so the hotter the Ukraine confrontation; Moscow gains clout, and pull in "
                "Pyongyang only while it has far less than Beijing's.",
        # an answer to US pressure over Ukraine, not a monthly ritual: once a quarter.
        # Washington pays in Korea (its alliances, its influence); Moscow's own pull in
        # Pyongyang grows by it only while it is below 0.35 of Beijing's, the less the
        # nearer (it gave +2 whatever the state, 16 points a game in 2015): linkage rests on
        # the pull Russia has, "because it may have some, at least perceived, influence over
        # North Korea's policy toward the United States" (summit-2019), and "so far, the
        # Russo-North Korean performance is largely an international Kabuki Theater"
        # (odd-couple-2015). 0.35 is judgement (play_patrons' catch_up is the same): with
        # both at 0.5 the 2015 kabuki check held in 38% of 40 planner games, at 0.4 in 68%,
        # at 0.35 in 95% (its band 60-100%; issue 9's note).
        defaults=dict(cost=2, who=["russia"], targets=["us"], cooldown_months=3,
                      params={"catch_up": 0.35},
                      effects=eff(relations={"actor-target": -4},
                                  alliances={"us-rok": -2, "us-japan": -2},
                                  influence={"target": -2, "actor": 2},
                                  indicators={"actor": {"clout": 2}}, tracks={"tension": 1})),
        model=LinkageParams, resolve=_linkage, estimate=_linkage_estimate),
    Lever(
        id="ukraine_pressure", name="Press Russia over Ukraine", group="diplomacy",
        phase="diplomacy", article="odd-couple-2015",
        passage="Russia has demonstrated that it can make Washington pay for confronting "
                "Moscow over Ukraine",
        summary="Confront Moscow over Ukraine: the confrontation track rises and Russia's "
                "economy suffers — and Moscow may answer in Korea.",
        defaults=dict(cost=1, who=["us", "japan"], targets=["russia"],
                      effects=eff(tracks={"ukraine": 8},
                                  indicators={"target": {"economy": -2}, "actor": {"clout": 1}},
                                  relations={"actor-target": -6}))),
    Lever(
        id="play_patrons", name="Play Beijing and Moscow off each other", group="diplomacy",
        phase="diplomacy", article="summit-2019",
        passage="Playing its two big neighbors off each other worked during the Cold War, why "
                "not now?",
        summary="Court one patron to make the other bid: the courted patron gains influence "
                "(less the nearer it is to 0.35 of the other's), the other loses some; the "
                "keener their rivalry, the more Pyongyang pockets. Courting the same patron "
                "again within four months has less pull.",
        # a card played every month is no card: the pull returns over four months
        # (judgement: Kim Il-sung "maneuvered adroitly" between the two, not by asking the
        # same one every month); and courting pulls Pyongyang "a bit out of Beijing's sphere
        # of influence" (summit-2019), not into Moscow's: the courted patron's influence
        # grows only while it is below 0.35 of the other's, the less the nearer (judgement,
        # as linkage's; "so far, the Russo-North Korean performance is largely an
        # international Kabuki Theater")
        defaults=dict(cost=1, who=["dprk"], targets=["china", "russia"],
                      params={"regain_months": 4, "catch_up": 0.35},
                      effects=eff(influence={"target": 3}, relations={"actor-target": 3,
                                                                       "china-russia": -2},
                                  indicators={"actor": {"clout": 1}}),
                      variants={"rivalry": eff(indicators={"actor": {"hard_currency": 4,
                                                                     "economy": 1}}),
                                "other_patron": eff(influence={"target": -2})}),
        model=PatronParams, resolve=_play_patrons, remembers=True,
        estimate=lambda rules, state, order, p: _patron_effects(rules, state, order, p)[0]),
)
