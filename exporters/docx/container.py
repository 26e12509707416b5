"""Checks on the raw bytes before python-docx sees them: the wrong kind of file, a zip bomb.

Each failure is one line naming the file and saying what to do. Declared sizes in the zip
directory are trusted on purpose: zipfile refuses to read past a member's declared size (the CRC
check fails), so a lying header cannot make python-docx inflate more than we allowed here.
"""

from __future__ import annotations

import io
import zipfile

from model import JixiaoError

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a real 预算绩效目标 .docx unpacks to a few MB
MAX_MEMBERS = 5000  # Word writes a few dozen parts; thousands means something else
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: old .doc or encrypted .docx


def _cfb_has_stream(data: bytes, name: str) -> bool:
    # Directory entries store stream names in UTF-16LE; the names below do not occur by chance.
    return name.encode("utf-16-le") in data


def check_docx_bytes(data: bytes, source: str) -> None:
    """Raise JixiaoError unless data looks like a .docx small enough to open safely."""
    if not data:
        raise JixiaoError(f"{source}：文件是空的（0 字节），请确认选对了文件")
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
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise JixiaoError(
            f"{source}：文件已损坏，无法按 .docx 打开；请在 Word/WPS 中重新另存为 .docx"
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise JixiaoError(
            f"{source}：文件内部包含 {len(infos)} 个部件，不像正常的 Word 文档，已拒绝导入"
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise JixiaoError(
            f"{source}：文件解压后达 {unpacked // (1024 * 1024)} MB，超过上限 "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB，可能是损坏或恶意文件，已拒绝导入"
        )
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        if "xl/workbook.xml" in names:
            raise JixiaoError(
                f"{source}：这是 Excel 文件，不是 Word；导入 Excel 请用 --format xlsx"
            )
        if "ppt/presentation.xml" in names:
            raise JixiaoError(f"{source}：这是 PowerPoint 文件，不是 Word .docx")
        raise JixiaoError(
            f"{source}：这是 zip 压缩包，不是 Word .docx 文件；请解压后选择其中的 .docx"
        )
