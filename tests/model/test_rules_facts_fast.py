"""Facts computed the quick way mean what the first definitions meant: a name's ending tested
with str.endswith as the `(…)$` regex read it, and the row key JX108/JX109 compare made of
plain values equal exactly when the parsed Quantity / Deadline (or the trimmed text) are."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from model.rules import effects
from model.rules import facts as F
from model.values import ValueKind, parse_value

_RATE_NAME = re.compile(r"(率|比例|比率|占比|满意度|百分比)$")
_TIME_NAME = re.compile(r"(时间|时限|日期|期限|完成时间|时间节点|进度安排)$")

NAMES = st.lists(
    st.sampled_from(
        ["率", "比例", "占比", "满意度", "时间", "节点", "进度安排", "\n", "（%）", "发放", " "]
    ),
    max_size=5,
).map("".join)
VALUES = st.lists(
    st.sampled_from(
        list("≥≤<>=%０９12 .万元月底前人年内天个工作日季度第四") + ["2023年", "≥ 95", "12月底"]
    ),
    max_size=8,
).map("".join)


@given(NAMES)
def test_an_ending_is_read_as_the_regex_read_it(name: str) -> None:
    assert F._ends(name, F._RATE_ENDINGS) == bool(_RATE_NAME.search(name))
    assert F._ends(name, F._TIME_ENDINGS) == bool(_TIME_NAME.search(name))


def _first_value_key(raw: str) -> object:
    parsed = parse_value(raw)
    return parsed.quantity or parsed.deadline or raw.strip()


@given(VALUES, VALUES)
def test_two_values_are_the_same_row_value_exactly_as_before(a: str, b: str) -> None:
    new_a, new_b = F._value_key(parse_value(a)), F._value_key(parse_value(b))
    assert (new_a == new_b) == (_first_value_key(a) == _first_value_key(b))
    if new_a == new_b:
        assert hash(new_a) == hash(new_b)


def test_spacing_and_width_do_not_make_two_values_differ() -> None:
    assert F._value_key(parse_value("≥ 95 %")) == F._value_key(parse_value("≥95%"))
    assert F._value_key(parse_value("≥95%")) != F._value_key(parse_value("≥96%"))
    assert F._value_key(parse_value("12月底前")) == F._value_key(parse_value(" 12月底前"))
    assert F._value_key(parse_value("群众满意 ")) == "群众满意"


@given(VALUES | st.text(max_size=12))
def test_only_a_quantitative_value_has_a_quantity(raw: str) -> None:
    # The rules read facts.value.quantity without testing the kind (model/rules/values.py).
    parsed = parse_value(raw)
    assert (parsed.quantity is not None) == (parsed.kind is ValueKind.QUANTITATIVE)
    assert parsed.deadline is None or parsed.kind is ValueKind.DEADLINE


def _split_trying_every_spelling(s: str):
    from model.values import _COMPARATOR_SPELLINGS

    for spelling, comparator in _COMPARATOR_SPELLINGS:
        if s.startswith(spelling):
            return comparator, s[len(spelling) :].lstrip()
    return None, s


COMPARED = st.lists(
    st.sampled_from([">", "=", "<", "≥", "≤", "不", "低于", "大于", "等于", "或", "9", " ", "人"]),
    max_size=5,
).map("".join)


@given(COMPARED)
def test_a_comparator_is_found_as_when_every_spelling_was_tried(s: str) -> None:
    from model.values import _split_comparator

    assert _split_comparator(s) == _split_trying_every_spelling(s)


_MEASURE_REGEXES = (
    ("比率", re.compile(r"(?:率|比例|比率|占比|百分比|满意度)$")),
    ("金额", re.compile(r"(?:金额|资金|经费|费用|支出|成本|投入|单价|造价|工资|价格|款)$")),
    (
        "数量",
        re.compile(
            r"(?:人数|人次|户数|数量|个数|次数|件数|份数|面积|亩数|长度|里程|台数|场次|村数)$"
        ),
    ),
)
TAILS = st.lists(
    st.sampled_from(
        [
            "率",
            "比例",
            "金额",
            "款",
            "人数",
            "情况",
            "的",
            "。",
            "\n",
            "（%）",
            "(万元)",
            "发放",
            " ",
        ]
    ),
    max_size=6,
).map("".join)


def _measure_by_regex(text: str) -> str:
    s = effects._strip_tail(text)
    return next((kind for kind, pattern in _MEASURE_REGEXES if pattern.search(s)), "")


@given(TAILS)
def test_what_a_text_measures_is_read_from_its_end_as_the_regexes_read_it(text: str) -> None:
    assert effects._measure.__wrapped__(text) == _measure_by_regex(text)


def _fields(facts: F.Facts) -> dict[str, object]:
    """The fields by name, in order (dataclasses.asdict would also turn the parsed value into a
    dict)."""
    return {f.name: getattr(facts, f.name) for f in dataclasses.fields(facts)}


@given(NAMES, NAMES, VALUES)
def test_facts_made_as_a_tuple_are_the_named_fields(name: str, description: str, raw: str) -> None:
    facts = F._facts.__wrapped__("产出指标", "数量指标", name, description, raw)
    l1, l2, category, money_cost = F._levels("产出指标", "数量指标")
    name_n, shown, core, says_rate, says_time, name_timely = F._name_facts(name)
    desc_n, desc_says_rate, desc_timely = F._description_facts(description)
    parsed = parse_value(raw)
    assert type(facts) is F.Facts
    assert _fields(facts) == {
        "level1": l1,
        "level2": l2,
        "category": category,
        "money_cost": money_cost,
        "name": name_n,
        "shown": shown,
        "description": desc_n,
        "value": parsed,
        "name_core": core,
        "name_says_rate": says_rate,
        "name_says_time": says_time,
        "desc_says_rate": desc_says_rate,
        "timely": name_timely or desc_timely,
        "row_key": (l2, name_n, desc_n, F._value_key(parsed)),
        "text": name_n + " " + desc_n,
    }


@given(NAMES, NAMES, VALUES)
def test_facts_made_slot_by_slot_are_the_dataclass_and_frozen(
    name: str, description: str, raw: str
) -> None:
    """_facts fills a _Building's slots and turns it into a Facts: it must be what the frozen
    dataclass's own constructor makes from the same fields, equal, hashing alike and frozen."""
    facts = F._facts.__wrapped__("效益指标", "社会效益指标", name, description, raw)
    made = F.Facts(**_fields(facts))
    assert type(facts) is F.Facts and facts == made and hash(facts) == hash(made)
    assert repr(facts) == repr(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        facts.name = "x"  # type: ignore[misc]


def _strip_tail_as_first_written(text: str) -> str:
    s = text
    while True:
        before = s
        s = s.rstrip(effects._TAIL_CHARS).removesuffix("情况")
        if s.endswith((")", "）")):
            s = s[:-22] + effects._TAIL_PAREN.sub("", s[-22:])
        if s == before:
            return s


TAILS = st.lists(
    st.sampled_from(
        ["（", "）", "(", ")", "%", "的", "情况", "。", " ", "\n", "比率", "人数", "x" * 19]
    ),
    max_size=8,
).map("".join)


@given(TAILS)
def test_a_bracketed_tail_is_cut_as_before(text: str) -> None:
    assert effects._strip_tail(text) == _strip_tail_as_first_written(text)


FUNDING = st.lists(
    st.sampled_from(["到位率", "执行", "率", "资金", "使用规范", "支出进度", " "]), max_size=4
)
CELLS = FUNDING.map("".join) | TAILS | st.text(max_size=12)


@given(CELLS, CELLS)
def test_one_search_of_name_and_description_rules_out_a_funding_row(name: str, desc: str) -> None:
    from model.rules import values

    either = values._INPUT.search(name) or values._INPUT.search(desc)
    assert bool(values._INPUT.search(name + " " + desc)) == bool(either)
