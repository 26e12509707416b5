"""`jixiao show`: the project's header lines and its indicator table, columns from model.fields."""

from __future__ import annotations

from decimal import Decimal

from exporters.tables import INDICATOR_COLUMNS
from jixiao.show import render_project
from model import Document, Indicator, Project, SpendingPlan


def _doc() -> Document:
    project = Project(
        code="P1",
        name="项目",
        budget=Decimal("11.00"),
        fiscal=Decimal("10"),
        purpose="用途",
        plan=SpendingPlan(dec=Decimal("11.00")),
        goals=["1.目标"],
        indicators=[Indicator("产出指标", "数量指标", "人数", "说明", "≥3人", "计划")],
    )
    return Document(dept_code="903001", dept_name="单位", year=2023, projects=[project])


def test_header_lines_and_the_word_columns():
    doc = _doc()
    lines = render_project(doc, doc.projects[0], 1).split("\n")
    assert lines[:9] == [
        "1.项目绩效目标表",
        "903001单位    单位：万元",
        "项目编码：P1",
        "项目名称：项目",
        "预算数：11.00    其中：财政资金 10    其他资金 —",
        "资金用途：用途",
        "资金支出计划：3月底 —  6月底 —  10月底 —  12月底 11.00",
        "绩效目标：",
        "  1.目标",
    ]
    assert lines[10].split() == ["行", *INDICATOR_COLUMNS[2:]]  # the CSV's, Word's columns
    assert lines[11].split() == ["1", "产出指标", "数量指标", "人数", "说明", "≥3人", "计划"]


def test_other_fields_are_shown_when_a_row_uses_them():
    doc = _doc()
    project = doc.projects[0]
    project.indicators.append(
        Indicator("产出指标", "质量指标", "合格率", score_weight=Decimal("5"))
    )
    lines = render_project(doc, project, 1).split("\n")
    assert lines[10].split()[-2:] == ["指标值确定依据", "权重"]  # 上年指标值, 计算公式 unused
    assert lines[12].split()[-1] == "5"


def test_a_percent_plan_says_so():
    from model import PlanUnit

    doc = _doc()
    doc.plan_unit = PlanUnit.PERCENT
    lines = render_project(doc, doc.projects[0], 1).split("\n")
    assert lines[6] == "资金支出计划（%）：3月底 —  6月底 —  10月底 —  12月底 11.00"


def test_wrap_never_splits_a_number_to_keep_punctuation_off_a_line_start() -> None:
    """行首禁则 carries the whole number down with the 、 — not its last digit (“3” / “0、”)."""
    from jixiao.textfmt import wrap

    lines = wrap("最后一个指标得 30、余数", 16)
    assert lines == ["最后一个指标得", "30、余数"]
    assert all(not line.startswith(("、", "，")) for line in wrap("一二三四五六七八九，十", 18))
