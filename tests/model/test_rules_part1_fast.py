"""Part 1's shortcuts skip only what could not match: a count claim (JX504) always has a digit
before a 个, and a phrase with contradicting comparators (JX509) always has a digit — on any
text, not just the documents at hand."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from model.rules import part1 as P

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
