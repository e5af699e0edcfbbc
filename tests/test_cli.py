"""Every command through click's CliRunner: output shapes, JSON keys and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from colsearch.cli import main
from conftest import CORPUS, PAGES

HIT_KEYS = {
    "id",
    "path",
    "paths",
    "rank",
    "score",
    "columnist",
    "authors",
    "headline",
    "posted",
    "updated",
    "section",
    "passages",
}
PAGE_KEYS = {
    "id",
    "path",
    "is_column",
    "columnist",
    "authors",
    "headline",
    "posted",
    "updated",
    "body",
    "bio",
    "section",
    "url",
    "site",
    "reason",
}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_index_summary(tmp_path: Path) -> None:
    result = run("index", str(CORPUS), "--index", str(tmp_path / "ix"), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["added"] == len(list(CORPUS.rglob("*.txt"))) + len(list(CORPUS.rglob("*.html")))
    assert summary["not_columns"] == 1  # the columnist's list page
    assert summary["duplicates"] == 1  # the column saved twice
    assert summary["columns"] == summary["added"] - 2
    assert summary["failed"] == 0
    assert "columns in the index" in result.stderr


def test_query_json(corpus_index: Path) -> None:
    result = run("query", "SDGs humanitarian", "--index", str(corpus_index), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["query"] == "SDGs humanitarian"
    assert data["total"] >= 1
    hit = data["hits"][0]
    assert set(hit) == HIT_KEYS
    assert hit["rank"] == 1
    assert "north-korea-sdgs" in hit["path"]
    assert hit["columnist"] == "Choi Yoon-hee"
    assert hit["posted"].startswith("2021-03-30T")
    for passage in hit["passages"]:
        for start, end in passage["highlights"]:
            assert 0 <= start < end <= len(passage["text"])
    marked = {p["text"][s:e].lower() for p in hit["passages"] for s, e in p["highlights"]}
    assert marked & {"sdgs", "sdg"} and "humanitarian" in marked


def test_query_jsonl_same_keys(corpus_index: Path) -> None:
    result = run("query", "climate OR wind", "--index", str(corpus_index), "--jsonl", "-n", "3")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert 1 <= len(lines) <= 3
    hits = [json.loads(line) for line in lines]
    assert all(set(h) == HIT_KEYS for h in hits)
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))


def test_query_text_is_plain_when_piped(corpus_index: Path) -> None:
    result = run("query", "SDGs", "--index", str(corpus_index))
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "Development goals offer a common language" in result.stdout
    assert "**SDGs**" in result.stdout


def test_query_no_match_exits_1(corpus_index: Path) -> None:
    result = run("query", "zzyzxquux", "--index", str(corpus_index), "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["total"] == 0


def test_query_errors_exit_2(corpus_index: Path, tmp_path: Path) -> None:
    bad = run("query", '"human rights', "--index", str(corpus_index))
    assert bad.exit_code == 2
    assert "unclosed quote at position 1" in bad.stderr
    missing = run("query", "anything", "--index", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2
    assert "no index at" in missing.stderr and "colsearch index" in missing.stderr
    assert "Traceback" not in missing.stderr
    usage = run("query", "x", "--sort", "sideways", "--index", str(corpus_index))
    assert usage.exit_code == 2


def test_extract_json_and_not_a_column() -> None:
    result = run("extract", str(CORPUS / "koreatimes"), "--json")
    assert result.exit_code == 0
    pages = json.loads(result.stdout)
    assert all(set(p) == PAGE_KEYS for p in pages)
    listing = next(p for p in pages if Path(p["path"]).name.startswith("list_"))
    assert listing["is_column"] is False and listing["id"] is None
    editorial = next(p for p in pages if "editorial" in p["path"])
    assert editorial["is_column"] and editorial["authors"] == [] and editorial["columnist"] is None
    assert editorial["section"] == "Editorial"


def test_extract_bad_page_reports_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02\xff" * 500)
    (tmp_path / "good.txt").write_bytes((PAGES / "kt_column.txt").read_bytes())
    result = run("extract", str(tmp_path), "--jsonl")
    assert result.exit_code == 2
    assert "bad.txt: binary file" in result.stderr
    assert [json.loads(line)["is_column"] for line in result.stdout.splitlines()] == [True]


def test_show(corpus_index: Path) -> None:
    hit = json.loads(run("query", "offshore wind", "--index", str(corpus_index), "--json").stdout)["hits"][0]
    shown = run("show", hit["id"], "--index", str(corpus_index), "--json")
    assert shown.exit_code == 0
    column = json.loads(shown.stdout)
    assert column["headline"] == hit["headline"]
    assert len(column["body"].split()) > 300
    text = run("show", hit["id"][:8], "--index", str(corpus_index))
    assert text.exit_code == 0 and hit["headline"] in text.stdout
    missing = run("show", "0000000000000000", "--index", str(corpus_index))
    assert missing.exit_code == 2 and "no column with id" in missing.stderr


def test_duplicate_is_one_hit_with_both_paths(corpus_index: Path) -> None:
    data = json.loads(run("query", "AI rules harms", "--index", str(corpus_index), "--json").stdout)
    same = [h for h in data["hits"] if h["headline"] == "Write AI rules before the harms are counted"]
    assert len(same) == 1
    assert len(same[0]["paths"]) == 2


def test_python_dash_m_and_help_documents_exit_status() -> None:
    result = subprocess.run([sys.executable, "-m", "colsearch", "query", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Exit status: 0 hits found, 1 nothing matched, 2 error." in " ".join(result.stdout.split())


def test_query_start_up_does_not_load_the_html_parser() -> None:
    code = "import sys, colsearch.cli, colsearch.search; print('bs4' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_issue_6_query_start_up_loads_no_extractor_and_no_network_code() -> None:
    """A search process starts without what only indexing needs (the extractors, page
    decoding) and without urllib.request and whoosh's English word variations, which whoosh
    imports for nothing we use; all were a large part of `colsearch query`'s start-up."""
    unwanted = ["colsearch.extract.textdump", "colsearch.pages", "urllib.request", "ssl", "whoosh.lang.morph_en"]
    code = f"import sys, colsearch.cli; print([m for m in {unwanted!r} if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
    # and what was left out still works when asked for
    code = "import colsearch as c, whoosh.query.terms as q; print(c.extract, c.read_page, q.variations('ran'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "function extract" in out and "function read_page" in out and "'running'" in out
