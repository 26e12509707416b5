"""JX2xx — indicator values: kind, unit, range, comparator direction, name against value."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TypeGuard

from ..entities import Indicator, Project
from ..text import halfwidth
from ..values import Comparator, Deadline, Quantity, ValueKind
from .base import IND_NAME, VALUE, Hit, Scope, Severity, quote, rule
from .context import DocContext
from .facts import COST, EFFECT, QUANTITY, SATISFACTION, TIMELINESS, Facts

IND = Scope.INDICATOR

_CEILING = (Comparator.LE, Comparator.LT)
_FLOOR = (Comparator.GE, Comparator.GT)
# Things one wants less of: a ceiling is right for them.
_NEGATIVE = re.compile(
    r"投诉|差错|错误|事故|发生|失误|误差|违|超支|空置|流失|死亡|发病|返工|下降|降低|减少|损失|"
    r"不合格|缺陷|故障|逾期|超期|负债|闲置|污染|能耗|排放|成本|费用|偏差|案件|上访|风险|隐患|"
    r"不满意|漏|延误|拖欠|超标|次品|废|伤亡|率低于|控制在"
)
# Counts kept down on purpose (spending control): a ceiling is right for them.
_CONTROLLED = re.compile(r"接待|出国|出境|会议|公务用车|招待|三公")
_GROWTH = re.compile(r"增长|增加|提高|提升|同比|环比|超额|增幅|倍")
_DURATION_UNITS = {"天", "日", "个工作日", "工作日", "小时", "个月", "月", "周", "分钟", "年"}
_TIME_WORDS = re.compile(r"月|年|日|前|内|及时|按时|按期|如期")


# The row rules return their hits as a tuple (mostly empty), not as generators: the engine asks
# a dozen of them about every new row — ~115,000 calls a county — and making and exhausting a
# generator cost ~0.2 µs more than a call that returns (): 33 M of the 7,490 M instructions of
# the county's check (cachegrind).

# A row's quantity is facts.value.quantity: parse_value sets it on quantitative values only, so
# the rules read the attribute (120,000 times a county) instead of calling a helper to test the
# kind first.


def _is_money(q: Quantity | None) -> TypeGuard[Quantity]:
    return q is not None and q.money_unit is not None


def _looks_numeric(raw: str) -> bool:
    s = halfwidth(raw).strip()
    return bool(s) and (s[0] in "≥≤<>=≧≦⩾⩽" or s[0].isdigit())


def _unparseable(facts: Facts) -> bool:
    return facts.value.kind is ValueKind.QUALITATIVE and _looks_numeric(facts.value.raw)


@rule(
    "JX201",
    Severity.ERROR,
    "指标值无法识别",
    scope=IND,
    rationale="以比较符或数字开头的指标值应是“比较符 + 数字 + 单位”或一个时限；无法识别的写法"
    "（如“≥九十%”“1-12月”）在汇总、比较和年终自评时都无法使用，故为“错误”。",
    example="“≥九十%” → “≥90%”；“1-12月” → “12月底前”。",
    kinds=(ValueKind.QUALITATIVE,),
    reads=("value",),
)
def value_parses(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if _unparseable(facts):
        return (
            Hit(
                f"指标值“{quote(ind.value)}”无法识别，请写成“比较符+数字+单位”（如 ≥95%）或时限（如 12月底前）",
                VALUE,
            ),
        )
    return ()


@rule(
    "JX202",
    Severity.WARNING,
    "指标值缺少单位",
    scope=IND,
    rationale="没有单位的数字（“≥30”）读者不知道是人、次还是百分比，自评时也无法核对；"
    "补上单位即可，故为“警告”。",
    example="“≥30” → “≥30人”或“≥30%”。",
    kinds=(ValueKind.QUANTITATIVE,),
    percent=False,
    reads=("value",),
)
def value_has_unit(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    q = facts.value.quantity
    if q is not None and not q.unit:
        return (Hit(f"指标值“{quote(ind.value)}”没有单位，请补上（人、次、个、%、万元……）", VALUE),)
    return ()


@rule(
    "JX219",
    Severity.WARNING,
    "指标值的单位写了两遍",
    scope=IND,
    rationale="“≤3.11万元万元”“12人人”是把单位多打了一遍（常见于先填了带单位的数、又在度量单位栏补了"
    "单位）。意思看得出，其他检查按一个单位理解它；但印出来是错字，审核时会被退回，故为“警告”。",
    example="“≤3.11万元万元” → “≤3.11万元”。",
    kinds=(ValueKind.QUANTITATIVE,),
    reads=("value",),
)
def unit_written_twice(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    q = facts.value.quantity
    if q is not None and q.doubled:
        number = format(q.number, "f")
        prefix = q.comparator.value if q.explicit else ""
        return (
            Hit(
                f"指标值“{quote(ind.value)}”的单位“{q.unit}”写了两遍，应为“{prefix}{number}{q.unit}”",
                VALUE,
            ),
        )
    return ()


@rule(
    "JX203",
    Severity.ERROR,
    "时效指标的值是金额",
    scope=IND,
    rationale="时效指标衡量“什么时候完成”，应是预算年度内的时限（12月底前）或按时完成率；"
    "写成金额是明显的错填，故为“错误”。",
    example="时效指标“完成率”的值“12万元” → “12月底前”。",
    kinds=(ValueKind.QUANTITATIVE,),
    categories=(TIMELINESS,),
    percent=False,
    reads=("level1", "level2", "value"),
)
def timeliness_not_money(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if facts.category == TIMELINESS and _is_money(facts.value.quantity):
        return (
            Hit(
                f"时效指标的值“{quote(ind.value)}”是金额，应写完成时限（如 12月底前）或按时完成率",
                VALUE,
            ),
        )
    return ()


@rule(
    "JX204",
    Severity.WARNING,
    "时效指标的值不是时限",
    scope=IND,
    rationale="时效指标应是时限（12月底前、2023年8月底）或按时完成率。写成一般的完成率、到位率或数量，"
    "衡量的就不是“及时”，而是质量或数量；有时名称里能看出是及时性，故只作“警告”。",
    example="时效指标“资金使用完成率 ≥95%” → “资金支出完成时间 12月底前”，或改为“按时完成率 ≥95%”。",
    kinds=(
        ValueKind.QUANTITATIVE,
        ValueKind.QUALITATIVE,
    ),
    categories=(TIMELINESS,),
    reads=("level1", "level2", "name", "description", "value"),
)
def timeliness_is_deadline(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if facts.category != TIMELINESS:
        return ()
    kind, q = facts.value.kind, facts.value.quantity
    if kind in (ValueKind.DEADLINE, ValueKind.EMPTY) or _is_money(q) or _unparseable(facts):
        return ()
    if q is not None:
        if q.is_percent and facts.timely:
            return ()
        if q.unit in _DURATION_UNITS:
            return ()
        what = "比率" if q.is_percent else "数量"
        return (
            Hit(
                f"时效指标的值“{quote(ind.value)}”是{what}，不是时限；请写完成时间（如 12月底前），"
                "或改为“按时完成率”",
                VALUE,
            ),
        )
    elif not _TIME_WORDS.search(facts.value.raw):
        return (
            Hit(f"时效指标的值“{quote(ind.value)}”不是时限，请写完成时间（如 12月底前）", VALUE),
        )
    return ()


@rule(
    "JX205",
    Severity.ERROR,
    "时限不在预算年度内",
    scope=IND,
    rationale="预算当年的钱当年用，时限应落在预算年度内；写成别的年份多半是沿用了往年的表，故为“错误”。",
    example="2023 年文档中的“2022年12月底” → “2023年12月底”或“12月底前”。",
    kinds=(ValueKind.DEADLINE,),
    reads=("value",),
)
def deadline_in_year(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    d = facts.value.deadline
    if d is not None and d.year is not None and ctx.doc.year and d.year != ctx.doc.year:
        return (
            Hit(
                f"时限“{quote(ind.value)}”不在预算年度 {ctx.doc.year} 年内，请改为本年度的时间",
                VALUE,
            ),
        )
    return ()


@rule(
    "JX206",
    Severity.ERROR,
    "成本指标的值不是金额",
    scope=IND,
    rationale="成本指标（2021 年指引为经济成本指标）衡量花多少钱：总额（≤11万元）或单价（≤5元/份）。"
    "写成比率（预算执行率 ≥95%）或文字，就没有成本可言，故为“错误”。",
    example="成本指标“预算执行率 ≥95%” → “经济普查工作经费支出 ≤2万元”。",
    kinds=(
        ValueKind.QUANTITATIVE,
        ValueKind.QUALITATIVE,
        ValueKind.DEADLINE,
    ),
    categories=(COST,),
    reads=("level1", "level2", "value"),
)
def cost_is_money(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if not facts.money_cost or facts.value.kind is ValueKind.EMPTY or _unparseable(facts):
        return ()
    q = facts.value.quantity
    if _is_money(q):
        return ()
    what = "比率" if q is not None and q.is_percent else ("数量" if q is not None else "文字")
    return (
        Hit(
            f"成本指标的值“{quote(ind.value)}”是{what}，应写金额（如 ≤10万元）或单价（如 ≤5元/份）",
            VALUE,
        ),
    )


@rule(
    "JX207",
    Severity.ERROR,
    "百分比超出 0–100%",
    scope=IND,
    rationale="覆盖率、合格率、满意度等比率不可能超过 100% 或为负数；只有增长率类指标可以超过 100%。"
    "超出范围一定是笔误，故为“错误”。",
    example="“满意度 ≥950%” → “≥95%”。",
    kinds=(ValueKind.QUANTITATIVE,),
    percent=True,
    reads=("name", "description", "value"),
)
def percent_in_range(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    q = facts.value.quantity
    if q is None or not q.is_percent:
        return ()
    if q.number < 0 or (q.number > 100 and not _GROWTH.search(facts.text)):
        return (Hit(f"百分比“{quote(ind.value)}”超出 0–100% 的范围，请改正", VALUE),)
    return ()


def _positive_rate(facts: Facts) -> bool:
    if facts.category == COST or _NEGATIVE.search(facts.text):
        return False
    return facts.name_says_rate or facts.desc_says_rate or facts.category == SATISFACTION


@rule(
    "JX208",
    Severity.ERROR,
    "正向比率写成“≤100%”",
    scope=IND,
    rationale="发放率、覆盖率、合格率、满意度、运转率越高越好，目标应是下限（≥）。“≤100%”对任何结果都成立，"
    "等于没有目标，故为“错误”。",
    example="工资发放率“≤100%” → “=100%”或“≥98%”。",
    kinds=(ValueKind.QUANTITATIVE,),
    percent=True,
    reads=("level1", "level2", "name", "description", "value"),
)
def rate_ceiling_100(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    q = facts.value.quantity
    if (
        q
        and q.is_percent
        and q.comparator in _CEILING
        and q.number >= 100
        and _positive_rate(facts)
    ):
        return (
            Hit(
                f"“{facts.shown}”越高越好，“{quote(ind.value)}”恒成立、等于没有目标，请写成下限，如 ≥95% 或 =100%",
                VALUE,
            ),
        )
    return ()


@rule(
    "JX209",
    Severity.WARNING,
    "正向比率写成上限",
    scope=IND,
    rationale="越高越好的比率写成上限（≤90%）意味着“不要超过 90%”，与本意相反；偶有确需上限的情形，"
    "故为“警告”。",
    example="合格率“≤90%” → “≥90%”。",
    kinds=(ValueKind.QUANTITATIVE,),
    percent=True,
    reads=("level1", "level2", "name", "description", "value"),
)
def rate_ceiling(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    q = facts.value.quantity
    if q and q.is_percent and q.comparator in _CEILING and q.number < 100 and _positive_rate(facts):
        return (Hit(f"“{facts.shown}”越高越好，却写成上限“{quote(ind.value)}”，请改为“≥”", VALUE),)
    return ()


@rule(
    "JX210",
    Severity.WARNING,
    "数量指标写成上限",
    scope=IND,
    rationale="数量指标是要完成的量（发放人数、检查次数），目标应是下限（≥）或确数（=）。写成“≤3人”"
    "意味着做得越少越好；但确有名额上限的情形，故为“警告”。",
    example="发放人数“≤3人” → “3人”或“≥3人”。",
    kinds=(ValueKind.QUANTITATIVE,),
    categories=(QUANTITY,),
    percent=False,
    reads=("level1", "level2", "name", "description", "value"),
)
def count_ceiling(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    q = facts.value.quantity
    if (
        facts.category == QUANTITY
        and q is not None
        and q.comparator in _CEILING
        and not q.is_percent
        and not _is_money(q)
        and not _NEGATIVE.search(facts.text)
        and not _CONTROLLED.search(facts.text)
    ):
        return (
            Hit(
                f"数量指标“{facts.shown}”写成上限“{quote(ind.value)}”，意味着越少越好；请写确数（如 {format(q.number, 'f')}{q.unit}）或下限（≥）",
                VALUE,
            ),
        )
    return ()


@rule(
    "JX211",
    Severity.WARNING,
    "成本指标写成下限",
    scope=IND,
    rationale="成本是要控制的，目标应是上限（≤）。写成“≥”意味着花得越多越好，与本意相反；"
    "偶有“投入不少于”的要求，故为“警告”。",
    example="“≥10万元” → “≤10万元”。",
    kinds=(ValueKind.QUANTITATIVE,),
    categories=(COST,),
    percent=False,
    reads=("level1", "level2", "value"),
)
def cost_floor(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    q = facts.value.quantity
    if facts.category == COST and _is_money(q) and q.comparator in _FLOOR:
        return (Hit(f"成本指标写成下限“{quote(ind.value)}”，成本应控制在上限内，请改为“≤”", VALUE),)
    return ()


@rule(
    "JX212",
    Severity.WARNING,
    "成本指标没有写比较符",
    scope=IND,
    rationale="成本一般写成上限（≤11万元），表示不超支；不写比较符表示“恰好等于”，年终花了 10.8 万元"
    "就算没有达标。审核人会要求改成上限，故为“警告”；单价等确有定额的情形可以标记为已核实，"
    "不算“错误”。",
    example="“40万元” → “≤40万元”。",
    kinds=(ValueKind.QUANTITATIVE,),
    categories=(COST,),
    percent=False,
    reads=("level1", "level2", "value"),
)
def cost_comparator(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    q = facts.value.quantity
    if facts.category == COST and _is_money(q) and not q.explicit:
        return (
            Hit(
                f"成本指标“{quote(ind.value)}”没有比较符，一般写成上限，如 ≤{quote(ind.value)}",
                VALUE,
            ),
        )
    return ()


@rule(
    "JX213",
    Severity.WARNING,
    "应为数值的指标写了文字",
    scope=IND,
    rationale="数量指标和满意度指标可以计数、可以调查，应“定量为主”；写成文字（“明显提高”）无法在年终"
    "核对。质量、效益指标可以定性，不在此列。故为“警告”。",
    example="满意度“群众满意” → “≥90%”。",
    kinds=(ValueKind.QUALITATIVE,),
    categories=(
        QUANTITY,
        SATISFACTION,
    ),
    reads=("level1", "level2", "value"),
)
def number_expected(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if facts.value.kind is not ValueKind.QUALITATIVE or _unparseable(facts):
        return ()
    if facts.category in (QUANTITY, SATISFACTION):
        label = "数量指标" if facts.category == QUANTITY else "满意度指标"
        return (
            Hit(
                f"{label}的值“{quote(ind.value)}”是文字，请写成数字和单位（如 ≥90% 或 50台）", VALUE
            ),
        )
    return ()


@rule(
    "JX214",
    Severity.WARNING,
    "名称或描述说是比率，指标值却不是百分比",
    scope=IND,
    rationale="三级指标叫“…率”“…比例”，或描述写“占…的比率”，指标值就应是百分比。不一致说明"
    "名称、描述、指标值中有一处填错（常见于复制别的行后只改了一格），故为“警告”。",
    example="“及时发放率”的值“12月底前” → 改名为“发放完成时间”，或把值改为“≥95%”。",
    kinds=(
        ValueKind.QUANTITATIVE,
        ValueKind.QUALITATIVE,
        ValueKind.DEADLINE,
    ),
    percent=False,
    reads=("level1", "level2", "name", "description", "value"),
)
def rate_needs_percent(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    says = facts.name_says_rate or (facts.desc_says_rate and not facts.name_says_time)
    if not says:
        return ()  # the usual row: first the test that needs no call
    kind = facts.value.kind
    if kind is ValueKind.EMPTY or _unparseable(facts):
        return ()
    if facts.category == SATISFACTION and kind is ValueKind.QUALITATIVE:
        return ()  # JX213 speaks for satisfaction written as words
    q = facts.value.quantity
    if facts.category == TIMELINESS and _is_money(q):
        return ()  # JX203 already says a 时效 value cannot be money
    if q is not None and q.is_percent:
        return ()
    where = f"三级指标“{facts.shown}”" if facts.name_says_rate else "绩效指标描述"
    return (
        Hit(
            f"{where}说的是比率，指标值“{quote(ind.value)}”却不是百分比；请核对名称、描述与指标值",
            VALUE,
        ),
    )


@rule(
    "JX215",
    Severity.WARNING,
    "名称说是时间，指标值却不是时限",
    scope=IND,
    rationale="三级指标叫“…时间”，指标值就应是时限（12月底前）或时长（≤30天）。写成百分比说明名称"
    "与指标值对不上（常见于复制后只改了一格），故为“警告”。",
    example="“该笔资金支出完成时间 ≥95%” → 改名为“活动质量达标率”，或把值改为“12月底前”。",
    kinds=(
        ValueKind.QUANTITATIVE,
        ValueKind.QUALITATIVE,
    ),
    reads=("level1", "level2", "name", "value"),
)
def time_needs_deadline(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if not facts.name_says_time or facts.value.kind in (ValueKind.DEADLINE, ValueKind.EMPTY):
        return ()
    q = facts.value.quantity
    if q is not None and q.unit in _DURATION_UNITS:
        return ()
    if facts.category == TIMELINESS and (_is_money(q) or q is None):
        return ()  # JX203/JX204 already say the value is wrong for a 时效 row
    return (
        Hit(
            f"三级指标“{facts.shown}”说的是时间，指标值“{quote(ind.value)}”却不是时限；请核对名称与指标值",
            VALUE,
        ),
    )


_INPUT = re.compile(
    r"到位率|预算执行率|执行率|资金使用覆盖率|资金覆盖率|资金使用规范|支出进度|资金支出率|"
    r"实际支出资金占|支出资金占"
)
# One of these is in every alternative of _INPUT (input_as_result tests them, written out).
_INPUT_HINTS = ("位率", "行率", "盖率", "出率", "规范", "进度", "资金占")


@rule(
    "JX216",
    Severity.WARNING,
    "把资金投入当作产出或效益",
    scope=IND,
    rationale="资金到位率、预算执行率、资金使用覆盖率、资金使用规范性衡量的是“钱是否拨到、花掉”，属于投入和"
    "过程管理，年终自评时另有“预算执行”10 分单独打分；把它们当作产出或效益，项目真正的产出就没有衡量。"
    "故为“警告”。",
    example="质量指标“资金使用覆盖率 100%” → 写项目本身的质量，如“证照印制合格率 ≥98%”。",
    reads=("name", "description"),
)
def input_as_result(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    # One search of name + " " + description rules out the usual row (no alternative of
    # _INPUT holds a space, so none can match across the two) — after `in` tests for what
    # every alternative holds one of (_INPUT_HINTS), which rule out nine rows in ten of a
    # county's for ≈1,500 instructions where the search took ≈2,800.
    text = facts.text
    if not (
        "位率" in text
        or "行率" in text
        or "盖率" in text
        or "出率" in text
        or "规范" in text
        or "进度" in text
        or "资金占" in text
    ) or not _INPUT.search(text):
        return ()
    if _INPUT.search(facts.name):
        what = f"“{facts.shown}”"
    elif m := _INPUT.search(facts.description):
        what = f"描述中的“{m.group(0)}”"
    else:
        return ()
    return (
        Hit(
            f"{what}衡量的是资金投入，不是项目产出或效益（年终另有预算执行评分），"
            "请改为项目本身的产出或效果",
            IND_NAME,
        ),
    )


@rule(
    "JX217",
    Severity.WARNING,
    "把“单位正常运转率”当作项目效益",
    scope=IND,
    rationale="“单位正常运转率”（正常运转天数占全年天数）说的是单位开门办公，与某个项目花钱后带来的效果无关，"
    "几乎每个项目都能照抄；作为效益指标衡量不出项目的作用，故为“警告”。",
    example="效益指标“单位正常运转率 100%” → 写项目的效果，如“失地群众按时足额领取补偿比例 ≥98%”。",
    categories=(EFFECT,),
    reads=("level1", "level2", "name", "description"),
)
def running_rate_as_effect(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    if (
        facts.category == EFFECT
        and "运转" in facts.name
        and facts.name_says_rate
        and (
            _OFFICE.search(facts.name)
            or ("单位" in facts.description and "天数" in facts.description)
        )
    ):
        return (
            Hit(
                f"“{facts.shown}”说的是单位正常办公，不是本项目的效益，请改为项目带来的效果",
                IND_NAME,
            ),
        )
    return ()


# Whose running is meant: the office itself (单位正常运转率), not a machine (设备运转率).
_OFFICE = re.compile(r"单位|工作|机关|办公|部门")
_ABSTRACT = re.compile(r"效率|水平|能力|稳定|影响力|幸福|质量|形象|积极性|热情")
_IMPROVE = re.compile(r"提高|提升|增长|改善|增强")


@rule(
    "JX218",
    Severity.WARNING,
    "无法计量的“提高 N%”",
    scope=IND,
    rationale="“办公效率提高 ≥50%”“工作水平提高 ≥30%”没有可以计量的基数和方法：效率、水平、稳定"
    "没有单位，年终无法核实是否达到，只能照填。故为“警告”。",
    example="“办公效率提高比例 ≥50%” → “按时办结事项比例 ≥95%”，或改为定性分级（好/较好/一般）。",
    kinds=(ValueKind.QUANTITATIVE,),
    percent=True,
    reads=("name", "description", "value"),
)
def unmeasurable_improvement(
    ctx: DocContext, project: Project, row: int, ind: Indicator, facts: Facts
) -> tuple[Hit, ...]:
    what = unmeasurable_gain(facts)
    if what is not None:
        return (
            Hit(
                f"“{facts.shown}”要求{what}提高“{quote(ind.value)}”，但{what}无法计量；"
                "请改为可统计的指标，或写明基数和计算方法",
                VALUE,
            ),
        )
    return ()


def unmeasurable_gain(facts: Facts) -> str | None:
    """The abstract thing (效率, 水平 …) a percent row asks to raise, when JX218 reports it."""
    q = facts.value.quantity
    if q is None or not q.is_percent:
        return None
    return _abstract_gain(facts.text)


@lru_cache(maxsize=16384)
def _abstract_gain(text: str) -> str | None:
    """Cached: JX218, JX230, JX231 and JX232 each ask it of the same row."""
    m = _ABSTRACT.search(text)
    return m.group(0) if m and _IMPROVE.search(text) else None


def _open_deadline(ind: Indicator) -> bool:
    """A point in the year written without 前/内 (12月底, 2023年12月31日): due *at* it."""
    return _open(ind.parsed.deadline)


def _open(d: Deadline | None) -> bool:
    return d is not None and not d.before and d.duration is None


def _deadline_convention(ctx: DocContext) -> tuple[int, int]:
    """(deadlines written with 前/内, deadlines written without) over the whole document."""
    by = at = 0
    for project in ctx.doc.projects:
        for ind in project.indicators:
            d = ind.parsed.deadline
            if d is None or d.is_duration:
                continue
            if d.before:
                by += 1
            else:
                at += 1
    return by, at


@rule(
    "JX220",
    Severity.HINT,
    "时限的写法与本文档其他时限不一致",
    scope=Scope.PROJECT,
    rationale="同一文档里多数时限写成“12月底前”（在此之前完成），个别写成“12月底”（恰在当时），读者会问"
    "两者是否有意不同；年终自评按“之前”还是“当时”判断完成与否，结果也不同。只在文档中写“前/内”的"
    "时限明显占多数（至少 3 个且不少于三分之二）时提示，可一键修正（--fix）。意思通常相同，故只作“提示”。",
    example="其余时限都写“12月底前”，此处“12月底” → “12月底前”。",
)
def deadline_convention(ctx: DocContext, project: Project) -> Iterable[Hit]:
    # The rows' parsed values from their facts (the same parse_value), in a plain loop: _open
    # inline, not a generator and a call per row (25,000 rows a county, few of them deadlines).
    for _, _, facts in ctx.rows(project):
        d = facts.value.deadline
        if d is not None and not d.before and d.duration is None:
            break
    else:
        return ()  # a plain function, not a generator: see the row rules above
    by, at = ctx.memo(ctx.doc, "deadline_convention", lambda: _deadline_convention(ctx))
    if by < 3 or by < 2 * at:
        return ()
    return [
        Hit(
            f"本文档有 {by} 个时限写作“…前/内”，此处“{quote(ind.value)}”没有写“前”；"
            f"如是在此之前完成，请写作“{quote(ind.value)}前”",
            VALUE,
            row,
        )
        for row, ind in enumerate(project.indicators, 1)
        if _open_deadline(ind)
    ]
