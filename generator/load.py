"""Stage 1: read YAML files into plain Python values, keeping where every value came from.

PyYAML's own constructors are not used, because on their own they:
- keep the last of two duplicate keys without a word;
- turn `no`, `on` and `yes` into booleans, `1.10` into 1.1 and `010` into 8 (YAML 1.1 rules);
- expand aliases, so a few lines can grow into gigabytes.

Instead the file is *composed* into a node tree (which carries line and column marks) and
walked here. Every scalar stays the exact text the editor wrote, apart from the empty value
(`key:`, `~`, `null`), which becomes None; the model decides what type each field is, so a
`title: 1.10` stays "1.10" and `answer: no` stays "no". Anchors, aliases, merge keys and custom
tags are refused: editors never need them and they hide what a record really says.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple, cast

import yaml

from generator.errors import Problem
from generator.load_checks import (
    character_problems,
    depth_problem,
    encoding_problem,
    link_problem,
    syntax_problem,
    tab_problems,
)

try:  # libyaml's C parser is about ten times faster; the pure-Python one is the fallback.
    _Parser: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Parser = yaml.SafeLoader

Loc = tuple[str | int, ...]
"""Where a value sits inside a file: mapping keys and (0-based) list indexes."""

MAX_FILE_BYTES = 2_000_000
"""A data file bigger than this is refused: no record needs it, and parsing it could stall."""

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STANDARD_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(_STANDARD_TAG + name for name in
                          ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))
_STR, _SEQ, _MAP, _MERGE = (_STANDARD_TAG + name for name in ("str", "seq", "map", "merge"))


class _Loader(_Parser):  # type: ignore[misc,valid-type]
    """libyaml's parser without YAML 1.1's implicit typing.

    Scalars are kept as text (the model types them), so the resolver that guesses each
    scalar's type is not needed: it ran once per value and was a third of the parse time.
    Only the plain key `<<` still resolves to a merge key, so that it can be refused.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _MERGE if value == "<<" and implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path-dependent resolvers are registered: nothing to track."""

    def ascend_resolver(self) -> None:
        """See `descend_resolver`."""


def key_path(loc: Loc) -> str:
    """`children[2].sex`: the path to a value, counting list items from 1 as editors do."""
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class Mark(NamedTuple):
    """A 1-based line and column, as editors and text editors count them.

    A named tuple: one is made for every value in every file, and a tuple is the cheapest.
    """

    line: int
    column: int


@dataclass
class Document:
    """One YAML file: its plain values, its text, and where each value and key was written.

    The marks are worked out only when a problem needs one, by composing the text again: a
    clean file, which is nearly every file, never pays for them.
    """

    path: Path
    display: str
    data: Any
    source: str = ""
    _marks: tuple[dict[Loc, Mark], dict[Loc, Mark]] | None = field(default=None, repr=False)

    @property
    def marks(self) -> dict[Loc, Mark]:
        """The mark of every value, by where it sits."""
        return self._located()[0]

    @property
    def key_marks(self) -> dict[Loc, Mark]:
        """The mark of every mapping key, by where its value sits."""
        return self._located()[1]

    def _located(self) -> tuple[dict[Loc, Mark], dict[Loc, Mark]]:
        if self._marks is None:
            marks: dict[Loc, Mark] = {}
            key_marks: dict[Loc, Mark] = {}
            root = yaml.compose(self.source, Loader=_Loader)
            if root is not None:
                _Walker(self.display).record(root, (), marks, key_marks)
            self._marks = (marks, key_marks)
        return self._marks

    def mark(self, loc: Loc) -> Mark:
        """The mark of the value at `loc`, or of the nearest enclosing value that exists."""
        for end in range(len(loc), -1, -1):
            found = self.marks.get(loc[:end])
            if found is not None:
                return found
        return Mark(1, 1)

    def key_mark(self, loc: Loc) -> Mark:
        """The mark of the key that introduces `loc`, falling back to the value's mark."""
        return self.key_marks.get(loc) or self.mark(loc)

    def locate(self, loc: Loc, needle: str) -> Mark:
        """Where `needle`, found inside the value at `loc`, was written in the file.

        Searched for from the value's start, so a word inside a long block of prose is
        reported on its own line; falls back to the value's start.
        """
        start = self.mark(loc)
        lines = self.source.splitlines()
        for number in range(start.line - 1, len(lines)):
            column = lines[number].find(needle, start.column - 1 if number == start.line - 1
                                        else 0)
            if column >= 0:
                return Mark(number + 1, column + 1)
        return start

    def problem(self, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        found = self.key_mark(loc) if at_key else self.mark(loc)
        return Problem(self.display, found.line, found.column, message)


def display_path(path: Path) -> str:
    """The path as an editor would type it: relative to the working folder when inside it."""
    folder = _display_folder(str(path.parent), os.getcwd())
    if folder is None:
        return path.as_posix()
    return f"{folder}/{path.name}" if folder != "." else path.name


@lru_cache(maxsize=256)
def _display_folder(folder: str, working: str) -> str | None:
    """How a folder is shown (None when outside the working folder): worked out once per
    folder rather than once per file, as resolving a path asks the file system."""
    try:
        return Path(folder).resolve().relative_to(Path(working).resolve()).as_posix()
    except ValueError:
        return None


def load_file(path: Path) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file. Returns the document (None if it could not be read) and its problems."""
    display = display_path(path)
    try:
        status = os.lstat(path)  # the link itself, not what it leads to: links are refused
        if stat.S_ISLNK(status.st_mode):
            return None, [link_problem(path, display)]
        size = status.st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(display, 1, 1, f"the file is {size / 1_000_000:.1f} MB, over "
                                                 f"the {MAX_FILE_BYTES // 1_000_000} MB limit "
                                                 "for a data file: split it, or remove what "
                                                 "does not belong")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [encoding_problem(path, display)]
    except OSError as error:
        return None, [Problem(display, 1, 1, f"cannot read the file: {error.strerror}")]
    # A long-running process (`mkdocs serve`) rebuilds after every save: a file whose text
    # has not changed since it was last read is not parsed again. Documents are never
    # changed after loading, so sharing one between builds is safe.
    cached = _PARSED.get(path)
    if cached is not None and cached[0] == text and cached[1].display == display:
        return cached[1], list(cached[2])
    document, problems = load_text(text, path, display)
    if document is not None:
        _PARSED[path] = (text, document, tuple(problems))
    return document, problems


_PARSED: dict[Path, tuple[str, Document, tuple[Problem, ...]]] = {}
"""The last text read from each path, with what it parsed to (see `load_file`)."""


def load_text(text: str, path: Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text that came from `path` (shown to editors as `display`).

    Never raises: whatever the text, the answer is a document or the problems that stop one.
    """
    problems = [*character_problems(text, display), *tab_problems(text, display)]
    if problems:
        # A tab or a control character confuses the parser into reporting something else
        # further on; it is the real mistake, so report each one and nothing the parser would
        # guess after it.
        return None, problems
    walker = _Walker(display, text)
    try:
        too_deep = depth_problem(text, display, _Loader)
        if too_deep is not None:
            return None, [too_deep]
        root = yaml.compose(text, Loader=_Loader)
        data = None if root is None else walker.convert(root)
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(error, text, display, _Loader)]
    except (yaml.YAMLError, UnicodeError) as error:  # a character the checks above let by
        return None, [Problem(display, 1, 1, f"this is not valid YAML: {error}")]
    except RecursionError:  # pragma: no cover - `depth_problem` refuses deep nesting first
        return None, [Problem(display, 1, 1, "the values are nested too deeply to read")]
    if root is None:
        return None, [Problem(display, 1, 1, "the file is empty")]
    document = Document(path=path, display=display, data=data, source=text)
    if walker.aliases:
        return document, [*walker.problems, *_alias_problems(text, display)]
    return document, walker.problems


def _alias_problems(text: str, display: str) -> Iterator[Problem]:
    # Composition forgets where an alias was written, so the events are read again for it.
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) and mark is not None:
            yield Problem(display, mark.line + 1, mark.column + 1,
                          "anchors and aliases (`&name`, `*name`) are not supported: write "
                          "the value out in full")


class _Walker:
    """Turns composed nodes into plain values, refusing risky YAML.

    `convert` is the fast path every file takes; `record` walks the same nodes by the same
    rules to note where each value was written, for a document that has a problem to report.
    """

    def __init__(self, display: str, source: str = "") -> None:
        self.display = display
        self.source = source
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self.aliases = 0

    def _problem(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.display, mark.line + 1, mark.column + 1, message))

    def _accepted(self, node: yaml.Node) -> bool:
        """False for a node that is not turned into a value: an alias, or an unknown tag."""
        node_id = id(node)
        if node_id in self._seen:
            # Composition hands back the very same node for an alias (`*name`); it is
            # reported where it was written, and never expanded.
            self.aliases += 1
            return False
        self._seen.add(node_id)
        if node.tag not in _ALLOWED_TAGS and node.tag != "!":
            self._problem(node, f"the tag `{node.tag}` is not supported: remove it")
            return False
        return True

    def convert(self, node: yaml.Node) -> Any:
        # Called for every value of every file: the commonest case (text) is tested first.
        if not self._accepted(node):
            return None
        kind = type(node)
        if kind is yaml.ScalarNode:
            value: str = node.value
            if not cast(yaml.ScalarNode, node).style:  # plain style only
                if value in _NULLS:
                    return None
                if "- " in value and node.end_mark.line != node.start_mark.line:
                    self._swallowed_items(node)
            return value
        if kind is yaml.MappingNode:
            return {key: self.convert(value) for key, _, value in self._fields(node)}
        return [self.convert(item) for item in node.value]

    def _swallowed_items(self, node: yaml.Node) -> None:
        """Report a line starting `- ` that was read as more of the plain text above it.

        A list item indented more than the one before it is folded into that item's text
        (`- a` then `   - b` is the one item "a - b"), which no editor means.
        """
        lines = self.source.split("\n")
        for number in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines))):
            content = lines[number].lstrip(" ")
            if content.startswith("- ") or content.rstrip() == "-":
                column = len(lines[number]) - len(content)
                self.problems.append(Problem(
                    self.display, number + 1, column + 1,
                    "this line is read as more of the text on the line above, not as a "
                    "list item, because it is indented under that text: line its `- ` up "
                    "with the other items (or, if the dash belongs to the text, put the "
                    "whole text in double quotes)"))
                return

    def record(self, node: yaml.Node, loc: Loc, marks: dict[Loc, Mark],
               key_marks: dict[Loc, Mark]) -> None:
        """Note the mark of `node` (at `loc`) and of every value and key inside it."""
        start = node.start_mark
        marks[loc] = Mark(start.line + 1, start.column + 1)
        if not self._accepted(node):
            return
        if type(node) is yaml.MappingNode:
            for key, key_node, value in self._fields(node):
                start = key_node.start_mark
                key_marks[(*loc, key)] = Mark(start.line + 1, start.column + 1)
                self.record(value, (*loc, key), marks, key_marks)
        elif type(node) is yaml.SequenceNode:
            for index, item in enumerate(node.value):
                self.record(item, (*loc, index), marks, key_marks)

    def _fields(self, node: yaml.Node) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        """A mapping's fields as (key, key node, value node), skipping and reporting bad keys."""
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self._problem(key_node, "merge keys (`<<`) are not supported: write the fields "
                                        "out in full")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "":
                self._problem(key_node, "a field name must be plain text")
                continue
            key = key_node.value
            if key in first_seen:
                self._problem(key_node, f"`{key}` appears twice in the same group (first on line "
                                        f"{first_seen[key].start_mark.line + 1}); keep one")
                continue
            first_seen[key] = key_node
            yield key, key_node, value_node


_YAML_SUFFIX = re.compile(r"\.ya?ml$")


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files directly inside `folder`, in a stable order.

    Links are listed too, without following them, and a folder that is itself a link is
    listed in place of its files: `load_file` refuses each link at its own path (see
    `load_checks.link_problem` for why every link is refused).
    """
    if os.path.islink(folder):
        return [folder]
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:  # one listing, with each entry's type
        names = sorted(entry.name for entry in entries
                       if _YAML_SUFFIX.search(entry.name) and _listed(entry))
    return [folder / name for name in names]


def _listed(entry: os.DirEntry[str]) -> bool:
    """Whether a directory entry is a file to load: a file, or a link (to be refused)."""
    try:
        return entry.is_symlink() or entry.is_file()
    except OSError:  # pragma: no cover - a file system that cannot tell; let loading say
        return True
