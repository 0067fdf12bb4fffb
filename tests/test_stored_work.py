"""Work kept on disk between processes (the font's character map, a parsed SVG logo): the same answer as
doing the work, a new key for any change, and a damaged entry costs only time."""

from __future__ import annotations

import io
import marshal
import os
import pickle
import shutil
import stat

import pytest
from jinja2.bccache import bc_magic

from handouts import typeface
from handouts.build import sheet_from_plan
from handouts.catalog.loader import load_catalog
from handouts.files import cache
from handouts.plan.planner import make_plan
from handouts.render import logo

from .conftest import client

DAMAGE = [b"", cache.MAGIC, cache.MAGIC + b"\0\0", b"\x80\x05not a pickle at all", "flip"]


def _damage(path, how) -> None:
    if how == "flip":  # one byte changed inside the pickled value: the stored checksum no longer matches
        data = bytearray(path.read_bytes())
        data[-3] ^= 0xFF
        path.write_bytes(bytes(data))
    else:
        path.write_bytes(how)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_a_kept_value_reads_back_equal(store):
    cache.keep("things", "k1", {"a": (1, 2), "b": frozenset({3})})
    assert cache.read_stored("things", "k1") == {"a": (1, 2), "b": frozenset({3})}
    assert cache.read_stored("things", "k2") is None


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_entry_is_not_read(store, how):
    cache.keep("things", "k1", list(range(100)))
    _damage(store / "things" / "k1.pickle", how)
    assert cache.read_stored("things", "k1") is None


def test_the_store_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    cache.keep("things", "k1", 1)
    assert cache.read_stored("things", "k1") is None


def test_keys_follow_every_part(tmp_path):
    code = tmp_path / "code"
    code.mkdir()
    base = cache.content_key(code, "reportlab 5", b"font bytes")
    assert base == cache.content_key(code, "reportlab 5", b"font bytes")
    assert base != cache.content_key(code, "reportlab 6", b"font bytes")
    assert base != cache.content_key(code, "reportlab 5", b"font bytez")
    assert base != cache.content_key(code, "reportlab 5font bytes")  # parts do not run together
    (code / "module.py").write_text("x = 1\n", encoding="utf-8")
    assert base != cache.content_key(code, "reportlab 5", b"font bytes")  # handouts' code is in the key


def test_handouts_own_folders_are_listed_once_per_process_and_others_every_time(tmp_path, monkeypatch):
    """A stamp of the running handouts' folders is the first listing (the code this process loaded); another
    folder is listed again for each key, and the stamp is the one a fresh listing gives."""
    import os

    render = cache.PACKAGE / "render"
    monkeypatch.setattr(cache, "_STAMPED", {})
    listed = []
    real_scandir = os.scandir

    def scandir(folder):
        listed.append(folder)
        return real_scandir(folder)

    monkeypatch.setattr(cache.os, "scandir", scandir)
    first = cache.code_stamp(cache.PACKAGE, render)
    assert cache.code_stamp(cache.PACKAGE, render) == first and listed == [cache.PACKAGE, render]
    monkeypatch.setattr(cache, "_STAMPED", {})
    assert cache.code_stamp(cache.PACKAGE, render) == first  # listed afresh: the same stamp
    cache.code_stamp(tmp_path)
    cache.code_stamp(tmp_path)
    assert listed.count(tmp_path) == 2


@pytest.mark.parametrize("how", [None, *DAMAGE])
def test_the_character_map_is_the_fonts_own(store, how):
    parsed = typeface._read_charset()
    assert ord("é") in parsed and ord("Ж") in parsed and 0x4E2D not in parsed  # Cyrillic yes, Chinese no
    first = typeface.charset.__wrapped__()
    entries = list((store / "charsets").glob("*.pickle"))
    assert first == parsed and len(entries) == 1
    if how is not None:
        _damage(entries[0], how)
    assert typeface.charset.__wrapped__() == parsed
    assert cache.read_stored("charsets", entries[0].stem) == parsed  # kept again, whole


@pytest.mark.parametrize("how", [None, "flip"])
def test_a_sheet_with_a_kept_logo_is_the_same_bytes(store, workspace, how):
    catalog = load_catalog(workspace)
    assert catalog.clinic.logo and catalog.clinic.logo.endswith(".svg")  # the demo clinic's logo is SVG
    plan = make_plan(catalog, client(catalog))
    _fresh_logo()
    cold = sheet_from_plan(catalog, workspace, plan)  # converted by svglib, then kept
    entries = list((store / "logos").glob("*.pickle"))
    assert len(entries) == 1 and len(list((store / logo.OPERATORS).glob("*.pickle"))) == 1
    if how is not None:
        _damage(entries[0], how)
    _fresh_logo()
    shutil.rmtree(store / logo.OPERATORS)  # drawn from the kept drawing, not from its kept operators
    warm = sheet_from_plan(catalog, workspace, plan)
    assert warm == cold and cold.startswith(b"%PDF")
    _fresh_logo()
    assert sheet_from_plan(catalog, workspace, plan) == cold  # from the operators kept again


def _fresh_logo() -> None:
    """The logo's memory of this process gone, as in a new process (the page heads kept with it too)."""
    from handouts.rl_compat import kept_drawings

    logo._CACHE.clear()
    logo._DRAWN.clear()
    logo._KEPT.clear()
    kept_drawings._KEPT.clear()


def test_an_edited_logo_is_read_again(store, tmp_path):
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                   '<rect width="40" height="20" fill="#336699"/></svg>', encoding="utf-8")
    first = logo._stored_svg(svg)
    # svglib decides the unit (1.5 reads CSS pixels as points, later ones as 0.75 pt): only the shape is ours
    assert first.width == 2 * first.height > 0
    svg.write_text(svg.read_text(encoding="utf-8").replace('width="40"', 'width="80"', 1), encoding="utf-8")
    again = logo._stored_svg(svg)
    assert again.width == 2 * first.width
    assert len(list((store / "logos").glob("*.pickle"))) == 2


def test_a_store_removed_while_running_only_means_compiling_again(store, workspace):
    """A long-running process (the front desk) whose cache folder is cleared under it goes on making documents.

    The template environments are made once per process; the folder their
    compiled templates go to was fixed then, so the next template compiled
    after a clean-up (here: the chart's, after a sheet) failed to be written
    and the document with it (FileNotFoundError). Keeping a compiled template
    only saves time: a folder that is gone is made again.
    """
    from handouts.build import chart_pdf, forget_cached

    forget_cached()  # this test's store, not the one an earlier test's environment was made with
    catalog = load_catalog(workspace)
    assert sheet_from_plan(catalog, workspace, make_plan(catalog, client(catalog))).startswith(b"%PDF")
    shutil.rmtree(store)
    assert chart_pdf(catalog, workspace, views=["plantar"], highlight={}, labels="all").startswith(b"%PDF")
    assert any(store.glob("templates-*/__jinja2_*")), "the chart's compiled template is kept again"
    forget_cached()


def _png_page(path) -> bytes:
    """A page with the logo at ``path`` drawn as a letterhead draws it."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    logo.draw_logo(canvas, path, 10, 100, 80, 40)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize("how", [None, *DAMAGE])
def test_a_png_logo_drawn_from_kept_pixels_is_the_same_bytes(store, tmp_path, monkeypatch, how):
    """A later process draws a PNG logo from its kept pixels, without decoding it: the page is the one decoding
    makes with the cache off; a file edited under the same time is decoded again, a damaged entry too."""
    import os

    from PIL import Image

    path = tmp_path / "logo.png"
    picture = Image.new("RGBA", (30, 12), (200, 40, 90, 255))
    picture.putpixel((3, 4), (0, 0, 0, 0))  # transparent: laid onto white
    picture.save(path)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    _fresh_logo()
    decoded = _png_page(path)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(store))
    _fresh_logo()
    assert _png_page(path) == decoded
    entries = list((store / logo.PICTURES).glob("*.pickle"))
    assert len(entries) == 1
    if how is not None:
        _damage(entries[0], how)
        _fresh_logo()
        assert _png_page(path) == decoded  # decoded again and kept again
    _fresh_logo()
    with monkeypatch.context() as patched:
        patched.setattr(logo, "flat_picture", lambda *_: pytest.fail("the picture was decoded again"))
        assert _png_page(path) == decoded
    info = path.stat()
    picture.putpixel((5, 5), (10, 200, 10, 255))
    picture.save(path)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    _fresh_logo()
    edited = _png_page(path)
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", "off")
    _fresh_logo()
    assert edited == _png_page(path) != decoded


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owner ids are a POSIX notion")
def test_entries_another_user_could_have_written_are_not_run(store, workspace):
    """Kept entries are pickles and compiled code: in a folder others may write, they would be someone else's code."""
    from handouts.build import chart_pdf, forget_cached

    old_mask = os.umask(0o002)  # a user whose files are group-writable by default still gets private entries
    try:
        cache.keep("things", "k1", [1, 2, 3])
    finally:
        os.umask(old_mask)
    kept = store / "things" / "k1.pickle"
    assert cache.read_stored("things", "k1") == [1, 2, 3]
    assert stat.S_IMODE((store / "things").stat().st_mode) == 0o700  # the folders made are the user's alone
    kept.chmod(0o666)
    assert cache.read_stored("things", "k1") is None
    kept.chmod(0o644)
    assert cache.read_stored("things", "k1") == [1, 2, 3]

    forget_cached()
    catalog = load_catalog(workspace)
    chart = chart_pdf(catalog, workspace, views=["plantar"], highlight={}, labels="all")
    (template,) = store.glob("templates-*/__jinja2_*")
    kept_chart = io.BytesIO(template.read_bytes())
    kept_chart.read(len(bc_magic))
    checksum = pickle.load(kept_chart)  # of the chart template's source: Jinja takes the entry as that template's
    planted = compile("raise RuntimeError('code from the cache folder ran')", "<planted>", "exec")
    template.write_bytes(bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(planted))
    template.chmod(0o666)
    forget_cached()
    assert chart_pdf(catalog, workspace, views=["plantar"], highlight={}, labels="all") == chart
    template.write_bytes(bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(planted))
    template.chmod(0o644)  # the same entry, private: it is read, so the refusal above is what kept it out
    forget_cached()
    with pytest.raises(RuntimeError, match="code from the cache folder ran"):
        chart_pdf(catalog, workspace, views=["plantar"], highlight={}, labels="all")
    forget_cached()


def test_the_catalog_key_lists_the_data_files_as_rglob_does(tmp_path):
    """``data_files`` (``os.walk``) gives ``sorted(rglob("*"))``'s files: hidden ones, sub-folders in path order,
    a link to a file; not a link to a folder (not entered) nor a broken link."""
    from pathlib import Path

    from handouts.catalog.stored import data_files

    data = tmp_path / "data"
    for folder in ("a-b", "a/x", ".hidden", "locales/de"):
        (data / folder).mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    for name in ("a-b/f.yaml", "a/x/g.yaml", "a/z.yaml", ".hidden/h", "a.yaml", "Z.yaml", "locales/de/zones.yaml",
                 "../elsewhere/o.yaml"):
        (data / name).write_text("x: 1\n", encoding="utf-8")
    (data / "linked").symlink_to(tmp_path / "elsewhere")
    (data / "broken").symlink_to(tmp_path / "nowhere")
    (data / "file-link.yaml").symlink_to(data / "a.yaml")
    expected = [str(p) for p in sorted(p for p in Path(data).rglob("*") if p.is_file())]
    assert data_files(data) == expected
    assert len(expected) == 8 and not any("elsewhere" in p or "broken" in p for p in expected)
