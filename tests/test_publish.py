"""`python -m generator site` under faults: killed builds, crashes mid-swap, unwritable or full
disks, and two builds at once never lose the published site or leave it half one, half the
other."""

from __future__ import annotations

import builtins
import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from conftest import FIXTURE_DATA, ROOT, make_project, run_generator
from generator import publish, write
from generator.cli import main
from generator.engines import mkdocs_messages
from generator.publish import site_lock, swap, sweep

WAITING = "another build of site/ is running; waiting for it to finish"
T = TypeVar("T")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project whose site `python -m generator site` has built, once."""
    project = make_project(tmp_path_factory.mktemp("publish") / "project", FIXTURE_DATA)
    result = run_generator("site", cwd=project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project, site and generated pages included, to break."""
    return Path(shutil.copytree(built, tmp_path / "project", symlinks=True))


@pytest.fixture
def other_data(tmp_path: Path) -> Path:
    """The test data without Child B's review: a site with one review page fewer."""
    data = Path(shutil.copytree(FIXTURE_DATA, tmp_path / "other-data"))
    (data / "reviews" / "child-b.yml").unlink()
    return data


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def review_pages(site: Path) -> set[str]:
    return {path.parent.name for path in (site / "learning" / "reviews").glob("*/index.html")}


def start(project: Path, *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *arguments], cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def wait_for(found: Callable[[], T | None], what: str, seconds: float = 60) -> T:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (value := found()) is not None:
            return value
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def leftovers(project: Path) -> list[Path]:
    return sorted(project.glob(".site-new-*")) + sorted(project.glob(".site-old"))


# A build killed, or crashing, at the worst moments.


def test_a_build_killed_while_mkdocs_runs_leaves_the_site_and_the_next_build_sweeps(
        project: Path) -> None:
    site = project / "site"
    before = snapshot(site)
    (project / "data" / "reviews" / "child-b.yml").unlink()
    process = start(project, "site")

    def mkdocs_writing() -> Path | None:  # the aside folder, once MkDocs writes into it
        return next((aside for aside in project.glob(".site-new-*") if any(aside.iterdir())),
                    None)

    try:
        aside = wait_for(mkdocs_writing, "MkDocs to write into a .site-new-* folder")
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert snapshot(site) == before
    assert aside.exists()

    later = run_generator("site", cwd=project)  # (waits for the killed build's MkDocs)
    assert later.returncode == 0, later.stderr
    assert leftovers(project) == []
    assert "child-b" not in review_pages(site) and "child-a" in review_pages(site)


_CRASH_AFTER_EXCHANGE = """
import os, signal, sys
from pathlib import Path
from generator import publish

exchange = publish._exchange

def exchange_then_crash(first, second):
    if not exchange(first, second):
        sys.exit("renameat2 is not available")
    os.kill(os.getpid(), signal.SIGKILL)

publish._exchange = exchange_then_crash
publish.swap(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def fake_site(folder: Path, version: str, pages: int = 50) -> dict[str, bytes]:
    for number in range(pages):
        page = folder / f"page-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"{version} {number}\n", "utf-8")
    (folder / "index.html").write_text(version, "utf-8")
    return snapshot(folder)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_a_crash_right_after_the_exchange_leaves_the_new_site_whole(tmp_path: Path) -> None:
    site, aside = tmp_path / "site", tmp_path / ".site-new-12345678"
    old = fake_site(site, "old")
    new = fake_site(aside, "new", pages=40)
    crashed = subprocess.run([sys.executable, "-c", _CRASH_AFTER_EXCHANGE, aside, site],
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert crashed.returncode == -signal.SIGKILL
    assert site.is_dir() and not site.is_symlink()
    assert snapshot(site) == new
    assert snapshot(aside) == old  # left for the next build, which sweeps it away:
    assert sweep(site) == [aside]
    assert sorted(tmp_path.iterdir()) == [site] and snapshot(site) == new


def test_the_swap_keeps_site_a_folder_never_missing_and_drops_the_old_one(
        tmp_path: Path) -> None:
    site = tmp_path / "site"
    fake_site(site, "v0")
    missing = 0
    done = threading.Event()

    def watch() -> None:  # looks for the site all through the swaps, in parallel
        nonlocal missing
        while not done.is_set():
            if not os.path.isdir(site):
                missing += 1

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for version in range(1, 101):
            aside = tmp_path / f".site-new-{version:08d}"
            new = fake_site(aside, f"v{version}", pages=3)
            swap(aside, site)
    finally:
        done.set()
        watcher.join()
    assert missing == 0
    assert site.is_dir() and not site.is_symlink()
    assert snapshot(site) == new  # the last version's pages only: the old ones are gone
    assert sorted(tmp_path.iterdir()) == [site]


def test_without_renameat2_the_swap_still_replaces_the_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    site, aside = tmp_path / "site", tmp_path / ".site-new-abcdefgh"
    fake_site(site, "old")
    new = fake_site(aside, "new", pages=2)
    swap(aside, site)
    assert snapshot(site) == new and sorted(tmp_path.iterdir()) == [site]


def test_the_first_swap_moves_the_new_site_into_place(tmp_path: Path) -> None:
    site, aside = tmp_path / "site", tmp_path / ".site-new-abcdefgh"
    new = fake_site(aside, "new", pages=2)
    swap(aside, site)
    assert snapshot(site) == new and sorted(tmp_path.iterdir()) == [site]


# Builds take turns.


def test_two_builds_of_different_data_give_one_whole_site(project: Path,
                                                          other_data: Path) -> None:
    both = [start(project, "site", "--data", "data"),
            start(project, "site", "--data", str(other_data))]
    results = [(process.wait(), *process.communicate()) for process in both]
    for status, _, stderr in results:
        assert status == 0, stderr
    waited = [WAITING in stderr for _, _, stderr in results]
    assert waited.count(True) == 1, results  # the other one found the lock free
    last_data = [FIXTURE_DATA, other_data][waited.index(True)]

    site = project / "site"
    child_b = last_data == FIXTURE_DATA
    assert "child-a" in review_pages(site)
    assert ("child-b" in review_pages(site)) == child_b
    mentions = [path for path, text in snapshot(site).items()
                if path.endswith(".html") and b"reviews/child-b/" in text]
    assert bool(mentions) == child_b, mentions
    generated = project / "content" / "learning" / "reviews" / "child-b.md"
    assert generated.exists() == child_b
    assert leftovers(project) == []


def test_build_and_site_wait_for_a_running_build_whose_folder_is_left_alone(
        project: Path) -> None:
    running = project / ".site-new-0a1b2c3d"  # the folder of a build holding the lock
    running.mkdir()
    with site_lock(project / "site"):
        processes = {command: start(project, command) for command in ("build", "site")}
        for process in processes.values():
            assert process.stderr is not None
            assert process.stderr.readline() == WAITING + "\n"
        time.sleep(0.3)
        assert [process.poll() for process in processes.values()] == [None, None]
        assert running.exists()
    for process in processes.values():
        status, stderr = process.wait(), process.communicate()[1]
        assert status == 0, stderr
    assert leftovers(project) == []


# Unwritable or full: one line, exit 1, the previous site as it was.


def test_an_unwritable_content_folder_is_one_line_and_keeps_the_site(project: Path) -> None:
    before = snapshot(project / "site")
    learning = project / "content" / "learning"
    shutil.rmtree(learning)
    learning.write_text("a file where the generated folder belongs", "utf-8")
    for command in ("build", "site"):
        result = run_generator(command, cwd=project)
        assert result.returncode == 1
        assert result.stderr == ("error: cannot write content/learning: Not a directory; "
                                 "the previous site is unchanged\n"), command
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


class _FullDisk:
    """A file whose writing fails as on a full disk, after a few bytes reached it."""

    def __init__(self, path: Any, mode: str) -> None:
        self.stream = builtins.open(path, mode)  # noqa: SIM115 (closed by __exit__)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exception: object) -> None:
        self.stream.close()

    def write(self, data: bytes) -> int:
        self.stream.write(data[:10])
        self.stream.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_during_build_is_one_line_and_leaves_no_partial_file(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    monkeypatch.setattr(write, "open", _FullDisk, raising=False)
    learning = project / "content" / "learning"
    before = snapshot(learning)
    review = project / "data" / "reviews" / "child-a.yml"
    review.write_text(review.read_text("utf-8").replace(
        "Learning from the practice review for Child A", "What was learned for Child A"), "utf-8")

    assert main(["build"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: cannot write content/learning/") and err.endswith(
        ".md: No space left on device; the previous site is unchanged\n")
    assert err.count("\n") == 1
    assert snapshot(learning) == before  # no page changed, and no temporary file is left


def test_mkdocs_tracebacks_are_reduced_to_their_error(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    stderr = (
        "INFO    -  Cleaning site directory\n"
        "Traceback (most recent call last):\n"
        '  File "<frozen runpy>", line 198, in _run_module_as_main\n'
        "    cli()\n"
        "FileNotFoundError: [Errno 2] No such file or directory: 'x'\n\n"
        "During handling of the above exception, another exception occurred:\n\n"
        "Traceback (most recent call last):\n"
        '  File "shutil.py", line 256, in copyfile\n'
        f"OSError: [Errno 28] No space left on device: '/etc/x.png' -> "
        f"'{tmp_path}/.site-new-abcdefgh/x.png'\n")
    assert mkdocs_messages(stderr) == [
        "mkdocs stopped: cannot write .site-new-abcdefgh/x.png: No space left on device"]
    assert mkdocs_messages("INFO    -  Building\nERROR   -  cannot write a.md: Read-only "
                           "file system\n") == ["ERROR   -  cannot write a.md: Read-only "
                                                "file system"]


# Real faults of the file system, where this machine lets a test mount one privately
# (`unshare -m`: the mount is seen only by the command, and goes with it).


def _can_mount(folder: Path) -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    folder.mkdir(exist_ok=True)
    return subprocess.run(["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o size=16k tmpfs "$1"',
                           "sh", str(folder)], capture_output=True, check=False).returncode == 0


@pytest.fixture(scope="module")
def mounts(tmp_path_factory: pytest.TempPathFactory) -> None:
    if not _can_mount(tmp_path_factory.mktemp("mount-probe")):
        pytest.skip("needs root and `unshare -m` to mount a file system privately")


def run_mounted(project: Path, setup: str, *arguments: str,
                after: str = "") -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGUMENTS` in `project` in a mount namespace of its own: after
    the shell commands `setup`, and before `after` (whose output goes to stdout). Any
    temporary file left in content/learning is listed on stderr."""
    script = (f'{setup} || exit 99; "$@"; status=$?; '
              f"find content/learning -name '.tmp-*' >&2; {after or 'true'}; exit $status")
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", sys.executable, "-m",
                           "generator", *arguments], cwd=project,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, check=False)


@pytest.mark.usefixtures("mounts")
def test_a_read_only_content_folder_is_one_line_and_keeps_the_site(project: Path) -> None:
    before = snapshot(project / "site")
    (project / "data" / "reviews" / "child-b.yml").unlink()  # so pages change
    read_only = "mount --bind content content && mount -o remount,ro,bind content"
    for command in ("build", "site"):
        result = run_mounted(project, read_only, command)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("error: cannot write content/learning/")
        assert result.stderr.endswith(": Read-only file system; the previous site is "
                                      "unchanged\n")
        assert result.stderr.count("\n") == 1
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


@pytest.mark.usefixtures("mounts")
def test_a_full_disk_for_the_pages_is_one_line_and_keeps_the_site(project: Path) -> None:
    before = snapshot(project / "site")
    full = "mount -t tmpfs -o size=64k tmpfs content/learning"
    for command in ("build", "site"):
        result = run_mounted(project, full, command)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("error: cannot write content/learning/")
        assert result.stderr.endswith(": No space left on device; the previous site is "
                                      "unchanged\n")
        assert result.stderr.count("\n") == 1  # and no temporary file was found
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


@pytest.mark.usefixtures("mounts")
def test_a_full_disk_for_the_site_is_one_line_and_keeps_the_site(project: Path) -> None:
    """MkDocs itself fails (writing the new site beside the old, on a full disk)."""
    (project / "out").mkdir()
    before = snapshot(project / "site")
    full = ("mount -t tmpfs -o size=24m tmpfs out && cp -a site out/site && "
            "{ dd if=/dev/zero of=out/filler bs=64k 2>/dev/null; true; }")
    result = run_mounted(project, full, "site", "--site", "out/site",
                         after="ls -A out; cp -a out/site site-after")
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("error: mkdocs stopped: cannot write out/.site-new-")
    assert result.stderr.endswith(": No space left on device; the previous site is "
                                  "unchanged\n")
    assert result.stderr.count("\n") == 1
    assert result.stdout.split() == [".site-lock", "filler", "site"]  # nothing left aside
    assert snapshot(project / "site-after") == before
