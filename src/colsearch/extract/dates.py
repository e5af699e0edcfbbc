"""Dates: read the date-times pages print into ISO 8601 strings.

Handles the forms news pages use: ISO values from metadata ("2021-05-24T17:26:00+09:00"),
numeric dates ("2021-05-24 17:26", "2021.05.24"), written-out dates ("May 24, 2021
7:34 p.m. KST", "24 May 2021", "Mon, 24 May 2021 17:26:00 GMT") and relative ones
("3 hours ago", resolved only against a date the page itself gives). Anything it cannot
read, or a placeholder such as year 0001, gives None: a missing date is better than a
guessed one.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from .sites import FOREIGN_MONTHS

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

# Day-first month names: English and other languages ("3. Februar 2022", "17 septembre 2019");
# the other languages' names are data in sites.py.
DAY_FIRST_MONTHS = {**MONTHS, **{name: MONTHS[english.lower()] for name, english in FOREIGN_MONTHS.items()}}

ZONES: dict[str, tzinfo] = {
    "kst": timezone(timedelta(hours=9)),
    "jst": timezone(timedelta(hours=9)),
    "utc": UTC,
    "gmt": UTC,
    "z": UTC,
    "et": ZoneInfo("America/New_York"),
    "est": timezone(timedelta(hours=-5)),
    "edt": timezone(timedelta(hours=-4)),
    "ct": ZoneInfo("America/Chicago"),
    "cst": timezone(timedelta(hours=-6)),
    "cdt": timezone(timedelta(hours=-5)),
    "pt": ZoneInfo("America/Los_Angeles"),
    "pst": timezone(timedelta(hours=-8)),
    "pdt": timezone(timedelta(hours=-7)),
    "bst": timezone(timedelta(hours=1)),
    "cet": timezone(timedelta(hours=1)),
    "cest": timezone(timedelta(hours=2)),
    "ist": timezone(timedelta(hours=5, minutes=30)),
}

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = (
    r"(?:(?:\s*(?:at|,|T|\|)?\s*)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?)?"
)
_ZONE = r"(?:\s*(?P<offset>[+-]\d{2}:?\d{2})|\s*\(?(?P<zone>[A-Za-z]{1,4})\)?(?![A-Za-z]))?"

_PATTERNS = [
    # 2021-05-24T17:26:00+09:00, 2021-05-24 17:26, 2021.05.24, 2021/05/24
    re.compile(r"(?P<year>\d{4})[-./](?P<mon>\d{1,2})[-./](?P<day>\d{1,2})\.?" + _TIME + _ZONE, re.I),
    # May 24, 2021 7:34 p.m. KST
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME + _ZONE, re.I),
    # 24 May 2021 17:26 GMT, Mon, 24 May 2021
    re.compile(r"(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME + _ZONE, re.I),
    # 3. Februar 2022, 3. April 2022, 17 septembre 2019, 15 de marzo de 2020
    re.compile(
        r"(?<!\d)(?P<day>\d{1,2})\.?\s+(?:de\s+)?(?P<foreign>"
        + "|".join(sorted(DAY_FIRST_MONTHS, key=len, reverse=True))
        + r")\.?\s+(?:de\s+)?(?P<year>\d{4})"
        + _TIME
        + _ZONE,
        re.I,
    ),
    # Dezember 3, 2020 (month first, in another language; English is the second pattern)
    re.compile(
        r"(?<![\w])(?P<foreign>"
        + "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
        + r")\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})"
        + _TIME
        + _ZONE,
        re.I,
    ),
    # 2021年5月24日, 2021년 5월 24일
    re.compile(r"(?P<year>\d{4})\s*[年년]\s*(?P<mon>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]?" + _TIME),
    # 24.05.2021, 24-05-2021, 5/24/2021: which number is the day is settled in `_build`
    re.compile(
        r"(?<![\d./-])(?P<first>\d{1,2})(?P<sep>[./-])(?P<other>\d{1,2})(?P=sep)(?P<year>\d{4})(?![\d./-]\d)"
        + _TIME
        + _ZONE,
        re.I,
    ),
    # 20210524
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<mon>[01]\d)(?P<day>[0-3]\d)(?!\d)"),
    # 31.10.23: a two-digit year, only with dots and two-digit day and month (not "1.2.10", a version)
    re.compile(r"(?<![\d.])(?P<day>[0-3]\d)\.(?P<mon>[01]\d)\.(?P<short_year>\d{2})(?![\d]|\.\d)" + _TIME),
]

_RELATIVE_RE = re.compile(r"(?P<n>\d+|an?|one)\s+(?P<unit>minute|min|hour|hr|day|week)s?\s+ago", re.I)


_UNITS = {
    "minute": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
}


def parse_date(
    text: str | None,
    default_zone: tzinfo | None = None,
    reference: datetime | None = None,
    *,
    month_first: bool = False,
) -> str | None:
    """The first date-time in `text` as ISO 8601, or None.

    `default_zone` applies when the text names no zone (a site's own zone). `reference`
    resolves relative dates; without one they give None. A numeric date whose day could
    be either number (04/05/2021, 04-05-2021) is read month first with `month_first`, as
    US pages write it; without it a slashed one gives None and a dashed one is day first.
    """
    value = parse_datetime(text, default_zone, reference, month_first=month_first)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return value.isoformat()


def parse_datetime(
    text: str | None,
    default_zone: tzinfo | None = None,
    reference: datetime | None = None,
    *,
    month_first: bool = False,
) -> datetime | date | None:
    """Like `parse_date`, but returns a `datetime` (with time) or a `date` (without)."""
    if not text:
        return None
    text = text.strip()[:200]
    matches = [m for m in (pattern.search(text) for pattern in _PATTERNS) if m]
    if matches:  # the date that comes first in the text
        return _build(min(matches, key=lambda m: m.start()), default_zone, month_first)
    relative = _RELATIVE_RE.search(text)
    if relative and reference is not None:
        amount = relative.group("n").lower()
        n = 1 if amount in ("a", "an", "one") else int(amount)
        step = _UNITS[relative.group("unit").lower()]
        try:
            value = reference - n * step
        except OverflowError:
            return None
        return value if 1900 <= value.year <= 2100 else None
    return None


def _build(match: re.Match[str], default_zone: tzinfo | None, month_first: bool) -> datetime | date | None:
    groups = match.groupdict()
    try:
        if groups.get("short_year"):  # "23" is 2023, "98" is 1998
            year = int(groups["short_year"]) + (2000 if int(groups["short_year"]) < 70 else 1900)
        else:
            year = int(groups["year"])
        if groups.get("first"):  # a numeric date: which is the day
            first, second = int(groups["first"]), int(groups["other"] or 0)
            if first > 12 >= second:
                day, month = first, second
            elif second > 12 >= first:
                day, month = second, first
            elif groups["sep"] == "." or (groups["sep"] == "-" and not month_first):
                day, month = first, second  # 24.05.2021: day first where dots are used
            elif month_first:
                day, month = second, first
            else:
                return None  # 4/5/2021 could be either
        else:
            if groups.get("month"):
                month = MONTHS[groups["month"].lower()]
            elif groups.get("foreign"):
                month = DAY_FIRST_MONTHS[groups["foreign"].lower()]
            else:
                month = int(groups["mon"])
            day = int(groups["day"])
        if year < 1900 or year > 2100:
            return None
        if not groups.get("hour"):
            return date(year, month, day)
        hour, minute = int(groups["hour"]), int(groups["minute"])
        second = int(groups["second"] or 0)
        ampm = (groups.get("ampm") or "").replace(".", "").lower()
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        zone = _zone(groups, default_zone)
        value = datetime(year, month, day, hour, minute, second)
    except (ValueError, KeyError):
        return None
    if zone is not None:
        value = value.replace(tzinfo=zone)
        # Resolve named zones (ET, PT) to a fixed offset so the ISO string carries it.
        offset = value.utcoffset()
        if offset is not None:
            value = value.replace(tzinfo=timezone(offset))
    return value


def _zone(groups: dict[str, str | None], default_zone: tzinfo | None) -> tzinfo | None:
    offset = groups.get("offset")
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    name = (groups.get("zone") or "").lower()
    if name in ZONES:
        return ZONES[name]
    return default_zone


def to_naive(iso: str | None) -> datetime | None:
    """The wall-clock date-time of an ISO string (the page's own local time), for filters."""
    if not iso:
        return None
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return value.replace(tzinfo=None)
