"""Share a batch of work with a second process, so generation uses two cores.

Generation is pure Python, so threads would take turns; a forked child starts with every
record already in memory (shared, copy-on-write), does its half of the batch and sends
back only the answers, pickled. That suits what is expensive here: parsing and validating
thousands of files, and rendering thousands of pages.

The work is split only where it pays: a big batch, on a POSIX system with two or more cores
free to this process. Otherwise, or when `SLH_PROCESSES=1` is set, all of it runs here.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from generator.errors import GeneratorError

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)
R = TypeVar("R")

MINIMUM_BATCH = 200
"""Below this many items a second process costs more than it saves (it is ~20 ms to start)."""


def processes() -> int:
    """How many processes generation may use: 1 or 2."""
    if os.environ.get("SLH_PROCESSES") == "1" or not hasattr(os, "fork"):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 if (cores or 1) >= 2 else 1


class Memory(Protocol[T_contra]):
    """What a batch's work remembers (see `generator.memo`), handed from process to process."""

    def export(self, items: Sequence[T_contra]) -> object:
        """Everything remembered about `items`, to be pickled."""

    def adopt(self, exported: Any) -> None:
        """Remember what `export` gave, in this process."""


def map_in_two(work: Callable[[T], R], items: Sequence[T],
               memory: Memory[T] | None = None) -> list[R]:
    """`[work(item) for item in items]`, with every other item done by a forked child.

    Whatever the child changes is lost with it, apart from what `memory` exports for its
    items, which is adopted here: so the next batch finds remembered answers for every item,
    whichever process worked them out. Answers (and the memory) are pickled together, so an
    object an answer shares with the memory is still one object here. An error raised in
    either process is raised here; a child that dies without answering is reported plainly.
    """
    if len(items) < MINIMUM_BATCH or processes() < 2:
        return [work(item) for item in items]
    theirs = items[1::2]

    def in_child() -> tuple[list[R], object]:
        answers = [work(item) for item in theirs]
        return answers, memory.export(theirs) if memory is not None else None

    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(reading)
        _answer(writing, in_child)
    os.close(writing)
    try:
        mine = [work(item) for item in items[0::2]]
        with os.fdopen(reading, "rb") as stream:
            answer = stream.read()
    except BaseException:
        os.kill(child, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(child, 0)
    if not answer:
        raise GeneratorError(f"internal error: the second generation process ended without "
                             f"an answer (exit status {os.waitstatus_to_exitcode(status)})")
    ok, result = pickle.loads(answer)
    if not ok:
        raise result
    answers, exported = result
    if memory is not None:
        memory.adopt(exported)
    merged: list[R] = [*mine, *answers]
    merged[0::2] = mine
    merged[1::2] = answers
    return merged


def _answer(writing: int, work: Callable[[], object]) -> None:  # pragma: no cover
    """In the child: do the work, send the answer (or the error) back, and leave at once.

    `os._exit` skips the parent's exit handlers and buffered output, which are not ours.
    """
    code = 0
    try:
        try:
            payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as error:  # every error goes back to the parent
            payload = pickle.dumps((False, _picklable(error)), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as stream:
            stream.write(payload)
    except BaseException:  # nothing to report to: the parent sees no answer
        code = 1
    finally:
        os._exit(code)


def _picklable(error: BaseException) -> BaseException:
    """`error` if it survives pickling as itself; else a plain error that names it."""
    try:
        copy = pickle.loads(pickle.dumps(error))
        if type(copy) is type(error) and str(copy) == str(error):
            return error
    except Exception:  # it does not pickle: send a plain copy
        pass
    return GeneratorError(f"internal error in the second generation process: {error!r}")
