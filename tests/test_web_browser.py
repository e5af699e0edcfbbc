"""End to end in headless Chromium: the real `colsearch serve` process, driven by Playwright.

A user's path through the site: type a query, see marked passages, narrow by a facet and a
chart bar, open a column, page through; hostile page text stays text; the pages work
without JavaScript. Screenshots go to tests/artifacts/ (git-ignored). The README's
docs/screenshot.png is written when missing, or again with COLSEARCH_SCREENSHOT=1.

Uses the system's chromium (Debian: apt-get install -y chromium), never a downloaded
browser; without one the tests skip.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, sync_playwright

from colsearch.index import update_index
from conftest import CORPUS, ROOT
from test_web import XSS, server_process, write_hostile_pages

CHROMIUM = (
    shutil.which("chromium")
    or shutil.which("chromium-browser")
    or next((path for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(path)), None)
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
README_SCREENSHOT = ROOT / "docs" / "screenshot.png"
QUERY = "housing OR energy OR climate"
MARK_COLOUR = "rgb(255, 226, 122)"  # --mark in style.css

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary found; install it with: apt-get install -y chromium"
)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a running `colsearch serve` over the corpus plus two hostile pages."""
    pages = tmp_path_factory.mktemp("browser-pages")
    shutil.copytree(CORPUS, pages / "corpus")
    write_hostile_pages(pages)
    index_dir = tmp_path_factory.mktemp("browser-index")
    report = update_index([str(pages)], str(index_dir), workers=1)
    assert report.failed == 0, report.failures
    with server_process(index_dir, tmp_path_factory.mktemp("server") / "serve.log") as (_, url):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Problems(list[str]):
    """Console errors, uncaught script errors and dialogs (an alert() would be one) of a page."""


@pytest.fixture
def problems() -> Problems:
    return Problems()


def open_page(browser: Browser, problems: Problems, javascript: bool = True) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(f"console: {message.text}")

    def on_dialog(dialog: Dialog) -> None:
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("dialog", on_dialog)
    return page


@pytest.fixture
def page(browser: Browser, problems: Problems) -> Iterator[Page]:
    page = open_page(browser, problems)
    yield page
    page.context.close()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_search_facet_column_and_paging(page: Page, base_url: str, problems: Problems) -> None:
    page.goto(base_url)
    page.fill("#q", QUERY)
    page.press("#q", "Enter")
    page.wait_for_selector("ol.hits .hit")
    assert page.locator(".summary").inner_text().strip() == "Results 1–9 of 9"
    marks = page.locator(".hit .passage mark")
    assert marks.count() >= 9
    assert {text.lower() for text in marks.all_inner_texts()} >= {"housing", "energy", "climate"}
    first = marks.first
    assert first.is_visible()
    assert first.evaluate("m => getComputedStyle(m).backgroundColor") == MARK_COLOUR
    assert page.locator("figure.chart rect").count() == 6
    screenshot(page, "search.png")
    if not README_SCREENSHOT.exists() or os.environ.get("COLSEARCH_SCREENSHOT") == "1":
        README_SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(README_SCREENSHOT))

    # a columnist facet narrows the results to that columnist
    page.locator('aside [data-facet="columnist"] a', has_text="Eleanor Voss").click()
    page.wait_for_url(re.compile(r"columnist=Eleanor\+Voss"))
    columnists = page.locator(".hit .columnist").all_inner_texts()
    assert columnists == ["Eleanor Voss"] * 3
    assert page.locator("a.chip").inner_text().startswith("columnist: Eleanor Voss")
    assert page.input_value('input[name="columnist"]') == "Eleanor Voss"

    # a year facet adds since/until of that year
    page.locator('aside [data-facet="year"] a', has_text="2022").click()
    page.wait_for_url(re.compile(r"since=2022&until=2022"))
    assert page.locator(".summary").inner_text().strip() == "Results 1–2 of 2"
    page.locator("a.chip", has_text="columnist").click()  # remove the columnist filter
    page.wait_for_url(re.compile(r"^(?!.*columnist=).*since=2022"))
    assert page.locator(".summary").inner_text().strip() == "Results 1–3 of 3"

    # open a column: the query's matches are marked in the whole text
    headline = page.locator(".hit h2 a").first.inner_text()
    page.locator(".hit h2 a").first.click()
    page.wait_for_selector("article.column h1")
    assert page.locator("article.column h1").inner_text() == headline
    assert page.locator("article .body mark").count() >= 3
    assert page.locator("aside.similar .hit").count() >= 1
    screenshot(page, "column.png")
    page.locator(".back a").click()
    page.wait_for_selector("ol.hits .hit")

    # page through
    page.goto(f"{base_url}?q={QUERY.replace(' ', '+')}&limit=3")
    assert page.locator("ol.hits").get_attribute("start") == "1"
    page.click("a[rel=next]")
    page.wait_for_url(re.compile(r"offset=3"))
    assert page.locator("ol.hits").get_attribute("start") == "4"
    assert page.locator(".summary").inner_text().strip() == "Results 4–6 of 9"
    page.click("a[rel=next]")
    page.wait_for_url(re.compile(r"offset=6"))
    assert page.locator(".summary").inner_text().strip() == "Results 7–9 of 9"
    assert page.locator("a[rel=next]").count() == 0
    page.click("a[rel=prev]")
    page.wait_for_url(re.compile(r"offset=3"))
    assert page.locator("ol.hits").get_attribute("start") == "4"
    assert problems == []


def test_chart_bar_narrows_to_its_period(page: Page, base_url: str, problems: Problems) -> None:
    page.goto(f"{base_url}?q=climate")
    assert "per month" in page.locator("figure.chart figcaption").inner_text()
    page.locator("figure.chart a").last.click()
    page.wait_for_url(re.compile(r"since=2022-10&until=2022-10"))
    assert page.locator(".hit h2").all_inner_texts() == ["Seoul's basement floods were a warning about adaptation"]
    assert problems == []


def test_columnists_page_leads_to_their_columns(page: Page, base_url: str, problems: Problems) -> None:
    page.goto(base_url)
    page.click("header nav >> text=Columnists")
    row = page.locator("table.columnists tr", has_text="Han Ji-soo")
    assert row.locator("td").all_inner_texts() == ["Han Ji-soo", "3", "2019–2023"]
    row.locator("a").click()
    page.wait_for_selector("ol.hits .hit")
    assert page.locator(".hit .columnist").all_inner_texts() == ["Han Ji-soo"] * 3
    assert problems == []


def test_hostile_page_text_is_shown_not_run(page: Page, base_url: str, problems: Problems) -> None:
    page.goto(f"{base_url}?q=ferry+OR+bus")
    headlines = page.locator(".hit h2").all_inner_texts()
    assert f"Ferry timetables {XSS}" in headlines
    assert any(h.startswith(XSS) for h in headlines)
    page.locator(".hit h2 a", has_text="Ferry").click()
    page.wait_for_selector("article.column h1")
    assert XSS in page.locator("article.column h1").inner_text()
    assert XSS in page.locator("article .body").inner_text()
    assert page.locator('dl.fields a[href^="javascript"]').count() == 0
    assert page.locator("img").count() == 0
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    screenshot(page, "hostile.png")
    assert problems == []  # no alert() dialog, no script error


def test_sort_order_change_searches_again(page: Page, base_url: str, problems: Problems) -> None:
    page.goto(f"{base_url}?q=housing")
    page.select_option('select[name="sort"]', "newest")  # app.js submits the form
    page.wait_for_url(re.compile(r"sort=newest"))
    dates = [page.locator(".hit time").nth(i).get_attribute("datetime") or "" for i in range(4)]
    assert dates == sorted(dates, reverse=True)
    page.keyboard.press("Escape")
    page.locator("body").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    assert problems == []


def test_pages_work_without_javascript(browser: Browser, base_url: str, problems: Problems) -> None:
    page = open_page(browser, problems, javascript=False)
    try:
        page.goto(base_url)
        page.fill("#q", "SDGs humanitarian")
        page.fill('input[name="since"]', "2021")
        page.click("form.search button[type=submit]")
        page.wait_for_selector("ol.hits .hit")
        assert page.locator(".hit h2").first.inner_text().startswith("Development goals")
        page.locator('aside [data-facet="year"] a').first.click()
        page.wait_for_url(re.compile(r"since=2021&until=2021"))
        page.locator(".hit h2 a").first.click()
        page.wait_for_selector("article .body mark")
    finally:
        page.context.close()
    assert problems == []


def test_malformed_query_gets_a_message(page: Page, base_url: str, problems: Problems) -> None:
    page.goto(base_url)
    page.fill("#q", '"human rights')
    with page.expect_response(re.compile(r"q=")) as response:
        page.press("#q", "Enter")
    assert response.value.status == 400
    assert "unclosed quote at position 1" in page.locator(".error .message").inner_text()
    assert page.input_value("#q") == '"human rights'
    assert [p for p in problems if "400" not in p] == []  # the browser logs the 400 itself
