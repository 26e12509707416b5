"""JX112 and JX114 look only at the rows whose 三级 name the document files under two level-2s
or more (structure._split_rows): on any document they report exactly what asking each row's
question of every row reports."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from model import Document, Indicator, Project
from model.rules import structure as S
from model.rules.base import LEVEL2, Hit
from model.rules.context import build_context

# A few names and level-2s, so that names are often split, tied or filed under a majority.
NAMES = st.sampled_from(["群众满意度", "发放人数", "数量指标", "", " ", "单位正常运转率"])
LEVELS = st.sampled_from(
    [("产出指标", "数量指标"), ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标")]
)


@st.composite
def _documents(draw: st.DrawFn) -> Document:
    projects = []
    for n in range(draw(st.integers(1, 5))):
        rows = []
        for _ in range(draw(st.integers(0, 5))):
            level1, level2 = draw(LEVELS)
            rows.append(Indicator(level1, level2, draw(NAMES), "描述", "≥90%", "依据"))
        projects.append(Project(code=f"P{n}", name=f"项目{n}", indicators=rows))
    return Document(projects=projects)


def _row_by_row(ctx, project: Project, question) -> list[Hit]:  # type: ignore[no-untyped-def]
    """The rule as a row rule: its question asked of every row."""
    return [
        Hit(message, LEVEL2, row)
        for row, ind, facts in ctx.rows(project)
        if (message := question(ctx, ind, facts))
    ]


@given(_documents())
def test_only_rows_with_split_names_can_be_reported(doc: Document) -> None:
    ctx = build_context(doc)
    for project in doc.projects:
        assert S.consistent_level2(ctx, project) == _row_by_row(
            ctx, project, S._inconsistent_level2
        )
        assert S.tied_level2(ctx, project) == _row_by_row(ctx, project, S._tied_level2)


def test_the_split_rows_are_reported() -> None:
    rows = [("效益指标", "社会效益指标")] * 3 + [("效益指标", "可持续影响指标")]
    projects = [
        Project(code=f"P{n}", name=f"项目{n}", indicators=[Indicator(l1, l2, "群众满意度", "", "")])
        for n, (l1, l2) in enumerate(rows)
    ]
    doc = Document(projects=projects)
    ctx = build_context(doc)
    assert [S.consistent_level2(ctx, p) for p in projects] == [
        [],
        [],
        [],
        [
            Hit(
                "“群众满意度”在本文档其他项目中多归入“社会效益指标”，这里是“可持续影响指标”，请统一",
                LEVEL2,
                1,
            )
        ],
    ]
