"""The words a page uses for what it describes, by the regime it was done under.

A 2016 board's page speaks of cases considered for a serious case review and the national
panel of independent experts; a 2021 partnership's of rapid reviews, local child
safeguarding practice reviews and the Child Safeguarding Practice Review Panel. What the
partnership calls itself is data (`partnership.yml`, or a period's `body`), not wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.models import Regime


@dataclass(frozen=True)
class Wording:
    guidance: str
    """The statutory guidance, as a title: "Working Together 2015"."""
    consideration: str
    """One referred case considered for review, in a sentence."""
    considerations: str
    considerations_heading: str
    held: str
    """The row that counts them: "Rapid reviews held"."""
    consideration_purpose: str
    local_review: str
    """The regime's statutory local review, in a sentence."""
    local_reviews: str
    panel: str
    """The national panel, in full, in a sentence."""
    panel_short: str
    body: str
    """The kind of local body, in a sentence: "Local Safeguarding Children Board"."""
    partners: str


_BEFORE_2018 = dict(
    consideration="case considered for a serious case review",
    considerations="cases considered for a serious case review",
    considerations_heading="Cases considered for review",
    held="Cases considered",
    consideration_purpose=(
        "Agencies refer a case to the Board when a child has died or been seriously harmed "
        "and abuse or neglect is known or suspected. The Board's review subgroup considers "
        "each case and decides whether it meets the criteria for a serious case review, "
        "calls for another kind of review, or needs no review. Considered cases are never "
        "published; this section counts them."),
    local_review="serious case review",
    local_reviews="serious case reviews",
    panel="the national panel of independent experts on serious case reviews",
    panel_short="the national panel",
    body="Local Safeguarding Children Board",
    partners="the Board's partner agencies",
)

_FROM_2018 = dict(
    consideration="rapid review",
    considerations="rapid reviews",
    considerations_heading="Rapid reviews",
    held="Rapid reviews held",
    consideration_purpose=(
        "A rapid review decides, within weeks of a serious incident, whether a local child "
        "safeguarding practice review is needed. Rapid reviews are never published; this "
        "section counts them."),
    local_review="local child safeguarding practice review",
    local_reviews="local child safeguarding practice reviews",
    panel="the Child Safeguarding Practice Review Panel",
    panel_short="the national Panel",
    body="safeguarding partnership",
    partners="the safeguarding partners",
)

WORDING: dict[Regime, Wording] = {
    regime: Wording(guidance=regime.label, **(_BEFORE_2018 if regime.before_2018 else _FROM_2018))
    for regime in Regime
}
WORDING[Regime.WT2023] = Wording(
    guidance=Regime.WT2023.label,
    **{**_FROM_2018, "partners": "the lead safeguarding partners and their delegates"})


def wording(regime: Regime) -> Wording:
    return WORDING[regime]


def report_noun(first: date, last: date) -> str:
    """"annual report" for a year's report; "report" for one over another span (13 months,
    a board's last 15), which is not annual."""
    days = (last - first).days + 1
    return "annual report" if 365 <= days <= 366 else "report"
