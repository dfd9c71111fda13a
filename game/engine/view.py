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

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, TypeAdapter

from .ledger import Cause
from .orders import Order, OrderProblem
from .scenario import ACTORS

if TYPE_CHECKING:
    from .game import Game, TurnReport
    from .state import State

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


class Indicator(View):
    key: str
    label: str
    short: str
    value: float
    min: float
    max: float


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
    progress: int
    needed: int
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
    score: float
    indicators: tuple[Indicator, ...]
    objectives: tuple[Objective, ...]
    covert: tuple[CovertOpView, ...]       # its own operations, others' once detected
    invitations: tuple[ProposalView, ...]  # awaiting its answer
    submitted: bool                        # has it sent its orders for this turn?
    orders: tuple[OrderView, ...]          # its orders so far: the draft, else those sent
    levers: tuple[LeverChoice, ...]        # legal now, each affordable on its own
    news: tuple[NewsItem, ...]             # the last resolved turn's, as it may see them


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


PROBLEMS = TypeAdapter(list[OrderProblem])
"""JSON for :meth:`Rules.check_orders`' answers: ``PROBLEMS.dump_python(ps, mode="json")``."""


# ------------------------------------------------------------------------------ visibility
def news_visible(item: dict[str, Any], viewer: Viewer) -> bool:
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


def covert_visible(op: Any, viewer: Viewer) -> bool:
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


def changes(game: "Game", deltas: Any, sort: bool = False) -> tuple[Change, ...]:
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


def news_items(game: "Game", news: list[dict[str, Any]], viewer: Viewer,
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
            affordable=p.cost <= left, targets=tuple(tchoices)))
    return tuple(out)


def _objectives(game: "Game", actor: str) -> tuple[Objective, ...]:
    b = game.state.bounds
    return tuple(Objective(key=p["key"], label=p["label"], direction=p["direction"],
                           weight=p["weight"], value=p["value"], min=b[p["key"]][0],
                           max=b[p["key"]][1], points=p["points"])
                 for p in game.rules.score_parts(game.state, actor))


def _proposal(p: Any, now: int) -> ProposalView:
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
    inds = tuple(Indicator(key=k, label=rules.key_label(k), short=rules.key_label(k, short=True),
                           value=v[k], min=b[k][0], max=b[k][1])
                 for k in v if k.startswith(f"{actor}.") and k != f"{actor}.capital")
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
        news=_last_news(game, actor))


def tracks(game: "Game") -> tuple[TrackView, ...]:
    rules, st = game.rules, game.state
    out = []
    for tid, tr in rules.scenario.tracks.items():
        key = f"track.{tid}"
        out.append(TrackView(id=tid, label=tr.label, short=rules.key_label(key, short=True),
                             value=st.values[key], min=tr.min, max=tr.max,
                             stage=st.stage(tid, tr.stages), stages=dict(tr.stages),
                             war_at=rules.war_at if tid == "tension" else tr.war_at))
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
