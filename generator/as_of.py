"""The day the site is built as of: it decides which embargoes have lifted, which
recommendations are overdue and which dates lie in the future.

By default it is the day of the build, in England (so a review published "on 3 March" appears
on the first build on or after 3 March, and the daily scheduled build publishes it without a
commit). Three things can fix it instead, the first that is set winning:

1. `--as-of DATE` on the command line, which sets `SLH_AS_OF` for every process the build
   starts (MkDocs and its hook included);
2. `site.build_date` in partnership.yml: an explicit override, which `check` reports every
   time, because with it an embargo never lifts by itself;
3. `SOURCE_DATE_EPOCH`, the reproducible-builds convention (seconds since 1970, UTC).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from generator.errors import GeneratorError
from generator.models import Partnership
from generator.models.dates import PartialDate

AS_OF_VARIABLE = "SLH_AS_OF"
"""The environment variable `--as-of` sets (an ISO date, `2027-03-03`)."""

ENGLAND = ZoneInfo("Europe/London")

Source = Literal["option", "data", "epoch", "today"]


@dataclass(frozen=True)
class AsOf:
    """The day, and what set it (for messages that say why something is withheld)."""

    day: date
    source: Source

    @property
    def long(self) -> str:
        """`6 December 2026`."""
        return PartialDate(self.day.year, self.day.month, self.day.day).long

    def describe(self) -> str:
        """The day with where it came from, for a message: `today, 6 December 2026`."""
        return {
            "today": f"today, {self.long}",
            "option": f"{self.long}, given with --as-of",
            "data": f"{self.long}, `site.build_date` in partnership.yml",
            "epoch": f"{self.long}, from SOURCE_DATE_EPOCH",
        }[self.source]


def as_of(partnership: Partnership | None,
          environ: Mapping[str, str] = os.environ) -> AsOf:
    """The day the site is built as of (see the module's notes for the order)."""
    given = environ.get(AS_OF_VARIABLE, "").strip()
    if given:
        return AsOf(parse_day(given, AS_OF_VARIABLE), "option")
    configured = partnership.site.build_date if partnership is not None else None
    if configured is not None:
        # A date given only to the month or year means "as of the end of it".
        return AsOf(configured.last_day, "data")
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise GeneratorError(f"SOURCE_DATE_EPOCH is {epoch!r}: it must be a whole number "
                                 "of seconds since 1 January 1970") from None
        return AsOf(moment.astimezone(ENGLAND).date(), "epoch")
    return AsOf(today(), "today")


def today() -> date:
    """Today in England, where publication dates are set."""
    return datetime.now(ENGLAND).date()


def parse_day(text: str, where: str = "--as-of") -> date:
    """An ISO date (`2027-03-03`), or a GeneratorError that says what was wrong."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise GeneratorError(f"{where} is {text!r}: give a date as year-month-day, such as "
                             "2027-03-03") from None
