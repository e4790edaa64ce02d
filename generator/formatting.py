"""How figures read on a page: `23,920`, `£8,000`, `an increase of 33%`, `fewer than 3`,
`over 300`, `six`. One place for every page kind and for figures named in prose."""

from __future__ import annotations

import re
from decimal import Decimal

from num2words import num2words

from generator.models import Figure, Money

QUALIFIER = {"exact": "", "approximately": "approximately ", "over": "over "}
"""How exact a figure or an amount is, as the words before it."""


def number(value: int | Decimal | None, missing: str = "not recorded") -> str:
    """`23,920`; `2.5`; a figure that is not held reads as `not recorded`."""
    if value is None:
        return missing
    if isinstance(value, int) or value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}".rstrip("0")


def small(value: int | None, threshold: int | None) -> str:
    """A count of children, hidden as `fewer than N` when small enough to identify someone."""
    if value is not None and threshold and 0 < value < threshold:
        return f"fewer than {threshold}"
    return number(value)


def money(value: int | Money | None) -> str:
    """`£428,238`; an approximate cost reads `approximately £8,000`."""
    if value is None:
        return "not recorded"
    if isinstance(value, Money):
        return f"{QUALIFIER[value.qualifier]}£{value.amount:,}"
    return f"£{value:,}" if value >= 0 else f"-£{-value:,}"


def tel(phone: object) -> str:
    """A phone number as a link a phone can dial: `0345 050 7666` -> `tel:03450507666`."""
    return "tel:" + re.sub(r"[^\d+]", "", str(phone))


def held(figure: Figure | None, words: bool = False) -> str:
    """A held figure with its qualifier and unit: `over 8,000`, `23%`; with `words`, a
    whole number in words (`over three hundred`)."""
    if figure is None:
        return "not recorded"
    value = figure.value
    shown = (as_words(int(value)) if words and value == value.to_integral_value()
             else number(value))
    return f"{QUALIFIER[figure.qualifier]}{shown}{'%' if figure.unit == 'percent' else ''}"


def as_words(value: int) -> str:
    """`6` as "six", `148097` as "one hundred and forty-eight thousand and ninety-seven"."""
    return str(num2words(value, lang="en"))


def change(percent: int | None) -> str:
    """`an increase of 33%`, `a fall of 5%`, `no change`."""
    if percent is None:
        return "no earlier figure to compare with"
    if percent == 0:
        return "no change"
    return f"an increase of {percent}%" if percent > 0 else f"a fall of {-percent}%"


def plural(count: int | None, singular: str, many: str | None = None) -> str:
    """`1 review`, `3 reviews`; `reviews (number not recorded)` for a count not recorded."""
    if count is None:
        return f"{many or singular + 's'} (number not recorded)"
    return f"{count} {singular if count == 1 else (many or singular + 's')}"
