"""Word export in the 2021 guidance's layout, and the settings kept as file properties:
import(export(doc)) == doc for documents of the 2021 guidance and for indicators that carry
上年指标值 / 计算公式 / 权重, which the 2015 table has no room for."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from exporters import json_io
from exporters.base import ExportOptions, ImportOptions
from exporters.docx import reader
from exporters.docx.values2021 import combine_value, split_value
from exporters.docx.writer import INDICATOR_HEADERS, write
from model import Document, Indicator, Profile, normalise_value, without_ids
from tests.exporters.docx_variants import patch_document_xml
from tests.exporters.test_docx_export import (
    NS,
    cell_paragraphs,
    edge_case_document,
    indicator_tables,
    part_xml,
    rows,
    text_of,
    vmerge,
    w,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
OFFICIAL_2021 = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "指标值确定依据",
]
WEIGHTS = {"产出指标": 50, "成本指标": 10, "效益指标": 30, "满意度指标": 10}


def sample_2021(*, filled: bool) -> Document:
    """The sample's first four projects as a 2021-guidance document: 成本指标 as a 一级指标
    (经济成本指标), no 绩效指标描述, indicators grouped by 一级; with 上年指标值, 计算公式 and
    权重 filled (a weight for every indicator, the others for some) or all blank."""
    data = (FIXTURES / "zhangwangtuan-2023.jixiao.json").read_bytes()
    doc = json_io.read(data, source="fixture", options=ImportOptions()).documents[0]
    doc.profile = Profile.GUIDANCE_2021
    doc.allow_sustainable = False
    doc.projects = doc.projects[:4]
    for project in doc.projects:
        for ind in project.indicators:
            if ind.level2 == "成本指标":
                ind.level1, ind.level2 = "成本指标", "经济成本指标"
            ind.description = ""
        project.indicators.sort(key=lambda i: list(WEIGHTS).index(i.level1))
        if not filled:
            continue
        for k, ind in enumerate(project.indicators):
            share = sum(1 for i in project.indicators if i.level1 == ind.level1)
            ind.score_weight = (Decimal(WEIGHTS[ind.level1]) / share).quantize(Decimal("0.1"))
            if k % 2 == 0:
                ind.previous_value = ind.value
            if k % 3 == 0:
                ind.formula = f"{ind.name}÷计划数×100%\n按年底实际计算"
    return doc


def export(doc: Document, **options) -> bytes:
    return write(doc, options=ExportOptions(**options))


def read_back(data: bytes):
    result = reader.read(data, source="导出.docx", options=ImportOptions())
    assert [str(p) for p in result.problems] == []
    return result


def headers(table) -> list[str]:
    return [text_of(tc) for tc in rows(table)[0]]


# --- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("filled", [True, False], ids=["fields-filled", "fields-blank"])
def test_round_trip_of_a_2021_document(filled):
    doc = sample_2021(filled=filled)
    result = read_back(export(doc))
    back = result.documents[0]
    assert (back.profile, back.allow_sustainable) == (Profile.GUIDANCE_2021, False)
    for got, want in zip(back.projects, doc.projects, strict=True):
        for gi, wi in zip(got.indicators, want.indicators, strict=True):
            assert (gi.previous_value, gi.formula, gi.score_weight) == (
                wi.previous_value,
                wi.formula,
                wi.score_weight,
            )
    assert without_ids(back) == without_ids(doc)


def test_2015_document_with_weights_gets_the_2021_table_and_stays_2015():
    doc = edge_case_document()  # 2015 rules: 成本指标 under 产出指标
    doc.projects[0].indicators[0].score_weight = Decimal("20")
    doc.projects[2].indicators[1].previous_value = "≥1000元"
    data = export(doc)
    assert "指标性质" in headers(indicator_tables(data)[0])
    back = read_back(data).documents[0]
    assert back.profile is Profile.RULES_2015
    assert without_ids(back) == without_ids(doc)


def test_2015_document_without_those_fields_keeps_the_six_column_table():
    data = export(edge_case_document())
    assert all(headers(t) == list(INDICATOR_HEADERS) for t in indicator_tables(data))


def test_weight_keeps_its_digits_and_a_blank_weight_stays_blank():
    doc = sample_2021(filled=True)
    inds = doc.projects[0].indicators
    inds[0].score_weight, inds[1].score_weight, inds[2].score_weight = (
        Decimal("16.70"),
        None,
        Decimal("0"),
    )
    back = read_back(export(doc)).documents[0].projects[0].indicators
    assert [str(i.score_weight) for i in back[:3]] == ["16.70", "None", "0"]


# --- the layout ------------------------------------------------------------------------------


def test_blank_fields_give_exactly_the_seven_official_columns():
    data = export(sample_2021(filled=False))
    tables = indicator_tables(data)
    assert len(tables) == 4
    for table in tables:
        assert headers(table) == OFFICIAL_2021
        assert len(table.findall("w:tblGrid/w:gridCol", NS)) == 7


def test_used_fields_add_their_columns_to_every_table():
    doc = sample_2021(filled=True)
    doc.projects[1].indicators[0].description = "只有这一条有描述"
    for table in indicator_tables(export(doc)):
        assert headers(table) == [
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效指标描述",
            "指标性质",
            "指标值",
            "度量单位",
            "指标值确定依据",
            "上年指标值",
            "计算公式",
            "权重",
        ]


def test_value_is_split_into_comparator_number_and_unit():
    doc = sample_2021(filled=True)
    data = export(doc)
    first = doc.projects[0]
    grid = rows(indicator_tables(data)[0])
    by_name = {}
    for row, ind in zip(grid[1:], first.indicators, strict=True):
        by_name[ind.name] = [text_of(tc) for tc in row[3:6]]
    assert by_name["发放人数"] == ["≤", "3", "人"]
    assert by_name["发放时间"] == ["定性", "12月底前", ""]
    assert by_name["服务对象满意度"] == ["≥", "90", "%"]
    weights = [text_of(row[-1]) for row in grid[1:]]
    assert weights == [str(i.score_weight) for i in first.indicators]
    formula_cell = grid[1][-2]
    assert cell_paragraphs(formula_cell) == first.indicators[0].formula.split("\n")


def test_level1_and_level2_are_merged_down_their_runs():
    doc = sample_2021(filled=False)
    doc.projects[0].indicators = [
        Indicator("产出指标", "数量指标", "甲", value="1人"),
        Indicator("产出指标", "数量指标", "乙", value="2人"),
        Indicator("产出指标", "质量指标", "丙", value="100%"),
        Indicator("效益指标", "社会效益指标", "丁", value="明显改善"),
        Indicator("满意度指标", "服务对象满意度指标", "戊", value="≥90%"),
        Indicator("满意度指标", "服务对象满意度指标", "己", value="≥95%"),
    ]
    data = export(doc)
    grid = rows(indicator_tables(data)[0])[1:]
    assert [vmerge(r[0]) for r in grid] == [
        "restart",
        "continue",
        "continue",
        "restart",
        "restart",
        "continue",
    ]
    assert [vmerge(r[1]) for r in grid] == [
        "restart",
        "continue",
        "restart",
        "restart",
        "restart",
        "continue",
    ]
    assert [text_of(r[1]) for r in grid] == [
        "数量指标",
        "",
        "质量指标",
        "社会效益指标",
        "服务对象满意度指标",
        "",
    ]
    back = read_back(data).documents[0]
    assert without_ids(back) == without_ids(doc)


def test_a_level2_run_does_not_merge_across_level1_groups():
    doc = sample_2021(filled=False)
    doc.projects[0].indicators = [
        Indicator("产出指标", "其他指标", "甲", value="1人"),
        Indicator("效益指标", "其他指标", "乙", value="2人"),
    ]
    grid = rows(indicator_tables(export(doc))[0])[1:]
    assert [vmerge(r[1]) for r in grid] == ["restart", "restart"]


def test_official_look_header_repeats_rows_do_not_split_widths_fill_the_page():
    data = export(sample_2021(filled=True))
    text_width = 16838 - 1587 - 1474  # the 2021 layout: A4 landscape (issue 19)
    for table in indicator_tables(data):
        trs = table.findall(w("tr"))
        assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(tr.find("w:trPr/w:tblHeader", NS) is None for tr in trs[1:])
        assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs)
        borders = table.find("w:tblPr/w:tblBorders", NS)
        assert {b.get(w("val")) for b in borders} == {"single"}
        widths = [int(g.get(w("w"))) for g in table.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(widths) == text_width
        assert min(widths) >= 2 * 210  # no column narrower than two characters
        for tr in trs[1:]:
            for tc in tr.findall(w("tc")):
                style = tc.find("w:p/w:pPr/w:pStyle", NS)
                assert style is None or style.get(w("val")) == "TableText"  # 宋体 五号


def test_many_columns_use_narrower_cell_margins():
    doc = sample_2021(filled=True)
    doc.projects[0].indicators[0].description = "描述"
    table = indicator_tables(export(doc))[0]
    margin = table.find("w:tblPr/w:tblCellMar/w:left", NS)
    assert int(margin.get(w("w"))) < 108
    seven = indicator_tables(export(sample_2021(filled=False)))[0]
    assert int(seven.find("w:tblPr/w:tblCellMar/w:left", NS).get(w("w"))) == 108


# --- 指标性质 / 指标值 / 度量单位 --------------------------------------------------------------


@pytest.mark.parametrize(
    "value, cells",
    [
        ("≥95%", ("≥", "95", "%")),
        ("100%", ("=", "100", "%")),
        ("≤89.28万元", ("≤", "89.28", "万元")),
        ("5元/份", ("=", "5", "元/份")),
        ("=1", ("=", "=1", "")),  # an explicit "=" stays written: a bare 1 would lose it
        ("12月底前", ("定性", "12月底前", "")),
        ("2023年8月底", ("定性", "2023年8月底", "")),
        # prose says it is 定性 only when marked; unmarked, 指标性质 stays blank (issue 16)
        ("村民生产生活环境明显改善", ("", "村民生产生活环境明显改善", "")),
        ("定性：村民生产生活环境明显改善", ("定性", "村民生产生活环境明显改善", "")),
        ("", ("", "", "")),
        (">= 90 %", ("≥", "90", "%")),  # normalised first, as the reader does
    ],
)
def test_split_value(value, cells):
    assert split_value(value) == cells
    assert combine_value(*cells) == normalise_value(value)


@given(st.text(max_size=20))
def test_any_value_splits_into_cells_that_join_back(value):
    value = value.replace("\r", "")
    assert combine_value(*split_value(value)) == combine_value("", value, "")


# --- file properties -------------------------------------------------------------------------


def without_custom_properties(data: bytes) -> bytes:
    """The same file as another tool would write it: no docProps/custom.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    del members["docProps/custom.xml"]
    rels = members["_rels/.rels"].decode()
    rels_root = etree.fromstring(rels.encode())
    for rel in list(rels_root):
        if rel.get("Target").endswith("custom.xml"):
            rels_root.remove(rel)
    members["_rels/.rels"] = etree.tostring(rels_root, xml_declaration=True, encoding="UTF-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def custom_properties(data: bytes) -> dict[str, str]:
    root = part_xml(data, "docProps/custom.xml")
    return {p.get("name"): text_of(p) for p in root}


def test_settings_are_custom_file_properties():
    assert custom_properties(export(sample_2021(filled=False))) == {
        "指标体系": "2021",
        "允许可持续影响指标": "否",
    }
    assert custom_properties(export(edge_case_document())) == {
        "指标体系": "2015",
        "允许可持续影响指标": "是",
    }


def test_without_properties_the_2021_layout_means_the_2021_guidance():
    doc = sample_2021(filled=False)
    for project in doc.projects:  # no 成本指标 anywhere: only the layout tells
        project.indicators = [i for i in project.indicators if i.level1 != "成本指标"]
    result = read_back(without_custom_properties(export(doc)))
    back = result.documents[0]
    assert back.profile is Profile.GUIDANCE_2021
    assert back.allow_sustainable is True  # the default: nothing in the file says otherwise
    assert any("指标性质" in n and "2021" in n for n in result.notes)


def test_without_properties_cost_as_level1_means_the_2021_guidance():
    doc = edge_case_document()
    doc.projects[2].indicators[0].level1 = "成本指标"
    back = read_back(without_custom_properties(export(doc))).documents[0]
    assert back.profile is Profile.GUIDANCE_2021  # as before properties existed


def test_without_properties_a_2021_table_with_cost_under_outputs_stays_2015():
    doc = edge_case_document()
    doc.projects[0].indicators[0].score_weight = Decimal("5")
    back = read_back(without_custom_properties(export(doc))).documents[0]
    assert back.profile is Profile.RULES_2015


def test_properties_win_over_what_the_tables_suggest():
    """A 2015 document with a misplaced 成本指标 as 一级 (a defect the rules report) stays 2015."""
    doc = edge_case_document()
    doc.projects[2].indicators[0].level1 = "成本指标"
    back = read_back(export(doc)).documents[0]
    assert back.profile is Profile.RULES_2015
    assert without_ids(back) == without_ids(doc)


def test_a_bad_property_value_is_a_warning_and_the_tables_decide():
    data = export(sample_2021(filled=False))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    xml = members["docProps/custom.xml"].decode()
    members["docProps/custom.xml"] = (
        xml.replace(">2021<", ">2019<").replace(">否<", ">不知道<").encode()
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    result = reader.read(out.getvalue(), source="改.docx", options=ImportOptions())
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert len(warnings) == 2 and not result.errors
    assert any("2019" in p.message for p in warnings)
    assert result.documents[0].profile is Profile.GUIDANCE_2021  # from the 2021 layout
    assert result.documents[0].allow_sustainable is True


def test_a_templates_own_custom_properties_are_kept(tmp_path):
    import docx

    from exporters.docx.properties import write_custom_properties

    template = docx.Document()
    write_custom_properties(template, {"单位负责人": "张三", "指标体系": "2015"})
    path = tmp_path / "模板.docx"
    template.save(str(path))
    data = export(sample_2021(filled=False), template=path)
    assert custom_properties(data) == {
        "单位负责人": "张三",
        "指标体系": "2021",
        "允许可持续影响指标": "否",
    }
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist().count("docProps/custom.xml") == 1


# --- reading those columns from other files --------------------------------------------------


def test_reader_takes_weight_formula_and_previous_value_columns_of_a_2015_table():
    doc = edge_case_document()
    doc.projects[0].indicators[0].score_weight = Decimal("5")
    data = export(doc)
    data = patch_document_xml(data, ">权重<", ">权重（分值）<")
    data = patch_document_xml(data, ">5<", ">5分<")
    assert text_of(rows(indicator_tables(data)[0])[1][-1]) == "5分"  # the weight cell
    back = read_back(data).documents[0]
    assert back.projects[0].indicators[0].score_weight == Decimal("5")


def test_a_weight_that_is_not_a_number_is_kept_as_text_with_a_warning():
    doc = sample_2021(filled=True)
    data = export(doc)
    weight = str(doc.projects[0].indicators[0].score_weight)
    data = patch_document_xml(data, f">{weight}<", ">十分<")
    result = reader.read(data, source="改.docx", options=ImportOptions())
    assert not result.errors
    [warning] = result.problems
    message = str(warning)  # 10 columns: no 绩效指标描述 in this document
    assert message.startswith("表格 3 第 2 行 第 10 列：权重“十分”不是数字")
    assert "万元" not in message  # a weight is points, not money
    ind = result.documents[0].projects[0].indicators[0]
    assert (ind.score_weight, ind.extra) == (None, {"权重": "十分"})


# --- LibreOffice -----------------------------------------------------------------------------


def soffice_convert(source: Path, target_format: str, outdir: Path) -> Path:
    profile = source.parent / "lo-profile"  # a private profile: no clash with a running soffice
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / f"{source.stem}.{target_format.split(':')[0]}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_libreoffice_renders_a_2021_export_and_saves_it_back_unchanged(tmp_path):
    doc = sample_2021(filled=True)
    source = tmp_path / "2021.docx"
    source.write_bytes(export(doc))
    pdf = soffice_convert(source, "pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF")
    resaved = soffice_convert(source, "docx:MS Word 2007 XML", tmp_path / "resaved")
    back = read_back(resaved.read_bytes()).documents[0]  # tables and file properties survive
    assert without_ids(back) == without_ids(doc)
