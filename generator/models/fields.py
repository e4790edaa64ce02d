"""Field types every record uses: prose and names made inert, links, ids, flags, money,
and the base `Record` (immutable, no field beyond those declared)."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError


class Prose:
    """Marks a field as Markdown prose: shown to readers, and checked as such."""


# A reference definition (`[name]: target`), at the start of a line or inside block quotes and
# list items, where Markdown reads them too.
_DEFINITION = re.compile(r"^(?:[ \t]*(?:>|[-*+]|\d{1,9}[.)])?)*[ \t]*\[[^\]\n]+\]:[ \t]*(.*)$",
                         re.MULTILINE)
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_TARGET_FORBIDDEN = re.compile(r"[\"'<>`{}\\]")


def _safe_text(value: str) -> str:
    """Prose, checked and made inert: every Markdown field passes through here, once."""
    return _inert(_safe_links(value))


def _safe_line(value: str) -> str:
    """A name or title: `_safe_text`, on one line, and never part of a link's syntax.

    Templates write names inside link text (`[Child R, recommendation 2](...)`), so the
    characters that could end or restructure that link (`[`, `]`, a backtick starting code,
    a backslash escaping the next character) are written as character references too.
    """
    value = _safe_text(" ".join(value.split()) if "\n" in value or "  " in value else value)
    if any(character in value for character in "[]`\\"):
        value = (value.replace("\\", "&#92;").replace("[", "&#91;").replace("]", "&#93;")
                 .replace("`", "&#96;"))
    return value


def _link_targets(value: str) -> Iterator[tuple[str, str]]:
    """Each link target in `value` with what follows it inside the link (which should be
    nothing: links are written `[text](https://...)`, without a title)."""
    start = value.find("](")
    while start >= 0:
        position, depth = start + 2, 0
        while position < len(value) and value[position] in " \t":
            position += 1
        begin = position
        while position < len(value):
            character = value[position]
            if character.isspace() or (character == ")" and depth == 0):
                break
            depth += (character == "(") - (character == ")")
            position += 1
        end = value.find(")", position)
        rest = value[position:end if end >= 0 else len(value)]
        yield value[begin:position], rest.strip() if end >= 0 else "(no closing bracket)"
        start = value.find("](", position)
    if "]:" in value:
        for match in _DEFINITION.finditer(value):
            target, _, rest = match.group(1).strip().partition(" ")
            yield target, rest.strip()


def _safe_links(value: str) -> str:
    """Links go to web, mail or phone addresses in full, written `[text](https://...)`.

    Nothing that runs code or loads data (`javascript:`, `data:`), no address relative to
    the page (it would point into the site's own folders and break the build), and nothing
    else inside the link's brackets (a title, a second address), which Markdown could read
    as more than the editor meant.
    """
    if "](" not in value and "]:" not in value:  # no inline link, no link definition
        return value
    for raw, rest in _link_targets(value):
        target = html.unescape(raw.removeprefix("<").removesuffix(">"))
        plain = re.sub(r"[\x00-\x20\x7f]+", "", target).lower()
        scheme = re.match(r"([a-z][a-z0-9+.-]*):", plain)
        if scheme and scheme.group(1) not in _SAFE_SCHEMES:
            raise PydanticCustomError(
                "unsafe_link", "the link target `{target}` uses `{scheme}:`, which is not "
                "allowed: link to a web address (https://...)",
                {"target": target, "scheme": scheme.group(1)})
        if not scheme:
            raise PydanticCustomError(
                "relative_link", "the link target `{target}` is not a full address: link to a "
                "web address in full (https://...), or to an email address with mailto:",
                {"target": target})
        if rest or _TARGET_FORBIDDEN.search(raw):
            raise PydanticCustomError(
                "link_form", "write a link as [text](https://...), with only the address "
                "inside the round brackets: `{link}` is not that form",
                {"link": f"{raw} {rest}".strip()})
    return value


def _inert(value: str) -> str:
    """Text from the data never becomes markup on a page.

    `<` starts raw HTML and `{` an attribute list (`{onclick=...}`); both are written as
    character references, which read the same but are only ever text.
    """
    if "<" in value or "{" in value:
        return value.replace("<", "&lt;").replace("{", "&#123;")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1),
                 AfterValidator(_safe_line)]
"""A short line of plain text: a name, a title, a label."""

Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), Prose(),
                     AfterValidator(_safe_text)]
"""Prose written in Markdown: a paragraph, a finding, a learning point."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""An id: lower-case letters and digits, words joined by single hyphens (`child-r`)."""


_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f\"'<>\\`{}|^]")


def _url(value: str) -> str:
    """A web address, parsed as one: `https://` or `http://`, a host with a dot, and no
    character that could end the Markdown link it is written into (quotes, `<`, `>`, an
    unmatched bracket) or that a browser would read differently from what is shown."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - parsing the port is what checks it
    except ValueError:
        parts = None
    bad = _URL_FORBIDDEN.search(value)
    if bad:
        raise PydanticCustomError(
            "url", "`{value}` is not a web address that can be linked: it holds {what}; "
            "copy the address from the browser's address bar",
            {"value": value, "what": "a space" if bad.group().isspace()
             else f"the character `{bad.group()}`" if bad.group().isprintable()
             else "a control character"})
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or "." not in parts.hostname or parts.username is not None
            or not value.lower().startswith(f"{parts.scheme}://")):
        raise PydanticCustomError(
            "url", "`{value}` is not a web address: it should start with https://",
            {"value": value})
    if not _brackets_balanced(value):
        raise PydanticCustomError(
            "url", "`{value}` has a bracket that is not closed, or closed without being "
                   "opened: copy the address again, in full", {"value": value})
    return value


def _brackets_balanced(value: str) -> bool:
    for opening, closing in ("()", "[]"):
        depth = 0
        for character in value:
            depth += (character == opening) - (character == closing)
            if depth < 0:
                return False
        if depth:
            return False
    return True


Url = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_url),
                WithJsonSchema({"type": "string", "pattern": r"^\s*https?://[^\s/]+\.\S+\s*$",
                                "description": "A web address starting with https://"})]


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise PydanticCustomError("flag", "write `true` or `false`, not `{value}`", {"value": value})


# The loader reads `true` as text; YAML 1.2 tools read it as a boolean. Both are accepted.
Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema(
    {"anyOf": [{"type": "boolean"},
               {"type": "string", "pattern": "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"}]})]


def _text_list(value: Any) -> Any:
    # A single item written on one line is what an editor means by a list of one.
    return [value] if isinstance(value, str) else value


class Record(BaseModel):
    """Base of every record: immutable, and no field beyond those declared."""

    # Attribute docstrings become descriptions in the editors' JSON Schema.
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False,
                              use_attribute_docstrings=True)


class Money(Record):
    """An amount of money in whole pounds, with how exact it is."""

    amount: Annotated[int, Field(ge=0)]
    qualifier: Literal["exact", "approximately", "over"] = "exact"


def _money(value: Any) -> Any:
    return {"amount": value} if isinstance(value, str | int) else value


Cost = Annotated[Money, BeforeValidator(_money)]


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """A web-address id made from free text: `Children's Social Care` -> `childrens-social-care`.

    Apostrophes vanish rather than split a word; accents are dropped; every other run of
    characters that are not letters or digits becomes one hyphen.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub("['\u2019]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "unnamed"
