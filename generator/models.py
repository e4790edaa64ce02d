"""The data model: frozen, typed records of a partnership, its themes and its reviews.

These classes are the single description of what a data file may hold. The validator checks
files against them, and the JSON Schema for editors' tools is generated from them. They do
no I/O.

Field names are the YAML keys editors write. Every attribute of a child may be unknown,
because real reports say things like "seven children, four female, two male".
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, Self
from urllib.parse import urlsplit

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


# A reference definition (`[name]: target`), at the start of a line or inside block quotes and
# list items, where Markdown reads them too.
_DEFINITION = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])?)*[ \t]*\[[^\]\n]+\]:[ \t]*(.*)$",
                         re.MULTILINE)
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_TARGET_FORBIDDEN = re.compile(r"[\"'<>`{}\\]")


def _safe_text(value: str) -> str:
    """Prose, checked and made inert: every Markdown field passes through here, once."""
    return _inert(_safe_links(value))


def _safe_line(value: str) -> str:
    """A name or title: `_safe_text`, on one line, and never part of a link's syntax.

    Templates write names inside link text (`[Child R, recommendation 2](...)`), so the
    characters that could end or restructure that link (`[`, `]`, a backtick starting code,
    a backslash escaping the next character) are written as character references too.
    """
    value = _safe_text(" ".join(value.split()) if "\n" in value or "  " in value else value)
    if any(character in value for character in "[]`\\"):
        value = (value.replace("\\", "&#92;").replace("[", "&#91;").replace("]", "&#93;")
                 .replace("`", "&#96;"))
    return value


def _link_targets(value: str) -> Iterator[tuple[str, str]]:
    """Each link target in `value` with what follows it inside the link (which should be
    nothing: links are written `[text](https://...)`, without a title)."""
    start = value.find("](")
    while start >= 0:
        position, depth = start + 2, 0
        while position < len(value) and value[position] in " \t":
            position += 1
        begin = position
        while position < len(value):
            character = value[position]
            if character.isspace() or (character == ")" and depth == 0):
                break
            depth += (character == "(") - (character == ")")
            position += 1
        end = value.find(")", position)
        rest = value[position:end if end >= 0 else len(value)]
        yield value[begin:position], rest.strip() if end >= 0 else "(no closing bracket)"
        start = value.find("](", position)
    if "]:" in value:
        for match in _DEFINITION.finditer(value):
            target, _, rest = match.group(1).strip().partition(" ")
            yield target, rest.strip()


def _safe_links(value: str) -> str:
    """Links go to web, mail or phone addresses in full, written `[text](https://...)`.

    Nothing that runs code or loads data (`javascript:`, `data:`), no address relative to
    the page (it would point into the site's own folders and break the build), and nothing
    else inside the link's brackets (a title, a second address), which Markdown could read
    as more than the editor meant.
    """
    if "](" not in value and "]:" not in value:  # no inline link, no link definition
        return value
    for raw, rest in _link_targets(value):
        target = html.unescape(raw.removeprefix("<").removesuffix(">"))
        plain = re.sub(r"[\x00-\x20\x7f]+", "", target).lower()
        scheme = re.match(r"([a-z][a-z0-9+.-]*):", plain)
        if scheme and scheme.group(1) not in _SAFE_SCHEMES:
            raise PydanticCustomError(
                "unsafe_link", "the link target `{target}` uses `{scheme}:`, which is not "
                "allowed: link to a web address (https://...)",
                {"target": target, "scheme": scheme.group(1)})
        if not scheme:
            raise PydanticCustomError(
                "relative_link", "the link target `{target}` is not a full address: link to a "
                "web address in full (https://...), or to an email address with mailto:",
                {"target": target})
        if rest or _TARGET_FORBIDDEN.search(raw):
            raise PydanticCustomError(
                "link_form", "write a link as [text](https://...), with only the address "
                "inside the round brackets: `{link}` is not that form",
                {"link": f"{raw} {rest}".strip()})
    return value


def _inert(value: str) -> str:
    """Text from the data never becomes markup on a page.

    `<` starts raw HTML and `{` an attribute list (`{onclick=...}`); both are written as
    character references, which read the same but are only ever text.
    """
    if "<" in value or "{" in value:
        return value.replace("<", "&lt;").replace("{", "&#123;")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                 AfterValidator(_safe_line)]
"""A short line of plain text: a name, a title, a label."""

Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), Prose(),
                     AfterValidator(_safe_text)]
"""Prose written in Markdown: a paragraph, a finding, a learning point."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""An id: lower-case letters and digits, words joined by single hyphens (`child-r`)."""


_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f\"'<>\\`{}|^]")


def _url(value: str) -> str:
    """A web address, parsed as one: `https://` or `http://`, a host with a dot, and no
    character that could end the Markdown link it is written into (quotes, `<`, `>`, an
    unmatched bracket) or that a browser would read differently from what is shown."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - parsing the port is what checks it
    except ValueError:
        parts = None
    bad = _URL_FORBIDDEN.search(value)
    if bad:
        raise PydanticCustomError(
            "url", "`{value}` is not a web address that can be linked: it holds {what}; "
            "copy the address from the browser's address bar",
            {"value": value, "what": "a space" if bad.group().isspace()
             else f"the character `{bad.group()}`" if bad.group().isprintable()
             else "a control character"})
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or "." not in parts.hostname or parts.username is not None
            or not value.lower().startswith(f"{parts.scheme}://")):
        raise PydanticCustomError(
            "url", "`{value}` is not a web address: it should start with https://",
            {"value": value})
    if not _brackets_balanced(value):
        raise PydanticCustomError(
            "url", "`{value}` has a bracket that is not closed, or closed without being "
                   "opened: copy the address again, in full", {"value": value})
    return value


def _brackets_balanced(value: str) -> bool:
    for opening, closing in ("()", "[]"):
        depth = 0
        for character in value:
            depth += (character == opening) - (character == closing)
            if depth < 0:
                return False
        if depth:
            return False
    return True


Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_url),
                WithJsonSchema({"type": "string", "pattern": r"^\s*https?://[^\s/]+\.\S+\s*$",
                                "description": "A web address starting with https://"})]


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise PydanticCustomError("flag", "write `true` or `false`, not `{value}`", {"value": value})


# The loader reads `true` as text; YAML 1.2 tools read it as a boolean. Both are accepted.
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema(
    {"anyOf": [{"type": "boolean"},
               {"type": "string", "pattern": "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"}]})]


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

    # Cached: reports and themes ask for these hundreds of thousands of times at scale.
    @cached_property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @cached_property
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

    @cached_property
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
    # An unquoted year is a number to YAML 1.2 tools, and text to the loader.
    WithJsonSchema({"anyOf": [{"type": "string", "pattern":
                               r"^\s*\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?\s*$"},
                              {"type": "integer", "minimum": 1000, "maximum": 9999}],
                    "description": "YYYY-MM-DD, YYYY-MM or YYYY"}),
]


def _text_list(value: Any) -> Any:
    # A single item written on one line is what an editor means by a list of one.
    return [value] if isinstance(value, str) else value


class Record(BaseModel):
    """Base of every record: immutable, and no field beyond those declared."""

    # Attribute docstrings become descriptions in the editors' JSON Schema.
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False,
                              use_attribute_docstrings=True)


# --- Vocabularies ------------------------------------------------------------------------


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
    small_numbers: Annotated[int, Field(ge=2)] | None = None
    """Counts of children below this are shown as "fewer than N" in published breakdowns,
    so a small group cannot be identified. Leave it out to show every count."""
    build_date: When | None = None
    """The date the site is built as of: recommendations due before it and not finished show
    as overdue (and, later, embargoes lift on it). Without it, builds use today's date, so
    set it whenever two builds must give identical pages."""


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


class PanelTheme(Record):
    """One of the national Panel's practice themes, which local themes can map to."""

    id: Slug
    name: Text
    description: Markdown | None = None


class Theme(Record):
    id: Slug
    name: Text
    description: Markdown | None = None
    group: Text | None = None
    panel_themes: Annotated[list[Slug], BeforeValidator(_text_list)] = []
    """Ids of the national Panel's practice themes (`panel_themes` in themes.yml) this maps to."""


class ThemeFile(Record):
    themes: list[Theme]
    panel_themes: list[PanelTheme] = []


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


# --- Reporting periods and what annual reports hold ---------------------------------------
# Only what cannot be worked out from the review records is held here, once.


class Money(Record):
    """An amount of money in whole pounds, with how exact it is."""

    amount: Annotated[int, Field(ge=0)]
    qualifier: Literal["exact", "approximately", "over"] = "exact"


def _money(value: Any) -> Any:
    return {"amount": value} if isinstance(value, str | int) else value


Cost = Annotated[Money, BeforeValidator(_money)]


class Statistic(Record):
    """A partnership figure for the period, such as children on child protection plans.

    The change from the previous period is computed from that period's figure with the same
    `id`. `stated_change` (per cent) is for when the previous figure is not held; if both
    exist they must agree.
    """

    id: Slug
    label: Text
    value: Annotated[int, Field(ge=0)] | None = None
    source: Text | None = None
    stated_change: int | None = None
    note: Markdown | None = None


class Ratio(Record):
    """How many times one figure is another: "2.5 times more likely"."""

    numerator: Slug
    denominator: Slug
    text: Text
    stated: Annotated[Decimal, Field(gt=0)] | None = None


class Priority(Record):
    title: Text
    summary: Markdown | None = None
    went_well: list[Markdown] = []
    even_better_if: list[Markdown] = []


class Figure(Record):
    """A held figure with its label: training events, CDOP notifications, and so on."""

    id: Slug
    label: Text
    value: Annotated[Decimal, Field(ge=0)]
    unit: Literal["count", "percent"] = "count"
    qualifier: Literal["exact", "approximately", "over"] = "exact"


class FigureGroup(Record):
    title: Text
    summary: Markdown | None = None
    figures: list[Figure] = []
    points: list[Markdown] = []


class Concern(Record):
    """One row of the matrix of concerns, with the kinds of evidence behind it."""

    text: Text
    evidence: Annotated[list[Literal["review-work", "quality-assurance", "data", "escalation"]],
                        BeforeValidator(_text_list)]


class ConcernGroup(Record):
    heading: Text
    concerns: list[Concern]


class Message(Record):
    """Key messages for one audience."""

    audience: Text
    points: list[Markdown]


class Quote(Record):
    text: Markdown
    source: Text | None = None


class BudgetLine(Record):
    label: Text
    amount: Annotated[int, Field(ge=0)]
    note: Text | None = None


class BudgetGroup(Record):
    heading: Text
    lines: list[BudgetLine]


class Budget(Record):
    """Income and spending for the period. Totals are computed; a stated one is checked."""

    title: Text | None = None
    income: list[BudgetGroup]
    expenditure: list[BudgetLine]
    reserves_brought_forward: Annotated[int, Field(ge=0)] = 0
    drawdown: Annotated[int, Field(ge=0)] = 0
    stated_income_total: int | None = None
    stated_expenditure_total: int | None = None
    stated_reserves_balance: int | None = None
    notes: list[Markdown] = []


class SubgroupReport(Record):
    """What the review subgroup's annual report holds beyond the records."""

    subgroup: Slug
    introduction: Markdown | None = None
    national_context: Markdown | None = None
    rapid_review_themes: list[Message] = []
    rapid_review_analysis: Markdown | None = None
    practitioner_skills: list[Markdown] = []
    messages_for_system_leaders: list[Markdown] = []
    messages_for_government: list[Markdown] = []
    reflections: list[Quote] = []
    impact_not_linked: list[Markdown] = []
    learning_events: list[Link] = []
    conclusion: Markdown | None = None


class PartnershipReport(Record):
    """What the partnership's annual report holds beyond the records."""

    foreword: Markdown | None = None
    foreword_by: Text | None = None
    chair_commentary: Markdown | None = None
    chair_commentary_by: Text | None = None
    introduction: Markdown | None = None
    leadership_updates: list[Markdown] = []
    leadership_summary: list[Markdown] = []
    priorities: list[Priority] = []
    priorities_summary: list[Markdown] = []
    learning_summary: list[Markdown] = []
    messages_for_system_leaders: list[Markdown] = []
    assurance: list[Markdown] = []
    concerns: list[ConcernGroup] = []
    conclusions: list[Markdown] = []
    key_messages: list[Message] = []
    links: list[Link] = []


class ReportingPeriod(Record):
    """A year (or any span) that annual reports cover. Its id is its file name: `2021-22`."""

    id: Slug
    title: Text
    start: When
    end: When
    statistics: list[Statistic] = []
    ratios: list[Ratio] = []
    training: FigureGroup | None = None
    child_deaths: FigureGroup | None = None
    budget: Budget | None = None
    subgroup_report: SubgroupReport | None = None
    partnership_report: PartnershipReport | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end.last_day < self.start.first_day:
            raise PydanticCustomError("period_order", "the period ends (`end`) before it "
                                      "starts (`start`)")
        return self

    @property
    def first_day(self) -> date:
        return self.start.first_day

    @property
    def last_day(self) -> date:
        return self.end.last_day

    def holds(self, when: PartialDate) -> bool | None:
        """True if `when` lies inside the period, False if outside, None if it straddles it."""
        if self.first_day <= when.first_day and when.last_day <= self.last_day:
            return True
        if when.last_day < self.first_day or when.first_day > self.last_day:
            return False
        return None


# --- Briefings and the glossary ----------------------------------------------------------


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


def _abbreviation(value: str) -> str:
    if not re.match(r"^[A-Za-z][A-Za-z0-9&\-]*$", value):
        raise PydanticCustomError(
            "abbreviation", "`{value}` is not an abbreviation: write it as one word of letters "
            "and digits, exactly as pages spell it (`MASH`, `DfE`)", {"value": value})
    return value


class GlossaryTerm(Record):
    """An abbreviation and what it stands for, marked on every page that uses it."""

    term: Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_abbreviation)]
    stands_for: Text
    description: Markdown | None = None


class Glossary(Record):
    terms: list[GlossaryTerm] = []


class Allowed(Record):
    """A string the personal-data check would flag, accepted on purpose, and why."""

    text: Text
    reason: Text


class AllowList(Record):
    allowed: list[Allowed] = []


class Dataset(Record):
    """Everything in `data/`, validated."""

    partnership: Partnership
    themes: list[Theme]
    reviews: list[Review]
    periods: list[ReportingPeriod] = []
    panel_themes: list[PanelTheme] = []
    briefings: list[Briefing] = []
    glossary: list[GlossaryTerm] = []
