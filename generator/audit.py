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
from html.parser import HTMLParser
from pathlib import Path

from generator.parallel import map_in_two

AUDITED_AFTER = "SLH_AUDITED_AFTER_BUILD"
"""Set by the `site` command, which audits the site itself once the engine is done, so
that the MkDocs hook need not do it a second time."""

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


class _PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self._article = 0
        self._head = False
        self._body = False
        self._script: tuple[dict[str, str | None], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)
        if tag == "article":
            self._article += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self._head = True
        elif tag == "body":
            self._head, self._body = False, True
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"an event handler `{name}` on <{tag}>")
            elif name in _URL_ATTRIBUTES and value:
                self._address(tag, name, value)
            elif name == "style" and self._article:
                self.problems.append(f"a `style` attribute on <{tag}> in the page's text")
        if tag in _NEVER:
            self.problems.append(f"a <{tag}> element")
        elif tag == "meta" and (self._body or any(name == "http-equiv" for name, _ in attrs)):
            self.problems.append("a <meta> element that redirects or sits in the page's body")
        elif self._article and tag in _NOT_IN_TEXT:
            self.problems.append(f"a <{tag}> element in the page's text")
        elif tag == "script":
            self._script = (dict(attrs), [])

    def _address(self, tag: str, name: str, value: str) -> None:
        candidates = [part.split()[0] for part in value.split(",") if part.split()] \
            if name.endswith("srcset") else [value]
        for candidate in candidates:
            plain = _INVISIBLE.sub("", candidate).lower()
            scheme = _SCHEME.match(plain)
            if scheme and scheme.group(1) not in SAFE_SCHEMES:
                self.problems.append(f"`{name}` on <{tag}> uses `{scheme.group(1)}:`")
            elif tag == "script" and (scheme or plain.startswith("//")):
                self.problems.append(f"a script loaded from outside the site ({candidate})")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self._article:
            self._article -= 1
        elif tag == "head":
            self._head = False
        elif tag == "script" and self._script is not None:
            attributes, parts = self._script
            self._script = None
            if "src" not in attributes:
                self._inline(attributes, "".join(parts).strip())

    def _inline(self, attributes: dict[str, str | None], text: str) -> None:
        if attributes.get("type") == "application/json" and attributes.get("id") == "__config":
            try:
                json.loads(text)
            except ValueError:
                self.problems.append("the theme's settings script is not plain data")
            self.scripts.append("__config")
            return
        shape = next((start for start in THEME_SCRIPTS if text.startswith(start)), None)
        if shape is None:
            self.problems.append(f"an inline script that is not the theme's: {text[:60]!r}")
        else:
            self.scripts.append(shape)


def audit_page(markup: str) -> list[str]:
    """Everything in one page's HTML that could run code or send the reader elsewhere."""
    audit = _PageAudit()
    audit.feed(markup)
    audit.close()
    repeated = [shape for shape, count in Counter(audit.scripts).items() if count > 1]
    return audit.problems + [f"the theme's script `{shape}` is written more than once"
                             for shape in repeated]


def audit_site(site_dir: Path) -> list[str]:
    """`audit_page` over every HTML file under `site_dir`, as `/path: problem` lines.

    Parsing is most of the cost (about 4 ms a page), so a big site is shared between two
    processes.
    """
    def audit_file(path: Path) -> list[str]:
        found = audit_page(path.read_text("utf-8", errors="replace"))
        where = "/" + path.relative_to(site_dir).as_posix()
        return [f"{where}: {problem}" for problem in dict.fromkeys(found)]

    return [problem for found in map_in_two(audit_file, sorted(site_dir.rglob("*.html")))
            for problem in found]
