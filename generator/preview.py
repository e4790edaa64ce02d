"""What `mkdocs serve` does differently from a build, for an editor's live preview.

- **Problems in the browser.** A data error does not stop the preview: every page shows the
  problems, each with its file and line, above its content (overrides/main.html), and the
  pages generated before stay as they were. Fixing the file rebuilds, and the list goes.
  A build (`mkdocs build`, `make site`, CI) still fails on the same error.
- **One rebuild per save.** MkDocs watches its whole docs folder, and the generator writes
  its Markdown there, so every save used to start a second full rebuild. The generated
  folder is left out of the watch; the data folder and the hand-written pages are in it.
- **Warnings do not stop it.** The terminal lists them; `make site` and CI stay strict.
- **Less per rebuild.** With `--dirty` (`make serve`), MkDocs renders again only the pages
  whose Markdown the generator rewrote. The search index is made once, by the first build;
  the page-set check and the audit run in every real build, not in the preview.

MkDocs loads its hook module afresh for every rebuild, so what must last between rebuilds
lives here, in a module imported once.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.utils import CountHandler

from generator.errors import Problem
from generator.settings import GENERATED_SUBDIR

PROBLEMS_KEY = "slh_preview_problems"
"""Where the theme finds the data's problems (`config.extra`): a list of lines."""


class _State:
    serving = False
    """Set by the hook's `on_startup`, for the whole life of `mkdocs serve`."""
    indexed = False
    """Whether this preview has made its search index yet."""
    epoch_set = False
    """Whether SOURCE_DATE_EPOCH is this process's own, set for MkDocs' sitemap (the hook)."""
    showing_problems = False
    """Whether the pages last built show the data's problems."""


state = _State()


def problem_lines(problems: list[Problem]) -> list[str]:
    """Each problem as the editor's terminal shows it, file names relative to here."""
    here = Path.cwd()
    lines = []
    for problem in problems:
        path = Path(problem.path)
        shown = path.relative_to(here) if path.is_absolute() and path.is_relative_to(here) \
            else path
        lines.append(str(Problem(str(shown), problem.line, problem.column, problem.message,
                                 problem.severity)))
    return lines


def forgive_warnings() -> None:
    """Let this build of the preview finish despite warnings, as it must to show the data's
    problems (and as `--dirty`, which always warns, needs): MkDocs counts warnings for
    strict mode from before the hook runs, in a handler on its logger (removed when the
    build ends), so that handler is told to count nothing. Real builds never come here."""
    for handler in logging.getLogger("mkdocs").handlers:
        if isinstance(handler, CountHandler):
            handler.setLevel(logging.CRITICAL + 1)


def render_every_page(problems: list[str]) -> bool:
    """Whether this rebuild must render every page, not only those whose Markdown changed
    (`--dirty`): while the data has problems, so each page lists them, and once more when
    they are fixed, so the list goes."""
    every = bool(problems) or state.showing_problems
    state.showing_problems = bool(problems)
    return every


def watch_sources(server: Any, docs_dir: Path, data_dir: Path) -> None:
    """Watch the data and the hand-written pages, but not the generated Markdown."""
    server.unwatch(str(docs_dir))
    server.watch(str(docs_dir), recursive=False)  # hand-written pages at the top
    for child in sorted(docs_dir.iterdir()):
        if child.is_dir() and child.name != GENERATED_SUBDIR:
            server.watch(str(child))
    if data_dir.is_dir():  # (a missing data folder is one of the problems shown)
        server.watch(str(data_dir))


def index_now() -> bool:
    """Whether this build makes the search index: every build, except the preview's
    rebuilds (its first build makes one, so its search page works)."""
    if not state.serving:
        return True
    if state.indexed:
        return False
    state.indexed = True
    return True
