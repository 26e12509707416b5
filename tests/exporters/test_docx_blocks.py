"""The body walk (exporters/docx/blocks.py): the one-pass reading of a table Word writes gives
what the element-by-element reading gives, and a table of any other shape is read by the latter.

Each case changes the sample's body (a content control, a hyperlink, a text box, properties out
of place …); the blocks read are compared with those read by _exact_table alone."""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from exporters.docx import blocks
from exporters.docx.package import open_parts
from exporters.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_WORD_CELLS

SAMPLE_DOCX = Path(__file__).parent.parent / "fixtures" / "zhangwangtuan-2023.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _parts():
    with zipfile.ZipFile(io.BytesIO(SAMPLE_DOCX.read_bytes())) as archive:
        body, styles, _ = open_parts(archive)
    return body, styles


def _cells(body) -> list:
    return list(body.iter(f"{W}tc"))


def _wrap(el, *tags: str) -> None:
    """el wrapped in nested elements: ("sdt", "sdtContent") makes w:sdt/w:sdtContent/el."""
    parent, at = el.getparent(), el.getparent().index(el)
    outer = inner = etree.Element(W + tags[0])
    for tag in tags[1:]:
        inner = etree.SubElement(inner, W + tag)
    parent.insert(at, outer)
    inner.append(el)


def _text_box(body) -> None:
    p = _cells(body)[1].find(f"{W}p")
    box = etree.SubElement(
        etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}pict"), f"{W}txbxContent"
    )
    box.append(copy.deepcopy(p))


def _loose_text(body) -> None:
    t = etree.SubElement(_cells(body)[3], f"{W}t")
    t.text = "段外文字"


def _second_properties(body) -> None:
    props = etree.SubElement(_cells(body)[0], f"{W}tcPr")
    etree.SubElement(props, f"{W}gridSpan").set(f"{W}val", "2")


def _properties_last(body) -> None:
    cell = next(c for c in _cells(body) if c.find(f"{W}tcPr/{W}gridSpan") is not None)
    props = cell.find(f"{W}tcPr")
    cell.remove(props)
    cell.append(props)


def _deep_span(body) -> None:
    props = _cells(body)[0].find(f"{W}tcPr")
    etree.SubElement(etree.SubElement(props, f"{W}foo"), f"{W}gridSpan").set(f"{W}val", "3")


def _add_breaks(runs: list, first: int) -> None:
    """From runs[first]: a page, a line, a plain and a column break, then a tab and a CR a run
    further on."""
    breaks = runs[first : first + 4]
    for run, kind in zip(breaks, ("page", "textWrapping", None, "column"), strict=True):
        br = etree.SubElement(run, f"{W}br")
        if kind:
            br.set(f"{W}type", kind)
    etree.SubElement(runs[first + 5], f"{W}tab")
    etree.SubElement(runs[first + 6], f"{W}cr")


def _breaks(body) -> None:
    _add_breaks(list(body.iter(f"{W}r")), 5)
    inner = etree.SubElement(next(iter(body.iter(f"{W}t"))), f"{W}t")
    inner.text, inner.tail = "内", "尾"


def _row_properties_last(body) -> None:
    row = next(iter(body.iter(f"{W}tr")))
    props = row.find(f"{W}trPr")
    if props is None:
        props = etree.SubElement(row, f"{W}trPr")
    else:
        row.remove(props)
        row.append(props)
    etree.SubElement(props, f"{W}gridBefore").set(f"{W}val", "1")


def _row_grid(body) -> None:
    for row, (tag, value) in zip(
        list(body.iter(f"{W}tr"))[:3],
        (("gridBefore", "1"), ("gridAfter", "2"), ("gridBefore", "0")),
        strict=True,
    ):
        props = row.find(f"{W}trPr")
        if props is None:
            props = etree.Element(f"{W}trPr")
            row.insert(0, props)
        etree.SubElement(props, W + tag).set(f"{W}val", value)
    second = etree.Element(f"{W}trPr")  # a second w:trPr: not read
    etree.SubElement(second, f"{W}gridBefore").set(f"{W}val", "5")
    list(body.iter(f"{W}tr"))[3].insert(1, second)


CHANGES: dict[str, tuple[Callable[[etree._Element], None], bool]] = {
    # name: (change, read by the one pass)
    "as written": (lambda body: None, True),
    "hyperlink around a run": (lambda b: _wrap(list(b.iter(f"{W}r"))[20], "hyperlink"), True),
    "revision around a run": (lambda b: _wrap(list(b.iter(f"{W}r"))[30], "ins"), True),
    "text outside the paragraphs": (_loose_text, False),
    "a second tcPr": (_second_properties, False),
    "tcPr after the paragraphs": (_properties_last, False),
    "gridSpan deeper in tcPr": (_deep_span, True),
    "breaks, tabs, a w:t in a w:t": (_breaks, True),
    "gridBefore and gridAfter": (_row_grid, True),
    "trPr after the cells": (_row_properties_last, False),
    "content control around a row": (
        lambda b: _wrap(list(b.iter(f"{W}tr"))[2], "sdt", "sdtContent"),
        False,
    ),
    "content control around a cell": (lambda b: _wrap(_cells(b)[4], "sdt", "sdtContent"), False),
    "custom XML around a cell": (lambda b: _wrap(_cells(b)[4], "customXml"), False),
    "content control around a paragraph": (
        lambda b: _wrap(_cells(b)[2].find(f"{W}p"), "sdt", "sdtContent"),
        False,
    ),
    "a text box": (_text_box, False),
    "a nested table": (
        lambda b: _cells(b)[5].append(copy.deepcopy(b.find(f"{W}tbl"))),
        False,
    ),
    "a paragraph in a row": (
        lambda b: next(iter(b.iter(f"{W}tr"))).append(copy.deepcopy(b.find(f"{W}p"))),
        False,
    ),
}


def _one_pass(body) -> bool:
    """Whether every table of the body is read by the one pass."""
    for number, table in enumerate((t for t in body if t.tag == f"{W}tbl"), 1):
        try:
            blocks._regular_table(table, number, blocks._Walk("x"))
        except blocks._Irregular:
            return False
    return True


@pytest.mark.parametrize("name", list(CHANGES))
def test_the_one_pass_reads_what_the_exact_walk_reads(name, monkeypatch):
    change, regular = CHANGES[name]
    body, styles = _parts()
    change(body)
    assert _one_pass(body) == regular
    fast = blocks.read_blocks(body, styles)

    def irregular(*args):
        raise blocks._Irregular

    monkeypatch.setattr(blocks, "_regular_table", irregular)
    assert fast == _exact_blocks(body, styles)


def _exact_blocks(body, styles) -> list:
    """The definition the one pass keeps: each block read alone (blocks._paragraph, and
    blocks._exact_table once _regular_table is made to raise)."""
    return blocks._block_by_block(body, blocks._Styles(styles), blocks._Walk("文件"))


def _whole_pass(body, styles) -> bool:
    """Whether read_blocks reads the whole body in one pass."""
    try:
        blocks._one_pass(body, body, 0, blocks._Walk("x"), blocks._Styles(styles), [])
    except blocks._Irregular:
        return False
    return True


def _body_paragraphs(body) -> list:
    return [child for child in body if child.tag == f"{W}p"]


def _body_text_box(body) -> None:
    p = next(p for p in _body_paragraphs(body) if p.find(f"{W}r") is not None)
    box = etree.SubElement(
        etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}pict"), f"{W}txbxContent"
    )
    box.append(copy.deepcopy(p))


def _body_breaks(body) -> None:
    runs = [r for p in _body_paragraphs(body) for r in p.iter(f"{W}r")]
    _add_breaks(runs, 1)
    etree.SubElement(runs[8], f"{W}t").text = "　"  # blank: not asked whether bold


def _body_deep_text(body) -> None:
    run = next(r for p in _body_paragraphs(body) for r in p.iter(f"{W}r"))
    _wrap(run, "smartTag", "smartTag")


def _text_after_a_paragraph(body) -> None:
    p = _body_paragraphs(body)[2]
    loose = etree.Element(f"{W}customXml")
    etree.SubElement(etree.SubElement(loose, f"{W}r"), f"{W}t").text = "段外文字"
    p.addnext(loose)


def _paragraph_outline(body) -> None:
    p = _body_paragraphs(body)[5]  # not a heading by its style
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        p.insert(0, ppr)
    etree.SubElement(ppr, f"{W}outlineLvl").set(f"{W}val", "0")


def _blank_run_not_bold(body) -> None:
    """A run not bold whose text is blank, in a bold paragraph (第 9 段): still bold."""
    run = etree.SubElement(_body_paragraphs(body)[8], f"{W}r")
    etree.SubElement(etree.SubElement(run, f"{W}rPr"), f"{W}b").set(f"{W}val", "0")
    etree.SubElement(run, f"{W}t").text = "\u3000 "


def _row_exception_first(body) -> None:
    """A w:tblPrEx before the row's w:trPr (Word writes one), the row starting a column in."""
    row = list(body.iter(f"{W}tr"))[4]
    props = row.find(f"{W}trPr")
    if props is None:
        props = etree.Element(f"{W}trPr")
        row.insert(0, props)
    props.addprevious(etree.Element(f"{W}tblPrEx"))
    etree.SubElement(props, f"{W}gridBefore").set(f"{W}val", "1")


BODY_CHANGES: dict[str, tuple[Callable[[etree._Element], None], bool]] = {
    # name: (change, the whole body read by the one pass)
    "unchanged": (lambda b: None, True),
    "a hyperlink in a body paragraph": (
        lambda b: _wrap(next(_body_paragraphs(b)[1].iter(f"{W}r")), "hyperlink"),
        True,
    ),
    "breaks, tabs, a blank text in body paragraphs": (_body_breaks, True),
    "an outline level": (_paragraph_outline, True),
    "a blank run not bold in a bold paragraph": (_blank_run_not_bold, True),
    "a row's w:tblPrEx before its w:trPr": (_row_exception_first, True),
    "a table first, a paragraph last": (
        lambda b: (b.insert(0, copy.deepcopy(b.find(f"{W}tbl"))), b.append(etree.Element(f"{W}p"))),
        True,
    ),
    "no blocks": (lambda b: [b.remove(child) for child in list(b)], True),
    "content control around a body paragraph": (
        lambda b: _wrap(_body_paragraphs(b)[2], "sdt", "sdtContent"),
        False,
    ),
    "content control around a table": (
        lambda b: _wrap(b.find(f"{W}tbl"), "sdt", "sdtContent"),
        False,
    ),
    "a text box in a body paragraph": (_body_text_box, False),
    "text deep in a body paragraph": (_body_deep_text, False),
    "text after a body paragraph": (_text_after_a_paragraph, False),
    "a table in a cell": (
        lambda b: _cells(b)[5].append(copy.deepcopy(b.find(f"{W}tbl"))),
        False,
    ),
    "a cell outside a table": (
        lambda b: b.insert(2, copy.deepcopy(_cells(b)[0])),
        False,
    ),
}


@pytest.mark.parametrize("name", list(BODY_CHANGES) + list(CHANGES))
def test_the_body_read_in_one_pass_is_each_block_read_alone(name, monkeypatch):
    """read_blocks (one pass over the body, or else block by block) against each block read
    alone by the element-by-element steps; and whether the one pass read the body."""
    change, whole = BODY_CHANGES[name] if name in BODY_CHANGES else (CHANGES[name][0], None)
    body, styles = _parts()
    change(body)
    if whole is not None:
        assert _whole_pass(body, styles) == whole
    fast = blocks.read_blocks(body, styles)

    def irregular(*args):
        raise blocks._Irregular

    monkeypatch.setattr(blocks, "_regular_table", irregular)
    assert fast == _exact_blocks(body, styles)


def _per_run_bold(p, style_bold: bool) -> bool:
    """The definition blocks._paragraph keeps: every run of p whose texts are not blank is bold
    (its w:b, else its style's), each run's texts read at any depth."""
    text = blocks.paragraph_text(p)
    if not text.strip():
        return False
    for run in p.iter(f"{W}r"):
        if not "".join(t.text or "" for t in run.iter(f"{W}t")).strip():
            continue
        rpr = run.find(f"{W}rPr")
        b = rpr.find(f"{W}b") if rpr is not None else None
        if not (blocks._is_on(b) if b is not None else style_bold):
            return False
    return True


_B_ON, _B_OFF = "<w:rPr><w:b/></w:rPr>", '<w:rPr><w:b w:val="0"/></w:rPr>'
PARAGRAPHS = {
    "all runs bold": f"<w:r>{_B_ON}<w:t>甲</w:t></w:r><w:r>{_B_ON}<w:t>乙</w:t></w:r>",
    "one run not bold": f"<w:r>{_B_ON}<w:t>甲</w:t></w:r><w:r><w:t>乙</w:t></w:r>",
    "a blank run not bold": f"<w:r>{_B_ON}<w:t>甲</w:t></w:r><w:r><w:t>\u3000 </w:t></w:r>",
    "bold turned off": f"<w:r>{_B_OFF}<w:t>甲</w:t></w:r>",
    "a run in a hyperlink": f"<w:r>{_B_ON}<w:t>甲</w:t></w:r><w:hyperlink><w:r><w:t>乙</w:t></w:r></w:hyperlink>",
    "text split over two w:t": f"<w:r>{_B_OFF}<w:t> </w:t><w:t>甲</w:t></w:r>",
    "a run inside a bold run": (
        f"<w:r>{_B_ON}<w:t>甲</w:t><w:ruby><w:rt><w:r>{_B_OFF}<w:t>jia</w:t></w:r></w:rt>"
        "</w:ruby></w:r>"
    ),
    "a blank run around a bold one": (
        f"<w:r><w:ruby><w:rt><w:r>{_B_ON}<w:t>jia</w:t></w:r></w:rt></w:ruby></w:r>"
    ),
    "text outside the runs": "<w:t>甲</w:t>",
    "only a tab and a break": "<w:r><w:tab/><w:br/></w:r>",
}


@pytest.mark.parametrize("style_bold", [False, True])
@pytest.mark.parametrize("name", list(PARAGRAPHS))
def test_a_paragraph_is_bold_when_every_run_with_text_is(name, style_bold):
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    p = etree.fromstring(f'<w:p xmlns:w="{ns}">{PARAGRAPHS[name]}</w:p>')

    class Styles:
        def of(self, sid):
            return (False, style_bold, False)

    para = blocks._paragraph(p, 1, Styles())
    assert para.text == blocks.paragraph_text(p)
    assert para.bold == _per_run_bold(p, style_bold)


_SPAN_ONE = etree.fromstring(f'<w:gridSpan xmlns:w="{W[1:-1]}" w:val="1"/>')


def _add_cell(col: int, counted: int, raw: str, gs) -> tuple:
    """What blocks._cell does to a row: the cell added, the column after it, the cells counted,
    or the refusal's message."""
    walk, row, above = blocks._Walk("x"), blocks.Row(3), {}
    walk.cells, walk.table = counted, 2
    try:
        end = blocks._cell(walk, row, above, col, 4, gs, None, raw)
    except Exception as exc:  # a limit: compared by its type and message
        return type(exc).__name__, str(exc)
    return end, row.cells, above, walk.cells


@settings(max_examples=400, deadline=None)
@given(
    col=st.sampled_from([0, 1, MAX_COLUMNS - 2, MAX_COLUMNS - 1, MAX_COLUMNS]),
    counted=st.sampled_from([0, 7, MAX_WORD_CELLS - 2, MAX_WORD_CELLS - 1, MAX_WORD_CELLS]),
    text=st.text(st.sampled_from(" \t\u3000\u00a0\n\r\x0b\x07\u200b甲a"), max_size=12),
    pad=st.sampled_from([0, MAX_CELL_CHARS - 12, MAX_CELL_CHARS - 1, MAX_CELL_CHARS]),
)
def test_a_plain_cell_is_added_as_the_general_steps_add_it(col, counted, text, pad):
    """_cell's shortcut for a cell with no w:gridSpan and no w:vMerge against its general steps
    (taken when the same cell has a w:gridSpan of 1): the same cell, column, count or refusal."""
    raw = "乙" * pad + text
    assert _add_cell(col, counted, raw, None) == _add_cell(col, counted, raw, _SPAN_ONE)
