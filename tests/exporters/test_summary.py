"""The 汇总表 (issue 19 item 3): one row per project, a 合计 in Decimal that skips blanks, the
same numbers in Word and in Excel, and a CLI round that refuses to import it back."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from exporters import json_io, summary_docx, summary_xlsx
from exporters.base import ExportOptions
from jixiao.cli import main
from model import Document, PlanUnit, Project, SpendingPlan
from model.summary import summarize
from tests.doc_strategies import sample_document

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")


def _doc() -> Document:
    """Three projects with amount plans; the second leaves 其他资金 and 财政资金 blank."""
    projects = [
        Project(
            code="P001",
            name="道路维修",
            budget=Decimal("100.25"),
            fiscal=Decimal("80.25"),
            other=Decimal("20.00"),
            plan=SpendingPlan(Decimal("10.00"), Decimal("50.00"), None, Decimal("100.25")),
        ),
        Project(code="P002", name="村干部补贴", budget=Decimal("11.10"), fiscal=None, other=None),
        Project(
            code="P003",
            name="网格员补贴",
            budget=Decimal("0.05"),
            fiscal=Decimal("0.05"),
            other=Decimal("0.00"),
            plan=SpendingPlan(Decimal("0.01"), Decimal("0.02"), Decimal("0.03"), Decimal("0.05")),
        ),
    ]
    return Document(
        dept_code="903001",
        dept_name="测试乡人民政府",
        year=2024,
        plan_unit=PlanUnit.AMOUNT,
        projects=projects,
    )


def test_totals_are_the_decimal_sum_and_blanks_are_skipped_with_a_note() -> None:
    summary = summarize(_doc())
    assert [r.code for r in summary.rows] == ["P001", "P002", "P003"]
    assert summary.totals == (Decimal("111.40"), Decimal("80.30"), Decimal("20.00"))
    # 10月底: P001 blank, P003 0.03 → the sum of the filled one, and a note says so
    assert summary.plan_totals == (
        Decimal("10.01"),
        Decimal("50.02"),
        Decimal("0.03"),
        Decimal("100.30"),
    )
    assert any(n.startswith("其他资金有 1 个项目未填") for n in summary.notes)
    assert any(n.startswith("财政资金有 1 个项目未填") for n in summary.notes)
    assert not any(n.startswith("预算数") for n in summary.notes)
    assert summary.title == "测试乡人民政府2024年项目支出绩效目标汇总表"
    assert "支出计划3月底（万元）" in summary.header


def test_percent_plans_are_not_summed_and_headers_say_percent() -> None:
    doc = replace(_doc(), plan_unit=PlanUnit.PERCENT)
    summary = summarize(doc)
    assert summary.plan_totals == (None, None, None, None)
    assert "支出计划12月底（%）" in summary.header
    assert any("百分比" in n for n in summary.notes)


def test_problem_counts_are_the_rule_findings_of_each_project() -> None:
    from model.rules.base import Severity
    from model.rules.engine import check_document

    doc = sample_document()
    summary = summarize(doc)
    findings = check_document(doc)
    first = doc.projects[0]
    errors = sum(1 for f in findings if f.project_id == first.id and f.severity is Severity.ERROR)
    assert summary.rows[0].errors == errors
    assert summary.indicators == sum(len(p.indicators) for p in doc.projects)


def _word_table(data: bytes) -> list[list[str]]:
    table = docx.Document(io.BytesIO(data)).tables[0]
    return [[c.text for c in row.cells] for row in table.rows]


def _number(text: str) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text else None


def test_word_summary_totals_equal_the_sum_of_its_rows() -> None:
    data = summary_docx.write(_doc())
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "《测试乡人民政府2024年项目支出绩效目标汇总表》" in texts
    assert "单位：万元" in texts
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape
    rows = _word_table(data)
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert header[:4] == ["序号", "项目编码", "项目名称", "预算数（万元）"]
    assert total[0] == "合计"
    for col in (3, 4, 5, 6, 7, 8, 9):
        filled = [_number(r[col]) for r in body if r[col]]
        assert _number(total[col]) == sum(filled, Decimal(0)), header[col]
    assert body[1][5] == ""  # blank 其他资金 stays blank, not 0
    assert body[2][5] == "0.00"
    # the header row repeats on every page
    assert document.tables[0].rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    assert any("其他资金有 1 个项目未填" in t for t in texts)


def test_excel_summary_totals_equal_the_sum_of_its_rows() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(summary_xlsx.write(_doc())))
    ws = wb.active
    assert ws.title == "汇总表"
    header = [c.value for c in ws[3]]
    assert header[2] == "项目名称"
    body = [[c.value for c in ws[r]] for r in range(4, 7)]
    total = [c.value for c in ws[7]]
    assert total[0] == "合计"
    for col in range(3, 10):
        filled = [Decimal(str(r[col])) for r in body if r[col] is not None]
        assert Decimal(str(total[col])) == sum(filled, Decimal(0)), header[col]
    assert body[1][5] is None  # blank 其他资金: an empty cell
    assert ws.cell(row=4, column=4).number_format == "#,##0.00"
    assert ws.freeze_panes == "A4"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.cell(row=4, column=4).border.left.style == "thin"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.json"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    return path


def test_cli_round_exports_both_and_refuses_to_import_them(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(_doc(), options=ExportOptions()))
    assert main(["import", str(source)]) == 0
    word, excel = tmp_path / "汇总.docx", tmp_path / "汇总.xlsx"
    assert main(["export", "903001/2024", "--format", "summary-docx", "-o", str(word)]) == 0
    assert main(["export", "903001/2024", "--format", "summary-xlsx", "-o", str(excel)]) == 0
    assert _word_table(word.read_bytes())[-1][3] == "111.40"
    capsys.readouterr()
    before = db.read_bytes()
    assert main(["import", str(excel), "--format", "summary-xlsx"]) == 1
    err = capsys.readouterr().err.strip()
    assert "汇总表只能导出，不能导入" in err and "\n" not in err
    assert db.read_bytes() == before


def test_cli_summary_flag_takes_the_file_type_from_the_name(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(_doc(), options=ExportOptions()))
    assert main(["import", str(source)]) == 0
    excel = tmp_path / "汇总表.xlsx"
    assert main(["export", "903001/2024", "--summary", "-o", str(excel)]) == 0
    assert openpyxl.load_workbook(excel).active.title == "汇总表"
    capsys.readouterr()
    assert main(["export", "903001/2024", "--summary", "-o", str(tmp_path / "a.csv")]) == 1
    err = capsys.readouterr().err.strip()
    assert "汇总表只能导出为 Word 或 Excel" in err and "\n" not in err
    assert not (tmp_path / "a.csv").exists()


def test_cli_landscape_and_portrait_reach_the_word_export(db: Path, tmp_path: Path) -> None:
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(_doc(), options=ExportOptions()))
    assert main(["import", str(source)]) == 0
    wide, tall = tmp_path / "wide.docx", tmp_path / "tall.docx"
    assert main(["export", "903001/2024", "--landscape", "-o", str(wide)]) == 0
    assert main(["export", "903001/2024", "--portrait", "-o", str(tall)]) == 0
    w = docx.Document(str(wide)).sections[-1]
    t = docx.Document(str(tall)).sections[-1]
    assert w.page_width > w.page_height and t.page_width < t.page_height
    assert main(["export", "903001/2024", "--landscape", "-o", str(tmp_path / "a.json")]) == 1
    assert not (tmp_path / "a.json").exists()
