"""Hostile inputs for `whales`, by class (the classes of the hostile-input report's totals
table), and a runner that plays each in a child process under time and memory limits.

Shared by the hostile-input tests (tests/test_hostile_*.py, which keep a fast subset) and by
the harness script (tests/hostile_harness.py, which runs them all and prints the table).
Large inputs (alias bombs, deep nesting, huge lists and files) are generated here, never kept
in the repository.

A case expects one of:
  "bad"    bad input: exit 2, one clear message, no traceback
  "check"  a check failed (a replay that does not verify, an edited one): exit 1
  "ok"     valid input: exit 0
  "any"    exit 0, 1 or 2 (a random bit flip may land in text nobody checks)
"""
from __future__ import annotations

import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yaml"
S2019 = ROOT / "scenarios" / "vladivostok-2019.yaml"
SANDBOX = ROOT / "scenarios" / "sandbox.yaml"

MEMORY_LIMIT = 2 * 1024 ** 3      # RLIMIT_AS of every child (bytes)
CPU_LIMIT = 30                    # RLIMIT_CPU of every child (CPU seconds): past it, a hang
TIMEOUT = 120.0                   # wall seconds before a child counts as a hang (a blocked
                                  # read uses no CPU; generous, since the machine is shared)
SLOW = 5.0                        # CPU seconds after which a refusal counts as slow


def set_root(root: Path) -> None:
    """Take the scenarios and fixtures from another checkout of the project (the harness's
    --root: the same hostile inputs built on an older version's own files)."""
    global ROOT, MINIMAL, S2019, SANDBOX
    ROOT = root.resolve()
    MINIMAL = ROOT / "tests" / "fixtures" / "minimal.yaml"
    S2019 = ROOT / "scenarios" / "vladivostok-2019.yaml"
    SANDBOX = ROOT / "scenarios" / "sandbox.yaml"

CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
"""Control characters that must never reach a terminal (tab, newline and CR are fine)."""

TRACEBACK = b"Traceback (most recent call last)"


@dataclass
class Case:
    klass: str
    name: str
    argv: list[str]                      # arguments after `whales`
    expect: str = "bad"
    place: bool = False                  # the message must give file:line:col
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = TIMEOUT
    run: Callable[["Case", list[str], Path], "Result"] | None = None   # a special case
    data: dict = field(default_factory=dict)


@dataclass
class Result:
    case: Case
    code: int | None                     # None: killed after the time limit
    seconds: float                       # CPU seconds (user + system, with its children)
    rss_mb: float
    out: bytes
    err: bytes
    note: str = ""
    broken: str = ""                     # a special case's own check that failed

    @property
    def hang(self) -> bool:
        return self.code is None or self.code == -signal.SIGXCPU

    @property
    def traceback(self) -> bool:
        return TRACEBACK in self.out or TRACEBACK in self.err

    @property
    def oom(self) -> bool:
        return (b"MemoryError" in self.err or b"MemoryError" in self.out
                or self.code in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT)
                and not self.hang)

    @property
    def accepted(self) -> bool:
        return self.case.expect in ("bad", "check") and self.code == 0

    @property
    def wrong_exit(self) -> bool:
        if self.hang or self.accepted:
            return False
        want = {"bad": (2,), "check": (1,), "ok": (0,), "any": (0, 1, 2)}[self.case.expect]
        return self.code not in want

    @property
    def no_place(self) -> bool:
        return (self.case.place and self.code == 2
                and not re.search(rb":\d+:\d+", self.err))

    @property
    def escape(self) -> bool:
        return bool(CONTROL.search(self.out) or CONTROL.search(self.err))

    @property
    def slow(self) -> bool:
        return not self.hang and self.seconds > SLOW

    @property
    def skipped(self) -> bool:
        return self.note == "skipped"

    @property
    def failed(self) -> bool:
        if self.skipped:
            return False
        return bool(self.hang or self.traceback or self.oom or self.accepted
                    or self.wrong_exit or self.no_place or self.escape or self.broken)

    def problems(self) -> list[str]:
        if self.skipped:
            return ["skipped"]
        names = ("hang", "traceback", "oom", "accepted", "wrong_exit", "no_place", "escape",
                 "slow")
        return [n for n in names if getattr(self, n)] + (
            [f"broken: {self.broken}"] if self.broken else [])


# ------------------------------------------------------------------ running
def _limits(pid: int, cpu: int = CPU_LIMIT) -> None:
    """Hold a child to the memory and CPU limits, from this process (prlimit): Python code
    run in a forked child before exec (a preexec_fn) can deadlock on a lock another thread
    of this process held at the fork, and then the child never runs at all."""
    try:
        resource.prlimit(pid, resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.prlimit(pid, resource.RLIMIT_CPU, (cpu, cpu + 5))
    except ProcessLookupError:       # it has already finished
        pass


def popen_limited(argv: list[str], cpu: int = CPU_LIMIT, **kw) -> subprocess.Popen:
    """A child in a session of its own (so that its pool workers can be killed with it),
    held to the limits as soon as it exists."""
    p = subprocess.Popen(argv, start_new_session=True, **kw)
    _limits(p.pid, cpu)
    return p


def kill_child(p: subprocess.Popen) -> None:
    """SIGKILL to a child from popen_limited: its session (its pool workers) and itself in
    any case (a child that never reached exec leads no session, and killpg alone misses it)."""
    for kill in (os.killpg, os.kill):
        try:
            kill(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _vm(pid: str, field: str) -> float:
    """A /proc/PID/status memory figure in MB (0 where there is none)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _execed(pid: int, argv: list[str]) -> bool:
    """Whether the child runs ``argv`` yet (not still the fork of this process)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().split(b"\0")[:len(argv)] == [a.encode() for a in argv]
    except OSError:
        return False


def spawn(argv: list[str], cwd: Path, env: dict[str, str] | None = None,
          timeout: float = TIMEOUT, stdin: bytes | None = None,
          cpu: int = CPU_LIMIT) -> tuple:
    """(code, CPU seconds, peak RSS MB, stdout, stderr) of one child run under RLIMIT_AS and
    RLIMIT_CPU; code is None when it was killed after ``timeout`` wall seconds (blocked) and
    -SIGXCPU when it used up its CPU seconds. CPU time, not wall time, is what tests assert:
    the machine is shared."""
    full_env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="100")
    full_env.pop("PYTEST_CURRENT_TEST", None)
    full_env.update(env or {})
    t0 = time.perf_counter()
    import tempfile
    # A forked child's peak RSS starts at this process's RSS (Linux keeps the pre-exec high
    # water mark in ru_maxrss), so a big test process would inflate it: read the child's own
    # VmHWM after exec instead whenever ru_maxrss is no more than what it inherited.
    # (the pre-exec mark is this process's own high-water mark, VmHWM, not its RSS now: a
    # suite that once peaked above its present size would otherwise count that peak)
    inherited = max(_vm("self", "VmRSS"), _vm("self", "VmHWM"))
    hwm = 0.0
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
        p = popen_limited(argv, cpu, cwd=cwd, env=full_env, stdout=fo, stderr=fe,
                          stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL)
        if stdin is not None:
            try:
                p.stdin.write(stdin)
                p.stdin.close()
            except OSError:
                pass
        code, rss = None, 0.0
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                p.returncode = code
                break
            if _execed(p.pid, argv):
                hwm = max(hwm, _vm(str(p.pid), "VmHWM"))
            if time.perf_counter() - t0 > timeout:
                kill_child(p)                  # its session, and itself in any case
                end = time.perf_counter() + 30
                while True:                    # reaped within a bound, never a blocking wait
                    pid, status, usage = os.wait4(p.pid, os.WNOHANG)
                    if pid:
                        p.returncode = os.waitstatus_to_exitcode(status)
                        break
                    if time.perf_counter() > end:
                        break                  # code stays None: a hang
                    time.sleep(0.01)
                break
            time.sleep(0.01)
        rss = usage.ru_maxrss / 1024
        if rss <= inherited + 1.0 and hwm:
            rss = hwm
        cpu_seconds = usage.ru_utime + usage.ru_stime
        try:                         # any children left behind (pool workers)
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        fo.seek(0)
        fe.seek(0)
        return code, cpu_seconds, rss, fo.read(), fe.read()


def run_case(case: Case, whales: list[str], cwd: Path) -> Result:
    if case.run is not None:
        return case.run(case, whales, cwd)
    code, sec, rss, out, err = spawn(whales + case.argv, cwd, case.env, case.timeout)
    return Result(case, code, sec, rss, out, err)


# ------------------------------------------------------------------ generators
def bomb(levels: int, key: str = "lol") -> str:
    """A billion-laughs document: each level is 9 aliases of the one below."""
    lines = [f'{key}: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev = f"*a{i - 1}"
        lines.append(f"l{i}: &a{i} [{', '.join([prev] * 9)}]")
    return "\n".join(lines) + "\n"


def deep_flow_seq(depth: int) -> str:
    return "[" * depth + "]" * depth


def deep_flow_map(depth: int) -> str:
    return "{a: " * depth + "1" + "}" * depth


def deep_block_map(depth: int) -> str:
    return "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "1\n"


def deep_block_seq(depth: int) -> str:
    return "".join(" " * (2 * i) + "-\n" for i in range(depth)) + " " * (2 * depth) + "1\n"


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def scenario_with(old: str, new: str, base: Path | None = None) -> str:
    return replace_once((base or MINIMAL).read_text(encoding="utf-8"), old, new)


class Builder:
    """Writes case files into ``work`` and collects the cases."""

    def __init__(self, work: Path) -> None:
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.cases: list[Case] = []
        self.n = 0

    def file(self, name: str, data: str | bytes) -> str:
        self.n += 1
        p = self.work / f"{self.n:04d}-{name}"
        if isinstance(data, str):
            p.write_text(data, encoding="utf-8", errors="surrogatepass")
        else:
            p.write_bytes(data)
        return str(p)

    def add(self, klass: str, name: str, argv: list[str], expect: str = "bad",
            **kw) -> Case:
        c = Case(klass, name, argv, expect, **kw)
        self.cases.append(c)
        return c

    def scenario(self, klass: str, name: str, text: str | bytes, expect: str = "bad",
                 place: bool = True, verbs: tuple[str, ...] = ("validate",), **kw) -> None:
        path = self.file(name + ".yaml", text)
        for verb in verbs:
            argv = [verb, path] + (["--turns", "2", "--quiet"] if verb == "run" else [])
            self.add(klass, f"{name} ({verb})", argv, expect, place=place, **kw)


# ------------------------------------------------------------------ the classes
def malformed_yaml(b: Builder) -> None:
    k = "malformed YAML"
    for name, (old, new) in {
        "tab indent": ("turns: 4", "\tturns: 4"),
        "unclosed flow": ("turns: 4", "turns: [4"),
        "unclosed map": ("turns: 4", "turns: {4"),
        "bad indentation": ("  us-russia: -45", "    us-russia: -45\n  dprk-rok: 10\n   x: 1"),
        "value after value": ("turns: 4", "turns: 4: 5"),
        "unterminated quote": ('title: "Minimal test scenario"', 'title: "Minimal test'),
        "bad escape": ('title: "Minimal test scenario"', 'title: "Minimal \\q"'),
        "undefined alias": ("turns: 4", "turns: *nope"),
        "two documents": ("turns: 4", "turns: 4\n---\nname: other"),
        "stray dash": ("turns: 4", "turns: 4\n- x"),
        "anchor without node": ("turns: 4", "turns: &a"),
        "question key": ("turns: 4", "? [a, b]\n: 1\nturns: 4"),
        "list key": ("turns: 4", "[1, 2]: x\nturns: 4"),
        "directive": ("name: minimal", "%YAML 9.9\n---\nname: minimal"),
        "tag on key": ("turns: 4", "!!int turns: 4"),
        "empty key": ("turns: 4", ": 4"),
        "null key": ("turns: 4", "~: 4\nturns: 4"),
        "int key": ("turns: 4", "4: 4\nturns: 4"),
        "flow in block": ("turns: 4", "turns: 4\nrelations: [a: 1, b]"),
    }.items():
        b.scenario(k, name, scenario_with(old, new))
    b.scenario(k, "trailing comma in a flow map (valid YAML)", scenario_with(
        "{china: 60, russia: 15, us: 10}", "{china: 60, russia: 15, us: 10,}"), "ok",
        place=False)
    b.scenario(k, "top-level list", "- a\n- b\n")
    b.scenario(k, "top-level scalar", "just text\n")
    b.scenario(k, "top-level number", "42\n")
    b.scenario(k, "only a comment", "# nothing\n")


def wrong_types(b: Builder) -> None:
    k = "wrong types"
    for name, (old, new) in {
        "turns as text": ("turns: 4", "turns: four"),
        "turns as bool": ("turns: 4", "turns: true"),
        "turns as str tag": ("turns: 4", "turns: !!str 4"),
        "turns as quoted": ("turns: 4", 'turns: "4"'),
        "turns as float": ("turns: 4", "turns: 4.5"),
        "turns as list": ("turns: 4", "turns: [4]"),
        "turns as map": ("turns: 4", "turns: {n: 4}"),
        "title as number": ('title: "Minimal test scenario"', "title: 5"),
        "title as list": ('title: "Minimal test scenario"', "title: [a]"),
        "name as bool": ("name: minimal", "name: yes"),
        "value as text": ("value: 50, war_at", "value: high, war_at"),
        "value as bool": ("value: 50, war_at", "value: true, war_at"),
        "war_at as text": ("war_at: 100", "war_at: never"),
        "date as number": ("start_date: 2019-04-01", "start_date: 20190401"),
        "date as text": ("start_date: 2019-04-01", "start_date: next spring"),
        "date with time": ("start_date: 2019-04-01", "start_date: 2019-04-01T10:00:00"),
        "indicators as list": ("indicators: {economy: 20, military: 45",
                               "indicators: [20, 45], x: {economy: 20, military: 45"),
        "relations as text": ("relations:\n  us-russia: -45\n  dprk-rok: 10",
                              "relations: cold"),
        "objectives empty": ("      - {key: self.economy}", "      []"),
        "objectives as map": ("    objectives:\n      - {key: self.economy}",
                              "    objectives: {key: self.economy}"),
        "un_permanent as text": ("un_permanent: true\n    indicators: {economy: 80",
                                 "un_permanent: maybe\n    indicators: {economy: 80"),
        "un_permanent as int": ("un_permanent: true\n    indicators: {economy: 80",
                                "un_permanent: 2\n    indicators: {economy: 80"),
        "probability as text": ("probability: 0.5", "probability: half"),
        "probability as percent": ("probability: 0.5", "probability: 50%"),
        "capital as float": ("iso: KOR", "iso: KOR\n    capital_per_turn: 4.5"),
        "event list as map": ("events:\n  - id: harvest_failure", "events:\n  x:\n    id: harvest_failure"),
    }.items():
        b.scenario(k, name, scenario_with(old, new))


def unknown_keys(b: Builder) -> None:
    k = "unknown keys"
    for name, (old, new) in {
        "top level": ("turns: 4", "turns: 4\nturnz: 5"),
        "in an actor": ("iso: KOR", "iso: KOR\n    colour: blue"),
        "in a track": ("war_at: 100}", "war_at: 100, speed: 3}"),
        "in an event": ("probability: 0.5", "probability: 0.5\n    chance: 1"),
        "in a lever": ("turns: 4", "turns: 4\nlevers: {denounce: {price: 1}}"),
        "in drift": ("turns: 4", "turns: 4\ndrift: {sanctions_bit: 3}"),
        "in a personality": ("iso: KOR", "iso: KOR\n    personalities: {balanced: {rsk: 1}}"),
        "in effects": ("effects:\n      indicators: {dprk: {economy: -3}}",
                       "effects:\n      indicator: {dprk: {economy: -3}}"),
    }.items():
        b.scenario(k, name, scenario_with(old, new))


def out_of_range(b: Builder) -> None:
    k = "out-of-range numbers"
    for name, (old, new) in {
        "track value above max": ("value: 50, war_at", "value: 500, war_at"),
        "track value below min": ("value: 50, war_at", "value: -50, war_at"),
        "track value 1e300": ("value: 50, war_at", "value: 1e300, war_at"),
        "talks above max": ("{label: Talks, value: 35}", "{label: Talks, value: 135}"),
        "war_at negative": ("war_at: 100", "war_at: -5"),
        "war_at huge": ("war_at: 100", "war_at: 1e9"),
        "war_at below start": ("war_at: 100", "war_at: 40"),
        "war_at at start": ("war_at: 100", "war_at: 50"),
        "bounds reversed": ("{label: Talks, value: 35}", "{label: Talks, value: 35, min: 100, max: 0}"),
        "bounds equal": ("{label: Talks, value: 35}", "{label: Talks, value: 35, min: 35, max: 35}"),
        "bounds huge": ("{label: Talks, value: 35}", "{label: Talks, value: 35, min: -1e308, max: 1e308}"),
        "indicator bounds huge": ("economy: {label: Economy}", "economy: {label: Economy, max: 1e308}"),
        "stage beyond max": ("war_at: 100}", "war_at: 100, stages: {calm: 0, crisis: 500}}"),
        "cost 11": ("turns: 4", "turns: 4\nlevers: {denounce: {cost: 11}}"),
        "cost negative": ("turns: 4", "turns: 4\nlevers: {denounce: {cost: -1}}"),
        "detection 2": ("turns: 4", "turns: 4\nlevers: {cyber_theft: {detection: 2}}"),
        "probability 1.5": ("probability: 0.5", "probability: 1.5"),
        "enforcement 101": ("iso: KOR", "iso: KOR\n    enforcement: 101"),
        "relation 150": ("dprk-rok: 10", "dprk-rok: 150"),
        "weight 0": ("{key: self.economy}", "{key: self.economy, weight: 0}"),
        "weight 11": ("{key: self.economy}", "{key: self.economy, weight: 11}"),
        "risk 2": ("iso: KOR", "iso: KOR\n    personalities: {balanced: {risk: 2}}"),
        "capital 21": ("iso: KOR", "iso: KOR\n    capital_per_turn: 21"),
        "turn_months 13": ("turns: 4", "turns: 4\nturn_months: 13"),
        "turns 101": ("turns: 4", "turns: 101"),
        "event turn 0": ("probability: 0.5", "probability: 0.5\n    turn: 0"),
        "event turn past end": ("probability: 0.5", "probability: 0.5\n    turn: 9"),
        "indicator above max": ("clout: 20, hard_currency: 20", "clout: 20, hard_currency: 120"),
        "effect 1e300": ("{dprk: {economy: -3}}", "{dprk: {economy: -1e300}}"),
        "lever effect 1e300": ("turns: 4", "turns: 4\nlevers: {denounce: {effects: {tracks: {tension: 1e300}}}}"),
        "lever param negative turns": ("turns: 4", "turns: 4\nlevers: {transit_project: {params: {turns: -3}}}"),
        "lever param huge expiry": ("turns: 4", "turns: 4\nlevers: {transit_project: {params: {expiry: 1e300}}}"),
        "debt 1e9": ("influence: {china", "debts: {dprk-russia: 1e9}\ninfluence: {china"),
        "start date 9999": ("start_date: 2019-04-01", "start_date: 9999-12-01"),
        "start date 9990 long": ("start_date: 2019-04-01\nturns: 4",
                                 "start_date: 9995-01-01\nturns: 100\nturn_months: 12"),
        "date not a date": ("start_date: 2019-04-01", "start_date: 2019-13-01"),
        "date feb 30": ("start_date: 2019-04-01", "start_date: 2019-02-30"),
    }.items():
        b.scenario(k, name, scenario_with(old, new), verbs=("validate", "run"))
    b.scenario(k, "start date in the year 1 (a real date)", scenario_with(
        "start_date: 2019-04-01", "start_date: 0001-01-01"), "ok", place=False,
        verbs=("validate", "run"))
    sets = ["tracks.tension.value=500", "tracks.tension.war_at=-5", "tracks.tension.war_at=1e9",
            "tracks.talks.value=-1", "actors.china.enforcement=101",
            "levers.denounce.cost=99", "tracks.tension.max=1e308",
            "levers.transit_project.params.months=-1", "start_date=9999-12-01",
            "levers.debt_writeoff.params.share=5"]
    for s in sets:
        b.add(k, f"--set {s}", ["run", str(S2019), "--turns", "2", "--quiet", "--set", s],
              place=False)


def nan_inf(b: Builder) -> None:
    k = "NaN / inf"
    spots = {
        "track value": ("value: 50, war_at", "value: {x}, war_at"),
        "war_at": ("war_at: 100", "war_at: {x}"),
        "track min": ("{label: Talks, value: 35}", "{label: Talks, value: 35, min: {x}}"),
        "track max": ("{label: Talks, value: 35}", "{label: Talks, value: 35, max: {x}}"),
        "indicator max": ("economy: {label: Economy}", "economy: {label: Economy, max: {x}}"),
        "actor indicator": ("clout: 20, hard_currency: 20", "clout: 20, hard_currency: {x}"),
        "event effect": ("{dprk: {economy: -3}}", "{dprk: {economy: {x}}}"),
        "condition value": ('op: "<", value: 30', 'op: "<", value: {x}'),
        "lever effect": ("turns: 4", "turns: 4\nlevers: {denounce: {effects: {tracks: {tension: {x}}}}}"),
        "lever param": ("turns: 4", "turns: 4\nlevers: {transit_project: {params: {expiry: {x}}}}"),
        "stage": ("war_at: 100}", "war_at: 100, stages: {calm: 0, crisis: {x}}}"),
        "relation": ("dprk-rok: 10", "dprk-rok: {x}"),
        "probability": ("probability: 0.5", "probability: {x}"),
        "weight": ("{key: self.economy}", "{key: self.economy, weight: {x}}"),
        "drift": ("turns: 4", "turns: 4\ndrift: {sanctions_bite: {x}}"),
        "lever bias": ("iso: KOR", "iso: KOR\n    personalities: {balanced: {lever_bias: {denounce: {x}}}}"),
    }
    for name, (old, new) in spots.items():
        for x in (".nan", ".inf", "-.inf"):
            b.scenario(k, f"{name} = {x}", scenario_with(old, new.replace("{x}", x)),
                       verbs=("run",) if name in ("lever param", "track value") else ("validate",))
    for s in ("tracks.tension.value=.nan", "tracks.tension.war_at=.nan",
              "levers.denounce.effects.tracks.tension=.nan",
              "levers.debt_writeoff.params.share=.nan", "levers.transit_project.params.expiry=.nan",
              "levers.transit_project.params.months=.inf", "tracks.tension.max=.inf",
              "indicators.economy.max=.inf"):
        b.add(k, f"--set {s}", ["run", str(S2019), "--seed", "1", "--quiet", "--set", s])
        b.add(k, f"--set {s} --json", ["run", str(S2019), "--seed", "1", "--json", "--set", s])


def turns(b: Builder) -> None:
    k = "negative / huge turns"
    for name, (old, new) in {
        "turns 0": ("turns: 4", "turns: 0"), "turns -1": ("turns: 4", "turns: -1"),
        "turns 1e9": ("turns: 4", "turns: 1000000000"),
        "turns 10^30": ("turns: 4", "turns: 1" + "0" * 30),
        "turns .inf": ("turns: 4", "turns: .inf"),
        "event turn 10^40": ("probability: 0.5", "probability: 0.5\n    turn: 1" + "0" * 40),
    }.items():
        b.scenario(k, name, scenario_with(old, new))
    for t in ("0", "-1", "abc", "1" + "0" * 30, "1e3", "9" * 5000):
        b.add(k, f"--turns {t[:12]}", ["run", str(MINIMAL), "--quiet", "--turns", t])
    b.add(k, "--turns beyond the scenario", ["run", str(MINIMAL), "--quiet", "--turns", "50"],
          "ok")


def unicode(b: Builder) -> None:
    k = "unicode / emoji / RTL / encodings"
    base = MINIMAL.read_text(encoding="utf-8")
    for name, new, expect in (
        ("emoji name", "name: \"North Korea 🚀\"", "ok"),
        ("RTL name", "name: \"كوريا الشمالية\"", "ok"),
        ("CJK name", "name: 조선민주주의인민공화국", "ok"),
        ("combining marks", "name: \"Nórth Ko\u0301rea\"", "ok"),
        ("lone surrogate", 'name: "North \\uD800 Korea"', "bad"),
        ("escape sequence", 'name: "North\\e]0;PWNED\\aKorea\\e[2J"', "bad"),
        ("bell", 'name: "North\\aKorea"', "bad"),
        ("C1 control", 'name: "North\\x9bKorea"', "bad"),
        ("NUL escape", 'name: "North\\0Korea"', "bad"),
        ("RTL override", 'name: "North \u202eaeroK"', "bad"),
        ("zero width in key", "name: North Korea\n    iso\u200b: PRK", "bad"),
    ):
        text = replace_once(base, "name: North Korea", new)
        b.scenario(k, name, text, expect=expect, place=expect == "bad",
                   verbs=("validate", "run"))
    b.scenario(k, "escape in a headline", replace_once(
        base, '"Harvest failure in the North"', '"Harvest\\e[2J\\e]52;c;cHduZWQ=\\a failure"'),
        verbs=("validate",))
    b.scenario(k, "latin-1 file", replace_once(base, "North Korea", "Nörth Korea").encode("latin-1"))
    b.scenario(k, "utf-16 file", base.encode("utf-16"))
    b.scenario(k, "utf-8 BOM", b"\xef\xbb\xbf" + base.encode(), expect="ok", place=False)
    b.scenario(k, "raw NUL byte", base.replace("turns: 4", "turns: 4\x00").encode())
    b.scenario(k, "raw ESC byte", base.replace("Minimal test", "Minimal \x1b[2J test").encode())
    b.scenario(k, "raw NEL (a YAML line break)", base.replace("Minimal test",
                                                              "Minimal \u0085 test"), "ok",
               place=False)
    b.add(k, "latin-1 console", ["run", str(S2019), "--turns", "2"], "ok",
          env={"PYTHONIOENCODING": "latin-1"})
    b.add(k, "ascii console", ["run", str(S2019), "--turns", "2"], "ok",
          env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    emoji = b.file("emoji.yaml", replace_once(base, "name: North Korea",
                                              'name: "North Korea 🚀"'))
    b.add(k, "emoji name on an ascii console (validate)", ["validate", emoji], "ok",
          env={"PYTHONIOENCODING": "ascii", "LC_ALL": "C"})
    b.add(k, "emoji name on a latin-1 console (run)", ["run", emoji, "--turns", "2"], "ok",
          env={"PYTHONIOENCODING": "latin-1"})
    b.add(k, "escape in a file name", ["validate", str(b.work / "no\x1b]0;PWNED\x07such.yaml")])


def empty_binary(b: Builder) -> None:
    k = "empty / binary"
    for name, data in (("empty", b""), ("spaces", b"   \n\n"), ("null", b"null\n"),
                       ("tilde", b"~\n"), ("empty list", b"[]\n"), ("empty map", b"{}\n"),
                       ("zero", b"0\n"), ("random bytes", random.Random(1).randbytes(4000)),
                       ("png", (ROOT / "assets/icons/state_us_32.png").read_bytes()),
                       ("gzip", __import__("gzip").compress(MINIMAL.read_bytes())),
                       ("all NULs", b"\x00" * 1000), ("UTF-8 BOM only", b"\xef\xbb\xbf")):
        b.scenario(k, name, data, place=False)


def file_kinds(b: Builder) -> None:
    k = "file kinds"
    d = b.work / "a-folder.yaml"
    d.mkdir(exist_ok=True)
    b.add(k, "folder", ["validate", str(d)])
    b.add(k, "missing", ["validate", str(b.work / "missing.yaml")])
    loop = b.work / "loop.yaml"
    if not loop.is_symlink():
        os.symlink(loop, loop)
    b.add(k, "symlink loop", ["validate", str(loop)])
    dangling = b.work / "dangling.yaml"
    if not dangling.is_symlink():
        os.symlink(b.work / "nowhere.yaml", dangling)
    b.add(k, "dangling symlink", ["validate", str(dangling)])
    b.add(k, "name too long", ["validate", str(b.work / ("x" * 300 + ".yaml"))])
    b.add(k, "/dev/null", ["validate", "/dev/null"])
    for dev in ("/dev/zero", "/dev/urandom"):
        b.add(k, f"validate {dev}", ["validate", dev])
        b.add(k, f"run {dev}", ["run", dev])
        b.add(k, f"replay verify {dev}", ["replay", "verify", dev])
    fifo = b.work / "pipe.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    b.add(k, "named pipe", ["validate", str(fifo)], timeout=15)
    b.add(k, "named pipe replay", ["replay", "verify", str(fifo)], timeout=15)
    b.add(k, "named pipe report", ["report", str(fifo)], timeout=15)
    unreadable = Path(b.file("unreadable.yaml", MINIMAL.read_text()))
    unreadable.chmod(0)
    b.add(k, "unreadable (as nobody)", ["validate", str(unreadable)],
          data={"as_nobody": True}, run=_as_nobody)


def _as_nobody(case: Case, whales: list[str], cwd: Path) -> Result:
    """Run as user nobody (root reads any file); skipped when not root."""
    if os.geteuid() != 0:
        code, sec, rss, out, err = spawn(whales + case.argv, cwd)
        return Result(case, code, sec, rss, out, err)
    os.chmod(case.argv[-1], 0)
    prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    probe = spawn(prefix + whales + ["--version"], "/", {"HOME": "/tmp"})
    if probe[0] != 0:       # nobody cannot run this checkout's whales (a private folder)
        return Result(case, 0, 0, 0, b"", probe[4], "skipped")
    code, sec, rss, out, err = spawn(prefix + whales + case.argv, "/", {"HOME": "/tmp"})
    return Result(case, code, sec, rss, out, err)


def yaml_tags(b: Builder) -> None:
    k = "YAML tags"
    tags = ['!!python/object/apply:os.system ["echo PWNED > {p}"]',
            "!!python/name:os.system", "!!python/object:object {}",
            '!!python/object/new:os.system ["echo PWNED > {p}"]', "!!python/module:os",
            "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!custom 5",
            "!<tag:yaml.org,2002:python/object/apply:os.system> ['x']", "!!timestamp nope",
            "!!float nope", "!!int 0x1G", "!!bool maybe"]
    pwn = b.work / "PWNED"
    for i, t in enumerate(tags):
        t = t.replace("{p}", str(pwn))
        b.scenario(k, f"tag {i} in a value", scenario_with("turns: 4", f"turns: {t}"))
        if i < 5:
            b.scenario(k, f"tag {i} in a key", scenario_with("turns: 4", f"? {t}\n: 1\nturns: 4"))
            b.scenario(k, f"tag {i} in a name", scenario_with(
                "name: North Korea", f"name: {t}"))
            b.add(k, f"tag {i} via --set", ["run", str(MINIMAL), "--quiet", "--set",
                                           f"title={t}"], "ok")


def duplicate_keys(b: Builder) -> None:
    k = "duplicate keys"
    for name, (old, new) in {
        "top level": ("turns: 4", "turns: 4\nturns: 5"),
        "flow map": ("{china: 60, russia: 15", "{china: 60, china: 15"),
        "actor": ("  japan:\n", "  us:\n    name: x\n  japan:\n"),
        "merge key duplicate": ("  dprk-rok: 10", "  <<: {x: 1}\n  <<: {y: 2}\n  dprk-rok: 10"),
        "event id": ("events:\n  - id: harvest_failure",
                     "events:\n  - {id: harvest_failure, headline: x, provenance: {article: scenario, passage: abc}}\n  - id: harvest_failure"),
    }.items():
        b.scenario(k, name, scenario_with(old, new))
    b.scenario(k, "merge key under an explicit key (valid YAML)", scenario_with(
        "  dprk-rok: 10", "  dprk-rok: 10\n  <<: {us-russia: 3}"), "ok", place=False)


def alias_bombs(b: Builder) -> None:
    k = "alias bombs"
    for levels in (6, 7, 8, 9):
        b.scenario(k, f"9^{levels} top level", bomb(levels), timeout=20, place=False)
    inner = bomb(8).replace("\n", "\n  ")
    b.scenario(k, "9^8 inside a scenario", scenario_with(
        "turns: 4", "turns: 4\ndescription_extra:\n  " + inner), place=False, timeout=20)
    b.add(k, "9^8 through --set", ["run", str(MINIMAL), "--quiet", "--set",
                                    "title=" + bomb(8).replace("\n", " , ").join(["{", "}"])],
          timeout=20)


def deep_nesting(b: Builder) -> None:
    k = "deep nesting"
    for name, text in (("flow seq 1000", deep_flow_seq(1000)),
                       ("flow map 1000", deep_flow_map(1000)),
                       ("block map 600", deep_block_map(600)),
                       ("block seq 400", deep_block_seq(400)),
                       ("flow seq 100000", deep_flow_seq(100000)),
                       ("mixed 5000", "[{a: " * 2500 + "1" + "}]" * 2500)):
        b.scenario(k, name, text, place=False)
    b.scenario(k, "deep inside a scenario", scenario_with(
        "turns: 4", "turns: 4\nextra: " + deep_flow_seq(2000)), place=False)
    b.add(k, "--set value 3000 deep", ["run", str(MINIMAL), "--quiet", "--set",
                                        "title=" + deep_flow_seq(3000)])


def huge(b: Builder) -> None:
    k = "huge files"
    base = MINIMAL.read_text(encoding="utf-8")
    opts = ", ".join(f"o{i}" for i in range(20000))
    b.scenario(k, "20000 options", replace_once(
        base, "turns: 4", f"turns: 4\nlevers: {{propose_summit: {{options: [{opts}]}}}}"),
        verbs=("validate", "run"), place=False)
    events = "".join(f"  - {{id: e{i}, headline: h, provenance: {{article: scenario, "
                     f"passage: abc}}}}\n" for i in range(20000))
    b.scenario(k, "20000 events", base + events, place=False)
    b.scenario(k, "5 MB of comments", base + ("# " + "x" * 98 + "\n") * 50000, place=False)
    b.scenario(k, "10 MB description", replace_once(
        base, 'description: "Six states, four tracks, one event."',
        "description: " + "x" * 10_000_000), place=False)
    conds = "".join("      - {key: dprk.economy, op: '<', value: 30}\n" for _ in range(20000))
    b.scenario(k, "20000 conditions", replace_once(
        base, "      - {key: dprk.economy, op: \"<\", value: 30}\n", conds), place=False)
    targets = ", ".join(["dprk"] * 20000)
    b.scenario(k, "20000 duplicate targets", replace_once(
        base, "turns: 4", f"turns: 4\nlevers: {{denounce: {{targets: [{targets}]}}}}"),
        verbs=("validate", "run"), place=False)
    pers = "".join(f"      p{i}: {{}}\n" for i in range(20000))
    b.scenario(k, "20000 personalities", replace_once(
        base, "    iso: KOR\n", "    iso: KOR\n    personalities:\n      balanced: {}\n" + pers),
        place=False)


def cli_flags(b: Builder) -> None:
    k = "CLI flags"
    S = str(S2019)
    out = b.work / "cli-out"
    out.mkdir(exist_ok=True)
    afile = b.file("a-file.txt", "x")
    for args in (["--seed", "abc"], ["--seed", "9" * 5000], ["--seed", "1" + "0" * 30],
                 ["--turns", "x"], ["--set", "noequals"], ["--set", "=5"], ["--set", "a..b=1"],
                 ["--set", "nosuch.path=1"], ["--set", "tracks.tension.value=high"],
                 ["--set", "tracks.tension=5"], ["--set", "events.99.turn=1"],
                 ["--set", "turns=1e400"], ["--seat", "mars=computer"],
                 ["--seat", "dprk=human"], ["--seat", "dprk=computer:nobody"],
                 ["--replay", str(out)], ["--replay", str(out / "no/such/dir.json")],
                 ["--nosuch"], ["--json", "--quiet", "--set", "levers.nosuch.cost=1"]):
        b.add(k, "run " + " ".join(a[:40] for a in args), ["run", S] + args)
    b.add(k, "run --seed -1", ["run", S, "--seed", "-1", "--turns", "1", "--quiet"], "ok")
    for args in (["--runs", "0"], ["--runs", "x"], ["--runs", "1000000000"],
                 ["--runs", "10", "--workers", "0"], ["--runs", "10", "--workers", "100000"],
                 ["--runs", "1", "--grid", "x"], ["--runs", "1", "--grid", "a=1,1"],
                 ["--runs", "1", "--grid", "tracks.tension.value=1,2", "--set",
                  "tracks.tension.value=3"],
                 ["--runs", "1"] + sum((["--grid", f"drift.{f}={','.join(str(i) for i in range(10))}"]
                                        for f in ("trade_income", "tension_decay",
                                                  "influence_decay", "relation_memory")), []),
                 ["--runs", "1", "--grid", "tracks.tension.value=" + ",".join(
                     str(i) for i in range(10000))],
                 ["--runs", "5", "--set", "tracks.tension.value=.nan"],
                 ["--runs", "5", "--grid", "tracks.tension.value=10,.nan"],
                 ["--runs", "2", "--seed-start", "9" * 5000],
                 ["--runs", "2", "--seed-start", "9" * 30]):
        o = b.work / f"sweep-{b.n}"
        b.n += 1
        b.add(k, "sweep " + " ".join(a[:30] for a in args),
              ["sweep", S, "--out", str(o), "--no-plots", "--workers", "1"] + args
              if "--workers" not in args else ["sweep", S, "--out", str(o), "--no-plots"] + args,
              timeout=60)
    b.add(k, "sweep --out is a file", ["sweep", S, "--runs", "2", "--out", afile, "--no-plots"])
    for addr in ("tls://127.0.0.1:1", "nonsense", "inproc://x", "file:///x", "ucx://x:1",
                 "http://127.0.0.1:1", "tcp://[::1", "tcp://127.0.0.1:99999",
                 "tcp://127.0.0.1:1"):
        b.add(k, f"sweep --scheduler {addr}", ["sweep", S, "--runs", "2", "--no-plots",
                                                "--out", str(b.work / f"dask-{b.n}"),
                                                "--scheduler", addr], timeout=90)
        b.n += 1
    for s_ in ("actors.rok.capital_per_turn=3", "actors.rok.personalities.balanced.risk=0.3",
               "events.0.turn=2", "events.0.repeat=true"):
        b.add(k, f"--set a field the file leaves at its default: {s_}",
              ["run", str(SANDBOX), "--turns", "2", "--quiet", "--set", s_], "ok")
    b.add(k, "compare one folder", ["compare", str(out)])
    b.add(k, "compare three", ["compare", str(out), str(out), str(out)])
    b.add(k, "replay show --changes -1", ["replay", "show", S, "--changes", "-1"])
    b.add(k, "replay export --format x", ["replay", "export", S, "--format", "x"])
    b.add(k, "report --baseline huge", ["report", S, "--baseline", "1" + "0" * 20])
    b.add(k, "play --size", ["play", "--size", "10x10"])
    b.add(k, "play --size text", ["play", "--size", "big"])
    b.add(k, "no verb", ["nosuchverb"])
    b.add(k, "bench --games 0", ["bench", "--games", "0"])
    b.add(k, "validate nothing", ["validate"])


# ------------------------------------------------------------------ replays
def _replay(b: Builder, whales: list[str]) -> dict:
    """A small valid replay (minimal scenario, 4 turns) as data, recorded by the whales under
    test (so the harness works on any version)."""
    path = b.work / "base-replay.json"
    if not path.exists():
        code, _, _, out, err = spawn(whales + ["run", str(MINIMAL), "--seed", "3", "--quiet",
                                               "--replay", str(path)], ROOT)
        assert code == 0, err
    return json.loads(path.read_text(encoding="utf-8"))


def _dump(data) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False)


def replays(b: Builder, whales: list[str]) -> None:
    import hashlib
    k = "replays/saves"
    base = _replay(b, whales)
    good = _dump(base)

    def rehash(d: dict) -> dict:
        d["scenario_hash"] = hashlib.sha256(d["scenario_text"].encode("utf-8",
                                                                      "surrogatepass")).hexdigest()
        return d

    def add(name: str, text: str | bytes, expect: dict[str, str] | str, verbs=None) -> None:
        path = b.file(name.replace(" ", "_").replace("/", "_") + ".json", text)
        verbs = verbs or ("verify", "show", "export", "report")
        for v in verbs:
            want = expect if isinstance(expect, str) else expect.get(v, expect.get("*", "bad"))
            argv = (["replay", v, path] if v != "report" else ["report", path, "--baseline", "0"])
            b.add(k, f"{name} ({v})", argv, want)

    add("valid", good, "ok")
    add("truncated half", good[: len(good) // 2], "bad")
    add("truncated end", good[:-3], "bad")
    add("empty", "", "bad")
    add("a list", "[1, 2]", "bad")
    add("not JSON", "hello", "bad")
    add("version 2", _dump({**base, "format_version": 2}), "bad")
    add("version text", _dump({**base, "format_version": "1"}), "bad")
    add("no format", _dump({k2: v for k2, v in base.items() if k2 != "format"}), "bad")
    add("extra field", _dump({**base, "cheat": 1}), "bad")
    add("turns is text", _dump({**base, "turns": "x"}), "bad")
    add("seed 5000 digits", good.replace(f'"seed": {base["seed"]}', '"seed": ' + "9" * 5000),
        "bad")
    add("seed 30 digits", good.replace(f'"seed": {base["seed"]}', '"seed": ' + "9" * 30),
        "bad")
    add("seed negative", good.replace(f'"seed": {base["seed"]}', '"seed": -1'), "check",
        verbs=("verify",))
    add("score 1e400", good.replace('"scores": {', '"scores": {"us": 1e400, "x": 1, ', 1), "bad")
    add("score NaN", good.replace('"scores": {', '"scores": {"zz": NaN, ', 1), "bad")
    add("score Infinity", good.replace('"scores": {', '"scores": {"zz": Infinity, ', 1), "bad")
    add("turn 10^30", good.replace('"turn": 1,', '"turn": 1' + "0" * 30 + ",", 1), "bad")
    add("deep JSON 100000", "[" * 100000 + "]" * 100000, "bad")
    add("deep JSON in a field", good.replace('"overrides": []', '"overrides": ' +
                                             "[" * 100000 + "]" * 100000), "bad")
    edited = json.loads(good)
    edited["scenario_text"] = edited["scenario_text"].replace("turns: 4", "turns: 3")
    add("scenario edited, hash kept", _dump(edited), "check")
    add("scenario edited, rehashed", _dump(rehash(json.loads(_dump(edited)))), "check",
        verbs=("verify",))
    digest = json.loads(good)
    digest["turns"][1]["digest"] = "0" * 32
    add("digest edited", _dump(digest), {"verify": "check", "*": "ok"})
    other = json.loads(good)
    other["scenario_text"] = SANDBOX.read_text(encoding="utf-8")
    add("other scenario", _dump(rehash(other)), "check")
    bombed = json.loads(good)
    bombed["scenario_text"] += "\n" + bomb(9)
    add("alias bomb in scenario_text", _dump(rehash(bombed)), "check")
    deep = json.loads(good)
    deep["scenario_text"] += "\nextra: " + deep_flow_seq(3000) + "\n"
    add("deep scenario_text", _dump(rehash(deep)), "check")
    ov = json.loads(good)
    ov["overrides"] = ["title=" + deep_flow_seq(3000)]
    add("deep override", _dump(ov), "check")
    ov = json.loads(good)
    ov["overrides"] = ["title=" + bomb(9).replace("\n", " , ").join(["{", "}"])]
    add("alias bomb override", _dump(ov), "check")
    nan = json.loads(good)
    nan["overrides"] = ["tracks.tension.value=.nan"]
    add("NaN override", _dump(nan), "check")
    esc = json.loads(good)
    for recs in esc["turns"][0]["orders"].values():
        for o in recs:
            o["reason"] = "ok\x1b]0;PWNED\x07\x1b[2J"
    add("escape in a reason", _dump(esc), {"verify": "bad", "*": "bad"})
    esc2 = json.loads(good)
    esc2["scenario_text"] = esc2["scenario_text"].replace("name: North Korea",
                                                          'name: "North\\e[2JKorea"')
    add("escape in an embedded name", _dump(rehash(esc2)), "check")
    sur = json.loads(good)
    sur["turns"][0]["date"] = "\ud800"
    add("lone surrogate", _dump(sur).encode("utf-8", "surrogatepass"), "bad")
    add("latin-1 bytes", good.replace("Korea", "Kör").encode("latin-1", "replace"), "bad")
    order = json.loads(good)
    order["turns"][0], order["turns"][1] = order["turns"][1], order["turns"][0]
    add("turns out of order", _dump(order), "check")
    many = json.loads(good)
    many["turns"] = many["turns"] * 50000
    add("200000 turns", _dump(many), "bad", verbs=("verify", "show"))
    lots = json.loads(good)
    lots["turns"][0]["orders"]["us"] = lots["turns"][0]["orders"]["us"] * 100000
    add("100000 orders", _dump(lots), "bad", verbs=("verify",))
    big = json.loads(good)
    big["turns"][0]["orders"]["us"] = [{"actor": "us", "lever": "denounce", "target": "dprk",
                                        "reason": "x" * 20_000_000}]
    add("20 MB reason", _dump(big), "bad", verbs=("verify",))
    seat = json.loads(good)
    seat["seats"] = {"us": "\x1b[2J"}
    add("escape in a seat", _dump(seat), "bad", verbs=("show",))
    rng = random.Random(7)
    raw = good.encode("utf-8")
    for i in range(40):
        flipped = bytearray(raw)
        pos = rng.randrange(len(flipped))
        flipped[pos] ^= 1 << rng.randrange(8)
        add(f"bit flip {i}", bytes(flipped), "any", verbs=("verify",))


# ------------------------------------------------------------------ sweep folders
def sweep_folders(b: Builder, whales: list[str]) -> None:
    k = "sweep folders"
    src = b.work / "sweep-good"
    if not (src / "games.csv").exists():
        code, _, _, out, err = spawn(whales + ["sweep", str(MINIMAL), "--runs", "6", "--out",
                                               str(src), "--no-plots", "--workers", "1"], ROOT)
        assert code == 0, err
    import shutil
    S = str(MINIMAL)

    def variant(name: str, edit: Callable[[Path], None]) -> Path:
        d = b.work / f"sweep-{b.n:04d}-{name.replace(' ', '_').replace('/', '_')}"
        b.n += 1
        if d.exists():
            shutil.rmtree(d)
        shutil.copytree(src, d)
        edit(d)
        return d

    def games(fn):
        def edit(d: Path) -> None:
            p = d / "games.csv"
            p.write_text(fn(p.read_text(encoding="utf-8")), encoding="utf-8")
        return edit

    def spec(fn):
        def edit(d: Path) -> None:
            p = d / "sweep.json"
            p.write_text(fn(p.read_text(encoding="utf-8")), encoding="utf-8")
        return edit

    def mark_incomplete(d: Path) -> None:
        s = json.loads((d / "sweep.json").read_text())
        s["execution"] = {"complete": False}
        (d / "sweep.json").write_text(json.dumps(s))

    cases = {
        "non-numeric score": games(lambda t: t.replace("\n1,0,", "\n1,0,", 1).replace(
            t.splitlines()[1].split(",")[6], "high", 1)),
        "non-numeric run id": games(lambda t: t.replace("\n0,", "\nzero,", 1)),
        "games.csv empty": games(lambda t: ""),
        "games.csv header only": games(lambda t: t.splitlines()[0] + "\n"),
        "games.csv binary": lambda d: (d / "games.csv").write_bytes(b"\x00\xff" * 100),
        "games.csv missing columns": games(lambda t: "\n".join(
            ",".join(r.split(",")[:3]) for r in t.splitlines()) + "\n"),
        "sweep.json a list": spec(lambda t: "[1, 2]"),
        "sweep.json cells text": spec(lambda t: json.dumps({**json.loads(t), "cells": "x"})),
        "sweep.json cells of text": spec(lambda t: json.dumps({**json.loads(t), "cells": ["x"]})),
        "sweep.json execution text": spec(lambda t: json.dumps({**json.loads(t),
                                                                "execution": "x"})),
        "sweep.json not JSON": spec(lambda t: "{nope"),
        "sweep.json deep": spec(lambda t: "[" * 100000 + "]" * 100000),
        "sweep.json scenario text": spec(lambda t: json.dumps({**json.loads(t), "scenario": "x"})),
        "games.csv 10^5000 number": games(lambda t: t.replace(
            t.splitlines()[1].split(",")[6], "9" * 5000, 1)),
        "games.csv NaN score": games(lambda t: t.replace(
            t.splitlines()[1].split(",")[6], "nan", 1)),
        "turns.csv garbage": lambda d: (d / "turns.csv").write_text("a,b\n1\n"),
        "escape in a label": spec(lambda t: t.replace('"label": "all games"',
                                                      '"label": "\\u001b]0;PWNED\\u0007"')),
    }
    g = (src / "games.csv").read_text(encoding="utf-8")
    rows = g.splitlines(keepends=True)
    rng = random.Random(11)

    def swap(d: Path, name: str, target: str | None = None) -> None:
        p = d / name
        p.unlink()
        if target is None:
            os.mkfifo(p)
        elif target == "folder":
            p.mkdir()
        else:
            p.symlink_to(target)

    def sparse(d: Path, name: str, size: int) -> None:
        with open(d / name, "wb") as f:
            f.truncate(size)

    more = {      # name: (edit, expect of compare, expect of --resume)
        "games.csv cut mid line": (games(lambda t: t[:-40]), "bad", "ok"),
        "games.csv cut in its header": (games(lambda t: t[:50]), "bad", "ok"),
        "games.csv cut at a third": (games(lambda t: t[: len(t) // 3]), "bad", "ok"),
        "an extra column mid file": (games(lambda t: "".join(
            rows[:2] + [rows[2].rstrip("\n") + ",x\n"] + rows[3:])), "bad", "bad"),
        "a column short mid file": (games(lambda t: "".join(
            rows[:2] + [rows[2].rsplit(",", 2)[0] + "\n"] + rows[3:])), "bad", "bad"),
        "a blank line mid file": (games(lambda t: "".join(rows[:2] + ["\n"] + rows[2:])),
                                  "bad", "bad"),
        "games.csv random bytes": (lambda d: (d / "games.csv").write_bytes(
            rng.randbytes(5000)), "bad", "bad"),
        "a NUL in a run id": (games(lambda t: t.replace("\n1,0,", "\n1\x00,0,", 1)),
                              "bad", "bad"),
        "an empty score": (games(lambda t: t.replace(
            t.splitlines()[1].split(",")[6], "", 1)), "bad", "bad"),
        "an inf score": (games(lambda t: t.replace(
            t.splitlines()[1].split(",")[6], "inf", 1)), "bad", "bad"),
        "a score of 1e400": (games(lambda t: t.replace(
            t.splitlines()[1].split(",")[6], "1e400", 1)), "bad", "bad"),
        "a seed that is text": (games(lambda t: t.replace("\n1,0,1,", "\n1,0,x,", 1)),
                                "bad", "bad"),
        "war is 7": (games(lambda t: t.replace("\n1,0,1,0,", "\n1,0,1,7,", 1)), "bad",
                     "bad"),
        "a negative cell": (games(lambda t: t.replace("\n1,0,1,", "\n1,-1,1,", 1)), "bad",
                            "bad"),
        "a run written twice": (games(lambda t: t + rows[1]), "bad", "bad"),
        "a run with another's seed": (games(lambda t: t.replace("\n1,0,1,", "\n1,0,5,", 1)),
                                      "bad", "bad"),
        "a run past the sweep": (games(lambda t: t.replace("\n1,0,1,", "\n99,0,1,", 1)),
                                 "bad", "bad"),
        "a 200 KB field": (games(lambda t: rows[0] + "1," * 10 + "x" * 200_000 + "\n"),
                           "bad", "bad"),
        "a 50 MB line": (games(lambda t: rows[0] + "9" * (50 << 20)), "bad", "bad"),
        "400,000 copies of a row": (games(lambda t: rows[0] + rows[1] * 400_000), "bad",
                                    "bad"),
        "games.csv a 2 GB sparse file": (lambda d: sparse(d, "games.csv", 2 << 30), "bad",
                                         "bad"),
        "games.csv a folder": (lambda d: swap(d, "games.csv", "folder"), "bad", "bad"),
        "games.csv is /dev/zero": (lambda d: swap(d, "games.csv", "/dev/zero"), "bad",
                                   "bad"),
        "games.csv a named pipe": (lambda d: swap(d, "games.csv"), "bad", "bad"),
        "sweep.json empty": (spec(lambda t: ""), "bad", "bad"),
        "sweep.json random bytes": (lambda d: (d / "sweep.json").write_bytes(
            rng.randbytes(3000)), "bad", "bad"),
        "sweep.json a 300 MB sparse file": (lambda d: sparse(d, "sweep.json", 300 << 20),
                                            "bad", "bad"),
        "sweep.json is /dev/zero": (lambda d: swap(d, "sweep.json", "/dev/zero"), "bad",
                                    "bad"),
        "sweep.json a named pipe": (lambda d: swap(d, "sweep.json"), "bad", "bad"),
        "turns.csv is /dev/zero": (lambda d: swap(d, "turns.csv", "/dev/zero"), "any", "bad"),
        "turns.csv random bytes": (lambda d: (d / "turns.csv").write_bytes(
            rng.randbytes(3000)), "any", "bad"),
        "summary.json garbage": (lambda d: (d / "summary.json").write_bytes(b"\x00\xff{"),
                                 "ok", "ok"),
        "summary.json missing": (lambda d: (d / "summary.json").unlink(), "ok", "ok"),
    }
    unused = ("non-numeric run id", "sweep.json execution text", "turns.csv garbage",
              "escape in a label")       # compare does not read these
    plans = [(name, edit, "any" if name in unused else "bad",
              "any" if name in ("turns.csv garbage", "escape in a label", "games.csv empty",
                                "games.csv header only", "sweep.json cells text",
                                "sweep.json cells of text") else "bad")
             for name, edit in cases.items()]
    plans += [(name, edit, c, r) for name, (edit, c, r) in more.items()]
    for name, edit, want_compare, want_resume in plans:
        d = variant(name, edit)
        b.add(k, f"compare: {name}", ["compare", str(d), str(src), "--png",
                                      str(b.work / f"cmp-{b.n}.png")],
              expect=want_compare, timeout=30)
        d2 = variant(name + " resume", lambda d, e=edit, n=name: (
            e(d), mark_incomplete(d) if "sweep.json" not in n else None))
        b.add(k, f"--resume: {name}", ["sweep", S, "--runs", "6", "--out", str(d2),
                                       "--no-plots", "--workers", "1", "--resume"],
              expect=want_resume, timeout=30)


# ------------------------------------------------------------------ specials
def _sweep_kill_worker(case: Case, whales: list[str], cwd: Path) -> Result:
    """kill -9 one pool worker mid-sweep: the sweep must not hang."""
    import shutil
    out = Path(case.data["out"])
    if out.exists():
        shutil.rmtree(out)
    argv = whales + ["sweep", str(S2019), "--runs", "300", "--out", str(out), "--workers", "2",
                     "--no-plots"]
    t0 = time.perf_counter()
    p = popen_limited(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killed = None
    while time.perf_counter() - t0 < 20 and p.poll() is None and killed is None:
        time.sleep(0.2)
        kids = _children(p.pid)
        if len(kids) >= 2 and (out / "games.csv").exists() and \
                (out / "games.csv").read_text().count("\n") > 20:
            killed = kids[-1]
            os.kill(killed, signal.SIGKILL)
    try:
        o, e = p.communicate(timeout=case.timeout)
        code = p.returncode
    except subprocess.TimeoutExpired:
        kill_child(p)
        try:
            o, e = p.communicate(timeout=30)
        except subprocess.TimeoutExpired:     # a process it left holds the pipes open
            o, e = b"", b"still not ended 30 s after SIGKILL"
        code = None
    note = (f"killed worker {killed}" if killed else "no worker killed") + \
        f", {time.perf_counter() - t0:.0f} s wall"
    return Result(case, code, 0.0, 0, o, e, note)     # a real sweep's CPU: not "slow"


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            kids = [int(x) for x in f.read().split()]
    except OSError:
        return []
    out = []
    for k in kids:
        try:
            cmd = Path(f"/proc/{k}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmd and b"forkserver" not in cmd:
            out.append(k)
    return out


def _disk_full(case: Case, whales: list[str], cwd: Path) -> Result:
    """A sweep into a 300 KB tmpfs until the disk is full (root only, to mount it; skipped
    otherwise): one line naming the full disk and the --resume command, exit 2; then, with
    room again, that command finishes the sweep, and its files are those of a sweep nobody
    disturbed (the data written before the disk filled was safe)."""
    import shlex
    mnt = Path(case.data["mnt"])
    mnt.mkdir(parents=True, exist_ok=True)
    subprocess.run(["umount", "-l", str(mnt)], stderr=subprocess.DEVNULL)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs",
                                            str(mnt)]).returncode != 0:
        return Result(case, 2, 0, 0, b"", b"skipped: cannot mount a tmpfs", "skipped")
    try:
        out = mnt / "s"
        code, sec, rss, o, e = spawn(whales + case.argv + ["--out", str(out)], cwd,
                                     timeout=case.timeout)
        r = Result(case, code, sec, rss, o, e)
        lines = e.decode("utf-8", "replace").strip().splitlines()
        if code != 2:
            return r
        marker = "to finish the sweep, run: "
        if len(lines) != 1 or "No space left on device" not in lines[0] or \
                marker not in lines[0] or not lines[0].endswith(" --resume"):
            r.broken = "not one line naming the full disk with the --resume command"
            return r
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        again = shlex.split(lines[0].split(marker, 1)[1])
        c2, *_ , e2 = spawn(whales + again[1:], cwd, timeout=case.timeout)
        ref = Path(case.data["ref"])
        if not (ref / "games.csv").exists():
            spawn(whales + case.argv + ["--out", str(ref)], cwd, timeout=case.timeout)
        if c2 != 0:
            r.broken = f"the --resume command exited {c2}: {e2[-300:]!r}"
        else:
            for f in ("games.csv", "turns.csv"):
                if (out / f).read_bytes() != (ref / f).read_bytes():
                    r.broken = f"after --resume, {f} differs from an undisturbed sweep's"
        r.note = r.broken or "resumed: files identical to an undisturbed sweep"
        return r
    finally:
        subprocess.run(["umount", "-l", str(mnt)])


def _kill_mid_game(case: Case, whales: list[str], cwd: Path) -> Result:
    """kill -9 `whales run --replay` mid-game: the replay keeps the turns played, and they
    verify (or the file is absent when killed before the first turn)."""
    path = Path(case.data["replay"])
    path.unlink(missing_ok=True)
    scen = Path(case.data["scenario"])
    argv = whales + ["run", str(scen), "--seed", "2", "--replay", str(path)]
    p = popen_limited(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 20 and p.poll() is None:
        if path.exists() and json.loads(path.read_text() or "{}").get("turns") and \
                len(json.loads(path.read_text())["turns"]) >= case.data["at"]:
            break
        time.sleep(0.02)
    alive = p.poll() is None
    if alive:
        kill_child(p)
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        return Result(case, None, time.perf_counter() - t0, 0, b"",
                      b"still not ended 30 s after SIGKILL", "not ended")
    if not path.exists():
        return Result(case, 0 if not alive else 3, time.perf_counter() - t0, 0, b"",
                      b"no replay written before the kill" if alive else b"", "no replay")
    code, sec, rss, out, err = spawn(whales + ["replay", "verify", str(path)], cwd)
    n = len(json.loads(path.read_text())["turns"])
    r = Result(case, code, sec, rss, out, err, f"{n} turns kept" if alive else "not killed")
    if n >= case.data["turns"]:      # the file came only once the whole game was played
        r.broken = (f"no replay until the game ended (turn {n}): a crash or kill mid-game "
                    f"loses it")
    return r


def specials(b: Builder) -> None:
    k = "crash consistency"
    b.add(k, "kill -9 one pool worker", [], "ok", timeout=60, run=_sweep_kill_worker,
          data={"out": str(b.work / "kill-worker")})
    b.add(k, "disk full during a sweep", ["sweep", str(S2019), "--runs", "200", "--no-plots",
                                          "--workers", "1"], "bad", timeout=60, run=_disk_full,
          data={"mnt": str(b.work / "full"), "ref": str(b.work / "full-ref")})
    long = scenario_with("turns: 4", "turns: 100\nturn_months: 1", SANDBOX) \
        if "turns: 4" in SANDBOX.read_text() else SANDBOX.read_text().replace(
            "turns: 10", "turns: 100")
    scen = b.file("long.yaml", long)
    b.add(k, "kill -9 mid-game keeps the turns played", [], "ok", run=_kill_mid_game,
          data={"replay": str(b.work / "killed.json"), "scenario": scen, "at": 12,
                "turns": 100})
    crash = b.file("crash.yaml", scenario_with(
        "turns: 4", "turns: 4\nlevers: {transit_project: {params: {expiry: .nan}}}"))
    b.add(k, "engine crash input refused before the game", ["run", crash, "--replay",
                                                             str(b.work / "crash.json")])


CLASSES = (("malformed YAML", malformed_yaml), ("wrong types", wrong_types),
           ("unknown keys", unknown_keys), ("out-of-range numbers", out_of_range),
           ("NaN / inf", nan_inf), ("negative / huge turns", turns),
           ("unicode / emoji / RTL / encodings", unicode), ("empty / binary", empty_binary),
           ("file kinds", file_kinds), ("YAML tags", yaml_tags),
           ("duplicate keys", duplicate_keys), ("alias bombs", alias_bombs),
           ("deep nesting", deep_nesting), ("huge files", huge), ("CLI flags", cli_flags))


def build(work: Path, whales: list[str], only: set[str] | None = None) -> list[Case]:
    b = Builder(work)
    for name, fn in CLASSES:
        if only is None or name in only:
            fn(b)
    if only is None or "replays/saves" in only:
        replays(b, whales)
    if only is None or "sweep folders" in only:
        sweep_folders(b, whales)
    if only is None or "crash consistency" in only:
        specials(b)
    return b.cases
