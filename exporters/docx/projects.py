"""第二部分 预算项目绩效目标: one project per title / 项目编码, read row by row by label.

Each table row is classified by the labels it carries (项目编码, 预算数, 资金支出计划 …, the
indicator header), never by its position, so a header table and an indicator table joined into
one, spacer rows, merged or repeated cells and an extra unit-line table all read the same.
Indicator cells are matched to the header by grid column, which survives gridSpan and vMerge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from model import (
    Achievement,
    AmountError,
    Indicator,
    JixiaoError,
    PlanUnit,
    Project,
    SpendingPlan,
    normalise_value,
    parse_amount,
)
from model.fields import INDICATOR_FIELDS, Entity, Field, Kind, indicator_field
from model.framework import COST, EFFECT, OUTPUT, SATISFACTION, canonical
from model.text import halfwidth

from ..base import Problem
from .blocks import Cell, Para, Row, Table
from .labels import compact, field_key, tidy, tidy_cell
from .layouts import EXTRA_KEY, LAYOUT_2015, Layout, header_index, recognise
from .part1 import DOCUMENT_TITLES
from .phase_reader import PhaseRows, later_title, year_line
from .values2021 import combine_value

PROJECT_TITLE = re.compile(r"^\s*(?:\d+\s*[.．、]\s*)?(?P<name>.+?)\s*绩效目标表\s*$")


def project_title(text: str) -> re.Match[str] | None:
    """PROJECT_TITLE.match(text), the regex asked only when the text holds 绩效目标表, as every
    text it matches does: it took ~5 µs to refuse a long paragraph (its lazy name tries the
    ending at every character), 0.2 ms over the sample's 43 paragraphs before Part 2."""
    return PROJECT_TITLE.match(text) if "绩效目标表" in text else None


_MONEY_UNIT = re.compile(r"(?:金额|计量)?单位\s*[：:]\s*(?P<unit>百万元|万元|千元|亿元|元)")


def money_unit_in(text: str) -> re.Match[str] | None:
    """_MONEY_UNIT.search(text), the regex asked only when the text holds 单位, as every text
    it finds does: its optional first word has it try every character (a row's long 绩效目标
    or 资金用途 text), 0.35 -> 0.12 ms over the sample's cells in rows of up to three."""
    return _MONEY_UNIT.search(text) if "单位" in text else None


_DEPT = re.compile(
    r"^(?:(?:预算)?单位(?:名称)?|部门(?:名称)?)?\s*[：:]?\s*(?P<code>\d{3,})?\s*(?P<name>.*)$"
)
_CHECKPOINTS = {"3月底": 0, "6月底": 1, "10月底": 2, "12月底": 3}

# Left-hand labels that span the indicator block in some layouts: structure, not a column.
_BLOCK_LABELS = {"绩效指标", "年度绩效指标"}
# A header-less table is read in the sample's six columns.
_STANDARD_COLUMNS = tuple(c.key for c in LAYOUT_2015.columns)
_LEVEL1_NAMES = {OUTPUT, EFFECT, SATISFACTION, COST}
_GOAL_LABELS = {"绩效目标", "年度绩效目标", "项目绩效目标"}
# Labels that begin a row of their own: never plan values.
_PLAN_HEADER = re.compile(r"^资金支出计划(?:[(（](?P<unit>[^)）]{0,8})[)）])?$")


def plan_header_unit(label: str) -> PlanUnit | None:
    """The unit a plan header names: 资金支出计划（%） → PERCENT, （万元） → AMOUNT; None when it
    names none (资金支出计划) or is not a plan header."""
    match = _PLAN_HEADER.match(compact(label))
    if match is None or not match.group("unit"):
        return None
    try:
        return PlanUnit.from_text(match.group("unit"))
    except JixiaoError:
        return None


_ROW_LABELS = {"项目编码", "项目名称", "预算数", "资金用途", *_GOAL_LABELS}
_IDENTITY = frozenset({"项目编码", "项目名称"})


@dataclass(slots=True)
class UnitLine:
    dept_code: str
    dept_name: str
    money_unit: str
    where: str


@dataclass(slots=True)
class _ProjectState:
    project: Project
    where: str
    title_name: str = ""
    columns: dict[int, str] | None = None  # grid column → field, after an indicator header
    extra_columns: dict[int, str] = field(default_factory=dict)  # unknown header → its label
    plan_columns: list[tuple[int, int, int]] | None = None  # (first col, end col, checkpoint)
    level1: str = ""
    seen: set[str] = field(default_factory=set)  # labels already read (a repeat starts anew)
    fields: tuple[tuple[Field, str], ...] = ()  # _fields_of(columns)
    phase: PhaseRows | None = None  # a 监控表 / 自评表's header rows (phase_reader.py)


def parse_unit_line(text: str, where: str) -> UnitLine | None:
    """`903001巨鹿县…本级 … 单位：万元` → code, name, money unit; None when not a unit line."""
    text = tidy(text).replace("\n", " ")
    match = money_unit_in(text)
    if not match:
        return None
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    dept = _DEPT.match(rest)
    code = (dept.group("code") or "") if dept else ""
    name = (dept.group("name") if dept else rest).strip()
    return UnitLine(code, name, match.group("unit"), where)


class ProjectReader:
    """Feeds blocks of Part 2 in order; collects projects, unit lines and problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.projects: list[Project] = []
        self.units: list[UnitLine] = []
        self._state: _ProjectState | None = None
        # The layout of the first indicator table that is in one of layouts.LAYOUTS.
        self.layout: Layout | None = None
        self._headers = header_index()  # indicator heading → LayoutColumn.key
        self._longest = max(map(len, self._headers), default=0)  # for _header_of
        self._known = _ROW_LABELS | self._headers.keys()  # labels that begin a row of their own
        self._pending_title: tuple[str, str] | None = None  # (name, where) before the tables
        # The unit each plan header names (资金支出计划（%） → PERCENT, （万元） → AMOUNT).
        self.plan_units: list[PlanUnit] = []
        # The later phase whose tables were read ("monitor", "evaluate"), and the years of
        # their （YYYY年度） lines.
        self.phase: str = ""
        self.years: list[int] = []
        self._amount_fields: dict[str, str | None] = {}  # label → _amount_field(label)
        self._header_keys: dict[str, str | None] = {}  # label → _header_of(label)
        # A cell's text → its amount, for the texts that are one: a document repeats its
        # amounts (every project's 预算数 in its 资金支出计划, 0.00 …), and parsing one took
        # as long as reading its row.
        self._parsed_amounts: dict[str, Decimal | None] = {}
        # A 指标值 cell's text → normalise_value(tidy(text)): the sample's 174 indicators have 66
        # values (100%, ≥95% …), and normalising one took as long as the rest of its field.
        self._values: dict[str, str] = {}

    # --- paragraphs -------------------------------------------------------------------------
    def paragraph(self, para: Para) -> None:
        text = tidy(para.text)
        if not text or compact(text) in DOCUMENT_TITLES:
            return
        where = f"第 {para.number} 段"
        phase = later_title(text)
        if phase:
            # A 监控表 / 自评表 title: a project of that table follows; its name is in the table.
            self._finish()
            self._pending_title = ("", where)
            if self.phase != phase:
                self.phase = phase
                self._headers = header_index(phases=True)
                self._longest = max(map(len, self._headers), default=0)
                self._header_keys = {}
                self._known = _ROW_LABELS | self._headers.keys()
            return
        year = year_line(text)
        if year is not None:
            if year:
                self.years.append(year)
            return
        title = PROJECT_TITLE.match(text.replace("\n", ""))
        if title:
            self._finish()
            self._pending_title = (title.group("name").strip(), where)
            return
        unit = parse_unit_line(text, where)
        if unit:
            self.units.append(unit)
            return
        self.problems.append(Problem(where, f"未识别的段落，未导入：“{text[:30]}”", "warning"))

    # --- tables -----------------------------------------------------------------------------
    def table(self, table: Table) -> None:
        for row in table.rows:
            self._row(row, f"表格 {table.number} 第 {row.number} 行")

    def finish(self) -> list[Project]:
        self._finish()
        if self._pending_title:
            name, where = self._pending_title
            self.problems.append(Problem(where, f"项目“{name}”的标题后没有找到绩效目标表"))
            self._pending_title = None
        return self.projects

    def _finish(self) -> None:
        if self._state is not None:
            state = self._state
            project = state.project
            if not project.name and state.title_name:
                project.name = state.title_name
            if not project.code:
                self.problems.append(Problem(state.where, f"项目“{project.name}”缺少项目编码"))
            elif (
                state.title_name
                and project.name
                and compact(state.title_name) != compact(project.name)
            ):
                self.problems.append(
                    Problem(
                        state.where,
                        f"标题中的项目名称“{state.title_name}”与表中“{project.name}”不一致，已采用表中名称",
                        "warning",
                    )
                )
            if state.phase is not None and self.phase:
                state.phase.finish(self.phase)
            self.projects.append(project)
            self._state = None

    def _start(self, where: str) -> _ProjectState:
        self._finish()
        title_name, title_where = self._pending_title or ("", where)
        self._pending_title = None
        self._state = _ProjectState(Project(), title_where, title_name)
        return self._state

    def _row(self, row: Row, where: str) -> None:
        labels = {compact(c.text): c for c in row.cells if not c.continued and c.text}
        if not labels:
            return  # spacer row (Row.blank)
        first = row.cells[0]
        if len(row.cells) <= 3 and any(money_unit_in(tidy(c.text)) for c in row.cells):
            unit = parse_unit_line(" ".join(c.text for c in row.cells), where)
            if unit:
                self.units.append(unit)
                return
        state = self._state
        identity = (
            labels.keys() & _IDENTITY if "项目编码" in labels or "项目名称" in labels else None
        )
        if identity:
            # A second 项目编码 (or one after the indicators) begins the next project.
            if state is None or identity & state.seen or state.columns is not None:
                state = self._start(where)
            self._label_values(row, labels, state, where)
            return
        if state is None and self._pending_title:
            state = self._start(where)
        if state is None:
            self.problems.append(
                Problem(
                    where, f"表格行不属于任何项目（前面没有项目编码），未导入：“{_row_text(row)}”"
                )
            )
            return
        if state.columns is None and self.phase:  # a 监控表 / 自评表's header rows
            if state.phase is None:
                state.phase = PhaseRows(state.project, self.problems, self.units)
            if state.phase.row(row, labels, where):
                return
        elif state.phase is not None and state.phase.total_row(row):
            return  # the 自评表's 总分: computed, not read
        # One pass over the labels: an amount's label (the row is read at once), the plan's
        # checkpoints and the indicator headings (_is_indicator_header), each looked up once.
        amounts = self._amount_fields
        keys = self._header_keys
        checkpoints = []
        known = []
        for k, c in labels.items():
            amount = amounts[k] if k in amounts else amounts.setdefault(k, _amount_field(k))
            if amount:
                self._amounts(row, labels, state, where)
                return
            if k in _CHECKPOINTS:
                checkpoints.append((c, _CHECKPOINTS[k]))
            key = keys[k] if k in keys else keys.setdefault(k, self._header_of(k))
            if key is not None:
                known.append(key)
        if len(checkpoints) >= 2:
            state.plan_columns = [(c.col, c.end, i) for c, i in checkpoints]
            for label in labels:
                unit = plan_header_unit(label)
                if unit is not None:
                    self.plan_units.append(unit)
            return
        if state.plan_columns is not None and not state.columns:
            if {field_key(k) for k in labels} & self._known:
                state.plan_columns = None  # the values row is missing: the plan stays blank
            else:
                self._plan_values(row, state, where)
                return
        if "level1" in known and len(known) >= 3:  # _is_indicator_header
            self._indicator_header(row, state, where)
            return
        if state.columns:
            self._indicator(row, state, where)
            return
        goal_label = next((k for k in labels if k in _GOAL_LABELS), None)
        if goal_label is not None:
            value = tidy(_after(row, labels[goal_label]))
            state.project.goals = [ln for ln in value.split("\n") if ln]
            return
        if "资金用途" in labels or (
            first.continued and compact(first.text) == "预算规模及资金用途"
        ):
            label_cell = labels.get("资金用途", first)
            state.project.purpose = tidy(_after(row, label_cell))
            return
        if self._headerless_indicator(row, state, where):
            return
        self._unknown_row(row, state, where)

    def _headerless_indicator(self, row: Row, state: _ProjectState, where: str) -> bool:
        """An indicator row with no header above it: read the standard six columns by place."""
        first = row.cells[0]
        if len(row.cells) != 6 or canonical(compact(first.text)) not in _LEVEL1_NAMES:
            return False
        state.columns = {c.col: f for c, f in zip(row.cells, _STANDARD_COLUMNS, strict=True)}
        state.extra_columns = {}
        state.level1 = ""
        state.fields = _fields_of(state.columns)
        self.problems.append(
            Problem(
                where, "指标表缺少表头（一级指标、二级指标……），已按标准六列读取，请核对", "warning"
            )
        )
        self._indicator(row, state, where)
        return True

    def _unknown_row(self, row: Row, state: _ProjectState, where: str) -> None:
        """A label + value row we do not know (审核意见 …) is kept in Project.extra."""
        cells = [c for c in row.cells if c.text and not c.continued]
        if len(cells) >= 2:
            label = tidy(cells[0].text).replace("\n", "")
            value = "\n".join(tidy(c.text) for c in cells[1:])
            if label not in state.project.extra:
                state.project.extra[label] = value
                self.problems.append(
                    Problem(
                        where,
                        f"未识别的栏目“{label}”，内容已存入项目的附加字段",
                        "warning",
                    )
                )
                return
        self.problems.append(Problem(where, f"未识别的表格行，未导入：“{_row_text(row)}”"))

    # --- the header table -------------------------------------------------------------------
    def _label_values(
        self, row: Row, labels: dict[str, Cell], state: _ProjectState, where: str
    ) -> None:
        for key, cell in labels.items():
            value = _after(row, cell)
            if key == "项目编码":
                state.project.code = re.sub(r"\s+", "", halfwidth(value))
                state.seen.add(key)
            elif key == "项目名称":
                state.project.name = tidy(value)
                state.seen.add(key)

    def _amounts(self, row: Row, labels: dict[str, Cell], state: _ProjectState, where: str) -> None:
        for key, cell in labels.items():
            target = _amount_field(key)
            if target is None:
                continue
            value_cell = _next_cell(row, cell)
            if value_cell is None:
                continue
            setattr(
                state.project,
                target,
                self._amount(value_cell.text, f"{where} 第 {value_cell.position} 列", key),
            )
        state.seen.add("预算数")

    def _amount(self, text: str, where: str, label: str) -> Decimal | None:
        parsed = self._parsed_amounts
        if text in parsed:
            return parsed[text]
        plain = _UNIT_AFTER.sub("", text) if "万元" in text else text  # the unit written again
        try:
            amount = parsed[text] = parse_amount(plain, field=label)
        except AmountError as exc:  # not kept: the problem is told for every cell
            self.problems.append(Problem(where, exc.message))
            return None
        return amount

    def _field(self, ind: Indicator, f: Field, text: str, where: str) -> None:
        """An indicator field's cell: text tidied, a 指标值 normalised, a weight a number."""
        if f.kind is Kind.WEIGHT:
            if text.strip():
                self._weight(ind, f, text, where)
        elif f.choice is not None:
            self._choice(ind, f, tidy(text), where)
        elif f.kind is Kind.VALUE:
            f.set(ind, normalise_value(tidy(text)))
        else:
            f.set(ind, tidy(text))

    def _weight(self, ind: Indicator, f: Field, text: str, where: str) -> None:
        """权重 (自评分值) or 得分: a number of points, "10" or "10分". Anything else is kept as text in
        the indicator's extra fields with a warning: a weight is not worth refusing the file."""
        try:
            f.set(ind, parse_amount(re.sub(r"\s*分\s*$", "", text), field=f.label))
        except AmountError:
            ind.extra[f.label] = tidy(text)
            self.problems.append(
                Problem(
                    where,
                    f"{f.label}“{tidy(text)}”不是数字（应为分数，如 10 或 12.5），"
                    "已存入指标的附加字段",
                    "warning",
                )
            )

    def _choice(self, ind: Indicator, f: Field, text: str, where: str) -> None:
        """偏差原因 / 完成目标可能性 / 完成程度: one of its words; anything else is kept in the
        indicator's extra fields with a warning that lists the words."""
        if not text:
            return
        try:
            f.set(ind, str(f.choice.from_text(text).value))
        except JixiaoError:
            ind.extra[f.label] = text
            words = "、".join(c.value for c in f.choice)
            self.problems.append(
                Problem(
                    where,
                    f"{f.label}“{text}”应为{words}之一，已存入指标的附加字段",
                    "warning",
                )
            )

    def _achievement(self, ind: Indicator, text: str, where: str) -> str:
        """The 自评表's 得分 cell: “18” and, for a 定性/时限 indicator, its 完成程度 on the line
        beneath (“达成”, or in brackets “（达成）”) — the 完成程度 is set here, the number is
        returned for the 得分."""
        lines = [line for line in tidy(text).split("\n") if line.strip()]
        if len(lines) < 2 and not (lines and _ACHIEVEMENT.fullmatch(lines[0])):
            return text
        last = lines.pop()
        bracketed = _ACHIEVEMENT.fullmatch(last)
        word = bracketed.group(1) if bracketed else last
        if not bracketed and compact(word) not in {a.value for a in Achievement}:
            return text  # not a 完成程度: the 得分 cell as it is
        self._choice(ind, indicator_field("achievement"), word, where)
        return "\n".join(lines)

    def _plan_values(self, row: Row, state: _ProjectState, where: str) -> None:
        values: list = [None, None, None, None]
        assert state.plan_columns is not None
        for cell in row.cells:
            if cell.continued:
                continue
            for first, end, index in state.plan_columns:
                if cell.col < end and first < cell.end:
                    values[index] = self._amount(
                        cell.text,
                        f"{where} 第 {cell.position} 列",
                        f"资金支出计划 {list(_CHECKPOINTS)[index]}",
                    )
                    break
            else:
                if cell.text and not _PLAN_HEADER.match(compact(cell.text)):
                    self.problems.append(
                        Problem(
                            f"{where} 第 {cell.position} 列",
                            f"资金支出计划中未识别的内容：“{cell.text[:30]}”",
                        )
                    )
        state.project.plan = SpendingPlan.from_list(values)
        state.plan_columns = None

    # --- the indicator table ----------------------------------------------------------------
    def _header_of(self, label: str) -> str | None:
        """The indicator heading a label is (LayoutColumn.key), None when it is none. The label
        is a compact text (no white space), and field_key of one is as long as it (it only
        makes ":" "(" ")" full-width): a label longer than every heading — most of an indicator
        row's texts — is none, without field_key."""
        if len(label) > self._longest:
            return None
        return self._headers.get(field_key(label))

    def _indicator_header(self, row: Row, state: _ProjectState, where: str) -> None:
        columns: dict[int, str] = {}
        extra: dict[int, str] = {}
        for cell in row.cells:
            key = compact(cell.text)
            if cell.continued or not key or key in _BLOCK_LABELS:
                continue
            target = self._headers.get(field_key(key))
            if target is None:
                extra[cell.col] = tidy(cell.text)
                self.problems.append(
                    Problem(
                        f"{where} 第 {cell.position} 列",
                        f"指标表中不认识的栏目“{tidy(cell.text)}”，其内容存入指标的附加字段",
                        "warning",
                    )
                )
            elif target.startswith(EXTRA_KEY):
                extra[cell.col] = target.removeprefix(EXTRA_KEY)  # a layout's column
            else:
                columns[cell.col] = target
        if self.layout is None:
            keys = {*columns.values(), *(EXTRA_KEY + name for name in extra.values())}
            self.layout = recognise(keys)
        state.columns = columns
        state.extra_columns = extra
        state.level1 = ""
        state.fields = _fields_of(columns)

    def _indicator(self, row: Row, state: _ProjectState, where: str) -> None:
        assert state.columns is not None
        raw: dict[str, str] = {}
        places: dict[str, int] = {}  # field → the position of its cell: "第 N 列"
        ind = Indicator()
        used: set[int] = set()
        # Row.at for every column, at once: a row's cells cover consecutive grid columns.
        grid: dict[int, Cell] = {}
        for cell in row.cells:
            if cell.span == 1:
                grid[cell.col] = cell
            else:
                for c in range(cell.col, cell.col + cell.span):
                    grid[c] = cell
        for col, target in state.columns.items():
            cell = grid.get(col)
            if cell is None:
                continue
            used.add(id(cell))
            raw[target] = cell.text
            places[target] = cell.position
        for col, label in state.extra_columns.items():
            cell = grid.get(col)
            if cell is not None:
                used.add(id(cell))
                if cell.text and not cell.continued:
                    ind.extra[label] = tidy(cell.text)
        for cell in row.cells if len(used) < len(row.cells) else ():
            if (
                id(cell) not in used
                and cell.text
                and not cell.continued
                and compact(cell.text) not in _BLOCK_LABELS
            ):
                self.problems.append(
                    Problem(
                        f"{where} 第 {cell.position} 列",
                        f"指标表中多出的单元格，未导入：“{cell.text[:30]}”",
                    )
                )
        if "score" in raw:
            raw["score"] = self._achievement(ind, raw["score"], f"{where} 第 {places['score']} 列")
        for f, how in state.fields:
            text = raw.get(f.attr)
            if text is None:
                continue
            # What _field does for a text or a 指标值 field of the indicator, without the calls.
            if how is _PLAIN:
                setattr(ind, f.attr, tidy_cell(text))
            elif how is _VALUE:
                value = self._values.get(text)
                if value is None:
                    value = self._values[text] = normalise_value(tidy(text))
                setattr(ind, f.attr, value)
            else:
                self._field(ind, f, text, f"{where} 第 {places[f.attr]} 列")
        if "nature" in raw or "unit" in raw:
            ind.value = combine_value(
                raw.get("nature", ""), raw.get("value", ""), raw.get("unit", "")
            )
        if ind.level1:
            state.level1 = ind.level1
        else:
            ind.level1 = state.level1  # merged, or left blank below its first row
        if (
            not ind.extra
            and not ind.level2  # a 二级指标 is not blank: the rest need not be asked
            and all(f.is_blank(ind) for f in INDICATOR_FIELDS if f.attr != "level1")
        ):
            return  # a row that only names the 一级指标: it carries over to the rows below
        state.project.indicators.append(ind)


# How _indicator reads a field (_fields_of): its cell's text tidied (labels.tidy_cell), a
# 指标值 normalised, or through _field.
_PLAIN, _VALUE, _CHECKED = "plain", "value", "checked"


def _read_as(f: Field) -> str:
    """How _indicator reads an indicator field: _PLAIN, an attribute of the indicator that
    _field sets to the cell's text tidied; _VALUE, one it sets to the text tidied and
    normalised; else _CHECKED (through _field)."""
    if f.choice is None and not f.in_extra and f.entity is Entity.INDICATOR:
        if f.kind is Kind.VALUE:
            return _VALUE
        if f.kind is not Kind.WEIGHT:
            return _PLAIN
    return _CHECKED


_READ_AS = tuple((f, _read_as(f)) for f in INDICATOR_FIELDS)


def _fields_of(columns: dict[int, str]) -> tuple[tuple[Field, str], ...]:
    """The indicator fields an indicator header's columns give, in the order they are read,
    each with how it is read (_read_as)."""
    targets = set(columns.values())
    return tuple(read for read in _READ_AS if read[0].attr in targets)


_UNIT_AFTER = re.compile(r"\s*万元\s*$")  # the table's unit written again in an amount's cell
_ACHIEVEMENT = re.compile(r"[(（]\s*([^()（）]+?)\s*[)）]")

_BUDGET_LABELS = {"预算数", "预算金额", "预算总额", "年度资金总额", "资金总额", "项目资金总额"}


def _amount_field(label: str) -> str | None:
    """预算数 → budget, 其中：财政资金 → fiscal, 其他资金 → other (label without spaces)."""
    label = label.removesuffix("(万元)").removesuffix("（万元）")
    if label in _BUDGET_LABELS:
        return "budget"
    if label.startswith("其中") or label in {"财政资金", "财政拨款"}:
        return "other" if "其他" in label else "fiscal"
    if label in {"其他资金", "其他来源资金", "其他资金来源"}:
        return "other"
    return None


def _next_cell(row: Row, cell: Cell) -> Cell | None:
    """The cell after `cell` in its row. Found by identity: no two cells of a row are equal
    (their positions differ), and list.index compared each cell before it field by field."""
    cells = row.cells
    for index, other in enumerate(cells):
        if other is cell:
            return cells[index + 1] if index + 1 < len(cells) else None
    raise ValueError("cell not in row")  # what list.index raised


def _after(row: Row, cell: Cell) -> str:
    """The value of a label cell: the next cell (several if they are all values)."""
    following = _next_cell(row, cell)
    return following.text if following is not None else ""


def _row_text(row: Row) -> str:
    return " | ".join(c.text.replace("\n", " ") for c in row.cells if c.text)[:60]
