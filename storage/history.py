"""Earlier revisions of each document, kept beside the database in `<db>.history/<key>/`.

Each save keeps the revision it replaces (one gzip'd JSON record, a few KB) in its document's
folder, named `<revision>-<saved at, epoch seconds>.json.gz` so that listing and pruning need no
reading. A document's current revision is the document itself, in the database file; a deleted
document's history stays (it can be restored). What is kept is decided per document by a
HistoryPolicy, and pruning runs only after a save succeeded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .atomic import TEMP_SUFFIX, atomic_write
from .sharing import make_dir

_NAME = re.compile(r"^(\d+)-(\d+)\.json\.gz$")


@dataclass(frozen=True, slots=True)
class HistoryPolicy:
    """Which earlier revisions of a document are kept: every one younger than keep_all_days,
    then the newest of each day up to daily_days; never fewer than min_count (the newest,
    whatever their age) nor more than max_count."""

    keep_all_days: float = 7
    daily_days: float = 90
    min_count: int = 10
    max_count: int = 1000

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> HistoryPolicy:
        """From the config file's `[history]` table (keep_all_days, daily_days, min_count,
        max_count); unknown or ill-typed values are ignored."""
        table = config.get("history")
        if not isinstance(table, dict):
            return cls()
        values: dict[str, Any] = {}
        for name, kind in (
            ("keep_all_days", (int, float)),
            ("daily_days", (int, float)),
            ("min_count", (int,)),
            ("max_count", (int,)),
        ):
            value = table.get(name)
            if isinstance(value, kind) and not isinstance(value, bool) and value >= 0:
                values[name] = value
        return cls(**values)

    def keep(self, kept: list[tuple[int, dt.datetime]], now: dt.datetime) -> set[int]:
        """The revisions to keep of (revision, saved at) pairs."""
        newest_first = sorted(kept, reverse=True)
        keep = {rev for rev, _ in newest_first[: self.min_count]}
        days_seen: set[dt.date] = set()
        for rev, when in newest_first:
            age, day = now - when, when.astimezone().date()
            if age <= dt.timedelta(days=self.keep_all_days):
                keep.add(rev)
                days_seen.add(day)
            elif age <= dt.timedelta(days=self.daily_days) and day not in days_seen:
                days_seen.add(day)
                keep.add(rev)
        return set(sorted(keep, reverse=True)[: max(self.max_count, self.min_count)])


def history_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".history")


def doc_dir(db_path: Path, key: str) -> Path:
    return history_dir(db_path) / quote(key, safe="")


def _saved_at(record: dict[str, Any], fallback: dt.datetime) -> dt.datetime:
    with contextlib.suppress(KeyError, TypeError, ValueError):
        when = dt.datetime.fromisoformat(record["updated"])
        if when.tzinfo is not None:
            return when
    return fallback


def files(db_path: Path, key: str) -> dict[int, tuple[Path, dt.datetime]]:
    """Kept revisions of key: revision → (file, saved at)."""
    found: dict[int, tuple[Path, dt.datetime]] = {}
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for entry in os.scandir(doc_dir(db_path, key)):
            match = _NAME.match(entry.name)
            if match:
                when = dt.datetime.fromtimestamp(int(match.group(2)), dt.UTC)
                found[int(match.group(1))] = (Path(entry.path), when)
    return found


def highest(db_path: Path, key: str) -> int:
    return max(files(db_path, key), default=0)


def keep_revision(
    db_path: Path, record: dict[str, Any], now: dt.datetime, reference: os.stat_result | None
) -> Path:
    """Keep a document record (as stored in the database) in its history, durably."""
    key, revision = str(record["key"]), int(record["revision"])
    folder = doc_dir(db_path, key)
    make_dir(folder, reference)
    stamp = int(_saved_at(record, now).timestamp())
    target = folder / f"{revision:08d}-{stamp}.json.gz"
    import gzip  # here and in read_record: a store that only reads documents never loads it

    data = gzip.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 6, mtime=0)
    mode, gid = (None, None) if reference is None else (reference.st_mode & 0o666, reference.st_gid)
    for stale in folder.glob(f".*{TEMP_SUFFIX}"):  # a writer killed mid-save (we hold the lock)
        with contextlib.suppress(OSError):
            stale.unlink()
    earlier = files(db_path, key).get(revision)
    if earlier is not None and earlier[0] != target:  # kept by a save that then failed
        with contextlib.suppress(OSError):
            earlier[0].unlink()
    atomic_write(target, data, mode=mode, gid=gid)
    return target


def read_record(path: Path) -> dict[str, Any]:
    import gzip

    record: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    return record


def prune(db_path: Path, key: str, policy: HistoryPolicy, now: dt.datetime) -> None:
    kept = files(db_path, key)
    wanted = policy.keep([(rev, when) for rev, (_, when) in kept.items()], now)
    for rev, (path, _) in kept.items():
        if rev not in wanted:
            with contextlib.suppress(OSError):
                path.unlink()
