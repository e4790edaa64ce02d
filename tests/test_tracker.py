"""The recommendations tracker: counts worked out from the data, overdue ones, filter pages."""

from __future__ import annotations

import posixpath
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATA, FIXTURE_DATA, ROOT, edit, run_generator
from generator.as_of import today
from generator.compute import compute
from generator.models import PartialDate, RecommendationStatus
from generator.models.fields import slugify
from generator.render import render
from generator.validate import load_dataset

TODAY = PartialDate(today().year, today().month, today().day).long


def pages_for(data: Path) -> dict[str, str]:
    dataset, _ = load_dataset(data)
    return render(compute(dataset))



def status_counts(tracker_page: str) -> dict[str, int]:
    """The "By status" table of a rendered tracker page, as {status: count}: only the
    statuses some recommendation has get a row."""
    return {label: int(count) for label, count in re.findall(
        r"^\| \[([^\]]+)\]\(status/[a-z-]+\.md\) \| (\d+) \|(?: \d+ \|)?$", tracker_page,
        flags=re.MULTILINE)}


def tracker_pages(pages: dict[str, str]) -> dict[str, str]:
    return {path: text for path, text in pages.items() if path.startswith("recommendations/")}


def sentences(markdown: str) -> list[str]:
    """The sentences of a page's prose: front matter, headings and table rows left out (a
    table's `| --- |` rule is layout, not something said)."""
    body = markdown.split("\n---\n", 1)[-1]
    found = []
    for line in body.splitlines():
        if line.strip() and not line.startswith(("#", "|", "<")):
            found += [s for s in re.split(r"(?<=[.!?])\s+", line.strip()) if s]
    return found


@pytest.fixture(scope="module")
def example_pages() -> dict[str, str]:
    return pages_for(EXAMPLE_DATA)


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    return pages_for(FIXTURE_DATA)


RICH_R1 = """\
    status: in-progress
    due: 2022-05
    themes: [neglect]
    actions:
      - text: Add an adults-in-the-household question to the referral form.
        owner: Children's Social Care
        done: 2022-03
      - text: Audit twenty referrals.
        due: 2022-09
    impact:
      - text: Referrals now name the adults in the household.
"""


@pytest.fixture(scope="module")
def rich_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The test data with Child A's first recommendation given everything the tracker shows:
    a due date (passed, so overdue), actions, evidence of impact and a theme."""
    data = tmp_path_factory.mktemp("rich") / "data"
    shutil.copytree(FIXTURE_DATA, data)
    edit(data / "reviews" / "child-a.yml", "    status: in-progress\n", RICH_R1)
    return pages_for(data)


def test_slugs_for_free_text_owners_are_stable() -> None:
    assert slugify("Children's Social Care") == "childrens-social-care"
    assert slugify("Health and social care partners") == "health-and-social-care-partners"
    assert slugify("Oxfordshire County Council & partners") == "oxfordshire-county-council-partners"
    assert slugify("Équipe — santé") == "equipe-sante"
    assert slugify("!!!") == "unnamed"


def test_tracker_shows_child_r_ten_recommendations(example_pages: dict[str, str]) -> None:
    page = example_pages["recommendations/index.md"]
    entries = re.findall(r"^- \[Child R: Recommendation (\d+)[^\]]*\]"
                         r"\(\.\./reviews/child-r\.md#recommendation-r(\d+)\)",
                         page, flags=re.MULTILINE)
    assert entries == [(str(n), str(n)) for n in range(1, 11)]
    # The reports do not say how far any recommendation has got, and name an owner in the
    # text of r1 to r5 only.
    assert status_counts(page) == {"Not recorded": 10}
    assert "| [Children's Social Care](owner/childrens-social-care.md) | 1 |\n" in page
    assert ("| [Health and social care partners](owner/health-and-social-care-partners.md)"
            " | 1 |\n") in page
    # The example data fixes no day: it is built as of today.
    assert f"as of\n{TODAY}." in page
    assert ("(../reviews/child-r.md#recommendation-r1) — owned by [Safeguarding partnership]"
            "(owner/safeguarding-partnership.md); themes: [Early help](../themes/early-help.md);"
            " evidence of impact: 1 record\n") in page


def test_a_filter_page_for_every_status_owner_and_theme(example_pages: dict[str, str]) -> None:
    filters = sorted(path for path in example_pages
                     if path.startswith("recommendations/") and path.count("/") == 2)
    # Only the statuses some recommendation has: the example data records none.
    assert [p for p in filters if p.startswith("recommendations/status/")] == [
        "recommendations/status/not-stated.md"]
    assert "recommendations/owner/childrens-social-care.md" in filters
    assert "recommendations/theme/neglect.md" in filters
    neglect = example_pages["recommendations/theme/neglect.md"]
    assert neglect.startswith('---\ntitle: "Recommendations on Neglect"\n---\n')
    assert "\n1 recommendation. No status is recorded for it.\n" in neglect
    assert ("- [Child R: Recommendation 2: Putting the neglect strategy into practice]"
            "(../../reviews/child-r.md#recommendation-r2) — owned by [Safeguarding "
            "partnership](../owner/safeguarding-partnership.md)\n") in neglect
    unrecorded = example_pages["recommendations/status/not-stated.md"]
    assert unrecorded.startswith('---\ntitle: "Recommendations with no status recorded"\n')
    assert "\n10 recommendations. No owner is recorded for 5 of them.\n" in unrecorded


def test_no_page_for_a_status_nobody_has(example_pages: dict[str, str]) -> None:
    for status in RecommendationStatus:
        if status is not RecommendationStatus.NOT_STATED:
            assert f"recommendations/status/{status.value}.md" not in example_pages
            assert f"status/{status.value}.md" not in "".join(example_pages.values())


def test_every_link_into_the_tracker_reaches_a_page(example_pages: dict[str, str]) -> None:
    # (The home partial is left out: it is included into a page outside the generated folder.)
    for path, text in example_pages.items():
        if path.startswith("_"):
            continue
        folder = posixpath.dirname(path)
        for target in re.findall(r"\]\(([^)#\s]*recommendations/[^)#\s]+\.md)", text) + (
                re.findall(r"\]\(([^)#\s:]+\.md)", text)
                if path.startswith("recommendations/") else []):
            page = posixpath.normpath(posixpath.join(folder, target))
            assert page in example_pages, f"{path} links to {target}, which is not generated"


def test_nothing_unrecorded_is_said_on_every_entry(example_pages: dict[str, str]) -> None:
    # Child R's ten recommendations have no due dates, no actions and no recorded status.
    pages = tracker_pages(example_pages)
    page = pages["recommendations/index.md"]
    for text in pages.values():
        assert "of which" not in text
        assert "0 records" not in text
        assert "action" not in text.replace("No due date or action is recorded", "")
        assert "overdue" not in text.lower()
        assert "not recorded" not in text.lower().replace("[not recorded]", "")
        assert "status: " not in text.lower()
    # Said once, for the whole page.
    assert page.count("No due date or action is recorded for any of them.") == 1
    assert page.count("No owner is recorded for 5 of them.") == 1
    assert "## Overdue" not in page
    assert page.count("; evidence of impact: 1 record\n") == 4


def test_the_as_of_date_is_said_once_where_it_matters(example_pages: dict[str, str]) -> None:
    pages = tracker_pages(example_pages)
    assert pages["recommendations/index.md"].count(TODAY) == 1
    # Nothing on a filter page is overdue, so the date says nothing there.
    for path, text in pages.items():
        if path != "recommendations/index.md":
            assert "as of" not in text, path


def test_scope_is_said_once(example_pages: dict[str, str]) -> None:
    page = example_pages["recommendations/index.md"]
    assert page.count("They are local recommendations unless an entry gives another scope.") == 1
    assert re.findall(r"scope: [a-z ]+", page) == ["scope: local and national"]
    assert "(local)" not in page and "(national)" not in page


def test_no_tracker_page_says_one_sentence_more_than_twice(
        example_pages: dict[str, str], fixture_pages: dict[str, str],
        rich_pages: dict[str, str]) -> None:
    for pages in (example_pages, fixture_pages, rich_pages):
        for path, text in tracker_pages(pages).items():
            repeated = {said: count for said, count in Counter(sentences(text)).items()
                        if count > 2}
            assert not repeated, (path, repeated)


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
    assert status_counts(after) == {"Completed": 1, "Not recorded": 9}
    completed = (content / "learning" / "recommendations" / "status" / "completed.md")
    assert ("- [Child R: Recommendation 3: Reviewing cases when the court refuses an order]"
            in completed.read_text("utf-8"))
    assert ("(../reviews/child-r.md#recommendation-r3) — [Completed](status/completed.md)"
            "{ .slh-status .slh-status--completed }; owned by [Children's Social Care]") in after


def test_overdue_is_judged_against_the_build_date(data_copy: Path) -> None:
    path = data_copy / "reviews" / "child-a.yml"
    edit(path, "    status: in-progress\n", "    status: in-progress\n    due: 2022-05\n")
    page = pages_for(data_copy)["recommendations/index.md"]
    assert "2 recommendations from 1 published review, 1 of them overdue." in page
    assert ("- [Child A: Recommendation 1: Know the adults](../reviews/child-a.md"
            "#recommendation-r1), due May 2022, owned by Testshire County Council\n") in page
    assert ("(../reviews/child-a.md#recommendation-r1) — [In progress](status/in-progress.md)"
            "{ .slh-status .slh-status--in-progress }, **overdue**, due May 2022; owned by "
            "[Testshire County Council]") in page
    assert "| [In progress](status/in-progress.md) | 1 | 1 |\n" in page

    # Due in the month the site is built as of: not yet overdue.
    edit(path, "due: 2022-05", "due: 2022-06")
    page = pages_for(data_copy)["recommendations/index.md"]
    assert "## Overdue\n\nThe one recommendation with a due date is not overdue.\n" in page
    assert "| [In progress](status/in-progress.md) | 1 |\n" in page

    # A finished recommendation is never overdue.
    edit(path, "due: 2022-06", "due: 2021-01")
    edit(path, "status: in-progress", "status: completed")
    page = pages_for(data_copy)["recommendations/index.md"]
    assert "The one recommendation with a due date is not overdue." in page
    assert "**overdue**" not in page


def test_what_is_recorded_is_shown(rich_pages: dict[str, str]) -> None:
    page = rich_pages["recommendations/index.md"]
    assert page.endswith(
        "## Every recommendation\n\n"
        "- [Child A: Recommendation 1: Know the adults](../reviews/child-a.md#recommendation-r1)"
        " — [In progress](status/in-progress.md){ .slh-status .slh-status--in-progress }, "
        "**overdue**, due May 2022; owned by [Testshire County Council]"
        "(owner/testshire-county-council.md); scope: local; themes: [Neglect]"
        "(../themes/neglect.md); actions: 1 of 2 done; evidence of impact: 1 record\n"
        # Recommendation 2 has none of these: its entry gives its scope and nothing else.
        "- [Child A: Recommendation 2](../reviews/child-a.md#recommendation-r2) — scope: local "
        "and national\n")
    assert "2 recommendations from 1 published review, 1 of them overdue." in page
    assert "## Overdue\n\nPast their due date and not yet completed or superseded:\n" in page
    assert "is recorded for any of them" not in page

    owner = rich_pages["recommendations/owner/testshire-county-council.md"]
    assert "\n1 recommendation, overdue as of 30 June 2022.\n" in owner
    assert ("(../../reviews/child-a.md#recommendation-r1) — [In progress](../status/"
            "in-progress.md){ .slh-status .slh-status--in-progress }, **overdue**, due May "
            "2022\n") in owner
    status = rich_pages["recommendations/status/in-progress.md"]
    assert ("(../../reviews/child-a.md#recommendation-r1) — **overdue**, due May 2022; "
            "owned by [Testshire County Council](../owner/testshire-county-council.md)\n"
            ) in status


def test_without_a_build_date_the_tracker_uses_today(data_copy: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    edit(data_copy / "partnership.yml", "  build_date: 2022-06-30\n", "")
    dataset, _ = load_dataset(data_copy)
    assert compute(dataset).tracker.build_date == today()


def test_unpublished_recommendations_are_counted_but_never_shown(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "cspr-unpublished.yml", "background: SECRET-BACKGROUND-quokka",
         "background: SECRET-BACKGROUND-quokka\nrecommendations:\n  - id: r1\n"
         "    text: SECRET-RECOMMENDATION-quokka\n    scope: local\n"
         "    owner: SECRET-OWNER-quokka\n    status: completed")
    pages = pages_for(data_copy)
    page = pages["recommendations/index.md"]
    assert ("A further 1 recommendation from reviews not yet published is counted here only"
            in page)
    assert "Completed" not in status_counts(page)
    assert "recommendations/status/completed.md" not in pages
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
    assert (site / "status" / "in-progress" / "index.html").is_file()
    assert not (site / "status" / "superseded").exists()
    assert ('<a class="slh-status slh-status--in-progress" href="status/in-progress/">'
            "In progress</a>") in html
    assert (site / "owner" / "testshire-county-council" / "index.html").is_file()


def test_status_tags_are_readable_in_both_colour_schemes() -> None:
    """WCAG 1.4.3: each status tag's text is at least 4.5:1 on its own background, in the
    light scheme and in Material's dark one (`slate`)."""
    css = (ROOT / "overrides" / "assets" / "stylesheets" / "extra.css").read_text("utf-8")
    block = css[css.index("/* Recommendations tracker (tracker.md.j2"):
                css.index("/* End of the recommendations tracker's status tags. */")]
    colours: dict[tuple[bool, str], dict[str, str]] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", block):
        dark = 'data-md-color-scheme="slate"' in selector
        modifier = re.search(r"\.slh-status(--[a-z-]+)?\s*$", selector.strip())
        if modifier is None:
            continue
        pairs = dict(re.findall(r"--slh-status-(fg|bg):\s*(#[0-9a-f]{6})", body))
        if pairs:
            colours[(dark, modifier.group(1) or "")] = pairs

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for status in RecommendationStatus:
        for dark in (False, True):
            # A status without colours of its own takes the scheme's plain tag colours.
            pair = {**colours[(False, "")], **colours.get((False, f"--{status.value}"), {})}
            if dark:
                pair = {**colours[(True, "")], **colours.get((True, f"--{status.value}"), {})}
            light, deep = sorted((luminance(pair["fg"]), luminance(pair["bg"])), reverse=True)
            ratio = (light + 0.05) / (deep + 0.05)
            assert ratio >= 4.5, (status.value, "dark" if dark else "light", round(ratio, 2))
