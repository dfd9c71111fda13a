"""The debrief: what happened in a recorded game and why, for the class after the bell.

Built from a replay (so it works for classroom games saved by the front end and for headless
runs alike), from the engine's views only (turn views seen by :data:`ALL`, the public view's
standings, covert operations, the ledger's explanations of every number and score):

* the scenario and its sources; the outcome (a war: everyone lost);
* each team's objectives (with weights) and result **against what the computer achieved from
  the same seat** over a small sweep of the same scenario and overrides
  (:mod:`game.baseline`), ranked by that difference (:func:`rank`, which the end screen uses
  too);
* the five turning points (the largest swings of any seat's score or of the tension track)
  with their causes from the ledger;
* discussion questions chosen by what happened (:mod:`game.questions`);
* a turn-by-turn timeline of every team's orders, secret ones revealed with whether and when
  they were detected, and the teacher's actions marked;
* every lever used with its passage; every secret move; why the key numbers moved.

:func:`build` makes the content (:class:`Debrief`, plain typed data); :func:`document` lays it
out as a :class:`game.doc.Doc`, which :func:`game.doc.html.render` (one self-contained file,
charts embedded) and :func:`game.doc.markdown.render` print.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

from .baseline import DEFAULT_GAMES, Baseline
from .baseline import of_replay as baseline_of_replay
from .doc import (Bullets, Callout, Cards, Cell, Doc, Figure, Para, Quote, Row, Section, Span,
                  Table, Text)
from .engine import ACTORS, ALL, SOURCES, ExplainPart, Game, Objective, parse_seat
from .questions import Asked, choose
from .replay import Replay, rebuild

KEY_NUMBERS = ("track.tension", "dprk.nuclear", "dprk.economy", "dprk.hard_currency",
               "influence.china", "influence.russia", "influence.us", "alliance.us-rok",
               "alliance.us-japan", "track.un_sanctions", "track.talks")

ARTICLES = {
    "summit-2019": "“summit-2019”: an op-ed first published in The National Interest (2019), "
                   "written before the first Putin–Kim summit (Vladivostok, April 2019): why "
                   "Washington should be concerned, lever by lever.",
    "odd-couple-2015": "“odd-couple-2015”: Doug Bandow, “Russia and North Korea Play Nice: "
                       "Vladimir Putin's Ukrainian Dance With Kim Jong-un”, The Huffington "
                       "Post, 24 March 2015: Moscow–Pyongyang ties, each side's interests, the "
                       "transit projects, the Ukraine linkage.",
}
"""The two source articles, cited by name (never linked)."""

TURNING_POINTS = 5


# ------------------------------------------------------------------------------ the content
@dataclass
class ObjectiveResult:
    label: str
    measure: str
    direction: str
    weight: float
    max_points: float
    start: float
    end: float
    points: float


@dataclass
class TeamResult:
    actor: str
    name: str
    human: bool
    seat: str                       # "class team", "computer", "computer (hawk)"
    score: float
    start: float
    objectives: list[ObjectiveResult]
    computer: float | None = None   # the computer's mean from this seat
    low: float | None = None        # its 10th and 90th percentiles
    high: float | None = None
    versus: float | None = None     # score less the computer's mean
    rank: int | None = None         # by ``versus`` (None in a war: everyone lost)
    before_war: float | None = None  # the score when the war turn began


@dataclass
class OrderLine:
    actor: str
    text: str                       # "Propose a summit → North Korea (deal item: talks)"
    lever: str
    cost: int
    covert: bool
    computer: bool
    reason: str
    detected: str = ""              # for a secret order: "detected in turn 4 by Japan" | "never detected"


@dataclass
class ActionLine:
    turn: int
    text: str
    after: bool = False             # taken after the turn resolved (a saved game's tail)


@dataclass
class TurnEntry:
    turn: int
    date: str
    actions: list[ActionLine]
    orders: dict[str, list[OrderLine]]
    headlines: list[str]
    score_changes: dict[str, float]
    tension: tuple[float, float]


@dataclass
class Cause:
    label: str
    delta: float
    source: str = ""


@dataclass
class TurningPoint:
    turn: int
    date: str
    what: str                       # "Tension on the peninsula", "South Korea's score"
    before: float
    after: float
    causes: list[Cause]

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass
class LeverUse:
    lever: str
    name: str
    group: str
    covert: bool
    passage: str
    cite: str
    uses: list[tuple[int, str]]      # (turn, state name)


@dataclass
class SecretMove:
    turn: int
    text: str
    detected: str


@dataclass
class KeyNumber:
    label: str
    start: float
    end: float
    causes: list[Cause]


@dataclass
class Debrief:
    title: str
    scenario: str
    description: str
    quote: tuple[str, str]           # text, citation
    sources: list[str]
    seed: int
    overrides: list[str]
    played: int
    turns: int
    dates: tuple[str, str]
    outcome: str                     # "war" | "ended early" | "full" | "in progress" | "not started"
    outcome_text: str
    war_causes: list[Cause]
    teams: list[TeamResult]
    baseline: Baseline | None
    timeline: list[TurnEntry]
    turning_points: list[TurningPoint]
    levers: list[LeverUse]
    secrets: list[SecretMove]
    key_numbers: list[KeyNumber]
    questions: list[Asked]
    score_series: dict[str, list[float]] = field(default_factory=dict)
    tension_series: list[float] = field(default_factory=list)
    tension_stages: dict[str, float] = field(default_factory=dict)
    war_at: float = 100.0
    action_turns: list[tuple[int, str]] = field(default_factory=list)

    @property
    def war(self) -> bool:
        return self.outcome == "war"


# ------------------------------------------------------------------------------ helpers
def _seat(spec: str | None) -> tuple[bool, str]:
    s = parse_seat(spec)
    if s.human:
        return True, "class team"
    return False, f"the computer ({s.personality})" if s.personality else "the computer"


def _value_text(v: Any) -> str:
    if isinstance(v, list):
        return ", ".join(_value_text(x) for x in v)
    if isinstance(v, dict):
        return " ".join(f"{x:+g}" if isinstance(x, float) else str(x) for x in v.values())
    return str(v)


def action_text(game: Game, action: dict[str, Any]) -> str:
    """A teacher's action as a line, whatever its kind: the kinds known today in words, any
    other as its name and its fields (a replay may record kinds added later)."""
    kind = str(action.get("action", "action"))
    f = {k: v for k, v in action.items() if k not in ("action", "turn")}
    name, label = game.rules.name, game.key_label
    try:
        if kind == "end_early":
            return "Ended the game early"
        if kind == "inject_event":
            ev = next(e for e in game.scenario.events if e.id == f["event"])
            return f"Injected the event “{ev.headline}”"
        if kind == "inject_headline":
            moves = "; ".join(f"{label(c['key'])} {c['delta']:+g}" for c in f.get("changes", []))
            return f"News flash “{f['headline']}”" + (f" ({moves})" if moves else "")
        if kind == "set_value":
            return f"Override: {label(f['key'])} set to {f['value']:g}"
        if kind == "pause":
            return "Paused the class" if f.get("paused", True) else "Resumed the class"
        if kind == "set_timer":
            return (f"Round timer: {f['seconds']} s per {f.get('per', 'team')}"
                    if f.get("seconds") else "Round timer off")
        if kind == "reveal_orders":
            return "Revealed the teams' pending orders"
        if kind == "end_seat":
            return f"Ended {name(f['actor'])}'s turn"
        if kind == "set_seat":
            return f"Handed {name(f['actor'])} to: {f['seat']}"
        if kind == "rewind":
            return f"Rewound the game to the start of turn {f['to_turn']}"
    except (KeyError, StopIteration, TypeError, ValueError):
        pass                      # an unexpected shape: say what was recorded
    rest = {k: v for k, v in f.items() if v not in (None, "", [], {})}
    words = kind.replace("_", " ")
    words = words[:1].upper() + words[1:]
    if not rest:
        return words
    return words + ": " + "; ".join(f"{k.replace('_', ' ')}: {_value_text(v)}"
                                    for k, v in rest.items())


def _option(option: str | None) -> str:
    if not option:
        return ""
    return " (no deal item)" if option == "none" else f" ({option.replace('_', ' ')})"


def _top(rows: list[ExplainPart], n: int = 3) -> list[Cause]:
    sums: dict[str, float] = defaultdict(float)
    srcs: dict[str, str] = {}
    for p in rows:
        sums[p["label"]] += p["delta"]
        if p.get("passage") and p.get("article") in SOURCES:
            srcs[p["label"]] = f"“{p['passage']}” — {p['article']}"
    ranked = sorted(sums.items(), key=lambda kv: -abs(kv[1]))
    return [Cause(label, d, srcs.get(label, "")) for label, d in ranked[:n] if abs(d) >= 0.05]


def rank(teams: list[TeamResult]) -> list[TeamResult]:
    """Teams in ranking order: by result less the computer's from the same seat, to the tenth
    of a point shown (equal ones share a rank; raw score alone when there is no baseline). In a war nobody is ranked:
    everyone lost, and the teams keep the scenario's order."""
    if any(t.before_war is not None for t in teams):
        for t in teams:
            t.rank = None
        return sorted(teams, key=lambda t: ACTORS.index(t.actor))
    by_base = all(t.versus is not None for t in teams)

    def measure(t: TeamResult) -> float:      # what the rank is by, as the tables show it
        return round(t.versus if by_base and t.versus is not None else t.score, 1)

    out = sorted(teams, key=lambda t: (-measure(t), -t.score, ACTORS.index(t.actor)))
    for i, t in enumerate(out):
        t.rank = i + 1 if i == 0 or measure(t) != measure(out[i - 1]) else out[i - 1].rank
    return out


def team_results(game: Game, seats: dict[str, str], base: Baseline | None) -> list[TeamResult]:
    """Each team's result against its computer baseline, ranked (see :func:`rank`); used by
    the debrief and the end screen."""
    start = Game(game.rules, game.seed).public_view().standings
    begin = {s.actor: s for s in start}
    now = game.public_view()
    war = now.war
    before = game.score_history[-2] if war and len(game.score_history) > 1 else None
    teams = []
    for st in now.standings:
        human, seat = _seat(seats.get(st.actor))
        first: dict[str, Objective] = {o.key + o.label: o for o in begin[st.actor].objectives}
        objs = [ObjectiveResult(o.label, game.key_label(o.key), o.direction, o.weight,
                                o.max_points, first[o.key + o.label].value, o.value, o.points)
                for o in st.objectives]
        t = TeamResult(st.actor, st.name, human, seat, st.score, begin[st.actor].score, objs)
        if base is not None:
            sb = base.seats[st.actor]
            t.computer, t.low, t.high = sb.mean, sb.low, sb.high
            t.versus = st.score - sb.mean
        if before is not None:
            t.before_war = before[st.actor]
        teams.append(t)
    return rank(teams)


# ------------------------------------------------------------------------------ building
def build(replay: Replay, baseline_games: int = DEFAULT_GAMES,
          baseline: Baseline | None = None,
          on_progress: Callable[[int, int], None] | None = None) -> Debrief:
    """The debrief's content. ``baseline_games`` 0: no computer comparison; ``baseline``: one
    already computed (the end screen's)."""
    game = rebuild(replay)
    sc = game.scenario
    name = game.rules.name
    played = len(game.reports)
    if baseline is None and baseline_games > 0:
        baseline = baseline_of_replay(replay, baseline_games, on_progress=on_progress)
    pub = game.public_view()
    tension = next(t for t in pub.tracks if t.id == "tension")
    war_at = tension.war_at if tension.war_at is not None else tension.max
    ended_early = any(a.get("action") == "end_early" for r in game.reports for a in r.actions) \
        or any(a.get("action") == "end_early" for a in game.actions)
    war_causes: list[Cause] = []
    first, last = game.date(1), game.date(max(played, 1))
    if pub.war:
        outcome = "war"
        war_causes = [c for c in _top(game.explain("track.tension", played, ALL), 5)
                      if c.delta > 0]
        outcome_text = (f"War broke out in turn {played} ({last}): tension on the peninsula "
                        f"reached {war_at:.0f}, the top of its track. Everyone lost: every "
                        f"state scores 0. Below, each team's score as the war turn began and "
                        f"what the computer achieved from the same seat show what would have "
                        f"been.")
    elif ended_early:
        outcome = "ended early"
        outcome_text = (f"The teacher ended the game after {played} of {sc.turns} turns, with "
                        f"tension {pub.values['track.tension']:.0f} ({tension.stage}).")
    elif pub.over:
        outcome = "full"
        outcome_text = (f"The game ran its full {played} turns; final tension "
                        f"{pub.values['track.tension']:.0f} ({tension.stage}).")
    elif played == 0:
        outcome = "not started"
        outcome_text = "No turn has been played yet."
    else:
        outcome = "in progress"
        outcome_text = (f"Saved after {played} of {sc.turns} turns; tension "
                        f"{pub.values['track.tension']:.0f} ({tension.stage}).")
    teams = team_results(game, replay.seats, baseline)
    humans = {t.actor for t in teams if t.human}
    # what happened, turn by turn (every order and cause revealed) --------------------
    ops = game.covert_ops(ALL)

    def detection(turn: int, o: Any) -> str:
        op = next((op for op in ops if op.turn == turn and op.actor == o.actor
                   and op.lever == o.lever and op.target == o.target), None)
        if op is None or op.detected_turn is None:
            return "never detected"
        return f"detected in turn {op.detected_turn} by {name(op.detected_by)}"

    timeline: list[TurnEntry] = []
    uses: dict[str, list[tuple[int, str]]] = defaultdict(list)
    actions_at: list[tuple[int, str]] = []
    for i, rep in enumerate(game.reports):
        tv = game.turn_view(rep.turn, ALL)
        orders: dict[str, list[OrderLine]] = {a: [] for a in ACTORS}
        for o in tv.orders:
            text = o.lever_name + (f" → {name(o.target)}" if o.target else "") + _option(o.option)
            orders[o.actor].append(OrderLine(
                o.actor, text, o.lever, o.cost, o.covert, o.actor not in humans, o.reason,
                detection(rep.turn, o) if o.covert else ""))
            uses[o.lever].append((rep.turn, name(o.actor)))
        acts = [ActionLine(rep.turn, action_text(game, a)) for a in rep.actions]
        actions_at += [(rep.turn, a.text) for a in acts]
        heads = [n.headline for n in tv.news if n.public and n.cause.kind not in ("lever", "cost")]
        timeline.append(TurnEntry(rep.turn, rep.date, acts, orders, heads,
                                  dict(tv.score_changes),
                                  (game.history[i]["track.tension"],
                                   game.history[i + 1]["track.tension"])))
    if game.actions and timeline:
        timeline[-1].actions += [ActionLine(played, action_text(game, a), after=True)
                                 for a in game.actions]
    # turning points -------------------------------------------------------------------
    swings: list[tuple[float, TurningPoint]] = []
    for i, e in enumerate(timeline):
        t = e.turn
        if game.reports[i].war:
            swings.append((1e9, TurningPoint(t, e.date, "War: tension on the peninsula",
                                             e.tension[0], e.tension[1],
                                             _top(game.explain("track.tension", t, ALL), 4))))
            continue
        d = e.tension[1] - e.tension[0]
        if abs(d) >= 0.05:
            swings.append((abs(d), TurningPoint(
                t, e.date, "Tension on the peninsula", e.tension[0], e.tension[1],
                _top(game.explain("track.tension", t, ALL)))))
        for a in ACTORS:
            before = game.score_history[i][a]
            after = game.score_history[i + 1][a]
            if abs(after - before) >= 0.05:
                swings.append((abs(after - before), TurningPoint(
                    t, e.date, f"{name(a)}'s score", before, after,
                    _top(game.explain_score(a, t, ALL)))))
    swings.sort(key=lambda s: (-s[0], s[1].turn))
    turning = sorted((tp for _, tp in swings[:TURNING_POINTS]), key=lambda tp: tp.turn)
    # levers used, secret moves, key numbers -----------------------------------------
    levers = []
    for lid, us in sorted(uses.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        f = game.lever_facts(lid)
        levers.append(LeverUse(lid, f.name, f.group, f.covert, f.passage, f.cite, us))
    secrets = [SecretMove(op.turn, f"{name(op.actor)}: {op.lever_name}"
                          + (f" → {name(op.target)}" if op.target else ""),
                          f"detected in turn {op.detected_turn} by {name(op.detected_by)}"
                          if op.detected_turn else "never detected") for op in ops]
    start, end = game.history[0], game.history[-1]
    keys = []
    for key in KEY_NUMBERS:
        if key not in start:
            continue
        parts = [p for t in range(1, played + 1) for p in game.explain(key, t, ALL)]
        keys.append(KeyNumber(game.key_label(key), start[key], end[key], _top(parts)))
    quote = (sc.quote.text, SOURCES.get(sc.quote.article, sc.quote.article))
    return Debrief(
        title=sc.title, scenario=sc.name, description=sc.description, quote=quote,
        sources=list(ARTICLES.values()), seed=replay.seed,
        overrides=list(replay.overrides), played=played, turns=sc.turns,
        dates=(first, last), outcome=outcome, outcome_text=outcome_text,
        war_causes=war_causes, teams=teams, baseline=baseline, timeline=timeline,
        turning_points=turning, levers=levers, secrets=secrets, key_numbers=keys,
        questions=choose(game),
        score_series={a: [s[a] for s in game.score_history] for a in ACTORS},
        tension_series=[h["track.tension"] for h in game.history],
        tension_stages=dict(tension.stages), war_at=war_at, action_turns=actions_at)


# ------------------------------------------------------------------------------ layout
def _num(x: float, signed: bool = False) -> str:
    return f"{x:+.1f}" if signed else f"{x:.1f}"


def _signed(x: float) -> Span:
    return Span(f"{x:+.1f}", "good" if x > 0.05 else "bad" if x < -0.05 else "")


def _team_name(t: TeamResult) -> Text:
    return [Span(t.name, "b"), " ", Span("class team", "tag") if t.human else
            Span(t.seat, "muted")]


def results_table(d: Debrief) -> Table:
    base = d.baseline
    rows = []
    for t in d.teams:
        cells = [Cell([str(t.rank) if t.rank else "—"], "num"), Cell(_team_name(t))]
        if d.war:
            cells += [Cell([_num(t.before_war or 0.0)], "num"), Cell([Span("0.0", "b")], "num")]
        else:
            cells += [Cell([_num(t.start)], "num"), Cell([Span(_num(t.score), "b")], "num")]
        if base is not None:
            cells.append(Cell([_num(t.computer or 0.0), Span(
                f" ({_num(t.low or 0.0)}–{_num(t.high or 0.0)})", "muted")], "num"))
            if d.war:
                cells.append(Cell([_signed((t.before_war or 0.0) - (t.computer or 0.0))], "num"))
            else:
                cells.append(Cell([_signed(t.versus or 0.0)], "num"))
        rows.append(Row(cells, "highlight" if t.human and not d.war else ""))
    head = ["Rank", "Team", "Before the war" if d.war else "Start", "Final"]
    if base is not None:
        head += ["Computer from this seat: mean (10–90 %)",
                 "Before the war − computer" if d.war else "Result − computer"]
    return Table(head, rows, align="rlrrrr", widths=[7, 31, 10, 9, 27, 16] if base else [],
                 caption=("Everyone lost: war ends the game at 0 points for every state. "
                          "The columns show where each team stood as the war turn began and "
                          "what the computer achieved from the same seat.") if d.war else
                 ("Ranked by the result less what the computer achieved from the same seat "
                  f"over {base.games} all-computer games (the seats start far apart, so the "
                  f"raw score mostly reflects the start)."
                  if base is not None else "Ranked by raw score (no computer baseline)."))


def team_cards(d: Debrief) -> Cards:
    cards = []
    for t in d.teams:
        rows = [Row([Cell([o.label, Span(" ↓" if o.direction == "down" else " ↑", "muted")]),
                     Cell([f"{o.weight:g}"], "num"), Cell([f"{o.start:.0f} → {o.end:.0f}"], "num"),
                     Cell([f"{o.points:.1f} / {o.max_points:.0f}"], "num")])
                for o in t.objectives]
        lines: Text = [f"Start {_num(t.start)}, final ", Span(_num(t.score), "b")]
        if t.computer is not None:
            mine = t.before_war if t.before_war is not None else t.score
            lines += [f"; the computer from this seat: {_num(t.computer)} (",
                      _signed(mine - t.computer), ")"]
        if t.before_war is not None:
            lines += [f"; before the war: {_num(t.before_war)}"]
        cards.append(Section(t.name, [Para(lines, "small"), Table(
            ["Objective", "Weight", "Start → end", "Points"],
            rows, align="lrrr", widths=[46, 14, 20, 20])], level=4,
            note=t.seat if not t.human else "class team"))
    return Cards(cards)


def _causes(cs: list[Cause]) -> list[Text]:
    out: list[Text] = []
    for c in cs:
        item: Text = [c.label, ": ", _signed(c.delta)]
        if c.source:
            item += [" — ", Span(c.source, "muted")]
        out.append(item)
    return out


def _charts(d: Debrief) -> list[Figure]:
    try:
        from .doc.charts import (Band, LineChart, Mark, Series, Spread, line_chart,
                                 strip_chart)
    except ImportError:          # pragma: no cover (matplotlib is a dependency)
        return []
    names = {t.actor: t.name for t in d.teams}
    x = list(range(len(d.tension_series)))
    figs = []
    if d.baseline is not None:
        rows = [Spread(t.name + (" (class)" if t.human else ""),
                       list(d.baseline.seats[t.actor].scores), t.computer or 0.0,
                       t.before_war if d.war else t.score, t.low or 0.0, t.high or 0.0)
                for t in d.teams]
        figs.append(Figure(strip_chart(
            rows, "Each team's result against the computer from the same seat",
            "Score (0–100)", "before the war" if d.war else "this game",
            f"computer, one of {d.baseline.games} games"),
            width=80, alt="Strip chart: per team, the computer's scores from the same seat as dots and "
                "this game's score as a diamond",
            caption=f"Dots: what the computer scored from each seat in {d.baseline.games} "
                    f"all-computer games of the same scenario (seeds {d.baseline.seeds[0]}–"
                    f"{d.baseline.seeds[1]}, {d.baseline.turns} turns each); bar: the middle "
                    f"80 %; tick: the mean; diamond: "
                    + ("the score as the war turn began." if d.war else "this game's result.")))
    if len(x) > 1:
        figs.append(Figure(line_chart(LineChart(
            "Scores, turn by turn", x,
            [Series(names[a], d.score_series[a]) for a in ACTORS], ylabel="Score",
            ylim=(0, 100), marks=[Mark(t - 0.5, "teacher") for t, _ in d.action_turns])),
            alt="Line chart of every state's score after each turn",
            caption="Each state's score after each turn (its own objectives, 0–100)."))
        stages = sorted(d.tension_stages.items(), key=lambda kv: kv[1])
        bands = [Band(s, lo, stages[i + 1][1] if i + 1 < len(stages) else d.war_at)
                 for i, (s, lo) in enumerate(stages)]
        figs.append(Figure(line_chart(LineChart(
            "Tension on the peninsula", x, [Series("tension", d.tension_series)],
            ylabel="Tension", ylim=(0, max(100.0, d.war_at) + 4), bands=bands,
            hline=(d.war_at, "war"),
            marks=[Mark(t - 0.5, "teacher") for t, _ in d.action_turns]), height=3.0),
            alt="Line chart of the tension track after each turn, with its stages",
            caption="Tension after each turn, with its stages; at the line marked war the game "
                    "ends and everyone loses. Dashed lines: the teacher's actions."))
    return figs


def document(d: Debrief, charts: bool = True) -> Doc:
    """The debrief laid out: results first, then the turning points and questions, then the
    record (timeline, levers, secrets, key numbers)."""
    secs: list[Section] = []
    # the outcome and the results -------------------------------------------------------
    out: list[Any] = []
    if d.war:
        body: Text = [d.outcome_text]
        if d.war_causes:
            body += [" The last pushes: "
                     + "; ".join(f"{c.label} ({c.delta:+.1f})" for c in d.war_causes) + "."]
        out.append(Callout("WAR — everyone lost", body, "war"))
    else:
        out.append(Callout("Outcome", [d.outcome_text]))
    out.append(results_table(d))
    if d.baseline is not None:
        out.append(Para([f"The computer's results come from {d.baseline.games} all-computer "
                         f"games of the same scenario and settings, each {d.baseline.turns} "
                         f"turns long, played on seeds {d.baseline.seeds[0]}–"
                         f"{d.baseline.seeds[1]} when this debrief was made"
                         + (f"; {d.baseline.wars} of them ended in war" if d.baseline.wars
                            else "") + "."], "small"))
    figs = _charts(d) if charts else []
    if figs:
        out.append(figs[0])
    secs.append(Section("Results against the computer", out, id="results"))
    secs.append(Section("What each team wanted, and how far it got", [
        Para(["Each objective with its weight, its value at the start and the end (↑: higher "
              "is better, ↓: lower is better) and the points it earned out of what it is worth "
              "at best."], "small"), team_cards(d)], id="objectives", new_page=True))
    # turning points and questions -------------------------------------------------------
    tps: list[Any] = []
    for tp in d.turning_points:
        tps.append(Section(f"Turn {tp.turn} ({tp.date}): {tp.what}", [
            Para([f"{tp.before:.1f} → {tp.after:.1f} (", _signed(tp.delta), "). Why:"]),
            Bullets(_causes(tp.causes) or [["no recorded cause"]])], level=3, keep=True))
    if not tps:
        tps.append(Para(["No turn was played."]))
    tps += figs[1:]
    secs.append(Section("Turning points", tps, id="turning-points", new_page=True))
    qs: list[Any] = [Quote(q.passage, q.cite, note=[Span(f"{i + 1}. ", "b"), q.text])
          for i, q in enumerate(d.questions)]
    secs.append(Section("Questions for discussion", qs or [Para(["(none in this scenario)"])],
                        id="questions"))
    # the record -------------------------------------------------------------------------
    names = {t.actor: t for t in d.teams}
    turns: list[Any] = [Para(["Every order of every team, secret ones revealed (", Span("secret",
                              "secret"), ") with whether they were detected; the teacher's "
                              "actions (", Span("teacher", "teacher"), ") come before the "
                              "orders of their turn; then the turn's headlines other than the "
                              "orders."], "small")]
    for e in d.timeline:
        blocks: list[Any] = []
        for a in e.actions:
            blocks.append(Para([Span("teacher", "teacher"), " ",
                                ("After the turn: " if a.after else "") + a.text]))
        rows = []
        for actor in ACTORS:
            t = names[actor]
            cell: Text = []
            for k, o in enumerate(e.orders[actor]):
                if k:
                    cell.append("; ")
                if o.covert:
                    cell += [Span("secret", "secret"), " "]
                cell.append(o.text)
                if o.covert:
                    cell += ([" ", Span(o.detected, "detected")]
                             if o.detected != "never detected"
                             else [" (", Span(o.detected, "muted"), ")"])
            rows.append(Row([Cell(_team_name(t) if t.human else [t.name]),
                             Cell(cell or [Span("no orders", "muted")]),
                             Cell([_signed(e.score_changes[actor])], "num")],
                            "secret" if any(o.covert for o in e.orders[actor]) else ""))
        blocks.append(Table(["Team", "Orders", "Score"], rows, align="llr", widths=[20, 70, 10]))
        if e.headlines:
            blocks.append(Bullets([[h] for h in e.headlines]))
        turns.append(Section(f"Turn {e.turn} — {e.date}", blocks, level=3,
                             note=f"tension {e.tension[0]:.0f} → {e.tension[1]:.0f}"))
    secs.append(Section("Turn by turn", turns, id="timeline", new_page=True))
    srows = [Row([Cell([str(s.turn)], "num"), Cell([s.text]),
                  Cell([Span(s.detected, "detected") if s.detected != "never detected"
                        else s.detected])]) for s in d.secrets]
    secs.append(Section("Secret moves, all revealed", [
        Table(["Turn", "Move", "Found out?"], srows, align="rll", widths=[8, 57, 35])
        if srows else Para(["No secret move was made."])], id="secrets"))
    lrows = []
    for lu in d.levers:
        who = defaultdict(list)
        for turn, n in lu.uses:
            who[n].append(str(turn))
        lname: Text = [Span(lu.name, "b")]
        if lu.covert:
            lname += [" ", Span("secret", "secret")]
        lrows.append(Row([Cell(lname),
                          Cell(["; ".join(f"{n} ({', '.join(ts)})" for n, ts in who.items())]),
                          Cell([Span(f"“{lu.passage}”", "i"), " — ", Span(lu.cite, "muted")])]))
    secs.append(Section("Every lever used, with its passage", [
        Para(["Who used it (in which turns), and the passage of the articles it rests on."],
             "small"),
        Table(["Lever", "Used by (turns)", "Passage"], lrows, widths=[22, 30, 48])],
        id="levers"))
    krows = [Row([Cell([k.label]), Cell([f"{k.start:.0f} → {k.end:.0f}"], "num"),
                  Cell([_signed(k.end - k.start)], "num"),
                  Cell(["; ".join(f"{c.label} ({c.delta:+.1f})" for c in k.causes) or "—"])])
             for k in d.key_numbers]
    secs.append(Section("Why the key numbers moved", [Table(
        ["Number", "Start → end", "Change", "Largest causes over the game"], krows,
        align="lrrl", widths=[24, 12, 9, 55])], id="key-numbers"))
    src: list[Any] = [Para([d.description])]
    src.append(Quote(d.quote[0], d.quote[1]))
    src.append(Bullets([[s] for s in d.sources]))
    src.append(Para([f"Seed {d.seed}"
                     + (f"; overrides: {', '.join(d.overrides)}" if d.overrides else "")
                     + ". Re-run it with whales replay verify, and make this debrief again with "
                       "whales report."], "small"))
    secs.append(Section("The scenario and its sources", src, id="sources"))
    meta = [f"{d.played} of {d.turns} turns played, {d.dates[0]} to {d.dates[1]}",
            "Teams: " + ", ".join(t.name for t in d.teams if t.human)
            if any(t.human for t in d.teams) else "All seats played by the computer"]
    return Doc(title=f"Debrief: {d.title}", subtitle=d.outcome_text.split(":")[0]
               if d.war else "", meta=meta, sections=secs,
               footer="Shrimp Between Whales — a debrief made from the game's replay. Sources "
                      "are cited by name: summit-2019 (The National Interest, 2019) and "
                      "odd-couple-2015 (Doug Bandow, The Huffington Post, 2015).")


# ------------------------------------------------------------------------------ entry points
def debrief_html(replay: Replay, baseline_games: int = DEFAULT_GAMES,
                 baseline: Baseline | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> str:
    """The debrief as one self-contained HTML file."""
    from .doc import html
    return html.render(document(build(replay, baseline_games, baseline, on_progress)))


def debrief(replay: Replay, baseline_games: int = DEFAULT_GAMES,
            baseline: Baseline | None = None) -> str:
    """The debrief as Markdown (the same content, without the charts)."""
    from .doc import markdown
    return markdown.render(document(build(replay, baseline_games, baseline), charts=False))
