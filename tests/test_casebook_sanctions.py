"""Casebook: the sanctions levers, one small case each (in the spirit of Diplomacy's DATC).

Every case builds a quiet game (vladivostok-2019 without its events), submits only the order
under test, resolves, and reads the ledger entries caused by that lever: their directions are
pinned here, their sizes must be the lever's declared effects, and the capital it costs must
be paid.
"""
from __future__ import annotations

import pytest
from pytest import approx

from game.engine import IllegalOrderError, Order


def test_unilateral_sanctions_hit_the_target_and_sour_relations(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "unilateral_sanctions", "dprk"))
    ch = r.by("unilateral_sanctions")
    assert bench.signs(ch) == {"dprk.economy": "-", "dprk.hard_currency": "-",
                               "us.economy": "-", "relation.us.dprk": "-",
                               "track.tension": "+"}
    assert ch == approx(bench.expected(g, "unilateral_sanctions", "us", "dprk"), abs=1e-3)
    assert r.spent("us") == g.rules.params["unilateral_sanctions"].cost > 0


def test_unilateral_sanctions_who_and_on_whom(bench):
    g = bench.game()
    assert g.why_illegal(Order("dprk", "unilateral_sanctions", "us")) == \
        "North Korea cannot use Impose unilateral sanctions"
    assert g.why_illegal(Order("us", "unilateral_sanctions", "rok")) == \
        "Impose unilateral sanctions cannot target South Korea"
    assert g.why_illegal(Order("us", "unilateral_sanctions")) == \
        "Impose unilateral sanctions needs a target state"
    with pytest.raises(IllegalOrderError, match="North Korea cannot use"):
        g.submit("dprk", [Order("dprk", "unilateral_sanctions", "us")])
    assert g.why_illegal(Order("japan", "unilateral_sanctions", "russia")) is None


def test_unsc_resolution_is_tabled_then_passes_next_turn(bench):
    g = bench.game()
    r1 = bench.play(g, Order("us", "unsc_resolution", "dprk"))
    assert r1.by("unsc_resolution", kind=None) == {}       # nothing moves while it is tabled
    assert r1.spent("us") == g.rules.params["unsc_resolution"].cost
    [pr] = g.state.proposals
    assert (pr.kind, pr.proposer, pr.target, pr.turn) == ("resolution", "us", "dprk", 1)
    assert any("tables a UN Security Council resolution" in h for h in r1.headlines())

    r2 = bench.play(g)
    vote = r2.by("unsc_resolution", kind="resolution")
    assert bench.signs(vote) == {"track.un_sanctions": "+", "track.tension": "+",
                                 "dprk.economy": "-", "us.clout": "+", "relation.us.dprk": "-"}
    assert vote == approx(bench.expected(g, "unsc_resolution", "us", "dprk", "passed"),
                          abs=1e-3)
    assert g.state.proposals == []


def test_unsc_resolution_preconditions(bench):
    g = bench.game()
    assert g.why_illegal(Order("us", "unsc_resolution", "russia")) == \
        "Propose a UN Security Council resolution cannot target Russia"
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    # one resolution per proposer before the Council at a time
    assert g.why_illegal(Order("us", "unsc_resolution", "dprk")) == \
        "you already have a resolution before the Security Council"
    with pytest.raises(IllegalOrderError, match="already have a resolution"):
        g.submit("us", [Order("us", "unsc_resolution", "dprk")])
    assert g.why_illegal(Order("japan", "unsc_resolution", "dprk")) is None


def test_veto_kills_the_resolution_and_shields_its_target(bench):
    g = bench.game()
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    r = bench.play(g, Order("china", "veto", "us"))
    ch = r.by("veto")
    assert bench.signs(ch) == {"relation.us.china": "-", "relation.china.dprk": "+",
                               "influence.china": "+"}
    assert ch == approx(bench.add(bench.expected(g, "veto", "china", "us"),
                                  bench.expected(g, "veto", "china", "dprk", "shield")),
                        abs=1e-3)
    assert r.spent("china") == g.rules.params["veto"].cost
    vote = r.by("unsc_resolution", kind="resolution")
    assert vote == approx(bench.expected(g, "unsc_resolution", "us", "dprk", "vetoed"), abs=1e-3)
    assert bench.signs(vote) == {"us.clout": "-"}
    assert "track.un_sanctions" not in vote


def _veto_after_test(bench, g):
    """The DPRK tests a nuclear device; Washington tables a resolution the next turn; China
    vetoes it the turn after. (The turn's report, what the veto was expected to do.)"""
    bench.play(g, Order("dprk", "nuclear_test"))
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    foreseen = dict(g.rules.expected(g.state, Order("china", "veto", "us")))
    return bench.play(g, Order("china", "veto", "us")), foreseen


def test_vetoing_soon_after_a_nuclear_test_isolates_the_vetoer(bench):
    # after each of the North's tests Beijing and Moscow voted for the Council's resolution
    # rather than stand beside the tester: shielding it costs the vetoer standing, more of
    # the proposer's goodwill, and drives Seoul and Tokyo closer to Washington
    g = bench.game()
    r, foreseen = _veto_after_test(bench, g)
    ch = r.by("veto")
    assert ch == approx(bench.add(bench.expected(g, "veto", "china", "us"),
                                  bench.expected(g, "veto", "china", "dprk", "shield"),
                                  bench.expected(g, "veto", "china", "us", "after_outrage")),
                        abs=1e-3)
    assert bench.signs(bench.expected(g, "veto", "china", "us", "after_outrage")) == {
        "china.clout": "-", "relation.us.china": "-", "alliance.us-rok": "+",
        "alliance.us-japan": "+"}
    assert any("so soon after its nuclear test, and stands isolated at the Council" in h
               for h in r.headlines())
    # the cause is the veto's, with its provenance
    [cause] = {c for _, (_, k, _, c) in r.entries("veto") if k == "alliance.us-rok"}
    lv = g.rules.levers["veto"]
    assert (cause.actor, cause.lever, cause.article, cause.passage) == \
        ("china", "veto", lv.article, lv.passage)
    # the computer players see it coming: the veto's estimate carries it
    assert foreseen["alliance.us-rok"] == approx(3.0) and \
        foreseen["china.clout"] == approx(-3.0)


def test_the_council_answers_each_test_once_and_not_for_ever(bench):
    # a resolution adopted after the test answers it: the next veto is an ordinary one
    g = bench.game()
    bench.play(g, Order("dprk", "nuclear_test"))
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    r = bench.play(g)                              # nobody vetoes: it passes
    assert any("adopts" in h for h in r.headlines())
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    r = bench.play(g, Order("china", "veto", "us"))
    assert "alliance.us-rok" not in r.by("veto")
    assert not any("isolated" in h for h in r.headlines())
    # eight months after the test, a veto costs what it always did
    late = bench.game()
    bench.play(late, Order("dprk", "nuclear_test"))
    for _ in range(6):
        bench.play(late)
    bench.play(late, Order("us", "unsc_resolution", "dprk"))
    r = bench.play(late, Order("china", "veto", "us"))
    assert r.by("veto") == approx(bench.add(bench.expected(late, "veto", "china", "us"),
                                            bench.expected(late, "veto", "china", "dprk",
                                                           "shield")), abs=1e-3)
    # and a scenario may turn the rule off
    off = bench.game("levers.veto.params.outrage_months=0")
    r, _ = _veto_after_test(bench, off)
    assert "alliance.us-rok" not in r.by("veto")


ANSWERS = "levers.unsc_resolution.params.answers_months=6"   # the scenarios' rule, back


def test_the_council_adopts_new_sanctions_only_to_answer_a_nuclear_test(bench):
    g = bench.game(ANSWERS)
    res = Order("us", "unsc_resolution", "dprk")
    no = ("the Council adopts new sanctions to answer an outrage: North Korea has made no "
          "nuclear test in the last 6 months that a resolution has not answered yet")
    assert g.why_illegal(res) == no
    with pytest.raises(IllegalOrderError, match="answer an outrage"):
        g.submit("us", [res])
    # a missile launch is no outrage; a nuclear test is, from the next turn (orders are
    # simultaneous: the test is news only once it is made)
    bench.play(g, Order("dprk", "missile_test"))
    assert g.why_illegal(res) == no
    bench.play(g, Order("dprk", "nuclear_test"))
    assert g.why_illegal(res) is None
    bench.play(g, res)
    r = bench.play(g)                              # nobody vetoes: it passes
    assert any("adopts" in h for h in r.headlines())
    # the adopted resolution answered the test: nothing more to table until the next one
    assert g.why_illegal(res) == no
    # vetoed, it answered nothing: another may be tabled within the six months
    v = bench.game(ANSWERS)
    bench.play(v, Order("dprk", "nuclear_test"))
    bench.play(v, res)
    bench.play(v, Order("china", "veto", "us"))
    assert v.why_illegal(res) is None
    # ... and not after them
    for _ in range(4):
        bench.play(v)
    assert v.why_illegal(res) == no


def test_drafts_tabled_the_same_turn_are_one_question_and_one_veto_blocks_them_all(bench):
    # Washington and Tokyo table resolutions against the North in the same month: the
    # Council takes them as one question (co-sponsored drafts), so Beijing's one veto of
    # Washington's blocks Tokyo's too; each sponsor loses the face a vetoed draft costs
    g = bench.game()
    bench.play(g, Order("us", "unsc_resolution", "dprk"), Order("japan", "unsc_resolution", "dprk"))
    foreseen: dict[str, float] = {}
    for k, d in g.rules.expected(g.state, Order("china", "veto", "us")):
        foreseen[k] = foreseen.get(k, 0.0) + d
    r = bench.play(g, Order("china", "veto", "us"))
    assert "track.un_sanctions" not in r.by("unsc_resolution", kind="resolution")
    failed = [h for h in r.headlines() if "fails: vetoed by China" in h]
    assert len(failed) == 2 and not any("adopts" in h for h in r.headlines())
    assert r.by("unsc_resolution", kind="resolution") == approx(bench.add(
        bench.expected(g, "unsc_resolution", "us", "dprk", "vetoed"),
        bench.expected(g, "unsc_resolution", "japan", "dprk", "vetoed")), abs=1e-3)
    # the veto's estimate counts the one question blocked: the regime's tightening once,
    # each sponsor's standing
    passed = bench.expected(g, "unsc_resolution", "us", "dprk", "passed")
    assert foreseen["track.un_sanctions"] == approx(-passed["track.un_sanctions"])
    assert foreseen["us.clout"] == approx(-passed["us.clout"])
    assert foreseen["japan.clout"] == approx(-passed["us.clout"])
    # drafts tabled in different months stay separate questions
    h = bench.game()
    bench.play(h, Order("us", "unsc_resolution", "dprk"))
    r = bench.play(h, Order("japan", "unsc_resolution", "dprk"), Order("china", "veto", "us"))
    r = bench.play(h)
    assert any("adopts Japan's resolution" in x for x in r.headlines())


def test_drafts_tabled_the_same_turn_pass_as_one_resolution(bench):
    # unvetoed, the two drafts are adopted as one: the regime tightens once, and Tokyo, the
    # co-sponsor, has only its own part (its standing, its relation with the North)
    g = bench.game()
    bench.play(g, Order("us", "unsc_resolution", "dprk"), Order("japan", "unsc_resolution", "dprk"))
    r = bench.play(g)
    us = bench.expected(g, "unsc_resolution", "us", "dprk", "passed")
    jp = bench.expected(g, "unsc_resolution", "japan", "dprk", "passed")
    own = {k: d for k, d in jp.items() if k not in us}
    assert own == {"japan.clout": 2.0, "relation.dprk.japan": -4.0}
    assert r.by("unsc_resolution", kind="resolution") == approx(bench.add(us, own), abs=1e-3)
    assert sum("adopts" in h for h in r.headlines()) == 1
    assert any("Japan co-sponsors United States's adopted resolution" in h
               for h in r.headlines())
    assert len(g.state.resolutions) == len(g.rules.scenario.history.resolutions) + 1


def test_veto_preconditions(bench):
    g = bench.game()
    # nothing before the Council
    assert g.why_illegal(Order("china", "veto", "us")) == \
        "no resolution by that state is before the Security Council"
    bench.play(g, Order("us", "unsc_resolution", "dprk"))
    assert g.why_illegal(Order("china", "veto", "us")) is None
    assert g.why_illegal(Order("china", "veto", "japan")) == \
        "no resolution by that state is before the Security Council"
    assert g.why_illegal(Order("rok", "veto", "us")) == \
        "South Korea cannot use Veto a Security Council resolution"
    # even when a scenario lets Seoul use the lever, only permanent members may veto
    g2 = bench.game("levers.veto.who=[us, russia, china, rok]")
    bench.play(g2, Order("us", "unsc_resolution", "dprk"))
    assert g2.why_illegal(Order("rok", "veto", "us")) == \
        "only a permanent member of the Security Council can veto"


def test_enforce_strictly_raises_own_enforcement(bench):
    g = bench.game()
    r = bench.play(g, Order("china", "enforce_strictly"))
    ch = r.by("enforce_strictly")
    assert bench.signs(ch) == {"enforcement.china": "+", "china.economy": "-",
                               "relation.china.dprk": "-"}
    assert ch == approx(bench.expected(g, "enforce_strictly", "china"), abs=1e-3)
    assert r.spent("china") == g.rules.params["enforce_strictly"].cost
    assert g.why_illegal(Order("dprk", "enforce_strictly")) == \
        "North Korea cannot use Enforce sanctions strictly"
    assert g.why_illegal(Order("china", "enforce_strictly", "dprk")) == \
        "Enforce sanctions strictly takes no target"


def test_enforce_loosely_lowers_enforcement_pleases_pyongyang_annoys_washington(bench):
    g = bench.game()
    r = bench.play(g, Order("china", "enforce_loosely"))
    ch = r.by("enforce_loosely")
    assert bench.signs(ch) == {"enforcement.china": "-", "china.economy": "+",
                               "relation.china.dprk": "+", "relation.us.china": "-"}
    assert ch == approx(bench.expected(g, "enforce_loosely", "china"), abs=1e-3)
    assert r.spent("china") == g.rules.params["enforce_loosely"].cost
    assert g.why_illegal(Order("dprk", "enforce_loosely")) == \
        "North Korea cannot use Enforce sanctions loosely"


def test_ease_sanctions_lifts_the_target(bench):
    g = bench.game()
    r = bench.play(g, Order("us", "ease_sanctions", "dprk"))
    ch = r.by("ease_sanctions")
    assert bench.signs(ch) == {"dprk.economy": "+", "dprk.hard_currency": "+",
                               "relation.us.dprk": "+", "enforcement.us": "-"}
    # what is eased is what the easer really enforced (the goodwill is whole)
    scale = g.history[0]["enforcement.us"] / 100.0
    full = bench.expected(g, "ease_sanctions", "us", "dprk")
    assert ch == approx({k: d if k.startswith("relation.") else d * scale
                         for k, d in full.items()}, abs=1e-3)
    assert r.spent("us") == g.rules.params["ease_sanctions"].cost
    assert g.why_illegal(Order("us", "ease_sanctions", "rok")) == \
        "Ease or lift sanctions cannot target South Korea"
    # only those who impose sanctions lift them, and not every month
    assert g.why_illegal(Order("china", "ease_sanctions", "dprk")) == \
        "China cannot use Ease or lift sanctions"
    assert g.why_illegal(Order("us", "ease_sanctions", "dprk")).startswith(
        "used on North Korea in turn 1; not again before turn 7")


def test_repatriate_workers_costs_pyongyang_hard_currency(bench):
    g = bench.game()
    r = bench.play(g, Order("russia", "repatriate_workers", "dprk"))
    ch = r.by("repatriate_workers")
    assert bench.signs(ch) == {"dprk.hard_currency": "-", "russia.clout": "+",
                               "relation.russia.dprk": "-", "enforcement.russia": "+"}
    assert ch == approx(bench.expected(g, "repatriate_workers", "russia", "dprk"), abs=1e-3)
    assert r.spent("russia") == g.rules.params["repatriate_workers"].cost
    assert g.why_illegal(Order("us", "repatriate_workers", "dprk")) == \
        "United States cannot use Send North Korean workers home"
    assert g.why_illegal(Order("russia", "repatriate_workers", "rok")) == \
        "Send North Korean workers home cannot target South Korea"
    # UNSCR 2397's duty, Moscow's workers: without the resolution in force, no such lever
    assert g.why_illegal(Order("china", "repatriate_workers", "dprk")) == \
        "China cannot use Send North Korean workers home"
    none = bench.game("history.resolutions=[]")
    assert none.why_illegal(Order("russia", "repatriate_workers", "dprk")) == \
        "no UN resolution in force requires North Korean workers to go home"
