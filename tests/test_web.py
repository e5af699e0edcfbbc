"""The web app through Flask's test client, against real indexes: every page and endpoint,
bad input (400), unknown ids (404), escaping of hostile page text, and a re-index while
the app is live."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

import colsearch
from colsearch.cli import main
from colsearch.errors import ColsearchError
from colsearch.index import update_index
from colsearch.web import create_app, serve
from colsearch.web.highlight import marked
from conftest import CORPUS, PAGES

SDG_ID = "693f2c64eac22409"  # Choi Yoon-hee, "Development goals offer a common language ..."
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def app(corpus_index: Path) -> Flask:
    return create_app(str(corpus_index))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def html(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def api(client: FlaskClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "application/json"
    return response.get_json()


def cli_json(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def links(page: str, pattern: str) -> list[str]:
    """The hrefs in `page` that match `pattern`, unescaped."""
    return [unescape(href) for href in re.findall(r'href="([^"]*)"', page) if re.search(pattern, unescape(href))]


def marks(page: str) -> list[str]:
    return [unescape(text).lower() for text in re.findall(r"<mark>(.*?)</mark>", page)]


# --- highlighting -----------------------------------------------------------------------


@given(
    st.text(alphabet=st.sampled_from("ab <>&\"'é\n"), max_size=40),
    st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45)), max_size=6),
)
def test_marked_escapes_everything_and_keeps_the_text(text: str, spans: list[tuple[int, int]]) -> None:
    html_text = str(marked(text, spans))
    assert "<" not in re.sub(r"</?mark>", "", html_text)
    assert unescape(re.sub(r"</?mark>", "", html_text)) == text
    assert html_text.count("<mark>") == html_text.count("</mark>")


def test_marked_merges_overlapping_spans() -> None:
    assert str(marked("a <b> c", [(2, 5), (3, 4), (0, 1)])) == "<mark>a</mark> <mark>&lt;b&gt;</mark> c"
    assert str(marked("abcdef", [(1, 3), (2, 5)])) == "a<mark>bcde</mark>f"
    assert str(marked("abc", [(-4, 1), (2, 99), (2, 2)])) == "<mark>a</mark>b<mark>c</mark>"


# --- the search page ------------------------------------------------------------------


def test_landing_page_has_the_form_and_the_archive_size(client: FlaskClient) -> None:
    page = html(client, "/")
    assert '<form class="search"' in page
    assert 'name="q"' in page and 'name="columnist"' in page and 'name="since"' in page and 'name="sort"' in page
    assert "Search 21 columns" in page
    assert 'class="hits"' not in page


def test_search_page_shows_hits_with_marked_passages(client: FlaskClient, corpus_index: Path) -> None:
    page = html(client, "/?q=SDGs+humanitarian")
    result = colsearch.search("SDGs humanitarian", str(corpus_index))
    assert result.hits[0].id == SDG_ID
    assert "Development goals offer a common language for engaging the North" in page
    assert f'href="/column/{SDG_ID}?q=SDGs+humanitarian"' in page
    assert "Choi Yoon-hee" in page and '<time datetime="2021-03-30T17:19:00+09:00">30 Mar 2021</time>' in page
    found = set(marks(page))
    assert {"humanitarian", "sdgs"} <= found
    # exactly the library's highlights, as <mark>
    expected = {p.text[s:e].lower() for h in result.hits for p in h.passages for s, e in p.highlights}
    assert found == expected


def test_search_page_shows_the_library_notes(client: FlaskClient, corpus_index: Path) -> None:
    for query in ("humanitarain", "housing energy", "SDGs humanitarian floods"):
        result = colsearch.search(query, str(corpus_index))
        assert result.notes, query
        page = html(client, "/?q=" + query.replace(" ", "+"))
        for note in result.notes:
            assert unescape(note) in unescape(page)
        assert 'class="note"' in page


def test_facets_link_to_filtered_searches(client: FlaskClient) -> None:
    page = html(client, "/?q=housing")
    columnist_links = links(page, r"columnist=Han")
    assert columnist_links == ["/?q=housing&columnist=Han+Ji-soo"]
    assert re.search(r'columnist=Han\+Ji-soo">Han Ji-soo</a> <span class="count">2</span>', page)
    filtered = html(client, columnist_links[0])
    assert "Results 1–2 of 2" in filtered
    assert "columnist: Han Ji-soo" in filtered  # the filter chip, with a link that removes it
    assert links(filtered, r"^/\?q=housing$")
    year_links = links(page, r"since=2019")
    assert set(year_links) == {"/?q=housing&since=2019&until=2019"}  # the year facet and the chart's bar
    by_year = html(client, year_links[0])
    assert "Results 1–1 of 1" in by_year and "posted: 2019" in by_year
    assert "Jeonse is a loan nobody admits they are taking" in by_year


def test_chart_of_matching_columns_over_time(client: FlaskClient) -> None:
    page = html(client, "/?q=housing+OR+energy+OR+climate")
    assert "Matching columns per year, 2019 to 2024" in page
    assert len(re.findall(r"<rect ", page)) == 6  # 2019 ... 2024, every year has a match
    assert links(page, r"since=2022&until=2022")
    page = html(client, "/?q=climate")  # both in 2022: by month, the empty months drawn as gaps
    assert "Matching columns per month, 2022-01 to 2022-10" in page
    assert len(re.findall(r"<rect ", page)) == 2
    assert links(page, r"since=2022-10&until=2022-10")


def test_paging_with_previous_and_next(client: FlaskClient) -> None:
    page = html(client, "/?q=housing+OR+energy+OR+climate&limit=4")
    assert "Results 1–4 of 9" in page and '<ol class="hits" start="1">' in page
    assert not links(page, r"offset=0") and 'rel="prev"' not in page
    (following,) = [href for href in links(page, r"offset=4") if "limit=4" in href]
    second = html(client, following)
    assert "Results 5–8 of 9" in second and '<ol class="hits" start="5">' in second
    assert 'rel="prev"' in second and 'rel="next"' in second
    last = html(client, "/?q=housing+OR+energy+OR+climate&limit=4&offset=8")
    assert "Results 9–9 of 9" in last and 'rel="next"' not in last


def test_sort_newest_and_oldest(client: FlaskClient) -> None:
    def dates(page: str) -> list[str]:
        return re.findall(r'<time datetime="([^"]+)"', page)

    newest = dates(html(client, "/?q=housing+OR+energy&sort=newest"))
    oldest = dates(html(client, "/?q=housing+OR+energy&sort=oldest"))
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest) and len(newest) > 3


def test_filters_without_a_query_list_the_columns(client: FlaskClient) -> None:
    page = html(client, "/?columnist=han+ji-soo")
    assert "Columns 1–3 of 3" in page
    assert f"/column/{SDG_ID}" not in page
    assert links(page, r"^/column/[0-9a-f]{16}$")  # no query to carry to the column page
    page = html(client, "/?since=2024")
    assert "Columns 1–4 of 4" in page


def test_search_page_escapes_and_keeps_the_form(client: FlaskClient) -> None:
    page = html(client, "/?q=%22%3Cb%3Ex%3C%2Fb%3E%22&columnist=%3Ci%3E")
    assert "<b>x</b>" not in page and "<i>" not in page
    assert 'value="&#34;&lt;b&gt;x&lt;/b&gt;&#34;"' in page and 'value="&lt;i&gt;"' in page


# --- the column and columnists pages --------------------------------------------------------


def test_column_page_has_every_field_the_body_and_marks(client: FlaskClient, corpus_index: Path) -> None:
    column, paths = colsearch.get_column(SDG_ID, str(corpus_index))
    page = html(client, f"/column/{SDG_ID}?q=SDGs+humanitarian")
    for value in (column.headline, column.columnist, column.posted, column.updated, column.section, column.site):
        assert value and value in unescape(page)
    assert paths[0] in page and SDG_ID in page
    assert column.bio and column.bio[:60] in unescape(page)
    text = unescape(re.sub(r"<[^>]+>", "", page))
    for paragraph in column.body.split("\n\n"):
        assert paragraph in text
    found = marks(page)
    assert {"humanitarian", "sdgs", "sdg", "humanitarianism"} <= set(found)
    assert "matches for <q>SDGs humanitarian</q> marked" in page
    assert links(page, r"^/\?q=SDGs\+humanitarian$")  # back to the results


def test_column_page_marks_what_the_search_highlights(client: FlaskClient, corpus_index: Path) -> None:
    queries = ('"human rights"', "nuclear", "정부", "pension -reform", "humanitarain~", "SDGs humanitarian", "regulat*")
    for query in (*queries, "pensoin"):  # a wildcard, and a misspelling the search corrects
        result = colsearch.search(query, str(corpus_index), passages=10)
        assert result.hits, query
        for hit in result.hits[:3]:
            page = html(client, f"/column/{hit.id}?q={query}")
            wanted = {p.text[s:e].lower() for p in hit.passages for s, e in p.highlights}
            assert wanted <= set(marks(page)), (query, hit.id)


def test_column_page_without_a_query_has_no_marks(client: FlaskClient) -> None:
    page = html(client, f"/column/{SDG_ID}")
    assert "<mark>" not in page and "marked in the text" not in page


def test_column_page_lists_similar_columns(client: FlaskClient, corpus_index: Path) -> None:
    page = html(client, f"/column/{SDG_ID}")
    similar = colsearch.similar(SDG_ID, str(corpus_index), limit=5)
    assert similar
    section = page.split('class="similar"', 1)[1]
    for hit in similar:
        assert f'href="/column/{hit.id}"' in section


def test_column_page_takes_an_id_prefix(client: FlaskClient) -> None:
    assert "Development goals offer" in html(client, f"/column/{SDG_ID[:8]}")


def test_columnists_page(client: FlaskClient, corpus_index: Path) -> None:
    page = html(client, "/columnists")
    for stat in colsearch.columnists(str(corpus_index)):
        assert unescape(stat.name) in unescape(page)
    assert re.search(
        r'href="/\?columnist=Han\+Ji-soo">Han Ji-soo</a></td>\s*<td class="num">3</td>\s*<td>2019–2023</td>', page
    )
    assert re.search(r">Rafael Quintero</a></td>\s*<td class=\"num\">1</td>\s*<td>2020</td>", page)


# --- the JSON API: the CLI's shapes -----------------------------------------------------------


def test_api_search_is_the_cli_json(client: FlaskClient, corpus_index: Path) -> None:
    data = api(client, "/api/search?q=housing&columnist=han&since=2019&sort=newest&limit=1&facet=columnist&facet=year")
    expected = cli_json(
        "query", "housing", "--index", str(corpus_index), "--columnist", "han", "--since", "2019",
        "--sort", "newest", "-n", "1", "--facet", "columnist", "--facet", "year", "--json",
    )  # fmt: skip
    assert data == expected
    assert list(data) == ["query", "total", "notes", "facets", "hits"]
    assert data["total"] == 2 and len(data["hits"]) == 1
    assert set(data["facets"]) == {"columnist", "year"}


def test_api_search_paging_and_passages(client: FlaskClient) -> None:
    first = api(client, "/api/search?q=housing+OR+energy&limit=2")
    second = api(client, "/api/search?q=housing+OR+energy&limit=2&offset=2&passages=0")
    assert [h["rank"] for h in first["hits"]] == [1, 2] and [h["rank"] for h in second["hits"]] == [3, 4]
    assert all(h["passages"] == [] for h in second["hits"])
    assert {h["id"] for h in first["hits"]}.isdisjoint(h["id"] for h in second["hits"])


def test_api_column_is_the_cli_show_json(client: FlaskClient, corpus_index: Path) -> None:
    data = api(client, f"/api/column/{SDG_ID}")
    assert data == cli_json("show", SDG_ID, "--index", str(corpus_index), "--json")
    assert data["id"] == SDG_ID and data["body"].startswith("The pandemic")


def test_api_columnists_trend_similar_are_the_cli_json(client: FlaskClient, corpus_index: Path) -> None:
    index = str(corpus_index)
    assert api(client, "/api/columnists") == cli_json("columnists", "--index", index, "--json")
    trend = api(client, "/api/trend?q=housing&by=year")
    assert trend == cli_json("trend", "housing", "--by", "year", "--index", index, "--json")
    assert trend["periods"][0] == {"period": "2019", "count": 1}
    assert api(client, "/api/trend?q=housing")["by"] == "month"
    similar = api(client, f"/api/similar/{SDG_ID}?limit=3")
    assert similar == cli_json("similar", SDG_ID, "-n", "3", "--index", index, "--json")
    assert len(similar["hits"]) == 3


def test_pages_link_to_their_json(client: FlaskClient) -> None:
    page = html(client, "/?q=housing&limit=3")
    (url,) = links(page, r"^/api/search")
    data = api(client, url)
    assert data["total"] == 4 and len(data["hits"]) == 3 and set(data["facets"]) == {"columnist", "year", "month"}
    (url,) = links(html(client, "/?columnist=Han+Ji-soo"), r"^/api/search")
    assert api(client, url)["total"] == 3
    (url,) = links(html(client, f"/column/{SDG_ID}"), r"^/api/")
    assert api(client, url)["id"] == SDG_ID


# --- bad input, unknown ids, safety -----------------------------------------------------


BAD_SEARCH_ARGS = [
    ("q=housing&limit=abc", "limit must be a whole number from 1 to 100, not 'abc'"),
    ("q=housing&limit=0", "limit must be a whole number"),
    ("q=housing&limit=1000", "limit must be a whole number"),
    ("q=housing&limit=-1", "limit must be a whole number"),
    ("q=housing&offset=x", "offset must be a whole number"),
    ("q=housing&passages=99", "passages must be a whole number from 0 to 10"),
    ("q=housing&sort=x", "sort must be one of relevance, newest, oldest, not 'x'"),
    ("q=housing&since=notadate", "--since 'notadate' is not a date"),
    ("q=housing&until=2021-13", "--until '2021-13' is not a real date"),
    ("q=%22unclosed", "unclosed quote at position 1"),
    ("q=(housing", "unclosed '(' at position 1"),
    ("q=housing+AND", "query ends with the operator AND"),
    ("q=housing&columnist=%2B%2B", "has no name in it"),
    ("q=" + "x" * 1001, "q is 1001 characters long"),
]


@pytest.mark.parametrize(("args", "message"), BAD_SEARCH_ARGS)
def test_bad_search_parameters_are_400_json(client: FlaskClient, args: str, message: str) -> None:
    data = api(client, "/api/search?" + args, status=400)
    assert message in data["error"] and data["status"] == 400 and "hint" in data


@pytest.mark.parametrize(("args", "message"), BAD_SEARCH_ARGS)
def test_bad_search_parameters_are_400_html(client: FlaskClient, args: str, message: str) -> None:
    page = html(client, "/?" + args, status=400)
    assert unescape(message) in unescape(page) and "Traceback" not in page
    assert '<form class="search"' in page  # the form stays, filled in as sent


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/api/search", "empty query"),
        ("/api/search?q=housing&facet=decade", "facet must be one of columnist, year, month, not 'decade'"),
        ("/api/trend?q=housing&by=day", "by must be one of month, year, not 'day'"),
        ("/api/trend?q=%22x", "unclosed quote"),
        ("/api/trend", "empty query"),
        (f"/api/similar/{SDG_ID}?limit=abc", "limit must be a whole number"),
    ],
)
def test_bad_api_parameters_are_400_with_message_and_hint(client: FlaskClient, url: str, message: str) -> None:
    data = api(client, url, status=400)
    assert message in data["error"]
    assert set(data) == {"error", "hint", "status"}


def test_library_hint_reaches_the_user(client: FlaskClient) -> None:
    data = api(client, "/api/search?q=%22unclosed", status=400)
    assert data["hint"] == 'Close the phrase with another ".'
    page = html(client, "/column/" + SDG_ID + "?q=%22unclosed", status=400)
    assert "Close the phrase with another" in unescape(page)


@pytest.mark.parametrize("url", ["/column/0000000000000000", "/column/zzzz", "/column/x"])
def test_unknown_column_is_404_html(client: FlaskClient, url: str) -> None:
    page = html(client, url, status=404)
    assert "Not found" in page and "Traceback" not in page


@pytest.mark.parametrize("url", ["/api/column/0000000000000000", "/api/similar/0000000000000000", "/api/nothing"])
def test_unknown_id_is_404_json(client: FlaskClient, url: str) -> None:
    data = api(client, url, status=404)
    assert data["status"] == 404 and data["error"]


def test_unknown_page_and_wrong_method(client: FlaskClient) -> None:
    assert "no page at /nothing" in html(client, "/nothing", status=404)
    response = client.post("/api/search?q=housing")
    assert response.status_code == 405 and response.get_json()["status"] == 405


@pytest.mark.parametrize(
    "url",
    [
        "/static/../../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2fpyproject.toml",
        "/static/%2fetc%2fpasswd",
        "/static//etc/passwd",
        "/static/../__init__.py",
        "/static/..%2f__init__.py",
        "/static/..%5c__init__.py",
    ],
)
def test_no_file_outside_static_is_served(client: FlaskClient, url: str) -> None:
    response = client.get(url, follow_redirects=True)  # "//" is redirected to "/" first
    assert response.status_code == 404
    assert b"Flask" not in response.data and b"root:" not in response.data


def test_static_files_and_security_headers(client: FlaskClient) -> None:
    for name, kind in (("style.css", "text/css"), ("app.js", "text/javascript")):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and response.mimetype == kind
        response.close()
    headers = client.get("/?q=housing").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_app_only_reads(client: FlaskClient, corpus_index: Path) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in corpus_index.iterdir()}
    for url in ("/?q=housing", f"/column/{SDG_ID}?q=housing", "/columnists", "/api/trend?q=housing"):
        client.get(url)
    assert {p.name: p.stat().st_mtime_ns for p in corpus_index.iterdir()} == before


def test_missing_index_is_503_with_a_hint(tmp_path: Path) -> None:
    client = create_app(str(tmp_path / "none")).test_client()
    data = api(client, "/api/search?q=housing", status=503)
    assert "no index at" in data["error"] and "colsearch index" in data["hint"]
    assert "no index at" in html(client, "/", status=503)


def test_untrusted_host_is_refused(corpus_index: Path) -> None:
    client = create_app(str(corpus_index), trusted_hosts=["localhost", "127.0.0.1", "::1"]).test_client()
    for host in ("127.0.0.1:8000", "localhost", "[::1]:8000"):
        assert client.get("/api/columnists", headers={"Host": host}).status_code == 200
    for host in ("attacker.example", "127.0.0.1.attacker.example", "x" * 300):
        for url in ("/api/columnists", "/", "/?q=housing"):
            response = client.get(url, headers={"Host": host})
            assert response.status_code == 400 and b"Han Ji-soo" not in response.data


def test_malformed_host_header_is_400_not_500(client: FlaskClient) -> None:
    for url in ("/api/columnists", "/?q=housing", "/nothing"):
        assert client.get(url, headers={"Host": "x" * 300}).status_code == 400


# --- hostile page text ------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of two pages whose text carries markup: an HTML page and a JSON Lines record."""
    pages = tmp_path_factory.mktemp("hostile-pages")
    write_hostile_pages(pages)
    index_dir = tmp_path_factory.mktemp("hostile-index")
    assert update_index([str(pages)], str(index_dir), workers=1).failed == 0
    return index_dir


def write_hostile_pages(folder: Path) -> None:
    page = (PAGES / "html_plain.html").read_text(encoding="utf-8")
    escaped = XSS.replace("<", "&lt;").replace(">", "&gt;")
    page = page.replace("<h1>The bus stop", f"<h1>{escaped} The bus stop")
    page = page.replace("Last spring a retired", f"Last spring {escaped} a retired")
    (folder / "bus-stop.html").write_text(page, encoding="utf-8")
    record = {
        "id": "hostile-record",
        "headline": f"Ferry timetables {XSS}",
        "columnist": '<img src=x onerror="alert(2)">',
        "posted": "2021-05-04",
        "url": "javascript:alert(3)",
        "section": "<b>Opinion</b>",
        "body": f"The ferry timetable changed again. {XSS} Commuters noticed.\n\nA second paragraph about ferries.",
    }
    (folder / "records.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


def test_markup_in_pages_is_shown_as_text(hostile_index: Path) -> None:
    client = create_app(str(hostile_index)).test_client()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for url in ("/?q=bus+stop", "/?q=ferry", "/?q=alert", "/column/hostile-record?q=ferry+script", "/columnists"):
        page = html(client, url)
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>Opinion" not in page, url
        assert 'href="javascript:' not in page
    assert escaped in html(client, "/?q=bus+stop")
    column = html(client, "/column/hostile-record?q=script")
    assert "<h1>Ferry timetables &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;</h1>" in column
    assert "again. &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; Commuters" in column
    assert "<code>hostile-record</code>" in column
    assert "javascript:alert(3)" in column and 'href="javascript' not in column  # shown, not linked
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in column


def test_markup_in_pages_is_plain_text_in_json(hostile_index: Path) -> None:
    client = create_app(str(hostile_index)).test_client()
    hit = api(client, "/api/search?q=ferry")["hits"][0]
    assert hit["headline"] == f"Ferry timetables {XSS}"
    assert XSS in hit["passages"][0]["text"]
    column = api(client, "/api/column/hostile-record")
    assert column["url"] == "javascript:alert(3)" and column["section"] == "<b>Opinion</b>"
    raw = client.get("/api/column/hostile-record").get_data(as_text=True)
    assert XSS in raw  # JSON carries text as it is; the mimetype keeps browsers from rendering it
    page = api(client, "/api/search?q=bus+stop")["hits"][0]
    assert page["headline"].startswith(XSS)


# --- the index changes while the app serves -------------------------------------------------


def test_reindex_while_live_is_picked_up(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("2019-03-12_han-ji-soo_housing.txt", "2021-09-07_martin-okafor_energy-grid.txt"):
        shutil.copy(CORPUS / "koreatimes" / name, pages)
    index_dir = tmp_path / "index"
    update_index([str(pages)], str(index_dir), workers=1)
    client = create_app(str(index_dir)).test_client()
    query = "/api/search?q=%22offshore+wind%22"
    assert api(client, query)["total"] == 0
    assert "Search 2 columns" in html(client, "/")

    shutil.copy(CORPUS / "koreatimes" / "2024-08-13_eleanor-voss_offshore-wind.txt", pages)
    update_index([str(pages)], str(index_dir), workers=1)

    hits = api(client, query)["hits"]
    assert [h["headline"] for h in hits] == ["Offshore wind is drowning in paperwork"]
    assert "Search 3 columns" in html(client, "/")
    assert "Eleanor Voss" in html(client, "/columnists")
    assert "<mark>offshore</mark>" in html(client, f"/column/{hits[0]['id']}?q=offshore").lower()


def test_requests_during_updates_and_rebuilds_keep_working(corpus_copy: Path, tmp_path: Path) -> None:
    wind = corpus_copy / "koreatimes" / "2024-08-13_eleanor-voss_offshore-wind.txt"
    aside = tmp_path / wind.name
    shutil.move(wind, aside)
    index_dir = tmp_path / "index"
    update_index([str(corpus_copy)], str(index_dir), workers=1)
    client = create_app(str(index_dir)).test_client()
    done = threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        try:
            shutil.copy(aside, wind)
            update_index([str(corpus_copy)], str(index_dir), workers=1)
            for _ in range(2):
                update_index([str(corpus_copy)], str(index_dir), rebuild=True, workers=1)
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
        finally:
            done.set()

    worker = threading.Thread(target=write)
    worker.start()
    statuses = []
    while not done.is_set():
        for url in ("/api/search?q=housing", f"/column/{SDG_ID}?q=housing", "/api/columnists", "/?q=wind"):
            statuses.append(client.get(url).status_code)
    worker.join()
    assert not failures
    assert statuses and set(statuses) == {200}
    assert api(client, "/api/search?q=housing")["total"] == 4
    assert api(client, "/api/search?q=%22offshore+wind%22")["total"] == 1


# --- serve -----------------------------------------------------------------------------------


def test_serve_without_an_index_says_so(tmp_path: Path) -> None:
    with pytest.raises(ColsearchError, match="no index at"):
        serve(str(tmp_path / "none"), port=0)
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no index at" in result.stderr


def test_serve_on_a_busy_port_says_so(corpus_index: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ColsearchError, match=f"cannot listen on 127.0.0.1:{port}") as info:
            serve(str(corpus_index), host="127.0.0.1", port=port)
    assert info.value.hint and "--port" in info.value.hint


@contextmanager
def server_process(index_dir: Path, log: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`colsearch serve` on a free loopback port, as a user runs it: (process, base URL).

    Stopped with Ctrl-C (SIGINT) at the end; its stderr is in `log`.
    """
    command = [sys.executable, "-m", "colsearch", "serve", "--index", str(index_dir), "--port", "0"]
    with log.open("wb") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, "NO_COLOR": "1"})
    try:
        deadline = time.monotonic() + 30
        while not (found := re.search(r" at (http://127\.0\.0\.1:\d+/) ", log.read_text())):
            assert process.poll() is None, f"colsearch serve exited: {log.read_text()}"
            assert time.monotonic() < deadline, f"colsearch serve printed no address: {log.read_text()}"
            time.sleep(0.05)
        yield process, found.group(1)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_serve_prints_its_address_serves_and_stops_on_ctrl_c(corpus_index: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with server_process(corpus_index, log) as (process, url):
        assert log.read_text().startswith(f"colsearch: serving {corpus_index} at {url} (Ctrl-C to stop)")
        with urllib.request.urlopen(url + "api/search?q=housing", timeout=10) as response:
            assert json.load(response)["total"] == 4
        with urllib.request.urlopen(url + "?q=housing", timeout=10) as response:
            assert "Han Ji-soo" in response.read().decode()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    lines = log.read_text().splitlines()
    assert "colsearch: GET /api/search?q=housing 200" in lines and lines[-1] == "colsearch: stopped"
    assert "\x1b" not in log.read_text()  # no colour codes in the request log
