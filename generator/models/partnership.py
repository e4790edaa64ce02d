"""The partnership: who it is, its subgroups and contacts, its themes, the glossary and
the personal-data check's allow list."""

from __future__ import annotations

import re
from typing import Annotated, Self

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.models.dates import (
    When,
)
from generator.models.fields import (
    Markdown,
    Record,
    Slug,
    Text,
    Url,
    _text_list,
    slugify,
)
from generator.models.vocabularies import (
    PartnerKind,
)


class Person(Record):
    name: Text
    role: Text | None = None


class Partner(Record):
    name: Text
    kind: PartnerKind = PartnerKind.OTHER
    lead: Person | None = None
    """The partner's lead: under Working Together 2023 its lead safeguarding partner."""
    delegate: Person | None = None
    """Under Working Together 2023, the delegated safeguarding partner the lead appoints."""


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
    url: Url | None = None
    """The address the site is published at, such as `https://learning.example.org.uk/` or,
    for a GitHub Pages project site, `https://example.github.io/learning-hub/`. It makes
    the sitemap, canonical links, sharing previews and feeds carry full addresses."""
    repository: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")] \
        | None = None
    """The GitHub repository that holds this data, `owner/name`: the form editor at
    `/admin/` saves to it, one pull request per change. Left out, there is no form editor."""
    branch: Annotated[str, Field(pattern=r"^[A-Za-z0-9._/-]+$")] = "main"
    """The repository's branch the site is published from (the form editor's base)."""
    editor_sign_in: Url | None = None
    """The address of the service that signs editors in to GitHub for the form editor: an
    OAuth client for a GitHub OAuth app (Decap CMS's `base_url`; see the editor's guide).
    Left out, Decap asks Netlify's, which works only for sites hosted on Netlify."""
    intro: Markdown | None = None
    small_numbers: Annotated[int, Field(ge=2)] | None = None
    """Counts of children below this are shown as "fewer than N" in published breakdowns,
    so a small group cannot be identified. Leave it out to show every count."""
    build_date: When | None = None
    """Fixes the day the site is built as of, which is otherwise the day of each build:
    embargoes lift on it and recommendations due before it show as overdue. `check` reports
    it whenever it is set, since with it an embargo never lifts by itself; to pin a build's
    day, `--as-of` or SOURCE_DATE_EPOCH is usually better."""


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
    also_known_as: Annotated[list[Text], BeforeValidator(_text_list)] = []
    """Other words people use for it (`county lines`, `CSE`): shown on its page, and so found
    by search, and offered when a search for a near miss finds nothing."""
    panel_themes: Annotated[list[Slug], BeforeValidator(_text_list)] = []
    """Ids of the national Panel's practice themes (`panel_themes` in themes.yml) this maps to."""


class ThemeFile(Record):
    themes: list[Theme]
    panel_themes: list[PanelTheme] = []


_ABBREVIATION = re.compile(r"^[A-Za-z][A-Za-z0-9&\-]*$")
"""One word of letters and digits (`MASH`, `DfE`, `A&E`): how the pages spell an abbreviation."""


class GlossaryTerm(Record):
    """One entry of the glossary: an abbreviation, or a term a practitioner needs to know.

    An abbreviation (`MASH`) gives `stands_for`, and is marked on every page that uses it.
    A term (`rapid review`) has no `stands_for` and says what it means in `description`."""

    model_config = ConfigDict(json_schema_extra={
        "anyOf": [{"required": ["stands_for"]}, {"required": ["description"]}],
        "if": {"required": ["stands_for"]},
        "then": {"properties": {"term": {"pattern": _ABBREVIATION.pattern}}},
    })

    term: Text
    """The abbreviation exactly as pages spell it (`MASH`, `DfE`), or the term in words, in
    lower case unless it is a name (`rapid review`, `threshold of needs`)."""
    stands_for: Text | None = None
    """What an abbreviation stands for. Leave it out for a term in words."""
    description: Markdown | None = None
    """What the term means, in a sentence or two: needed for a term in words, optional for an
    abbreviation."""

    @model_validator(mode="after")
    def _abbreviation_or_term(self) -> Self:
        if self.stands_for is not None:
            _abbreviation(self.term)
        elif self.description is None:
            raise PydanticCustomError(
                "glossary_description",
                "`{term}` needs a `description` saying what it means, in a sentence or two "
                "(or, if it is an abbreviation, what it stands for in `stands_for`)",
                {"term": self.term})
        return self

    @property
    def is_abbreviation(self) -> bool:
        return self.stands_for is not None

    @property
    def anchor(self) -> str:
        """The entry's id on the glossary page, so other pages can link to it
        (`glossary/#rapid-review`)."""
        return slugify(self.term)

    @property
    def spelt_out_anchor(self) -> str | None:
        """For an abbreviation, the id a term written as its `stands_for` would have: the
        glossary page links the two when both are listed (`EHA` to `early help assessment`)."""
        return slugify(self.stands_for) if self.stands_for is not None else None


def _abbreviation(value: str) -> str:
    """`value`, if it is written as an abbreviation: one word, as the pages spell it."""
    if not _ABBREVIATION.match(value):
        raise PydanticCustomError(
            "abbreviation",
            "`{value}` has `stands_for`, so it is read as an abbreviation, and an abbreviation "
            "is one word of letters and digits, exactly as pages spell it (`MASH`, `DfE`). "
            "For a term in words, leave out `stands_for` and say what it means in "
            "`description`", {"value": value})
    return value


class Glossary(Record):
    terms: list[GlossaryTerm] = []


class Allowed(Record):
    """A string the personal-data check would flag, accepted on purpose, and why."""

    text: Text
    reason: Text


class AllowList(Record):
    allowed: list[Allowed] = []
