"""Which themes a review raises, wherever in the review they are mentioned."""

from __future__ import annotations

from collections.abc import Iterator

from generator.models import Review


def themes_raised(review: Review) -> tuple[str, ...]:
    """The ids of every theme a review raises anywhere, in order of first mention."""
    # Asked for each review by every page and by every reporting period it falls in; records
    # never change once loaded, so the answer is kept with the record it is about.
    found = _RAISED.get(id(review))
    if found is not None and found[0] is review:
        return found[1]
    if len(_RAISED) > _KEPT:
        _RAISED.clear()
    themes = tuple(dict.fromkeys(_theme_mentions(review)))
    _RAISED[id(review)] = (review, themes)
    return themes


_RAISED: dict[int, tuple[Review, tuple[str, ...]]] = {}
_KEPT = 20_000


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
