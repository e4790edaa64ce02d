"""At scale, long listings are split into pages and the tracker page stays small."""

from __future__ import annotations

import re

import pytest

from conftest import rendered
from generator.compute.site import SHARED_SHOWN
from generator.paging import Paging, paginate
from generator.synth import synthesise


def test_paginate_splits_and_names_pages() -> None:
    pages = list(paginate(list(range(250)), "recommendations/status/done.md"))
    assert [(path, len(items)) for path, items, _ in pages] == [
        ("recommendations/status/done.md", 100),
        ("recommendations/status/done-page-2.md", 100),
        ("recommendations/status/done-page-3.md", 50)]
    middle = pages[1][2]
    assert (middle.previous, middle.next, middle.suffix) == (
        "recommendations/status/done.md", "recommendations/status/done-page-3.md",
        " (page 2 of 3)")
    assert list(paginate([], "a.md")) == [("a.md", [], Paging(1, 1, "a.md"))]
    assert Paging(1, 1, "a.md").suffix == ""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("paging") / "data"
    synthesise(data, 300, seed=2)
    return rendered(data)


def test_a_long_status_listing_is_paged(pages: dict[str, str]) -> None:
    first = pages["recommendations/status/in-progress.md"]
    found = re.search(r"^(\d+) recommendations", first, re.MULTILINE)
    assert found
    total = int(found.group(1))
    count = -(-total // 100)
    assert count > 1
    assert f"Page 1 of {count} · [Next page](in-progress-page-2.md)\n" in first
    last = pages[f"recommendations/status/in-progress-page-{count}.md"]
    assert f'title: "Recommendations: In progress (page {count} of {count})"' in last
    assert (f"Page {count} of {count} · [Previous page](in-progress-page-{count - 1}.md)\n"
            in last)
    listed = sum(len(re.findall(r"^- \[", pages[path], re.MULTILINE))
                 for path in pages if path.startswith("recommendations/status/in-progress"))
    assert listed == total


def test_the_tracker_page_does_not_list_thousands(pages: dict[str, str]) -> None:
    tracker = pages["recommendations/index.md"]
    assert "There are too many to list on one page: browse them [by status](#by-status)" \
        in tracker
    assert len(re.findall(r"^### \[", tracker, re.MULTILINE)) == 0
    assert len(tracker) < 60_000


def test_a_summary_names_at_most_three_others_per_theme(pages: dict[str, str]) -> None:
    page = next(text for path, text in sorted(pages.items())
                if path.startswith("reviews/review-"))
    shared = [line for line in page.splitlines() if ": also raised by " in line]
    assert shared
    for line in shared:
        assert line.count("](review-") <= SHARED_SHOWN == 3
        # The rest are on the theme's listing of learning summaries.
        assert re.search(r" and \[\d+ other reviews\]\(theme/[a-z-]+\.md\)$", line)
