"""Team briefings: who you are, what you want and will not accept (each claim with its
passage from the articles), your objectives and their weights, your key levers (with their
passages), and what the others probably want.

The words are scenario data (each actor's ``briefing:``); the engine gathers them for a seat
with its objectives and lever facts (:meth:`Game.briefing_view`); this module lays them out as
a :class:`game.doc.Doc`, printed by the same renderers as the debrief:

>>> from game.engine import Game
>>> g = Game.from_file("scenarios/sandbox.yaml")
>>> html = briefing_html(g, ["dprk"])
>>> "You are North Korea" in html and "http" not in html
True
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from .doc import Bullets, Cell, Doc, Para, Quote, Row, Section, Span, Table, Text
from .engine import ACTORS, BriefingView, Game


def objectives_table(b: BriefingView, label: Callable[[str], str]) -> Table:
    rows = []
    for o in b.objectives:
        way = "higher is better" if o.direction == "up" else "lower is better"
        rows.append(Row([Cell([Span(o.label, "b")]), Cell([f"{label(o.key)} ({way})"]),
                         Cell([f"{o.weight:g}"], "num"),
                         Cell([f"{o.max_points:.0f}"], "num"),
                         Cell([f"{o.value:.0f}"], "num"), Cell([f"{o.points:.1f}"], "num")]))
    return Table(["Objective", "What it measures", "Weight", "Max points", "At the start",
                  "Points at the start"],
                 rows, align="llrrrr", widths=[27, 37, 9, 9, 8, 10])


def _claims(claims: Sequence) -> list:
    return [Quote(c.passage, c.cite, note=[c.text]) for c in claims]


def seat_sections(b: BriefingView, label: Callable[[str], str], new_page: bool = False,
                  note: str = "") -> list[Section]:
    """One seat's briefing as sections (a whole document, or one chapter of all six)."""
    intro: list = []
    if b.role:
        intro.append(Para([b.role], "lead"))
    else:
        intro.append(Para([f"This scenario has no written briefing for {b.name}; its "
                           f"objectives and levers are below."], "muted"))
    intro.append(Para([Span("Your score ", "b"),
                       f"runs from 0 to 100 and comes only from the objectives below, each "
                       f"counted by its weight. You start at {b.score:.1f} points. Every turn "
                       f"you get {b.capital_per_turn} political capital (PC) to spend on "
                       f"orders. If tension on the peninsula reaches {b.war_at:.0f}, war "
                       f"breaks out and every state scores 0."]))
    parts: list = [Section("Who you are", intro, level=3)]
    parts.append(Section("Your objectives and their weights", [objectives_table(b, label)], level=3,
                         keep=True))
    if b.interests:
        parts.append(Section("Your interests", _claims(b.interests), level=3))
    if b.red_lines:
        parts.append(Section("Your red lines", _claims(b.red_lines), level=3))
    if b.levers:
        rows = []
        for kl in b.levers:
            f = kl.facts
            name: Text = [Span(f.name, "b")]
            if f.covert:
                name += [" ", Span("secret", "secret")]
            rows.append(Row([Cell(name), Cell([f"{f.cost} PC"], "num"),
                             Cell([kl.why]), Cell([Span(f"“{f.passage}”", "i"), " — ",
                                                   Span(f.article, "muted")])]))
        parts.append(Section("Your key levers", [Table(
            ["Lever", "Cost", "What it does for you", "Source"], rows, align="lrll",
            widths=[22, 8, 30, 40])], level=3))
    if b.others:
        rows = [Row([Cell([Span(o.name, "b")]), Cell([o.claim.text]),
                     Cell([Span(f"“{o.claim.passage}”", "i"), " — ",
                           Span(o.claim.article, "muted")])]) for o in b.others]
        parts.append(Section("What the others probably want", [Table(
            ["State", "Probably wants", "Source"], rows, widths=[16, 36, 48])], level=3))
    return [Section(b.name, parts, id=f"briefing-{b.viewer}",
                    new_page=new_page, note=note)]


def briefing_doc(game: Game, seats: Sequence[str] | None = None,
                 seat_labels: dict[str, str] | None = None) -> Doc:
    """The briefings of ``seats`` (default: all six) as one document, one per printed page."""
    seats = list(seats or ACTORS)
    views = [game.briefing_view(a) for a in seats]
    sc = game.scenario
    sections: list[Section] = []
    for i, v in enumerate(views):
        sections += seat_sections(v, game.key_label, new_page=i > 0,
                                  note=(seat_labels or {}).get(v.viewer, ""))
    title = (f"Briefing: {views[0].name}" if len(views) == 1 else "Team briefings")
    first = views[0]
    meta = [f"{sc.title} — starts {first.date}; {sc.turns} turns of {sc.turn_months} "
            f"month{'s' if sc.turn_months != 1 else ''}",
            "Sources: " + "; ".join(first.sources)]
    return Doc(title=title, subtitle=sc.title if len(views) == 1 else "", meta=meta,
               sections=sections,
               footer="Shrimp Between Whales — every claim above quotes the article it rests "
                      "on; the articles are cited by name.")


def briefing_html(game: Game, seats: Sequence[str] | None = None,
                  seat_labels: dict[str, str] | None = None) -> str:
    from .doc import html
    return html.render(briefing_doc(game, seats, seat_labels), toc=False)


def briefing_markdown(game: Game, seats: Sequence[str] | None = None) -> str:
    from .doc import markdown
    return markdown.render(briefing_doc(game, seats))
