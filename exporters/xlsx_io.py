"""Excel (.xlsx): the whole document as one workbook, for editing in Excel, WPS or Calc.

Sheets: 部门整体目标 (the header fields and Part 1), 项目 and 绩效指标 (the CSV tables' columns,
then a few more: 上年指标值, 计算公式, 权重, and hidden 扩展字段/ID columns so ids survive).
Amounts are numeric cells whose number format shows the decimals as written (11.00 → "0.00"),
and reading restores them from the format, so "11.00", "11" and "11.5" all come back as
written. A workbook with the 部门整体目标 sheet is a full document; without it, the sheets
present are partial data merged like CSV. openpyxl is imported only when a workbook is used.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal, localcontext
from typing import Any

from model import (
    AmountError,
    Document,
    GoalItem,
    Indicator,
    JixiaoError,
    Measure,
    Part1,
    Profile,
    Project,
    format_amount,
    new_id,
    parse_amount,
)

from . import tables
from .base import ExportOptions, ImportOptions, ImportResult, Problem, select_projects

DOC_SHEET = "部门整体目标"
PROJECT_SHEET = "项目"
INDICATOR_SHEET = "绩效指标"
DOC_COLUMNS = ("栏目", "标题或内容", "绩效目标或正文", "绩效指标")
EXTRA = "扩展字段"
PROJECT_MORE = (EXTRA, "项目ID")
INDICATOR_MORE = ("上年指标值", "计算公式", "权重", EXTRA, "指标ID")
HIDDEN = (EXTRA, "项目ID", "指标ID")
AMOUNT_COLUMNS = (*tables.AMOUNT_COLUMNS, "权重")

# 部门整体目标: one row per header field (栏目 → value in the next column).
HEADER_ROWS = (
    "预算单位编码",
    "预算单位名称",
    "预算年度",
    "金额单位",
    "指标体系",
    "允许可持续影响指标",
)
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
_EXCEL_DIGITS = 15  # Excel keeps 15 significant digits; longer amounts are written as text


# --- writing ------------------------------------------------------------------------------------


def _number_format(value: Decimal) -> str:
    decimals = max(0, -int(value.as_tuple().exponent))
    return "0." + "0" * decimals if decimals else "0"


def _put(ws: Any, row: int, col: int, value: Any, column: str) -> None:
    """One cell: amounts as numbers with their decimals, everything else as text (never a
    formula, even when it starts with "=")."""
    from openpyxl.utils.exceptions import IllegalCharacterError

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
    try:
        cell.value = value
    except IllegalCharacterError:
        raise JixiaoError(
            f"工作表“{ws.title}”第 {row} 行 {column}：含有 Excel 不允许的控制字符，请先删去"
        ) from None
    cell.data_type = "s"


def _sheet(wb: Any, title: str, header: tuple[str, ...], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, name in enumerate(header, 1):
        ws.cell(row=1, column=col, value=name).font = bold
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = WIDTHS.get(name, 12)
        if name in HIDDEN:
            ws.column_dimensions[letter].hidden = True
    for r, values in enumerate(rows, 2):
        for col, (name, value) in enumerate(zip(header, values, strict=True), 1):
            _put(ws, r, col, value, name)
            if isinstance(value, str) and "\n" in value:
                ws.cell(row=r, column=col).alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"


def _extra_text(extra: dict[str, str]) -> str:
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else ""


def _doc_rows(doc: Document) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["预算单位编码", doc.dept_code, "", ""],
        ["预算单位名称", doc.dept_name, "", ""],
        ["预算年度", doc.year, "", ""],
        ["金额单位", doc.money_unit, "", ""],
        ["指标体系", doc.profile.value, "", ""],
        ["允许可持续影响指标", "是" if doc.allow_sustainable else "否", "", ""],
    ]
    rows += [[OVERALL, text, "", ""] for text in doc.part1.overall]
    rows += [[ITEM, i.title, i.goal, i.measure] for i in doc.part1.items]
    rows += [[MEASURE, m.title, m.body, ""] for m in doc.part1.measures]
    rows += [[EXTRA, key, value, ""] for key, value in doc.extra.items()]
    return rows


def _project_rows(doc: Document) -> list[list[Any]]:
    return [
        [n, p.code, p.name, p.budget, p.fiscal, p.other, p.purpose, *p.plan.as_list()]
        + ["\n".join(p.goals), _extra_text(p.extra), p.id]
        for n, p in enumerate(doc.projects, 1)
    ]


def _indicator_rows(doc: Document) -> list[list[Any]]:
    return [
        [p.code, p.name, *(getattr(ind, a) for a in tables.INDICATOR_ATTRS.values())]
        + [ind.previous_value, ind.formula, ind.weight, _extra_text(ind.extra), ind.id]
        for p in doc.projects
        for ind in p.indicators
    ]


def write(doc: Document, *, options: ExportOptions | None = None) -> bytes:
    from openpyxl import Workbook

    options = options or ExportOptions()
    doc = select_projects(doc, options.projects)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, DOC_SHEET, DOC_COLUMNS, _doc_rows(doc))
    _sheet(wb, PROJECT_SHEET, (*tables.PROJECT_COLUMNS, *PROJECT_MORE), _project_rows(doc))
    _sheet(wb, INDICATOR_SHEET, (*tables.INDICATOR_COLUMNS, *INDICATOR_MORE), _indicator_rows(doc))
    wb.active = 1 if doc.projects else 0
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


def _rows(ws: Any) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    rows = ws.iter_rows()
    header_cells = next(rows, ())
    header = [cell_text(c) for c in header_cells]

    def body() -> Iterator[tuple[int, list[str]]]:
        for rownum, cells in enumerate(rows, 2):
            yield rownum, [cell_text(c) for c in cells]

    return header, body()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _SheetReader:
    """Rows of one table sheet as dicts, with places that name the sheet, row and column (the
    caller names the file)."""

    def __init__(self, ws: Any, table: str, more: tuple[str, ...]) -> None:
        self.title = ws.title
        header, self._body = _rows(ws)
        self.index, self.problems = tables.check_header(
            header, table, f"工作表“{ws.title}”第 1 行（表头）", also=more
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


def _read_doc_sheet(ws: Any, doc: Document, problems: list[Problem]) -> None:
    header, body = _rows(ws)
    where0 = f"工作表“{ws.title}”"
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
    if "预算年度" not in seen:
        problems.append(Problem(where0, "缺少“预算年度”一行"))


def _header_field(
    doc: Document, label: str, text: str, where: str, problems: list[Problem]
) -> None:
    value = text.strip()
    if label == "预算单位编码":
        doc.dept_code = value
    elif label == "预算单位名称":
        doc.dept_name = text
    elif label == "预算年度":
        if re.fullmatch(r"\d{4}", value) and 1900 <= int(value) <= 2200:
            doc.year = int(value)
        else:
            problems.append(Problem(where, f"预算年度“{value}”应为四位年份，如 2023"))
    elif label == "金额单位":
        doc.money_unit = text or "万元"
    elif label == "指标体系":
        try:
            doc.profile = Profile(value)
        except ValueError:
            problems.append(Problem(where, f"指标体系“{value}”应为 2015 或 2021"))
    elif value in ("是", "否"):
        doc.allow_sustainable = value == "是"
    else:
        problems.append(Problem(where, f"允许可持续影响指标应为“是”或“否”，现为“{value}”"))


def _amount(text: str, column: str, where: str, problems: list[Problem]) -> Decimal | None:
    try:
        return parse_amount(text, field=column)
    except AmountError as exc:
        problems.append(Problem(where, exc.message))
        return None


def _read_projects(reader: _SheetReader) -> tuple[list[Project], list[Problem]]:
    def extend(project: Project, rownum: int, row: dict[str, str], problems: list[Problem]) -> None:
        if EXTRA in reader.index:
            project.extra = _extra_in(row[EXTRA], reader.place(rownum, EXTRA), problems)
        project.id = row.get("项目ID", "").strip()

    return tables.read_table("projects", reader.rows(), reader.place, extend)


def _read_indicators(reader: _SheetReader) -> tuple[list[Project], list[Problem]]:
    def extend(ind: Indicator, rownum: int, row: dict[str, str], problems: list[Problem]) -> None:
        ind.previous_value = row.get("上年指标值", "").replace("\r\n", "\n")
        ind.formula = row.get("计算公式", "").replace("\r\n", "\n")
        if "权重" in reader.index:
            ind.weight = _amount(row["权重"], "权重", reader.place(rownum, "权重"), problems)
        if EXTRA in reader.index:
            ind.extra = _extra_in(row[EXTRA], reader.place(rownum, EXTRA), problems)
        ind.id = row.get("指标ID", "").strip()

    return tables.read_table("indicators", reader.rows(), reader.place, extend)


def _fields(reader: _SheetReader, table: str) -> set[str]:
    fields = set(tables.fields_of(table))
    if table == "projects" and EXTRA in reader.index:
        fields.add("extra")
    if table == "indicators":
        names = {
            "上年指标值": "previous_value",
            "计算公式": "formula",
            "权重": "weight",
            EXTRA: "extra",
        }
        fields |= {f"indicators.{attr}" for col, attr in names.items() if col in reader.index}
    return fields


def read(data: bytes, *, source: str, options: ImportOptions | None = None) -> ImportResult:
    from openpyxl import load_workbook

    options = options or ImportOptions()
    if not data.startswith(b"PK"):
        raise JixiaoError(
            f"{source}：不是 Excel（.xlsx）文件；.xls 旧格式请在 Excel/WPS 中另存为 .xlsx"
        )
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise JixiaoError(
            f"{source}：无法作为 Excel 工作簿打开（{type(exc).__name__}），文件可能已损坏"
        ) from None
    try:
        return _read_workbook(wb, source, options)
    finally:
        wb.close()


def _read_workbook(wb: Any, source: str, options: ImportOptions) -> ImportResult:
    names = set(wb.sheetnames)
    if not names & {DOC_SHEET, PROJECT_SHEET, INDICATOR_SHEET}:
        raise JixiaoError(
            f"{source}：找不到工作表 {DOC_SHEET}、{PROJECT_SHEET} 或 {INDICATOR_SHEET}，"
            "请用 jixiao 导出的工作簿（或改用 CSV 导入单张表格）"
        )
    full = DOC_SHEET in names
    result = ImportResult()
    doc = Document(dept_code=options.dept or "", year=options.year or 0)
    if full:
        for needed in (PROJECT_SHEET, INDICATOR_SHEET):
            if needed not in names:
                result.problems.append(
                    Problem("工作簿", f"缺少工作表“{needed}”（完整文档需要三张工作表）")
                )
        _read_doc_sheet(wb[DOC_SHEET], doc, result.problems)
    readers = {
        table: _SheetReader(wb[sheet], table, more)
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
        projects, problems = _read_projects(readers["projects"])
        result.problems += problems
        fields |= _fields(readers["projects"], "projects")
    if "indicators" in readers:
        listed, problems = _read_indicators(readers["indicators"])
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
