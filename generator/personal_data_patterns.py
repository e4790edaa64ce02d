"""What the personal-data check looks for, and the text it looks in.

`normalise` turns a value into the text a reader sees once it is rendered: character
references decoded, invisible characters and Markdown emphasis dropped, spaces and line breaks
inside a paragraph made single spaces. `identifiers` then finds every identifier in that text.
Each step can also say, for every character it gives, where that character came from, so a
finding is reported where the editor wrote it.
"""

from __future__ import annotations

import bisect
import calendar
import html
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from typing import NamedTuple

# --- Normalising ---------------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#\d{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_HIDDEN = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters
_SOFT = rf"[\s{_HIDDEN}*_`]"  # what a run of spaces takes with it: emphasis next to a space
_CHARACTERS = re.compile(
    rf"(?P<space>{_SOFT}*\s{_SOFT}*)"
    # Emphasis and code marks; `_` only where it cannot be part of a word (`jo_bloggs`).
    rf"|[{_HIDDEN}*`]+|(?<![^\W_])_+|_+(?![^\W_])"
    r"|\\(?P<escaped>[!-/:-@\[-`{-~])"  # a Markdown backslash escape shows the character
    r"|(?P<other>[^\x00-\x7f])")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
# A line that starts a list item, a heading, a quote or a table row starts a new sentence.
_BLOCK_START = re.compile(r"[ \t]*(?:[-+>#|]|\d{1,3}[.)])\s")
_LIST_STAR = re.compile(r"\n[ \t]*\*[ \t]")
_NEEDS_WORK = re.compile(r"[&\t\n\r\f\v*_`\\]|  |[^\x00-\x7f]")


class Normalised(NamedTuple):
    """Normalised text and, if asked for, where each of its characters came from."""

    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that `text[start:end]` came from."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def normalise(text: str, *, mapped: bool = False) -> Normalised:
    """`text` as a reader sees it; with `mapped`, the origin of every character too."""
    if not _NEEDS_WORK.search(text):
        return Normalised(text)
    result = Normalised(text, list(range(len(text))), list(range(1, len(text) + 1))) \
        if mapped else Normalised(text)
    for _ in range(4):  # `&amp;#79;` is `&#79;` once decoded, and `O` the next time
        decoded = _replace(result, _ENTITY, lambda match: html.unescape(match.group()))
        if decoded.text == result.text:
            break
        result = decoded
    return _replace(result, _CHARACTERS, _character)


def _character(match: re.Match[str]) -> str:
    if match.group("space") is not None:
        run = match.group()
        breaks = run.count("\n")
        if breaks == 0:
            return " "
        if breaks > 1 or _LIST_STAR.search(run) or _BLOCK_START.match(match.string,
                                                                       match.end()):
            return "\n"  # a paragraph or a list item ends the sentence
        return " "  # a line break inside a sentence
    if match.group("escaped") is not None:
        return match.group("escaped")
    if match.group("other") is not None:
        return unicodedata.normalize("NFKC", match.group()).translate(_DASHES)
    return ""


def _replace(source: Normalised, pattern: re.Pattern[str],
             replace: Callable[[re.Match[str]], str]) -> Normalised:
    """`pattern.sub(replace, ...)` over `source`, carrying the origins along if it has them."""
    if source.starts is None or source.ends is None:
        return Normalised(pattern.sub(replace, source.text))
    text, starts, ends = source.text, source.starts, source.ends
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    done = 0
    for match in pattern.finditer(text):
        begin, end = match.span()
        pieces.append(text[done:begin])
        new_starts += starts[done:begin]
        new_ends += ends[done:begin]
        replacement = replace(match)
        pieces.append(replacement)
        new_starts += [starts[begin]] * len(replacement)
        new_ends += [ends[end - 1]] * len(replacement)
        done = end
    pieces.append(text[done:])
    return Normalised("".join(pieces), new_starts + starts[done:], new_ends + ends[done:])


# --- Identifiers ---------------------------------------------------------------------------


class Hit(NamedTuple):
    """An identifier in normalised text: what kind, where, and a canonical form of it."""

    kind: str
    start: int
    end: int
    key: str


_GROUPED = r"[ .-]?"
_NHS = re.compile(rf"(?<![\w/-])(?<!\d[.,])(\d{{3}}{_GROUPED}\d{{3}}{_GROUPED}\d{{4}}"
                  rf"|\d{{4}}{_GROUPED}\d{{3}}{_GROUPED}\d{{3}})(?![\w/-]|[.,]\d)")
_POSTCODE = re.compile(r"(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \n]?"
                       r"\d[ABD-HJLNP-UW-Z]{2})(?![\w-])", re.IGNORECASE)
# A UK number written out: 0 or +44 (or 0044, and `(0)`) and nine or ten more digits, grouped
# by single spaces, dots, dashes or a bracketed area code. Years, ranges like 2021-22 and
# counts like 148,097 never start that way. (A regular expression rather than phonenumbers'
# matcher and parser, which take seconds over a long run of digits or of numbers.)
_PHONE = re.compile(r"(?<![\w+(])(?:(?:\+|00)44[ .-]?(?:\(0\)[ .-]?)?\(?|\(?0)"
                    r"(?P<national>[1-9](?:(?:[ .-]|\) ?)?\d){8,9})(?!\d)")
_UK_RANGES = frozenset("1235789")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$")
# QQ is HMRC's specimen prefix: not a real number, but one written out is still flagged.
_NI = re.compile(r"(?<![\w-])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-TW-Z][A-CEGHJ-NPQR-TW-Z]"
                 r"(?:[ -]?\d{2}){3}[ -]?[A-D](?![\w-])", re.IGNORECASE)
_TLD = r"[A-Za-z]{2,}"
_EMAIL = re.compile(rf"(?<![\w.+-])([\w.+-]+) ?@ ?((?:[\w-]+\.)+{_TLD})\b")
# Written out so that harvesters miss it: `jo [at] example dot org`, `jo (at) example.org`.
_DOT = r"(?: ?(?:\[ ?dot ?\]|\( ?dot ?\)|\{ ?dot ?\}) ?| dot |\.)"
_AT = r" ?(?:\[ ?at ?\]|\( ?at ?\)|\{ ?at ?\}|<at>) ?"
_OBFUSCATED = re.compile(
    rf"(?<![\w.+-])([\w.+-]+)(?:{_AT}((?:[\w-]+{_DOT})+{_TLD})\b"
    # Plain ` at ` is everyday English ("at school"), so only with ` dot ` and a known ending.
    r"| at ((?:[\w-]+(?: dot |\.))*[\w-]+ dot (?:uk|com|org|net|gov|nhs|co|ac|sch|info|io)))\b",
    re.IGNORECASE)
_OBFUSCATED_PARTS = re.compile(r" ?[\[({]? ?dot ?[\])}]? ?", re.IGNORECASE)


def identifiers(text: str) -> list[Hit]:
    """Every identifier in normalised `text`, in order of where it starts."""
    # Each kind needs some digits: counting them first skips most of the work, as most text
    # with a digit holds only a year or a figure.
    digits = sum(map(text.count, "0123456789"))
    found: list[Hit] = []
    if digits >= 10:  # an NHS number, or a UK phone number written out
        found += _nhs_numbers(text)
        found += _phone_numbers(text, [(hit.start, hit.end) for hit in found])
    if digits >= 2:
        found += _postcodes(text)
    if digits >= 6:
        found += (Hit("a National Insurance number", m.start(), m.end(), _alnum(m.group()))
                  for m in _NI.finditer(text))
    if "@" in text or spelt_out(text):
        found += _emails(text)
    if digits >= 3 and _DATE.search(text):
        found += _dates_about_a_child(text)
    return sorted(found, key=lambda hit: hit.start)


def spelt_out(text: str) -> bool:
    """Whether `text` may hold an email address spelt out: `[at]`, `(at)`, ` dot `."""
    low = text.lower()  # with `in`, much quicker than a case-blind regular expression
    return "dot" in low or (("]" in low or ")" in low or "}" in low or ">" in low)
                            and _AT_END.search(low) is not None)


_AT_END = re.compile(r"at ?[\])}>]")


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


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


def _nhs_numbers(text: str) -> Iterator[Hit]:
    for match in _NHS.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if nhs_number_is_valid(digits):
            yield Hit("an NHS number", match.start(), match.end(), digits)


def _phone_numbers(text: str, taken: list[tuple[int, int]]) -> Iterator[Hit]:
    """UK phone numbers in `text`, apart from any overlapping a span in `taken` (in order)."""
    starts = [start for start, _ in taken]
    for match in _PHONE.finditer(text):
        start, end = match.span()
        national = match.group("national")
        digits = re.sub(r"\D", "", national)
        # UK numbers start 01, 02, 03, 05, 07, 08 or 09. Only the form is checked, as
        # phonenumbers' "possible" did: Ofcom's drama ranges are not valid, real-looking ones.
        if digits[0] in _UK_RANGES \
                and not _overlaps(start, end, taken, starts):
            yield Hit("a phone number", start, end, "0" + digits)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    at = bisect.bisect_left(starts, end) - 1  # the last span starting before `end`
    return at >= 0 and spans[at][1] > start


def _postcodes(text: str) -> Iterator[Hit]:
    for match in _POSTCODE.finditer(text):
        written = match.group()
        # In lower case, `s47 1st` or `ks2 2nd` is a section and an ordinal, not a postcode.
        if not written.isupper() and _ORDINAL.search(written.lower()):
            continue
        yield Hit("a postcode", match.start(), match.end(), _alnum(written))


def _emails(text: str) -> Iterator[Hit]:
    if "@" in text:
        for match in _EMAIL.finditer(text):
            yield Hit("an email address", match.start(), match.end(),
                      f"{match.group(1)}@{match.group(2)}".lower())
    if not spelt_out(text):
        return
    for match in _OBFUSCATED.finditer(text):
        domain = _OBFUSCATED_PARTS.sub(".", match.group(2) or match.group(3))
        yield Hit("an email address", match.start(), match.end(),
                  f"{match.group(1)}@{domain}".lower())


# --- Dates about a child -------------------------------------------------------------------

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?: of)?[ -](?P<m1>{_MONTH})\.?,?[ -](?P<y1>\d{{4}})\b"
    rf"|\b(?P<m2>{_MONTH})\.? (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y2>\d{{4}})\b"
    r"|(?<![\w.,/-])(?P<d3>\d{1,2})(?P<s3>[./-])(?P<m3>\d{1,2})(?P=s3)(?P<y3>\d{4}|\d{2})"
    r"(?![\w/-]|[.,]\d)"
    r"|(?<![\w.,/-])(?P<y4>\d{4})(?P<s4>[./-])(?P<m4>\d{1,2})(?P=s4)(?P<d4>\d{1,2})"
    r"(?![\w/-]|[.,]\d)", re.IGNORECASE)
_MONTHS = {name[:3].lower(): number for number, name in enumerate(calendar.month_name) if name}
# A sentence ends at a full stop before a capital (`d.o.b. 3.3.15` stays one), or a new line.
_SENTENCE = re.compile(r"[^\n]+?(?:(?<=[.!?])(?=\s+[A-Z\"'(\[])|$)", re.MULTILINE)
_BIRTH = re.compile(r"\b(?:born|birth(?:s|day)?|d\.? ?o\.? ?b|date of birth)\b", re.IGNORECASE)
_CHILD = re.compile(
    r"\b(?:child(?!(?:['\u2019]s)? (?:protection|safeguarding|deaths?|population|in need|sexual|"
    r"criminal|exploitation|poverty|health|and (?:adolescent|family|families)|friendly|"
    r"centred|care|abuse|mental)\b)|baby|babies|infant|toddler|newborn|son|daughter|brother|"
    r"sister|sibling|girl|boy|pupil|teenager|young person|twins?)\b"
    r"|\baged? \d|\b\d+[ -](?:years?|months?|weeks?|days?)[ -]old\b", re.IGNORECASE)
# What dates the work of the partnership rather than a child's life.
_EVENT = re.compile(
    r"\b(?:met|meet(?:s|ing|ings)?|held|panel|board|report|reports|publish(?:ed|es|ing)?|"
    r"publication|review(?:s|ed)?|notif(?:y|ied|ies|ication|ications)|commission(?:ed|ing)?|"
    r"agreed|approved|endorsed|signed|launched|submitted|presented|dated|minutes|training|"
    r"seminar|workshop|event|audit|briefing|consultation|inspection|annual|updated|issued)\b",
    re.IGNORECASE)
_NUMBERED = re.compile(r"(?:section|paragraph|para|page|p|appendix|chapter|clause|finding|"
                       r"recommendation|table|figure|point|item|version|v|§)\.? ?$",
                       re.IGNORECASE)
_BETWEEN = re.compile(r" ?(?:-|to|until|and|through) ?", re.IGNORECASE)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)


class _Date(NamedTuple):
    start: int
    end: int
    when: date


def _dates(text: str) -> Iterator[_Date]:
    for match in _DATE.finditer(text):
        if _NUMBERED.search(text, max(0, match.start() - 16), match.start()):
            continue  # `section 4.2.10` is a numbered part, not 4 February 2010
        when = _when(match)
        if when is not None:
            yield _Date(match.start(), match.end(), when)


def _when(match: re.Match[str]) -> date | None:
    for suffix in "1234":
        if match.group(f"y{suffix}"):
            year, month, day = (match.group(f"{part}{suffix}") for part in "ymd")
            break
    number = _MONTHS.get(month[:3].lower()) if month[0].isalpha() else int(month)
    full_year = int(year) if len(year) == 4 else 2000 + int(year)
    for first, second in ((int(day), number), (number, int(day))):  # UK order, then US
        try:
            return date(full_year, second or 0, first or 0)
        except ValueError:
            continue
    return None


def _dates_about_a_child(text: str) -> Iterator[Hit]:
    """Full dates in a sentence that speaks of a birth or of a child, unless the words nearest
    the date are about the partnership's own work: a meeting, a report, a notification."""
    urls = [match.span() for match in _URL.finditer(text)] if "/" in text else []
    url_starts = [start for start, _ in urls]
    for sentence in _SENTENCE.finditer(text):
        words, offset = sentence.group(), sentence.start()
        dates = [d for d in _dates(words) if not _inside(offset + d.start, urls, url_starts)]
        if not dates:
            continue
        keywords = sorted((m.start(), m.end(), kind) for kind, pattern in
                          (("birth", _BIRTH), ("child", _CHILD), ("event", _EVENT))
                          for m in pattern.finditer(words))
        if all(kind == "event" for _, _, kind in keywords):
            continue
        born = any(kind == "birth" for _, _, kind in keywords)
        starts = [start for start, _, _ in keywords]
        for index, found in enumerate(dates):
            if _is_period_bound(dates, index, words):
                continue
            # Keywords sit in order and are short: the nearest is among those either side.
            at = bisect.bisect_left(starts, found.start)
            nearest = min(keywords[max(0, at - 3):at + 3], key=lambda k: max(
                found.start - k[1], k[0] - found.end))
            if nearest[2] == "event":
                continue
            kind = "a date of birth" if born else "a full date in a sentence about a child"
            yield Hit(kind, offset + found.start, offset + found.end, found.when.isoformat())


def _inside(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    at = bisect.bisect_right(starts, position) - 1
    return at >= 0 and position < spans[at][1]


def _is_period_bound(dates: list[_Date], index: int, words: str) -> bool:
    """Part of a period statement, `1 April 2021 to 31 March 2022`: the first of a month to
    the last of a month."""
    for first, last in ((index - 1, index), (index, index + 1)):
        if first < 0 or last >= len(dates):
            continue
        start, end = dates[first], dates[last]
        if _BETWEEN.fullmatch(words, start.end, end.start) and start.when.day == 1 \
                and end.when.day == calendar.monthrange(end.when.year, end.when.month)[1]:
            return True
    return False
