"""Checks on recorded totals: they must fit the records, and name the period's age groups.

The figures are worked out by the same functions the reports use (`compute.reports`), so a
total `check` accepts is the total a report shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.compute.cases import Placing, local_figures, rapid_figures
from generator.compute.recorded import Disagreement
from generator.errors import Problem
from generator.load import Document, key_path
from generator.models import RecordedChildren, ReportingPeriod, Review


def check_recorded(periods: Sequence[ReportingPeriod], documents: dict[str, Document],
                   reviews: Sequence[Review]) -> Iterator[Problem]:
    """Every recorded total the records contradict, and every unknown age group, at its line."""
    placing = Placing.of(reviews) if any(p.recorded for p in periods) else None
    for period in periods:
        document = documents[period.id]
        yield from _unknown_age_groups(period, document)
        if period.recorded is None or placing is None:
            continue
        found: list[Disagreement] = []
        rapid_figures(period, placing.rapid_reviews_in(period), found)
        local_figures(period, placing.worked_on(period), placing.published_in(period), {},
                      disagreements=found, themes_needed=False)
        for disagreement in found:
            loc = disagreement.loc
            while loc and loc not in document.marks:  # a count of a kind not written: its map
                loc = loc[:-1]
            yield document.problem(loc, f"{key_path(loc)}: {disagreement.message}")


def _unknown_age_groups(period: ReportingPeriod, document: Document) -> Iterator[Problem]:
    ids = {group.id for group in period.age_groups}
    recorded = period.recorded
    if recorded is None:
        return
    for part in ("considerations", "reviews"):
        group = getattr(recorded, part)
        children: RecordedChildren | None = group.children if group else None
        for key in children.age_groups if children else ():
            if key not in ids:
                loc = ("recorded", part, "children", "age_groups", key)
                known = ", ".join(sorted(ids)) or "none: add `age_groups:` to the period"
                yield document.problem(
                    loc, f"{key_path(loc)}: there is no age group `{key}` in this period's "
                    f"`age_groups` (its groups: {known})")
