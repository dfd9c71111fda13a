"""Text that is safe to show: no control characters, no lone surrogates.

A scenario or a replay is a file someone else may have written. Its texts (names, headlines,
reasons) are refused at validation when they hold a control character (an escape sequence can
retitle or clear a terminal, or on some terminals write the clipboard), a bidirectional
override (text that reads differently from what it is) or a lone surrogate (not Unicode: it
cannot be printed or saved). The CLI also escapes the same characters in everything it prints
(:mod:`game.cli.textsafe`), for text that comes from elsewhere (a file name, a sweep folder).
"""
from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
"""Characters refused in a text: C0 and C1 controls but tab and newline, DEL, bidirectional
overrides and isolates, lone surrogates."""


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
