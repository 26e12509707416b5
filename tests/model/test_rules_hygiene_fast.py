"""The hygiene cell tests' shortcuts (a one-class search before the full pattern, one pass over
the brackets found) and JX609's (a value with no space and no full-width character is tidy)
give exactly what the plain definitions give, on any text."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from model.entities import Indicator, Project
from model.rules import fixes
from model.rules import hygiene as H
from model.rules.base import BASIS, DESCRIPTION, GOALS, IND_NAME, NAME, PURPOSE, VALUE, Hit
from model.values import ValueKind, parse_value

# Text made mostly of what the tests look for, so that most examples are near a finding.
_MARKS = list("《》（）()“”【】[]，。、；：！？,;_MHP\n \t") + [
    "[bookmark:",
    "_GoBack",
    "_Toc1",
    "MERGEFORMAT",
    "HYPERLINK",
    "PAGEREF",
    "\x07",
    "\ue001",
    "\ufffd",
    "发放",
    "a",
]
TEXTS = st.lists(st.sampled_from(_MARKS), max_size=12).map("".join) | st.text(max_size=20)


def _unbalanced_by_counting(text: str) -> str | None:
    """JX604 as first written: every kind of bracket counted over the whole text."""
    if not H._ANY_BRACKET.search(text):
        return None
    count = text.count
    for opening, closing in H._PAIRS:
        opened = count(opening[0]) + (count(opening[1]) if len(opening) > 1 else 0)
        closed = count(closing[0]) + (count(closing[1]) if len(closing) > 1 else 0)
        if opened != closed:
            return f"“{opening[0]}”与“{closing[0]}”不配对（{opened} 个对 {closed} 个），请补全"
    return None


@given(TEXTS)
def test_brackets_counted_in_one_pass_as_over_the_whole_text(text: str) -> None:
    assert H._unbalanced(text) == _unbalanced_by_counting(text)


@given(TEXTS)
def test_the_one_class_searches_miss_nothing_the_full_patterns_find(text: str) -> None:
    if H._ARTEFACT.search(text):
        assert H._ARTEFACT_START.search(text)
        assert H._artefact(text) is not None
    else:
        assert H._artefact(text) is None
    assert (H._doubled(text) is None) == (H._DOUBLED.search(text) is None)


def test_the_shortcuts_still_report() -> None:
    assert H._unbalanced("关于……的通知》（2017）") == "“《”与“》”不配对（0 个对 1 个），请补全"
    assert H._unbalanced("（（2017）") == "“（”与“）”不配对（2 个对 1 个），请补全"
    assert H._unbalanced("《通知》（2017）“好”【1】") is None
    assert H._artefact("[bookmark: _GoBack]占地") == "含有 Word 残留“[bookmark:”，请删除"
    assert H._doubled("补偿款，，维护") == "有重复的标点“，，”，请删去多余的"
    assert H._doubled("补偿款，维护。") is None


VALUES = st.lists(
    st.sampled_from(
        list("≥≤<>=%９０％．＜＞＝＋－，12 \u3000\t\x1c万元月底前人") + ["12月底", "≥ 90"]
    ),
    max_size=10,
).map("".join)


def _normalised_without_shortcut(text: str) -> str | None:
    if not text or "\n" in text:
        return None
    half = fixes.halfwidth_value(text) or text
    out = fixes.tidy_value(half) or half
    if out == text:
        return None
    if parse_value(out).kind not in (ValueKind.QUANTITATIVE, ValueKind.DEADLINE):
        return None
    return out


@given(VALUES)
def test_a_value_without_space_or_full_width_character_is_left_alone(text: str) -> None:
    assert fixes.normalised_value(text) == _normalised_without_shortcut(text)


INVISIBLE = st.sampled_from(sorted(H._INVISIBLE_NAMES))


@given(TEXTS | st.lists(INVISIBLE | st.sampled_from(_MARKS), max_size=6).map("".join))
@example("好\n\n坏，，（")
@example("a\tb")
@example("中,文")
@example("x\u200by")
@example("[bookmark: _GoBack]")
@example("\x07《")
def test_a_cell_report_is_every_test_run_in_order(text: str) -> None:
    every = tuple((t, m) for t in H._TESTS if (m := t(text)))
    assert H._cell_report(text) == every


def _report_cell_by_cell(project: Project) -> dict:
    """The project pass as first written: each cell, its field and its row, walked in order."""
    cells: list[tuple[str, str, int | None]] = [(project.name, NAME, None)]
    cells.append((project.purpose, PURPOSE, None))
    cells += [(line, GOALS, None) for line in project.goals]
    for row, ind in enumerate(project.indicators, 1):
        cells += [
            (ind.name, IND_NAME, row),
            (ind.description, DESCRIPTION, row),
            (ind.value, VALUE, row),
            (ind.basis, BASIS, row),
        ]
    report: dict = {t: [] for t in H._TESTS}
    for text, fld, row in cells:
        if text:
            for test, message in H._cell_report(text):
                report[test].append(Hit(message, fld, row))
    return report


CELLS = TEXTS | st.sampled_from(["", "（次）", "《通知》（", "a\tb", "中,文"])


@st.composite
def _projects(draw: st.DrawFn) -> Project:
    rows = [
        Indicator(name=draw(CELLS), description=draw(CELLS), value=draw(CELLS), basis=draw(CELLS))
        for _ in range(draw(st.integers(0, 4)))
    ]
    goals = draw(st.lists(CELLS, max_size=3))
    return Project(name=draw(CELLS), purpose=draw(CELLS), goals=goals, indicators=rows)


@given(_projects())
def test_the_project_pass_places_each_hit_on_its_cell(project: Project) -> None:
    assert H._report(project) == _report_cell_by_cell(project)


_HALF_WIDTH = re.compile(H._HALF_WIDTH)  # the definition, compiled here only
HALF_WIDTH_TEXTS = st.lists(
    st.sampled_from(list(" \t,;:?!()%a1中文㐀\n") + ["\u4dbf", "\u4dc0", "\u9fff", "\ua000"]),
    max_size=24,
).map("".join)


@given(HALF_WIDTH_TEXTS | TEXTS)
@example("巨办发(2017)10号")
@example("中  ,  文")
@example("中( ,文")
@example("95%,城乡")
@example("中) ,文")
def test_half_width_marks_are_found_where_the_pattern_finds_them(text: str) -> None:
    assert H._half_width_spans(text) == [m.span() for m in _HALF_WIDTH.finditer(text)]


@given(
    TEXTS | st.sampled_from(["企业环保检查（次）", "检查( 人 ) \n", "占地(亩)x", "（次）\u3000"])
)
def test_a_unit_in_a_name_ends_it_with_a_bracket(name: str) -> None:
    if H._UNIT_IN_NAME.search(name):
        assert name.rstrip().endswith(H._CLOSING)


@given(st.lists(VALUES, max_size=6))
def test_values_joined_without_an_untidy_character_are_all_tidy(values: list[str]) -> None:
    if not fixes.may_be_untidy(values):
        assert all(fixes.normalised_value(v) is None for v in values)
    assert fixes.may_be_untidy(values) == any(map(fixes._UNTIDY.search, values))


NAMES = TEXTS | st.sampled_from(
    ["企业环保检查（次）", "检查( 人 ) \n", "占地(亩)x", "（次）\u3000"]
)


def _units_in_names_row_by_row(project: Project) -> list[Hit]:
    """JX603 without the look at the names joined: every row's name searched."""
    hits = []
    for row, ind in enumerate(project.indicators, 1):
        m = H._UNIT_IN_NAME.search(ind.name)
        if m:
            message = f"三级指标名称中带单位“{m.group(0).strip()}”，单位请写在指标值里"
            hits.append(Hit(message, IND_NAME, row))
    return hits


@given(st.lists(NAMES, max_size=5))
@example(["企业环保检查（次）", "发放人数"])
def test_names_joined_without_a_closing_bracket_have_no_unit(names: list[str]) -> None:
    project = Project(indicators=[Indicator(name=name) for name in names])
    assert list(H.unit_in_name(None, project)) == _units_in_names_row_by_row(project)  # type: ignore[arg-type]
