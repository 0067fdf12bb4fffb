"""The combined print file: chunks of clients' sheets drawn as one document, then joined."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handouts.build import Chunk, load_catalog, sheet_job
from handouts.errors import HandoutsError
from handouts.files.search_path import Workspace

if TYPE_CHECKING:
    from handouts.intake import Client


def build_chunk(workspace: Workspace, clients: Sequence[Client], *, blank_note: str = "",
                titles: Sequence[str | None] | None = None, layouts: Sequence[Any] | None = None) -> Chunk:
    """Several clients' sheets as one document: each on an odd page, bookmarked, padded to an even count.

    Each client's layout is the one their own sheet was drawn in: given in
    ``layouts`` (from ``sheet_pdf_layout``; None where unknown), else chosen
    as for their own sheet, by measuring (``render.sheet_fit.fitted_packet``).
    So the chunk is drawn once and each sheet in it pages like the client's
    own file. ``titles`` replace the clients' names as bookmarks (private
    metadata). A client whose sheet cannot be drawn is left out here (its own
    sheet job reports it).
    """
    from handouts.plan.planner import make_plan
    from handouts.render.document import DocMeta, render_packets
    from handouts.render.sheet import packet_in_layout
    from handouts.render.sheet_fit import fitted_packet

    packets = []
    meta = None
    for index, client in enumerate(clients):
        catalog = load_catalog(workspace, client.language)
        layout = layouts[index] if layouts else None
        try:
            job = sheet_job(catalog, workspace, make_plan(catalog, client))
            packet, client_meta = fitted_packet(job) if layout is None else packet_in_layout(job, layout)
        except HandoutsError:
            continue  # reported by the client's own sheet job
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


def combine(parts: Sequence[Path], target: Path, workspace: Workspace, list_name: str) -> int:
    """Join chunk files in order into the combined print file, one bookmark per client; its page count."""
    from handouts.post.merge import merge_chunks

    catalog = load_catalog(workspace)
    info = {"/Title": f"{catalog.strings['combined_title']}: {list_name}", "/Author": catalog.clinic.name,
            "/Subject": catalog.strings["sheet_title"], "/Creator": "handouts", "/Lang": catalog.clinic.language}
    return merge_chunks(parts, target, info)
