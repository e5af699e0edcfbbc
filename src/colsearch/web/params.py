"""Web parameters: query-string values -> checked, typed options for the library.

The web's counterpart of click's option types in `cli.py`: numbers are whole and in
range, choices come from the library's own lists (`SORTS`, `FACETS`, `PERIODS`), and a
bad value raises `ParameterError` (HTTP 400) with a message and a hint. Dates and the
query text go to the library as they are; it owns those rules and their messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from werkzeug.datastructures import MultiDict

from ..errors import ColsearchError
from ..records import SearchResult
from ..search import FACETS, PERIODS, SORTS, search

MAX_LIMIT = 100
MAX_PASSAGES = 10
MAX_TEXT_CHARS = 1000
DEFAULT_LIMIT = 10
DEFAULT_PASSAGES = 3
_WHOLE_RE = re.compile(r"\d{1,9}")


class ParameterError(ColsearchError):
    """A query-string parameter has a value the server cannot use."""


Args = MultiDict[str, str]  # request.args


def text_arg(args: Args, name: str) -> str:
    """A text parameter, stripped; "" when absent."""
    value = str(args.get(name, "") or "").strip()
    if len(value) > MAX_TEXT_CHARS:
        raise ParameterError(f"{name} is {len(value)} characters long", f"Keep it under {MAX_TEXT_CHARS} characters.")
    return value


def int_arg(args: Args, name: str, default: int, low: int, high: int) -> int:
    """A whole-number parameter between `low` and `high`."""
    raw = str(args.get(name, "") or "").strip()
    if not raw:
        return default
    if not _WHOLE_RE.fullmatch(raw) or not low <= int(raw) <= high:
        raise ParameterError(f"{name} must be a whole number from {low} to {high}, not {raw!r}")
    return int(raw)


def choice_arg(args: Args, name: str, choices: tuple[str, ...], default: str) -> str:
    """A parameter that must be one of `choices`."""
    value = text_arg(args, name) or default
    if value not in choices:
        raise ParameterError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def period_arg(args: Args, default: str = "month") -> str:
    return choice_arg(args, "by", PERIODS, default)


@dataclass(frozen=True)
class SearchParams:
    """What a search request asks for: the query, its filters, order and page."""

    q: str = ""
    columnist: str = ""
    since: str = ""
    until: str = ""
    sort: str = "relevance"
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    passages: int = DEFAULT_PASSAGES
    facets: tuple[str, ...] = ()

    @classmethod
    def from_args(cls, args: Args, facets: tuple[str, ...] | None = None) -> SearchParams:
        """Parameters from a query string; `facets` fixes the facets instead of `facet=`."""
        if facets is None:
            facets = tuple(dict.fromkeys(_checked_facet(name) for name in args.getlist("facet")))
        return cls(
            q=text_arg(args, "q"),
            columnist=text_arg(args, "columnist"),
            since=text_arg(args, "since"),
            until=text_arg(args, "until"),
            sort=choice_arg(args, "sort", SORTS, "relevance"),
            limit=int_arg(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
            offset=int_arg(args, "offset", 0, 0, 10**9),
            passages=int_arg(args, "passages", DEFAULT_PASSAGES, 0, MAX_PASSAGES),
            facets=facets,
        )

    @property
    def filtered(self) -> bool:
        return bool(self.columnist or self.since or self.until)

    def run(self, index_dir: str, text: str | None = None) -> SearchResult:
        """The library's search with these parameters (`text` instead of `q` when given)."""
        return search(
            self.q if text is None else text,
            index_dir,
            columnist=self.columnist or None,
            since=self.since or None,
            until=self.until or None,
            sort=self.sort,
            limit=self.limit,
            offset=self.offset,
            passages=self.passages,
            facets=self.facets,
        )

    def link_args(self, **changes: Any) -> dict[str, str]:
        """Query-string arguments for a link to this search with `changes`, defaults left out.

        The offset goes back to the first page unless `changes` says otherwise: a new
        filter or order is a new list.
        """
        changed = replace(self, **{"offset": 0, **changes})
        out: dict[str, str] = {}
        for key, default in _LINK_DEFAULTS.items():
            value = getattr(changed, key)
            if value != default:
                out[key] = str(value)
        return out


_LINK_DEFAULTS: Mapping[str, object] = {
    "q": "",
    "columnist": "",
    "since": "",
    "until": "",
    "sort": "relevance",
    "limit": DEFAULT_LIMIT,
    "offset": 0,
}


def _checked_facet(name: str) -> str:
    if name not in FACETS:
        raise ParameterError(f"facet must be one of {', '.join(FACETS)}, not {name!r}")
    return name
