"""Quick fixes (model.rules.fixes): each fix cures its finding, changes nothing but the located
field, and what has no mechanical fix is left alone."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from model import Document, JixiaoError
from model.dismissals import location_of
from model.rules import apply_fixes, check_document, fix_one, has_fix, plan_fixes
from model.rules.fixes import halfwidth_value, tidy_value

from .rules_helpers import clean_document

Change = Callable[[Document], None]


def _value(row: int, value: str) -> Change:
    def change(doc: Document) -> None:
        doc.projects[1].indicators[row].value = value

    return change


def _basis(text: str) -> Change:
    def change(doc: Document) -> None:
        doc.projects[2].indicators[0].basis = text

    return change


def _goals(lines: list[str]) -> Change:
    def change(doc: Document) -> None:
        doc.projects[0].goals = lines

    return change


def _deadline_without_before(doc: Document) -> None:
    """Three deadlines written “…前” and one (project 3 row 3) without: JX220."""
    from model import Indicator

    for month in ("6", "11"):
        doc.projects[1].indicators.append(
            Indicator(
                "产出指标",
                "时效指标",
                f"第{month}月任务完成时间",
                "完成时间",
                f"{month}月底前",
                "方案",
            )
        )
    doc.projects[2].indicators[2].value = "12月底"


CASES = {
    # rule: (how the clean document is spoiled, the fixed text of the located field)
    "JX208": (_value(1, "≤100%"), "=100%"),
    "JX601": (_basis("[bookmark: _GoBack]印制合同"), "印制合同"),
    "JX602": (_basis("印制合同\n\n采购文件"), "印制合同\n采购文件"),
    "JX604": (
        _basis("关于加强全市乡镇（街道）环保机构建设的意见的通知》"),
        "《关于加强全市乡镇（街道）环保机构建设的意见的通知》",
    ),
    "JX605": (_basis("印制合同，，市场询价"), "印制合同，市场询价"),
    "JX609": (_value(1, "≥ ９５ ％"), "≥95%"),
    "JX220": (_deadline_without_before, "12月底前"),
    "JX401": (
        _goals(["1.完成道路硬化。", "2.安装路灯40盏。", "3.完成道路硬化。", "4.保障出行。"]),
        "1.完成道路硬化。\n2.安装路灯40盏。\n3.保障出行。",  # renumbered
    ),
}


def _spoiled(rule: str) -> tuple[Document, Document]:
    clean = clean_document()
    assert not [f for f in check_document(clean) if f.rule == rule]
    doc = copy.deepcopy(clean)
    CASES[rule][0](doc)
    return clean, doc


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_fix_cures_its_finding_and_changes_only_that_field(rule: str) -> None:
    clean, doc = _spoiled(rule)
    before = copy.deepcopy(doc)
    [finding] = [f for f in check_document(doc) if f.rule == rule]
    change = fix_one(doc, finding)
    assert change is not None and change.rules == (rule,)
    assert change.after == CASES[rule][1]
    fixed = apply_fixes(doc, [change])
    assert doc == before  # the input is not changed
    assert not [f for f in check_document(fixed) if f.rule == rule]
    # Only the located field differs: put the original text back and the documents are equal.
    undo = copy.deepcopy(change)
    restored = apply_fixes(fixed, [type(change)(*_swap(undo))])
    assert restored == doc
    assert has_fix(rule)


def _swap(change):
    return (
        change.rules,
        change.location,
        change.place,
        change.where,
        change.field,
        change.after,
        change.before,
    )


def test_a_fix_is_shown_before_and_after_in_chinese() -> None:
    _, doc = _spoiled("JX208")
    [change] = plan_fixes(doc, check_document(doc))
    assert change.line() == "项目2 第2行 指标值：“≤100%” → “=100%”（JX208）"
    assert change.place == "2.2"


def test_several_fixes_on_one_field_are_one_change() -> None:
    _, doc = _spoiled("JX601")
    doc.projects[2].indicators[0].basis = "[bookmark: _GoBack]印制合同，，市场询价"
    [change] = plan_fixes(doc, check_document(doc))
    assert set(change.rules) == {"JX601", "JX605"}
    assert change.after == "印制合同，市场询价"


def test_no_fix_where_it_is_not_mechanical() -> None:
    doc = clean_document()
    doc.projects[1].indicators[1].value = "≤120%"  # JX208 or JX207, but which target is meant?
    doc.projects[2].indicators[0].basis = "根据市里的意见》"  # no 关于: where does the title start?
    doc.projects[0].indicators[0].value = "≤2000平方米"  # JX210: no fix
    found = check_document(doc)
    assert {"JX208", "JX604", "JX210"} <= {f.rule for f in found}
    assert plan_fixes(doc, found) == []
    assert not has_fix("JX210")


def test_a_fix_that_does_not_cure_is_dropped() -> None:
    doc = clean_document()
    doc.projects[2].indicators[0].basis = "印制合同，，再。，议"  # “。，” has no one right answer
    found = [f for f in check_document(doc) if f.rule == "JX605"]
    assert found and plan_fixes(doc, found) == []


def test_apply_refuses_a_stale_change() -> None:
    _, doc = _spoiled("JX208")
    [change] = plan_fixes(doc, check_document(doc))
    doc.projects[1].indicators[1].value = "≤99%"
    with pytest.raises(JixiaoError, match="已被修改"):
        apply_fixes(doc, [change])


def test_sample_fixes_leave_no_fixed_finding() -> None:
    from .test_dismissals import sample_document

    doc = sample_document()
    found = check_document(doc)
    changes = plan_fixes(doc, found)
    assert {r for c in changes for r in c.rules} >= {"JX208", "JX401", "JX604", "JX605"}
    fixed = apply_fixes(doc, changes)
    left = {(f.rule, location_of(f)) for f in check_document(fixed)}
    assert not any((r, c.location) in left for c in changes for r in c.rules)
    # nothing but the fixed fields changed: findings elsewhere are the same
    places = {c.location for c in changes}
    assert [f for f in check_document(fixed) if location_of(f) not in places] == [
        f for f in found if location_of(f) not in places
    ]


def test_value_tidying_for_the_hygiene_rules() -> None:
    assert halfwidth_value("≥９０％") == "≥90%"
    assert halfwidth_value("≥90%") is None
    assert halfwidth_value("１２月底前，按时") == "12月底前，按时"  # Chinese comma kept
    assert tidy_value("≥ 90 %") == "≥90%"
    assert tidy_value("≤ 3 人") == "≤3人"
    assert tidy_value("12月底前") is None


def test_the_plan_unit_setting_is_fixed_when_every_plan_contradicts_it() -> None:
    """JX302 is about the document's setting, not a cell: its fix flips 资金支出计划单位 and
    changes nothing else (the plans keep their amounts)."""
    from model import PlanUnit

    doc = clean_document()
    doc.plan_unit = PlanUnit.PERCENT  # the plans hold 万元 amounts that end at the budget
    (found,) = [f for f in check_document(doc) if f.rule == "JX302"]
    change = fix_one(doc, found)
    assert change is not None
    assert change.line() == "文档信息 资金支出计划单位：“百分比” → “金额”（JX302）"
    fixed = apply_fixes(doc, [change])
    assert fixed.plan_unit is PlanUnit.AMOUNT and doc.plan_unit is PlanUnit.PERCENT
    assert [p.plan for p in fixed.projects] == [p.plan for p in doc.projects]
    assert not [f for f in check_document(fixed) if f.rule in ("JX302", "JX313")]
    doc.plan_unit = PlanUnit.AMOUNT  # changed meanwhile: the stale change is refused
    with pytest.raises(JixiaoError, match="已被修改"):
        apply_fixes(doc, [change])


def test_fixing_two_rows_copies_those_rows_and_shares_the_rest() -> None:
    doc = clean_document()
    project = doc.projects[1]
    project.indicators[0].value = "≥ ９５ ％"  # JX609 → ≥95%
    project.indicators[1].value = "≤100%"  # JX208 → =100%
    before = copy.deepcopy(doc)
    changes = plan_fixes(doc, check_document(doc))
    rows = {c.place for c in changes}
    assert {"2.1", "2.2"} <= rows
    fixed = apply_fixes(doc, changes)
    assert doc == before  # the input is not changed
    new = fixed.projects[1].indicators
    assert new[0] is not project.indicators[0] and new[1] is not project.indicators[1]
    assert new[1].value == "=100%"
    untouched = [n for n in range(len(new)) if f"2.{n + 1}" not in rows]
    assert untouched and all(new[n] is project.indicators[n] for n in untouched)
