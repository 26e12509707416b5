"""service.merging: a stale save merges three ways; conflicts hold the save back for a choice;
a save racing in between is merged again; a pruned base falls back to two-way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from model import Document
from service.merging import resolve_and_save, save_merging
from storage import ConflictError, Store
from storage import history as store_history

from ..documents import edge_case_document

KEY = "903001/2023"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.create(tmp_path / "db.json")
    s.save(edge_case_document(), 0)
    return s


def colleague_sets(store: Store, **values: str) -> int:
    """Another user's save: the first project's fields set to `values`."""
    doc, revision = store.load(KEY)
    for name, value in values.items():
        setattr(doc.projects[0], name, value)
    return store.save(doc, revision)


def my_edit(store: Store, **values: str) -> tuple[Document, int]:
    doc, revision = store.load(KEY)
    for name, value in values.items():
        setattr(doc.projects[0], name, value)
    return doc, revision


def test_a_save_nobody_raced_is_plain(store: Store) -> None:
    mine, base = my_edit(store, purpose="我的用途")
    outcome = save_merging(store, mine, base)
    assert outcome.saved and outcome.revision == 2 and not outcome.merged_in
    assert outcome.status() == "" and outcome.merged is None


def test_different_fields_merge_and_both_are_kept(store: Store) -> None:
    mine, base = my_edit(store, purpose="我的用途")
    colleague_sets(store, name="对方的名称")
    outcome = save_merging(store, mine, base)
    assert outcome.saved and outcome.revision == 3 and outcome.merged_in and outcome.clean
    stored, _ = store.load(KEY)
    assert (stored.projects[0].purpose, stored.projects[0].name) == ("我的用途", "对方的名称")
    assert outcome.theirs_revision == 2 and any("对方的名称" in c for c in outcome.theirs_changes)
    assert "修改了" in outcome.status()


def test_the_same_field_is_a_conflict_and_nothing_is_written(store: Store) -> None:
    mine, base = my_edit(store, purpose="我的用途", name="我的名称")
    colleague_sets(store, purpose="对方的用途")
    outcome = save_merging(store, mine, base)
    assert not outcome.saved and store.revision(KEY) == 2
    assert len(outcome.conflicts) == 1 and outcome.conflicts[0].path[-1] == "purpose"
    line = outcome.conflicts[0].line()
    assert "我的“我的用途”" in line and "对方的“对方的用途”" in line
    # the non-conflicting change of mine is in the merge so far, theirs at the conflict
    assert outcome.doc.projects[0].name == "我的名称"
    assert outcome.doc.projects[0].purpose == "对方的用途"
    done = resolve_and_save(store, outcome, "mine")
    assert done.saved and done.revision == 3
    stored, _ = store.load(KEY)
    assert (stored.projects[0].purpose, stored.projects[0].name) == ("我的用途", "我的名称")


def test_resolving_theirs_keeps_theirs_and_my_other_changes(store: Store) -> None:
    mine, base = my_edit(store, purpose="我的用途", name="我的名称")
    colleague_sets(store, purpose="对方的用途")
    outcome = save_merging(store, mine, base)
    done = resolve_and_save(store, outcome, {outcome.conflicts[0].path: "第三种用途"})
    stored, _ = store.load(KEY)
    assert done.saved
    assert (stored.projects[0].purpose, stored.projects[0].name) == ("第三种用途", "我的名称")


def test_a_save_slipping_in_between_is_merged_again(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, base = my_edit(store, purpose="我的用途")
    colleague_sets(store, name="对方的名称")
    real_load = Store.load
    raced = []

    def load_then_race(self: Store, key: str) -> Any:
        loaded = real_load(self, key)
        if not raced:  # a third user saves right after we read theirs
            raced.append(True)
            doc, revision = real_load(self, key)
            doc.projects[0].code = "第三人编码"
            self.save(doc, revision)
        return loaded

    monkeypatch.setattr(Store, "load", load_then_race)
    outcome = save_merging(store, mine, base)
    assert raced and outcome.saved and outcome.revision == 4
    stored, _ = real_load(store, KEY)
    project = stored.projects[0]
    assert (project.purpose, project.name, project.code) == ("我的用途", "对方的名称", "第三人编码")


def test_a_pruned_base_compares_two_ways_and_never_overwrites(store: Store) -> None:
    mine, base = my_edit(store, purpose="我的用途")
    colleague_sets(store, name="对方的名称")
    for path, _ in store_history.files(store.path, KEY).values():
        path.unlink()
    outcome = save_merging(store, mine, base)
    assert outcome.two_way and not outcome.saved and store.revision(KEY) == 2
    assert sorted(c.path[-1] for c in outcome.conflicts) == ["name", "purpose"]
    assert all(c.base == "（无法确定）" for c in outcome.conflicts)
    assert "无法确定" in outcome.status()
    done = resolve_and_save(
        store, outcome, ["mine" if c.mine == "我的用途" else "theirs" for c in outcome.conflicts]
    )
    stored, _ = store.load(KEY)
    assert done.saved and (stored.projects[0].purpose, stored.projects[0].name) == (
        "我的用途",
        "对方的名称",
    )


def test_a_rename_merges_too(store: Store) -> None:
    mine, base = my_edit(store, purpose="我的用途")
    mine.year = 2030
    colleague_sets(store, name="对方的名称")
    outcome = save_merging(store, mine, base, old_key=KEY)
    assert outcome.saved and outcome.key == "903001/2030"
    assert [i.key for i in store.list_documents()] == ["903001/2030"]
    stored, _ = store.load("903001/2030")
    assert (stored.projects[0].purpose, stored.projects[0].name) == ("我的用途", "对方的名称")


def test_a_deleted_document_and_a_taken_key_stay_conflicts(store: Store) -> None:
    mine, base = my_edit(store, purpose="我的用途")
    store.delete(KEY, base)
    with pytest.raises(ConflictError):
        save_merging(store, mine, base)
    save_merging(store, edge_case_document(year=2024), 0)
    with pytest.raises(ConflictError):
        save_merging(store, edge_case_document(year=2024), 0)
