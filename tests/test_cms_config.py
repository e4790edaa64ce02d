"""The form editor's collections, made from the editors' JSON Schemas (generator/cms_config.py).

Each test reads the committed schemas and checks the collections against them, so a change
to the models shows up here as a change to the forms, not as a stale copy of the output.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from generator import cms_config
from generator.cms_config import collections

SCHEMA_DIR = ROOT / "schema"
Field = dict[str, Any]


@pytest.fixture(scope="module")
def config() -> dict[str, dict[str, Any]]:
    return {collection["name"]: collection for collection in collections(SCHEMA_DIR)}


def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text("utf-8"))
    return loaded


def fields_of(collection: dict[str, Any]) -> list[Field]:
    fields: list[Field] = (collection["files"][0] if "files" in collection
                           else collection)["fields"]
    return fields


def field_at(fields: list[Field], dotted: str) -> Field:
    """The field at a dotted path of names (`publication.date`)."""
    *parents, last = dotted.split(".")
    for name in parents:
        fields = next(field for field in fields if field["name"] == name)["fields"]
    return next(field for field in fields if field["name"] == last)


def every_field(fields: list[Field], path: str = "") -> Iterator[tuple[str, Field]]:
    """Each field with its dotted path, nested ones included (not a list's single `field`)."""
    for field in fields:
        dotted = f"{path}.{field['name']}" if path else field["name"]
        yield dotted, field
        yield from every_field(field.get("fields", []), dotted)


def enum_of(kind: str, dotted: str) -> list[str]:
    """The values a property's schema allows, following `$ref` and `anyOf` down to `enum`."""
    document = schema(kind)
    node: dict[str, Any] = document
    for name in dotted.split("."):
        node = node["properties"][name]
        while "$ref" in node or "anyOf" in node:
            node = (document["$defs"][node["$ref"].rsplit("/", 1)[1]] if "$ref" in node
                    else next(branch for branch in node["anyOf"] if branch.get("type") != "null"))
    values: list[str] = node["enum"]
    return values


def test_the_five_collections_edit_the_data_folder(config: dict[str, dict[str, Any]]) -> None:
    assert list(config) == ["reviews", "briefings", "periods", "themes", "glossary"]
    for name in ("reviews", "briefings", "periods"):
        collection = config[name]
        assert collection["folder"] == f"data/{name}"
        assert (ROOT / collection["folder"]).is_dir()
        assert collection["create"] is True
        assert (collection["extension"], collection["format"]) == ("yml", "yml")
    assert config["reviews"]["label"] == "Reviews"
    assert config["reviews"]["label_singular"] == "Review"
    for name in ("themes", "glossary"):
        [file] = config[name]["files"]
        assert file["file"] == f"data/{name}.yml"
        assert (ROOT / file["file"]).is_file()


@pytest.mark.parametrize(("name", "slug_field"),
                         [("reviews", "subject"), ("briefings", "title"), ("periods", "title")])
def test_new_files_are_named_from_a_field(config: dict[str, dict[str, Any]], name: str,
                                          slug_field: str) -> None:
    """The id is the file name and no field: Decap makes it from a field's value."""
    collection = config[name]
    fields = fields_of(collection)
    assert "id" not in [field["name"] for field in fields]
    assert re.fullmatch(r"\{\{fields\.(\w+) \| default\('[a-z-]+'\)\}\}", collection["slug"])
    assert f"fields.{slug_field} " in collection["slug"]
    assert field_at(fields, slug_field)["widget"] == "string"
    identifier = field_at(fields, collection["identifier_field"])
    assert (identifier["widget"], identifier["required"]) == ("string", True)
    assert collection["summary"] == "{{title}}"


@pytest.mark.parametrize(("name", "kind"), [("reviews", "review"), ("briefings", "briefing"),
                                            ("periods", "period"), ("themes", "themes"),
                                            ("glossary", "glossary")])
def test_required_follows_the_schema(config: dict[str, dict[str, Any]], name: str,
                                     kind: str) -> None:
    """Required where the schema's object requires it, and explicitly not otherwise, at the
    top and in every nested object whose properties match one of the schema's `$defs`."""
    document = schema(kind)
    fields = fields_of(config[name])
    assert {field["name"] for field in fields if field["required"]} == set(
        document.get("required", []))
    assert all(field["required"] is False for field in fields
               if field["name"] not in document.get("required", []))
    objects = {tuple(definition["properties"]): definition
               for definition in document.get("$defs", {}).values() if "properties" in definition}
    checked = 0
    for path, field, loose in walk(fields):
        assert isinstance(field["required"], bool), path
        names = tuple(sub["name"] for sub in field.get("fields", []))
        if names in objects:
            # Inside an optional object nothing is required of the form (Decap would refuse
            # to save an empty one), and nothing is filled in by default.
            inner_loose = field["widget"] != "list" and (loose or not field["required"])
            required = set() if inner_loose else set(objects[names].get("required", []))
            assert {sub["name"] for sub in field["fields"] if sub["required"]} == required, path
            if inner_loose:
                assert all(isinstance(sub.get("default", []), list)
                           for sub in field["fields"]), path
            checked += 1
    assert checked >= min(len(objects), 2)


def walk(fields: list[Field], loose: bool = False) -> Iterator[tuple[str, Field, bool]]:
    """Each field, with its dotted path and whether it lies in an optional object (not
    reset by a list: a list's items are checked only when there are some)."""
    for path, field in every_field(fields):
        if "." not in path:
            yield from _walk(field, path, loose)


def _walk(field: Field, path: str, loose: bool) -> Iterator[tuple[str, Field, bool]]:
    yield path, field, loose
    inner = loose or (field["widget"] == "object" and not field["required"])
    if field["widget"] == "list":
        inner = False
    for sub in field.get("fields", []):
        yield from _walk(sub, f"{path}.{sub['name']}", inner)


def test_review_required_fields_are_the_schemas(config: dict[str, dict[str, Any]]) -> None:
    required = [field["name"] for field in fields_of(config["reviews"]) if field["required"]]
    assert required == schema("review")["required"]


@pytest.mark.parametrize(("name", "kind", "dotted"), [
    ("reviews", "review", "publication.status"),
    ("reviews", "review", "type"),
    ("reviews", "review", "decision.outcome"),
    ("briefings", "briefing", "publication.status"),
])
def test_a_vocabulary_is_a_select_of_its_values(config: dict[str, dict[str, Any]], name: str,
                                                kind: str, dotted: str) -> None:
    field = field_at(fields_of(config[name]), dotted)
    assert field["widget"] == "select"
    assert field["options"] == enum_of(kind, dotted)


def test_a_partial_date_is_text_with_the_dates_pattern(
        config: dict[str, dict[str, Any]]) -> None:
    field = field_at(fields_of(config["reviews"]), "publication.date")
    assert (field["widget"], field["required"]) == ("string", False)
    pattern, message = field["pattern"]
    for written in ("2021-12", "2021", "2021-12-01", "2021-Q3", "2021-autumn"):
        assert re.search(pattern, written), written
    for written in ("December 2021", "21-12", "2021-13", "soon"):
        assert not re.search(pattern, written), written
    assert "YYYY-MM" in message


def test_ids_and_addresses_carry_their_patterns(config: dict[str, dict[str, Any]]) -> None:
    fields = fields_of(config["reviews"])
    finding_id = field_at(fields, "findings.id")
    assert re.search(finding_id["pattern"][0], "child-r")
    assert not re.search(finding_id["pattern"][0], "Child R")
    url = field_at(fields, "publication.report_url")
    assert re.search(url["pattern"][0], "https://example.org/report.pdf")
    assert not re.search(url["pattern"][0], "example.org")
    assert url["pattern"][1] == "Expected a web address starting with https://"


def test_numbers_and_flags(config: dict[str, dict[str, Any]]) -> None:
    age = field_at(fields_of(config["reviews"]), "children.age_years")
    assert (age["widget"], age["value_type"], age["min"], age["max"]) == ("number", "int", 0, 25)
    appendix = field_at(fields_of(config["periods"]), "reports.sections.appendix")
    assert (appendix["widget"], appendix["default"]) == ("boolean", False)


def test_nested_lists_have_their_fields(config: dict[str, dict[str, Any]]) -> None:
    fields = fields_of(config["reviews"])
    definitions = schema("review")["$defs"]
    findings = field_at(fields, "findings")
    assert findings["widget"] == "list"
    assert [sub["name"] for sub in findings["fields"]] == list(
        definitions["Finding"]["properties"])
    assert findings["default"] == []  # else Decap starts a new review with an empty finding
    actions = field_at(fields, "recommendations.actions")
    assert [sub["name"] for sub in actions["fields"]] == list(definitions["Action"]["properties"])
    themes = field_at(fields, "findings.themes")  # a list, or one id on its own
    assert themes["widget"] == "list"
    assert themes["field"]["widget"] == "string"
    assert "pattern" in themes["field"]
    involvement = field_at(fields, "children.csc_involvement_detail")
    assert involvement["field"]["widget"] == "select"


def test_prose_is_plain_text_and_a_line_is_a_string(config: dict[str, dict[str, Any]]) -> None:
    """Markdown prose is a `text` field, so the form saves exactly what is typed."""
    fields = fields_of(config["reviews"])
    for dotted in ("summary", "background", "findings.text", "one_thing.ask"):
        assert field_at(fields, dotted)["widget"] == "text", dotted
        assert "Markdown" in field_at(fields, dotted)["hint"]
    for dotted in ("title", "subject", "findings.title", "children.pseudonym"):
        assert field_at(fields, dotted)["widget"] == "string", dotted
    assert field_at(fields, "strengths")["field"]["widget"] == "text"
    widgets = {field["widget"] for collection in config.values()
               for _, field in every_field(fields_of(collection))}
    assert "markdown" not in widgets


def test_labels_and_hints_read_well(config: dict[str, dict[str, Any]]) -> None:
    fields = fields_of(config["reviews"])
    assert field_at(fields, "one_thing")["label"] == "One thing"
    assert field_at(fields, "children.csc_involvement")["label"] == "CSC involvement"
    assert field_at(fields, "partnership")["hint"].startswith("The partnership that held")
    for collection in config.values():
        for path, field in every_field(fields_of(collection)):
            assert "\n" not in field.get("hint", ""), path


def test_property_order_is_the_schemas(config: dict[str, dict[str, Any]]) -> None:
    names = [field["name"] for field in fields_of(config["periods"])]
    assert names == list(schema("period")["properties"])


def test_the_configuration_survives_yaml(config: dict[str, dict[str, Any]]) -> None:
    result = collections(SCHEMA_DIR)
    assert yaml.safe_load(yaml.safe_dump(result, sort_keys=False, allow_unicode=True)) == result


_COUNTS = ("sex", "ethnicity", "age_groups", "csc_involvement")


def test_what_the_form_cannot_show_is_few_and_listed() -> None:
    """Each is a value in two shapes (an object or its short form, counts or a list of kinds)
    or the fifth level of sections within sections."""
    result = {collection["name"]: collection for collection in collections(SCHEMA_DIR)}
    expected = {
        ("reviews", "cost"),
        *(("reviews", f"learning_points.{who}") for who in ("practitioners", "managers",
                                                              "system")),
        *(("periods", f"recorded.considerations.{name}")
          for name in ("outcomes", "referral_sources", "joint", "panel_views",
                       *(f"children.{count}" for count in _COUNTS))),
        *(("periods", f"recorded.reviews.{name}")
          for name in ("by_type", "by_status", "publication", "methodologies", "joint",
                       "cost_from", "cost_to", *(f"children.{count}" for count in _COUNTS))),
        ("periods", "reports" + ".sections" * 5),
    }
    assert set(cms_config.UNMAPPED) == expected
    assert len(cms_config.UNMAPPED) == len(expected)
    for name, dotted in cms_config.UNMAPPED:
        field = field_at(fields_of(result[name]), dotted)
        assert field["widget"] == "text"
        assert "YAML" in field["hint"]


def test_a_reference_to_itself_stops(tmp_path: Path) -> None:
    """A definition that refers to itself, directly or through its properties, ends in a
    `text` field rather than recursing for ever."""
    for kind in ("review", "briefing", "period", "themes", "glossary"):
        shutil.copy(SCHEMA_DIR / f"{kind}.schema.json", tmp_path)
    document = schema("review")
    document["$defs"]["Loop"] = {"$ref": "#/$defs/Loop"}
    document["$defs"]["Node"] = {"type": "object", "title": "Node",
                                 "properties": {"below": {"$ref": "#/$defs/Node"}}}
    document["properties"]["loop"] = {"$ref": "#/$defs/Loop"}
    document["properties"]["node"] = {"$ref": "#/$defs/Node"}
    (tmp_path / "review.schema.json").write_text(json.dumps(document), "utf-8")
    reviews = collections(tmp_path)[0]
    assert ("reviews", "loop") in cms_config.UNMAPPED
    deepest = "node" + ".below" * cms_config._NESTING
    assert ("reviews", deepest) in cms_config.UNMAPPED
    assert field_at(fields_of(reviews), deepest)["widget"] == "text"
    assert field_at(fields_of(reviews), deepest.rpartition(".")[0])["widget"] == "object"
