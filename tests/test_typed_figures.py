"""No figure typed twice: the example data's prose names every worked-out figure it gives.

The scan reads every piece of prose in the period files and in the reviews, finds each
number written in it (in digits or in words), and lists any that equals a figure the site
works out for that period (or that review), said of the same thing (a word of the figure's
unit or description follows within a few words), without naming it with `{figure: ...}`.
Years, ages and places in a document are left out first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import yaml

from conftest import EXAMPLE_DATA
from generator.compute.reports import period_figures
from generator.figures import REFERENCE, catalogue
from generator.models import Figure
from generator.validate import load_dataset

WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fifteen": 15, "twenty": 20, "twice": 2, "half": 2}
NOT_PROSE = {"id", "label", "title", "heading", "source", "by", "url", "quote", "subgroup",
             "preset", "answers", "covers", "block", "start", "end", "date", "partnership"}
"""Keys whose values are names, addresses or someone's own words, not our prose."""
OTHER_MEASURES = re.compile(
    r"(19|20)\d\d(/\d\d|-\d\d)?"          # a year, or a year such as 2021/22 or 2021-22
    r"|\b\d+ (working )?days\b"           # a timescale
    r"|\b(aged?|of|over|under) \d+\b"     # an age
    r"|\b\d+ (years?|months?) (old|and)\b"
    r"|\b\d+ and over\b|\b\d+ to \d+ year"  # an age group
    r"|section \d+(\.\d+)?|appendix \w\b"  # a place in a document
    r"|\bthe first two\b|\bone to one\b|\bone of\b|\bone another\b|\bno one\b"
    r"|\bonly one\b|\bon (that )?one\b|\bone in ten\b|\bevery one\b|\bbut one\b"
    r"|\bthree priorit|\bthree groups\b|\bfour-term\b|\bone \w+ in ten\b|covid-19",
    re.IGNORECASE)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
NUMBER = re.compile(r"\b\d[\d,]*(\.\d+)?\b|\b(" + "|".join(WORDS) + r")\b", re.IGNORECASE)


def prose(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if key not in NOT_PROSE:
            yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from prose(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from prose(item, key)


STOP = {"the", "and", "with", "from", "that", "this", "their", "they", "which", "were",
        "made", "held", "worked", "period", "before", "safeguarding",
        "practice", "local", "partnership", "national"}
FOLLOWING = 6
"""How many words after a number are read for what it counts."""


def words_of(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]+", text.lower())
            if len(word) > 3 and word not in STOP}


def typed_numbers(text: str) -> Iterator[tuple[Decimal, str, set[str]]]:
    """Each number in `text`: its value, where it is, and the words that follow it."""
    text = LINK_TARGET.sub("]", REFERENCE.sub(" ", " ".join(text.split())))
    text = OTHER_MEASURES.sub(" ", text)
    for match in NUMBER.finditer(text):
        word = match.group(0)
        value = (Decimal(WORDS[word.lower()]) if word.lower() in WORDS
                 else Decimal(word.replace(",", "")))
        start = max(0, match.start() - 40)
        after = " ".join(text[match.end():].split()[:FOLLOWING])
        yield value, text[start:match.end() + 40], words_of(after)


def as_number(value: Any) -> Decimal | None:
    if isinstance(value, Figure):
        value = value.value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    return None


Worked = list[tuple[Decimal, set[str]]]
"""Each worked-out figure: its value, and the words of its unit and description."""


def worked_out() -> dict[str, Worked]:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    values: dict[str, Worked] = {}
    for figures in period_figures(dataset):
        names = catalogue(figures.period, figures.previous, dataset.reviews)
        values[figures.period.id] = [
            (number, words_of(" ".join([*(entry.unit or ()), entry.about])))
            for entry in names.values()
            if (number := as_number(entry.value(figures))) is not None]
    return values


def matches(value: Decimal, following: set[str], worked: Worked) -> bool:
    return any(value == number and following & words for number, words in worked)


def test_the_scan_finds_a_typed_figure() -> None:
    """The scan itself works: a figure typed where it is worked out is found, and a
    number that counts something else is not."""
    worked = worked_out()["2021-22"]
    text = ("The subgroup held six rapid reviews, against 9 in 2020-21, within 5 working "
            "days; it worked on 5 reviews, and five people were commended.")
    found = [value for value, _, following in typed_numbers(text)
             if matches(value, following, worked)]
    assert found == [Decimal(6), Decimal(5)]


@pytest.mark.parametrize("period_id", ["2020-21", "2021-22"])
def test_no_worked_out_figure_is_typed_in_a_period_s_prose(period_id: str) -> None:
    worked = worked_out()[period_id]
    data = yaml.safe_load((EXAMPLE_DATA / "periods" / f"{period_id}.yml").read_text("utf-8"))
    typed = [(value, where) for text in prose(data)
             for value, where, following in typed_numbers(text)
             if matches(value, following, worked)]
    assert typed == [], "typed where a figure is worked out (name it with {figure: ...}):\n" \
        + "\n".join(f"{value}: ...{where}..." for value, where in typed)


def test_no_review_types_its_own_counts() -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    for review in dataset.reviews:
        counts = {Decimal(n) for n in (review.recommendation_count, len(review.findings))
                  if n and n > 1}
        data = yaml.safe_load((EXAMPLE_DATA / "reviews" / f"{review.id}.yml").read_text("utf-8"))
        typed = [(value, where) for text in prose(data)
                 for value, where, following in typed_numbers(text)
                 if value in counts and following & {"recommendations", "findings"}]
        assert typed == [], review.id + ": " + "; ".join(where for _, where in typed)
