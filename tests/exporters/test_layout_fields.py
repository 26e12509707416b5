"""The Word layouts and the checker agree on which columns a table has (model.layouts), and a
document in the seven-column form is checked as what it is (issue 16 item 6)."""

from __future__ import annotations

import pytest

from exporters.docx.layouts import LAYOUTS
from model.layouts import LAYOUT_FIELDS
from model.rules import check_document
from model.values import ValueKind, parse_value
from tests.exporters.test_docx_2021 import without_custom_properties
from tests.exporters.test_docx_export import sample  # noqa: F401 (fixture)
from tests.exporters.test_docx_layouts import export, read_back


@pytest.mark.parametrize("name", sorted(LAYOUT_FIELDS))
def test_the_checkers_columns_are_the_layouts_columns(name: str) -> None:
    assert LAYOUTS[name].fields() == LAYOUT_FIELDS[name]


def _empty_descriptions(doc) -> int:
    return sum(1 for f in check_document(doc) if f.rule == "JX102" and f.field == "绩效指标描述")


@pytest.mark.parametrize("properties", [True, False])
def test_a_seven_column_document_gets_no_empty_description_warnings(sample, properties) -> None:  # noqa: F811
    """Measured before: 174 “绩效指标描述为空” warnings, one per row, 72 % of its warnings."""
    data = export(sample, layout="2021-7")
    if not properties:
        data = without_custom_properties(data)  # as another tool writes it: the table tells
    back, _ = read_back(data)
    assert back.layout == ("2021-7" if properties else "2021")
    assert all(not i.description for p in back.projects for i in p.indicators)
    assert _empty_descriptions(back) == 0
    back.layout = "2015"  # the same rows in a table that has the column: every one is empty
    assert _empty_descriptions(back) == sum(len(p.indicators) for p in back.projects) == 174


def test_the_qualitative_flag_of_the_seven_column_form_survives_import(sample) -> None:  # noqa: F811
    prose = next(
        i for p in sample.projects for i in p.indicators if i.value == "村民生产生活环境明显改善"
    )
    prose.value = "定性：村民生产生活环境明显改善"
    back, _ = read_back(export(sample, layout="2021-7"))
    values = [i.value for p in back.projects for i in p.indicators]
    assert "定性：村民生产生活环境明显改善" in values
    assert parse_value("定性：村民生产生活环境明显改善").marked_qualitative
    # deadlines are 定性 in the form too, but need no mark: they stay deadlines
    assert "12月底前" in values and parse_value("12月底前").kind is ValueKind.DEADLINE
