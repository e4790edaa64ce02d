"""The small family of errors the generator raises, and the one shape a problem takes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, pinned to a place in a file.

    Sorting problems sorts them by file, then line, then column, which is the
    order an editor wants to fix them in.
    """

    path: str
    line: int
    column: int
    message: str
    severity: Literal["error", "warning", "notice"] = "error"
    """A warning or a notice is reported but lets the build go on: something a report
    should hold and does not, or a link still waiting for its address."""

    def __str__(self) -> str:
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.column}: {label}{self.message}"

    def github(self) -> str:
        """The problem as a GitHub Actions annotation, shown on the pull request's line.

        Escaped as GitHub's workflow commands require, so that no file name or message can
        end the annotation early and start a command of its own: `%`, CR and LF everywhere,
        and `:` and `,` in the properties too.
        """
        path = _escape_property(self.path)
        return (f"::{self.severity} file={path},line={self.line},col={self.column}"
                f"::{_escape_data(self.message)}")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GeneratorError(Exception):
    """Base class: anything the generator reports to a person rather than as a traceback."""


class DataError(GeneratorError):
    """The data has problems; all of them are carried, sorted, so they can be reported at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data")

    def report(self) -> str:
        return "\n".join([*map(str, self.problems), str(self)])


class WriteError(GeneratorError):
    """The generated files could not be written where they belong."""
