"""One real window: `whales play --smoke-test` under Xvfb (a real X server, SDL's x11 driver)
goes title → scenario → seats → one turn by keyboard and exits 0.

.ci/run installs Debian's xvfb when it can; this test skips (saying why) only when no Xvfb
binary can be found.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.gui


@pytest.fixture
def xvfb():
    exe = shutil.which("Xvfb")
    if exe is None:
        reason = "Xvfb not found (Debian: apt-get install xvfb; .ci/run installs it)"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    read, write = os.pipe()
    proc = subprocess.Popen([exe, "-displayfd", str(write), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()
        assert number.isdigit(), "Xvfb did not report its display number"
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_real_window_smoke_test(xvfb, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SDL_VIDEODRIVER",
                                                               "WAYLAND_DISPLAY")}
    env.update(DISPLAY=xvfb, SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    r = subprocess.run([sys.executable, "-m", "game", "play", "scenarios/vladivostok-2019.yaml",
                        "--smoke-test", "--seed", "3", "--saves-dir", str(tmp_path)],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "smoke test ok (x11)" in r.stdout, r.stdout + r.stderr
    assert list(tmp_path.glob("auto-vladivostok-2019-*.json"))
    print(r.stdout.strip())
