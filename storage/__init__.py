"""The TinyDB store: locking, atomic saves, revisions, backups, schema migrations."""

from .backups import BackupInfo
from .errors import ConflictError, StoreError
from .migrations import SCHEMA_VERSION
from .store import DocInfo, Store

__all__ = ["BackupInfo", "ConflictError", "DocInfo", "SCHEMA_VERSION", "Store", "StoreError"]
