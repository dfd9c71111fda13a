"""The lever catalogue: every lever the articles give the six states.

Each lever is one complete unit: its id and name, its group and resolution phase, the article
and passage it rests on, its default numbers (which a scenario's ``levers:`` section overrides)
and the typed model that checks them, an optional extra precondition, an optional resolution
when plain effects are not enough, and declarative traits saying what the rest of the game needs
to know about it (a joint action and its partner, an answer to an invitation, a proposal and how
it is settled, a map marker, the name of its options, ...). Nothing outside this package names a
lever: adding one touches its module here, its casebook case and, if it has a picture of its
own, its icon.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ..kinds import CauseKind, Deltas, LeverId, ProposalKind
from ..ledger import Cause
from ..scenario import LeverParams, SourceArticle

if TYPE_CHECKING:
    from ..effects import Ctx
    from ..orders import Order
    from ..rules import Rules
    from ..state import Proposal, State

Response: TypeAlias = Literal["accept", "rebuff", "veto"]
"""A state's answer to a proposal (:attr:`Proposal.responses`): an invitation accepted or
rebuffed (:attr:`Lever.answers`), a resolution vetoed."""
Group: TypeAlias = Literal["sanctions", "diplomacy", "military", "economy", "covert"]
Phase: TypeAlias = Literal["costs", "responses", "diplomacy", "sanctions", "economy", "military",
                           "covert", "detection", "events", "drift", "scores"]
GROUPS: tuple[Group, ...] = ("sanctions", "diplomacy", "military", "economy", "covert")
PHASES: tuple[Phase, ...] = ("costs", "responses", "diplomacy", "sanctions", "economy",
                             "military", "covert", "detection", "events", "drift", "scores")
"""The fixed resolution order of a turn (see game/engine/RULES.md)."""

# What a lever's functions look like. The last argument but one (or last) is the lever's own
# parameters: an instance of its :attr:`Lever.model`, a LeverParams subclass that each lever's
# functions name (``p: SummitParams``). The catalogue holds levers of every model, and a
# function of a subclass is no function of LeverParams (arguments are contravariant), so here
# that one argument is ``Any``: Rules always passes the params its lever's model built.
Check: TypeAlias = "Callable[[Rules, State, Order, Any], str | None]"
"""(rules, state, order, params) -> why the order is illegal now, or None."""
Gate: TypeAlias = "Callable[[Rules, State, str], bool]"
"""(rules, state, actor) -> False when no order of the lever by the actor can pass its check."""
Resolve: TypeAlias = "Callable[[Ctx, Order, Any, Cause], None]"
"""(ctx, order, params, cause) -> None: the order's resolution."""
Estimate: TypeAlias = "Callable[[Rules, State, Order, Any], Deltas]"
"""(rules, state, order, params) -> the changes a computer player expects."""
StatelessEstimate: TypeAlias = "Callable[[Rules, State | None, Order, Any], Deltas]"
"""An estimate that reads no state (:func:`fixed_mix` passes ``None``)."""
Weights: TypeAlias = tuple[float, ...]
Weigh: TypeAlias = "Callable[[State], Weights]"
Mix: TypeAlias = "tuple[tuple[Deltas, ...], Weights | Weigh]"
"""(deltas, weigh) of :attr:`Lever.estimate_mix`: fixed changes and their weights (or a
function of the state giving them)."""
EstimateMix: TypeAlias = "Callable[[Rules, Order, Any], Mix]"
OutcomesOf: TypeAlias = "Callable[[Rules, State, Order, Any], Outcomes | None]"
"""(rules, state, order, params) -> what the order leads to once others answer it."""
Settle: TypeAlias = "Callable[[Ctx, Proposal, Any], None]"
"""(ctx, proposal, params) -> None: a proposal that has come due is settled."""
Step: TypeAlias = "Callable[[Ctx, Any], None]"
"""(ctx, params) -> None: a lever's step every turn (:attr:`Lever.each_turn`,
:attr:`Lever.drift`)."""


@dataclass(frozen=True)
class Marker:
    """A mark an order (or a pending proposal) puts on the map: an icon of a ``kind`` (summit,
    drill, project, sanctions, covert: assets/icons/marker_KIND_*.png) on the ``actor`` or the
    ``target``, with a short ``text`` in which ``{actor}`` and ``{target}`` stand for the two
    states (the client fills in the names it shows)."""

    kind: str        # summit, drill, project, sanctions, covert
    on: Literal["actor", "target"]
    text: str

    def where(self, actor: str, target: str | None) -> str | None:
        """The state the mark stands on (None: an order without a target marked on it)."""
        return actor if self.on == "actor" else target

    def label(self, actor: str, target: str | None) -> str:
        """The mark's text with the two states filled in (``actor``/``target``: their names
        as the client shows them)."""
        return self.text.format(actor=actor, target=target or "")


@dataclass(frozen=True)
class Outcomes:
    """What an order leads to once others answer it, for computer players that plan (see
    :attr:`Lever.outcomes`): the effects on everyone (state keys) whichever way it goes, who
    decides and what each decider gets from either answer.

    ``rule`` says how the answers combine: ``"any-yes"`` (one decider saying yes is enough:
    an invitation accepted), ``"any-no"`` (one decider saying no is enough to stop it: a veto)
    or ``"all-yes"`` (every decider must say yes: a project both Koreas join, a joint action
    whose partner orders it back)."""

    rule: Literal["any-yes", "any-no", "all-yes"]
    deciders: tuple[str, ...]
    now: Deltas
    """The effects of the order itself, whatever the answers (this turn)."""
    yes: Deltas
    """The effects when it goes the order's way (held, passed, built, joint)."""
    no: Deltas
    """The effects when it does not (rebuffed, vetoed, shelved, alone)."""
    answer_yes: tuple[Deltas, ...]
    """Per decider: what its own act of saying yes adds to the outcome (its side of a joint
    action, the goodwill of joining; () when nothing)."""
    answer_no: tuple[Deltas, ...]
    """Per decider: what its own act of saying no adds (a veto's cost in relations and the
    gratitude of the state it shields; () when nothing)."""
    yes_cost: tuple[int, ...] = ()
    """Per decider: the political capital its answer costs on the yes side (a veto's cost
    is on the no side: see ``no_cost``)."""
    no_cost: tuple[int, ...] = ()
    delay: int = 0
    """Turns until the outcome lands (an invitation or a vote: 1; a project: its build)."""
    stream: Deltas = ()
    """Effects every turn once it has gone the order's way (a finished project's income)."""
    answer_lever: tuple[str, str] = ("", "")
    """The levers the deciders would order (yes, no), for reasons; "" when none."""
    demand: tuple[str | None, bool] = (None, False)
    """(deal item, first meeting) of an invitation: a decider whose personality demands
    other items for a repeat meeting is less keen."""


@dataclass(frozen=True)
class Lever:
    id: LeverId
    name: str
    group: Group
    phase: Phase
    article: SourceArticle
    passage: str
    summary: str
    defaults: dict[str, Any] = field(default_factory=dict)   # as a scenario's levers: says them
    target: bool = True          # does the lever take a target state?
    covert: bool = False
    check: Check | None = None        # (rules, state, order, params) -> why it is illegal, or None
    check_per_target: bool = False    # the check never looks at the order's option
    # optional (rules, state, actor) -> False when no order of this lever by the actor can pass
    # its check now (a cheap test that spares checking every target and option one by one)
    check_gate: Gate | None = None
    resolve: Resolve | None = None    # (ctx, order, params, cause) -> None; default: apply effects
    estimate: Estimate | None = None  # (rules, state, order, params) -> ((key, delta), ...) for AIs
    # optional, the same estimate as a weighted mix of fixed effects: (rules, order, params) ->
    # (deltas, weigh) with ``deltas`` a tuple of ((key, delta), ...) tuples fixed for the order
    # and ``weigh`` either a tuple of constant weights, one per deltas tuple, or a function
    # (state) -> such a tuple (a weight of 0 leaves its tuple out), reading nothing but the
    # state. Computer players value each deltas tuple once per scenario and only weigh them
    # each turn (once per weigh function: orders may share one). See from_mix and mix_of.
    estimate_mix: EstimateMix | None = None
    # ---------------------------------------------------------------- traits
    # What the rest of the game needs to know about the lever, declared here so that nothing
    # outside this package asks for a lever by its id.
    partner: str | None = None
    """A joint action: it does most only when its target orders ``partner`` (usually this
    same lever) back at the actor in the same turn (:func:`partnered`). Computer players
    favour it by how cooperative they are."""
    answers: Literal["accept", "rebuff"] | None = None
    """It answers an invitation that awaits the actor (its target: who invited; its option:
    the kind of invitation): one answer per invitation, and computer players answer before
    they do anything else."""
    meeting: bool = False
    """Ordering it means attending a meeting: a leader attends at most ``MAX_ACCEPTS``
    (:mod:`~game.engine.rules`) a turn; computer players never plan two."""
    contact: bool = False
    """A friendly exchange between two governments below the leaders (visits of senior
    officials): a computer player whose personality shuns the target does not order it, as
    it sends that leader no invitation (:attr:`~game.engine.scenario.Personality.shuns`)."""
    proposes: ProposalKind | None = None
    """The kind of proposal it puts on the table (``state.proposals``), one lever per kind;
    the proposal is answered, and then settled, in a later turn (see :attr:`settle`)."""
    settle: Settle | None = None
    """For a lever that :attr:`proposes`: (ctx, proposal, params) -> None, run in the
    responses phase of a later turn, after the answers, when its proposal comes due (it is
    then taken off the table). Without one an unanswered proposal lapses."""
    proposal_marker: Marker | None = None
    """The map's mark while its proposal awaits an answer (``{actor}``: the proposer)."""
    marker: Marker | None = None
    """The map's mark of an order of this lever in the last turn."""
    remembers: bool = False
    """Its effect depends on when the actor last used it on the target: each use is kept in
    :attr:`State.last_used`, as a lever's with a cool-down is (courting a patron)."""
    outrage: bool = False
    """An outrage the world answers (a nuclear test): a permanent member who vetoes a UN
    resolution against its author soon after pays the veto's ``after_outrage`` effects."""
    threat: bool = False
    """Its use is a threat a public denunciation answers (a test, a drill, sanctions): the
    home audience approves denouncing a state that made one lately."""
    option_label: str = "Option"
    """What its options are called where an order is put together ("Deal", "Project")."""
    each_turn: Step | None = None
    """(ctx, params) -> None, run every turn right after the orders of the lever's phase,
    whether or not anyone ordered it (transit projects advance)."""
    drift: Step | None = None
    """(ctx, params) -> None, run every turn in the drift phase, before the new turn's capital
    (complete transit projects pay)."""
    outcomes: OutcomesOf | None = None
    """(rules, state, order, params) -> :class:`Outcomes` or None: what the order leads to
    depending on others' answers (invitations, resolutions, joint actions, projects), for
    computer players that plan. None: its effects do not wait on anyone."""
    model: type[LeverParams] = LeverParams
    """The pydantic model of the lever's parameters: :class:`LeverParams`, or a subclass typing
    the lever's own ``params`` (numbers), ``variants`` and ``options``. Unknown fields are
    refused, so a misspelt number is an error with its place."""

    def validate(self, overrides: dict[str, Any]) -> LeverParams:
        """The lever's parameters: its defaults with a scenario's overrides deep-merged over
        them, checked by :attr:`model` (raises pydantic's ``ValidationError``)."""
        return self.model.model_validate(merge(self.defaults, overrides))

    @property
    def invites(self) -> bool:
        """It sends an invitation: its proposal is answered and, unanswered, lapses (it
        :attr:`proposes` with no :attr:`settle`)."""
        return self.proposes is not None and self.settle is None

    def __post_init__(self) -> None:
        assert self.group in GROUPS, self.group
        assert self.phase in PHASES, self.phase
        assert issubclass(self.model, LeverParams), self.model
        assert self.settle is None or self.proposes, "settle: for a lever that proposes"
        assert self.proposal_marker is None or self.proposes, self.id


def regained(rules: Rules, state: State, order: Order, months: int) -> float:
    """How much (0..1) of a remembered lever's effect an order has now: all of it the first
    time, or once ``months`` have gone by since the actor last used it on the target (kept
    in :attr:`State.last_used` for a lever that :attr:`~Lever.remembers`); sooner, the share
    of them gone by (0 months: always all)."""
    last = state.last_used.get((order.actor, order.lever, order.target))
    if last is None or months <= 0:
        return 1.0
    return min(1.0, (state.turn - last) * rules.scenario.turn_months / months)


def partnered(ctx: Ctx, order: Order) -> bool:
    """Did the order's target order the lever's :attr:`Lever.partner` back at the actor this
    turn (both sides at the table)?"""
    partner = ctx.rules.levers[order.lever].partner
    return any(o.lever == partner and o.actor == order.target and o.target == order.actor
               for o in ctx.orders)


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``over`` onto ``base`` (dicts merge, everything else replaces)."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


CATALOGUE: dict[str, Lever] = {}


def register(*levers: Lever) -> None:
    for lv in levers:
        if lv.id in CATALOGUE:
            raise ValueError(f"duplicate lever id {lv.id}")
        if lv.proposes and any(o.proposes == lv.proposes for o in CATALOGUE.values()):
            raise ValueError(f"{lv.id}: another lever already proposes {lv.proposes!r}")
        CATALOGUE[lv.id] = lv


def unregister(lever_id: str) -> None:
    """Take a lever out of the catalogue again (for tests that register one of their own)."""
    del CATALOGUE[lever_id]


def mix_of(rules: Rules, order: Order, p: LeverParams) -> Mix:
    """``(deltas, weigh)`` of an order's lever's :attr:`Lever.estimate_mix`, cached per rules
    (the mix depends only on the order and the scenario)."""
    ck = ("mix", order.lever, order.actor, order.target, order.option)
    hit: Mix | None = rules.cache.get(ck)
    if hit is None:
        mix = CATALOGUE[order.lever].estimate_mix
        assert mix is not None, f"{order.lever} has no estimate_mix"
        hit = rules.cache[ck] = mix(rules, order, p)
    return hit


def fixed_mix(estimate: StatelessEstimate) -> EstimateMix:
    """The ``estimate_mix`` of an estimate that reads no state (it gets ``None``): its changes
    at weight 1, so a computer player values them once per scenario."""
    def mix(rules: Rules, order: Order, p: Any) -> Mix:
        return (tuple(estimate(rules, None, order, p)),), (1.0,)
    return mix


def from_mix(rules: Rules, state: State, order: Order, p: LeverParams) -> Deltas:
    """The flat ``estimate`` of a lever with an ``estimate_mix``: each weighed tuple's deltas
    times its weight, in order (one source for both forms)."""
    deltas, weigh = mix_of(rules, order, p)
    ws = weigh if isinstance(weigh, tuple) else weigh(state)
    return tuple((k, d * w) for w, ds in zip(ws, deltas) if w for k, d in ds)


def cached_cause(rules: Rules, kind: CauseKind, label: str, actor: str | None = None,
                 lever: LeverId | None = None) -> Cause:
    """``Cause(kind, label, actor, lever)``, built once per rules: causes are immutable, so
    turns share them."""
    key = ("cause", kind, label, actor, lever)
    hit: Cause | None = rules.cache.get(key)
    if hit is None:
        hit = rules.cache[key] = Cause(kind, label, actor, lever)
    return hit


def eff(**kw: Any) -> dict[str, Any]:
    """Shorthand for an effects dict in lever defaults."""
    return kw


from . import sanctions, diplomacy, military, economy, covert  # noqa: E402,F401  (registers)
