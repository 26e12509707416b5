"""The document as its writers see it: one 预算单位 × one 预算年度, Part 1 prose and Part 2 projects.

Plain mutable dataclasses: the editor changes them in place and snapshots them (copy.deepcopy)
for undo. Amounts are Decimal (None = blank, which is not 0). Multi-paragraph cells keep their
paragraphs as lines separated by "\\n".
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from enum import StrEnum

from .values import ParsedValue, parse_value

PLAN_CHECKPOINTS: tuple[str, ...] = ("3月底", "6月底", "10月底", "12月底")


def new_id() -> str:
    """A short random id: stable for the life of a project or indicator, unique in practice.

    48 random bits as 12 hex digits — what uuid4().hex[:12] gave (its first 48 bits are all
    random), without building a UUID: every indicator read from a file gets one, and uuid4 was
    a tenth of reading a Word file's tables."""
    return os.urandom(6).hex()


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


class Phase(StrEnum):
    """Where the document is in its year: targets (January), 运行监控 (mid-year), 绩效自评
    (after the year). Decides which table the editor's grid shows by default and which rules
    run; every phase keeps the targets."""

    TARGET = "target"
    MONITOR = "monitor"
    EVALUATE = "evaluate"

    @property
    def label(self) -> str:
        return {"target": "目标", "monitor": "监控", "evaluate": "自评"}[self.value]

    @classmethod
    def from_text(cls, text: str) -> Phase:
        """target / monitor / evaluate, or 目标 / 监控 / 自评 (and their longer names)."""
        from .errors import JixiaoError

        s = text.strip()
        for phase in cls:
            if s in (phase.value, phase.label):
                return phase
        longer = {"绩效目标": cls.TARGET, "运行监控": cls.MONITOR, "绩效监控": cls.MONITOR,
                  "绩效自评": cls.EVALUATE, "自评价": cls.EVALUATE}  # fmt: skip
        if s in longer:
            return longer[s]
        raise JixiaoError(f"阶段应为“目标”“监控”或“自评”，现为“{s}”")


class _Choice(StrEnum):
    """A fixed set of Chinese words: the value is the word itself."""

    @property
    def label(self) -> str:
        return self.value

    @classmethod
    def from_text(cls, text: str) -> _Choice:
        from .errors import JixiaoError

        s = text.strip()
        for item in cls:
            if s == item.value:
                return item
        words = "、".join(i.value for i in cls)
        raise JixiaoError(f"应为以下之一：{words}；现为“{s}”")


class DeviationCause(_Choice):
    """偏差原因 of the 运行监控表."""

    FUNDING = "经费保障"
    RULES = "制度保障"
    STAFF = "人员保障"
    HARDWARE = "硬件条件保障"
    OTHER = "其他"


class Likelihood(_Choice):
    """完成目标可能性 of the 运行监控表."""

    CERTAIN = "确定能"
    POSSIBLE = "有可能"
    IMPOSSIBLE = "完全不可能"


class Achievement(_Choice):
    """How far a 定性 or 时限 indicator's target was reached (绩效自评): the band its 得分 must
    fall in — 达成 100–80 %, 部分达成 80–60 %, 未达成 60–0 % of the 分值."""

    MET = "达成"
    PARTLY = "部分达成"
    NOT_MET = "未达成"


# 一级指标 → points of the 100 (财预〔2020〕10号 项目支出绩效自评表); 预算执行率 is its own line.
EXECUTION_RATE = "预算执行率"
DEFAULT_SCORE_WEIGHTS: dict[str, Decimal] = {
    "产出指标": Decimal(50),
    "效益指标": Decimal(30),
    "满意度指标": Decimal(10),
    EXECUTION_RATE: Decimal(10),
}
# grade → lowest 总分 that earns it, best first; below the last is 差.
DEFAULT_GRADE_BANDS: dict[str, Decimal] = {"优": Decimal(90), "良": Decimal(80), "中": Decimal(60)}
LOWEST_GRADE = "差"


@dataclass(slots=True)
class Scoring:
    """How a document's 自评 is scored: 一级 weights and grade bands (editable per document)."""

    weights: dict[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_SCORE_WEIGHTS))
    bands: dict[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_GRADE_BANDS))

    @property
    def is_default(self) -> bool:
        return self.weights == DEFAULT_SCORE_WEIGHTS and self.bands == DEFAULT_GRADE_BANDS


def copy_scoring(scoring: Scoring) -> Scoring:
    return Scoring(dict(scoring.weights), dict(scoring.bands))


def scoring_text(scoring: Scoring) -> str:
    """One line: 产出指标 50；效益指标 30；满意度指标 10；预算执行率 10｜优 90；良 80；中 60."""

    def part(numbers: dict[str, Decimal]) -> str:
        return "；".join(f"{k} {v}" for k, v in numbers.items())

    return f"{part(scoring.weights)}｜{part(scoring.bands)}"


def parse_scoring_text(text: str) -> Scoring:
    """The line scoring_text writes, back; JixiaoError when it is not one."""
    from decimal import InvalidOperation

    from .errors import JixiaoError

    def part(chunk: str) -> dict[str, Decimal]:
        out: dict[str, Decimal] = {}
        for item in filter(None, (i.strip() for i in chunk.split("；"))):
            name, _, number = item.rpartition(" ")
            try:
                out[name.strip()] = Decimal(number)
            except InvalidOperation:
                raise JixiaoError(f"评分设置“{item}”应为“名称 分数”") from None
        return out

    weights, sep, bands = text.partition("｜")
    if not sep:
        raise JixiaoError("评分设置应为“一级指标 分值；…｜等级 分数线；…”")
    return Scoring(part(weights), part(bands))


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
    score_weight: Decimal | None = None  # 权重 / 分值 (自评表's 分值): blank = split equally
    # --- 运行监控 (mid-year): model.phases ---
    actual_to_date: str = ""  # 截至当期实际完成值, in the value grammar like 指标值
    forecast: str = ""  # 全年预计完成值, in the value grammar
    deviation_cause: str = ""  # 偏差原因 category: a DeviationCause value, or ""
    likelihood: str = ""  # 完成目标可能性: a Likelihood value, or ""
    # --- 绩效自评 (year end) ---
    actual: str = ""  # 实际完成值, in the value grammar
    achievement: str = ""  # 达成 / 部分达成 / 未达成 (an Achievement value) for 定性 and 时限 ones
    score: Decimal | None = None  # 得分 as entered (定性 and 时限 indicators); others are computed
    deviation: str = ""  # 偏差原因分析及改进措施
    extra: dict[str, str] = field(default_factory=dict)  # room for later fields, no schema break
    id: str = field(default_factory=new_id)

    @property
    def parsed(self) -> ParsedValue:
        return parse_value(self.value)


_new_indicator = Indicator.__new__


def target_indicator(
    level1: str,
    level2: str,
    name: str,
    description: str,
    value: str,
    basis: str,
    previous_value: str,
    formula: str,
    id: str,
) -> Indicator:
    """Indicator(level1, …, formula, id=id): a row with only its targets filled, as the store
    holds most of them (a county's load reads 25,000). Each field is set in place rather than
    through the dataclass's __init__: the class call with its 19 arguments was two thirds of
    reading such a row (1.65 → 1.1 µs). Every field is set below, each to its default but
    these; tests/model/test_serialize.py compares the result with the constructor's, so a
    field added to Indicator and not here fails there (an unset slot cannot be compared)."""
    ind = _new_indicator(Indicator)
    ind.level1 = level1
    ind.level2 = level2
    ind.name = name
    ind.description = description
    ind.value = value
    ind.basis = basis
    ind.previous_value = previous_value
    ind.formula = formula
    ind.score_weight = None
    ind.actual_to_date = ""
    ind.forecast = ""
    ind.deviation_cause = ""
    ind.likelihood = ""
    ind.actual = ""
    ind.achievement = ""
    ind.score = None
    ind.deviation = ""
    ind.extra = {}
    ind.id = id
    return ind


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
    # --- 运行监控 and 绩效自评 (model.phases); after id, so positional construction is unchanged ---
    annual_budget: Decimal | None = None  # 全年预算数; blank = 预算数 (annual_budget_of)
    executed_to_date: Decimal | None = None  # 截至当期执行数 (监控)
    executed: Decimal | None = None  # 全年执行数 (自评)
    completion: str = ""  # 年度总体目标完成情况 (实际完成情况), text

    @property
    def full_year_budget(self) -> Decimal | None:
        """全年预算数: as entered, else 预算数."""
        return self.annual_budget if self.annual_budget is not None else self.budget

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
    # Where the document is in its year, and how its 自评 is scored (model.phases, model.scoring).
    phase: Phase = Phase.TARGET
    scoring: Scoring = field(default_factory=Scoring)

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
