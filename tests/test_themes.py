"""The theme hub: each theme's page gathers everything raising it, year by year, and ranks."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLE_DATA, FIXTURE_DATA, problems
from generator.compute import compute
from generator.render import render
from generator.validate import load_dataset


@pytest.fixture(scope="module")
def example_pages() -> dict[str, str]:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    return render(compute(dataset))


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    dataset, _ = load_dataset(FIXTURE_DATA)
    return render(compute(dataset))


def test_neglect_page_gathers_review_recommendations_and_briefing(
        example_pages: dict[str, str]) -> None:
    page = example_pages["themes/neglect.md"]
    assert ("- [Learning from the serious case review for Child R](../reviews/child-r.md), "
            "published December 2021\n") in page
    assert ("- [Child R: Recommendation 2: Putting the neglect strategy into practice]"
            "(../reviews/child-r.md#recommendation-r2). Status: [not recorded]"
            "(../recommendations/status/not-stated.md). Owner: Safeguarding partnership.\n"
            ) in page
    assert "[Track the recommendations on this theme](../recommendations/theme/neglect.md)" in page
    assert ("- [Areas of analysis: Recognising and responding to neglect]"
            "(../briefings/national-reports-2021.md#areas-of-analysis), on *Annual Report "
            "2020: patterns in practice, key messages and 2021 work programme*, in the "
            "briefing *National reports: key points and considerations* (2021)\n") in page
    assert ("- [Critical thinking and challenge: case study, Baby N]"
            "(../briefings/national-reports-2021.md#critical-thinking)") in page
    assert ("| Year | Reviews | Briefings | Findings | Learning points | Recommendations |\n"
            "| --- | --- | --- | --- | --- | --- |\n"
            "| 2021 | 1 | 1 | 1 | 2 | 1 |\n") in page
    assert "- Pattern: New in 2021\n" in page
    assert ("- National Panel practice theme: Critical thinking and challenge (see "
            "[National reports: key points and considerations]"
            "(../briefings/national-reports-2021.md#critical-thinking))") in page


def test_counts_per_year_show_a_recurring_theme(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["themes/neglect.md"]
    # Child B (2020) raises neglect in a finding; Child A (2022) in its themes and a learning
    # point; the 2022 briefing in a table panel and a practice theme with a case study.
    assert ("| 2020 | 1 | 0 | 1 | 0 | 0 |\n"
            "| 2022 | 1 | 1 | 0 | 1 | 0 |\n") in page
    assert "- Pattern: Recurring: raised in 2 years since 2020\n" in page
    assert "- [Child B, finding 1](../reviews/child-b.md): Neglect was long-standing.\n" in page
    assert ("- [Child A](../reviews/child-a.md), for practitioners: Use the neglect tool "
            "early.\n") in page
    unused = fixture_pages["themes/unused-theme.md"]
    assert "No published review or briefing has raised this theme yet." in unused
    assert "- Pattern: Not raised yet\n" in unused


def test_overview_ranks_by_how_often_then_how_recently(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["themes/index.md"]
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert [row.split("](")[0][3:] for row in rows] == [
        # Early help and fathers tie on reviews, year and mentions: then by name.
        "Neglect", "Early help", "Working with fathers", "A theme nobody raises"]
    assert rows[0] == ("| [Neglect](neglect.md) | 2 | [Child A](../reviews/child-a.md) | 1 "
                       "| Recurring: raised in 2 years since 2020 |")
    assert "### Harm and risk\n\n- [Neglect](neglect.md): Recognising and acting on neglect" in page


def test_panel_theme_mapping_must_name_a_panel_theme(data_copy: Path) -> None:
    path = data_copy / "themes.yml"
    text = path.read_text("utf-8").replace(
        "  - id: unused-theme\n    name: A theme nobody raises\n",
        "  - id: unused-theme\n    name: A theme nobody raises\n    panel_themes: [daily-life]\n")
    path.write_text(text, "utf-8")
    assert problems(data_copy) == [
        f"{path}:12:20: themes[4].panel_themes[1]: there is no national Panel theme "
        "`daily-life`; did you mean `child-daily-life`? (they are listed under `panel_themes`)",
    ]


def test_theme_pages_build_and_link_to_briefing_anchors(example_project: Path) -> None:
    html = (example_project / "site" / "learning" / "themes" / "neglect" / "index.html"
            ).read_text("utf-8")
    assert 'href="../../briefings/national-reports-2021/#areas-of-analysis"' in html
    assert 'href="../../reviews/child-r/#recommendation-r2"' in html
