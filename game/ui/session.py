"""The front end's session is the classroom session of :mod:`game.session` (no pygame there,
so a game server runs the same one); this module keeps the front end's import of it."""
from __future__ import annotations

from ..session import (ALREADY, ClassroomStatus, Console, ConsoleView, SaveInfo, SeatChoice,
                       SeatStatus, Session, check_pin_text, clock_text, default_saves_dir,
                       describe_save, hash_pin, pin_matches, slug)

__all__ = ["ALREADY", "ClassroomStatus", "Console", "ConsoleView", "SaveInfo", "SeatChoice",
           "SeatStatus", "Session", "check_pin_text", "clock_text", "default_saves_dir",
           "describe_save", "hash_pin", "pin_matches", "slug"]
