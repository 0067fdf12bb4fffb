"""The front desk in a real browser: Debian's Chromium driven by Playwright.

Skipped, with a message saying so, when Playwright or a ``chromium`` binary is
missing (``.ci/run`` installs Chromium first, so CI always runs them). The
screenshots in docs/ are taken here, at 1280x800 and at 800 px wide.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from handouts.catalog.loader import load_catalog
from tests.serve.conftest import ZOE, Live

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: browser tests skipped")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="no chromium found on PATH: browser tests skipped "
                                 "(apt-get install chromium)")]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
# The wide screenshots are always taken; they land in docs/ (for the README), with the 800 px ones, only when
# HANDOUTS_SCREENSHOTS=docs, so an ordinary test run leaves the working tree clean.
DOCS = Path(__file__).resolve().parents[2] / "docs"
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 800, "height": 1000}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live: Live):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=WIDE, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    context.close()


def squash(pdf: bytes) -> str:
    return "".join("".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    return DOCS if os.environ.get("HANDOUTS_SCREENSHOTS") == "docs" else tmp_path


def shoot(page, name: str, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """The page at 1280x800, saved; at 800 px wide nothing sticks out sideways (saved too, for the README)."""
    folder.mkdir(exist_ok=True)
    page.locator("header").scroll_into_view_if_needed()
    page.set_viewport_size(WIDE)
    page.wait_for_timeout(150)
    page.screenshot(path=str(folder / f"serve-{name}.png"))
    page.set_viewport_size(NARROW)
    page.locator("header").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], f"{name}: wider than 800 px"
    if folder == DOCS:  # the narrow picture is only for the README: an ordinary run checks the width alone
        page.wait_for_timeout(150)
        page.screenshot(path=str(folder / f"serve-{name}-800.png"))
    page.set_viewport_size(WIDE)


def fill_sheet(page, live: Live) -> str:  # type: ignore[no-untyped-def]
    """Fill the form for Zoë with sleep and diabetes; returns the preview's first page once drawn."""
    page.goto(live.url + "/")
    page.get_by_label("Client's name").fill(ZOE)
    page.get_by_label("Better sleep").check()
    page.get_by_label("Diabetes").check()
    page.get_by_label("Therapist").fill("Maria Costa")
    page.wait_for_selector("#pages img")
    return page.locator("#pages img").first.get_attribute("src") or ""


def test_make_a_sheet_preview_download_and_print(page, live: Live, workspace, shots) -> None:  # type: ignore[no-untyped-def]
    first = fill_sheet(page, live)
    assert "Gentle pressure only" in page.locator("#cautions").inner_text()
    version = page.locator("#pages").get_attribute("data-version")
    page.get_by_label("Digestion").check()
    page.locator(f"#pages:not([data-version='{version}'])").wait_for()  # a selector: the CSP forbids eval
    assert page.locator("#pages img").first.get_attribute("src") != first
    with_digestion = page.locator("#pages").get_attribute("data-version")
    page.get_by_label("Digestion").uncheck()
    page.locator(f"#pages:not([data-version='{with_digestion}'])").wait_for()  # the picture shows Zoë's own sheet
    shoot(page, "form", shots)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    text = squash(pdf)
    assert "".join(ZOE.split()) in text
    assert "".join(load_catalog(workspace).cautions["diabetes"].message.split()) in text
    assert "Saved in the client's history" in page.locator("#made").inner_text()
    page.get_by_role("button", name="Print").click()  # the same sheet, not made again, into the print frame
    page.locator("#print-frame[src$='.pdf?inline=true']").wait_for(state="attached")
    assert page.locator("#print-frame").get_attribute("src") == "/sheets/1.pdf?inline=true"


def test_refer_caution_is_shown_clearly_before_printing(page, live: Live) -> None:  # type: ignore[no-untyped-def]
    fill_sheet(page, live)
    page.get_by_label("Deep vein thrombosis or blood clots").check()
    page.wait_for_selector(".caution.stop")
    assert page.locator(".caution.stop").first.inner_text().startswith("Deep vein")
    assert "Refer: no self-routine" in page.locator(".caution.stop").first.inner_text()


def test_errors_appear_next_to_the_field(page, live: Live) -> None:  # type: ignore[no-untyped-def]
    page.goto(live.url + "/")
    page.get_by_label("Client's name").fill("Ana Lima")
    page.wait_for_timeout(700)  # the preview has answered: no goal yet, but Goals was not touched
    goals = page.locator('[data-error-for="goals"]')
    assert goals.inner_text() == ""
    page.get_by_role("button", name="Download PDF").click()
    goals.wait_for(state="visible")
    assert goals.inner_text().startswith("at least one goal is required (valid: stress, sleep")
    fill_sheet(page, live)
    page.get_by_label("Minutes (5-90)").fill("500")
    error = page.locator('[data-error-for="minutes"]')
    error.wait_for(state="visible")
    assert error.inner_text() == "500 is out of range (use a whole number from 5 to 90)"


def test_reprint_from_history_is_the_same_pdf(page, live: Live, shots) -> None:  # type: ignore[no-untyped-def]
    fill_sheet(page, live)
    with page.expect_download() as made:
        page.get_by_role("button", name="Download PDF").click()
    original = Path(made.value.path()).read_bytes()
    page.get_by_role("link", name="Clients").click()
    page.get_by_label("Search by name").fill("zoë")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=ZOE).click()
    shoot(page, "history", shots)
    with page.expect_download() as again:
        page.get_by_role("link", name="Reprint").first.click()
    assert Path(again.value.path()).read_bytes() == original
    page.get_by_role("link", name="New sheet from this one").first.click()
    assert page.get_by_label("Client's name").input_value() == ZOE
    assert page.get_by_label("Diabetes").is_checked()


def test_batch_upload_reports_the_bad_row(page, live: Live, tmp_path: Path, shots) -> None:  # type: ignore[no-untyped-def]
    listing = tmp_path / "todays-clients.csv"
    listing.write_text("Name;Goals;Conditions;Minutes\nAna Lima;sleep|stress;;15\nBo Berg;slep;;10\n"
                       "Cy Dale;lower-back;diabetes;20\nDi Eng;digestion;;200\n", encoding="utf-8")
    page.goto(live.url + "/batch")
    page.get_by_label("Client list").set_input_files(str(listing))
    page.get_by_role("button", name="Make the sheets").click()
    page.get_by_role("link", name="Download the sheets").wait_for()
    failed = page.locator("tr.failed")
    assert failed.count() == 2
    assert "unknown goal 'slep' (did you mean 'sleep'?)" in failed.nth(0).inner_text()
    assert "200 is out of range" in failed.nth(1).inner_text()
    assert "4 of 4 rows, 2 with problems" in page.locator("#batch-count").inner_text()
    shoot(page, "batch", shots)
    with page.expect_download() as archive:
        page.get_by_role("link", name="Download the sheets").click()
    import zipfile

    names = set(zipfile.ZipFile(archive.value.path()).namelist())
    assert {"ana-lima.pdf", "cy-dale.pdf", "print-me.pdf", "batch-report.csv"} <= names
