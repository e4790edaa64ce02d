"""PDF twins of the learning pages, printed by Debian's Chromium from the built site.

Each annual report, learning summary and briefing gets a PDF beside its `index.html`, made
from that same HTML by the browser's print engine with the site's own print stylesheet
(overrides/assets/stylesheets/extra.css, `@media print`): the title page, the running
header (which overrides/assets/javascripts/extra.js sets, so a browser is needed), page
numbers, link addresses written out, and no site chrome. This works on any built HTML
folder, whichever static-site engine made it: the folder is served on 127.0.0.1 and each
page is opened and printed.

Chromium writes a tagged PDF (a structure tree of headings, paragraphs, lists, tables and
links, marked content, the page's language, its title shown as the window title) with
bookmarks from the headings. Two of its gaps are mended afterwards with pypdf, as an
incremental update that leaves everything Chromium wrote in place: its bookmarks lose the
space where a heading wraps onto a second line ("annualreport"), so each takes its heading's
own text; and it writes no XMP metadata, so the title and language are added there too, as
PDF/UA asks. The PDF does not claim PDF/UA conformance: nothing here checks it.

Why Chromium rather than WeasyPrint (measured on the example site; see issue 17): WeasyPrint
runs no JavaScript, so the running header and the link addresses would need a second route;
it silently cut Material's flex layout off after one or two pages (a 20-page report came out
as its title page) until that layout was overridden for it; and it took longer per page
(0.9-3.0 s warm against 0.9-1.5 s). Its files are smaller (about 40 % of Chromium's) and it
needs no browser at build time. Chromium prints exactly what tests/test_print.py checks.

Time: about 0.4-0.55 s a page once the browser is up (2 shared cores; two pages at a time
gained nothing there, so one is the default). A PDF whose page, stylesheets, scripts and
browser are unchanged since an earlier build is copied from a cache instead (`cache`, about
4 ms a page), so at thousands of pages only the pages that changed cost a browser's time.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import GeneratorError
from generator.localhost import CHROMIUM, CHROMIUM_FLAGS, serve

if TYPE_CHECKING:
    from playwright.async_api import Page

KINDS = ("Annual report", "Learning summary", "Briefing", "7-minute briefing")
"""The kinds of page that get a PDF twin (their front matter's `kind`, which
overrides/main.html writes into the page as `data-pagefind-meta="kind:..."`)."""

PRINTED_BY = "slh-pdf 1"
"""Part of every cache key: changed whenever the way a PDF is made changes."""

LANGUAGE = "en-GB"

TIMEOUT_MS = 60_000
"""The longest one page may take to load or print before the build gives up on it."""

SIZE_PLACEHOLDER = '<span class="slh-pdf-size"></span>'
"""Where a page's "Download as PDF" link takes its PDF's size (see `label_links`)."""

_KIND = re.compile(r'data-pagefind-meta="kind:([^"]+)"')
_HIDDEN_LINK = re.compile(r'(<p class="slh-pdf-link")\s+hidden(?:="")?')
_FILLED = re.compile(rb'<span class="slh-pdf-size">[^<]*</span>')

READY_MS = 10_000
"""How long a page's scripts may take to run after it has loaded."""

# Run in the page before printing. The page's title becomes the PDF's title (without the
# site's name after it); the link addresses extra.js wrote for paper are the public ones
# (from the page's canonical address), not 127.0.0.1's; and the headings' own text is
# returned, for mending the bookmarks.
_PREPARE = """() => {
  const heading = document.querySelector("article h1");
  const text = (element) => Array.from(element.childNodes)
    .filter((node) => !(node.classList && node.classList.contains("headerlink")))
    .map((node) => node.textContent).join("").replace(/\\s+/g, " ").trim();
  if (heading) { document.title = text(heading); }
  const canonical = document.querySelector('link[rel="canonical"]');
  const here = location.pathname;
  let root = "/";
  if (canonical && canonical.href.endsWith(here)) {
    root = canonical.href.slice(0, canonical.href.length - here.length) + "/";
  }
  const local = location.origin + "/";
  document.querySelectorAll("a[data-print-href]").forEach((link) => {
    const address = link.getAttribute("data-print-href");
    if (address.startsWith(local)) {
      link.setAttribute("data-print-href", root + address.slice(local.length));
    }
  });
  return {title: document.title,
          headings: Array.from(document.querySelectorAll(
            "article h1, article h2, article h3, article h4, article h5, article h6"))
            .map(text)};
}"""

# extra.js has run once it has set the running header (an empty string on most pages).
_READY = "() => document.documentElement.style.getPropertyValue('--slh-print-header') !== ''"


class PdfError(GeneratorError):
    """A PDF twin could not be made."""


@dataclass(frozen=True)
class PdfTwin:
    """One page's PDF, as written into the site."""

    page: str
    """The page's path in the site, as in its address: `learning/reviews/child-r/`."""
    path: Path
    size: int
    """Bytes."""
    pages: int
    cached: bool
    """Copied from the cache, not printed in this run."""

    @property
    def label(self) -> str:
        """How the page's link describes it: "165 KB, 8 pages"."""
        return f"{size_label(self.size)}, {self.pages} page{'s' if self.pages != 1 else ''}"


def pdf_name(page: str) -> str:
    """The file name of a page's PDF: its address after `learning/`, joined by hyphens, so
    no two PDFs of the site share a name in a reader's downloads folder.

    >>> pdf_name("learning/reviews/child-r/")
    'reviews-child-r.pdf'
    """
    parts = [part for part in page.strip("/").split("/") if part]
    if parts and parts[0] == "learning" and len(parts) > 1:
        parts = parts[1:]
    return "-".join(parts or ["index"]) + ".pdf"


def size_label(size: int) -> str:
    """A file size as GOV.UK writes it: "850 bytes", "165 KB", "1.2 MB"."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


def learning_pages(site_dir: Path, kinds: Iterable[str] = KINDS) -> list[str]:
    """The pages of the built site whose kind gets a PDF, as paths like `learning/x/`."""
    site_dir = _built_site(site_dir)
    wanted = set(kinds)
    found = []
    for index in sorted(site_dir.rglob("index.html")):
        match = _KIND.search(index.read_text(encoding="utf-8", errors="replace"))
        if match and match.group(1) in wanted:
            found.append(_page_of(index.parent, site_dir))
    return found


def _page_of(folder: Path, site_dir: Path) -> str:
    relative = folder.relative_to(site_dir).as_posix()
    return "" if relative == "." else relative + "/"


def make_pdfs(site_dir: Path, pages: Sequence[str], *, cache: Path | None = None,
              workers: int | None = None) -> dict[str, PdfTwin]:
    """Write the PDF of each of `pages` (paths in the built `site_dir`, like
    `learning/reviews/child-r/`) beside its index.html; returns each page's PDF.

    `cache`, a folder kept between builds, holds every PDF printed, by a key of the page's
    HTML, the site's stylesheets and scripts, and the browser's version: a page whose key is
    there is copied, not printed. `workers` pages are printed at a time (default: one).
    """
    site_dir = _built_site(site_dir)
    pages = list(dict.fromkeys(pages))
    missing = [page for page in pages if not (site_dir / page / "index.html").is_file()]
    if missing:
        raise PdfError(f"the PDFs were not made: {_listed(missing)} not in {site_dir} "
                       "(no index.html there)")
    if not pages:
        return {}
    _check_browser()
    try:
        key_base = f"{PRINTED_BY}\n{_browser_version()}\n{_assets_digest(site_dir)}\n"
        made: dict[str, PdfTwin] = {}
        to_print: dict[str, Path | None] = {}
        for page in pages:
            index = site_dir / page / "index.html"
            # A size already written into the page's link (`label_links`) is not a change.
            html = _FILLED.sub(SIZE_PLACEHOLDER.encode(), index.read_bytes())
            key = hashlib.sha256(key_base.encode() + html).hexdigest()
            kept = cache / f"{key}.pdf" if cache is not None else None
            if kept is not None and kept.is_file():
                target = site_dir / page / pdf_name(page)
                shutil.copyfile(kept, target)
                made[page] = PdfTwin(page, target, target.stat().st_size,
                                     _page_count(target), cached=True)
            else:
                to_print[page] = kept
        if to_print:
            work = _print_all(site_dir, to_print, workers or 1)
            if _loop_running():
                # Called inside an event loop (Playwright's own, in a test): a thread of its own.
                with ThreadPoolExecutor(1) as thread:
                    made |= thread.submit(asyncio.run, work).result()
            else:
                made |= asyncio.run(work)
    except OSError as error:
        raise PdfError(f"the PDFs were not made: {error.strerror or error} "
                       f"({error.filename or site_dir})") from None
    return {page: made[page] for page in pages}


def _built_site(site_dir: Path) -> Path:
    if not (site_dir / "index.html").is_file():
        raise PdfError(f"the PDFs were not made: {site_dir} is not a built site "
                       "(it has no index.html)")
    return site_dir.resolve()


def _check_browser() -> None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        raise PdfError("the PDFs were not made: Playwright is not installed in this Python; "
                       "install it with `pip install -e .`") from None
    if not Path(CHROMIUM).exists():
        raise PdfError(f"the PDFs were not made: Chromium is not installed (no {CHROMIUM}); "
                       "install Debian's package with `sudo apt-get install chromium` "
                       "(`make site` does this)")


def _browser_version() -> str:
    """Chromium's version line, without starting a browser (a cached PDF needs none)."""
    result = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise PdfError(f"the PDFs were not made: {CHROMIUM} --version failed: "
                       f"{_first_line(result.stderr)}")
    return _first_line(result.stdout)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def label_links(site_dir: Path, made: dict[str, PdfTwin]) -> int:
    """Write each PDF's size into its page's "Download as PDF" link (the empty
    `SIZE_PLACEHOLDER` the template puts there) and show the link, which the page hides
    until its PDF exists; returns how many pages were changed."""
    changed = 0
    for page, twin in made.items():
        index = site_dir / page / "index.html"
        text = index.read_text(encoding="utf-8")
        if SIZE_PLACEHOLDER in text:
            filled = SIZE_PLACEHOLDER.replace("></", f"> ({twin.label})</")
            text = _HIDDEN_LINK.sub(r"\1", text.replace(SIZE_PLACEHOLDER, filled), count=1)
            index.write_text(text, encoding="utf-8")
            changed += 1
    return changed


async def _print_all(site_dir: Path, pages: dict[str, Path | None],
                     workers: int) -> dict[str, PdfTwin]:
    """Print `pages` (each with the cache file to keep its PDF in, if any) in one browser."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    made: dict[str, PdfTwin] = {}
    queue = list(pages)
    with serve(site_dir) as url:
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                try:
                    async def worker() -> None:
                        # One tab a worker, for page after page: the theme's scripts and
                        # stylesheets stay in its cache.
                        context = await browser.new_context()
                        tab = await context.new_page()
                        tab.set_default_timeout(TIMEOUT_MS)
                        try:
                            while queue:
                                page = queue.pop(0)
                                made[page] = await _print_one(tab, url, site_dir, page,
                                                              pages[page])
                        except BaseException:
                            queue.clear()  # the other workers stop after their page
                            raise
                        finally:
                            await context.close()

                    ended = await asyncio.gather(
                        *(worker() for _ in range(min(workers, len(pages)))),
                        return_exceptions=True)
                    for outcome in ended:
                        if isinstance(outcome, BaseException):
                            raise outcome
                finally:
                    await browser.close()
        except PlaywrightError as error:
            raise PdfError(f"the PDFs were not made: Chromium failed: "
                           f"{_first_line(error.message)}") from None
    return made


async def _print_one(tab: Page, url: str, site_dir: Path, page: str,
                     kept: Path | None) -> PdfTwin:
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    try:
        await tab.goto(url + page, wait_until="load")
        try:
            await tab.wait_for_function(_READY, timeout=READY_MS)
        except PlaywrightTimeout:
            raise PdfError(f"the PDF of {page} was not made: the page's script "
                           "(assets/javascripts/extra.js, which sets the running header "
                           "and the link addresses for paper) did not run") from None
        await tab.evaluate("document.fonts.ready.then(() => true)")
        prepared: dict[str, Any] = await tab.evaluate(_PREPARE)
        printed = await tab.pdf(format="A4", prefer_css_page_size=True, tagged=True,
                                outline=True, print_background=False)
    except PlaywrightError as error:
        raise PdfError(f"the PDF of {page} was not made: Chromium failed: "
                       f"{_first_line(error.message)}") from None
    from pypdf.errors import PyPdfError

    try:
        pdf, count = _mend(printed, str(prepared["title"]),
                           [str(text) for text in prepared["headings"]])
    except PyPdfError as error:
        raise PdfError(f"the PDF of {page} was not made: Chromium's PDF could not be read "
                       f"back ({error})") from None
    target = site_dir / page / pdf_name(page)
    target.write_bytes(pdf)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        temporary = kept.with_suffix(f".{os.getpid()}.part")
        temporary.write_bytes(pdf)
        temporary.replace(kept)
    return PdfTwin(page, target, len(pdf), count, cached=False)


def _mend(printed: bytes, title: str, headings: list[str]) -> tuple[bytes, int]:
    """Chromium's PDF with its bookmarks' words mended and XMP metadata added (title and
    language), as an incremental update; also returns its number of pages."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject
    from pypdf.xmp import XmpInformation

    reader = PdfReader(io.BytesIO(printed))
    writer = PdfWriter(reader, incremental=True)
    by_letters = {_letters(heading): heading for heading in headings}
    outlines = writer.root_object.get("/Outlines")
    pending = [outlines.get_object().get("/First")] if outlines is not None else []
    seen: set[int] = set()
    while pending:
        reference = pending.pop()
        number = getattr(reference, "idnum", None)
        if reference is None or number in seen:
            continue
        if number is not None:
            seen.add(number)
        item = reference.get_object()
        if not isinstance(item, DictionaryObject):
            continue
        own = by_letters.get(_letters(str(item.get("/Title", ""))))
        if own is not None and own != item.get("/Title"):
            item[NameObject("/Title")] = TextStringObject(own)
        pending += [item.get("/Next"), item.get("/First")]
    xmp = XmpInformation.create()
    xmp.dc_title = {"x-default": title}
    xmp.dc_language = [LANGUAGE]
    writer.xmp_metadata = xmp
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(reader.pages)


def _letters(text: str) -> str:
    return "".join(text.split())


def _page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def _assets_digest(site_dir: Path) -> str:
    """One digest of every stylesheet, script and image the theme ships: a change to any of
    them (the print stylesheet above all) prints every page again."""
    digest = hashlib.sha256()
    assets = site_dir / "assets"
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if path.is_file():
            digest.update(path.relative_to(assets).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _listed(pages: Sequence[str]) -> str:
    shown = ", ".join(pages[:5]) + (f" and {len(pages) - 5} more" if len(pages) > 5 else "")
    return f"{shown} {'is' if len(pages) == 1 else 'are'}"


def _first_line(message: str) -> str:
    return next((line.strip() for line in message.splitlines() if line.strip()),
                "no reason given")


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m generator.pdf SITE [PAGE ...] [--cache DIR]`: make the PDFs of the given
    pages of a built site (default: every page whose kind has one), on demand or in the
    background; prints one line a PDF."""
    import argparse
    import sys
    import time

    parser = argparse.ArgumentParser(prog="python -m generator.pdf",
                                     description="Make the PDF twins of a built site's pages.")
    parser.add_argument("site", type=Path, help="the built site folder")
    parser.add_argument("pages", nargs="*", help="pages such as learning/reviews/child-r/ "
                        "(default: every report, summary and briefing)")
    parser.add_argument("--cache", type=Path, metavar="DIR",
                        help="a folder kept between runs: unchanged pages are not printed again")
    options = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        made = make_pdfs(options.site, options.pages or learning_pages(options.site),
                         cache=options.cache)
    except GeneratorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for twin in made.values():
        print(f"{twin.page}{twin.path.name}: {twin.label}" + (" (cached)" if twin.cached else ""))
    print(f"{len(made)} PDFs in {time.perf_counter() - start:.1f} seconds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
