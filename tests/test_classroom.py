"""The classroom's engine and session layer: teacher's commands (every one through save, load
and `replay verify`), rewinds that give back the turn's own digest, breakdowns that add up to
the ledger and hide what a seat may not see, the PIN, the round timer, drafts saved as they
are made and "End turn" taken back."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli import cli
from game.engine import (COMMANDS, HIDDEN, EndEarly, EndSeat, Game, IllegalOrderError,
                         InjectEvent, InjectHeadline, Order, Pause, RevealOrders, Rewind,
                         SetSeat, SetTimer, SetValue, ValueChange)
from game.replay import load_replay, parse_replay, replay_of, resume, verify
from game.session import Session, hash_pin, pin_matches

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "scenarios" / "vladivostok-2019.yaml").read_text(encoding="utf-8")
PEOPLE = {"rok": "human", "dprk": "human", "japan": "human"}


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def session(tmp_path, seats=PEOPLE, seed=5, **kw) -> Session:
    return Session.new(TEXT, "vladivostok-2019.yaml", seed, dict(seats),
                       order=["rok", "dprk", "japan"], saves_dir=tmp_path, **kw)


def first_order(s: Session, actor: str) -> Order:
    lc = s.seat_view(actor).levers[0]
    return Order(actor, lc.lever, lc.targets[0].target, lc.targets[0].options[0].option)


def play_people(s: Session) -> None:
    for a in s.humans:
        s.begin_seat(a)
        s.add(first_order(s, a))
        s.end_seat(a)
    s.resolve()


# ------------------------------------------------------------------------------ commands
ALL_COMMANDS = [
    Pause(paused=True), Pause(paused=False), SetTimer(seconds=180, per="team"),
    InjectEvent(event="border_incident"),
    InjectHeadline(headline="Typhoon floods Sinuiju",
                   changes=[ValueChange(key="dprk.economy", delta=-4),
                            ValueChange(key="track.tension", delta=2)]),
    SetValue(key="relation.china.dprk", value=55), RevealOrders(),
    SetSeat(actor="japan", seat="computer:hardliner"), SetSeat(actor="japan", seat="human"),
    EndSeat(actor="rok"),
]


def test_every_command_is_json_and_back():
    for cmd in ALL_COMMANDS + [EndEarly(), Rewind(to_turn=1)]:
        again = COMMANDS.validate_json(cmd.model_dump_json())
        assert again == cmd and type(again) is type(cmd)


@pytest.mark.parametrize("bad, why", [
    ({"action": "set_value", "key": "track.tension", "value": float("nan")}, "finite"),
    ({"action": "set_value", "key": "track.tension", "value": 5, "extra": 1}, "Extra"),
    ({"action": "launch"}, "tag"),
    ({"action": "inject_headline", "headline": "bad\x1b[2J", "changes": []}, "escape character"),
    ({"action": "set_seat", "actor": "mars", "seat": "human"}, "pattern"),
    ({"action": "set_timer", "seconds": 99999}, "less than or equal"),
])
def test_a_malformed_command_is_refused_and_changes_nothing(tmp_path, bad, why):
    s = session(tmp_path)
    before = s.game.digest()
    res = s.teacher(bad)
    assert not res.ok and why.lower() in res.message.lower()
    assert s.game.digest() == before and s.game.actions == []


def test_every_teacher_action_round_trips_through_save_load_and_verify(tmp_path):
    s = session(tmp_path)
    play_people(s)                                  # turn 1
    s.add(first_order(s, "rok"))
    for cmd in ALL_COMMANDS:
        res = s.teacher(cmd)
        assert res.ok, (cmd, res.message)
    assert s.game.pending["rok"]                     # EndSeat sent its queued order
    assert s.seats["japan"] == "human"
    assert [a["action"] for a in s.game.actions] == [c.action for c in ALL_COMMANDS]
    assert s.game.state.values["relation.china.dprk"] == 55
    for a in ("dprk", "japan"):
        s.begin_seat(a)
        s.end_seat(a)
    report = s.resolve()                             # turn 2, with every action in it
    assert [a["action"] for a in report.actions] == [c.action for c in ALL_COMMANDS]
    # the injected news comes first, where it resolved: before the orders
    heads = [n["headline"] for n in report.news]
    assert heads[1] == "Typhoon floods Sinuiju"
    assert report.news[0]["cause"].kind == "injected"
    assert "Teacher" in report.news[0]["cause"].label
    view = s.game.turn_view(2)
    assert view.news[1].changes[0].key == "dprk.economy"
    s.teacher(SetValue(key="track.tension", value=60))   # a trailing action
    s.teacher(EndEarly())
    path = s.autosave_path
    rp = load_replay(path)
    assert [a.action for a in rp.turns[1].actions] == [c.action for c in ALL_COMMANDS]
    assert [a.action for a in rp.trailing_actions] == ["set_value", "end_early"]
    assert verify(rp).ok
    assert CliRunner().invoke(cli, ["replay", "verify", str(path)]).exit_code == 0
    back = Session.load(path, tmp_path)
    assert back.game.digest() == s.game.digest() and back.game.over
    shown = CliRunner().invoke(cli, ["replay", "show", str(path)])
    assert shown.exit_code == 0, shown.output


def test_a_tampered_teacher_action_fails_verification(tmp_path):
    s = session(tmp_path)
    s.teacher(SetValue(key="track.tension", value=80))
    play_people(s)
    data = json.loads(s.autosave_path.read_text())
    assert data["turns"][0]["actions"][0] == {"turn": 1, "action": "set_value",
                                               "key": "track.tension", "value": 80.0}
    data["turns"][0]["actions"][0]["value"] = 30.0
    res = verify(parse_replay(json.dumps(data)))
    assert not res.ok and res.first_bad_turn == 1


def test_old_saves_with_null_event_fields_still_load():
    g = Game.from_file(ROOT / "scenarios" / "vladivostok-2019.yaml", seed=2)
    g.run(turns=2)
    g.end_early()
    data = json.loads(json.dumps(replay_of(g, TEXT, [], {}).model_dump(mode="json")))
    data["trailing_actions"] = [{"turn": 3, "action": "end_early", "event": None}]
    rp = parse_replay(json.dumps(data))
    assert rp.trailing_actions[0].action == "end_early" and verify(rp).ok


def test_a_command_that_cannot_be_done_is_not_recorded(tmp_path):
    s = session(tmp_path)
    for cmd, why in [(InjectEvent(event="martians"), "no event"),
                     (SetValue(key="dprk.happiness", value=3), "no number"),
                     (Rewind(to_turn=4), "cannot rewind"),
                     (EndSeat(actor="us"), "computer"),
                     (SetSeat(actor="us", seat="computer:nobody"), "no personality")]:
        res = s.teacher(cmd)
        assert not res.ok and why in res.message, res.message
    assert s.game.actions == []


def test_an_override_stays_in_range_and_says_so(tmp_path):
    s = session(tmp_path)
    res = s.teacher(SetValue(key="track.tension", value=400))
    assert res.ok and s.game.state.values["track.tension"] == 100
    assert "set to 100" in res.message and res.changes[0].key == "track.tension"


# ------------------------------------------------------------------------------ rewind
def test_rewind_gives_the_digest_of_the_original_turn_start(tmp_path):
    s = session(tmp_path)
    starts = [s.game.digest()]
    for _ in range(3):
        if s.game.turn == 2:
            s.teacher(InjectEvent(event="border_incident"))     # before turn 2 resolves
        play_people(s)
        starts.append(s.game.digest())
    assert s.game.turn == 4
    for to in (3, 2):
        res = s.teacher(Rewind(to_turn=to))
        assert res.ok and s.game.turn == to
        assert s.game.digest() == starts[to - 1]
        assert s.game.history[-1] == s.game.state.values
        assert s.current == "rok" and not s.drafts
    assert len(s.game.branches) == 2
    # the game goes on from there; its save verifies and remembers the turns taken back
    play_people(s)
    rp = load_replay(s.autosave_path)
    assert verify(rp).ok
    assert [(r.from_turn, r.to_turn, len(r.turns)) for r in rp.rewinds] == [(4, 3, 1),
                                                                             (3, 2, 1)]
    assert rp.turns[1].actions[0].action == "rewind"
    again = resume(rp)
    assert again.digest() == s.game.digest() and len(again.branches) == 2


EVERYONE = {a: "human" for a in ("us", "russia", "china", "dprk", "rok", "japan")}


def start_a_war(s: Session) -> None:
    """Tension to the top, nobody orders anything: war when the turn resolves."""
    s.teacher(SetValue(key="track.tension", value=100))
    for a in s.humans:
        s.begin_seat(a)
        s.end_seat(a)
    s.resolve()
    assert s.game.over and s.game.state.war


def test_rewind_after_a_war_takes_the_war_back(tmp_path):
    s = session(tmp_path, seats=EVERYONE)
    start = s.game.digest()
    start_a_war(s)
    assert s.teacher(Rewind(to_turn=1)).ok
    assert not s.game.over and s.game.digest() == start


# ------------------------------------------------------------------------------ breakdowns
def test_breakdowns_add_up_to_the_ledger_and_the_screen_numbers(tmp_path):
    g = Game.from_file(ROOT / "scenarios" / "vladivostok-2019.yaml", seed=8)
    g.run(turns=3)
    g.inject_event("border_incident")                    # and a teacher's action since
    for key in ("dprk.economy", "track.tension", "relation.china.dprk", "alliance.us-rok"):
        b = g.breakdown(key, "dprk")
        recent = sum(g.ledger.net(key, t) for t in (3, 4))
        assert b.change == pytest.approx(recent, abs=1e-3)
        assert sum(p.delta for p in b.parts) == pytest.approx(b.change, abs=1e-3)
        assert sum(p.delta for p in b.game_parts) == pytest.approx(b.since_start, abs=1e-3)
        assert b.value == g.state.values[key]
    sv = g.seat_view("dprk")
    econ = next(i for i in sv.indicators if i.key == "dprk.economy")
    assert econ.change == pytest.approx(g.breakdown("dprk.economy", "dprk").change, abs=1e-3)
    assert econ.description
    b = g.breakdown("score.dprk", "dprk")
    assert b.value == sv.score
    assert [o.label for o in b.objectives] == [o.label for o in sv.objectives]
    assert sum(o.points for o in b.objectives) == pytest.approx(b.value, abs=0.01)
    assert sum(o.change for o in b.objectives) == pytest.approx(b.change, abs=0.01)
    assert sum(p.delta for p in b.parts) == pytest.approx(b.change, abs=0.01)
    assert [o.change for o in sv.objectives] == [o.change for o in b.objectives]
    tension = g.breakdown("track.tension", None)
    assert tension.stage and any("war" in n for n in tension.notes)


def test_a_breakdown_hides_covert_causes_from_those_who_may_not_see_them(bench):
    g = bench.game()      # (Russia: China has no covert levers of its own any more)
    covert = next(o for o in g.legal_orders("russia") if g.rules.levers[o.lever].covert
                  and o.target == "dprk")
    g.submit("russia", [covert])
    g.resolve()
    if any(op.detected_turn for op in g.state.covert):
        pytest.skip("detected at once with this seed")
    keys = {k for _, k, _, c in g.ledger.entries if c.covert}
    assert keys
    key = sorted(keys)[0]
    seen = {p.label for p in g.breakdown(key, "russia").parts}
    hidden = {p.label for p in g.breakdown(key, "japan").parts}
    assert HIDDEN not in seen and HIDDEN in hidden
    assert not any(g.rules.levers[covert.lever].name in label for label in hidden)
    assert sum(p.delta for p in g.breakdown(key, "japan").parts) == \
        pytest.approx(sum(p.delta for p in g.breakdown(key, "russia").parts))


def test_war_is_explained_as_everyone_scoring_zero(tmp_path):
    s = session(tmp_path, seats=EVERYONE)
    start_a_war(s)
    b = s.game.breakdown("score.us", "dprk")
    assert b.value == 0 and b.parts[0].kind == "war"
    assert sum(p.delta for p in b.parts) == pytest.approx(b.change, abs=0.01)


def test_a_seat_is_warned_when_its_own_orders_are_expected_to_bring_war(tmp_path):
    s = session(tmp_path, seats={"dprk": "human"})
    s.teacher(SetValue(key="track.tension", value=96))
    g = s.game
    hot = max((o for o in g.legal_orders("dprk")),
              key=lambda o: sum(d for k, d in g.rules.expected(g.state, o)
                                if k == "track.tension"))
    assert not s.seat_view("dprk").war_risk
    assert s.add(hot) is None
    v = s.seat_view("dprk")
    assert v.war_risk and v.tension_expected >= v.war_at


def test_joint_drills_suggest_an_ally(tmp_path):
    s = session(tmp_path)
    for actor in ("rok", "japan"):
        drills = [lc for lc in s.seat_view(actor).levers if lc.lever == "joint_drills"]
        assert drills and drills[0].suggested == "us"


# ------------------------------------------------------------------------------ the session
def test_the_pin_is_kept_only_as_a_salted_hash(tmp_path):
    s = session(tmp_path, pin="4321")
    assert s.locked and s.check_pin("4321") and not s.check_pin("1234")
    text = s.autosave_path.read_text()
    assert "4321" not in text
    rec = load_replay(s.autosave_path).classroom.pin
    assert rec is not None and pin_matches(rec, "4321") and not pin_matches(rec, "0000")
    assert hash_pin("4321").salt != hash_pin("4321").salt
    assert Session.load(s.autosave_path, tmp_path).check_pin("4321")
    with pytest.raises(ValueError, match="4 to 8 digits"):
        session(tmp_path, pin="12")


def test_the_timer_counts_down_stops_while_paused_and_restarts_per_team(tmp_path):
    clock = Clock()
    s = session(tmp_path, clock=clock)
    s.teacher(SetTimer(seconds=120, per="team"))
    assert s.status().time_left is None              # no team has started yet
    s.begin_seat("rok")
    clock.t += 30
    assert s.status().time_left == pytest.approx(90)
    s.teacher(Pause(paused=True))
    clock.t += 500
    assert s.status().paused and s.status().time_left == pytest.approx(90)
    s.teacher(Pause(paused=False))
    clock.t += 100
    st = s.status()
    assert st.time_left == 0 and st.time_up
    s.end_seat("rok")
    assert s.status().time_left is None              # between teams: the hand-over
    s.begin_seat("dprk")
    assert s.status().time_left == pytest.approx(120)
    assert [x.ordered for x in st.seats if x.human] == [False, False, False]
    assert s.status().ordered == 1 and s.status().people == 3


def test_an_interrupted_round_resumes_with_its_queued_orders(tmp_path):
    s = session(tmp_path)
    play_people(s)
    for a in ("rok", "dprk"):                        # two teams done...
        s.begin_seat(a)
        s.add(first_order(s, a))
        s.end_seat(a)
    s.begin_seat("japan")                            # ...the third half-way
    s.add(first_order(s, "japan"))
    sent = {a: list(s.game.pending[a]) for a in ("rok", "dprk")}
    queued = list(s.drafts["japan"])
    # the window closes here: nothing more is written
    back = Session.load(s.autosave_path, tmp_path)
    assert {a: back.game.pending[a] for a in ("rok", "dprk")} == sent
    assert back.drafts["japan"] == queued and back.current == "japan"
    assert back.game.digest() == s.game.digest()


def test_end_turn_can_be_taken_back_until_the_next_team_starts(tmp_path):
    s = session(tmp_path)
    s.begin_seat("rok")
    o = first_order(s, "rok")
    s.add(o)
    s.end_seat("rok")
    assert s.can_reopen() == "rok"
    assert s.reopen("rok") and s.drafts["rok"] == [o] and "rok" not in s.game.pending
    s.end_seat("rok")
    s.begin_seat("dprk")                              # the next team has started
    assert s.can_reopen() is None and not s.reopen("rok")


def test_each_game_has_its_own_autosave_named_by_scenario_date_and_name(tmp_path):
    a = session(tmp_path, name="Period 3")
    b = session(tmp_path, name="Period 4")
    assert a.autosave_path != b.autosave_path
    assert a.autosave_path.name.startswith("auto-vladivostok-2019-")
    assert a.autosave_path.name.endswith("-period-3.json")
    play_people(a)
    play_people(b)
    assert load_replay(a.autosave_path).classroom.name == "Period 3"
    assert len(load_replay(a.autosave_path).turns) == 1
    again = Session.load(a.autosave_path, tmp_path)
    assert again.autosave_path == a.autosave_path     # a loaded game keeps its own file


def test_the_seat_switch_hands_a_team_to_the_computer_mid_game(tmp_path):
    s = session(tmp_path)
    play_people(s)
    s.begin_seat("rok")
    s.add(first_order(s, "rok"))
    assert s.teacher(SetSeat(actor="rok", seat="computer:hawk")).ok
    assert s.humans == ["dprk", "japan"] and "rok" not in s.drafts and s.current == "dprk"
    for a in ("dprk", "japan"):
        s.begin_seat(a)
        s.end_seat(a)
    rep = s.resolve()
    assert rep.orders["rok"] and all(o.reason for o in rep.orders["rok"])   # the computer's
    rp = load_replay(s.autosave_path)
    assert rp.seats["rok"] == "computer:hawk" and verify(rp).ok
    with pytest.raises(IllegalOrderError):
        s.inject_event("martians")
