"""The recommendations tracker: every published recommendation, its owner and its progress.

Counts are worked out here, never typed. "Overdue" is judged against the site's build date
(`site.build_date` in partnership.yml) rather than the clock, so that two builds of the same
data give the same pages. Recommendations of unpublished reviews reach only the count
`not_published`: no text of theirs is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from generator.models import (
    Dataset,
    PartialDate,
    Recommendation,
    RecommendationStatus,
    Review,
    Theme,
)

LISTED = 100
"""The most recommendations the tracker page lists itself, so it stays small at any scale."""

FINISHED = frozenset({RecommendationStatus.COMPLETED, RecommendationStatus.SUPERSEDED})
"""Statuses that end a recommendation's life: it can no longer be overdue."""


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """A web-address id made from free text: `Children's Social Care` -> `childrens-social-care`.

    Apostrophes vanish rather than split a word; accents are dropped; every other run of
    characters that are not letters or digits becomes one hyphen.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub("['\u2019]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "unnamed"


@dataclass(frozen=True)
class Owner:
    slug: str
    name: str


@dataclass(frozen=True)
class TrackedRecommendation:
    """One recommendation of a published review, with what the tracker works out about it."""

    review: Review
    recommendation: Recommendation
    number: int
    """Its place in its review, counting from 1, as the review's page numbers it."""
    owner: Owner | None
    themes: tuple[Theme, ...]
    overdue: bool

    @property
    def anchor(self) -> str:
        return f"recommendation-{self.recommendation.id}"

    @property
    def actions_done(self) -> int:
        return sum(action.done is not None for action in self.recommendation.actions)

    @property
    def heading(self) -> str:
        title = self.recommendation.title
        return f"Recommendation {self.number}" + (f": {title}" if title else "")


@dataclass(frozen=True)
class TrackerFilter:
    """A plain page listing the recommendations that share one status, owner or theme."""

    kind: str
    """`status`, `owner` or `theme`: the folder the page sits in."""
    slug: str
    label: str
    items: tuple[TrackedRecommendation, ...]

    @property
    def path(self) -> str:
        return f"recommendations/{self.kind}/{self.slug}.md"

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)


@dataclass(frozen=True)
class Tracker:
    build_date: date
    build_date_configured: bool
    items: tuple[TrackedRecommendation, ...]
    by_status: tuple[TrackerFilter, ...]
    """One per status, in the order work moves through them, including empty ones."""
    by_owner: tuple[TrackerFilter, ...]
    by_theme: tuple[TrackerFilter, ...]
    not_published: int
    """Recommendations of reviews not yet published: counted, never shown."""
    no_owner: int

    @property
    def as_of(self) -> str:
        """The build date as readers say it: `30 June 2022`."""
        return PartialDate(self.build_date.year, self.build_date.month, self.build_date.day).long

    @property
    def reviews(self) -> int:
        """How many published reviews the listed recommendations come from."""
        return len({item.review.id for item in self.items})

    @property
    def overdue(self) -> tuple[TrackedRecommendation, ...]:
        return tuple(item for item in self.items if item.overdue)

    @property
    def listed(self) -> tuple[TrackedRecommendation, ...]:
        """Every recommendation, for the tracker page: none when there are more than
        LISTED, as the status, owner and theme pages then list them a page at a time."""
        return self.items if len(self.items) <= LISTED else ()

    @property
    def overdue_listed(self) -> tuple[TrackedRecommendation, ...]:
        """The overdue recommendations the tracker page names: at most LISTED."""
        return self.overdue[:LISTED]

    @property
    def filters(self) -> tuple[TrackerFilter, ...]:
        return self.by_status + self.by_owner + self.by_theme

    def for_review(self, review: Review) -> tuple[TrackedRecommendation, ...]:
        return tuple(item for item in self.items if item.review.id == review.id)

    def for_theme(self, theme: Theme) -> TrackerFilter | None:
        return next((f for f in self.by_theme if f.slug == theme.id), None)


def build_date(dataset: Dataset) -> tuple[date, bool]:
    """The date the site is built as of, and whether it was set in the data."""
    configured = dataset.partnership.site.build_date
    if configured is None:
        return date.today(), False
    # A date given only to the month or year means "as of the end of it".
    return configured.last_day, True


def is_overdue(recommendation: Recommendation, as_of: date) -> bool:
    """Due before `as_of` (the due date's last possible day has passed) and not finished."""
    due = recommendation.due
    return (due is not None and due.last_day < as_of
            and recommendation.status not in FINISHED)


def compute_tracker(dataset: Dataset, published: Iterable[Review]) -> Tracker:
    """The tracker over `published` (newest review first); other reviews only counted."""
    as_of, configured = build_date(dataset)
    themes = {theme.id: theme for theme in dataset.themes}
    published = tuple(published)
    owners = _owners(r.owner for review in published for r in review.recommendations
                     if r.owner)
    items = tuple(
        TrackedRecommendation(
            review=review, recommendation=recommendation, number=number,
            owner=owners[recommendation.owner] if recommendation.owner else None,
            themes=tuple(themes[t] for t in dict.fromkeys(recommendation.themes)),
            overdue=is_overdue(recommendation, as_of))
        for review in published
        for number, recommendation in enumerate(review.recommendations, start=1))

    by_status = tuple(
        TrackerFilter("status", status.value, status.label,
                      tuple(item for item in items if item.recommendation.status is status))
        for status in RecommendationStatus)

    owner_items: dict[Owner, list[TrackedRecommendation]] = defaultdict(list)
    theme_items: dict[str, list[TrackedRecommendation]] = defaultdict(list)
    for item in items:
        if item.owner is not None:
            owner_items[item.owner].append(item)
        for theme in item.themes:
            theme_items[theme.id].append(item)
    # Busiest owner first, so the table reads as "who holds most of the work".
    by_owner = tuple(
        TrackerFilter("owner", owner.slug, owner.name, tuple(found))
        for owner, found in sorted(owner_items.items(),
                                   key=lambda pair: (-len(pair[1]), pair[0].name.lower())))
    by_theme = tuple(
        TrackerFilter("theme", theme.id, theme.name, tuple(theme_items[theme.id]))
        for theme in sorted(dataset.themes, key=lambda t: t.name.lower())
        if theme_items[theme.id])

    published_ids = {review.id for review in published}
    not_published = sum(len(review.recommendations) for review in dataset.reviews
                        if review.id not in published_ids)
    return Tracker(build_date=as_of, build_date_configured=configured, items=items,
                   by_status=by_status, by_owner=by_owner, by_theme=by_theme,
                   not_published=not_published,
                   no_owner=sum(item.owner is None for item in items))


def _owners(names: Iterable[str]) -> dict[str, Owner]:
    """Each owner name to its Owner; spellings that make the same slug are one owner.

    Owners are free text, so "Children's Social Care" and "Childrens social care" must not
    become two filter pages; the first spelling in alphabetical order names them both.
    """
    spellings: dict[str, set[str]] = defaultdict(set)
    for name in names:
        spellings[slugify(name)].add(name)
    owners: dict[str, Owner] = {}
    for slug, variants in spellings.items():
        owner = Owner(slug, min(variants))
        owners.update(dict.fromkeys(variants, owner))
    return owners
