"""Files that went through LibreOffice Calc re-import: CSV tables via .ods and back, and our
workbook re-saved by Calc. Skipped where soffice is not installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from exporters import csv_io, xlsx_io
from exporters.base import ExportOptions, ImportOptions
from model.merge import diff_documents, merge_document
from tests.doc_strategies import blank_table_fields, sample_document

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

CSV_FILTER = "CSV:44,34,76,1"  # comma, double quote, UTF-8, from line 1: as Calc's dialog
CSV_EXPORT = "csv:Text - txt - csv (StarCalc):44,34,76"


def _soffice(profile: Path, outdir: Path, target: str, *files: Path, infilter: str = "") -> None:
    command = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",  # own profile: no clash with other runs
        "--headless",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        *([f"--infilter={infilter}"] if infilter else []),
        *map(str, files),
    ]
    done = subprocess.run(command, capture_output=True, timeout=180)
    missing = [
        f
        for f in files
        if not (outdir / f.with_suffix("").name).with_suffix("." + target.split(":")[0]).exists()
    ]
    assert done.returncode == 0 and not missing, done.stderr.decode(errors="replace")


def test_csv_tables_edited_and_saved_by_calc_reimport(tmp_path):
    sample = sample_document()
    first = sample.projects[0]
    edits = {  # what the user changes in the sheet
        "indicators": (f"{first.code},", "≥90%,", "≥95%,"),
        "projects": (f"1,{first.code},", ",11.00,11.00,", ",12.00,11.00,"),
    }
    files = []
    for table, (row_start, old, new) in edits.items():
        text = csv_io.write(sample, options=ExportOptions(table=table)).decode("utf-8-sig")
        lines = text.split("\r\n")
        n = next(n for n, line in enumerate(lines) if line.startswith(row_start) and old in line)
        lines[n] = lines[n].replace(old, new, 1)
        path = tmp_path / f"{table}.csv"
        path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
        files.append(path)
    profile, ods, back = tmp_path / "profile", tmp_path / "ods", tmp_path / "back"
    _soffice(profile, ods, "ods", *files, infilter=CSV_FILTER)
    _soffice(profile, back, CSV_EXPORT, *(ods / f"{f.stem}.ods" for f in files))
    stored = sample
    for path in files:
        data = (back / path.name).read_bytes()
        assert data != path.read_bytes()  # Calc really rewrote it (no BOM, its own number formats)
        result = csv_io.read(data, source=path.name, options=ImportOptions())
        assert not result.errors, [str(p) for p in result.errors]
        stored = merge_document(stored, result.documents[0], partial_fields=result.partial_fields)
    # Calc writes 100% as 100.00% and 11.00 as 11: the same values, so the stored spelling stays
    # and only the user's edits are changes.
    assert [str(c) for c in diff_documents(sample, stored)] == [
        f"项目 {first.code} 预算数：11.00 → 12",
        f"项目 {first.code} 指标 7 指标值：≥90% → ≥95%",
    ]


def test_csv_values_survive_calc_as_the_same_numbers(tmp_path):
    """Into a document whose table fields are blank: every value comes back equal in value."""
    sample = sample_document()
    files = []
    for table in ("indicators", "projects"):
        path = tmp_path / f"{table}.csv"
        path.write_bytes(csv_io.write(sample, options=ExportOptions(table=table)))
        files.append(path)
    profile, back = tmp_path / "profile", tmp_path / "back"
    _soffice(profile, back, CSV_EXPORT, *files, infilter=CSV_FILTER)
    stored = blank_table_fields(sample)
    for path in files:
        result = csv_io.read(
            (back / path.name).read_bytes(), source=path.name, options=ImportOptions()
        )
        assert not result.errors, [str(p) for p in result.errors]
        stored = merge_document(stored, result.documents[0], partial_fields=result.partial_fields)
    # Only the spelling of numbers may differ (11.00 → 11, 100% → 100.00%).
    assert merge_document(sample, stored) == sample


def test_workbook_resaved_by_calc_reimports_whole(tmp_path):
    sample = sample_document()
    path = tmp_path / "doc.xlsx"
    path.write_bytes(xlsx_io.write(sample))
    profile, ods, back = tmp_path / "profile", tmp_path / "ods", tmp_path / "back"
    _soffice(profile, ods, "ods", path)
    _soffice(profile, back, "xlsx", ods / "doc.ods")
    result = xlsx_io.read(
        (back / "doc.xlsx").read_bytes(), source="doc.xlsx", options=ImportOptions()
    )
    assert not result.errors, [str(p) for p in result.errors]
    assert not result.partial
    assert result.documents[0] == sample  # ids, amounts' decimals and all text survive Calc
