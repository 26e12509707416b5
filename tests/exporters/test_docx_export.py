"""Word export (exporters.docx.writer): the official layout, print settings, template, round trip."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from exporters import json_io
from exporters.base import ExportOptions, ImportOptions
from exporters.docx.write_style import A4_HEIGHT, A4_WIDTH, WordStyle
from exporters.docx.write_xml import CELL_MARGIN, display_ems, fit_widths
from exporters.docx.writer import INDICATOR_HEADERS, write
from model import (
    Document,
    GoalItem,
    Indicator,
    JixiaoError,
    Measure,
    Part1,
    Project,
    SpendingPlan,
    without_ids,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Document:
    """The sample as a Document, from the JSON fixture (an independent reading of the .docx)."""
    data = (FIXTURES / "zhangwangtuan-2023.jixiao.json").read_bytes()
    return json_io.read(data, source="fixture", options=ImportOptions()).documents[0]


def edge_case_document() -> Document:
    """Every awkward shape the layout has to carry."""
    a = Project(
        code="13052924P000000000001",
        name="边界测试项目甲",
        budget=Decimal("11.00"),
        fiscal=Decimal("11.00"),
        other=None,  # blank, not 0
        purpose="用于测试第一段\n用途的第二段",  # multi-paragraph cell
        plan=SpendingPlan(None, Decimal("5.50"), None, Decimal("11.00")),  # blank checkpoints
        goals=["1.第一条目标。", "2.第二条目标。"],
        indicators=[
            Indicator("产出指标", "数量指标", "发放人数", "发放的人数", "≤3人", "根据工作安排"),
            Indicator("产出指标", "质量指标", "发放率", "按时足额", "100%", "根据工作安排"),
            Indicator("产出指标", "时效指标", "完成时间", "完成的时间", "2024年8月底", "计划"),
            # a level-1 group with one row, and a qualitative value
            Indicator(
                "效益指标", "社会效益指标", "环境改善", "村容村貌", "村民生产生活环境明显改善", ""
            ),
            Indicator(
                "满意度指标",
                "服务对象满意度指标",
                "服务对象满意度",
                "调查对象中\n满意的比例",  # multi-paragraph
                "≥90%",
                "调查问卷",
            ),
        ],
    )
    b = Project(
        code="13052924P000000000002",
        name="没有指标的项目",
        budget=Decimal("0.50"),
        fiscal=None,
        other=Decimal("0.50"),
        purpose="",
        plan=SpendingPlan(None, None, None, Decimal("0.50")),
        goals=[],
        indicators=[],
    )
    c = Project(
        code="13052924P000000000003",
        name="特殊字符 <&> 项目",
        budget=Decimal("1200"),
        fiscal=Decimal("1200"),
        plan=SpendingPlan(Decimal("0"), Decimal("300.5"), Decimal("900"), Decimal("1200")),
        goals=["完成建设"],
        indicators=[
            Indicator("产出指标", "成本指标", "单价", "每份成本", "5元/份", "市场价"),
            Indicator("效益指标", "经济效益指标", "收入", "增加收入", "≥1200元", "测算"),
            Indicator("效益指标", "可持续影响指标", "长效", "持续发挥作用", "长期", "规划"),
        ],
    )
    return Document(
        dept_code="100001",
        dept_name="测试县某某局",
        year=2024,
        part1=Part1(
            overall=["第一段总体目标。", "第二段总体目标。"],
            items=[
                GoalItem("1、第一项。", "做好第一项工作。", "完成率达到90%以上。"),
                GoalItem("2、第二项。", "做好第二项工作。", "群众满意率达到90%以上。"),
            ],
            measures=[
                Measure("1、加强领导", "成立领导小组。"),
                Measure("2、强化执行", "按时支出。"),
            ],
        ),
        projects=[a, b, c],
    )


def export(doc: Document, **options) -> bytes:
    return write(doc, options=ExportOptions(**options))


def part_xml(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def body(data: bytes) -> etree._Element:
    return part_xml(data, "word/document.xml").find(w("body"))


def text_of(el: etree._Element) -> str:
    return "".join(el.itertext())


def cell_paragraphs(tc: etree._Element) -> list[str]:
    return [text_of(p) for p in tc.findall(w("p"))]


def tables(data: bytes) -> list[etree._Element]:
    return body(data).findall(w("tbl"))


def indicator_tables(data: bytes) -> list[etree._Element]:
    return [t for t in tables(data) if text_of(t.find(w("tr"))).startswith("一级指标")]


def header_tables(data: bytes) -> list[etree._Element]:
    return [t for t in tables(data) if text_of(t.find(w("tr"))).startswith("项目编码")]


def rows(table: etree._Element) -> list[list[etree._Element]]:
    return [tr.findall(w("tc")) for tr in table.findall(w("tr"))]


def vmerge(tc: etree._Element) -> str | None:
    """ "restart", "continue" or None."""
    el = tc.find("w:tcPr/w:vMerge", NS)
    if el is None:
        return None
    return el.get(w("val"), "continue")


def style_rfonts(data: bytes) -> dict[str, str]:
    """styleId → its w:eastAsia font."""
    styles = part_xml(data, "word/styles.xml")
    out = {}
    for style in styles.findall(w("style")):
        fonts = style.find("w:rPr/w:rFonts", NS)
        if fonts is not None and fonts.get(w("eastAsia")):
            out[style.get(w("styleId"))] = fonts.get(w("eastAsia"))
    return out


# --- layout ----------------------------------------------------------------------------------


def test_page_is_a4_with_the_samples_margins(sample):
    sect = body(export(sample)).find(w("sectPr"))
    size = sect.find(w("pgSz"))
    assert (int(size.get(w("w"))), int(size.get(w("h")))) == (A4_WIDTH, A4_HEIGHT)
    margins = sect.find(w("pgMar"))
    assert int(margins.get(w("top"))) == 1701 and int(margins.get(w("left"))) == 1587


def test_each_project_starts_a_new_page_under_its_numbered_title(sample):
    paragraphs = body(export(sample)).findall(w("p"))
    breaking = [text_of(p) for p in paragraphs if p.find("w:pPr/w:pageBreakBefore", NS) is not None]
    titles = [f"{n}.{p.name}绩效目标表" for n, p in enumerate(sample.projects, start=1)]
    assert breaking == ["第二部分", *titles]


def test_header_rows_repeat_and_rows_do_not_split(sample):
    data = export(sample)
    for table in indicator_tables(data):
        trs = table.findall(w("tr"))
        assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
        assert all(tr.find("w:trPr/w:tblHeader", NS) is None for tr in trs[1:])
    for table in indicator_tables(data):  # short rows are kept whole; tall ones may break
        for tr in table.findall(w("tr")):
            if all(len(text_of(tc)) <= 30 for tc in tr.findall(w("tc"))):
                assert tr.find("w:trPr/w:cantSplit", NS) is not None
    for table in header_tables(data):  # but 用途 and 绩效目标 may break across pages
        kept = [tr.find("w:trPr/w:cantSplit", NS) is not None for tr in table.findall(w("tr"))]
        assert kept == [True, True, False, True, True, False]
    assert len(indicator_tables(data)) == len(header_tables(data)) == len(sample.projects)


def test_east_asian_fonts_are_set_in_the_styles(sample):
    fonts = style_rfonts(export(sample))
    assert fonts["Normal"] == "仿宋_GB2312"
    assert fonts["Title"] == fonts["Heading1"] == "黑体"
    assert fonts["TableText"] == "宋体"
    docdefaults = part_xml(export(sample), "word/styles.xml").find(
        "w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS
    )
    assert docdefaults.get(w("eastAsia")) == "宋体"
    assert docdefaults.get(w("asciiTheme")) is None  # a theme font would override ours


def test_fonts_are_configurable():
    style = WordStyle(text_font="方正仿宋_GBK", heading_font="方正黑体_GBK", table_font="仿宋")
    fonts = style_rfonts(write(edge_case_document(), options=ExportOptions(), style=style))
    assert fonts["Normal"] == "方正仿宋_GBK"
    assert fonts["Heading1"] == "方正黑体_GBK"
    assert fonts["TableText"] == "仿宋"


def test_part1_headings_and_prefixes_are_written_back():
    doc = edge_case_document()
    texts = [text_of(p) for p in body(export(doc)).findall(w("p"))]
    start = texts.index("第一部分")
    assert texts[start : start + 2] == ["第一部分", "部门整体绩效目标"]
    for heading in (
        "一、总体绩效目标",
        "（一）总体绩效目标",
        "二、分项绩效目标",
        "三、工作保障措施",
    ):
        assert heading in texts
    i = texts.index("1、第一项。")
    assert texts[i + 1 : i + 3] == ["绩效目标：做好第一项工作。", "绩效指标：完成率达到90%以上。"]
    j = texts.index("2、强化执行")
    assert texts[j + 1] == "按时支出。"
    assert texts.index("第一部分") < texts.index("第二部分") < texts.index("预算项目绩效目标")


def test_unit_line_and_header_table_follow_the_sample(sample):
    data = export(sample)
    unit = tables(data)[0]
    assert [text_of(tc) for tc in rows(unit)[0]] == [
        "903001巨鹿县张王疃乡人民政府本级",
        "单位：万元",
    ]
    first = sample.projects[0]
    grid = [[text_of(tc) for tc in row] for row in rows(header_tables(data)[0])]
    assert grid[0] == ["项目编码", first.code, "项目名称", first.name]
    assert grid[1] == [
        "预算规模及资金用途",
        "预算数",
        "11.00",
        "其中：财政    资金",
        "11.00",
        "其他资金",
        "",
    ]
    assert grid[2] == ["", first.purpose]
    assert grid[3] == ["资金支出计划（%）", "3月底", "6月底", "10月底", "12月底"]
    assert grid[4] == ["", "2.50", "5.00", "8.00", "11.00"]
    goals_cell = rows(header_tables(data)[0])[5][1]
    assert cell_paragraphs(goals_cell) == first.goals
    # the merged label cells: restart above, continue below
    assert vmerge(rows(header_tables(data)[0])[1][0]) == "restart"
    assert vmerge(rows(header_tables(data)[0])[2][0]) == "continue"


def test_indicator_table_has_six_columns_and_merges_level1_over_its_rows(sample):
    data = export(sample)
    table = indicator_tables(data)[0]
    grid = rows(table)
    assert [text_of(tc) for tc in grid[0]] == list(INDICATOR_HEADERS)
    assert len(table.findall("w:tblGrid/w:gridCol", NS)) == 6
    inds = sample.projects[0].indicators
    assert len(grid) == len(inds) + 1
    for k, (row, ind) in enumerate(zip(grid[1:], inds, strict=True)):
        new_group = k == 0 or inds[k - 1].level1 != ind.level1
        assert vmerge(row[0]) == ("restart" if new_group else "continue")
        assert text_of(row[0]) == (ind.level1 if new_group else "")
        assert [text_of(tc) for tc in row[1:]] == [
            ind.level2,
            ind.name,
            ind.description,
            ind.value,
            ind.basis,
        ]


def test_a_level1_group_of_one_row_is_a_restart_without_continuation():
    grid = rows(indicator_tables(export(edge_case_document()))[0])
    merges = [vmerge(row[0]) for row in grid[1:]]
    assert merges == ["restart", "continue", "continue", "restart", "restart"]
    assert text_of(grid[4][0]) == "效益指标"


def test_a_project_without_indicators_keeps_its_header_row_only():
    table = indicator_tables(export(edge_case_document()))[1]
    grid = rows(table)
    assert len(grid) == 1 and [text_of(tc) for tc in grid[0]] == list(INDICATOR_HEADERS)


def test_blank_amounts_are_empty_cells_and_amounts_keep_their_digits():
    data = export(edge_case_document())
    first, second, third = (
        [[text_of(tc) for tc in row] for row in rows(t)] for t in header_tables(data)
    )
    assert first[1][2::2] == ["11.00", "11.00", ""]
    assert first[4][1:] == ["", "5.50", "", "11.00"]
    assert second[4][1:] == ["", "", "", "0.50"]
    assert second[1][2::2] == ["0.50", "", "0.50"]
    assert third[4][1:] == ["0", "300.5", "900", "1200"]
    assert second[5][1] == ""  # no goals


def test_qualitative_values_and_multi_paragraph_cells():
    data = export(edge_case_document())
    header = rows(header_tables(data)[0])
    assert cell_paragraphs(header[2][1]) == ["用于测试第一段", "用途的第二段"]
    grid = rows(indicator_tables(data)[0])
    assert text_of(grid[4][4]) == "村民生产生活环境明显改善"
    assert cell_paragraphs(grid[5][3]) == ["调查对象中", "满意的比例"]


def test_special_characters_are_escaped_and_control_characters_dropped():
    doc = edge_case_document()
    doc.projects[0].purpose = "甲\x0b乙\x07丙"
    data = export(doc)
    header = rows(header_tables(data)[0])
    assert text_of(header[2][1]) == "甲乙丙"
    titles = [text_of(p) for p in body(data).findall(w("p"))]
    assert "3.特殊字符 <&> 项目绩效目标表" in titles


def test_column_widths_fill_the_text_width_and_give_long_text_more_room(sample):
    data = export(sample)
    text_width = A4_WIDTH - 1587 - 1474
    for table in indicator_tables(data) + header_tables(data):
        widths = [int(g.get(w("w"))) for g in table.findall("w:tblGrid/w:gridCol", NS)]
        assert sum(widths) == text_width
        assert min(widths) >= 4 * 210  # no column narrower than a header word
        for tr in table.findall(w("tr")):  # each row's cells span the whole grid
            spans = [int(tc.find("w:tcPr/w:tcW", NS).get(w("w"))) for tc in tr.findall(w("tc"))]
            assert sum(spans) == text_width
    # 绩效指标描述 (long sentences) is wider than 一级指标 (four characters) in every table
    for table in indicator_tables(data):
        widths = [int(g.get(w("w"))) for g in table.findall("w:tblGrid/w:gridCol", NS)]
        assert widths[3] > widths[0]


def test_file_properties_name_the_document_not_python_docx():
    data = export(edge_case_document())
    core = part_xml(data, "docProps/core.xml")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert core.find(f"{dc}title").text == "测试县某某局2024年预算绩效目标"
    assert core.find(f"{dc}creator").text == "jixiao"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not [n for n in z.namelist() if "thumbnail" in n]  # python-docx's preview picture
    settings = part_xml(data, "word/settings.xml")
    assert settings.find(w("characterSpacingControl")).get(w("val")) == "compressPunctuation"


def lines_at(text: str, width_twips: int, em: float = 210) -> int:
    """Lines a one-paragraph cell of Chinese text takes at this column width."""
    room = (width_twips - 2 * CELL_MARGIN) / em
    return max(1, math.ceil(display_ems(text) / room))


def test_fit_widths_shortens_a_row_by_widening_every_column_that_holds_it_up():
    # Two long cells in one row: widening only one of them would not lower the row.
    texts = [["一级指标", "产出"], ["甲" * 12, "乙" * 12], ["丙" * 12, "丁" * 12]]
    widths = fit_widths(texts, [4, 4, 4], total=4 * 210 + 2 * 7 * 210 + 3 * 300, em=210)
    assert sum(widths) == 4 * 210 + 2 * 7 * 210 + 3 * 300
    assert [lines_at("甲" * 12, widths[1]), lines_at("丙" * 12, widths[2])] == [2, 2]


def test_fit_widths_keeps_minimums_and_shares_spare_room():
    texts = [["一级指标", "产出指标"], ["数量", "人数"]]
    widths = fit_widths(texts, [4, 3], total=8845, em=210)
    assert sum(widths) == 8845
    assert widths[0] > widths[1]  # shared in proportion to what each needs
    # too narrow a page: the minimums shrink together rather than overflow
    assert sum(fit_widths(texts, [30, 30], total=8845, em=210)) == 8845


# --- selection and template -------------------------------------------------------------


def test_selected_projects_keep_their_numbers_without_part1():
    doc = edge_case_document()
    codes = [doc.projects[2].code, doc.projects[0].code]
    data = export(doc, projects=codes)
    texts = [text_of(p) for p in body(data).findall(w("p"))]
    assert "第一部分" not in texts
    titles = [t for t in texts if t.endswith("绩效目标表")]
    assert titles == [
        "1.边界测试项目甲绩效目标表",
        "3.特殊字符 <&> 项目绩效目标表",
    ]  # document order, each with its number in the document (issue 19)
    assert len(header_tables(data)) == 2


def test_unknown_project_code_is_a_user_error():
    with pytest.raises(JixiaoError, match="没有项目编码"):
        export(edge_case_document(), projects=["NOPE"])


def make_template(path: Path) -> None:
    """An organisation's template: Letter size, its own margins and heading font, old content."""
    import docx
    from docx.shared import Pt, Twips

    d = docx.Document()
    section = d.sections[0]
    section.left_margin = section.right_margin = Twips(1800)
    heading = d.styles["Heading 1"]
    heading.font.size = Pt(18)
    heading.element.get_or_add_rPr().get_or_add_rFonts().set(w("eastAsia"), "方正小标宋简体")
    d.add_paragraph("模板里原有的文字，导出时应被清除")
    d.add_table(rows=1, cols=1)
    d.save(str(path))


def test_template_supplies_styles_and_margins_and_its_body_is_cleared(tmp_path):
    template = tmp_path / "单位模板.docx"
    make_template(template)
    data = export(edge_case_document(), template=template)
    b = body(data)
    assert "模板里原有的文字" not in text_of(b)
    sect = b.find(w("sectPr"))
    assert int(sect.find(w("pgMar")).get(w("left"))) == 1800
    assert int(sect.find(w("pgSz")).get(w("w"))) == 12240  # the template's Letter, kept
    fonts = style_rfonts(data)
    assert fonts["Heading1"] == "方正小标宋简体"
    assert fonts["TableText"] == "宋体"  # the template lacks 表格文字: ours is added
    widths = [
        int(g.get(w("w"))) for g in indicator_tables(data)[0].findall("w:tblGrid/w:gridCol", NS)
    ]
    assert sum(widths) == 12240 - 2 * 1800  # tables fit the template's text width


def test_template_without_page_setup_gets_a4(tmp_path):
    import docx

    d = docx.Document()
    sect = d.element.body.find(w("sectPr"))
    d.element.body.remove(sect)
    template = tmp_path / "无页面设置.docx"
    d.save(str(template))
    size = body(export(edge_case_document(), template=template)).find("w:sectPr/w:pgSz", NS)
    assert (int(size.get(w("w"))), int(size.get(w("h")))) == (A4_WIDTH, A4_HEIGHT)


def test_template_that_is_missing_or_not_a_docx_is_a_clear_error(tmp_path):
    with pytest.raises(JixiaoError, match="不存在"):
        export(edge_case_document(), template=tmp_path / "无此文件.docx")
    bad = tmp_path / "坏模板.docx"
    bad.write_text("这不是 Word 文件", encoding="utf-8")
    with pytest.raises(JixiaoError, match="不是有效的 Word"):
        export(edge_case_document(), template=bad)


def test_the_sample_itself_works_as_a_template(sample):
    """Its own 表格文字 style (id a5) is used instead of adding ours."""
    data = export(
        sample, template=FIXTURES / "zhangwangtuan-2023.docx", projects=[sample.projects[0].code]
    )
    first_cell = header_tables(data)[0].find("w:tr/w:tc/w:p/w:pPr/w:pStyle", NS)
    assert first_cell.get(w("val")) == "a5"
    assert len(header_tables(data)) == 1


# --- round trip through the reader --------------------------------------------------------


def read_back(data: bytes) -> Document:
    reader = pytest.importorskip("exporters.docx.reader")
    result = reader.read(data, source="导出.docx", options=ImportOptions())
    assert result.errors == []
    assert len(result.documents) == 1
    return result.documents[0]


def test_round_trip_of_the_sample(sample):
    assert without_ids(read_back(export(sample))) == without_ids(sample)


def test_round_trip_of_the_sample_read_from_word():
    reader = pytest.importorskip("exporters.docx.reader")
    data = (FIXTURES / "zhangwangtuan-2023.docx").read_bytes()
    doc = reader.read(data, source="样例", options=ImportOptions()).documents[0]
    assert without_ids(read_back(export(doc))) == without_ids(doc)


def test_round_trip_of_the_edge_cases():
    doc = edge_case_document()
    assert without_ids(read_back(export(doc))) == without_ids(doc)


def test_round_trip_of_a_plan_with_all_four_checkpoints_blank():
    doc = edge_case_document()
    doc.projects[1].plan = SpendingPlan()
    doc.projects[1].goals = ["1.目标一。"]
    assert without_ids(read_back(export(doc))) == without_ids(doc)


def test_all_blank_plan_is_written_as_four_empty_cells():
    doc = edge_case_document()
    doc.projects[1].plan = SpendingPlan()
    grid = rows(header_tables(export(doc))[1])
    assert [text_of(tc) for tc in grid[4]] == ["", "", "", "", ""]
    assert [tc.findall(w("p")) != [] for tc in grid[4]] == [True] * 5  # a paragraph per cell


def test_round_trip_of_a_selection():
    doc = edge_case_document()
    back = read_back(export(doc, projects=[doc.projects[1].code]))
    assert (back.dept_code, back.dept_name, back.year) == ("100001", "测试县某某局", 2024)
    assert without_ids(back).projects == without_ids(doc).projects[1:2]


# --- LibreOffice ---------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装")
def test_libreoffice_converts_the_exported_sample_to_pdf(sample, tmp_path):
    source = tmp_path / "导出样例.docx"
    source.write_bytes(export(sample))
    profile = tmp_path / "lo-profile"  # a private profile: no clash with a running soffice
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "导出样例.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    # a page at least per project, plus Part 1 and the Part 2 title page
    assert pages > len(sample.projects) + 2
