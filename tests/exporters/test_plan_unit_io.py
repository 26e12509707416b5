"""The plan's unit through the files: the Word header is written from Document.plan_unit and read
back from it; Excel's document sheet and JSON carry it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from exporters import json_io, xlsx_io
from exporters.base import ExportOptions, ImportOptions
from exporters.docx.projects import plan_header_unit
from model import Document, PlanUnit, Project, SpendingPlan
from tests.conftest import SAMPLE_DOCX
from tests.exporters.test_docx_export import header_tables, rows, text_of

D = Decimal


def _doc(unit: PlanUnit, money_unit: str = "万元") -> Document:
    project = Project(
        code="13052923P00000000001",
        name="测试项目",
        budget=D("10.00"),
        fiscal=D("10.00"),
        plan=SpendingPlan(D("2.00"), D("5.00"), D("8.00"), D("10.00")),
        goals=["1.完成测试。"],
    )
    return Document(
        dept_code="903001",
        dept_name="张王疃乡",
        year=2023,
        money_unit=money_unit,
        plan_unit=unit,
        projects=[project],
    )


def _plan_header(data: bytes) -> str:
    return text_of(rows(header_tables(data)[0])[3][0])


@pytest.mark.parametrize(
    ("unit", "money_unit", "header"),
    [
        (PlanUnit.AMOUNT, "万元", "资金支出计划（万元）"),
        (PlanUnit.AMOUNT, "元", "资金支出计划（元）"),
        (PlanUnit.PERCENT, "万元", "资金支出计划（%）"),
    ],
)
def test_word_header_is_written_from_the_setting_and_read_back(
    unit: PlanUnit, money_unit: str, header: str
) -> None:
    docx = pytest.importorskip("exporters.docx")
    data = docx.write(_doc(unit, money_unit), options=ExportOptions())
    assert _plan_header(data) == header
    result = docx.read(data, source="导出.docx", options=ImportOptions())
    assert result.errors == []
    (back,) = result.documents
    assert back.plan_unit is unit
    assert back.projects[0].plan == _doc(unit).projects[0].plan


def test_the_sample_header_says_percent() -> None:
    docx = pytest.importorskip("exporters.docx")
    result = docx.read(SAMPLE_DOCX.read_bytes(), source=SAMPLE_DOCX.name, options=ImportOptions())
    assert result.documents[0].plan_unit is PlanUnit.PERCENT
    assert any("（%）" in note for note in result.notes)


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("资金支出计划（%）", PlanUnit.PERCENT),
        ("资金支出计划(%)", PlanUnit.PERCENT),
        ("资金支出计划 （ ％ ）", PlanUnit.PERCENT),
        ("资金支出计划（万元）", PlanUnit.AMOUNT),
        ("资金支出计划(元)", PlanUnit.AMOUNT),
        ("资金支出计划", None),  # names no unit: the document keeps its default
        ("资金支出计划（按季度）", None),
        ("预算数", None),
    ],
)
def test_plan_header_unit(label: str, unit: PlanUnit | None) -> None:
    assert plan_header_unit(label) is unit


@pytest.mark.parametrize("unit", list(PlanUnit))
def test_json_and_excel_carry_the_setting(unit: PlanUnit) -> None:
    doc = _doc(unit)
    for module in (json_io, xlsx_io):
        data = module.write(doc, options=ExportOptions())
        (back,) = module.read(data, source="导出", options=ImportOptions()).documents
        assert back.plan_unit is unit, module.__name__


def test_excel_refuses_an_unknown_plan_unit_in_one_line() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    import io

    data = xlsx_io.write(_doc(PlanUnit.AMOUNT), options=ExportOptions())
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[xlsx_io.DOC_SHEET]
    row = next(r for r in sheet.iter_rows() if r[0].value == "资金支出计划单位")
    assert row[1].value == "金额"
    row[1].value = "按季度"
    out = io.BytesIO()
    book.save(out)
    result = xlsx_io.read(out.getvalue(), source="改过.xlsx", options=ImportOptions())
    problems = [str(p) for p in result.problems]
    assert any("资金支出计划单位应为“金额”或“百分比”" in p for p in problems), problems
