"""Text hygiene (issue 16, family 9): placeholders are empty, half-width punctuation inside
Chinese, tabs and invisible characters; and messages quote at most ~30 characters of a cell."""

from __future__ import annotations

import pytest

from model.rules import check_document
from model.rules.base import QUOTE_LIMIT, quote
from model.text import PLACEHOLDERS, is_placeholder
from model.values import ValueKind, parse_value
from tests.model.rules_helpers import clean_document

PLACEHOLDER_SPELLINGS = [
    "N/A",
    "n/a",
    "无",
    "待定",
    "-",
    "/",
    "略",
    "——",
    "－",
    "／",
    " 无 ",
    "暂无",
]


def _rules(doc, row=None) -> list[tuple[str, str | None]]:
    return [
        (f.rule, f.field)
        for f in check_document(doc)
        if row is None or (f.project_code, f.indicator_row) == row
    ]


@pytest.mark.parametrize("placeholder", PLACEHOLDER_SPELLINGS)
def test_a_placeholder_description_or_basis_counts_as_empty(placeholder: str) -> None:
    doc = clean_document()
    ind = doc.projects[0].indicators[0]
    ind.description = placeholder
    ind.basis = placeholder
    found = [f for f in check_document(doc) if f.rule == "JX102"]
    assert [(f.field, f.indicator_row) for f in found] == [
        ("绩效指标描述", 1),
        ("指标值确定依据", 1),
    ]
    assert all("等于没有填写" in f.message and placeholder.strip() in f.message for f in found)


@pytest.mark.parametrize("placeholder", PLACEHOLDER_SPELLINGS)
def test_a_placeholder_value_is_an_empty_value_and_nothing_else(placeholder: str) -> None:
    doc = clean_document()
    project = doc.projects[1]
    project.indicators[0].value = placeholder  # 发放人数 (a 数量指标: JX213 would want a number)
    assert parse_value(placeholder).kind is ValueKind.EMPTY
    assert _rules(doc, (project.code, 1)) == [("JX101", "指标值")]


def test_placeholder_goals_and_purpose_are_empty() -> None:
    doc = clean_document()
    project = doc.projects[2]
    project.goals = ["无"]
    project.purpose = "/"
    assert set(_rules(doc)) == {("JX101", "绩效目标"), ("JX102", "资金用途")}


@pytest.mark.parametrize("text", ["0", "0人", "同上", "无投诉", "-5%", "N/A项目", "不适用于本项目"])
def test_words_that_merely_start_like_a_placeholder_are_not_one(text: str) -> None:
    assert not is_placeholder(text)


def test_the_placeholder_list_is_short_words() -> None:
    assert all(len(p) <= 4 for p in PLACEHOLDERS)


# --- half-width punctuation inside Chinese (JX606) --------------------------------------------


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("新农合参合率≥95%,城乡居民低保保障率=100%", "“,”"),
        ("按照巨办发(2017)10号文件", "“(”、“)”"),
        ("检查企业;核对手续", "“;”"),
        ("计算方法:满意人数除以调查人数", "“:”"),
    ],
)
def test_half_width_punctuation_between_chinese_is_a_hint(text: str, mark: str) -> None:
    doc = clean_document()
    doc.projects[0].indicators[0].description = text
    (found,) = [f for f in check_document(doc) if f.rule == "JX606"]
    assert mark in found.message and found.severity.value == "hint"
    assert found.indicator_row == 1 and found.field == "绩效指标描述"


@pytest.mark.parametrize(
    "text",
    [
        "GB 50300-2013, JTG F80/1",  # no Chinese around it
        "每日10:30前上报",  # a time between digits
        "按1,200元标准计算",  # a thousands separator
        "本年度完成硬化的村内道路面积（平方米）",  # full-width already
        "参照ISO 9001:2015执行",
    ],
)
def test_half_width_punctuation_outside_chinese_is_left_alone(text: str) -> None:
    doc = clean_document()
    doc.projects[0].indicators[0].description = text
    assert [f for f in check_document(doc) if f.rule == "JX606"] == []


def test_half_width_punctuation_in_part1() -> None:
    doc = clean_document()
    doc.part1.overall = ["围绕乡村振兴,做好道路、就业和便民服务各项工作。"]
    found = [f for f in check_document(doc) if f.rule == "JX608"]
    assert [(f.field, f.part1_item) for f in found] == [("总体绩效目标", None)]


# --- tabs and invisible characters (JX607) -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("≥95%\t", "制表符 ×1"),
        ("发放\u200b人数", "零宽字符 U+200B ×1"),
        ("\ufeff发放人数", "零宽字符 U+FEFF ×1"),
        ("发放人数\u202e", "方向控制符 U+202E ×1"),
        ("发\t放\t人数", "制表符 ×2"),
    ],
)
def test_tabs_and_invisible_characters_are_named_not_echoed(text: str, named: str) -> None:
    doc = clean_document()
    doc.projects[1].indicators[0].name = text
    (found,) = [f for f in check_document(doc) if f.rule == "JX607"]
    assert named in found.message
    assert found.message.isprintable()  # the invisible character itself is not in the message


def test_a_line_break_in_a_description_is_not_an_invisible_character() -> None:
    doc = clean_document()
    doc.projects[1].indicators[0].description = "领取工资的\n协理员人数"
    assert [f for f in check_document(doc) if f.rule == "JX607"] == []


# --- messages quote at most ~30 characters, on one line -------------------------------------


def test_quote_cuts_long_cells_and_shows_line_breaks() -> None:
    assert quote("  ≥95% ") == "≥95%"
    assert quote("第一段\n第二段") == "第一段⏎第二段"
    long = "很" * 10_000
    assert len(quote(long)) == QUOTE_LIMIT and quote(long).endswith("…")


def test_a_10000_character_cell_is_not_echoed_whole() -> None:
    doc = clean_document()
    ind = doc.projects[1].indicators[1]  # 工资足额发放率 =100%
    ind.name = "工资足额发放率" + "很" * 10_000
    ind.value = "≤100%"  # JX208 quotes the name
    ind.level2 = "质量指标\n" + "长" * 10_000  # JX104 quotes the level-2
    found = check_document(doc)
    assert {"JX208", "JX104"} <= {f.rule for f in found}
    for f in found:
        assert len(f.message) < 200, f.rule
        assert "\n" not in f.message, f.rule


def test_no_message_echoes_a_huge_cell_whatever_the_cell() -> None:
    """Every text cell of a project 10,000 characters long (plus a line break): every message
    stays short and on one line."""
    doc = clean_document()
    project = doc.projects[0]
    huge = "“凤还巢”大学生村干部" + "很长的文字" * 2000 + "\n第二段"
    project.name = project.purpose = huge
    project.goals = ["1." + huge, "2." + huge]
    for ind in project.indicators:
        for attr in ("level1", "level2", "name", "description", "value", "basis"):
            setattr(ind, attr, getattr(ind, attr) + huge)
    doc.part1.overall = [huge]
    doc.part1.items[0].measure = huge
    found = check_document(doc)
    assert {"JX103", "JX201", "JX401"} <= {f.rule for f in found}
    for f in found:
        assert len(f.message) < 300 and "\n" not in f.message, (f.rule, f.message[:80])


def test_a_unit_written_twice_gets_the_right_explanation() -> None:
    """≤3.11万元万元 was explained as “是数量，应写金额” (JX206): it is money with its unit twice."""
    doc = clean_document()
    project = doc.projects[1]
    project.indicators[3].value = "≤36万元万元"  # the 成本指标 工资支出
    found = [(f.rule, f.message) for f in check_document(doc)]
    assert found == [("JX219", "指标值“≤36万元万元”的单位“万元”写了两遍，应为“≤36万元”")]
