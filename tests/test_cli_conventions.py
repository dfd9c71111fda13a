"""The `whales` command's conventions, for every verb: one error prefix, errors and status on
stderr and data on stdout, a closed pipe ends quietly, verbs load lazily, shell completion."""
from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT, S2019
from game.cli import VERBS, cli

S = str(S2019)
PREFIX = "whales: error: "


def whales(*args: str, env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, env={**os.environ, **(env or {})}, **kw)


def test_every_listed_verb_loads_and_help_lists_them_all():
    ctx = click.Context(cli)
    for name in VERBS:
        cmd = cli.get_command(ctx, name)
        assert isinstance(cmd, click.Command) and cmd.name == name
    r = CliRunner().invoke(cli, ["--help"])
    assert r.exit_code == 0
    for name, (_, short) in VERBS.items():
        assert f"  {name} " in r.stdout and short[:30] in r.stdout
    for name in VERBS:
        h = CliRunner().invoke(cli, [name, "--help"])
        assert h.exit_code == 0 and h.stdout.startswith(f"Usage: cli {name}"), name


@pytest.mark.parametrize("args, message", [
    (["run", "nope.yaml"], "no such file"),
    (["validate", "nope.yaml"], "no such file"),
    (["run", S, "--seed", "x"], "'x' is not a valid integer"),        # click's own check
    (["run", S, "--bogus"], "No such option '--bogus' (see: whales run --help)"),
    (["nosuch"], "No such command 'nosuch' (see: whales --help)"),
    (["replay", "verify", "nope.json"], "no such file"),
    (["replay", "show", "nope.json"], "no such file"),
    (["report", "nope.json"], "no such file"),
    (["sweep", "nope.yaml", "--runs", "2", "--out", "/tmp/never-whales"], "no such file"),
    (["compare", "/nonexistent-a", "/nonexistent-b"], "nonexistent-a"),
    (["play", "--size", "big"], "--size big: expected WIDTHxHEIGHT"),
    (["bench", "--sweep-dask"], "--sweep-dask needs --sweep N"),
    (["schema", "--indent", "many"], "'many' is not a valid integer"),
])
def test_every_verb_reports_errors_with_one_prefix_on_stderr(args, message):
    p = whales(*args)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert lines and all(line.startswith(PREFIX) for line in lines), p.stderr
    assert message in p.stderr
    assert "Traceback" not in p.stderr and "Usage:" not in p.stderr


def test_scenario_problems_each_get_the_prefix():
    bad = ROOT / "tests" / "fixtures" / "broken" / "bad_date.yaml"
    p = whales("validate", str(bad), S)
    assert p.returncode == 2
    assert p.stderr.startswith(PREFIX + str(bad) + ":7:13:")
    assert p.stdout.startswith(f"ok: {S}")          # the verdicts are the verb's data


def test_status_lines_go_to_stderr_and_data_to_stdout(tmp_path):
    rp = tmp_path / "g.json"
    r = whales("run", S, "--turns", "2", "--quiet", "--replay", str(rp))
    assert r.returncode == 0 and "Final scores" in r.stdout
    assert f"Replay written to {rp}" in r.stderr and "written" not in r.stdout
    md = tmp_path / "d.md"
    r = whales("report", str(rp), "--baseline", "0", "--out", str(md))
    assert r.returncode == 0 and r.stdout == "" and f"Debrief written to {md}" in r.stderr
    assert md.read_text().startswith("# Debrief")          # Markdown, from the name
    r = whales("report", str(rp), "--baseline", "0")
    assert r.returncode == 0 and r.stdout.startswith("<!DOCTYPE html>") and r.stderr == ""
    csv = tmp_path / "t.csv"
    r = whales("replay", "export", str(rp), "--out", str(csv))
    assert r.returncode == 0 and r.stdout == "" and "written to" in r.stderr


def _head_1(args: list[str]) -> subprocess.CompletedProcess:
    """`whales ARGS | head -1`, in a shell with pipefail: the exit status of whales."""
    cmd = " ".join(["set -o pipefail;", sys.executable, "-m", "game", *args, "| head -1"])
    return subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


@pytest.fixture(scope="module")
def replay10(tmp_path_factory):
    """A 10-turn game's replay, recorded once for the module, in this process (the pipe under
    test is the verb's, not this one's)."""
    rp = tmp_path_factory.mktemp("pipe") / "g.json"
    r = CliRunner().invoke(cli, ["run", S, "--turns", "10", "--quiet", "--replay", str(rp)])
    assert r.exit_code == 0, r.output
    return rp


@pytest.mark.parametrize("args", [
    ["run", S, "--turns", "16"],
    ["replay", "export", "RP", "--format", "json"],
])
def test_a_closed_pipe_ends_quietly(replay10, args):
    p = _head_1([str(replay10) if a == "RP" else a for a in args])
    assert p.returncode in (0, 141), p.stderr          # 141: as if killed by SIGPIPE, never 1
    assert p.stderr == ""                              # no traceback, no "Exception ignored"
    assert len(p.stdout.splitlines()) == 1


def test_help_imports_no_verb_and_no_engine():
    code = ("import sys\nfrom game.cli import cli\n"
            "try:\n    cli.main(['--help'], prog_name='whales')\n"
            "except SystemExit:\n    pass\n"
            "print('MODULES', ' '.join(sorted(sys.modules)), file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                       timeout=60)
    mods = p.stderr.split("MODULES", 1)[1].split()
    assert "Commands:" in p.stdout
    loaded = [m for m in mods if m.startswith(("game.engine", "game.cli.", "pydantic", "yaml",
                                               "pygame", "dask", "matplotlib"))]
    assert set(loaded) <= {"game.cli.common", "game.cli.textsafe"}, loaded   # no verb, engine


def test_shell_completion_scripts_and_verb_names():
    p = whales(env={"_WHALES_COMPLETE": "bash_source"})
    assert p.returncode == 0 and "complete " in p.stdout and "_whales_completion" in p.stdout
    p = whales(env={"_WHALES_COMPLETE": "bash_complete", "COMP_WORDS": "whales re",
                    "COMP_CWORD": "1"})
    assert p.returncode == 0
    assert p.stdout.split() == ["plain,replay", "plain,report"]
