"""Publication safety: nothing unpublished or personal is published, nothing unsafe renders."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

from conftest import (
    ENGINES,
    FIXTURE_DATA,
    make_project,
    pagefind_chunks,
    problems,
    published_pages,
    run_generator,
    serve,
)
from generator.compute.reports import period_figures
from generator.errors import DataError
from generator.personal_data import nhs_number_is_valid, scan
from generator.validate import load_dataset

PAYLOADS = (Path(__file__).parent / "fixtures" / "xss-payloads.txt").read_text(
    "utf-8").splitlines()


def full_review(text: Callable[[], str], *, kind: str = "cspr") -> dict[str, object]:
    """A review with every text field filled by `text()`: nothing left for a leak to hide in."""
    return {
        "type": kind, "title": text(), "subject": text(), "summary": text(),
        "methodology": "other", "methodology_detail": text(), "pending_detail": text(),
        "status": "paused",
        "joint_with": [{"kind": "other", "name": text()}],
        "dates": {"rapid_review": "2021-09", "commissioned": "2021-09"},
        "publication": {"status": "unpublished"},
        "children": [{"pseudonym": text(), "ethnicity": "white-irish", "family": text(),
                      "age_band": "5-9"}],
        "background": text(),
        "findings": [{"id": "f1", "title": text(), "text": text(), "themes": ["neglect"]}],
        "themes": ["neglect"],
        "strengths": [text()],
        "system_today": {"summary": text(), "points": [text()]},
        "learning_points": {"practitioners": [text()], "managers": [{"text": text()}],
                            "system": [text()]},
        "one_thing": {"ask": text(), "questions": [text()]},
        "national_learning": [{"title": text(), "text": text()}],
        "further_reading": [{"title": text(), "description": text()}],
        "recommendations": [{"id": "r1", "title": text(), "text": text(), "scope": "local",
                             "finding": "f1", "owner": text(), "status": "in-progress",
                             "actions": [{"text": text(), "owner": text()}],
                             "impact": [{"text": text()}], "themes": ["neglect"]}],
    }


def write_yaml(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def site_text(project: Path) -> Iterator[tuple[Path, str]]:
    """The text of every file built or generated, the search index's compressed chunks too."""
    for root in (project / "site", project / "content"):
        for path in root.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".json", ".xml", ".md", ".txt", ".js"):
                yield path, path.read_text("utf-8", errors="replace")
    yield from pagefind_chunks(project / "site")


# --- Publication gating ------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_marked_unpublished_records_leak_nowhere_but_still_count(tmp_path: Path,
                                                                 engine: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    counter = itertools.count()

    def marker() -> str:
        return f"LEAKMARK{next(counter):04d}"

    unpublished = full_review(marker)
    write_yaml(data / "reviews" / "secret-cspr.yml", unpublished)
    rapid = full_review(marker, kind="rapid-review")
    rapid["decision"] = {"outcome": "cspr", "panel_view": "agreed", "notes": marker()}
    for key in ("findings", "recommendations", "themes"):
        rapid.pop(key)
    write_yaml(data / "reviews" / "secret-rapid.yml", rapid)
    embargoed = full_review(marker)
    embargoed["publication"] = {"status": "published", "date": "2031-01-15"}
    write_yaml(data / "reviews" / "secret-embargoed.yml", embargoed)
    planted = next(counter)
    assert planted > 70

    project = make_project(tmp_path / "project", data)
    result = run_generator("site", "--engine", engine, cwd=project)
    assert result.returncode == 0, result.stderr
    scanned = dict(site_text(project))
    for path, text in scanned.items():
        assert "LEAKMARK" not in text, path
        assert "secret-" not in text, path
    # The scan reads the search index: a published review's words are found in its fragments.
    assert [path for path, text in scanned.items()
            if "zebrafinch" in text and path.suffix == ".pf_fragment"] != []
    # ...and the Atom feed and the sitemap, which list the published pages by their addresses.
    site = project / "site"
    for name in ("learning/feed.xml", "sitemap.xml"):
        assert "learning/reviews/child-a/" in scanned[site / name], name
    assert "Learning from the practice review for Child A" in scanned[
        project / "content" / "learning" / "feed.xml"]

    dataset, _ = load_dataset(data)
    figures = {f.period.id: f for f in period_figures(dataset)}["2021-22"]
    assert figures.rapid.held == 2  # the fixture's rapid review and the planted one
    assert figures.local.worked_on == 4  # child-a, the fixture's unpublished CSPR, two planted
    report = (project / "site" / "learning" / "reports").rglob("index.html")
    assert any("<td>Rapid reviews held</td>" in p.read_text("utf-8") for p in report)


def test_an_embargo_lifts_on_the_build_date(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    review = data / "reviews" / "child-b.yml"
    review.write_text(review.read_text("utf-8").replace("date: 2020", "date: 2030-06-01"),
                      "utf-8")
    content = tmp_path / "content"
    assert run_generator("build", "--data", str(data), "--content", str(content)).returncode == 0
    assert not (content / "learning" / "reviews" / "child-b.md").exists()

    partnership = data / "partnership.yml"
    partnership.write_text(partnership.read_text("utf-8") + "\n", "utf-8")
    text = partnership.read_text("utf-8")
    text = re.sub(r"build_date: \S+", "build_date: 2030-06-01", text)
    partnership.write_text(text, "utf-8")
    assert run_generator("build", "--data", str(data), "--content", str(content)).returncode == 0
    assert (content / "learning" / "reviews" / "child-b.md").exists()


def test_the_built_pages_match_the_records_exactly(fixture_built: Path, tmp_path: Path) -> None:
    from generator.build import build
    from generator.verify import built_pages, expected_pages, verify_site

    generated = build(fixture_built / "data", fixture_built / "content").generated
    expected = expected_pages(fixture_built / "content", generated)
    site = fixture_built / "site"
    assert {"", "learning/reviews/child-a/", "about/editors-guide/"} <= expected
    assert not any("unpublished" in page or "rr-" in page for page in expected)
    # The form editor is added after the check: the one page not made from the Markdown.
    assert built_pages(site) == expected | {"admin/"}
    assert published_pages(site) == expected
    checked = shutil.copytree(site, tmp_path / "site", ignore=shutil.ignore_patterns("admin"))
    assert verify_site(checked, expected) == []


def test_the_check_reports_pages_nothing_explains(tmp_path: Path) -> None:
    from generator.verify import verify_site

    for page in ("", "learning/reviews/child-a/", "learning/reviews/leaked/"):
        (tmp_path / page).mkdir(parents=True, exist_ok=True)
        (tmp_path / page / "index.html").write_text("<p>x</p>", "utf-8")
    assert verify_site(tmp_path, {"", "learning/reviews/child-a/", "about/"}) == [
        "the site holds a page nothing should have produced: /learning/reviews/leaked/",
        "the page /about/ was expected but not built"]


# --- Personal data -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [
    ("Her NHS number is 943 476 5919.", "an NHS number"),
    ("NHS no. 9434765919 was on the letter.", "an NHS number"),
    ("The family lived at OX1 2JD until 2019.", "a postcode"),
    ("Call the father on 07700 900123 after school.", "a phone number"),
    ("The school rang 0113 496 0123.", "a phone number"),
    ("The office is on 020 7946 0999.", "a phone number"),
    ("Her email was jo.bloggs@example.com.", "an email address"),
    ("His NI number AB 12 34 56 C was used.", "a National Insurance number"),
    ("Child R was born on 3 March 2008.", "a date of birth"),
    ("DOB 14/02/2015 was recorded.", "a date of birth"),
    ("The baby was seen by the GP on 12 March 2020.", "a full date in a sentence about a child"),
])
def test_personal_identifiers_are_found(text: str, kind: str) -> None:
    assert [finding.kind for finding in scan(text)] == [kind]


@pytest.mark.parametrize("text", [
    "NHS number 943 476 5910 has a wrong check digit.",
    "6 rapid reviews in 2021-22 against 9 in 2020-21.",
    "The child population is 148,097; 23,920 contacts were made.",
    "The review was published in December 2021.",
    "The panel met on 12 March 2022 to agree its plan.",
])
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert list(scan(text)) == []


def test_nhs_check_digit() -> None:
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765910")
    assert not nhs_number_is_valid("1234567890")  # a check value of 10 is never valid


def test_personal_data_in_a_published_review_fails_check_at_its_line(data_copy: Path) -> None:
    review = data_copy / "reviews" / "child-b.yml"
    review.write_text(review.read_text("utf-8").replace(
        "background: Child B was a teenager.",
        "background: |\n  Child B was a teenager.\n  The family lived at OX4 1AA.\n"), "utf-8")
    assert problems(data_copy) == [
        f"{review}:9:23: background: this looks like a postcode (`OX4 ***`), which must not be "
        "published; remove it, or if it is meant to be public add it with a reason to "
        "data/allowed.yml"]


def test_allowed_strings_and_public_contacts_pass(data_copy: Path) -> None:
    review = data_copy / "reviews" / "child-b.yml"
    review.write_text(review.read_text("utf-8").replace(
        "background: Child B was a teenager.",
        "background: Child B was a teenager. Call 0113 496 0000 or the clinic at OX4 1AA."),
        "utf-8")
    (data_copy / "allowed.yml").write_text(
        "allowed:\n  - text: OX4 1AA\n    reason: The public address of the clinic.\n", "utf-8")
    load_dataset(data_copy)  # 0113 496 0000 is the partnership's own contact line


def test_unpublished_records_are_not_scanned(data_copy: Path) -> None:
    review = data_copy / "reviews" / "cspr-unpublished.yml"
    review.write_text(review.read_text("utf-8").replace(
        "background: SECRET-BACKGROUND-quokka", "background: Lived at OX4 1AA."), "utf-8")
    load_dataset(data_copy)


def test_example_data_raises_no_false_alarm() -> None:
    result = run_generator("check")
    assert result.returncode == 0, result.stderr


# --- Safe Markdown -----------------------------------------------------------------------


def test_unsafe_link_schemes_are_rejected(data_copy: Path) -> None:
    review = data_copy / "reviews" / "child-b.yml"
    review.write_text(review.read_text("utf-8").replace(
        "background: Child B was a teenager.",
        "background: See [this](java&#x09;script:alert(1))."), "utf-8")
    assert problems(data_copy) == [
        f"{review}:7:13: background: the link target `java\tscript:alert(1)` uses "
        "`javascript:`, which is not allowed: link to a web address (https://...)"]


@pytest.fixture(scope="module", params=ENGINES)
def xss_project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published review with the payloads in every text field; rejected ones left out."""
    root = tmp_path_factory.mktemp("xss")
    data = root / "data"
    shutil.copytree(FIXTURE_DATA, data)
    accepted, rejected = [], []
    probe = data / "reviews" / "probe.yml"
    for payload in PAYLOADS:
        review = full_review(lambda payload=payload: payload)  # type: ignore[misc]
        review["publication"] = {"status": "published", "date": "2021-10"}
        write_yaml(probe, review)
        try:
            load_dataset(data)
            accepted.append(payload)
        except DataError as error:
            rejected.append((payload, [p.message for p in error.problems]))
    probe.unlink()
    # Only links to unsafe schemes are refused outright; everything else is made inert.
    for payload, messages in rejected:
        assert "](" in payload or "]:" in payload, payload
        assert all("is not allowed: link to a web address" in m or "write a link as" in m
                   or "is not a full address" in m for m in messages), messages
    cycle = itertools.cycle(accepted)
    for number in range(3):
        review = full_review(lambda: next(cycle))
        review["publication"] = {"status": "published", "date": "2021-10"}
        write_yaml(data / "reviews" / f"xss-{number}.yml", review)
    project = make_project(root / "project", data)
    result = run_generator("site", "--engine", request.param, cwd=project)
    assert result.returncode == 0, result.stderr
    (root / "accepted.json").write_text(json.dumps(accepted), "utf-8")
    return project


def test_xss_corpus_has_at_least_fifty_payloads() -> None:
    assert len(PAYLOADS) >= 50


# The theme's and the site's own scripts. Pagefind's reader is never a <script src>: the search
# page's script imports it when a search is made.
_MATERIAL_SCRIPT = re.compile(r"(?:\.\./)*assets/javascripts/[\w./-]+")
_UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "poster",
                   "xlink:href", "srcdoc"}
_FORBIDDEN_TAGS = {"iframe", "object", "embed", "form", "base", "meta", "link", "style",
                   "math", "template", "input", "button", "textarea", "video", "audio",
                   "marquee", "isindex", "x", "scr"}


class _Tags(HTMLParser):
    """Every element and attribute a browser would see: text inside attributes is not markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.in_content = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag == "article":
            self.in_content = True
        self.tags.append((tag if not self.in_content else f"content:{tag}", attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_content = False


def test_xss_corpus_renders_inert(xss_project: Path) -> None:
    pages = sorted((xss_project / "site" / "learning" / "reviews").glob("xss-*/index.html"))
    assert len(pages) == 3
    for path in pages:
        parser = _Tags()
        parser.feed(path.read_text("utf-8"))
        assert len(parser.tags) > 100
        for tag, attributes in parser.tags:
            name = tag.removeprefix("content:")
            if name == "script":
                # The theme's own scripts sit outside the article; inside it, none at all.
                assert not tag.startswith("content:"), (tag, attributes)
                source = attributes.get("src", "")
                assert not source or _MATERIAL_SCRIPT.fullmatch(source), (tag, attributes)
            assert not [a for a in attributes if a.startswith("on")], (tag, attributes)
            for attribute in _URL_ATTRIBUTES & attributes.keys():
                assert not _UNSAFE_URL.match(attributes[attribute]), (tag, attributes)
            if tag.startswith("content:"):
                assert name not in _FORBIDDEN_TAGS, (tag, attributes)


def test_xss_pages_run_no_injected_script_in_a_browser(xss_project: Path, page: Page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(xss_project / "site") as url:
        for number in range(3):
            page.goto(f"{url}learning/reviews/xss-{number}/")
            page.wait_for_load_state("load")
            # Hover and click everything an attacker might have hung a handler on.
            # (Visible ones: a closed "On this page" list holds links nobody can hover.)
            shown = "article a:visible, article p:visible, article li:visible"
            for element in page.locator(shown).all()[:60]:
                element.hover(timeout=2_000, force=True)
            page.keyboard.press("Tab")
    assert dialogs == []
    assert errors == []
    assert page.evaluate("typeof window.alert") == "function"


# --- Builds that fail safe and repeat exactly --------------------------------------------


def test_a_failed_site_build_leaves_the_old_site_and_two_builds_are_identical(
        tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    site = project / "site"
    # Search filters with many values: Pagefind alone writes their files in a random order.
    about = project / "content" / "about" / "index.md"
    about.write_text(about.read_text("utf-8") + "\n" + "".join(
        f'<span data-pagefind-filter="colour:{colour}" hidden></span>'
        for colour in ("Red", "Orange", "Yellow", "Green", "Blue", "Indigo", "Violet")), "utf-8")

    def site_bytes() -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes()
                for p in sorted(site.rglob("*")) if p.is_file()}

    assert run_generator("site", cwd=project).returncode == 0
    first = site_bytes()
    assert "learning/reviews/child-a/index.html" in first
    assert "pagefind/pagefind-entry.json" in first
    assert len([name for name in first if name.endswith(".pf_fragment")]) > 10
    assert [name for name in first if name.endswith(".pf_filter")] != []
    assert run_generator("site", cwd=project).returncode == 0
    assert site_bytes() == first  # every byte, the sitemap and the search index included

    # Data that validates but breaks MkDocs half way: a hand-written page links nowhere.
    (project / "content" / "about" / "broken.md").write_text("[x](missing.md)\n", "utf-8")
    failed = run_generator("site", cwd=project)
    assert failed.returncode == 1
    assert "the previous site is unchanged" in failed.stderr
    assert "missing.md" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert site_bytes() == first
    assert not [p for p in project.iterdir()
                if p.name.startswith(".site-") and p.name != ".site-lock"]
