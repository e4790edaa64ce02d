"""The publication gate: decides, once and before anything is written, what may be published.

A record is published only when its status is `published` and its publication date has
come by the day the site is built as of (`generator/as_of.py`: the day of the build, unless
something fixes it). An embargoed
record is turned into an unpublished one here, so every later stage, page and figure treats
it exactly like any other unpublished record: counted, never shown.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from generator.as_of import as_of
from generator.memo import KeptWith
from generator.models import Briefing, Dataset, Publication, PublicationStatus, Review


def as_of_day(dataset: Dataset) -> date:
    """The day the site is built as of (see `generator.as_of`)."""
    return as_of(dataset.partnership).day


def embargoed(publication: Publication, as_of: date) -> bool:
    return (publication.status is PublicationStatus.PUBLISHED and publication.date is not None
            and publication.date.first_day > as_of)


def _withheld(publication: Publication) -> Publication:
    return publication.model_copy(update={"status": PublicationStatus.UNPUBLISHED})


def gate(dataset: Dataset, as_of: date) -> Dataset:
    """`dataset` with every record still under embargo on `as_of` made unpublished."""
    reviews: list[Review] = [_gated(review, as_of) for review in dataset.reviews]
    briefings: list[Briefing] = [_gated(briefing, as_of) for briefing in dataset.briefings]
    return dataset.model_copy(update={"reviews": reviews, "briefings": briefings,
                                      "as_of": as_of})


def _gated(record: RecordT, as_of: date) -> RecordT:
    """The record, or its unpublished copy while it is under embargo.

    The copy is kept with the record: a running process (`mkdocs serve`) then hands later
    stages the very same object on every build, as it does every unchanged record, and the
    pages and figures made from it are not worked out again.
    """
    if not embargoed(record.publication, as_of):
        return record
    key = (type(record).__name__, record.id, as_of)
    copy = _WITHHELD.get(key, record, lambda: record.model_copy(
        update={"publication": _withheld(record.publication)}))
    return copy  # type: ignore[return-value]


RecordT = TypeVar("RecordT", Review, Briefing)
_WITHHELD: KeptWith[tuple[str, str, date], Review | Briefing] = KeptWith(limit=20_000)
