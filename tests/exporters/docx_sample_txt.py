"""An independent reading of tests/fixtures/zhangwangtuan-2023.txt: the expected model of the sample.

The .txt is the Word file as plain text: paragraphs as lines, each table cell a TAB-led line
(a further paragraph of the same cell follows without a TAB), rows separated by blank lines,
a merged cell shown once (an empty TAB line where it continues). This parser reads positions,
deliberately unlike the importer, which reads labels: the two must agree.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from model import Document, GoalItem, Indicator, Measure, Part1, PlanUnit, Project, SpendingPlan

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")  # the .txt marks Word bookmarks inline
_PROJECT_TITLE = re.compile(r"^\d+\..+绩效目标表$")


def _amount(text: str) -> Decimal | None:
    text = text.strip()
    return Decimal(text) if text else None


def _part1(lines: list[str]) -> Part1:
    text = [ln.strip() for ln in lines if ln.strip()]
    i_overall = text.index("（一）总体绩效目标")
    i_items = text.index("二、分项绩效目标")
    i_measures = text.index("三、工作保障措施")
    items_lines = text[i_items + 1 : i_measures]
    assert len(items_lines) % 3 == 0, "分项绩效目标 should be title / 绩效目标 / 绩效指标 triples"
    items = []
    for k in range(0, len(items_lines), 3):
        title, goal, measure = items_lines[k : k + 3]
        assert goal.startswith("绩效目标：") and measure.startswith("绩效指标：")
        items.append(GoalItem(title, goal[len("绩效目标：") :], measure[len("绩效指标：") :]))
    measure_lines = text[i_measures + 1 :]
    assert len(measure_lines) % 2 == 0, "工作保障措施 should be title / body pairs"
    measures = [
        Measure(measure_lines[k], measure_lines[k + 1]) for k in range(0, len(measure_lines), 2)
    ]
    return Part1(overall=text[i_overall + 1 : i_items], items=items, measures=measures)


def _rows(lines: list[str]) -> list[list[str]]:
    """Table rows of one project, all its tables in order; paragraphs between tables dropped."""
    rows: list[list[str]] = []
    row: list[str] = []
    previous_was_cell = False
    for line in lines:
        if line.startswith("\t"):
            row.append(line[1:])
            previous_was_cell = True
        elif line == "":
            if row:
                rows.append(row)
            row, previous_was_cell = [], False
        elif previous_was_cell:
            row[-1] += "\n" + line  # a further paragraph of the same cell
        # else: a paragraph between tables (" "): not table content
    if row:
        rows.append(row)
    return rows


def _project(title: str, lines: list[str]) -> tuple[Project, str]:
    rows = _rows(lines)
    unit, ident, money, purpose, plan_head, plan, goals, head = rows[:8]
    assert unit[1] == "单位：万元", unit
    assert ident[0] == "项目编码" and ident[2] == "项目名称", ident
    assert money[1] == "预算数" and money[3].startswith("其中") and money[5] == "其他资金", money
    assert plan_head[1:] == ["3月底", "6月底", "10月底", "12月底"], plan_head
    assert goals[0] == "绩效目标", goals
    assert head == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
    assert title == f"{ident[3]}绩效目标表", (title, ident[3])
    indicators = []
    level1 = ""
    pending: list[str] = []
    for part in rows[8:]:
        # A cell ending in an empty paragraph shows as a blank line inside the row: rejoin.
        pending += part
        if len(pending) < 6:
            continue
        cells, pending = pending, []
        assert len(cells) == 6, cells
        level1 = cells[0].strip() or level1  # merged: shown once
        indicators.append(Indicator(level1, *(c.strip() for c in cells[1:])))
    assert not pending, pending
    project = Project(
        code=ident[1].strip(),
        name=ident[3].strip(),
        budget=_amount(money[2]),
        fiscal=_amount(money[4]),
        other=_amount(money[6]),
        purpose=purpose[1].strip(),
        plan=SpendingPlan(*(_amount(v) for v in plan[1:5])),
        goals=[ln.strip() for ln in goals[1].split("\n") if ln.strip()],
        indicators=indicators,
        id="",
    )
    for ind in indicators:
        ind.id = ""
    return project, unit[0].strip()


def expected_document(path: Path) -> Document:
    lines = [_BOOKMARK.sub("", ln) for ln in path.read_text(encoding="utf-8").split("\n")]
    part2 = next(i for i, ln in enumerate(lines) if ln.strip() == "第二部分")
    titles = [i for i, ln in enumerate(lines) if _PROJECT_TITLE.match(ln.strip())]
    projects = []
    units = set()
    for n, start in enumerate(titles):
        end = titles[n + 1] if n + 1 < len(titles) else len(lines)
        title = lines[start].strip()
        project, unit = _project(title.split(".", 1)[1], lines[start + 1 : end])
        projects.append(project)
        units.add(unit)
    assert len(units) == 1, units
    dept = re.match(r"^(\d+)(.+)$", units.pop())
    assert dept
    year = 2000 + int(projects[0].code[6:8])
    # Every plan header of the text says 资金支出计划（%）: the document's plan_unit.
    headers = {ln.strip() for ln in lines[part2:] if ln.strip().startswith("资金支出计划")}
    assert headers == {"资金支出计划（%）"}, headers
    return Document(
        dept_code=dept.group(1),
        dept_name=dept.group(2),
        year=year,
        plan_unit=PlanUnit.PERCENT,
        part1=_part1(lines[:part2]),
        projects=projects,
    )
