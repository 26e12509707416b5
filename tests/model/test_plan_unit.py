"""Document.plan_unit (资金支出计划单位): one document-level setting, carried through JSON, the
field list, the two merges and the change lines."""

from __future__ import annotations

import copy
import json

import pytest

from model import Document, JixiaoError, PlanUnit, document_from_dict, document_to_dict
from model import fields as F
from model.merge import diff_documents
from model.merge3 import merge3


def _doc(unit: PlanUnit = PlanUnit.AMOUNT) -> Document:
    return Document(dept_code="903001", dept_name="张王疃乡", year=2023, plan_unit=unit)


def test_default_is_amount_and_is_not_written() -> None:
    """Absent = amounts: a document that never chose keeps the JSON it had before the field."""
    data = document_to_dict(_doc())
    assert "plan_unit" not in data
    assert document_from_dict(data).plan_unit is PlanUnit.AMOUNT


def test_percent_is_written_after_the_other_settings_and_read_back() -> None:
    data = document_to_dict(_doc(PlanUnit.PERCENT))
    assert data["plan_unit"] == "percent"
    keys = list(data)
    assert keys.index("plan_unit") == keys.index("allow_sustainable") + 1
    back = document_from_dict(json.loads(json.dumps(data)))
    assert back.plan_unit is PlanUnit.PERCENT


def test_a_bad_plan_unit_is_one_chinese_line() -> None:
    data = document_to_dict(_doc())
    data["plan_unit"] = "yuan"
    with pytest.raises(JixiaoError) as caught:
        document_from_dict(data)
    message = str(caught.value)
    assert "\n" not in message and "plan_unit" in message and "amount 或 percent" in message


def test_the_field_reads_what_people_write() -> None:
    f = next(f for f in F.DOCUMENT_FIELDS if f.attr == "plan_unit")
    assert f.kind is F.Kind.CHOICE and f.label == "资金支出计划单位"
    for text in ("percent", "百分比", "%", "（%）", "％"):
        assert f.parse(text) is PlanUnit.PERCENT, text
    for text in ("amount", "金额", "万元", "元"):
        assert f.parse(text) is PlanUnit.AMOUNT, text
    assert f.format(PlanUnit.PERCENT) == "百分比" and f.text(_doc()) == "金额"
    assert f.read("百分比") is PlanUnit.PERCENT  # CSV/Excel cells too
    with pytest.raises(JixiaoError, match="金额”或“百分比"):
        f.parse("按季度")


def test_change_lines_name_the_setting_in_chinese() -> None:
    old, new = _doc(), _doc(PlanUnit.PERCENT)
    [change] = diff_documents(old, new)
    assert (change.field, change.old, change.new) == ("资金支出计划单位", "金额", "百分比")


def test_merge3_takes_one_sides_change_and_reports_both() -> None:
    base = _doc()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.plan_unit = PlanUnit.PERCENT
    merged = merge3(base, mine, theirs)
    assert merged.clean and merged.doc.plan_unit is PlanUnit.PERCENT
    merged = merge3(base, theirs, mine)  # theirs changed it, mine did not
    assert merged.clean and merged.doc.plan_unit is PlanUnit.PERCENT
    # both changed it differently: only possible from a third value, so change base instead
    base.plan_unit = PlanUnit.PERCENT
    mine.plan_unit, theirs.plan_unit = PlanUnit.PERCENT, PlanUnit.AMOUNT
    merged = merge3(base, mine, theirs)
    assert merged.clean and merged.doc.plan_unit is PlanUnit.AMOUNT
