"""Provenance: every lever (and every scripted event) rests on a passage that really occurs in
one of the two source articles. Copies of the articles live in tests/fixtures/articles/ so the
check runs from a clean clone; they are compared after normalising whitespace, curly quotes
and backslash-escapes such as "\\$"."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.engine import CATALOGUE, GROUPS, PHASES, Order, load_scenario

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
ARTICLE_IDS = ("summit-2019", "odd-couple-2015")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    text = re.sub(r"\\(.)", r"\1", text)        # markdown escapes: \$ -> $
    text = text.translate(QUOTES)
    return re.sub(r"\s+", " ", text).strip()


TEXTS = {a: normalise((ARTICLES / f"{a}.txt").read_text(encoding="utf-8")) for a in ARTICLE_IDS}


def test_normalise():
    assert normalise("a  \u201cthreats\u201d\n\u2019s \\$11 billion") == 'a "threats" \'s $11 billion'


def test_the_article_copies_are_the_articles():
    assert TEXTS["summit-2019"].startswith("It seems almost inevitable that North Korean leader")
    assert "Russia and North Korea Play Nice" in TEXTS["odd-couple-2015"]
    assert "By Doug Bandow" in TEXTS["odd-couple-2015"]


def test_the_catalogue_has_the_briefs_forty_levers_in_every_group():
    # the brief's catalogue has forty; a lever added later adds to them without touching
    # this file (a lever is its module, its casebook case and, with a picture, its icon)
    assert len(CATALOGUE) >= 40
    assert {lv.group for lv in CATALOGUE.values()} == set(GROUPS)


@pytest.mark.parametrize("lever", sorted(CATALOGUE))
def test_lever_passage_occurs_in_its_article(lever):
    lv = CATALOGUE[lever]
    assert lv.article in ARTICLE_IDS
    passage = normalise(lv.passage)
    assert len(passage) >= 10
    assert passage in TEXTS[lv.article], f"{lever}: passage not found in {lv.article}"


@pytest.mark.parametrize("lever", sorted(CATALOGUE))
def test_lever_is_described_and_placed(lever):
    lv = CATALOGUE[lever]
    assert lv.id == lever and re.fullmatch(r"[a-z_]+", lever)
    assert lv.name and lv.summary
    assert lv.group in GROUPS and lv.phase in PHASES
    assert lv.covert == (lv.group == "covert") == (lv.phase == "covert")


@pytest.mark.parametrize("lever", sorted(CATALOGUE))
def test_every_lever_has_a_casebook_case(lever):
    group = CATALOGUE[lever].group
    src = (ROOT / "tests" / f"test_casebook_{group}.py").read_text(encoding="utf-8")
    assert re.search(rf"^def test_{lever}_\w*\(", src, re.M), \
        f"no test_{lever}_... in tests/test_casebook_{group}.py"


SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario_events_and_quote_rest_on_the_articles(path):
    sc = load_scenario(path)
    if sc.quote.article != "scenario":
        assert normalise(sc.quote.text) in TEXTS[sc.quote.article], "the scenario's quote"
    for ev in sc.events:
        if ev.provenance.article == "scenario":
            continue
        assert normalise(ev.provenance.passage) in TEXTS[ev.provenance.article], ev.id


def test_vladivostok_is_among_the_checked_scenarios():
    assert "vladivostok-2019" in [p.stem for p in SCENARIOS]


def test_a_levers_ledger_entries_carry_its_provenance(bench):
    g = bench.game()
    r = bench.play(g, Order("russia", "debt_writeoff", "dprk"))
    lv = CATALOGUE["debt_writeoff"]
    causes = {e[3] for _, e in r.entries("debt_writeoff")}
    assert causes and all((c.article, c.passage) == (lv.article, lv.passage) for c in causes)
    news = [n for n in g.public_view().news if n.cause.lever == "debt_writeoff"]
    assert news and news[0].cause.article == lv.article and news[0].cause.passage == lv.passage
    assert lv.passage in news[0].cause.source


def _claims(sc):
    """Every (place, article, passage) a scenario's briefings and questions quote."""
    for a, actor in sc.actors.items():
        b = actor.briefing
        if b is None:
            continue
        for what in ("interests", "red_lines"):
            for i, c in enumerate(getattr(b, what)):
                yield f"actors.{a}.briefing.{what}.{i}", c.article, c.passage
        for o, c in b.others.items():
            yield f"actors.{a}.briefing.others.{o}", c.article, c.passage
    for q in sc.questions:
        yield f"questions.{q.id}", q.article, q.passage


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_briefings_and_questions_quote_the_articles_exactly(path):
    sc = load_scenario(path)
    claims = list(_claims(sc))
    assert len(claims) > 40
    for where, article, passage in claims:
        assert normalise(passage) in TEXTS[article], f"{path.name}: {where}: passage not " \
                                                     f"found in {article}: {passage!r}"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_shipped_scenario_briefs_all_six_teams_and_has_questions(path):
    sc = load_scenario(path)
    for a, actor in sc.actors.items():
        b = actor.briefing
        assert b is not None, f"{a} has no briefing"
        assert b.role.startswith("You are") and len(b.interests) >= 3 and b.red_lines
        assert set(b.others) == set(sc.actors) - {a}, f"{a}: 'others' covers the other five"
        assert len(b.levers) >= 4
    asked_always = [q for q in sc.questions if not q.when]
    assert len(sc.questions) >= 10 and len(asked_always) >= 3


def test_the_check_can_fail():
    assert normalise("Moscow could look to create cracks in the U.S.–South Korea alliance") \
        not in TEXTS["summit-2019"]          # an en dash where the article has a hyphen
