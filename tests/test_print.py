"""Printing a learning summary: print media in the browser, and a PDF made by Chromium."""

from __future__ import annotations

import io

from playwright.sync_api import Page
from pypdf import PdfReader

SUMMARY = "learning/reviews/child-r/"
CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".slh-header-search",
          ".slh-header-search-link", ".md-footer", ".md-skip"]


def test_printed_summary_has_no_navigation_and_shows_link_targets(page: Page,
                                                                  site_url: str) -> None:
    page.goto(site_url + SUMMARY)
    page.emulate_media(media="print")
    hidden = {selector: page.locator(selector).first.evaluate(
        "el => getComputedStyle(el).display") for selector in CHROME}
    assert hidden == dict.fromkeys(CHROME, "none")
    link = page.locator("article a[data-print-href]").first
    target = link.evaluate("a => a.href")
    assert target.startswith(site_url)
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == f'" ({target})"'


def test_printed_tables_are_not_cut_off(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 700, "height": 1000})  # roughly an A4 page's width
    page.goto(site_url + "learning/themes/")
    page.emulate_media(media="print")
    tables = page.locator("article table")
    assert tables.count() > 0
    for index in range(tables.count()):
        fits = tables.nth(index).evaluate(
            "t => t.getBoundingClientRect().right <= "
            "t.closest('article').getBoundingClientRect().right + 1"
            " && t.parentElement.scrollWidth <= t.parentElement.clientWidth + 1")
        assert fits, index


def test_chromium_prints_the_summary_as_a_clean_pdf(page: Page, site_url: str) -> None:
    page.goto(site_url + SUMMARY)
    heading = page.locator("h1").inner_text()
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 2
    text = " ".join(" ".join((page_.extract_text() or "").split()) for page_ in reader.pages)
    assert heading in text
    assert "If you do one thing" in text
    assert "Skip to content" not in text
    assert "Accessibility statement" not in text  # the footer stays off paper
    assert "/learning/themes/neglect/" in text.replace(" ", "")  # a link target, written out


REPORT = "learning/reports/2021-22/partnership/"


def test_a_report_prints_as_a_document(page: Page, site_url: str) -> None:
    page.goto(site_url + REPORT)
    # The title page and running header are for paper: a screen reader and a screen skip them.
    assert page.locator(".slh-print-cover").evaluate("el => getComputedStyle(el).display") \
        == "none"
    title = page.locator("h1").inner_text()
    pdf = page.pdf(format="A4", print_background=False)
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join((sheet.extract_text() or "").split()) for sheet in reader.pages]
    assert len(pages) > 5
    # A title page: the partnership's name, the title and the period, and nothing else.
    assert "Oxfordshire Safeguarding Children Board" in pages[0]
    assert title in pages[0] and "1 April 2021 to 31 March 2022" in pages[0]
    assert "Foreword" not in pages[0]
    # The title at the top of every page, and page numbers at the foot.
    header = f"{title} · Oxfordshire Safeguarding Children Board"
    assert all(header in text for text in pages[1:]), [text[:120] for text in pages]
    assert all(f"Page {number} of {len(pages)}" in text
               for number, text in enumerate(pages, 1))
    assert "Skip to content" not in " ".join(pages)
