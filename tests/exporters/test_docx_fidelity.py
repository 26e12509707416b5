"""Word export as the sample looks (issue 19, item 1): one column grid, headers whole,
the sample's line grid, clean properties; with LibreOffice, the PDF's text and page count."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from exporters.docx.write_xml import CELL_MARGIN, display_ems
from tests.exporters.test_docx_export import (  # noqa: F401 (fixture)
    FIXTURES,
    NS,
    export,
    indicator_tables,
    part_xml,
    rows,
    sample,  # noqa: F811
    text_of,
    w,
)

HAS_SOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
needs_soffice = pytest.mark.skipif(
    not HAS_SOFFICE, reason="LibreOffice (soffice) 或 pdftotext 未安装"
)


def grid(table) -> list[int]:
    return [int(g.get(w("w"))) for g in table.findall("w:tblGrid/w:gridCol", NS)]


def test_every_indicator_table_of_the_export_has_the_same_grid(sample):  # noqa: F811
    tables = indicator_tables(export(sample))
    assert len(tables) == len(sample.projects)
    grids = {tuple(grid(t)) for t in tables}
    assert len(grids) == 1, grids


def test_the_2015_grid_is_the_samples_own(sample):  # noqa: F811
    """The sample's 24 indicator tables share one grid; the export's is that grid, scaled to
    the page — except that 一级指标 is widened a little (6 %) so that its header fits on one line
    with the export's cell margins, the room taken from the others in proportion."""
    from docx import Document as WordDocument

    theirs = WordDocument(str(FIXTURES / "zhangwangtuan-2023.docx"))
    sample_grids = {
        tuple(int(g.get(w("w"))) for g in t._tbl.findall("w:tblGrid/w:gridCol", NS))
        for t in theirs.tables
        if t.rows[0].cells[0].text.strip() == "一级指标"
    }
    (sample_grid,) = sample_grids
    ours = grid(indicator_tables(export(sample))[0])
    for a, b in zip(ours, sample_grid, strict=True):
        assert abs((a / sum(ours)) / (b / sum(sample_grid)) - 1) < 0.07, (ours, sample_grid)
    # the widest column is the sample's widest (绩效指标描述), then 确定依据
    assert sorted(range(6), key=lambda k: -ours[k])[:2] == [3, 5]


def test_no_indicator_column_is_narrower_than_its_header(sample):  # noqa: F811
    table = indicator_tables(export(sample))[0]
    header = [text_of(tc) for tc in rows(table)[0]]
    em = 10.5 * 20  # the table font
    for text, width in zip(header, grid(table), strict=True):
        assert (width - 2 * CELL_MARGIN) / em >= display_ems(text), (text, width)


# --- LibreOffice -----------------------------------------------------------------------------


def to_pdf(source: Path, outdir: Path) -> Path:
    profile = outdir / "lo-profile"  # a private profile: no clash with a running soffice
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return outdir / (source.stem + ".pdf")


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, timeout=120
    )
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def rendered(sample, tmp_path_factory) -> tuple[str, str]:  # noqa: F811
    """The text layers (pages split by form feeds) of the sample export and of the sample."""
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) 或 pdftotext 未安装")
    out = tmp_path_factory.mktemp("pdf")
    ours = out / "导出样例.docx"
    ours.write_bytes(export(sample))
    theirs = out / "样例原件.docx"
    theirs.write_bytes((FIXTURES / "zhangwangtuan-2023.docx").read_bytes())
    return pdf_text(to_pdf(ours, out)), pdf_text(to_pdf(theirs, out))


@needs_soffice
def test_indicator_headers_are_not_split_in_the_pdf(rendered):
    ours, _ = rendered
    # every project page shows the basis header whole, on one line
    assert ours.count("指标值确定依据") >= 24
    assert not re.search(r"指标值确定\s*\n", ours)
    assert not re.search(r"指标值确\s*\n", ours)


@needs_soffice
def test_page_count_of_the_sample_export_is_the_samples_within_one(rendered):
    """Pages with content: the sample has two pages that hold only their footer (— 33 —,
    — 37 —: a table that just fills a page pushes the empty paragraph after it onto the next
    one). The export has no such paragraph, so it prints those two pages fewer, and more."""
    ours, theirs = rendered

    def content_pages(text: str) -> tuple[int, int]:
        pages = [p for p in text.split("\f")[:-1]]
        empty = [p for p in pages if not re.sub(r"—\s*\d+\s*—", "", p).strip()]
        return len(pages) - len(empty), len(empty)

    (n_ours, blank_ours), (n_theirs, blank_theirs) = content_pages(ours), content_pages(theirs)
    print(
        f"pages with content: export {n_ours}, sample {n_theirs}; "
        f"footer-only pages: export {blank_ours}, sample {blank_theirs}"
    )
    assert blank_ours == 0  # the export never prints an empty page
    assert abs(n_ours - n_theirs) <= 1


def test_line_grid_as_the_sample_and_no_outline_level_on_part_titles(sample):  # noqa: F811
    data = export(sample)
    ours = part_xml(data, "word/document.xml").find("w:body/w:sectPr/w:docGrid", NS)
    theirs = part_xml(
        (FIXTURES / "zhangwangtuan-2023.docx").read_bytes(), "word/document.xml"
    ).find("w:body/w:sectPr/w:docGrid", NS)
    assert ours is not None and theirs is not None
    assert dict(ours.attrib) == dict(theirs.attrib)
    styles = part_xml(data, "word/styles.xml")
    title = styles.find("w:style[@w:styleId='Title']", NS)
    assert title is not None and title.find("w:pPr/w:outlineLvl", NS) is None


def test_unit_line_table_is_followed_by_the_header_table_directly(sample):  # noqa: F811
    children = list(part_xml(export(sample), "word/document.xml").find("w:body", NS))
    titles = [
        k for k, el in enumerate(children) if el.tag == w("p") and "绩效目标表" in text_of(el)
    ]
    assert len(titles) == len(sample.projects)
    for k in titles:
        assert [el.tag for el in children[k + 1 : k + 3]] == [w("tbl"), w("tbl")]


def test_app_properties_name_jixiao_and_word_opens_it_without_compatibility_mode():
    from importlib.metadata import version

    from tests.exporters.test_docx_export import edge_case_document

    data = export(edge_case_document())
    app = part_xml(data, "docProps/app.xml")
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.find(f"{ns}Application").text == "jixiao"
    assert app.find(f"{ns}AppVersion").text == version("jixiao")
    assert b"Macintosh" not in zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml")
    settings = part_xml(data, "word/settings.xml")
    modes = [
        s.get(w("val"))
        for s in settings.findall("w:compat/w:compatSetting", NS)
        if s.get(w("name")) == "compatibilityMode"
    ]
    assert modes == ["15"]


def long_project_document():
    from dataclasses import replace

    from tests.exporters.test_docx_export import edge_case_document

    doc = edge_case_document()
    long = "长" * 1500  # far more than a page
    first = doc.projects[0]
    inds = [replace(first.indicators[0], description="说明" * 250), *first.indicators[1:]]
    doc.projects[0] = replace(first, purpose=LONG_START + long, indicators=inds)
    return doc


LONG_START = "本项目资金用途起首"


def test_long_prose_rows_may_break_across_pages_short_rows_stay_whole():
    data = export(long_project_document(), projects=["13052924P000000000001"])
    header, indicators = (
        t for t in part_xml(data, "word/document.xml").findall("w:body/w:tbl", NS)[1:3]
    )
    header_rows = header.findall("w:tr", NS)
    split = [tr.find("w:trPr/w:cantSplit", NS) is None for tr in header_rows]
    assert split == [False, False, True, False, False, True]  # 用途 and 绩效目标 may break
    ind_rows = indicators.findall("w:tr", NS)
    assert ind_rows[1].find("w:trPr/w:cantSplit", NS) is None  # the 500-character description
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in ind_rows[2:])
    # nothing but the title keeps with what follows
    for p in part_xml(data, "word/document.xml").iter(w("p")):
        assert p.find("w:pPr/w:keepNext", NS) is None


@needs_soffice
def test_a_long_purpose_starts_on_the_titles_page(tmp_path):
    source = tmp_path / "长项目.docx"
    source.write_bytes(export(long_project_document(), projects=["13052924P000000000001"]))
    pages = pdf_text(to_pdf(source, tmp_path)).split("\f")
    title_page = next(p for p in pages if "绩效目标表" in p)
    assert LONG_START in title_page


def test_one_project_exported_alone_keeps_its_number_and_reads_back(sample):  # noqa: F811
    from exporters.base import ImportOptions
    from exporters.docx.reader import read

    fifth = sample.projects[4]
    data = export(sample, projects=[fifth.code])
    paragraphs = list(part_xml(data, "word/document.xml").iter(w("p")))
    titles = [text_of(p) for p in paragraphs if "绩效目标表" in text_of(p)]
    assert titles == [f"5.{fifth.name}绩效目标表"]
    # no page holding only 第二部分: the project follows the part title on its page
    assert not [p for p in paragraphs if p.find("w:pPr/w:pageBreakBefore", NS) is not None]
    back = read(data, source="五.docx", options=ImportOptions()).documents[0]
    assert [p.code for p in back.projects] == [fifth.code]
    assert back.projects[0].name == fifth.name
    from model import without_ids

    assert without_ids(back).projects == without_ids(sample).projects[4:5]


def page_size(data: bytes) -> tuple[int, int, str | None]:
    pg = part_xml(data, "word/document.xml").find("w:body/w:sectPr/w:pgSz", NS)
    return int(pg.get(w("w"))), int(pg.get(w("h"))), pg.get(w("orient"))


def test_the_2021_layout_prints_landscape_by_default_with_whole_headers():
    from tests.exporters.test_docx_2021 import sample_2021

    doc = sample_2021(filled=True)
    data = export(doc, layout="2021")
    width, height, orient = page_size(data)
    assert (width, height, orient) == (16838, 11906, "landscape")
    table = indicator_tables(data)[0]
    header = [text_of(tc) for tc in rows(table)[0]]
    assert len(header) >= 9
    em = 10.5 * 20
    for text, cw in zip(header, grid(table), strict=True):  # narrow margins: 57 twips
        assert (cw - 2 * 57) / em >= display_ems(text), (text, cw)
    assert sum(grid(table)) == 16838 - 1587 - 1474
    # asked for: portrait
    assert page_size(export(doc, layout="2021", orientation="portrait"))[:2] == (11906, 16838)


def test_the_2015_layout_stays_portrait_unless_asked(sample):  # noqa: F811
    assert page_size(export(sample))[:2] == (11906, 16838)
    assert page_size(export(sample, orientation="landscape"))[:3] == (16838, 11906, "landscape")


def test_zero_projects_and_blank_part1_items_round_trip():
    from dataclasses import replace

    from exporters.base import ImportOptions
    from exporters.docx.reader import read
    from model import GoalItem, Measure
    from tests.exporters.test_docx_export import edge_case_document

    doc = edge_case_document()
    part1 = replace(
        doc.part1,
        items=[*doc.part1.items, GoalItem(title="", goal="无标题的目标", measure="措施")],
        measures=[
            *doc.part1.measures,
            Measure(title="3、正文空白", body=""),
            Measure(title="", body="只有正文的措施"),
        ],
    )
    empty = replace(doc, projects=[], part1=part1)
    options = ImportOptions(dept=doc.dept_code, year=doc.year)
    back = read(export(empty), source="零项目.docx", options=options)
    assert back.documents[0].projects == []
    assert back.documents[0].part1 == part1
    assert not [p for p in back.problems if p.severity == "error"]


def test_an_odt_file_gets_one_line_saying_how_to_save_it_as_docx():
    from exporters.base import ImportOptions
    from exporters.docx.reader import read
    from model import JixiaoError

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    with pytest.raises(JixiaoError) as caught:
        read(buf.getvalue(), source="目标.odt", options=ImportOptions())
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("目标.odt：")
    assert "另存为" in message and ".docx" in message
    assert "soffice --headless --convert-to docx 目标.odt" in message


def test_a_file_named_odt_gets_the_same_advice_before_it_is_read():
    from model import JixiaoError
    from service.files import file_format

    with pytest.raises(JixiaoError) as caught:
        file_format("报表.odt")
    assert "soffice --headless --convert-to docx 报表.odt" in str(caught.value)


def test_unit_line_cells_have_no_borders_when_joined_to_the_header_table(sample):  # noqa: F811
    unit = part_xml(export(sample), "word/document.xml").findall("w:body/w:tbl", NS)[0]
    for tc in unit.iter(w("tc")):
        sides = tc.findall("w:tcPr/w:tcBorders/*", NS)
        assert len(sides) == 4 and {s.get(w("val")) for s in sides} == {"nil"}
