"""Reviews of every kind: dates, decisions, children, findings and recommendations."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import (
    BeforeValidator,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.models.dates import (
    When,
)
from generator.models.fields import (
    Cost,
    Markdown,
    Record,
    Slug,
    Text,
    Url,
    _text_list,
)
from generator.models.vocabularies import (
    AgeBand,
    ChildOutcome,
    DecisionOutcome,
    Ethnicity,
    Involvement,
    JointKind,
    PanelView,
    PublicationStatus,
    RecommendationStatus,
    ReferralSource,
    ReviewType,
    Scope,
    Sex,
    YesNoUnknown,
)


class Joint(Record):
    """Another process or partnership a review was held jointly with."""

    kind: JointKind
    name: Text | None = None


class ReviewDates(Record):
    """The dates a review's story is told by, each to the precision the source gives."""

    incident: When | None = None
    """When the incident happened."""
    aware: When | None = None
    """When the local authority learned of the incident: the notification clock starts here."""
    notified: When | None = None
    """When the national Panel was notified."""
    referred: When | None = None
    """When the case was referred to the board or partnership for consideration."""
    rapid_review: When | None = None
    """When the rapid review (or, before 2018, the subgroup's consideration) met."""
    decided: When | None = None
    """When it was decided whether to hold a review: the local review clock starts here."""
    commissioned: When | None = None
    """When the review was commissioned."""
    completed: When | None = None
    """When the review was completed and signed off."""


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
    ethnicity: Ethnicity | None = None
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
    partnership: Text | None = None
    """The partnership that held the review, where a site gathers reviews from many (a
    regional or national repository); leave it out when it is this site's own partnership."""
    summary: Markdown | None = None
    follows: Slug | None = None
    joint_with: list[Joint] = []
    referral_source: ReferralSource | None = None
    dates: ReviewDates = ReviewDates()
    decision: Decision | None = None
    methodology: Text | None = None
    cost: Cost | None = None
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
