"""Small documents built in code for tests: one with every edge case the model must keep."""

from __future__ import annotations

from decimal import Decimal

from model import Document, GoalItem, Indicator, Measure, Part1, Project, SpendingPlan


def edge_case_document(dept: str = "903001", year: int = 2023) -> Document:
    """Blanks vs zeros, `11.00` vs `11`, multi-line cells, qualitative values, optional fields."""
    return Document(
        dept_code=dept,
        dept_name="巨鹿县测试乡人民政府本级",
        year=year,
        part1=Part1(
            overall=["第一段总体目标。", "第二段：“引号”与①符号。"],
            items=[
                GoalItem("1、加强党的领导。", "做好宣传。\n第二段目标。", "满意率≥90%。"),
                GoalItem("2、空指标项。", "只写了目标。", ""),
            ],
            measures=[Measure("1、加强组织领导", "成立领导小组。")],
        ),
        projects=[
            Project(
                code="13052923P00584011574U",
                name="“凤还巢”大学生村干部工资及保险",
                budget=Decimal("11.00"),
                fiscal=Decimal("11"),
                other=None,
                purpose="用于发放工资\n及缴纳保险",
                plan=SpendingPlan(Decimal("2.50"), None, Decimal("8.00"), Decimal("11.00")),
                goals=["1.提高干事热情。", "2.保障合法权益。"],
                indicators=[
                    Indicator(
                        "产出指标", "数量指标", "发放人数", "大学生村干部人数", "≤3人", "县委安排"
                    ),
                    Indicator("产出指标", "时效指标", "发放时间", "完成时间", "12月底前", ""),
                    Indicator(
                        "效益指标",
                        "社会效益指标",
                        "环境改善",
                        "村民生活\n明显改善",
                        "村民生产生活环境明显改善",
                        "调查问卷",
                        previous_value="良好",
                        formula="",
                        score_weight=Decimal("10.0"),
                        extra={"目标": "1"},
                    ),
                ],
            ),
            Project(
                code="13052923P000000000001",
                name="无指标项目",
                budget=Decimal("0.00"),
                fiscal=Decimal("0.00"),
                other=Decimal("0"),
            ),
        ],
    )
