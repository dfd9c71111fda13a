"""The hostile-input harness (tests/hostile_harness.py) in the suite: its classification
(ok / traceback / bad input accepted / wrong exit code / hang / out of memory / escape) is
checked on results made up to be each of them, and one generated case of every class is
run through `whales` the way the full run does (a child under RLIMIT_AS and RLIMIT_CPU).

The full run, with the totals table (several hundred cases, a few minutes):

    .venv/bin/python tests/hostile_harness.py -v
"""
from __future__ import annotations

import signal
import subprocess
import sys

import pytest

import hostile_cases as hc

WHALES = [sys.executable, "-m", "game"]
TB = b'Traceback (most recent call last):\n  File "x", line 1\nValueError: x\n'


def result(expect: str = "bad", code: int | None = 2, err: bytes = b"whales: error: x",
           out: bytes = b"", place: bool = False, seconds: float = 0.1) -> hc.Result:
    case = hc.Case("k", "n", [], expect, place=place)
    return hc.Result(case, code, seconds, 40.0, out, err)


@pytest.mark.parametrize("r, problems", [
    (result(), []),
    (result("ok", 0, b""), []),
    (result("check", 1), []),
    (result("any", 1), []),
    (result(err=TB, code=1), ["traceback", "wrong_exit"]),
    (result(code=0), ["accepted"]),
    (result("check", 0), ["accepted"]),
    (result(code=1), ["wrong_exit"]),
    (result("ok", 2), ["wrong_exit"]),
    (result(code=None), ["hang"]),
    (result(code=-signal.SIGXCPU), ["hang"]),
    (result(code=1, err=b"MemoryError"), ["oom", "wrong_exit"]),
    (result(code=-signal.SIGKILL), ["oom", "wrong_exit"]),
    (result(place=True, err=b"whales: error: f.yaml: bad"), ["no_place"]),
    (result(place=True, err=b"whales: error: f.yaml:3:4: bad"), []),
    (result(err=b"whales: error: North\x1b]0;PWNED\x07Korea"), ["escape"]),
    (result(out=b"\xc2\x9b2J"), ["escape"]),
    (result(seconds=6.0), ["slow"]),
], ids=lambda v: repr(v) if isinstance(v, list) else "")
def test_the_classification(r, problems):
    assert r.problems() == problems
    assert r.failed == bool(set(problems) - {"slow"})


def test_a_special_case_check_that_fails_is_a_failure():
    r = result()
    r.broken = "files differ"
    assert r.failed and r.problems() == ["broken: files differ"]


def test_a_child_is_held_to_its_cpu_and_memory_limits(tmp_path):
    spin = [sys.executable, "-c", "while True: pass"]
    code, cpu, *_ = hc.spawn(spin, tmp_path, timeout=120, cpu=1)
    assert code == -signal.SIGXCPU and cpu >= 0.9
    hog = [sys.executable, "-c", "x = bytearray(3 * 1024 ** 3)"]
    code, _, _, _, err = hc.spawn(hog, tmp_path, timeout=120, cpu=5)
    assert code == 1 and b"MemoryError" in err
    block = [sys.executable, "-c", "import time; time.sleep(60)"]
    code, *_ = hc.spawn(block, tmp_path, timeout=1, cpu=5)
    assert code is None


CLASSES = [name for name, _ in hc.CLASSES]
"""Every class but the replays' (their inputs take half a minute to make), the sweep
folders' (hundreds of MB) and the crash specials (whole sweeps): tests/test_hostile_replay.py
and tests/test_hostile_sweep.py keep those."""


@pytest.mark.parametrize("klass", CLASSES)
def test_one_case_of_every_class(tmp_path, klass):
    cases = [c for c in hc.build(tmp_path, WHALES, {klass}) if c.run is None]
    case = cases[len(cases) // 2]
    r = hc.run_case(case, WHALES, hc.ROOT)
    assert not r.failed, (case.name, r.problems(), r.code, r.err[-1500:])


def test_the_harness_prints_the_totals_table(tmp_path):
    p = subprocess.run([sys.executable, str(hc.ROOT / "tests" / "hostile_harness.py"),
                        "--class", "duplicate keys", "--work", str(tmp_path),
                        "--whales", f"{sys.executable} -m game"],
                       capture_output=True, text=True, cwd=hc.ROOT, timeout=300)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].startswith("| class | inputs | failed | traceback | bad input accepted")
    assert lines[2] == "| duplicate keys | 6 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    assert lines[3].startswith("| **total** | **6** | **0** |")
