"""Build .docx files with python-docx from a model Document, in the layouts people actually send.

Tables are written as WordprocessingML so the merges are exactly what Word writes (gridSpan,
vMerge restart/continue) and appended to a python-docx Document. Every option is one of the
variations the importer must read to the same model (issue 3).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from model import Document, Project, format_amount, parse_value
from model.values import ValueKind


@dataclass(frozen=True)
class Variant:
    level1: str = "merged"  # "merged" (vMerge) | "repeated" in every row | "blank" below the first
    spacer_rows: bool = False  # empty rows inside the tables
    soft_breaks: bool = (
        False  # multi-line cells as one paragraph with <w:br/> instead of paragraphs
    )
    split_runs: bool = False  # every character its own run
    fullwidth: bool = False  # digits full-width everywhere (１１.００), ％ and ideographic spaces
    spaced_values: bool = False  # "≥ 90 %"
    joined_tables: bool = False  # header table and indicator table as one table
    unit_paragraph: bool = False  # the unit line as a paragraph instead of a table
    headings: str = "style"  # "style" (Heading 1/2/3) | "bold" (plain bold paragraphs)
    seven_columns: bool = False  # 2021 layout: 指标性质, 指标值, 度量单位; no 描述 column
    python_docx_tables: bool = False  # tables made by python-docx's add_table() and cell.merge()


_FULL_DIGITS = {c: c - 0x30 + 0xFF10 for c in range(0x30, 0x3A)}


class _Builder:
    def __init__(self, variant: Variant) -> None:
        self.v = variant
        self.doc = docx.Document()
        self.body = self.doc.element.body
        self.sect = self.body[-1]  # w:sectPr stays last

    # --- text ---------------------------------------------------------------------------------
    def _t(self, text: str) -> str:
        return text.translate(_FULL_DIGITS) if self.v.fullwidth else text

    def _runs(self, text: str, bold: bool = False) -> str:
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        pieces = list(text) if self.v.split_runs else [text]
        return "".join(
            f'<w:r>{rpr}<w:t xml:space="preserve">{escape(p)}</w:t></w:r>' for p in pieces if p
        )

    def _paras(self, text: str) -> str:
        lines = text.split("\n")
        if self.v.soft_breaks and len(lines) > 1:
            inner = "<w:r><w:br/></w:r>".join(self._runs(ln) for ln in lines)
            return f"<w:p>{inner}</w:p>"
        return "".join(f"<w:p>{self._runs(ln)}</w:p>" for ln in lines)

    def paragraph(self, text: str, style: str | None = None, bold: bool = False) -> None:
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        xml = f"<w:p {nsdecls('w')}>{ppr}{self._runs(self._t(text), bold)}</w:p>"
        self.sect.addprevious(parse_xml(xml))

    def heading(self, text: str, level: int) -> None:
        if self.v.headings == "style":
            self.paragraph(text, style=f"Heading{level}")
        else:
            self.paragraph(text, bold=True)

    # --- tables -------------------------------------------------------------------------------
    def table(self, widths: list[int], rows: list[list[tuple[str, int, str | None]]]) -> None:
        """rows of (text, gridSpan, vMerge: None | "restart" | "continue")."""
        if self.v.python_docx_tables:
            self._python_docx_table(len(widths), rows)
            return
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        trs = []
        for row in rows:
            tcs = []
            for text, span, merge in row:
                props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                if merge == "restart":
                    props += '<w:vMerge w:val="restart"/>'
                elif merge == "continue":
                    props += "<w:vMerge/>"
                content = (
                    "<w:p/>" if merge == "continue" or not text else self._paras(self._t(text))
                )
                tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
            trs.append(f"<w:tr>{''.join(tcs)}</w:tr>")
        xml = (
            f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f"{''.join(trs)}</w:tbl>"
        )
        self.sect.addprevious(parse_xml(xml))

    def _python_docx_table(self, ncols: int, rows: list[list[tuple[str, int, str | None]]]) -> None:
        """The same table through python-docx's own API: text first, then cell.merge()."""
        table = self.doc.add_table(rows=len(rows), cols=ncols)
        grid = [list(row.cells) for row in table.rows]  # once: table.cell() rebuilds the grid
        starts = []  # per row: (grid column, span, merge) of each cell
        for r, row in enumerate(rows):
            col, placed = 0, []
            for text, span, merge in row:
                if merge != "continue" and text:
                    grid[r][col].text = self._t(text)  # "\n" becomes a soft break
                placed.append((col, span, merge))
                col += span
            starts.append(placed)
        # Vertical merges first (all one column wide), then horizontal ones: no cell object
        # is used after a merge has removed its w:tc.
        for r, placed in enumerate(starts):
            for col, span, merge in placed:
                if merge == "restart":
                    end = r
                    while end + 1 < len(rows) and (col, span, "continue") in starts[end + 1]:
                        end += 1
                    grid[r][col].merge(grid[end][col])
        for r, placed in enumerate(starts):
            for col, span, _merge in placed:
                if span > 1:
                    grid[r][col].merge(grid[r][col + span - 1])

    def value(self, raw: str) -> str:
        parsed = parse_value(raw)
        q = parsed.quantity
        if self.v.spaced_values and parsed.kind is ValueKind.QUANTITATIVE and q is not None:
            space = "\u3000" if self.v.fullwidth else " "
            comparator = f"{q.comparator.value}{space}" if q.explicit else ""
            raw = f"{comparator}{format(q.number, 'f')}{space}{q.unit}".rstrip()
        return raw.replace("%", "％") if self.v.fullwidth else raw

    # --- the document -------------------------------------------------------------------------
    def part1(self, doc: Document) -> None:
        self.paragraph("第一部分", style="Title")
        self.paragraph("部门整体绩效目标", style="Title")
        self.heading("一、总体绩效目标", 1)
        self.heading("（一）总体绩效目标", 2)
        for text in doc.part1.overall:
            self.paragraph(text)
        self.heading("二、分项绩效目标", 1)
        for item in doc.part1.items:
            self.heading(item.title, 3)
            self.paragraph(f"绩效目标：{item.goal}")
            self.paragraph(f"绩效指标：{item.measure}")
        self.heading("三、工作保障措施", 1)
        for measure in doc.part1.measures:
            self.heading(measure.title, 3)
            for line in measure.body.split("\n"):
                self.paragraph(line)
        self.paragraph(" ")
        self.paragraph("第二部分", style="Title")
        self.paragraph("预算项目绩效目标", style="Title")

    def project(self, doc: Document, number: int, p: Project) -> None:
        v = self.v
        self.heading(f"{number}.{p.name}绩效目标表", 1)
        dept = f"{doc.dept_code}{doc.dept_name}"
        if v.unit_paragraph:
            self.paragraph(f"{dept}\u3000\u3000\u3000\u3000单位：{doc.money_unit}")
        else:
            self.table([6576, 2268], [[(dept, 1, None), (f"单位：{doc.money_unit}", 1, None)]])
        head = self._header_rows(p)
        indicators = self._indicator_rows(p)
        if v.joined_tables:
            # One grid for both: the indicator rows' last cell spans the 7th column.
            for row in indicators:
                text, span, merge = row[-1]
                row[-1] = (text, span + 1, merge)
            self.table([1474, 907, 1814, 1247, 1077, 1134, 1191], head + indicators)
        else:
            self.table([1474, 907, 1814, 1247, 1077, 1134, 1191], head)
            self.paragraph(" ")
            n = len(indicators[0])
            self.table([9000 // n] * n, indicators)
        self.paragraph("")

    def _header_rows(self, p: Project) -> list[list[tuple[str, int, str | None]]]:
        amount = format_amount
        plan = [amount(x) for x in p.plan.as_list()]
        rows = [
            [("项目编码", 1, None), (p.code, 2, None), ("项目名称", 1, None), (p.name, 3, None)],
            [
                ("预算规模及资金用途", 1, "restart"),
                ("预算数", 1, None),
                (amount(p.budget), 1, None),
                ("其中：财政    资金", 1, None),
                (amount(p.fiscal), 1, None),
                ("其他资金", 1, None),
                (amount(p.other), 1, None),
            ],
            [("", 1, "continue"), (p.purpose, 6, None)],
            [
                ("资金支出计划（%）", 1, "restart"),
                ("3月底", 2, None),
                ("6月底", 1, None),
                ("10月底", 1, None),
                ("12月底", 2, None),
            ],
            [
                ("", 1, "continue"),
                (plan[0], 2, None),
                (plan[1], 1, None),
                (plan[2], 1, None),
                (plan[3], 2, None),
            ],
            [("绩效目标", 1, None), ("\n".join(p.goals), 6, None)],
        ]
        if self.v.spacer_rows:
            rows.insert(1, [("", 1, None)] * 7)
        return rows

    def _indicator_rows(self, p: Project) -> list[list[tuple[str, int, str | None]]]:
        v = self.v
        if v.seven_columns:
            header = [
                "一级指标",
                "二级指标",
                "三级指标",
                "指标性质",
                "指标值",
                "度量单位",
                "指标值确定依据",
            ]
        else:
            header = [
                "一级指标",
                "二级指标",
                "三级指标",
                "绩效指标描述",
                "指标值",
                "指标值确定依据",
            ]
        rows: list[list[tuple[str, int, str | None]]] = [[(h, 1, None) for h in header]]
        if v.spacer_rows:
            rows.append([("", 1, None)] * len(header))
        previous = None
        for ind in p.indicators:
            first_of_group = ind.level1 != previous
            if v.spacer_rows and first_of_group and previous is not None:
                rows.append([("", 1, None)] * len(header))
            if v.level1 == "merged":
                level1 = (ind.level1, 1, "restart" if first_of_group else "continue")
            elif v.level1 == "blank":
                level1 = (ind.level1 if first_of_group else "", 1, None)
            else:
                level1 = (ind.level1, 1, None)
            previous = ind.level1
            if v.seven_columns:
                middle = self._seven(ind.value)
            else:
                middle = [ind.description, self.value(ind.value)]
            cells = [ind.level2, ind.name, *middle, ind.basis]
            rows.append([level1, *((c, 1, None) for c in cells)])
        return rows

    def _seven(self, raw: str) -> list[str]:
        parsed = parse_value(raw)
        q = parsed.quantity
        if parsed.kind is ValueKind.QUANTITATIVE and q is not None:
            nature = q.comparator.value if q.explicit else "="
            return [nature, format(q.number, "f"), q.unit]
        return ["定性", raw, ""]


def build_docx(doc: Document, variant: Variant = Variant()) -> bytes:
    builder = _Builder(variant)
    builder.part1(doc)
    for number, project in enumerate(doc.projects, 1):
        builder.project(doc, number, project)
    out = io.BytesIO()
    builder.doc.save(out)
    return out.getvalue()


def patch_document_xml(data: bytes, old: str, new: str, count: int = 1) -> bytes:
    """The same .docx with text replaced in word/document.xml (old must occur)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    xml = members["word/document.xml"].decode("utf-8")
    assert old in xml, old
    members["word/document.xml"] = xml.replace(old, new, count).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()
