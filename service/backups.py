"""The database's backups: list them, restore one."""

from __future__ import annotations

from storage import BackupInfo, DocumentStore

from .errors import BackupNotFound


def list_backups(store: DocumentStore) -> list[BackupInfo]:
    """Newest first: number 1 is the state before the last save."""
    return store.backups()


def restore(store: DocumentStore, number: int) -> BackupInfo:
    """Make backup `number` the current state; the state it replaces is backed up first."""
    backups = store.backups()
    if not any(b.number == number for b in backups):
        raise BackupNotFound(number, len(backups))
    return store.restore(number)
