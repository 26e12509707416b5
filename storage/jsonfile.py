"""A TinyDB Storage that is safe to share: readable UTF-8 JSON, atomic saves, strict reading.

TinyDB's own JSONStorage rewrites the file in place (a crash leaves half a file) and keeps a file
handle open across processes. This one reads the whole file on each read and replaces it
atomically on each write; the Store holds the inter-process lock around read-modify-write.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .atomic import atomic_write
from .errors import StoreError
from .migrations import APP_TAG, DOCS_TABLE, META_TABLE, SCHEMA_VERSION, Tables, migrate

# Containers this deep are written on one line each (a project, a Part 1 list): the file stays
# readable and a diff shows which project changed, while json's C encoder does the bulk of the
# work (json.dumps with indent falls back to pure Python: five times slower on a county database,
# and the editor saves in the background while the user types).
_INDENT_DEPTH = 5


# The containers at this depth are whole documents (tables → documents → record → document):
# their text is remembered between saves by object identity, so a save re-encodes only the
# documents it changed (a county database is ~8 MB; one edit touches one document).
_CACHED_DEPTH = 3

EncodeCache = dict[int, tuple[object, str]]


def _layout(
    value: Any, depth: int, out: list[str], cache: tuple[EncodeCache, EncodeCache] | None = None
) -> None:
    pad = " " * depth
    if depth >= _INDENT_DEPTH or not isinstance(value, dict | list) or not value:
        out.append(json.dumps(value, ensure_ascii=False))
        return
    if depth == _CACHED_DEPTH and cache is not None:
        before, after = cache
        hit = before.get(id(value))
        if hit is None or hit[0] is not value:
            part: list[str] = []
            _layout(value, depth, part)
            hit = (value, "".join(part))
        after[id(value)] = hit  # holding value keeps its id from being reused
        out.append(hit[1])
        return
    if isinstance(value, dict):
        out.append("{\n")
        for n, (key, item) in enumerate(value.items()):
            out.append(f"{pad} {json.dumps(str(key), ensure_ascii=False)}: ")
            _layout(item, depth + 1, out, cache)
            out.append(",\n" if n < len(value) - 1 else "\n")
        out.append(pad + "}")
    else:
        out.append("[\n")
        for n, item in enumerate(value):
            out.append(pad + " ")
            _layout(item, depth + 1, out, cache)
            out.append(",\n" if n < len(value) - 1 else "\n")
        out.append(pad + "]")


def encode(tables: Tables, cache: EncodeCache | None = None) -> bytes:
    """The database as UTF-8 JSON: Chinese as itself (ensure_ascii=False), indented at the top
    levels, one line per project. cache: the documents' text from the last call, by identity
    (the caller must not change a document in place between calls); updated to this call's."""
    out: list[str] = []
    after: EncodeCache = {}
    _layout(tables, 0, out, None if cache is None else (cache, after))
    out.append("\n")
    if cache is not None:
        cache.clear()
        cache.update(after)
    return "".join(out).encode("utf-8")


# What to do with a damaged database file: the documents' earlier revisions are kept beside it.
_RECOVER = (
    "请把该文件改名留存，用 jixiao init 新建数据库，再用 jixiao history DOC 查看、"
    "jixiao restore DOC --revision N 恢复各文档保存过的版本（旧版整库备份用 jixiao restore --list 查看）"
)


def _damaged(name: str, how: str) -> StoreError:
    """A file that ends too early: a copy that did not finish, a full disk outside jixiao."""
    return StoreError(f"数据库文件 {name} 不完整（{how}），已损坏，未作任何修改；{_RECOVER}")


def decode(raw: bytes, path: Path) -> Tables:
    """Parse and check a database file's bytes; migrate an older schema in memory."""
    return decode_versioned(raw, path)[0]


def decode_versioned(raw: bytes, path: Path) -> tuple[Tables, int]:
    """decode, and the schema version the file was written in."""
    return _parse(_text(raw, path), path)


def read_tables(path: Path) -> tuple[Tables, int]:
    """The database file at path, decoded (decode_versioned); the file's bytes are let go as
    soon as they are text, before the JSON is parsed: a county database is 8–10 MB, and bytes,
    text and parsed tables alive at once made every command hold six times the file."""
    return _parse(_text(read_file(path), path), path)  # the bytes go when _text returns


class _Shared:
    """json object_hook: short text values that repeat (产出指标, 数量指标, ≥90%, a 依据, a
    user's name …) share one string object instead of one per cell — a third less memory for
    a county database's tables, and for the Documents built from them."""

    __slots__ = ("seen",)

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def __call__(self, obj: dict[str, Any]) -> dict[str, Any]:
        seen = self.seen
        for key, value in obj.items():
            if value.__class__ is str and len(value) <= _SHARED_LENGTH:
                obj[key] = seen.setdefault(value, value)
        return obj


_SHARED_LENGTH = 40  # longer texts (descriptions, goals, Part 1) rarely repeat word for word


def _text(raw: bytes, path: Path) -> str:
    name = str(path)
    if not raw.strip():
        raise StoreError(f"数据库文件 {name} 是空的，已损坏，未作任何修改；{_RECOVER}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # cut in the middle of a character
            raise _damaged(name, "在最后一个字符中间被截断") from None
        raise StoreError(
            f"数据库文件 {name} 第 {exc.start + 1} 字节起不是 UTF-8 文本，未作任何修改；"
            "请确认这是 jixiao 数据库的路径（jixiao where 显示所用的数据库）"
        ) from None


def _parse(text: str, path: Path) -> tuple[Tables, int]:
    name = str(path)
    try:
        tables = json.loads(text, object_hook=_Shared())
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Unterminated string") or exc.pos >= len(text.rstrip()):
            raise _damaged(name, f"在第 {exc.lineno} 行之后被截断") from None
        raise StoreError(
            f"数据库文件 {name} 第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（{exc.msg}），"
            f"已损坏，未作任何修改；{_RECOVER}"
        ) from None
    meta = tables.get(META_TABLE, {}).get("1") if isinstance(tables, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP_TAG:
        raise StoreError(f"文件 {name} 不是 jixiao 数据库（缺少 _meta 标记），未作任何修改")
    version = meta.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise StoreError(f"数据库文件 {name} 的版本号 {version!r} 无效，未作任何修改")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"数据库文件 {name} 由更新版本的 jixiao 创建（格式版本 {version}，本程序支持 "
            f"{SCHEMA_VERSION}），请升级 jixiao"
        )
    if not isinstance(tables.get(DOCS_TABLE, {}), dict):
        raise StoreError(f"数据库文件 {name} 的 documents 表结构错误，未作任何修改")
    tables.setdefault(DOCS_TABLE, {})
    return migrate(tables, version), version


def read_file(path: Path) -> bytes:
    name = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreError(
            f"数据库文件 {name} 不存在；新建请运行 jixiao init，或用 --db 指定路径"
        ) from None
    except IsADirectoryError:
        raise StoreError(f"{name} 是一个目录，不是数据库文件；请用 --db 指定文件路径") from None
    except PermissionError:
        raise StoreError(f"无权读取数据库文件 {name}；请联系管理员检查文件权限") from None
    except OSError as exc:
        raise StoreError(f"无法读取数据库文件 {name}：{exc.strerror}") from None


def _signature(path: Path) -> tuple[int, ...] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _copy_tables(tables: Tables) -> Tables:
    # TinyDB replaces tables and updates records in place, never deeper: copying three levels
    # keeps the remembered state untouched by whatever the caller does with its copy.
    return {name: {k: dict(r) for k, r in table.items()} for name, table in tables.items()}


class FileMemo:
    """The last state of the file this process read or wrote, with the file's identity then.

    Every save replaces the file (a new inode), so an unchanged identity means unchanged
    content: the editor's background save need not parse the whole database again each time.
    """

    def __init__(self) -> None:
        self.signature: tuple[int, ...] | None = None
        self.tables: Tables | None = None
        self.version = SCHEMA_VERSION  # the schema version of the file as it is on disk
        self.encoded: EncodeCache = {}  # the documents' text as last written (see encode)

    def get(self, signature: tuple[int, ...] | None) -> Tables | None:
        if signature is None or signature != self.signature or self.tables is None:
            return None
        return _copy_tables(self.tables)

    def put(
        self, signature: tuple[int, ...] | None, tables: Tables, version: int = SCHEMA_VERSION
    ) -> None:
        self.signature, self.tables = signature, _copy_tables(tables)
        self.version = version


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file. `before_write` lets the Store keep backups; `memo`
    (shared by one Store's operations) skips re-reading a file nobody has changed since."""

    def __init__(
        self,
        path: Path,
        before_write: Callable[[], None] | None = None,
        memo: FileMemo | None = None,
    ) -> None:
        self.path = Path(path)
        self.before_write = before_write
        self.memo = memo
        self.disk_version = SCHEMA_VERSION

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self.memo is None:
            tables, self.disk_version = read_tables(self.path)
            return tables
        signature = _signature(self.path)  # before reading: a later change then shows as new
        remembered = self.memo.get(signature)
        if remembered is not None:
            self.disk_version = self.memo.version
            return remembered
        tables, self.disk_version = read_tables(self.path)
        self.memo.put(signature, tables, self.disk_version)
        return tables

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.before_write is not None:
            self.before_write()
        try:
            atomic_write(self.path, encode(data, None if self.memo is None else self.memo.encoded))
            if self.memo is not None:
                self.memo.put(_signature(self.path), data)
        except PermissionError:
            raise StoreError(f"无权写入数据库 {self.path} 所在目录；请联系管理员检查权限") from None
        except OSError as exc:
            raise StoreError(f"保存数据库 {self.path} 失败：{exc.strerror}；原文件未改动") from None
