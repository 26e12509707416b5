"""model.merge: applying imports to a stored document, and the change list of --dry-run."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from model import (
    Document,
    GoalItem,
    Indicator,
    JixiaoError,
    Part1,
    Project,
    SpendingPlan,
    parse_amount,
)
from model.merge import (
    ALL_FIELDS,
    Change,
    _same_number_text,
    diff_documents,
    merge_document,
    share_unchanged,
)
from tests.doc_strategies import documents

CODE = "13052923P00584011574U"


def _stored() -> Document:
    return Document(
        dept_code="903001",
        dept_name="张王疃乡",
        year=2023,
        part1=Part1(overall=["总体"], items=[GoalItem("1、党建", "目标", "指标")]),
        projects=[
            Project(
                code=CODE,
                name="凤还巢",
                budget=parse_amount("11.00"),
                plan=SpendingPlan(parse_amount("2.50"), None, None, parse_amount("11.00")),
                goals=["1.提高热情。"],
                indicators=[
                    Indicator(
                        "产出指标",
                        "数量指标",
                        "发放人数",
                        "",
                        "3人",
                        "",
                        previous_value="2人",
                        id="i1",
                    ),
                    Indicator("产出指标", "时效指标", "发放时间", "", "12月底前", "", id="i2"),
                    Indicator(
                        "满意度指标",
                        "服务对象满意度指标",
                        "满意度",
                        "",
                        "≥90%",
                        "",
                        score_weight=Decimal(10),
                        id="i3",
                    ),
                ],
                id="p1",
            ),
            Project(code="P2", name="办公经费", budget=parse_amount("5.00"), id="p2"),
        ],
    )


def _csv_like(doc: Document) -> Document:
    """What a CSV indicator table gives: code, name, table fields, no ids."""
    incoming = copy.deepcopy(doc)
    incoming.dept_code, incoming.year = "", 0
    for project in incoming.projects:
        project.id = ""
        for ind in project.indicators:
            ind.id, ind.previous_value, ind.score_weight = "", "", None
    return incoming


INDICATOR_FIELDS = frozenset(
    {"name"}
    | {f"indicators.{a}" for a in ("level1", "level2", "name", "description", "value", "basis")}
)
PROJECT_FIELDS = frozenset({"name", "budget", "fiscal", "other", "purpose", "plan", "goals"})


def test_partial_indicators_merge_by_position_keeping_ids_and_other_fields():
    stored = _stored()
    incoming = _csv_like(stored)
    incoming.projects = incoming.projects[:1]  # P2 is not in the file: untouched
    incoming.projects[0].indicators[2].value = "≥95%"
    incoming.projects[0].budget = parse_amount("99")  # not a field of this table: ignored
    merged = merge_document(stored, incoming, partial_fields=INDICATOR_FIELDS)
    project = merged.projects[0]
    assert project.indicators[2].value == "≥95%"
    assert [i.id for i in project.indicators] == ["i1", "i2", "i3"]
    assert (
        project.indicators[0].previous_value == "2人" and project.indicators[2].score_weight == 10
    )
    assert str(project.budget) == "11.00"
    assert merged.projects[1] == stored.projects[1]
    assert stored.projects[0].indicators[2].value == "≥90%"  # arguments are not modified


def test_partial_rows_added_and_removed_at_the_end():
    stored = _stored()
    incoming = _csv_like(stored)
    incoming.projects[0].indicators = incoming.projects[0].indicators[:2] + [
        Indicator("效益指标", "社会效益指标", "稳定队伍", "", "稳定", "", id=""),
        Indicator("效益指标", "社会效益指标", "带动就业", "", "≥3人", "", id=""),
    ]
    merged = merge_document(stored, incoming, partial_fields=INDICATOR_FIELDS)
    inds = merged.projects[0].indicators
    assert [i.name for i in inds] == ["发放人数", "发放时间", "稳定队伍", "带动就业"]
    assert inds[2].id == "i3"  # position 3 keeps its id (and weight), with the new content
    assert inds[3].id and inds[3].id not in {"i1", "i2", "i3"}
    incoming.projects[0].indicators = incoming.projects[0].indicators[:1]
    merged = merge_document(stored, incoming, partial_fields=INDICATOR_FIELDS)
    assert [i.id for i in merged.projects[0].indicators] == ["i1"]


def test_full_documents_merge_indicators_by_id():
    stored = _stored()
    incoming = copy.deepcopy(stored)
    inds = incoming.projects[0].indicators
    inds.reverse()  # reordered: ids decide, not positions
    inds[0].value = "≥98%"  # i3
    inds.insert(1, Indicator(name="新指标", value="1次", id="new1"))
    merged = merge_document(stored, incoming)
    got = merged.projects[0].indicators
    assert [i.id for i in got] == ["i3", "new1", "i2", "i1"]
    assert got[0].value == "≥98%" and got[0].score_weight == 10


def test_unknown_code_with_partial_data_is_an_error_naming_it():
    incoming = _csv_like(_stored())
    incoming.projects[1].code = "P9"
    with pytest.raises(JixiaoError, match="没有项目编码 P9"):
        merge_document(_stored(), incoming, partial_fields=PROJECT_FIELDS)


def test_full_documents_add_new_projects_and_bring_part1():
    stored = _stored()
    incoming = copy.deepcopy(stored)
    incoming.dept_code, incoming.year = "999999", 2030  # the target document decides these
    incoming.part1.overall = ["新的总体目标"]
    incoming.projects = [Project(code="P3", name="新项目", id="p1", indicators=[Indicator(id="")])]
    merged = merge_document(stored, incoming)
    assert merged.key == "903001/2023"
    assert [p.code for p in merged.projects] == [CODE, "P2", "P3"]
    assert merged.projects[2].id not in {"p1", "p2", ""}  # a clashing id is replaced
    assert merged.projects[2].indicators[0].id
    assert merged.part1.overall == ["新的总体目标"]


def test_duplicate_codes_in_the_import_are_refused():
    incoming = _csv_like(_stored())
    incoming.projects[1].code = CODE
    with pytest.raises(JixiaoError, match=f"项目编码重复：{CODE}"):
        merge_document(_stored(), incoming, partial_fields=PROJECT_FIELDS)


def test_an_amount_equal_in_value_keeps_its_stored_spelling():
    stored = _stored()
    incoming = _csv_like(stored)
    incoming.projects[0].budget = parse_amount("11")  # a spreadsheet dropped the zeros
    incoming.projects[0].plan.mar = parse_amount("2.5")
    incoming.projects[1].budget = parse_amount("6")
    merged = merge_document(stored, incoming, partial_fields=PROJECT_FIELDS)
    assert str(merged.projects[0].budget) == "11.00" and str(merged.projects[0].plan.mar) == "2.50"
    assert str(merged.projects[1].budget) == "6"
    assert diff_documents(stored, merged) == [Change("changed", "P2", None, "预算数", "5.00", "6")]


def test_a_value_only_respelt_keeps_its_stored_spelling():
    stored = _stored()
    incoming = _csv_like(stored)
    first, second, third = incoming.projects[0].indicators
    first.value, third.value = "3.0人", "≥90.00%"  # as Calc writes numbers back
    second.value = "12月底"  # a real change
    merged = merge_document(stored, incoming, partial_fields=INDICATOR_FIELDS)
    assert [i.value for i in merged.projects[0].indicators] == ["3人", "12月底", "≥90%"]
    third.value = ">=90%"  # a changed comparator spelling is the user's: taken
    merged = merge_document(stored, incoming, partial_fields=INDICATOR_FIELDS)
    assert merged.projects[0].indicators[2].value == ">=90%"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_merging_a_document_into_itself_changes_nothing(doc):
    assert merge_document(doc, doc) == doc
    assert merge_document(doc, _csv_like(doc), partial_fields=INDICATOR_FIELDS) == doc
    assert diff_documents(doc, doc) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), documents())
def test_full_merge_takes_every_field_of_matched_projects(old, new):
    for project in new.projects:  # make some codes meet
        if old.projects:
            project.code = old.projects[len(project.code) % len(old.projects)].code
    codes = [p.code for p in new.projects]
    new.projects = [p for n, p in enumerate(new.projects) if p.code not in codes[:n]]
    merged = merge_document(old, new, partial_fields=None)
    for project in new.projects:
        got = merged.project_by_code(project.code)
        assert got is not None
        for name in ("name", "budget", "purpose", "goals", "extra"):
            assert getattr(got, name) == getattr(project, name)
        pairs = zip(got.indicators, project.indicators, strict=True)
        # a value only re-spelt (100% → 100.00%) keeps the stored spelling
        assert all(a.value == b.value or _same_number_text(a.value, b.value) for a, b in pairs)
    assert {p.code for p in merged.projects} == {p.code for p in old.projects} | set(codes)
    assert "indicators.value" in ALL_FIELDS


# --- the change list ------------------------------------------------------------------------------


def test_changes_read_as_one_chinese_line_each():
    stored = _stored()
    new = copy.deepcopy(stored)
    new.dept_name = "张王疃乡人民政府"
    new.projects[0].indicators[2].value = "≥95%"
    new.projects[0].plan.jun = parse_amount("5.00")
    new.projects[0].goals.append("2.稳定队伍。")
    new.projects[0].indicators.pop(0)  # by id: i1 removed, the others matched
    new.projects[0].indicators.append(
        Indicator("效益指标", "社会效益指标", "稳定", value="稳定", id="x")
    )
    new.projects.pop(1)
    new.projects.append(Project(code="P3", name="新项目"))
    lines = [str(c) for c in diff_documents(stored, new)]
    assert lines == [
        "文档 预算单位名称：张王疃乡 → 张王疃乡人民政府",
        f"项目 {CODE} 资金支出计划 6月底：（空） → 5.00",
        f"项目 {CODE} 绩效目标：1.提高热情。 → 1.提高热情。↵2.稳定队伍。",
        f"项目 {CODE} 指标 2 指标值：≥90% → ≥95%",
        f"项目 {CODE} 删除指标 1：产出指标/数量指标/发放人数：3人",
        f"项目 {CODE} 新增指标 3：效益指标/社会效益指标/稳定：稳定",
        "新增项目 P3：新项目（0 个指标）",
        "删除项目 P2：办公经费",
    ]
    assert all("\n" not in line for line in lines)


def test_without_shared_ids_indicators_are_compared_by_position():
    stored = _stored()
    new = _csv_like(stored)
    new.projects[0].indicators[0].value = "4人"
    assert [str(c) for c in diff_documents(stored, new)] == [
        f"项目 {CODE} 指标 1 指标值：3人 → 4人",
        f"项目 {CODE} 指标 1 上年指标值：2人 → （空）",
        f"项目 {CODE} 指标 3 权重：10 → （空）",
    ]


def test_a_new_document_lists_its_projects():
    lines = [str(c) for c in diff_documents(None, _stored())]
    assert lines[0] == "新建文档 903001/2023 张王疃乡"
    assert f"新增项目 {CODE}：凤还巢（3 个指标）" in lines and len(lines) == 5  # + part 1


def test_order_changes_and_long_values_are_shortened():
    stored = _stored()
    new = copy.deepcopy(stored)
    new.projects.reverse()
    new.projects[1].indicators.reverse()
    new.projects[1].purpose = "很长的用途" * 20
    lines = [str(c) for c in diff_documents(stored, new)]
    assert "文档 项目顺序调整" in lines
    assert f"项目 {CODE} 指标顺序调整" in lines
    long = next(line for line in lines if "资金用途" in line)
    assert long.endswith("…") and len(long) < 100


def test_a_merged_file_brings_its_word_layout_and_one_of_none_keeps_the_stored_one():
    stored = _stored()
    stored.layout = "2021"
    plain = copy.deepcopy(stored)
    plain.layout = ""
    assert merge_document(stored, plain).layout == "2021"
    seven = copy.deepcopy(stored)
    seven.layout = "2021-7"
    merged = merge_document(stored, seven)
    assert merged.layout == "2021-7"
    assert "指标表格式" in "\n".join(str(c) for c in diff_documents(stored, merged))


def test_brief_changes_name_places_short_enough_for_a_status_line():
    from model import Project
    from model.merge import brief_changes

    old = _stored()
    new = copy.deepcopy(old)
    new.projects[1].name = "改名"
    new.projects[0].indicators[0].value = "≤4人"
    new.projects.append(Project(code="P9", name="新项目"))
    new.part1.overall = ["新的总体目标"]
    new.money_unit = "元"
    assert brief_changes(old, new) == [
        "文档 金额单位",
        "第一部分 总体绩效目标",
        "项目1 第1行 指标值",
        "项目2 项目名称",
        "新增项目3",
    ]
    assert all(CODE not in line for line in brief_changes(old, new))


def test_share_unchanged_puts_the_old_objects_where_nothing_changed():
    old = _stored()
    new = copy.deepcopy(old)  # as a colleague's save is read: equal, but other objects
    new.projects[0].indicators[0].basis = "改过"  # they changed the first project only
    new.projects.append(Project(code="X", name="新增", id="p3"))
    share_unchanged(new, old)
    assert new.projects[1] is old.projects[1]  # unchanged: the object the editor has
    assert new.projects[0] is not old.projects[0]  # changed: theirs stays
    assert new.projects[0].indicators[0].basis == "改过"
    assert [p.id for p in new.projects] == ["p1", "p2", "p3"]
    # equal content under another id is not the same project
    other = copy.deepcopy(old)
    other.projects[1].id = "elsewhere"
    share_unchanged(other, old)
    assert other.projects[1] is not old.projects[1]
