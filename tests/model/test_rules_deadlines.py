"""Deadlines as clerks write them raise no false alarm (issue 16 item 1), and JX205 still
checks the year of those that name one."""

from __future__ import annotations

import pytest

from model.rules import check_document
from tests.model.rules_helpers import clean_document
from tests.model.test_values import DEADLINES

SPELLINGS = sorted(
    {*DEADLINES, "30个工作日内", "15天内", "3个月以内", "2023年12月31日前"} - {"2023-06"}
    # 2023-06 is a good deadline, but not for work the plan spends until 12月底 — left out so
    # a plan-against-deadline rule may speak about it.
)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_timeliness_row_in_each_spelling_gets_no_finding(spelling: str) -> None:
    doc = clean_document()
    project = doc.projects[0]
    (row,) = [n for n, i in enumerate(project.indicators, 1) if i.level2 == "时效指标"]
    project.indicators[row - 1].value = spelling
    # JX314 compares the plan (spent until 12月底) with the work's deadline: for 上半年 or 第2季度
    # it rightly speaks — about the plan, not about how the deadline is spelled.
    # JX609 (a hint with a quick fix) asks for half-width digits in １２月底前: text hygiene, not
    # a doubt about the deadline, which is read correctly.
    found = [(f.rule, f.message) for f in check_document(doc) if f.rule not in ("JX314", "JX609")]
    assert found == []


def test_a_document_with_every_spelling_at_once_is_clean() -> None:
    """One project whose 时效 rows use the spellings side by side."""
    doc = clean_document()
    project = doc.projects[0]
    template = next(i for i in project.indicators if i.level2 == "时效指标")
    at = project.indicators.index(template)
    from dataclasses import replace

    rows = [
        replace(template, name=f"第{n}段工程完工时间", value=s, id=f"t{n}")
        for n, s in enumerate(SPELLINGS, 1)
    ]
    project.indicators[at : at + 1] = rows
    time_rules = {"JX201", "JX204", "JX205", "JX214", "JX215"}
    assert [f for f in check_document(doc) if f.rule in time_rules] == []


@pytest.mark.parametrize(
    "spelling",
    ["2022年底前", "2022-12-31", "2022.12.31", "2024/06/30", "2022年12月31日前", "2022年"],
)
def test_a_deadline_in_another_year_is_still_an_error(spelling: str) -> None:
    doc = clean_document()
    project = doc.projects[0]
    ind = next(i for i in project.indicators if i.level2 == "时效指标")
    ind.value = spelling
    assert [f.rule for f in check_document(doc)] == ["JX205"]


@pytest.mark.parametrize("spelling", ["2023-13-01", "2023年13月底"])
def test_an_impossible_date_is_unreadable(spelling: str) -> None:
    doc = clean_document()
    ind = next(i for i in doc.projects[0].indicators if i.level2 == "时效指标")
    ind.value = spelling
    assert "JX201" in [f.rule for f in check_document(doc)]
