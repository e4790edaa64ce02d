"""Text never becomes code: an injection corpus in every text field, built and opened.

Each vector of tests/fixtures/injection/vectors.txt (a line as written, or a JSON string after
`>>> ` for vectors that need line breaks) is put into every text field the example data
holds: the text fields are found by walking the data model beside the data, so a field added
to the model is covered as soon as the example data uses it. A vector the model refuses for
a field is counted as refused (with its message checked); every accepted one is built with
`mkdocs build --strict`, then the built site is read by the post-build audit and every page
is opened in Chromium, which must show no dialog and no page error.
"""

from __future__ import annotations

import copy
import json
import shutil
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Page
from pydantic import BaseModel, TypeAdapter, ValidationError

from conftest import ENGINES, EXAMPLE_DATA, make_project, run_generator, serve
from generator import models
from generator.audit import audit_page, audit_site
from generator.load import load_text
from generator.personal_data import scan

VECTORS_FILE = Path(__file__).parent / "fixtures" / "injection" / "vectors.txt"


def read_vectors() -> list[str]:
    vectors = []
    for line in VECTORS_FILE.read_text("utf-8").splitlines():
        if line.startswith(">>> "):
            vectors.append(json.loads(line[4:]))
        elif line:
            vectors.append(line)
    return vectors


VECTORS = read_vectors()

# --- Which values of a record are text: the model says ------------------------------------

Kind = str  # "text", "markdown" or "url"


def _kind(metadata: list[Any]) -> Kind | None:
    validators = {getattr(item, "func", None) for item in metadata}
    if models._url in validators:
        return "url"
    if any(isinstance(item, models.Prose) for item in metadata):
        return "markdown"
    if models._safe_line in validators:
        return "text"
    return None


def _shape(annotation: Any) -> Any:
    """An annotation reduced to what the walk needs: a kind, a model, or a list of either."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        kind = _kind(metadata)
        return kind if kind else _shape(base)
    if origin in (typing.Union, types.UnionType):
        shapes = [_shape(arg) for arg in typing.get_args(annotation) if arg is not type(None)]
        return next((shape for shape in shapes if shape is not None), None)
    if origin is list:
        inner = _shape(typing.get_args(annotation)[0])
        return None if inner is None else ("list", inner)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _field_shape(model: type[BaseModel], name: str) -> Any:
    field = model.model_fields.get(name)
    if field is None:
        return None
    kind = _kind(field.metadata)
    return kind if kind else _shape(field.annotation)


def text_leaves(model: type[BaseModel], data: Any,
                path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Kind]]:
    """Where `data` (a record's plain values) holds text, and of what kind."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        yield from _leaves(_field_shape(model, key), value, (*path, key))


def _leaves(shape: Any, value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...],
                                                                              Kind]]:
    if shape is None or value is None:
        return
    if isinstance(shape, str):
        if isinstance(value, str):
            yield path, shape
        elif isinstance(value, dict) and shape == "text" and "text" in value:
            return  # a short form written long (learning points): walked by its model
    elif isinstance(shape, tuple):
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _leaves(shape[1], item, (*path, index))
    elif isinstance(value, dict):
        yield from text_leaves(shape, value, path)
    elif isinstance(value, str) and shape is models.LearningPoint:
        yield path, "markdown"


def set_at(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


# --- Which vectors each kind of field accepts ----------------------------------------------

_ADAPTERS = {"text": TypeAdapter(models.Text), "markdown": TypeAdapter(models.Markdown),
             "url": TypeAdapter(models.Url)}


def accepted(kind: Kind) -> list[str]:
    """The vectors a field of `kind` accepts (and that carry no personal identifier)."""
    found = []
    for vector in VECTORS:
        try:
            _ADAPTERS[kind].validate_python(vector)
        except ValidationError:
            continue
        if next(iter(scan(vector)), None) is None:
            found.append(vector)
    return found


def test_the_corpus_covers_every_family() -> None:
    assert len(VECTORS) >= 150
    assert len(set(VECTORS)) == len(VECTORS)
    families = {
        "a quote leaving a link title": '"t" onmouseover=',
        "an abbreviation definition": "*[ABC]: ",
        "a reference definition in a block quote": "> [r]: javascript:",
        "a reference definition in a list item": "- [x][r]\n\n  [r]: javascript:",
        "a reference definition in an admonition": "!!! note\n    [x][r]",
        "a web address closing its link": "https://www.example.org/x){onclick=",
        "an admonition title": '!!! note "<img',
        "a snippet": "--8<--",
        "template syntax": "{{ config }}",
        "an attribute list": "{onclick=alert(1)}",
        "character references": "&#106;avascript",
    }
    for family, marker in families.items():
        assert any(marker in vector for vector in VECTORS), family


def test_refused_vectors_are_refused_in_plain_english() -> None:
    refused = 0
    for kind, adapter in _ADAPTERS.items():
        for vector in VECTORS:
            try:
                adapter.validate_python(vector)
            except ValidationError as error:
                refused += 1
                for detail in error.errors():
                    assert detail["type"] in ("url", "unsafe_link", "relative_link",
                                              "link_form"), (kind, vector, detail)
                    assert "Traceback" not in detail["msg"]
    assert refused > 0


# --- The corpus site -------------------------------------------------------------------------


class Rotation:
    """Hands out the vectors a kind of field accepts, in turn, from a starting point."""

    def __init__(self, offset: int = 0) -> None:
        self.pools = {kind: accepted(kind) for kind in _ADAPTERS}
        self.turns = dict.fromkeys(_ADAPTERS, offset)

    def __call__(self, kind: Kind) -> str:
        pool = self.pools[kind]
        vector = pool[self.turns[kind] % len(pool)]
        self.turns[kind] += 1
        return vector


def load(path: Path) -> Any:
    """The file's values as the generator reads them: every scalar text (`yes` stays `yes`)."""
    document, problems = load_text(path.read_text("utf-8"), path, path.name)
    assert document is not None and not problems, problems
    return document.data


def write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000),
                    "utf-8")


def fill(model: type[BaseModel], data: Any, vector: Callable[[Kind], str]) -> int:
    """Every text value of `data` replaced by a vector; returns how many were replaced."""
    leaves = list(text_leaves(model, data))
    for path, kind in leaves:
        set_at(data, path, vector(kind))
    return len(leaves)


SITE_TITLES = ('Partnership" onmouseover="alert(1)" x="', "</title><script>alert(1)</script>",
               "A & B's <b>safeguarding</b> partnership")


@pytest.fixture(scope="module", params=ENGINES)
def corpus_site(request: pytest.FixtureRequest,
                tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The example data with every text field of every published kind of record filled with
    vectors: as many copies of the fullest review as there are vectors, each starting one
    further along, so that every accepted vector reaches every field of a review."""
    root = tmp_path_factory.mktemp("injection")
    data = root / "data"
    shutil.copytree(EXAMPLE_DATA, data)
    counts: dict[str, int] = {}
    base = load(data / "reviews" / "child-r.yml")
    copies = max(len(pool) for pool in Rotation().pools.values())
    for number in range(copies):
        review = copy.deepcopy(base)
        # Undated, the copies are not among the reviews worked on in 2021-22, whose
        # recorded total (5) the records must fit inside.
        review.pop("dates", None)
        counts["review fields"] = fill(models.Review, review, Rotation(number))
        write(data / "reviews" / f"vector-{number:03}.yml", review)
    rotation = Rotation()
    for path, model in ((data / "partnership.yml", models.Partnership),
                        (data / "themes.yml", models.ThemeFile),
                        (data / "glossary.yml", models.Glossary),
                        *((path, models.ReportingPeriod)
                          for path in sorted((data / "periods").glob("*.yml"))),
                        *((path, models.Briefing)
                          for path in sorted((data / "briefings").glob("*.yml")))):
        record = load(path)
        counts[path.name] = fill(model, record, rotation)
        if model is models.Partnership:
            record["site"]["title"] = SITE_TITLES[0]
            record["short_name"] = SITE_TITLES[1]
        if model is models.Glossary:
            # Terms are abbreviations the pages mark: checked by their own rule, not text.
            for term, original in zip(record["terms"], load(path)["terms"], strict=True):
                term["term"] = original["term"]
        write(path, record)
    project = make_project(root / "project", data)
    result = run_generator("site", "--engine", request.param, cwd=project)
    assert result.returncode == 0, result.stderr[-3_000:]
    return project, counts


def test_every_text_field_of_the_example_data_carries_vectors(
        corpus_site: tuple[Path, dict[str, int]]) -> None:
    _, counts = corpus_site
    assert counts["review fields"] >= 60
    assert counts["2021-22.yml"] >= 100
    assert counts["partnership.yml"] >= 10
    assert sum(counts.values()) >= 400


def test_the_built_corpus_holds_nothing_that_runs(
        corpus_site: tuple[Path, dict[str, int]]) -> None:
    project, _ = corpus_site
    site = project / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > len(accepted("markdown"))
    assert audit_site(site) == []
    for path in pages:  # shown as text, never as an element
        assert "<script>alert" not in path.read_text("utf-8").lower(), path


def test_the_site_name_is_text_wherever_the_theme_writes_it(
        corpus_site: tuple[Path, dict[str, int]]) -> None:
    home = (corpus_site[0] / "site" / "index.html").read_text("utf-8")
    assert 'aria-label="Partnership&#34; onmouseover=&#34;alert(1)&#34; x=&#34;"' in home \
        or 'aria-label="Partnership&quot; onmouseover=&quot;alert(1)&quot; x=&quot;"' in home
    assert audit_page(home) == []


def test_no_vector_runs_in_a_browser(corpus_site: tuple[Path, dict[str, int]],
                                     page: Page) -> None:
    site = corpus_site[0] / "site"
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    pages = sorted(path.parent.relative_to(site).as_posix()
                   for path in site.rglob("index.html"))
    with serve(site) as url:
        for number, address in enumerate(pages):
            page.goto(f"{url}{'' if address == '.' else address + '/'}",
                      wait_until="load")
            if number % 25 == 0:
                # Now and then, hover over and focus what a handler might hang on.
                # (Visible ones: a closed "On this page" list holds links nobody can hover.)
                shown = "article a:visible, article abbr:visible, article img:visible"
                for element in page.locator(shown).all()[:40]:
                    element.hover(timeout=2_000, force=True)
                page.keyboard.press("Tab")
    assert dialogs == []
    assert errors == []
    assert page.evaluate("typeof window.alert") == "function"
