"""Computer players: choose legal orders by weighing the state's own objectives.

A computer player scores each legal order by the change it expects in its own score (from the
lever's effects, resolved for this actor and target), adds what its personality says about
risk, aggression, cooperation and favourite levers, adds a little noise from the game's seeded
generator, and takes the best orders its political capital buys. Every chosen order carries a
one-line reason naming what tipped it. Human seats go through the same :meth:`Game.submit`.
"""
from __future__ import annotations

from random import Random
from statistics import NormalDist
from collections.abc import Collection
from typing import Any, TypeAlias, cast

from .kinds import ActorId, Deltas, LeverId
from .levers import Estimate, Lever, Weigh, Weights, mix_of
from .levers.covert import CovertParams, likely_risk
from .orders import Order
from .rules import MAX_ACCEPTS, Rules
from .scenario import LeverParams, Personality
from .state import State, pair_key

REPEAT_PENALTY = 0.6   # score points: variety reads more like a story than one move on repeat
MIN_UTILITY = 0.05     # an order must be worth more than this to be given
NORMAL_BITS = 12
NORMAL = tuple(NormalDist().inv_cdf((i + 0.5) / 2 ** NORMAL_BITS)
               for i in range(2 ** NORMAL_BITS))
"""Standard normal noise by inverse transform: one draw of 12 random bits picks one of 4096
equally likely quantiles (cheaper than ``Random.gauss``, the same bell curve to ±3.5 sd)."""
TENSION = "track.tension"

Part: TypeAlias = tuple[float, float]
"""(a, t) of some expected changes: fear-free utility and rise in tension."""
Entry: TypeAlias = tuple[int, Order, float, float, float, float, int, float,
                         Any, tuple[float, ...], LeverParams, bool, bool]
"""The fields of a candidate the turn loop reads (:meth:`_Row.entry`); ``fn`` is the lever's
estimate (kind ESTIMATE), its weigh function (MIX) or unused (STATIC)."""
Scored: TypeAlias = tuple[float, int, float, Order]
"""(rank, candidate index, utility with noise, order)."""


def _weighed(a: float, t: float, weights: Weights, vals: tuple[Part, ...]) -> Part:
    """(a, t) plus each part's (a, t) times its weight (parts of weight 0 left out)."""
    for w, v in zip(weights, vals):
        if w:
            a += w * v[0]
            t += w * v[1]
    return a, t


_Tables: TypeAlias = tuple[
    dict[str, float], dict[str, str], dict[LeverId, float], dict[LeverId, float],
    dict[str, float], float, float, list["_Row"], tuple[Entry, ...],
    dict[tuple[LeverId, "str | None"], int], tuple[float, ...], dict[tuple[str, float], str]]
"""What :meth:`ComputerPlayer._tables` precomputes per scenario, seat and personality."""

STATIC, MIX, ESTIMATE = 0, 1, 2
"""How a candidate's utility is found each turn: fixed ``a - fear * t``; a weighed mix of
fixed effects (:attr:`Lever.estimate_mix`, each part valued once); the lever's estimate."""


def demand_penalty(state: State, actor: str, demands: Collection[str], order: Order) -> float:
    """-1 for accepting an invitation from ``order.target`` that offers none of ``actor``'s
    demands, once the two leaders have met (a first meeting is worth it anyway); else 0.
    Shared by the greedy and the planning players."""
    for pr in state.proposals:
        if pr.proposer == order.target and pr.target == actor:
            first = tuple(sorted((pr.proposer, pr.target))) not in state.met
            if pr.option not in demands and not first:
                return -1.0
    return 0.0


SHUN_PENALTY = -5.0
"""Utility of a meeting with a leader the personality shuns (never worth it)."""


def shunned(p: Personality, lv: Lever, target: str | None) -> bool:
    """Whether an order of ``lv`` on ``target`` means meeting a government personality
    ``p`` shuns (:attr:`Personality.shuns`): an invitation sent to its leader, one of its
    invitations accepted, or a friendly exchange of officials (:attr:`Lever.contact`).
    Shared by the greedy and the planning players."""
    return (bool(p.shuns) and target in p.shuns
            and (lv.meeting or lv.contact or lv.invites))


class _Row:
    """One candidate order as a computer player sees it: what it costs and how its utility
    ``a - fear * t`` is found (``kind``): fixed, a weighed mix of fixed parts whose values are
    ``vals``, or the lever's estimate each turn (``a`` and ``t`` then hold the covert risk)."""

    __slots__ = ("order", "lever", "params", "kind", "fn", "vals", "covert_extra", "cost", "div",
                 "a", "t", "scale", "add", "repeat", "accept", "answer", "deltas")

    def __init__(self, order: Order, lever: Lever, params: LeverParams) -> None:
        self.order = order
        self.lever = lever
        self.params = params
        self.kind = ESTIMATE
        self.fn: Estimate | Weigh | None = lever.estimate
        self.vals: tuple[Part, ...] = ()
        self.covert_extra: Deltas = ()
        self.cost = params.cost
        self.div = max(params.cost, 0.7)
        self.a = 0.0
        self.t = 0.0
        self.scale = 1.0
        self.add = 0.0
        self.repeat = 0     # a number per (lever, target), to test last turn's orders quickly
        self.accept = lever.answers == "accept"    # deal items matter before a yes
        self.answer = lever.answers is not None
        self.deltas: Deltas | None = None    # the expected changes when fixed (kind STATIC)

    def entry(self) -> Entry:
        """The fields the turn loop reads, as one tuple (unpacked in one step); a mix's part
        values flattened to (a0, t0, a1, t1, ...)."""
        flat = tuple(x for v in self.vals for x in v)
        return (self.kind, self.order, self.a, self.t, self.scale, self.add, self.repeat,
                self.div, self.fn, flat, self.params, self.accept, self.answer)


class ComputerPlayer:
    """One seat's computer player; cheap to build, holds only precomputed weights.

    Utility is linear in each expected change except for rising tension, whose weight falls
    with the square of the tension now; so an order's utility is ``a - fear(tension) * t``,
    and for levers whose effects do not depend on the state ``a`` and ``t`` are computed once
    per scenario, seat and personality (shared by every game on the same :class:`Rules`).
    """

    def __init__(self, rules: Rules, actor: str, personality: str | None = None) -> None:
        self.rules = rules
        self.actor = actor
        spec = rules.scenario.actors[cast(ActorId, actor)]   # checked by the seat parser
        self.personality_name = personality or spec.personality
        if self.personality_name not in spec.personalities:
            raise ValueError(f"{rules.name(actor)} has no personality "
                             f"{self.personality_name!r}; choose from "
                             f"{', '.join(sorted(spec.personalities))}")
        self.p: Personality = spec.personalities[self.personality_name]
        ck = ("ai", actor, self.personality_name)
        tables = cast("_Tables | None", rules.cache.get(ck))
        if tables is None:
            tables = rules.cache[ck] = self._tables()
        (self.weights, self.labels, self.scale, self.bias, self.lin, self.tension_up,
         self.fear, self.rows, self._entries, self._repeat_ids, self._noise,
         self._phrases) = tables

    def _tables(self) -> _Tables:
        rules, p = self.rules, self.p
        wsum = sum(abs(w) for _, w, _, _, _ in rules.objectives[self.actor]) or 1.0
        # score points per unit change of each key in my objectives
        weights: dict[str, float] = {}
        labels: dict[str, str] = {}
        for key, w, lo, hi, label in rules.objectives[self.actor]:
            weights[key] = weights.get(key, 0.0) + 100.0 * w / wsum / (hi - lo)
            labels[key] = label
        # a group bias scales what a lever is worth; a lever bias adds to it
        scale = {lid: max(0.0, 1.0 + 0.5 * p.group_bias.get(lv.group, 0.0))
                 for lid, lv in rules.levers.items()}
        bias = {lid: 0.3 * p.lever_bias.get(lid, 0.0) for lid in rules.levers}
        # utility per unit change of every key (rising tension: see tension_up and fear)
        lin = {k: weights.get(k, 0.0) for k in rules.keys}
        for k in rules.keys:
            if k.startswith("relation.") and not weights.get(k):
                lin[k] += p.cooperation * 0.004
        tension_up = weights.get(TENSION, 0.0) + p.aggression * 0.02
        fear = rules.drift.war_fear * (1.0 - p.risk) * 0.25
        rows: list[_Row] = []
        repeat_ids: dict[tuple[LeverId, str | None], int] = {}
        for order, lv, lp in rules.candidates(self.actor):
            row = _Row(order, lv, lp)
            if lv.covert:
                risk = likely_risk(cast(CovertParams, lp))
                row.covert_extra = tuple(
                    (k, d * risk) for k, d in rules.resolver.resolve(lp.on_detect, order.actor,
                                                                     order.target))
            if lv.estimate is None:
                row.kind = STATIC
                deltas = rules.resolver.resolve(lp.effects, order.actor, order.target)
                row.a, row.t = self._linear(lin, tension_up, deltas + row.covert_extra)
            else:   # the covert risk part only; the rest is estimated each turn
                row.a, row.t = self._linear(lin, tension_up, row.covert_extra)
                if lv.estimate_mix is not None:
                    parts, weigh = mix_of(rules, order, lp)
                    row.vals = tuple(self._linear(lin, tension_up, d) for d in parts)
                    if not parts:
                        row.kind = STATIC
                    elif type(weigh) is tuple:    # fixed weights: a fixed utility
                        row.kind = STATIC
                        row.a, row.t = _weighed(row.a, row.t, weigh, row.vals)
                    else:
                        row.kind, row.fn = MIX, cast(Weigh, weigh)
            if row.kind == STATIC:     # _deltas reads no state for these
                row.deltas = self._deltas(rules.initial, order)
            row.scale = scale[order.lever]
            row.add = bias[order.lever]
            if shunned(p, lv, order.target):
                row.add += SHUN_PENALTY
            if lv.partner is not None:     # a joint action: the cooperative favour it
                row.add += (p.cooperation - 0.4) * 0.3
            row.repeat = repeat_ids.setdefault((order.lever, order.target), len(repeat_ids))
            rows.append(row)
        entries = tuple(r.entry() for r in rows)
        noise = tuple(p.noise * 0.5 * x for x in NORMAL)
        phrases: dict[tuple[str, float], str] = {}    # reasons' wording, by key and change
        return (weights, labels, scale, bias, lin, tension_up, fear, rows, entries, repeat_ids,
                noise, phrases)

    @staticmethod
    def _linear(lin: dict[str, float], tension_up: float, deltas: Deltas) -> Part:
        """(a, t): the fear-free utility of some changes and their rise in tension."""
        a = t = 0.0
        for k, d in deltas:
            if k == TENSION and d > 0:
                a += tension_up * d
                t += d
            else:
                a += lin.get(k, 0.0) * d
        return a, t

    def _deltas(self, state: State, order: Order) -> Deltas:
        rules = self.rules
        lv = rules.levers[order.lever]
        p = rules.params[order.lever]
        if lv.estimate is not None:
            deltas = tuple(lv.estimate(rules, state, order, p))
        else:
            deltas = rules.resolver.resolve(p.effects, order.actor, order.target)
        if lv.covert:
            risk = likely_risk(cast(CovertParams, p))
            deltas = deltas + tuple(
                (k, d * risk) for k, d in rules.resolver.resolve(p.on_detect, order.actor,
                                                                 order.target))
        return deltas

    # ------------------------------------------------------------------ valuation
    def value(self, state: State, order: Order) -> tuple[float, str]:
        """Expected utility of an order and the one-line reason for it."""
        a, t = self._linear(self.lin, self.tension_up, self._deltas(state, order))
        u = self._utility(state, order, a, t, self._fear_now(state))
        return u, self.reason(state, order)

    def _fear_now(self, state: State) -> float:
        # fear of war grows with tension, softened by appetite for risk
        x: float = state.values[TENSION] / self.rules.war_at
        fear: float = self.fear
        return fear * x * x

    def _utility(self, state: State, order: Order, a: float, t: float, fear: float) -> float:
        u = a - fear * t
        if u > 0:
            u *= self.scale[order.lever]
        u += self.bias[order.lever]
        if (order.lever, order.target) in state.last_orders.get(self.actor, ()):
            u -= REPEAT_PENALTY    # the same move twice running is worth less
        lv = self.rules.levers[order.lever]
        if lv.partner is not None:
            u += (self.p.cooperation - 0.4) * 0.3
        if lv.answers == "accept" and self.p.demands:
            u += self._demand_penalty(state, order)
        return u

    def reason(self, state: State, order: Order) -> str:
        """The one line saying what tipped this order: its biggest expected gain."""
        return self._why(state, order, self._deltas(state, order))

    def _why(self, state: State, order: Order, deltas: Deltas) -> str:
        """:meth:`reason` given the order's expected changes."""
        fear = self._fear_now(state)
        best_term, best_key, best_d = 0.0, "", 0.0
        lin = self.lin
        for k, d in deltas:
            if k == TENSION and d > 0:
                term = (self.tension_up - fear) * d
            else:
                term = lin.get(k, 0.0) * d
            if term > best_term:
                best_term, best_key, best_d = term, k, d
        if best_key:
            phrase = self._phrases.get((best_key, best_d))
            if phrase is None:
                what = f"{self.rules.key_label(best_key)} {best_d:+.1f}"
                if best_key in self.labels:
                    phrase = f"serves my aim '{self.labels[best_key]}' ({what})"
                else:
                    phrase = f"good for me: {what}"
                if len(self._phrases) > 4096:
                    self._phrases.clear()
                self._phrases[(best_key, best_d)] = phrase
            return phrase
        if self.bias[order.lever] > 0:
            return f"fits my {self.personality_name} line"
        return "keeps my options open"

    def _row_why(self, state: State, i: int) -> str:
        """:meth:`reason` of candidate ``i`` (fixed expected changes kept in its row)."""
        row = self.rows[i]
        deltas = row.deltas
        if deltas is None:
            deltas = self._deltas(state, row.order)
        return self._why(state, row.order, deltas)

    def _demand_penalty(self, state: State, order: Order) -> float:
        return demand_penalty(state, self.actor, self.p.demands, order)

    # ------------------------------------------------------------------ choosing
    def scored(self, state: State, rng: Random) -> list[tuple[float, int, float, Order]]:
        """(rank, candidate index, utility with noise, order) for every legal order, in the
        fixed candidate order (one draw of noise each, in that order; see NORMAL). ``rank`` is
        minus the utility per unit of political capital: sorting ranks puts the best buys
        first."""
        answers, rest = self._score(state, rng, 0.0, all_rest=True)
        return sorted(answers + rest, key=lambda row: row[1])

    def _score(self, state: State, rng: Random, floor: float, all_rest: bool = False
               ) -> tuple[list[tuple[float, int, float, Order]],
                          list[tuple[float, int, float, Order]]]:
        """:meth:`scored`'s rows split into answers to invitations and the rest, each in
        candidate order; the rest only above ``floor`` unless ``all_rest``."""
        rules = self.rules
        entries = self._entries
        fear = self._fear_now(state)
        rid = self._repeat_ids
        last = {rid.get(lt) for lt in state.last_orders.get(self.actor, ())}
        demands = bool(self.p.demands)
        lin, tension_up = self.lin, self.tension_up
        linear = self._linear
        legal = rules.legal_indices(state, self.actor)
        answers: list[tuple[float, int, float, Order]] = []
        rest: list[tuple[float, int, float, Order]] = []
        weights: dict[Any, Weights] = {}      # each weigh function's weights this turn
        noisy = bool(self.p.noise)
        noise = self._noise     # NORMAL times this personality's noise
        bits = rng.getrandbits
        for i in legal:
            kind, o, a, t, scale, add, rep, div, fn, vals, params, accept, answer = entries[i]
            if kind == STATIC:
                u = a - fear * t
            elif kind == MIX:
                ws = weights.get(fn)
                if ws is None:
                    ws = weights[fn] = fn(state)
                # a += w * part's a, t += w * part's t, for each part of weight w != 0
                # (unrolled for the usual one to three parts)
                w = ws[0]
                if w:
                    a += w * vals[0]
                    t += w * vals[1]
                n = len(ws)
                if n > 1:
                    w = ws[1]
                    if w:
                        a += w * vals[2]
                        t += w * vals[3]
                    if n > 2:
                        w = ws[2]
                        if w:
                            a += w * vals[4]
                            t += w * vals[5]
                        for j in range(3, n):
                            w = ws[j]
                            if w:
                                a += w * vals[2 * j]
                                t += w * vals[2 * j + 1]
                u = a - fear * t
            else:
                a2, t2 = linear(lin, tension_up, fn(rules, state, o, params))
                u = a + a2 - fear * (t + t2)
            if u > 0:
                u *= scale
            u += add
            if rep in last:
                u -= REPEAT_PENALTY    # the same move twice running is worth less
            if demands and accept:
                u += self._demand_penalty(state, o)
            if noisy:
                u += noise[bits(NORMAL_BITS)]
            if answer:
                answers.append((-u / div, i, u, o))
            elif u > floor or all_rest:
                rest.append((-u / div, i, u, o))
        return answers, rest

    def choose(self, state: State, rng: Random) -> list[Order]:
        # orders worth at most MIN_UTILITY are never chosen: only answers and the rest above
        answer_rows, rest = self._score(state, rng, MIN_UTILITY)
        return self.choose_from(state, answer_rows, rest)

    def choose_from(self, state: State, answer_rows: list[tuple[float, int, float, Order]],
                    rest: list[tuple[float, int, float, Order]]) -> list[Order]:
        """:meth:`choose` from rows :meth:`_score` gave (``rest`` is sorted in place)."""
        rows = self.rows
        budget = state.capital(self.actor)
        max_orders = self.p.max_orders
        chosen: list[Order] = []
        used_levers: set[str] = set()
        # first answer invitations: the better of accept and rebuff, if it beats ignoring
        answers: dict[tuple[str | None, str | None], Scored] = {}
        for row in answer_rows:
            o = row[3]
            key = (o.target, o.option)
            if key not in answers or row[2] > answers[key][2]:
                answers[key] = row
        meetings = 0
        for key, (_, i, u, o) in sorted(answers.items(), key=lambda kv: -kv[1][2]):
            cost = rows[i].cost
            lv = rows[i].lever
            if lv.meeting:
                if meetings >= MAX_ACCEPTS:
                    continue    # one meeting a turn; the rest lapse
                meetings += 1
            if cost <= budget and len(chosen) < max_orders:
                if lv.answers == "accept":
                    why = f"accept: {self._row_why(state, i)}"
                else:
                    why = "rebuff: the meeting is not worth it to me now"
                chosen.append(Order(o.actor, o.lever, o.target, o.option, why))
                budget -= cost
        rest.sort()     # best utility per unit of capital first; ties by candidate order
        for _, i, u, o in rest:
            if len(chosen) >= max_orders or budget <= 0:
                break
            if u <= MIN_UTILITY or o.lever in used_levers:
                continue
            cost = rows[i].cost
            if cost > budget:
                continue
            if rows[i].lever.meeting:
                if meetings >= MAX_ACCEPTS:
                    continue    # a meeting that is not an answer counts towards the one too
                meetings += 1
            chosen.append(Order(o.actor, o.lever, o.target, o.option, self._row_why(state, i)))
            used_levers.add(o.lever)
            budget -= cost
        return chosen


__all__ = ["ComputerPlayer", "pair_key"]
