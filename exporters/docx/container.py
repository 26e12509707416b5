"""Checks on the raw bytes before any part is parsed (package.py): the wrong kind of file, a zip bomb.

Each failure is one line naming the file and saying what to do. The file's size, its parts and
its unpacked size are checked as for every zip container (exporters.zipguard).
"""

from __future__ import annotations

import zipfile

from model import JixiaoError

from ..limits import (
    MAX_FILE_BYTES,
    MAX_MEMBERS,
    MAX_UNPACKED_BYTES,
    MAX_XML_TAGS,
    LimitExceeded,
)
from ..zipguard import check_size, open_zip

__all__ = ["MAX_FILE_BYTES", "MAX_MEMBERS", "MAX_UNPACKED_BYTES", "MAX_XML_TAGS"]
__all__ += ["check_docx_bytes"]
_DAMAGED = "{source}：文件已损坏，无法按 .docx 打开；请在 Word/WPS 中重新另存为 .docx"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .doc or encrypted .docx


def _cfb_has_stream(data: bytes, name: str) -> bool:
    # Directory entries store stream names in UTF-16LE; the names below do not occur by chance.
    return name.encode("utf-16-le") in data


def _count_markup(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], source: str) -> None:
    """Refuse more than MAX_XML_TAGS "<" in all parts: the reader parses the XML parts into
    memory (package.py, as python-docx would), and a few bytes of "<w:p/>" become an element of
    some 250 bytes."""
    if sum(info.file_size for info in infos) <= 3 * MAX_XML_TAGS:
        return  # an element takes 3 bytes or more ("<a>"): too few bytes for too many (the sample)
    tags = 0
    for info in infos:
        if info.is_dir():
            continue
        with archive.open(info) as member:
            while chunk := member.read(1 << 20):
                tags += chunk.count(b"<")
        if tags > MAX_XML_TAGS:
            raise LimitExceeded(
                source, info.filename, f"XML 标记达 {tags} 个", f"{MAX_XML_TAGS} 个"
            )


def check_docx_bytes(data: bytes, source: str) -> zipfile.ZipFile:
    """Raise JixiaoError unless data looks like a .docx small enough to open safely; the open
    archive (the reader reads its parts from it: opening the zip's directory again cost as much
    as reading the parts it needs)."""
    if not data:
        raise JixiaoError(f"{source}：文件是空的（0 字节），请确认选对了文件")
    check_size(data, source)
    if data.startswith(_CFB_MAGIC):
        if _cfb_has_stream(data, "EncryptedPackage") or _cfb_has_stream(data, "EncryptionInfo"):
            raise JixiaoError(
                f"{source}：文件设置了打开密码，无法读取；请在 Word/WPS 中取消密码后另存为 .docx 再导入"
            )
        if _cfb_has_stream(data, "WordDocument"):
            raise JixiaoError(
                f"{source}：这是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再导入"
            )
        raise JixiaoError(
            f"{source}：这是旧版 Office 文件，不是 Word .docx，请另存为 .docx 后再导入"
        )
    if not data.startswith(b"PK"):
        raise JixiaoError(
            f"{source}：不是 Word .docx 文件（文件格式不对），请在 Word/WPS 中另存为 .docx"
        )
    archive = open_zip(data, source, "Word", ".docx")  # size, parts, unpacked size
    infos = archive.infolist()
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        if "xl/workbook.xml" in names:
            raise JixiaoError(
                f"{source}：这是 Excel 文件，不是 Word；导入 Excel 请用 --format xlsx"
            )
        if "content.xml" in names and ("mimetype" in names or "META-INF/manifest.xml" in names):
            raise JixiaoError(odt_advice(source))
        if "ppt/presentation.xml" in names:
            raise JixiaoError(f"{source}：这是 PowerPoint 文件，不是 Word .docx")
        raise JixiaoError(
            f"{source}：这是 zip 压缩包，不是 Word .docx 文件；请解压后选择其中的 .docx"
        )
    try:
        _count_markup(archive, infos, source)
    except LimitExceeded:
        raise
    except Exception:  # a bad CRC, damaged deflate data, an unknown compression method …
        raise JixiaoError(_DAMAGED.format(source=source)) from None
    return archive


def odt_advice(source: str) -> str:
    """One line for an OpenDocument text file: how to turn it into a .docx."""
    return (
        f"{source}：这是 OpenDocument 文件（.odt），不是 Word .docx；请在 WPS/LibreOffice 中"
        "“另存为 → Word 文档（.docx）”，或运行 soffice --headless --convert-to docx"
        f" {source}，再导入生成的 .docx"
    )
