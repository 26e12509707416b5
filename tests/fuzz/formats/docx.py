"""Word (.docx): the sample and the sample written in every layout, damaged structurally (rows
and cells deleted or duplicated, gridSpan / gridBefore / gridAfter / vMerge randomised with huge,
negative and non-numeric values, zip members dropped, duplicated or damaged, the zip truncated)
and byte by byte."""

from __future__ import annotations

import copy
import functools
import io
import random
import warnings
import zipfile

from lxml import etree

from .common import HOSTILE_NUMBERS, SAMPLE_DOCX, mutate_bytes, sample_document

NAME = "docx"
SUFFIX = ".docx"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOCUMENT = "word/document.xml"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


@functools.cache
def _seeds() -> tuple[bytes, ...]:
    from exporters import docx
    from exporters.base import ExportOptions
    from exporters.docx.layouts import LAYOUTS

    doc = sample_document()
    written = [docx.write(doc, options=ExportOptions(layout=name)) for name in LAYOUTS]
    return (SAMPLE_DOCX.read_bytes(), *written)


def seeds() -> list[bytes]:
    return list(_seeds())


def _unzip(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(i.filename, archive.read(i)) for i in archive.infolist()]
    except Exception:
        return None


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for name, body in members:
                archive.writestr(name, body)
    return out.getvalue()


def _hostile_number(rng: random.Random) -> str | None:
    value = rng.choice([*HOSTILE_NUMBERS, None])
    if value is not None and any(ord(c) < 0x20 for c in value):
        return "1 2"  # lxml refuses control characters in attributes; bytes mutation has them
    return value


def _set_val(el, value: str | None) -> None:
    if value is None:
        el.attrib.pop(_w("val"), None)
    else:
        el.set(_w("val"), value)


def _props(parent, tag: str):
    """parent's w:tcPr / w:trPr, made when missing (first child, where Word puts it)."""
    found = parent.find(_w(tag))
    if found is None:
        found = etree.Element(_w(tag))
        parent.insert(0, found)
    return found


def _child(parent, tag: str):
    found = parent.find(_w(tag))
    if found is None:
        found = etree.SubElement(parent, _w(tag))
    return found


def _mutate_tree(root, rng: random.Random) -> None:
    rows = list(root.iter(_w("tr")))
    cells = list(root.iter(_w("tc")))
    kind = rng.randrange(13)
    if kind == 0 and rows:  # a row deleted
        row = rng.choice(rows)
        row.getparent().remove(row)
    elif kind == 1 and cells:  # a cell deleted
        cell = rng.choice(cells)
        cell.getparent().remove(cell)
    elif kind == 2 and rows:  # a row repeated, sometimes many times
        row = rng.choice(rows)
        for _ in range(rng.choice([1, 1, 2, 10, 300])):
            row.addnext(copy.deepcopy(row))
    elif kind == 3 and cells:  # a cell repeated
        cell = rng.choice(cells)
        for _ in range(rng.choice([1, 1, 2, 70])):
            cell.addnext(copy.deepcopy(cell))
    elif kind == 4 and cells:  # w:gridSpan
        cell = rng.choice(cells)
        _set_val(_child(_props(cell, "tcPr"), "gridSpan"), _hostile_number(rng))
    elif kind == 5 and rows:  # w:gridBefore / w:gridAfter
        row = rng.choice(rows)
        tag = rng.choice(["gridBefore", "gridAfter"])
        _set_val(_child(_props(row, "trPr"), tag), _hostile_number(rng))
    elif kind == 6 and cells:  # w:vMerge
        cell = rng.choice(cells)
        vmerge = _child(_props(cell, "tcPr"), "vMerge")
        value = rng.choice(["restart", "continue", None, "", "Restart", "merge", "1", "abc"])
        _set_val(vmerge, value)
    elif kind == 7 and cells:  # a cell moved to another row
        cell, row = rng.choice(cells), rng.choice(rows)
        row.append(cell)
    elif kind == 8:  # a long or odd text
        texts = list(root.iter(_w("t")))
        if texts:
            text = rng.choice(texts)
            text.text = rng.choice(
                ["字" * 25_000, "=1+1", "\u202e翻转", "𠀀" * 100, "", "≥" * 50, "90%" * 1000]
            )
    elif kind == 9:  # any element removed (grids, properties, paragraphs, whole tables)
        elements = [e for e in root.iter() if e.getparent() is not None]
        if elements:
            victim = rng.choice(elements)
            victim.getparent().remove(victim)
    elif kind == 10:  # any w:val set to a hostile number
        valued = [e for e in root.iter() if e.get(_w("val")) is not None]
        if valued:
            _set_val(rng.choice(valued), _hostile_number(rng))
    elif kind == 11 and cells:  # a table nested in a cell
        tables = list(root.iter(_w("tbl")))
        if tables:
            rng.choice(cells).append(copy.deepcopy(rng.choice(tables)))
    elif kind == 12:  # the body gone, emptied, or the root renamed
        body = root.find(_w("body"))
        choice = rng.randrange(3)
        if choice == 0 and body is not None:
            root.remove(body)
        elif choice == 1 and body is not None:
            body.clear()
        else:
            root.tag = _w(rng.choice(["body", "styles", "document2"]))


def _mutate_xml(body: bytes, rng: random.Random) -> bytes:
    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError:
        return mutate_bytes(body, rng)
    for _ in range(rng.randint(1, 3)):
        _mutate_tree(root, rng)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_RELS = "word/_rels/document.xml.rels"
_TYPES = "[Content_Types].xml"


def _mutate_package(members: list[tuple[str, bytes]], rng: random.Random) -> None:
    """The package's wiring: a relationship pointing elsewhere, a part of another type."""
    names = [name for name, _ in members]
    target = rng.choice([_RELS, _TYPES, "_rels/.rels"])
    if target not in names:
        return
    at = names.index(target)
    try:
        root = etree.fromstring(members[at][1])
    except etree.XMLSyntaxError:
        return
    entries = [e for e in root if isinstance(e.tag, str)]
    if not entries:
        return
    entry = rng.choice(entries)
    if target == _TYPES:
        types = [e.get("ContentType") for e in entries if e.get("ContentType")]
        entry.set("ContentType", rng.choice([*types, "application/xml", "text/plain", ""]))
    else:
        parts = [n.removeprefix("word/") for n in names] + ["missing.xml", "../../x", ""]
        field = rng.choice(["Target", "Target", "Type", "TargetMode"])
        if field == "Target":
            entry.set("Target", rng.choice(parts))
        elif field == "Type":
            types = [e.get("Type") for e in entries if e.get("Type")]
            entry.set("Type", rng.choice(types))
        else:
            entry.set("TargetMode", "External")
    members[at] = (target, etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def mutate(data: bytes, rng: random.Random) -> bytes:
    members = _unzip(data)
    if members is None or rng.random() < 0.05:
        return mutate_bytes(data, rng)
    kind = rng.randrange(11)
    names = [name for name, _ in members]
    if kind <= 5 and _DOCUMENT in names:  # the body's structure
        at = names.index(_DOCUMENT)
        members[at] = (_DOCUMENT, _mutate_xml(members[at][1], rng))
    elif kind == 6:  # a part dropped
        del members[rng.randrange(len(members))]
    elif kind == 7:  # a part twice, the copy damaged or not
        name, body = rng.choice(members)
        members.append((name, mutate_bytes(body, rng) if rng.random() < 0.5 else body))
    elif kind == 8:  # any part's XML damaged byte by byte
        at = rng.randrange(len(members))
        name, body = members[at]
        members[at] = (name, mutate_bytes(body, rng))
    elif kind == 9:  # relationships and content types
        _mutate_package(members, rng)
    else:  # the body's XML damaged byte by byte
        at = names.index(_DOCUMENT) if _DOCUMENT in names else rng.randrange(len(members))
        name, body = members[at]
        members[at] = (name, mutate_bytes(body, rng))
    out = _zip(members)
    if rng.random() < 0.1:  # the zip itself: truncated or damaged
        out = out[: rng.randrange(len(out))] if rng.random() < 0.5 else mutate_bytes(out, rng)
    return out
