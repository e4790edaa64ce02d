"""A report as data: an ordered list of sections, each a heading with prose, quotations,
links and blocks of computed figures from the catalogue in `BLOCKS`.

Any partnership writes a report of its own shape in a period's file (`reports:`), or starts
from a preset (`generator/presets/`). Prose may name a computed figure, `{figure: name}`
(see `generator/figures.py`), so that no figure is typed twice.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import BeforeValidator, model_validator
from pydantic_core import PydanticCustomError

from generator.models.dates import When
from generator.models.fields import Flag, Markdown, Record, Slug, Text, Url, _text_list
from generator.models.reviews import Link

BLOCKS: dict[str, str] = {
    # The period and the partnership
    "period": "the dates the report covers, and the subgroup's chair where it has one",
    "partners": "the safeguarding partners (or board members) and their leads",
    "subgroup": "the subgroup whose report it is: its purpose and where its members come from",
    "contacts": "the partnership's public contact lines (for a back page)",
    # Cases considered: rapid reviews, or before 2018 the cases a board's subgroup considered
    "considerations": "facts and figures of the cases considered, against the period before",
    "considerations-history": "a chart of the cases considered in each period so far",
    "considerations-outcomes": "what was decided for the cases considered",
    "considerations-sources": "who referred the cases considered",
    "considerations-panel": "the national Panel's view of the decisions",
    "considerations-children": "the children the cases considered concerned",
    "clocks": "how many met each statutory timescale (Working Together 2018 and later)",
    # Local reviews
    "reviews": "facts and figures of the reviews worked on, against the period before",
    "reviews-types": "the reviews worked on, by type",
    "reviews-status": "where the reviews worked on stood at the period's end",
    "reviews-methodologies": "the methodologies of the reviews worked on",
    "reviews-joint": "the other processes reviews were held jointly with",
    "reviews-children": "the children the reviews concerned",
    "reviews-themes": "the themes the reviews raised",
    "reviews-published": "the reviews published in the period, with links",
    "reviews-costs": "what the reviews cost",
    "review-findings": "the findings of each review published in the period",
    "review-recommendations": "the recommendations of each review published in the period",
    "review-backgrounds": "a background note on each review published in the period (annex)",
    "recommendations-status": "the published reviews' recommendations, by status",
    "learning": "the learning points of the reviews published, by audience and theme",
    "impact": "evidence of change that recommendations led to in the period",
    # The partnership's own figures
    "statistics": "figures about children in the area, with the change from the period before",
    "statistics-charts": "each figure held for this period and the one before as bars (in "
                         "place of `statistics`, which already shows both)",
    "ratios": "how many times one figure is another",
    "training": "the training figures and what people said of it",
    "child-deaths": "the Child Death Overview Panel's figures and learning",
    "budget": "income, spending and reserves",
    # Reference
    "glossary": "the glossary of terms and abbreviations",
    "criteria": "the statutory criteria behind the reviews (from the guidance answered)",
    "statutory-items": "what the guidance asks a yearly report to hold, and where this one "
                       "answers each",
}
"""Every block a report section may show: its name and what it shows. Each has a macro of
the same name (hyphens as underscores) in `templates/_blocks.md.j2`."""


def _block(value: Any) -> Any:
    if isinstance(value, str) and value not in BLOCKS:
        close = [name for name in BLOCKS if value in name or name in value]
        hint = (f"; did you mean {', '.join(f'`{name}`' for name in close[:3])}?" if close
                else "; the editor's guide lists them all")
        raise PydanticCustomError("block", "there is no block `{value}`{hint}",
                                  {"value": value, "hint": hint})
    return value


BlockName = Annotated[str, BeforeValidator(_block)]


class Concern(Record):
    """One row of a matrix of concerns, with the kinds of evidence behind it."""

    text: Text
    evidence: Annotated[list[Literal["review-work", "quality-assurance", "data", "escalation"]],
                        BeforeValidator(_text_list)]


class ConcernGroup(Record):
    heading: Text
    concerns: list[Concern]


_PART_KINDS = ("text", "points", "numbered", "block", "quote", "links", "matrix")


class Part(Record):
    """One piece of a section, in order: exactly one of its kinds."""

    text: Markdown | None = None
    """A paragraph or more of prose."""
    points: list[Markdown] = []
    """A bulleted list."""
    numbered: list[Markdown] = []
    """A numbered list."""
    block: BlockName | None = None
    """Computed figures: one of the blocks in the editor's guide."""
    quote: Markdown | None = None
    """Someone's own words; `by` says whose."""
    by: Text | None = None
    links: list[Link] = []
    """Each a `title` and, once its address is certain, a `url` (`check` lists those still
    without one)."""
    matrix: list[ConcernGroup] = []
    """A matrix of concerns and the evidence behind each."""

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        given = [kind for kind in _PART_KINDS if getattr(self, kind)]
        if len(given) != 1:
            raise PydanticCustomError(
                "part_kind", "each part holds exactly one of {kinds}{found}",
                {"kinds": ", ".join(f"`{kind}`" for kind in _PART_KINDS),
                 "found": f" (this one holds {' and '.join(given)})" if given else ""})
        if self.by is not None and self.quote is None:
            raise PydanticCustomError("part_by", "`by` says who is quoted: it goes with "
                                                 "`quote`")
        return self

    @property
    def kind(self) -> str:
        return next(kind for kind in _PART_KINDS if getattr(self, kind))


def _part(value: Any) -> Any:
    # `- block: considerations` and `- considerations` are the same.
    return {"block": value} if isinstance(value, str) else value


class Section(Record):
    """A heading and what follows it: prose, lists, quotations, links, computed blocks and
    sections below it, in the order given."""

    heading: Text
    id: Slug | None = None
    """The section's anchor in its page's address (`#rapid-reviews`); made from the heading
    when left out."""
    text: Markdown | None = None
    """Prose that opens the section, before its parts."""
    parts: list[Annotated[Part, BeforeValidator(_part)]] = []
    sections: list[Section] = []
    covers: Annotated[list[Slug], BeforeValidator(_text_list)] = []
    """The ids of the items of the guidance (`answers`) this section answers."""
    appendix: Flag = False
    unnumbered: Flag = False
    """Shown without a number or letter, where the report numbers its sections (a back
    page of contacts)."""
    """An appendix: lettered A, B, C rather than numbered (put it where it goes, usually
    after the numbered sections)."""

    def walk(self) -> list[Section]:
        """This section and every one below it, in reading order."""
        return [self, *(below for section in self.sections for below in section.walk())]


class Report(Record):
    """One report of a period: its title and sections, or a preset's."""

    id: Slug
    """Its address under the period: `reports/2021-22/subgroup/`."""
    title: Text
    """`Child Safeguarding Practice Review subgroup annual report`."""
    description: Text | None = None
    """One line saying what the report is, for search results and the list of reports."""
    published: When | None = None
    """When the report was published: shown on its title page, and it puts the report in
    the site's feed. Left out, neither claims a date."""
    subgroup: Slug | None = None
    """The subgroup whose report it is (from partnership.yml), for its name and chair."""
    partnership: Text | None = None
    """Whose reviews the report counts, on a site that gathers several partnerships'
    reviews; left out, the site's own partnership's (reviews without `partnership`)."""
    answers: Slug | None = None
    """The guidance whose yearly-report items it answers (`wt2018`, `wt2023`); `check`
    names each item no section `covers`."""
    preset: Slug | None = None
    """Start from a preset's sections (`generator/presets/`): used when `sections` is
    left out."""
    numbered: Flag = False
    """Number the sections (1, 2, 3; appendices A, B, C) as the printed report does."""
    sections: list[Section] = []

    @model_validator(mode="after")
    def _has_sections(self) -> Self:
        if not self.sections and self.preset is None:
            raise PydanticCustomError("report_empty", "a report needs `sections`, or a "
                                                      "`preset` to take them from")
        return self

    def walk(self) -> list[Section]:
        return [below for section in self.sections for below in section.walk()]


class Preset(Record):
    """A report's shape, shared: its sections with their blocks, and no prose of its own
    partnership."""

    id: Slug
    """Its file name: `subgroup-report`."""
    title: Text
    description: Text | None = None
    answers: Slug | None = None
    sections: list[Section]


class RequiredItem(Record):
    """One thing a yearly report must hold, as an edition of the guidance says."""

    id: Slug
    asks: Text
    source: Text | None = None
    verified: Flag = True
    """False where the primary text was not seen; `note` says what is unverified."""
    note: Text | None = None


class YearlyReport(Record):
    source: Text | None = None
    items: list[RequiredItem] = []


class Criterion(Record):
    """A statutory criterion behind reviews (when to notify, when to review), in our words,
    with the statute's own where it helps."""

    id: Slug
    title: Text
    text: Markdown
    quote: Markdown | None = None
    quote_source: Text | None = None
    source: Text | None = None
    verified: Flag = True
    note: Text | None = None


class Guidance(Record):
    """An edition of the statutory guidance: what it asks of a yearly report, and its
    criteria. Its id is its file name in `generator/guidance/` (`wt2018`)."""

    id: Slug
    title: Text
    url: Url | None = None
    yearly_report: YearlyReport = YearlyReport()
    criteria: list[Criterion] = []


Section.model_rebuild()
