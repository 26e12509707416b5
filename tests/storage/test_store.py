"""What every store backend must do, written against the DocumentStore protocol: revisions,
conflicts, renaming, deleting, history per document and restoring a revision. Runs once per backend in conftest.BACKENDS;
what only the JSON file does (its bytes on disk, locks, modes) is tested in test_jsonfile.py."""

from __future__ import annotations

import datetime as dt

import pytest

from model import Document
from storage import ConflictError, DocumentStore, StoreError, open_store

from ..documents import edge_case_document
from .conftest import StoreFactory

KEY = "903001/2023"


def test_a_new_store_is_empty_and_satisfies_the_protocol(store: DocumentStore) -> None:
    assert isinstance(store, DocumentStore)
    assert store.list_documents() == []
    assert store.revision(KEY) == 0
    assert store.backups() == []


def test_save_load_round_trip_and_revisions(store: DocumentStore) -> None:
    doc = edge_case_document()
    assert store.save(doc, 0) == 1
    loaded, revision = store.load(doc.key)
    assert loaded == doc and revision == 1
    loaded.projects[0].name = "改名"
    assert store.save(loaded, 1) == 2
    assert store.revision(doc.key) == 2
    assert store.load(doc.key)[0].projects[0].name == "改名"
    [info] = store.list_documents()
    assert (info.key, info.revision, info.project_count) == (KEY, 2, 2)
    assert (info.dept_code, info.dept_name, info.year) == ("903001", doc.dept_name, 2023)
    assert dt.datetime.fromisoformat(info.updated).tzinfo is not None


def test_stale_save_is_refused_and_nothing_is_written(store: DocumentStore) -> None:
    doc = edge_case_document()
    store.save(doc, 0)
    theirs, rev = store.load(doc.key)
    theirs.dept_name = "他们的修改"
    store.save(theirs, rev)
    mine = edge_case_document()
    mine.dept_name = "我的修改"
    with pytest.raises(ConflictError, match="保存冲突") as caught:
        store.save(mine, rev)
    assert (caught.value.key, caught.value.expected, caught.value.actual) == (KEY, 1, 2)
    assert store.load(doc.key) == (theirs, 2)
    assert [i.revision for i in store.list_documents()] == [2]


def test_creating_a_document_that_exists_is_a_conflict(store: DocumentStore) -> None:
    store.save(edge_case_document(), 0)
    with pytest.raises(ConflictError, match="已存在"):
        store.save(edge_case_document(), 0)


def test_no_base_revision_overwrites_or_creates(store: DocumentStore) -> None:
    # Only for an explicit request such as `import --replace`.
    doc = edge_case_document()
    assert store.save(doc, None) == 1
    doc.dept_name = "替换后的名称"
    assert store.save(doc, None) == 2
    assert store.load(KEY) == (doc, 2)


def test_a_document_without_code_or_year_is_not_saved(store: DocumentStore) -> None:
    for doc in (edge_case_document(dept=" "), edge_case_document(year=0)):
        with pytest.raises(StoreError, match="不能为空"):
            store.save(doc, 0)
    assert store.list_documents() == []


def test_iter_documents_gives_each_document_once_as_load_gives_it(store: DocumentStore) -> None:
    assert list(store.iter_documents()) == []
    for code in ("900003", "900001", "900002"):
        doc = edge_case_document()
        doc.dept_code = code
        store.save(doc, 0)
    doc, revision = store.load("900002/2023")
    doc.dept_name = "第二版"
    store.save(doc, revision)
    documents = store.iter_documents()
    first = next(documents)  # one at a time: the rest are not read yet
    given = sorted([first, *documents], key=lambda item: item[0].key)
    keys = [i.key for i in store.list_documents()]
    assert given == [store.load(key) for key in keys]
    assert [revision for _, revision in given] == [1, 2, 1]


def test_many_documents_and_renaming(store: DocumentStore) -> None:
    store.save(edge_case_document(year=2023), 0)
    store.save(edge_case_document(year=2024), 0)
    doc, rev = store.load("903001/2024")
    doc.year = 2025
    store.save(doc, rev, old_key="903001/2024")
    assert [i.key for i in store.list_documents()] == ["903001/2023", "903001/2025"]
    assert store.revision("903001/2024") == 0


def test_renaming_onto_an_existing_document_is_refused(store: DocumentStore) -> None:
    existing = edge_case_document(year=2023)
    store.save(existing, 0)
    store.save(edge_case_document(year=2024), 0)
    doc, rev = store.load("903001/2024")
    doc.year = 2023
    with pytest.raises(ConflictError, match="已存在"):
        store.save(doc, rev, old_key="903001/2024")
    assert [(i.key, i.revision) for i in store.list_documents()] == [
        ("903001/2023", 1),
        ("903001/2024", 1),
    ]
    assert store.load("903001/2023")[0] == existing


def test_delete_names_the_revision_it_was_based_on(store: DocumentStore) -> None:
    doc = edge_case_document()
    store.save(doc, 0)
    store.save(doc, 1)
    with pytest.raises(ConflictError):
        store.delete(KEY, 1)  # someone saved since
    assert store.revision(KEY) == 2
    store.delete(KEY, 2)
    assert store.list_documents() == [] and store.revision(KEY) == 0
    with pytest.raises(StoreError, match="没有文档"):
        store.delete(KEY, None)


def test_saving_a_document_someone_deleted_is_a_conflict(store: DocumentStore) -> None:
    doc = edge_case_document()
    store.save(doc, 0)
    store.delete(KEY, 1)
    with pytest.raises(ConflictError, match="已被他人删除"):
        store.save(doc, 1)
    assert store.list_documents() == []


def test_loading_a_missing_document_names_it_in_one_line(store: DocumentStore) -> None:
    with pytest.raises(StoreError, match="没有文档 903001/2023") as caught:
        store.load(KEY)
    assert "\n" not in str(caught.value)


def test_a_change_through_another_handle_is_seen(store: DocumentStore) -> None:
    # Two handles on one location stand for two users: each must see the other's saves, and a
    # save from a stale revision is refused whichever handle makes it.
    mine = store
    theirs = open_store(mine.location)
    doc = edge_case_document()
    mine.save(doc, 0)
    loaded, rev = theirs.load(doc.key)
    loaded.dept_name = "他们改的"
    theirs.save(loaded, rev)
    assert mine.load(doc.key) == (loaded, 2)
    assert [i.revision for i in mine.list_documents()] == [2]
    with pytest.raises(ConflictError):
        mine.save(doc, 1)


def test_creating_a_store_where_one_exists_is_refused(store: DocumentStore) -> None:
    doc = edge_case_document()
    store.save(doc, 0)
    with pytest.raises(StoreError, match="已存在"):
        open_store(store.location, create=True)
    assert store.load(KEY) == (doc, 1)


def test_history_keeps_each_revision_and_restore_makes_a_new_one(
    store: DocumentStore,
) -> None:
    doc = edge_case_document()
    rev = store.save(doc, 0)
    first = store.load(KEY)[0]
    for n in range(3):
        doc.dept_name = f"第{n}次"
        rev = store.save(doc, rev)
    revisions = store.history(KEY)
    assert [r.revision for r in revisions] == [4, 3, 2, 1]  # newest first, the current too
    assert [r.current for r in revisions] == [True, False, False, False]
    assert all(r.saved_at.tzinfo is not None and r.size > 0 for r in revisions)
    assert store.load_revision(KEY, 2).dept_name == "第0次"
    assert store.load_revision(KEY, 4) == store.load(KEY)[0]
    assert store.load_revision(KEY, 1) == first
    with pytest.raises(ConflictError):
        store.restore_revision(KEY, 2, base_revision=3)  # someone saved since 3
    assert store.revision(KEY) == 4
    assert store.restore_revision(KEY, 2, base_revision=4) == 5  # a new revision
    assert store.load(KEY) == (store.load_revision(KEY, 2), 5)
    assert store.load_revision(KEY, 4).dept_name == "第2次"  # the replaced one is kept
    for missing in (0, 6, 99):
        with pytest.raises(StoreError, match=f"没有第 {missing} 版") as caught:
            store.load_revision(KEY, missing)
        assert "\n" not in str(caught.value)


def test_a_deleted_document_keeps_its_history_and_can_be_restored(store: DocumentStore) -> None:
    doc = edge_case_document()
    store.save(doc, 0)
    doc.dept_name = "删除前的修改"
    store.save(doc, 1)
    store.delete(KEY, 2)
    assert [r.revision for r in store.history(KEY)] == [2, 1]
    assert not any(r.current for r in store.history(KEY))
    assert store.restore_revision(KEY, 2, base_revision=0) == 3  # numbers never reused
    assert store.load(KEY) == (doc, 3)
    other = edge_case_document(year=2024)
    assert store.save(other, 0) == 1 and store.history(other.key)[0].revision == 1


def test_each_revision_says_who_saved_it(store: DocumentStore) -> None:
    store.save(edge_case_document(), 0)
    [info] = store.list_documents()
    [revision] = store.history(KEY)
    assert info.updated_by == revision.saved_by and info.updated_by_name == revision.saved_by_name
    assert revision.saved_by_name  # a display name, the login at least


def test_two_stores_of_a_backend_are_independent(store_factory: StoreFactory) -> None:
    first, second = store_factory(), store_factory()
    assert first.location != second.location
    first.save(edge_case_document(), 0)
    assert second.list_documents() == []


@pytest.mark.parametrize(
    "location", ["mysql://jixiao@db.example/jixiao", "sqlite:///tmp/x.db", "s3://bucket/db"]
)
def test_a_location_of_an_unsupported_kind_is_one_clear_line(location: str) -> None:
    scheme = location.split("://")[0]
    for create in (False, True):
        with pytest.raises(StoreError, match=f"暂不支持 {scheme} 数据库") as caught:
            open_store(location, create=create)
        message = str(caught.value)
        assert location in message and "\n" not in message and "JSON 数据库文件" in message


def _other(code: str) -> Document:
    doc = edge_case_document()
    doc.dept_code = code
    return doc


def test_save_many_writes_every_document_at_once(store: DocumentStore) -> None:
    first, second = _other("100001"), _other("100002")
    assert store.save_many([(first, 0, None), (second, 0, None)]) == [1, 1]
    assert [i.key for i in store.list_documents()] == ["100001/2023", "100002/2023"]
    first.dept_name = "改过"
    assert store.save_many([(first, 1, None)]) == [2]
    assert [r.revision for r in store.history("100001/2023")] == [2, 1]  # history kept


def test_save_many_with_a_conflict_on_the_second_saves_neither(store: DocumentStore) -> None:
    store.save(_other("100002"), 0)  # someone created the second one meanwhile
    first, second = _other("100001"), _other("100002")
    with pytest.raises(ConflictError) as caught:
        store.save_many([(first, 0, None), (second, 0, None)])
    assert caught.value.key == "100002/2023"
    assert [i.key for i in store.list_documents()] == ["100002/2023"]
    assert store.revision("100001/2023") == 0
    assert store.history("100001/2023") == []


def test_save_many_refuses_one_key_twice(store: DocumentStore) -> None:
    with pytest.raises(StoreError, match="两次"):
        store.save_many([(_other("100001"), 0, None), (_other("100001"), 0, None)])
    assert store.list_documents() == []


def test_unknown_columns_and_rows_keep_their_order(store: DocumentStore) -> None:
    # Kept from an imported Word file and exported in this order (a database may sort keys).
    doc = edge_case_document()
    doc.extra = {"填报说明": "甲", "审": "乙", "备注栏目": "丙"}
    doc.projects[0].extra = {"审核意见（财政）": "同意", "意见": "无"}
    doc.projects[0].indicators[0].extra = {"ZZ列": "1", "A": "2"}
    store.save(doc, 0)
    loaded, _ = store.load(KEY)
    assert list(loaded.extra) == ["填报说明", "审", "备注栏目"]
    assert list(loaded.projects[0].extra) == ["审核意见（财政）", "意见"]
    assert list(loaded.projects[0].indicators[0].extra) == ["ZZ列", "A"]
    assert list(store.load_revision(KEY, 1).extra) == ["填报说明", "审", "备注栏目"]
