"""PDF twins (generator/pdf.py): one report, one summary and one briefing of the example site,
printed by Chromium and read back with pypdf."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject

from conftest import FIXTURE_DATA, make_project, run_generator, run_mkdocs
from generator import pdf
from generator.pdf import PdfError, PdfTwin, label_links, make_pdfs, pdf_name, size_label

REPORT = "learning/reports/2021-22/partnership/"
SUMMARY = "learning/reviews/child-r/"
BRIEFING = "learning/briefings/national-reports-2021/"
PAGES = (REPORT, SUMMARY, BRIEFING)
PARTNERSHIP = "Oxfordshire Safeguarding Children Board"
SITE_URL = "https://oscb-example.github.io/"


@pytest.fixture(scope="module")
def site(example_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built example site, so the PDFs written into it touch no other test."""
    copy = tmp_path_factory.mktemp("pdf") / "site"
    shutil.copytree(example_project / "site", copy)
    return copy


@pytest.fixture(scope="module")
def made(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, PdfTwin]:
    return make_pdfs(site, PAGES, cache=tmp_path_factory.mktemp("pdf-cache"))


@pytest.fixture(scope="module")
def readers(made: dict[str, PdfTwin]) -> dict[str, PdfReader]:
    return {page: PdfReader(twin.path) for page, twin in made.items()}


def texts(reader: PdfReader) -> list[str]:
    """Each page's text, its white space made single spaces."""
    return [" ".join((sheet.extract_text() or "").split()) for sheet in reader.pages]


def html_of(site: Path, page: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(site / page / "index.html")).getroot()


def heading(site: Path, page: str) -> str:
    return " ".join(html_of(site, page).xpath("string(//article//h1)").split())


def letters(text: str) -> str:
    return "".join(text.split())


def test_each_pdf_is_written_beside_its_page(site: Path, made: dict[str, PdfTwin]) -> None:
    assert list(made) == list(PAGES)
    for page, twin in made.items():
        assert twin.path == site.resolve() / page / pdf_name(page)
        assert twin.path.read_bytes().startswith(b"%PDF-")
        assert twin.size == twin.path.stat().st_size
        assert not twin.cached
    assert made[SUMMARY].path.name == "reviews-child-r.pdf"


def test_pdfs_are_tagged_with_language_and_title(site: Path,
                                                 readers: dict[str, PdfReader]) -> None:
    for page, reader in readers.items():
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog, page
        mark_info = catalog["/MarkInfo"].get_object()
        assert isinstance(mark_info, DictionaryObject)
        assert mark_info["/Marked"] == BooleanObject(True), page
        assert catalog["/Lang"] == "en-GB", page
        title = heading(site, page)
        assert reader.metadata is not None and reader.metadata.title == title, page
        assert reader.xmp_metadata is not None
        assert reader.xmp_metadata.dc_title == {"x-default": title}, page
        assert reader.xmp_metadata.dc_language == ["en-GB"], page
        assert catalog["/ViewerPreferences"]["/DisplayDocTitle"], page


def test_the_structure_tree_has_headings_lists_and_tables(readers: dict[str, PdfReader]) -> None:
    def roles(node: object, found: set[str]) -> set[str]:
        node = getattr(node, "get_object", lambda: node)()
        if isinstance(node, list):
            for kid in node:
                roles(kid, found)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.add(str(node["/S"]))
            if "/K" in node:
                roles(node["/K"], found)
        return found

    tree = readers[REPORT].trailer["/Root"]["/StructTreeRoot"].get_object()
    assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} \
        <= roles(tree["/K"], set())


def test_bookmarks_are_the_headings_word_for_word(site: Path,
                                                  readers: dict[str, PdfReader]) -> None:
    # Chromium drops the space where a heading wraps ("annualreport"): pdf.py mends it.
    outline = readers[REPORT].outline
    assert outline and not isinstance(outline[0], list)
    assert outline[0].title == heading(site, REPORT)
    sections = [item.title for item in outline[1] if not isinstance(item, list)]
    h2 = [" ".join(h.text_content().replace("¶", "").split())
          for h in html_of(site, REPORT).xpath("//article//h2")]
    assert sections == [text for text in h2 if text != "On this page"][:len(sections)]
    assert len(sections) >= 10


def test_every_page_is_numbered(readers: dict[str, PdfReader]) -> None:
    for page, reader in readers.items():
        pages = texts(reader)
        assert len(pages) >= 2, page
        assert f"Page 2 of {len(pages)}" in pages[1], page


COVERS = {
    REPORT: ["1 April 2021 to 31 March 2022"],
    SUMMARY: ["Learning summary", "Published December 2021"],
    BRIEFING: ["Briefing", "Published 2021"],
}
"""What each title page says under the title, besides the partnership."""


@pytest.mark.parametrize("page", PAGES)
def test_each_pdf_opens_with_its_title_page(site: Path, readers: dict[str, PdfReader],
                                            page: str) -> None:
    pages = texts(readers[page])
    title = heading(site, page)
    header = f"{title} · {PARTNERSHIP}"
    assert title in pages[0] and PARTNERSHIP in pages[0]
    for line in COVERS[page]:
        assert line in pages[0]
    assert "Foreword" not in pages[0] and "About this review" not in pages[0]
    assert header not in pages[0]  # a title page has no running header
    assert all(header in text for text in pages[1:])


def test_the_pdfs_carry_the_pages_figures(site: Path, readers: dict[str, PdfReader]) -> None:
    for page in (REPORT, BRIEFING):
        cells = {" ".join(cell.text_content().split())
                 for cell in html_of(site, page).xpath("//article//table//td")}
        figures = {cell for cell in cells if re.search(r"\d", cell) and len(cell) >= 2}
        if page == REPORT:
            assert {"148,097", "23,920", "46%"} <= figures
        text = letters("".join(texts(readers[page])))
        assert [figure for figure in sorted(figures) if letters(figure) not in text] == [], page


def test_the_pdfs_have_no_site_chrome_and_public_link_addresses(
        readers: dict[str, PdfReader]) -> None:
    for page, reader in readers.items():
        text = " ".join(texts(reader))
        assert "Skip to content" not in text, page
        assert "Accessibility statement" not in text, page  # the footer
        assert "Download as PDF" not in text, page
        assert "127.0.0.1" not in text, page
    summary = letters(" ".join(texts(readers[SUMMARY])))
    assert f"({SITE_URL}learning/themes/neglect/)" in summary


def test_an_unchanged_page_is_copied_from_the_cache(site: Path, made: dict[str, PdfTwin],
                                                    tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    index = site / SUMMARY / "index.html"
    before = index.read_text(encoding="utf-8")

    def page_with(extra: str) -> None:
        index.write_text(before.replace("</h1>", f"</h1>{extra}", 1), encoding="utf-8")

    try:
        page_with(pdf.SIZE_PLACEHOLDER)
        first = make_pdfs(site, [SUMMARY], cache=cache)[SUMMARY]
        again = make_pdfs(site, [SUMMARY], cache=cache)[SUMMARY]
        assert not first.cached and again.cached
        assert (again.size, again.pages) == (first.size, first.pages)
        assert len(list(cache.glob("*.pdf"))) == 1
        # The size written into the page's link afterwards is not a change to the page.
        page_with('<span class="slh-pdf-size"> (172 KB, 8 pages)</span>')
        assert make_pdfs(site, [SUMMARY], cache=cache)[SUMMARY].cached
        page_with("<p>Changed.</p>")
        assert not make_pdfs(site, [SUMMARY], cache=cache)[SUMMARY].cached
    finally:
        index.write_text(before, encoding="utf-8")


def test_the_download_link_takes_its_pdfs_size(site: Path, made: dict[str, PdfTwin]) -> None:
    index = site / SUMMARY / "index.html"
    before = index.read_text(encoding="utf-8")
    try:
        index.write_text(before.replace(
            "</h1>", f"</h1><a class=\"slh-pdf-link\" href=\"{pdf_name(SUMMARY)}\">"
            f"Download as PDF{pdf.SIZE_PLACEHOLDER}</a>", 1), encoding="utf-8")
        assert label_links(site, {SUMMARY: made[SUMMARY]}) == 1
        twin = made[SUMMARY]
        assert (f'Download as PDF<span class="slh-pdf-size"> '
                f'({size_label(twin.size)}, {twin.pages} pages)</span>') \
            in index.read_text(encoding="utf-8")
    finally:
        index.write_text(before, encoding="utf-8")


def test_learning_pages_are_the_reports_summaries_and_briefings(site: Path) -> None:
    found = pdf.learning_pages(site)
    assert set(PAGES) <= set(found)
    assert all(page.startswith("learning/") and page.endswith("/") for page in found)
    assert "learning/themes/neglect/" not in found


def test_names_and_sizes() -> None:
    assert pdf_name(REPORT) == "reports-2021-22-partnership.pdf"
    assert pdf_name("learning/7-minute-briefings/child-r/") == "7-minute-briefings-child-r.pdf"
    assert [size_label(size) for size in (850, 165_400, 1_234_567)] \
        == ["850 bytes", "165 KB", "1.2 MB"]


def test_a_missing_page_is_named(site: Path) -> None:
    with pytest.raises(PdfError) as caught:
        make_pdfs(site, [SUMMARY, "learning/reviews/child-z/"])
    assert str(caught.value) == (f"the PDFs were not made: learning/reviews/child-z/ is not in "
                                 f"{site.resolve()} (no index.html there)")


def test_a_folder_that_is_not_a_site_is_named(tmp_path: Path) -> None:
    with pytest.raises(PdfError) as caught:
        make_pdfs(tmp_path, [SUMMARY])
    assert str(caught.value) == (f"the PDFs were not made: {tmp_path} is not a built site "
                                 "(it has no index.html)")


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    missing = tmp_path / "chromium"
    monkeypatch.setattr(pdf, "CHROMIUM", str(missing))
    yield missing


def test_a_missing_browser_is_said_plainly(site: Path, no_chromium: Path) -> None:
    with pytest.raises(PdfError) as caught:
        make_pdfs(site, [SUMMARY])
    assert str(caught.value) == (
        f"the PDFs were not made: Chromium is not installed (no {no_chromium}); install "
        "Debian's package with `sudo apt-get install chromium` (`make site` does this)")


def test_the_command_line_reports_a_problem_in_one_line(
        site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pdf.main([str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f"error: the PDFs were not made: {tmp_path} is not a "
                                       "built site (it has no index.html)\n")


def test_a_page_whose_script_did_not_run_is_named(site: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The running header and the link addresses on paper come from extra.js.
    page = "learning/reviews/child-r-without-script/"
    (site / page).mkdir()
    html = (site / SUMMARY / "index.html").read_text(encoding="utf-8")
    script = '<script src="../../../assets/javascripts/extra.js"></script>'
    assert script in html
    (site / page / "index.html").write_text(html.replace(script, ""), encoding="utf-8")
    monkeypatch.setattr(pdf, "READY_MS", 1000)
    try:
        with pytest.raises(PdfError) as caught:
            make_pdfs(site, [page])
    finally:
        shutil.rmtree(site / page)
    assert str(caught.value) == (
        f"the PDF of {page} was not made: the page's script (assets/javascripts/extra.js, "
        "which sets the running header and the link addresses for paper) did not run")


def test_a_site_built_by_mkdocs_alone_links_to_no_pdf(tmp_path: Path) -> None:
    """`mkdocs build` and `mkdocs serve` make no PDFs: the link stays hidden, not dead."""
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    html = (project / "site" / "learning" / "reviews" / "child-a" / "index.html"
            ).read_text("utf-8")
    link = re.search(r'<p class="slh-pdf-link"[^>]*>', html)
    assert link and " hidden" in link.group(0)
    assert not list((project / "site").rglob("*.pdf"))


def test_the_build_makes_each_pdf_and_shows_its_link_with_its_size(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    result = run_generator("site", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    pages = pdf.learning_pages(site)
    assert "learning/reviews/child-a/" in pages
    for page in pages:
        document = site / page / pdf_name(page)
        html = (site / page / "index.html").read_text("utf-8")
        link = re.search(r'<p class="slh-pdf-link"[^>]*><a href="([^"]+)">Download as PDF'
                         r'<span class="slh-pdf-size"> \((\d+ KB), (\d+) pages?\)</span>', html)
        assert link, page
        assert link.group(1) == document.name and document.is_file()
        assert link.group(2) == size_label(document.stat().st_size)
        assert int(link.group(3)) == len(PdfReader(document).pages)
    # A second build prints nothing again: every PDF comes from the project's cache.
    cached = sorted((project / ".cache" / "pdf").glob("*.pdf"))
    assert len(cached) == len(pages)
    assert run_generator("site", cwd=project).returncode == 0
    assert sorted((project / ".cache" / "pdf").glob("*.pdf")) == cached
