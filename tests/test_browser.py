"""The example site in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import EXAMPLE_DATA
from generator.validate import load_dataset

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(example_project: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(example_project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


def search(page: Page, url: str, query: str) -> list[str]:
    page.goto(url)
    page.click("input.md-search__input")
    page.keyboard.type(query)
    page.wait_for_selector("li.md-search-result__item", timeout=15_000)
    links = page.locator("li.md-search-result__item > a.md-search-result__link")
    return [urlsplit(href).path for href in links.evaluate_all("els => els.map(e => e.href)")]


def test_search_lists_child_r_for_words_from_its_findings(page: Page, site_url: str) -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    child_r = next(review for review in dataset.reviews if review.id == "child-r")
    words = re.findall(r"[a-z]{10,}", child_r.findings[2].text.lower())[:2]
    assert "/learning/reviews/child-r/" in search(page, site_url, " ".join(words))


def test_search_lists_a_theme_page_for_its_name(page: Page, site_url: str) -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    theme = next(theme for theme in dataset.themes if theme.id == "neglect")
    assert f"/learning/themes/{theme.id}/" in search(page, site_url, theme.name)


def test_pages_load_nothing_from_other_hosts(page: Page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("", "learning/reviews/child-r/", "learning/themes/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    own = urlsplit(site_url).netloc
    assert requested
    assert [url for url in requested
            if urlsplit(url).netloc != own and not url.startswith("data:")] == []


def test_learning_summary_reads_as_a_document(page: Page, site_url: str) -> None:
    page.goto(site_url + "learning/reviews/child-r/")
    assert page.locator("html").get_attribute("lang") == "en-GB"
    assert page.locator("h1").count() == 1
    assert page.get_by_role("heading", name="If you do one thing").is_visible()
    page.get_by_role("link", name="All learning summaries").first.click()
    page.wait_for_url(re.compile(r"/learning/reviews/$"))
