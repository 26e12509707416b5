"""Excel (.xlsx): the whole document as one workbook, for editing in Excel, WPS or Calc.

Sheets: 部门整体目标 (the header fields with 阶段 and 评分设置, and Part 1), 项目 and 绩效指标 (the
CSV tables' columns, then a few more: 上年指标值, 计算公式, 权重; the 运行监控 / 绩效自评 columns when
filled or when the document is in that phase; and hidden 扩展字段/ID columns so ids survive).
Amounts are numeric cells whose number format shows the decimals as written (11.00 → "0.00"),
and reading restores them from the format, so "11.00", "11" and "11.5" all come back as
written. A workbook with the 部门整体目标 sheet is a full document; without it, the sheets
present are partial data merged like CSV. openpyxl is imported only when a workbook is used.
"""

from __future__ import annotations

import io
import json
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal, localcontext
from typing import Any

from model import (
    Document,
    GoalItem,
    JixiaoError,
    Measure,
    Part1,
    Profile,
    Project,
    format_amount,
    new_id,
)
from model import fields as F
from model.entities import Scoring, parse_scoring_text, scoring_text
from model.summary import summarize

from . import tables
from .base import ExportOptions, ImportOptions, ImportResult, Problem, Source, select_projects
from .limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_CHART_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_SHEETS,
    MAX_TEXT_CHARS,
    MAX_UNPACKED_BYTES,
    MAX_XML_PART_BYTES,
    MIB,
    LimitExceeded,
)
from .zipguard import check_size, open_zip

SOURCE_PROPERTY = "jixiao导出自"  # the custom file property holding Source.stamp()
SUMMARY_SHEET = "汇总"  # written first, for print; never read
SUMMARY_TOTAL = "合计"
DOC_SHEET = "部门整体目标"
PROJECT_SHEET = "项目"
INDICATOR_SHEET = "绩效指标"
DOC_COLUMNS = ("栏目", "标题或内容", "绩效目标或正文", "绩效指标")
EXTRA = F.EXTRA_LABEL  # what no field declares, as JSON
# The columns a table sheet may have after the CSV tables' own (tables.used_fields decides which
# are written), then the hidden ones.
PROJECT_MORE = (*tables.more_columns("projects"), EXTRA, "项目ID")
INDICATOR_MORE = (*tables.more_columns("indicators"), EXTRA, "指标ID")
HIDDEN = (EXTRA, "项目ID", "指标ID")

# 部门整体目标: one row per header field (栏目 → value in the next column).
_DOC_FIELDS: dict[str, F.Field] = {f.label: f for f in F.DOCUMENT_FIELDS}
SUSTAINABLE = "允许可持续影响指标"
# 自评's 一级 weights and grade bands, as one line (model.entities.scoring_text); blank = default.
SCORING = "评分设置"
HEADER_ROWS = (*_DOC_FIELDS, SUSTAINABLE, SCORING)
OVERALL, ITEM, MEASURE = "总体绩效目标", "分项绩效目标", "工作保障措施"

WIDTHS = {
    "栏目": 18,
    "标题或内容": 50,
    "绩效目标或正文": 60,
    "绩效指标": 60,
    "序号": 6,
    "项目编码": 24,
    "项目名称": 30,
    "资金用途": 40,
    "绩效目标": 50,
    "一级指标": 12,
    "二级指标": 16,
    "三级指标": 20,
    "绩效指标描述": 40,
    "指标值": 14,
    "指标值确定依据": 30,
    "上年指标值": 14,
    "计算公式": 20,
}
# A column not in WIDTHS (a field declared later) that holds prose is as wide as 指标值确定依据.
_LONG = {f.column for f in F.ALL_FIELDS if f.kind is F.Kind.LONG}
_LONG_WIDTH = 30
_EXCEL_DIGITS = 15  # Excel keeps 15 significant digits; longer amounts are written as text


# --- writing ------------------------------------------------------------------------------------


def _number_format(value: Decimal) -> str:
    decimals = max(0, -int(value.as_tuple().exponent))
    return "0." + "0" * decimals if decimals else "0"


def _put(ws: Any, row: int, col: int, value: Any, column: str) -> None:
    """One cell: amounts as numbers with their decimals, everything else as text (never a
    formula, even when it starts with "=")."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=col)
    if isinstance(value, Decimal):
        digits = value.as_tuple().digits
        negative_zero = value.is_zero() and value.is_signed()
        if len(digits) <= _EXCEL_DIGITS and not negative_zero:
            cell.value = int(value) if value.as_tuple().exponent == 0 else float(value)
            cell.number_format = _number_format(value)
            return
        value = format_amount(value)
    if value is None or isinstance(value, int):
        cell.value = value  # a blank amount stays an empty cell
        return
    if len(value) > 32767:
        raise JixiaoError(
            f"工作表“{ws.title}”第 {row} 行 {column}：文字超过 Excel 单元格上限 32767 字"
        )
    # Control characters Excel cannot store are dropped (an import drops them too: model.cleaning).
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"


def _display_width(text: str) -> int:
    """Columns a line takes in a cell: CJK and other wide characters count 2."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    return str(value)


def _line_count(text: str, width: float) -> int:
    """Lines a wrapped cell shows: each written line wrapped at the column's usable width."""
    usable = max(1.0, width - 1)  # a CJK character counts 2, as wide as in Excel; Calc is narrower
    return sum(max(1, -(-_display_width(line) // int(usable))) for line in text.split("\n"))


def _column_width(name: str, texts: list[str]) -> float:
    """As wide as the widest line (display width), at most the cap; at least two thirds of the
    cap (room to type in) and the header, up to _HEADER_WIDTH (a longer header wraps)."""
    cap = WIDTHS.get(name, _LONG_WIDTH if name in _LONG else 12)
    widest = max((_display_width(line) for t in texts for line in t.split("\n")), default=0)
    header = min(_display_width(name) + 3, _HEADER_WIDTH)
    return float(max(header, cap * 2 // 3, min(cap, widest + 3)))


_HEADER_WIDTH = 14  # 支出计划10月底（万元） wraps onto two lines rather than widen its column


def _print_setup(ws: Any, columns: int) -> None:
    """A4 landscape, every column on one page width, the header row on every page."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(columns)}{ws.max_row}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = "A2"


_LINE_POINTS = 15.0  # one line of 11 pt text
_MAX_ROW_POINTS = 409.0  # Excel's highest row


def _dress(ws: Any, header: tuple[str, ...], rows: list[list[Any]]) -> None:
    """Borders, wrapped text, a bold filled header, column widths by display width and row
    heights that show every line (openpyxl does not autofit; neither does Calc on open)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    head = Alignment(wrap_text=True, vertical="center", horizontal="center")
    bold = Font(bold=True)
    fill = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
    widths = []
    for col, name in enumerate(header, 1):
        texts = [_cell_text(row[col - 1]) for row in rows]
        width = _column_width(name, texts)
        widths.append(width)
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = width
        if name in HIDDEN:
            ws.column_dimensions[letter].hidden = True
        cell = ws.cell(row=1, column=col)
        cell.font, cell.fill, cell.border, cell.alignment = bold, fill, border, head
    ws.row_dimensions[1].height = (
        _LINE_POINTS * max(_line_count(name, w) for name, w in zip(header, widths, strict=True)) + 4
    )
    # The same border and alignment on every body cell, by their ids in the workbook's style
    # lists: assigning the objects hashes and looks them up once per cell (6× the whole write).
    border_id, wrap_id = ws.parent._borders.add(border), ws.parent._alignments.add(wrap)
    for r, values in enumerate(rows, 2):
        lines = 1
        for col, (name, value) in enumerate(zip(header, values, strict=True), 1):
            cell = ws.cell(row=r, column=col)
            if cell._style is None:  # an empty cell has no style array yet
                cell._style = StyleArray()
            cell._style.borderId, cell._style.alignmentId = border_id, wrap_id  # number format kept
            if name not in HIDDEN:
                lines = max(lines, _line_count(_cell_text(value), widths[col - 1]))
        ws.row_dimensions[r].height = min(_MAX_ROW_POINTS, _LINE_POINTS * lines + 4)


def _sheet(
    wb: Any, title: str, header: tuple[str, ...], rows: list[list[Any]], *, filters: bool = True
) -> Any:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for col, name in enumerate(header, 1):
        ws.cell(row=1, column=col, value=name)
    for r, values in enumerate(rows, 2):
        for col, (name, value) in enumerate(zip(header, values, strict=True), 1):
            _put(ws, r, col, value, name)
    _dress(ws, header, rows)
    _print_setup(ws, len(header))
    if filters:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"
    return ws


def _summary_sheet(wb: Any, doc: Document) -> None:
    """汇总 (read by nobody: the importer finds its sheets by name): one row per project and a
    合计 row from model.summary (Decimal) written as numbers, not formulas, so every reader —
    Calc, WPS, a previewer that never recalculates — shows the same totals. The columns are the
    汇总表's (exporters.summary_xlsx) but 问题数: this workbook is data, not a review."""
    from openpyxl.styles import Font

    summary = summarize(doc)
    header = tuple(summary.header[:-1])  # without 问题数
    rows: list[list[Any]] = [
        [r.number, r.code, r.name, *r.amounts, *r.plan, r.indicators] for r in summary.rows
    ]
    rows.append(
        [None, SUMMARY_TOTAL, None, *summary.totals, *summary.plan_totals, summary.indicators]
    )
    ws = _sheet(wb, SUMMARY_SHEET, header, rows, filters=False)
    bold = Font(bold=True)
    for col in range(1, len(header) + 1):
        ws.cell(row=len(rows) + 1, column=col).font = bold


def _extra_text(extra: dict[str, str]) -> str:
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""


def _cell(f: F.Field, obj: Any) -> Any:
    """A field's cell: amounts (Decimal) and the year as numbers, everything else as its text."""
    return f.get(obj) if f.kind in (F.Kind.AMOUNT, F.Kind.WEIGHT, F.Kind.YEAR) else f.text(obj)


def _doc_rows(doc: Document) -> list[list[Any]]:
    rows: list[list[Any]] = [[f.label, _cell(f, doc), "", ""] for f in F.DOCUMENT_FIELDS]
    rows.append([SUSTAINABLE, "是" if doc.allow_sustainable else "否", "", ""])
    rows.append([SCORING, scoring_text(doc.scoring), "", ""])
    rows += [[OVERALL, text, "", ""] for text in doc.part1.overall]
    rows += [[ITEM, i.title, i.goal, i.measure] for i in doc.part1.items]
    rows += [[MEASURE, m.title, m.body, ""] for m in doc.part1.measures]
    rows += [[EXTRA, key, value, ""] for key, value in F.undeclared("document", doc.extra).items()]
    return rows


def _project_rows(doc: Document, fields: tuple[F.Field, ...]) -> list[list[Any]]:
    rows = tables.project_rows(doc, fields, _cell)
    return [
        [*row, _extra_text(F.undeclared("project", p.extra)), p.id]
        for row, p in zip(rows, doc.projects, strict=True)
    ]


def _indicator_rows(doc: Document, fields: tuple[F.Field, ...]) -> list[list[Any]]:
    rows = tables.indicator_rows(doc, fields, _cell)
    indicators = [ind for p in doc.projects for ind in p.indicators]
    return [
        [*row, _extra_text(F.undeclared("indicator", ind.extra)), ind.id]
        for row, ind in zip(rows, indicators, strict=True)
    ]


def _table_sheet(wb: Any, doc: Document, table: str) -> None:
    """项目 or 绩效指标: the CSV table's columns, the targets' extra ones, the later phases' when
    used or when the document is in that phase (tables.used_fields), then the hidden ones."""
    fields = tables.used_fields(table, doc, targets_more=True)
    if table == "projects":
        header = (*tables.header(table, fields), EXTRA, "项目ID")
        rows = _project_rows(doc, fields)
        ws = _sheet(wb, PROJECT_SHEET, header, rows)
    else:
        header = (*tables.header(table, fields), EXTRA, "指标ID")
        rows = _indicator_rows(doc, fields)
        ws = _sheet(wb, INDICATOR_SHEET, header, rows)
    _choice_lists(ws, header, fields, len(rows))


def _choice_lists(ws: Any, header: tuple[str, ...], fields: tuple[F.Field, ...], rows: int) -> None:
    """A drop-down of its words on each column of a choice (偏差原因, 完成目标可能性, 完成程度), so
    whoever fills the table in Excel or WPS picks a word the import accepts (it checks anyway)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    if not rows:
        return
    for f in fields:
        if f.kind is not F.Kind.CHOICE or f.choice is None or not f.blank_ok:
            continue
        words = "、".join(w.value for w in f.choice)
        letter = get_column_letter(header.index(f.column) + 1)
        check = DataValidation(
            type="list",
            formula1='"' + ",".join(w.value for w in f.choice) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f.column,
            error=f"{f.column}请从下拉列表中选择：{words}（可留空）",
        )
        check.add(f"{letter}2:{letter}{rows + 1}")
        ws.add_data_validation(check)


def write(doc: Document, *, options: ExportOptions | None = None) -> bytes:
    from openpyxl import Workbook

    options = options or ExportOptions()
    doc = select_projects(doc, options.projects)
    wb = Workbook()
    wb.remove(wb.active)
    _summary_sheet(wb, doc)
    _sheet(wb, DOC_SHEET, DOC_COLUMNS, _doc_rows(doc))
    _table_sheet(wb, doc, "projects")
    _table_sheet(wb, doc, "indicators")
    wb.active = 2 if doc.projects else 1  # 项目, or 部门整体目标 when there is none
    source = Source.of(doc, options)
    if source is not None:  # a custom file property (文件 → 属性 → 自定义), read by merge imports
        from openpyxl.packaging.custom import StringProperty

        wb.custom_doc_props.append(StringProperty(name=SOURCE_PROPERTY, value=source.stamp()))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading ------------------------------------------------------------------------------------

_DECIMALS = re.compile(r"\.([0#?]+)")


def _format_decimals(number_format: str | None) -> int:
    """The decimals a number format shows: "0.00" → 2, "#,##0.0_ " → 1, "General" → 0."""
    section = (number_format or "").split(";", 1)[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]', "", section)  # quoted text, [Red], [$-804]
    match = _DECIMALS.search(section)
    return len(match.group(1)) if match else 0


def number_text(value: int | float, number_format: str | None) -> str:
    """A numeric cell as text: the value itself (never rounded), with the trailing zeros its
    number format shows (11 shown as 0.00 → "11.00")."""
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    with localcontext() as ctx:
        ctx.prec = _EXCEL_DIGITS  # what Excel keeps; drops binary noise like 0.30000000000000004
        number = +number
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    if "%" in (number_format or "") and isinstance(value, float | int):
        return format(number.scaleb(2).normalize(), "f") + "%"
    decimals = _format_decimals(number_format)
    if -number.as_tuple().exponent < decimals:
        number = number.quantize(Decimal(1).scaleb(-decimals))
    return format(number, "f")


def cell_text(cell: Any) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_text(value, cell.number_format)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


Row = tuple[int, list[str]]  # (row number as Excel shows it, the cells' texts from column A)
_REPAIR = "请用 Excel/WPS 打开后重新另存为 .xlsx 再导入"


class _Budget:
    """The cells and characters read so far in one workbook, against MAX_CELLS and
    MAX_TEXT_CHARS (a shared string repeated in many cells is counted in each)."""

    def __init__(self) -> None:
        self.cells = 0
        self.chars = 0


def _column_name(column: int) -> str:
    from openpyxl.utils import get_column_letter

    try:
        return f"{get_column_letter(column)} 列"
    except ValueError:
        return f"第 {column} 列"


def _sheet_rows(ws: Any, source: str, budget: _Budget) -> list[Row]:
    """Every row the sheet holds, in order, whatever its `<dimension ref=…>` says.

    openpyxl's read-only ``iter_rows`` trusts the declared dimension: a stale one silently drops
    the rows beyond it, an absurd one (A1:XFD1048576) makes it fill a million rows of 16,384
    empty cells. So the sheet's XML is parsed here, row by row, by openpyxl's own streaming
    parser, and only what is really there is read: rows over MAX_ROWS, columns over MAX_COLUMNS,
    texts over MAX_CELL_CHARS are refused, and so are row numbers that repeat or go back (which
    openpyxl would silently skip). The parser is lazy — a broken shared-string index, cell type,
    date or style only fails when its row is reached — so every error it raises is caught around
    the whole loop and becomes one line naming the file, the sheet and the row.
    """
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = f"工作表“{ws.title}”"
    wb = ws.parent
    rows: list[Row] = []
    last = current = 0  # the last row read whole, the row being read
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns (on stderr) about what it drops
            with ws._get_source() as src:
                parser = WorkSheetParser(
                    src,
                    ws._shared_strings,
                    data_only=True,
                    epoch=wb.epoch,
                    date_formats=wb._date_formats,
                    timedelta_formats=wb._timedelta_formats,
                )
                for current, cells in parser.parse():
                    where = f"{sheet}第 {current} 行"
                    if current <= last:
                        raise JixiaoError(
                            f"{source}：{where}：行号重复或次序颠倒（前一行是第 {last} 行），"
                            f"文件已损坏；{_REPAIR}"
                        )
                    if current > MAX_ROWS:
                        raise LimitExceeded(source, where, "行数过多", f"{MAX_ROWS} 行")
                    budget.cells += len(cells)
                    if budget.cells > MAX_CELLS:
                        raise LimitExceeded(source, where, "单元格过多", f"{MAX_CELLS} 个")
                    texts = _row_texts(ws, cells, where, source, ReadOnlyCell)
                    budget.chars += sum(len(t) for t in texts)
                    if budget.chars > MAX_TEXT_CHARS:
                        raise LimitExceeded(
                            source, where, "各单元格文字合计过多", f"{MAX_TEXT_CHARS} 字"
                        )
                    rows.append((current, texts))
                    last = current
    except JixiaoError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever the lazy parser meets in a damaged sheet
        row = current if current > last else last + 1
        raise JixiaoError(
            f"{source}：{sheet}第 {row} 行附近内容已损坏（{type(exc).__name__}），"
            f"无法读取；{_REPAIR}"
        ) from None
    return rows


def _row_texts(
    ws: Any, cells: list[dict[str, Any]], where: str, source: str, make: Any
) -> list[str]:
    """One row's cells (dicts from openpyxl's parser) as texts, by column."""
    if not cells:
        return []
    width = max(cell["column"] for cell in cells)
    if width > MAX_COLUMNS:
        raise LimitExceeded(
            source, f"{where} {_column_name(width)}", "列数过多", f"{MAX_COLUMNS} 列"
        )
    texts: list[str | None] = [None] * width
    for cell in cells:
        column = cell["column"]
        if column < 1 or texts[column - 1] is not None:
            raise JixiaoError(
                f"{source}：{where} {_column_name(column)}：单元格重复，文件已损坏；{_REPAIR}"
            )
        value = cell["value"]
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise LimitExceeded(
                source,
                f"{where} {_column_name(column)}",
                f"文字有 {len(value)} 字",
                f"{MAX_CELL_CHARS} 字",
            )
        texts[column - 1] = cell_text(make(ws, **cell))
    return [t or "" for t in texts]


def _split(rows: list[Row]) -> tuple[list[str], list[Row]]:
    """The header (row 1; empty when the sheet has none) and the rows below it."""
    if rows and rows[0][0] == 1:
        return rows[0][1], rows[1:]
    return [], rows


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _SheetReader:
    """Rows of one table sheet as dicts, with places that name the sheet, row and column (the
    caller names the file)."""

    def __init__(self, title: str, rows: list[Row], table: str, more: tuple[str, ...]) -> None:
        self.title = title
        header, self._body = _split(rows)
        self.index, self.problems = tables.check_header(
            header, table, f"工作表“{title}”第 1 行（表头）", also=more
        )

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def place(self, rownum: int, column: str) -> str:
        letter = _column_letter(self.index[column])
        return f"工作表“{self.title}”第 {rownum} 行 {letter} 列（{column}）"

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        for rownum, values in self._body:
            yield (
                rownum,
                {name: values[n] if n < len(values) else "" for name, n in self.index.items()},
            )


def _extra_in(text: str, where: str, problems: list[Problem]) -> dict[str, str]:
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.append(
            Problem(where, '扩展字段应为 JSON 对象（如 {"备注": "…"}），请勿手工修改此列')
        )
        return {}
    return value


def _read_doc_sheet(title: str, rows: list[Row], doc: Document, problems: list[Problem]) -> None:
    header, body = _split(rows)
    where0 = f"工作表“{title}”"
    if [h.strip() for h in header[:2]] != list(DOC_COLUMNS[:2]):
        problems.append(Problem(f"{where0}第 1 行（表头）", f"表头应为：{'、'.join(DOC_COLUMNS)}"))
        return
    seen: dict[str, int] = {}
    part1 = Part1()
    for rownum, values in body:
        values = [*values, "", "", "", ""][:4]
        label, first, second, third = (values[0].strip(), *values[1:])
        where = f"{where0}第 {rownum} 行"
        if not label:
            if any(v.strip() for v in values):
                problems.append(Problem(f"{where} A 列（栏目）", "栏目为空，请填写栏目名称"))
            continue
        if label in HEADER_ROWS:
            if label in seen:
                problems.append(Problem(where, f"“{label}”出现了两次（第 {seen[label]} 行已有）"))
                continue
            seen[label] = rownum
            _header_field(doc, label, first, f"{where} B 列（{label}）", problems)
        elif label == OVERALL:
            part1.overall.append(first)
        elif label == ITEM:
            part1.items.append(GoalItem(title=first, goal=second, measure=third))
        elif label == MEASURE:
            part1.measures.append(Measure(title=first, body=second))
        elif label == EXTRA:
            doc.extra[first] = second
        else:
            known = "、".join((*HEADER_ROWS, OVERALL, ITEM, MEASURE, EXTRA))
            problems.append(
                Problem(f"{where} A 列（栏目）", f"不认识的栏目“{label}”，可用：{known}")
            )
    doc.part1 = part1
    year = F.field("document", "year").label
    if year not in seen:
        problems.append(Problem(where0, f"缺少“{year}”一行"))


def _header_field(
    doc: Document, label: str, text: str, where: str, problems: list[Problem]
) -> None:
    value = text.strip()
    if label == SCORING:
        try:
            doc.scoring = parse_scoring_text(value) if value else Scoring()
        except JixiaoError as exc:
            problems.append(Problem(where, f"{exc}，如“{scoring_text(Scoring())}”"))
        return
    f = _DOC_FIELDS.get(label)
    if f is None:  # 允许可持续影响指标
        if value in ("是", "否"):
            doc.allow_sustainable = value == "是"
        else:
            problems.append(Problem(where, f"{label}应为“是”或“否”，现为“{value}”"))
    elif f.kind is F.Kind.YEAR:
        if re.fullmatch(r"\d{4}", value) and 1900 <= int(value) <= 2200:
            f.set(doc, int(value))
        else:
            problems.append(Problem(where, f"{label}“{value}”应为四位年份，如 2023"))
    elif f.choice is not None:  # 资金支出计划单位: 金额 / 百分比; blank = the default
        try:
            f.set(doc, f.parse(value) if value else f.get(Document()))
        except JixiaoError as exc:
            problems.append(Problem(where, str(exc)))
    elif f.kind is F.Kind.CHOICE:  # 指标体系
        try:
            f.set(doc, Profile(value))
        except ValueError:
            problems.append(Problem(where, f"{label}“{value}”应为 2015 或 2021"))
    elif f.attr == "dept_code":  # the document's key: no stray spaces
        f.set(doc, value)
    else:  # blank: the default (金额单位 万元)
        f.set(doc, text or f.get(Document()))


def _read_table(reader: _SheetReader, table: str, ids: str) -> tuple[list[Project], list[Problem]]:
    """The sheet's rows; each row's 扩展字段 (what no column holds) and id come along."""

    def extend(item: Any, rownum: int, row: dict[str, str], problems: list[Problem]) -> None:
        if EXTRA in reader.index:
            rest = _extra_in(row[EXTRA], reader.place(rownum, EXTRA), problems)
            item.extra = {**rest, **item.extra}  # a field's own column wins
        item.id = row.get(ids, "").strip()

    return tables.read_table(table, reader.rows(), reader.place, extend)


def _fields(reader: _SheetReader, table: str) -> set[str]:
    fields = set(tables.fields_of(table, reader.index))
    if EXTRA in reader.index:
        fields.add("extra" if table == "projects" else "indicators.extra")
    return fields


def read(data: bytes, *, source: str, options: ImportOptions | None = None) -> ImportResult:
    from openpyxl import load_workbook

    options = options or ImportOptions()
    check_size(data, source)
    if not data.startswith(b"PK"):
        raise JixiaoError(
            f"{source}：不是 Excel（.xlsx）文件；.xls 旧格式请在 Excel/WPS 中另存为 .xlsx"
        )
    with open_zip(data, source, "Excel", ".xlsx") as archive:
        _check_parts(archive, source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise JixiaoError(
            f"{source}：无法作为 Excel 工作簿打开（{type(exc).__name__}），文件可能已损坏；{_REPAIR}"
        ) from None
    try:
        return _read_workbook(wb, source, options)
    finally:
        wb.close()


# How a shared string begins: <si>, <si/> or <si …>, or with a namespace prefix (<x:si>, where
# the closing </x:si> is counted too: an over-count only for such rare files). bytes.count is 10
# times faster than a regular expression here.
_SI_TAGS = tuple(p + b"si" + end for p in (b"<", b":") for end in (b">", b" ", b"/"))
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _size(count: int) -> str:
    return f"{count // MIB} MB" if count >= MIB else f"{count // 1024} KB"


def _looks_like_xml(archive: zipfile.ZipFile, name: str) -> bool:
    with archive.open(name) as member:
        head = member.read(64)
    return head.startswith(_BOMS) or head.lstrip().startswith(b"<")


def _chart_cost(
    archive: zipfile.ZipFile,
    sizes: dict[str, int],
    chartsheets: list[str],
    bounded: Callable[[str], None],
) -> int:
    """What opening the chart sheets costs: openpyxl reads each chart sheet's drawings and, for
    every chart anchored in a drawing, that chart's part — however often one part is named. An
    upper bound: each anchor counted at the size of the drawing's largest related part."""
    from openpyxl.packaging.relationship import get_dependents, get_rels_path

    rels_of: dict[str, list[str]] = {}

    def targets(path: str) -> list[str]:
        rels = get_rels_path(path)
        if rels not in rels_of:
            bounded(rels)
            rels_of[rels] = (
                [r.target for r in get_dependents(archive, rels) if r.target]
                if rels in sizes
                else []
            )
        return rels_of[rels]

    anchors: dict[str, int] = {}
    cost = 0
    for sheet in chartsheets:
        cost += sizes.get(sheet, 0)
        for drawing in targets(sheet):
            if drawing not in sizes:
                continue
            if drawing not in anchors:
                with archive.open(drawing) as member:
                    xml = member.read()
                anchors[drawing] = sum(xml.count(tag) for tag in (b":chart ", b"<chart "))
            related = [sizes.get(t, 0) for t in targets(drawing)]
            cost += sizes[drawing] + anchors[drawing] * max(related, default=0)
    return cost


def _check_parts(archive: zipfile.ZipFile, source: str) -> None:
    """What openpyxl will parse, bounded before it does: it reads every part but the worksheets
    whole into memory (each at most MAX_XML_PART_BYTES), all shared strings first (at most
    MAX_SHARED_STRINGS), and each sheet's XML at least once while opening the workbook (all
    together at most MAX_UNPACKED_BYTES, however many sheets share one part)."""
    from openpyxl.packaging.manifest import Manifest
    from openpyxl.reader.excel import _find_workbook_part
    from openpyxl.reader.workbook import WorkbookParser
    from openpyxl.xml.constants import SHARED_STRINGS
    from openpyxl.xml.functions import fromstring

    sizes = {info.filename: info.file_size for info in archive.infolist()}

    def bounded(name: str) -> None:
        if sizes.get(name, 0) > MAX_XML_PART_BYTES:
            raise LimitExceeded(
                source,
                f"内部部件 {name}",
                f"解压后有 {_size(sizes[name])}",
                _size(MAX_XML_PART_BYTES),
            )

    try:
        bounded("[Content_Types].xml")
        package = Manifest.from_tree(fromstring(archive.read("[Content_Types].xml")))
        workbook = _find_workbook_part(package).PartName[1:]
        bounded(workbook)
        rels = "/".join([*workbook.split("/")[:-1], "_rels", workbook.split("/")[-1] + ".rels"])
        bounded(rels)
        parser = WorkbookParser(archive, workbook, keep_links=False)
        parser.parse()
        if len(parser.sheets) > MAX_SHEETS:
            raise LimitExceeded(
                source, "", f"工作簿有 {len(parser.sheets)} 张工作表", f"{MAX_SHEETS} 张"
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = [rel for _, rel in parser.find_sheets()]
            sheets = [rel.target for rel in found if "chartsheet" not in rel.Type]
            chartsheets = [r.target for r in found if "chartsheet" in r.Type]
            charts = _chart_cost(archive, sizes, chartsheets, bounded)
        if charts > MAX_CHART_BYTES:
            raise LimitExceeded(
                source, "", f"图表工作表共需读取 {_size(charts)}", _size(MAX_CHART_BYTES)
            )
        strings = package.find(SHARED_STRINGS)
        shared = strings.PartName[1:] if strings is not None else None
    except JixiaoError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged manifest or workbook part
        raise JixiaoError(
            f"{source}：无法作为 Excel 工作簿打开（{type(exc).__name__}），文件可能已损坏；{_REPAIR}"
        ) from None
    eager = {"[Content_Types].xml", workbook, rels, "xl/styles.xml", shared}
    streamed = [name for name in sheets if name in sizes and name not in eager]
    total = sum(sizes[name] for name in streamed)
    if total > MAX_UNPACKED_BYTES:
        raise LimitExceeded(source, "", f"各工作表共 {_size(total)}", _size(MAX_UNPACKED_BYTES))
    for name in sizes:
        if name in streamed:
            continue
        try:
            if name == shared:
                part = archive.read(name)
                count = sum(part.count(tag) for tag in _SI_TAGS)
                del part
                if count > MAX_SHARED_STRINGS:
                    raise LimitExceeded(
                        source,
                        f"内部部件 {name}",
                        f"有 {count} 条共享文字",
                        f"{MAX_SHARED_STRINGS} 条",
                    )
            elif sizes[name] > MAX_XML_PART_BYTES and _looks_like_xml(archive, name):
                bounded(name)
        except JixiaoError:
            raise
        except Exception as exc:  # noqa: BLE001 - zlib.error, a bad CRC: the part is damaged
            raise JixiaoError(
                f"{source}：内部部件 {name} 已损坏（{type(exc).__name__}），无法读取；{_REPAIR}"
            ) from None


def _source(wb: Any) -> Source | None:
    try:
        props = list(wb.custom_doc_props)
    except Exception:  # noqa: BLE001 - a damaged property part only loses the stamp
        return None
    for prop in props:
        if getattr(prop, "name", None) == SOURCE_PROPERTY and isinstance(prop.value, str):
            return Source.parse(prop.value)
    return None


def _read_workbook(wb: Any, source: str, options: ImportOptions) -> ImportResult:
    names = set(wb.sheetnames)
    if not names & {DOC_SHEET, PROJECT_SHEET, INDICATOR_SHEET}:
        raise JixiaoError(
            f"{source}：找不到工作表 {DOC_SHEET}、{PROJECT_SHEET} 或 {INDICATOR_SHEET}，"
            "请用 jixiao 导出的工作簿（或改用 CSV 导入单张表格）"
        )
    full = DOC_SHEET in names
    result = ImportResult(source=_source(wb))
    budget = _Budget()
    rows = {
        name: _sheet_rows(wb[name], source, budget)
        for name in (DOC_SHEET, PROJECT_SHEET, INDICATOR_SHEET)
        if name in names
    }
    doc = Document(dept_code=options.dept or "", year=options.year or 0)
    if full:
        for needed in (PROJECT_SHEET, INDICATOR_SHEET):
            if needed not in names:
                result.problems.append(
                    Problem("工作簿", f"缺少工作表“{needed}”（完整文档需要三张工作表）")
                )
        _read_doc_sheet(DOC_SHEET, rows[DOC_SHEET], doc, result.problems)
    readers = {
        table: _SheetReader(sheet, rows[sheet], table, more)
        for table, sheet, more in (
            ("projects", PROJECT_SHEET, PROJECT_MORE),
            ("indicators", INDICATOR_SHEET, INDICATOR_MORE),
        )
        if sheet in names
    }
    for reader in readers.values():
        result.problems += reader.problems
    if not all(r.ok for r in readers.values()):
        return result  # without the right columns the rows cannot be read
    projects: list[Project] = []
    fields: set[str] = set()
    if "projects" in readers:
        projects, problems = _read_table(readers["projects"], "projects", "项目ID")
        result.problems += problems
        fields |= _fields(readers["projects"], "projects")
    if "indicators" in readers:
        listed, problems = _read_table(readers["indicators"], "indicators", "指标ID")
        result.problems += problems
        fields |= _fields(readers["indicators"], "indicators")
        if "projects" in readers:
            _attach(projects, listed, readers["indicators"], result.problems)
        else:
            projects = listed
    doc.projects = projects
    if options.dept:
        doc.dept_code = options.dept
    if options.year:
        doc.year = options.year
    if full:
        _give_ids(doc)
    else:
        result.partial = True
        result.partial_fields = frozenset(fields)
        result.notes.append(f"没有“{DOC_SHEET}”工作表：按项目编码合并到目标文档")
    result.documents.append(doc)
    return result


def _attach(
    projects: list[Project], listed: list[Project], reader: _SheetReader, problems: list[Problem]
) -> None:
    """Give each project of the 项目 sheet its rows of the 绩效指标 sheet."""
    by_code = {p.code: p for p in projects}
    for group in listed:
        project = by_code.get(group.code)
        if project is None:
            problems.append(
                Problem(
                    f"工作表“{reader.title}”",
                    f"项目编码 {group.code} 不在“{PROJECT_SHEET}”工作表中，请先在项目表中添加该项目",
                )
            )
            continue
        project.indicators = group.indicators


def _give_ids(doc: Document) -> None:
    """A full document needs ids: rows added in Excel have none (or a copied one)."""
    seen: set[str] = set()
    for item in [x for p in doc.projects for x in (p, *p.indicators)]:
        if not item.id or item.id in seen:
            item.id = new_id()
        seen.add(item.id)
