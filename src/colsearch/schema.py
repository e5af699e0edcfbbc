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
from whoosh.support.charset import accent_map

# Words, numbers with inner dots or commas (3.5, 1,000), acronyms with dots (U.S.), Hangul runs.
# A final dot belongs to a token only after an inner one ("U.S." yes, "SDGs." no).
TOKEN_PATTERN = r"[^\W_]+(?:(?:[.,'’][^\W_]+)+\.?)?"

# Query-time weights (BM25F field boosts): a word in the headline counts three times a
# word in the body. Kept out of the index so they can be tuned without re-indexing.
FIELD_BOOSTS = {"headline": 3.0, "body": 1.0, "columnist": 1.5}


_HANGUL_RE = re.compile("[\uac00-\ud7a3\u3131-\u318e]")


class NewsTokenFilter(Filter):
    """Fold acronym dots and apostrophes; split Hangul runs into character bigrams."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        shift = 0  # positions added by bigrams so far, so later tokens stay in order
        for t in tokens:
            text = t.text
            if "." in text:
                text = text.rstrip(".")
                if not text:
                    continue
                if all(part.isalpha() and len(part) <= 2 for part in text.split(".")):
                    text = text.replace(".", "")  # u.s. -> us; 3.5 stays
            if "'" in text or "’" in text:
                text = text.replace("’", "'")
                if text.endswith("'s"):
                    text = text[:-2]
            if t.positions:
                t.pos += shift
            if len(text) > 2 and not text.isascii() and _HANGUL_RE.search(text):
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


def build_schema() -> Schema:
    text = news_analyzer(stem=True)
    names = news_analyzer(stem=False)
    return Schema(
        id=ID(stored=True, unique=True),
        headline=TEXT(analyzer=text, stored=True, phrase=True, multitoken_query="phrase"),
        columnist=TEXT(analyzer=names, stored=True, multitoken_query="phrase"),
        body=TEXT(analyzer=text, stored=True, phrase=True, multitoken_query="phrase"),
        authors=KEYWORD(stored=False, commas=True, scorable=False),  # exact names, for facets
        month=ID(stored=False),  # "2021-05" of the posted date, for facets and trends
        section=KEYWORD(stored=False, lowercase=True, commas=True),
        posted=DATETIME(stored=False, sortable=True),
        updated=DATETIME(stored=False),
        record=STORED(),  # the column's other fields as JSON, for hits and `show`
    )


SEARCH_FIELDS = ("headline", "body", "columnist")
