"""Totals a source gives without the records behind them, and a report's own age groups.

Older reports say "the reviews concerned seven children, four female and two male" and no
more. Such figures are held here as *recorded totals*, on the reporting period, exactly as
the source gives them: nothing is shared out between invented records. Where the records
exist as well, the two must agree (`check` says where they do not), and a report shows a
recorded total as such.

A count the source leaves out is left out here, and shown as "not recorded".
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Self

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from generator.models.fields import Cost, Flag, Markdown, Record, Slug, Text
from generator.models.vocabularies import (
    AgeBand,
    DecisionOutcome,
    Ethnicity,
    JointKind,
    Methodology,
    PanelView,
    PublicationStatus,
    ReferralSource,
    ReviewStatus,
    ReviewType,
    Sex,
    YesNoUnknown,
)

Count = Annotated[int, Field(ge=0)]


def _counts_by(vocabulary: type[Enum]) -> Any:
    """A mapping from a vocabulary's values to counts, as `{value: count}`.

    A list of values, or a value with no count after it (`health:`), says the source names
    them without counting them: each is held with no count, so the number of kinds is known
    and each count is "not recorded".
    """
    allowed = {str(member.value): member for member in vocabulary}

    def parse(value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            value = {item: None for item in value}
        if not isinstance(value, dict):
            return value  # pydantic names the type expected
        for key in value:
            if str(key) not in allowed:
                raise PydanticCustomError(
                    "recorded_key", "`{key}` is not one of the values counted here: choose "
                    "from {choices}", {"key": key, "choices": ", ".join(allowed)})
        return value

    schema = {"anyOf": [
        {"type": "object", "propertyNames": {"enum": list(allowed)},
         "additionalProperties": {"anyOf": [{"type": "integer", "minimum": 0},
                                            {"type": "null"}]}},
        {"type": "array", "items": {"enum": list(allowed)}}]}
    return Annotated[dict[vocabulary, Count | None],  # type: ignore[valid-type]
                     BeforeValidator(parse), WithJsonSchema(schema)]


if TYPE_CHECKING:  # the checker sees the plain mapping each alias validates as
    DecisionOutcomeCounts = dict[DecisionOutcome, Count | None]
    EthnicityCounts = dict[Ethnicity, Count | None]
    JointKindCounts = dict[JointKind, Count | None]
    MethodologyCounts = dict[Methodology, Count | None]
    PanelViewCounts = dict[PanelView, Count | None]
    PublicationStatusCounts = dict[PublicationStatus, Count | None]
    ReferralSourceCounts = dict[ReferralSource, Count | None]
    ReviewStatusCounts = dict[ReviewStatus, Count | None]
    ReviewTypeCounts = dict[ReviewType, Count | None]
    SexCounts = dict[Sex, Count | None]
    YesNoUnknownCounts = dict[YesNoUnknown, Count | None]
else:
    DecisionOutcomeCounts = _counts_by(DecisionOutcome)
    EthnicityCounts = _counts_by(Ethnicity)
    JointKindCounts = _counts_by(JointKind)
    MethodologyCounts = _counts_by(Methodology)
    PanelViewCounts = _counts_by(PanelView)
    PublicationStatusCounts = _counts_by(PublicationStatus)
    ReferralSourceCounts = _counts_by(ReferralSource)
    ReviewStatusCounts = _counts_by(ReviewStatus)
    ReviewTypeCounts = _counts_by(ReviewType)
    SexCounts = _counts_by(Sex)
    YesNoUnknownCounts = _counts_by(YesNoUnknown)


class AgeGroup(Record):
    """An age group a report counts children by, such as "under 5" or "13 and over".

    Ages are whole years, both ends included: "under 5" is `to_age: 4`. A child known only
    by an age band that straddles the group's edge is counted as not known for it.
    """

    id: Slug
    label: Text
    from_age: Annotated[int, Field(ge=0, le=25)] = 0
    to_age: Annotated[int, Field(ge=0, le=25)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.to_age is not None and self.to_age < self.from_age:
            raise PydanticCustomError(
                "age_group_order", "`to_age` ({to}) is below `from_age` ({start})",
                {"to": self.to_age, "start": self.from_age})
        return self

    def holds(self, low: int, high: int | None) -> bool | None:
        """Whether ages `low` to `high` (None: no upper end) lie in the group: True, False,
        or None where they straddle its edge."""
        top = 99 if self.to_age is None else self.to_age
        high_ = 99 if high is None else high
        if self.from_age <= low and high_ <= top:
            return True
        if high_ < self.from_age or low > top:
            return False
        return None


BAND_AGES: dict[AgeBand, tuple[int, int | None]] = {
    AgeBand.UNDER_1: (0, 0), AgeBand.AGE_1_4: (1, 4), AgeBand.AGE_5_9: (5, 9),
    AgeBand.AGE_10_12: (10, 12), AgeBand.AGE_13_15: (13, 15), AgeBand.AGE_16_17: (16, 17),
    AgeBand.AGE_18_PLUS: (18, None),
}
"""The ages, in whole years, each fixed band covers."""


class RecordedChildren(Record):
    """The children a period's reviews concerned, as totals."""

    total: Count | None = None
    families: Count | None = None
    died: Count | None = None
    sex: SexCounts = {}
    ethnicity: EthnicityCounts = {}
    age_groups: dict[Slug, Count] = {}
    """Counts by the period's own `age_groups`, by their ids."""
    csc_involvement: YesNoUnknownCounts = {}
    """Previous involvement with children's social care: yes, no, unknown."""
    notes: list[Markdown] = []
    """What the source says in words rather than figures ("most had been known to
    children's social care")."""


class RecordedConsiderations(Record):
    """Referred cases considered in the period (rapid reviews, from 2018), as totals."""

    incomplete: Flag = False
    """`true` when the records of this period's cases are not all of them, and the source
    does not give their number: then no count is worked out from the records."""
    total: Count | None = None
    outcomes: DecisionOutcomeCounts = {}
    referral_sources: ReferralSourceCounts = {}
    joint: JointKindCounts = {}
    """How many were held jointly, by the kind of partner."""
    concerning_a_death: Count | None = None
    panel_views: PanelViewCounts = {}
    children: RecordedChildren | None = None
    notes: list[Markdown] = []
    """Shown beside the figures: what the national panel challenged, what is still pending."""


class RecordedReviews(Record):
    """Reviews worked on in the period (and those signed off or published in it), as totals."""

    incomplete: Flag = False
    """`true` when the records of the reviews worked on in this period are not all of them,
    and the source does not give their number: then no count is worked out from the records."""
    total: Count | None = None
    """Reviews worked on in the period."""
    by_type: ReviewTypeCounts = {}
    by_status: ReviewStatusCounts = {}
    """Where the reviews worked on stood at the end of the period."""
    signed_off: Count | None = None
    """Reviews completed and signed off in the period."""
    published: Count | None = None
    """Reviews published in the period, in full or as improvements only."""
    publication: PublicationStatusCounts = {}
    methodologies: MethodologyCounts = {}
    joint: JointKindCounts = {}
    recommendations: Count | None = None
    """Recommendations made by the reviews signed off in the period."""
    children: RecordedChildren | None = None
    cost_from: Cost | None = None
    cost_to: Cost | None = None
    notes: list[Markdown] = []


class Recorded(Record):
    """What the period's source gives only as totals."""

    considerations: RecordedConsiderations | None = None
    reviews: RecordedReviews | None = None
