"""Export: a document as a file's bytes, and written to a path without losing anything."""

from __future__ import annotations

import os
from pathlib import Path

from exporters.base import ExportOptions
from exporters.registry import format_module
from model import Document, JixiaoError
from storage.atomic import atomic_write

from .errors import LayoutNotWord, OutputExists
from .files import file_format

BINARY_FORMATS = {"docx", "xlsx"}


def layout_choices() -> list[tuple[str, str]]:
    """The Word table layouts, (name, Chinese title), for a front end to offer."""
    from exporters.docx.layouts import layout_choices as choices

    return choices()


def check_options(fmt: str, options: ExportOptions | None) -> None:
    """Refuse options the format cannot honour: a Word layout for another format
    (LayoutNotWord), a layout name no layout has (its error lists the names)."""
    if options is None or not options.layout:
        return
    if fmt != "docx":
        raise LayoutNotWord(fmt)
    from exporters.docx.layouts import layout_named

    layout_named(options.layout)


def export_bytes(doc: Document, fmt: str, options: ExportOptions | None = None) -> bytes:
    check_options(fmt, options)
    return format_module(fmt).write(doc, options=options or ExportOptions())


def check_target(path: str | Path, *, force: bool = False) -> Path:
    """The path an export may write to: not a directory, in a directory that exists, and not
    an existing file unless force (OutputExists)."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise JixiaoError(f"{path}：这是一个目录，请写上文件名")
    if target.exists() and not force:
        raise OutputExists(str(path))
    if not target.parent.is_dir():
        raise JixiaoError(f"{path}：目录 {target.parent} 不存在")
    return target


def write_file(path: str | Path, data: bytes, *, force: bool = False) -> Path:
    """Write data to path atomically. An existing file is refused (OutputExists) unless force,
    and keeps its permission bits when replaced; a new file gets the umask's (0666 & ~umask),
    as any program's new file does."""
    target = check_target(path, force=force)
    try:
        atomic_write(target, data)  # keeps an existing file's mode; a new one: the umask's
    except PermissionError:
        raise JixiaoError(f"{path}：无权写入") from None
    except OSError as exc:
        raise JixiaoError(f"{path}：无法写入（{os.strerror(exc.errno or 0)}）") from None
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
