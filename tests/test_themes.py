"""The theme hub: each theme's page leads with the learning raising it and closes with the
figures that say something; the overview lists the themes by group, then ranks them."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATA, FIXTURE_DATA, headings, problems
from generator.compute import compute
from generator.render import render
from generator.synth import synthesise
from generator.validate import load_dataset


@pytest.fixture(scope="module")
def example_pages() -> dict[str, str]:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    return render(compute(dataset))


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    dataset, _ = load_dataset(FIXTURE_DATA)
    return render(compute(dataset))


@pytest.fixture(scope="module")
def synthetic_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("themes") / "data"
    synthesise(data, 60, seed=3)
    dataset, _ = load_dataset(data)
    return render(compute(dataset))


def theme_pages(pages: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in pages.items() if path.startswith("themes/")}


def table(page: str) -> list[list[str]]:
    """The rows of the first table on `page`, heading first, as lists of cells."""
    lines = [line for line in page.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines
            if not line.startswith("| ---")]


def test_neglect_page_leads_with_the_learning(example_pages: dict[str, str]) -> None:
    page = example_pages["themes/neglect.md"]
    assert headings(page) == ["Neglect", "Findings", "Learning points", "In briefings",
                              "Recommendations", "Reviews that raise this theme",
                              "About this theme"]
    # The description and the other names, then straight to the first finding.
    assert ("{: data-pagefind-weight=\"5\" }\n\n## Findings\n\n"
            "- [Child R, finding 1](../reviews/child-r.md#finding-f1): **Embedding early help "
            "and the response to neglect.** Keeping children safe") in page


def test_findings_and_learning_points_link_to_their_place_in_the_review(
        example_pages: dict[str, str], fixture_pages: dict[str, str]) -> None:
    page = example_pages["themes/neglect.md"]
    assert "- [Child R, for practitioners](../reviews/child-r.md#for-practitioners): Make use" \
        in page
    assert ("- [Child R, for the safeguarding system]"
            "(../reviews/child-r.md#for-the-safeguarding-system): Universal services") in page
    fixture = fixture_pages["themes/neglect.md"]
    assert ("- [Child B, finding 1](../reviews/child-b.md#finding-f1): Neglect was "
            "long-standing.\n") in fixture
    assert ("- [Child A, for practitioners](../reviews/child-a.md#for-practitioners): Use the "
            "neglect tool early.\n") in fixture


def test_no_statistics_that_say_nothing(example_pages: dict[str, str]) -> None:
    # All the example's reviews and briefings are from 2021: every theme raised is "new in
    # 2021", and a one-row year table repeats the lists above it.
    for path, page in theme_pages(example_pages).items():
        if path == "themes/index.md":
            continue
        assert "Ranked" not in page, path
        assert "Pattern" not in page, path
        assert "| Year |" not in page, path
        assert "Year by year" not in page, path


def test_neglect_page_gathers_recommendations_and_briefings(
        example_pages: dict[str, str]) -> None:
    page = example_pages["themes/neglect.md"]
    assert ("- [Child R: Recommendation 2: Putting the neglect strategy into practice]"
            "(../reviews/child-r.md#recommendation-r2) (status: [not recorded]"
            "(../recommendations/status/not-stated.md); owner: Safeguarding partnership)\n"
            ) in page
    assert "[Track the recommendations on this theme](../recommendations/theme/neglect.md)" in page
    # Each briefing and publication named once; a section's case studies beside it.
    briefing = "../briefings/national-reports-2021.md"
    assert (f"- [National reports: key points and considerations]({briefing}) (2021)\n"
            f"    - [*The annual review of LCSPRs and rapid reviews*]({briefing}"
            f"#annual-review-of-lcsprs): [What makes a strong or a weak LCSPR]({briefing}"
            "#lcspr-examples) (Weaknesses: LCSPR case study 2, a death from sepsis)\n"
            "    - [*Annual Report 2020: patterns in practice, key messages and 2021 work "
            f"programme*]({briefing}#panel-annual-report-2020): [Areas of analysis]({briefing}"
            "#areas-of-analysis) (Recognising and responding to neglect), [Working with "
            "families whose engagement is reluctant and sporadic]"
            f"({briefing}#reluctant-engagement) (case study, the K family), [Critical thinking "
            f"and challenge]({briefing}#critical-thinking) (case study, Baby N; case study, "
            "Family M)\n") in page
    assert page.count("in the briefing") == 0
    assert ("- Group: [Early help and neglect](index.md#group-early-help-and-neglect)\n"
            "- National Panel practice theme: [Understanding what the child's daily life is "
            f"like]({briefing}#child-daily-life)\n"
            "- National Panel practice theme: [Critical thinking and challenge]"
            f"({briefing}#critical-thinking)\n") in page


def test_a_theme_page_and_its_listing_link_to_each_other(
        example_pages: dict[str, str]) -> None:
    page = example_pages["themes/neglect.md"]
    assert ("- [Learning from the serious case review for Child R](../reviews/child-r.md), "
            "published December 2021\n\n"
            "[All learning summaries on Neglect](../reviews/theme/neglect.md)\n") in page
    listing = example_pages["reviews/theme/neglect.md"]
    assert ("The theme's page, [Neglect](../../themes/neglect.md), gathers what\n"
            "reviews and briefings say on it.\n") in listing
    # Only a theme's listing: a year has no theme page.
    assert "themes/" not in example_pages["reviews/year/2021.md"]


def test_a_recurring_theme_shows_its_years_without_a_column_of_zeros(
        fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["themes/neglect.md"]
    # Child B (2020) raises neglect in a finding; Child A (2022) in its themes and a learning
    # point; the 2022 briefing in a table panel and a practice theme with a case study. No
    # recommendation raises it: no Recommendations column.
    assert ("How often published reviews and briefings raised this theme, by year of "
            "publication.\n\n"
            "| Year | Reviews | Briefings | Findings | Learning points |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| 2020 | 1 | 0 | 1 | 0 |\n"
            "| 2022 | 1 | 1 | 0 | 1 |\n") in page
    # The table shows the years it recurs in: no pattern line to say it again.
    assert "Pattern" not in page
    assert headings(page)[-1] == "About this theme"


def test_a_new_theme_says_so_when_the_publications_span_years(
        fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["themes/early-help.md"]
    assert "- Pattern: New in 2022\n" in page
    assert "| Year |" not in page


def test_a_theme_nothing_raises_says_so_once(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["themes/unused-theme.md"]
    assert headings(page) == ["A theme nobody raises"]
    assert page.count("No published review") == 1
    assert page.rstrip().endswith("# A theme nobody raises\n\n"
                                  "No published review or briefing raises this theme yet.")


def test_overview_leads_with_the_groups_then_ranks(fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["themes/index.md"]
    assert headings(page) == ["Themes", "Harm and risk", "Other themes",
                              "How often each theme is raised"]
    assert "## Harm and risk { #group-harm-and-risk }\n\n- [Neglect](neglect.md): Recognising " \
        "and acting on neglect early" in page
    rows = table(page)
    # Every raised theme's most recent review is Child A: no "Most recent" column.
    assert rows[0] == ["Theme", "Published reviews", "Briefings", "Pattern"]
    assert [row[0].split("](")[0][1:] for row in rows[1:]] == [
        # Early help and fathers tie on reviews, year and mentions: then by name.
        "Neglect", "Early help", "Working with fathers", "A theme nobody raises"]
    assert rows[1] == ["[Neglect](neglect.md)", "2", "1",
                       "Recurring: raised in 2 years since 2020"]
    assert rows[-1] == ["[A theme nobody raises](unused-theme.md)", "0", "0", "Not raised yet"]


def test_overview_drops_the_columns_that_are_the_same_for_every_theme(
        example_pages: dict[str, str]) -> None:
    # One review and one briefing, both of 2021: no pattern, no most recent review.
    page = example_pages["themes/index.md"]
    assert page.index("## Early help and neglect") < page.index("| Theme |")
    assert table(page)[0] == ["Theme", "Published reviews", "Briefings"]
    assert "New in 2021" not in page


@pytest.mark.parametrize("name", ["example", "fixture", "synthetic"])
def test_no_constant_column_zero_column_or_sentence_said_three_times(
        name: str, request: pytest.FixtureRequest) -> None:
    pages: dict[str, str] = request.getfixturevalue(f"{name}_pages")
    for path, page in theme_pages(pages).items():
        rows = table(page)
        for column in zip(*rows[1:], strict=True) if rows else ():
            assert len(set(column)) > 1 or path != "themes/index.md", (path, column)
            assert set(column) != {"0"}, (path, column)
        body = page.split("\n---\n", 1)[1]
        sentences = Counter(sentence for sentence in re.split(r"(?<=[.!?])\s+|\n", body)
                            if len(sentence) > 20 and not sentence.startswith("|"))
        assert [s for s, count in sentences.items() if count > 2] == [], path


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
    assert 'href="../#group-early-help-and-neglect"' in html
    overview = (example_project / "site" / "learning" / "themes" / "index.html"
                ).read_text("utf-8")
    assert 'id="group-early-help-and-neglect"' in overview
