"""The example site in a real headless Chromium (Debian's), driven by Playwright.

Search, privacy and reading. The shared browser and server fixtures are in conftest.py;
accessibility, print and HTML validity have their own test files.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page
from site_pages import PAGES

from conftest import EXAMPLE_DATA
from generator.validate import load_dataset


def search(page: Page, url: str, query: str) -> list[str]:
    """Type `query` into Material's search box on `url`; the paths of the results listed."""
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


def test_no_page_type_loads_anything_from_another_host(page: Page, site_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES.values():
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    search(page, site_url, "neglect")  # the search index and its worker load on first use
    page.wait_for_load_state("networkidle")
    own = urlsplit(site_url).netloc
    assert site_url + "search/search_index.json" in requested
    assert [url for url in requested
            if urlsplit(url).netloc != own and not url.startswith(("data:", "blob:"))] == []


# Anything the browser fetches by itself: scripts, stylesheets, fonts, images and frames.
_EMBEDDED = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=["']([^"']+)"""
    r"""|<link\b[^>]*\bhref=["']([^"']+)|url\(\s*["']?([^"')]+)""", re.IGNORECASE)


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
    page.get_by_role("link", name="All learning summaries").first.click()
    page.wait_for_url(re.compile(r"/learning/reviews/$"))


def test_every_page_links_to_the_accessibility_statement(page: Page, site_url: str) -> None:
    for path in PAGES.values():
        page.goto(site_url + path)
        link = page.locator("footer").get_by_role("link", name="Accessibility statement")
        assert link.count() == 1, path
        link.click()
        page.wait_for_url(site_url + "about/accessibility/")
        assert page.locator("h1").inner_text() == "Accessibility statement"
