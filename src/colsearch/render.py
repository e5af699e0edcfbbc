"""Rendering: records -> terminal text, JSON and JSON Lines. Pure functions, no I/O.

Terminal output marks highlights with bold colour when asked (the CLI decides: a
terminal, no NO_COLOR) and strips control characters from page text first, so a page
cannot send escape sequences to the user's terminal. JSON carries offsets, not markup.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Iterable
from typing import Any

from .records import Column, ColumnistStat, Hit, IndexReport, Passage, SearchResult, Trend

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
BOLD, DIM, YELLOW, CYAN, RESET = "\x1b[1m", "\x1b[2m", "\x1b[1;33m", "\x1b[36m", "\x1b[0m"
_OPEN, _CLOSE = "\x02", "\x03"  # highlight marks while wrapping; safe() strips any in page text


def safe(text: str | None) -> str:
    """Page text made safe for a terminal: control and bidi characters removed."""
    return _CONTROL_RE.sub("", text or "").replace("\t", " ")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_jsonl(records: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def display_path(path: str) -> str:
    """A path relative to the working folder when it is below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def passage_text(passage: Passage, color: bool, width: int | None = None, indent: str = "") -> str:
    """A passage with its highlights in bold colour, or between ** when colour is off."""
    text = passage.text
    out: list[str] = []
    last = 0
    for start, end in passage.highlights:
        out.append(safe(text[last:start]))
        out.append(_OPEN + safe(text[start:end]) + _CLOSE)
        last = end
    out.append(safe(text[last:]))
    marked = "".join(out)
    if width:
        marked = textwrap.fill(
            marked,
            width=width,
            initial_indent=indent + "> ",
            subsequent_indent=indent + "  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    on, off = (YELLOW, RESET) if color else ("**", "**")
    return marked.replace(_OPEN, on).replace(_CLOSE, off)


def hit_text(hit: Hit, color: bool, width: int = 88) -> str:
    head = safe(hit.headline) or "(no headline)"
    byline = safe(hit.columnist) or safe(hit.section) or "unsigned"
    posted = (hit.posted or "")[:16].replace("T", " ")
    meta = " · ".join(part for part in (byline, posted) if part)
    where = f"{display_path(hit.path)}  id:{hit.id}"
    lines = [
        f"{BOLD}{hit.rank}. {head}{RESET}" if color else f"{hit.rank}. {head}",
        f"   {CYAN}{meta}{RESET}" if color else f"   {meta}",
        f"   {DIM}{where}{RESET}" if color else f"   {where}",
    ]
    if len(hit.paths) > 1:
        lines.append(f"   also saved as: {', '.join(display_path(p) for p in hit.paths[1:])}")
    lines.extend(passage_text(p, color, width=width, indent="   ") for p in hit.passages)
    return "\n".join(lines)


def facets_text(facets: dict[str, list[tuple[str, int]]], top: int = 12) -> list[str]:
    lines = []
    for name, counts in facets.items():
        shown = counts if name != "columnist" else counts[:top]
        more = f", … {len(counts) - len(shown)} more" if len(counts) > len(shown) else ""
        lines.append(f"{name}: " + ", ".join(f"{safe(key)} ({n})" for key, n in shown) + more)
    return lines


def result_text(result: SearchResult, color: bool) -> str:
    lines = [safe(note) for note in result.notes]
    if result.facets:
        lines.extend(facets_text(result.facets))
        lines.append("")
    for hit in result.hits:
        lines.append(hit_text(hit, color))
        lines.append("")
    shown = len(result.hits)
    first = result.hits[0].rank if result.hits else 0
    lines.append(
        f"{result.total} column{'s' if result.total != 1 else ''} matched"
        + (f"; showing {first}-{first + shown - 1}" if shown and shown < result.total else "")
    )
    return "\n".join(lines)


def column_text(column: Column, paths: list[str], color: bool, width: int = 88) -> str:
    def label(name: str) -> str:
        return f"{BOLD}{name}:{RESET}" if color else f"{name}:"

    lines = [
        f"{BOLD}{safe(column.headline)}{RESET}" if color else safe(column.headline),
        f"{label('columnist')} {safe(column.columnist) or '-'}",
        f"{label('posted')} {column.posted or '-'}",
        f"{label('updated')} {column.updated or '-'}",
    ]
    if column.section:
        lines.append(f"{label('section')} {safe(column.section)}")
    if column.url:
        lines.append(f"{label('url')} {safe(column.url)}")
    lines.append(f"{label('id')} {column.id}")
    for path in paths:
        lines.append(f"{label('path')} {display_path(path)}")
    lines.append("")
    for paragraph in column.body.split("\n\n"):
        lines.append(textwrap.fill(safe(paragraph), width=width))
        lines.append("")
    if column.bio:
        lines.append(f"{label('bio')} {textwrap.fill(safe(column.bio), width=width)}")
    return "\n".join(lines).rstrip() + "\n"


def extracted_text(column: Column, width: int = 88) -> str:
    if not column.is_column:
        return f"{display_path(column.path)}: not a column ({column.reason})\n"
    fields = column.to_dict()
    lines = [f"== {display_path(column.path)}"]
    for key in ("id", "headline", "columnist", "authors", "posted", "updated", "section", "url", "site"):
        value = fields[key]
        if isinstance(value, list):
            value = "; ".join(value)
        lines.append(f"{key + ':':11}{safe(str(value)) if value else '-'}")
    body = column.body
    words = len(body.split())
    lines.append(f"{'body:':11}{words} words, {body.count(chr(10) * 2) + 1 if body else 0} paragraphs")
    for paragraph in body.split("\n\n"):
        lines.append(textwrap.fill(safe(paragraph), width=width, initial_indent="  ", subsequent_indent="  "))
    if column.bio:
        lines.append(f"{'bio:':11}" + safe(column.bio))
    return "\n".join(lines) + "\n"


def report_text(report: IndexReport) -> str:
    return (
        f"{report.columns} columns in the index · pages: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.unchanged} unchanged, {report.not_columns} not columns, "
        f"{report.failed} failed"
        + (f" · {report.duplicates} duplicate copies merged" if report.duplicates else "")
        + f" · {report.seconds:.1f} s"
    )


def columnists_text(stats: list[ColumnistStat]) -> str:
    if not stats:
        return "no signed columns in the index\n"
    width = max(len(safe(s.name)) for s in stats)
    lines = [f"{'columnist':<{width}}  columns  first       last"]
    for stat in stats:
        first, last = (stat.first or "-")[:10], (stat.last or "-")[:10]
        lines.append(f"{safe(stat.name):<{width}}  {stat.columns:>7}  {first:<10}  {last}")
    return "\n".join(lines) + "\n"


def trend_text(result: Trend, color: bool, width: int = 50) -> str:
    """A bar chart of matching columns per period, one line a period."""
    if not result.periods:
        return f"no columns match {safe(result.query)!r}\n"
    peak = max(n for _, n in result.periods) or 1
    lines = [f"{result.total} columns match {safe(result.query)!r}, by {result.by}:"]
    for period, n in result.periods:
        bar = "█" * max(1 if n else 0, round(n / peak * width))
        lines.append(f"{period:>7} {f'{YELLOW}{bar}{RESET}' if color and bar else bar} {n if n else ''}".rstrip())
    return "\n".join(lines) + "\n"
