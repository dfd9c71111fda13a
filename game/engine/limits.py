"""The sizes a scenario, a replay or a command may reach (documented in the README).

Every input is bounded before it costs anything: a file is refused by its size before it is
read, YAML and JSON by their nesting depth and (YAML) by the number of values once aliases
are expanded, before they are walked or validated; lists in the schema have a maximum length.
Each refusal is one clear message naming the limit.
"""
from __future__ import annotations

import os
import stat

MAX_SCENARIO_BYTES = 256 * 1024
"""A scenario file (the shipped ones are 6-16 KB; PyYAML reads about 100 KB a second, so this
bounds a file's loading to a few seconds)."""

MAX_REPLAY_BYTES = 16 * 1024 * 1024
"""A replay or saved game (a 16-turn game is about 80 KB; 100 turns about 0.5 MB)."""

MAX_GAMES_TABLE_BYTES = 1024 * 1024 * 1024
"""A sweep's games.csv read back by compare or --resume (a row is about 300 bytes, so the
largest sweep, 1,000,000 games, writes about 300 MB)."""

MAX_SWEEP_SPEC_BYTES = 16 * 1024 * 1024
"""A sweep's sweep.json (a few KB; a 1,000-cell grid about 1 MB)."""

MAX_DEPTH = 32
"""Nesting of mappings and lists in a scenario, a --set value or a replay (scenarios use 7)."""

MAX_VALUES = 100_000
"""Values (keys, numbers, texts, lists) in a scenario once YAML aliases are expanded (the
shipped scenarios have about 1,200)."""

MAX_NUMBER_DIGITS = 100
"""Digits in a whole number written in a scenario or a replay."""

MAX_MAGNITUDE = 1_000_000.0
"""The largest size of a number the schema gives no narrower range (bounds, track values,
effects, lever parameters, condition values)."""

MAX_TURNS = 100
"""Turns in a scenario, in a replay, and for --turns."""

MAX_EVENTS = 500
MAX_OPTIONS = 32
MAX_LIST = 64
"""Other lists and mappings in a scenario (conditions, objectives, indicators, biases, ...)."""

MAX_TEXT = 10_000
"""Characters in one text of a scenario (a description, a passage)."""

SEED_MIN, SEED_MAX = -(2 ** 63), 2 ** 63 - 1
"""Seeds are 64-bit whole numbers."""

MAX_RUNS = 1_000_000
"""Games in one sweep (--runs × grid cells)."""

MAX_CELLS = 1_000
"""Grid cells in one sweep (the product of the --grid value counts)."""

MAX_WORKERS = 256
"""Local worker processes of a sweep (--workers)."""

MAX_PROBLEMS_SHOWN = 20
"""Problems listed for one file; the rest are counted."""


class InputTooLarge(ValueError):
    """An input beyond one of the limits; the message says which and what to do."""


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def read_bounded(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Raises FileNotFoundError, IsADirectoryError or another OSError as ``open`` would, and
    InputTooLarge for a file that is too big or is not a regular file (a device such as
    /dev/zero, a named pipe, a socket): those are refused before anything is read, so they
    can neither exhaust memory nor block."""
    st = os.stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise InputTooLarge(f"is {kind}, not a file; give {what} file")
    if st.st_size > limit:
        raise InputTooLarge(f"is {megabytes(st.st_size)}; {what} file may be at most "
                            f"{megabytes(limit)}")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise InputTooLarge(f"is more than {megabytes(limit)}; {what} file may be at most "
                            f"{megabytes(limit)}")
    return data


def place_of_offset(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character (or byte) offset."""
    if isinstance(text, str):
        line, start = text.count("\n", 0, offset), text.rfind("\n", 0, offset)
    else:
        line, start = text.count(b"\n", 0, offset), text.rfind(b"\n", 0, offset)
    return line + 1, offset - start
