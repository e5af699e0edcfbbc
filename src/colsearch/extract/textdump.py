"""Text dumps: read the fields of a page saved as plain text (what `w3m -dump` prints).

Two methods. A site with a profile in `sites.py` (The Korea Times) is read by its layout:
crawl line, section label, headline, Posted/Updated, page controls, byline, body, bio,
then the trending list and footer. Any other site is read by the general method:

- lines: w3m's wrapping is undone, and each line is prose, a short line, a list item,
  chrome (controls, link rows, form fields) or an end marker ("Related", "Comments");
- body: the stretch of lines where prose outweighs everything else (each prose line adds
  its words, chrome, short lines and list items cost, timestamps and "Kim says:" cost more),
  cut at end markers; a date line gives the text below it a head start;
- head: above the body, bylines and date lines (bulleted or not, "By" or a label such as
  "Author:" or "Veröffentlicht von", a bare name, a name and its role stacked over a date,
  an author widget's name printed twice, name and date on one line) are anchors, and the
  headline is the title-like line just above them, or failing that the nearest one, counted
  up where a breadcrumb or alt text ends with it and down where it shares few words with
  the text (a button, a teaser); the head runs down to a byline under a standfirst, the
  byline may also sit in an author box after the text, and dates may come just after it.
  Numeric dates are read month first on English pages, day first on others, unless a date
  on the page can only be read one way.
"""

from __future__ import annotations

import re
from datetime import datetime

from ..records import Column
from .bylines import split_byline
from .dates import parse_date, parse_datetime
from .sites import (
    BUTTON_LINES,
    BYLINE_LABELS,
    CHROME_LINES,
    END_MARKERS,
    FOREIGN_POSTED_LABELS,
    IMAGE_WORDS,
    JOB_WORDS,
    OPINION_SECTIONS,
    ROLE_WORDS,
    TEXT_SITES,
    UPDATED_LABELS,
    TextSite,
)

_LINK_LINE_RE = re.compile(r"^\s*(?:\[[^\]]*\]\s*)+$")
_BYLINE_RE = re.compile(r"^\s*(?:written\s+)?by:?\s+[A-Z\u00c0-\u024f\uac00-\ud7a3]", re.I)
_DATE_LABEL_RE = re.compile(
    r"\b(?P<label>published|posted|updated|modified|last updated|first published|date|"
    + "|".join(sorted(FOREIGN_POSTED_LABELS | UPDATED_LABELS, key=len, reverse=True))
    + r")\b\s*:?\s*",
    re.I,
)
_BIO_START_RE = re.compile(r"^(?:the\s+(?:writer|author|columnist|contributor)s?\s+(?:is|are)\b)", re.I)
_PROSE_END_RE = re.compile(r"[.!?…][\"'”’)]*$")


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

# Kinds of line in a text dump.
_PROSE, _SHORT, _ITEM, _CHROME, _STOP = range(5)

# A list item or menu entry as w3m prints it: "  • Politics", "  1. First point".
_ITEM_START_RE = re.compile(r"^\s*(?:[•·▪◦►»*\-–□■☐☑☆★✓✔➤→]|\d+\.|\[\d+\])\s+")
_DIGIT_RE = re.compile(r"\d")
# A day-first date with a dot, as German and Nordic pages write it: "25. Oktober 2023", "18. 05. 2014".
_DAY_DOT_RE = re.compile(r"^\s*\d{1,2}\.\s+(?:[^\W\d_]+\.?|\d{1,2}\.)\s*\d{4}\b")
_BYLINE_LIKE_RE = re.compile(
    r"^(?:(?:written|posted|analysis|opinion|commentary|column|words|story|text|photos?|reporting|report)\s+)?by\b",
    re.I,
)
_RELATIVE_DATE_RE = re.compile(r"\b\d+\s*(?:h|hrs?|hours?|m|mins?|minutes?|d|days?|weeks?)\b(?:\s+ago)?$|\bago$", re.I)
_CREDIT_RE = re.compile(
    r"\b(?:written|edited|reviewed|posted|photos?|story|words|illustrations?|checked|updated)\s*by\b|"
    r"\b\d+\s*min(?:ute)?s?\.?\s+(?:read|listen)\b",
    re.I,
)
_DAY_NO_YEAR_RE = re.compile(
    r"^(?:\w+,?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?$", re.I
)
_GLUED_RE = re.compile(
    r"(?<=[a-z])(?=(?:Published|Updated|Posted|Modified|Written|Reviewed|Edited|By)\b|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d)"
)
_GLUED_BY_RE = re.compile(r"^By(?=[A-Z][a-z])")
# Image placeholders w3m prints before a byline's text: "[svg]ByKim Lee", "[avatar] Kim Lee".
_PLACEHOLDER_RE = re.compile(r"^(?:\[[^\]]*\]\s*)+(?=\S)")
# A name then "By" and the name again: an author photo's alt text, then the byline.
_NAME_BY_NAME_RE = re.compile(r"^(?P<before>.*?\S)\s*\bBy\s+(?P<after>.+)$")
# A name printed twice, as an author widget's alt text and then its caption:
# "Tim Enwall Tim Enwall", "Irene OkpanachiIrene Okpanachi".
_DOUBLED_RE = re.compile(r"^(?P<name>\S+(?:\s+\S+){1,3}?)(?:\s*(?P=name))+$")
# What an author photo's alt text says before the name: "Picture of Kim Lee Kim Lee".
_PHOTO_OF_RE = re.compile(r"^(?:an?\s+)?(?:picture|photo|image|avatar|headshot)\s+(?:of|representing)\s+", re.I)
# An avatar's alt text naming the author: "Kim Lee's avatar", "Avatar of Kim Lee".
_AVATAR_RE = re.compile(r"^(?:(?P<owner>.+?)['’]s\s+avatar|(?:avatar|headshot) of\s+(?P<name>.+?))$", re.I)
_IMAGE_TAIL_RE = re.compile(r"\s+(?:image|photo|picture|avatar|headshot)$", re.I)
_NAME_NOISE_RE = re.compile(r"^(?:author|written by|headshot of|photo of|avatar of)[:\s]+|['’]s$", re.I)
# Two to four capitalised words, perhaps with credentials after a comma: worth a closer look.
_NAME_START_RE = re.compile(r"^(?:\w+[:\s]+)?[A-Z\u00c0-\u024f][^\s,]*(?:\s+\S+){1,4}(?:,|$)")
# A photo credit: "JANE DOE/AFP/Getty Images", "Kim Lee/Reuters".
_CREDIT_LINE_RE = re.compile(r"\w/[A-Z]")
_BY_ALONE_RE = re.compile(r"^(?:(?:written|posted|words|article|post|story|guide|review)\s+)?by:?$|^authors?:$", re.I)
# The title of an author box after the text.
_AUTHOR_BOX_RE = re.compile(
    r"^(?:about the (?:author|writer)s?|(?:the )?authors?|meet the authors?|written by)\s*:?$", re.I
)
# An author box titled with the name: "About Kim Lee".
_ABOUT_NAME_RE = re.compile(r"^About\s+(.+)$")
# A byline led by what the piece is: "Guide by Kim Lee", "A Post By: Kim Lee".
_BYLINE_LEAD_RE = re.compile(
    r"^(?:an?\s+)?(?:article|post|guide|review|story|words|text|analysis|opinion|commentary|column|interview|essay"
    r"|feature|report|reporting)\s+(?=by\b)",
    re.I,
)
# A name after the date on a dated line: "Last Updated on March 26, 2025 by Kim Lee".
_LATE_BY_RE = re.compile(r"\bby:?\s+([^\d|•·]+)")
# Degrees and credentials after a name: ", MS, RD", ", Ph.D.", ", CPA" (but not ", Jr.").
_CREDENTIAL_RE = re.compile(
    r",\s*(?!(?:Jr|Sr|II|III|IV)\b)(?:[A-Z]{2,5}|(?:[A-Z][a-z]?\.){1,3}[A-Z]?\.?)(?=\s*(?:,|$))"
)
# A form field ("[          ]") or a table row ("Total   148   100%"): never a headline.
_FORM_OR_TABLE_RE = re.compile(r"\[[\s_]*\]|\S\s{3,}\S")
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_LOWER_WORD_RE = re.compile(r"(?<![\w'’])[a-z][a-z'’-]+")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")
_SEPARATOR_RE = re.compile(r"\s+[-–—|•·/]\s+|\s*\|\s*|\s{2,}")
_MONTH_WORD_RE = re.compile(
    r"^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?,?$",
    re.I,
)
_DATE_WORD_RE = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?$|"
    r"^(?:on|at|published|posted|updated|date)[:,]?$",
    re.I,
)
_NAME_WORD_RE = re.compile(
    r"^(?:[A-Z\u00c0-\u024f][\w'’.\-\u00c0-\u024f]*|(?:van|von|de|der|da|di|del|la|le|bin|al)|[A-Z]\.)$"
)


class _Line:
    """One logical line of a dump: w3m's wrapped lines joined back together."""

    __slots__ = ("block", "content", "item", "kind", "text", "words")

    def __init__(self, text: str, block: int) -> None:
        self.text = text
        self.block = block
        match = _ITEM_START_RE.match(text)
        if match and _DAY_DOT_RE.match(text):
            match = None  # "25. Oktober 2023": a date, not the 25th item of a list
        self.item = match is not None
        self.content = text[match.end() :].strip() if match else text
        self.words = len(self.content.split())
        self.kind = _classify(self.content, self.words, self.item)


def _classify(content: str, words: int, item: bool) -> int:
    if words > 14 and not item and content[0] != "[":
        return _PROSE  # the common case, decided early: extraction time matters on big archives
    if words <= 12:
        if words <= 8 and len(content) <= 60 and END_MARKERS.match(content):
            return _STOP
        if CHROME_LINES.match(content) or BUTTON_LINES.match(content):
            return _CHROME
    if content[:1] == "[" and _LINK_LINE_RE.match(content):
        return _CHROME
    long_enough = words >= 14
    if not long_enough and not content.isascii():
        long_enough = len(_CJK_RE.findall(content)) >= 40
    if words <= 14 and content[:1] in "BbWw" and _BYLINE_RE.match(content):
        return _SHORT
    if long_enough or words >= 6 or (words and not content.isascii()):
        sentence = bool(_PROSE_END_RE.search(content))
        if long_enough or (words >= 6 and sentence) or (sentence and len(_CJK_RE.findall(content)) >= 20):
            if item and not (long_enough and sentence):
                return _ITEM  # a headline in a list of headlines, or a short list entry
            return _PROSE
    return _ITEM if item else _SHORT


def _logical_lines(lines: list[str]) -> list[_Line]:
    """Lines with w3m's wrapping undone, each knowing its blank-line block."""
    lengths = sorted((len(line) for line in lines), reverse=True)
    width = lengths[min(5, len(lengths) - 1)] if lengths else 0
    wrap_at = width - 28 if width >= 60 else 1 << 30
    out: list[_Line] = []
    parts: list[str] = []
    block = 0
    wrapped = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if parts:
                out.append(_Line(" ".join(parts), block))
                parts = []
                block += 1
            wrapped = False
            continue
        if parts and (not wrapped or _ITEM_START_RE.match(line)):
            out.append(_Line(" ".join(parts), block))
            parts = []
        parts.append(stripped)
        wrapped = len(line) >= wrap_at
    if parts:
        out.append(_Line(" ".join(parts), block))
    return out


def _extract_general(path: str, lines: list[str]) -> Column:
    dump = _logical_lines(lines)
    region = _body_region(dump)
    if region is None:
        return Column(path=path, is_column=False, reason="no run of prose paragraphs: not a column")
    first, last = region
    head = dump[max(0, first - 80) : first]
    seen: dict[str, int] = {}
    for line in dump:
        seen[line.content] = seen.get(line.content, 0) + 1
    _count_trails(head, seen)
    common = {word for line in dump[first : last + 1] for word in _LOWER_WORD_RE.findall(line.content)}
    vocabulary = {word.casefold() for line in dump[first : last + 1] for word in _WORD_RE.findall(line.content)}
    month_first = _month_first(dump, first, last)
    headline, byline, posted, updated = _read_head(head, seen, common, vocabulary, month_first)
    top = _byline_on_top(dump, first, last) if byline is None else None
    if top is not None:  # the head runs down to a byline under the standfirst
        upper = dump[max(0, first - 80) : top + 1]
        headline, byline, posted, updated = _read_head(upper, seen, common, vocabulary, month_first)
    if byline is None:
        byline = _byline_after(dump, max(first, last - _AUTHOR_BOX_INSIDE), last, common)
    if posted is None:  # the head may say only when the page was updated
        near_posted, near_updated = _read_dates_near(dump, first, last, month_first)
        posted, updated = near_posted, updated or near_updated
    if posted is None:
        # A page that shows only when it was updated: that date is the one its readers (and
        # the benchmarks' annotators) take for the column's date, as the HTML reader does.
        posted = updated
    text = [line for at, line in enumerate(dump[first : last + 1], first) if at != top]  # the byline is not text
    paragraphs = [line.content for line in text if line.kind in (_PROSE, _SHORT, _ITEM)]
    authors = split_byline(byline)
    bio, paragraphs = _split_bio(paragraphs, authors)
    words = sum(len(p.split()) for p in paragraphs)
    is_column = words >= 120 and headline is not None
    section = None
    for line in head:
        if line.content.lower() in OPINION_SECTIONS:
            section = line.content
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


# How far into the text a byline may sit and still belong to the head: below a standfirst.
_BYLINE_REACH = 10


def _byline_on_top(dump: list[_Line], first: int, last: int) -> int | None:
    """Where an explicit byline ("By Kim Lee") sits among the text's first lines, if one does.

    A standfirst (the summary under the headline) reads as prose, so the text may start above
    the byline; the head then runs down to the byline.
    """
    for at in range(first, min(first + _BYLINE_REACH, last + 1)):
        line = dump[at]
        if line.words > 20 or _PROSE_END_RE.search(line.content):
            continue
        text = _unglue(line.content)
        if _BYLINE_RE.match(text) and split_byline(_drop_credentials(text)):
            return at
    return None


# How far below the text an author box may start, and how many of the text's last lines
# it may be counted in.
_AUTHOR_BOX_REACH = 20
_AUTHOR_BOX_INSIDE = 4


def _byline_after(dump: list[_Line], start: int, last: int, common: set[str]) -> str | None:
    """A byline in the author box after the text: "Written by Kim Lee", "About the author / Kim Lee".

    The box may also close the text itself: its last lines are looked at from `start` on.
    """
    titled = False  # the line before was the box's title ("About the Author", "Written by:")
    for line in dump[start : last + 1 + _AUTHOR_BOX_REACH]:
        if line.kind == _CHROME or line.words > 16:
            titled = False
            continue
        text = _unglue(line.content)
        if _BYLINE_RE.match(text) and split_byline(_drop_credentials(text)):
            return text
        about = _ABOUT_NAME_RE.match(text)
        if titled or about:
            name = _bare_name(about.group(1) if about else text, common) or _signature(line.content, common)
            if name:
                return name
        titled = bool(_BY_ALONE_RE.match(text) or _AUTHOR_BOX_RE.match(text))
    return None


def _body_region(dump: list[_Line]) -> tuple[int, int] | None:
    """The column's text: the stretch of lines where prose outweighs everything else.

    Each line weighs its words if it is prose and costs something if it is not (see
    `_weight`); the body is the stretch with the greatest sum (Kadane's maximum subarray),
    cut at end markers. A date line is a column's head: the text below it starts afresh
    with a head start, so a column beats a longer list of teasers or comments elsewhere.
    """
    best: tuple[float, int, int] | None = None
    total, start = 0.0, 0
    for at, line in enumerate(dump):
        if line.kind == _STOP:
            total, start = 0.0, at + 1
            continue
        if _is_date_line(line):
            total, start = _HEAD_START, at + 1
            continue
        if total <= 0:
            total, start = 0.0, at
        total += _weight(line)
        if line.kind == _PROSE and (best is None or total > best[0]):
            best = (total, start, at)
    if best is None:
        return None
    first, last = best[1], best[2]
    while dump[first].kind != _PROSE:
        first += 1
    return first, last


# What a line adds to a stretch of body text (`_body_region`): prose its words, half of
# them when it ends without a sentence's end (a teaser); chrome, short lines and list
# items cost, and lines that head comments or teasers ("Kim says:", "2 days ago") cost more.
_CHROME_COST = 10.0
_SHORT_COST = 4.0
_ITEM_COST = 6.0  # an item gives back its words past this many, up to nothing
_UNFINISHED_SHARE = 0.5
_DATED_COST = 20.0
_HEAD_START = 60.0
_COMMENT_HEAD_RE = re.compile(r"\b(?:says|said|wrote|replied)\s*:$", re.I)


def _weight(line: _Line) -> float:
    if line.kind == _PROSE:
        return float(line.words) if _PROSE_END_RE.search(line.content) else line.words * _UNFINISHED_SHARE
    if line.kind == _CHROME:
        return -_CHROME_COST
    cost = _SHORT_COST if line.kind == _SHORT else max(0.0, _ITEM_COST - line.words)
    text = line.content
    if line.words <= 12 and (
        _COMMENT_HEAD_RE.search(text) or (_DIGIT_RE.search(text) and (_RELATIVE_DATE_RE.search(text) or _date_of(text)))
    ):
        cost += _DATED_COST
    return -cost


def _is_date_line(line: _Line) -> bool:
    """A short line holding a date ("Posted March 3, 2021"): the head of a column or comment.

    A byline may make it longer: "By Kim Lee – Updated Sep 9, 2025 at 1:00 PM EST | Fact-checked by Jo Park".
    """
    if not _DIGIT_RE.search(line.content):
        return False
    long = line.words > 12 or line.kind == _PROSE
    if long and (line.words > 24 or not _BYLINE_RE.match(line.content) or _PROSE_END_RE.search(line.content)):
        return False
    return _date_of(line.content) is not None


def _count_trails(head: list[_Line], seen: dict[str, int]) -> None:
    """Count a line once more where another line ends with it: a breadcrumb ("Home / Blog /
    Title", "HomeTitle") or an image's alt text ("Hero image for Title") names the headline."""
    texts = {line.content for line in head if line.kind != _CHROME}
    for text in texts:
        if len(text) < 12 or " " not in text:
            continue
        for other in texts:
            if len(other) > len(text) and other.endswith(text):
                before = other[-len(text) - 1]
                if not before.isalnum() or (before.islower() and text[0].isupper()):
                    seen[text] = seen.get(text, 0) + 1
                    break


def _read_head(
    head: list[_Line], seen: dict[str, int], common: set[str], vocabulary: set[str], month_first: bool
) -> tuple[str | None, str | None, str | None, str | None]:
    """Headline, byline, posted and updated from the lines above the column's text.

    Bylines and date lines are the anchors: the headline is the line just above them
    (sites also repeat it in a breadcrumb or caption); without anchors, the line nearest
    the text that reads like a title.
    """
    dates: dict[int, tuple[str | None, str | None]] = {}
    bylines: dict[int, str] = {}
    plain: dict[int, str] = {}  # lines that may be a bare name, looked at only where it matters
    marks: set[int] = set()
    for at, line in enumerate(head):
        if line.kind in (_STOP, _CHROME) or line.words > 30:
            continue
        text = _unglue(line.text.strip() if line.text[:1].isdigit() else line.content)  # "6. Mai 2020"
        dated = _read_date_line(text, month_first) if _DIGIT_RE.search(text) else None
        if dated is not None and (dated[0] or dated[1]):
            dates[at] = dated
        name = _byline_of(text, dated is not None, common) or _signature(line.content, common)
        if name:
            bylines[at] = name
        elif _BY_ALONE_RE.match(text) and at + 1 < len(head):
            joined = "By " + head[at + 1].content
            if split_byline(_drop_credentials(joined)):
                bylines[at] = joined
        elif dated is None:
            if (
                _BYLINE_LIKE_RE.match(text)
                or (line.words <= 10 and _CREDIT_RE.search(text))
                or (line.words <= 8 and (_RELATIVE_DATE_RE.search(text) or _DAY_NO_YEAR_RE.match(text)))
            ):
                marks.add(at)  # "By CNN Wire", "3 hours ago": not a headline, and one is just above
            elif line.words <= 6:
                plain[at] = _SEPARATOR_RE.split(text, maxsplit=1)[0]  # "Kim Lee | The Gazette"
    names: dict[int, str | None] = {}

    def name_at(at: int) -> str | None:
        if at not in names:
            names[at] = _bare_name(plain[at], common) if at in plain else None
        return names[at]

    anchors = set(dates) | set(bylines) | marks
    solid = [at for at, line in enumerate(head) if line.kind != _CHROME]
    near: dict[int, str] = {}
    # A name, its role and a date stacked: "Kim Lee / Staff Writer / May 3, 2024".
    for a, b, c in zip(solid, solid[1:], solid[2:], strict=False):
        if a in plain and c in anchors and b not in anchors and _is_role_line(head[b].content):
            name = name_at(a)
            if name:
                near[a] = name
                anchors.update((a, b))
    # A bare name right beside a date or byline is a byline too.
    padded = [-1, *solid, len(head)]  # the first and last lines have one neighbour each
    beside = {a: (b, c) for b, a, c in zip(padded, padded[1:], padded[2:], strict=False)}
    for at in [*sorted(plain), *sorted(plain, reverse=True)]:
        if at not in near and any(n in anchors for n in beside[at]):
            name = name_at(at)
            if name:
                near[at] = name
                anchors.add(at)
    # How far each line is from the text, and from the next anchor below it, counting
    # only lines that are not chrome.
    to_body = [0] * len(head)
    to_anchor = [99] * len(head)
    count, since_anchor = 0, 99
    for at in range(len(head) - 1, -1, -1):
        to_body[at] = count
        to_anchor[at] = since_anchor
        if at in anchors:
            since_anchor = 0
        elif head[at].kind != _CHROME:
            count += 1
            since_anchor += 1
    best, best_score = -1, -50.0
    for at, line in enumerate(head):
        if at in anchors or line.kind in (_CHROME, _STOP):
            continue
        if line.words <= 5 and to_anchor[at] <= 1 and any(m < at and at - m <= 2 for m in anchors):
            continue  # between a name and its date: a role or a place
        score = _headline_score(line, to_body[at], to_anchor[at], seen, vocabulary)
        if score > best_score - 3 and name_at(at):
            score -= 3
        if score > best_score:
            best, best_score = at, score
    headline = head[best].content if best >= 0 else None
    # An explicit byline below the headline, else a bare name just below it, else one above.
    below = [at for at in sorted(bylines) if at > best]
    byline = bylines[below[0]] if below else None
    if byline is None and best >= 0:
        close = [at for at in solid if at > best][:6]
        byline = next((near[at] for at in close if at in near), None)
        byline = byline or next((name for name in map(name_at, close[:2]) if name), None)
    if byline is None and bylines:
        byline = bylines[max(bylines)]
    posted = updated = None
    order = [at for at in sorted(dates) if at > best] + [at for at in sorted(dates, reverse=True) if at <= best]
    for at in order:
        posted = posted or dates[at][0]
        updated = updated or dates[at][1]
    return headline, _drop_credentials(byline) if byline else None, posted, updated


def _unglue(text: str) -> str:
    """Undo what a text browser glues together: "ByKim LeePublished Mar 3", "Kim Lee Kim Lee"."""
    text = _PLACEHOLDER_RE.sub("", text)
    if text.isascii():
        text = _GLUED_RE.sub(" ", text)
        if text.startswith("By"):
            text = _GLUED_BY_RE.sub("By ", text)
    text = BYLINE_LABELS.sub("By ", text)
    text = _BYLINE_LEAD_RE.sub("", text.lstrip("|¦·•-–— "))
    twice = _NAME_BY_NAME_RE.match(text)
    if twice:
        name = _name_part(twice.group("after"))
        if name and twice.group("before").endswith(name):
            text = "By " + twice.group("after")  # "Picture of Kim Lee By Kim Lee May 3, 2024"
    words = text.split()
    for size in (2, 3):  # an avatar's alt text, then the name: "Written by: Kim Lee Kim Lee"
        if len(words) >= 2 * size and words[-size:] == words[-2 * size : -size]:
            text = " ".join(words[:-size])
            break
    return _IMAGE_TAIL_RE.sub("", text) if len(words) <= 6 else text


def _drop_credentials(byline: str) -> str:
    """ "Dylan Bailey, MS, RD" -> "Dylan Bailey": degrees after a comma are not names."""
    return _CREDENTIAL_RE.sub("", byline)


def _read_dates_near(dump: list[_Line], first: int, last: int, month_first: bool) -> tuple[str | None, str | None]:
    """Dates at the top of the text or, labelled ("Posted on ..."), just after it."""
    around = [*dump[first : min(first + 3, last + 1)], *dump[last + 1 : last + 30]]
    for at, line in enumerate(around):
        if line.words > 25 or line.kind == _STOP or not _DIGIT_RE.search(line.content):
            continue
        text = _unglue(line.content)
        if at >= 3 and line.words > 6 and not _DATE_LABEL_RE.search(text):
            continue
        dated = _read_date_line(text, month_first)
        if dated is not None and (dated[0] or dated[1]):
            return dated
    return None, None


def _headline_score(line: _Line, to_body: int, to_anchor: int, seen: dict[str, int], vocabulary: set[str]) -> float:
    text = line.content
    if line.words < 2 and not (_CJK_RE.search(text) and len(text) >= 6):
        return float("-inf")
    if line.words > 30 or text.lower() in OPINION_SECTIONS or text.endswith((":", "—", "-", "|")):
        return float("-inf")
    if _FORM_OR_TABLE_RE.search(text) or _WORD_RE.search(text) is None:
        return float("-inf")
    score = -0.15 * min(to_body, 40)  # nearer the column is likelier
    if to_body == 0:
        score += 2  # the line right above the text, where a headline sits when nothing else does
    if to_anchor <= 3:
        score += 8 - to_anchor  # just above the byline or date
    if seen.get(text, 0) > 1:
        score += 3  # sites repeat the headline (breadcrumb, image caption, share text)
    if line.item:
        score -= 4
    if line.kind == _PROSE:
        score -= 3 if line.words >= 14 else 1
    if text.endswith("."):
        score -= 2
    if 4 <= line.words <= 20:
        score += 2
    elif line.words <= 3:
        score -= 1.5
    if IMAGE_WORDS.search(text) or (line.words <= 8 and _CREDIT_LINE_RE.search(text)):
        score -= 5
    # A headline names what the text is about, so its words come back in the text; a button
    # ("Book a Demo Log In") or a teaser for another piece shares few of them. A standfirst
    # shares many too, but it ends as a sentence does: no bonus for that.
    words = [word.casefold() for word in _WORD_RE.findall(text) if len(word) >= 4]
    if words:
        shared = sum(word in vocabulary for word in words) / len(words) - 0.5
        if shared < 0 or not text.endswith("."):
            score += _TOPIC_WEIGHT * shared
    return score


_TOPIC_WEIGHT = 8.0


def _byline_of(text: str, dated: bool, common: set[str]) -> str | None:
    """The byline part of a line: "By Kim A", "Kim A - Apr 16, 2015 8:02 pm UTC"."""
    whole = text
    if dated:
        text = _name_part(text)
        if not _BYLINE_RE.match(text):
            late = _LATE_BY_RE.search(whole)
            late_name = _name_part(late.group(1)) if late else ""
            if not _bare_name(text, common) and split_byline(late_name):
                return "By " + late_name  # "Published on May 2, 2025 by Kim Lee"
            return text if _bare_name(text, common) else None
    if _BYLINE_RE.match(text) or ("," in text and _looks_like_role_byline(text)):
        return text if split_byline(text) else None
    return None


def _signature(text: str, common: set[str]) -> str | None:
    """A byline that an author widget prints without "By": the name twice, or an avatar's alt text."""
    match = _DOUBLED_RE.match(_PHOTO_OF_RE.sub("", text)) or _AVATAR_RE.match(text)
    if match is None:
        return None
    name = _bare_name(next(group for group in match.groups() if group), common)
    return "By " + name if name else None


def _name_part(text: str) -> str:
    """What comes before the date on a mixed line ("by Laura June Topolsky July 10, 2015")."""
    part = _SEPARATOR_RE.split(text, maxsplit=1)[0]
    words = part.split()
    kept: list[str] = []
    for at, word in enumerate(words):
        if _DIGIT_RE.search(word) or _DATE_WORD_RE.match(word):
            break
        if _MONTH_WORD_RE.match(word) and at + 1 < len(words) and _DIGIT_RE.search(words[at + 1]):
            break
        kept.append(word)
    return " ".join(kept).strip(" ,-–—|·•")


def _bare_name(text: str, common: set[str]) -> str | None:
    """A line that is only a person's name ("Aleš Vávra"), as a byline.

    `common` holds the words the column's text writes in lower case: a line whose words
    all are among them is a title ("Top Weight Loss Medications"), not a name.
    """
    if len(text) > 80 or not _NAME_START_RE.match(text) or _DIGIT_RE.search(text):
        return None
    text = _NAME_NOISE_RE.sub("", _drop_credentials(text))
    words = text.split()
    if not 2 <= len(words) <= 4 or text.endswith("."):
        return None
    if not all(_NAME_WORD_RE.match(word) for word in words) or not words[-1][:1].isupper():
        return None
    if any(word.lower().strip(".") in ROLE_WORDS for word in words):
        return None
    if all(word.lower() in common for word in words):
        return None
    return text if split_byline(text) else None


def _is_role_line(text: str) -> bool:
    """A line that is a job title ("Staff Writer", "VP - Technology"), as printed under a name."""
    words = text.split()
    return len(words) <= 6 and any(word.lower().strip(".,:;-–—") in JOB_WORDS for word in words)


def _looks_like_role_byline(line: str) -> bool:
    return bool(re.search(r",\s*(?:[A-Z][a-z]+\s+)*(?:Columnist|Writer|Editor|Correspondent|Contributor)\b", line))


def _date_of(text: str) -> str | None:
    if not _DIGIT_RE.search(text):
        return None
    return parse_date(text, month_first=True)


# Where one date of a line ends and the next begins: separators, or an update label
# ("April 28, 2019 at 6:01 am Updated April 29, 2019").
_DATE_PARTS_RE = re.compile(r"\s*[|·•]\s*|\s+/\s+|\s{2,}|\s+(?=(?:last\s+)?(?:updated|modified|edited)\b)", re.I)
# A numeric date: "02/11/2023", "18.05.2020", "5-24-2021".
_NUMERIC_DATE_RE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-]\d)")
_SLASHED_DATE_RE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
# Words that make a text English, whose pages write "02/11/2023" month first (US) more often.
_ENGLISH_RE = re.compile(r"\b(?:the|and|of|to|is|that|with)\b", re.I)


def _month_first(dump: list[_Line], first: int, last: int) -> bool:
    """Whether the page writes numeric dates month first ("11/02/2023" for November 2).

    A date that can only be read one way ("18/05/2020") settles it for the page; else an
    English text reads month first, as US pages do, and any other language day first.
    """
    for line in dump:
        if not _DIGIT_RE.search(line.content):
            continue
        for day, _, month, _ in _NUMERIC_DATE_RE.findall(line.content):
            if int(day) > 12 >= int(month):
                return False
            if int(month) > 12 >= int(day):
                return True
    text = " ".join(line.content for line in dump[first : last + 1])
    return len(_ENGLISH_RE.findall(text)) * 25 >= len(text.split())


def _read_date_line(line: str, month_first: bool = True) -> tuple[str | None, str | None] | None:
    """(posted, updated) from a line that is only dates, their labels and a name, else None.

    `month_first`: how to read "02/11/2023" (see `_month_first`).
    """
    if len(line.split()) > 20:
        return None
    if parse_datetime(line, month_first=True) is None:
        return None
    if not month_first:
        line = _SLASHED_DATE_RE.sub(r"\1.\2.\3", line)  # dates.py reads dotted dates day first
    posted = updated = None
    for part in _DATE_PARTS_RE.split(line):
        value = parse_date(part, month_first=month_first)
        if value is None:
            continue
        label = _DATE_LABEL_RE.search(part)
        if label and label.group("label").lower() in UPDATED_LABELS:
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
