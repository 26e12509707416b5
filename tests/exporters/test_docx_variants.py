"""Each layout variation people send, built with python-docx from the sample's data, imports
to the same model as the sample itself (issue 3)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from exporters.base import ImportOptions
from exporters.docx import read
from model import Document, GoalItem, Measure, Part1, SpendingPlan, without_ids
from model.values import ValueKind, mark_qualitative, parse_value
from tests.exporters.docx_sample_txt import expected_document
from tests.exporters.docx_variants import Variant, build_docx, patch_document_xml

SAMPLE_TXT = Path(__file__).parent.parent / "fixtures" / "zhangwangtuan-2023.txt"


@pytest.fixture(scope="module")
def expected() -> Document:
    return expected_document(SAMPLE_TXT)


def _document_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")


def _text(xml: str) -> str:
    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def _tables(xml: str) -> int:
    return xml.count("<w:tbl>")


# Each variant with a check that the built file really has the feature (so a builder bug cannot
# make the test pass vacuously).
VARIANTS: dict[str, tuple[Variant, object]] = {
    "level1-merged": (Variant(level1="merged"), lambda x: "<w:vMerge/>" in x),
    "level1-repeated": (
        Variant(level1="repeated"),
        lambda x: _text(x).count("产出指标") > 100 and x.count("<w:vMerge/>") == 24 * 2,
    ),
    "level1-blank": (
        Variant(level1="blank"),
        lambda x: _text(x).count("产出指标") == 24 and x.count("<w:vMerge/>") == 24 * 2,
    ),
    "spacer-rows": (Variant(spacer_rows=True), lambda x: "<w:tr><w:tc><w:tcPr/><w:p/></w:tc>" in x),
    "soft-breaks": (Variant(soft_breaks=True), lambda x: x.count("<w:br/>") >= 24),
    "split-runs": (Variant(split_runs=True), lambda x: '<w:t xml:space="preserve">凤</w:t>' in x),
    "fullwidth": (Variant(fullwidth=True), lambda x: "１１.００" in _text(x) and "％" in _text(x)),
    "spaced-values": (Variant(spaced_values=True), lambda x: "≥ 90 %" in _text(x)),
    "fullwidth-spaced": (
        Variant(fullwidth=True, spaced_values=True),
        lambda x: "≥\u3000９０\u3000％" in _text(x),
    ),
    "joined-tables": (Variant(joined_tables=True), lambda x: _tables(x) == 24 * 2),
    "unit-paragraph": (
        Variant(unit_paragraph=True),
        lambda x: _tables(x) == 24 * 2 and "本级\u3000\u3000\u3000\u3000单位：万元" in _text(x),
    ),
    "headings-style": (Variant(headings="style"), lambda x: 'w:val="Heading3"' in x),
    "headings-bold": (
        Variant(headings="bold"),
        lambda x: "Heading" not in x and x.count("<w:b/>") >= 24 + 12,
    ),
    "seven-columns": (
        Variant(seven_columns=True),
        lambda x: "指标性质" in _text(x) and "绩效指标描述" not in _text(x) and "定性" in _text(x),
    ),
    "python-docx-tables": (
        Variant(python_docx_tables=True),
        lambda x: "<w:vMerge/>" in x and 'w:gridSpan w:val="6"' in x,
    ),
    "everything-at-once": (
        Variant(
            level1="blank",
            spacer_rows=True,
            soft_breaks=True,
            split_runs=True,
            fullwidth=True,
            spaced_values=True,
            joined_tables=True,
            unit_paragraph=True,
            headings="bold",
            seven_columns=True,
        ),
        lambda x: _tables(x) == 24 and "指标性质" in _text(x),
    ),
}


def _without_descriptions(doc: Document) -> Document:
    """The 7-column layout has no 绩效指标描述 column: that is all it loses. What it adds is
    the 指标性质 定性 of prose values, kept as part of the value (issue 16)."""

    def seven(ind):
        marked = ind.value
        if parse_value(marked).kind is ValueKind.QUALITATIVE:
            marked = mark_qualitative(marked)
        return replace(ind, description="", value=marked)

    return replace(
        doc,
        projects=[replace(p, indicators=[seven(i) for i in p.indicators]) for p in doc.projects],
    )


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_imports_to_the_sample_model(name, expected):
    variant, has_feature = VARIANTS[name]
    data = build_docx(expected, variant)
    assert has_feature(_document_xml(data)), f"the builder did not produce {name}"
    result = read(data, source=f"{name}.docx", options=ImportOptions())
    assert result.problems == []
    want = _without_descriptions(expected) if variant.seven_columns else expected
    if variant.seven_columns:  # remembered, so that it is exported in the columns it came in
        want = replace(want, layout="2021")
    got = without_ids(result.documents[0])
    assert got.part1 == want.part1
    for g, w in zip(got.projects, want.projects, strict=True):
        assert g == w, w.code
    assert got == without_ids(want)


def test_seven_columns_combine_comparator_value_and_unit(expected):
    result = read(
        build_docx(expected, Variant(seven_columns=True)), source="x", options=ImportOptions()
    )
    values = [i.value for p in result.documents[0].projects for i in p.indicators]
    assert "≥90%" in values and "≤3人" in values and "100%" in values and "12月底前" in values


@pytest.mark.parametrize("headings", ["style", "bold"])
def test_unnumbered_titles_are_found_by_style_or_bold(headings):
    """Without numbering, only the heading style or bold marks a 保障措施 title."""
    doc = Document(
        dept_code="903001",
        dept_name="某乡本级",
        year=2023,
        part1=Part1(
            overall=["第一段。", "第二段。"],
            items=[GoalItem("加强党的领导", "做好宣传。", "满意率大于90%。")],
            measures=[
                Measure("加强组织领导", "正文一。\n正文二。"),
                Measure("强化预算执行", "正文。"),
            ],
        ),
        projects=expected_document(SAMPLE_TXT).projects[:1],
    )
    result = read(build_docx(doc, Variant(headings=headings)), source="x", options=ImportOptions())
    assert result.documents[0].part1 == doc.part1


@pytest.mark.parametrize("spacer_rows", [False, True])
def test_all_blank_plan_row_is_not_mistaken_for_a_spacer(expected, spacer_rows):
    doc = replace(expected, projects=[replace(p) for p in expected.projects[:2]])
    doc.projects[0].plan = SpendingPlan()
    result = read(
        build_docx(doc, Variant(spacer_rows=spacer_rows)), source="x", options=ImportOptions()
    )
    assert result.problems == []
    assert without_ids(result.documents[0]) == without_ids(doc)


# --- smaller variations -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def plain(expected) -> bytes:
    return build_docx(expected, Variant())


def test_table_of_contents_lines_are_skipped(plain, expected):
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document(io.BytesIO(plain))
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    first = document.paragraphs[0]
    for line in [
        "一、总体绩效目标\t3",
        "二、分项绩效目标\t3",
        "1.“凤还巢”大学生村干部工资及保险绩效目标表\t5",
    ]:
        first.insert_paragraph_before(line, style="toc 1")
    out = io.BytesIO()
    document.save(out)
    result = read(out.getvalue(), source="x", options=ImportOptions())
    assert result.problems == []
    assert without_ids(result.documents[0]) == without_ids(expected)


def test_section_heading_with_an_extra_word(plain, expected):
    data = patch_document_xml(plain, ">一、总体绩效目标<", ">一、部门总体绩效目标<")
    data = patch_document_xml(data, ">（一）总体绩效目标<", "><")
    data = patch_document_xml(data, ">三、工作保障措施<", ">三、工作保障措施：<")
    result = read(data, source="x", options=ImportOptions())
    assert result.problems == []
    assert result.documents[0].part1 == expected.part1


def test_amount_with_its_unit_written_in_the_cell(plain):
    result = read(
        patch_document_xml(plain, ">11.00<", ">11.00万元<"), source="x", options=ImportOptions()
    )
    assert result.problems == []
    assert str(result.documents[0].projects[0].budget) == "11.00"


def test_indicator_table_without_its_header_row_is_read_with_a_warning(plain, expected):
    document = docx.Document(io.BytesIO(plain))
    table = document.tables[2]
    assert table.rows[0].cells[0].text == "一级指标"
    table._tbl.remove(table.rows[0]._tr)
    out = io.BytesIO()
    document.save(out)
    result = read(out.getvalue(), source="x", options=ImportOptions())
    [problem] = result.problems
    assert problem.severity == "warning" and problem.where == "表格 3 第 1 行"
    assert without_ids(result.documents[0]) == without_ids(expected)


def test_amount_labels_are_read_by_meaning(plain, expected):
    data = patch_document_xml(plain, ">预算数<", ">年度资金总额（万元）<", count=24)
    data = patch_document_xml(data, ">其中：财政    资金<", ">其中：财政拨款<", count=24)
    result = read(data, source="x", options=ImportOptions())
    assert result.problems == []
    assert without_ids(result.documents[0]) == without_ids(expected)
