"""The row rules' shortcuts give what their definitions give. JX235's reading of what a text
measures, by its last character (_measure's _BY_LAST) and with _strip_tail's early stop: every
ending of every kind, after every tail _strip_tail removes and before every ending of another
kind. JX232's test of a 增长率 ending, and JX216's `in` tests before its search (_INPUT_HINTS)."""

from __future__ import annotations

import itertools
import re

from hypothesis import given
from hypothesis import strategies as st

from model.rules import effects
from tests.model.test_rules_facts_fast import _strip_tail_as_first_written  # the definition

ENDINGS = [e for _, endings in effects._KINDS for e in endings]
# The kinds as regexes over the stripped text, in order: the definition _measure replaces.
KIND_REGEXES = [
    (kind, re.compile("(?:" + "|".join(map(re.escape, endings)) + ")$"))
    for kind, endings in effects._KINDS
]


def _measure_by_regex(text: str) -> str:
    s = effects._strip_tail(text)
    return next((kind for kind, pattern in KIND_REGEXES if pattern.search(s)), "")


TAILS = ["", "的", "情况", "（%）", "(58)", "。", " ", "情况的", "(万元)情况", "）", "况"]
FRONTS = ["", "发放", "人", "满意", "x", "（", "率"]


def test_every_ending_of_every_kind_is_read_as_the_regexes_read_it() -> None:
    for front, ending, tail in itertools.product(FRONTS, ENDINGS + ["", "发放", "度"], TAILS):
        text = front + ending + tail
        assert effects._measure.__wrapped__(text) == _measure_by_regex(text), text
        assert effects._strip_tail(text) == _strip_tail_as_first_written(text), text


PIECES = st.sampled_from(
    ENDINGS + TAILS + list(effects._TAIL_CHARS) + ["(", ")", "（", "）", "况", "x" * 19, "\n"]
)


@given(st.lists(PIECES, max_size=8).map("".join) | st.text(max_size=16))
def test_a_text_is_stripped_and_read_as_before(text: str) -> None:
    assert effects._strip_tail(text) == _strip_tail_as_first_written(text)
    assert effects._measure.__wrapped__(text) == _measure_by_regex(text)


@given(st.lists(st.sampled_from(["增长", "率", "增长率", "\n", " ", "x", "长率"]), max_size=5))
def test_a_growth_rate_name_is_what_the_regex_found(pieces: list[str]) -> None:
    name = "".join(pieces)
    assert name.endswith(effects._GROWTH_RATE) == bool(re.search(r"增长率$", name))


def test_every_funding_phrase_holds_one_of_the_hints() -> None:
    from model.rules import values

    for phrase in values._INPUT.pattern.split("|"):
        assert any(hint in phrase for hint in values._INPUT_HINTS), phrase


@given(st.lists(st.sampled_from(["到位率", "执行率", "资金", "使用", "覆盖率", "规范", "支出",
                                 "进度", "率", "实际", "资金占", "位", " ", "x"]), max_size=6))  # fmt: skip
def test_a_row_without_the_hints_is_no_funding_row(pieces: list[str]) -> None:
    from model.rules import values

    text = "".join(pieces)
    if not any(hint in text for hint in values._INPUT_HINTS):
        assert values._INPUT.search(text) is None
