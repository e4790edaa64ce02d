"""Where a site engine's complaint about a generated page came from in the data.

The engine reads the generated Markdown, so its warnings name files editors never open
(`Doc file 'learning/reviews/child-r.md' contains a link 'x.pdf'...`). `check` is meant to
refuse whatever would make the build fail; when something gets past it anyway, the message is
turned back into the editor's terms: the data file the page was made from and, when the
warning quotes a piece of text (a link target), the line and column where that text is.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.settings import GENERATED_SUBDIR

# A generated page, by where it sits, and the data file it was made from.
_PAGE_SOURCES = (
    (re.compile(rf"{GENERATED_SUBDIR}/reviews/(?P<id>[a-z0-9-]+)\.md"), "reviews/{id}.yml"),
    (re.compile(rf"{GENERATED_SUBDIR}/briefings/(?P<id>[a-z0-9-]+)\.md"), "briefings/{id}.yml"),
    (re.compile(rf"{GENERATED_SUBDIR}/reports/(?P<id>[0-9-]+)/\w+\.md"), "periods/{id}.yml"),
    (re.compile(rf"{GENERATED_SUBDIR}/themes/[a-z0-9-]+\.md"), "themes.yml"),
    (re.compile(rf"{GENERATED_SUBDIR}/glossary\.md"), "glossary.yml"),
)
_PAGE = re.compile(rf"'?({GENERATED_SUBDIR}/[^'\s]+\.md)'?")
_QUOTED = re.compile(r"(?:link|anchor|target|image) '([^']+)'")


def in_the_data(message: str, data_dir: Path) -> str:
    """`message` led by the data file (and line) behind the generated page it names, if any."""
    page = _PAGE.search(message)
    if page is None or message.startswith(("cannot write", "mkdocs stopped")):
        return message  # (a page that could not be written is no fault of its data)
    source = _source(page.group(1), data_dir)
    if source is None or not source.is_file():
        return message
    line, column = _locate(source, message)
    return f"{source.as_posix()}:{line}:{column}: {message} (the page made from this file)"


def _source(page: str, data_dir: Path) -> Path | None:
    for pattern, template in _PAGE_SOURCES:
        found = pattern.fullmatch(page)
        if found:
            return data_dir / template.format(**found.groupdict())
    return None


def _locate(source: Path, message: str) -> tuple[int, int]:
    """The line and column of the first piece of text the message quotes, else 1:1."""
    quoted = _QUOTED.search(message)
    if quoted is None:
        return 1, 1
    needle = quoted.group(1).split("#")[0] or quoted.group(1)
    for number, text in enumerate(source.read_text("utf-8", errors="replace").splitlines(), 1):
        column = text.find(needle)
        if column >= 0:
            return number, column + 1
    return 1, 1
