"""Bar charts that are tables: each figure written once, as text, with its bar beside it.

A chart drawn as a picture needs its figures again in a table for anyone who cannot see it,
and its labels shrink with it on a phone (to about 8 px at 375 px wide). So a chart here is
an HTML table (a caption, a label and a figure per row, read by a screen reader like any
table, at body size on every screen) whose figure cells also draw a bar: a small inline SVG
that is decoration only (`aria-hidden`) and follows the colour scheme. Nothing repeats it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

SCALE = 100
"""Bars are drawn in a box 100 units wide, stretched to the cell by the stylesheet."""


def bar_table(title: str, rows: Sequence[tuple[str, int]], *, column: str,
              number: Callable[[int], str]) -> str:
    """A table of `rows` (label, figure) captioned `title`, with a bar for each figure, as
    HTML; `number` writes a figure as the rest of the page does."""
    largest = max((value for _, value in rows), default=0) or 1
    parts = ['<table class="slh-bars">', f"<caption>{escape(title)}</caption>",
             f'<thead><tr><th scope="col">{escape(column)}</th>'
             '<th scope="col">Number</th></tr></thead><tbody>']
    for label, value in rows:
        length = round(SCALE * value / largest) if value else 0
        parts.append(
            f'<tr><th scope="row">{escape(label)}</th><td><span class="slh-bars__figure">'
            f'<span class="slh-bars__number">{escape(number(value))}</span>'
            f'<svg class="slh-bars__bar" viewBox="0 0 {SCALE} 10" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false"><rect width="{max(length, 1)}" height="10"'
            ' fill="currentColor"/></svg></span></td></tr>')
    parts.append("</tbody></table>")
    return "".join(parts)
