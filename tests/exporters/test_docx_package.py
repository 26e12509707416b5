"""The reader finds the .docx parts as python-docx does (exporters/docx/package.py), and the
writer puts the body in as text (writer.save): each must give what python-docx gave."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from exporters.base import ExportOptions, ImportOptions
from exporters.docx import read, write, write_style, writer
from exporters.docx.package import open_parts
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
    assert etree.tostring(styles) == etree.tostring(document.styles.element)
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
    assert etree.tostring(styles) == etree.tostring(expected)
    assert len(styles) > 1  # not an empty w:styles


@pytest.mark.parametrize(
    "part", ["word/footer1.xml", "word/numbering.xml", "word/settings.xml", "docProps/core.xml"]
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
