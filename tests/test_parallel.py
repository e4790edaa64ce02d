"""Work shared with a second process gives what one process would, and is remembered here."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from conftest import fresh, rendered
from generator import load, render, validate
from generator.errors import GeneratorError
from generator.parallel import MINIMUM_BATCH, map_in_two, processes
from generator.synth import synthesise

two_cores = pytest.mark.skipif(processes() < 2, reason="this machine gives one core")
BATCH = list(range(MINIMUM_BATCH + 1))


def slowly(item: int) -> tuple[int, int]:
    """Work long enough (~0.2 s for the batch) that the second process starts taking some."""
    time.sleep(0.001)
    return item * item, os.getpid()


@two_cores
def test_both_processes_take_a_share_and_answers_keep_their_order() -> None:
    answers = map_in_two(slowly, BATCH)
    assert [square for square, _ in answers] == [item * item for item in BATCH]
    pids = {pid for _, pid in answers}
    assert os.getpid() in pids and len(pids) == 2


def test_a_small_batch_or_one_process_stays_here(monkeypatch: pytest.MonkeyPatch) -> None:
    small = BATCH[:MINIMUM_BATCH - 1]
    assert {pid for pid in map_in_two(lambda _: os.getpid(), small)} == {os.getpid()}
    monkeypatch.setenv("SLH_PROCESSES", "1")
    assert processes() == 1
    assert {pid for pid in map_in_two(lambda _: os.getpid(), BATCH)} == {os.getpid()}


def _in_the_child(fault: Callable[[], object]) -> Callable[[int], int]:
    """Work that goes wrong only in the second process."""
    parent = os.getpid()

    def work(item: int) -> int:
        if os.getpid() != parent:
            fault()
        return slowly(item)[0]

    return work


@two_cores
def test_an_error_in_the_second_process_is_raised_here() -> None:
    def fault() -> None:
        raise GeneratorError("an item is wrong")

    with pytest.raises(GeneratorError, match=r"^an item is wrong$"):
        map_in_two(_in_the_child(fault), BATCH)


@two_cores
def test_an_error_that_cannot_travel_is_named_plainly() -> None:
    class Local(Exception):  # a class defined here cannot be pickled
        pass

    def fault() -> None:
        raise Local("odd")

    with pytest.raises(GeneratorError, match=r"internal error in the second generation "
                                             r"process: .*Local\('odd'\)"):
        map_in_two(_in_the_child(fault), BATCH)


@two_cores
def test_a_second_process_that_dies_is_reported_not_waited_for() -> None:
    with pytest.raises(GeneratorError, match=r"ended without an answer \(exit status 3\)"):
        map_in_two(_in_the_child(lambda: os._exit(3)), BATCH)


@two_cores
def test_what_the_second_process_remembers_is_remembered_here() -> None:
    remembered: dict[int, int] = {}

    class Memory:
        def export(self, items: Sequence[int]) -> object:
            return {item: remembered[item] for item in items}

        def adopt(self, exported: Any) -> None:
            remembered.update(exported)

    def work(item: int) -> int:
        remembered[item] = slowly(item)[1]
        return item

    map_in_two(work, BATCH, Memory())
    assert sorted(remembered) == BATCH
    assert len(set(remembered.values())) == 2


@two_cores
def test_two_processes_generate_what_one_would_and_a_rebuild_redoes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    synthesise(data, MINIMUM_BATCH + 50, seed=6)
    reviews = sorted((data / "reviews").glob("*.yml"))
    here: dict[str, list[Path]] = {"parsed": [], "validated": [], "scanned": []}

    def noting(stage: str, real: Any, path_of: Any) -> Any:
        def noted(*arguments: Any) -> Any:
            here[stage].append(path_of(*arguments))
            return real(*arguments)
        return noted

    with monkeypatch.context() as patched:
        patched.setattr(load, "load_text", noting("parsed", load.load_text,
                                                  lambda text, path, display: path))
        patched.setattr(validate, "_validate", noting("validated", validate._validate,
                                                      lambda model, doc, data: doc.path))
        patched.setattr(validate, "check_document", noting(
            "scanned", validate.check_document, lambda doc, allowed: doc.path))
        shared = rendered(data)
    # The second process took a share, and nothing was done twice here.
    parsed_here = [path for path in here["parsed"] if path in reviews]
    assert 0 < len(parsed_here) < len(reviews)
    for stage, paths in here.items():
        done = [path for path in paths if path in reviews]
        assert len(done) == len(set(done)), stage
        assert set(done) <= set(parsed_here), f"{stage} here for a file parsed there"

    # Everything the second process parsed, validated, scanned and rendered is kept here:
    # building again in this process must not do any of it again.
    def never(*_: object) -> None:
        raise AssertionError("done again")

    def only_unremembered(site: object, job: render._Job) -> str:
        assert job.inputs is None, f"{job.path} was rendered again"
        return real_render(site, job)  # type: ignore[arg-type]

    real_render = render._render_page
    with monkeypatch.context() as patched:
        patched.setattr(load, "load_text", never)
        patched.setattr(validate, "_validate", never)
        patched.setattr(validate, "check_document", never)
        patched.setattr(render, "_render_page", only_unremembered)
        assert rendered(data) == shared

    monkeypatch.setenv("SLH_PROCESSES", "1")
    assert fresh(data) == shared
