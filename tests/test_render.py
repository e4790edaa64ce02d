"""The Markdown pages rendered from the test data: sections, links, and nothing unpublished."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURE_DATA, headings
from generator.compute import compute
from generator.render import render
from generator.validate import load_dataset


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    dataset, _ = load_dataset(FIXTURE_DATA)
    return render(compute(dataset))



def test_one_page_per_published_review_and_none_for_the_rest(pages: dict[str, str]) -> None:
    # Facet listings sit one folder down (reviews/year/2022.md): tests/test_facets.py.
    assert sorted(path for path in pages
                  if path.startswith("reviews/") and path.count("/") == 1) == [
        "reviews/browse.md", "reviews/child-a.md", "reviews/child-b.md", "reviews/index.md"]


def test_nothing_unpublished_reaches_any_page(pages: dict[str, str]) -> None:
    for path, text in pages.items():
        assert "quokka" not in text, path


def every_heading(markdown: str) -> list[str]:
    """`headings`, with those inside a call-out (indented four spaces) as well."""
    return re.findall(r"^(?: {4})?#{1,6} (.+?)(?: \{.*\})?$", markdown, flags=re.MULTILINE)


def test_learning_summary_has_every_section(pages: dict[str, str]) -> None:
    # "If you do one thing" is a call-out before the detail; related reviews close the page.
    assert every_heading(pages["reviews/child-a.md"]) == [
        "Learning from the practice review for Child A",
        "If you do one thing",
        "Background",
        "Key findings",
        "Finding 1: Unseen men",
        "Finding 2",
        "Themes in common with other reviews",
        "Strengths in practice",
        "The system today",
        "Learning points",
        "For practitioners",
        "For managers",
        "For the safeguarding system",
        "National learning",
        "Men in families",
        "Recommendations",
        "Recommendation 1: Know the adults",
        "Recommendation 2",
        "Further reading",
        "Related reviews",
    ]


def test_empty_sections_are_left_out(pages: dict[str, str]) -> None:
    assert headings(pages["reviews/child-b.md"]) == [
        "Learning from the serious case review for Child B", "Background", "Key findings",
        "Finding 1", "Themes in common with other reviews", "Related reviews"]


def test_review_facts_are_listed(pages: dict[str, str]) -> None:
    page = pages["reviews/child-a.md"]
    # Facts that are facets link to their listings (tests/test_facets.py).
    assert "- Type of review: [Local child safeguarding practice review](type/cspr.md)" in page
    assert "- Published: 15 March 2022 ([all summaries published in 2022](" in page
    assert "- Commissioned: June 2021\n" in page
    assert "- Published: 2020 (" in pages["reviews/child-b.md"]
    # Without `publication.updated`, nothing is said about updates.
    assert "updated" not in page.lower()


def test_the_full_report_is_linked_near_the_top(pages: dict[str, str]) -> None:
    page = pages["reviews/child-a.md"]
    link = "\n**[Read the full review report](https://www.example.org/child-a.pdf)**\n"
    assert link in page
    assert page.index("A toddler was seriously harmed at home.") < page.index(link) \
        < page.index("## Background")
    assert "full report" not in pages["reviews/child-b.md"]


def test_multi_paragraph_prose_stays_with_its_finding(pages: dict[str, str]) -> None:
    assert ("### Finding 2 { #finding-f2 }\n\n"
            "Early signs of neglect were noted but not acted on.\n\n"
            "A second paragraph about the finding.\n") in pages["reviews/child-a.md"]


def test_shared_themes_link_to_the_theme_and_the_other_reviews(pages: dict[str, str]) -> None:
    page = pages["reviews/child-a.md"]
    assert ('- [Neglect](../themes/neglect.md){data-pagefind-filter="theme"}: also raised by '
            "[Child B](child-b.md)\n") in page
    # The themes no other review raises are named once, in one line, each with its filter.
    assert ("\nAlso raised, by no other published review yet: [Working with fathers]"
            '(../themes/working-with-fathers.md){data-pagefind-filter="theme"} and '
            '[Early help](../themes/early-help.md){data-pagefind-filter="theme"}.\n') in page
    assert "no other published review raises this theme yet" not in page


def test_recommendations_show_scope_finding_owner_and_status(pages: dict[str, str]) -> None:
    page = pages["reviews/child-a.md"]
    assert ("\nLocal recommendation 1, answering [finding 1](#finding-f1); owner: Testshire "
            "County Council; status: in progress.\n") in page
    assert ("\nLocal and national recommendation 2, answering [finding 2](#finding-f2); "
            "status: not recorded.\n") in page


def test_theme_page_lists_reviews_newest_first(pages: dict[str, str]) -> None:
    page = pages["themes/neglect.md"]
    child_a = page.index("[Learning from the practice review for Child A](../reviews/child-a.md)")
    child_b = page.index("[Learning from the serious case review for Child B]"
                         "(../reviews/child-b.md)")
    assert child_a < child_b
    assert "Recognising and acting on neglect early." in page
    assert "No published review or briefing raises this theme yet." in pages[
        "themes/unused-theme.md"]


def test_themes_overview_counts_published_reviews(pages: dict[str, str]) -> None:
    page = pages["themes/index.md"]
    # The fixture's reviews name the same most recent review for every theme: no column.
    assert "| [Neglect](neglect.md) | 2 | 1 | Recurring: raised in 2 years since 2020 |" in page
    assert "| [A theme nobody raises](unused-theme.md) | 0 | 0 | Not raised yet |" in page


def test_home_partial_links_from_the_site_root(pages: dict[str, str]) -> None:
    home = pages["_home.md"]
    assert "Learning for everyone who works with children in Testshire." in home
    assert "Call [**0113 496 0000**](tel:01134960000) (9am to 5pm, Monday to Friday)." in home
    assert home.index("learning/reviews/child-a.md") < home.index("learning/reviews/child-b.md")


def test_front_matter_is_safe_yaml(pages: dict[str, str]) -> None:
    assert pages["reviews/child-a.md"].startswith(
        '---\ntitle: "Learning from the practice review for Child A"\n'
        'description: "A toddler was seriously harmed at home."\n'
        'kind: "Learning summary"\nup:\n  title: "Learning summaries"\n'
        '  url: "learning/reviews/"\ncontents: true\n---\n')


def test_home_partial_links_the_latest_annual_reports(pages: dict[str, str]) -> None:
    home = pages["_home.md"]
    assert ("- [Testshire Safeguarding Children Partnership: report 2022-23]"
            "(learning/reports/2022-23/partnership.md)\n") in home
    assert "[All annual reports](learning/reports/index.md)" in home
