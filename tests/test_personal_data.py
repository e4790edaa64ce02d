"""The personal-data check against identifiers as people really write them.

The corpus is in tests/fixtures/pii: `positives.txt` holds planted identifiers in real-world
spellings (each must be caught, at the place marked), `negatives.txt` ordinary annual-report
text (nothing may be raised). Every identifier in them is invented.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLE_DATA, FIXTURE_DATA
from generator.errors import DataError
from generator.load import key_path
from generator.personal_data import (
    NOT_SCANNED,
    RENDERED_EVERYWHERE,
    check_document,
    mask,
    reportable,
    scan,
)
from generator.personal_data_patterns import normalise
from generator.validate import DataLayout, load_dataset

CORPUS = Path(__file__).parent / "fixtures" / "pii"
KINDS = {"nhs": "an NHS number", "postcode": "a postcode", "phone": "a phone number",
         "email": "an email address", "ni": "a National Insurance number",
         "dob": "a date of birth", "date": "a full date in a sentence about a child"}
FIXTURE_CONTACTS = ("0113 496 0000", "tscp@example.org")  # partnership.yml's, allowed


def unescape(text: str) -> str:
    r"""The corpus's escapes: `\n` a line break, `\uXXXX` a character hard to see."""
    return re.sub(r"\\(n|u[0-9a-fA-F]{4})",
                  lambda m: "\n" if m.group(1) == "n" else chr(int(m.group(1)[1:], 16)), text)


def corpus_lines(name: str) -> list[str]:
    return [line for line in (CORPUS / name).read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Planted:
    kind: str
    text: str
    start: int
    end: int

    @property
    def written(self) -> str:
        return self.text[self.start:self.end]


def positives() -> list[Planted]:
    cases = []
    for line in corpus_lines("positives.txt"):
        kind, marked = line.split(" | ", 1)
        marked = unescape(marked)
        start = marked.index("[[")
        end = marked.index("]]") - 2
        cases.append(Planted(KINDS[kind], marked.replace("[[", "", 1).replace("]]", "", 1),
                             start, end))
    return cases


POSITIVES = positives()
NEGATIVES = [unescape(line) for line in corpus_lines("negatives.txt")]


def test_the_corpus_is_big_enough_and_covers_every_kind() -> None:
    assert len(POSITIVES) >= 100
    assert len(NEGATIVES) >= 40
    assert {case.kind for case in POSITIVES} == set(KINDS.values())
    assert len({case.text for case in POSITIVES}) == len(POSITIVES)


@pytest.mark.parametrize("case", POSITIVES, ids=lambda case: case.text[:50])
def test_every_planted_identifier_is_caught_where_it_was_written(case: Planted) -> None:
    found = [(finding.kind, finding.offset) for finding in scan(case.text)]
    assert found == [(case.kind, case.start)]


@pytest.mark.parametrize("text", NEGATIVES, ids=lambda text: text[:50])
def test_ordinary_report_text_raises_nothing(text: str) -> None:
    assert reportable(text, FIXTURE_CONTACTS) == []


@pytest.mark.parametrize(("text", "masked"), [
    ("NHS number 943 476 5919.", "943 *** ****"),
    ("NHS 9434765919.", "943*******"),
    ("Lived at OX4 1AA.", "OX4 ***"),
    ("Lived at ox41aa.", "ox4 ***"),
    ("Email jo.bloggs@example.org.", "j***@***"),
    ("Ring 0113 496 0123.", "0113 *** ****"),
    ("Ring (0113) 496 0123.", "(0113) *** ****"),
    ("NI QQ 12 34 56 C.", "QQ ** ** ** *"),
    ("Child R was born on 3 March 2015.", "3 ***** ****"),
    ("Child R, d.o.b. 3.3.15, was seen.", "3.*.**"),
    ("Lived at &#79;X4 1AA.", "OX4 ***"),  # masked as a reader would see it
])
def test_messages_show_only_the_first_characters(text: str, masked: str) -> None:
    [finding] = scan(text)
    assert finding.masked == masked
    assert mask(finding.kind, finding.shown) == masked


def test_normalised_text_maps_back_to_what_was_written() -> None:
    text = "A&amp;#79;X4\u00a0\u00a01AA **943** 47\u200b6 5919\nand on"
    plain = normalise(text, mapped=True)
    assert plain.text == normalise(text).text == "AOX4 1AA 943 476 5919 and on"
    start = plain.text.index("OX4")
    assert text[slice(*plain.span(start, start + 7))] == "&amp;#79;X4\u00a0\u00a01AA"
    start = plain.text.index("943")
    assert text[slice(*plain.span(start, start + 12))] == "943** 47\u200b6 5919"


def test_a_list_item_or_paragraph_ends_the_sentence_a_line_break_does_not() -> None:
    assert normalise("born on 3\nMarch 2015").text == "born on 3 March 2015"
    assert normalise("The panel met\n- Child R\n* born").text == "The panel met\n- Child R\nborn"
    assert normalise("one\n\n  two").text == "one\ntwo"


def test_allowed_strings_allow_their_other_spellings() -> None:
    assert reportable("Call (0113) 496 0000 or +44 113 496 0000.", FIXTURE_CONTACTS) == []
    assert reportable("Write to tscp [at] example dot org.", FIXTURE_CONTACTS) == []
    assert reportable("Lived at ox4\u00a01aa.", ("OX4 1AA",)) == []
    assert [f.kind for f in reportable("Ring 0113 496 0001.", FIXTURE_CONTACTS)] == [
        "a phone number"]


# --- Planted in the data: reported at the file, line and column, masked --------------------

# Where identifiers are planted: a field of every kind, in every kind of file scanned.
TARGETS: list[tuple[str, tuple[str | int, ...]]] = [
    ("reviews/child-a.yml", ("title",)),
    ("reviews/child-a.yml", ("summary",)),
    ("reviews/child-a.yml", ("methodology_detail",)),
    ("reviews/child-a.yml", ("background",)),
    ("reviews/child-a.yml", ("children", 0, "family")),
    ("reviews/child-a.yml", ("findings", 0, "title")),
    ("reviews/child-a.yml", ("findings", 1, "text")),
    ("reviews/child-a.yml", ("strengths", 0)),
    ("reviews/child-a.yml", ("system_today", "points", 0)),
    ("reviews/child-a.yml", ("learning_points", "practitioners", 1, "text")),
    ("reviews/child-a.yml", ("one_thing", "questions", 1)),
    ("reviews/child-a.yml", ("national_learning", 0, "text")),
    ("reviews/child-a.yml", ("further_reading", 0, "description")),
    ("reviews/child-a.yml", ("recommendations", 0, "owner")),
    ("reviews/child-a.yml", ("recommendations", 1, "parts", 0, "text")),
    ("briefings/test-briefing.yml", ("summary",)),
    ("briefings/test-briefing.yml", ("audience",)),
    ("briefings/test-briefing.yml", ("introduction",)),
    ("briefings/test-briefing.yml", ("publications", 0, "key_points", 0)),
    ("briefings/test-briefing.yml", ("publications", 0, "sections", 0, "tables", 0, "panels",
                                     1, "text")),
    ("briefings/test-briefing.yml", ("publications", 1, "practice_themes", 0, "case_studies",
                                     0, "text")),
    ("briefings/test-briefing.yml", ("considerations", 0)),
    ("periods/2021-22.yml", ("statistics", 0, "note")),
    ("periods/2021-22.yml", ("statistics", 0, "source")),
    ("periods/2022-23.yml", ("reports", 1, "sections", 0, "parts", 0, "text")),
    ("periods/2022-23.yml", ("reports", 1, "sections", 8, "sections", 0, "parts", 0,
                             "points", 0)),
    ("partnership.yml", ("site", "intro")),
    ("partnership.yml", ("site", "description")),
    ("partnership.yml", ("contacts", 0, "hours")),
    ("partnership.yml", ("subgroups", 0, "purpose")),
    ("partnership.yml", ("independent_chair", "name")),
    ("themes.yml", ("themes", 0, "description")),
    ("themes.yml", ("themes", 1, "group")),
    ("themes.yml", ("panel_themes", 0, "name")),
    ("glossary.yml", ("terms", 1, "description")),
    ("glossary.yml", ("terms", 2, "stands_for")),
]


class _Literal(yaml.SafeDumper):
    """Planted text written as a literal block, so its lines are the file's lines."""


_Literal.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if value.startswith("PLANT") else None))


def _put(data: Any, loc: tuple[str | int, ...], value: str) -> None:
    """Set the value at `loc`, making the groups and lists on the way, and the list item."""
    for part, following in zip(loc, (*loc[1:], None), strict=True):
        if following is None:
            if isinstance(data, list) and part == len(data):
                data.append(value)
            else:
                data[part] = value
        elif isinstance(part, int):
            data = data[part]
        else:
            data = data.setdefault(part, [] if isinstance(following, int) else {})


def test_identifiers_planted_in_every_kind_of_field_are_reported_at_their_line(
        data_copy: Path) -> None:
    # Spread evenly over the corpus, so every kind of identifier is planted.
    sample = [POSITIVES[round(n * (len(POSITIVES) - 1) / (len(TARGETS) - 1))]
              for n in range(len(TARGETS))]
    assert {case.kind for case in sample} == set(KINDS.values())
    files: dict[str, Any] = {}
    planted: dict[str, tuple[str, tuple[str | int, ...], Planted, str]] = {}
    for number, ((name, loc), case) in enumerate(zip(TARGETS, sample, strict=True)):
        files.setdefault(name, yaml.load((data_copy / name).read_text("utf-8"),
                                              Loader=yaml.BaseLoader))
        marker = f"PLANT{chr(65 + number // 26)}{chr(65 + number % 26)}"
        _put(files[name], loc, f"{marker} {case.text}")
        planted[marker] = (name, loc, case, f"{marker} {case.text}")
    for name, data in files.items():
        (data_copy / name).write_text(yaml.dump(data, Dumper=_Literal, allow_unicode=True,
                                                sort_keys=False, width=10_000), "utf-8")

    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    reported = {(problem.path, problem.line, problem.column): problem.message
                for problem in caught.value.problems}
    expected = {}
    for marker, (name, loc, case, value) in planted.items():
        lines = (data_copy / name).read_text("utf-8").splitlines()
        first = next(n for n, line in enumerate(lines) if marker in line)
        assert lines[first].lstrip().startswith(marker), "not written as a literal block"
        offset = len(marker) + 1 + case.start
        line = first + value.count("\n", 0, offset)
        column = lines[first].index(marker) + offset - (value.rfind("\n", 0, offset) + 1)
        expected[(str(data_copy / name), line + 1, column + 1)] = (loc, case)
    assert sorted(reported) == sorted(expected)
    for place, (loc, case) in expected.items():
        message = reported[place]
        assert message.startswith(f"{key_path(loc)}: this looks like {case.kind} (`")
        assert "remove it" in message and "data/allowed.yml" in message
        [finding] = scan(case.text)
        assert f"(`{finding.masked}`)" in message
        # Nothing of the identifier beyond its first characters, in any spelling.
        plain = re.sub(r"\W", "", message.lower())
        for spelling in (case.written, finding.shown):
            assert spelling not in message
            assert re.sub(r"\W", "", spelling.lower()) not in plain


def test_a_finding_written_with_a_yaml_escape_is_reported_on_its_line(data_copy: Path) -> None:
    glossary = data_copy / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8") + '    description: "Seen at the clinic.'
                        ' Lived at TE1\\u00a01AB."\n', "utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    [problem] = caught.value.problems
    line = glossary.read_text("utf-8").splitlines()[-1]
    assert (problem.line, problem.column) == (
        len(glossary.read_text("utf-8").splitlines()), line.index("TE1") + 1)
    assert "a postcode (`TE1 ***`)" in problem.message


def test_an_email_in_a_web_address_is_found(data_copy: Path) -> None:
    review = data_copy / "reviews" / "child-a.yml"
    review.write_text(review.read_text("utf-8").replace(
        "url: https://www.example.org/neglect",
        "url: https://www.example.org/contact?from=jo.bloggs@example.org"), "utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    assert [p.message.split(" (`")[0] for p in caught.value.problems] == [
        "further_reading[1].url: this looks like an email address"]


def test_unpublished_briefings_are_not_scanned(data_copy: Path) -> None:
    briefing = data_copy / "briefings" / "unpublished-briefing.yml"
    briefing.write_text(briefing.read_text("utf-8") + "introduction: Ring 0113 496 0999.\n",
                        "utf-8")
    load_dataset(data_copy)


def test_every_data_file_is_scanned_or_its_exemption_given() -> None:
    layout = DataLayout(Path("data"))
    per_record = {"reviews", "periods", "briefings"}  # scanned when published
    for name, member in vars(DataLayout).items():
        if isinstance(member, property):
            file = getattr(layout, name).name
            assert file in per_record or file in RENDERED_EVERYWHERE \
                or f"data/{file}" in NOT_SCANNED, file


def test_the_example_data_and_the_fixtures_raise_nothing() -> None:
    load_dataset(EXAMPLE_DATA)
    load_dataset(FIXTURE_DATA)


def test_a_clean_document_costs_no_marks(tmp_path: Path) -> None:
    from generator.load import load_file

    shutil.copy(FIXTURE_DATA / "reviews" / "child-a.yml", tmp_path / "child-a.yml")
    document, _ = load_file(tmp_path / "child-a.yml")
    assert document is not None
    assert list(check_document(document, FIXTURE_CONTACTS)) == []
    assert document._marks is None  # nothing found, so nothing was located


def test_the_same_identifier_twice_is_reported_at_each_place(data_copy: Path) -> None:
    review = data_copy / "reviews" / "child-b.yml"
    review.write_text(review.read_text("utf-8").replace(
        "background: Child B was a teenager.",
        "background: |\n  Lived at TE1 1AB, then at TE2 2AB.\n  Back at TE1 1AB in 2019.\n"),
        "utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    assert [(p.line, p.column) for p in caught.value.problems] == [(8, 12), (8, 29), (9, 11)]


@pytest.mark.parametrize("text", [
    "Child R was born on 3 March 2015. " * 8_000,
    "Child R born 3 March 2015 and the panel met on 4 April 2022 " * 5_000,
    "Ring 0113 496 0000 or 999 787 7896 at TE1 1AB. " * 6_000,
    "0113 " * 60_000,
    "12-" * 80_000,
])
def test_a_huge_value_is_checked_in_seconds(text: str, tmp_path: Path) -> None:
    import time

    from generator.load import load_file

    path = tmp_path / "huge.yml"
    path.write_text(yaml.safe_dump({"background": text}, width=100), "utf-8")
    document, _ = load_file(path)
    assert document is not None
    began = time.perf_counter()
    found = list(check_document(document, ()))
    assert time.perf_counter() - began < 10  # quadratic work here took minutes
    assert len(found) == len(list(scan(text)))
