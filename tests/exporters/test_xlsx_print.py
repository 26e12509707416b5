"""The Excel export prints: A4 landscape fit to width, borders, rows tall enough for every line,
and an 汇总 sheet first whose 合计 equals the projects' sum (Decimal); LibreOffice renders it
to a few full-width pages with no cut text."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from exporters import xlsx_io
from model import PlanUnit
from model.summary import summarize
from tests.doc_strategies import sample_document

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")
LONG = "本项目用于保障乡镇农村人居环境整治" * 12 + "尾句完整显示"
SECOND = "第二行必须可见"


def _workbook(doc):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(xlsx_io.write(doc)))


def _doc():
    doc = sample_document()
    doc.projects[0].purpose = LONG
    doc.projects[0].indicators[0].basis = "第一行依据\n" + SECOND
    return doc


def _columns(doc) -> tuple[str, ...]:
    return tuple(summarize(doc).header[:-1])  # the 汇总表's columns but 问题数


def test_summary_sheet_comes_first_and_totals_in_decimal():
    doc = _doc()
    doc.projects[0].budget = Decimal("0.10")
    doc.projects[1].budget = Decimal("0.20")
    wb = _workbook(doc)
    assert wb.sheetnames == ["汇总", "部门整体目标", "项目", "绩效指标"]
    ws = wb["汇总"]
    header = tuple(c.value for c in ws[1])
    assert header == _columns(doc)
    assert header[0] == "序号" and header[3].startswith("预算数") and header[-1] == "指标数"
    assert ws.max_row == len(doc.projects) + 2
    total = [c.value for c in ws[ws.max_row]]
    assert total[1] == "合计"
    expected = sum((p.budget for p in doc.projects if p.budget is not None), Decimal(0))
    assert Decimal(str(total[3])) == expected  # written as a number, not a formula
    assert ws.cell(ws.max_row, 4).number_format == "0.00"
    assert total[-1] == sum(len(p.indicators) for p in doc.projects)


def test_a_plan_in_percent_has_no_total():
    doc = sample_document()
    doc.plan_unit = PlanUnit.PERCENT
    ws = _workbook(doc)["汇总"]
    total = [c.value for c in ws[ws.max_row]]
    assert total[3] is not None and total[6:10] == [None] * 4


def test_every_sheet_is_set_up_to_print():
    wb = _workbook(_doc())
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert ws.print_options.horizontalCentered
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold and ws["A1"].fill.fill_type == "solid"
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
            for cell in row:
                assert cell.border.left.style == "thin", (ws.title, cell.coordinate)
                assert cell.alignment.wrap_text, (ws.title, cell.coordinate)


def test_rows_are_tall_enough_for_every_line():
    wb = _workbook(_doc())
    ws = wb["绩效指标"]
    header = [c.value for c in ws[1]]
    col = header.index("指标值确定依据") + 1
    row = next(r for r in range(2, ws.max_row + 1) if SECOND in (ws.cell(r, col).value or ""))
    assert ws.row_dimensions[row].height >= 2 * 15
    projects = wb["项目"]
    header = [c.value for c in projects[1]]
    col = header.index("资金用途") + 1
    width = projects.column_dimensions[projects.cell(1, col).column_letter].width
    lines = -(-len(LONG) * 2 // int(width))
    assert projects.row_dimensions[2].height >= lines * 15


def test_amounts_keep_their_decimals_in_the_format():
    doc = sample_document()
    doc.projects[0].budget = Decimal("11.50")
    ws = _workbook(doc)["汇总"]
    assert ws.cell(2, 4).number_format == "0.00"


@pytest.mark.skipif(SOFFICE is None or PDFTOTEXT is None, reason="soffice/pdftotext not installed")
def test_calc_prints_a_few_full_width_pages_with_nothing_cut(tmp_path: Path):
    xlsx = tmp_path / "export.xlsx"
    xlsx.write_bytes(xlsx_io.write(_doc()))
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(xlsx),
        ],
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / "export.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr.decode(errors="replace")
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    # 24 projects, 174 indicators: 13 pages at full width (before: 31 strip pages)
    assert len(pages) <= 14, f"{len(pages)} pages (strip pages were 31)"
    for number, page in enumerate(pages, 1):  # the header row repeats on every page
        assert "栏目" in page or "项目编码" in page, f"page {number} has no header row"
    plain = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True)
    flat = re.sub(r"\s+", "", plain.stdout.decode())  # text blocks whole, not interleaved by line
    first = re.sub(r"\s+", "", pages[0])
    for column in _columns(_doc()):
        assert column.split("（")[0] in first, column  # a long header wraps before its unit
    indicator_page = next(re.sub(r"\s+", "", p) for p in pages if "指标值确定依据" in p)
    for column in ("一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"):
        assert column in indicator_page, column
    assert SECOND in flat
    assert "尾句完整显示" in flat
    assert LONG in flat
