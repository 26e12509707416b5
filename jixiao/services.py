"""Import and export as functions: the CLI and the TUI both call these, so no logic lives twice.

Reading a file never touches the database; a document is saved only when the whole file read
without errors (all-or-nothing), and only through the store's revision check.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from exporters.base import ExportOptions, ImportOptions, ImportResult, Problem
from exporters.registry import format_module, guess_format
from model import Document, JixiaoError
from storage import Store

BINARY_FORMATS = {"docx", "xlsx"}


class ImportRefused(JixiaoError):
    """The file had problems; nothing was imported. .problems lists them all."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            f"{source}：发现 {len(problems)} 个问题，未导入任何内容（首个：{problems[0]}）"
        )


@dataclass(slots=True)
class ImportOutcome:
    """What one document of one file did (or would do, on a dry run)."""

    source: str
    key: str
    action: str  # "新建" / "替换" / "合并"
    revision: int | None  # the new revision; None on a dry run
    projects: int
    indicators: int
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        done = "将" if self.revision is None else "已"
        version = "" if self.revision is None else f"（第 {self.revision} 版）"
        return (
            f"{self.source}：{done}{self.action} {self.key}，{self.projects} 个项目，"
            f"{self.indicators} 条指标{version}"
        )


def read_input(path: str) -> bytes:
    """Bytes of a file, or of standard input for '-'."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise JixiaoError(f"{path}：文件不存在") from None
    except IsADirectoryError:
        raise JixiaoError(f"{path}：这是一个目录，不是文件") from None
    except PermissionError:
        raise JixiaoError(f"{path}：无权读取该文件") from None


def read_file(path: str, fmt: str | None, options: ImportOptions) -> ImportResult:
    """Parse one input file into documents; raise ImportRefused if it has any error."""
    fmt = guess_format(path, fmt)
    source = "标准输入" if path == "-" else path
    result = format_module(fmt).read(read_input(path), source=source, options=options)
    if result.errors:
        raise ImportRefused(source, result.errors)
    if not result.documents:
        raise JixiaoError(f"{source}：文件中没有可导入的文档")
    return result


def _target_key(store: Store, doc: Document, options: ImportOptions) -> str:
    """For partial data (CSV tables): the document it belongs to."""
    if doc.dept_code and doc.year:
        return doc.key
    infos = store.list_documents()
    if options.dept or options.year:
        matches = [
            i
            for i in infos
            if (not options.dept or i.dept_code == options.dept)
            and (not options.year or i.year == options.year)
        ]
    else:
        matches = infos
    if len(matches) == 1:
        return matches[0].key
    if not matches:
        raise JixiaoError("找不到要合并到的文档；请用 --dept 和 --year 指定（文档须已存在）")
    raise JixiaoError(
        f"数据库中有 {len(matches)} 个文档，请用 --dept 和 --year 指定要导入到哪一个："
        + "、".join(i.key for i in matches)
    )


def _count(doc: Document) -> tuple[int, int]:
    return len(doc.projects), sum(len(p.indicators) for p in doc.projects)


def import_documents(
    store: Store,
    result: ImportResult,
    *,
    source: str,
    options: ImportOptions,
    mode: str = "create",
    dry_run: bool = False,
) -> list[ImportOutcome]:
    """Apply parsed documents to the store. mode: "create", "replace" or "merge".

    Every document is checked before any is saved, so a refusal leaves the database unchanged.
    """
    try:
        from model import merge as merging  # the merge step lives in the model (pure)
    except ImportError:  # pragma: no cover - until the merge module lands
        merging = None

    planned: list[tuple[Document, int | None, ImportOutcome]] = []
    for incoming in result.documents:
        key = _target_key(store, incoming, options) if result.partial else incoming.key
        if not incoming.dept_code or not incoming.year:
            if not result.partial:
                raise JixiaoError(
                    f"{source}：无法确定预算单位编码或年度，请用 --dept 和 --year 指定"
                )
        current_rev = store.revision(key)
        existing = store.load(key)[0] if current_rev else None
        if result.partial and existing is None:
            raise JixiaoError(f"{source}：数据库中没有文档 {key}，表格数据只能合并到已有文档")
        if existing is not None and mode == "create" and not result.partial:
            raise JixiaoError(
                f"{source}：文档 {key} 已存在，未导入；替换请加 --replace，合并请加 --merge"
            )
        if existing is None:
            new_doc, action = incoming, "新建"
        elif mode == "merge" or result.partial:
            if merging is None:
                raise JixiaoError("合并导入（--merge）尚未实现")
            # A table (CSV) holds only some fields: --replace and --merge both apply those
            # fields to the matching projects; everything else in the document is kept.
            new_doc = merging.merge_document(
                existing, incoming, partial_fields=result.partial_fields if result.partial else None
            )
            action = "替换" if mode == "replace" else "合并"
        else:
            new_doc, action = incoming, "替换"
        projects, indicators = _count(new_doc)
        outcome = ImportOutcome(
            source,
            new_doc.key,
            action,
            None,
            projects,
            indicators,
            notes=list(result.notes),
            warnings=[p for p in result.problems if p.severity != "error"],
        )
        if merging is not None:
            outcome.changes = [str(c) for c in merging.diff_documents(existing, new_doc)]
        planned.append((new_doc, current_rev, outcome))
    if dry_run:
        return [o for _, _, o in planned]
    for new_doc, base, outcome in planned:
        # Based on the revision read above: a colleague's save in between is a conflict, not lost.
        outcome.revision = store.save(new_doc, base)
    return [o for _, _, o in planned]


def export_bytes(doc: Document, fmt: str, options: ExportOptions) -> bytes:
    return format_module(fmt).write(doc, options=options)


def write_output(data: bytes, out: str | None, fmt: str, *, force: bool) -> str:
    """Write to a file atomically (refusing to overwrite without force) or to stdout ('-')."""
    from storage.atomic import atomic_write

    if out is None or out == "-":
        if fmt in BINARY_FORMATS and sys.stdout.isatty():
            raise JixiaoError(f"{fmt} 是二进制格式，不能输出到终端；请用 -o 文件名.{fmt}")
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return "标准输出"
    path = Path(out)
    if path.exists() and not force:
        raise JixiaoError(f"{out} 已存在，未覆盖；如确需覆盖请加 --force")
    if not path.parent.exists():
        raise JixiaoError(f"{out}：目录 {path.parent} 不存在")
    try:
        atomic_write(path, data)
    except PermissionError:
        raise JixiaoError(f"{out}：无权写入") from None
    return out
