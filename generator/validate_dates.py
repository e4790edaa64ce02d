"""Checks on a review's dates: each stage comes after the ones before it, none in the future.

A review runs in order: the incident, the local authority learning of it, its notification
and referral, the rapid review, the decision whether to hold a review, the commissioning of
the review, its completion, its publication. A date before a stage that
precedes it is a typing mistake (usually the year), reported at the later date's line, which is
the one an editor most likely got wrong, naming both dates.

Dates are often known only to the month, a quarter, a season or the year, so two dates are
out of order only when that is certain: when the later one's last possible day is before the
earlier one's first. `2021` and `2021-09` overlap, as do `2021-summer` and `2021-Q3`, and
neither is before the other; `2021-Q3` is before `2021-06-30`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import NamedTuple

from generator.as_of import as_of
from generator.errors import Problem
from generator.load import Document, Loc, key_path
from generator.models import PartialDate, Partnership, Review, ReviewType

RECORD_RULE_FIELDS: dict[str, Loc] = {"period_order": ("end",)}
"""Rules the model checks on a whole record that are about one of its fields, by error type:
the problem is reported at that field's line (a period that ends before it starts, at `end`)."""


class _Stage(NamedTuple):
    loc: Loc
    order: int
    """Stages with the same order may come in either order (notification and referral)."""
    subject: str
    """The date, as the subject of a sentence."""
    event: str
    """What happened on the date, as the object of `before`."""


_STAGES = (
    _Stage(("dates", "incident"), 0, "the incident date", "the incident"),
    _Stage(("dates", "aware"), 1, "the date the local authority learned of the incident",
           "the local authority learned of the incident"),
    _Stage(("dates", "notified"), 2, "the notification date",
           "the date the incident was notified"),
    _Stage(("dates", "referred"), 2, "the referral date", "the date the case was referred"),
    _Stage(("dates", "rapid_review"), 3, "the rapid review date", "the rapid review"),
    _Stage(("dates", "decided"), 4, "the decision date",
           "the decision whether to hold a review"),
    _Stage(("dates", "commissioned"), 5, "the commissioning date",
           "the date the review was commissioned"),
    _Stage(("dates", "completed"), 6, "the completion date",
           "the date the review was completed"),
    _Stage(("publication", "date"), 7, "the publication date", "its publication"),
)

_NOT_IN_FUTURE = frozenset({("dates", "incident"), ("dates", "aware"), ("dates", "notified")})
"""Dates that cannot be after the date the site is built as of: they start a review."""
_LAST_START = max(stage.order for stage in _STAGES if stage.loc in _NOT_IN_FUTURE)
"""A review whose first date comes after every start has none that can be in the future."""


def check_dates(partnership: Partnership | None, reviews: Sequence[Review],
                documents: dict[str, Document]) -> Iterator[Problem]:
    """Every date out of order, and every start of a review in the future."""
    by_id = {review.id: review for review in reviews}
    built = _built_as_of(partnership)
    for review in reviews:
        document = documents.get(review.id)
        if document is not None:
            yield from _check_review(review, document, by_id, built)


def _built_as_of(partnership: Partnership | None) -> tuple[date, str] | None:
    """The as-of day with how to name it; None while partnership.yml is not valid."""
    if partnership is None:
        return None
    day = as_of(partnership)
    if day.source == "today":
        return day.day, f"today ({day.long})"
    return day.day, f"the date the site is built as of ({day.describe()})"


def _long(when: date) -> str:
    return PartialDate(when.year, when.month, when.day).long


def _dated(review: Review) -> list[tuple[_Stage, PartialDate]]:
    dates = review.dates
    values = (dates.incident, dates.aware, dates.notified, dates.referred, dates.rapid_review,
              dates.decided, dates.commissioned, dates.completed, review.publication.date)
    return [(stage, when) for stage, when in zip(_STAGES, values, strict=True)
            if when is not None]


def _in_order(dated: list[tuple[_Stage, PartialDate]]) -> bool:
    """Whether no date ends before one of an earlier stage begins: one pass, for nearly
    every review, before the pairs are looked at."""
    before = latest = date.min  # latest: the latest start among the stages before this one
    order = -1
    for stage, when in dated:
        if stage.order != order:
            latest, order = before, stage.order
        if when.last_day < latest:
            return False
        before = max(before, when.first_day)
    return True


def _check_review(review: Review, document: Document, by_id: dict[str, Review],
                  built: tuple[date, str] | None) -> Iterator[Problem]:
    dated = _dated(review)
    if built is not None and dated and dated[0][0].order <= _LAST_START:
        future = [(stage, when) for stage, when in dated
                  if stage.loc in _NOT_IN_FUTURE and when.first_day > built[0]]
        for stage, when in future:
            yield _problem(document, stage.loc, f"{stage.subject} ({when.long}) is in the "
                                                f"future: it is after {built[1]}; check the year")
        # Reported once: every later date is not also reported as being before it.
        dated = [pair for pair in dated if pair not in future]
    if len(dated) > 1 and not _in_order(dated):
        yield from _out_of_order(dated, document)
    if review.follows is not None:
        yield from _check_follows(review, document, by_id)


def _out_of_order(dated: list[tuple[_Stage, PartialDate]],
                  document: Document) -> Iterator[Problem]:
    pairs = [(first, second) for second in range(len(dated)) for first in range(second)
             if dated[first][0].order < dated[second][0].order
             and dated[second][1].last_day < dated[first][1].first_day]
    for index, (stage, when) in enumerate(dated):
        later = [second for first, second in pairs if first == index]
        if len(later) >= 2 and all(second != index for _, second in pairs):
            # One date after several that follow it (commissioned in 2031) is the one wrong,
            # not each of the others.
            named = [f"{dated[second][0].event} ({dated[second][1].long})" for second in later]
            events = ", ".join(named[:-1]) + " and " + named[-1]
            yield _problem(document, stage.loc, f"{stage.subject} ({when.long}) is after "
                                                f"{events}; correct whichever is wrong")
            pairs = [pair for pair in pairs if pair[0] != index]
    for index, (stage, when) in enumerate(dated):
        earlier = [dated[first] for first, second in pairs if second == index]
        if earlier:
            # The nearest stage it comes before says the most: published before completed.
            before, then = max(earlier, key=lambda pair: (pair[0].order, pair[1].first_day))
            yield _problem(document, stage.loc,
                           f"{stage.subject} ({when.long}) is before {before.event} "
                           f"({then.long}); correct whichever is wrong")


def _check_follows(review: Review, document: Document,
                   by_id: dict[str, Review]) -> Iterator[Problem]:
    """A review is commissioned after the rapid review it follows, not before it."""
    followed = by_id.get(review.follows) if review.follows else None
    commissioned = review.dates.commissioned
    if (followed is None or followed.type is not ReviewType.RAPID_REVIEW
            or commissioned is None or followed.dates.rapid_review is None):
        return
    held = followed.dates.rapid_review
    if commissioned.last_day < held.first_day:
        yield _problem(document, ("dates", "commissioned"),
                       f"the commissioning date ({commissioned.long}) is before the rapid "
                       f"review this review follows (`{followed.id}`, {held.long}); correct "
                       "whichever is wrong")


def _problem(document: Document, loc: Loc, message: str) -> Problem:
    return document.problem(loc, f"{key_path(loc)}: {message}")
