"""A learning summary built for use (issue 16): the one thing first, the full report near the
top, every link the source carries, related reviews, reflective questions, dates, themes in
common without boilerplate, and anchors other pages link to. Measured on Child R's page."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import EXAMPLE_DATA, FIXTURE_DATA, edit, problems, rendered
from generator.compute.mentions import themes_raised
from generator.compute.site import RELATED_SHOWN, compute
from generator.gate import as_of_day, gate
from generator.synth import synthesise
from generator.validate import load_dataset


@pytest.fixture(scope="module")
def child_r() -> str:
    return rendered(EXAMPLE_DATA)["reviews/child-r.md"]


def sentences(markdown: str) -> list[str]:
    """The page's sentences as a reader meets them: front matter, headings, link targets and
    attribute lists left out, each block split at its full stops."""
    body = markdown.split("---\n", 2)[2]
    text = re.sub(r"\]\([^)]*\)(\{[^}]*\})?", "]", body).replace("[", "").replace("]", "")
    blocks = [" ".join(line.strip(" -!*") for line in block.splitlines())
              for block in re.split(r"\n\s*\n|\n(?=\s*- )", text)
              if not block.lstrip().startswith("#")]
    return [sentence.strip() for block in blocks
            for sentence in re.split(r"(?<=[.!?])\s+", block) if sentence.strip()]


# --- Child R's page ----------------------------------------------------------------------


def test_the_one_thing_is_a_call_out_before_the_background(child_r: str) -> None:
    call_out = child_r.index('\n!!! tip slh-one-thing ""\n\n    ## If you do one thing '
                             "{ #if-you-do-one-thing }\n\n    Make sure assessments")
    assert child_r.index("\n- Published: December 2021") < child_r.index(
        "\nChild R was 13 when she died") < call_out < child_r.index("\n## Background\n")
    assert "    - Has every child's voice been heard, and has it shaped the work?\n" in child_r
    assert child_r.count("If you do one thing") == 1


def test_no_sentence_is_repeated_more_than_twice(child_r: str) -> None:
    counts = Counter(sentences(child_r))
    assert len(counts) > 100  # the measure reads the page's prose
    assert [sentence for sentence, count in counts.items() if count > 2] == []
    for path, page in rendered(FIXTURE_DATA).items():
        if path.startswith("reviews/child-"):
            assert max(Counter(sentences(page)).values()) <= 2, path


def test_every_link_in_the_source_learning_points_is_on_the_page(child_r: str) -> None:
    # The links of the OSCB's learning summary (the reference text's "Key learning points").
    for words in ("Early Help Assessment (EHA)", "EHA training", "LCSS link worker",
                  "neglect tools", "genogram", "sharing relevant information"):
        pattern = r"\[" + r"\s+".join(map(re.escape, words.split())) + r"\]\(https://"
        assert re.search(pattern, child_r), words


def test_further_reading_without_an_address_says_where_to_find_it(child_r: str) -> None:
    item = child_r[child_r.index("- Complex Child Panel terms of reference"):]
    item = item[:item.index("\n- [OSCB training]")]
    assert "](" not in item  # no link stands in for the missing address
    assert "\n    Where to find it: The OSCB's own learning summary for Child R links" in item
    assert "(https://www.oscb.org.uk)" not in child_r
    assert "(https://www.oscb.org.uk/)" not in child_r


def test_themes_raised_by_no_other_review_are_named_once_in_one_line(child_r: str) -> None:
    assert "no other published review raises this theme yet" not in child_r
    section = child_r[child_r.index("\n## Themes\n"):child_r.index("\n## Strengths")]
    assert section.startswith("\n## Themes\n\nNo other published review raises these themes "
                              "yet: [Neglect](../themes/neglect.md){data-pagefind-filter="
                              '"theme"}, [Early help](../themes/early-help.md)')
    assert section.count("\n") == 4  # the heading, and one line
    assert section.count('{data-pagefind-filter="theme"}') == 14
    assert ' and [Mental health and emotional wellbeing](../themes/mental-health.md)' \
           '{data-pagefind-filter="theme"}.\n' in section


def test_findings_and_audiences_have_the_anchors_theme_pages_link_to(child_r: str) -> None:
    for anchor in ("finding-f1", "finding-f2", "finding-f3", "for-practitioners",
                   "for-managers", "for-the-safeguarding-system"):
        assert f"{{ #{anchor} }}\n" in child_r, anchor
    assert "\n### Finding 2: Placements for children with complex needs { #finding-f2 }\n\n" \
           "Planning placements" in child_r
    # A recommendation links the finding it answers.
    assert ("\nLocal recommendation 6, answering [finding 2](#finding-f2); status: not "
            "recorded.\n") in child_r


def test_no_scope_is_repeated_after_a_label_that_names_it(child_r: str) -> None:
    assert "(national)" not in child_r and "(local)" not in child_r
    assert "\n**National**: The review calls on the National Panel" in child_r
    assert "\n**Local**: Given the shortage of placements" in child_r


def test_nothing_is_styled_as_an_unattributed_quotation(child_r: str) -> None:
    assert not re.search(r"^\s*>", child_r, re.MULTILINE)
    assert "<blockquote" not in child_r


def test_what_the_data_does_not_hold_is_not_shown(child_r: str) -> None:
    # No `updated` date, no reflective questions, no full report address, no other review.
    for absent in ("Last updated", "Questions for reflection", "Read the full review report",
                   "## Related reviews"):
        assert absent not in child_r, absent


# --- New fields, on a copy of the test data ----------------------------------------------


def test_reflective_questions_and_the_last_update_are_shown(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "  date: 2022-03-15\n",
         "  date: 2022-03-15\n  updated: 2023-01\n")
    edit(data_copy / "reviews" / "child-a.yml", "national_learning:\n",
         "reflective_questions:\n  - Who else in the family have we not met?\n"
         "  - What would the child say about this plan?\nnational_learning:\n")
    page = rendered(data_copy)["reviews/child-a.md"]
    assert ("- Published: 15 March 2022 ([all summaries published in 2022](year/2022.md)"
            '{data-pagefind-filter="year:2022"})\n- Last updated: January 2023\n') in page
    assert ("\n## Questions for reflection\n\nTo talk through in supervision and team "
            "meetings:\n\n- Who else in the family have we not met?\n"
            "- What would the child say about this plan?\n\n## National learning\n") in page


def test_an_update_before_publication_is_refused(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "  date: 2022-03-15\n",
         "  date: 2022-03-15\n  updated: 2021-12\n")
    assert problems(data_copy) == [
        f"{data_copy / 'reviews' / 'child-a.yml'}:8:12: publication.updated: `updated` is "
        "when a published summary was last changed: it cannot be before the publication "
        "date (2022-03-15)"]


def test_where_is_only_for_further_reading_without_an_address(data_copy: Path) -> None:
    edit(data_copy / "reviews" / "child-a.yml", "    description: Tools for assessing neglect.\n",
         "    description: Tools for assessing neglect.\n    where: On the shelf.\n")
    assert [problem.split(": ", 1)[1] for problem in problems(data_copy)] == [
        "further_reading[1]: `where` says where to find an item that has no web address: "
        "this one has a `url`, so remove `where`"]


def test_related_reviews_are_those_sharing_most_themes(data_copy: Path) -> None:
    reviews = data_copy / "reviews"
    # Child C shares two themes with Child A (neglect and early help), Child B one.
    (reviews / "child-c.yml").write_text(
        (reviews / "child-b.yml").read_text().replace("Child B", "Child C")
        .replace("date: 2020", "date: 2019").replace("themes: [neglect]",
                                                     "themes: [neglect, early-help]"))
    pages = rendered(data_copy)
    section = pages["reviews/child-a.md"].split("\n## Related reviews\n", 1)[1]
    assert section == (
        "\nThe published reviews sharing most themes with this one:\n\n"
        "- [Learning from the serious case review for Child C](child-c.md) (2019) shares "
        "2 themes: Neglect and Early help\n"
        "- [Learning from the serious case review for Child B](child-b.md) (2020) shares "
        "1 theme: Neglect\n")
    # Among equals, the newest first.
    assert pages["reviews/child-c.md"].split("\n## Related reviews\n", 1)[1].index(
        "Child A") < pages["reviews/child-c.md"].split("\n## Related reviews\n", 1)[1].index(
        "Child B")


def test_related_reviews_agree_with_counting_pair_by_pair(tmp_path: Path) -> None:
    # The bit-set counting in compute.site._related, against the plain way.
    synthesise(tmp_path / "data", 120, seed=5)
    dataset, _ = load_dataset(tmp_path / "data")
    site = compute(gate(dataset, as_of_day(dataset)))
    published = site.published
    raised = {review.id: set(themes_raised(review)) for review in published}
    for review in published:
        scores = [(len(raised[review.id] & raised[other.id]), -index, other.id)
                  for index, other in enumerate(published) if other is not review]
        expected = [other for count, _, other in sorted(scores, reverse=True)
                    if count][:RELATED_SHOWN]
        related = site.shared_themes[review.id].related
        assert [item.review.id for item in related] == expected, review.id
        for item in related:
            assert {theme.id for theme in item.themes} == \
                raised[review.id] & raised[item.review.id]


# --- The built page ----------------------------------------------------------------------


def test_the_built_page_keeps_its_anchors_call_out_and_theme_filters(
        example_project: Path) -> None:
    html = (example_project / "site" / "learning" / "reviews" / "child-r" / "index.html"
            ).read_text("utf-8")
    for anchor in ("if-you-do-one-thing", "finding-f1", "finding-f2", "finding-f3",
                   "for-practitioners", "for-managers", "for-the-safeguarding-system",
                   "recommendation-r10"):
        assert f'id="{anchor}"' in html, anchor
    assert ('<div class="admonition tip slh-one-thing">\n<h2 id="if-you-do-one-thing">If you '
            "do one thing</h2>") in html
    assert html.index('class="admonition tip slh-one-thing"') < html.index('id="background"')
    assert html.count('data-pagefind-filter="theme"') == 14
    assert "<blockquote" not in html
