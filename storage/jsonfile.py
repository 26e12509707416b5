"""A TinyDB Storage that is safe to share: readable UTF-8 JSON, atomic saves, strict reading.

TinyDB's own JSONStorage rewrites the file in place (a crash leaves half a file) and keeps a file
handle open across processes. This one reads the whole file on each read and replaces it
atomically on each write; the Store holds the inter-process lock around read-modify-write.
"""

from __future__ import annotations

import codecs
import itertools
import json
import mmap
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

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
    return b"".join(encode_parts(tables, cache))


# Characters encoded and written at a time by encode_parts.
_PIECE = 1 << 20


def encode_parts(tables: Tables, cache: EncodeCache | None = None) -> Iterator[bytes]:
    """encode's bytes in pieces of about a megabyte, for writing as they come: the whole text
    and its bytes are never held at once (a county's save held both beside the tables and the
    documents' cached text — the peak of an editor that had saved once). The cache is updated
    before the first piece, as encode updates it."""
    out: list[str] = []
    after: EncodeCache = {}
    _layout(tables, 0, out, None if cache is None else (cache, after))
    out.append("\n")
    if cache is not None:
        cache.clear()
        cache.update(after)
    piece: list[str] = []
    size = 0
    for part in out:
        piece.append(part)
        size += len(part)
        if size >= _PIECE:
            yield "".join(piece).encode("utf-8")
            piece, size = [], 0
    if piece:
        yield "".join(piece).encode("utf-8")


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
    with _open(path) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise StoreError(f"无法读取数据库文件 {path}：{exc.strerror}") from None


def _open(path: Path) -> BinaryIO:
    name = str(path)
    try:
        return path.open("rb")
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
    return _signature_of(st)


def _signature_of(st: os.stat_result) -> tuple[int, ...]:
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
        # Where each document's record lies in the file of one identity (find_record), and
        # the last record read so: (signature, …), each replaced whole (threads share a memo).
        self.spans: tuple[tuple[int, ...], dict[str, tuple[int, int]]] | None = None
        self.last_record: tuple[tuple[int, ...], str, dict[str, Any]] | None = None

    def get(self, signature: tuple[int, ...] | None) -> Tables | None:
        if signature is None or signature != self.signature or self.tables is None:
            return None
        return _copy_tables(self.tables)

    def put(
        self, signature: tuple[int, ...] | None, tables: Tables, version: int = SCHEMA_VERSION
    ) -> None:
        self.signature, self.tables = signature, _copy_tables(tables)
        self.version = version


class AtomicJSONStorage:
    """TinyDB storage over one JSON file. `before_write` lets the Store keep backups; `memo`
    (shared by one Store's operations) skips re-reading a file nobody has changed since.
    (TinyDB asks a storage for read, write and close only: not deriving from its Storage
    keeps tinydb out of the start-up, until a whole read or a save needs it.)"""

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

    def close(self) -> None:
        """Nothing is held open between reads and writes."""

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.before_write is not None:
            self.before_write()
        try:
            cache = None if self.memo is None else self.memo.encoded
            atomic_write(self.path, encode_parts(data, cache))
            if self.memo is not None:
                self.memo.put(_signature(self.path), data)
        except PermissionError:
            raise StoreError(f"无权写入数据库 {self.path} 所在目录；请联系管理员检查权限") from None
        except OSError as exc:
            raise StoreError(f"保存数据库 {self.path} 失败：{exc.strerror}；原文件未改动") from None


# -- reading one document at a time (issue 17: a county's list and check --all) ------------------

# Bytes read at a time: a county's document is ~0.1 MB of text, so a record seldom spans more
# than two reads, and the text held at once stays a small fraction of the file.
_CHUNK = 1 << 17

_WHITESPACE = re.compile(r"[ \t\n\r]*")

# What orjson reads otherwise than json (_stream_layout): the integers beyond 64 bits, which it
# may make floats — found by their runs of 19 digits or more (_long_digits).
_DIGIT_RUNS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
_LONG_DIGITS = b"0" * 19
_DIGIT_WINDOW = 1 << 15


def _long_digits(text: memoryview) -> bool:
    """Whether text has a run of 19 digits or more: in copies of it with every digit made "0"
    and every other byte " " — a regex search took 20 ns a byte, 0.2 s a county — a window at
    a time (overlapping by a run's length less one), so that no copy outgrows the allocator's
    reusable sizes: a copy of each whole record raised `check --all`'s peak memory 0.3 MB."""
    for start in range(0, len(text), _DIGIT_WINDOW):
        window = text[start : start + _DIGIT_WINDOW + len(_LONG_DIGITS) - 1].tobytes()
        if _LONG_DIGITS in window.translate(_DIGIT_RUNS):
            return True
    return False


class _Irregular(Exception):
    """The file is not as encode writes it (damaged, hand-edited, an older schema): read it
    whole instead, which also says what is wrong in the usual words."""


class _Reader:
    """JSON values read one at a time from a file, never the whole text: UTF-8 decoded a chunk
    at a time, each value parsed by the C decoder (raw_decode) from a buffer that holds little
    more than the value. A value that runs past the buffer's end is parsed again once more text
    is in; whatever does not parse by the end of the file is _Irregular."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.decode = codecs.getincrementaldecoder("utf-8")().decode
        self.decoder = json.JSONDecoder()
        self.buf = ""
        self.pos = 0
        self.eof = False

    def _more(self) -> bool:
        if self.eof:
            return False
        raw = self.fh.read(_CHUNK)
        self.eof = not raw
        try:
            text = self.decode(raw, final=self.eof)
        except UnicodeDecodeError:
            raise _Irregular from None
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.pos = _WHITESPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos : self.pos + 1]

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise _Irregular
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if self._more():
                    continue
                raise _Irregular from None
            if end == len(self.buf) and not isinstance(value, dict | list | str) and self._more():
                continue  # a number or word cut at the buffer's end: read it whole
            self.pos = end
            return value

    def members(self) -> Iterator[str]:
        """An object's keys, the reader left before each value (the caller reads it)."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise _Irregular
            self.expect(":")
            yield key
            after = self.peek()
            self.pos += 1
            if after == "}":
                return
            if after != ",":
                raise _Irregular


def _check_meta(meta: Any) -> None:
    """_meta as this version writes it, or _Irregular (older: to migrate; newer, invalid: the
    whole-file read says so)."""
    record = meta.get("1") if isinstance(meta, dict) else None
    if not isinstance(record, dict) or record.get("app") != APP_TAG:
        raise _Irregular
    version = record.get("schema_version")
    if isinstance(version, bool) or version != SCHEMA_VERSION:
        raise _Irregular


def _check_head(meta: bytes | bytearray) -> None:
    """The _meta table's bytes, between _HEAD and _DOCS where encode writes them: as
    _check_meta wants them, or _Irregular."""
    try:
        _check_meta(json.loads(meta.decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        raise _Irregular from None


def _stream(reader: _Reader) -> Iterator[dict[str, Any]]:
    """The records of the documents table in the file's order, after checking _meta (which
    encode writes first); _Irregular for anything else."""
    meta = False
    seen: set[str] = set()
    for table in reader.members():
        if table == META_TABLE and not meta:
            _check_meta(reader.value())
            meta = True
        elif table == DOCS_TABLE and meta:
            for key in reader.members():
                record = reader.value()
                if key in seen or not isinstance(record, dict):
                    raise _Irregular
                seen.add(key)
                yield record
                del record  # not held while the next one is read
        else:
            raise _Irregular  # documents before _meta, or a table jixiao does not write
    if not meta or reader.peek() != "":
        raise _Irregular


def _stream_json(fh: BinaryIO) -> Iterator[dict[str, Any]]:
    return _stream(_Reader(fh))


def _stream_layout(fh: BinaryIO) -> Iterator[dict[str, Any]]:
    """The records of the documents table as _stream gives them, for a file laid out exactly
    as encode writes it (see _spans): each record's bytes found from the layout — up to the
    first line break followed by two spaces and "}" (_RECORD_END) — and parsed by orjson,
    2.5 × json's decoder (0.09 instead of 0.22 s CPU for a county's 100 records, of the
    ~2.4 s of its `check --all`: issue 17). Read a chunk at a time, as _Reader does.

    The bytes of a record parse whole only if they are exactly one JSON value, so it is the
    value _stream would read there. _Irregular for anything else, and for what the two parsers
    read otherwise: orjson refuses json's NaN, Infinity and lone surrogates, and may make an
    integer of 19 digits or more a float (_LONG_DIGITS) — _stream then reads the file."""
    # One buffer, changed in place (a new bytes for each chunk, and a copy of each record,
    # raised the command's peak memory): what was given is cut from its front, chunks are
    # added at its end, and a record is parsed and checked through a view of it.
    buf = bytearray()
    pos = 0
    eof = False

    def read() -> bool:
        """The next chunk onto buf, less what was given already (before pos); False at the end."""
        nonlocal pos, eof
        if eof:
            return False
        more = fh.read(_CHUNK)
        eof = not more
        del buf[:pos]
        buf.extend(more)
        pos = 0
        return not eof

    def find(sub: bytes, start: int) -> int:
        """sub's place in buf at or after start, reading on until it is there (-1: never);
        start is an offset from pos, as is the place returned."""
        while True:
            at = buf.find(sub, pos + start)
            if at >= 0:
                return at - pos
            if not read():
                return -1

    docs = find(_DOCS, 0)
    if docs < 0 or not buf.startswith(_HEAD):
        raise _Irregular
    _check_head(buf[len(_HEAD) : docs])
    pos = docs + len(_DOCS)
    seen: set[str] = set()
    if find(b"\n", 0) == 0:  # a line break after the "{", unless the table is empty ("{}")
        pos += 1
    while True:
        # '  "<doc id>": {'
        head_end = find(b"\n", 0)
        head = buf[pos : pos + head_end]
        if head_end < 0 or not head.startswith(b'  "') or not head.endswith(b'": {'):
            break
        try:
            key = json.loads(head[2:-3].decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _Irregular from None
        if not isinstance(key, str) or key in seen:
            raise _Irregular  # the same doc id twice: the last would win in a whole read
        seen.add(key)
        end = find(_RECORD_END, head_end)
        if end < 0:
            raise _Irregular
        with memoryview(buf) as view:
            text = view[pos + head_end - 1 : pos + end + len(_RECORD_END)]  # from its "{"
            try:
                if _long_digits(text):
                    raise _Irregular
                record = orjson.loads(text)
            except orjson.JSONDecodeError:
                raise _Irregular from None
            finally:
                text.release()
        pos += end + len(_RECORD_END)
        yield record
        del record
        while len(buf) - pos < 2 and read():
            pass
        if buf[pos : pos + 2] != b",\n":
            break
        pos += 2
    # The end of the table and of the file: nothing after them but JSON's white space.
    while read():
        pass
    if buf[pos:].rstrip(b" \t\n\r") != (_TABLE_END if seen else _EMPTY_END):
        raise _Irregular


def _read_whole(fh: BinaryIO, path: Path, memo: FileMemo | None) -> Tables:
    """The open file read whole as read_tables reads it (StoreError naming what is wrong),
    remembered in memo under the open file's identity."""
    try:
        signature: tuple[int, ...] | None = _signature_of(os.fstat(fh.fileno()))
        fh.seek(0)
        raw = fh.read()
    except OSError as exc:
        raise StoreError(f"无法读取数据库文件 {path}：{exc.strerror}") from None
    tables, version = _parse(_text(raw, path), path)
    del raw
    if memo is not None:
        memo.put(signature, tables, version)
    return tables


def iter_records(path: Path, memo: FileMemo | None = None) -> Iterator[dict[str, Any]]:
    """The documents table's records one at a time, in the file's order, each let go once the
    caller moves on: a county's `list` and `check --all` never hold the file's text or its
    tables whole (read_tables held both: four times the file).

    The file is opened once and read to its end (a colleague's save replaces it: this stays
    the state being read, as the whole-file read needs no lock either). A state `memo` holds
    already is served from memory. A file that is not as encode writes it — damaged, an older
    schema to migrate — is read whole as read_tables does (the same messages, the migration)
    and remembered in memo like any whole read; nothing read one record at a time is, so memo
    only ever holds a whole state."""
    with _open(path) as fh:
        try:
            signature: tuple[int, ...] | None = _signature_of(os.fstat(fh.fileno()))
        except OSError:
            signature = None
        remembered = None if memo is None else memo.get(signature)
        if remembered is not None:
            yield from remembered.get(DOCS_TABLE, {}).values()
            return
        given = 0
        for stream in (_stream_layout, _stream_json):
            try:
                fh.seek(0)
                for n, record in enumerate(stream(fh)):
                    if n >= given:  # a second attempt skips what the first one gave
                        given += 1
                        yield record
                    del record  # not held while the next one is read
                return
            except (_Irregular, OSError):
                pass
        tables = _read_whole(fh, path, memo)
        # Valid after all, laid out otherwise: the records not yet given, in the same order.
        yield from itertools.islice(tables[DOCS_TABLE].values(), given, None)


# How encode ends a database: the documents table's closing brace, then the file's (a table
# left empty is "{}"). A file cut short anywhere ends otherwise: newlines only separate
# layout lines (inside a JSON string a line break is written \n), and only the last table's
# end is followed by the file's.
_ENDINGS = (b"\n }\n}", b"{}\n}")


def check_ends(path: Path, memo: FileMemo | None = None) -> None:
    """Whether the file at path is a jixiao database, without parsing it whole: it opens, its
    _meta says jixiao and this schema, and it ends as encode ends a file (so it was not cut
    short). Anything else is read whole as read_tables does, which names the problem (a
    damaged file) or, for a valid file laid out otherwise or an older schema, remembers it in
    memo. A damage in the middle that leaves both ends intact is found by the first read."""
    with _open(path) as fh:
        try:
            reader = _Reader(fh)
            if next(reader.members(), None) != META_TABLE:
                raise _Irregular
            _check_meta(reader.value())
            size = os.fstat(fh.fileno()).st_size
            fh.seek(max(0, size - 64))
            if fh.read().rstrip().endswith(_ENDINGS):
                return
        except (_Irregular, OSError):
            pass
        _read_whole(fh, path, memo)


# -- reading one document (issue 17: `jixiao edit DOC` on a county paints before the rest) -------

# How encode lays out the start of a database, a record's first two lines and a record's end
# (see _layout): containers above _INDENT_DEPTH are written one member a line, indented by
# depth, and inside a JSON string a line break is written \n — so a line break followed by
# exactly two spaces and "}" closes a record (depth 2) and nothing else, and a line of three
# spaces and "key" can only be a record's own key.
_HEAD = b'{\n "_meta": '
_DOCS = b',\n "documents": {'
_KEY = b'   "key": '
_RECORD_END = b"\n  }"
_TABLE_END = b"\n }\n}"
_EMPTY_END = b"}\n}"  # an empty documents table, after its "{"


def _spans(buf: mmap.mmap) -> dict[str, tuple[int, int]]:
    """Every record's key → (start, end) of its JSON object in the file, found from the
    layout alone (a few hundred searches, no parsing of the documents); _Irregular unless the
    file is exactly as encode writes it: _meta of this schema first, then the documents table
    tiled by records whose first member is their key, then the end of the file. The records
    themselves are parsed when read (find_record)."""
    if buf[: len(_HEAD)] != _HEAD:
        raise _Irregular
    docs = buf.find(_DOCS)
    if docs < 0:
        raise _Irregular
    _check_head(buf[len(_HEAD) : docs])
    pos = docs + len(_DOCS)
    if buf[pos : pos + 1] == b"}":  # an empty table: "documents": {}
        if buf[pos + 1 :].rstrip() != b"\n}":
            raise _Irregular
        return {}
    if buf[pos : pos + 1] != b"\n":
        raise _Irregular
    pos += 1
    spans: dict[str, tuple[int, int]] = {}
    ids: set[bytes] = set()
    while True:
        head_end = buf.find(b"\n", pos)
        head = buf[pos:head_end]  # '  "<doc id>": {'
        if head_end < 0 or not head.startswith(b'  "') or not head.endswith(b'": {'):
            raise _Irregular
        if head in ids:  # the same doc id twice: the last would win in a whole read
            raise _Irregular
        ids.add(head)
        key_end = buf.find(b"\n", head_end + 1)
        key_line = buf[head_end + 1 : key_end]
        if key_end < 0 or not key_line.startswith(_KEY) or not key_line.endswith(b","):
            raise _Irregular
        try:
            key = json.loads(key_line[len(_KEY) : -1].decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _Irregular from None
        end = buf.find(_RECORD_END, key_end)
        if not isinstance(key, str) or key in spans or end < 0:
            raise _Irregular  # two records of one key: the whole read says which is found
        spans[key] = (head_end - 1, end + len(_RECORD_END))
        pos = end + len(_RECORD_END)
        if buf[pos : pos + 2] == b",\n":
            pos += 2
        elif buf[pos:].rstrip() == _TABLE_END:
            return spans
        else:
            raise _Irregular


class Unindexed(Exception):
    """find_record cannot tell from the file's layout: read the database whole instead."""


def find_record(path: Path, key: str, memo: FileMemo) -> dict[str, Any] | None:
    """The current record of the document `key` (None: no such document), without parsing the
    rest of the file: a county's `jixiao edit DOC` shows the document before decoding the
    other 99. The file is opened once: its identity, the record's place (remembered in memo
    per identity: the file is only ever replaced, never changed in place) and the record's
    bytes are all of that one state, so the revision read is the one a save is checked
    against. A state memo holds whole is served from it. Unindexed when the file is not
    exactly as encode writes it (hand-edited, written by another program, an older schema)
    or the record does not read back as key's: the caller reads the file whole, which also
    names any damage."""
    with _open(path) as fh:
        try:
            signature = _signature_of(os.fstat(fh.fileno()))
        except OSError:
            raise Unindexed from None
        if memo.tables is not None and signature == memo.signature:
            for record in memo.tables.get(DOCS_TABLE, {}).values():
                if record.get("key") == key:
                    return dict(record)
            return None
        spans = memo.spans[1] if memo.spans and memo.spans[0] == signature else None
        if spans is None:
            try:
                with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                    spans = _spans(buf)
            except (_Irregular, OSError, ValueError):  # ValueError: an empty file
                raise Unindexed from None
            memo.spans = (signature, spans)
        last = memo.last_record
        if last is not None and last[0] == signature and last[1] == key:
            return dict(last[2])
        span = spans.get(key)
        if span is None:
            return None
        try:
            fh.seek(span[0])
            record = json.loads(fh.read(span[1] - span[0]).decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            raise Unindexed from None
        if not isinstance(record, dict) or record.get("key") != key:
            raise Unindexed
        memo.last_record = (signature, key, record)
        return dict(record)
