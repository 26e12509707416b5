"""Schema versions of the database file, and the steps that bring an old file up to date.

To change the stored shape: bump SCHEMA_VERSION and add MIGRATIONS[old] = function(data) → data
that rewrites a version-`old` file's raw tables into version old+1. Migration happens in memory on
read; the file is rewritten at the next save, which first keeps one copy of the old file in
`<db>.backups/`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 2
META_TABLE = "_meta"
DOCS_TABLE = "documents"
APP_TAG = "jixiao"

Tables = dict[str, dict[str, Any]]


def _v1_to_v2(tables: Tables) -> Tables:
    """Version 2 keeps each document's earlier revisions in `<db>.history/` (no longer whole-file
    copies in `<db>.backups/`, which stays as it was) and who saved by display name too."""
    for record in tables.get(DOCS_TABLE, {}).values():
        if isinstance(record, dict):
            record.setdefault("updated_by_name", record.get("updated_by", ""))
    return tables


MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {1: _v1_to_v2}


def meta_record(version: int = SCHEMA_VERSION) -> dict[str, Any]:
    return {"app": APP_TAG, "schema_version": version}


def empty_tables() -> Tables:
    return {META_TABLE: {"1": meta_record()}, DOCS_TABLE: {}}


def migrate(tables: Tables, version: int) -> Tables:
    """Apply every step from version up to SCHEMA_VERSION (caller has checked version ≤ current)."""
    while version < SCHEMA_VERSION:
        tables = MIGRATIONS[version](tables)
        version += 1
        tables[META_TABLE] = {"1": meta_record(version)}
    return tables
