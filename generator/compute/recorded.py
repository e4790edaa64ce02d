"""A report's figures from two sources: the records, and totals recorded for the period.

A figure is worked out from the records when they are the whole set and say it. Where a
period's source gives only a total (`recorded:` in the period file), the total is shown,
marked as recorded, and the records present must fit inside it: never more than the total,
and, when they are the whole set, exactly it. Each disagreement is named at the total's
line, so a typing slip cannot reach a report. Nothing is shared out or guessed: a figure
neither source gives is "not recorded" (None).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from generator.models.vocabularies import Labelled

Loc = tuple[str | int, ...]
NOT_RECORDED = "Not recorded"
L = TypeVar("L", bound=Labelled)


@dataclass(frozen=True)
class Disagreement:
    """A recorded total the records contradict, at the total's place in the period file."""

    loc: Loc
    message: str


@dataclass
class Reconciler:
    """Merges figures for one period, collecting what marks each and what disagrees."""

    where: Loc
    """Where this group of recorded totals sits in the period file."""
    whole_set: bool
    """Whether the records are every case the period's figures count."""
    recorded: set[str] = field(default_factory=set)
    disagreements: list[Disagreement] = field(default_factory=list)

    def count(self, name: str, stated: int | None, from_records: int | None,
              known: int, noun: str) -> int | None:
        """One count. `from_records` is the records' figure (None if some do not say);
        `known` how many records certainly count, which a stated total may not be below."""
        if stated is None:
            return from_records if self.whole_set else None
        if known > stated or (self.whole_set and from_records is not None
                              and from_records != stated):
            shown = from_records if from_records is not None else f"at least {known}"
            self.disagreements.append(Disagreement(
                (*self.where, name),
                f"the recorded total ({stated}) disagrees with the records: they hold "
                f"{_counted(shown, noun)}; correct the total or the records"))
        if from_records != stated or not self.whole_set:
            self.recorded.add(name)
        return stated

    def tally(self, name: str, stated: Mapping[L, int | None], values: Iterable[L | None],
              order: Sequence[L], noun: str) -> Tally:
        """A breakdown by a vocabulary: from the records (their unstated values as "not
        recorded"), or as the source gives it, with what it leaves out as "not recorded"."""
        listed = list(values)
        counts: Counter[L] = Counter(value for value in listed if value is not None)
        unknown = len(listed) - sum(counts.values())
        if not stated:
            if not self.whole_set:
                return Tally((), named_only=False)
            rows = [(member.label, counts[member]) for member in order
                    if counts[member] and not _unstated(member)]
            unknown += sum(counts[member] for member in order if _unstated(member))
            if unknown:
                rows.append((NOT_RECORDED, unknown))
            return Tally(tuple(rows), named_only=False)
        self.recorded.add(name)
        for member, count in stated.items():
            if count is not None and counts[member] > count:
                self.disagreements.append(Disagreement(
                    (*self.where, name, member.value),
                    f"the recorded count ({count}) is below the "
                    f"{_counted(counts[member], noun)} the records hold as "
                    f"`{member.value}`; correct the count or the records"))
        for member, found in counts.items():
            if member not in stated and found and not _unstated(member):
                self.disagreements.append(Disagreement(
                    (*self.where, name),
                    f"the records hold {_counted(found, noun)} as `{member.value}`, which these "
                    f"recorded counts leave out; add `{member.value}: {found}` or more"))
        rows = [(member.label, count) for member in order
                if member in stated and (count := stated[member]) is not None]
        named = tuple(member.label for member in order
                      if member in stated and stated[member] is None)
        return Tally(tuple(rows), named_only=not rows, named=named)


_SINGULAR = {"cases": "case", "children": "child", "families": "family", "reviews": "review",
             "recommendations": "recommendation"}


def _counted(number: int | str, noun: str) -> str:
    """`3 cases`, `1 case`, `1 child who died`: `noun` is plural, its first word counted."""
    if number == 1:
        for plural, singular in _SINGULAR.items():
            if plural in noun.split():
                noun = noun.replace(plural, singular, 1)
                break
    return f"{number} {noun}"


def _unstated(member: Enum) -> bool:
    return member.value in ("not-stated", "unknown")


@dataclass(frozen=True)
class Tally:
    """A breakdown: (label, count) rows in a fixed order, unknowns last.

    `named` lists kinds a source names without counting them ("referrals came from health,
    children's social care and a neighbouring partnership").
    """

    rows: tuple[tuple[str, int], ...]
    named_only: bool = False
    named: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(count for _, count in self.rows)

    @property
    def kinds(self) -> int | None:
        """How many different kinds there were; None while some are not recorded."""
        labels = [label for label, _ in self.rows] + list(self.named)
        return None if NOT_RECORDED in labels or not labels else len(labels)

    def get(self, label: str) -> int:
        return dict(self.rows).get(label, 0)


def remainder(tally: Tally, total: int | None) -> Tally:
    """`tally` with a "not recorded" row for what its counts leave of `total`."""
    if total is None or tally.named or NOT_RECORDED in dict(tally.rows):
        return tally
    left = total - tally.total
    if left <= 0 or not tally.rows:
        return tally
    return Tally((*tally.rows, (NOT_RECORDED, left)), tally.named_only, tally.named)
