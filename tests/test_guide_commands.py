"""Every command the editor's guide shows in a `sh` block runs, as written, in a fresh copy
of the repository: so the guide cannot tell an editor to type something that fails."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from test_diff import GIT_ENVIRONMENT

from conftest import EXAMPLE_DATA, ROOT

GUIDE = ROOT / "content" / "about" / "editors-guide.md"


def guide_commands() -> list[str]:
    blocks = re.findall(r"^( *)```sh\n(.*?)^\1```", GUIDE.read_text("utf-8"),
                        flags=re.MULTILINE | re.DOTALL)
    return [line.strip() for _, block in blocks for line in block.splitlines() if line.strip()]


def test_the_guide_shows_the_commands_an_editor_needs() -> None:
    assert guide_commands() == [
        ".venv/bin/python -m generator new review child-s",
        ".venv/bin/python -m generator new review rr-2024-03 --type rapid-review",
        "make check",
        "make diff BASE=main",
    ]


def test_every_command_in_the_guide_runs(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    repository.mkdir()
    for name in ("Makefile", "pyproject.toml", "mkdocs.yml"):  # (copy2: make sees them as
        shutil.copy2(ROOT / name, repository / name)          # older than .venv's stamp)
    shutil.copytree(EXAMPLE_DATA, repository / "data")
    (repository / ".venv").symlink_to(ROOT / ".venv")
    (repository / "generator").symlink_to(ROOT / "generator")
    environment = {**GIT_ENVIRONMENT, "PYTHONPATH": str(ROOT)}
    for arguments in (["init", "-q", "-b", "main"], ["add", "data"],
                      ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", *arguments], cwd=repository, env=environment, check=True)
    for command in guide_commands():
        result = subprocess.run(command, shell=True, cwd=repository, env=environment,
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    assert (repository / "data" / "reviews" / "child-s.yml").is_file()
    assert (repository / "data" / "reviews" / "rr-2024-03.yml").is_file()
