"""CSV: both tables out and back in, encodings, and every kind of bad input with its place."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings

from exporters import csv_io
from exporters.base import ExportOptions, ImportOptions
from exporters.tables import INDICATOR_COLUMNS, PROJECT_COLUMNS
from model import Document, Indicator, JixiaoError, Phase, Project, parse_amount
from model.fields import WORD_INDICATOR_FIELDS
from model.merge import merge_document
from tests.doc_strategies import blank_table_fields, documents, sample_document


def _read(data: bytes, **options) -> tuple[Document, object]:
    result = csv_io.read(data, source="t.csv", options=ImportOptions(**options))
    assert not result.errors, [str(p) for p in result.errors]
    return result.documents[0], result


def _merge_tables(base: Document, doc: Document, **export) -> Document:
    """Export both tables of doc and merge them into base, as `jixiao import --merge` does."""
    for table in ("projects", "indicators"):
        data = csv_io.write(doc, options=ExportOptions(table=table, **export))
        incoming, result = _read(data)
        assert result.partial
        base = merge_document(base, incoming, partial_fields=result.partial_fields)
    return base


def _doc() -> Document:
    return Document(
        dept_code="903001",
        dept_name="测试单位",
        year=2023,
        projects=[
            Project(
                code="13052923P00584011574U",
                name="“凤还巢”大学生村干部工资及保险",
                budget=parse_amount("11.00"),
                fiscal=parse_amount("11.00"),
                goals=["1.提高干事热情。", "2.稳定队伍。"],
                indicators=[
                    Indicator(
                        "产出指标", "数量指标", "发放人数", '发放人数,含"引号"', "≤3人", "名单"
                    ),
                    Indicator(
                        "满意度指标", "服务对象满意度指标", "满意度", "多行\n描述", "≥95%", "问卷"
                    ),
                ],
            ),
            Project(code="P2", name="第二个项目", budget=parse_amount("5")),
        ],
    )


# --- writing ------------------------------------------------------------------------------------


def test_indicator_table_has_the_issue_columns_and_one_row_per_indicator():
    data = csv_io.write(_doc())
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Chinese Windows reads UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == INDICATOR_COLUMNS
    assert rows[1] == [
        "13052923P00584011574U",
        "“凤还巢”大学生村干部工资及保险",
        "产出指标",
        "数量指标",
        "发放人数",
        '发放人数,含"引号"',
        "≤3人",
        "名单",
    ]
    assert rows[2][5] == "多行\n描述"
    assert len(rows) == 3  # P2 has no indicators


def test_project_table_joins_goal_lines_and_keeps_decimals():
    data = csv_io.write(_doc(), options=ExportOptions(table="projects"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == PROJECT_COLUMNS
    assert rows[1][:4] == ["1", "13052923P00584011574U", "“凤还巢”大学生村干部工资及保险", "11.00"]
    assert rows[1][-1] == "1.提高干事热情。\n2.稳定队伍。"
    assert rows[2][3] == "5" and rows[2][4] == ""  # blank stays blank, not 0


def test_only_selected_projects_are_written():
    data = csv_io.write(_doc(), options=ExportOptions(table="projects", projects=["P2"]))
    assert data.decode("utf-8-sig").count("\r\n") == 2
    with pytest.raises(JixiaoError, match="没有项目编码 NOPE"):
        csv_io.write(_doc(), options=ExportOptions(projects=["NOPE"]))


def test_gbk_on_request_and_back():
    data = csv_io.write(_doc(), options=ExportOptions(encoding="gbk"))
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("gbk")  # really GBK
    doc, result = _read(data)
    assert doc.projects[0].indicators[0].value == "≤3人"
    assert any("GB18030" in note for note in result.notes)


def test_gbk_names_the_characters_it_cannot_encode():
    doc = _doc()
    doc.projects[0].indicators[1].description = "满意度😀调查"
    with pytest.raises(JixiaoError) as info:
        csv_io.write(doc, options=ExportOptions(encoding="gbk"))
    message = str(info.value)
    assert "😀" in message and "第 3 行 绩效指标描述" in message and "UTF-8" in message


def test_unknown_table_and_encoding_are_refused():
    with pytest.raises(JixiaoError, match="indicators"):
        csv_io.write(_doc(), options=ExportOptions(table="goals"))
    with pytest.raises(JixiaoError, match="不支持的编码"):
        csv_io.write(_doc(), options=ExportOptions(encoding="latin-1"))


# --- reading back -------------------------------------------------------------------------------


def test_indicator_table_reads_as_partial_projects_without_ids():
    doc, result = _read(csv_io.write(_doc()))
    assert result.partial and "indicators.value" in result.partial_fields
    assert "budget" not in result.partial_fields
    project = doc.projects[0]
    assert project.id == "" and [i.id for i in project.indicators] == ["", ""]
    assert [i.value for i in project.indicators] == ["≤3人", "≥95%"]
    assert doc.dept_code == "" and doc.year == 0  # the CLI applies it to the target document


def test_dept_and_year_from_options():
    doc, _ = _read(csv_io.write(_doc()), dept="903001", year=2023)
    assert doc.key == "903001/2023"


def test_table_is_detected_from_the_header():
    _, result = _read(csv_io.write(_doc(), options=ExportOptions(table="projects")))
    assert "budget" in result.partial_fields


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_reads_utf8_with_and_without_bom_and_gb18030(encoding):
    text = csv_io.write(_doc()).decode("utf-8-sig")
    doc, _ = _read(text.encode(encoding))
    assert doc.projects[0].name == "“凤还巢”大学生村干部工资及保险"


def test_tab_separated_and_lf_only_files_are_read():
    text = csv_io.write(_doc()).decode("utf-8-sig").replace("\r\n", "\n")
    doc, _ = _read(text.encode())
    assert doc.projects[0].indicators[1].description == "多行\n描述"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter="\t").writerows(rows)
    doc, _ = _read(out.getvalue().encode())
    assert doc.projects[0].indicators[0].name == "发放人数"


def test_spreadsheet_line_breaks_in_cells_become_newlines():
    data = "项目编码,项目名称,一级指标,二级指标,三级指标,绩效指标描述,指标值,指标值确定依据\r\n"
    data += 'P1,名称,产出指标,数量指标,人数,"第一行\r\n第二行",≥1人,依据\r\n'
    doc, _ = _read(data.encode())
    assert doc.projects[0].indicators[0].description == "第一行\n第二行"


def test_sample_round_trip_through_both_tables(tmp_path):
    sample = sample_document()
    for table in ("projects", "indicators"):
        path = tmp_path / f"{table}.csv"
        path.write_bytes(csv_io.write(sample, options=ExportOptions(table=table)))
        csv_io.read(path.read_bytes(), source=str(path), options=ImportOptions())
    merged = _merge_tables(blank_table_fields(sample), sample)
    assert merged == sample  # ids of the stored document kept, every field back as written


def test_sample_round_trip_in_gbk():
    sample = sample_document()
    assert _merge_tables(blank_table_fields(sample), sample, encoding="gbk") == sample


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(later=True))
def test_random_documents_round_trip_through_both_tables(doc):
    """Every field the tables hold comes back, the 运行监控 and 绩效自评 ones included
    (blank_table_fields blanks them in the stored document first)."""
    assert _merge_tables(blank_table_fields(doc), doc) == doc


# --- bad input ----------------------------------------------------------------------------------


def _problems(data: bytes | str, **options) -> list[str]:
    if isinstance(data, str):
        data = data.encode("utf-8")
    result = csv_io.read(data, source="改.csv", options=ImportOptions(**options))
    return [str(p) for p in result.errors]


_PROJECT_HEADER = ",".join(PROJECT_COLUMNS) + "\n"


def test_bad_amounts_are_reported_with_file_row_and_column():
    data = _PROJECT_HEADER + '1,P1,甲,十一万,,,用途,,,,,\n2,P2,乙,11.00,"1,1.00",,用途,,,,,\n'
    problems = _problems(data)
    assert len(problems) == 2  # every error at once, not only the first
    assert problems[0].startswith("第 2 行 第 4 列（预算数）")
    assert "十一万" in problems[0] and "不是数字" in problems[0]
    assert problems[1].startswith("第 3 行 第 5 列（财政资金）") and "1,1.00" in problems[1]


def test_thousands_separators_written_correctly_are_amounts():
    data = _PROJECT_HEADER + '1,P1,甲,"1,100.00",,,用途,,,,,\n'
    doc, _ = _read(data.encode())
    assert str(doc.projects[0].budget) == "1100.00"


def test_missing_headers_are_named():
    data = "项目编码,项目名称,一级指标,三级指标,指标值\nP1,甲,产出指标,人数,1人\n"
    problems = _problems(data)
    assert len(problems) == 1
    assert "第 1 行（表头）" in problems[0]
    assert "缺少列：二级指标、绩效指标描述、指标值确定依据" in problems[0]


def test_a_file_that_is_no_table_names_what_is_expected():
    problems = _problems("姓名,年龄\n张三,30\n")
    assert "缺少列" in problems[0] and "--table" in problems[0]


def test_wrong_table_option_names_the_missing_columns():
    data = csv_io.write(_doc())
    problems = _problems(data, table="projects")
    assert "预算数" in problems[0]


def test_unknown_columns_are_a_warning_only():
    text = csv_io.write(_doc()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows[0].append("备注")
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    result = csv_io.read(out.getvalue().encode(), source="t.csv", options=ImportOptions())
    assert not result.errors
    assert any("备注" in str(p) and p.severity == "warning" for p in result.problems)


def test_repeated_column_is_an_error():
    header = ",".join(INDICATOR_COLUMNS) + ",指标值\n"
    assert any("出现了两次" in p for p in _problems(header))


def test_duplicate_project_codes_in_the_project_table():
    data = _PROJECT_HEADER + "1,P1,甲,1,,,,,,,,\n2,P1,乙,2,,,,,,,,\n"
    problems = _problems(data)
    assert problems == [
        "第 3 行 第 2 列（项目编码）：项目编码 P1 重复（第 2 行已有），每个项目只能有一行"
    ]


def test_blank_project_code_and_inconsistent_names_in_the_indicator_table():
    header = ",".join(INDICATOR_COLUMNS) + "\n"
    data = header + ",甲,产出指标,数量指标,人数,,1人,\nP1,甲,,,,,,\nP1,乙,,,,,,\n"
    problems = _problems(data)
    assert "第 2 行 第 1 列（项目编码）" in problems[0] and "为空" in problems[0]
    assert "第 4 行 第 2 列（项目名称）" in problems[1] and "第 3 行" in problems[1]


def test_blank_rows_are_skipped():
    header = ",".join(INDICATOR_COLUMNS) + "\n"
    doc, _ = _read((header + ",,,,,,,\nP1,甲,,,人数,,1人,\n,,,,,,,\n").encode())
    assert len(doc.projects) == 1 and len(doc.projects[0].indicators) == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("项目编码".encode("utf-16"), "UTF-16"),
        ("项目编码".encode() + b"\xff\xff", "编码无法识别"),
        (b"PK\x03\x04rest", "--format xlsx"),
        (b"a\x00b", "空字符"),
        (b"", "空"),
        (b"\xef\xbb\xbf \r\n", "空"),
    ],
)
def test_unexpected_encodings_and_files_are_clear_errors(data, expected):
    with pytest.raises(JixiaoError, match=expected) as info:
        csv_io.read(data, source="x.csv", options=ImportOptions())
    assert str(info.value).startswith("x.csv：")


def test_a_forced_encoding_that_does_not_fit_names_the_line():
    data = ("code\n" + "甲").encode("gbk")
    with pytest.raises(JixiaoError, match="第 2 行不是有效的 UTF-8 编码"):
        csv_io.read(data, source="x.csv", options=ImportOptions(encoding="utf-8"))


def test_garbled_gb18030_reading_says_so():
    # Big5 text decodes as GB18030 to nonsense: the header check says how it was read.
    data = ",".join(INDICATOR_COLUMNS).encode("big5", errors="ignore") + b"\n"
    problems = _problems(data)
    assert any("GB18030" in p for p in problems)


# --- the columns (from model.fields) ------------------------------------------------------------


def test_columns_are_those_the_files_have_always_had():
    # The Word table's labels (pinned in tests/model/test_fields.py) after the project's.
    assert INDICATOR_COLUMNS == ("项目编码", "项目名称", *(f.label for f in WORD_INDICATOR_FIELDS))
    assert PROJECT_COLUMNS == (
        "序号",
        "项目编码",
        "项目名称",
        "预算数",
        "财政资金",
        "其他资金",
        "资金用途",
        "3月底",
        "6月底",
        "10月底",
        "12月底",
        "绩效目标",
    )


def test_fields_outside_the_word_table_are_written_when_used_and_read_back():
    doc = _doc()
    assert "权重" not in csv_io.write(doc).decode("utf-8-sig").split("\r\n", 1)[0]
    doc.projects[0].indicators[1].score_weight = parse_amount("10.0")
    doc.projects[0].indicators[0].formula = "发放人数/应发人数"
    header, first, second = csv_io.write(doc).decode("utf-8-sig").split("\r\n")[:3]
    assert header == ",".join((*INDICATOR_COLUMNS, "计算公式", "权重"))  # 上年指标值 unused
    assert first.endswith(",发放人数/应发人数,") and second.endswith(",,10.0")
    incoming, result = _read(csv_io.write(doc))
    assert {"indicators.formula", "indicators.score_weight"} <= result.partial_fields
    assert "indicators.previous_value" not in result.partial_fields
    base = _doc()
    base.projects[0].indicators[0].previous_value = "3人"  # no column: kept
    merged = merge_document(base, incoming, partial_fields=result.partial_fields)
    inds = merged.projects[0].indicators
    assert inds[1].score_weight == parse_amount("10.0") and str(inds[1].score_weight) == "10.0"
    assert inds[0].formula == "发放人数/应发人数" and inds[0].previous_value == "3人"


def test_headings_of_local_forms_are_read_as_their_columns():
    header = "项目编码,项目名称,一级,二级,指标名称,指标解释,目标值,指标值设定依据,分值\n"
    doc, result = _read((header + "P1,项目,产出指标,数量指标,人数,说明,≥3人,计划,5\n").encode())
    ind = doc.projects[0].indicators[0]
    assert (ind.name, ind.description, ind.value, ind.basis) == ("人数", "说明", "≥3人", "计划")
    assert str(ind.score_weight) == "5" and "indicators.score_weight" in result.partial_fields
    header = "序号,项目编码,项目名称,预算金额,其中:财政拨款,其他资金,资金用途"
    header += ",3月底,6月底,10月底,12月底,年度绩效目标\n"
    doc, _ = _read((header + "1,P1,项目,11.00,10,1,用途,,,,11,目标\n").encode())
    project = doc.projects[0]
    assert (str(project.budget), str(project.fiscal), project.goals) == ("11.00", "10", ["目标"])


# --- the 运行监控 and 绩效自评 columns -----------------------------------------------------------

MONITOR_INDICATOR = ("截至当期实际完成值", "全年预计完成值", "偏差原因", "完成目标可能性")
EVALUATE_INDICATOR = ("权重", "实际完成值", "完成程度", "得分", "偏差原因分析及改进措施")


def _header(doc: Document, table: str) -> tuple[str, ...]:
    data = csv_io.write(doc, options=ExportOptions(table=table))
    return tuple(next(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))))


@pytest.mark.parametrize(
    ("phase", "indicators", "projects"),
    [
        ("target", (), ()),
        ("monitor", MONITOR_INDICATOR, ("全年预算数", "截至当期执行数", "年度总体目标完成情况")),
        ("evaluate", EVALUATE_INDICATOR, ("全年预算数", "全年执行数", "年度总体目标完成情况")),
    ],
)
def test_a_phase_writes_its_table_columns_even_when_blank(phase, indicators, projects):
    """So a unit can export, fill in the actuals in a spreadsheet, and import them back."""
    doc = _doc()
    doc.phase = Phase(phase)
    assert _header(doc, "indicators") == (*INDICATOR_COLUMNS, *indicators)
    assert _header(doc, "projects") == (*PROJECT_COLUMNS, *projects)


def test_a_filled_later_field_is_written_whatever_the_phase():
    doc = _doc()
    doc.projects[0].indicators[1].actual = "96%"
    doc.projects[1].executed_to_date = parse_amount("2.50")
    assert _header(doc, "indicators") == (*INDICATOR_COLUMNS, "实际完成值")
    assert _header(doc, "projects") == (*PROJECT_COLUMNS, "截至当期执行数")


def _fill(data: bytes, cells: dict[tuple[int, str], str]) -> bytes:
    """The exported CSV with some cells typed in, as a spreadsheet would save it."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for (row, column), text in cells.items():
        rows[row][rows[0].index(column)] = text
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_actuals_filled_in_a_spreadsheet_are_read_back_with_their_words_and_numbers():
    doc = _doc()
    doc.phase = Phase.EVALUATE
    data = _fill(
        csv_io.write(doc),
        {
            (1, "实际完成值"): "3人",
            (1, "权重"): "40",
            (1, "得分"): "40.00",
            (2, "实际完成值"): "92%",
            (2, "完成程度"): "部分达成",
            (2, "得分"): "7.5",
            (2, "偏差原因分析及改进措施"): "调查样本偏少，\n下年扩大调查。",
        },
    )
    incoming, result = _read(data)
    assert {
        "indicators.actual",
        "indicators.achievement",
        "indicators.score",
        "indicators.deviation",
        "indicators.score_weight",
    } <= result.partial_fields
    first, second = incoming.projects[0].indicators
    assert (first.actual, str(first.score_weight), str(first.score)) == ("3人", "40", "40.00")
    assert (second.actual, second.achievement, str(second.score)) == ("92%", "部分达成", "7.5")
    assert second.deviation == "调查样本偏少，\n下年扩大调查。"


def test_monitoring_words_are_read_back_and_a_wrong_word_is_named():
    doc = _doc()
    doc.phase = Phase.MONITOR
    data = csv_io.write(doc)
    filled = _fill(data, {(1, "偏差原因"): "经费保障", (1, "完成目标可能性"): "有可能"})
    ind = _read(filled)[0].projects[0].indicators[0]
    assert (ind.deviation_cause, ind.likelihood) == ("经费保障", "有可能")
    wrong = _fill(data, {(2, "完成目标可能性"): "差不多"})
    problems = [str(p) for p in csv_io.read(wrong, source="改.csv").errors]
    assert problems == [
        "第 3 行 第 12 列（完成目标可能性）："
        "完成目标可能性应为以下之一：确定能、有可能、完全不可能；现为“差不多”"
    ]


def test_a_bad_score_is_named_with_its_place():
    doc = _doc()
    doc.phase = Phase.EVALUATE
    bad = _fill(csv_io.write(doc), {(2, "得分"): "八分"})
    problems = [str(p) for p in csv_io.read(bad, source="改.csv").errors]
    assert len(problems) == 1 and problems[0].startswith("第 3 行 第 12 列（得分）：得分“八分”")


def test_importing_the_filled_table_into_the_stored_document_merges_the_actuals(tmp_path):
    """`jixiao import --merge DOC 指标.csv`: the actuals land, the targets stay."""
    from service import imports
    from storage import Store

    store = Store.create(tmp_path / "db.json")
    doc = _doc()
    doc.phase = Phase.EVALUATE
    store.save(doc, 0)
    exported = csv_io.write(doc, options=ExportOptions())
    filled = _fill(
        exported,
        {
            (1, "实际完成值"): "3人",
            (2, "实际完成值"): "93%",
            (2, "偏差原因分析及改进措施"): "个别群众不满意",
        },
    )
    options = ImportOptions(dept="903001", year=2023)
    result = imports.parse(filled, "csv", source="指标.csv", options=options)
    (planned,) = imports.plan_import(
        store, result, source="指标.csv", options=options, mode="merge"
    )
    assert planned.outcome.action == "合并"
    imports.save_planned(store, [planned])
    stored = store.load("903001/2023")[0]
    first, second = stored.projects[0].indicators
    assert (first.actual, second.actual, second.deviation) == ("3人", "93%", "个别群众不满意")
    assert (first.value, second.value) == ("≤3人", "≥95%")  # the targets untouched
    assert [i.id for i in stored.projects[0].indicators] == [
        i.id for i in doc.projects[0].indicators
    ]
    assert stored.phase is Phase.EVALUATE
