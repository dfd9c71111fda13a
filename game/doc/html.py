"""A document as one self-contained HTML file: inline CSS (screen and print), figures as
data: URIs, no script, and no reference outside the file (no link, font, image or style is
fetched from anywhere; sources are cited by name). Every text is escaped."""
from __future__ import annotations

import base64
import html
import re

from . import (Bullets, Callout, Cards, Cell, Doc, Figure, Para, Quote, Row, Section, Span,
               Table, Text)

CSS = """
:root { --ink: #111; --muted: #555; --rule: #bbb; --soft: #f3f3f1; --accent: #0b4f8a;
        --good: #0b6b3a; --bad: #9b2c00; --war: #8a1c00; --secret: #5b2a86;
        --teacher: #7a4a00; }
* { box-sizing: border-box; }
html { font-size: 18px; }
body { font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       color: var(--ink); background: #fff; line-height: 1.45; margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.5rem 3rem; }
h1 { font-size: 2rem; margin: 0 0 .2rem; line-height: 1.15; }
.subtitle { font-size: 1.2rem; color: var(--muted); margin: 0 0 .6rem; }
.meta { margin: 0 0 1rem; padding: 0; list-style: none; color: var(--muted); }
.meta li { margin: .1rem 0; }
h2 { font-size: 1.45rem; margin: 2rem 0 .6rem; padding-bottom: .2rem;
     border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.15rem; margin: 1.3rem 0 .4rem; }
h4 { font-size: 1.05rem; margin: 0 0 .4rem; }
.note { font-weight: normal; color: var(--muted); font-size: .9em; margin-left: .5rem; }
p { margin: .4rem 0 .7rem; }
p.lead { font-size: 1.1rem; }
p.small, p.muted { font-size: .9rem; color: var(--muted); }
ul, ol { margin: .3rem 0 .8rem; padding-left: 1.4rem; }
li { margin: .2rem 0; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .92rem; }
caption { text-align: left; color: var(--muted); font-size: .9rem; padding-bottom: .2rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .45rem; vertical-align: top;
         text-align: left; }
th { border-bottom: 2px solid var(--ink); font-weight: bold; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.num { white-space: normal; }
td.head { font-weight: bold; }
tr.row-total td { border-top: 2px solid var(--ink); font-weight: bold; }
tr.row-secret td { background: #f4eff8; }
tr.row-teacher td { background: #fbf3e4; }
tr.row-highlight td { background: var(--soft); font-weight: bold; }
tr.row-muted td { color: var(--muted); }
blockquote { margin: .5rem 0 .9rem; padding: .4rem .8rem; border-left: 4px solid var(--ink);
             background: var(--soft); }
blockquote .claim { margin: 0 0 .3rem; }
blockquote .passage { margin: 0; font-style: italic; }
blockquote .cite { margin: .2rem 0 0; font-size: .85rem; color: var(--muted); font-style: normal; }
figure { margin: .6rem 0 1.2rem; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto;
             border: 1px solid var(--rule); }
figcaption { font-size: .88rem; color: var(--muted); margin-top: .3rem; }
.callout { border: 2px solid var(--ink); padding: .6rem .9rem; margin: .6rem 0 1rem;
           border-radius: 4px; }
.callout.callout-war { border: 3px double var(--war); }
.callout.callout-note { border-style: dashed; }
.callout .title { font-weight: bold; font-size: 1.1rem; margin: 0 0 .3rem; }
.callout.callout-war .title { color: var(--war); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(27rem, 1fr));
         gap: .8rem; margin: .4rem 0 1rem; }
.card { border: 1px solid var(--ink); border-radius: 4px; padding: .6rem .75rem; }
.card table { font-size: .85rem; margin-bottom: .3rem; table-layout: fixed; }
.card td { overflow-wrap: anywhere; }
.card th { white-space: nowrap; }
.card p { margin: .2rem 0 .4rem; }
.b { font-weight: bold; }
.i { font-style: italic; }
.muted { color: var(--muted); }
.good { color: var(--good); font-weight: bold; }
.bad { color: var(--bad); font-weight: bold; }
.mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: .9em; }
.tag, .secret, .teacher, .war, .detected { display: inline-block; border: 1px solid currentColor;
       border-radius: 3px; padding: 0 .3rem; font-size: .78em; font-weight: bold;
       letter-spacing: .03em; text-transform: uppercase; line-height: 1.35; }
.secret { color: var(--secret); }
.teacher { color: var(--teacher); border-style: dashed; }
.war { color: var(--war); border-width: 2px; }
.detected { color: var(--bad); }
nav.toc { border: 1px solid var(--rule); padding: .4rem .9rem; margin: 0 0 1rem;
          columns: 2; column-gap: 2rem; font-size: .95rem; }
nav.toc ol { margin: .2rem 0; }
nav.toc a { color: var(--ink); }
a { color: var(--accent); }
footer { margin-top: 2rem; padding-top: .5rem; border-top: 1px solid var(--rule);
         font-size: .85rem; color: var(--muted); }
.keep { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print {
  html { font-size: 10pt; line-height: 1.32; }
  h2 { margin: 0 0 .4rem; }
  h3 { margin: .8rem 0 .3rem; }
  p { margin: .25rem 0 .45rem; }
  blockquote { margin: .25rem 0 .4rem; padding: .25rem .6rem; }
  th, td { padding: .18rem .35rem; }
  table { margin: .25rem 0 .6rem; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 20pt; }
  h2 { font-size: 14pt; break-after: avoid; page-break-after: avoid; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  .new-page { break-before: page; page-break-before: always; }
  tr, blockquote, figure, .callout, .card { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  nav.toc { display: none; }
  footer { margin-top: 4mm; padding-top: 1mm; }
  a { color: var(--ink); text-decoration: none; }
  .cards { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm 5mm; }
  .card { break-inside: avoid; page-break-inside: avoid; }
  tr.row-secret td, tr.row-teacher td, tr.row-highlight td, blockquote { -webkit-print-color-adjust: exact;
          print-color-adjust: exact; }
  figure img { max-height: 120mm; width: auto; }
}
"""


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def text(t: Text | str) -> str:
    if isinstance(t, str):
        return esc(t)
    out = []
    for s in t:
        if isinstance(s, Span):
            out.append(f'<span class="{s.style}">{esc(s.text)}</span>' if s.style else
                       esc(s.text))
        else:
            out.append(esc(s))
    return "".join(out)


_ID = re.compile(r"[^a-z0-9-]+")


def _anchor(sec: Section) -> str:
    return sec.id or _ID.sub("-", sec.title.lower()).strip("-")


def _cell(c: Cell, tag: str, align: str) -> str:
    cls = []
    if c.style == "num" or (align == "r" and c.style != "head"):
        cls.append("num")
    if c.style == "head":
        cls.append("head")
    attr = f' class="{" ".join(cls)}"' if cls else ""
    return f"<{tag}{attr}>{text(c.text)}</{tag}>"


def _table(t: Table) -> str:
    align = t.align.ljust(len(t.head), "l")
    out = ["<table>"]
    if t.caption:
        out.append(f"<caption>{esc(t.caption)}</caption>")
    if t.widths:
        out.append("<colgroup>" + "".join(f'<col style="width:{w}%">' for w in t.widths)
                   + "</colgroup>")
    out.append("<thead><tr>" + "".join(
        f'<th class="num">{esc(h)}</th>' if align[i] == "r" else f"<th>{esc(h)}</th>"
        for i, h in enumerate(t.head)) + "</tr></thead><tbody>")
    for r in t.rows:
        out.append(_row(r, align))
    out.append("</tbody></table>")
    return "".join(out)


def _row(r: Row, align: str) -> str:
    attr = f' class="row-{r.style}"' if r.style else ""
    return f"<tr{attr}>" + "".join(_cell(c, "td", align[i] if i < len(align) else "l")
                                   for i, c in enumerate(r.cells)) + "</tr>"


def _block(b: object) -> str:
    if isinstance(b, Para):
        cls = f' class="{b.style}"' if b.style else ""
        return f"<p{cls}>{text(b.text)}</p>"
    if isinstance(b, Bullets):
        tag = "ol" if b.numbered else "ul"
        return f"<{tag}>" + "".join(f"<li>{text(i)}</li>" for i in b.items) + f"</{tag}>"
    if isinstance(b, Quote):
        note = f'<p class="claim">{text(b.note)}</p>' if b.note else ""
        return (f"<blockquote>{note}<p class=\"passage\">“{esc(b.text)}”</p>"
                f"<p class=\"cite\">— {esc(b.cite)}</p></blockquote>")
    if isinstance(b, Table):
        return _table(b)
    if isinstance(b, Figure):
        data = base64.b64encode(b.png).decode("ascii")
        cap = f"<figcaption>{esc(b.caption)}</figcaption>" if b.caption else ""
        return (f'<figure><img alt="{esc(b.alt)}" style="width:{b.width}%" '
                f'src="data:image/png;base64,{data}">{cap}</figure>')
    if isinstance(b, Callout):
        return (f'<div class="callout callout-{b.kind}"><p class="title">{esc(b.title)}</p>'
                f"<p>{text(b.text)}</p></div>")
    if isinstance(b, Cards):
        return '<div class="cards">' + "".join(
            f'<div class="card">{_section(c, card=True)}</div>' for c in b.cards) + "</div>"
    if isinstance(b, Section):
        return _section(b)
    raise TypeError(f"not a block: {b!r}")


def _section(s: Section, card: bool = False) -> str:
    level = min(max(s.level, 2), 4)
    note = f' <span class="note">{esc(s.note)}</span>' if s.note else ""
    head = f'<h{level} id="{esc(_anchor(s))}">{esc(s.title)}{note}</h{level}>'
    body = "".join(_block(b) for b in s.blocks)
    if card:
        return head + body
    cls = " ".join(c for c, on in (("new-page", s.new_page), ("keep", s.keep)) if on)
    attr = f' class="{cls}"' if cls else ""
    return f"<section{attr}>{head}{body}</section>"


def render(doc: Doc, toc: bool = True) -> str:
    """The whole HTML file."""
    parts = [f'<!DOCTYPE html>\n<html lang="{esc(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
             f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
             f"<title>{esc(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
             f"<header><h1>{esc(doc.title)}</h1>"]
    if doc.subtitle:
        parts.append(f'<p class="subtitle">{esc(doc.subtitle)}</p>')
    if doc.meta:
        parts.append('<ul class="meta">' + "".join(f"<li>{esc(m)}</li>" for m in doc.meta)
                     + "</ul>")
    parts.append("</header>\n")
    if toc and len(doc.sections) > 3:
        parts.append('<nav class="toc"><ol>' + "".join(
            f'<li><a href="#{esc(_anchor(s))}">{esc(s.title)}</a></li>' for s in doc.sections)
            + "</ol></nav>\n")
    for s in doc.sections:
        parts.append(_section(s) + "\n")
    if doc.footer:
        parts.append(f"<footer>{esc(doc.footer)}</footer>\n")
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)
