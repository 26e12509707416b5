"""项目支出绩效目标汇总表: one row per project and a 合计 row, computed in Decimal.

The one computation behind the Word and Excel 汇总表 (exporters.summary_docx, exporters.summary_xlsx)
and meant for a county summary too. Pure: no I/O.

How the 合计 is summed: a blank amount is not 0 — it is skipped. A column whose every project is
blank totals blank; when some (not all) are blank the total is the sum of the filled ones and
`notes` says which column had how many blanks, so a reader does not take the total as complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .amounts import document_decimals
from .entities import Document, PlanUnit, Project
from .rules.base import Severity
from .rules.engine import check_document

AMOUNT_COLUMNS = ("预算数", "财政资金", "其他资金")
CHECKPOINTS = ("3月底", "6月底", "10月底", "12月底")


@dataclass(frozen=True, slots=True)
class SummaryRow:
    number: int  # 序号
    code: str
    name: str
    amounts: tuple[Decimal | None, ...]  # 预算数, 财政资金, 其他资金
    plan: tuple[Decimal | None, ...]  # 3月底, 6月底, 10月底, 12月底
    indicators: int  # 指标数
    errors: int
    warnings: int


@dataclass(slots=True)
class Summary:
    title: str
    money_unit: str
    plan_unit: PlanUnit
    decimals: int
    rows: list[SummaryRow] = field(default_factory=list)
    totals: tuple[Decimal | None, ...] = ()  # 合计 of the three amount columns
    plan_totals: tuple[Decimal | None, ...] = ()  # 合计 of the checkpoints (amount plans only)
    indicators: int = 0
    errors: int = 0
    warnings: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        """The column titles; the plan's say their unit (万元 or %)."""
        unit = "%" if self.plan_unit is PlanUnit.PERCENT else self.money_unit
        plan = [f"支出计划{c}（{unit}）" for c in CHECKPOINTS]
        money = [f"{name}（{self.money_unit}）" for name in AMOUNT_COLUMNS]
        return ["序号", "项目编码", "项目名称", *money, *plan, "指标数", "问题数"]


def _total(values: list[Decimal | None]) -> tuple[Decimal | None, int]:
    """The Decimal sum of the filled values (None when all blank) and how many were blank."""
    filled = [v for v in values if v is not None]
    blanks = len(values) - len(filled)
    if not filled:
        return None, blanks
    return sum(filled, Decimal(0)), blanks


def _amounts(project: Project) -> tuple[Decimal | None, ...]:
    return (project.budget, project.fiscal, project.other)


def problems_text(errors: int, warnings: int) -> str:
    """`2 错误 1 警告`, blank when none."""
    parts = []
    if errors:
        parts.append(f"{errors} 错误")
    if warnings:
        parts.append(f"{warnings} 警告")
    return " ".join(parts)


def summarize(doc: Document) -> Summary:
    """The 汇总表 of doc: a row per project in document order, the 合计, and notes on blanks."""
    findings = check_document(doc)
    counts: dict[str, list[int]] = {}
    for finding in findings:
        if finding.project_id is None:
            continue
        slot = counts.setdefault(finding.project_id, [0, 0])
        if finding.severity is Severity.ERROR:
            slot[0] += 1
        elif finding.severity is Severity.WARNING:
            slot[1] += 1
    rows = []
    for number, project in enumerate(doc.projects, start=1):
        errors, warnings = counts.get(project.id, [0, 0])
        rows.append(
            SummaryRow(
                number=number,
                code=project.code,
                name=project.name,
                amounts=_amounts(project),
                plan=tuple(project.plan.as_list()),
                indicators=len(project.indicators),
                errors=errors,
                warnings=warnings,
            )
        )
    every_amount = [v for p in doc.projects for v in (*_amounts(p), *p.plan.as_list())]
    summary = Summary(
        title=f"{doc.dept_name or doc.dept_code}{doc.year}年项目支出绩效目标汇总表",
        money_unit=doc.money_unit or "万元",
        plan_unit=doc.plan_unit,
        decimals=document_decimals(every_amount),
        rows=rows,
        indicators=sum(r.indicators for r in rows),
        errors=sum(r.errors for r in rows),
        warnings=sum(r.warnings for r in rows),
    )
    totals = []
    for index, name in enumerate(AMOUNT_COLUMNS):
        total, blanks = _total([r.amounts[index] for r in rows])
        totals.append(total)
        if total is not None and blanks:
            summary.notes.append(
                f"{name}有 {blanks} 个项目未填，合计只含已填的 {len(rows) - blanks} 个"
            )
    summary.totals = tuple(totals)
    if doc.plan_unit is PlanUnit.AMOUNT:
        plan_totals = []
        for index, name in enumerate(CHECKPOINTS):
            total, blanks = _total([r.plan[index] for r in rows])
            plan_totals.append(total)
            if total is not None and blanks:
                summary.notes.append(f"{name}支出计划有 {blanks} 个项目未填，合计只含已填的")
        summary.plan_totals = tuple(plan_totals)
    else:  # percentages do not add up across projects
        summary.plan_totals = (None,) * len(CHECKPOINTS)
        if rows:
            summary.notes.append("支出计划为累计百分比，各项目之间不相加，合计行留空")
    return summary
