"""The bundled sample: 巨鹿县张王疃乡人民政府本级 2023 (package data, read with the Word importer)."""

from __future__ import annotations

from importlib import resources

from model import Document, JixiaoError

SAMPLE_NAME = "zhangwangtuan-2023.docx"


def sample_bytes() -> bytes:
    return (resources.files("jixiao") / "data" / SAMPLE_NAME).read_bytes()


def load_sample() -> Document:
    from exporters.base import ImportOptions
    from exporters.docx import read

    result = read(sample_bytes(), source=SAMPLE_NAME, options=ImportOptions())
    if result.errors or not result.documents:
        raise JixiaoError(f"内置示例 {SAMPLE_NAME} 读取失败：{result.errors[:1]}")
    return result.documents[0]
