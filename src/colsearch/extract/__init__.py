"""Extraction: Page -> Column ("what does this page say?").

`extract(page)` dispatches on how the page was saved: HTML goes to `html.py`, text dumps to
`textdump.py`; `extract_path` also reads JSON Lines records (`jsonl.py`). Dates are read
by `dates.py`, bylines by `bylines.py`, and what is known about particular sites lives as
data in `sites.py`.
"""

from __future__ import annotations

from ..errors import PageError
from ..pages import Page, read_page
from ..records import Column
from .jsonl import extract_jsonl
from .textdump import extract_text

__all__ = ["extract", "extract_file", "extract_jsonl", "extract_path", "extract_text"]


def extract(page: Page) -> Column:
    """The fields of one page; never raises for odd content, only `PageError`."""
    try:
        if page.kind == "html":
            from .html import extract_html  # bs4 loads only when a run meets HTML

            return extract_html(page.path, page.text)
        return extract_text(page.path, page.text)
    except RecursionError:
        raise PageError("page is nested too deeply to parse") from None


def extract_file(path: str) -> Column:
    """Read and extract one page file."""
    return extract(read_page(path))


def extract_path(path: str) -> tuple[list[Column], list[str]]:
    """Every column in one file (a page holds one, a JSON Lines file many), and problems."""
    page = read_page(path)
    if page.kind == "jsonl":
        return extract_jsonl(page.path, page.text)
    return [extract(page)], []
