"""Regeneration after one edit rewrites only the pages the edit affects."""

from __future__ import annotations

import gc
import os
import re
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, fresh, rendered
from generator.build import build
from generator.load import load_file
from generator.synth import synthesise

LONG_AGO = 1_000_000_000  # 2001: any rewrite moves a file's mtime away from this


def test_editing_one_review_rewrites_only_its_page(tmp_path: Path) -> None:
    data, content = tmp_path / "data", tmp_path / "content"
    synthesise(data, 30, seed=3)
    first = build(data, content)
    generated = sorted(path for path in (content / "learning").rglob("*")
                       if path.is_file() and not path.name.startswith("."))
    assert len(generated) == first.pages
    for path in generated:
        os.utime(path, (LONG_AGO, LONG_AGO))
    before = {path: path.read_bytes() for path in generated}

    edited = next(path for path in sorted((data / "reviews").glob("*.yml"))
                  if "status: published" in path.read_text())
    text = edited.read_text()
    edited.write_text(text.replace("background: ", "background: Edited today. ", 1))
    again = build(data, content)

    page = content / "learning" / "reviews" / f"{edited.stem}.md"
    assert again.written.written == [f"reviews/{edited.stem}.md"]
    assert again.written.unchanged == first.pages - 1
    assert "Edited today." in page.read_text()
    assert page.stat().st_mtime != LONG_AGO
    for path in generated:
        if path != page:
            assert path.stat().st_mtime == LONG_AGO, path
            assert path.read_bytes() == before[path]


def test_a_build_with_no_edit_writes_nothing(tmp_path: Path) -> None:
    data, content = tmp_path / "data", tmp_path / "content"
    synthesise(data, 30, seed=3)
    first = build(data, content)
    again = build(data, content)
    assert len(again.written.written) == 0
    assert again.written.unchanged == first.pages
    assert again.written.removed == []


def test_an_unchanged_file_is_not_parsed_again(tmp_path: Path) -> None:
    path = tmp_path / "review.yml"
    path.write_text("type: cspr\ntitle: First\n")
    first, problems = load_file(path)
    assert first is not None and problems == []
    again, _ = load_file(path)
    assert again is first
    path.write_text("type: cspr\ntitle: Second\n")
    changed, _ = load_file(path)
    assert changed is not first and changed is not None
    assert changed.data == {"type": "cspr", "title": "Second"}
    assert changed.mark(("title",)).line == 2


def test_a_running_process_regenerates_exactly_what_a_new_one_would(tmp_path: Path) -> None:
    # A review's name appears on other reviews' summaries ("also raised by Child ..."): after
    # it changes, those summaries must change too, though their own records did not.
    data = tmp_path / "data"
    synthesise(data, 60, seed=4)
    before = rendered(data)
    named = next(found for path, page in sorted(before.items())
                 if path.startswith("reviews/review-")
                 and (found := re.search(r"also raised by \[[^]]+\]\((review-\d+)\.md\)",
                                         page)))
    edited = data / "reviews" / f"{named.group(1)}.yml"
    text = edited.read_text()
    assert "\nsubject: " in text
    edited.write_text(text.replace("\nsubject: ", "\nsubject: Renamed ", 1))
    # And a recommendation elsewhere moves on: the tracker's filter pages change with it.
    other = next(path for path in sorted((data / "reviews").glob("*.yml"))
                 if path != edited and "status: not-started" in path.read_text()
                 and f"reviews/{path.stem}.md" in before)
    other.write_text(other.read_text().replace("status: not-started", "status: completed", 1))
    # And a rapid review is found to have come from another agency: that year's annual
    # reports count it differently (their figures are kept while their reviews are the same).
    # (Each report counts its own partnership's reviews: the rapid review is one of those.)
    own = re.search(r"partnership: (.+)", next((data / "periods").glob("*.yml")).read_text())
    assert own is not None
    rapid = next(path for path in sorted((data / "reviews").glob("*.yml"))
                 if "referral_source: police" in path.read_text()
                 and f"partnership: {own.group(1)}" in path.read_text()
                 and re.search(r"rapid_review: 20(1[5-9]|2[0-3])", path.read_text()))
    rapid.write_text(rapid.read_text().replace("referral_source: police",
                                               "referral_source: education", 1))
    warm = rendered(data)
    assert warm == fresh(data)
    changed = {path for path in warm if warm[path] != before.get(path)}
    naming = {path for path, page in warm.items()
              if path.startswith("reviews/review-") and "[Renamed " in page}
    assert naming, "no summary names the edited review"
    assert naming <= changed
    referrals = {path for path in changed if path.startswith("reports/")
                 and _referred_by(warm[path]) != _referred_by(before[path])}
    assert referrals, "no annual report counts the rapid review's new referral source"


def _referred_by(page: str) -> list[str]:
    """The rows of an annual report's table of who referred its rapid reviews."""
    return re.findall(r"^\| Referred by \|.*?(?=\n\n)", page, flags=re.MULTILINE | re.DOTALL)


def test_the_cycle_collector_is_paused_while_generating_and_runs_again_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import build as building

    during: list[bool] = []
    render = building.render
    monkeypatch.setattr(building, "render",
                        lambda site: during.append(gc.isenabled()) or render(site))
    build(FIXTURE_DATA, tmp_path / "content")
    assert during == [False] and gc.isenabled()
