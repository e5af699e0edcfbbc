"""colsearch: full-text search for archives of saved news opinion-column pages.

The library is usable without the command line:

    import colsearch
    colsearch.build_index(["corpus/"], "index/")
    for hit in colsearch.search("SDGs humanitarian", "index/").hits:
        print(hit.headline, hit.passages[0].text)

Stages, one module each: pages (find and decode files) -> extract (fields of a page) ->
index (Whoosh index, incremental) -> search (ranked hits with passages) -> render.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _startup  # noqa: F401  (first: it changes how whoosh loads)
from .errors import ColsearchError, PageError, QuerySyntaxError
from .extract import extract, extract_file
from .index import get_column, open_index, update_index
from .overview import columnists, similar, trend
from .records import Column, ColumnistStat, Hit, IndexReport, Passage, SearchResult, Trend
from .search import search

if TYPE_CHECKING:
    from .pages import Page, read_page

build_index = update_index  # the name a first-time reader looks for


def __getattr__(name: str) -> Any:
    # Page reading loads on first use, which a search never makes (see extract/__init__).
    if name in ("Page", "read_page"):
        from . import pages

        return getattr(pages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ColsearchError",
    "Column",
    "ColumnistStat",
    "Hit",
    "IndexReport",
    "Page",
    "PageError",
    "Passage",
    "QuerySyntaxError",
    "SearchResult",
    "Trend",
    "build_index",
    "columnists",
    "extract",
    "extract_file",
    "get_column",
    "open_index",
    "read_page",
    "search",
    "similar",
    "trend",
    "update_index",
]
