"""The front desk through its HTTP interface: what a browser sends, what comes back."""

from __future__ import annotations

import base64
import io
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pypdf
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from handouts.batch.manifest import MANIFEST
from handouts.catalog.loader import load_catalog
from handouts.cli import app as cli_app
from handouts.serve.app import Settings, create_app
from handouts.serve.security import CSP
from handouts.store import DB_NAME
from tests.serve.conftest import ZOE, Desk, Live, csrf_of

ALL_GOALS = ("sleep", "stress")


def text_of(pdf: bytes) -> str:
    return "".join("".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


def test_preview_shows_pages_and_cautions_refer_first(desk: Desk) -> None:
    response = desk.post("/api/preview", data={"name": ZOE, "goals": ["sleep"], "conditions": ["diabetes", "dvt"]})
    body = response.json()
    assert response.status_code == 200 and body["ok"]
    assert [c["action"] for c in body["cautions"]] == ["refer", "gentle"]
    png = base64.b64decode(body["pages"][0].split(",", 1)[1])
    assert png.startswith(b"\x89PNG")


def test_previews_drawn_at_once_never_enter_pdfium_together(monkeypatch) -> None:
    """PDFium may crash the process when two threads call it, even for two documents: the render pool's
    threads take turns. Each fake document notes how many are open at once while it pauses inside."""
    import threading

    import pypdfium2

    from handouts.serve import core

    real = pypdfium2.PdfDocument
    inside, most, guard = [0], [0], threading.Lock()

    class Watched:
        def __init__(self, pdf: bytes) -> None:
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            self.doc = real(pdf)

        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter(self.doc)

        def close(self) -> None:
            self.doc.close()
            with guard:
                inside[0] -= 1

    monkeypatch.setattr(pypdfium2, "PdfDocument", Watched)
    pdf = minimal_pdf()
    with ThreadPoolExecutor(4) as pool:
        pngs = list(pool.map(core.preview_pngs, [pdf] * 4))
    assert all(p and p[0].startswith(b"\x89PNG") for p in pngs)
    assert most[0] == 1


def minimal_pdf() -> bytes:
    """A one-page PDF (pypdf's blank page): previews of it are quick."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_preview_changes_with_the_goals(desk: Desk) -> None:
    one = desk.post("/api/preview", data={"name": ZOE, "goals": ["sleep"]}).json()["pages"]
    two = desk.post("/api/preview", data={"name": ZOE, "goals": ["sleep", "digestion"]}).json()["pages"]
    assert one[0] != two[0]


def test_errors_are_the_clis_words_next_to_their_field(desk: Desk) -> None:
    cli = CliRunner().invoke(cli_app, ["sheet", "--name", "Ana", "--goal", "sleep", "--minutes", "abc", "-o",
                                       str(desk.clinic / "x.pdf")])
    assert cli.exit_code == 1
    web = desk.post("/api/preview", data={"name": "Ana", "goals": ["sleep"], "minutes": "abc"})
    assert web.status_code == 422
    message = web.json()["errors"]["minutes"]
    assert message == "'abc' is not a number (use a whole number from 5 to 90)"
    assert message in cli.output
    assert desk.post("/api/preview", data={"name": " ", "goals": ["sleep"]}).json()["errors"] == {
        "name": "a client name is required"}


def test_csrf_is_required_on_every_post(desk: Desk) -> None:
    sheet = desk.make()
    plain = desk.client
    assert plain.post("/api/sheet", data={"name": "Ana", "goals": ["sleep"]}).status_code == 403
    assert plain.post("/api/preview", data={"name": "Ana", "goals": ["sleep"]},
                      headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert plain.post("/clients/1/forget", data={"csrf": "forged"}).status_code == 403
    assert desk.client.get(f"/sheets/{sheet}.pdf").status_code == 200  # the client is still there
    other = TestClient(plain.app)  # another browser: its own cookie, so this page's token does not fit it
    assert other.post("/clients/1/forget", data={"csrf": desk.csrf}).status_code == 403


def test_token_required_off_localhost(clinic: Path) -> None:
    app = create_app(Settings(clinic_dir=clinic, host="0.0.0.0", token="s3cret-token-for-the-test"))
    with TestClient(app, base_url="http://192.168.1.20:8765", follow_redirects=False) as client:
        assert client.get("/").status_code == 401
        assert client.get("/?token=wrong").status_code == 401
        entry = client.get("/?token=s3cret-token-for-the-test")
        assert entry.status_code == 303 and entry.headers["location"] == "/"  # the token leaves the address bar
        assert client.get("/").status_code == 200


def test_localhost_needs_no_token_but_refuses_foreign_host_names(desk: Desk) -> None:
    assert desk.client.get("/").status_code == 200
    assert desk.client.get("/", headers={"host": "evil.example"}).status_code == 421


def test_upload_limits(desk: Desk) -> None:
    big = b"name,goals\n" + b"Ana Lima,sleep\n" * 6000
    assert len(big) > 64 * 1024
    response = desk.post("/api/batch", files={"list": ("clients.csv", big, "text/csv")})
    assert response.status_code == 413 and "too large" in response.text
    rows = b"name,goals\n" + b"".join(f"Client {i},sleep\n".encode() for i in range(21))
    response = desk.post("/api/batch", files={"list": ("clients.csv", rows, "text/csv")})
    assert response.status_code == 413
    assert response.json()["error"] == "the list has 21 rows; at most 20 at once (split it)"
    response = desk.post("/api/batch", files={"list": ("clients.exe", b"x", "application/octet-stream")})
    assert response.status_code == 400 and "'.exe' lists are not read" in response.json()["error"]
    assert not list((desk.clinic / "output").glob("batch-*"))  # refused uploads leave nothing behind


def test_no_client_name_in_access_log_urls_or_error_pages(desk: Desk, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="handouts.serve.access")
    sheet = desk.make(notes="Private: bunion on the left")
    page = desk.post("/clients", data={"search": "zoë"})
    links = re.findall(r'href="([^"]+)"', page.text) + re.findall(r'href="([^"]+)"', desk.client.get("/clients/1").text)
    desk.client.get(f"/sheets/{sheet}/reprint.pdf")
    desk.post("/api/preview", data={"name": ZOE, "goals": ["slep"]})
    missing = desk.client.get("/clients/999")
    log = caplog.text
    assert "POST /api/sheet 200" in log and f"GET /sheets/{sheet}/reprint.pdf 200" in log
    for secret in ("Zoë", "zo%C3%AB", "Brien", "bunion"):
        assert secret not in log
        assert not any(secret in link for link in links)
        assert secret not in missing.text


def test_security_headers_and_no_inline_script(desk: Desk) -> None:
    for path in ("/", "/clients", "/batch", "/chart", "/brochure"):
        response = desk.client.get(path)
        assert response.headers["content-security-policy"] == CSP
        assert "'unsafe-inline'" not in CSP
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), path
        assert not re.search(r"\son[a-z]+=", response.text), path


def test_pages_wear_the_clinics_colours(clinic: Path) -> None:
    yaml = clinic / "clinic.yaml"
    yaml.write_text(yaml.read_text().replace('primary: "#2f5d62"', 'primary: "#7a1f5c"'))
    app = create_app(Settings(clinic_dir=clinic, warm_up=False))
    with TestClient(app) as client:
        assert '<link rel="stylesheet" href="/clinic.css">' in client.get("/").text
        assert client.get("/clinic.css").text.startswith(":root { --brand: #7a1f5c; --accent: #d9822b; }")


def test_client_text_is_escaped_in_pages(desk: Desk) -> None:
    desk.make()
    page = desk.client.get("/clients/1").text
    assert "Zoë O&#39;Brien &amp; &lt;b&gt;Sons&lt;/b&gt;" in page
    assert "<b>Sons</b>" not in page


def test_sheet_pdf_holds_the_name_literally_and_the_caution(desk: Desk, workspace) -> None:  # type: ignore[no-untyped-def]
    sheet = desk.make(goals=("sleep",), conditions="diabetes")
    text = text_of(desk.client.get(f"/sheets/{sheet}.pdf").content)
    assert "".join(ZOE.split()) in text
    assert "".join(load_catalog(workspace).cautions["diabetes"].message.split()) in text


def test_reprint_is_byte_identical_also_for_a_cli_sheet(desk: Desk) -> None:
    sheet = desk.make(conditions="foot-fracture", **{"foot-foot-fracture": "left"})
    first = desk.client.get(f"/sheets/{sheet}.pdf").content
    again = desk.client.get(f"/sheets/{sheet}/reprint.pdf")
    assert again.headers["x-handouts-identical"] == "yes" and again.content == first
    target = desk.clinic / "cli.pdf"
    result = CliRunner().invoke(cli_app, ["sheet", "--name", "Bo Berg", "--goal", "digestion", "--notes", "Hi",
                                          "--clinic-dir", str(desk.clinic), "-o", str(target)])
    assert result.exit_code == 0, result.output
    cli_sheet = desk.client.get("/clients/2").text
    number = re.search(r"/sheets/(\d+)/reprint.pdf", cli_sheet).group(1)
    assert desk.client.get(f"/sheets/{number}/reprint.pdf").content == target.read_bytes()


def test_new_sheet_from_this_one_prefills_the_form(desk: Desk) -> None:
    sheet = desk.make(goals=("digestion",), conditions="gout", minutes="25", **{"foot-gout": "right"})
    form = desk.client.get(f"/?sheet={sheet}").text
    assert 'value="Zoë O&#39;Brien &amp; &lt;b&gt;Sons&lt;/b&gt;"' in form
    assert re.search(r'value="digestion"\s+checked', form)
    assert re.search(r'value="gout"\s+checked', form)
    assert '<option value="right" selected>' in form
    assert 'value="25"' in form


def test_two_tabs_making_sheets_at_once_both_succeed(live: Live) -> None:
    with httpx.Client(base_url=live.url) as client:
        csrf = csrf_of(client.get("/").text)

        def make(name: str) -> tuple[int, bytes]:
            r = client.post("/api/sheet", data={"name": name, "goals": ["sleep", "stress"]},
                            headers={"X-CSRF-Token": csrf})
            assert r.status_code == 200, r.text
            return r.json()["sheet"], client.get(r.json()["pdf"]).content

        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(make, ["Ana Lima", "Bo Berg", "Cy Dale", "Di Eng"]))
    assert len({n for n, _ in results}) == 4
    for (_, pdf), name in zip(results, ["Ana Lima", "Bo Berg", "Cy Dale", "Di Eng"], strict=True):
        assert name.replace(" ", "") in text_of(pdf)


def test_forget_leaves_nothing_of_the_client(desk: Desk) -> None:
    desk.make(notes="Heel spur")
    desk.make(goals=("stress",))
    desk.make(name="Ana Lima")
    batch = desk.post("/api/batch", files={"list": ("c.csv", f'name,goals\n"{ZOE}",sleep\n'.encode(), "text/csv")})
    job = batch.json()["job"]
    while not desk.client.get(f"/api/batch/{job}").json()["done"]:
        time.sleep(0.05)
    page = desk.post("/clients/1/forget", data={})
    assert "Client forgotten: 3 sheet records and 3 files removed." in page.text
    for path in [*desk.clinic.rglob("*")]:
        if path.is_file() and path.name != "clinic.yaml":
            data = path.read_bytes()
            for secret in ("Zoë".encode(), b"Zo\\u00eb", b"Brien", b"Heel spur"):
                assert secret not in data, path
    assert (desk.clinic / DB_NAME).stat().st_mode & 0o777 == 0o600
    assert "Ana Lima" in desk.client.get("/clients").text


def test_clients_commands_in_the_terminal(desk: Desk) -> None:
    desk.make()
    runner = CliRunner()
    listed = runner.invoke(cli_app, ["clients", "list", "--clinic-dir", str(desk.clinic)])
    assert listed.exit_code == 0 and ZOE in listed.output
    shown = runner.invoke(cli_app, ["clients", "show", "zoë o'brien & <b>sons</b>", "--clinic-dir", str(desk.clinic)])
    assert shown.exit_code == 0 and "sleep" in shown.output
    unknown = runner.invoke(cli_app, ["clients", "forget", "Nobody", "--yes", "--clinic-dir", str(desk.clinic)])
    assert unknown.exit_code == 1 and "no client named 'Nobody' in the history" in unknown.output
    gone = runner.invoke(cli_app, ["clients", "forget", ZOE, "--yes", "--clinic-dir", str(desk.clinic)])
    assert gone.exit_code == 0 and "1 sheet records and 1 files removed" in gone.output
    assert not list((desk.clinic / "output").glob("*.pdf"))


def test_chart_and_brochure_with_the_clis_options(desk: Desk) -> None:
    chart = desk.post("/chart", data={"goals": ["digestion"], "views": ["plantar"], "labels": "numbers",
                                      "page_size": "a3"})
    assert chart.headers["content-type"] == "application/pdf"
    page = pypdf.PdfReader(io.BytesIO(chart.content)).pages[0]
    assert round(float(page.mediabox.width)) == 842  # A3 portrait
    bad = desk.post("/brochure", data={"layout": "trifold", "bleed": "12"})
    assert bad.status_code == 400 and "12 is out of range (use 0 to 10 mm)" in bad.text
    flyer = desk.post("/brochure", data={"layout": "flyer", "bleed": "3", "crop_marks": "yes"})
    assert flyer.headers["content-type"] == "application/pdf"


def test_a_long_batch_does_not_hold_up_the_form(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import handouts.build

    real = handouts.build.sheet_pdf

    def slow_for_batch(ws, client):  # type: ignore[no-untyped-def]
        if client.name.startswith("Slow"):
            time.sleep(0.4)
        return real(ws, client)

    monkeypatch.setattr(handouts.build, "sheet_pdf", slow_for_batch)
    rows = "name,goals\n" + "".join(f"Slow {i},sleep\n" for i in range(6))
    job = desk.post("/api/batch", files={"list": ("c.csv", rows.encode(), "text/csv")}).json()["job"]
    preview = desk.post("/api/preview", data={"name": "Ana Lima", "goals": ["sleep"]})
    assert preview.status_code == 200 and preview.json()["ok"]
    assert not desk.client.get(f"/api/batch/{job}").json()["done"]  # the sheet came while the batch still ran
    while not (status := desk.client.get(f"/api/batch/{job}").json())["done"]:
        time.sleep(0.05)
    assert status["processed"] == 6 and status["failed"] == 0


def test_an_xlsx_client_list_is_read_like_a_csv(desk: Desk) -> None:
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name", "Goals", "Minutes"])
    book.active.append(["Łukasz Żółć", "sleep", 10])
    book.active.append(["Bo Berg", "slep", 10])
    data = io.BytesIO()
    book.save(data)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    job = desk.post("/api/batch", files={"list": ("today.xlsx", data.getvalue(), kind)}).json()["job"]
    while not (status := desk.client.get(f"/api/batch/{job}").json())["done"]:
        time.sleep(0.05)
    assert status["processed"] == 2 and status["failed"] == 1


def test_forgetting_waits_for_a_batch_writing_the_folder_and_loses_none_of_its_lines(desk: Desk) -> None:
    """A data-protection request while a batch still writes the folder: no manifest line of the batch is lost."""
    from handouts.files.lock import folder_lock

    batch = desk.post("/api/batch", files={"list": ("c.csv", f'name,goals\n"{ZOE}",sleep\nAna Lima,stress\n'.encode(),
                                                    "text/csv")})
    job = batch.json()["job"]
    while not desk.client.get(f"/api/batch/{job}").json()["done"]:
        time.sleep(0.05)
    manifest = next(desk.clinic.rglob(MANIFEST))
    (zoes,) = [line for line in manifest.read_text(encoding="utf-8").splitlines() if "ana-lima" not in line]
    with ThreadPoolExecutor(1) as pool:
        with folder_lock(manifest.parent, what="test batch"):  # a batch still running there
            forgetting = pool.submit(desk.post, "/clients/1/forget", data={})
            time.sleep(0.3)
            assert not forgetting.done(), "forgetting rewrote the folder while a batch held it"
            with manifest.open("a", encoding="utf-8") as handle:  # the batch lands one more sheet
                handle.write('{"file": "late-arrival.pdf", "hash": "0"}\n')
        assert "Client forgotten" in forgetting.result(timeout=30).text
    lines = manifest.read_text(encoding="utf-8")
    assert "late-arrival.pdf" in lines and "ana-lima" in lines and zoes not in lines
