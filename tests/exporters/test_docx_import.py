"""Importing the real sample .docx: every field must equal the text of the sample's .txt."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from exporters.base import ImportOptions
from exporters.docx import read
from exporters.docx.labels import compact, forget
from exporters.docx.projects import _MONEY_UNIT, PROJECT_TITLE, money_unit_in, project_title
from model import Document, format_amount, without_ids
from tests.exporters.docx_sample_txt import expected_document

FIXTURES = Path(__file__).parent.parent / "fixtures"
SAMPLE_DOCX = FIXTURES / "zhangwangtuan-2023.docx"
SAMPLE_TXT = FIXTURES / "zhangwangtuan-2023.txt"


@pytest.fixture(scope="module")
def expected() -> Document:
    return expected_document(SAMPLE_TXT)


@pytest.fixture(scope="module")
def imported():
    return read(SAMPLE_DOCX.read_bytes(), source=SAMPLE_DOCX.name, options=ImportOptions())


def assert_same_document(actual: Document, expected: Document) -> None:
    """Field by field, so a failure names the project, indicator and field; then the whole."""
    assert (actual.dept_code, actual.dept_name, actual.year, actual.money_unit) == (
        expected.dept_code,
        expected.dept_name,
        expected.year,
        expected.money_unit,
    )
    assert actual.part1.overall == expected.part1.overall
    assert actual.part1.items == expected.part1.items
    assert actual.part1.measures == expected.part1.measures
    assert [p.code for p in actual.projects] == [p.code for p in expected.projects]
    for got, want in zip(actual.projects, expected.projects, strict=True):
        for name in ("name", "purpose", "goals"):
            assert getattr(got, name) == getattr(want, name), (want.code, name)
        for name in ("budget", "fiscal", "other"):
            # str() too: 11.00 must stay 11.00, not become 11 or 11.0
            assert format_amount(getattr(got, name)) == format_amount(getattr(want, name)), (
                want.code,
                name,
            )
        assert [format_amount(v) for v in got.plan.as_list()] == [
            format_amount(v) for v in want.plan.as_list()
        ], want.code
        assert len(got.indicators) == len(want.indicators), want.code
        for n, (gi, wi) in enumerate(zip(got.indicators, want.indicators, strict=True), 1):
            for f in fields(wi):
                if f.name != "id":
                    assert getattr(gi, f.name) == getattr(wi, f.name), (want.code, n, f.name)
    assert without_ids(actual) == without_ids(expected)


def test_the_txt_parser_sees_the_whole_sample(expected):
    # Guards the test's own parser: the numbers a reader of the sample can count by hand.
    assert len(expected.projects) == 24
    assert len(expected.part1.overall) == 2
    assert len(expected.part1.items) == 6
    assert len(expected.part1.measures) == 6
    assert expected.projects[0].code == "13052923P00584011574U"
    assert str(expected.projects[0].budget) == "11.00"
    assert expected.projects[0].indicators[0].value == "≤3人"


def test_sample_imports_to_exactly_the_txt(imported, expected):
    assert len(imported.documents) == 1
    assert_same_document(imported.documents[0], expected)


def test_sample_imports_without_problems(imported):
    assert imported.problems == []
    assert not imported.partial


def test_sample_notes_say_where_dept_and_year_came_from(imported):
    notes = "\n".join(imported.notes)
    assert "单位行" in notes and "903001" in notes
    assert "项目编码" in notes and "2023" in notes


def test_blank_amounts_are_none_not_zero(imported):
    first = imported.documents[0].projects[0]
    assert first.other is None
    assert str(first.plan.mar) == "2.50"
    assert first.goals[0].startswith("1.")


def test_part1_goal_items_are_stored_without_their_labels(imported):
    item = imported.documents[0].part1.items[0]
    assert item.title == "1、加强党的领导、夯实基层政权。"
    assert not item.goal.startswith("绩效目标")
    assert item.goal.startswith("做好宣传")
    assert item.measure.startswith("各项工作群众满意率")


def test_options_override_and_are_noted():
    result = read(
        SAMPLE_DOCX.read_bytes(),
        source="s.docx",
        options=ImportOptions(dept="123456", year=2024),
    )
    doc = result.documents[0]
    assert (doc.dept_code, doc.year) == ("123456", 2024)
    assert doc.dept_name == "巨鹿县张王疃乡人民政府本级"
    notes = "\n".join(result.notes)
    assert "--dept：123456（文档中为 903001）" in notes
    assert "--year：2024（项目编码中为 2023）" in notes


def test_compact_removes_every_white_space_that_a_label_may_hold():
    """labels.compact drops white space as re's \\s+ does, for every character Unicode calls
    white space (full-width and no-break spaces, line and paragraph separators …)."""
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    forget()
    for text in (f"项目{spaces}编码", f"{spaces}预算\n执行率 （%）{spaces}", spaces, "绩效指标"):
        assert compact(text) == re.sub(r"\s+", "", text)
    assert compact(f"一级{spaces}指标") == "一级指标"


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"绩效目标表项12 .．、\u3000\t\n", "绩效目标表", "绩效目标"]), max_size=8
    ).map("".join)
)
def test_project_title_is_the_title_pattern(text):
    """projects.project_title (the regex only when the text holds 绩效目标表) against
    PROJECT_TITLE.match: the same name, or none."""
    fast, regex = project_title(text), PROJECT_TITLE.match(text)
    assert (fast and fast.group("name")) == (regex and regex.group("name"))


def test_project_title_on_the_sample_paragraphs(imported):
    from exporters.docx.blocks import Para, read_blocks
    from exporters.docx.package import open_parts

    with zipfile.ZipFile(io.BytesIO(SAMPLE_DOCX.read_bytes())) as archive:
        body, styles, _ = open_parts(archive)
    texts = [b.text for b in read_blocks(body, styles) if isinstance(b, Para)]
    assert sum(bool(project_title(t)) for t in texts) == len(imported.documents[0].projects)
    for text in texts:
        fast, regex = project_title(text), PROJECT_TITLE.match(text)
        assert (fast and fast.group("name")) == (regex and regex.group("name"))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["单位", "：", ":", " ", "\u3000", "万元", "元", "百万元", "金额", "计量", "甲"]
        ),
        max_size=7,
    ).map("".join)
)
@example("903001某某乡人民政府本级 单位：万元")
@example("金额单位: 元")
@example("计量单位\u3000：百万元")
@example("单位")
@example("项目单位名称")
def test_money_unit_in_is_the_unit_pattern(text):
    """projects.money_unit_in (the regex only when the text holds 单位) against _MONEY_UNIT:
    the same unit at the same place, or none."""
    fast, regex = money_unit_in(text), _MONEY_UNIT.search(text)
    assert (fast and (fast.span(), fast.group("unit"))) == (
        regex and (regex.span(), regex.group("unit"))
    )
