"""The whole generation, in order: load -> validate -> gate -> compute -> render -> write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.compute import compute
from generator.gate import build_date, gate
from generator.render import render
from generator.settings import GENERATED_SUBDIR
from generator.validate import load_dataset
from generator.write import WriteResult, write_tree


@dataclass(frozen=True)
class BuildResult:
    pages: int
    written: WriteResult
    output: Path
    site_title: str
    site_description: str | None
    build_date: date
    generated: tuple[str, ...]

    def summary(self) -> str:
        changes = self.written
        return (f"{self.output}: {self.pages} pages ({len(changes.written)} written, "
                f"{changes.unchanged} unchanged, {len(changes.removed)} removed)")


def build(data_dir: Path, content_dir: Path) -> BuildResult:
    """Generate the Markdown pages for `data_dir` into `content_dir`.

    Nothing is written unless every file is valid: a DataError lists all problems and the
    previously generated pages stay as they were.
    """
    dataset, _sources = load_dataset(data_dir)
    as_of = build_date(dataset)
    site = compute(gate(dataset, as_of))
    pages = render(site)
    output = content_dir / GENERATED_SUBDIR
    return BuildResult(pages=len(pages), written=write_tree(pages, output), output=output,
                       site_title=site.partnership.site_title,
                       site_description=site.partnership.site.description,
                       build_date=as_of, generated=tuple(sorted(pages)))
