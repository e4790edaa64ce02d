"""Reviews of every kind: dates, decisions, children, findings and recommendations."""

from __future__ import annotations

from datetime import date
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
    Methodology,
    PanelView,
    PendingProcess,
    PublicationStatus,
    RecommendationStatus,
    ReferralSource,
    Regime,
    ReviewStatus,
    ReviewType,
    Scope,
    Sex,
    YesNoUnknown,
)

# The day each edition of Working Together came into force. Rapid reviews and the Child
# Safeguarding Practice Review Panel began on 29 June 2018; boards could run on until
# 29 September 2019, which is why a record may state its regime.
REGIME_STARTS = ((date(2023, 12, 15), Regime.WT2023), (date(2018, 6, 29), Regime.WT2018),
                 (date(2015, 3, 26), Regime.WT2015), (date(2013, 4, 15), Regime.WT2013),
                 (date(2010, 3, 1), Regime.WT2010))


RULE_FIELDS: dict[str, tuple[str, ...]] = {
    "review_pending": ("pending",), "review_status": ("status",),
    "methodology_detail": ("methodology_detail",),
    "recommendations_made": ("recommendations_made",), "rapid_review_regime": ("type",),
    "publication_updated": ("publication", "updated"),
}
"""The field each whole-review rule is about, by error type: its problem is shown there."""


def regime_on(day: date) -> Regime:
    """The edition of Working Together in force on `day`."""
    for start, regime in REGIME_STARTS:
        if day >= start:
            return regime
    return Regime.WT2006


def _methodology(value: Any) -> Any:
    if isinstance(value, str) and value not in Methodology._value2member_map_:
        raise PydanticCustomError(
            "methodology", "`{value}` is not one of the methodologies reports count: choose "
            "one of {choices}; for another, write `methodology: other` and its name in "
            "`methodology_detail`",
            {"value": value, "choices": ", ".join(m.value for m in Methodology)})
    return value


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
    """What was decided; `awaited` while the decision is pending, `not-stated` where the
    source does not say."""
    panel_view: PanelView = PanelView.NOT_STATED
    """The national panel's view of the decision; left out, it is shown as not recorded."""
    notes: Markdown | None = None
    """Notes on the decision, for editors: never shown, since considerations are not
    published. Say in the period's `recorded` notes what a report should say about them."""


class Publication(Record):
    status: PublicationStatus = PublicationStatus.UNPUBLISHED
    date: When | None = None
    updated: When | None = None
    """When the published summary was last changed, if it has been since `date`; left out,
    the page says nothing about updates."""
    report_url: Url | None = None
    """The review's full report, shown near the top of its summary."""

    @model_validator(mode="after")
    def _dated_when_published(self) -> Self:
        if self.published and self.date is None:
            raise PydanticCustomError(
                "publication_date", "a published review needs its publication `date`")
        return self

    @property
    def published(self) -> bool:
        """Published in any form: in full, or as the improvements made only."""
        return self.status in (PublicationStatus.PUBLISHED, PublicationStatus.IMPROVEMENTS_ONLY)


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


class FurtherReading(Link):
    """A tool, guide or course a review points its readers to."""

    where: Markdown | None = None
    """Where to find it, for an item without a web address of its own (`url`): a summary
    never links a home page in its place."""

    @model_validator(mode="after")
    def _where_without_url(self) -> Self:
        if self.where is not None and self.url is not None:
            raise PydanticCustomError(
                "further_reading_where", "`where` says where to find an item that has no "
                "web address: this one has a `url`, so remove `where`")
        return self


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
    status: RecommendationStatus = RecommendationStatus.NOT_STATED
    """Where the recommendation stands; left out, it is shown as not recorded."""
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
    regime: Regime | None = None
    """The guidance the review was held under. Left out, it follows from the review's
    earliest date (see `Review.under`); give it where a review straddles a change, such as
    a serious case review a board commissioned before 2018 and completed after."""
    joint_with: list[Joint] = []
    referral_source: ReferralSource | None = None
    dates: ReviewDates = ReviewDates()
    decision: Decision | None = None
    status: ReviewStatus | None = None
    """Where the review stands short of publication. Left out, it follows from the dates:
    signed off with a `completed` date, active with a `commissioned` one."""
    pending: Annotated[list[PendingProcess], BeforeValidator(_text_list)] = []
    """What a paused (or completed-pending) review waits for."""
    pending_detail: Text | None = None
    methodology: Annotated[Methodology | None, BeforeValidator(_methodology)] = None
    methodology_detail: Text | None = None
    """The methodology's name, where `methodology` is `other`."""
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
    reflective_questions: list[Markdown] = []
    """Questions for supervision and team meetings, where the source gives them beyond the
    `one_thing` questions."""
    national_learning: list[NationalLearning] = []
    further_reading: list[FurtherReading] = []
    recommendations: list[Recommendation] = []
    recommendations_made: Annotated[int, Field(ge=0)] | None = None
    """How many recommendations the review made, where their texts are not held here.
    Left out, the recommendations listed are counted."""

    @model_validator(mode="after")
    def _lifecycle(self) -> Self:
        waiting = self.status in (ReviewStatus.PAUSED, ReviewStatus.COMPLETED_PENDING)
        if (self.pending or self.pending_detail) and not waiting:
            raise PydanticCustomError(
                "review_pending", "`pending` says what a paused review waits for: give "
                "`status: paused` or `status: completed-pending` as well, or remove it")
        if (self.dates.completed is not None and self.status is not None
                and self.status in (ReviewStatus.COMMISSIONED, ReviewStatus.ACTIVE,
                                    ReviewStatus.PAUSED)):
            raise PydanticCustomError(
                "review_status", "`status: {status}` disagrees with `dates: completed`, which "
                "says the review was signed off: remove one of them",
                {"status": self.status.value})
        if self.methodology_detail is not None and self.methodology is not Methodology.OTHER:
            raise PydanticCustomError(
                "methodology_detail", "`methodology_detail` names a methodology not in the "
                "list: write `methodology: other` beside it")
        if self.recommendations_made is not None and self.recommendations:
            raise PydanticCustomError(
                "recommendations_made", "the recommendations are listed, so they are counted: "
                "remove `recommendations_made`")
        if self.type is ReviewType.RAPID_REVIEW and self.under.before_2018:
            raise PydanticCustomError(
                "rapid_review_regime", "there were no rapid reviews before Working Together "
                "2018 (this record's dates place it under {regime}): write `type: "
                "consideration` for a referred case a board considered, or give `regime:`",
                {"regime": self.under.label})
        published, updated = self.publication.date, self.publication.updated
        if updated is not None and (published is None
                                    or updated.last_day < published.first_day):
            raise PydanticCustomError(
                "publication_updated", "`updated` is when a published summary was last "
                "changed: {fix}", {"fix": "give the publication `date` as well"
                                   if published is None else
                                   f"it cannot be before the publication date ({published})"})
        return self

    @property
    def is_published(self) -> bool:
        return self.publication.status is PublicationStatus.PUBLISHED

    @property
    def recommendation_count(self) -> int:
        return (self.recommendations_made if self.recommendations_made is not None
                else len(self.recommendations))

    @property
    def is_consideration(self) -> bool:
        """A referred case considered for review: a rapid review, or its earlier kind."""
        return self.type in (ReviewType.RAPID_REVIEW, ReviewType.CONSIDERATION)

    @property
    def under(self) -> Regime:
        """The regime the review was held under: as stated, else by its earliest date."""
        if self.regime is not None:
            return self.regime
        dates = self.dates
        known = [d for d in (dates.aware, dates.notified, dates.referred, dates.rapid_review,
                             dates.decided, dates.commissioned, dates.completed,
                             self.publication.date) if d is not None]
        if not known:
            # Without a date, the kind of record tells: rapid reviews began in 2018.
            return Regime.WT2018 if self.type is not ReviewType.SERIOUS_CASE_REVIEW \
                else Regime.WT2015
        return regime_on(min(d.first_day for d in known))

    @property
    def stage(self) -> PublicationStatus | ReviewStatus:
        """Where the review stands: its publication if published, else its status."""
        if self.publication.status is not PublicationStatus.UNPUBLISHED:
            return self.publication.status
        if self.status is not None:
            return self.status
        if self.dates.completed is not None:
            return ReviewStatus.SIGNED_OFF
        if self.dates.commissioned is not None:
            return ReviewStatus.ACTIVE
        return ReviewStatus.NOT_STATED

    @property
    def name(self) -> str:
        """The short name readers know the review by: its subject, else its title."""
        return self.subject or self.title
