"""Documents: pages with the clinic's letterhead and footer, built to PDF bytes.

"Page x of y" usually means keeping every page in memory until the end. Here
the total is a Form XObject that every footer references and that is defined
once, just before the file is written, so pages stream out as they are made.
Metadata (title, author = clinic, subject, language) is set on every file,
and output is byte-for-byte reproducible: ReportLab's invariant mode, with the
creation date taken from SOURCE_DATE_EPOCH or else from the document's date.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate

from handouts.files.kept_table import save_drawing_tables
from handouts.render.fonts import ITALIC, REGULAR, register_fonts
from handouts.render.head_layout import footer_layout
from handouts.render.measure import MeasureFrame, Recording
from handouts.render.page_heads import draw_heads
from handouts.render.theme import MUTED, Theme
from handouts.rl_compat import (
    BlankPages,
    KeptCircles,
    OneStepText,
    QuickColours,
    QuickStates,
    place_form,
    stamp_document_date,
)

PAGE_COUNT_FORM = "handouts_page_count"


@dataclass(frozen=True)
class DocMeta:
    """What the PDF says about itself."""

    title: str
    author: str
    subject: str
    language: str = "en"
    keywords: tuple[str, ...] = ()
    date: dt.date | None = None


@dataclass(frozen=True)
class Letterhead:
    """The clinic's header and the footer lines, from the clinic data and strings."""

    clinic_name: str
    tagline: str = ""
    contact_lines: tuple[str, ...] = ()
    running_title: str = ""  # right side of the header on later pages
    footer_note: str = ""
    page_label: str = "{page}/{pages}"  # no words here: documents pass strings.yaml's page_of
    logo: Path | None = None  # the clinic's logo (PNG, JPEG or SVG), at the left of the first page's letterhead


@dataclass
class Margins:
    left: float = 18 * mm
    right: float = 18 * mm
    top: float = 14 * mm
    bottom: float = 16 * mm
    first_header: float = 20 * mm
    later_header: float = 10 * mm
    extra: dict[str, float] = field(default_factory=dict)

    @classmethod
    def for_theme(cls, theme: Theme) -> Margins:
        """Room for the letterhead and footer at the theme's smallest size (taller in large print)."""
        grow = theme.min_size / 8.0
        return cls(first_header=20 * mm + 12 * (grow - 1) * 3.2, later_header=10 * mm + 6 * (grow - 1),
                   bottom=16 * mm + 20 * (grow - 1))

    def footer_baseline(self, fine: float) -> float:
        """Where the footer's first line stands, at text size ``fine``.

        Its rule stands 1.25 lines higher. At 8 pt the rule is 7 pt under the
        text frame; measured from the frame alone, large print's rule rose into
        the frame's last 2 pt, and a page filled to its foot doubled the footer
        rule with its own. So the line is set lower as the text grows, and
        ``for_theme`` raises the frame's foot by as much: large print keeps
        5 pt, the footer stands where it stood, and the frame gives up 3 pt a
        page (5 pt had pushed a sheet at its three-page limit onto a fourth).
        """
        return self.bottom - 6 * mm - 0.75 * (fine - 8.0)


class HandoutsCanvas(QuickStates, QuickColours, KeptCircles, OneStepText, Canvas):
    """A canvas that holds one or more packets (one client's pages each); plain lines drawn in one step,
    circles drawn again in the same place (the chart labels' dots) from the operators kept the first time,
    its state saved in one step, and plain colours set from operators made once.

    Each packet gets its own "page x of y": the total is a Form XObject defined
    when the packet ends, so pages never wait in memory for it. Several packets
    share one canvas, and with it one embedded font subset and one copy of each
    chart form, which is what a combined print file needs.
    """

    def __init__(self, *args, stamp_date: dt.date | None = None, **kwargs) -> None:
        self.count_size = 8.0  # the size "of y" is drawn at: the packet's theme.min_size
        kwargs.setdefault("initialFontName", REGULAR)
        super().__init__(*args, **kwargs)
        self.page_size = kwargs.get("pagesize") or rl_config.defaultPageSize  # Canvas keeps it privately; _pad needs it
        self._pages_done = 0
        self._packet = 0
        self._packet_start = 1
        self._finishing = False
        self._closed = False
        if stamp_date is not None and not os.environ.get("SOURCE_DATE_EPOCH", "").strip():
            stamp_document_date(self, stamp_date)

    @property
    def count_form(self) -> str:
        return f"{PAGE_COUNT_FORM}_{self._packet}"

    def packet_pages(self) -> int:
        """Pages made so far in the current packet."""
        return self._pages_done - self._packet_start + 1

    def packet_page(self) -> int:
        """The page number within the current packet."""
        return self.getPageNumber() - self._packet_start + 1

    def setPageSize(self, size: tuple[float, float]) -> None:
        self.page_size = size  # platypus sets each page template's size through here
        super().setPageSize(size)

    def showPage(self) -> None:
        self._pages_done += 1
        super().showPage()

    def begin_packet(self, blank_note: str = "") -> None:
        """Start a new packet on an odd page, padding with a blank page for duplex printing."""
        if self._pages_done == 0:
            return
        self.end_packet()
        self._pad(blank_note)
        self._packet += 1
        self._packet_start = self._pages_done + 1

    def _pad(self, blank_note: str) -> None:
        """Add a (nearly) blank page when an odd number of pages has been made."""
        if self._pages_done % 2 == 1:
            if blank_note:
                width, height = self.page_size
                self.setFont(ITALIC, self.count_size)
                self.setFillColor(MUTED)
                self.drawCentredString(width / 2, height / 2, blank_note)
            self.showPage()

    def pad_to_even(self, blank_note: str = "") -> None:
        """End the last packet, then pad the file to an even number of pages."""
        self.end_packet()
        self._pad(blank_note)
        self._closed = True

    def end_packet(self) -> None:
        """Define the page total of the packet that just ended."""
        self.beginForm(self.count_form)
        self.setFont(REGULAR, self.count_size)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self.packet_pages()))
        self.endForm()

    def save(self) -> None:
        if not self._finishing:  # a packet's doc.build ends here; the file is written by finish()
            return
        if not self._closed:
            self.end_packet()
        super().save()

    def finish(self) -> None:
        """Write the file after the last packet."""
        self._finishing = True
        self.save()


class MeasureCanvas(HandoutsCanvas, BlankPages):
    """The canvas of a layout only measured (``render_packets(measure=True)``): its pages are counted and begun
    afresh, never made (``rl_compat.BlankPages``); what is measured is drawn later, on a ``HandoutsCanvas``."""


def draw_page_number(canv: Canvas, x: float, y: float, label: str, size: float = 8) -> None:
    """``Page 2 of 3``, with the total drawn from the packet's form."""
    before, _, after = label.partition("{pages}")
    page = canv.packet_page() if isinstance(canv, HandoutsCanvas) else canv.getPageNumber()
    text = before.replace("{page}", str(page))
    canv.setFont(REGULAR, size)
    canv.setFillColor(MUTED)
    canv.drawString(x, y, text)
    width = canv.stringWidth(text, REGULAR, size)
    place_form(canv, canv.count_form if isinstance(canv, HandoutsCanvas) else PAGE_COUNT_FORM, x + width, y)
    if after.strip():
        canv.drawString(x + width + canv.stringWidth("00", REGULAR, size), y, after)


def _header(canv: Canvas, doc: BaseDocTemplate, theme: Theme, head: Letterhead, margins: Margins,
            first: bool) -> None:
    """Letterhead (first page) or running head (later pages) and the footer (``page_heads``), and "Page x of y"."""
    canv.saveState()
    draw_heads(canv, doc.pagesize, theme, head, margins, first)
    fine = theme.min_size
    left, right = margins.left, doc.pagesize[0] - margins.right
    number_w = footer_layout(head.page_label, head.footer_note, fine, right - left)[0]
    draw_page_number(canv, right - number_w, margins.footer_baseline(fine), head.page_label, fine)
    canv.restoreState()


@dataclass
class Packet:
    """One client's (or one document's) pages: story, look, letterhead, bookmark title."""

    flowables: Sequence[Flowable]
    theme: Theme
    head: Letterhead
    title: str
    margins: Margins | None = None  # None: Margins.for_theme(theme)

    def __post_init__(self) -> None:
        if self.margins is None:
            self.margins = Margins.for_theme(self.theme)


class TooManyPages(Exception):
    """A packet ran past the page limit it was given; raised as its next page begins."""


def _templates(packet: Packet, max_pages: int | None = None, measure: bool = False,
               recording: Recording | None = None) -> list[PageTemplate]:
    theme, head, margins = packet.theme, packet.head, packet.margins
    width, height = theme.page_size
    frame_w = width - margins.left - margins.right
    frame_class = partial(MeasureFrame, recording=recording) if measure else Frame
    frames = {
        kind: frame_class(margins.left, margins.bottom, frame_w, height - margins.top - top - margins.bottom, id=kind,
                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        for kind, top in (("first", margins.first_header), ("later", margins.later_header))
    }

    def decorate(first_page: bool) -> Callable[[Canvas, BaseDocTemplate], None]:
        def draw(canv: Canvas, d: BaseDocTemplate) -> None:
            if max_pages is not None and isinstance(canv, HandoutsCanvas) and canv.packet_page() > max_pages:
                raise TooManyPages
            if isinstance(canv, HandoutsCanvas):
                canv.count_size = theme.min_size
            if measure:
                return
            if first_page:
                key = f"packet{getattr(canv, '_packet', 0)}"
                canv.bookmarkPage(key)
                canv.addOutlineEntry(packet.title, key, level=0)
            _header(canv, d, theme, head, margins, first_page)
        return draw

    return [
        PageTemplate("first", [frames["first"]], onPage=decorate(True), autoNextPageTemplate="later",
                     pagesize=theme.page_size),
        PageTemplate("later", [frames["later"]], onPage=decorate(False), pagesize=theme.page_size),
    ]


def render_packets(packets: Iterable[Packet], meta: DocMeta, blank_note: str = "", *,
                   pad_to_even: bool = False, page_counts: list[int] | None = None,
                   max_pages: int | None = None, measure: bool = False,
                   recordings: list[Recording] | None = None) -> bytes:
    """Lay out packets one after another in one PDF; each starts on an odd page.

    ``pad_to_even`` ends the file on an even page, so that files made this way
    can be joined and every packet still starts on a right-hand page.
    ``page_counts`` receives each packet's page count (padding not included).
    ``max_pages`` stops at the first page beyond it with TooManyPages, so a
    layout that will not fit costs as little as possible. ``measure`` only
    lays the packets out (see ``MeasureFrame``): it fills ``page_counts`` and
    ``recordings`` (one ``Recording`` a packet, to draw it later) and returns no bytes.
    """
    register_fonts()
    buffer = io.BytesIO()
    canvas: HandoutsCanvas | None = None

    def shared(*args, **kwargs) -> HandoutsCanvas:
        nonlocal canvas
        if canvas is None:
            canvas = (MeasureCanvas if measure else HandoutsCanvas)(*args, stamp_date=meta.date, **kwargs)
        return canvas

    for packet in packets:
        if canvas is not None:
            canvas.begin_packet(blank_note)  # a padding page keeps the previous packet's size
            canvas.setPageSize(packet.theme.page_size)
        doc = BaseDocTemplate(
            buffer,
            pagesize=packet.theme.page_size,
            leftMargin=packet.margins.left,
            rightMargin=packet.margins.right,
            topMargin=packet.margins.top,
            bottomMargin=packet.margins.bottom,
            title=meta.title, author=meta.author, subject=meta.subject, keywords=list(meta.keywords),
            creator="handouts", producer="handouts (ReportLab)", lang=meta.language,
            invariant=1, initialFontName=REGULAR,
        )
        recording = Recording() if measure and recordings is not None else None
        if recording is not None:
            recordings.append(recording)
        doc.addPageTemplates(_templates(packet, max_pages, measure, recording))
        doc.build([NextPageTemplate("later"), *packet.flowables], canvasmaker=shared)
        if page_counts is not None and canvas is not None:
            page_counts.append(canvas.packet_pages())
    if canvas is None:
        raise ValueError("nothing to render")
    if measure:
        return b""
    if pad_to_even:
        canvas.pad_to_even(blank_note)
    canvas.showOutline()
    canvas.finish()
    save_drawing_tables()  # what a fresh process's first document drew, kept for the next process
    return buffer.getvalue()


def render_document(
    flowables: Sequence[Flowable],
    theme: Theme,
    meta: DocMeta,
    head: Letterhead,
    margins: Margins | None = None,
) -> bytes:
    """Lay out ``flowables`` on letterhead pages and return the PDF bytes."""
    return render_packets([Packet(flowables, theme, head, meta.title, margins)], meta)


def frame_width(theme: Theme, margins: Margins | None = None) -> float:
    """Width available to the story on a page of this theme."""
    margins = margins or Margins()
    return theme.page_size[0] - margins.left - margins.right

