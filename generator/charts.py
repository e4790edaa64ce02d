"""Accessible bar charts as inline SVG.

A chart is a picture of a table, never the only copy of its figures: every chart carries a
text alternative (its title and a sentence listing every value) and the page shows the data
table beside it. Colours come from the theme, so charts follow the light and dark schemes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

BAR_HEIGHT = 28
GAP = 12
LABEL_WIDTH = 180
BAR_WIDTH = 320
VALUE_WIDTH = 70


def bar_chart(title: str, rows: Sequence[tuple[str, int]], *, key: str) -> str:
    """A horizontal bar chart of `rows` as one line of SVG markup.

    `key` makes the element ids unique and stable on a page (builds must be reproducible).
    """
    largest = max((value for _, value in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    described = "; ".join(f"{label}: {value:,}" for label, value in rows)
    title_id, desc_id = f"chart-{key}-title", f"chart-{key}-desc"
    parts = [
        f'<svg class="slh-chart" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(described)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        top = GAP + index * (BAR_HEIGHT + GAP)
        middle = top + BAR_HEIGHT / 2
        length = round(BAR_WIDTH * value / largest) if value else 0
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" fill="currentColor">{escape(label)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{top}" width="{max(length, 1)}" height="{BAR_HEIGHT}" '
            'class="slh-chart__bar" fill="currentColor" fill-opacity="0.75"/>',
            f'<text x="{LABEL_WIDTH + max(length, 1) + 6}" y="{middle}" '
            f'dominant-baseline="middle" fill="currentColor">{value:,}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)
