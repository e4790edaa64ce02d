"""Stage 4: Jinja templates turn the computed site into Markdown pages.

Each page kind has one template; shared pieces live in `templates/_macros.md.j2`. Templates
only arrange what `compute` worked out. Jinja runs with StrictUndefined, so a template that
asks for something missing fails the build instead of printing an empty section.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from posixpath import relpath

import jinja2

from generator.compute import Site
from generator.errors import WriteError
from generator.settings import GENERATED_SUBDIR, TEMPLATES_DIR

HOME_PARTIAL = "_home.md"
"""Included into the hand-written home page (content/index.md); excluded from the build."""


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # the output is Markdown, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml_string"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["one_line"] = lambda value: " ".join(str(value).split())
    env.filters["plural"] = plural
    return env


def plural(count: int, singular: str, many: str | None = None) -> str:
    """`1 review`, `3 reviews`."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


def render(site: Site) -> dict[str, str]:
    """Every generated page, as {path inside the generated folder: Markdown}."""
    pages: dict[str, str] = {}
    for path, template, context in _pages(site):
        if path in pages:
            raise WriteError(f"two pages would be written to `{path}`")
        context = {"site": site, "page_path": path, "link": _linker(path), **context}
        pages[path] = environment().get_template(template).render(context)
    return pages


def _pages(site: Site) -> Iterator[tuple[str, str, dict[str, object]]]:
    yield HOME_PARTIAL, "home.md.j2", {}
    yield "reviews/index.md", "reviews_index.md.j2", {}
    for review in site.published:
        yield (f"reviews/{review.id}.md", "learning_summary.md.j2",
               {"review": review, "shared_themes": site.shared_themes[review.id]})
    yield "themes/index.md", "themes_index.md.j2", {}
    for use in site.themes:
        yield f"themes/{use.theme.id}.md", "theme.md.j2", {"use": use}


def _linker(page_path: str) -> jinja2.utils.Namespace:
    """Relative links from the page at `page_path` to other generated pages.

    The home partial is included into content/index.md, so its links start from there.
    """
    if page_path == HOME_PARTIAL:
        base = "."
        prefix = f"{GENERATED_SUBDIR}/"
    else:
        base = page_path.rsplit("/", 1)[0] if "/" in page_path else "."
        prefix = ""

    def to(target: str) -> str:
        return prefix + relpath(target, base) if prefix else relpath(target, base)

    return jinja2.utils.Namespace(
        review=lambda review: to(f"reviews/{review.id}.md"),
        theme=lambda theme: to(f"themes/{theme.id}.md"),
        reviews=lambda: to("reviews/index.md"),
        themes=lambda: to("themes/index.md"),
    )
