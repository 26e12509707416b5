"""PDF export through LibreOffice (issue 19 item 2): the text layer holds the document, and
without LibreOffice the export says what to install, in one line, and writes nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from exporters import json_io, pdf
from exporters.base import ExportOptions
from jixiao.cli import main
from tests.documents import edge_case_document


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(edge_case_document(), options=ExportOptions()))
    assert main(["import", str(source)]) == 0
    return path


@pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_pdf_export_holds_the_unit_and_a_project(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "绩效目标.pdf"
    assert main(["export", "903001/2023", "-o", str(out)]) == 0  # format from the extension
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    doc = edge_case_document()
    assert doc.dept_name in text.replace(" ", "")
    assert "凤还巢" in text


def test_without_libreoffice_one_line_names_the_package_and_no_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    out = tmp_path / "x.pdf"
    capsys.readouterr()
    assert main(["export", "903001/2023", "--format", "pdf", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert "LibreOffice" in err and "apt install libreoffice-writer" in err
    assert not out.exists()
    assert list(tmp_path.glob("x.pdf*")) == []


@pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo is not installed")
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_the_summary_prints_on_one_page_width_with_every_code_whole(
    fmt: str, tmp_path: Path
) -> None:
    from exporters import summary_docx, summary_xlsx
    from tests.doc_strategies import sample_document

    doc = sample_document()
    writer = summary_docx if fmt == "docx" else summary_xlsx
    out = tmp_path / "summary.pdf"
    out.write_bytes(pdf.convert(writer.write(doc), suffix=fmt))
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, check=True).stdout.decode()
    # 24 projects fit one landscape page: nothing cut off to the right onto extra pages.
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
    for project in doc.projects:  # every 项目编码 on one line: the column is wide enough
        assert project.code in text, project.code
    assert "合计" in text and "535.86" in text
