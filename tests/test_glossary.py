"""The glossary: held once in data, listed on a page, and its abbreviations marked on every
page that uses them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import EXAMPLE_DATA, FIXTURE_DATA, ROOT, problems, rendered
from generator.compute import compute
from generator.render import render
from generator.validate import load_dataset

MASH = '<abbr title="Multi-Agency Safeguarding Hub">MASH</abbr>'

RAPID_REVIEW = ("  - term: rapid review\n"
                "    description: The first look at a serious incident.\n")


def _glossary_with(data: Path, entries: str) -> Path:
    """The data folder's glossary file, with `entries` (YAML list items) added at its end."""
    path = data / "glossary.yml"
    path.write_text(path.read_text("utf-8") + entries, "utf-8")
    return path


def test_abbreviations_partial_lists_every_abbreviation() -> None:
    dataset, _ = load_dataset(FIXTURE_DATA)
    pages = render(compute(dataset))
    assert pages["_abbreviations.md"] == (
        "*[EHA]: Early Help Assessment\n"
        "*[MASH]: Multi-Agency Safeguarding Hub\n"
        "*[TSCP]: Testshire Safeguarding Children Partnership\n")
    glossary = pages["glossary.md"]
    assert ('<dt id="eha" markdown>**EHA**</dt>\n<dd markdown="block">\n'
            "Early Help Assessment. A shared assessment of what early help a family needs.\n"
            "</dd>\n") in glossary
    assert ('<dt id="mash" markdown>**MASH**</dt>\n<dd markdown="block">\n'
            "Multi-Agency Safeguarding Hub\n</dd>\n") in glossary


def test_a_term_in_words_is_explained_on_the_glossary_page_only(data_copy: Path) -> None:
    _glossary_with(data_copy, RAPID_REVIEW)
    pages = rendered(data_copy)
    assert ('<dt id="rapid-review" markdown>**rapid review**</dt>\n<dd markdown="block">\n'
            "The first look at a serious incident.\n</dd>\n") in pages["glossary.md"]
    # Terms and abbreviations make one list from A to Z.
    ids = re.findall(r'<dt id="([^"]+)"', pages["glossary.md"])
    assert ids == ["eha", "mash", "rapid-review", "tscp"]
    # Only abbreviations are marked on every page.
    assert "rapid review" not in pages["_abbreviations.md"]
    assert pages["_abbreviations.md"].count("\n") == 3


def test_an_abbreviation_links_to_the_term_for_its_words(data_copy: Path) -> None:
    _glossary_with(data_copy, "  - term: early help assessment\n"
                              "    description: Worked out with the family.\n")
    glossary = rendered(data_copy)["glossary.md"]
    assert ('<dt id="eha" markdown>**EHA**</dt>\n<dd markdown="block">\n'
            "[Early Help Assessment](#early-help-assessment). A shared assessment of what "
            "early help a family needs.\n</dd>\n") in glossary
    assert '<dt id="early-help-assessment" markdown>**early help assessment**</dt>' in glossary
    # No term spells out MASH, so it links nowhere.
    assert "Multi-Agency Safeguarding Hub\n</dd>" in glossary


def test_a_report_lists_terms_in_words_in_its_glossary_too(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "lscb-2016", data)
    _glossary_with(data, RAPID_REVIEW)
    report = next(page for page in rendered(data).values() if "**SCR**" in page)
    assert ("- **rapid review**: The first look at a serious incident.\n\n"
            "- **SCIE**: Social Care Institute for Excellence\n") in report


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
    assert f'<dt id="mash"><strong>{MASH}</strong></dt>' in glossary
    assert '<dt id="rapid-review"><strong>rapid review</strong></dt>' in glossary
    assert ('<dd>\n<p><a href="#early-help-assessment">Early Help Assessment</a></p>\n</dd>'
            in glossary)


def test_a_term_may_be_listed_once(data_copy: Path) -> None:
    path = _glossary_with(data_copy, "  - term: MASH\n    stands_for: Again\n")
    assert problems(data_copy) == [
        f"{path}:10:11: terms[4].term: `MASH` is already listed as terms[1]; give each "
        "term once",
    ]


def test_an_abbreviation_is_one_word(data_copy: Path) -> None:
    path = data_copy / "glossary.yml"
    path.write_text(path.read_text("utf-8").replace("term: EHA", "term: E H A"), "utf-8")
    assert problems(data_copy) == [
        f"{path}:5:5: terms[2]: `E H A` has `stands_for`, so it is read as an abbreviation, "
        "and an abbreviation is one word of letters and digits, exactly as pages spell it "
        "(`MASH`, `DfE`). For a term in words, leave out `stands_for` and say what it means "
        "in `description`"]


def test_a_term_in_words_stands_for_nothing(data_copy: Path) -> None:
    path = _glossary_with(data_copy, "  - term: rapid review\n"
                                     "    stands_for: Rapid review\n")
    assert problems(data_copy) == [
        f"{path}:10:5: terms[4]: `rapid review` has `stands_for`, so it is read as an "
        "abbreviation, and an abbreviation is one word of letters and digits, exactly as "
        "pages spell it (`MASH`, `DfE`). For a term in words, leave out `stands_for` and say "
        "what it means in `description`"]


def test_a_term_in_words_needs_a_description(data_copy: Path) -> None:
    path = _glossary_with(data_copy, "  - term: genogram\n")
    assert problems(data_copy) == [
        f"{path}:10:5: terms[4]: `genogram` needs a `description` saying what it means, in a "
        "sentence or two (or, if it is an abbreviation, what it stands for in `stands_for`)"]


# --- The example glossary ------------------------------------------------------------------

NEW_PRACTITIONER_TERMS = (
    "rapid review", "local child safeguarding practice review", "serious case review",
    "partnership learning review", "threshold of needs", "contextual safeguarding",
    "genogram", "multi-agency chronology", "early help assessment", "child in need",
    "child protection plan", "strategy discussion", "section 47 enquiry",
    "safeguarding partners", "relevant agencies", "independent scrutiny", "child we care for",
    "looked-after child", "designated safeguarding lead", "practice theme",
    "learning summary", "7-minute briefing",
)
"""The words issue 16 asks the glossary to explain to a new practitioner."""

# Words of two or more capitals that are not abbreviations a reader needs explained: the
# names of file formats and tools in the editor's guide and accessibility statement, and
# WCAG's conformance level "AA".
NOT_ABBREVIATIONS = frozenset({"AA", "GitHub", "HTML", "JavaScript", "OAuth", "PDF", "VS",
                               "YAML"})

_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
_ROMAN_NUMERAL = re.compile(r"^[IVX]+$")
# What the abbr extension never marks, or that holds no prose: code, link targets and web
# addresses, HTML tags, and headings written all in capitals.
_NOT_PROSE = re.compile(
    r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$"  # a fenced code block
    r"|`[^`\n]*`"                           # a code span
    r"|\]\([^)\s]*\)|https?://[^\s)>]+"     # a link target, a bare address
    r"|<[^>\n]*>"                           # an HTML tag
    r"|^#{1,6} [^a-z\n]*$",                 # a heading in capitals
    re.MULTILINE | re.DOTALL)


def test_the_glossary_explains_the_words_a_new_practitioner_needs() -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    explained = {term.term: term.description for term in dataset.glossary
                 if not term.is_abbreviation}
    assert [term for term in NEW_PRACTITIONER_TERMS if not explained.get(term)] == []


def test_every_abbreviation_the_site_uses_is_in_the_glossary() -> None:
    dataset, _ = load_dataset(EXAMPLE_DATA)
    listed = {term.term for term in dataset.glossary if term.is_abbreviation}
    pages = {f"learning/{path}": text for path, text in rendered(EXAMPLE_DATA).items()
             if path.endswith(".md")}
    content = ROOT / "content"
    pages |= {str(path.relative_to(content)): path.read_text("utf-8")
              for path in sorted(content.rglob("*.md"))
              if path.relative_to(content).parts[0] != "learning"}
    missing: dict[str, set[str]] = {}
    for name, text in pages.items():
        for word in _CAPITALISED.findall(_NOT_PROSE.sub(" ", text)):
            # A plural ("LCSPRs") is covered by its abbreviation.
            if (word in listed or word.removesuffix("s") in listed
                    or word in NOT_ABBREVIATIONS or _ROMAN_NUMERAL.match(word)):
                continue
            missing.setdefault(word, set()).add(name)
    assert {word: sorted(names) for word, names in missing.items()} == {}, \
        "add each to data/glossary.yml with what it stands for (or, if it is no abbreviation, " \
        "to NOT_ABBREVIATIONS in this test)"
