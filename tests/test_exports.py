"""Client lists as booking systems and spreadsheets really export them: encodings and .xlsx workbooks."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from handouts.cli import app
from handouts.intake.client_list import open_client_list
from handouts.intake.encodings import detect, odd_token

from .conftest import pdf_text
from .export_corpus import NAMES, export_bytes, write_corpus

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def batch(clients: Path, out: Path, *extra: str):
    return run("batch", str(clients), "--out-dir", str(out), "--workers", "1", "-q", *extra)


def report(out: Path) -> list[dict[str, str]]:
    with (out / "batch-report.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def sheet_texts(out: Path) -> str:
    return "\n".join(pdf_text(pdf.read_bytes()) for pdf in sorted(out.glob("*.pdf")))


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.output
    return lines[0]


# What was seen ------------------------------------------------------------------------------------------


def test_cp1250_list_prints_polish_names_not_windows_1252_mojibake(tmp_path: Path):
    clients = tmp_path / "polish.csv"
    clients.write_bytes(export_bytes(["Łukasz Żółć"], "cp1250", ";"))
    result = batch(clients, tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = sheet_texts(tmp_path / "out")
    assert "Łukasz Żółć" in text
    assert "£ukasz" not in text and "¯ó³æ" not in text
    assert "Windows-1250" in result.output  # the measured encoding is said, not a Windows-1252 assumption


def test_mac_roman_list_prints_accents_not_windows_1252_mojibake(tmp_path: Path):
    clients = tmp_path / "mac.csv"
    clients.write_bytes(export_bytes(["José Müller"], "mac_roman", ","))
    result = batch(clients, tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = sheet_texts(tmp_path / "out")
    assert "José Müller" in text
    assert "JosŽ" not in text and "MŸller" not in text


@pytest.mark.parametrize("bom", ["le", "be"])
def test_excel_unicode_text_utf16_tab_separated_is_read(tmp_path: Path, bom: str):
    names = ["Ana Lima", "Νίκος Παπαδόπουλος"]
    clients = tmp_path / "unicode.txt"
    clients.write_bytes(export_bytes(names, "utf-16" if bom == "le" else "utf-16-be", "\t"))
    assert clients.read_bytes()[:2] == (b"\xff\xfe" if bom == "le" else b"\xfe\xff")
    result = batch(clients, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "no 'name' column" not in result.output
    text = sheet_texts(tmp_path / "out")
    assert all(name in text for name in names)


# The corpus ---------------------------------------------------------------------------------------------


def test_corpus_covers_every_language_and_encoding(tmp_path: Path):
    files = write_corpus(tmp_path)
    stems = {p.stem for p in files}
    for language in NAMES:
        assert {f"{language}-utf8", f"{language}-utf8-bom", f"{language}-utf16-le-bom",
                f"{language}-utf16-be-bom"} <= stems
    for native in ("polish-cp1250", "czech-cp1250", "german-cp1252", "french-cp1252", "portuguese-cp1252",
                   "greek-cp1253", "turkish-cp1254", "german-mac-roman", "french-mac-roman",
                   "portuguese-mac-roman"):
        assert native in stems


def test_every_corpus_file_reads_back_every_name_exactly(tmp_path: Path):
    """All 42 exports: the list the batch opens holds each name exactly as it was written."""
    failures = []
    for path, names in write_corpus(tmp_path).items():
        got = [row.fields.get("name") for row in open_client_list(path).rows()]
        if got != names:
            failures.append(f"{path.name}: {got}")
    assert not failures, "\n".join(failures)


# One export per language, covering every code page, printed: ~30 sheets (the whole corpus, 168 sheets,
# prints the same names and takes a minute; the test above checks every file's reading of them).
PRINTED = ("polish-cp1250", "czech-cp1250", "german-mac-roman", "french-cp1252", "portuguese-mac-roman",
           "turkish-cp1254", "greek-cp1253")


def test_corpus_round_trips_through_the_batch(tmp_path: Path):
    """Every name comes back, exactly as written, in the text extracted from its sheet."""
    failures = []
    corpus = {p.stem: (p, names) for p, names in write_corpus(tmp_path / "corpus").items()}
    for stem in PRINTED:
        path, names = corpus[stem]
        out = tmp_path / "out" / stem
        result = batch(path, out)
        if result.exit_code != 0:
            failures.append(f"{path.name}: exit {result.exit_code}: {result.output.strip()}")
            continue
        text = sheet_texts(out)
        failures += [f"{path.name}: {name!r} missing" for name in names if name not in text]
        assert len(list(out.glob("*.pdf"))) == len(names)
    assert not failures, "\n".join(failures)


# When the bytes cannot say ---------------------------------------------------------------------------


def test_unsure_encoding_stops_before_writing_and_names_the_rows(tmp_path: Path):
    # "Hélène" in Windows-1252 reads as a plausible Czech "Hélčne" in Windows-1250: a person must choose.
    clients = tmp_path / "ambiguous.csv"
    clients.write_bytes(export_bytes(["Ana Lima", "Hélène Lefèvre"], "cp1252", ";"))
    out = tmp_path / "out"
    line = one_line_error(batch(clients, out))
    assert "ambiguous.csv" in line and "cannot tell which encoding" in line
    assert "rows 3 ('Hélène' or 'Hélčne')" in line
    assert "--encoding cp1252" in line
    assert not out.exists() or not any(out.iterdir())
    forced = batch(clients, out, "--encoding", "cp1252")
    assert forced.exit_code == 0, forced.output
    assert "Hélène Lefèvre" in sheet_texts(out)


def test_signs_every_code_page_reads_alike_do_not_stop_a_list(tmp_path: Path):
    clients = tmp_path / "notes.csv"
    clients.write_bytes("Name;Goals;Notes\r\nJosé Müller;sleep;Bath at 37°C, n°3, Brand®\r\n"
                        "Zoë Brontë;stress;\r\n".encode("cp1252"))
    listing = open_client_list(clients)
    assert listing.encoding == "cp1252"
    assert [row.fields.get("notes") for row in listing.rows()] == ["Bath at 37°C, n°3, Brand®", None]


def test_unknown_or_wrong_forced_encoding_is_one_line(tmp_path: Path):
    clients = tmp_path / "polish.csv"
    clients.write_bytes(export_bytes(["Ana Lima", "Łukasz Żółć"], "cp1250", ";"))
    line = one_line_error(batch(clients, tmp_path / "out", "--encoding", "cp125"))
    assert "--encoding" in line and "unknown encoding 'cp125'" in line
    line = one_line_error(batch(clients, tmp_path / "out", "--encoding", "utf-8"))
    assert "line 3 is not valid utf-8" in line


def test_plausibility_rules():
    assert odd_token("£ukasz") and odd_token("¯ó³æ") and odd_token("JosŽ") and odd_token("MŸller")
    assert odd_token("Dvoøák")  # Czech read as Windows-1252: ø and á belong to no one language
    assert not any(odd_token(t) for t in ("Łukasz", "Żółć", "José", "Müller", "O’Brien", "İsmail",
                                          "Νίκος", "Dvořák", "Gonçalves", "„Anna”"))


def test_utf8_without_bom_and_ascii_are_not_scored(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_bytes("name\nJiří Dvořák\n".encode())
    assert detect(path, lambda text: iter(())).how == "utf-8"


# Workbooks --------------------------------------------------------------------------------------------


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        table = book.create_sheet(title)
        for row in rows:
            table.append(row)
    book.save(path)
    return path


def test_xlsx_first_sheet_real_dates_and_excel_row_numbers(tmp_path: Path):
    path = workbook(tmp_path / "export.xlsx", {
        "Today": [["Client name", "Goals", "Minutes", "Date"],
                  ["Łukasz Żółć", "sleep", 20, dt.datetime(2026, 3, 4)],
                  [None, None, None, None],
                  ["Νίκος Παπαδόπουλος", "slep", 15.0, dt.date(2026, 3, 5)]],
        "Tomorrow": [["Name", "Goals"], ["Bo Berg", "digestion"]],
    })
    out = tmp_path / "out"
    result = batch(path, out)
    assert result.exit_code == 1, result.output
    assert "export.xlsx row 4: goals: unknown goal 'slep'" in result.output
    text = sheet_texts(out)
    assert "Łukasz Żółć" in text and "4 March 2026" in text
    assert "Bo Berg" not in text
    assert [(r["row"], r["status"]) for r in report(out)] == [("2", "written"), ("4", "failed")]
    rows = list(open_client_list(path).rows())
    assert rows[0].fields == {"name": "Łukasz Żółć", "goals": "sleep", "minutes": 20, "date": "2026-03-04"}


def test_xlsx_sheet_by_name_and_unknown_sheet(tmp_path: Path):
    path = workbook(tmp_path / "export.xlsx", {"Today": [["Name"], ["Ana Lima"]],
                                               "Tomorrow": [["Name", "Goals"], ["Bo Berg", "digestion"]]})
    out = tmp_path / "out"
    result = batch(path, out, "--sheet", "Tomorrow")
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.glob("*.pdf")] == ["bo-berg.pdf"]
    line = one_line_error(batch(path, out, "--sheet", "Tommorow"))
    assert "no sheet named 'Tommorow'" in line and "did you mean 'Tomorrow'?" in line


def test_broken_workbook_and_misplaced_options_are_one_line(tmp_path: Path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert "not a readable Excel workbook" in one_line_error(batch(broken, tmp_path / "out"))
    listing = tmp_path / "list.csv"
    listing.write_text("name\nAna\n", encoding="utf-8")
    assert "--sheet is for Excel workbooks" in one_line_error(batch(listing, tmp_path / "out", "--sheet", "A"))
    yaml_list = tmp_path / "list.yaml"
    yaml_list.write_text("- name: Ana\n", encoding="utf-8")
    assert "--encoding is for CSV lists" in one_line_error(batch(yaml_list, tmp_path / "out", "--encoding", "cp1252"))


# The batch's folder -----------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-o", "--out-dir"])
def test_pdf_out_dir_is_an_error_not_a_folder(tmp_path: Path, flag: str):
    listing = tmp_path / "clients.csv"
    listing.write_text("name,goals\nAna Lima,sleep\n", encoding="utf-8")
    target = tmp_path / "print.pdf"
    result = run("batch", str(listing), flag, str(target), "-q")
    line = one_line_error(result)
    assert "--out-dir" in line and "not a PDF" in line and "--combined" in line
    assert not target.exists()


def test_turkish_dotted_capital_i_makes_a_whole_file_name(tmp_path: Path):
    listing = tmp_path / "tr.csv"
    listing.write_bytes(export_bytes(["İsmail Şahin"], "cp1254", ";"))
    assert batch(listing, tmp_path / "out").exit_code == 0
    assert [p.name for p in (tmp_path / "out").glob("*.pdf")] == ["ismail-sahin.pdf"]
