"""Workbooks edited at the level of their zip parts: what Excel, WPS or a damaged disk may write
and openpyxl's writer never does (shared strings, stale dimensions, broken cells)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from html import escape

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
SHARED_STRINGS_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)
# The sheets jixiao writes (exporters.xlsx_io.write): 汇总 first (for print, never read), then the
# sheets an import reads: 部门整体目标, 项目, 绩效指标.
SUMMARY = "xl/worksheets/sheet1.xml"
SHEETS = ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml")
INDICATORS = SHEETS[2]

Parts = dict[str, bytes]


def parts(data: bytes) -> Parts:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def pack(members: Parts) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def edit(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    members = parts(data)
    members[name] = change(members[name])
    return pack(members)


def set_dimension(xml: bytes, ref: str) -> bytes:
    return re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml, count=1)


_INLINE = re.compile(
    rb'<c r="([A-Z]+\d+)"((?: s="\d+")?) t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S
)


def with_shared_strings(data: bytes) -> bytes:
    """The same workbook with its texts in xl/sharedStrings.xml, as Excel and WPS write them."""
    members = parts(data)
    strings: list[bytes] = []
    index: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        text = match.group(3)
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2), index[text])

    for name in SHEETS:
        members[name] = _INLINE.sub(shared, members[name])
    body = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % s for s in strings)
    members["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{MAIN_NS}" count="{len(strings)}" uniqueCount="{len(strings)}">'.encode()
        + body
        + b"</sst>"
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/></Types>'.encode(),
    )
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Type="{SHARED_STRINGS_REL}" Target="sharedStrings.xml" Id="rIdSST"/>'
        "</Relationships>".encode(),
    )
    return pack(members)


def cell_xml(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text, quote=False)}</t></is></c>'.encode()


def append_row(xml: bytes, row: bytes) -> bytes:
    return xml.replace(b"</sheetData>", row + b"</sheetData>", 1)
