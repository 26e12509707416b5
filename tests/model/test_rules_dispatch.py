"""The engine calls an indicator rule only on the rows its Rule.kinds, .categories and .percent admit
(model.rules.engine._row_rules). That is only sound if the rule could never fire on any other
row: every declared rule is run here on every row of a wide pool — the sample, the edge-case
document and thousands of rows mixing the framework's categories with names, descriptions and
values that set the rules off — and must be silent outside what it declares. The checks with
and without the dispatch must then give the same findings.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest

from exporters import json_io
from model import Document, Indicator, Profile, Project
from model import framework as fw
from model.rules import RULES, check_document, engine
from model.rules.base import Scope
from model.rules.context import build_context
from model.rules.facts import facts_of

from ..documents import edge_case_document

SAMPLE = Path(__file__).parents[1] / "fixtures" / "zhangwangtuan-2023.jixiao.json"

NAMES = [
    "发放人数", "工资发放率", "资金支出完成时间", "及时发放率", "单位正常运转率", "办公效率提高比例",
    "可持续服务率", "群众生活水平", "农户收入提高比例", "管辖村数量", "社会效益指标", "数量指标",
    "预算执行率", "投诉次数", "接待次数", "服务对象满意度", "印制证照单价", "道路硬化面积（平方米）",
    "完成时间", "补助覆盖率", "设备运转率", "收入增长率", "检查次数（次）", "", "就业率",
]  # fmt: skip
DESCRIPTIONS = [
    "", "发放人数", "占总人数的比例", "较上年提高的比例", "全年工资支出金额", "享受补助的人数",
    "单位正常运转天数占全年天数", "按时完成", "管辖村数量", "资金到位率", "群众生活水平",
    "第一段\n第二段", "及时发放", "提高的比例",
]  # fmt: skip
VALUES = [
    "≥九十%", "≥30", "≤3.11万元万元", "12万元", "≥95%", "12月底前", "2022年12月底", "≤100%",
    "≥950%", "≤3人", "≥10万元", "40万元", "群众满意", "好", "得到保障", "≥30天", "34个", "2405人",
    "", "无", "定性：明显改善", "1-12月", "-5%", "≤90%", "=100%", "≥50%", "100次", "≤5元/份",
    "12人人", "≥95%%", "2023年", "≥ 90 %", "明显提高", "13月底", "≤30天", "12月底",
]  # fmt: skip
BASES = ["", "上年人均收入", "行政区划内全部村", "县政府工作安排", "辖区"]


def _pairs() -> list[tuple[str, str]]:
    pairs = {("", ""), ("产出类指标", "数量"), ("其他", "其他指标"), (fw.OUTPUT, "")}
    for profile in Profile:
        for level1, level2s in fw.allowed(profile).items():
            pairs.update((level1, level2) for level2 in level2s)
            pairs.add((level1, "不存在的指标"))
    return sorted(pairs)


def _rows() -> Iterator[Indicator]:
    sample = json_io.read(SAMPLE.read_bytes(), source=str(SAMPLE)).documents[0]
    for doc in (sample, edge_case_document()):
        for project in doc.projects:
            yield from project.indicators
    pick = random.Random(17).choice
    pairs = _pairs()
    for _ in range(3000):
        level1, level2 = pick(pairs)
        yield Indicator(
            level1=level1,
            level2=level2,
            name=pick(NAMES),
            description=pick(DESCRIPTIONS),
            value=pick(VALUES),
            basis=pick(BASES),
        )


def _documents() -> list[Document]:
    """The pool, in both conventions: 2015 and 2021 (with 可持续影响指标 allowed)."""
    rows = list(_rows())
    docs = []
    for profile in Profile:
        projects = [
            Project(code=f"13052923P{n:05d}", name=f"测试项目{n}", indicators=rows[k : k + 10])
            for n, k in enumerate(range(0, len(rows), 10))
        ]
        docs.append(Document(dept_code="903001", year=2023, profile=profile, projects=projects))
    return docs


DOCUMENTS = _documents()
DECLARED = [
    r
    for r in RULES.values()
    if r.scope is Scope.INDICATOR
    and (r.kinds is not None or r.categories is not None or r.percent is not None)
]


def test_most_row_rules_declare_what_they_read() -> None:
    # Most of the catalogue's row rules are about one kind of value: the dispatch is worth it.
    assert len(DECLARED) >= 20


@pytest.mark.parametrize("rule", DECLARED, ids=lambda r: r.id)
def test_a_rule_is_silent_on_rows_it_does_not_declare(rule) -> None:
    fired_inside = 0
    for doc in DOCUMENTS:
        ctx = build_context(doc)
        for project in doc.projects:
            for row, ind in enumerate(project.indicators, 1):
                facts = facts_of(ind)
                hits = list(rule.fn(ctx, project, row, ind, facts))
                q = facts.value.quantity
                percent = q is not None and q.is_percent
                admitted = (
                    (rule.kinds is None or facts.value.kind in rule.kinds)
                    and (rule.categories is None or facts.category in rule.categories)
                    and (rule.percent is None or rule.percent is percent)
                )
                assert admitted or not hits, (rule.id, ind, facts.value.kind, facts.category)
                fired_inside += bool(hits)
    assert fired_inside, f"{rule.id} never fires on the pool: the test above proves nothing"


def test_the_checks_with_and_without_the_dispatch_are_the_same(monkeypatch) -> None:
    docs = [*DOCUMENTS, json_io.read(SAMPLE.read_bytes(), source=str(SAMPLE)).documents[0]]
    engine.clear_caches()
    dispatched = [check_document(doc) for doc in docs]
    engine.clear_caches()
    every = lru_cache(lambda only, kind, category, percent: engine._row_local(only))
    monkeypatch.setattr(engine, "_row_rules", every)
    every_rule = [check_document(doc) for doc in docs]
    engine.clear_caches()
    assert dispatched == every_rule
    assert sum(map(len, dispatched)) > 1000
