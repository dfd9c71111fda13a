"""Briefings and debrief questions are scenario data: checked by the scenario schema (unknown
fields refused), their levers, events, states and keys cross-checked, each mistake reported
once with its place."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.engine import ScenarioError, parse_scenario

FIX = Path(__file__).resolve().parent / "fixtures"
BASE = (FIX / "minimal.yaml").read_text(encoding="utf-8")

BRIEF = '''
    briefing:
      role: "You are Japan."
      interests:
        - {text: "The islands.", article: summit-2019, passage: "it could improve Russia’s position in those talks"}
      levers:
        - {lever: LEVER, why: "Talk islands."}
      others:
        OTHER: {text: "Rattle you.", article: summit-2019, passage: "Russia also wouldn’t mind rattling"}
'''


def scenario_with(brief: str = "", questions: str = "") -> str:
    text = BASE.replace("  japan:\n    name: Japan\n    iso: JPN\n",
                        "  japan:\n    name: Japan\n    iso: JPN\n" + brief.lstrip("\n"), 1)
    assert brief == "" or text != BASE
    return text + (f"questions:\n{questions}" if questions else "")


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.yaml")
    return [f"{p.path}: {p.message}" for p in info.value.problems]


def question(ask: str, when: str = "", article: str = "summit-2019") -> str:
    return (f"  - id: q1\n    ask: \"{ask}\"\n" + (f"    when:\n{when}" if when else "")
            + f"    article: {article}\n    passage: \"Playing its two big neighbors off\"\n")


def test_a_valid_briefing_and_question_load():
    sc = parse_scenario(scenario_with(BRIEF.replace("LEVER", "kuril_talks")
                                      .replace("OTHER", "russia"),
                                      question("Moved {start:track.tension} to {end:track.tension} "
                                               "in turn {turn}",
                                               "      - news: {lever: play_patrons}\n")),
                        "ok.yaml")
    b = sc.actors["japan"].briefing
    assert b is not None and b.levers[0].lever == "kuril_talks" and "russia" in b.others
    assert sc.questions[0].when[0].news.lever == "play_patrons"


@pytest.mark.parametrize("mutation, expected", [
    (("LEVER", "kuril_talk"), "actors.japan.briefing.levers.0.lever: unknown lever "
                              "'kuril_talk' (did you mean 'kuril_talks'?)"),
    (("LEVER", "play_patrons"), "actors.japan.briefing.levers.0.lever: japan cannot use "
                                "play_patrons; a briefing's key levers are its own"),
    (("OTHER", "japan"), "actors.japan.briefing.others.japan: 'others' is about the other "
                         "states, not this one"),
    (("why:", "wy:"), "actors.japan.briefing.levers.0.wy: unknown field 'wy': not allowed "
                      "here (check the spelling)"),
    (("article: summit-2019, passage: \"it", "article: scenario, passage: \"it"),
     "actors.japan.briefing.interests.0.article: expected one of 'summit-2019' or "
     "'odd-couple-2015', got 'scenario'"),
])
def test_briefing_mistakes_are_named_at_their_place(mutation, expected):
    brief = BRIEF.replace("LEVER", "kuril_talks").replace("OTHER", "russia")
    old, new = mutation
    if old in ("LEVER", "OTHER"):
        brief = BRIEF.replace(old, new).replace("LEVER", "kuril_talks").replace("OTHER", "russia")
    else:
        assert brief.count(old) >= 1
        brief = brief.replace(old, new, 1)
    assert expected in problems(scenario_with(brief))


@pytest.mark.parametrize("q, expected", [
    (question("In turn {turn} it moved"), "questions.0.ask: {turn} needs a news or covert "
                                          "condition under 'when'"),
    (question("Moved to {end:track.tensoin}"), "questions.0.ask: unknown state key "
                                               "'track.tensoin' (did you mean 'track.tension'?)"),
    (question("Moved to {final:track.tension}"), "questions.0.ask: unknown placeholder"),
    (question("Moved {x} a lot", "      - war: true\n"), "questions.0.ask: unknown placeholder"),
    (question("A question of ten", "      - {war: true, news: {lever: linkage}}\n"),
     "questions.0.when.0: expected exactly one of news, value, covert or war, got news, war"),
    (question("A question of ten", "      - news: {lever: linkge}\n"),
     "questions.0.when.0.news.lever: unknown lever 'linkge' (did you mean 'linkage'?)"),
    (question("A question of ten", "      - news: {event: no_such}\n"),
     "questions.0.when.0.news.event: unknown event 'no_such'"),
    (question("A question of ten", "      - value: {key: dprk.nukes, value: 3}\n"),
     "questions.0.when.0.value.key: unknown state key 'dprk.nukes'"),
    (question("A question of ten", "      - covert: {actor: dprk, seen: true}\n"),
     "questions.0.when.0.covert.seen: unknown field 'seen'"),
    (question("A question of ten", article="scenario"),
     "questions.0.article: expected one of 'summit-2019' or 'odd-couple-2015', got 'scenario'"),
])
def test_question_mistakes_are_named_at_their_place(q, expected):
    found = problems(scenario_with(questions=q))
    assert any(p.startswith(expected) for p in found), found
