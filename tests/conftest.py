"""Shared fixtures: throwaway copies of the project, and one built site per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"
EXAMPLE_DATA = ROOT / "data"


def make_project(target: Path, data: Path) -> Path:
    """A scratch copy of the site project in `target`, with `data` as its data folder."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(ROOT / "content", target / "content",
                    ignore=shutil.ignore_patterns("learning"))
    shutil.copytree(data, target / "data")
    (target / "generator").symlink_to(ROOT / "generator")
    return target


def run_mkdocs(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (never -q: it turns strict checking off) in `project`."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    environment.pop("SLH_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *arguments],
        cwd=project, env=environment, capture_output=True, text=True, check=False)


def run_generator(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *arguments], cwd=cwd,
                          env=environment, capture_output=True, text=True, check=False)


def _built(tmp_path_factory: pytest.TempPathFactory, data: Path, name: str) -> Path:
    project = make_project(tmp_path_factory.mktemp(name), data)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def example_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example data in data/, built once into a full site with `mkdocs build --strict`."""
    return _built(tmp_path_factory, EXAMPLE_DATA, "example")


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test data set, with planted unpublished records, built once."""
    return _built(tmp_path_factory, FIXTURE_DATA, "fixture")


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the test data set, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    yield target
