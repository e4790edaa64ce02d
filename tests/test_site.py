"""Full `mkdocs build --strict` of the test data and of the example data in data/."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from conftest import EXAMPLE_DATA, make_project, run_mkdocs
from generator.validate import load_dataset


def search_index(project: Path) -> list[dict[str, str]]:
    index = json.loads((project / "site" / "search" / "search_index.json").read_text("utf-8"))
    docs: list[dict[str, str]] = index["docs"]
    return docs


def search(project: Path, *words: str) -> set[str]:
    """Pages whose indexed text holds every word: what Material's search would match."""
    return {doc["location"].split("#")[0] for doc in search_index(project)
            if all(word.lower() in (doc["title"] + " " + doc["text"]).lower() for word in words)}


def built_pages(project: Path) -> set[str]:
    site = project / "site"
    return {path.parent.relative_to(site).as_posix() for path in site.rglob("index.html")}


def test_fixture_site_has_a_page_per_published_review(fixture_project: Path) -> None:
    pages = built_pages(fixture_project)
    assert {"learning/reviews/child-a", "learning/reviews/child-b"} <= pages
    assert not any("unpublished" in page or "rr-" in page for page in pages)


def test_nothing_unpublished_anywhere_in_the_built_site(fixture_project: Path) -> None:
    for path in (fixture_project / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".md", ".txt"):
            assert b"quokka" not in path.read_bytes(), path
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


def test_search_finds_a_review_by_words_from_its_findings(fixture_project: Path) -> None:
    found = search(fixture_project, "zebrafinch")
    assert "learning/reviews/child-a/" in found
    assert not any(page.startswith("learning/reviews/") and page != "learning/reviews/child-a/"
                   for page in found)


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


def test_example_site_has_one_summary_per_published_review(example_project: Path) -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    published = {f"learning/reviews/{r.id}" for r in dataset.reviews if r.is_published}
    unpublished = {f"learning/reviews/{r.id}" for r in dataset.reviews if not r.is_published}
    assert "learning/reviews/child-r" in published
    assert unpublished, "the example data should hold unpublished reviews too"
    pages = built_pages(example_project)
    assert {p for p in pages if p.startswith("learning/reviews/")} == published
    assert not pages & unpublished


def test_child_r_page_has_every_section(example_project: Path) -> None:
    html = (example_project / "site" / "learning" / "reviews" / "child-r" / "index.html"
            ).read_text("utf-8")
    found = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert found == ["Background", "Key findings", "Themes in common with other reviews",
                     "Strengths in practice", "The system today", "Learning points",
                     "If you do one thing", "National learning", "Recommendations",
                     "Further reading"]
    assert len(re.findall(r"<h1[^>]*>", html)) == 1
    for audience in ("For practitioners", "For managers", "For the safeguarding system"):
        assert f">{audience}</h3>" in html


def test_example_search_finds_child_r_by_its_findings(example_project: Path) -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    child_r = next(r for r in dataset.reviews if r.id == "child-r")
    for finding in child_r.findings:
        words = [w for w in re.findall(r"[a-z]{9,}", finding.text.lower())][:2]
        assert words, finding.text
        assert "learning/reviews/child-r/" in search(example_project, *words), words


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
