"""`jixiao migrate`: every document with its whole history from one store to another — a JSON
file to a PostgreSQL database or back (or file to file, server to server) — then checked.

Both backends are read and written as records, the JSON file's own shape: {key, revision,
updated (ISO time), updated_by, updated_by_name, document}. Every revision's document is read
back into the model before anything is written (a damaged one stops the move, naming it), the
destination must be empty unless `replace`, and after writing the destination is read again and
compared with the source revision by revision: the counts, who saved each and when, and the
documents themselves.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from model import Document, JixiaoError, document_from_dict, document_to_dict

from . import history
from .atomic import atomic_write
from .errors import StoreError
from .jsonfile import decode, encode, read_file
from .migrations import DOCS_TABLE, empty_tables
from .protocol import DocumentStore, is_url, open_store
from .store import Store

Record = dict[str, Any]


@dataclass(slots=True)
class Kept:
    """One document's revisions, oldest first, and which one is current (0: deleted)."""

    key: str
    records: list[Record] = field(default_factory=list)
    current: int = 0


@dataclass(frozen=True, slots=True)
class Moved:
    documents: int  # documents that exist (not deleted)
    keys: int  # keys with any revision (deleted documents' history included)
    revisions: int  # revisions copied, current ones included


def _when(record: Record) -> dt.datetime | None:
    with contextlib.suppress(KeyError, TypeError, ValueError):
        when = dt.datetime.fromisoformat(str(record["updated"]))
        if when.tzinfo is not None:
            return when
    return None


def _checked(record: Record, where: str) -> Record:
    """The record with its document read into the model and written out again (validated,
    normalised); a damaged revision stops the move before anything is written."""
    try:
        doc = document_from_dict(record.get("document"))
        revision = int(record["revision"])
    except (KeyError, TypeError, ValueError, JixiaoError) as exc:
        raise StoreError(
            f"{where} 中文档 {record.get('key', '?')} 第 {record.get('revision', '?')} 版已损坏"
            f"（{exc}），未迁移任何文档"
        ) from None
    return {
        "key": str(record["key"]),
        "revision": revision,
        "updated": str(record.get("updated", "")),
        "updated_by": str(record.get("updated_by", "")),
        "updated_by_name": str(record.get("updated_by_name", "") or record.get("updated_by", "")),
        "document": document_to_dict(doc),
    }


# -- reading ----------------------------------------------------------------------------------


def read_all(store: DocumentStore) -> list[Kept]:
    """Every document of store with every revision kept, ordered by key."""
    if isinstance(store, Store):
        found = _read_file(store)
    else:
        from .postgres import PostgresStore

        if not isinstance(store, PostgresStore):
            raise StoreError(f"无法迁移 {store.location}：不支持的数据库类型")
        found = _read_postgres(store)
    where = _shown(store)
    for kept in found.values():
        kept.records = sorted((_checked(r, where) for r in kept.records), key=_revision)
    return [found[key] for key in sorted(found)]


def _revision(record: Record) -> int:
    return int(record["revision"])


def _read_file(store: Store) -> dict[str, Kept]:
    path = store.path
    tables = decode(read_file(path), path)
    found: dict[str, Kept] = {}
    for record in tables.get(DOCS_TABLE, {}).values():
        kept = found.setdefault(str(record["key"]), Kept(str(record["key"])))
        kept.records.append(dict(record))
        kept.current = int(record["revision"])
    folder = history.history_dir(path)
    names = sorted(os.listdir(folder)) if folder.is_dir() else []
    for name in names:
        key = unquote(name)
        kept = found.setdefault(key, Kept(key))
        for revision, (file, when) in sorted(history.files(path, key).items()):
            if revision == kept.current:
                continue
            try:
                record = history.read_record(file)
            except (OSError, ValueError) as exc:
                raise StoreError(
                    f"文档 {key} 第 {revision} 版的历史文件 {file} 无法读取（{exc}），未迁移任何文档"
                ) from None
            record.setdefault("key", key)
            record["revision"] = revision
            if _when(record) is None:  # the file's name has the time it was saved
                record["updated"] = when.astimezone().isoformat(timespec="seconds")
            kept.records.append(record)
    return {key: kept for key, kept in found.items() if kept.records}


def _read_postgres(store: Any) -> dict[str, Kept]:
    from .postgres import from_row

    found: dict[str, Kept] = {}
    with store._tx() as cur:
        for key, revision in cur.execute("SELECT key, revision FROM jixiao_documents").fetchall():
            found[key] = Kept(key, current=int(revision))
        rows = cur.execute(
            "SELECT key, revision, saved_at, saved_by, saved_by_name, document "
            "FROM jixiao_history ORDER BY key, revision"
        )
        for key, revision, at, by, by_name, document in rows:
            found.setdefault(key, Kept(key)).records.append(
                {
                    "key": key,
                    "revision": int(revision),
                    "updated": at.astimezone().isoformat(timespec="seconds"),
                    "updated_by": by,
                    "updated_by_name": by_name,
                    "document": from_row(document),
                }
            )
    return found


# -- writing ----------------------------------------------------------------------------------


def is_empty(store: DocumentStore) -> bool:
    """No document and no kept revision."""
    if isinstance(store, Store):
        if store.list_documents():
            return False
        folder = history.history_dir(store.path)
        return not (folder.is_dir() and any(folder.iterdir()))
    with store._tx() as cur:  # type: ignore[attr-defined]
        row = cur.execute(
            "SELECT EXISTS (SELECT 1 FROM jixiao_documents) "
            "OR EXISTS (SELECT 1 FROM jixiao_history)"
        ).fetchone()
    return not (row and row[0])


def write_all(store: DocumentStore, kept: list[Kept]) -> None:
    """Replace everything in store by kept (one transaction; for a file, one atomic write of the
    database after the history folder is rebuilt)."""
    if isinstance(store, Store):
        _write_file(store, kept)
    else:
        _write_postgres(store, kept)


def _write_file(store: Store, kept: list[Kept]) -> None:
    path = store.path
    with store._locked():
        reference = os.stat(path)
        tables = empty_tables()
        documents: dict[str, Any] = {}
        folder = history.history_dir(path)
        if folder.exists():
            shutil.rmtree(folder)
        now = dt.datetime.now(dt.UTC)
        for item in kept:
            for record in item.records:
                if record["revision"] == item.current:
                    documents[str(len(documents) + 1)] = record
                else:
                    history.keep_revision(path, record, now, reference)
        tables[DOCS_TABLE] = documents
        try:
            atomic_write(path, encode(tables))
        except OSError as exc:
            raise StoreError(f"写入数据库 {path} 失败：{exc.strerror}") from None


def _write_postgres(store: Any, kept: list[Kept]) -> None:
    from .postgres import to_row

    with store._tx() as cur:
        cur.execute("DELETE FROM jixiao_documents")
        cur.execute("DELETE FROM jixiao_history")
        history_rows = []
        current_rows = []
        for item in kept:
            for record in item.records:
                data = record["document"]
                size = len(encode({"document": data}))
                when = _when(record) or dt.datetime.now(dt.UTC)
                history_rows.append(
                    (
                        item.key,
                        record["revision"],
                        str(data.get("dept_code", "")),
                        record["updated_by"],
                        record["updated_by_name"],
                        when,
                        size,
                        to_row(data),
                    )
                )
                if record["revision"] == item.current:
                    current_rows.append(
                        (
                            item.key,
                            str(data.get("dept_code", "")),
                            int(data.get("year", 0)),
                            str(data.get("dept_name", "")),
                            len(data.get("projects", [])),
                            record["revision"],
                            record["updated_by"],
                            record["updated_by_name"],
                            when,
                            size,
                            to_row(data),
                        )
                    )
        cur.executemany(
            "INSERT INTO jixiao_history (key, revision, dept_code, saved_by, saved_by_name, "
            "saved_at, size, document) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            history_rows,
        )
        cur.executemany(
            "INSERT INTO jixiao_documents (key, dept_code, year, dept_name, project_count, "
            "revision, saved_by, saved_by_name, saved_at, size, document) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            current_rows,
        )


# -- the command ------------------------------------------------------------------------------


def _shown(store: DocumentStore) -> str:
    return str(getattr(store, "shown", store.location))


def _destination(location: str) -> DocumentStore:
    """The destination store, made (empty) when there is none yet."""
    if is_url(location):
        from .postgres import NoTables

        try:
            return open_store(location)
        except NoTables:
            return open_store(location, create=True)
    if not Path(location).expanduser().exists():
        return open_store(location, create=True)
    return open_store(location)


def _digest(kept: list[Kept]) -> dict[str, tuple[int, list[tuple[Any, ...]]]]:
    """What must be equal on both sides: per key, the current revision and each revision's
    number, time, saver and document (as the model reads it)."""
    out: dict[str, tuple[int, list[tuple[Any, ...]]]] = {}
    for item in kept:
        revisions = []
        for record in item.records:
            doc: Document = document_from_dict(record["document"])
            revisions.append(
                (
                    record["revision"],
                    _when(record),
                    record["updated_by"],
                    record["updated_by_name"],
                    doc,
                )
            )
        out[item.key] = (item.current, revisions)
    return out


def migrate(source: str, destination: str, *, replace: bool = False) -> Moved:
    """Copy every document with its history from source to destination and check the copy.
    A destination that holds anything is refused unless replace."""
    src = open_store(source)
    if _same_place(src.location, destination):
        raise StoreError("源数据库与目标数据库是同一个，未迁移")
    kept = read_all(src)
    dest = _destination(destination)
    if not replace and not is_empty(dest):
        raise StoreError(
            f"目标数据库 {_shown(dest)} 中已有文档或历史版本，未迁移；如确需用源数据库的内容替换，请加 --replace"
        )
    write_all(dest, kept)
    again = read_all(open_store(destination))
    expected, found = _digest(kept), _digest(again)
    if expected != found:
        missing = sorted(set(expected) ^ set(found))
        differ = missing or [k for k in sorted(expected) if expected[k] != found.get(k)]
        raise StoreError(
            f"迁移后核对不一致：文档 {'、'.join(differ[:5])} 与源数据库不同；"
            f"请检查目标数据库 {_shown(dest)}，修正后加 --replace 重新迁移"
        )
    return Moved(
        documents=sum(1 for k in kept if k.current),
        keys=len(kept),
        revisions=sum(len(k.records) for k in kept),
    )


def _same_place(a: str, b: str) -> bool:
    if is_url(a) or is_url(b):
        return a == b
    return Path(a).expanduser().absolute() == Path(b).expanduser().absolute()
