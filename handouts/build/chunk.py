"""The combined print file: the clients' own sheets joined in row order; or a chunk drawn as one document."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.build import Chunk, load_catalog, sheet_job
from handouts.errors import HandoutsError
from handouts.files.search_path import Workspace
from handouts.files.writing import AtomicFile

if TYPE_CHECKING:
    from handouts.intake import Client


def build_chunk(workspace: Workspace, clients: Sequence[Client], *, blank_note: str = "",
                titles: Sequence[str | None] | None = None) -> Chunk:
    """Several clients' sheets as one document: each on an odd page, bookmarked, padded to an even count.

    Each client's layout is chosen as for their own sheet, by measuring
    (``render.sheet_fit.fitted_packet``), so each sheet in the chunk pages
    like the client's own file. ``titles`` replace the clients' names as
    bookmarks (private metadata). A client whose sheet cannot be drawn is
    left out. (A batch's combined file is ``CombinedFile``, which draws nothing.)
    """
    from handouts.render.sheet import clients_private

    with clients_private(clients):
        return _chunk(workspace, clients, blank_note, titles)


def _chunk(workspace: Workspace, clients: Sequence[Client], blank_note: str,
           titles: Sequence[str | None] | None) -> Chunk:
    from handouts.plan.planner import make_plan
    from handouts.render.document import DocMeta, render_packets
    from handouts.render.sheet_fit import fitted_packet

    packets = []
    meta = None
    for index, client in enumerate(clients):
        catalog = load_catalog(workspace, client.language)
        try:
            packet, client_meta = fitted_packet(sheet_job(catalog, workspace, make_plan(catalog, client)))
        except HandoutsError:
            continue
        meta = meta or DocMeta(title="", author=client_meta.author, subject="", language=client_meta.language)
        if titles and titles[index]:
            packet.title = titles[index]
        packets.append(packet)
    if not packets:
        return Chunk(b"", 0)
    assert meta is not None
    counts: list[int] = []
    pdf = render_packets(packets, meta, blank_note, pad_to_even=True, page_counts=counts)
    return Chunk(pdf, sum(n + n % 2 for n in counts))


class CombinedFile:
    """A batch's combined print file, made from the clients' own sheets as their rows finish, in row order.

    Each sheet's pages are copied as they are (``post.join``): nothing is
    composed or drawn a second time, so the print file shows exactly what the
    single sheets show, and fonts and chart forms the sheets share are written
    once. Every client starts on a front side: a sheet with an odd page count
    is followed by a page left blank on purpose. The file is written under a
    temporary name beside ``target``; ``finish`` puts it in place, ``discard`` drops it.
    """

    def __init__(self, workspace: Workspace, target: Path, list_name: str,
                 draw_blank: Callable[[str, bool], bytes] | None = None) -> None:
        """``draw_blank(page_size, large_print)`` makes the blank page (``blank_page_pdf``) where ReportLab
        is loaded already: a batch hands it to its workers, and its parent never loads ReportLab."""
        from handouts.post.join import JoinedPdf

        catalog = load_catalog(workspace)
        self.info = {"/Title": f"{catalog.strings['combined_title']}: {list_name}", "/Author": catalog.clinic.name,
                     "/Subject": catalog.strings["sheet_title"], "/Creator": "handouts",
                     "/Lang": catalog.clinic.language}
        self.draw_blank = draw_blank or functools.partial(blank_page_pdf, workspace)
        self.blanks: dict[tuple[str, bool], bytes] = {}
        self.file = AtomicFile(target)
        self.joined = JoinedPdf(self.file.handle)

    def add(self, sheet: str, client: Client, title: str | None = None, password: str | None = None) -> int:
        """Append the sheet in file ``sheet`` (encrypted with ``password``, if any), bookmarked ``title`` or the
        client's name; returns its page count."""
        with open(sheet, "rb") as handle:
            data = handle.read()
        pages = self.joined.add(data, title or client.name, password)
        if pages % 2:
            self.joined.add(self._blank(client.page_size, client.large_print))
        return pages

    def _blank(self, page_size: str, large_print: bool) -> bytes:
        key = (page_size, large_print)
        if key not in self.blanks:
            self.blanks[key] = self.draw_blank(page_size, large_print)
        return self.blanks[key]

    @property
    def pages(self) -> int:
        return len(self.joined.pages)

    def finish(self) -> int:
        """Write the file's structure and put it in place; its page count."""
        pages = self.joined.close(self.info)
        self.file.commit()
        return pages

    def discard(self) -> None:
        self.file.discard()


def blank_page_pdf(workspace: Workspace, page_size: str, large_print: bool) -> bytes:
    """The page left blank after a sheet of this size and print: its paper, the note at its smallest size."""
    from handouts.render.blank_page import blank_page
    from handouts.render.theme import clinic_theme

    catalog = load_catalog(workspace)
    theme = clinic_theme(catalog.clinic, page_size, large_print)
    return blank_page(theme.page_size, catalog.strings.get("blank_page", ""), theme.min_size)
