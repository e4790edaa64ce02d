"""The recommendations tracker: every published recommendation, its owner and its progress.

Counts are worked out here, never typed. "Overdue" is judged against the day the site is
built as of (the publication gate's, `generator/as_of.py`), so that one build judges every
recommendation by the same day, and a build pinned to a day gives the same pages again.
Recommendations of unpublished reviews reach only the count `not_published`: no text of
theirs is kept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from generator.as_of import as_of as built_as_of
from generator.models import (
    Dataset,
    PartialDate,
    Recommendation,
    RecommendationStatus,
    Review,
    Scope,
    Theme,
)
from generator.models.fields import slugify

LISTED = 100
"""The most recommendations the tracker page lists itself, so it stays small at any scale."""

FINISHED = frozenset({RecommendationStatus.COMPLETED, RecommendationStatus.SUPERSEDED})
"""Statuses that end a recommendation's life: it can no longer be overdue."""

NOT_RECORDED = RecommendationStatus.NOT_STATED
"""The status of a recommendation whose progress the data does not give."""




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
    def status_recorded(self) -> bool:
        return self.recommendation.status is not NOT_RECORDED

    @property
    def scope(self) -> str:
        """Its scope as readers say it: `local`, `national` or `local and national`."""
        return scope_words(self.recommendation.scopes)

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
    def heading(self) -> str:
        if self.kind == "owner":
            return f"Recommendations owned by {self.label}"
        if self.kind == "theme":
            return f"Recommendations on {self.label}"
        if self.slug == NOT_RECORDED.value:
            return "Recommendations with no status recorded"
        return f"Recommendations: {self.label}"

    @property
    def overdue(self) -> int:
        return sum(item.overdue for item in self.items)

    @property
    def no_status(self) -> int:
        return sum(not item.status_recorded for item in self.items)

    @property
    def no_owner(self) -> int:
        return sum(item.owner is None for item in self.items)

    @property
    def unrecorded(self) -> tuple[tuple[str, int], ...]:
        """What some of the listed recommendations have no record of, with how many: said
        once on the page instead of on each line. The page's own subject is left out (a
        status page needs no word on status), and two gaps that cover every recommendation
        are said as one (`status or owner`)."""
        gaps = tuple((what, count) for what, count in (("status", self.no_status),
                                                       ("owner", self.no_owner))
                     if count and what != self.kind)
        if len(gaps) == 2 and all(count == len(self.items) for _, count in gaps):
            return (("status or owner", len(self.items)),)
        return gaps


@dataclass(frozen=True)
class Tracker:
    build_date: date
    """The day the site is built as of: recommendations due before it are overdue."""
    items: tuple[TrackedRecommendation, ...]
    by_status: tuple[TrackerFilter, ...]
    """One per status that some recommendation has, in the order work moves through them:
    a status no recommendation has gets no page, so nothing links to an empty one."""
    by_owner: tuple[TrackerFilter, ...]
    by_theme: tuple[TrackerFilter, ...]
    not_published: int
    """Recommendations of reviews not yet published: counted, never shown."""
    no_owner: int
    due_dated: int
    """How many recommendations have a due date: with none, the tracker says nothing about
    what is overdue."""
    unrecorded: tuple[str, ...]
    """What no recommendation has recorded (`owner`, `theme`, `due date`, `action`,
    `evidence of impact`): said once for the whole page, never as a zero on every entry."""
    usual_scope: str
    """The scope more than half the recommendations have, in words (empty if none has): said
    once, and on an entry only where its own scope differs."""

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
    def unrecorded_words(self) -> str:
        """`unrecorded` as one phrase: `due date, action or evidence of impact`."""
        *rest, last = self.unrecorded or ("",)
        return f"{', '.join(rest)} or {last}" if rest else last

    @property
    def scope_varies(self) -> bool:
        return any(item.scope != self.usual_scope for item in self.items)

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


def is_overdue(recommendation: Recommendation, as_of: date) -> bool:
    """Due before `as_of` (the due date's last possible day has passed) and not finished."""
    due = recommendation.due
    return (due is not None and due.last_day < as_of
            and recommendation.status not in FINISHED)


def compute_tracker(dataset: Dataset, published: Iterable[Review]) -> Tracker:
    """The tracker over `published` (newest review first); other reviews only counted."""
    # The gate's day; a dataset computed without the gate (as some tests do) takes its own.
    as_of = dataset.as_of or built_as_of(dataset.partnership).day
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

    status_items: dict[RecommendationStatus, list[TrackedRecommendation]] = defaultdict(list)
    for item in items:
        status_items[item.recommendation.status].append(item)
    by_status = tuple(
        TrackerFilter("status", status.value, status.label, tuple(status_items[status]))
        for status in RecommendationStatus if status_items[status])

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
    recommendations = [item.recommendation for item in items]
    unrecorded = tuple(what for what, found in (
        ("owner", by_owner), ("theme", by_theme),
        ("due date", any(r.due is not None for r in recommendations)),
        ("action", any(r.actions for r in recommendations)),
        ("evidence of impact", any(r.impact for r in recommendations))) if items and not found)
    # A scope is "usual" only if most recommendations have it; otherwise every entry says its own.
    scopes = [scope for scope, count in Counter(item.scope for item in items).most_common(1)
              if count * 2 > len(items)]
    return Tracker(build_date=as_of, items=items,
                   by_status=by_status, by_owner=by_owner, by_theme=by_theme,
                   not_published=not_published,
                   no_owner=sum(item.owner is None for item in items),
                   due_dated=sum(r.due is not None for r in recommendations),
                   unrecorded=unrecorded, usual_scope=scopes[0] if scopes else "")


def scope_words(scopes: Iterable[Scope]) -> str:
    """`[LOCAL, NATIONAL]` -> `local and national`."""
    return " and ".join(scope.label.lower() for scope in scopes)


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
