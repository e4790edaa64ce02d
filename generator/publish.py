"""Build the whole site safely: aside first, checked, then swapped into place.

`mkdocs build` empties its output folder before writing, so a build that fails half way
would leave readers with half a site. Here MkDocs builds into a fresh folder beside the real
one; only when it has finished, strictly and without warnings, and the built pages are
exactly the ones the records imply, is the old site replaced in one rename.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.errors import GeneratorError


def build_site(project: Path, site_dir: Path, *, data_dir: Path | None = None) -> Path:
    """Build `project`'s site into `site_dir`, leaving the previous site alone on failure."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if data_dir is not None:
        environment["SLH_DATA_DIR"] = str(data_dir.resolve())
    # -q is never passed: it silently turns strict mode off.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(aside)],
        cwd=project, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        shutil.rmtree(aside, ignore_errors=True)
        messages = [line for line in result.stderr.splitlines()
                    if not line.startswith("INFO")] or ["mkdocs build failed"]
        raise GeneratorError("the site was not built; the previous site is unchanged.\n"
                             + "\n".join(messages))
    previous = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    aside.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return site_dir
