"""A measured layout drawn from its recording is the layout drawn directly: same pages, same bytes."""

from __future__ import annotations

import copy
import io

import pypdf
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

from handouts.render.document import DocMeta, Letterhead, Packet, render_packets
from handouts.render.measure import MeasureFrame, Recording
from handouts.render.story import StoryBuilder, TextBlock, parse_markup
from handouts.render.theme import make_theme

META = DocMeta(title="Replay", author="Willow Lane", subject="test")
HEAD = Letterhead(clinic_name="Willow Lane", footer_note="Not medical advice.")


def story(theme):
    """Paragraphs, a table long enough to split across pages, a kept group, and breaks of both kinds."""
    rows = "".join(f"<tr><td>{n}</td><td>Thumb-walk the zone slowly, {n} times, both feet.</td></tr>"
                   for n in range(60))
    markup = (f"<story><h1>Routine</h1><p>Start slowly.</p><table header=\"0\" zebra=\"1\">{rows}</table>"
              f"<keep><h2>Aftercare</h2><p>Drink water.</p></keep></story>")
    body = StoryBuilder(theme).build(parse_markup(markup, None), 170 * 72 / 25.4)
    style = theme.styles["body"]
    return [*body, CondPageBreak(400), TextBlock("After a conditional break.", style), PageBreak(),
            Spacer(1, 20), KeepTogether([TextBlock("Kept", style), TextBlock("together.", style)])]


def test_a_recorded_layout_draws_the_bytes_of_a_direct_build():
    theme = make_theme("#2f5d62", "#c76b3f")
    direct = render_packets([Packet(story(theme), theme, HEAD, "Replay")], META)
    counts: list[int] = []
    recordings: list[Recording] = []
    render_packets([Packet(story(theme), theme, HEAD, "Replay")], META, page_counts=counts, measure=True,
                   recordings=recordings)
    assert len(pypdf.PdfReader(io.BytesIO(direct)).pages) == counts[0] >= 4  # the table split, then two breaks
    assert [len(page) for page in recordings[0].pages if page] == [len(page) for page in recordings[0].pages]
    replayed = render_packets([Packet(recordings[0].story(counts[0]), theme, HEAD, "Replay")], META)
    assert replayed == direct


def test_a_measure_frame_copy_shares_its_recording():
    """Platypus deep-copies the frame to try a KeepTogether's content: the copy must note into the same record."""
    recording = Recording()
    frame = MeasureFrame(0, 0, 100, 100, recording=recording)
    frame._frameBGs = []
    clone = copy.deepcopy(frame)
    assert clone is not frame and clone.recording is recording
    assert clone.__dict__ == frame.__dict__ and clone._frameBGs is not frame._frameBGs
    frame._frameBGs = [["a background"]]  # not ours: deep-copied as platypus would
    clone = copy.deepcopy(frame)
    assert clone._frameBGs == frame._frameBGs and clone._frameBGs[0] is not frame._frameBGs[0]
