"""Earlier states: each document's history (list, restore a revision), and the whole-file
backups an older jixiao kept (list, restore one)."""

from __future__ import annotations

from model import Document
from model.identifiers import document_problem
from model.merge import describe_changes, summary
from storage import BackupInfo, DocumentStore, RevisionInfo, StoreError

from .errors import BackupNotFound, DocumentNotFound


def history(store: DocumentStore, key: str) -> list[RevisionInfo]:
    """The document's revisions, newest first (the current one first, if it still exists; a
    deleted document's history stays)."""
    revisions = store.history(key)
    if not revisions:
        raise DocumentNotFound(key, [i.key for i in store.list_documents()])
    return revisions


def summaries(store: DocumentStore, key: str) -> list[tuple[RevisionInfo, str]]:
    """The history with a one-line summary of each revision's change from the one kept before
    it ("新建" for the first; blank when the one before is no longer kept). Each revision is
    loaded once."""
    revisions = history(store, key)
    out: list[tuple[RevisionInfo, str]] = []
    later: Document | None = None
    for info, earlier in zip(revisions, [*revisions[1:], None], strict=True):
        doc = later if later is not None else store.load_revision(key, info.revision)
        if earlier is None:
            text = "新建" if info.revision == 1 else ""
            later = None
        else:
            later = store.load_revision(key, earlier.revision)
            text = summary(later, doc)
            if earlier.revision != info.revision - 1:
                text = f"（自第 {earlier.revision} 版起）{text}"
        out.append((info, text))
    return out


def changes(
    store: DocumentStore, key: str, revision: int | None = None, to: int | None = None
) -> tuple[int, int, list[str]]:
    """What changed from `revision` (default: the revision kept before `to`) to `to` (default:
    the current one), one Chinese line per field: (from, to, lines). StoreError for a revision
    no longer kept."""
    revisions = [r.revision for r in history(store, key)]
    new = revisions[0] if to is None else to
    if revision is None:
        older = [r for r in revisions if r < new]
        if not older:
            raise StoreError(f"文档 {key} 第 {new} 版之前没有保留的版本，无从比较")
        revision = older[0]
    old_doc = store.load_revision(key, revision)
    new_doc = store.load_revision(key, new)
    return revision, new, describe_changes(old_doc, new_doc)


def restore_revision(store: DocumentStore, key: str, revision: int) -> int:
    """Save revision's content as the document's new revision (also bringing back a deleted
    document); the revision it replaces stays in the history. Returns the new revision."""
    history(store, key)  # a document that never was: DocumentNotFound naming the known ones
    try:
        doc = store.load_revision(key, revision)
    except StoreError as exc:
        if store.revision(key) == revision or "已损坏" not in str(exc):
            raise
        raise StoreError(f"{exc}，未恢复，数据库未改动；请选另一个版本") from None
    problem = document_problem(doc)
    if problem:
        raise StoreError(
            f"文档 {key} 第 {revision} 版不是有效的文档（{problem}），未恢复，数据库未改动；"
            "请选另一个版本"
        )
    return store.restore_revision(key, revision, store.revision(key))


def list_backups(store: DocumentStore) -> list[BackupInfo]:
    """Whole-file backups from before per-document history, newest (number 1) first."""
    return store.backups()


def restore(store: DocumentStore, number: int) -> BackupInfo:
    """Make whole-file backup `number` the current state; every document it replaces is kept in
    its history first."""
    backups = store.backups()
    if not any(b.number == number for b in backups):
        raise BackupNotFound(number, len(backups))
    return store.restore(number)
