"""Casebook: the economy levers, and transit projects over several turns (proposed, joined by
both Koreas, built a step a turn, stalled by tension, completed, paying, shelved). Each case
isolates the orders under test and reads their ledger entries."""
from __future__ import annotations

import pytest
from pytest import approx

from game.engine import IllegalOrderError, Order


def test_food_energy_aid_feeds_the_recipient_and_buys_influence(bench):
    g = bench.game()
    before = dict(g.state.values)
    r = bench.play(g, Order("china", "food_energy_aid", "dprk"))
    ch = r.by("food_energy_aid")
    assert bench.signs(ch) == {"dprk.economy": "+", "dprk.stability": "+", "dprk.fuel": "+",
                               "china.economy": "-", "influence.china": "+",
                               "relation.china.dprk": "+"}
    # aid keeps the North afloat rather than rich: each of its own gains is cut by how well off
    # it already is there (the gap to the top of the scale); China's cost and what the aid buys
    # it are whole
    full = bench.expected(g, "food_energy_aid", "china", "dprk")
    want = {k: (d * (100.0 - before[k]) / 100.0 if k.startswith("dprk.") else d)
            for k, d in full.items()}
    assert ch == approx(want, abs=1e-3)
    assert ch["dprk.fuel"] < full["dprk.fuel"] and ch["china.economy"] == full["china.economy"]
    assert r.spent("china") == g.rules.params["food_energy_aid"].cost
    # the PRC's aid to the DPRK: "There is no aid, like the energy and food provided by the
    # PRC" — nobody else gives it, and it goes to nobody else
    assert g.why_illegal(Order("japan", "food_energy_aid", "dprk")) == \
        "Japan cannot use Food and energy aid"
    assert g.why_illegal(Order("russia", "food_energy_aid", "dprk")) == \
        "Russia cannot use Food and energy aid"
    for t in ("us", "russia", "rok", "japan"):
        assert g.why_illegal(Order("china", "food_energy_aid", t)) == \
            f"Food and energy aid cannot target {g.rules.name(t)}"


def test_food_energy_aid_gives_a_well_off_north_less(bench):
    # the same aid to a North short of fuel and to one with its tanks nearly full: the fuller
    # they are, the less it adds; the goodwill and influence it buys do not shrink
    gains = {}
    for fuel in (10.0, 90.0):
        g = bench.game()
        g.state.values["dprk.fuel"] = fuel
        r = bench.play(g, Order("china", "food_energy_aid", "dprk"))
        gains[fuel] = r.by("food_energy_aid")
    full = gains[10.0]["dprk.fuel"] / 0.9
    assert gains[10.0]["dprk.fuel"] == approx(full * 0.9, abs=1e-6)
    assert gains[90.0]["dprk.fuel"] == approx(full * 0.1, abs=1e-6)
    assert gains[90.0]["influence.china"] == gains[10.0]["influence.china"] > 0


def test_debt_writeoff_forgives_most_of_the_debt(bench):
    g = bench.game()
    debt = g.state.values["debt.dprk.russia"]
    share = g.rules.params["debt_writeoff"].params.share
    r = bench.play(g, Order("russia", "debt_writeoff", "dprk"))
    ch = r.by("debt_writeoff")
    assert ch == approx(bench.add(bench.expected(g, "debt_writeoff", "russia", "dprk"),
                                  {"debt.dprk.russia": -debt * share}), abs=1e-3)
    assert bench.signs(ch) == {"relation.russia.dprk": "+", "influence.russia": "+",
                               "dprk.economy": "+", "debt.dprk.russia": "-"}
    assert r.spent("russia") == g.rules.params["debt_writeoff"].cost
    # what is left is not worth writing off again
    assert g.why_illegal(Order("russia", "debt_writeoff", "dprk")) == \
        "that state owes you nothing worth writing off"


def test_debt_writeoff_needs_a_debt(bench):
    g = bench.game()
    assert g.why_illegal(Order("china", "debt_writeoff", "dprk")) == \
        "that state owes you nothing worth writing off"
    assert g.why_illegal(Order("dprk", "debt_writeoff", "russia")) == \
        "that state owes you nothing worth writing off"
    assert Order("china", "debt_writeoff", "dprk") not in g.legal_orders("china")
    assert Order("russia", "debt_writeoff", "dprk") in g.legal_orders("russia")


def test_trade_agreement_grows_trade(bench):
    g = bench.game()
    r = bench.play(g, Order("rok", "trade_agreement", "russia"))
    ch = r.by("trade_agreement")
    assert bench.signs(ch) == {"trade.russia.rok": "+", "relation.russia.rok": "+",
                               "rok.economy": "+", "russia.economy": "+"}
    assert ch == approx(bench.expected(g, "trade_agreement", "rok", "russia"), abs=1e-3)
    assert r.spent("rok") == g.rules.params["trade_agreement"].cost


def test_trade_agreement_with_the_dprk_is_cut_by_sanctions(bench):
    g = bench.game()
    v = g.state.values
    scale = 1.0 - 0.8 * v["track.un_sanctions"] / 100 * v["enforcement.russia"] / 100
    assert scale < 1
    ch = bench.play(g, Order("russia", "trade_agreement", "dprk")).by("trade_agreement")
    # Galushka's trade is Far East development, and a dealer's pull in Pyongyang; all cut
    assert ch == approx(bench.add(
        bench.expected(g, "trade_agreement", "russia", "dprk", scale=scale),
        bench.expected(g, "trade_agreement", "russia", "dprk", "with_dprk", scale=scale)),
        abs=1e-3)
    assert ch["trade.russia.dprk"] > 0 and ch["russia.far_east"] > 0
    assert ch["influence.russia"] > 0
    # a deal a year with the same partner; none between the North and the US or Japan
    assert g.why_illegal(Order("russia", "trade_agreement", "dprk")).startswith(
        "used on North Korea in turn 1; not again before turn 13")
    assert g.why_illegal(Order("japan", "trade_agreement", "dprk")).startswith(
        "Trade and economic agreement: Japan and North Korea are not one of its pairs")
    # the stricter the dealer enforces, the less survives
    strict = bench.game("actors.russia.enforcement=100")
    ch2 = bench.play(strict, Order("russia", "trade_agreement", "dprk")).by("trade_agreement")
    assert 0 < ch2["trade.russia.dprk"] < ch["trade.russia.dprk"]


def test_far_east_investment_develops_the_far_east_and_strains_the_alliance(bench):
    g = bench.game()
    r = bench.play(g, Order("rok", "far_east_investment", "russia"))
    ch = r.by("far_east_investment")
    assert bench.signs(ch) == {"russia.far_east": "+", "russia.economy": "+",
                               "rok.economy": "-", "relation.russia.rok": "+",
                               "alliance.us-rok": "-", "trade.russia.rok": "+"}
    assert ch == approx(bench.expected(g, "far_east_investment", "rok", "russia"), abs=1e-3)
    assert r.spent("rok") == g.rules.params["far_east_investment"].cost
    assert g.why_illegal(Order("us", "far_east_investment", "russia")) == \
        "United States cannot use Invest in Russia's Far East"
    assert g.why_illegal(Order("rok", "far_east_investment", "china")) == \
        "Invest in Russia's Far East cannot target China"


# ------------------------------------------------------------------ Kaesong
def test_kaesong_investment_needs_kaesong_open(bench):
    closed = bench.game()
    assert closed.state.kaesong_open is False
    assert closed.why_illegal(Order("russia", "kaesong_investment", "dprk")) == \
        "the Kaesong Industrial Complex is closed"
    g = bench.game("kaesong_open=true")
    v = g.state.values
    scale = 1.0 - 0.8 * v["track.un_sanctions"] / 100 * v["enforcement.russia"] / 100
    r = bench.play(g, Order("russia", "kaesong_investment", "dprk"))
    ch = r.by("kaesong_investment")
    assert bench.signs(ch) == {"dprk.hard_currency": "+", "dprk.economy": "+",
                               "russia.economy": "-", "influence.russia": "+",
                               "relation.russia.dprk": "+"}
    # Russian money, out of Russia's own economy; what reaches the North is cut by sanctions
    full = bench.expected(g, "kaesong_investment", "russia", "dprk")
    assert ch == approx({k: d * scale if k.startswith("dprk.") else d for k, d in full.items()},
                        abs=1e-3)
    assert r.spent("russia") == g.rules.params["kaesong_investment"].cost
    # "Russian investment there": not Beijing's six times a game, nor Seoul's
    assert g.why_illegal(Order("china", "kaesong_investment", "dprk")) == \
        "China cannot use Invest in the Kaesong Industrial Complex"
    assert g.why_illegal(Order("rok", "kaesong_investment", "dprk")) == \
        "South Korea cannot use Invest in the Kaesong Industrial Complex"
    assert g.why_illegal(Order("russia", "kaesong_investment", "dprk")).startswith(
        "used on North Korea in turn 1; not again before turn 7")


def test_close_kaesong_cuts_hard_currency_and_closes_it(bench):
    closed = bench.game()
    assert closed.why_illegal(Order("rok", "close_kaesong", "dprk")) == \
        "the Kaesong Industrial Complex is closed"
    g = bench.game("kaesong_open=true")
    r = bench.play(g, Order("rok", "close_kaesong", "dprk"))
    ch = r.by("close_kaesong")
    assert bench.signs(ch) == {"dprk.hard_currency": "-", "dprk.economy": "-",
                               "rok.economy": "-", "relation.dprk.rok": "-",
                               "alliance.us-rok": "+", "track.tension": "+"}
    assert ch == approx(bench.expected(g, "close_kaesong", "rok", "dprk"), abs=1e-3)
    assert r.spent("rok") == g.rules.params["close_kaesong"].cost
    assert g.state.kaesong_open is False
    assert g.public_view().kaesong_open is False
    assert g.why_illegal(Order("russia", "kaesong_investment", "dprk")) == \
        "the Kaesong Industrial Complex is closed"
    assert g.why_illegal(Order("us", "close_kaesong", "dprk")) == \
        "United States cannot use Close the Kaesong Industrial Complex"


def test_reopen_kaesong_reopens_it(bench):
    g = bench.game()
    r = bench.play(g, Order("rok", "reopen_kaesong", "dprk"))
    ch = r.by("reopen_kaesong")
    assert bench.signs(ch) == {"dprk.hard_currency": "+", "dprk.economy": "+",
                               "rok.economy": "+", "relation.dprk.rok": "+",
                               "alliance.us-rok": "-", "track.tension": "-"}
    assert ch == approx(bench.expected(g, "reopen_kaesong", "rok", "dprk"), abs=1e-3)
    assert r.spent("rok") == g.rules.params["reopen_kaesong"].cost
    assert g.state.kaesong_open is True
    assert g.why_illegal(Order("rok", "reopen_kaesong", "dprk")) == \
        "the Kaesong Industrial Complex is open"
    assert g.why_illegal(Order("russia", "kaesong_investment", "dprk")) is None


# ------------------------------------------------------------------ transit projects
def _project(g, kind):
    [pr] = [p for p in g.state.projects if p.kind == kind]
    return pr


def test_transit_project_is_proposed_by_russia(bench):
    g = bench.game()
    r = bench.play(g, Order("russia", "transit_project", None, "railroad"))
    # proposing it changes nothing yet (the coal terminal of the scenario's history pays
    # its income, as every turn)
    assert {k: d for k, d in r.by("transit_project", kind=None).items()} == \
        approx(bench.expected(g, "transit_project", "russia", None, "income"), abs=1e-3)
    assert r.by("transit_project") == {}
    assert r.spent("russia") == g.rules.params["transit_project"].cost
    pr = _project(g, "railroad")
    assert (pr.builder, pr.started, pr.status, pr.progress, pr.joined) == \
        ("russia", 1, "proposed", 0, ())
    # work is counted in months: a railroad needs the months its kind does
    tp = g.rules.params["transit_project"].params
    assert pr.needed == tp.months_for("railroad") == tp.months_railroad
    assert any("needs both Koreas to join" in h for h in r.headlines())


def test_transit_project_preconditions(bench):
    g = bench.game()
    assert g.why_illegal(Order("china", "transit_project", None, "railroad")) == \
        "China cannot use Transit project through the DPRK"
    assert g.why_illegal(Order("russia", "transit_project")) == \
        "Transit project through the DPRK needs one of: coal_terminal, railroad, " \
        "gas_pipeline, power_lines"
    bench.play(g, Order("russia", "transit_project", None, "railroad"))
    assert g.why_illegal(Order("russia", "transit_project", None, "railroad")) == \
        "the railroad is already proposed"
    assert g.why_illegal(Order("russia", "transit_project", None, "gas_pipeline")) is None


def test_join_project_needs_a_proposed_project(bench):
    g = bench.game()
    assert g.why_illegal(Order("dprk", "join_project", "russia", "railroad")) == \
        "no project of that kind by that state is waiting for you"
    assert g.why_illegal(Order("us", "join_project", "russia", "railroad")) == \
        "United States cannot use Join a transit project"
    assert g.why_illegal(Order("dprk", "join_project", "china", "railroad")) == \
        "Join a transit project cannot target China"
    bench.play(g, Order("russia", "transit_project", None, "railroad"))
    assert g.why_illegal(Order("dprk", "join_project", "russia", "railroad")) is None
    assert g.why_illegal(Order("dprk", "join_project", "russia", "gas_pipeline")) == \
        "no project of that kind by that state is waiting for you"
    r = bench.play(g, Order("dprk", "join_project", "russia", "railroad"))
    ch = r.by("join_project")
    assert bench.signs(ch) == {"relation.russia.dprk": "+"}
    assert ch == approx(bench.expected(g, "join_project", "dprk", "russia"), abs=1e-3)
    assert r.spent("dprk") == g.rules.params["join_project"].cost
    assert _project(g, "railroad").joined == ("dprk",)
    assert _project(g, "railroad").status == "proposed"      # one Korea is not enough
    # joining twice is not allowed
    assert g.why_illegal(Order("dprk", "join_project", "russia", "railroad")) == \
        "no project of that kind by that state is waiting for you"


def test_transit_project_needs_both_koreas_then_advances_a_step_a_turn(bench):
    # every month's work done (execution 1) on a railroad of four months
    g = bench.game("levers.transit_project.params.months_railroad=4",
                   "levers.transit_project.params.execution=1")
    needed = 4
    bench.play(g, Order("russia", "transit_project", None, "railroad"))
    bench.play(g, Order("dprk", "join_project", "russia", "railroad"))
    pr = _project(g, "railroad")
    assert (pr.status, pr.progress) == ("proposed", 0)
    r = bench.play(g, Order("rok", "join_project", "russia", "railroad"))
    assert any("work starts on the railroad" in h for h in r.headlines())
    assert (pr.status, pr.progress, pr.joined) == ("building", 1, ("dprk", "rok"))
    steps = [pr.progress]
    while pr.status == "building":
        r = bench.play(g)
        steps.append(pr.progress)
    assert steps == list(range(1, needed + 1))
    assert pr.status == "complete"
    done = [e for _, e in r.entries("transit_project", "project")
            if e[3].label == "Transit project: the railroad"]
    got = {}
    for _, k, d, _ in done:
        got[k] = got.get(k, 0.0) + d
    assert got == approx(bench.expected(g, "transit_project", "russia", None, "complete"),
                         abs=1e-3)
    assert bench.signs(got) == {"russia.far_east": "+", "russia.clout": "+",
                                "dprk.hard_currency": "+", "rok.economy": "+",
                                "influence.russia": "+", "relation.russia.rok": "+",
                                "relation.dprk.rok": "+", "trade.russia.rok": "+"}
    assert any("railroad from Russia through the North to the South is complete" in h
               for h in r.headlines())
    # once complete it cannot be proposed again
    assert g.why_illegal(Order("russia", "transit_project", None, "railroad")) == \
        "the railroad is already complete"


def test_history_projects_are_built_and_pay_from_the_start(bench):
    # "Already Russia is shipping some coal to the South via a cargo terminal in the DPRK"
    g = bench.game()
    pr = _project(g, "coal_terminal")
    assert (pr.builder, pr.status) == ("russia", "complete")
    assert g.why_illegal(Order("russia", "transit_project", None, "coal_terminal")) == \
        "the coal terminal is already complete"
    r = bench.play(g)
    paid = {}
    for _, (_, k, d, c) in r.entries("transit_project", "project"):
        assert c.label == "Income from the coal terminal"
        paid[k] = paid.get(k, 0.0) + d
    assert paid == approx(bench.expected(g, "transit_project", "russia", None, "income"),
                          abs=1e-3)
    # without that history, nothing is built and nothing pays
    none = bench.game("history.projects=[]")
    assert none.state.projects == []
    assert bench.play(none).entries("transit_project", "project") == []


def test_transit_project_complete_pays_income_every_turn(bench):
    g = bench.game("history.projects=[]", "levers.transit_project.params.execution=1")
    needed = g.rules.params["transit_project"].params.months_coal_terminal
    bench.play(g, Order("russia", "transit_project", None, "coal_terminal"))
    bench.play(g, Order("dprk", "join_project", "russia", "coal_terminal"),
               Order("rok", "join_project", "russia", "coal_terminal"))
    for _ in range(int(needed) - 1):
        bench.play(g)
    assert _project(g, "coal_terminal").status == "complete"
    income = bench.expected(g, "transit_project", "russia", None, "income")
    assert bench.signs(income) == {"russia.far_east": "+", "dprk.hard_currency": "+",
                                   "rok.economy": "+"}
    for _ in range(2):
        r = bench.play(g)
        paid = {}
        for _, (_, k, d, c) in r.entries("transit_project", "project"):
            assert c.label == "Income from the coal terminal"
            paid[k] = paid.get(k, 0.0) + d
        assert paid == approx(income, abs=1e-3)


def test_transit_project_stalls_when_tension_is_high(bench):
    g = bench.game("levers.transit_project.params.max_tension=45")
    bench.play(g, Order("russia", "transit_project", None, "railroad"))
    r = bench.play(g, Order("dprk", "join_project", "russia", "railroad"),
                   Order("rok", "join_project", "russia", "railroad"))
    pr = _project(g, "railroad")
    assert pr.status == "building"
    for _ in range(3):
        assert g.state.values["track.tension"] >= 45
        assert pr.progress == 0
        assert any("Work on the railroad stalls" in h for h in r.headlines())
        r = bench.play(g)
    # the same turns at normal tension make progress (every month's work done)
    calm = bench.game("levers.transit_project.params.execution=1")
    bench.play(calm, Order("russia", "transit_project", None, "railroad"))
    bench.play(calm, Order("dprk", "join_project", "russia", "railroad"),
               Order("rok", "join_project", "russia", "railroad"))
    assert _project(calm, "railroad").progress == 1


def test_transit_project_work_falls_behind_as_often_as_execution_says(bench):
    # "economic plans are not always executed in the North": each month of work planned is
    # done with chance `execution`, drawn from the game's generator — so the same seed builds
    # the same way, and over many months the share done is about the chance
    def months_done(seed, execution):
        g = bench.game("levers.transit_project.params.months_railroad=200",
                       f"levers.transit_project.params.execution={execution}", seed=seed)
        bench.play(g, Order("russia", "transit_project", None, "railroad"))
        r = bench.play(g, Order("dprk", "join_project", "russia", "railroad"),
                       Order("rok", "join_project", "russia", "railroad"))
        pr = _project(g, "railroad")
        steps, behind = [], 0
        while True:
            steps.append(pr.progress)
            behind += any("Work on the railroad falls behind: the plan is not carried out" in h
                          for h in r.headlines())
            if g.over:
                return steps, behind
            r = bench.play(g)
    runs = [months_done(seed, 0.5) for seed in range(12)]
    assert runs[3] == months_done(3, 0.5)                  # the seed decides, nothing else
    grew = [b - a for steps, _ in runs for a, b in zip([0] + steps, steps)]
    assert set(grew) == {0, 1}                             # a month a turn, or nothing
    assert 0.35 < sum(grew) / len(grew) < 0.65
    assert sum(b for _, b in runs) == grew.count(0)        # each lost month is news
    full, lost = months_done(0, 1.0)
    assert lost == 0 and full == list(range(1, len(full) + 1))


def test_transit_project_work_is_in_months_whatever_a_turn_stands_for(bench):
    # a power line of six months, every month's work done: six monthly turns, two quarterly
    for months, turns in ((1, 6), (3, 2)):
        g = bench.game(f"turn_months={months}", "turns=8",
                       "levers.transit_project.params.months_power_lines=6",
                       "levers.transit_project.params.execution=1")
        bench.play(g, Order("russia", "transit_project", None, "power_lines"))
        bench.play(g, Order("dprk", "join_project", "russia", "power_lines"),
                   Order("rok", "join_project", "russia", "power_lines"))
        pr = _project(g, "power_lines")
        built = 1
        while pr.status == "building":
            bench.play(g)
            built += 1
        assert (pr.status, pr.progress, built) == ("complete", 6, turns)
        # the planner's expected wait says the same: turns of work at the chance of each
        tp = g.rules.params["transit_project"].params
        assert tp.turns_to_build(6, months) == turns
        assert tp.model_copy(update={"execution": 0.5}).turns_to_build(6, months) == 2 * turns


def test_transit_project_stalls_when_the_koreas_are_hostile(bench):
    g = bench.game("relations.dprk-rok=-90")
    bench.play(g, Order("russia", "transit_project", None, "railroad"))
    r = bench.play(g, Order("dprk", "join_project", "russia", "railroad"),
                   Order("rok", "join_project", "russia", "railroad"))
    assert _project(g, "railroad").progress == 0
    assert any("stalls" in h for h in r.headlines())


def test_transit_project_nobody_joins_is_shelved_after_expiry(bench):
    g = bench.game()
    expiry = int(g.rules.params["transit_project"].params.expiry)
    bench.play(g, Order("russia", "transit_project", None, "gas_pipeline"))
    pr = _project(g, "gas_pipeline")
    for _ in range(expiry - 1):
        r = bench.play(g)
        assert pr.status == "proposed"
    r = bench.play(g)
    assert r.turn == 1 + expiry
    assert pr.status == "cancelled"
    assert any("The gas pipeline is shelved" in h for h in r.headlines())
    assert g.why_illegal(Order("rok", "join_project", "russia", "gas_pipeline")) == \
        "no project of that kind by that state is waiting for you"
    # a shelved project may be proposed again
    assert g.why_illegal(Order("russia", "transit_project", None, "gas_pipeline")) is None


def test_transit_project_one_korea_is_not_enough_to_save_it(bench):
    g = bench.game()
    expiry = int(g.rules.params["transit_project"].params.expiry)
    bench.play(g, Order("russia", "transit_project", None, "power_lines"))
    bench.play(g, Order("rok", "join_project", "russia", "power_lines"))
    for _ in range(expiry - 1):
        bench.play(g)
    assert _project(g, "power_lines").status == "cancelled"


def test_join_project_submit_raises_for_a_missing_project(bench):
    g = bench.game()
    with pytest.raises(IllegalOrderError, match="no project of that kind"):
        g.submit("rok", [Order("rok", "join_project", "russia", "railroad")])
