"""Data sets under other regimes, as real partnerships could have written them.

`tests/fixtures/lscb-2016/` is a Local Safeguarding Children Board's summary report of
serious case reviews under Working Together 2015, over fifteen months (April 2016 to June
2017) with the year before for comparison; `tests/fixtures/wt2023/` is a Working Together
2023 partnership's year 2024-25. Each passes `check` and builds with `mkdocs build --strict`
with no code changes, and its report shows every figure in its regime's words. The fixtures'
comments say what each record is there to exercise.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT, edit, make_project, problems, run_generator, run_mkdocs
from generator.compute.clocks import CLOCKS, clock_figures, clock_results
from generator.models import (
    Dataset,
    DecisionOutcome,
    Methodology,
    PanelView,
    PartialDate,
    PendingProcess,
    PublicationStatus,
    RecommendationStatus,
    Regime,
    Review,
    ReviewStatus,
    ReviewType,
)
from generator.models.dates import Precision
from generator.validate import load_dataset

LSCB = ROOT / "tests" / "fixtures" / "lscb-2016"
WT2023 = ROOT / "tests" / "fixtures" / "wt2023"
FIXTURES = {"lscb-2016": LSCB, "wt2023": WT2023}


@functools.cache
def dataset(name: str) -> Dataset:
    loaded, _ = load_dataset(FIXTURES[name])
    return loaded


def reviews(name: str) -> dict[str, Review]:
    return {review.id: review for review in dataset(name).reviews}


def every_date(review: Review) -> Iterator[PartialDate]:
    for field in type(review.dates).model_fields:
        if (when := getattr(review.dates, field)) is not None:
            yield when
    if review.publication.date is not None:
        yield review.publication.date


def copy_of(data: Path, tmp_path: Path) -> Path:
    target = tmp_path / data.name
    shutil.copytree(data, target)
    return target


def line_of(path: Path, text: str) -> int:
    """The 1-based number of the first line of `path` that starts with `text`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(text))


def problem_at(found: list[str], path: Path, line: int) -> list[str]:
    """The problems reported at `line` of `path` (as `...name:line:column: message`)."""
    pattern = re.compile(rf"{re.escape(path.name)}:{line}:\d+: ")
    return [problem for problem in found if pattern.search(problem)]


# --- Both data sets pass the check ---------------------------------------------------------


@pytest.mark.parametrize("name", FIXTURES)
def test_the_data_set_passes_check(name: str) -> None:
    result = run_generator("check", "--data", str(FIXTURES[name]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


# --- The board's records under Working Together 2015 ---------------------------------------


def test_the_board_s_records_are_held_under_working_together_2015() -> None:
    held = reviews("lscb-2016")
    assert {review.under for review in held.values()} == {Regime.WT2015}
    assert {period.under for period in dataset("lscb-2016").periods} == {Regime.WT2015}
    assert not any(review.type is ReviewType.RAPID_REVIEW for review in held.values())
    assert dataset("lscb-2016").partnership.name == "Westshire Safeguarding Children Board"


def test_the_board_s_data_set_holds_every_kind_of_figure_its_report_counts() -> None:
    """The fixture keeps what it is there for: if an edit drops one, this says which."""
    held = reviews("lscb-2016")
    considered = [r for r in held.values() if r.type is ReviewType.CONSIDERATION]
    assert all(r.referral_source and r.dates.referred and r.decision for r in considered)
    # Each serious case review commissioned in the data follows the case it was decided on.
    assert {held[r].follows for r in ("scr-child-d", "scr-child-e-dhr", "scr-child-f")} == {
        "con-2015-01", "con-2016-01", "con-2016-02"}
    outcomes = {r.decision.outcome for r in considered if r.decision}
    assert outcomes == {DecisionOutcome.SERIOUS_CASE_REVIEW,
                        DecisionOutcome.PARTNERSHIP_LEARNING_REVIEW,
                        DecisionOutcome.OTHER_REVIEW, DecisionOutcome.NO_FURTHER_REVIEW,
                        DecisionOutcome.AWAITED}
    views = {r.decision.panel_view for r in considered if r.decision}
    assert {PanelView.AGREED, PanelView.DISAGREED, PanelView.NOT_STATED} <= views
    joint = held["scr-child-e-dhr"].joint_with
    assert [j.kind.value for j in joint] == ["domestic-homicide-review"]
    paused = held["scr-child-f"]
    assert (paused.status, paused.pending) == (ReviewStatus.PAUSED,
                                               [PendingProcess.CRIMINAL_TRIAL])
    assert {r.methodology for r in held.values()} >= {
        Methodology.SCIE_SYSTEMS, Methodology.REVIEWER_LED, Methodology.WT2010_IMR,
        Methodology.OTHER}
    assert held["scr-child-e-dhr"].recommendation_count == 11
    assert held["scr-child-d"].recommendation_count == 4
    precisions = {when.precision for r in held.values() for when in every_date(r)}
    assert precisions == set(Precision)  # 2015, 2016-autumn, 2017-Q1, 2016-09, 2016-09-12
    periods = {period.id: period for period in dataset("lscb-2016").periods}
    fifteen = periods["2016-17"]
    assert (fifteen.last_day - fifteen.first_day).days + 1 == 456  # not twelve months
    assert [(g.id, g.from_age, g.to_age) for g in fifteen.age_groups] == [
        ("under-4", 0, 3), ("4-12", 4, 12), ("adolescents", 13, None)]


def test_a_rapid_review_in_2016_is_refused_at_its_type_line(tmp_path: Path) -> None:
    data = copy_of(LSCB, tmp_path)
    path = data / "reviews" / "con-2016-03.yml"
    edit(path, "type: consideration", "type: rapid-review")
    found = problem_at(problems(data), path, line_of(path, "type:"))
    assert len(found) == 1, found
    assert "type: there were no rapid reviews before Working Together 2018" in found[0]
    assert "Working Together 2015" in found[0]
    assert "`type: consideration`" in found[0]


@pytest.mark.parametrize(("old", "new", "key", "message"), [
    ("    total: 7\n", "    total: 6\n", "recorded.considerations.total",
     "the recorded total (6) disagrees with the records: they hold 7 cases"),
    ("    recommendations: 20\n", "    recommendations: 19\n", "recorded.reviews.recommendations",
     "the recorded total (19) disagrees with the records: they hold 20 recommendations"),
], ids=["cases-considered", "recommendations-made"])
def test_a_recorded_total_the_records_contradict_fails_at_the_total_s_line(
        tmp_path: Path, old: str, new: str, key: str, message: str) -> None:
    data = copy_of(LSCB, tmp_path)
    path = data / "periods" / "2016-17.yml"
    edit(path, old, new)
    found = problem_at(problems(data), path, line_of(path, new.rstrip("\n")))
    assert found and f"{key}: {message}" in found[0], found


def test_a_recorded_age_group_the_period_does_not_define_fails_at_its_line(
        tmp_path: Path) -> None:
    data = copy_of(LSCB, tmp_path)
    path = data / "periods" / "2016-17.yml"
    edit(path, "        adolescents: 3\n", "        teenagers: 3\n")
    found = problem_at(problems(data), path, line_of(path, "        teenagers:"))
    assert found and "there is no age group `teenagers`" in found[0], found


# --- The 2023 partnership's records ---------------------------------------------------------


def test_the_2023_partnership_s_records_are_held_under_working_together_2023() -> None:
    assert {review.under for review in reviews("wt2023").values()} == {Regime.WT2023}
    assert [period.under for period in dataset("wt2023").periods] == [Regime.WT2023]


def test_the_2023_data_set_holds_every_stage_and_status_its_report_counts() -> None:
    held = reviews("wt2023")
    publication = {r.publication.status for r in held.values()}
    assert {PublicationStatus.PUBLISHED, PublicationStatus.IMPROVEMENTS_ONLY,
            PublicationStatus.NOT_TO_BE_PUBLISHED} <= publication
    pending = held["cspr-2024-s"]
    assert (pending.status, pending.pending) == (ReviewStatus.COMPLETED_PENDING,
                                                 [PendingProcess.INQUEST])
    statuses = [r.status for r in held["cspr-child-m"].recommendations]
    assert statuses[-1] is RecommendationStatus.NOT_STATED
    assert set(statuses) == set(RecommendationStatus)
    views = {r.decision.panel_view for r in held.values() if r.decision}
    assert {PanelView.AGREED, PanelView.DISAGREED, PanelView.ASKED_FOR_CLARIFICATION,
            PanelView.AWAITED} <= views


def test_the_2023_rapid_reviews_are_dated_to_the_day_for_the_statutory_clocks() -> None:
    rapid = [r for r in reviews("wt2023").values() if r.type is ReviewType.RAPID_REVIEW]
    assert len(rapid) == 7
    for review in rapid:
        dates = review.dates
        days = (dates.notified, dates.rapid_review, dates.decided, dates.incident)
        assert all(when is None or when.precision is Precision.DAY for when in days), review.id
        assert dates.notified and dates.rapid_review, review.id
    aware = {r.id: r.dates.aware.precision for r in rapid if r.dates.aware}
    assert aware.pop("rr-2024-02") is Precision.MONTH  # "early June": not recorded
    assert set(aware.values()) == {Precision.DAY} and len(aware) == 6


def test_the_2023_statutory_clocks_are_met_missed_and_not_recorded() -> None:
    figures = clock_figures(dataset("wt2023").reviews)
    # Notified in 5 working days of awareness: rr-2024-03 took 8 (26 August 2024 was a bank
    # holiday); rr-2024-02's awareness is known only to the month.
    assert figures.notification.wording == "5 of 7 met; 1 missed, 1 not recorded"
    # The rapid review in 15 working days of notification (from 2023): rr-2024-04 took 19.
    assert figures.rapid_review.wording == "6 of 7 met; 1 missed"
    # Published within six months of the decision: Child M in time, P late (20 March 2025
    # against 16 March), R and S not published.
    assert figures.local_review.wording == "1 of 4 met; 1 missed, 2 not recorded"
    results = {(r.clock.name, r.review.id): r for clock in CLOCKS
               for r in clock_results(dataset("wt2023").reviews, clock)}
    assert results["notification", "rr-2024-03"].taken == 8
    assert results["rapid review", "rr-2024-04"].taken == 19
    assert results["local review", "cspr-child-m"].due == date(2024, 10, 29)
    assert results["local review", "cspr-child-p"].due == date(2025, 3, 16)


def test_no_statutory_clock_runs_for_the_board() -> None:
    figures = clock_figures(dataset("lscb-2016").reviews)
    assert [tally.wording for tally in figures.tallies] == ["none to count"] * 3


# --- The built sites -----------------------------------------------------------------------


def _build(tmp_path_factory: pytest.TempPathFactory, data: Path, name: str) -> Path:
    project = make_project(tmp_path_factory.mktemp(name), data)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def lscb_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The board's data set, built once with `mkdocs build --strict`."""
    return _build(tmp_path_factory, LSCB, "lscb-2016")


@pytest.fixture(scope="session")
def wt2023_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2023 partnership's data set, built once with `mkdocs build --strict`."""
    return _build(tmp_path_factory, WT2023, "wt2023")


class Page:
    """A built page's article, as a reader sees it: its text, and its tables by caption."""

    def __init__(self, path: Path) -> None:
        self.tree = lxml.html.fromstring(path.read_bytes())
        article = self.tree.xpath("//article")[0]
        self.text = " ".join(article.text_content().split())
        self.h1 = " ".join(article.xpath("string(.//h1)").split())
        self.tables: dict[str, dict[str, list[str]]] = {}
        for table in article.xpath(".//table"):
            header = [" ".join(cell.text_content().split()) for cell in table.xpath(".//th")]
            rows = {}
            for row in table.xpath(".//tbody/tr"):
                cells = [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
                rows[cells[0]] = cells[1:]
            self.tables[header[0]] = rows

    @property
    def description(self) -> str:
        return str(self.tree.xpath("string(//meta[@name='description']/@content)"))

    def table(self, caption: str) -> dict[str, list[str]]:
        assert caption in self.tables, f"no table {caption!r}: {list(self.tables)}"
        return self.tables[caption]


def report(project: Path, period: str) -> Page:
    return Page(project / "site" / "learning" / "reports" / period / "subgroup" / "index.html")


def built_text(project: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8")
                     for path in sorted((project / "site").rglob("*.html")))


def test_the_board_s_report_is_a_report_of_fifteen_months_by_the_board(
        lscb_project: Path) -> None:
    page = report(lscb_project, "2016-17")
    assert page.h1 == "Serious Case Review Subgroup: report April 2016 to June 2017"
    assert "annual report" not in page.h1
    assert "This report covers 1 April 2016 to 30 June 2017." in page.text
    assert "Westshire Safeguarding Children Board" in page.description
    # The year before, the board called itself by its older name (the period's `body`).
    before = report(lscb_project, "2015-16")
    assert before.h1 == "Serious Case Review Subgroup: annual report 2015-16"
    assert "Westshire Local Safeguarding Children Board" in before.description


def test_the_board_s_report_speaks_of_cases_considered_and_serious_case_reviews(
        lscb_project: Path) -> None:
    page = report(lscb_project, "2016-17")
    assert "Cases considered for review" in page.text
    assert "serious case review" in page.text
    assert "national panel" in page.text
    lower = page.text.lower()
    for later in ("rapid review", "child safeguarding practice review", "cspr",
                  "safeguarding partners"):
        assert later not in lower, later


def test_the_board_s_report_counts_the_cases_considered(lscb_project: Path) -> None:
    page = report(lscb_project, "2016-17")
    facts = page.table("Cases considered for review")
    assert facts["Cases considered"] == ["7", "3"]  # this period, the year before
    assert facts["Decided to hold a serious case review"] == ["2", "1"]
    assert facts["Different referral sources"] == ["5", "3"]
    # Recorded only as a total in 2016-17 (marked); not recorded at all the year before.
    assert facts["Concerned a child who died †"] == ["3", "not recorded"]
    # Every view is known in 2016-17; one is not recorded the year before.
    assert facts["The national panel agreed with the decision"] == ["5", "not recorded"]
    assert facts["The national panel disagreed with the decision"] == ["1", "not recorded"]
    assert page.table("What was decided") == {
        "A serious case review": ["2"], "A partnership learning review": ["1"],
        "Another kind of review": ["1"], "No further review": ["2"],
        "Decision pending": ["1"], "Total": ["7"]}
    assert page.table("The view of the national panel on the decision") == {
        "Agreed": ["5"], "Disagreed (challenged the decision)": ["1"], "Awaited": ["1"],
        "Total": ["7"]}
    assert page.table("Referred by")["Total"] == ["7"]


def test_the_board_s_report_counts_its_reviews_against_the_year_before(
        lscb_project: Path) -> None:
    page = report(lscb_project, "2016-17")
    facts = page.table("Reviews")
    assert facts["Worked on"] == ["5", "3"]
    assert facts["Completed and signed off"] == ["3", "2"]
    assert facts["Published"] == ["2", "0"]
    assert facts["Recommendations made by the reviews signed off"] == ["20", "14"]
    assert page.table("Type of review") == {
        "Serious case review": ["4"], "Partnership learning review": ["1"], "Total": ["5"]}
    assert page.table("Where the reviews stood at 30 June 2017") == {
        "Published": ["2"], "Paused pending other processes": ["1"],
        "Completed and signed off": ["2"], "Total": ["5"]}
    assert page.table("Methodology") == {
        "SCIE systems model (Learning Together)": ["1"], "Reviewer-led": ["1"],
        "Working Together 2010 style, with individual management reviews": ["1"],
        # An "other" methodology is named as a published review's record names it; an
        # unpublished review's words stay off the page.
        "Another methodology: Root cause analysis, and 1 not named here": ["2"],
        "Total": ["5"]}
    assert page.table("Held jointly with") == {"Domestic homicide review": ["1"],
                                               "Total": ["1"]}
    assert "Learning from the serious case review for Child G, serious case review, " \
           "published 20 April 2016" in page.text
    assert "Learning from the serious case review for Child D, serious case review, " \
           "published 5 December 2016" in page.text


def test_the_board_s_report_gives_the_children_by_its_own_age_groups(
        lscb_project: Path) -> None:
    page = report(lscb_project, "2016-17")
    assert "Children: 6 †" in page.text
    assert "Children who had died: 2 †" in page.text
    assert "Age: under 4 2, 4 to 12 1, adolescents (13 and over) 3 †" in page.text
    assert "Sex: female 3, male 2, not recorded 1 †" in page.text
    assert "A total recorded for the period, as its source gives it" in page.text
    before = report(lscb_project, "2015-16")
    assert "Age: under 4 2, 4 to 12 0, adolescents (13 and over) 2 †" in before.text
    assert "Sex: female 1, male 3 †" in before.text


def test_the_board_s_published_reviews_have_summaries_and_the_rest_appear_nowhere(
        lscb_project: Path) -> None:
    reviews_dir = lscb_project / "site" / "learning" / "reviews"
    summary = Page(reviews_dir / "scr-child-d" / "index.html")
    assert "Type of review: Serious case review" in summary.text
    assert "How it was done: SCIE systems model (Learning Together)" in summary.text
    assert (reviews_dir / "scr-child-g" / "index.html").is_file()
    text = built_text(lscb_project)
    for unpublished in ("Referred case 2016-17", "Referred case 2015-16", "Serious case review "
                        "2016 (F)", "Joint serious case review", "Partnership learning review "
                        "(H)", "Serious case review 2015 (B)", "single-agency learning"):
        assert unpublished not in text, unpublished


def test_the_2023_report_speaks_of_rapid_reviews_and_the_national_panel(
        wt2023_project: Path) -> None:
    page = report(wt2023_project, "2024-25")
    assert page.h1 == "Case Review Group: annual report 2024-25"
    assert "Northvale Safeguarding Children Partnership" in page.description
    assert "Rapid reviews" in page.text
    assert "local child safeguarding practice review" in page.text
    assert "the national Panel" in page.text
    lower = page.text.lower()
    for earlier in ("serious case review", "safeguarding children board",
                    "cases considered for"):
        assert earlier not in lower, earlier


def test_the_2023_report_counts_rapid_reviews_by_outcome_and_panel_view(
        wt2023_project: Path) -> None:
    page = report(wt2023_project, "2024-25")
    facts = page.table("Rapid reviews")
    assert facts == {
        "Rapid reviews held": ["7"],
        "Decided to hold a local child safeguarding practice review": ["3"],
        "Held jointly with a neighbouring partnership": ["1"],
        "Concerned a child who died": ["3"],
        "The national Panel agreed with the decision": ["4"],
        "The national Panel disagreed with the decision": ["1"],
        "Different referral sources": ["5"],
        "Children concerned": ["8"]}
    assert page.table("What was decided") == {
        "A local child safeguarding practice review": ["3"],
        "A partnership learning review": ["1"], "No further review": ["2"],
        "Decision pending": ["1"], "Total": ["7"]}
    assert page.table("The view of the national Panel on the decision") == {
        "Agreed": ["4"], "Asked for clarification": ["1"],
        "Disagreed (challenged the decision)": ["1"], "Awaited": ["1"], "Total": ["7"]}
    assert "Children: 8, from 7 families" in page.text
    assert "Age: under 1 2, 1 to 5 2, 6 to 10 2, 11 to 15 1, 16 and over 1" in page.text
    assert "Sex: female 3, male 4, not recorded 1" in page.text


def test_the_2023_report_counts_local_reviews_by_publication(wt2023_project: Path) -> None:
    page = report(wt2023_project, "2024-25")
    assert page.table("Reviews") == {
        "Worked on": ["5"], "Completed and signed off": ["4"], "Published": ["2"],
        "Recommendations made by the reviews signed off": ["18"]}
    stood = page.table("Where the reviews stood at 31 March 2025")
    assert stood["Published"] == ["1"]
    assert stood["Published as improvements only"] == ["1"]
    assert stood["Active"] == ["1"]
    assert stood["Total"] == ["5"]
    assert page.table("Type of review") == {
        "Local child safeguarding practice review": ["4"],
        "Partnership learning review": ["1"], "Total": ["5"]}


def test_the_2023_published_review_shows_a_recommendation_without_status_as_not_recorded(
        wt2023_project: Path) -> None:
    reviews_dir = wt2023_project / "site" / "learning" / "reviews"
    summary = Page(reviews_dir / "cspr-child-m" / "index.html")
    assert "Type of review: Local child safeguarding practice review" in summary.text
    assert "National recommendation 5; status: not recorded." in summary.text
    assert "status: superseded." in summary.text
    # Published as improvements only, or not to be published: no page, no title anywhere.
    assert not (reviews_dir / "cspr-child-p").exists()
    assert not (reviews_dir / "cspr-2024-r").exists()
    text = built_text(wt2023_project)
    for unpublished in ("Local child safeguarding practice review (P)",
                        "Local child safeguarding practice review (R)",
                        "Local child safeguarding practice review (S)",
                        "Rapid review 2024-25"):
        assert unpublished not in text, unpublished


def test_the_2023_report_shows_the_statutory_clocks(wt2023_project: Path) -> None:
    page = report(wt2023_project, "2024-25")
    # The fixture's clocks: one notification late over a bank holiday and one whose
    # awareness is known only to the month; one rapid review of 19 working days; one review
    # published after six months.
    assert page.table("Timescale") == {
        "Panel notified within 5 working days": ["5 of 7 met; 1 missed, 1 not recorded"],
        "Rapid review within 15 working days": ["6 of 7 met; 1 missed"],
        "Review published within six months of the decision": ["1 of 2 met; 1 missed"]}
    assert "the Child Safeguarding Practice Review Panel within 5 working days" in page.text


def test_the_board_s_report_shows_no_statutory_clock(lscb_project: Path) -> None:
    assert "Timescale" not in report(lscb_project, "2016-17").tables


def test_the_board_s_report_has_a_shape_of_its_own_from_data_alone(lscb_project: Path) -> None:
    page = report(lscb_project, "2016-17")
    headings = [" ".join(h.text_content().split()) for h in page.tree.xpath("//article//h2")]
    assert headings[-6:] == [
        "Family contribution", "Monitoring of actions", "Conclusion",
        "Appendix A: The criteria for a serious case review",
        "Appendix B: Background to each review", "Appendix C: Glossary"]
    # Figures named in the prose are the figures the tables show.
    assert "The subgroup considered seven referred cases, and four serious case reviews " \
           "were under way" in page.text
    assert page.table("Cases considered for review")["Cases considered"][0] == "7"
    assert page.table("Type of review")["Serious case review"] == ["4"]
    # The criteria are the 2015 guidance's, as the board's period was under it.
    assert "Local Safeguarding Children Boards Regulations 2006, regulation 5(2)" in page.text
    assert page.table("Status")["Total"] == ["4"]
    assert "Child D was a baby living with their mother" in page.text
    assert "SCIE: Social Care Institute for Excellence" in page.text
