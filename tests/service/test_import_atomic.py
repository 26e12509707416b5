"""Issue 15: a refusal never writes. Several documents in one import (several files, or one
JSON file holding several) are planned first and saved in one atomic write, or none; and every
document is cleaned of control, zero-width and BOM characters at the door, with one warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporters import json_io
from exporters.base import ExportOptions, ImportOptions
from model import Project
from service import errors, imports
from storage import ConflictError, Store

from ..documents import edge_case_document


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.create(tmp_path / "db.json")


def payload(*docs) -> list:
    return [json.loads(json_io.write(d, options=ExportOptions())) for d in docs]


def parsed(data: object, source: str = "many.json") -> imports.FileToImport:
    raw = json.dumps(data, ensure_ascii=False).encode()
    return imports.FileToImport(
        source, imports.parse(raw, "json", source=source, options=ImportOptions())
    )


def test_one_file_holding_the_same_document_twice_is_refused_and_nothing_saved(store: Store):
    db_before = Path(store.location).read_bytes()
    twice = parsed(payload(edge_case_document("100001"), edge_case_document("100001")))
    with pytest.raises(errors.DuplicateDocument) as caught:
        imports.import_files(store, [twice], options=ImportOptions())
    message = str(caught.value)
    assert "many.json 第 1 个文档" in message and "many.json 第 2 个文档" in message
    assert "他人" not in message and "\n" not in message
    assert Path(store.location).read_bytes() == db_before
    assert store.list_documents() == []


def test_the_same_document_in_two_files_names_both_files(store: Store):
    first = parsed(payload(edge_case_document("100001")), "a.json")
    second = parsed(payload(edge_case_document("100002"), edge_case_document("100001")), "b.json")
    with pytest.raises(
        errors.DuplicateDocument, match="b.json 第 2 个文档：与 a.json 是同一个文档"
    ):
        imports.import_files(store, [first, second], options=ImportOptions())
    assert store.list_documents() == []


def test_several_documents_are_saved_in_one_write(store: Store):
    both = parsed(payload(edge_case_document("100001"), edge_case_document("100002")))
    outcomes = imports.import_files(store, [both], options=ImportOptions())
    assert [(o.key, o.revision) for o in outcomes] == [("100001/2023", 1), ("100002/2023", 1)]
    assert [i.key for i in store.list_documents()] == ["100001/2023", "100002/2023"]


def test_a_document_that_exists_refuses_the_whole_import(store: Store):
    store.save(edge_case_document("100002"), 0)
    both = parsed(payload(edge_case_document("100001"), edge_case_document("100002")))
    with pytest.raises(errors.DocumentExists):
        imports.import_files(store, [both], options=ImportOptions())
    assert [i.key for i in store.list_documents()] == ["100002/2023"]


def test_a_save_between_planning_and_saving_leaves_the_first_document_unsaved(store: Store):
    both = parsed(payload(edge_case_document("100001"), edge_case_document("100002")))
    planned = imports.plan_files(store, [both], options=ImportOptions())
    store.save(edge_case_document("100002"), 0)  # a colleague creates the second meanwhile
    with pytest.raises(errors.DocumentExists, match="100002/2023"):
        imports.save_planned(store, planned)
    assert store.revision("100001/2023") == 0


def test_a_merge_raced_by_a_colleague_is_planned_again_and_keeps_their_save(store: Store):
    store.save(edge_case_document("100001"), 0)
    mine = edge_case_document("100001")
    mine.projects[0].name = "我的项目名"
    file = parsed(payload(mine))
    real_save_many = store.save_many
    raced = []

    def colleague_first(items):
        if not raced:  # a colleague saves another field just before our write
            raced.append(1)
            theirs, rev = store.load("100001/2023")
            theirs.projects.append(Project(code="P-THEIRS", name="对方新增的项目"))
            store.save(theirs, rev)
        return real_save_many(items)

    store.save_many = colleague_first  # type: ignore[method-assign]
    (outcome,) = imports.import_files(store, [file], options=ImportOptions(), mode="merge")
    doc, revision = store.load("100001/2023")
    assert revision == outcome.revision == 3
    assert doc.projects[0].name == "我的项目名"
    assert "P-THEIRS" in [p.code for p in doc.projects]


def test_a_raced_replace_is_a_conflict_not_an_overwrite(store: Store):
    store.save(edge_case_document("100001"), 0)
    file = parsed(payload(edge_case_document("100001")))
    planned = imports.plan_files(store, [file], options=ImportOptions(), mode="replace")
    theirs, rev = store.load("100001/2023")
    store.save(theirs, rev)
    with pytest.raises(ConflictError):
        imports.save_planned(store, planned)
    assert store.revision("100001/2023") == 2


def test_control_and_zero_width_characters_are_removed_at_the_door_with_one_warning():
    doc = edge_case_document()
    doc.projects[1].name = "项目\x1b[2J名"  # ESC [2J: clears the screen
    doc.projects[0].indicators[0].value = "≥\u200b95%\x07"
    doc.projects[0].purpose = "第一行\n第二行\x9b"  # a C1 control in prose; the newline stays
    doc.dept_name = "\ufeff巨鹿县"
    doc.part1.overall = ["总体\x00目标"]
    file = parsed(payload(doc), "ctl.json")
    cleaned = file.result.documents[0]
    assert cleaned.projects[1].name == "项目[2J名"
    assert cleaned.projects[0].indicators[0].value == "≥95%"
    assert cleaned.projects[0].purpose == "第一行\n第二行"
    assert cleaned.dept_name == "巨鹿县" and cleaned.part1.overall == ["总体目标"]
    warnings = [p for p in file.result.problems if p.severity == "warning"]
    assert [str(w) for w in warnings] == ["全文：已删除 6 个控制字符或零宽字符（预算单位名称 等）"]


def test_single_line_fields_lose_newlines_and_tabs_prose_keeps_them():
    doc = edge_case_document()
    doc.projects[0].code = "1305\t2923\n"
    doc.projects[0].indicators[0].description = "说明\t第一行\n第二行"
    file = parsed(payload(doc))
    project = file.result.documents[0].projects[0]
    assert project.code == "13052923"
    assert project.indicators[0].description == "说明\t第一行\n第二行"
    [warning] = file.result.problems
    assert "已删除 2 个" in warning.message and "第 1 个项目 项目编码" in warning.message


def test_a_clean_file_gets_no_warning():
    file = parsed(payload(edge_case_document()))
    assert file.result.problems == []
