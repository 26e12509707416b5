"""The document as its writers see it: one 预算单位 × one 预算年度, Part 1 prose and Part 2 projects.

Plain mutable dataclasses: the editor changes them in place and snapshots them (copy.deepcopy)
for undo. Amounts are Decimal (None = blank, which is not 0). Multi-paragraph cells keep their
paragraphs as lines separated by "\\n".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from enum import StrEnum

from .values import ParsedValue, parse_value

PLAN_CHECKPOINTS: tuple[str, ...] = ("3月底", "6月底", "10月底", "12月底")


def new_id() -> str:
    """A short random id: stable for the life of a project or indicator, unique in practice."""
    return uuid.uuid4().hex[:12]


class Profile(StrEnum):
    """Which Ministry of Finance convention a document follows for 成本指标."""

    RULES_2015 = "2015"  # 财预〔2015〕88号: 成本指标 is a level-2 under 产出指标
    GUIDANCE_2021 = "2021"  # 财预〔2021〕101号: 成本指标 is a level-1


class PlanUnit(StrEnum):
    """What the 资金支出计划's four checkpoints hold, for the whole document: cumulative amounts
    in the document's money unit (reaching 预算数), or cumulative percentages (reaching 100).
    Decides how the plan is checked and how the Word header is written (资金支出计划（万元）
    or （%）); the Word reader takes it from that header."""

    AMOUNT = "amount"
    PERCENT = "percent"

    @property
    def label(self) -> str:
        return "百分比" if self is PlanUnit.PERCENT else "金额"

    @classmethod
    def from_text(cls, text: str) -> PlanUnit:
        """amount / percent, or as people write them: 金额、万元、元、累计金额 / 百分比、%、％."""
        from .errors import JixiaoError

        s = text.strip().strip("()（）").replace("％", "%")
        for unit in cls:
            if s in (unit.value, unit.label):
                return unit
        if s in ("%", "百分数", "累计百分比", "比例"):
            return cls.PERCENT
        if s in ("万元", "元", "千元", "亿元", "累计金额", "金额（万元）"):
            return cls.AMOUNT
        raise JixiaoError(f"资金支出计划单位应为“金额”或“百分比”，现为“{text.strip()}”")


@dataclass(slots=True)
class Indicator:
    level1: str = ""  # 一级指标
    level2: str = ""  # 二级指标
    name: str = ""  # 三级指标
    description: str = ""  # 绩效指标描述
    value: str = ""  # 指标值, raw text as written; parse with .parsed
    basis: str = ""  # 指标值确定依据
    # Optional fields real systems keep per indicator; absent from the Word table.
    previous_value: str = ""  # 上年指标值
    formula: str = ""  # 计算公式
    weight: Decimal | None = None  # 权重 (自评分值)
    extra: dict[str, str] = field(default_factory=dict)  # room for later fields, no schema break
    id: str = field(default_factory=new_id)

    @property
    def parsed(self) -> ParsedValue:
        return parse_value(self.value)


@dataclass(slots=True)
class SpendingPlan:
    """资金支出计划: cumulative amounts at 3月底, 6月底, 10月底, 12月底; None = left blank."""

    mar: Decimal | None = None
    jun: Decimal | None = None
    oct: Decimal | None = None
    dec: Decimal | None = None

    def as_list(self) -> list[Decimal | None]:
        return [self.mar, self.jun, self.oct, self.dec]

    @classmethod
    def from_list(cls, values: list[Decimal | None]) -> SpendingPlan:
        if len(values) != 4:
            raise ValueError("资金支出计划应有 4 个时点（3月底、6月底、10月底、12月底）")
        return cls(*values)


@dataclass(slots=True)
class Project:
    code: str = ""  # 项目编码
    name: str = ""  # 项目名称
    budget: Decimal | None = None  # 预算数
    fiscal: Decimal | None = None  # 其中：财政资金
    other: Decimal | None = None  # 其他资金
    purpose: str = ""  # 资金用途
    plan: SpendingPlan = field(default_factory=SpendingPlan)  # 资金支出计划
    goals: list[str] = field(default_factory=list)  # 绩效目标 lines, as written (numbering kept)
    indicators: list[Indicator] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    id: str = field(default_factory=new_id)

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)


@dataclass(slots=True)
class GoalItem:
    """分项绩效目标: a title, what will be done (绩效目标) and how it is measured (绩效指标)."""

    title: str = ""
    goal: str = ""
    measure: str = ""


@dataclass(slots=True)
class Measure:
    """工作保障措施: a title line and a body."""

    title: str = ""
    body: str = ""


@dataclass(slots=True)
class Part1:
    """第一部分 部门整体绩效目标."""

    overall: list[str] = field(default_factory=list)  # 总体绩效目标 paragraphs
    items: list[GoalItem] = field(default_factory=list)  # 分项绩效目标
    measures: list[Measure] = field(default_factory=list)  # 工作保障措施


@dataclass(frozen=True, slots=True)
class Dismissal:
    """A finding marked 已核实 (checked, right as it is); see model.dismissals."""

    rule: str  # JX210
    location: str  # stable place (ids), see model.dismissals
    reason: str  # why the finding is right as it is
    by: str  # who (display name)
    at: str  # when, ISO 8601 with time zone
    fingerprint: str  # hash of the located field's text when dismissed

    @property
    def key(self) -> tuple[str, str]:
        return (self.rule, self.location)


@dataclass(slots=True)
class Document:
    dept_code: str = ""  # 预算单位编码
    dept_name: str = ""  # 预算单位名称
    year: int = 0  # 预算年度
    money_unit: str = "万元"
    profile: Profile = Profile.RULES_2015
    # Provinces differ on whether 可持续影响指标 is still allowed under 效益指标 (2021 guidance).
    allow_sustainable: bool = True
    # The Word indicator table's layout (a name of exporters.docx.layouts.LAYOUTS, e.g. "2015",
    # "2021"): the one chosen for it or read from its file; blank = chosen by the default rule.
    layout: str = ""
    # How the 资金支出计划 is filled in (PlanUnit): amounts unless the document says otherwise.
    plan_unit: PlanUnit = PlanUnit.AMOUNT
    part1: Part1 = field(default_factory=Part1)
    projects: list[Project] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    # Findings marked 已核实 (model.dismissals); last, so positional construction is unchanged.
    dismissals: list[Dismissal] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The document's name on the command line: DEPTCODE/YEAR."""
        return doc_key(self.dept_code, self.year)

    def project(self, project_id: str) -> Project:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)

    def project_by_code(self, code: str) -> Project | None:
        return next((p for p in self.projects if p.code == code), None)


def doc_key(dept_code: str, year: int) -> str:
    return f"{dept_code}/{year}"


def without_ids(doc: Document) -> Document:
    """A copy with every id blanked: for comparing content after a format that has no ids (Word)."""
    projects = [
        replace(p, id="", indicators=[replace(i, id="") for i in p.indicators])
        for p in doc.projects
    ]
    return replace(doc, projects=projects)


def field_names(cls: type) -> list[str]:
    return [f.name for f in fields(cls)]
