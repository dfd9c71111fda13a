"""Text that is safe to show: no control characters, no lone surrogates.

A scenario or a replay is a file someone else may have written. Its texts (names, headlines,
reasons) are refused at validation when they hold a control character (an escape sequence can
retitle or clear a terminal, or on some terminals write the clipboard), a bidirectional
override (text that reads differently from what it is) or a lone surrogate (not Unicode: it
cannot be printed or saved). :func:`escape` makes any other text safe for a terminal or a
text file by writing such characters as visible escapes (``\\x1b``); the CLI passes all of
its output through it.
"""
from __future__ import annotations

import io
import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
"""Characters refused in a text: C0 and C1 controls but tab and newline, DEL, bidirectional
overrides and isolates, lone surrogates."""
_UNSAFE_OUT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
"""The same, less carriage return (progress bars redraw their line with it)."""


def _visible(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def unsafe_char(text: str) -> str | None:
    """A description of the first character a text may not hold, or None."""
    m = _UNSAFE.search(text)
    if m is None:
        return None
    c = ord(m.group())
    what = ("a lone surrogate (not valid Unicode)" if 0xD800 <= c <= 0xDFFF else
            "a bidirectional override" if c >= 0x2000 else
            "an escape character" if c == 0x1B else "a control character")
    return f"U+{c:04X}, {what}, at character {m.start() + 1}"


def check_text(text: str) -> str:
    """A pydantic validator: the text unchanged, or ValueError naming the character."""
    bad = unsafe_char(text)
    if bad:
        raise ValueError(f"text may not contain {bad}")
    return text


def escape(text: str) -> str:
    """``text`` with every unsafe character written as a visible escape (``\\x1b``)."""
    return _UNSAFE_OUT.sub(_visible, text) if _UNSAFE_OUT.search(text) else text


class SafeStream(io.TextIOBase):
    """A text stream that escapes unsafe characters before they reach ``inner``.

    It has no ``buffer`` attribute, so libraries that would write bytes past it (click does
    for a misconfigured console) write text through it instead."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def write(self, s: str) -> int:
        self._inner.write(escape(s))
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

    @property
    def inner(self):
        return self._inner
