"""Excel input that is damaged, stale or hostile: every row really there is read, every limit is
kept before openpyxl works on the file, and every failure — including those of openpyxl's lazy
row parser — is one line naming the file, the sheet and the row."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable

import pytest

from exporters import limits, xlsx_io, zipguard
from exporters.base import ImportOptions
from exporters.limits import LimitExceeded
from model import Document, JixiaoError
from tests.doc_strategies import sample_document
from tests.exporters import xlsx_parts as X

openpyxl = pytest.importorskip("openpyxl")

SOURCE = "坏.xlsx"


@functools.cache
def _sample_xlsx() -> bytes:
    return xlsx_io.write(sample_document())


@functools.cache
def _sample_shared() -> bytes:
    return X.with_shared_strings(_sample_xlsx())


def _read(data: bytes) -> Document:
    result = xlsx_io.read(data, source=SOURCE, options=ImportOptions())
    assert not result.errors, [str(p) for p in result.errors]
    return result.documents[0]


def _refused(data: bytes) -> str:
    with pytest.raises(JixiaoError) as info:
        xlsx_io.read(data, source=SOURCE, options=ImportOptions())
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{SOURCE}：")
    return message


def _indicators(doc: Document) -> int:
    return sum(len(p.indicators) for p in doc.projects)


def test_the_shared_strings_variant_reads_as_the_sample():
    # The helper the tests below damage is itself faithful: Excel's way of storing text.
    assert _read(_sample_shared()) == _read(_sample_xlsx())
    assert _indicators(_read(_sample_shared())) == 174


# --- dimensions -----------------------------------------------------------------------------------


def test_rows_beyond_a_stale_dimension_are_read():
    stale = X.edit(_sample_xlsx(), X.INDICATORS, lambda xml: X.set_dimension(xml, "A1:M10"))
    # openpyxl's own reader trusts the dimension and loses the rows below it ...
    wb = openpyxl.load_workbook(io.BytesIO(stale), read_only=True)
    assert len(list(wb["绩效指标"].iter_rows())) == 10
    wb.close()
    # ... which a --replace would then delete: every indicator must come back.
    assert _read(stale) == _read(_sample_xlsx())


def test_an_absurd_dimension_costs_nothing(monkeypatch):
    absurd = X.edit(_sample_xlsx(), X.INDICATORS, lambda xml: X.set_dimension(xml, "A1:XFD1048576"))
    made = []
    real = openpyxl.cell.read_only.ReadOnlyCell

    def counting(*args, **kwargs):
        made.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl.cell.read_only, "ReadOnlyCell", counting)
    assert _read(absurd) == _read(_sample_xlsx())
    # Only the cells really in the file are made (two reads), not 1,048,576 × 16,384 blanks.
    cells = sum(len(re.findall(rb"<c ", X.parts(_sample_xlsx())[name])) for name in X.SHEETS)
    assert len(made) == 2 * cells


def _add_to_row(xml: bytes, row: int, cell: bytes) -> bytes:
    return re.sub(
        rb'(<row r="%d".*?)</row>' % row, lambda m: m.group(1) + cell + b"</row>", xml, count=1
    )


def test_content_beyond_the_column_limit_is_refused_naming_the_place():
    far = X.edit(
        _sample_xlsx(),
        X.INDICATORS,
        lambda xml: _add_to_row(xml, 5, X.cell_xml("XFD5", "远")),
    )
    message = _refused(far)
    assert "工作表“绩效指标”第 5 行 XFD 列" in message
    assert f"超过上限 {limits.MAX_COLUMNS} 列" in message


def test_a_row_far_below_is_refused_without_filling_the_gap():
    far = X.edit(
        _sample_xlsx(),
        X.INDICATORS,
        lambda xml: X.append_row(
            xml, b'<row r="1048576">' + X.cell_xml("A1048576", "x") + b"</row>"
        ),
    )
    message = _refused(far)
    assert "工作表“绩效指标”第 1048576 行" in message and "行数过多" in message


# --- row, cell and text limits ------------------------------------------------------------------


def test_rows_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx_io, "MAX_ROWS", 50)
    message = _refused(_sample_xlsx())
    assert "工作表“绩效指标”第 51 行" in message and "超过上限 50 行" in message


def test_cells_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(xlsx_io, "MAX_CELLS", 300)
    assert "单元格过多" in _refused(_sample_xlsx())


def test_one_shared_string_in_many_cells_counts_in_each(monkeypatch):
    # A long shared text referenced by every cell would multiply in memory (and in the database).
    strings = re.findall(rb"<si>(.*?)</si>", X.parts(_sample_shared())["xl/sharedStrings.xml"])
    longest = b"%d" % max(range(len(strings)), key=lambda n: len(strings[n]))

    def same_text_everywhere(xml: bytes) -> bytes:
        # Every 绩效指标描述 (column F) below the header shows the longest text.
        pattern = rb'(<c r="F(?:[2-9]|\d\d+)"(?: s="\d+")? t="s"><v>)\d+(</v>)'
        return re.sub(pattern, rb"\g<1>" + longest + rb"\2", xml)

    shared = X.edit(_sample_shared(), X.INDICATORS, same_text_everywhere)
    assert _indicators(_read(shared)) == 174
    # The limit is set to what the sample itself holds: it reads, the repeated text does not.
    wb = openpyxl.load_workbook(io.BytesIO(_sample_shared()))
    total = sum(len(xlsx_io.cell_text(c)) for ws in wb for row in ws.iter_rows() for c in row)
    monkeypatch.setattr(xlsx_io, "MAX_TEXT_CHARS", total)
    assert _indicators(_read(_sample_shared())) == 174
    assert f"各单元格文字合计过多，超过上限 {total} 字" in _refused(shared)


def test_a_cell_text_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx_io, "MAX_CELL_CHARS", 30)
    message = _refused(_sample_shared())
    assert re.search(
        r"工作表“部门整体目标”第 \d+ 行 [A-Z] 列：文字有 \d+ 字，超过上限 30 字", message
    )


def test_repeated_or_backward_rows_are_refused_not_skipped():
    def repeat_row_3(xml: bytes) -> bytes:
        row = re.search(rb'<row r="3".*?</row>', xml).group(0)
        return X.append_row(xml, row)

    message = _refused(X.edit(_sample_xlsx(), X.INDICATORS, repeat_row_3))
    assert "工作表“绩效指标”第 3 行" in message and "行号重复或次序颠倒" in message


def test_a_repeated_cell_is_refused():
    def repeat(xml: bytes) -> bytes:
        return _add_to_row(xml, 2, X.cell_xml("B2", "又一个"))

    assert "第 2 行 B 列：单元格重复" in _refused(X.edit(_sample_xlsx(), X.INDICATORS, repeat))


# --- the container: bombs and parts read whole --------------------------------------------------


def test_an_unpacked_size_bomb_is_refused_before_openpyxl_opens_it(monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("openpyxl must not see the file")

    members = X.parts(_sample_xlsx())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in members.items():
            if name != X.INDICATORS:
                archive.writestr(name, content)
        with archive.open(X.INDICATORS, "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(limits.MAX_UNPACKED_BYTES // len(zeros) + 1):
                member.write(zeros)
    data = out.getvalue()
    assert len(data) < 2 * 1024 * 1024
    monkeypatch.setattr(openpyxl, "load_workbook", must_not_open)
    message = _refused(data)
    assert f"超过上限 {limits.MAX_UNPACKED_BYTES // limits.MIB} MB" in message


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(zipguard, "MAX_FILE_BYTES", 1000)
    assert "超过上限" in _refused(_sample_xlsx())


def test_a_part_read_whole_is_bounded(monkeypatch):
    padding = b"<!--" + b"x" * 20_000 + b"-->"
    padded = X.edit(
        _sample_xlsx(), "xl/styles.xml", lambda xml: xml.replace(b"><", b">" + padding + b"<", 1)
    )
    assert _read(padded) == _read(_sample_xlsx())
    monkeypatch.setattr(xlsx_io, "MAX_XML_PART_BYTES", 15_000)
    message = _refused(padded)
    size = len(X.parts(padded)["xl/styles.xml"]) // 1024
    assert f"内部部件 xl/styles.xml：解压后有 {size} KB，超过上限 14 KB" in message


def test_shared_strings_are_bounded(monkeypatch):
    monkeypatch.setattr(xlsx_io, "MAX_SHARED_STRINGS", 100)
    message = _refused(_sample_shared())
    assert "xl/sharedStrings.xml" in message and "超过上限 100 条" in message


def test_sheets_are_bounded(monkeypatch):
    monkeypatch.setattr(xlsx_io, "MAX_SHEETS", 2)
    assert "工作簿有 4 张工作表，超过上限 2 张" in _refused(_sample_xlsx())  # 汇总 and the three


def test_one_sheet_part_listed_many_times_counts_each_time(monkeypatch):
    def many(xml: bytes) -> bytes:
        entry = re.search(rb"<sheet [^>]*r:id=\"rId4\"/>", xml).group(0)  # 绩效指标
        copies = b"".join(
            entry.replace(b'name="', b'name="%d' % n).replace(
                b'sheetId="4"', b'sheetId="%d"' % (n + 10)
            )
            for n in range(5)
        )
        return xml.replace(b"</sheets>", copies + b"</sheets>")

    size = len(X.parts(_sample_xlsx())[X.INDICATORS])
    monkeypatch.setattr(xlsx_io, "MAX_UNPACKED_BYTES", 4 * size)
    assert "各工作表共" in _refused(X.edit(_sample_xlsx(), "xl/workbook.xml", many))


def _with_chart_sheet() -> bytes:
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.load_workbook(io.BytesIO(_sample_xlsx()))
    chart = BarChart()
    chart.add_data(Reference(wb["项目"], min_col=4, min_row=1, max_row=10), titles_from_data=True)
    wb.create_chartsheet("图表").add_chart(chart)
    return X.pack(X.parts(_save(wb)))


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_charts_openpyxl_reads_are_counted_once_per_anchor(monkeypatch):
    charted = _with_chart_sheet()
    drawing = "xl/drawings/drawing1.xml"
    members = X.parts(charted)
    anchor = re.search(rb"<absoluteAnchor>.*</absoluteAnchor>", members[drawing]).group(0)
    # One chart part drawn 50 times: openpyxl parses it 50 times.
    many = X.edit(charted, drawing, lambda xml: xml.replace(anchor, anchor * 50))
    # The limit holds the parts once each (the big drawing included) and the chart twice more:
    # only counting the chart once per anchor goes beyond it.
    sheet, chart = (len(members[n]) for n in ("xl/chartsheets/sheet1.xml", "xl/charts/chart1.xml"))
    big_drawing = len(X.parts(many)[drawing])
    monkeypatch.setattr(xlsx_io, "MAX_CHART_BYTES", sheet + big_drawing + 3 * chart)
    assert _indicators(_read(charted)) == 174  # a workbook with a chart sheet is read
    assert "图表工作表共需读取" in _refused(many)


# --- openpyxl's lazy parser ---------------------------------------------------------------------


def _first_value_in_row(row: int, replacement: bytes) -> Callable:
    def change(xml: bytes) -> bytes:
        return re.sub(
            rb'(<row r="%d"[^>]*><c [^>]*>)<v>[^<]*</v>' % row,
            lambda m: m.group(1) + replacement,
            xml,
            count=1,
        )

    return change


def test_a_style_that_does_not_exist_is_one_line():
    # Only a number cell looks its style up (for the decimals it shows): 预算数 in 项目.
    broken = X.edit(
        _sample_xlsx(),
        X.SHEETS[1],
        lambda xml: re.sub(rb'<c r="D6" s="\d+"', b'<c r="D6" s="999"', xml, count=1),
    )
    message = _refused(broken)
    assert "工作表“项目”第 6 行附近内容已损坏（IndexError）" in message


@pytest.mark.parametrize(
    ("name", "change", "row"),
    [
        ("shared string index out of range", _first_value_in_row(7, b"<v>999999</v>"), 7),
        ("shared string index not a number", _first_value_in_row(7, b"<v>abc</v>"), 7),
        (
            "a date cell that is no date",
            lambda xml: re.sub(rb'(<c r="A9"(?: s="\d+")?) t="s">', rb'\1 t="d">', xml, count=1),
            9,
        ),
        (
            "a row number that is no number",
            lambda xml: xml.replace(b'<row r="8"', b'<row r="8.5"', 1),
            8,
        ),
        (
            "a cell reference that is no reference",
            lambda xml: xml.replace(b'r="C4"', b'r="4C"', 1),
            4,
        ),
        ("truncated XML", lambda xml: xml[: xml.index(b'<row r="12"') + 30], 12),
    ],
)
def test_errors_of_the_lazy_parser_are_one_line_naming_the_sheet_and_row(name, change, row):
    message = _refused(X.edit(_sample_shared(), X.INDICATORS, change))
    assert "工作表“绩效指标”" in message, name
    assert f"第 {row} 行" in message, (name, message)
    assert "重新另存" in message


def test_a_damaged_workbook_part_is_one_line():
    message = _refused(X.edit(_sample_xlsx(), "xl/workbook.xml", lambda xml: xml[:200]))
    assert "无法作为 Excel 工作簿打开" in message


def test_a_dropped_sheet_part_is_one_line():
    members = X.parts(_sample_xlsx())
    del members[X.INDICATORS]
    # The workbook still lists the sheet; openpyxl skips a missing part, so the import reads the
    # workbook without its 绩效指标 sheet and says the sheet is missing.
    result = xlsx_io.read(X.pack(members), source=SOURCE, options=ImportOptions())
    assert any("缺少工作表“绩效指标”" in str(p) for p in result.errors)


def test_limit_exceeded_is_a_jixiao_error():
    assert issubclass(LimitExceeded, JixiaoError)


# --- export -------------------------------------------------------------------------------------


def test_formula_text_is_exported_as_a_string_cell():
    doc = sample_document()
    doc.projects[0].indicators[0].value = "=1+1"
    doc.projects[0].indicators[1].value = "@SUM(A1)"
    doc.projects[0].indicators[2].value = "-5"
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_io.write(doc)))
    ws = wb["绩效指标"]
    value_col = [c.value for c in ws[1]].index("指标值") + 1
    for row, text in ((2, "=1+1"), (3, "@SUM(A1)"), (4, "-5")):
        cell = ws.cell(row=row, column=value_col)
        assert (cell.value, cell.data_type) == (text, "s")
    assert _read(xlsx_io.write(doc)) == doc
