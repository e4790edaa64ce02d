"""`python -m generator new`: a commented starter file for a review, briefing or period.

The starter file is valid as written (it passes `check`), is unpublished, and shows each
optional field commented out where it belongs, so an editor fills it in rather than copying
another record and forgetting to remove what does not apply.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import jinja2
import yaml

from generator.errors import GeneratorError
from generator.load import load_file
from generator.models import (
    SLUG_PATTERN,
    AgeBand,
    DecisionOutcome,
    Ethnicity,
    PanelView,
    ReferralSource,
    ReviewType,
)
from generator.validate import DataLayout

KINDS = ("review", "briefing", "period")
_PERIOD_ID = re.compile(r"^(\d{4})-(\d{2})$")
_TEMPLATES = Path(__file__).parent / "templates"


def scaffold(kind: str, record_id: str, data_dir: Path, *, review_type: ReviewType =
             ReviewType.CSPR, today: date | None = None) -> Path:
    """Write the starter file for a new `kind` record called `record_id`; return its path.

    Raises GeneratorError, with a message for an editor, for a bad id or an existing file.
    """
    if kind not in KINDS:
        raise GeneratorError(f"cannot scaffold a `{kind}`: choose one of {', '.join(KINDS)}")
    _check_id(kind, record_id)
    layout = DataLayout(data_dir)
    folder = {"review": layout.reviews, "briefing": layout.briefings,
              "period": layout.periods}[kind]
    path = folder / f"{record_id}.yml"
    for existing in (path, path.with_suffix(".yaml")):
        if existing.exists():
            raise GeneratorError(f"{existing} already exists: choose another id, or edit "
                                 "that file")
    today = today or date.today()
    context: dict[str, object] = {
        "id": record_id, "title": _title(record_id), "month": f"{today:%Y-%m}",
        "year": f"{today:%Y}", "themes": _theme_ids(layout.themes)}
    if kind == "review":
        context |= {
            "type": review_type.value,
            "rapid": review_type in (ReviewType.RAPID_REVIEW, ReviewType.CONSIDERATION),
            "title": (f"{review_type.label} {record_id}"
                      if review_type in (ReviewType.RAPID_REVIEW, ReviewType.CONSIDERATION)
                      else _title(record_id)),
            "kind_label": review_type.label, "review_types": [t.value for t in ReviewType],
            "referral_sources": [s.value for s in ReferralSource],
            "decision_outcomes": [o.value for o in DecisionOutcome],
            "panel_views": [v.value for v in PanelView],
            "age_bands": [b.value for b in AgeBand],
            "ethnicities": [e.value for e in Ethnicity][:3]}
    elif kind == "period":
        first = int(_PERIOD_ID.match(record_id).group(1))  # type: ignore[union-attr]
        context |= {"title": record_id, "start": f"{first}-04-01", "end": f"{first + 1}-03-31",
                    "subgroup": _first_subgroup(layout.partnership)}
    text = _environment().get_template(f"scaffold_{kind}.yml.j2").render(context)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _first_subgroup(partnership: Path) -> str | None:
    """The first subgroup's id in partnership.yml, for a new period's subgroup report."""
    try:
        data = yaml.safe_load(partnership.read_text("utf-8")) if partnership.is_file() else {}
    except (OSError, yaml.YAMLError):
        return None
    subgroups = data.get("subgroups") if isinstance(data, dict) else None
    first = subgroups[0] if isinstance(subgroups, list) and subgroups else None
    found = first.get("id") if isinstance(first, dict) else None
    return found if isinstance(found, str) and re.match(SLUG_PATTERN, found) else None


def _check_id(kind: str, record_id: str) -> None:
    if not re.match(SLUG_PATTERN, record_id):
        raise GeneratorError(
            f"`{record_id}` cannot be a {kind} id: use lower-case letters, digits and single "
            "hyphens, like `child-s` (it becomes the file name and the web address)")
    if kind == "period":
        match = _PERIOD_ID.match(record_id)
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            raise GeneratorError(
                f"`{record_id}` cannot be a period id: name a period after the years it "
                "covers, like `2024-25` (April 2024 to March 2025)")


def _title(record_id: str) -> str:
    # `child-s` reads as "Child S": a placeholder the editor replaces with the real title.
    return " ".join(word.upper() if len(word) == 1 else word.capitalize()
                    for word in record_id.split("-"))


def _theme_ids(themes_file: Path) -> list[str]:
    """The theme ids an editor may use, listed in the starter file; none if unreadable."""
    if not themes_file.is_file():
        return []
    document, problems = load_file(themes_file)
    if document is None or problems or not isinstance(document.data, dict):
        return []
    themes = document.data.get("themes")
    return [str(theme["id"]) for theme in themes if isinstance(theme, dict) and "id" in theme] \
        if isinstance(themes, list) else []


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              trim_blocks=True, lstrip_blocks=True, autoescape=False)
