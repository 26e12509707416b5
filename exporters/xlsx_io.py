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

from . import tables
from .base import ExportOptions, ImportOptions, ImportResult, Problem, Source, select_projects

SOURCE_PROPERTY = "jixiao导出自"  # the custom file property holding Source.stamp()
DOC_SHEET = "部门整体目标"
PROJECT_SHEET = "项目"
INDICATOR_SHEET = "绩效指标"
DOC_COLUMNS = ("栏目", "标题或内容", "绩效目标或正文", "绩效指标")
EXTRA = F.EXTRA_LABEL  # what no field declares, as JSON
# After the CSV tables' columns: every field written only when used there, then the hidden ones.
PROJECT_MORE = (*tables.more_columns("projects"), EXTRA, "项目ID")
INDICATOR_MORE = (*tables.more_columns("indicators"), EXTRA, "指标ID")
HIDDEN = (EXTRA, "项目ID", "指标ID")

# 部门整体目标: one row per header field (栏目 → value in the next column).
_DOC_FIELDS: dict[str, F.Field] = {f.label: f for f in F.DOCUMENT_FIELDS}
SUSTAINABLE = "允许可持续影响指标"
HEADER_ROWS = (*_DOC_FIELDS, SUSTAINABLE)
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


def _sheet(wb: Any, title: str, header: tuple[str, ...], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, name in enumerate(header, 1):
        ws.cell(row=1, column=col, value=name).font = bold
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = WIDTHS.get(name, _LONG_WIDTH if name in _LONG else 12)
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


def _cell(f: F.Field, obj: Any) -> Any:
    """A field's cell: amounts (Decimal) and the year as numbers, everything else as its text."""
    return f.get(obj) if f.kind in (F.Kind.AMOUNT, F.Kind.WEIGHT, F.Kind.YEAR) else f.text(obj)


def _doc_rows(doc: Document) -> list[list[Any]]:
    rows: list[list[Any]] = [[f.label, _cell(f, doc), "", ""] for f in F.DOCUMENT_FIELDS]
    rows.append([SUSTAINABLE, "是" if doc.allow_sustainable else "否", "", ""])
    rows += [[OVERALL, text, "", ""] for text in doc.part1.overall]
    rows += [[ITEM, i.title, i.goal, i.measure] for i in doc.part1.items]
    rows += [[MEASURE, m.title, m.body, ""] for m in doc.part1.measures]
    rows += [[EXTRA, key, value, ""] for key, value in F.undeclared("document", doc.extra).items()]
    return rows


def _project_rows(doc: Document) -> list[list[Any]]:
    rows = tables.project_rows(doc, tables.fields_in("projects"), _cell)
    return [
        [*row, _extra_text(F.undeclared("project", p.extra)), p.id]
        for row, p in zip(rows, doc.projects, strict=True)
    ]


def _indicator_rows(doc: Document) -> list[list[Any]]:
    rows = tables.indicator_rows(doc, tables.fields_in("indicators"), _cell)
    indicators = [ind for p in doc.projects for ind in p.indicators]
    return [
        [*row, _extra_text(F.undeclared("indicator", ind.extra)), ind.id]
        for row, ind in zip(rows, indicators, strict=True)
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
    year = F.field("document", "year").label
    if year not in seen:
        problems.append(Problem(where0, f"缺少“{year}”一行"))


def _header_field(
    doc: Document, label: str, text: str, where: str, problems: list[Problem]
) -> None:
    value = text.strip()
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
