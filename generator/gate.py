"""The publication gate: decides, once and before anything is written, what may be published.

A record is published only when its status is `published` and its publication date has
come by the build date (`site.build_date` in partnership.yml, else today). An embargoed
record is turned into an unpublished one here, so every later stage, page and figure treats
it exactly like any other unpublished record: counted, never shown.
"""

from __future__ import annotations

from datetime import date

from generator.models import Briefing, Dataset, Publication, PublicationStatus, Review


def build_date(dataset: Dataset) -> date:
    """The date the site is built as of."""
    configured = dataset.partnership.site.build_date
    return configured.last_day if configured else date.today()


def embargoed(publication: Publication, as_of: date) -> bool:
    return (publication.status is PublicationStatus.PUBLISHED and publication.date is not None
            and publication.date.first_day > as_of)


def _withheld(publication: Publication) -> Publication:
    return publication.model_copy(update={"status": PublicationStatus.UNPUBLISHED})


def gate(dataset: Dataset, as_of: date) -> Dataset:
    """`dataset` with every record still under embargo on `as_of` made unpublished."""
    reviews: list[Review] = [
        review.model_copy(update={"publication": _withheld(review.publication)})
        if embargoed(review.publication, as_of) else review
        for review in dataset.reviews]
    briefings: list[Briefing] = [
        briefing.model_copy(update={"publication": _withheld(briefing.publication)})
        if embargoed(briefing.publication, as_of) else briefing
        for briefing in dataset.briefings]
    return dataset.model_copy(update={"reviews": reviews, "briefings": briefings})
