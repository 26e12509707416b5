"""The two flat tables CSV and Excel share: their columns, rows out, and rows back in.

Rows in are dicts of column name → text; every bad cell becomes a Problem with its place, so a
file is either read whole or refused with all its errors at once. Only the fields a table holds
are filled; ``fields_of`` names them for model.merge. The columns come from model.fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from model import AmountError, Document, Indicator, JixiaoError, Phase, Project
from model import fields as F
from model.text import halfwidth

from .base import Problem
from .limits import MAX_INDICATORS, MAX_PROJECTS

_CODE, _NAME = F.project_field("code"), F.project_field("name")
NUMBER = "序号"  # written for people and ignored on reading

# The fields each table always has (the Word table's), and those it has when a file uses them
# (上年指标值, 计算公式, 权重, the 运行监控 and 绩效自评 fields, and any field declared later), in
# model.fields order: see used_fields for when each is written.
INDICATOR_TABLE: tuple[F.Field, ...] = F.WORD_INDICATOR_FIELDS
INDICATOR_MORE: tuple[F.Field, ...] = tuple(f for f in F.INDICATOR_FIELDS if not f.in_word)
PROJECT_TABLE: tuple[F.Field, ...] = tuple(f for f in F.PROJECT_HEADER if f.in_word)
PROJECT_MORE: tuple[F.Field, ...] = tuple(f for f in F.PROJECT_HEADER if not f.in_word)

INDICATOR_COLUMNS: tuple[str, ...] = (
    _CODE.column,
    _NAME.column,
    *(f.column for f in INDICATOR_TABLE),
)
PROJECT_COLUMNS: tuple[str, ...] = (NUMBER, *(f.column for f in PROJECT_TABLE))
PROJECT_OPTIONAL: frozenset[str] = frozenset({NUMBER})

# Every heading a column may have (label, short form, aliases seen in local forms and
# spreadsheets; spaces, full-width colons and brackets ignored) → the column's name.
_HEADINGS: dict[str, str] = {
    name: f.column for name, f in F.label_index((*F.PROJECT_HEADER, *F.INDICATOR_FIELDS)).items()
}

TABLES = ("indicators", "projects")
Place = Callable[[int, str], str]  # (row number, column name) → "第 5 行 第 4 列（预算数）"
# Called with each Project / Indicator read, its row number and row: Excel adds its extra columns.
Extend = Callable[[Any, int, dict[str, str], list[Problem]], None]


def columns_of(table: str) -> tuple[str, ...]:
    return INDICATOR_COLUMNS if table == "indicators" else PROJECT_COLUMNS


def fields_in(table: str) -> tuple[F.Field, ...]:
    """The table's fields in column order: those always written, then those written when used."""
    if table == "indicators":
        return (*INDICATOR_TABLE, *INDICATOR_MORE)
    return (*PROJECT_TABLE, *PROJECT_MORE)


def header(table: str, fields: tuple[F.Field, ...]) -> tuple[str, ...]:
    """The header of a table holding these fields (of ``used_fields``)."""
    lead = INDICATOR_COLUMNS[:2] if table == "indicators" else (NUMBER,)
    return (*lead, *(f.column for f in fields))


def more_columns(table: str) -> tuple[str, ...]:
    return tuple(f.column for f in (INDICATOR_MORE if table == "indicators" else PROJECT_MORE))


def in_phase_table(f: F.Field, phase: Phase) -> bool:
    """Whether the field is a column of the 运行监控表 (phase 监控) or 绩效自评表 (自评) that the
    document is being filled in for (权重 is one of the 自评表's, as 分值)."""
    return phase is not Phase.TARGET and phase.value in f.phases


def used_fields(table: str, doc: Document, *, targets_more: bool = False) -> tuple[F.Field, ...]:
    """The fields a table of doc shows, in column order: the always-written ones; the rest
    when doc fills them in; and in phase 监控 or 自评 every field of that phase's table, blank
    or not — so a unit can export its indicators, fill in the actuals in a spreadsheet and
    import them back (``jixiao import --into``). targets_more: the targets' own extra fields
    (上年指标值, 计算公式, 权重) whether used or not (Excel has room for them)."""
    if table == "indicators":
        objects: list[Any] = [i for p in doc.projects for i in p.indicators]
        always, more = INDICATOR_TABLE, INDICATOR_MORE
    else:
        objects, always, more = list(doc.projects), PROJECT_TABLE, PROJECT_MORE
    filled = set(F.in_use(more, objects))
    return (
        *always,
        *(
            f
            for f in more
            if f in filled
            or in_phase_table(f, doc.phase)
            or (targets_more and "target" in f.phases)
        ),
    )


def table_name(given: str | None, default: str = "indicators") -> str:
    name = (given or default).strip().lower()
    if name not in TABLES:
        raise JixiaoError(
            f"表格“{given}”不存在，--table 只能是 indicators（指标表）或 projects（项目表）"
        )
    return name


# --- rows out -----------------------------------------------------------------------------------


Cell = Callable[[F.Field, Any], Any]  # (field, object) → what the file writes in the cell


def indicator_rows(
    doc: Document, fields: tuple[F.Field, ...], cell: Cell = F.Field.text
) -> list[list[Any]]:
    return [
        [p.code, p.name, *(cell(f, ind) for f in fields)]
        for p in doc.projects
        for ind in p.indicators
    ]


def project_rows(
    doc: Document, fields: tuple[F.Field, ...], cell: Cell = F.Field.text
) -> list[list[Any]]:
    """The project table's rows; 序号 is the project's number (an int: CSV writes it as text)."""
    return [[n, *(cell(f, p) for f in fields)] for n, p in enumerate(doc.projects, 1)]


# --- rows in ------------------------------------------------------------------------------------


def clean_header(text: str) -> str:
    """A header cell → the column it names (any heading of the field), or the cell tidied."""
    name = halfwidth(text).replace("\ufeff", "").strip().replace(" ", "")
    return _HEADINGS.get(F.compact(name), name)


def detect_table(header: list[str]) -> str:
    names = {clean_header(h) for h in header}
    if names & {f.column for f in F.INDICATOR_FIELDS}:
        return "indicators"
    if names & {f.column for f in F.PROJECT_HEADER if f not in (_CODE, _NAME)}:
        return "projects"
    return "indicators"


def check_header(
    header: list[str], table: str, where: str, *, also: tuple[str, ...] = ()
) -> tuple[dict[str, int], list[Problem]]:
    """Column name → index, and the problems: missing or repeated columns (errors), unknown ones
    (warnings: ignored, so a 备注 column added in Excel does no harm). The columns of the fields
    written when used may be there; ``also``: further columns that may be (Excel's ids)."""
    required = [c for c in columns_of(table) if not (table == "projects" and c in PROJECT_OPTIONAL)]
    known = {*columns_of(table), *more_columns(table), *also}
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


def _read_fields(
    obj: Any,
    fields: Iterable[F.Field],
    rownum: int,
    row: dict[str, str],
    place: Place,
    problems: list[Problem],
) -> None:
    """The row's cells of the fields it has, into obj; a bad amount, or a word that is not one
    of a choice's (偏差原因, 完成目标可能性, 完成程度), is a problem (the field left blank)."""
    for f in fields:
        if f.column not in row and not f.in_word:
            continue  # a column written when used: the file does not have it
        try:
            f.set(obj, f.read(_cell_text(row.get(f.column, ""))))
        except AmountError as exc:
            problems.append(Problem(place(rownum, f.column), exc.message))
            f.set(obj, None)
        except JixiaoError as exc:  # a choice's word: obj keeps its blank default
            problems.append(Problem(place(rownum, f.column), f"{f.column}{exc.message}"))


def _too_many(what: str, limit: int) -> str:
    return (
        f"超过 {limit} {what}，超过上限；文件可能已损坏或被改动，请检查后重新导出，或把文件拆成几个"
    )


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
        code = row.get(_CODE.column, "").strip()
        name = _cell_text(row.get(_NAME.column, ""))
        if not code:
            problems.append(
                Problem(place(rownum, _CODE.column), "项目编码为空，请填写指标所属项目的编码")
            )
            continue
        project = projects.get(code)
        if project is None:
            if len(projects) >= MAX_PROJECTS:
                problems.append(
                    Problem(place(rownum, _CODE.column), _too_many("个项目", MAX_PROJECTS))
                )
                break  # reading on would only cost time: the file is refused
            project = projects[code] = Project(code=code, name=name, id="")
            first_row[code] = rownum
        elif name != project.name:
            problems.append(
                Problem(
                    place(rownum, _NAME.column),
                    f"项目 {code} 的名称与第 {first_row[code]} 行不同（“{name}”≠“{project.name}”），"
                    "同一项目的各行名称应一致",
                )
            )
        if len(project.indicators) >= MAX_INDICATORS:
            problems.append(
                Problem(
                    place(rownum, _CODE.column), _too_many(f"行指标（项目 {code}）", MAX_INDICATORS)
                )
            )
            break
        ind = Indicator(id="")
        _read_fields(ind, fields_in("indicators"), rownum, row, place, problems)
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
        code = row.get(_CODE.column, "").strip()
        if not code:
            problems.append(Problem(place(rownum, _CODE.column), "项目编码为空，请填写项目编码"))
            continue
        if code in first_row:
            problems.append(
                Problem(
                    place(rownum, _CODE.column),
                    f"项目编码 {code} 重复（第 {first_row[code]} 行已有），每个项目只能有一行",
                )
            )
            continue
        if len(projects) >= MAX_PROJECTS:
            problems.append(Problem(place(rownum, _CODE.column), _too_many("个项目", MAX_PROJECTS)))
            break
        first_row[code] = rownum
        project = Project(code=code, id="")
        fields = [f for f in fields_in("projects") if f is not _CODE]
        _read_fields(project, fields, rownum, row, place, problems)
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


def fields_of(table: str, columns: Iterable[str] = ()) -> frozenset[str]:
    """The names (model.merge) of the fields a table with these columns holds: its own, and
    those written when used that are among ``columns``."""
    present = set(columns)
    held = [f for f in fields_in(table) if f.in_word or f.column in present]
    names = {f.path for f in held if f is not _CODE}
    return frozenset({_NAME.path, *names}) if table == "indicators" else frozenset(names)
