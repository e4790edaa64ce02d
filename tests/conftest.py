"""Shared fixtures: throwaway copies of the project, and one built site per session."""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.cms import decap_files
from generator.localhost import CHROMIUM, CHROMIUM_FLAGS, QuietHandler
from generator.localhost import serve as serve_folder

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
    # The form editor's pinned release, fetched once for every project (`make site`).
    decap = decap_files(ROOT / ".cache")
    (target / ".cache").mkdir()
    (target / ".cache" / decap.name).symlink_to(decap)
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


def problems(data: Path) -> list[str]:
    """Every problem `load_dataset` reports for `data`, as an editor would read them."""
    from generator.errors import DataError
    from generator.validate import load_dataset

    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [str(problem) for problem in caught.value.problems]


def rendered(data: Path) -> dict[str, str]:
    """Every page generated from `data`, as {path: Markdown}, through the publication gate
    as a build runs it, without writing anything."""
    from generator.compute import compute
    from generator.gate import as_of_day, gate
    from generator.render import render
    from generator.validate import load_dataset

    dataset, _ = load_dataset(data)
    return render(compute(gate(dataset, as_of_day(dataset))))


def fresh(data: Path) -> dict[str, str]:
    """`rendered`, as a new process would do it: nothing remembered from earlier builds."""
    from generator import gate, load, render, validate
    from generator.compute import mentions, reports

    load._PARSED.clear()
    validate._VALIDATED.clear()
    validate._SCANNED.clear()
    gate._WITHHELD.clear()
    mentions._RAISED.clear()
    reports._KEPT.clear()
    render._RENDERED.clear()
    return rendered(data)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file with `new`; `old` must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def headings(markdown: str) -> list[str]:
    """The heading texts of a Markdown page, without attribute lists."""
    return re.findall(r"^#{1,6} (.+?)(?: \{.*\})?$", markdown, flags=re.MULTILINE)


def pagefind_chunks(site: Path) -> Iterator[tuple[Path, str]]:
    """The text of every compressed file in the site's Pagefind index (fragments hold pages)."""
    for path in sorted((site / "pagefind").rglob("*.pf_*")):
        yield path, gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


ENGINES = ("mkdocs", "zensical")
"""Both engines `python -m generator site` can build with (generator/engines.py)."""


def published_pages(site: Path) -> set[str]:
    """The built site's pages made from the Markdown: all but the form editor (/admin/),
    which `python -m generator site` adds after the engine, the page-set check and the
    sitemap (generator/publish.py)."""
    from generator.verify import built_pages

    return built_pages(site) - {"admin/"}


def _built(tmp_path_factory: pytest.TempPathFactory, data: Path, name: str,
           engine: str = "mkdocs") -> Path:
    """A scratch project with `data`, built as it is published: `python -m generator site`
    (generation, the engine, the sanitiser, the checks, search, PDFs, the swap)."""
    project = make_project(tmp_path_factory.mktemp(f"{name}-{engine}"), data)
    result = run_generator("site", "--engine", engine, cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def example_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example data in data/, built once into a full site with MkDocs."""
    return _built(tmp_path_factory, EXAMPLE_DATA, "example")


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test data set, with planted unpublished records, built once."""
    return _built(tmp_path_factory, FIXTURE_DATA, "fixture")


def _by_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
               data: Path, name: str, with_mkdocs: Path) -> Path:
    """The project built by the engine `request` names; MkDocs' build is shared."""
    if request.param == "mkdocs":
        return with_mkdocs
    return _built(tmp_path_factory, data, name, request.param)


@pytest.fixture(scope="session", params=ENGINES)
def example_built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                  example_project: Path) -> Path:
    """The example site as each engine builds it: the site-level checks run on both."""
    return _by_engine(request, tmp_path_factory, EXAMPLE_DATA, "example", example_project)


@pytest.fixture(scope="session", params=ENGINES)
def fixture_built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                  fixture_project: Path) -> Path:
    """The test data set's site as each engine builds it."""
    return _by_engine(request, tmp_path_factory, FIXTURE_DATA, "fixture", fixture_project)


@pytest.fixture
def data_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the test data set, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    yield target


# The browser tests: Debian's Chromium driven by Playwright (never a downloaded browser), and
# the example site served on 127.0.0.1, each started once per session.


class _SiteHandler(QuietHandler):
    """Serves a built site like a web host would: quietly, with its 404.html for a missing page."""

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        not_found = Path(str(self.directory)) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve the built `site` folder on 127.0.0.1; yields its root URL, ending in '/'."""
    with serve_folder(site, _SiteHandler) as url:
        yield url


@pytest.fixture(scope="session")
def site_url(example_project: Path) -> Iterator[str]:
    """The example site, built once, served for the whole session."""
    with serve(example_project / "site") as url:
        yield url


@pytest.fixture(scope="session")
def built_url(example_built: Path) -> Iterator[str]:
    """The example site as each engine builds it, served for the session."""
    with serve(example_built / "site") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session; each test gets its own context."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own browser context (no shared storage, desktop size, light)."""
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()
