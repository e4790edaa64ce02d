"""The day the site is built as of: today by default, so an embargo lifts on its date with
no other change; pinned by --as-of, SOURCE_DATE_EPOCH or `site.build_date`; and every record
marked published that has no page yet is named by `check` and `diff`, with when and why."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_diff import GIT_ENVIRONMENT

from conftest import FIXTURE_DATA, run_generator
from generator.as_of import AS_OF_VARIABLE, AsOf, as_of, today
from generator.errors import GeneratorError
from generator.models.dates import PartialDate
from generator.validate import load_dataset

BUILD_DATE = "  build_date: 2022-06-30\n"
SECRET = "Learning from the serious case review for Child B"
"""child-b's title: never told while it is withheld."""


def long(day: date) -> str:
    return PartialDate(day.year, day.month, day.day).long


@pytest.fixture
def unpinned(tmp_path: Path) -> Path:
    """The fixture data without `site.build_date`, so it is built as of today."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    text = (data / "partnership.yml").read_text("utf-8")
    start = text.index("  # Fixes the day the test site is built as of")
    (data / "partnership.yml").write_text(
        text[:start] + text[text.index(BUILD_DATE) + len(BUILD_DATE):], "utf-8")
    return data


def publish_child_b_on(data: Path, day: date | str) -> None:
    review = data / "reviews" / "child-b.yml"
    text = review.read_text("utf-8")
    start = text.index("  date: ")
    end = text.index("\n", start)
    review.write_text(f"{text[:start]}  date: {day}{text[end:]}", "utf-8")


def generate(data: Path, *options: str) -> subprocess.CompletedProcess[str]:
    content = data.parent / "content"
    return run_generator("build", "--data", str(data), "--content", str(content), *options)


def summary_page(data: Path) -> Path:
    return data.parent / "content" / "learning" / "reviews" / "child-b.md"


def test_a_review_published_yesterday_appears_and_tomorrow_s_does_not(unpinned: Path) -> None:
    now = today()
    publish_child_b_on(unpinned, now - timedelta(days=1))
    result = generate(unpinned)
    assert result.returncode == 0, result.stderr
    assert summary_page(unpinned).is_file()

    tomorrow = now + timedelta(days=1)
    publish_child_b_on(unpinned, tomorrow)
    result = generate(unpinned)
    assert result.returncode == 0, result.stderr
    assert not summary_page(unpinned).exists()

    checked = run_generator("check", "--data", str(unpinned))
    assert checked.returncode == 0
    line = next(line for line in checked.stderr.splitlines() if "child-b.yml" in line)
    assert line == (f"{unpinned}/reviews/child-b.yml:6:9: notice: publication.date: no page "
                    f"yet: embargoed until its publication date, {long(tomorrow)}: its page "
                    "appears on the first build on or after that day (the site is built as of "
                    f"today, {long(now)})")
    assert SECRET not in checked.stderr


def test_as_of_builds_as_if_it_were_another_day(unpinned: Path) -> None:
    publish_child_b_on(unpinned, "2030-06-01")
    assert generate(unpinned, "--as-of", "2030-05-31").returncode == 0
    assert not summary_page(unpinned).exists()
    assert generate(unpinned, "--as-of", "2030-06-01").returncode == 0
    assert summary_page(unpinned).is_file()


def test_a_month_appears_on_its_first_day(unpinned: Path) -> None:
    publish_child_b_on(unpinned, "2030-06")
    checked = run_generator("check", "--data", str(unpinned), "--as-of", "2030-05-20")
    assert ("embargoed until its publication date, June 2030: its page appears on the first "
            "build on or after 1 June 2030 (the site is built as of 20 May 2030, given with "
            "--as-of)") in checked.stderr


def test_a_bad_as_of_is_refused_plainly() -> None:
    result = run_generator("check", "--as-of", "3 March")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith(
        "argument --as-of: '3 March': give a date as year-month-day, such as 2027-03-03")


def test_build_date_fixes_the_day_and_check_warns_about_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    # Child S's case: published last month, but the data holds the site at 30 June 2022.
    last_month = today().replace(day=1) - timedelta(days=1)
    publish_child_b_on(data, f"{last_month:%Y-%m}")
    assert generate(data).returncode == 0
    assert not summary_page(data).exists()
    checked = run_generator("check", "--data", str(data))
    assert checked.returncode == 0
    warnings = [line for line in checked.stderr.splitlines() if ": warning: " in line]
    assert warnings == [
        f"{data}/partnership.yml:29:15: warning: site.build_date: the site is built as of "
        "30 June 2022 whatever the day, so records published after it stay off the site and "
        "no embargo lifts by itself; remove it to build as of the day of each build (a build "
        "can be pinned with --as-of instead)",
        f"{data}/reviews/child-b.yml:6:9: warning: publication.date: no page yet: its "
        f"publication date ({PartialDate(last_month.year, last_month.month).long}) has come, "
        "but `site.build_date` in partnership.yml holds the site at 30 June 2022; remove "
        "`build_date` to build as of the day of each build"]
    # --as-of wins over the data's day.
    assert generate(data, "--as-of", f"{today():%Y-%m-%d}").returncode == 0
    assert summary_page(data).is_file()


def test_diff_names_what_is_withheld_without_its_title(unpinned: Path) -> None:
    repository = unpinned.parent
    subprocess.run(["git", "init", "-q", "-b", "main", str(repository)], check=True,
                   env=GIT_ENVIRONMENT)
    subprocess.run(["git", "-C", str(repository), "add", "data"], check=True,
                   env=GIT_ENVIRONMENT)
    subprocess.run(["git", "-C", str(repository), "commit", "-q", "-m", "base"], check=True,
                   env=GIT_ENVIRONMENT)
    publish_child_b_on(unpinned, "2030-03-03")
    result = run_generator("diff", "main", cwd=repository)
    assert result.returncode == 0, result.stderr
    assert "### Reviews\n\n- No longer published: **Child B** (`child-b`)" in result.stdout
    assert ("### Marked published, not on the site yet\n\n- `child-b` (review): embargoed "
            "until its publication date, 3 March 2030: its page appears on the first build on "
            "or after that day (the site is built as of today, ") in result.stdout
    assert SECRET not in result.stdout


def test_the_order_of_what_fixes_the_day() -> None:
    dataset, _ = load_dataset(FIXTURE_DATA)
    pinned = dataset.partnership
    free = pinned.model_copy(update={"site": pinned.site.model_copy(
        update={"build_date": None})})
    epoch = str(int(datetime(2024, 1, 1, 12, tzinfo=UTC).timestamp()))
    assert as_of(free, {}) == AsOf(today(), "today")
    assert as_of(free, {"SOURCE_DATE_EPOCH": epoch}) == AsOf(date(2024, 1, 1), "epoch")
    assert as_of(pinned, {"SOURCE_DATE_EPOCH": epoch}) == AsOf(date(2022, 6, 30), "data")
    assert as_of(pinned, {AS_OF_VARIABLE: "2027-03-03", "SOURCE_DATE_EPOCH": epoch}) == (
        AsOf(date(2027, 3, 3), "option"))
    with pytest.raises(GeneratorError, match="SOURCE_DATE_EPOCH is 'soon': it must be a "
                                             "whole number of seconds since 1 January 1970"):
        as_of(free, {"SOURCE_DATE_EPOCH": "soon"})
