"""WordprocessingML built as text: paragraphs, cells, rows and tables.

The writer joins these strings and parses the whole body once with lxml. That is much faster
than python-docx's object API, whose table.cell(r, c) rebuilds the cell grid on every call.
"""

from __future__ import annotations

import math
import re
import unicodedata

# XML 1.0 forbids most control characters; Word refuses a file that holds one.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

ROW_HEIGHT = 425  # twips, "at least": the sample's 0.75 cm rows
CELL_MARGIN = 108  # twips, left and right inside each cell

_BORDER = '<w:{side} w:val="{val}" w:sz="4" w:space="0" w:color="auto"/>'


def escape(text: str) -> str:
    text = _INVALID_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text: str, *, bold: bool = False) -> str:
    """One run; a tab in the text becomes Word's tab."""
    if not text:
        return ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    parts = [
        f'<w:t xml:space="preserve">{escape(part)}</w:t>' if part else ""
        for part in text.split("\t")
    ]
    return f"<w:r>{rpr}{'<w:tab/>'.join(parts)}</w:r>"


def paragraph(
    text: str,
    style_id: str,
    *,
    bold: bool = False,
    align: str | None = None,
    indent_chars: int = 0,
    indent_twips: int = 0,
    page_break_before: bool = False,
) -> str:
    """One paragraph; the caller splits multi-line text (see paragraphs())."""
    ppr = f'<w:pStyle w:val="{style_id}"/>'
    if page_break_before:
        ppr += "<w:pageBreakBefore/>"
    if indent_chars:
        ppr += f'<w:ind w:firstLineChars="{indent_chars * 100}" w:firstLine="{indent_twips}"/>'
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run(text, bold=bold)}</w:p>"


def paragraphs(text: str, style_id: str, **kwargs) -> str:
    """Multi-line text ("\\n") → one paragraph per line, as the model stores cells."""
    return "".join(paragraph(line, style_id, **kwargs) for line in text.split("\n"))


def cell(
    content_xml: str,
    width: int,
    *,
    span: int = 1,
    vmerge: str | None = None,
) -> str:
    """A table cell; vmerge is "restart" (first of a vertical merge), "continue" or None."""
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        tcpr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        tcpr += "<w:vMerge/>"
    tcpr += '<w:vAlign w:val="center"/>'
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content_xml or '<w:p/>'}</w:tc>"


def row(cells_xml: str, *, header: bool = False, cant_split: bool = True) -> str:
    """A table row: at least ROW_HEIGHT high; kept on one page; a header repeats on each page."""
    trpr = "<w:cantSplit/>" if cant_split else ""
    trpr += f'<w:trHeight w:val="{ROW_HEIGHT}" w:hRule="atLeast"/>'
    if header:
        trpr += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{trpr}</w:trPr>{cells_xml}</w:tr>"


def table(
    rows_xml: str, widths: list[int], *, borders: bool = True, margin: int = CELL_MARGIN
) -> str:
    """A fixed-layout table centred on the page, its column widths in twips; margin is the
    room left and right inside each cell."""
    val = "single" if borders else "none"
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    border_xml = "".join(_BORDER.format(side=s, val=val) for s in sides)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{border_xml}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows_xml}</w:tbl>"
    )


# --- column widths that fit the text -------------------------------------------------------


def display_ems(text: str) -> float:
    """Width of the longest line in ems: a Chinese character is 1, a Latin one about 0.55."""
    widest = 0.0
    for line in text.split("\n"):
        width = 0.0
        for ch in line:
            # "A" (ambiguous: ≤ ≥ “ ” ×) is full width in Chinese fonts.
            width += 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.55
        widest = max(widest, width)
    return widest


def _line_count(line_ems: list[float], width: float) -> int:
    """Lines a cell needs at this width (ems): each paragraph wraps on its own."""
    return sum(max(1, math.ceil(ems / width - 1e-9)) for ems in line_ems)


def fit_widths(
    texts_by_column: list[list[str]],
    minimum_ems: list[float],
    total: int,
    em: float,
    *,
    step_ems: float = 0.5,
    margin: int = CELL_MARGIN,
) -> list[int]:
    """Column widths in twips adding up to total that keep the table short.

    Each column starts at its minimum (in ems of the table font; it keeps header words on one
    line). Then, while there is room, take the row-shortening move that saves the most lines
    per em spent: widen just enough of the columns of one row to lower that row by a line
    (each row is as high as its tallest cell). Room left over goes half an em at a time to
    the column where it unwraps most cells, and what nobody needs is shared in proportion.
    """
    pad = _padding(em, margin)
    n = len(texts_by_column)
    available = available_ems(n, total, em, margin)
    widths = list(minimum_ems)
    if sum(widths) < available:
        fitter = _Fitter(texts_by_column, widths, step_ems)
        spare = fitter.shorten_rows(available - sum(widths))
        fitter.unwrap_cells(spare)
        widths = fitter.widths
    twips = [w * em + pad for w in widths]
    return scale_widths(twips, total)


def _padding(em: float, margin: int) -> float:
    """Twips of a column that hold no text: cell margins, and slack for glyphs wider than 1 em."""
    return 2 * margin + em * 0.4


def available_ems(columns: int, total: int, em: float, margin: int = CELL_MARGIN) -> float:
    """The text width (in ems) a table of this many columns has, all columns together."""
    return (total - columns * _padding(em, margin)) / em


class _Fitter:
    """Column widths (ems) and each column's line counts, memoised per width tried."""

    def __init__(self, texts_by_column: list[list[str]], widths: list[float], step: float):
        self.cells = [
            [[display_ems(ln) for ln in t.split("\n")] for t in col] for col in texts_by_column
        ]
        self.widths = list(widths)
        self.step = step
        self._memo: dict[tuple[int, float], list[int]] = {}
        self._need: dict[tuple[int, int, int], float] = {}

    def need(self, k: int, r: int, target: int) -> float:
        key = (k, r, target)
        if key not in self._need:
            self._need[key] = _width_for(self.cells[k][r], target, self.step)
        return self._need[key]

    def column_lines(self, k: int, width: float) -> list[int]:
        key = (k, width)
        if key not in self._memo:
            self._memo[key] = [_line_count(c, width) for c in self.cells[k]]
        return self._memo[key]

    def lines(self, widths: list[float]) -> list[list[int]]:
        return [self.column_lines(k, w) for k, w in enumerate(widths)]

    def shorten_rows(self, spare: float) -> float:
        """Take the move that saves most lines per em while one fits in spare; spare left."""
        while True:
            lines = self.lines(self.widths)
            height = _score(lines)[0]
            best, best_gain, tried = None, 0.0, set()
            for r, row in enumerate(zip(*lines, strict=True)):
                tallest = max(row)
                if tallest <= 1:
                    continue
                trial = tuple(
                    max(w, self.need(k, r, tallest - 1)) if count == tallest else w
                    for k, (w, count) in enumerate(zip(self.widths, row, strict=True))
                )
                cost = sum(trial) - sum(self.widths)
                if trial in tried or cost <= 0 or cost > spare + 1e-9:
                    continue
                tried.add(trial)
                gain = (height - _score(self.lines(list(trial)))[0]) / cost
                if gain > best_gain:
                    best, best_gain = list(trial), gain
            if best is None:
                return spare
            spare -= sum(best) - sum(self.widths)
            self.widths = best

    def unwrap_cells(self, spare: float) -> None:
        """Half an em at a time to the column where it unwraps most cells."""
        while spare >= self.step:
            lines = self.lines(self.widths)
            best, best_score = None, _score(lines)
            for k, w in enumerate(self.widths):
                trial = lines[:k] + [self.column_lines(k, w + self.step)] + lines[k + 1 :]
                score = _score(trial)
                if score < best_score:
                    best, best_score = k, score
            if best is None:
                return
            self.widths[best] += self.step
            spare -= self.step


def _width_for(line_ems: list[float], target: int, step: float) -> float:
    """The narrowest width (a multiple of step) at which a cell takes at most target lines,
    or one line per paragraph when it has more paragraphs than that."""
    target = max(target, len(line_ems))
    widest = max(line_ems, default=0.0)
    low, high = 1, max(1, math.ceil(widest / step))
    while low < high:
        mid = (low + high) // 2
        if _line_count(line_ems, mid * step) <= target:
            high = mid
        else:
            low = mid + 1
    return low * step


def _score(lines: list[list[int]]) -> tuple[int, int]:
    """(rows' total height, cells' total lines), in lines of text."""
    height = sum(max(row) for row in zip(*lines, strict=True))
    return height, sum(map(sum, lines))


def scale_widths(widths: list[float], total: int) -> list[int]:
    return _round_to_total([w * total / sum(widths) for w in widths], total)


def _round_to_total(widths: list[float], total: int) -> list[int]:
    rounded = [int(w) for w in widths]
    rounded[-1] += total - sum(rounded)
    return rounded
