"""`python -m generator diff BASE_REF`: the change to the published site, in words."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, run_generator

GIT_ENVIRONMENT = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
                   "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org",
                   "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repository: Path, *arguments: str) -> None:
    subprocess.run(["git", "-C", str(repository), *arguments], check=True,
                   capture_output=True, env=GIT_ENVIRONMENT)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository holding the fixture data in `data/`, committed on `main`."""
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "data")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def test_no_change(repository: Path) -> None:
    result = run_generator("diff", "main", cwd=repository)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == ("## Changes to the published site since `main`\n\n"
                             "No change to the published site.\n")


def test_status_change_new_review_and_report_figures(repository: Path) -> None:
    reviews = repository / "data" / "reviews"
    edit(reviews / "child-a.yml", "status: in-progress", "status: completed")
    result = run_generator("new", "review", "child-s", cwd=repository)
    assert result.returncode == 0, result.stderr
    edit(reviews / "child-s.yml", "# subject: Child S ", "subject: Child S ")
    edit(reviews / "child-s.yml", "  status: unpublished", "  status: published\n"
                                                          "  date: 2022-05\n"
                                                          "background: What happened.\n"
                                                          "findings:\n"
                                                          "  - id: f1\n"
                                                          "    text: A finding.")
    edit(reviews / "child-s.yml", "  commissioned: 2026", "  commissioned: 2022-01\n#")
    shutil.copy(reviews / "rr-2022-01.yml", reviews / "rr-2022-03.yml")
    edit(reviews / "rr-2022-03.yml", "rapid_review: 2022-06", "rapid_review: 2022-07")
    # An unpublished review's prose changes: it must not be described.
    edit(reviews / "cspr-unpublished.yml", "title: SECRET-TITLE-quokka", "title: SECRET-quokka")

    result = run_generator("diff", "main", cwd=repository)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == """\
## Changes to the published site since `main`

### Reviews

- Changed review: **Child A** (`child-a`): `recommendations`
- New review: **Child S** (`child-s`)

### Recommendations

- Child A, recommendation `r1` (Know the adults): in progress → completed

### Annual reports

- 2021-22 subgroup report: reviews worked on 2 → 3
- 2021-22 subgroup report: children in reviews worked on 2 → not known
- 2022-23 subgroup report: rapid reviews held 2 → 3
- 2022-23 subgroup report: rapid reviews concerning a child's death 1 → 2
- 2022-23 subgroup report: children in rapid reviews 3 → 5
- 2022-23 subgroup report: reviews worked on 2 → 3
- 2022-23 subgroup report: children in reviews worked on 2 → not known
- 2022-23 subgroup report: reviews published 0 → 1

"""
    assert "quokka" not in result.stdout


def test_withdrawn_review_and_briefing_change(repository: Path) -> None:
    edit(repository / "data" / "reviews" / "child-b.yml", "status: published",
         "status: unpublished")
    edit(repository / "data" / "briefings" / "test-briefing.yml",
         "audience: Frontline practitioners", "audience: Every practitioner")
    result = run_generator("diff", "main", cwd=repository)
    assert "- No longer published: **Child B** (`child-b`) (unpublished or removed; its page " \
           "goes)\n" in result.stdout
    assert "### Briefings\n\n- Changed briefing: **Briefing on two test reports** " \
           "(`test-briefing`): `audience`\n" in result.stdout


def test_problems_in_the_change_are_said_plainly(repository: Path) -> None:
    edit(repository / "data" / "reviews" / "child-a.yml", "sex: male", "sex: mal")
    result = run_generator("diff", "main", cwd=repository)
    assert result.returncode == 0
    assert result.stdout == (
        "## Changes to the published site since `main`\n\n"
        "**The data in this change has 1 problem**, so its site cannot be built. Run "
        "`python -m generator check` to see them.\n\n"
        "The published site cannot be compared until the data has no problems.\n")


def test_an_unknown_ref_is_an_error_not_a_traceback(repository: Path) -> None:
    result = run_generator("diff", "no-such-branch", cwd=repository)
    assert result.returncode == 1
    assert result.stderr == ("error: git does not know `no-such-branch`: give a branch, tag or "
                             "commit (for a pull request, usually `origin/main`)\n")
