"""JSON Lines: columns that are already structured, one record per line.

For users whose scrapers already produce fields (and for the relevance benchmark): each
line is an object with the extraction keys (`headline`, `columnist` or `authors`,
`posted`, `updated`, `body`, `bio`, `section`, `url`) and optionally its own `id`, which
becomes the hit's id. Dates are normalised to ISO 8601 like a page's. A line that is not
a usable record is reported with its line number; the other lines still count.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import PageError
from ..records import Column
from .bylines import split_byline
from .dates import parse_date

MAX_ID_CHARS = 128


def extract_jsonl(path: str, text: str) -> tuple[list[Column], list[str]]:
    """The columns in a JSON Lines file, and a message for each line that is not one."""
    columns: list[Column] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            columns.append(_record(path, number, json.loads(line)))
        except (ValueError, TypeError, PageError) as exc:
            errors.append(f"line {number}: {exc}")
    if not columns and not errors:
        raise PageError("empty JSON Lines file (no records)")
    return columns, errors


def _record(path: str, number: int, data: Any) -> Column:
    if not isinstance(data, dict):
        raise PageError("not a JSON object")
    body = _string(data.get("body")) or ""
    if not body.strip():
        raise PageError("record has no body")
    authors_value = data.get("authors")
    if isinstance(authors_value, list):
        authors = tuple(str(a).strip() for a in authors_value if str(a).strip())
    else:
        authors = tuple(split_byline(_string(data.get("columnist"))))
    record_id = _string(data.get("id"))
    if record_id is not None and (len(record_id) > MAX_ID_CHARS or any(ch.isspace() for ch in record_id)):
        raise PageError(f"id {record_id[:40]!r} must be at most {MAX_ID_CHARS} characters with no spaces")
    return Column(
        path=f"{path}#{number}",
        is_column=True,
        headline=_string(data.get("headline")),
        columnist=_string(data.get("columnist")) or (", ".join(authors) or None),
        authors=authors,
        posted=parse_date(_string(data.get("posted"))),
        updated=parse_date(_string(data.get("updated"))),
        body=body,
        bio=_string(data.get("bio")),
        section=_string(data.get("section")),
        url=_string(data.get("url")),
        site=_string(data.get("site")),
        record_id=record_id,
    )


def _string(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise PageError(f"expected text, got {type(value).__name__}")
    return value.strip() or None
