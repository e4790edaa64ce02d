"""Reporting periods and what their annual reports hold beyond the records.

Only what cannot be worked out from the review records is held here, once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    Field,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from generator.models.dates import (
    PartialDate,
    When,
)
from generator.models.fields import (
    Markdown,
    Record,
    Slug,
    Text,
)
from generator.models.recorded import AgeGroup, Recorded
from generator.models.reports import Report
from generator.models.reviews import regime_on
from generator.models.vocabularies import Regime


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

    id: Slug | None = None
    """Its name in prose: `{figure: ratio.ID}`."""
    numerator: Slug
    denominator: Slug
    text: Text
    stated: Annotated[Decimal, Field(gt=0)] | None = None


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


def _moved(kind: str) -> Any:
    def refuse(value: Any) -> Any:
        if value is None:
            return value
        raise PydanticCustomError(
            "report_moved", "a period's reports are now a list under `reports:`, each with "
            "its own sections: run `python -m generator migrate` to move this one there, "
            "showing what its page showed (the editor's guide, \"Annual reports\", says "
            "more)", {"kind": kind})
    return refuse


class ReportingPeriod(Record):
    """A year (or any span) that annual reports cover. Its id is its file name: `2021-22`."""

    id: Slug
    title: Text
    start: When
    end: When
    regime: Regime | None = None
    """The guidance the period's reports were written under; left out, the one in force on
    the period's first day (a board's year that straddles 2018 may say which)."""
    body: Text | None = None
    """What the partnership called itself in this period's reports, where it differs from
    `partnership.yml` (a board before it became a partnership): `Oxfordshire Safeguarding
    Children Board`."""
    age_groups: list[AgeGroup] = []
    """The age groups this period's reports count children by ("under 5", "13 and over")."""
    recorded: Recorded | None = None
    """Figures the source gives only as totals: see `Recorded`."""
    statistics: list[Statistic] = []
    ratios: list[Ratio] = []
    training: FigureGroup | None = None
    child_deaths: FigureGroup | None = None
    budget: Budget | None = None
    reports: list[Report] = []
    """The period's reports, each an ordered list of sections: see `Report`."""
    subgroup_report: SkipJsonSchema[Annotated[Any, AfterValidator(_moved("subgroup"))]] = None
    partnership_report: SkipJsonSchema[
        Annotated[Any, AfterValidator(_moved("partnership"))]] = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end.last_day < self.start.first_day:
            raise PydanticCustomError("period_order", "the period ends (`end`) before it "
                                      "starts (`start`)")
        return self

    @property
    def under(self) -> Regime:
        """The regime of the period's reports: as stated, else the one on its first day."""
        return self.regime if self.regime is not None else regime_on(self.first_day)

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
