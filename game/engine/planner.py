"""Computer players that plan (issue 9): value an order by what is likely to follow.

The ``planner`` level (the default) values each legal order by the change it expects in its
state's score *at the end of the game*, not only at once:

* **Horizon.** Each expected change is clipped to its key's bounds (a full alliance gains
  nothing) and carried to the end of the game the way the drift carries it: relations,
  influence, clout and tension fade each turn at the scenario's rates, a trade deal pays the
  economies every turn left, a finished project's income every turn after it is built. The
  future is discounted a little each turn (:data:`DISCOUNT`): plans can fail.
* **Others' answers.** Where an order waits on another state (its lever's
  :attr:`~game.engine.levers.Lever.outcomes`: an invitation, a resolution the permanent
  members may veto, talks or drills the partner must join, a project both Koreas must join),
  each decider's answer is modelled with *that state's* own objectives: its gain from saying
  yes against its gain from saying no. Answers that come the same turn (talks, drills) also
  use a forecast of what the partner will order this turn (today's ``greedy`` player for
  that seat, without noise, worked out once a turn and shared, see :func:`forecast`) and
  whether it did last turn. A veto the other permanent member will cast anyway is worth less.
  Going to a meeting takes one of the invitee's orders, so it says yes only if the meeting is
  worth more to it than what it would give up: its own planned value of the last of the
  orders that fill its turn (:meth:`PlanningPlayer._bar`; every seat's plan of a state is
  worked out once and shared, kept in :attr:`State.memo`).
* **Risk, by personality.** War ends the game at 0 for everyone: the chance that this turn's
  tension (now, plus the forecast orders of the others, plus mine) reaches war is weighed
  against the score at stake, more by the cautious; a covert order is weighed with the
  chance it is ever exposed at today's enforcement (:func:`~game.engine.levers.covert.
  exposure_chance`) and the cost of exposure, more by the cautious.
* **What just happened.** A personality's ``reactions`` (e.g. after a nuclear test) weigh its
  objectives and favour levers for a few months, and reasons say so.

Then it picks the best affordable *set* of orders (not one at a time): every combination of
the best candidates within the capital, the personality's ``max_orders``, one meeting a turn
and one answer per invitation, scored together (the war risk is not additive). Reasons say
what was expected: "China will likely veto it (90%); tabling it anyway: ...", "costly
(US economy -0.5), but Seoul and Tokyo need reassurance after the test".

It learns from what happened: an invitation the same leader rebuffed or left to lapse, with
no meeting since, cuts the odds it expects of the next (:data:`SNUB_FLOOR`, recovering over
:data:`SNUB_TURNS`; the engine keeps :attr:`State.snubbed`). Capital left after the best set
is spent on the best remaining orders planned to gain (unspent capital is lost).

There is no noise on its values: variety comes from the situation and the personality, and
only where two or more sets are planned to be worth the same to within :data:`TIE` points
does it choose among them with the game's seeded generator (which equal plan it takes is
the one thing a state that always chose the first would make predictable). The ``deep`` level plans the same way over more candidates and then tries
its best few sets on a copy of the game, resolving this turn with the others' forecast
orders (two draws of the game's seeded generator), for a single game against people.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import combinations
from random import Random
from typing import TYPE_CHECKING, cast

from .ai import demand_penalty, shunned
from .kinds import Deltas, StateKey
from .levers import Lever, Outcomes
from .levers.covert import exposure_chance
from .levers.sanctions import co_drafts
from .orders import Order
from .scenario import Effects, Personality, Reaction
from .state import ORDER, State

if TYPE_CHECKING:
    from .ai import ComputerPlayer
    from .rules import Rules

DISCOUNT = 0.97
"""Each turn of waiting for an effect multiplies its value by this (plans can fail)."""
REPEAT_PENALTY = 0.1
"""Score points: the same lever on the same state twice running reads like a loop."""
MIN_VALUE = 0.0
"""An order must be worth more than this to be given (capital left unspent is lost, so any
order planned to gain is worth its capital)."""
TOP_K = 7
LEVER_BIAS = 0.15
"""Score points per unit of a personality's ``lever_bias``: what a state likes doing, added to
an order's planned value (a tilt between orders worth about the same, not a reason to act
against its interests)."""
REACT_BIAS = 0.1
"""Score points per unit of a reaction's ``lever_bias`` (after a nuclear test, Washington
favours sanctions): the same order as the personality's own tilt. A reaction's ``weights``
change what the state's calculus values for a few months; its lever favours only tilt the
choice. (At 0.3 the tilt overrode interests: after a test China let 3.3 US resolutions a game
pass, and scored 0.4 below the greedy player where with no reactions it scored 1.7 above;
measured in issue 9's note.)"""
SHORTLIST = 10
"""Candidates the default level plans (besides answers and projects, and the best use of each
lever): the best by the quick estimate (see :meth:`PlanningPlayer._shortlist`). It was 14 and
held no more than the best 14, which one lever of many targets and options crowded: Seoul's
summit offers (five states, four offers each) kept its loosened enforcement out of every plan,
and the planner tied the greedy player in Seoul's and Tokyo's seats (measured in issue 9's
note). With the best use of every lever kept, 10 plan as well and cost less."""
"""Candidates (besides answers to invitations) the default level combines into sets."""
DEEP_TOP_K = 14
DEEP_SETS = 6
"""Sets the deep level tries on a copy of the game."""
WAR_SPREAD = 8.0
"""Tension points: how uncertain this turn's final tension is (others' orders, events). At 5
every planner pressed on until the war risk bit near 85, and tension sat near 80 ("crisis")
from the third month to the last in both historical scenarios. At 8 it sits near 74, the
North launches 7.2 times in 16 months in 2015 and 9.2 in 2019 (9.3 and 11.1 at 5; the
record has launches in about 8-10 of those months in each era), and every seat keeps its
lead (issue 9's notes). At 12 tension sat near 66, but launches fell to 3.2 (2015) and the
US planner no longer beat the greedy one (+0.1 [-0.1, +0.4])."""
TENSION = "track.tension"
TIE = 0.05
"""Score points: sets of orders planned to within this of the best are equally good; the
player chooses among them with the game's seeded generator (a state that always makes the
same choice between equals is predictable, and every game would be the same)."""
FILL_MARGIN = 0.0
"""After the best set, capital left over is spent on the best remaining orders planned to
be worth more than -FILL_MARGIN (unspent capital is lost at the end of the turn)."""
SNUB_FLOOR = 0.2
SNUB_TURNS = 6
"""An invitation rebuffed or left to lapse cuts the odds of the next to the same leader to
SNUB_FLOOR of what its interests say, recovering over SNUB_TURNS turns (or at a meeting)."""


def _set_size(vs: tuple[float, list["_Cand"]]) -> int:
    """How many orders a (value, set) pair holds (a sort key)."""
    return len(vs[1])


def _phi(x: float) -> float:
    """The standard normal distribution function."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def _logistic(x: float) -> float:
    if x > 30:
        return 1.0
    if x < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


@dataclass
class Model:
    """How one state weighs things, as any player models it: score points per unit change of
    each key (its objectives), relations it cares for (cooperation), the appeal of raising
    tension (aggression), its personality."""

    actor: str
    personality: str
    p: Personality
    weights: dict[StateKey, float]
    labels: dict[StateKey, str]
    tension_weight: float


def model_of(rules: "Rules", actor: str, personality: str | None = None) -> Model:
    """The model of ``actor`` at ``personality`` (default: the scenario's), cached per rules."""
    spec = rules.scenario.actors[actor]  # type: ignore[index]
    name = personality or spec.personality
    ck: Hashable = ("plan-model", actor, name)
    hit = cast("Model | None", rules.cache.get(ck))
    if hit is not None:
        return hit
    if name not in spec.personalities:
        raise ValueError(f"{rules.name(actor)} has no personality {name!r}; choose from "
                         f"{', '.join(sorted(spec.personalities))}")
    p = spec.personalities[name]
    rows = rules.objectives[actor]
    wsum = sum(abs(w) for _, w, _, _, _ in rows) or 1.0
    weights: dict[StateKey, float] = {}
    labels: dict[StateKey, str] = {}
    for key, w, lo, hi, label in rows:
        weights[key] = weights.get(key, 0.0) + 100.0 * w / wsum / (hi - lo)
        labels[key] = label
    for k in rules.keys:
        if k.startswith("relation.") and actor in k.split(".")[1:] and k not in weights:
            weights[k] = p.cooperation * 0.004
    tension_weight = weights.get(TENSION, 0.0)
    model = Model(actor, name, p, weights, labels, tension_weight)
    rules.cache[ck] = model
    return model


HORIZON = 40
HORIZON_SHARE = 0.5
"""How much of an effect's value is what drift makes of it by the end (the rest: now)."""
NEAR_WAR = 20.0
"""Tension points below war at which a planner steps back from anything that raises it."""
"""Turns of drift the planner follows an effect through (longer games: as at 40)."""


def drift_jacobian(rules: "Rules") -> list[dict[StateKey, tuple[tuple[StateKey, float], ...]]]:
    """What one more unit of each key now does to every key after ``h`` turns of drift
    (``[h][key] -> ((other key, change), ...)``, h = 0 .. HORIZON): the game's own drift
    played forward from the scenario's start, once with each key nudged, so that decay,
    sanctions biting, trade paying, poverty eroding stability and a finished project's
    income are all counted as the rules count them. Worked out once per rules (about
    a hundred keys times the horizon, a fraction of a second) and linear: the planner
    clips each change to its key's bounds now, and the drift runs unbounded."""
    ck: Hashable = ("plan-jacobian",)
    hit = cast("list[dict[StateKey, tuple[tuple[StateKey, float], ...]]] | None",
               rules.cache.get(ck))
    if hit is not None:
        return hit
    from .effects import Ctx
    from .ledger import Ledger
    from .resolve import _drift
    horizon = max(1, min(HORIZON, rules.scenario.turns))
    keys = [k for k in rules.initial.values if not k.endswith(".capital")]

    def play(state: State) -> list[dict[StateKey, float]]:
        out = [dict(state.values)]
        for _ in range(horizon):
            ctx = Ctx(state, Ledger(), Random(0), rules.resolver, rules, [])
            ctx.begin()
            _drift(ctx)
            out.append(dict(state.values))
        return out

    def start() -> State:
        st = rules.initial.clone()
        # unbounded: a key that drift alone would pin at a bound (the North's hard currency
        # spent to 0) still carries what an order adds; the planner clips to bounds now
        st.bounds = {k: (-1e9, 1e9) for k in st.bounds}
        return st

    base = play(start())
    jac: list[dict[StateKey, tuple[tuple[StateKey, float], ...]]] = [
        {} for _ in range(horizon + 1)]
    for k in keys:
        st = start()
        step = 1.0
        st.values[k] += step
        runs = play(st)
        for h in range(horizon + 1):
            b, r = base[h], runs[h]
            jac[h][k] = tuple((x, (r[x] - b[x]) / step) for x in keys
                              if abs(r[x] - b[x]) > 1e-9)
    rules.cache[ck] = jac
    return jac


_UNREAD = Random(0)


def _veto_lever(rules: "Rules") -> str:
    """The lever that vetoes a resolution: the no-answer of the resolution's outcomes ("" when
    the scenario has none)."""
    res = rules.proposers.get("resolution")
    if res is None or res.outcomes is None:
        return ""
    for a in rules.actors:
        for o, lv, p in rules.candidates(a):
            if lv is res:
                oc = res.outcomes(rules, rules.initial, o, p)
                return oc.answer_lever[1] if oc is not None else ""
    return ""


def forecast(rules: "Rules", state: State, actor: str) -> tuple[Order, ...]:
    """What ``actor`` will probably order this turn, as the others reckon it: the ``greedy``
    player's choice at the scenario's personality without its noise (no random draw). Worked
    out once per state and actor (kept in :attr:`State.memo`, emptied when the state
    changes)."""
    ck: Hashable = ("plan-forecast", actor)
    hit = cast("tuple[Order, ...] | None", state.memo.get(ck))
    if hit is not None:
        return hit
    from .ai import MIN_UTILITY
    player, (answers, rest) = quick_rows(rules, state, actor)
    out = tuple(player.choose_from(state, answers, [r for r in rest if r[2] > MIN_UTILITY]))
    state.memo[ck] = out
    return out


def _model_player(rules: "Rules", actor: str) -> "PlanningPlayer":
    """The planner others use to reckon what ``actor`` would give up (its scenario
    personality), one per rules."""
    ck = ("plan-model-player", actor)
    hit = cast("PlanningPlayer | None", rules.cache.get(ck))
    if hit is None:
        hit = rules.cache[ck] = PlanningPlayer(rules, actor)
    return hit


def events_tension(rules: "Rules", state: State) -> float:
    """The tension the scenario's events are expected to add this turn, as every planner
    reckons it before the turn: each event that may fire now (its date is this turn, or it
    has none; its conditions hold; not fired yet unless it repeats), at its chance, with its
    own tension and that of its orders' levers (a joint action's once). Worked out once per
    state (kept in :attr:`State.memo`)."""
    ck: Hashable = ("plan-events-tension",)
    hit = cast("float | None", state.memo.get(ck))
    if hit is not None:
        return hit
    from .resolve import holds
    total = 0.0
    for ev in rules.scenario.events:
        if ev.id in state.fired and not ev.repeat:
            continue
        when = rules.event_turn[ev.id]
        if when is not None and when != state.turn:
            continue
        if not all(holds(c, state.values) for c in ev.conditions):
            continue
        t = max(0.0, float(ev.effects.tracks.get("tension", 0.0)))
        for lid in {eo.lever for eo in ev.orders}:
            t += max(0.0, float(rules.params[lid].effects.tracks.get("tension", 0.0)))
        total += rules.event_chance[ev.id] * t
    state.memo[ck] = total
    return total


Rows = list[tuple[float, int, float, Order]]


def quick_rows(rules: "Rules", state: State, actor: str, personality: str | None = None
               ) -> "tuple[ComputerPlayer, tuple[Rows, Rows]]":
    """The ``greedy`` player's estimate of every legal order of ``actor`` without noise (no
    random draw): its answers to invitations and the rest, as :meth:`ComputerPlayer._score`
    gives them. Worked out once per state, actor and personality (in :attr:`State.memo`) and
    shared by the forecast of that state and its own planner's shortlist."""
    from .ai import ComputerPlayer
    name = personality or rules.scenario.actors[actor].personality  # type: ignore[index]
    pk: Hashable = ("plan-quick", actor, name)
    player = cast("ComputerPlayer | None", rules.cache.get(pk))
    if player is None:
        player = ComputerPlayer(rules, actor, name)
        player.p = player.p.model_copy(update={"noise": 0.0})
        rules.cache[pk] = player
    mk: Hashable = ("plan-quick-rows", actor, name)
    rows = cast("tuple[Rows, Rows] | None", state.memo.get(mk))
    if rows is None:
        rows = player._score(state, _UNREAD, -1e9)   # no noise: the generator is never read
        state.memo[mk] = rows
    return player, rows


def reactions_in_force(rules: "Rules", p: Personality, state: State) -> list[Reaction]:
    """A personality's reactions in force now: those whose lever one of its ``by`` states
    used within its ``months``."""
    out: list[Reaction] = []
    if not p.reactions:
        return out
    from .rules import turns_for
    months = rules.scenario.turn_months
    for r in p.reactions:
        who = r.by or list(rules.actors)
        last = max((state.last_lever.get((a, r.after), -999) for a in who), default=-999)
        if state.turn - last <= turns_for(r.months, months):
            out.append(r)
    return out


@dataclass
class _Cand:
    """One candidate order with its planned value and what the reason should say."""

    order: Order
    lever: Lever
    cost: int
    value: float
    tension: float           # the tension it adds this turn (for the set's war risk)
    why: str                 # what was expected of others (a veto, an acceptance...)
    answer: bool = False
    meeting: bool = False
    deltas: Deltas = ()
    reaction: str = ""       # what just happened that favours it
    gradient: dict[StateKey, float] | None = None


@dataclass(slots=True)
class _Env:
    """What valuing one turn's candidates needs (see :meth:`PlanningPlayer._env`)."""

    left: int
    w: dict[StateKey, float]
    bias: dict[str, float]
    react_for: dict[str, str]
    aimed: dict[tuple[str, str], float]
    wkey: Hashable
    g: dict[StateKey, float]
    last: set[tuple[str, str | None]]
    favoured: frozenset[str]
    seen: set[tuple[str, str | None, Deltas, Deltas]]


class PlanningPlayer:
    """One seat's planning computer player (see the module's docstring). ``deep``: more
    candidates, and the best sets tried on a copy of the game."""

    def __init__(self, rules: "Rules", actor: str, personality: str | None = None,
                 deep: bool = False) -> None:
        self.rules = rules
        self.actor = actor
        self.me = model_of(rules, actor, personality)
        self.p = self.me.p
        self.personality_name = self.me.personality
        self.deep = deep
        self._wkey: Hashable = ("model", actor, self.personality_name)
        self._veto = _veto_lever(rules)
        # the answers that accept an invitation (they take one of the invitee's orders)
        self._accepts = frozenset(lid for lid, lv in rules.levers.items()
                                  if lv.answers == "accept")
        from .resolve import snub_lever
        # invitation kinds whose silence costs what a rebuff does, and that rebuff's effects
        self._lapse: dict[str, Effects] = {}
        for kind in rules.proposers:
            no = snub_lever(rules, kind)
            if no is not None:
                self._lapse[kind] = rules.params[no.id].effects
        self.jac = drift_jacobian(rules)
        self.war_at = rules.war_at
        # a cautious personality fears war and exposure more (risk 0.3: x1.2; 0.8: x0.7)
        self.caution = 1.5 - self.p.risk
        self.turn_months = rules.scenario.turn_months
        self.group_scale = {lid: max(0.0, 1.0 + 0.25 * self.p.group_bias.get(lv.group, 0.0))
                            for lid, lv in rules.levers.items()}
        self.bias = {lid: LEVER_BIAS * self.p.lever_bias.get(lid, 0.0) for lid in rules.levers}

    # ------------------------------------------------------------------ valuing changes
    def _reactions(self, state: State) -> list[Reaction]:
        """The personality's reactions in force now (their lever used recently)."""
        return reactions_in_force(self.rules, self.p, state)

    def _gradient(self, weights: dict[StateKey, float], left: int,
                  key: Hashable = None) -> dict[StateKey, float]:
        """Score points per unit of each key now, at the end of the game ``left`` turns of
        drift away (see :func:`drift_jacobian`), for an objective's ``weights``; ``key``
        names the weights (a model's, or with the reactions in force) so that every player
        on these rules shares the work (None: ``weights`` is a model's own dict)."""
        h = min(left, len(self.jac) - 1)
        ck = ("plan-grad", id(weights) if key is None else key, h)
        hit = cast("tuple[dict[StateKey, float], dict[StateKey, float]] | None",
                   self.rules.cache.get(ck))
        if hit is not None and (key is not None or hit[0] is weights):
            return hit[1]
        g: dict[StateKey, float] = {}
        for src, row in self.jac[h].items():
            total = 0.0
            for dst, x in row:
                w = weights.get(dst)
                if w:
                    total += w * x
            # half what drift makes of it by the end, half what it is worth now: the
            # linear forecast misses bounds the others will hit (a regime already at its
            # ceiling) and what they will do; the present is certain
            total = HORIZON_SHARE * total + (1.0 - HORIZON_SHARE) * weights.get(src, 0.0)
            if total:
                g[src] = total
        self.rules.cache[ck] = (weights, g)
        return g

    def value(self, g: dict[StateKey, float], state: State,
              deltas: Iterable[tuple[StateKey, float]]) -> float:
        """Score points expected at the end of the game from ``deltas`` happening now, for
        the gradient ``g`` of an objective (see :meth:`_gradient`); each change clipped to its
        key's bounds now."""
        vals, bounds = state.values, state.bounds
        total = 0.0
        for k, d in deltas:
            gk = g.get(k)
            if not gk:
                continue
            v = vals.get(k)
            if v is not None:
                lo, hi = bounds[k]
                nv = v + d
                if nv > hi:
                    d = hi - v
                elif nv < lo:
                    d = lo - v
            total += gk * d
        return total

    def _war_risk(self, state: State, extra: float, others: float) -> float:
        """The chance this turn ends in war when my orders add ``extra`` tension to the
        others' forecast ``others``."""
        t = state.values[TENSION] + others + extra
        return _phi((t - self.war_at) / WAR_SPREAD)

    # ------------------------------------------------------------------ others' answers
    def _p_yes(self, oc: Outcomes, i: int, state: State, left: int, order: Order) -> float:
        """The chance decider ``i`` of an order's outcomes says yes, by its own objectives."""
        j = oc.deciders[i]
        m = model_of(self.rules, j)
        gj = self._gradient(m.weights, left, ("model", j, m.personality))
        u_yes = self.value(gj, state, oc.yes + (oc.answer_yes[i] if i < len(oc.answer_yes)
                                                else ()))
        u_no = self.value(gj, state, oc.no + (oc.answer_no[i] if i < len(oc.answer_no)
                                              else ()))
        item, first = oc.demand
        yes_lever = self.rules.levers.get(oc.answer_lever[0])
        if yes_lever is not None and yes_lever.answers == "accept":
            if shunned(m.p, yes_lever, self.actor):
                return 0.0      # it will not meet me
            u_yes += (m.p.cooperation - 0.5) * 0.8
            if m.p.demands and not first and item not in m.p.demands:
                u_yes -= 1.0
        elif oc.rule == "any-no":
            # a state that likes vetoing (Moscow, Beijing) is likelier to; after a nuclear
            # test Beijing is less likely to shield Pyongyang (its reactions in force)
            veto = oc.answer_lever[1]
            u_no += LEVER_BIAS * m.p.lever_bias.get(veto, 0.0)
            for r in reactions_in_force(self.rules, m.p, state):
                u_no += REACT_BIAS * r.lever_bias.get(veto, 0.0)
        if oc.rule == "any-no":
            # a veto is the vetoer's own clear call: sharp odds
            return _logistic((u_yes - u_no) / 0.15)
        if yes_lever is not None and yes_lever.answers == "accept":
            # accepting takes one of the invitee's orders: it says yes only if the meeting is
            # worth more to it than the least of what it would otherwise do
            u_yes -= self._bar(state, j, left)
        x = (u_yes - u_no) / 0.4
        if oc.delay == 0:
            # answered the same turn (talks, drills): the partner must order it too; what it
            # will probably order, and whether it did last turn, say more than its interest
            lever = oc.answer_lever[0] or order.lever
            planned = any(o.lever == lever and o.target == self.actor
                          for o in forecast(self.rules, state, j))
            again = (lever, self.actor) in state.last_orders.get(j, ())
            lately = state.turn - state.last_lever.get((j, lever), -999) <= 3
            base = 0.85 if planned else (0.5 if again else (0.25 if lately else 0.08))
            return base * (0.5 + 0.5 * _logistic(x))
        p = min(0.85, _logistic(x))   # a leader's calendar may be full: never certain
        snub = state.snubbed.get((self.actor, j))
        if snub is not None and yes_lever is not None and yes_lever.answers == "accept":
            a, b = (self.actor, j) if self.actor < j else (j, self.actor)
            if state.last_met.get((a, b), -999) < snub:
                # the last invitation was rebuffed or left to lapse and they have not met
                # since: asking again soon is likely to fail the same way
                p *= SNUB_FLOOR + (1.0 - SNUB_FLOOR) * min(1.0, (state.turn - snub) / SNUB_TURNS)
        return p

    def _bar(self, state: State, j: str, left: int) -> float:
        """What ``j`` would give up to answer an invitation: its planned value (by its own
        objectives and personality, :meth:`_base`) of the last of the orders that fill its
        turn, 0 if its turn has room. An answer that takes an order must beat it. Its own
        invitations are left out (their odds wait on others' bars in turn). Measured on 20
        games of 2015: invitations the planner expected to be accepted 0.4-0.6 of the time,
        the most sent, were accepted 0.42-0.45 of the time (0.21-0.32 before the bar); it
        still underrates some (Moscow's to Pyongyang: expected 0.62, always accepted)."""
        if j == self.actor:
            return 0.0
        ck: Hashable = ("plan-bar", j)
        hit = cast("float | None", state.memo.get(ck))
        if hit is not None:
            return hit
        model = _model_player(self.rules, j)
        base = model._base(state)[0]
        n = model.p.max_orders
        vals = sorted((c.value for _, c in base if not c.answer), reverse=True)
        bar = state.memo[ck] = max(0.0, vals[n - 1]) if len(vals) >= n else 0.0
        return bar

    def _displaced(self, state: State, j: str, g: dict[StateKey, float]) -> float:
        """What it is worth to me that ``j`` gives up the least of its likely orders (the
        forecast, by ``j``'s own values) to answer me: nothing if they leave room in its turn."""
        rules = self.rules
        fc = [o for o in forecast(rules, state, j) if rules.levers[o.lever].answers is None]
        mj = model_of(rules, j)
        if len(fc) < mj.p.max_orders:
            return 0.0
        gj = self._gradient(mj.weights, max(1, rules.scenario.turns - state.turn + 1),
                            ("model", j, mj.personality))
        least = min(fc, key=lambda o: self.value(gj, state, rules.expected(state, o)))
        return -self.value(g, state, rules.expected(state, least))

    def _outcomes_value(self, state: State, order: Order, lv: Lever, oc: Outcomes,
                        left: int, w: dict[StateKey, float]) -> tuple[float, Deltas, str]:
        """(value, the changes this turn, what the reason says) of an order that waits on
        others' answers."""
        n = len(oc.deciders)
        ps = [self._p_yes(oc, i, state, left, order) for i in range(n)]
        if oc.rule == "any-no" or oc.rule == "all-yes":
            p = 1.0
            for x in ps:
                p *= x
        else:
            q = 1.0
            for x in ps:
                q *= 1.0 - x
            p = 1.0 - q
        later = max(0, left - oc.delay)
        disc = DISCOUNT ** oc.delay
        g_now, g_later = self._gradient(w, left, self._wkey), self._gradient(w, later, self._wkey)
        v_now = self.value(g_now, state, oc.now)
        v_yes = self.value(g_later, state, oc.yes)
        v_no = self.value(g_later, state, oc.no)
        v = v_now + disc * (p * v_yes + (1.0 - p) * v_no)
        if oc.rule == "any-no" and n and p < 1.0:
            # a veto takes the vetoer's time (the likeliest vetoer's: one veto is enough):
            # what it would otherwise have done (the least of its likely orders, when they
            # fill its turn) is left undone
            i = min(range(n), key=lambda k: ps[k])
            if oc.no_cost[i]:
                v += disc * (1.0 - p) * self._displaced(state, oc.deciders[i], g_later)
        if oc.stream and later > 0:
            # income every turn once it has gone the order's way (a finished project)
            per = self.value(g_later, state, oc.stream) * self.turn_months
            turns = sum(DISCOUNT ** k for k in range(later))
            v += disc * p * per * turns * 0.9
        names = self.rules.name
        if oc.rule == "any-no":
            vetoer = max(range(n), key=lambda i: 1.0 - ps[i]) if n else -1
            if vetoer >= 0 and ps[vetoer] < 0.5:
                who = names(oc.deciders[vetoer])
                why = (f"{who} will likely veto it ({1.0 - ps[vetoer]:.0%}); tabling it anyway "
                       f"makes {who} pay for shielding {names(order.target)}"
                       if v > 0 else f"{who} would veto it")
            elif p >= 0.5:
                why = f"likely to pass ({p:.0%})"
            else:
                # no one likely to veto it, but together they may
                who = " or ".join(names(oc.deciders[i]) for i in range(n)
                                  if ps[i] < 0.9) or "a permanent member"
                why = f"{who} may veto it; it passes {p:.0%} of the time"
        elif oc.delay == 0:
            who = names(oc.deciders[0]) if n else ""
            why = (f"{who} is expected at the table ({p:.0%})" if p >= 0.5
                   else f"{who} may not join ({p:.0%})")
        elif lv.proposes == "summit" or lv.proposes == "ceremony":
            who = names(oc.deciders[0])
            why = (f"{who} will likely accept ({p:.0%})" if p >= 0.5
                   else f"{who} may well rebuff it ({1.0 - p:.0%}); asking costs little")
        else:
            why = f"both Koreas likely to join ({p:.0%})" if p >= 0.5 else \
                f"the Koreas may not both join ({p:.0%})"
        expect = oc.now + tuple((k, d * p) for k, d in oc.yes) if oc.delay == 0 else oc.now
        return v, expect, why

    def _veto_value(self, state: State, order: Order, left: int,
                    w: dict[StateKey, float]) -> tuple[float, Deltas, str] | None:
        """A veto: its own effects (the proposer's annoyance, the target's gratitude) plus
        the blocking of the resolution, which is worth it only if no other permanent member is
        the likelier to cast it (the most motivated vetoes; the others save the cost)."""
        for pr in state.proposals:
            if pr.kind == "resolution" and pr.proposer == order.target:
                break
        else:
            return None
        lv = self.rules.proposers.get(pr.kind)
        if lv is None or lv.outcomes is None:
            return None
        res = Order(pr.proposer, lv.id, pr.target)
        oc = lv.outcomes(self.rules, state, res, self.rules.params[lv.id])
        if oc is None:
            return None
        margins: list[tuple[float, int, str]] = []
        own: Deltas = ()
        for i, j in enumerate(oc.deciders):
            mj = model_of(self.rules, j)
            gj = self._gradient(mj.weights, left, ("model", j, mj.personality))
            gain = self.value(gj, state, oc.answer_no[i]) - self.value(gj, state, oc.yes)
            margins.append((gain, -ORDER[j], j))
            if j == self.actor:
                own = oc.answer_no[i]
        g = self._gradient(w, left, self._wkey)
        v = self.value(g, state, own)
        block = -self.value(g, state, oc.yes)
        best = max(margins) if margins else None
        if best is not None and best[2] != self.actor and best[0] > 0.2:
            return v, own, f"{self.rules.name(best[2])} will likely veto it too"
        blocked = tuple((k, -d) for k, d in oc.yes)
        # drafts against the same state tabled the same turn are one question at the Council:
        # the one veto blocks them all
        for q in co_drafts(state, pr):
            qo = lv.outcomes(self.rules, state, Order(q.proposer, lv.id, q.target),
                             self.rules.params[lv.id])
            if qo is not None:
                block -= self.value(g, state, qo.yes)
                blocked += tuple((k, -d) for k, d in qo.yes)
        return v + block, own + blocked, f"it blocks {self.rules.name(pr.proposer)}'s resolution"

    # ------------------------------------------------------------------ candidates
    def candidates(self, state: State) -> list[_Cand]:
        """Every legal order with its planned value, best first."""
        base, invites, env = self._base(state)
        got = list(base)
        seen: set[tuple[str, str | None, Deltas, Deltas]] = set()
        for i, oc in invites:
            c = self._cand(state, env, i, oc, seen)
            if c is not None:
                got.append((i, c))
        got.sort(key=lambda ic: ic[0])
        out = [c for _, c in got]
        out.sort(key=lambda c: -c.value)
        return out

    def _base(self, state: State
              ) -> tuple[list[tuple[int, _Cand]], list[tuple[int, Outcomes]], "_Env"]:
        """The candidates whose value waits on no invitee's answer (planned), the invitations
        (left to plan: their odds weigh what the invitee would give up, :meth:`_bar`, which
        reads the invitee's own base), and what planning them needs. Worked out once per
        state, seat and personality (kept in :attr:`State.memo`)."""
        ck: Hashable = ("plan-base", self.actor, self.personality_name, self.deep)
        hit = cast("tuple[list[tuple[int, _Cand]], list[tuple[int, Outcomes]], _Env] | None",
                   state.memo.get(ck))
        if hit is not None:
            self._wkey = hit[2].wkey
            return hit
        env = self._env(state)
        base: list[tuple[int, _Cand]] = []
        invites: list[tuple[int, Outcomes]] = []
        cands = self.rules.candidates(self.actor)
        for i in self._shortlist(state, env.favoured):
            lv = cands[i][1]
            if shunned(self.p, lv, cands[i][0].target):
                continue    # a leader this personality will not meet
            if lv.outcomes is not None and lv.proposes is not None and lv.id != self._veto:
                oc = lv.outcomes(self.rules, state, cands[i][0], cands[i][2])
                if oc is not None and oc.answer_lever[0] in self._accepts:
                    invites.append((i, oc))
                    continue
            c = self._cand(state, env, i, None, env.seen)
            if c is not None:
                base.append((i, c))
        hit = state.memo[ck] = (base, invites, env)
        return hit

    def _env(self, state: State) -> "_Env":
        """What valuing this turn's candidates needs: the objectives' gradient and the biases
        with the personality's reactions in force, and what the reasons should say of them."""
        rules, actor = self.rules, self.actor
        left = max(1, rules.scenario.turns - state.turn + 1)
        reactions = self._reactions(state)
        w = self.me.weights
        bias = self.bias
        react_for: dict[str, str] = {}
        aimed: dict[tuple[str, str], float] = {}
        wkey: Hashable = ("model", actor, self.personality_name)
        if reactions:
            wkey = ("model", actor, self.personality_name,
                    tuple(self.p.reactions.index(r) for r in reactions))
            w = dict(w)
            bias = dict(bias)
            for r in reactions:
                for key, f in r.weights.items():
                    k = rules.objective_key(key, actor)
                    if k in w:
                        w[k] *= f
                        react_for.setdefault(k, r.why)
                for lid, b in r.lever_bias.items():
                    if lid not in bias:
                        continue
                    if r.aimed_at:
                        # aimed at some states only (sanctions on the state that tested)
                        for t in r.aimed_at:
                            aimed[(lid, t)] = aimed.get((lid, t), 0.0) + REACT_BIAS * b
                            if b > 0:
                                react_for.setdefault(f"{lid}>{t}", r.why)
                        continue
                    bias[lid] += REACT_BIAS * b
                    if b > 0:
                        react_for.setdefault(lid, r.why)
        self._wkey = wkey
        favoured = frozenset(lid for r in reactions if r.aimed_at
                             for lid, b in r.lever_bias.items() if b > 0)
        return _Env(left, w, bias, react_for, aimed, wkey, self._gradient(w, left, wkey),
                    set(state.last_orders.get(actor, ())), favoured, set())

    def _cand(self, state: State, env: "_Env", i: int, oc: Outcomes | None,
              seen: set[tuple[str, str | None, Deltas, Deltas]]) -> _Cand | None:
        """Candidate ``i`` of :meth:`Rules.candidates` with its planned value (None: not worth
        asking); ``oc``: its outcomes, if already worked out; ``seen``: the meetings already
        weighed under another name."""
        rules, actor = self.rules, self.actor
        self._wkey = env.wkey
        left, w, bias, g, aimed, react_for = (env.left, env.w, env.bias, env.g, env.aimed,
                                              env.react_for)
        order, lv, lp = rules.candidates(actor)[i]
        why = ""
        cap_t = rules.ceilings[order.lever]
        if lv.id == self._veto:
            got = self._veto_value(state, order, left, w)
            if got is None:
                return None
            v, deltas, why = got
        elif lv.outcomes is not None:
            if oc is None:
                oc = lv.outcomes(rules, state, order, lp)
            if oc is not None and lv.proposes is not None:
                # the same meeting under another name (compensation or nuclear talks
                # without the DPRK at the table are no deal): weigh it once
                same = (order.lever, order.target, oc.yes, oc.no)
                if same in seen:
                    return None
                seen.add(same)
            if oc is None:
                deltas = rules.expected(state, order)
                v = self.value(g, state, deltas)
            else:
                v, deltas, why = self._outcomes_value(state, order, lv, oc, left, w)
                if v <= 0.0:
                    return None    # a personality's liking never makes a loss worth asking
        else:
            deltas = rules.expected(state, order)
            if cap_t is not None:
                room = max(0.0, cap_t - state.values[TENSION])
                deltas = tuple((k, min(d, room)) if k == TENSION and d > 0 else (k, d)
                               for k, d in deltas)
            v = self.value(g, state, deltas)
        if lv.answers is not None and order.option in self._lapse:
            # an answer is weighed against silence, and silence costs what a rebuff does
            # (the engine's lapse): what the answer saves of that
            v -= self.value(g, state, rules.resolver.resolve(
                self._lapse[order.option], actor, order.target))
        if lv.covert:
            risk = exposure_chance(rules, state, order.lever, actor, order.target)
            hit = rules.resolver.resolve(lp.on_detect, actor, order.target)
            loss = self.value(g, state, hit)
            v += risk * loss * self.caution
            if loss < -0.3:
                why = f"a {risk:.0%} chance it is exposed" + (f"; {why}" if why else "")
        tension = sum(d for k, d in deltas if k == TENSION)
        if tension > 0 and self.p.aggression:
            v += self.p.aggression * 0.02 * tension
        if v > 0:
            v *= self.group_scale[order.lever]
        v += bias[order.lever]
        if aimed and order.target is not None:
            v += aimed.get((order.lever, order.target), 0.0)
        if (order.lever, order.target) in env.last:
            v -= REPEAT_PENALTY
        if lv.answers == "accept" and self.p.demands:
            v += self._demand_penalty(state, order)
        reaction = react_for.get(f"{order.lever}>{order.target}") or react_for.get(
            order.lever) or next(
            (react_for[k] for k, _ in deltas if k in react_for), "") if react_for else ""
        return _Cand(order, lv, lp.cost, v, tension, why, lv.answers is not None,
                     lv.meeting, deltas, reaction, g)

    def _shortlist(self, state: State, favoured: set[str] | frozenset[str] = frozenset()
                   ) -> list[int]:
        """The candidates worth planning (indices into :meth:`Rules.candidates`, in their
        order): every answer to an invitation, every project (what it pays comes long after:
        the quick estimate misses it), every use of a lever ``favoured`` by an aimed reaction
        in force (the quick estimate knows nothing of what just happened), the best use of
        each lever, and the best :data:`SHORTLIST` by the quick estimate of the ``greedy``
        player without noise (the deep level plans them all)."""
        if self.deep:
            return self.rules.legal_indices(state, self.actor)
        _, (answers, rows) = quick_rows(self.rules, state, self.actor, self.personality_name)
        keep = {i for _, i, _, _ in answers}
        rest = sorted(rows, key=lambda row: -row[2])
        keep.update(i for _, i, _, _ in rest[:SHORTLIST])
        cands = self.rules.candidates(self.actor)
        # and the best use of every lever: one lever with many targets and options (a summit
        # offer to five states, four offers each) must not crowd the others out of the plan
        best_of: set[str] = set()
        for _, i, _, _ in rest:
            lid = cands[i][1].id
            if lid not in best_of:
                best_of.add(lid)
                keep.add(i)
        keep.update(i for _, i, _, _ in rest[SHORTLIST:] if cands[i][1].outcomes is not None
                    and cands[i][1].partner is None and cands[i][1].proposes is None)
        if favoured:
            keep.update(i for _, i, _, _ in rest[SHORTLIST:] if cands[i][1].id in favoured)
        return sorted(keep)

    def _demand_penalty(self, state: State, order: Order) -> float:
        return demand_penalty(state, self.actor, self.p.demands, order)

    def reason(self, state: State, c: _Cand) -> str:
        """One line: what was expected, what it costs, what it is for."""
        rules = self.rules
        order, lv, deltas, expect, reaction = c.order, c.lever, c.deltas, c.why, c.reaction
        g = c.gradient or {}
        best = (0.0, "", 0.0)
        worst = (0.0, "", 0.0)
        for k, d in deltas:
            term = self.value(g, state, ((k, d),))
            if term > best[0]:
                best = (term, k, d)
            if term < worst[0]:
                worst = (term, k, d)
        gain = ""
        if best[1]:
            k, d = best[1], best[2]
            what = f"{rules.key_label(k, short=True)} {d:+.1f}"
            gain = (f"serves my aim '{self.me.labels[k]}' ({what})" if k in self.me.labels
                    else f"good for me: {what}")
        if lv.answers == "rebuff":
            gain = "the meeting is not worth it to me now"
        parts: list[str] = []
        if expect:
            parts.append(expect)
        if worst[1] and worst[0] < -0.05 and lv.answers is None:
            cost = f"costly ({rules.key_label(worst[1], short=True)} {worst[2]:+.1f}), but "
        else:
            cost = ""
        if reaction:
            parts.append(cost + reaction)
            cost = ""
        if gain:
            parts.append(cost + gain)
        elif not parts:
            parts.append(f"fits my {self.personality_name} line")
        text = "; ".join(parts)
        if lv.answers == "accept":
            text = "accept: " + text
        elif lv.answers == "rebuff":
            text = "rebuff: " + text
        return text[0].upper() + text[1:] if lv.answers is None else text

    # ------------------------------------------------------------------ choosing
    def _others_tension(self, state: State) -> float:
        """The tension the other states' forecast orders, and the events due, add this
        turn."""
        ck: Hashable = ("plan-others-tension", self.actor)
        hit = cast("float | None", state.memo.get(ck))
        if hit is not None:
            return hit
        rules = self.rules
        total = events_tension(rules, state)     # the world's part: events due now
        for a in rules.actors:
            if a == self.actor:
                continue
            for o in forecast(rules, state, a):
                for k, d in rules.expected(state, o):
                    if k == TENSION and d > 0:
                        total += d
        state.memo[ck] = total
        return total

    def sets(self, state: State, cands: list[_Cand], top: int) -> list[tuple[float, list[_Cand]]]:
        """The affordable sets of the best candidates, best first, each with its value."""
        rules = self.rules
        budget = state.capital(self.actor)
        n_max = self.p.max_orders
        # answers to invitations always compete; the best accept-or-rebuff per invitation
        answers: dict[tuple[str | None, str | None], _Cand] = {}
        rest: list[_Cand] = []
        for c in cands:
            if c.answer:
                key = (c.order.target, c.order.option)
                if key not in answers or c.value > answers[key].value:
                    answers[key] = c
            elif c.value > MIN_VALUE and len(rest) < top:
                rest.append(c)
        pool = [c for c in answers.values() if c.value > -0.5] + rest
        if not pool or budget <= 0 or n_max <= 0:
            return [(0.0, [])]
        score = rules.score(state, self.actor)
        others = self._others_tension(state)
        base_war = self._war_risk(state, 0.0, others)
        out: list[tuple[float, list[_Cand]]] = [(0.0, [])]
        # sets of one to three orders, in the order of itertools.combinations, a pair that is
        # not allowed (over budget, two meetings, one lever twice) pruning its triples; the
        # planned value of each exactly as _set_value works it out (the war risk: _less_war)
        n = len(pool)
        top_size = min(n_max, n)
        rows = [(c.cost, 1 if c.meeting else 0, None if c.answer else c.lever.id, c.value,
                 c.tension) for c in pool]
        war = self._less_war
        for i in range(n):
            ci, mi, li, vi, ti = rows[i]
            if ci > budget:
                continue
            v = 0.0 + vi
            t = 0.0 + ti
            out.append((war(state, v, t, score, others, base_war) if t > 0 else v, [pool[i]]))
        if top_size >= 2:
            for i in range(n):
                ci, mi, li, vi, ti = rows[i]
                for j in range(i + 1, n):
                    cj, mj, lj, vj, tj = rows[j]
                    cij = ci + cj
                    mij = mi + mj
                    if cij > budget or mij > 1 or (li is not None and li == lj):
                        continue
                    vij = 0.0 + vi + vj
                    tij = 0.0 + ti + tj
                    out.append((war(state, vij, tij, score, others, base_war) if tij > 0
                                else vij, [pool[i], pool[j]]))
                    if top_size < 3:
                        continue
                    for k in range(j + 1, n):
                        ck, mk, lk, vk, tk = rows[k]
                        if (cij + ck > budget or mij + mk > 1
                                or (lk is not None and (lk == li or lk == lj))):
                            continue
                        v = vij + vk
                        t = tij + tk
                        out.append((war(state, v, t, score, others, base_war) if t > 0
                                    else v, [pool[i], pool[j], pool[k]]))
        if top_size >= 3:
            # keep itertools.combinations' order: all pairs before all triples
            out = [out[0]] + sorted(out[1:], key=_set_size)
        for size in range(4, top_size + 1):
            for combo in combinations(pool, size):
                got = self._set_value(state, combo, budget, score, others, base_war)
                if got is not None:
                    out.append((got, list(combo)))
        out.sort(key=lambda vs: -vs[0])
        return out

    def _less_war(self, state: State, v: float, t: float, score: float, others: float,
                  base_war: float) -> float:
        """A set's value ``v`` less what ``t`` > 0 more tension this turn costs: the added
        chance of war times the score at stake, and near war every point more (by caution)."""
        v -= (self._war_risk(state, t, others) - base_war) * score * self.caution
        # step back when war is near: every point of tension then costs more
        near = state.values[TENSION] + others - (self.war_at - NEAR_WAR)
        if near > 0:
            v -= t * score * self.caution * 0.01 * near / NEAR_WAR
        return v

    def _set_value(self, state: State, combo: Iterable[_Cand], budget: int, score: float,
                   others: float, base_war: float) -> float | None:
        """The planned value of a set of orders (None: not affordable or not allowed)."""
        cost = 0
        meetings = 0
        levers: set[str] = set()
        v = 0.0
        t = 0.0
        for c in combo:
            cost += c.cost
            if c.meeting:
                meetings += 1
            if not c.answer:
                if c.lever.id in levers:
                    return None
                levers.add(c.lever.id)
            v += c.value
            t += c.tension
        if cost > budget or meetings > 1:
            return None
        if t > 0:
            v = self._less_war(state, v, t, score, others, base_war)
        return v

    def choose(self, state: State, rng: Random) -> list[Order]:
        cands = self.candidates(state)
        ranked = self.sets(state, cands, DEEP_TOP_K if self.deep else TOP_K)
        best = ranked[0][1]
        if TIE > 0 and len(ranked) > 1:
            # plans worth the same to within TIE points: no reason to prefer one, and a state
            # that always makes the same choice is predictable; choose among them with the
            # game's seeded generator (the deep level tries them all below)
            near = [combo for v, combo in ranked if v >= ranked[0][0] - TIE]
            if len(near) > 1 and not self.deep:
                best = near[rng.randrange(len(near))]
        if self.deep and len(ranked) > 1:
            best = self._deep(state, ranked[:DEEP_SETS], rng)
        best = sorted(best, key=lambda c: (not c.answer, -c.value))
        best = self._fill(state, cands, best)
        return [Order(c.order.actor, c.order.lever, c.order.target, c.order.option,
                      self.reason(state, c)) for c in best]

    def _fill(self, state: State, cands: list[_Cand], best: list[_Cand]) -> list[_Cand]:
        """Capital left unspent is lost at the end of the turn: fill the rest of the turn's
        capital and orders with the best remaining candidates that cost me nothing I value
        (planned value above -FILL_MARGIN), one lever once, one meeting a turn."""
        budget = state.capital(self.actor) - sum(c.cost for c in best)
        room = self.p.max_orders - len(best)
        if budget <= 0 or room <= 0:
            return best
        levers = {c.lever.id for c in best if not c.answer}
        meeting = any(c.meeting for c in best)
        out = list(best)
        # an order that raises tension is valued with the war risk it adds to the set's, as
        # in the sets (a filler must not take the state nearer war than its plan did)
        score = others = base_war = 0.0
        tension = sum(max(0.0, c.tension) for c in best)
        if any(c.tension > 0 for c in cands):
            score = self.rules.score(state, self.actor)
            others = self._others_tension(state)
            base_war = self._war_risk(state, 0.0, others)
        for c in cands:
            if room <= 0 or budget <= 0:
                break
            if c in out or c.value <= -FILL_MARGIN or c.cost > budget:
                continue
            if c.answer:
                continue       # an answer is weighed against its alternative in the sets
            if c.lever.id in levers or (c.meeting and meeting):
                continue
            if c.tension > 0:
                v = (self._less_war(state, c.value, tension + c.tension, score, others, base_war)
                     - (self._less_war(state, 0.0, tension, score, others, base_war)
                        if tension > 0 else 0.0))
                if v <= -FILL_MARGIN:
                    continue
                tension += c.tension
            out.append(c)
            levers.add(c.lever.id)
            meeting = meeting or c.meeting
            budget -= c.cost
            room -= 1
        return out

    def _deep(self, state: State, ranked: list[tuple[float, list[_Cand]]],
              rng: Random) -> list[_Cand]:
        """The deep level: each of the best sets resolved on a copy of the game with the
        others' forecast orders, twice (seeds from the game's generator); the best mean of
        the score after the turn plus the set's planned value of what is still to come."""
        from .ledger import Ledger
        from .resolve import resolve_turn
        rules = self.rules
        seeds = [rng.getrandbits(32) for _ in range(2)]
        others: dict[str, list[Order]] = {a: list(forecast(rules, state, a))
                                          for a in rules.actors if a != self.actor}
        now = rules.score(state, self.actor)
        best_v, best = -1e9, ranked[0][1]
        for planned, combo in ranked:
            orders = dict(others)
            orders[self.actor] = [c.order for c in combo]
            total = 0.0
            for s in seeds:
                st = state.clone()
                resolve_turn(rules, st, Ledger(), orders, Random(s))
                total += rules.score(st, self.actor) - now
            v = total / len(seeds) + 0.5 * planned
            if v > best_v:
                best_v, best = v, combo
        return best


__all__ = ["DISCOUNT", "Model", "PlanningPlayer", "forecast", "model_of"]
