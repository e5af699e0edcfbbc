"""Extraction stage, dates: `parse_date` reads the date-times pages print into ISO 8601.

Every form named in the module docstring with its exact expected string, the 12 a.m./p.m.
edges, named zones with daylight saving, placeholders and impossible dates (None), relative
dates (only with a reference), and properties: never raises, output always parses back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from colsearch.extract.dates import parse_date, parse_datetime, to_naive

KST = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO values from metadata
        ("2021-05-24T17:26:00+09:00", "2021-05-24T17:26:00+09:00"),
        ("2021-05-24T08:26:00Z", "2021-05-24T08:26:00+00:00"),
        ("2021-05-24T08:26:00.123456Z", "2021-05-24T08:26:00+00:00"),
        ("2021-05-24T17:26:00+0900", "2021-05-24T17:26:00+09:00"),
        ("2021-05-24T17:26:00-04:30", "2021-05-24T17:26:00-04:30"),
        # numeric dates
        ("2021-05-24 17:26", "2021-05-24T17:26:00"),
        ("2021-05-24 17:26:09", "2021-05-24T17:26:09"),
        ("2021.05.24", "2021-05-24"),
        ("2021.5.4.", "2021-05-04"),
        ("2021/05/24", "2021-05-24"),
        ("20210524", "2021-05-24"),
        # written-out dates
        ("May 24, 2021 7:34 p.m. KST", "2021-05-24T19:34:00+09:00"),
        ("Updated: May 24, 2021 7:34 p.m. KST", "2021-05-24T19:34:00+09:00"),
        ("Sept. 5, 2021", "2021-09-05"),
        ("May 24th, 2021", "2021-05-24"),
        ("December 1, 2020, 11:05 PM", "2020-12-01T23:05:00"),
        ("24 May 2021", "2021-05-24"),
        ("24 May 2021 17:26 GMT", "2021-05-24T17:26:00+00:00"),
        ("Mon, 24 May 2021 17:26:00 GMT", "2021-05-24T17:26:00+00:00"),
        ("2021-05-24 17:26 (KST)", "2021-05-24T17:26:00+09:00"),
        ("2021-05-24 17:26 EST", "2021-05-24T17:26:00-05:00"),
        ("Feb 29, 2020", "2020-02-29"),
    ],
)
def test_forms(text: str, expected: str) -> None:
    assert parse_date(text) == expected


def test_site_zone_applies_when_the_text_names_none() -> None:
    assert parse_date("Posted : 2021-05-24 17:26", default_zone=KST) == "2021-05-24T17:26:00+09:00"


def test_named_zone_wins_over_site_zone() -> None:
    assert parse_date("May 24, 2021 7:34 p.m. GMT", default_zone=KST) == "2021-05-24T19:34:00+00:00"
    assert parse_date("2021-05-24T17:26:00-04:00", default_zone=KST) == "2021-05-24T17:26:00-04:00"


def test_date_without_time_gets_no_zone() -> None:
    assert parse_date("2021.05.24", default_zone=KST) == "2021-05-24"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published March 3, 2023 at 6:15 a.m. ET", "2023-03-03T06:15:00-05:00"),
        ("Published July 3, 2023 at 6:15 a.m. ET", "2023-07-03T06:15:00-04:00"),
        ("Jan 10, 2022 9:00 a.m. PT", "2022-01-10T09:00:00-08:00"),
        ("Aug 10, 2022 9:00 a.m. PT", "2022-08-10T09:00:00-07:00"),
        ("Aug 10, 2022 9:00 a.m. CT", "2022-08-10T09:00:00-05:00"),
        ("Nov 8, 2020 1:30 a.m. ET", "2020-11-08T01:30:00-05:00"),
    ],
)
def test_named_zones_follow_daylight_saving(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May 24, 2021 12:00 a.m.", "2021-05-24T00:00:00"),
        ("May 24, 2021 12:05 am", "2021-05-24T00:05:00"),
        ("May 24, 2021 12:00 p.m.", "2021-05-24T12:00:00"),
        ("May 24, 2021 12:59 PM", "2021-05-24T12:59:00"),
        ("May 24, 2021 1:00 p.m.", "2021-05-24T13:00:00"),
        ("May 24, 2021 11:59 p.m.", "2021-05-24T23:59:00"),
        ("May 24, 2021 11:59 a.m.", "2021-05-24T11:59:00"),
        ("2021-05-24 17:26 pm", "2021-05-24T17:26:00"),  # already a 24-hour clock
    ],
)
def test_twelve_hour_clock_edges(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00",
        "0001-01-01",
        "2021-02-30",
        "2021-02-29",
        "2021-13-01",
        "2021-00-10",
        "2021-04-31",
        "Feb 30, 2021",
        "2021-05-24 25:00",
        "2021-05-24 17:60",
        "2021-05-24 17:26:60",
        "2021-05-24 17:26 +25:00",
        "1899-12-31",
        "2101-01-01",
        "no date here",
        "",
        "   ",
        None,
    ],
)
def test_placeholders_and_impossible_dates_give_none(text: str | None) -> None:
    assert parse_date(text) is None


def test_relative_dates_need_a_reference() -> None:
    assert parse_date("3 hours ago") is None
    assert parse_date("Updated 3 hours ago", default_zone=KST) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 hours ago", "2021-05-24T15:00:00+09:00"),
        ("Updated an hour ago", "2021-05-24T17:00:00+09:00"),
        ("10 minutes ago", "2021-05-24T17:50:00+09:00"),
        ("1 day ago", "2021-05-23T18:00:00+09:00"),
        ("2 weeks ago", "2021-05-10T18:00:00+09:00"),
        ("one week ago", "2021-05-17T18:00:00+09:00"),
    ],
)
def test_relative_dates_against_a_reference(text: str, expected: str) -> None:
    assert parse_date(text, reference=datetime(2021, 5, 24, 18, 0, tzinfo=KST)) == expected


def test_absolute_date_wins_over_relative() -> None:
    ref = datetime(2021, 5, 24, 18, 0, tzinfo=KST)
    assert parse_date("3 hours ago (May 20, 2021)", reference=ref) == "2021-05-20"


@pytest.mark.parametrize("text", ["1000000 weeks ago", "99999999999999 minutes ago"])
def test_huge_relative_amount_gives_none(text: str) -> None:
    assert parse_date(text, reference=datetime(2021, 5, 24, 18, 0)) is None


def test_first_date_in_text_wins() -> None:
    assert parse_date("Updated May 25, 2021; first published 2021-05-24") == "2021-05-25"


def test_parse_datetime_types() -> None:
    assert parse_datetime("2021.05.24") == date(2021, 5, 24)
    assert parse_datetime("24 May 2021 17:26 GMT") == datetime(2021, 5, 24, 17, 26, tzinfo=UTC)


def test_to_naive_keeps_the_wall_clock() -> None:
    assert to_naive("2021-05-24T17:26:00+09:00") == datetime(2021, 5, 24, 17, 26)
    assert to_naive("2021-05-24") == datetime(2021, 5, 24)
    assert to_naive("not a date") is None
    assert to_naive(None) is None


# --- properties ---------------------------------------------------------------------------


def assert_iso(value: str | None) -> None:
    if value is None:
        return
    if "T" in value:
        datetime.fromisoformat(value)
    else:
        date.fromisoformat(value)


@given(st.text(max_size=250))
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_iso(parse_date(text))
    assert_iso(parse_date(text, default_zone=KST, reference=datetime(2021, 5, 24, 18, 0, tzinfo=KST)))


DATEISH = st.from_regex(
    r"\A(?:(?:Posted|Updated)\s*:?\s*)?\d{1,4}[-./ ]\d{1,2}[-./ ]\d{1,4}"
    r"(?:[ T]\d{1,2}:\d{1,2}(?::\d{1,2})?)?(?: ?[ap]\.?m\.?)?(?: ?(?:[+-]\d{2}:?\d{2}|[A-Z]{1,4}))?\Z",
)
WRITTEN = st.builds(
    "{} {}, {} {}:{:02d} {}".format,
    st.sampled_from(["Jan", "Feb.", "March", "Sept.", "may", "DEC"]),
    st.integers(0, 40),
    st.integers(1000, 3000),
    st.integers(0, 30),
    st.integers(0, 70),
    st.sampled_from(["a.m.", "p.m.", "PM", "", "ET", "KST", "p.m. PT", "XYZ"]),
)
RELATIVE = st.builds(
    "{} {} ago".format,
    st.integers(0, 100_000),
    st.sampled_from(["minutes", "min", "hours", "hr", "days", "weeks", "week"]),
)


@given(st.one_of(DATEISH, WRITTEN, RELATIVE))
def test_date_like_text_never_raises(text: str) -> None:
    assert_iso(parse_date(text, reference=datetime(2021, 5, 24, 18, 0, tzinfo=KST)))
    assert_iso(parse_date(text, default_zone=KST))


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    )
)
def test_iso_output_round_trips(value: datetime) -> None:
    iso = value.replace(tzinfo=KST).isoformat()
    assert parse_date(iso) == iso


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年5月24日", "2021-05-24"),
        ("2021년 5월 24일", "2021-05-24"),
        ("Dezember 3, 2020", "2020-12-03"),
        ("24.05.2021", "2021-05-24"),
        ("06.18.2025", "2025-06-18"),  # the day can only be the second number
        ("10-30-2025", "2025-10-30"),
        ("04-05-2021", "2021-05-04"),  # dashes: day first
        ("24/5/2021", "2021-05-24"),
    ],
)
def test_issue_3_foreign_and_numeric_forms(text: str, expected: str) -> None:
    assert parse_date(text) == expected


def test_issue_3_ambiguous_numeric_dates_month_first_only_when_asked() -> None:
    assert parse_date("8/1/2025") is None
    assert parse_date("8/1/2025", month_first=True) == "2025-08-01"
    assert parse_date("04-05-2021", month_first=True) == "2021-04-05"
    assert parse_date("04.05.2021", month_first=True) == "2021-05-04"  # dots stay day first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aktualisiert: 31 Okt 2023", "2023-10-31"),
        ("30. Okt. 2023", "2023-10-30"),
        ("1 Dez 2019", "2019-12-01"),
        ("3 déc. 2021", "2021-12-03"),
        ("12 juil. 2020", "2020-07-12"),
        ("7 maj 2022", "2022-05-07"),
    ],
)
def test_issue_3_short_month_names_in_other_languages(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Party, 30.10.23", "2023-10-30"),
        ("28.01.22 / 0 Kommentare", "2022-01-28"),
        ("31.12.98", "1998-12-31"),
        ("Version 1.2.10", None),  # a version number, not a date
        ("Release 10.12.21.5", None),
    ],
)
def test_issue_3_dotted_date_with_a_two_digit_year(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected
