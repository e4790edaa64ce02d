"""Bad input is refused with the right line and column, and never with a traceback.

Covers what the corpus in tests/broken/ cannot hold (links, random damage, the limits of
nesting), checks the corpus cases written as `path:line:column: message` to the letter, and
the rules on review dates (generator/validate_dates.py).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, ROOT, problems, run_generator
from generator.errors import DataError, Problem
from generator.load import Document, load_file, load_text
from generator.load_checks import MAX_DEPTH
from generator.models import Partnership, Review
from generator.validate import load_dataset
from generator.validate_dates import check_dates

BROKEN = ROOT / "tests" / "broken"
_EXACT = re.compile(r"^[^:]+:\d+:\d+: ")


def load(text: str) -> list[str]:
    _, found = load_text(text, Path("x.yml"), "x.yml")
    return [str(problem) for problem in found]


def overlay(case: Path, target: Path) -> Path:
    """The fixture data at `target`, with the case's files laid over it (as the corpus does)."""
    shutil.copytree(FIXTURE_DATA, target)
    for source in case.rglob("*"):
        if source.is_file() and source.name != "expected.txt":
            shutil.copy(source, target / source.relative_to(case))
    return target


# --- The corpus, to the letter -----------------------------------------------------------


_EXACT_CASES = sorted(case for case in BROKEN.iterdir() if case.is_dir() and _EXACT.match(
    (case / "expected.txt").read_text(encoding="utf-8")))


def test_the_exact_corpus_cases_are_there() -> None:
    assert len(_EXACT_CASES) >= 18


@pytest.mark.parametrize("case", _EXACT_CASES, ids=lambda case: case.name)
def test_corpus_case_is_reported_exactly(case: Path, tmp_path: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()[0]
    data = overlay(case, tmp_path / "data")
    assert f"{data}/{expected}" in problems(data)


# --- Each mistake where it was made ------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ('a: 1\nb: "open\nc: 2\n', "x.yml:2:4: YAML syntax: a quote opened here is never closed"),
    ("a: 1\nb: 'open\n", "x.yml:2:4: YAML syntax: a quote opened here is never closed"),
    ('a: "open\nb: "shut"\n', "x.yml:1:4: YAML syntax: a quote opened here is not closed on "
                              "its line, so the value runs on to the next quote, on line 2"),
    ("a: 'Child's review'\n", "x.yml:1:10: YAML syntax: the quote here ends the value, but "
                              "more text follows it"),
    ('a: "The "best" one"\n', "x.yml:1:9: YAML syntax: the quote here ends the value"),
    ('a: "x \\q"\n', "x.yml:1:7: YAML syntax: a backslash in double quotes starts an escape"),
    ("a: 1\nb: [x, y\n", "x.yml:2:4: YAML syntax: a `[` opened here is never closed"),
    ("a: [x, y\nb: 1\nc: 2\n", "x.yml:1:4: YAML syntax: a `[` opened here is never closed"),
    ("a: [x,\n", "x.yml:1:4: YAML syntax: a `[` opened here is never closed"),
    ("a: {x: 1\nb: 2\n", "x.yml:1:4: YAML syntax: a `{` opened here is never closed: end the "
                         "group with `}`"),
    ("a: [x, [y, z]\nb: 1\n", "x.yml:1:4: YAML syntax: a `[` opened here is never closed"),
    ("a:\n  b: [x, [y, z}\n", "x.yml:2:10: YAML syntax: a `[` opened here is never closed"),
    ("a: [x: y: z]\n", "x.yml:1:9: YAML syntax: inside `[...]` items are separated by commas"),
    ("a:\n  - x: 1\n    y: 2\n   - x: 3\n", "x.yml:4:4: YAML syntax: this line does not line "
                                           "up with the list above it"),
    ("a:\n  - x: 1\n    y: 2\n - x: 3\n", "x.yml:4:2: YAML syntax: this line does not line "
                                          "up with the list above it"),
    ("a:\n  - x: 1\n    y: 2\n    - x: 3\n", "x.yml:4:5: YAML syntax: this line does not "
                                             "line up with the list above it"),
    ("a:\n  - x: 1\n    y: 2\n     - x: 3\n", "x.yml:4:6: YAML syntax: this line does not "
                                              "line up with the list above it"),
    ("a:\n  - one\n  - two\n - three\nb: 1\n", "x.yml:4:2: YAML syntax: this line does not "
                                               "line up with the list above it"),
    ("a:\n  - one\n    - two\nb: 1\n", "x.yml:3:5: this line is read as more of the text on "
                                       "the line above, not as a list item"),
    ("a:\n- one\n\n  - two\nb: 1\n", "x.yml:4:3: this line is read as more of the text"),
    ("title: A review\nof Child B\nb: 1\n", "x.yml:2:1: YAML syntax: this line is not "
                                            "`name: value`: if it goes on from the value above"),
    ("a: - x\n", "x.yml:1:4: YAML syntax: a list cannot start on the same line"),
    ("a: 1\nb: >x\n", "x.yml:2:5: YAML syntax: a value cannot start with `|` or `>`"),
    ("a: %x\n", "x.yml:1:4: YAML syntax: a value cannot start with this character"),
    ("  a: 1\nb: 2\n", "x.yml:2:1: YAML syntax: this line does not line up with the first"),
    ("a: x\x00y\n", "x.yml:1:5: the file holds a NUL character (U+0000) at this point"),
    ("a: 1\nb: x\x07\n", "x.yml:2:5: the file holds a control character (U+0007) at this "
                         "point; delete it"),
    ("a: 1\r\nb: x\x1b\r\n", "x.yml:2:5: the file holds a control character (U+001B)"),
    ("a: 1\rb: \x7f\n", "x.yml:2:4: the file holds a control character (U+007F)"),
    ("a: x\x85y\n", "x.yml:1:5: the file holds a control character (U+0085)"),
    ("a: é\x9fy\n", "x.yml:1:5: the file holds a control character (U+009F)"),
    ("a: x\ufffe\n", "x.yml:1:5: the file holds a character that is not text (U+FFFE)"),
    ("a: x\ud800\n", "x.yml:1:5: the file holds a character that is not text (U+D800)"),
])
def test_mistake_is_reported_where_it_was_made(text: str, expected: str) -> None:
    found = load(text)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]


def test_a_dash_inside_text_on_one_line_is_fine() -> None:
    assert load("a: one - two\nb: |\n  text\n  - a markdown item\n") == []


def test_text_beyond_ascii_is_fine() -> None:
    text = "a: £12 for the café\u2019s \u201creview\u201d \u00a0\u2014 \U0001f600 \ufeff\ufffd\n"
    assert load(text) == []


def test_a_binary_file_gets_a_few_problems_not_thousands() -> None:
    assert len(load("\x01" * 10_000)) == 10


def test_the_first_byte_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes(b"a: 1\r\nb: caf\xc3\xa9\r\nc: caf\xe9 au lait\n")
    document, found = load_file(path)
    assert document is None
    assert [(p.line, p.column) for p in found] == [(3, 7)]
    assert found[0].message.startswith("the file is not UTF-8 text: the byte 0xE9 here cannot "
                                       "be read (probably `é` saved in an older encoding")
    path.write_bytes(b"a: 1\nb: \xc3\xa9\x81\n")  # 0x81 is no character in Windows-1252 either
    assert [str(p) for p in load_file(path)[1]] == [
        f"{path}:2:5: the file is not UTF-8 text: the byte 0x81 here cannot be read; save the "
        "file as UTF-8"]
    path.write_text("a: 1\n", encoding="utf-16")
    assert [p.message for p in load_file(path)[1]] == [
        "the file is saved as UTF-16 text; save it as UTF-8"]


# --- Nesting -----------------------------------------------------------------------------


def test_nesting_up_to_the_limit_is_read_and_beyond_it_refused() -> None:
    # The file's own group of fields is the first level.
    assert load("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n") == []
    found = load("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n")
    assert found == [f"x.yml:1:{4 + MAX_DEPTH - 1}: the values here are nested more than "
                     f"{MAX_DEPTH} levels deep, which no record needs: check the brackets and "
                     "the indentation above this line"]


def block_nesting(levels: int) -> str:
    """`levels` groups of fields, each indented one space more than the one holding it."""
    return "".join(" " * level + f"k{level}:\n" for level in range(levels - 1)) \
        + " " * (levels - 1) + f"k{levels}: x\n"


def test_deep_block_nesting_is_refused_at_its_line() -> None:
    assert load(block_nesting(MAX_DEPTH)) == []
    found = load(block_nesting(MAX_DEPTH + 1))
    assert [text.split(": ")[0] for text in found] == [f"x.yml:{MAX_DEPTH + 1}:{MAX_DEPTH + 1}"]


@pytest.mark.parametrize("text", [
    "[" * 100_000, "{a: " * 50_000, "- " * 100_000 + "x\n", "a: " + "[{" * 40_000,
    block_nesting(2_000), "".join("  " * level + "-\n" for level in range(2_000)),
    block_nesting(100).replace("\n", "\r"), block_nesting(100).replace("\n", "\r\n"),
])
def test_very_deep_nesting_is_refused_quickly_without_recursion(text: str) -> None:
    started = time.perf_counter()
    found = load(text)
    assert len(found) == 1 and "nested more than" in found[0]
    assert time.perf_counter() - started < 2


def test_past_libyaml_own_limit_the_place_is_found_from_the_brackets() -> None:
    # libyaml stops at a thousand brackets, before handing over the events counted above.
    assert load("[" * 5_000)[0].startswith(f"x.yml:1:{MAX_DEPTH + 1}: the values here are nested")
    # Under groups of fields, counted from the brackets alone: a level or so late, same line.
    assert load("a:\n  b: " + "[{" * 3_000)[0].startswith("x.yml:2:")


# --- Random damage -----------------------------------------------------------------------


_INSERTS = (b"[", b"]", b"{", b"}", b'"', b"'", b":", b": ", b"- ", b"\t", b"\x00", b"\x07",
            b"\x1b", b"\x7f", b"\xc2\x85", b"\xe9", b"\xff\xfe", b"&a ", b"*a ", b"!!x ",
            b"<<: ", b"#", b"|", b">", b"\n", b"\r", b"   ", b"[" * 80, b"\\", b"%YAML 1.1\n")


def mutate(source: bytes, rng: random.Random) -> bytes:
    data = bytearray(source)
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(7)
        if kind == 0:
            data = data[:at]
        elif kind == 1 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif kind == 2:
            data[at:at] = rng.choice(_INSERTS)
        elif kind == 3:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 40)))
        else:
            lines = bytes(data).split(b"\n")
            line = rng.randrange(len(lines))
            if kind == 4:
                lines.insert(line, lines[line])
            elif kind == 5:
                del lines[line]
            else:
                lines[line] = b" " * rng.randint(1, 3) + lines[line]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def assert_reported(document: Document | None, found: list[Problem], display: str) -> None:
    assert document is not None or found, "neither a record nor a problem"
    for problem in found:
        assert isinstance(problem, Problem)
        assert problem.path == display and problem.line >= 1 and problem.column >= 1
        assert problem.message
    if document is not None:
        assert document.mark(()).line >= 1  # the marks can be worked out, too


def test_damaged_files_give_a_record_or_problems_never_an_exception(tmp_path: Path) -> None:
    rng = random.Random(20240611)
    sources = [path.read_bytes() for path in sorted((FIXTURE_DATA / "reviews").glob("*.yml"))]
    for number in range(300):
        damaged = mutate(rng.choice(sources), rng)
        path = tmp_path / f"case-{number}.yml"
        path.write_bytes(damaged)
        document, found = load_file(path)
        assert_reported(document, found, str(path))
        text = damaged.decode("utf-8", errors="replace")
        document, found = load_text(text, path, "x.yml")
        assert_reported(document, found, "x.yml")


def test_damaged_records_are_refused_with_lines_never_an_exception(tmp_path: Path) -> None:
    rng = random.Random(7)
    source = (FIXTURE_DATA / "reviews" / "child-a.yml").read_bytes()
    for number in range(40):
        data = tmp_path / f"data-{number}"
        shutil.copytree(FIXTURE_DATA, data)
        (data / "reviews" / "child-a.yml").write_bytes(mutate(source, rng))
        try:
            load_dataset(data)
        except DataError as error:
            assert error.problems
            assert all(problem.line >= 1 and problem.column >= 1 for problem in error.problems)


# --- Links -------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE_DATA, tmp_path / "data"))


def test_a_link_to_a_file_outside_the_data_folder_is_refused(data_copy: Path) -> None:
    outside = data_copy.parent / "secret.yml"
    shutil.copy(data_copy / "reviews" / "child-b.yml", outside)
    (data_copy / "reviews" / "x.yml").symlink_to(outside)
    result = run_generator("check", "--data", "data", cwd=data_copy.parent)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"data/reviews/x.yml:1:1: this file is a link to {outside}, and links are not "
        "followed: data is read only from the data folder itself; copy the file in instead",
        "1 problem in the data"]


def test_links_inside_the_data_folder_are_refused_too(data_copy: Path) -> None:
    (data_copy / "reviews" / "child-z.yml").symlink_to("child-a.yml")
    (data_copy / "partnership.yml").rename(data_copy / "real-partnership.yml")
    (data_copy / "partnership.yml").symlink_to(data_copy / "real-partnership.yml")
    found = problems(data_copy)
    assert [text.split(": ", 1)[0] for text in found] == [
        f"{data_copy}/partnership.yml:1:1", f"{data_copy}/reviews/child-z.yml:1:1"]
    assert all("copy the file in instead" in text for text in found)


def test_link_loops_are_reported_not_followed(data_copy: Path) -> None:
    (data_copy / "reviews" / "loop.yml").symlink_to("loop.yml")
    (data_copy / "reviews" / "gone.yaml").symlink_to("nowhere.yml")
    shutil.rmtree(data_copy / "briefings")
    (data_copy / "briefings").symlink_to("briefings")
    (data_copy / "reviews" / "up").symlink_to("..")  # not a data file: never read
    result = run_generator("check", "--data", str(data_copy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(": ", 1)[0] for line in lines[:-1]] == [
        f"{data_copy}/briefings:1:1", f"{data_copy}/reviews/gone.yaml:1:1",
        f"{data_copy}/reviews/loop.yml:1:1"]
    assert all("a link that leads nowhere" in line for line in lines[:-1])


def test_a_linked_folder_is_refused(data_copy: Path) -> None:
    moved = data_copy.parent / "reviews-elsewhere"
    (data_copy / "reviews").rename(moved)
    (data_copy / "reviews").symlink_to(moved)
    assert problems(data_copy) == [
        f"{data_copy}/reviews:1:1: this folder is a link to {moved}, and links are not "
        "followed: data is read only from the data folder itself; copy the folder in instead"]


def test_the_data_folder_itself_may_be_reached_through_a_link(data_copy: Path) -> None:
    link = data_copy.parent / "linked-data"
    link.symlink_to(data_copy)
    dataset, _ = load_dataset(link)
    assert len(dataset.reviews) == len(os.listdir(data_copy / "reviews"))


# --- Dates -------------------------------------------------------------------------------


def partnership(build_date: str | None = "2022-06-30") -> Partnership:
    document, _ = load_file(FIXTURE_DATA / "partnership.yml")
    assert document is not None
    data = document.data
    return Partnership.model_validate({**data, "site": {**data["site"],
                                                        "build_date": build_date}})


def date_problems(*records: str, built: Partnership | None = None) -> list[str]:
    reviews, documents = [], {}
    for number, text in enumerate(records):
        name = f"r{number}"
        document, found = load_text(text, Path(f"{name}.yml"), f"{name}.yml")
        assert document is not None and not found
        reviews.append(Review.model_validate({"id": name, **document.data}))
        documents[name] = document
    return [str(p) for p in check_dates(built or partnership(), reviews, documents)]


def review(dates: str, published: str | None = None) -> str:
    publication = f"publication:\n  date: {published}\n" if published else ""
    return f"type: cspr\ntitle: A review\n{publication}dates:\n{dates}"


def test_dates_in_order_or_overlapping_are_fine() -> None:
    assert date_problems(review("  incident: 2021\n  notified: 2021-01\n  referred: 2021-01-02\n"
                                "  commissioned: 2021\n  completed: 2021-09\n", "2021")) == []
    # `2021` and `2021-09` overlap: neither is before the other, whichever way round.
    assert date_problems(review("  commissioned: 2021-09\n  completed: 2021\n")) == []
    assert date_problems(review("  commissioned: 2021\n  completed: 2021-01\n")) == []


def test_a_later_date_before_an_earlier_one_is_reported_at_the_later() -> None:
    assert date_problems(review("  commissioned: 2021-09\n", "2021-03")) == [
        "r0.yml:4:9: publication.date: the publication date (March 2021) is before the date "
        "the review was commissioned (September 2021); correct whichever is wrong"]
    assert date_problems(review("  commissioned: 2021-09\n  completed: 2021-08-31\n")) == [
        "r0.yml:5:14: dates.completed: the completion date (31 August 2021) is before the date "
        "the review was commissioned (September 2021); correct whichever is wrong"]
    # Published before both: the nearest stage is named.
    assert date_problems(review("  commissioned: 2021-01\n  completed: 2021-09\n",
                                "2021-05"))[0].startswith(
        "r0.yml:4:9: publication.date: the publication date (May 2021) is before the date the "
        "review was completed (September 2021)")


def test_one_date_after_several_later_ones_is_reported_once_at_itself() -> None:
    assert date_problems(review("  commissioned: 2031-09\n  completed: 2022\n", "2022-05")) == [
        "r0.yml:6:17: dates.commissioned: the commissioning date (September 2031) is after the "
        "date the review was completed (2022) and its publication (May 2022); correct whichever "
        "is wrong"]


def test_an_incident_or_notification_in_the_future_is_reported_once() -> None:
    assert date_problems(review("  incident: 2022-07\n  notified: 2022-06-30\n"
                                "  commissioned: 2022-05\n")) == [
        "r0.yml:4:13: dates.incident: the incident date (July 2022) is in the future: it is "
        "after the date the site is built as of (30 June 2022, `site.build_date` in "
        "partnership.yml); check the year",
        "r0.yml:6:17: dates.commissioned: the commissioning date (May 2022) is before the date "
        "the incident was notified (30 June 2022); correct whichever is wrong"]
    assert date_problems(review("  notified: 2022-07-01\n")) == [
        "r0.yml:4:13: dates.notified: the notification date (1 July 2022) is in the future: it "
        "is after the date the site is built as of (30 June 2022, `site.build_date` in "
        "partnership.yml); check the year"]
    # The year of the build date overlaps it: not in the future.
    assert date_problems(review("  incident: 2022\n")) == []


def test_without_a_build_date_the_future_starts_tomorrow() -> None:
    found = date_problems(review("  incident: 2999-01\n"), built=partnership(None))
    assert len(found) == 1 and "is after today (" in found[0]
    assert date_problems(review("  incident: 2020-01\n"), built=partnership(None)) == []


def test_a_review_is_commissioned_after_the_rapid_review_it_follows() -> None:
    rapid = "type: rapid-review\ntitle: A rapid review\ndates:\n  rapid_review: 2021-05\n"
    follows = "type: cspr\ntitle: A review\nfollows: r0\ndates:\n  commissioned: {}\n"
    assert date_problems(rapid, follows.format("2021-05")) == []
    assert date_problems(rapid, follows.format("2021-04")) == [
        "r1.yml:5:17: dates.commissioned: the commissioning date (April 2021) is before the "
        "rapid review this review follows (`r0`, May 2021); correct whichever is wrong"]
