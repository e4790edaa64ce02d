"""After the engine: what makes a built site publishable, run on its HTML whichever engine
wrote it, and never through an engine's hook or plugin.

1. Every page's content passes the allow-list sanitiser again, in the built file. The
   project's templates put the content between two comments holding the build's mark, a
   random word the engine is told and no page's text can know (overrides/main.html); the
   sanitiser cleans what lies between them. A page built from Markdown without the marks
   fails the build: its content could not be found, so could not be cleaned.
2. The built pages are exactly those the records imply (generator/verify.py).
3. Nothing in the site can run code (generator/audit.py), the sanitiser's work included.
4. Only then is the search index made (generator/search.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.audit import audit_site
from generator.errors import GeneratorError
from generator.sanitise import clean_html
from generator.search import index_site
from generator.verify import expected_pages, verify_site


def finish_site(site_dir: Path, content_dir: Path, generated: tuple[str, ...], mark: str,
                unchanged: str) -> int:
    """Sanitise, check and index the site the engine built in `site_dir`; the number of pages
    indexed. A GeneratorError says what is wrong, ending with `unchanged`."""
    expected = expected_pages(content_dir, generated)
    problems = sanitise_site(site_dir, expected, mark)
    problems += verify_site(site_dir, expected)
    if problems:
        raise GeneratorError(f"the built site does not match the records, so it was not "
                             f"published; {unchanged}:\n" + "\n".join(problems))
    problems = audit_site(site_dir)
    if problems:
        raise GeneratorError("the built site holds something that could run code, so it was "
                             f"not published; {unchanged}:\n" + "\n".join(problems))
    return index_site(site_dir)


def sanitise_site(site_dir: Path, expected: set[str], mark: str) -> list[str]:
    """Clean the marked content of every page in `site_dir`; problems, one per page whose
    content is not marked as the templates mark it."""
    pages = sorted(site_dir.rglob("*.html"))
    with ThreadPoolExecutor() as pool:  # nh3 lets go of the interpreter while it cleans
        found = list(pool.map(lambda path: sanitise_page(path, mark), pages))
    problems = []
    for path, regions in zip(pages, found, strict=True):
        url = path.parent.relative_to(site_dir).as_posix()
        url = "" if url == "." else f"{url}/"
        if regions < 0:
            problems.append(f"/{path.relative_to(site_dir).as_posix()}: the marks around its "
                            "content do not pair up")
        elif regions == 0 and path.name == "index.html" and url in expected:
            problems.append(f"/{url}: its content is not marked (overrides/main.html), so it "
                            "could not be sanitised")
    return problems


def sanitise_page(path: Path, mark: str) -> int:
    """Clean each marked region of the page at `path`, in place; the number of regions, or
    -1 if the marks do not pair up (then the page is left as it was)."""
    text = path.read_text("utf-8")
    start, end = f"<!--{mark}-->", f"<!--/{mark}-->"
    if start not in text:
        return 0 if end not in text else -1
    pieces = text.split(start)
    if end in pieces[0]:
        return -1
    cleaned = [pieces[0]]
    for piece in pieces[1:]:
        if piece.count(end) != 1:
            return -1
        inside, after = piece.split(end)
        cleaned.append(clean_html(inside) + after)
    path.write_text("".join(cleaned), "utf-8")
    return len(pieces) - 1

