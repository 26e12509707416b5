"""The indicator table of one project, written in a Layout (layouts.py).

The columns come from the layout (Layout.columns_for: the same for every project of an export); a merging column
(一级指标, and 二级指标 in the 2021 layouts) is merged down each run of equal, non-blank cells
inside the runs of the merging columns before it, as in the official forms. Column widths fit
the text (write_xml.fit_widths) from each column's minimum; with many columns the cells get
narrower inner margins, and when even the minimums do not fit, headers may take two lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from model import Indicator, Project

from . import write_xml as x
from .layouts import LayoutColumn

# A column's text for an indicator: LayoutColumn.text unless the table computes some (the
# 自评表's 分值 and 得分, exporters.docx.phases).
CellText = Callable[[LayoutColumn, Indicator], str]


def _own_text(column: LayoutColumn, ind: Indicator) -> str:
    return column.text(ind)


# More columns than this, and cells get narrower inner margins (0.1 cm instead of 0.19 cm).
ROOMY_COLUMNS = 8
NARROW_MARGIN = 57
# A row taller than this many lines may break across pages.
KEEP_ROW_LINES = 8


def _lines(text: str, width: int, em: float, margin: int) -> int:
    """About how many lines text takes in a cell this wide (twips)."""
    room = max((width - 2 * margin) / em, 1.0)
    return sum(max(1, math.ceil(x.display_ems(line) / room)) for line in text.split("\n"))


def column_margin(columns: list[LayoutColumn]) -> int:
    """The cells' inner left/right margin (twips) for a table of these columns."""
    return x.CELL_MARGIN if len(columns) <= ROOMY_COLUMNS else NARROW_MARGIN


def table_grid(
    projects: list[Project],
    columns: list[LayoutColumn],
    width: int,
    em: float,
    shares: tuple[int, ...] | None = None,
    text: CellText = _own_text,
) -> list[int]:
    """One column grid (twips) for every indicator table of the export, as the sample has:
    the layout's published proportions (`shares`) when it has them, else fitted to the texts
    of all the projects together; no column narrower than its header either way."""
    if shares is not None and len(shares) == len(columns):
        return _shared_grid(columns, shares, width, em, column_margin(columns))
    fitted: list[list[str]] = [[] for _ in columns]
    for project in projects:
        inds = project.indicators
        for n, c in enumerate(columns):
            merge = _merges(inds, columns, n) if c.merges else None
            # A merged cell's text counts once, on its first row.
            fitted[n].extend(
                text(c, i) if merge is None or merge[k] != "continue" else ""
                for k, i in enumerate(inds)
            )
    return _widths(columns, fitted, width, em, column_margin(columns))


def indicator_table(
    project: Project,
    columns: list[LayoutColumn],
    cell_text: Callable[..., str],
    grid: list[int],
    em: float,
    *,
    text: CellText = _own_text,
    tail: str = "",
) -> str:
    """The table's XML in the export's grid (table_grid); cell_text(text, bold=, align=)
    gives a cell's paragraphs; tail is rows written after the indicators (the 自评表's 总分)."""
    inds = project.indicators
    texts = [[text(c, i) for i in inds] for c in columns]
    merges = [_merges(inds, columns, n) if c.merges else None for n, c in enumerate(columns)]
    margin = column_margin(columns)
    w = grid
    header = "".join(
        x.cell(cell_text(c.header, bold=True), cw) for c, cw in zip(columns, w, strict=True)
    )
    rows = [x.row(header, header=True)]
    for k in range(len(inds)):
        cells = []
        for column, col_texts, merge, cw in zip(columns, texts, merges, w, strict=True):
            vmerge = merge[k] if merge is not None else None
            if vmerge == "continue":
                cells.append(x.cell("", cw, vmerge="continue"))
            else:
                cells.append(x.cell(cell_text(col_texts[k], align=column.align), cw, vmerge=vmerge))
        lines = max(
            (_lines(col_texts[k], cw, em, margin) for col_texts, cw in zip(texts, w, strict=True)),
            default=1,
        )
        # A row is kept on one page unless it is tall: then it may break, rather than leave
        # most of a page empty.
        rows.append(x.row("".join(cells), cant_split=lines <= KEEP_ROW_LINES))
    return x.table("".join(rows) + tail, w, margin=margin)


def _merges(inds: list[Indicator], columns: list[LayoutColumn], n: int) -> list[str | None]:
    """Per row, the vMerge of column n's cell: "restart", "continue" or None (single).

    A run is a stretch of rows equal in this column and in every merging column before it;
    a blank cell is never merged."""
    keyed = [c for c in columns[: n + 1] if c.merges]
    out: list[str | None] = []
    previous: tuple[str, ...] | None = None
    for ind in inds:
        key = tuple(c.text(ind) for c in keyed)
        if not key[-1]:
            out.append(None)
        else:
            out.append("continue" if key == previous else "restart")
        previous = key
    return out


def _shared_grid(
    columns: list[LayoutColumn], shares: tuple[int, ...], width: int, em: float, margin: int
) -> list[int]:
    """The published grid scaled to the page; a column too narrow for its header on one line
    is widened, the room taken from the others in proportion to what they have to spare."""
    pad = 2 * margin + em * 0.4  # as write_xml.fit_widths: margins and glyph slack
    need = [x.display_ems(c.header) * em + pad for c in columns]
    grid = [width * s / sum(shares) for s in shares]
    short = sum(max(0.0, n - g) for n, g in zip(need, grid, strict=True))
    if short > 0:
        spare = [max(0.0, g - n) for n, g in zip(need, grid, strict=True)]
        total_spare = sum(spare)
        if total_spare >= short:  # else the page is too narrow: keep the proportions
            grid = [
                max(g, n) - (sp * short / total_spare)
                for g, n, sp in zip(grid, need, spare, strict=True)
            ]
    return x.scale_widths(grid, width)


def _widths(
    columns: list[LayoutColumn], texts: list[list[str]], width: int, em: float, margin: int
) -> list[int]:
    # A header never wraps inside a word: its column is at least as wide as the header.
    minimum = [
        max(
            c.minimum_ems,
            x.display_ems(c.header),
            min(max(map(x.display_ems, t), default=0.0), c.nowrap_ems),
        )
        for c, t in zip(columns, texts, strict=True)
    ]
    if sum(minimum) > x.available_ems(len(columns), width, em, margin):
        # Too many columns for the page: headers may take two lines (一级 / 指标), and the
        # fitting below gives the room left to the cells that need it most.
        minimum = [max(2.0, x.display_ems(c.header) / 2) for c in columns]
    with_headers = [[c.header, *t] for c, t in zip(columns, texts, strict=True)]
    return x.fit_widths(with_headers, minimum, width, em, margin=margin)
