"""Terminal safety: everything `whales` prints passes through :class:`SafeStream`.

Control characters (an escape sequence can retitle or clear a terminal, or on some terminals
write the clipboard), bidirectional overrides and lone surrogates are written as visible
escapes (``\\x1b``, ``\\u202e``) instead. Scenario and replay texts are refused at validation
when they hold one (:mod:`game.engine.text`); this covers what comes from elsewhere (a file
name, a sweep folder's labels) and anything a future change forgets. Tab, newline and carriage
return pass (progress bars redraw their line with a carriage return).

Kept apart from the engine so that ``whales --help`` imports no engine.
"""
from __future__ import annotations

import io
import re
import sys

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                    "\ud800-\udfff]")


def _visible(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def escape(text: str) -> str:
    """``text`` with every unsafe character written as a visible escape."""
    return UNSAFE.sub(_visible, text) if UNSAFE.search(text) else text


class SafeStream(io.TextIOBase):
    """A text stream that escapes unsafe characters before they reach ``inner``.

    It has no ``buffer`` attribute, so click, which writes bytes past a text stream it finds
    misconfigured, writes text through it instead."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def write(self, s) -> int:
        text = s.decode("utf-8", "replace") if isinstance(s, (bytes, bytearray)) else s
        self._inner.write(escape(text))
        return len(s)

    def flush(self) -> None:
        self._inner.flush()

    def isatty(self) -> bool:
        return self._inner.isatty()

    def fileno(self) -> int:
        return self._inner.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self):
        return getattr(self._inner, "encoding", "utf-8")

    @property
    def errors(self):
        return getattr(self._inner, "errors", "strict")


def install() -> None:
    """Make standard output and error safe: escapes for unsafe characters, and '?' for any
    character the console's encoding cannot show (a Latin-1 or ASCII console shows "—" as
    "?" instead of failing)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, SafeStream):
            continue
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass
        setattr(sys, name, SafeStream(stream))
