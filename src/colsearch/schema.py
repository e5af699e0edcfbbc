"""Schema: the one place where field names, analyzers and boosts live.

The analyzer is tuned for news prose: case and accent folding, acronyms with dots
("U.S." = "US"), hyphenated names split into their parts ("Moo-jin"), English stemming
("SDGs" finds "SDG"), and Korean (Hangul) words indexed as overlapping character bigrams,
as Lucene's CJK analyzer does, so "정부" finds "정부가" and "정부는".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    Token,
)
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

# Words, numbers with inner dots or commas (3.5, 1,000), acronyms with dots (U.S.), Hangul runs.
# A final dot belongs to a token only after an inner one ("U.S." yes, "SDGs." no).
TOKEN_PATTERN = r"[^\W_]+(?:(?:[.,'’][^\W_]+)+\.?)?"

# Query-time weights (BM25F field boosts): a word in the headline counts three times a
# word in the body. Kept out of the index so they can be tuned without re-indexing.
FIELD_BOOSTS = {"headline": 3.0, "body": 1.0, "columnist": 1.5}


_HANGUL_RE = re.compile("[\uac00-\ud7a3\u3131-\u318e]")


def fold_token(text: str) -> str:
    """Acronym dots and apostrophes folded away ("u.s." -> "us", "korea's" -> "korea");
    empty when nothing is left."""
    if "." in text:
        text = text.rstrip(".")
        if text and all(part.isalpha() and len(part) <= 2 for part in text.split(".")):
            text = text.replace(".", "")  # u.s. -> us; 3.5 stays
    if "'" in text or "’" in text:
        text = text.replace("’", "'")
        if text.endswith("'s"):
            text = text[:-2]
    return text


def is_hangul_run(text: str) -> bool:
    """Whether a token is indexed as character bigrams."""
    return len(text) > 2 and not text.isascii() and _HANGUL_RE.search(text) is not None


class NewsTokenFilter(Filter):
    """Fold acronym dots and apostrophes; split Hangul runs into character bigrams."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0  # positions added by bigrams so far, so later tokens stay in order
        for t in tokens:
            text = fold_token(t.text)
            if not text:
                continue
            if t.positions:
                t.pos += shift
            if is_hangul_run(text):
                yield from self._bigrams(t, text)
                shift += len(text) - 2
                continue
            t.text = text
            yield t

    @staticmethod
    def _bigrams(t: Token, text: str) -> Iterator[Token]:
        pos, start = t.pos if t.positions else 0, t.startchar if t.chars else 0
        for i in range(len(text) - 1):
            t.text = text[i : i + 2]
            if t.positions:
                t.pos = pos + i
            if t.chars:
                t.startchar, t.endchar = start + i, start + i + 2
            yield t


def news_analyzer(stem: bool = True) -> Analyzer:
    """The analyzer for headline and body (stem=True) and for names (stem=False)."""
    chain: Any = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map) | NewsTokenFilter()
    if stem:
        chain = chain | StemFilter(cachesize=200_000)
    return chain


class NewsText(TEXT):  # type: ignore[misc]
    """A TEXT field of the news analyzer that indexes text by a short cut.

    Whoosh runs every word through a chain of generators and filters; here each distinct
    word is analysed once per process and remembered, which made indexing analysis
    several times faster. The terms and positions are exactly the analyzer's (tested in
    tests/test_schema.py); searching and highlighting use the analyzer itself.
    """

    def __init__(self, stem: bool, **kwargs: Any) -> None:
        super().__init__(analyzer=news_analyzer(stem=stem), **kwargs)
        self.stem = stem

    def index(self, value: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str) or not isinstance(self.format, Positions):
            return super().index(value, **kwargs)
        return index_text(value, self.stem, self.format)


_TOKEN_RE = re.compile(TOKEN_PATTERN)
_WORD_TERMS: dict[bool, dict[str, tuple[str, ...]]] = {True: {}, False: {}}
_WORD_CACHE_LIMIT = 300_000  # distinct words remembered per process (about 40 MB)


def _word_terms(word: str, stem: bool) -> tuple[str, ...]:
    """What the news analyzer makes of one token: nothing, a term, or Hangul bigrams."""
    text = fold_token(word.lower().translate(accent_map))
    if not text:
        return ()
    terms = tuple(text[i : i + 2] for i in range(len(text) - 1)) if is_hangul_run(text) else (text,)
    return tuple(porter_stem(t) for t in terms) if stem else terms


def index_text(text: str, stem: bool, format_: Positions) -> list[tuple[bytes, int, float, bytes]]:
    """(term, frequency, weight, encoded positions) for each distinct term of `text`,
    as `TEXT.index` with the news analyzer gives them."""
    known = _WORD_TERMS[stem]
    if len(known) > _WORD_CACHE_LIMIT:
        known.clear()
    positions: dict[str, list[int]] = {}
    shift = 0  # as in NewsTokenFilter: positions added by bigrams so far
    for pos, word in enumerate(_TOKEN_RE.findall(text)):
        terms = known.get(word)
        if terms is None:
            terms = known[word] = _word_terms(word, stem)
        base = pos + shift
        for i, term in enumerate(terms):
            found = positions.get(term)
            if found is None:
                positions[term] = [base + i]
            else:
                found.append(base + i)
        if len(terms) > 1:
            shift += len(terms) - 1
    boost = format_.field_boost
    return [
        (term.encode("utf-8"), len(found), float(len(found)) * boost, format_.encode(found))
        for term, found in positions.items()
    ]


def analyze_text(text: str, stem: bool = True) -> Iterator[tuple[str, int, int, int]]:
    """(term, position, start char, end char) of each token of `text`, as the news analyzer
    gives them with positions and chars, by the same per-word short cut as `index_text`
    (about ten times faster than the analyzer's chain; for highlighting whole columns)."""
    known = _WORD_TERMS[stem]
    if len(known) > _WORD_CACHE_LIMIT:
        known.clear()
    shift = 0
    for pos, match in enumerate(_TOKEN_RE.finditer(text)):
        word = match.group()
        terms = known.get(word)
        if terms is None:
            terms = known[word] = _word_terms(word, stem)
        if len(terms) == 1:
            yield terms[0], pos + shift, match.start(), match.end()
        elif terms:  # Hangul bigrams, each two characters of the token
            start = match.start()
            for i, term in enumerate(terms):
                yield term, pos + shift + i, start + i, start + i + 2
            shift += len(terms) - 1


def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        headline=NewsText(stem=True, stored=True, phrase=True, multitoken_query="phrase"),
        columnist=NewsText(stem=False, stored=True, multitoken_query="phrase"),
        body=NewsText(stem=True, stored=True, phrase=True, multitoken_query="phrase"),
        authors=KEYWORD(stored=False, commas=True, scorable=False),  # exact names, for facets
        month=ID(stored=False),  # "2021-05" of the posted date, for facets and trends
        section=KEYWORD(stored=False, lowercase=True, commas=True),
        posted=DATETIME(stored=False, sortable=True),
        updated=DATETIME(stored=False),
        record=STORED(),  # the column's other fields as JSON, for hits and `show`
    )


SEARCH_FIELDS = ("headline", "body", "columnist")
