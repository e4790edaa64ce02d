"""The statutory clocks: was a serious incident notified, rapid-reviewed and reviewed in time?

Under Working Together 2018 and 2023 three clocks run from dates a review's record holds:

- **notification**: the local authority notifies the Child Safeguarding Practice Review Panel
  within 5 working days of becoming aware of a serious incident (`dates.aware` to
  `dates.notified`). Children Act 2004 s16C and Working Together, as partnerships quote it:
  "must notify the Panel of any event that meets the criteria within 5 working days of
  becoming aware that the incident has occurred" (St Helens Safeguarding Children
  Partnership, sthelenssafeguarding.org.uk; North East Lincolnshire's procedures, 2024).
- **rapid review**: a rapid review within 15 working days. Where the 15 days start changed:
  Working Together 2018, as Trafford Safeguarding Partnership quotes it, has the rapid review
  "completed within 15 working days of safeguarding partners becoming aware of the incident"
  (`dates.aware`); Working Together 2023, as Cambridgeshire and Peterborough's partnership
  quotes it, has it "within 15 working days, calculated from the date that the notification
  was sent to the Panel" (`dates.notified`). Both are the partnerships' quotations: the
  primary texts were not to hand, so the starts are kept in `CLOCKS`, in one place.
- **local review**: the Panel expects a local child safeguarding practice review to be
  completed and published within six months of the decision to hold it (`dates.decided` to
  `publication.date`). Six calendar months by the corresponding date rule of English law
  (Dodds v Walker, House of Lords, 1981): the clock ends on the same day of the month six
  months on, or on that month's last day where it has no such day, so a decision on 31 August
  must be met by 28 February (29 February in a leap year).

Working days are Monday to Friday less England's bank holidays, substitute days included (the
`holidays` library's calendar for England, which has the one-off days too: the 2022 Jubilee,
the Queen's funeral, the Coronation). The day a clock starts is day 0 and the first working day
after it is day 1, whatever day the clock starts on: awareness on a Friday, notification on the
following Friday is 5 working days, met; on the Monday after, 6, missed.

A clock is only as good as its dates: a missing date, or one known only to the month, quarter,
season or year, gives "not recorded", never a breach. Clocks apply only to records under
Working Together 2018 or 2023; the reports show each clock's figures as "3 of 5 met; 2 not
recorded".
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

import holidays

from generator.models import PartialDate, Regime, Review, ReviewType
from generator.models.dates import Precision


class Unit(StrEnum):
    WORKING_DAYS = "working days"
    MONTHS = "months"


class Outcome(StrEnum):
    MET = "met"
    MISSED = "missed"
    NOT_RECORDED = "not recorded"
    """A date the clock needs is missing, or not known to the day."""
    NOT_APPLICABLE = "not applicable"
    """The record is not under Working Together 2018 or 2023, or not of the clock's kind."""


@dataclass(frozen=True)
class Clock:
    """One statutory time limit: from one of a review's dates to another."""

    name: str
    """What the clock times, as a reader says it: `notification`."""
    limit: int
    unit: Unit
    start: str
    """The `dates` field the clock runs from."""
    end: str
    """The `dates` field it runs to, or `publication` for the publication date."""
    kinds: frozenset[ReviewType]
    """The kinds of record that hold the clock's dates."""
    start_from_2023: str | None = None
    """Where Working Together 2023 moved the start, if it did."""

    def starts_at(self, regime: Regime) -> str:
        """The `dates` field the clock runs from under `regime`."""
        if regime is Regime.WT2023 and self.start_from_2023 is not None:
            return self.start_from_2023
        return self.start

    @property
    def limit_text(self) -> str:
        """`5 working days`, `6 months`."""
        return f"{self.limit} {self.unit}"


RAPID = frozenset({ReviewType.RAPID_REVIEW})
LOCAL = frozenset({ReviewType.CSPR})
"""The six months are the Panel's expectation of a local child safeguarding practice review;
other local reviews (partnership learning reviews, serious case reviews) are not timed."""

NOTIFICATION = Clock("notification", 5, Unit.WORKING_DAYS, "aware", "notified", RAPID)
RAPID_REVIEW = Clock("rapid review", 15, Unit.WORKING_DAYS, "aware", "rapid_review", RAPID,
                     start_from_2023="notified")
LOCAL_REVIEW = Clock("local review", 6, Unit.MONTHS, "decided", "publication", LOCAL)
CLOCKS = (NOTIFICATION, RAPID_REVIEW, LOCAL_REVIEW)

CLOCK_REGIMES = frozenset({Regime.WT2018, Regime.WT2023})


def under_clock_regimes(review: Review) -> bool:
    """Whether the clocks apply to `review`: it was held under Working Together 2018 or 2023,
    as stated in `regime`, or else by its earliest date (on or after 29 June 2018)."""
    return review.under in CLOCK_REGIMES


# --- Working days ----------------------------------------------------------------------------


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in `year` that fall on a weekday (a substitute day is the
    weekday; the Saturday Christmas it stands for is a weekend anyway)."""
    calendar_year = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in calendar_year if day.weekday() < 5)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`: `start` is day 0, the first
    working day after it day 1. Negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start)
    weeks, rest = divmod((end - start).days, 7)
    weekdays = weeks * 5 + sum((start.weekday() + offset) % 7 < 5
                               for offset in range(1, rest + 1))
    holidays_between = sum(start < day <= end for year in range(start.year, end.year + 1)
                           for day in _bank_holidays(year))
    return weekdays - holidays_between


def working_day_after(start: date, count: int) -> date:
    """The `count`th working day after `start` (day 0): the last day a clock of `count`
    working days is met on."""
    day = start
    for _ in range(count):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def months_after(start: date, months: int) -> date:
    """The corresponding date `months` calendar months on, or that month's last day where it
    has no such day: 31 August 2021 and six months is 28 February 2022."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


# --- One review, one clock ------------------------------------------------------------------


@dataclass(frozen=True)
class ClockResult:
    """How one review did against one clock."""

    clock: Clock
    review: Review
    outcome: Outcome
    taken: int | None = None
    """How long it took: working days for a working-day clock, calendar days for six months;
    None unless both dates are known to the day."""
    due: date | None = None
    """The last day that meets the clock, once its start is known to the day."""


def _on(review: Review, field: str, decided_by: dict[str, Review]) -> PartialDate | None:
    """The date a clock reads from `review`. A local review that does not give its own
    decision date takes the one the rapid review it follows gives: that is the decision."""
    if field == "publication":
        return review.publication.date if review.publication.published else None
    when: PartialDate | None = getattr(review.dates, field)
    if when is None and field == "decided" and review.follows in decided_by:
        when = decided_by[review.follows].dates.decided
    return when


def clock_result(review: Review, clock: Clock, applies: bool,
                 decided_by: dict[str, Review] | None = None) -> ClockResult:
    """How `review` did against `clock`. `applies` says whether the clocks apply to it (see
    `under_clock_regimes`); `decided_by` holds, by id, the rapid reviews local reviews may
    follow, whose decision date stands in for a local review's own."""
    if not applies or review.type not in clock.kinds:
        return ClockResult(clock, review, Outcome.NOT_APPLICABLE)
    dates = decided_by or {}
    start = _on(review, clock.starts_at(review.under), dates)
    end = _on(review, clock.end, dates)
    if start is None or start.precision is not Precision.DAY:
        return ClockResult(clock, review, Outcome.NOT_RECORDED)
    began = start.first_day
    if clock.unit is Unit.WORKING_DAYS:
        due = working_day_after(began, clock.limit)
    else:
        due = months_after(began, clock.limit)
    if end is None or end.precision is not Precision.DAY or end.first_day < began:
        # An end before the start contradicts itself: `check` reports such dates.
        return ClockResult(clock, review, Outcome.NOT_RECORDED, due=due)
    ended = end.first_day
    taken = (working_days_between(began, ended) if clock.unit is Unit.WORKING_DAYS
             else (ended - began).days)
    return ClockResult(clock, review, Outcome.MET if ended <= due else Outcome.MISSED,
                       taken=taken, due=due)


# --- Every review, every clock --------------------------------------------------------------


@dataclass(frozen=True)
class ClockTally:
    """How the reviews a clock applies to did against it."""

    clock: Clock
    met: int = 0
    missed: int = 0
    not_recorded: int = 0
    not_applicable: int = 0
    """Records of the clock's kind held under earlier guidance: not counted."""

    @property
    def counted(self) -> int:
        return self.met + self.missed + self.not_recorded

    @property
    def wording(self) -> str:
        """As a report says it: `3 of 5 met; 2 not recorded`, `2 of 4 met; 1 missed, 1 not
        recorded`."""
        if not self.counted:
            return "none to count"
        rest = [f"{count} {words}" for count, words in
                ((self.missed, "missed"), (self.not_recorded, "not recorded")) if count]
        return f"{self.met} of {self.counted} met" + (f"; {', '.join(rest)}" if rest else "")


@dataclass(frozen=True)
class ClockFigures:
    notification: ClockTally
    rapid_review: ClockTally
    local_review: ClockTally

    @property
    def tallies(self) -> tuple[ClockTally, ...]:
        return self.notification, self.rapid_review, self.local_review


def clock_results(reviews: Iterable[Review], clock: Clock,
                  applies: Callable[[Review], bool] = under_clock_regimes,
                  ) -> tuple[ClockResult, ...]:
    """Every review of the clock's kind, against it."""
    reviews = tuple(reviews)
    decided_by = {review.id: review for review in reviews
                  if review.type is ReviewType.RAPID_REVIEW}
    return tuple(clock_result(review, clock, applies(review), decided_by)
                 for review in reviews if review.type in clock.kinds)


def clock_figures(reviews: Sequence[Review],
                  applies: Callable[[Review], bool] = under_clock_regimes) -> ClockFigures:
    """For each clock, how many of the reviews it applies to met it, missed it, or do not
    record the dates to tell. `applies` says which reviews the clocks apply to; by default
    those held under Working Together 2018 or 2023."""
    tallies = []
    for clock in CLOCKS:
        outcomes = [result.outcome for result in clock_results(reviews, clock, applies)]
        tallies.append(ClockTally(clock, met=outcomes.count(Outcome.MET),
                                  missed=outcomes.count(Outcome.MISSED),
                                  not_recorded=outcomes.count(Outcome.NOT_RECORDED),
                                  not_applicable=outcomes.count(Outcome.NOT_APPLICABLE)))
    return ClockFigures(*tallies)
