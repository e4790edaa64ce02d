"""Stage 2: check loaded documents against the model and against each other.

Every problem in every file is collected before anything is reported, each pinned to the
line and column of the value (or key) at fault and worded for an editor, not a programmer.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.as_of import as_of
from generator.compute.reports import whose
from generator.errors import DataError, Problem
from generator.load import (
    Document,
    Loc,
    display_path,
    key_path,
    load_file,
    yaml_files,
)
from generator.memo import KeptWith
from generator.models import (
    AllowList,
    Briefing,
    BriefingSection,
    Dataset,
    Glossary,
    GlossaryTerm,
    Guidance,
    PanelTheme,
    Partnership,
    Preset,
    ReportingPeriod,
    Review,
    Theme,
    ThemeFile,
)
from generator.models.reviews import RULE_FIELDS
from generator.personal_data import check_document, rendered_everywhere
from generator.validate_dates import RECORD_RULE_FIELDS, check_dates
from generator.validate_periods import check_periods
from generator.validate_recorded import check_recorded
from generator.validate_reports import (
    GUIDANCE_DIR,
    PRESETS_DIR,
    check_reports,
    misplaced_in,
    notices,
    unlinked,
    with_presets,
)
from generator.withheld import withheld_notices

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class DataLayout:
    """Where each kind of record lives inside a data folder."""

    root: Path

    @property
    def partnership(self) -> Path:
        return self.root / "partnership.yml"

    @property
    def themes(self) -> Path:
        return self.root / "themes.yml"

    @property
    def reviews(self) -> Path:
        return self.root / "reviews"

    @property
    def periods(self) -> Path:
        return self.root / "periods"

    @property
    def allowed(self) -> Path:
        return self.root / "allowed.yml"

    @property
    def briefings(self) -> Path:
        return self.root / "briefings"

    @property
    def glossary(self) -> Path:
        return self.root / "glossary.yml"


@dataclass(frozen=True)
class Sources:
    """The documents each validated record came from, for reporting later problems."""

    reviews: dict[str, Document]
    notices: tuple[Problem, ...] = ()
    """What `check` points out without failing (see `validate_reports.notices`)."""


def load_dataset(data_dir: Path) -> tuple[Dataset, Sources]:
    """Load and validate every file under `data_dir`; raise DataError listing all problems."""
    layout = DataLayout(data_dir)
    problems: list[Problem] = []
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), 1, 1, "the data folder does not exist")])

    partnership, partnership_doc = _load_one(layout.partnership, Partnership, problems)
    allowed = None if partnership is None else (
        *public_contacts(partnership), *_load_allowed(layout.allowed, problems))
    theme_file, theme_doc = _load_one(layout.themes, ThemeFile, problems)
    themes = theme_file.themes if theme_file else []
    rejected_reviews: list[Document] = []
    reviews, review_docs = load_folder(layout.reviews, Review, "review", problems,
                                       rejected=rejected_reviews, allowed=allowed)
    rejected_periods: list[Document] = []
    periods, period_docs = load_folder(layout.periods, ReportingPeriod, "period", problems,
                                       required=False, allowed=allowed,
                                       rejected=rejected_periods)
    briefings, briefing_docs = load_folder(layout.briefings, Briefing, "briefing", problems,
                                           required=False, allowed=allowed)
    glossary = _load_glossary(layout.glossary, problems)
    presets, preset_docs = _shared(PRESETS_DIR, layout.root / "presets", Preset, "preset",
                                   problems)
    guidance, _ = _shared(GUIDANCE_DIR, layout.root / "guidance", Guidance, "guidance",
                          problems)
    panel_themes = theme_file.panel_themes if theme_file else []

    if theme_doc is not None:
        problems += _check_themes(themes, theme_doc)
        problems += _check_panel_themes(themes, panel_themes, theme_doc)
    problems += check_references(reviews, review_docs, {theme.id for theme in themes})
    if theme_file is not None:
        problems += raw_theme_references(rejected_reviews, {theme.id for theme in themes})
    problems += check_periods(periods, period_docs, partnership, reviews, review_docs)
    if not rejected_periods:  # (a period missing would make `previous.` names unknown)
        problems += check_reports(periods, period_docs, partnership, reviews, presets,
                                  preset_docs, guidance)
    for document in (*review_docs.values(), *briefing_docs.values()):
        problems += misplaced_in(document)
    problems += check_dates(partnership, reviews, review_docs)
    problems += check_recorded(periods, period_docs,
                               whose(reviews, partnership.name) if partnership else reviews)
    problems += check_briefings(briefings, briefing_docs, {theme.id for theme in themes},
                                {panel.id for panel in panel_themes})
    if not problems and allowed is not None:
        # Only clean records are reported on: a broken file is reported for what breaks it.
        published = [review_docs[r.id] for r in reviews if r.is_published]
        published += [briefing_docs[b.id] for b in briefings if b.is_published]
        published += period_docs.values()
        published += rendered_everywhere(data_dir)  # partnership, themes, glossary
        for document in published:
            problems += _personal_data(document, allowed)

    if problems or partnership is None or theme_file is None:
        raise DataError(problems)
    dataset = Dataset(partnership=partnership, themes=themes, reviews=reviews,
                      panel_themes=panel_themes, briefings=briefings, glossary=glossary,
                      periods=with_presets(periods, presets),
                      guidance=sorted(guidance.values(), key=lambda g: g.id))
    return dataset, Sources(reviews=review_docs, notices=tuple(sorted([
        *notices(periods, period_docs, presets, guidance),
        *unlinked(reviews, review_docs, briefings, briefing_docs),
        *withheld_notices(partnership, partnership_doc, reviews, review_docs, briefings,
                          briefing_docs, as_of(partnership))])))


def load_partnership(data_dir: Path) -> Partnership:
    """partnership.yml alone, for steps after a build that need only it (the form editor);
    raises DataError with its problems (a build has already reported them all)."""
    problems: list[Problem] = []
    partnership, _ = _load_one(DataLayout(data_dir).partnership, Partnership, problems)
    if problems or partnership is None:
        raise DataError(problems)
    return partnership


def _shared(shipped: Path, own: Path, model: type[ModelT], noun: str,
            problems: list[Problem]) -> tuple[dict[str, ModelT], dict[str, Document]]:
    """Presets or editions of the guidance: those shipped with the generator, and the data
    folder's own, which replace a shipped one of the same name."""
    records: dict[str, ModelT] = {}
    documents: dict[str, Document] = {}
    for folder in (shipped, own):
        found, docs = load_folder(folder, model, noun, problems, required=False)
        for record in found:
            records[record.id] = record  # type: ignore[attr-defined]
        documents |= docs
    return records, documents


def public_contacts(partnership: Partnership) -> list[str]:
    """Addresses and numbers the partnership publishes on purpose, held in partnership.yml."""
    found = [partnership.email] if partnership.email else []
    for contact in partnership.contacts:
        found += [value for value in (contact.phone, contact.email) if value]
    return found


def _load_allowed(path: Path, problems: list[Problem]) -> list[str]:
    """The reviewed allow-list of strings that look personal but are meant to be public."""
    if not path.is_file():
        return []
    allowed, _ = _load_one(path, AllowList, problems)
    return [entry.text for entry in allowed.allowed] if allowed else []


def _load_one(path: Path, model: type[ModelT],
              problems: list[Problem]) -> tuple[ModelT | None, Document | None]:
    if not path.is_file():
        problems.append(Problem(str(path), 1, 1, f"the file `{path.name}` is missing"))
        return None, None
    document, found = load_file(path)
    problems += found
    if document is None:
        return None, None
    # A file with a repeated key or an alias is still checked, so every problem shows at once.
    return build(model, document, document.data, problems), document


def load_folder(folder: Path, model: type[ModelT], noun: str, problems: list[Problem],
                *, required: bool = True, rejected: list[Document] | None = None,
                allowed: tuple[str, ...] | None = None,
                ) -> tuple[list[ModelT], dict[str, Document]]:
    """One record per YAML file in `folder`, each taking its `id` from its file name.

    Documents that load but fail validation are added to `rejected`, if given, so that
    checks which need only the raw values can still report on them. With `allowed` (the
    allow-list), published records are also checked for personal data, ahead of need.
    """
    records: list[ModelT] = []
    documents: dict[str, Document] = {}
    if required and not folder.is_dir():
        problems.append(Problem(str(folder), 1, 1, f"the {noun}s folder is missing"))
    stems: dict[str, Path] = {}
    paths: list[Path] = []
    for path in yaml_files(folder):
        if path.stem in stems:  # `child-a.yml` and `child-a.yaml` would be one page
            problems.append(Problem(display_path(path), 1, 1, f"there is already a {noun} "
                                    f"`{path.stem}` ({stems[path.stem].name}): two files "
                                    "cannot share an id; rename or remove one"))
            continue
        stems[path.stem] = path
        paths.append(path)
    loaded = _load_records(paths, model, noun, allowed)
    for path in paths:
        document, found, record, invalid = loaded[path]
        problems += found + invalid
        if document is None:
            continue
        if record is not None and not found:
            records.append(record)
            documents[path.stem] = document
        elif rejected is not None:
            rejected.append(document)
    return records, documents


class _Loaded(NamedTuple):
    """What one record's file came to: its document and parse problems, its record and
    validation problems."""

    document: Document | None
    found: list[Problem]
    record: Any
    invalid: list[Problem]


def _load_records(paths: list[Path], model: type[ModelT], noun: str,
                  allowed: tuple[str, ...] | None) -> dict[Path, _Loaded]:
    """Each file loaded, validated and, if published and `allowed` is known, scanned.

    Files this process has not read before (at national scale, thousands on the first
    build) are shared between two processes; what the second one remembers of them is kept
    here too, so the next build of a long-running process asks only after what changed.
    """
    def load(path: Path) -> _Loaded:
        document, found = load_file(path)
        invalid: list[Problem] = []
        record = None if document is None else _keyed_record(document, model, noun, invalid)
        if record is not None and allowed is not None and _is_published(record):
            # The answer is kept, for use once every file is known to be clean.
            _personal_data(cast(Document, document), allowed)
        return _Loaded(document, found, record, invalid)

    return {path: load(path) for path in paths}


def _is_published(record: BaseModel) -> bool:
    return bool(getattr(record, "is_published", True))


def _keyed_record(document: Document, model: type[ModelT], noun: str,
                  problems: list[Problem]) -> ModelT | None:
    data = document.data
    if not isinstance(data, dict):
        problems.append(document.problem((), f"a {noun} file should be a group of fields "
                                              "(`name: value` lines), not a list or text"))
        return None
    record_id = document.path.stem
    if _RESERVED.get(noun) and _RESERVED[noun].fullmatch(record_id):
        problems.append(document.problem((), f"the file name `{document.path.name}` is taken "
                                              f"by the site's own page listing the {noun}s; "
                                              "rename the file"))
        return None
    if "id" in data:
        problems.append(document.problem(("id",), f"remove `id`: a {noun}'s id is its file "
                                                  f"name (`{record_id}`)", at_key=True))
        return None
    return build(model, document, {"id": record_id, **data}, problems)


_RESERVED = {"review": re.compile(r"index(-page-\d+)?|browse"), "briefing": re.compile("index")}
"""Ids whose pages would sit where the site's own listings are written."""


def build(model: type[ModelT], document: Document, data: Any,
          problems: list[Problem]) -> ModelT | None:
    """Validate `data` (from `document`) as `model`, adding any problems to `problems`.

    A long-running process (`mkdocs serve`) validates again after every save; a document
    that was not parsed again (its text is unchanged, see `load_file`) is not validated
    again either, so only the edited file costs anything.
    """
    key = (document.path, model, _fingerprint(data))
    record, found = _VALIDATED.get(key, document, lambda: _validate(model, document, data))
    problems += found
    return record  # type: ignore[return-value]


def _validate(model: type[BaseModel], document: Document,
              data: Any) -> tuple[BaseModel | None, tuple[Problem, ...]]:
    try:
        return model.model_validate(data), ()
    except ValidationError as error:
        return None, tuple(_problem(model, document, detail) for detail in error.errors())


def _fingerprint(data: Any) -> Any:
    # A record's id is added to its file's values (`{"id": ..., **data}`): the id is part of
    # what was validated, the rest is the document's own data.
    return data.get("id") if isinstance(data, dict) else None


_VALIDATED: KeptWith[tuple[Path, type[BaseModel], Any],
                     tuple[BaseModel | None, tuple[Problem, ...]]] = KeptWith()
"""The record last validated from each file, kept with the document it came from."""


def _personal_data(document: Document, allowed: tuple[str, ...]) -> tuple[Problem, ...]:
    """`check_document`, remembered for a document that was not parsed again."""
    return _SCANNED.get((document.path, allowed), document,
                        lambda: tuple(check_document(document, allowed)))


_SCANNED: KeptWith[tuple[Path, tuple[str, ...]], tuple[Problem, ...]] = KeptWith()


# --- Turning pydantic's errors into an editor's messages ---------------------------------


def _problem(model: type[BaseModel], document: Document, detail: ErrorDetails) -> Problem:
    loc: Loc = tuple(part for part in detail["loc"] if not _is_internal(part))
    kind = detail["type"]
    # A whole-record rule about one field is shown at that field's line.
    loc = loc or RECORD_RULE_FIELDS.get(kind) or RULE_FIELDS.get(kind, ())
    if kind == "extra_forbidden":
        return document.problem(loc, _where(loc) + _unknown_field(model, loc), at_key=True)
    if kind == "missing":
        return document.problem(loc[:-1], _where(loc[:-1]) + f"missing `{loc[-1]}`")
    if loc == ("id",) and document.path.stem == detail.get("input"):
        return document.problem((), f"the file name `{document.path.name}` cannot be an id: "
                                    "use lower-case letters, digits and hyphens, like "
                                    "`child-r.yml`")
    message = _message(model, loc, detail)
    while loc and loc not in document.marks and loc[:-1] in document.marks:
        # `cost: lots` is read as `cost: {amount: lots}`: name what the editor wrote.
        loc = loc[:-1]
    return document.problem(loc, _where(loc) + message)


def _is_internal(part: str | int) -> bool:
    # pydantic adds validator names (`function-after[...]`) and union branches to a loc.
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "bool"})


def _where(loc: Loc) -> str:
    return f"{key_path(loc)}: " if loc else ""


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    return f"`{value}`"


def _message(model: type[BaseModel], loc: Loc, detail: ErrorDetails) -> str:
    kind, value = detail["type"], detail.get("input")
    if value is None and kind.endswith("_type"):
        return "is empty: give a value, or remove the line"
    if kind in ("string_too_short",):
        return "is empty: give a value, or remove the line"
    if kind == "string_type":
        return f"should be text, not {_describe(value)}"
    if kind == "list_type":
        return (f"should be a list, not {_describe(value)}: put each item on its own line "
                "starting with `- `")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"should be a group of fields (`name: value` lines), not {_describe(value)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        digits = "".join(c for c in str(value) if c.isdigit())
        hint = (f": write the digits alone, without `£` or commas, like `{digits}`"
                if digits and set(str(value)) <= set("0123456789£, ") else "")
        return f"should be a whole number, not {_describe(value)}{hint}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{_describe(value)} is out of range ({detail['msg'].lower()})"
    if kind == "string_pattern_mismatch":
        return (f"{_describe(value)} is not a valid id: use lower-case letters, digits and "
                "single hyphens, like `early-help`")
    if kind == "enum":
        choices = _enum_choices(model, loc)
        hint = _did_you_mean(str(value), choices, end=" Allowed")
        return (f"{_describe(value)} is not an allowed value{hint or '; allowed'} values are: "
                f"{', '.join(choices)}")
    return detail["msg"].removeprefix("Value error, ")


def _unknown_field(model: type[BaseModel], loc: Loc) -> str:
    parent = _model_at(model, loc[:-1])
    known = list(parent.model_fields) if parent else []
    hint = _did_you_mean(str(loc[-1]), known)
    listing = f"; the fields here are: {', '.join(known)}" if known and not hint else ""
    return f"unknown field `{loc[-1]}`{hint}{listing}"


def _did_you_mean(word: str, choices: Sequence[str], end: str = "") -> str:
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?{end}" if close else ""


def _enum_choices(model: type[BaseModel], loc: Loc) -> list[str]:
    annotation = _annotation_at(model, loc)
    for candidate in _unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return [str(member.value) for member in candidate]
    return []


def _unwrap(annotation: Any) -> Iterator[Any]:
    """The concrete types inside Optional[...], list[...] and Annotated[...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _unwrap(typing.get_args(annotation)[0])
    elif origin in (typing.Union, types.UnionType, list):
        for argument in typing.get_args(annotation):
            yield from _unwrap(argument)
    else:
        yield annotation


def _annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    parent = _model_at(model, loc[:-1]) if loc else None
    last = loc[-1] if loc else None
    if isinstance(last, int) and len(loc) >= 2:
        parent, last = _model_at(model, loc[:-2]), loc[-2]
    if parent is None or not isinstance(last, str) or last not in parent.model_fields:
        return None
    return parent.model_fields[last].annotation


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The record type found by following `loc` from `model` (None if it leads elsewhere)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = next((c for c in _unwrap(field.annotation)
                        if isinstance(c, type) and issubclass(c, BaseModel)), None)
    return current


# --- Checks across records ---------------------------------------------------------------


def _check_themes(themes: list[Theme], document: Document) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, theme in enumerate(themes):
        if theme.id in first:
            line = document.mark(("themes", first[theme.id])).line
            yield document.problem(("themes", index, "id"),
                                   f"themes[{index + 1}].id: the theme id `{theme.id}` is "
                                   f"already used (line {line}); ids must be unique")
        else:
            first[theme.id] = index


def check_references(reviews: Iterable[Review], documents: dict[str, Document],
                     theme_ids: set[str]) -> list[Problem]:
    """Problems with how reviews refer to themes, findings and each other."""
    by_id = {review.id: review for review in reviews}
    problems: list[Problem] = []
    for review in by_id.values():
        problems += _check_review(review, documents[review.id], by_id, theme_ids)
    return problems


def _check_review(review: Review, document: Document, by_id: dict[str, Review],
                  theme_ids: set[str]) -> Iterator[Problem]:
    def problem(loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        return document.problem(loc, _where(loc) + message, at_key=at_key)

    rapid = review.is_consideration
    if rapid and review.publication.published:
        yield problem(("publication", "status"), f"a {review.type.label.lower()} is never "
                      "published; only the review it leads to can be. Set "
                      "`status: unpublished`")
    if review.decision is not None and not rapid:
        yield problem(("decision",), "only a rapid review (or a case considered for review) "
                      "has a `decision`; record this review's own dates and outcome instead",
                      at_key=True)
    if review.is_published and not rapid:
        for needed in ("background", "findings"):
            if not getattr(review, needed):
                yield problem((), f"a published review needs `{needed}` for its learning "
                              "summary")
    if review.follows is not None:
        target = by_id.get(review.follows)
        if target is None:
            yield problem(("follows",), f"there is no review `{review.follows}`"
                          + _did_you_mean(review.follows, list(by_id)))
        elif not target.is_consideration:
            yield problem(("follows",), f"`{review.follows}` is a {target.type.label.lower()},"
                          " but `follows` names the rapid review (or considered case) this "
                          "review came from")

    yield from _unique_ids(document, "findings", [f.id for f in review.findings])
    yield from _unique_ids(document, "recommendations", [r.id for r in review.recommendations])

    finding_ids = [finding.id for finding in review.findings]
    for index, recommendation in enumerate(review.recommendations):
        if recommendation.finding is not None and recommendation.finding not in finding_ids:
            yield problem(("recommendations", index, "finding"),
                          f"this review has no finding `{recommendation.finding}`"
                          + _did_you_mean(recommendation.finding, finding_ids))

    for loc, theme in _theme_refs(review):
        if theme not in theme_ids:
            yield problem(loc, f"unknown theme `{theme}`"
                          + _did_you_mean(theme, sorted(theme_ids))
                          + " (themes are listed in themes.yml)")


def raw_theme_references(documents: Iterable[Document],
                         theme_ids: set[str]) -> Iterator[Problem]:
    """Unknown themes in files that failed validation, found from their raw values."""

    def walk(value: Any, loc: Loc) -> Iterator[Problem]:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "themes" and isinstance(item, list):
                    for index, theme in enumerate(item):
                        if isinstance(theme, str) and theme not in theme_ids:
                            where: Loc = (*loc, key, index)
                            yield document.problem(
                                where, _where(where) + f"unknown theme `{theme}`"
                                + _did_you_mean(theme, sorted(theme_ids))
                                + " (themes are listed in themes.yml)")
                else:
                    yield from walk(item, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*loc, index))

    for document in documents:
        yield from walk(document.data, ())


def _unique_ids(document: Document, key: str, ids: list[str],
                within: str = "a review") -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in first:
            loc: Loc = (key, index, "id")
            yield document.problem(loc, f"{key_path(loc)}: the id `{item_id}` is already used "
                                        f"by {key}[{first[item_id] + 1}]; ids must be unique "
                                        f"within {within}")
        else:
            first[item_id] = index


def _theme_refs(review: Review) -> Iterator[tuple[Loc, str]]:
    for index, theme in enumerate(review.themes):
        yield ("themes", index), theme
    for f_index, finding in enumerate(review.findings):
        for index, theme in enumerate(finding.themes):
            yield ("findings", f_index, "themes", index), theme
    for audience in ("practitioners", "managers", "system"):
        points = getattr(review.learning_points, audience)
        for p_index, point in enumerate(points):
            for index, theme in enumerate(point.themes):
                yield ("learning_points", audience, p_index, "themes", index), theme
    for r_index, recommendation in enumerate(review.recommendations):
        for index, theme in enumerate(recommendation.themes):
            yield ("recommendations", r_index, "themes", index), theme


# --- Briefings, the national Panel's themes and the glossary -----------------------------


def _load_glossary(path: Path, problems: list[Problem]) -> list[GlossaryTerm]:
    """The glossary's terms; the file is optional, and a term may be listed only once."""
    if not path.is_file():
        return []
    glossary, document = _load_one(path, Glossary, problems)
    if glossary is None or document is None:
        return []
    first: dict[str, int] = {}
    for index, term in enumerate(glossary.terms):
        if term.term in first:
            loc: Loc = ("terms", index, "term")
            problems.append(document.problem(
                loc, f"{key_path(loc)}: `{term.term}` is already listed as terms"
                     f"[{first[term.term] + 1}]; give each term once"))
        else:
            first[term.term] = index
    return glossary.terms


def _check_panel_themes(themes: list[Theme], panel_themes: list[PanelTheme],
                        document: Document) -> Iterator[Problem]:
    panel_ids = [panel.id for panel in panel_themes]
    yield from _unique_ids(document, "panel_themes", panel_ids, within="themes.yml")
    for t_index, theme in enumerate(themes):
        for index, panel_id in enumerate(theme.panel_themes):
            if panel_id not in panel_ids:
                loc: Loc = ("themes", t_index, "panel_themes", index)
                yield document.problem(loc, f"{key_path(loc)}: there is no national Panel "
                                            f"theme `{panel_id}`"
                                       + _did_you_mean(panel_id, panel_ids)
                                       + " (they are listed under `panel_themes`)")


def check_briefings(briefings: Iterable[Briefing], documents: dict[str, Document],
                    theme_ids: set[str], panel_ids: set[str]) -> list[Problem]:
    """Problems with how briefings refer to themes and Panel themes, and repeated ids."""
    problems: list[Problem] = []
    for briefing in briefings:
        problems += _check_briefing(briefing, documents[briefing.id], theme_ids, panel_ids)
    return problems


def _check_briefing(briefing: Briefing, document: Document, theme_ids: set[str],
                    panel_ids: set[str]) -> Iterator[Problem]:
    yield from _unique_ids(document, "publications", [p.id for p in briefing.publications],
                           within="a briefing")
    # Every section becomes an anchor on one page, so ids are unique across the briefing.
    seen: dict[str, Loc] = {}
    for loc, section in _briefing_sections(briefing):
        if section.id in seen:
            yield document.problem((*loc, "id"), f"{key_path((*loc, 'id'))}: the id "
                                   f"`{section.id}` is already used by {key_path(seen[section.id])}"
                                   "; ids must be unique within a briefing")
        else:
            seen[section.id] = loc
        if section.panel_theme is not None and section.panel_theme not in panel_ids:
            where: Loc = (*loc, "panel_theme")
            yield document.problem(where, f"{key_path(where)}: there is no national Panel "
                                   f"theme `{section.panel_theme}`"
                                   + _did_you_mean(section.panel_theme, sorted(panel_ids))
                                   + " (they are listed under `panel_themes` in themes.yml)")
    for loc, theme in _briefing_theme_refs(briefing):
        if theme not in theme_ids:
            yield document.problem(loc, f"{key_path(loc)}: unknown theme `{theme}`"
                                   + _did_you_mean(theme, sorted(theme_ids))
                                   + " (themes are listed in themes.yml)")


def _briefing_sections(briefing: Briefing) -> Iterator[tuple[Loc, BriefingSection]]:
    for p_index, publication in enumerate(briefing.publications):
        for key in ("sections", "practice_themes"):
            for s_index, section in enumerate(getattr(publication, key)):
                yield ("publications", p_index, key, s_index), section


def _briefing_theme_refs(briefing: Briefing) -> Iterator[tuple[Loc, str]]:
    for index, theme in enumerate(briefing.themes):
        yield ("themes", index), theme
    for p_index, publication in enumerate(briefing.publications):
        for index, theme in enumerate(publication.themes):
            yield ("publications", p_index, "themes", index), theme
    for loc, section in _briefing_sections(briefing):
        for index, theme in enumerate(section.themes):
            yield (*loc, "themes", index), theme
        for c_index, case in enumerate(section.case_studies):
            for index, theme in enumerate(case.themes):
                yield (*loc, "case_studies", c_index, "themes", index), theme
        for t_index, table in enumerate(section.tables):
            for c_index, panel in enumerate(table.panels):
                for index, theme in enumerate(panel.themes):
                    yield (*loc, "tables", t_index, "panels", c_index, "themes", index), theme
