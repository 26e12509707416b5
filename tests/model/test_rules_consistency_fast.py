"""The consistency rules' shortcuts skip only what could not fire: JX402 looks for another
project's payment (_foreign_kinds) only in the projects of _DocIndex.kind_readers, and a goal's
subject span for a name of one term is found without the general merge of runs — on any
document or text, not just the documents at hand."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from model import Document, Indicator, Part1, Project
from model.rules import consistency as C
from model.rules.context import build_context, name_segments

# Project names and 三级 names from small pools, so that kinds (工资, 补偿), their owners and
# their users meet often: names that pay a kind, names that merely hold it, and names that do not.
PROJECT_NAMES = st.sampled_from(
    [
        "村干部工资及保险",
        "占地补偿款",
        "交通补贴",
        "工资",
        "综合网格员工资",
        "环保工作经费",
        "办公运转",
    ]
)
ROW_NAMES = st.sampled_from(
    ["工资发放率", "人员工资发放率", "补偿金额", "发放人数", "补偿", "群众满意度", "工 资发放率"]
)
DESCRIPTIONS = st.sampled_from(["工资发放率", "车补发放率", "补偿款发放", "满意人数的比例", ""])


@st.composite
def documents(draw: st.DrawFn) -> Document:
    projects = []
    for n in range(draw(st.integers(1, 5))):
        rows = [
            Indicator("产出指标", "质量指标", draw(ROW_NAMES), draw(DESCRIPTIONS), "100%", "")
            for _ in range(draw(st.integers(0, 3)))
        ]
        name = draw(PROJECT_NAMES)
        purpose = draw(st.sampled_from(["", "用于发放工资", "用于办公"]))
        projects.append(
            Project(
                code=f"P{n}",
                name=name,
                budget=Decimal(1),
                fiscal=Decimal(1),
                other=None,
                purpose=purpose,
                indicators=rows,
            )
        )
    return Document(dept_code="1", dept_name="测试乡", year=2023, part1=Part1(), projects=projects)


@given(documents())
def test_only_kind_readers_can_hold_another_projects_payment(doc: Document) -> None:
    ctx = build_context(doc)
    index = C._build_index(ctx)
    for me, project in enumerate(doc.projects):
        found = list(C._foreign_kinds(ctx, project, me, index, set()))
        if me not in index.kind_readers:
            assert found == []
        # The set is exactly the projects the per-kind test lets through.
        lets_through = any(
            owners != [me] and me in index.kind_users[kind]
            for kind, owners in index.kind_owners.items()
        )
        assert (me in index.kind_readers) == lets_through


KEYS = st.lists(
    st.sampled_from(list("凤还巢大学生村干部的提高") + ["凤还巢", "村干部"]), max_size=12
)


@given(KEYS.map("".join), st.sampled_from(["凤还巢", "大学生村干部", "村干部", "提高", "无关词"]))
@example("提高凤还巢大学生村干部的干事热情", "凤还巢")
def test_one_term_spans_as_the_general_merge(key: str, term: str) -> None:
    # (term, term) takes the general path (two runs, merged); (term,) the one-term shortcut.
    assert C._subject_span(key, (term,)) == C._subject_span(key, (term, term))


# Cells that normalise alike or nearly: punctuation, white space and full-width forms around
# the same words, a name repeated, words that open alike.
CELLS = st.lists(
    st.sampled_from(
        [
            "发放人数",
            "发放",
            "人数",
            "。",
            "；",
            " ",
            "\u3000",
            "\u200b",
            "，",
            "ＡＢ",
            "AB",
            "1",
            "我单位",
        ]
    ),
    max_size=4,
).map("".join)


@given(st.lists(st.tuples(CELLS, CELLS, CELLS), max_size=4))
@example([("发放人数", "发放人数。", "发放 人数")])
@example([("ＡＢ发放", "AB发放", "\u200b\u3000AB发放；")])
def test_repeats_name_is_its_definition(rows: list[tuple[str, str, str]]) -> None:
    project = Project(
        indicators=[Indicator("产出指标", "数量指标", n, d, "1人", b) for n, d, b in rows]
    )
    found = [(hit.field, hit.row) for hit in C.repeats_name(build_context(Document()), project)]
    expected = []
    for row, (name, description, basis) in enumerate(rows, 1):
        if C._same(name, description):
            expected.append(("绩效指标描述", row))
        if C._same(name, basis):
            expected.append(("指标值确定依据", row))
    assert found == expected


# Project names that differ in their numbers, white space, brackets and generic words: the
# consistency index reads a name's parts by its segments (cached per segments, not per name).
NAMES = st.lists(
    st.sampled_from(
        [
            "凤还巢",
            "大学生村干部",
            "工资及保险",
            "环保",
            "工作经费",
            "（3-4）",
            "1",
            " ",
            "“",
            "、",
            "村医",
        ]
    ),
    max_size=5,
).map("".join)


@given(NAMES)
@example("“凤还巢”大学生村干部工资及保险（3-4）")
@example("环保工作经费（0-9）")
def test_name_parts_are_their_definition(name: str) -> None:
    C.clear_caches()
    segments = name_segments(name)
    whole = segments[0] if len(segments) == 1 and len(segments[0]) == 2 else ""
    expected = (tuple(s for s in segments if len(s) >= 3), whole)
    assert C._name_parts(name) == expected
    assert C._name_parts(name + "（9-99）") == expected  # from the cache, for another name


@given(KEYS.map("".join), st.sampled_from([(), ("凤还巢",), ("凤还巢", "村干部"), ("提高",)]))
def test_a_goal_template_is_its_definition(key: str, terms: tuple[str, ...]) -> None:
    span = C._subject_span(key, terms)
    expected = None
    if span is not None:
        before, after = key[: span[0]], key[span[1] :]
        if len(before) >= 2 and len(after) >= 3 and len(before) + len(after) >= 6:
            expected = (before, after)
    assert C._template(key, terms) == expected
