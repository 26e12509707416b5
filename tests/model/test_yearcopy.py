"""model.yearcopy: next year's document starts from this year's, its actuals as 上年指标值."""

from __future__ import annotations

import copy
from decimal import Decimal

from hypothesis import HealthCheck, given, settings

from model import fields as F
from model.entities import Phase
from model.yearcopy import copy_to_year
from tests.doc_strategies import documents
from tests.model.test_rules_phases import evaluate_document, monitor_document

D = Decimal


def test_the_actual_becomes_next_years_previous_value_else_the_target() -> None:
    doc = evaluate_document()
    grid = doc.projects[0]
    grid.indicators[0].actual = "2150平方米"  # target ≥2000平方米
    grid.indicators[1].actual = ""  # not filled: the target is taken, as before
    grid.indicators[6].actual = "村内道路全部硬化，出行明显改善"  # a qualitative one
    new = copy_to_year(doc, 2024)
    previous = [i.previous_value for i in new.projects[0].indicators]
    assert previous[0] == "2150平方米"
    assert previous[1] == "≥40盏"
    assert previous[6] == "村内道路全部硬化，出行明显改善"
    assert [i.value for i in new.projects[0].indicators] == [i.value for i in grid.indicators]


def test_the_later_fields_are_cleared_and_the_copy_is_in_the_target_phase() -> None:
    doc = evaluate_document()
    doc.projects[0].indicators[0].deviation = "资金晚到"
    doc.projects[0].completion = "基本完成"
    doc.projects[0].annual_budget = D("55.00")
    monitored = monitor_document()
    for source in (doc, monitored):
        new = copy_to_year(source, 2024)
        assert new.phase is Phase.TARGET and new.year == 2024
        for project in new.projects:
            for f in F.LATER_FIELDS:
                owners = [project] if f in F.PROJECT_LATER_FIELDS else project.indicators
                assert all(f.is_blank(o) for o in owners), f.label
    # 分值 belongs to the targets too (权重): kept for next year's 自评
    kept = copy_to_year(doc, 2024).projects[0].indicators
    assert [i.score_weight for i in kept] == [i.score_weight for i in doc.projects[0].indicators]


def test_the_source_is_not_changed_and_ids_are_new() -> None:
    doc = evaluate_document()
    before = copy.deepcopy(doc)
    new = copy_to_year(doc, 2024, dept_code="903002")
    assert doc == before
    assert new.key == "903002/2024"
    old_ids = {x.id for p in doc.projects for x in (p, *p.indicators)}
    new_ids = {x.id for p in new.projects for x in (p, *p.indicators)}
    assert old_ids.isdisjoint(new_ids) and len(new_ids) == len(old_ids)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(later=True))
def test_any_document_copies_with_actuals_or_targets_as_previous_values(doc) -> None:
    new = copy_to_year(doc, 2100)
    for old, copied in zip(doc.projects, new.projects, strict=True):
        for i, j in zip(old.indicators, copied.indicators, strict=True):
            assert j.previous_value == (i.actual or i.value)
            assert (j.actual, j.score, j.actual_to_date, j.deviation) == ("", None, "", "")
        assert (copied.executed, copied.executed_to_date, copied.completion) == (None, None, "")
    assert new.phase is Phase.TARGET and new.scoring == doc.scoring


def test_a_placeholder_actual_is_not_carried_into_next_year() -> None:
    """实际完成值 “无” or “待定” says nothing was measured: next year's 上年指标值 is the target."""
    from model import Document, Indicator, Project
    from model.yearcopy import copy_to_year

    doc = Document(
        dept_code="A",
        year=2024,
        projects=[
            Project(
                indicators=[
                    Indicator(value="≥10个", actual="待定"),
                    Indicator(value="≥5人", actual="6人"),
                ]
            )
        ],
    )
    new = copy_to_year(doc, 2025)
    assert [i.previous_value for i in new.projects[0].indicators] == ["≥10个", "6人"]
