"""Briefings for practitioners: which are published, newest first."""

from __future__ import annotations

from generator.models import Briefing, Dataset


def published_briefings(dataset: Dataset) -> tuple[Briefing, ...]:
    """Published briefings, newest first; a briefing not yet published appears nowhere."""
    return tuple(sorted((b for b in dataset.briefings if b.is_published), key=_newest_first))


def _newest_first(briefing: Briefing) -> tuple[int, str]:
    date = briefing.publication.date
    return (-date.first_day.toordinal() if date else 0, briefing.title.lower())
