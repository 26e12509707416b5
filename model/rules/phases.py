"""JX7xx — the 运行监控表 (JX70x) and the 绩效自评表 (JX71x–72x) filled in on the same indicators.

These rules run only when the document's phase says the table is being filled: a targets-only
document (phase 目标) gives exactly the findings it gave before the later fields existed.
Whether a target is met is model.attainment.compare's answer (units converted, never guessed).

The 分值 a row is checked against, and the 一级 it counts under, are model.scoring's — what
`jixiao score` computes with: the one entered, else its share of what the 一级's weight (document's
scoring settings) leaves, a missing 一级's weight moved to the others in proportion; 成本指标
counts with 产出指标 (财预〔2020〕10号, issue 20).
All rules here are project-scoped (they read the phase and the later fields, which the per-row
cache of the indicator rules does not key on) and place their findings on a row where they can.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from functools import wraps

from .. import fields as F
from ..amounts import format_amount
from ..attainment import Attainment, Outcome, compare
from ..entities import EXECUTION_RATE, Achievement, Indicator, Likelihood, Phase, Project
from ..text import is_empty
from ..values import ValueKind
from .base import LEVEL1, TABLE, Hit, Scope, Severity, quote, rule
from .context import DocContext
from .facts import Facts

P = Scope.PROJECT

ACTUAL_TO_DATE, FORECAST, CAUSE, LIKELIHOOD, ACTUAL, ACHIEVEMENT, SCORE, DEVIATION, WEIGHT = (
    F.indicator_field(a).column
    for a in (
        "actual_to_date",
        "forecast",
        "deviation_cause",
        "likelihood",
        "actual",
        "achievement",
        "score",
        "deviation",
        "score_weight",
    )
)
EXECUTED_TO_DATE, EXECUTED = (F.project_field(a).column for a in ("executed_to_date", "executed"))

FULL_MARKS = Decimal(100)
CENT = Decimal("0.01")


def _points(value: Decimal) -> str:
    return format_amount(value.normalize() if value == value.to_integral() else value)


def _named(facts: Facts) -> str:
    """The row as a message names it: its 三级指标 (the finding's place already gives the row)."""
    return f"“{facts.shown}”" if facts.shown else "本行"


# --- the 一级 groups and each row's 分值 --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    row: int
    ind: Indicator
    facts: Facts
    group: str | None  # the 一级 of the scoring settings it draws its 分值 from (model.scoring)
    weight: Decimal | None  # the 分值 it is scored out of: entered, or its share; None: no 一级
    source: str  # model.scoring's: "entered", "split" or "none"


@dataclass(frozen=True, slots=True)
class _Table:
    rows: list[_Row]
    expected: dict[str, Decimal]  # each 一级's weight for this project (model.scoring)
    absent: list[str]  # weighted 一级s the project has no indicator under
    entered: bool  # some row has its 分值 entered


def _table(ctx: DocContext, project: Project) -> _Table:
    """Each row's 一级 group and 分值 exactly as `jixiao score` computes them (model.scoring), so
    a finding and the score never disagree about a 分值."""

    def compute() -> _Table:
        from .. import scoring as S  # only for 自评 rows: not loaded to check targets

        doc = ctx.doc
        weights = S.effective_weights(doc, project)
        rows = []
        for n, ind, f in ctx.rows(project):
            weight, source = weights.get(ind.id, (ind.score_weight, S.ENTERED))
            rows.append(_Row(n, ind, f, S.weight_group(ind.level1, doc.scoring), weight, source))
        present = {r.group for r in rows if r.group is not None}
        configured = [k for k, v in doc.scoring.weights.items() if k != EXECUTION_RATE and v]
        return _Table(
            rows,
            S.level1_weights(doc, project),
            [k for k in configured if k not in present],
            any(r.ind.score_weight is not None for r in rows),
        )

    table: _Table = ctx.memo(project, "phases.table", compute)
    return table


_Rule = Callable[[DocContext, Project], Iterable[Hit]]


def _during(phase: Phase) -> Callable[[_Rule], _Rule]:
    """The rule runs only while the document is in `phase` (the table is being filled): in any
    other it returns at once, an empty tuple rather than a generator — a county's check of
    targets called these rules 45,000 times for nothing, and starting a generator cost more
    than the test."""

    def wrap(fn: _Rule) -> _Rule:
        @wraps(fn)
        def during(ctx: DocContext, project: Project) -> Iterable[Hit]:
            if ctx.doc.phase is not phase:
                return ()
            return fn(ctx, project)

        return during

    return wrap


def _attainment(ctx: DocContext, project: Project, attr: str) -> list[tuple[_Row, Attainment]]:
    """Each row with a target, compared with one of its later values (actual, forecast …)."""

    def compute() -> list[tuple[_Row, Attainment]]:
        return [
            (r, compare(r.facts.value, getattr(r.ind, attr)))
            for r in _table(ctx, project).rows
            if r.facts.value.kind is not ValueKind.EMPTY
        ]

    found: list[tuple[_Row, Attainment]] = ctx.memo(project, f"phases.{attr}", compute)
    return found


def _unreadable(a: Attainment) -> bool:
    return a.outcome in (Outcome.UNREADABLE, Outcome.UNIT_MISMATCH)


def _unmet(r: _Row, a: Attainment) -> bool:
    """The target was not reached: compared and missed, or judged 部分达成 / 未达成."""
    if a.outcome is Outcome.COMPARED:
        return a.met is False
    return a.outcome is Outcome.ENTERED and r.ind.achievement.strip() in (
        Achievement.PARTLY.value,
        Achievement.NOT_MET.value,
    )


# --- 运行监控 -----------------------------------------------------------------------------------


@rule(
    "JX701",
    Severity.WARNING,
    "截至当期实际完成值未填写",
    scope=P,
    rationale="运行监控表逐项填写各指标截至当期的实际完成值，财政据此判断项目是否按进度推进。"
    "指标值已写而当期完成值空着，监控就无从谈起。年中确有尚无数据的指标（满意度调查年底才做），"
    "可写明“年底调查”之类的说明，故为“警告”。只在文档阶段为“监控”时检查。",
    example="指标值“≥2000平方米”，截至当期实际完成值空 → 填“1200平方米”。",
)
@_during(Phase.MONITOR)
def monitor_actual_missing(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for r, _a in _attainment(ctx, project, "actual_to_date"):
        if is_empty(r.ind.actual_to_date):
            yield Hit(
                f"{_named(r.facts)}的截至当期实际完成值未填写，请填写截至本期实际完成的数值或情况",
                ACTUAL_TO_DATE,
                r.row,
            )


@rule(
    "JX702",
    Severity.WARNING,
    "监控填报值无法与指标值比较",
    scope=P,
    rationale="指标值是数值时，截至当期实际完成值和全年预计完成值也应是同一单位的数值，才能算出进度、"
    "判断全年能否完成。写成文字（“按计划推进”）或换了单位（指标值“≥40盏”，完成值“30个”）就无法比较；"
    "金额单位（元、万元）会自动换算，只写数字按指标值的单位计。文字说明可能确有必要，故为“警告”。"
    "只在文档阶段为“监控”时检查。",
    example="指标值“≥40盏”，截至当期实际完成值“正在安装” → “25盏”。",
)
@_during(Phase.MONITOR)
def monitor_unreadable(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for attr, label in (("actual_to_date", ACTUAL_TO_DATE), ("forecast", FORECAST)):
        for r, a in _attainment(ctx, project, attr):
            if _unreadable(a):
                yield Hit(
                    f"{_named(r.facts)}：{a.note.replace('实际完成值', label)}；"
                    "请写成与指标值同单位的数值",
                    label,
                    r.row,
                )


def _short_forecasts(ctx: DocContext, project: Project) -> Iterator[tuple[_Row, Attainment]]:
    for r, a in _attainment(ctx, project, "forecast"):
        if a.outcome is Outcome.COMPARED and a.met is False:
            yield r, a


@rule(
    "JX703",
    Severity.ERROR,
    "全年预计完成值低于指标值，可能性却填“确定能”",
    scope=P,
    rationale="全年预计完成值是单位自己对年底的预计；预计达不到指标值，又说“确定能”完成目标，"
    "两栏自相矛盾，故为“错误”。比较按指标值的方向（≥ 越多越好，≤ 越少越好）和单位进行。"
    "只在文档阶段为“监控”时检查。",
    example="指标值“≥2000平方米”，全年预计完成值“1800平方米”，可能性“确定能” → 改为“有可能”"
    "并填写偏差原因，或核实预计值。",
)
@_during(Phase.MONITOR)
def forecast_short_but_certain(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for r, _a in _short_forecasts(ctx, project):
        if r.ind.likelihood.strip() == Likelihood.CERTAIN.value:
            yield Hit(
                f"{_named(r.facts)}全年预计完成值“{quote(r.ind.forecast)}”达不到指标值"
                f"“{quote(r.ind.value)}”，完成目标可能性却是“确定能”；请核实预计值，或改为“有可能”/“完全不可能”",
                LIKELIHOOD,
                r.row,
            )


@rule(
    "JX704",
    Severity.WARNING,
    "全年预计完成值低于指标值，未填偏差原因",
    scope=P,
    rationale="预计全年完成不了目标时，监控表要求选择偏差原因（经费保障、制度保障、人员保障、"
    "硬件条件保障、其他），财政据此决定是否调整预算或督促整改。原因可能在备注里另有说明，"
    "故为“警告”。只在文档阶段为“监控”时检查。",
    example="指标值“≥40盏”，全年预计完成值“35盏”，偏差原因空 → 选“经费保障”等并说明。",
)
@_during(Phase.MONITOR)
def forecast_short_without_cause(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for r, _a in _short_forecasts(ctx, project):
        if not r.ind.deviation_cause.strip():
            yield Hit(
                f"{_named(r.facts)}全年预计完成值“{quote(r.ind.forecast)}”达不到指标值"
                f"“{quote(r.ind.value)}”，请选择偏差原因（经费保障、制度保障、人员保障、硬件条件保障或其他）",
                CAUSE,
                r.row,
            )


@rule(
    "JX705",
    Severity.ERROR,
    "截至当期执行数超过全年预算数",
    scope=P,
    rationale="执行数是已支出的预算资金，不可能超过全年预算数（未填全年预算数时按预算数）；"
    "超过说明填错了数或单位（元与万元），故为“错误”。只在文档阶段为“监控”时检查。",
    example="全年预算数 50.00 万元，截至当期执行数 320000 → 改为 32.00。",
)
@_during(Phase.MONITOR)
def executed_to_date_over_budget(ctx: DocContext, project: Project) -> Iterator[Hit]:
    yield from _over_budget(ctx, project, project.executed_to_date, EXECUTED_TO_DATE)


# --- 绩效自评 -----------------------------------------------------------------------------------


@rule(
    "JX711",
    Severity.ERROR,
    "实际完成值未填写",
    scope=P,
    rationale="自评表的得分由实际完成值与指标值比较得出；实际完成值空着，这一行无法计分，"
    "总分也就不成立，故为“错误”。定性和时限指标同样要写明实际情况（如“明显改善”“11月底完成”）。"
    "只在文档阶段为“自评”时检查。",
    example="指标值“≥2000平方米”，实际完成值空 → 填“2150平方米”。",
)
@_during(Phase.EVALUATE)
def actual_missing(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for r, _a in _attainment(ctx, project, "actual"):
        if is_empty(r.ind.actual):
            yield Hit(
                f"{_named(r.facts)}的实际完成值未填写，请填写全年实际完成的数值或情况",
                ACTUAL,
                r.row,
            )


@rule(
    "JX712",
    Severity.ERROR,
    "实际完成值无法与指标值比较",
    scope=P,
    rationale="定量指标的得分 = 分值 × 实际完成值与指标值之比，两者须是同一单位的数值："
    "写成文字（“已完成”）或换了单位（指标值“≥40盏”，实际“30个”）就算不出得分，故为“错误”。"
    "金额单位（元、万元）会自动换算，只写数字按指标值的单位计。只在文档阶段为“自评”时检查。",
    example="指标值“≥95%”，实际完成值“基本完成” → “97%”。",
)
@_during(Phase.EVALUATE)
def actual_unreadable(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for r, a in _attainment(ctx, project, "actual"):
        if _unreadable(a):
            yield Hit(
                f"{_named(r.facts)}：{a.note}；请写成与指标值同单位的数值",
                ACTUAL,
                r.row,
            )


def _weight_problems(ctx: DocContext, project: Project) -> tuple[list[Hit], list[Hit]]:
    """(per-一级 hits of JX713, the total's hit of JX714) when 分值 are entered."""
    table = _table(ctx, project)
    if not table.entered:
        return [], []  # split from the weights: they add up by construction
    sums: dict[str, Decimal] = {}
    rows: dict[str, list[int]] = {}
    for r in table.rows:
        if r.group is not None and r.weight is not None:
            sums[r.group] = sums.get(r.group, Decimal(0)) + r.weight
            rows.setdefault(r.group, []).append(r.row)
    per_group: list[Hit] = []
    if not table.absent:  # with a 一级 missing, how its points were moved is the unit's choice
        for g, total in sums.items():
            expected = table.expected.get(g)
            if expected is not None and total != expected:
                numbers = "、".join(map(str, rows[g]))
                per_group.append(
                    Hit(
                        f"{g}（第 {numbers} 行）的分值合计 {_points(total)}，应为 {_points(expected)}；"
                        "请调整各行分值",
                        TABLE,
                    )
                )
    if per_group:
        return per_group, []
    execution = ctx.doc.scoring.weights.get(EXECUTION_RATE, Decimal(0))
    total = sum(sums.values(), Decimal(0)) + execution
    if total != FULL_MARKS:
        return [], [
            Hit(
                f"各指标分值合计 {_points(total - execution)}，加预算执行率 {_points(execution)} 分"
                f"共 {_points(total)} 分，应为 100 分；请调整各行分值（或文档的评分设置）",
                TABLE,
            )
        ]
    return [], []


@rule(
    "JX713",
    Severity.ERROR,
    "一级指标的分值合计不等于其权重",
    scope=P,
    rationale="财预〔2020〕10号规定一级指标的权重：产出指标 50 分、效益指标 30 分、满意度指标 10 分，"
    "预算执行率 10 分（可在文档的评分设置中调整）；各三级指标的分值由单位在一级权重内分配，"
    "合计必须等于权重，否则总分不是 100 分制，故为“错误”。2021 年指引的成本指标与产出指标合计。"
    "项目缺少某个一级指标时不逐项核对，只核对总分（JX714）。只在文档阶段为“自评”且填了分值时检查。",
    example="产出指标 4 行分值 15、15、10、5（合计 45）→ 调整为合计 50，如 15、15、10、10。",
)
@_during(Phase.EVALUATE)
def level1_weights(ctx: DocContext, project: Project) -> Iterator[Hit]:
    yield from _weight_problems(ctx, project)[0]


@rule(
    "JX714",
    Severity.ERROR,
    "分值合计（含预算执行率）不等于 100",
    scope=P,
    rationale="自评表满分 100 分：各指标分值之和加上预算执行率的分值（10 分）应正好是 100，"
    "否则总分和等级都不成立，故为“错误”。"
    "项目缺少某个一级指标（如没有满意度指标）时，其权重由单位分给其余指标，此时只核对总数。"
    "各一级指标的合计已由 JX713 报告时不重复报告。只在文档阶段为“自评”且填了分值时检查。",
    example="没有满意度指标，产出 50 + 效益 30 + 预算执行率 10 = 90 → 把 10 分分给产出和效益指标。",
)
@_during(Phase.EVALUATE)
def total_weight(ctx: DocContext, project: Project) -> Iterator[Hit]:
    yield from _weight_problems(ctx, project)[1]


@rule(
    "JX715",
    Severity.WARNING,
    "已填分值占满一级权重，未填分值的指标为 0 分",
    scope=P,
    rationale="一个一级指标下部分指标填了分值、部分留空时，留空的指标平分该一级权重余下的分值"
    "（与 jixiao score 的算法相同）；已填的分值合计已达到或超过该一级的权重时，留空的指标分值为 0，"
    "无论完成得多好都不得分。多半是分值填多了或漏填了，故为“警告”。只在文档阶段为“自评”时检查。",
    example="产出指标权重 50，4 行中 3 行填了 20、20、10，第 4 行留空 → 调整为 15、15、10，"
    "第 4 行留空得 10 分，或直接填 10。",
)
@_during(Phase.EVALUATE)
def blank_weight_left_nothing(ctx: DocContext, project: Project) -> Iterator[Hit]:
    from .. import scoring as S  # only for 自评 rows: not loaded to check targets

    table = _table(ctx, project)
    for r in table.rows:
        if r.source == S.SPLIT and r.weight is not None and r.weight <= 0 and r.group is not None:
            entered = sum(
                (x.ind.score_weight or Decimal(0) for x in table.rows if x.group == r.group),
                Decimal(0),
            )
            yield Hit(
                f"{_named(r.facts)}未填分值，而{r.group}已填的分值合计 {_points(entered)} 已达到该一级的权重 "
                f"{_points(table.expected.get(r.group, Decimal(0)))}，这一行分值为 0、不计分；请调整各行分值",
                WEIGHT,
                r.row,
            )


def _scored(ctx: DocContext, project: Project) -> Iterator[tuple[_Row, Decimal, Decimal]]:
    """Rows with an entered 得分 and a known 分值: (row, 得分, 分值)."""
    for r in _table(ctx, project).rows:
        if r.ind.score is not None and r.weight is not None:
            yield r, r.ind.score, r.weight


@rule(
    "JX716",
    Severity.ERROR,
    "得分高于分值",
    scope=P,
    rationale="每项指标的得分最多是它的分值（超额完成也只得满分），高于分值一定是填错了，故为“错误”。"
    "分值空着时按一级指标权重平均分配的分值核对。只在文档阶段为“自评”时检查。",
    example="分值 10，得分 12 → 得分改为不超过 10。",
)
@_during(Phase.EVALUATE)
def score_above_weight(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for r, score, weight in _scored(ctx, project):
        if score > weight:
            shown = "" if r.ind.score_weight is not None else "（按权重平均分配）"
            yield Hit(
                f"{_named(r.facts)}得分 {_points(score)} 高于分值 {_points(weight)}{shown}，"
                "请改为不超过分值",
                SCORE,
                r.row,
            )


@rule(
    "JX717",
    Severity.ERROR,
    "得分不在完成程度对应的区间内",
    scope=P,
    rationale="定性和时限指标按完成程度打分：达成得分值的 100%–80%，部分达成 80%–60%，未达成 60%–0%"
    "（财预〔2020〕10号）；端点两边都算。得分落在所选完成程度的区间之外，两栏自相矛盾，故为“错误”。"
    "得分高于分值由 JX716 报告。只在文档阶段为“自评”时检查。",
    example="分值 10，完成程度“部分达成”，得分 9 → 得分改为 6–8 分，或完成程度改为“达成”。",
)
@_during(Phase.EVALUATE)
def score_outside_band(ctx: DocContext, project: Project) -> Iterator[Hit]:
    from .. import scoring as S  # only for 自评 rows: not loaded to check targets

    for r, score, weight in _scored(ctx, project):
        achievement = r.ind.achievement.strip()
        band = S.band_of(achievement, weight)
        if band is None or score > weight:
            continue
        # to the cent, outwards: 80 % of 8.33 is 6.664, and a 得分 of 6.66 is not refused
        low, high = band[0].quantize(CENT, ROUND_FLOOR), band[1].quantize(CENT, ROUND_CEILING)
        if not low <= score <= high:
            shares = S.BAND_SHARES[achievement]
            yield Hit(
                f"{_named(r.facts)}完成程度“{achievement}”应得 {_points(low)}–{_points(high)} 分"
                f"（分值 {_points(weight)} 的 {shares[0]:.0%}–{shares[1]:.0%}），现为 {_points(score)}；"
                "请核对得分或完成程度",
                SCORE,
                r.row,
            )


@rule(
    "JX718",
    Severity.ERROR,
    "定性或时限指标未填完成程度或得分",
    scope=P,
    rationale="定性指标（“明显改善”）和时限指标（“12月底前”）无法按数值计算得分，由单位选择完成程度"
    "（达成、部分达成、未达成）并在对应区间内填写得分；缺了其中一项，这一行就没有得分，故为“错误”。"
    "只在文档阶段为“自评”时检查。",
    example="指标值“明显改善”，完成程度“达成”，得分空 → 在分值的 80%–100% 之间填写得分。",
)
@_during(Phase.EVALUATE)
def entered_score_missing(ctx: DocContext, project: Project) -> Iterator[Hit]:
    from .. import scoring as S  # only for 自评 rows: not loaded to check targets

    for r, a in _attainment(ctx, project, "actual"):
        if a.outcome is not Outcome.ENTERED:
            continue
        missing = [
            label
            for label, blank in (
                (ACHIEVEMENT, r.ind.achievement.strip() not in S.BAND_SHARES),
                (SCORE, r.ind.score is None),
            )
            if blank
        ]
        if missing:
            what = "时限" if r.facts.value.kind is ValueKind.DEADLINE else "定性"
            achievement = r.ind.achievement.strip()
            if achievement in S.BAND_SHARES:
                low, high = S.BAND_SHARES[achievement]
                ask = f"请按完成程度“{achievement}”在分值的 {low:.0%}–{high:.0%} 之间填写得分"
            else:
                ask = "请选择完成程度（达成、部分达成、未达成），并在对应区间内填写得分"
            yield Hit(
                f"{_named(r.facts)}是{what}指标，{'和'.join(missing)}未填写；{ask}",
                missing[0],
                r.row,
            )


@rule(
    "JX719",
    Severity.WARNING,
    "目标未达成，未填偏差原因分析及改进措施",
    scope=P,
    rationale="自评表要求对未完成的指标分析偏差原因并提出改进措施，这是自评的主要用处，"
    "也是财政复核的重点。实际完成值未达到指标值（按方向和单位比较），或完成程度为部分达成、未达成，"
    "而偏差原因分析空着时报告。原因可能写在别处，故为“警告”。只在文档阶段为“自评”时检查。",
    example="指标值“≥40盏”，实际完成值“35盏”，偏差分析空 → “受资金到位时间影响，5盏次年3月前完成安装”。",
)
@_during(Phase.EVALUATE)
def unmet_without_deviation(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for r, a in _attainment(ctx, project, "actual"):
        if _unmet(r, a) and is_empty(r.ind.deviation):
            how = (
                f"实际完成值“{quote(r.ind.actual)}”未达到指标值“{quote(r.ind.value)}”"
                if a.outcome is Outcome.COMPARED
                else f"完成程度为“{r.ind.achievement.strip()}”"
            )
            yield Hit(
                f"{_named(r.facts)}{how}，请填写偏差原因分析及改进措施",
                DEVIATION,
                r.row,
            )


@rule(
    "JX720",
    Severity.ERROR,
    "目标未达成却得满分",
    scope=P,
    rationale="定量指标未达到指标值时，得分 = 分值 × 实际/目标（正向）或 分值 × 目标/实际（反向），"
    "一定低于分值；填了满分与实际完成值相矛盾，故为“错误”。定性和时限指标按完成程度的区间核对（JX717）。"
    "只在文档阶段为“自评”时检查。",
    example="分值 10，指标值“≥40盏”，实际“30盏”，得分 10 → 7.5。",
)
@_during(Phase.EVALUATE)
def full_score_unmet(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for r, a in _attainment(ctx, project, "actual"):
        score, weight = r.ind.score, r.weight
        if (
            a.outcome is Outcome.COMPARED
            and a.met is False
            and score is not None
            and weight is not None
            and score >= weight
        ):
            yield Hit(
                f"{_named(r.facts)}实际完成值“{quote(r.ind.actual)}”未达到指标值"
                f"“{quote(r.ind.value)}”，得分却是满分 {_points(score)}；请按完成比例计分",
                SCORE,
                r.row,
            )


@rule(
    "JX721",
    Severity.ERROR,
    "全年执行数超过全年预算数",
    scope=P,
    rationale="全年执行数是全年实际支出的预算资金，不可能超过全年预算数（未填全年预算数时按预算数）；"
    "超过说明填错了数或单位，预算执行率也会超过 100%，故为“错误”。只在文档阶段为“自评”时检查。",
    example="全年预算数 50.00 万元，全年执行数 52.00 → 核实后改为不超过 50.00，或补填调整后的全年预算数。",
)
@_during(Phase.EVALUATE)
def executed_over_budget(ctx: DocContext, project: Project) -> Iterator[Hit]:
    yield from _over_budget(ctx, project, project.executed, EXECUTED)


def _over_budget(
    ctx: DocContext, project: Project, spent: Decimal | None, field: str
) -> Iterator[Hit]:
    """JX705 / JX721: an amount spent (named by its field) above the 全年预算数."""
    budget = project.full_year_budget
    if budget is not None and spent is not None and spent > budget:
        yield Hit(
            f"{field} {format_amount(spent)} 超过全年预算数 {format_amount(budget)}，"
            f"请核对金额和单位（{ctx.doc.money_unit}）",
            field,
        )


@rule(
    "JX722",
    Severity.WARNING,
    "全年执行数少于年中的截至当期执行数",
    scope=P,
    rationale="执行数是累计支出，年底的全年执行数不应少于运行监控时填报的截至当期执行数；"
    "少了说明其中一个数填错，或年中的支出后来被收回（此时应在说明中写明），故为“警告”。"
    "只在文档阶段为“自评”且两个数都填了时检查。",
    example="截至当期执行数 30.00，全年执行数 3.00 → 改为 30.00 以上的实际数。",
)
@_during(Phase.EVALUATE)
def executed_decreased(ctx: DocContext, project: Project) -> Iterator[Hit]:
    before, after = project.executed_to_date, project.executed
    if before is not None and after is not None and after < before:
        yield Hit(
            f"全年执行数 {format_amount(after)} 少于运行监控时的截至当期执行数 {format_amount(before)}，"
            "请核对两个数",
            EXECUTED,
        )


@rule(
    "JX723",
    Severity.WARNING,
    "一级指标不在评分权重中，不计分",
    scope=P,
    rationale="自评总分按一级指标的权重（产出、效益、满意度指标，2021 年指引的成本指标计入产出）计算；"
    "一级指标名称不在其中的行没有权重，得分不计入总分。名称本身的错误另由 JX103 报告；"
    "文档的评分设置删去了某个一级指标时也会如此，故为“警告”。只在文档阶段为“自评”时检查。",
    example="一级指标“社会效益” → 改为“效益指标”（社会效益指标是二级指标）。",
)
@_during(Phase.EVALUATE)
def level1_without_weight(ctx: DocContext, project: Project) -> Iterator[Hit]:
    for r in _table(ctx, project).rows:
        if r.group is None and r.ind.level1.strip():
            yield Hit(
                f"{_named(r.facts)}的一级指标“{quote(r.ind.level1)}”不在评分权重"
                f"（{'、'.join(k for k in ctx.doc.scoring.weights if k != EXECUTION_RATE)}）中，"
                "这一行不计分；请改为其中之一",
                LEVEL1,
                r.row,
            )
