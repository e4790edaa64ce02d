"""Annual report figures: everything a report says that can be worked out from the records.

A review falls into a reporting period by its dates: a rapid review by the day it was held;
any other review is *worked on* in every period its span (from referral or commissioning to
completion or publication, open-ended while neither) overlaps, and *published* in the period
holding its publication date. Unpublished records count here, as numbers only; the prose
gathered for a report (learning points, evidence of impact) comes from published reviews.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from generator.compute.mentions import themes_raised
from generator.memo import KeptWhileSame
from generator.models import (
    AgeBand,
    Budget,
    Child,
    ChildOutcome,
    Dataset,
    DecisionOutcome,
    JointKind,
    LearningPoint,
    Money,
    PanelView,
    PartialDate,
    Recommendation,
    ReportingPeriod,
    Review,
    ReviewType,
    Sex,
    Statistic,
    Theme,
    YesNoUnknown,
)

UNKNOWN = "Unknown"
AUDIENCES = (("practitioners", "For practitioners"), ("managers", "For managers"),
             ("system", "For the safeguarding system"))


@dataclass(frozen=True)
class Tally:
    """A breakdown: (label, count) rows in a fixed order, unknowns last."""

    rows: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.rows)

    def get(self, label: str) -> int:
        return dict(self.rows).get(label, 0)


@dataclass(frozen=True)
class ChildFigures:
    recorded: bool  # every review lists its children; if not, counts are incomplete
    total: int
    families: int
    died: int
    under_1: int
    under_5: int
    aged_13_plus: int
    age_bands: Tally
    sex: Tally
    ethnicity: Tally
    csc_involvement: Tally


@dataclass(frozen=True)
class RapidReviewFigures:
    """Counts over a period's rapid reviews; None where some records do not say."""

    held: int
    recommended_cspr: int | None
    referral_sources: Tally
    joint_with_neighbours: int
    concerning_a_death: int | None
    panel_views: Tally
    panel_agreed: int | None
    children: ChildFigures

    @property
    def referral_source_count(self) -> int | None:
        """How many different sources referred; None if some referrals are not recorded."""
        labels = [label for label, _ in self.referral_sources.rows]
        return None if UNKNOWN in labels else len(labels)


@dataclass(frozen=True)
class LocalReviewFigures:
    worked_on: int
    by_type: Tally
    children: ChildFigures
    published: tuple[Review, ...]
    themes: Tally


@dataclass(frozen=True)
class LearningGroup:
    """Learning points for one audience, grouped under the first theme each raises."""

    heading: str
    themes: tuple[tuple[str, tuple[tuple[LearningPoint, Review], ...]], ...]


@dataclass(frozen=True)
class ImpactItem:
    recommendation: Recommendation
    review: Review
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class StatisticFigure:
    statistic: Statistic
    previous: int | None
    change: int | None  # per cent, computed when both figures are held, else as stated


@dataclass(frozen=True)
class RatioFigure:
    text: str
    value: Decimal


@dataclass(frozen=True)
class BudgetTotals:
    income: int
    expenditure: int
    surplus: int
    reserves_balance: int


@dataclass(frozen=True)
class PeriodFigures:
    period: ReportingPeriod
    previous: ReportingPeriod | None
    rapid: RapidReviewFigures
    previous_rapid: RapidReviewFigures | None
    local: LocalReviewFigures
    previous_local: LocalReviewFigures | None
    learning: tuple[LearningGroup, ...]
    impact: tuple[ImpactItem, ...]
    costs: tuple[Money, Money] | None
    statistics: tuple[StatisticFigure, ...]
    ratios: tuple[RatioFigure, ...]
    budget: BudgetTotals | None
    history: tuple[tuple[str, int], ...]  # rapid reviews held in each period so far


def period_figures(dataset: Dataset) -> tuple[PeriodFigures, ...]:
    """Figures for every reporting period, oldest first."""
    periods = sorted(dataset.periods, key=lambda p: (p.first_day, p.last_day))
    themes = {theme.id: theme for theme in dataset.themes}
    placing = Placing.of(dataset.reviews)
    named = tuple(themes.values())
    # Each period's figures are worked out once, though a period is also the one before the
    # next and part of every later period's history. A running process (`mkdocs serve`)
    # keeps them while the period and the reviews placed in it are the very same records,
    # so an edit to one review works out again only the years that review is counted in.
    rapid, local, learning = {}, {}, {}
    for period in periods:
        held, active = placing.rapid_reviews_in(period), placing.worked_on(period)
        published = placing.published_in(period)
        rapid[period.id] = _KEPT.get(("rapid", period.id), ((period, *held), ()),
                                     partial(rapid_figures, held))
        local[period.id] = _KEPT.get(("local", period.id),
                                     ((period, *active, *published, *named), ()),
                                     partial(local_figures, active, published, themes))
        learning[period.id] = _KEPT.get(("learning", period.id),
                                        ((period, *published, *named), ()),
                                        partial(learning_of_the_year, published, themes))
    figures = []
    for index, period in enumerate(periods):
        previous = previous_period(periods, period)
        figures.append(PeriodFigures(
            period=period,
            previous=previous,
            rapid=rapid[period.id],
            previous_rapid=rapid[previous.id] if previous else None,
            local=local[period.id],
            previous_local=local[previous.id] if previous else None,
            learning=learning[period.id],
            impact=impact_in(placing, period),
            costs=cost_range(r.cost for r in placing.worked_on(period)),
            statistics=statistic_figures(period, previous),
            ratios=ratio_figures(period),
            budget=budget_totals(period.budget) if period.budget else None,
            history=tuple((p.title, rapid[p.id].held) for p in periods[:index + 1]),
        ))
    return tuple(figures)


_KEPT: KeptWhileSame[tuple[str, str], Any] = KeptWhileSame()
"""Each period's figures of each kind, kept with the records they were worked out from."""


def previous_period(periods: Sequence[ReportingPeriod],
                    period: ReportingPeriod) -> ReportingPeriod | None:
    """The period that ended most recently before `period` began."""
    earlier = [p for p in periods if p.last_day < period.first_day]
    return max(earlier, key=lambda p: p.last_day, default=None)


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
            if review.type is ReviewType.RAPID_REVIEW:
                if review.dates.rapid_review is not None:
                    rapid.append((review, review.dates.rapid_review))
            elif (active := span(review)) is not None:
                spans.append((review, *active))
            if review.is_published:
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
        return [review for review, when in self.published
                if when is not None and period.holds(when)]


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


def tally(values: Iterable[str], order: Sequence[str] = ()) -> Tally:
    """Count `values`, listing `order` first (when present), then the rest, `Unknown` last."""
    counts = Counter(values)
    rest = sorted(label for label in counts if label not in order and label != UNKNOWN)
    labels = [label for label in order if counts[label]] + rest
    if counts[UNKNOWN]:
        labels.append(UNKNOWN)
    return Tally(tuple((label, counts[label]) for label in labels))


def child_figures(reviews: Sequence[Review]) -> ChildFigures:
    children: list[Child] = [child for review in reviews for child in review.children]
    families = {(review.id, child.family) for review in reviews for child in review.children}
    bands = [child.band for child in children]
    return ChildFigures(
        recorded=all(review.children for review in reviews),
        total=len(children),
        families=len(families),
        died=sum(child.outcome is ChildOutcome.DIED for child in children),
        under_1=sum(band is AgeBand.UNDER_1 for band in bands),
        under_5=sum(band in (AgeBand.UNDER_1, AgeBand.AGE_1_4) for band in bands),
        aged_13_plus=sum(band in (AgeBand.AGE_13_15, AgeBand.AGE_16_17, AgeBand.AGE_18_PLUS)
                         for band in bands),
        age_bands=tally((band.label if band else UNKNOWN for band in bands),
                        [band.label for band in AgeBand]),
        sex=tally((UNKNOWN if c.sex is Sex.UNKNOWN else c.sex.label for c in children),
                  [Sex.FEMALE.label, Sex.MALE.label]),
        ethnicity=tally(child.ethnicity.label if child.ethnicity else UNKNOWN
                        for child in children),
        csc_involvement=tally(
            (UNKNOWN if c.csc_involvement is YesNoUnknown.UNKNOWN else c.csc_involvement.label
             for c in children), [YesNoUnknown.YES.label, YesNoUnknown.NO.label]),
    )


def rapid_figures(held: Sequence[Review]) -> RapidReviewFigures:
    """Figures for the rapid reviews held in a period."""
    decisions = [r.decision for r in held]
    decided = all(decisions)
    outcomes_known = all(r.children and all(c.outcome is not ChildOutcome.UNKNOWN
                                            for c in r.children) for r in held)
    return RapidReviewFigures(
        held=len(held),
        recommended_cspr=sum(d is not None and d.outcome is DecisionOutcome.CSPR
                             for d in decisions) if decided else None,
        referral_sources=tally(r.referral_source.label if r.referral_source else UNKNOWN
                               for r in held),
        joint_with_neighbours=sum(any(j.kind is JointKind.NEIGHBOURING_PARTNERSHIP
                                      for j in r.joint_with) for r in held),
        concerning_a_death=sum(any(c.outcome is ChildOutcome.DIED for c in r.children)
                               for r in held) if outcomes_known else None,
        panel_views=tally((d.panel_view.label if d else UNKNOWN for d in decisions),
                          [view.label for view in PanelView]),
        panel_agreed=sum(d is not None and d.panel_view is PanelView.AGREED
                         for d in decisions) if decided else None,
        children=child_figures(held),
    )


def local_figures(active: Sequence[Review], published: Sequence[Review],
                  themes: dict[str, Theme]) -> LocalReviewFigures:
    """Figures for the reviews worked on in a period, and those published in it."""
    raised = [themes[t].name for review in active for t in themes_raised(review)]
    return LocalReviewFigures(
        worked_on=len(active),
        by_type=tally((r.type.label for r in active), [kind.label for kind in ReviewType]),
        children=child_figures(active),
        published=tuple(sorted(published,
                               key=lambda r: (r.publication.date or PartialDate(0), r.id))),
        themes=Tally(tuple(sorted(Counter(raised).items(), key=lambda kv: (-kv[1], kv[0])))),
    )


def learning_of_the_year(published: Sequence[Review],
                         themes: dict[str, Theme]) -> tuple[LearningGroup, ...]:
    """The learning points of the reviews published in a period, by audience and theme."""
    groups = []
    for audience, heading in AUDIENCES:
        by_theme: dict[str, list[tuple[LearningPoint, Review]]] = {}
        for review in published:
            for point in getattr(review.learning_points, audience):
                name = themes[point.themes[0]].name if point.themes else "Other learning"
                by_theme.setdefault(name, []).append((point, review))
        if by_theme:
            ordered = sorted(by_theme.items(), key=lambda kv: (kv[0] == "Other learning", kv[0]))
            groups.append(LearningGroup(heading, tuple((name, tuple(items))
                                                       for name, items in ordered)))
    return tuple(groups)


def impact_in(placing: Placing, period: ReportingPeriod) -> tuple[ImpactItem, ...]:
    """Evidence of change dated in the period (undated evidence: its review's publication)."""
    items = []
    for review, published in placing.with_impact:
        for recommendation in review.recommendations:
            evidence = tuple(impact.text for impact in recommendation.impact
                             if (when := impact.date or published) is not None
                             and period.holds(when))
            if evidence:
                items.append(ImpactItem(recommendation, review, evidence))
    return tuple(items)


def cost_range(costs: Iterable[Money | None]) -> tuple[Money, Money] | None:
    known = [cost for cost in costs if cost is not None]
    if not known:
        return None
    return min(known, key=lambda c: c.amount), max(known, key=lambda c: c.amount)


def percent_change(previous: int, current: int) -> int | None:
    if previous == 0:
        return None
    change = (Decimal(current - previous) * 100 / previous)
    return int(change.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def statistic_figures(period: ReportingPeriod,
                      previous: ReportingPeriod | None) -> tuple[StatisticFigure, ...]:
    before = {s.id: s.value for s in previous.statistics} if previous else {}
    figures = []
    for statistic in period.statistics:
        earlier = before.get(statistic.id)
        change = statistic.stated_change
        if earlier is not None and statistic.value is not None:
            change = percent_change(earlier, statistic.value)
        figures.append(StatisticFigure(statistic, earlier, change))
    return tuple(figures)


def ratio_value(period: ReportingPeriod, numerator: str, denominator: str) -> Decimal | None:
    values = {s.id: s.value for s in period.statistics}
    top, bottom = values.get(numerator), values.get(denominator)
    if top is None or not bottom:
        return None
    return (Decimal(top) / bottom).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def ratio_figures(period: ReportingPeriod) -> tuple[RatioFigure, ...]:
    figures = []
    for ratio in period.ratios:
        value = ratio_value(period, ratio.numerator, ratio.denominator) or ratio.stated
        if value is not None:
            figures.append(RatioFigure(ratio.text, value))
    return tuple(figures)


def budget_totals(budget: Budget) -> BudgetTotals:
    income = sum(line.amount for group in budget.income for line in group.lines)
    expenditure = sum(line.amount for line in budget.expenditure)
    surplus = income - expenditure
    return BudgetTotals(income=income, expenditure=expenditure, surplus=surplus,
                        reserves_balance=budget.reserves_brought_forward + surplus
                        - budget.drawdown)

