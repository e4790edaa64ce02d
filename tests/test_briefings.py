"""Briefings for practitioners: the data model, their checks, and their pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATA, FIXTURE_DATA, edit, headings, problems
from generator.compute import compute
from generator.render import render
from generator.validate import load_dataset


@pytest.fixture(scope="module")
def example_page() -> str:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    return render(compute(dataset))["briefings/national-reports-2021.md"]


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    dataset, _ = load_dataset(FIXTURE_DATA)
    return render(compute(dataset))


def test_example_briefing_keeps_the_reference_structure(example_page: str) -> None:
    found = headings(example_page)
    # Both national publications, each under its own heading.
    assert [h for h in found if h.startswith(("The annual review", "Annual Report 2020"))] == [
        "The annual review of LCSPRs and rapid reviews",
        "Annual Report 2020: patterns in practice, key messages and 2021 work programme"]
    # The six practice themes, numbered as in the reference, each with its key learning.
    themes = [h for h in found if h.startswith("Theme ")]
    assert themes == [
        "Theme 1: Understanding what the child's daily life is like",
        "Theme 2: Working with families whose engagement is reluctant and sporadic",
        "Theme 3: Critical thinking and challenge",
        "Theme 4: Responding to changing risk and need",
        "Theme 5: Sharing information in a timely and appropriate way",
        "Theme 6: Organisational leadership and culture for good outcomes"]
    assert found.count("Key learning from case reviews") == 6
    for table in ("Strengths and weaknesses of rapid reviews",
                  "Strengths and weaknesses of LCSPRs", "Areas of analysis in the annual report"):
        assert table in found
    assert found[-1] == "Considerations for frontline practitioners"


def test_example_briefing_case_studies_and_publication_details(example_page: str) -> None:
    cases = re.findall(r'^!!! example "Case study: (.+)"$', example_page, flags=re.MULTILINE)
    assert cases == ["the death of a 15-year-old", "Read between the lines", "the T family",
                     "the K family", "Baby N", "Family M", "Child H, using risk tools",
                     "Baby R, pre-birth assessment", "Child G, the role of a male carer",
                     "Child L", "Baby Z", "embedding change", "Child J"]
    assert ("1. [The annual review of LCSPRs and rapid reviews](#annual-review-of-lcsprs): "
            "Child Safeguarding Practice Review Panel, March 2021\n") in example_page
    assert ("Published by Child Safeguarding Practice Review Panel, March 2021. [Annual review "
            "of Local Child Safeguarding Practice Reviews (LCSPRs) and rapid reviews, March "
            "2021](https://research-portal.uea.ac.uk/en/publications/annual-review-of-lcsprs-"
            "and-rapid-reviews).\n") in example_page
    # Panels of the areas-of-analysis table: twelve, in the reference's order.
    areas = example_page[example_page.index("#### Areas of analysis in the annual report"):]
    assert len(re.findall(r"^##### ", areas, flags=re.MULTILINE)) == 12


def test_briefing_page_links_themes_and_publication(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["briefings/test-briefing.md"]
    assert ("Published by Test Review Panel, March 2022. [Read the first test report]"
            "(https://www.example.org/first-report).\n") in page
    assert "Themes: [Neglect](../themes/neglect.md).\n" in page
    assert "1. First conclusion.\n2. Second conclusion.\n" in page
    assert ('!!! example "Case study: Family Q"\n\n'
            "    Hungry children went unnoticed for months.\n") in page
    assert "### Theme 1: The child's daily life { #daily-life }\n" in page


def test_only_published_briefings_get_pages(fixture_pages: dict[str, str]) -> None:
    assert sorted(p for p in fixture_pages if p.startswith("briefings/")) == [
        "briefings/index.md", "briefings/test-briefing.md"]
    index = fixture_pages["briefings/index.md"]
    assert "## [Briefing on two test reports](test-briefing.md)\n" in index
    for path, text in fixture_pages.items():
        assert "quokka" not in text, path
    assert "[Briefing on two test reports](learning/briefings/test-briefing.md)" in (
        fixture_pages["_home.md"])


def test_briefing_theme_and_panel_theme_must_exist(data_copy: Path) -> None:
    path = data_copy / "briefings" / "test-briefing.yml"
    edit(path, "                themes: [neglect]", "                themes: [neglet]")
    edit(path, "panel_theme: child-daily-life", "panel_theme: child-daily")
    assert problems(data_copy) == [
        f"{path}:29:26: publications[1].sections[1].tables[1].panels[2].themes[1]: unknown "
        "theme `neglet`; did you mean `neglect`? (themes are listed in themes.yml)",
        f"{path}:43:22: publications[2].practice_themes[1].panel_theme: there is no national "
        "Panel theme `child-daily`; did you mean `child-daily-life`? (they are listed under "
        "`panel_themes` in themes.yml)",
    ]


def test_briefing_section_ids_are_unique_across_the_briefing(data_copy: Path) -> None:
    path = data_copy / "briefings" / "test-briefing.yml"
    edit(path, "      - id: daily-life", "      - id: conclusions")
    assert problems(data_copy) == [
        f"{path}:41:13: publications[2].practice_themes[1].id: the id `conclusions` is already "
        "used by publications[1].sections[2]; ids must be unique within a briefing",
    ]


def test_briefing_schema_errors_name_the_field(data_copy: Path) -> None:
    path = data_copy / "briefings" / "test-briefing.yml"
    edit(path, "    publisher: Test Review Panel\n    date: 2022-03",
         "    publisher: Test Review Panel\n    date: March")
    edit(path, "        numbered: true", "        numberd: true")
    assert problems(data_copy) == [
        f"{path}:14:11: publications[1].date: `March` is not a date: write it as YYYY-MM-DD "
        "(2021-12-15), YYYY-MM (2021-12), a calendar quarter YYYY-Qn (2021-Q3 is July to "
        "September), a season YYYY-spring, -summer, -autumn or -winter (2021-winter is December "
        "2021 to February 2022) or YYYY (2021)",
        f"{path}:32:9: publications[1].sections[2].numberd: unknown field `numberd`; did you "
        "mean "
        "`numbered`?",
    ]


def test_example_briefing_builds_with_working_anchors(example_project: Path) -> None:
    html = (example_project / "site" / "learning" / "briefings" / "national-reports-2021"
            / "index.html").read_text("utf-8")
    for anchor in ("annual-review-of-lcsprs", "panel-annual-report-2020", "child-daily-life",
                   "leadership-and-culture", "areas-of-analysis"):
        assert f'id="{anchor}"' in html
    assert 'class="admonition example"' in html
