"""已核实 (model.dismissals): a mark holds while the located field is unchanged, names its place
stably (ids) and typeably (`3.1`), and survives JSON, three-way merges and import --merge —
but not a copy to the next year."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

import pytest

from exporters import json_io
from exporters.base import ExportOptions
from model import Dismissal, Document, JixiaoError
from model.dismissals import (
    dismiss,
    location_of,
    merge_dismissals,
    parse_target,
    short_place,
    split,
    undismiss,
)
from model.merge import describe_changes, merge_document
from model.merge3 import merge3, revert
from model.rules import check_document
from model.serialize import document_from_dict, document_to_dict
from model.yearcopy import copy_to_year

SAMPLE = Path(__file__).parents[1] / "fixtures" / "zhangwangtuan-2023.jixiao.json"


def sample_document() -> Document:
    return json_io.read(SAMPLE.read_bytes(), source=str(SAMPLE)).documents[0]


def _first(doc: Document, rule: str):
    return next(f for f in check_document(doc) if f.rule == rule)


def _marked(doc: Document, rule: str, reason: str = "经核实无误") -> tuple[Document, object]:
    f = _first(doc, rule)
    new, _ = dismiss(doc, [f], reason, "王会计", "2026-12-06T10:00:00+08:00")
    return new, f


def test_a_dismissed_finding_is_split_off_and_the_document_is_not_changed() -> None:
    doc = sample_document()
    new, f = _marked(doc, "JX210")
    assert doc.dismissals == []  # the original is untouched
    [mark] = new.dismissals
    assert (mark.rule, mark.reason, mark.by) == ("JX210", "经核实无误", "王会计")
    assert mark.location == f"p/{f.project_id}/i/{f.indicator_id}/指标值"
    active, dismissed = split(new, check_document(new))
    assert [x for x, _ in dismissed] == [f]
    assert f not in active
    assert len(active) == len(check_document(doc)) - 1


def test_an_edit_of_the_located_field_brings_the_finding_back() -> None:
    doc, f = _marked(sample_document(), "JX210")
    ind = doc.project(f.project_id).indicator(f.indicator_id)
    ind.value = "≤4人"  # still a ceiling: still JX210, but not what was checked
    active, dismissed = split(doc, check_document(doc))
    assert dismissed == []
    assert any(x.rule == "JX210" and x.indicator_id == f.indicator_id for x in active)
    ind.value = "≤3人"  # back to what was checked: the mark holds again
    assert len(split(doc, check_document(doc))[1]) == 1


def test_an_edit_elsewhere_keeps_the_mark() -> None:
    doc, f = _marked(sample_document(), "JX210")
    project = doc.project(f.project_id)
    project.name += "（调整）"
    project.indicators.insert(0, replace(project.indicators[-1], id="new-row"))  # rows shift
    doc.projects.reverse()  # projects reordered: numbers change, ids do not
    _, dismissed = split(doc, check_document(doc))
    assert [x.rule for x, _ in dismissed] == ["JX210"]


def test_a_project_level_and_a_part1_mark() -> None:
    doc = sample_document()
    goals = _first(doc, "JX401")
    assert location_of(goals) == f"p/{goals.project_id}/绩效目标"
    part1 = _first(doc, "JX503")
    assert location_of(part1) == f"part1/{part1.part1_item}/绩效指标"
    new, _ = dismiss(doc, [goals, part1], "保留", "me", "t")
    assert {x.rule for x, _ in split(new, check_document(new))[1]} == {"JX401", "JX503"}
    new.part1.items[part1.part1_item - 1].measure += "。"
    assert {x.rule for x, _ in split(new, check_document(new))[1]} == {"JX401"}


def test_short_places_are_what_the_output_prints() -> None:
    doc = sample_document()
    f = _first(doc, "JX210")
    n = next(k for k, p in enumerate(doc.projects, 1) if p.id == f.project_id)
    assert short_place(doc, f) == f"{n}.{f.indicator_row}"
    assert short_place(doc, _first(doc, "JX401")).isdigit()
    part1 = _first(doc, "JX503")
    assert short_place(doc, part1) == f"0.{part1.part1_item}"
    assert parse_target(" jx210@3.1 ") == ("JX210", "3.1")
    assert parse_target("JX401@12") == ("JX401", "12")
    for bad in ("JX210", "JX210@", "JX210@a.1", "JX210@3.1.2", "@3.1"):
        with pytest.raises(JixiaoError, match="规则@位置"):
            parse_target(bad)
    with pytest.raises(JixiaoError) as caught:
        parse_target("JX210" * 2000 + "@3.1")
    assert len(str(caught.value)) < 200  # a long argument is quoted, not echoed whole


def test_a_reason_is_required_and_kept_short() -> None:
    doc = sample_document()
    f = _first(doc, "JX210")
    with pytest.raises(JixiaoError, match="理由"):
        dismiss(doc, [f], "   ", "me", "t")
    new, [mark] = dismiss(doc, [f], "很长" * 300 + "\n第二行", "me", "t")
    assert len(mark.reason) == 200 and "\n" not in mark.reason
    again, _ = dismiss(new, [f], "改了理由", "me", "t2")  # the same place: replaced, not added
    assert [d.reason for d in again.dismissals] == ["改了理由"]
    assert undismiss(again, [again.dismissals[0].key]).dismissals == []


def test_json_round_trip_and_refusals() -> None:
    doc, _ = _marked(sample_document(), "JX210")
    data = json_io.write(doc, options=ExportOptions())
    back = json_io.read(data, source="x.json").documents[0]
    assert back.dismissals == doc.dismissals
    assert len(split(back, check_document(back))[1]) == 1
    plain = document_to_dict(sample_document())
    assert "dismissals" not in plain  # documents without marks are written as before
    bad = document_to_dict(doc)
    bad["dismissals"][0]["fingerprint"] = 7
    with pytest.raises(JixiaoError, match=r"dismissals\[1\]\.fingerprint 应为文本"):
        document_from_dict(bad)
    bad["dismissals"] = [{"rule": "JX210"}]
    with pytest.raises(JixiaoError, match="缺少"):
        document_from_dict(bad)


def _d(rule: str, reason: str = "r") -> Dismissal:
    return Dismissal(rule, f"doc/{rule}", reason, "me", "t", "fp")


def test_merge_of_mark_sets() -> None:
    a, b, c = _d("JX1"), _d("JX2"), _d("JX3")
    base = [a, b]
    mine = [a, c]  # removed b, added c
    theirs = [a, b, _d("JX4")]  # added JX4
    assert {d.rule for d in merge_dismissals(base, mine, theirs)} == {"JX1", "JX3", "JX4"}
    # the same mark changed on both sides: mine (the later save) wins
    assert merge_dismissals([a], [_d("JX1", "mine")], [_d("JX1", "theirs")]) == [_d("JX1", "mine")]


def test_three_way_merge_and_undo_carry_marks() -> None:
    base = sample_document()
    mine, _ = _marked(base, "JX210")
    theirs = copy.deepcopy(base)
    theirs.projects[0].name += "（他人修改）"
    theirs, _ = _marked(theirs, "JX401")
    merged = merge3(base, mine, theirs)
    assert merged.clean
    assert {d.rule for d in merged.doc.dismissals} == {"JX210", "JX401"}
    assert merged.doc.projects[0].name.endswith("（他人修改）")
    undone = revert(base, mine, merged.doc)  # undo of my mark only
    assert undone.clean and [d.rule for d in undone.doc.dismissals] == ["JX401"]
    assert "新增核实 JX210：经核实无误" in describe_changes(base, mine)


def test_import_merge_keeps_both_sides_marks() -> None:
    stored, _ = _marked(sample_document(), "JX210")
    incoming, _ = _marked(sample_document(), "JX401")
    result = merge_document(stored, incoming)
    assert {d.rule for d in result.dismissals} == {"JX210", "JX401"}


def test_year_copy_does_not_carry_marks() -> None:
    doc, _ = _marked(sample_document(), "JX210")
    assert copy_to_year(doc, 2024).dismissals == []
    assert doc.dismissals  # the original keeps them


def test_control_characters_are_removed_at_the_door() -> None:
    doc, _ = _marked(sample_document(), "JX210", "名额\x1b[2J上限\u200b")
    assert doc.dismissals[0].reason == "名额[2J上限"
    data = document_to_dict(doc)
    data["dismissals"][0]["by"] = "王\x1b]52;c;aGk=\x07会计"
    assert document_from_dict(data).dismissals[0].by == "王]52;c;aGk=会计"
