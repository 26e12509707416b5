"""`jixiao show`: one project as readable text."""

from __future__ import annotations

from model import Document, PlanUnit, Project
from model import fields as F

from .textfmt import safe, table, wrap_hanging


def _header_lines(project: Project) -> list[str]:
    """项目编码 … 资金用途, one line each; the amounts on one line (预算数：11.00    其中：财政资金 …)."""
    amounts = [f for f in F.PROJECT_FIELDS if f.kind is F.Kind.AMOUNT]
    money = "    ".join(
        f"{f.label}{' ' if n else '：'}{f.text(project) or '—'}" for n, f in enumerate(amounts)
    )
    return [
        money if f is amounts[0] else f"{f.label}：{f.text(project)}"
        for f in F.PROJECT_FIELDS
        if f is amounts[0] or f.kind is not F.Kind.AMOUNT
    ]


def render_project(doc: Document, project: Project, number: int, width: int | None = None) -> str:
    """The project as text for the terminal (control characters shown as symbols); with a
    width, long lines wrap (continuation indented) and the table's columns wrap inside."""
    plan = "  ".join(f"{f.label} {f.text(project) or '—'}" for f in F.PLAN_FIELDS)
    lines = [
        f"{number}.{project.name}绩效目标表",
        f"{doc.dept_code}{doc.dept_name}    单位：{doc.money_unit}",
        *_header_lines(project),
        f"{F.PLAN_LABEL}{'（%）' if doc.plan_unit is PlanUnit.PERCENT else ''}：{plan}",
        f"{F.GOALS.label}：",
        *[f"  {goal}" for goal in project.goals],
        "",
    ]
    # The Word table's columns, then the other fields (上年指标值, 计算公式, 权重 …) any row has.
    fields = (*F.WORD_INDICATOR_FIELDS, *F.in_use(F.MORE_INDICATOR_FIELDS, project.indicators))
    rows = [[str(n), *(f.text(i) for f in fields)] for n, i in enumerate(project.indicators, 1)]
    if width is not None:
        lines = [piece for line in lines for piece in wrap_hanging(safe(line), width)]
    indicators = (
        table(["行", *(f.column for f in fields)], rows, width) if rows else "（尚无绩效指标）"
    )
    return safe("\n".join([*lines, indicators]))
