"""Checks on reporting periods: stated figures must agree with the ones worked out.

A total typed into a period's file is checked against the sum of its lines, a stated change
or ratio against the one computed from the figures, so a hand-typed figure cannot drift.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from generator.compute.reports import (
    budget_totals,
    percent_change,
    previous_period,
    ratio_value,
)
from generator.errors import Problem
from generator.load import Document, Loc, key_path
from generator.models import PartialDate, Partnership, ReportingPeriod, Review, ReviewType


def check_periods(periods: Sequence[ReportingPeriod], documents: dict[str, Document],
                  partnership: Partnership | None, reviews: Sequence[Review],
                  review_documents: dict[str, Document]) -> Iterator[Problem]:
    """Every problem with the periods, and with reviews that cannot be placed in them."""
    for period in periods:
        document = documents[period.id]
        yield from _check_period(period, document, previous_period(periods, period))
    if periods:
        # Thousands of reviews share a few hundred dates: each date is placed once.
        @functools.cache
        def straddled(when: PartialDate) -> tuple[ReportingPeriod, ...]:
            """The periods `when` could fall in, earliest first, when it is too imprecise to
            be placed in or out of one of them; none when it can be placed."""
            places = [period.holds(when) for period in periods]
            if None not in places:
                return ()
            could = [period for period, held in zip(periods, places, strict=True)
                     if held is not False]
            return tuple(sorted(could, key=lambda period: period.first_day))

        for review in reviews:
            yield from _check_placement(review, review_documents[review.id], straddled)


def _problem(document: Document, loc: Loc, message: str) -> Problem:
    return document.problem(loc, f"{key_path(loc)}: {message}" if loc else message)


def _money(amount: int) -> str:
    return f"£{amount:,}"


def _check_period(period: ReportingPeriod, document: Document,
                  previous: ReportingPeriod | None) -> Iterator[Problem]:
    ids: dict[str, int] = {}
    for index, statistic in enumerate(period.statistics):
        if statistic.id in ids:
            yield _problem(document, ("statistics", index, "id"),
                           f"the id `{statistic.id}` is already used by statistics"
                           f"[{ids[statistic.id] + 1}]")
        ids.setdefault(statistic.id, index)

    earlier = {s.id: s.value for s in previous.statistics} if previous else {}
    for index, statistic in enumerate(period.statistics):
        before = earlier.get(statistic.id)
        if statistic.stated_change is None or before is None or statistic.value is None:
            continue
        computed = percent_change(before, statistic.value)
        if computed != statistic.stated_change:
            yield _problem(document, ("statistics", index, "stated_change"),
                           f"the stated change ({statistic.stated_change}%) disagrees with the "
                           f"figures: {before:,} in {previous.title if previous else ''} to "
                           f"{statistic.value:,} is {computed}%; remove `stated_change` (it is "
                           "worked out) or correct it")

    for index, ratio in enumerate(period.ratios):
        for key in ("numerator", "denominator"):
            if getattr(ratio, key) not in ids:
                yield _problem(document, ("ratios", index, key),
                               f"there is no statistic `{getattr(ratio, key)}` in this period")
        worked_out = ratio_value(period, ratio.numerator, ratio.denominator)
        if worked_out is None and ratio.stated is None:
            yield _problem(document, ("ratios", index),
                           "the ratio cannot be worked out (a figure is missing) and none is "
                           "stated: give both figures a `value`, or add `stated`")
        elif worked_out is not None and ratio.stated is not None \
                and worked_out != ratio.stated:
            yield _problem(document, ("ratios", index, "stated"),
                           f"the stated ratio ({ratio.stated}) disagrees with the figures, "
                           f"which give {worked_out}; remove `stated` or correct it")

    if period.budget is not None:
        totals = budget_totals(period.budget)
        checks = (("stated_income_total", totals.income, "the income lines add up to"),
                  ("stated_expenditure_total", totals.expenditure,
                   "the expenditure lines add up to"),
                  ("stated_reserves_balance", totals.reserves_balance,
                   "reserves brought forward, plus the surplus, less the drawdown, come to"))
        for key, computed_total, words in checks:
            stated = getattr(period.budget, key)
            if stated is not None and stated != computed_total:
                yield _problem(document, ("budget", key),
                               f"the stated total {_money(stated)} is wrong: {words} "
                               f"{_money(computed_total)}")


def _check_placement(review: Review, document: Document,
                     straddled: Callable[[PartialDate], tuple[ReportingPeriod, ...]],
                     ) -> Iterator[Problem]:
    """A review whose dates cannot be placed in a period would silently drop out of figures."""
    if review.type is ReviewType.RAPID_REVIEW:
        if review.dates.rapid_review is None:
            yield _problem(document, ("dates",) if "dates" in document.data else (),
                           "a rapid review needs `dates.rapid_review` (when it was held) so it "
                           "counts in its year's figures")
        dated: list[tuple[Loc, PartialDate | None]] = [
            (("dates", "rapid_review"), review.dates.rapid_review)]
    else:
        dated = [(("dates", key), getattr(review.dates, key))
                 for key in ("referred", "commissioned", "completed")]
        if review.is_published:
            dated.append((("publication", "date"), review.publication.date))
    for loc, when in dated:
        could = straddled(when) if when is not None else ()
        if when is not None and could:
            yield _problem(document, loc, f"`{_written(document, loc, when)}` could fall in "
                                          f"{_places(when, could)}: give the month or the day")


def _written(document: Document, loc: Loc, when: PartialDate) -> str:
    """The date as the editor wrote it (`summer 2021`), which is what they will look for."""
    value: Any = document.data
    for key in loc:
        value = value.get(key) if isinstance(value, dict) else None
    return value.strip() if isinstance(value, str) else str(when)


def _places(when: PartialDate, could: tuple[ReportingPeriod, ...]) -> str:
    """Where a date that straddles a period's edge could fall: `2020-21 or 2021-22`, or `2021-22
    or before it starts (1 April 2021)` when no period holds the rest of it."""
    first, last = could[0], could[-1]
    places = [period.title for period in could]
    if when.first_day < first.first_day:
        places.append(f"before {'it' if len(could) == 1 else first.title} starts "
                      f"({first.start.long})")
    if when.last_day > last.last_day:
        places.append(f"after {'it' if len(could) == 1 else last.title} ends "
                      f"({last.end.long})")
    return ", ".join(places[:-1]) + " or " + places[-1]
