"""The editing session without a screen: copy-on-write edits, undo/redo, saving, conflicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import ConflictError, Store
from tui.session import Session

from .conftest import SAMPLE_KEY


def open_session(db: Path) -> Session:
    store = Store(db)
    doc, revision = store.load(SAMPLE_KEY)
    return Session(store, doc, revision)


def test_edit_copies_only_the_project_it_changes(sample_db: Path) -> None:
    s = open_session(sample_db)
    before = s.doc
    first = before.projects[0]
    pid = first.id
    s.edit_project(pid, lambda p: setattr(p.indicators[0], "value", "≤4人"), "修改指标值")
    assert s.doc is not before
    assert before.projects[0].indicators[0].value == "≤3人"  # the old version is untouched
    assert s.doc.projects[0].indicators[0].value == "≤4人"
    assert s.doc.projects[1] is before.projects[1]  # unchanged projects are shared
    assert s.dirty


def test_undo_and_redo_walk_the_history(sample_db: Path) -> None:
    s = open_session(sample_db)
    pid = s.doc.projects[0].id
    s.edit_project(pid, lambda p: setattr(p, "name", "甲"), "改名")
    s.edit_project(pid, lambda p: setattr(p, "name", "乙"), "改名")
    assert s.undo().label == "改名"
    assert s.doc.projects[0].name == "甲"
    s.undo()
    assert s.doc.projects[0].name == "“凤还巢”大学生村干部工资及保险"
    assert s.undo() is None
    s.redo()
    assert s.doc.projects[0].name == "甲"
    s.edit_projects(lambda ps: ps.pop(), "删除项目")  # a new edit drops the redo steps
    assert s.redo() is None
    assert len(s.doc.projects) == 23


def test_save_writes_and_a_stale_save_merges(sample_db: Path) -> None:
    mine, theirs = open_session(sample_db), open_session(sample_db)
    theirs.edit_part1(lambda p1: p1.overall.append("他们的段落"), "新增")
    assert theirs.save()
    assert theirs.save() is None  # nothing new to write
    mine.edit_part1(lambda p1: p1.overall.append("我的段落"), "新增")
    typed = mine.doc
    outcome = mine.save()
    assert outcome is not None and outcome.saved and outcome.merged_in
    assert mine.doc is typed  # the screen's document changes only on the UI thread …
    mine.adopt()  # … here
    assert not mine.dirty
    overall = Store(sample_db).load(SAMPLE_KEY)[0].part1.overall
    assert "他们的段落" in overall and "我的段落" in overall
    assert mine.doc.part1.overall == overall


def test_edits_typed_while_a_merging_save_runs_stay_on_top(sample_db: Path) -> None:
    mine, theirs = open_session(sample_db), open_session(sample_db)
    theirs.edit_project(theirs.doc.projects[0].id, lambda p: setattr(p, "name", "他们的名"), "改")
    theirs.save()
    mine.edit_project(mine.doc.projects[1].id, lambda p: setattr(p, "name", "我的名"), "改")
    mine.save()
    mine.edit_project(mine.doc.projects[2].id, lambda p: setattr(p, "name", "又改"), "改")
    mine.adopt()  # the save finished after the second edit
    assert [p.name for p in mine.doc.projects[:3]] == ["他们的名", "我的名", "又改"]
    assert mine.dirty  # the second edit is still to be saved


def test_taking_theirs_keeps_my_unsaved_edit_and_undo_spares_theirs(sample_db: Path) -> None:
    mine, theirs = open_session(sample_db), open_session(sample_db)
    theirs.edit_project(theirs.doc.projects[6].id, lambda p: setattr(p, "name", "他们的名"), "改名")
    theirs.save()
    mine.edit_project(mine.doc.projects[2].id, lambda p: setattr(p, "name", "我的名"), "改名")
    stored, revision = Store(sample_db).load(SAMPLE_KEY)
    incoming = mine.take_theirs(stored, revision)
    assert incoming.merged.clean and incoming.changes
    assert mine.revision == revision and mine.saved_doc is stored
    assert mine.dirty  # my edit is still to be saved, on top of theirs
    assert [mine.doc.projects[n].name for n in (2, 6)] == ["我的名", "他们的名"]
    mine.undo()  # only my step goes back; their saved name stays
    assert mine.doc.projects[2].name == stored.projects[2].name
    assert mine.doc.projects[6].name == "他们的名"
    mine.redo()
    assert [mine.doc.projects[n].name for n in (2, 6)] == ["我的名", "他们的名"]


def test_undo_of_a_field_someone_else_changed_is_refused(sample_db: Path) -> None:
    from tui.session import UndoRefused

    mine, theirs = open_session(sample_db), open_session(sample_db)
    pid = mine.doc.projects[2].id
    mine.edit_project(pid, lambda p: setattr(p, "name", "我的名"), "改名")
    assert mine.save()
    theirs.take_theirs(*Store(sample_db).load(SAMPLE_KEY))
    theirs.edit_project(pid, lambda p: setattr(p, "name", "他们的名"), "改名")
    assert theirs.save()
    mine.take_theirs(*Store(sample_db).load(SAMPLE_KEY))
    with pytest.raises(UndoRefused) as refused:
        mine.undo()
    assert "项目3" in refused.value.conflict.where and "名称" in refused.value.conflict.where
    assert mine.doc.projects[2].name == "他们的名"  # nothing changed
    assert len(mine.undo_stack) == 1  # the step is still there


def test_taking_theirs_that_conflicts_changes_nothing(sample_db: Path) -> None:
    mine, theirs = open_session(sample_db), open_session(sample_db)
    pid = mine.doc.projects[0].id
    theirs.edit_project(pid, lambda p: setattr(p, "purpose", "他们的用途"), "改")
    theirs.save()
    mine.edit_project(pid, lambda p: setattr(p, "purpose", "我的用途"), "改")
    before, revision = mine.doc, mine.revision
    incoming = mine.take_theirs(*Store(sample_db).load(SAMPLE_KEY))
    assert not incoming.merged.clean
    assert mine.doc is before and mine.revision == revision  # the next save asks


def test_save_mine_as_copy_leaves_theirs_alone(sample_db: Path) -> None:
    mine, theirs = open_session(sample_db), open_session(sample_db)
    theirs.edit_part1(lambda p1: p1.overall.append("他们的段落"), "新增")
    theirs.save()
    mine.edit_part1(lambda p1: p1.overall.append("我的段落"), "新增")
    key = mine.save_mine_as_copy()
    assert key == "903001-copy1/2023"
    store = Store(sample_db)
    assert store.load(SAMPLE_KEY)[0].part1.overall[-1] == "他们的段落"
    assert store.load(key)[0].part1.overall[-1] == "我的段落"
    assert not mine.dirty


def test_changing_code_or_year_renames_the_stored_document_and_undo_renames_back(
    sample_db: Path,
) -> None:
    from dataclasses import replace

    s = open_session(sample_db)
    s.apply(replace(s.doc, dept_code="903009", year=2024), "修改文档信息")
    assert s.save()
    store = Store(sample_db)
    assert [i.key for i in store.list_documents()] == ["903009/2024"]
    assert store.load("903009/2024")[0].projects == s.doc.projects
    s.undo()
    assert s.save()
    assert [i.key for i in Store(sample_db).list_documents()] == [SAMPLE_KEY]


def test_a_rename_onto_an_existing_document_is_refused_and_kept(sample_db: Path) -> None:
    from dataclasses import replace

    s = open_session(sample_db)
    s.store.save(replace(s.doc, year=2024), 0)  # someone creates 903001/2024 meanwhile
    s.apply(replace(s.doc, year=2024), "修改文档信息")
    with pytest.raises(ConflictError):
        s.save()
    assert s.dirty
    keys = [i.key for i in Store(sample_db).list_documents()]
    assert keys == [SAMPLE_KEY, "903001/2024"]
