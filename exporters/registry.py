"""Format name → module, imported only when used (python-docx and openpyxl are slow to import)."""

from __future__ import annotations

import importlib
from types import ModuleType

from model import JixiaoError

FORMATS: dict[str, str] = {
    "json": "exporters.json_io",
    "docx": "exporters.docx",
    "csv": "exporters.csv_io",
    "xlsx": "exporters.xlsx_io",
    "pdf": "exporters.pdf",
    "summary-docx": "exporters.summary_docx",
    "summary-xlsx": "exporters.summary_xlsx",
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
