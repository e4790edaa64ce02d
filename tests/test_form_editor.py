"""The form editor at /admin/ (Decap CMS), tried offline as an editor would use it: a review
made through its forms, saved by the local backend (`decap-server`, from cms/) to a branch
of a git repository, passes `check` and builds into its page.

The site is built by `python -m generator site`, as `make site` builds it; Decap reads its
config from the built site, and its local backend is told to listen where the config says.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect
from test_diff import GIT_ENVIRONMENT

from conftest import FIXTURE_DATA, ROOT, make_project, run_generator, serve
from generator.cms import ADMIN, LOCAL_BACKEND_PORT

DECAP_SERVER = ROOT / "cms" / "node_modules" / "decap-server" / "dist" / "index.js"
TITLE = "Learning from the practice review for Child T"


def git(repository: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(repository), *arguments], check=True,
                          capture_output=True, text=True, env=GIT_ENVIRONMENT).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test data's project, built with its form editor, in a git repository."""
    project = make_project(tmp_path_factory.mktemp("cms") / "project", FIXTURE_DATA)
    result = run_generator("site", cwd=project)
    assert result.returncode == 0, result.stderr
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "data")
    git(project, "commit", "-q", "-m", "base")
    return project


@pytest.fixture(scope="module")
def local_backend(project: Path) -> Iterator[int]:
    """decap-server on a free port, saving into the project's repository."""
    port = free_port()
    environment = {**os.environ, **GIT_ENVIRONMENT, "PORT": str(port), "MODE": "git",
                   "GIT_REPO_DIRECTORY": str(project)}
    with subprocess.Popen(["node", str(DECAP_SERVER)], env=environment,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as server:
        try:
            deadline = time.monotonic() + 30
            while True:
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                assert time.monotonic() < deadline, "decap-server did not start"
                time.sleep(0.1)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture(scope="module")
def admin_url(project: Path, local_backend: int,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site, served, with its config pointing at this test's local backend."""
    site = tmp_path_factory.mktemp("cms-site") / "site"
    shutil.copytree(project / "site", site)
    config_file = site / ADMIN / "config.yml"
    text = config_file.read_text("utf-8")
    default = f"http://localhost:{LOCAL_BACKEND_PORT}/api/v1"
    assert default in text
    config_file.write_text(text.replace(default, f"http://localhost:{local_backend}/api/v1"),
                           "utf-8")
    with serve(site) as url:
        yield url.replace("127.0.0.1", "localhost") + f"{ADMIN}/"


def test_the_built_site_has_the_form_editor_and_keeps_it_out_of_search(project: Path) -> None:
    admin = project / "site" / ADMIN
    page = (admin / "index.html").read_text("utf-8")
    assert '<script src="decap-cms.js"></script>' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000
    config = yaml.safe_load((admin / "config.yml").read_text("utf-8"))
    assert config["backend"] == {**config["backend"], "name": "github",
                                 "repo": "tscp-example/learning-hub", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow"
    sitemap = (project / "site" / "sitemap.xml").read_text("utf-8")
    assert f"/{ADMIN}/" not in sitemap
    pagefind = "".join(path.name for path in (project / "site" / "pagefind").rglob("*"))
    assert ADMIN not in pagefind
    # Nothing is fetched from elsewhere when the page runs.
    assert "http" not in page


def test_a_review_made_in_the_form_editor_passes_check_and_builds(
        project: Path, admin_url: str, page: Page, tmp_path: Path) -> None:
    page.goto(admin_url)
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Reviews").first.wait_for()
    page.goto(f"{admin_url}#/collections/reviews/new")
    choose(page, "Type", "cspr")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Subject (optional)").fill("Child T")
    # The second "Status": the review's own status comes first, then its publication's.
    choose(page, "Status (optional)", "published", nth=1)
    page.get_by_label("Date (optional)").first.fill("2022-01")
    page.get_by_label("Background (optional)").fill("Child T was a baby.")
    page.get_by_role("button", name="Add findings").click()
    page.get_by_label("ID", exact=True).fill("f1")
    page.get_by_label("Text", exact=True).fill("Nobody asked who else lived at home.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Entry saved")).to_be_visible()

    # The editorial workflow: the new file is on a branch of its own, as a pull request.
    assert "cms/reviews/child-t" in git(project, "branch", "--list", "cms/*")
    text = git(project, "show", "cms/reviews/child-t:data/reviews/child-t.yml")
    # What the editor left empty is left out, as in a file written by hand.
    assert "[]" not in text and "{}" not in text and "decision" not in text
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    (data / "reviews" / "child-t.yml").write_text(text, "utf-8")
    checked = run_generator("check", "--data", str(data))
    assert checked.returncode == 0, checked.stderr
    content = tmp_path / "content"
    built = run_generator("build", "--data", str(data), "--content", str(content))
    assert built.returncode == 0, built.stderr
    summary = (content / "learning" / "reviews" / "child-t.md").read_text("utf-8")
    assert f"# {TITLE}" in summary
    assert "Nobody asked who else lived at home." in summary


def choose(page: Page, label: str, option: str, nth: int = 0) -> None:
    """Pick `option` in one of Decap's select boxes, by its exact name."""
    page.get_by_label(label, exact=True).nth(nth).click()
    page.get_by_role("option", name=option, exact=True).click()
