"""service.documents and service.backups: resolve, copy to a new year, rename, delete, restore\na revision."""

from __future__ import annotations

from pathlib import Path

import pytest

from service import backups, documents, errors
from storage import ConflictError, Store

from ..documents import edge_case_document


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.create(tmp_path / "db.json")


def test_resolve_names_the_documents_there_are(store: Store) -> None:
    with pytest.raises(errors.NoDocuments):
        documents.resolve(store, None)
    store.save(edge_case_document(year=2023), 0)
    assert documents.resolve(store, None) == "903001/2023"
    store.save(edge_case_document(year=2024), 0)
    assert [d.year for d in documents.load_all(store)] == [2023, 2024]
    with pytest.raises(errors.DocumentNeeded) as needed:
        documents.resolve(store, None)
    assert needed.value.candidates == ["903001/2023", "903001/2024"]
    with pytest.raises(errors.DocumentNotFound) as missing:
        documents.resolve(store, "999/2023")
    assert missing.value.known == ["903001/2023", "903001/2024"]
    assert all("--" not in str(e.value) and "DOC" not in str(e.value) for e in (needed, missing))


def test_copy_to_a_new_year_saves_and_refuses_an_existing_target(store: Store) -> None:
    store.save(edge_case_document(), 0)
    new, revision = documents.copy_year(store, "903001/2023", 2024, dept_code="903009")
    assert (new.key, revision) == ("903009/2024", 1)
    stored, _ = store.load("903009/2024")
    assert stored.projects[0].indicators[0].previous_value == "≤3人"
    with pytest.raises(errors.DocumentExists) as info:
        documents.copy_year(store, "903001/2023", 2024, dept_code="903009")
    assert info.value.key == "903009/2024" and store.revision("903009/2024") == 1


def test_update_renames_and_refuses_a_key_that_is_taken(store: Store) -> None:
    store.save(edge_case_document(year=2023), 0)
    store.save(edge_case_document(year=2024), 0)
    doc, revision = store.load("903001/2023")
    doc.year = 2024
    with pytest.raises(errors.DocumentExists):
        documents.update(store, doc, revision, old_key="903001/2023")
    doc.year = 2025
    assert documents.update(store, doc, revision, old_key="903001/2023") == 2
    assert [i.key for i in store.list_documents()] == ["903001/2024", "903001/2025"]


def test_delete_is_refused_when_someone_saved_since(store: Store) -> None:
    store.save(edge_case_document(), 0)
    store.save(edge_case_document(), 1)
    with pytest.raises(ConflictError):
        documents.delete(store, "903001/2023", 1)
    documents.delete(store, "903001/2023", 2)
    assert store.list_documents() == []


def test_restore_brings_a_deleted_document_back(store: Store) -> None:
    store.save(edge_case_document(), 0)
    documents.delete(store, "903001/2023", 1)
    with pytest.raises(errors.BackupNotFound) as info:
        backups.restore(store, 99)
    assert info.value.count == len(backups.list_backups(store))
    with pytest.raises(errors.DocumentNotFound):
        backups.history(store, "903009/2023")
    assert [r.revision for r in backups.history(store, "903001/2023")] == [1]
    assert backups.restore_revision(store, "903001/2023", 1) == 2
    assert documents.exists(store, "903001/2023")


def test_find_project_by_code_or_number_and_a_miss_names_the_range() -> None:
    doc = edge_case_document(year=2023)
    first = doc.projects[0]
    assert documents.find_project(doc, first.code) == (1, first)
    assert documents.find_project(doc, "2") == (2, doc.projects[1])
    for wanted in ("0", str(len(doc.projects) + 1), "没有"):
        with pytest.raises(errors.ProjectNotFound) as missing:
            documents.find_project(doc, wanted)
        assert f"（1–{len(doc.projects)}）" in str(missing.value)
        assert "jixiao" not in str(missing.value)  # the CLI adds its own advice
