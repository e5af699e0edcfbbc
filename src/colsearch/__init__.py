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

from .errors import ColsearchError, PageError, QuerySyntaxError
from .extract import extract, extract_file
from .index import get_column, open_index, update_index
from .overview import columnists, similar, trend
from .pages import Page, read_page
from .records import Column, ColumnistStat, Hit, IndexReport, Passage, SearchResult, Trend
from .search import search

build_index = update_index  # the name a first-time reader looks for

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
