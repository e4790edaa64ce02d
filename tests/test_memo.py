"""Answers kept with their source object are reused only for that very object."""

from __future__ import annotations

from generator.memo import KeptWith


def test_an_answer_is_kept_for_the_same_object_only() -> None:
    kept: KeptWith[str, int] = KeptWith()
    calls: list[object] = []
    first, equal_but_new = ["a"], ["a"]

    def work(source: object) -> int:
        calls.append(source)
        return len(calls)

    assert kept.get("k", first, lambda: work(first)) == 1
    assert kept.get("k", first, lambda: work(first)) == 1  # kept: no work done
    assert kept.get("k", equal_but_new, lambda: work(equal_but_new)) == 2  # equal is not same
    assert calls == [first, equal_but_new]


def test_a_limit_forgets_everything_once_reached() -> None:
    kept: KeptWith[int, int] = KeptWith(limit=2)
    sources = [object() for _ in range(3)]
    for number, source in enumerate(sources):
        kept.get(number, source, lambda number=number: number)  # type: ignore[misc]
    assert kept.get(2, sources[2], lambda: -1) == 2  # the third is kept
    assert kept.get(0, sources[0], lambda: -1) == -1  # the first was forgotten when it came
