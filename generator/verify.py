"""After MkDocs has built the site: is every built page one we meant to publish?

MkDocs builds every Markdown file in its docs folder, linked or not. This check does not
trust that: it works out, from the generated pages and the hand-written ones, the exact set of
pages the site should have, and compares it with the HTML that was actually built.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from generator.settings import GENERATED_SUBDIR


def page_url(markdown_path: str) -> str:
    """The directory URL MkDocs gives a Markdown file: `a/b.md` -> `a/b/`, `a/index.md` -> `a/`."""
    path = PurePosixPath(markdown_path)
    parent = "" if str(path.parent) == "." else f"{path.parent}/"
    return parent if path.stem in ("index", "README") else f"{parent}{path.stem}/"


def expected_pages(content_dir: Path, generated: Iterable[str]) -> set[str]:
    """Hand-written pages in `content_dir` plus the generator's pages (not its partials, nor
    the files it writes beside them, such as the search page's list of words)."""
    hand_written = {
        path.relative_to(content_dir).as_posix() for path in content_dir.rglob("*.md")
        if path.relative_to(content_dir).parts[0] != GENERATED_SUBDIR
        and not any(part.startswith(".") for part in path.relative_to(content_dir).parts)}
    ours = {f"{GENERATED_SUBDIR}/{page}" for page in generated
            if page.endswith(".md") and not PurePosixPath(page).name.startswith("_")}
    return {page_url(page) for page in hand_written | ours}


def built_pages(site_dir: Path) -> set[str]:
    pages = set()
    for path in site_dir.rglob("index.html"):
        relative = path.parent.relative_to(site_dir).as_posix()
        pages.add("" if relative == "." else f"{relative}/")
    return pages


def verify_site(site_dir: Path, expected: set[str]) -> list[str]:
    """Plain-English problems: pages built that should not exist, or missing pages."""
    built = built_pages(site_dir)
    problems = [f"the site holds a page nothing should have produced: /{page}"
                for page in sorted(built - expected)]
    problems += [f"the page /{page} was expected but not built"
                 for page in sorted(expected - built)]
    return problems
