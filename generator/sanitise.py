"""The last line of defence: every page's HTML passes an allow-list sanitiser.

Input checks give editors clear messages, but no set of rules over Markdown text can foresee
every way Markdown, its extensions and the browser combine (quotes that break out of link
titles, reference definitions inside block quotes, abbreviation definitions...). So the HTML
that Markdown produced from a page is cleaned with Ammonia (through `nh3`) before the theme
wraps it: only the elements and attributes listed here survive, links and images may point
only at web, mail and phone addresses or at the site itself, and nothing that runs code,
styles the page or leaves it (`on*`, `style`, `<script>`, `<meta>`, `<base>`, `<form>`,
`<iframe>`, `<object>`) can pass, whatever the text said.

`audit.py` checks the built site again afterwards, without trusting that this ran.
"""

from __future__ import annotations

import html
import re
from functools import cache

import nh3
from markupsafe import Markup

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link or image may use; relative (same-site) addresses are allowed as well."""

_TEXT = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "nav", "u", "ul",
})
# The bars of the site's chart tables (generator/charts.py) are inline SVG, so they follow the
# colour scheme.
_SVG = frozenset({"svg", "title", "desc", "g", "rect", "text", "line"})

_COMMON = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden"})
_ATTRIBUTES: dict[str, set[str]] = {
    "*": set(_COMMON),
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "details": {"open"},
    "svg": {"viewBox", "width", "height", "xmlns", "focusable", "preserveAspectRatio"},
    "rect": {"x", "y", "width", "height", "fill", "fill-opacity", "rx"},
    "text": {"x", "y", "fill", "text-anchor", "dominant-baseline"},
    "line": {"x1", "x2", "y1", "y2", "stroke"},
    "g": {"fill"},
}
# `aria-*` describe the page to assistive technology; `data-pagefind-*` mark what search
# indexes and filters on. Neither can run code.
_PREFIXES = frozenset({"aria-", "data-pagefind"})


@cache
def _tags() -> set[str]:
    return set(_TEXT | _SVG)


_ALIGNED_CELL = re.compile(r'<(td|th) align="(left|right|center)">')


def clean_html(fragment: str) -> str:
    """`fragment` with everything not on the allow-list removed.

    Markdown's tables mark a column's alignment with `align`, which HTML no longer allows,
    or with `style`, which the sanitiser does not: it becomes a class the stylesheet aligns.
    """
    if "<t" in fragment:
        fragment = _ALIGNED_CELL.sub(r'<\1 class="slh-align-\2">', fragment)
    return nh3.clean(
        fragment,
        tags=_tags(),
        attributes=_ATTRIBUTES,
        generic_attribute_prefixes=set(_PREFIXES),
        url_schemes=set(URL_SCHEMES),
        link_rel=None,  # internal links stay as written; external ones carry no rel today
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    # Material finds its settings with `#__config` and its parts with `__`-names: an element
    # of the page's own text must never take such an id and stand in for them.
    if attribute == "id" and value.startswith("__"):
        return None
    return value


def attribute_text(value: str | None) -> Markup | None:
    """A data value made safe for the theme to write anywhere, attributes included.

    The theme's templates write the site's name, a page's title and description as they
    are, into elements and attributes (`aria-label="{{ config.site_name }}"`). Given as
    Markup, escaped once, they read the same to people and can never close an attribute; the
    value is unescaped first so that a character reference in the data is not escaped twice.
    """
    if value is None:
        return None
    return Markup.escape(html.unescape(str(value)))
