"""Briefings for practitioners on national or local publications."""

from __future__ import annotations

from generator.models.dates import (
    When,
)
from generator.models.fields import (
    Flag,
    Markdown,
    Record,
    Slug,
    Text,
    Url,
)
from generator.models.reviews import (
    Publication,
    ThemeRefs,
)
from generator.models.vocabularies import (
    PublicationStatus,
)


class CaseStudy(Record):
    """An anonymised case told to illustrate a point; never one of this partnership's reviews."""

    title: Text
    text: Markdown
    themes: ThemeRefs = []


class Panel(Record):
    """One cell of a briefing's table: a heading and what sits under it."""

    heading: Text
    text: Markdown
    themes: ThemeRefs = []


class BriefingTable(Record):
    """A set of headed panels read side by side in print, such as "strengths / weaknesses"."""

    title: Text
    intro: Markdown | None = None
    panels: list[Panel]


class BriefingSection(Record):
    """A part of a publication's summary; a practice theme is one with `key_learning`."""

    id: Slug
    title: Text
    text: Markdown | None = None
    points: list[Markdown] = []
    numbered: Flag = False
    key_learning: list[Markdown] = []
    case_studies: list[CaseStudy] = []
    tables: list[BriefingTable] = []
    considerations: list[Markdown] = []
    panel_theme: Slug | None = None
    themes: ThemeRefs = []


class BriefingPublication(Record):
    """A national or local publication that a briefing summarises."""

    id: Slug
    title: Text
    publisher: Text
    date: When
    url: Url | None = None
    link_text: Text | None = None
    summary: Markdown | None = None
    key_points: list[Markdown] = []
    sections: list[BriefingSection] = []
    practice_themes: list[BriefingSection] = []
    themes: ThemeRefs = []


class Briefing(Record):
    """A briefing for practitioners on one or more publications. Its id is its file name."""

    id: Slug
    title: Text
    summary: Markdown | None = None
    audience: Text | None = None
    publication: Publication = Publication()
    introduction: Markdown | None = None
    publications: list[BriefingPublication]
    considerations: list[Markdown] = []
    themes: ThemeRefs = []

    @property
    def is_published(self) -> bool:
        return self.publication.status is PublicationStatus.PUBLISHED
