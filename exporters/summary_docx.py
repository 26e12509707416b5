"""项目支出绩效目标汇总表 as Word: A4 landscape, the title, 单位, one table, the header repeating.

Export only: the rows come from model.summary.summarize (the same as the Excel 汇总表)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from model import Document, JixiaoError
from model.summary import Summary, problems_text, summarize

from .base import ExportOptions, ImportOptions, ImportResult, select_projects

FONT = "宋体"  # Chinese text
LATIN = "Times New Roman"  # digits and codes: narrower, a 项目编码 stays on one line


def amount_text(value: Decimal | None, decimals: int) -> str:
    """An amount written with the document's decimals; blank stays blank."""
    if value is None:
        return ""
    return f"{value:,.{decimals}f}" if abs(value) >= 1000 else f"{value:.{decimals}f}"


def read(data: bytes, *, source: str, options: ImportOptions) -> ImportResult:
    raise not_importable(source)


def not_importable(source: str) -> JixiaoError:
    return JixiaoError(
        f"{source}：汇总表只能导出，不能导入；请导入完整的文档（Word、JSON、CSV 或 Excel 导出）"
    )


def _font(run: Any, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = LATIN
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), FONT)


def _cell(cell: Any, text: str, *, bold: bool = False, align: str = "center") -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    _font(paragraph.add_run(text), TABLE_PT, bold)


def _repeat_header(row: Any) -> None:
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    trpr.append(trpr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))


def _fix_widths(table: Any, widths: list[Any]) -> None:
    """The columns at these widths in Word and LibreOffice alike: the grid, every cell, and a
    fixed layout (otherwise the grid python-docx writes, equal columns, wins)."""
    from docx.oxml.ns import qn

    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width.twips))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    tblpr = table._tbl.tblPr
    layout = tblpr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tblpr.append(layout)


def rows_text(summary: Summary) -> list[list[str]]:
    """The table's body as text: a row per project, then 合计."""
    d = summary.decimals
    body = []
    for r in summary.rows:
        body.append(
            [
                str(r.number),
                r.code,
                r.name,
                *(amount_text(v, d) for v in r.amounts),
                *(amount_text(v, d) for v in r.plan),
                str(r.indicators),
                problems_text(r.errors, r.warnings),
            ]
        )
    body.append(
        [
            "合计",
            "",
            f"{len(summary.rows)} 个项目",
            *(amount_text(v, d) for v in summary.totals),
            *(amount_text(v, d) for v in summary.plan_totals),
            str(summary.indicators),
            problems_text(summary.errors, summary.warnings),
        ]
    )
    return body


# 26.5 cm of the 26.7 cm between the margins; a 21-character 项目编码 fits on one line at 9 pt.
WIDTHS_CM = (1.2, 4.4, 4.6, 1.9, 1.9, 1.9, 1.7, 1.7, 1.7, 1.7, 1.4, 2.4)
TABLE_PT = 9


def write(doc: Document, *, options: ExportOptions | None = None) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    options = options or ExportOptions()
    summary = summarize(select_projects(doc, options.projects))
    out = docx.Document()
    section = out.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin = section.bottom_margin = Cm(2.0)
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(f"《{summary.title}》"), 16, bold=True)
    unit = out.add_paragraph()
    unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(unit.add_run(f"单位：{summary.money_unit}"), 10.5)
    header = summary.header
    body = rows_text(summary)
    table = out.add_table(rows=1 + len(body), cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for col, text in enumerate(header):
        _cell(table.rows[0].cells[col], text, bold=True)
    _repeat_header(table.rows[0])
    for i, values in enumerate(body, start=1):
        last = i == len(body)
        for col, text in enumerate(values):
            align = "left" if col in (1, 2) and not last else "center"
            if 3 <= col <= 9:
                align = "right"
            _cell(table.rows[i].cells[col], text, bold=last, align=align)
    _fix_widths(table, [Cm(w) for w in WIDTHS_CM])
    for note in summary.notes:
        p = out.add_paragraph()
        _font(p.add_run(f"注：{note}。"), 9)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
