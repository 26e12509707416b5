"""JX7xx: the rules of the 运行监控表 and the 绩效自评表, one failing and one passing case each.

The base documents are tests.model.rules_helpers' clean document carried through the year with
every later field filled as a careful clerk would (actuals equal to the targets, 分值 adding up
to 50/30/10 per project); each case changes one thing. In phase 目标 none of these rules run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from model import Document
from model.entities import Phase
from model.rules import FIELDS, RULES, check_document, check_project
from model.values import ValueKind, parse_value
from tests.doc_strategies import documents
from tests.model.rules_helpers import clean_document, clean_document_2021

D = Decimal
Mutation = Callable[[Document], None]

# 分值 per project of the clean document, row by row: 产出 50, 效益 30, 满意度 10 (+ 预算执行率 10).
WEIGHTS = (
    ("10", "10", "10", "10", "5", "5", "10", "10", "10", "10"),  # grid: 6 产出, 3 效益, 1 满意度
    ("15", "15", "10", "10", "30", "10"),  # wages: 4 产出, 1 效益, 1 满意度
    ("15", "15", "10", "10", "30", "10"),  # printing
)


def _reached(value: str) -> str:
    """An actual that meets the target exactly: the target without its comparator."""
    return re.sub(r"^[≥≤=<>]+", "", value)


def monitor_document(make: Callable[[], Document] = clean_document) -> Document:
    doc = make()
    doc.phase = Phase.MONITOR
    for project in doc.projects:
        assert project.budget is not None
        project.executed_to_date = project.budget / 2
        for ind in project.indicators:
            if parse_value(ind.value).kind is ValueKind.QUANTITATIVE:
                ind.actual_to_date = ind.forecast = _reached(ind.value)
            else:
                ind.actual_to_date, ind.forecast = "按计划推进", "按期完成"
            ind.likelihood = "确定能"
    return doc


def evaluate_document(
    make: Callable[[], Document] = clean_document, *, weights: bool = True
) -> Document:
    doc = make()
    doc.phase = Phase.EVALUATE
    for project, shares in zip(doc.projects, WEIGHTS, strict=True):
        assert project.budget is not None
        project.executed_to_date = project.budget / 2
        project.executed = project.budget
        for ind, share in zip(project.indicators, shares, strict=True):
            ind.score_weight = D(share) if weights else None
            if parse_value(ind.value).kind is ValueKind.QUANTITATIVE:
                ind.actual = _reached(ind.value)
            else:
                ind.actual, ind.achievement = "按期完成，效果明显", "达成"
                ind.score = D(share) if weights else None  # without 分值: the test enters it
    return doc


def setv(project: int, row: int, **values: object) -> Mutation:
    def mutate(doc: Document) -> None:
        ind = doc.projects[project].indicators[row - 1]
        for attr, value in values.items():
            setattr(ind, attr, value)

    return mutate


def setp(project: int, **values: object) -> Mutation:
    def mutate(doc: Document) -> None:
        for attr, value in values.items():
            setattr(doc.projects[project], attr, value)

    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(doc: Document) -> None:
        for m in mutations:
            m(doc)

    return mutate


def drop_row(project: int, row: int) -> Mutation:
    def mutate(doc: Document) -> None:
        del doc.projects[project].indicators[row - 1]

    return mutate


def no_weights(project: int) -> Mutation:
    def mutate(doc: Document) -> None:
        for ind in doc.projects[project].indicators:
            ind.score_weight = None

    return mutate


MONITOR, EVALUATE = Phase.MONITOR, Phase.EVALUATE

# rule → (phase, mutation, project index, row or None, the finding's field)
FAILING: dict[str, tuple[Phase, Mutation, int, int | None, str]] = {
    "JX701": (MONITOR, setv(0, 1, actual_to_date=""), 0, 1, "截至当期实际完成值"),
    "JX702": (MONITOR, setv(0, 2, actual_to_date="正在安装"), 0, 2, "截至当期实际完成值"),
    "JX703": (
        MONITOR,
        setv(0, 1, forecast="1800平方米", deviation_cause="经费保障"),
        0,
        1,
        "完成目标可能性",
    ),
    "JX704": (
        MONITOR,
        setv(0, 1, forecast="1800平方米", likelihood="有可能"),
        0,
        1,
        "偏差原因",
    ),
    "JX705": (MONITOR, setp(0, executed_to_date=D("60.00")), 0, None, "截至当期执行数"),
    "JX711": (EVALUATE, setv(0, 1, actual=""), 0, 1, "实际完成值"),
    "JX712": (EVALUATE, setv(0, 2, actual="30个"), 0, 2, "实际完成值"),
    "JX713": (EVALUATE, setv(0, 1, score_weight=D(15)), 0, None, "绩效指标"),
    "JX714": (EVALUATE, drop_row(1, 6), 1, None, "绩效指标"),
    "JX715": (
        EVALUATE,
        both(setv(0, 3, score_weight=None), setv(0, 1, score_weight=D(20))),
        0,
        3,
        "权重",
    ),
    "JX716": (EVALUATE, setv(0, 4, score=D(12)), 0, 4, "得分"),
    "JX717": (EVALUATE, setv(0, 4, achievement="部分达成"), 0, 4, "得分"),
    "JX718": (EVALUATE, setv(0, 7, score=None), 0, 7, "得分"),
    "JX719": (EVALUATE, setv(0, 2, actual="35盏"), 0, 2, "偏差原因分析及改进措施"),
    "JX720": (
        EVALUATE,
        setv(0, 2, actual="35盏", deviation="资金晚到", score=D(10)),
        0,
        2,
        "得分",
    ),
    "JX721": (EVALUATE, setp(0, executed=D("52.00")), 0, None, "全年执行数"),
    "JX722": (
        EVALUATE,
        setp(0, executed_to_date=D("30.00"), executed=D("20.00")),
        0,
        None,
        "全年执行数",
    ),
    "JX723": (EVALUATE, setv(0, 7, level1="社会效益"), 0, 7, "一级指标"),
}


def _document(phase: Phase, make: Callable[[], Document] = clean_document) -> Document:
    return monitor_document(make) if phase is MONITOR else evaluate_document(make)


def test_every_phase_rule_has_a_failing_case() -> None:
    ours = {r for r in RULES if r.startswith("JX7")}
    assert ours == set(FAILING)
    assert all(re.fullmatch(r"JX7(0[1-9]|1\d|2\d)", r) for r in ours)


@pytest.mark.parametrize("make", [clean_document, clean_document_2021], ids=["2015", "2021"])
@pytest.mark.parametrize("phase", [MONITOR, EVALUATE], ids=["监控", "自评"])
def test_a_carefully_filled_document_gives_no_findings(
    phase: Phase, make: Callable[[], Document]
) -> None:
    assert check_document(_document(phase, make)) == []


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_rule_catches_its_defect(rule_id: str) -> None:
    phase, mutate, project, row, field = FAILING[rule_id]
    doc = _document(phase)
    assert not [f for f in check_document(doc) if f.rule == rule_id]
    mutate(doc)
    hits = [f for f in check_document(doc) if f.rule == rule_id]
    assert hits, f"{rule_id} did not fire"
    places = {
        ([p.id for p in doc.projects].index(f.project_id or ""), f.indicator_row, f.field)
        for f in hits
    }
    assert (project, row, field) in places
    for f in hits:
        assert f.severity is RULES[rule_id].severity
        assert f.field in FIELDS
        assert re.search(r"[\u4e00-\u9fff]", f.message) and "\n" not in f.message
        if f.indicator_row is not None:
            p = next(p for p in doc.projects if p.id == f.project_id)
            assert f.indicator_id == p.indicators[f.indicator_row - 1].id


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_rule_is_silent_in_the_targets_phase(rule_id: str) -> None:
    """The same defect in a document whose phase is 目标: the later tables are not checked."""
    phase, mutate, *_ = FAILING[rule_id]
    doc = _document(phase)
    mutate(doc)
    doc.phase = Phase.TARGET
    assert not [f for f in check_document(doc) if f.rule.startswith("JX7")]


@pytest.mark.parametrize("rule_id", sorted(FAILING))
def test_rule_is_silent_in_the_other_later_phase(rule_id: str) -> None:
    phase, mutate, *_ = FAILING[rule_id]
    doc = _document(phase)
    mutate(doc)
    doc.phase = EVALUATE if phase is MONITOR else MONITOR
    assert not [f for f in check_document(doc) if f.rule == rule_id]


# Near misses a careful reviewer accepts: (rule, phase, mutation, base document).
PASSING: list[tuple[str, Phase, Mutation, Callable[[], Document]]] = [
    # a target nobody can measure mid-year, explained instead of left blank
    ("JX701", MONITOR, setv(0, 10, actual_to_date="年底调查"), clean_document),
    # a bare number is read in the target's unit; 元 converts to 万元
    ("JX702", MONITOR, setv(0, 1, actual_to_date="1200"), clean_document),
    ("JX702", MONITOR, setv(1, 4, forecast="360000元"), clean_document),
    # a negative target (≤36万元) met by a smaller forecast, 确定能
    ("JX703", MONITOR, setv(1, 4, forecast="35万元"), clean_document),
    # short, but honestly 有可能, with a cause
    (
        "JX703",
        MONITOR,
        setv(0, 1, forecast="1800平方米", likelihood="有可能", deviation_cause="经费保障"),
        clean_document,
    ),
    ("JX704", MONITOR, setv(0, 1, forecast="1800平方米", deviation_cause="其他"), clean_document),
    # executed up to a raised 全年预算数 (预算数 50)
    (
        "JX705",
        MONITOR,
        setp(0, annual_budget=D("60.00"), executed_to_date=D("55.00")),
        clean_document,
    ),
    ("JX711", EVALUATE, setv(0, 7, actual="村民出行条件明显改善"), clean_document),
    ("JX712", EVALUATE, setv(0, 1, actual="2,150平方米"), clean_document),
    ("JX712", EVALUATE, setv(1, 4, actual="355000元"), clean_document),
    # 2021: 成本指标 is a level-1 and counts with 产出指标
    ("JX713", EVALUATE, setv(0, 1, actual="2100平方米"), clean_document_2021),
    # no 满意度: its 10 points given to 效益 by hand, total 100
    ("JX714", EVALUATE, both(drop_row(1, 6), setv(1, 5, score_weight=D(40))), clean_document),
    ("JX713", EVALUATE, both(drop_row(1, 6), setv(1, 5, score_weight=D(40))), clean_document),
    # every 分值 blank: split equally (产出 50/6 = 8.33 …, 效益 30/3 = 10)
    ("JX715", EVALUATE, no_weights(0), clean_document),
    # one left blank takes what its 一级 leaves (50 − 40 = 10)
    ("JX715", EVALUATE, setv(0, 3, score_weight=None), clean_document),
    ("JX713", EVALUATE, setv(0, 3, score_weight=None), clean_document),
    (
        "JX716",
        EVALUATE,
        both(no_weights(0), setv(0, 4, score=D("8.33"))),
        clean_document,
    ),
    # 80 % belongs to 部分达成 as well as to 达成
    ("JX717", EVALUATE, setv(0, 4, achievement="部分达成", score=D(8)), clean_document),
    (
        "JX718",
        EVALUATE,
        setv(0, 4, achievement="未达成", score=D(0), deviation="延期"),
        clean_document,
    ),
    ("JX719", EVALUATE, setv(1, 4, actual="35万元"), clean_document),  # ≤36万元: met
    ("JX719", EVALUATE, setv(0, 2, actual="35盏", deviation="资金晚到，次年补装"), clean_document),
    (
        "JX720",
        EVALUATE,
        setv(0, 2, actual="35盏", deviation="资金晚到", score=D("8.75")),
        clean_document,
    ),
    ("JX721", EVALUATE, setp(0, annual_budget=D("60.00"), executed=D("55.00")), clean_document),
    ("JX722", EVALUATE, setp(0, executed_to_date=None), clean_document),
    ("JX723", EVALUATE, setv(0, 10, level1="满意度"), clean_document),  # a synonym
]


@pytest.mark.parametrize(
    ("rule_id", "phase", "mutate", "make"),
    PASSING,
    ids=[f"{r}-{n}" for n, (r, *_) in enumerate(PASSING)],
)
def test_near_miss_is_not_reported(
    rule_id: str, phase: Phase, mutate: Mutation, make: Callable[[], Document]
) -> None:
    doc = _document(phase, make)
    mutate(doc)
    assert [f.message for f in check_document(doc) if f.rule == rule_id] == []


def test_every_rule_has_a_near_miss() -> None:
    assert {r for r, *_ in PASSING} == set(FAILING)


def test_equal_split_puts_the_remainder_on_the_last_row() -> None:
    """产出 50 over 6 rows: 8.33 × 5 and 8.35; a 得分 of 8.35 fits only the last row."""
    doc = evaluate_document(weights=False)
    grid = doc.projects[0]
    grid.indicators[3].score = D("8.35")  # row 4, a deadline row: its share is 8.33
    hits = [f for f in check_document(doc) if f.rule == "JX716"]
    assert [(f.indicator_row, f.message) for f in hits] == [
        (4, "“工程完工时间”得分 8.35 高于分值 8.33（按权重平均分配），请改为不超过分值")
    ]


def test_missing_satisfaction_shares_its_points_in_proportion() -> None:
    """Without 满意度 the wages project's 效益 row is worth 30 + 10 × 30/80 = 33.75."""
    doc = evaluate_document(weights=False)
    wages = doc.projects[1]
    del wages.indicators[5]
    effect = wages.indicators[4]
    effect.value, effect.actual, effect.achievement = "明显改善", "明显改善", "达成"
    effect.score = D("33.75")
    assert not [f for f in check_document(doc) if f.rule in ("JX716", "JX717")]
    effect.score = D("33.76")
    found = [f for f in check_document(doc) if f.rule in ("JX716", "JX717")]
    assert [(f.rule, f.project_id, f.indicator_row) for f in found] == [("JX716", wages.id, 5)]
    assert "分值 33.75（按权重平均分配）" in found[0].message


def test_weights_per_level1_messages_name_rows_and_points() -> None:
    doc = evaluate_document()
    doc.projects[0].indicators[0].score_weight = D(15)
    found = [f for f in check_document(doc) if f.rule.startswith("JX71")]
    assert [(f.rule, f.message) for f in found] == [
        (
            "JX713",
            "产出指标（第 1、2、3、4、5、6 行）的分值合计 55，应为 50；请调整各行分值",
        )
    ]  # the total (105) is not reported a second time


def test_edited_scoring_weights_are_used() -> None:
    """A document whose settings give 产出 60 and 效益 20: the clean 分值 no longer fit."""
    doc = evaluate_document()
    doc.scoring.weights["产出指标"] = D(60)
    doc.scoring.weights["效益指标"] = D(20)
    rules = {f.rule for f in check_document(doc)}
    assert "JX713" in rules


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(later=True))
def test_any_document_in_any_phase_can_be_checked(doc: Document) -> None:
    """Random later fields (odd units, negative 分值, words in the wrong place) never break a
    rule, every finding has a known field and row, and check_project agrees with the whole."""
    findings = check_document(doc)
    for f in findings:
        assert f.field in FIELDS and f.message
        if f.rule.startswith("JX7"):
            assert doc.phase is not Phase.TARGET
        if f.indicator_row is not None:
            project = next(p for p in doc.projects if p.id == f.project_id)
            assert 1 <= f.indicator_row <= len(project.indicators)
    for project in doc.projects:
        assert check_project(doc, project) == [f for f in findings if f.project_id == project.id]


def test_titles_fit_the_rules_listing_at_80_columns() -> None:
    """`jixiao rules` prints 编号  级别  类别  规则 on one line of an 80-column terminal."""
    import unicodedata

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    for rule_id in FAILING:
        rule = RULES[rule_id]
        line = f"{rule.id}  {rule.severity.label}  {rule.family}  {rule.title}"
        assert width(line) <= 80, line


def test_a_finding_can_be_marked_checked_until_its_cell_changes() -> None:
    """已核实 works on these findings like on the others: by rule, place and the cell's text."""
    from model.dismissals import dismiss, split

    doc = evaluate_document()
    doc.projects[0].indicators[3].score = D(12)
    found = [f for f in check_document(doc) if f.rule == "JX716"]
    checked, _ = dismiss(doc, found, "加分项经批准", "王会计", "2026-12-07T09:00:00+08:00")
    active, dismissed = split(checked, check_document(checked))
    assert "JX716" not in {f.rule for f in active}
    assert [f.rule for f, _ in dismissed] == ["JX716"]
    checked.projects[0].indicators[3].score = D(11)
    active, dismissed = split(checked, check_document(checked))
    assert [f.rule for f in active if f.rule.startswith("JX7")] == ["JX716"] and not dismissed
