"""Export: a document as a file's bytes, and written to a path without losing anything."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from exporters.base import WORD_TABLES, ExportOptions, word_table_named
from exporters.registry import format_module
from model import Document, JixiaoError
from model.identifiers import file_stem
from storage import DocumentStore
from storage.atomic import atomic_write

from .errors import LayoutNotWord, OutputExists
from .files import file_format

BINARY_FORMATS = {"docx", "xlsx", "pdf", "summary-docx", "summary-xlsx"}


def layout_choices() -> list[tuple[str, str]]:
    """The Word table layouts, (name, Chinese title), for a front end to offer."""
    from exporters.docx.layouts import layout_choices as choices

    return choices()


def word_table_choices() -> list[tuple[str, str]]:
    """The Word/PDF tables, (name, Chinese name), for a front end to offer: the 绩效目标表
    (default), the 执行监控表, the 自评表 and the 自评汇总表."""
    return list(WORD_TABLES.items())


def table_options(fmt: str, table: str | None) -> tuple[str, str, str]:
    """The command line's one --table, split by what it names: (format, CSV table, Word
    table). A Word table name (target, monitor, evaluate, evaluate-summary) is the Word/PDF
    table; anything else is the CSV table (indicators, projects). The 汇总表 of the 自评
    (`--summary --table evaluate`) is the Word export's evaluate-summary."""
    csv_table, word_table = "indicators", "target"
    if table is not None and table.strip() in WORD_TABLES:
        word_table = table.strip()
    elif table is not None:
        if fmt in ("docx", "pdf"):
            word_table_named(table)  # the error lists the Word tables
        csv_table = table
    if fmt == "summary-docx" and word_table == "evaluate":
        return "docx", csv_table, "evaluate-summary"
    return fmt, csv_table, word_table


def summary_format(fmt: str, path: str | Path = "") -> str:
    """The 汇总表 in the file type fmt names: docx → summary-docx, xlsx → summary-xlsx."""
    if fmt in ("summary-docx", "summary-xlsx"):
        return fmt
    if fmt not in ("docx", "xlsx"):
        where = f"{path}：" if path and str(path) != "-" else ""
        raise JixiaoError(
            f"{where}汇总表只能导出为 Word 或 Excel；请把文件名改为以 .docx 或 .xlsx 结尾"
        )
    return f"summary-{fmt}"


def check_options(fmt: str, options: ExportOptions | None) -> None:
    """Refuse options the format cannot honour: a Word layout for another format
    (LayoutNotWord), a layout name no layout has (its error lists the names)."""
    if options is not None and options.orientation and fmt not in ("docx", "pdf"):
        raise JixiaoError(
            f"纸张方向（横向/纵向）只用于 Word 和 PDF 导出，{fmt} 格式没有纸张方向可选"
        )
    if options is not None and options.word_table not in ("", "target"):
        name = word_table_named(options.word_table)
        if fmt not in ("docx", "pdf"):
            raise JixiaoError(
                f"{WORD_TABLES[name]}（--table {name}）只能导出为 Word 或 PDF，"
                f"{fmt} 格式请去掉 --table {name}"
            )
        if options.layout:
            raise JixiaoError(
                f"指标表格式（--layout）只用于绩效目标表，{WORD_TABLES[name]}的格式是固定的；"
                "请去掉 --layout"
            )
    if options is None or not options.layout:
        return
    if fmt not in ("docx", "pdf"):  # a PDF is the Word export converted
        raise LayoutNotWord(fmt)
    from exporters.docx.layouts import layout_named

    layout_named(options.layout)


def export_bytes(doc: Document, fmt: str, options: ExportOptions | None = None) -> bytes:
    check_options(fmt, options)
    return format_module(fmt).write(doc, options=options or ExportOptions())


def check_target(path: str | Path, *, force: bool = False) -> Path:
    """The path an export may write to: not a directory, in a directory that exists and can be
    written, and not an existing file unless force (OutputExists) — nor a read-only one. Each
    refusal is one line: the file, what is wrong, what to do."""
    target = Path(path).expanduser()
    try:
        if target.is_dir():
            raise JixiaoError(
                f"{path}：这是一个目录，未导出；请在目录后写上文件名，如 {target / '绩效目标.docx'}"
            )
        exists = target.exists()
        if exists and not force:
            raise OutputExists(str(path))
        parent = target.parent
        if not parent.is_dir():
            what = "不是目录" if parent.exists() else "不存在"
            raise JixiaoError(f"{path}：目录 {parent} {what}，未导出；请先创建该目录，或换一个位置")
        if exists and not target.is_file():
            raise JixiaoError(f"{path}：不是普通文件（设备或管道），未导出；请写一个文件名")
        if exists and not _writable(target):
            raise JixiaoError(f"{path}：文件是只读的，未覆盖；请换一个文件名，或先去掉它的只读属性")
        if not _writable(parent):
            raise JixiaoError(
                f"{path}：目录 {parent} 无权写入（只读），未导出；请换一个有写权限的目录"
            )
    except OSError as exc:
        raise JixiaoError(
            f"{path}：无法使用这个路径（{_reason(exc)}），未导出；请换一个位置"
        ) from None
    return target


def _writable(path: Path) -> bool:
    """Writable for us, and not marked read-only for everyone (chmod a-w: even root keeps off)."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def _reason(exc: OSError) -> str:
    return os.strerror(exc.errno) if exc.errno else str(exc)


def write_error(path: str | Path, exc: OSError) -> JixiaoError:
    """An export's failed write as one line: the file, what happened, what to do."""
    if isinstance(exc, PermissionError):
        return JixiaoError(f"{path}：无权写入，未导出；请换一个有写权限的目录，或联系管理员")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return JixiaoError(
            f"{path}：磁盘空间不足（或超出配额），未导出，也没有留下不完整的文件；"
            "请清理磁盘后重试，或导出到别处"
        )
    if exc.errno == errno.EROFS:
        return JixiaoError(f"{path}：所在的文件系统是只读的，未导出；请换一个位置")
    if exc.errno == errno.EISDIR:
        return JixiaoError(f"{path}：这是一个目录，未导出；请在目录后写上文件名")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return JixiaoError(f"{path}：所在目录不存在，未导出；请先创建该目录，或换一个位置")
    return JixiaoError(f"{path}：无法写入（{_reason(exc)}），未导出；请换一个位置后重试")


def write_file(path: str | Path, data: bytes, *, force: bool = False) -> Path:
    """Write data to path atomically: all of it, or nothing (no partial file is left). An
    existing file is refused (OutputExists) unless force, and keeps its permission bits when
    replaced; a new file gets the umask's (0666 & ~umask), as any program's new file does."""
    target = check_target(path, force=force)
    try:
        atomic_write(target, data)  # keeps an existing file's mode; a new one: the umask's
    except OSError as exc:
        raise write_error(path, exc) from None
    return target


def export_to_path(
    doc: Document,
    path: str | Path,
    *,
    fmt: str | None = None,
    options: ExportOptions | None = None,
    force: bool = False,
) -> Path:
    """Export doc to a file (format from the extension unless given). Refuses to overwrite
    an existing file unless force: checked before the (slow) export, and again when writing."""
    fmt = file_format(path, fmt)
    check_options(fmt, options)
    check_target(path, force=force)
    return write_file(path, export_bytes(doc, fmt, options), force=force)


# -- every document of a database, one file each (issue 17: `jixiao export --all -o DIR/`) -----

# Formats that write one file per document, and the extension each file gets.
BATCH_SUFFIXES = {
    "docx": ".docx",
    "pdf": ".pdf",
    "xlsx": ".xlsx",
    "csv": ".csv",
    "json": ".json",
    "summary-docx": "-汇总表.docx",
    "summary-xlsx": "-汇总表.xlsx",
}


@dataclass(slots=True)
class BatchFile:
    """One document of a batch export: where it goes and how it went (error: the one-line
    reason it was not written; "" when written, or not yet tried)."""

    key: str
    dept_name: str
    path: Path
    error: str = ""
    written: bool = False


def batch_plan(
    store: DocumentStore,
    directory: str | Path,
    fmt: str,
    options: ExportOptions | None = None,
) -> list[BatchFile]:
    """Every document of the store and the file it would be written to in `directory`:
    `<单位编码>-<年度>` (model.identifiers.file_stem, as the editor's export suggests) with the
    format's extension; a Word table other than the 绩效目标表 adds its name
    (`903001-2023-项目支出绩效自评表.docx`), so the tables of one folder do not collide.
    Reads the document list only."""
    if fmt not in BATCH_SUFFIXES:
        names = "、".join(BATCH_SUFFIXES)
        raise JixiaoError(f"--all 只能导出为每个文档一个文件的格式（{names}），不能用 {fmt}")
    word_table = options.word_table if options is not None else ""
    suffix = BATCH_SUFFIXES[fmt]
    if word_table and word_table != "target" and fmt in ("docx", "pdf"):
        suffix = f"-{WORD_TABLES.get(word_table, word_table)}{suffix}"
    folder = Path(directory).expanduser()
    plan: list[BatchFile] = []
    taken: set[str] = set()
    for info in store.list_documents():
        stem = file_stem(Document(dept_code=info.dept_code, year=info.year))
        name, n = f"{stem}{suffix}", 1
        while name in taken:  # two old codes that differ only in characters a name cannot hold
            n += 1
            name = f"{stem}-{n}{suffix}"
        taken.add(name)
        plan.append(BatchFile(info.key, info.dept_name, folder / name))
    return plan


def batch_directory(directory: str | Path) -> Path:
    """The folder a batch export writes into: made when missing (its parent must exist);
    JixiaoError, one line, when it is a file or cannot be made or written."""
    folder = Path(directory).expanduser()
    try:
        if folder.exists() and not folder.is_dir():
            raise JixiaoError(f"{directory}：不是目录，未导出；--all 的 -o 请写一个目录")
        if not folder.exists():
            if not folder.parent.is_dir():
                raise JixiaoError(
                    f"{directory}：上一级目录 {folder.parent} 不存在，未导出；请先创建它"
                )
            folder.mkdir()
        if not _writable(folder):
            raise JixiaoError(f"{directory}：目录无权写入，未导出；请换一个有写权限的目录")
    except OSError as exc:
        raise JixiaoError(
            f"{directory}：无法使用这个目录（{_reason(exc)}），未导出；请换一个位置"
        ) from None
    return folder


def batch_ready(fmt: str, options: ExportOptions | None = None) -> None:
    """Refuse, once and before anything is made, what would fail every document of a batch
    the same way: options the format cannot honour, a PDF without LibreOffice."""
    check_options(fmt, options)
    if fmt == "pdf":
        from exporters.pdf import MISSING, find_soffice

        if find_soffice() is None:
            raise JixiaoError(MISSING)


def export_all(
    store: DocumentStore,
    plan: list[BatchFile],
    fmt: str,
    options: ExportOptions | None = None,
    *,
    force: bool = False,
    advance: Callable[[], None] | None = None,
) -> list[BatchFile]:
    """Write each planned document to its file (batch_plan). Existing files without `force`
    are refused up front, all of them, and nothing is written (OutputsExist): a re-run
    never leaves a folder half old, half new. Otherwise a document that fails (a read-only
    file, a document the format cannot hold) gets its one-line reason on its BatchFile and
    the others are still written. `advance` is called after each document (a progress bar)."""
    batch_ready(fmt, options)
    if not force:
        existing = [item.path for item in plan if item.path.exists()]
        if existing:
            raise OutputsExist([str(p) for p in existing])
    for item in plan:
        try:
            doc, revision = store.load(item.key)
            each = replace(options or ExportOptions(), revision=revision)
            write_file(item.path, export_bytes(doc, fmt, each), force=force)
            item.written = True
        except JixiaoError as exc:
            item.error = str(exc)
        if advance is not None:
            advance()
    return plan


class OutputsExist(JixiaoError):
    """A batch export would overwrite files: none was written. .paths names them all."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        super().__init__(f"{len(paths)} 个文件已存在，未导出任何文件（首个：{paths[0]}）")
