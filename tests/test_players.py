"""Computer player levels: random, pass and the scripted spam levels are legal, seeded and
selectable; greedy is today's player and the default."""
from __future__ import annotations

import pytest

from game.engine.orders import Order
from game.engine import ACTORS, ComputerPlayer, Game
from game.engine.planner import PlanningPlayer
from game.engine.players import (DEFAULT_LEVEL, LevelError, RandomPlayer, check_level,
                                 make_player)


def _play(rules, seed, levels, turns=None):
    """A game with every seat at ``levels[actor]`` (default greedy); returns it and each
    turn's orders per seat."""
    g = Game(rules, seed)
    seen = []
    while not g.over and (turns is None or len(g.reports) < turns):
        turn = {}
        for a in ACTORS:
            orders = g.computer_orders(a, level=levels.get(a))
            assert g.check_orders(a, orders) == [], (a, orders)
            g.submit(a, orders)        # submit would raise on an illegal list
            turn[a] = tuple(o.key() for o in orders)
        seen.append(turn)
        g.resolve()
    return g, seen


def test_the_planner_is_the_default_and_greedy_the_earlier_player(rules2019):
    assert DEFAULT_LEVEL == "planner"
    assert isinstance(make_player(rules2019, "us"), PlanningPlayer)
    assert isinstance(make_player(rules2019, "us", level="greedy"), ComputerPlayer)
    a, b = Game(rules2019, 5), Game(rules2019, 5)
    for _ in range(3):
        for x in ACTORS:
            assert a.computer_orders(x) == b.computer_orders(x, level="planner")
            a.submit(x, a.computer_orders(x))
            b.submit(x, b.computer_orders(x, level="planner"))
        assert a.resolve().digest == b.resolve().digest


def test_random_players_are_legal_whole_games_long(rules2019):
    g, seen = _play(rules2019, 3, {a: "random" for a in ACTORS})
    assert g.over and len(seen) == g.reports[-1].turn
    orders = [o for t in seen for a in ACTORS for o in t[a]]
    assert len({o[1] for o in orders}) > 15          # it really ranges over the levers
    for t in seen:
        for a in ACTORS:
            cap = RandomPlayer(rules2019, a).max_orders
            assert len(t[a]) <= cap


def test_random_player_is_seeded_by_the_game(rules2019):
    _, one = _play(rules2019, 11, {"dprk": "random"}, turns=6)
    _, two = _play(rules2019, 11, {"dprk": "random"}, turns=6)
    _, other = _play(rules2019, 12, {"dprk": "random"}, turns=6)
    assert one == two
    assert [t["dprk"] for t in one] != [t["dprk"] for t in other]


def test_random_player_draws_only_from_the_generator_it_is_given(rules2019):
    from random import Random
    p = make_player(rules2019, "china", level="random")
    st = rules2019.initial.clone()
    assert p.choose(st, Random("x")) == p.choose(st, Random("x"))
    assert any(p.choose(st, Random(i)) != p.choose(st, Random("x")) for i in range(5))


def test_passing_player_orders_nothing_and_its_invitations_lapse(rules2019):
    g, seen = _play(rules2019, 2, {"dprk": "pass"})
    assert all(t["dprk"] == () for t in seen)
    from game.engine.facts import news_facts
    facts = [f for r in g.reports for f in news_facts(r.news)]
    assert not [f for f in facts if f.kind in ("meeting", "rebuffed") and f.target == "dprk"]
    assert [f for f in facts if f.kind == "lapsed" and f.target == "dprk"]


def test_the_denounce_level_denounces_every_other_state_every_turn(rules2019):
    # (Pyongyang: five capital a turn, one denunciation each; Moscow has four). Allies do not
    # denounce each other: in 2019 the North and China are bound by their 1961 treaty
    g, seen = _play(rules2019, 4, {"dprk": "spam-denounce"}, turns=3)
    may = sorted(a for a in ACTORS if a not in ("dprk", "china"))
    assert g.why_illegal(Order("dprk", "denounce", "china")) == \
        "North Korea will not denounce its ally China"
    for t in seen:
        assert sorted(o[2] for o in t["dprk"]) == may
        assert {o[1] for o in t["dprk"]} == {"denounce"}


def test_spam_level_takes_any_lever_and_stays_legal(rules2019):
    _, seen = _play(rules2019, 4, {"dprk": "spam-missile_test", "us": "spam-reassure_ally"},
                    turns=4)
    assert {o[1] for t in seen for o in t["dprk"]} <= {"missile_test"}
    assert seen[0]["dprk"] and seen[0]["us"]


def test_unknown_levels_are_refused_with_the_known_ones(rules2019):
    with pytest.raises(LevelError, match="levels: planner, deep, greedy, random, pass, spam-LEVER"):
        make_player(rules2019, "us", level="smart")
    with pytest.raises(LevelError, match="no lever 'shout'"):
        make_player(rules2019, "us", level="spam-shout")
    assert check_level("random") is None and check_level("spam-denounce", {"denounce": 1}) is None
    assert check_level("deep") is None and "unknown level" in check_level("clever")
    with pytest.raises(ValueError, match="no personality 'hawk'"):
        make_player(rules2019, "us", "hawk", "random")


def test_levels_are_cached_per_seat_personality_and_level(rules2019):
    g = Game(rules2019, 1)
    g.computer_orders("us", level="random")
    g.computer_orders("us")
    assert {k for k in g._players if k[0] == "us"} == {("us", "", "random"), ("us", "", "")}


# ------------------------------------------------------------------ seat strings with levels
@pytest.mark.parametrize("spec, personality, level, normal", [
    ("computer@random", None, "random", "computer@random"),
    ("computer:hawk@pass", "hawk", "pass", "computer:hawk@pass"),
    ("hawk@greedy", "hawk", "greedy", "computer:hawk@greedy"),
    ("computer:hawk", "hawk", None, "computer:hawk"),
    ("computer@spam-denounce", None, "spam-denounce", "computer@spam-denounce"),
])
def test_seat_strings_carry_a_level(spec, personality, level, normal):
    from game.engine import parse_seat, seat_spec
    seat = parse_seat(spec)
    assert (seat.human, seat.personality, seat.level) == (False, personality, level)
    assert seat_spec(spec) == normal


@pytest.mark.parametrize("spec", ["computer@", "computer@a@b", "computer@x:y", "human@random"])
def test_a_bad_level_in_a_seat_string_says_what_was_expected(spec):
    from game.engine import SeatError, parse_seat
    with pytest.raises(SeatError, match="expected|level after '@'|takes no level"):
        parse_seat(spec)


def test_check_seat_refuses_unknown_levels(rules2019):
    from game.engine import check_seat, parse_seat
    sc = rules2019.scenario
    assert check_seat(sc, "dprk", parse_seat("computer@random")) is None
    assert "unknown level 'genius'" in check_seat(sc, "dprk", parse_seat("computer@genius"))
    assert "no lever 'yell'" in check_seat(sc, "dprk", parse_seat("computer@spam-yell"))


def test_the_play_loop_reads_levels_from_seat_strings(rules2019):
    g = Game(rules2019, 6)
    reports = g.run(turns=2, seats={"dprk": "computer@pass", "us": "computer:pressure@random"})
    assert all(r.orders["dprk"] == [] for r in reports)
    h = Game(rules2019, 6)
    for _ in range(2):
        h.submit("us", h.computer_orders("us", "pressure", "random"))
        h.submit("dprk", [])
        h.play_turn()
    assert [r.digest for r in h.reports] == [r.digest for r in reports]


def test_whales_run_takes_a_level_per_seat():
    import json as _json

    from click.testing import CliRunner

    from game.cli import cli
    from conftest import S2019
    r = CliRunner().invoke(cli, ["run", str(S2019), "--seed", "3", "--turns", "2", "--json",
                                 "--seat", "dprk=computer@pass"])
    assert r.exit_code == 0, r.output
    doc = _json.loads(r.output)
    assert doc["seats"]["dprk"] == "computer@pass"
    bad = CliRunner().invoke(cli, ["run", str(S2019), "--seat", "dprk=computer@genius"])
    assert bad.exit_code == 2 and "unknown level 'genius'" in bad.output
