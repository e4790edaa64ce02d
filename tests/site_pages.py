"""Every page type of the example site, for the browser tests: one line per page type.

A new kind of page joins the accessibility, privacy and phone checks by adding one line here.
Paths are relative to the site's root URL.
"""

from __future__ import annotations

PAGES: dict[str, str] = {
    "home": "",
    "learning-summary": "learning/reviews/child-r/",
    "seven-minute-briefing": "learning/7-minute-briefings/child-r/",
    "reviews-index": "learning/reviews/",
    "theme": "learning/themes/neglect/",
    "themes-overview": "learning/themes/",
    "about": "about/",
    "editors-guide": "about/editors-guide/",
    "accessibility-statement": "about/accessibility/",
    "briefings-index": "learning/briefings/",
    "briefing": "learning/briefings/national-reports-2021/",
    "annual-reports-index": "learning/reports/",
    "partnership-annual-report": "learning/reports/2021-22/partnership/",
    "subgroup-annual-report": "learning/reports/2021-22/subgroup/",
    "recommendations-tracker": "learning/recommendations/",
    "recommendations-filter": "learning/recommendations/status/not-stated/",
    "glossary": "learning/glossary/",
    "not-found": "no-such-page/",
    "search-results": "search/?q=neglect",  # the search page, with results once they load
}
