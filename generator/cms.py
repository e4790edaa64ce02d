"""The form editor at `/admin/`: Decap CMS, for editors without a terminal.

Decap CMS (decapcms.org) edits the YAML files in `data/` through forms and, with its
editorial workflow, opens one pull request per change on GitHub, so every change goes
through the same checks as any other. Its collections and fields are made from the data
model's JSON Schema (`generator/cms_config.py`), so the forms cannot drift from what `check`
accepts; `check` remains the judge.

Why Decap rather than Sveltia CMS: Decap's local backend (`decap-server`, run from `cms/`)
lets the form editor save into a local repository without GitHub, so it can be tried out,
and tested, offline; Sveltia works on local files only through the browser's folder picker,
which a test cannot drive. Sveltia's built-in sign-in with a GitHub token would spare the
OAuth app Decap needs on GitHub (see the editor's guide).

The CMS is one pinned release of the `decap-cms` package, taken from the npm registry at
build time, checked against its published SHA-512, kept in `.cache/`, and written into the
built site after its audit: it is the one page of the site that runs a script of its own
making (the audit would refuse it, rightly, anywhere else). Nothing is fetched from a CDN
when the page runs. It is not in search, the sitemap or the navigation, and tells search
engines not to index it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import shutil
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from generator.cms_config import collections
from generator.errors import GeneratorError
from generator.models import Partnership

DECAP_VERSION = "3.16.3"
DECAP_INTEGRITY = ("sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6"
                   "+z0oIpwUYhUJDYtYw==")
"""The registry's integrity string for that release (`npm view decap-cms@3.16.3 dist`)."""
DECAP_TARBALL = f"https://registry.npmjs.org/decap-cms/-/decap-cms-{DECAP_VERSION}.tgz"

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
"""The editors' JSON Schemas, as committed beside the generator (a test keeps them current)."""

ADMIN = "admin"
"""The form editor's folder in the site: `/admin/`."""

LOCAL_BACKEND_PORT = 8081
"""Where `decap-server` listens by default (`npm --prefix cms run local-backend`)."""

_PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Edit the data: {title}</title>
</head>
<body>
<noscript>The form editor needs JavaScript. Without it, edit the files in the data folder on
GitHub, as the editor's guide describes.</noscript>
<script src="decap-cms.js"></script>
<script src="prune.js"></script>
</body>
</html>
"""


# Before each save: leave out what the editor left empty (blank text, empty lists, objects
# with nothing in them), as a hand-written file would. Decap writes every field of the form
# otherwise, and an empty `one_thing: {questions: []}` would be an object missing its `ask`.
_PRUNE = """// Written by generator/cms.py: before each save, leave out what was left empty.
(function () {
  function prune(value) {
    if (Array.isArray(value)) {
      var items = value.map(prune).filter(function (item) { return item !== undefined; });
      return items.length ? items : undefined;
    }
    if (value !== null && typeof value === "object") {
      var kept = {};
      Object.keys(value).forEach(function (key) {
        var inner = prune(value[key]);
        if (inner !== undefined) { kept[key] = inner; }
      });
      return Object.keys(kept).length ? kept : undefined;
    }
    if (value === null || value === "" || (typeof value === "number" && isNaN(value))) {
      return undefined;
    }
    return value;
  }
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      return data.clear().merge(prune(data.toJS()) || {});
    }
  });
})();
"""


def decap_files(cache: Path) -> Path:
    """The folder of the pinned Decap CMS release's browser files, fetched once and kept."""
    folder = cache / f"decap-cms-{DECAP_VERSION}"
    if (folder / "decap-cms.js").is_file():
        return folder
    try:
        with urllib.request.urlopen(DECAP_TARBALL, timeout=120) as response:
            tarball = response.read()
    except OSError as error:
        raise GeneratorError(f"the form editor (decap-cms {DECAP_VERSION}) could not be "
                             f"fetched from {DECAP_TARBALL}: {error}") from None
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != DECAP_INTEGRITY:
        raise GeneratorError(f"the form editor (decap-cms {DECAP_VERSION}) fetched from "
                             f"{DECAP_TARBALL} is not the published release: its SHA-512 "
                             "differs, so it was not used")
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("package/")
            wanted = name.startswith("dist/") and (
                name.endswith("decap-cms.js") or name.endswith(".wasm")
                or name == "dist/decap-cms.js.LICENSE.txt")
            if (wanted or name == "LICENSE") and member.isfile():
                source = archive.extractfile(member)
                assert source is not None
                (partial / Path(name).name).write_bytes(source.read())
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return folder


def config(partnership: Partnership, schema_dir: Path = SCHEMA_DIR) -> dict[str, Any]:
    """Decap CMS's `config.yml` for this partnership's repository."""
    site = partnership.site
    return {
        "backend": {"name": "github", "repo": site.repository, "branch": site.branch,
                    **({"base_url": site.editor_sign_in.rstrip("/")}
                       if site.editor_sign_in else {}),
                    "commit_messages": {
                        "create": "Add {{collection}} “{{slug}}” (form editor)",
                        "update": "Edit {{collection}} “{{slug}}” (form editor)",
                        "delete": "Remove {{collection}} “{{slug}}” (form editor)"}},
        # One branch and one pull request per change, checked like any other.
        "publish_mode": "editorial_workflow",
        # Used only where the page is opened from this computer, with `decap-server`
        # running (npm --prefix cms run local-backend): saves go to the local repository.
        "local_backend": {"url": f"http://localhost:{LOCAL_BACKEND_PORT}/api/v1",
                          "allowed_hosts": ["localhost", "127.0.0.1"]},
        # File names as `check` accepts them: lower-case ASCII letters, digits, hyphens.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "media_folder": "data/media",   # the data holds no pictures; Decap requires one
        "locale": "en",
        "site_url": site.url or "",
        "display_url": site.url or "",
        "collections": collections(schema_dir),
    }


def write_admin(site_dir: Path, partnership: Partnership, cache: Path,
                schema_dir: Path = SCHEMA_DIR) -> Path | None:
    """Write the form editor into the built site; None when the data names no repository."""
    if partnership.site.repository is None:
        return None
    files = decap_files(cache)
    admin = site_dir / ADMIN
    admin.mkdir(exist_ok=True)
    for source in sorted(files.iterdir()):
        shutil.copyfile(source, admin / source.name)
    settings = config(partnership, schema_dir)
    (admin / "config.yml").write_text(
        yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), "utf-8")
    (admin / "prune.js").write_text(_PRUNE, "utf-8")
    title = escape(html.unescape(partnership.site_title))
    (admin / "index.html").write_text(_PAGE.format(title=title), "utf-8")
    return admin
