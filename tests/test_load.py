"""The loader keeps every value as written, with its line, and refuses YAML's traps."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_file, load_text


def load(text: str) -> tuple[object, list[str]]:
    document, problems = load_text(text, Path("x.yml"), "x.yml")
    return (document.data if document else None), [str(p) for p in problems]


def test_scalars_stay_as_written() -> None:
    data, problems = load("a: no\nb: on\nc: 1.10\nd: 010\ne: yes\nf: 2021-12-01\ng: 7\n")
    assert problems == []
    assert data == {"a": "no", "b": "on", "c": "1.10", "d": "010", "e": "yes",
                    "f": "2021-12-01", "g": "7"}


@pytest.mark.parametrize("empty", ["", "~", "null", "NULL"])
def test_empty_values_are_none(empty: str) -> None:
    assert load(f"a: {empty}\n")[0] == {"a": None}


def test_quoted_null_is_text() -> None:
    assert load('a: "null"\n')[0] == {"a": "null"}


def test_duplicate_key_is_reported_with_both_lines() -> None:
    _, problems = load("title: one\ntype: cspr\ntitle: two\n")
    assert problems == ["x.yml:3:1: `title` appears twice in the same group (first on line 1); "
                        "keep one"]


def test_nested_duplicate_key() -> None:
    _, problems = load("publication:\n  status: published\n  status: unpublished\n")
    assert problems == ["x.yml:3:3: `status` appears twice in the same group (first on line 2);"
                        " keep one"]


def test_marks_point_at_values_and_keys() -> None:
    document, _ = load_text("a:\n  - b: 1\n    c: [x, y]\n", Path("x.yml"), "x.yml")
    assert document is not None
    assert document.mark(("a", 0, "c", 1)).line == 3
    assert document.mark(("a", 0, "c", 1)).column == 12
    assert document.key_mark(("a", 0, "c")).column == 5
    # A missing value falls back to the nearest enclosing one.
    assert document.mark(("a", 0, "missing")).line == 2


def test_tabs_are_reported_on_every_line() -> None:
    _, problems = load("a:\n\t- x\nb:\n\t- y\n")
    assert [p.split(":")[1] for p in problems] == ["2", "4"]
    assert "a tab is used for indenting" in problems[0]


def test_alias_is_refused() -> None:
    _, problems = load("a: &x [1, 2]\nb: *x\n")
    assert problems == ["x.yml:2:4: anchors and aliases (`&name`, `*name`) are not supported: "
                        "write the value out in full"]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    _, problems = load("\n".join(lines) + "\n")
    assert len(problems) == 81  # one per alias; nothing is expanded


def test_merge_key_is_refused() -> None:
    _, problems = load("base: {a: 1}\nother:\n  <<: {a: 1}\n  b: 2\n")
    assert problems == ["x.yml:3:3: merge keys (`<<`) are not supported: write the fields out "
                        "in full"]


def test_custom_tag_is_refused() -> None:
    _, problems = load("a: !!python/object:os.system x\n")
    assert problems == ["x.yml:1:4: the tag `tag:yaml.org,2002:python/object:os.system` is not "
                        "supported: remove it"]


def test_syntax_error_is_explained() -> None:
    _, problems = load("title: Child R: the review\n")
    assert problems == ["x.yml:1:15: YAML syntax: a colon followed by a space inside a value: "
                        "put the whole value in double quotes, or check the indentation of "
                        "this line"]


def test_bad_indentation_is_explained() -> None:
    _, problems = load("a:\n  b: 1\n c: 2\n")
    assert len(problems) == 1
    assert problems[0].startswith("x.yml:3:2: YAML syntax:")


def test_empty_file() -> None:
    assert load("# only a comment\n")[1] == ["x.yml:1:1: the file is empty"]


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    document, problems = load_file(path)
    assert document is None
    assert len(problems) == 1
    assert "is not UTF-8 text" in problems[0].message


def test_a_very_large_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yml"
    path.write_text("background: |\n" + ("  padding text\n" * 200_000), encoding="utf-8")
    document, problems = load_file(path)
    assert document is None
    assert [p.message for p in problems] == [
        "the file is 3.0 MB, over the 2 MB limit for a data file: split it, or remove what "
        "does not belong"]
