"""The last N versions of the database file, kept beside it in `<db>.backups/`.

Before each save the current file is hard-linked into the backup folder (no copy: the atomic
rename gives the database a new inode, the old one lives on under its backup name).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from pathlib import Path

from .protocol import BackupInfo

DEFAULT_KEEP = 20


def backup_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


def take_backup(db_path: Path, keep: int = DEFAULT_KEEP) -> Path | None:
    """Preserve the current database file as a backup, then prune to the newest `keep`."""
    if keep <= 0 or not db_path.exists():
        return None
    folder = backup_dir(db_path)
    folder.mkdir(exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S.%fZ")
    target = folder / f"{stamp}.json"
    counter = 1
    while target.exists():
        target = folder / f"{stamp}-{counter}.json"
        counter += 1
    try:
        os.link(db_path, target)
    except OSError:
        shutil.copy2(db_path, target)
    prune(db_path, keep)
    return target


def _backup_files(db_path: Path) -> list[Path]:
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.json"), reverse=True)


def prune(db_path: Path, keep: int) -> None:
    for old in _backup_files(db_path)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()


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
