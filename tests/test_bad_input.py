"""Bad input on a real index: one clear line per bad file, the run goes on, nothing is lost."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import colsearch
from colsearch.cli import main
from colsearch.errors import ColsearchError
from colsearch.index import update_index
from colsearch.pages import MAX_PAGE_BYTES
from colsearch.schema import build_schema
from colsearch.search import parse_query
from conftest import PAGES

GOOD = (PAGES / "kt_column.txt").read_bytes()


def test_every_kind_of_bad_file_in_one_run(corpus_copy: Path, tmp_path: Path) -> None:
    bad = corpus_copy / "bad files"
    bad.mkdir()
    (bad / "binary.html").write_bytes(bytes(range(256)) * 100)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "spaces.txt").write_bytes(b" \n \n\t")
    (bad / "huge.txt").write_bytes(b"word " * (MAX_PAGE_BYTES // 5 + 10))
    (bad / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x0bO")
    (bad / "nested.html").write_bytes(b"<html><body>" + b"<div>" * 200_000 + b"text" + b"</div>" * 10)
    (bad / "truncated.html").write_bytes(b"<html><head><title>Half a page</title></head><body><p>Cut off in the mi")
    (bad / "loop").symlink_to(bad)
    (corpus_copy / "칼럼 with spaces.txt").write_bytes(GOOD)
    runner = CliRunner()
    result = runner.invoke(main, ["index", str(corpus_copy), "--index", str(tmp_path / "ix"), "--json"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("colsearch: ") and "bad files" in line]
    named = {line.split("bad files/")[1].split(":")[0] for line in lines}
    assert named == {"binary.html", "empty.txt", "spaces.txt", "huge.txt", "broken.html.gz", "nested.html"}, (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert summary["failed"] == 6
    assert summary["columns"] == 22  # the corpus's 21 and the page with a non-ASCII name
    assert colsearch.search("Seo Min-jae", str(tmp_path / "ix")).total >= 1


def test_a_failing_page_leaves_indexed_columns_alone(corpus_copy: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "ix")
    update_index([str(corpus_copy)], index, workers=1)
    page = corpus_copy / "koreatimes" / "2019-03-12_han-ji-soo_housing.txt"
    page.write_bytes(bytes(range(256)) * 20)  # the page is damaged on disk after it was indexed
    report = update_index([str(corpus_copy)], index, workers=1)
    assert report.failed == 1
    assert colsearch.search("jeonse", index).total == 1  # its column is still found


def test_file_vanishing_mid_run(corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import colsearch.index as index_module

    doomed = sorted((corpus_copy / "koreatimes").glob("*.txt"))[-1]
    errors: list[tuple[str, str]] = []
    extract_page = index_module._extract_page

    def extract_and_remove(path: str) -> object:  # the file goes once the run is reading pages
        if doomed.exists():
            doomed.unlink()
        return extract_page(path)

    monkeypatch.setattr(index_module, "_extract_page", extract_and_remove)
    report = update_index(
        [str(corpus_copy)],
        str(tmp_path / "ix"),
        workers=1,
        on_error=lambda p, m: errors.append((p, m)),
    )
    assert report.failed == 1
    assert errors == [(str(doomed), "file vanished before it could be read")]


def test_page_text_cannot_drive_the_terminal(tmp_path: Path) -> None:
    page = tmp_path / "pages" / "ansi.txt"
    page.parent.mkdir()
    text = GOOD.decode("utf-8").replace("small library", "small \x1b[2J\x1b[31mlibrary\x1b]0;owned\x07", 1)
    assert "\x1b" in text
    page.write_text(text, encoding="utf-8")
    runner = CliRunner()
    runner.invoke(main, ["index", str(page.parent), "--index", str(tmp_path / "ix")])
    for args in (["query", "library", "--index", str(tmp_path / "ix")], ["extract", str(page)]):
        out = runner.invoke(main, args).stdout
        assert "library" in out and "\x1b" not in out and "\x07" not in out


def test_symlink_outside_the_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(GOOD)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "link.txt").symlink_to(outside / "secret.txt")
    (corpus / "linkdir").symlink_to(outside)
    report = update_index([str(corpus)], str(tmp_path / "ix"), workers=1)
    assert report.columns == 0
    followed = update_index([str(corpus)], str(tmp_path / "ix2"), workers=1, follow_links=True)
    assert followed.columns == 1


def test_search_works_while_an_index_run_is_under_way(corpus_copy: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    update_index([str(corpus_copy)], str(index), workers=1)
    more = corpus_copy / "more"
    more.mkdir()
    for number in range(300):
        (more / f"{number}.txt").write_bytes(GOOD.replace(b"Posted", f"Edition {number}\nPosted".encode(), 1))
    writer = subprocess.Popen(
        [sys.executable, "-m", "colsearch", "index", str(corpus_copy), "--index", str(index)],
        stderr=subprocess.PIPE,
        text=True,
    )
    seen = []
    while writer.poll() is None:
        result = subprocess.run(
            [sys.executable, "-m", "colsearch", "query", "jeonse", "--index", str(index)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        seen.append(result.returncode)
    writer.communicate()
    assert writer.returncode == 0 and seen


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_query_parser_raises_only_its_own_errors(text: str) -> None:
    with contextlib.suppress(ColsearchError):
        parse_query(text, SCHEMA)


SCHEMA = build_schema()


def test_reads_during_rebuilds_never_fail(corpus_copy: Path, tmp_path: Path) -> None:
    """A rebuild removes the files of the generation it replaces; a search or a column
    read that opened the old one is retried on the new one instead of failing."""
    index = tmp_path / "ix"
    update_index([str(corpus_copy)], str(index), workers=1)
    command = [sys.executable, "-m", "colsearch", "index", str(corpus_copy), "--index", str(index), "--rebuild"]
    reads = 0
    for _ in range(3):
        writer = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        while writer.poll() is None:
            hit = colsearch.search("jeonse loan", str(index)).hits[0]
            assert colsearch.get_column(hit.id, str(index))[0].headline == hit.headline
            reads += 1
        assert writer.returncode == 0
    assert reads > 3
