"""Annual report figures: everything a report says that can be worked out from the records.

Where each review counts, and the figures of the cases themselves, are in `compute.cases`;
this module adds the learning and impact of the year, statistics, ratios and the budget.
The prose gathered for a report (learning points, evidence of impact) comes only from
published reviews.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from generator.compute.cases import (
    LocalReviewFigures,
    Placing,
    RapidReviewFigures,
    local_figures,
    rapid_figures,
)
from generator.compute.clocks import ClockFigures, clock_figures
from generator.memo import KeptWhileSame
from generator.models import (
    Budget,
    Dataset,
    LearningPoint,
    Recommendation,
    ReportingPeriod,
    Review,
    Statistic,
    Theme,
)

AUDIENCES = (("practitioners", "For practitioners"), ("managers", "For managers"),
             ("system", "For the safeguarding system"))


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
    statistics: tuple[StatisticFigure, ...]
    ratios: tuple[RatioFigure, ...]
    budget: BudgetTotals | None
    clocks: ClockFigures
    """The statutory timescales, over the cases considered and the reviews published."""
    history: tuple[tuple[str, int], ...]  # rapid reviews held in each period so far


def whose(reviews: Sequence[Review], partnership: str) -> list[Review]:
    """The reviews a partnership's reports count: its own, and those that name no other
    partnership (a site of one partnership names none)."""
    return [r for r in reviews if r.partnership is None or r.partnership == partnership]


def period_figures(dataset: Dataset, partnership: str | None = None,
                   ) -> tuple[PeriodFigures, ...]:
    """Figures for every reporting period, oldest first, over the reviews of `partnership`
    (by default the site's own: see `whose`)."""
    periods = sorted(dataset.periods, key=lambda p: (p.first_day, p.last_day))
    themes = {theme.id: theme for theme in dataset.themes}
    scope = partnership or dataset.partnership.name
    placing = Placing.of(whose(dataset.reviews, scope))
    named = tuple(themes.values())
    # Each period's figures are worked out once, though a period is also the one before the
    # next and part of every later period's history. A running process (`mkdocs serve`)
    # keeps them while the period and the reviews placed in it are the very same records,
    # so an edit to one review works out again only the years that review is counted in.
    rapid, local, learning, clocks = {}, {}, {}, {}
    for period in periods:
        held, active = placing.rapid_reviews_in(period), placing.worked_on(period)
        published = placing.published_in(period)
        clocks[period.id] = _KEPT.get(("clocks", period.id, scope),
                                      ((period, *held, *published), ()),
                                      partial(clock_figures, (*held, *published)))
        rapid[period.id] = _KEPT.get(("rapid", period.id, scope), ((period, *held), ()),
                                     partial(rapid_figures, period, held))
        local[period.id] = _KEPT.get(("local", period.id, scope),
                                     ((period, *active, *published, *named), ()),
                                     partial(local_figures, period, active, published, themes))
        learning[period.id] = _KEPT.get(("learning", period.id, scope),
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
            statistics=statistic_figures(period, previous),
            ratios=ratio_figures(period),
            budget=budget_totals(period.budget) if period.budget else None,
            clocks=clocks[period.id],
            history=tuple((p.title, held) for p in periods[:index + 1]
                          if (held := rapid[p.id].held) is not None),
        ))
    return tuple(figures)


_KEPT: KeptWhileSame[tuple[str, str, str], Any] = KeptWhileSame()
"""Each period's figures of each kind, kept with the records they were worked out from."""


def previous_period(periods: Sequence[ReportingPeriod],
                    period: ReportingPeriod) -> ReportingPeriod | None:
    """The period that ended most recently before `period` began."""
    earlier = [p for p in periods if p.last_day < period.first_day]
    return max(earlier, key=lambda p: p.last_day, default=None)


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

