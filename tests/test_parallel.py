"""Work shared with a second process gives what one process would, and is remembered here."""

from __future__ import annotations

import os
from collections.abc import Sequence
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


@two_cores
def test_every_other_item_is_done_by_a_second_process_and_answers_keep_their_order() -> None:
    answers = map_in_two(lambda item: (item * item, os.getpid()), BATCH)
    assert [square for square, _ in answers] == [item * item for item in BATCH]
    pids = [pid for _, pid in answers]
    assert set(pids[0::2]) == {os.getpid()}
    assert len(set(pids[1::2])) == 1 and pids[1] != os.getpid()


def test_a_small_batch_or_one_process_stays_here(monkeypatch: pytest.MonkeyPatch) -> None:
    small = BATCH[:MINIMUM_BATCH - 1]
    assert {pid for pid in map_in_two(lambda _: os.getpid(), small)} == {os.getpid()}
    monkeypatch.setenv("SLH_PROCESSES", "1")
    assert processes() == 1
    assert {pid for pid in map_in_two(lambda _: os.getpid(), BATCH)} == {os.getpid()}


@two_cores
def test_an_error_in_the_second_process_is_raised_here() -> None:
    def work(item: int) -> int:
        if item == 7:  # an odd position: the second process's share
            raise GeneratorError("item 7 is wrong")
        return item

    with pytest.raises(GeneratorError, match=r"^item 7 is wrong$"):
        map_in_two(work, BATCH)


@two_cores
def test_an_error_that_cannot_travel_is_named_plainly() -> None:
    class Local(Exception):  # a class defined here cannot be pickled
        pass

    def work(item: int) -> int:
        if item == 9:
            raise Local("odd")
        return item

    with pytest.raises(GeneratorError, match=r"internal error in the second generation "
                                             r"process: .*Local\('odd'\)"):
        map_in_two(work, BATCH)


@two_cores
def test_a_second_process_that_dies_is_reported_not_waited_for() -> None:
    def work(item: int) -> int:
        if item == 11:
            os._exit(3)
        return item

    with pytest.raises(GeneratorError, match=r"ended without an answer \(exit status 3\)"):
        map_in_two(work, BATCH)


@two_cores
def test_what_the_second_process_remembers_is_remembered_here() -> None:
    remembered: dict[int, int] = {}

    class Memory:
        def export(self, items: Sequence[int]) -> object:
            return {item: remembered[item] for item in items}

        def adopt(self, exported: Any) -> None:
            remembered.update(exported)

    def work(item: int) -> int:
        remembered[item] = os.getpid()
        return item

    map_in_two(work, BATCH, Memory())
    assert sorted(remembered) == BATCH
    assert remembered[1] != os.getpid() and remembered[0] == os.getpid()


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
    # Each review file is worked on once, by one process: every other one by the second.
    for stage, paths in here.items():
        done = [path for path in paths if path in reviews]
        assert len(done) == len(set(done)), stage
        assert not set(done) & set(reviews[1::2]), f"{stage} in both processes"
    assert set(reviews[0::2]) <= set(here["parsed"]), "this process parsed its share"

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
