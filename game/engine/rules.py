"""Rules: a validated scenario compiled once into what the turn loop needs.

A :class:`Rules` object is read-only during play and shared by every clone of a game (and by
every game of a sweep on one worker): the lever parameters merged over the catalogue's
defaults, the bounds of every state key, the objectives turned into per-key weights, and the
resolver that turns effect specs into key deltas.
"""
from __future__ import annotations

import datetime as _dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, Literal, TypeAlias, TypedDict

from .effects import EffectResolver
from .kinds import ActorId, Deltas, LeverId, ProposalKind, StateKey
from .levers import CATALOGUE, PHASES, Check, Gate, Lever, Phase, Step
from .loader import parse_scenario, scenario_hash
from .orders import Order, OrderKey, OrderProblem
from .scenario import ACTORS, LeverParams, Scenario
from .state import Project, State, pair_key


MAX_ACCEPTS = 1
"""A leader's calendar: at most one meeting (a lever with :attr:`Lever.meeting`: a summit or
ceremony accepted) attended per turn."""


CODES = {"us": "USA", "russia": "RUS", "china": "CHN", "dprk": "DPRK", "rok": "ROK",
         "japan": "JPN"}
"""Each state's short code, for tight spaces."""

ScoreTerm: TypeAlias = tuple[StateKey, float, bool, float, float]
"""One objective as the score reads it: (key, |weight|, up?, lo, hi - lo)."""
ObjectiveRow: TypeAlias = tuple[StateKey, float, float, float, str]
"""One objective: (key, signed weight, lo, hi, label)."""
Block: TypeAlias = ("tuple[int, None, tuple[int, ...]]"
                    " | tuple[int, Check, LeverParams, tuple[tuple[Order, tuple[int, ...]], ...],"
                    " Gate | None]")
"""A run of one lever's candidates (see :meth:`Rules._legality_blocks`)."""


class ScorePart(TypedDict):
    """One objective's part of a score (:meth:`Rules.score_parts`)."""

    key: StateKey
    label: str
    direction: Literal["up", "down"]
    weight: float
    value: float
    points: float


SHORT_TRACKS = {"tension": "tension", "un_sanctions": "UN sanctions", "talks": "nuclear talks",
                "ukraine": "Ukraine confrontation"}
"""The global tracks' short names (the scenario gives their long labels)."""


def lever_params(scenario: Scenario) -> dict[str, LeverParams]:
    """Every lever's parameters, validated once: the loader's, kept on the scenario when it
    checked them; else (a scenario built some other way) each lever's :meth:`Lever.validate`
    of the scenario's overrides now."""
    if scenario.lever_params is not None:
        return scenario.lever_params
    return {lid: lv.validate(scenario.levers.get(lid, {})) for lid, lv in CATALOGUE.items()}


def initial_state(sc: Scenario) -> State:
    """The state at the start of a scenario."""
    s = State()
    v, b = s.values, s.bounds
    for a in ACTORS:
        actor = sc.actors[a]
        for ind, val in actor.indicators.items():
            bd = sc.indicators[ind]
            v[f"{a}.{ind}"] = float(val)
            b[f"{a}.{ind}"] = (bd.min, bd.max)
        v[f"{a}.capital"] = float(actor.capital_per_turn)
        b[f"{a}.capital"] = (0.0, 20.0)
        v[f"enforcement.{a}"] = float(actor.enforcement)
        b[f"enforcement.{a}"] = (0.0, 100.0)
    for i, a in enumerate(ACTORS):
        for c in ACTORS[i + 1:]:
            for kind, table, lo in (("relation", sc.relations, -100.0),
                                    ("trade", sc.trade, 0.0)):
                val = table.get(f"{a}-{c}", table.get(f"{c}-{a}", 0.0))
                k = pair_key(kind, a, c)
                v[k] = float(val)
                b[k] = (lo, 100.0)
    for aid, al in sc.alliances.items():
        v[f"alliance.{aid}"] = float(al.cohesion)
        b[f"alliance.{aid}"] = (0.0, 100.0)
    for a, val in sc.influence.items():
        v[f"influence.{a}"] = float(val)
        b[f"influence.{a}"] = (0.0, 100.0)
    for pair, val in sc.debts.items():
        debtor, creditor = pair.split("-")
        v[f"debt.{debtor}.{creditor}"] = float(val)
        b[f"debt.{debtor}.{creditor}"] = (0.0, 1000.0)
    for tid, tr in sc.tracks.items():
        v[f"track.{tid}"] = float(tr.value)
        b[f"track.{tid}"] = (tr.min, tr.max)
    s.kaesong_open = sc.kaesong_open
    hist = sc.history
    for x, y in hist.met:
        s.met.add((x, y) if x < y else (y, x))
    s.resolutions = tuple((r.id, r.workers_home) for r in hist.resolutions)
    for pp in hist.projects:
        s.projects.append(Project(pp.kind, pp.builder, 0, pp.progress, pp.needed,
                                  pp.status, ("dprk", "rok")))
    return s


def event_turn(scenario: Scenario, date: _dt.date) -> int:
    """The turn whose months hold ``date`` (turn 1 starts at the scenario's start date)."""
    start = scenario.start_date
    months = (date.year - start.year) * 12 + date.month - start.month
    return months // scenario.turn_months + 1


def paired(pairs: Sequence[str], a: str, b: str) -> bool:
    """Is ``a``–``b`` one of ``pairs`` (written 'x-y', either way round)?"""
    return f"{a}-{b}" in pairs or f"{b}-{a}" in pairs


def turns_for(months: int, turn_months: int) -> int:
    """How many turns of ``turn_months`` months a span of ``months`` months lasts (at least
    one for a span of at least a month)."""
    if months <= 0:
        return 0
    return max(1, -(-months // turn_months))


def _with_cooldown(check: Callable[..., str | None] | None, months: int,
                   turn_months: int) -> Callable[..., str | None]:
    """A lever's check with its cool-down first: used by the actor on the target within
    ``months`` months, it may not be used on them again yet."""
    turns = turns_for(months, turn_months)

    def cooled(rules: "Rules", state: State, order: Order, p: LeverParams) -> str | None:
        last = state.last_used.get((order.actor, order.lever, order.target))
        if last is not None and state.turn - last < turns:
            again = last + turns
            on = f" on {rules.name(order.target)}" if order.target else ""
            return (f"used{on} in turn {last}; not again before turn {again} "
                    f"({months} months)")
        return check(rules, state, order, p) if check is not None else None
    return cooled


def state_keys(sc: Scenario) -> list[str]:
    """Every state key of a scenario, in the state's fixed order (e.g. to pick sweep
    columns)."""
    return list(initial_state(sc).values)


class Rules:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.actors: tuple[ActorId, ...] = ACTORS
        self.names: dict[str, str] = {a: scenario.actors[a].name for a in ACTORS}
        self.levers: dict[LeverId, Lever] = CATALOGUE
        self.params: dict[LeverId, LeverParams] = lever_params(scenario)
        self.permanent = tuple(a for a in ACTORS if scenario.actors[a].un_permanent)
        self.drift = scenario.drift
        months = scenario.turn_months
        self.turn_drift = scenario.drift.per_turn(months)
        """The drift of one turn (the scenario's rates are a month's)."""
        self.event_turn: dict[str, int | None] = {
            ev.id: ev.turn if ev.date is None else event_turn(scenario, ev.date)
            for ev in scenario.events}
        """The turn each scripted event happens in (None: not scripted)."""
        self.event_chance: dict[str, float] = {
            ev.id: ev.probability if months == 1 or ev.probability >= 1.0
            else 1.0 - (1.0 - ev.probability) ** months for ev in scenario.events}
        """Each event's chance a turn (the scenario's are a month's)."""
        self.initial = initial_state(scenario)
        self.keys: set[StateKey] = set(self.initial.values)
        self.resolver = EffectResolver(
            self.keys, {aid: frozenset(al.members) for aid, al in scenario.alliances.items()})
        self.objectives = self._objectives()
        # per actor: ((key, |weight|, up?, lo, hi - lo), ...) and the sum of |weight|
        self._score_terms: dict[str, tuple[tuple[ScoreTerm, ...], float]] = {}
        for a, rows in self.objectives.items():
            wsum = 0.0
            for _, w, _, _, _ in rows:
                wsum += abs(w)
            self._score_terms[a] = (tuple((key, abs(w), w > 0, lo, hi - lo)
                                          for key, w, lo, hi, _ in rows), wsum)
        tension = scenario.tracks["tension"]
        self.war_at = tension.war_at if tension.war_at is not None else tension.max
        self.tension_stages = scenario.tracks["tension"].stages
        self.talks_stages = scenario.tracks["talks"].stages
        # per actor: every order its levers' who/targets/options allow, built once, in
        # catalogue order (orders are immutable, so the same objects serve every turn)
        self._candidates: dict[str, list[tuple[Order, Lever, LeverParams]]] = {
            a: [] for a in ACTORS}
        for lid, lv in CATALOGUE.items():
            p = self.params[lid]
            if not p.enabled:
                continue
            opts: list[str | None] = list(p.options) or [None]
            for a in ACTORS:
                if a not in p.who:
                    continue
                tgts: list[str | None] = [t for t in p.targets if t != a] if lv.target else [None]
                if p.pairs is not None and lv.target:
                    tgts = [t for t in tgts if t is not None and paired(p.pairs, a, t)]
                for t in tgts:
                    for o in opts:
                        self._candidates[a].append((Order(a, lid, t, o), lv, p))
        # a lever with a cool-down is checked for it first (per target), then by its own check
        self.checks: dict[str, Callable[..., str | None] | None] = {
            lid: _with_cooldown(lv.check, self.params[lid].cooldown_months, scenario.turn_months)
            if self.params[lid].cooldown_months else lv.check
            for lid, lv in CATALOGUE.items()}
        # how high each lever's own effects may push tension (None: no ceiling): words,
        # sanctions and money alone cannot start a war
        self.ceilings: dict[str, float | None] = {
            lid: (self.params[lid].tension_ceiling if self.params[lid].tension_ceiling is not None
                  else (None if lv.group == "military" else self.drift.words_ceiling))
            for lid, lv in CATALOGUE.items()}
        self.cooldowns: dict[str, int] = {
            lid: self.params[lid].cooldown_months for lid in CATALOGUE
            if self.params[lid].cooldown_months}
        # the levers whose last use on each target is kept (State.last_used): a cool-down's,
        # and a lever's whose effect depends on it (Lever.remembers)
        self.remembered: frozenset[str] = frozenset(self.cooldowns) | frozenset(
            lid for lid, lv in CATALOGUE.items() if lv.remembers)
        self._blocks: dict[str, list[Block]] = {a: self._legality_blocks(a) for a in ACTORS}
        # (actor, lever, target, option) -> params, for every candidate: exactly the orders
        # that pass why_illegal's checks of lever, actor, target and option
        self._candidate_keys: dict[OrderKey, LeverParams] = {
            (o.actor, o.lever, o.target, o.option): p
            for a in ACTORS for o, _, p in self._candidates[a]}
        # what the levers' traits ask of the turn: who settles each kind of proposal, and the
        # steps some levers take every turn after their phase's orders and in drift
        self.proposers: dict[ProposalKind, Lever] = {
            lv.proposes: lv for lv in CATALOGUE.values() if lv.proposes}
        """The lever that puts each kind of proposal on the table (:attr:`Lever.proposes`)."""
        self.outrages: tuple[str, ...] = tuple(lid for lid, lv in CATALOGUE.items()
                                               if lv.outrage)
        """The levers whose use the world answers (:attr:`Lever.outrage`)."""
        self.threats: tuple[str, ...] = tuple(lid for lid, lv in CATALOGUE.items()
                                              if lv.threat)
        """The levers whose use is a threat a denunciation answers (:attr:`Lever.threat`)."""
        self.turn_steps: dict[Phase, tuple[tuple[Step, LeverParams], ...]] = {
            phase: tuple((lv.each_turn, self.params[lid]) for lid, lv in CATALOGUE.items()
                         if lv.each_turn is not None and lv.phase == phase)
            for phase in PHASES}
        self.drift_steps: tuple[tuple[Step, LeverParams], ...] = tuple(
            (lv.drift, self.params[lid]) for lid, lv in CATALOGUE.items()
            if lv.drift is not None)
        self.cache: dict[Hashable, Any] = {}
        """Derived tables clients may memoise per rules (e.g. computer players' weights). Its
        values are of many kinds: each reader annotates what it gets back."""
        self._labels: dict[tuple[str, bool], str] = {}

    def _legality_blocks(self, actor: str) -> list[Block]:
        """The actor's candidates cut into runs of one lever (so of one cost), in candidate
        order: ``(cost, None, indices)`` for a lever without a check, else ``(cost, check,
        params, groups, gate)`` where each group is ``(order, indices)``, one check deciding
        every index in it (one group per target when the lever's check ignores the option),
        and ``gate`` is the lever's :attr:`Lever.check_gate` (or None)."""
        blocks: list[Block] = []
        run: list[tuple[int, Order]] = []
        cands = self._candidates[actor]
        for i, (order, lv, p) in enumerate(cands):
            run.append((i, order))
            if i + 1 < len(cands) and cands[i + 1][1] is lv:
                continue
            check = self.checks[lv.id]
            if check is None:
                blocks.append((p.cost, None, tuple(j for j, _ in run)))
            else:
                groups: list[tuple[Order, list[int]]] = []
                per_target = lv.check_per_target or lv.check is None
                for j, o in run:
                    if per_target and groups and groups[-1][0].target == o.target:
                        groups[-1][1].append(j)
                    else:
                        groups.append((o, [j]))
                blocks.append((p.cost, check, p, tuple((o, tuple(js)) for o, js in groups),
                               lv.check_gate if lv.check is not None else None))
            run = []
        return blocks

    def _objectives(self) -> dict[str, list[ObjectiveRow]]:
        """Per actor: (key, signed weight, lo, hi, label)."""
        out: dict[str, list[ObjectiveRow]] = {}
        for a in ACTORS:
            rows = []
            for ob in self.scenario.actors[a].objectives:
                key = self.objective_key(ob.key, a)
                lo, hi = self.initial.bounds[key]
                sign = 1.0 if ob.direction == "up" else -1.0
                rows.append((key, sign * ob.weight, lo, hi, ob.label or key))
            out[a] = rows
        return out

    @staticmethod
    def objective_key(key: str, actor: str) -> str:
        parts = [actor if p == "self" else p for p in key.split(".")]
        if parts[0] in ("relation", "trade") and len(parts) == 3:
            return pair_key(parts[0], parts[1], parts[2])
        return ".".join(parts)

    # ------------------------------------------------------------------ names
    def name(self, actor: str | None) -> str:
        return self.names.get(actor, actor) if actor else ""

    def lever_name(self, lever: str) -> str:
        """The lever's name (an unknown id as it is, for messages about bad input)."""
        lv = self.levers.get(lever)
        return lv.name if lv is not None else lever

    def key_label(self, key: str, short: bool = False) -> str:
        """A state key as a person reads it, with the scenario's own labels:
        ``dprk.economy`` → "North Korea: Economy", ``relation.china.dprk`` → "China–North Korea
        relations", ``track.tension`` → "Tension on the peninsula". ``short``: for tight
        spaces, states by code: "DPRK economy", "CHN–DPRK relations", "tension"."""
        hit = self._labels.get((key, short))
        if hit is None:
            hit = self._labels[(key, short)] = self._key_label(key, short)
        return hit

    def _key_label(self, key: str, short: bool) -> str:
        sc = self.scenario
        n = self.code if short else self.name
        of = "" if short else "'s"
        parts = key.split(".")
        kind = parts[0]
        if kind in ("relation", "trade") and len(parts) == 3:
            return f"{n(parts[1])}–{n(parts[2])} {kind}{'s' if kind == 'relation' else ''}"
        if kind == "debt" and len(parts) == 3:
            return f"{n(parts[1])}{of} debt to {n(parts[2])} ($bn)"
        if kind == "alliance" and len(parts) == 2:
            al = sc.alliances.get(parts[1])
            return f"{al.label if al else parts[1]} cohesion"
        if kind == "influence" and len(parts) == 2:
            return f"{n(parts[1])}{of} influence in Pyongyang"
        if kind == "enforcement" and len(parts) == 2:
            return f"{n(parts[1])}{of} sanctions enforcement"
        if kind == "track" and len(parts) == 2:
            if short:
                return SHORT_TRACKS.get(parts[1], parts[1].replace("_", " "))
            if parts[1] in sc.tracks:
                return sc.tracks[parts[1]].label
        if kind in self.names and len(parts) == 2:
            ind = sc.indicators.get(parts[1])
            what = ind.label if ind else parts[1].replace("_", " ")
            if short:
                return f"{n(kind)} {'political capital' if parts[1] == 'capital' else what.lower()}"
            if parts[1] == "capital":
                return f"{n(kind)}: political capital"
            return f"{n(kind)}: {what}"
        return key

    @staticmethod
    def code(actor: str | None) -> str:
        """A state's short code: USA, RUS, CHN, DPRK, ROK, JPN."""
        return CODES.get(actor or "", actor or "")

    def expected(self, state: State, order: Order) -> Deltas:
        """What an order is expected to change, ``((key, delta), ...)``: its lever's own
        estimate when it has one (summits, joint actions, projects...), else its effects
        resolved for its actor and target. What the front end previews and the views carry."""
        lv = self.levers[order.lever]
        p = self.params[order.lever]
        if lv.estimate is not None:
            return tuple(lv.estimate(self, state, order, p))
        return self.resolver.resolve(p.effects, order.actor, order.target)

    # ------------------------------------------------------------------ legality
    def why_illegal(self, state: State, order: Order, budget: int | None = None) -> str | None:
        """None when the order is legal now; otherwise a sentence saying why not."""
        p = self._candidate_keys.get((order.actor, order.lever, order.target, order.option))
        if p is not None:   # one of the actor's candidates: only cost and check remain
            return self._afford_and_check(state, order, self.levers[order.lever], p, budget)
        lv = self.levers.get(order.lever)
        if lv is None:
            return f"unknown lever {order.lever!r}"
        if order.actor not in ACTORS:
            return f"unknown state {order.actor!r}"
        p = self.params[order.lever]
        if not p.enabled:
            return f"{lv.name} is switched off in this scenario"
        if order.actor not in p.who:
            return f"{self.name(order.actor)} cannot use {lv.name}"
        if lv.target:
            if order.target is None:
                return f"{lv.name} needs a target state"
            if order.target == order.actor:
                return f"{lv.name} cannot target yourself"
            if order.target not in p.targets:
                return f"{lv.name} cannot target {self.name(order.target)}"
            if p.pairs is not None and not paired(p.pairs, order.actor, order.target):
                return (f"{lv.name}: {self.name(order.actor)} and {self.name(order.target)} are "
                        f"not one of its pairs ({', '.join(p.pairs)})")
        elif order.target is not None:
            return f"{lv.name} takes no target"
        if p.options:
            if order.option not in p.options:
                return f"{lv.name} needs one of: {', '.join(p.options)}"
        elif order.option is not None:
            return f"{lv.name} takes no option"
        return self._afford_and_check(state, order, lv, p, budget)

    def _afford_and_check(self, state: State, order: Order, lv: Lever, p: LeverParams,
                          budget: int | None) -> str | None:
        """why_illegal's last steps: the cost against the budget, then the lever's check."""
        cost = p.cost
        have = state.capital(order.actor) if budget is None else budget
        if cost > have:
            return f"{lv.name} costs {cost} political capital; {have} left"
        check = self.checks[lv.id]
        if check is not None:
            return check(self, state, order, p)
        return None

    def check_orders(self, state: State, actor: str, orders: list[Order]) -> list[OrderProblem]:
        """Every reason ``orders`` cannot be ``actor``'s orders for this turn, in list order;
        empty when they can. The one check of a whole list, used by :meth:`Game.submit`, the
        front end (before an order joins a draft), replays and tests.

        Each order must be the actor's own and legal now (:meth:`why_illegal`) within the
        capital the legal orders before it leave; no order twice; one answer per invitation;
        at most ``MAX_ACCEPTS`` invitation accepted. Problems of the whole list (the game is
        over, an unknown state) have ``index`` None.
        """
        if actor not in ACTORS:
            return [OrderProblem(None, f"unknown state {actor!r}; states: {', '.join(ACTORS)}")]
        if state.over:
            return [OrderProblem(None, "the game is over")]
        problems: list[OrderProblem] = []
        budget = state.capital(actor)
        seen: set[OrderKey] = set()
        answered: set[tuple[str | None, str | None]] = set()
        accepted = 0
        for i, o in enumerate(orders):
            if o.actor != actor:
                problems.append(OrderProblem(i, f"an order for {o.actor} in {actor}'s orders"))
                continue
            why = self.why_illegal(state, o, budget)
            if why:
                problems.append(OrderProblem(i, why))
                continue
            key = o.key()
            if key in seen:
                problems.append(OrderProblem(i, f"the same order twice "
                                                f"({self.lever_name(o.lever)})"))
                continue
            lv = self.levers[o.lever]
            if lv.answers is not None and (o.target, o.option) in answered:
                problems.append(OrderProblem(i, "one answer per invitation"))
                continue
            if lv.meeting and accepted >= MAX_ACCEPTS:
                problems.append(OrderProblem(i, "a leader attends one summit or ceremony "
                                                "a turn"))
                continue
            if lv.answers is not None:
                answered.add((o.target, o.option))
            if lv.meeting:
                accepted += 1
            seen.add(key)
            budget -= self.params[o.lever].cost
        return problems

    def candidates(self, actor: str) -> list[tuple[Order, Lever, LeverParams]]:
        """Every (order, lever, params) the actor's levers allow in this scenario, legal now
        or not, in a fixed order; :meth:`legal_indices` indexes into it."""
        return self._candidates[actor]

    def legal_indices(self, state: State, actor: str) -> list[int]:
        """Indices into :meth:`candidates` of the orders the actor could give now."""
        if state.over:
            return []
        cap = state.capital(actor)
        out: list[int] = []
        for block in self._blocks[actor]:
            if block[0] > cap:
                continue
            if block[1] is None:
                out.extend(block[2])
                continue
            _, check, p, groups, gate = block
            if gate is not None and not gate(self, state, actor):
                continue
            for order, idx in groups:
                if check(self, state, order, p) is None:
                    out.extend(idx)
        return out

    def legal_orders(self, state: State, actor: str) -> list[Order]:
        """Every order the actor could give now, each affordable on its own."""
        cands = self._candidates[actor]
        return [cands[i][0] for i in self.legal_indices(state, actor)]

    def cost(self, order: Order) -> int:
        return self.params[order.lever].cost

    def capital_left(self, state: State, actor: str, orders: list[Order]) -> int:
        """The actor's political capital after paying for ``orders``."""
        return state.capital(actor) - sum([self.params[o.lever].cost for o in orders])

    # ------------------------------------------------------------------ scores
    def score(self, state: State, actor: str) -> float:
        """0..100 from the actor's own objectives; 0 for everyone in a war."""
        if state.war:
            return 0.0
        v = state.values
        total = 0.0
        terms, wsum = self._score_terms[actor]
        for key, weight, up, lo, span in terms:
            x = (v[key] - lo) / span
            total += weight * (x if up else 1.0 - x)
        return round(100.0 * total / wsum, 3)

    def score_parts(self, state: State, actor: str) -> list[ScorePart]:
        """The score broken into its objectives, for end screens and debriefs."""
        v = state.values
        rows: list[ScorePart] = []
        wsum = sum(abs(w) for _, w, _, _, _ in self.objectives[actor])
        for key, w, lo, hi, label in self.objectives[actor]:
            x = (v[key] - lo) / (hi - lo)
            part = abs(w) * (x if w > 0 else 1.0 - x)
            rows.append({"key": key, "label": label, "direction": "up" if w > 0 else "down",
                         "weight": abs(w), "value": v[key],
                         "points": 0.0 if state.war else round(100.0 * part / wsum, 3)})
        return rows


# ------------------------------------------------------------------------------ the rules cache
RULES_KEEP = 8
"""How many compiled rules a process keeps (a sweep worker runs a few grid cells at once)."""

_CACHE: OrderedDict[tuple[str, tuple[str, ...]], Rules] = OrderedDict()
_LOCK = threading.Lock()


def rules_for(text: str, source: str = "<scenario>",
              overrides: Sequence[str] = ()) -> Rules:
    """The rules of a scenario's YAML text with ``overrides``, compiled once per process and
    kept for reuse (the last :data:`RULES_KEEP`; rules are read-only and shared by every
    game). Raises :class:`ScenarioError` naming ``source`` for a bad scenario or override."""
    key = (scenario_hash(text), tuple(overrides))
    with _LOCK:
        rules = _CACHE.get(key)
        if rules is not None:
            _CACHE.move_to_end(key)
            return rules
    rules = Rules(parse_scenario(text, source, list(overrides)))
    with _LOCK:
        _CACHE[key] = rules
        while len(_CACHE) > RULES_KEEP:
            _CACHE.popitem(last=False)
    return rules


def forget_rules() -> None:
    """Empty the rules cache (benchmarks time a cold start with it)."""
    with _LOCK:
        _CACHE.clear()
