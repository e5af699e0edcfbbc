"""Extraction against hand-written truth for each tricky layout (tests/data/pages)."""

from __future__ import annotations

import json

import pytest

from colsearch.extract import extract_file
from conftest import CORPUS, PAGES

EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_fields(name: str) -> None:
    truth = EXPECTED[name]
    column = extract_file(str(PAGES / name))
    assert column.is_column == truth["is_column"]
    if not truth["is_column"]:
        assert column.reason
        return
    assert column.headline == truth["headline"]
    assert list(column.authors) == truth["authors"]
    assert column.columnist == (", ".join(truth["authors"]) or None)
    assert column.posted == truth["posted"]
    assert column.updated == truth["updated"]
    assert column.section == truth["section"]
    words = column.body.split()
    assert " ".join(words[:8]) == truth["body_starts"]
    assert " ".join(words[-8:]) == truth["body_ends"]
    for chrome in truth["not_in_body"]:
        assert chrome not in column.body


def test_recrawled_copies_are_one_column() -> None:
    first = extract_file(str(PAGES / "kt_recrawl_a.txt"))
    second = extract_file(str(PAGES / "kt_recrawl_b.txt"))
    assert first.id == second.id
    assert extract_file(str(PAGES / "kt_column.txt")).id != first.id


def test_crawl_date_is_never_the_posted_date() -> None:
    # Corpus files are named after their posted date; the crawl line says a later day.
    columns = [p for p in sorted((CORPUS / "koreatimes").glob("20*.txt"))]
    assert len(columns) >= 12
    for path in columns:
        column = extract_file(str(path))
        assert column.posted is not None and column.posted.startswith(path.name[:10]), path.name
        assert column.posted.endswith("+09:00")


def test_korean_text_survives_cp949() -> None:
    column = extract_file(str(PAGES / "html_cp949.html"))
    assert any("\uac00" <= ch <= "\ud7a3" for ch in column.body)
    assert column.authors == ("김서윤",)
