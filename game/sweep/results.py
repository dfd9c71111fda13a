"""The files a sweep writes, and reading them back (for --resume, summaries, compare, plots).

``games.csv``  one row per game: run id, cell, grid values, seed, war (0/1), final turn,
               the six final scores, key indicators, the state digest and the exact
               ``whales run`` command that replays the game.
               Then one 0/1 column per story check, ``check:ID`` (1: the check held).
``turns.csv``  one row per game and turn (turn 0 = the start): scores and the indicators
               plotted over time.
Rows are appended and flushed as each chunk of games finishes (so Ctrl-C loses at most the
chunks in flight) and sorted by run id (then turn) when the sweep completes, so the files
are identical whatever the number of workers, the scheduler or interruptions.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import shlex
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from ..atomic import write_atomic
from ..engine import ACTORS, limits
from .worker import GameRow

GAMES, TURNS, SUMMARY, SPEC = "games.csv", "turns.csv", "summary.json", "sweep.json"
SCORE_COLS: tuple[str, ...] = tuple(f"score.{a}" for a in ACTORS)

# Final indicators reported per game, when the scenario has them (in this order).
_FINAL_PREFIXES = ("track.", "influence.", "alliance.")
_FINAL_KEYS = ("dprk.nuclear", "dprk.economy", "dprk.hard_currency", "dprk.fuel",
               "dprk.stability", "enforcement.china", "enforcement.russia",
               "russia.far_east", "japan.kurils")
# Indicators reported after every turn (the time-series plots use the first ones).
_SERIES_KEYS = ("track.tension", "track.un_sanctions", "track.talks", "dprk.nuclear",
                "dprk.economy", "dprk.hard_currency", "influence.china", "influence.russia",
                "influence.us")


def final_keys(keys: Iterable[str]) -> tuple[str, ...]:
    """Key indicators reported at the end of each game, among the scenario's state keys."""
    keys = list(keys)
    out = [k for p in _FINAL_PREFIXES for k in sorted(keys) if k.startswith(p)]
    out += [k for k in _FINAL_KEYS if k in keys]
    return tuple(out)


def series_keys(keys: Iterable[str]) -> tuple[str, ...]:
    keys = set(keys)
    return tuple(k for k in _SERIES_KEYS if k in keys) + tuple(
        sorted(k for k in keys if k.startswith("alliance.")))


def grid_col(path: str) -> str:
    return f"set:{path}"


CHECK_PREFIX = "check:"


def check_col(check_id: str) -> str:
    return f"{CHECK_PREFIX}{check_id}"


def check_columns(header: list[str]) -> list[str]:
    """The story check columns of a games table, in order."""
    return [c for c in header if c.startswith(CHECK_PREFIX)]


def run_command(scenario_path: str, seed: int | str, overrides: Iterable[str],
                turns: int | None, seats: Iterable[tuple[str, str]] = ()) -> str:
    """The ``whales run`` command that replays one game of a sweep; ``seats``: (state, seat
    string) of the seats not played as plain ``computer`` (``--seat STATE=SEAT``)."""
    argv = ["whales", "run", scenario_path, "--seed", str(seed)]
    if turns is not None:
        argv += ["--turns", str(turns)]
    for o in overrides:
        argv += ["--set", o]
    for state, seat in seats:
        argv += ["--seat", f"{state}={seat}"]
    return shlex.join(argv)


@dataclass(frozen=True)
class Layout:
    """Columns of the two CSV files for one sweep."""

    grid_paths: tuple[str, ...]
    final_keys: tuple[str, ...]
    series_keys: tuple[str, ...]
    checks: tuple[str, ...] = ()        # story check ids

    def games_header(self) -> list[str]:
        return (["run", "cell", *map(grid_col, self.grid_paths), "seed", "war", "final_turn",
                 *SCORE_COLS, *self.final_keys, "digest", "command",
                 *map(check_col, self.checks)])

    def turns_header(self) -> list[str]:
        return ["run", "cell", "seed", "turn", *SCORE_COLS, *self.series_keys]

    def metrics(self) -> list[str]:
        """Numeric columns summarised per cell: scores then key indicators."""
        return [*SCORE_COLS, *self.final_keys]


def _num(v: float) -> str:
    """Shortest text that reads back as the same float."""
    return repr(float(v))


def _num4(v: float) -> str:
    return repr(round(float(v), 4))


def game_record(row: GameRow, grid_values: tuple[str, ...], command: str) -> list[str]:
    return [str(row.run), str(row.cell), *grid_values, str(row.seed), str(int(row.war)),
            str(row.final_turn), *map(_num, row.finals), row.digest, command,
            *("1" if ok else "0" for ok in row.checks)]


def turn_records(row: GameRow) -> list[list[str]]:
    return [[str(row.run), str(row.cell), str(row.seed), str(t), *map(_num4, vals)]
            for t, vals in enumerate(row.series)]


# ------------------------------------------------------------------ reading
def _not_sweep(path: Path, why: str) -> ValueError:
    return ValueError(f"{path}: {why}; not a table written by `whales sweep`")


def _open_checked(path: Path, limit: int | None, what: str) -> int:
    """The size of a regular file that may be read; OSError as ``open`` would raise it,
    ValueError for a device, a named pipe or a file over ``limit`` (before reading)."""
    st = os.stat(path)
    size, mode = st.st_size, st.st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if not stat.S_ISREG(mode):
        kind = ("a named pipe" if stat.S_ISFIFO(mode) else
                "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise ValueError(f"{path}: is {kind}, not a file; expected {what} written by "
                         f"`whales sweep`")
    if limit is not None and size > limit:
        raise ValueError(f"{path}: is {limits.megabytes(size)}; {what} may be at most "
                         f"{limits.megabytes(limit)}")
    return size


def _first_bad_utf8(path: Path) -> tuple[int, int]:
    """(line, column) of the first byte that is not UTF-8 text."""
    with open(path, "rb") as f:
        for n, raw in enumerate(f, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as e:
                return n, e.start + 1
    return 0, 0


def read_table(path: Path, cut_ok: bool = True,
               limit: int | None = None) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, rows and each row's line number of a sweep's CSV file.

    A final line cut short by an interruption (no newline at its end) is dropped when
    ``cut_ok`` (what --resume does: that game is played again) and refused otherwise.
    ValueError, naming the file and the line, for anything else a sweep does not write:
    text that is not UTF-8, a row whose number of columns is not the header's, a device or
    a named pipe, a file over ``limit`` bytes."""
    size = _open_checked(path, limit, "a sweep's table")
    cut = False
    if size:
        with open(path, "rb") as fb:
            fb.seek(size - 1)
            cut = fb.read(1) != b"\n"
    header: list[str] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            start = 1
            for r in reader:
                if not header and not rows and start == 1:
                    header = r
                else:
                    rows.append(r)
                    lines.append(start)
                start = reader.line_num + 1
    except UnicodeDecodeError:
        line, col = _first_bad_utf8(path)
        raise _not_sweep(path, f"line {line}, column {col}: not UTF-8 text") from None
    except csv.Error as e:
        raise _not_sweep(path, f"line {start}: {e}") from None
    if cut:
        if not cut_ok:
            where = lines[-1] if rows else 1
            raise ValueError(f"{path}: line {where} is cut short (the sweep was interrupted "
                             f"while writing it); finish the sweep with `whales sweep ... "
                             f"--resume` first")
        if rows:
            rows.pop()
            lines.pop()
        else:
            header = []
    for r, n in zip(rows, lines):
        if len(r) != len(header):
            raise _not_sweep(path, f"line {n}: {len(r)} columns where the header (line 1) "
                                   f"has {len(header)}")
    return header, rows, lines


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows (see read_table); a final line cut short is dropped."""
    header, rows, _ = read_table(path)
    return header, rows


REQUIRED = ("run", "cell", "seed", "war", "final_turn", "digest")
"""Columns every games table has (final_turn ... digest frame the scores and indicators)."""


def check_header(path: Path, header: list[str]) -> None:
    """ValueError unless the header is a games table's (line 1)."""
    if not header:
        raise _not_sweep(path, "empty (no header line)")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise _not_sweep(path, f"line 1: no column {', '.join(map(repr, missing))} in the "
                               f"header (expected {', '.join(REQUIRED)} and the scores)")
    if header.index("final_turn") > header.index("digest"):
        raise _not_sweep(path, "line 1: the column final_turn comes after digest")


def check_rows(path: Path, header: list[str], rows: list[list[str]],
               lines: list[int] | None = None,
               expect: Callable[[int], tuple[int, int] | None] | None = None) -> None:
    """ValueError naming the first cell of a games table that is not what whales sweep
    writes there: whole numbers for the ids (run, cell, final turn at least 0; war and the
    story checks 0 or 1), finite numbers for the scores and indicators, each run once; with
    ``expect`` (run id -> the (cell, seed) the sweep plays under it, or None for a run id
    it does not have), each row's cell and seed those of its run."""
    check_header(path, header)
    ints = [i for i, c in enumerate(header) if c in ("run", "cell", "seed", "war", "final_turn")]
    natural = {header.index(c) for c in ("run", "cell", "final_turn")}
    flags = [header.index("war")] + [i for i, c in enumerate(header)
                                     if c.startswith(CHECK_PREFIX)]
    lo = header.index("final_turn") + 1
    hi = header.index("digest")
    run, cell, seed = header.index("run"), header.index("cell"), header.index("seed")
    first: dict[str, int] = {}
    for k, r in enumerate(rows):
        n = lines[k] if lines is not None else k + 2
        bad = _cell_error(path, n, header, r)
        for i in ints:
            if not _whole(r[i]):
                raise bad(i, "a whole number")
            if i in natural and r[i].startswith("-"):
                raise bad(i, "a whole number of at least 0")
        for i in flags:
            if r[i] not in ("0", "1"):
                raise bad(i, "0 or 1")
        for i in range(lo, hi):
            if not _finite(r[i]):
                raise bad(i, "a finite number")
        if r[run] in first:
            raise ValueError(f"{path}: line {n}: run {r[run]} again (first at line "
                             f"{first[r[run]]}); each game is written once")
        first[r[run]] = n
        if expect is not None:
            want = expect(int(r[run]))
            if want is None:
                raise bad(run, "a run id of this sweep")
            if int(r[cell]) != want[0]:
                raise bad(cell, f"{want[0]} (the cell of run {r[run]})")
            if int(r[seed]) != want[1]:
                raise bad(seed, f"{want[1]} (the seed of run {r[run]})")


def _cell_error(path: Path, n: int, header: list[str],
                row: list[str]) -> Callable[[int, str], ValueError]:
    def bad(i: int, want: str) -> ValueError:
        return ValueError(f"{path}: line {n}, column {header[i]}: expected {want}, "
                          f"got {row[i][:40]!r}")
    return bad


def _whole(x: str) -> bool:
    return 0 < len(x) <= 25 and x.lstrip("-").isdigit() and x.count("-") <= 1 \
        and x.isascii()


def _finite(x: str) -> bool:
    try:
        return len(x) <= 40 and math.isfinite(float(x))
    except ValueError:
        return False


def _csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_json(path: Path, data: dict) -> None:
    write_atomic(path, json.dumps(data, indent=2, sort_keys=False) + "\n")


def read_json(path: Path) -> dict:
    """A JSON object from a sweep folder; ValueError (naming the file) for anything else,
    a device, a named pipe or a file over MAX_SWEEP_SPEC_BYTES included."""
    _open_checked(path, limits.MAX_SWEEP_SPEC_BYTES, "a sweep's sweep.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not JSON (not UTF-8 text)") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not JSON: {e.msg} at line {e.lineno}, column "
                         f"{e.colno}") from None
    except RecursionError:
        raise ValueError(f"{path}: not a sweep's JSON: nested far too deeply") from None
    except ValueError as e:          # an integer of more than 4,300 digits
        raise ValueError(f"{path}: not a sweep's JSON: {str(e).split(':')[0]}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a sweep's JSON: expected an object, got "
                         f"{type(data).__name__}")
    return data


def read_spec(path: Path) -> dict:
    """sweep.json, with the parts other commands read checked: ``scenario`` an object,
    ``cells`` a list of {cell: number, label: text}, ``execution`` an object."""
    spec = read_json(path)
    if not isinstance(spec.get("scenario", {}), dict):
        raise ValueError(f"{path}: 'scenario' is not an object; not written by whales sweep")
    cells = spec.get("cells", [])
    if not isinstance(cells, list) or not all(
            isinstance(c, dict) and type(c.get("cell")) is int
            and isinstance(c.get("label", ""), str) for c in cells):
        raise ValueError(f"{path}: 'cells' is not a list of grid cells; not written by "
                         f"whales sweep")
    execution = spec.get("execution", {})
    if not isinstance(execution, dict) or not isinstance(execution.get("runs", []), list):
        raise ValueError(f"{path}: 'execution' is not an object with a list of runs; not "
                         f"written by whales sweep")
    return spec


def previous_execution(path: Path) -> dict:
    """The earlier runs of a sweep being resumed (from its checked sweep.json), marked not
    complete."""
    execution = dict(read_spec(path).get("execution", {}))
    execution["complete"] = False
    return execution


# ------------------------------------------------------------------ writing
def _append_whole(f: BinaryIO, data: bytes) -> None:
    """Append ``data`` and sync it; on an error, cut the file back to where it was."""
    fd = f.fileno()
    start = os.lseek(fd, 0, os.SEEK_END)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    except OSError:
        try:
            os.ftruncate(fd, start)
        except OSError:
            pass
        raise


class ResultsWriter:
    """Appends finished games to games.csv/turns.csv; sorts both when the sweep is done."""

    def __init__(self, out: Path, layout: Layout, grid_values: dict[int, tuple[str, ...]],
                 command: Callable[[int, int], str],
                 expect: Callable[[int], tuple[int, int] | None] | None = None) -> None:
        self.out = out
        self.expect = expect                # run id -> (cell, seed), checked on --resume
        self.layout = layout
        self.grid_values = grid_values      # cell -> its grid values, in grid_paths order
        self.command = command              # (cell, seed) -> the whales run command
        self._games: BinaryIO | None = None    # open while the sweep appends
        self._turns: BinaryIO | None = None
        self.done: set[int] = set()

    @property
    def games_path(self) -> Path:
        return self.out / GAMES

    @property
    def turns_path(self) -> Path:
        return self.out / TURNS

    def open(self, resume: bool) -> set[int]:
        """Start the files (or, resuming, keep their complete rows); returns run ids done.

        Raises ValueError (naming the file and the line) when resuming files that are not
        this sweep's: other columns, cells that are not what it writes, a run twice or under
        another cell or seed. A last line cut short by an interruption is dropped."""
        gh, th = self.layout.games_header(), self.layout.turns_header()
        games: list[list[str]] = []
        turns: list[list[str]] = []
        if resume and (self.games_path.exists() or self.games_path.is_symlink()):
            header, games, lines = read_table(self.games_path,
                                              limit=limits.MAX_GAMES_TABLE_BYTES)
            if header and header != gh:
                raise ValueError(f"{self.games_path}: line 1: its columns differ from this "
                                 f"sweep's")
            if header:
                check_rows(self.games_path, gh, games, lines, self.expect)
            self.done = {int(r[0]) for r in games}
            if self.turns_path.exists() or self.turns_path.is_symlink():
                header, turns, _ = read_table(self.turns_path)
                if header and header != th:
                    raise ValueError(f"{self.turns_path}: line 1: its columns differ from "
                                     f"this sweep's")
            # keep only complete games' turns, once each
            seen: set[tuple[str, str]] = set()
            kept = []
            for r in turns:
                if not (_whole(r[0]) and _whole(r[3])):
                    raise ValueError(f"{self.turns_path}: a row whose run or turn is not a "
                                     f"whole number; not written by whales sweep")
                if int(r[0]) in self.done and (r[0], r[3]) not in seen:
                    seen.add((r[0], r[3]))
                    kept.append(r)
            turns = kept
        write_atomic(self.games_path, _csv_text(gh, games))
        write_atomic(self.turns_path, _csv_text(th, turns))
        # unbuffered: nothing is left in a buffer to fail again at close() (a full disk)
        self._games = open(self.games_path, "ab", buffering=0)
        self._turns = open(self.turns_path, "ab", buffering=0)
        return set(self.done)

    def append(self, rows: list[GameRow]) -> None:
        """Write a finished chunk: its turns first, then its games, each synced to disk, so
        a game in games.csv always has its turns. When a write fails (a full disk), the
        file is cut back to its last complete row before the error is raised, so what is
        on disk stays whole and `--resume` plays the chunk again."""
        if self._games is None or self._turns is None:
            raise RuntimeError("ResultsWriter.append() before open()")
        turns = io.StringIO()
        tw = csv.writer(turns, lineterminator="\n")
        for row in rows:
            tw.writerows(turn_records(row))
        _append_whole(self._turns, turns.getvalue().encode("utf-8"))
        games = io.StringIO()
        gw = csv.writer(games, lineterminator="\n")
        for row in rows:
            gw.writerow(game_record(row, self.grid_values[row.cell],
                                    self.command(row.cell, row.seed)))
        _append_whole(self._games, games.getvalue().encode("utf-8"))
        self.done.update(row.run for row in rows)

    def close(self) -> None:
        for f in (self._games, self._turns):
            if f is not None and not f.closed:
                f.close()

    def finalize(self) -> None:
        """Sort both files by run id (then turn), so they do not depend on finishing order."""
        self.close()
        for path, keyf in ((self.games_path, lambda r: int(r[0])),
                           (self.turns_path, lambda r: (int(r[0]), int(r[3])))):
            header, rows = read_csv(path)
            rows.sort(key=keyf)
            write_atomic(path, _csv_text(header, rows))


# ------------------------------------------------------------------ tables for analysis
@dataclass
class Table:
    """A CSV file as columns: ``col(name)`` gives a list of floats (or str)."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int] | None = None      # each row's line in the file

    def index(self, name: str) -> int:
        try:
            return self.header.index(name)
        except ValueError:
            raise KeyError(name) from None

    def col(self, name: str, rows: list[list[str]] | None = None) -> list[float]:
        """The column's numbers; ValueError naming the first cell that is not a finite
        number."""
        i = self.index(name)
        out = []
        for r in (self.rows if rows is None else rows):
            if not _finite(r[i]):
                raise ValueError(f"column {name}: expected a finite number, got {r[i][:40]!r}")
            out.append(float(r[i]))
        return out

    def where(self, name: str, value: str) -> list[list[str]]:
        i = self.index(name)
        return [r for r in self.rows if r[i] == value]


def load_table(path: Path, cut_ok: bool = True, limit: int | None = None) -> Table:
    header, rows, lines = read_table(path, cut_ok, limit)
    return Table(header, rows, lines)
