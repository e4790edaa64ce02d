"""Stage 4: Jinja templates turn the computed site into Markdown pages.

Each page kind has one template; shared pieces live in `templates/_macros.md.j2`. Templates
only arrange what `compute` worked out. Jinja runs with StrictUndefined, so a template that
asks for something missing fails the build instead of printing an empty section.
"""

from __future__ import annotations

import functools
import html
import json
import re
import types
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import NamedTuple
from urllib.parse import quote

import jinja2

from generator.charts import bar_table
from generator.compute import Site
from generator.compute.facets import FacetValue, listing_path
from generator.compute.site import ReportPage, SharedTheme
from generator.compute.tracker import Tracker, TrackerFilter
from generator.errors import GeneratorError, WriteError
from generator.figures import Entry, FigureTable, catalogue
from generator.formatting import change, held, money, number, plural, small, tel
from generator.memo import Inputs, KeptWhileSame
from generator.models import Report, Review
from generator.paging import paginate
from generator.pdf import pdf_name
from generator.sanitise import attribute_text
from generator.search_terms import SEARCH_TERMS, search_terms
from generator.settings import GENERATED_SUBDIR, TEMPLATES_DIR
from generator.verify import page_url
from generator.wording import report_noun, wording

HOME_PARTIAL = "_home.md"
"""Included into the hand-written home page (content/index.md); excluded from the build."""

ABBREVIATIONS_PARTIAL = "_abbreviations.md"
"""The glossary as Markdown abbreviations, appended to every page by pymdownx.snippets
(`auto_append` in mkdocs.yml) so each page marks the abbreviations it uses."""

ACCESSIBILITY_PARTIAL = "_accessibility.md"
"""The accessibility statement's text, included into content/about/accessibility.md."""


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
    env.filters["attribute"] = lambda value: str(attribute_text(value))
    env.filters["one_line"] = lambda value: " ".join(str(value).split())
    env.filters["href"] = href
    env.filters["plural"] = plural
    env.filters["number"] = number
    env.filters["money"] = money
    env.filters["change"] = change
    env.filters["small"] = small
    env.filters["held"] = held
    env.filters["tel"] = tel
    # Capitalises the first letter only: "the national Panel" -> "The national Panel".
    env.filters["sentence"] = lambda value: str(value)[:1].upper() + str(value)[1:]
    env.globals["bar_table"] = functools.partial(bar_table, number=number)
    return env


def href(url: object) -> str:
    """A web address from the data, written so that it cannot end its Markdown link.

    The model has refused addresses with quotes, spaces or unmatched brackets; brackets,
    braces and anything else Markdown reads are also percent-encoded here, which a browser
    reads as the same address.
    """
    return quote(str(url), safe=":/?#@!$&*+,;=%~-._")


def render(site: Site) -> dict[str, str]:
    """Every generated page, as {path inside the generated folder: Markdown}.

    Pages whose inputs are as last time are taken from memory; the rest are rendered.
    """
    pages: dict[str, str] = {}
    to_render: list[_Job] = []
    _LINES.clear()
    for path, template, context in _pages(site):
        if path in pages:
            raise WriteError(f"two pages would be written to `{path}`")
        inputs = _INPUTS[template](site, context) if template in _INPUTS else None
        found, text = _RENDERED.kept(path, inputs) if inputs is not None else (False, None)
        if found and text is not None:
            pages[path] = text
        else:
            pages[path] = ""  # keeps the page's place in the order
            to_render.append(_Job(path, template, context, inputs))
    for job in to_render:
        text = _render_page(site, job)
        pages[job.path] = text
        if job.inputs is not None:
            _RENDERED.keep(job.path, job.inputs, text)
    return pages


class _Job(NamedTuple):
    path: str
    template: str
    context: dict[str, object]
    inputs: Inputs | None


def _render_page(site: Site, job: _Job) -> str:
    link = _linker(job.path)
    context = {"site": site, "page_path": job.path, "link": link,
               "shared_theme": functools.partial(_shared_theme_line, link, job.path),
               **job.context}
    try:
        return environment().get_template(job.template).render(context)
    except jinja2.TemplateError as error:
        # A template fault is the generator's, not the editor's: say where, briefly.
        raise GeneratorError(f"internal error: the template {job.template} failed while "
                             f"writing {job.path}: {error}") from None


def _shared_theme_line(link: types.SimpleNamespace, page_path: str,
                       shared: SharedTheme) -> str:
    """One line of a summary's "Themes in common", rendered once and reused.

    A review nationally raises a dozen themes, and most summaries raising a theme name the
    same newest few others, so most of these lines are repeated word for word across
    summaries: rendering each once took 40% off the time spent on summaries. Links are
    relative, so the line is kept per folder.
    """
    key = (page_path.rsplit("/", 1)[0], shared.theme.id, shared.more,
           *(other.id for other in shared.others))
    line = _LINES.get(key)
    if line is None:
        line = environment().get_template("_shared_theme.md.j2").render(shared=shared,
                                                                         link=link)
        _LINES[key] = line
    return line


_LINES: dict[tuple[object, ...], str] = {}
"""The shared-theme lines rendered so far by the current `render` (names may change after)."""


# --- Pages not rendered again when nothing they show has changed ---------------------------
#
# After a save, a long-running process (`mkdocs serve`) loads again only the edited file
# (see `load.load_file` and `validate.build`): every other record is the very same object as
# before. The pages there are thousands of (learning summaries, and the listings of reviews
# and recommendations) say what they are made from: records, compared by identity, and plain
# values, compared by value. If all are as last time, the page is as last time too.


def _summary_inputs(site: Site, context: dict[str, object]) -> Inputs:
    """A learning summary: its review, the partnership, its shared themes with the newest
    other reviews raising each, the themes it raises alone, its related reviews with the
    themes each shares, and its facet values."""
    from generator.compute.site import ThemesInCommon

    review = context["review"]
    in_common = context["shared_themes"]
    assert isinstance(review, Review) and isinstance(in_common, ThemesInCommon)
    facts = site.facets.of(review)
    objects = (review, site.partnership,
               *(part for item in in_common.shared for part in (item.theme, *item.others)),
               *in_common.alone,
               *(part for item in in_common.related for part in (item.review, *item.themes)))
    values = (tuple((len(item.others), item.more) for item in in_common.shared),
              len(in_common.alone), tuple(len(item.themes) for item in in_common.related),
              tuple((value.kind, value.slug, value.fact, value.link_text, value.pagefind_filter)
                    for value in (facts.partnership, facts.year, facts.type, *facts.themes,
                                  *facts.ages)))
    return objects, values


def _facet_inputs(site: Site, context: dict[str, object]) -> Inputs:
    """A facet listing: the reviews on this page, the value, and where the page sits."""
    value, items = context["value"], context["items"]
    assert isinstance(value, FacetValue) and isinstance(items, Sequence)
    return tuple(items), (value.kind, value.slug, value.heading, len(value.reviews),
                          context["paging"])


def _tracker_filter_inputs(site: Site, context: dict[str, object]) -> Inputs:
    """A tracker filter page: each recommendation listed, with its review, and the counts."""
    listing, items, tracker = context["filter"], context["items"], context["tracker"]
    assert isinstance(listing, TrackerFilter) and isinstance(items, Sequence)
    assert isinstance(tracker, Tracker)
    objects = tuple(part for item in items for part in (item.review, item.recommendation))
    return objects, (listing.kind, listing.label, len(listing.items), listing.overdue,
                     listing.unrecorded, tracker.as_of, context["paging"],
                     tuple((item.number, item.overdue, item.owner.name if item.owner else None)
                           for item in items))


def _report_inputs(site: Site, context: dict[str, object]) -> Inputs:
    """A report: its sections, its period's figures (each kind kept by
    `reports.period_figures` while its reviews are the same), the period before, the
    partnership and the other reports of the period it links to."""
    page = context["page"]
    assert isinstance(page, ReportPage)
    figures = page.figures
    others = context["others"]
    assert isinstance(others, tuple)
    return ((site.partnership, page.report, page.guidance, figures.period, figures.previous,
             figures.rapid, figures.previous_rapid, figures.local, figures.previous_local,
             figures.learning, *(other.report for other in others)),
            (figures.impact, figures.clocks, figures.statistics, figures.ratios, figures.budget,
             figures.history, site.glossary, tuple(r.id for r in site.published)))


_INPUTS: dict[str, Callable[[Site, dict[str, object]], Inputs]] = {
    "learning_summary.md.j2": _summary_inputs,
    "seven_minute_briefing.md.j2": _summary_inputs,  # it reads only what its summary reads
    "facet.md.j2": _facet_inputs,
    "tracker_filter.md.j2": _tracker_filter_inputs,
    "report.md.j2": _report_inputs,
}


_RENDERED: KeptWhileSame[str, str] = KeptWhileSame()
"""The Markdown of each such page last rendered in this process, with its inputs."""


def _pages(site: Site) -> Iterator[tuple[str, str, dict[str, object]]]:
    yield HOME_PARTIAL, "home.md.j2", {}
    yield ACCESSIBILITY_PARTIAL, "accessibility.md.j2", {}
    for path, reviews, paging in paginate(site.published, "reviews/index.md"):
        yield path, "reviews_index.md.j2", {"items": reviews, "paging": paging}
    for review in site.published:
        yield (f"reviews/{review.id}.md", "learning_summary.md.j2",
               {"review": review, "shared_themes": site.shared_themes[review.id]})
        # In a folder of their own: under `reviews/` a review's id could be a facet's name
        # (`reviews/theme/...`), and a briefing's name one of that facet's values.
        yield (f"7-minute-briefings/{review.id}.md", "seven_minute_briefing.md.j2",
               {"review": review, "shared_themes": site.shared_themes[review.id]})
    yield "reviews/browse.md", "facets.md.j2", {}
    for value in site.facets.values:
        for path, reviews, paging in paginate(value.reviews, value.path):
            yield path, "facet.md.j2", {"value": value, "items": reviews, "paging": paging}
    yield from _report_pages(site)
    yield "themes/index.md", "themes_index.md.j2", {}
    for theme_page in site.hub.pages:
        yield f"themes/{theme_page.theme.id}.md", "theme.md.j2", {"use": theme_page}
    yield "briefings/index.md", "briefings_index.md.j2", {}
    for briefing in site.briefings:
        yield f"briefings/{briefing.id}.md", "briefing.md.j2", {"briefing": briefing}
    yield "recommendations/index.md", "tracker.md.j2", {"tracker": site.tracker}
    for tracker_filter in site.tracker.filters:
        for path, items, paging in paginate(tracker_filter.items, tracker_filter.path):
            yield path, "tracker_filter.md.j2", {"tracker": site.tracker, "items": items,
                                                 "filter": tracker_filter, "paging": paging}
    yield "glossary.md", "glossary.md.j2", {}
    yield SEARCH_TERMS, "search_terms.json.j2", {
        "terms": search_terms(site.hub.pages, site.glossary)}
    yield ABBREVIATIONS_PARTIAL, "abbreviations.md.j2", {}


def _report_pages(site: Site) -> Iterator[tuple[str, str, dict[str, object]]]:
    pages = site.report_pages
    yield "reports/index.md", "reports_index.md.j2", {"pages": pages}
    threshold = site.partnership.site.small_numbers
    entries: dict[tuple[str, str | None], dict[str, Entry]] = {}
    for page in pages:
        figures, period = page.figures, page.period
        key = (period.id, page.report.partnership)
        if key not in entries:
            entries[key] = catalogue(period, figures.previous, site.published)
        anchors = section_anchors(page.report)
        yield (f"reports/{period.id}/{page.report.id}.md", "report.md.j2", {
            "anchor": lambda section, anchors=anchors: anchors[id(section)],
            "page": page, "report": page.report, "figures": figures, "period": period,
            "guidance": page.guidance, "words": wording(period.under),
            "report_noun": report_noun(period.first_day, period.last_day),
            "others": tuple(p for p in pages if p.period is period and p is not page),
            "table": FigureTable(entries[key], figures, threshold)})


def section_anchors(report: Report) -> dict[int, str]:
    """Each section's anchor on its page, by the section's identity: its `id`, or its
    heading in lower case with hyphens, numbered where two would be the same."""
    anchors: dict[int, str] = {}
    used: set[str] = set()
    for section in report.walk():
        base = section.id or "-".join(re.findall(r"[a-z0-9]+", html.unescape(
            section.heading).lower())) or "section"
        anchor, number = base, 1
        while anchor in used:
            number += 1
            anchor = f"{base}-{number}"
        used.add(anchor)
        anchors[id(section)] = anchor
    return anchors


@cache
def _relative(target: str, base: str) -> str:
    """`posixpath.relpath` for the generator's own relative paths, without touching the
    file system: relpath calls getcwd twice, which at thousands of links a page dominated
    the render time."""
    target_parts = target.split("/")
    base_parts = [] if base == "." else base.split("/")
    common = 0
    for mine, theirs in zip(target_parts, base_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(base_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."


def _linker(page_path: str) -> types.SimpleNamespace:
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
        return prefix + _relative(target, base) if prefix else _relative(target, base)

    # A plain namespace: Jinja's own `Namespace` checks every attribute read in Python,
    # and a page reads these a hundred times.
    return types.SimpleNamespace(
        review=lambda review: to(f"reviews/{review.id}.md"),
        seven_minute_briefing=lambda review: to(f"7-minute-briefings/{review.id}.md"),
        theme=lambda theme: to(f"themes/{theme.id}.md"),
        reviews=lambda: to("reviews/index.md"),
        browse=lambda: to("reviews/browse.md"),
        facet=lambda value: to(value.path),
        theme_listing=lambda theme: to(listing_path("theme", theme.id)),
        search=lambda: to("../search.md"),
        reports=lambda: to("reports/index.md"),
        report=lambda period, report_id: to(f"reports/{period.id}/{report_id}.md"),
        themes=lambda: to("themes/index.md"),
        briefing=lambda briefing, anchor=None: to(f"briefings/{briefing.id}.md")
        + (f"#{anchor}" if anchor else ""),
        briefings=lambda: to("briefings/index.md"),
        recommendation=lambda item: to(f"reviews/{item.review.id}.md") + f"#{item.anchor}",
        tracker=lambda: to("recommendations/index.md"),
        tracker_filter=lambda tracker_filter: to(tracker_filter.path),
        status=lambda status: to(f"recommendations/status/{status.value}.md"),
        owner=lambda owner: to(f"recommendations/owner/{owner.slug}.md"),
        glossary=lambda: to("glossary.md"),
        page=to,
        root=lambda target: f"{GENERATED_SUBDIR}/{page_url(target)}",
        pdf=lambda target: pdf_name(f"{GENERATED_SUBDIR}/{page_url(target)}"),
        asset=lambda target: _up(page_path) + target,
    )


def _up(page_path: str) -> str:
    """From a generated page's address back to the site's root, for raw HTML (which MkDocs
    does not rewrite): `learning/reports/2021-22/subgroup/` is four folders down."""
    parts = [GENERATED_SUBDIR, *page_path.removesuffix(".md").split("/")]
    if parts[-1] == "index":
        parts.pop()
    return "../" * len(parts)
