"""Long listings split into numbered pages, so no page grows with the size of the data.

At national scale a status of the recommendations tracker holds thousands of entries; one
page of them all would be megabytes for every reader. The first page keeps the listing's
usual address (`status/in-progress.md`), so links to it never change; later pages sit beside
it (`status/in-progress-page-2.md`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

PAGE_SIZE = 100
"""Entries on one page of a long listing."""

T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    """Where one page sits in its listing: its number, how many there are, and their paths."""

    number: int
    count: int
    first_path: str

    def path(self, number: int) -> str:
        """The path of page `number` of this listing."""
        if number == 1:
            return self.first_path
        return f"{self.first_path.removesuffix('.md')}-page-{number}.md"

    @property
    def suffix(self) -> str:
        """Added to the page's title so every page of a listing has its own: ` (page 2 of 5)`."""
        return f" (page {self.number} of {self.count})" if self.count > 1 else ""

    @property
    def previous(self) -> str | None:
        return self.path(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.path(self.number + 1) if self.number < self.count else None


def paginate(items: Sequence[T], first_path: str,
             size: int = PAGE_SIZE) -> Iterator[tuple[str, Sequence[T], Paging]]:
    """Each page of `items` as (path, its entries, its paging); one page even when empty."""
    count = max(1, -(-len(items) // size))
    for number in range(1, count + 1):
        paging = Paging(number, count, first_path)
        yield paging.path(number), items[(number - 1) * size:number * size], paging
