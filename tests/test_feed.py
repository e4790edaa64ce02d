"""The Atom feed, the sitemap and the addresses a page gives of itself (canonical, Open
Graph), read from real `mkdocs build --strict` runs of the test data, which is published at
a sub-path (`https://tscp-example.github.io/learning-hub/`) as a GitHub Pages project is."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest

from conftest import (
    ENGINES,
    FIXTURE_DATA,
    edit,
    make_project,
    published_pages,
    run_generator,
    run_mkdocs,
)
from generator import feed as feed_module
from generator.build import site_address
from generator.compute import compute
from generator.feed import atom_feed, plain_text
from generator.gate import as_of_day, gate
from generator.validate import load_dataset

SITE = "https://tscp-example.github.io/learning-hub/"
"""The test data's `site.url`."""

TRICKY_TITLE = 'Child "A" & B\'s <family> review'


def published_records(data: Path) -> list[tuple[str, str, str, date, date]]:
    """What the feed should list, worked out from the records through the publication gate:
    (address, title, summary, published, updated), the most recently changed first."""
    dataset, _ = load_dataset(data)
    gated = gate(dataset, as_of_day(dataset))
    records = [("reviews", review) for review in gated.reviews if review.is_published]
    records += [("briefings", briefing) for briefing in gated.briefings
                if briefing.is_published]
    rows = []
    for folder, record in records:
        publication = record.publication
        assert publication.date is not None
        # A date known to the month (or the year) stands as its first day.
        published = publication.date.first_day
        updated = publication.updated.first_day if publication.updated else published
        rows.append((f"{SITE}learning/{folder}/{record.id}/", record.title,
                     record.summary or "", published, max(published, updated)))
    return sorted(rows, key=lambda row: (row[4], row[3]), reverse=True)


def parsed_feed(text: str | bytes) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(text)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def entry_date(struct: object) -> date:
    year, month, day = struct[:3]  # type: ignore[index]
    return date(year, month, day)


def page_path(site: Path, address: str) -> Path:
    """The built file an address under SITE names."""
    assert address.startswith(SITE), address
    return site / address.removeprefix(SITE) / "index.html"


def head(path: Path) -> lxml.html.HtmlElement:
    found = lxml.html.document_fromstring(path.read_bytes()).find("head")
    assert found is not None
    return found


def meta(element: lxml.html.HtmlElement, name: str) -> list[str]:
    return [str(tag.get("content")) for tag in element.iter("meta")
            if tag.get("property") == name]


# --- The feed --------------------------------------------------------------------------------


def test_the_feed_lists_exactly_the_published_learning_newest_first(
        fixture_project: Path) -> None:
    feed_file = fixture_project / "site" / "learning" / "feed.xml"
    parsed = parsed_feed(feed_file.read_bytes())
    expected = published_records(fixture_project / "data")
    assert len(expected) == 3  # two summaries and a briefing; the planted records are not
    entries = parsed.entries
    assert [entry.link for entry in entries] == [row[0] for row in expected]
    assert [entry.id for entry in entries] == [row[0] for row in expected]
    assert [entry.title for entry in entries] == [row[1] for row in expected]
    assert [entry.get("summary", "") for entry in entries] == [row[2] for row in expected]
    assert [entry_date(entry.published_parsed) for entry in entries] == [
        row[3] for row in expected]
    assert [entry_date(entry.updated_parsed) for entry in entries] == [
        row[4] for row in expected]
    # The briefing was published in May 2022: a month stands as its first day.
    assert entries[0].published == "2022-05-01T00:00:00+00:00"
    assert [entry.tags[0].label for entry in entries] == [
        "Briefing", "Learning summary", "Learning summary"]
    # The feed's own date is its newest entry's, so two builds give the same file.
    assert parsed.feed.updated == entries[0].updated
    assert parsed.feed.title == "Testshire learning hub: new learning"
    assert parsed.feed.id == f"{SITE}learning/feed.xml"
    assert {link.rel: link.href for link in parsed.feed.links} == {
        "self": f"{SITE}learning/feed.xml", "alternate": SITE}


def test_every_feed_link_is_a_built_page(fixture_project: Path) -> None:
    site = fixture_project / "site"
    parsed = parsed_feed((site / "learning" / "feed.xml").read_bytes())
    for entry in parsed.entries:
        assert page_path(site, entry.link).is_file(), entry.link


def test_the_feed_holds_nothing_unpublished(fixture_project: Path) -> None:
    for root in ("site", "content"):
        text = (fixture_project / root / "learning" / "feed.xml").read_text("utf-8")
        assert "quokka" not in text and "SECRET" not in text
        for planted in ("cspr-unpublished", "cspr-2022", "rr-2021-01", "rr-2022-01",
                        "unpublished-briefing"):
            assert planted not in text


def test_an_update_moves_its_entry_first_and_keeps_its_publication_date(
        data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-b.yml", "  date: 2020\n",
         "  date: 2020\n  updated: 2022-06\n")
    parsed = parsed_feed(feed_text(data_copy))
    first = parsed.entries[0]
    assert first.link == f"{SITE}learning/reviews/child-b/"
    assert first.published == "2020-01-01T00:00:00+00:00"  # a year stands as its first day
    assert first.updated == "2022-06-01T00:00:00+00:00"
    assert parsed.feed.updated == first.updated
    assert [entry.link for entry in parsed.entries] == [
        row[0] for row in published_records(data_copy)]


def test_an_annual_report_is_in_the_feed_once_its_published_date_has_come(
        data_copy: Path) -> None:
    period = data_copy / "periods" / "2022-23.yml"
    edit(period, "    subgroup: review-subgroup\n",
         "    subgroup: review-subgroup\n    published: 2022-06-20\n")
    parsed = parsed_feed(feed_text(data_copy))
    first = parsed.entries[0]
    assert first.link == f"{SITE}learning/reports/2022-23/subgroup/"
    assert first.title == "Case review subgroup: report 2022-23"
    assert first.tags[0].label == "Annual report"
    assert first.published == "2022-06-20T00:00:00+00:00"
    # After the build date (30 June 2022 in the test data), it is not announced yet.
    edit(period, "published: 2022-06-20", "published: 2022-07-01")
    links = [entry.link for entry in parsed_feed(feed_text(data_copy)).entries]
    assert not [link for link in links if "/reports/" in link]


def test_titles_and_summaries_are_plain_text_in_the_feed(data_copy: Path) -> None:
    review = data_copy / "reviews" / "child-a.yml"
    edit(review, "title: Learning from the practice review for Child A",
         f"title: {json.dumps(TRICKY_TITLE)}")
    edit(review, "summary: A toddler was seriously harmed at home.",
         "summary: A *toddler* & [a link](https://example.org/a) were <b>harmed</b>.")
    parsed = parsed_feed(feed_text(data_copy))
    entry = next(e for e in parsed.entries if e.link.endswith("/child-a/"))
    assert entry.title == TRICKY_TITLE
    assert entry.title_detail.type == "text/plain"
    assert entry.summary == "A toddler & a link were <b>harmed</b>."
    assert entry.summary_detail.type == "text/plain"


def test_a_control_character_escaped_in_the_yaml_cannot_break_the_feed(
        data_copy: Path) -> None:
    # The loader refuses control characters written in a file, but a YAML escape in quotes
    # makes one; XML cannot hold it at all, so the feed leaves it out.
    edit(data_copy / "reviews" / "child-a.yml",
         "title: Learning from the practice review for Child A", r'title: "Child\x0bA\x07"')
    parsed = parsed_feed(feed_text(data_copy))
    assert "ChildA" in [entry.title for entry in parsed.entries]


def test_plain_text_drops_markdown_and_keeps_what_it_says() -> None:
    assert plain_text("One **bold** point.\n\nAnd [another](https://example.org).") == (
        "One bold point. And another.")
    assert plain_text("Fears of &lt;script> and &#123;braces}") == (
        "Fears of <script> and {braces}")


def test_the_feed_holds_the_newest_few(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed_module, "FEED_LIMIT", 2)
    parsed = parsed_feed(feed_text(data_copy))
    assert [entry.link for entry in parsed.entries] == [
        row[0] for row in published_records(data_copy)[:2]]


def feed_text(data: Path) -> str:
    """The feed generated from `data`, without writing anything."""
    dataset, _ = load_dataset(data)
    as_of = as_of_day(dataset)
    site = compute(gate(dataset, as_of))
    text = atom_feed(site, site_address(site.partnership.site.url), as_of)
    assert text is not None
    return text


# --- Every page's addresses ----------------------------------------------------------------


def test_the_sitemap_lists_every_built_page_and_nothing_else(fixture_project: Path) -> None:
    site = fixture_project / "site"
    tree = lxml.etree.parse(site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = [str(loc) for loc in tree.xpath("//s:url/s:loc/text()", namespaces=namespace)]
    assert len(listed) == len(set(listed))
    assert set(listed) == {f"{SITE}{page}" for page in published_pages(site)}
    assert f"{SITE}learning/reviews/child-a/" in listed
    assert not [address for address in listed if "quokka" in address or "/rr-" in address]


def test_canonical_and_sharing_addresses_are_absolute_under_the_sub_path(
        fixture_project: Path) -> None:
    site = fixture_project / "site"
    pages = published_pages(site)
    assert len(pages) > 20
    for page in pages:
        element = head(site / page / "index.html")
        address = f"{SITE}{page}"
        assert [link.get("href") for link in element.iter("link")
                if link.get("rel") == "canonical"] == [address], page
        assert meta(element, "og:url") == [address], page
        assert meta(element, "og:type") == ["website" if page == "" else "article"], page
        assert meta(element, "og:locale") == ["en_GB"], page
        assert meta(element, "og:site_name") == ["Testshire learning hub"], page
        [title] = meta(element, "og:title")
        assert title, page
        [feed_link] = [link for link in element.iter("link") if link.get("rel") == "alternate"]
        assert feed_link.get("type") == "application/atom+xml"
        # Relative, as the theme writes every address: from this page to the one feed.
        assert lxml.html.urljoin(address, str(feed_link.get("href"))) == (
            f"{SITE}learning/feed.xml"), page


def test_the_error_page_has_no_sharing_tags(fixture_project: Path) -> None:
    element = lxml.html.document_fromstring(
        (fixture_project / "site" / "404.html").read_bytes()).find("head")
    assert element is not None
    assert [tag for tag in element.iter("meta") if tag.get("property")] == []


def test_a_summary_shares_its_own_title_and_description(fixture_project: Path) -> None:
    element = head(fixture_project / "site" / "learning" / "reviews" / "child-a" / "index.html")
    assert meta(element, "og:title") == ["Learning from the practice review for Child A"]
    assert meta(element, "og:description") == ["A toddler was seriously harmed at home."]


def test_the_home_page_links_the_feed(fixture_project: Path) -> None:
    home = lxml.html.document_fromstring(
        (fixture_project / "site" / "index.html").read_bytes())
    [link] = [a for a in home.iter("a") if a.text_content() == (
        "Subscribe to new learning (Atom feed)")]
    assert link.get("href") == "learning/feed.xml"


# --- A site whose address is not known -------------------------------------------------------


@pytest.fixture(scope="module")
def unaddressed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test data without `site.url`, one summary titled with quotes and an ampersand."""
    root = tmp_path_factory.mktemp("unaddressed")
    data = root / "data"
    shutil.copytree(FIXTURE_DATA, data)
    edit(data / "partnership.yml", f"  url: {SITE}\n", "")
    edit(data / "reviews" / "child-a.yml", "title: Learning from the practice review for Child A",
         f"title: {json.dumps(TRICKY_TITLE)}")
    project = make_project(root / "project", data)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project


def test_without_the_site_s_address_there_is_no_feed_and_no_link_to_one(
        unaddressed_project: Path) -> None:
    site = unaddressed_project / "site"
    assert not (site / "learning" / "feed.xml").exists()
    assert not (unaddressed_project / "content" / "learning" / "feed.xml").exists()
    assert "Atom feed" not in (site / "index.html").read_text("utf-8")
    for page in published_pages(site):
        element = head(site / page / "index.html")
        assert not [link for link in element.iter("link")
                    if link.get("rel") in ("alternate", "canonical")], page
        assert meta(element, "og:url") == [], page
        assert meta(element, "og:locale") == ["en_GB"], page


def test_sharing_tags_escape_quotes_and_ampersands(unaddressed_project: Path) -> None:
    path = unaddressed_project / "site" / "learning" / "reviews" / "child-a" / "index.html"
    element = head(path)
    assert meta(element, "og:title") == [TRICKY_TITLE]
    assert 'content="Child &#34;A&#34; &amp; B&#39;s &lt;family&gt; review"' in (
        path.read_text("utf-8"))


@pytest.mark.parametrize("engine", ENGINES)
def test_a_hand_written_page_s_quotes_stay_inside_its_sharing_tags(tmp_path: Path,
                                                                   engine: str) -> None:
    # The generator escapes what it writes into front matter; an editor's own page is
    # written as it is, so the templates escape its quotation marks, with either engine.
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    about = project / "content" / "about" / "index.md"
    edit(about, "---\n", '---\ntitle: \'About "the hub" & us\'\n'
                         'description: \'What "the hub" is <and> is not\'\n')
    result = run_generator("site", "--engine", engine, cwd=project)
    assert result.returncode == 0, result.stderr
    element = head(project / "site" / "about" / "index.html")
    assert meta(element, "og:title") == ['About "the hub" & us']
    assert meta(element, "og:description") == ['What "the hub" is <and> is not']
    assert [tag.get("content") for tag in element.iter("meta")
            if tag.get("name") == "description"] == ['What "the hub" is <and> is not']
