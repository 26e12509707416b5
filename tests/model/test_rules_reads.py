"""Rule.reads: the engine keeps the hits of a row-local rule that reads neither 描述 nor 依据
by the cells it reads (model.rules.engine._NARROW), so that rows differing only in cells it
never reads — a county's copied rows differ mostly in their 描述 — are not checked again. That
is only sound if its hits never depend on another cell. Every rule that declares reads is run
here on a wide pool of rows (the dispatch test's: the sample, the edge-case document and
thousands of rows mixing the framework's categories with names, descriptions and values that
set the rules off; and the sample copied as a county copies it, 描述 suffixed and numbers
varied) with the cells it does not read replaced by other rows' cells, one at a time and all at
once, and must give the same hits. The pool is shown to be able to catch a wrong claim:
changing any cell a rule does read changes its hits somewhere (so a rule's reads are also no
wider than they need be). Then the checks with the narrow rules' hits kept by what they read
and by whole rows must be the same.
"""

from __future__ import annotations

import copy
import dataclasses
import random
import re
from collections.abc import Iterator

import pytest

from exporters import json_io
from model import Document, Indicator, Project
from model.rules import RULES, check_document, engine
from model.rules.base import ROW_CELLS, Hit, Rule, Scope
from model.rules.context import DocContext, build_context
from model.rules.facts import facts_of

from .test_rules_dispatch import DOCUMENTS, SAMPLE


def _county_like(sample: Document, copies: int = 3) -> list[Document]:
    """The sample copied as bench/county.py copies it: each copy's 描述 suffixed with its number,
    half its comparator values given another number."""
    rng = random.Random(5)
    docs = []
    for d in range(copies):
        doc = copy.deepcopy(sample)
        for project in doc.projects:
            for ind in project.indicators:
                if rng.random() < 0.5 and ind.value[:1] in "≥≤=":
                    ind.value = re.sub(r"\d+", str(rng.randint(1, 99)), ind.value, count=1)
                ind.description = f"{ind.description}（{d}）"
        docs.append(doc)
    return docs


# Rows where a rarely decisive cell decides: JX231 reads 指标值 only to leave a coined rate
# that asks for an abstract gain (服务水平提升率 ≥30%) to JX218; JX107 reads the 一级 only to
# see whether a 三级 named like a category (效益指标) names its own.
RARE = Document(
    dept_code="903001",
    year=2023,
    projects=[
        Project(
            code="13052923P00001",
            name="测试项目",
            indicators=[
                *(
                    Indicator("产出指标", "质量指标", "服务水平提升率", "", value, "县政府工作安排")
                    for value in ("≥30%", "30个", "好")
                ),
                Indicator("效益指标", "社会效益指标", "效益指标", "", "好", "县政府工作安排"),
            ],
        )
    ],
)
SAMPLE_DOC = json_io.read(SAMPLE.read_bytes(), source=str(SAMPLE)).documents[0]
POOL_DOCS = [*DOCUMENTS, *_county_like(SAMPLE_DOC), RARE]
# What a changed cell takes: any cell text of the pool, whatever its column (a value where a
# name was, a name where a description was …), in a fixed order.
TEXTS = sorted(
    {
        getattr(ind, cell)
        for doc in POOL_DOCS
        for project in doc.projects
        for ind in project.indicators
        for cell in ROW_CELLS
    }
)
DECLARED = [r for r in RULES.values() if r.scope is Scope.INDICATOR and r.reads is not None]


def _hits(rule: Rule, ctx: DocContext, ind: Indicator) -> list[Hit]:
    """The rule's hits on the row as the engine gets them: none where its dispatch skips it."""
    facts = facts_of(ind)
    q = facts.value.quantity
    percent = q is not None and q.is_percent
    if (
        (rule.kinds is not None and facts.value.kind not in rule.kinds)
        or (rule.categories is not None and facts.category not in rule.categories)
        or (rule.percent is not None and rule.percent is not percent)
    ):
        return []
    return list(rule.fn(ctx, None, 0, ind, facts))


def _variants(ind: Indicator, cells: list[str], rng: random.Random) -> Iterator[Indicator]:
    """The row with one of `cells` changed (twice), and with all of them changed at once."""
    pick = rng.choice
    for _ in range(2):
        yield dataclasses.replace(ind, **{pick(cells): pick(TEXTS)})
    yield dataclasses.replace(ind, **{cell: pick(TEXTS) for cell in cells})


def _rows() -> Iterator[tuple[DocContext, Indicator]]:
    for doc in POOL_DOCS:
        ctx = build_context(doc)
        for project in doc.projects:
            for ind in project.indicators:
                yield ctx, ind


def test_most_row_rules_say_what_they_read() -> None:
    assert len(DECLARED) >= 20
    # and some read neither 描述 nor 依据: the narrow store has rules to serve
    assert sum(r.reads is not None and r.reads <= engine._NARROW_CELLS for r in DECLARED) >= 10


@pytest.mark.parametrize("rule", DECLARED, ids=lambda r: r.id)
def test_a_rule_ignores_the_cells_it_does_not_read(rule: Rule) -> None:
    assert rule.reads is not None
    unread = [c for c in ROW_CELLS if c not in rule.reads]
    if not unread:
        return
    rng = random.Random(rule.id)
    fired = 0
    for ctx, ind in _rows():
        expected = _hits(rule, ctx, ind)
        fired += bool(expected)
        for other in _variants(ind, unread, rng):
            assert _hits(rule, ctx, other) == expected, (rule.id, ind, other)
    assert fired, f"{rule.id} never fires on the pool: the test above proves nothing"


# Each column's own texts, for the test below: a level only matters as one of the framework's
# few names (成本指标 as a 2021 一级 makes any row a cost row), which a draw from every text of
# the pool rarely gives.
COLUMN_TEXTS = {
    cell: sorted(
        {getattr(ind, cell) for doc in POOL_DOCS for p in doc.projects for ind in p.indicators}
    )
    for cell in ROW_CELLS
}


@pytest.mark.parametrize("rule", DECLARED, ids=lambda r: r.id)
def test_the_pool_sees_every_cell_a_rule_reads(rule: Rule) -> None:
    # Each cell the rule does read, changed to another text of its column, changes its hits on
    # some row: the test above, which changes cells the same way and more, would catch a rule
    # that read a cell it claims not to.
    assert rule.reads is not None
    rng = random.Random(rule.id)
    unseen = set(rule.reads)
    for ctx, ind in _rows():
        expected = _hits(rule, ctx, ind)
        for cell in sorted(unseen):
            for text in rng.sample(COLUMN_TEXTS[cell], min(20, len(COLUMN_TEXTS[cell]))):
                if _hits(rule, ctx, dataclasses.replace(ind, **{cell: text})) != expected:
                    unseen.discard(cell)
                    break
        if not unseen:
            return
    pytest.fail(f"{rule.id}: no change of {sorted(unseen)} changed its hits")


def test_the_checks_with_whole_rows_and_with_what_rules_read_are_the_same(monkeypatch) -> None:
    docs = [*POOL_DOCS, SAMPLE_DOC]
    engine.clear_caches()
    by_reads = [check_document(doc) for doc in docs]
    assert engine._NARROW  # the narrow rules were kept by what they read
    engine.clear_caches()
    monkeypatch.setattr(engine, "_NARROW_CELLS", frozenset())
    by_rows = [check_document(doc) for doc in docs]
    assert not any(engine._NARROW.values())  # … and here by whole rows only
    engine.clear_caches()
    assert by_reads == by_rows
    assert sum(map(len, by_reads)) > 1000
