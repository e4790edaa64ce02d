"""The partnership: who it is, its subgroups and contacts, its themes, the glossary and
the personal-data check's allow list."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StringConstraints,
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
