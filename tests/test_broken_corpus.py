"""The mistakes editors make, each caught by `check` with the right file and line.

Each folder in tests/broken/ is one mistake: files laid over a copy of tests/fixtures/data
(replacing a file or adding one), and `expected.txt`, whose first line is the expected
`file:line: message fragment`. A second line `schema: blind (why)` marks a mistake the JSON
Schema cannot see (it spans files, or depends on other fields); every other case must fail
the schema too, which tests/test_schema.py checks.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, ROOT, run_generator

BROKEN = ROOT / "tests" / "broken"
CASES = sorted(case for case in BROKEN.iterdir() if case.is_dir())


def overlay(case: Path, target: Path) -> Path:
    """A copy of the fixture data at `target`, with the case's files laid over it."""
    shutil.copytree(FIXTURE_DATA, target)
    for source in case.rglob("*"):
        if source.is_file() and source.name != "expected.txt":
            destination = target / source.relative_to(case)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, destination)
    return target


def test_the_corpus_has_at_least_thirty_distinct_mistakes() -> None:
    assert len(CASES) >= 30
    firsts = [(case / "expected.txt").read_text(encoding="utf-8").splitlines()[0]
              for case in CASES]
    assert len(set(firsts)) == len(firsts)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_check_names_the_file_and_line(case: Path, tmp_path: Path) -> None:
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()[0]
    file_name, line, fragment = expected.split(":", 2)
    overlay(case, tmp_path / "data")
    result = run_generator("check", "--data", "data", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-1].endswith("in the data")
    where = f"data/{file_name}:{line}:"
    assert any(text.startswith(where) and fragment.strip() in text for text in lines), \
        f"expected {where} ... {fragment.strip()!r} in:\n{result.stderr}"


@pytest.mark.parametrize("case", [CASES[0]], ids=lambda case: case.name)
def test_github_format_annotates_the_same_line(case: Path, tmp_path: Path) -> None:
    file_name, line, _ = (case / "expected.txt").read_text(
        encoding="utf-8").splitlines()[0].split(":", 2)
    overlay(case, tmp_path / "data")
    result = run_generator("check", "--data", "data", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"::error file=data/{file_name},line={line},col=")
