"""JX112 and JX114 look only at the rows whose 三级 name can be reported (structure._majorities,
_ties): on any document they report exactly what asking each row's question of every row
reports. JX106 and JX113, kept per table layout across documents, report what a cold check
does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from model import Document, Indicator, Profile, Project
from model.rules import check_document, engine
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


# 一级/二级 as clerks write them: canonical, variant spellings, blank, outside the framework.
LEVEL_PAIRS = st.sampled_from(
    [
        ("产出指标", "数量指标"),
        ("产出指标", "成本指标"),
        ("成本指标", "经济成本指标"),
        ("效益指标", "社会效益指标"),
        ("效益指标", "可持续影响指标"),
        ("满意度指标", "服务对象满意度指标"),
        ("产出类指标", "时效指标"),
        ("", "质量指标"),
        ("效益", "数量指标"),
    ]
)


@given(st.lists(LEVEL_PAIRS, max_size=8), st.sampled_from(list(Profile)), st.booleans())
def test_a_layouts_hits_do_not_depend_on_the_document_that_cached_them(
    pairs: list[tuple[str, str]], profile: Profile, sustainable: bool
) -> None:
    # JX106 and JX113 are kept per layout across documents (structure._layout_of_levels): the
    # same rows in documents of every setting get what a cold check of each gets.
    rows = [
        Indicator(l1, l2, f"指标{n}", "描述", "≥90%", "依据") for n, (l1, l2) in enumerate(pairs)
    ]
    docs = [
        Document(profile=p, allow_sustainable=a, projects=[Project(code="P1", indicators=rows)])
        for p, a in ((profile, sustainable), *((p, not sustainable) for p in Profile))
    ]
    only = ("JX106", "JX113")
    cold = []
    for doc in docs:
        engine.clear_caches()
        cold.append(check_document(doc, only=only))
    engine.clear_caches()
    assert [check_document(doc, only=only) for doc in docs] == cold
