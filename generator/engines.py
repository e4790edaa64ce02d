"""The site engines `python -m generator site` can build with: MkDocs (with Material) or
Zensical, each asked for nothing but to turn the generated Markdown into HTML.

Neither runs the project's hook here. The pipeline (generator/publish.py) generates first and
writes the engine a configuration of its own, `.slh-engine.yml` beside `mkdocs.yml`: the
project's settings, without `hooks:`, plus what the hook would have set (the partnership's
name, address, description and footer) and the build's content mark. Everything that protects
publication then runs after the engine, on the HTML it wrote, whichever engine that was
(generator/finish.py). `mkdocs build` and `mkdocs serve` still use `mkdocs.yml` and its hook.

Zensical 0.0.73 is the release pinned (pyproject.toml): later ones need `zensical-ui`, which
the package registries this project is built from do not have.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import yaml

from generator.build import BuildResult
from generator.errors import GeneratorError
from generator.formatting import tel
from generator.origins import in_the_data
from generator.sanitise import attribute_text

UNCHANGED = "the previous site is unchanged"
ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
CONFIG_NAME = ".slh-engine.yml"
"""The engine's configuration, written by each build beside `mkdocs.yml` (ignored by git)."""
CONTENT_MARK = "slh_content_mark"
"""`extra` key of the build's content mark (overrides/main.html; generator/finish.py)."""


@dataclass(frozen=True)
class EngineRun:
    """A finished engine build: its HTML in `site_dir`, and the mark around page content."""

    site_dir: Path
    mark: str


def engine_config(engine: str, project: Path, result: BuildResult, mark: str,
                  site_dir: Path) -> dict[str, Any]:
    """`mkdocs.yml`'s settings as `engine` is to use them for this build."""
    config = read_config(project / "mkdocs.yml")
    config.pop("hooks", None)
    if engine == "zensical" and isinstance(config.get("theme"), dict):
        # Material's look, which the project's stylesheet and its measured contrast assume,
        # not Zensical's own ("modern", with other fonts and colours).
        config["theme"].setdefault("variant", "classic")
    settings, extra = from_the_data(result, config)
    config.update({key: str(value) for key, value in settings.items()})  # (not Markup: YAML)
    config["site_dir"] = str(site_dir)
    config.setdefault("extra", {}).update(extra, **{CONTENT_MARK: mark})
    return config


def from_the_data(result: BuildResult,
                  config: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The engine's settings the data decides, for `config` (`mkdocs.yml`'s settings, or
    MkDocs' own object in the hook): the site's name, and its address and description
    unless `config` gives them (as `mkdocs serve` gives its address); then, for `extra`,
    the footer and whether there is a feed (the generator writes one only when it knows
    the address).
    The theme writes the name and description into attributes as they are: escaped once
    here, and the project's templates never escape them again (overrides/main.html)."""
    settings: dict[str, Any] = {"site_name": attribute_text(result.site_title)}
    if result.site_url and not config.get("site_url"):
        settings["site_url"] = result.site_url
    if result.site_description and not config.get("site_description"):
        settings["site_description"] = attribute_text(result.site_description)
    return settings, {"slh_footer": footer(result), "slh_feed": bool(result.site_url)}


def source_date_epoch(day: date) -> str:
    """`day`'s midnight as SOURCE_DATE_EPOCH, from which both engines date the sitemap."""
    return str(int(datetime.combine(day, time(), tzinfo=UTC).timestamp()))


def footer(result: BuildResult) -> dict[str, Any]:
    """The footer's partnership and public lines, as links a phone can dial; the template
    escapes each value (overrides/partials/copyright.html)."""
    def plain(text: str | None) -> str | None:  # a character reference is not escaped twice
        return html.unescape(text) if text else None

    return {"partnership": html.unescape(result.partnership),
            "contacts": [{"label": html.unescape(label), "phone": plain(phone),
                          "tel": tel(html.unescape(phone)) if phone else None,
                          "hours": plain(hours), "email": plain(email)}
                         for label, phone, hours, email in result.contacts]}


def run_engine(engine: str, project: Path, result: BuildResult, aside: Path, data_dir: Path,
               keep_open: list[int]) -> EngineRun:
    """Build the generated Markdown into the empty folder `aside` with `engine`; a
    GeneratorError listing the engine's warnings and errors if it fails."""
    mark = f"slh-content-{secrets.token_hex(8)}"
    # Zensical writes only inside its project: a site elsewhere is built in the project, then
    # moved beside the site it replaces.
    inside = engine == "mkdocs" or aside.resolve().is_relative_to(project.resolve())
    output = aside if inside else project / f".slh-zensical-{secrets.token_hex(4)}"
    config_path = project / CONFIG_NAME
    config_path.write_text(
        "# Written by `python -m generator site` for this build; never edit it: edit mkdocs.yml.\n"
        + yaml.dump(engine_config(engine, project, result, mark, output.resolve()), Dumper=_Dumper,
                    sort_keys=False, allow_unicode=True), encoding="utf-8")
    if engine == "mkdocs":
        # -q is never passed: it silently turns strict mode off.
        command = ["-m", "mkdocs", "build", "--strict", "-f", CONFIG_NAME]
    else:
        command = ["-m", "zensical", "build", "--strict", "-f", CONFIG_NAME]
    try:
        # The engine inherits the locks, so a build that outlives this process (killed while
        # the engine runs) still holds them until it ends.
        completed = subprocess.run([sys.executable, *command], cwd=project, env=_environment(),
                                   capture_output=True, text=True, check=False,
                                   pass_fds=keep_open)
        if completed.returncode != 0:
            raise GeneratorError(_failure(engine, completed.stderr + completed.stdout,
                                          project, data_dir))
        if engine == "zensical":
            # Zensical writes its own search index whatever `plugins:` says; the site's
            # search is Pagefind's (generator/search.py), so nothing would ever read it.
            (output / "search.json").unlink(missing_ok=True)
        if not inside:
            for child in output.iterdir():
                shutil.move(child, aside / child.name)
    finally:
        if not inside:
            shutil.rmtree(output, ignore_errors=True)
    return EngineRun(aside, mark)


def _failure(engine: str, output: str, project: Path, data_dir: Path) -> str:
    """What the engine said, as one line, or a line and then one line per problem; problems
    in generated pages name the data file they came from (generator/origins.py)."""
    found = (mkdocs_messages(output) if engine == "mkdocs"
             else zensical_messages(output, _docs_dir(project)))
    messages = [in_the_data(re.sub(r"^ERROR +- +", "", message), data_dir)
                for message in found] or [f"{engine} build failed"]
    if len(messages) == 1:
        return f"{messages[0]}; {UNCHANGED}"
    return f"the site was not built; {UNCHANGED}.\n" + "\n".join(messages)


def _docs_dir(project: Path) -> str:
    return str(read_config(project / "mkdocs.yml").get("docs_dir", "docs"))


def mkdocs_messages(stderr: str, engine: str = "mkdocs") -> list[str]:
    """What is worth showing of MkDocs' stderr: its warnings and errors, without INFO lines,
    and of a traceback (an error MkDocs did not expect, such as a full disk) only its last
    line, the error itself."""
    messages: list[str] = []
    in_traceback = chained = False
    for line in stderr.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif line.startswith(("During handling of the above", "The above exception")):
            chained = True
        elif in_traceback:
            if line and not line[0].isspace():  # the error, which ends the traceback
                if chained and messages:  # of a chain of errors, the last says it
                    messages.pop()
                in_traceback = chained = False
                messages.append(_error_line(line, engine))
        elif line.strip() and not line.startswith(("INFO", "DEBUG")):
            messages.append(line)
    return messages


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WHERE = re.compile(r"\[ (?P<path>[^\s\]]+?):(?P<line>\d+):(?P<column>\d+) \]")


def zensical_messages(output: str, docs_dir: str) -> list[str]:
    """Zensical's warnings as `docs/page.md:line:column: what`, from its drawings of the
    source (always in colour); of a traceback, only its last line, unless that only says
    that strict mode stopped the build."""
    messages: list[str] = []
    warning: str | None = None
    for line in _ANSI.sub("", output).splitlines():
        if line.startswith(("Warning:", "Error:")):
            warning = line.split(":", 1)[1].strip()
            messages.append(warning)
        elif warning is not None and (where := _WHERE.search(line)):
            messages[-1] = (f"{docs_dir}/{where['path']}:{where['line']}:{where['column']}: "
                            f"{warning}")
            warning = None
    plain = _ANSI.sub("", output)
    start = plain.find("Traceback (most recent call last)")
    traceback = mkdocs_messages(plain[start:], "zensical") if start >= 0 else []
    messages += [line for line in traceback if "Aborted because --strict" not in line]
    return messages


def _error_line(line: str, engine: str) -> str:
    """The line ending a traceback, `OSError: [Errno 28] No space left on device: '/x/y'`,
    as `mkdocs stopped: cannot write /x/y: No space left on device`."""
    found = re.fullmatch(r"[\w.]+: \[Errno \d+\] (?P<reason>.+?)"
                         r"(?:: '(?P<path>.*?)'(?: -> '(?P<copy>.*)')?)?", line)
    if found is None:
        return f"{engine} stopped: {line}"
    path = found["copy"] or found["path"]  # a copy names its source, then its target
    if path is None:
        return f"{engine} stopped: {found['reason']}"
    return f"{engine} stopped: cannot write {_shown(path)}: {found['reason']}"


def _shown(path: str) -> str:
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


# `mkdocs.yml` may hold MkDocs' own YAML tags (`!ENV`, `!!python/name:...`); they are passed
# on to the engine as they were written.


@dataclass(frozen=True)
class _Tagged:
    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def read_config(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as file:
            config = yaml.load(file, Loader=_Loader)
    except (OSError, yaml.YAMLError) as error:
        raise GeneratorError(f"{path.name}: cannot be read: {error}") from None
    if not isinstance(config, dict):
        raise GeneratorError(f"{path.name}: expected settings, one per line")
    return config


def _environment() -> dict[str, str]:
    """This process's environment, without MkDocs 2's notice; SOURCE_DATE_EPOCH is set by the
    pipeline (generator/publish.py) so that both engines date the sitemap alike."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
