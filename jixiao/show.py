"""`jixiao show`: one project as readable text."""

from __future__ import annotations

from model import PLAN_CHECKPOINTS, Document, JixiaoError, Project, format_amount

from .textfmt import table


def find_project(doc: Document, wanted: str) -> tuple[int, Project]:
    """A project by its code, or by its 序号 (1-based position)."""
    for number, project in enumerate(doc.projects, 1):
        if project.code == wanted:
            return number, project
    if wanted.isdigit() and 1 <= int(wanted) <= len(doc.projects):
        return int(wanted), doc.projects[int(wanted) - 1]
    raise JixiaoError(
        f"文档 {doc.key} 中没有项目“{wanted}”；可写项目编码或序号（1–{len(doc.projects)}），用 jixiao list {doc.key} 查看"
    )


def render_project(doc: Document, project: Project, number: int) -> str:
    unit = doc.money_unit
    plan = "  ".join(
        f"{label} {format_amount(v) or '—'}"
        for label, v in zip(PLAN_CHECKPOINTS, project.plan.as_list(), strict=True)
    )
    lines = [
        f"{number}.{project.name}绩效目标表",
        f"{doc.dept_code}{doc.dept_name}    单位：{unit}",
        f"项目编码：{project.code}",
        f"项目名称：{project.name}",
        f"预算数：{format_amount(project.budget) or '—'}    其中：财政资金 {format_amount(project.fiscal) or '—'}"
        f"    其他资金 {format_amount(project.other) or '—'}",
        f"资金用途：{project.purpose}",
        f"资金支出计划：{plan}",
        "绩效目标：",
        *[f"  {goal}" for goal in project.goals],
        "",
    ]
    rows = [
        [str(n), i.level1, i.level2, i.name, i.description, i.value, i.basis]
        for n, i in enumerate(project.indicators, 1)
    ]
    lines.append(
        table(
            ["行", "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
            rows,
        )
        if rows
        else "（尚无绩效指标）"
    )
    return "\n".join(lines)
