"""项目支出绩效目标汇总表: one row per project and a 合计 row, totals in Decimal (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .entities import Document, PlanUnit

SUMMARY_COLUMNS: tuple[str, ...] = (
    "序号",
    "项目编码",
    "项目名称",
    "预算数",
    "财政资金",
    "其他资金",
    "3月底",
    "6月底",
    "10月底",
    "12月底",
    "指标数",
)
TOTAL_LABEL = "合计"
AMOUNT_COLUMNS = 7  # 预算数 … 12月底


@dataclass(frozen=True, slots=True)
class SummaryRow:
    number: int
    code: str
    name: str
    amounts: tuple[Decimal | None, ...]  # 预算数, 财政资金, 其他资金, 3月底, 6月底, 10月底, 12月底
    indicators: int


def summary_rows(doc: Document) -> list[SummaryRow]:
    return [
        SummaryRow(
            number=n,
            code=p.code,
            name=p.name,
            amounts=(p.budget, p.fiscal, p.other, *p.plan.as_list()),
            indicators=len(p.indicators),
        )
        for n, p in enumerate(doc.projects, 1)
    ]


def _add(values: list[Decimal | None]) -> Decimal | None:
    """The sum of the amounts written; None when none is (a blank column stays blank). The
    result keeps the most decimals any value was written with (11.5 + 2.00 = 13.50)."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    total = sum(present, Decimal(0))
    places = max(max(0, -int(v.as_tuple().exponent)) for v in present)
    return total.quantize(Decimal(1).scaleb(-places)) if places else total


def summary_total(
    rows: list[SummaryRow], plan_unit: PlanUnit = PlanUnit.AMOUNT
) -> tuple[tuple[Decimal | None, ...], int]:
    """The 合计 row: each amount column summed in Decimal, and the number of indicators. A plan
    written in percentages has no total (percentages of different budgets do not add up)."""
    summed = 3 if plan_unit is PlanUnit.PERCENT else AMOUNT_COLUMNS
    amounts = tuple(
        _add([r.amounts[i] for r in rows]) if i < summed else None for i in range(AMOUNT_COLUMNS)
    )
    return amounts, sum(r.indicators for r in rows)
