"""Build the whole site safely: aside first, checked, then swapped into place.

The steps, in order, none of them inside the engine: generate the Markdown (generator/build.py);
build it with the engine, MkDocs or Zensical (generator/engines.py); sanitise, check, audit
and index what it built (generator/finish.py); add the form editor and the PDF twins; swap.

An engine empties its output folder before writing, so a build that fails half way would
leave readers with half a site. Here the engine builds into a fresh folder beside the real
one; only when it has finished, strictly and without warnings, and the built pages are
exactly the ones the records imply, is the old site replaced, in one step: the two folders
are exchanged by a single system call, so `site/` is never missing, not even for an instant,
and is always wholly the old site or wholly the new one.

Builds into the same site take turns (a lock file beside it, `.site-lock`): the second waits
for the first, so two builds can never mix their pages, in the site or in the generated
Markdown they are made from. Holding the lock, a build first removes what builds that were
killed left beside the site (their `.site-new-*` folders). A fault (a full disk, a folder
that cannot be written) is reported in a line and leaves the previous site as it was.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from pathlib import Path

from generator.build import build
from generator.cms import write_admin
from generator.engines import (
    DEFAULT_ENGINE,
    UNCHANGED,
    read_config,
    run_engine,
    source_date_epoch,
)
from generator.errors import GeneratorError
from generator.finish import finish_site
from generator.pdf import PdfError, label_links, learning_pages, make_pdfs
from generator.validate import load_partnership
from generator.write import describe

PDF_CACHE = Path(".cache") / "pdf"
"""PDFs printed by earlier builds, by page (inside the project; ignored by git)."""


def build_site(project: Path, site_dir: Path, *, data_dir: Path | None = None,
               engine: str = DEFAULT_ENGINE) -> Path:
    """Build `project`'s site into `site_dir` with `engine`, leaving the previous site alone
    on failure.

    The whole build, generation included, runs holding the lock of `site_dir`, and of the
    project's own `site/` where that is another folder, since the Markdown is the project's.
    A DataError (the data's problems, every one) leaves both the site and the Markdown as
    they were.
    """
    site_dir = site_dir.resolve()
    data = data_dir if data_dir is not None else project / "data"
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        with ExitStack() as held:
            locks = [held.enter_context(site_lock(site))
                     for site in sorted({site_dir, project.resolve() / "site"})]
            sweep(site_dir)
            content_dir = project / str(read_config(project / "mkdocs.yml")
                                        .get("docs_dir", "docs"))
            result = build(data, content_dir)
            _dated(result.build_date)
            aside = _make_aside(site_dir)
            try:
                run = run_engine(engine, project, result, aside, data, keep_open=locks)
                finish_site(aside, content_dir, result.generated, run.mark, UNCHANGED)
                _form_editor(project, aside, data)
                _pdf_twins(project, aside)
                swap(aside, site_dir)
            except BaseException:
                _discard(aside)
                raise
    except OSError as error:
        raise GeneratorError(f"{describe(error)}; {UNCHANGED}") from None
    return site_dir


def _dated(day: date) -> None:
    """Both engines date the sitemap from SOURCE_DATE_EPOCH: the as-of day, unless it was
    set, makes builds repeatable."""
    if "SOURCE_DATE_EPOCH" not in os.environ:
        os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(day)


def _pdf_twins(project: Path, aside: Path) -> None:
    """Each report, summary and briefing's PDF, printed from its built page (generator/pdf.py)
    and linked from it with its size. PDFs of pages unchanged since an earlier build come
    from the project's `.cache/pdf`. `mkdocs build` and `mkdocs serve` make none: their
    pages keep the link hidden."""
    try:
        made = make_pdfs(aside, learning_pages(aside), cache=project.resolve() / PDF_CACHE)
    except PdfError as error:
        raise GeneratorError(f"{error}; {UNCHANGED}") from None
    label_links(aside, made)


def _form_editor(project: Path, aside: Path, data: Path) -> None:
    """The form editor at `/admin/` (generator/cms.py), written after the audit: it is the
    site's one page that runs a script of its own, from the pinned Decap CMS release."""
    try:
        write_admin(aside, load_partnership(data), project.resolve() / ".cache")
    except GeneratorError as error:
        raise GeneratorError(f"{error}; {UNCHANGED}") from None


@contextmanager
def site_lock(site_dir: Path) -> Iterator[int]:
    """Hold the lock of the site folder `site_dir` (its file `.NAME-lock` beside it); yields
    the lock's file descriptor. A build that finds it held says so, once, and waits."""
    path = site_dir.parent / f".{site_dir.name}-lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another build of {site_dir.name}/ is running; waiting for it to finish",
                  file=sys.stderr, flush=True)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield descriptor
    finally:
        os.close(descriptor)  # which releases the lock


def sweep(site_dir: Path) -> list[Path]:
    """Remove what killed builds of `site_dir` left beside it; the removed paths.

    Only to be called holding the site's lock: then no build of it is running, and every
    folder an earlier build set aside is a leftover. (A build whose process was killed while
    MkDocs ran holds the lock until its MkDocs ends, so its folder is never removed under it.)
    """
    aside = re.compile(re.escape(f".{site_dir.name}-new-") + r"[a-z0-9_]{8}")
    removed = [path for path in site_dir.parent.iterdir()
               if aside.fullmatch(path.name) or path.name == f".{site_dir.name}-old"]
    for path in removed:
        _discard(path)
    return sorted(removed)


def _make_aside(site_dir: Path) -> Path:
    """A new empty folder beside the site, named `.NAME-new-` and 8 random characters.

    Made as any folder is (so with the usual permissions, not `mkdtemp`'s owner-only ones,
    which the site would keep after the swap and a web server could not read).
    """
    while True:
        aside = site_dir.with_name(f".{site_dir.name}-new-{secrets.token_hex(4)}")
        try:
            aside.mkdir()
            return aside
        except FileExistsError:
            continue


def swap(aside: Path, site_dir: Path) -> None:
    """Put the finished site at `aside` in place of `site_dir`, in one step; then remove the
    old site. A process killed at any point leaves `site_dir` whole: the old site or the new;
    and the next build removes whatever is left at `aside`."""
    if not os.path.lexists(site_dir):
        os.rename(aside, site_dir)
        return
    if not _exchange(aside, site_dir):
        # Without renameat2 (a system other than Linux, or a file system that cannot
        # exchange): two renames, between which `site_dir` is briefly missing.
        previous = site_dir.with_name(f".{site_dir.name}-old")
        _discard(previous)
        site_dir.rename(previous)
        aside.rename(site_dir)
        aside = previous
    _discard(aside)  # the old site, now


_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False where
    that is not available, OSError if it fails."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not Linux, or a C library older than glibc 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # the kernel or file system cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def _discard(path: Path) -> None:
    """Remove `path`, whatever it is, as far as possible (a leftover: nothing depends on it)."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
