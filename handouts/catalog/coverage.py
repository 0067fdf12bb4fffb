"""Every zone a reflexologist added must be drawable: a zone without a shape on its views never appears.

A content editor who adds ``- id: sciatic-line`` to ``zones.yaml`` with
``views: [plantar]`` but no shape in ``charts/plantar.yaml`` would otherwise see
a sheet that names the zone and a chart that silently leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from handouts.errors import CatalogError


def check_zone_shapes(zones: Mapping[str, Any], charts: Any, line_of: Callable[[str], tuple[str, int | None]],
                      report: Callable[[CatalogError], None]) -> None:
    """Report each zone that names a loaded view whose chart file has no shape for it."""
    for zone_id, zone in zones.items():
        missing = [v for v in zone.views if v in charts.views and zone_id not in charts.views[v].zones]
        if missing:
            file, line = line_of(zone_id)
            files = ", ".join(f"charts/{v}.yaml" for v in missing)
            report(CatalogError(f"zone '{zone_id}' has no shape in {files}, so no chart would show it",
                                file=file, line=line, field=f"{zone_id}.views",
                                hint=f"add '{zone_id}' under zones: in {files}, or remove the view from views"))
