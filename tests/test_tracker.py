"""The recommendations tracker: counts worked out from the data, overdue ones, filter pages."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATA, FIXTURE_DATA, edit, run_generator
from generator.compute import compute
from generator.compute.tracker import slugify
from generator.models import RecommendationStatus
from generator.render import render
from generator.validate import load_dataset


def pages_for(data: Path) -> dict[str, str]:
    dataset, _ = load_dataset(data)
    return render(compute(dataset))



def status_counts(tracker_page: str) -> dict[str, int]:
    """The "By status" table of a rendered tracker page, as {status: count}."""
    return {label: int(count) for label, count in re.findall(
        r"^\| \[([^\]]+)\]\(status/[a-z-]+\.md\) \| (\d+) \| \d+ \|$", tracker_page,
        flags=re.MULTILINE)}


@pytest.fixture(scope="module")
def example_pages() -> dict[str, str]:
    return pages_for(EXAMPLE_DATA)


def test_slugs_for_free_text_owners_are_stable() -> None:
    assert slugify("Children's Social Care") == "childrens-social-care"
    assert slugify("Health and social care partners") == "health-and-social-care-partners"
    assert slugify("Oxfordshire County Council & partners") == "oxfordshire-county-council-partners"
    assert slugify("Équipe — santé") == "equipe-sante"
    assert slugify("!!!") == "unnamed"


def test_tracker_shows_child_r_ten_recommendations(example_pages: dict[str, str]) -> None:
    page = example_pages["recommendations/index.md"]
    entries = re.findall(r"^### \[Child R: Recommendation (\d+)[^\]]*\]"
                         r"\(\.\./reviews/child-r\.md#recommendation-r(\d+)\)$",
                         page, flags=re.MULTILINE)
    assert entries == [(str(n), str(n)) for n in range(1, 11)]
    # The reports do not say how far any recommendation has got, and name an owner in the
    # text of r1 to r5 only.
    assert status_counts(page) == {"Not started": 0, "In progress": 0, "Completed": 0,
                                   "Not recorded": 10, "Superseded": 0}
    assert ("| [Children's Social Care](owner/childrens-social-care.md) | 1 | 0 |"
            in page)
    assert ("| [Health and social care partners](owner/health-and-social-care-partners.md)"
            " | 1 | 0 |") in page
    assert "as of\n30 June 2022." in page
    assert "- Owner: [Safeguarding partnership](owner/safeguarding-partnership.md)\n" in page


def test_a_filter_page_for_every_status_owner_and_theme(example_pages: dict[str, str]) -> None:
    filters = sorted(path for path in example_pages
                     if path.startswith("recommendations/") and path.count("/") == 2)
    assert [p for p in filters if p.startswith("recommendations/status/")] == [
        f"recommendations/status/{status.value}.md" for status in sorted(
            RecommendationStatus, key=lambda s: s.value)]
    assert "recommendations/owner/childrens-social-care.md" in filters
    assert "recommendations/theme/neglect.md" in filters
    neglect = example_pages["recommendations/theme/neglect.md"]
    assert neglect.startswith('---\ntitle: "Recommendations on Neglect"\n---\n')
    assert "1 recommendation, as of 30 June 2022." in neglect
    assert ("- [Child R: Recommendation 2: Putting the neglect strategy into practice]"
            "(../../reviews/child-r.md#recommendation-r2). Not recorded; owner: Safeguarding "
            "partnership.\n") in neglect
    empty = example_pages["recommendations/status/completed.md"]
    assert "0 recommendations, as of 30 June 2022." in empty
    assert "No published recommendation has this status." in empty


def test_changing_a_status_in_yaml_changes_the_counts(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    before = pages_for(data)["recommendations/index.md"]

    review = data / "reviews" / "child-r.yml"
    text = review.read_text("utf-8")
    r3 = text.index("  - id: r3\n")
    text = text[:r3] + text[r3:].replace("    finding: f1\n",
                                         "    finding: f1\n    status: completed\n", 1)
    review.write_text(text, "utf-8")
    content = tmp_path / "content"
    result = run_generator("build", "--data", str(data), "--content", str(content))
    assert result.returncode == 0, result.stderr
    after = (content / "learning" / "recommendations" / "index.md").read_text("utf-8")

    assert status_counts(before)["Not recorded"] == 10
    assert status_counts(after) == {"Not started": 0, "In progress": 0, "Completed": 1,
                                    "Not recorded": 9, "Superseded": 0}
    completed = (content / "learning" / "recommendations" / "status" / "completed.md")
    assert ("- [Child R: Recommendation 3: Reviewing cases when the court refuses an order]"
            in completed.read_text("utf-8"))


def test_overdue_is_judged_against_the_build_date(data_copy: Path) -> None:
    path = data_copy / "reviews" / "child-a.yml"
    edit(path, "    status: in-progress\n", "    status: in-progress\n    due: 2022-05\n")
    page = pages_for(data_copy)["recommendations/index.md"]
    assert "2 recommendations from 1 published review, 1 of them overdue." in page
    assert ("- [Child A: Recommendation 1: Know the adults](../reviews/child-a.md"
            "#recommendation-r1), due May 2022, owned by Testshire County Council\n") in page
    assert "- Status: [In progress](status/in-progress.md) — **overdue**\n" in page

    # Due in the month the site is built as of: not yet overdue.
    edit(path, "due: 2022-05", "due: 2022-06")
    page = pages_for(data_copy)["recommendations/index.md"]
    assert "No recommendation is overdue as of 30 June 2022." in page

    # A finished recommendation is never overdue.
    edit(path, "due: 2022-06", "due: 2021-01")
    edit(path, "status: in-progress", "status: completed")
    assert "No recommendation is overdue" in pages_for(data_copy)["recommendations/index.md"]


def test_without_a_build_date_the_tracker_uses_today(data_copy: Path) -> None:
    edit(data_copy / "partnership.yml", "  build_date: 2022-06-30\n", "")
    dataset, _ = load_dataset(data_copy)
    tracker = compute(dataset).tracker
    assert tracker.build_date == date.today()
    assert tracker.build_date_configured is False


def test_unpublished_recommendations_are_counted_but_never_shown(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "cspr-unpublished.yml", "background: SECRET-BACKGROUND-quokka",
         "background: SECRET-BACKGROUND-quokka\nrecommendations:\n  - id: r1\n"
         "    text: SECRET-RECOMMENDATION-quokka\n    scope: local\n"
         "    owner: SECRET-OWNER-quokka\n    status: completed")
    pages = pages_for(data_copy)
    page = pages["recommendations/index.md"]
    assert ("A further 1 recommendation from reviews not yet published is counted here only"
            in page)
    assert status_counts(page)["Completed"] == 0
    for path, text in pages.items():
        assert "quokka" not in text.lower(), path
    assert not any("secret" in path for path in pages)


def test_review_page_links_to_the_tracker(example_pages: dict[str, str]) -> None:
    assert ("[recommendations tracker](../recommendations/index.md)."
            in example_pages["reviews/child-r.md"])


def test_builds_are_reproducible() -> None:
    assert pages_for(FIXTURE_DATA) == pages_for(FIXTURE_DATA)


def test_tracker_pages_build_with_working_links(fixture_project: Path) -> None:
    site = fixture_project / "site" / "learning" / "recommendations"
    html = (site / "index.html").read_text("utf-8")
    assert 'href="../reviews/child-a/#recommendation-r1"' in html
    assert (site / "status" / "superseded" / "index.html").is_file()
    assert (site / "owner" / "testshire-county-council" / "index.html").is_file()
