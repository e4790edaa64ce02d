"""Search as a practitioner uses it, in Debian's Chromium at phone and laptop widths.

The words are the ones practitioners type: the name of a harm, a risk they were told about,
the everyday word for a theme the partnership files under another name. The first result
must be learning (a summary, briefing or theme page, labelled as such), and opening it must
land on the part of the page that matches.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import Browser, Page
from test_browser import wait_for_results

from conftest import EXAMPLE_DATA
from generator.validate import load_dataset

WIDTHS = {"phone": 375, "laptop": 1280}
LEARNING = {"Learning summary", "Briefing", "Theme"}


def _at(browser: Browser, width: int) -> Page:
    return browser.new_context(viewport={"width": width, "height": 800}).new_page()


def _search(page: Page, built_url: str, query: str) -> str:
    page.goto(f"{built_url}search/?q={quote(query)}")
    return wait_for_results(page)


def _section_text(page: Page, anchor: str) -> str:
    """The text of the section a link's anchor opens: its heading and what follows it up to
    the next heading of the same or a higher level."""
    return page.evaluate("""anchor => {
        const heading = document.getElementById(anchor);
        const level = /^H[1-6]$/.test(heading.tagName) ? Number(heading.tagName[1]) : 7;
        let text = heading.textContent, node = heading.nextElementSibling;
        while (node && !(/^H[1-6]$/.test(node.tagName) && Number(node.tagName[1]) <= level)) {
            text += " " + node.textContent;
            node = node.nextElementSibling;
        }
        return text;
    }""", anchor)


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("query", ["neglect", "ligature", "exploitation", "domestic abuse"])
def test_the_first_result_is_labelled_learning_and_opens_at_the_match(
        browser: Browser, built_url: str, query: str, width: int) -> None:
    page = _at(browser, width)
    _search(page, built_url, query)
    first = page.locator("#slh-search-results > li").first
    kind = first.locator(".slh-search__kind").inner_text()
    assert kind in LEARNING, f"the first result for {query!r} is a {kind}"
    first.locator("a.slh-search__link").click()
    page.wait_for_load_state()
    anchor = urlsplit(page.url).fragment
    stem = query.split()[-1][:6]  # "exploitation" and "exploit" share a root
    if anchor:
        assert stem in _section_text(page, anchor).lower()
        top = page.locator(f"[id='{anchor}']").bounding_box()
        assert top is not None and 0 <= top["y"] < 800, "the section is on screen"
    else:  # the page itself is what matches: its heading or its opening says so
        assert stem in page.locator("article").inner_text().lower()
    page.context.close()


def test_a_theme_is_found_by_the_other_words_people_use_for_it(
        browser: Browser, built_url: str) -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    named = [(theme, word) for theme in dataset.themes for word in theme.also_known_as
             if " " in word]
    assert named, "the example themes list other names"
    page = _at(browser, 375)
    for theme, word in named[:3]:
        _search(page, built_url, word)
        first = page.locator("#slh-search-results > li").first
        href = first.locator("a.slh-search__link").get_attribute("href") or ""
        assert urlsplit(href).path.endswith(f"/learning/themes/{theme.id}/"), word
    page.context.close()


def test_a_misspelt_word_gets_the_closest_word_and_theme(browser: Browser,
                                                          built_url: str) -> None:
    page = _at(browser, 375)
    _search(page, built_url, "neglet")
    suggestion = page.locator("#slh-search-suggestion")
    suggestion.wait_for(state="visible")
    assert suggestion.inner_text() == (
        "Did you mean neglect? The closest theme is Neglect.")
    suggestion.get_by_role("link", name="neglect", exact=True).click()
    assert wait_for_results(page).endswith("for \u2018neglect\u2019.")
    assert page.locator("#slh-search-suggestion").is_hidden()
    page.context.close()


def test_no_suggestion_for_a_word_the_site_knows(browser: Browser, built_url: str) -> None:
    page = _at(browser, 375)
    _search(page, built_url, "neglected")
    page.wait_for_timeout(300)  # the word list is fetched after the results are shown
    assert page.locator("#slh-search-suggestion").is_hidden()
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_filters_are_one_disclosure_closed_on_a_phone(browser: Browser, built_url: str,
                                                      width: int) -> None:
    page = _at(browser, width)
    _search(page, built_url, "neglect")
    filters = page.locator("details.slh-filters")
    assert filters.count() == 1
    assert filters.evaluate("details => details.open") is (width > 375)
    if width == 375:
        filters.locator("> summary").click()
    kinds = filters.locator("details.slh-filter", has_text="type of page")
    kinds.locator("> summary").click()
    kinds.get_by_label(re.compile(r"^Theme \(\d+\)$")).check()
    wait_for_results(page)
    labels = page.locator("#slh-search-results .slh-search__kind").all_inner_texts()
    assert labels and set(labels) == {"Theme"}
    assert "kind=Theme" in page.url
    page.context.close()


# Pages outside the navigation get an "On this page" list after their heading, which on a
# phone is the only way round them; each entry leads to a heading on the page.
LONG_PAGES = ["learning/reviews/child-r/", "learning/briefings/national-reports-2021/",
              "learning/reports/2021-22/subgroup/", "learning/themes/neglect/"]


@pytest.mark.parametrize("path", LONG_PAGES)
def test_long_pages_have_contents_on_a_phone(browser: Browser, built_url: str,
                                             path: str) -> None:
    page = _at(browser, 375)
    page.goto(built_url + path)
    # (Zensical gives the sidebar's contents the same name; on a phone it is hidden.)
    contents = page.get_by_role("navigation", name="On this page")
    contents.locator("summary").click()
    links = contents.get_by_role("link")
    listed = links.count()
    assert listed >= 2
    for href in links.evaluate_all("links => links.map(link => link.getAttribute('href'))"):
        assert href.startswith("#") and page.locator(f"[id='{href[1:]}']").count() == 1
    links.nth(1).click()
    assert urlsplit(page.url).fragment
    # "You are here": the listing the page belongs to, above its heading.
    trail = page.get_by_role("navigation", name="You are here")
    assert trail.get_by_role("link").all_inner_texts()[0] == "Home"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator(".slh-contents").is_hidden()
    sidebar = page.locator(".md-sidebar--secondary nav.md-nav--secondary")
    # On a wide screen the sidebar holds the same list, with the subheadings too.
    assert sidebar.is_visible() and sidebar.get_by_role("link").count() >= listed
    page.context.close()
