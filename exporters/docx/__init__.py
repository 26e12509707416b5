"""Word (.docx) in the official layout: reading (reader.py) and writing (writer.py)."""

from __future__ import annotations

from model import Document

from ..base import ExportOptions, ImportOptions, ImportResult


def read(data: bytes, *, source: str, options: ImportOptions | None = None) -> ImportResult:
    from .reader import read as _read

    return _read(data, source=source, options=options or ImportOptions())


def write(doc: Document, *, options: ExportOptions | None = None) -> bytes:
    options = options or ExportOptions()
    if options.word_table not in (None, "", "target"):
        from .phases import write as _write_phase

        return _write_phase(doc, options=options)
    from .writer import write as _write

    return _write(doc, options=options)
