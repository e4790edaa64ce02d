"""Search: a Pagefind index of the built site, written into the site beside its pages.

Pagefind splits its index into small compressed chunks and a browser fetches only the chunks
a query needs, so a first search costs a few hundred kilobytes however many reviews the site
holds. (Material's own search index is one JSON file that grows with the site, about 38 MB at
3,000 reviews, and is downloaded whole before the first result.)

Only the pages that are learning are indexed, and only their article: a page whose front
matter names its `kind` (a learning summary, briefing, theme, annual report, the glossary, the
"about" pages) has its article marked `data-pagefind-body` (overrides/main.html), and once any
page carries that mark Pagefind leaves out every page without it. Listings, the tracker, the
editor's guide and the search page would only push the learning down the results; the header,
navigation and footer repeat on every page and would only add noise. The mark is also
Pagefind's root selector, so if the theme ever stopped writing it the build fails rather than
indexing every page whole.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.errors import GeneratorError

BUNDLE = "pagefind"
"""The folder inside the site that holds the index and the script that reads it."""

BODY = "data-pagefind-body"
"""The mark on the article of every page that search finds."""

UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
"""Pagefind's ready-made interfaces: the site has its own (assets/javascripts/search.js)."""


class SearchIndexError(GeneratorError):
    """Pagefind could not index the built site."""


def index_site(site_dir: Path) -> int:
    """Write the Pagefind index of the built site into `site_dir`/pagefind; pages indexed.

    Any index already there is removed first, so the bundle holds nothing from an earlier
    build. Two runs over the same pages write the same bytes.
    """
    site_dir = site_dir.resolve()
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--output-subdir", BUNDLE, "--root-selector", f"[{BODY}]", "--quiet"]
    try:
        result = subprocess.run(command, cwd=site_dir, capture_output=True, text=True,
                                check=False)
    except OSError as error:
        raise SearchIndexError(f"the search index was not built: {error}") from None
    if result.returncode != 0:
        # Pagefind writes some messages to both streams: each line once, in order.
        output = list(dict.fromkeys(line.strip() for line in
                                    (result.stderr + "\n" + result.stdout).splitlines()
                                    if line.strip()))
        if any("No module named pagefind" in line for line in output):
            raise SearchIndexError(
                "the search index was not built: Pagefind is not installed in this Python; "
                "install it with `pip install 'pagefind[extended]'` (or `pip install -e .`)")
        if any("not able to build an index" in line for line in output):
            raise SearchIndexError(
                f"the search index was not built: Pagefind found no page to index in "
                f"{site_dir} (it reads the elements marked `{BODY}`, which overrides/main.html "
                "puts on every page whose front matter names its `kind`)")
        raise SearchIndexError("the search index was not built; Pagefind said:\n"
                               + "\n".join(output[-20:]))
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        pages = sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        raise SearchIndexError("the search index was not built: Pagefind wrote no "
                               f"readable {BUNDLE}/pagefind-entry.json") from None
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    try:
        _fix_filter_order(bundle)
    except (OSError, ValueError, IndexError, EOFError) as error:
        raise SearchIndexError(
            "the search index was built, but its filter files could not be put in a fixed "
            f"order (has Pagefind's file format changed?): {error}") from None
    return pages


# Repeatable output. Pagefind writes its page fragments and word index the same way every
# time, but lists the values in each filter file, and the filters in its metadata file, in an
# order that changes from run to run (a Rust hash map's; Pagefind/pagefind issue 638), and
# names those files after their contents. So each is rewritten with its values sorted, and
# named after its new contents. The files are gzip-compressed CBOR after a signature; only
# the few CBOR shapes needed to find and reorder whole items are read.

_SIGNATURE = b"pagefind_dcd"
_ARRAY, _TEXT = 4, 3


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """The CBOR item at `at`: its major type, its argument, and where its content starts."""
    major, info = data[at] >> 5, data[at] & 0x1F
    if info < 24:
        return major, info, at + 1
    if info > 27:
        raise ValueError(f"a CBOR item of indefinite length at byte {at}")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _end(data: bytes, at: int) -> int:
    """Where the CBOR item starting at `at` ends."""
    major, argument, at = _head(data, at)
    if major in (2, _TEXT):
        return at + argument
    if major in (_ARRAY, 5):
        for _ in range(argument * (2 if major == 5 else 1)):
            at = _end(data, at)
        return at
    if major == 6:  # a tag, then the item it tags
        return _end(data, at)
    return at  # integers and simple values: the argument was all of it


def _elements(data: bytes, at: int) -> list[tuple[int, int]]:
    """Where each element of the CBOR array at `at` starts and ends."""
    major, count, at = _head(data, at)
    if major != _ARRAY:
        raise ValueError(f"expected a CBOR array at byte {at}")
    spans = []
    for _ in range(count):
        end = _end(data, at)
        spans.append((at, end))
        at = end
    return spans


def _text(data: bytes, at: int) -> str:
    major, length, at = _head(data, at)
    if major != _TEXT:
        raise ValueError(f"expected CBOR text at byte {at}")
    return data[at:at + length].decode("utf-8")


def _sorted_by_name(data: bytes, at: int,
                    edit: Callable[[bytes], bytes] | None = None) -> bytes:
    """`data` with the array at `at`, whose elements are arrays led by a name, in name order;
    each element passed through `edit` on the way."""
    spans = _elements(data, at)
    if not spans:
        return data
    ordered = sorted(spans, key=lambda span: _text(data, _elements(data, span[0])[0][0]))
    items = (data[start:end] for start, end in ordered)
    return (data[:spans[0][0]] + b"".join(map(edit, items) if edit else items)
            + data[spans[-1][1]:])


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path.name} does not start with Pagefind's signature")
    return data[len(_SIGNATURE):]


def _rewrite(path: Path, stem: str, data: bytes) -> str:
    """Replace `path`, named after its contents as `stem` (LANGUAGE_HASH), with `data`,
    named after its contents the same way; the new stem."""
    language, old_hash = stem.rsplit("_", 1)
    new_stem = f"{language}_{hashlib.sha256(data).hexdigest()[:len(old_hash)]}"
    path.unlink()
    path.with_name(path.name.replace(stem, new_stem)).write_bytes(
        gzip.compress(_SIGNATURE + data, mtime=0))
    return new_stem


def _fix_filter_order(bundle: Path) -> None:
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        data = _read(path)  # [filter name, [[value, [page number, ...]], ...]]
        values = _elements(data, 0)[1][0]
        renamed[path.stem] = _rewrite(path, path.stem, _sorted_by_name(data, values))
    if not renamed:
        return

    def rename(item: bytes) -> bytes:  # same length: no CBOR length changes
        for old, new in renamed.items():
            item = item.replace(old.encode(), new.encode())
        return item

    entry_path = bundle / "pagefind-entry.json"
    entry = entry_path.read_text(encoding="utf-8")
    for path in sorted(bundle.glob("pagefind.*.pf_meta")):
        data = _read(path)
        for start, _ in _elements(data, 0):
            if _is_filter_list(data, start, renamed):
                data = _sorted_by_name(data, start, rename)
                break
        stem = path.name.removeprefix("pagefind.").removesuffix(".pf_meta")
        entry = entry.replace(f'"{stem}"', f'"{_rewrite(path, stem, data)}"')
    entry_path.write_text(entry, encoding="utf-8")


def _is_filter_list(data: bytes, at: int, filters: dict[str, str]) -> bool:
    """Is the item at `at` the metadata's list of filters, [[name, filter file], ...]?"""
    if data[at] >> 5 != _ARRAY:
        return False
    pairs = _elements(data, at)
    for start, _ in pairs:
        if data[start] >> 5 != _ARRAY or len(_elements(data, start)) != 2:
            return False
        file = _elements(data, start)[1][0]
        if data[file] >> 5 != _TEXT or _text(data, file) not in filters:
            return False
    return bool(pairs)
