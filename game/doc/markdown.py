"""A document as Markdown (the same content as the HTML; figures are left out, their captions
stand for them). Texts are escaped where Markdown would read them as markup."""
from __future__ import annotations

import re

from . import (Bullets, Callout, Cards, Doc, Figure, Para, Quote, Section, Span, Table, Text,
               plain)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(s: str) -> str:
    return _SPECIAL.sub(r"\\\1", s).replace("\n", " ")


def text(t: Text | str) -> str:
    if isinstance(t, str):
        return esc(t)
    out = []
    for s in t:
        if not isinstance(s, Span):
            out.append(esc(s))
        elif s.style in ("b", "good", "bad", "i"):
            mark = "*" if s.style == "i" else "**"
            core = s.text.strip()
            lead, trail = s.text[:len(s.text) - len(s.text.lstrip())], \
                s.text[len(s.text.rstrip()):]
            out.append(f"{lead}{mark}{esc(core)}{mark}{trail}" if core else esc(s.text))
        elif s.style in ("tag", "secret", "teacher", "war", "detected"):
            out.append(f"[{esc(s.text.upper())}]")
        elif s.style == "mono":
            out.append(f"`{s.text.replace('`', '')}`")
        else:
            out.append(esc(s.text))
    return "".join(out)


def _table(t: Table) -> list[str]:
    align = t.align.ljust(len(t.head), "l")
    out = []
    if t.caption:
        out += [f"*{esc(t.caption)}*", ""]
    out.append("| " + " | ".join(esc(h) for h in t.head) + " |")
    out.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    for r in t.rows:
        cells = [text(c.text) for c in r.cells]
        if r.style == "total":
            cells = [f"**{c}**" if c and "**" not in c else c for c in cells]
        out.append("| " + " | ".join(cells) + " |")
    return out + [""]


def _block(b: object, level: int) -> list[str]:
    if isinstance(b, Para):
        return [text(b.text), ""]
    if isinstance(b, Bullets):
        return [(f"{i + 1}. " if b.numbered else "- ") + text(item)
                for i, item in enumerate(b.items)] + [""]
    if isinstance(b, Quote):
        out = [f"> {text(b.note)}", ">"] if b.note else []
        return out + [f"> “{esc(b.text)}”", f"> — {esc(b.cite)}", ""]
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Figure):
        return [f"*Chart (in the HTML debrief): {esc(b.caption or b.alt)}*", ""]
    if isinstance(b, Callout):
        return [f"> **{esc(b.title)}** {text(b.text)}", ""]
    if isinstance(b, Cards):
        return [line for c in b.cards for line in _section(c, max(level + 1, c.level))]
    if isinstance(b, Section):
        return _section(b, b.level)
    raise TypeError(f"not a block: {b!r}")


def _section(s: Section, level: int) -> list[str]:
    level = min(max(level, 2), 6)
    title = esc(s.title) + (f" — {esc(s.note)}" if s.note else "")
    out = [f"{'#' * level} {title}", ""]
    for b in s.blocks:
        out += _block(b, level)
    return out


def render(doc: Doc) -> str:
    out = [f"# {esc(doc.title)}", ""]
    if doc.subtitle:
        out += [f"*{esc(doc.subtitle)}*", ""]
    for m in doc.meta:
        out.append(f"{esc(m)}  ")
    if doc.meta:
        out.append("")
    for s in doc.sections:
        out += _section(s, s.level)
    if doc.footer:
        out += ["---", "", esc(doc.footer), ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


__all__ = ["render", "plain"]
