"""The shared database: many documents (departments × years) in one TinyDB JSON file.

Every change takes an inter-process lock, reads the file fresh and writes it atomically. Reading
needs no lock: the file is only ever replaced whole (rename), so a reader sees one saved state.
Each document carries a revision: a save names the revision it was based on, and is refused with
ConflictError if someone else saved in between — nobody's work is overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from model import Document, JixiaoError, document_from_dict, document_to_dict

from . import history
from .atomic import atomic_write, remove_stale_temps
from .backups import DEFAULT_KEEP, keep_old_file, list_backups
from .errors import ConflictError, StoreError
from .history import HistoryPolicy
from .identity import User, current_user, read_config
from .jsonfile import (
    AtomicJSONStorage,
    FileMemo,
    Unindexed,
    check_ends,
    decode,
    encode,
    find_record,
    iter_records,
    read_file,
)
from .migrations import DOCS_TABLE, SCHEMA_VERSION, empty_tables
from .protocol import BackupInfo, DocInfo, RevisionInfo, save_keys
from .sharing import adopt, check_can_write, like, lock_refused, share_in_setgid_folder

if TYPE_CHECKING:
    from tinydb import TinyDB

LOCK_TIMEOUT = 30.0  # seconds: a save waits this long for a colleague's save to finish


def _key_is(key: str) -> Any:
    """TinyDB's query for the record of `key`. tinydb is imported by the first whole read or
    save, not when the store opens: `jixiao edit DOC` reads its document without it."""
    from tinydb import Query

    return Query().key == key


class _TransactionStorage:
    """One locked operation as a transaction: parse the file once, serve TinyDB from memory, and
    write once at the end (so truncate + insert can never leave a half-done state on disk)."""

    def __init__(self, inner: AtomicJSONStorage) -> None:
        self.inner = inner
        self.cache: dict[str, dict[str, Any]] | None = None
        self.dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self.cache is None:
            self.cache = self.inner.read()
        return self.cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.cache = data
        self.dirty = True

    def close(self) -> None:
        """Nothing is held open (TinyDB.close asks)."""

    def commit(self) -> None:
        if self.dirty and self.cache is not None:
            self.inner.write(self.cache)
            self.dirty = False


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _info(record: dict[str, Any]) -> DocInfo:
    doc = record.get("document", {})
    return DocInfo(
        key=record["key"],
        dept_code=doc.get("dept_code", ""),
        dept_name=doc.get("dept_name", ""),
        year=doc.get("year", 0),
        revision=record.get("revision", 0),
        project_count=len(doc.get("projects", [])),
        updated=record.get("updated", ""),
        updated_by=record.get("updated_by", ""),
        updated_by_name=record.get("updated_by_name", "") or record.get("updated_by", ""),
    )


class Store:
    """The JSON-file DocumentStore (see protocol.py). Open an existing database: StoreError
    names the file and the problem if it is unusable."""

    def __init__(
        self,
        path: str | Path,
        *,
        keep_backups: int = DEFAULT_KEEP,
        policy: HistoryPolicy | None = None,
        clock: Callable[[], dt.datetime] = _utc_now,
        user: User | None = None,
    ) -> None:
        self._given = Path(path).expanduser().absolute()
        # A symlinked path: read, write and lock the target (resolved once), keep the link.
        self.path = Path(os.path.realpath(self._given))
        self.keep_backups = keep_backups  # old-format databases: the one copy kept on migration
        self.policy = policy or HistoryPolicy.from_config(read_config())
        self.clock = clock
        self.user = user
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._memo = FileMemo()
        # Fail now, clearly, if unusable — without parsing it whole: `list` and `check --all`
        # then read a county's documents one at a time (check_ends: opens, is a jixiao database
        # of this schema, was not cut short; anything else is read whole, as before).
        check_ends(self.path, self._memo)

    @property
    def location(self) -> str:
        return str(self._given)

    # -- creation -----------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, keep_backups: int = DEFAULT_KEEP) -> Store:
        """Create an empty database. Refuses to touch an existing file."""
        path = Path(path).expanduser().absolute()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"无法创建目录 {path.parent}：{exc.strerror}") from None
        from filelock import FileLock

        lock_path = path.with_name(path.name + ".lock")
        lock = FileLock(str(lock_path), timeout=LOCK_TIMEOUT, mode=0o666)
        try:
            lock.acquire()
        except PermissionError:
            raise lock_refused(lock_path, None) from None
        try:
            if path.exists():
                raise StoreError(f"数据库文件 {path} 已存在，未作任何修改")
            try:
                atomic_write(path, encode(empty_tables()))
                share_in_setgid_folder(path)
            except OSError as exc:
                raise StoreError(f"无法创建数据库 {path}：{exc.strerror}") from None
        finally:
            lock.release()
        return cls(path, keep_backups=keep_backups)

    def _now(self) -> str:
        return self.clock().astimezone().isoformat(timespec="seconds")

    def _who(self) -> User:
        if self.user is None:
            self.user = current_user()
        return self.user

    # -- locking ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout  # imported on the first change, not at start-up

        self._reference = check_can_write(self.path)
        self._make_lock_file()
        # The lock file has the database's group and mode: colleagues can take the lock too.
        lock = FileLock(
            str(self.lock_path), timeout=LOCK_TIMEOUT, mode=self._reference.st_mode & 0o666
        )
        try:
            lock.acquire()
        except Timeout:
            raise self._busy() from None
        except PermissionError:
            # A lock file a colleague made before the database was made group-writable (and
            # that only its owner can change): an flock needs no write access, so lock it read-only.
            with self._locked_readonly():
                yield
            return
        try:
            yield
        finally:
            lock.release()

    def _busy(self) -> StoreError:
        return StoreError(
            f"数据库 {self.path} 正被他人保存，等待 {LOCK_TIMEOUT:.0f} 秒仍未完成；请稍后重试"
        )

    @contextlib.contextmanager
    def _locked_readonly(self) -> Iterator[None]:
        """The same exclusive flock as filelock takes, on a read-only descriptor."""
        import fcntl
        import time

        try:
            fd = os.open(self.lock_path, os.O_RDONLY)
        except OSError:
            raise lock_refused(self.lock_path, self._reference) from None
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise self._busy() from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the flock

    def _make_lock_file(self) -> None:
        """Create the lock file (or fix one of ours) with the database's group and mode."""
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return  # acquiring the lock then says what is wrong
        try:
            st = os.fstat(fd)
            if st.st_uid == os.getuid() and like(st) != like(self._reference):
                adopt(self.lock_path, self._reference, fd=fd)
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def _session(self, *, write: bool = True) -> Iterator[TinyDB]:
        """A TinyDB over the file: one read, at most a few atomic writes (under the lock)."""
        from tinydb import TinyDB

        with self._locked() if write else contextlib.nullcontext():
            inner = AtomicJSONStorage(self.path, before_write=self._before_write, memo=self._memo)
            storage = _TransactionStorage(inner)
            db = TinyDB(storage=lambda: storage)
            storage.read()
            self._storage_version = inner.disk_version
            yield db  # an exception here skips the commit: nothing is written
            if storage.dirty and not write:
                raise RuntimeError("a read-only store session tried to write")
            storage.commit()

    def _before_write(self) -> None:
        remove_stale_temps(self.path)
        if self._storage_version < SCHEMA_VERSION and self.keep_backups > 0:
            keep_old_file(self.path, self._reference)  # the last whole-file copy, before upgrade

    def _keep(self, record: dict[str, Any] | None) -> None:
        """Keep a record that is about to be replaced or removed in its document's history."""
        if record is not None:
            history.keep_revision(self.path, record, self.clock(), self._reference)

    # -- reading ------------------------------------------------------------------------------

    def list_documents(self) -> list[DocInfo]:
        """Every document's DocInfo, read one record at a time (iter_records: a county's list
        never holds the file's tables), or from the state this store already holds."""
        infos = [_info(r) for r in iter_records(self.path, self._memo)]
        return sorted(infos, key=lambda i: (i.dept_code, i.year))

    def iter_documents(self) -> Iterator[tuple[Document, int]]:
        """Every document and its revision, one at a time in the file's order (iter_records):
        only the one being looked at is held. A damaged document is a StoreError when reached."""
        for record in iter_records(self.path, self._memo):
            document = self._document(record)
            del record  # the raw record is not held while the caller works on the document
            yield document

    def revision(self, key: str) -> int:
        """The document's current revision, 0 when it does not exist."""
        record = self._current(key)
        return 0 if record is None else int(record["revision"])

    def load(self, key: str) -> tuple[Document, int]:
        record = self._current(key)
        if record is None:
            raise StoreError(f"数据库 {self.path} 中没有文档 {key}；用 jixiao list 查看已有文档")
        return self._document(record)

    def load_all(self) -> list[tuple[Document, int]]:
        """Every document and its revision, ordered as list_documents: one read of the file
        (load per document re-read the database and searched it for each key — a county's
        `check --all` did that 100 times)."""
        with self._session(write=False) as db:
            records = sorted(
                db.table(DOCS_TABLE).all(),
                key=lambda r: (
                    r.get("document", {}).get("dept_code", ""),
                    r.get("document", {}).get("year", 0),
                ),
            )
        return [self._document(record) for record in records]

    def _document(self, record: dict[str, Any]) -> tuple[Document, int]:
        key = record.get("key", "")
        try:
            return document_from_dict(record["document"]), int(record["revision"])
        except (KeyError, TypeError, ValueError, JixiaoError) as exc:
            what = f"缺少 {exc}" if isinstance(exc, KeyError) else str(exc)
            raise StoreError(f"数据库 {self.path} 中文档 {key} 已损坏（{what}）") from None

    # -- writing ------------------------------------------------------------------------------

    def save(self, doc: Document, base_revision: int | None, *, old_key: str | None = None) -> int:
        """Save doc and return its new revision.

        base_revision: the revision the edit started from (0 for a new document). A save whose
        base is stale raises ConflictError and writes nothing. None overwrites whatever is there:
        only for an explicit user request such as `import --replace`.
        old_key: the key the document had when loaded, if the edit changed its code or year.
        """
        return self.save_many([(doc, base_revision, old_key)])[0]

    def save_many(self, items: Sequence[tuple[Document, int | None, str | None]]) -> list[int]:
        """Save several documents in one write of the file, or none: every revision is checked
        first (ConflictError, StoreError for a key given twice), then each replaced record is
        kept in its history and all are written at once. Returns the new revisions, in order.
        Each item is (doc, base_revision, old_key) as for save."""
        keys, sources = save_keys(items)
        with self._session() as db:
            table = db.table(DOCS_TABLE)
            planned = []
            for (doc, base_revision, _), key, source_key in zip(items, keys, sources, strict=True):
                current = table.get(_key_is(source_key))
                current_rev = 0 if current is None else int(current["revision"])
                if base_revision is not None and current_rev != base_revision:
                    by = "" if current is None else current.get("updated_by", "")
                    raise ConflictError(source_key, base_revision, current_rev, by)
                if source_key != key:
                    if table.contains(_key_is(key)):
                        raise ConflictError(key, 0, 1)
                    current_rev = 0 if base_revision is None else current_rev
                if current is None or source_key != key:
                    # A new document continues the numbers of one deleted under its key, whose
                    # history stays: revision numbers name one content each, forever.
                    current_rev = max(current_rev, history.highest(self.path, key))
                planned.append((doc, key, source_key, current, current_rev + 1))
            user = self._who()
            for doc, key, source_key, current, revision in planned:
                if source_key != key:
                    table.remove(_key_is(source_key))
                record = {
                    "key": key,
                    "revision": revision,
                    "updated": self._now(),
                    "updated_by": user.login,
                    "updated_by_name": user.display,
                    "document": document_to_dict(doc),
                }
                self._keep(current)  # before the database changes: a failed save evicts nothing
                table.upsert(record, _key_is(key))
        for source_key in dict.fromkeys(sources):
            self._prune(source_key)
        return [revision for *_, revision in planned]

    def delete(self, key: str, base_revision: int | None) -> None:
        """Remove the document; its history stays, so it can be restored."""
        with self._session() as db:
            table = db.table(DOCS_TABLE)
            current = table.get(_key_is(key))
            if current is None:
                raise StoreError(f"数据库中没有文档 {key}")
            if base_revision is not None and int(current["revision"]) != base_revision:
                raise ConflictError(key, base_revision, int(current["revision"]))
            self._keep(current)
            table.remove(_key_is(key))
        self._prune(key)

    def _prune(self, key: str) -> None:
        with contextlib.suppress(OSError):  # a prune that fails is retried at the next save
            history.prune(self.path, key, self.policy, self.clock())

    # -- history ------------------------------------------------------------------------------

    def _current(self, key: str) -> dict[str, Any] | None:
        """The document's current record (None: no such document): found in the file by its
        layout and parsed alone (jsonfile.find_record: a county's other documents are not
        decoded), or, from a file laid out otherwise, by reading it whole."""
        try:
            return find_record(self.path, key, self._memo)
        except Unindexed:
            pass
        with self._session(write=False) as db:
            record = db.table(DOCS_TABLE).get(_key_is(key))
        return None if record is None else dict(record)

    def history(self, key: str) -> list[RevisionInfo]:
        """The current revision (if the document exists) and every kept one, newest first."""
        infos: dict[int, RevisionInfo] = {}
        for revision, (path, when) in history.files(self.path, key).items():
            try:
                record = history.read_record(path)
                # The document's size as the current one is measured (the file is gzip'd).
                size = len(encode({"document": record.get("document", {})}))
            except (OSError, ValueError):
                continue  # pruned meanwhile, or unreadable: not offered
            infos[revision] = RevisionInfo(
                revision=revision,
                saved_at=when,
                saved_by=str(record.get("updated_by", "")),
                saved_by_name=str(
                    record.get("updated_by_name", "") or record.get("updated_by", "")
                ),
                size=size,
            )
        current = self._current(key)
        if current is not None:
            info = _info(current)
            try:
                when = dt.datetime.fromisoformat(info.updated)
            except ValueError:
                when = dt.datetime.fromtimestamp(0, dt.UTC)
            infos[info.revision] = RevisionInfo(
                revision=info.revision,
                saved_at=when,
                saved_by=info.updated_by,
                saved_by_name=info.updated_by_name,
                size=len(encode({"document": current.get("document", {})})),
                current=True,
            )
        return [infos[rev] for rev in sorted(infos, reverse=True)]

    def load_revision(self, key: str, revision: int) -> Document:
        current = self._current(key)
        if current is not None and int(current["revision"]) == revision:
            record: dict[str, Any] = current
        else:
            kept = history.files(self.path, key).get(revision)
            try:
                if kept is None:
                    raise FileNotFoundError
                record = history.read_record(kept[0])
            except FileNotFoundError:
                raise StoreError(
                    f"文档 {key} 没有第 {revision} 版（从未有过，或已按保留规则清理）；"
                    f"用 jixiao history {key} 查看可用的版本"
                ) from None
            except (OSError, ValueError) as exc:
                raise StoreError(f"文档 {key} 第 {revision} 版的历史文件无法读取：{exc}") from None
        try:
            return document_from_dict(record["document"])
        except (KeyError, TypeError, ValueError, JixiaoError) as exc:
            what = f"缺少 {exc}" if isinstance(exc, KeyError) else str(exc)
            raise StoreError(f"文档 {key} 第 {revision} 版已损坏（{what}）") from None

    def restore_revision(self, key: str, revision: int, base_revision: int) -> int:
        """Save revision's content as a new revision (ConflictError if key changed since
        base_revision); the replaced revision is kept in the history like any other."""
        doc = self.load_revision(key, revision)
        if doc.key != key:  # an old revision from before a rename: restore it under key
            raise StoreError(
                f"文档 {key} 第 {revision} 版属于 {doc.key}（之后改过编码或年度），未恢复"
            )
        return self.save(doc, base_revision)

    # -- backups ------------------------------------------------------------------------------

    def backups(self) -> list[BackupInfo]:
        """Whole-file copies in `<db>.backups/`: made by jixiao before per-document history, and
        the one copy of an old-format file kept when it is upgraded."""
        return list_backups(self.path)

    def restore(self, number: int) -> BackupInfo:
        """Make backup `number` (1 = newest) the current state. The state it replaces is itself
        backed up, and every restored document gets a new revision, so an editor still open on
        the replaced state meets a conflict instead of silently overwriting the restore."""
        with self._session() as db:
            infos = list_backups(self.path)
            chosen = next((b for b in infos if b.number == number), None)
            if chosen is None:
                raise StoreError(
                    f"没有第 {number} 号备份；用 jixiao restore --list 查看（共 {len(infos)} 个）"
                )
            restored = decode(read_file(chosen.path), chosen.path)
            _check_backup(restored, chosen)  # before anything changes: all valid, or none restored
            table = db.table(DOCS_TABLE)
            for record in table.all():
                self._keep(dict(record))
            now_revisions = {r["key"]: int(r["revision"]) for r in table.all()}
            records = list(restored.get(DOCS_TABLE, {}).values())
            for record in records:
                base = max(now_revisions.get(record["key"], 0), int(record.get("revision", 0)))
                record["revision"] = base + 1
            table.truncate()
            table.insert_multiple(records)
        return chosen


def _check_backup(tables: dict[str, Any], backup: BackupInfo) -> None:
    """Every record of a whole-file backup must load as a valid document under its key (the
    document's structure, code, year and amounts: model.identifiers); the first that does not
    refuses the restore in one line."""
    from model.errors import JixiaoError
    from model.identifiers import document_problem

    def refused(what: str) -> StoreError:
        return StoreError(
            f"第 {backup.number} 号备份 {backup.path} {what}，未恢复，数据库未改动；"
            "请选另一个备份（jixiao restore --list）"
        )

    for number, record in enumerate(tables.get(DOCS_TABLE, {}).values(), 1):
        if not isinstance(record, dict) or not isinstance(record.get("key"), str):
            raise refused(f"的第 {number} 条记录缺少文档编号（key）")
        key = record["key"]
        revision = record.get("revision", 0)
        if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
            raise refused(f"中文档 {key} 的版本号 {revision!r} 无效")
        try:
            doc = document_from_dict(record.get("document"))
        except JixiaoError as exc:
            raise refused(f"中文档 {key} 不是有效的文档（{exc}）") from None
        problem = document_problem(doc)
        if problem:
            raise refused(f"中文档 {key} 不是有效的文档（{problem}）")
        if doc.key != key:
            raise refused(f"中文档 {key} 的内容属于 {doc.key}")
