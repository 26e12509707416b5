"""Word export speed: jixiao's styled export of the sample against a floor measured in this run.

The floor is python-docx writing the same tables with the same cell texts and no styling at all
(Document(), add_table, row.cells[i].text = …, save). Target: export ≤ 1.5 × floor.

    .venv/bin/python bench/docx_export.py [--reps 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "tests" / "fixtures"
TARGET = 1.5


def load_sample():
    """The sample as a Document: through the Word reader when it exists, else the JSON fixture."""
    from exporters.base import ImportOptions

    try:
        from exporters.docx import reader
    except ImportError:
        reader = None
    if reader is not None:
        data = (FIXTURES / "zhangwangtuan-2023.docx").read_bytes()
        result = reader.read(data, source="zhangwangtuan-2023.docx", options=ImportOptions())
        if result.documents:
            return result.documents[0], "Word 读取器"
    from exporters import json_io

    data = (FIXTURES / "zhangwangtuan-2023.jixiao.json").read_bytes()
    result = json_io.read(data, source="zhangwangtuan-2023.jixiao.json", options=ImportOptions())
    return result.documents[0], "JSON 样例"


def table_texts(docx_bytes: bytes) -> list[list[list[str]]]:
    """Each table of a .docx as rows of cell texts (one per <w:tc>, as written)."""
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    return [
        [
            ["\n".join(p.xpath("string(.)") for p in tc.p_lst) for tc in tr.tc_lst]
            for tr in t._tbl.tr_lst
        ]
        for t in document.tables
    ]


def floor_write(tables: list[list[list[str]]]) -> bytes:
    """python-docx at its plainest: the same tables and cell texts, no styling."""
    import docx

    document = docx.Document()
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for row, texts in zip(table.rows, rows, strict=True):
            for cell, text in zip(row.cells, texts, strict=False):
                cell.text = text
        document.add_paragraph()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def median_seconds(fn, reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()

    from exporters.base import ExportOptions
    from exporters.docx.writer import write

    doc, source = load_sample()
    options = ExportOptions()
    exported = write(doc, options=options)  # warm-up: imports, caches
    tables = table_texts(exported)
    floor_write(tables)
    cells = sum(len(r) for t in tables for r in t)

    ours = median_seconds(lambda: write(doc, options=options), args.reps)
    floor = median_seconds(lambda: floor_write(tables), args.reps)
    ratio = ours / floor
    print(
        f"样例来源：{source}；项目 {len(doc.projects)} 个，表格 {len(tables)} 张，单元格 {cells} 个"
    )
    print(f"jixiao Word 导出（中位数，{args.reps} 次）：{ours * 1000:.1f} ms")
    print(f"下限：python-docx 无样式写同样的表格：{floor * 1000:.1f} ms")
    print(f"比值 {ratio:.2f}×（目标 ≤ {TARGET}×）：{'达标' if ratio <= TARGET else '未达标'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
