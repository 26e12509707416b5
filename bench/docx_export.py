"""Word export speed: jixiao's export of the sample against a floor measured in the same run.

Floor: serialising the same XML. The .docx jixiao produced is opened once, outside the timing,
and each of its XML parts (word/document.xml, styles, settings, relationships …) parsed with
lxml; the floor then times ``etree.tostring`` of every part and writing them (the other parts
as their bytes) into a new zip, deflated as python-docx does. No exporter can write that file
with less work. Measured: `exporters.docx.write` of the Document (the styled layout, the XML
text, the parse into the template, python-docx's save). Target ≤ 2×. Runs alternate so machine
noise hits both alike; medians of the CPU time (time.process_time: on the shared machine wall
time mostly measures the neighbours).

    .venv/bin/python bench/docx_export.py [RUNS]
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

from exporters.base import ExportOptions, ImportOptions  # noqa: E402
from exporters.docx import read  # noqa: E402
from exporters.docx.writer import write  # noqa: E402

TARGET = 2.0
SAMPLE = ROOT / "tests/fixtures/zhangwangtuan-2023.docx"
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15


def parts_of(docx_bytes: bytes) -> list[tuple[zipfile.ZipInfo, object]]:
    """Each part of the .docx: its zip entry and its parsed XML root (or its bytes)."""
    parts: list[tuple[zipfile.ZipInfo, object]] = []
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            xml = info.filename.endswith((".xml", ".rels"))
            parts.append((info, etree.fromstring(data) if xml else data))
    return parts


def main() -> int:
    doc = read(SAMPLE.read_bytes(), source=SAMPLE.name, options=ImportOptions()).documents[0]
    options = ExportOptions()
    exported = write(doc, options=options)
    parts = parts_of(exported)  # parsed once, outside the timing

    def jixiao_export() -> float:
        start = time.process_time()
        data = write(doc, options=options)
        elapsed = time.process_time() - start
        assert data
        return elapsed

    def floor() -> float:
        start = time.process_time()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for info, part in parts:
                data = (
                    part
                    if isinstance(part, bytes)
                    else etree.tostring(part, encoding="UTF-8", standalone=True)
                )
                archive.writestr(info.filename, data)
        elapsed = time.process_time() - start
        assert out.tell()
        return elapsed

    document_xml = next(p for i, p in parts if i.filename == "word/document.xml")
    cells = sum(1 for _ in document_xml.iter("{*}tc"))
    print(
        f"{SAMPLE.name}：{len(doc.projects)} 个项目，导出 {len(exported) / 1e3:.0f} kB，"
        f"{len(parts)} 个部件，{cells} 个单元格；{runs} 轮，取中位数"
    )
    medians = alternate(runs, jixiao=jixiao_export, floor=floor)
    ok = report("Word 导出 vs 序列化同一 XML", medians["jixiao"], medians["floor"], TARGET)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
