"""Whole-file copies of the database beside it in `<db>.backups/`.

jixiao before schema version 2 kept the last N versions of the file here before every save;
history is now kept per document (history.py). The folder stays as it was, and the upgrade of
an old file keeps one copy of it here (hard-linked, no copy: the atomic rename gives the
database a new inode, the old one lives on under its backup name).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from .protocol import BackupInfo
from .sharing import make_dir

DEFAULT_KEEP = 20


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


def keep_old_file(db_path: Path, reference: os.stat_result | None) -> Path | None:
    """Keep one copy of the database file as it is (before a schema upgrade rewrites it),
    leaving the backups already there untouched."""
    if not db_path.exists():
        return None
    folder = backup_dir(db_path)
    make_dir(folder, reference)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder / f"{stamp}.json"
    try:
        os.link(db_path, target)
    except OSError:
        shutil.copy2(db_path, target)
    return target


def _backup_files(db_path: Path) -> list[Path]:
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.json"), reverse=True)


def list_backups(db_path: Path) -> list[BackupInfo]:
    infos = []
    for number, path in enumerate(_backup_files(db_path), 1):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            docs = [
                (rec.get("key", "?"), rec.get("revision", 0))
                for rec in raw.get("documents", {}).values()
            ]
        except (OSError, ValueError, AttributeError):
            docs = []
        stat = path.stat()
        infos.append(
            BackupInfo(
                number=number,
                path=path,
                saved_at=dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC),
                size=stat.st_size,
                documents=sorted(docs),
            )
        )
    return infos
