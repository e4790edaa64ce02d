"""The statutory clocks, on England's real calendar.

Each case is a date a partnership could meet: Easter, Christmas and New Year falling on a
weekend, the bank holidays moved for VE Day and the Platinum Jubilee, the Queen's funeral,
the Coronation, and the six months from a decision made on the last day of August.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from generator.compute.clocks import (
    CLOCKS,
    LOCAL_REVIEW,
    NOTIFICATION,
    RAPID_REVIEW,
    ClockResult,
    ClockTally,
    Outcome,
    clock_figures,
    clock_result,
    clock_results,
    is_working_day,
    months_after,
    under_clock_regimes,
    working_day_after,
    working_days_between,
)
from generator.models import Regime, Review


def rapid(name: str = "rr", **dates: str) -> Review:
    return Review.model_validate({"id": name, "type": "rapid-review", "title": "A rapid review",
                                  "dates": dates})


def local(name: str = "cspr", published: str | None = None, **fields: Any) -> Review:
    publication = {"status": "published", "date": published} if published else {}
    return Review.model_validate({"id": name, "type": "cspr", "title": "A review",
                                  "publication": publication, **fields})


def notification(aware: str, notified: str) -> ClockResult:
    return clock_result(rapid(aware=aware, notified=notified), NOTIFICATION, applies=True)


# --- Working days ----------------------------------------------------------------------------


def test_the_start_is_day_0_and_the_first_working_day_after_it_day_1() -> None:
    monday, friday = date(2021, 3, 1), date(2021, 3, 5)
    assert working_days_between(monday, monday) == 0
    assert working_days_between(monday, friday) == 4
    assert working_days_between(friday, date(2021, 3, 8)) == 1  # the weekend does not count
    assert working_days_between(friday, date(2021, 3, 6)) == 0  # nor does the Saturday
    # Aware on a Saturday: the Monday is day 1.
    assert working_days_between(date(2021, 3, 6), date(2021, 3, 8)) == 1
    assert working_days_between(friday, monday) == -4


@pytest.mark.parametrize(("day", "working"), [
    (date(2019, 4, 19), False), (date(2019, 4, 22), False),  # Good Friday, Easter Monday 2019
    (date(2020, 5, 4), True), (date(2020, 5, 8), False),  # May Day moved to VE Day
    (date(2021, 12, 27), False), (date(2021, 12, 28), False),  # for Christmas on a weekend
    (date(2022, 1, 3), False),  # for New Year's Day on a Saturday
    (date(2022, 5, 30), True), (date(2022, 6, 2), False), (date(2022, 6, 3), False),  # Jubilee
    (date(2022, 9, 19), False),  # the Queen's funeral
    (date(2023, 5, 8), False),  # the Coronation
    (date(2023, 3, 17), True),  # St Patrick's Day is Northern Ireland's, not England's
    (date(2023, 8, 7), True),  # Scotland's summer holiday, not England's
])
def test_englands_bank_holidays_are_not_working_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_counting_agrees_with_walking_the_calendar_day_by_day() -> None:
    chooser = random.Random(14)
    for _ in range(300):
        start = date(2018, 1, 1) + timedelta(days=chooser.randrange(8 * 365))
        end = start + timedelta(days=chooser.randrange(200))
        walked = sum(is_working_day(start + timedelta(days=offset))
                     for offset in range(1, (end - start).days + 1))
        assert working_days_between(start, end) == walked, (start, end)
        if walked:
            assert working_days_between(start, working_day_after(start, walked)) == walked


# --- Notification: 5 working days from awareness -------------------------------------------


@pytest.mark.parametrize(("aware", "fifth", "sixth"), [
    ("2019-04-18", "2019-04-29", "2019-04-30"),  # Easter 2019: Good Friday and Easter Monday
    ("2021-12-24", "2022-01-05", "2022-01-06"),  # 27, 28 December and 3 January substituted
    ("2020-05-07", "2020-05-15", "2020-05-18"),  # VE Day, Friday 8 May 2020
    ("2022-05-31", "2022-06-09", "2022-06-10"),  # the Jubilee, 2 and 3 June 2022
    ("2022-09-16", "2022-09-26", "2022-09-27"),  # the Queen's funeral, Monday 19 September
    ("2023-04-28", "2023-05-09", "2023-05-10"),  # May Day 1 May, the Coronation 8 May 2023
])
def test_the_fifth_working_day_is_met_and_the_sixth_missed(aware: str, fifth: str,
                                                          sixth: str) -> None:
    met = notification(aware, fifth)
    assert (met.outcome, met.taken, str(met.due)) == (Outcome.MET, 5, fifth)
    missed = notification(aware, sixth)
    assert (missed.outcome, missed.taken, str(missed.due)) == (Outcome.MISSED, 6, fifth)


def test_a_notification_on_the_day_of_awareness_is_met_in_0_days() -> None:
    result = notification("2022-06-01", "2022-06-01")
    assert (result.outcome, result.taken) == (Outcome.MET, 0)


# --- Rapid review: 15 working days, from awareness (2018) or notification (2023) -------------


def test_under_2018_the_rapid_review_clock_runs_from_awareness() -> None:
    # Aware Thursday 18 April 2019; Easter takes two days and May Day (6 May) one: the 15th
    # working day is Tuesday 14 May.
    review = rapid(aware="2019-04-18", notified="2019-04-25", rapid_review="2019-05-14")
    assert review.under is Regime.WT2018
    result = clock_result(review, RAPID_REVIEW, applies=True)
    assert (result.outcome, result.taken, result.due) == (Outcome.MET, 15, date(2019, 5, 14))
    late = clock_result(rapid(aware="2019-04-18", notified="2019-04-25",
                              rapid_review="2019-05-15"), RAPID_REVIEW, applies=True)
    assert (late.outcome, late.taken) == (Outcome.MISSED, 16)


def test_under_2023_the_rapid_review_clock_runs_from_the_notification() -> None:
    # Notified Thursday 7 March 2024: the 15th working day is Thursday 28 March, the day
    # before Good Friday; the next working day is Tuesday 2 April, after Easter Monday.
    review = rapid(aware="2024-03-01", notified="2024-03-07", rapid_review="2024-03-28")
    assert review.under is Regime.WT2023
    result = clock_result(review, RAPID_REVIEW, applies=True)
    assert (result.outcome, result.taken, result.due) == (Outcome.MET, 15, date(2024, 3, 28))
    late = clock_result(rapid(aware="2024-03-01", notified="2024-03-07",
                              rapid_review="2024-04-02"), RAPID_REVIEW, applies=True)
    assert (late.outcome, late.taken) == (Outcome.MISSED, 16)
    # From awareness it would have been 20 working days: the start matters.
    assert working_days_between(date(2024, 3, 1), date(2024, 3, 28)) == 19


# --- Local review: six calendar months from the decision ------------------------------------


@pytest.mark.parametrize(("decided", "due"), [
    (date(2021, 8, 31), date(2022, 2, 28)),
    (date(2023, 8, 31), date(2024, 2, 29)),  # a leap year
    (date(2024, 2, 29), date(2024, 8, 29)),
    (date(2021, 9, 30), date(2022, 3, 30)),
    (date(2021, 12, 31), date(2022, 6, 30)),
    (date(2022, 7, 15), date(2023, 1, 15)),  # across the new year
])
def test_six_months_is_the_corresponding_day_or_the_months_last(decided: date,
                                                                due: date) -> None:
    assert months_after(decided, 6) == due


def test_a_local_review_published_on_the_last_day_of_six_months_meets_it() -> None:
    met = clock_result(local(published="2022-02-28", dates={"decided": "2021-08-31"}),
                       LOCAL_REVIEW, applies=True)
    assert (met.outcome, met.taken, met.due) == (Outcome.MET, 181, date(2022, 2, 28))
    missed = clock_result(local(published="2022-03-01", dates={"decided": "2021-08-31"}),
                          LOCAL_REVIEW, applies=True)
    assert (missed.outcome, missed.taken) == (Outcome.MISSED, 182)


def test_a_local_review_takes_its_decision_date_from_the_rapid_review_it_follows() -> None:
    held = rapid("rr-1", aware="2021-08-02", rapid_review="2021-08-20", decided="2021-08-31")
    review = local(published="2022-03-01", follows="rr-1")
    results = clock_results([held, review], LOCAL_REVIEW)
    assert [(result.review.id, result.outcome, result.due) for result in results] == [
        ("cspr", Outcome.MISSED, date(2022, 2, 28))]


# --- Not recorded, not applicable ------------------------------------------------------------


@pytest.mark.parametrize(("review", "clock"), [
    (rapid(notified="2022-06-01"), NOTIFICATION),  # no awareness date
    (rapid(aware="2022-06-01"), NOTIFICATION),  # not notified (yet)
    (rapid(aware="2022-06", notified="2022-07-30"), NOTIFICATION),  # a month, however late
    (rapid(aware="2022-06-01", notified="2022-Q4"), NOTIFICATION),
    (rapid(aware="2021-summer", rapid_review="2022-06-01"), RAPID_REVIEW),
    (local(published="2023-06", dates={"decided": "2021-08-31"}), LOCAL_REVIEW),
    (local(dates={"decided": "2021-08-31"}), LOCAL_REVIEW),  # not published
    (local(published="2022-03-01", dates={"decided": "2021"}), LOCAL_REVIEW),
])
def test_a_missing_or_coarse_date_is_not_recorded_never_a_breach(review: Review,
                                                                clock: Any) -> None:
    assert clock_result(review, clock, applies=True).outcome is Outcome.NOT_RECORDED


def test_the_due_date_is_known_once_the_start_is_known_to_the_day() -> None:
    result = clock_result(rapid(aware="2022-09-16"), NOTIFICATION, applies=True)
    assert (result.outcome, result.taken, result.due) == (
        Outcome.NOT_RECORDED, None, date(2022, 9, 26))


def test_clocks_apply_only_under_working_together_2018_and_2023() -> None:
    late = rapid(aware="2022-06-01", notified="2022-06-30")
    assert clock_result(late, NOTIFICATION, applies=False).outcome is Outcome.NOT_APPLICABLE
    assert under_clock_regimes(late)
    board = local(published="2019-12-02", regime="wt2015", dates={"decided": "2019-01-07"})
    assert not under_clock_regimes(board)
    assert not under_clock_regimes(local(published="2018-06-28",
                                         dates={"decided": "2018-01-05"}))
    assert under_clock_regimes(local(dates={"decided": "2018-06-29"}))
    # A clock times only its kind of record.
    assert clock_result(late, LOCAL_REVIEW, applies=True).outcome is Outcome.NOT_APPLICABLE


# --- The figures a report shows --------------------------------------------------------------


def test_figures_count_each_clock_over_the_reviews_it_applies_to() -> None:
    reviews = [
        rapid("a", aware="2022-09-16", notified="2022-09-26", rapid_review="2022-10-07"),
        rapid("b", aware="2022-09-16", notified="2022-09-27", rapid_review="2022-10-11"),
        rapid("c", aware="2022-09", notified="2022-09-27"),
        rapid("d", aware="2023-04-28", notified="2023-05-09", rapid_review="2023-05-19"),
        rapid("e", notified="2023-05-09"),
        local("f", published="2022-02-28", dates={"decided": "2021-08-31"}),
        local("g", published="2022-03", dates={"decided": "2021-08-31"}),
        local("h", published="2017-05-02", regime="wt2015", dates={"decided": "2016-11-01"}),
    ]
    figures = clock_figures(reviews)
    assert [tally.clock for tally in figures.tallies] == list(CLOCKS)
    assert figures.notification == ClockTally(NOTIFICATION, met=2, missed=1, not_recorded=2)
    assert figures.notification.wording == "2 of 5 met; 1 missed, 2 not recorded"
    assert figures.rapid_review == ClockTally(RAPID_REVIEW, met=2, missed=1, not_recorded=2)
    assert figures.local_review == ClockTally(LOCAL_REVIEW, met=1, not_recorded=1,
                                              not_applicable=1)
    assert figures.local_review.wording == "1 of 2 met; 1 not recorded"


def test_the_predicate_decides_which_reviews_count() -> None:
    reviews = [rapid("a", aware="2022-09-16", notified="2022-09-26"),
               rapid("b", aware="2022-09-16", notified="2022-10-26")]
    figures = clock_figures(reviews, applies=lambda review: review.id == "a")
    assert figures.notification == ClockTally(NOTIFICATION, met=1, not_applicable=1)
    assert figures.notification.wording == "1 of 1 met"
    assert clock_figures([]).local_review.wording == "none to count"


def test_figures_read_as_a_report_says_them() -> None:
    assert ClockTally(NOTIFICATION, met=3, not_recorded=2).wording == "3 of 5 met; 2 not recorded"
    assert ClockTally(NOTIFICATION, met=4, missed=1).wording == "4 of 5 met; 1 missed"
    assert NOTIFICATION.limit_text == "5 working days"
    assert LOCAL_REVIEW.limit_text == "6 months"
