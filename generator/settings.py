"""Where things live by default. Every path can be overridden on the command line."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DATA_DIR = Path("data")
DEFAULT_CONTENT_DIR = Path("content")

GENERATED_SUBDIR = "learning"
"""The folder inside the docs folder that the generator owns. It is rewritten on every build
and ignored by git; hand-written pages live beside it, never in it."""

TEMPLATES_DIR = Path(__file__).parent / "templates"
