"""Seconds since this process started, for start-up figures (``whales play --smoke-test``,
``make bench-gui``): the same clock at both ends (Linux /proc), so the figure includes the
interpreter's start and every import, as a person waiting for the window sees it."""
from __future__ import annotations

import os


def since_process_start() -> float | None:
    """Seconds since this process started, or None where /proc does not say."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
