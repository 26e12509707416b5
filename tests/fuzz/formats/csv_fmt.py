"""CSV: the sample's two tables as exported (UTF-8 with BOM, and GBK), damaged as text — quotes
unbalanced, NULs, huge fields, many columns and rows, formula cells, other encodings, delimiters
and line ends — and byte by byte."""

from __future__ import annotations

import functools
import random

from .common import mutate_bytes, sample_document

NAME = "csv"
SUFFIX = ".csv"


@functools.cache
def _seeds() -> tuple[bytes, ...]:
    from exporters import csv_io
    from exporters.base import ExportOptions

    doc = sample_document()
    return (
        csv_io.write(doc, options=ExportOptions(table="indicators")),
        csv_io.write(doc, options=ExportOptions(table="projects")),
        csv_io.write(doc, options=ExportOptions(table="indicators", encoding="gbk")),
    )


def seeds() -> list[bytes]:
    return list(_seeds())


_FORMULAS = ["=1+1", "'=1+1", "''=x", "+1", "-5", "@SUM(A1)", "\t=x", "\r=x", "'", "=", "'-"]
_ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "gbk",
    "gb18030",
    "utf-16",
    "utf-16-le",
    "big5",
    "latin-1",
    "cp1252",
]


def _decode(data: bytes) -> str:
    for codec in ("utf-8-sig", "gbk"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


def _text(text: str, rng: random.Random) -> str:
    lines = text.split("\r\n")
    at = rng.randrange(len(text) + 1)
    kind = rng.randrange(12)
    if kind == 0:  # an unbalanced quote
        return text[:at] + '"' + text[at:]
    if kind == 1:  # NULs
        return text[:at] + "\x00" * rng.randint(1, 3) + text[at:]
    if kind == 2:  # a huge field
        size = rng.choice([20_000, 20_001, 200_000, 3_000_000])
        return text[:at] + "长" * size + text[at:]
    if kind == 3:  # a field of quotes or commas running to the end
        return text[:at] + rng.choice(['"', '""', ",", '",']) * rng.choice([70, 30_000]) + text[at:]
    if kind == 4:  # formula cells
        cells = text.split(",")
        n = rng.randrange(len(cells))
        cells[n] = rng.choice(_FORMULAS) + cells[n]
        return ",".join(cells)
    if kind == 5:  # rows deleted or repeated
        n = rng.randrange(len(lines))
        if rng.random() < 0.5:
            del lines[n]
        else:
            # Up to past the row limit, but never a file over 40 MB (the size limit is tried
            # by huge fields; the fuzz worker's address space is 2 GiB).
            times = min(rng.choice([2, 100, 1_000, 100_001]), 40_000_000 // (len(lines[n]) + 2))
            lines[n:n] = [lines[n]] * times
        return "\r\n".join(lines)
    if kind == 6:  # many columns
        n = rng.randrange(len(lines))
        lines[n] += "," * rng.choice([10, 63, 64, 65, 10_000])
        return "\r\n".join(lines)
    if kind == 7:  # other line ends
        return text.replace("\r\n", rng.choice(["\n", "\r", "\n\r", "\u2028", ""]))
    if kind == 8:  # other delimiters
        return text.replace(",", rng.choice(["\t", ";", "|", "，"]))
    if kind == 9:  # the header damaged
        return rng.choice(["", "项目编码\r\n", ",,,\r\n", "\ufeff\ufeff"]) + "\r\n".join(lines[1:])
    if kind == 10:  # control and invisible characters
        return text[:at] + rng.choice(["\x1b[2J", "\u200b", "\ufeff", "\x85", "\x07"]) + text[at:]
    return text[:at]  # cut


def mutate(data: bytes, rng: random.Random) -> bytes:
    if rng.random() < 0.25:
        return mutate_bytes(data, rng)
    text = _decode(data)
    for _ in range(rng.randint(1, 2)):
        text = _text(text, rng)
    codec = rng.choice(_ENCODINGS) if rng.random() < 0.3 else "utf-8-sig"
    return text.encode(codec, errors="replace")
