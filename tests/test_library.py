"""handouts as a library: the public API in ``handouts.__all__`` builds a sheet from Python, no CLI involved."""

from __future__ import annotations

from pathlib import Path

import pytest

import handouts

from .conftest import pdf_text


def test_public_api_names_resolve():
    for name in handouts.__all__:
        assert getattr(handouts, name) is not None, name
    with pytest.raises(AttributeError):
        handouts.not_a_thing  # noqa: B018


def test_build_a_sheet_from_python(tmp_path: Path):
    ws = handouts.open_workspace(cwd=tmp_path)
    client = handouts.check_client(ws, {"name": "O'Brien & <b>Sons</b>", "goals": ["sleep"], "minutes": 15})
    built = handouts.build_sheet(ws, client)
    assert isinstance(built, handouts.Built)
    assert built.stem == "o-brien-b-sons-b" and built.page_size == "a4"
    text = pdf_text(built.pdf)
    assert "O'Brien & <b>Sons</b>" in text and built.title.endswith("O'Brien & <b>Sons</b>")


def test_a_mistake_is_a_handouts_error_with_a_hint(tmp_path: Path):
    ws = handouts.open_workspace(cwd=tmp_path)
    with pytest.raises(handouts.HandoutsError) as info:
        handouts.check_client(ws, {"name": "Ana", "goals": ["slep"]})
    assert info.value.field == "goals" and "sleep" in (info.value.hint or "")


def test_private_sheet_keeps_the_name_out(tmp_path: Path):
    ws = handouts.open_workspace(cwd=tmp_path)
    client = handouts.check_client(ws, {"name": "Secret Person", "goals": ["stress"], "id": "C-17"})
    built = handouts.build_sheet(ws, client, private=True)
    assert built.stem == "c-17" and "Secret" not in built.title


def test_a_chunk_puts_each_client_on_a_front_side_under_their_bookmark(tmp_path: Path):
    """``build_chunk`` (library use: several sheets as one document) pads each sheet to an even count."""
    import io

    import pypdf

    ws = handouts.open_workspace(cwd=tmp_path)
    clients = [handouts.check_client(ws, {"name": name, "goals": goals})
               for name, goals in (("Ana Lima", ["sleep"]), ("Bo Berg", ["digestion", "lower-back"]))]
    chunk = handouts.build_chunk(ws, clients, titles=["First client", None])
    reader = pypdf.PdfReader(io.BytesIO(chunk.pdf))
    assert len(reader.pages) == chunk.pages and chunk.pages % 2 == 0
    marks = [(m.title, reader.get_destination_page_number(m)) for m in reader.outline]
    assert [title for title, _ in marks] == ["First client", "Bo Berg"]
    assert all(page % 2 == 0 for _, page in marks)  # page indexes from 0: every sheet starts on a front side
    text = pdf_text(chunk.pdf)
    assert "Ana Lima" in text and "Bo Berg" in text
