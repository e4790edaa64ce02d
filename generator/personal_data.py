"""The personal-data check: identifiers that must never appear in published prose.

Looked for: NHS numbers (with a valid check digit), UK postcodes, phone numbers, email
addresses (written out as `jo [at] example dot org` too), National Insurance numbers, and full
dates in a sentence about a child's birth or life (not the date of a meeting or a report).
Public service contacts (the partnership's email and its contact lines in partnership.yml) are
allowed, and so is any string an editor adds, with a reason, to `data/allowed.yml`.

What is scanned is what can reach a page: every text value, whatever its field, of every
published review and briefing and of every reporting period, and of the files whose text is on
every page (`RENDERED_EVERYWHERE`). No field is picked out, so a field added to the model is
scanned from the start; what is left out, and why, is listed in `NOT_SCANNED`.

Text is looked at as a reader sees it (`personal_data_patterns.normalise`): `&#79;X4 1AA`,
`**943** 476 5919` or a postcode with a no-break space read as plain identifiers. A finding is
still reported where the editor wrote it, and its message shows only the identifier's first
characters, since the check's output lands in CI logs and pull-request comments.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load import Document, Loc, Mark, key_path, load_file
from generator.personal_data_patterns import (
    identifiers,
    nhs_number_is_valid,
    normalise,
    spelt_out,
)

__all__ = ["Finding", "check_document", "mask", "nhs_number_is_valid", "rendered_everywhere",
           "reportable", "scan"]

RENDERED_EVERYWHERE = ("partnership.yml", "themes.yml", "glossary.yml")
"""Files whose text is on every page (the site's name, contacts, themes and abbreviations):
scanned whatever else is published."""

NOT_SCANNED = {
    "reviews and briefings not published (rapid reviews among them)":
        "never rendered: the publication gate keeps them off every page, and an editor may "
        "keep working notes in them; they are scanned once they are marked published",
    "data/allowed.yml": "holds the strings accepted on purpose, each with its reason; it is "
                        "never rendered",
    "field names (mapping keys)": "fixed by the model: a key it does not know fails "
                                  "validation before the scan runs",
    "dates inside a web address": "they date the page linked to, not a child; anything else in "
                                  "an address (an email in a query, a postcode) is looked for",
}
"""What the check deliberately leaves alone, and why. Ids, enum values, dates and web
addresses are scanned like any other text: none can match an identifier by accident."""

_SIGNS = re.compile(r"[\d@\uff20\ufe6b&]")
_BARE = re.compile(r"[\d.,£%-]{1,9}|\d{4}-\d{2}-\d{2}")
"""A figure or a date on its own (`20000`, `2021-06-15`): nothing here can identify anyone
without words around it."""


def _may_identify(text: str) -> bool:
    """Every identifier holds a digit or an `@`, or is hidden behind a character reference
    (`&#64;`), or is an email spelt out (`[at]`, `dot`), and none is shorter than a postcode
    (`A11AA`). Most values (prose, ids like `f1`, dates, figures) fail one of these, and
    skipping them keeps the check cheap at thousands of records."""
    if len(text) < 5 or _BARE.fullmatch(text):
        return False
    return _SIGNS.search(text) is not None or spelt_out(text)


@dataclass(frozen=True)
class Finding:
    """One identifier: its kind, the original text it was written as and where, and how a
    reader sees it (`shown`) with a canonical form for the allow-list (`key`)."""

    kind: str
    text: str
    offset: int
    shown: str
    key: str

    @property
    def masked(self) -> str:
        return mask(self.kind, self.shown)


def scan(text: str) -> Iterator[Finding]:
    """Every personal identifier in `text`, in order."""
    if not _may_identify(text):
        return
    plain = normalise(text).text
    hits = identifiers(plain)
    if not hits:
        return  # nearly always: no need to know where each character came from
    mapped = normalise(text, mapped=True)
    for hit in hits:
        start, end = mapped.span(hit.start, hit.end)
        yield Finding(hit.kind, text[start:end], start, plain[hit.start:hit.end], hit.key)


def mask(kind: str, shown: str) -> str:
    """`shown` with all but its first characters hidden: `OX4 ***`, `943 *** ****`,
    `j***@***`. Enough to find it in the file; too little to identify anyone."""
    if kind == "an email address":
        return f"{shown[:1]}***@***"
    if kind == "a postcode":
        outward = re.sub(r"\s", "", shown)[:-3]
        return f"{outward} ***"
    first = re.match(r"[^0-9A-Za-z]*[0-9A-Za-z]+", shown)
    keep = first.end() if first else 0
    if keep * 2 > sum(character.isalnum() for character in shown):  # one long run of digits
        keep = min(keep, 3)
    return shown[:keep] + re.sub(r"[0-9A-Za-z]", "*", shown[keep:])


def rendered_everywhere(data_dir: Path) -> list[Document]:
    """The documents of `RENDERED_EVERYWHERE` in `data_dir` (as already loaded and cached)."""
    documents = []
    for name in RENDERED_EVERYWHERE:
        path = data_dir / name
        document = load_file(path)[0] if path.is_file() else None
        if document is not None:
            documents.append(document)
    return documents


@lru_cache(maxsize=8)
def _permitted(allowed: tuple[str, ...]) -> frozenset[str]:
    """The canonical forms of the allowed strings and of every identifier within them, so
    that `(0113) 496 0000` is allowed by `0113 496 0000` and `jo [at] x dot org` by
    `jo@x.org`."""
    keys = set()
    for text in allowed:
        keys.add(re.sub(r"[^0-9a-z@]", "", normalise(text).text.lower()))
        keys.update(finding.key for finding in scan(text))
    return frozenset(keys)


def reportable(text: str, allowed: Iterable[str]) -> list[Finding]:
    """The identifiers in `text` that neither `allowed` nor the identifiers in it permit."""
    return _unpermitted(text, _permitted(tuple(allowed)))


def check_document(document: Document, allowed: Iterable[str]) -> Iterator[Problem]:
    """Problems for every identifier in the text values of one published document."""
    permitted = _permitted(tuple(allowed))
    if not any(_may_identify(text) and _unpermitted(text, permitted)
               for text in _texts(document.data)):
        return  # nearly every record: nothing to report, so no need to know where texts sit
    locator = _Locator(document)
    for loc, text in _strings(document.data, ()):
        for finding in _unpermitted(text, permitted):
            mark = locator.find(loc, text, finding)
            yield Problem(document.display, mark.line, mark.column,
                          f"{key_path(loc)}: this looks like {finding.kind} "
                          f"(`{finding.masked}`), which must not be published; remove it, or "
                          "if it is meant to be public add it with a reason to "
                          "data/allowed.yml")


def _unpermitted(text: str, permitted: frozenset[str]) -> list[Finding]:
    return [finding for finding in scan(text) if finding.key not in permitted
            and re.sub(r"[^0-9a-z@]", "", finding.shown.lower()) not in permitted]


class _Locator:
    """Where, in a document's file, a finding inside one of its values was written."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.source = source = document.source
        self._cursors: dict[Loc, tuple[int, int]] = {}  # where the last search in a value ended
        self.line_starts = [0] + [index + 1 for index, character in enumerate(source)
                                  if character == "\n"]
        # Every value and key starts somewhere; a value's text ends before the next one.
        self.starts = sorted(self._index(mark) for mark in
                             (*document.marks.values(), *document.key_marks.values()))

    def _index(self, mark: Mark) -> int:
        return self.line_starts[mark.line - 1] + mark.column - 1

    def _mark(self, index: int) -> Mark:
        line = bisect.bisect_right(self.line_starts, index)
        return Mark(line, index - self.line_starts[line - 1] + 1)

    def find(self, loc: Loc, value: str, finding: Finding) -> Mark:
        """The finding's line and column, found by its original text after the value's start
        (the nth time it appears in the value is the nth time in the file); the value's own
        start when the file spells it differently (a YAML escape, a folded line).

        Findings in a value come in order, so each search goes on from where the last one
        in the same value was found: a value full of identifiers costs one pass, not one
        pass each."""
        start = self._index(self.document.mark(loc))
        following = bisect.bisect_right(self.starts, start)
        end = self.starts[following] if following < len(self.starts) else len(self.source)
        done, position = self._cursors.get(loc, (0, start))
        if finding.offset < done:
            done, position = 0, start
        for needle in _needles(finding.text):
            at = position
            for _ in range(value.count(needle, done, finding.offset) + 1):
                found = self.source.find(needle, at, end)
                if found < 0:
                    break
                at = found + len(needle)
            else:
                self._cursors[loc] = (finding.offset + len(needle), at)
                return self._mark(at - len(needle))
        return self._mark(start)


def _needles(text: str) -> Iterator[str]:
    """What to look for in the file: the text, its first line, then its first word."""
    yield text
    first_line = text.split("\n", 1)[0].rstrip()
    if first_line and first_line != text:
        yield first_line
    word = re.match(r"[!-~]+", text)
    if word and word.group() != first_line:
        yield word.group()


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every text inside `value`, with where it sits, in the order of the file."""
    # With a stack rather than recursion: at national scale this walks a million values.
    stack: list[tuple[Loc, Any]] = [(loc, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            stack.extend(((*where, key), inner) for key, inner in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend(((*where, index), inner)
                         for index, inner in reversed(list(enumerate(item))))


def _texts(value: Any) -> Iterator[str]:
    """Every text inside `value`, in no particular order: `_strings` without the places."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack += item.values()
        elif isinstance(item, list):
            stack += item
