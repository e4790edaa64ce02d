"""The example data invents nothing (issue 14): every figure is one the reference documents
give, and what they do not give is left out.

The figures below are typed from the reference documents (../shared/reference/), with the
section each comes from; nothing is parsed from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import pytest

from conftest import EXAMPLE_DATA
from generator.models import Dataset, RecommendationStatus, ReportingPeriod
from generator.validate import load_dataset


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    loaded, _ = load_dataset(EXAMPLE_DATA)
    return loaded


def period(dataset: Dataset, period_id: str) -> ReportingPeriod:
    return next(p for p in dataset.periods if p.id == period_id)


E = TypeVar("E", bound=Enum)


def plain(counts: Mapping[E, int | None]) -> dict[str, int | None]:
    """A recorded breakdown with its keys as written in the YAML."""
    return {key.value: value for key, value in counts.items()}


def test_no_data_file_calls_anything_illustrative() -> None:
    # "Illustrative" was how invented values were marked; none may come back.
    for path in sorted(EXAMPLE_DATA.rglob("*")):
        if path.is_file():
            assert "illustrative" not in path.read_text("utf-8").lower(), path


def test_2021_22_rapid_review_totals_are_the_subgroup_reports(dataset: Dataset) -> None:
    year = period(dataset, "2021-22")
    assert year.recorded is not None
    rapid = year.recorded.considerations
    assert rapid is not None and rapid.children is not None
    # CSPR subgroup annual report 2021-22, section 4.2.
    assert rapid.total == 6
    assert plain(rapid.outcomes) == {"cspr": 1}
    assert plain(rapid.referral_sources) == {  # named, not counted
        "health": None, "childrens-social-care": None, "neighbouring-partnership": None}
    assert plain(rapid.joint) == {"neighbouring-partnership": 2}
    assert rapid.concerning_a_death == 0
    assert plain(rapid.panel_views) == {"agreed": 5, "asked-for-clarification": 1}
    # Section 4.3: 8 children from 6 families; half under 5 and half 13 or over; of those
    # under 5, 2 were babies; "the majority" known to children's social care, in words.
    children = rapid.children
    assert (children.total, children.families, children.died) == (8, 6, 0)
    assert children.age_groups == {"under-5": 4, "under-1": 2, "13-and-over": 4}
    assert (children.sex, children.ethnicity, children.csc_involvement) == ({}, {}, {})
    assert len(children.notes) == 1


def test_2021_22_local_review_totals_are_the_subgroup_reports(dataset: Dataset) -> None:
    year = period(dataset, "2021-22")
    assert year.recorded is not None
    reviews = year.recorded.reviews
    assert reviews is not None and reviews.children is not None
    # Section 5.3: 5 reviews worked on: 1 serious case review (Child R), 3 CSPRs and
    # 1 partnership learning review.
    assert reviews.total == 5
    assert plain(reviews.by_type) == {
        "serious-case-review": 1, "cspr": 3, "partnership-learning-review": 1}
    # Section 5.4: 6 children, 1 of whom died; 4 female, 2 male; 2 under 5, "most" 13 or
    # over (in words); all White British; "the majority" known to children's social care.
    children = reviews.children
    assert (children.total, children.died, children.families) == (6, 1, None)
    assert plain(children.sex) == {"female": 4, "male": 2}
    assert plain(children.ethnicity) == {"white-british": 6}
    assert children.age_groups == {"under-5": 2}
    assert children.csc_involvement == {}
    assert len(children.notes) == 2
    # Section 8.4: costs "from approximately £8,000 to over £20,000".
    assert reviews.cost_from is not None and reviews.cost_to is not None
    assert (reviews.cost_from.amount, reviews.cost_from.qualifier) == (8000, "approximately")
    assert (reviews.cost_to.amount, reviews.cost_to.qualifier) == (20000, "over")
    # Not given: signed off, published (as a count), recommendations.
    assert (reviews.signed_off, reviews.published, reviews.recommendations) == (
        None, None, None)


def test_2021_22_age_groups_are_the_reports(dataset: Dataset) -> None:
    groups = {g.id: (g.from_age, g.to_age) for g in period(dataset, "2021-22").age_groups}
    assert groups == {"under-5": (0, 4), "under-1": (0, 0), "13-and-over": (13, None)}


def test_2020_21_holds_only_the_count_of_rapid_reviews(dataset: Dataset) -> None:
    recorded = period(dataset, "2020-21").recorded
    assert recorded is not None and recorded.considerations is not None
    # Section 4.2 of the 2021-22 subgroup report: "compared to 9 in the previous year".
    rapid = recorded.considerations
    assert rapid.total == 9
    assert not (rapid.outcomes or rapid.referral_sources or rapid.panel_views or rapid.joint)
    assert rapid.concerning_a_death is None
    assert rapid.children is not None and rapid.children.total is None
    # Nothing is said of 2020-21's reviews: the records are marked as not all of them, so
    # Child R (whose span covers the year) is not counted as the year's only review.
    assert recorded.reviews is not None and recorded.reviews.incomplete
    assert recorded.reviews.model_dump(exclude={"incomplete"}, exclude_defaults=True) == {}


def test_reviews_carry_only_what_the_sources_say_of_them(dataset: Dataset) -> None:
    reviews = {review.id: review for review in dataset.reviews}
    # The records that only carried invented splits of the totals are gone.
    assert sorted(reviews) == ["child-r", "cspr-jacob"]
    # No source gives a review's own cost, nor anything about Jacob but his review's name.
    assert all(review.cost is None for review in reviews.values())
    jacob = reviews["cspr-jacob"]
    assert (jacob.dates.model_dump(exclude_none=True), jacob.children) == ({}, [])
    # Child R: the learning summary and the subgroup report's section 7.
    child_r = reviews["child-r"]
    assert child_r.publication.date is not None and str(child_r.publication.date) == "2021-12"
    (child,) = child_r.children
    assert (child.age_years, child.age_months, child.sex.value, child.outcome.value) == (
        13, 7, "female", "died")
    # Neither report says how far any recommendation has got.
    assert {r.status for r in child_r.recommendations} == {RecommendationStatus.NOT_STATED}


def test_concerns_matrix_holds_only_cells_the_source_gives(dataset: Dataset) -> None:
    report = next(r for r in period(dataset, "2021-22").reports if r.id == "partnership")
    groups = [group for section in report.walk() for part in section.parts
              for group in part.matrix]
    assert groups
    # Our copy of Appendix B keeps only how many dots each row has: only a row with all
    # four can say which kinds of evidence lie behind it.
    for group in groups:
        for concern in group.concerns:
            assert len(set(concern.evidence)) == 4, concern.text
