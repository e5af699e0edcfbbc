"""Extraction: Page -> Column ("what does this page say?").

`extract(page)` dispatches on how the page was saved: HTML goes to `html.py`, text dumps to
`textdump.py`; `extract_path` also reads JSON Lines records (`jsonl.py`). Dates are read
by `dates.py`, bylines by `bylines.py`, and what is known about particular sites lives as
data in `sites.py`.

The extractors are imported when first used, so that a process that only searches (a
`colsearch query`, about a third of whose time is start-up) never loads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import PageError

if TYPE_CHECKING:
    from ..pages import Page
    from ..records import Column

__all__ = ["extract", "extract_file", "extract_jsonl", "extract_path", "extract_text"]


def __getattr__(name: str) -> Any:
    if name == "extract_text":
        from .textdump import extract_text

        return extract_text
    if name == "extract_jsonl":
        from .jsonl import extract_jsonl

        return extract_jsonl
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract(page: Page) -> Column:
    """The fields of one page; never raises for odd content, only `PageError`."""
    try:
        if page.kind == "html":
            from .html import extract_html  # bs4 loads only when a run meets HTML

            return extract_html(page.path, page.text)
        from .textdump import extract_text

        return extract_text(page.path, page.text)
    except RecursionError:
        raise PageError("page is nested too deeply to parse") from None


def extract_file(path: str) -> Column:
    """Read and extract one page file."""
    from ..pages import read_page

    return extract(read_page(path))


def extract_path(path: str) -> tuple[list[Column], list[str]]:
    """Every column in one file (a page holds one, a JSON Lines file many), and problems."""
    from ..pages import read_page

    page = read_page(path)
    if page.kind == "jsonl":
        from .jsonl import extract_jsonl

        return extract_jsonl(page.path, page.text)
    return [extract(page)], []
