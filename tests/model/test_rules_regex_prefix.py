"""Patterns rewritten so that re can skip to where a match may start (every alternative begins
with a plain character, or the pattern with a class): each finds exactly what its first form
found — the same span and text at the same place — on the sample's texts and on generated
ones made of their pieces. And the hygiene cell report that one search of every notable
character (_NOTABLE) starts: every cell test run in order, on the sample's texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from model.rules import hygiene, vocab

SAMPLE = Path(__file__).parents[1] / "fixtures" / "zhangwangtuan-2023.jixiao.json"

# The patterns as first written (the definitions), and what replaced them.
FIRST_FORMS = [
    (
        r"占[^，,。；;]{0,30}(?:比|百分|总|全部|所有|应)|[/÷]|除以|分子|分母|之比|比值|计算公式|"
        r"公式|[=＝]|是指|指的是|即|平均|每(?:[\u4e00-\u9fff]{1,4})",
        vocab.DIVISION,
    ),
    (
        r"定性|较好|良好|优秀|优良|好转|向好|[好优良差]|一般|达标|达成|合格|显著|明显|大幅|较大|"
        r"完成|实现|无|零|未发生|不发生|杜绝|符合|满足|通过|正常",
        vocab.GRADED,
    ),
    (r"[，。、；：！？,;]{2}", hygiene._TWO_MARKS),
]


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group(0)) for m in pattern.finditer(text)]


def _same(text: str) -> None:
    for first, now in FIRST_FORMS:
        assert _found(re.compile(first), text) == _found(now, text), (first, text)


def _sample_texts() -> list[str]:
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(SAMPLE.read_text(encoding="utf-8")))
    return texts


def test_the_patterns_find_in_the_sample_what_their_first_forms_found() -> None:
    texts = _sample_texts()
    assert len(texts) > 500
    for text in texts:
        _same(text)


# Pieces of every alternative (and near misses) among Chinese text, digits and marks.
PIECES = st.sampled_from(
    ["占", "比", "百分", "总", "的", "，", ",", "。", "；", ";", "/", "÷", "除以", "分子", "分母",
     "之比", "比值", "计算", "公式", "=", "＝", "是指", "指的是", "即", "平均", "每", "每人",
     "定性", "较好", "良好", "好", "优", "良", "差", "一般", "达标", "完成", "无", "零", "不发生",
     "、", "：", "！", "？", "a", "1", " ", "\n", "资金", "发放人数", "x" * 31]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=12).map("".join) | st.text(max_size=24)


@given(TEXTS)
def test_the_patterns_find_what_their_first_forms_found(text: str) -> None:
    _same(text)


def _every_test_in_order(text: str) -> tuple[object, ...]:
    return tuple((test, message) for test in hygiene._TESTS if (message := test(text)) is not None)


def test_a_cell_report_of_the_sample_is_every_test_run_in_order() -> None:
    for text in _sample_texts():
        assert hygiene._cell_report(text) == _every_test_in_order(text), text


def test_the_usual_notable_characters_are_the_ones_rare_does_not_find() -> None:
    rare = re.compile("[" + hygiene._RARE + "]")
    notable = [c for c in map(chr, range(0x10000)) if hygiene._NOTABLE.match(c)]
    assert {c for c in notable if not rare.match(c)} == hygiene._USUAL
    # and every character the usual path reads is notable: the brackets and the marks
    marks = "".join(o + c for o, c in hygiene._PAIRS) + hygiene._DOUBLED_MARKS
    assert all(hygiene._NOTABLE.match(c) for c in marks)
    assert hygiene._USUAL_MARKS == set(hygiene._DOUBLED_MARKS) - set(hygiene._RARE)
