"""After the site engine: does any built page hold something that could run code?

The sanitiser cleans what Markdown made of each page inside the build (`sanitise.py`). This
audit does not trust that it ran, or that the theme escaped what it wrote around it: it reads
every HTML file the engine wrote, the theme's parts included, and reports

- an event-handler attribute (`onclick=`, `onerror=`...) anywhere;
- a link, image, form or frame address whose scheme is not http, https, mailto or tel
  (`javascript:`, `data:`, `vbscript:`);
- an element that embeds or redirects (`<iframe>`, `<object>`, `<embed>`, `<base>`,
  `<meta http-equiv>`), or a `<meta>` outside the head;
- in the page's own text (the article): any `<script>`, `<style>` or `style=`;
- a script that is not the theme's: one loaded from elsewhere than the site, or an inline
  script of a shape the theme does not write, or written more than once.

It is an ordinary function the `site` command and the MkDocs hook both call, so it holds
whichever engine built the site.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster",
                             "background", "data", "cite", "ping", "longdesc", "manifest",
                             "codebase", "srcset", "imagesrcset"})
_NEVER = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "base",
                    "portal", "fencedframe"})
_NOT_IN_TEXT = frozenset({"script", "style", "link", "meta", "template"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")

# The inline scripts Material writes on every page, by how each begins; each may appear
# once. Anything else inline is not the theme's.
THEME_SCRIPTS = ("__md_scope=new URL(", "var palette=__md_get(", "var target=document.")


def audit_page(markup: str | bytes) -> list[str]:
    """Everything in one page's HTML that could run code or send the reader elsewhere."""
    if not markup.strip():
        return []
    root = lxml.html.document_fromstring(markup)
    problems: list[str] = []
    # Every attribute in one query, run by libxml2; visiting each element from Python, or
    # one query per attribute name, cost two to five times as much.
    for value in _ALL_ATTRIBUTES(root):
        name = str(value.attrname).lower()
        if name.startswith("on"):
            problems.append(f"an event handler `{name}` on <{_tag(value)}>")
        elif name in _URL_ATTRIBUTES:
            problems += _address(_tag(value), name, str(value))
    problems += [f"a `style` attribute on <{_tag(value)}> in the page's text"
                 for value in _STYLED_TEXT(root)]
    problems += [f"a <{element.tag!s}> element" for element in root.iter(*_NEVER)]
    problems += ["a <meta> element that redirects or sits in the page's body"
                 for element in root.iter("meta")
                 if element.get("http-equiv") is not None
                 or any(parent.tag == "body" for parent in element.iterancestors())]
    for article in root.iter("article"):
        problems += [f"a <{element.tag!s}> element in the page's text"
                     for element in article.iter(*_NOT_IN_TEXT)]
    scripts: list[str] = []
    for element in root.iter("script"):
        if element.get("src") is None:
            problems += _inline(element, scripts)
    repeated = [shape for shape, count in Counter(scripts).items() if count > 1]
    return problems + [f"the theme's script `{shape}` is written more than once"
                       for shape in repeated]


_ALL_ATTRIBUTES = lxml.etree.XPath("//@*")
_STYLED_TEXT = lxml.etree.XPath("//article//*/@style")


def _tag(value: Any) -> str:
    """The element an attribute found by XPath belongs to."""
    return str(value.getparent().tag).lower()


def _address(tag: str, name: str, value: str) -> list[str]:
    candidates = [part.split()[0] for part in value.split(",") if part.split()] \
        if name.endswith("srcset") else [value]
    problems = []
    for candidate in candidates:
        plain = _INVISIBLE.sub("", candidate).lower()
        scheme = _SCHEME.match(plain)
        if scheme and scheme.group(1) not in SAFE_SCHEMES:
            problems.append(f"`{name}` on <{tag}> uses `{scheme.group(1)}:`")
        elif tag == "script" and (scheme or plain.startswith("//")):
            problems.append(f"a script loaded from outside the site ({candidate})")
    return problems


def _inline(element: lxml.html.HtmlElement, scripts: list[str]) -> list[str]:
    text = (element.text or "").strip()
    if element.get("type") == "application/json" and element.get("id") == "__config":
        scripts.append("__config")
        try:
            json.loads(text)
        except ValueError:
            return ["the theme's settings script is not plain data"]
        return []
    shape = next((start for start in THEME_SCRIPTS if text.startswith(start)), None)
    if shape is None:
        return [f"an inline script that is not the theme's: {text[:60]!r}"]
    scripts.append(shape)
    return []


def audit_site(site_dir: Path) -> list[str]:
    """`audit_page` over every HTML file under `site_dir`, as `/path: problem` lines.

    Parsing is most of the cost (about 1 ms a page, with libxml2's HTML5 tokenizer).
    """
    def audit_file(path: Path) -> list[str]:
        found = audit_page(path.read_bytes())
        where = "/" + path.relative_to(site_dir).as_posix()
        return [f"{where}: {problem}" for problem in dict.fromkeys(found)]

    return [problem for path in sorted(site_dir.rglob("*.html")) for problem in audit_file(path)]
