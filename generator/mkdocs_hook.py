"""MkDocs hook: a thin wrapper that runs the generator before `mkdocs build` and `mkdocs serve`.

So both work straight from the YAML, and `mkdocs serve` rebuilds when a data file changes.
Set SLH_DATA_DIR to build from another data folder. After a build the pages are checked
against the records, audited, and indexed for search (Pagefind).

The published site never depends on this file: `python -m generator site` (what `make site`
and CI run) builds with MkDocs or Zensical without it, and runs every check itself after the
engine (generator/engines.py, generator/finish.py).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from time import perf_counter
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator import preview
from generator.audit import audit_site
from generator.build import build
from generator.engines import from_the_data, source_date_epoch
from generator.errors import DataError, GeneratorError
from generator.sanitise import attribute_text, clean_html
from generator.search import index_site
from generator.verify import expected_pages, verify_site

log = logging.getLogger("mkdocs.hooks.search")


def _data_dir(config: MkDocsConfig) -> Path:
    configured = os.environ.get("SLH_DATA_DIR")
    if configured:
        return Path(configured)
    return Path(config.config_file_path).parent / "data"


_generated: tuple[str, ...] = ()
"""This build's generated pages. (MkDocs loads this module afresh for every build, so what
`mkdocs serve` keeps between rebuilds lives in `generator.preview`.)"""


def on_startup(command: str, dirty: bool) -> None:
    preview.state.serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _generated
    state = preview.state
    if state.epoch_set:  # this process's own, from the last build: not a day anyone fixed
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    config.extra[preview.PROBLEMS_KEY] = []
    if state.serving:
        # A preview shows what it can rather than stopping on a warning (`--dirty` itself
        # warns); the terminal still lists every warning, and real builds stay strict.
        preview.forgive_warnings()
    try:
        result = build(_data_dir(config), Path(config.docs_dir))
    except DataError as error:
        if not state.serving:
            raise PluginError(f"the data has problems:\n{error.report()}") from None
        # The preview shows them on every page (overrides/main.html), keeping the pages
        # generated before, and comes back when the file is fixed.
        config.extra[preview.PROBLEMS_KEY] = preview.problem_lines(error.problems)
        # Pages and partials the data would have made may be missing (a first preview of
        # broken data): strict mode and the snippets' own check would then stop the
        # preview, which must show the problems instead.
        config.mdx_configs.get("pymdownx.snippets", {})["check_paths"] = False
        log.warning("the data has problems (each page of the preview lists them):\n%s",
                    error.report())
        return config
    except GeneratorError as error:
        raise PluginError(str(error)) from None
    _generated = result.generated
    # MkDocs dates the sitemap from SOURCE_DATE_EPOCH: the as-of day makes builds repeatable.
    # Set only for MkDocs, and taken back before the next build (`on_startup`, `_epoch_set`):
    # otherwise the first build's day would become every later one's in `mkdocs serve`,
    # and an embargo would not lift on a preview left running overnight.
    if "SOURCE_DATE_EPOCH" not in os.environ or state.epoch_set:
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(result.build_date)
        state.epoch_set = True
    # The name, address, description, footer and feed, as `python -m generator site` sets
    # them for either engine.
    settings, extra = from_the_data(result, config)
    config.update(settings)
    config.extra.update(extra)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """In the preview, every page is rendered again while it must show the data's problems
    (`preview.render_every_page`); otherwise `--dirty` renders only the pages changed."""
    if preview.state.serving and preview.render_every_page(config.extra[preview.PROBLEMS_KEY]):
        for file in files:
            file.is_modified = lambda: True  # type: ignore[method-assign]
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    """A page's title and description, from its front matter, escaped for the theme."""
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = attribute_text(page.meta[key])
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Any) -> str:
    """Every page's HTML through the allow-list sanitiser before the theme wraps it."""
    return clean_html(html)


def on_post_build(config: MkDocsConfig) -> None:
    """The independent checks (the built pages are exactly those the records imply, and none
    holds anything that could run code), then the search index, made only from pages that
    passed them. The live preview skips the checks, and indexes once (`generator.preview`)."""
    if preview.state.serving:
        if preview.index_now():
            _index(config)
        return
    expected = expected_pages(Path(config.docs_dir), _generated)
    problems = verify_site(Path(config.site_dir), expected)
    problems += audit_site(Path(config.site_dir))
    if problems:
        raise PluginError("the built site does not match the records:\n" + "\n".join(problems))
    _index(config)


def _index(config: MkDocsConfig) -> None:
    start = perf_counter()
    try:
        pages = index_site(Path(config.site_dir))
    except GeneratorError as error:
        raise PluginError(str(error)) from None
    log.info("Search index: %d pages in %.2f seconds", pages, perf_counter() - start)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    preview.watch_sources(server, Path(config.docs_dir), _data_dir(config))
    return server
