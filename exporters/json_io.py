"""The full document as JSON: UTF-8, readable, amounts as strings, with its schema version.

Reading is bounded (exporters.limits): the file's size, its nesting (measured by a scan of the
brackets outside strings before `json.loads` can recurse), its number of containers, documents,
projects and indicators, the length of every text and the size of every number. Whatever the file
holds, a refusal is one line naming the file and the JSON path (`projects[3].indicators[2].value`).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from model import (
    DOCUMENT_SCHEMA_VERSION,
    Document,
    JixiaoError,
    document_from_dict,
    document_to_dict,
)

from .base import (
    ExportOptions,
    ImportOptions,
    ImportResult,
    Source,
    one_line,
    select_projects,
)
from .limits import (
    MAX_CELL_CHARS,
    MAX_DOCUMENTS,
    MAX_FILE_BYTES,
    MAX_INDICATORS,
    MAX_JSON_CONTAINERS,
    MAX_JSON_DEPTH,
    MAX_PROJECTS,
    MIB,
    LimitExceeded,
)

FORMAT_TAG = "jixiao-document"


def dumps(doc: Document, source: Source | None = None) -> str:
    payload: dict[str, Any] = {
        "format": FORMAT_TAG,
        "schema_version": DOCUMENT_SCHEMA_VERSION,
    }
    if source is not None:  # the stored revision this file was exported from
        payload["exported_from"] = {"document": source.key, "revision": source.revision}
    payload["document"] = document_to_dict(doc)
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def write(doc: Document, *, options: ExportOptions | None = None) -> bytes:
    options = options or ExportOptions()
    source = Source.of(doc, options)
    return dumps(select_projects(doc, options.projects), source).encode("utf-8")


def _source(payload: Any) -> Source | None:
    """The export's stamp, when it has a usable one (a hand-edited one is ignored)."""
    if not isinstance(payload, dict):
        return None
    stamp = payload.get("exported_from")
    if not isinstance(stamp, dict):
        return None
    key, revision = stamp.get("document"), stamp.get("revision")
    if isinstance(key, str) and isinstance(revision, int) and not isinstance(revision, bool):
        return Source(key, revision) if revision > 0 else None
    return None


def _documents_in(payload: Any, source: str) -> list[Any]:
    """Accept one exported document, a list of them, or a bare document object."""
    if isinstance(payload, list):
        return [d for p in payload for d in _documents_in(p, source)]
    if isinstance(payload, dict) and "document" in payload:
        version = payload.get("schema_version")
        if version != DOCUMENT_SCHEMA_VERSION or isinstance(version, bool):
            raise JixiaoError(
                f"{source}：文档格式版本为 {_shown(repr(version))}，本程序支持 "
                f"{DOCUMENT_SCHEMA_VERSION}，请升级 jixiao"
            )
        return [payload["document"]]
    if isinstance(payload, dict) and "projects" in payload:
        return [payload]
    raise JixiaoError(f"{source}：不是 jixiao 导出的 JSON 文档（缺少 document 或 projects）")


# A closed string, and what is left when the closed strings are taken out: brackets, an
# unclosed string's quote, and the rest of the syntax.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_SYNTAX = re.compile(r'[\[\]{}"]')
_BIG = 10**15  # an integer this large is no year, amount or revision: refused


def _shown(text: str, limit: int = 40) -> str:
    """A value or message from the file for a message: one line, short (a value the model's
    message quotes, such as `year … 现为 [2023, 2023, …]`, may be as long as the file)."""
    flat = one_line(text)
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"第 {line} 行第 {offset - text.rfind(chr(10), 0, offset)} 列"


def _scan(text: str, source: str) -> None:
    """Refuse nesting beyond MAX_JSON_DEPTH and more than MAX_JSON_CONTAINERS objects and
    lists, before json.loads (which recurses once per level) sees the text. The strings are
    taken out first (in C: a file is mostly strings), then only the brackets are walked."""
    depth = containers = 0
    bare = _STRING.sub("", text)
    for match in _SYNTAX.finditer(bare):
        token = match.group()
        if token == '"':
            return  # an unclosed string: json.loads reports it with its place
        if token in "]}":
            depth -= 1
            continue
        depth += 1
        containers += 1
        if depth > MAX_JSON_DEPTH:
            raise LimitExceeded(
                source, _nth_bracket(text, containers), "JSON 嵌套层数过深", f"{MAX_JSON_DEPTH} 层"
            )
        if containers > MAX_JSON_CONTAINERS:
            raise LimitExceeded(
                source,
                _nth_bracket(text, containers),
                "JSON 对象和列表过多",
                f"{MAX_JSON_CONTAINERS} 个",
            )


def _nth_bracket(text: str, n: int) -> str:
    """Where the n-th opening bracket outside strings is (for a refusal's message)."""
    for match in re.finditer(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[{]', text):
        if match.group() in "[{":
            n -= 1
            if n == 0:
                return _place(text, match.start())
    return ""


def _refuse_constant(name: str) -> Any:
    raise JixiaoError(f'JSON 中不能有 {name}（不是数字），金额请写成文本形式的数字，如 "11.00"')


def _parse(data: bytes, source: str) -> Any:
    if len(data) > MAX_FILE_BYTES:
        raise LimitExceeded(
            source, "", f"文件大小 {len(data) // MIB} MB", f"{MAX_FILE_BYTES // MIB} MB"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JixiaoError(f"{source}：不是 UTF-8 编码的 JSON 文件") from None
    _scan(text, source)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise JixiaoError(
            f"{source}：第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式错误（{exc.msg}）"
        ) from None
    except JixiaoError as exc:
        raise JixiaoError(f"{source}：{exc}") from None
    except ValueError:  # an integer of thousands of digits (Python refuses to convert it)
        raise JixiaoError(
            f"{source}：JSON 中有位数过多的数字，不是 jixiao 导出的文档；请重新导出后再导入"
        ) from None
    except RecursionError:  # pragma: no cover - _scan refuses such nesting first
        raise LimitExceeded(source, "", "JSON 嵌套层数过深", f"{MAX_JSON_DEPTH} 层") from None


def _check_values(value: Any, path: str, source: str, doc_place: str = "") -> None:
    """Every text within MAX_CELL_CHARS, every number of a sensible size, lists of projects
    and indicators within their limits; `path` names the place (`projects[3].name`), after
    `doc_place` ("第 2 个文档：") in a file of several documents."""
    where = f"{doc_place}{path or '文档'}"
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise LimitExceeded(source, where, f"文字长达 {len(value)} 字", f"{MAX_CELL_CHARS} 字")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if abs(value) >= _BIG:
            raise JixiaoError(
                f"{source}：{where}：数字 {_shown(str(value), 20)} 过大，不是年度或金额；"
                "请改正后再导入"
            )
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise JixiaoError(f"{source}：{where}：数字超出范围，请改正后再导入")
    elif isinstance(value, list):
        key = path.rsplit(".", 1)[-1]
        limit = {"projects": MAX_PROJECTS, "indicators": MAX_INDICATORS}.get(key)
        if limit is not None and len(value) > limit:
            what = "项目" if key == "projects" else "指标"
            raise LimitExceeded(source, where, f"有 {len(value)} 个{what}", f"{limit} 个")
        for n, item in enumerate(value, 1):
            _check_values(item, f"{path}[{n}]", source, doc_place)
    elif isinstance(value, dict):
        for key, item in value.items():
            if len(key) > MAX_CELL_CHARS:
                raise LimitExceeded(
                    source, where, f"名称长达 {len(key)} 字", f"{MAX_CELL_CHARS} 字"
                )
            _check_values(item, f"{path}.{key}" if path else key, source, doc_place)


def read(data: bytes, *, source: str, options: ImportOptions | None = None) -> ImportResult:
    options = options or ImportOptions()
    payload = _parse(data, source)
    result = ImportResult(source=_source(payload))
    raws = _documents_in(payload, source)
    if len(raws) > MAX_DOCUMENTS:
        raise LimitExceeded(source, "", f"文件中有 {len(raws)} 个文档", f"{MAX_DOCUMENTS} 个")
    for number, raw in enumerate(raws, 1):
        doc_place = f"第 {number} 个文档：" if len(raws) > 1 else ""
        _check_values(raw, "", source, doc_place)
        try:
            doc = document_from_dict(raw)
        except JixiaoError as exc:
            message = str(exc).removeprefix(f"{source}：")
            raise JixiaoError(f"{source}：{doc_place}{_shown(message, 300)}") from None
        if options.dept:
            doc.dept_code = options.dept
        if options.year:
            doc.year = options.year
        result.documents.append(doc)
    return result
