"""JX3xx — money, in Decimal: funds add up, the spending plan, costs against the budget."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..amounts import format_amount
from ..entities import PLAN_CHECKPOINTS, Indicator, PlanUnit, Project, SpendingPlan
from ..text import halfwidth
from ..values import ParsedValue, Quantity, ValueKind
from .base import BUDGET, GOALS, PLAN, VALUE, Hit, Scope, Severity, quote, rule
from .context import DocContext
from .facts import COST, QUANTITY, TIMELINESS, Facts, facts_of

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
def funds_add_up(ctx: DocContext, project: Project) -> Iterable[Hit]:
    budget, fiscal, other = project.budget, project.fiscal, project.other
    if budget is None or (fiscal is None and other is None):
        return ()
    total = (fiscal or Decimal(0)) + (other or Decimal(0))
    if total == budget:
        return ()
    return (
        Hit(
            f"财政资金 {format_amount(fiscal) or '空'} + 其他资金 {format_amount(other) or '空'} = {format_amount(total)}，"
            f"不等于预算数 {format_amount(budget)}，请核对",
            BUDGET,
        ),
    )


def evident_unit(project: Project) -> PlanUnit | None:
    """The unit a project's plan evidently uses, whatever the document says: amounts when the
    last filled checkpoint is the 预算数 (or a checkpoint is beyond 100), percentages when it is
    100 and all lie within 0–100 while the budget is not 100; None when the figures cannot tell
    (no plan, no budget, a budget of 100, or neither end)."""
    return _evident([v for v in project.plan.as_list() if v is not None], project.budget)


_HUNDRED = Decimal(100)


def _evident(filled: list[Decimal], budget: Decimal | None) -> PlanUnit | None:
    """evident_unit of the plan's filled values, in order."""
    if not filled or budget is None or budget == _HUNDRED:
        return None
    if filled[-1] == budget or max(filled) > _HUNDRED:
        return PlanUnit.AMOUNT
    if filled[-1] == _HUNDRED and min(filled) >= 0:  # and none above 100 (above)
        return PlanUnit.PERCENT
    return None


class _Plan(NamedTuple):
    """What the plan rules read of a project's plan, made once per project check: a dozen
    rules each listed the checkpoints, picked the filled ones and worked out the plan's unit."""

    values: list[Decimal | None]  # the four checkpoints, None where blank
    filled: list[tuple[int, Decimal]]  # (checkpoint index, value) of the filled ones
    evident: PlanUnit | None  # evident_unit
    unit: PlanUnit  # plan_unit_of
    decreasing: bool  # a checkpoint is below the one before it (JX303)
    total: Decimal | None  # what the plan must reach (see _plan_of)


_new_tuple = tuple.__new__


def _plan(ctx: DocContext, project: Project) -> _Plan:
    found: _Plan = ctx.memo(project, "plan", lambda: _plan_of(ctx, project))
    return found


def _plan_of(ctx: DocContext, project: Project) -> _Plan:
    values = project.plan.as_list()
    filled = [(n, v) for n, v in enumerate(values) if v is not None]
    amounts = [v for v in values if v is not None]
    evident = _evident(amounts, project.budget)
    unit = evident or ctx.doc.plan_unit
    # Sorting leaves a non-decreasing list as it is, and only such a list (C, not a generator).
    decreasing = amounts != sorted(amounts)
    # What the plan must reach: 100 in percent, else the budget; None when there is nothing
    # to compare or the plan decreases somewhere (JX303: its shape means nothing then).
    total: Decimal | None
    if decreasing:
        total = None
    elif unit is PlanUnit.PERCENT:
        total = Decimal(100)
    else:
        total = project.budget
    # The tuple made directly, in _Plan's field order: its generated __new__ binds the fields in
    # Python (as facts._facts does; 11.5 against 13.0 ms for a county's 2,500 plans).
    return _new_tuple(_Plan, (values, filled, evident, unit, decreasing, total))


def plan_converted(project: Project, to: PlanUnit) -> SpendingPlan | None:
    """The project's plan written in the other unit — the mechanical fix of JX313 (and of
    JX302 for a document whose setting must stay): percentages → amounts as 预算数 × p / 100 in
    the budget's decimals, amounts → percentages of 预算数 to two decimals; blanks stay blank.
    None without a (non-zero) budget."""
    budget = project.budget
    if budget is None or budget == 0:
        return None
    hundred = Decimal(100)
    if to is PlanUnit.AMOUNT:
        exponent = budget.as_tuple().exponent
        places = Decimal(1).scaleb(min(exponent if isinstance(exponent, int) else 0, -2))
        values = [
            None if v is None else (budget * v / hundred).quantize(places)
            for v in project.plan.as_list()
        ]
    else:
        values = [
            None if v is None else (v * hundred / budget).quantize(Decimal("0.01"))
            for v in project.plan.as_list()
        ]
    return SpendingPlan.from_list(values)


def plan_unit_of(ctx: DocContext, project: Project) -> PlanUnit:
    """The unit a project's plan is checked in: what its figures evidently use, else the
    document's setting (a plan in the other unit is reported once, by JX302 or JX313)."""
    return _plan(ctx, project).unit


@dataclass(frozen=True, slots=True)
class PlanUnits:
    """How the projects' plans compare with the document's plan_unit."""

    agree: int  # projects whose figures evidently use the document's unit
    differ: list[int]  # 0-based positions of projects whose figures use the other unit
    filled: int  # projects with a plan and a budget

    @property
    def document_wrong(self) -> bool:
        """Most projects that tell use the other unit: the setting (the header) is what is wrong."""
        return len(self.differ) > self.agree


def plan_units(ctx: DocContext) -> PlanUnits:
    """The document-wide comparison, computed once per check (O(projects))."""

    def compute() -> PlanUnits:
        setting = ctx.doc.plan_unit
        agree, differ, filled = 0, [], 0
        for n, project in enumerate(ctx.doc.projects):
            amounts = [v for v in project.plan.as_list() if v is not None]
            unit = _evident(amounts, project.budget)
            if project.budget is not None and amounts:
                filled += 1
            if unit is None:
                continue
            if unit is setting:
                agree += 1
            else:
                differ.append(n)
        return PlanUnits(agree, differ, filled)

    result: PlanUnits = ctx.memo(ctx.doc, "plan_units", compute)
    return result


def _unit_words(unit: PlanUnit, ctx: DocContext) -> str:
    return "累计百分比" if unit is PlanUnit.PERCENT else f"累计金额（{ctx.doc.money_unit}）"


@rule(
    "JX302",
    Severity.WARNING,
    "资金支出计划的单位与文档设置不符",
    scope=Scope.DOCUMENT,
    rationale="资金支出计划填累计金额还是累计百分比，是整份文档的一个设置（文档信息中的“资金支出计划单位”，"
    "Word 表头据此写作“资金支出计划（万元）”或“（%）”，导入时从表头读出）。示例文档表头写着“（%）”，"
    "各项目填的却都是累计金额：读者不知道 2.50 是 2.50 万元还是 2.50%。多数项目的填法与设置相反时，"
    "错的是设置（表头），只报这一条，不逐个项目报；各项目的计划按它们实际的填法检查。"
    "两种填法都有人用，改设置即可，故为“警告”。少数项目与设置不符时见 JX313。",
    example="表头“资金支出计划（%）”，24 个项目 12月底 都等于预算数 → 文档信息（F9）中把资金支出计划单位"
    "改为“金额”，导出的表头即为“资金支出计划（万元）”。",
)
def plan_unit_setting(ctx: DocContext) -> Iterator[Hit]:
    units = plan_units(ctx)
    if not units.differ or not units.document_wrong:
        return
    setting = ctx.doc.plan_unit
    other = PlanUnit.AMOUNT if setting is PlanUnit.PERCENT else PlanUnit.PERCENT
    header = "（%）" if setting is PlanUnit.PERCENT else f"（{ctx.doc.money_unit}）"
    evidence = (
        "最后一个时点等于预算数"
        if other is PlanUnit.AMOUNT
        else "最后一个时点为 100 而预算数不是 100"
    )
    yield Hit(
        f"文档的资金支出计划单位是“{setting.label}”（表头“资金支出计划{header}”），但有计划的 "
        f"{units.filled} 个项目中 {len(units.differ)} 个填的是{_unit_words(other, ctx)}，"
        f"{evidence}；请在文档信息中把资金支出计划单位改为“{other.label}”",
        PLAN,
    )


@rule(
    "JX313",
    Severity.WARNING,
    "本项目的资金支出计划与文档的单位不符",
    scope=P,
    rationale="文档的资金支出计划单位（金额或百分比）由设置决定，多数项目也是这样填的；个别项目换了填法"
    "（如预算数 11.00 的项目填 25 / 50 / 75 / 100），表中同一列就混了两种数，合计、核对都会出错。"
    "金额本身可能都对，只是单位不一致，故为“警告”。多数项目都与设置不符时，只报 JX302 一条。",
    example="文档按金额填写，预算数 11.00，计划 25 / 50 / 75 / 100 → 2.75 / 5.50 / 8.25 / 11.00。",
)
def plan_unit_of_project(ctx: DocContext, project: Project) -> Iterable[Hit]:
    plan = _plan(ctx, project)
    unit = plan.evident
    setting = ctx.doc.plan_unit
    if unit is None or unit is setting or plan_units(ctx).document_wrong:
        return ()
    if unit is PlanUnit.PERCENT:
        return (
            Hit(
                f"资金支出计划像是百分比（最后一个时点为 100），但预算数是 {format_amount(project.budget)}，"
                f"文档按累计金额填写；请填写累计金额（{ctx.doc.money_unit}）",
                PLAN,
            ),
        )
    return (
        Hit(
            f"资金支出计划填的是累计金额（最后为 {format_amount(plan.filled[-1][1])}），"
            "文档按累计百分比填写；请填写累计百分比（12月底 为 100）",
            PLAN,
        ),
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
def plan_non_decreasing(ctx: DocContext, project: Project) -> Iterable[Hit]:
    plan = _plan(ctx, project)
    if not plan.decreasing:
        return ()
    hits = []
    last: tuple[str, Decimal] | None = None
    for n, value in plan.filled:
        label = PLAN_CHECKPOINTS[n]
        if last is not None and value < last[1]:
            hits.append(
                Hit(
                    f"{label} {format_amount(value)} 小于 {last[0]} {format_amount(last[1])}；"
                    "支出计划是累计数，应逐时点增加或持平",
                    PLAN,
                )
            )
        last = (label, value)
    return hits


@rule(
    "JX304",
    Severity.ERROR,
    "资金支出计划超过预算数",
    scope=P,
    rationale="累计支出计划不能超过预算数（按百分比填写时不能超过 100%）：超出部分没有资金来源，"
    "故为“错误”。按金额还是百分比，看项目实际的填法，看不出时按文档的资金支出计划单位（见 JX302）。",
    example="预算数 10.00，10月底 12.00 → 10月底不超过 10.00。",
)
def plan_within_budget(ctx: DocContext, project: Project) -> Iterable[Hit]:
    plan = _plan(ctx, project)
    if plan.unit is PlanUnit.PERCENT:
        return [
            Hit(
                f"{PLAN_CHECKPOINTS[n]} {format_amount(value)}% 超过 100%（计划按累计百分比填写）",
                PLAN,
            )
            for n, value in plan.filled
            if value > 100
        ]
    budget = project.budget
    if budget is None:
        return ()
    return [
        Hit(
            f"{PLAN_CHECKPOINTS[n]} {format_amount(value)} 超过预算数 {format_amount(budget)}", PLAN
        )
        for n, value in plan.filled
        if value > budget
    ]


@rule(
    "JX305",
    Severity.ERROR,
    "资金支出计划最终数不等于预算数",
    scope=P,
    rationale="最后一个填写的时点就是全年累计支出，应等于预算数（按百分比填写时为 100%）；小于它说明钱"
    "没有计划花完，故为“错误”。",
    example="预算数 10.00，12月底 8.00 → 12月底 10.00。",
)
def plan_reaches_budget(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if project.budget is None:
        return ()
    plan = _plan(ctx, project)
    percent = plan.unit is PlanUnit.PERCENT
    if not plan.filled:
        if project.budget != 0:
            end = "100" if percent else "预算数"
            return (Hit(f"资金支出计划全部为空，请至少填写 12月底 的累计支出（等于{end}）", PLAN),)
        return ()
    last, value = plan.filled[-1]
    label = PLAN_CHECKPOINTS[last]
    if percent and value < 100:
        return (
            Hit(
                f"资金支出计划最后一个时点（{label}）{format_amount(value)}% 未达到 100%，请核对",
                PLAN,
            ),
        )
    if not percent and value < project.budget:
        return (
            Hit(
                f"资金支出计划最后一个时点（{label}）{format_amount(value)} 未达到预算数 "
                f"{format_amount(project.budget)}，请核对",
                PLAN,
            ),
        )
    return ()


@rule(
    "JX306",
    Severity.WARNING,
    "资金支出计划在后面的时点留空",
    scope=P,
    rationale="支出计划是累计数：6月底已计划花完 2.62 万元，则 10月底、12月底也是 2.62；留空读起来像"
    "“年底累计为 0”，12月底的数也无法与预算数核对。金额本身没有错，故为“警告”。",
    example="计划“空 / 2.62 / 空 / 空” → “空 / 2.62 / 2.62 / 2.62”。",
)
def plan_trailing_blanks(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if project.plan.dec is not None:
        return ()  # the last checkpoint is filled: nothing after it is blank
    plan = _plan(ctx, project)
    values, filled = plan.values, plan.filled
    if not filled or filled[-1][0] == len(values) - 1:
        return ()
    last = filled[-1][0]
    blanks = "、".join(PLAN_CHECKPOINTS[last + 1 :])
    return (
        Hit(
            f"资金支出计划在 {PLAN_CHECKPOINTS[last]} 之后留空；计划是累计数，{blanks}应填 "
            f"{format_amount(values[last])}",
            PLAN,
        ),
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
def plan_middle_blanks(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if project.plan.jun is not None and project.plan.oct is not None:
        return ()  # the two middle checkpoints are filled: no gap can lie between filled ones
    filled = _plan(ctx, project).filled
    if len(filled) < 2 or filled[-1][0] - filled[0][0] == len(filled) - 1:
        return ()  # no gap between the first and the last filled checkpoints
    hits = []
    for (before, low), (after, high) in zip(filled, filled[1:], strict=False):
        if after - before < 2:
            continue
        blanks = "、".join(PLAN_CHECKPOINTS[before + 1 : after])
        between = f" {format_amount(low)} 至 {format_amount(high)} 之间的" if low <= high else ""
        hits.append(
            Hit(
                f"资金支出计划 {blanks} 留空，而前后的 {PLAN_CHECKPOINTS[before]}、"
                f"{PLAN_CHECKPOINTS[after]} 都有数；计划是累计数，请填写{between}累计支出",
                PLAN,
            )
        )
    return hits


_CostRow = tuple[int, Indicator, Facts, Decimal | None]


class _Rows(NamedTuple):
    """What the money rules read of a project's indicator rows, found in one pass per project
    check: JX307, JX308, JX310, JX312, JX314 and JX316 each walked every row for a few of them."""

    costs: list[_CostRow]  # (row, indicator, facts, its total in 元 or None) of every cost row
    prices: list[tuple[int, Facts]]  # the cost rows that are unit prices (JX308)
    quantities: list[tuple[int, Facts]]  # every 数量 row (JX308 pairs a price with one of them)
    deadline: tuple[int, int, str] | None  # _work_deadline


def _rows(ctx: DocContext, project: Project) -> _Rows:
    found: _Rows = ctx.memo(project, "money_rows", lambda: _rows_of(ctx, project))
    return found


def _rows_of(ctx: DocContext, project: Project) -> _Rows:
    costs: list[_CostRow] = []
    prices: list[tuple[int, Facts]] = []
    quantities: list[tuple[int, Facts]] = []
    deadline: tuple[int, int, str] | None = None
    for row, ind, facts in ctx.rows(project):
        category = facts.category
        if category == COST:
            value = facts.value
            q = value.quantity
            yuan = None
            if value.kind is ValueKind.QUANTITATIVE and q is not None and q.money_unit is not None:
                # _is_unit_cost, its money test done: q.is_unit_price is "/" in the unit then
                if "/" in q.unit or _priced_per_unit(facts):
                    prices.append((row, facts))
                else:
                    yuan = q.in_yuan()  # money and not a unit price: a total
            costs.append((row, ind, facts, yuan))
        elif category == QUANTITY:
            quantities.append((row, facts))
        elif category == TIMELINESS:
            # The latest deadline among the 时效 rows: (month, row, value).
            month = _deadline_month(ctx, facts.value)
            if month is not None and (deadline is None or month > deadline[0]):
                deadline = (month, row, ind.value.strip())
    return _new_tuple(_Rows, (costs, prices, quantities, deadline))  # as _plan_of's


def _cost_rows(ctx: DocContext, project: Project) -> list[_CostRow]:
    """(row, indicator, facts, its total in 元 or None) of every cost row, in order."""
    return _rows(ctx, project).costs


@rule(
    "JX307",
    Severity.ERROR,
    "成本指标超过预算数",
    scope=P,
    rationale="一个成本指标（总额）超过整个项目的预算数，钱从哪里来？多半是单位写错（元与万元）或抄错，"
    "故为“错误”。",
    example="预算数 10.00 万元，成本指标“≤12万元” → “≤10万元”。",
)
def cost_within_budget(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if project.budget is None:
        return ()
    budget_yuan = project.budget * ctx.yuan_per_unit
    return [
        Hit(
            f"成本“{quote(ind.value)}”超过预算数 {format_amount(project.budget)}{ctx.doc.money_unit}，"
            "请核对金额和单位（元/万元）",
            VALUE,
            row,
        )
        for row, ind, _, yuan in _cost_rows(ctx, project)
        if yuan is not None and yuan > budget_yuan
    ]


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
    return q.is_unit_price or _priced_per_unit(facts)


def _priced_per_unit(facts: Facts) -> bool:
    """What makes a money value that is not written as one (元/份) a unit price: its name or
    text (_is_unit_cost's last tests; _rows_of asks them itself, having read the money unit —
    a property and a cached call each time — once, not three times)."""
    # Each of _UNIT_PRICE_WORDS' forms holds 单, 每 or 标, and _PER_UNIT starts with 每: a test
    # of `in` first spares the regex scans of most cost rows' text.
    name = facts.name
    if ("单" in name or "每" in name or "标" in name) and _UNIT_PRICE_WORDS.search(name):
        return True
    return "每" in facts.text and _PER_UNIT.search(facts.text) is not None


def _per_unit(facts: Facts) -> str | None:
    q = facts.value.quantity
    if q is not None and q.is_unit_price:
        return q.unit.split("/", 1)[1]
    m = _PER_UNIT.search(facts.text) if "每" in facts.text else None
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


def _is_quantity(facts: Facts) -> bool:
    return facts.value.kind is ValueKind.QUANTITATIVE and facts.value.quantity is not None


def _pairs(rows: list[tuple[int, Facts]]) -> list[tuple[int, int, Quantity, Quantity]]:
    # The unit prices first: most projects have none, and then nothing else is looked at.
    prices: list[tuple[int, Facts]] = []
    for row, facts in rows:
        if facts.category == COST and _is_quantity(facts) and _is_unit_cost(facts):
            prices.append((row, facts))
    if not prices:
        return []
    return _match(prices, [(row, facts) for row, facts in rows if facts.category == QUANTITY])


def _match(
    prices: list[tuple[int, Facts]], rows: list[tuple[int, Facts]]
) -> list[tuple[int, int, Quantity, Quantity]]:
    """The pairs of _pairs: each unit price with the 数量 row (of `rows`) it multiplies."""
    quantities: list[tuple[int, Facts]] = []
    for row, facts in rows:
        if _is_quantity(facts):
            q = facts.value.quantity
            if q.money_unit is None and not q.is_percent and q.unit:  # type: ignore[union-attr]
                quantities.append((row, facts))
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
        best = None
        if len(candidates) == 1 and unit:
            best = candidates[0]  # the one row counted in the price's unit: no subject needed
        else:
            subject = _subject(pf.name_core) or _subject(pf.description)
            scored = sorted(
                (
                    (_shared(subject, _subject(f.name_core) + _subject(f.description)), r, f)
                    for r, f in candidates
                ),
                key=lambda t: (-t[0], t[1]),
            )
            if len(candidates) == 1 and scored[0][0] >= 2:
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
def unit_costs_fit_budget(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if project.budget is None:
        return ()
    rows = _rows(ctx, project)
    if not rows.prices:
        return ()  # the usual project: no unit price, nothing to multiply
    pairs = _match(rows.prices, rows.quantities)
    if not pairs:
        return ()
    total = Decimal(0)
    counted = []
    for _qrow, _prow, qty, price in pairs:
        yuan = price.in_yuan()
        if yuan is None:
            continue
        total += qty.number * yuan
        counted.append((qty, price))
    budget_yuan = project.budget * ctx.yuan_per_unit
    if total <= budget_yuan:
        return ()
    parts = [
        f"{format_amount(qty.number)}{qty.unit}×{format_amount(price.number)}{price.unit}"
        for qty, price in counted
    ]  # written out only for the message
    return (
        Hit(
            f"{' + '.join(parts)} = {_wan(ctx, total)}，超过预算数 {format_amount(project.budget)}"
            f"{ctx.doc.money_unit}；请核对数量、单价和单位（元/万元）",
            VALUE,
            pairs[-1][1],
        ),
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
def goal_amounts(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if project.budget is None:
        return ()
    # 元 is not a character halfwidth changes: a goal without it names no amount (most do not).
    said = [
        m for line in project.goals if "元" in line for m in _GOAL_MONEY.finditer(halfwidth(line))
    ]
    if not said:
        return ()  # the rows' amounts are not needed
    known = {project.budget * ctx.yuan_per_unit}
    for _, _, facts in ctx.rows(project):
        q = facts.value.quantity
        if q is not None and q.money_unit is not None:
            known.add(q.in_yuan())  # type: ignore[arg-type]
    hits = []
    for m in said:
        yuan = Decimal(m.group(1)) * (Decimal(10000) if m.group(2) == "万元" else Decimal(1))
        if yuan not in known:
            hits.append(
                Hit(
                    f"绩效目标中的“{m.group(0)}”与预算数 {format_amount(project.budget)}{ctx.doc.money_unit}"
                    "及各成本指标都不一致，请核对",
                    GOALS,
                )
            )
    return hits


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
def sole_cost_matches_budget(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if project.budget is None:
        return ()
    totals, others = [], 0
    for row, ind, _, yuan in _cost_rows(ctx, project):
        if yuan is None:
            others += 1
        else:
            totals.append((row, ind, yuan))
    if len(totals) != 1 or others:
        return ()
    row, ind, yuan = totals[0]
    if yuan >= project.budget * ctx.yuan_per_unit:
        return ()
    return (
        Hit(
            f"唯一的成本指标“{quote(ind.value)}”小于预算数 {format_amount(project.budget)}"
            f"{ctx.doc.money_unit}，其余资金的用途没有成本指标；请核对金额或补充成本指标",
            VALUE,
            row,
        ),
    )


# ---- itemised cost totals -------------------------------------------------------------------

_OVERALL_COST = re.compile(
    r"总(?:成本|额|计|投入|支出|费用|金额|造价|投资)|合计|全部|全年|项目成本|资金总"
)


@rule(
    "JX312",
    Severity.WARNING,
    "分项成本之和超过预算数",
    scope=P,
    rationale="几个成本指标各是一笔总额（不是单价）时，它们合起来就是这个项目计划花的钱：“设备购置 ≤3万元”"
    "加“劳务费 ≤3万元”是 6 万元，预算只有 5.00 万元，至少有一项写多了（或预算不够）。单价见 JX308，"
    "单独一项超过预算见 JX307。名称写明是总额（总成本、合计、全年支出……）或恰等于预算数的一行是其余各项"
    "的合计，不再相加。某一行也可能是其余几行的小计，故为“警告”。",
    example="预算数 5.00 万元，成本“设备购置 ≤3万元”“劳务费 ≤3万元” → 合计 6.00 万元，改为“≤3万元”“≤2万元”。",
)
def cost_totals_fit_budget(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if project.budget is None:
        return ()
    budget_yuan = project.budget * ctx.yuan_per_unit
    items: list[tuple[int, str, Decimal]] = []
    for row, ind, facts, yuan in _cost_rows(ctx, project):
        if yuan is None:
            continue
        if yuan > budget_yuan:
            return ()  # JX307 reports that row; the sum adds nothing
        if yuan == budget_yuan or _OVERALL_COST.search(facts.name_core):
            continue  # the project's total: the others are its parts
        items.append((row, ind.value.strip(), yuan))
    if len(items) < 2:
        return ()
    total = sum((yuan for _, _, yuan in items), Decimal(0))
    if total <= budget_yuan:
        return ()
    shown = " + ".join(f"第 {row} 行“{value}”" for row, value, _ in items)
    return (
        Hit(
            f"成本指标 {shown} 合计 {_wan(ctx, total)}，超过预算数 {format_amount(project.budget)}"
            f"{ctx.doc.money_unit}；请核对各项金额，或注明哪一行是合计",
            VALUE,
            items[-1][0],
        ),
    )


# ---- the plan's shape against the work's deadline --------------------------------------------

_CHECKPOINT_MONTHS = (3, 6, 10, 12)
FAR_MONTHS = 4  # a plan this many months away from the work's deadline does not fit it


def _deadline_month(ctx: DocContext, value: ParsedValue) -> int | None:
    """The month of the year a 时效 deadline falls in (12月底前 → 12, 年底前 → 12, 第四季度末 → 12,
    model.values.Deadline.last_month); None for another year's, a duration, or no month."""
    d = value.deadline
    if value.kind is not ValueKind.DEADLINE or d is None:
        return None
    if d.year is not None and ctx.doc.year and d.year != ctx.doc.year:
        return None
    return d.last_month  # None for a duration (30个工作日内) or a part that names no month


def _work_deadline(ctx: DocContext, project: Project) -> tuple[int, int, str] | None:
    """(month, row, value) of the latest deadline among the project's 时效 rows."""
    return _rows(ctx, project).deadline


def _spent_by(ctx: DocContext, project: Project) -> tuple[int, int] | None:
    """(index of the checkpoint where the plan first reaches its total, the month before which
    spending had not yet finished: the previous checkpoint's, 0 for 3月底)."""
    plan = _plan(ctx, project)
    total = plan.total
    if total is None or total <= 0:
        return None
    for n, value in plan.filled:
        if value >= total:
            previous = _CHECKPOINT_MONTHS[n - 1] if n else 0
            return n, previous
    return None


@rule(
    "JX314",
    Severity.WARNING,
    "资金支出计划与时效指标的完成时间相差太远",
    scope=P,
    rationale="资金支出计划到达预算数（100%）的时点，就是钱花完的时间；它应与时效指标写的完成时间大体"
    f"一致。钱在 6月底 前全部付出而工作 12月底 才完成，或工作 6月底 完成而钱到 12月底 还在付，相差 "
    f"{FAR_MONTHS} 个月以上，两处必有一处不实（常见的是照抄“12月底前”或照抄“6月底付清”）。也有预付、"
    "质保金等正当原因，故为“警告”。时效按各行中最晚的完成时间计；按年份写的别年时间不比较。",
    example="计划“空 / 31.38 / 空 / 空”，时效“12月底” → 补偿款 6月底 发放完毕，时效改为“6月底前”；"
    "或按实际进度把计划改为“空 / 10.00 / 20.00 / 31.38”。",
)
def plan_fits_deadline(ctx: DocContext, project: Project) -> Iterable[Hit]:
    spent = _spent_by(ctx, project)
    if spent is None:
        return ()
    deadline = _work_deadline(ctx, project)
    if deadline is None:
        return ()
    month, row, value = deadline
    index, previous = spent
    done = _CHECKPOINT_MONTHS[index]
    label = PLAN_CHECKPOINTS[index]
    if month - done >= FAR_MONTHS:
        return (
            Hit(
                f"资金支出计划在 {label} 已达到全部资金，而第 {row} 行时效为“{value}”（{month}月），"
                f"早了 {month - done} 个月；请核对支出计划或完成时间",
                PLAN,
            ),
        )
    if previous - month >= FAR_MONTHS:
        return (
            Hit(
                f"第 {row} 行时效为“{value}”（{month}月），资金支出计划到 {PLAN_CHECKPOINTS[index - 1]} "
                f"仍未支出完毕（{label} 才达到全部资金），晚了 {previous - month} 个月以上；"
                "请核对支出计划或完成时间",
                PLAN,
            ),
        )
    return ()


@rule(
    "JX315",
    Severity.HINT,
    "资金支出计划集中在年末",
    scope=P,
    rationale="支出计划大半压在 10月底 到 12月底 的两个月里（如 10.00 / 10.00 / 10.00 / 47.20），往往是"
    "没有按进度安排、年底突击花钱，审核和运行监控都会关注；也可能确实是年底结算的项目，故为“提示”。"
    "以全年计划的一半为界。",
    example="预算数 47.20，计划 10.00 / 10.00 / 10.00 / 47.20 → 按实际进度，如 10.00 / 22.00 / 35.00 / 47.20。",
)
def plan_back_loaded(ctx: DocContext, project: Project) -> Iterable[Hit]:
    total = _plan(ctx, project).total
    oct_, dec = project.plan.oct, project.plan.dec
    if total is None or total <= 0 or oct_ is None or dec is None or dec != total:
        return ()
    late = dec - oct_
    if late * 2 <= total:
        return ()
    share = (late * 100 / total).quantize(Decimal("1"))
    return (
        Hit(
            f"资金支出计划中 {share}% 的资金（{format_amount(late)}）安排在 10月底 到 12月底 之间；"
            "请按实际进度核对各时点的累计支出",
            PLAN,
        ),
    )


@rule(
    "JX316",
    Severity.HINT,
    "资金支出计划各时点相同",
    scope=P,
    rationale="四个时点填了同一个数（等于预算数），意思是 3月底 前就全部花完；这多半是把预算数抄进了每一格，"
    "而不是真的一季度付清。项目有时效指标时由 JX314 比较完成时间，这里只看没有完成时间可比的项目。"
    "也可能确实年初一次付清，故为“提示”。",
    example="预算数 2.00，计划 2.00 / 2.00 / 2.00 / 2.00 → 按进度填写，如 0.50 / 1.00 / 1.50 / 2.00。",
)
def plan_flat(ctx: DocContext, project: Project) -> Iterable[Hit]:
    if project.plan.mar is None or project.plan.mar != project.plan.dec:
        return ()  # the usual plan: not one figure throughout
    plan = _plan(ctx, project)
    total = plan.total
    if total is None or total <= 0 or any(v != total for v in plan.values):
        return ()
    if _work_deadline(ctx, project) is not None:
        return ()  # JX314 compares the plan with the deadline
    return (
        Hit(
            f"资金支出计划四个时点都是 {format_amount(total)}，即 3月底 前全部支出；"
            "若不是一季度一次付清，请按进度填写累计支出",
            PLAN,
        ),
    )
