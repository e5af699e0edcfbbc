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

from importlib import import_module
from typing import Any

# Names load on first use (PEP 562), so `colsearch query` never pays for the HTML parser.
_EXPORTS = {
    "Column": "records",
    "ColumnistStat": "records",
    "Hit": "records",
    "IndexReport": "records",
    "Passage": "records",
    "SearchResult": "records",
    "Trend": "records",
    "ColsearchError": "errors",
    "PageError": "errors",
    "QuerySyntaxError": "errors",
    "Page": "pages",
    "read_page": "pages",
    "extract": "extract",
    "extract_file": "extract",
    "get_column": "index",
    "open_index": "index",
    "update_index": "index",
    "search": "search",
    "columnists": "overview",
    "similar": "overview",
    "trend": "overview",
}
__all__ = [*sorted(_EXPORTS), "build_index"]


def __getattr__(name: str) -> Any:
    if name == "build_index":  # the name a first-time reader looks for
        name = "update_index"
    if name not in _EXPORTS:
        raise AttributeError(f"module 'colsearch' has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
