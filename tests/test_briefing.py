"""Team briefings: the scenario's words for each seat gathered by the engine
(Game.briefing_view), printed by the debrief's renderers, and `whales briefing`."""
from __future__ import annotations

import subprocess
import sys

import pytest

from game.briefing import briefing_doc, briefing_html, briefing_markdown
from game.doc import html as html_doc
from game.engine import ACTORS, ALL, BriefingView, Game, Order, Rules, load_scenario

from conftest import ROOT, S2019
from test_debrief import external_references


@pytest.fixture(scope="module")
def game():
    return Game(Rules(load_scenario(S2019)), seed=1)


@pytest.mark.parametrize("actor", ACTORS)
def test_the_briefing_view_is_the_scenarios_words_objectives_and_levers(game, actor):
    b = game.briefing_view(actor)
    assert BriefingView.model_validate_json(b.model_dump_json()) == b
    written = game.scenario.actors[actor].briefing
    assert b.written and b.role == written.role
    assert [c.passage for c in b.interests] == [c.passage for c in written.interests]
    seat = game.seat_view(actor)
    assert [(o.label, o.weight) for o in b.objectives] == [(o.label, o.weight)
                                                          for o in seat.objectives]
    assert sum(o.max_points for o in b.objectives) == pytest.approx(100, abs=0.01)
    assert b.score == seat.score
    for k in b.levers:
        assert k.facts.passage == game.lever_facts(k.facts.lever).passage
    assert {o.actor for o in b.others} == set(ACTORS) - {actor}


def test_a_briefing_is_what_the_team_was_told_at_the_start(game):
    later = game.clone()
    later.run(turns=2)
    assert later.briefing_view("dprk") == game.briefing_view("dprk")


def test_briefing_html_is_self_contained_and_quotes_every_claim(game):
    page = briefing_html(game)
    assert external_references(page) == []
    for a in ACTORS:
        b = game.briefing_view(a)
        assert html_doc.esc(b.role) in page
        for c in (*b.interests, *b.red_lines):
            assert html_doc.esc(c.text) in page and html_doc.esc(c.passage) in page
        for k in b.levers:
            assert html_doc.esc(k.facts.name) in page and html_doc.esc(k.why) in page
        for o in b.objectives:
            assert html_doc.esc(o.label) in page
    assert page.count('class="new-page"') == 5          # one team to a printed sheet


def test_briefing_without_written_words_still_lists_objectives():
    text = S2019.read_text()
    from game.engine import parse_scenario
    sc = parse_scenario(text)
    sc.actors["japan"].briefing = None
    g = Game(Rules(sc), 0)
    b = g.briefing_view("japan")
    assert not b.written and b.interests == () and b.objectives
    md = briefing_markdown(g, ["japan"])
    assert "no written briefing for Japan" in md and "Security against missiles" in md


def test_whales_briefing_one_seat_or_all(tmp_path):
    out = tmp_path / "dprk.html"
    r = subprocess.run([sys.executable, "-m", "game", "briefing", "vladivostok-2019", "--seat",
                        "dprk", "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    page = out.read_text()
    assert "Briefing: North Korea" in page and "You are North Korea" in page
    assert "You are Japan" not in page
    # the rest in this process (the command line itself was the real process's above)
    from click.testing import CliRunner

    from game.cli import cli
    m = CliRunner().invoke(cli, ["briefing", str(S2019), "--format", "md"])
    assert m.exit_code == 0 and m.stdout.startswith("# Team briefings"), m.output
    assert all(f"## {game_name}" in m.stdout for game_name in
               ("United States", "Russia", "China", "North Korea", "South Korea", "Japan"))
    m = CliRunner().invoke(cli, ["briefing", str(S2019), "--seat", "mars"])
    assert m.exit_code == 2 and "--seat mars: unknown state" in m.stderr


def test_score_explanations_add_up_to_each_score_change(game):
    g = game.clone()
    g.submit("dprk", [Order("dprk", "chemical_exports")])
    g.run(turns=3)
    for t in (1, 2, 3):
        tv = g.turn_view(t, ALL)
        for a in ACTORS:
            parts = g.explain_score(a, t, ALL)
            assert sum(p["delta"] for p in parts) == pytest.approx(tv.score_changes[a], abs=0.01)
    # an undetected secret move's points are hidden from a state that may not see it
    from game.engine import parse_scenario
    from test_debrief import SECRET
    h = Game(Rules(parse_scenario(S2019.read_text(), overrides=SECRET)), seed=1)
    h.submit("dprk", [Order("dprk", "chemical_exports")])
    h.run(turns=1)
    seen = [p for p in h.explain_score("dprk", 1, ALL) if p.get("lever") == "chemical_exports"]
    hidden = [p for p in h.explain_score("dprk", 1, "china") if p["kind"] == "hidden"]
    assert seen and seen[0]["delta"] > 0
    assert hidden and hidden[0]["delta"] == pytest.approx(seen[0]["delta"])
    assert not [p for p in h.explain_score("dprk", 1, "china")
                if p.get("lever") == "chemical_exports"]


def test_the_doc_builder_lays_out_one_section_per_seat(game):
    doc = briefing_doc(game, ["us", "rok"])
    assert [s.title for s in doc.sections] == ["United States", "South Korea"]
