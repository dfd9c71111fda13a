"""Run every hostile input (tests/hostile_cases.py) through `whales` and print the totals
table of the hostile-input report: per class, inputs, failed, tracebacks, bad input accepted
(exit 0), wrong exit codes, hangs, out of memory, no line:col, escape passthrough, slow.

    .venv/bin/python tests/hostile_harness.py [--work DIR] [--json OUT] [--class NAME ...]
        [--root CHECKOUT] [--whales CMD] [--jobs N] [-v]

Each case runs in a child process under RLIMIT_AS (2 GB) and RLIMIT_CPU (30 CPU seconds; a
child still blocked after 120 wall seconds is killed too): either counts as a hang. Slow means
more than 5 CPU seconds. Takes a few minutes on 2 cores; the hostile-input tests keep a fast
subset of the same cases.

To compare with an older version, build the same inputs on that checkout's own scenarios
and fixtures and run its whales:

    git worktree add --detach /tmp/hostile-base c717758 && make -C /tmp/hostile-base setup
    .venv/bin/python tests/hostile_harness.py --root /tmp/hostile-base -v
"""
from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile_cases as hc  # noqa: E402

COLS = ("inputs", "failed", "traceback", "accepted", "wrong_exit", "hang", "oom", "no_place",
        "escape", "slow")
HEAD = ("class", "inputs", "failed", "traceback", "bad input accepted (exit 0)",
        "wrong exit code", "hang", "out of memory", "no line:col", "escape passthrough",
        "slow (>5 CPU s)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", default=None, help="folder for generated inputs")
    ap.add_argument("--json", dest="json_out", default=None, help="write every result here")
    ap.add_argument("--class", dest="classes", action="append", default=None)
    ap.add_argument("--root", default=None,
                    help="the checkout whose scenarios, fixtures and whales are used "
                         "(default: this one)")
    ap.add_argument("--whales", default=None, help="the command to test "
                    "(default: ROOT/.venv/bin/whales)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every failed case")
    args = ap.parse_args()
    if args.root:
        hc.set_root(Path(args.root))
    whales = shlex.split(args.whales or str(hc.ROOT / ".venv" / "bin" / "whales"))
    work = Path(args.work or tempfile.mkdtemp(prefix="whales-hostile-"))
    cases = hc.build(work, whales, set(args.classes) if args.classes else None)
    t0 = time.perf_counter()
    print(f"{len(cases)} cases in {work}", file=sys.stderr)
    with ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(lambda c: hc.run_case(c, whales, hc.ROOT), cases))
    rows: dict[str, dict[str, int]] = {}
    for r in results:
        if r.skipped:
            continue
        row = rows.setdefault(r.case.klass, dict.fromkeys(COLS, 0))
        row["inputs"] += 1
        row["failed"] += r.failed
        for c in COLS[2:]:
            row[c] += getattr(r, c)
    total = {c: sum(row[c] for row in rows.values()) for c in COLS}
    print("| " + " | ".join(HEAD) + " |")
    print("|" + "---|" * len(HEAD))
    for name, row in rows.items():
        print(f"| {name} | " + " | ".join(str(row[c]) for c in COLS) + " |")
    print("| **total** | " + " | ".join(f"**{total[c]}**" for c in COLS) + " |")
    skipped = [r.case.name for r in results if r.skipped]
    print(f"\n{len(results)} cases in {time.perf_counter() - t0:.0f} s"
          + (f"; skipped (cannot run here): {', '.join(skipped)}" if skipped else ""),
          file=sys.stderr)
    if args.verbose:
        for r in results:
            if r.failed or r.slow:
                msg = (r.err or r.out).decode("utf-8", "replace").strip().splitlines()
                last = msg[-1][:160] if msg else ""
                print(f"- [{r.case.klass}] {r.case.name}: {', '.join(r.problems())} "
                      f"(exit {r.code}, {r.seconds:.1f} CPU s, {r.rss_mb:.0f} MB"
                      f"{', ' + r.note if r.note else ''}): {last!r}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps([
            {"class": r.case.klass, "name": r.case.name, "argv": [a[:200] for a in r.case.argv],
             "expect": r.case.expect, "code": r.code, "seconds": round(r.seconds, 2),
             "rss_mb": round(r.rss_mb), "problems": r.problems(), "note": r.note,
             "stderr": r.err.decode("utf-8", "replace")[-2000:]} for r in results], indent=1))
    return 1 if total["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
