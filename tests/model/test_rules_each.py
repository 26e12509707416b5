"""Every rule: a faulty example it must catch, and near misses it must leave alone.

Each case starts from the clean synthetic document (tests/model/rules_helpers.py), which gives
zero findings, and changes one thing. Projects: 0 = 西街村道路硬化及路灯安装 (10 rows),
1 = “乡村振兴协理员”工资 (6 rows), 2 = 便民服务中心证照印制 (6 rows).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from model import Document, Indicator, Part1, PlanUnit, Profile, SpendingPlan
from model.rules import FIELDS, RULES, Severity, check_document
from tests.model import cases_measurable as measurable
from tests.model.rules_helpers import clean_document, clean_document_2021

D = Decimal
Mutation = Callable[[Document], None]


def row(doc: Document, project: int, n: int) -> Indicator:
    """Row n (1-based, as the user sees it) of a project."""
    return doc.projects[project].indicators[n - 1]


def setv(project: int, n: int, **fields: str) -> Mutation:
    def mutate(doc: Document) -> None:
        for name, value in fields.items():
            setattr(row(doc, project, n), name, value)

    return mutate


def do(fn: Callable[[Document], object]) -> Mutation:
    def mutate(doc: Document) -> None:
        fn(doc)

    return mutate


def _deadlines_with_before(doc: Document) -> None:
    """Two more 时效 rows written “…前” (three in all), and one written without 前."""
    from model import Indicator

    for month, name in (("6", "协理员选聘完成时间"), ("11", "年度考核完成时间")):
        doc.projects[1].indicators.append(
            Indicator(
                "产出指标",
                "时效指标",
                name,
                f"{name}不晚于{month}月底",
                f"{month}月底前",
                "工作方案",
            )
        )
    row(doc, 2, 3).value = "12月底"


def _swap_rows(doc: Document) -> None:
    inds = doc.projects[0].indicators
    inds[1], inds[2] = inds[2], inds[1]  # 数量, 质量, 数量: the 数量 rows are split


def _same_name_three_times(doc: Document) -> None:
    for p, n in ((0, 7), (1, 5), (2, 5)):
        row(doc, p, n).name = "群众获得感"
    row(doc, 2, 5).level2 = "可持续影响指标"


def _plan_of_a_hundred(doc: Document) -> None:
    p = doc.projects[1]
    p.budget = p.fiscal = D(100)
    p.plan = SpendingPlan(D(25), D(50), D(75), D(100))


def _itemised_costs(doc: Document) -> None:
    wages = doc.projects[1].indicators
    wages[3].value = "≤30万元"
    wages.insert(
        4, Indicator("产出指标", "成本指标", "保险支出", "全年保险费", "≤6万元", "核定标准")
    )


def _itemised_costs_over(doc: Document) -> None:
    _itemised_costs(doc)
    doc.projects[1].indicators[3].value = "≤32万元"  # 32 + 6 > 36


def _itemised_costs_with_total(doc: Document) -> None:
    _itemised_costs(doc)
    doc.projects[1].indicators.insert(
        5, Indicator("产出指标", "成本指标", "人员总成本", "工资和保险合计", "≤36万元", "核定标准")
    )


def _percent_plans(doc: Document) -> None:
    """A document that fills in percentages, as its setting says: nothing to report."""
    doc.plan_unit = PlanUnit.PERCENT
    for project in doc.projects:
        project.plan = SpendingPlan(D(20), D(50), D(80), D(100))


def _drop_timeliness(doc: Document) -> None:
    del doc.projects[2].indicators[2]


# rule → (mutation, project index or None for Part 1, row or None, field)
FAILING: dict[str, tuple[Mutation, int | None, int | None, str]] = {
    "JX101": (setv(0, 3, value=""), 0, 3, "指标值"),
    "JX102": (setv(1, 1, basis=" "), 1, 1, "指标值确定依据"),
    "JX103": (setv(0, 1, level1="产出类指标"), 0, 1, "一级指标"),
    "JX104": (setv(1, 5, level1="产出指标"), 1, 5, "二级指标"),
    "JX105": (setv(1, 4, level1="成本指标", level2="经济成本指标"), 1, 4, "一级指标"),
    "JX106": (_drop_timeliness, 2, None, "绩效指标"),
    "JX107": (setv(0, 7, name="社会效益指标"), 0, 7, "三级指标"),
    "JX108": (
        do(lambda d: d.projects[2].indicators.insert(1, copy.deepcopy(row(d, 2, 1)))),
        2,
        2,
        "三级指标",
    ),
    "JX109": (setv(2, 2, name="证照印制数量"), 2, 2, "三级指标"),
    "JX110": (
        do(lambda d: setattr(d.projects[1], "code", d.projects[0].code)),
        1,
        None,
        "项目编码",
    ),
    "JX111": (
        do(lambda d: setattr(d.projects[0], "code", "13052922P00584110300A")),
        0,
        None,
        "项目编码",
    ),
    "JX112": (_same_name_three_times, 2, 5, "二级指标"),
    "JX113": (_swap_rows, 0, 3, "二级指标"),
    "JX201": (setv(1, 2, value="≥九十%"), 1, 2, "指标值"),
    "JX202": (setv(0, 1, value="≥2000"), 0, 1, "指标值"),
    "JX203": (setv(0, 4, value="12万元"), 0, 4, "指标值"),
    "JX219": (setv(1, 4, value="≤36万元万元"), 1, 4, "指标值"),  # issue 16 (h4)
    "JX204": (setv(2, 3, value="≥95%", name="印制完成情况"), 2, 3, "指标值"),
    "JX205": (setv(0, 4, value="2022年10月底前"), 0, 4, "指标值"),
    "JX206": (setv(1, 4, value="≥95%"), 1, 4, "指标值"),
    "JX207": (setv(0, 10, value="≥950%"), 0, 10, "指标值"),
    "JX208": (setv(1, 2, value="≤100%"), 1, 2, "指标值"),
    "JX209": (setv(1, 2, value="≤90%"), 1, 2, "指标值"),
    "JX210": (setv(1, 1, value="≤12人"), 1, 1, "指标值"),
    "JX211": (setv(1, 4, value="≥36万元"), 1, 4, "指标值"),
    "JX212": (setv(1, 4, value="36万元"), 1, 4, "指标值"),
    "JX213": (setv(2, 6, value="群众满意"), 2, 6, "指标值"),
    "JX214": (setv(1, 2, value="12人"), 1, 2, "指标值"),
    "JX215": (setv(2, 2, name="证照交付时间"), 2, 2, "指标值"),
    "JX216": (setv(2, 2, name="资金使用覆盖率"), 2, 2, "三级指标"),
    "JX217": (
        setv(1, 5, name="单位正常运转率", description="正常运转天数占全年天数的比例", value="100%"),
        1,
        5,
        "三级指标",
    ),
    "JX218": (
        setv(
            1, 5, name="办公效率提高比例", description="工资发放后办公效率提高的比率", value="≥50%"
        ),
        1,
        5,
        "指标值",
    ),
    "JX301": (do(lambda d: setattr(d.projects[0], "fiscal", D("30.00"))), 0, None, "预算数"),
    "JX302": (do(lambda d: setattr(d, "plan_unit", PlanUnit.PERCENT)), None, None, "资金支出计划"),
    "JX303": (do(lambda d: setattr(d.projects[0].plan, "jun", D("5.00"))), 0, None, "资金支出计划"),
    "JX304": (
        do(lambda d: setattr(d.projects[0].plan, "oct", D("60.00"))),
        0,
        None,
        "资金支出计划",
    ),
    "JX305": (
        do(lambda d: setattr(d.projects[0].plan, "dec", D("45.00"))),
        0,
        None,
        "资金支出计划",
    ),
    "JX306": (
        do(lambda d: setattr(d.projects[2], "plan", SpendingPlan(None, D("2.00"), None, None))),
        2,
        None,
        "资金支出计划",
    ),
    "JX307": (setv(1, 4, value="≤40万元"), 1, 4, "指标值"),
    "JX308": (setv(0, 6, value="≤3000元/盏"), 0, 6, "指标值"),
    "JX309": (do(lambda d: d.projects[1].goals.append("3.投入资金40万元。")), 1, None, "绩效目标"),
    "JX310": (setv(1, 4, value="≤30万元"), 1, 4, "指标值"),
    "JX311": (
        do(lambda d: setattr(d.projects[0].plan, "jun", None)),
        0,
        None,
        "资金支出计划",
    ),
    "JX312": (do(_itemised_costs_over), 1, 5, "指标值"),
    "JX313": (
        do(lambda d: setattr(d.projects[1], "plan", SpendingPlan(D(25), D(50), D(75), D(100)))),
        1,
        None,
        "资金支出计划",
    ),
    "JX314": (
        do(lambda d: setattr(d.projects[2], "plan", SpendingPlan(None, D(2), D(2), D(2)))),
        2,
        None,
        "资金支出计划",
    ),
    "JX315": (
        do(lambda d: setattr(d.projects[0], "plan", SpendingPlan(D(5), D(10), D(20), D(50)))),
        0,
        None,
        "资金支出计划",
    ),
    "JX316": (
        do(lambda d: setattr(d.projects[1], "plan", SpendingPlan(D(36), D(36), D(36), D(36)))),
        1,
        None,
        "资金支出计划",
    ),
    "JX410": (
        do(lambda d: setattr(d.projects[2], "goals", ["1.提升便民服务水平。", "2.方便群众。"])),
        2,
        None,
        "绩效目标",
    ),
    "JX411": (
        do(lambda d: d.projects[0].goals.append("3.带动周边商户增收。")),
        0,
        None,
        "绩效目标",
    ),
    "JX401": (
        do(lambda d: d.projects[1].goals.append("3.保障协理员队伍稳定。")),
        1,
        None,
        "绩效目标",
    ),
    "JX402": (
        do(
            lambda d: d.projects[2].goals.__setitem__(0, "1.完成西街村道路硬化，满足群众办证需要。")
        ),
        2,
        None,
        "绩效目标",
    ),
    "JX403": (
        do(lambda d: d.projects[2].goals.append("2.保障协理员队伍稳定。")),
        2,
        None,
        "绩效目标",
    ),
    "JX404": (
        do(lambda d: d.projects[0].goals.__setitem__(0, "1.完成西街村2500平方米道路硬化。")),
        0,
        None,
        "绩效目标",
    ),
    "JX405": (setv(2, 1, description="证照印制数量"), 2, 1, "绩效指标描述"),
    "JX406": (
        setv(1, 5, description="年末在岗人数占年初人数的比例\n领取工资的协理员人数"),
        1,
        5,
        "绩效指标描述",
    ),
    "JX501": (do(lambda d: setattr(d.part1.items[0], "measure", "")), None, None, "绩效指标"),
    "JX502": (
        do(lambda d: setattr(d.part1.items[1], "measure", "证照印制合格率大于98%。")),
        None,
        None,
        "绩效指标",
    ),
    "JX503": (
        do(
            lambda d: setattr(
                d.part1.items[1], "measure", "证照印制合格率 98；办证群众满意度 ≥90%。"
            )
        ),
        None,
        None,
        "绩效指标",
    ),
    "JX504": (
        do(lambda d: d.part1.overall.__setitem__(0, "本年度共4个项目，预算资金合计88.00万元。")),
        None,
        None,
        "总体绩效目标",
    ),
    "JX505": (
        do(lambda d: d.part1.overall.append("为全面建成小康社会提供支撑。")),
        None,
        None,
        "总体绩效目标",
    ),
    "JX506": (do(lambda d: setattr(d, "part1", Part1())), None, None, "总体绩效目标"),
    "JX507": (  # issue 16 (h4): an empty document
        do(lambda d: (setattr(d, "part1", Part1()), d.projects.clear())),
        None,
        None,
        "总体绩效目标",
    ),
    "JX601": (
        setv(0, 1, description="[bookmark: _GoBack]本年度完成硬化的村内道路面积"),
        0,
        1,
        "绩效指标描述",
    ),
    "JX602": (
        setv(0, 1, description="本年度完成硬化的道路面积\n\n单位平方米"),
        0,
        1,
        "绩效指标描述",
    ),
    "JX603": (setv(0, 2, name="路灯安装数量（盏）"), 0, 2, "三级指标"),
    "JX604": (setv(0, 3, basis="公路工程质量检验评定标准》"), 0, 3, "指标值确定依据"),
    "JX605": (
        do(lambda d: d.projects[0].goals.__setitem__(1, "2.安装路灯40盏，，保障夜间出行安全。")),
        0,
        None,
        "绩效目标",
    ),
    # issue 16, family 9 (h4)
    "JX606": (setv(0, 3, description="验收合格的工程,占全部完工工程的比例"), 0, 3, "绩效指标描述"),
    "JX607": (setv(1, 1, name="发放人数\u200b"), 1, 1, "三级指标"),
    "JX609": (setv(0, 4, value="≥ ９５ ％"), 0, 4, "指标值"),
    "JX220": (do(_deadlines_with_before), 2, 3, "指标值"),
    "JX608": (
        do(lambda d: setattr(d.part1.items[0], "title", "1、改善村内基础设施,方便出行。")),
        None,
        None,
        "标题",
    ),
}


FAILING.update(measurable.FAILING)


def test_every_rule_has_a_failing_example() -> None:
    # JX7xx (运行监控, 绩效自评) need a document in a later phase: tests/model/test_rules_phases.py.
    assert set(FAILING) == {r for r in RULES if not r.startswith("JX7")}


@pytest.mark.parametrize("make", [clean_document, clean_document_2021], ids=["2015", "2021"])
def test_clean_document_gives_no_findings(make: Callable[[], Document]) -> None:
    assert check_document(make()) == []


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_rule_catches_its_defect(rule_id: str) -> None:
    mutate, project, row_no, field = FAILING[rule_id]
    doc = clean_document()
    assert not [f for f in check_document(doc) if f.rule == rule_id]  # passes before
    mutate(doc)
    hits = [f for f in check_document(doc) if f.rule == rule_id]
    assert hits, f"{rule_id} did not fire"
    places = {
        (
            None if f.project_id is None else [p.id for p in doc.projects].index(f.project_id),
            f.indicator_row,
            f.field,
        )
        for f in hits
    }
    assert (project, row_no, field) in places
    for f in hits:
        assert f.severity is RULES[rule_id].severity
        assert f.field in FIELDS
        assert f.document == "903001/2023"
        assert re.search(r"[\u4e00-\u9fff]", f.message)  # a Chinese sentence, not a code
        if f.indicator_row is not None:
            p = next(p for p in doc.projects if p.id == f.project_id)
            assert f.indicator_id == p.indicators[f.indicator_row - 1].id


# Near misses: realistic variations a careful reviewer accepts. (rule, mutation)
PASSING: list[tuple[str, Mutation]] = [
    ("JX107", setv(2, 6, name="服务对象满意度")),  # the usual 三级 name, not the category
    ("JX104", setv(0, 7, level2="环境效益指标")),  # a local synonym of 生态效益指标
    ("JX104", setv(2, 6, level2="社会公众或服务对象满意度指标")),
    ("JX103", setv(2, 6, level1="满意度")),  # synonym of 满意度指标
    ("JX204", setv(2, 3, value="≤30天")),  # a duration is a time limit too
    ("JX204", setv(2, 3, value="2023年12月31日前")),
    (
        "JX208",
        setv(2, 2, name="证照印制差错率", description="差错证照占印制总数的比例", value="≤1%"),
    ),
    ("JX209", setv(2, 2, name="群众投诉率", description="投诉件数占办件数的比例", value="≤2%")),
    (
        "JX210",
        setv(0, 1, name="安全事故发生次数", description="施工中发生的安全事故", value="≤1次"),
    ),
    ("JX210", setv(0, 1, name="公务接待批次", description="全年公务接待的批次", value="≤20批次")),
    (
        "JX207",
        setv(1, 5, name="协理员收入增长率", description="人均收入较上年增长的比例", value="≥120%"),
    ),
    ("JX212", setv(1, 4, value="≤36万元")),
    ("JX214", setv(1, 3, value="=100%")),
    ("JX215", setv(0, 4, value="10月底")),
    ("JX217", setv(2, 2, name="监测站正常运转率", description="正常运转站点占全部站点的比例")),
    ("JX217", setv(1, 5, name="村级供水设备运转率", description="正常运转设备占全部设备的比例")),
    ("JX218", setv(1, 5, name="协理员收入提高比例", description="人均收入较上年提高的比例")),
    ("JX313", do(_plan_of_a_hundred)),  # 25/50/75/100 are amounts when the budget is 100
    ("JX302", do(_plan_of_a_hundred)),
    ("JX302", do(_percent_plans)),
    ("JX313", do(_percent_plans)),
    ("JX305", do(_percent_plans)),  # 100 is the end of a percent plan, not a shortfall
    ("JX312", do(_itemised_costs)),  # 30 + 6 = 36: exactly the budget
    ("JX312", do(_itemised_costs_with_total)),  # the 总成本 row is the others' sum
    ("JX312", setv(1, 4, value="≤3000元/人")),  # a unit price is not a total
    ("JX314", do(lambda d: setattr(d.projects[2], "plan", SpendingPlan(None, D(1), D(2), D(2))))),
    (
        "JX314",  # the money is paid by 6月底 and the work is due 6月底
        do(
            lambda d: (
                setattr(d.projects[2], "plan", SpendingPlan(None, D(2), D(2), D(2))),
                setattr(d.projects[2].indicators[2], "value", "6月底前"),
            )
        ),
    ),
    (
        "JX314",  # a deadline of another year is not compared
        do(
            lambda d: (
                setattr(d.projects[2], "plan", SpendingPlan(None, D(2), D(2), D(2))),
                setattr(d.projects[2].indicators[2], "value", "2024年12月底前"),
            )
        ),
    ),
    (
        "JX315",
        do(lambda d: setattr(d.projects[0], "plan", SpendingPlan(D(10), D(20), D(25), D(50)))),
    ),
    ("JX316", do(lambda d: setattr(d.projects[2], "plan", SpendingPlan(D(2), D(2), D(2), D(2))))),
    ("JX410", do(lambda d: setattr(d.projects[2], "goals", ["1.及时足额发放证照。"]))),
    ("JX410", do(lambda d: setattr(d.projects[2], "goals", ["1.12月底前印制完成。"]))),
    ("JX411", do(lambda d: d.projects[0].goals.append("3.提高村民夜间出行安全。"))),
    ("JX411", do(lambda d: d.projects[1].goals.append("3.保障协理员队伍稳定。"))),
    ("JX306", do(lambda d: setattr(d.projects[2], "plan", SpendingPlan(None, None, None, D(2))))),
    ("JX301", do(lambda d: setattr(d.projects[1], "other", D(0)))),
    # Blank at the start (nothing spent yet) or at the end (JX306's business) is not a gap.
    ("JX311", do(lambda d: setattr(d.projects[0].plan, "mar", None))),
    ("JX311", do(lambda d: setattr(d.projects[2], "plan", SpendingPlan(None, D(1), None, None)))),
    ("JX308", setv(0, 6, value="≤0.25万元/盏")),  # 万元 per unit: 40 × 0.25万元 = 10万元, fits
    ("JX308", setv(0, 5, value="≤200.00元/平方米")),
    ("JX310", setv(1, 4, value="≤36.00万元")),
    ("JX310", setv(1, 4, value="≤360000元")),
    ("JX310", do(_itemised_costs)),  # two cost rows: itemised, neither is the total
    ("JX402", do(lambda d: d.projects[2].goals.append("2.配合道路建设做好宣传。"))),
    ("JX404", do(lambda d: d.projects[0].goals.append("3.在2023年10月底前完成。"))),
    ("JX403", do(lambda d: d.projects[2].goals.append("2.保障协理员队伍稳定，提高办证效率。"))),
    ("JX111", do(lambda d: setattr(d.projects[0], "code", "P20230001"))),
    (
        "JX112",
        do(lambda d: [setattr(row(d, p, n), "name", "群众获得感") for p, n in ((0, 7), (1, 5))]),
    ),
    ("JX502", do(lambda d: setattr(d.part1.items[0], "measure", "道路硬化面积 ≥2000平方米。"))),
    ("JX503", do(lambda d: setattr(d.part1.items[0], "measure", "2023年度完成10项工作。"))),
    ("JX505", do(lambda d: setattr(d, "year", 2019))),
    ("JX507", do(lambda d: d.projects.clear())),  # Part 1 only: a unit with no project spending
    ("JX603", setv(0, 1, name="道路硬化面积（村内道路）")),
    ("JX604", setv(0, 3, basis="《公路工程质量检验评定标准》（JTG F80/1—2017）")),
    ("JX606", setv(0, 3, basis="GB 50300-2013, JTG F80/1")),  # no Chinese around the comma
    ("JX609", setv(0, 4, value="达到 国家 标准")),  # prose keeps its spaces
    ("JX220", setv(2, 3, value="12月底")),  # one deadline with 前 and one without: no convention
    ("JX606", setv(1, 1, description="领取工资的协理员人数（以1,200元标准计）")),
    (
        "JX607",
        setv(0, 1, description="本年度完成硬化的村内道路面积\n（平方米）"),
    ),  # a newline is a paragraph
]


PASSING += measurable.PASSING


@pytest.mark.parametrize(("rule_id", "mutate"), PASSING, ids=[r for r, _ in PASSING])
def test_rule_leaves_near_misses_alone(rule_id: str, mutate: Mutation) -> None:
    doc = clean_document()
    mutate(doc)
    assert [f.message for f in check_document(doc) if f.rule == rule_id] == []


def test_2015_profile_refuses_a_2021_cost_row_but_2021_accepts_it() -> None:
    doc = clean_document_2021()
    assert check_document(doc) == []
    doc.profile = Profile.RULES_2015
    hits = [f for f in check_document(doc) if f.rule == "JX105"]
    assert [(f.project_code, f.indicator_row) for f in hits] == [
        (doc.projects[0].code, 5),
        (doc.projects[0].code, 6),
        (doc.projects[1].code, 4),
        (doc.projects[2].code, 4),
    ]
    # The rows that follow the other convention are reported once, not as unknown names too.
    assert not [f for f in check_document(doc) if f.rule in ("JX103", "JX104")]


def test_sustainable_effects_are_a_setting() -> None:
    doc = clean_document()
    doc.allow_sustainable = False
    hits = [f for f in check_document(doc) if f.rule == "JX104"]
    assert [(f.indicator_row, f.field) for f in hits] == [(9, "二级指标")]
    assert "可持续影响指标" in hits[0].message


def test_unit_costs_in_yuan_and_wan_are_converted() -> None:
    doc = clean_document()
    # 2000 平方米 × 0.02 万元 = 40 万元, 40 盏 × 2500 元 = 10 万元: exactly the budget of 50.
    row(doc, 0, 5).value = "≤0.02万元/平方米"
    assert not [f for f in check_document(doc) if f.rule == "JX308"]
    row(doc, 0, 5).value = "≤0.0201万元/平方米"  # 40.2 + 10 > 50
    (hit,) = [f for f in check_document(doc) if f.rule == "JX308"]
    assert "50.20万元" in hit.message and hit.severity is Severity.ERROR


def test_unit_cost_without_per_unit_pairs_by_subject() -> None:
    """The sample's form: 路灯的单价 1200元 next to 路灯安装的数量 50台 (no 元/台)."""
    doc = clean_document()
    row(doc, 0, 2).name, row(doc, 0, 2).value = "路灯安装的数量", "50台"
    row(doc, 0, 6).name, row(doc, 0, 6).value = "路灯的单价", "≤2500元"
    row(doc, 0, 6).description = "路灯的采购和安装费用"
    (hit,) = [f for f in check_document(doc) if f.rule == "JX308"]
    assert "50台×2500元" in hit.message and "52.50万元" in hit.message


def test_money_unit_of_the_document_is_respected() -> None:
    doc = clean_document()
    doc.money_unit = "元"
    for p in doc.projects:
        p.budget, p.fiscal, p.other = (
            None if v is None else v * 10000 for v in (p.budget, p.fiscal, p.other)
        )
        p.plan = SpendingPlan.from_list(
            [None if v is None else v * 10000 for v in p.plan.as_list()]
        )
    assert [f.rule for f in check_document(doc)] == []


def test_a_name_copied_word_for_word_with_a_piece_of_another_projects_name() -> None:
    doc = clean_document()
    row(doc, 2, 5).name = "协理员在岗率"  # the printing project, named like the wages one's row
    (hit,) = [f for f in check_document(doc) if f.rule == "JX402"]
    assert (hit.project_code, hit.indicator_row, hit.field) == (doc.projects[2].code, 5, "三级指标")
    assert "“协理员”" in hit.message and "第 2 个项目" in hit.message
    # Shared names without a piece of another project's name are the usual reuse: no finding.
    row(doc, 2, 5).name = row(doc, 1, 6).name = "群众满意度"
    assert not [f for f in check_document(doc) if f.rule == "JX402"]


def test_a_gap_in_the_plan_names_the_blank_checkpoints_and_the_range() -> None:
    doc = clean_document()
    doc.projects[0].plan = SpendingPlan(D("10.00"), None, None, D("50.00"))
    (hit,) = [f for f in check_document(doc) if f.rule == "JX311"]
    assert "6月底、10月底" in hit.message and "10.00 至 50.00" in hit.message
    assert hit.severity is Severity.WARNING
    # A gap whose ends already decrease: JX303 says so; JX311 still asks for the figure.
    doc.projects[0].plan = SpendingPlan(D("30.00"), None, D("20.00"), D("50.00"))
    (hit,) = [f for f in check_document(doc) if f.rule == "JX311"]
    assert "至" not in hit.message and [f.rule for f in check_document(doc)] == ["JX303", "JX311"]


def _jx402(doc: Document) -> list[tuple[int, int | None, str | None, str]]:
    ids = [p.id for p in doc.projects]
    return [
        (ids.index(f.project_id), f.indicator_row, f.field, f.message)
        for f in check_document(doc)
        if f.rule == "JX402"
    ]


def test_a_payment_named_by_another_project_copied_into_a_row() -> None:
    """“人员工资发放率” in a 交通补贴 project, from the 工资 project's 工资发放率 (sample 19)."""
    doc = clean_document()
    row(doc, 2, 2).name = "证照工资足额发放率"  # holds the wages project's 工资足额发放率
    row(doc, 2, 2).description = "足额发放的证照占应发证照的比例"  # … and is about 证照 now
    ((project, row_no, field, message),) = _jx402(doc)
    assert (project, row_no, field) == (2, 2, "三级指标")
    assert "工资" in message and "第 2 个项目" in message and "“工资足额发放率”" in message
    # The printing project says it pays wages: its own business.
    doc.projects[2].purpose = "用于印制个体工商户证照及临时人员工资"
    assert _jx402(doc) == []


def test_a_payment_word_alone_is_not_a_copy() -> None:
    doc = clean_document()
    # Holds the wages project's 工资支出, but the description says this project pays wages.
    row(doc, 2, 4).name = "临时人员工资支出"
    row(doc, 2, 4).description = "印制证照所需临时人员的工资"
    assert _jx402(doc) == []
    row(doc, 2, 4).description = "每份证照的印制费用"  # now name and description disagree
    assert [h[:3] for h in _jx402(doc)] == [(2, 4, "三级指标")]
    doc = clean_document()
    doc.projects[1].name = "“乡村振兴协理员”报酬"  # no project is named for 工资 any more
    row(doc, 2, 2).name = "工资足额发放率"
    assert _jx402(doc) == []


def test_a_cost_row_spending_on_another_projects_whole_subject() -> None:
    """“用于扶贫、环保等支出” in 办公运转, while 环保工作经费 is a project of its own (sample 17)."""
    doc = clean_document()
    doc.projects[2].name = "环保工作经费"
    row(doc, 0, 5).description = "用于道路硬化、环保等支出"
    ((project, row_no, field, message),) = _jx402(doc)
    assert (project, row_no, field) == (0, 5, "绩效指标描述")
    assert "“环保”" in message and "第 3 个项目（环保工作经费）" in message


@pytest.mark.parametrize(
    "description",
    [
        "用于环保检测设备等支出",  # part of a longer word, not the subject itself
        "每平方米道路硬化的造价，含环保要求",  # not a list of what the money is used for
    ],
)
def test_a_two_character_subject_inside_other_words_is_left_alone(description: str) -> None:
    doc = clean_document()
    doc.projects[2].name = "环保工作经费"
    row(doc, 0, 5).description = description
    assert _jx402(doc) == []


def test_a_two_character_subject_the_project_itself_names_is_left_alone() -> None:
    doc = clean_document()
    doc.projects[2].name = "环保工作经费"
    doc.projects[0].purpose = "用于西街村道路硬化、路灯安装和环保设施"
    row(doc, 0, 5).description = "用于道路硬化、环保等支出"
    assert _jx402(doc) == []
    # Only a cost row says where the money goes.
    doc.projects[0].purpose = "用于西街村道路硬化和路灯安装"
    row(doc, 0, 5).description = "每平方米道路硬化的造价"
    row(doc, 0, 1).description = "用于道路硬化、环保等的面积"
    assert _jx402(doc) == []


def _jx403(doc: Document) -> list[tuple[int, str]]:
    ids = [p.id for p in doc.projects]
    return [(ids.index(f.project_id), f.message) for f in check_document(doc) if f.rule == "JX403"]


def test_a_goal_that_differs_only_in_its_opening_verb() -> None:
    """“使人大代表活动场所活动常态化” after “保证人大代表活动场所活动常态化” (sample 10/11)."""
    doc = clean_document()
    doc.projects[2].goals.append("2.使协理员队伍稳定。")
    hits = _jx403(doc)
    assert [p for p, _ in hits] == [1, 2]
    assert "第 2 个项目" in hits[1][1] and "“保障”换成了“使”" in hits[1][1]
    # A different verb that changes the meaning is another goal.
    doc.projects[2].goals[-1] = "2.提高协理员队伍稳定。"
    assert _jx403(doc) == []


def _named_goals(doc: Document) -> None:
    doc.projects[1].goals = ["1.提高乡村振兴协理员的工作热情。", "2.保障乡村振兴协理员的合法权益。"]


def test_another_projects_goals_with_their_subject_replaced() -> None:
    """Sample 19: project 1's goals with “凤还巢大学生村干部” replaced by “人员”."""
    doc = clean_document()
    _named_goals(doc)
    doc.projects[2].goals = [
        "1.提高人员的工作热情。",
        "2.保障人员的合法权益。",
        "3.印制证照4000份。",
    ]
    hits = _jx403(doc)
    assert [p for p, _ in hits] == [2, 2]
    assert "绩效目标第 1 条" in hits[0][1] and "“人员”" in hits[0][1]
    assert "“1.提高乡村振兴协理员的工作热情。”" in hits[0][1]


@pytest.mark.parametrize(
    "goals",
    [
        ["1.提高人员的工作热情。", "2.印制证照4000份。"],  # one common phrase by chance
        ["1.提高职工的工作热情。", "2.保障群众的合法权益。"],  # each its own beneficiaries
        ["1.提高便民服务中心的工作热情。", "2.保障便民服务中心的合法权益。"],  # its own subject
        ["1.提高服务中心的工作热情。", "2.保障服务中心的合法权益。"],  # … in short
    ],
)
def test_common_phrases_are_not_subject_swaps(goals: list[str]) -> None:
    doc = clean_document()
    _named_goals(doc)
    doc.projects[2].goals = goals
    assert _jx403(doc) == []


def test_projects_sharing_a_layout_each_get_its_findings_at_their_own_rows() -> None:
    """JX106 and JX113 are worked out once per layout of the table in a check (a layout is
    the rows' 一级 and 二级, in order): every project laid out so gets them, and a project laid
    out otherwise does not."""
    doc = clean_document()
    _swap_rows(doc)  # project 1: its 数量 rows split (JX113 at row 3)
    del doc.projects[0].indicators[-1]  # … and, say, no 满意度 row left (JX106)
    twin = copy.deepcopy(doc.projects[0])
    twin.id, twin.code, twin.name = "twin", "13052923P00584110399A", "东街村道路硬化及路灯安装"
    for ind in twin.indicators:
        ind.name += "（东街）"  # other rows, the same layout
    doc.projects.append(twin)
    found = check_document(doc, only=["JX106", "JX113"])
    by_project = {
        p.id: sorted((f.rule, f.indicator_row) for f in found if f.project_id == p.id)
        for p in doc.projects
    }
    first = by_project[doc.projects[0].id]
    assert [r for r, _ in first] == ["JX106", "JX113"] and ("JX113", 3) in first
    assert by_project["twin"] == first
    assert by_project[doc.projects[1].id] == by_project[doc.projects[2].id] == []
