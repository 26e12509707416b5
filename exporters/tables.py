"""The two flat tables CSV and Excel share: their columns, rows out, and rows back in.

Rows in are dicts of column name → text; every bad cell becomes a Problem with its place, so a
file is either read whole or refused with all its errors at once. Only the fields a table holds
are filled; ``INDICATOR_TABLE_FIELDS`` / ``PROJECT_TABLE_FIELDS`` name them for model.merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from model import (
    AmountError,
    Document,
    Indicator,
    Project,
    SpendingPlan,
    format_amount,
    parse_amount,
)
from model.text import halfwidth

from .base import Problem

INDICATOR_COLUMNS: tuple[str, ...] = (
    "项目编码",
    "项目名称",
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "指标值确定依据",
)
# Column → Indicator attribute, for the indicator columns proper.
INDICATOR_ATTRS: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "绩效指标描述": "description",
    "指标值": "value",
    "指标值确定依据": "basis",
}
PLAN_COLUMNS: tuple[str, ...] = ("3月底", "6月底", "10月底", "12月底")
AMOUNT_COLUMNS: tuple[str, ...] = ("预算数", "财政资金", "其他资金", *PLAN_COLUMNS)
PROJECT_COLUMNS: tuple[str, ...] = (
    "序号",
    "项目编码",
    "项目名称",
    "预算数",
    "财政资金",
    "其他资金",
    "资金用途",
    *PLAN_COLUMNS,
    "绩效目标",
)
# 序号 is written for people and ignored on reading.
PROJECT_OPTIONAL: frozenset[str] = frozenset({"序号"})

INDICATOR_TABLE_FIELDS: frozenset[str] = frozenset(
    {"name"} | {f"indicators.{attr}" for attr in INDICATOR_ATTRS.values()}
)
PROJECT_TABLE_FIELDS: frozenset[str] = frozenset(
    {"name", "budget", "fiscal", "other", "purpose", "plan", "goals"}
)

# Headers as local forms and spreadsheets sometimes spell them.
HEADER_ALIASES: dict[str, str] = {
    "其中：财政资金": "财政资金",
    "其中:财政资金": "财政资金",
    "财政拨款": "财政资金",
    "一级": "一级指标",
    "二级": "二级指标",
    "三级": "三级指标",
    "指标名称": "三级指标",
    "指标描述": "绩效指标描述",
    "确定依据": "指标值确定依据",
}

TABLES = ("indicators", "projects")
Place = Callable[[int, str], str]  # (row number, column name) → "第 5 行 第 4 列（预算数）"
# Called with each Project / Indicator read, its row number and row: Excel adds its extra columns.
Extend = Callable[[Any, int, dict[str, str], list[Problem]], None]


def columns_of(table: str) -> tuple[str, ...]:
    return INDICATOR_COLUMNS if table == "indicators" else PROJECT_COLUMNS


def table_name(given: str | None, default: str = "indicators") -> str:
    from model import JixiaoError

    name = (given or default).strip().lower()
    if name not in TABLES:
        raise JixiaoError(
            f"表格“{given}”不存在，--table 只能是 indicators（指标表）或 projects（项目表）"
        )
    return name


# --- rows out -----------------------------------------------------------------------------------


def indicator_rows(doc: Document) -> list[list[str]]:
    return [
        [p.code, p.name, *(getattr(ind, attr) for attr in INDICATOR_ATTRS.values())]
        for p in doc.projects
        for ind in p.indicators
    ]


def project_amounts(project: Project) -> list[Decimal | None]:
    return [project.budget, project.fiscal, project.other, *project.plan.as_list()]


def project_rows(doc: Document) -> list[list[str]]:
    rows = []
    for n, p in enumerate(doc.projects, 1):
        budget, fiscal, other, *plan = (format_amount(a) for a in project_amounts(p))
        rows.append(
            [str(n), p.code, p.name, budget, fiscal, other, p.purpose, *plan, "\n".join(p.goals)]
        )
    return rows


# --- rows in ------------------------------------------------------------------------------------


def clean_header(text: str) -> str:
    name = halfwidth(text).replace("\ufeff", "").strip().replace(" ", "")
    name = name.replace(":", "：") if name.startswith("其中") else name
    return HEADER_ALIASES.get(name, name)


def detect_table(header: list[str]) -> str:
    names = {clean_header(h) for h in header}
    if names & {"一级指标", "二级指标", "三级指标", "指标值"}:
        return "indicators"
    if names & {"预算数", "资金用途", "绩效目标", "12月底"}:
        return "projects"
    return "indicators"


def check_header(
    header: list[str], table: str, where: str, *, also: tuple[str, ...] = ()
) -> tuple[dict[str, int], list[Problem]]:
    """Column name → index, and the problems: missing or repeated columns (errors), unknown ones
    (warnings: ignored, so a 备注 column added in Excel does no harm). ``also``: further columns
    that may be there (the Excel sheets' extra columns)."""
    required = [c for c in columns_of(table) if not (table == "projects" and c in PROJECT_OPTIONAL)]
    known = {*columns_of(table), *also}
    index: dict[str, int] = {}
    problems: list[Problem] = []
    unknown = []
    for n, raw in enumerate(header):
        name = clean_header(str(raw or ""))
        if not name:
            continue
        if name in index:
            problems.append(Problem(where, f"列“{name}”出现了两次，请删去一列"))
        elif name in known:
            index[name] = n
        else:
            unknown.append(name)
    missing = [c for c in required if c not in index]
    if missing:
        kind = "指标表" if table == "indicators" else "项目表"
        hint = "（或用 --table 指定表格）" if len(missing) == len(required) else ""
        problems.append(
            Problem(
                where,
                f"表头缺少列：{'、'.join(missing)}。"
                f"{kind}的表头应为：{'、'.join(columns_of(table))}{hint}",
            )
        )
    if unknown:
        problems.append(
            Problem(where, f"不认识的列 {'、'.join(unknown)}，已忽略", severity="warning")
        )
    return index, problems


def _cell_text(text: str) -> str:
    # Spreadsheets write line breaks inside a cell as \r\n; the model keeps \n.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _blank(row: dict[str, str]) -> bool:
    return not any(v.strip() for v in row.values())


def projects_from_indicator_rows(
    rows: Iterable[tuple[int, dict[str, str]]], place: Place, extend: Extend | None = None
) -> tuple[list[Project], list[Problem]]:
    """Projects (code, name, indicators in row order) from the indicator table. Ids stay blank:
    the merge matches indicators by position."""
    projects: dict[str, Project] = {}
    first_row: dict[str, int] = {}
    problems: list[Problem] = []
    for rownum, row in rows:
        if _blank(row):
            continue
        code = row.get("项目编码", "").strip()
        name = _cell_text(row.get("项目名称", ""))
        if not code:
            problems.append(
                Problem(place(rownum, "项目编码"), "项目编码为空，请填写指标所属项目的编码")
            )
            continue
        project = projects.get(code)
        if project is None:
            project = projects[code] = Project(code=code, name=name, id="")
            first_row[code] = rownum
        elif name != project.name:
            problems.append(
                Problem(
                    place(rownum, "项目名称"),
                    f"项目 {code} 的名称与第 {first_row[code]} 行不同（“{name}”≠“{project.name}”），"
                    "同一项目的各行名称应一致",
                )
            )
        ind = Indicator(id="")
        for column, attr in INDICATOR_ATTRS.items():
            setattr(ind, attr, _cell_text(row.get(column, "")))
        if extend:
            extend(ind, rownum, row, problems)
        project.indicators.append(ind)
    return list(projects.values()), problems


def projects_from_project_rows(
    rows: Iterable[tuple[int, dict[str, str]]], place: Place, extend: Extend | None = None
) -> tuple[list[Project], list[Problem]]:
    projects: list[Project] = []
    first_row: dict[str, int] = {}
    problems: list[Problem] = []
    for rownum, row in rows:
        if _blank(row):
            continue
        code = row.get("项目编码", "").strip()
        if not code:
            problems.append(Problem(place(rownum, "项目编码"), "项目编码为空，请填写项目编码"))
            continue
        if code in first_row:
            problems.append(
                Problem(
                    place(rownum, "项目编码"),
                    f"项目编码 {code} 重复（第 {first_row[code]} 行已有），每个项目只能有一行",
                )
            )
            continue
        first_row[code] = rownum
        amounts: list[Decimal | None] = []
        for column in AMOUNT_COLUMNS:
            try:
                amounts.append(parse_amount(row.get(column, ""), field=column))
            except AmountError as exc:
                problems.append(Problem(place(rownum, column), exc.message))
                amounts.append(None)
        budget, fiscal, other, *plan = amounts
        goals_text = _cell_text(row.get("绩效目标", ""))
        project = Project(
            code=code,
            name=_cell_text(row.get("项目名称", "")),
            budget=budget,
            fiscal=fiscal,
            other=other,
            purpose=_cell_text(row.get("资金用途", "")),
            plan=SpendingPlan.from_list(plan),
            goals=goals_text.split("\n") if goals_text else [],
            id="",
        )
        if extend:
            extend(project, rownum, row, problems)
        projects.append(project)
    return projects, problems


def read_table(
    table: str,
    rows: Iterable[tuple[int, dict[str, str]]],
    place: Place,
    extend: Extend | None = None,
) -> tuple[list[Project], list[Problem]]:
    if table == "indicators":
        return projects_from_indicator_rows(rows, place, extend)
    return projects_from_project_rows(rows, place, extend)


def fields_of(table: str) -> frozenset[str]:
    return INDICATOR_TABLE_FIELDS if table == "indicators" else PROJECT_TABLE_FIELDS
