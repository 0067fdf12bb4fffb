"""A canvas that ends its pages without making them, for layouts only measured (part of the wall).

Choosing a sheet's layout lays it out once or more without drawing
(``render.measure``), on a canvas of its own that is thrown away. Ending
each page of it still made a PDF page (its stream, resources, an object in
the document), some sixty microseconds a page, two or three pages a try,
for nothing: the measured pages are drawn later, on another canvas.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas


class BlankPages(Canvas):
    """A canvas whose ``showPage`` begins the next page without making the one ended into a PDF page.

    For measuring only: nothing drawn on it is ever written. Use it after the
    other mixins (``class C(Mixins..., BlankPages)``), so that it stands in for
    ``Canvas.showPage``. Relies on: ``Canvas.showPage`` doing, besides making
    the page and adding it to the document, only the page callback
    (``_onPage``) and ``_startPage`` (a page size waiting, the page number,
    the accumulators, the graphics state and its stack).
    """

    def showPage(self):
        if self._onPage:
            self._onPage(self._pageNumber)
        self._startPage()
