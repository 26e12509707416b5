"""model.scoring: 分值, 得分, 预算执行率, 总分 and grade as 财预〔2020〕10号 computes them.

Table-driven: each case names what it covers. One whole project is worked by hand in the
comments of test_a_whole_project_worked_by_hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import Document, Indicator, Profile, Project, Scoring
from model.attainment import Outcome
from model.scoring import (
    band_of,
    effective_weights,
    explain,
    grade_of,
    level1_weights,
    rate_percent,
    round2,
    score_document,
    score_project,
)

D = Decimal
OUT, EFF, SAT = "产出指标", "效益指标", "满意度指标"


def _ind(level1: str = OUT, value: str = "", actual: str = "", **kw: object) -> Indicator:
    return Indicator(level1, kw.pop("level2", "数量指标"), kw.pop("name", "指标"), "", value,
                     actual=actual, **kw)  # type: ignore[arg-type]  # fmt: skip


def _project(*indicators: Indicator, **kw: object) -> Project:
    kw.setdefault("budget", D("100"))
    kw.setdefault("executed", D("100"))
    return Project(code="P1", name="项目", indicators=list(indicators), **kw)  # type: ignore[arg-type]


def _doc(*projects: Project, **kw: object) -> Document:
    return Document(dept_code="903001", year=2023, projects=list(projects), **kw)  # type: ignore[arg-type]


def _one(ind: Indicator, **kw: object):
    """The score of one indicator in a project that has all three 一级s (no weight moves)."""
    project = _project(ind, _ind(EFF, "≥1人", "1人"), _ind(SAT, "≥90%", "95%"), **kw)
    return score_project(_doc(project), project).indicators[0]


# -- quantitative: 分值 × min(实际/目标, 1) or the negative formula ------------------------------

QUANTITATIVE = [
    # (case, 指标值, 实际完成值, 分值, 得分)
    ("positive, short of the target", "≥100人", "95人", "10", "9.50"),
    ("positive, above the target: capped", "≥100人", "120人", "10", "10.00"),
    ("positive, > comparator", ">100人", "50人", "10", "5.00"),
    ("negative, within the ceiling", "≤1200元", "1000元", "10", "10.00"),
    ("negative, over the ceiling: 目标/实际", "≤1200元", "1500元", "10", "8.00"),
    ("negative, < comparator", "<5%", "10%", "10", "5.00"),
    ("equal (=) counts as positive", "=100%", "98%", "10", "9.80"),
    ("equal, reached", "=100%", "100%", "10", "10.00"),
    ("no comparator counts as positive", "50台", "40台", "10", "8.00"),
    ("zero target, positive: any actual ≥ 0 reaches it", "≥0件", "0件", "10", "10.00"),
    ("zero target, negative, met", "≤0起", "0起", "10", "10.00"),
    ("zero target, negative, missed: 0", "≤0起", "2起", "10", "0.00"),
    ("unit conversion: 元 actual of a 万元 ceiling", "≤10万元", "95000元", "10", "10.00"),
    ("unit conversion: 元 actual of a 万元 floor", "≥10万元", "50000元", "10", "5.00"),
    ("unit conversion: 万元 actual of a 元 floor", "≥100000元", "5万元", "10", "5.00"),
    ("bare actual takes the target's unit", "≥100人", "80", "10", "8.00"),
    ("% and 百分比 are one unit", "≥90%", "45百分比", "10", "5.00"),
    ("half-up rounding: 7 × 0.335 = 2.345 → 2.35", "≥100人", "33.5人", "7", "2.35"),
    ("half-up rounding: 4.69 × 0.5 = 2.345 → 2.35", "≥2次", "1次", "4.69", "2.35"),
    ("half-down below 5: 16.67 × 2/3 = 11.1133… → 11.11", "≥3个", "2个", "16.67", "11.11"),
    ("repeating ratio: 10 × 1200/1300 = 9.2307… → 9.23", "≤1200元", "1300元", "10", "9.23"),
]


@pytest.mark.parametrize(
    ("target", "actual", "weight", "expected"),
    [c[1:] for c in QUANTITATIVE],
    ids=[c[0] for c in QUANTITATIVE],
)
def test_quantitative_scores(target: str, actual: str, weight: str, expected: str) -> None:
    s = _one(_ind(value=target, actual=actual, score_weight=D(weight)))
    assert s.attainment.outcome is Outcome.COMPARED
    assert s.weight == D(weight) and s.weight_source == "entered"
    assert s.score is not None and str(s.score) == expected
    assert s.reason == ""


NOT_SCORED = [
    # (case, 指标值, 实际完成值, outcome, words the reason must hold)
    ("actual missing", "≥100人", "", Outcome.NO_ACTUAL, "实际完成值未填写"),
    ("actual not a number", "≥100人", "较好", Outcome.UNREADABLE, "不是数值"),
    ("unit mismatch: 人 vs 台", "≥100人", "80台", Outcome.UNIT_MISMATCH, "无法折算"),
    ("unit mismatch: money vs count", "≤10万元", "3个", Outcome.UNIT_MISMATCH, "不一致"),
    ("target blank", "", "5人", Outcome.NO_TARGET, "指标值为空"),
]


@pytest.mark.parametrize(
    ("target", "actual", "outcome", "words"),
    [c[1:] for c in NOT_SCORED],
    ids=[c[0] for c in NOT_SCORED],
)
def test_no_score_with_the_reason(target: str, actual: str, outcome: Outcome, words: str) -> None:
    s = _one(_ind(value=target, actual=actual, score_weight=D("10")))
    assert s.score is None
    assert s.attainment.outcome is outcome
    assert words in s.reason
    assert "本行不计得分" in s.steps


def test_an_entered_score_on_a_quantitative_indicator_is_not_used() -> None:
    s = _one(_ind(value="≥100人", actual="50人", score_weight=D("10"), score=D("10")))
    assert s.score == D("5.00")
    assert any("不采用" in step for step in s.steps)


# -- 定性 and 时限: the entered 得分 and its band ---------------------------------------------------

QUALITATIVE = [
    # (case, 指标值, 完成程度, 所填得分, 得分, band)
    ("定性 达成, inside 80–100 %", "村民生活环境明显改善", "达成", "9", "9.00", ("8.0", "10")),
    ("定性 部分达成, inside 60–80 %", "明显改善", "部分达成", "7", "7.00", ("6.0", "8.0")),
    ("定性 未达成, inside 0–60 %", "明显改善", "未达成", "3", "3.00", ("0", "6.0")),
    ("时限 达成", "12月底前", "达成", "10", "10.00", ("8.0", "10")),
    (
        "band edges are inside: 部分达成 at 80 %",
        "10月底前",
        "部分达成",
        "8",
        "8.00",
        ("6.0", "8.0"),
    ),
    ("outside the band: still used", "明显改善", "达成", "5", "5.00", ("8.0", "10")),
    ("no 完成程度: used, no band", "明显改善", "", "6", "6.00", None),
    ("entered score rounded half-up", "明显改善", "达成", "8.345", "8.35", ("8.0", "10")),
]


@pytest.mark.parametrize(
    ("target", "achievement", "entered", "expected", "band"),
    [c[1:] for c in QUALITATIVE],
    ids=[c[0] for c in QUALITATIVE],
)
def test_entered_scores_and_bands(
    target: str,
    achievement: str,
    entered: str,
    expected: str,
    band: tuple[str, str] | None,
) -> None:
    ind = _ind(value=target, actual="已完成", score_weight=D("10"), achievement=achievement,
               score=D(entered))  # fmt: skip
    s = _one(ind)
    assert s.attainment.outcome is Outcome.ENTERED
    assert s.score is not None and str(s.score) == expected
    assert s.band == (None if band is None else (D(band[0]), D(band[1])))
    outside = s.band is not None and not s.band[0] <= s.score <= s.band[1]
    assert any("不在该区间内" in step for step in s.steps) is outside


def test_an_entered_indicator_without_a_score_is_not_scored() -> None:
    s = _one(_ind(value="明显改善", actual="有改善", score_weight=D("10"), achievement="达成"))
    assert s.score is None and "得分未填写" in s.reason
    assert s.band == (D("8.0"), D("10"))


@pytest.mark.parametrize(
    ("achievement", "weight", "band"),
    [
        ("达成", "10", ("8", "10")),
        ("部分达成", "10", ("6", "8")),
        ("未达成", "10", ("0", "6")),
        (" 达成 ", "16.67", ("13.336", "16.67")),
        ("", "10", None),
        ("好", "10", None),
    ],
)
def test_band_of(achievement: str, weight: str, band: tuple[str, str] | None) -> None:
    expected = None if band is None else (D(band[0]), D(band[1]))
    assert band_of(achievement, D(weight)) == expected


# -- 分值: entered, split, moved, none ------------------------------------------------------------


def _weights(*indicators: Indicator, **kw: object) -> list[tuple[Decimal | None, str]]:
    project = _project(*indicators)
    found = effective_weights(_doc(project, **kw), project)
    return [found[i.id] for i in project.indicators]


def _s(*values: str) -> list[tuple[Decimal, str]]:
    return [(D(v), "split") for v in values]


WEIGHTS = [
    # (case, indicators, expected 分值 per row)
    (
        "equal split with the remainder on the last: 50 over 3",
        [_ind(OUT), _ind(OUT), _ind(OUT), _ind(EFF), _ind(SAT)],
        _s("16.67", "16.67", "16.66", "30", "10"),
    ),
    (
        "remainder upwards: 10 over 3",
        [_ind(OUT), _ind(EFF), _ind(SAT), _ind(SAT), _ind(SAT)],
        _s("50", "30", "3.33", "3.33", "3.34"),
    ),
    (
        "no 满意度: its 10 go to 产出 and 效益 at 50:30",
        [_ind(OUT), _ind(EFF)],
        _s("56.25", "33.75"),
    ),
    (
        "no 满意度, then split: 56.25 over 3, 33.75 over 2",
        [_ind(OUT), _ind(OUT), _ind(OUT), _ind(EFF), _ind(EFF)],
        _s("18.75", "18.75", "18.75", "16.88", "16.87"),
    ),
    (
        "no 效益 and no 满意度: 产出 takes all 90",
        [_ind(OUT), _ind(OUT)],
        _s("45", "45"),
    ),
    (
        "2021: 成本指标 as a 一级 shares the 产出 weight",
        [_ind(OUT), _ind("成本指标"), _ind(OUT), _ind("成本指标"), _ind(EFF), _ind(SAT)],
        _s("12.5", "12.5", "12.5", "12.5", "30", "10"),
    ),
    (
        "a synonym (产出, 满意度) counts as the 一级",
        [_ind("产出"), _ind(EFF), _ind("满意度")],
        _s("50", "30", "10"),
    ),
]


@pytest.mark.parametrize(
    ("indicators", "expected"), [c[1:] for c in WEIGHTS], ids=[c[0] for c in WEIGHTS]
)
def test_split_weights(indicators: list[Indicator], expected: list[tuple[Decimal, str]]) -> None:
    assert _weights(*indicators) == expected
    # an exact sum over each project: the 90 of the three 一级s (or 100 with 预算执行率)
    assert sum(w for w, _ in _weights(*indicators) if w is not None) == D(90)


def test_level1_weights_after_the_move() -> None:
    project = _project(_ind(OUT), _ind("成本指标"), _ind(EFF))
    assert level1_weights(_doc(project), project) == {OUT: D("56.25"), EFF: D("33.75"), SAT: 0}
    project = _project(_ind(OUT), _ind(EFF), _ind("满意度"))
    assert level1_weights(_doc(project), project) == {OUT: 50, EFF: 30, SAT: 10}


def test_partly_filled_weights_split_what_is_left() -> None:
    # 产出 50: 20 entered, the other 30 over the two blank ones; 效益 30 with 12 entered: 18 left.
    got = _weights(
        _ind(OUT, score_weight=D("20")), _ind(OUT), _ind(OUT),
        _ind(EFF), _ind(EFF, score_weight=D("12")), _ind(SAT),
    )  # fmt: skip
    assert got == [
        (D("20"), "entered"), (D("15"), "split"), (D("15"), "split"),
        (D("18"), "split"), (D("12"), "entered"), (D("10"), "split"),
    ]  # fmt: skip


def test_entered_weights_beyond_the_level1_leave_zero_for_the_blank() -> None:
    project = _project(
        _ind(OUT, score_weight=D("40")),
        _ind(OUT, score_weight=D("20")),
        _ind(OUT, value="≥1人", actual="1人"),
        _ind(EFF),
        _ind(SAT),
    )
    s = score_project(_doc(project), project).indicators[2]
    assert (s.weight, s.weight_source, s.score) == (D(0), "split", D("0.00"))
    assert "超过" in s.steps[0]


def test_all_entered_weights_are_used_as_they_are() -> None:
    assert _weights(_ind(OUT, score_weight=D("60")), _ind(EFF, score_weight=D("5"))) == [
        (D("60"), "entered"),
        (D("5"), "entered"),
    ]
    # the steps say when a 一级's entered 分值 do not add up to its weight
    project = _project(_ind(OUT, score_weight=D("50")), _ind(EFF, score_weight=D("20")),
                       _ind(SAT, score_weight=D("10")))  # fmt: skip
    steps = score_project(_doc(project), project).steps
    assert [s for s in steps if "不等" in s] == [
        "效益指标的分值都已填写，合计 20，与该一级的权重 30 不等（按所填计分，检查时会提示）"
    ]


@pytest.mark.parametrize(
    ("level1", "words"),
    [
        ("投入指标", "不是评分设置中的一级指标"),
        ("", "一级指标未填写"),
        ("预算执行率", "单独计分"),
    ],
)
def test_unknown_level1_has_no_weight(level1: str, words: str) -> None:
    project = _project(_ind(level1, "≥1人", "1人"), _ind(OUT), _ind(EFF), _ind(SAT))
    ps = score_project(_doc(project), project)
    s = ps.indicators[0]
    assert (s.weight, s.weight_source, s.score) == (None, "none", None)
    assert words in s.reason
    assert not ps.complete and ps.grade is None
    # the other rows still share their 一级s' whole weights
    assert [i.weight for i in ps.indicators[1:]] == [D(50), D(30), D(10)]


def test_document_weights_are_the_documents_own() -> None:
    scoring = Scoring(weights={OUT: D(60), EFF: D(20), SAT: D(10), "预算执行率": D(10)})
    assert _weights(_ind(OUT), _ind(EFF), _ind(SAT), scoring=scoring) == _s("60", "20", "10")
    # a document that gives 成本指标 its own weight scores it by that
    scoring = Scoring(weights={OUT: D(40), "成本指标": D(10), EFF: D(30), SAT: D(10)})
    assert _weights(_ind(OUT), _ind("成本指标"), _ind(EFF), _ind(SAT), scoring=scoring) == _s(
        "40", "10", "30", "10"
    )


# -- 预算执行率 ------------------------------------------------------------------------------------

EXECUTION = [
    # (case, 预算数, 全年预算数, 全年执行数, 执行率 %, 得分)
    ("95 %", "100", None, "95", "95.00", "9.50"),
    ("above 100 % counts as 100 %", "100", None, "110", "110.00", "10.00"),
    ("全年预算数 is used over 预算数", "100", "120", "90", "75.00", "7.50"),
    ("repeating: 2/3", "3", None, "2", "66.67", "6.67"),
    ("half-up: 0.5345 → 5.35 (not 5.34)", "2", None, "1.069", "53.45", "5.35"),
    ("nothing spent", "100", None, "0", "0.00", "0.00"),
    ("执行数 blank", "100", None, None, None, None),
    ("budget blank", None, None, "5", None, None),
    ("budget 0", "0", None, "5", None, None),
]


@pytest.mark.parametrize(
    ("budget", "annual", "executed", "percent", "score"),
    [c[1:] for c in EXECUTION],
    ids=[c[0] for c in EXECUTION],
)
def test_execution_rate(
    budget: str | None,
    annual: str | None,
    executed: str | None,
    percent: str | None,
    score: str | None,
) -> None:
    def dec(text: str | None) -> Decimal | None:
        return None if text is None else D(text)

    project = _project(
        _ind(OUT, "≥1人", "1人"),
        budget=dec(budget),
        annual_budget=dec(annual),
        executed=dec(executed),
    )
    ps = score_project(_doc(project), project)
    assert ps.execution_weight == D(10)
    got = rate_percent(ps.execution_rate)
    assert (None if got is None else str(got)) == percent
    assert (None if ps.execution_score is None else str(ps.execution_score)) == score
    assert ps.complete is (score is not None)


# -- 总分 and grade ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("90.00", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grades_at_the_band_edges(total: str, grade: str) -> None:
    assert grade_of(D(total), Scoring()) == grade


def test_grades_follow_the_documents_bands() -> None:
    bands = Scoring(bands={"良": D(70), "优": D(85)})  # any order; no 中
    assert [grade_of(D(t), bands) for t in ("85", "84.99", "70", "69.99")] == [
        "优", "良", "良", "差",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.345", "2.35"), ("2.344", "2.34"), ("2.355", "2.36"), ("0.005", "0.01"), ("7", "7.00")],
)
def test_round2_is_half_up(value: str, expected: str) -> None:
    assert str(round2(D(value))) == expected


def test_an_incomplete_project_sums_what_there_is_and_has_no_grade() -> None:
    project = _project(
        _ind(OUT, "≥100人", "100人"),
        _ind(EFF, "≥10个", ""),  # not filled yet
        _ind(SAT, "≥90%", "90%"),
    )
    ps = score_project(_doc(project), project)
    assert [s.score for s in ps.indicators] == [D("50.00"), None, D("10.00")]
    assert ps.total == D("70.00")  # 50 + 10 + 10 (预算执行率 100 %)
    assert (ps.complete, ps.grade) == (False, None)
    assert "第2行未计分" in ps.total_steps[-1]


def test_a_project_without_indicators_is_not_graded() -> None:
    project = _project()
    ps = score_project(_doc(project), project)
    assert (ps.total, ps.complete, ps.grade) == (D("10.00"), False, None)


def test_the_document_average_needs_every_project_complete() -> None:
    full = _project(
        _ind(OUT, "≥100人", "100人"), _ind(EFF, "≥1个", "1个"), _ind(SAT, "≥90%", "90%")
    )
    half = _project(_ind(OUT, "≥100人", "50人"), _ind(EFF, "≥1个", "1个"), _ind(SAT, "≥90%", "90%"))
    ds = score_document(_doc(full, half))
    assert [p.total for p in ds.projects] == [D("100.00"), D("75.00")]
    assert (ds.average, ds.grade, ds.complete) == (D("87.50"), "良", True)
    missing = _project(_ind(OUT, "≥100人", ""))
    ds = score_document(_doc(full, missing))
    assert (ds.average, ds.grade, ds.complete) == (None, None, False)
    assert score_document(_doc()).average is None


# -- one whole project, by hand -------------------------------------------------------------------


def test_a_whole_project_worked_by_hand() -> None:
    # 村道维修 (2021 profile: 成本指标 is a 一级). 预算数 100, 全年预算数 80, 全年执行数 76.
    # No 分值 entered; no 满意度 indicator.
    #
    # 一级 weights: 产出 50, 效益 30, 满意度 10, 预算执行率 10. No 满意度 here, so its 10 go to
    # 产出 and 效益 at 50:30: 产出 gets 10 × 50/80 = 6.25, 效益 the rest, 10 − 6.25 = 3.75
    # (= 10 × 30/80): 产出 50 + 6.25 = 56.25, 效益 30 + 3.75 = 33.75.
    # 产出 has four indicators (成本 counts with 产出): 56.25 / 4 = 14.0625 → 14.06 for rows 1–3,
    # row 4 takes the rest: 56.25 − 3 × 14.06 = 56.25 − 42.18 = 14.07.
    # 效益 has two: 33.75 / 2 = 16.875 → 16.88 (half-up) for row 5, row 6: 33.75 − 16.88 = 16.87.
    #
    # row 1 维修道路 ≥3公里, actual 2.5公里: positive, 14.06 × 2.5/3 = 11.716666… → 11.72
    # row 2 验收合格率 ≥95%, actual 100%: met, 14.06 × 1 = 14.06
    # row 3 完工时间 10月底前 (时限), 部分达成, 得分 entered 11: band 60–80 % of 14.06 =
    #       8.436–11.248, 11 is inside → 11.00
    # row 4 维修成本 ≤80万元, actual 850000元 = 85万元: over the ceiling, 14.07 × 80/85 =
    #       1125.6/85 = 13.242352… → 13.24
    # row 5 受益群众 ≥2000人, actual 2100人: met → 16.88
    # row 6 使用年限 ≥5年, actual 4年: 16.87 × 4/5 = 13.496 → 13.50
    # 预算执行率 = 76 / 80 = 0.95 = 95.00 %; score 10 × 0.95 = 9.50
    # 总分 = 11.72 + 14.06 + 11.00 + 13.24 + 16.88 + 13.50 + 9.50 = 89.90 → 良 (80 ≤ 89.90 < 90)
    project = Project(
        code="P9",
        name="村道维修",
        budget=D("100"),
        annual_budget=D("80"),
        executed=D("76"),
        indicators=[
            Indicator(OUT, "数量指标", "维修道路", "", "≥3公里", actual="2.5公里"),
            Indicator(OUT, "质量指标", "验收合格率", "", "≥95%", actual="100%"),
            Indicator(
                OUT,
                "时效指标",
                "完工时间",
                "",
                "10月底前",
                actual="11月完工",
                achievement="部分达成",
                score=D("11"),
            ),  # fmt: skip
            Indicator("成本指标", "经济成本指标", "维修成本", "", "≤80万元", actual="850000元"),
            Indicator(EFF, "社会效益指标", "受益群众", "", "≥2000人", actual="2100人"),
            Indicator(EFF, "可持续影响指标", "使用年限", "", "≥5年", actual="4年"),
        ],
    )
    doc = _doc(project, profile=Profile.GUIDANCE_2021)
    ps = score_project(doc, project)
    assert [s.weight for s in ps.indicators] == [
        D("14.06"), D("14.06"), D("14.06"), D("14.07"), D("16.88"), D("16.87"),
    ]  # fmt: skip
    assert [s.score for s in ps.indicators] == [
        D("11.72"), D("14.06"), D("11.00"), D("13.24"), D("16.88"), D("13.50"),
    ]  # fmt: skip
    assert ps.indicators[2].band == (D("8.436"), D("11.248"))
    assert (ps.execution_rate, ps.execution_score) == (D("0.95"), D("9.50"))
    assert (ps.total, ps.grade, ps.complete) == (D("89.90"), "良", True)
    lines = explain(ps)
    assert "满意度指标，其权重 10 按 产出指标、效益指标 的权重之比 50:30" in "\n".join(lines)
    assert "  得分 = 分值 14.06 × 实际 2.5 ÷ 目标 3 = 11.716666…，四舍五入为 11.72" in lines
    assert "  实际完成值 850000元 折合 85万元；反向指标：目标 80 ÷ 实际 85" in lines
    assert (
        "  分值 14.07：产出指标权重 56.25，由 4 个未填分值的指标平分，前 3 个各 14.06，"
        "本行为最后一个，取余下的 56.25 − 14.06 × 3 = 14.07"
    ) in lines
    assert "  预算执行率 = 全年执行数 76 ÷ 全年预算数 80 = 95.00%" in lines
    assert "  总分 = 11.72 + 14.06 + 11.00 + 13.24 + 16.88 + 13.50 + 9.50 = 89.90" in lines
    assert "  等级：良（80 ≤ 总分 < 90）" in lines


# -- property: all met and 执行率 100 % → 总分 100 ----------------------------------------------------

_MET = [  # (指标值, an actual that meets it)
    ("≥100人", "100人"),
    ("≥100人", "130人"),
    ("≤1200元", "1000元"),
    ("≤10万元", "95000元"),
    ("=100%", "100%"),
    ("50台", "50"),
    ("≤0起", "0起"),
]


@st.composite
def _met_projects(draw: st.DrawFn) -> Document:
    level1s = st.sampled_from([OUT, EFF, SAT, "成本指标", "产出", "满意度"])
    rows = draw(st.lists(st.tuples(level1s, st.integers(0, len(_MET))), min_size=1, max_size=30))
    indicators = []
    for level1, kind in rows:
        if kind == len(_MET):  # 定性: 达成, its full 分值 entered below
            indicators.append(_ind(level1, "明显改善", "已改善", achievement="达成"))
        else:
            indicators.append(_ind(level1, *_MET[kind]))
    weights = draw(st.lists(st.integers(1, 30), min_size=3, max_size=3))
    scoring = Scoring(
        weights={
            OUT: D(weights[0]),
            EFF: D(weights[1]),
            SAT: D(weights[2]),
            "预算执行率": D(100 - sum(weights)),
        }  # fmt: skip
    )
    budget = D(draw(st.integers(1, 10**6)))
    project = _project(*indicators, budget=budget, executed=budget)
    doc = _doc(project, scoring=scoring)
    for ind in project.indicators:
        if ind.achievement:
            ind.score = effective_weights(doc, project)[ind.id][0]
    return doc


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_met_projects())
def test_all_targets_met_and_all_spent_scores_100(doc: Document) -> None:
    ps = score_project(doc, doc.projects[0])
    assert ps.complete
    assert ps.total == D(100)
    assert ps.grade == "优"


_ANY_ROW = st.tuples(
    st.sampled_from([OUT, EFF, SAT, "成本指标", "满意度", "投入指标", "", "预算执行率"]),
    st.sampled_from(["≥100人", "≤10万元", "=100%", "明显改善", "12月底前", "", "50台"]),
    st.sampled_from(["", "80人", "120000元", "95%", "较好", "50", "3台"]),
    st.sampled_from([None, "5", "12.5", "0"]),  # 分值
    st.sampled_from(["", "达成", "部分达成", "未达成", "好"]),
    st.sampled_from([None, "7", "8.345"]),  # 得分 as entered
)


@st.composite
def _any_projects(draw: st.DrawFn) -> Document:
    rows = draw(st.lists(_ANY_ROW, max_size=15))
    indicators = [
        _ind(
            level1,
            value,
            actual,
            score_weight=None if w is None else D(w),
            achievement=achievement,
            score=None if s is None else D(s),
        )  # fmt: skip
        for level1, value, actual, w, achievement, s in rows
    ]
    money = st.sampled_from([None, D(0), D("80"), D("100.00")])
    project = _project(*indicators, budget=draw(money), annual_budget=draw(money),
                       executed=draw(money))  # fmt: skip
    return _doc(project)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_any_projects())
def test_without_steps_the_numbers_are_the_same(doc: Document) -> None:
    project = doc.projects[0]
    full, quick = score_project(doc, project), score_project(doc, project, explained=False)
    assert [(s.weight, s.weight_source, s.score, s.band, s.reason) for s in quick.indicators] == [
        (s.weight, s.weight_source, s.score, s.band, s.reason) for s in full.indicators
    ]
    numbers = ("execution_rate", "execution_score", "total", "grade", "complete")
    assert [getattr(quick, n) for n in numbers] == [getattr(full, n) for n in numbers]
    assert all(s.steps for s in full.indicators) and not any(s.steps for s in quick.indicators)
    assert quick.steps == () and full.steps
    if not full.complete:  # the reason it has no grade is kept
        assert quick.total_steps[-1] == full.total_steps[-1]
    if full.execution_rate is None:
        assert quick.execution_steps == full.execution_steps
    # every step is a whole sentence, never a Python repr
    assert not any("Decimal(" in step or "None" in step for step in explain(full))
