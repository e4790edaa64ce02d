"""7-minute briefings (issue 17, item 2): one page per published review, in the seven parts
partnerships' handouts use, drawn from the review's own fields, that prints on one A4 sheet.

The page type is in site_pages.PAGES, so axe (light and dark), the phone layout and the
privacy checks cover it too.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from conftest import EXAMPLE_DATA, FIXTURE_DATA, edit, headings, rendered
from generator.models import Review
from generator.validate import load_dataset

BRIEFING = "learning/7-minute-briefings/child-r/"
PARTS = ["Background", "What the review found", "Why it matters", "If you do one thing",
         "What to do differently", "Questions for reflection", "Where to find out more"]


@pytest.fixture(scope="module")
def example_pages() -> dict[str, str]:
    return rendered(EXAMPLE_DATA)


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    return rendered(FIXTURE_DATA)


def review(data: Path, review_id: str) -> Review:
    dataset, _ = load_dataset(data)
    return next(record for record in dataset.reviews if record.id == review_id)


def is_a4_portrait(sheet: PdfReader, number: int = 0) -> bool:
    """Whether page `number` is 210 x 297 mm (595.3 x 841.9 points), give or take a point."""
    width, height = (float(value) for value in sheet.pages[number].mediabox.upper_right)
    return abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5


def briefings(pages: dict[str, str]) -> set[str]:
    return {path for path in pages if path.startswith("7-minute-briefings/")}


def words(text: str) -> str:
    """`text` with its line breaks and indents as single spaces (the summary indents its
    call-out)."""
    return " ".join(text.split())


def body(markdown: str) -> str:
    """The page without its front matter."""
    return markdown.split("---\n", 2)[2]


# --- Which reviews have one ------------------------------------------------------------------


def test_every_published_review_has_a_briefing_and_no_other_record_does(
        example_pages: dict[str, str], fixture_pages: dict[str, str]) -> None:
    for data, pages in ((EXAMPLE_DATA, example_pages), (FIXTURE_DATA, fixture_pages)):
        dataset, _ = load_dataset(data)
        published = {record.id for record in dataset.reviews if record.is_published}
        assert published and len(published) < len(dataset.reviews)  # some are not
        assert briefings(pages) == {f"7-minute-briefings/{id_}.md" for id_ in published}
    # The fixture's unpublished records are planted with "quokka": none reaches a briefing.
    for path in briefings(fixture_pages):
        assert "quokka" not in fixture_pages[path].lower(), path


def test_a_review_named_like_a_facet_does_not_collide_with_its_listings(
        data_copy: Path) -> None:
    # `reviews/theme/...` are the theme facet's listings; a review whose id is `theme`
    # keeps its summary at `reviews/theme.md` and its briefing in the briefings' own folder.
    shutil.move(data_copy / "reviews" / "child-b.yml", data_copy / "reviews" / "theme.yml")
    pages = rendered(data_copy)
    assert {"reviews/theme.md", "7-minute-briefings/theme.md",
            "reviews/theme/neglect.md"} <= set(pages)
    assert briefings(pages) == {"7-minute-briefings/child-a.md", "7-minute-briefings/theme.md"}


# --- What it holds ---------------------------------------------------------------------------


def test_seven_numbered_parts_under_one_heading(example_pages: dict[str, str]) -> None:
    page = example_pages["7-minute-briefings/child-r.md"]
    assert headings(page) == [
        "7-minute briefing: Learning from the serious case review for Child R",
        *(f"{number}. {part}" for number, part in enumerate(PARTS, 1))]
    # Search labels it; the trail leads back to its summary; one page needs no contents.
    front = page.split("---\n", 2)[1]
    assert 'kind: "7-minute briefing"\n' in front
    assert ('up:\n  title: "Learning from the serious case review for Child R"\n'
            '  url: "learning/reviews/child-r/"\n') in front
    assert "contents:" not in front


def test_a_review_without_a_one_thing_has_six_parts(fixture_pages: dict[str, str]) -> None:
    assert headings(fixture_pages["7-minute-briefings/child-b.md"])[1:] == [
        f"{number}. {part}" for number, part in
        enumerate([part for part in PARTS if part != "If you do one thing"], 1)]


def test_its_questions_for_reflection_are_the_one_thing_questions(
        example_pages: dict[str, str]) -> None:
    child_r = review(EXAMPLE_DATA, "child-r")
    assert child_r.one_thing is not None and not child_r.reflective_questions
    assert len(child_r.one_thing.questions) == 5
    questions = body(example_pages["7-minute-briefings/child-r.md"]).split(
        "## 6. Questions for reflection", 1)[1].split("\n## ", 1)[0]
    for question in child_r.one_thing.questions:
        assert f"\n- {question}\n" in questions


def test_reflective_questions_when_the_review_gives_them(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "national_learning:",
         "reflective_questions:\n  - Who do you count as family?\n"
         "  - How would you know a man lives in the home?\nnational_learning:")
    page = rendered(data_copy)["7-minute-briefings/child-a.md"]
    assert ("To talk through in supervision or a team meeting:\n\n"
            "- Who do you count as family?\n"
            "- How would you know a man lives in the home?\n") in page
    # Not the one-thing questions as well: the summary keeps those with its one thing.
    assert "Who else lives here?" not in page


def test_a_review_without_questions_says_so_rather_than_inventing_them(
        fixture_pages: dict[str, str]) -> None:
    child_b = review(FIXTURE_DATA, "child-b")
    assert child_b.one_thing is None and not child_b.reflective_questions
    page = fixture_pages["7-minute-briefings/child-b.md"]
    part = page.split("## 5. Questions for reflection", 1)[1].split("\n## ", 1)[0]
    assert "The review did not set questions for reflection." in part
    assert "?" not in part and "\n- " not in part


def test_each_part_comes_from_the_reviews_own_fields(example_pages: dict[str, str]) -> None:
    child_r = review(EXAMPLE_DATA, "child-r")
    page = body(example_pages["7-minute-briefings/child-r.md"])
    summary = example_pages["reviews/child-r.md"]
    assert child_r.summary and child_r.one_thing and child_r.background
    # The short fields, as the summary shows them; the long ones only on the summary.
    assert f"\n{child_r.summary}\n" in page and f"\n{child_r.summary}\n" in summary
    assert words(child_r.one_thing.ask) in words(page)
    assert words(child_r.one_thing.ask) in words(summary)
    assert child_r.background.split("\n\n")[1] not in page
    for number, finding in enumerate(child_r.findings, 1):
        assert f"\n{number}. [{finding.title}](../reviews/child-r.md#finding-{finding.id})\n" \
            in page
        assert finding.text.strip() not in page
    # Practitioners' points in full; managers' and the system's counted and linked.
    for point in child_r.learning_points.practitioners:
        first_line = point.text.splitlines()[0]
        assert first_line in page
    assert ("[2 learning points for managers](../reviews/child-r.md#for-managers) and "
            "[6 learning points for the safeguarding system]"
            "(../reviews/child-r.md#for-the-safeguarding-system)") in page
    for item in child_r.further_reading:
        assert item.title in page
    assert "[national learning](../reviews/child-r.md#national-learning)" in page


def test_one_field_changes_summary_and_briefing_together(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "ask: Find out about every adult",
         "ask: EDITED-ASK Find out about every adult")
    edit(data_copy / "reviews" / "child-a.yml", "title: Unseen men", "title: EDITED-TITLE")
    pages = rendered(data_copy)
    for path in ("reviews/child-a.md", "7-minute-briefings/child-a.md"):
        assert "EDITED-ASK Find out about every adult" in pages[path], path
        assert "EDITED-TITLE" in pages[path], path


def test_a_finding_without_a_title_is_named_by_its_number(
        fixture_pages: dict[str, str]) -> None:
    page = fixture_pages["7-minute-briefings/child-a.md"]
    assert "\n1. [Unseen men](../reviews/child-a.md#finding-f1)\n" in page
    assert "\n2. [Finding 2](../reviews/child-a.md#finding-f2)\n" in page
    assert "A second paragraph about the finding." not in page


def test_the_learning_summary_links_to_its_briefing(example_pages: dict[str, str],
                                                    fixture_pages: dict[str, str]) -> None:
    line = ("[7-minute briefing](../7-minute-briefings/{}.md): this review's learning on "
            "one page, to print or to talk through in a team meeting.")
    summary = example_pages["reviews/child-r.md"]
    assert line.format("child-r") in summary
    # Near the top: before the one thing and the background.
    assert summary.index(line.format("child-r")) < summary.index("## If you do one thing")
    for review_id in ("child-a", "child-b"):
        assert line.format(review_id) in fixture_pages[f"reviews/{review_id}.md"]


# --- The built page ----------------------------------------------------------------------------


def test_the_built_site_has_the_page_and_its_links_work(page: Page, site_url: str) -> None:
    page.goto(site_url + "learning/reviews/child-r/")
    page.locator("article").get_by_role("link", name="7-minute briefing", exact=True).click()
    page.wait_for_url(site_url + BRIEFING)
    assert page.locator("h1").inner_text() == (
        "7-minute briefing: Learning from the serious case review for Child R")
    page.locator("article").get_by_role(
        "link", name="Placements for children with complex needs").click()
    page.wait_for_url(site_url + "learning/reviews/child-r/#finding-f2")
    page.go_back()
    trail = page.get_by_role("navigation", name="You are here")
    trail.get_by_role("link", name="Learning from the serious case review for Child R").click()
    page.wait_for_url(site_url + "learning/reviews/child-r/")


def _part_boxes(browser: Browser, site_url: str, width: int) -> list[dict[str, float]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + BRIEFING)
    boxes = page.locator(".slh-seven__part").evaluate_all(
        "parts => parts.map(part => { const box = part.getBoundingClientRect();"
        " return {x: box.x, y: box.y, right: box.right}; })")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    context.close()
    return boxes


def test_one_column_on_a_phone_and_two_on_a_laptop(browser: Browser, site_url: str) -> None:
    phone = _part_boxes(browser, site_url, 375)
    assert len(phone) == 7
    assert len({round(box["x"]) for box in phone}) == 1
    assert [box["y"] for box in phone] == sorted(box["y"] for box in phone)
    laptop = _part_boxes(browser, site_url, 1280)
    assert len({round(box["x"]) for box in laptop}) == 2
    # Read across then down, in the order of the numbers; the seventh spans both columns.
    assert laptop[0]["y"] == laptop[1]["y"] and laptop[0]["x"] < laptop[1]["x"]
    assert laptop[6]["x"] == laptop[0]["x"] and laptop[6]["right"] == laptop[1]["right"]


def test_it_prints_on_one_a4_page_with_its_questions(page: Page, site_url: str) -> None:
    child_r = review(EXAMPLE_DATA, "child-r")
    assert child_r.one_thing is not None
    page.goto(site_url + BRIEFING)
    pdf = page.pdf(format="A4")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert is_a4_portrait(reader)
    text = " ".join((reader.pages[0].extract_text() or "").split())
    for part in PARTS:
        assert part in text
    for question in child_r.one_thing.questions:
        assert " ".join(question.split()) in text
    # No site chrome, no page number on a single sheet; addresses under "find out more".
    assert text.startswith("7-minute briefing: Learning from")  # no trail, no header
    for chrome in ("Skip to content", "Accessibility statement", "Page 1 of",
                   "OSCB Safeguarding Learning Hub"):
        assert chrome not in text
    assert "/learning/reviews/child-r/" in text.replace(" ", "")


def test_its_own_page_size_is_a4_whatever_the_printer_default(page: Page,
                                                             site_url: str) -> None:
    # Printed from a browser set to US Letter, the briefing asks for A4 (named page in
    # extra.css); other pages keep the printer's size.
    page.goto(site_url + BRIEFING)
    sheet = PdfReader(io.BytesIO(page.pdf(format="Letter", prefer_css_page_size=True)))
    assert len(sheet.pages) == 1 and is_a4_portrait(sheet)
    page.goto(site_url + "learning/reviews/child-r/")
    summary = PdfReader(io.BytesIO(page.pdf(format="Letter", prefer_css_page_size=True)))
    assert [round(float(v)) for v in summary.pages[0].mediabox.upper_right] == [612, 792]


def test_search_labels_it_as_a_7_minute_briefing(example_project: Path) -> None:
    html = (example_project / "site" / BRIEFING / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-pagefind-meta="kind:7-minute briefing"', html)
