"""Records: the plain data that flows between the stages.

`Column` is what extraction reads from a page, `Hit` is what a search returns, `Passage`
is a piece of a column's text with highlight spans as character offsets. No whoosh, no
click here: every record turns into JSON-ready dicts with `to_dict()`, with ISO 8601
dates as strings and `None` for a missing value.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Column:
    """The fields of one saved page."""

    path: str
    is_column: bool
    headline: str | None = None
    columnist: str | None = None
    authors: tuple[str, ...] = ()
    posted: str | None = None
    updated: str | None = None
    body: str = ""
    bio: str | None = None
    section: str | None = None
    url: str | None = None
    site: str | None = None
    reason: str | None = None  # why a page is not a column
    record_id: str | None = None  # the id a structured (JSON Lines) record brings along

    @cached_property
    def id(self) -> str:
        """A stable id for the column, the same for every saved copy of it.

        Built from what a re-crawl cannot change (headline, posted date, body), so a
        column saved twice on different days is one column. A record that brings its own
        id keeps it. Computed once (it hashes the whole body) and pickled with the column.
        """
        if self.record_id:
            return self.record_id
        body = re.sub(r"\s+", " ", self.body).strip().lower()
        key = "\x1f".join([(self.headline or "").strip().lower(), self.posted or "", body])
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("record_id")
        data["authors"] = list(self.authors)
        return {"id": self.id if self.is_column else None, **data}


@dataclass(frozen=True)
class Passage:
    """A sentence or window of a column's text; `highlights` are [start, end) offsets."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()
    field: str = "body"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "highlights": [list(span) for span in self.highlights]}


@dataclass(frozen=True)
class Hit:
    """One ranked column in a search result."""

    id: str
    path: str
    rank: int
    score: float
    headline: str | None
    columnist: str | None
    authors: tuple[str, ...]
    posted: str | None
    updated: str | None
    section: str | None = None
    paths: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "paths": list(self.paths),
            "rank": self.rank,
            "score": round(self.score, 4),
            "columnist": self.columnist,
            "authors": list(self.authors),
            "headline": self.headline,
            "posted": self.posted,
            "updated": self.updated,
            "section": self.section,
            "passages": [p.to_dict() for p in self.passages],
        }


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query: the page of hits asked for, and what the user should know."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    notes: tuple[str, ...] = ()
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "notes": list(self.notes),
            "facets": {k: [[name, n] for name, n in v] for k, v in self.facets.items()},
            "hits": [hit.to_dict() for hit in self.hits],
        }


@dataclass
class IndexReport:
    """What one `index` run did, counted in pages (files)."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    not_columns: int = 0
    failed: int = 0
    columns: int = 0  # columns in the index after the run
    duplicates: int = 0  # pages that are another saved copy of a column already seen
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["failures"] = [{"path": p, "error": e} for p, e in self.failures]
        data["seconds"] = round(self.seconds, 3)
        return data


@dataclass(frozen=True)
class ColumnistStat:
    """One columnist in an archive: how many columns, first and last posted date."""

    name: str
    columns: int
    first: str | None
    last: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Trend:
    """How many columns match a query in each period (month or year), oldest first."""

    query: str
    by: str
    total: int
    periods: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "by": self.by,
            "total": self.total,
            "periods": [{"period": p, "count": n} for p, n in self.periods],
        }
