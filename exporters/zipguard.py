"""Checks on a zip container (.docx, .xlsx) before a library opens it: size, parts, unpacked size.

Declared sizes in the zip directory are trusted on purpose: zipfile stops reading a member at its
declared size (and then fails the CRC check), so a lying header cannot make python-docx or openpyxl
inflate more than was allowed here. Each failure is one line naming the file.
"""

from __future__ import annotations

import io
import zipfile

from model import JixiaoError

from .limits import MAX_FILE_BYTES, MAX_MEMBERS, MAX_UNPACKED_BYTES, MIB, LimitExceeded


def check_size(data: bytes, source: str) -> None:
    """Refuse a file over MAX_FILE_BYTES (any format)."""
    if len(data) > MAX_FILE_BYTES:
        raise LimitExceeded(
            source, "", f"文件有 {len(data) // MIB} MB", f"{MAX_FILE_BYTES // MIB} MB"
        )


def open_zip(data: bytes, source: str, app: str, suffix: str) -> zipfile.ZipFile:
    """The archive, once its size, number of parts and unpacked size are within the limits.

    ``app`` and ``suffix`` name the format in messages ("Word", ".docx").
    """
    check_size(data, source)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise JixiaoError(
            f"{source}：文件已损坏，无法按 {suffix} 打开；请在 {app}/WPS 中重新另存为 {suffix}"
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise LimitExceeded(source, "", f"文件内部有 {len(infos)} 个部件", f"{MAX_MEMBERS} 个")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise LimitExceeded(
            source, "", f"文件解压后有 {unpacked // MIB} MB", f"{MAX_UNPACKED_BYTES // MIB} MB"
        )
    return archive


def member_size(archive: zipfile.ZipFile, name: str) -> int:
    """A part's declared unpacked size (0 when the archive has no such part)."""
    try:
        return archive.getinfo(name).file_size
    except KeyError:
        return 0
