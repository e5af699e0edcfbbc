"""Overviews of an archive: who wrote what and when, how a topic rose and fell, and
which columns are alike. Built on the same index and query language as `search`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from whoosh import query, sorting
from whoosh.index import FileIndex

from .errors import ColsearchError
from .index import get_column, read_index
from .records import ColumnistStat, Hit, Trend
from .search import PERIODS, facet_counts, matching_docs, parse_query, search_hits


def columnists(index_dir: str | None = None) -> list[ColumnistStat]:
    """Every columnist with their number of columns and first and last posted dates.

    Read from the index's author facet and posted-date column, not from the stored
    columns, so it stays fast on a large archive.
    """
    return read_index(index_dir, _columnists)


def _columnists(ix: FileIndex) -> list[ColumnistStat]:
    with ix.searcher() as searcher:
        groups = searcher.search(
            query.Every(),
            limit=1,
            groupedby={"a": sorting.FieldFacet("authors", allow_overlap=True)},
            maptype=sorting.UnorderedList,
        ).groups("a")
        posted = searcher.reader().column_reader("posted")
        stats = []
        for name, docnums in groups.items():
            if not name:
                continue
            dates = sorted(posted[d] for d in docnums if isinstance(posted[d], datetime))
            stats.append(
                ColumnistStat(
                    name=name,
                    columns=len(docnums),
                    first=_iso(searcher, dates[0]) if dates else None,
                    last=_iso(searcher, dates[-1]) if dates else None,
                )
            )
    return sorted(stats, key=lambda s: (-s.columns, s.name))


def _iso(searcher: Any, value: datetime) -> str:
    """The posted date as the column stores it (with its zone), found by the date-time."""
    hits = searcher.search(query.DateRange("posted", value, value), limit=1)
    if hits:
        stored = json.loads(hits[0]["record"]).get("posted")
        if stored:
            return str(stored)
    return value.isoformat()


def trend(text: str, index_dir: str | None = None, by: str = "month") -> Trend:
    """How many columns match `text` in each month or year, with empty periods filled in."""
    if by not in PERIODS:
        raise ColsearchError(f"unknown period {by!r}", "Use month or year.")

    def read(ix: FileIndex) -> Trend:
        with ix.searcher() as searcher:
            matched = matching_docs(searcher, parse_query(text, ix.schema))  # a column counts when it has all the words
            total = len(matched)
            counts = dict(facet_counts(searcher, matched, [by])[by]) if total else {}
        return Trend(query=text, by=by, total=total, periods=tuple(_fill(counts, by)))

    return read_index(index_dir, read)


def _fill(counts: dict[str, int], by: str) -> list[tuple[str, int]]:
    if not counts:
        return []
    keys = sorted(counts)
    out: list[tuple[str, int]] = []
    year, month = int(keys[0][:4]), int(keys[0][5:7] or 1) if by == "month" else 1
    end = keys[-1]
    while True:
        key = f"{year:04d}-{month:02d}" if by == "month" else f"{year:04d}"
        out.append((key, counts.get(key, 0)))
        if key >= end:
            return out
        if by == "month":
            month += 1
            if month > 12:
                year, month = year + 1, 1
        else:
            year += 1


def similar(column_id: str, index_dir: str | None = None, limit: int = 10) -> list[Hit]:
    """The columns most like the given one (by its most distinctive body words)."""
    column, _ = get_column(column_id, index_dir)

    def read(ix: FileIndex) -> list[tuple[dict[str, Any], float]]:
        with ix.searcher() as searcher:
            docnum = searcher.document_number(id=column.id)
            if docnum is None:
                return []
            results = searcher.more_like(docnum, "body", text=column.body, top=limit, numterms=25)
            return [(hit.fields(), hit.score or 0.0) for hit in results]

    return search_hits(read_index(index_dir, read), offset=0, terms=set(), phrases=[], passages=1)
