"""The GitHub Actions workflows and the pre-commit hooks: valid, and doing what editors rely on.

Workflows are validated with check-jsonschema's vendored copy of the GitHub workflow schema,
with every proxy pointed at a closed port, so the test proves it needs no network.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
ACTIONLINT = Path(sys.executable).parent / "actionlint"
NO_NETWORK = {**os.environ, **{name: "http://127.0.0.1:9" for name in (
    "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")},
    "NO_PROXY": "", "no_proxy": ""}


def validate(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema,
                           *map(str, files)], env=NO_NETWORK, capture_output=True, text=True,
                          check=False)


def steps(workflow: str) -> list[dict[str, Any]]:
    # Parsed with BaseLoader: every value stays text (`on:` would become True otherwise).
    parsed = yaml.load((WORKFLOWS / workflow).read_text(encoding="utf-8"),
                       Loader=yaml.BaseLoader)
    return [step for job in parsed["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("schema", ["vendor.github-workflows",
                                    "custom.github-workflows-require-timeout"])
def test_workflows_validate_offline(schema: str) -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [path.name for path in files] == ["pr.yml", "publish.yml"]
    result = validate(schema, *files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_a_broken_workflow_fails_validation(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = (WORKFLOWS / "publish.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1),
                      encoding="utf-8")
    result = validate("vendor.github-workflows", broken)
    assert result.returncode == 1
    assert "Schema validation errors were encountered." in result.stderr + result.stdout


def jobs(workflow: str) -> dict[str, Any]:
    parsed = yaml.load((WORKFLOWS / workflow).read_text(encoding="utf-8"),
                       Loader=yaml.BaseLoader)
    return dict(parsed["jobs"])


def ci_commands() -> list[str]:
    """The commands `.ci/run` runs, one a line, after its preamble."""
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("make ")]


def test_actionlint_passes_on_the_workflows() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    result = subprocess.run([str(ACTIONLINT), *map(str, files)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_mistake(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    text = (WORKFLOWS / "pr.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("github.base_ref", "github.base_reff", 1), encoding="utf-8")
    result = subprocess.run([str(ACTIONLINT), str(broken)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert "base_reff" in result.stdout


def test_jobs_that_build_run_in_debian_as_make_expects() -> None:
    for workflow, job in (("pr.yml", "check"), ("publish.yml", "build")):
        assert jobs(workflow)[job]["container"] == "python:3.11-bookworm", workflow


def test_every_workflow_command_is_one_the_ci_script_runs() -> None:
    ci = [line.split(" BASE=")[0] for line in ci_commands()]
    for workflow in ("pr.yml", "publish.yml"):
        for step in steps(workflow):
            run = step.get("run", "")
            if not run or run.startswith("git config --global --add safe.directory"):
                continue
            command = run.strip().splitlines()[0].split(" BASE=")[0].split(" FORMAT=")[0]
            assert command in ci, (workflow, command)
    assert ci == ["make check", "make test", "make site", "make --silent diff"]


def test_pull_request_workflow_checks_tests_builds_and_comments() -> None:
    runs = "\n".join(step.get("run", "") for step in steps("pr.yml"))
    uses = [step.get("uses", "") for step in steps("pr.yml")]
    assert "make check FORMAT=github" in runs
    assert "make test" in runs and "make site" in runs
    assert 'make --silent diff BASE="$BASE"' in runs
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs
    assert "actions/github-script@v8" in uses and "actions/upload-artifact@v6" in uses
    comment = next(step for step in steps("pr.yml") if "github-script" in step.get("uses", ""))
    assert "updateComment" in comment["with"]["script"]


def test_publish_workflow_builds_daily_and_deploys_to_pages() -> None:
    runs = [step.get("run", "") for step in steps("publish.yml")]
    uses = [step.get("uses", "") for step in steps("publish.yml")]
    assert "make site" in runs
    pages = [use for use in uses if "pages-artifact" in use or "deploy-pages" in use]
    assert pages == ["actions/upload-pages-artifact@v5", "actions/deploy-pages@v5"]
    cache = next(step for step in steps("publish.yml") if "actions/cache" in step.get("uses", ""))
    assert cache["with"]["path"] == ".cache/pdf"
    parsed = yaml.load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"),
                       Loader=yaml.BaseLoader)
    assert parsed["on"]["push"]["branches"] == ["main"]
    assert parsed["on"]["schedule"] == [{"cron": "17 5 * * *"}]
    assert parsed["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_pre_commit_runs_the_check_and_ruff() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["check-data"]["entry"] == "python -m generator check"
    assert hooks["check-data"]["pass_filenames"] is False
    assert hooks["schema-up-to-date"]["entry"] == "python -m generator schema"
    assert "ruff" in hooks
    assert "check-github-workflows" in hooks
