"""Hypothesis strategies for whole documents, and the sample document, for the format tests."""

from __future__ import annotations

import copy
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

import pytest
from hypothesis import strategies as st

from model import (
    Document,
    GoalItem,
    Indicator,
    Measure,
    Part1,
    Phase,
    Profile,
    Project,
    SpendingPlan,
)
from model.entities import (
    DEFAULT_SCORE_WEIGHTS,
    Achievement,
    DeviationCause,
    Likelihood,
    Scoring,
)

SAMPLE_DOCX = Path(__file__).parent / "fixtures" / "zhangwangtuan-2023.docx"

# Characters the documents really hold, plus what trips formats up: quotes, commas, "=" at the
# start (a formula to Excel), full-width forms, ideographic and plain spaces, line breaks.
_SPECIAL = list("预算绩效目标项目指标值人次元万亩％%≥≤=<>，。、；：“”（）《》,\"' \u3000\n-.#@+")
_CHARS = st.characters(
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="\r\x85\u2028\u2029",
)
_alphabet = st.one_of(st.sampled_from(_SPECIAL), _CHARS)

text = st.text(_alphabet, max_size=12)
line = st.text(st.one_of(st.sampled_from([c for c in _SPECIAL if c != "\n"]), _CHARS), max_size=10)
code = st.from_regex(r"[0-9A-Z]{1,21}", fullmatch=True)


@st.composite
def amounts(draw: st.DrawFn) -> Decimal | None:
    """Blank, or a decimal as people write it: 11, 11.5, 11.00, 0.000001, -3.20, huge ones."""
    if draw(st.integers(0, 5)) == 0:
        return None
    digits = draw(st.sampled_from([3, 6, 12, 18]))
    number = draw(st.integers(-(10**digits), 10**digits))
    return Decimal(number).scaleb(-draw(st.integers(0, 6)))


values = st.one_of(
    st.sampled_from(
        [
            "",
            "≥95%",
            "≤3人",
            "100%",
            "50台",
            "=1",
            "12月底前",
            "2023年8月底",
            "村民生产生活环境明显改善",
        ]
    ),
    st.builds(
        lambda comp, num, unit: f"{comp}{num}{unit}",
        st.sampled_from(["", "≥", "≤", ">=", "＜", "="]),
        st.decimals(0, 10000, places=2, allow_nan=False).map(str),
        st.sampled_from(["", "人", "%", "万元", "元/份", "平方米"]),
    ),
    text,
)
extras = st.dictionaries(line, text, max_size=2)
# Names of both conventions: 成本指标 is a 一级 in the 2021 guidance, with 经济成本指标 etc.
LEVEL1_NAMES = ["产出指标", "效益指标", "满意度指标", "成本指标"]
LEVEL2_NAMES = [
    "数量指标",
    "时效指标",
    "环境效益指标",
    "成本指标",
    "经济成本指标",
    "生态环境成本指标",
]


def _choice(words: type[StrEnum]) -> st.SearchStrategy[str]:
    """Blank, or one of a 运行监控 / 绩效自评 choice's words (偏差原因, 完成目标可能性, 完成程度)."""
    return st.sampled_from(["", *(w.value for w in words)])


@st.composite
def indicators(draw: st.DrawFn, later: bool = False) -> Indicator:
    """An indicator row; later: with the 运行监控 and 绩效自评 fields filled at random too (the
    targets' Word table cannot carry them, the other formats must)."""
    ind = Indicator(
        level1=draw(st.one_of(st.sampled_from(LEVEL1_NAMES), text)),
        level2=draw(st.one_of(st.sampled_from(LEVEL2_NAMES), text)),
        name=draw(text),
        description=draw(text),
        value=draw(values),
        basis=draw(text),
        previous_value=draw(values),
        formula=draw(text),
        score_weight=draw(amounts()),
        extra=draw(extras),
    )
    if later:
        ind.actual_to_date = draw(values)
        ind.forecast = draw(values)
        ind.deviation_cause = draw(_choice(DeviationCause))
        ind.likelihood = draw(_choice(Likelihood))
        ind.actual = draw(values)
        ind.achievement = draw(_choice(Achievement))
        ind.score = draw(amounts())
        ind.deviation = draw(text)
    return ind


@st.composite
def projects(draw: st.DrawFn, project_code: str, later: bool = False) -> Project:
    # A single blank goal line reads back as no goals (both are an empty cell): not generated.
    goals = draw(st.lists(line, max_size=3).filter(lambda g: g != [""]))
    project = Project(
        code=project_code,
        name=draw(text),
        budget=draw(amounts()),
        fiscal=draw(amounts()),
        other=draw(amounts()),
        purpose=draw(text),
        plan=SpendingPlan(*(draw(amounts()) for _ in range(4))),
        goals=goals,
        indicators=draw(st.lists(indicators(later), max_size=4)),
        extra=draw(extras),
    )
    if later:
        project.annual_budget = draw(amounts())
        project.executed_to_date = draw(amounts())
        project.executed = draw(amounts())
        project.completion = draw(text)
    return project


# Scoring settings a document may be given: the default, or other 一级 weights and grade bands.
_POINTS = st.integers(0, 100).map(Decimal) | st.decimals(0, 100, places=2, allow_nan=False)
scorings = st.one_of(
    st.builds(Scoring),
    st.builds(
        Scoring,
        st.dictionaries(
            st.sampled_from([*DEFAULT_SCORE_WEIGHTS, "成本指标"]), _POINTS, min_size=1, max_size=5
        ),
        st.dictionaries(st.sampled_from(["优", "良", "中", "及格"]), _POINTS, max_size=4),
    ),
)


@st.composite
def documents(draw: st.DrawFn, later: bool = False) -> Document:
    """A document of up to four projects; later: in any phase, with the 运行监控 and 绩效自评
    fields and the scoring settings drawn too (for the formats that carry them: JSON, CSV,
    Excel — not the targets' Word table)."""
    codes = draw(st.lists(code, max_size=4, unique=True))
    doc = Document(
        dept_code=draw(st.from_regex(r"[0-9]{6}", fullmatch=True)),
        dept_name=draw(text),
        year=draw(st.integers(1900, 2200)),
        money_unit=draw(st.sampled_from(["万元", "元"])),
        profile=draw(st.sampled_from(list(Profile))),
        allow_sustainable=draw(st.booleans()),
        part1=Part1(
            overall=draw(st.lists(text, max_size=3)),
            items=draw(st.lists(st.builds(GoalItem, text, text, text), max_size=2)),
            measures=draw(st.lists(st.builds(Measure, text, text), max_size=2)),
        ),
        projects=[draw(projects(c, later)) for c in codes],
        extra=draw(extras),
    )
    if later:
        doc.phase = draw(st.sampled_from(list(Phase)))
        doc.scoring = draw(scorings)
    return doc


def blank_table_fields(doc: Document) -> Document:
    """A stored document the CSV tables are merged into: same projects, ids and the fields no
    table carries, but every table field blanked or changed — those outside the Word table
    (上年指标值 …, the 运行监控 and 绩效自评 fields) too, so that a round trip shows the tables
    carry every one that is filled."""
    base = copy.deepcopy(doc)
    for project in base.projects:
        project.name = "旧名称"
        project.budget = project.fiscal = project.other = None
        project.purpose = ""
        project.plan = SpendingPlan()
        project.goals = ["旧目标"]
        project.annual_budget = project.executed_to_date = project.executed = None
        project.completion = ""
        for ind in project.indicators:
            ind.level1 = ind.level2 = ind.name = ind.description = ind.basis = ""
            ind.value = "旧值"
            ind.previous_value = ind.formula = ""
            ind.score_weight = ind.score = None
            ind.actual_to_date = ind.forecast = ind.deviation_cause = ind.likelihood = ""
            ind.actual = ind.achievement = ind.deviation = ""
    return base


_sample_cache: list[Document] = []


def sample_document() -> Document:
    """The real sample, read from the Word fixture (skips while the docx reader is missing)."""
    if not _sample_cache:
        pytest.importorskip("exporters.docx.reader")
        from exporters import docx

        result = docx.read(SAMPLE_DOCX.read_bytes(), source=SAMPLE_DOCX.name)
        assert not result.errors, result.errors
        _sample_cache.append(result.documents[0])
    return copy.deepcopy(_sample_cache[0])
