"""The DocumentStore on a PostgreSQL server (issue 21): for when one JSON file is outgrown.

Each document is one row of `jixiao_documents` (the document as JSONB, keyed by "单位编码/年度",
with its revision, who saved it and when); every revision saved is also a row of
`jixiao_history`, so history, diff and restore work as on the file. A save is one transaction:
the rows it replaces are locked (SELECT … FOR UPDATE, in key order so two saves of several
documents cannot deadlock), their revisions compared with the ones the edit started from, and a
stale one refused with the same ConflictError the file store raises — so the service layer's
three-way merge (service.merging, model.merge3) works unchanged, from the one place it lives.

Only the documents involved are read or written: a save touches its rows, `list_documents` reads
the small columns only, never a document. Row-level security (pgschema) decides what each
database role may see; `listen` tells an editor of colleagues' saves (LISTEN/NOTIFY).

psycopg is imported here only, and this module only when a postgresql:// location is opened, so
the command line's start-up does not pay for it.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pgerrors
from psycopg import sql
from psycopg.types.json import Jsonb

from model import Document, JixiaoError, document_from_dict, document_to_dict

from .errors import ConflictError, StoreError
from .history import HistoryPolicy
from .identity import User, current_user, read_config
from .jsonfile import encode
from .pgschema import ADVISORY_LOCK, CHANNEL, MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE
from .protocol import BackupInfo, DocInfo, RevisionInfo, save_keys

SCHEMES = ("postgresql", "postgres")

CONNECT_TIMEOUT = 10  # seconds: a server that does not answer is reported, not waited on


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def shown(url: str) -> str:
    """The location for messages: the password, if the URL has one, replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def _connect_error(url: str, exc: Exception) -> StoreError:
    """A connection that failed, in one Chinese line saying what to check."""
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    lowered = str(exc).lower()
    if "password" in lowered or "authentication" in lowered:
        why = "用户名或密码不对，或服务器不允许该用户登录"
    elif "does not exist" in lowered and "database" in lowered:
        why = "数据库不存在；请先用 createdb 新建"
    elif "does not exist" in lowered and "role" in lowered:
        why = "数据库角色（用户）不存在；请管理员用 CREATE ROLE 新建"
    elif any(
        w in lowered
        for w in ("refused", "no such file", "timeout", "resolve", "unreachable", "server running")
    ):
        why = "服务器未运行，或地址、端口不对"
    else:
        why = text
    return StoreError(f"无法连接数据库 {shown(url)}：{why}")


def _one_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


# JSONB keeps an object's keys in its own order (shortest first), not the order written. The
# documents' `extra` maps (columns and rows jixiao does not know, kept from an imported Word
# file) are shown and exported in their order, so each one of more than one entry is stored
# with that order beside it, and put back in it on reading.
_ORDER = "extra_order"


def _extras(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The dicts of a serialised document that hold an `extra` map."""
    yield data
    for project in data.get("projects", []) or []:
        if isinstance(project, dict):
            yield project
            for indicator in project.get("indicators", []) or []:
                if isinstance(indicator, dict):
                    yield indicator


def _ordered(holder: dict[str, Any]) -> bool:
    extra = holder.get("extra")
    return isinstance(extra, dict) and len(extra) > 1


def to_row(data: dict[str, Any]) -> Jsonb:
    """A serialised document as stored: JSONB, with the order of its `extra` maps."""
    if not any(_ordered(holder) for holder in _extras(data)):
        return Jsonb(data)  # the usual case: nothing whose order JSONB could lose
    stored = copy.deepcopy(data)
    for holder in _extras(stored):
        extra = holder.get("extra")
        if isinstance(extra, dict) and len(extra) > 1:
            holder[_ORDER] = list(extra)
    return Jsonb(stored)


def from_row(stored: Any) -> Any:
    """The serialised document as it was written (its `extra` maps in their order)."""
    if not isinstance(stored, dict):
        return stored
    for holder in _extras(stored):
        order = holder.pop(_ORDER, None)
        extra = holder.get("extra")
        if isinstance(order, list) and isinstance(extra, dict):
            ranked = {name: n for n, name in enumerate(order)}
            holder["extra"] = dict(
                sorted(extra.items(), key=lambda item: ranked.get(item[0], len(ranked)))
            )
    return stored


class _Duplicate(StoreError):
    """A unique key refused a row: someone created the document between our look and our write."""


class NoTables(StoreError):
    """The database has no jixiao tables yet (`jixiao init` or `jixiao migrate` makes them)."""


class PostgresStore:
    """The PostgreSQL DocumentStore (see protocol.py). `url` is a libpq URL
    (postgresql://用户[:密码]@主机[:端口]/数据库); opening fails in one line if the server cannot be
    reached or the database has no jixiao tables (create them with `jixiao init`)."""

    def __init__(
        self,
        url: str,
        *,
        policy: HistoryPolicy | None = None,
        clock: Callable[[], dt.datetime] = _utc_now,
        user: User | None = None,
        _create: bool = False,
    ) -> None:
        self.url = url
        self.policy = policy or HistoryPolicy.from_config(read_config())
        self.clock = clock
        self.user = user
        # One connection per store, used by one thread at a time: the editor saves in a
        # background thread while another asks for revisions.
        self._lock = threading.RLock()
        self._conn = self._open_connection()
        self._restricted: bool | None = None
        if _create:
            self._create_tables()
        else:
            self._upgrade()

    # -- connection ---------------------------------------------------------------------------

    def _open_connection(self) -> psycopg.Connection[Any]:
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
        except psycopg.Error as exc:
            raise _connect_error(self.url, exc) from None
        return conn

    @property
    def location(self) -> str:
        return self.url

    @property
    def shown(self) -> str:
        return shown(self.url)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextlib.contextmanager
    def _tx(self, named: str | None = None) -> Iterator[psycopg.Cursor[Any]]:
        """One transaction; any psycopg failure in it becomes a one-line StoreError. named: a
        server-side cursor of that name, whose rows come in batches of its itersize."""
        with self._lock:
            if self._conn.closed or self._conn.broken:
                self._conn = self._open_connection()
            try:
                with (
                    self._conn.transaction(),
                    self._conn.cursor(name=named) if named else self._conn.cursor() as cur,
                ):
                    yield cur
            except pgerrors.InsufficientPrivilege as exc:
                raise StoreError(
                    f"您（数据库角色 {self._role()}）无权进行此操作（{_one_line(exc)}），"
                    "未作任何修改；请联系管理员用 jixiao access grant 授权"
                ) from None
            except pgerrors.UniqueViolation as exc:
                raise _Duplicate(
                    f"数据库 {self.shown} 中已有同一文档（{_one_line(exc)}）"
                ) from None
            except pgerrors.UndefinedTable:
                raise self._no_tables() from None
            except psycopg.OperationalError as exc:
                raise StoreError(
                    f"与数据库 {self.shown} 的连接中断（{_one_line(exc)}），未作任何修改；请稍后重试"
                ) from None
            except psycopg.Error as exc:
                raise StoreError(
                    f"数据库 {self.shown} 出错（{_one_line(exc)}），未作任何修改"
                ) from None

    def _role(self) -> str:
        with contextlib.suppress(psycopg.Error):
            row = self._conn.execute("SELECT current_user").fetchone()
            if row:
                return str(row[0])
        return "?"

    def _no_tables(self) -> StoreError:
        return NoTables(
            f"数据库 {self.shown} 中还没有 jixiao 的表；新建请运行 jixiao init --db {self.shown}，"
            "或用 jixiao migrate 把 JSON 数据库迁入"
        )

    # -- schema -------------------------------------------------------------------------------

    def _schema(self, cur: psycopg.Cursor[Any]) -> sql.Identifier:
        row = cur.execute("SELECT current_schema()").fetchone()
        if row is None or row[0] is None:
            raise StoreError(
                f"数据库 {self.shown} 没有可用的 schema（search_path 为空），未作任何修改"
            )
        return sql.Identifier(str(row[0]))

    def _version(self, cur: psycopg.Cursor[Any]) -> int | None:
        row = cur.execute("SELECT to_regclass('jixiao_schema') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return None
        found = cur.execute("SELECT coalesce(max(version), 0) FROM jixiao_schema").fetchone()
        return int(found[0]) if found else 0

    def _migrate(self, cur: psycopg.Cursor[Any], version: int) -> None:
        schema = self._schema(cur)
        cur.execute(sql.SQL(VERSION_TABLE).format(schema=schema))
        for step in range(version + 1, SCHEMA_VERSION + 1):
            cur.execute(sql.SQL(MIGRATIONS[step]).format(schema=schema))
            cur.execute("INSERT INTO jixiao_schema (version) VALUES (%s)", (step,))

    def _create_tables(self) -> None:
        with self._tx() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK,))
            if self._version(cur) is not None:
                raise StoreError(f"数据库 {self.shown} 中 jixiao 的表已存在，未作任何修改")
            if cur.execute("SELECT to_regclass('jixiao_documents') IS NOT NULL").fetchone() == (
                True,
            ):
                raise StoreError(f"数据库 {self.shown} 中 jixiao 的表已存在，未作任何修改")
            self._migrate(cur, 0)

    def _upgrade(self) -> None:
        with self._tx() as cur:
            version = self._version(cur)
            if version is None:
                raise self._no_tables()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"数据库 {self.shown} 由更新版本的 jixiao 创建（格式版本 {version}，本程序支持 "
                    f"{SCHEMA_VERSION}），请升级 jixiao"
                )
            if version < SCHEMA_VERSION:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_LOCK,))
                version = self._version(cur) or 0
                if version < SCHEMA_VERSION:
                    self._migrate(cur, version)

    @classmethod
    def create(cls, url: str) -> PostgresStore:
        """Make jixiao's tables in an existing (empty) database; refuses one that has them."""
        return cls(url, _create=True)

    # -- who may do what ----------------------------------------------------------------------

    def restricted(self) -> bool:
        """Whether row-level security applies to this connection's role (not the tables'
        owner, a superuser or a role with BYPASSRLS)."""
        if self._restricted is None:
            with self._tx() as cur:
                row = cur.execute(
                    "SELECT NOT (r.rolsuper OR r.rolbypassrls OR pg_has_role(current_user, "
                    "c.relowner, 'MEMBER')) FROM pg_roles r, pg_class c "
                    "WHERE r.rolname = current_user AND c.oid = 'jixiao_documents'::regclass"
                ).fetchone()
            self._restricted = bool(row and row[0])
        return self._restricted

    def _check_may_write(self, cur: psycopg.Cursor[Any], codes: Sequence[str]) -> None:
        if not self.restricted():
            return
        for code in dict.fromkeys(codes):
            row = cur.execute("SELECT jixiao_may(current_user, %s, true)", (code,)).fetchone()
            if not row or not row[0]:
                raise StoreError(
                    f"您（数据库角色 {self._role()}）无权修改单位 {code} 的文档，未保存；"
                    "请联系管理员用 jixiao access grant 授权"
                )

    def _who(self) -> User:
        if self.user is None:
            self.user = current_user()
        return self.user

    def _now(self) -> dt.datetime:
        # Whole seconds, as the file store keeps them: a migrated history compares equal.
        return self.clock().replace(microsecond=0)

    # -- reading ------------------------------------------------------------------------------

    _INFO_COLUMNS = (
        "key, dept_code, dept_name, year, revision, project_count, saved_at, saved_by, "
        "saved_by_name"
    )

    @staticmethod
    def _info(row: Sequence[Any]) -> DocInfo:
        key, code, name, year, revision, count, at, by, by_name = row
        return DocInfo(
            key=key,
            dept_code=code,
            dept_name=name,
            year=year,
            revision=revision,
            project_count=count,
            updated=at.astimezone().isoformat(timespec="seconds"),
            updated_by=by,
            updated_by_name=by_name or by,
        )

    def list_documents(self) -> list[DocInfo]:
        """Every document this role may read, from the small columns only (no document is
        read: a county's list costs what its metadata does)."""
        with self._tx() as cur:
            rows = cur.execute(
                f"SELECT {self._INFO_COLUMNS} FROM jixiao_documents ORDER BY dept_code, year"
            ).fetchall()
        return [self._info(row) for row in rows]

    def load_all(self) -> list[tuple[Document, int]]:
        """Every document this role may read with its revision, in list order: one query."""
        with self._tx() as cur:
            rows = cur.execute(
                "SELECT key, document, revision FROM jixiao_documents ORDER BY dept_code, year"
            ).fetchall()
        return [(self._document(d, f"数据库 {self.shown} 中文档 {k}"), int(r)) for k, d, r in rows]

    # Rows a server-side cursor brings at a time: a county's documents are ~0.1 MB each.
    ITERSIZE = 10

    def iter_documents(self) -> Iterator[tuple[Document, int]]:
        """Every document this role may read with its revision, in list order, through a
        server-side cursor: ITERSIZE rows held at a time, not the whole result."""
        with self._tx(named="jixiao_iter_documents") as cur:
            assert isinstance(cur, psycopg.ServerCursor)
            cur.itersize = self.ITERSIZE
            cur.execute(
                "SELECT key, document, revision FROM jixiao_documents ORDER BY dept_code, year"
            )
            for key, data, revision in cur:
                yield self._document(data, f"数据库 {self.shown} 中文档 {key}"), int(revision)

    def revision(self, key: str) -> int:
        with self._tx() as cur:
            row = cur.execute(
                "SELECT revision FROM jixiao_documents WHERE key = %s", (key,)
            ).fetchone()
        return 0 if row is None else int(row[0])

    def load(self, key: str) -> tuple[Document, int]:
        with self._tx() as cur:
            row = cur.execute(
                "SELECT document, revision FROM jixiao_documents WHERE key = %s", (key,)
            ).fetchone()
        if row is None:
            extra = "（或您无权查看该单位）" if self.restricted() else ""
            raise StoreError(
                f"数据库 {self.shown} 中没有文档 {key}{extra}；用 jixiao list 查看已有文档"
            )
        return self._document(row[0], f"数据库 {self.shown} 中文档 {key}"), int(row[1])

    @staticmethod
    def _document(data: Any, what: str) -> Document:
        try:
            return document_from_dict(from_row(data))
        except (KeyError, TypeError, ValueError, JixiaoError) as exc:
            why = f"缺少 {exc}" if isinstance(exc, KeyError) else str(exc)
            raise StoreError(f"{what} 已损坏（{why}）") from None

    # -- writing ------------------------------------------------------------------------------

    def save(self, doc: Document, base_revision: int | None, *, old_key: str | None = None) -> int:
        return self.save_many([(doc, base_revision, old_key)])[0]

    def save_many(self, items: Sequence[tuple[Document, int | None, str | None]]) -> list[int]:
        """Save several documents in one transaction, or none (see DocumentStore.save_many)."""
        keys, sources = save_keys(items)
        user, now = self._who(), self._now()
        inserting = ""
        try:
            with self._tx() as cur:
                codes = [doc.dept_code for doc, _, _ in items]
                codes += [s.rsplit("/", 1)[0] for s in sources]
                self._check_may_write(cur, codes)
                # Lock every row this save replaces, in key order (no deadlock between saves).
                locked = {
                    row[0]: (int(row[1]), str(row[2]))
                    for row in cur.execute(
                        "SELECT key, revision, saved_by FROM jixiao_documents "
                        "WHERE key = ANY(%s) ORDER BY key FOR UPDATE",
                        (sorted(set(sources) | set(keys)),),
                    ).fetchall()
                }
                planned = []
                for (doc, base, _), key, source in zip(items, keys, sources, strict=True):
                    current = locked.get(source)
                    current_rev = 0 if current is None else current[0]
                    if base is not None and current_rev != base:
                        by = "" if current is None else current[1]
                        raise ConflictError(source, base, current_rev, by)
                    if source != key:
                        if key in locked:
                            raise ConflictError(key, 0, 1)
                        current_rev = 0 if base is None else current_rev
                    if current is None or source != key:
                        # Numbers continue those of a document once deleted under this key.
                        current_rev = max(current_rev, self._highest(cur, key))
                    planned.append((doc, key, source, current is not None, current_rev + 1))
                for doc, key, source, existed, revision in planned:
                    data = document_to_dict(doc)
                    size = len(encode({"document": data}))
                    values = (
                        doc.dept_code,
                        doc.year,
                        doc.dept_name,
                        len(doc.projects),
                        revision,
                        user.login,
                        user.display,
                        now,
                        size,
                        to_row(data),
                    )
                    if source != key:
                        cur.execute("DELETE FROM jixiao_documents WHERE key = %s", (source,))
                    if existed and source == key:
                        cur.execute(
                            "UPDATE jixiao_documents SET dept_code = %s, year = %s, "
                            "dept_name = %s, project_count = %s, revision = %s, saved_by = %s, "
                            "saved_by_name = %s, saved_at = %s, size = %s, document = %s "
                            "WHERE key = %s AND revision = %s",
                            (*values, key, locked[key][0]),
                        )
                        if cur.rowcount != 1:  # cannot happen under the row lock; never silent
                            raise ConflictError(key, locked[key][0], self._revision_in(cur, key))
                    else:
                        inserting = key
                        cur.execute(
                            "INSERT INTO jixiao_documents (dept_code, year, dept_name, "
                            "project_count, revision, saved_by, saved_by_name, saved_at, size, "
                            "document, key) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                            (*values, key),
                        )
                        inserting = ""
                    cur.execute(
                        "INSERT INTO jixiao_history (key, revision, dept_code, saved_by, "
                        "saved_by_name, saved_at, size, document) VALUES "
                        "(%s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key, revision) DO UPDATE "
                        "SET dept_code = EXCLUDED.dept_code, saved_by = EXCLUDED.saved_by, "
                        "saved_by_name = EXCLUDED.saved_by_name, saved_at = EXCLUDED.saved_at, "
                        "size = EXCLUDED.size, document = EXCLUDED.document",
                        (
                            key,
                            revision,
                            doc.dept_code,
                            user.login,
                            user.display,
                            now,
                            size,
                            to_row(data),
                        ),
                    )
        except _Duplicate:
            if inserting:
                raise self._created_meanwhile(inserting) from None
            raise
        for key in dict.fromkeys([*sources, *keys]):
            self._prune(key)
        return [revision for *_, revision in planned]

    def _created_meanwhile(self, key: str) -> ConflictError:
        """Someone created key between our look and our insert (the unique key refused ours)."""
        with self._tx() as cur:
            row = cur.execute(
                "SELECT revision, saved_by FROM jixiao_documents WHERE key = %s", (key,)
            ).fetchone()
        return ConflictError(
            key, 0, 1 if row is None else int(row[0]), "" if row is None else row[1]
        )

    @staticmethod
    def _highest(cur: psycopg.Cursor[Any], key: str) -> int:
        row = cur.execute(
            "SELECT coalesce(max(revision), 0) FROM jixiao_history WHERE key = %s", (key,)
        ).fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _revision_in(cur: psycopg.Cursor[Any], key: str) -> int:
        row = cur.execute("SELECT revision FROM jixiao_documents WHERE key = %s", (key,)).fetchone()
        return 0 if row is None else int(row[0])

    def delete(self, key: str, base_revision: int | None) -> None:
        """Remove the document; its history stays, so it can be restored."""
        with self._tx() as cur:
            self._check_may_write(cur, [key.rsplit("/", 1)[0]])
            row = cur.execute(
                "SELECT revision FROM jixiao_documents WHERE key = %s FOR UPDATE", (key,)
            ).fetchone()
            if row is None:
                raise StoreError(f"数据库中没有文档 {key}")
            if base_revision is not None and int(row[0]) != base_revision:
                raise ConflictError(key, base_revision, int(row[0]))
            cur.execute("DELETE FROM jixiao_documents WHERE key = %s", (key,))
        self._prune(key)

    def _prune(self, key: str) -> None:
        """Apply the history policy to key's earlier revisions (the current one always stays).
        A prune that fails is retried at the next save."""
        with contextlib.suppress(StoreError):
            with self._tx() as cur:
                current = self._revision_in(cur, key)
                kept = cur.execute(
                    "SELECT revision, saved_at FROM jixiao_history "
                    "WHERE key = %s AND revision <> %s",
                    (key, current),
                ).fetchall()
                wanted = self.policy.keep([(int(r), at) for r, at in kept], self.clock())
                gone = [int(r) for r, _ in kept if int(r) not in wanted]
                if gone:
                    cur.execute(
                        "DELETE FROM jixiao_history WHERE key = %s AND revision = ANY(%s)",
                        (key, gone),
                    )

    # -- history ------------------------------------------------------------------------------

    def history(self, key: str) -> list[RevisionInfo]:
        with self._tx() as cur:
            current = self._revision_in(cur, key)
            rows = cur.execute(
                "SELECT revision, saved_at, saved_by, saved_by_name, size FROM jixiao_history "
                "WHERE key = %s ORDER BY revision DESC",
                (key,),
            ).fetchall()
        return [
            RevisionInfo(
                revision=int(rev),
                saved_at=at,
                saved_by=by,
                saved_by_name=by_name or by,
                size=int(size),
                current=int(rev) == current,
            )
            for rev, at, by, by_name, size in rows
        ]

    def load_revision(self, key: str, revision: int) -> Document:
        with self._tx() as cur:
            row = cur.execute(
                "SELECT document FROM jixiao_history WHERE key = %s AND revision = %s",
                (key, revision),
            ).fetchone()
        if row is None:
            raise StoreError(
                f"文档 {key} 没有第 {revision} 版（从未有过，或已按保留规则清理）；"
                f"用 jixiao history {key} 查看可用的版本"
            )
        return self._document(row[0], f"文档 {key} 第 {revision} 版")

    def restore_revision(self, key: str, revision: int, base_revision: int) -> int:
        doc = self.load_revision(key, revision)
        if doc.key != key:
            raise StoreError(
                f"文档 {key} 第 {revision} 版属于 {doc.key}（之后改过编码或年度），未恢复"
            )
        return self.save(doc, base_revision)

    # -- backups ------------------------------------------------------------------------------

    NO_BACKUPS = (
        "PostgreSQL 数据库没有 jixiao 的整库备份；整库备份请用 pg_dump（恢复用 pg_restore 或 psql），"
        "各文档的历史版本用 jixiao history DOC 查看"
    )

    def backups(self) -> list[BackupInfo]:
        """None: whole-database copies are the server's business (pg_dump)."""
        return []

    def restore(self, number: int) -> BackupInfo:
        raise StoreError(self.NO_BACKUPS)

    # -- colleagues' saves --------------------------------------------------------------------

    def listen(
        self, on_save: Callable[[str, int], None], *, alive: Callable[[], bool] | None = None
    ) -> Callable[[], None]:
        """Call on_save(key, revision) — from a background thread — whenever anyone saves or
        deletes (revision 0) a document, until the returned function is called (or alive(),
        asked twice a second, says no). The notices come from the server (LISTEN/NOTIFY), so
        nobody polls the database; a lost connection is retried. Returns once listening."""
        stop = threading.Event()
        ready = threading.Event()

        def run() -> None:
            while not stop.is_set():
                try:
                    with psycopg.connect(
                        self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT
                    ) as conn:
                        conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
                        ready.set()
                        while not stop.is_set():
                            if alive is not None and not alive():
                                stop.set()
                                break
                            for notice in conn.notifies(timeout=0.5):
                                key, _, revision = notice.payload.rpartition(" ")
                                with contextlib.suppress(Exception):
                                    on_save(key, int(revision or 0))
                except psycopg.Error:
                    ready.set()  # not listening: the caller goes on, we retry
                    stop.wait(2.0)

        thread = threading.Thread(target=run, name="jixiao-listen", daemon=True)
        thread.start()
        ready.wait(CONNECT_TIMEOUT)  # listening before we return: no save in between is missed

        def stop_listening() -> None:
            stop.set()
            thread.join(timeout=2.0)

        return stop_listening

    # -- who sees what (jixiao access) --------------------------------------------------------

    def grant(self, role: str, codes: Sequence[str], *, write: bool) -> None:
        """Let role (and its members) read — and with write, change — the documents of units
        codes ("*": every unit). Also gives the role the table privileges the policies need."""
        with self._tx() as cur:
            self._check_admin(cur)
            if cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                raise StoreError(
                    f"数据库中没有角色 {role}；请先用 CREATE ROLE {role} LOGIN PASSWORD '…' 新建"
                )
            ident = sql.Identifier(role)
            privileges = "SELECT, INSERT, UPDATE, DELETE" if write else "SELECT"
            for table in ("jixiao_documents", "jixiao_history"):
                cur.execute(
                    sql.SQL("GRANT " + privileges + " ON {} TO {}").format(
                        sql.Identifier(table), ident
                    )
                )
            cur.execute(sql.SQL("GRANT SELECT ON jixiao_schema TO {}").format(ident))
            for code in codes:
                cur.execute(
                    "INSERT INTO jixiao_access (role, dept_code, can_write) VALUES (%s, %s, %s) "
                    "ON CONFLICT (role, dept_code) DO UPDATE SET can_write = EXCLUDED.can_write, "
                    "granted_by = current_user, granted_at = now()",
                    (role, code, write),
                )

    def revoke(self, role: str, codes: Sequence[str]) -> int:
        """Take back role's access to units codes; returns how many grants were removed."""
        with self._tx() as cur:
            self._check_admin(cur)
            cur.execute(
                "DELETE FROM jixiao_access WHERE role = %s AND dept_code = ANY(%s)",
                (role, list(codes)),
            )
            return cur.rowcount

    def access(self) -> list[tuple[str, str, bool, str, dt.datetime]]:
        """Every grant: (role, unit code, may write, granted by, when), by role then unit."""
        with self._tx() as cur:
            self._check_admin(cur)
            rows = cur.execute(
                "SELECT role, dept_code, can_write, granted_by, granted_at FROM jixiao_access "
                "ORDER BY role, dept_code"
            ).fetchall()
        return [(str(r), str(c), bool(w), str(b), at) for r, c, w, b, at in rows]

    def _check_admin(self, cur: psycopg.Cursor[Any]) -> None:
        if self.restricted():
            raise StoreError(
                f"只有数据库 {self.shown} 中 jixiao 表的所有者（运行 jixiao init 的角色）才能管理访问"
                f"权限；您是 {self._role()}"
            )
