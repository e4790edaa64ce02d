"""Which themes a review raises, wherever in the review they are mentioned."""

from __future__ import annotations

from collections.abc import Iterator

from generator.memo import KeptWith
from generator.models import Review


def themes_raised(review: Review) -> tuple[str, ...]:
    """The ids of every theme a review raises anywhere, in order of first mention."""
    # Asked for each review by every page and by every reporting period it falls in.
    return _RAISED.get(id(review), review, lambda: tuple(dict.fromkeys(_theme_mentions(review))))


_RAISED: KeptWith[int, tuple[str, ...]] = KeptWith(limit=20_000)


def _theme_mentions(review: Review) -> Iterator[str]:
    yield from review.themes
    for finding in review.findings:
        yield from finding.themes
    for audience in (review.learning_points.practitioners, review.learning_points.managers,
                     review.learning_points.system):
        for point in audience:
            yield from point.themes
    for recommendation in review.recommendations:
        yield from recommendation.themes
