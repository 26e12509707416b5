"""Documents for the rule tests: a clean synthetic one, and the sample read from its .txt form.

The .txt reader here is test-only (the product reads the .docx through exporters.docx): each
table cell is a TAB-led line, paragraphs of one cell follow without a TAB, rows are separated by
blank lines and a merged cell is shown once.
"""

from __future__ import annotations

import re
from decimal import Decimal

from model import (
    Document,
    GoalItem,
    Indicator,
    Measure,
    Part1,
    Profile,
    Project,
    SpendingPlan,
    parse_amount,
)

D = Decimal


def rows(table: str) -> list[Indicator]:
    """Indicator rows from `一级|二级|三级|描述|指标值|依据` lines (easier to read than calls)."""
    return [Indicator(*line.strip().split("|")) for line in table.strip().splitlines()]


def clean_project_grid() -> Project:
    """A 村级道路 project whose unit costs × quantities fit its budget exactly."""
    return Project(
        code="13052923P00584110300A",
        name="西街村道路硬化及路灯安装",
        budget=D("50.00"),
        fiscal=D("40.00"),
        other=D("10.00"),
        purpose="用于西街村道路硬化和路灯安装",
        plan=SpendingPlan(D("10.00"), D("25.00"), D("40.00"), D("50.00")),
        goals=[
            "1.完成西街村2000平方米道路硬化，改善群众出行条件。",
            "2.安装路灯40盏，保障村民夜间出行安全。",
        ],
        indicators=rows("""
            产出指标|数量指标|道路硬化面积|本年度完成硬化的村内道路面积|≥2000平方米|乡政府工作安排
            产出指标|数量指标|路灯安装数量|本年度在西街村安装的路灯盏数|≥40盏|乡政府工作安排
            产出指标|质量指标|工程验收合格率|验收合格的工程占全部完工工程的比例|=100%|《公路工程质量检验评定标准》
            产出指标|时效指标|工程完工时间|道路硬化和路灯安装全部完工的时间|2023年10月底前|乡政府工作安排
            产出指标|成本指标|道路硬化单价|每平方米道路硬化的造价|≤200元/平方米|市场询价
            产出指标|成本指标|路灯单价|每盏路灯的采购和安装费用|≤2500元/盏|市场询价
            效益指标|社会效益指标|村民出行条件|道路硬化后村民出行便利程度|明显改善|调查走访
            效益指标|生态效益指标|村内扬尘|硬化后村内道路扬尘情况|明显减少|调查走访
            效益指标|可持续影响指标|设施使用年限|道路和路灯的设计使用年限|≥10年|设计文件
            满意度指标|服务对象满意度指标|村民满意度|满意的村民占调查人数的比例|≥90%|调查问卷
        """),
    )


def clean_project_wages() -> Project:
    return Project(
        code="13052923P00584011600B",
        name="“乡村振兴协理员”工资",
        budget=D("36.00"),
        fiscal=D("36.00"),
        other=None,
        purpose="用于发放乡村振兴协理员工资",
        plan=SpendingPlan(D("9.00"), D("18.00"), D("27.00"), D("36.00")),
        goals=["1.按月足额发放12人的工资。", "2.保障协理员队伍稳定。"],
        indicators=rows("""
            产出指标|数量指标|发放人数|领取工资的协理员人数|12人|县人社局核定名单
            产出指标|质量指标|工资足额发放率|足额发放的人数占应发人数的比例|=100%|县人社局核定名单
            产出指标|时效指标|工资按时发放率|每月10日前发放的月份占全年月份的比例|≥95%|县人社局工作要求
            产出指标|成本指标|工资支出|全年工资支出总额|≤36万元|县人社局核定标准
            效益指标|社会效益指标|协理员在岗率|年末在岗人数占年初人数的比例|≥90%|上年在岗率
            满意度指标|服务对象满意度指标|协理员满意度|满意的协理员占调查人数的比例|≥90%|调查问卷
        """),
    )


def clean_project_printing() -> Project:
    return Project(
        code="13052923P00584011601C",
        name="便民服务中心证照印制",
        budget=D("2.00"),
        fiscal=D("2.00"),
        purpose="用于印制个体工商户证照",
        plan=SpendingPlan(None, D("1.00"), D("1.50"), D("2.00")),
        goals=["1.印制证照4000份，满足群众办证需要。"],
        indicators=rows("""
            产出指标|数量指标|证照印制数量|全年印制的个体工商户证照份数|≥4000份|上年办证数量
            产出指标|质量指标|证照印制合格率|合格证照占印制总数的比例|≥98%|印制合同
            产出指标|时效指标|印制完成时间|全部证照交付的时间|12月底前|印制合同
            产出指标|成本指标|证照印制单价|每份证照的印制费用|≤5元/份|印制合同
            效益指标|社会效益指标|群众办证等待天数|群众申领证照的平均等待天数|≤3天|上年统计
            满意度指标|服务对象满意度指标|办证群众满意度|满意的办证群众占调查人数的比例|≥90%|调查问卷
        """),
    )


def clean_document() -> Document:
    """A realistic document with every framework category that no rule should object to."""
    return Document(
        dept_code="903001",
        dept_name="巨鹿县张王疃乡人民政府本级",
        year=2023,
        profile=Profile.RULES_2015,
        part1=Part1(
            overall=[
                "围绕乡村振兴，做好道路、就业和便民服务各项工作，本年度共3个项目，预算资金合计88.00万元。"
            ],
            items=[
                GoalItem(
                    "1、改善村内基础设施。",
                    "完成西街村道路硬化和路灯安装。",
                    "道路硬化面积 ≥2000平方米；工程验收合格率 =100%；村民满意度 ≥90%。",
                ),
                GoalItem(
                    "2、优化便民服务。",
                    "按时印制和发放证照。",
                    "证照印制合格率 ≥98%；办证群众满意度 ≥90%。",
                ),
            ],
            measures=[Measure("1、加强组织领导", "成立预算绩效工作领导小组，明确责任分工。")],
        ),
        projects=[clean_project_grid(), clean_project_wages(), clean_project_printing()],
    )


def clean_document_2021() -> Document:
    """The same document in the 2021 convention: 成本指标 as a level-1."""
    doc = clean_document()
    doc.profile = Profile.GUIDANCE_2021
    for project in doc.projects:
        for indicator in project.indicators:
            if indicator.level2 == "成本指标":
                indicator.level1, indicator.level2 = "成本指标", "经济成本指标"
    return doc


# ---- the sample, from tests/fixtures/zhangwangtuan-2023.txt ---------------------------------

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def _cells(lines: list[str]) -> list[str]:
    cells: list[str] = []
    for line in lines:
        if line.startswith("\t"):
            cells.append(line[1:])
        elif cells and line.strip():
            cells[-1] += "\n" + line
    return [_BOOKMARK.sub("", c).strip() for c in cells]


def _part1(lines: list[str]) -> Part1:
    text = [_BOOKMARK.sub("", ln).strip() for ln in lines]
    part1 = Part1()
    section = ""
    for line in text:
        if not line:
            continue
        if line.startswith(("一、", "二、", "三、")):
            section = line[:2]
            continue
        if section == "一、" and not line.startswith("（一）"):
            part1.overall.append(line)
        elif section == "二、":
            if re.match(r"^\d+、", line):
                part1.items.append(GoalItem(title=line))
            elif line.startswith("绩效目标："):
                part1.items[-1].goal = line.removeprefix("绩效目标：")
            elif line.startswith("绩效指标："):
                part1.items[-1].measure = line.removeprefix("绩效指标：")
        elif section == "三、":
            if re.match(r"^\d+、", line):
                part1.measures.append(Measure(title=line))
            elif part1.measures:
                part1.measures[-1].body = line
    return part1


def parse_sample_txt(text: str) -> Document:
    lines = text.split("\n")
    heads = [n for n, ln in enumerate(lines) if ln.startswith("[bookmark") and "绩效目标表" in ln]
    part2 = next(n for n, ln in enumerate(lines) if ln.strip() == "第二部分")
    projects = []
    for k, head in enumerate(heads):
        cells = _cells(lines[head + 1 : heads[k + 1] if k + 1 < len(heads) else len(lines)])
        at = cells.index
        b = at("预算数")
        p = at("12月底")
        t = at("指标值确定依据")
        grid = cells[t + 1 :]
        indicators, level1 = [], ""
        for r in range(0, len(grid) - len(grid) % 6, 6):
            row = grid[r : r + 6]
            level1 = row[0] or level1
            indicators.append(Indicator(level1, *row[1:]))
        projects.append(
            Project(
                code=cells[at("项目编码") + 1],
                name=cells[at("项目名称") + 1],
                budget=parse_amount(cells[b + 1]),
                fiscal=parse_amount(cells[b + 3]),
                other=parse_amount(cells[b + 5]),
                purpose=cells[b + 7],
                plan=SpendingPlan.from_list([parse_amount(c) for c in cells[p + 2 : p + 6]]),
                goals=[g for g in cells[at("绩效目标") + 1].split("\n") if g.strip()],
                indicators=indicators,
            )
        )
    return Document(
        dept_code="903001",
        dept_name="巨鹿县张王疃乡人民政府本级",
        year=2023,
        part1=_part1(lines[:part2]),
        projects=projects,
    )
