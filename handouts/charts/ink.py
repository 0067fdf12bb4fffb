"""The house ink colours as ReportLab colours, for drawing charts (values from ``handouts.style``)."""

from __future__ import annotations

from reportlab.lib.colors import HexColor

from handouts import style
from handouts.style import mix

INK = HexColor(style.INK)
MUTED = HexColor(style.MUTED)

__all__ = ["INK", "MUTED", "mix"]
