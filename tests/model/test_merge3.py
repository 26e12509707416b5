"""model.merge3: three-way merge of a document, field by field, by stable ids."""

from __future__ import annotations

import copy
import gc
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import (
    AmountError,
    Document,
    GoalItem,
    Indicator,
    JixiaoError,
    Measure,
    Part1,
    Project,
    SpendingPlan,
)
from model.merge3 import merge3, merge_lines, resolve, revert, summary
from tests.doc_strategies import documents


def _base() -> Document:
    return Document(
        dept_code="903001",
        dept_name="张王疃乡",
        year=2023,
        part1=Part1(
            overall=["总体一", "总体二", "总体三"],
            items=[
                GoalItem("1、党建", "目标一", "指标一"),
                GoalItem("2、民生", "目标二", "指标二"),
            ],
            measures=[Measure("组织保障", "成立领导小组"), Measure("资金保障", "专款专用")],
        ),
        projects=[
            Project(
                code=f"P{n}",
                name=f"项目{n}",
                budget=Decimal("11.00"),
                plan=SpendingPlan(Decimal(1), None, None, Decimal(11)),
                goals=["1.目标甲", "2.目标乙", "3.目标丙"],
                indicators=[
                    Indicator("产出指标", "数量指标", f"指标{n}{k}", value="≤800元", id=f"i{n}{k}")
                    for k in range(1, 4)
                ],
                extra={"备注": "无"},
                id=f"p{n}",
            )
            for n in range(1, 5)
        ],
    )


Edit = Callable[[Document], None]


def _sides(mine: Edit, theirs: Edit) -> tuple[Document, Document, Document]:
    base = _base()
    m, t = copy.deepcopy(base), copy.deepcopy(base)
    mine(m)
    theirs(t)
    return base, m, t


def _set_value(pid: str, iid: str, value: str) -> Edit:
    return lambda d: setattr(d.project(pid).indicator(iid), "value", value)


def _nothing(d: Document) -> None:
    pass


# --- table: changes that merge silently ------------------------------------------------------

CLEAN: list[tuple[str, Edit, Edit, Callable[[Document], object], object]] = [
    (
        "disjoint projects",
        _set_value("p3", "i32", "≤1200元"),
        _set_value("p1", "i11", "≥5人"),
        lambda d: (d.project("p3").indicator("i32").value, d.project("p1").indicator("i11").value),
        ("≤1200元", "≥5人"),
    ),
    (
        "disjoint fields of one indicator",
        _set_value("p3", "i32", "≤1200元"),
        lambda d: setattr(d.project("p3").indicator("i32"), "basis", "历年数据"),
        lambda d: (d.project("p3").indicator("i32").value, d.project("p3").indicator("i32").basis),
        ("≤1200元", "历年数据"),
    ),
    (
        "same field same value",
        _set_value("p3", "i32", "≤1200元"),
        _set_value("p3", "i32", "≤1200元"),
        lambda d: d.project("p3").indicator("i32").value,
        "≤1200元",
    ),
    (
        "document fields",
        lambda d: setattr(d, "money_unit", "元"),
        lambda d: setattr(d, "dept_name", "张王疃镇"),
        lambda d: (d.money_unit, d.dept_name),
        ("元", "张王疃镇"),
    ),
    (
        "plan checkpoints",
        lambda d: setattr(d.project("p2").plan, "jun", Decimal(5)),
        lambda d: setattr(d.project("p2").plan, "oct", Decimal(8)),
        lambda d: d.project("p2").plan,
        SpendingPlan(Decimal(1), Decimal(5), Decimal(8), Decimal(11)),
    ),
    (
        "goals lines edited in different lines",
        lambda d: d.project("p2").goals.__setitem__(0, "1.目标甲改"),
        lambda d: d.project("p2").goals.append("4.目标丁"),
        lambda d: d.project("p2").goals,
        ["1.目标甲改", "2.目标乙", "3.目标丙", "4.目标丁"],
    ),
    (
        "extra keys",
        lambda d: d.project("p1").extra.__setitem__("备注", "有"),
        lambda d: d.project("p1").extra.__setitem__("来源", "上级"),
        lambda d: d.project("p1").extra,
        {"备注": "有", "来源": "上级"},
    ),
    (
        "indicator extra keys deleted and added",
        lambda d: d.project("p1").indicator("i11").extra.__setitem__("口径", "年末"),
        _nothing,
        lambda d: d.project("p1").indicator("i11").extra,
        {"口径": "年末"},
    ),
    (
        "row insert on both sides keeps both after their predecessors",
        lambda d: d.project("p1").indicators.insert(1, Indicator(name="我的新指标", id="m")),
        lambda d: d.project("p1").indicators.insert(3, Indicator(name="对方新指标", id="t")),
        lambda d: [i.id for i in d.project("p1").indicators],
        ["i11", "m", "i12", "i13", "t"],
    ),
    (
        "project inserts and a delete",
        lambda d: d.projects.insert(0, Project(code="N", id="new")),
        lambda d: d.projects.pop(2),
        lambda d: [p.id for p in d.projects],
        ["new", "p1", "p2", "p4"],
    ),
    (
        "move vs edit",
        lambda d: d.projects.insert(0, d.projects.pop(3)),
        lambda d: setattr(d.project("p4"), "name", "改名"),
        lambda d: ([p.id for p in d.projects], d.project("p4").name),
        (["p4", "p1", "p2", "p3"], "改名"),
    ),
    (
        "both reorder: theirs' order, mine's insert after its predecessor (p1)",
        lambda d: (d.projects.reverse(), d.projects.append(Project(id="mine"))),
        lambda d: d.projects.insert(0, d.projects.pop(1)),
        lambda d: [p.id for p in d.projects],
        ["p2", "p1", "mine", "p3", "p4"],
    ),
    (
        "part1 items: edit one, the other inserted before it",
        lambda d: setattr(d.part1.items[1], "goal", "目标二改"),
        lambda d: d.part1.items.insert(0, GoalItem("0、新", "新目标", "新指标")),
        lambda d: [(i.title, i.goal) for i in d.part1.items],
        [("0、新", "新目标"), ("1、党建", "目标一"), ("2、民生", "目标二改")],
    ),
    (
        "part1 measures: title and body",
        lambda d: setattr(d.part1.measures[0], "title", "组织保障改"),
        lambda d: setattr(d.part1.measures[0], "body", "成立工作专班"),
        lambda d: d.part1.measures[0],
        Measure("组织保障改", "成立工作专班"),
    ),
    (
        "overall paragraphs like lines",
        lambda d: d.part1.overall.__setitem__(0, "总体一改"),
        lambda d: d.part1.overall.pop(2),
        lambda d: d.part1.overall,
        ["总体一改", "总体二"],
    ),
]


@pytest.mark.parametrize(
    ("mine", "theirs", "look", "expected"), [c[1:] for c in CLEAN], ids=[c[0] for c in CLEAN]
)
def test_changes_of_both_sides_merge_without_conflict(mine, theirs, look, expected) -> None:
    base, m, t = _sides(mine, theirs)
    before = copy.deepcopy((base, m, t))
    merged = merge3(base, m, t)
    assert merged.conflicts == []
    assert look(merged.doc) == expected
    assert (base, m, t) == before  # no argument is modified
    assert merged.doc.projects[0] is not t.projects[0]  # nothing shared with the inputs


# --- table: conflicts --------------------------------------------------------------------------

CONFLICTS: list[tuple[str, Edit, Edit, str, str, str]] = [
    (
        "indicator value",
        _set_value("p3", "i32", "≤1200元"),
        _set_value("p3", "i32", "≤1000元"),
        "field",
        "项目3“项目3” 第2行 指标值",
        "项目3“项目3” 第2行 指标值：我的“≤1200元”，对方的“≤1000元”",
    ),
    (
        "budget",
        lambda d: setattr(d.project("p3"), "budget", Decimal(12)),
        lambda d: setattr(d.project("p3"), "budget", Decimal(13)),
        "field",
        "项目3“项目3” 预算数",
        "项目3“项目3” 预算数：我的“12”，对方的“13”",
    ),
    (
        "plan checkpoint",
        lambda d: setattr(d.project("p1").plan, "mar", Decimal(2)),
        lambda d: setattr(d.project("p1").plan, "mar", None),
        "field",
        "项目1“项目1” 资金支出计划 3月底",
        "项目1“项目1” 资金支出计划 3月底：我的“2”，对方的“（空）”",
    ),
    (
        "the same goals line",
        lambda d: d.project("p1").goals.__setitem__(1, "2.我的"),
        lambda d: d.project("p1").goals.__setitem__(1, "2.对方"),
        "field",
        "项目1“项目1” 绩效目标",
        "项目1“项目1” 绩效目标：我的“1.目标甲↵2.我的↵3.目标丙”，对方的“1.目标甲↵2.对方↵3.目标丙”",
    ),
    (
        "document money unit",
        lambda d: setattr(d, "money_unit", "元"),
        lambda d: setattr(d, "money_unit", "千元"),
        "field",
        "文档 金额单位",
        "文档 金额单位：我的“元”，对方的“千元”",
    ),
    (
        "part1 item title",
        lambda d: setattr(d.part1.items[1], "title", "2、我的"),
        lambda d: setattr(d.part1.items[1], "title", "2、对方"),
        "field",
        "第一部分 分项绩效目标2 标题",
        "第一部分 分项绩效目标2 标题：我的“2、我的”，对方的“2、对方”",
    ),
    (
        "extra key",
        lambda d: d.project("p2").extra.__setitem__("备注", "甲"),
        lambda d: d.project("p2").extra.__setitem__("备注", "乙"),
        "field",
        "项目2“项目2” 备注",
        "项目2“项目2” 备注：我的“甲”，对方的“乙”",
    ),
    (
        "mine deleted the indicator theirs edited",
        lambda d: d.project("p3").indicators.pop(1),
        _set_value("p3", "i32", "≤1000元"),
        "deleted-edited",
        "项目3“项目3” 第2行",
        "项目3“项目3” 第2行：我的“删除了此行”，对方的“修改了此行（产出指标/数量指标/指标32：≤1000元）”",
    ),
    (
        "theirs deleted the project mine edited",
        lambda d: setattr(d.project("p2"), "name", "改名"),
        lambda d: d.projects.pop(1),
        "deleted-edited",
        "项目2“改名”",
        "项目2“改名”：我的“修改了此行（P2 改名）”，对方的“删除了此行”",
    ),
]


@pytest.mark.parametrize(
    ("mine", "theirs", "kind", "where", "line"),
    [c[1:] for c in CONFLICTS],
    ids=[c[0] for c in CONFLICTS],
)
def test_the_same_place_changed_differently_is_one_conflict(
    mine, theirs, kind, where, line
) -> None:
    base, m, t = _sides(mine, theirs)
    merged = merge3(base, m, t)
    assert [(c.kind, c.where, c.line()) for c in merged.conflicts] == [(kind, where, line)]
    # Until resolved the merged document holds theirs; choosing each side gives that side.
    assert resolve(merged, "theirs") == merged.doc == t
    assert resolve(merged, "mine") == m


def test_a_conflict_beside_clean_changes_keeps_them_whichever_is_chosen() -> None:
    def mine(d: Document) -> None:
        d.project("p3").indicator("i32").value = "≤1200元"
        d.project("p1").name = "我改的名"

    def theirs(d: Document) -> None:
        d.project("p3").indicator("i32").value = "≤1000元"
        d.project("p4").budget = Decimal(99)

    base, m, t = _sides(mine, theirs)
    merged = merge3(base, m, t)
    (conflict,) = merged.conflicts
    assert conflict.path == ("project", "p3", "indicator", "i32", "value")
    assert (conflict.mine, conflict.theirs, conflict.base) == ("≤1200元", "≤1000元", "≤800元")
    for choice, value in (("mine", "≤1200元"), ("theirs", "≤1000元"), ("≤1100元", "≤1100元")):
        doc = resolve(merged, {conflict.path: choice})
        assert doc.project("p3").indicator("i32").value == value
        assert doc.project("p1").name == "我改的名"
        assert doc.project("p4").budget == Decimal(99)
    assert merged.doc.project("p3").indicator("i32").value == "≤1000元"  # resolve copies


def test_a_typed_value_is_parsed_as_the_field_parses_it() -> None:
    base, m, t = _sides(
        lambda d: setattr(d.project("p3"), "budget", Decimal(12)),
        lambda d: setattr(d.project("p3"), "budget", Decimal(13)),
    )
    merged = merge3(base, m, t)
    assert resolve(merged, ["12.50"]).project("p3").budget == Decimal("12.50")
    with pytest.raises(AmountError):
        resolve(merged, ["十二"])
    with pytest.raises(ValueError):
        resolve(merged, [])


def test_a_deleted_edited_row_takes_no_typed_text_and_mine_puts_my_row_back_in_place() -> None:
    base, m, t = _sides(
        _set_value("p3", "i32", "≤1200元"), lambda d: d.project("p3").indicators.pop(1)
    )
    merged = merge3(base, m, t)
    assert [i.id for i in merged.doc.project("p3").indicators] == ["i31", "i33"]
    with pytest.raises(JixiaoError, match="只能选择我的或对方的"):
        resolve(merged, ["随便"])
    assert [i.id for i in resolve(merged, "mine").project("p3").indicators] == ["i31", "i32", "i33"]


def test_part1_item_deleted_by_one_and_edited_by_the_other() -> None:
    base, m, t = _sides(
        lambda d: d.part1.items.pop(0), lambda d: setattr(d.part1.items[0], "goal", "改")
    )
    merged = merge3(base, m, t)
    assert [c.where for c in merged.conflicts] == ["第一部分 分项绩效目标1"]
    assert resolve(merged, "mine").part1.items == m.part1.items


def test_a_merge_lists_my_changes_in_chinese() -> None:
    base, m, t = _sides(_set_value("p3", "i32", "≤1200元"), _nothing)
    merged = merge3(base, m, t)
    assert merged.changes == ["项目 P3 指标 2 指标值：≤800元 → ≤1200元"]
    assert summary(base, m) == "项目 P3 指标 2 指标值：≤800元 → ≤1200元"
    assert summary(base, base) == "无修改"


def test_merge_lines() -> None:
    assert merge_lines(["a", "b", "c"], ["a", "B", "c"], ["a", "b", "c", "d"]) == [
        "a",
        "B",
        "c",
        "d",
    ]
    assert merge_lines(["a", "b"], ["a", "x"], ["a", "y"]) is None
    assert merge_lines(["a", "b"], ["a"], ["a", "y"]) is None  # deleted and edited
    assert merge_lines(["a", "b"], ["a"], ["a"]) == ["a"]


# --- undo: the inverse of my own step, on the current document --------------------------------


def _step(edit: Edit) -> tuple[Document, Document]:
    before = _base()
    after = copy.deepcopy(before)
    edit(after)
    return before, after


def test_undo_of_my_edit_reverts_only_it() -> None:
    before, after = _step(_set_value("p3", "i32", "≤1200元"))
    current = copy.deepcopy(after)
    current.project("p1").name = "同事改的"  # someone else saved since
    undone = revert(before, after, current)
    assert undone.conflicts == []
    assert undone.doc.project("p3").indicator("i32").value == "≤800元"
    assert undone.doc.project("p1").name == "同事改的"


def test_undo_of_a_field_someone_changed_since_is_a_conflict() -> None:
    before, after = _step(_set_value("p3", "i32", "≤1200元"))
    current = copy.deepcopy(after)
    current.project("p3").indicator("i32").value = "≤900元"
    undone = revert(before, after, current)
    assert [c.line() for c in undone.conflicts] == [
        "项目3“项目3” 第2行 指标值：我的“≤800元”，对方的“≤900元”"
    ]
    assert undone.doc == current


@pytest.mark.parametrize(
    "edit",
    [
        lambda d: d.project("p2").indicators.insert(1, Indicator(name="新", id="new")),
        lambda d: d.project("p2").indicators.pop(0),
        lambda d: d.projects.insert(0, d.projects.pop(2)),
        lambda d: d.part1.measures.pop(0),
    ],
    ids=["insert", "delete", "move", "part1 delete"],
)
def test_undo_of_my_row_insert_delete_move_keeps_the_others_edit(edit: Edit) -> None:
    before, after = _step(edit)
    current = copy.deepcopy(after)
    current.project("p4").indicator("i41").value = "同事的值"
    current.dept_name = "同事的单位名"
    undone = revert(before, after, current)
    assert undone.conflicts == []
    expected = copy.deepcopy(before)
    expected.project("p4").indicator("i41").value = "同事的值"
    expected.dept_name = "同事的单位名"
    assert undone.doc == expected


# --- properties --------------------------------------------------------------------------------

_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(documents(), documents())
def test_no_change_of_mine_gives_theirs_and_no_change_of_theirs_gives_mine(
    b: Document, x: Document
) -> None:
    assert merge3(b, b, x).doc == x
    assert merge3(b, x, b).doc == x
    same = merge3(b, x, copy.deepcopy(x))
    assert same.doc == x and same.conflicts == []


@st.composite
def _disjoint(draw: st.DrawFn) -> tuple[Document, Document, Document]:
    """A base and two sides editing different projects (fields, indicators, deletions)."""
    base = draw(documents().filter(lambda d: len(d.projects) >= 2))
    m, t = copy.deepcopy(base), copy.deepcopy(base)
    split = draw(st.integers(1, len(base.projects) - 1))
    for side, own in ((m, base.projects[:split]), (t, base.projects[split:])):
        for p in own:
            action = draw(st.sampled_from(["keep", "edit", "delete", "indicator"]))
            target = side.project(p.id)
            if action == "edit":
                target.name = draw(st.text(max_size=5))
                target.budget = Decimal(draw(st.integers(0, 99)))
            elif action == "delete":
                side.projects.remove(target)
            elif action == "indicator":
                target.indicators.insert(0, Indicator(name="新", id=f"n{p.id}"))
    m.money_unit = "元" if base.money_unit != "元" else "万元"
    t.part1.overall = [*base.part1.overall, "对方加的段落"]
    return base, m, t


@_settings
@given(_disjoint())
def test_disjoint_edits_merge_cleanly_and_commute(
    sides: tuple[Document, Document, Document],
) -> None:
    b, m, t = sides
    one, other = merge3(b, m, t), merge3(b, t, m)
    assert one.conflicts == [] and other.conflicts == []
    assert one.doc == other.doc
    assert one.doc.money_unit == m.money_unit and one.doc.part1.overall == t.part1.overall


# --- speed -------------------------------------------------------------------------------------


def _big(projects: int) -> Document:
    doc = _base()
    template = doc.projects[0]
    doc.projects = []
    for n in range(projects):
        p = copy.deepcopy(template)
        p.id, p.code = f"p{n}", f"P{n}"
        p.indicators = [copy.deepcopy(template.indicators[0]) for _ in range(10)]
        for k, ind in enumerate(p.indicators):
            ind.id = f"i{n}-{k}"
        doc.projects.append(p)
    return doc


def test_a_2500_project_document_merges_in_linear_time() -> None:
    """Merging grows with the document, not with its square: 2,500 projects cost about ten times
    250 (a quadratic merge would cost a hundred times). Both are timed in this run, best of five,
    so a loaded machine slows both alike; speed itself is bench/'s business (no absolute bound).
    Timed in CPU time with the collector paused (_timed): on a loaded CI run, wall time and the
    collector's full passes over the test process's heap made 2,500 projects read 70 times 250."""

    def best(n: int) -> float:
        base = _big(n)
        m, t = copy.deepcopy(base), copy.deepcopy(base)
        m.projects[3].indicators[1].value = "≤1200元"
        t.projects[n - 200].name = "对方"
        t.projects.pop(100)
        merged = merge3(base, m, t)
        assert merged.conflicts == [] and len(merged.doc.projects) == n - 1
        return min(_timed(lambda: merge3(base, m, t)) for _ in range(5))

    small, large = best(250), best(2500)
    print(f"merge3: 250 projects {small * 1000:.1f} ms, 2,500 projects {large * 1000:.1f} ms")
    assert large / small < 40


def _timed(run: Callable[[], object]) -> float:
    """run's CPU time, the collector paused: what is measured is the merge's own work."""
    paused = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        run()
        return time.process_time() - start
    finally:
        if paused:
            gc.enable()


def test_the_same_overall_paragraph_changed_by_both_is_one_conflict_line() -> None:
    base = Document(dept_code="1", year=2023, part1=Part1(overall=["甲", "乙"]))
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.part1.overall[0] = "甲（我的）"
    theirs.part1.overall[0] = "甲（对方）"
    theirs.part1.overall[1] = "乙（对方）"
    merged = merge3(base, mine, theirs)
    [conflict] = merged.conflicts
    assert conflict.where == "第一部分 总体绩效目标"
    assert conflict.line().startswith("第一部分 总体绩效目标：我的“甲（我的）")
    assert resolve(merged, "mine").part1.overall[0] == "甲（我的）"
    assert resolve(merged, "theirs").part1.overall == ["甲（对方）", "乙（对方）"]


def test_the_fast_row_copies_carry_every_field_of_the_dataclasses() -> None:
    """merge3 copies rows by hand (7× faster than copy.copy); a field added to Indicator or
    Project that the copy forgets must fail here, not vanish in a merge."""
    from dataclasses import fields

    from model.merge3 import _copy_indicator, _copy_project

    def filled(cls: type, **given: object) -> object:
        values = {}
        for n, f in enumerate(fields(cls)):
            if f.name in given:
                values[f.name] = given[f.name]
            elif f.type in ("str", str):
                values[f.name] = f"{f.name}-{n}"
            elif "Decimal" in str(f.type):
                values[f.name] = Decimal(n)
            elif "dict" in str(f.type):
                values[f.name] = {f.name: str(n)}
            elif "list[str]" in str(f.type):
                values[f.name] = [f.name]
        return cls(**values)

    indicator = filled(Indicator)
    assert _copy_indicator(indicator) == indicator
    project = filled(Project, plan=SpendingPlan(*map(Decimal, "1234")), indicators=[indicator])
    copied = _copy_project(project)
    assert copied == project and copied.indicators[0] is not indicator
    assert copied.extra is not project.extra and copied.goals is not project.goals


def test_a_project_name_with_quotes_of_its_own_is_bracketed_not_quoted_twice() -> None:
    base = Document(
        dept_code="1",
        year=2023,
        projects=[Project(code="P1", name="“凤还巢”工资", budget=Decimal("1"), id="p1")],
    )
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.projects[0].budget, theirs.projects[0].budget = Decimal("2"), Decimal("3")
    [conflict] = merge3(base, mine, theirs).conflicts
    assert conflict.where == "项目1（“凤还巢”工资） 预算数"
