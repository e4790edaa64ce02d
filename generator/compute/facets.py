"""Facets: the published reviews grouped by partnership, year, type, theme and child's age.

Nationally the learning summaries index runs to dozens of pages, so readers narrow it one
fact at a time. Every value of every facet gets its own listing page, built ahead of time so
it works without JavaScript, and every learning summary names its own values, which the
search page offers as filters to combine. Only published reviews are grouped: a record that
is not published is neither listed nor counted here, so no facet page hints at one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator.models import AgeBand, Review, Theme
from generator.models.fields import slugify

NOT_RECORDED = "not-recorded"
"""The age value of a child whose age is not held, and of a review that names no child."""

VOCABULARY_KINDS = frozenset({"year", "type", "age"})
"""Facets whose values come from vocabularies, never from free text typed by an editor."""


def listing_path(kind: str, slug: str) -> str:
    """Where the listing of one facet value is generated: `reviews/theme/neglect.md`."""
    return f"reviews/{kind}/{slug}.md"


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet (a partnership, a year, ...) and the reviews that have it."""

    kind: str
    """The facet: the folder its pages sit in, and the search page's filter name."""
    slug: str
    label: str
    """The value as the search page's filter shows it: `2021`, `1 to 4`, `Neglect`."""
    link_text: str
    """How a link to its page reads on its own: `Published in 2021`, `Children aged 1 to 4`."""
    heading: str
    """Its page's heading: `Learning summaries published in 2021`."""
    reviews: tuple[Review, ...]
    """Newest first, as the reviews index lists them."""

    @property
    def path(self) -> str:
        return listing_path(self.kind, self.slug)

    @property
    def fact(self) -> str:
        """The value as a learning summary states it: `Child: aged 1 to 4`."""
        if self.kind != "age":
            return self.label
        return "age not recorded" if self.slug == NOT_RECORDED else f"aged {self.label.lower()}"

    @property
    def pagefind_filter(self) -> str:
        """The `data-pagefind-filter` attribute of a link to this value's page.

        A vocabulary value is written into the attribute (`year:2021`), so the link's text
        may say more. A free-text value (a partnership or theme name) never is: the attribute
        names only the filter and Pagefind takes the value from the link's text, so nothing
        an editor typed can end up inside markup.
        """
        return f"{self.kind}:{self.label}" if self.kind in VOCABULARY_KINDS else self.kind


@dataclass(frozen=True)
class Facet:
    kind: str
    heading: str
    """The overview's heading for it: `By partnership`."""
    values: tuple[FacetValue, ...]
    """Only values at least one published review has, in reading order."""


@dataclass(frozen=True)
class ReviewFacets:
    """One published review's value in each facet, for its learning summary."""

    partnership: FacetValue
    year: FacetValue
    type: FacetValue
    themes: tuple[FacetValue, ...]
    ages: tuple[FacetValue, ...]


@dataclass(frozen=True)
class Facets:
    facets: tuple[Facet, ...]
    by_review: dict[str, ReviewFacets]

    @property
    def values(self) -> tuple[FacetValue, ...]:
        """Every value of every facet: one listing each."""
        return tuple(value for facet in self.facets for value in facet.values)

    def of(self, review: Review) -> ReviewFacets:
        return self.by_review[review.id]


def compute_facets(site_partnership: str, published: Sequence[Review],
                   raised: dict[str, list[Theme]]) -> Facets:
    """The facets of `published` (newest first); `raised` maps a review id to its themes.

    A review without a `partnership` belongs to the site's own (`site_partnership`).
    """
    facets = (_partnerships(site_partnership, published), _years(published),
              _types(published), _themes(published, raised), _ages(published))
    lookup = {facet.kind: {value.slug: value for value in facet.values} for facet in facets}
    by_review = {review.id: _review_facets(review, lookup, site_partnership, raised)
                 for review in published}
    return Facets(facets, by_review)


def _review_facets(review: Review, found: dict[str, dict[str, FacetValue]],
                   site_partnership: str, raised: dict[str, list[Theme]]) -> ReviewFacets:
    """`review`'s value in each facet; `found` holds every value by facet and slug."""
    ages = found["age"]
    # In the age facet's own order (youngest first), whatever order the children come in.
    mine = set(_age_slugs(review))
    age_slugs = [slug for slug in ages if slug in mine]
    return ReviewFacets(
        partnership=found["partnership"][_partnership_slug(site_partnership, review)],
        year=found["year"][_year_slug(review)],
        type=found["type"][review.type.value],
        themes=tuple(found["theme"][theme.id] for theme in raised[review.id]),
        ages=tuple(ages[slug] for slug in age_slugs))


def _group(published: Sequence[Review],
           slugs: Callable[[Review], Iterable[str]]) -> dict[str, tuple[Review, ...]]:
    """Reviews by each slug `slugs` gives them; a review is listed once under each of its
    slugs, and the newest-first order of `published` is kept."""
    groups: dict[str, list[Review]] = defaultdict(list)
    for review in published:
        for slug in dict.fromkeys(slugs(review)):
            groups[slug].append(review)
    return {slug: tuple(reviews) for slug, reviews in groups.items()}


def _partnership_slug(site_partnership: str, review: Review) -> str:
    return slugify(review.partnership or site_partnership)


def _partnerships(site_partnership: str, published: Sequence[Review]) -> Facet:
    # Names are free text: spellings that make the same slug are one partnership, named by
    # the site's own spelling when it is one of them, else by the first alphabetically.
    spellings: dict[str, set[str]] = defaultdict(set)
    for review in published:
        name = review.partnership or site_partnership
        spellings[slugify(name)].add(name)
    names = {slug: site_partnership if site_partnership in variants else min(variants)
             for slug, variants in spellings.items()}
    groups = _group(published, lambda review: [_partnership_slug(site_partnership, review)])
    values = (FacetValue("partnership", slug, name, name, f"Learning summaries from {name}",
                         groups[slug])
              for slug, name in sorted(names.items(), key=lambda pair: pair[1].lower()))
    return Facet("partnership", "By partnership", tuple(values))


def _year_slug(review: Review) -> str:
    date = review.publication.date
    # A published review always has its date (the model insists); this only satisfies typing.
    return str(date.year) if date else NOT_RECORDED


def _years(published: Sequence[Review]) -> Facet:
    groups = _group(published, lambda review: [_year_slug(review)])
    values = (FacetValue("year", year, year, f"Published in {year}",
                         f"Learning summaries published in {year}", groups[year])
              for year in sorted(groups, reverse=True))
    return Facet("year", "By year of publication", tuple(values))


def _types(published: Sequence[Review]) -> Facet:
    groups = _group(published, lambda review: [review.type.value])
    kinds = sorted({review.type for review in published}, key=lambda kind: kind.label.lower())
    values = (FacetValue("type", kind.value, kind.label, kind.label,
                         f"Learning summaries of {kind.label[:1].lower()}{kind.label[1:]}s",
                         groups[kind.value])
              for kind in kinds)
    return Facet("type", "By type of review", tuple(values))


def _themes(published: Sequence[Review], raised: dict[str, list[Theme]]) -> Facet:
    groups = _group(published, lambda review: [theme.id for theme in raised[review.id]])
    themes = {theme.id: theme for found in raised.values() for theme in found}
    values = (FacetValue("theme", theme.id, theme.name, theme.name,
                         f"Learning summaries on {theme.name}", groups[theme.id])
              for theme in sorted(themes.values(), key=lambda theme: theme.name.lower()))
    return Facet("theme", "By theme", tuple(values))


def _age_slugs(review: Review) -> list[str]:
    bands = [child.band.value if child.band else NOT_RECORDED for child in review.children]
    return bands or [NOT_RECORDED]


def _ages(published: Sequence[Review]) -> Facet:
    groups = _group(published, _age_slugs)
    values = [FacetValue("age", band.value, band.label, f"Children aged {band.label.lower()}",
                         f"Learning summaries about children aged {band.label.lower()}",
                         groups[band.value])
              for band in AgeBand if band.value in groups]
    if NOT_RECORDED in groups:
        values.append(FacetValue("age", NOT_RECORDED, "Not recorded", "Age not recorded",
                                 "Learning summaries where the child's age is not recorded",
                                 groups[NOT_RECORDED]))
    return Facet("age", "By the child's age", tuple(values))
