"""A TinyDB Storage that is safe to share: readable UTF-8 JSON, atomic saves, strict reading.

TinyDB's own JSONStorage rewrites the file in place (a crash leaves half a file) and keeps a file
handle open across processes. This one reads the whole file on each read and replaces it
atomically on each write; the Store holds the inter-process lock around read-modify-write.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .atomic import atomic_write
from .errors import StoreError
from .migrations import APP_TAG, DOCS_TABLE, META_TABLE, SCHEMA_VERSION, Tables, migrate


def encode(tables: Tables) -> bytes:
    # ensure_ascii=False: Chinese stays readable and diffable; sorted tables keep diffs small.
    return (json.dumps(tables, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode(
        "utf-8"
    )


def decode(raw: bytes, path: Path) -> Tables:
    """Parse and check a database file's bytes; migrate an older schema in memory."""
    name = str(path)
    if not raw.strip():
        raise StoreError(
            f"数据库文件 {name} 是空的，未作任何修改；可用 jixiao restore --list 查看备份"
        )
    try:
        tables = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError(
            f"数据库文件 {name} 不是 UTF-8 文本，未作任何修改；请确认文件路径"
        ) from None
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"数据库文件 {name} 第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（{exc.msg}），"
            "未作任何修改；可用 jixiao restore --list 查看备份"
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
    return migrate(tables, version)


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


class AtomicJSONStorage(Storage):
    """TinyDB storage over one JSON file. `before_write` lets the Store keep backups."""

    def __init__(self, path: Path, before_write: Callable[[], None] | None = None) -> None:
        self.path = Path(path)
        self.before_write = before_write

    def read(self) -> dict[str, dict[str, Any]] | None:
        return decode(read_file(self.path), self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.before_write is not None:
            self.before_write()
        try:
            atomic_write(self.path, encode(data))
        except PermissionError:
            raise StoreError(f"无权写入数据库 {self.path} 所在目录；请联系管理员检查权限") from None
        except OSError as exc:
            raise StoreError(f"保存数据库 {self.path} 失败：{exc.strerror}；原文件未改动") from None
