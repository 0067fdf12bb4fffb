"""Laying a story out without drawing it: how a layout is measured before it is chosen."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame


def _skip_drawing(*_args: object, **_kwargs: object) -> None:
    return None


class MeasureFrame(Frame):
    """A frame that places flowables (wrap and split, as when drawing) but draws none of them.

    Choosing a layout only needs to know where pages break, which wrapping and
    splitting decide; drawing (tables, charts) and saving are most of a
    render's cost. A flowable with ``draws_when_measuring`` (the fill markers,
    which log where blocks end) is drawn anyway.
    """

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        if getattr(flowable, "draws_when_measuring", False):
            return super().add(flowable, canv, trySplit)
        flowable.drawOn = _skip_drawing  # shadows the class's method on this one object
        try:
            return super().add(flowable, canv, trySplit)
        finally:
            del flowable.drawOn
