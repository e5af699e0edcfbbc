"""Extraction stage, bylines: `split_byline` turns a byline into the names of its writers.

Single and several names, roles, agencies and boards (no names), name suffixes kept whole,
e-mail addresses and handles dropped, Korean names with a role word, duplicates, and a
property: any text gives a list of non-empty names without an " and " inside.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from colsearch.extract.bylines import split_byline
from colsearch.extract.sites import AGENCIES, JOB_WORDS, ROLE_WORDS


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Yang Moo-jin", ["Yang Moo-jin"]),
        ("by: Yang Moo-jin", ["Yang Moo-jin"]),
        ("Written by Anna Fifield", ["Anna Fifield"]),
        ("Kim Sang-woo", ["Kim Sang-woo"]),
        ("By José Álvarez", ["José Álvarez"]),
        ("By Jane O'Neil", ["Jane O'Neil"]),
        ("By Ludwig van Beethoven", ["Ludwig van Beethoven"]),
        ("By J. R. R. Tolkien", ["J. R. R. Tolkien"]),
    ],
)
def test_one_name(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Kim A and Lee B", ["Kim A", "Lee B"]),
        ("By Kim A AND Lee B", ["Kim A", "Lee B"]),
        ("Jane Doe & John Smith", ["Jane Doe", "John Smith"]),
        ("By Jane Doe with John Smith", ["Jane Doe", "John Smith"]),
        ("By Jane Doe | Reuters", ["Jane Doe"]),
        ("Kim Min-ji, Park Ji-hoon and Lee Soo-young", ["Kim Min-ji", "Park Ji-hoon", "Lee Soo-young"]),
        ("By Sandra Anderson and Andy Brandt", ["Sandra Anderson", "Andy Brandt"]),  # "and" inside words
    ],
)
def test_several_names_in_order(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Aisha Rahman, Contributing Columnist", ["Aisha Rahman"]),
        ("By Kim A, Staff Writer", ["Kim A"]),
        ("By Dr. Jane Doe", ["Jane Doe"]),
        ("Jane Doe, Bloomberg Opinion", ["Jane Doe"]),
        ("김서윤 칼럼니스트", ["김서윤"]),
        ("김서윤 기자, 박지훈 기자", ["김서윤", "박지훈"]),
    ],
)
def test_roles_are_dropped(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    "byline",
    [
        "By Reuters",
        "By AP",
        "By The Associated Press",
        "By The Editorial Board",
        "Editorial Board",
        "By Staff",
        "by jane doe",  # no capital: not a name as printed
        "",
        None,
    ],
)
def test_no_person_gives_empty_list(byline: str | None) -> None:
    assert split_byline(byline) == []


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Casey Lartigue, Jr.", ["Casey Lartigue Jr."]),
        ("By Casey Lartigue Jr.", ["Casey Lartigue Jr."]),
        ("By Henry Ford, III", ["Henry Ford III"]),
        ("By Martin Luther King, Jr. and Coretta Scott King", ["Martin Luther King Jr.", "Coretta Scott King"]),
        ("By Kim A. and Lee B.", ["Kim A.", "Lee B."]),
    ],
)
def test_suffixes_and_initials_stay_whole(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


@pytest.mark.parametrize(
    "byline",
    [
        "By Jane Doe (jane.doe@example.com)",
        "By Jane Doe jane@example.com",
        "By Jane Doe <jane@example.com>",
        "By Jane Doe @janedoe",
        "By Jane Doe, @jane_doe",
    ],
)
def test_email_and_handles_removed(byline: str) -> None:
    assert split_byline(byline) == ["Jane Doe"]


@pytest.mark.parametrize(
    "byline",
    ["By Jane Doe and Jane Doe", "By Jane Doe, Jane Doe", "Jane Doe; John Smith; Jane Doe"],
)
def test_duplicates_removed(byline: str) -> None:
    names = split_byline(byline)
    assert names[0] == "Jane Doe"
    assert len(names) == len(set(names))


@pytest.mark.parametrize("byline", ["By Jane Doe, The Washington Post", "Jane Doe, The Korea Times"])
def test_outlet_after_name_is_not_a_name(byline: str) -> None:
    assert split_byline(byline) == ["Jane Doe"]


def test_outlet_alone_is_not_a_name() -> None:
    assert split_byline("The Korea Times") == []


def test_dateline_after_name_is_dropped() -> None:
    assert split_byline("By Choe Sang-Hun in Seoul") == ["Choe Sang-Hun"]


@given(st.text(max_size=200))
def test_arbitrary_text_gives_clean_names(text: str) -> None:
    names = split_byline(text)
    assert isinstance(names, list)
    assert len(names) == len(set(names))
    for name in names:
        assert name.strip()
        assert name == name.strip()
        assert " and " not in name.lower()
        assert "@" not in name


WORD = st.from_regex(r"\A[A-Z][a-z]{1,8}\Z").filter(
    lambda w: w.lower() not in ROLE_WORDS | JOB_WORDS | AGENCIES | {"and", "with", "by", "jr", "sr"}
)
NAME = st.lists(WORD, min_size=2, max_size=3).map(" ".join)


@given(st.lists(NAME, min_size=1, max_size=4, unique=True), st.sampled_from([", ", " and ", " & ", "; ", " / "]))
def test_joined_names_split_back(names: list[str], joiner: str) -> None:
    assert split_byline("By " + joiner.join(names)) == names


def test_issue_3_role_after_a_full_name_ends_the_name() -> None:
    assert split_byline("By Will Judd Former Deputy Tech Editor") == ["Will Judd"]
    assert split_byline("By Chirag Bhardwaj, VP") == ["Chirag Bhardwaj"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By the Lavazza Team", ["the Lavazza Team"]),
        ("TOI Lifestyle Desk", ["TOI Lifestyle Desk"]),
        ("The Currency editors", ["The Currency editors"]),
        ("Jo Marsh and ACO Rankings Team", ["Jo Marsh", "ACO Rankings Team"]),
        ("Editorial Team", []),  # no group name of its own
        ("Reuters Staff", []),
    ],
)
def test_issue_3_team_byline_is_kept_whole(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


def test_issue_3_user_name_counts_only_where_markup_declares_it() -> None:
    assert split_byline("aawoods", declared=True) == ["aawoods"]
    assert split_byline("kirstin boatto", declared=True) == ["kirstin boatto"]
    assert split_byline("aawoods") == []
    assert split_byline("Follow me", declared=True) == []  # a widget's label, not a user


def test_issue_3_affiliation_marks_and_credentials_are_not_names() -> None:
    assert split_byline("Jeni Green 1 ; Lee Park 2") == ["Jeni Green", "Lee Park"]
    assert split_byline("Shelby Loos, DVM") == ["Shelby Loos"]
    assert split_byline("Matthew Frankel, CFP") == ["Matthew Frankel"]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Mayank Gupta, CEO of CaseBasix", ["Mayank Gupta"]),
        ("Jane Doe, Professor of Economics at Yale", ["Jane Doe"]),
        ("By Jo Lee, Director for Asia, and Al Kim", ["Jo Lee", "Al Kim"]),
    ],
)
def test_issue_3_role_with_what_it_is_of_is_not_a_second_name(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names
