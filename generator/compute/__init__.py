"""Stage 3: everything the pages show that is worked out rather than written.

One module per kind of output; `site` holds what every page needs.
"""

from __future__ import annotations

from generator.compute.mentions import themes_raised
from generator.compute.site import Site, compute

__all__ = ["Site", "compute", "themes_raised"]
