"""Issue 16 families 1–3: itemised cost totals against 预算数, the plan's unit as one document
setting (and the plan's shape against the 时效 deadline), goals that measure something."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model import Document, Indicator, PlanUnit, SpendingPlan
from model.rules import check_document, check_project
from model.rules.goals import content_bigrams, is_measurable, without_name
from tests.model.rules_helpers import clean_document

D = Decimal


def _rules(doc: Document, *ids: str) -> list[tuple[int | None, str]]:
    """(project index or None, rule) of the findings of the given rules."""
    index = {p.id: n for n, p in enumerate(doc.projects)}
    return [
        (index.get(f.project_id) if f.project_id else None, f.rule)
        for f in check_document(doc)
        if f.rule in ids
    ]


def _messages(doc: Document, rule: str) -> list[str]:
    return [f.message for f in check_document(doc) if f.rule == rule]


# --- family 1: itemised cost totals ---------------------------------------------------------


def _two_costs(doc: Document, first: str, second: str) -> None:
    inds = doc.projects[1].indicators
    inds[3].value = first
    inds.insert(4, Indicator("产出指标", "成本指标", "保险支出", "全年保险费", second, "核定标准"))


def test_itemised_totals_beyond_the_budget_are_added_up() -> None:
    doc = clean_document()
    doc.projects[1].budget = doc.projects[1].fiscal = D("5.00")
    doc.projects[1].plan = SpendingPlan(D("1.00"), D("2.00"), D("3.00"), D("5.00"))
    _two_costs(doc, "≤3万元", "≤3万元")  # the case: 3 + 3 in a 5.00 project
    [message] = _messages(doc, "JX312")
    assert "第 4 行“≤3万元” + 第 5 行“≤3万元” 合计 6.00万元" in message
    assert "超过预算数 5.00万元" in message


def test_units_are_converted_before_adding() -> None:
    doc = clean_document()
    _two_costs(doc, "≤300000元", "≤6.01万元")  # 30 + 6.01 > 36
    assert "合计 36.01万元" in _messages(doc, "JX312")[0]
    doc = clean_document()
    _two_costs(doc, "≤300000元", "≤60000元")  # exactly 36
    assert _messages(doc, "JX312") == []


def test_a_row_over_the_budget_is_left_to_jx307() -> None:
    doc = clean_document()
    _two_costs(doc, "≤40万元", "≤6万元")
    assert _rules(doc, "JX307", "JX312") == [(1, "JX307")]


# --- family 2: the plan's unit --------------------------------------------------------------


def test_a_document_whose_plans_contradict_its_setting_gets_one_finding() -> None:
    doc = clean_document()
    doc.plan_unit = PlanUnit.PERCENT  # every project fills in amounts
    findings = check_document(doc)
    assert [(f.rule, f.project_id) for f in findings] == [("JX302", None)]
    (finding,) = findings
    assert "3 个项目中 3 个填的是累计金额" in finding.message
    assert "改为“金额”" in finding.message and finding.field == "资金支出计划"
    doc.plan_unit = PlanUnit.AMOUNT
    assert check_document(doc) == []


def test_one_project_in_the_other_unit_is_that_projects_finding() -> None:
    doc = clean_document()
    doc.plan_unit = PlanUnit.PERCENT
    for project in doc.projects[:2]:
        project.plan = SpendingPlan(D(25), D(50), D(75), D(100))
    assert _rules(doc, "JX302", "JX313", "JX304", "JX305") == [(2, "JX313")]
    [message] = _messages(doc, "JX313")
    assert "累计百分比" in message
    doc.plan_unit = PlanUnit.AMOUNT  # now two of three contradict: the setting is wrong
    assert _rules(doc, "JX302", "JX313") == [(None, "JX302")]


def test_percent_plans_are_checked_against_100() -> None:
    doc = clean_document()
    doc.plan_unit = PlanUnit.PERCENT
    for project in doc.projects:
        project.plan = SpendingPlan(D(20), D(50), D(80), D(100))
    assert check_document(doc) == []
    doc.projects[2].plan = SpendingPlan(D(20), D(40), D(60), D(90))  # budget 2.00: neither end
    assert _rules(doc, "JX305") == [(2, "JX305")]
    assert "未达到 100%" in _messages(doc, "JX305")[0]
    doc.projects[2].plan = SpendingPlan(D(20), D(140), D(160), D(190))  # beyond 100: amounts?
    # 190 is no percentage, so the project is read as amounts (over its budget of 2.00)
    assert (2, "JX313") in _rules(doc, "JX313") and (2, "JX304") in _rules(doc, "JX304")


def test_plan_spent_long_before_or_after_the_deadline() -> None:
    doc = clean_document()
    printing = doc.projects[2]  # 时效 row 3: 12月底前
    printing.plan = SpendingPlan(None, D(2), D(2), D(2))
    [early] = _messages(doc, "JX314")
    assert "6月底 已达到全部资金" in early and "“12月底前”" in early and "早了 6 个月" in early
    printing.indicators[2].value = "6月底前"
    printing.plan = SpendingPlan(None, D("0.50"), D("1.00"), D("2.00"))
    [late] = _messages(doc, "JX314")
    assert "10月底 仍未支出完毕" in late and "晚了 4 个月以上" in late
    printing.plan = SpendingPlan(None, D("1.00"), D("2.00"), D("2.00"))  # done by 10月底: fine
    assert _messages(doc, "JX314") == []


def test_deadline_spellings_give_a_month() -> None:
    doc = clean_document()
    printing = doc.projects[2]
    printing.plan = SpendingPlan(None, D(2), D(2), D(2))
    for value in (
        "年底前",
        "2023年12月31日前",
        "12月底",
        "年内",
        "2023年底前",
        "2023-12-31",
        "第四季度末",
    ):
        printing.indicators[2].value = value
        assert len(_messages(doc, "JX314")) == 1, value
    for value in ("6月底前", "上半年", "2023年8月底", "30个工作日内", "2024年12月底前"):
        printing.indicators[2].value = value
        assert _messages(doc, "JX314") == [], value


def test_back_loaded_and_flat_plans_are_hints() -> None:
    doc = clean_document()
    doc.projects[0].plan = SpendingPlan(D(10), D(10), D(10), D(50))
    [message] = _messages(doc, "JX315")
    assert "80% 的资金（40）" in message
    wages = doc.projects[1]  # no deadline among its 时效 rows
    wages.plan = SpendingPlan(D(36), D(36), D(36), D(36))
    assert "3月底 前全部支出" in _messages(doc, "JX316")[0]


# --- family 3: goals ------------------------------------------------------------------------


def test_goal_pieces_of_the_project_name_are_not_content() -> None:
    assert without_name("2.保障协理员队伍稳定。", "“乡村振兴协理员”工资") == "保障 队伍稳定"
    name = "军队退役人员公益性岗位满三年2023年财政补贴"
    assert not is_measurable("1.保障我单位军队退役人员公益性岗位满三年正常生活开支需求。", name)
    assert is_measurable("1.按月足额发放20名人员的工资。", name)
    assert is_measurable("2.安装路灯40盏。", "西街村道路硬化及路灯安装")
    assert is_measurable("1.及时足额发放占地补偿款。", "土地补偿")
    assert content_bigrams("2.提高退役士兵工作热情。", name) == {"士兵", "热情"}


def test_vague_goals_are_one_finding_per_project() -> None:
    doc = clean_document()
    long_line = "1.进一步提升便民服务中心的服务水平和群众的获得感、幸福感、安全感，推动各项工作"
    doc.projects[2].goals = [long_line, "2.方便群众。"]
    [finding] = [f for f in check_document(doc) if f.rule == "JX410"]
    assert finding.message.startswith("绩效目标第 1、2 条都没有可衡量的内容")
    quoted = finding.message.split("如“", 1)[1].split("”；", 1)[0]
    assert quoted.endswith("…") and len(quoted) == 31  # at most 30 characters of the line
    assert [f.rule for f in check_document(doc) if f.rule == "JX411"] == []  # said once


def test_a_goal_no_indicator_measures() -> None:
    doc = clean_document()
    doc.projects[0].goals.append("3.带动周边商户增收。")
    [message] = _messages(doc, "JX411")
    assert message.startswith("绩效目标第 3 条“3.带动周边商户增收。”没有对应的绩效指标")
    # an indicator that measures it silences it
    doc.projects[0].indicators.insert(
        7,
        Indicator(
            "效益指标", "经济效益指标", "周边商户增收", "商户年收入较上年增长", "≥5%", "调查"
        ),
    )
    assert _messages(doc, "JX411") == []


def test_sample_goal_findings(sample_doc: Document) -> None:
    """Sample project 7: all three goals are vague once its name's 满三年 is not counted."""
    project = sample_doc.projects[6]
    rules = [f.rule for f in check_project(sample_doc, project)]
    assert "JX410" in rules and "JX411" not in rules


@pytest.fixture(scope="module")
def sample_doc() -> Document:
    docx = pytest.importorskip("exporters.docx")
    from tests.conftest import SAMPLE_DOCX

    (doc,) = docx.read(SAMPLE_DOCX.read_bytes(), source=SAMPLE_DOCX.name).documents
    return doc


def test_the_sample_gets_one_plan_unit_finding(sample_doc: Document) -> None:
    found = [f for f in check_document(sample_doc) if f.rule in ("JX302", "JX313")]
    assert [(f.rule, f.project_id) for f in found] == [("JX302", None)]
    assert "24 个项目中 23 个" in found[0].message  # 3 (budget 100.00) cannot tell


def test_a_plan_in_the_other_unit_converts_mechanically() -> None:
    """What a quick fix of JX313 writes (helper functions for the fix API)."""
    from model import Project
    from model.rules.money import plan_converted

    wages = Project(budget=D("11.00"), plan=SpendingPlan(D(25), D(50), D(75), D(100)))
    assert plan_converted(wages, PlanUnit.AMOUNT) == SpendingPlan(
        D("2.75"), D("5.50"), D("8.25"), D("11.00")
    )
    amounts = Project(budget=D("11.00"), plan=SpendingPlan(D("2.50"), None, D("8.00"), D("11.00")))
    assert plan_converted(amounts, PlanUnit.PERCENT) == SpendingPlan(
        D("22.73"), None, D("72.73"), D("100.00")
    )
    whole = Project(budget=D("5"), plan=SpendingPlan(D(33), D(50), D(75), D(100)))
    assert plan_converted(whole, PlanUnit.AMOUNT) == SpendingPlan(
        D("1.65"), D("2.50"), D("3.75"), D("5.00")
    )
    assert plan_converted(Project(), PlanUnit.AMOUNT) is None
    # the converted plan passes the checks in its new unit
    doc = clean_document()
    doc.projects[1].plan = SpendingPlan(D(25), D(50), D(75), D(100))
    assert _rules(doc, "JX313") == [(1, "JX313")]
    doc.projects[1].plan = plan_converted(doc.projects[1], PlanUnit.AMOUNT)
    assert check_document(doc) == []


def test_a_hostile_goal_line_is_read_within_bounds() -> None:
    """A 10,000-character goal line that is also the project's name: the goal heuristics look at
    a bounded prefix, so a check stays cheap (and the message quotes at most 30 characters)."""
    from model.rules.goals import MAX_GOAL_CHARS

    huge = "保障干事热情稳定" * 1250
    assert len(without_name(huge, huge)) <= MAX_GOAL_CHARS
    assert without_name(huge, huge).strip() == ""
    doc = clean_document()
    doc.projects[2].name = huge
    doc.projects[2].goals = [huge]
    [message] = _messages(doc, "JX410")
    assert len(message) < 120


def test_the_jx411_example_fires_and_a_single_word_does_not() -> None:
    doc = clean_document()
    wages = doc.projects[1]
    wages.goals.append("3.提高村干部干事热情。")  # nothing about 干事热情 among its indicators
    [message] = _messages(doc, "JX411")
    assert "第 3 条" in message
    wages.goals[-1] = "3.提高协理员工作热情。"  # only 热情 is left: too little to judge
    assert _messages(doc, "JX411") == []
