"""How full each page of a story got: markers that note where blocks end, read after the build.

Large print has a rule, "no page less than half full except the last", and a
layout is chosen by it (``sheet_fit``). A zero-size marker after each block
records the page and height it lands at, so the rule is checked while the
PDF is made, without reading it back.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether

from handouts.render.document import HandoutsCanvas, Margins, Packet
from handouts.render.theme import Theme


class FillMarker(Flowable):
    """A zero-size flowable that notes where the block before it ended: how full each page got.

    Put after each block of a story (``with_fill_markers``), it lets a layout
    be judged by its pages ("none under half full but the last") without
    reading the PDF back. It takes part in keep-with-next like its block.
    """

    draws_when_measuring = True  # its "drawing" is the note it takes

    def __init__(self, log: list[tuple[int, float, float]], block: Flowable, page_room: float) -> None:
        super().__init__()
        self.log = log
        self.block = block
        self.page_room = page_room
        self.keepWithNext = bool(block.getKeepWithNext())

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width_seen = avail_width
        return 0.0, 0.0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        page = canvas.packet_page() if isinstance(canvas, HandoutsCanvas) else canvas.getPageNumber()
        whole = 0.0
        if not self.log or self.log[-1][0] != page:  # first on its page: did its block start on the last one?
            whole = self.block.wrapOn(canvas, getattr(self, "width_seen", 0.0) or 1e4, self.page_room)[1]
            whole -= self.block.getSpaceBefore()  # dropped at the top of a frame
            if isinstance(self.block, KeepTogether):  # it answers "huge" to make the frame split it: unknown
                whole = 0.0
        self.log.append((page, y, whole))

    def draw(self) -> None:
        return None


FillLog = list[tuple[int, float, float]]  # page, where a block ended, its height (first on a page)


def with_fill_markers(flowables: Sequence[Flowable], log: FillLog, theme: Theme) -> list[Flowable]:
    """The story with a FillMarker after each block."""
    margins = Margins.for_theme(theme)
    room = theme.page_size[1] - margins.top - margins.later_header - margins.bottom
    out: list[Flowable] = []
    for flowable in flowables:
        out += [flowable, FillMarker(log, flowable, room)]
    return out


def page_fills(log: FillLog, packet: Packet, pages: int) -> list[float]:
    """How full each page is (0..1 of its frame), from the markers' log.

    A page no block ended on is full (one block ran across it). A page whose
    last block ended high up is full too when the next block was split there:
    that shows as the next page holding less of it than the block's height.
    """
    margins = packet.margins or Margins.for_theme(packet.theme)
    height = packet.theme.page_size[1]

    def top(page: int) -> float:
        return height - margins.top - (margins.first_header if page == 1 else margins.later_header)

    fills = []
    for page in range(1, pages + 1):
        ys = [y for p, y, _ in log if p == page]
        fill = (top(page) - min(ys)) / (top(page) - margins.bottom) if ys else 1.0
        following = [(y, whole) for p, y, whole in log if p == page + 1]
        if fill < 1.0 and following:
            y, whole = following[0]
            if top(page + 1) - y < whole - 2:
                fill = 1.0  # the block began on this page and went on over the page
        fills.append(fill)
    return fills
