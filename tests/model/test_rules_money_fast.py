"""The money rules' one pass over a project's rows (money._rows_of) picks the unit prices that
_is_unit_cost picks — it tests "/" in the unit and the name and text itself, the money unit read
once — on the sample and on cost rows made of prices, totals and the words that make a price."""

from __future__ import annotations

import copy
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from exporters import json_io
from model.entities import Document, Indicator
from model.rules import money
from model.rules.context import context_for
from model.rules.facts import COST

SAMPLE = Path(__file__).parents[1] / "fixtures" / "zhangwangtuan-2023.jixiao.json"
_DOC: list[Document] = []


def _sample() -> Document:
    if not _DOC:
        _DOC.append(json_io.read(SAMPLE.read_bytes(), source=SAMPLE.name).documents[0])
    return copy.deepcopy(_DOC[0])


def _prices_by_definition(doc: Document, n: int) -> list[int]:
    ctx = context_for(doc)
    return [
        row
        for row, _, facts in ctx.rows(doc.projects[n])
        if facts.category == COST
        and facts.value.quantity is not None
        and money._is_unit_cost(facts)
    ]


def _prices(doc: Document, n: int) -> list[int]:
    return [row for row, _ in money._rows_of(context_for(doc), doc.projects[n]).prices]


def test_the_sample_s_unit_prices_are_those_is_unit_cost_picks() -> None:
    doc = _sample()
    for n in range(len(doc.projects)):
        assert _prices(doc, n) == _prices_by_definition(doc, n)


ROWS = st.lists(
    st.tuples(
        st.sampled_from(["单价", "每平方米造价", "设备购置", "补助标准", "印制费", "成本"]),
        st.sampled_from(["", "每人", "单位成本", "每户补助"]),
        st.sampled_from(["≤1200元", "≤5元/份", "≤3万元", "100元/平方米", "50台", "≤2元/人", "好"]),
        st.sampled_from([("产出指标", "成本指标"), ("成本指标", "经济成本指标")]),
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=60, deadline=None)
@given(ROWS)
def test_generated_cost_rows_unit_prices_are_those_is_unit_cost_picks(rows: list) -> None:
    doc = _sample()
    project = doc.projects[0]
    project.indicators = [
        Indicator(level1=l1, level2=l2, name=name, description=desc, value=value, basis="文件")
        for name, desc, value, (l1, l2) in rows
    ]
    assert _prices(doc, 0) == _prices_by_definition(doc, 0)
