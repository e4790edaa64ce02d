"""Safeguarding Learning Hub: YAML records of case reviews in, a MkDocs site of learning out."""

from __future__ import annotations

__version__ = "0.1.0"
