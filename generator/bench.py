"""The scale benchmark behind `make bench`: `python -m generator.bench [N ...]`.

For each size it writes a synthetic data set (`generator.synth`), then measures, in fresh
processes so that one size's memory does not colour the next:

- the generation stages (load + validate, gate + compute, render, write) and peak memory,
  generating into an empty folder as a first build does;
- the floor: libyaml's CSafeLoader parsing the same files and nothing else;
- for both, the fastest of `RUNS` runs;
- a full `mkdocs build --strict` in a scratch copy of the project (generation included),
  and its peak memory;
- `python -m generator site` with each engine, MkDocs and Zensical, without the PDFs (which
  do not depend on the engine, and are measured below): its time, and that of each step
  (generate, the engine, then sanitise + check + audit + index), its peak memory (the
  engine's process included) and the HTML it built;
- the built HTML: in total, and per learning summary (median and largest);
- the bytes a browser downloads for the home page, and then for a first search query,
  counted by the web server while headless Chromium runs the query;
- regenerating after one review is edited: the time, and how many files were rewritten;
- the live preview (`make serve`, that is `mkdocs serve --dirty`): from saving an edit to
  one review to the served summary page showing it (median of `PREVIEW_EDITS` saves), and
  how many rebuilds each save started;
- the PDF twins `python -m generator site` prints from that built site (generator/pdf.py):
  how many, their total size, and the time with an empty cache (a first build) and again
  with the cache it filled (a rebuild in which no page changed).

Nothing is asserted: the figures are printed as a table. Times depend on the machine.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.engines import ENGINES
from generator.localhost import CHROMIUM, CHROMIUM_FLAGS, QuietHandler, serve
from generator.synth import synthesise

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5
"""Timed runs of the parse floor and of generation, of which the fastest is reported."""
PREVIEW_EDITS = 3
"""Saves timed in the live preview, of which the median is reported."""
SEARCH_WORDS = "professional network"
"""Words every synthetic review uses, so a query has plenty of results."""


def _project(target: Path) -> Path:
    """A scratch copy of the site project (its data comes from SLH_DATA_DIR)."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(ROOT / "content", target / "content",
                    ignore=shutil.ignore_patterns("learning"))
    (target / "generator").symlink_to(ROOT / "generator")
    return target


def _run(arguments: Sequence[str], cwd: Path, data: Path) -> tuple[float, int, str]:
    """Run a child process; its wall time, its own peak memory (KiB) and its stdout."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SLH_DATA_DIR": str(data),
                   "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    with subprocess.Popen(arguments, cwd=cwd, env=environment, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as child:
        # wait4 gives this child's own resource use, not the maximum over all children.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - start
        out = child.stdout.read() if child.stdout else ""
        err = child.stderr.read() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed:\n{err[-3000:]}")
    return elapsed, usage.ru_maxrss, out


def edit(path: Path) -> None:
    """Change one published review's background, as an editor saving a fix would."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("background: ", "background: Edited. ", 1), encoding="utf-8")


def stages(data: Path, content: Path, edited: Path | None = None) -> dict[str, float]:
    """Time each generation stage in this process (run in a child by `measure`).

    With `edited`, generate once, edit that review, and time the second generation: what
    a long-running process such as `mkdocs serve` does after a save.
    """
    from generator.build import build

    if edited is None:  # as `python -m generator build` does
        result = build(data, content)
    else:  # as `mkdocs serve` does: a build, then another after a save
        build(data, content)
        edit(edited)
        result = build(data, content)
    return {**result.timings, "written": len(result.written.written), "pages": result.pages}


def pipeline(engine: str, project: Path, data: Path) -> dict[str, Any]:
    """Build `project`'s site from `data` with `engine` as `python -m generator site` does,
    without the PDFs and the form editor (which do not depend on the engine; measured
    apart): the seconds of each step, run in a child by `measure`."""
    from generator.build import build
    from generator.engines import run_engine
    from generator.finish import finish_site

    timings: dict[str, Any] = {}
    start = time.perf_counter()
    result = build(data, project / "content")
    timings["site_generate"] = time.perf_counter() - start
    aside = project / f"site-{engine}"
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir()
    start = time.perf_counter()
    run = run_engine(engine, project, result, aside, data, keep_open=[])
    timings["site_engine"] = time.perf_counter() - start
    start = time.perf_counter()
    finish_site(aside, project / "content", result.generated, run.mark, "")
    timings["site_finish"] = time.perf_counter() - start
    return timings


def parse_floor(data: Path) -> float:
    """Seconds for libyaml's CSafeLoader to read and parse every data file, nothing more."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = sorted(data.rglob("*.yml"))
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return time.perf_counter() - start


class _CountingHandler(QuietHandler):
    """Serves the built site quietly, adding up the bytes of every file it sends."""

    sent: list[tuple[str, int]]

    def copyfile(self, source: Any, outputfile: Any) -> None:
        body = source.read()
        self.sent.append((self.path, len(body)))
        outputfile.write(body)


def search_bytes(site: Path) -> tuple[int, int, int]:
    """Bytes for the home page, then for a first search query; and how many results it found.

    The query is typed into the header's search box and sent, as a reader would: its bytes are
    the search page, its script, Pagefind's reader, worker and WebAssembly engine, and the index
    chunks and result fragments the query needs (none of the index loads before a query).
    """
    from playwright.sync_api import sync_playwright

    sent: list[tuple[str, int]] = []
    counting = type("Handler", (_CountingHandler,), {"sent": sent})
    with serve(site, counting) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})  # the header's box
        page.goto(url, wait_until="networkidle")
        home = sum(size for _, size in sent)
        before = len(sent)
        page.locator("header input[name=q]").fill(SEARCH_WORDS)
        page.keyboard.press("Enter")
        page.locator("#slh-search-results > li").first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        announced = page.get_by_role("status").inner_text()  # "N results for ..."
        found = int(announced.split()[0]) if announced[:1].isdigit() else 0
        query = sum(size for _, size in sent[before:])
        browser.close()
    return home, query, found


def preview_figures(project: Path, data: Path, review: Path) -> dict[str, Any]:
    """Seconds from saving an edit to `review` to the preview serving it, as an editor
    waits for them; and the rebuilds each save started (one, unless the preview rebuilds
    twice). The preview runs as `make serve` runs it."""
    import socket
    import urllib.request

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = project / "serve.log"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SLH_DATA_DIR": str(data),
                   "PYTHONPATH": str(ROOT)}
    address = f"http://127.0.0.1:{port}/learning/reviews/{review.stem}/"
    waits: list[float] = []
    rebuilds: list[int] = []
    with log.open("w") as output, subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=environment, stdout=output, stderr=subprocess.STDOUT) as server:
        try:
            _wait_for(lambda: "Serving on" in log.read_text(), 600)
            for edit_number in range(PREVIEW_EDITS):
                builds = log.read_text().count("Building documentation")
                token = f"Preview{edit_number}Check"
                text = review.read_text(encoding="utf-8")
                start = time.perf_counter()
                review.write_text(text.replace("background: ", f"background: {token}. ", 1),
                                  encoding="utf-8")

                def shown(token: str = token) -> bool:
                    with urllib.request.urlopen(address, timeout=30) as response:
                        return token in response.read().decode("utf-8")
                _wait_for(shown, 600)
                waits.append(time.perf_counter() - start)
                time.sleep(3)  # would a second rebuild start?
                _wait_for(lambda: "Reloading browsers" in log.read_text().rsplit(
                    "Building documentation", 1)[-1], 600)
                rebuilds.append(log.read_text().count("Building documentation") - builds)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return {"preview_wait": statistics.median(waits), "preview_rebuilds": max(rebuilds)}


def _wait_for(ready: Any, seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while True:
        try:
            if ready():
                return
        except OSError:
            pass
        if time.perf_counter() > deadline:
            raise SystemExit("the preview did not get there in time")
        time.sleep(0.05)


def pdf_figures(site: Path, cache: Path) -> dict[str, Any]:
    """The PDF twins of a built site: printed with an empty cache, then again from it."""
    from generator.pdf import learning_pages, make_pdfs

    pages = learning_pages(site)
    start = time.perf_counter()
    made = make_pdfs(site, pages, cache=cache)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    make_pdfs(site, pages, cache=cache)
    warm = time.perf_counter() - start
    return {"pdf_count": len(made), "pdf_bytes": sum(twin.size for twin in made.values()),
            "pdf_cold": cold, "pdf_warm": warm}


def measure(size: int, work: Path) -> dict[str, Any]:
    """Every figure for one size."""
    data = work / f"data-{size}"
    synthesise(data, size)
    project = _project(work / f"project-{size}")
    figures: dict[str, Any] = {"reviews": size}
    # The best of a few runs, as `timeit` reports: the machine's disk and neighbours only
    # ever add time. The floor and generation take turns, so both see the same conditions.
    # Each generation writes into a folder of its own, as a first build does.
    floors: list[float] = []
    generations: list[dict[str, Any]] = []
    for run in range(RUNS):
        floors.append(parse_floor(data))
        wall, memory, out = _run([sys.executable, "-m", "generator.bench", "--stages",
                                  str(data), str(work / f"content-{size}-{run}")], project, data)
        generations.append({**json.loads(out), "generate": wall, "generate_kib": memory})
    figures["floor"] = min(floors)
    fastest: dict[str, Any] = min(generations, key=_generation)
    figures.update(fastest)
    wall, memory, _ = _run([sys.executable, "-m", "mkdocs", "build", "--strict"], project,
                           data)
    figures["mkdocs"] = wall
    figures["mkdocs_kib"] = memory
    site = project / "site"
    html = [path.stat().st_size for path in site.rglob("*.html")]
    largest = max(site.rglob("*.html"), key=lambda path: path.stat().st_size)
    figures["html_largest_page"] = largest.parent.relative_to(site).as_posix() + "/"
    summaries = [path.stat().st_size for path in (site / "learning" / "reviews").glob(
        "*/index.html") if not path.parent.name.startswith("index")]  # not the listing
    figures |= {"html_total": sum(html), "html_pages": len(html),
                "html_largest": max(html),
                "summary_median": statistics.median(summaries) if summaries else 0,
                "summary_max": max(summaries, default=0),
                "search_index": sum(p.stat().st_size for p in (site / "pagefind").rglob("*")
                                    if p.is_file())}
    figures["home_bytes"], figures["query_bytes"], figures["results"] = search_bytes(site)
    for engine in ENGINES:
        figures |= engine_figures(engine, project, data)
    figures |= pdf_figures(site, work / f"pdf-cache-{size}")
    # Edit one published review and regenerate: in a new process (`python -m generator
    # build`), and in one that has already generated once (`mkdocs serve` after a save).
    published = [path for path in sorted((data / "reviews").glob("*.yml"))
                 if "status: published" in path.read_text(encoding="utf-8")]
    edit(published[0])
    wall, _, out = _run([sys.executable, "-m", "generator.bench", "--stages", str(data),
                         str(project / "content")], project, data)
    again = json.loads(out)
    figures["regenerate"] = _generation(again)
    figures["regenerate_wall"] = wall
    figures["regenerate_written"] = again["written"]
    _, _, out = _run([sys.executable, "-m", "generator.bench", "--stages", str(data),
                      str(project / "content"), str(published[1])], project, data)
    figures["regenerate_warm"] = _generation(json.loads(out))
    figures |= preview_figures(project, data, published[2])
    return figures


def engine_figures(engine: str, project: Path, data: Path) -> dict[str, Any]:
    """`python -m generator site --engine ENGINE` without its PDFs: the whole time and each
    step's, the peak memory of the build (the engine's process included), and the HTML."""
    wall, memory, out = _run([sys.executable, "-m", "generator.bench", "--site", engine,
                              str(project), str(data)], project, data)
    site = project / f"site-{engine}"
    html = [path.stat().st_size for path in site.rglob("*.html")]
    summaries = [path.stat().st_size for path in (site / "learning" / "reviews").glob(
        "*/index.html")]
    figures = {f"{engine}_{key}": value for key, value in json.loads(out).items()}
    return figures | {f"{engine}_wall": wall, f"{engine}_kib": memory,
                      f"{engine}_pages": len(html), f"{engine}_html": sum(html),
                      f"{engine}_summary": statistics.median(summaries) if summaries else 0}


def measure_engines(size: int, work: Path) -> dict[str, Any]:
    """Only the figures comparing the engines, for one size (`--engines`)."""
    data = work / f"data-{size}"
    synthesise(data, size)
    project = _project(work / f"project-{size}")
    figures: dict[str, Any] = {"reviews": size}
    for engine in ENGINES:
        figures |= engine_figures(engine, project, data)
    return figures


def _mb(value: float) -> str:
    return f"{value / 1_000_000:.1f} MB"


def _kb(value: float) -> str:
    return f"{value / 1000:.0f} KB"


def _minutes(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _generation(figures: dict[str, Any]) -> float:
    return float(sum(figures[key] for key in ("load", "compute", "render", "write")))


def _engine_rows() -> list[tuple[str, Any]]:
    """Both engines side by side: `site` without PDFs, its steps, memory and pages."""
    rows: list[tuple[str, Any]] = []
    for engine in ENGINES:
        name = "MkDocs" if engine == "mkdocs" else "Zensical"
        rows += [
            (f"{name}: `site` without PDFs", lambda r, e=engine: f"{r[e + '_wall']:.1f} s"),
            ("... generate · engine · sanitise, check, index",
             lambda r, e=engine: " · ".join(f"{r[f'{e}_site_{step}']:.1f}"
                                            for step in ("generate", "engine", "finish"))
             + " s"),
            ("... peak memory", lambda r, e=engine: _mb(r[e + "_kib"] * 1024)),
            ("... pages, HTML total", lambda r, e=engine: f"{r[e + '_pages']:,}, "
             f"{_mb(r[e + '_html'])}"),
            ("... learning summary HTML, median", lambda r, e=engine: _kb(r[e + "_summary"])),
        ]
    return rows


def table(results: Sequence[dict[str, Any]], *, engines_only: bool = False) -> str:
    """The figures as a Markdown table, one column per size."""
    if engines_only:
        return _markdown(results, [("Reviews", lambda r: f"{r['reviews']:,}"),
                                   *_engine_rows()])
    rows: list[tuple[str, Any]] = [
        ("Reviews", lambda r: f"{r['reviews']:,}"),
        ("Pages generated", lambda r: f"{r['pages']:,}"),
        ("YAML parse floor (CSafeLoader)", lambda r: f"{r['floor']:.2f} s"),
        ("Load + validate", lambda r: f"{r['load']:.2f} s"),
        ("Gate + compute", lambda r: f"{r['compute']:.2f} s"),
        ("Render", lambda r: f"{r['render']:.2f} s"),
        ("Write", lambda r: f"{r['write']:.2f} s"),
        ("Generation, in-process total", lambda r: f"{_generation(r):.2f} s"),
        ("Generation ÷ parse floor", lambda r: f"{_generation(r) / r['floor']:.1f} times"),
        ("Generation peak memory", lambda r: _mb(r["generate_kib"] * 1024)),
        ("Full `mkdocs build --strict`", lambda r: f"{r['mkdocs']:.1f} s"),
        ("mkdocs build peak memory", lambda r: _mb(r["mkdocs_kib"] * 1024)),
        *_engine_rows(),
        ("HTML pages built", lambda r: f"{r['html_pages']:,}"),
        ("HTML total", lambda r: _mb(r["html_total"])),
        ("Learning summary HTML, median", lambda r: _kb(r["summary_median"])),
        ("Learning summary HTML, largest", lambda r: _kb(r["summary_max"])),
        ("Largest HTML page", lambda r: f"{_kb(r['html_largest'])} (`{r['html_largest_page']}`)"),
        ("Search index on disk", lambda r: _mb(r["search_index"])),
        ("Home page download", lambda r: _kb(r["home_bytes"])),
        ("First search query download", lambda r: _kb(r["query_bytes"])),
        ("PDF twins printed", lambda r: f"{r['pdf_count']:,} ({_mb(r['pdf_bytes'])})"),
        ("... first build, empty cache", lambda r: _minutes(r["pdf_cold"])),
        ("... rebuild, no page changed", lambda r: f"{r['pdf_warm']:.1f} s"),
        ("Regenerate after one edit", lambda r: f"{r['regenerate']:.2f} s"),
        ("... with Python start-up", lambda r: f"{r['regenerate_wall']:.2f} s"),
        ("... in a running process (`mkdocs serve`)", lambda r: f"{r['regenerate_warm']:.2f} s"),
        ("Files rewritten after one edit", lambda r: f"{r['regenerate_written']}"),
        ("Preview: save to page updated (median)", lambda r: f"{r['preview_wait']:.1f} s"),
        ("Preview: rebuilds per save", lambda r: f"{r['preview_rebuilds']}"),
    ]
    return _markdown(results, rows)


def _markdown(results: Sequence[dict[str, Any]], rows: Sequence[tuple[str, Any]]) -> str:
    lines = ["| Measure | " + " | ".join(f"N = {r['reviews']:,}" for r in results) + " |",
             "| --- |" + " ---: |" * len(results)]
    lines += [f"| {label} | " + " | ".join(cell(r) for r in results) + " |"
              for label, cell in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--site"]:
        print(json.dumps(pipeline(arguments[1], Path(arguments[2]), Path(arguments[3]))))
        return 0
    if arguments[:1] == ["--stages"]:
        edited = Path(arguments[3]) if len(arguments) > 3 else None
        print(json.dumps(stages(Path(arguments[1]), Path(arguments[2]), edited)))
        return 0
    engines_only = arguments[:1] == ["--engines"]
    if engines_only:
        arguments = arguments[1:]
    if not all(word.isdigit() for word in arguments):
        print("usage: python -m generator.bench [--engines] [N ...]\n"
              "       python -m generator.bench --stages DATA CONTENT [EDITED]\n"
              "       python -m generator.bench --site ENGINE PROJECT DATA\n\n"
              "Build synthetic data sets of N reviews (default: 300 1000 3000) and print a "
              "table of generation and build times, memory, page and search sizes. See "
              "README.md, Scale. With --engines, only the rows comparing MkDocs and "
              "Zensical (minutes, not an hour: no PDFs, no preview).\n\n"
              "With --stages: generate DATA into CONTENT once and print "
              "each stage's seconds as JSON; with EDITED (a review file in DATA), generate, "
              "edit that review, and time the second generation, as `mkdocs serve` would. "
              "With --site: build PROJECT's site from DATA with ENGINE (mkdocs or zensical) "
              "as `python -m generator site` does, without the PDFs, and print each step's "
              "seconds as JSON.",
              file=sys.stderr)
        return 0 if arguments in (["-h"], ["--help"]) else 2
    sizes = [int(word) for word in arguments] or [300, 1000, 3000]
    results = []
    with tempfile.TemporaryDirectory(prefix="slh-bench-") as folder:
        for size in sizes:
            start = time.perf_counter()
            measured = measure_engines if engines_only else measure
            results.append(measured(size, Path(folder)))
            print(f"N = {size:,}: measured in {time.perf_counter() - start:.0f} s",
                  file=sys.stderr, flush=True)
    print(table(results, engines_only=engines_only))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\n(benchmark process itself: {_mb(peak * 1024)} peak)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
