"""Reading the header rows of a 项目支出绩效目标执行监控表 or 项目支出绩效自评表 (phases.py writes them).

projects.ProjectReader hands each row of a project's tables here until the indicator grid starts;
the rows are known by their labels, as everywhere in the reader:
- 主管部门及代码 / 主管部门: “名称（编码）” (or “编码 名称”) is the document's 预算单位;
- 项目资金（万元） with 年初预算数 / 全年预算数 / 截至当期执行数 / 全年执行数 (执行率, 分值, 得分 are
  computed: not read) above the rows 年度资金总额 (every column), 其中：财政拨款 and 其他资金 (their
  年初预算数 only: the model has no 执行数 per source); a 全年预算数 equal to the 年初预算数 is
  left blank, which means the same (Project.full_year_budget) and is how the writer printed it;
- 年度总体目标 with 年初设定目标 or 预期目标 (the 绩效目标 lines) and 实际完成情况 (completion),
  their values in the row below.
The grid's 分值 are the computed ones: when every one equals the equal split of its 一级's points
(nothing was entered), they are cleared again; a quantitative indicator's 得分 is computed, so only
the 定性/时限 ones' are kept.
"""

from __future__ import annotations

import re
from dataclasses import replace

from model import AmountError, Document, JixiaoError, Project, parse_amount
from model.attainment import Outcome, compare
from model.fields import PROJECT_LATER_FIELDS
from model.fields import compact as field_key
from model.scoring import effective_weights

from ..base import Problem
from .blocks import Cell, Row
from .labels import compact, tidy

# What a 监控表 / 自评表 holds, in model.merge's field names: an import merges only these into the
# stored document (ImportResult.partial), so the targets' other fields (绩效指标描述, 指标值确定依据,
# 资金用途, 资金支出计划, 第一部分 …), which the table does not show, are kept. The 监控表's 备注 has
# no model field (Indicator.extra): it is read, but not merged — extra holds other keys too.
_SHOWN = ("name", "budget", "fiscal", "other", "goals", "annual_budget", "completion")
_SHOWN_INDICATOR = ("level1", "level2", "name", "value")
PARTIAL_FIELDS: dict[str, frozenset[str]] = {
    "monitor": frozenset(
        (*_SHOWN, "executed_to_date")
        + tuple(
            f"indicators.{a}"
            for a in (
                *_SHOWN_INDICATOR,
                "actual_to_date",
                "forecast",
                "deviation_cause",
                "likelihood",
            )
        )
    ),
    "evaluate": frozenset(
        (*_SHOWN, "executed")
        + tuple(
            f"indicators.{a}"
            for a in (
                *_SHOWN_INDICATOR,
                "actual",
                "achievement",
                "score",
                "score_weight",
                "deviation",
            )
        )
    ),
}

_TITLES = {
    "项目支出绩效目标执行监控表": "monitor",
    "项目支出绩效监控表": "monitor",
    "项目绩效目标执行监控表": "monitor",
    "项目支出绩效自评表": "evaluate",
    "项目支出绩效目标自评表": "evaluate",
}
_SENTENCE = re.compile(r"[，。；、,;]|填报|填写|按要求|报送")
_YEAR_LINE = re.compile(r"^[(（]\s*(?P<year>\d{4})?\s*年度?\s*[)）]$")
_FUNDS = re.compile(r"^项目资金(?:[（(](?P<unit>百万元|万元|千元|亿元|元)[)）])?$")
_DEPT_NAME_CODE = re.compile(r"^(?P<name>.*?)\s*[（(]\s*(?P<code>[0-9A-Za-z-]{3,})\s*[)）]$")
_DEPT_CODE_NAME = re.compile(r"^(?P<code>\d{3,})\s*(?P<name>.*)$")

_DEPT_LABELS = {"主管部门及代码", "主管部门"}
_GOAL_HEADS = {"年初设定目标": "goals", "预期目标": "goals", "实际完成情况": "completion"}
_FUNDS_HEADS: dict[str, str] = {"年初预算数": "budget", "预算数": "budget"}
for _f in PROJECT_LATER_FIELDS:
    if _f.attr != "completion":
        for _name in _f.names():
            _FUNDS_HEADS[field_key(_name)] = _f.attr
_TOTAL_ROWS = {"年度资金总额", "资金总额", "项目资金总额"}
_SOURCE_ROWS = {
    "其中：财政拨款": "fiscal",
    "财政拨款": "fiscal",
    "其中：当年财政拨款": "fiscal",
    "当年财政拨款": "fiscal",
    "其中：财政资金": "fiscal",
    "其他资金": "other",
}


def later_title(text: str) -> str:
    """ "monitor" or "evaluate" for the title of a 监控表 / 自评表: numbered or not, and with a
    short prefix a unit may put in front (附件2, 2024年度, a project's name); else "" — a
    sentence that merely ends with the words (…按要求填报项目支出绩效自评表) is not a title."""
    key = compact(text)
    for title, phase in _TITLES.items():
        prefix = key.removesuffix(title)
        if prefix != key and len(prefix) <= 20 and not _SENTENCE.search(prefix):
            return phase
    return ""


def year_line(text: str) -> int | None:
    """（2024年度） → 2024; （    年度） → 0; None when the paragraph is not such a line."""
    match = _YEAR_LINE.match(compact(text))
    if match is None:
        return None
    return int(match.group("year")) if match.group("year") else 0


def _first_label(row: Row) -> Cell | None:
    return next((c for c in row.cells if c.text and not c.continued), None)


class PhaseRows:
    """One project's header rows of a later table (see the module docstring)."""

    def __init__(self, project: Project, problems: list[Problem], units: list) -> None:
        self.project = project
        self.problems = problems
        self.units = units  # projects.UnitLine list of the reader
        self.funds: dict[int, str] | None = None  # grid column → Project attribute
        self.goals: dict[int, str] | None = None  # grid column → "goals" / "completion"
        self.money_unit = "万元"

    def row(self, row: Row, labels: dict[str, Cell], where: str) -> bool:
        """True when the row was one of these (and is read)."""
        keys = set(labels)
        if keys & _DEPT_LABELS:
            self._dept(row, labels, where)
            return True
        if "年初预算数" in keys:
            self._funds_header(row)
            return True
        if self.funds is not None:
            if self._funds_row(row, where):
                return True
            self.funds = None
        if keys & {"年初设定目标", "预期目标"}:
            self.goals = {labels[k].col: _GOAL_HEADS[k] for k in keys if k in _GOAL_HEADS}
            return True
        if self.goals is not None:
            goals, self.goals = self.goals, None
            if "一级指标" in keys:  # both left blank (a blank row is skipped): the grid begins
                return False
            for col, attr in goals.items():
                cell = row.at(col)
                text = tidy(cell.text) if cell is not None and not cell.continued else ""
                if attr == "goals":
                    self.project.goals = [line for line in text.split("\n") if line]
                else:
                    self.project.completion = text
            return True
        return False

    def total_row(self, row: Row) -> bool:
        """The 自评表's 总分 row below the indicators."""
        first = _first_label(row)
        return first is not None and compact(first.text) == "总分"

    # --- rows -------------------------------------------------------------------------------
    def _dept(self, row: Row, labels: dict[str, Cell], where: str) -> None:
        from .projects import UnitLine

        label = next(k for k in labels if k in _DEPT_LABELS)
        cells = row.cells
        index = cells.index(labels[label])
        text = tidy(cells[index + 1].text) if index + 1 < len(cells) else ""
        text = text.replace("\n", "")
        code, name = "", text
        match = _DEPT_NAME_CODE.match(text) or _DEPT_CODE_NAME.match(text)
        if match:
            code, name = match.group("code"), match.group("name").strip()
        if code or name:
            self.units.append(UnitLine(code, name, self.money_unit, where))

    def _funds_header(self, row: Row) -> None:
        self.funds = {}
        for cell in row.cells:
            key = compact(cell.text)
            if cell.continued or not key:
                continue
            found = _FUNDS.match(key)
            if found:
                if found.group("unit"):
                    self.money_unit = found.group("unit")
                    if self.units:  # the 主管部门 row above read the unit as 万元
                        self.units[-1] = replace(self.units[-1], money_unit=self.money_unit)
                continue
            attr = _FUNDS_HEADS.get(field_key(key))
            if attr is not None:
                self.funds[cell.col] = attr

    def _funds_row(self, row: Row, where: str) -> bool:
        assert self.funds is not None
        first = _first_label(row)
        if first is None:
            return False
        label = compact(first.text)
        if label in _TOTAL_ROWS:
            wanted = dict(self.funds)
        elif label in _SOURCE_ROWS:
            wanted = {c: _SOURCE_ROWS[label] for c, a in self.funds.items() if a == "budget"}
        else:
            return False
        for col, attr in wanted.items():
            cell = row.at(col)
            if cell is None or cell.continued:
                continue
            text = re.sub(r"\s*万元\s*$", "", cell.text)
            try:
                setattr(self.project, attr, parse_amount(text, field=first.text))
            except AmountError as exc:
                self.problems.append(Problem(f"{where} 第 {cell.position} 列", exc.message))
        if self.project.annual_budget == self.project.budget:
            self.project.annual_budget = None  # blank means 预算数: the writer printed it so
        return True

    # --- after the grid -------------------------------------------------------------------
    def finish(self, phase: str) -> None:
        if phase != "evaluate":
            return
        project = self.project
        for ind in project.indicators:
            if compare(ind.value, ind.actual).outcome is not Outcome.ENTERED:
                ind.score = None  # computed from 实际完成值: not kept
        blank = replace(
            project,
            indicators=[replace(i, score_weight=None) for i in project.indicators],
        )
        try:
            split = effective_weights(Document(), blank)
        except (ArithmeticError, JixiaoError):
            return
        if all(
            i.score_weight == split[b.id][0]
            for i, b in zip(project.indicators, blank.indicators, strict=True)
        ):
            for ind in project.indicators:
                ind.score_weight = None  # the equal split, as written: nothing was entered
