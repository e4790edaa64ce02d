"""`python -m generator migrate`: move a period file's old fixed-shape reports
(`subgroup_report:`, `partnership_report:`) into `reports:`, a list of sections.

Each old field goes to the section the old page showed it in, with the blocks of figures
that page showed, so the rewritten file builds the same report as before. Everything else
in the file, comments included, is left as it was; the moved reports are written without
comments. Nothing is lost: a field this does not know stops it, and the file is untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.errors import GeneratorError
from generator.load import yaml_files
from generator.wording import report_noun

OLD_KEYS = ("subgroup_report", "partnership_report")


def migrate_folder(data_dir: Path) -> list[Path]:
    """Rewrite every period file under `data_dir` that has an old report; the files changed."""
    partnership_file = data_dir / "partnership.yml"
    partnership = (yaml.safe_load(partnership_file.read_text("utf-8"))
                   if partnership_file.is_file() else None) or {}
    names = {str(s.get("id")): str(s.get("name")) for s in partnership.get("subgroups", [])
             if isinstance(s, dict)}
    names[""] = str(partnership.get("name", "The partnership"))
    changed = []
    for path in yaml_files(data_dir / "periods"):
        text = path.read_text("utf-8")
        if any(re.search(rf"^{key}:", text, re.MULTILINE) for key in OLD_KEYS):
            path.write_text(migrate_text(text, path.name, names), "utf-8")
            changed.append(path)
    return changed


def migrate_text(text: str, name: str = "the file",
                 names: dict[str, str] | None = None) -> str:
    """`text` with its old reports moved; `names` gives each subgroup's name by id, and
    the partnership's under ""."""
    data = yaml.safe_load(text) or {}
    names = names or {}
    reports = []
    if isinstance(data.get("subgroup_report"), dict):
        report = _subgroup(data["subgroup_report"], data, name)
        subgroup = names.get(report["subgroup"], "Review subgroup")
        report["title"] = f"{subgroup}: {_noun(data)} {data.get('title')}"
        reports.append(report)
    if isinstance(data.get("partnership_report"), dict):
        report = _partnership(data["partnership_report"], data, name)
        body = data.get("body") or names.get("", "The partnership")
        report["title"] = f"{body}: {_noun(data)} {data.get('title')}"
        reports.append(report)
    kept = "".join(_without(text.splitlines(keepends=True), OLD_KEYS)).rstrip() + "\n"
    moved = yaml.dump({"reports": reports}, Dumper=_Dumper, sort_keys=False,
                      allow_unicode=True, width=92)
    return (f"{kept}\n# The period's reports, moved here from `subgroup_report` and "
            f"`partnership_report` by\n# `python -m generator migrate`.\n{moved}")


class _Dumper(yaml.SafeDumper):
    """Writes YAML as editors write it: lists indented under their field, and prose of
    several lines as a block (`|`), not as a quoted string."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str",
                                   value.strip() + ("\n" if style else ""), style=style)


_Dumper.add_representer(str, _text)


def _noun(period: dict[str, Any]) -> str:
    """What the old page called the report: "annual report" for a year, else "report"."""
    start, end = period.get("start"), period.get("end")
    if isinstance(start, date) and isinstance(end, date):
        return report_noun(start, end)
    return "annual report"


def _without(lines: list[str], keys: tuple[str, ...]) -> Iterator[str]:
    """The lines of a YAML file without the top-level blocks of `keys`."""
    skipping = False
    for line in lines:
        top = re.match(r"^([A-Za-z_][\w-]*):", line)
        if top:
            skipping = top.group(1) in keys
        if not skipping:
            yield line


def _take(report: dict[str, Any], known: set[str], name: str) -> dict[str, Any]:
    unknown = set(report) - known
    if unknown:
        raise GeneratorError(f"{name}: cannot move `{', '.join(sorted(unknown))}`: move it "
                             "into `reports:` by hand (the editor's guide shows how)")
    return report


def _section(heading: str, text: Any = None, parts: list[Any] | None = None,
             sections: list[Any] | None = None) -> dict[str, Any]:
    section: dict[str, Any] = {"heading": heading}
    if text:
        section["text"] = text
    if parts:
        section["parts"] = parts
    if sections:
        section["sections"] = sections
    return section


def _points(items: Any) -> list[dict[str, Any]]:
    return [{"points": items}] if items else []


def _subgroup(report: dict[str, Any], period: dict[str, Any], name: str) -> dict[str, Any]:
    _take(report, {"subgroup", "introduction", "national_context", "rapid_review_themes",
                   "rapid_review_analysis", "practitioner_skills",
                   "messages_for_system_leaders", "messages_for_government", "reflections",
                   "impact_not_linked", "learning_events", "conclusion"}, name)
    before_2018 = str(period.get("start", "9999"))[:10] < "2018-06-29"
    considered = "Cases considered for review" if before_2018 else "Rapid reviews"
    themes = [_section(message["audience"], parts=_points(message.get("points")))
              for message in report.get("rapid_review_themes", [])]
    reflections = [{"quote": quote["text"], "by": quote["source"]} if quote.get("source")
                   else {"text": quote["text"]} for quote in report.get("reflections", [])]
    events = ([{"text": "Learning events run this year:"},
               {"links": report["learning_events"]}] if report.get("learning_events") else [])
    sections = [
        _section("Introduction", parts=[{"block": "period"}]
                 + ([{"text": report["introduction"]}] if report.get("introduction") else [])),
        _section("The subgroup", parts=[{"block": "subgroup"}]),
    ]
    if report.get("national_context"):
        sections.append(_section("National context", report["national_context"]))
    sections += [
        _section(considered, sections=[
            _section("Facts and figures", parts=[
                {"block": block} for block in ("considerations", "considerations-history",
                                             "considerations-outcomes", "considerations-sources",
                                             "considerations-panel")]),
            _section("Children", parts=[{"block": "considerations-children"}]
                     + ([{"text": report["rapid_review_analysis"]}]
                        if report.get("rapid_review_analysis") else []),
                     sections=themes),
            *([] if before_2018 else [_section("Statutory timescales",
                                               parts=[{"block": "clocks"}])]),
        ]),
        _section("Local reviews", sections=[
            _section("Facts and figures", parts=[
                {"block": block} for block in ("reviews", "reviews-types", "reviews-status",
                                             "reviews-methodologies", "reviews-joint")]),
            _section("Children", parts=[{"block": "reviews-children"}]),
            _section("Themes raised", parts=[{"block": "reviews-themes"}]),
            _section("Published this year", parts=[{"block": "reviews-published"}]),
        ]),
        _section("Learning points this year", parts=[{"block": "learning"}], sections=[
            section for section in (
                _section("Practitioners' skills",
                         parts=_points(report.get("practitioner_skills"))),
                _section("Messages for system leaders",
                         parts=_points(report.get("messages_for_system_leaders"))),
                _section("Messages for national government",
                         parts=_points(report.get("messages_for_government"))))
            if "parts" in section]),
        _section("The review process",
                 parts=[*reflections, {"block": "reviews-costs"}, *events]),
        _section("Impact of reviews",
                 parts=[{"block": "impact"}, *_points(report.get("impact_not_linked"))]),
    ]
    if report.get("conclusion"):
        sections.append(_section("Conclusion", report["conclusion"]))
    return {"id": "subgroup", "title": f"Review subgroup annual report {period.get('title')}",
            "subgroup": report["subgroup"], "sections": sections}


def _partnership(report: dict[str, Any], period: dict[str, Any], name: str) -> dict[str, Any]:
    _take(report, {"foreword", "foreword_by", "chair_commentary", "chair_commentary_by",
                   "introduction", "leadership_updates", "leadership_summary", "priorities",
                   "priorities_summary", "learning_summary", "messages_for_system_leaders",
                   "assurance", "concerns", "conclusions", "key_messages", "links"}, name)

    def signed(text_key: str, by_key: str, heading: str) -> list[dict[str, Any]]:
        if not report.get(text_key):
            return []
        parts = [{"text": report[text_key]}]
        if report.get(by_key):
            parts.append({"text": f"*{report[by_key]}*"})
        return [_section(heading, parts=parts)]

    priorities = [_section(priority["title"], priority.get("summary"), sections=[
        section for section in (
            _section("What went well", parts=_points(priority.get("went_well"))),
            _section("Even better if", parts=_points(priority.get("even_better_if"))))
        if "parts" in section]) for priority in report.get("priorities", [])]
    sections = [
        *signed("foreword", "foreword_by", "Foreword"),
        *signed("chair_commentary", "chair_commentary_by",
                "Commentary from the independent chair"),
        *([_section("Introduction", report["introduction"])]
          if report.get("introduction") else []),
        _section("Leadership", parts=[{"block": "partners"}], sections=[
            section for section in (
                _section("The last twelve months",
                         parts=_points(report.get("leadership_updates"))),
                _section("How effective the leadership was",
                         parts=_points(report.get("leadership_summary"))))
            if "parts" in section]),
        _section("Children in the area", parts=[{"block": "statistics"},
                                                 {"block": "ratios"}]),
    ]
    if priorities:
        summary = _section("How effective our work on the priorities was",
                           parts=_points(report.get("priorities_summary")))
        sections.append(_section("Our priorities", sections=[
            *priorities, *([summary] if "parts" in summary else [])]))
    sections.append(_section("Findings from case reviews", parts=[{"block": "reviews-published"}],
                             sections=[section for section in (
                                 _section("Messages for system leaders",
                                          parts=_points(report.get("messages_for_system_leaders"))),
                                 _section("How effective our learning from reviews was",
                                          parts=_points(report.get("learning_summary"))))
                                 if "parts" in section]))
    if period.get("child_deaths"):
        sections.append(_section(period["child_deaths"].get("title", "Child deaths"),
                                 parts=[{"block": "child-deaths"}]))
    if period.get("training"):
        sections.append(_section(period["training"].get("title", "Training"),
                                 parts=[{"block": "training"}]))
    if report.get("assurance") or report.get("concerns"):
        sections.append(_section("Evidence and assurance", parts=_points(report.get("assurance")),
                                 sections=[_section("Matrix of safeguarding concerns", parts=[
                                     {"text": "Which kinds of evidence lie behind each concern."},
                                     {"matrix": report["concerns"]}])]
                                 if report.get("concerns") else None))
    if report.get("conclusions"):
        sections.append(_section("Conclusions", parts=_points(report["conclusions"])))
    if report.get("key_messages"):
        sections.append(_section("Key messages", parts=[{"block": "contacts"}], sections=[
            _section(message["audience"], parts=_points(message.get("points")))
            for message in report["key_messages"]]))
    if report.get("links"):
        sections.append(_section("Links", parts=[{"links": report["links"]}]))
    if period.get("budget"):
        sections.append(_section("Budget", parts=[{"block": "budget"}]))
    return {"id": "partnership", "title": f"Annual report {period.get('title')}",
            "sections": sections}
