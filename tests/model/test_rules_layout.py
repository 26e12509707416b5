"""Layout awareness (issue 16 item 6): a rule about a column the document's Word layout does not
have does not fire — the seven-column form has no 绩效指标描述, so an empty one is no defect."""

from __future__ import annotations

import pytest

from model.layouts import LAYOUT_FIELDS, default_layout_name, has_column
from model.rules import check_document
from tests.model.rules_helpers import clean_document


def _blank_descriptions(doc) -> None:
    for project in doc.projects:
        for ind in project.indicators:
            ind.description = ""


def _empty_description_findings(doc) -> list[tuple[str, int | None]]:
    return [
        (f.project_code, f.indicator_row)
        for f in check_document(doc)
        if f.rule == "JX102" and f.field == "绩效指标描述"
    ]


def test_the_seven_column_form_has_no_description_column() -> None:
    doc = clean_document()
    _blank_descriptions(doc)
    rows = sum(len(p.indicators) for p in doc.projects)
    doc.layout = "2015"
    assert len(_empty_description_findings(doc)) == rows  # the column is there, and empty
    doc.layout = "2021-7"
    assert _empty_description_findings(doc) == []
    assert not has_column(doc, "description") and has_column(doc, "basis")


def test_the_2021_layouts_description_column_is_there_when_some_row_uses_it() -> None:
    doc = clean_document()
    doc.layout = "2021"
    _blank_descriptions(doc)
    assert _empty_description_findings(doc) == []  # written without the column
    doc.projects[0].indicators[0].description = "本年度完成硬化的村内道路面积"
    # one row has one: the column is written, and the other rows' are empty
    rows = sum(len(p.indicators) for p in doc.projects)
    assert len(_empty_description_findings(doc)) == rows - 1


def test_the_default_layout_decides_for_a_document_that_remembers_none() -> None:
    doc = clean_document()
    doc.layout = ""
    _blank_descriptions(doc)
    assert default_layout_name(doc) == "2015"
    assert _empty_description_findings(doc)  # the 2015 table always has the column
    doc.projects[0].indicators[0].score_weight = 10  # a field only the 2021 layout shows
    assert default_layout_name(doc) == "2021"
    assert _empty_description_findings(doc) == []


def test_an_unknown_layout_is_taken_to_have_every_column() -> None:
    doc = clean_document()
    doc.layout = "2030"
    _blank_descriptions(doc)
    assert _empty_description_findings(doc)


@pytest.mark.parametrize("name", sorted(LAYOUT_FIELDS))
def test_every_layout_has_the_skeleton_columns(name: str) -> None:
    assert {"level1", "level2", "name", "value", "basis"} <= set(LAYOUT_FIELDS[name])
