"""The reader finds the .docx parts as python-docx does (exporters/docx/package.py), and the
writer puts the body in as text (writer.save): each must give what python-docx gave."""

from __future__ import annotations

import io
import zipfile
from functools import partial

import docx
import pytest

from exporters.base import ExportOptions, ImportOptions
from exporters.docx import read, write, write_style, writer
from exporters.docx.package import Styles, open_parts, read_part
from model import JixiaoError

from .test_docx_limits import SAMPLE_DOCX, _members, _zip


def _refused(data: bytes) -> str:
    with pytest.raises(JixiaoError) as caught:
        read(data, source="样例.docx", options=ImportOptions())
    return str(caught.value)


def test_the_parts_are_the_ones_python_docx_gives():
    data = SAMPLE_DOCX.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body, styles, custom = open_parts(archive)
    document = docx.Document(io.BytesIO(data))
    from lxml import etree

    assert etree.tostring(body) == etree.tostring(document.element.body)
    assert etree.tostring(styles.element) == etree.tostring(document.styles.element)
    assert custom == []  # the sample has no custom properties


def test_without_a_styles_part_the_styles_are_python_docx_defaults():
    from lxml import etree

    members = _members()
    rels = members["word/_rels/document.xml.rels"]
    members["word/_rels/document.xml.rels"] = rels.replace(b"relationships/styles", b"x/y")
    data = _zip(members)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _, styles, _ = open_parts(archive)
    expected = docx.Document(io.BytesIO(data)).styles.element
    assert etree.tostring(styles.element) == etree.tostring(expected)
    assert len(styles.element) > 1  # not an empty w:styles


@pytest.mark.parametrize(
    "part",
    [
        "word/footer1.xml",
        "word/numbering.xml",
        "word/settings.xml",
        "docProps/core.xml",
        "word/styles.xml",
    ],
)
def test_broken_xml_in_a_part_python_docx_parses_is_a_damaged_file(part):
    members = _members()
    members[part] = members[part][:-30]
    message = _refused(_zip(members))
    assert "损坏" in message and "XMLSyntaxError" in message


def test_a_part_python_docx_only_carries_may_be_anything():
    members = _members()
    members["word/stylesWithEffects.xml"] = b"not xml"  # python-docx keeps its bytes, unparsed
    result = read(_zip(members), source="样例.docx", options=ImportOptions())
    assert len(result.documents[0].projects) == 24


def test_a_related_part_missing_from_the_zip_is_a_damaged_file():
    members = _members()
    del members["word/footer1.xml"]
    message = _refused(_zip(members))
    assert "损坏" in message and "KeyError" in message


def test_a_template_main_part_says_save_as_docx():
    members = _members()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"document.main+xml", b"template.main+xml"
    )
    assert ".dotx" in _refused(_zip(members))


def _sample():
    return read(SAMPLE_DOCX.read_bytes(), source="样例.docx", options=ImportOptions()).documents[0]


def _parts(data: bytes) -> dict[str, bytes]:
    members = _members(data)
    del members["docProps/core.xml"]  # its time stamps differ from one write to the next
    return members


def test_the_body_as_text_is_what_parsing_it_into_the_tree_gives(monkeypatch):
    doc = _sample()
    for options in (ExportOptions(), ExportOptions(word_table="monitor")):
        fast = write(doc, options=options)
        # As for a template binding w: to another namespace: the body parsed into the tree.
        monkeypatch.setattr(writer, "_as_text", lambda root, body_xml: False)
        parsed = write(doc, options=options)
        monkeypatch.undo()
        assert _parts(fast) == _parts(parsed)
        assert list(_parts(fast)) == list(_parts(parsed))  # the same parts in the same order


def test_the_blank_documents_styles_are_python_docx_restyled():
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml

    document = docx.Document()
    write_style._restyle_blank(document, write_style.WordStyle(), parse_xml)
    written = _members(write(_sample(), options=ExportOptions()))["word/styles.xml"]
    assert written == serialize_part_xml(document.styles.element)


# --- styles.xml: found in the bytes, or parsed into a tree (package.Styles) -------------------

_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + _MAIN + "}"


def _sample_styles() -> bytes:
    return _members()["word/styles.xml"]


def _by_id_from_the_tree(xml: bytes) -> dict[str, list[bytes]]:
    from lxml import etree

    found: dict[str, list[bytes]] = {}
    for style in etree.fromstring(xml).iter(_W + "style"):
        found.setdefault(style.get(_W + "styleId") or "", []).append(
            etree.tostring(style, with_tail=False)
        )
    return found


def _same_as_the_tree(xml: bytes) -> Styles:
    """Styles of these bytes: each id's w:style elements are the tree's, whichever the path."""
    from lxml import etree

    styles = Styles.parse(xml)
    expected = _by_id_from_the_tree(xml)
    for sid in [*expected, "", "不存在"]:
        got = [etree.tostring(el, with_tail=False) for el in styles.with_id(sid)]
        assert got == expected.get(sid, []), sid
    return styles


def test_the_samples_styles_are_found_in_the_bytes_as_the_tree_has_them():
    styles = _same_as_the_tree(_sample_styles())
    assert styles._element is None  # no tree made: the bytes path
    assert len(styles.with_id("Heading1")) == 1


def _before_first_style(xml: bytes, extra: bytes) -> bytes:
    at = xml.index(b"<w:style ")
    return xml[:at] + extra + xml[at:]


@pytest.mark.parametrize(
    "change",
    [
        lambda x: _before_first_style(x, b"<!-- <w:style w:styleId='Heading1'/> -->"),
        # a comment in a style that holds what looks like styles, each piece ending as one does
        lambda x: _before_first_style(
            x,
            b'<w:style w:styleId="A"><w:name w:val="a"/><!--</w:style><w:style w:styleId='
            b'"Heading1"><w:name w:val="toc 1"/></w:style><w:style>--><w:name w:val="b"/></w:style>',
        ),
        lambda x: _before_first_style(x, b"<![CDATA[<w:style w:styleId='Heading1'>]]>"),
        lambda x: _before_first_style(x, b"<?pi <w:style?>"),
        lambda x: _before_first_style(
            x,
            b'<w:style w:styleId="A"><?pi </w:style><w:style w:styleId="Heading1"><w:name '
            b'w:val="toc 1"/></w:style><w:style>?></w:style>',
        ),
        # Word's namespace under another prefix, declared below the root: the tree sees a w:style
        lambda x: _before_first_style(
            x,
            f'<x:style xmlns:x="{_MAIN}" x:styleId="Heading1"><x:name x:val="toc 1"/></x:style>'.encode(),
        ),
        # w bound to another namespace on a w:style: not a w:style for the tree
        lambda x: _before_first_style(x, b'<w:style xmlns:w="urn:other" w:styleId="Heading1"/>'),
        # a w:style inside a w:style: the tree finds both
        lambda x: _before_first_style(
            x, b'<w:style w:styleId="Heading1"><w:style w:styleId="Heading1"/></w:style>'
        ),
        # a value that looks like the w:styleId; an id the parser rewrites
        lambda x: _before_first_style(
            x, b'<w:style w:type=\'a w:styleId="Heading1"\' w:styleId="Other"/>'
        ),
        lambda x: _before_first_style(x, b'<w:style w:styleId="Heading&#49;"/>'),
        lambda x: _before_first_style(x, b'<w:style w:styleId="Heading\t1"/>'),
        # another encoding; something between two styles; white space between them
        lambda x: x.replace(b"encoding='UTF-8'", b"encoding='ISO-8859-1'", 1),
        lambda x: _before_first_style(x, b"<w:other/>"),
        lambda x: x.replace(b"</w:style><w:style", b"</w:style>\n  <w:style"),
    ],
    ids=[
        "comment",
        "comment-in-a-style",
        "cdata",
        "pi",
        "pi-in-a-style",
        "prefix",
        "rebound-w",
        "nested",
        "lookalike",
        "entity",
        "tab",
        "encoding",
        "between",
        "whitespace",
    ],
)
def test_any_other_shape_gives_the_styles_the_tree_gives(change):
    xml = change(_sample_styles())
    assert xml != _sample_styles()
    _same_as_the_tree(xml)


@pytest.mark.parametrize(
    "xml",
    [
        b'<w:styles xmlns:w="%s"><w:style xml:id="1 2"/></w:styles>',  # checked in a tree only
        b'<w:styles xmlns:w="%s"><w:style w:styleId="a"><x:name/></w:style></w:styles>',
        b'<w:styles xmlns:w="%s"><w:style w:styleId="a"></w:styles>',
    ],
    ids=["xml-id", "unbound-prefix", "unclosed"],
)
def test_a_styles_part_the_tree_parse_refuses_is_refused(xml):
    from lxml import etree

    part = xml.replace(b"%s", _MAIN.encode())
    with pytest.raises(etree.XMLSyntaxError):
        Styles.parse(part)
    members = _members()
    members["word/styles.xml"] = part
    message = _refused(_zip(members))
    assert "损坏" in message and "XMLSyntaxError" in message


def _outcome(read_it, name: str):
    """What reading a part gives: its bytes, or the exception's type and message."""
    try:
        return read_it(name)
    except Exception as exc:  # every failure, compared by type and message
        return type(exc).__name__, str(exc)


def _two_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/a.xml", b"<w:a>" + "绩效目标".encode() * 4 + b"</w:a>")
        archive.writestr("b.xml", b"<b/>" * 8)
    return out.getvalue()


def test_a_part_is_read_from_the_zips_bytes_as_zipfile_reads_it():
    """package.read_part against archive.read, the definition: the sample's parts, then every
    byte of a small zip changed in turn (a damaged header, name, stream, size or CRC; a part
    stored, encrypted or missing), each read both ways — the same bytes or the same error."""
    data = SAMPLE_DOCX.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert read_part(archive, data, name) == archive.read(name)
    plain = _two_parts()
    compared = 0
    for at in range(len(plain)):
        for flip in (0x01, 0x80, 0xFF):
            data = plain[:at] + bytes([plain[at] ^ flip]) + plain[at + 1 :]
            try:
                archive = zipfile.ZipFile(io.BytesIO(data))
                names = [info.filename for info in archive.infolist()]
            except Exception:  # a damaged directory: the zip does not open (open_zip refuses)
                continue
            for name in [*names, "word/a.xml", "missing.xml"]:
                expected = _outcome(archive.read, name)
                assert _outcome(partial(read_part, archive, data), name) == expected
                compared += 1
    assert compared > 1000
