"""Full `mkdocs build --strict` of the test data and of the example data in data/, and the
search index built with them (queried with Pagefind's own reader, in Chromium)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from playwright.sync_api import Browser

from conftest import EXAMPLE_DATA, FIXTURE_DATA, make_project, pagefind_chunks, run_mkdocs, serve
from generator.validate import load_dataset

# Pagefind's own reader, run in Chromium against the built index: every page it finds.
_QUERY = """async (queries) => {
  const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
  const found = [];
  for (const words of queries) {
    const search = await pagefind.search(words);
    const pages = await Promise.all(search.results.map(result => result.data()));
    found.push(pages.map(page => page.url));
  }
  return found;
}"""


def search(project: Path, browser: Browser, *queries: str) -> list[set[str]]:
    """For each query, the pages (as site paths) that the built site's search index finds."""
    with serve(project / "site") as url:
        page = browser.new_page()
        try:
            page.goto(url + "search/")
            found: list[list[str]] = page.evaluate(_QUERY, list(queries))
        finally:
            page.close()
    return [{address.removeprefix("/") for address in addresses} for addresses in found]


def indexed_pages(project: Path) -> set[str]:
    """The pages the search index holds, read from its (compressed) fragments."""
    return {json.loads(text.removeprefix("pagefind_dcd"))["url"].removeprefix("/")
            for path, text in pagefind_chunks(project / "site") if path.suffix == ".pf_fragment"}


def built_pages(project: Path) -> set[str]:
    site = project / "site"
    return {path.parent.relative_to(site).as_posix() for path in site.rglob("index.html")}


def test_fixture_site_has_a_page_per_published_review(fixture_project: Path) -> None:
    pages = built_pages(fixture_project)
    assert {"learning/reviews/child-a", "learning/reviews/child-b"} <= pages
    assert not any("unpublished" in page or "rr-" in page for page in pages)


def test_nothing_unpublished_anywhere_in_the_built_site(fixture_project: Path) -> None:
    for path in (fixture_project / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".md", ".txt", ".js"):
            assert b"quokka" not in path.read_bytes(), path
    # The search index is compressed: its text is read, and holds published words.
    index = dict(pagefind_chunks(fixture_project / "site"))
    assert any("zebrafinch" in text for text in index.values())
    assert [path for path, text in index.items() if "quokka" in text] == []
    for path in (fixture_project / "content").rglob("*"):
        if path.is_file():
            assert b"quokka" not in path.read_bytes(), path


def test_home_page_includes_the_newest_reviews(fixture_project: Path) -> None:
    home = (fixture_project / "site" / "index.html").read_text("utf-8")
    assert '<html lang="en-GB"' in home
    assert "<title>Testshire learning hub</title>" in home
    assert 'href="learning/reviews/child-a/"' in home
    assert "0113 496 0000" in home
    # The partial itself is included, never built as a page of its own.
    assert not (fixture_project / "site" / "learning" / "_home").exists()


def test_search_finds_a_review_by_words_from_its_findings(fixture_project: Path,
                                                          browser: Browser) -> None:
    [found] = search(fixture_project, browser, "zebrafinch")
    assert "learning/reviews/child-a/" in found
    assert not any(page.startswith("learning/reviews/") and page != "learning/reviews/child-a/"
                   for page in found)


def test_search_finds_a_summary_not_the_listings_that_name_it(fixture_project: Path,
                                                             browser: Browser) -> None:
    # Child A's title is repeated on its facet listings and its recommendations on the
    # tracker's pages; listings are not search results at all.
    [found] = search(fixture_project, browser, "Learning from the practice review for Child A")
    assert "learning/reviews/child-a/" in found
    listings = [page for page in found if page.startswith("learning/recommendations/")
                or (page.startswith("learning/reviews/") and page.count("/") > 3)]
    assert listings == []


# What search finds: pages whose front matter names their kind (overrides/main.html marks
# their article `data-pagefind-body`). Listings, the tracker, the editor's guide, the home
# page and search itself would only push the learning down the results.
INDEXED = re.compile(r"learning/(reviews/[^/]+|7-minute-briefings/[^/]+|briefings/[^/]+"
                     r"|themes/[^/]+|reports/[^/]+/[^/]+|glossary)/|about/(accessibility/)?")


def test_the_search_index_holds_the_learning_and_nothing_else(fixture_project: Path) -> None:
    site = fixture_project / "site"
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["en-gb"]  # English stemming, from <html lang="en-GB">
    pages = {"" if page == "." else f"{page}/" for page in built_pages(fixture_project)}
    learning = {page for page in pages if INDEXED.fullmatch(page)
                and not page.startswith(("learning/reviews/browse/", "learning/reviews/index"))}
    assert {"learning/reviews/child-a/", "learning/themes/neglect/", "learning/glossary/",
            "about/accessibility/"} <= learning
    assert indexed_pages(fixture_project) == learning
    assert entry["languages"]["en-gb"]["page_count"] == len(learning)
    left_out = pages - learning
    assert {"", "search/", "about/editors-guide/", "learning/reviews/",
            "learning/recommendations/", "learning/themes/"} <= left_out
    # Only what the search page uses is published: not Pagefind's ready-made interfaces.
    assert not list((site / "pagefind").glob("*ui*"))


def test_bad_data_fails_the_build_with_every_problem_and_keeps_the_old_pages(
        tmp_path: Path, fixture_project: Path) -> None:
    project = make_project(tmp_path / "project", fixture_project / "data")
    assert run_mkdocs(project).returncode == 0
    page = project / "content" / "learning" / "reviews" / "child-a.md"
    before = page.read_bytes()

    review = project / "data" / "reviews" / "child-a.yml"
    text = review.read_text("utf-8").replace("sex: male", "sex: mal").replace(
        "themes: [neglect]", "themes: [neglet]")
    review.write_text(text, "utf-8")
    (project / "data" / "themes.yml").write_text("themes:\n  - id: x\n  - name: y\n", "utf-8")
    result = run_mkdocs(project)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"reviews/child-a\.yml:\d+:\d+: children\[1\]\.sex: `mal`", result.stderr)
    assert re.search(r"themes\.yml:2:5: themes\[1\]: missing `name`", result.stderr)
    assert re.search(r"themes\.yml:3:5: themes\[2\]: missing `id`", result.stderr)
    assert page.read_bytes() == before


def test_a_site_search_cannot_index_fails_the_build_with_a_plain_message(
        tmp_path: Path) -> None:
    """As if the theme stopped marking the articles Pagefind reads: no traceback, a reason
    (and not an index of every page whole)."""
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block container %}<main>{{ page.content }}</main>'
        "{% endblock %}\n", "utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("ERROR   -  the search index was not built: Pagefind found no page to index in "
            f"{project / 'site'} (it reads the elements marked `data-pagefind-body`, which "
            "overrides/main.html puts on every page whose front matter names its `kind`)"
            ) in result.stderr


def test_example_site_has_one_summary_per_published_review(example_project: Path) -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    published = {f"learning/reviews/{r.id}" for r in dataset.reviews if r.is_published}
    unpublished = {f"learning/reviews/{r.id}" for r in dataset.reviews if not r.is_published}
    assert "learning/reviews/child-r" in published
    assert unpublished, "the example data should hold unpublished reviews too"
    pages = built_pages(example_project)
    assert pages & (published | unpublished) == published  # (other pages list reviews)
    assert not pages & unpublished


def test_child_r_page_has_every_section(example_project: Path) -> None:
    html = (example_project / "site" / "learning" / "reviews" / "child-r" / "index.html"
            ).read_text("utf-8")
    found = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert found == ["If you do one thing", "Background", "Key findings", "Themes",
                     "Strengths in practice", "The system today", "Learning points",
                     "National learning", "Recommendations", "Further reading"]
    assert len(re.findall(r"<h1[^>]*>", html)) == 1
    for audience in ("For practitioners", "For managers", "For the safeguarding system"):
        assert f">{audience}</h3>" in html


def test_example_search_finds_child_r_by_its_findings(example_project: Path,
                                                      browser: Browser) -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    child_r = next(r for r in dataset.reviews if r.id == "child-r")
    queries = [" ".join(re.findall(r"[a-z]{9,}", finding.text.lower())[:2])
               for finding in child_r.findings]
    assert all(queries), child_r.findings
    for words, found in zip(queries, search(example_project, browser, *queries), strict=True):
        assert "learning/reviews/child-r/" in found, words


def test_generation_stands_on_its_own(tmp_path: Path) -> None:
    """`python -m generator build` then any MkDocs engine: here MkDocs without the hook."""
    from conftest import run_generator

    project = make_project(tmp_path / "plain", EXAMPLE_DATA)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "hooks:\n  - generator/mkdocs_hook.py\n", ""), "utf-8")
    (project / "generator").unlink()
    result = run_generator("build", "--data", str(project / "data"),
                           "--content", str(project / "content"))
    assert result.returncode == 0, result.stderr
    assert run_mkdocs(project).returncode == 0
    assert (project / "site" / "learning" / "reviews" / "child-r" / "index.html").exists()
    shutil.rmtree(project / "site")


def test_help_is_one_tap_away_on_every_page(example_project: Path) -> None:
    """The partnership's lines, from its data, as links a phone dials, on the home page and
    in every page's footer, with the emergency number; the footer names the partnership."""
    site = example_project / "site"
    home = (site / "index.html").read_text("utf-8")
    assert home.count('href="tel:03450507666"') == 2  # the home page's call-out and footer
    for page in (site / "learning" / "reports" / "2021-22" / "partnership" / "index.html",
                 site / "about" / "accessibility" / "index.html"):
        text = page.read_text("utf-8")
        footer = text[text.index('<div class="md-copyright">'):]
        assert "Published by Oxfordshire Safeguarding Children Board" in footer
        assert ('Worried about a child? call <a href="tel:03450507666">0345 050 7666</a>'
                in footer)
        assert '<a href="tel:999">999</a>' in footer
        assert "Made with" not in footer


def test_the_editor_s_guide_shows_its_code_as_blocks(example_project: Path) -> None:
    """Fenced code, in numbered steps too, is a code block, never collapsed into one line."""
    source = (Path(__file__).parent.parent / "content" / "about" / "editors-guide.md"
              ).read_text("utf-8")
    fences = source.count("```") // 2
    page = (example_project / "site" / "about" / "editors-guide" / "index.html"
            ).read_text("utf-8")
    assert page.count("<pre") == fences
    assert "```" not in page
