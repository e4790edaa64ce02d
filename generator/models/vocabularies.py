"""The vocabularies records choose from, each with the label a page shows."""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property


class Labelled(StrEnum):
    """An enumeration whose members read well on a page."""

    @cached_property  # asked for on every line of every listing
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


class Ethnicity(Labelled):
    """The ethnic groups of the 2021 census for England and Wales.

    A vocabulary, not free text: these values are counted in published reports, so nothing
    an editor types here may identify a child or carry prose from an unpublished record.
    """

    ASIAN_BANGLADESHI = "asian-bangladeshi"
    ASIAN_CHINESE = "asian-chinese"
    ASIAN_INDIAN = "asian-indian"
    ASIAN_PAKISTANI = "asian-pakistani"
    ASIAN_OTHER = "asian-other"
    BLACK_AFRICAN = "black-african"
    BLACK_CARIBBEAN = "black-caribbean"
    BLACK_OTHER = "black-other"
    MIXED_WHITE_AND_ASIAN = "mixed-white-and-asian"
    MIXED_WHITE_AND_BLACK_AFRICAN = "mixed-white-and-black-african"
    MIXED_WHITE_AND_BLACK_CARIBBEAN = "mixed-white-and-black-caribbean"
    MIXED_OTHER = "mixed-other"
    WHITE_BRITISH = "white-british"
    WHITE_IRISH = "white-irish"
    WHITE_GYPSY_OR_IRISH_TRAVELLER = "white-gypsy-or-irish-traveller"
    WHITE_ROMA = "white-roma"
    WHITE_OTHER = "white-other"
    ARAB = "arab"
    OTHER = "other"


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
    (Ethnicity, Ethnicity.WHITE_BRITISH.value): "White British",
    (Ethnicity, Ethnicity.WHITE_IRISH.value): "White Irish",
    (Ethnicity, Ethnicity.WHITE_GYPSY_OR_IRISH_TRAVELLER.value): "White Gypsy or Irish Traveller",
    (Ethnicity, Ethnicity.WHITE_ROMA.value): "White Roma",
    (Ethnicity, Ethnicity.WHITE_OTHER.value): "Any other White background",
    (Ethnicity, Ethnicity.ASIAN_BANGLADESHI.value): "Asian Bangladeshi",
    (Ethnicity, Ethnicity.ASIAN_CHINESE.value): "Asian Chinese",
    (Ethnicity, Ethnicity.ASIAN_INDIAN.value): "Asian Indian",
    (Ethnicity, Ethnicity.ASIAN_PAKISTANI.value): "Asian Pakistani",
    (Ethnicity, Ethnicity.ASIAN_OTHER.value): "Any other Asian background",
    (Ethnicity, Ethnicity.BLACK_AFRICAN.value): "Black African",
    (Ethnicity, Ethnicity.BLACK_CARIBBEAN.value): "Black Caribbean",
    (Ethnicity, Ethnicity.BLACK_OTHER.value): "Any other Black background",
    (Ethnicity, Ethnicity.MIXED_WHITE_AND_ASIAN.value): "Mixed White and Asian",
    (Ethnicity, Ethnicity.MIXED_WHITE_AND_BLACK_AFRICAN.value): "Mixed White and Black African",
    (Ethnicity, Ethnicity.MIXED_WHITE_AND_BLACK_CARIBBEAN.value):
        "Mixed White and Black Caribbean",
    (Ethnicity, Ethnicity.MIXED_OTHER.value): "Any other Mixed background",
    (Ethnicity, Ethnicity.ARAB.value): "Arab",
    (Ethnicity, Ethnicity.OTHER.value): "Any other ethnic group",
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
