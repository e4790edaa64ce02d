"""The live preview (`make serve`, `mkdocs serve --dirty`), run for real and read in Chromium:
a data error is shown on the page with its file and line, the page comes back when the file
is fixed, and each save starts one rebuild."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import FIXTURE_DATA, ROOT, make_project

TITLE = "title: Learning from the practice review for Child A"


@dataclass
class Preview:
    project: Path
    url: str
    log: Path

    def builds(self) -> int:
        return self.log.read_text("utf-8").count("Building documentation")

    def settled(self, builds: int) -> None:
        """Wait for the rebuilds after `builds` to finish, and a little more, so that a
        second rebuild would have started."""
        wait_for(lambda: self.builds() > builds and self.log.read_text("utf-8").rsplit(
            "Building documentation", 1)[-1].count("Reloading browsers") == 1)
        time.sleep(2)


def wait_for(ready: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        assert time.monotonic() < deadline, "the preview did not get there in time"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    project = make_project(tmp_path_factory.mktemp("preview") / "project", FIXTURE_DATA)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = project / "serve.log"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    environment.pop("SLH_DATA_DIR", None)
    with log.open("w") as output, subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=environment, stdout=output, stderr=subprocess.STDOUT) as server:
        try:
            wait_for(lambda: "Serving on" in log.read_text("utf-8"))
            yield Preview(project, f"http://127.0.0.1:{port}/", log)
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_make_serve_runs_the_quick_preview() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "\t$(BIN)/mkdocs serve --dirty\n" in makefile


def test_a_data_error_shows_in_the_browser_and_fixing_it_brings_the_page_back(
        preview: Preview, page: Page) -> None:
    review = preview.project / "data" / "reviews" / "child-a.yml"
    summary = f"{preview.url}learning/reviews/child-a/"
    page.goto(summary)
    expect(page.locator("h1")).to_have_text("Learning from the practice review for Child A")

    builds = preview.builds()
    review.write_text(review.read_text("utf-8").replace(TITLE, "title: [broken"), "utf-8")
    preview.settled(builds)
    assert preview.builds() == builds + 1  # one rebuild for one save
    page.goto(summary)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The data has 1 problem")
    expect(alert).to_contain_text("data/reviews/child-a.yml:2:8: YAML syntax: a `[` opened "
                                  "here is never closed")
    # The pages made before stay, under the list, on every page.
    expect(page.locator("h1")).to_have_text("Learning from the practice review for Child A")
    page.goto(preview.url)
    expect(page.get_by_role("alert")).to_contain_text("child-a.yml:2:8")

    builds = preview.builds()
    review.write_text(review.read_text("utf-8").replace("title: [broken", TITLE), "utf-8")
    preview.settled(builds)
    assert preview.builds() == builds + 1
    page.goto(summary)
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator("h1")).to_have_text("Learning from the practice review for Child A")


def test_a_saved_edit_shows_after_one_rebuild(preview: Preview, page: Page) -> None:
    review = preview.project / "data" / "reviews" / "child-a.yml"
    builds = preview.builds()
    review.write_text(review.read_text("utf-8").replace(
        "summary: A toddler was seriously harmed at home.",
        "summary: A toddler was seriously harmed at home, as the preview now shows."), "utf-8")
    preview.settled(builds)
    assert preview.builds() == builds + 1
    page.goto(f"{preview.url}learning/reviews/child-a/")
    expect(page.locator("article")).to_contain_text("as the preview now shows")
    assert "Error" not in preview.log.read_text("utf-8")
