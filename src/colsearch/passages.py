"""Passages: pick the sentences of a column that show why it matched.

Pure functions over text and token spans. The caller (search) says which analysed terms
and phrases matched and supplies the analyzer; this module finds their character spans in
the text, cuts the text into sentences (long ones into windows that never cut a word,
marked with "…"), scores each piece by the distinct terms it holds, and returns the best
as `Passage` records with highlight offsets relative to the passage text. A search builds
passages for every hit it shows, so only the paragraphs that hold a match are cut into
sentences (issue 6).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from .records import Passage

# (term text, position, start char, end char)
AnalyzedToken = tuple[str, int, int, int]
Analyze = Callable[[str], Iterable[AnalyzedToken]]
# (start, end, the spans inside) of each piece of a text that holds a span
Holding = list[tuple[int, int, list[tuple[int, int, str]]]]

MAX_PASSAGE_CHARS = 320


@dataclass(frozen=True)
class PhraseTerm:
    words: tuple[str, ...]
    slop: int = 1


def find_spans(
    text: str, analyze: Analyze, terms: set[str], phrases: Sequence[PhraseTerm]
) -> list[tuple[int, int, str]]:
    """Character spans (start, end, term) of every term and phrase match in `text`."""
    tokens = list(analyze(text))
    spans: list[tuple[int, int, str]] = [(s, e, t) for t, _, s, e in tokens if t in terms]
    if phrases:
        by_pos: dict[int, list[AnalyzedToken]] = {}
        for token in tokens:
            by_pos.setdefault(token[1], []).append(token)
        for phrase in phrases:
            spans.extend(_phrase_spans(tokens, by_pos, phrase))
    return sorted(set(spans))


def _phrase_spans(
    tokens: list[AnalyzedToken], by_pos: dict[int, list[AnalyzedToken]], phrase: PhraseTerm
) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    first = phrase.words[0]
    for token in tokens:
        if token[0] != first:
            continue
        matched = [token]
        pos = token[1]
        for word in phrase.words[1:]:
            nxt = None
            for step in range(1, phrase.slop + 1):
                nxt = next((t for t in by_pos.get(pos + step, ()) if t[0] == word), None)
                if nxt:
                    break
            if nxt is None:
                break
            matched.append(nxt)
            pos = nxt[1]
        if len(matched) == len(phrase.words):
            found.extend((t[2], t[3], " ".join(phrase.words)) for t in matched)
    return found


def best_passages(
    text: str,
    spans: list[tuple[int, int, str]],
    count: int = 3,
    max_chars: int = MAX_PASSAGE_CHARS,
) -> list[Passage]:
    """The `count` pieces of `text` with the most distinct matches, best first.

    A piece is a sentence: the text between two separators (see `_SEPARATOR_RE`), blank
    ones left out. A piece scores ten points a distinct term plus one a match (up to nine);
    among equals the earlier piece wins. A span counts for the piece that holds all of it,
    so a span across a sentence end counts for none. With no matches at all, the opening
    sentence stands in, so every hit shows some text.
    """
    if count <= 0 or not text:
        return []
    if _in_start_order(spans):
        holding = _pieces_holding(text, spans)
    else:  # no caller gives such a list; the plain scan keeps the same answer for it
        holding = _pieces_holding_any_order(text, spans)
    if not holding:
        start, end = _first_piece(text)
        return [_cut(text, start, end, [], max_chars)]
    # Pieces come in text order, so ranking the earlier of two equals first by its start
    # is the same as by its index among all pieces; starts are distinct, so no ties remain.
    scored = [(len({s[2] for s in inside}) * 10 + min(len(inside), 9), -start) for start, _, inside in holding]
    best = sorted(range(len(holding)), key=scored.__getitem__, reverse=True)[:count]
    return [_cut(text, *holding[i], max_chars) for i in best]


def _in_start_order(spans: list[tuple[int, int, str]]) -> bool:
    """Whether every span has start <= end and no span starts before the one before it
    (`find_spans` sorts its spans; `search.match_spans` finds them in text order)."""
    previous = spans[0][0] if spans else 0
    for start, end, _ in spans:
        if start < previous or start > end:
            return False
        previous = start
    return True


# A sentence ends at a run of whitespace after . ! ? … " ” and before a capital, digit or
# Hangul syllable (perhaps after an opening quote or bracket), or at a run of newlines:
# the runs that `(?<=[.!?…"”])\s+(?=["“'‘(\[]?[A-Z0-9\uac00-\ud7a3])|\n+` finds. This form
# finds the same runs three to four times faster: it opens with a character class, which the
# regex engine skips to, where a lookbehind made it try every position. It matches the
# punctuation mark too, so the separator is group 1 when that is set, else the whole match.
_SEPARATOR_RE = re.compile(r"[.!?…\"”\n](?:(?<=\n)\n*|(\s+)(?=[\"“'‘(\[]?[A-Z0-9\uac00-\ud7a3]))")


def _separators(text: str, pos: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence separator of `text` that starts after `pos`.

    `pos` must be 0 or the index of a character that is not whitespace: a separator is
    whitespace, so none runs across such a `pos`, and scanning from there finds what
    scanning from 0 finds.
    """
    for match in _SEPARATOR_RE.finditer(text, pos):
        yield match.span() if match.group(1) is None else match.span(1)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every piece of `text`: the non-blank text between separators."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for sep_start, sep_end in _separators(text):
        pieces.append((start, sep_start))
        start = sep_end
    pieces.append((start, len(text)))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def _first_piece(text: str) -> tuple[int, int]:
    """The first piece of `text` (the whole text if it has none), found without reading on."""
    start = 0
    for sep_start, sep_end in _separators(text):
        if text[start:sep_start].strip():
            return start, sep_start
        start = sep_end
    return (start, len(text)) if text[start:].strip() else (0, len(text))


def _pieces_holding(text: str, spans: list[tuple[int, int, str]]) -> Holding:
    """(start, end, spans inside) of each piece that holds a span, in text order.

    `spans` must be in start order with start <= end (`_in_start_order`). A piece is a gap
    between two separators; it holds a span that starts at or after the gap's start and ends
    at or before the gap's end. The spans and the separators are walked together, and only
    the paragraphs that hold a span are read: every newline lies in a separator, so when the
    next span starts past a newline, the scan starts again on the character before that
    newline's whitespace run (not whitespace, so `_separators` may start there) and skips
    the sentences between. The old way cut the whole text into sentences and scanned all
    spans for each one; this reads about a quarter of a typical column, once.
    """
    holding: Holding = []
    separators = _separators(text)
    gap_start = 0
    after: tuple[int, int] | None = (0, 0)  # the separator that ends the current gap
    inside: list[tuple[int, int, str]] = []
    for span in spans:
        at = span[0]
        if after is not None and at >= after[1]:  # the span starts past the current gap
            if inside:
                _keep(text, gap_start, after[0], inside, holding)
                inside = []
            newline = text.rfind("\n", after[1], at)
            if newline != -1:
                run = newline
                while run > 0 and text[run - 1].isspace():
                    run -= 1
                separators = _separators(text, max(run - 1, 0))
                # An empty separator at `run`, as (0, 0) stands at the start of the text. The
                # gap after it is no real piece, but no span falls in it: the gap ends where
                # the first separator read starts, at or before the newline.
                after = (run, run)
            while after is not None and after[1] <= at:
                gap_start, after = after[1], next(separators, None)
        if at >= gap_start and span[1] <= (len(text) if after is None else after[0]):
            inside.append(span)
    if inside:
        _keep(text, gap_start, len(text) if after is None else after[0], inside, holding)
    return holding


def _keep(text: str, start: int, end: int, inside: list[tuple[int, int, str]], holding: Holding) -> None:
    """Add the gap and its spans to `holding`, unless it is blank (and so no piece)."""
    if text[start:end].strip():
        holding.append((start, end, inside))


def _pieces_holding_any_order(text: str, spans: list[tuple[int, int, str]]) -> Holding:
    """`_pieces_holding` for any list of spans, by scanning all spans for every piece."""
    holding: Holding = []
    for start, end in _sentences(text):
        inside = [s for s in spans if s[0] >= start and s[1] <= end]
        if inside:
            holding.append((start, end, inside))
    return holding


def _cut(text: str, start: int, end: int, spans: list[tuple[int, int, str]], max_chars: int) -> Passage:
    """One passage: the sentence, or a window of it around its first match, cut at spaces."""
    inside = [s for s in spans if s[0] >= start and s[1] <= end]
    prefix = suffix = ""
    if end - start > max_chars:
        centre = inside[0][0] if inside else start
        lo = max(start, centre - max_chars // 3)
        hi = min(end, lo + max_chars)
        if lo > start:
            # Start after a space at or before the match, so the match stays inside.
            space = text.rfind(" ", lo, centre)
            lo = space + 1 if space != -1 else centre
            hi = min(end, lo + max_chars)
            prefix = "…"
        if hi < end:
            space = text.rfind(" ", lo, hi)
            hi = space if space > lo else hi
            suffix = "…"
        start, end = lo, hi
        inside = [s for s in inside if s[0] >= start and s[1] <= end]
    shift = len(prefix) - start
    highlights = tuple(_merge([(s + shift, e + shift) for s, e, _ in inside]))
    return Passage(text=prefix + text[start:end] + suffix, highlights=highlights)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
