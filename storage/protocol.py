"""What callers may use of a document store, whatever holds the documents.

Two backends: the shared JSON file (store.Store) and a PostgreSQL server (postgres.PostgresStore,
for a `postgresql://` location). The front ends and the service layer are written against
DocumentStore and get theirs from `open_store(location)`; the store tests' `store_factory` runs
the same behaviour tests against every backend.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .errors import StoreError

if TYPE_CHECKING:
    from model import Document


@dataclass(frozen=True, slots=True)
class DocInfo:
    """One line of the document list: enough to choose a document without loading it."""

    key: str
    dept_code: str
    dept_name: str
    year: int
    revision: int
    project_count: int
    updated: str  # ISO time of the last save
    updated_by: str  # login name of whoever saved last
    updated_by_name: str = ""  # their display name (config file or account's full name)


@dataclass(frozen=True, slots=True)
class RevisionInfo:
    """One revision of a document: the current one or one kept in its history."""

    revision: int
    saved_at: dt.datetime
    saved_by: str  # login name
    saved_by_name: str  # display name
    size: int  # bytes kept for it (the current revision: its JSON size)
    current: bool = False


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One kept earlier state of the whole store."""

    number: int  # 1 = the newest
    path: Path
    saved_at: dt.datetime
    size: int
    documents: list[tuple[str, int]]  # (key, revision) held in that version


@runtime_checkable
class DocumentStore(Protocol):
    """Documents keyed by "单位编码/年度", each with a revision that every save increases.

    A save names the revision it was based on and is refused with ConflictError if the stored
    one differs (nobody's work is overwritten); every failure is a one-line StoreError.
    """

    @property
    def location(self) -> str:
        """Where the documents are, as open_store accepts it and as messages show it."""
        ...

    def list_documents(self) -> list[DocInfo]:
        """Every document, ordered by unit code then year."""
        ...

    def revision(self, key: str) -> int:
        """The document's current revision, 0 when it does not exist."""
        ...

    def load(self, key: str) -> tuple[Document, int]:
        """The document and its revision (StoreError if there is none)."""
        ...

    def load_all(self) -> list[tuple[Document, int]]:
        """Every document and its revision, in list_documents' order, read at once (StoreError
        naming the first that is damaged)."""
        ...

    def iter_documents(self) -> Iterator[tuple[Document, int]]:
        """Every document and its revision, one at a time, in no promised order (the file's,
        the server's): each is let go once the caller moves on, so a caller that keeps only
        what it prints holds one document at a time — a county's `check --all` (issue 17).
        StoreError when a damaged document (or file) is reached; what was yielded before
        stays valid, the caller decides whether to print it."""
        ...

    def save(self, doc: Document, base_revision: int | None, *, old_key: str | None = None) -> int:
        """Save doc and return its new revision. base_revision: the revision the edit started
        from (0 for a new document; None overwrites: only for an explicit user request).
        old_key: the key the document was loaded under, if the edit changed its code or year."""
        ...

    def save_many(self, items: Sequence[tuple[Document, int | None, str | None]]) -> list[int]:
        """Save several documents — each (doc, base_revision, old_key) as for save — all in one
        atomic write, or none: a conflict on any of them (ConflictError) or a key given twice
        (StoreError) writes nothing. Returns the new revisions in order."""
        ...

    def delete(self, key: str, base_revision: int | None) -> None:
        """Remove the document (ConflictError if it changed since base_revision)."""
        ...

    def history(self, key: str) -> list[RevisionInfo]:
        """The document's revisions still available, newest first: the current one (if the
        document exists) and the earlier ones kept in its history (also after a delete)."""
        ...

    def load_revision(self, key: str, revision: int) -> Document:
        """One revision's content, the current one included (StoreError, one line, for a
        revision that never was or was pruned)."""
        ...

    def restore_revision(self, key: str, revision: int, base_revision: int) -> int:
        """Save revision's content as a new revision of key and return it; ConflictError when
        the document's current revision is not base_revision (0: the document is deleted)."""
        ...

    def backups(self) -> list[BackupInfo]:
        """The kept earlier states, newest (number 1) first; each save keeps the one it replaces."""
        ...

    def restore(self, number: int) -> BackupInfo:
        """Make backup `number` current; the state it replaces is kept as a backup too, and every
        restored document gets a new revision (an editor open on the old state then conflicts)."""
        ...


# "postgresql://…", "sqlite:///…": a location with a scheme names some other kind of store.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def save_keys(
    items: Sequence[tuple[Document, int | None, str | None]],
) -> tuple[list[str], list[str]]:
    """What every store checks before save_many writes anything: each document has its 单位编码
    and 年度, and no document (nor the one it replaces, old_key) comes twice. Returns the keys
    and the keys they replace, in order; StoreError names the first problem."""
    keys = [doc.key for doc, _, _ in items]
    for doc, _, _ in items:
        if not doc.dept_code.strip() or not doc.year:
            raise StoreError("预算单位编码和预算年度不能为空，未保存")
    sources = [old_key or doc.key for doc, _, old_key in items]
    for name, seen in (("文档", keys), ("原文档", sources)):
        if len(set(seen)) != len(seen):
            twice = next(k for k in seen if seen.count(k) > 1)
            raise StoreError(f"{name} {twice} 在一次保存中出现两次，未保存任何文档")
    return keys, sources


def open_store(location: str | Path, *, create: bool = False) -> DocumentStore:
    """The store at location: a JSON database file's path, or a PostgreSQL server's URL
    (postgresql://用户[:密码]@主机[:端口]/数据库; storage.postgres, needs `jixiao[postgres]`).

    create=True makes a new, empty store there and refuses (StoreError) if one exists;
    otherwise a missing or unusable store is a StoreError naming it and what to do.
    """
    match = _SCHEME.match(str(location))
    if match:
        scheme = match.group(1).lower()
        if scheme in ("postgresql", "postgres"):
            return _open_postgres(str(location), create=create)
        raise StoreError(
            f"暂不支持 {match.group(1)} 数据库（{location}）；请用 --db 指定一个 JSON 数据库文件的路径"
            "或 PostgreSQL 数据库（postgresql://…）"
        )
    from .store import Store

    return Store.create(location) if create else Store(location)


def is_url(location: str | Path) -> bool:
    """Whether location names a database server (scheme://…) rather than a file."""
    return _SCHEME.match(str(location)) is not None


def _open_postgres(url: str, *, create: bool) -> DocumentStore:
    # Imported here: psycopg is an optional extra, and the command line must not pay for it.
    try:
        from .postgres import PostgresStore
    except ImportError:
        raise StoreError(
            "使用 PostgreSQL 数据库需要安装 psycopg：pip install 'jixiao[postgres]'"
        ) from None
    return PostgresStore.create(url) if create else PostgresStore(url)
