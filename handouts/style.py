"""House style without ReportLab: ink colours, paper sizes in points, colour mixing, and the chart's theme shape.

Charts and render both draw with these, so neither imports the other for
them (charts used to import render for its colours, and render imported
charts to draw them: a loop). Colours are hex strings here; each drawing
package turns them into its library's colour objects.
"""

from __future__ import annotations

from typing import Any, Protocol

INK = "#2b2b2b"  # body text and outlines
MUTED = "#6b6b6b"  # secondary text, quiet guide lines
RULE = "#d8d2c8"  # hairlines between sections
PAPER_TINT = "#f7f3ee"  # the faint panel colour
WHITE = "#ffffff"

MM = 72.0 / 2.54 * 0.1  # points per millimetre, computed exactly as ReportLab does
PAGE_POINTS: dict[str, tuple[float, float]] = {
    "a4": (595.2755905511812, 841.8897637795277),
    "letter": (612.0, 792.0),
    "a3": (841.8897637795275, 1190.551181102362),
}


def mix(colour: Any, other: Any, amount: float) -> Any:
    """``amount`` of ``colour`` over ``other`` (0..1), for tints of the brand colours; RGB colour objects in."""
    from reportlab.lib.colors import Color  # ReportLab only when a colour is actually mixed

    return Color(
        colour.red * amount + other.red * (1 - amount),
        colour.green * amount + other.green * (1 - amount),
        colour.blue * amount + other.blue * (1 - amount),
    )


class ChartTheme(Protocol):
    """What a foot chart needs of a theme: the accent colour for lit zones and the body text size."""

    accent: Any
    body_size: float
