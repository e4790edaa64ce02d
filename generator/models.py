"""The data model: frozen, typed records of a partnership, its themes and its reviews.

These classes are the single description of what a data file may hold. The validator checks
files against them, and the JSON Schema for editors' tools is generated from them. They do
no I/O.

Field names are the YAML keys editors write. Every attribute of a child may be unknown,
because real reports say things like "seven children, four female, two male".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

# --- Field types -------------------------------------------------------------------------


class Prose:
    """Marks a field as Markdown prose: shown to readers, and checked as such."""


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A short line of plain text: a name, a title, a label."""

Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), Prose()]
"""Prose written in Markdown: a paragraph, a finding, a learning point."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""An id: lower-case letters and digits, words joined by single hyphens (`child-r`)."""


def _url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise PydanticCustomError(
            "url", "`{value}` is not a web address: it should start with https://",
            {"value": value})
    return value


Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_url)]


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise PydanticCustomError("flag", "write `true` or `false`, not `{value}`", {"value": value})


Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"type": "boolean"})]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day: `2013`, `2021-12` or `2021-12-15`.

    Reports often give only "December 2021" or "commissioned in 2013"; holding the precision
    the source gives avoids inventing a day. Orders by its earliest possible day.
    """

    year: int
    month: int = 0
    day: int = 0

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        if self.day:
            return self.first_day
        if self.month:
            following = date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        return date(self.year, 12, 31)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    @property
    def long(self) -> str:
        """As a reader would say it: `15 December 2021`, `December 2021`, `2013`."""
        parts = [str(self.day)] if self.day else []
        if self.month:
            parts.append(_MONTHS[self.month - 1])
        parts.append(str(self.year))
        return " ".join(parts)


_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, date):
        return PartialDate(value.year, value.month, value.day)
    text = str(value).strip() if isinstance(value, str | int) else None
    match = _PARTIAL_DATE.match(text) if text else None
    if not match:
        raise PydanticCustomError(
            "date_format", "`{value}` is not a date: write it as YYYY-MM-DD (2021-12-15), "
            "YYYY-MM (2021-12) or YYYY (2021)", {"value": value})
    year, month, day = (int(part) if part else 0 for part in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        raise PydanticCustomError(
            "date_value", "`{value}` is not a real date: check the month and day",
            {"value": value}) from None
    return PartialDate(year, month, day)


When = Annotated[
    PartialDate,
    BeforeValidator(_partial_date),
    PlainSerializer(str),
    WithJsonSchema({"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                    "description": "YYYY-MM-DD, YYYY-MM or YYYY"}),
]


def _text_list(value: Any) -> Any:
    # A single item written on one line is what an editor means by a list of one.
    return [value] if isinstance(value, str) else value


class Record(BaseModel):
    """Base of every record: immutable, and no field beyond those declared."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


# --- Vocabularies ------------------------------------------------------------------------


class Labelled(StrEnum):
    """An enumeration whose members read well on a page."""

    @property
    def label(self) -> str:
        # Keyed by class too: members of different enums can share a value (`cspr`).
        return _LABELS.get((type(self), self.value), self.value.replace("-", " ").capitalize())


class ReviewType(Labelled):
    RAPID_REVIEW = "rapid-review"
    CSPR = "cspr"
    SERIOUS_CASE_REVIEW = "serious-case-review"
    PARTNERSHIP_LEARNING_REVIEW = "partnership-learning-review"
    NATIONAL_REVIEW = "national-review"


class JointKind(Labelled):
    NEIGHBOURING_PARTNERSHIP = "neighbouring-partnership"
    DOMESTIC_HOMICIDE_REVIEW = "domestic-homicide-review"
    SAFEGUARDING_ADULTS_REVIEW = "safeguarding-adults-review"
    OTHER = "other"


class ReferralSource(Labelled):
    HEALTH = "health"
    CHILDRENS_SOCIAL_CARE = "childrens-social-care"
    POLICE = "police"
    EDUCATION = "education"
    NEIGHBOURING_PARTNERSHIP = "neighbouring-partnership"
    PARTNERSHIP_MEMBER = "partnership-member"
    NATIONAL_PANEL = "national-panel"
    OTHER = "other"


class DecisionOutcome(Labelled):
    CSPR = "cspr"
    PARTNERSHIP_LEARNING_REVIEW = "partnership-learning-review"
    NATIONAL_REVIEW = "national-review"
    NO_FURTHER_REVIEW = "no-further-review"
    AWAITED = "awaited"


class PanelView(Labelled):
    AGREED = "agreed"
    ASKED_FOR_CLARIFICATION = "asked-for-clarification"
    DISAGREED = "disagreed"
    AWAITED = "awaited"


class PublicationStatus(Labelled):
    UNPUBLISHED = "unpublished"
    PUBLISHED = "published"


class AgeBand(Labelled):
    UNDER_1 = "under-1"
    AGE_1_4 = "1-4"
    AGE_5_9 = "5-9"
    AGE_10_12 = "10-12"
    AGE_13_15 = "13-15"
    AGE_16_17 = "16-17"
    AGE_18_PLUS = "18-plus"

    @classmethod
    def for_age(cls, years: int) -> AgeBand:
        for band, top in _BAND_TOPS:
            if years <= top:
                return band
        return cls.AGE_18_PLUS


class Sex(Labelled):
    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class ChildOutcome(Labelled):
    DIED = "died"
    SERIOUSLY_HARMED = "seriously-harmed"
    UNKNOWN = "unknown"


class YesNoUnknown(Labelled):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Involvement(Labelled):
    EARLY_HELP = "early-help"
    CHILD_IN_NEED = "child-in-need"
    CHILD_PROTECTION_PLAN = "child-protection-plan"
    CHILD_WE_CARE_FOR = "child-we-care-for"


class Scope(Labelled):
    LOCAL = "local"
    NATIONAL = "national"


class RecommendationStatus(Labelled):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    SUPERSEDED = "superseded"


class PartnerKind(Labelled):
    LOCAL_AUTHORITY = "local-authority"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    OTHER = "other"


_BAND_TOPS = ((AgeBand.UNDER_1, 0), (AgeBand.AGE_1_4, 4), (AgeBand.AGE_5_9, 9),
              (AgeBand.AGE_10_12, 12), (AgeBand.AGE_13_15, 15), (AgeBand.AGE_16_17, 17))

_LABELS: dict[tuple[type[Labelled], str], str] = {
    (ReviewType, ReviewType.RAPID_REVIEW.value): "Rapid review",
    (ReviewType, ReviewType.CSPR.value): "Local child safeguarding practice review",
    (ReviewType, ReviewType.SERIOUS_CASE_REVIEW.value): "Serious case review",
    (ReviewType, ReviewType.PARTNERSHIP_LEARNING_REVIEW.value): "Partnership learning review",
    (ReviewType, ReviewType.NATIONAL_REVIEW.value): "National review",
    (ReferralSource, ReferralSource.CHILDRENS_SOCIAL_CARE.value): "Children's social care",
    (ReferralSource, ReferralSource.NATIONAL_PANEL.value): "The national Panel",
    (DecisionOutcome, DecisionOutcome.CSPR.value): "A local child safeguarding practice review",
    (DecisionOutcome, DecisionOutcome.NO_FURTHER_REVIEW.value): "No further review",
    (AgeBand, AgeBand.UNDER_1.value): "Under 1",
    (AgeBand, AgeBand.AGE_1_4.value): "1 to 4",
    (AgeBand, AgeBand.AGE_5_9.value): "5 to 9",
    (AgeBand, AgeBand.AGE_10_12.value): "10 to 12",
    (AgeBand, AgeBand.AGE_13_15.value): "13 to 15",
    (AgeBand, AgeBand.AGE_16_17.value): "16 to 17",
    (AgeBand, AgeBand.AGE_18_PLUS.value): "18 or over",
    (Involvement, Involvement.CHILD_WE_CARE_FOR.value): "Child we care for",
}


# --- The partnership ---------------------------------------------------------------------


class Person(Record):
    name: Text
    role: Text | None = None


class Partner(Record):
    name: Text
    kind: PartnerKind = PartnerKind.OTHER
    lead: Person | None = None


class Subgroup(Record):
    id: Slug
    name: Text
    short_name: Text | None = None
    chair: Person | None = None
    purpose: Markdown | None = None
    members: list[Text] = []


class Contact(Record):
    """A public service line, such as the MASH number for reporting a concern."""

    label: Text
    phone: Text | None = None
    hours: Text | None = None
    email: Text | None = None
    url: Url | None = None


class Site(Record):
    title: Text | None = None
    description: Text | None = None
    intro: Markdown | None = None


class Partnership(Record):
    name: Text
    short_name: Text
    area: Text
    website: Url | None = None
    email: Text | None = None
    independent_chair: Person | None = None
    partners: list[Partner] = []
    subgroups: list[Subgroup] = []
    contacts: list[Contact] = []
    site: Site = Site()

    @property
    def site_title(self) -> str:
        return self.site.title or f"{self.short_name}: learning from case reviews"


class Theme(Record):
    id: Slug
    name: Text
    description: Markdown | None = None
    group: Text | None = None


class ThemeFile(Record):
    themes: list[Theme]


# --- Reviews -----------------------------------------------------------------------------


class Joint(Record):
    """Another process or partnership a review was held jointly with."""

    kind: JointKind
    name: Text | None = None


class ReviewDates(Record):
    incident: When | None = None
    notified: When | None = None
    referred: When | None = None
    rapid_review: When | None = None
    commissioned: When | None = None
    completed: When | None = None


class Decision(Record):
    """What a rapid review decided, and the national Panel's view of that decision."""

    outcome: DecisionOutcome
    panel_view: PanelView = PanelView.AWAITED
    notes: Markdown | None = None


class Publication(Record):
    status: PublicationStatus = PublicationStatus.UNPUBLISHED
    date: When | None = None
    report_url: Url | None = None

    @model_validator(mode="after")
    def _dated_when_published(self) -> Self:
        if self.status is PublicationStatus.PUBLISHED and self.date is None:
            raise PydanticCustomError(
                "publication_date", "a published review needs its publication `date`")
        return self


class Child(Record):
    pseudonym: Text | None = None
    age_years: Annotated[int, Field(ge=0, le=25)] | None = None
    age_months: Annotated[int, Field(ge=0, le=11)] | None = None
    age_band: AgeBand | None = None
    sex: Sex = Sex.UNKNOWN
    ethnicity: Text | None = None
    outcome: ChildOutcome = ChildOutcome.UNKNOWN
    csc_involvement: YesNoUnknown = YesNoUnknown.UNKNOWN
    csc_involvement_detail: Annotated[list[Involvement], BeforeValidator(_text_list)] = []
    family: Text | None = None

    @model_validator(mode="after")
    def _one_age(self) -> Self:
        if (self.age_years is not None and self.age_band is not None
                and AgeBand.for_age(self.age_years) is not self.age_band):
            raise PydanticCustomError(
                "age_mismatch", "`age_band` {band} disagrees with `age_years` {years}: "
                "give one of them (the band is worked out from the age)",
                {"band": self.age_band.value, "years": self.age_years})
        if self.age_months is not None and self.age_years is None:
            raise PydanticCustomError("age_months", "`age_months` needs `age_years` beside it")
        return self

    @property
    def band(self) -> AgeBand | None:
        if self.age_years is not None:
            return AgeBand.for_age(self.age_years)
        return self.age_band


ThemeRefs = Annotated[list[Slug], BeforeValidator(_text_list)]


class Finding(Record):
    id: Slug
    title: Text | None = None
    text: Markdown
    themes: ThemeRefs = []


def _learning_point(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class LearningPoint(Record):
    text: Markdown
    themes: ThemeRefs = []


Point = Annotated[LearningPoint, BeforeValidator(_learning_point)]


class LearningPoints(Record):
    practitioners: list[Point] = []
    managers: list[Point] = []
    system: list[Point] = []


class SystemToday(Record):
    summary: Markdown | None = None
    points: list[Markdown] = []


class OneThing(Record):
    """The "if you do one thing" box: one ask, and the questions to check it by."""

    ask: Markdown
    questions: list[Markdown] = []


class NationalLearning(Record):
    title: Text
    text: Markdown


class Link(Record):
    title: Text
    url: Url | None = None
    description: Markdown | None = None


class Action(Record):
    text: Markdown
    owner: Text | None = None
    due: When | None = None
    done: When | None = None


class Impact(Record):
    """Evidence that a recommendation changed something."""

    text: Markdown
    date: When | None = None


class RecommendationPart(Record):
    label: Text
    scope: Scope
    text: Markdown


class Recommendation(Record):
    id: Slug
    title: Text | None = None
    text: Markdown | None = None
    parts: list[RecommendationPart] = []
    scope: Scope | None = None
    finding: Slug | None = None
    owner: Text | None = None
    status: RecommendationStatus = RecommendationStatus.NOT_STARTED
    due: When | None = None
    actions: list[Action] = []
    impact: list[Impact] = []
    themes: ThemeRefs = []

    @model_validator(mode="after")
    def _text_or_parts(self) -> Self:
        if (self.text is None) == (not self.parts):
            raise PydanticCustomError(
                "recommendation_text", "give the recommendation either `text` or `parts`, "
                "not both and not neither")
        if self.parts and self.scope is not None:
            raise PydanticCustomError(
                "recommendation_scope", "a recommendation in `parts` takes its scope from "
                "each part: remove `scope` here")
        if not self.parts and self.scope is None:
            raise PydanticCustomError(
                "recommendation_scope", "missing `scope`: write `local` or `national`")
        return self

    @property
    def scopes(self) -> list[Scope]:
        if self.scope is not None:
            return [self.scope]
        return sorted({part.scope for part in self.parts}, key=list(Scope).index)


class Review(Record):
    """One review of any kind. Its id is its file name, so it is never typed twice."""

    id: Slug
    type: ReviewType
    title: Text
    subject: Text | None = None
    summary: Markdown | None = None
    follows: Slug | None = None
    joint_with: list[Joint] = []
    referral_source: ReferralSource | None = None
    dates: ReviewDates = ReviewDates()
    decision: Decision | None = None
    methodology: Text | None = None
    cost: Annotated[int, Field(ge=0)] | None = None
    publication: Publication = Publication()
    children: list[Child] = []
    background: Markdown | None = None
    findings: list[Finding] = []
    themes: ThemeRefs = []
    strengths: list[Markdown] = []
    system_today: SystemToday | None = None
    learning_points: LearningPoints = LearningPoints()
    one_thing: OneThing | None = None
    national_learning: list[NationalLearning] = []
    further_reading: list[Link] = []
    recommendations: list[Recommendation] = []

    @property
    def is_published(self) -> bool:
        return self.publication.status is PublicationStatus.PUBLISHED

    @property
    def name(self) -> str:
        """The short name readers know the review by: its subject, else its title."""
        return self.subject or self.title


class Dataset(Record):
    """Everything in `data/`, validated."""

    partnership: Partnership
    themes: list[Theme]
    reviews: list[Review]
