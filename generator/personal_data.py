"""The personal-data check: identifiers that must never appear in published prose.

Looked for in every text value of a record that will be published: NHS numbers (with a valid
check digit), UK postcodes, phone numbers, email addresses, National Insurance numbers, and
dates of birth or full dates in a sentence about a child. Public service contacts (the
partnership's email and its contact lines in partnership.yml) are allowed, and so is any
string an editor adds, with a reason, to `data/allowed.yml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import phonenumbers

from generator.errors import Problem
from generator.load import Document, Loc, key_path

_NHS = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_NI = re.compile(r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?"
                 r"\d{2} ?[A-D]\b")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? "
    rf"\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})\b")
_BIRTH = re.compile(r"\b(?:born|birth|d\.?o\.?b\.?|birthday)\b", re.IGNORECASE)
_CHILDISH = re.compile(r"\b(?:child|baby|infant|toddler|son|daughter|brother|sister|sibling|"
                       r"girl|boy|pupil|young person)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_MAY_IDENTIFY = re.compile(r"[\d@]")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    offset: int


def nhs_number_is_valid(digits: str) -> bool:
    """Modulus 11 over the first nine digits, weights 10 down to 2; a check of 10 is invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1),
                                                              strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def scan(text: str) -> Iterator[Finding]:
    """Every personal identifier in `text`, in order."""
    if not _MAY_IDENTIFY.search(text):
        # Every identifier looked for holds a digit or an `@`: most prose holds neither, and
        # skipping it keeps the check cheap at thousands of records.
        return
    # Each kind of identifier needs some digits (or an `@`); most text with a digit holds a
    # year or a child's letter and number, so counting them first skips most of the work.
    digits = len(_DIGIT.findall(text))
    found: list[Finding] = []
    if digits >= 10:  # an NHS number, or a UK phone number written out
        found += _nhs_numbers(text)
        found += list(_phone_numbers(text, tuple(found)))
    for kind, pattern, needed in (("a postcode", _POSTCODE, digits >= 2),
                                  ("an email address", _EMAIL, "@" in text),
                                  ("a National Insurance number", _NI, digits >= 6)):
        if needed:
            found += (Finding(kind, m.group(), m.start()) for m in pattern.finditer(text))
    if digits >= 4 and _FULL_DATE.search(text):
        found += _dates_about_a_child(text)
    yield from sorted(found, key=lambda f: f.offset)


def _nhs_numbers(text: str) -> Iterator[Finding]:
    for match in _NHS.finditer(text):
        if nhs_number_is_valid("".join(match.groups())):
            yield Finding("an NHS number", match.group(), match.start())


def _phone_numbers(text: str, taken: Iterable[Finding]) -> Iterator[Finding]:
    """UK phone numbers in `text`, apart from any overlapping an identifier in `taken`."""
    spans = [(f.offset, f.offset + len(f.text)) for f in taken]
    # POSSIBLE, not VALID: Ofcom's drama ranges are real-looking numbers that VALID rejects.
    # A UK number written out starts with 0 or +44 and has ten or more digits; that keeps
    # years, ranges like 2021-22 and counts like 148,097 from looking like phone numbers.
    for number in phonenumbers.PhoneNumberMatcher(text, "GB",
                                                  leniency=phonenumbers.Leniency.POSSIBLE):
        digits = sum(character.isdigit() for character in number.raw_string)
        if number.raw_string[0] in "0+" and digits >= 10 \
                and not any(start <= number.start < end for start, end in spans):
            yield Finding("a phone number", number.raw_string, number.start)


def _dates_about_a_child(text: str) -> Iterator[Finding]:
    """Full dates in a sentence that speaks of a birth or of a child."""
    for sentence in _SENTENCE.finditer(text):
        words = sentence.group()
        for match in _FULL_DATE.finditer(words):
            if _BIRTH.search(words):
                kind = "a date of birth"
            elif _CHILDISH.search(words):
                kind = "a full date in a sentence about a child"
            else:
                continue
            yield Finding(kind, match.group(), sentence.start() + match.start())


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


def check_document(document: Document, allowed: Iterable[str]) -> Iterator[Problem]:
    """Problems for every identifier in the text values of one published record's file."""
    if not any(_MAY_IDENTIFY.search(text) and next(scan(text), None)
               for text in _texts(document.data)):
        return  # nearly every record: nothing to report, so no need to know where texts sit
    permitted = {" ".join(text.split()).lower() for text in allowed}
    for loc, text in _strings(document.data, ()):
        for finding in scan(text):
            if " ".join(finding.text.split()).lower() in permitted:
                continue
            mark = document.locate(loc, finding.text)
            yield Problem(document.display, mark.line, mark.column,
                          f"{key_path(loc)}: this looks like {finding.kind} "
                          f"(`{finding.text}`), which must not be published; remove it, or if it "
                          "is meant to be public add it with a reason to data/allowed.yml")
