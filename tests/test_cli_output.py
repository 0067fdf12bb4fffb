"""Where sheet, chart and brochure write: -o is a file, and every way a write can fail is one line."""

from __future__ import annotations

import errno
import os
import stat

import pytest
from typer.testing import CliRunner

from handouts.cli import app

from .conftest import pdf_text

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("command", [["sheet", "--name", "Ro", "--goal", "sleep"], ["chart", "--views", "plantar"],
                                     ["brochure", "--layout", "flyer"]])
def test_a_folder_as_output_is_one_line(in_tmp, command):
    (in_tmp / "output").mkdir()
    one_line_error(run(*command, "-o", "output"), "'output' is a folder")


def test_a_missing_folder_and_a_read_only_file_are_one_line(in_tmp):
    one_line_error(run("sheet", "--name", "Ro", "--goal", "sleep", "-o", "nowhere/ro.pdf"), "nowhere", "does not exist")
    assert not (in_tmp / "nowhere").exists()
    locked = in_tmp / "ro.pdf"
    locked.write_bytes(b"old")
    locked.chmod(stat.S_IRUSR | stat.S_IRGRP)
    one_line_error(run("sheet", "--name", "Ro", "--goal", "sleep", "-o", "ro.pdf", "--force"), "read-only")
    assert locked.read_bytes() == b"old"


@pytest.mark.parametrize(("code", "words"), [(errno.ENOSPC, ["disk is full"]),
                                             (errno.EACCES, ["permission denied", "PDF viewer"])])
def test_a_full_disk_or_a_file_held_open_is_one_line(in_tmp, monkeypatch, code, words):
    def refuse(path, data):
        raise (PermissionError if code == errno.EACCES else OSError)(code, os.strerror(code), str(path))

    monkeypatch.setattr("handouts.cli.output.write_atomic", refuse)
    one_line_error(run("sheet", "--name", "Ro", "--goal", "sleep", "-o", "ro.pdf"), *words)


def test_a_second_client_of_the_same_name_does_not_replace_the_first(in_tmp):
    first = run("sheet", "--name", "Ana Lima", "--goal", "sleep")
    second = run("sheet", "--name", "Ana Lima", "--goal", "digestion")
    assert first.exit_code == second.exit_code == 0
    assert "output/ana-lima-2.pdf" in second.stdout and "already exists" in second.stderr
    assert "Better sleep" in pdf_text((in_tmp / "output" / "ana-lima.pdf").read_bytes())
    assert "Better sleep" not in pdf_text((in_tmp / "output" / "ana-lima-2.pdf").read_bytes())
    forced = run("sheet", "--name", "Ana Lima", "--goal", "digestion", "--force")
    assert forced.exit_code == 0 and "output/ana-lima.pdf" in forced.stdout
    assert "Better sleep" not in pdf_text((in_tmp / "output" / "ana-lima.pdf").read_bytes())


def test_an_explicit_existing_output_needs_force(in_tmp):
    assert run("sheet", "--name", "Ro", "--goal", "sleep", "-o", "ro.pdf").exit_code == 0
    one_line_error(run("sheet", "--name", "Ro", "--goal", "stress", "-o", "ro.pdf"), "already exists", "--force")
    assert run("sheet", "--name", "Ro", "--goal", "stress", "-o", "ro.pdf", "--force").exit_code == 0


def test_batch_rate_is_sheets_since_the_start_not_the_gap_between_two_rows():
    """Two rows landing a millisecond apart once showed "30030.9/s"; the rate is rows over time since the start."""
    from handouts.cli.batch import _progress

    progress = _progress(quiet=True)
    task_id = progress.add_task("sheets", total=10)
    progress.advance(task_id, 1)
    progress.advance(task_id, 1)  # the two land together: Rich's own speed would be huge
    task = progress.tasks[0]
    task.start_time = task.get_time() - 4.0  # started four seconds ago
    rate = next(c for c in progress.columns if type(c).__name__ == "Rate")
    assert rate.render(task).plain.strip() == "0.5/s"


def test_first_free_steps_past_files_on_disk_and_reuses_identical_bytes(tmp_path):
    """One rule for the sheet's default name, the front desk's files and an older batch report."""
    from handouts.files.writing import first_free

    assert first_free(tmp_path, "ana", ".pdf") == tmp_path / "ana.pdf"
    (tmp_path / "ana.pdf").write_bytes(b"one")
    (tmp_path / "ana-2.pdf").write_bytes(b"two")
    assert first_free(tmp_path, "ana", ".pdf") == tmp_path / "ana-3.pdf"
    assert first_free(tmp_path, "ana", ".pdf", same=b"two") == tmp_path / "ana-2.pdf"
    assert first_free(tmp_path, "ana", ".pdf", same=b"three") == tmp_path / "ana-3.pdf"
