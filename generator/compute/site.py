"""What every page needs: the published reviews, their themes, and the totals.

Templates only lay out what is computed here. Unpublished records (every rapid review, and
any review not yet published) never reach a page's prose: only the counts in `Totals`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from generator.compute.briefings import published_briefings
from generator.compute.facets import Facets, compute_facets
from generator.compute.mentions import themes_raised
from generator.compute.reports import PeriodFigures, period_figures
from generator.compute.themes import ThemeHub, compute_hub
from generator.compute.tracker import Tracker, compute_tracker
from generator.models import (
    Briefing,
    Dataset,
    GlossaryTerm,
    Guidance,
    Partnership,
    Report,
    ReportingPeriod,
    Review,
    ReviewType,
    Theme,
)

NEWEST_ON_HOME = 5
SHARED_SHOWN = 3
"""Other reviews named beside each shared theme on a learning summary."""
RELATED_SHOWN = 5
"""Related reviews listed on a learning summary: the others sharing most themes with it."""


@dataclass(frozen=True)
class ThemeUse:
    """A theme with the published reviews that raise it, newest first."""

    theme: Theme
    reviews: tuple[Review, ...]

    @property
    def latest(self) -> Review | None:
        return self.reviews[0] if self.reviews else None


class SharedTheme(NamedTuple):
    """On a review's page: one of its themes, and the other published reviews raising it.

    A named tuple: one is made for every theme of every review, and a tuple is the cheapest.
    """

    theme: Theme
    others: tuple[Review, ...]
    """The newest few others (SHARED_SHOWN): the theme's listing has the rest, so a summary's
    size does not grow with the number of reviews (nationally a theme has hundreds)."""
    more: int = 0
    """How many other reviews raise the theme beyond those in `others`."""


class RelatedReview(NamedTuple):
    """On a review's page: another published review that raises some of the same themes."""

    review: Review
    themes: tuple[Theme, ...]
    """The themes both raise, in the order the page's own review first mentions them."""


class ThemesInCommon(NamedTuple):
    """What a learning summary says about the themes its review shares with others."""

    shared: tuple[SharedTheme, ...]
    """Its themes that at least one other published review raises, with the newest of those."""
    alone: tuple[Theme, ...]
    """Its themes that no other published review raises yet: named once, in one line."""
    related: tuple[RelatedReview, ...]
    """The other published reviews sharing most themes with it, most first, then newest
    first (at most RELATED_SHOWN)."""


@dataclass(frozen=True)
class Totals:
    """Aggregate figures over every record, published or not."""

    reviews: int
    published: int
    by_type: tuple[tuple[ReviewType, int], ...]


@dataclass(frozen=True)
class ReportPage:
    """One report of a period, with the figures of the partnership it counts."""

    report: Report
    figures: PeriodFigures
    guidance: Guidance | None
    """The edition of the guidance it answers (`answers`), or else the one its period was
    under: for its criteria and the items a yearly report holds."""

    @property
    def period(self) -> ReportingPeriod:
        return self.figures.period


@dataclass(frozen=True)
class Site:
    partnership: Partnership
    published: tuple[Review, ...]
    themes: tuple[ThemeUse, ...]
    shared_themes: dict[str, ThemesInCommon]
    """Each published review's themes in common with the others, by review id."""
    totals: Totals
    briefings: tuple[Briefing, ...]
    tracker: Tracker
    hub: ThemeHub
    glossary: tuple[GlossaryTerm, ...]
    reports: tuple[PeriodFigures, ...]
    """Every period's figures for the site's own partnership, oldest first."""
    report_pages: tuple[ReportPage, ...]
    """Every report of every period, oldest period first, in each period's order."""
    facets: Facets
    """The published reviews by partnership, year, type, theme and child's age."""

    @property
    def newest(self) -> tuple[Review, ...]:
        return self.published[:NEWEST_ON_HOME]

    @property
    def latest_reports(self) -> ReportingPeriod | None:
        """The most recent period that has an annual report, for the home page."""
        return max((page.period for page in self.report_pages), key=lambda p: p.last_day,
                   default=None)


def compute(dataset: Dataset) -> Site:
    published = tuple(sorted((r for r in dataset.reviews if r.is_published),
                             key=_newest_first))
    themes_by_id = {theme.id: theme for theme in dataset.themes}
    raised = {review.id: [themes_by_id[t] for t in themes_raised(review)] for review in published}

    # Gathered in one pass over the reviews, newest first, rather than one pass per theme.
    raising: dict[str, list[Review]] = {theme.id: [] for theme in dataset.themes}
    for review in published:
        for theme in raised[review.id]:
            raising[theme.id].append(review)
    uses = tuple(ThemeUse(theme, tuple(raising[theme.id]))
                 for theme in sorted(dataset.themes, key=lambda t: t.name.lower()))
    reviews_by_theme = {use.theme.id: use.reviews for use in uses}
    related = _related(published, raised)
    shared = {review.id: ThemesInCommon(
        shared=tuple(_shared(theme, reviews_by_theme[theme.id], review)
                     for theme in raised[review.id] if len(reviews_by_theme[theme.id]) > 1),
        alone=tuple(theme for theme in raised[review.id]
                    if len(reviews_by_theme[theme.id]) == 1),
        related=related[review.id]) for review in published}
    type_counts = Counter(review.type for review in dataset.reviews)
    totals = Totals(reviews=len(dataset.reviews), published=len(published),
                    by_type=tuple((kind, type_counts[kind]) for kind in ReviewType
                                  if type_counts[kind]))
    briefings = published_briefings(dataset)
    tracker = compute_tracker(dataset, published)
    hub = compute_hub(dataset, published, reviews_by_theme, briefings, tracker)
    return Site(partnership=dataset.partnership, published=published, themes=uses,
                shared_themes=shared, totals=totals, briefings=briefings, tracker=tracker,
                hub=hub, glossary=tuple(sorted(dataset.glossary, key=lambda t: t.term.lower())),
                reports=(reports := period_figures(dataset)),
                report_pages=_report_pages(dataset, reports),
                facets=compute_facets(dataset.partnership.name, published, raised))


def _report_pages(dataset: Dataset,
                  reports: tuple[PeriodFigures, ...]) -> tuple[ReportPage, ...]:
    scoped: dict[str | None, dict[str, PeriodFigures]] = {
        None: {figures.period.id: figures for figures in reports}}
    guidance = {edition.id: edition for edition in dataset.guidance}
    pages = []
    for figures in reports:
        for report in figures.period.reports:
            if report.partnership not in scoped:
                scoped[report.partnership] = {f.period.id: f for f in period_figures(
                    dataset, report.partnership)}
            # The guidance it answers; else, for its criteria, the edition of its period.
            edition = guidance.get(report.answers or figures.period.under.value)
            pages.append(ReportPage(report, scoped[report.partnership][figures.period.id],
                                    edition))
    return tuple(pages)


def _shared(theme: Theme, raising: tuple[Review, ...], review: Review) -> SharedTheme:
    # Only the first few others are needed, so the list is not copied for every review.
    others = tuple(other for other in raising[:SHARED_SHOWN + 1]
                   if other.id != review.id)[:SHARED_SHOWN]
    return SharedTheme(theme, others, more=len(raising) - 1 - len(others))


def _related(published: tuple[Review, ...], raised: dict[str, list[Theme]],
             ) -> dict[str, tuple[RelatedReview, ...]]:
    """For each published review, the others sharing most themes with it (RelatedReview).

    Counting the shared themes of every pair of reviews one by one (a set intersection per
    pair) takes N² steps in Python: 3.1 s for the 1,701 published reviews of 3,000 synthetic
    ones, four times all the rest of `compute`, on every build and every preview rebuild.
    So the counting is done on bit sets instead: review i is bit i (the newest is bit 0),
    each theme is the set of reviews raising it, and a review's counts against every other
    are the sum of its themes' sets, kept as binary digits in "planes" (plane p holds bit p
    of every count).
    Adding a theme is then a few operations on whole sets, and the same 1,700 reviews take
    0.07 s. tests/test_learning_summary.py checks it against the plain count.
    """
    raising: dict[str, int] = {}
    for index, review in enumerate(published):
        for theme in raised[review.id]:
            raising[theme.id] = raising.get(theme.id, 0) | 1 << index
    theme_ids = [{theme.id for theme in raised[review.id]} for review in published]
    related: dict[str, tuple[RelatedReview, ...]] = {}
    for index, review in enumerate(published):
        themes = raised[review.id]
        planes = _bit_sum([raising[theme.id] for theme in themes])
        others = _most(planes, len(themes), ~(1 << index), RELATED_SHOWN)
        related[review.id] = tuple(
            RelatedReview(published[other], tuple(theme for theme in themes
                                                  if theme.id in theme_ids[other]))
            for other in others)
    return related


def _bit_sum(sets: list[int]) -> list[int]:
    """How many of `sets` hold each member, as bit planes: plane p is the set of members
    whose count has bit p set (binary addition with a carry, on every member at once)."""
    planes: list[int] = []
    for carry in sets:
        for place, plane in enumerate(planes):
            planes[place], carry = plane ^ carry, plane & carry
            if not carry:
                break
        if carry:
            planes.append(carry)
    return planes


def _most(planes: list[int], highest: int, among: int, limit: int) -> list[int]:
    """Up to `limit` members of `among` with the highest counts in `planes` (at least 1, at
    most `highest`), highest first, and lowest member first among equal counts."""
    found: list[int] = []
    for count in range(highest, 0, -1):
        if count >> len(planes):
            continue  # more than the planes can hold: nobody has this count
        members = among
        for place, plane in enumerate(planes):
            members &= plane if count >> place & 1 else ~plane
        while members and len(found) < limit:
            lowest = members & -members
            found.append(lowest.bit_length() - 1)
            members ^= lowest
        if len(found) == limit:
            break
    return found


def _newest_first(review: Review) -> tuple[int, str]:
    date = review.publication.date
    return (-date.first_day.toordinal() if date else 0, review.name.lower())
