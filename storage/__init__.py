"""Where documents are kept. Callers use the DocumentStore protocol and get a store from
`open_store(location)`; today's backend is one shared JSON file (store.Store: locking, atomic
saves, revisions, backups, schema migrations)."""

from .errors import ConflictError, StoreError
from .history import HistoryPolicy
from .identity import User, current_user
from .migrations import SCHEMA_VERSION
from .protocol import BackupInfo, DocInfo, DocumentStore, RevisionInfo, open_store
from .store import Store

__all__ = [
    "BackupInfo",
    "ConflictError",
    "DocInfo",
    "DocumentStore",
    "HistoryPolicy",
    "RevisionInfo",
    "User",
    "current_user",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "open_store",
]
