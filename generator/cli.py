"""The command line: `python -m generator check|build`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.build import build
from generator.errors import DataError, GeneratorError
from generator.publish import build_site
from generator.settings import DEFAULT_CONTENT_DIR, DEFAULT_DATA_DIR, GENERATED_SUBDIR
from generator.validate import load_dataset

DESCRIPTION = f"""\
Turn the YAML records in a data folder into the Markdown pages of the learning site.

  check   read and validate every data file; report every problem at once
  build   validate, then write the generated pages under CONTENT/{GENERATED_SUBDIR}/
  site    build, then the whole site with MkDocs into a folder beside the old one,
          swapped into place only when complete (run where mkdocs.yml is)

Problems are printed one a line as `path:line:column: message`. The exit status is
0 when the data is clean, 1 when it has problems, 2 when the command is misused.
`mkdocs build --strict` and `mkdocs serve` also work: they call `build` themselves.
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
        return command

    add("check", "Validate the data and report every problem; write nothing.")
    build_command = add("build", "Validate the data and write the generated Markdown pages.")
    build_command.add_argument(
        "--content", type=Path, default=DEFAULT_CONTENT_DIR, metavar="DIR",
        help=f"the MkDocs docs folder to write into (default: {DEFAULT_CONTENT_DIR}); only "
             f"its {GENERATED_SUBDIR}/ folder is touched")
    site_command = add("site", "Build the whole site with `mkdocs build --strict` into a "
                               "folder beside the old one, check it, then swap it in: a "
                               "failed build leaves the old site as it was.")
    site_command.add_argument("--site", type=Path, default=Path("site"), metavar="DIR",
                              help="where the finished site goes (default: site)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "check":
            dataset, _ = load_dataset(arguments.data)
            print(f"{arguments.data}: {len(dataset.reviews)} reviews and "
                  f"{len(dataset.themes)} themes, no problems")
        elif arguments.command == "build":
            result = build(arguments.data, arguments.content)
            print(result.summary())
        else:
            print(f"{build_site(Path.cwd(), arguments.site, data_dir=arguments.data)}: built")
    except DataError as error:
        for problem in error.problems:
            print(problem.github() if arguments.format == "github" else problem,
                  file=sys.stderr)
        print(error, file=sys.stderr)
        return 1
    except GeneratorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0
