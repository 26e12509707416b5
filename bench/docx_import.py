"""Word import speed: importing the sample against a floor measured in the same run.

Floor: reading the same XML with lxml alone — unzip word/document.xml, ``lxml.etree.fromstring``
it, and for every ``w:tc`` join the text of its ``w:t`` elements. Nothing can import a Word
file with less work than that. Measured: the whole import (`exporters.docx.read`: checks on
the bytes, python-docx opening them, the body walk, the interpretation into a Document).
Target ≤ 2.5×. Runs alternate so machine noise hits both alike; medians of the CPU time
(time.process_time: on the shared machine wall time mostly measures the neighbours).
Usage: .venv/bin/python bench/docx_import.py [RUNS] [FILE.docx]
"""

from __future__ import annotations

import io
import sys
import time
import zipfile
from pathlib import Path

from _timing import alternate, report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from exporters.base import ImportOptions  # noqa: E402
from exporters.docx import read  # noqa: E402

TARGET = 2.5
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
path = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "tests/fixtures/zhangwangtuan-2023.docx"


def floor() -> float:
    start = time.process_time()
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
    root = etree.fromstring(xml)
    texts = ["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in root.iter(f"{W}tc")]
    elapsed = time.process_time() - start
    assert texts
    return elapsed


def jixiao_import() -> float:
    start = time.process_time()
    result = read(path.read_bytes(), source=path.name, options=ImportOptions())
    elapsed = time.process_time() - start
    assert result.documents[0].projects
    return elapsed


def main() -> int:
    result = read(path.read_bytes(), source=path.name, options=ImportOptions())
    doc = result.documents[0]
    indicators = sum(len(p.indicators) for p in doc.projects)
    print(f"{path.name}: {len(doc.projects)} 个项目，{indicators} 条指标；{runs} 轮，取中位数")
    medians = alternate(runs, jixiao=jixiao_import, floor=floor)
    ok = report("Word 导入 vs lxml 读同一 XML", medians["jixiao"], medians["floor"], TARGET)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
