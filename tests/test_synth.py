"""The synthetic data set: valid, deterministic, and buildable into a strict site."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_project, run_generator, run_mkdocs
from generator.synth import synthesise
from generator.validate import load_dataset


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*.yml"))}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "data"
    synthesise(folder, 30, seed=7)
    return folder


def test_synthetic_data_passes_check(synthetic: Path) -> None:
    dataset, _ = load_dataset(synthetic)
    assert len(dataset.reviews) == 30
    # Cases referred before rapid reviews began (June 2018) are cases a board considered.
    assert {review.type.value for review in dataset.reviews} == {
        "consideration", "rapid-review", "cspr", "serious-case-review",
        "partnership-learning-review", "national-review"}
    assert {review.is_published for review in dataset.reviews} == {True, False}
    assert {review.partnership for review in dataset.reviews} == {
        "Northshire Safeguarding Children Partnership",
        "Northborough Safeguarding Children Partnership",
        "Northfield Safeguarding Children Partnership"}
    assert len(dataset.periods) == 11
    assert dataset.briefings
    statuses = {r.status.value for review in dataset.reviews for r in review.recommendations}
    assert statuses == {"not-started", "in-progress", "completed", "superseded"}


def test_command_line_check_accepts_it(synthetic: Path) -> None:
    result = run_generator("check", "--data", str(synthetic))
    assert result.returncode == 0, result.stderr
    # (Its briefings' publications have no address: notices, which do not fail the check.)
    assert result.stdout.startswith(f"{synthetic}: 30 reviews and 24 themes, no problems")


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path, synthetic: Path) -> None:
    synthesise(tmp_path / "again", 30, seed=7)
    assert _files(tmp_path / "again") == _files(synthetic)
    synthesise(tmp_path / "other", 30, seed=8)
    assert _files(tmp_path / "other") != _files(synthetic)


def test_published_reviews_have_realistic_length(synthetic: Path) -> None:
    dataset, _ = load_dataset(synthetic)
    for review in dataset.reviews:
        if not review.is_published:
            continue
        words = " ".join([review.background or "", *(f.text for f in review.findings),
                          *(r.text or "" for r in review.recommendations)]).split()
        assert 300 < len(words) < 1200


def test_synthetic_site_builds_strictly(tmp_path: Path, synthetic: Path) -> None:
    project = make_project(tmp_path / "project", synthetic)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    dataset, _ = load_dataset(synthetic)
    review = next(r for r in dataset.reviews if r.is_published)
    page = (project / "content" / "learning" / "reviews" / f"{review.id}.md").read_text()
    assert f"- Partnership: [{review.partnership}](" in page
    assert (project / "site" / "learning" / "reviews" / review.id / "index.html").is_file()


def test_synth_never_empties_a_folder_of_real_records(tmp_path: Path) -> None:
    real = tmp_path / "data"
    real.mkdir()
    (real / "partnership.yml").write_text("name: A real partnership\n")
    result = run_generator("synth", "--reviews", "3", "--out", str(real))
    assert result.returncode == 1
    assert result.stderr == (f"error: {real} is not empty and was not written by synth: give "
                             "a new folder\n")
    assert (real / "partnership.yml").read_text() == "name: A real partnership\n"
