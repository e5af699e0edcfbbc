"""Web context: library records -> what the templates show.

The one place where search results, columns and overviews become template context:
links that keep the current query and filters (facets, filter chips, pager, chart bars),
passages and bodies marked up by `highlight`, display dates, and the chart of matching
columns over time. Routes call one function here and hand its dict to a template.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import url_for
from markupsafe import Markup

from ..records import Column, ColumnistStat, Hit, SearchResult
from .highlight import Terms, marked, marked_paragraphs, text_spans
from .params import Args, SearchParams

BROWSE_QUERY = "*"  # the query language's "every column", for a search with filters only
FORM_FIELDS = ("q", "columnist", "since", "until", "sort")
CHART_WIDTH, CHART_HEIGHT, CHART_AXIS, CHART_TOP = 720, 150, 18, 14
MAX_MONTH_BARS = 36  # a longer span is drawn by year


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int | None = None
    active: bool = False


@dataclass(frozen=True)
class HitView:
    hit: Hit
    url: str
    posted: str
    passages: tuple[Markup, ...]


@dataclass(frozen=True)
class Bar:
    period: str
    count: int
    url: str | None
    x: float
    y: float
    width: float
    height: float
    label: str  # axis label under the bar, "" for none


@dataclass(frozen=True)
class Chart:
    by: str
    bars: tuple[Bar, ...]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    baseline: int = CHART_HEIGHT - CHART_AXIS
    show_counts: bool = True


def search_url(**args: Any) -> str:
    return url_for("pages.search", **args)


def column_url(column_id: str, q: str = "") -> str:
    return url_for("pages.column", column_id=column_id, q=q or None)


def form_values(args: Args) -> dict[str, str]:
    """The search form's fields as the user sent them (also after a bad request)."""
    return {name: str(args.get(name, "") or "")[:1000] for name in FORM_FIELDS}


def display_date(iso: str | None) -> str:
    """A date for people ("30 Mar 2021") from an ISO date-time; "" for none."""
    if not iso:
        return ""
    try:
        day = datetime.fromisoformat(iso)
    except ValueError:
        return iso[:10]
    return f"{day.day} {day:%b %Y}"


def hit_view(hit: Hit, q: str = "") -> HitView:
    return HitView(
        hit=hit,
        url=column_url(hit.id, q),
        posted=display_date(hit.posted),
        passages=tuple(marked(p.text, p.highlights) for p in hit.passages),
    )


def landing_page(args: Args, columns: int) -> dict[str, Any]:
    return {"form": form_values(args), "result": None, "columns": columns}


def search_page(params: SearchParams, result: SearchResult, args: Args) -> dict[str, Any]:
    """The search page: hits, notes, facets, active filters, pager and chart."""
    first = params.offset + 1
    last = params.offset + len(result.hits)
    prev_url = search_url(**params.link_args(offset=max(0, params.offset - params.limit))) if params.offset else None
    more = params.offset + params.limit < result.total
    next_url = search_url(**params.link_args(offset=params.offset + params.limit)) if more else None
    api_args: dict[str, Any] = {
        **params.link_args(offset=params.offset, q=params.q or BROWSE_QUERY),
        "facet": list(params.facets),
    }
    return {
        "form": form_values(args),
        "params": params,
        "result": result,
        "browsing": not params.q,
        "hits": [hit_view(hit, params.q) for hit in result.hits],
        "notes": list(result.notes),
        "filters": _active_filters(params),
        "columnist_facets": _columnist_links(params, result.facets.get("columnist", [])),
        "year_facets": _year_links(params, result.facets.get("year", [])),
        "chart": time_chart(params, result.facets),
        "first": first,
        "last": last,
        "prev_url": prev_url,
        "next_url": next_url,
        "api_url": url_for("api.search_api", **api_args),
    }


def column_page(column: Column, paths: list[str], terms: Terms, similar: list[Hit], q: str) -> dict[str, Any]:
    """The column page: every field, the body with the query's matches marked, similar columns."""
    headline = column.headline or "(no headline)"
    body_spans = text_spans(column.body, terms)
    return {
        "column": column,
        "q": q,
        "headline": marked(headline, text_spans(headline, terms)),
        "paragraphs": marked_paragraphs(column.body, body_spans),
        "matches": len(body_spans),
        "posted": display_date(column.posted),
        "updated": display_date(column.updated),
        "paths": paths,
        "url": column.url if _is_web_address(column.url) else None,
        "similar": [hit_view(hit) for hit in similar],
        "back_url": search_url(q=q) if q else None,
        "form": {"q": q},
        "api_url": url_for("api.column_api", column_id=column.id),
    }


def columnists_page(stats: list[ColumnistStat]) -> dict[str, Any]:
    rows = []
    for stat in stats:
        first, last = (stat.first or "")[:4], (stat.last or "")[:4]
        years = first if first == last else f"{first}–{last}"
        rows.append({"stat": stat, "years": years, "url": search_url(columnist=stat.name)})
    return {"rows": rows, "form": {}, "api_url": url_for("api.columnists_api")}


def error_page(status: int, message: str, hint: str | None, args: Args) -> dict[str, Any]:
    return {"status": status, "message": message, "hint": hint, "form": form_values(args)}


def time_chart(params: SearchParams, facets: dict[str, list[tuple[str, int]]]) -> Chart | None:
    """Bars of matching columns per month (for up to three years) or per year, gaps filled."""
    months = dict(facets.get("month", []))
    if not months:
        return None
    first, last = min(months), max(months)
    periods = _months(first, last)
    by = "month"
    counts = months
    if len(periods) > MAX_MONTH_BARS:
        by = "year"
        counts = dict(facets.get("year", [])) or _by_year(months)
        periods = [str(year) for year in range(int(first[:4]), int(last[:4]) + 1)]
    peak = max(counts.values()) or 1
    slot = CHART_WIDTH / len(periods)
    width = max(1.0, min(slot * 0.8, 60.0))
    every = math.ceil(len(periods) / (12 if by == "year" else 8))
    plot = CHART_HEIGHT - CHART_AXIS - CHART_TOP
    bars = []
    for i, period in enumerate(periods):
        n = counts.get(period, 0)
        height = n / peak * plot
        bars.append(
            Bar(
                period=period,
                count=n,
                url=search_url(**params.link_args(since=period, until=period)) if n else None,
                x=round(i * slot + (slot - width) / 2, 2),
                y=round(CHART_TOP + plot - height, 2),
                width=round(width, 2),
                height=round(height, 2),
                label=period if i % every == 0 else "",
            )
        )
    return Chart(by=by, bars=tuple(bars), show_counts=len(periods) <= 24)


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while True:
        key = f"{year:04d}-{month:02d}"
        out.append(key)
        if key >= last:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _by_year(months: dict[str, int]) -> dict[str, int]:
    years: dict[str, int] = {}
    for month, n in months.items():
        years[month[:4]] = years.get(month[:4], 0) + n
    return years


def _active_filters(params: SearchParams) -> list[Link]:
    links = []
    if params.columnist:
        links.append(Link(f"columnist: {params.columnist}", search_url(**params.link_args(columnist=""))))
    if params.since and params.since == params.until:
        links.append(Link(f"posted: {params.since}", search_url(**params.link_args(since="", until=""))))
    else:
        if params.since:
            links.append(Link(f"since: {params.since}", search_url(**params.link_args(since=""))))
        if params.until:
            links.append(Link(f"until: {params.until}", search_url(**params.link_args(until=""))))
    return links


def _columnist_links(params: SearchParams, counts: list[tuple[str, int]]) -> list[Link]:
    current = params.columnist.casefold()
    return [
        Link(name, search_url(**params.link_args(columnist=name)), n, active=name.casefold() == current)
        for name, n in counts
    ]


def _year_links(params: SearchParams, counts: list[tuple[str, int]]) -> list[Link]:
    return [
        Link(
            year,
            search_url(**params.link_args(since=year, until=year)),
            n,
            active=params.since == year and params.until == year,
        )
        for year, n in counts
    ]


def _is_web_address(url: str | None) -> bool:
    """Only http(s) addresses become links: a page could claim `javascript:` as its URL."""
    return bool(url) and urlsplit(url or "").scheme in ("http", "https")
