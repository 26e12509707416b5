"""Format name → module, imported only when used (python-docx and openpyxl are slow to import)."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from model import JixiaoError

FORMATS: dict[str, str] = {
    "json": "exporters.json_io",
    "docx": "exporters.docx",
    "csv": "exporters.csv_io",
    "xlsx": "exporters.xlsx_io",
}


def format_module(name: str) -> ModuleType:
    if name not in FORMATS:
        raise JixiaoError(f"不支持的格式“{name}”，可用：{'、'.join(FORMATS)}")
    try:
        return importlib.import_module(FORMATS[name])
    except ModuleNotFoundError as exc:
        if exc.name == FORMATS[name]:
            raise JixiaoError(f"格式“{name}”尚未实现") from None
        raise


def guess_format(path: str | Path, given: str | None) -> str:
    """--format if given, else the file's extension; stdin/stdout ('-') needs --format."""
    if given:
        return given.lower()
    suffix = Path(str(path)).suffix.lower().lstrip(".")
    if str(path) == "-" or not suffix:
        raise JixiaoError("无法从文件名判断格式，请加 --format（json、docx、csv、xlsx）")
    if suffix == "doc":
        raise JixiaoError(
            f"{path}：这是旧版 Word（.doc）文件，请在 Word/WPS 中另存为 .docx 后再导入"
        )
    if suffix not in FORMATS:
        raise JixiaoError(f"{path}：不认识的文件类型 .{suffix}，请加 --format 指定")
    return suffix
