"""The form editor's collections and fields, made from the editors' JSON Schemas.

`generator/cms.py` writes Decap CMS's `config.yml` with these collections, read from
`schema/*.schema.json`, so the forms follow the models rather than a hand-written copy.

- Each property is a field, in the schema's order, `required` only where its object
  requires it (Decap makes every field required unless told otherwise).
- `$ref` is followed, a `null` alternative means optional, and the alternatives
  `generator/schema.py` adds for YAML 1.2 tools (a number for text, text for a number) are
  dropped: the first alternative is the model's own type. So a partial date or an id is a
  `string` field with the schema's pattern.
- Markdown prose is a `text` field: the `markdown` widget rewrites what it saves (escapes,
  list markers), changing lines nobody edited. The schema cannot tell prose from a line of
  text (both are strings), so the models' `Prose` marks are read.
- A value in two shapes (an object or its short form, counts or a list of kinds), or a
  report's sections nested deeper than `_NESTING`, is a `text` field with a hint saying so,
  listed in `UNMAPPED`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, get_args

from pydantic import BaseModel

from generator.models import SLUG_PATTERN, Prose
from generator.schema import FILE_KINDS

UNMAPPED: tuple[tuple[str, str], ...] = ()
"""(collection, dotted path) of each property the last call to `collections` could not give
a faithful widget, and left as a `text` field."""

_NESTING = 4
"""How deep a definition may nest inside itself (a report's sections within sections):
Decap's configuration cannot refer back to a field, so deeper levels are left unmapped."""
_MAX_HOPS = 32
"""How many references in a row may be followed before one is taken to refer to itself."""

# name, schema file kind, label, singular label, the field a new file is named from
# (None for a single file).
_COLLECTIONS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("reviews", "review", "Reviews", "Review", "subject"),
    ("briefings", "briefing", "Briefings", "Briefing", "title"),
    ("periods", "period", "Reporting periods", "Reporting period", "title"),
    ("themes", "themes", "Themes", "Themes", None),
    ("glossary", "glossary", "Glossary", "Glossary", None),
)

_CARRIED = ("description", "default")
_FORM = "$form"  # the description nearest a value's own schema: what form it takes
_SCALARS = frozenset({"string", "integer", "number", "boolean"})
_NOT_BLANK = r"\S"
_ACRONYMS = {"csc": "CSC", "cspr": "CSPR", "id": "ID", "url": "URL"}
_PROSE_HINT = "Markdown: bold, italic, lists and links to full web addresses."
_UNMAPPED_HINT = ("The form cannot edit this field: change it in the YAML data file itself. "
                  "Text typed here is saved as plain text, not read as YAML.")
_NAMES_FILE_HINT = ("Names the file, and the page's address, of a new {what} made here: "
                    "fill it in before the first save.")


class _Unmappable(Exception):
    """A schema no Decap widget can show faithfully."""


@dataclass(frozen=True)
class _Context:
    """What mapping one collection needs beside the schema in hand."""

    collection: str
    defs: dict[str, Any]
    prose: frozenset[tuple[str, str]]
    unmapped: list[tuple[str, str]]


def collections(schema_dir: Path) -> list[dict[str, Any]]:
    """The Decap CMS collections for the data folder, from the editors' JSON Schemas."""
    global UNMAPPED
    kinds = {kind.name: kind for kind in FILE_KINDS}
    unmapped: list[tuple[str, str]] = []
    result: list[dict[str, Any]] = []
    for name, kind_name, label, singular, slug_field in _COLLECTIONS:
        kind = kinds[kind_name]
        schema = json.loads((schema_dir / kind.file_name).read_text(encoding="utf-8"))
        context = _Context(name, schema.get("$defs", {}), _prose_fields(kind.model), unmapped)
        fields = _fields(schema, context, "", (kind.model.__name__,))
        if slug_field is None:
            result.append({"name": name, "label": label, "format": "yml", "files": [
                {"name": name, "label": label, "file": kind.globs[0], "fields": fields}]})
            continue
        for field in (field for field in fields if field["name"] == slug_field):
            field["hint"] = _join(field.get("hint"), _NAMES_FILE_HINT.format(what=singular.lower()))
        result.append({
            "name": name, "label": label, "label_singular": singular,
            "folder": str(PurePosixPath(kind.globs[0]).parent), "extension": "yml",
            "format": "yml", "create": True, "identifier_field": "title",
            "slug": _slug(slug_field, singular),
            "summary": "{{title}}", "fields": fields})
    UNMAPPED = tuple(unmapped)
    return result


def _slug(field: str, singular: str) -> str:
    """The template a new file's name is made from: Decap lower-cases the field's value and
    writes hyphens for spaces and punctuation (`Child S` makes `child-s.yml`); a blank
    value makes `new-review.yml` (Decap numbers a second one), never a nameless `.yml`."""
    fallback = "new-" + singular.lower().replace(" ", "-")
    return f"{{{{fields.{field} | default('{fallback}')}}}}"


def _prose_fields(model: type[BaseModel]) -> frozenset[tuple[str, str]]:
    """(model name, field name) of each field marked `Prose`, in `model` and the models it
    holds: the schema's `$defs` are named, and titled, after these models."""
    found: set[tuple[str, str]] = set()
    todo, seen = [model], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            parts = [*info.metadata, *_annotation_parts(info.annotation)]
            if any(isinstance(part, Prose) for part in parts):
                found.add((current.__name__, name))
            todo.extend(part for part in parts
                        if isinstance(part, type) and issubclass(part, BaseModel))
    return frozenset(found)


def _annotation_parts(annotation: Any) -> Iterator[Any]:
    """Every type and `Annotated` marker inside an annotation (`list[Markdown] | None`)."""
    yield annotation
    for argument in get_args(annotation):
        yield from _annotation_parts(argument)


def _fields(node: dict[str, Any], context: _Context, path: str,
            stack: tuple[str, ...]) -> list[dict[str, Any]]:
    """One field for each property of an object schema, in the schema's order; `stack`
    names the models being mapped, the innermost (whose properties these are) last."""
    required = set(node.get("required", []))
    return [_field(name, schema, name in required, context,
                   f"{path}.{name}" if path else name, stack)
            for name, schema in node.get("properties", {}).items()]


def _field(name: str, schema: dict[str, Any], required: bool, context: _Context, path: str,
           stack: tuple[str, ...]) -> dict[str, Any]:
    """The Decap field for one property; a `text` field, listed in `UNMAPPED`, for one the
    form cannot show faithfully."""
    field: dict[str, Any] = {"name": name, "label": _label(name, schema.get("title"))}
    prose = (stack[-1], name) in context.prose
    try:
        shape = _shape(schema, context)
        field.update(_widget(shape, context, prose, path, stack))
    except _Unmappable:
        context.unmapped.append((context.collection, path))
        return {**field, "widget": "text", "required": required,
                "hint": _join(_one_line(schema.get("description")), _UNMAPPED_HINT)}
    field["required"] = required
    if field["widget"] == "object" and not required:
        # Decap checks an empty optional object's required fields all the same, and
        # refuses to save: inside one, nothing is required of the form (`check` still is).
        field["fields"] = [_optional(inner) for inner in field["fields"]]
    hint = _join(_one_line(shape.get("description")), _PROSE_HINT if prose else None)
    if hint:
        field["hint"] = hint
    default = shape.get("default")
    if default is not None and not isinstance(default, dict):
        field["default"] = default
    return field


def _optional(field: dict[str, Any]) -> dict[str, Any]:
    """`field` made optional, with the fields of an object inside it (a list's items keep
    theirs: Decap checks those only for the items there are)."""
    inner = {**field, "required": False}
    if not isinstance(inner.get("default"), list):
        # A default would fill in the object the editor left empty, and an object with
        # one value set must hold its required ones. (Empty lists are pruned on saving.)
        inner.pop("default", None)
    if inner["widget"] == "object":
        inner["fields"] = [_optional(nested) for nested in inner["fields"]]
    return inner


def _label(name: str, title: str | None) -> str:
    """The property name made readable (`one_thing`: "One thing"), or the schema's title
    where someone wrote one (pydantic's own titles only capitalise every word)."""
    if title and title != name.title().replace("_", " "):
        return title
    readable = " ".join(_ACRONYMS.get(word, word) for word in name.split("_"))
    return readable[:1].upper() + readable[1:]


def _join(*parts: str | None) -> str:
    """Sentences of a hint, the missing ones left out."""
    return " ".join(part for part in parts if part)


def _one_line(text: str | None) -> str:
    """A description on one line, as a hint under its field."""
    return " ".join(text.split()) if text else ""


def _choices(node: dict[str, Any], context: _Context, hops: int = 0,
             carried: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The alternatives a schema allows other than null, with each `$ref` followed and each
    nested `anyOf` opened. The outer schema's description (the hint) and default win over
    inner ones; the innermost description is kept as well, as `_FORM`, for a pattern."""
    if hops > _MAX_HOPS:
        raise _Unmappable("a reference to itself")
    outer = carried or {}
    carried = {**{key: node[key] for key in _CARRIED if key in node}, **outer,
               _FORM: node.get("description") or outer.get(_FORM)}
    if "$ref" in node:
        target = context.defs[node["$ref"].removeprefix("#/$defs/")]
        return _choices(target, context, hops + 1, carried)
    if "anyOf" in node and "properties" not in node:
        return [choice for branch in node["anyOf"] if branch.get("type") != "null"
                for choice in _choices(branch, context, hops, carried)]
    return [{**node, **carried}]


def _shape(node: dict[str, Any], context: _Context) -> dict[str, Any]:
    """The one schema a field shows for `node`.

    The first alternative is the model's own type. Scalars after a scalar are other ways a
    YAML 1.2 tool reads the same value (`5` or `"5"`), and a list's item after the list is
    the list of one written on one line: both are left out. Anything else is unmappable.
    """
    first, *rest = _choices(node, context) or [{}]
    if not rest or (_is_scalar(first) and all(_is_scalar(choice) for choice in rest)):
        return first
    if _types(first) == ["array"]:
        items = _choices(first.get("items", {}), context)
        if [_bare(choice) for choice in rest] == [_bare(item) for item in items]:
            return first
    raise _Unmappable("an object or a single value")


def _types(node: dict[str, Any]) -> list[str]:
    """A schema's `type`, always as a list."""
    kind = node.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def _is_scalar(node: dict[str, Any]) -> bool:
    """A single value (text, number, flag or a value from a list), not an object or list."""
    return "enum" in node or (bool(_types(node)) and set(_types(node)) <= _SCALARS)


def _bare(node: dict[str, Any]) -> dict[str, Any]:
    """A schema without the descriptions and default carried down to it."""
    return {key: value for key, value in node.items() if key not in (*_CARRIED, _FORM)}


def _widget(shape: dict[str, Any], context: _Context, prose: bool, path: str,
            stack: tuple[str, ...]) -> dict[str, Any]:
    """The widget, and its options, for one resolved schema."""
    kind = _types(shape)
    if "enum" in shape:
        return {"widget": "select", "options": list(shape["enum"])}
    if kind == ["string"]:
        return _text(shape, prose)
    if kind in (["integer"], ["number"]):
        return _number(shape)
    if kind == ["boolean"]:
        return {"widget": "boolean"}
    if kind == ["object"] and "properties" in shape:
        model = shape.get("title", "")
        if stack.count(model) >= _NESTING:
            raise _Unmappable(f"{model} nested in itself more than {_NESTING} deep")
        return {"widget": "object", "fields": _fields(shape, context, path, (*stack, model))}
    if kind == ["array"]:
        return _list(shape, context, prose, path, stack)
    raise _Unmappable(f"no widget for {kind or 'a schema without a type'}")


def _text(shape: dict[str, Any], prose: bool) -> dict[str, Any]:
    """A `string` field (with the schema's pattern, if any), or `text` for prose."""
    if prose:
        return {"widget": "text"}
    field: dict[str, Any] = {"widget": "string"}
    pattern = shape.get("pattern")
    if pattern and pattern != _NOT_BLANK:  # `required` already refuses a blank value
        field["pattern"] = [pattern, _pattern_message(pattern, shape.get(_FORM))]
    return field


def _pattern_message(pattern: str, description: str | None) -> str:
    """What Decap says when a value does not match its pattern."""
    if pattern == SLUG_PATTERN:
        return "Use lower-case letters and digits, with a hyphen between words (child-r)"
    text = _one_line(description).rstrip(".")
    if not text:
        return "This is not in the form expected here"
    if not text[1:2].isupper():  # an ordinary word ("A web address"), not YYYY-MM-DD
        text = text[:1].lower() + text[1:]
    return f"Expected {text}"


def _number(shape: dict[str, Any]) -> dict[str, Any]:
    """A `number` field: whole numbers for an integer, decimals otherwise."""
    whole = _types(shape) == ["integer"]
    field: dict[str, Any] = {"widget": "number", "value_type": "int" if whole else "float"}
    if "minimum" in shape:
        field["min"] = shape["minimum"]
    elif whole and "exclusiveMinimum" in shape:
        field["min"] = int(shape["exclusiveMinimum"]) + 1
    if "maximum" in shape:
        field["max"] = shape["maximum"]
    return field


def _list(shape: dict[str, Any], context: _Context, prose: bool, path: str,
          stack: tuple[str, ...]) -> dict[str, Any]:
    """A `list`: of objects, with their `fields`; of single values, with one `field`."""
    item = _widget(_shape(shape.get("items", {}), context), context, prose, path, stack)
    if item["widget"] == "object":
        return {"widget": "list", "fields": item["fields"]}
    name = path.rpartition(".")[2]
    return {"widget": "list",
            "field": {"name": name, "label": _label(name, None), **item, "required": True}}
