"""The parts the reader needs, straight from the .docx zip: document.xml, styles.xml, custom.xml.

python-docx opening a file parses every part it reaches into its own element classes (a Python
proxy per element), which made the open and the body walk most of an import's time. The reader
needs three parts, so it finds them the way python-docx does — [Content_Types].xml, the package
relationships (_rels/.rels) to the main part, the main part's relationships to its styles, the
package's to the custom properties — and parses only those, with python-docx's parser options
(blank text removed, entities not resolved) into plain lxml elements, so the body reads the same.
The styles part is checked whole and read by the styles the body names (`Styles`).

A file python-docx would refuse is refused here too, with the exception python-docx would raise
(the reader names its type in the one line): a part reached by a relationship that is missing or
has no content type, XML that does not parse in a part of a type python-docx parses, a missing or
doubled relationship, a main part that is not a Word document (a .dotx / .docm: `NotWordFile`),
a styles relationship to a part that is not styles, no w:body. No styles part means
python-docx's default styles, as python-docx gives them.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
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
        # The zip's bytes, for _read (an archive opened on bytes, as check_docx_bytes opens it).
        self._data = archive.fp.getvalue() if isinstance(archive.fp, io.BytesIO) else None
        types = etree.fromstring(self._read("[Content_Types].xml"), _PARSER)
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
        self.styles: dict[str, Styles] = {}
        for partname, reltype in reached:
            if reltype == _RT_IMAGE or self.types[partname] not in _PARSED_TYPES:
                continue
            if self.types[partname] == _CT_STYLES:
                self.styles[partname] = Styles.parse(self.blobs[partname])
            else:
                self.elements[partname] = etree.fromstring(self.blobs[partname], _PARSER)
        self.image = {name for name, reltype in reached if reltype == _RT_IMAGE}

    def _walk(self, rels: list[tuple[str, str, bool]], reached: list[tuple[str, str]]) -> None:
        for reltype, partname, external in rels:
            if external or partname in self.types:
                continue
            self.types[partname] = ""  # visited
            self.rels[partname] = self._rels(partname)
            self.blobs[partname] = self._read(partname[1:])
            self.types[partname] = self.content_type(partname)
            reached.append((partname, reltype))
            self._walk(self.rels[partname], reached)

    def _read(self, name: str) -> bytes:
        return read_part(self.archive, self._data, name)

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
            xml = self._read(rels_name[1:])
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


_LOCAL_HEADER = b"PK\x03\x04"
_UNREADABLE = 0x01 | 0x20 | 0x40  # encrypted, compressed patch data, strong encryption
_UTF8_NAME = 0x800


def read_part(archive: zipfile.ZipFile, data: bytes | None, name: str) -> bytes:
    """archive.read(name). A deflated part is inflated straight from the zip's bytes, and
    kept when it is whole — its local header as zipfile checks it, the deflate stream ending
    at the part's size, the CRC the directory gives — which is when zipfile returns the same
    bytes; anything else is read by zipfile, which returns or raises as before. zipfile's
    reader (a file object, a shared-file handle, a decompressor read in chunks) took a third
    of the time of reading the sample's 13 parts (0.55 of 2.2 ms), most of it on the small
    ones."""
    info = archive.getinfo(name)  # KeyError, as archive.read raises
    start = info.header_offset
    if (
        data is not None
        and start >= 0
        and info.compress_type == zipfile.ZIP_DEFLATED
        and not info.flag_bits & _UNREADABLE
        and data[start : start + 4] == _LOCAL_HEADER
        and len(data) >= start + 30
    ):
        flags, name_size, extra_size = struct.unpack("<6x H 18x HH", data[start : start + 30])
        begin = start + 30 + name_size
        try:  # the name as zipfile decodes it, by the local header's flag
            named = data[start + 30 : begin].decode("utf-8" if flags & _UTF8_NAME else "cp437")
        except UnicodeDecodeError:
            named = None
        if named == info.orig_filename:
            begin += extra_size
            inflate = zlib.decompressobj(-15)
            try:  # at most one byte more than the part's size: a bomb stops there
                out = inflate.decompress(
                    data[begin : begin + info.compress_size], info.file_size + 1
                )
            except zlib.error:
                out = None
            if (
                out is not None
                and inflate.eof
                and len(out) == info.file_size
                and zlib.crc32(out) == info.CRC
            ):
                return out
    return archive.read(name)


class _Unbuilt:
    """A parser target with no callbacks: libxml2 checks the XML and builds nothing."""

    def close(self) -> None:
        return None


_W_URI = _W[1:-1]
_DECLARATION = re.compile(rb"""<\?xml(?:\s+[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\?>""")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
# A start tag after its name: its attributes (each matched whole, from the first: a value may
# hold ">", the other quote or what looks like an attribute), then whether it is empty; the
# value of a w:styleId among them is kept (in group 1 or 2).
_ATTRIBUTES = rb"""((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(/?)>"""
_START_TAG = re.compile(rb"<([^\s/>]+)" + _ATTRIBUTES)
_STYLE_REST = re.compile(
    rb"""(?:\s+(?:w:styleId\s*=\s*(?:"([^"]*)"|'([^']*)')|[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*')))*"""
    rb"""\s*(/?)>"""
)
_REWRITTEN = re.compile(rb"[&\t\n\r]")  # in an attribute's value: the parser changes it
# bytes.find(b"xml") skips by its last letter, common in a styles part (0.41 ms for the
# sample's); re looks for the first, rare, and matches the rest (0.16 ms).
_XML = re.compile(b"xml")
_TEXT_LIMIT = 10_000_000  # libxml2's longest text node in a tree (XML_MAX_TEXT_LENGTH)


class Styles:
    """The styles part as the body walk asks it (blocks._Styles): the w:style elements of a
    styleId; `element`, the whole w:styles.

    A template's styles.xml is mostly table and latent styles — the sample's is 9,000 elements,
    8 ms to make a tree of and free — and a document's paragraphs name a handful of ids. So
    (`parse`) libxml2 checks the whole part without building a tree (half the time), and each
    w:style is found in the bytes, to be parsed alone (inside the root's start tag) when a
    paragraph first names its id. That is exact for a part that parsed without a single error
    and in which every "<w:style" is a w:style's start tag (`_index`): UTF-8, no comment, CDATA,
    DTD or processing instruction (so every "<" begins a tag), no namespace declared below the
    root (whose only prefix for Word's namespace is w), no xml:id and no huge text (libxml2
    checks those only when it builds a tree). Any other part, and every part that does not
    parse, is parsed into a tree as before: a file is refused or read exactly as python-docx
    would."""

    def __init__(self, element: etree._Element | None, xml: bytes = b"") -> None:
        self._element = element
        self._xml = xml
        self._pieces: dict[str, list[bytes]] = {}  # styleId → its w:style elements' bytes
        self._root = b""  # the root's start tag, around an id's pieces
        self._found: dict[str, list[etree._Element]] = {}

    @classmethod
    def parse(cls, xml: bytes) -> Styles:
        """The part of these bytes; what etree.fromstring raises when they do not parse."""
        if len(xml) < _TEXT_LIMIT:
            parser = etree.XMLParser(target=_Unbuilt(), resolve_entities=False)
            try:
                etree.fromstring(xml, parser)
                clean = not parser.error_log.filter_from_errors()  # a namespace error is logged
            except Exception:  # the tree parse below raises as python-docx's did
                clean = False
            styles = cls(None, xml)
            if clean and styles._index():
                return styles
        return cls(etree.fromstring(xml, _PARSER))

    @property
    def element(self) -> etree._Element:
        """The whole w:styles element (parsed when first asked, on the bytes path)."""
        if self._element is None:
            self._element = etree.fromstring(self._xml, _PARSER)
        return self._element

    def with_id(self, sid: str) -> list[etree._Element]:
        """The w:style elements, anywhere in the part, whose w:styleId is sid (none counts as
        ""), in document order."""
        found = self._found.get(sid)
        if found is None:
            if self._element is not None:
                if not self._found:
                    for style in self._element.iter(_W + "style"):
                        self._found.setdefault(style.get(_W + "styleId") or "", []).append(style)
                found = self._found.setdefault(sid, [])
            else:
                pieces = self._pieces.get(sid)
                xml = b"<w:style".join([self._root, *pieces]) + b"</w:styles>" if pieces else b""
                found = self._found[sid] = list(etree.fromstring(xml, _PARSER)) if xml else []
        return found

    def _index(self) -> bool:
        """Each w:style's bytes under its id; False when the part is not in the shape where
        finding them in the bytes is exact (the class's docstring). Each test is a search of
        the bytes for a character or a word Word does not write there."""
        xml = self._xml
        pos = 0
        if xml.startswith(b"<?xml"):
            declaration = _DECLARATION.match(xml)
            if declaration is None:
                return False
            encoding = _ENCODING.search(declaration.group())
            if encoding is not None and encoding.group(1).lower() != b"utf-8":
                return False
            pos = declaration.end()
        if b"!" in xml and b"<!" in xml:
            return False  # a comment, CDATA or DTD
        if xml.find(b"?", pos) >= 0 and xml.find(b"<?", pos) >= 0:
            return False  # a processing instruction
        first = xml.find(b"<", pos)
        root = _START_TAG.match(xml, first) if first >= 0 else None
        if root is None or xml[pos:first].strip() or root.group(1) != b"w:styles":
            return False
        if b"xml:id" in root.group() or _XML.search(xml, root.end()) is not None:
            return False  # xml:id, or a namespace declared below the root
        alone = root.group() if root.group(3) else root.group()[:-1] + b"/>"
        namespaces = etree.fromstring(alone, _PARSER).nsmap
        if namespaces.get("w") != _W_URI or list(namespaces.values()).count(_W_URI) != 1:
            return False
        self._root = root.group()
        body = xml[root.end() :].rstrip()
        if not body.endswith(b"</w:styles>"):
            return bool(root.group(3))  # an empty w:styles (<w:styles …/>) has no styles
        # Each "<w:style" after the root's start tag begins a piece that must be one w:style
        # whole: its empty start tag, or its start tag, content and end tag. Any other piece (a
        # w:style inside another, something between two, <w:styles …) is not this shape: if a
        # w:style held another, its piece would end at that one's start with no end tag (the
        # first end tag after a start closes it when no other start comes between).
        for piece in body[: -len(b"</w:styles>")].split(b"<w:style")[1:]:
            piece = piece.rstrip()  # white space between two elements
            tag = _STYLE_REST.match(piece)
            if tag is None or (
                tag.end() != len(piece) if tag.group(3) else not piece.endswith(b"</w:style>")
            ):
                return False
            sid = tag.group(1) if tag.group(1) is not None else tag.group(2) or b""
            if _REWRITTEN.search(sid):
                return False  # an entity or a white space the parser would rewrite
            self._pieces.setdefault(sid.decode("utf-8"), []).append(piece)
        return True


@cache
def _default_styles() -> bytes:
    import docx

    return (Path(docx.__file__).parent / "templates" / "default-styles.xml").read_bytes()


def open_parts(archive: zipfile.ZipFile) -> tuple[etree._Element, Styles, list[bytes]]:
    """The w:body element, the styles part (Styles) and the bytes of each custom properties part
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
        styles = Styles(etree.fromstring(_default_styles(), _PARSER))
    elif package.is_a(styles_name, _CT_STYLES):
        styles = package.styles[styles_name]
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
