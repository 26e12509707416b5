"""Issue 15: 预算单位编码, 预算年度 and amounts have a grammar; the messages say what is allowed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model import JixiaoError, identifiers
from model import fields as F

from ..documents import edge_case_document


@pytest.mark.parametrize("code", ["903001", "A-01", "x", "a" * 32, "13052923-0001"])
def test_allowed_codes(code: str) -> None:
    assert identifiers.dept_code_problem(code) is None


@pytest.mark.parametrize(
    "code", ["../../x", "", "a" * 33, "9030\x1b[2J", "乡政府", "903 001", "903/001", "９０３"]
)
def test_refused_codes_say_what_is_allowed(code: str) -> None:
    problem = identifiers.dept_code_problem(code)
    assert problem is not None and "\x1b" not in problem and "\n" not in problem
    assert "英文字母、数字和 -" in problem or "不能为空" in problem


@pytest.mark.parametrize("year", [2000, 2023, 2100])
def test_allowed_years(year: int) -> None:
    assert identifiers.year_problem(year) is None


@pytest.mark.parametrize("year", [1999, 2101, 0, 23, True, "2023"])
def test_refused_years(year: object) -> None:
    assert "2000–2100" in (identifiers.year_problem(year) or "")


@pytest.mark.parametrize(
    ("text", "problem"),
    [("11.00", None), ("0", None), ("11.005", "最多保留 2 位小数"), ("-1", "不能为负数")],
)
def test_amounts(text: str, problem: str | None) -> None:
    found = identifiers.amount_problem(Decimal(text), "预算数")
    assert found is None if problem is None else problem in found


def test_field_parse_checks_the_grammar_where_the_editor_and_tables_set_values() -> None:
    doc = edge_case_document()
    with pytest.raises(JixiaoError, match="英文字母、数字和 -"):
        F.field("document", "dept_code").set_text(doc, "../../x")
    with pytest.raises(JixiaoError, match="2000–2100"):
        F.field("document", "year").set_text(doc, "1899")
    with pytest.raises(JixiaoError, match="不能为负数"):
        F.project_field("budget").set_text(doc.projects[0], "-5")
    with pytest.raises(JixiaoError, match="最多保留 2 位小数"):
        F.field("plan", "dec").set_text(doc.projects[0], "1.234")
    assert doc.dept_code == "903001" and doc.projects[0].budget == Decimal("11.00")


def test_a_whole_document_names_the_first_bad_place() -> None:
    doc = edge_case_document()
    assert identifiers.document_problem(doc) is None
    doc.projects[1].other = Decimal("-3")
    assert (
        identifiers.document_problem(doc) == "第 2 个项目 其他资金“-3”不能为负数，请填写 0 或正数"
    )
    partial = edge_case_document(dept="")
    partial.year = 0
    assert identifiers.document_problem(partial, partial=True) is None
    assert identifiers.document_problem(partial) is not None


def test_a_file_name_from_an_old_bad_code_stays_in_its_folder() -> None:
    doc = edge_case_document(dept="../../x")
    assert identifiers.file_stem(doc) == "______x-2023"
