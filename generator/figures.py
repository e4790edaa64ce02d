"""Figures named in prose: `{figure: reviews}`, `{figure: considered | words unit}`.

A report's prose never types a figure that is worked out: it names it, and the page shows
the figure as worked out, so two statements cannot disagree and a change of data changes
every sentence that uses it. `catalogue` lists every name a period's reports may use, from
the period alone (so `check` can refuse an unknown name at its line before anything is
computed); `FigureTable` gives their values once the figures are.

The options after `|`: `words` (six), `Words` (Six, to start a sentence), `unit` (6 rapid
reviews), in any combination.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, Literal

from generator.compute.recorded import NOT_RECORDED, Tally
from generator.formatting import as_words, change, held, money, number
from generator.models import (
    Figure,
    ReportingPeriod,
    Review,
    ReviewType,
    Sex,
)
from generator.wording import wording

REFERENCE = re.compile(r"(?:\{|&#123;)figure:[ \t]*([^|}\n]*?)[ \t]*(?:\|([^}\n]*))?\}")
"""`{figure: name | options}`, in the data as written or as the model stored it (`{` is
kept as a character reference so that it never starts an attribute list)."""
OPTIONS = frozenset({"words", "Words", "unit"})

Kind = Literal["count", "children", "percent", "change", "ratio", "money", "figure"]


@dataclass(frozen=True)
class Entry:
    """One name a report's prose may use: where its value comes from and how it reads."""

    value: Callable[[Any], Any]
    """From the period's figures (`compute.reports.PeriodFigures`) to the value."""
    kind: Kind = "count"
    unit: tuple[str, str] | None = None
    """The thing counted, singular and plural, for the `unit` option."""
    about: str = ""
    """What it is, for the editor's guide and for messages."""


def _row(tally: Tally, label: str) -> int | None:
    """A count from a breakdown: 0 when the whole breakdown is known and leaves it out,
    None when the breakdown is not recorded or leaves part of it unknown."""
    rows = dict(tally.rows)
    if label in rows:
        return rows[label]
    return None if not rows or NOT_RECORDED in rows or label in tally.named else 0


def _children(get: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda figures: (get(figures) if figures is not None and figures.recorded
                            else None)


def _case_entries(period: ReportingPeriod, side: str) -> Iterator[tuple[str, Entry]]:
    """The names for the cases considered and the reviews worked on, from `side`
    ("" for this period, "previous_" for the one before)."""
    words = wording(period.under)
    consideration = (words.consideration, words.considerations)

    def rapid(get: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return lambda f: (None if (r := getattr(f, f"{side}rapid")) is None else get(r))

    def local(get: Callable[[Any], Any]) -> Callable[[Any], Any]:
        return lambda f: (None if (r := getattr(f, f"{side}local")) is None else get(r))

    child, family = ("child", "children"), ("family", "families")
    yield "considered", Entry(rapid(lambda r: r.held), unit=consideration,
                              about=f"{words.considerations} held")
    yield "considered.local-review-decided", Entry(
        rapid(lambda r: r.recommended_cspr), unit=consideration,
        about=f"decisions to hold a {words.local_review}")
    yield "considered.joint-neighbouring", Entry(
        rapid(lambda r: r.joint_with_neighbours), unit=consideration,
        about="held jointly with a neighbouring partnership")
    yield "considered.deaths", Entry(rapid(lambda r: r.concerning_a_death), unit=consideration,
                                     about="concerning a child who died")
    yield "considered.panel-agreed", Entry(rapid(lambda r: r.panel_agreed), unit=("decision",
                                           "decisions"), about="the national Panel agreed")
    yield "considered.panel-disagreed", Entry(
        rapid(lambda r: r.panel_disagreed), unit=("decision", "decisions"),
        about="the national Panel disagreed")
    yield "considered.referral-sources", Entry(
        rapid(lambda r: r.referral_source_count), unit=("referral source", "referral sources"),
        about="different referral sources")
    yield "reviews", Entry(local(lambda r: r.worked_on), unit=("review", "reviews"),
                           about="reviews worked on")
    yield "reviews.signed-off", Entry(local(lambda r: r.signed_off), unit=("review", "reviews"),
                                      about="reviews completed and signed off")
    yield "reviews.published", Entry(local(lambda r: r.published_count),
                                     unit=("review", "reviews"), about="reviews published")
    yield "reviews.recommendations", Entry(
        local(lambda r: r.recommendations), unit=("recommendation", "recommendations"),
        about="recommendations made by the reviews signed off")
    for review_type in ReviewType:
        if review_type not in (ReviewType.RAPID_REVIEW, ReviewType.CONSIDERATION):
            yield f"reviews.type.{review_type.value}", Entry(
                local(partial(_type_row, review_type.label)),
                unit=("review", "reviews"), about=f"reviews worked on: {review_type.label}")
    for prefix, group in (("considered", rapid), ("reviews", local)):
        children = lambda f, g=group: g(lambda r: r.children)(f)  # noqa: E731
        yield f"{prefix}.children", Entry(_children_of(children, "total"), "children", child,
                                          about="children concerned")
        yield f"{prefix}.families", Entry(_children_of(children, "families"), "children",
                                          family, about="families")
        yield f"{prefix}.children-died", Entry(_children_of(children, "died"), "children",
                                               child, about="children who had died")
        for age_group in period.age_groups:
            yield f"{prefix}.age.{age_group.id}", Entry(
                _tally_of(children, "age_groups", age_group.label), "children", child,
                about=f"children: {age_group.label}")
        for sex in Sex:
            yield f"{prefix}.sex.{sex.value}", Entry(
                _tally_of(children, "sex", sex.label), "children", child,
                about=f"children: {sex.label.lower()}")


def _type_row(label: str, local: Any) -> int | None:
    return _row(local.by_type, label)


def _ratio(index: int, figures: Any) -> Any:
    return figures.ratios[index].value if index < len(figures.ratios) else None


def _budget(part: str, figures: Any) -> Any:
    return getattr(figures.budget, part) if figures.budget else None


def _of_review(review: Review, count: str, _figures: Any) -> int | None:
    if count == "recommendations":
        return review.recommendation_count
    return len(review.findings) if count == "findings" else (len(review.children) or None)


def _children_of(children: Callable[[Any], Any], name: str) -> Callable[[Any], Any]:
    return lambda f: (None if (c := children(f)) is None
                      or (name == "total" and not c.recorded) else getattr(c, name))


def _tally_of(children: Callable[[Any], Any], name: str, label: str) -> Callable[[Any], Any]:
    return lambda f: None if (c := children(f)) is None else _row(getattr(c, name), label)


def _held(group: str, side: str, figure_id: str) -> Callable[[Any], Any]:
    def get(figures: Any) -> Any:
        period = figures.previous if side else figures.period
        held = getattr(period, group) if period is not None else None
        found = [f for f in held.figures if f.id == figure_id] if held else []
        return found[0] if found else None
    return get


def _statistic(side: str, statistic_id: str, part: str) -> Callable[[Any], Any]:
    def get(figures: Any) -> Any:
        if side:
            previous = figures.previous
            values = {s.id: s.value for s in previous.statistics} if previous else {}
            return values.get(statistic_id) if part == "value" else None
        for item in figures.statistics:
            if item.statistic.id == statistic_id:
                return {"value": item.statistic.value, "previous": item.previous,
                        "change": item.change}[part]
        return None
    return get


def _period_entries(period: ReportingPeriod, side: str) -> Iterator[tuple[str, Entry]]:
    """The names for the figures a period's own file holds."""
    yield from _case_entries(period, side)
    for statistic in period.statistics:
        yield f"statistic.{statistic.id}", Entry(_statistic(side, statistic.id, "value"),
                                                 about=statistic.label)
        if not side:
            yield f"statistic.{statistic.id}.previous", Entry(
                _statistic(side, statistic.id, "previous"), about=f"{statistic.label}, "
                                                                  "the period before")
            yield f"statistic.{statistic.id}.change", Entry(
                _statistic(side, statistic.id, "change"), "change",
                about=f"{statistic.label}: the change from the period before")
    for index, ratio in enumerate(period.ratios):
        if ratio.id and not side:
            yield f"ratio.{ratio.id}", Entry(
                partial(_ratio, index), "ratio",
                about=ratio.text)
    for group, name in (("training", "training"), ("child_deaths", "child-deaths")):
        held = getattr(period, group)
        for figure in held.figures if held else ():
            yield f"{name}.{figure.id}", Entry(_held(group, side, figure.id), "figure",
                                               about=figure.label)
    if period.budget is not None and not side:
        for part in ("income", "expenditure", "surplus", "reserves_balance"):
            yield f"budget.{part.removesuffix('_balance')}", Entry(
                partial(_budget, part), "money",
                about=f"the budget's {part.replace('_', ' ')}")


def catalogue(period: ReportingPeriod, previous: ReportingPeriod | None,
              reviews: Sequence[Review] = ()) -> dict[str, Entry]:
    """Every figure a report of `period` may name, by name.

    `previous.` names the same figures for the period before, where there is one; `review.`
    names the figures of a published review (its recommendations, findings and children).
    """
    names = dict(_period_entries(period, ""))
    if previous is not None:
        names |= {f"previous.{name}": entry for name, entry in _period_entries(previous,
                                                                                "previous_")}
    for review in reviews:
        if review.is_published:
            names |= _review_entries(review)
    return names


def _review_entries(review: Review) -> dict[str, Entry]:
    name = review.name
    return {
        f"review.{review.id}.recommendations": Entry(
            partial(_of_review, review, "recommendations"),
            unit=("recommendation", "recommendations"), about=f"{name}: recommendations"),
        f"review.{review.id}.findings": Entry(partial(_of_review, review, "findings"),
                                              unit=("finding", "findings"),
                                              about=f"{name}: findings"),
        f"review.{review.id}.children": Entry(partial(_of_review, review, "children"),
                                              "children", ("child", "children"),
                                              about=f"{name}: children"),
    }


def show(value: Any, entry: Entry, options: frozenset[str], threshold: int | None) -> str:
    """One figure as prose shows it."""
    words = bool(options & {"words", "Words"})
    if value is None:
        text = "not recorded"
        if "unit" in options and entry.unit:
            text = f"{entry.unit[1]} (number not recorded)"
    elif entry.kind == "change":
        text = change(value)
    elif entry.kind == "money":
        text = money(value)
    elif entry.kind == "figure":
        assert isinstance(value, Figure)
        text = held(value, words)
    elif entry.kind == "children" and threshold and 0 < value < threshold:
        text = f"fewer than {as_words(threshold) if words else threshold}"
        if "unit" in options and entry.unit:
            text += f" {entry.unit[1]}"
    else:
        text = _number(value, words)
        if "unit" in options and entry.unit:
            text += f" {entry.unit[0] if value == 1 else entry.unit[1]}"
    return text[:1].upper() + text[1:] if "Words" in options else text


def _number(value: int | Decimal, words: bool) -> str:
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return number(value)
    return as_words(int(value)) if words else number(value)


def references(text: str) -> Iterator[tuple[re.Match[str], str, frozenset[str]]]:
    """Each `{figure: ...}` in `text`: the match, the name and the options."""
    for match in REFERENCE.finditer(text):
        options = frozenset((match.group(2) or "").split())
        yield match, match.group(1).strip(), options


@dataclass(frozen=True)
class FigureTable:
    """The values of a period's figures, for the prose of its reports."""

    entries: Mapping[str, Entry]
    figures: Any  # compute.reports.PeriodFigures
    threshold: int | None

    def fill(self, text: str) -> str:
        """`text` with each figure it names written in; a name not in the catalogue (which
        `check` has already refused) is left as written."""
        def written(match: re.Match[str]) -> str:
            name = match.group(1).strip()
            entry = self.entries.get(name)
            if entry is None:
                return match.group(0)
            options = frozenset((match.group(2) or "").split())
            return show(entry.value(self.figures), entry, options, self.threshold)

        return REFERENCE.sub(written, text) if "figure:" in text else text
