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


class Regime(Labelled):
    """The statutory guidance a record was made under (Working Together to Safeguard Children).

    Before 2018 a Local Safeguarding Children Board considered referred cases and commissioned
    serious case reviews; from 2018 safeguarding partners hold rapid reviews and local child
    safeguarding practice reviews; 2023 adds lead and delegated safeguarding partners.
    """

    WT2006 = "wt2006"
    WT2010 = "wt2010"
    WT2013 = "wt2013"
    WT2015 = "wt2015"
    WT2018 = "wt2018"
    WT2023 = "wt2023"

    @property
    def before_2018(self) -> bool:
        return self in (Regime.WT2006, Regime.WT2010, Regime.WT2013, Regime.WT2015)


class ReviewType(Labelled):
    CONSIDERATION = "consideration"
    """A referred case the board or partnership considered, deciding whether to hold a review
    (from Working Together 2018 this is a rapid review)."""
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
    """What the consideration of a case decided, under any regime."""

    SERIOUS_CASE_REVIEW = "serious-case-review"
    CSPR = "cspr"
    PARTNERSHIP_LEARNING_REVIEW = "partnership-learning-review"
    OTHER_REVIEW = "other-review"
    NATIONAL_REVIEW = "national-review"
    NO_FURTHER_REVIEW = "no-further-review"
    AWAITED = "awaited"
    NOT_STATED = "not-stated"

    @property
    def holds_a_review(self) -> bool | None:
        """Whether the decision was to hold a review of some kind; None while not known."""
        if self in (DecisionOutcome.AWAITED, DecisionOutcome.NOT_STATED):
            return None
        return self is not DecisionOutcome.NO_FURTHER_REVIEW


class PanelView(Labelled):
    """The national panel's view of a decision (the National SCR Panel before 2018, the Child
    Safeguarding Practice Review Panel after): `disagreed` is a challenge to it."""

    AGREED = "agreed"
    ASKED_FOR_CLARIFICATION = "asked-for-clarification"
    DISAGREED = "disagreed"
    AWAITED = "awaited"
    NOT_STATED = "not-stated"


class PublicationStatus(Labelled):
    UNPUBLISHED = "unpublished"
    PUBLISHED = "published"
    IMPROVEMENTS_ONLY = "improvements-only"
    """Published as the improvements made only, where publishing the report would harm the
    child or family: counted as published, but no page is made from the record."""
    NOT_TO_BE_PUBLISHED = "not-to-be-published"


class ReviewStatus(Labelled):
    """Where a review stands, short of publication (which `publication` says)."""

    COMMISSIONED = "commissioned"
    ACTIVE = "active"
    PAUSED = "paused"
    """Paused pending another process: say which in `pending`."""
    COMPLETED_PENDING = "completed-pending"
    """Completed as far as possible, pending another process (a trial, an inquest)."""
    SIGNED_OFF = "signed-off"
    NOT_STATED = "not-stated"


class PendingProcess(Labelled):
    """A process a review waits for."""

    CRIMINAL_TRIAL = "criminal-trial"
    INQUEST = "inquest"
    POLICE_INVESTIGATION = "police-investigation"
    HEALTH_AND_SAFETY_EXECUTIVE = "health-and-safety-executive"
    DOMESTIC_HOMICIDE_REVIEW = "domestic-homicide-review"
    OTHER = "other"


class Methodology(Labelled):
    """How a review was carried out: reports count reviews by methodology."""

    SCIE_SYSTEMS = "scie-systems"
    REVIEWER_LED = "reviewer-led"
    WT2010_IMR = "wt2010-imr"
    SIGNIFICANT_EVENT = "significant-event"
    SILP = "silp"
    APPRECIATIVE_INQUIRY = "appreciative-inquiry"
    HYBRID = "hybrid"
    OTHER = "other"
    NOT_STATED = "not-stated"


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
    NOT_STATED = "not-stated"


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
    (ReviewType, ReviewType.CONSIDERATION.value): "Case considered for review",
    (Regime, Regime.WT2006.value): "Working Together 2006",
    (Regime, Regime.WT2010.value): "Working Together 2010",
    (Regime, Regime.WT2013.value): "Working Together 2013",
    (Regime, Regime.WT2015.value): "Working Together 2015",
    (Regime, Regime.WT2018.value): "Working Together 2018",
    (Regime, Regime.WT2023.value): "Working Together 2023",
    (DecisionOutcome, DecisionOutcome.SERIOUS_CASE_REVIEW.value): "A serious case review",
    (DecisionOutcome, DecisionOutcome.PARTNERSHIP_LEARNING_REVIEW.value):
        "A partnership learning review",
    (DecisionOutcome, DecisionOutcome.OTHER_REVIEW.value): "Another kind of review",
    (DecisionOutcome, DecisionOutcome.NATIONAL_REVIEW.value): "A national review",
    (DecisionOutcome, DecisionOutcome.AWAITED.value): "Decision pending",
    (DecisionOutcome, DecisionOutcome.NOT_STATED.value): "Not recorded",
    (PanelView, PanelView.AGREED.value): "Agreed",
    (PanelView, PanelView.ASKED_FOR_CLARIFICATION.value): "Asked for clarification",
    (PanelView, PanelView.DISAGREED.value): "Disagreed (challenged the decision)",
    (PanelView, PanelView.AWAITED.value): "Awaited",
    (PanelView, PanelView.NOT_STATED.value): "Not recorded",
    (PublicationStatus, PublicationStatus.IMPROVEMENTS_ONLY.value):
        "Published as improvements only",
    (ReviewStatus, ReviewStatus.COMPLETED_PENDING.value):
        "Completed as far as possible, pending other processes",
    (ReviewStatus, ReviewStatus.PAUSED.value): "Paused pending other processes",
    (ReviewStatus, ReviewStatus.SIGNED_OFF.value): "Completed and signed off",
    (ReviewStatus, ReviewStatus.NOT_STATED.value): "Not recorded",
    (PendingProcess, PendingProcess.HEALTH_AND_SAFETY_EXECUTIVE.value):
        "A Health and Safety Executive investigation",
    (PendingProcess, PendingProcess.POLICE_INVESTIGATION.value): "A police investigation",
    (Methodology, Methodology.SCIE_SYSTEMS.value): "SCIE systems model (Learning Together)",
    (Methodology, Methodology.REVIEWER_LED.value): "Reviewer-led",
    (Methodology, Methodology.WT2010_IMR.value):
        "Working Together 2010 style, with individual management reviews",
    (Methodology, Methodology.SIGNIFICANT_EVENT.value): "Significant event analysis",
    (Methodology, Methodology.SILP.value): "Significant Incident Learning Process (SILP)",
    (Methodology, Methodology.HYBRID.value): "A combination of methods",
    (Methodology, Methodology.OTHER.value): "Another methodology",
    (Methodology, Methodology.NOT_STATED.value): "Not recorded",
    (RecommendationStatus, RecommendationStatus.NOT_STATED.value): "Not recorded",
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
