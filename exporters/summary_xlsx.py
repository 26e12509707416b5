"""项目支出绩效目标汇总表 as Excel: one sheet, borders, the document's decimals, the header
frozen, A4 landscape fitted to the page width. Export only (model.summary.summarize)."""

from __future__ import annotations

import io
from decimal import Decimal

from model import Document
from model.summary import problems_text, summarize

from .base import ExportOptions, ImportOptions, ImportResult, select_projects
from .summary_docx import not_importable

# Column widths in Excel's units (about one digit each): a 21-character 项目编码 on one line.
WIDTHS = (6, 24, 32, 12, 12, 12, 11, 11, 11, 11, 8, 14)


def read(data: bytes, *, source: str, options: ImportOptions) -> ImportResult:
    raise not_importable(source)


def _value(value: Decimal | None) -> float | int | None:
    if value is None:
        return None  # a blank amount stays an empty cell, not 0
    return int(value) if value == value.to_integral_value() else float(value)


def write(doc: Document, *, options: ExportOptions | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    options = options or ExportOptions()
    summary = summarize(select_projects(doc, options.projects))
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总表"
    header = summary.header
    number_format = "#,##0." + "0" * summary.decimals if summary.decimals else "#,##0"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.cell(row=1, column=1, value=f"《{summary.title}》").font = Font(bold=True, size=16)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.cell(row=2, column=len(header), value=f"单位：{summary.money_unit}")
    ws.cell(row=2, column=len(header)).alignment = Alignment(horizontal="right")
    head_row = 3
    for col, name in enumerate(header, 1):
        cell = ws.cell(row=head_row, column=col, value=name)
        cell.font = Font(bold=True)
        cell.alignment = center
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[col - 1]
    body: list[list[object]] = []
    for r in summary.rows:
        body.append(
            [
                r.number,
                r.code,
                r.name,
                *(r.amounts),
                *(r.plan),
                r.indicators,
                problems_text(r.errors, r.warnings),
            ]
        )
    body.append(
        [
            "合计",
            "",
            f"{len(summary.rows)} 个项目",
            *summary.totals,
            *summary.plan_totals,
            summary.indicators,
            problems_text(summary.errors, summary.warnings),
        ]
    )
    for i, values in enumerate(body):
        row = head_row + 1 + i
        last = i == len(body) - 1
        for col, value in enumerate(values, 1):
            cell = ws.cell(row=row, column=col)
            if isinstance(value, Decimal) or (value is None and 4 <= col <= 10):
                cell.value = _value(value)
                cell.number_format = number_format
            else:
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula
            cell.border = border
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            if last:
                cell.font = Font(bold=True)
    row = head_row + len(body) + 1
    for note in summary.notes:
        ws.cell(row=row, column=1, value=f"注：{note}。")
        row += 1
    ws.freeze_panes = ws.cell(row=head_row + 1, column=1)
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
