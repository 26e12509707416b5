"""The full document as JSON: UTF-8, readable, amounts as strings, with its schema version."""

from __future__ import annotations

import json
from typing import Any

from model import (
    DOCUMENT_SCHEMA_VERSION,
    Document,
    JixiaoError,
    document_from_dict,
    document_to_dict,
)

from .base import ExportOptions, ImportOptions, ImportResult, Source, select_projects

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
        if version != DOCUMENT_SCHEMA_VERSION:
            raise JixiaoError(
                f"{source}：文档格式版本为 {version!r}，本程序支持 {DOCUMENT_SCHEMA_VERSION}，请升级 jixiao"
            )
        return [payload["document"]]
    if isinstance(payload, dict) and "projects" in payload:
        return [payload]
    raise JixiaoError(f"{source}：不是 jixiao 导出的 JSON 文档（缺少 document 或 projects）")


def read(data: bytes, *, source: str, options: ImportOptions | None = None) -> ImportResult:
    options = options or ImportOptions()
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise JixiaoError(f"{source}：不是 UTF-8 编码的 JSON 文件") from None
    except json.JSONDecodeError as exc:
        raise JixiaoError(
            f"{source}：第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式错误（{exc.msg}）"
        ) from None
    result = ImportResult(source=_source(payload))
    for raw in _documents_in(payload, source):
        try:
            doc = document_from_dict(raw)
        except JixiaoError as exc:
            raise JixiaoError(f"{source}：{exc}") from None
        if options.dept:
            doc.dept_code = options.dept
        if options.year:
            doc.year = options.year
        result.documents.append(doc)
    return result
