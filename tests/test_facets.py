"""Browsing by facets: partnership, year, type of review, theme and the child's age.

The counts are checked against the records themselves, worked out here independently of
`generator/compute/facets.py`; unpublished records must never be listed; long listings are
paged; and a real `mkdocs build --strict` must give linked pages whose learning summaries
carry the search page's filter attributes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest

from conftest import EXAMPLE_DATA, FIXTURE_DATA, edit, pagefind_chunks, published_pages
from generator.compute import Site, compute, themes_raised
from generator.compute.facets import NOT_RECORDED
from generator.gate import as_of_day, gate
from generator.models import Dataset
from generator.models.fields import slugify
from generator.render import render
from generator.synth import synthesise
from generator.validate import load_dataset
from generator.verify import expected_pages

KINDS = ["partnership", "year", "type", "theme", "age"]


def site_for(data: Path) -> tuple[Dataset, Site]:
    dataset, _ = load_dataset(data)
    gated = gate(dataset, as_of_day(dataset))
    return gated, compute(gated)


def counts(site: Site) -> dict[str, dict[str, int]]:
    """{facet: {slug: reviews listed}}, in the order the overview shows them."""
    return {facet.kind: {value.slug: len(value.reviews) for value in facet.values}
            for facet in site.facets.facets}


def expected_counts(dataset: Dataset) -> dict[str, Counter[str]]:
    """What the facets should count, worked out straight from the records."""
    published = [review for review in dataset.reviews if review.is_published]
    expected: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    for review in published:
        assert review.publication.date is not None
        expected["partnership"][slugify(review.partnership or dataset.partnership.name)] += 1
        expected["year"][str(review.publication.date.year)] += 1
        expected["type"][review.type.value] += 1
        expected["theme"].update(set(themes_raised(review)))
        bands = {child.band.value if child.band else NOT_RECORDED for child in review.children}
        expected["age"].update(bands or {NOT_RECORDED})
    return expected


def entries(page: str) -> list[str]:
    """The reviews a facet listing names, one per entry, in order."""
    return re.findall(r"^- \[[^\]]+\]\(\.\./([a-z0-9-]+)\.md\): ", page, re.MULTILINE)


def listing(pages: dict[str, str], first: str) -> Iterator[str]:
    """Every page of the listing whose first page is `first`, in order."""
    stem = first.removesuffix(".md")
    yield pages[first]
    number = 2
    while f"{stem}-page-{number}.md" in pages:
        yield pages[f"{stem}-page-{number}.md"]
        number += 1


# --- What is counted ----------------------------------------------------------------------


def test_fixture_facets_count_the_published_reviews() -> None:
    dataset, site = site_for(FIXTURE_DATA)
    assert counts(site) == {
        "partnership": {"testshire-safeguarding-children-partnership": 2},
        "year": {"2022": 1, "2020": 1},
        "type": {"cspr": 1, "serious-case-review": 1},
        "theme": {"early-help": 1, "neglect": 2, "working-with-fathers": 1},
        # Child A is 1 to 4; Child B's review names no child. The bands of unpublished
        # records (under 1, 13 to 15, 16 to 17) have no page.
        "age": {"1-4": 1, NOT_RECORDED: 1},
    }
    assert {kind: Counter(found) for kind, found in counts(site).items()} == \
        expected_counts(dataset)


def test_example_facets_count_the_published_reviews() -> None:
    dataset, site = site_for(EXAMPLE_DATA)
    found = counts(site)
    assert {kind: Counter(values) for kind, values in found.items()} == expected_counts(dataset)
    child_r = next(review for review in dataset.reviews if review.id == "child-r")
    assert found["partnership"] == {"oxfordshire-safeguarding-children-board": 1}
    assert found["year"] == {"2021": 1}
    assert found["type"] == {"serious-case-review": 1}
    assert found["age"] == {"13-15": 1}
    assert set(found["theme"]) == set(themes_raised(child_r))


def test_values_are_ordered_for_reading(tmp_path: Path) -> None:
    data = tmp_path / "data"
    synthesise(data, 120, seed=3)
    _, site = site_for(data)
    by_kind = {facet.kind: facet.values for facet in site.facets.facets}
    years = [int(value.slug) for value in by_kind["year"]]
    assert years == sorted(years, reverse=True)
    for kind in ("partnership", "type", "theme"):
        labels = [value.label.lower() for value in by_kind[kind]]
        assert labels == sorted(labels), kind
    assert [value.slug for value in by_kind["age"]] == [
        band for band in ("under-1", "1-4", "5-9", "10-12", "13-15", "16-17", "18-plus",
                          NOT_RECORDED) if band in {value.slug for value in by_kind["age"]}]
    # Every listing is newest first, like the reviews index.
    order = {review.id: place for place, review in enumerate(site.published)}
    for value in site.facets.values:
        places = [order[review.id] for review in value.reviews]
        assert places == sorted(places), value.path


def test_unpublished_and_embargoed_reviews_are_never_listed(data_copy: Path) -> None:
    # A partnership, a theme and an age band that only unpublished records have.
    for name in ("cspr-unpublished", "rr-2021-01"):
        edit(data_copy / "reviews" / f"{name}.yml", "type: ",
             "partnership: SECRET-PARTNERSHIP-quokka\nthemes: [unused-theme]\ntype: ")
    # Published in the data, but dated after the build date (30 June 2022): embargoed.
    (data_copy / "reviews" / "child-z.yml").write_text(
        "type: national-review\ntitle: EMBARGOED-TITLE-quokka\n"
        "partnership: EMBARGOED-PARTNERSHIP-quokka\n"
        "publication:\n  status: published\n  date: 2022-07-01\n"
        "children:\n  - age_band: 18-plus\n"
        "background: EMBARGOED-BACKGROUND-quokka\nfindings:\n  - id: f1\n"
        "    text: EMBARGOED-FINDING-quokka\n    themes: [unused-theme]\n",
        encoding="utf-8")
    dataset, site = site_for(data_copy)
    pages = render(site)

    for path, text in pages.items():
        assert "quokka" not in text.lower(), path
    facet_pages = sorted(path for path in pages
                         if path.startswith("reviews/") and path.count("/") == 2)
    assert facet_pages == sorted([
        "reviews/partnership/testshire-safeguarding-children-partnership.md",
        "reviews/year/2022.md", "reviews/year/2020.md",
        "reviews/type/cspr.md", "reviews/type/serious-case-review.md",
        "reviews/theme/early-help.md", "reviews/theme/neglect.md",
        "reviews/theme/working-with-fathers.md",
        "reviews/age/1-4.md", f"reviews/age/{NOT_RECORDED}.md"])
    listed = {review.id for value in site.facets.values for review in value.reviews}
    assert listed == {"child-a", "child-b"}
    assert {kind: Counter(found) for kind, found in counts(site).items()} == \
        expected_counts(dataset)


def test_partnership_spellings_that_make_one_slug_are_one_partnership(
        data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-b.yml", "type: ",
         "partnership: testshire safeguarding children partnership\ntype: ")
    _, site = site_for(data_copy)
    (partnerships,) = [facet for facet in site.facets.facets if facet.kind == "partnership"]
    assert [(value.slug, value.label, len(value.reviews)) for value in partnerships.values] == [
        ("testshire-safeguarding-children-partnership",
         "Testshire Safeguarding Children Partnership", 2)]

    edit(data_copy / "reviews" / "child-b.yml", "testshire safeguarding children partnership",
         "Northshire Safeguarding Children Partnership")
    _, site = site_for(data_copy)
    (partnerships,) = [facet for facet in site.facets.facets if facet.kind == "partnership"]
    assert [value.label for value in partnerships.values] == [
        "Northshire Safeguarding Children Partnership",
        "Testshire Safeguarding Children Partnership"]


def test_a_review_is_listed_once_under_each_of_its_childrens_bands(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "children:\n",
         "children:\n  - age_years: 3\n  - age_years: 0\n    age_months: 4\n  - sex: female\n")
    _, site = site_for(data_copy)
    pages = render(site)
    ages = {value.slug: [review.id for review in value.reviews]
            for facet in site.facets.facets if facet.kind == "age" for value in facet.values}
    assert ages == {"under-1": ["child-a"], "1-4": ["child-a"],
                    NOT_RECORDED: ["child-a", "child-b"]}
    assert entries(pages["reviews/age/1-4.md"]) == ["child-a"]
    about = pages["reviews/child-a.md"]
    assert ("- Children: [aged under 1](age/under-1.md){data-pagefind-filter=\"age:Under 1\"}, "
            "[aged 1 to 4](age/1-4.md){data-pagefind-filter=\"age:1 to 4\"}, "
            "[age not recorded](age/not-recorded.md)"
            "{data-pagefind-filter=\"age:Not recorded\"}\n") in about


def test_with_nothing_published_no_facet_has_a_value(data_copy: Path) -> None:
    for name in ("child-a", "child-b"):
        edit(data_copy / "reviews" / f"{name}.yml", "status: published", "status: unpublished")
    _, site = site_for(data_copy)
    assert [(facet.kind, facet.values) for facet in site.facets.facets] == [
        (kind, ()) for kind in KINDS]
    pages = render(site)
    assert "No review has been published yet." in pages["reviews/browse.md"]
    assert not [path for path in pages if path.startswith("reviews/") and path.count("/") == 2]


# --- The pages ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    return render(site_for(FIXTURE_DATA)[1])


def test_a_facet_page_lists_its_reviews(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["reviews/theme/neglect.md"]
    assert page.startswith('---\ntitle: "Learning summaries on Neglect"\n---\n\n'
                           "# Learning summaries on Neglect\n")
    assert "[Browse learning summaries](../browse.md) · [All learning summaries](../index.md)" \
        in page
    assert "2 published learning summaries, newest first." in page
    assert ("\n- [Learning from the practice review for Child A](../child-a.md): Local child "
            "safeguarding practice review, published 15 March 2022.\n"
            "- [Learning from the serious case review for Child B](../child-b.md): Serious case "
            "review, published 2020.\n") in page
    assert entries(page) == ["child-a", "child-b"]
    year = fixture_pages["reviews/year/2020.md"]
    assert "# Learning summaries published in 2020\n" in year
    assert "1 published learning summary, newest first." in year
    assert "# Learning summaries where the child's age is not recorded\n" in \
        fixture_pages[f"reviews/age/{NOT_RECORDED}.md"]
    assert "# Learning summaries of serious case reviews\n" in \
        fixture_pages["reviews/type/serious-case-review.md"]


def test_the_overview_lists_every_value_with_its_count(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["reviews/browse.md"]
    assert [line for line in page.splitlines() if line.startswith("#")] == [
        "# Browse learning summaries", "## By partnership", "## By year of publication",
        "## By type of review", "## By theme", "## By the child's age"]
    assert "- [Published in 2022](year/2022.md): 1 learning summary\n" in page
    assert "- [Neglect](theme/neglect.md): 2 learning summaries\n" in page
    assert "- [Children aged 1 to 4](age/1-4.md): 1 learning summary\n" in page
    assert "- [Age not recorded](age/not-recorded.md): 1 learning summary\n" in page
    linked = re.findall(r"^- \[[^\]]+\]\(([a-z0-9/-]+\.md)\): \d+ learning summar", page,
                        re.MULTILINE)
    assert sorted(f"reviews/{path}" for path in linked) == sorted(
        path for path in fixture_pages if path.startswith("reviews/") and path.count("/") == 2)
    assert "[search page](../../search.md)" in page


def test_the_reviews_index_links_to_the_overview(fixture_pages: dict[str, str]) -> None:
    assert ("[browse learning summaries by partnership, year, type of review, theme or the "
            "child's age](browse.md)") in fixture_pages["reviews/index.md"]


def test_a_summary_states_its_facets_as_filter_links(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["reviews/child-a.md"]
    for line in [
        "- Type of review: [Local child safeguarding practice review](type/cspr.md)"
        '{data-pagefind-filter="type:Local child safeguarding practice review"}',
        "- Partnership: [Testshire Safeguarding Children Partnership]"
        "(partnership/testshire-safeguarding-children-partnership.md)"
        '{data-pagefind-filter="partnership"}',
        '- Child: [aged 1 to 4](age/1-4.md){data-pagefind-filter="age:1 to 4"}',
        "- Published: 15 March 2022 ([all summaries published in 2022](year/2022.md)"
        '{data-pagefind-filter="year:2022"})',
        # The themes carry their filter where the page names them with the other reviews.
        '- [Neglect](../themes/neglect.md){data-pagefind-filter="theme"}: also raised by '
        "[Child B](child-b.md)",
        # Those no other review raises, in one line, each keeping its filter.
        'Also raised, by no other published review yet: [Working with fathers]'
        '(../themes/working-with-fathers.md){data-pagefind-filter="theme"} and [Early help]'
        '(../themes/early-help.md){data-pagefind-filter="theme"}.',
    ]:
        assert f"\n{line}\n" in page
    # A review without a partnership of its own belongs to the site's; one naming no child
    # is listed under "not recorded".
    child_b = fixture_pages["reviews/child-b.md"]
    assert "(partnership/testshire-safeguarding-children-partnership.md)" in child_b
    assert '- Child: [age not recorded](age/not-recorded.md)' in child_b


class _Attributes(HTMLParser):
    """Every attribute name of every tag, and the text of each filter link."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.filters: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.update(name for name, _ in attrs)
        found = dict(attrs).get("data-pagefind-filter")
        if found is not None:
            self._open = found
            self.filters.append((found, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            name, text = self.filters[-1]
            self.filters[-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def test_names_with_quotes_never_become_attributes(data_copy: Path) -> None:
    hostile = 'North" onclick="alert(1)" x="} {: onmouseover=alert(2) }'
    edit(data_copy / "reviews" / "child-a.yml", "type: ", f"partnership: '{hostile}'\ntype: ")
    edit(data_copy / "themes.yml", "name: Neglect", f"name: '{hostile}'")
    page = render(site_for(data_copy)[1])["reviews/child-a.md"]
    html = markdown.markdown(page.split("---\n", 2)[2],
                             extensions=["attr_list", "md_in_html", "tables"])
    parsed = _Attributes()
    parsed.feed(html)
    # (The template's own hidden "Download as PDF" line brings class, hidden and
    # data-pagefind-ignore, and its title page for paper the logo's src, alt, width and
    # height and the running header's aria-hidden; nothing from the data adds any.)
    assert parsed.names <= {"href", "data-pagefind-filter", "id", "class", "hidden",
                            "data-pagefind-ignore", "src", "alt", "width", "height",
                            "aria-hidden"}
    # The name stays text: the link shows it whole, and Pagefind takes it as the value.
    assert [text for name, text in parsed.filters if name in ("partnership", "theme")][:2] == \
        [hostile, hostile]


# --- Scale --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Site,
                                                                  dict[str, str]]:
    data = tmp_path_factory.mktemp("facets") / "data"
    synthesise(data, 300, seed=2)
    dataset, site = site_for(data)
    return dataset, site, render(site)


def test_long_facet_listings_are_paged(
        synthetic: tuple[Dataset, Site, dict[str, str]]) -> None:
    dataset, site, pages = synthetic
    assert {kind: Counter(found) for kind, found in counts(site).items()} == \
        expected_counts(dataset)
    long = [value for value in site.facets.values if len(value.reviews) > 100]
    assert long, "the synthetic data should give a facet value with over 100 reviews"
    for value in site.facets.values:
        parts = list(listing(pages, value.path))
        assert len(parts) == -(-len(value.reviews) // 100), value.path
        assert all(len(entries(part)) <= 100 for part in parts)
        listed = [entry for part in parts for entry in entries(part)]
        assert listed == [review.id for review in value.reviews], value.path

    value = long[0]
    stem = value.path.removesuffix(".md").rsplit("/", 1)[1]
    first, second = list(listing(pages, value.path))[:2]
    count = -(-len(value.reviews) // 100)
    assert f"Page 1 of {count} · [Next page]({stem}-page-2.md)\n" in first
    assert f'title: "{value.heading} (page 2 of {count})"' in second
    assert f"# {value.heading} (page 2 of {count})\n" in second
    assert f"Page 2 of {count} · [Previous page]({stem}.md)" in second
    assert f"{len(value.reviews)} published learning summaries, newest first." in second


def test_the_overview_stays_small_at_scale(
        synthetic: tuple[Dataset, Site, dict[str, str]]) -> None:
    _, site, pages = synthetic
    overview = pages["reviews/browse.md"]
    # One line per value, however many reviews each value holds.
    assert len(re.findall(r"^- \[", overview, re.MULTILINE)) == len(site.facets.values)
    assert len(overview) < 20_000


# --- The built site -----------------------------------------------------------------------


def test_the_built_site_has_linked_facet_pages_with_filters(fixture_project: Path) -> None:
    site = fixture_project / "site"
    reviews = site / "learning" / "reviews"
    overview = (reviews / "browse" / "index.html").read_text("utf-8")
    targets = re.findall(r'<a href="\.\./([a-z0-9-]+/[a-z0-9-]+)/">', overview)
    assert len(targets) == 10
    for target in targets:
        page = reviews / target / "index.html"
        assert page.is_file(), target
        assert '<a href="../../child-a/">' in page.read_text("utf-8") or \
            '<a href="../../child-b/">' in page.read_text("utf-8")
    assert 'href="browse/"' in (reviews / "index.html").read_text("utf-8")

    parsed = _Attributes()
    parsed.feed((reviews / "child-a" / "index.html").read_text("utf-8"))
    # The type of page is a filter on the article itself (overrides/main.html).
    assert parsed.filters[0][0] == "kind:Learning summary"
    assert parsed.filters[1:] == [
        ("type:Local child safeguarding practice review",
         "Local child safeguarding practice review"),
        ("partnership", "Testshire Safeguarding Children Partnership"),
        ("age:1 to 4", "aged 1 to 4"),
        ("year:2022", "all summaries published in 2022"),
        ("theme", "Neglect"), ("theme", "Working with fathers"), ("theme", "Early help")]
    html = (reviews / "child-a" / "index.html").read_text("utf-8")
    assert '<a data-pagefind-filter="age:1 to 4" href="../age/1-4/">aged 1 to 4</a>' in html
    assert "{data-pagefind" not in html

    generated = render(site_for(FIXTURE_DATA)[1])
    assert published_pages(site) == expected_pages(fixture_project / "content", generated)


def test_the_search_index_holds_the_five_filters(fixture_project: Path) -> None:
    filters = "".join(text for path, text in pagefind_chunks(fixture_project / "site")
                      if path.suffix == ".pf_filter")
    for name in KINDS:
        assert name in filters
    for value in ("Testshire Safeguarding Children Partnership", "2022", "Serious case review",
                  "Working with fathers", "1 to 4", "Not recorded"):
        assert value in filters
    assert "quokka" not in filters.lower()
