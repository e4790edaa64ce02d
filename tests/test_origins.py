"""A site engine's warning about a generated page is told in the editor's terms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ENGINES, FIXTURE_DATA, make_project, run_generator
from generator.origins import in_the_data


def test_a_warning_about_a_generated_page_names_the_data_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    review = data / "reviews" / "child-b.yml"
    review.write_text(review.read_text("utf-8") + "\n# see plan.pdf\n", "utf-8")
    line = review.read_text("utf-8").splitlines().index("# see plan.pdf") + 1
    # MkDocs' own wording (1.6) of a link it cannot find.
    warning = ("WARNING -  Doc file 'learning/reviews/child-b.md' contains a link 'plan.pdf', "
               "but the target 'learning/reviews/plan.pdf' is not found among documentation "
               "files.")
    assert in_the_data(warning, data) == f"{review.as_posix()}:{line}:7: {warning} (the page " \
        "made from this file)"


def test_pages_map_to_the_file_they_are_made_from(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    period = sorted((data / "periods").glob("*.yml"))[0]
    for page, source in (
            (f"learning/reports/{period.stem}/subgroup.md", period),
            ("learning/themes/neglect.md", data / "themes.yml"),
            ("learning/glossary.md", data / "glossary.yml")):
        message = f"WARNING -  Doc file '{page}' contains an unrecognized link 'zz-nowhere'"
        assert in_the_data(message, data).startswith(f"{source.as_posix()}:1:1: ")
    # A page made from many records, or a message about no page, is left as it was.
    for message in ("WARNING -  Doc file 'learning/reviews/index.md' has a problem",
                    "ERROR - Config value 'theme': unrecognised theme"):
        assert in_the_data(message, data) == message


@pytest.mark.parametrize("engine", ENGINES)
def test_a_failed_site_build_names_the_page(tmp_path: Path, engine: str) -> None:
    project = make_project(tmp_path / "project", FIXTURE_DATA)
    # A hand-written page breaking the build is reported as it is: it is no data file's.
    (project / "content" / "about" / "broken.md").write_text("\n[x](missing.md)\n", "utf-8")
    failed = run_generator("site", "--engine", engine, cwd=project)
    assert failed.returncode == 1
    assert "about/broken.md" in failed.stderr and "data/" not in failed.stderr
    assert "Traceback" not in failed.stderr and "the previous site is unchanged" in failed.stderr
    if engine == "zensical":  # Zensical draws the line in colour; told here as a line
        assert "\x1b[" not in failed.stderr
        assert "content/about/broken.md:2:" in failed.stderr
