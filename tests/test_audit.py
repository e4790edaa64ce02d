"""The post-build audit: every built file read again, whichever engine built it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ENGINES, FIXTURE_DATA, make_project, run_generator
from generator.audit import audit_page

THEME = ('<html><head><meta charset="utf-8"><script>__md_scope=new URL("..",location)</script>'
         '<link rel="stylesheet" href="../assets/x.css"></head><body>'
         '<header><a href="../" aria-label="Site">S</a></header>'
         '<article class="md-content__inner md-typeset">{}</article>'
         '<script id="__config" type="application/json">{{"base": ".."}}</script>'
         '<script src="../assets/javascripts/bundle.js"></script></body></html>')


def test_a_page_as_the_theme_writes_it_passes() -> None:
    assert audit_page(THEME.format('<p><a href="https://www.gov.uk/">x</a></p>')) == []


def test_what_could_run_code_is_found_wherever_it_is() -> None:
    cases = {
        '<p onclick="x()">a</p>': "an event handler `onclick` on <p>",
        '<a href=" JaVa&#x09;script:alert(1)">a</a>': "`href` on <a> uses `javascript:`",
        '<img srcset="ok.png 1x, data:image/svg+xml,x 2x">': "`srcset` on <img> uses `data:`",
        "<iframe></iframe>": "a <iframe> element",
        "<script>alert(1)</script>": "a <script> element in the page's text",
        '<p style="x">a</p>': "a `style` attribute on <p> in the page's text",
        '<meta http-equiv="refresh" content="0;url=https://a.b">':
            "a <meta> element that redirects or sits in the page's body",
    }
    for markup, problem in cases.items():
        assert problem in audit_page(THEME.format(markup)), markup
    # Outside the article too: the theme's parts carry the site's name and page titles.
    escaped = THEME.replace('aria-label="Site"', 'aria-label="S" onmouseover="alert(1)"')
    assert audit_page(escaped.format("")) == ["an event handler `onmouseover` on <a>"]
    extra = THEME.replace("</head>", "<script>alert(1)</script></head>")
    assert audit_page(extra.format("")) == [
        "an inline script that is not the theme's: 'alert(1)'"]
    twice = THEME.replace("</head>", '<script>__md_scope=new URL("..",location)</script></head>')
    assert audit_page(twice.format("")) == [
        "the theme's script `__md_scope=new URL(` is written more than once"]
    remote = THEME.replace("../assets/javascripts/bundle.js", "//evil.example/x.js")
    assert audit_page(remote.format("")) == [
        "a script loaded from outside the site (//evil.example/x.js)"]


def test_the_page_is_read_as_a_browser_reads_it() -> None:
    # The HTML5 tokenizer's rules, where a simpler reader would be fooled either way.
    assert "a <script> element in the page's text" in audit_page(
        THEME.format("<!--><script>alert(1)</script>-->"))  # `<!-->` is a whole comment
    assert audit_page(THEME.format('<p title="</p><script>alert(1)</script>">x</p>')) == []
    assert audit_page(THEME.format("<!-- <script>alert(1)</script> -->")) == []
    assert "`xlink:href` on <a> uses `javascript:`" in audit_page(THEME.format(
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'))


@pytest.mark.parametrize("engine", ENGINES)
def test_the_site_command_sanitises_and_audits_whichever_engine_builds(tmp_path: Path,
                                                                       engine: str) -> None:
    # The pipeline never runs the MkDocs hook, on either engine: its own sanitiser cleans
    # each page's content in the built file, and its audit refuses anything else that runs.
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    about = project / "content" / "about" / "index.md"
    about.write_text("# About\n\n<img src=x onerror=alert(1)><script>alert(2)</script>\n",
                     "utf-8")
    built = run_generator("site", "--engine", engine, cwd=project)
    assert built.returncode == 0, built.stderr
    page = (project / "site" / "about" / "index.html").read_text("utf-8")
    assert '<img src="x">' in page
    assert "onerror" not in page and "alert(2)" not in page
    assert "slh-content-" not in page  # the marks go once the content is clean
    before = (project / "site" / "index.html").read_bytes()

    main = project / "overrides" / "main.html"
    original = main.read_text("utf-8")
    # A template that writes a script of its own, outside the content: refused by the audit.
    main.write_text(original.replace("{% block content %}",
                                     "{% block content %}<script>alert(3)</script>"), "utf-8")
    failed = run_generator("site", "--engine", engine, cwd=project)
    assert failed.returncode == 1
    assert "an inline script that is not the theme's: 'alert(3)'" in failed.stderr
    assert "the previous site is unchanged" in failed.stderr
    # A template that no longer marks the content, or marks only its end: it could not be
    # sanitised, so no site.
    main.write_text(original.replace("{{ marked_start }}", "").replace("{{ marked_end }}", ""),
                    "utf-8")
    unmarked = run_generator("site", "--engine", engine, cwd=project)
    assert unmarked.returncode == 1
    assert "\n/about/: its content is not marked (overrides/main.html)" in unmarked.stderr
    main.write_text(original.replace("{{ marked_start }}", ""), "utf-8")
    half = run_generator("site", "--engine", engine, cwd=project)
    assert half.returncode == 1
    assert "\n/about/index.html: the marks around its content do not pair up" in half.stderr
    assert (project / "site" / "index.html").read_bytes() == before
