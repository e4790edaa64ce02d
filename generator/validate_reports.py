"""Checks on a period's reports: their sections, presets, the guidance they answer, and the
figures their prose names.

Presets (`generator/presets/`) and editions of the guidance (`generator/guidance/`) ship
with the generator; a data folder's own `presets/` and `guidance/` add to them, or replace
one of the same name. A report that takes its sections from a preset is given them here,
so that everything after loading sees one shape of report.

Besides errors, this module gives the notices `check` prints and a build does not stop
for: each item of the guidance a report answers that no section covers, and each link
still without its address.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from generator.compute.reports import previous_period
from generator.errors import Problem
from generator.figures import OPTIONS, catalogue, references
from generator.load import Document, Loc, key_path
from generator.models import (
    Guidance,
    Partnership,
    Preset,
    Report,
    ReportingPeriod,
    Review,
    Section,
)

PRESETS_DIR = Path(__file__).parent / "presets"
GUIDANCE_DIR = Path(__file__).parent / "guidance"


def _problem(document: Document, loc: Loc, message: str, needle: str | None = None,
             severity: Any = "error") -> Problem:
    mark = document.locate(loc, needle) if needle else document.mark(loc)
    text = f"{key_path(loc)}: {message}" if loc else message
    return Problem(document.display, mark.line, mark.column, text, severity)


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))


def with_presets(periods: Sequence[ReportingPeriod],
                 presets: dict[str, Preset]) -> list[ReportingPeriod]:
    """`periods`, each report that names a preset and has no sections given the preset's.

    A period made so is kept while the period and its presets are the very same records,
    so that a running process (`mkdocs serve`) sees the same period after an edit elsewhere
    and keeps the pages made from it (see `render`)."""
    resolved = []
    for period in periods:
        used = tuple(presets[r.preset] for r in period.reports
                     if r.preset in presets and not r.sections)
        if used:
            kept = _RESOLVED.get(period.id)
            if kept is not None and kept[0] is period and all(
                    a is b for a, b in zip(kept[1], used, strict=False)) \
                    and len(kept[1]) == len(used):
                period = kept[2]
            else:
                made = period.model_copy(update={"reports": [
                    report.model_copy(update=dict(zip(("sections", "answers"),
                                                      _shape(report, presets), strict=True)))
                    for report in period.reports]})
                _RESOLVED[period.id] = (period, used, made)
                period = made
        resolved.append(period)
    return resolved


_RESOLVED: dict[str, tuple[ReportingPeriod, tuple[Preset, ...], ReportingPeriod]] = {}
"""Each period given its presets' sections, with the records it was made from."""


def check_reports(periods: Sequence[ReportingPeriod], documents: dict[str, Document],
                  partnership: Partnership | None, reviews: Sequence[Review],
                  presets: dict[str, Preset], preset_documents: dict[str, Document],
                  guidance: dict[str, Guidance]) -> Iterator[Problem]:
    """Every problem with the periods' reports (before presets are applied)."""
    subgroups = {s.id for s in partnership.subgroups} if partnership else None
    ordered = sorted(periods, key=lambda p: (p.first_day, p.last_day))
    for period in periods:
        document = documents[period.id]
        names = catalogue(period, previous_period(ordered, period), reviews)
        yield from _check_period_reports(period, document, subgroups, presets, guidance)
        yield from _figure_references(document, ("reports",), names,
                                      document.data.get("reports"))
        for key, value in document.data.items():
            if key != "reports":
                yield from _misplaced_references(document, (key,), value)
        for report in period.reports:
            if report.preset in preset_documents and not report.sections:
                preset_document = preset_documents[report.preset]
                yield from _figure_references(preset_document, (), names,
                                              preset_document.data, f" (in {period.id})")


def _check_period_reports(period: ReportingPeriod, document: Document,
                          subgroups: set[str] | None, presets: dict[str, Preset],
                          guidance: dict[str, Guidance]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, report in enumerate(period.reports):
        loc: Loc = ("reports", index)
        if report.id in seen:
            yield _problem(document, (*loc, "id"), f"the id `{report.id}` is already used by "
                                                   f"reports[{seen[report.id] + 1}]")
        seen.setdefault(report.id, index)
        if report.subgroup and subgroups is not None and report.subgroup not in subgroups:
            yield _problem(document, (*loc, "subgroup"),
                           f"there is no subgroup `{report.subgroup}` in partnership.yml")
        if report.preset and report.preset not in presets:
            yield _problem(document, (*loc, "preset"),
                           f"there is no preset `{report.preset}`; the presets are: "
                           f"{', '.join(sorted(presets)) or 'none'}")
        answers = _shape(report, presets)[1]
        if answers and answers not in guidance:
            yield _problem(document, (*loc, "answers"),
                           f"there is no edition of the guidance `{answers}`; the editions "
                           f"are: {', '.join(sorted(guidance))}")
        edition = guidance.get(answers) if answers else None
        items = {item.id for item in edition.yearly_report.items} if edition else None
        for section_loc, section in _sections(report.sections, (*loc, "sections")):
            for position, item in enumerate(section.covers):
                if items is None:
                    yield _problem(document, (*section_loc, "covers", position),
                                   "`covers` names an item of the guidance the report "
                                   "answers: say which with `answers:` on the report")
                elif item not in items and edition is not None:
                    yield _problem(document, (*section_loc, "covers", position),
                                   f"`{item}` is not an item of {edition.title}; "
                                   f"its items are: {', '.join(sorted(items))}")


def _sections(sections: Sequence[Section], loc: Loc) -> Iterator[tuple[Loc, Section]]:
    for index, section in enumerate(sections):
        here = (*loc, index)
        yield here, section
        yield from _sections(section.sections, (*here, "sections"))


def _figure_references(document: Document, loc: Loc, names: dict[str, Any], value: Any,
                       where: str = "") -> Iterator[Problem]:
    for at, text in _strings(value, loc):
        if "figure:" not in text:
            continue
        for match, name, options in references(text):
            if name not in names:
                close = difflib.get_close_matches(name, list(names), n=3, cutoff=0.75)
                hint = (f"; did you mean {', '.join(f'`{n}`' for n in close)}?" if close
                        else "; the editor's guide lists the names")
                yield _problem(document, at, f"`{match.group(0)}` names no figure of this "
                                             f"period{where}{hint}", match.group(0))
            elif options - OPTIONS:
                yield _problem(document, at, f"`{match.group(0)}`: `{' '.join(options - OPTIONS)}`"
                                             " is not an option; after `|` write `words`, "
                                             "`Words` or `unit`", match.group(0))


def _misplaced_references(document: Document, loc: Loc, value: Any) -> Iterator[Problem]:
    for at, text in _strings(value, loc):
        if "{figure:" in text:
            yield _problem(document, at, "a figure can be named (`{figure: ...}`) only in a "
                                         "report's sections; write it there",
                           "{figure:")


def misplaced_in(document: Document) -> Iterator[Problem]:
    """`{figure: ...}` in a review's or briefing's file, where no period's figures apply."""
    if "{figure:" in document.source:
        yield from _misplaced_references(document, (), document.data)


def notices(periods: Sequence[ReportingPeriod], documents: dict[str, Document],
            presets: dict[str, Preset], guidance: dict[str, Guidance]) -> Iterator[Problem]:
    """What `check` points out without failing: each item of the guidance a report answers
    that none of its sections covers, and each link in a report still without an address."""
    for period in periods:
        document = documents[period.id]
        for index, report in enumerate(period.reports):
            loc: Loc = ("reports", index)
            sections, answers = _shape(report, presets)
            if answers in guidance:
                yield from _missing_items(document, loc, report, sections, guidance[answers])
            for section_loc, section in _sections(report.sections, (*loc, "sections")):
                for part_index, part in enumerate(section.parts):
                    yield from _waiting(document, (*section_loc, "parts", part_index,
                                                   "links"), part.links)


def _missing_items(document: Document, loc: Loc, report: Report,
                   sections: Sequence[Section], edition: Guidance) -> Iterator[Problem]:
    covered = {item for section in sections for below in section.walk()
               for item in below.covers}
    for item in edition.yearly_report.items:
        if item.id not in covered:
            yield _problem(document, (*loc, "id"),
                           f"the report \"{report.title}\" answers {edition.title}, which asks "
                           f"a yearly report for {item.asks[:1].lower()}{item.asks[1:]} "
                           f"(`{item.id}`); no section covers it", severity="warning")


def unlinked(reviews: Sequence[Review], review_documents: dict[str, Document],
             briefings: Sequence[Any], briefing_documents: dict[str, Document],
             ) -> Iterator[Problem]:
    """Each further reading of a published review, and each publication a published
    briefing summarises, still without its address."""
    for review in reviews:
        if review.is_published:
            yield from _waiting(review_documents[review.id], ("further_reading",),
                                review.further_reading)
    for briefing in briefings:
        if briefing.is_published:
            yield from _waiting(briefing_documents[briefing.id], ("publications",),
                                briefing.publications)


def _waiting(document: Document, loc: Loc, links: Sequence[Any]) -> Iterator[Problem]:
    """A notice for each of `links` (at `loc`) that has no `url` yet, nor says `where` to
    find it instead."""
    for index, link in enumerate(links):
        if link.url is None and not getattr(link, "where", None):
            yield _problem(document, (*loc, index), f"the link \"{link.title}\" has no "
                           "address yet (`url`); it is shown as plain text", severity="notice")


def _shape(report: Report, presets: dict[str, Preset]) -> tuple[list[Section], str | None]:
    """A report's sections and the guidance it answers: its own, else its preset's."""
    preset = presets.get(report.preset) if report.preset else None
    if preset is None:
        return report.sections, report.answers
    return (report.sections or preset.sections), (report.answers or preset.answers)
