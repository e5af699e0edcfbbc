"""Search: query text -> ranked Hits with passages as offsets, no markup.

Parses the query language (words, "phrases"~slop, AND/OR/NOT/-word, groups, field
prefixes, wildcards, fuzzy~, posted: dates), applies filters (columnist, date range),
ranks with BM25F (headline weighted above body), and picks each hit's passages. Several
plain words without operators find the columns that have all of them first, then the
columns that have only some, and say so.
"""

from __future__ import annotations

import calendar
import json
import math
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from whoosh import qparser, query, scoring, sorting
from whoosh.index import FileIndex
from whoosh.lang.stopwords import stoplists
from whoosh.searching import Searcher

from .errors import ColsearchError, QuerySyntaxError
from .index import open_vocabulary, read_index
from .passages import AnalyzedToken, PhraseTerm, best_passages, find_spans
from .records import Hit, SearchResult
from .schema import FIELD_BOOSTS, SEARCH_FIELDS, TOKEN_PATTERN, news_analyzer
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
    notes: list[str] = []
    pairs, total, all_words = _ranked(searcher, strict, loose, filters, sort, limit, offset)
    if loose is not None and total and all_words == 0:
        notes.append("No column has all of the words; showing columns that have some of them.")
    elif loose is not None and all_words < total:
        notes.append(f"{all_words} columns have all of the words; {total - all_words} more have some of them.")
    used = strict
    if total == 0:
        corrected = _correction(searcher, text, words)
        if corrected is not None:
            fixed_text, fixed = corrected
            pairs, total, _ = _ranked(searcher, fixed, None, filters, sort, limit, offset)
            if total:
                notes.append(f"No results for {text!r}; showing results for {fixed_text!r}.")
                used = fixed
    elif total < 3:
        corrected = _correction(searcher, text, words)
        if corrected is not None:
            notes.append(f"Did you mean: {corrected[0]}")
    counts = facet_counts(searcher, _matching(used, loose), filters, facets) if facets and total else {}
    terms, phrases = query_terms(used, searcher)
    hits = tuple(search_hits(pairs, offset, terms, phrases, passages))
    return SearchResult(query=text, total=total, hits=hits, notes=tuple(notes), facets=counts)


FACETS = ("columnist", "year", "month")


def _matching(used: query.Query, loose: query.Query | None) -> query.Query:
    """The query whose matches the total counts (all-words first, then some-words)."""
    return loose if loose is not None else used


def facet_counts(
    searcher: Searcher, q: query.Query, filters: query.Query | None, names: Iterable[str]
) -> dict[str, list[tuple[str, int]]]:
    """Counts of matching columns by columnist (most first), by year or month (in order)."""
    groups: dict[str, Any] = {}
    for name in names:
        if name == "columnist":
            groups[name] = sorting.FieldFacet("authors", allow_overlap=True)
        else:
            groups[name] = sorting.FieldFacet("month")
    results = searcher.search(q, filter=filters, limit=1, groupedby=groups, maptype=sorting.Count)
    counts: dict[str, list[tuple[str, int]]] = {}
    for name in groups:
        raw = {k: v for k, v in results.groups(name).items() if k}
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
    strict = _union_ors(_expand_patterns(parse_query(wanted, searcher.schema), words))
    loose = _union_ors(parse_query(wanted, searcher.schema, group=qparser.OrGroup)) if plain else None
    return strict, loose


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
            if not len(searcher.search(strict, limit=1)):
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


def _ranked(
    searcher: Searcher,
    strict: query.Query,
    loose: query.Query | None,
    filters: query.Query | None,
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
    first = _run(searcher, strict, filters, sort, want)
    strict_total = len(first)
    ranked = [(hit.docnum, hit.score or 0.0) for hit in first]
    total = strict_total
    if sort == "relevance":
        ranked = _by_score(searcher, ranked)
        if loose is not None:
            second = _run(searcher, loose, filters, sort, want + strict_total)
            total = len(second)
            if len(ranked) < want:
                seen = {docnum for docnum, _ in ranked}
                rest = [(hit.docnum, hit.score or 0.0) for hit in second if hit.docnum not in seen]
                ranked += _by_score(searcher, rest)
    elif loose is not None and strict_total == 0:
        second = _run(searcher, loose, filters, sort, want)
        total = len(second)
        ranked = [(hit.docnum, hit.score or 0.0) for hit in second]
    page = ranked[offset:want]
    return [(searcher.stored_fields(docnum), score) for docnum, score in page], total, strict_total


def _by_score(searcher: Searcher, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Highest score first; equal scores, the newer column first."""
    posted = searcher.reader().column_reader("posted")
    return sorted(ranked, key=lambda pair: (-round(pair[1], 6), -_timestamp(posted[pair[0]])))


def _timestamp(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else 0.0


def _run(searcher: Searcher, q: query.Query, filters: query.Query | None, sort: str, limit: int) -> Any:
    kwargs: dict[str, Any] = {"limit": max(limit, 1), "filter": filters}
    if sort != "relevance":
        kwargs["sortedby"] = sorting.FieldFacet("posted", reverse=sort == "newest")
    return searcher.search(q, **kwargs)


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
    for t in _TEXT_ANALYZER(text, positions=True, chars=True):
        yield (t.text, t.pos, t.startchar, t.endchar)


_WORD_RE = re.compile(TOKEN_PATTERN)


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
    for match in _WORD_RE.finditer(text):
        word = match.group()
        folded = word.lower()
        if not folded.startswith(starts) and folded.isascii():
            continue
        for token in _TEXT_ANALYZER(word, chars=True):
            if token.text in terms:
                spans.append((match.start() + token.startchar, match.start() + token.endchar, token.text))
    return spans


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
