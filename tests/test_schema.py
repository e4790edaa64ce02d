"""The editors' JSON Schemas: generated, up to date, and in agreement with the loader.

VS Code's YAML extension reads a file by YAML 1.2 rules (an unquoted `5` is a number, `yes`
is text), unlike our loader, which keeps every value as written. `editor_view` reads a file
the way the extension does, so the schema is tested against what an editor's tool really sees.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import EXAMPLE_DATA, FIXTURE_DATA, ROOT, run_generator
from generator.load import load_file
from generator.models import Review
from generator.schema import FILE_KINDS, FileKind, schema_files, write_schemas
from generator.validate import build

SCHEMA_DIR = ROOT / "schema"
BROKEN = ROOT / "tests" / "broken"

# YAML 1.2 core schema: how a plain (unquoted) scalar is typed.
_CORE = (
    (re.compile(r"^(|~|null|Null|NULL)$"), lambda text: None),
    (re.compile(r"^(true|True|TRUE)$"), lambda text: True),
    (re.compile(r"^(false|False|FALSE)$"), lambda text: False),
    (re.compile(r"^[-+]?[0-9]+$"), int),
    (re.compile(r"^0o[0-7]+$"), lambda text: int(text[2:], 8)),
    (re.compile(r"^0x[0-9a-fA-F]+$"), lambda text: int(text[2:], 16)),
    (re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"), float),
)


class EditorToolError(Exception):
    """The YAML extension would flag the file before any schema is applied."""


def _typed(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key, value in node.value:
            if key.value in result:
                raise EditorToolError(f"duplicate key {key.value}")
            result[key.value] = _typed(value)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_typed(item) for item in node.value]
    if node.style:  # quoted or block text is always text
        return node.value
    for pattern, convert in _CORE:
        if pattern.match(node.value):
            return convert(node.value)
    return node.value


def editor_view(path: Path) -> Any:
    """The file's value as a YAML 1.2 tool reads it."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise EditorToolError(str(error)) from error
    return None if root is None else _typed(root)


def kind_of(path: Path) -> FileKind:
    """The kind of data file at `path`, as `.vscode/settings.json` maps it."""
    name = path.parent.name if path.parent.name in ("reviews", "briefings", "periods") \
        else path.name
    by_place = {"reviews": "review", "briefings": "briefing", "periods": "period",
                "partnership.yml": "partnership", "themes.yml": "themes",
                "glossary.yml": "glossary", "allowed.yml": "allowed"}
    return next(kind for kind in FILE_KINDS if kind.name == by_place[name])


def schema_errors(path: Path) -> list[str]:
    """What the editor's YAML extension would flag in the file (empty if nothing)."""
    try:
        value = editor_view(path)
    except EditorToolError as error:
        return [f"YAML: {error}"]
    schema = json.loads((SCHEMA_DIR / kind_of(path).file_name).read_text(encoding="utf-8"))
    return [error.message for error in Draft202012Validator(schema).iter_errors(value)]


def _data_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.y*ml") if path.is_file())


def test_committed_schemas_are_up_to_date() -> None:
    expected = schema_files()
    assert sorted(path.name for path in SCHEMA_DIR.glob("*.json")) == sorted(expected), \
        "run `python -m generator schema`"
    for name, text in expected.items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == text, \
            f"schema/{name} is out of date: run `python -m generator schema`"


def test_each_schema_is_a_valid_2020_12_schema() -> None:
    for text in schema_files().values():
        Draft202012Validator.check_schema(json.loads(text))


def test_schema_command_writes_every_file(tmp_path: Path) -> None:
    result = run_generator("schema", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "allowed.schema.json", "briefing.schema.json", "glossary.schema.json",
        "partnership.schema.json", "period.schema.json", "review.schema.json",
        "themes.schema.json"]
    assert result.stdout.splitlines()[-1] == f"{tmp_path / 'out'}: 7 schemas written"
    again = run_generator("schema", "--out", str(tmp_path / "out"))
    assert again.stdout.splitlines()[-1] == f"{tmp_path / 'out'}: all 7 schemas up to date"


def test_files_named_by_their_id_have_no_id_field() -> None:
    for kind in FILE_KINDS:
        schema = json.loads(schema_files()[kind.file_name])
        if kind.keyed_by_file_name:
            assert "id" not in schema["properties"]
            assert "id" not in schema.get("required", [])


def test_vscode_maps_every_kind_of_file_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {f"./schema/{kind.file_name}": list(kind.globs) for kind in FILE_KINDS}


@pytest.mark.parametrize("path", [*_data_files(EXAMPLE_DATA), *_data_files(FIXTURE_DATA)],
                         ids=lambda path: str(path.relative_to(ROOT)))
def test_every_example_file_passes_the_schema(path: Path) -> None:
    assert schema_errors(path) == []


def test_example_data_passes_the_loader() -> None:
    for data in (EXAMPLE_DATA, FIXTURE_DATA):
        result = run_generator("check", "--data", str(data))
        assert result.returncode == 0, result.stderr


def _schema_cases() -> list[Path]:
    return sorted(case for case in BROKEN.iterdir()
                  if case.is_dir() and "schema: blind" not in
                  (case / "expected.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", _schema_cases(), ids=lambda case: case.name)
def test_broken_file_fails_the_schema_too(case: Path) -> None:
    """The loader side of each case is tested in test_broken_corpus.py."""
    named = (case / "expected.txt").read_text(encoding="utf-8").split(":", 1)[0]
    assert schema_errors(case / named) != []


@pytest.mark.parametrize(("child", "accepted"), [
    ("age_years: 5", True), ('age_years: "5"', True), ("age_years: five", False),
    ("age_years: 30", False), ("age_years: 5.0", True), ("age_years: 5.5", False),
    ("sex: female", True), ("sex: femal", False), ("csc_involvement: yes", True),
    ("csc_involvement: true", False), ("pseudonym: 1.10", True), ("pseudonym: true", True),
    ('pseudonym: "  "', False), ("csc_involvement_detail: early-help", True),
    ("csc_involvement_detail: [early-help, cared-for]", False),
])
def test_schema_and_loader_agree(tmp_path: Path, child: str, accepted: bool) -> None:
    path = tmp_path / "reviews" / "a-review.yml"
    path.parent.mkdir()
    path.write_text(f"type: cspr\ntitle: A review\nchildren:\n  - {child}\n",
                    encoding="utf-8")
    document, problems = load_file(path)
    assert document is not None and problems == []
    build(Review, document, {"id": "a-review", **document.data}, problems)
    assert (problems == []) is accepted, problems
    assert (schema_errors(path) == []) is accepted


def test_write_schemas_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    assert len(write_schemas(tmp_path)) == len(FILE_KINDS)
    assert write_schemas(tmp_path) == []
