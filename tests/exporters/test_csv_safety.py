"""CSV written safely (formula cells neutralised, OWASP) and read within bounds, each refusal one
line naming the file and the row."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exporters import csv_io, limits, zipguard
from exporters.base import ExportOptions, ImportOptions
from exporters.tables import INDICATOR_COLUMNS
from model import Document, JixiaoError
from model.merge import merge_document
from tests.doc_strategies import blank_table_fields, sample_document

SOURCE = "坏.csv"
HEADER = ",".join(INDICATOR_COLUMNS)
ROW = "P1,项目,产出指标,数量指标,人数,描述,≥3人,依据"

TRICKY = [
    "=1+1",
    '=HYPERLINK("http://x","点我")',
    "+86-311",
    "-5",
    "@SUM(A1:A9)",
    "\tTAB",
    "\r开头回车",
    "'=已经带引号",
    "''=两个引号",
    "'普通引号",
    "'",
    "≥90%",
    "=",
]


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _doc_with_values(values: list[str]) -> Document:
    doc = sample_document()
    indicators = [i for p in doc.projects for i in p.indicators]
    for indicator, value in zip(indicators, values, strict=False):
        indicator.value = value
        indicator.basis = value
    doc.projects[0].name = "=cmd|' /C calc'!A0"
    return doc


def test_formula_cells_are_neutralised_on_export():
    data = csv_io.write(_doc_with_values(TRICKY))
    written = {cell for row in _cells(data) for cell in row}
    for value in TRICKY:
        if value.lstrip("'").startswith(("=", "+", "-", "@", "\t", "\r")):
            assert "'" + value in written, value
            assert value not in written or value.startswith("'"), value
        else:
            assert value in written, value
    # Nothing a spreadsheet would run is left in any cell.
    assert not [c for c in written if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_neutralised_cells_come_back_unchanged():
    # (A cell's carriage return is a spreadsheet's line break: read as a newline, by design.)
    doc = _doc_with_values([v for v in TRICKY if "\r" not in v])
    merged = blank_table_fields(doc)
    for table in ("projects", "indicators"):
        result = csv_io.read(
            csv_io.write(doc, options=ExportOptions(table=table)),
            source=SOURCE,
            options=ImportOptions(),
        )
        assert not result.errors
        merged = merge_document(merged, result.documents[0], partial_fields=result.partial_fields)
    assert merged == doc


@given(st.text(alphabet="'=+-@\t\rA1", max_size=8))
def test_neutralise_and_restore_are_inverse(text):
    assert csv_io.restore(csv_io.neutralise(text)) == text
    assert not csv_io.neutralise(text).startswith(csv_io.FORMULA_TRIGGERS)


def test_a_hand_written_apostrophe_before_a_trigger_is_read_as_the_formula_text():
    data = f"{HEADER}\r\nP1,项目,产出指标,数量指标,人数,描述,'-5,'=依据\r\n".encode()
    indicator = csv_io.read(data, source=SOURCE, options=ImportOptions()).documents[0]
    assert (
        indicator.projects[0].indicators[0].value,
        indicator.projects[0].indicators[0].basis,
    ) == (
        "-5",
        "=依据",
    )


# --- bounds ---------------------------------------------------------------------------------------


def _refused(data: bytes) -> str:
    with pytest.raises(JixiaoError) as info:
        csv_io.read(data, source=SOURCE, options=ImportOptions())
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{SOURCE}：")
    return message


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(zipguard, "MAX_FILE_BYTES", 100)
    assert "超过上限" in _refused(f"{HEADER}\r\n{ROW}\r\n{ROW}\r\n".encode())


def test_rows_over_the_limit_are_refused_naming_the_row(monkeypatch):
    monkeypatch.setattr(csv_io, "MAX_ROWS", 3)
    csv_io.read("\r\n".join([HEADER, ROW, ROW, ROW]).encode(), source=SOURCE)
    message = _refused("\r\n".join([HEADER, ROW, ROW, ROW, ROW]).encode())
    assert "第 5 行：行数过多，超过上限 3 行" in message


def test_columns_over_the_limit_are_refused_naming_the_row():
    wide = ROW + "," * limits.MAX_COLUMNS
    message = _refused(f"{HEADER}\r\n{ROW}\r\n{wide}\r\n".encode())
    assert f"第 3 行：有 {limits.MAX_COLUMNS + 8} 列，超过上限 {limits.MAX_COLUMNS} 列" in message


def test_a_field_over_the_limit_is_refused_and_the_csv_module_limit_is_put_back():
    before = csv.field_size_limit()
    huge = "长" * (limits.MAX_CELL_CHARS + 1)
    message = _refused(
        f"{HEADER}\r\n{ROW}\r\nP1,项目,产出指标,数量指标,人数,{huge},1,2\r\n".encode()
    )
    assert f"第 3 行：有一格文字过长，超过上限 {limits.MAX_CELL_CHARS} 字" in message
    assert csv.field_size_limit() == before
    # A field just at the limit is read.
    fits = "长" * limits.MAX_CELL_CHARS
    data = f"{HEADER}\r\nP1,项目,产出指标,数量指标,人数,{fits},1,2\r\n".encode()
    doc = csv_io.read(data, source=SOURCE).documents[0]
    assert doc.projects[0].indicators[0].description == fits


def test_an_unbalanced_quote_runs_into_the_field_limit_not_the_memory():
    data = f'{HEADER}\r\n{ROW}\r\nP1,"项目,{"x," * limits.MAX_CELL_CHARS}\r\n'.encode()
    assert "第 3 行" in _refused(data)


def test_nul_bytes_name_their_row():
    assert "第 3 行含有空字符" in _refused(f"{HEADER}\r\n{ROW}\r\nP1,\x00\r\n".encode())


def test_undecodable_bytes_name_their_row():
    data = f"{HEADER}\r\n{ROW}\r\n".encode() + b"P1,\xff\xfe\xff\r\n"
    assert "第 3 行起文件编码无法识别" in _refused(data)


@pytest.mark.parametrize("data", ["\x1c", " ,\x1f\r\n\x1d", '""\r\n'])
def test_a_file_of_blank_records_only_is_empty(data):
    assert "文件是空的" in _refused(data.encode())


def test_a_project_with_more_indicator_rows_than_the_limit_is_refused_at_that_row() -> None:
    """Found by the fuzz run: 57,000 rows of one project read and merged for ten seconds."""
    from exporters import csv_io
    from exporters.base import ImportOptions
    from exporters.limits import MAX_INDICATORS

    header = "项目编码,项目名称,一级指标,二级指标,三级指标,绩效指标描述,指标值,指标值确定依据\n"
    row = "P1,道路,产出指标,数量指标,道路长度,硬化长度,≥1公里,计划\n"
    data = (header + row * (MAX_INDICATORS + 5)).encode()
    result = csv_io.read(data, source="a.csv", options=ImportOptions(dept="903001", year=2023))
    (problem,) = result.errors
    assert f"第 {MAX_INDICATORS + 2} 行" in str(problem) and "超过上限" in str(problem)
    assert "\n" not in str(problem)
