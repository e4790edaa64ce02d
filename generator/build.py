"""The whole generation, in order: load -> validate -> gate -> compute -> render -> write."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.compute import compute
from generator.feed import FEED_PATH, atom_feed
from generator.gate import as_of_day, gate
from generator.render import render
from generator.settings import GENERATED_SUBDIR
from generator.validate import load_dataset
from generator.write import WriteResult, write_tree


@dataclass(frozen=True)
class BuildResult:
    pages: int
    written: WriteResult
    output: Path
    site_title: str
    site_description: str | None
    build_date: date
    generated: tuple[str, ...]
    partnership: str = ""
    site_url: str | None = None
    """The address the site is published at, ending in `/` (partnership.yml `site.url`)."""
    contacts: tuple[tuple[str, str | None, str | None, str | None], ...] = ()
    """The partnership's public lines, for the site's footer: label, phone, hours, email."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent in each stage: load (with validation), compute, render, write."""

    def summary(self) -> str:
        changes = self.written
        return (f"{self.output}: {self.pages} pages ({len(changes.written)} written, "
                f"{changes.unchanged} unchanged, {len(changes.removed)} removed)")


def build(data_dir: Path, content_dir: Path) -> BuildResult:
    """Generate the Markdown pages for `data_dir` into `content_dir`.

    Nothing is written unless every file is valid: a DataError lists all problems and the
    previously generated pages stay as they were.
    """
    timings: dict[str, float] = {}
    output = content_dir / GENERATED_SUBDIR
    with without_cycle_collection():
        with _timed(timings, "load"):
            dataset, _sources = load_dataset(data_dir)
        with _timed(timings, "compute"):
            as_of = as_of_day(dataset)
            site = compute(gate(dataset, as_of))
        with _timed(timings, "render"):
            pages = render(site)
            # The Atom feed, written beside the pages; none without the site's address.
            feed = atom_feed(site, site_address(site.partnership.site.url), as_of)
            if feed is not None:
                pages[FEED_PATH] = feed
        with _timed(timings, "write"):
            written = write_tree(pages, output)
    return BuildResult(pages=len(pages), written=written, output=output,
                       site_title=site.partnership.site_title,
                       site_description=site.partnership.site.description,
                       site_url=site_address(site.partnership.site.url),
                       build_date=as_of, generated=tuple(sorted(pages)), timings=timings,
                       partnership=site.partnership.name,
                       contacts=tuple((c.label, c.phone, c.hours, c.email)
                                      for c in site.partnership.contacts))


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while generating.

    Generation builds millions of small objects that all live until it ends, and the
    collector would walk them again and again for nothing, and with them everything a
    long-running process already holds: in `mkdocs serve` at 3,000 reviews, pausing it
    takes a save's wait for the updated page from 2.9 s to 2.1 s (README, Scale).
    Reference counting still frees everything else as usual, and the collector runs again
    afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def site_address(url: str | None) -> str | None:
    """The site's address as MkDocs wants it: ending in `/`, so that pages under a sub-path
    (`https://example.github.io/learning-hub/`) keep it."""
    if not url:
        return None
    return url if url.endswith("/") else f"{url}/"
