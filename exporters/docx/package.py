"""The parts the reader needs, straight from the .docx zip: document.xml, styles.xml, custom.xml.

python-docx opening a file parses every part it reaches into its own element classes (a Python
proxy per element), which made the open and the body walk most of an import's time. The reader
needs three parts, so it finds them the way python-docx does — [Content_Types].xml, the package
relationships (_rels/.rels) to the main part, the main part's relationships to its styles, the
package's to the custom properties — and parses only those, with python-docx's parser options
(blank text removed, entities not resolved) into plain lxml elements, so the body reads the same.

A file python-docx would refuse is refused here too, with the exception python-docx would raise
(the reader names its type in the one line): a part reached by a relationship that is missing or
has no content type, XML that does not parse in a part of a type python-docx parses, a missing or
doubled relationship, a main part that is not a Word document (a .dotx / .docm: `NotWordFile`),
a styles relationship to a part that is not styles, no w:body. No styles part means
python-docx's default styles, as python-docx gives them.
"""

from __future__ import annotations

import posixpath
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_RT_DOCUMENT = _RT + "officeDocument"
_RT_STYLES = _RT + "styles"
_RT_CUSTOM = _RT + "custom-properties"
_CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_CT_STYLES = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# python-docx's oxml_parser options, without its element classes.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


class NotWordFile(Exception):
    """The main part is not a Word document: a template (.dotx) or macro-enabled (.docm) file."""


# The content types python-docx parses when it opens a file (docx/__init__.py's PartFactory):
# broken XML in any of these parts, reached from the package's relationships, is a damaged file.
_PARSED_TYPES = {
    "application/vnd.openxmlformats-package.core-properties+xml",
    _CT_MAIN,
    _CT_STYLES,
    *(
        f"application/vnd.openxmlformats-officedocument.wordprocessingml.{name}+xml"
        for name in ("comments", "footer", "header", "numbering", "settings")
    ),
}
_RT_IMAGE = _RT + "image"


class _Package:
    """The zip's parts reached from the package relationships, as python-docx walks them: each
    one must exist and have a content type (KeyError, as python-docx raises), and those of the
    types python-docx parses must parse."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        types = etree.fromstring(archive.read("[Content_Types].xml"), _PARSER)
        self.overrides: dict[str, str] = {}
        self.defaults: dict[str, str] = {}
        for el in types.iterchildren(_CT_NS + "Override"):
            self.overrides[el.attrib["PartName"].lower()] = el.attrib["ContentType"]
        for el in types.iterchildren(_CT_NS + "Default"):
            self.defaults[el.attrib["Extension"].lower()] = el.attrib["ContentType"]
        self.rels: dict[str, list[tuple[str, str, bool]]] = {"/": self._rels("/")}
        self.types: dict[str, str] = {}
        self.blobs: dict[str, bytes] = {}
        reached: list[tuple[str, str]] = []  # (partname, reltype), in python-docx's order
        self._walk(self.rels["/"], reached)
        self.elements: dict[str, etree._Element] = {}
        for partname, reltype in reached:
            if reltype != _RT_IMAGE and self.types[partname] in _PARSED_TYPES:
                self.elements[partname] = etree.fromstring(self.blobs[partname], _PARSER)
        self.image = {name for name, reltype in reached if reltype == _RT_IMAGE}

    def _walk(self, rels: list[tuple[str, str, bool]], reached: list[tuple[str, str]]) -> None:
        for reltype, partname, external in rels:
            if external or partname in self.types:
                continue
            self.types[partname] = ""  # visited
            self.rels[partname] = self._rels(partname)
            self.blobs[partname] = self.archive.read(partname[1:])
            self.types[partname] = self.content_type(partname)
            reached.append((partname, reltype))
            self._walk(self.rels[partname], reached)

    def content_type(self, partname: str) -> str:
        found = self.overrides.get(partname.lower())
        if found is not None:
            return found
        ext = posixpath.splitext(partname)[1]
        ext = ext[1:] if ext.startswith(".") else ext
        found = self.defaults.get(ext.lower())
        if found is None:
            raise KeyError(f"no content type for partname '{partname}'")
        return found

    def _rels(self, partname: str) -> list[tuple[str, str, bool]]:
        """(type, target partname, external) of each relationship of a part ("/" = package)."""
        base, name = posixpath.split(partname)
        rels_name = posixpath.join(base, "_rels", name + ".rels")
        try:
            xml = self.archive.read(rels_name[1:])
        except KeyError:
            return []
        out: list[tuple[str, str, bool]] = []
        for el in etree.fromstring(xml, _PARSER).iterchildren(_REL_NS + "Relationship"):
            external = el.get("TargetMode") == "External"
            target = el.attrib["Target"]
            if not external:
                target = posixpath.abspath(posixpath.join(base, target))
            out.append((el.attrib["Type"], target, external))
        return out

    def related(self, source: str, reltype: str) -> str | None:
        """The one part related by this type (None when there is none), as python-docx finds
        it: two are a ValueError, an external one too."""
        matching = [r for r in self.rels[source] if r[0] == reltype]
        if not matching:
            return None
        if len(matching) > 1:
            raise ValueError(f"multiple relationships of type '{reltype}'")
        _, target, external = matching[0]
        if external:
            raise ValueError(
                "target_part property on _Relationship is undefined when target mode is External"
            )
        return target

    def is_a(self, partname: str, content_type: str) -> bool:
        return partname not in self.image and self.types[partname] == content_type


@cache
def _default_styles() -> bytes:
    import docx

    return (Path(docx.__file__).parent / "templates" / "default-styles.xml").read_bytes()


def open_parts(archive: zipfile.ZipFile) -> tuple[etree._Element, etree._Element, list[bytes]]:
    """The w:body element, the w:styles element and the bytes of each custom properties part
    (usually one, none when the file has none). Raises NotWordFile, or what python-docx would
    raise on the same package (KeyError, ValueError, AttributeError, lxml's XMLSyntaxError …):
    the reader treats every other exception as a damaged file."""
    package = _Package(archive)
    main = package.related("/", _RT_DOCUMENT)
    if main is None:
        raise KeyError(f"no relationship of type '{_RT_DOCUMENT}'")
    if not package.is_a(main, _CT_MAIN):
        raise NotWordFile(package.types[main])
    root = package.elements[main]
    if root.tag != _W + "document":
        raise AttributeError("the main part is not a w:document")
    body = root.find(_W + "body")
    if body is None:
        raise ValueError("document.xml has no w:body")
    styles_name = package.related(main, _RT_STYLES)
    if styles_name is None:
        styles = etree.fromstring(_default_styles(), _PARSER)
    elif package.is_a(styles_name, _CT_STYLES):
        styles = package.elements[styles_name]
    elif package.is_a(styles_name, _CT_MAIN):
        raise RecursionError("the styles relationship leads back to the document")
    else:
        raise AttributeError("the styles relationship is not to a styles part")
    custom = [
        package.blobs[target]
        for reltype, target, external in package.rels["/"]
        if reltype == _RT_CUSTOM and not external
    ]
    return body, styles, custom
