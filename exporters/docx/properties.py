"""Document settings the tables do not show, kept as the file's custom properties.

指标体系 (2015 / 2021), 允许可持续影响指标 (是 / 否) and, when one was chosen, the indicator
table's layout (指标表格式: a name of layouts.LAYOUTS) are written to docProps/custom.xml, which
Word, WPS and LibreOffice show under 文件 → 属性 → 自定义, and read back when present. A file
without them (written by hand, or by another tool) imports as before: the profile and the
layout are then judged from the tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from model import Document, Profile

PROFILE_NAME = "指标体系"
SUSTAINABLE_NAME = "允许可持续影响指标"
LAYOUT_NAME = "指标表格式"
YES, NO = "是", "否"

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one every user-defined property uses
_PARTNAME = "/docProps/custom.xml"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def document_settings(doc: Document, layout: str = "") -> dict[str, str]:
    """The properties to write; layout is the chosen table layout's name ("" when the
    default rule chose it: then none is written, and the reader judges by the tables)."""
    settings = {
        PROFILE_NAME: doc.profile.value,
        SUSTAINABLE_NAME: YES if doc.allow_sustainable else NO,
    }
    if layout:
        settings[LAYOUT_NAME] = layout
    return settings


def write_custom_properties(document, values: dict[str, str]) -> None:
    """Set these text properties, keeping any others a template already has."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    kept: list[etree._Element] = []
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            root = _parse(rel.target_part.blob)
            if root is not None:
                kept = [p for p in root if isinstance(p.tag, str) and p.get("name") not in values]
            del package.rels[r_id]

    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    pid = 2  # 0 and 1 are reserved
    for prop in kept:
        prop.set("pid", str(pid))
        root.append(prop)
        pid += 1
    for name, text in values.items():
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(pid))
        prop.set("name", name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = text
        pid += 1
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI(_PARTNAME), _CONTENT_TYPE, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_custom_properties(document) -> dict[str, str]:
    """Every custom property with a text value, by name ({} when the file has none)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return custom_properties_from(
        rel.target_part.blob
        for rel in document.part.package.rels.values()
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external
    )


def custom_properties_from(blobs: Iterable[bytes]) -> dict[str, str]:
    """Every custom property with a text value in these docProps/custom.xml parts, by name."""
    out: dict[str, str] = {}
    for blob in blobs:
        root = _parse(blob)
        if root is None:
            continue
        for prop in root:
            if not isinstance(prop.tag, str):
                continue  # a comment
            name = prop.get("name")
            value = next(iter(prop), None)
            if name and value is not None and value.text is not None:
                out[name] = value.text.strip()
    return out


def profile_from(text: str) -> Profile | None:
    try:
        return Profile(text.strip())
    except ValueError:
        return None


def sustainable_from(text: str) -> bool | None:
    return {YES: True, NO: False}.get(text.strip())


def _parse(blob: bytes) -> etree._Element | None:
    try:
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None  # a damaged part is ignored, as Word ignores it
    return root if root.tag == f"{{{_CUSTOM_NS}}}Properties" else None
