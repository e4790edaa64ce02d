"""Say a thing once: no built page repeats one sentence more than twice.

Pages generated from records drift into boilerplate ("no other published review raises this
theme yet" fourteen times on one page, "Actions: 0, of which 0 done" on every card). A
reader skims past repeated sentences, and the one that differs is lost among them.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

MOST = 2


class _Article(HTMLParser):
    """The text of a page's article, block by block (the header, menus and footer repeat on
    every page by design; each table cell and list item is its own block)."""

    BLOCKS: ClassVar[set[str]] = {
        "p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "summary",
        "figcaption", "blockquote", "div", "section", "nav"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "article":
            self.depth += 1
        elif self.depth and (tag in ("script", "style", "svg")
                             or "slh-print" in classes or "slh-contents" in classes):
            self.skip += 1
        if tag in self.BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif self.skip and tag in ("script", "style", "svg", "div", "nav"):
            self.skip -= 1
        if tag in self.BLOCKS:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.blocks[-1] += data


def sentences(html: str) -> list[str]:
    parser = _Article()
    parser.feed(html)
    found = []
    for block in parser.blocks:
        text = " ".join(block.split())
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            # A sentence: four words or more, ending as one. Headings and labels ("Key
            # learning from case reviews" under each part of a briefing) name what follows.
            if len(sentence.split()) >= 4 and sentence[-1] in ".!?":
                found.append(sentence)
    return found


def repeated(site: Path) -> dict[str, list[tuple[str, int]]]:
    found = {}
    for path in sorted(site.rglob("index.html")):
        counts = Counter(sentences(path.read_text("utf-8")))
        over = [(sentence, count) for sentence, count in counts.most_common() if count > MOST]
        if over:
            found[path.parent.relative_to(site).as_posix()] = over
    return found


def test_sentences_are_counted_from_the_article_only() -> None:
    page = ("<header><p>Menu item one two three.</p></header><article>"
            + "<p>The same thing said again.</p>" * 3 + "<li>Four words in here.</li>"
            + "<h3>A heading is no sentence</h3>" * 3
            + "</article><footer><p>Menu item one two three.</p></footer>")
    assert Counter(sentences(page)) == {"The same thing said again.": 3,
                                        "Four words in here.": 1}


@pytest.mark.parametrize("project", ["example_project", "fixture_project"])
def test_no_page_repeats_a_sentence_more_than_twice(project: str,
                                                    request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(project) / "site"
    assert repeated(site) == {}
