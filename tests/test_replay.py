"""Replays: the format round-trips, re-simulation is exact, and every kind of bad file or
tampering is caught with one clear message and the right exit code."""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from game import __version__
from game.cli import cli
from game.cli.replay_cmds import COLUMNS, biggest_changes, key_label
from game.engine import Game, Order, Rules, parse_scenario
from game.replay import (FORMAT, FORMAT_VERSION, Recorder, Replay, ReplayError, dumps,
                         load_replay, rebuild, replay_of, resume, save_replay, verify)

from conftest import S2019

TEXT = S2019.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules(parse_scenario(TEXT))


@pytest.fixture(scope="module")
def recorded(rules, tmp_path_factory) -> tuple[Game, Path]:
    """A whole 2019 game recorded turn by turn with a Recorder, saved to a file."""
    g = Game(rules, seed=5)
    rec = Recorder(g, TEXT, [], {"china": "assertive"})
    while not g.over:
        rec.record(g.play_turn({"china": "assertive"}))
    path = tmp_path_factory.mktemp("rp") / "game.json"
    rec.save(path)
    return g, path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def edit(path: Path, out: Path, change) -> Path:
    data = json.loads(path.read_text())
    change(data)
    out.write_text(json.dumps(data))
    return out


# ------------------------------------------------------------------------------ format
def test_the_file_holds_everything_the_contract_names(recorded):
    g, path = recorded
    data = json.loads(path.read_text())
    assert data["format"] == FORMAT and data["format_version"] == FORMAT_VERSION
    assert data["game_version"] == __version__
    assert data["scenario_name"] == "vladivostok-2019"
    assert data["scenario_text"] == TEXT
    assert len(data["scenario_hash"]) == 64
    assert data["seed"] == 5 and data["overrides"] == []
    assert data["seats"]["china"] == "computer:assertive"
    assert data["seats"]["us"] == "computer"
    assert data["finished"] is True
    assert len(data["turns"]) == len(g.reports)
    for rec, rep in zip(data["turns"], g.reports):
        assert rec["turn"] == rep.turn and rec["digest"] == rep.digest
        assert rec["scores"] == rep.scores
        assert set(rec["orders"]) == set(g.actors)
        for actor, orders in rec["orders"].items():
            assert [Order.from_dict(o) for o in orders] == rep.orders[actor]
            # computer orders carry their reason
            assert all(o["reason"] for o in orders)


def test_load_gives_back_the_same_replay_and_the_same_bytes(recorded):
    g, path = recorded
    rp = load_replay(path)
    assert rp == replay_of(g, TEXT, [], {"china": "assertive"})
    assert dumps(rp) == path.read_text(encoding="utf-8")


def test_verify_passes_on_an_untouched_replay(recorded):
    g, path = recorded
    res = verify(load_replay(path))
    assert res.ok and res.turns == len(g.reports) and res.first_bad_turn is None


def test_rebuild_reproduces_the_game_without_any_computer_player(recorded, monkeypatch):
    g, path = recorded
    from game.engine import ai
    monkeypatch.setattr(ai.ComputerPlayer, "choose", lambda *a: pytest.fail("AI asked"))
    again = rebuild(load_replay(path))
    assert again.digest() == g.digest()
    assert again.history == g.history
    half = rebuild(load_replay(path), upto=4)
    assert half.turn == 5 and half.history == g.history[:5]


def test_actions_and_pending_orders_survive_a_save(rules, tmp_path):
    g = Game(rules, seed=9)
    g.play_turn()
    g.inject_event("border_incident")          # teacher, before turn 2 resolves
    g.play_turn()
    g.submit("dprk", g.computer_orders("dprk"))  # a saved game mid-turn
    rp = replay_of(g, TEXT, [], {"dprk": "human"}, hotseat=["dprk"])
    save_replay(rp, tmp_path / "save.json")
    back = load_replay(tmp_path / "save.json")
    assert back.turns[1].actions[0].event == "border_incident"
    assert back.pending["dprk"] and back.seats["dprk"] == "human"
    assert back.hotseat == ["dprk"] and not back.finished
    assert verify(back).ok
    resumed = resume(back)
    assert resumed.turn == g.turn and resumed.digest() == g.digest()
    assert resumed.pending == g.pending
    # and the game goes on identically from there
    assert resumed.play_turn().digest == g.play_turn().digest


def test_end_early_is_a_trailing_action(rules):
    g = Game(rules, seed=2)
    g.run(turns=3)
    g.end_early()
    rp = replay_of(g, TEXT, [], {})
    assert rp.finished and [a.action for a in rp.trailing_actions] == ["end_early"]
    assert verify(rp).ok
    assert rebuild(rp).over


def test_a_removed_event_injection_is_caught_at_its_turn(rules):
    g = Game(rules, seed=9)
    g.play_turn()
    g.play_turn()
    g.inject_event("ukraine_flare")
    g.run(turns=2)
    rp = replay_of(g, TEXT, [], {})
    assert verify(rp).ok
    rp.turns[2].actions = []
    res = verify(rp)
    assert not res.ok and res.first_bad_turn == 3


def test_overrides_are_replayed(tmp_path):
    over = ["actors.china.enforcement=90"]
    g = Game(Rules(parse_scenario(TEXT, overrides=over)), seed=4)
    g.run(turns=3)
    rp = replay_of(g, TEXT, over, {})
    assert verify(rp).ok
    rp.overrides = []
    assert not verify(rp).ok


# ------------------------------------------------------------------------------ atomic save
def test_a_failed_save_leaves_the_previous_file_intact(recorded, tmp_path, monkeypatch):
    g, path = recorded
    target = tmp_path / "keep.json"
    good = load_replay(path)
    save_replay(good, target)
    before = target.read_bytes()

    def boom(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        save_replay(replay_of(Game(g.rules, 1), TEXT, [], {}), target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]   # no temp left


# ------------------------------------------------------------------------------ verify CLI
def test_cli_verify_ok(recorded):
    g, path = recorded
    r = run("replay", "verify", str(path))
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("OK") and f"{len(g.reports)} turns" in r.stdout


@pytest.mark.parametrize("turn", [3, 11])
def test_a_changed_order_is_caught_at_its_turn(recorded, tmp_path, turn):
    g, path = recorded
    actor = "china"

    def change(d):
        o = d["turns"][turn - 1]["orders"][actor][0]
        # the same lever at another target, or the next option: still a plausible order
        o["target"] = "japan" if o.get("target") != "japan" else "us"
    bad = edit(path, tmp_path / "t.json", change)
    r = run("replay", "verify", str(bad))
    no_traceback(r)
    assert r.exit_code == 1
    assert f"first difference at turn {turn}" in r.stderr
    assert f"({turn - 1} turns identical before it)" in r.stderr


def test_an_illegal_order_is_named_with_its_reason(recorded, tmp_path):
    g, path = recorded

    def change(d):
        d["turns"][5]["orders"]["japan"][0] = {"actor": "japan", "lever": "missile_test"}
    r = run("replay", "verify", str(edit(path, tmp_path / "t.json", change)))
    no_traceback(r)
    assert r.exit_code == 1
    assert "first difference at turn 6" in r.stderr
    assert "Missile test" in r.stderr and "Japan cannot use Missile test" in r.stderr


def test_changed_scores_are_named(recorded, tmp_path):
    g, path = recorded

    def change(d):
        d["turns"][7]["scores"]["rok"] += 2.5
    r = run("replay", "verify", str(edit(path, tmp_path / "t.json", change)))
    assert r.exit_code == 1
    assert "turn 8" in r.stderr and "scores differ: South Korea recorded" in r.stderr


def test_an_edited_scenario_text_is_caught(recorded, tmp_path):
    g, path = recorded

    def change(d):
        d["scenario_text"] = d["scenario_text"].replace("turns: 16", "turns: 15")
    r = run("replay", "verify", str(edit(path, tmp_path / "t.json", change)))
    assert r.exit_code == 1 and "sha256" in r.stderr


BAD_FILES = {
    "empty": (lambda text: "", "the file is empty"),
    "truncated": (lambda text: text[: len(text) // 2], "truncated"),
    "cut_in_a_number": (lambda text: text[: text.index('"seed"') + 9], "truncated"),
    "not_json": (lambda text: "seed = 5\nturns = []\n", "not JSON"),
    "wrong_version": (lambda text: text.replace('"format_version": 1', '"format_version": 99'),
                      "format version 99 is not supported"),
    "not_a_replay": (lambda text: '{"name": "vladivostok-2019", "turns": []}',
                     "not a replay"),
    "a_list": (lambda text: "[1, 2, 3]", "not a replay"),
    "wrong_shape": (lambda text: text.replace('"digest"', '"digset"', 1),
                    "not a valid replay: turns.0"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_files_exit_2_with_their_message(recorded, tmp_path, kind):
    g, path = recorded
    make, message = BAD_FILES[kind]
    bad = tmp_path / f"{kind}.json"
    bad.write_text(make(path.read_text(encoding="utf-8")), encoding="utf-8")
    for verb in ("verify", "show", "export"):
        r = run("replay", verb, str(bad))
        no_traceback(r)
        assert r.exit_code == 2, (verb, r.output)
        assert message in r.stderr and str(bad) in r.stderr
        assert r.stdout == ""


def test_missing_and_folder_paths_exit_2(tmp_path):
    for p, message in ((tmp_path / "nope.json", "no such file"), (tmp_path, "is a folder")):
        r = run("replay", "verify", str(p))
        no_traceback(r)
        assert r.exit_code == 2 and message in r.stderr


def test_load_replay_raises_replay_error_not_pydantic(tmp_path):
    p = tmp_path / "x.json"
    p.write_text('{"format": "%s", "format_version": 1}' % FORMAT)
    with pytest.raises(ReplayError, match="not a valid replay"):
        load_replay(p)


# ------------------------------------------------------------------------------ show
def test_show_prints_orders_reasons_news_and_causes(recorded):
    g, path = recorded
    r = run("replay", "show", str(path))
    assert r.exit_code == 0, r.output
    out = r.stdout
    for rep in g.reports:
        assert f"Turn {rep.turn} — {rep.date}" in out
        for n in rep.public_news():
            assert n["headline"] in out
    first = g.reports[0].orders["china"][0]
    assert first.reason in out
    assert "China (computer:assertive)" in out
    assert out.count("Biggest changes:") == len(g.reports)
    # secret operations stay out of the public timeline
    assert "(secret)" not in out
    # causes come from the ledger: each turn's biggest change is shown with its parts
    for rep in g.reports[:3]:
        key, delta, causes = biggest_changes(g, rep.turn, 1)[0]
        assert abs(sum(d for _, d in causes) - delta) < 1e-6
        assert f"{key_label(g, key)} {delta:+.1f}  ({causes[0][0]} {causes[0][1]:+.1f}" in out


# ------------------------------------------------------------------------------ export
def test_export_csv_is_tidy_and_complete(recorded, tmp_path):
    g, path = recorded
    out = tmp_path / "t.csv"
    r = run("replay", "export", str(path), "--format", "csv", "--out", str(out))
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(rows[0]) == COLUMNS
    n_vars = len(g.state.values) + len(g.actors)
    assert len(rows) == (len(g.reports) + 1) * n_vars
    by = {(int(x["turn"]), x["variable"]): x for x in rows}
    for t in (0, 1, len(g.reports)):
        for k, v in g.history[t].items():
            assert float(by[(t, k)]["value"]) == v
        for a, s in g.score_history[t].items():
            assert float(by[(t, f"score.{a}")]["value"]) == s
    rel = by[(3, "relation.china.dprk")]
    assert (rel["kind"], rel["actor"], rel["other"]) == ("relation", "china", "dprk")
    assert by[(0, "track.tension")]["name"] == "tension"
    assert by[(0, "dprk.nuclear")]["kind"] == "indicator"
    assert {x["kind"] for x in rows} >= {"indicator", "relation", "trade", "alliance",
                                         "influence", "enforcement", "track", "score"}


def test_export_json_matches_csv(recorded, tmp_path):
    g, path = recorded
    r = run("replay", "export", str(path), "--format", "json", "--out", str(tmp_path / "t.json"))
    assert r.exit_code == 0, r.output
    rows = json.loads((tmp_path / "t.json").read_text())
    assert len(rows) == (len(g.reports) + 1) * (len(g.state.values) + len(g.actors))
    assert set(rows[0]) == set(COLUMNS)
    assert rows[0]["turn"] == 0 and rows[-1]["turn"] == len(g.reports)


def test_export_help_documents_the_columns():
    r = run("replay", "export", "--help")
    for col in COLUMNS:
        assert col in r.stdout


def test_replay_model_rejects_unknown_fields():
    with pytest.raises(Exception):
        Replay.model_validate({"format": FORMAT, "format_version": 1, "game_version": "x",
                               "scenario_name": "s", "scenario_hash": "h",
                               "scenario_text": "", "seed": 1, "surprise": 1})


def test_a_flipped_finished_flag_is_caught(recorded):
    g, path = recorded
    rp = load_replay(path)
    rp.finished = False
    res = verify(rp)
    assert not res.ok and "still going" in res.detail


def test_pending_orders_of_a_save_are_checked(rules):
    g = Game(rules, seed=3)                     # saved before any turn resolved
    g.submit("us", g.computer_orders("us"))
    rp = replay_of(g, TEXT, [], {"us": "human"})
    assert verify(rp).ok and verify(rp).turns == 0
    assert resume(rp).pending == g.pending
    rp.pending["us"][0].lever = "nuclear_test"
    res = verify(rp)
    assert not res.ok and res.first_bad_turn == 1
    assert "cannot use Nuclear test" in res.detail


def test_a_seat_at_a_player_level_is_recorded_and_verifies(tmp_path):
    """`--seat dprk=computer@random --replay` records the level in the replay's seats (it
    crashed: the replay's seat pattern did not admit a level) and the replay verifies."""
    path = tmp_path / "r.json"
    r = run("run", str(S2019), "--seed", "2", "--turns", "3",
                "--seat", "dprk=computer@random", "--seat", "us=computer:pressure@greedy",
                "--replay", str(path))
    assert r.exit_code == 0, r.output
    seats = json.loads(path.read_text())["seats"]
    assert seats["dprk"] == "computer@random" and seats["us"] == "computer:pressure@greedy"
    assert run("replay", "verify", str(path)).exit_code == 0
    shown = run("replay", "show", str(path))
    assert "computer@random" in shown.output
