"""Casebook: the covert levers and their detection.

Effects land at once but are hidden from every state not involved ("Unexplained") until the
operation is detected; then it is public and its on_detect consequences follow. Detection is
forced through scenario overrides: detection=1.0 always finds an operation, detection=0 with
watch=0 never does, and a huge ``watch`` with no enforcement finds it only once some watcher
starts enforcing.
"""
from __future__ import annotations

import pytest
from pytest import approx

from game.engine import Game, Order
from game.engine.levers.covert import exposure_chance

COVERT = ("ship_to_ship_fuel", "chemical_exports", "workers_abroad", "tech_help")


def never(lever: str) -> tuple[str, ...]:
    return (f"levers.{lever}.detection=0", f"levers.{lever}.params.watch=0")


def always(lever: str) -> tuple[str, ...]:
    return (f"levers.{lever}.detection=1.0",)


def _not_drift(rows: list[dict]) -> list[dict]:
    """The parts of a change that are not what happens on its own (drift, capital, and the
    coal terminal the 2019 scenario's history has paying every turn)."""
    return [r for r in rows if r["kind"] not in ("drift", "cost", "capital", "project")]


def _covert_case(bench, lever, order, want_signs, *overrides: str):
    g = bench.game(*never(lever), *overrides)
    r = bench.play(g, order)
    ch = r.by(lever)
    assert bench.signs(ch) == want_signs
    assert ch == approx(bench.expected(g, lever, order.actor, order.target), abs=1e-3)
    assert r.spent(order.actor) == g.rules.params[lever].cost
    assert all(e[3].covert for _, e in r.entries(lever))
    [op] = g.state.covert
    assert (op.turn, op.actor, op.lever, op.target, op.detected_turn) == \
        (1, order.actor, lever, order.target, None)
    # the news of it is private to those involved
    secret = [n for n in r.report.news if n["cause"].lever == lever]
    assert secret and not any(n["public"] for n in secret)
    return g, r


def test_ship_to_ship_fuel_fuels_the_dprk(bench):
    # with stocks in hand (the 2019 opening's 25 is short under the UNSCR 2397 cap: there
    # the transfer also buys Moscow gratitude, see test_situational_levers)
    _covert_case(bench, "ship_to_ship_fuel", Order("russia", "ship_to_ship_fuel", "dprk"),
                 {"dprk.fuel": "+", "dprk.economy": "+"},
                 "actors.dprk.indicators.fuel=50")


def test_ship_to_ship_fuel_is_moscow_and_pyongyang(bench):
    # "continued Russian help evading punitive economic sanctions, including the illegal
    # shipment of fuel oil at sea": Russia and the DPRK, either side ordering it
    g = bench.game()
    assert g.why_illegal(Order("russia", "ship_to_ship_fuel", "china")) == \
        "Ship-to-ship fuel transfers cannot target China"
    assert g.why_illegal(Order("dprk", "ship_to_ship_fuel", "russia")) is None
    assert g.why_illegal(Order("china", "ship_to_ship_fuel", "dprk")) == \
        "China cannot use Ship-to-ship fuel transfers"
    assert g.why_illegal(Order("us", "ship_to_ship_fuel", "dprk")) == \
        "United States cannot use Ship-to-ship fuel transfers"
    assert g.why_illegal(Order("russia", "ship_to_ship_fuel", "rok")) == \
        "Ship-to-ship fuel transfers cannot target South Korea"


def test_chemical_exports_earn_hard_currency(bench):
    _covert_case(bench, "chemical_exports", Order("dprk", "chemical_exports"),
                 {"dprk.hard_currency": "+", "dprk.economy": "+"})
    g = bench.game()
    assert g.why_illegal(Order("russia", "chemical_exports")) == \
        "Russia cannot use Chemical exports to Syria"


def test_syrias_market_is_small_a_sale_soon_after_the_last_earns_less(bench):
    """A sale within ``regain_months`` of the last earns the share of them gone by (a month
    later: a third), a sale once they have gone by earns all; the risk of exposure is the
    same whatever it earns. The computer players value it the same way."""
    from game.engine.levers import CATALOGUE
    g = bench.game(*never("chemical_exports"))
    full = bench.expected(g, "chemical_exports", "dprk")["dprk.hard_currency"]
    months = g.rules.params["chemical_exports"].params.regain_months
    assert months == 3 and g.rules.scenario.turn_months == 1
    lv, p = CATALOGUE["chemical_exports"], g.rules.params["chemical_exports"]
    assert lv.estimate is not None
    sale = Order("dprk", "chemical_exports")
    got, planned = [], []
    for _ in range(2):
        planned.append(dict(lv.estimate(g.rules, g.state, sale, p))["dprk.hard_currency"])
        got.append(bench.play(g, sale).by("chemical_exports")["dprk.hard_currency"])
    bench.play(g)
    bench.play(g)
    planned.append(dict(lv.estimate(g.rules, g.state, sale, p))["dprk.hard_currency"])
    got.append(bench.play(g, Order("dprk", "chemical_exports"))
               .by("chemical_exports")["dprk.hard_currency"])
    assert got == approx([full, full / 3, full], abs=1e-3)
    assert planned == approx([full, full / 3, full], abs=1e-3)
    assert len(g.state.covert) == 3          # each sale is an operation that may be found


def test_workers_abroad_keep_pyongyang_earning(bench):
    _covert_case(bench, "workers_abroad", Order("russia", "workers_abroad", "dprk"),
                 {"dprk.hard_currency": "+", "russia.economy": "+", "russia.far_east": "+",
                  "relation.russia.dprk": "+", "influence.russia": "+"})
    g = bench.game()
    assert g.why_illegal(Order("japan", "workers_abroad", "dprk")) == \
        "Japan cannot use Slow-roll the return of North Korean workers"
    # against a resolution that sends the workers home (2019: UNSCR 2397 in force)
    assert g.state.resolutions and any(w for _, w in g.state.resolutions)
    none = bench.game("history.resolutions=[]")
    assert none.why_illegal(Order("russia", "workers_abroad", "dprk")) == \
        "no UN resolution in force requires North Korean workers to go home"
    assert Order("russia", "workers_abroad", "dprk") not in none.legal_orders("russia")


def test_tech_help_grows_the_programme(bench):
    _covert_case(bench, "tech_help", Order("russia", "tech_help", "dprk"),
                 {"dprk.nuclear": "+", "dprk.military": "+", "influence.russia": "+",
                  "relation.russia.dprk": "+"})
    g = bench.game()
    assert g.why_illegal(Order("russia", "tech_help", "rok")) == \
        "Covert science-and-technology help cannot target South Korea"
    # "North Korea may seek help from Russia": not from China
    assert g.why_illegal(Order("china", "tech_help", "dprk")) == \
        "China cannot use Covert science-and-technology help"


def test_undetected_op_is_hidden_from_others_and_visible_to_those_involved(bench):
    g = bench.game(*never("workers_abroad"))
    r = bench.play(g, Order("russia", "workers_abroad", "dprk"))
    for viewer in (None, "us", "china", "japan"):
        [row] = _not_drift(g.explain("dprk.hard_currency", 1, viewer))
        assert row["kind"] == "hidden" and row["label"].startswith("Unexplained")
        assert "lever" not in row and "actor" not in row
        assert row["delta"] == approx(r.by("workers_abroad")["dprk.hard_currency"])
    for viewer in ("russia", "dprk"):
        [row] = _not_drift(g.explain("dprk.hard_currency", 1, viewer))
        assert (row["kind"], row["lever"], row["actor"]) == ("lever", "workers_abroad", "russia")
    assert g.public_view().covert == ()
    assert g.seat_view("china").covert == ()
    assert [c.lever for c in g.seat_view("dprk").covert] == ["workers_abroad"]
    assert [c.lever for c in g.seat_view("russia").covert] == ["workers_abroad"]
    assert not any("(secret)" in n.headline for n in g.public_view().news)
    assert not any("(secret)" in n.headline for n in g.seat_view("china").news)
    assert any("(secret)" in n.headline for n in g.seat_view("dprk").news)
    # never found, however long the game goes on
    for _ in range(4):
        bench.play(g)
    assert g.state.covert[0].detected_turn is None
    assert _not_drift(g.explain("dprk.hard_currency", 1, "us"))[0]["kind"] == "hidden"


@pytest.mark.parametrize("lever,order", [
    ("ship_to_ship_fuel", Order("dprk", "ship_to_ship_fuel", "russia")),
    ("chemical_exports", Order("dprk", "chemical_exports")),
    ("workers_abroad", Order("russia", "workers_abroad", "dprk")),
    ("tech_help", Order("russia", "tech_help", "dprk")),
])
def test_every_covert_lever_is_an_operation_that_can_be_detected(bench, lever, order):
    g = bench.game(*always(lever))
    r = bench.play(g, order)
    [op] = g.state.covert
    assert (op.lever, op.actor, op.target, op.detected_turn) == \
        (lever, order.actor, order.target, 1)
    p = g.rules.params[lever]
    assert r.by(lever, kind="detection") == approx(
        bench.expected(g, lever, order.actor, order.target, effects=p.on_detect), abs=1e-3)
    assert r.by(lever, kind="detection")
    assert [c.lever for c in g.public_view().covert] == [lever]


def test_forced_detection_exposes_the_op_the_same_turn(bench):
    lever = "chemical_exports"
    g = bench.game(*always(lever))
    r = bench.play(g, Order("dprk", lever))
    [op] = g.state.covert
    v0 = g.history[0]
    strictest = max((a for a in g.actors if a != "dprk"),
                    key=lambda a: (v0[f"enforcement.{a}"], -g.actors.index(a)))
    assert (op.detected_turn, op.detected_by) == (1, strictest)
    exposed = r.by(lever, kind="detection")
    p = g.rules.params[lever]
    assert exposed == approx(bench.expected(g, lever, "dprk", None, effects=p.on_detect),
                             abs=1e-3)
    assert bench.signs(exposed) == {"track.un_sanctions": "+", "track.tension": "+",
                                    "dprk.clout": "-", "relation.us.dprk": "-",
                                    "relation.dprk.japan": "-", "relation.china.dprk": "-"}
    # now public: the op, its headline, and the cause of the hidden effects
    assert [c.lever for c in g.public_view().covert] == [lever]
    assert any(h.startswith(f"EXPOSED by {g.rules.name(strictest)}")
               for h in r.headlines(public_only=True))
    assert _not_drift(g.explain("dprk.hard_currency", 1, "japan"))[0]["lever"] == lever


def test_detection_needs_a_watcher_and_reveals_an_earlier_turn(bench):
    # nobody enforces, the base chance is nil, but any enforcement at all is decisive
    lever = "chemical_exports"
    zero = tuple(f"actors.{a}.enforcement=0" for a in
                 ("us", "russia", "china", "dprk", "rok", "japan"))
    g = bench.game(*zero, f"levers.{lever}.detection=0", f"levers.{lever}.params.watch=10")
    bench.play(g, Order("dprk", lever))
    assert g.state.covert[0].detected_turn is None
    assert _not_drift(g.explain("dprk.hard_currency", 1, "japan"))[0]["kind"] == "hidden"
    assert g.public_view().covert == ()
    r = bench.play(g, Order("japan", "enforce_strictly"))
    [op] = g.state.covert
    assert (op.turn, op.detected_turn, op.detected_by) == (1, 2, "japan")
    assert any("EXPOSED by Japan" in h and "(in turn 1)" in h
               for h in r.headlines(public_only=True))
    assert r.by(lever, kind="detection") == approx(
        bench.expected(g, lever, "dprk", None, effects=g.rules.params[lever].on_detect),
        abs=1e-3)
    [row] = _not_drift(g.explain("dprk.hard_currency", 1, "japan"))
    assert row["lever"] == lever                      # turn 1's hidden cause is now public
    assert [c.detected_by for c in g.public_view().covert] == ["japan"]


def test_old_operations_are_no_longer_rolled(bench):
    lever = "chemical_exports"
    zero = tuple(f"actors.{a}.enforcement=0" for a in
                 ("us", "russia", "china", "dprk", "rok", "japan"))
    g = bench.game(*zero, f"levers.{lever}.detection=0", f"levers.{lever}.params.watch=100")
    bench.play(g, Order("dprk", lever))
    for _ in range(3):
        bench.play(g)
    bench.play(g, Order("japan", "enforce_strictly"))      # turn 5: four turns later
    assert g.state.covert[0].detected_turn is None


# ------------------------------------------------------------------ the 2019 scenario's numbers
def _start_and_strict(bench, enforcement: float):
    """The 2019 opening's state, and a copy with every watcher at ``enforcement``."""
    g = bench.game()
    strict = g.state.clone()
    for a in g.actors:
        if a not in ("russia", "dprk"):
            strict.values[f"enforcement.{a}"] = enforcement
    return g, strict


def test_2019_workers_abroad_is_an_open_secret_not_an_operation_usually_caught(bench):
    # "Moscow still hasn't sent home all of the North Korean workers toiling in Russia": what
    # the article states as fact is seldom formally exposed, and costs little when it is
    g, strict = _start_and_strict(bench, 100.0)
    rules, st = g.rules, g.state
    assert max(st.values[f"enforcement.{a}"] for a in g.actors
               if a not in ("russia", "dprk")) == 85          # the US watches hardest
    chance = exposure_chance(rules, st, "workers_abroad", "russia", "dprk")
    assert chance == approx(0.234, abs=0.005)     # the lever's default numbers: 0.54
    fuel = exposure_chance(rules, st, "ship_to_ship_fuel", "russia", "dprk")
    assert chance < fuel / 2                      # a tanker at sea is the hidden operation
    # still riskier as enforcement rises, but never usually caught
    assert chance < exposure_chance(rules, strict, "workers_abroad", "russia", "dprk") < 0.3
    # exposed: mild, and milder than being caught at sea
    p = rules.params["workers_abroad"]
    hit = dict(rules.resolver.resolve(p.on_detect, "russia", "dprk"))
    caught = dict(rules.resolver.resolve(rules.params["ship_to_ship_fuel"].on_detect,
                                         "russia", "dprk"))
    assert -1 <= hit["russia.clout"] < 0 and hit["russia.clout"] > caught["russia.clout"]
    assert -2 <= hit["relation.us.russia"] < 0
    assert 0 < hit["track.un_sanctions"] <= 1
    # the labour builds Russia's Far East ("North Korean workers toiling in Russia")
    assert dict(rules.resolver.resolve(p.effects, "russia", "dprk"))["russia.far_east"] > 0


def test_2019_tech_help_is_rarely_caught(bench):
    # "where the possibility of detecting collaboration is reduced"
    g, strict = _start_and_strict(bench, 100.0)
    now = exposure_chance(g.rules, g.state, "tech_help", "russia", "dprk")
    assert now == approx(0.034, abs=0.002)        # the lever's default numbers: 0.23
    full = exposure_chance(g.rules, strict, "tech_help", "russia", "dprk")
    assert now < full < 0.05                      # enforcement hardly reaches a laboratory
    # two operations a game stay unexposed in nine games of ten or more
    assert (1 - full) ** 2 > 0.9


def test_2019_a_computer_russia_keeps_the_workers_on(bench):
    # "Pyongyang, which benefits economically from their labor abroad, could ask Moscow to
    # slow-roll their return": all-computer games with the scenario as shipped (its events
    # too), default players; Moscow slow-rolls the return in most of them, around and after
    # UNSCR 2397's December 2019 deadline
    rules = bench.rules(quiet=False)
    used = []
    for seed in range(6):
        g = Game(rules, seed)
        g.run()
        used.append(sorted(op.turn for op in g.state.covert
                           if (op.actor, op.lever) == ("russia", "workers_abroad")))
    assert sum(1 for turns in used if turns) >= 4, used
    # an open secret, not a monthly routine
    assert all(len(turns) <= 5 for turns in used), used
