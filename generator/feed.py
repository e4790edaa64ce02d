"""The site's Atom feed: new and updated learning, newest first, for readers to subscribe to.

Made from the computed site, so it holds only what is published: the learning summaries of
published reviews, the published briefings and the annual reports that say when they were
published, each with its page's title, address and summary as plain text. It is written
beside the generated pages (`learning/feed.xml`), and the site engine copies it into the
site like any other file.

An Atom feed names everything by a full address, so the feed is made only when the site's
address is known (`site.url` in partnership.yml); without it there is no feed, and the
home page and page heads do not link one.

A feed entry must say when it appeared, so an annual report is in the feed only with its
`published` date, and only once that date has come (a report's page is made whatever its
date; the feed does not announce it early).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import lxml.html
import markdown
from feedgen.feed import FeedGenerator

from generator.compute import Site
from generator.models import Publication, PublicationStatus
from generator.models.dates import PartialDate
from generator.settings import GENERATED_SUBDIR
from generator.verify import page_url

FEED_PATH = "feed.xml"
"""The feed, inside the generated folder: `learning/feed.xml` on the site."""

FEED_LIMIT = 50
"""Entries in the feed: the newest. A reader fetches the feed again and again, so it stays
small however many reviews there are; the listings hold the rest."""

# Characters XML 1.0 cannot hold at all, not even as references. The loader refuses them in
# files, but a YAML escape in quotes ("\x0b") can still put one in a value.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedItem:
    """One published page, as the feed tells it."""

    path: str
    """The page inside the generated folder: `reviews/child-r.md`."""
    kind: str
    title: str
    summary: str | None
    """Plain text: the record's own summary, as its page's description shows it."""
    published: datetime
    updated: datetime


def feed_items(site: Site, as_of: date, limit: int | None = None) -> list[FeedItem]:
    """The published learning summaries, briefings and dated annual reports, most recently
    changed first (then most recently published, then by title): the first `limit` of
    them, or all."""
    records: list[tuple[str, str, str, str | None, Publication]] = [
        (f"reviews/{review.id}.md", "Learning summary", review.title, review.summary,
         review.publication) for review in site.published]
    records += [(f"briefings/{briefing.id}.md", "Briefing", briefing.title, briefing.summary,
                 briefing.publication) for briefing in site.briefings]
    records += [(f"reports/{page.period.id}/{page.report.id}.md", "Annual report",
                 page.report.title, page.report.description,
                 Publication(status=PublicationStatus.PUBLISHED, date=page.report.published))
                for page in site.report_pages
                if page.report.published and page.report.published.first_day <= as_of]
    # Ordered, and cut, before any summary is made plain text: at 3,000 reviews that is
    # 1,700 summaries through Markdown (half a second) for the 50 the feed holds.
    records.sort(key=lambda record: html.unescape(record[2]).lower())
    records.sort(key=lambda record: _dates(record[4]), reverse=True)
    return [_item(*record) for record in records[:limit]]


def atom_feed(site: Site, site_url: str | None, as_of: date) -> str | None:
    """The Atom feed of the newest FEED_LIMIT items, or None without the site's address.

    `site_url` ends in `/` (`build.site_address`). The feed's own date is its newest entry's,
    so that building again from the same data gives the same file; a feed with no entries
    yet takes the build date `as_of`.
    """
    if not site_url:
        return None
    items = feed_items(site, as_of, FEED_LIMIT)
    partnership = site.partnership
    feed = FeedGenerator()
    feed.id(f"{site_url}{GENERATED_SUBDIR}/{FEED_PATH}")
    feed.title(_xml_text(f"{html.unescape(partnership.site_title)}: new learning"))
    if partnership.site.description:
        feed.subtitle(_xml_text(html.unescape(partnership.site.description)))
    feed.author({"name": _xml_text(html.unescape(partnership.name)),
                 **({"uri": partnership.website} if partnership.website else {})})
    feed.link(href=site_url, rel="alternate", type="text/html")
    feed.link(href=f"{site_url}{GENERATED_SUBDIR}/{FEED_PATH}", rel="self",
              type="application/atom+xml")
    feed.language("en-GB")
    feed.updated(items[0].updated if items else _midnight(as_of))
    for item in items:
        address = f"{site_url}{GENERATED_SUBDIR}/{page_url(item.path)}"
        entry = feed.add_entry(order="append")  # feedgen puts each new entry first otherwise
        entry.id(address)
        entry.title(_xml_text(item.title))
        # (feedgen 1.0 writes an entry's link without its `rel`, which Atom reads as
        # "alternate" all the same.)
        entry.link(href=address, rel="alternate", type="text/html")
        entry.category(term=item.kind.lower().replace(" ", "-"), label=item.kind)
        entry.published(item.published)
        entry.updated(item.updated)
        if item.summary:
            entry.summary(_xml_text(item.summary), type="text")
    atom: bytes = feed.atom_str(pretty=True, encoding="UTF-8")
    return atom.decode("utf-8")


def _item(path: str, kind: str, title: str, summary: str | None,
          publication: Publication) -> FeedItem:
    updated, published = _dates(publication)
    return FeedItem(path=path, kind=kind, title=html.unescape(title),
                    summary=plain_text(summary) if summary else None,
                    published=published, updated=updated)


def _dates(publication: Publication) -> tuple[datetime, datetime]:
    """When a published record was last changed, and when it was published."""
    # Published records always have a date (the model requires one); the gate has already
    # turned those still under embargo into unpublished ones.
    assert publication.date is not None
    published = _moment(publication.date)
    updated = _moment(publication.updated) if publication.updated else published
    return max(updated, published), published


def _moment(when: PartialDate) -> datetime:
    """A date from the data as the instant Atom wants.

    The data often knows only the month ("December 2021"), or a quarter or the year: such a
    date is given as its first day, the day the publication gate lets the record out on.
    Every date is midnight UTC, since the data holds no time of day. An update known only to
    the month of the publication itself is then no later than the publication, never before
    it (see `_dates`).
    """
    return _midnight(when.first_day)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def plain_text(text: str) -> str:
    """Markdown prose as one line of plain text: what a feed reader shows as the summary,
    with no markup of ours for it to interpret."""
    rendered = markdown.markdown(text)
    words = lxml.html.fragment_fromstring(rendered, create_parent="div").text_content()
    return " ".join(words.split())


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)
