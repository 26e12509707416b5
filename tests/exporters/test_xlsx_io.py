"""Excel: the workbook's layout, exact round trips (amounts keep their decimals), bad input."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters import xlsx_io
from exporters.base import ExportOptions, ImportOptions
from exporters.tables import INDICATOR_COLUMNS, PROJECT_COLUMNS
from model import (
    Document,
    Indicator,
    JixiaoError,
    Phase,
    Project,
    format_amount,
    parse_amount,
)
from model.merge import merge_document
from tests.doc_strategies import amounts, blank_table_fields, documents, sample_document

openpyxl = pytest.importorskip("openpyxl")


def _doc() -> Document:
    return Document(
        dept_code="903001",
        dept_name="测试单位",
        year=2023,
        projects=[
            Project(
                code="P1",
                name="项目一",
                budget=parse_amount("11.00"),
                fiscal=parse_amount("11"),
                other=parse_amount("0.5"),
                goals=["1.目标一", "2.目标二"],
                indicators=[
                    Indicator(
                        "产出指标",
                        "数量指标",
                        "人数",
                        "描述",
                        "=3人",
                        "依据",
                        score_weight=Decimal("10"),
                    ),
                    Indicator(
                        "满意度指标", "服务对象满意度指标", "满意度", "多行\n描述", "≥95%", ""
                    ),
                ],
            )
        ],
    )


def _read(data: bytes, **options):
    result = xlsx_io.read(data, source="t.xlsx", options=ImportOptions(**options))
    assert not result.errors, [str(p) for p in result.errors]
    return result


def _workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_workbook_layout():
    wb = _workbook(xlsx_io.write(_doc()))
    assert wb.sheetnames == ["汇总", "部门整体目标", "项目", "绩效指标"]  # 汇总 first, for print
    projects, indicators = wb["项目"], wb["绩效指标"]
    header = [c.value for c in projects[1]]
    assert tuple(header[: len(PROJECT_COLUMNS)]) == PROJECT_COLUMNS
    header = [c.value for c in indicators[1]]
    assert tuple(header[: len(INDICATOR_COLUMNS)]) == INDICATOR_COLUMNS
    for ws in wb:
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold for c in ws[1])
    assert projects.column_dimensions["C"].width >= 20  # 项目名称 is wide
    assert projects.column_dimensions["N"].hidden  # 项目ID


def test_amounts_are_numbers_showing_the_written_decimals():
    ws = _workbook(xlsx_io.write(_doc()))["项目"]
    budget, fiscal, other = ws["D2"], ws["E2"], ws["F2"]
    assert budget.value == 11 and budget.number_format == "0.00"
    assert fiscal.value == 11 and fiscal.number_format == "0"
    assert other.value == 0.5 and other.number_format == "0.0"
    assert ws["H2"].value is None  # blank stays blank, not 0


def test_text_starting_with_equals_is_text_not_a_formula():
    ws = _workbook(xlsx_io.write(_doc()))["绩效指标"]
    assert ws["G2"].value == "=3人" and ws["G2"].data_type == "s"


def test_document_sheet_holds_the_header_and_part1():
    sample = sample_document()
    ws = _workbook(xlsx_io.write(sample))["部门整体目标"]
    rows = {r[0].value: r[1].value for r in ws.iter_rows(min_row=2)}
    assert rows["预算单位编码"] == "903001" and rows["预算年度"] == 2023
    labels = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert labels.count("分项绩效目标") == len(sample.part1.items) == 6


def test_sample_round_trips_whole_through_a_file(tmp_path):
    sample = sample_document()
    path = tmp_path / "sample.xlsx"
    path.write_bytes(xlsx_io.write(sample))
    result = _read(path.read_bytes())
    assert not result.partial
    assert result.documents[0] == sample  # ids included: they ride in hidden columns


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(later=True))
def test_random_documents_round_trip_unchanged(doc):
    """Every field, the phase, the scoring settings and the 运行监控 / 绩效自评 fields too."""
    assert _read(xlsx_io.write(doc)).documents[0] == doc


@settings(max_examples=100, deadline=None)
@given(st.lists(amounts(), min_size=1, max_size=7))
def test_amount_text_survives_excel_cells(values):
    """11.00 vs 11 vs 11.5: numeric cells whose format restores the decimals as written."""
    values = (values + [None] * 7)[:7]
    doc = Document(
        dept_code="1", year=2023, projects=[Project(code="P", budget=values[0], fiscal=values[1])]
    )
    doc.projects[0].other = values[2]
    doc.projects[0].plan.mar, doc.projects[0].plan.jun = values[3], values[4]
    doc.projects[0].indicators = [Indicator(score_weight=values[5])]
    back = _read(xlsx_io.write(doc)).documents[0].projects[0]
    got = [
        back.budget,
        back.fiscal,
        back.other,
        back.plan.mar,
        back.plan.jun,
        back.indicators[0].score_weight,
    ]
    assert [format_amount(v) for v in got] == [format_amount(v) for v in values[:6]]


@pytest.mark.parametrize(
    ("value", "number_format", "expected"),
    [
        (11, "0.00", "11.00"),
        (11.5, "0.00", "11.50"),
        (11.5, "0", "11.5"),  # the format rounds for display only: the value is kept
        (11.25, "General", "11.25"),
        (1100, "#,##0.00_ ", "1100.00"),
        (0.30000000000000004, "General", "0.3"),
        (0.95, "0%", "95%"),
        (3, "0.0;[Red]-0.0", "3.0"),
    ],
)
def test_number_cells_as_text(value, number_format, expected):
    assert xlsx_io.number_text(value, number_format) == expected


def test_without_the_document_sheet_the_workbook_is_partial(tmp_path):
    sample = sample_document()
    wb = _workbook(xlsx_io.write(sample))
    del wb["部门整体目标"]
    out = io.BytesIO()
    wb.save(out)
    result = _read(out.getvalue())
    assert (
        result.partial
        and {"budget", "indicators.value", "indicators.score_weight"} <= result.partial_fields
    )
    merged = merge_document(
        blank_table_fields(sample), result.documents[0], partial_fields=result.partial_fields
    )
    assert merged == sample


def test_edited_cells_come_back():
    wb = _workbook(xlsx_io.write(_doc()))
    wb["项目"]["D2"] = 12.5  # typed as a number in Excel, format still 0.00
    wb["绩效指标"]["G3"] = "≥98%"
    wb["绩效指标"].append(["P1", "项目一", "产出指标", "时效指标", "完成时间", "", "12月底前", ""])
    out = io.BytesIO()
    wb.save(out)
    doc = _read(out.getvalue()).documents[0]
    project = doc.projects[0]
    assert str(project.budget) == "12.50"
    assert [i.value for i in project.indicators] == ["=3人", "≥98%", "12月底前"]
    assert project.indicators[2].id  # a full document gives new rows ids


def test_only_selected_projects():
    doc = _doc()
    doc.projects.append(Project(code="P2", name="二"))
    back = _read(xlsx_io.write(doc, options=ExportOptions(projects=["P2"]))).documents[0]
    assert [p.code for p in back.projects] == ["P2"]


# --- bad input ----------------------------------------------------------------------------------


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _errors(data: bytes) -> list[str]:
    return [str(p) for p in xlsx_io.read(data, source="改.xlsx", options=ImportOptions()).errors]


def test_bad_amounts_name_sheet_row_and_column():
    wb = _workbook(xlsx_io.write(_doc()))
    wb["项目"]["D2"] = "十一万"
    wb["项目"]["E2"] = "1,1.00"
    wb["绩效指标"]["K3"] = "很重"
    errors = _errors(_save(wb))
    assert len(errors) == 3
    assert errors[0].startswith("工作表“项目”第 2 行 D 列（预算数）") and "十一万" in errors[0]
    assert errors[1].startswith("工作表“项目”第 2 行 E 列（财政资金）")
    assert errors[2].startswith("工作表“绩效指标”第 3 行 K 列（权重）")


def test_missing_header_and_unknown_project():
    wb = _workbook(xlsx_io.write(_doc()))
    wb["项目"]["D1"] = "预算"
    errors = _errors(_save(wb))
    assert any("工作表“项目”" in e and "缺少列：预算数" in e for e in errors)
    wb = _workbook(xlsx_io.write(_doc()))
    wb["绩效指标"]["A3"] = "P9"
    errors = _errors(_save(wb))
    assert any("项目编码 P9 不在“项目”工作表中" in e for e in errors)


def test_duplicate_codes_and_bad_document_fields():
    wb = _workbook(xlsx_io.write(_doc()))
    wb["项目"].append([2, "P1", "重复"])
    wb["部门整体目标"]["B4"] = "二〇二三"
    wb["部门整体目标"].append(["备注栏", "x"])
    errors = _errors(_save(wb))
    assert any("项目编码 P1 重复" in e for e in errors)
    assert any("第 4 行 B 列（预算年度）" in e for e in errors)
    assert any("不认识的栏目“备注栏”" in e for e in errors)


def test_not_a_workbook_or_a_foreign_one():
    with pytest.raises(JixiaoError, match="不是 Excel"):
        xlsx_io.read(b"a,b\n", source="x.xlsx", options=ImportOptions())
    with pytest.raises(JixiaoError, match="文件已损坏"):
        xlsx_io.read(b"PK\x03\x04broken", source="x.xlsx", options=ImportOptions())
    wb = openpyxl.Workbook()
    with pytest.raises(JixiaoError, match="找不到工作表"):
        xlsx_io.read(_save(wb), source="x.xlsx", options=ImportOptions())


def test_control_characters_excel_cannot_store_are_dropped_not_refused():
    doc = _doc()
    doc.projects[0].purpose = "用途\x07\x1b[2J"
    back = xlsx_io.read(xlsx_io.write(doc), source="x.xlsx", options=ImportOptions())
    assert back.documents[0].projects[0].purpose == "用途[2J"  # as an import would clean it


# --- the 运行监控 and 绩效自评 columns, 阶段 and 评分设置 --------------------------------------------


def _headers(doc: Document) -> tuple[list[str], list[str]]:
    wb = _workbook(xlsx_io.write(doc))
    return [c.value for c in wb["项目"][1]], [c.value for c in wb["绩效指标"][1]]


def test_a_phase_adds_its_columns_before_the_hidden_ones():
    doc = _doc()
    projects, indicators = _headers(doc)
    assert projects[len(PROJECT_COLUMNS) :] == ["扩展字段", "项目ID"]
    targets = ["上年指标值", "计算公式", "权重"]  # always, as before
    assert indicators[len(INDICATOR_COLUMNS) :] == [*targets, "扩展字段", "指标ID"]
    doc.phase = Phase.MONITOR
    projects, indicators = _headers(doc)
    assert projects[len(PROJECT_COLUMNS) :] == [
        "全年预算数",
        "截至当期执行数",
        "年度总体目标完成情况",
        "扩展字段",
        "项目ID",
    ]
    assert indicators[len(INDICATOR_COLUMNS) :] == [
        *targets,
        "截至当期实际完成值",
        "全年预计完成值",
        "偏差原因",
        "完成目标可能性",
        "扩展字段",
        "指标ID",
    ]
    doc.phase = Phase.EVALUATE
    _, indicators = _headers(doc)
    assert indicators[len(INDICATOR_COLUMNS) + 3 :] == [
        "实际完成值",
        "完成程度",
        "得分",
        "偏差原因分析及改进措施",
        "扩展字段",
        "指标ID",
    ]


def test_phase_and_scoring_ride_in_the_document_sheet():
    doc = _doc()
    doc.phase = Phase.EVALUATE
    doc.scoring.weights["产出指标"] = Decimal("60")
    doc.scoring.weights["效益指标"] = Decimal("20")
    ws = _workbook(xlsx_io.write(doc))["部门整体目标"]
    rows = {r[0].value: r[1].value for r in ws.iter_rows(min_row=2)}
    assert rows["阶段"] == "自评"
    assert (
        rows["评分设置"]
        == "产出指标 60；效益指标 20；满意度指标 10；预算执行率 10｜优 90；良 80；中 60"
    )
    back = _read(xlsx_io.write(doc)).documents[0]
    assert back.phase is Phase.EVALUATE and back.scoring == doc.scoring


def test_phase_and_scoring_as_typed_in_excel():
    wb = _workbook(xlsx_io.write(_doc()))
    ws = wb["部门整体目标"]
    labels = [r[0].value for r in ws.iter_rows()]
    ws.cell(labels.index("阶段") + 1, 2).value = "绩效监控"  # a longer name of 监控
    ws.cell(labels.index("评分设置") + 1, 2).value = None  # blank: the default
    back = _read(_save(wb)).documents[0]
    assert back.phase is Phase.MONITOR and back.scoring.is_default
    ws.cell(labels.index("阶段") + 1, 2).value = "年中"
    ws.cell(labels.index("评分设置") + 1, 2).value = "产出指标 五十"
    errors = _errors(_save(wb))
    assert len(errors) == 2
    assert "（阶段）" in errors[0] and "阶段应为“目标”“监控”或“自评”，现为“年中”" in errors[0]
    assert "（评分设置）" in errors[1] and "应为“一级指标 分值；…｜等级 分数线；…”" in errors[1]


def test_actuals_typed_into_the_workbook_come_back():
    doc = _doc()
    doc.phase = Phase.EVALUATE
    wb = _workbook(xlsx_io.write(doc))
    ws = wb["绩效指标"]
    column = {c.value: c.column for c in ws[1]}
    ws.cell(2, column["实际完成值"]).value = "3人"
    ws.cell(3, column["实际完成值"]).value = "96%"
    ws.cell(3, column["完成程度"]).value = "部分达成"
    ws.cell(3, column["得分"]).value = 7.5  # typed as a number
    ws.cell(3, column["偏差原因分析及改进措施"]).value = "样本偏少"
    back = _read(_save(wb)).documents[0]
    first, second = back.projects[0].indicators
    assert (first.actual, second.actual, second.achievement) == ("3人", "96%", "部分达成")
    assert str(second.score) == "7.5" and second.deviation == "样本偏少"
    assert [i.id for i in back.projects[0].indicators] == [i.id for i in doc.projects[0].indicators]


def test_choice_columns_offer_their_words_as_a_drop_down():
    doc = _doc()
    doc.phase = Phase.MONITOR
    ws = _workbook(xlsx_io.write(doc))["绩效指标"]
    column = {c.value: c.column_letter for c in ws[1]}
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert lists == {
        f"{column['偏差原因']}2:{column['偏差原因']}3": '"经费保障,制度保障,人员保障,硬件条件保障,其他"',
        f"{column['完成目标可能性']}2:{column['完成目标可能性']}3": '"确定能,有可能,完全不可能"',
    }
    assert all(v.allow_blank for v in ws.data_validations.dataValidation)
    doc.phase = Phase.TARGET
    assert not _workbook(xlsx_io.write(doc))["绩效指标"].data_validations.dataValidation
