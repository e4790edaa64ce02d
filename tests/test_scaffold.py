"""`python -m generator new`: starter files that pass `check`, and become pages when filled in."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, make_project, run_generator, run_mkdocs
from generator.errors import GeneratorError
from generator.models import ReviewType
from generator.scaffold import scaffold


def uncomment(text: str, start: str, end: str) -> str:
    """What an editor does: delete `# ` from the lines from `start` up to (not incl.) `end`."""
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next(i for i, line in enumerate(lines) if i > first and line.startswith(end))
    for index in range(first, last):
        lines[index] = re.sub(r"^# ?", "", lines[index])
    return "".join(lines)


@pytest.mark.parametrize(("kind", "record_id", "path"), [
    ("review", "child-s", "reviews/child-s.yml"),
    ("briefing", "local-briefing", "briefings/local-briefing.yml"),
    ("period", "2023-24", "periods/2023-24.yml"),
])
def test_each_starter_file_passes_check(data_copy: Path, kind: str, record_id: str,
                                        path: str) -> None:
    result = run_generator("new", kind, record_id, "--data", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"{data_copy / path}: written; fill it in, then run "
                             "`python -m generator check`\n")
    assert (data_copy / path).read_text(encoding="utf-8").startswith("# ")
    checked = run_generator("check", "--data", str(data_copy))
    assert checked.returncode == 0, checked.stderr


def test_a_rapid_review_starter_has_a_decision_and_is_never_published(data_copy: Path) -> None:
    path = scaffold("review", "rr-2022-09", data_copy, review_type=ReviewType.RAPID_REVIEW,
                    today=date(2022, 9, 14))
    text = path.read_text(encoding="utf-8")
    assert "type: rapid-review\n" in text
    assert "  rapid_review: 2022-09" in text
    assert "  outcome: awaited\n" in text
    assert "recommendations" not in text
    assert run_generator("check", "--data", str(data_copy)).returncode == 0


def test_the_starter_lists_the_themes_in_use(data_copy: Path) -> None:
    text = scaffold("review", "child-s", data_copy).read_text(encoding="utf-8")
    assert text.endswith("# Themes you can use:\n#   neglect\n#   early-help\n"
                         "#   working-with-fathers\n#   unused-theme\n")


def test_refuses_to_overwrite(data_copy: Path) -> None:
    before = (data_copy / "reviews" / "child-a.yml").read_text(encoding="utf-8")
    result = run_generator("new", "review", "child-a", "--data", str(data_copy))
    assert result.returncode == 1
    assert result.stderr == (f"error: {data_copy}/reviews/child-a.yml already exists: choose "
                             "another id, or edit that file\n")
    assert (data_copy / "reviews" / "child-a.yml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize(("kind", "record_id", "message"), [
    ("review", "Child_S", "`Child_S` cannot be a review id: use lower-case letters, digits and "
                          "single hyphens, like `child-s` (it becomes the file name and the web "
                          "address)"),
    ("briefing", "child-s.yml", "`child-s.yml` cannot be a briefing id: use lower-case letters, "
                                "digits and single hyphens, like `child-s` (it becomes the file "
                                "name and the web address)"),
    ("period", "2023-25", "`2023-25` cannot be a period id: name a period after the years it "
                          "covers, like `2024-25` (April 2024 to March 2025)"),
])
def test_refuses_a_bad_id(data_copy: Path, kind: str, record_id: str, message: str) -> None:
    with pytest.raises(GeneratorError) as raised:
        scaffold(kind, record_id, data_copy)
    assert str(raised.value) == message
    result = run_generator("new", kind, record_id, "--data", str(data_copy))
    assert (result.returncode, result.stderr) == (1, f"error: {message}\n")


def test_a_scaffolded_review_filled_in_appears_on_the_site(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    path = scaffold("review", "child-s", data, today=date(2022, 5, 1))
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Child S\n", "title: Learning from the review for Child S\n")
    text = text.replace("# subject: Child S", "subject: Child S")
    text = text.replace("  status: unpublished", "  status: published")
    text = uncomment(text, "#   date: 2024-09", "#   report_url").replace(
        "  date: 2024-09", "  date: 2022-05")  # before the fixture's build date
    text = uncomment(text, "# background: |", "# findings:")
    text = uncomment(text, "# findings:", "\n")
    text = uncomment(text, "# recommendations:", "\n")
    path.write_text(text, encoding="utf-8")
    checked = run_generator("check", "--data", str(data))
    assert checked.returncode == 0, checked.stderr

    project = make_project(tmp_path / "project", data)
    built = run_mkdocs(project)
    assert built.returncode == 0, built.stderr
    page = (project / "site" / "learning" / "reviews" / "child-s" / "index.html").read_text(
        encoding="utf-8")
    assert "Learning from the review for Child S" in page
    assert "What the review found." in page
    assert "What happened, in a few paragraphs of your own words." in page
