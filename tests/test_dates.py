"""Dates of any precision: days, months, calendar quarters, seasons and years.

What an editor writes, what the model makes of it (its first and last day, its precision, how
a reader sees it), what it refuses and in which words, how dates sort and place in reporting
periods, and how the order of a review's dates is checked when they are coarse.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import pickle
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from pydantic import TypeAdapter, ValidationError

from conftest import FIXTURE_DATA, edit, problems
from generator.load import load_file, load_text
from generator.models import Partnership, ReportingPeriod, Review
from generator.models.dates import PartialDate, Precision, When
from generator.validate import load_dataset
from generator.validate_dates import check_dates

WHEN = TypeAdapter(When)


def parse(text: str | int) -> PartialDate:
    return WHEN.validate_python(text)


def refusal(text: str) -> str:
    """The message an editor reads for `text`."""
    with pytest.raises(ValidationError) as caught:
        parse(text)
    errors = caught.value.errors()
    assert len(errors) == 1
    return str(errors[0]["msg"])


# --- What each form means ------------------------------------------------------------------


@pytest.mark.parametrize(("written", "canonical", "precision", "first", "last", "long"), [
    ("2021-12-15", "2021-12-15", Precision.DAY, date(2021, 12, 15), date(2021, 12, 15),
     "15 December 2021"),
    ("2024-02", "2024-02", Precision.MONTH, date(2024, 2, 1), date(2024, 2, 29),
     "February 2024"),
    ("2013", "2013", Precision.YEAR, date(2013, 1, 1), date(2013, 12, 31), "2013"),
    (2013, "2013", Precision.YEAR, date(2013, 1, 1), date(2013, 12, 31), "2013"),
    ("2016-Q1", "2016-Q1", Precision.QUARTER, date(2016, 1, 1), date(2016, 3, 31),
     "January to March 2016"),
    ("2016-Q2", "2016-Q2", Precision.QUARTER, date(2016, 4, 1), date(2016, 6, 30),
     "April to June 2016"),
    ("2016-Q3", "2016-Q3", Precision.QUARTER, date(2016, 7, 1), date(2016, 9, 30),
     "July to September 2016"),
    ("2016-Q4", "2016-Q4", Precision.QUARTER, date(2016, 10, 1), date(2016, 12, 31),
     "October to December 2016"),
    ("2016-spring", "2016-spring", Precision.SEASON, date(2016, 3, 1), date(2016, 5, 31),
     "spring 2016"),
    ("2016-summer", "2016-summer", Precision.SEASON, date(2016, 6, 1), date(2016, 8, 31),
     "summer 2016"),
    ("2016-autumn", "2016-autumn", Precision.SEASON, date(2016, 9, 1), date(2016, 11, 30),
     "autumn 2016"),
    # Winter YYYY runs into the next year; its February is a leap one in 2020.
    ("2016-winter", "2016-winter", Precision.SEASON, date(2016, 12, 1), date(2017, 2, 28),
     "winter 2016-17"),
    ("winter 2019-20", "2019-winter", Precision.SEASON, date(2019, 12, 1), date(2020, 2, 29),
     "winter 2019-20"),
    ("winter 1999/2000", "1999-winter", Precision.SEASON, date(1999, 12, 1),
     date(2000, 2, 29), "winter 1999-2000"),
])
def test_each_form_means_its_days(written: str | int, canonical: str, precision: Precision,
                                  first: date, last: date, long: str) -> None:
    when = parse(written)
    assert str(when) == canonical
    assert when.precision is precision
    assert (when.first_day, when.last_day) == (first, last)
    assert when.long == long
    # What is written back is what was read: the canonical form parses to the same date.
    assert parse(str(when)) == when
    assert WHEN.dump_python(when) == canonical


@pytest.mark.parametrize(("written", "canonical"), [
    ("Q3 2016", "2016-Q3"), ("q3 2016", "2016-Q3"), ("2016-q3", "2016-Q3"),
    ("2016 Q3", "2016-Q3"), ("  Q3   2016 ", "2016-Q3"),
    ("summer 2016", "2016-summer"), ("Summer 2016", "2016-summer"),
    ("2016-SUMMER", "2016-summer"), ("2016 Autumn", "2016-autumn"),
    ("winter 2016", "2016-winter"), ("Winter 2016-17", "2016-winter"),
    ("winter 2016/17", "2016-winter"), ("WINTER 2016-2017", "2016-winter"),
])
def test_editors_spellings_are_accepted_in_any_case(written: str, canonical: str) -> None:
    assert str(parse(written)) == canonical


FORMS = ("write it as YYYY-MM-DD (2021-12-15), YYYY-MM (2021-12), a calendar quarter YYYY-Qn "
         "(2021-Q3 is July to September), a season YYYY-spring, -summer, -autumn or -winter "
         "(2021-winter is December 2021 to February 2022) or YYYY (2021)")
NOT_A_QUARTER = ("is not a quarter: quarters are of the calendar year, Q1 (January to March) "
                 "to Q4 (October to December); a financial year's first quarter, April to "
                 "June, is Q2")


@pytest.mark.parametrize(("written", "message"), [
    ("June 2022", f"`June 2022` is not a date: {FORMS}"),
    ("fall 2016", f"`fall 2016` is not a date: {FORMS}"),
    ("2016Q3", f"`2016Q3` is not a date: {FORMS}"),
    ("Q3-2016", f"`Q3-2016` is not a date: {FORMS}"),
    ("2016-Q5", f"`2016-Q5` {NOT_A_QUARTER}"),
    ("Q0 2016", f"`Q0 2016` {NOT_A_QUARTER}"),
    ("2016-Q12", f"`2016-Q12` {NOT_A_QUARTER}"),
    ("2016-Q03", f"`2016-Q03` {NOT_A_QUARTER}"),
    ("2016-Q123", f"`2016-Q123` is not a date: {FORMS}"),
    ("winter 2016-18", "`winter 2016-18` is not a winter: a winter runs from December into the "
                       "next year's February, so write `winter 2016-17` (or `2016-winter`)"),
    ("winter 2016-2016", "`winter 2016-2016` is not a winter: a winter runs from December into "
                         "the next year's February, so write `winter 2016-17` (or "
                         "`2016-winter`)"),
    ("summer 2016-17", "`summer 2016-17` is not a season: only a winter runs into a second "
                       "year; write `summer 2016`"),
    ("0000-Q1", "`0000-Q1` is not a real date: check the year"),
    ("9999-winter", "`9999-winter` is not a real date: check the year"),
    ("2021-02-29", "`2021-02-29` is not a real date: check the month and day"),
])
def test_what_is_refused_and_in_which_words(written: str, message: str) -> None:
    assert refusal(written) == message


def test_quarters_are_said_to_be_calendar_quarters_wherever_an_editor_reads_them() -> None:
    schema = WHEN.json_schema()
    assert "calendar quarter" in schema["description"]
    assert "not a financial-year quarter" in schema["description"]
    assert "a calendar quarter YYYY-Qn" in refusal("next spring")
    assert "a financial year's first quarter, April to June, is Q2" in refusal("2016-Q0")


# --- Order, identity and the schema --------------------------------------------------------


def test_dates_sort_by_their_first_day_and_the_longest_first_among_equals() -> None:
    written = ["2016-03", "2016-01-01", "2016-spring", "2016", "2016-Q1", "2015-winter",
               "2016-01", "2016-Q2", "2016-02-29"]
    assert [str(when) for when in sorted(parse(text) for text in written)] == [
        "2015-winter", "2016", "2016-Q1", "2016-01", "2016-01-01", "2016-02-29",
        "2016-spring", "2016-03", "2016-Q2"]
    # `PartialDate(0)` stands for "no date" in sort keys, and sorts before every real one.
    assert PartialDate(0) < parse("0001-01-01") < parse("2016-Q1")
    assert parse("2016-Q3") <= parse("2016-Q3") and parse("2016-Q3") >= parse("2016-summer")
    assert parse("2016-Q3") > parse("2016-summer")
    with pytest.raises(TypeError):
        assert parse("2016-Q3") < date(2016, 7, 1)  # type: ignore[operator]


def test_dates_are_frozen_hashable_and_survive_copying() -> None:
    when = parse("Q3 2016")
    assert when == parse("2016-q3") == PartialDate(2016, part="Q3")
    assert when != parse("2016-07") and when != parse("2016-summer")
    assert {when: "kept"}[parse("2016-Q3")] == "kept"
    assert len({parse("2016-Q3"), parse("q3 2016"), parse("2016-summer")}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        when.year = 2017  # type: ignore[misc]
    assert when.long == "July to September 2016"  # cached on the instance, and still equal:
    assert pickle.loads(pickle.dumps(when)) == when == copy.deepcopy(when)
    assert dataclasses.replace(when, year=2017) == parse("2017-Q3")

    calls: list[PartialDate] = []

    @functools.cache
    def placed(day: PartialDate) -> str:
        calls.append(day)
        return str(day)

    assert placed(parse("summer 2016")) == placed(parse("2016-Summer")) == "2016-summer"
    assert len(calls) == 1


@pytest.mark.parametrize("written", [
    "2021-12-15", "2021-12", "2021", "2016-Q3", "Q3 2016", "q4 2016", "2016 Q1", "summer 2016",
    "2016-Summer", "AUTUMN 2016", "winter 2016-17", "winter 2016/2017", " 2016-spring ",
])
def test_the_editors_schema_accepts_what_the_loader_accepts(written: str) -> None:
    parse(written)
    assert list(Draft202012Validator(WHEN.json_schema()).iter_errors(written)) == []


@pytest.mark.parametrize("written", [
    "2016-Q5", "Q0 2016", "2016-Q03", "2016Q3", "June 2022", "fall 2016", "summer 2016-17",
    "2016-13",
])
def test_the_editors_schema_refuses_what_it_can_see_is_wrong(written: str) -> None:
    with pytest.raises(ValidationError):
        parse(written)
    assert list(Draft202012Validator(WHEN.json_schema()).iter_errors(written)) != []


# --- Placing a date in a reporting period -------------------------------------------------


def period(start: str, end: str) -> ReportingPeriod:
    return ReportingPeriod.model_validate({"id": "p", "title": "p", "start": start, "end": end})


def test_a_coarse_date_inside_a_period_is_placed_and_one_across_its_edge_is_not() -> None:
    year = period("2021-04-01", "2022-03-31")
    assert year.holds(parse("2021-summer")) is True
    assert year.holds(parse("2021-winter")) is True  # December 2021 to February 2022
    assert year.holds(parse("2021-Q3")) is True
    assert year.holds(parse("2022-Q1")) is True
    assert year.holds(parse("2022-spring")) is None  # March 2022 is in it, April is not
    assert year.holds(parse("2021")) is None
    assert year.holds(parse("2021-Q1")) is False
    assert year.holds(parse("2022-Q2")) is False


def test_a_season_inside_one_period_is_placed_without_a_problem(data_copy: Path) -> None:
    path = data_copy / "reviews" / "child-a.yml"
    edit(path, "commissioned: 2021-06", "commissioned: 2021-summer")
    edit(path, "completed: 2022-01", "completed: winter 2021-22")
    dataset, _ = load_dataset(data_copy)
    child_a = next(review for review in dataset.reviews if review.id == "child-a")
    assert str(child_a.dates.commissioned) == "2021-summer"
    assert child_a.dates.completed == PartialDate(2021, part="winter")


def test_a_date_across_two_periods_names_both_as_written(data_copy: Path) -> None:
    path = data_copy / "reviews" / "child-a.yml"
    edit(path, "commissioned: 2021-06", "commissioned: Spring 2022")
    edit(path, "completed: 2022-01", "completed: 2022-06")
    edit(path, "date: 2022-03-15", "date: 2022-07-01")
    assert problems(data_copy) == [
        f"{path}:10:17: dates.commissioned: `Spring 2022` could fall in 2021-22 or 2022-23: "
        "give the month or the day"]


def test_a_date_across_the_first_periods_start_says_it_may_fall_before_it(
        data_copy: Path) -> None:
    path = data_copy / "reviews" / "child-a.yml"
    edit(path, "commissioned: 2021-06", "commissioned: 2021")
    assert problems(data_copy) == [
        f"{path}:10:17: dates.commissioned: `2021` could fall in 2021-22 or before it starts "
        "(1 April 2021): give the month or the day"]


def test_a_date_across_the_last_periods_end_says_it_may_fall_after_it(data_copy: Path) -> None:
    path = data_copy / "reviews" / "cspr-2022.yml"
    edit(path, "commissioned: 2022-09", "commissioned: 2023-Q2")
    assert problems(data_copy) == [
        f"{path}:5:17: dates.commissioned: `2023-Q2` could fall in 2022-23 or after it ends "
        "(30 April 2023): give the month or the day"]


# --- The order of a review's dates ---------------------------------------------------------


def fixture_partnership() -> Partnership:
    document, _ = load_file(FIXTURE_DATA / "partnership.yml")
    assert document is not None
    return Partnership.model_validate(document.data)  # built as of 30 June 2022


def date_problems(dates: str, published: str | None = None) -> list[str]:
    publication = f"publication:\n  date: {published}\n" if published else ""
    text = f"type: cspr\ntitle: A review\n{publication}dates:\n{dates}"
    document, found = load_text(text, Path("r.yml"), "r.yml")
    assert document is not None and not found
    review = Review.model_validate({"id": "r", **document.data})
    return [str(problem) for problem in check_dates(fixture_partnership(), [review],
                                                     {"r": document})]


def test_awareness_comes_after_the_incident_and_before_the_notification() -> None:
    assert date_problems("  incident: 2021-05-01\n  aware: 2021-05-03\n"
                         "  notified: 2021-05-07\n") == []
    assert date_problems("  incident: 2021-05-01\n  aware: 2021-05-08\n"
                         "  notified: 2021-05-07\n") == [
        "r.yml:6:13: dates.notified: the notification date (7 May 2021) is before the local "
        "authority learned of the incident (8 May 2021); correct whichever is wrong"]
    assert date_problems("  incident: 2021-05-09\n  aware: 2021-05-08\n") == [
        "r.yml:5:10: dates.aware: the date the local authority learned of the incident "
        "(8 May 2021) is before the incident (9 May 2021); correct whichever is wrong"]


def test_the_decision_comes_after_the_rapid_review_and_before_commissioning() -> None:
    assert date_problems("  rapid_review: 2021-06-01\n  decided: 2021-06-01\n"
                         "  commissioned: 2021-07\n") == []
    assert date_problems("  rapid_review: 2021-06-10\n  decided: 2021-06-01\n") == [
        "r.yml:5:12: dates.decided: the decision date (1 June 2021) is before the rapid review "
        "(10 June 2021); correct whichever is wrong"]
    assert date_problems("  decided: 2021-06-10\n  commissioned: 2021-05\n") == [
        "r.yml:5:17: dates.commissioned: the commissioning date (May 2021) is before the "
        "decision whether to hold a review (10 June 2021); correct whichever is wrong"]


def test_coarse_dates_are_out_of_order_only_when_that_is_certain() -> None:
    # Overlapping spans: either could be first.
    assert date_problems("  aware: 2021-Q2\n  notified: 2021-05-03\n") == []
    assert date_problems("  decided: 2021-summer\n  commissioned: 2021-Q2\n") == []
    assert date_problems("  rapid_review: winter 2020-21\n  decided: 2021-01\n") == []
    # The later date's last day is before the earlier one's first.
    assert date_problems("  decided: 2021-Q3\n  commissioned: 2021-06-30\n") == [
        "r.yml:5:17: dates.commissioned: the commissioning date (30 June 2021) is before the "
        "decision whether to hold a review (July to September 2021); correct whichever is "
        "wrong"]
    assert date_problems("  commissioned: winter 2020-21\n  completed: 2020-autumn\n") == [
        "r.yml:5:14: dates.completed: the completion date (autumn 2020) is before the date the "
        "review was commissioned (winter 2020-21); correct whichever is wrong"]


def test_awareness_in_the_future_is_reported() -> None:
    assert date_problems("  aware: 2022-07-01\n") == [
        "r.yml:4:10: dates.aware: the date the local authority learned of the incident "
        "(1 July 2022) is in the future: it is after the date the site is built as of "
        "(30 June 2022, `site.build_date` in partnership.yml); check the year"]
    # The quarter the site is built in overlaps the build date: not in the future.
    assert date_problems("  aware: 2022-Q2\n") == []
