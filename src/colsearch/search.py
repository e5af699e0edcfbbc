"""Search: query text -> ranked Hits with passages as offsets, no markup.

Parses the query language (words, "phrases"~slop, AND/OR/NOT/-word, groups, field
prefixes, wildcards, fuzzy~, posted: dates), applies filters (columnist, date range),
ranks with BM25F (headline weighted above body), and picks each hit's passages. Several
plain words without operators find the columns that have all of them first, then the
columns that have only some, and say so.
"""

from __future__ import annotations

import calendar
import copy
import functools
import heapq
import itertools
import json
import math
import operator
import pickle
import re
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import accumulate, compress, repeat
from typing import Any, NamedTuple

from whoosh import collectors, qparser, query, scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.fields import DATETIME
from whoosh.index import FileIndex
from whoosh.lang.stopwords import stoplists
from whoosh.matching import IntersectionMatcher, ListMatcher, NullMatcherClass, UnionMatcher
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.query.spans import SpanNear2
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util import make_binary_tree, make_weighted_tree
from whoosh.util.numeric import byte_to_length, length_to_byte, tiered_ranges

from .errors import ColsearchError, QuerySyntaxError
from .index import open_vocabulary, read_index
from .passages import AnalyzedToken, PhraseTerm, best_passages, find_spans
from .records import Hit, SearchResult
from .schema import FIELD_BOOSTS, SEARCH_FIELDS, TOKEN_PATTERN, analyze_text, news_analyzer
from .segments import read_impacts
from .vocabulary import Vocabulary

SORTS = ("relevance", "newest", "oldest")
STOP_WORDS = stoplists["en"]
PERIODS = ("month", "year")
_TEXT_ANALYZER = news_analyzer(stem=True)
_OPERATOR_RE = re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|[\"()\[\]{}:*?~^+]|(?:^|\s)-")


class NewsBM25F(scoring.BM25F):  # type: ignore[misc]
    """BM25F with Lucene's idf, log(1 + (N - n + 0.5) / (n + 0.5)).

    Whoosh's own idf, log(N / (n + 1)) + 1, leaves a word found in every column a sixth
    of the weight of the rarest one, so "the" and "of" steer long queries. On the TIME
    test collection this change alone moves nDCG@10 from 0.680 to 0.710
    (benchmarks/relevance.py).
    """

    def idf(self, searcher: Searcher, fieldname: str, text: bytes) -> float:
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return math.log(1 + (total - n + 0.5) / (n + 0.5))


def parse_query(text: str, schema: Any, group: Any = qparser.AndGroup) -> query.Query:
    """The Whoosh query for `text`; raises QuerySyntaxError for malformed input."""
    _check_syntax(text)
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=group)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.remove_plugin_class(qparser.PlusMinusPlugin)
    # "-word" excludes a word only at the start of a term, so "Moo-jin" stays one name.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    # "word~" allows two edits for longer words, so a swapped pair of letters is found.
    text = re.sub(r"(?<![\w\"])(\w{6,})~(?![\d.])", r"\1~2", text)
    try:
        parsed = parser.parse(text)
    except Exception as exc:  # whoosh raises assorted errors on odd input
        raise QuerySyntaxError(
            f"cannot parse query {text!r}: {exc}", "Check quotes, brackets and field names."
        ) from None
    if parsed is query.NullQuery:
        raise QuerySyntaxError(f"query {text!r} has no words to search for", "Type at least one word.")
    return parsed


def _check_syntax(text: str) -> None:
    if not text.strip():
        raise QuerySyntaxError("empty query", "Type at least one word.")
    stack: list[tuple[str, int]] = []
    in_quote: int | None = None
    pairs = {")": "(", "]": "[", "}": "{"}
    for i, ch in enumerate(text):
        if ch == '"':
            in_quote = None if in_quote is not None else i
        elif in_quote is not None:
            continue
        elif ch in "([{":
            stack.append((ch, i))
        elif ch in ")]}":
            if not stack or stack[-1][0] != pairs[ch]:
                raise QuerySyntaxError(
                    f"unmatched {ch!r} at position {i + 1} in query: {text}", "Remove it or add its opening pair."
                )
            stack.pop()
    if in_quote is not None:
        raise QuerySyntaxError(
            f"unclosed quote at position {in_quote + 1} in query: {text}", 'Close the phrase with another ".'
        )
    if stack:
        ch, i = stack[-1]
        raise QuerySyntaxError(f"unclosed {ch!r} at position {i + 1} in query: {text}", "Close it or remove it.")
    words = text.split()
    if words and words[-1] in ("AND", "OR", "NOT", "ANDNOT"):
        raise QuerySyntaxError(
            f"query ends with the operator {words[-1]} at position {len(text) - len(words[-1]) + 1}: {text}",
            "Add the word it should apply to, or write it in lower case to search for it.",
        )


def search(
    text: str,
    index_dir: str | None = None,
    *,
    columnist: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str = "relevance",
    limit: int = 10,
    offset: int = 0,
    passages: int = 3,
    facets: tuple[str, ...] = (),
) -> SearchResult:
    """Ranked columns for `text`, each with its best passages.

    `facets` ("columnist", "year", "month") adds counts over all matching columns.
    """
    if sort not in SORTS:
        raise ColsearchError(f"unknown sort {sort!r}", f"Use one of: {', '.join(SORTS)}.")
    if limit < 0 or offset < 0:
        raise ColsearchError("--limit and --offset must not be negative")
    for name in facets:
        if name not in FACETS:
            raise ColsearchError(f"unknown facet {name!r}", f"Use one of: {', '.join(FACETS)}.")
    words = open_vocabulary(index_dir)

    def read(ix: FileIndex) -> SearchResult:
        with ix.searcher(weighting=NewsBM25F()) as searcher:
            return _search_in(searcher, text, words, columnist, since, until, sort, limit, offset, passages, facets)

    try:
        return read_index(index_dir, read)
    finally:
        if words is not None:
            words.close()


def _search_in(
    searcher: Searcher,
    text: str,
    words: Vocabulary | None,
    columnist: str | None,
    since: str | None,
    until: str | None,
    sort: str,
    limit: int,
    offset: int,
    passages: int,
    facets: tuple[str, ...],
) -> SearchResult:
    strict, loose = _queries(text, searcher, words)
    filters = _filters(searcher.schema, columnist, since, until)
    postings = _Postings(searcher)
    allowed = _Allowed(postings, filters)
    notes: list[str] = []
    pairs, total, all_words = _ranked(searcher, postings, strict, loose, allowed, sort, limit, offset)
    if loose is not None and total and all_words == 0:
        notes.append("No column has all of the words; showing columns that have some of them.")
    elif loose is not None and all_words < total:
        notes.append(f"{all_words} columns have all of the words; {total - all_words} more have some of them.")
    used = strict
    if total == 0:
        corrected = _correction(searcher, text, words)
        if corrected is not None:
            fixed_text, fixed = corrected
            pairs, total, _ = _ranked(searcher, postings, fixed, None, allowed, sort, limit, offset)
            if total:
                notes.append(f"No results for {text!r}; showing results for {fixed_text!r}.")
                used = fixed
    elif total < 3:
        corrected = _correction(searcher, text, words)
        if corrected is not None:
            notes.append(f"Did you mean: {corrected[0]}")
    counts: dict[str, list[tuple[str, int]]] = {}
    if facets and total:
        matched = postings.docs(_matching(used, loose))
        counts = facet_counts(searcher, matched if allowed.docs is None else matched & allowed.docs, facets)
    terms, phrases = query_terms(used, searcher)
    hits = tuple(search_hits(pairs, offset, terms, phrases, passages))
    return SearchResult(query=text, total=total, hits=hits, notes=tuple(notes), facets=counts)


FACETS = ("columnist", "year", "month")
_FACET_FIELDS = {"columnist": "authors", "year": "month", "month": "month"}


def matching_docs(searcher: Searcher, q: query.Query) -> set[int]:
    """The docnums of every column that matches `q`, unscored."""
    return _Postings(searcher).docs(q)


def _matching(used: query.Query, loose: query.Query | None) -> query.Query:
    """The query whose matches the total counts (all-words first, then some-words)."""
    return loose if loose is not None else used


def facet_counts(searcher: Searcher, matched: set[int], names: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
    """Counts of the `matched` columns by columnist (most first), by year or month (in order).

    Each columnist's (each month's) columns are read from the postings of its term and
    met with the matches, instead of looking up every matching column's fields.
    """
    postings = _Postings(searcher)
    reader = searcher.reader()
    by_field: dict[str, dict[str, int]] = {}
    counts: dict[str, list[tuple[str, int]]] = {}
    for name in names:
        fieldname = _FACET_FIELDS[name]
        if fieldname not in by_field:
            field = searcher.schema[fieldname]
            raw: dict[str, int] = {}
            for text in reader.lexicon(fieldname):
                n = len(postings.term_docs(fieldname, text) & matched) if matched else 0
                key = field.from_bytes(text)
                if n and key:
                    raw[key] = n
            by_field[fieldname] = raw
        raw = by_field[fieldname]
        if name == "columnist":
            counts[name] = sorted(raw.items(), key=lambda kv: (-kv[1], kv[0]))
        elif name == "year":
            years: dict[str, int] = {}
            for month, n in raw.items():
                years[month[:4]] = years.get(month[:4], 0) + n
            counts[name] = sorted(years.items())
        else:
            counts[name] = sorted(raw.items())
    return counts


MAX_EXPANSIONS = 256


def _expand_patterns(q: query.Query, words: Vocabulary | None) -> query.Query:
    """Match wildcards and prefixes against words as written, not against stems.

    The body's words are indexed stemmed ("regulation" -> "regul"), so "regulat*" would
    miss. A pattern is matched against the archive's vocabulary of unstemmed words and
    each word found is stemmed back into a term of the field.
    """
    if words is None:
        return q

    def expand(node: query.Query) -> query.Query:
        if not isinstance(node, (query.Wildcard, query.Prefix)) or node.fieldname not in ("body", "headline"):
            return node
        pattern = node.text if isinstance(node, query.Wildcard) else node.text + "*"
        stems = {t.text for word in words.match(pattern, MAX_EXPANSIONS) for t in _TEXT_ANALYZER(word)}
        if not stems:
            return node
        return query.Or([node, *(query.Term(node.fieldname, stem, boost=node.boost) for stem in sorted(stems))])

    return q.accept(expand)


def _queries(text: str, searcher: Searcher, words: Vocabulary | None) -> tuple[query.Query, query.Query | None]:
    """The all-words query for `text`, and for plain words the some-words one too."""
    plain = _plain_words(text)
    wanted = _without_stop_words(text) if plain else text
    parsed = parse_query(wanted, searcher.schema)
    strict = _union_ors(_expand_patterns(parsed, words))
    return strict, _union_ors(_some_words(parsed, wanted, searcher.schema)) if plain else None


def _some_words(parsed: query.Query, text: str, schema: Any) -> query.Query:
    """The query with OR between the words of `text`, from its parse with AND (parsed
    again only when that one is not an And): what the parser gives, a parse sooner."""
    if type(parsed) is query.And:
        return query.Or(parsed.subqueries).normalize()
    return parse_query(text, schema, group=qparser.OrGroup)


def highlight_terms(text: str, index_dir: str | None = None) -> tuple[set[str], list[PhraseTerm]]:
    """The analysed terms and phrases that a search for `text` highlights.

    The same steps as `search`: stop words out of plain words, wildcards expanded over
    the vocabulary, and the spelling correction when the query as typed finds nothing.
    For marking a whole column (the web page) with what the search matched.
    """
    words = open_vocabulary(index_dir)

    def read(ix: FileIndex) -> tuple[set[str], list[PhraseTerm]]:
        with ix.searcher() as searcher:
            strict, _ = _queries(text, searcher, words)
            if not matching_docs(searcher, strict):
                corrected = _correction(searcher, text, words)
                if corrected is not None:
                    strict = corrected[1]
            return query_terms(strict, searcher)

    try:
        return read_index(index_dir, read)
    finally:
        if words is not None:
            words.close()


def _without_stop_words(text: str) -> str:
    """Plain words without "the", "of" and their kind, unless nothing else is left.

    Measured on the TIME collection: nDCG@10 0.710 -> 0.720 on top of Lucene's idf.
    """
    kept = [word for word in text.split() if word.lower().strip(".,;:!?'\"") not in STOP_WORDS]
    return " ".join(kept) if kept else text


class _UnionOr(query.Or):  # type: ignore[misc]
    """Or that walks its sub-matchers in step instead of preloading all their matches.

    Whoosh preloads every match into arrays when a segment has under 5,000 columns (as
    batch-committed segments do); for common words that costs about a fifth of a query's
    time, and a union of matchers can skip non-competitive columns instead.
    """

    matcher_type = query.Or.DEFAULT_MATCHER


def _union_ors(q: query.Query) -> query.Query:
    def swap(node: query.Query) -> query.Query:
        if type(node) is query.Or:
            return _UnionOr(node.subqueries, boost=node.boost, minmatch=node.minmatch, scale=node.scale)
        return node

    return q.accept(swap)


def _plain_words(text: str) -> bool:
    return len(text.split()) > 1 and not _OPERATOR_RE.search(text)


class _Allowed:
    """The filters (columnist, dates) as a query, and the set of columns they allow,
    built only when a search needs it."""

    def __init__(self, postings: _Postings, filters: query.Query | None) -> None:
        self.postings = postings
        self.query = filters

    @functools.cached_property
    def docs(self) -> set[int] | None:
        return None if self.query is None else self.postings.docs(self.query)


def _ranked(
    searcher: Searcher,
    postings: _Postings,
    strict: query.Query,
    loose: query.Query | None,
    allowed: _Allowed,
    sort: str,
    limit: int,
    offset: int,
) -> tuple[list[tuple[dict[str, Any], float]], int, int]:
    """One page of (stored fields, score); the total; how many match the strict query.

    By relevance, the columns with all the words come first, then those with some of
    them, each group by score and equal scores newest first. By date, only the columns
    with all the words (or, when none has them all, those with some).
    """
    want = offset + limit
    if sort == "relevance":
        try:
            ranked, total, strict_total = _TopK(postings).ranked(strict, loose, allowed.query, want)
        except _Unsupported:
            ranked, total, strict_total = _scored(postings, strict, loose, allowed.docs, want)
    else:
        matched = postings.docs(strict, allowed.docs)
        strict_total = total = len(matched)
        if loose is not None and strict_total == 0:
            matched = postings.docs(loose, allowed.docs)
            total = len(matched)
        ranked = _by_date(postings, matched, sort == "newest", want)
    page = ranked[offset:want]
    return [(searcher.stored_fields(docnum), score) for docnum, score in page], total, strict_total


def _scored(
    postings: _Postings, strict: query.Query, loose: query.Query | None, allowed: set[int] | None, want: int
) -> tuple[list[tuple[int, float]], int, int]:
    """`_TopK.ranked` for any query: every match scored (or left to whoosh's matchers)."""
    first = postings.matches(strict, allowed)
    strict_total = total = len(first.docs)
    ranked = first.top(want)
    if loose is not None and len(ranked) < want:
        second = postings.matches(loose, allowed)
        total = len(second.docs)
        ranked += second.top(want - len(ranked), exclude=first.docs)
    elif loose is not None:  # the page is full of columns with every word: count the rest
        total = postings.count(loose, allowed)
    return ranked, total, strict_total


def _top(searcher: Searcher, scored: dict[int, float], count: int) -> list[tuple[int, float]]:
    """The `count` best of (docnum -> score), in the order `_by_score` gives them.

    Only columns scoring within rounding of the count-th best score can make the cut, so
    only those are sorted (with their posted dates read), however many matched.
    """
    if count <= 0 or not scored:
        return []
    if len(scored) <= count:
        return _by_score(searcher, list(scored.items()))[:count]
    cut = round(heapq.nlargest(count, scored.values())[-1], 6) - 1e-6
    near = list(compress(scored.items(), map(cut.__le__, scored.values())))  # in C: this can be most of the archive
    return _by_score(searcher, near)[:count]


def _by_score(searcher: Searcher, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Highest score first; equal scores, the newer column first."""
    posted = searcher.reader().column_reader("posted")
    return sorted(ranked, key=lambda pair: (-round(pair[1], 6), -_timestamp(posted[pair[0]]), -pair[1], pair[0]))


def _timestamp(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else 0.0


def _by_date(postings: _Postings, matched: Collection[int], newest: bool, count: int) -> list[tuple[int, float]]:
    """The first `count` columns by posted date, as whoosh sorts by a column (ties by docnum).

    The score of a hit sorted by date is its sort key, as whoosh reports it.
    """
    ordered = sorted(matched)
    keys: list[tuple[int, int]] = []
    for i, (sub, offset) in enumerate(postings.leaves):
        lo = bisect_left(ordered, offset)
        hi = bisect_left(ordered, offset + sub.doc_count_all())
        values = postings.posted_values(i, sub)
        if values is None:
            key = sub.reader().column_reader("posted", reverse=newest, translate=False).sort_key
            keys.extend((key(docnum - offset), docnum) for docnum in ordered[lo:hi])
        else:
            sign = -1 if newest else 1
            keys.extend((sign * values[docnum - offset], docnum) for docnum in ordered[lo:hi])
    return [(docnum, float(key)) for key, docnum in heapq.nsmallest(count, keys)]


# --- scoring straight from the postings ---------------------------------------------------


class _Unsupported(Exception):
    """A query that _Postings leaves to whoosh's matchers."""


# The start of a whoosh 2.7 postings block, a pickled (ids, weights, values) tuple: the ids
# (deltas) and weights come first, the positions after. Reading only the first two skips
# most of the block (see _Postings).
_INT = rb"(?:K.|M..|J....)"
_FLOAT = rb"(?:G.{8})"
_BLOCK_HEAD = re.compile(
    rb"\x80\x02(?:\(" + _INT + rb"*t|" + _INT + rb"{1,3}[\x85-\x87])(?:q.|r....)?"
    # weights: a tuple (with MARK, or of one to three without), else one float for all, or None
    rb"(?:\(" + _FLOAT + rb"*t|" + _FLOAT + rb"{1,3}[\x85-\x87]|" + _FLOAT + rb"|N)",
    re.S,
)
_TUPLE2_STOP = b"\x86."


class _Ordered:
    """Stands for a whoosh matcher in `make_weighted_tree`, comparing as matchers do.

    Whoosh sorts (weight, matcher) pairs to shape its matcher trees, and matchers of one
    class compare equal (and "less"), so a tie between equal weights is broken by class.
    Scores are sums in the shape of that tree, so the same tree gives the same floats.
    """

    __slots__ = ("kind", "scores")

    def __init__(self, kind: type, scores: dict[int, float]) -> None:
        self.kind = kind
        self.scores = scores

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Ordered) and other.kind is self.kind

    def __lt__(self, other: _Ordered) -> bool:
        return other.kind is self.kind

    __hash__ = None  # type: ignore[assignment]


class _TermWeights(NamedTuple):
    weights: bytes  # one byte a column: the term's weight there, 0 where it is absent
    most: int  # the largest weight
    kind: type  # the class of whoosh's matcher for the term, which shapes its trees


class _Postings:
    """Matches and BM25F scores of a query of words, read straight from the postings.

    Whoosh's matchers step through postings one document at a time in Python and decode
    each block whole, positions included; for words found in tens of thousands of columns
    that took most of a query's time, and counting the total took a second pass. Here a
    query of terms joined by AND and OR is answered per segment with dicts of (docnum ->
    score): only the ids and term frequencies of each block are decoded, each term is
    scored by whoosh's own scorer, and the scores are added up in the shape of the tree
    whoosh would build, so every score is the same float whoosh computes (date ranges
    too, which whoosh scores as a constant). Anything else (phrases, wildcards, NOT)
    raises _Unsupported: its matches are still counted from sets, but it is scored by
    whoosh's matchers.
    """

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.leaves: list[tuple[Searcher, int]] = list(searcher.leaf_searchers())
        self._terms: dict[tuple[int, str, bytes], tuple[type, dict[int, float]]] = {}
        self._dates: dict[int, array[int] | None] = {}
        self._ranges: dict[tuple[Any, ...], tuple[set[int], set[int]]] = {}
        self._date_maps: dict[tuple[Any, ...], int] = {}
        self._posted_raw: dict[int, bytes | None] = {}
        self._sizes: dict[tuple[int, str, bytes], int] = {}
        self._phrases: dict[tuple[int, query.Query], set[int]] = {}
        self._nodes: dict[tuple[int, query.Query], _Ordered] = {}
        self._weights: dict[tuple[int, str, bytes], _TermWeights] = {}
        self._field_lengths: dict[tuple[int, str], bytes] = {}
        # Segment i -> the only docnums to score (see `among`); None: all of them.
        self.restrict: dict[int, list[int]] | None = None

    def among(self, docs: dict[int, list[int]]) -> _Postings:
        """These postings, scoring only `docs` (segment -> docnums): what they read of
        the index is shared, what they score is their own."""
        other = copy.copy(self)
        other._terms, other._nodes, other.restrict = {}, {}, docs
        return other

    def matches(self, q: query.Query, allowed: set[int] | None = None) -> _Matches:
        """Every column that matches `q` (and is in `allowed`), scored when it can be."""
        if allowed is not None and not allowed:
            return _Matches(self.searcher, q, {}, {})
        try:
            scores: dict[int, float] = {}
            for i, (sub, offset) in enumerate(self.leaves):
                if self.restrict is not None and not self.restrict.get(i):
                    continue
                part = self._node(q, i, sub).scores
                if offset:
                    scores.update(zip(map(offset.__add__, part), part.values(), strict=True))
                else:
                    scores.update(part)
        except _Unsupported:
            if self.restrict is not None:  # the caller scores every match instead
                return _Matches(self.searcher, q, (), None)
            docs = self.docs(q, allowed)
            return _Matches(self.searcher, q, docs, None)
        if allowed is not None:
            kept = allowed.intersection(scores)
            scores = dict(zip(kept, map(scores.__getitem__, kept), strict=True))
        return _Matches(self.searcher, q, scores.keys(), scores)

    def docs(self, q: query.Query, allowed: set[int] | None = None) -> set[int]:
        """The docnums of the columns that match `q` (and are in `allowed`), unscored."""
        if allowed is not None and not allowed:
            return set()
        found: set[int] = set()
        for i, (sub, offset) in enumerate(self.leaves):
            part = self._ids(q, i, sub)
            found.update(map(offset.__add__, part) if offset else part)
        return found if allowed is None else found & allowed

    def count(self, q: query.Query, allowed: set[int] | None = None) -> int:
        """`len(self.docs(q, allowed))`, without building the set for a union: its parts
        are counted one by one, each without the columns of the parts before it."""
        if allowed is not None and not allowed:
            return 0
        total = 0
        for i, (sub, offset) in enumerate(self.leaves):
            if type(q) in (query.Or, _UnionOr) and not q.minmatch:
                parts = sorted((self._ids(child, i, sub) for child in q.subqueries), key=len, reverse=True)
            else:
                parts = [self._ids(q, i, sub)]
            for k, part in enumerate(parts):
                if not k and allowed is None:
                    total += len(part)
                    continue
                found: Iterable[int] = part
                for before in parts[:k]:
                    found = itertools.filterfalse(before.__contains__, found)
                if allowed is not None:
                    found = filter(allowed.__contains__, map(offset.__add__, found) if offset else found)
                total += len(list(found))
        return total

    # -- per segment --

    def _node(self, q: query.Query, i: int, sub: Searcher) -> _Ordered:
        key = (i, q)
        node = self._nodes.get(key)
        if node is None:
            node = self._nodes[key] = self._score_node(q, i, sub)
        return node

    def _score_node(self, q: query.Query, i: int, sub: Searcher) -> _Ordered:
        kind = type(q)
        if kind is query.Term:
            return self._term(q, i, sub)
        if kind is query.And or kind is _UnionOr or (kind is query.Or and self._default_or(q, sub)):
            if getattr(q, "minmatch", 0) or getattr(q, "scale", None):
                raise _Unsupported
            subs = q.subqueries
            if not subs:
                return _Ordered(NullMatcherClass, {})
            if len(subs) == 1:  # whoosh uses the one matcher as it is, boost and all
                return self._node(subs[0], i, sub)
            if kind is query.And:
                pairs = [(0 - self._estimate(child, i, sub), self._node(child, i, sub)) for child in subs]
                node = make_weighted_tree(_intersect, pairs)
            else:
                pairs = [(self._estimate(child, i, sub), self._node(child, i, sub)) for child in subs]
                node = make_weighted_tree(_union, pairs)
            return _boosted(node, q.boost)
        if kind is query.Phrase:
            return self._phrase(q, i, sub)
        if isinstance(q, query.NumericRange):
            # Scored as whoosh scores a range: every column in it gets the same score.
            marks = self.date_marks(q, i, sub)
            if marks is not None and q.constantscore:
                if not marks:  # whoosh finds no term in the range: no matcher
                    return _Ordered(NullMatcherClass, {})
                if self.restrict is not None:  # the columns to score are all live
                    dated = marks.to_bytes(sub.reader().doc_count_all(), "little")
                    return _Ordered(
                        ListMatcher,
                        dict.fromkeys(compress(self.restrict[i], map(dated.__getitem__, self.restrict[i])), q.boost),
                    )
                ranged = self._date_range(q, i, sub)
                assert ranged is not None
                return _Ordered(ListMatcher, dict.fromkeys(ranged[1], q.boost))
            if self.restrict is not None:
                raise _Unsupported
            compiled = q._compile_query(sub.reader())
            if compiled is query.NullQuery or not isinstance(compiled, query.ConstantScoreQuery):
                return _Ordered(NullMatcherClass, {}) if compiled is query.NullQuery else _unsupported()
            if isinstance(compiled.child.matcher(sub), NullMatcherClass):
                return _Ordered(NullMatcherClass, {})
            return _Ordered(ListMatcher, dict.fromkeys(self._ids(compiled.child, i, sub), compiled.score))
        raise _Unsupported

    def _phrase(self, q: query.Phrase, i: int, sub: Searcher) -> _Ordered:
        """A phrase as whoosh's Phrase matcher scores it: the columns where the words stand
        together (found by whoosh's span matcher), each scored as the words' intersection,
        a binary tree of them in phrase order (SpanNear2)."""
        schema = self.searcher.schema
        if q.fieldname not in schema:
            return _Ordered(NullMatcherClass, {})
        field = schema[q.fieldname]
        if not field.format or not field.format.supports("positions"):
            raise _Unsupported  # whoosh raises its own error for this
        reader = sub.reader()
        for word in q.words:
            try:
                text = field.to_bytes(word)
            except ValueError:
                return _Ordered(NullMatcherClass, {})
            if (q.fieldname, text) not in reader:
                return _Ordered(NullMatcherClass, {})
        words = make_binary_tree(_intersect, [self._term(query.Term(q.fieldname, word), i, sub) for word in q.words])
        together = self._phrase_docs(q, i, sub)
        found = words.scores
        node = _Ordered(SpanNear2.SpanNear2Matcher, {d: found[d] for d in together if d in found})
        return _boosted(node, q.boost)

    def _phrase_docs(self, q: query.Query, i: int, sub: Searcher) -> set[int]:
        key = (i, q)
        if key not in self._phrases:
            self._phrases[key] = set(q.docs(sub))  # whoosh's span matcher: positions
        return self._phrases[key]

    @staticmethod
    def _default_or(q: query.Query, sub: Searcher) -> bool:
        # Whoosh's Or uses a tree of unions for two clauses or a large segment; otherwise
        # it preloads an array and adds scores in another order.
        return len(q.subqueries) < query.Or.TOO_MANY_CLAUSES and (len(q.subqueries) == 2 or sub.doc_count_all() > 5000)

    def _term(self, q: query.Term, i: int, sub: Searcher) -> _Ordered:
        text = self._term_bytes(q)
        if text is None:
            return _Ordered(NullMatcherClass, {})
        key = (i, q.fieldname, text)
        if key not in self._terms:
            if self.restrict is None:
                self._terms[key] = self._read_term(sub, q.fieldname, text)
            else:
                self._terms[key] = self._read_among(i, sub, q.fieldname, text, self.restrict.get(i, []))
        kind, scores = self._terms[key]
        if kind is NullMatcherClass:  # whoosh wraps a boost around a term it finds, not around nothing
            return _Ordered(kind, scores)
        return _boosted(_Ordered(kind, scores), q.boost)

    def _term_bytes(self, q: query.Term) -> bytes | None:
        if q.minquality:
            raise _Unsupported
        schema = self.searcher.schema
        if q.fieldname not in schema:
            return None
        try:
            return bytes(schema[q.fieldname].to_bytes(q.text))
        except ValueError:
            return None

    def _read_term(self, sub: Searcher, fieldname: str, text: bytes) -> tuple[type, dict[int, float]]:
        reader = sub.reader()
        terminfo = _term_info(reader, fieldname, text)
        if terminfo is None:
            return NullMatcherClass, {}
        score_of = self._score_of(sub, fieldname, text)
        impacts = read_impacts(reader._terms._postfile, terminfo)
        if impacts is not None:
            deleted = frozenset(reader._perdoc.deleted_docs())
            kind: type = FilterMatcher if deleted else W3LeafMatcher
            if isinstance(impacts, bytes):
                ids: Sequence[int] = _docnums(impacts)
                keys: Iterable[int] = _keys(impacts, _lengths(reader, fieldname), ids)
            else:
                ids, keys = impacts
            # One score per (weight, length byte) key, computed once; the rest is lookups.
            memo = _KeyScoreMemo(score_of)
            scores = dict(zip(ids, map(memo.__getitem__, keys), strict=True))
        else:
            matcher = reader.postings(fieldname, text)
            kind = type(matcher)
            matcher, deleted = _without_deleted(matcher)
            scores = {}
            if score_of is None:
                for block_ids, weights in _read_postings(matcher):
                    scores.update(zip(block_ids, weights, strict=True))
            else:
                lengths = _lengths(reader, fieldname)
                memo_pairs = _ScoreMemo(score_of)
                for block_ids, weights in _read_postings(matcher):
                    block_ids = list(block_ids)
                    scores.update(
                        zip(
                            block_ids,
                            map(
                                memo_pairs.__getitem__,
                                zip(weights, map(lengths.__getitem__, block_ids), strict=True),
                            ),
                            strict=True,
                        )
                    )
        for docnum in deleted:
            scores.pop(docnum, None)
        return kind, scores

    def _score_of(self, sub: Searcher, fieldname: str, text: bytes) -> Any:
        """Whoosh's score of (weight, field length) for a term, or None when the score is
        the weight itself."""
        scorer = self.searcher.weighting.scorer(sub, fieldname, text)
        if isinstance(scorer, scoring.WeightScorer):
            return None
        if isinstance(scorer, scoring.WeightLengthScorer) and hasattr(scorer, "dfl"):
            return scorer._score
        raise _Unsupported

    def _read_among(
        self, i: int, sub: Searcher, fieldname: str, text: bytes, docs: list[int]
    ) -> tuple[type, dict[int, float]]:
        """`_read_term`, scoring only `docs`: each one's weight and length are looked up
        in the term's weights and the field's lengths, one byte per column."""
        reader = sub.reader()
        terminfo = _term_info(reader, fieldname, text)
        if terminfo is None:
            return NullMatcherClass, {}
        score_of = self._score_of(sub, fieldname, text)
        weights, _, kind = self.weights(i, sub, fieldname, text)
        deleted = frozenset(reader._perdoc.deleted_docs())
        present = list(compress(docs, map(weights.__getitem__, docs)))
        if deleted:
            present = list(itertools.filterfalse(deleted.__contains__, present))
        memo = _KeyScoreMemo(score_of)
        keys = _keys(weights, self.field_lengths(i, sub, fieldname), present)
        return kind, dict(zip(present, map(memo.__getitem__, keys), strict=True))

    def weights(self, i: int, sub: Searcher, fieldname: str, text: bytes) -> _TermWeights:
        """A term's weight in each column of segment i, one byte a column (0: absent,
        deleted columns included), its largest weight, and the class of whoosh's matcher
        for it (as `_read_term` gives it)."""
        key = (i, fieldname, text)
        if key in self._weights:
            return self._weights[key]
        reader = sub.reader()
        size = reader.doc_count_all()
        terminfo = _term_info(reader, fieldname, text)
        if terminfo is None:
            found = self._weights[key] = _TermWeights(bytes(size), 0, NullMatcherClass)
            return found
        impacts = read_impacts(reader._terms._postfile, terminfo)
        if impacts is not None:
            kind: type = FilterMatcher if reader._perdoc.deleted_docs() else W3LeafMatcher
        else:
            kind = type(reader.postings(fieldname, text))
        if isinstance(impacts, bytes):
            weights = impacts
        else:
            marks = bytearray(size)
            try:
                if impacts is not None:
                    ids, keys = impacts
                    any(map(marks.__setitem__, ids, map(operator.rshift, keys, repeat(8))))
                else:
                    matcher, _ = _without_deleted(reader.postings(fieldname, text))
                    for block_ids, block_weights in _read_postings(matcher):
                        whole = array("B", map(int, block_weights))
                        if list(whole) != list(block_weights):
                            raise _Unsupported  # weights that are not small whole numbers
                        any(map(marks.__setitem__, block_ids, whole))
            except (ValueError, OverflowError):  # a weight of 256 or more
                raise _Unsupported from None
            weights = bytes(marks)
        found = self._weights[key] = _TermWeights(weights, int(terminfo.max_weight()), kind)
        return found

    def field_lengths(self, i: int, sub: Searcher, fieldname: str) -> bytes:
        key = (i, fieldname)
        if key not in self._field_lengths:
            self._field_lengths[key] = _lengths(sub.reader(), fieldname)
        return self._field_lengths[key]

    def term_docs(self, fieldname: str, text: bytes) -> set[int]:
        """The docnums of the columns with one term (as the index stores it)."""
        found: set[int] = set()
        for sub, offset in self.leaves:
            part = self._term_ids(sub, fieldname, text)
            found.update([offset + d for d in part] if offset else part)
        return found

    def _term_ids(self, sub: Searcher, fieldname: str, text: bytes) -> set[int]:
        reader = sub.reader()
        terminfo = _term_info(reader, fieldname, text)
        if terminfo is None:
            return set()
        impacts = read_impacts(reader._terms._postfile, terminfo)
        if impacts is not None:
            found = set(_docnums(impacts) if isinstance(impacts, bytes) else impacts[0])
            deleted = frozenset(reader._perdoc.deleted_docs())
        else:
            matcher, deleted = _without_deleted(reader.postings(fieldname, text))
            found = set()
            for ids, _ in _read_postings(matcher):
                found.update(ids)
        return found - deleted if deleted else found

    def _ids(self, q: query.Query, i: int, sub: Searcher) -> Collection[int]:
        """The docnums in segment i that match `q`: a set, or the dict of scores of a
        part already scored (its keys), which is not copied. Never to be changed."""
        scored = self._nodes.get((i, q))
        if scored is not None:
            return scored.scores
        kind = type(q)
        if kind is query.Term:
            text = self._term_bytes(q)
            if text is None:
                return set()
            term = self._terms.get((i, q.fieldname, text))
            return term[1] if term is not None else self._term_ids(sub, q.fieldname, text)
        if kind is query.And and q.subqueries:
            parts = sorted((self._ids(child, i, sub) for child in q.subqueries), key=len)
            found = set(parts[0])
            for part in parts[1:]:
                found = set(filter(part.__contains__, found))
            return found
        if kind in (query.Or, _UnionOr) and not q.minmatch:
            found = set()
            found.update(*(self._ids(child, i, sub) for child in q.subqueries))
            return found
        if isinstance(q, query.NumericRange):
            ranged = self._date_range(q, i, sub)
            if ranged is not None:
                return ranged[1]
            compiled = q._compile_query(sub.reader())
            if compiled is query.NullQuery:
                return set()
            return self._ids(compiled.child if isinstance(compiled, query.ConstantScoreQuery) else compiled, i, sub)
        if isinstance(q, query.TermRange):
            found = set()
            for text in q._btexts(sub.reader()):
                found |= self._term_ids(sub, q.fieldname, text)
            return found
        if kind is query.AndNot:
            excluded = self._ids(q.b, i, sub)
            return set(itertools.filterfalse(excluded.__contains__, self._ids(q.a, i, sub)))
        if kind is query.Phrase:
            return self._phrase_docs(q, i, sub)
        return set(q.docs(sub))  # wildcards, NOT: whoosh's matchers

    def posted_values(self, i: int, sub: Searcher) -> array[int] | None:
        """Segment i's posted dates as numbers (whoosh's column values), one per column."""
        if i not in self._dates:
            raw = self._posted_bytes(i, sub)
            self._dates[i] = None if raw is None else _date_values(raw)
        return self._dates[i]

    def _estimate(self, q: query.Query, i: int, sub: Searcher) -> int:
        """`q.estimate_size(reader)` for segment i, which whoosh shapes its matcher trees by,
        with each term's document frequency looked up once and date ranges counted from
        the date column."""
        kind = type(q)
        reader = sub.reader()
        if kind is query.Term and q.fieldname in self.searcher.schema:
            try:
                text = bytes(self.searcher.schema[q.fieldname].to_bytes(q.text))
            except ValueError:
                return 0
            key = (i, q.fieldname, text)
            if key not in self._sizes:
                self._sizes[key] = reader.doc_frequency(q.fieldname, text)
            return self._sizes[key]
        if kind is query.And and q.subqueries:
            return min(self._estimate(child, i, sub) for child in q.subqueries)
        if kind is query.Phrase:
            return self._estimate(query.And([query.Term(q.fieldname, word) for word in q.words]), i, sub)
        if kind is query.Or or kind is _UnionOr:
            return min(sum(self._estimate(child, i, sub) for child in q.subqueries), reader.doc_count())
        if isinstance(q, query.NumericRange):
            marks = self.date_marks(q, i, sub)
            if marks is not None:
                field = self.searcher.schema[q.fieldname]
                start, end = _range_bounds(q, field)
                tiers = tiered_ranges(
                    field.numtype, field.bits, field.signed, start, end, field.shift_step, q.startexcl, q.endexcl
                )
                parts = len(list(tiers))  # one term (range) per tier, joined by Or when several
                in_range = marks.bit_count()
                return 0 if not parts else in_range if parts == 1 else min(in_range, reader.doc_count())
        return int(q.estimate_size(reader))

    def _date_range(self, q: query.NumericRange, i: int, sub: Searcher) -> tuple[set[int], set[int]] | None:
        """(the columns in a range of dates, deleted or not; the live ones); None for other
        ranges."""
        key = (i, q.start, q.end, q.startexcl, q.endexcl)
        if key in self._ranges:
            return self._ranges[key]
        marks = self.date_marks(q, i, sub)
        if marks is None:
            return None
        found = set(_docnums(marks.to_bytes(sub.reader().doc_count_all(), "little")))
        deleted = frozenset(sub.reader()._perdoc.deleted_docs()) if found else frozenset()
        ranged = self._ranges[key] = (found, found - deleted if deleted else found)
        return ranged

    def date_marks(self, q: query.NumericRange, i: int, sub: Searcher) -> int | None:
        """The byte map of the columns of segment i (deleted or not) posted in the range,
        read from the date column instead of the range's many index terms; None for other
        ranges."""
        schema = self.searcher.schema
        if q.fieldname != "posted" or not isinstance(schema[q.fieldname], DATETIME):
            return None
        key = (i, q.start, q.end, q.startexcl, q.endexcl)
        if key not in self._date_maps:
            raw = self._posted_bytes(i, sub)
            values = self.posted_values(i, sub)
            if raw is None or values is None:
                return None
            start, end = _range_bounds(q, schema[q.fieldname])
            # A column without a date holds the column's default, the largest number.
            if start is None:
                marks = _every_column(len(values))
            else:
                marks = _dated_after(raw, values, start, start.__lt__ if q.startexcl else start.__le__)
            if end is None:
                marks &= _dated_before(raw, values, _NO_DATE, _NO_DATE.__gt__)
            else:
                marks &= _dated_before(raw, values, end, end.__gt__ if q.endexcl else end.__ge__)
            self._date_maps[key] = marks
        return self._date_maps[key]

    def _posted_bytes(self, i: int, sub: Searcher) -> bytes | None:
        if i not in self._posted_raw:
            self._posted_raw[i] = _date_bytes(sub.reader(), "posted")
        return self._posted_raw[i]


# Dates compared a byte at a time over every column (in C): the date column holds 64-bit
# numbers, big-endian, and the three high bytes of a date (microseconds since year 1) fix
# it to about 13 days. Columns whose three high bytes equal the bound's are compared in full.
_PREFIX_BYTES = 3


@functools.lru_cache(maxsize=256)
def _byte_tests(value: int) -> tuple[bytes, bytes]:
    """A byte -> 1 when greater than `value`; a byte -> 1 when equal to it."""
    return bytes(int(b > value) for b in range(256)), bytes(int(b == value) for b in range(256))


def _prefix_order(raw: bytes, bound: int) -> tuple[int, int, int]:
    """Byte maps of the columns whose date's high bytes are above, equal to, below the
    bound's."""
    size = len(raw) // 8
    above, equal = 0, _every_column(size)
    for k in range(_PREFIX_BYTES):
        greater, same = _byte_tests((bound >> (8 * (7 - k))) & 255)
        digits = raw[k::8]
        above |= equal & int.from_bytes(digits.translate(greater), "little")
        equal &= int.from_bytes(digits.translate(same), "little")
    below = _every_column(size) ^ (above | equal)
    return above, equal, below


def _settle(equal: int, values: array[int], test: Any) -> int:
    """Of the columns in `equal`, those whose full date passes `test`."""
    size = len(values)
    docs = _docnums(equal.to_bytes(size, "little"))
    return _bytemap(size, compress(docs, map(test, map(values.__getitem__, docs))))


def _dated_after(raw: bytes, values: array[int], start: int, test: Any) -> int:
    above, equal, _ = _prefix_order(raw, start)
    return above | _settle(equal, values, test)


def _dated_before(raw: bytes, values: array[int], end: int, test: Any) -> int:
    _, equal, below = _prefix_order(raw, end)
    return below | _settle(equal, values, test)


def _range_bounds(q: query.NumericRange, field: Any) -> tuple[int | None, int | None]:
    """A numeric range's ends as the field indexes numbers (None: open)."""
    start = None if q.start is None else field.prepare_number(q.start)
    end = None if q.end is None else field.prepare_number(q.end)
    return start, end


_NO_DATE = (1 << 64) - 1  # whoosh's default value of a 64-bit date column


def _date_bytes(reader: Any, name: str) -> bytes | None:
    """A segment's 64-bit date column as stored (big-endian), one value for every column,
    or None without such a column."""
    if not reader.has_column(name):
        return None
    column = reader.column_reader(name, translate=False)
    if not isinstance(column, NumericColumn.Reader) or column._typecode != "Q" or column._default != _NO_DATE:
        return None
    raw = bytes(column._dbfile.get(column._basepos, 8 * column._count))
    missing = reader.doc_count_all() - len(raw) // 8
    return raw + b"\xff" * (8 * missing) if missing > 0 else raw


def _date_values(raw: bytes) -> array[int]:
    values = array("Q")
    values.frombytes(raw)
    if sys.byteorder == "little":
        values.byteswap()  # stored big-endian
    return values


def _unsupported() -> _Ordered:
    raise _Unsupported


# --- the best columns without scoring every match ------------------------------------------
#
# Sets of a segment's columns are Python ints used as byte maps: byte d (little-endian) is
# 1 when column d is in the set. And, or and counting are then single C operations over a
# few tens of kilobytes, however many columns match. A term stored dense (segments.py)
# gives its map with one `bytes.translate`.
#
# Small numbers per column add up the same way: int addition of byte maps whose bytes
# never sum past 255, so that no byte carries into the next (SWAR).

_PRESENT = bytes([0]) + bytes([1]) * 255  # a weight byte -> 1 when the term is there
_CLASSES = 16  # weight classes (1..15, then 15 or more) and length classes per term
_MAX_LEAVES = 64  # terms and ranges in a query that bounds are worked out for
_SCORE_ALL = 256  # a segment with at most this many more matches than wanted is scored whole


@functools.lru_cache(maxsize=16)
def _every_column(size: int) -> int:
    """The byte map of all `size` columns of a segment."""
    return int.from_bytes(b"\x01" * size, "little")


def _bytemap(size: int, docs: Iterable[int]) -> int:
    marks = bytearray(size)
    any(map(marks.__setitem__, docs, repeat(1)))  # a scatter in C (each call returns None)
    return int.from_bytes(marks, "little")


_MARKED_RE = re.compile(rb"[^\x00]")


def _docnums(marks: bytes) -> list[int]:
    """The positions of the bytes that are not 0."""
    if (len(marks) - marks.count(0)) * 32 < len(marks):  # few: found by the regex engine
        return [found.start() for found in _MARKED_RE.finditer(marks)]
    return list(compress(range(len(marks)), marks))


@functools.lru_cache(maxsize=256)
def _at_least(units: int) -> bytes:
    """A byte -> 1 when it is at least `units`."""
    return bytes(int(b >= units) for b in range(256))


_TO_WEIGHT_CLASS = bytes([0] + [_CLASSES * min(w, _CLASSES - 1) for w in range(1, 256)])


@functools.lru_cache(maxsize=64)
def _to_length_class(base: int) -> bytes:
    """Length byte -> class 0..15: two bytes a class from `base` up (0: all below)."""
    return bytes([min(_CLASSES - 1, max(0, (b - base) // 2)) for b in range(256)])


class _TopK:
    """The best columns for a query of words joined by AND and OR (and date ranges),
    scored exactly but only where a bound says a column could make the page.

    Per segment, the query's matches are a byte map (above), so every total is exact and
    costs a few C calls. Each term of the query gives every column an upper bound of its
    share of the score: a table from (weight class, length class) to units, applied to
    all columns with `translate`. BM25F grows with the weight and falls with the length,
    so a class's bound is the score of its largest weight at its shortest length. The
    unit is chosen so that the shares of all the terms add up to at most 255, and the
    terms' byte maps are added as ints into one byte map of bounds.

    The highest bound that at least `count` columns reach picks a first few columns; they
    are scored exactly (by `_Postings`, as whoosh would), and the count-th best of those
    scores is a floor: only the columns whose bound reaches it are scored too, and `_top`
    picks the page from them all. Pages and scores are those of scoring every match: the
    exactness tests run with every segment pruned, on dense and on sparse impacts.
    """

    def __init__(self, postings: _Postings) -> None:
        self.postings = postings
        self._maps: dict[tuple[int, query.Query], int] = {}
        self._tables: dict[tuple[str, bytes, float, int, int], list[float]] = {}

    def ranked(
        self, strict: query.Query, loose: query.Query | None, filters: query.Query | None, want: int
    ) -> tuple[list[tuple[int, float]], int, int]:
        """(the `want` best (docnum, score), in order; the total; the all-words total)."""
        first: dict[int, int] = {}
        rest: dict[int, int] = {}
        strict_total = total = 0
        for i, (sub, _) in enumerate(self.postings.leaves):
            reader = sub.reader()
            size = reader.doc_count_all()
            keep = _every_column(size)
            deleted = reader._perdoc.deleted_docs()
            if deleted:
                keep ^= _bytemap(size, deleted)
            if filters is not None:
                keep &= self.matches(filters, i, sub)
            found = first[i] = self.matches(strict, i, sub) & keep
            strict_total += found.bit_count()
            if loose is not None:
                some = self.matches(loose, i, sub) & keep
                total += some.bit_count()
                rest[i] = some ^ (some & found)
        if loose is None:
            total = strict_total
        ranked = self.best(strict, first, want)
        if loose is not None and len(ranked) < want:
            ranked += self.best(loose, rest, want - len(ranked))
        return ranked, total, strict_total

    def matches(self, q: query.Query, i: int, sub: Searcher) -> int:
        """The byte map of the columns of segment i that match `q` (deleted ones too)."""
        key = (i, q)
        if key in self._maps:
            return self._maps[key]
        kind = type(q)
        if q.boost <= 0:
            raise _Unsupported  # scores that are not sums of positive shares
        if kind is query.Term:
            text = self.postings._term_bytes(q)
            found = 0
            if text is not None:
                weights = self.postings.weights(i, sub, q.fieldname, text).weights
                found = int.from_bytes(weights.translate(_PRESENT), "little")
        elif kind is query.And:
            parts = [self.matches(child, i, sub) for child in q.subqueries]
            found = functools.reduce(operator.and_, parts) if parts else 0
        elif (kind is query.Or or kind is _UnionOr) and not q.minmatch and not getattr(q, "scale", None):
            found = functools.reduce(operator.or_, [self.matches(child, i, sub) for child in q.subqueries], 0)
        elif isinstance(q, query.NumericRange) and q.constantscore:
            dated = self.postings.date_marks(q, i, sub)
            if dated is None:
                raise _Unsupported
            found = dated
        else:
            raise _Unsupported  # phrases, wildcards, NOT: scored the other way
        self._maps[key] = found
        return found

    def best(self, q: query.Query, found: dict[int, int], count: int) -> list[tuple[int, float]]:
        """The `count` best of the columns in `found` (segment -> byte map), as `_top`."""
        if count <= 0:
            return []
        picks: dict[int, list[int]] = {}
        pruned: dict[int, tuple[bytes, float]] = {}
        for i, (sub, _) in enumerate(self.postings.leaves):
            marks = found.get(i, 0)
            if not marks:
                continue
            size = sub.reader().doc_count_all()
            bounds, unit = self._bounds(q, i, sub) if marks.bit_count() > count + _SCORE_ALL else (0, 0.0)
            if not unit:  # few matches (or no bound to go by): score them all
                picks[i] = _docnums(marks.to_bytes(size, "little"))
                continue
            reach = (bounds & (marks * 255)).to_bytes(size, "little")  # 0 where the query does not match
            picks[i] = _docnums(reach.translate(_at_least(_cut(reach, count))))
            pruned[i] = (reach, unit)
        scores = self._score(q, picks)
        if pruned:
            more: dict[int, list[int]] = {}
            for i, (reach, unit) in pruned.items():
                offset = self.postings.leaves[i][1]
                own = [scores[offset + d] for d in picks[i] if offset + d in scores]
                floor = heapq.nlargest(count, own)[-1] if len(own) >= count else 0.0
                # Any column scoring within rounding of the floor has a bound that reaches it.
                units = min(255, max(1, math.floor((floor - 4e-6) / unit) - 1))
                scored = set(picks[i])
                more[i] = list(itertools.filterfalse(scored.__contains__, _docnums(reach.translate(_at_least(units)))))
            scores.update(self._score(q, more))
        return _top(self.postings.searcher, scores, count)

    def _score(self, q: query.Query, picks: dict[int, list[int]]) -> dict[int, float]:
        if not picks:
            return {}
        scored = self.postings.among(picks).matches(q).scores
        if scored is None:
            raise _Unsupported
        return scored

    def _bounds(self, q: query.Query, i: int, sub: Searcher) -> tuple[int, float]:
        """(a byte map of each column's bound of its score, in units; the unit)."""
        leaves = list(_leaves(q, 1.0))
        if len(leaves) > _MAX_LEAVES:
            raise _Unsupported
        size = sub.reader().doc_count_all()
        parts: list[tuple[bytes, list[float]]] = []
        for leaf, boost in leaves:
            if isinstance(leaf, query.NumericRange):
                marks = self.matches(leaf, i, sub).to_bytes(size, "little")
                parts.append((marks, [0.0] + [boost * leaf.boost] * 255))
                continue
            text = self.postings._term_bytes(leaf)
            if text is None:
                continue
            weights, most, _ = self.postings.weights(i, sub, leaf.fieldname, text)
            if not most:
                continue
            centre = length_to_byte(round(self.postings.searcher.avg_field_length(leaf.fieldname, 1)))
            base = max(0, centre - _CLASSES)
            lengths = self.postings.field_lengths(i, sub, leaf.fieldname)
            # weight class w (1..15; 15: 15 or more) * 16 + length class l (2 length bytes each)
            classes = (
                int.from_bytes(weights.translate(_TO_WEIGHT_CLASS), "little")
                + int.from_bytes(lengths.translate(_to_length_class(base)), "little")
            ).to_bytes(size, "little")
            parts.append((classes, self._table(sub, leaf.fieldname, text, boost, most, base)))
        # Each part's bound rounds up by less than a unit, so the sum stays within a byte.
        largest = sum(max(table) for _, table in parts)
        if largest <= 0:
            return 0, 0.0
        unit = largest / (254 - len(parts))
        total = 0
        for classes, table in parts:
            units = bytes(math.ceil(value / unit * (1 + 1e-9)) for value in table)
            total += int.from_bytes(classes.translate(units), "little")
        return total, unit

    def _table(self, sub: Searcher, fieldname: str, text: bytes, boost: float, most: int, base: int) -> list[float]:
        """A term's bound of its share of the score, by class (weight class * 16 + length
        class): the score of the class's largest weight at its shortest length. Whoosh's
        scorer takes its statistics from the whole index, so segments share tables."""
        key = (fieldname, text, boost, most, base)
        if key not in self._tables:
            score_of = self.postings._score_of(sub, fieldname, text)
            table = [0.0] * 256
            for w in range(1, _CLASSES):
                weight = float(w if w < _CLASSES - 1 else max(w, most))
                for lc in range(_CLASSES):
                    shortest = 0 if lc == 0 else base + 2 * lc
                    value = weight if score_of is None else float(score_of(weight, byte_to_length(shortest)))
                    table[_CLASSES * w + lc] = boost * value
            self._tables[key] = table
        return self._tables[key]


def _cut(reach: bytes, count: int) -> int:
    """The highest bound (in units) that at least `count` columns reach (at least 1)."""
    low, high = 1, 255
    while low < high:
        middle = (low + high + 1) // 2
        if reach.translate(_at_least(middle)).count(1) >= count:
            low = middle
        else:
            high = middle - 1
    return low


def _leaves(q: query.Query, boost: float) -> Iterator[tuple[query.Query, float]]:
    """The terms and date ranges of an AND/OR query, each with the boosts above it."""
    if isinstance(q, query.Term | query.NumericRange):
        yield q, boost * (q.boost if isinstance(q, query.Term) else 1.0)
        return
    subs = q.subqueries
    inner = boost if len(subs) == 1 else boost * q.boost  # whoosh drops the boost of a lone child's parent
    for child in subs:
        yield from _leaves(child, inner)


class _Matches:
    """The columns that match a query: their docnums, and their scores when known."""

    def __init__(self, searcher: Searcher, q: query.Query, docs: Collection[int], scores: dict[int, float] | None):
        self.searcher = searcher
        self.q = q
        self.docs = docs
        self.scores = scores

    def top(self, count: int, exclude: Collection[int] = ()) -> list[tuple[int, float]]:
        """The `count` best (docnum, score) pairs, leaving out `exclude`."""
        if self.scores is not None:
            scored = {d: s for d, s in self.scores.items() if d not in exclude} if exclude else self.scores
            return _top(self.searcher, scored, count)
        allow = set(self.docs).difference(exclude)
        if count <= 0 or not allow:
            return []
        collector = _TopWithTies(count)
        self.searcher.search_with_collector(self.q, collectors.FilterCollector(collector, allow=allow))
        return _top(self.searcher, collector.candidates(), count)


class _TopWithTies(collectors.TopCollector):  # type: ignore[misc]
    """Whoosh's top-N collector that also keeps the columns tied with the N-th score.

    Whoosh breaks a tie at the cut by docnum; ours puts the newer column first, so every
    column whose score rounds to the cut's must reach `_top`. Blocks that cannot beat the
    cut are still skipped.
    """

    def prepare(self, top_searcher: Searcher, q: query.Query, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.near: list[tuple[float, int]] = []

    def _collect(self, global_docnum: int, score: float) -> float:
        items = self.items
        self.total += 1
        if len(items) < self.limit:
            heapq.heappush(items, (score, 0 - global_docnum))
            return 0 - score
        if score > items[0][0]:
            dropped = heapq.heapreplace(items, (score, 0 - global_docnum))
            self.near.append((dropped[0], 0 - dropped[1]))
            # Lowered a little, so that blocks holding scores equal after rounding are read.
            self.minscore = items[0][0] - 2e-6
            return 0 - score
        if score >= items[0][0] - 2e-6:
            self.near.append((score, global_docnum))
        return 0.0

    def candidates(self) -> dict[int, float]:
        cut = self.items[0][0] - 2e-6 if self.items else 0.0
        found = {docnum: score for score, docnum in self.near if score >= cut}
        found.update((0 - negated, score) for score, negated in self.items)
        return found


def _without_deleted(matcher: Any) -> tuple[Any, frozenset[int]]:
    """A segment's term matcher and the deleted docnums it leaves out, apart."""
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        return matcher.child, frozenset(matcher._ids)
    return matcher, frozenset()


def _term_info(reader: Any, fieldname: str, text: bytes) -> Any:
    """A segment's term info for one term, or None when the segment lacks it."""
    try:
        return reader._terms.term_info(fieldname, text)
    except TermNotFound:
        return None


class _KeyScoreMemo(dict[int, float]):
    """Scores by impact key (weight << 8 | length byte), each computed by whoosh's scorer
    on first use (see segments.read_impacts)."""

    def __init__(self, score_of: Any) -> None:
        super().__init__()
        self.score_of = score_of

    def __missing__(self, key: int) -> float:
        weight, byte = float(key >> 8), key & 255
        if self.score_of is None:
            value = weight
        elif not byte:  # whoosh would fail on a length of None; let it say so
            raise _Unsupported
        else:
            value = float(self.score_of(weight, byte_to_length(byte)))
        self[key] = value
        return value


class _ScoreMemo(dict[tuple[float, int], float]):
    """Scores by (weight, length byte), each computed by whoosh's scorer on first use."""

    def __init__(self, score_of: Any) -> None:
        super().__init__()
        self.score_of = score_of

    def __missing__(self, key: tuple[float, int]) -> float:
        weight, byte = key
        if not byte:  # whoosh would fail on a length of None; let it say so
            raise _Unsupported
        value = self[key] = self.score_of(weight, byte_to_length(byte))
        return float(value)


# Sums and products in C (map over operator functions): these dicts can hold most of the
# archive. Each score is a + b in the order whoosh's matchers add them.


def _boosted(node: _Ordered, boost: float) -> _Ordered:
    if boost == 1.0:
        return node
    scores = node.scores
    return _Ordered(WrappingMatcher, dict(zip(scores, map(operator.mul, scores.values(), repeat(boost)), strict=True)))


def _union(a: _Ordered, b: _Ordered) -> _Ordered:
    both = list(a.scores.keys() & b.scores.keys())
    scores = {**a.scores, **b.scores}
    scores.update(
        zip(both, map(operator.add, map(a.scores.__getitem__, both), map(b.scores.__getitem__, both)), strict=True)
    )
    return _Ordered(UnionMatcher, scores)


def _intersect(a: _Ordered, b: _Ordered) -> _Ordered:
    both = list(a.scores.keys() & b.scores.keys())
    return _Ordered(
        IntersectionMatcher,
        dict(
            zip(both, map(operator.add, map(a.scores.__getitem__, both), map(b.scores.__getitem__, both)), strict=True)
        ),
    )


def _keys(weights: bytes, lengths: bytes, docs: Iterable[int]) -> Iterator[int]:
    """Each column's impact key (weight << 8 | field length byte), from one byte each."""
    docs = list(docs)
    return map(
        operator.or_, map(operator.lshift, map(weights.__getitem__, docs), repeat(8)), map(lengths.__getitem__, docs)
    )


def _lengths(reader: Any, fieldname: str) -> bytes:
    """A segment's field lengths, one byte a column, as whoosh stores them."""
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    size = reader.doc_count_all()
    if column is None:
        return bytes(size)
    data = bytes(column._dbfile.get(column._basepos, column._count))
    return data + bytes(max(0, size - len(data)))


def _read_postings(matcher: Any) -> Iterator[tuple[Iterable[int], Sequence[float]]]:
    """(docnums, weights) of a term's postings, block by block."""
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        get = matcher._postfile.get
        while True:
            size = matcher._blocklength
            data = get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
            head = zlib.decompressobj().decompress(data, 14 * size + 64) if matcher._compression else data
            found = _BLOCK_HEAD.match(head)
            deltas, weights = pickle.loads(found.group() + _TUPLE2_STOP) if found else ((), None)
            if len(deltas) != size or (isinstance(weights, tuple) and len(weights) != size):
                # Not the layout expected: decode the whole block as whoosh does.
                deltas, weights, _ = pickle.loads(zlib.decompress(data) if matcher._compression else data)
            if weights is None:
                weights = (1.0,) * size
            elif isinstance(weights, float):
                weights = (weights,) * size
            yield accumulate(deltas), weights
            if matcher._lastblock:
                return
            matcher._goto(matcher._nextoffset)
    elif isinstance(matcher, ListMatcher) and matcher._all_weights is None:
        ids = list(matcher._ids)
        yield ids, list(matcher._weights) if matcher._weights is not None else (1.0,) * len(ids)
    else:
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        yield ids, weights


def _filters(schema: Any, columnist: str | None, since: str | None, until: str | None) -> query.Query | None:
    parts: list[query.Query] = []
    if columnist:
        names = [t.text for t in schema["columnist"].analyzer(columnist)]
        if not names:
            raise ColsearchError(f"--columnist {columnist!r} has no name in it")
        parts.append(query.And([query.Term("columnist", n) for n in names]))
    if since or until:
        start = _date_bound(since, "--since", end=False) if since else None
        stop = _date_bound(until, "--until", end=True) if until else None
        parts.append(query.DateRange("posted", start, stop))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else query.And(parts)


def _date_bound(value: str, option: str, end: bool) -> datetime:
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not match:
        raise ColsearchError(f"{option} {value!r} is not a date", "Use YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match.group(1))
    month = int(match.group(2) or (12 if end else 1))
    try:
        if match.group(3):
            day = int(match.group(3))
        elif end:
            day = calendar.monthrange(year, month)[1]
        else:
            day = 1
        if end:
            return datetime(year, month, day, 23, 59, 59, 999999)
        return datetime(year, month, day)
    except ValueError:
        raise ColsearchError(f"{option} {value!r} is not a real date", "Use YYYY, YYYY-MM or YYYY-MM-DD.") from None


def _correction(searcher: Searcher, text: str, words: Vocabulary | None) -> tuple[str, query.Query] | None:
    """The query with each word the index lacks replaced by its likeliest spelling."""
    if words is None or re.search(r"[~*?]", text):
        return None
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = match.group(0)
        stems = [t.text for t in _TEXT_ANALYZER(word)]
        if not stems or any(searcher.doc_frequency(f, s) for s in stems for f in ("body", "headline")):
            return word
        suggestion = words.suggest(word)
        if suggestion is None:
            return word
        changed = True
        return suggestion

    fixed = re.sub(r"(?<![\w:])[^\W\d_]{4,}(?![\w:])", fix, text)
    if not changed:
        return None
    try:
        return fixed, parse_query(fixed, searcher.schema)
    except QuerySyntaxError:
        return None


def query_terms(q: query.Query, searcher: Searcher) -> tuple[set[str], list[PhraseTerm]]:
    """The analysed body terms and phrases that the positive parts of `q` match."""
    terms: set[str] = set()
    phrases: list[PhraseTerm] = []
    reader = searcher.reader()
    for leaf in _positive_leaves(q):
        if isinstance(leaf, query.Phrase):
            if leaf.fieldname in ("body", "headline") and leaf.words:
                phrases.append(PhraseTerm(tuple(leaf.words), max(1, leaf.slop)))
            continue
        if getattr(leaf, "fieldname", None) not in ("body", "headline"):
            continue
        if isinstance(leaf, query.Term):
            terms.add(leaf.text)
            continue
        try:
            for field, value in leaf.existing_terms(reader, expand=True):
                if field in ("body", "headline"):
                    terms.add(value.decode("utf-8") if isinstance(value, bytes) else value)
        except Exception:
            continue
    return terms, phrases


def _positive_leaves(q: query.Query) -> Iterator[query.Query]:
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _positive_leaves(q.a)
        return
    if isinstance(q, query.Phrase) or q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from _positive_leaves(child)


def analyze_for_passages(text: str) -> Iterable[AnalyzedToken]:
    return analyze_text(text, stem=True)


_WORD_RE = re.compile(TOKEN_PATTERN)
# A word character that is not ASCII: accents fold away ("élan" -> "elan") and Hangul has
# no case, so a text holding one is read word by word.
_NON_ASCII_WORD_RE = re.compile(r"[^\W\x00-\x7f]")
_INNER_MARKS = ".,'"  # what joins the parts of one token (TOKEN_PATTERN), with ’ made '


def match_spans(text: str, terms: set[str], phrases: list[PhraseTerm]) -> list[tuple[int, int, str]]:
    """Where the query's terms and phrases stand in `text`, as character spans.

    Phrases need every token's position, so the whole text is analysed. Single terms need
    only the words that could stem to one of them: a stem keeps the word's beginning
    (all but perhaps its last letter: "polici" from "policy"), so only words starting
    like a term are analysed, which makes passages several times cheaper on long columns.
    """
    if phrases or not terms:
        return find_spans(text, analyze_for_passages, terms, phrases)
    starts = tuple(sorted({term[: max(1, len(term) - 1)] for term in terms}))
    spans: list[tuple[int, int, str]] = []
    for start in _candidate_words(text, starts):
        word = _WORD_RE.match(text, start)
        assert word is not None
        for term, _, first, last in analyze_text(word.group(), stem=True):
            if term in terms:
                spans.append((start + first, start + last, term))
    return spans


def _candidate_words(text: str, starts: tuple[str, ...]) -> Iterator[int]:
    """Where the words of `text` that could analyse to a term begin (a superset).

    In ASCII text the prefixes are found by the regex engine and each hit is kept when a
    word (a TOKEN_PATTERN match, as `finditer` would find it) begins there; otherwise every
    word is looked at.
    """
    if text.isascii() or _NON_ASCII_WORD_RE.search(text) is None:
        folded = text.lower().replace("’", "'")
        if len(folded) != len(text):
            yield from _every_word(text, starts)
            return
        for found in _prefix_re(starts).finditer(folded):
            at = found.start()
            if at and (
                folded[at - 1].isalnum() or (at > 1 and folded[at - 1] in _INNER_MARKS and folded[at - 2].isalnum())
            ):
                continue  # inside a word
            yield at
        return
    yield from _every_word(text, starts)


def _every_word(text: str, starts: tuple[str, ...]) -> Iterator[int]:
    for match in _WORD_RE.finditer(text):
        folded = match.group().lower()
        if folded.startswith(starts) or not folded.isascii():
            yield match.start()


@functools.lru_cache(maxsize=64)
def _prefix_re(starts: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, starts)))


def search_hits(
    pairs: list[tuple[dict[str, Any], float]], offset: int, terms: set[str], phrases: list[PhraseTerm], passages: int
) -> list[Hit]:
    """Hit records, ranked from offset + 1, for (stored fields, score) pairs."""
    return [_hit(fields, offset + i + 1, score, terms, phrases, passages) for i, (fields, score) in enumerate(pairs)]


def _hit(
    fields: dict[str, Any], rank: int, score: float, terms: set[str], phrases: list[PhraseTerm], count: int
) -> Hit:
    record = json.loads(fields["record"])
    body = fields.get("body", "")
    spans = match_spans(body, terms, phrases) if count else []
    return Hit(
        id=fields["id"],
        path=record["path"],
        paths=tuple(record.get("paths") or [record["path"]]),
        rank=rank,
        score=float(score),
        headline=record.get("headline"),
        columnist=record.get("columnist"),
        authors=tuple(record.get("authors") or ()),
        posted=record.get("posted"),
        updated=record.get("updated"),
        section=record.get("section"),
        passages=tuple(best_passages(body, spans, count)),
    )
