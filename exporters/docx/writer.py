"""Write a Document as Word (.docx) in the official layout of the published sample.

第一部分 部门整体绩效目标 (一、总体绩效目标, 二、分项绩效目标, 三、工作保障措施), then
第二部分 预算项目绩效目标: per project, on a page of its own, the title ``N.名称绩效目标表``, the
unit line, the header table and the six-column indicator table with 一级指标 merged down its
rows. The layout mirrors the sample cell for cell, so exporters.docx.reader reads it back.

The indicator table is written in a layout of the registry (layouts.py, by write_table.py): the
one asked for, or the one the document remembers, or by default the 2021 guidance's for a
document of that guidance or one whose indicators carry 上年指标值 / 计算公式 / 权重. 指标体系,
允许可持续影响指标 and a chosen layout go in the file's custom properties (properties.py), so
that they come back too.
"""

from __future__ import annotations

import io
import zipfile

from model import Document, JixiaoError, PlanUnit, Project, format_amount

from ..base import ExportOptions, select_projects
from . import write_xml as x
from .layouts import LAYOUT_2015, LayoutColumn, choose_layout
from .properties import document_settings, write_custom_properties
from .write_style import (
    StyleIds,
    WordStyle,
    open_base,
    set_orientation,
    set_properties,
    text_width,
    written_as,
)
from .write_table import indicator_table, table_grid

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

PART1_TITLE = ("第一部分", "部门整体绩效目标")
PART2_TITLE = ("第二部分", "预算项目绩效目标")
OVERALL_HEADING = "一、总体绩效目标"
OVERALL_SUBHEADING = "（一）总体绩效目标"
ITEMS_HEADING = "二、分项绩效目标"
MEASURES_HEADING = "三、工作保障措施"
GOAL_PREFIX = "绩效目标："
MEASURE_PREFIX = "绩效指标："

# The header table's labels, exactly as the sample writes them (the spaces make Word break
# 其中：财政资金 after 财政 in its narrow column).
LABEL_CODE = "项目编码"
LABEL_NAME = "项目名称"
LABEL_BUDGET_GROUP = "预算规模及资金用途"
LABEL_BUDGET = "预算数"
LABEL_FISCAL = "其中：财政    资金"
LABEL_OTHER = "其他资金"
LABEL_PLAN = "资金支出计划（%）"  # the sample's header: a document whose plan_unit is percent
LABEL_GOALS = "绩效目标"
PLAN_LABELS = ("3月底", "6月底", "10月底", "12月底")


def plan_label(doc: Document) -> str:
    """The plan's header as the document's plan_unit says: 资金支出计划（%） or （万元）."""
    if doc.plan_unit is PlanUnit.PERCENT:
        return LABEL_PLAN
    return f"资金支出计划（{doc.money_unit or '万元'}）"


INDICATOR_HEADERS = tuple(c.header for c in LAYOUT_2015.columns)  # the sample's six columns

# The header table's 7-column grid (twips), scaled to the page's text width: the sample's, with
# the 其中：财政资金 column a little wider so that 其中：财政 fits on its first line.
HEADER_GRID = [1474, 907, 1700, 1361, 1077, 1134, 1191]
UNIT_COLUMN = 2268  # the right-hand cell of the unit line (单位：万元)


def write(doc: Document, *, options: ExportOptions, style: WordStyle | None = None) -> bytes:
    """The .docx file's bytes: the whole document, or only the projects in options.projects
    (then Part 1 is left out). The caller writes the bytes to disk atomically."""
    style = style or WordStyle()
    whole = not options.projects
    selected = select_projects(doc, options.projects)
    document, ids = open_base(options.template, style)
    table_layout = choose_layout(doc, selected.projects, options.layout)
    # The same indicator columns for every project of the export, so the tables look alike.
    columns = table_layout.columns_for(selected.projects)
    orientation = options.orientation or ("landscape" if table_layout.landscape else "portrait")
    if orientation not in ("portrait", "landscape"):
        raise JixiaoError(f"页面方向 {orientation} 无效：请选 portrait（纵向）或 landscape（横向）")
    set_orientation(document, landscape=orientation == "landscape")
    width = text_width(document)
    writer = _Writer(ids, style, width, columns)
    # One column grid for every indicator table, as in the sample.
    writer.grid = table_grid(selected.projects, columns, width, writer.em, table_layout.shares)

    parts: list[str] = []
    if whole:
        parts.append(writer.part1(doc))
    parts.append(writer.part2_title(page_break=whole))
    # Each project keeps its own number in the document (--project 5 is titled "5."), and
    # without Part 1 the first project follows the 第二部分 title on its page.
    numbers = {id(p): n for n, p in enumerate(doc.projects, start=1)}
    for k, project in enumerate(selected.projects):
        page_break = whole or k > 0
        parts.append(writer.project(doc, project, numbers[id(project)], page_break=page_break))
    parts.append(writer.end())

    year = f"{doc.year}年" if doc.year else ""
    set_properties(document, f"{doc.dept_name}{year}预算绩效目标")
    chosen = table_layout.name if options.layout or doc.layout == table_layout.name else ""
    write_custom_properties(document, document_settings(doc, chosen))
    return save(document, "".join(parts))


_BODY_MARK = "jixiao-body"  # a processing instruction where the body's text goes


def _as_text(root, body_xml: str) -> bool:
    """Whether body_xml can go into document.xml as it is (see save)."""
    return root.nsmap.get("w") == W_NS and "\r" not in body_xml


def save(document, body_xml: str) -> bytes:
    """The .docx bytes of the python-docx document with body_xml (w:p and w:tbl elements, the
    w prefix undeclared) in its body, in front of the final sectPr (page setup).

    The body is most of the file, and it is already XML text: parsing it into the tree only to
    have python-docx serialise it again cost more than the rest of the export. So the body is
    left out of the tree — a processing instruction marks its place — and put into the
    serialised document.xml as the text it is, the package written as python-docx writes it
    (pkgwriter.PackageWriter, its parts in the same order), with the parts write_style made
    once as bytes (`written_as`: the blank document's styles). The text is what the parse and the
    serialisation would give back (the tests compare the two): tags as written, text escaped
    as lxml escapes it. Where it could not be — a template that binds the w prefix to another
    namespace, or a carriage return in the text, which a parse would turn into a line feed — the
    body is parsed into the tree as before."""
    from docx.opc.pkgwriter import PackageWriter
    from lxml import etree

    root = document.element
    try:
        text: bytes | None = body_xml.encode("utf-8")
    except UnicodeEncodeError:
        text = None
    mark = None
    if text is None or not _as_text(root, body_xml):
        _append_body(document, body_xml)
    else:
        mark = etree.ProcessingInstruction(_BODY_MARK)
        sect_pr = root.body.sectPr
        if sect_pr is not None:
            sect_pr.addprevious(mark)
        else:
            root.body.append(mark)
    main = document.part.partname
    preset = written_as(document)  # the blank document's styles (write_style.open_base)
    placeholder = etree.tostring(mark) if mark is not None else b""  # b"<?jixiao-body ?>"

    class _Zip:  # PhysPkgWriter's interface, the body put in as the main part goes by
        def __init__(self, archive: zipfile.ZipFile) -> None:
            self.archive = archive

        def write(self, pack_uri, blob: bytes) -> None:
            if placeholder and pack_uri == main:
                before, found, after = blob.partition(placeholder)
                assert found and text is not None, "the body's mark is in document.xml"
                blob = before + text + after
            blob = preset.get(pack_uri, blob)
            self.archive.writestr(pack_uri.membername, blob)

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        zip_writer = _Zip(archive)
        PackageWriter._write_content_types_stream(zip_writer, package.parts)
        PackageWriter._write_pkg_rels(zip_writer, package.rels)
        PackageWriter._write_parts(zip_writer, package.parts)
    if mark is not None:
        mark.getparent().remove(mark)
    return out.getvalue()


def _append_body(document, body_xml: str) -> None:
    """Parse the body once and put it in front of the final sectPr (page setup)."""
    from docx.oxml import parse_xml

    wrapper = parse_xml(f'<w:body xmlns:w="{W_NS}">{body_xml}</w:body>')
    body = document.element.body
    sect_pr = body.sectPr
    for child in list(wrapper):
        if sect_pr is not None:
            sect_pr.addprevious(child)
        else:
            body.append(child)


class _Writer:
    """The official layout as XML text, for one style set, one page width and one set of
    indicator columns."""

    def __init__(
        self,
        ids: StyleIds,
        style: WordStyle,
        width: int,
        columns: list[LayoutColumn],
    ) -> None:
        self.ids = ids
        self.style = style
        self.width = width
        self.em = style.table_size * 20  # one em of table text, in twips
        self.indent = round(style.text_size * 20 * 2)  # two characters of body text
        self.columns = columns  # of the indicator tables
        self.grid: list[int] = []  # their one column grid (write_table.table_grid)

    # --- Part 1 -------------------------------------------------------------------------

    def part1(self, doc: Document) -> str:
        ids, p1 = self.ids, doc.part1
        out = [x.paragraph(PART1_TITLE[0], ids.title), x.paragraph(PART1_TITLE[1], ids.title)]
        out.append(x.paragraph("", ids.normal))
        out.append(self._heading(OVERALL_HEADING, ids.heading1))
        out.append(self._heading(OVERALL_SUBHEADING, ids.heading2))
        out.extend(self._body(text) for text in p1.overall)
        out.append(self._heading(ITEMS_HEADING, ids.heading1))
        for item in p1.items:
            out.append(self._heading(item.title, ids.heading3))
            out.append(self._body(GOAL_PREFIX + item.goal))
            out.append(self._body(MEASURE_PREFIX + item.measure))
        out.append(self._heading(MEASURES_HEADING, ids.heading1))
        for measure in p1.measures:
            out.append(self._heading(measure.title, ids.heading3))
            out.append(self._body(measure.body))
        return "".join(out)

    def _heading(self, text: str, style_id: str) -> str:
        return x.paragraph(text, style_id, indent_chars=2, indent_twips=self.indent)

    def _body(self, text: str) -> str:
        return x.paragraphs(text, self.ids.normal, indent_chars=2, indent_twips=self.indent)

    # --- Part 2 -------------------------------------------------------------------------

    def part2_title(self, *, page_break: bool) -> str:
        ids = self.ids
        return (
            x.paragraph(PART2_TITLE[0], ids.title, page_break_before=page_break)
            + x.paragraph("", ids.normal)
            + x.paragraph(PART2_TITLE[1], ids.title)
        )

    def project(
        self, doc: Document, project: Project, number: int, *, page_break: bool = True
    ) -> str:
        title = f"{number}.{project.name}绩效目标表"
        spacer = x.paragraph("", self.ids.table_text)
        return "".join(
            (
                x.paragraph(title, self.ids.heading1, align="center", page_break_before=page_break),
                self._unit_table(doc),
                self._header_table(doc, project),
                spacer,
                self._indicator_table(project),
            )
        )

    def end(self) -> str:
        """Word wants a paragraph after the last table; a hairline one, so that a table ending
        at the foot of a page does not push an empty page out."""
        return (
            f'<w:p><w:pPr><w:pStyle w:val="{self.ids.table_text}"/>'
            '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
        )

    def _cell_text(self, text: str, *, bold: bool = False, align: str | None = None) -> str:
        return x.paragraphs(text, self.ids.table_text, bold=bold, align=align)

    def _unit_table(self, doc: Document) -> str:
        widths = [self.width - UNIT_COLUMN, UNIT_COLUMN]
        cells = x.cell(
            self._cell_text(f"{doc.dept_code}{doc.dept_name}", align="left"), widths[0]
        ) + x.cell(self._cell_text(f"单位：{doc.money_unit}", align="right"), widths[1])
        # Cell borders "nil" too: the header table follows with no paragraph between (as in
        # the sample), and Word/LibreOffice join adjacent tables, taking one table's borders.
        nil = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right"))
        cells = cells.replace(
            '<w:vAlign w:val="center"/>',
            f'<w:tcBorders>{nil}</w:tcBorders><w:vAlign w:val="center"/>',
        )
        return x.table(x.row(cells, cant_split=True), widths, borders=False)

    def _header_table(self, doc: Document, project: Project) -> str:
        g = x.scale_widths(HEADER_GRID, self.width)

        def label(text: str, width: int, **kw) -> str:
            return x.cell(self._cell_text(text, bold=True), width, **kw)

        def value(text: str, width: int, *, align: str | None = None, **kw) -> str:
            return x.cell(self._cell_text(text, align=align), width, **kw)

        amount = format_amount
        rest = sum(g[1:])
        plan = [amount(v) for v in project.plan.as_list()]
        rows = [
            label(LABEL_CODE, g[0])
            + value(project.code, g[1] + g[2], span=2)
            + label(LABEL_NAME, g[3])
            + value(project.name, g[4] + g[5] + g[6], span=3),
            label(LABEL_BUDGET_GROUP, g[0], vmerge="restart")
            + label(LABEL_BUDGET, g[1])
            + value(amount(project.budget), g[2])
            + label(LABEL_FISCAL, g[3])
            + value(amount(project.fiscal), g[4])
            + label(LABEL_OTHER, g[5])
            + value(amount(project.other), g[6]),
            x.cell("", g[0], vmerge="continue")
            + value(project.purpose, rest, span=6, align="left"),
            label(plan_label(doc), g[0], vmerge="restart")
            + label(PLAN_LABELS[0], g[1] + g[2], span=2)
            + label(PLAN_LABELS[1], g[3])
            + label(PLAN_LABELS[2], g[4])
            + label(PLAN_LABELS[3], g[5] + g[6], span=2),
            x.cell("", g[0], vmerge="continue")
            + value(plan[0], g[1] + g[2], span=2)
            + value(plan[1], g[3])
            + value(plan[2], g[4])
            + value(plan[3], g[5] + g[6], span=2),
            label(LABEL_GOALS, g[0]) + value("\n".join(project.goals), rest, span=6, align="left"),
        ]
        # Prose rows (用途, 绩效目标) may break across pages: a long one kept whole would push
        # the table off the title's page and leave that page mostly empty.
        prose = {2, 5}
        return x.table("".join(x.row(r, cant_split=k not in prose) for k, r in enumerate(rows)), g)

    def _indicator_table(self, project: Project) -> str:
        return indicator_table(project, self.columns, self._cell_text, self.grid, self.em)
