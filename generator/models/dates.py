"""Dates known to the year, the month or the day, as real sources give them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

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
