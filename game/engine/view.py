"""Views: what a client may read of a game, built by the engine for one viewer.

Every client (the pygame front end, the CLI, replays and debriefs, sweeps, and later the
classroom and network games) reads a game through these frozen, typed, JSON-serialisable
records and nothing else; a client never filters what a seat may see, and never re-derives a
rule. Build them with :meth:`Game.seat_view`, :meth:`Game.public_view` and
:meth:`Game.turn_view`.

A *viewer* is a state id (that seat's eyes), ``None`` (the room: what everyone may see) or
:data:`ALL` (everything, for replays and debriefs after the game).

Visibility, in one place:

* a news item is seen by everyone when public, else only by the states it names
  (:func:`news_visible`);
* a cause (of a ledger change) is hidden only while it is a covert operation's and the viewer
  is neither side of it, until the operation is detected (:func:`cause_visible`);
* a covert operation is seen by its two sides, and by everyone once detected;
* an order resolved in a turn is seen by everyone unless its lever is covert (then as a cause).

Every view dumps to JSON and back (``model_dump(mode="json")`` /
``model_validate``) with stable field names; ``version`` says which shape it is.

>>> from game.engine import Game
>>> g = Game.from_file("scenarios/sandbox.yaml", seed=1)
>>> _ = g.run(turns=1)
>>> v = g.seat_view("dprk")
>>> SeatView.model_validate_json(v.model_dump_json()) == v
True
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter

from .kinds import StateKey
from .ledger import Cause, Entry
from .orders import Order, OrderProblem
from .scenario import ACTORS

if TYPE_CHECKING:
    from .effects import News
    from .game import Game, TurnReport
    from .state import CovertOp, Proposal, State

VIEW_VERSION = 1
"""The shape of the views; bumped when a field changes meaning or goes away."""

ALL = "all"
"""The viewer who sees everything (replays and debriefs, after the game)."""

Viewer = str | None
"""A state id, None (the public) or :data:`ALL`."""

SOURCES = {"summit-2019": "summit-2019 (The National Interest, 2019)",
           "odd-couple-2015": "odd-couple-2015 (Doug Bandow, 2015)",
           "scenario": "the scenario"}
"""The two source articles (and the scenario's own events) as a citation names them."""

def citation(article: str | None, passage: str | None) -> str:
    """“the passage” — summit-2019 (The National Interest, 2019); "" without a passage."""
    if not passage:
        return ""
    a = article or ""
    return f"“{passage}” — {SOURCES.get(a, a)}"


# ------------------------------------------------------------------------------ the records
class View(BaseModel):
    """Base of every view: frozen, and strict about its fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(View):
    """One number's change: a ledger change a news item caused, or an expected effect."""

    key: str            # the state key, e.g. "dprk.economy"
    delta: float
    label: str          # "North Korea: Economy"
    short: str          # "DPRK economy" (for tight spaces)


class CauseView(View):
    """Why something happened: a lever by whom on whom, an event, a vote, a detection..."""

    kind: str
    label: str
    actor: str | None = None
    lever: str | None = None
    target: str | None = None
    event: str | None = None
    covert: bool = False
    article: str | None = None
    passage: str | None = None
    source: str = ""    # the passage and its article as one line (see citation)


class NewsItem(View):
    """One headline of a resolved turn, in resolution order, with what it changed."""

    id: str             # stable across viewers, e.g. "3-5" or "3-china+dprk-1"
    turn: int
    headline: str
    cause: CauseView
    public: bool
    audience: tuple[str, ...]   # the states that may see it (all six when public)
    actors: tuple[str, ...]     # the states involved
    changes: tuple[Change, ...]  # the ledger changes it reports, merged per key


class OptionChoice(View):
    option: str | None
    label: str                    # "sanctions relief", "no deal item", "no options"
    expected: tuple[Change, ...]  # largest first


class TargetChoice(View):
    target: str | None
    name: str                     # "North Korea" ("no target" without one)
    options: tuple[OptionChoice, ...]


class LeverChoice(View):
    """A lever this seat may use now: its facts, and the legal targets and options."""

    lever: str
    name: str
    group: str
    cost: int
    summary: str
    article: str
    passage: str
    source: str
    covert: bool
    detection: float | None       # a covert lever's base chance of being caught
    option_kind: str              # "Deal", "Project", "Invitation", "Option" or ""
    affordable: bool              # within the capital the seat's orders so far leave
    targets: tuple[TargetChoice, ...]
    answers: Literal["accept", "rebuff"] | None = None   # it answers an invitation
    suggested: str | None = None  # the target to offer first (a joint action: the closest
    #                               partner; a friendly act: the best friend; a hostile one:
    #                               the worst enemy)


class Indicator(View):
    key: str
    label: str
    short: str
    value: float
    min: float
    max: float
    description: str = ""         # the scenario's words for it
    change: float = 0.0           # since the start of the latest turn (see Game.window_start)


class Objective(View):
    """One term of a seat's score: its current value and the points it earns."""

    key: str
    label: str
    direction: Literal["up", "down"]
    weight: float
    value: float
    min: float
    max: float
    points: float
    change: float = 0.0           # points won or lost in the latest turn
    max_points: float = 0.0       # what it is worth at best (its share of the 100 points)


class Standing(View):
    """A state's score and the objectives it is made of (scores and aims are public)."""

    actor: str
    name: str
    score: float
    objectives: tuple[Objective, ...]


class CovertOpView(View):
    turn: int
    actor: str
    lever: str
    lever_name: str
    target: str | None
    detected_turn: int | None
    detected_by: str | None


class ProposalView(View):
    kind: str                     # summit | ceremony | resolution
    proposer: str
    target: str
    option: str | None
    turn: int
    answered: bool


class ProjectView(View):
    kind: str
    label: str
    builder: str
    status: str
    progress: int          # months of work done
    needed: int            # months of work it needs in all
    joined: tuple[str, ...]


class OrderView(View):
    actor: str
    lever: str
    lever_name: str
    target: str | None
    option: str | None
    reason: str
    cost: int
    covert: bool


class TrackView(View):
    id: str
    label: str
    short: str
    value: float
    min: float
    max: float
    stage: str
    stages: dict[str, float]
    war_at: float | None          # tension: the value that means war (else None)
    description: str = ""
    change: float = 0.0           # in the latest turn


class SeatView(View):
    """What one seat may see now: its numbers, aims, capital, secrets, invitations, the levers
    open to it and the news of the last turn it may read."""

    version: int = VIEW_VERSION
    viewer: str
    name: str
    turn: int
    date: str
    over: bool
    war: bool
    capital: int
    capital_left: int                      # after paying for ``orders``
    capital_per_turn: int = 0              # the allowance each new turn brings
    capital_note: str = ""                 # how capital works, in a sentence
    score: float
    indicators: tuple[Indicator, ...]
    objectives: tuple[Objective, ...]
    covert: tuple[CovertOpView, ...]       # its own operations, others' once detected
    invitations: tuple[ProposalView, ...]  # awaiting its answer
    submitted: bool                        # has it sent its orders for this turn?
    orders: tuple[OrderView, ...]          # its orders so far: the draft, else those sent
    levers: tuple[LeverChoice, ...]        # legal now, each affordable on its own
    news: tuple[NewsItem, ...]             # the last resolved turn's, as it may see them
    tension: float = 0.0                   # the tension track now
    tension_expected: float = 0.0          # after the expected effects of ``orders`` alone
    war_at: float = 100.0                  # tension that means war
    war_risk: bool = False                 # ``orders`` alone are expected to bring war


class PublicView(View):
    """What the room may see now: the tracks, every state's numbers and score, open
    proposals and projects, detected covert operations and the last turn's public news."""

    version: int = VIEW_VERSION
    scenario: str
    title: str
    turn: int
    turns: int
    date: str
    over: bool
    war: bool
    kaesong_open: bool
    tracks: tuple[TrackView, ...]
    values: dict[str, float]
    scores: dict[str, float]
    standings: tuple[Standing, ...]       # every state's score broken into its objectives
    proposals: tuple[ProposalView, ...]
    projects: tuple[ProjectView, ...]
    covert: tuple[CovertOpView, ...]
    news: tuple[NewsItem, ...]


class TurnView(View):
    """One resolved turn as ``viewer`` may see it: the news in resolution order, the orders,
    and the scores after it."""

    version: int = VIEW_VERSION
    viewer: str | None
    turn: int
    date: str
    over: bool
    war: bool
    digest: str
    news: tuple[NewsItem, ...]
    orders: tuple[OrderView, ...]
    changes: tuple[Change, ...]      # every number's net change in the turn (all public)
    scores: dict[str, float]
    score_changes: dict[str, float]


class Part(View):
    """One cause's share of a number's change (they add up to the change)."""

    label: str                    # "China: Food and energy aid → North Korea"
    kind: str                     # lever | event | injected | teacher | drift | cost | ... | hidden
    delta: float
    actor: str | None = None
    lever: str | None = None
    target: str | None = None
    event: str | None = None
    source: str = ""              # the passage behind it, when it has one
    turns: tuple[int, ...] = ()   # the turns in which it moved the number


class ObjectiveLine(View):
    """One objective of a score: its weight, its points now and how they moved."""

    key: str
    label: str
    direction: Literal["up", "down"]
    weight: float
    value: float
    min: float
    max: float
    points: float
    change: float                 # points in the latest turn
    since_start: float            # points since the start of the game


class Breakdown(View):
    """Why a number is what it is, for one viewer: what fed its latest change and its change
    over the game, cause by cause, from the ledger (the parts add up to the change; a covert
    cause the viewer may not see is one "unexplained" part). A score's parts are in points,
    and it lists its objectives."""

    version: int = VIEW_VERSION
    viewer: str | None
    key: str                      # a state key, or "score.<state>"
    label: str
    short: str
    description: str              # what the number means
    value: float
    min: float
    max: float
    start: float                  # at the start of the game
    change: float                 # in the latest turn (see ``window``)
    since_start: float
    turn: int                     # the latest resolved turn (0: none yet)
    window: str                   # what "latest" covers, e.g. "in turn 3"
    parts: tuple[Part, ...]       # the latest change, largest first
    game_parts: tuple[Part, ...]  # the change since the start, largest first
    objectives: tuple[ObjectiveLine, ...] = ()
    stage: str = ""               # a track's stage now
    stages: dict[str, float] = {}
    notes: tuple[str, ...] = ()   # what else to know (war, capital, ranges)


class EventChoice(View):
    """One of the scenario's events as the teacher's console offers it: when it happens on its
    own, what it does when injected, and the passage behind it."""

    id: str
    headline: str
    text: str
    when: str                     # "scripted for turn 4", "20% a turn when ...", "happened"
    fired: bool                   # has it happened in this game (once-only events)?
    repeat: bool
    effects: tuple[Change, ...]   # its direct effects, largest first
    orders: tuple[str, ...]       # orders it makes a state give ("Russia: Propose a summit ...")
    source: str


class NumberChoice(View):
    """A number the teacher may override or move with a news flash."""

    key: str
    label: str
    short: str
    value: float
    min: float
    max: float
class Claim(View):
    """A briefing's line with the passage from the articles it rests on."""

    text: str
    article: str
    passage: str
    source: str         # the passage and its article as one line (see citation)
    cite: str           # the article as a citation names it


class LeverFacts(View):
    """What a lever is and costs, wherever or whenever it may be used (its passage too)."""

    lever: str
    name: str
    group: str
    cost: int
    summary: str
    article: str
    passage: str
    source: str
    cite: str
    covert: bool
    detection: float | None


class KeyLever(View):
    facts: LeverFacts
    why: str            # what it does for this seat, in the briefing's words


class OtherWant(View):
    actor: str
    name: str
    claim: Claim


class BriefingView(View):
    """A team's briefing (the scenario's words for the seat) with its objectives, weights and
    key levers as they stand at the start of the game."""

    version: int = VIEW_VERSION
    viewer: str
    name: str
    scenario: str
    title: str
    date: str           # the game's first month
    written: bool       # does the scenario have a briefing for this seat?
    role: str
    interests: tuple[Claim, ...]
    red_lines: tuple[Claim, ...]
    objectives: tuple[Objective, ...]    # at the start
    score: float                         # at the start
    capital_per_turn: int
    war_at: float
    levers: tuple[KeyLever, ...]
    others: tuple[OtherWant, ...]
    sources: tuple[str, ...]             # the articles it quotes, as citations name them


PROBLEMS = TypeAdapter(list[OrderProblem])
"""JSON for :meth:`Rules.check_orders`' answers: ``PROBLEMS.dump_python(ps, mode="json")``."""


# ------------------------------------------------------------------------------ visibility
def news_visible(item: News, viewer: Viewer) -> bool:
    """May ``viewer`` read this news item? Public ones everyone; private ones the states
    they name; :data:`ALL` every one."""
    return item["public"] or viewer == ALL or (viewer is not None and viewer in item["actors"])


def cause_visible(state: "State", cause: Cause, viewer: Viewer) -> bool:
    """May ``viewer`` see that ``cause`` made a change? Hidden only while it is a covert
    operation's, the viewer is neither side of it, and it is not detected."""
    if not cause.covert or viewer == ALL:
        return True
    if viewer is not None and viewer in (cause.actor, cause.target):
        return True
    return any(op.detected_turn is not None and op.actor == cause.actor
               and op.lever == cause.lever and op.target == cause.target
               for op in state.covert)


def covert_visible(op: CovertOp, viewer: Viewer) -> bool:
    return (op.detected_turn is not None or viewer == ALL
            or (viewer is not None and viewer in (op.actor, op.target)))


def order_visible(game: "Game", order: Order, viewer: Viewer) -> bool:
    """May ``viewer`` see that this resolved order was given?"""
    if not game.rules.levers[order.lever].covert or viewer == ALL:
        return True
    if viewer is not None and viewer in (order.actor, order.target):
        return True
    return any(op.detected_turn is not None and op.actor == order.actor
               and op.lever == order.lever and op.target == order.target
               for op in game.state.covert)


# ------------------------------------------------------------------------------ builders
def cause_view(cause: Cause) -> CauseView:
    return CauseView(kind=cause.kind, label=cause.label, actor=cause.actor, lever=cause.lever,
                     target=cause.target, event=cause.event, covert=cause.covert,
                     article=cause.article, passage=cause.passage,
                     source=citation(cause.article, cause.passage))


def changes(game: "Game", deltas: Iterable[tuple[StateKey, float]],
            sort: bool = False) -> tuple[Change, ...]:
    """``(key, delta)`` pairs merged per key (first appearance order, or largest first with
    ``sort``), with labels; parts that cancel out are left out."""
    merged: dict[str, float] = {}
    for k, d in deltas:
        merged[k] = merged.get(k, 0.0) + d
    rows = [(k, d) for k, d in merged.items() if abs(d) > 1e-9]
    if sort:
        rows.sort(key=lambda kd: -abs(kd[1]))
    rules = game.rules
    made: dict[tuple[str, float], Change] = rules.cache.setdefault("view-changes", {})
    if len(made) > 50_000:
        made.clear()
    out = []
    for kd in rows:
        c = made.get(kd)
        if c is None:     # views are frozen, so equal changes can share one record
            k, d = kd
            c = made[kd] = Change(key=k, delta=d, label=rules.key_label(k),
                                  short=rules.key_label(k, short=True))
        out.append(c)
    return tuple(out)


def news_items(game: "Game", news: list[News], viewer: Viewer,
               prefix: str = "") -> tuple[NewsItem, ...]:
    """The news items ``viewer`` may read, each with the ledger changes it reports (those
    recorded while it was said, whose causes the viewer may see). Ids are the turn, then
    ``prefix``, the audience (private items) and a count within that audience, so an id
    never tells a viewer how many items it may not see."""
    entries = game.ledger.entries
    state = game.state
    counts: dict[str, int] = {}
    out = []
    for n in news:
        public = n["public"]
        who = tuple(a for a in ACTORS if a in n["actors"])
        tag = "" if public else "+".join(who) + "-"
        counts[tag] = counts.get(tag, 0) + 1
        if not news_visible(n, viewer):
            continue
        cause: Cause = n["cause"]
        start, end = n.get("span", (0, 0))
        parts = [(k, d) for _, k, d, c in entries[start:end] if cause_visible(state, c, viewer)]
        involved = who or tuple(a for a in ACTORS if a in (cause.actor, cause.target))
        out.append(NewsItem(
            id=f"{n['turn']}-{prefix}{tag}{counts[tag]}", turn=n["turn"], headline=n["headline"],
            cause=cause_view(cause), public=public, audience=ACTORS if public else who,
            actors=involved, changes=changes(game, parts)))
    return tuple(out)


def order_view(game: "Game", o: Order) -> OrderView:
    r = game.rules
    return OrderView(actor=o.actor, lever=o.lever, lever_name=r.lever_name(o.lever),
                     target=o.target, option=o.option, reason=o.reason, cost=r.cost(o),
                     covert=r.levers[o.lever].covert)


def option_label(option: str | None) -> str:
    if option is None:
        return "no options"
    if option == "none":
        return "no deal item"
    return option.replace("_", " ")


def lever_choices(game: "Game", actor: str, left: int | None = None) -> tuple[LeverChoice, ...]:
    """The levers open to ``actor`` now (in catalogue order), each with its legal targets
    and options and what each is expected to do; ``left``: the capital its orders so far
    leave (default: all of it)."""
    rules, state = game.rules, game.state
    if left is None:
        left = state.capital(actor)
    by_lever: dict[str, dict[str | None, list[str | None]]] = {}
    for o in rules.legal_orders(state, actor):
        by_lever.setdefault(o.lever, {}).setdefault(o.target, []).append(o.option)
    out = []
    for lid, targets in by_lever.items():
        lv = rules.levers[lid]
        p = rules.params[lid]
        tchoices = []
        for t, opts in targets.items():
            ochoices = tuple(
                OptionChoice(option=op, label=option_label(op),
                             expected=changes(game, rules.expected(state, Order(actor, lid, t, op)),
                                              sort=True))
                for op in opts)
            tchoices.append(TargetChoice(target=t, name=rules.name(t) if t else "no target",
                                         options=ochoices))
        out.append(LeverChoice(
            lever=lid, name=lv.name, group=lv.group, cost=p.cost, summary=lv.summary,
            article=lv.article, passage=lv.passage, source=citation(lv.article, lv.passage),
            covert=lv.covert, detection=p.detection if lv.covert else None,
            option_kind=lv.option_label if p.options else "",
            affordable=p.cost <= left, targets=tuple(tchoices), answers=lv.answers,
            suggested=_suggest(game, actor, lv.partner is not None, tchoices)))
    return tuple(out)


def _suggest(game: "Game", actor: str, joint: bool, targets: list[TargetChoice]) -> str | None:
    """The target to offer first: for a joint action the state the actor gets on with best
    (the partner most likely to take part); for an act that is expected to improve relations
    with its target, the best friend; for one that sours them, the worst enemy; else None
    (the list's order)."""
    named = [t for t in targets if t.target is not None]
    if len(named) == 1:
        return named[0].target      # the only one (drills with the US, for Seoul and Tokyo)
    if len(named) < 2:
        return None
    v = game.state.values

    def rel(t: TargetChoice) -> float:
        return v.get(pair_key_of(actor, t.target or ""), 0.0)

    def mood(t: TargetChoice) -> float:
        k = pair_key_of(actor, t.target or "")
        return sum(c.delta for o in t.options[:1] for c in o.expected if c.key == k)

    if joint:
        return max(named, key=rel).target
    moods = [mood(t) for t in named]
    if all(m > 0 for m in moods):
        return max(named, key=rel).target
    if all(m < 0 for m in moods):
        return min(named, key=rel).target
    return None


def pair_key_of(a: str, b: str) -> str:
    """``relation.a.b`` in the state's fixed order of the two."""
    if a not in ACTORS or b not in ACTORS:
        return ""
    x, y = sorted((a, b), key=ACTORS.index)
    return f"relation.{x}.{y}"


def _objectives(game: "Game", actor: str) -> tuple[Objective, ...]:
    b = game.state.bounds
    base = game.window_start()
    factors = _score_factors(game, actor)
    out = []
    parts = game.rules.score_parts(game.state, actor)
    wsum = sum(p["weight"] for p in parts) or 1.0
    for i, p in enumerate(parts):
        f = factors[i][1]
        change = (-_points_at(game, actor, i, base) if game.state.war
                  else f * (p["value"] - base[p["key"]]))
        out.append(Objective(key=p["key"], label=p["label"], direction=p["direction"],
                             weight=p["weight"], value=p["value"], min=b[p["key"]][0],
                             max=b[p["key"]][1], points=p["points"], change=round(change, 3),
                             max_points=round(100.0 * p["weight"] / wsum, 3)))
    return tuple(out)


def _score_factors(game: "Game", actor: str) -> list[tuple[str, float]]:
    """(key, points per unit of the key) of each of ``actor``'s objectives, in order: a
    score is linear in its objectives' values."""
    rows = game.rules.objectives[actor]
    wsum = sum(abs(w) for _, w, _, _, _ in rows) or 1.0
    return [(key, 100.0 * w / wsum / ((hi - lo) or 1.0)) for key, w, lo, hi, _ in rows]


def _points_at(game: "Game", actor: str, i: int, values: dict[str, float]) -> float:
    """Objective ``i``'s points for ``values`` (no war)."""
    rows = game.rules.objectives[actor]
    wsum = sum(abs(w) for _, w, _, _, _ in rows) or 1.0
    key, w, lo, hi, _ = rows[i]
    x = (values[key] - lo) / ((hi - lo) or 1.0)
    return 100.0 * abs(w) * (x if w > 0 else 1.0 - x) / wsum


def _proposal(p: Proposal, now: int) -> ProposalView:
    return ProposalView(kind=p.kind, proposer=p.proposer, target=p.target, option=p.option,
                        turn=p.turn, answered=bool(p.responses))


def covert_ops(game: "Game", viewer: Viewer) -> tuple[CovertOpView, ...]:
    name = game.rules.lever_name
    return tuple(CovertOpView(turn=op.turn, actor=op.actor, lever=op.lever,
                              lever_name=name(op.lever), target=op.target,
                              detected_turn=op.detected_turn, detected_by=op.detected_by)
                 for op in game.state.covert if covert_visible(op, viewer))


def _last_news(game: "Game", viewer: Viewer) -> tuple[NewsItem, ...]:
    last = game.reports[-1] if game.reports else None
    return news_items(game, last.news, viewer) if last else ()


def seat_view(game: "Game", actor: str, draft: list[Order] | None = None) -> SeatView:
    rules, st = game.rules, game.state
    orders = list(draft) if draft is not None else game.pending.get(actor, [])
    left = rules.capital_left(st, actor, orders)
    v, b = st.values, st.bounds
    base = game.window_start()
    inds = tuple(Indicator(key=k, label=rules.key_label(k), short=rules.key_label(k, short=True),
                           value=v[k], min=b[k][0], max=b[k][1], description=describe(game, k),
                           change=round(v[k] - base.get(k, v[k]), 4))
                 for k in v if k.startswith(f"{actor}.") and k != f"{actor}.capital")
    tension = v["track.tension"]
    expected = tension + sum(d for o in orders for k, d in rules.expected(st, o)
                             if k == "track.tension")
    objectives = _objectives(game, actor)
    invitations = tuple(_proposal(p, st.turn) for p in st.proposals
                        if p.target == actor and p.kind in ("summit", "ceremony")
                        and p.turn < st.turn and not p.responses)
    return SeatView(
        viewer=actor, name=rules.name(actor), turn=st.turn, date=game.date(), over=st.over,
        war=st.war, capital=st.capital(actor), capital_left=left,
        score=rules.score(st, actor), indicators=inds, objectives=objectives,
        covert=covert_ops(game, actor), invitations=invitations, submitted=actor in game.pending,
        orders=tuple(order_view(game, o) for o in orders),
        levers=lever_choices(game, actor, left) if not st.over else (),
        news=_last_news(game, actor),
        capital_per_turn=rules.scenario.actors[actor].capital_per_turn,  # type: ignore[index]
        capital_note=capital_note(game, actor), tension=tension,
        tension_expected=round(expected, 3), war_at=rules.war_at,
        war_risk=expected >= rules.war_at and not st.over)


def capital_note(game: "Game", actor: str) -> str:
    """How a seat's political capital works, from the rules: the allowance, what each order
    costs, and that what is left is not kept (drift refills capital to the allowance)."""
    per = game.rules.scenario.actors[actor].capital_per_turn  # type: ignore[index]
    costs = sorted({p.cost for p in game.rules.params.values()})
    span = f"{costs[0]} to {costs[-1]}" if costs and costs[0] != costs[-1] else \
        f"{costs[0] if costs else 1}"
    return (f"Political capital (PC) pays for orders: each lever costs {span} PC. "
            f"{game.rules.name(actor)} gets {per} PC at the start of every turn; PC left "
            f"unspent at the end of a turn is lost, not carried over.")


def describe(game: "Game", key: str) -> str:
    """What a number means, in the scenario's words where it has them."""
    sc = game.rules.scenario
    parts = key.split(".")
    kind = parts[0]
    if kind == "score" and len(parts) == 2:
        return (f"{game.rules.name(parts[1])}'s score, 0 to 100: its objectives, each "
                f"weighted, measured on their ranges. In a war every state scores 0.")
    if kind == "track" and len(parts) == 2 and parts[1] in sc.tracks:
        return sc.tracks[parts[1]].description
    if kind == "relation":
        return "From hostile (−100) through neutral (0) to aligned (+100)."
    if kind == "trade":
        return "Trade between the two, 0 to 100; more trade than at the start grows both economies."
    if kind == "alliance":
        return "How solid the alliance is, 0 to 100."
    if kind == "influence":
        return "Influence over Pyongyang, 0 to 100."
    if kind == "enforcement":
        return "How strictly the state enforces the UN sanctions regime, 0 to 100."
    if kind == "debt":
        return "Billions of US dollars owed."
    if len(parts) == 2 and parts[1] == "capital" and parts[0] in ACTORS:
        return capital_note(game, parts[0])
    if len(parts) == 2 and parts[1] in sc.indicators:
        return sc.indicators[parts[1]].description
    return ""


def tracks(game: "Game") -> tuple[TrackView, ...]:
    rules, st = game.rules, game.state
    out = []
    base = game.window_start()
    for tid, tr in rules.scenario.tracks.items():
        key = f"track.{tid}"
        out.append(TrackView(id=tid, label=tr.label, short=rules.key_label(key, short=True),
                             value=st.values[key], min=tr.min, max=tr.max,
                             stage=st.stage(tid, tr.stages), stages=dict(tr.stages),
                             war_at=rules.war_at if tid == "tension" else tr.war_at,
                             description=tr.description,
                             change=round(st.values[key] - base.get(key, st.values[key]), 4)))
    return tuple(out)


def public_view(game: "Game") -> PublicView:
    rules, st = game.rules, game.state
    sc = rules.scenario
    return PublicView(
        scenario=sc.name, title=sc.title, turn=st.turn, turns=sc.turns, date=game.date(),
        over=st.over, war=st.war, kaesong_open=st.kaesong_open, tracks=tracks(game),
        values=dict(st.values), scores=game.scores(),
        standings=tuple(Standing(actor=a, name=rules.name(a), score=rules.score(st, a),
                                 objectives=_objectives(game, a)) for a in ACTORS),
        proposals=tuple(_proposal(p, st.turn) for p in st.proposals),
        projects=tuple(ProjectView(kind=p.kind, label=p.kind.replace("_", " "),
                                   builder=p.builder, status=p.status, progress=p.progress,
                                   needed=p.needed, joined=tuple(p.joined))
                       for p in st.projects),
        covert=covert_ops(game, None), news=_last_news(game, None))


def turn_view(game: "Game", report: "TurnReport", viewer: Viewer) -> TurnView:
    i = next(i for i, r in enumerate(game.reports) if r is report)
    before = game.score_history[i]
    return TurnView(
        viewer=viewer, turn=report.turn, date=report.date, over=report.over, war=report.war,
        digest=report.digest, news=news_items(game, report.news, viewer),
        orders=tuple(order_view(game, o) for a in ACTORS for o in report.orders.get(a, ())
                     if order_visible(game, o, viewer)),
        changes=changes(game, game.ledger.changes(report.turn).items()),
        scores=dict(report.scores),
        score_changes={a: report.scores[a] - before[a] for a in ACTORS})


# ------------------------------------------------------------------------------ breakdowns
HIDDEN = "Unexplained (hidden activity)"
"""The one part a viewer sees for the changes of covert operations it may not see."""


def _window(game: "Game") -> tuple[set[int], int, str]:
    """The turns whose ledger entries make "the latest change", the latest resolved turn,
    and how to say it."""
    now = game.state.turn
    if not game.reports:
        return {now}, 0, f"in turn {now} so far (the teacher's actions)"
    last = game.reports[-1].turn
    if last == now:
        return {now}, last, f"in turn {last}"
    return {last, now}, last, f"in turn {last} (and since)"


def _group(game: "Game", entries: Iterable[Entry], factors: dict[str, float], viewer: Viewer,
           ) -> tuple[Part, ...]:
    state = game.state
    acc: dict[tuple[str, str], list[Any]] = {}     # [delta, cause (None: hidden), turns]
    for t, k, d, c in entries:
        f = factors.get(k)
        if f is None:
            continue
        seen = cause_visible(state, c, viewer)
        gk = (c.kind, c.label) if seen else ("hidden", HIDDEN)
        row = acc.get(gk)
        if row is None:
            row = acc[gk] = [0.0, c if seen else None, set()]
        row[0] += d * f
        row[2].add(t)
    out = []
    for (kind, label), (delta, c, turns) in acc.items():
        if abs(delta) < 1e-9:
            continue
        if c is None:
            out.append(Part(label=label, kind=kind, delta=round(delta, 4),
                            turns=tuple(sorted(turns))))
        else:
            out.append(Part(label=label, kind=kind, delta=round(delta, 4), actor=c.actor,
                            lever=c.lever, target=c.target, event=c.event,
                            source=citation(c.article, c.passage), turns=tuple(sorted(turns))))
    out.sort(key=lambda p: -abs(p.delta))
    return tuple(out)


def breakdown(game: "Game", key: str, viewer: Viewer) -> Breakdown:
    """See :meth:`Game.breakdown`. Raises ``KeyError`` naming the key when there is no such
    number."""
    rules, st = game.rules, game.state
    turns, last, window = _window(game)
    recent = [e for t in sorted(turns) for e in game.ledger.turn_entries(t)]
    everything = game.ledger.entries
    base = game.window_start()
    first = game.history[0]
    parts = key.split(".")
    if parts[0] == "score" and len(parts) == 2 and parts[1] in ACTORS:
        actor = parts[1]
        factors_list = _score_factors(game, actor)
        factors: dict[str, float] = {}
        for k, f in factors_list:
            factors[k] = factors.get(k, 0.0) + f
        value = rules.score(st, actor)
        before = game.score_history[max(0, len(game.reports) - 1)][actor]
        start = game.score_history[0][actor]
        recent_parts = _group(game, recent, factors, viewer)
        game_parts = _group(game, everything, factors, viewer)
        if st.war:     # war: every state scores 0, whatever its objectives say
            war = Part(label="War: every state scores 0", kind="war", delta=0.0)
            recent_parts = _with_rest(recent_parts, value - before, war)
            game_parts = _with_rest(game_parts, value - start, war)
        lines = []
        for i, p in enumerate(rules.score_parts(st, actor)):
            f = factors_list[i][1]
            b = st.bounds[p["key"]]
            if st.war:
                ch = -_points_at(game, actor, i, base)
                since = -_points_at(game, actor, i, first)
            else:
                ch = f * (p["value"] - base[p["key"]])
                since = f * (p["value"] - first[p["key"]])
            lines.append(ObjectiveLine(key=p["key"], label=p["label"],
                                       direction=p["direction"], weight=p["weight"],
                                       value=p["value"], min=b[0], max=b[1],
                                       points=p["points"], change=round(ch, 3),
                                       since_start=round(since, 3)))
        notes = ["Each objective earns points by its weight: the nearer its number is to the "
                 "top of its range (or the bottom, for an objective to keep low), the more.",
                 f"At tension {rules.war_at:g} there is war: the game ends and every state "
                 f"scores 0."]
        return Breakdown(viewer=viewer, key=key, label=f"{rules.name(actor)}: score",
                         short=f"{rules.code(actor)} score", description=describe(game, key),
                         value=value, min=0.0, max=100.0, start=start,
                         change=round(value - before, 3), since_start=round(value - start, 3),
                         turn=last, window=window, parts=recent_parts, game_parts=game_parts,
                         objectives=tuple(lines), notes=tuple(notes))
    if key not in st.values:
        raise KeyError(f"no number {key!r} in this game")
    value = st.values[key]
    lo, hi = st.bounds[key]
    one = {key: 1.0}
    stage, stages, notes = "", {}, []
    if parts[0] == "track" and parts[1] in rules.scenario.tracks:
        tr = rules.scenario.tracks[parts[1]]
        stage, stages = st.stage(parts[1], tr.stages), dict(tr.stages)
        if stages:
            notes.append("Stages: " + ", ".join(f"{n} from {v:g}" for n, v in
                                                sorted(stages.items(), key=lambda kv: kv[1])))
        if parts[1] == "tension":
            notes.append(f"At {rules.war_at:g} there is war: the game ends at once and every "
                         f"state scores 0. On its own tension relaxes a little each turn.")
    return Breakdown(viewer=viewer, key=key, label=rules.key_label(key),
                     short=rules.key_label(key, short=True), description=describe(game, key),
                     value=value, min=lo, max=hi, start=first.get(key, value),
                     change=round(value - base.get(key, value), 4),
                     since_start=round(value - first.get(key, value), 4), turn=last,
                     window=window, parts=_group(game, recent, one, viewer),
                     game_parts=_group(game, everything, one, viewer), stage=stage,
                     stages=stages, notes=tuple(notes))


def _with_rest(parts: tuple[Part, ...], total: float, rest: Part) -> tuple[Part, ...]:
    """``parts`` and one more, ``rest``, with what makes them add up to ``total``."""
    gap = total - sum(p.delta for p in parts)
    if abs(gap) < 1e-6:
        return parts
    return (rest.model_copy(update={"delta": round(gap, 4)}),) + parts


# ------------------------------------------------------------------------------ the console's lists
def event_choices(game: "Game") -> tuple[EventChoice, ...]:
    rules, st = game.rules, game.state
    out = []
    for ev in rules.scenario.events:
        turn, chance = rules.event_turn[ev.id], rules.event_chance[ev.id]
        if turn is not None:
            when = f"scripted for turn {turn}"
        elif chance >= 1.0:
            when = "every turn its conditions hold" if ev.conditions else "every turn"
        else:
            when = f"{round(chance * 100)}% a turn" + (
                " when its conditions hold" if ev.conditions else "")
        fired = ev.id in st.fired
        if fired and not ev.repeat:
            when = "has happened (once only)"
        made = tuple(f"{rules.name(o.actor)}: {rules.lever_name(o.lever)}"
                     + (f" → {rules.name(o.target)}" if o.target else "") for o in ev.orders)
        out.append(EventChoice(
            id=ev.id, headline=ev.headline, text=ev.text, when=when, fired=fired,
            repeat=ev.repeat,
            effects=changes(game, rules.resolver.resolve(ev.effects, None, None), sort=True),
            orders=made, source=citation(ev.provenance.article, ev.provenance.passage)))
    return tuple(out)


_KEY_ORDER = ("track", None, "relation", "alliance", "influence", "enforcement", "trade",
              "debt")


def number_choices(game: "Game") -> tuple[NumberChoice, ...]:
    """Every number of the game: the tracks, each state's indicators and capital, then
    relations, alliances, influence, enforcement, trade and debts."""
    rules, st = game.rules, game.state

    def rank(k: str) -> tuple[int, int]:
        head = k.split(".")[0]
        group = _KEY_ORDER.index(head) if head in _KEY_ORDER else 1
        return group, ACTORS.index(head) if head in ACTORS else 0

    keys = sorted(st.values, key=rank)       # stable: the state's own order within a group
    return tuple(NumberChoice(key=k, label=rules.key_label(k), short=rules.key_label(k, True),
                              value=st.values[k], min=st.bounds[k][0], max=st.bounds[k][1])
                 for k in keys)
def _claim(c: Any) -> Claim:
    return Claim(text=c.text, article=c.article, passage=c.passage,
                 source=citation(c.article, c.passage), cite=SOURCES.get(c.article, c.article))


def lever_facts(game: "Game", lever: str) -> LeverFacts:
    rules = game.rules
    lv, p = rules.levers[lever], rules.params[lever]
    return LeverFacts(lever=lever, name=lv.name, group=lv.group, cost=p.cost, summary=lv.summary,
                      article=lv.article, passage=lv.passage,
                      source=citation(lv.article, lv.passage),
                      cite=SOURCES.get(lv.article, lv.article), covert=lv.covert,
                      detection=p.detection if lv.covert else None)


def briefing_view(game: "Game", actor: str) -> BriefingView:
    """The seat's briefing at the start of the game (a fresh game's state, whatever the turn:
    a briefing is what the team was told before it began)."""
    from .game import Game
    rules = game.rules
    start = Game(rules, game.seed) if game.reports or game.actions else game
    sc = rules.scenario
    me = next(v for k, v in sc.actors.items() if k == actor)
    b = me.briefing
    used = sorted({c.article for c in (*b.interests, *b.red_lines, *b.others.values())}
                  | {rules.levers[k.lever].article for k in b.levers}) if b else []
    return BriefingView(
        viewer=actor, name=rules.name(actor), scenario=sc.name, title=sc.title,
        date=start.date(1), written=b is not None, role=b.role if b else "",
        interests=tuple(_claim(c) for c in b.interests) if b else (),
        red_lines=tuple(_claim(c) for c in b.red_lines) if b else (),
        objectives=_objectives(start, actor), score=rules.score(start.state, actor),
        capital_per_turn=me.capital_per_turn, war_at=rules.war_at,
        levers=tuple(KeyLever(facts=lever_facts(game, k.lever), why=k.why)
                     for k in b.levers) if b else (),
        others=tuple(OtherWant(actor=a, name=rules.name(a), claim=_claim(b.others[a]))
                     for a in ACTORS if a in b.others) if b else (),
        sources=tuple(SOURCES.get(a, a) for a in used))
