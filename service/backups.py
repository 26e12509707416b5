"""Earlier states: each document's history (list, restore a revision), and the whole-file
backups an older jixiao kept (list, restore one)."""

from __future__ import annotations

from storage import BackupInfo, DocumentStore, RevisionInfo

from .errors import BackupNotFound, DocumentNotFound


def history(store: DocumentStore, key: str) -> list[RevisionInfo]:
    """The document's revisions, newest first (the current one first, if it still exists; a
    deleted document's history stays)."""
    revisions = store.history(key)
    if not revisions:
        raise DocumentNotFound(key, [i.key for i in store.list_documents()])
    return revisions


def restore_revision(store: DocumentStore, key: str, revision: int) -> int:
    """Save revision's content as the document's new revision (also bringing back a deleted
    document); the revision it replaces stays in the history. Returns the new revision."""
    history(store, key)  # a document that never was: DocumentNotFound naming the known ones
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
