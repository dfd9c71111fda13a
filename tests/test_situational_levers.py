"""Levers whose effect depends on the situation (issue 9: monthly routines that were each the
best order every turn because their effect was constant whatever the state of things).

Reassurance matters as much as the alliance is shaken, more just after a North Korean test;
Kuril talks warm relations less the warmer they are, and pressing them alone costs; courting
the same patron month after month loses its pull, and a patron's influence grows by
courtship (and Moscow's by linkage) only while it trails the other's by far. Each rule is in
the lever's resolution and in the estimate computer players use (and, for the talks, in
what the planner expects of the partner's answer), and each case asserts the direction and
the size of the change under its condition."""
from __future__ import annotations

from pytest import approx

from game.engine import Game, Order, Rules, load_scenario
from game.engine.levers.diplomacy import kuril_round, kuril_thaw, patron_pull, patron_room

from conftest import S2019, SCENARIOS


def _sum(deltas) -> dict[str, float]:
    """Per-key sums of ((key, delta), ...) (an estimate may name a key twice)."""
    out: dict[str, float] = {}
    for k, d in deltas:
        out[k] = out.get(k, 0.0) + d
    return {k: v for k, v in out.items() if v}


def _reassure(bench, *overrides: str, test_first: bool = False):
    """(alliance change, played changes, changes expected before the turn) of the US
    reassuring Japan, optionally a turn after a North Korean missile test."""
    g = bench.game(*overrides)
    if test_first:
        bench.play(g, Order("dprk", "missile_test"))
    order = Order("us", "reassure_ally", "japan")
    expected = _sum(g.rules.expected(g.state, order))
    played = bench.play(g, order)
    return played.by("reassure_ally"), expected, played


# ------------------------------------------------------------------ reassurance
def test_reassurance_is_worth_most_to_a_shaken_ally_and_nothing_to_a_settled_one(bench):
    p = bench.rules().params["reassure_ally"]
    full = dict(bench.rules().resolver.resolve(p.variants.reassurance, "us", "japan"))
    assert full["alliance.us-japan"] == 8
    # shaken (at or below shaken_at 65): the whole of it
    shaken, exp, _ = _reassure(bench, "alliances.us-japan.cohesion=60")
    assert shaken["alliance.us-japan"] == approx(8.0, abs=1e-3)
    assert shaken["relation.us.japan"] == approx(3.0, abs=1e-3)
    assert shaken == approx({k: v for k, v in exp.items() if v}, abs=1e-3)
    # half-way between shaken (65) and settled (85): half of it
    half, exp, _ = _reassure(bench, "alliances.us-japan.cohesion=75")
    assert half["alliance.us-japan"] == approx(4.0, abs=1e-3)
    assert half == approx({k: v for k, v in exp.items() if v}, abs=1e-3)
    # settled: nothing gained, and it still costs
    settled, exp, played = _reassure(bench, "alliances.us-japan.cohesion=90")
    assert "alliance.us-japan" not in settled and "relation.us.japan" not in settled
    assert settled == {"us.economy": -0.5}
    assert exp.get("alliance.us-japan", 0.0) == 0.0
    assert any("nothing gained" in h for h in played.headlines())
    # the planner's and the greedy player's estimate follows the alliance the same way
    r = bench.rules("alliances.us-japan.cohesion=60")
    assert _sum(r.expected(r.initial, Order("us", "reassure_ally", "japan")))[
        "alliance.us-japan"] == approx(8.0, abs=1e-3)


def test_after_a_north_korean_test_allies_want_more_reassurance(bench):
    before, _, _ = _reassure(bench, "alliances.us-japan.cohesion=75")
    after, exp, played = _reassure(bench, "alliances.us-japan.cohesion=75", test_first=True)
    # the test raised both marks by 5: need (90 - 75) / (90 - 70) = 0.75 of +8, not 0.5
    assert before["alliance.us-japan"] == approx(4.0, abs=1e-3)
    assert after["alliance.us-japan"] == approx(6.0, abs=1e-3)
    assert after == approx({k: v for k, v in exp.items() if v}, abs=1e-3)
    # a settled ally (85) gains nothing without a test, and something just after one
    calm, _, _ = _reassure(bench, "alliances.us-japan.cohesion=85")
    shaken, _, _ = _reassure(bench, "alliances.us-japan.cohesion=85", test_first=True)
    assert "alliance.us-japan" not in calm
    assert shaken["alliance.us-japan"] == approx(8.0 * 5 / 20, abs=1e-3)


def test_a_test_in_the_same_turn_is_news_only_afterwards(bench):
    g = bench.game("alliances.us-japan.cohesion=75")
    r = bench.play(g, Order("us", "reassure_ally", "japan"), Order("dprk", "missile_test"))
    assert r.by("reassure_ally")["alliance.us-japan"] == approx(4.0, abs=1e-3)


# ------------------------------------------------------------------ Kuril talks
def test_pressing_kuril_talks_alone_costs_rather_than_warms(bench):
    g = bench.game()
    order = Order("japan", "kuril_talks", "russia")
    lv, p = g.rules.levers["kuril_talks"], g.rules.params["kuril_talks"]
    played = bench.play(g, order)
    ch = played.by("kuril_talks")
    # it used to warm relations by 2 whether or not Moscow came
    assert ch == {"relation.russia.japan": -1.0, "japan.clout": -1.0}
    assert any("does not engage" in h for h in played.headlines())
    # the planner expects that cost when Moscow stays away
    oc = lv.outcomes(g.rules, g.state, order, p)
    assert _sum(oc.no) == {"relation.russia.japan": -1.0, "japan.clout": -1.0}
    assert oc.now == ()


def _together(bench, *overrides: str):
    g = bench.game(*overrides)
    jp, ru = Order("japan", "kuril_talks", "russia"), Order("russia", "kuril_talks", "japan")
    lv, p = g.rules.levers["kuril_talks"], g.rules.params["kuril_talks"]
    thaw = kuril_thaw(g.rules, g.state, jp, p)
    yes = _sum(lv.outcomes(g.rules, g.state, jp, p).yes)
    estimate = _sum(g.rules.expected(g.state, jp))
    played = bench.play(g, jp, ru)
    return played.by("kuril_talks"), thaw, yes, estimate, played


def test_kuril_talks_warm_relations_less_the_warmer_they_are(bench):
    # 2019: relations at 5, well below the dispute's ceiling (50) less its span (40)
    cool, thaw, yes, est, _ = _together(bench)
    assert thaw == 1.0
    assert cool == {"relation.russia.japan": 5.0, "japan.kurils": 4.0,
                    "russia.far_east": 3.0, "russia.economy": 0.5}
    assert yes == approx(cool, abs=1e-3)
    # the quick estimate: the partner comes one time in two
    assert est == approx({"relation.russia.japan": 0.5 * 5.0 - 0.5 * 1.0, "japan.kurils": 2.0,
                          "russia.far_east": 1.5, "russia.economy": 0.25,
                          "japan.clout": -0.5}, abs=1e-3)
    # at 30 the thaw is half; the islands and the money move as before
    warm, thaw, yes, est, _ = _together(bench, "relations.russia-japan=30")
    assert thaw == approx(0.5, abs=1e-3)
    assert warm["relation.russia.japan"] == approx(2.5, abs=1e-3)
    assert warm["japan.kurils"] == 4.0 and warm["russia.far_east"] == 3.0
    assert yes["relation.russia.japan"] == approx(2.5, abs=1e-3)
    assert est["relation.russia.japan"] == approx(0.5 * 2.5 - 0.5 * 1.0, abs=1e-3)
    # at the ceiling and above, talks over the unresolved islands make no friends
    cold, thaw, yes, _, played = _together(bench, "relations.russia-japan=60")
    assert thaw == 0.0
    assert "relation.russia.japan" not in cold and cold["japan.kurils"] == 4.0
    assert "relation.russia.japan" not in yes
    assert any("keeps relations cool" in h for h in played.headlines())


def test_kuril_talks_come_in_rounds(bench):
    # 2019 (relations at 5: the whole thaw). A session a month after the last does half of
    # its joint part (round_months 2), and the planner's estimate and outcomes know it
    g = bench.game()
    jp, ru = Order("japan", "kuril_talks", "russia"), Order("russia", "kuril_talks", "japan")
    lv, p = g.rules.levers["kuril_talks"], g.rules.params["kuril_talks"]
    assert p.params.round_months == 2
    assert kuril_round(g.rules, g.state, jp, p) == 1.0
    first = bench.play(g, jp, ru).by("kuril_talks")
    assert first["japan.kurils"] == 4.0 and first["relation.russia.japan"] == 5.0
    # the round is the pair's, whichever side asks
    assert kuril_round(g.rules, g.state, jp, p) == approx(0.5, abs=1e-3)
    assert kuril_round(g.rules, g.state, ru, p) == approx(0.5, abs=1e-3)
    yes = _sum(lv.outcomes(g.rules, g.state, jp, p).yes)
    est = _sum(g.rules.expected(g.state, jp))
    soon = bench.play(g, jp, ru)
    again = soon.by("kuril_talks")
    assert again["japan.kurils"] == approx(2.0, abs=1e-3)
    assert again["russia.far_east"] == approx(1.5, abs=1e-3)
    assert yes["japan.kurils"] == approx(2.0, abs=1e-3)
    assert est["japan.kurils"] == approx(0.5 * 2.0, abs=1e-3)
    assert any("so soon after the last round (50%)" in h for h in soon.headlines())
    # pressing alone is no round: two months after the last session, a whole one again
    bench.play(g, jp)
    assert kuril_round(g.rules, g.state, jp, p) == 1.0
    assert bench.play(g, jp, ru).by("kuril_talks")["japan.kurils"] == 4.0


def test_kuril_rounds_can_be_turned_off_in_yaml(bench):
    g = bench.game("levers.kuril_talks.params.round_months=0")
    jp, ru = Order("japan", "kuril_talks", "russia"), Order("russia", "kuril_talks", "japan")
    bench.play(g, jp, ru)
    assert bench.play(g, jp, ru).by("kuril_talks")["japan.kurils"] == 4.0


# ------------------------------------------------------------------ playing the patrons
def test_courting_the_same_patron_month_after_month_loses_its_pull(bench):
    g = bench.game("influence.russia=5")
    order = Order("dprk", "play_patrons", "russia")
    p = g.rules.params["play_patrons"]
    first = bench.play(g, order).by("play_patrons")
    assert first["relation.russia.dprk"] == approx(3.0, abs=1e-3)
    # a month later: a quarter of the pull (regain_months 4)
    assert patron_pull(g.rules, g.state, order, p) == approx(0.25, abs=1e-3)
    expected = _sum(g.rules.expected(g.state, order))
    again = bench.play(g, order)
    ch = again.by("play_patrons")
    assert ch["relation.russia.dprk"] == approx(0.75, abs=1e-3)
    assert ch == approx({k: v for k, v in expected.items() if v}, abs=1e-3)
    assert ch["dprk.hard_currency"] < first["dprk.hard_currency"]
    assert any("has heard it lately" in h for h in again.headlines())
    # four months on, the full pull again
    for _ in range(3):
        bench.play(g)
    assert patron_pull(g.rules, g.state, order, p) == 1.0
    assert bench.play(g, order).by("play_patrons")["relation.russia.dprk"] == approx(3.0, abs=1e-3)


def test_a_patron_gains_influence_by_courtship_only_while_it_trails_far(bench):
    order = Order("dprk", "play_patrons", "russia")
    # Russia 5, China 60: room 1 - 5 / (0.35 * 60) of the +3
    g = bench.game("influence.russia=5")
    p = g.rules.params["play_patrons"]
    room = patron_room(g.state, order, p)
    assert room == approx(1 - 5 / 21, abs=1e-3)
    assert bench.play(g, order).by("play_patrons")["influence.russia"] == approx(3 * room, abs=1e-3)
    # Russia at 0.35 of China's or more: courting wins Moscow no more pull in Pyongyang,
    # though relations and Pyongyang's pocket still gain
    g = bench.game("influence.russia=30")
    ch = bench.play(g, order).by("play_patrons")
    assert "influence.russia" not in ch
    assert ch["relation.russia.dprk"] == approx(3.0, abs=1e-3) and ch["dprk.hard_currency"] > 0


def test_linkage_wins_moscow_pull_in_pyongyang_only_while_it_trails_beijing_far(bench):
    order = Order("russia", "linkage", "us")
    g = bench.game("influence.russia=5")
    scale = g.state.values["track.ukraine"] / 50.0
    room = 1 - 5 / (0.35 * 60)
    expected = _sum(g.rules.expected(g.state, order))
    ch = bench.play(g, order).by("linkage")
    assert ch["influence.russia"] == approx(2 * scale * room, abs=1e-3)
    assert ch == approx({k: v for k, v in expected.items() if v}, abs=1e-3)
    g = bench.game("influence.russia=30")
    ch = bench.play(g, order).by("linkage")
    assert "influence.russia" not in ch
    assert ch["influence.us"] == approx(-2 * scale, abs=1e-3)     # Washington still pays


# ------------------------------------------------------------------ fuel at sea
def _transfer(bench, fuel: float, order: Order, *overrides: str, path=None):
    """(the transfer's played changes, the changes expected before the turn) at DPRK fuel
    ``fuel``."""
    g = bench.game(*overrides, **({"path": path} if path else {}))
    g.state.values["dprk.fuel"] = fuel
    expected = _sum(g.rules.expected(g.state, order))
    played = bench.play(g, order)
    return played.by("ship_to_ship_fuel"), expected


def test_a_fuel_transfer_buys_moscow_in_pyongyang_as_much_as_the_north_is_short(bench):
    # 2019: "will seek continued Russian help evading punitive economic sanctions ...
    # including the illegal shipment of fuel oil at sea": short under the UNSCR 2397 cap
    # (fuel at or below 25), the North is grateful to its supplier; with stocks in hand (45
    # or more) a transfer buys Moscow nothing but the risk
    order = Order("russia", "ship_to_ship_fuel", "dprk")
    short, exp = _transfer(bench, 20.0, order)
    assert short["influence.russia"] == approx(3.5, abs=1e-3)
    assert short["relation.russia.dprk"] == approx(3.5, abs=1e-3)
    assert short["dprk.fuel"] == approx(8.0, abs=1e-3)
    assert short == approx(exp, abs=1e-3)
    half, exp = _transfer(bench, 35.0, order)
    assert half["influence.russia"] == approx(1.75, abs=1e-3)
    assert half == approx(exp, abs=1e-3)
    ample, exp = _transfer(bench, 50.0, order)
    assert "influence.russia" not in ample and "relation.russia.dprk" not in ample
    assert ample["dprk.fuel"] == approx(8.0, abs=1e-3)
    assert exp.get("influence.russia", 0.0) == 0.0


def test_moscow_is_the_supplier_whichever_side_orders_the_transfer(bench):
    got, exp = _transfer(bench, 20.0, Order("dprk", "ship_to_ship_fuel", "russia"))
    assert got["influence.russia"] == approx(3.5, abs=1e-3)
    assert got["relation.russia.dprk"] == approx(3.5, abs=1e-3)
    assert "influence.dprk" not in got
    assert got == approx(exp, abs=1e-3)


def test_the_need_is_read_before_the_transfer_lands(bench):
    # fuel 24 is short (need 1): the transfer's own +8 (to 32) does not cut the gratitude
    got, _ = _transfer(bench, 24.0, Order("russia", "ship_to_ship_fuel", "dprk"))
    assert got["influence.russia"] == approx(3.5, abs=1e-3)


def test_without_a_relief_in_its_scenario_a_transfer_buys_nothing_in_pyongyang(bench):
    # the lever's default relief is empty: the 2015 scenario (no cap data) is unchanged
    got, exp = _transfer(bench, 10.0, Order("russia", "ship_to_ship_fuel", "dprk"),
                         path=SCENARIOS / "victory-day-2015.yaml")
    assert "influence.russia" not in got and "relation.russia.dprk" not in got
    assert got["dprk.fuel"] > 0 and got == approx(exp, abs=1e-3)


def test_under_the_2019_cap_chinese_aid_carries_little_fuel(bench):
    # UNSCR 2397's cap on refined petroleum: Beijing's aid is food and a little fuel
    g = bench.game()
    g.state.values["dprk.fuel"] = 0.0
    got = bench.play(g, Order("china", "food_energy_aid", "dprk")).by("food_energy_aid")
    assert 0 < got["dprk.fuel"] <= 1.0
    assert got["dprk.economy"] > 0      # the food still arrives


def test_moscow_ships_fuel_at_sea_in_some_2019_games_because_the_north_is_short():
    # all-computer 2019 games: with the relief, some fuel goes to sea (Moscow ordering it in
    # some games); the same games with the relief zeroed (the situation gives Moscow
    # nothing for it) see Moscow order none
    def transfers(*overrides: str) -> tuple[int, int]:
        rules = Rules(load_scenario(S2019, list(overrides)))
        games = by_russia = 0
        for seed in range(40):
            g = Game(rules, seed)
            g.run()
            ops = [op for op in g.state.covert if op.lever == "ship_to_ship_fuel"]
            games += bool(ops)
            by_russia += any(op.actor == "russia" for op in ops)
        return games, by_russia

    games, by_russia = transfers()
    # (Moscow also keeps the workers on now, with the same capital: in 2 games of 40 it
    # ships fuel itself, now that Kuril talks come in rounds; the North orders the rest)
    assert games >= 12 and by_russia >= 1
    zero = "levers.ship_to_ship_fuel.variants.relief={}"
    assert transfers(zero)[1] == 0
