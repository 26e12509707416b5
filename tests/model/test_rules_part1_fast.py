"""Part 1's shortcuts skip only what could not match: a count claim (JX504) always has a digit
before a 个, and a phrase with contradicting comparators (JX509) always has a digit — on any
text, not just the documents at hand."""

from __future__ import annotations

import re
from copy import deepcopy

from hypothesis import example, given
from hypothesis import strategies as st

from model import Document, GoalItem, Measure, Part1
from model.rules import check_document
from model.rules import part1 as P
from model.rules.engine import clear_caches
from tests.model.rules_helpers import clean_document

PIECES = st.sampled_from(
    list("个项目预算共有 \u3000\t\n0123456789，、%小大")
    + ["١٢", "共24个项目", "项目 3 个", "达到", "以上", "以下", "不低于", "不超过", "提高", "上升"]
)
TEXTS = st.lists(PIECES, max_size=14).map("".join) | st.text(max_size=20)


@given(TEXTS)
@example("共24个项目")
@example("项目\u3000١٢ 个")
@example("12\n\t个预算项目")
def test_every_count_claim_has_a_digit_before_a_ge(text: str) -> None:
    if P._COUNT_CLAIM.search(text):
        assert P._digit_before_ge(text)


def test_the_ge_test_reads_back_over_white_space_only() -> None:
    assert P._digit_before_ge("共24 个")
    assert not P._digit_before_ge("24项个")
    assert not P._digit_before_ge("个24")
    assert not P._digit_before_ge("")


@given(TEXTS)
@example("不低于90%以上")
@example("提高粮食机收率上升10%")
def test_every_contradiction_has_a_digit(text: str) -> None:
    if P._FIGHTING.search(text):
        assert P._DIGIT.search(text)


@given(st.text(max_size=3) | st.sampled_from(["村", "a村", "\u4dff", "\u4e00", "\u9fff", "\ua000"]))
def test_a_chinese_character_is_the_class_the_pattern_had(piece: str) -> None:
    assert P._has_cjk(piece) == bool(re.search(r"[\u4e00-\u9fff]", piece))


# Part 1's findings are cached by text (a county's documents share their Part 1): what a rule
# finds may then depend on that text only, never on the document it was first found in.
_PART1 = Part1(
    overall=[
        "本年度共3个项目，预算资金合计88.00万元。坚持稳中求进工作总基调，坚持稳中求进工作总基调。"
    ],
    items=[
        GoalItem(
            "1、改善村内基础设施。",
            "完成道路硬化。",
            "满意率大于90%；村；建档率高达90；不低于90%以上；党员队伍壮大；参合率高于95%,低保率高达100%",
        )
    ],
)


def _part1_findings(doc: Document) -> list[tuple[str, str, int | None]]:
    return [(f.rule, f.message, f.part1_item) for f in check_document(doc) if f.project_id is None]


@given(st.integers(0, 3), st.sampled_from([2018, 2023]), st.sampled_from(["万元", "元"]))
def test_part1_findings_are_the_same_cached_or_cold(projects: int, year: int, unit: str) -> None:
    def document(projects: int, year: int, unit: str) -> Document:
        doc = clean_document()
        doc.part1 = deepcopy(_PART1)
        doc.projects = doc.projects[:projects]
        doc.year, doc.money_unit = year, unit
        return doc

    clear_caches()
    cold = _part1_findings(document(projects, year, unit))
    clear_caches()
    # The same Part 1 first in a document that differs in all else: its texts' findings are
    # then in the caches when the first document is checked again.
    _part1_findings(document(3 - projects, 2041 - year, "元" if unit == "万元" else "万元"))
    assert _part1_findings(document(projects, year, unit)) == cold
    assert {rule for rule, _, _ in cold} >= {"JX502", "JX503", "JX508", "JX509", "JX510", "JX511"}
    # The claims (3 projects, 88 万元) are compared with this document's, not the first one's.
    assert any(rule == "JX504" for rule, _, _ in cold) == (projects != 3 or unit != "万元")


# The rules' hits are also kept whole per Part 1 (part1._kept, keyed by all of its texts, and the
# year where JX505 reads it): a change to any one text, or to what else a rule reads, is
# never answered from the hits of another Part 1.
EDITS = st.sampled_from(
    [
        "",
        "为全面建成小康社会提供支撑，加快建设“经济强市、美丽邢台”。",
        "满意率大于90%；村；不低于90%以上；人居环境改善",
        "坚持稳中求进工作总基调，坚持稳中求进工作总基调。",
        "十三五规划；新农合参合率高于95%,低保率高达100%",
    ]
)
FIELDS = st.sampled_from(
    ["overall", "title", "goal", "measure", "measure title", "measure body", "dept", "year"]
)


@given(st.lists(st.tuples(FIELDS, EDITS), min_size=1, max_size=3))
def test_part1_hits_are_kept_per_part1(edits: list[tuple[str, str]]) -> None:
    def document(edits: list[tuple[str, str]]) -> Document:
        doc = clean_document()
        doc.part1 = deepcopy(_PART1)
        doc.part1.measures = [Measure("一、组织保障", "成立领导小组。")]
        for field, text in edits:
            item, measure = doc.part1.items[0], doc.part1.measures[0]
            if field == "overall":
                doc.part1.overall.append(text)
            elif field == "title":
                item.title = text
            elif field == "goal":
                item.goal = text
            elif field == "measure":
                item.measure = text
            elif field == "measure title":
                measure.title = text
            elif field == "measure body":
                measure.body = text
            elif field == "dept":
                doc.dept_name = "某市某局" if text else "某县某乡人民政府"
            else:
                doc.year = 2019 if text else 2023
        return doc

    clear_caches()
    cold = _part1_findings(document(edits))
    clear_caches()
    _part1_findings(document([]))  # the unedited Part 1's hits kept first
    _part1_findings(document(edits[:-1]))
    assert _part1_findings(document(edits)) == cold
