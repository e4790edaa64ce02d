"""JSON Schema for each kind of data file, generated from the models (never written by hand).

Editors' tools (VS Code's YAML extension, through `.vscode/settings.json`) use these schemas
to complete field names and flag mistakes as the editor types. The schemas must agree with
our loader, which is not how a YAML 1.2 tool reads a file:

- the loader keeps every scalar as the text written, and the model converts it; a YAML 1.2
  tool reads an unquoted `5` as a number, `1.10` as a number and `true` as a boolean. So a
  text field also accepts numbers and booleans, and a number field also accepts text that
  the model would convert (`"5"`).
- a field whose model takes a single item for a list of one (`themes: neglect`) accepts
  either form, worked out from the validator the model attaches to it.
- review, briefing and period files take their `id` from the file name, so their schema has
  no `id` field (the loader refuses one).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from generator.models import (
    AllowList,
    Briefing,
    Glossary,
    Partnership,
    ReportingPeriod,
    Review,
    ThemeFile,
    _learning_point,
    _money,
    _text_list,
)

DEFAULT_SCHEMA_DIR = Path("schema")
DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Text the model turns into a number: `5`, `+5`, `1_000`, `5.0` (pydantic's lax parsing).
_INT_TEXT = r"^\s*[+-]?[0-9]+(_[0-9]+)*(\.0*)?\s*$"
_DECIMAL_TEXT = r"^\s*[+-]?([0-9]+(_[0-9]+)*(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$"
_NOT_BLANK = r"\S"


@dataclass(frozen=True)
class FileKind:
    """One kind of data file: its model, its schema file, and where such files live."""

    name: str
    model: type[BaseModel]
    globs: tuple[str, ...]
    keyed_by_file_name: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.name}.schema.json"


def _folder(name: str) -> tuple[str, ...]:
    return tuple(f"{root}{name}/*.{suffix}" for root in ("data/", "tests/fixtures/data/")
                 for suffix in ("yml", "yaml"))


def _single(name: str) -> tuple[str, ...]:
    return tuple(f"{root}{name}" for root in ("data/", "tests/fixtures/data/"))


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("partnership", Partnership, _single("partnership.yml")),
    FileKind("themes", ThemeFile, _single("themes.yml")),
    FileKind("glossary", Glossary, _single("glossary.yml")),
    FileKind("allowed", AllowList, _single("allowed.yml")),
    FileKind("review", Review, _folder("reviews"), keyed_by_file_name=True),
    FileKind("briefing", Briefing, _folder("briefings"), keyed_by_file_name=True),
    FileKind("period", ReportingPeriod, _folder("periods"), keyed_by_file_name=True),
)


class _EditorSchema(GenerateJsonSchema):
    """Pydantic's schema generation, adjusted to accept what the loader accepts."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        text = super().str_schema(schema)
        if "pattern" in text:
            # An id such as `2021` is a number to a YAML 1.2 tool and text to the loader.
            return {"anyOf": [text, {"type": "integer", "minimum": 0}]}
        if schema.get("strip_whitespace") and text.get("minLength") == 1:
            # The model strips spaces before counting, so a blank value is empty.
            text.pop("minLength")
            text["pattern"] = _NOT_BLANK
        return {"anyOf": [text, {"type": ["number", "boolean"]}]}

    def int_schema(self, schema: core_schema.IntSchema) -> JsonSchemaValue:
        return {"anyOf": [super().int_schema(schema), {"type": "string", "pattern": _INT_TEXT}]}

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        number = super().decimal_schema(schema)
        branches = number.get("anyOf", [number])
        return {"anyOf": [*(b for b in branches if b.get("type") == "number"),
                          {"type": "string", "pattern": _DECIMAL_TEXT}]}

    def function_before_schema(
            self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        inner = super().function_before_schema(schema)
        function = schema["function"]["function"]
        if function is _text_list:  # a list, or its one item on one line
            return {"anyOf": [inner, inner.get("items", {})]}
        if function is _learning_point:  # a learning point, or just its text
            return {"anyOf": [inner, self.generate_inner(core_schema.str_schema(
                strip_whitespace=True, min_length=1))]}
        if function is _money:  # an amount of money, or just the amount
            return {"anyOf": [inner, self.generate_inner(core_schema.int_schema(ge=0))]}
        return inner


def schema_for(kind: FileKind) -> dict[str, Any]:
    """The JSON Schema for one kind of data file."""
    schema = kind.model.model_json_schema(schema_generator=_EditorSchema)
    if kind.keyed_by_file_name:
        schema["properties"].pop("id")
        schema["required"] = [name for name in schema.get("required", []) if name != "id"]
        if not schema["required"]:
            schema.pop("required")
    return {"$schema": DIALECT, "$id": kind.file_name, **schema,
            "title": f"{kind.name} file ({kind.globs[0]})"}


def schema_files() -> dict[str, str]:
    """Every schema file's name and exact text, as `write_schemas` writes them."""
    return {kind.file_name: json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
            for kind in FILE_KINDS}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`, leaving files whose text is unchanged untouched."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in schema_files().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written
