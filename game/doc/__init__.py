"""Printable documents (the debrief, the briefings): one block model, two renderers.

A document is a tree of plain, typed blocks — sections, paragraphs, lists, tables, quoted
passages, figures, call-outs — built by :mod:`game.debrief` and :mod:`game.briefing` from the
engine's views. :func:`game.doc.html.render` writes it as one self-contained HTML file (inline
CSS with print rules, figures as data: URIs, no external reference of any kind);
:func:`game.doc.markdown.render` writes the same content as Markdown. Neither renderer knows
anything about the game: every word and number comes from the blocks.

Text is a list of :class:`Span` (or plain strings); a span's ``style`` is one of
:data:`STYLES`, which the HTML renderer turns into classes and the Markdown one into
``**bold**``/``*italics*`` (or nothing). Nothing in a text is markup: scenario texts may hold
``*`` or ``<`` and are shown as written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Style = Literal["", "b", "i", "muted", "good", "bad", "tag", "secret", "teacher", "war",
                "detected", "mono"]
STYLES: tuple[str, ...] = ("", "b", "i", "muted", "good", "bad", "tag", "secret", "teacher",
                           "war", "detected", "mono")
"""``tag``/``secret``/``teacher``/``war``/``detected``: a boxed label (readable in black and
white: its words say what it is, the colour only helps); ``good``/``bad``: a signed number."""


@dataclass(frozen=True)
class Span:
    text: str
    style: Style = ""


Inline = Union[str, Span]
Text = list[Inline]


def plain(text: Text | str) -> str:
    """The words of a text without styles."""
    if isinstance(text, str):
        return text
    return "".join(s if isinstance(s, str) else s.text for s in text)


@dataclass(frozen=True)
class Para:
    text: Text
    style: Literal["", "lead", "small", "muted"] = ""


@dataclass(frozen=True)
class Bullets:
    items: list[Text]
    numbered: bool = False


@dataclass(frozen=True)
class Quote:
    """A passage quoted from a source, with its citation (by name, never a link)."""

    text: str
    cite: str
    note: Text = field(default_factory=list)    # what it supports (shown above the passage)


@dataclass(frozen=True)
class Cell:
    text: Text
    style: Literal["", "num", "head"] = ""


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    style: Literal["", "total", "secret", "teacher", "highlight", "muted"] = ""


@dataclass(frozen=True)
class Table:
    head: list[str]
    rows: list[Row]
    align: str = ""              # one letter per column: l(eft) / r(ight); default left
    caption: str = ""
    widths: list[int] = field(default_factory=list)   # percentages, optional


@dataclass(frozen=True)
class Figure:
    """A chart: PNG bytes (embedded as a data: URI in HTML; left out of Markdown, where the
    caption and ``alt`` stand for it)."""

    png: bytes
    alt: str
    caption: str = ""
    width: int = 100             # percent of the text width


@dataclass(frozen=True)
class Callout:
    """A boxed message: the outcome, a warning."""

    title: str
    text: Text
    kind: Literal["info", "war", "note"] = "info"


@dataclass(frozen=True)
class Cards:
    """Side-by-side boxes (two columns on paper): one per team, say."""

    cards: list["Section"]


Block = Union[Para, Bullets, Quote, Table, Figure, Callout, Cards, "Section"]


@dataclass(frozen=True)
class Section:
    title: str
    blocks: list[Block]
    id: str = ""
    level: int = 2                # 2: a chapter, 3: a part of one, 4: a card's title
    new_page: bool = False        # printed on a new page
    keep: bool = False            # printed without a break inside, where it fits
    note: str = ""                # a short line beside the title (a score, a date)


@dataclass(frozen=True)
class Doc:
    title: str
    subtitle: str = ""
    meta: list[str] = field(default_factory=list)      # lines under the title
    sections: list[Section] = field(default_factory=list)
    footer: str = ""
    lang: str = "en"


__all__ = ["Block", "Bullets", "Callout", "Cards", "Cell", "Doc", "Figure", "Inline", "Para",
           "Quote", "Row", "STYLES", "Section", "Span", "Style", "Table", "Text", "plain"]
