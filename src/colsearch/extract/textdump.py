"""Text dumps: read the fields of a page saved as plain text (what `w3m -dump` prints).

Two methods. A site with a profile in `sites.py` (The Korea Times) is read by its layout:
crawl line, section label, headline, Posted/Updated, page controls, byline, body, bio,
then the trending list and footer. Any other site is read by the general method: the
column is the longest run of prose paragraphs, and its headline, byline and dates are
the lines just above that run. Bullets, short link lines and controls are chrome.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..records import Column
from .bylines import split_byline
from .dates import parse_date, parse_datetime
from .sites import CHROME_LINES, OPINION_SECTIONS, TEXT_SITES, TextSite

_BULLET_RE = re.compile(r"^\s*(?:[•*·▪►»\-–]|\d+\.|\[\d+\])\s+")
_LINK_LINE_RE = re.compile(r"^\s*(?:\[[^\]]*\]\s*)+$")
_BYLINE_RE = re.compile(r"^\s*(?:written\s+)?by\s+[A-Z\u00c0-\u024f\uac00-\ud7a3]", re.I)
_DATE_LABEL_RE = re.compile(
    r"\b(?P<label>published|posted|updated|modified|last updated|first published|date)\b\s*:?\s*", re.I
)
_BIO_START_RE = re.compile(r"^(?:the\s+(?:writer|author|columnist|contributor)s?\s+(?:is|are)\b)", re.I)
_SENTENCE_END_RE = re.compile(r"[.!?…\"'”’)]$")


def extract_text(path: str, text: str) -> Column:
    """The fields of a text dump."""
    lines = [line.rstrip() for line in text.split("\n")]
    for site in TEXT_SITES:
        if site.detect.search(text):
            column = _extract_site(path, lines, site)
            if column is not None:
                return column
    return _extract_general(path, lines)


# --- a site with a known layout ---------------------------------------------------------


def _extract_site(path: str, lines: list[str], site: TextSite) -> Column | None:
    crawl_at = next((i for i, line in enumerate(lines) if site.crawl_line.match(line.strip())), None)
    start = crawl_at + 1 if crawl_at is not None else 0
    crawl_date = parse_datetime(lines[crawl_at], site.zone) if crawl_at is not None else None
    posted_at = next(
        (i for i in range(start, min(start + 12, len(lines))) if site.posted.match(lines[i].strip())),
        None,
    )
    if posted_at is None:
        if crawl_at is None:
            return None  # not this site's article layout; let the general method try
        return _not_column(path, lines, start, site)
    heading = [line.strip() for line in lines[start:posted_at] if line.strip()]
    headline = heading[-1] if heading else None
    label = heading[0] if len(heading) > 1 else None
    reference = crawl_date if isinstance(crawl_date, datetime) else None
    posted_match = site.posted.match(lines[posted_at].strip())
    posted = parse_date(posted_match.group(1) if posted_match else None, site.zone, reference)
    updated = None
    i = posted_at + 1
    while i < len(lines):
        line = lines[i].strip()
        updated_match = site.updated.match(line)
        if updated_match:
            updated = parse_date(updated_match.group(1), site.zone, reference)
        elif line and line not in site.controls:
            break
        i += 1
    byline = None
    if i < len(lines) and _BYLINE_RE.match(lines[i]) and split_byline(lines[i]):
        byline = lines[i].strip()
        i += 1
    end = i
    while end < len(lines) and not site.body_end.match(lines[end]):
        end += 1
    paragraphs = _paragraphs(lines[i:end])
    authors = split_byline(byline)
    bio, paragraphs = _split_bio(paragraphs, authors)
    if not authors and label and label not in site.sections:
        authors = split_byline(label)
    # The label over the headline is the section ("Editorial"), or for a signed column
    # the columnist's own name, which makes it a regular column.
    section = "Columns" if label and (label in authors or label == ", ".join(authors)) else label
    return Column(
        path=path,
        is_column=bool(paragraphs),
        headline=headline,
        columnist=", ".join(authors) or None,
        authors=tuple(authors),
        posted=posted,
        updated=updated,
        body="\n\n".join(paragraphs),
        bio=bio,
        section=section,
        site=site.name,
        reason=None if paragraphs else "no column text after the headline",
    )


def _not_column(path: str, lines: list[str], start: int, site: TextSite) -> Column:
    heading = next((line.strip() for line in lines[start:] if line.strip()), None)
    dated = sum(1 for line in lines[start:] if parse_datetime(line) is not None)
    reason = "a list of columns, not a column" if dated >= 3 else "no Posted line: not a column page"
    return Column(path=path, is_column=False, headline=heading, site=site.name, reason=reason)


# --- any other site ---------------------------------------------------------------------


def _extract_general(path: str, lines: list[str]) -> Column:
    blocks = _blocks(lines)
    run = _longest_prose_run(blocks)
    if run is None:
        return Column(path=path, is_column=False, reason="no run of prose paragraphs: not a column")
    first, last = run
    head_lines = [line for block in blocks[max(0, first - 8) : first] for line in block[1]]
    headline, byline, posted, updated = _read_head(head_lines)
    paragraphs = [" ".join(line.strip() for line in blocks[k][1]) for k in range(first, last + 1)]
    authors = split_byline(byline)
    bio, paragraphs = _split_bio(paragraphs, authors)
    words = sum(len(p.split()) for p in paragraphs)
    is_column = words >= 120 and headline is not None
    section = None
    for line in head_lines:
        if line.strip().lower() in OPINION_SECTIONS:
            section = line.strip()
    return Column(
        path=path,
        is_column=is_column,
        headline=headline,
        columnist=", ".join(authors) or None,
        authors=tuple(authors),
        posted=posted,
        updated=updated,
        body="\n\n".join(paragraphs),
        bio=bio,
        section=section,
        reason=None if is_column else "too little prose or no headline: not a column",
    )


def _blocks(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """Blank-line separated blocks, each marked prose or not."""
    blocks: list[tuple[bool, list[str]]] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
            continue
        if current:
            blocks.extend(_split_block(current))
            current = []
    return blocks


def _split_block(block: list[str]) -> list[tuple[bool, list[str]]]:
    """A block of chrome lines with a paragraph glued on is split line by line."""
    if len(block) > 1 and any(_is_chrome(line) for line in block):
        return [(_is_prose(line), [line]) for line in block]
    text = " ".join(line.strip() for line in block)
    return [(_is_prose(text), block)]


def _is_chrome(line: str) -> bool:
    stripped = line.strip()
    return bool(_BULLET_RE.match(line) or _LINK_LINE_RE.match(stripped) or CHROME_LINES.match(stripped))


def _is_prose(text: str) -> bool:
    stripped = text.strip()
    if _is_chrome(stripped) or _BYLINE_RE.match(stripped):
        return False
    words = stripped.split()
    if len(words) >= 14:
        return True
    return len(words) >= 6 and bool(_SENTENCE_END_RE.search(stripped))


def _longest_prose_run(blocks: list[tuple[bool, list[str]]]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    best_words = 0
    k = 0
    while k < len(blocks):
        if not blocks[k][0]:
            k += 1
            continue
        first = k
        words = 0
        while k < len(blocks) and blocks[k][0]:
            words += sum(len(line.split()) for line in blocks[k][1])
            k += 1
        if words > best_words:
            best, best_words = (first, k - 1), words
    return best


def _read_head(head_lines: list[str]) -> tuple[str | None, str | None, str | None, str | None]:
    """Headline, byline, posted and updated from the lines above the column's text."""
    headline = byline = posted = updated = None
    candidates: list[str] = []
    for line in head_lines:
        stripped = line.strip()
        if not stripped or _is_chrome(stripped):
            continue
        role_byline = byline is None and "," in stripped and _looks_like_role_byline(stripped)
        if (_BYLINE_RE.match(stripped) or role_byline) and split_byline(stripped):
            byline = stripped
            continue
        dated = _read_date_line(stripped)
        if dated is not None:
            posted = posted or dated[0]
            updated = updated or dated[1]
            continue
        candidates.append(stripped)
    for line in reversed(candidates):
        if 2 <= len(line.split()) <= 30 and line.lower() not in OPINION_SECTIONS:
            headline = line
            break
    return headline, byline, posted, updated


def _looks_like_role_byline(line: str) -> bool:
    return bool(re.search(r",\s*(?:[A-Z][a-z]+\s+)*(?:Columnist|Writer|Editor|Correspondent|Contributor)\b", line))


def _read_date_line(line: str) -> tuple[str | None, str | None] | None:
    """(posted, updated) from a line that is only dates and their labels, else None."""
    if len(line.split()) > 20 or parse_datetime(line) is None:
        return None
    posted = updated = None
    for part in re.split(r"\s*[|·]\s*|\s{2,}", line):
        value = parse_date(part)
        if value is None:
            continue
        label = _DATE_LABEL_RE.search(part)
        if label and label.group("label").lower() in ("updated", "modified", "last updated"):
            updated = updated or value
        else:
            posted = posted or value
    leftover = _DATE_LABEL_RE.sub("", line)
    if len(re.findall(r"[A-Za-z]{4,}", leftover)) > 8:
        return None  # a sentence that happens to contain a date
    return posted, updated


# --- shared -----------------------------------------------------------------------------


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _split_bio(paragraphs: list[str], authors: list[str]) -> tuple[str | None, list[str]]:
    """Take the author bio off the end of the body, if the last paragraph is one."""
    if not paragraphs:
        return None, paragraphs
    last = paragraphs[-1]
    is_bio = bool(_BIO_START_RE.match(last))
    for name in authors:
        if last.startswith(name) and (
            "@" in last[: len(name) + 80]
            or re.match(re.escape(name) + r"\s*(?:\([^)]*\))?\s+(?:is|was|has|teaches|writes|works|are)\b", last)
        ):
            is_bio = True
    if is_bio and len(paragraphs) > 1:
        return last, paragraphs[:-1]
    return None, paragraphs
