"""Share a batch of work with a second process, so generation uses two cores.

Generation is pure Python, so threads would take turns; a forked child starts with every
record already in memory (shared, copy-on-write), works through part of the batch and sends
back only the answers, pickled. That suits what is expensive here: parsing and validating
thousands of files, rendering thousands of pages, and making thousands of files.

Both processes take the next chunk of items from a shared counter until none is left, so a
process slowed by anything (its share of unpickling, a neighbour on the machine) simply takes
fewer. The child sends each chunk's answers as soon as they are ready, and this process
takes them in between its own chunks, so little is left to do once the work runs out.
(No thread is used: one reading the pipe would wait its turn for the interpreter lock.)

The work is split only where it pays: a big batch, on a POSIX system with two or more cores
free to this process. Otherwise, or when `SLH_PROCESSES=1` is set, all of it runs here.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable, Sequence
from multiprocessing.sharedctypes import Synchronized
from typing import Any, BinaryIO, Protocol, TypeVar

from generator.errors import GeneratorError

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)
R = TypeVar("R")

MINIMUM_BATCH = 200
"""Below this many items a second process costs more than it saves (it is ~20 ms to start)."""

CHUNK = 48
"""Items taken at a time: a few tens of milliseconds of work, so the two finish together."""

PIPE_BYTES = 8 << 20
"""Room in the pipe for a few chunks' answers (a chunk of pages or records is under 1 MB)."""


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
    """`[work(item) for item in items]`, with part of the items done by a forked child.

    Whatever the child changes is lost with it, apart from what `memory` exports for its
    items, which is adopted here: so the next batch finds remembered answers for every item,
    whichever process worked them out. A chunk's answers and its memory are pickled together,
    so an object an answer shares with the memory is still one object here. An error raised
    in either process is raised here; a child that dies without answering is reported plainly.
    """
    if len(items) < MINIMUM_BATCH or processes() < 2:
        return [work(item) for item in items]
    try:
        taken: Synchronized[int] = multiprocessing.Value("q", 0)
    except OSError:  # no shared memory to count in: do it all here
        return [work(item) for item in items]
    reading, writing = os.pipe()
    _widen(writing)
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which never returns
        os.close(reading)
        _work_as_child(os.fdopen(writing, "wb"), work, items, taken, memory)
    os.close(writing)
    answers: list[Any] = [None] * len(items)
    answered = 0
    frames = _Answers(reading)

    def take_answers(ready: list[bytes]) -> None:
        nonlocal answered
        for frame in ready:
            ok, result = pickle.loads(frame)
            if not ok:
                raise result
            start, chunk_answers, exported = result
            answers[start:start + len(chunk_answers)] = chunk_answers
            answered += len(chunk_answers)
            if memory is not None:
                memory.adopt(exported)

    try:
        while (start := _take(taken, len(items))) is not None:
            chunk = items[start:start + CHUNK]
            answers[start:start + len(chunk)] = [work(item) for item in chunk]
            answered += len(chunk)
            take_answers(frames.ready())
        take_answers(frames.rest())
    except BaseException:
        os.kill(child, signal.SIGKILL)
        raise
    finally:
        frames.close()
        _, status = os.waitpid(child, 0)
    if answered != len(items):
        raise GeneratorError(f"internal error: the second generation process ended without "
                             f"an answer (exit status {os.waitstatus_to_exitcode(status)})")
    return answers


def _take(taken: Synchronized[int], total: int) -> int | None:
    """The first index of the next chunk nobody has taken, or None when all are taken."""
    with taken.get_lock():
        start = taken.value
        if start >= total:
            return None
        taken.value = start + CHUNK
    return start


def _work_as_child(stream: BinaryIO, work: Callable[[T], R], items: Sequence[T],
                   taken: Synchronized[int], memory: Memory[T] | None,
                   ) -> None:  # pragma: no cover - runs in the child
    """Take chunks and send their answers (or the first error) back; then leave at once.

    Each answer goes as a length and a pickle. `os._exit` skips the parent's exit handlers
    and buffered output, which are not the child's to run.
    """
    code = 0
    try:
        with stream:
            failed = False
            while not failed and (start := _take(taken, len(items))) is not None:
                chunk = items[start:start + CHUNK]
                try:
                    answers = [work(item) for item in chunk]
                    payload = pickle.dumps((True, (start, answers, memory.export(chunk)
                                                   if memory is not None else None)),
                                           protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException as error:  # the first error goes back; work stops
                    payload = pickle.dumps((False, _picklable(error)),
                                           protocol=pickle.HIGHEST_PROTOCOL)
                    failed = True
                stream.write(len(payload).to_bytes(8, "little") + payload)
    except BaseException:  # nothing to report to: the parent sees answers missing
        code = 1
    finally:
        os._exit(code)


class _Answers:
    """The child's answers, taken off the pipe whenever this process is between chunks.

    The pipe is made large enough to hold a few chunks' answers, so the child does not
    wait on it while this process is busy with a chunk of its own.
    """

    def __init__(self, reading: int) -> None:
        self._reading = reading
        self._buffer = bytearray()
        os.set_blocking(reading, False)

    def ready(self) -> list[bytes]:
        """The answers that have arrived, without waiting for more."""
        while True:
            try:
                data = os.read(self._reading, PIPE_BYTES)
            except BlockingIOError:
                break
            if not data:
                break
            self._buffer += data
        return self._frames()

    def rest(self) -> list[bytes]:
        """Every answer still to come, until the child closes the pipe."""
        os.set_blocking(self._reading, True)
        while data := os.read(self._reading, PIPE_BYTES):
            self._buffer += data
        return self._frames()

    def close(self) -> None:
        os.close(self._reading)

    def _frames(self) -> list[bytes]:
        frames, at = [], 0
        while len(self._buffer) - at >= 8:
            size = int.from_bytes(self._buffer[at:at + 8], "little")
            if len(self._buffer) - at - 8 < size:
                break  # the rest of this answer is still on its way
            frames.append(bytes(self._buffer[at + 8:at + 8 + size]))
            at += 8 + size
        del self._buffer[:at]
        return frames


def _widen(pipe: int) -> None:
    """Let the pipe hold `PIPE_BYTES`, where the system allows it (Linux; 1 MB unprivileged)."""
    import fcntl  # POSIX only, as forking is

    for size in (PIPE_BYTES, 1 << 20):
        try:
            fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, size)
            return
        except (AttributeError, OSError):
            continue


def _picklable(error: BaseException) -> BaseException:
    """`error` if it survives pickling as itself; else a plain error that names it."""
    try:
        copy = pickle.loads(pickle.dumps(error))
        if type(copy) is type(error) and str(copy) == str(error):
            return error
    except Exception:  # it does not pickle: send a plain copy
        pass
    return GeneratorError(f"internal error in the second generation process: {error!r}")
