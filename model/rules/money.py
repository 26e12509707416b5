"""JX3xx — money, in Decimal: funds add up, the spending plan, costs against the budget."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..amounts import format_amount
from ..entities import PLAN_CHECKPOINTS, Project
from ..text import halfwidth
from ..values import Quantity, ValueKind
from .base import BUDGET, GOALS, PLAN, VALUE, Hit, Scope, Severity, quote, rule
from .context import DocContext
from .facts import COST, QUANTITY, Facts, facts_of

P = Scope.PROJECT


def _wan(ctx: DocContext, yuan: Decimal) -> str:
    """An amount in 元 shown in the document's unit (万元 by default), two decimals."""
    return f"{(yuan / ctx.yuan_per_unit).quantize(Decimal('0.01'))}{ctx.doc.money_unit}"


@rule(
    "JX301",
    Severity.ERROR,
    "财政资金与其他资金之和不等于预算数",
    scope=P,
    rationale="预算数 = 其中财政资金 + 其他资金，是预算系统里的硬约束；对不上说明有一个数抄错了，故为“错误”。",
    example="预算数 11.00、财政资金 10.00、其他资金空 → 财政资金改为 11.00，或其他资金填 1.00。",
)
def funds_add_up(ctx: DocContext, project: Project) -> Iterator[Hit]:
    budget, fiscal, other = project.budget, project.fiscal, project.other
    if budget is None or (fiscal is None and other is None):
        return
    total = (fiscal or Decimal(0)) + (other or Decimal(0))
    if total != budget:
        yield Hit(
            f"财政资金 {format_amount(fiscal) or '空'} + 其他资金 {format_amount(other) or '空'} = {format_amount(total)}，"
            f"不等于预算数 {format_amount(budget)}，请核对",
            BUDGET,
        )


def _looks_like_percent(project: Project) -> bool:
    """Checkpoints written as percentages (25, 50, 75, 100) although the budget is not 100."""
    filled = [v for v in project.plan.as_list() if v is not None]
    return (
        bool(filled)
        and project.budget is not None
        and project.budget != 100
        and filled[-1] == 100
        and all(0 <= v <= 100 for v in filled)
    )


@rule(
    "JX302",
    Severity.WARNING,
    "资金支出计划像是百分比",
    scope=P,
    rationale="表头写着“（%）”，但各地实际填的是累计金额（万元）。若各时点是 25、50、75、100 而预算数"
    "并非 100，多半填成了百分比；两种理解都有人用，故为“警告”。",
    example="预算数 11.00，计划 25 / 50 / 75 / 100 → 2.75 / 5.50 / 8.25 / 11.00。",
)
def plan_as_percent(ctx: DocContext, project: Project) -> Iterator[Hit]:
    if _looks_like_percent(project):
        yield Hit(
            f"资金支出计划像是百分比（最后一个时点为 100），但预算数是 {format_amount(project.budget)}；"
            "请填写累计金额",
            PLAN,
        )


@rule(
    "JX303",
    Severity.ERROR,
    "资金支出计划递减",
    scope=P,
    rationale="资金支出计划是截至各时点的累计支出，只能增加或持平；后一个时点小于前一个，说明填成了"
    "当期数或抄错了，故为“错误”。",
    example="3月底 5.00、6月底 3.00 → 6月底至少 5.00（累计数）。",
)
def plan_non_decreasing(ctx: DocContext, project: Project) -> Iterator[Hit]:
    last: tuple[str, Decimal] | None = None
    for label, value in zip(PLAN_CHECKPOINTS, project.plan.as_list(), strict=True):
        if value is None:
            continue
        if last is not None and value < last[1]:
            yield Hit(
                f"{label} {format_amount(value)} 小于 {last[0]} {format_amount(last[1])}；"
                "支出计划是累计数，应逐时点增加或持平",
                PLAN,
            )
        last = (label, value)


@rule(
    "JX304",
    Severity.ERROR,
    "资金支出计划超过预算数",
    scope=P,
    rationale="累计支出计划不能超过预算数：超出部分没有资金来源，故为“错误”。",
    example="预算数 10.00，10月底 12.00 → 10月底不超过 10.00。",
)
def plan_within_budget(ctx: DocContext, project: Project) -> Iterator[Hit]:
    if project.budget is None or _looks_like_percent(project):
        return
    for label, value in zip(PLAN_CHECKPOINTS, project.plan.as_list(), strict=True):
        if value is not None and value > project.budget:
            yield Hit(
                f"{label} {format_amount(value)} 超过预算数 {format_amount(project.budget)}", PLAN
            )


@rule(
    "JX305",
    Severity.ERROR,
    "资金支出计划最终数不等于预算数",
    scope=P,
    rationale="最后一个填写的时点就是全年累计支出，应等于预算数；小于预算数说明钱没有计划花完，"
    "故为“错误”。",
    example="预算数 10.00，12月底 8.00 → 12月底 10.00。",
)
def plan_reaches_budget(ctx: DocContext, project: Project) -> Iterator[Hit]:
    if project.budget is None or _looks_like_percent(project):
        return
    filled = [
        (lbl, v)
        for lbl, v in zip(PLAN_CHECKPOINTS, project.plan.as_list(), strict=True)
        if v is not None
    ]
    if not filled:
        if project.budget != 0:
            yield Hit("资金支出计划全部为空，请至少填写 12月底 的累计支出（等于预算数）", PLAN)
        return
    label, value = filled[-1]
    if value < project.budget:
        yield Hit(
            f"资金支出计划最后一个时点（{label}）{format_amount(value)} 未达到预算数 "
            f"{format_amount(project.budget)}，请核对",
            PLAN,
        )


@rule(
    "JX306",
    Severity.WARNING,
    "资金支出计划在后面的时点留空",
    scope=P,
    rationale="支出计划是累计数：6月底已计划花完 2.62 万元，则 10月底、12月底也是 2.62；留空读起来像"
    "“年底累计为 0”，12月底的数也无法与预算数核对。金额本身没有错，故为“警告”。",
    example="计划“空 / 2.62 / 空 / 空” → “空 / 2.62 / 2.62 / 2.62”。",
)
def plan_trailing_blanks(ctx: DocContext, project: Project) -> Iterator[Hit]:
    values = project.plan.as_list()
    filled = [n for n, v in enumerate(values) if v is not None]
    if not filled or filled[-1] == len(values) - 1:
        return
    last = filled[-1]
    blanks = "、".join(PLAN_CHECKPOINTS[last + 1 :])
    yield Hit(
        f"资金支出计划在 {PLAN_CHECKPOINTS[last]} 之后留空；计划是累计数，{blanks}应填 "
        f"{format_amount(values[last])}",
        PLAN,
    )


@rule(
    "JX311",
    Severity.WARNING,
    "资金支出计划中间的时点留空",
    scope=P,
    rationale="支出计划是累计数：3月底 2.00、10月底 7.00 之间的 6月底不可能是 0（累计数不会减少），"
    "留空只能是漏填，读者也无从得知上半年计划花多少。开头的时点留空（年初还没有支出）和后面的时点留空"
    "（见 JX306）另有含义，不在此列。已填的金额本身没有错，只是计划不完整，故为“警告”（与 JX306 相同）。",
    example="计划“2.00 / 空 / 7.00 / 10.00” → 6月底填 2.00 至 7.00 之间的累计数，如“4.50”。",
)
def plan_middle_blanks(ctx: DocContext, project: Project) -> Iterator[Hit]:
    values = project.plan.as_list()
    filled = [(n, v) for n, v in enumerate(values) if v is not None]
    if len(filled) < 2:
        return
    for (before, low), (after, high) in zip(filled, filled[1:], strict=False):
        if after - before < 2:
            continue
        blanks = "、".join(PLAN_CHECKPOINTS[before + 1 : after])
        between = f" {format_amount(low)} 至 {format_amount(high)} 之间的" if low <= high else ""
        yield Hit(
            f"资金支出计划 {blanks} 留空，而前后的 {PLAN_CHECKPOINTS[before]}、"
            f"{PLAN_CHECKPOINTS[after]} 都有数；计划是累计数，请填写{between}累计支出",
            PLAN,
        )


def _total_cost_yuan(facts: Facts, ctx: DocContext) -> Decimal | None:
    """A cost row's amount in 元 when it is a total (not a unit price)."""
    if facts.category != COST or facts.value.kind is not ValueKind.QUANTITATIVE:
        return None
    q = facts.value.quantity
    if q is None or not q.is_money or _is_unit_cost(facts):
        return None
    return q.in_yuan()


@rule(
    "JX307",
    Severity.ERROR,
    "成本指标超过预算数",
    scope=P,
    rationale="一个成本指标（总额）超过整个项目的预算数，钱从哪里来？多半是单位写错（元与万元）或抄错，"
    "故为“错误”。",
    example="预算数 10.00 万元，成本指标“≤12万元” → “≤10万元”。",
)
def cost_within_budget(ctx: DocContext, project: Project) -> Iterator[Hit]:
    if project.budget is None:
        return
    budget_yuan = project.budget * ctx.yuan_per_unit
    for row, ind, facts in ctx.rows(project):
        yuan = _total_cost_yuan(facts, ctx)
        if yuan is not None and yuan > budget_yuan:
            yield Hit(
                f"成本“{quote(ind.value)}”超过预算数 {format_amount(project.budget)}{ctx.doc.money_unit}，"
                "请核对金额和单位（元/万元）",
                VALUE,
                row,
            )


# ---- unit cost × quantity -------------------------------------------------------------------

_PER_UNIT = re.compile(
    r"每(?:一)?(平方米|立方米|公里|千米|米|亩|人次|人|户|个|台|套|次|份|张|件|盏|座|间|处|村|本|册|场|天|月|年|辆|株|棵|块|吨|组|项|家)"
)
_UNIT_PRICE_WORDS = re.compile(r"单价|单位成本|每[^，。；]{0,6}(?:标准|价格|费用|成本)|标准$")
_GENERIC_NAME = re.compile(
    r"的|数量|单价|面积|长度|每平方米|每米|每|标准|资金|使用|价格|费用|成本|支出|建设|个数|规模"
)


def _is_unit_cost(facts: Facts) -> bool:
    q = facts.value.quantity
    if q is None or q.money_unit is None:
        return False
    if q.is_unit_price:
        return True
    return bool(_UNIT_PRICE_WORDS.search(facts.name) or _PER_UNIT.search(facts.text))


def _per_unit(facts: Facts) -> str | None:
    q = facts.value.quantity
    if q is not None and q.is_unit_price:
        return q.unit.split("/", 1)[1]
    m = _PER_UNIT.search(facts.text)
    return m.group(1) if m else None


def _subject(name: str) -> str:
    return _GENERIC_NAME.sub("", name)


def _shared(a: str, b: str) -> int:
    """Length of the longest common substring (names are short)."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def unit_cost_pairs(project: Project) -> list[tuple[int, int, Quantity, Quantity]]:
    """(quantity row, unit-cost row, quantity, unit cost) pairs, matched by unit then by subject."""
    return _pairs([(n, facts_of(ind)) for n, ind in enumerate(project.indicators, 1)])


def _pairs(rows: list[tuple[int, Facts]]) -> list[tuple[int, int, Quantity, Quantity]]:
    quantities: list[tuple[int, Facts]] = []
    prices: list[tuple[int, Facts]] = []
    for row, facts in rows:
        q = facts.value.quantity
        if facts.value.kind is not ValueKind.QUANTITATIVE or q is None:
            continue
        if facts.category == QUANTITY and q.money_unit is None and not q.is_percent and q.unit:
            quantities.append((row, facts))
        elif facts.category == COST and _is_unit_cost(facts):
            prices.append((row, facts))
    pairs: list[tuple[int, int, Quantity, Quantity]] = []
    used: set[int] = set()
    for prow, pf in prices:
        unit = _per_unit(pf)
        candidates = [(r, f) for r, f in quantities if r not in used]
        if unit:
            by_unit = [(r, f) for r, f in candidates if f.value.quantity.unit == unit]  # type: ignore[union-attr]
            if len(by_unit) == 1:
                candidates = by_unit
            elif by_unit:
                candidates = by_unit
        subject = _subject(pf.name_core) or _subject(pf.description)
        scored = sorted(
            (
                (_shared(subject, _subject(f.name_core) + _subject(f.description)), r, f)
                for r, f in candidates
            ),
            key=lambda t: (-t[0], t[1]),
        )
        best = None
        if len(candidates) == 1 and (unit or scored[0][0] >= 2):
            best = candidates[0]
        elif scored and scored[0][0] >= 2 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            best = (scored[0][1], scored[0][2])
        if best is not None:
            used.add(best[0])
            pairs.append((best[0], prow, best[1].value.quantity, pf.value.quantity))  # type: ignore[arg-type]
    return pairs


@rule(
    "JX308",
    Severity.ERROR,
    "单价 × 数量超过预算数",
    scope=P,
    rationale="同一项目中的数量指标和单价（路灯 50 台 × 1200 元，硬化 3600 平方米 × 178 元/平方米）相乘，"
    "合计就是这些工作至少要花的钱；超过预算数说明数量、单价或预算有一个不对（常见是元与万元混用）。"
    "按 Decimal 精确计算，故为“错误”。",
    example="50台×1200元 + 3600平方米×178元 + 500米×600元 = 100.08万元 > 预算 100.00万元 → 核对单价或数量。",
)
def unit_costs_fit_budget(ctx: DocContext, project: Project) -> Iterator[Hit]:
    if project.budget is None:
        return
    pairs = _pairs([(row, facts) for row, _, facts in ctx.rows(project)])
    if not pairs:
        return
    total = Decimal(0)
    parts = []
    for _qrow, _prow, qty, price in pairs:
        yuan = price.in_yuan()
        if yuan is None:
            continue
        total += qty.number * yuan
        parts.append(
            f"{format_amount(qty.number)}{qty.unit}×{format_amount(price.number)}{price.unit}"
        )
    budget_yuan = project.budget * ctx.yuan_per_unit
    if total > budget_yuan:
        yield Hit(
            f"{' + '.join(parts)} = {_wan(ctx, total)}，超过预算数 {format_amount(project.budget)}"
            f"{ctx.doc.money_unit}；请核对数量、单价和单位（元/万元）",
            VALUE,
            pairs[-1][1],
        )


_GOAL_MONEY = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")


@rule(
    "JX309",
    Severity.WARNING,
    "绩效目标中的金额与预算数不符",
    scope=P,
    rationale="绩效目标里写出的金额（“投入 12 万元”）应与预算数或某个成本指标一致；不一致多半是沿用了"
    "往年或别的项目的文字。文字里的金额也可能指别的数，故为“警告”。",
    example="预算数 11.00，目标写“投入 12 万元” → 改为“投入 11 万元”。",
)
def goal_amounts(ctx: DocContext, project: Project) -> Iterator[Hit]:
    if project.budget is None:
        return
    known = {project.budget * ctx.yuan_per_unit}
    for _, _, facts in ctx.rows(project):
        q = facts.value.quantity
        if q is not None and q.money_unit is not None:
            known.add(q.in_yuan())  # type: ignore[arg-type]
    for line in project.goals:
        for m in _GOAL_MONEY.finditer(halfwidth(line)):
            yuan = Decimal(m.group(1)) * (Decimal(10000) if m.group(2) == "万元" else Decimal(1))
            if yuan not in known:
                yield Hit(
                    f"绩效目标中的“{m.group(0)}”与预算数 {format_amount(project.budget)}{ctx.doc.money_unit}"
                    "及各成本指标都不一致，请核对",
                    GOALS,
                )


@rule(
    "JX310",
    Severity.WARNING,
    "唯一的成本总额与预算数不符",
    scope=P,
    rationale="项目只有一个成本指标、且它是总额（不是单价）时，它就是这笔钱的成本上限，应等于预算数；"
    "小于预算数，其余的钱用在哪里就没有交代（大于预算数见 JX307）。有分项成本或单价时不检查。"
    "可能另有原因，故为“警告”。",
    example="预算数 36.00，唯一的成本指标“工资支出 ≤30万元” → “≤36万元”，或补充其余 6 万元的成本指标。",
)
def sole_cost_matches_budget(ctx: DocContext, project: Project) -> Iterator[Hit]:
    if project.budget is None:
        return
    totals, others = [], 0
    for row, ind, facts in ctx.rows(project):
        if facts.category != COST:
            continue
        yuan = _total_cost_yuan(facts, ctx)
        if yuan is None:
            others += 1
        else:
            totals.append((row, ind, yuan))
    if len(totals) != 1 or others:
        return
    row, ind, yuan = totals[0]
    if yuan < project.budget * ctx.yuan_per_unit:
        yield Hit(
            f"唯一的成本指标“{quote(ind.value)}”小于预算数 {format_amount(project.budget)}"
            f"{ctx.doc.money_unit}，其余资金的用途没有成本指标；请核对金额或补充成本指标",
            VALUE,
            row,
        )
