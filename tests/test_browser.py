"""The example site in a real headless Chromium (Debian's), driven by Playwright.

Search, privacy and reading. The shared browser and server fixtures are in conftest.py;
accessibility, print and HTML validity have their own test files.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Request
from site_pages import PAGES

from conftest import EXAMPLE_DATA
from generator.validate import load_dataset


def search(page: Page, url: str, query: str) -> list[str]:
    """Search for `query` from the header's box on `url`; the paths of every result listed."""
    page.set_viewport_size({"width": 1280, "height": 720})  # the box itself, not the phone link
    page.goto(url)
    page.locator("header").get_by_role("searchbox", name="Search this site").fill(query)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    wait_for_results(page)
    more = page.get_by_role("button", name=re.compile("^Show more results"))
    links = page.locator("#slh-search-results > li > a")
    while more.is_visible():
        listed = links.count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#slh-search-results > li')"
                               ".length > n", arg=listed)
    return [urlsplit(href).path for href in links.evaluate_all("els => els.map(e => e.href)")]


STATUS = "#slh-search-status[role=status]"
"""The search page's live region. (Zensical's theme has a second, its "copied" dialog.)"""


def wait_for_results(page: Page) -> str:
    """Wait until the search page announces its results (or none); what it announced."""
    page.wait_for_function(f"() => /result/i.test(document.querySelector('{STATUS}')"
                           ".textContent)", timeout=15_000)
    return page.locator(STATUS).inner_text()


def test_search_lists_child_r_for_words_from_its_findings(page: Page, site_url: str) -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    child_r = next(review for review in dataset.reviews if review.id == "child-r")
    words = re.findall(r"[a-z]{10,}", child_r.findings[2].text.lower())[:2]
    assert "/learning/reviews/child-r/" in search(page, site_url, " ".join(words))


def test_search_lists_a_theme_page_for_its_name(page: Page, site_url: str) -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    theme = next(theme for theme in dataset.themes if theme.id == "neglect")
    assert f"/learning/themes/{theme.id}/" in search(page, site_url, theme.name)


def test_search_says_plainly_when_nothing_matches(page: Page, site_url: str) -> None:
    assert search(page, site_url, "xylophonist") == []
    assert page.locator(STATUS).inner_text() == (
        "No results for \u2018xylophonist\u2019. Check the spelling, or try fewer or different "
        "words.")


# The target is under 500 KB at 3,000 reviews (generator/bench.py measures that); the
# example site's first query must stay well inside it.
FIRST_QUERY_BUDGET = 300_000


def test_the_index_loads_only_when_a_search_is_made_and_little_of_it(
        page: Page, site_url: str) -> None:
    """Pagefind's reader and index chunks: nothing before the first query, then a few."""
    requests: list[Request] = []
    page.on("requestfinished", lambda request: requests.append(request))
    for path in ("", "learning/reviews/child-r/", "search/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    assert [request.url for request in requests if "/pagefind/" in request.url] == []
    before = len(requests)
    page.get_by_role("searchbox", name="Words to search for").fill("Child R")
    page.keyboard.press("Enter")
    wait_for_results(page)
    page.wait_for_load_state("networkidle")
    assert "Learning from the serious case review for Child R" in page.locator(
        "#slh-search-results a").all_inner_texts()
    index = {urlsplit(request.url).path.removeprefix("/pagefind/").split("/")[0]:
             request for request in requests[before:] if "/pagefind/" in request.url}
    # The reader, its worker, the search engine, the index's contents, and chunks of it.
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json",
            "wasm.en-gb.pagefind", "index", "fragment"} <= index.keys()
    downloaded = sum(request.sizes()["responseBodySize"] for request in requests[before:]
                     if "/pagefind/" in request.url)
    assert downloaded < FIRST_QUERY_BUDGET, downloaded


def test_search_works_without_the_header_box_and_the_address_keeps_it(
        page: Page, site_url: str) -> None:
    page.goto(site_url + "search/")
    box = page.get_by_role("searchbox", name="Words to search for")
    assert page.locator("header").get_by_role("searchbox").count() == 0  # one box per page
    box.fill("neglect")
    box.press("Enter")
    assert "result" in wait_for_results(page)
    assert urlsplit(page.url).query == "q=neglect"
    assert page.title().startswith("\u2018neglect\u2019: Search - ")
    assert page.evaluate("document.activeElement.id") == "slh-search-q"  # focus stays put
    page.go_back()
    page.wait_for_function("() => document.getElementById('slh-search-results')"
                           ".childElementCount === 0")
    assert page.locator(STATUS).inner_text() == ""


def test_without_javascript_the_search_page_says_so_and_links_to_the_lists(
        browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "search/?q=neglect")
        # (Inside <noscript>, which Playwright's text and role locators do not look into.)
        message = page.locator("article noscript > p")
        assert message.is_visible()
        assert message.inner_text().startswith("Search needs JavaScript, which is turned off")
        link = message.locator("a").first
        assert link.inner_text() == "learning summaries"
        link.click()
        page.wait_for_url(site_url + "learning/reviews/")
    finally:
        context.close()


def test_no_page_type_loads_anything_from_another_host(page: Page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES.values():
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    search(page, site_url, "neglect")  # Pagefind, its worker and index chunks load on first use
    page.wait_for_load_state("networkidle")
    own = urlsplit(site_url).netloc
    assert site_url + "pagefind/pagefind-worker.js" in requested
    assert [url for url in requested
            if urlsplit(url).netloc != own and not url.startswith(("data:", "blob:"))] == []


# Anything the browser fetches by itself: scripts, stylesheets, fonts, images and frames.
# What a browser fetches: not a page's canonical address or its feed, which name the site's
# own public address and are never loaded by the page.
_EMBEDDED = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=["']([^"']+)"""
    r"""|<link\b(?![^>]*\brel=["'](?:canonical|alternate)["'])[^>]*\bhref=["']([^"']+)"""
    r"""|url\(\s*["']?([^"')]+)""", re.IGNORECASE)


def test_built_html_embeds_nothing_from_another_host(example_project: Path) -> None:
    pages = sorted((example_project / "site").rglob("*.html"))
    assert len(pages) > len(PAGES)
    foreign = {
        f"{page.relative_to(example_project / 'site')}: {url}"
        for page in pages
        for match in _EMBEDDED.finditer(page.read_text(encoding="utf-8"))
        for url in match.groups() if url and re.match(r"(?:[a-z]+:)?//", url, re.IGNORECASE)
    }
    assert foreign == set()
    for page in pages:
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8")


def test_learning_summary_reads_as_a_document(page: Page, site_url: str) -> None:
    page.goto(site_url + "learning/reviews/child-r/")
    assert page.get_by_role("heading", name="If you do one thing").is_visible()
    page.get_by_role("navigation", name="You are here").get_by_role(
        "link", name="Learning summaries").click()
    page.wait_for_url(re.compile(r"/learning/reviews/$"))


def test_every_page_links_to_the_accessibility_statement(page: Page, site_url: str) -> None:
    for path in PAGES.values():
        page.goto(site_url + path)
        link = page.locator("footer").get_by_role("link", name="Accessibility statement")
        assert link.count() == 1, path
        link.click()
        page.wait_for_url(site_url + "about/accessibility/")
        assert page.locator("h1").inner_text() == "Accessibility statement"


def test_figures_in_report_tables_are_right_aligned(page: Page, site_url: str) -> None:
    # Alignment comes from a class (the sanitiser lets no `style` through, and HTML has
    # dropped `align`): the stylesheet must still win over the theme's left alignment.
    page.goto(f"{site_url}learning/reports/2021-22/subgroup/")
    for cell in ("th.slh-align-right", "td.slh-align-right"):
        assert page.eval_on_selector(cell, "e => getComputedStyle(e).textAlign") == "right"
