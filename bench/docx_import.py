"""Word import speed: importing the sample against a floor measured in the same run.

Floor: python-docx opening the file and reading the text of every cell of every table
(``Document(path)`` + ``cell.text`` for ``row.cells`` of ``document.tables``). Measured: the
whole import (checks on the bytes, python-docx opening them, the body walk, the interpretation).
Target ≤ 1.5×. Runs alternate so machine noise hits both alike; medians are reported.
Usage: .venv/bin/python bench/docx_import.py [RUNS] [FILE.docx]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from _timing import alternate, report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402  (after the path set-up, like the code under test)

from exporters.base import ImportOptions  # noqa: E402
from exporters.docx import read  # noqa: E402

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
path = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "tests/fixtures/zhangwangtuan-2023.docx"


def floor() -> float:
    start = time.perf_counter()
    document = docx.Document(str(path))
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    elapsed = time.perf_counter() - start
    assert texts
    return elapsed


def jixiao_import() -> float:
    start = time.perf_counter()
    result = read(path.read_bytes(), source=path.name, options=ImportOptions())
    elapsed = time.perf_counter() - start
    assert result.documents[0].projects
    return elapsed


result = read(path.read_bytes(), source=path.name, options=ImportOptions())
doc = result.documents[0]
indicators = sum(len(p.indicators) for p in doc.projects)
print(f"{path.name}: {len(doc.projects)} 个项目，{indicators} 条指标；{runs} 轮，取中位数")
medians = alternate(runs, jixiao=jixiao_import, floor=floor)
ok = report("docx import", medians["jixiao"], medians["floor"], 1.5)
sys.exit(0 if ok else 1)
