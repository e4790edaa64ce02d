"""The theme hub: for each theme, everything published that raises it, year by year.

A theme is raised by a review (anywhere in it), a finding, a learning point, a
recommendation, or a part of a briefing. Years are years of publication, so the counts show
whether a theme is new or keeps coming back. Only published reviews and briefings count.

A theme's page leads with the learning; its figures close it, and only those that say
something are kept: a year-by-year table only for more than one year and without a column of
zeros, and a pattern only when the published record spans more than one year and no such
table already shows it. The overview's table keeps only the columns in which the themes
raised differ.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from generator.compute.tracker import TrackedRecommendation, Tracker, TrackerFilter
from generator.models import (
    Briefing,
    BriefingPublication,
    BriefingSection,
    Dataset,
    Finding,
    LearningPoint,
    PanelTheme,
    Review,
    Theme,
)
from generator.models.fields import slugify

AUDIENCES = (("practitioners", "for practitioners", "for-practitioners"),
             ("managers", "for managers", "for-managers"),
             ("system", "for the safeguarding system", "for-the-safeguarding-system"))
"""Each audience of learning points: its field, how a theme page names it, and the anchor of
its heading on a learning summary."""


THEME_SHOWN = 20
"""The newest reviews, findings, learning points and recommendations a theme page lists.

Nationally a theme is raised by hundreds of reviews; its page shows the newest and counts
the rest, which are listed in full on the theme's page of learning summaries and of the
recommendations tracker, so the page's size does not grow with the data."""


@dataclass(frozen=True)
class FindingUse:
    review: Review
    number: int
    finding: Finding


@dataclass(frozen=True)
class PointUse:
    review: Review
    audience: str
    point: LearningPoint
    anchor: str
    """The anchor of the audience's heading on the review's learning summary."""


@dataclass(frozen=True)
class BriefingUse:
    """A part of a briefing that raises a theme, linked by its section's anchor."""

    briefing: Briefing
    publication: BriefingPublication | None
    section: BriefingSection | None
    detail: str | None
    """The case study or table panel inside the section, when it is one of those."""

    @property
    def anchor(self) -> str | None:
        if self.section is not None:
            return self.section.id
        return self.publication.id if self.publication is not None else None

    @property
    def label(self) -> str:
        """The part's own name: its section, and the case study or panel inside it."""
        if self.section is None:
            return self.publication.title if self.publication else self.briefing.title
        return self.section.title + (f": {self.detail}" if self.detail else "")


@dataclass(frozen=True)
class SectionMention:
    """A section of a briefing's publication that raises a theme, itself or in the case
    studies and table panels named in `details`."""

    section: BriefingSection
    details: tuple[str, ...]


@dataclass(frozen=True)
class PublicationMention:
    """A publication a briefing summarises, and its sections raising a theme (none when the
    publication as a whole raises it)."""

    publication: BriefingPublication
    sections: tuple[SectionMention, ...]


@dataclass(frozen=True)
class BriefingMention:
    """A briefing raising a theme, its publications and sections grouped, so that a page
    names each briefing and each publication once however many of its parts raise it."""

    briefing: Briefing
    publications: tuple[PublicationMention, ...]


@dataclass(frozen=True)
class PanelLink:
    """A national Panel practice theme a local theme maps to, and the briefing parts on it."""

    panel: PanelTheme
    parts: tuple[BriefingUse, ...]


YEAR_COLUMNS = (("reviews", "Reviews"), ("briefings", "Briefings"), ("findings", "Findings"),
                ("learning_points", "Learning points"), ("recommendations", "Recommendations"))
"""The counts a theme's year-by-year table can show: attribute of `YearCount`, heading."""


@dataclass(frozen=True)
class YearCount:
    year: int
    reviews: int
    briefings: int
    findings: int
    learning_points: int
    recommendations: int

    @property
    def sources(self) -> int:
        return self.reviews + self.briefings


@dataclass(frozen=True)
class ThemePage:
    """Everything one theme's page shows."""

    theme: Theme
    panel_themes: tuple[PanelLink, ...]
    reviews: tuple[Review, ...]
    findings: tuple[FindingUse, ...]
    learning_points: tuple[PointUse, ...]
    recommendations: tuple[TrackedRecommendation, ...]
    briefings: tuple[Briefing, ...]
    briefing_parts: tuple[BriefingUse, ...]
    briefing_mentions: tuple[BriefingMention, ...]
    """`briefing_parts`, grouped by briefing, publication and section."""
    per_year: tuple[YearCount, ...]
    """Oldest year first; only years in which the theme was raised."""
    pattern: str
    """`new`, `recurring`, `once` or `none`: see `pattern_label`."""
    tracker_filter: TrackerFilter | None
    over_years: bool = False
    """Whether the published reviews and briefings span more than one year: only then
    does a theme's pattern (new, recurring, raised once) tell a reader anything."""
    group_anchor: str | None = None
    """The anchor of the theme's group on the themes overview, when it has a group."""
    shown: ClassVar[int] = THEME_SHOWN

    @property
    def sources(self) -> int:
        return len(self.reviews) + len(self.briefings)

    @property
    def mentions(self) -> int:
        """Findings, learning points, recommendations and briefing parts raising the theme."""
        return (len(self.findings) + len(self.learning_points) + len(self.recommendations)
                + len(self.briefing_parts))

    @property
    def latest_year(self) -> int | None:
        return self.per_year[-1].year if self.per_year else None

    @property
    def first_year(self) -> int | None:
        return self.per_year[0].year if self.per_year else None

    @property
    def latest_review(self) -> Review | None:
        return self.reviews[0] if self.reviews else None

    @property
    def pattern_label(self) -> str:
        if self.pattern == "recurring":
            return f"Recurring: raised in {len(self.per_year)} years since {self.first_year}"
        if self.pattern == "new":
            return f"New in {self.first_year}"
        if self.pattern == "once":
            return f"Raised in {self.first_year} only"
        return "Not raised yet"

    @property
    def pattern_tells(self) -> bool:
        """Whether `pattern_label` tells a reader something: a theme not raised says so
        once, and with a single year of publications every theme raised is new."""
        return self.over_years and self.pattern != "none"

    @property
    def pattern_note(self) -> str | None:
        """The pattern as the theme's page states it, or None: a recurring theme's years
        are in its year-by-year table, so only a new theme or one raised once says it."""
        return self.pattern_label if self.pattern_tells and not self.year_columns else None

    @property
    def year_columns(self) -> tuple[tuple[str, str], ...]:
        """The year-by-year table's columns, as (attribute, heading): none when the theme
        was raised in one year or never (the lists above hold those counts), and never a
        column of zeros."""
        if len(self.per_year) < 2:
            return ()
        return tuple((name, heading) for name, heading in YEAR_COLUMNS
                     if any(getattr(count, name) for count in self.per_year))


@dataclass(frozen=True)
class ThemeGroup:
    name: str
    anchor: str
    """The id of the group's heading on the themes overview."""
    pages: tuple[ThemePage, ...]


@dataclass(frozen=True)
class Cell:
    """One cell of the themes overview's table: text, or a link to a review's summary."""

    text: str
    review: Review | None = None


@dataclass(frozen=True)
class ThemeRow:
    page: ThemePage
    cells: tuple[Cell, ...]
    """One for each of the table's `headings`."""


@dataclass(frozen=True)
class ThemeTable:
    """The themes ranked, with only the columns that tell one theme from another."""

    headings: tuple[str, ...]
    """The headings of the columns after the theme's name."""
    rows: tuple[ThemeRow, ...]


@dataclass(frozen=True)
class ThemeHub:
    pages: tuple[ThemePage, ...]
    """Alphabetical by name."""
    ranked: tuple[ThemePage, ...]
    """Most often raised first, then most recently raised, then by name."""
    groups: tuple[ThemeGroup, ...]
    latest_year: int | None
    table: ThemeTable | None = None
    """The ranked statistics, or None when no column would tell the themes apart."""

    def page(self, theme_id: str) -> ThemePage:
        return next(page for page in self.pages if page.theme.id == theme_id)


def compute_hub(dataset: Dataset, published: tuple[Review, ...],
                reviews_by_theme: dict[str, tuple[Review, ...]],
                briefings: tuple[Briefing, ...], tracker: Tracker) -> ThemeHub:
    """The hub over published reviews (newest first) and published briefings.

    `reviews_by_theme` gives, for each theme id, the published reviews raising it anywhere.
    """
    panels = {panel.id: panel for panel in dataset.panel_themes}
    years = [r.publication.date.year for r in published if r.publication.date] + [
        b.publication.date.year for b in briefings if b.publication.date]
    latest = max(years) if years else None
    over_years = len(set(years)) > 1
    uses = _Uses.of(published, tracker)
    names = list(dict.fromkeys(theme.group or OTHER_THEMES for theme in dataset.themes))
    anchors = _group_anchors(names)
    pages = tuple(_page(theme, panels, uses, reviews_by_theme.get(theme.id, ()),
                        briefings, tracker, latest, over_years,
                        anchors[theme.group] if theme.group else None)
                  for theme in sorted(dataset.themes, key=lambda t: t.name.lower()))
    ranked = tuple(sorted(pages, key=lambda p: (-p.sources, -(p.latest_year or 0),
                                                -p.mentions, p.theme.name.lower())))
    by_id = {page.theme.id: page for page in pages}
    groups = tuple(ThemeGroup(name, anchors[name], tuple(
        page for page in _in_file_order(dataset.themes, by_id)
        if (page.theme.group or OTHER_THEMES) == name)) for name in names)
    return ThemeHub(pages=pages, ranked=ranked, groups=groups, latest_year=latest,
                    table=_table(ranked))


OTHER_THEMES = "Other themes"
"""The group on the themes overview of the themes that name none."""


def _group_anchors(names: list[str]) -> dict[str, str]:
    """Each group's heading id on the themes overview: `group-` and its name as a slug,
    numbered where two names make the same slug."""
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = anchor = f"group-{slugify(name)}"
        number = 1
        while anchor in used:
            number += 1
            anchor = f"{base}-{number}"
        used.add(anchor)
        anchors[name] = anchor
    return anchors


def _table(ranked: tuple[ThemePage, ...]) -> ThemeTable | None:
    """The overview's columns that tell the themes apart, or None if none does.

    A column is kept when the themes raised differ in it, counting only the cells that say
    something: a most recent review that is always the same one, or a pattern that is the
    same for every theme raised, adds nothing to the list of themes above the table.
    """
    raised = [page for page in ranked if page.sources]
    columns: list[tuple[str, Callable[[ThemePage], Cell], Callable[[ThemePage], object]]] = [
        ("Published reviews", lambda p: Cell(str(len(p.reviews))), lambda p: len(p.reviews)),
        ("Most recent", _latest_cell, lambda p: p.latest_review and p.latest_review.id),
        ("Briefings", lambda p: Cell(str(len(p.briefings))), lambda p: len(p.briefings)),
        ("Pattern", lambda p: Cell(p.pattern_label),
         lambda p: p.pattern_label if p.pattern_tells else None),
    ]
    kept = [(heading, cell) for heading, cell, value in columns
            if len({value(page) for page in raised} - {None}) > 1]
    if not kept:
        return None
    return ThemeTable(tuple(heading for heading, _ in kept),
                      tuple(ThemeRow(page, tuple(cell(page) for _, cell in kept))
                            for page in ranked))


def _latest_cell(page: ThemePage) -> Cell:
    latest = page.latest_review
    return Cell(latest.name, latest) if latest else Cell("None yet")


def _in_file_order(themes: list[Theme], by_id: dict[str, ThemePage]) -> list[ThemePage]:
    return [by_id[theme.id] for theme in themes]


@dataclass(frozen=True)
class _Uses:
    """Each theme's findings, learning points and recommendations, gathered in one pass."""

    findings: dict[str, list[FindingUse]]
    points: dict[str, list[PointUse]]
    recommendations: dict[str, list[TrackedRecommendation]]
    years: dict[int, int | None]
    """Each published review's year of publication, by the review's id()."""

    @classmethod
    def of(cls, published: tuple[Review, ...], tracker: Tracker) -> _Uses:
        findings: dict[str, list[FindingUse]] = defaultdict(list)
        points: dict[str, list[PointUse]] = defaultdict(list)
        recommendations: dict[str, list[TrackedRecommendation]] = defaultdict(list)
        for review in published:
            for number, finding in enumerate(review.findings, start=1):
                for theme_id in dict.fromkeys(finding.themes):
                    findings[theme_id].append(FindingUse(review, number, finding))
            for audience, label, anchor in AUDIENCES:
                for point in getattr(review.learning_points, audience):
                    for theme_id in dict.fromkeys(point.themes):
                        points[theme_id].append(PointUse(review, label, point, anchor))
        for item in tracker.items:
            for theme_id in dict.fromkeys(item.recommendation.themes):
                recommendations[theme_id].append(item)
        years = {id(review): review.publication.date.year if review.publication.date else None
                 for review in published}
        return cls(findings, points, recommendations, years)


def _page(theme: Theme, panels: dict[str, PanelTheme], uses: _Uses,
          reviews: tuple[Review, ...], briefings: tuple[Briefing, ...], tracker: Tracker,
          latest: int | None, over_years: bool, group_anchor: str | None) -> ThemePage:
    findings = tuple(uses.findings.get(theme.id, ()))
    points = tuple(uses.points.get(theme.id, ()))
    recommendations = tuple(uses.recommendations.get(theme.id, ()))
    parts = tuple(use for briefing in briefings for use in _briefing_uses(briefing, theme.id))
    raising = tuple(b for b in briefings if any(use.briefing.id == b.id for use in parts))
    per_year = _per_year(reviews, raising, findings, points, recommendations, uses.years)
    years = [count.year for count in per_year]
    if not years:
        pattern = "none"
    elif len(years) > 1:
        pattern = "recurring"
    else:
        pattern = "new" if years[0] == latest else "once"
    return ThemePage(
        theme=theme, panel_themes=tuple(
            PanelLink(panels[p], tuple(_panel_uses(briefings, p)))
            for p in theme.panel_themes if p in panels),
        reviews=reviews, findings=findings, learning_points=points,
        recommendations=recommendations, briefings=raising, briefing_parts=parts,
        briefing_mentions=_mentions(parts), per_year=per_year, pattern=pattern,
        tracker_filter=tracker.for_theme(theme), over_years=over_years,
        group_anchor=group_anchor)


def _mentions(parts: tuple[BriefingUse, ...]) -> tuple[BriefingMention, ...]:
    """`parts` grouped by briefing, publication and section, each in order of first part."""
    tree: dict[str, tuple[Briefing, dict[str, tuple[
        BriefingPublication, dict[str, tuple[BriefingSection, list[str]]]]]]] = {}
    for part in parts:
        _, publications = tree.setdefault(part.briefing.id, (part.briefing, {}))
        if part.publication is None:
            continue
        _, sections = publications.setdefault(part.publication.id, (part.publication, {}))
        if part.section is None:
            continue
        _, details = sections.setdefault(part.section.id, (part.section, []))
        if part.detail and part.detail not in details:
            details.append(part.detail)
    return tuple(
        BriefingMention(briefing, tuple(
            PublicationMention(publication, tuple(
                SectionMention(section, tuple(details)) for section, details in sections.values()))
            for publication, sections in publications.values()))
        for briefing, publications in tree.values())


def _briefing_uses(briefing: Briefing, theme_id: str) -> Iterator[BriefingUse]:
    if theme_id in briefing.themes:
        yield BriefingUse(briefing, None, None, None)
    for publication in briefing.publications:
        if theme_id in publication.themes:
            yield BriefingUse(briefing, publication, None, None)
        for section in (*publication.sections, *publication.practice_themes):
            if theme_id in section.themes:
                yield BriefingUse(briefing, publication, section, None)
            for case in section.case_studies:
                if theme_id in case.themes:
                    yield BriefingUse(briefing, publication, section, f"case study, {case.title}")
            for table in section.tables:
                for panel in table.panels:
                    if theme_id in panel.themes:
                        yield BriefingUse(briefing, publication, section, panel.heading)


def _panel_uses(briefings: Iterable[Briefing], panel_id: str) -> Iterator[BriefingUse]:
    for briefing in briefings:
        for publication in briefing.publications:
            for section in (*publication.sections, *publication.practice_themes):
                if section.panel_theme == panel_id:
                    yield BriefingUse(briefing, publication, section, None)


def _year(when: object) -> int | None:
    return getattr(when, "year", None)


def _per_year(reviews: Iterable[Review], briefings: Iterable[Briefing],
              findings: tuple[FindingUse, ...], points: tuple[PointUse, ...],
              recommendations: tuple[TrackedRecommendation, ...],
              published_years: dict[int, int | None]) -> tuple[YearCount, ...]:
    def review_year(review: Review) -> int | None:
        return published_years[id(review)]

    reviews, briefings = tuple(reviews), tuple(briefings)
    years = sorted({y for y in (*map(review_year, reviews),
                                *(_year(b.publication.date) for b in briefings))
                    if y is not None})
    # Counted once per list rather than once per year: at scale that is thousands of items.
    by_review = Counter(map(review_year, reviews))
    by_briefing = Counter(_year(b.publication.date) for b in briefings)
    by_finding = Counter(review_year(f.review) for f in findings)
    by_point = Counter(review_year(p.review) for p in points)
    by_recommendation = Counter(review_year(r.review) for r in recommendations)
    return tuple(YearCount(
        year=year, reviews=by_review[year], briefings=by_briefing[year],
        findings=by_finding[year], learning_points=by_point[year],
        recommendations=by_recommendation[year])
        for year in years)
