"""model.fields: the one list of fields covers the entities and reads every heading it names."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model import AmountError, Document, Indicator, Project, SpendingPlan
from model import fields as F
from model.entities import field_names


@pytest.mark.parametrize(
    ("cls", "entity", "skip"),
    [
        (Indicator, F.Entity.INDICATOR, {"id", "extra"}),
        (Project, F.Entity.PROJECT, {"id", "extra", "indicators", "plan"}),
        (SpendingPlan, F.Entity.PLAN, set()),
        (
            Document,
            F.Entity.DOCUMENT,
            {"part1", "projects", "extra", "allow_sustainable", "layout"},
        ),
    ],
)
def test_every_attribute_has_one_field(cls, entity, skip) -> None:
    listed = [f.attr for f in F.fields_of(entity)]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(field_names(cls)) - skip


def test_no_heading_means_two_fields_of_one_entity() -> None:
    for entity in F.Entity:
        seen: dict[str, str] = {}
        for f in F.fields_of(entity):
            for name in f.names():
                key = F.compact(name)
                assert seen.setdefault(key, f.attr) == f.attr, (entity, name)


@pytest.mark.parametrize(
    ("heading", "attr"),
    [
        ("指标值", "value"),
        ("目标值", "value"),
        ("绩 效 指 标 描 述", "description"),
        ("指标描述", "description"),
        ("确定依据", "basis"),
        ("权重(分值)", "weight"),
        ("上年值", "previous_value"),
        ("一级", "level1"),
    ],
)
def test_indicator_headings(heading: str, attr: str) -> None:
    found = F.by_label(heading, F.INDICATOR_FIELDS)
    assert found is not None and found.attr == attr


def test_project_headings() -> None:
    assert F.by_label("其中:财政资金").attr == "fiscal"
    assert F.by_label("财政资金").attr == "fiscal"
    assert F.by_label("12月底").path == "plan"
    assert F.by_label("年度绩效目标") is F.GOALS
    assert F.by_label("没有这一栏") is None


def test_text_round_trip_keeps_digits_as_written() -> None:
    project = Project(budget=Decimal("11.00"), goals=["1.一", "2.二"])
    budget = F.project_field("budget")
    assert budget.text(project) == "11.00"
    budget.set_text(project, "5")
    assert project.budget == Decimal("5") and budget.text(project) == "5"
    budget.set_text(project, "")
    assert project.budget is None  # blank is not 0
    F.GOALS.set_text(project, "1.一\n\n 2.二 ")
    assert project.goals == ["1.一", "2.二"]
    dec = F.by_label("12月底")
    dec.set_text(project, "8.00")
    assert project.plan.dec == Decimal("8.00") and dec.text(project) == "8.00"


def test_bad_amount_names_the_field() -> None:
    with pytest.raises(AmountError, match="权重"):
        F.indicator_field("weight").set_text(Indicator(), "abc")


def test_word_and_more_split_the_indicator_fields() -> None:
    assert [f.label for f in F.WORD_INDICATOR_FIELDS] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "指标值",
        "指标值确定依据",
    ]
    assert [f.attr for f in F.MORE_INDICATOR_FIELDS] == ["previous_value", "formula", "weight"]


def test_year_field() -> None:
    doc = Document()
    year = F.field("document", "year")
    year.set_text(doc, "2024")
    assert doc.year == 2024 and year.text(doc) == "2024"
    with pytest.raises(Exception, match="四位数字"):
        year.set_text(doc, "24")
