"""Web highlighting: character spans -> HTML with <mark>, everything else escaped.

This is the only place in the web package that builds HTML outside a template. Page
text is data, so every piece of it goes through `markupsafe.escape`; only the `<mark>`
tags are trusted. The spans come from the search stage: passages carry their own
highlight offsets, and a whole column is matched with the search's own pieces
(`highlight_terms`, `find_spans`, `analyze_for_passages`), not a second highlighter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

from ..passages import PhraseTerm, find_spans
from ..search import analyze_for_passages, highlight_terms

Span = tuple[int, int]
Terms = tuple[set[str], list[PhraseTerm]]
NO_TERMS: Terms = (set(), [])


def marked(text: str, spans: Iterable[Sequence[int]]) -> Markup:
    """`text` escaped, with each [start, end) span inside <mark>…</mark>.

    Spans may overlap or be unsorted (overlapping ones become one mark); parts of them
    outside the text are ignored.
    """
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s[0]), min(len(text), s[1])) for s in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(end, merged[-1][1])
        else:
            merged.append([start, end])
    out: list[str] = []
    last = 0
    for start, end in merged:
        out.append(escape(text[last:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        last = end
    out.append(escape(text[last:]))
    return Markup("").join(out)


def match_terms(text: str, index_dir: str) -> Terms:
    """The analysed words and phrases of the query `text` that highlight a column.

    The search's own steps (`search.highlight_terms`): stop words out of plain words,
    wildcards expanded, the spelling correction when the query finds nothing. Raises the
    library's QuerySyntaxError for a malformed query.
    """
    if not text.strip():
        return NO_TERMS
    return highlight_terms(text, index_dir)


def text_spans(text: str, terms: Terms) -> list[Span]:
    """Where the terms and phrases occur in `text`, as [start, end) offsets."""
    words, phrases = terms
    if not text or not (words or phrases):
        return []
    return [(start, end) for start, end, _ in find_spans(text, analyze_for_passages, words, phrases)]


def marked_paragraphs(text: str, spans: Sequence[Span], separator: str = "\n\n") -> list[Markup]:
    """Each paragraph of `text` as marked-up HTML; `spans` are offsets into the whole text."""
    paragraphs: list[Markup] = []
    start = 0
    for piece in text.split(separator):
        end = start + len(piece)
        inside = [(s - start, e - start) for s, e in spans if s < end and e > start]
        if piece.strip():
            paragraphs.append(marked(piece, inside))
        start = end + len(separator)
    return paragraphs
