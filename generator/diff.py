"""`python -m generator diff BASE_REF`: what a change does to the published site, in words.

Both sides go through the same pipeline as a build (load, validate, gate, compute) and only
the computed site is compared, never the YAML: so an unpublished record's prose can never
appear in the summary, exactly as it can never appear on a page. The summary is Markdown,
for a pull-request comment or a job summary.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from generator.as_of import AsOf, as_of
from generator.compute import Site, compute
from generator.compute.reports import PeriodFigures
from generator.errors import DataError, GeneratorError
from generator.gate import gate
from generator.models import Briefing, RecommendationStatus, Review
from generator.validate import load_dataset
from generator.withheld import Withheld, withheld

ARROW = "→"


@dataclass(frozen=True)
class Side:
    """One side of the comparison: the computed site, or why there is none."""

    label: str
    site: Site | None
    problems: int = 0
    withheld: tuple[Withheld, ...] = ()
    """Records marked published that have no page yet (`generator.withheld`)."""
    day: AsOf | None = None


def old_data(base_ref: str, data_dir: Path, target: Path) -> Path | None:
    """Extract the data folder as it was at `base_ref` into `target`; None if it did not exist.

    Raises GeneratorError if `data_dir` is not in a git repository or git does not know
    `base_ref`.
    """
    def git(*arguments: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(["git", "-C", str(data_dir), *arguments], capture_output=True,
                              check=False)

    prefix = git("rev-parse", "--show-prefix")
    if prefix.returncode != 0:
        raise GeneratorError(f"{data_dir} is not inside a git repository")
    if git("rev-parse", "--verify", "--quiet", f"{base_ref}^{{commit}}").returncode != 0:
        raise GeneratorError(f"git does not know `{base_ref}`: give a branch, tag or commit "
                             "(for a pull request, usually `origin/main`)")
    folder = prefix.stdout.decode().strip()
    # Run from the top of the work tree: `git archive` refuses some subfolders otherwise.
    top = git("rev-parse", "--show-toplevel").stdout.decode().strip()
    archive = subprocess.run(["git", "-C", top, "archive", "--format=tar",
                              f"{base_ref}:{folder}" if folder else base_ref],
                             capture_output=True, check=False)
    if archive.returncode != 0:
        return None
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(target, filter="data")
        else:  # pragma: no cover - the archive is git's own, of tracked files only
            tar.extractall(target)
    return target


def _side(label: str, data_dir: Path | None) -> Side:
    if data_dir is None:
        return Side(label, None)
    try:
        dataset, _ = load_dataset(data_dir)
    except DataError as error:
        return Side(label, None, problems=max(len(error.problems), 1))
    day = as_of(dataset.partnership)
    return Side(label, compute(gate(dataset, day.day)),
                withheld=tuple(withheld(dataset.reviews, dataset.briefings, day)), day=day)


def summarise(base_ref: str, data_dir: Path) -> str:
    """The Markdown summary of how the published site changes from `base_ref` to now."""
    with tempfile.TemporaryDirectory() as temporary:
        before = _side(f"`{base_ref}`", old_data(base_ref, data_dir, Path(temporary) / "data"))
    after = _side("this change", data_dir)
    return "\n".join(_report(before, after)) + "\n"


def _report(before: Side, after: Side) -> Iterator[str]:
    yield f"## Changes to the published site since {before.label}"
    yield ""
    broken = [side for side in (before, after) if side.problems]
    for side in broken:
        yield (f"**The data in {side.label} has {side.problems} "
               f"problem{'s' if side.problems != 1 else ''}**, so its site cannot be built. "
               "Run `python -m generator check` to see them.")
    if broken or after.site is None:
        if not broken:
            yield "There is no data folder in this change."
        yield ""
        yield "The published site cannot be compared until the data has no problems."
        return
    old = before.site
    if old is None:
        yield f"There was no data folder in {before.label}: everything is new."
        yield ""
    sections = [
        ("Reviews", list(_records(old.published if old else (), after.site.published,
                                  "review"))),
        ("Recommendations", list(_recommendations(old, after.site))),
        ("Briefings", list(_records(old.briefings if old else (), after.site.briefings,
                                    "briefing"))),
        ("Annual reports", list(_reports(old.reports if old else (), after.site.reports))),
    ]
    if not any(lines for _, lines in sections):
        yield "No change to the published site."
        if not after.withheld:
            return
        yield ""
    if after.withheld and after.day is not None:
        # Named by id and file only: a withheld record's title and prose are unpublished.
        sections.append(("Marked published, not on the site yet", [
            f"`{item.id}` ({item.noun}): {item.reason(after.day)}" for item in after.withheld]))
    for heading, lines in sections:
        if lines:
            yield f"### {heading}"
            yield ""
            yield from (f"- {line}" for line in lines)
            yield ""


def _name(record: Review | Briefing) -> str:
    return f"**{record.name if isinstance(record, Review) else record.title}** (`{record.id}`)"


def _records(old: Sequence[Review | Briefing], new: Sequence[Review | Briefing],
             noun: str) -> Iterator[str]:
    """Published records added, withdrawn and changed (with the parts that changed)."""
    before = {record.id: record for record in old}
    after = {record.id: record for record in new}
    for record_id, record in sorted(after.items()):
        if record_id not in before:
            yield f"New {noun}: {_name(record)}"
        elif before[record_id] != record:
            parts = ", ".join(_changed(before[record_id], record))
            yield f"Changed {noun}: {_name(record)}: {parts}"
    for record_id, record in sorted(before.items()):
        if record_id not in after:
            yield (f"No longer published: {_name(record)} (unpublished or removed; its page "
                   "goes)")


def _changed(old: BaseModel, new: BaseModel) -> list[str]:
    """The names of the top-level parts that differ, as an editor knows them (the YAML keys)."""
    return [f"`{name}`" for name in type(new).model_fields
            if getattr(old, name) != getattr(new, name)]


def _recommendations(old: Site | None, new: Site) -> Iterator[str]:
    before = {review.id: review for review in old.published} if old else {}
    for review in new.published:
        previous = before.get(review.id)
        if previous is None:
            continue
        earlier = {r.id: r for r in previous.recommendations}
        for recommendation in review.recommendations:
            label = f"{review.name}, recommendation `{recommendation.id}`" + (
                f" ({recommendation.title})" if recommendation.title else "")
            was = earlier.get(recommendation.id)
            if was is None:
                yield f"{label}: new, {_status(recommendation.status)}"
            elif was.status != recommendation.status:
                yield (f"{label}: {_status(was.status)} {ARROW} "
                       f"{_status(recommendation.status)}")
            elif was != recommendation:
                yield f"{label}: {', '.join(_changed(was, recommendation))} changed"
        current = {r.id for r in review.recommendations}
        for gone in sorted(set(earlier) - current):
            yield f"{review.name}, recommendation `{gone}`: removed"


def _status(status: RecommendationStatus) -> str:
    return status.label.lower()  # `in progress`, `not recorded`


def _reports(old: Sequence[PeriodFigures], new: Sequence[PeriodFigures]) -> Iterator[str]:
    before = {figures.period.id: figures for figures in old}
    after = {figures.period.id: figures for figures in new}
    for period_id, figures in after.items():
        if period_id not in before:
            yield f"New reporting period: {figures.period.title}"
            continue
        was, now = report_figures(before[period_id]), report_figures(figures)
        for label in now:
            if label in was and was[label] != now[label]:
                yield f"{figures.period.title} {label} {was[label]} {ARROW} {now[label]}"
            elif label not in was:
                yield f"{figures.period.title} {label} {now[label]} (new)"
        for label in was:
            if label not in now:
                yield f"{figures.period.title} {label} removed (was {was[label]})"
    for period_id, figures in before.items():
        if period_id not in after:
            yield f"Reporting period removed: {figures.period.title}"


def report_figures(figures: PeriodFigures) -> dict[str, str]:
    """The headline figures of a period's two annual reports, labelled as a reader reads them."""
    rapid, local = figures.rapid, figures.local
    sub, part = "subgroup report:", "partnership report:"
    found: dict[str, object] = {
        f"{sub} rapid reviews held": rapid.held,
        f"{sub} rapid reviews that recommended a local review": rapid.recommended_cspr,
        f"{sub} rapid reviews concerning a child's death": rapid.concerning_a_death,
        f"{sub} rapid reviews whose decision the Panel agreed with": rapid.panel_agreed,
        f"{sub} children in rapid reviews": rapid.children.total,
        f"{sub} reviews worked on": local.worked_on,
        f"{sub} children in reviews worked on": local.children.total,
        f"{sub} reviews published": len(local.published),
        f"{sub} learning points": sum(len(points) for group in figures.learning
                                      for _, points in group.themes),
        f"{sub} evidence of impact": len(figures.impact),
    }
    if figures.local.costs:
        low, high = figures.local.costs
        found[f"{sub} range of review costs"] = f"£{low.amount:,} to £{high.amount:,}"
    for statistic in figures.statistics:
        found[f"{part} {statistic.statistic.label}"] = statistic.statistic.value
        if statistic.change is not None:
            label = f"{part} {statistic.statistic.label}, change on the year before"
            found[label] = f"{statistic.change}%"
    for ratio in figures.ratios:
        found[f"{part} {ratio.text}"] = ratio.value
    for group in (figures.period.training, figures.period.child_deaths):
        for figure in group.figures if group else ():
            found[f"{part} {figure.label}"] = figure.value
    if figures.budget:
        budget = figures.budget
        found |= {f"{part} income": f"£{budget.income:,}",
                  f"{part} expenditure": f"£{budget.expenditure:,}",
                  f"{part} reserves balance": f"£{budget.reserves_balance:,}"}
    return {label: "not known" if value is None else str(value)
            for label, value in found.items()}
