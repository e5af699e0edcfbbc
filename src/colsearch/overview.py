"""Overviews of an archive: who wrote what and when, how a topic rose and fell, and
which columns are alike. Built on the same index and query language as `search`.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import ColsearchError
from .index import get_column, open_index
from .records import ColumnistStat, Hit, Trend
from .search import PERIODS, facet_counts, parse_query, search_hits


def columnists(index_dir: str | None = None) -> list[ColumnistStat]:
    """Every columnist with their number of columns and first and last posted dates."""
    ix = open_index(index_dir)
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    count: dict[str, int] = {}
    with ix.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            record = json.loads(fields["record"])
            posted = record.get("posted")
            for name in record.get("authors") or ():
                count[name] = count.get(name, 0) + 1
                if posted:
                    first[name] = min(first.get(name, posted), posted)
                    last[name] = max(last.get(name, posted), posted)
    return [
        ColumnistStat(name=name, columns=n, first=first.get(name), last=last.get(name))
        for name, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def trend(text: str, index_dir: str | None = None, by: str = "month") -> Trend:
    """How many columns match `text` in each month or year, with empty periods filled in."""
    if by not in PERIODS:
        raise ColsearchError(f"unknown period {by!r}", "Use month or year.")
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        q = parse_query(text, ix.schema)  # a column counts when it has all the words
        total = len(searcher.search(q, limit=1))
        counts = dict(facet_counts(searcher, q, None, [by])[by]) if total else {}
    return Trend(query=text, by=by, total=total, periods=tuple(_fill(counts, by)))


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
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        docnum = searcher.document_number(id=column.id)
        if docnum is None:
            return []
        results = searcher.more_like(docnum, "body", text=column.body, top=limit, numterms=25)
        pairs: list[tuple[dict[str, Any], float]] = [(hit.fields(), hit.score or 0.0) for hit in results]
    return search_hits(pairs, offset=0, terms=set(), phrases=[], passages=1)
