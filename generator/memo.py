"""Answers kept with the object they were worked out from.

Parsed documents and records never change once made, and a long-running process (`mkdocs
serve`) keeps every one whose file did not change (see `load.load_file`). So an answer worked
out from one stays true for as long as the very same object is asked about again. The object
is held with its answer, so its identity cannot pass to another while it is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar, cast

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class KeptWith(Generic[K, V]):
    """One answer per key, kept while it is asked for with the same source object."""

    def __init__(self, limit: int | None = None) -> None:
        self._kept: dict[K, tuple[object, V]] = {}
        self._limit = limit
        """Forget everything when this many are kept (for keys that do not repeat)."""

    def get(self, key: K, source: object, work: Callable[[], V]) -> V:
        """The answer kept for `key` if it came from `source` itself; else `work()`, kept."""
        kept = self._kept.get(key)
        if kept is not None and kept[0] is source:
            return kept[1]
        if self._limit is not None and len(self._kept) >= self._limit:
            self._kept.clear()
        answer = work()
        self._kept[key] = (source, answer)
        return answer

    def clear(self) -> None:
        self._kept.clear()


Inputs = tuple[tuple[object, ...], tuple[object, ...]]
"""What an answer is worked out from: objects (compared by identity) and plain values."""


class KeptWhileSame(Generic[K, V]):
    """One answer per key, kept while it is asked for with the same inputs.

    For answers made from many records, such as a page or a year's figures: when every
    object is the very same one as last time and every value is equal, the answer is too.
    """

    def __init__(self) -> None:
        self._kept: dict[K, tuple[Inputs, V]] = {}

    def kept(self, key: K, inputs: Inputs) -> tuple[bool, V | None]:
        """(True, the answer) if one is kept for `key` with these inputs; else (False, None)."""
        found = self._kept.get(key)
        if found is None or not _same(found[0], inputs):
            return False, None
        return True, found[1]

    def keep(self, key: K, inputs: Inputs, answer: V) -> None:
        self._kept[key] = (inputs, answer)

    def get(self, key: K, inputs: Inputs, work: Callable[[], V]) -> V:
        """The answer kept for `key` with these inputs; else `work()`, kept."""
        found, answer = self.kept(key, inputs)
        if found:
            return cast(V, answer)
        answer = work()
        self.keep(key, inputs, answer)
        return answer

    def clear(self) -> None:
        self._kept.clear()


def _same(before: Inputs, now: Inputs) -> bool:
    return (len(before[0]) == len(now[0])
            and all(a is b for a, b in zip(before[0], now[0], strict=True))
            and before[1] == now[1])
