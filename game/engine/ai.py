"""Computer players: choose legal orders by weighing the state's own objectives.

A computer player scores each legal order by the change it expects in its own score (from the
lever's effects, resolved for this actor and target), adds what its personality says about
risk, aggression, cooperation and favourite levers, adds a little noise from the game's seeded
generator, and takes the best orders its political capital buys. Every chosen order carries a
one-line reason naming what tipped it. Human seats go through the same :meth:`Game.submit`.
"""
from __future__ import annotations

from random import Random

from .orders import Order
from .rules import Rules
from .scenario import Personality
from .state import State, pair_key

JOINT = {"joint_drills", "nuclear_talks", "kuril_talks"}
ANSWERS = {"accept_invitation", "rebuff_invitation"}
REPEAT_PENALTY = 0.25


class ComputerPlayer:
    """One seat's computer player; cheap to build, holds only precomputed weights."""

    def __init__(self, rules: Rules, actor: str, personality: str | None = None) -> None:
        self.rules = rules
        self.actor = actor
        spec = rules.scenario.actors[actor]
        self.personality_name = personality or spec.personality
        if self.personality_name not in spec.personalities:
            raise ValueError(f"{rules.name(actor)} has no personality "
                             f"{self.personality_name!r}; choose from "
                             f"{', '.join(sorted(spec.personalities))}")
        self.p: Personality = spec.personalities[self.personality_name]
        wsum = sum(abs(w) for _, w, _, _, _ in rules.objectives[actor]) or 1.0
        # score points per unit change of each key in my objectives
        self.weights: dict[str, float] = {}
        self.labels: dict[str, str] = {}
        for key, w, lo, hi, label in rules.objectives[actor]:
            self.weights[key] = self.weights.get(key, 0.0) + 100.0 * w / wsum / (hi - lo)
            self.labels[key] = label
        # a group bias scales what a lever is worth; a lever bias adds to it
        self.scale = {lid: max(0.0, 1.0 + 0.5 * self.p.group_bias.get(lv.group, 0.0))
                      for lid, lv in rules.levers.items()}
        self.bias = {lid: 0.3 * self.p.lever_bias.get(lid, 0.0) for lid in rules.levers}

    # ------------------------------------------------------------------ valuation
    def value(self, state: State, order: Order) -> tuple[float, str]:
        """Expected utility of an order and the one-line reason for it."""
        rules = self.rules
        lv = rules.levers[order.lever]
        p = rules.params[order.lever]
        if lv.estimate is not None:
            deltas = lv.estimate(rules, state, order, p)
        else:
            deltas = rules.resolver.resolve(p.effects, order.actor, order.target)
        if lv.covert:
            risk = min(1.0, p.detection + p.params.get("watch", 0.3) * 0.6)
            deltas = tuple(deltas) + tuple(
                (k, d * risk) for k, d in rules.resolver.resolve(p.on_detect, order.actor,
                                                                 order.target))
        w = self.weights
        v = state.values
        best_term, best_key, best_d = 0.0, "", 0.0
        u = 0.0
        tension = v["track.tension"] / rules.war_at
        for k, d in deltas:
            term = w.get(k, 0.0) * d
            if k == "track.tension" and d > 0:
                # fear of war grows with tension, softened by appetite for risk
                term -= (rules.drift.war_fear * (1.0 - self.p.risk) * tension ** 2
                         * d * 0.25)
                term += self.p.aggression * d * 0.02
            elif k.startswith("relation.") and not w.get(k):
                term += self.p.cooperation * d * 0.004
            u += term
            if term > best_term:
                best_term, best_key, best_d = term, k, d
        if u > 0:
            u *= self.scale[order.lever]
        u += self.bias[order.lever]
        if (order.lever, order.target) in state.last_orders.get(self.actor, ()):
            u -= REPEAT_PENALTY    # the same move twice running is worth less

        if order.lever in JOINT:
            u += (self.p.cooperation - 0.4) * 0.3
        if order.lever == "accept_invitation" and self.p.demands:
            u += self._demand_penalty(state, order)
        if best_key:
            what = f"{_readable(rules, best_key)} {best_d:+.1f}"
            if best_key in self.labels:
                reason = f"serves my aim '{self.labels[best_key]}' ({what})"
            else:
                reason = f"good for me: {what}"
        elif self.bias[order.lever] > 0:
            reason = f"fits my {self.personality_name} line"
        else:
            reason = "keeps my options open"
        return u, reason

    def _demand_penalty(self, state: State, order: Order) -> float:
        for pr in state.proposals:
            if pr.proposer == order.target and pr.target == self.actor:
                first = tuple(sorted((pr.proposer, pr.target))) not in state.met
                if pr.option not in self.p.demands and not first:
                    return -1.0
        return 0.0

    # ------------------------------------------------------------------ choosing
    def choose(self, state: State, rng: Random) -> list[Order]:
        rules = self.rules
        legal = rules.legal_orders(state, self.actor)
        if not legal:
            return []
        noise = self.p.noise
        scored: list[tuple[float, int, Order, str]] = []
        for i, o in enumerate(legal):
            u, why = self.value(state, o)
            if noise:
                u += rng.gauss(0.0, noise * 0.5)
            scored.append((u, i, o, why))
        budget = state.capital(self.actor)
        chosen: list[Order] = []
        used_levers: set[str] = set()
        answered: set[tuple] = set()
        # first answer invitations: the better of accept and rebuff, if it beats ignoring
        answers: dict[tuple, tuple[float, int, Order, str]] = {}
        for row in scored:
            o = row[2]
            if o.lever in ANSWERS:
                key = (o.target, o.option)
                if key not in answers or row[0] > answers[key][0]:
                    answers[key] = row
        accepted = False
        for key, (u, _, o, why) in sorted(answers.items(), key=lambda kv: -kv[1][0]):
            cost = rules.params[o.lever].cost
            if o.lever == "accept_invitation":
                if accepted:
                    continue    # one meeting a turn; the rest lapse
                accepted = True
            if cost <= budget and len(chosen) < self.p.max_orders:
                verb = "accept" if o.lever == "accept_invitation" else "rebuff"
                why = why if verb == "accept" else "the meeting is not worth it to me now"
                chosen.append(Order(o.actor, o.lever, o.target, o.option, f"{verb}: {why}"))
                budget -= cost
                answered.add(key)
        rest = [r for r in scored if r[2].lever not in ANSWERS]
        rest.sort(key=lambda r: (-r[0] / max(rules.params[r[2].lever].cost, 0.7), r[1]))
        for u, _, o, why in rest:
            if len(chosen) >= self.p.max_orders or budget <= 0:
                break
            if u <= 0.05 or o.lever in used_levers:
                continue
            cost = rules.params[o.lever].cost
            if cost > budget:
                continue
            chosen.append(Order(o.actor, o.lever, o.target, o.option, why))
            used_levers.add(o.lever)
            budget -= cost
        return chosen


def _readable(rules: Rules, key: str) -> str:
    parts = key.split(".")
    if parts[0] in ("relation", "trade"):
        return f"{parts[0]}s between {rules.name(parts[1])} and {rules.name(parts[2])}"
    if parts[0] == "alliance":
        return f"{parts[1]} alliance cohesion"
    if parts[0] == "influence":
        return f"{rules.name(parts[1])}'s influence in Pyongyang"
    if parts[0] == "track":
        return parts[1].replace("_", " ")
    if parts[0] in rules.names:
        return f"{rules.name(parts[0])}'s {parts[1].replace('_', ' ')}"
    return key


__all__ = ["ComputerPlayer", "pair_key"]
