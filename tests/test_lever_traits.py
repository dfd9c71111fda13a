"""Casebook of the lever traits: what a lever declares about itself, and the game honouring it
for a lever it has never heard of. Each case registers levers made up for the test (taken out
again afterwards) and checks the behaviour the trait promises: in the rules, the resolution,
the computer players, the views, the map and the order picker."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest  # noqa: E402
from pydantic import Field  # noqa: E402
from pytest import approx  # noqa: E402

from conftest import S2019, Played  # noqa: E402
from game.engine import ComputerPlayer, Game, Order, Rules, ScenarioError  # noqa: E402
from game.engine import parse_scenario  # noqa: E402
from game.engine.levers import Lever, Marker, eff, partnered, register, unregister  # noqa: E402
from game.engine.levers.diplomacy import AnswerParams, _answerable, _invited, _rebuff  # noqa: E402
from game.engine.scenario import LeverParams, Numbers, Options  # noqa: E402
from game.engine.schema import scenario_schema  # noqa: E402
from game.engine.state import Proposal  # noqa: E402
from game.engine.view import lever_choices  # noqa: E402

TEXT = S2019.read_text(encoding="utf-8")
QUIET = ["events=[]"]


def made_up(lever_id: str, **kw: Any) -> Lever:
    """A lever for a test: free, usable by anyone on anyone, plain effects unless told."""
    spec: dict[str, Any] = dict(
        name=lever_id.replace("_", " ").capitalize(), group="diplomacy", phase="diplomacy",
        article="summit-2019", passage="the summit provides an important opportunity",
        summary="A lever made up for a test.", defaults=dict(cost=0))
    spec.update(kw)
    return Lever(id=lever_id, **spec)


@contextmanager
def registered(*levers: Lever) -> Iterator[None]:
    register(*levers)
    try:
        yield
    finally:
        for lv in levers:
            unregister(lv.id)


def game(*overrides: str, seed: int = 1) -> Game:
    return Game(Rules(parse_scenario(TEXT, "s.yaml", QUIET + list(overrides))), seed)


def play(g: Game, *orders: Order) -> Played:
    """Exactly these orders (every other seat orders nothing), resolved."""
    by: dict[str, list[Order]] = {}
    for o in orders:
        by.setdefault(o.actor, []).append(o)
    for a in g.actors:
        g.submit(a, by.get(a, []))
    return Played(g, g.resolve())


def problems(g: Game, actor: str, *orders: Order) -> list[tuple[int | None, str]]:
    return [(p.index, p.message) for p in g.check_orders(actor, list(orders))]


# ------------------------------------------------------------------ partner: joint actions
def _talks(ctx: Any, order: Order, p: LeverParams, cause: Any) -> None:
    ctx.change("track.talks", 5.0 if partnered(ctx, order) else 1.0, cause)


OFFER = made_up("test_offer", partner="test_reply", resolve=_talks)
REPLY = made_up("test_reply", partner="test_offer", resolve=_talks)
SOLO = made_up("test_solo", resolve=_talks)


def test_a_joint_action_does_most_when_its_partner_is_ordered_back():
    with registered(OFFER, REPLY, SOLO):
        both = play(game(), Order("us", "test_offer", "dprk"), Order("dprk", "test_reply", "us"))
        assert both.by("test_offer") == {"track.talks": 5} == both.by("test_reply")
        alone = play(game(), Order("us", "test_offer", "dprk"))
        assert alone.by("test_offer") == {"track.talks": 1}
        # the partner is the declared lever, not the same one: two offers are not a deal
        wrong = play(game(), Order("us", "test_offer", "dprk"), Order("dprk", "test_offer", "us"))
        assert wrong.by("test_offer") == {"track.talks": 2}


def test_computer_players_favour_joint_actions_by_how_cooperative_they_are():
    spec = parse_scenario(TEXT, "s.yaml", QUIET).actors["us"]
    who = f"actors.us.personalities.{spec.personality}.cooperation"
    gaps = {}
    with registered(OFFER, REPLY, SOLO):
        for coop in (0.9, 0.1):
            g = game(f"{who}={coop}")
            ai = ComputerPlayer(g.rules, "us")
            joint, _ = ai.value(g.state, Order("us", "test_offer", "dprk"))
            solo, _ = ai.value(g.state, Order("us", "test_solo", "dprk"))
            gaps[coop] = joint - solo
    assert gaps[0.9] > 0 > gaps[0.1]       # the cooperative seek it out, the others shun it
    assert gaps[0.9] == approx(0.15) and gaps[0.1] == approx(-0.09)


# ------------------------------------------------------------------ answers: invitations
SNUB = made_up("test_snub", phase="responses", answers="rebuff", model=AnswerParams,
               check=_answerable, check_gate=_invited, resolve=_rebuff,
               defaults=dict(cost=0, options=["summit", "ceremony"],
                             effects=eff(indicators={"actor": {"economy": 8,
                                                               "stability": 8}})))


def _invited_by_us(g: Game) -> None:
    play(g, Order("us", "propose_summit", "dprk", "none"))


def test_one_answer_per_invitation_whichever_lever_gives_it():
    with registered(SNUB):
        g = game()
        _invited_by_us(g)
        snub = Order("dprk", "test_snub", "us", "summit")
        assert problems(g, "dprk", snub) == []
        for other in ("rebuff_invitation", "accept_invitation"):
            assert problems(g, "dprk", Order("dprk", other, "us", "summit"), snub) == [
                (1, "one answer per invitation")]
        r = play(g, snub)
        assert r.by("test_snub") == {"dprk.economy": 8, "dprk.stability": 8}
        assert g.state.proposals == []      # answered: the summit is off the table


def test_computer_players_answer_first_with_the_best_of_every_answering_lever():
    with registered(SNUB):
        g = game()
        _invited_by_us(g)
        orders = g.computer_orders("dprk")
        answering = [o for o in orders if g.rules.levers[o.lever].answers]
        assert [(o.lever, o.target, o.option) for o in answering] == [
            ("test_snub", "us", "summit")]
        assert orders[0] == answering[0]    # answers come before anything else


# ------------------------------------------------------------------ meeting: one a turn
VISIT = made_up("test_state_visit", meeting=True,
                defaults=dict(cost=0, effects=eff(relations={"actor-target": 20},
                                                  indicators={"actor": {"economy": 5}})))


def test_a_meeting_counts_towards_the_one_meeting_a_turn():
    with registered(VISIT):
        g = game()
        _invited_by_us(g)
        accept = Order("dprk", "accept_invitation", "us", "summit")
        visit = Order("dprk", "test_state_visit", "china")
        assert problems(g, "dprk", visit) == [] == problems(g, "dprk", accept)
        assert problems(g, "dprk", accept, visit) == [
            (1, "a leader attends one summit or ceremony a turn")]
        assert problems(g, "dprk", visit, accept) == [
            (1, "a leader attends one summit or ceremony a turn")]
        # a lever that is no meeting does not count
        assert problems(g, "dprk", accept, Order("dprk", "high_level_visit", "china")) == []


def test_computer_players_plan_one_meeting_a_turn():
    with registered(VISIT):
        for seed in range(6):
            g = game(seed=seed)
            for _ in range(4):
                for a in g.actors:
                    orders = g.computer_orders(a)
                    assert sum(g.rules.levers[o.lever].meeting for o in orders) <= 1
                    g.submit(a, orders)     # and what they plan is legal
                g.resolve()
        assert any(o.lever == "test_state_visit" for r in g.reports
                   for os_ in r.orders.values() for o in os_)


# ------------------------------------------------------------------ proposes and settles
def _table(kind: str) -> Any:
    def resolve(ctx: Any, order: Order, p: LeverParams, cause: Any) -> None:
        ctx.state.proposals.append(Proposal(kind, order.actor, order.target, None, ctx.turn))
        ctx.say(f"{order.actor} tables a {kind}", cause)
    return resolve


def _ratify(ctx: Any, pr: Proposal, p: LeverParams) -> None:
    from game.engine.ledger import Cause
    cause = Cause("treaty", "Treaty ratified", pr.proposer, "test_treaty", pr.target)
    ctx.change("track.tension", -6.0, cause)
    ctx.say(f"The {pr.proposer}-{pr.target} treaty is ratified", cause)


TREATY = made_up("test_treaty", proposes="treaty", resolve=_table("treaty"), settle=_ratify,
                 proposal_marker=Marker("summit", "target", "treaty? ({actor})"))
PETITION = made_up("test_petition", proposes="petition", resolve=_table("petition"))


def test_a_proposal_is_settled_by_its_lever_next_turn_after_the_answers():
    with registered(TREATY):
        g = game()
        r1 = play(g, Order("us", "test_treaty", "dprk"),
                  Order("us", "propose_summit", "china", "none"))
        assert "us tables a treaty" in r1.headlines() and len(g.state.proposals) == 2
        r2 = play(g, Order("us", "denounce", "russia"),
                  Order("china", "accept_invitation", "us", "summit"))
        assert "The us-dprk treaty is ratified" in r2.headlines()
        assert g.state.proposals == []
        [(i, entry)] = r2.entries(None, "treaty")
        assert entry[1:3] == ("track.tension", -6.0)
        # in the responses phase: after its answers, before the diplomacy phase's orders
        answers = [j for j, _ in r2.entries("accept_invitation")]
        assert answers and max(answers) < i
        assert all(j > i for j, _ in r2.entries("denounce"))


def test_a_proposal_without_a_settle_lapses_unanswered():
    with registered(PETITION):
        g = game()
        play(g, Order("us", "test_petition", "dprk"))
        r = play(g)
        assert ("North Korea leaves United States's petition invitation unanswered; it lapses"
                in r.headlines())
        assert g.state.proposals == []


def test_one_lever_per_kind_of_proposal():
    with pytest.raises(ValueError, match="already proposes 'summit'"):
        register(made_up("test_summit_too", proposes="summit"))


# ------------------------------------------------------------------ map markers
FLEET = made_up("test_fleet", marker=Marker("drill", "target", "{actor} fleet nearby"))


def test_an_order_and_a_pending_proposal_put_their_marks_on_the_map():
    from game.ui.mapdata import markers
    with registered(FLEET, TREATY):
        g = game()
        play(g, Order("us", "test_fleet", "japan"), Order("china", "test_treaty", "dprk"),
             Order("russia", "denounce", "us"))
        shown = markers(g)
        assert ("japan", "drill", "USA fleet nearby") in shown
        assert ("dprk", "summit", "treaty? (CHN)") in shown
        assert not any(m[0] in ("us", "russia") for m in shown)    # denounce has no mark
        play(g)                                 # settled: the treaty's mark goes
        assert not any(m[2].startswith("treaty?") for m in markers(g))


# ------------------------------------------------------------------ option label
Route = Literal["north", "south"]


class RouteParams(LeverParams):
    options: Options[Route] = Field(default_factory=lambda: ["north", "south"])


CONVOY = made_up("test_convoy", model=RouteParams, option_label="Route",
                 defaults=dict(cost=0, options=["north", "south"]))


def test_an_option_label_names_the_choice_in_the_views_and_the_order_picker():
    import pygame

    from game.ui.levers import LeverPanel
    from game.ui.session import Session
    with registered(CONVOY):
        g = game()
        [choice] = [c for c in lever_choices(g, "us") if c.lever == "test_convoy"]
        assert choice.option_kind == "Route"
        [plain] = [c for c in lever_choices(g, "us") if c.lever == "denounce"]
        assert plain.option_kind == ""          # no options, no name for them
        pygame.init()
        panel = LeverPanel(Session(g, TEXT, QUIET, {"us": "human"}), "us", lambda o: None)
        panel.set_group("diplomacy")
        panel.list.select(panel.list.items.index("test_convoy"))
        assert panel.option.label == "Route"
        assert [v for v, *_ in panel.option.options] == ["north", "south"]
        panel.list.select(panel.list.items.index("propose_summit"))
        assert panel.option.label == "Deal"


# ------------------------------------------------------------------ each turn, drift
def _watch(ctx: Any, p: LeverParams) -> None:
    from game.engine.ledger import Cause
    ctx.change("track.tension", -1.0, Cause("watch", "Border watch", None, "test_watch"))


def _remit(ctx: Any, p: LeverParams) -> None:
    from game.engine.ledger import Cause
    ctx.change("dprk.hard_currency", 2.0, Cause("remit", "Remittances", "dprk", "test_remit"))


WATCH = made_up("test_watch", group="military", phase="military", each_turn=_watch)
REMIT = made_up("test_remit", group="economy", phase="economy", drift=_remit)


def test_a_lever_step_runs_every_turn_after_its_phase_unordered():
    with registered(WATCH):
        g = game()
        for _ in range(3):
            r = play(g, Order("dprk", "missile_test"),
                     Order("russia", "ship_to_ship_fuel", "dprk"))
            [(i, (_, key, delta, _))] = r.entries(None, "watch")
            assert (key, delta) == ("track.tension", approx(-1.0))
            assert all(j < i for j, _ in r.entries("missile_test"))        # military orders
            assert all(j > i for j, _ in r.entries("ship_to_ship_fuel"))   # covert orders
        assert len(g.reports) == 3


def test_a_lever_drift_step_runs_in_drift_before_the_new_capital():
    with registered(REMIT):
        g = game()
        r = play(g, Order("us", "high_level_visit", "china"))    # spent: capital comes back
        [(i, (_, key, delta, _))] = r.entries(None, "remit")
        assert (key, delta) == ("dprk.hard_currency", approx(2.0))
        drift = [j for j, _ in r.entries(None, "drift")]
        capital = [j for j, _ in r.entries(None, "capital")]
        assert drift and max(drift) < i < min(capital)


# ------------------------------------------------------------------ its own numbers
class RadarNumbers(Numbers):
    range_km: Annotated[float, Field(ge=0, le=5000)] = 300.0


class RadarParams(LeverParams):
    params: RadarNumbers = Field(default_factory=RadarNumbers)


RADAR = made_up("test_radar", group="military", phase="military", model=RadarParams)


def test_a_new_levers_numbers_are_checked_and_in_the_schema_with_nothing_else_touched():
    with registered(RADAR):
        g = game("levers.test_radar.params.range_km=900")
        assert g.rules.params["test_radar"].params.range_km == 900
        with pytest.raises(ScenarioError) as info:
            game("levers.test_radar.params.rnage_km=900")
        assert str(info.value) == (
            "--set levers.test_radar.params.rnage_km=900: unknown path: no 'rnage_km' in "
            "levers.test_radar.params (did you mean 'range_km'?)")
        schema = scenario_schema()
        ref = schema["$defs"]["Levers"]["properties"]["test_radar"]["$ref"].rsplit("/", 1)[1]
        numbers = schema["$defs"][schema["$defs"][ref]["properties"]["params"]["$ref"]
                                  .rsplit("/", 1)[1]]
        assert numbers["properties"]["range_km"]["maximum"] == 5000
        assert numbers["additionalProperties"] is False
