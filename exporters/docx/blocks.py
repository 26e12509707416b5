"""The body of a .docx as a flat list of paragraphs and tables, read straight from the XML.

python-docx's ``row.cells`` rebuilds the grid for every row and repeats merged cells; walking
w:tbl/w:tr/w:tc with lxml is several times faster and tells us which cells are merged, so the
interpretation (projects.py, part1.py) sees each cell once, with its grid column and span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

from model.text import clean_cell

_P = qn("w:p")
_TBL = qn("w:tbl")
_TR = qn("w:tr")
_TC = qn("w:tc")
_T = qn("w:t")
_TAB = qn("w:tab")
_BR = qn("w:br")
_CR = qn("w:cr")
_SDT = qn("w:sdt")
_SDT_CONTENT = qn("w:sdtContent")
_TC_PR = qn("w:tcPr")
_TR_PR = qn("w:trPr")
_GRID_SPAN = qn("w:gridSpan")
_GRID_BEFORE = qn("w:gridBefore")
_V_MERGE = qn("w:vMerge")
_VAL = qn("w:val")
_TYPE = qn("w:type")
_P_PR = qn("w:pPr")
_P_STYLE = qn("w:pStyle")
_OUTLINE = qn("w:outlineLvl")
_R = qn("w:r")
_R_PR = qn("w:rPr")
_B = qn("w:b")
_STYLE = qn("w:style")
_STYLE_ID = qn("w:styleId")
_NAME = qn("w:name")
_FALSE = {"0", "false", "off"}


@dataclass(slots=True)
class Para:
    number: int  # 1-based among the body's paragraphs: "第 N 段"
    text: str
    heading: bool  # a Heading/Title style or an outline level
    bold: bool  # every run with text is bold


@dataclass(slots=True)
class Cell:
    text: str  # cleaned; paragraphs and soft breaks as "\n"
    col: int  # first grid column (0-based)
    span: int  # grid columns covered
    position: int  # 1-based place in the row as the user sees it: "第 C 列"
    continued: bool = False  # vMerge continuation: text is the merged cell's, shown above

    @property
    def end(self) -> int:
        return self.col + self.span


@dataclass(slots=True)
class Row:
    number: int  # 1-based within the table: "第 R 行"
    cells: list[Cell] = field(default_factory=list)

    def at(self, col: int) -> Cell | None:
        """The cell covering grid column col."""
        for cell in self.cells:
            if cell.col <= col < cell.end:
                return cell
        return None

    @property
    def blank(self) -> bool:
        return all(not c.text or c.continued for c in self.cells)


@dataclass(slots=True)
class Table:
    number: int  # 1-based among the body's tables: "表格 N"
    rows: list[Row] = field(default_factory=list)


Block = Para | Table


def paragraph_text(p) -> str:  # p: lxml element w:p
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        tag = el.tag
        if tag == _T:
            parts.append(el.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _CR or el.get(_TYPE) in (None, "textWrapping"):
            parts.append("\n")  # a soft line break; page and column breaks are layout only
    return "".join(parts)


class _Styles:
    """styleId → (is heading, is bold), from styles.xml, read once."""

    def __init__(self, styles_element) -> None:
        self.heading: set[str] = set()
        self.bold: set[str] = set()
        if styles_element is None:
            return
        for style in styles_element.iter(_STYLE):
            sid = style.get(_STYLE_ID) or ""
            name_el = style.find(_NAME)
            name = (name_el.get(_VAL) if name_el is not None else "") or ""
            lowered = name.lower()
            ppr = style.find(_P_PR)
            outline = ppr is not None and ppr.find(_OUTLINE) is not None
            if lowered.startswith(("heading", "title", "标题")) or outline:
                self.heading.add(sid)
            rpr = style.find(_R_PR)
            if rpr is not None and _is_on(rpr.find(_B)):
                self.bold.add(sid)


def _is_on(el) -> bool:
    return el is not None and (el.get(_VAL) or "true").lower() not in _FALSE


def _paragraph(p, number: int, styles: _Styles) -> Para:
    text = paragraph_text(p)
    style_id = ""
    heading = False
    ppr = p.find(_P_PR)
    if ppr is not None:
        ps = ppr.find(_P_STYLE)
        if ps is not None:
            style_id = ps.get(_VAL) or ""
        heading = ppr.find(_OUTLINE) is not None
    heading = heading or style_id in styles.heading
    style_bold = style_id in styles.bold
    bold = False
    if text.strip():
        bold = True
        for run in p.iter(_R):
            run_text = "".join(t.text or "" for t in run.iter(_T))
            if not run_text.strip():
                continue
            rpr = run.find(_R_PR)
            b = rpr.find(_B) if rpr is not None else None
            if not (_is_on(b) if b is not None else style_bold):
                bold = False
                break
    return Para(number, text, heading, bold)


def _table(tbl, number: int) -> Table:
    table = Table(number)
    above: dict[int, Cell] = {}  # grid column → the cell last seen there, for vMerge continuations
    for r_no, tr in enumerate(_children(tbl, _TR), 1):
        row = Row(r_no)
        col = 0
        trpr = tr.find(_TR_PR)
        if trpr is not None:
            before = trpr.find(_GRID_BEFORE)
            if before is not None:
                col = int(before.get(_VAL) or 0)
        for position, tc in enumerate(_children(tr, _TC), 1):
            span = 1
            merge = None
            tcpr = tc.find(_TC_PR)
            if tcpr is not None:
                gs = tcpr.find(_GRID_SPAN)
                if gs is not None:
                    span = max(1, int(gs.get(_VAL) or 1))
                vm = tcpr.find(_V_MERGE)
                if vm is not None:
                    merge = vm.get(_VAL) or "continue"
            if merge == "continue" and col in above:
                text = above[col].text
                cell = Cell(text, col, span, position, continued=True)
            else:
                text = clean_cell("\n".join(paragraph_text(p) for p in tc.iter(_P)))
                cell = Cell(text, col, span, position)
            row.cells.append(cell)
            for c in range(col, col + span):
                above[c] = cell
            col += span
        table.rows.append(row)
    return table


def _children(parent, tag: str):
    """Direct children with this tag, looking through content controls (w:sdt)."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)


def _body_children(body):
    for child in body.iterchildren():
        if child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _body_children(content)
        else:
            yield child


def read_blocks(document) -> list[Block]:
    """Paragraphs and tables of a python-docx Document's body, in order."""
    styles = _Styles(document.styles.element)
    blocks: list[Block] = []
    paragraphs = tables = 0
    for child in _body_children(document.element.body):
        if child.tag == _P:
            paragraphs += 1
            blocks.append(_paragraph(child, paragraphs, styles))
        elif child.tag == _TBL:
            tables += 1
            blocks.append(_table(child, tables))
    return blocks
