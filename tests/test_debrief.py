"""The debrief (`whales report`): built from a replay through the engine's views; reveals
every secret move; sets each team against the computer from the same seat; one
self-contained HTML file (and the same content as Markdown)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from game.baseline import compute
from game.debrief import action_text, build, debrief, debrief_html, document, rank, team_results
from game.doc import html as html_doc
from game.engine import Game, Order, Rules, parse_scenario
from game.replay import replay_of, save_replay

from conftest import ROOT, S2019

TEXT = S2019.read_text()
SECRET = ["levers.chemical_exports.detection=0", "levers.chemical_exports.params.watch=0"]


def _game(turns: int = 3, overrides=SECRET, inject: bool = True):
    g = Game(Rules(parse_scenario(TEXT, overrides=list(overrides))), seed=5)
    g.submit("dprk", [Order("dprk", "chemical_exports")])
    g.run(turns=1)
    if inject:
        g.inject_event("border_incident")      # the teacher, before turn 2
    g.run(turns=turns - 1)
    return g


def _replay(g, overrides=SECRET, seats=None):
    return replay_of(g, TEXT, list(overrides), seats or {"dprk": "human", "rok": "human"})


def external_references(page: str) -> list[str]:
    """Every reference out of the file: http(s) and protocol-relative addresses anywhere, and
    any src/href/url() that is neither an embedded data: URI nor an anchor in the page."""
    bare = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:", page)
    found = re.findall(r"https?:|//", bare)
    found += [m for m in re.findall(r"""(?:src|href)\s*=\s*["']?([^"' >]*)""", bare)
              if not m.startswith(("data:", "#"))]
    found += [m for m in re.findall(r"url\(\s*['\"]?([^)'\"]*)", bare) if not m.startswith("data:")]
    return found


def test_the_external_reference_check_can_fail():
    assert external_references('<img src="https://x.org/a.png">')
    assert external_references('<link href="style.css">')
    assert external_references('<a href="//cdn/x">')
    assert external_references("<style>a { background: url(x.png) }</style>")
    assert not external_references('<img src="data:image/png;base64,ab//cd=="><a href="#t">')


@pytest.fixture(scope="module")
def made():
    g = _game()
    rep = _replay(g)
    return g, rep, build(rep, baseline_games=3)


def test_html_debrief_has_orders_secrets_passages_baseline_teacher_and_no_external_url(made):
    g, rep, d = made
    page = html_doc.render(document(d))
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<script" not in page
    assert external_references(page) == []
    assert page.count("data:image/png;base64,") == 3          # the charts, embedded
    # every team's orders, turn by turn
    for r in g.reports:
        for o in g.turn_view(r.turn, "all").orders:
            assert html_doc.esc(o.lever_name) in page
    # the secret move revealed, never detected
    assert "Chemical exports to Syria" in page and "never detected" in page
    assert re.search(r'class="secret">secret</span> Chemical exports to Syria \(<span '
                     r'class="muted">never detected</span>\)', page)
    # the passage of every lever used
    for lu in d.levers:
        assert html_doc.esc(f"“{lu.passage}”") in page, lu.lever
    assert any(lu.lever == "chemical_exports" for lu in d.levers)
    # the computer baseline
    assert "Computer from this seat: mean (10–90 %)" in page and "over 3 all-computer games" in page
    assert d.baseline is not None and d.baseline.seeds == (6, 8)
    for t in d.teams:
        assert f"{t.computer:.1f}" in page and t.versus == pytest.approx(t.score - t.computer)
    # the teacher's action, marked in its turn
    assert d.timeline[1].actions[0].text == "Injected the event “Shots across the DMZ”"
    assert re.search(r'<span class="teacher">teacher</span> Injected the event “Shots across '
                     r'the DMZ”', page)
    # print rules and black-and-white-readable labels
    assert "@media print" in page and "break-before: page" in page
    assert "class team" in page


def test_markdown_has_the_same_content_without_charts(made):
    g, rep, d = made
    md = debrief(rep, baseline_games=0, baseline=d.baseline)
    assert md.startswith("# Debrief: Vladivostok summit (2019)")
    assert "[SECRET] Chemical exports to Syria (never detected)" in md
    assert "| Turn | Move | Found out? |" in md and "North Korea: Chemical exports to Syria" in md
    assert "[TEACHER] Injected the event “Shots across the DMZ”" in md
    assert "Computer from this seat: mean (10–90 %)" in md and "over 3 all-computer games" in md
    for t in (1, 2, 3):
        assert f"### Turn {t} — " in md
    assert "data:image" not in md and "## Questions for discussion" in md


def test_turning_points_are_the_largest_swings_with_their_ledger_causes(made):
    g, rep, d = made
    assert 1 <= len(d.turning_points) <= 5
    swings = sorted((abs(tp.delta) for tp in d.turning_points), reverse=True)
    every = [abs(e.tension[1] - e.tension[0]) for e in d.timeline] + [
        abs(v) for e in d.timeline for v in e.score_changes.values()]
    assert swings[0] == pytest.approx(max(every), abs=1e-6)
    for tp in d.turning_points:
        assert tp.causes and abs(sum(c.delta for c in tp.causes)) > 0


def test_questions_are_chosen_by_what_happened(made):
    g, rep, d = made
    ids = [q.id for q in d.questions]
    assert "covert_unseen" in ids           # the undetected chemical exports
    assert "war" not in ids
    q = next(q for q in d.questions if q.id == "covert_unseen")
    assert "the first in turn 1" in q.text and "{" not in q.text
    assert q.passage in TEXT or q.passage == "where the possibility of detecting collaboration is reduced"
    assert len(d.questions) <= 6


def test_a_raw_leader_below_its_baseline_ranks_below_a_team_above_its_own(tmp_path):
    """A hand-made replay: the United States (raw-score leader at the start) plays two turns
    of nothing but costly self-harm, the others play as the computer."""
    g = Game(Rules(parse_scenario(TEXT)), seed=11)
    for target in ("dprk", "russia"):      # (easing has a cool-down per target)
        g.submit("us", [Order("us", "ease_sanctions", target), Order("us", "enforce_loosely")])
        g.run(turns=1)
    rep = replay_of(g, TEXT, [], {"us": "human"})
    base = compute(TEXT, "t", [], 11, 2, games=3)
    teams = team_results(g, rep.seats, base)
    us = next(t for t in teams if t.actor == "us")
    assert us.score == max(t.score for t in teams)        # still the raw leader...
    assert us.versus < 0 and us.rank > 1                  # ...but below its computer baseline
    above = [t for t in teams if t.rank < us.rank]
    assert above and all(t.versus > us.versus and t.score < us.score for t in above)
    assert [t.rank for t in teams] == sorted(t.rank for t in teams)


def test_no_turn_played_ranks_everyone_level():
    g = Game(Rules(parse_scenario(TEXT)), seed=2)
    teams = team_results(g, {}, compute(TEXT, "t", [], 2, 0, games=2))
    assert {t.rank for t in teams} == {1} and all(t.versus == 0 for t in teams)


def _war_game():
    over = ["tracks.tension.value=95"]
    g = Game(Rules(parse_scenario(TEXT, overrides=over)), seed=3)
    g.submit("dprk", [Order("dprk", "nuclear_test"), Order("dprk", "missile_test")])
    g.run(turns=1)
    assert g.state.war
    return g, replay_of(g, TEXT, over, {"dprk": "human"})


def test_a_war_debrief_says_everyone_lost_and_shows_what_would_have_been():
    g, rep = _war_game()
    d = build(rep, baseline_games=2)
    assert d.war and all(t.rank is None for t in d.teams)
    assert all(t.score == 0 and t.before_war and t.before_war > 0 for t in d.teams)
    md = debrief(rep, 0, baseline=d.baseline)
    assert "WAR — everyone lost" in md and "Everyone lost: every state scores 0" in md
    assert "Before the war − computer" in md
    us = next(t for t in d.teams if t.actor == "us")
    assert f"{us.before_war:.1f}" in md and f"{us.computer:.1f}" in md
    assert "war" in [q.id for q in d.questions]
    assert any(tp.what.startswith("War") for tp in d.turning_points)


def test_teacher_actions_of_any_kind_are_shown_with_their_fields():
    g = Game(Rules(parse_scenario(TEXT)), seed=1)
    assert action_text(g, {"turn": 3, "action": "end_early"}) == "Ended the game early"
    assert action_text(g, {"turn": 2, "action": "set_value", "key": "track.tension",
                           "value": 80}) == "Override: Tension on the peninsula set to 80"
    assert action_text(g, {"turn": 2, "action": "inject_headline", "headline": "Typhoon",
                           "changes": [{"key": "dprk.economy", "delta": -3.0}]}) == \
        "News flash “Typhoon” (North Korea: Economy -3)"
    assert action_text(g, {"turn": 2, "action": "rewind", "to_turn": 1}) == \
        "Rewound the game to the start of turn 1"
    # a kind this version does not know, and a known kind in an unexpected shape
    assert action_text(g, {"turn": 2, "action": "swap_teams", "actors": ["us", "rok"],
                           "note": "x"}) == "Swap teams: actors: us, rok; note: x"
    assert action_text(g, {"turn": 2, "action": "set_value"}) == "Set value"


def test_rank_ties_share_a_rank():
    from game.debrief import TeamResult
    ts = [TeamResult(a, a, False, "computer", s, 0, [], versus=v)
          for a, s, v in (("us", 50, 1.0), ("rok", 40, 1.0), ("japan", 60, -2.0))]
    assert [(t.actor, t.rank) for t in rank(ts)] == [("us", 1), ("rok", 1), ("japan", 3)]
    ts[1].versus = 0.9
    assert [(t.actor, t.rank) for t in rank(ts)] == [("us", 1), ("rok", 2), ("japan", 3)]


def test_report_cli_writes_html_or_markdown_and_refuses_a_bad_replay(tmp_path):
    g = _game(turns=2, inject=False)
    path = tmp_path / "game.json"
    save_replay(_replay(g), path)
    out = tmp_path / "debrief.html"
    r = subprocess.run([sys.executable, "-m", "game", "report", str(path), "--out", str(out),
                        "--baseline", "1"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("<!DOCTYPE html>") and f"written to {out}" in r.stderr
    # the rest in this process (the command line itself was the real process's above)
    from click.testing import CliRunner

    from game.cli import cli
    md = tmp_path / "debrief.txt"
    m = CliRunner().invoke(cli, ["report", str(path), "--out", str(md), "--format", "md",
                                 "--baseline", "0"])
    assert m.exit_code == 0, m.output
    assert md.read_text().startswith("# Debrief") and "Computer from this seat" not in md.read_text()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    m = CliRunner().invoke(cli, ["report", str(bad)])
    assert m.exit_code == 2 and isinstance(m.exception, SystemExit), m.output  # no crash
    assert "Traceback" not in m.stderr and "bad.json" in m.stderr


def test_debrief_html_function_makes_the_whole_file(made):
    g, rep, d = made
    page = debrief_html(rep, 0, baseline=d.baseline)
    assert "Results against the computer" in page and external_references(page) == []
