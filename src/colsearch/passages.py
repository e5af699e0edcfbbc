"""Passages: pick the sentences of a column that show why it matched.

Pure functions over text and token spans. The caller (search) says which analysed terms
and phrases matched and supplies the analyzer; this module finds their character spans in
the text, cuts the text into sentences (long ones into windows that never cut a word,
marked with "…"), scores each piece by the distinct terms it holds, and returns the best
as `Passage` records with highlight offsets relative to the passage text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .records import Passage

# (term text, position, start char, end char)
AnalyzedToken = tuple[str, int, int, int]
Analyze = Callable[[str], Iterable[AnalyzedToken]]

MAX_PASSAGE_CHARS = 320
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…\"”])\s+(?=[\"“'‘(\[]?[A-Z0-9\uac00-\ud7a3])|\n+")


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

    With no matches at all, the opening sentence stands in, so every hit shows some text.
    """
    if count <= 0 or not text:
        return []
    pieces = _sentences(text)
    scored: list[tuple[float, int, int, int]] = []
    for index, (start, end) in enumerate(pieces):
        inside = [s for s in spans if s[0] >= start and s[1] <= end]
        if not inside:
            continue
        distinct = len({s[2] for s in inside})
        scored.append((distinct * 10 + min(len(inside), 9), -index, start, end))
    if not scored:
        start, end = pieces[0] if pieces else (0, len(text))
        return [_cut(text, start, end, [], max_chars)]
    scored.sort(reverse=True)
    return [_cut(text, s, e, spans, max_chars) for _, _, s, e in scored[:count]]


def _sentences(text: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        if match.start() > start:
            pieces.append((start, match.start()))
        start = match.end()
    if start < len(text):
        pieces.append((start, len(text)))
    return [(s, e) for s, e in pieces if text[s:e].strip()]


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
