"""Laying a story out without drawing it, and drawing a measured layout without laying it out again.

Choosing a sheet's layout means trying one or more layouts; only where the
pages break matters for the choice, and wrapping and splitting decide that.
A measured try therefore places every flowable but draws none, and notes
where each one landed (a ``Recording``). The chosen try is then drawn from its
recording: the same flowables, in the state their last wrap left them in,
drawn at the same places, so the layout work is never done twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageBreak

from handouts.rl_compat import copy_frame

Placed = tuple[Flowable, float, float, float]  # a flowable, where the frame drew it (x, y), and its _sW


class Recording:
    """Where a measured layout put each flowable, page by page (pages counted within the packet)."""

    def __init__(self) -> None:
        self.pages: list[list[Placed]] = []

    def place(self, flowable: Flowable, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Stands in for ``flowable.drawOn`` while measuring: the call is noted, not made."""
        page = canvas.packet_page() if hasattr(canvas, "packet_page") else canvas.getPageNumber()
        while len(self.pages) < page:
            self.pages.append([])
        self.pages[page - 1].append((flowable, x, y, _sW))

    def story(self, pages: int) -> list[Flowable]:
        """A story that draws the recorded pages again: one flowable for each page, page breaks between."""
        story: list[Flowable] = []
        for n in range(pages):
            story += [PageBreak()] if n else []
            story.append(ReplayPage(self.pages[n] if n < len(self.pages) else []))
        return story


class ReplayPage(Flowable):
    """One recorded page: takes no room of its own and draws what was placed on the page.

    Each flowable is drawn with the call the frame would have made
    (``drawOn(canvas, x, y, _sW)``), so the page's operators are the ones a
    direct build writes. Headers and footers come from the page templates,
    as in any build; a page break between two replayed pages ends a page
    where the measured layout ended it.
    """

    def __init__(self, placed: Sequence[Placed]) -> None:
        super().__init__()
        self.placed = list(placed)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, 0.0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        for flowable, fx, fy, sw in self.placed:
            flowable.drawOn(canvas, fx, fy, _sW=sw)


def _skip_drawing(*_args: object, **_kwargs: object) -> None:
    return None


class MeasureFrame(Frame):
    """A frame that places flowables (wrap and split, as when drawing) but draws none of them.

    Drawing (tables, charts) and saving are most of a render's cost. With a
    ``recording``, each placement is noted so that the layout can be drawn
    later (``Recording.story``). A flowable with ``draws_when_measuring`` (the
    fill markers, which log where blocks end, and draw nothing) is drawn
    anyway and not recorded.
    """

    def __init__(self, *args: Any, recording: Recording | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recording = recording

    def __deepcopy__(self, memo: dict[int, Any]) -> MeasureFrame:
        """A copy that shares the recording: platypus copies the frame to try a KeepTogether's content in it."""
        return copy_frame(self, memo, shared=frozenset({"recording"}))

    def add(self, flowable: Flowable, canv: Canvas, trySplit: int = 0) -> int:
        if getattr(flowable, "draws_when_measuring", False):
            return super().add(flowable, canv, trySplit)
        # shadows the class's method on this one object
        flowable.drawOn = _skip_drawing if self.recording is None else partial(self.recording.place, flowable)
        try:
            return super().add(flowable, canv, trySplit)
        finally:
            del flowable.drawOn
