"""What can be measured (issue 16, families 4–8): the behaviour behind the one-line cases in
tests/model/cases_measurable.py — ties named on both sides, no double reports with the older
rules, Part 1 findings placed in their 分项, messages that quote briefly."""

from __future__ import annotations

import pytest

from model import Document
from model.rules import check_document
from model.rules.vocab import known_rate
from tests.model.cases_measurable import _tie
from tests.model.rules_helpers import clean_document


def _hits(doc: Document, rule: str) -> list:
    return [f for f in check_document(doc) if f.rule == rule]


def _row(doc: Document, project: int, n: int):
    return doc.projects[project].indicators[n - 1]


def test_a_tie_names_both_level2s_on_every_row_and_jx112_stays_silent() -> None:
    doc = clean_document()
    _tie(doc)
    hits = _hits(doc, "JX114")
    assert len(hits) == 4
    for f in hits:
        assert "“社会效益指标”" in f.message and "“可持续影响指标”" in f.message
        assert "各有 2 处" in f.message and "这里是" not in f.message
    assert not _hits(doc, "JX112")


def test_a_row_outside_the_tie_says_where_it_stands() -> None:
    doc = clean_document()
    _tie(doc)
    _row(doc, 2, 2).name, _row(doc, 2, 2).level2 = "群众获得感", "经济效益指标"
    _row(doc, 2, 2).level1 = "效益指标"
    (odd,) = [f for f in _hits(doc, "JX114") if f.indicator_row == 2]
    assert "这里是“经济效益指标”" in odd.message


def test_a_majority_is_jx112s_not_a_tie() -> None:
    doc = clean_document()
    _tie(doc)
    _row(doc, 0, 8).level2 = "社会效益指标"  # now 3 社会效益 against 1
    assert not _hits(doc, "JX114")
    assert [f.indicator_row for f in _hits(doc, "JX112")] == [5]


def test_office_efficiency_is_jx218s_alone() -> None:
    doc = clean_document()
    row = _row(doc, 1, 5)
    row.name, row.description, row.value = (
        "办公效率提高比例",
        "工资发放后办公效率提高的比率",
        "≥50%",
    )
    rules = {
        f.rule
        for f in check_document(doc)
        if f.indicator_row == 5 and f.project_code == doc.projects[1].code
    }
    assert rules == {"JX218"}


def test_a_change_without_baseline_is_reported_once() -> None:
    doc = clean_document()
    row = _row(doc, 1, 5)
    row.name, row.description, row.value = "协理员收入提高比例", "协理员人均收入提高的比例", "≥10%"
    row.basis = "县人社局统计"
    found = [
        f.rule
        for f in check_document(doc)
        if f.indicator_row == 5 and f.project_code == doc.projects[1].code
    ]
    assert found == ["JX232"]
    row.basis = "上年人均收入 2.4万元"  # the baseline may stand in the basis
    assert not _hits(doc, "JX232")


@pytest.mark.parametrize(
    ("description", "fires"),
    [
        ("老漳河东岸占地的可持续服务率", True),  # 占地 is land, not “占…的比例”
        ("得到后续服务的被占地户数占全部被占地户数的比例", False),
        ("可持续服务率是指一年后仍在使用的设施占全部设施的比例", False),
    ],
)
def test_a_coined_rate_is_judged_by_its_description(description: str, fires: bool) -> None:
    doc = clean_document()
    row = _row(doc, 2, 5)
    row.name, row.description, row.value = "可持续服务率", description, "≥90%"
    assert bool(_hits(doc, "JX231")) is fires
    assert not _hits(doc, "JX230")  # one finding for one defect


def test_common_rates_are_known() -> None:
    assert known_rate("土地补偿发放率") and known_rate("工程验收合格率")
    assert not known_rate("可持续服务率")


def test_words_in_a_count_are_jx213s_not_jx233s() -> None:
    doc = clean_document()
    _row(doc, 0, 1).value = "道路得到保障"
    assert _hits(doc, "JX213") and not _hits(doc, "JX233")


def test_a_long_name_is_quoted_briefly() -> None:
    doc = clean_document()
    row = _row(doc, 2, 5)
    row.name = "便民服务中心" * 10 + "可持续服务率"
    row.description, row.value = "证照的服务率", "≥90%"
    (hit,) = _hits(doc, "JX231")
    assert "…" in hit.message and len(hit.message) < 120


def test_stale_phrases_name_their_item() -> None:
    doc = clean_document()
    doc.part1.items[1].measure = "新农合参合率 ≥95%；办证群众满意度 ≥90%。"
    (hit,) = _hits(doc, "JX505")
    assert (hit.part1_item, hit.field) == (2, "绩效指标")
    assert "新农合" in hit.message and "2020" in hit.message


@pytest.mark.parametrize(
    ("measure", "fires"),
    [
        ("城乡居民养老保险参保率不少于90；群众满意度 ≥90%。", True),
        ("城乡居民养老保险参保率保持在95以上。", True),
        ("参保率在2023年达到95%。", False),
        ("参保率不少于95%。", False),
    ],
)
def test_bare_targets_after_more_comparator_words(measure: str, fires: bool) -> None:
    doc = clean_document()
    doc.part1.items[0].measure = measure
    assert bool(_hits(doc, "JX503")) is fires


def test_many_slogans_are_one_finding_that_counts_them() -> None:
    doc = clean_document()
    doc.part1.items[
        0
    ].measure = (
        "党员队伍壮大；人居环境改善；意识形态工作提升；村容村貌明显改观；道路硬化面积 ≥2000平方米。"
    )
    (hit,) = _hits(doc, "JX510")
    assert hit.part1_item == 1 and "等 4 处" in hit.message
    assert "道路硬化面积" not in hit.message


def test_an_abstract_rise_over_last_year_is_still_a_slogan() -> None:
    doc = clean_document()
    doc.part1.items[0].measure = "群众幸福指数较去年同期水平提高；大气污染指数较去年同期降低。"
    (hit,) = _hits(doc, "JX510")
    assert "幸福" in hit.message and "大气" not in hit.message


def test_a_township_is_not_warned_about_its_own_slogan() -> None:
    doc = clean_document()
    doc.part1.overall.append("为建设“美丽乡村、幸福家园”提供支撑。")
    assert not _hits(doc, "JX512")
