"""The figures of a period's cases: those considered for review and the reviews worked on.

A considered case (a rapid review, or before 2018 a case a board's subgroup considered)
counts in the period holding the day it was considered; any other review is *worked on* in
every period its span (from referral or commissioning to completion or publication, open-
ended while neither) overlaps, and *published* in the period holding its publication date.
Unpublished records count here, as numbers only. Each figure is merged with the period's
recorded totals by `compute.recorded.Reconciler`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from generator.compute.mentions import themes_raised
from generator.compute.recorded import Disagreement, Reconciler, Tally, remainder
from generator.models import (
    AgeBand,
    Child,
    ChildOutcome,
    DecisionOutcome,
    Ethnicity,
    JointKind,
    Methodology,
    Money,
    PanelView,
    PartialDate,
    PublicationStatus,
    RecordedChildren,
    RecordedConsiderations,
    RecordedReviews,
    ReferralSource,
    ReportingPeriod,
    Review,
    ReviewStatus,
    ReviewType,
    Sex,
    Theme,
    YesNoUnknown,
)
from generator.models.recorded import BAND_AGES


@dataclass(frozen=True)
class ChildFigures:
    """The children a period's cases concerned. A count is None where neither the records
    nor the period's recorded totals say it."""

    recorded: bool  # every case lists its children (or a recorded total gives them)
    total: int | None
    families: int | None
    died: int | None
    age_groups: Tally
    """By the period's own age groups, or by the fixed bands where it defines none."""
    sex: Tally
    ethnicity: Tally
    csc_involvement: Tally
    notes: tuple[str, ...]
    marked: frozenset[str]
    """The figures taken from the period's recorded totals."""


@dataclass(frozen=True)
class RapidReviewFigures:
    """Cases considered in a period: rapid reviews, or before 2018 the cases a board's
    subgroup considered. A count is None where it is not recorded."""

    held: int | None
    recommended_cspr: int | None
    """Decisions to hold the regime's local review: a CSPR, or before 2018 an SCR."""
    outcomes: Tally
    referral_sources: Tally
    joint: Tally
    joint_with_neighbours: int | None
    concerning_a_death: int | None
    panel_views: Tally
    panel_agreed: int | None
    panel_disagreed: int | None
    children: ChildFigures
    notes: tuple[str, ...]
    marked: frozenset[str]

    @property
    def referral_source_count(self) -> int | None:
        """How many different sources referred; None if some referrals are not recorded."""
        return self.referral_sources.kinds


@dataclass(frozen=True)
class LocalReviewFigures:
    worked_on: int | None
    by_type: Tally
    by_status: Tally
    """Where the reviews worked on stood at the period's end."""
    signed_off: int | None
    published_count: int | None
    methodologies: Tally
    joint: Tally
    recommendations: int | None
    """Recommendations made by the reviews signed off in the period."""
    children: ChildFigures
    published: tuple[Review, ...]
    themes: Tally
    costs: tuple[Money, Money] | None
    notes: tuple[str, ...]
    marked: frozenset[str]



# --- Placing reviews in periods ----------------------------------------------------------


@dataclass(frozen=True)
class Placing:
    """The dates that place each review in periods, worked out once for every period.

    A rapid review counts in a period by the day it was held. Any other review was worked on
    in every period its span overlaps, and counts as published by its publication date.
    """

    rapid: tuple[tuple[Review, PartialDate], ...]
    spans: tuple[tuple[Review, date, date], ...]
    published: tuple[tuple[Review, PartialDate | None], ...]
    with_impact: tuple[tuple[Review, PartialDate | None], ...]
    """The published reviews with evidence of impact recorded for any recommendation."""

    @classmethod
    def of(cls, reviews: Iterable[Review]) -> Placing:
        rapid, spans, published = [], [], []
        for review in reviews:
            if review.is_consideration:
                if (considered := consideration_date(review)) is not None:
                    rapid.append((review, considered))
            elif (active := span(review)) is not None:
                spans.append((review, *active))
            if review.publication.published:
                published.append((review, review.publication.date))
        with_impact = tuple((review, when) for review, when in published
                            if any(r.impact for r in review.recommendations))
        return cls(tuple(rapid), tuple(spans), tuple(published), with_impact)

    def rapid_reviews_in(self, period: ReportingPeriod) -> list[Review]:
        return [review for review, held in self.rapid if period.holds(held)]

    def worked_on(self, period: ReportingPeriod) -> list[Review]:
        first, last = period.first_day, period.last_day
        return [review for review, start, end in self.spans if start <= last and end >= first]

    def published_in(self, period: ReportingPeriod) -> list[Review]:
        """Reviews published in the period, in full or as improvements only."""
        return [review for review, when in self.published
                if when is not None and period.holds(when)]


def consideration_date(review: Review) -> PartialDate | None:
    """The date that places a considered case in a period: when it was considered (the
    rapid review), else decided, else referred or notified."""
    dates = review.dates
    return dates.rapid_review or dates.decided or dates.referred or dates.notified


def span(review: Review) -> tuple[date, date] | None:
    """From the review's first known date to its completion or publication (open if neither)."""
    starts = [d for d in (review.dates.referred, review.dates.rapid_review,
                          review.dates.commissioned) if d is not None]
    if not starts:
        return None
    ends = [d for d in (review.dates.completed, review.publication.date
                        if review.is_published else None) if d is not None]
    end = max(d.last_day for d in ends) if ends else date.max
    return min(d.first_day for d in starts), end


# --- Figures -----------------------------------------------------------------------------


def child_figures(period: ReportingPeriod, reviews: Sequence[Review],
                  stated: RecordedChildren | None, whole_set: bool,
                  where: tuple[str, ...], noun: str,
                  disagreements: list[Disagreement] | None = None) -> ChildFigures:
    """The children `reviews` concerned, merged with the period's recorded totals."""
    listed = all(review.children for review in reviews)
    children: list[Child] = [child for review in reviews for child in review.children]
    merge = Reconciler((*where, "children"), whole_set and listed)
    given = stated or RecordedChildren()
    families = {(review.id, child.family) for review in reviews for child in review.children}
    died = sum(child.outcome is ChildOutcome.DIED for child in children)
    outcome_known = all(child.outcome is not ChildOutcome.UNKNOWN for child in children)
    groups = period.age_groups
    age_groups = (_by_group(period, children, given, merge) if groups else
                  merge.tally("age_bands", {}, (child.band for child in children), list(AgeBand),
                              "children"))
    figures = ChildFigures(
        recorded=(whole_set and listed) or given.total is not None,
        total=merge.count("total", given.total, len(children), len(children), "children"),
        families=merge.count("families", given.families, len(families), 0, "families"),
        died=merge.count("died", given.died, died if outcome_known else None, died,
                         "children who died"),
        age_groups=remainder(age_groups, given.total),
        sex=remainder(merge.tally("sex", given.sex, (child.sex for child in children),
                                  list(Sex), "children"), given.total),
        ethnicity=remainder(merge.tally("ethnicity", given.ethnicity,
                                        (child.ethnicity for child in children),
                                        list(Ethnicity), "children"), given.total),
        csc_involvement=remainder(merge.tally(
            "csc_involvement", given.csc_involvement,
            (child.csc_involvement for child in children), list(YesNoUnknown), "children"),
            given.total),
        notes=tuple(given.notes),
        marked=frozenset(merge.recorded),
    )
    if disagreements is not None:
        disagreements += merge.disagreements
    return figures


def _by_group(period: ReportingPeriod, children: Sequence[Child], given: RecordedChildren,
              merge: Reconciler) -> Tally:
    """Children by the period's own age groups: a child whose band straddles a group's edge
    is not known for it. A group may overlap another ("under 5", "under 1")."""
    rows = []
    for group in period.age_groups:
        places = [group.holds(*_ages(child)) for child in children]
        certain = sum(place is True for place in places)
        from_records = certain if None not in places else None
        count = merge.count(group.id, given.age_groups.get(group.id), from_records, certain,
                            f"children aged {group.label.lower()}")
        if count is not None:
            rows.append((group.label, count))
        else:
            rows.append((group.label + " (not recorded)", 0))
    if given.age_groups:
        merge.recorded.add("age_groups")
    return Tally(tuple((label, count) for label, count in rows if not label.endswith(
        "(not recorded)")), named=tuple(label.removesuffix(" (not recorded)")
                                      for label, _ in rows if label.endswith("(not recorded)")))


def _ages(child: Child) -> tuple[int, int | None]:
    """The whole years a child's age could be: exact, within its band, or anything."""
    if child.age_years is not None:
        return child.age_years, child.age_years
    if child.age_band is not None:
        return BAND_AGES[child.age_band]
    return 0, None


def rapid_figures(period: ReportingPeriod, held: Sequence[Review],
                  disagreements: list[Disagreement] | None = None) -> RapidReviewFigures:
    """Figures for the cases considered in a period, merged with its recorded totals."""
    recorded = period.recorded
    given = (recorded.considerations if recorded else None) or RecordedConsiderations()
    where = ("recorded", "considerations")
    whole_set = not given.incomplete and (given.total is None or given.total == len(held))
    merge = Reconciler(where, whole_set)
    decisions = [r.decision for r in held]
    outcomes = [d.outcome if d else None for d in decisions]
    views = [d.panel_view if d else None for d in decisions]
    local_review = (DecisionOutcome.CSPR, DecisionOutcome.SERIOUS_CASE_REVIEW)
    decided = all(o is not None and o is not DecisionOutcome.NOT_STATED for o in outcomes)
    viewed = all(v is not None and v is not PanelView.NOT_STATED for v in views)
    outcome_tally = merge.tally("outcomes", given.outcomes, outcomes, list(DecisionOutcome),
                                "cases")
    view_tally = merge.tally("panel_views", given.panel_views, views, list(PanelView), "cases")
    neighbours = sum(any(j.kind is JointKind.NEIGHBOURING_PARTNERSHIP for j in r.joint_with)
                     for r in held)
    outcomes_known = all(r.children and all(c.outcome is not ChildOutcome.UNKNOWN
                                            for c in r.children) for r in held)
    deaths = sum(any(c.outcome is ChildOutcome.DIED for c in r.children) for r in held)
    own: list[Disagreement] = []
    figures = RapidReviewFigures(
        held=merge.count("total", given.total, len(held), len(held), "cases"),
        recommended_cspr=_from_tally(outcome_tally, given.outcomes, local_review, merge,
                                     sum(o in local_review for o in outcomes) if decided
                                     else None, given.total),
        outcomes=remainder(outcome_tally, given.total),
        referral_sources=merge.tally("referral_sources", given.referral_sources,
                                     (r.referral_source for r in held), list(ReferralSource),
                                     "cases"),
        joint=merge.tally("joint", given.joint,
                          (j.kind for r in held for j in r.joint_with), list(JointKind),
                          "joint cases"),
        joint_with_neighbours=(given.joint.get(JointKind.NEIGHBOURING_PARTNERSHIP)
                               if given.joint else neighbours if whole_set else None),
        concerning_a_death=merge.count("concerning_a_death", given.concerning_a_death,
                                       deaths if outcomes_known else None, deaths,
                                       "cases concerning a child who died"),
        panel_views=remainder(view_tally, given.total),
        panel_agreed=_from_tally(view_tally, given.panel_views, (PanelView.AGREED,), merge,
                                 sum(v is PanelView.AGREED for v in views) if viewed else None,
                                 given.total),
        panel_disagreed=_from_tally(view_tally, given.panel_views, (PanelView.DISAGREED,),
                                    merge, sum(v is PanelView.DISAGREED for v in views)
                                    if viewed else None, given.total),
        children=child_figures(period, held, given.children, whole_set, where, "cases", own),
        notes=tuple(given.notes),
        marked=frozenset(merge.recorded),
    )
    if disagreements is not None:
        disagreements += merge.disagreements + own
    return figures


def _from_tally(tally: Tally, stated: Mapping[Any, int | None], members: Sequence[Any],
                merge: Reconciler, from_records: int | None,
                total: int | None = None) -> int | None:
    """A count of some of a breakdown's kinds: from the recorded breakdown when one is
    given, else from the records. A kind the breakdown names without a count is not
    recorded; one it leaves out is none, if its counts add up to every case."""
    if not stated:
        return from_records if merge.whole_set else None
    if any(member in stated and stated[member] is None for member in members):
        return None
    if not any(member in stated for member in members):
        return 0 if total is not None and tally.total == total else None
    return sum(stated.get(member) or 0 for member in members)


def stage_at(review: Review, period: ReportingPeriod) -> Enum:
    """Where a review stood at the end of `period`."""
    last = period.last_day
    publication = review.publication
    if publication.published and publication.date is not None \
            and publication.date.last_day <= last:
        return publication.status
    if review.dates.completed is not None and review.dates.completed.last_day <= last:
        # Signed off; what the record adds still stands (waiting for an inquest, say).
        if review.status is ReviewStatus.COMPLETED_PENDING:
            return review.status
        if publication.status is PublicationStatus.NOT_TO_BE_PUBLISHED:
            return publication.status
        return ReviewStatus.SIGNED_OFF
    if review.status in (ReviewStatus.PAUSED, ReviewStatus.COMPLETED_PENDING,
                         ReviewStatus.COMMISSIONED, ReviewStatus.NOT_STATED):
        return review.status
    return ReviewStatus.ACTIVE if review.dates.commissioned else ReviewStatus.NOT_STATED


def local_figures(period: ReportingPeriod, active: Sequence[Review],
                  published: Sequence[Review], themes: dict[str, Theme],
                  disagreements: list[Disagreement] | None = None,
                  themes_needed: bool = True) -> LocalReviewFigures:
    """Figures for the reviews worked on in a period, and those published in it."""
    recorded = period.recorded
    given = (recorded.reviews if recorded else None) or RecordedReviews()
    where = ("recorded", "reviews")
    whole_set = not given.incomplete and (given.total is None or given.total == len(active))
    merge = Reconciler(where, whole_set)
    signed = [r for r in active if r.dates.completed is not None
              and period.holds(r.dates.completed)]
    raised = [themes[t].name for review in active for t in themes_raised(review)
              if themes_needed]
    stages = [stage_at(review, period) for review in active]
    own: list[Disagreement] = []
    figures = LocalReviewFigures(
        worked_on=merge.count("total", given.total, len(active), len(active), "reviews"),
        by_type=merge.tally("by_type", given.by_type, (r.type for r in active),
                            list(ReviewType), "reviews"),
        by_status=merge.tally("by_status", given.by_status, stages,
                              [*PublicationStatus, *ReviewStatus], "reviews"),
        signed_off=merge.count("signed_off", given.signed_off, len(signed), len(signed),
                               "reviews signed off"),
        published_count=merge.count("published", given.published, len(published),
                                    len(published), "reviews published"),
        methodologies=_named_other(
            merge.tally("methodologies", given.methodologies,
                        (r.methodology for r in active), list(Methodology), "reviews"),
            [r.methodology_detail if r.is_published else None for r in active
             if r.methodology is Methodology.OTHER]),
        joint=merge.tally("joint", given.joint, (j.kind for r in active for j in r.joint_with),
                          list(JointKind), "joint reviews"),
        recommendations=merge.count(
            "recommendations", given.recommendations,
            sum(r.recommendation_count for r in signed), sum(r.recommendation_count
                                                            for r in signed),
            "recommendations"),
        children=child_figures(period, active, given.children, whole_set, where, "reviews",
                               own),
        published=tuple(sorted((r for r in published if r.is_published),
                               key=lambda r: (r.publication.date or PartialDate(0), r.id))),
        themes=Tally(tuple(sorted(Counter(raised).items(), key=lambda kv: (-kv[1], kv[0])))),
        costs=_costs(given, active, merge),
        notes=tuple(given.notes),
        marked=frozenset(merge.recorded),
    )
    if disagreements is not None:
        disagreements += merge.disagreements + own
    return figures


def _named_other(tally: Tally, names: Sequence[str | None]) -> Tally:
    """`tally` with its "other" row naming the methodologies it stands for.

    `names` holds one entry for each review counted as "other": its name where the review
    is published, else None. An unpublished review counts but lends no words to the page.
    """
    known = sorted({name for name in names if name})
    unnamed = sum(1 for name in names if not name)
    other = Methodology.OTHER.label
    if not known or other not in dict(tally.rows):
        return tally
    label = f"{other}: {'; '.join(known)}"
    if unnamed:
        label += f", and {unnamed} not named here"
    return Tally(tuple((label if row == other else row, count) for row, count in tally.rows),
                 tally.named_only, tally.named)


def _costs(given: RecordedReviews, active: Sequence[Review],
           merge: Reconciler) -> tuple[Money, Money] | None:
    if given.cost_from is not None and given.cost_to is not None:
        merge.recorded.add("costs")
        return given.cost_from, given.cost_to
    return cost_range(r.cost for r in active)


def cost_range(costs: Iterable[Money | None]) -> tuple[Money, Money] | None:
    known = [cost for cost in costs if cost is not None]
    if not known:
        return None
    return min(known, key=lambda c: c.amount), max(known, key=lambda c: c.amount)


