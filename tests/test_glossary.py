"""The glossary: held once in data, listed on a page, and marked on every page that uses it."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURE_DATA, problems
from generator.compute import compute
from generator.render import render
from generator.validate import load_dataset

MASH = '<abbr title="Multi-Agency Safeguarding Hub">MASH</abbr>'


def test_abbreviations_partial_lists_every_term() -> None:
    dataset, _ = load_dataset(FIXTURE_DATA)
    pages = render(compute(dataset))
    assert pages["_abbreviations.md"] == (
        "*[EHA]: Early Help Assessment\n"
        "*[MASH]: Multi-Agency Safeguarding Hub\n"
        "*[TSCP]: Testshire Safeguarding Children Partnership\n")
    glossary = pages["glossary.md"]
    assert "| EHA | Early Help Assessment | A shared assessment of what early help a family " \
           "needs. |\n" in glossary
    assert "| MASH | Multi-Agency Safeguarding Hub |  |\n" in glossary


def test_generated_pages_mark_the_abbreviations_they_use(fixture_project: Path) -> None:
    site = fixture_project / "site"
    briefing = (site / "learning" / "briefings" / "test-briefing" / "index.html").read_text(
        "utf-8")
    assert f"<li>Referrals to the {MASH} were slow.</li>" in briefing
    assert ('<li>Use the <abbr title="Early Help Assessment">EHA</abbr> early.</li>'
            in briefing)
    # The appended definitions are not shown as text, and the partial is no page of its own.
    assert "*[MASH]" not in briefing
    assert not (site / "learning" / "_abbreviations").exists()


def test_hand_written_pages_are_marked_too(example_project: Path) -> None:
    guide = (example_project / "site" / "about" / "editors-guide" / "index.html").read_text(
        "utf-8")
    assert f"hovering over or focusing {MASH} shows what it stands for" in guide
    # Code is left alone, and so are link targets and heading ids.
    assert "<code>MASH</code>" in guide
    child_r = (example_project / "site" / "learning" / "reviews" / "child-r" / "index.html"
               ).read_text("utf-8")
    assert ('<a href="https://www.oscb.org.uk/practitioners-volunteers/multi-agency-guidance-'
            'tools/"><abbr title="Oxfordshire Safeguarding Children Board">OSCB</abbr> '
            'Multi-Agency Toolkit</a>') in child_r
    briefing = (example_project / "site" / "learning" / "briefings" / "national-reports-2021"
                / "index.html").read_text("utf-8")
    assert ('<h3 id="from-rapid-review-to-lcspr">From rapid review to <abbr title="Local Child '
            'Safeguarding Practice Review">LCSPR</abbr></h3>') in briefing
    assert not re.search(r'(href|id)="[^"]*<abbr', briefing)


def test_glossary_page_is_in_the_navigation(example_project: Path) -> None:
    home = (example_project / "site" / "index.html").read_text("utf-8")
    assert 'href="learning/glossary/"' in home
    glossary = (example_project / "site" / "learning" / "glossary" / "index.html").read_text(
        "utf-8")
    assert f"<td>{MASH}</td>" in glossary


def test_a_term_may_be_listed_once(data_copy: Path) -> None:
    path = data_copy / "glossary.yml"
    path.write_text(path.read_text("utf-8") + "  - term: MASH\n    stands_for: Again\n",
                    "utf-8")
    assert problems(data_copy) == [
        f"{path}:10:11: terms[4].term: `MASH` is already listed as terms[1]; give each "
        "abbreviation once",
    ]


def test_a_term_is_one_word(data_copy: Path) -> None:
    path = data_copy / "glossary.yml"
    path.write_text(path.read_text("utf-8").replace("term: EHA", "term: E H A"), "utf-8")
    assert problems(data_copy) == [
        f"{path}:5:11: terms[2].term: `E H A` is not an abbreviation: write it as one word of "
        "letters and digits, exactly as pages spell it (`MASH`, `DfE`)"]
