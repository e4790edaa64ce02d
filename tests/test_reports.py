"""Annual reports: every figure worked out from the records, stated totals checked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from conftest import EXAMPLE_DATA, FIXTURE_DATA, edit, problems, run_generator
from generator.compute import compute
from generator.compute.reports import PeriodFigures, period_figures
from generator.render import render
from generator.validate import load_dataset


def figures_for(data: Path, period_id: str) -> PeriodFigures:
    dataset, _ = load_dataset(data)
    return next(f for f in period_figures(dataset) if f.period.id == period_id)




@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, target)
    return target


def test_rapid_review_figures_match_the_2021_22_subgroup_report() -> None:
    figures = figures_for(EXAMPLE_DATA, "2021-22")
    rapid, before = figures.rapid, figures.previous_rapid
    assert before is not None and figures.previous is not None
    assert figures.previous.id == "2020-21"
    assert (rapid.held, before.held) == (6, 9)
    assert rapid.recommended_cspr == 1
    assert rapid.referral_source_count == 3
    assert rapid.joint_with_neighbours == 2
    assert rapid.concerning_a_death == 0
    assert (rapid.panel_agreed, (rapid.held or 0) - (rapid.panel_agreed or 0)) == (5, 1)
    children = rapid.children
    assert (children.total, children.families, children.died) == (8, 6, 0)
    assert dict(children.age_groups.rows) == {"Under 5": 4, "Under 1 (babies)": 2,
                                              "13 and over": 4}
    # "The majority had previous involvement with children's social care": words, no count.
    assert not children.csc_involvement.rows
    assert any("known to children's social care" in note for note in children.notes)
    # The year before, only the count of rapid reviews is recorded: nothing is invented.
    assert (before.recommended_cspr, before.panel_agreed, before.referral_source_count) == (
        None, None, None)
    assert before.children.total is None
    assert not before.children.recorded


def test_local_review_figures_match_the_2021_22_subgroup_report() -> None:
    local = figures_for(EXAMPLE_DATA, "2021-22").local
    assert local.worked_on == 5
    assert dict(local.by_type.rows) == {"Local child safeguarding practice review": 3,
                                        "Serious case review": 1,
                                        "Partnership learning review": 1}
    children = local.children
    assert (children.total, children.died) == (6, 1)
    assert dict(children.sex.rows) == {"Female": 4, "Male": 2}
    # Most were 13 or older but 2 were under 5 (section 5.4): only the 2 is a number.
    assert dict(children.age_groups.rows) == {"Under 5": 2}
    assert "Most of the children were 13 or older." in children.notes
    assert dict(children.ethnicity.rows) == {"White British": 6}
    assert [review.id for review in local.published] == ["child-r"]


def test_cost_range_is_the_recorded_one() -> None:
    costs = figures_for(EXAMPLE_DATA, "2021-22").local.costs
    assert costs is not None
    low, high = costs
    assert (low.amount, low.qualifier, high.amount, high.qualifier) == (
        8000, "approximately", 20000, "over")


def test_budget_totals_are_computed_from_the_lines() -> None:
    budget = figures_for(EXAMPLE_DATA, "2021-22").budget
    assert budget is not None
    assert (budget.income, budget.expenditure, budget.surplus, budget.reserves_balance) == (
        428_238, 408_934, 19_304, 93_279)


def test_statistic_changes_and_ratio_are_computed() -> None:
    figures = figures_for(EXAMPLE_DATA, "2021-22")
    changes = {item.statistic.id: (item.previous, item.change) for item in figures.statistics}
    assert changes["child-protection-plans"] == (475, 19)
    assert changes["children-we-care-for"] == (776, 9)
    assert changes["mash-contacts"] == (None, 33)  # stated: the earlier figure is not held
    assert [str(ratio.value) for ratio in figures.ratios] == ["2.5"]


def test_changing_one_review_changes_the_report(data_copy: Path) -> None:
    # The example data holds its rapid reviews as recorded totals, not records: the test
    # data's records are changed instead.
    before = figures_for(data_copy, "2022-23")
    edit(data_copy / "reviews" / "rr-2022-01.yml", "outcome: no-further-review",
         "outcome: cspr")
    decided = figures_for(data_copy, "2022-23")
    assert decided.rapid.recommended_cspr == (before.rapid.recommended_cspr or 0) + 1
    (data_copy / "reviews" / "rr-2022-02.yml").unlink()
    after = figures_for(data_copy, "2022-23")
    assert after.rapid.held == (before.rapid.held or 0) - 1

    dataset, _ = load_dataset(data_copy)
    page = render(compute(dataset))["reports/2022-23/subgroup.md"]
    assert f"| Rapid reviews held | {after.rapid.held} | 1 |" in page


def test_wrong_stated_total_fails_check_with_file_and_line(example_copy: Path) -> None:
    period = example_copy / "periods" / "2021-22.yml"
    edit(period, "stated_income_total: 428238", "stated_income_total: 428283")
    result = run_generator("check", "--data", str(example_copy))
    assert result.returncode == 1
    line = next(number for number, text in enumerate(period.read_text("utf-8").splitlines(), 1)
                if "stated_income_total" in text)
    assert f"{period}:{line}:" in result.stderr
    assert ("budget.stated_income_total: the stated total £428,283 is wrong: the income lines "
            "add up to £428,238") in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_stated_change_and_ratio_are_errors(data_copy: Path) -> None:
    edit(data_copy / "periods" / "2021-22.yml", "value: 400", "value: 400\n  - id: contacts\n"
         "    label: Contacts\n    value: 800")
    edit(data_copy / "periods" / "2022-23.yml", "stated: 2.5", "stated: 3")
    found = problems(data_copy)
    assert found == [
        f"{data_copy}/periods/2022-23.yml:12:20: statistics[2].stated_change: the stated change "
        "(10%) disagrees with the figures: 800 in 2021-22 to 1,000 is 25%; remove "
        "`stated_change` (it is worked out) or correct it",
        f"{data_copy}/periods/2022-23.yml:23:13: ratios[1].stated: the stated ratio (3) "
        "disagrees with the figures, which give 2.5; remove `stated` or correct it",
    ]


def test_a_date_too_vague_for_a_period_is_an_error(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "rr-2022-01.yml", "rapid_review: 2022-06", "rapid_review: 2022")
    assert problems(data_copy) == [
        f"{data_copy}/reviews/rr-2022-01.yml:7:17: dates.rapid_review: `2022` could fall in "
        "2021-22 or 2022-23: give the month or the day",
    ]


def test_a_thirteen_month_period_counts_its_last_month() -> None:
    figures = figures_for(FIXTURE_DATA, "2022-23")
    assert figures.rapid.held == 2  # June 2022 and 10 April 2023
    assert figures.rapid.concerning_a_death == 1
    assert figures.rapid.children.families == 2


def test_without_an_earlier_period_the_report_says_so() -> None:
    dataset, _ = load_dataset(FIXTURE_DATA)
    alone = dataset.model_copy(update={"periods": [p for p in dataset.periods
                                                   if p.id == "2022-23"]})
    page = render(compute(alone))["reports/2022-23/subgroup.md"]
    assert "There is no earlier reporting period in the records" in page
    assert "| Rapid reviews | 2022-23 |\n| --- | ---: |\n| Rapid reviews held | 2 |" in page


def test_reports_build_and_every_chart_is_a_table_shown_once(example_project: Path) -> None:
    site = example_project / "site" / "learning" / "reports"
    assert (site / "index.html").is_file()
    html = (site / "2021-22" / "subgroup" / "index.html").read_text("utf-8")
    charts = re.findall(r'<table class="slh-bars"><caption>(.*?)</caption>(.*?)</table>', html)
    assert charts
    for title, body in charts:
        rows = re.findall(r'<th scope="row">(.*?)</th><td><span class="slh-bars__figure">'
                          r'<span class="slh-bars__number">([\d,]+)</span><svg [^>]*'
                          r'aria-hidden="true"', body)
        assert len(rows) >= 2, title
        # The figures are not written out again in a table after the chart.
        after = html.split(body, 1)[1].split("<h", 1)[0]
        assert title not in after, title
    assert "slh-bars" not in (site / "2021-22" / "partnership" / "index.html").read_text(
        "utf-8"), "the partnership report shows each statistic once, in its table"


def test_subgroup_report_reads_like_the_reference(example_project: Path) -> None:
    html = (example_project / "site" / "learning" / "reports" / "2021-22" / "subgroup" /
            "index.html").read_text("utf-8")
    headings = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html)]
    assert headings[:6] == ["1. Introduction", "2. The CSPR subgroup", "3. National context",
                            "4. Rapid reviews", "5. Local reviews",
                            "6. Learning points this year"]
    assert "<td>Rapid reviews held †</td>\n<td class=\"slh-align-right\">6</td>\n" \
           "<td class=\"slh-align-right\">9</td>" in html
    assert 'href="../../../reviews/child-r/"' in html


def test_small_numbers_are_hidden_when_a_threshold_is_set(data_copy: Path) -> None:
    partnership = data_copy / "partnership.yml"
    text = partnership.read_text("utf-8")
    assert "small_numbers" not in text
    partnership.write_text(text.replace("  intro: |", "  small_numbers: 3\n  intro: |"), "utf-8")
    dataset, _ = load_dataset(data_copy)
    page = render(compute(dataset))["reports/2022-23/subgroup.md"]
    assert "| Children concerned | 3 | fewer than 3 |" in page
    assert "- Children who had died: fewer than 3\n" in page
    assert "- Age: under 1 fewer than 3" in page
    # Counts of reviews are not counts of children: they stay as they are.
    assert "| Rapid reviews held | 2 | 1 |" in page

    dataset, _ = load_dataset(FIXTURE_DATA)
    plain = render(compute(dataset))["reports/2022-23/subgroup.md"]
    assert "fewer than" not in plain
    assert "- Children who had died: 1\n" in plain


def test_chart_labels_and_figures_are_legible_on_a_phone(browser: Browser,
                                                        site_url: str) -> None:
    page = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    page.goto(f"{site_url}learning/reports/2021-22/subgroup/")
    sizes = page.eval_on_selector_all(
        "table.slh-bars caption, table.slh-bars th, table.slh-bars .slh-bars__number",
        "cells => cells.map(cell => parseFloat(getComputedStyle(cell).fontSize))")
    assert sizes and min(sizes) >= 12
    widths = page.eval_on_selector_all(
        "table.slh-bars .slh-bars__bar",
        "bars => bars.map(bar => bar.getBoundingClientRect().width)")
    assert widths and min(widths) > 20, "every bar has room to be seen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()
