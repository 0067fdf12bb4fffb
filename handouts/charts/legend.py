"""The colour key under a chart: one swatch per body system."""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from handouts.charts.ink import INK, mix
from handouts.charts.paint import OUTLINE, QUIET, SKIN, SYSTEM_COLOURS
from handouts.typeface import REGULAR


class SystemLegend(Flowable):
    """Colour swatches naming the body systems, in one or more centred lines."""

    def __init__(self, names: Mapping[str, str], width: float, accent: Color | None = None,
                 accent_name: str = "", size: float = 8.0) -> None:
        super().__init__()
        self.items = [(SYSTEM_COLOURS[k], v) for k, v in names.items() if k in SYSTEM_COLOURS]
        if accent is not None and accent_name:
            self.items.append((accent, accent_name))
        self.width = width
        self.size = size
        self._lines = self._layout()
        self.height = len(self._lines) * size * 1.9

    def _layout(self) -> list[list[tuple[Color, str, float]]]:
        lines: list[list[tuple[Color, str, float]]] = [[]]
        used = 0.0
        for colour, name in self.items:
            w = self.size * 1.6 + stringWidth(name, REGULAR, self.size) + self.size * 1.4
            if lines[-1] and used + w > self.width:
                lines.append([])
                used = 0.0
            lines[-1].append((colour, name, w))
            used += w
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        y = self.height - self.size * 1.4
        for line in self._lines:
            x = (self.width - sum(w for *_, w in line)) / 2
            for colour, name, w in line:
                canv.setFillColor(mix(colour, SKIN, QUIET) if colour in SYSTEM_COLOURS.values() else colour)
                canv.setStrokeColor(OUTLINE)
                canv.setLineWidth(0.3)
                canv.roundRect(x, y - 1, self.size * 1.1, self.size * 1.1, 1.5, stroke=1, fill=1)
                canv.setFillColor(INK)
                canv.setFont(REGULAR, self.size)
                canv.drawString(x + self.size * 1.6, y, name)
                x += w
            y -= self.size * 1.9
