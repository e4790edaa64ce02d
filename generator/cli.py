"""The command line: `python -m generator check|build|site|new|diff|schema|migrate`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.as_of import AS_OF_VARIABLE, parse_day
from generator.build import build, without_cycle_collection
from generator.diff import summarise
from generator.engines import DEFAULT_ENGINE, ENGINES, UNCHANGED
from generator.errors import DataError, GeneratorError, WriteError
from generator.migrate import migrate_folder
from generator.models import ReviewType
from generator.publish import build_site, site_lock
from generator.scaffold import KINDS, scaffold
from generator.schema import DEFAULT_SCHEMA_DIR, FILE_KINDS, write_schemas
from generator.settings import DEFAULT_CONTENT_DIR, DEFAULT_DATA_DIR, GENERATED_SUBDIR
from generator.validate import load_dataset

DESCRIPTION = f"""\
Turn the YAML records in a data folder into the Markdown pages of the learning site.

  check   read and validate every data file; report every problem at once
  build   validate, then write the generated pages under CONTENT/{GENERATED_SUBDIR}/
  site    build, then the whole site with MkDocs (or `--engine zensical`) into a folder
          beside the old one; sanitise, check and index it; add the PDF of each report,
          summary and briefing (printed by Debian's Chromium); swap it into place only
          when complete (run where mkdocs.yml is)
  synth   write an invented data set of any size, for measuring (`make bench`)
  new     write a commented starter file for a new review, briefing or period
  diff    summarise, in Markdown, how the published site changes since a git ref
  schema  write the JSON Schema of each kind of data file, for editors' tools
  migrate move a period file's old `subgroup_report`/`partnership_report` into
          `reports:` (sections), keeping everything else as it was

Problems are printed one a line as `path:line:column: message`. The exit status is
0 when the data is clean, 1 when it has problems, 2 when the command is misused.
`check` also prints warnings (something a report answering the guidance leaves out)
and notices (a link still without its address); they do not make it fail.
`mkdocs build --strict` and `mkdocs serve` also work: they call `build` themselves.

The site is built as of today (in England): a record marked published appears on the
first build on or after its publication date, and `check` and `diff` name each one still
waiting. `--as-of DATE` (or SLH_AS_OF, or SOURCE_DATE_EPOCH) builds as of another day;
`site.build_date` in partnership.yml fixes the day for every build, and `check` warns.

Environment: SLH_DATA_DIR is the data folder `mkdocs` builds from (default: data).
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR",
                             help=f"the data folder (default: {DEFAULT_DATA_DIR})")
        command.add_argument("--format", choices=("text", "github"), default="text",
                             help="how to print problems: plain lines (default) or GitHub "
                                  "Actions annotations for a pull request")
        as_of_option(command)
        return command

    add("check", "Validate the data and report every problem; write nothing.")
    build_command = add("build", "Validate the data and write the generated Markdown pages.")
    build_command.add_argument(
        "--content", type=Path, default=DEFAULT_CONTENT_DIR, metavar="DIR",
        help=f"the MkDocs docs folder to write into (default: {DEFAULT_CONTENT_DIR}); only "
             f"its {GENERATED_SUBDIR}/ folder is touched")
    site_command = add("site", "Generate, build the whole site with the engine into a "
                               "folder beside the old one, sanitise and check every page, "
                               "index it for search, print each report, summary and "
                               "briefing to PDF, then swap it in: a failed build leaves "
                               "the old site as it was.")
    site_command.add_argument(
        "--engine", choices=ENGINES, default=DEFAULT_ENGINE,
        help=f"what turns the Markdown into HTML (default: {DEFAULT_ENGINE}); zensical is "
             "Material's successor, pinned at the release that installs here")
    site_command.add_argument("--site", type=Path, default=Path("site"), metavar="DIR",
                              help="where the finished site goes (default: site)")
    synth_command = commands.add_parser(
        "synth", help="Write an invented data set of N reviews, for measuring at scale.",
        description="Write an invented data set of N reviews from many partnerships, for "
                    "measuring at scale. The same seed always gives the same files.")
    synth_command.add_argument("--reviews", type=int, required=True, metavar="N",
                               help="how many reviews to write")
    synth_command.add_argument("--out", type=Path, required=True, metavar="DIR",
                               help="the data folder to write (emptied first)")
    synth_command.add_argument("--seed", type=int, default=1, help="the random seed "
                               "(default: 1)")
    _editor_commands(commands)
    return parser


def as_of_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--as-of", type=_day, metavar="DATE",
        help="build as if today were DATE (2027-03-03): what is published, what is overdue. "
             "Default: SLH_AS_OF, else `site.build_date` in partnership.yml, else "
             "SOURCE_DATE_EPOCH, else today")


def _day(text: str) -> str:
    try:
        return parse_day(text).isoformat()
    except GeneratorError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("--as-of is ")) from None


def _editor_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`new`, `diff` and `schema`: the commands of the editors' workflow."""
    def data_option(command: argparse.ArgumentParser) -> None:
        command.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR",
                             help=f"the data folder (default: {DEFAULT_DATA_DIR})")

    new = commands.add_parser(
        "new", help="Write a commented starter file for a new record.",
        description="Write a commented, valid, unpublished starter file for a new review, "
                    "briefing or reporting period, named after its id; never overwrites.")
    new.add_argument("kind", choices=KINDS, help="what to start")
    new.add_argument("id", help="its id and file name: lower-case letters, digits and "
                                "hyphens (`child-s`; a period: `2024-25`)")
    new.add_argument("--type", choices=[t.value for t in ReviewType], default="cspr",
                     help="for a review: its type (default: cspr)")
    data_option(new)
    diff = commands.add_parser(
        "diff", help="Summarise how the published site changes since a git ref.",
        description="Summarise in Markdown how the published site changes between BASE_REF "
                    "and the working tree: reviews and briefings added, withdrawn or "
                    "changed, recommendation statuses, annual report figures. Only "
                    "published records are described.")
    diff.add_argument("base_ref", metavar="BASE_REF", help="a branch, tag or commit")
    data_option(diff)
    as_of_option(diff)
    schema = commands.add_parser(
        "schema", help="Write the JSON Schema of each kind of data file.",
        description="Write the JSON Schema of each kind of data file, generated from the "
                    "data model, for editors' tools (see .vscode/settings.json).")
    migrate = commands.add_parser(
        "migrate", help="Move old fixed-shape reports into `reports:`.",
        description="Rewrite each period file that still has `subgroup_report:` or "
                    "`partnership_report:`, moving them into `reports:` as lists of "
                    "sections that show what the old pages showed. The rest of each file, "
                    "comments included, is kept; check the result with `check`.")
    data_option(migrate)
    schema.add_argument("--out", type=Path, default=DEFAULT_SCHEMA_DIR, metavar="DIR",
                        help=f"where to write them (default: {DEFAULT_SCHEMA_DIR})")


def _run_editor_command(arguments: argparse.Namespace) -> None:
    if arguments.command == "new":
        path = scaffold(arguments.kind, arguments.id, arguments.data,
                        review_type=ReviewType(arguments.type))
        print(f"{path}: written; fill it in, then run `python -m generator check`")
    elif arguments.command == "diff":
        print(summarise(arguments.base_ref, arguments.data), end="")
    elif arguments.command == "migrate":
        changed = migrate_folder(arguments.data)
        for path in changed:
            print(f"{path}: reports moved into `reports:`")
        if not changed:
            print(f"{arguments.data}: nothing to move")
    else:
        written = write_schemas(arguments.out)
        print(f"{arguments.out}: {len(written)} schemas written" if written
              else f"{arguments.out}: all {len(FILE_KINDS)} schemas up to date")


def _counted(notices: Sequence[object]) -> str:
    warnings = sum(1 for n in notices if getattr(n, "severity", "") == "warning")
    parts = [f"{warnings} warning{'s' if warnings != 1 else ''}" if warnings else "",
             f"{len(notices) - warnings} notice{'s' if len(notices) - warnings != 1 else ''}"
             if len(notices) > warnings else ""]
    return " and ".join(part for part in parts if part)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if getattr(arguments, "as_of", None):
        # Through the environment, so that MkDocs and its hook, which `site` runs in a
        # process of its own, build as of the same day.
        os.environ[AS_OF_VARIABLE] = arguments.as_of
    try:
        if arguments.command == "check":
            with without_cycle_collection():  # as `build` does; see there
                dataset, sources = load_dataset(arguments.data)
            for notice in sources.notices:
                print(notice.github() if arguments.format == "github" else notice,
                      file=sys.stderr)
            print(f"{arguments.data}: {len(dataset.reviews)} reviews and "
                  f"{len(dataset.themes)} themes, no problems"
                  + (f" ({_counted(sources.notices)} above)" if sources.notices else ""))
        elif arguments.command == "synth":
            from generator.synth import synthesise  # only this command needs it

            count = synthesise(arguments.out, arguments.reviews, seed=arguments.seed)
            print(f"{arguments.out}: {count} files, {arguments.reviews} reviews")
        elif arguments.command == "build":
            # The lock a `site` build of this project holds while it generates: the one of
            # the site folder beside the content folder.
            with site_lock(arguments.content.resolve().parent / "site"):
                result = build(arguments.data, arguments.content)
            print(result.summary())
        elif arguments.command in ("new", "diff", "schema", "migrate"):
            _run_editor_command(arguments)
        else:
            built = build_site(Path.cwd(), arguments.site, data_dir=arguments.data,
                               engine=arguments.engine)
            print(f"{built}: built")
    except DataError as error:
        for problem in error.problems:
            print(problem.github() if getattr(arguments, "format", "") == "github" else problem,
                  file=sys.stderr)
        print(error, file=sys.stderr)
        return 1
    except GeneratorError as error:
        # (`site` says what became of the site itself; `build` never touches it)
        unchanged = arguments.command in ("build", "site") and isinstance(error, WriteError)
        print(f"error: {error}" + (f"; {UNCHANGED}" if unchanged else ""), file=sys.stderr)
        return 1
    except OSError as error:  # the last resort: a line, never a traceback
        reason = error.strerror or str(error)
        message = reason if error.filename is None else f"{error.filename}: {reason}"
        if arguments.command in ("build", "site"):
            message += f"; {UNCHANGED}"
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0
