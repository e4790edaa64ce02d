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
    shared_themes: dict[str, tuple[SharedTheme, ...]]
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
    shared = {review.id: tuple(_shared(theme, reviews_by_theme[theme.id], review)
                               for theme in raised[review.id])
              for review in published}
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


def _newest_first(review: Review) -> tuple[int, str]:
    date = review.publication.date
    return (-date.first_day.toordinal() if date else 0, review.name.lower())
