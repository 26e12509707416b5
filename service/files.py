"""Files on disk: which format a file name says; reading a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from exporters.limits import MAX_FILE_BYTES, MIB, LimitExceeded
from exporters.registry import FORMATS
from model import JixiaoError

from .errors import FormatUnknown


def file_format(path: str | Path, given: str | None = None) -> str:
    """The format asked for, else the one the file's extension says."""
    if given:
        return given.lower()
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    if str(path) == "-" or not suffix:
        raise FormatUnknown(str(path), "")
    if suffix == "doc":
        raise JixiaoError(
            f"{path}：这是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再导入"
        )
    if suffix == "odt":
        from exporters.docx.container import odt_advice

        raise JixiaoError(odt_advice(str(path)))
    if suffix not in FORMATS:
        raise FormatUnknown(str(path), suffix)
    return suffix


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; a file over MAX_FILE_BYTES is refused before it is read (and a device
    or pipe that never ends is read no further than that)."""
    try:
        with Path(path).expanduser().open("rb") as file:
            size = os.fstat(file.fileno()).st_size  # 0 for a pipe or a device
            if size > MAX_FILE_BYTES:
                raise _too_big(path, f"文件大小 {size // MIB} MB")
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise JixiaoError(f"{path}：文件不存在") from None
    except IsADirectoryError:
        raise JixiaoError(f"{path}：这是一个目录，不是文件") from None
    except PermissionError:
        raise JixiaoError(f"{path}：无权读取该文件") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(path, "读到的内容太多")
    return data


def read_stream(stream: BinaryIO, source: str) -> bytes:
    """A pipe's bytes (standard input), read no further than MAX_FILE_BYTES."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(source, "读到的内容太多")
    return data


def _too_big(path: str | Path, what: str) -> LimitExceeded:
    return LimitExceeded(str(path), "", what, f"{MAX_FILE_BYTES // MIB} MB")
