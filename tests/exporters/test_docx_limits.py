"""Crafted Word files (issue 15): every span, merge and count the reader meets is bounded, and a
file beyond a bound is refused with one line naming the file and the place — quickly, before
any merge is expanded (gridSpan="30000000" took 20 s and 2.7 GB before)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from exporters.base import ImportOptions
from exporters.docx import blocks, container, read
from exporters.limits import MAX_FILE_BYTES, LimitExceeded
from model import JixiaoError

SAMPLE_DOCX = Path(__file__).parent.parent / "fixtures" / "zhangwangtuan-2023.docx"
SOURCE = "张王疃-2023.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _members(data: bytes | None = None) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data or SAMPLE_DOCX.read_bytes())) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def _patched(change: Callable[[etree._Element], None]) -> bytes:
    """The sample with its body changed by `change` (given the w:body element)."""
    members = _members()
    root = etree.fromstring(members["word/document.xml"])
    change(root.find(f"{W}body"))
    members["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return _zip(members)


def _table(body, number: int):
    return [t for t in body if t.tag == f"{W}tbl"][number - 1]


def _row(body, table: int, row: int):
    return _table(body, table).findall(f"{W}tr")[row - 1]


def _cell(body, table: int, row: int, column: int):
    return _row(body, table, row).findall(f"{W}tc")[column - 1]


def _props(parent, tag: str):
    found = parent.find(f"{W}{tag}")
    if found is None:
        found = etree.Element(f"{W}{tag}")
        parent.insert(0, found)
    return found


def _set(parent, props: str, tag: str, value: str | None) -> None:
    holder = _props(parent, props)
    for old in holder.findall(f"{W}{tag}"):
        holder.remove(old)
    el = etree.SubElement(holder, f"{W}{tag}")
    if value is not None:
        el.set(f"{W}val", value)


def _refused(data: bytes, kind: type[JixiaoError] = JixiaoError) -> str:
    with pytest.raises(kind) as caught:
        read(data, source=SOURCE, options=ImportOptions())
    message = str(caught.value)
    assert message.startswith(f"{SOURCE}："), message  # names the file
    assert "\n" not in message and "\r" not in message, message  # one line
    return message


def test_the_sample_reads_within_every_bound():
    result = read(SAMPLE_DOCX.read_bytes(), source=SOURCE, options=ImportOptions())
    assert len(result.documents[0].projects) == 24 and not result.errors


@pytest.mark.parametrize("value", ["abc", "1.5", "", " ", "2e3", "²", "３"])
def test_a_non_numeric_grid_span_is_refused_at_its_cell(value):
    data = _patched(lambda body: _set(_cell(body, 2, 2, 1), "tcPr", "gridSpan", value))
    message = _refused(data)
    assert "表格 2 第 2 行 第 1 列" in message and "w:gridSpan 应为整数" in message


@pytest.mark.parametrize("value", ["65", "30000000", "2000000000", "9" * 40, "1" + "0" * 5000])
def test_a_huge_grid_span_is_refused_before_any_merge_is_expanded(value):
    data = _patched(lambda body: _set(_cell(body, 2, 2, 3), "tcPr", "gridSpan", value))
    message = _refused(data, LimitExceeded)
    assert "表格 2 第 2 行 第 3 列" in message and "w:gridSpan" in message
    assert "超过上限 64" in message
    assert len(message) < 200  # a 5,000-digit value is not repeated whole


@pytest.mark.parametrize("value", ["-1", "-2147483648", "0"])
def test_a_negative_or_zero_grid_span_is_refused(value):
    data = _patched(lambda body: _set(_cell(body, 2, 2, 1), "tcPr", "gridSpan", value))
    message = _refused(data)
    assert "表格 2 第 2 行 第 1 列" in message and "应为 1–64 的整数" in message


def test_a_missing_grid_span_value_means_one_column():
    data = _patched(lambda body: _set(_cell(body, 2, 2, 1), "tcPr", "gridSpan", None))
    assert len(read(data, source=SOURCE).documents[0].projects) == 24


@pytest.mark.parametrize(
    ("tag", "value", "expected"),
    [
        ("gridBefore", "x", "w:gridBefore 应为整数"),
        ("gridBefore", "-4", "w:gridBefore 为 -4"),
        ("gridBefore", "99", "超过上限 64"),
        ("gridAfter", "1.0", "w:gridAfter 应为整数"),
        ("gridAfter", "30000000", "超过上限 64"),
    ],
)
def test_grid_before_and_after_are_checked_at_their_row(tag, value, expected):
    data = _patched(lambda body: _set(_row(body, 3, 4), "trPr", tag, value))
    message = _refused(data)
    assert "表格 3 第 4 行：" in message and expected in message


def test_a_row_wider_than_word_allows_is_refused():
    def widen(body):
        cell = _cell(body, 2, 2, 1)
        for _ in range(70):
            cell.addnext(etree.fromstring(etree.tostring(cell)))

    message = _refused(_patched(widen), LimitExceeded)
    assert "表格 2 第 2 行：单元格合计占 65 列，超过上限 64 列" in message


@pytest.mark.parametrize("value", ["garbage", "", "Restart", "1"])
def test_a_vmerge_that_is_neither_restart_nor_continue_is_refused(value):
    data = _patched(lambda body: _set(_cell(body, 3, 3, 1), "tcPr", "vMerge", value))
    message = _refused(data)
    assert "表格 3 第 3 行 第 1 列" in message and "w:vMerge 应为 restart 或 continue" in message


def test_a_huge_cell_is_refused_at_its_place():
    def fill(body):
        text = next(_cell(body, 2, 2, 2).iter(f"{W}t"))
        text.text = "字" * 20_001

    message = _refused(_patched(fill), LimitExceeded)
    assert "表格 2 第 2 行 第 2 列：文字长达 20001 字，超过上限 20000 字" in message


def test_too_many_tables_rows_cells_or_paragraphs(monkeypatch):
    sample = SAMPLE_DOCX.read_bytes()
    monkeypatch.setattr(blocks, "MAX_TABLES", 3)
    assert "表格数达 4，超过上限 3 张" in _refused(sample, LimitExceeded)
    monkeypatch.undo()
    monkeypatch.setattr(blocks, "MAX_ROWS", 5)
    assert "表格 2：行数达 6，超过上限 5 行" in _refused(sample, LimitExceeded)
    monkeypatch.undo()
    monkeypatch.setattr(blocks, "MAX_WORD_CELLS", 100)
    assert "表格单元格总数达 101，超过上限 100 个" in _refused(sample, LimitExceeded)
    monkeypatch.undo()
    monkeypatch.setattr(blocks, "MAX_PARAGRAPHS", 10)
    assert "段落数达 11，超过上限 10 段" in _refused(sample, LimitExceeded)


def test_many_duplicated_rows_are_refused_by_the_cell_bound():
    def repeat(body):
        row = _row(body, 3, 3)
        for _ in range(blocks.MAX_WORD_CELLS // 6):
            row.addnext(etree.fromstring(etree.tostring(row)))

    assert "超过上限 30000 个" in _refused(_patched(repeat), LimitExceeded)


def test_a_markup_bomb_is_refused_before_python_docx_parses_it(monkeypatch):
    import docx

    def must_not_open(*args, **kwargs):
        raise AssertionError("python-docx must not see the file")

    members = _members()
    xml = members["word/document.xml"]
    members["word/document.xml"] = xml.replace(
        b"<w:body>", b"<w:body>" + b"<w:p/>" * container.MAX_XML_TAGS, 1
    )
    data = _zip(members)
    assert len(data) < 200_000  # small on disk, a million elements in memory
    monkeypatch.setattr(docx, "Document", must_not_open)
    message = _refused(data, LimitExceeded)
    assert "word/document.xml：XML 标记达" in message and "超过上限 1000000 个" in message


def test_a_file_over_the_size_limit_is_refused():
    data = b"PK\x03\x04" + bytes(MAX_FILE_BYTES)
    assert f"超过上限 {MAX_FILE_BYTES // (1024 * 1024)} MB" in _refused(data, LimitExceeded)


def _rewired(change: Callable[[dict[str, bytes]], None]) -> bytes:
    members = _members()
    change(members)
    return _zip(members)


@pytest.mark.parametrize(
    "change",
    [
        # no w:body
        lambda m: m.update(
            {"word/document.xml": m["word/document.xml"].split(b"<w:body>")[0] + b"</w:document>"}
        ),
        # the main part is not a w:document
        lambda m: m.update({"word/document.xml": b'<?xml version="1.0"?><foo/>'}),
        # styles.xml typed as something python-docx does not know (its part has no .styles)
        lambda m: m.update(
            {"[Content_Types].xml": m["[Content_Types].xml"].replace(b"styles+xml", b"x+xml")}
        ),
        # the styles relationship points back at document.xml: python-docx recursed forever
        lambda m: m.update(
            {
                "word/_rels/document.xml.rels": m["word/_rels/document.xml.rels"].replace(
                    b'Target="styles.xml"', b'Target="document.xml"'
                )
            }
        ),
        # a part's data damaged inside the zip (bad CRC)
        lambda m: m.update({"word/document.xml": m["word/document.xml"][:-20]}),
    ],
    ids=["no-body", "other-root", "styles-type", "styles-loop", "cut-xml"],
)
def test_a_crafted_package_is_a_damaged_file_not_a_traceback(change):
    assert "损坏" in _refused(_rewired(change))
