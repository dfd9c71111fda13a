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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, TextIO

from ..atomic import write_atomic
from ..engine import ACTORS
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
                turns: int | None) -> str:
    """The ``whales run`` command that replays one game of a sweep."""
    argv = ["whales", "run", scenario_path, "--seed", str(seed)]
    if turns is not None:
        argv += ["--turns", str(turns)]
    for o in overrides:
        argv += ["--set", o]
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
def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows; a final line cut short by an interruption is dropped. ValueError
    (naming the file) for a file that is not a CSV table."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            text = f.read()
        complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
        rows = list(csv.reader(io.StringIO(complete)))
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not a table written by `whales sweep` (not UTF-8 "
                         f"text)") from None
    except csv.Error as e:
        raise ValueError(f"{path}: not a table written by `whales sweep` ({e})") from None
    if not rows:
        return [], []
    header, body = rows[0], rows[1:]
    return header, [r for r in body if len(r) == len(header)]


def check_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """ValueError naming the first cell of a games table that is not what whales sweep
    writes there: whole numbers for the ids, finite numbers for the scores and indicators."""
    ints = [i for i, c in enumerate(header) if c in ("run", "cell", "seed", "war", "final_turn")]
    lo = header.index("final_turn") + 1 if "final_turn" in header else len(header)
    hi = header.index("digest") if "digest" in header else len(header)
    for n, r in enumerate(rows, start=2):
        for i in ints:
            if not _whole(r[i]):
                raise ValueError(f"{path}: line {n}, column {header[i]}: expected a whole "
                                 f"number, got {r[i][:40]!r}")
        for i in range(lo, hi):
            if not _finite(r[i]):
                raise ValueError(f"{path}: line {n}, column {header[i]}: expected a finite "
                                 f"number, got {r[i][:40]!r}")


def _whole(x: str) -> bool:
    return 0 < len(x) <= 25 and x.lstrip("-").isdigit()


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
    """A JSON object from a sweep folder; ValueError (naming the file) for anything else."""
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
class ResultsWriter:
    """Appends finished games to games.csv/turns.csv; sorts both when the sweep is done."""

    def __init__(self, out: Path, layout: Layout, grid_values: dict[int, tuple[str, ...]],
                 command: Callable[[int, int], str]) -> None:
        self.out = out
        self.layout = layout
        self.grid_values = grid_values      # cell -> its grid values, in grid_paths order
        self.command = command              # (cell, seed) -> the whales run command
        self._games: TextIO | None = None      # open while the sweep appends
        self._turns: TextIO | None = None
        self.done: set[int] = set()

    @property
    def games_path(self) -> Path:
        return self.out / GAMES

    @property
    def turns_path(self) -> Path:
        return self.out / TURNS

    def open(self, resume: bool) -> set[int]:
        """Start the files (or, resuming, keep their complete rows); returns run ids done.

        Raises ValueError when resuming files whose columns differ from this sweep's."""
        gh, th = self.layout.games_header(), self.layout.turns_header()
        games: list[list[str]] = []
        turns: list[list[str]] = []
        if resume and self.games_path.exists():
            header, games = read_csv(self.games_path)
            if header and header != gh:
                raise ValueError(f"{self.games_path}: its columns differ from this sweep's")
            check_rows(self.games_path, gh, games)
            self.done = {int(r[0]) for r in games}
            if self.turns_path.exists():
                header, turns = read_csv(self.turns_path)
                if header and header != th:
                    raise ValueError(f"{self.turns_path}: its columns differ from this "
                                     f"sweep's")
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
        self._games = open(self.games_path, "a", newline="", encoding="utf-8")
        self._turns = open(self.turns_path, "a", newline="", encoding="utf-8")
        return set(self.done)

    def append(self, rows: list[GameRow]) -> None:
        """Write a finished chunk: its turns first, then its games, each flushed to disk, so
        a game in games.csv always has its turns."""
        if self._games is None or self._turns is None:
            raise RuntimeError("ResultsWriter.append() before open()")
        tw = csv.writer(self._turns, lineterminator="\n")
        for row in rows:
            tw.writerows(turn_records(row))
        self._turns.flush()
        os.fsync(self._turns.fileno())
        gw = csv.writer(self._games, lineterminator="\n")
        for row in rows:
            gw.writerow(game_record(row, self.grid_values[row.cell],
                                    self.command(row.cell, row.seed)))
            self.done.add(row.run)
        self._games.flush()
        os.fsync(self._games.fileno())

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


def load_table(path: Path) -> Table:
    header, rows = read_csv(path)
    return Table(header, rows)
