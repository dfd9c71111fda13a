"""The keys that work on every screen and during a game, as the F1 help lists them (each
screen lists its own in ``Screen.keys``). The app handles them before the screen does."""
from __future__ import annotations

GLOBAL_KEYS = [
    ("F1", "this help (when it has several pages, Right shows the next; any other key "
           "closes it)"),
    ("F11", "full screen on/off"),
    ("Ctrl + / Ctrl −", "bigger / smaller text (100, 125, 150 %)"),
    ("Tab / Shift+Tab", "move the focus (yellow outline)"),
    ("Enter or Space", "press the focused button or choose the focused row"),
    ("Arrow keys", "move in a list; Left/Right change a picker"),
    ("Esc", "back, or the game menu"),
]
GAME_KEYS = [
    ("Ctrl+S / Ctrl+O", "save / load a game"),
    ("H", "history charts"),
    ("B", "your team's briefing (from the main screen or this help)"),
    ("F2", "teacher's controls (pause, inject an event, end early)"),
    ("P", "pause / resume (teacher)"),
]
