"""The words the search page offers when a search finds nothing or a word looks misspelt.

Pagefind matches words as they are written: "neglet" finds nothing about neglect, and
"exploitation" finds only pages that use that word. The site's own vocabulary (its themes,
the other names they go by, and the glossary) is small, public and known, so the generator
writes it out once as JSON for the search page (overrides/assets/javascripts/search.js),
which suggests the closest word and theme from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.compute.themes import ThemePage
    from generator.models import GlossaryTerm

SEARCH_TERMS = "search-terms.json"
"""Where the list is written, inside the generated folder."""

_WORD = re.compile(r"[a-z][a-z'-]{3,}")


def search_terms(themes: Iterable[ThemePage], glossary: Iterable[GlossaryTerm]
                 ) -> dict[str, Any]:
    """{"words": every word of four letters or more, sorted; "themes": [{name, names, url}]},
    where `names` are the theme's name and other names in lower case and `url` is its page
    from the generated folder."""
    entries = []
    words: set[str] = set()
    for page in themes:
        theme = page.theme
        names = [name.lower() for name in (theme.name, *theme.also_known_as)]
        entries.append({"name": theme.name, "names": names, "url": f"themes/{theme.id}/"})
        for name in names:
            words.update(_WORD.findall(name))
    for term in glossary:
        for text in (term.term, term.stands_for or ""):
            words.update(_WORD.findall(text.lower()))
    return {"words": sorted(words), "themes": entries}
