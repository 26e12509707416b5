"""Schema versions of the database file, and the steps that bring an old file up to date.

To change the stored shape: bump SCHEMA_VERSION and add MIGRATIONS[old] = function(data) → data
that rewrites a version-`old` file's raw tables into version old+1. Migration happens in memory on
read; the file is rewritten (with a backup of the old one) at the next save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1
META_TABLE = "_meta"
DOCS_TABLE = "documents"
APP_TAG = "jixiao"

Tables = dict[str, dict[str, Any]]

MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {
    # 1: _v1_to_v2,   (the first future change goes here)
}


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
