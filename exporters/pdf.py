"""PDF: the Word export converted by LibreOffice headless (soffice), when it is installed.

Export only. The conversion runs in a private temporary directory with its own LibreOffice
profile (-env:UserInstallation), so two exports at once — or a LibreOffice the user has open —
do not clash; it is stopped after TIMEOUT seconds."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from model import Document, JixiaoError

from .base import ExportOptions, ImportOptions, ImportResult

TIMEOUT = 180  # seconds for one conversion

# Where LibreOffice lives when it is not on PATH.
_PLACES = (
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/usr/local/bin/soffice",
    "/snap/bin/libreoffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "C:/Program Files/LibreOffice/program/soffice.exe",
)

MISSING = (
    "导出 PDF 需要 LibreOffice，但本机未找到；请安装 LibreOffice"
    "（Debian/Ubuntu：sudo apt install libreoffice-writer；其他系统见 libreoffice.org）后重试，"
    "或先导出 Word（--format docx）再另存为 PDF"
)


def find_soffice() -> str | None:
    """The LibreOffice program: on PATH (soffice, libreoffice), else in the usual places."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in _PLACES:
        for candidate in sorted(glob.glob(pattern)):
            if os.access(candidate, os.X_OK):
                return candidate
    return None


def read(data: bytes, *, source: str, options: ImportOptions) -> ImportResult:
    raise JixiaoError(f"{source}：PDF 不能导入；请导入 Word（.docx）、JSON、CSV 或 Excel 文件")


def convert(docx_bytes: bytes, soffice: str | None = None, *, suffix: str = "docx") -> bytes:
    """A .docx's (or, with suffix, another office file's) bytes as PDF bytes, through
    LibreOffice headless."""
    program = soffice or find_soffice()
    if program is None:
        raise JixiaoError(MISSING)
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"export.{suffix}"
        source.write_bytes(docx_bytes)
        profile = (folder / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            raise JixiaoError(
                f"LibreOffice 转换 PDF 超过 {TIMEOUT} 秒仍未完成，未导出；"
                "请关闭其他 LibreOffice 窗口后重试，或导出 Word 后另存为 PDF"
            ) from None
        except OSError as exc:
            raise JixiaoError(
                f"无法运行 LibreOffice（{program}：{exc.strerror or exc}），未导出；"
                "请检查 LibreOffice 的安装"
            ) from None
        result = folder / "export.pdf"
        if not result.is_file():
            reason = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
            reason = " ".join(reason.split())[:200] or f"退出码 {done.returncode}"
            raise JixiaoError(
                f"LibreOffice 未能把文档转换为 PDF（{reason}），未导出；"
                "请导出 Word 后用 Word/WPS 另存为 PDF"
            )
        return result.read_bytes()


def write(doc: Document, *, options: ExportOptions | None = None) -> bytes:
    from . import docx as word

    program = find_soffice()  # before the (slow) Word export
    if program is None:
        raise JixiaoError(MISSING)
    return convert(word.write(doc, options=options or ExportOptions()), program)
