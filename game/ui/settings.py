"""The front end's settings, remembered between launches: one small JSON file in the user's
config folder (``$XDG_CONFIG_HOME/shrimp-between-whales/settings.json``, else
``~/.config/...``; ``SBW_CONFIG_DIR`` puts it elsewhere, e.g. for tests or a shared classroom
laptop).

Reading never fails: a missing, unreadable or malformed file gives the defaults (and the next
change writes a good one); unknown fields are ignored, so an older game reads a newer file.
Writes are atomic, like saves. Any screen may add a field here (the teacher's console too):
one module, one file.

>>> s = Settings()
>>> s.text_scale, s.guide
(1.0, True)
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..atomic import write_atomic

TEXT_SCALES = (1.0, 1.25, 1.5)


class Settings(BaseModel):
    """What the front end remembers."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    text_scale: float = Field(default=1.0, ge=0.5, le=3.0)   # 1.0, 1.25 or 1.5 (Ctrl+ / Ctrl−)
    guide: bool = True          # show the first-game guide on a game's first turn
    #                             (turned off once a player finishes or closes it; F1 help or
    #                             G on the main screen shows it again)
    briefings: bool = True      # each team's briefing before its first turn


def config_dir() -> Path:
    env = os.environ.get("SBW_CONFIG_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "shrimp-between-whales"


def default_path() -> Path:
    return config_dir() / "settings.json"


def load(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: :func:`default_path`), or the defaults."""
    p = path or default_path()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            return Settings()
        good = {}
        for k, v in data.items():            # a bad value loses only itself
            try:
                Settings.model_validate({k: v})
                good[k] = v
            except ValidationError:
                pass
        return Settings.model_validate(good)
    except (OSError, ValueError):
        return Settings()


def save(settings: Settings, path: Path | None = None) -> bool:
    """Write the settings atomically; False (and nothing else) when the folder is read-only."""
    p = path or default_path()
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(p, settings.model_dump_json(indent=2) + "\n", durable=False)
        return True
    except OSError:
        return False


__all__ = ["Settings", "TEXT_SCALES", "config_dir", "default_path", "load", "save"]
