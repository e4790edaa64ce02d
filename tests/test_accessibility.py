"""WCAG 2.2 AA in a real browser: axe-core on every page type, and the checks axe cannot make.

axe-core comes pinned inside the PyPI package axe-playwright-python; its script is injected
into each page. Every page type is listed once, in site_pages.PAGES.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, ViewportSize
from site_pages import PAGES
from test_browser import STATUS, wait_for_results

from conftest import FIXTURE_DATA, make_project, run_mkdocs, serve

AXE_SCRIPT = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_VERSION = "4.12.1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = {"light": "default", "dark": "slate"}  # browser preference: Material's scheme
PHONE: ViewportSize = {"width": 320, "height": 640}


def axe(page: Page, *, rules: list[str] | None = None, within: str | None = None) -> list[str]:
    """Run axe-core on the page as it is now; one line per rule broken, naming the elements.

    With `rules`, only those rules run; otherwise every WCAG 2.0/2.1/2.2 A and AA rule.
    """
    # Colours measured half way through a transition are neither the old nor the new ones.
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SCRIPT)
    assert page.evaluate("() => axe.version") == AXE_VERSION
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    result: dict[str, Any] = page.evaluate(
        "([context, options]) => axe.run(context, options)",
        [within or "html", {"runOnly": only, "resultTypes": ["violations"]}])
    return [f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
            for violation in result["violations"]]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A page 320 CSS pixels wide, the narrowest WCAG 1.4.10 (Reflow) asks for."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def open_in(browser: Browser, url: str, scheme: str) -> Page:
    """`url` in a new context whose system colour preference is light or dark."""
    page = browser.new_context(color_scheme="dark" if scheme == "dark" else "light").new_page()
    page.goto(url)
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    return page


# axe-core on every page type -------------------------------------------------------------------

@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_violations(browser: Browser, built_url: str, path: str,
                                 scheme: str) -> None:
    page = open_in(browser, built_url + path, scheme)
    try:
        assert axe(page) == []
    finally:
        page.context.close()


def show_results(page: Page) -> None:
    """Wait for the search page's results, then open every filter group it offers."""
    wait_for_results(page)
    page.evaluate("() => document.querySelectorAll('#slh-search-filters details')"
                  ".forEach(details => { details.open = true; })")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violations_with_search_results_open(browser: Browser, built_url: str,
                                                          scheme: str) -> None:
    page = open_in(browser, built_url, scheme)
    try:
        page.locator("header").get_by_role("searchbox").fill("neglect")
        page.keyboard.press("Enter")
        show_results(page)
        assert page.locator("#slh-search-results > li").count() == 10
        assert page.get_by_role("button", name=re.compile("^Show more results")).is_visible()
        assert axe(page) == []
    finally:
        page.context.close()


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_phone_layout_fits_and_its_menu_passes_axe(phone: Page, site_url: str,
                                                  path: str) -> None:
    phone.goto(site_url + path)
    # WCAG 1.4.10: nothing makes the whole page scroll sideways at 320 px.
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    phone.click("label.md-header__button[for='__drawer']")
    drawer = phone.locator("nav.md-nav--primary")
    phone.wait_for_function(
        "() => { const box = document.querySelector('.md-sidebar--primary')"
        ".getBoundingClientRect(); return box.left >= 0 && box.right > 0; }")
    assert drawer.is_visible()
    assert axe(phone) == []


# Structure -------------------------------------------------------------------------------------

class _Outline(HTMLParser):
    """The heading levels, <title> and <html lang> of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.lang: str | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        elif tag == "html":
            self.lang = dict(attrs).get("lang")
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _outlines(example_project: Path) -> dict[str, _Outline]:
    outlines = {}
    for html in sorted((example_project / "site").rglob("*.html")):
        outline = _Outline()
        outline.feed(html.read_text(encoding="utf-8"))
        outlines[str(html.relative_to(example_project / "site"))] = outline
    return outlines


def test_every_page_has_one_h1_and_skips_no_heading_level(example_built: Path) -> None:
    problems = []
    for name, outline in _outlines(example_built).items():
        if name == "admin/index.html":  # the form editor: its script draws its headings
            continue
        if outline.levels.count(1) != 1 or outline.levels[0] != 1:
            problems.append(f"{name}: headings {outline.levels}")
        for before, after in zip(outline.levels, outline.levels[1:], strict=False):
            if after > before + 1:
                problems.append(f"{name}: h{before} followed by h{after}")
    assert problems == []


def test_every_page_is_in_british_english_with_a_title_of_its_own(
        example_built: Path) -> None:
    outlines = _outlines(example_built)
    assert {name: outline.lang for name, outline in outlines.items()} == dict.fromkeys(
        outlines, "en-GB")
    titles = [outline.title.strip() for outline in outlines.values()]
    assert "" not in titles
    assert sorted(title for title in titles if titles.count(title) > 1) == []
    assert outlines["404.html"].title.startswith("Page not found - ")


# Keyboard --------------------------------------------------------------------------------------

CONTENT_PAGES = {name: path for name, path in PAGES.items() if name != "not-found"}


@pytest.mark.parametrize("path", CONTENT_PAGES.values(), ids=CONTENT_PAGES.keys())
def test_skip_link_moves_focus_to_the_main_content(page: Page, site_url: str,
                                                   path: str) -> None:
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    focused = page.locator(":focus")
    assert focused.evaluate("el => el.tagName") == "H1"
    assert focused.evaluate("el => !!el.closest('main article.md-content__inner')")
    header_bottom = page.locator("header.md-header").bounding_box()
    heading = focused.bounding_box()
    assert header_bottom is not None and heading is not None
    assert heading["y"] >= header_bottom["y"] + header_bottom["height"]


# What a keyboard user sees at each Tab stop: is the element visible below the sticky header,
# inside the window, and outlined?
_FOCUS_STATE = """() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  // Material's colour switch is a pair of invisible radio buttons; the label drawn right
  // after the focused one shows the focus (`.md-option.focus-visible + label`).
  const next = focused.nextElementSibling;
  const el = focused.classList.contains('md-option') && next && next.tagName === 'LABEL'
    ? next : focused;
  const box = el.getBoundingClientRect();
  const header = document.querySelector('header.md-header').getBoundingClientRect();
  const style = getComputedStyle(el);
  return {
    name: el.outerHTML.slice(0, 120),
    inHeader: !!el.closest('header.md-header, .md-skip'),
    visible: box.width > 0 && box.height > 0,
    belowHeader: box.top >= header.bottom - 1,
    onScreen: box.bottom <= window.innerHeight + 1 && box.top >= 0
              && box.right > 0 && box.left < window.innerWidth,
    outlined: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1)
              || style.boxShadow !== 'none',
  };
}"""


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("path", ["learning/reviews/child-r/", "about/editors-guide/"])
def test_keyboard_focus_is_always_visible_and_never_under_the_header(
        page: Page, site_url: str, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 720})
    page.goto(site_url + path)
    problems, stops = [], 0
    for _ in range(250):
        page.keyboard.press("Tab")
        state = page.evaluate(_FOCUS_STATE)
        if state is None:  # focus left the page: every stop has been visited
            break
        stops += 1
        checks = ["visible", "outlined", "onScreen"]
        if not state["inHeader"]:
            checks.append("belowHeader")
        problems += [f"not {check}: {state['name']}" for check in checks
                     if not state[check]]
    assert stops > 10
    assert problems == [], "\n".join(problems)


def test_the_phone_menu_and_search_work_from_the_keyboard(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(site_url + "learning/reviews/child-r/")
    assert page.locator("header").get_by_role("searchbox").is_hidden()  # no room for a box
    menu = page.get_by_role("button", name="Open the menu")
    menu.focus()
    page.keyboard.press("Enter")
    assert page.locator("#__drawer").is_checked()
    page.keyboard.press("Escape")
    page.goto(site_url + "learning/reviews/child-r/")
    # The header's search is a link to the search page: Tab reaches it, Enter follows it.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('header a.slh-header-search-link')"):
            break
    assert page.locator(":focus").get_attribute("href") == "../../../search/"
    assert page.locator("header").get_by_role("link", name="Search", exact=True).is_visible()
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + "search/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "slh-search-q":
            break
    page.keyboard.type("neglect")
    page.keyboard.press("Enter")
    show_results(page)
    assert page.locator("#slh-search-results > li").count() > 0
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320


def test_search_filters_work_from_the_keyboard_and_pass_axe(page: Page,
                                                            filtered_search_url: str) -> None:
    """Whatever filters the index holds are offered; ticking them narrows the results."""
    page.goto(filtered_search_url + "?q=pangolin")
    show_results(page)
    status = page.locator(STATUS)
    assert status.inner_text() == "2 results for \u2018pangolin\u2019."
    # One "Filter results" disclosure (open on a wide screen), holding one per filter: the
    # site's own filters first (the kind of page, the type of review), then any other.
    assert page.locator("#slh-search-filters details.slh-filters").evaluate("d => d.open")
    groups = page.locator("#slh-search-filters details.slh-filter")
    assert groups.locator("> summary").all_inner_texts() == [
        "Filter by type of page", "Filter by type of review", "Filter by colour"]
    assert page.locator("#slh-search-filters legend").all_inner_texts() == [
        "Type of page", "Type of review", "Colour"]
    assert axe(page) == []
    page.evaluate("() => document.querySelectorAll('#slh-search-filters details.slh-filter')"
                  ".forEach(details => { details.open = false; })")

    colour = groups.locator("> summary").nth(2)
    colour.focus()
    page.keyboard.press("Enter")  # opens the colour group
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "Blue"
    assert page.get_by_role("checkbox", name="Blue (1)").is_visible()
    page.keyboard.press(" ")
    page.wait_for_function("() => document.querySelector('[role=status]').textContent"
                           " === '1 result for \u2018pangolin\u2019 with 1 filter.'")
    assert page.evaluate("document.activeElement.value") == "Blue"  # focus stays put
    assert urlsplit(page.url).query == "q=pangolin&colour=Blue"
    assert page.locator("#slh-search-results a").all_inner_texts() == ["About this site"]
    assert colour.inner_text() == "Filter by colour (1 chosen)"

    page.keyboard.press("Tab")
    page.keyboard.press(" ")  # Green as well: either colour
    page.wait_for_function("() => document.querySelector('[role=status]').textContent"
                           ".startsWith('2 results')")
    page.get_by_role("checkbox", name="Green (1)").uncheck()
    groups.locator("> summary").nth(1).click()
    page.get_by_role("checkbox", name="Serious case review (2)").check()  # and this type
    page.wait_for_function("() => document.querySelector('[role=status]').textContent"
                           " === '1 result for \u2018pangolin\u2019 with 2 filters.'")

    page.reload()  # the address holds the whole search
    show_results(page)
    assert page.get_by_role("checkbox", name="Blue (1)").is_checked()
    assert page.get_by_role("checkbox", name="Serious case review (2)").is_checked()
    assert not page.get_by_role("checkbox", name="Green (1)").is_checked()
    assert axe(page) == []


PANGOLIN = """

Pangolin.
<span data-pagefind-filter="colour:{colour}" hidden></span>
<span data-pagefind-filter="type:Serious case review" hidden></span>
"""


@pytest.fixture(scope="module")
def filtered_search_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scratch site two of whose pages carry Pagefind filters; its search page's address."""
    project = make_project(tmp_path_factory.mktemp("filters"), FIXTURE_DATA)
    for page, colour in (("index.md", "Blue"), ("accessibility.md", "Green")):
        about = project / "content" / "about" / page
        about.write_text(about.read_text(encoding="utf-8") + PANGOLIN.format(colour=colour),
                         encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield url + "search/"


# The three failures of a default Material build, each checked on its own -----------------------

@pytest.mark.parametrize("scheme", SCHEMES)
def test_footer_text_contrast_is_enough(browser: Browser, site_url: str, scheme: str) -> None:
    page = open_in(browser, site_url, scheme)
    try:
        assert page.locator(".md-copyright").inner_text() != ""
        assert axe(page, rules=["color-contrast"], within="footer") == []
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_links_in_text_differ_by_more_than_colour(browser: Browser, site_url: str,
                                                  scheme: str) -> None:
    page = open_in(browser, site_url + "learning/reviews/child-r/", scheme)
    try:
        links = page.locator("article li > a, article p > a")
        assert links.count() > 3
        assert links.first.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
        assert axe(page, rules=["link-in-text-block"]) == []
    finally:
        page.context.close()


WIDE_TABLE = """

## Figures by year

| Year | Referrals | Assessments | Strategy discussions | Child protection plans | Reviews |
| --- | --- | --- | --- | --- | --- |
| 2019-20 | 10,000,000 | 9,000,000 | 8,000,000 | 7,000,000 | 6,000,000 |
"""


@pytest.fixture(scope="module")
def wide_table_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A scratch site whose About page ends with a table far wider than a phone."""
    project = make_project(tmp_path_factory.mktemp("wide-table"), FIXTURE_DATA)
    about = project / "content" / "about" / "index.md"
    about.write_text(about.read_text(encoding="utf-8") + WIDE_TABLE, encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield url + "about/"


def test_wide_tables_scroll_in_a_labelled_region_reached_by_keyboard(
        phone: Page, wide_table_url: str) -> None:
    phone.goto(wide_table_url)
    region = phone.locator(".md-typeset__scrollwrap")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label") == "Table: Figures by year (scrolls sideways)"
    assert axe(phone, rules=["scrollable-region-focusable"]) == []
    region.focus()
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function(
        "() => document.querySelector('.md-typeset__scrollwrap').scrollLeft > 0")


def test_tables_that_fit_stay_out_of_the_tab_order(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(site_url + "learning/themes/")
    region = page.locator(".md-typeset__scrollwrap").first
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert region.get_attribute("tabindex") is None
    assert region.get_attribute("role") is None


def test_the_statement_names_who_runs_the_site_and_how_to_reach_them(
        example_project: Path) -> None:
    """The parts the model accessibility statement requires, from data/partnership.yml."""
    from generator.validate import load_dataset

    dataset, _ = load_dataset(example_project / "data")
    partnership = dataset.partnership
    html = (example_project / "site" / "about" / "accessibility" / "index.html").read_text(
        "utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert f"The website is run by {partnership.name}." in text
    assert f'href="mailto:{partnership.email}"' in html
    assert 'href="tel:999"' in html
    assert re.search(r"This statement was prepared on \d{1,2} \w+ 20\d\d\.", text)
    assert "Equality and Human Rights Commission" in text
    assert 'href="https://www.equalityadvisoryservice.com/"' in html
