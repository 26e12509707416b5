"""Excel: the sample exported as .xlsx (inline strings, as openpyxl writes), the same with shared
strings (as Excel and WPS write) and a partial workbook, damaged by structure — rows and cells
deleted or duplicated, row and cell numbers, the dimension, cell types and values, shared-string
indexes and styles randomised, parts truncated or dropped, the zip truncated — and byte by
byte."""

from __future__ import annotations

import functools
import random
import re

from tests.exporters import xlsx_parts as X

from .common import HOSTILE_NUMBERS, mutate_bytes, sample_document

NAME = "xlsx"
SUFFIX = ".xlsx"


@functools.cache
def _seeds() -> tuple[bytes, ...]:
    from exporters import xlsx_io

    full = xlsx_io.write(sample_document())
    members = X.parts(full)
    # Only the 绩效指标 sheet: partial data, merged into the stored document by 项目编码.
    partial = dict(members)
    for sheet in ("部门整体目标", "项目"):
        partial["xl/workbook.xml"] = re.sub(
            b'<sheet [^>]*name="' + sheet.encode() + b'"[^>]*/>', b"", partial["xl/workbook.xml"]
        )
    return (full, X.with_shared_strings(full), X.pack(partial))


def seeds() -> list[bytes]:
    return list(_seeds())


_ROW = re.compile(rb"<row [^>]*>.*?</row>|<row [^>]*/>", re.S)
_CELL = re.compile(rb"<c [^>]*>.*?</c>|<c [^>]*/>", re.S)
_DIMENSIONS = [
    "A1:M10",
    "A1:A1",
    "A1:XFD1048576",
    "A1:XFD1",
    "A1:A1048576",
    "B2:C3",
    "",
    "A0:B-1",
    "ZZZZ1:A1",
    "A1:M99999999999",
    "A1",
    "not a range",
]
_TYPES = [b"s", b"n", b"b", b"d", b"e", b"str", b"inlineStr", b"zz", b""]
_VALUES = [
    b"-1",
    b"999999",
    b"1e400",
    b"NaN",
    b"inf",
    b"2023-13-45",
    b"abc",
    b"1" * 5000,
    b"0.1",
    b"=1+1",
    b"",
]


def _hostile(rng: random.Random) -> bytes:
    return rng.choice(HOSTILE_NUMBERS).encode("utf-8", "surrogatepass")


def _sheet(members: X.Parts, rng: random.Random) -> str:
    names = [n for n in X.SHEETS if n in members]
    return rng.choice(names) if names else rng.choice(list(members))


def _on_rows(xml: bytes, rng: random.Random) -> bytes:
    rows = list(_ROW.finditer(xml))
    if not rows:
        return xml
    row = rng.choice(rows)
    kind = rng.randrange(5)
    if kind == 0:  # deleted
        return xml[: row.start()] + xml[row.end() :]
    if kind == 1:  # duplicated (same number) or copied to the end
        copy = row.group(0)
        at = row.end() if rng.random() < 0.5 else xml.rfind(b"</sheetData>")
        return xml[:at] + copy * rng.randint(1, 3) + xml[at:]
    if kind == 2:  # renumbered
        new = re.sub(rb'^<row r="[^"]*"', b'<row r="' + _hostile(rng) + b'"', row.group(0))
        return xml[: row.start()] + new + xml[row.end() :]
    if kind == 3:  # moved far down
        far = rng.choice([1_000, 100_001, 1_048_576, 2_000_000_000])
        new = re.sub(rb'^<row r="[^"]*"', b'<row r="%d"' % far, row.group(0))
        return xml[: row.start()] + new + xml[row.end() :]
    # many rows: the sheet's rows repeated (numbers repeating: the row limit is tried by moving a
    # row far down; a case must stay quick to make, the fuzz run times making it too)
    body = b"".join(m.group(0) for m in rows[1:]) * rng.choice([2, 20, 100])
    return xml.replace(b"</sheetData>", body + b"</sheetData>", 1)


def _on_cells(xml: bytes, rng: random.Random) -> bytes:
    cells = list(_CELL.finditer(xml))
    if not cells:
        return xml
    cell = rng.choice(cells)
    text = cell.group(0)
    kind = rng.randrange(7)
    if kind == 0:  # deleted
        new = b""
    elif kind == 1:  # duplicated
        new = text * rng.randint(2, 4)
    elif kind == 2:  # its reference
        ref = rng.choice([b"XFD1", b"A1048577", b"AAAA1", b"", b"1A", b"A0", b"ZZ9", _hostile(rng)])
        new = re.sub(rb' r="[^"]*"', b' r="' + ref + b'"', text, count=1)
    elif kind == 3:  # its type
        kind_attr = b' t="' + rng.choice(_TYPES) + b'"'
        new = re.sub(rb' t="[^"]*"', kind_attr, text, count=1)
        if new == text:
            new = text.replace(b"<c ", b"<c" + kind_attr + b" ", 1)
    elif kind == 4:  # its value (a shared-string index, a number, a date)
        value = rng.choice(_VALUES + [_hostile(rng)])
        new = re.sub(rb"<v>[^<]*</v>", b"<v>" + value + b"</v>", text, count=1)
    elif kind == 5:  # its style
        style = b' s="' + _hostile(rng) + b'"'
        new = re.sub(rb' s="[^"]*"', style, text, count=1)
        if new == text:
            new = text.replace(b"<c ", b"<c" + style + b" ", 1)
    else:  # a long text
        long = "长" * rng.choice([100, 20_001, 40_000])
        new = re.sub(rb"<t>[^<]*</t>", f"<t>{long}</t>".encode(), text, count=1)
    return xml[: cell.start()] + new + xml[cell.end() :]


def _structure(data: bytes, rng: random.Random) -> bytes:
    members = X.parts(data)
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(10)
        name = _sheet(members, rng)
        if kind in (0, 1):
            members[name] = _on_rows(members[name], rng)
        elif kind in (2, 3, 4):
            members[name] = _on_cells(members[name], rng)
        elif kind == 5:
            members[name] = X.set_dimension(members[name], rng.choice(_DIMENSIONS))
        elif kind == 6:  # shared strings: dropped, cut, emptied
            if "xl/sharedStrings.xml" in members:
                sst = members["xl/sharedStrings.xml"]
                members["xl/sharedStrings.xml"] = rng.choice(
                    [sst[: rng.randrange(len(sst))], b"", sst.replace(b"<si>", b"<si/><si>", 5)]
                )
            else:
                members[name] = _on_cells(members[name], rng)
        elif kind == 7:  # styles broken
            styles = members.get("xl/styles.xml", b"")
            members["xl/styles.xml"] = rng.choice(
                [
                    styles[: rng.randrange(len(styles) + 1)],
                    re.sub(rb'numFmtId="\d+"', b'numFmtId="' + _hostile(rng) + b'"', styles),
                    re.sub(rb"<cellXfs.*?</cellXfs>", b"", styles, flags=re.S),
                    styles.replace(b'formatCode="', b'formatCode="0.00000000000000000000[', 1),
                ]
            )
        elif kind == 8:  # a part dropped or cut
            victim = rng.choice(list(members))
            if rng.random() < 0.5:
                del members[victim]
            else:
                members[victim] = members[victim][: rng.randrange(len(members[victim]) + 1)]
        else:  # the workbook: sheet names, ids, relationships
            wb = members.get("xl/workbook.xml", b"")
            members["xl/workbook.xml"] = rng.choice(
                [
                    wb.replace(b'r:id="rId3"', b'r:id="rId9"'),
                    wb.replace("绩效指标".encode(), "项目".encode()),
                    wb.replace(
                        b"<sheets>",
                        b"<sheets>"
                        + b"<sheet name='x' sheetId='9' r:id='rId1'/>" * rng.choice([1, 300]),
                    ),
                    re.sub(rb'sheetId="\d+"', b'sheetId="' + _hostile(rng) + b'"', wb),
                ]
            )
    return X.pack(members)


def mutate(data: bytes, rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.7:
        try:
            return _structure(data, rng)
        except Exception:  # noqa: BLE001 - a seed already damaged by an earlier round: bytes
            return mutate_bytes(data, rng)
    if kind < 0.8:  # the zip truncated
        return data[: rng.randrange(len(data))]
    return mutate_bytes(data, rng)
