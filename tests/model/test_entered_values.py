"""Values normalised on commit: amounts to the document's decimals, 指标值 spelled one way, and a
unit the vocabulary does not know refused with the reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model import JixiaoError, Project
from model import fields as F
from model.amounts import document_decimals, normalise_amount
from model.entities import Indicator
from model.units import unit_problem
from model.values import entered_value, value_problem


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("≥ 90 %", "≥90%"),
        ("＞＝９０％", "≥90%"),
        ("  不低于 95 % ", "≥95%"),
        ("100 万元", "100万元"),
        ("1,000人", "1000人"),
        ("5个村", "5个村"),
        ("≥3台设备", "≥3台设备"),
        ("20元/人·月", "20元/人·月"),
        ("≤ 12月底前", "≤12月底前"),
        ("群众满意度 明显提高 ", "群众满意度 明显提高"),  # qualitative: kept as written
        ("", ""),
    ],
)
def test_a_typed_value_is_written_one_way(typed: str, kept: str) -> None:
    assert entered_value(typed) == kept


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("50台?", "含有多余的字符“?”"),
        ("50台？", "含有多余的字符“?”"),
        ("95%以上", "请写成“≥95%”"),
        ("12xyz", "不是常用单位"),
        ("3斤半", "不是常用单位"),
    ],
)
def test_a_unit_that_does_not_read_is_refused_with_the_reason(typed: str, reason: str) -> None:
    problem = value_problem(typed)
    assert problem is not None and reason in problem and typed.strip() in problem
    with pytest.raises(JixiaoError, match="指标值"):
        entered_value(typed)


def test_known_units_and_rates() -> None:
    for unit in ("%", "人次", "万人次", "平方米", "元/份", "吨/日", "个工作日", "所学校", "亩"):
        assert unit_problem(unit) is None, unit
    assert unit_problem("台?") is not None
    assert unit_problem("元/?") is not None


def test_amounts_take_the_documents_decimals() -> None:
    assert str(normalise_amount(Decimal("105.5"))) == "105.50"
    assert str(normalise_amount(Decimal("5"))) == "5.00"
    assert str(normalise_amount(Decimal("105.5"), 0)) == "105.5"  # nothing rounded away
    assert str(normalise_amount(Decimal("1.005"))) == "1.005"  # refused later, not rounded
    assert normalise_amount(None) is None
    assert document_decimals([]) == 2
    assert document_decimals([Decimal("1"), Decimal("20"), Decimal("3.50"), None]) == 0
    assert document_decimals([Decimal("1.00"), Decimal("2.5"), Decimal("3.25")]) == 2


def test_set_text_normalises_typed_amounts_and_values() -> None:
    project = Project(code="X", name="测试")
    F.project_field("budget").set_text(project, "105.5")
    assert project.budget == Decimal("105.50") and str(project.budget) == "105.50"
    assert F.project_field("budget").text(project) == "105.50"
    F.project_field("budget").set_text(project, "７", decimals=0)
    assert str(project.budget) == "7"
    ind = Indicator(name="满意度", value="≥90%")
    F.indicator_field("value").set_text(ind, "＞＝９５％")
    assert ind.value == "≥95%"
    with pytest.raises(JixiaoError, match="台\\?"):
        F.indicator_field("value").set_text(ind, "50台?")
    assert ind.value == "≥95%"  # unchanged on refusal


def test_reading_a_file_keeps_the_text_as_written() -> None:
    # Imports go through parse/read, not set_text: their text is theirs.
    assert F.indicator_field("value").read("≥ 90 %") == "≥ 90 %"
    assert str(F.project_field("budget").parse("105.5")) == "105.5"
