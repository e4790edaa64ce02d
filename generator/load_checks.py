"""What the loader says about a file it cannot read as YAML: always a line and column, in words.

Stage 1 (`load.py`) hands over here everything that goes wrong before a file becomes values:
- bytes that are not UTF-8, reported at the first bad byte;
- characters no text file holds (NUL and other control characters), each where it sits;
- nesting too deep for any record, refused before PyYAML's composer, which recurses, meets it;
- links, which are never followed;
- the parser's own errors, moved to where the mistake was made (an unclosed quote or bracket
  is noticed by the parser only much further on) and worded for an editor.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from generator.errors import Problem

MAX_DEPTH = 50
"""Deeper nesting than this is refused: records nest a handful of levels, and PyYAML's
composer (and everything after it) recurses once per level."""

# Everything YAML itself refuses, and the C1 control characters (U+0080 to U+009F), which it
# would otherwise take as text or, for U+0085, as an invisible line break. Tab, LF and CR are
# the only control characters a data file holds.
_NOT_TEXT = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The same characters, told from the text's UTF-8 bytes once the printable ASCII ones are
# deleted (which keeps each multi-byte character whole): far quicker than searching the text.
_PRINTABLE_ASCII = bytes([9, 10, 13, *range(0x20, 0x7F)])
_NOT_TEXT_BYTES = re.compile(rb"[\x00-\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]|\xed[\xa0-\xbf]")
_MAX_REPORTED = 10
"""A file full of control characters (a binary file) gets this many problems, not thousands."""

_DEEP_LINE = re.compile(r"\n[ \t?:-]{12}")
"""A line whose content starts at column 12 or later (after indentation and `- `, `? `, `: `).

Each two levels of block nesting move content at least one column right, so nesting deeper
than MAX_DEPTH needs such a line, or more than MAX_DEPTH // 2 brackets: files with neither
(nearly every file) are not scanned for depth. Searched from each newline, which is several
times quicker than from each line start (`^`, MULTILINE)."""
_DEEP_FIRST_LINE = re.compile(r"[ \t?:-]{12}")


def position(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of `text[index]`, counting lines as editors do."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, index - start + 1


def character_problems(text: str, display: str) -> list[Problem]:
    """Each character in `text` that no text file holds, where it sits."""
    rest = text.encode("utf-8", "surrogatepass").translate(None, _PRINTABLE_ASCII)
    if not rest or not _NOT_TEXT_BYTES.search(rest):
        return []  # nearly every file
    problems: list[Problem] = []
    for match in _NOT_TEXT.finditer(text):
        line, column = position(text, match.start())
        problems.append(Problem(display, line, column, _character_message(match.group())))
        if len(problems) == _MAX_REPORTED:
            break
    return problems


def _character_message(character: str) -> str:
    code = f"U+{ord(character):04X}"
    if character == "\0":
        return (f"the file holds a NUL character ({code}) at this point, which text never "
                "holds; delete it (if the file is full of them, it was saved as UTF-16: save "
                "it as UTF-8)")
    if ord(character) < 0xA0:
        return f"the file holds a control character ({code}) at this point; delete it"
    return f"the file holds a character that is not text ({code}) at this point; delete it"


def tab_problems(text: str, display: str) -> Iterator[Problem]:
    """Each tab used for indenting: YAML refuses them, and editors cannot see them."""
    if "\t" not in text:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        column = line.find("\t", 0, indent)
        if column >= 0:
            yield Problem(display, number, column + 1,
                          "a tab is used for indenting: YAML needs spaces; replace the tab "
                          "with spaces (your editor can do this for the whole file)")


def encoding_problem(path: Path, display: str) -> Problem:
    """Where the first byte that is not UTF-8 sits in the file at `path`, and what to do."""
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except OSError as error:
        return Problem(display, 1, 1, f"cannot read the file: {error.strerror}")
    except UnicodeDecodeError as error:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return Problem(display, 1, 1, "the file is saved as UTF-16 text; save it as UTF-8")
        # Everything before the first bad byte is UTF-8; newlines count as when read as text.
        before = data[:error.start].decode("utf-8")
        line, column = position(before + "?", len(before))
        byte = data[error.start]
        try:
            guess = f" (probably `{bytes([byte]).decode('cp1252')}` saved in an older " \
                    "encoding, such as Windows-1252 or Latin-1)"
        except UnicodeDecodeError:
            guess = ""
        return Problem(display, line, column,
                       f"the file is not UTF-8 text: the byte 0x{byte:02X} here cannot be read"
                       f"{guess}; save the file as UTF-8")
    return Problem(display, 1, 1, "the file changed while it was read; check it again")


def depth_problem(text: str, display: str, loader: type[yaml.SafeLoader]) -> Problem | None:
    """The first value nested more than MAX_DEPTH levels deep, if any.

    Read from the parser's events, which come one at a time, so no depth can exhaust the
    stack here. A syntax error met on the way is raised, as composing would raise it.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH // 2 and not _may_be_deep(text):
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                mark = event.start_mark
                if depth > MAX_DEPTH and mark is not None:
                    return Problem(display, mark.line + 1, mark.column + 1, _TOO_DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        if "maximum nesting depth" not in str(error.problem):
            raise
        # libyaml reads a thousand brackets ahead before it hands over the first event, and
        # stops there: the place is found from the brackets alone.
        return Problem(display, *_deep_bracket(text), _TOO_DEEP)
    return None


def _may_be_deep(text: str) -> bool:
    if "\r" in text:  # a line break on its own, as libyaml reads it
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return bool(_DEEP_FIRST_LINE.match(text) or _DEEP_LINE.search(text))


_TOO_DEEP = (f"the values here are nested more than {MAX_DEPTH} levels deep, which no record "
             "needs: check the brackets and the indentation above this line")


def _deep_bracket(text: str) -> tuple[int, int]:
    """Where the brackets first open more than MAX_DEPTH levels (counted as the file's own
    group of fields plus the brackets), as a line and column."""
    depth = 0 if text.lstrip()[:1] in ("[", "{") else 1
    for match in re.finditer(r"[\[\]{}]", text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return position(text, match.start())
    return 1, 1  # pragma: no cover - libyaml stops only after MAX_DEPTH brackets


def link_problem(path: Path, display: str) -> Problem:
    """Why the link at `path` is not followed.

    Every link in the data folder is refused, wherever it leads. Git stores a link, not the
    file it leads to, so a reviewer of a change never sees the record it brings in; a link
    that stays inside the data folder today can lead outside it after a move; and following
    links would let a data folder publish any file the build can read (`/etc/passwd`).
    Copying the file in is always possible, and simple.
    """
    kind = "folder" if os.path.isdir(path) else "file"
    if not os.path.exists(path):
        return Problem(display, 1, 1, "this is a link that leads nowhere (round in a loop, "
                                      "or to something that does not exist), and links are "
                                      "not followed: remove it, and put the file or folder itself "
                                      "here")
    target = Path(os.path.realpath(path)).as_posix()
    return Problem(display, 1, 1, f"this {kind} is a link to {target}, and links are not "
                                  f"followed: data is read only from the data folder itself; "
                                  f"copy the {kind} in instead")


# --- The parser's errors, moved to the mistake and put in words -------------------------

# Parser messages an editor would not understand, and what they almost always mean.
_HINTS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed",
     "a colon followed by a space inside a value: put the whole value in double quotes, "
     "or check the indentation of this line"),
    ("did not find expected key",
     "the indentation here does not line up with the lines above; indent each field of a "
     "group by the same number of spaces"),
    ("did not find expected '-' indicator", "LIST"),
    ("found character '\\t'", "a tab is used here: YAML needs spaces"),
    ("found undefined alias", "`*` starts an alias, which is not supported; put the text "
                              "in double quotes"),
    ("found unknown escape character", "a backslash in double quotes starts an escape; use "
                                       "single quotes, or write the backslash twice"),
    ("expected <block end>, but found '<block mapping start>'",
     "this line is indented more than the field it belongs to; line it up with its "
     "neighbours"),
    ("found character '`' that cannot start any token",
     "a value cannot start with a backtick: put the whole value in double quotes"),
    ("found character '@' that cannot start any token",
     "a value cannot start with `@`: put the whole value in double quotes"),
    ("that cannot start any token", "a value cannot start with this character: put the whole "
                                    "value in double quotes"),
    ("did not find expected node content", "a value cannot start with this character: put "
                                           "the whole value in double quotes"),
    ("block sequence entries are not allowed",
     "a list cannot start on the same line as its field name: put each item on a line of its "
     "own, starting with `- `"),
    ("while scanning a block scalar", "a value cannot start with `|` or `>` followed by text: "
                                      "put the whole value in double quotes"),
    ("did not find expected <document start>",
     "this line does not line up with the first line of the file: start each top-level field "
     "at the very beginning of its line"),
)
_LIST = ("this line does not line up with the list above it; start each item with `- ` at the "
         "same indentation")
_UNCLOSED_QUOTE = ("a quote opened here is never closed: add the matching quote at the end of "
                   "the value")
_CLOSERS = {"[": "]", "{": "}"}
_Place = tuple[int, int]
"""A 0-based line and column, as the parser counts them."""


def syntax_problem(error: yaml.MarkedYAMLError, text: str, display: str,
                   loader: type[yaml.SafeLoader]) -> Problem:
    """The parser's error as an editor's problem, at the place the mistake was made."""
    raw = " ".join(filter(None, [error.context, error.problem]))
    mark = error.problem_mark or error.context_mark
    if mark is None:  # pragma: no cover - the parser marks every error
        return Problem(display, 1, 1, f"YAML syntax: {raw}")
    place, hint = _explained(error, raw, (mark.line, mark.column), text, loader)
    if hint is None:
        hint = next((_LIST if words == "LIST" else words for needle, words in _HINTS
                     if needle in raw), raw)
    return Problem(display, place[0] + 1, place[1] + 1, f"YAML syntax: {hint}")


def _explained(error: yaml.MarkedYAMLError, raw: str, place: _Place, text: str,
               loader: type[yaml.SafeLoader]) -> tuple[_Place, str | None]:
    context = error.context or ""
    if "quoted scalar" in context and error.context_mark is not None and (
            "end of stream" in raw or "document indicator" in raw):
        # The parser notices at the end of the file; the mistake is where the quote opened.
        return (error.context_mark.line, error.context_mark.column), _UNCLOSED_QUOTE
    if "could not find expected ':'" in raw and error.context_mark is not None:
        # A line with no colon runs on into the next; the mistake is the line that has none.
        return (error.context_mark.line, error.context_mark.column), (
            "this line is not `name: value`: if it goes on from the value above, indent it "
            "under that value; otherwise add the field name and a colon")
    lines = text.split("\n")
    line = lines[place[0]] if place[0] < len(lines) else ""
    if "{figure:" in line:
        return place, ("a value that names a figure (`{figure: ...}`) must be a block: write "
                       "`>-` after the field's name and the text on the lines below it, "
                       "indented (or put the whole value in double quotes)")
    opened, quoted = _tokens_before(text, place, loader)
    if "flow" in context and opened is not None:
        bracket, (row, column) = opened
        closer = _CLOSERS[bracket]
        if row == place[0] and closer in line[place[1]:]:
            return place, (f"inside `{bracket}...{closer}` items are separated by commas: put "
                           "an item that holds a comma, colon, bracket or quote in double "
                           "quotes")
        what = "list" if bracket == "[" else "group"
        return (row, column), (f"a `{bracket}` opened here is never closed: end the {what} "
                               f"with `{closer}` (or, if the brackets belong to the text, put "
                               "the whole value in double quotes)")
    if quoted is not None:
        (start, end) = quoted
        between = line[end[1]:place[1]] if end[0] == place[0] else "x"
        if not between.strip() and start[0] < end[0]:
            return start, (f"a quote opened here is not closed on its line, so the value runs "
                           f"on to the next quote, on line {end[0] + 1}: add the closing quote "
                           "at the end of the value")
        if not between.strip():
            return (end[0], end[1] - 1), (
                "the quote here ends the value, but more text follows it: put the whole value "
                "in quotes, and write a quote inside it twice (`''`) in single quotes or as "
                "`\\\"` in double quotes")
    return _list_item(raw, place, line)


def _list_item(raw: str, place: _Place, line: str) -> tuple[_Place, str | None]:
    """A list item that does not line up with the items above it: reported at its `- `."""
    content = line.lstrip(" ")
    dash = len(line) - len(content)
    if not (content.startswith("- ") or content == "-"):
        return place, None
    if place[1] == dash and any(words in raw for words in (
            "did not find expected key", "expected <block end>", "'-' indicator")):
        return place, _LIST
    if "mapping values are not allowed" in raw and line.find(": ", dash) == place[1]:
        # `- id: f2` indented more than the item above is read as more of that item's text,
        # which then meets a colon.
        return (place[0], dash), _LIST
    return place, None


def _tokens_before(text: str, place: _Place, loader: type[yaml.SafeLoader],
                   ) -> tuple[tuple[str, _Place] | None, tuple[_Place, _Place] | None]:
    """The innermost bracket still open at `place`, with where it opened, and the start and
    end of the last quoted value before `place`.

    Read again from the tokens, up to the error: only a file with a mistake pays for this.
    """
    brackets: list[tuple[str, _Place]] = []
    quoted: tuple[_Place, _Place] | None = None
    try:
        for token in yaml.scan(text, Loader=loader):
            start, end = token.start_mark, token.end_mark
            if (start.line, start.column) >= place:
                break
            if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
                bracket = "[" if isinstance(token, yaml.FlowSequenceStartToken) else "{"
                brackets.append((bracket, (start.line, start.column)))
            elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken):
                if brackets:
                    brackets.pop()
            elif isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                quoted = ((start.line, start.column), (end.line, end.column))
    except yaml.YAMLError:
        pass  # the scanner stops where it stopped; what was read so far is enough
    return (brackets[-1] if brackets else None), quoted
