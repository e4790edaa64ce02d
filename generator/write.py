"""Stage 5: put the rendered pages on disk, touching only what changed.

The generator owns one folder inside the docs folder. After a write that folder holds exactly
the pages of this build: new and changed files are written (atomically, through a temporary
file), unchanged files keep their bytes and timestamps, and files from earlier builds that
are no longer generated are removed. A marker file records that the folder is ours, so a
mistyped path can never empty somebody else's folder.

Whatever the file system refuses (a full disk, a read-only or misshapen folder) is a
WriteError naming the file, and leaves no half-written file behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from generator.errors import WriteError

MARKER = ".generated"
_MARKER_TEXT = ("Written by `python -m generator build`. "
                "Everything here is rewritten on each build.\n")


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def safe_relative(path: str) -> PurePosixPath:
    """`path` as a relative path that cannot leave its folder; WriteError otherwise."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or not relative.parts or ".." in relative.parts \
            or relative.name.startswith("."):
        raise WriteError(f"refusing to write `{path}`: outside the generated folder")
    return relative


def write_tree(pages: Mapping[str, str], root: Path) -> WriteResult:
    """Make `root` hold exactly `pages` (relative POSIX path -> text).

    Each file is written whole or not at all (a temporary file, then renamed).
    """
    targets = {safe_relative(path): text for path, text in pages.items()}
    try:
        return _write_tree(targets, root)
    except OSError as error:
        raise WriteError(describe(error, root if error.filename is None else None)) from None


def describe(error: OSError, path: Path | str | None = None) -> str:
    """`error` in a line, `cannot write PATH: REASON`: PATH is `path` if given, else the file
    the error names, shown relative to the working folder when it is inside it."""
    where = path if path is not None else error.filename
    reason = error.strerror or str(error)
    if where is None:
        return f"cannot write: {reason}"
    shown = Path(os.fsdecode(where))
    with contextlib.suppress(ValueError):
        shown = shown.absolute().relative_to(Path.cwd())
    return f"cannot write {shown.as_posix()}: {reason}"


def _write_tree(targets: dict[PurePosixPath, str], root: Path) -> WriteResult:
    _claim(root)
    result = WriteResult()
    changed: list[tuple[Path, str]] = []
    for relative, text in sorted(targets.items(), key=lambda item: item[0].parts):
        target = root.joinpath(*relative.parts)
        if _unchanged(target, text):
            result.unchanged += 1
        else:
            changed.append((target, text))
            result.written.append(relative.as_posix())
    for folder in sorted({target.parent for target, _ in changed}):
        folder.mkdir(parents=True, exist_ok=True)
    for page in changed:
        _put(page)
    result.removed = _remove_others(root, {relative.as_posix() for relative in targets})
    return result


def _remove_others(root: Path, wanted: set[str]) -> list[str]:
    """Remove the files under `root` that are not `wanted` (and folders left empty)."""
    removed: list[str] = []
    for folder, _, files in os.walk(root, topdown=False):
        inside = Path(folder).relative_to(root).as_posix()
        for name in files:
            relative = name if inside == "." else f"{inside}/{name}"
            if relative not in wanted and relative != MARKER:
                os.unlink(os.path.join(folder, name))
                removed.append(relative)
        if folder != str(root) and not os.listdir(folder):
            os.rmdir(folder)
    return sorted(removed)


def _put(page: tuple[Path, str]) -> None:
    target, text = page
    _atomic_write(target, text.encode("utf-8"))
    _remember(target, text)


def _unchanged(target: Path, text: str) -> bool:
    """Whether `target` already holds `text`.

    A file this process wrote or checked, whose size and modification time are still as they
    were then, is taken at its word without being read: after one edit, a running process
    (`mkdocs serve`) compares thousands of pages, and reading them all back was most of it.
    """
    try:
        status = target.stat()
    except OSError:
        return False
    known = _KNOWN.get(target)
    if known is not None and known[1:] == (status.st_size, status.st_mtime_ns):
        return known[0] == text
    if target.read_bytes() != text.encode("utf-8"):
        return False
    _remember(target, text, status)
    return True


def _remember(target: Path, text: str, status: os.stat_result | None = None) -> None:
    """Note what `target` holds, with its size and time (taken now unless given)."""
    status = target.stat() if status is None else status
    _KNOWN[target] = (text, status.st_size, status.st_mtime_ns)


_KNOWN: dict[Path, tuple[str, int, int]] = {}
"""What each page holds, with its size and time, as this process last wrote or read it."""


def _claim(root: Path) -> None:
    marker = root / MARKER
    if root.exists() and not marker.exists() and any(root.iterdir()):
        raise WriteError(f"refusing to write into `{root}`: it holds files the generator did "
                         f"not write (no `{MARKER}` file). Move them, or choose another folder")
    root.mkdir(parents=True, exist_ok=True)
    if not marker.exists():
        marker.write_text(_MARKER_TEXT, encoding="utf-8")


def _atomic_write(target: Path, data: bytes) -> None:
    # Named rather than random (`tempfile` costs more than the write at thousands of pages):
    # the folder is the generator's, no page name starts with a dot, and the process id keeps
    # two builds running at once apart.
    temporary = target.with_name(f".tmp-{os.getpid()}-{target.name}")
    try:
        with open(temporary, "xb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):  # named as the page, not its temporary file
            raise WriteError(describe(error, target)) from None
        raise
