"""What is marked published but has no page yet, and why: said by `check`, `diff` and the
pull-request summary, so an editor never waits for a page that nothing says is withheld.

A record is withheld while its publication date is after the day the site is built as of
(`generator/as_of.py`). Only its file, id and date are told: never its title or prose,
which are as unpublished as the rest of it until that day.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.as_of import AsOf, today
from generator.errors import Problem
from generator.gate import embargoed
from generator.load import Document
from generator.models import Briefing, PartialDate, Partnership, Review


@dataclass(frozen=True)
class Withheld:
    """One record marked published whose page is not made yet."""

    noun: str
    """`review` or `briefing`."""
    id: str
    date: PartialDate
    """Its publication date: its page appears on the first build on or after its first day."""

    def reason(self, day: AsOf) -> str:
        """Why it has no page, in a sentence that starts lower case."""
        if day.source == "data" and self.date.first_day <= today():
            return (f"its publication date ({self.date.long}) has come, but `site.build_date` "
                    f"in partnership.yml holds the site at {day.long}; remove `build_date` to "
                    "build as of the day of each build")
        first = _first(self.date)
        when = "that day" if first == self.date.long else first
        return (f"embargoed until its publication date, {self.date.long}: its page appears "
                f"on the first build on or after {when} (the site is built as of "
                f"{day.describe()})")


def withheld(reviews: Sequence[Review], briefings: Sequence[Briefing],
             day: AsOf) -> list[Withheld]:
    """Every record marked published whose date has not come by `day`, soonest first."""
    found = [Withheld(noun, record.id, record.publication.date)
             for noun, records in (("review", reviews), ("briefing", briefings))
             for record in records
             if embargoed(record.publication, day.day) and record.publication.date]
    return sorted(found, key=lambda item: (item.date.first_day, item.noun, item.id))


def withheld_notices(partnership: Partnership | None, partnership_doc: Document | None,
                     reviews: Sequence[Review], review_docs: dict[str, Document],
                     briefings: Sequence[Briefing], briefing_docs: dict[str, Document],
                     day: AsOf) -> Iterator[Problem]:
    """`check`'s notice for each withheld record, at its publication date, and a warning
    wherever `site.build_date` fixes the day (it stops every embargo lifting by itself)."""
    configured = partnership.site.build_date if partnership is not None else None
    if configured is not None and partnership_doc is not None:
        mark = partnership_doc.mark(("site", "build_date"))
        yield Problem(partnership_doc.display, mark.line, mark.column,
                      f"site.build_date: the site is built as of {configured.long} whatever "
                      "the day, so records published after it stay off the site and no "
                      "embargo lifts by itself; remove it to build as of the day of each "
                      "build (a build can be pinned with --as-of instead)", "warning")
    documents = {"review": review_docs, "briefing": briefing_docs}
    for item in withheld(reviews, briefings, day):
        document = documents[item.noun].get(item.id)
        if document is None:
            continue
        mark = document.mark(("publication", "date"))
        yield Problem(document.display, mark.line, mark.column,
                      f"publication.date: no page yet: {item.reason(day)}",
                      "warning" if day.source == "data" else "notice")


def _first(when: PartialDate) -> str:
    first = when.first_day
    return PartialDate(first.year, first.month, first.day).long
