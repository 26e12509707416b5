"""Fonts, paragraph styles and page setup of the exported Word file (the sample's look).

Formatting lives in styles, not on each run, so an organisation's template (--template) restyles
the whole file by its own definitions of 正文, 标题, 标题 1-3 and 表格文字.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape, quoteattr

from model import JixiaoError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"

# A4 in twips (1/20 pt) and the sample's margins (3.0 cm top, 2.8 cm bottom/left, 2.6 cm right).
A4_WIDTH, A4_HEIGHT = 11906, 16838
MARGINS = {"top": 1701, "right": 1474, "bottom": 1587, "left": 1587, "header": 850, "footer": 992}

TABLE_TEXT_STYLE_NAME = "表格文字"


@dataclass(frozen=True, slots=True)
class WordStyle:
    """The fonts of the official layout; sizes in points (三号 16, 五号 10.5, 二号 22)."""

    latin_font: str = "Times New Roman"
    text_font: str = "仿宋_GB2312"  # 正文
    table_font: str = "宋体"  # 表格文字
    heading_font: str = "黑体"  # 第一部分, 一、…, N.…绩效目标表
    subheading_font: str = "楷体_GB2312"  # （一）…
    text_size: float = 16
    table_size: float = 10.5
    title_size: float = 22
    line_spacing: float = 28  # exact line height of body text, in points


@dataclass(frozen=True, slots=True)
class StyleIds:
    """The style ids the body XML refers to (a template may name them differently)."""

    normal: str = "Normal"
    title: str = "Title"
    heading1: str = "Heading1"
    heading2: str = "Heading2"
    heading3: str = "Heading3"
    table_text: str = "TableText"


def _half_points(size: float) -> int:
    return round(size * 2)


def _rpr(style: WordStyle, east_asian: str, size: float, *, bold: bool = False) -> str:
    latin = quoteattr(style.latin_font)
    return (
        f"<w:rPr><w:rFonts w:ascii={latin} w:hAnsi={latin} w:cs={latin}"
        f" w:eastAsia={quoteattr(east_asian)}/>"
        + ("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/>')
        + '<w:color w:val="000000"/>'
        f'<w:sz w:val="{_half_points(size)}"/><w:szCs w:val="{_half_points(size)}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
    )


def _paragraph_style(
    style_id: str, name: str, ppr: str, rpr: str, *, default: bool = False, based_on: bool = True
) -> str:
    return (
        f'<w:style xmlns:w="{W_NS}" w:type="paragraph"'
        + (' w:default="1"' if default else "")
        + f' w:styleId="{style_id}"><w:name w:val="{name}"/>'
        + ('<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>' if based_on else "")
        + f"<w:qFormat/>{ppr}{rpr}</w:style>"
    )


def style_definitions(style: WordStyle) -> dict[str, str]:
    """styleId → <w:style> XML for the styles the layout uses."""
    line = round(style.line_spacing * 20)
    exact = f'<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'
    heading_ppr = "<w:pPr><w:keepNext/><w:keepLines/>{spacing}<w:outlineLvl w:val='{lvl}'/></w:pPr>"
    title_line = round(style.title_size * 20 * 1.8)  # the sample: 22 pt on 40 pt lines
    return {
        "Normal": _paragraph_style(
            "Normal",
            "Normal",
            f'<w:pPr><w:widowControl w:val="0"/>{exact}<w:jc w:val="both"/></w:pPr>',
            _rpr(style, style.text_font, style.text_size),
            default=True,
            based_on=False,
        ),
        "Title": _paragraph_style(
            "Title",
            "Title",
            "<w:pPr><w:keepNext/>"
            f'<w:spacing w:before="0" w:after="0" w:line="{title_line}" w:lineRule="exact"/>'
            '<w:jc w:val="center"/></w:pPr>',  # no outline level: not in a TOC, as the sample
            _rpr(style, style.heading_font, style.title_size),
        ),
        "Heading1": _paragraph_style(
            "Heading1",
            "heading 1",
            heading_ppr.format(spacing=exact, lvl=0),
            _rpr(style, style.heading_font, style.text_size),
        ),
        "Heading2": _paragraph_style(
            "Heading2",
            "heading 2",
            heading_ppr.format(spacing=exact, lvl=1),
            _rpr(style, style.subheading_font, style.text_size),
        ),
        "Heading3": _paragraph_style(
            "Heading3",
            "heading 3",
            heading_ppr.format(spacing=exact, lvl=2),
            _rpr(style, style.text_font, style.text_size, bold=True),
        ),
        "TableText": _paragraph_style(
            "TableText",
            TABLE_TEXT_STYLE_NAME,
            '<w:pPr><w:widowControl w:val="0"/>'
            '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>',
            _rpr(style, style.table_font, style.table_size),
        ),
    }


def _doc_defaults(style: WordStyle) -> str:
    return (
        f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault>'
        + _rpr(style, style.table_font, style.table_size).replace('<w:b w:val="0"/>', "")
        + "</w:rPrDefault><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    )


def open_base(template: Path | None, style: WordStyle):  # -> (docx.Document, StyleIds)
    """The document to write into: python-docx's blank one restyled, or the user's template
    with its body cleared (its sectPr, and so its page size, margins and footers, kept)."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    if template is None:
        document = docx.Document(io.BytesIO(_blank_package()))
        styles_part = document.part.part_related_by(RT.STYLES)
        _WRITTEN_AS[document.part] = {styles_part.partname: _restyled_styles(style)}
        _set_page(document)
        _set_line_grid(document, parse_xml)
        _add_page_number_footer(document, style, parse_xml)
        _chinese_settings(document)
        _drop_thumbnail(document)
        return document, StyleIds()

    document = _open_template(Path(template))
    body = document.element.body
    for child in list(body):
        if child.tag != f"{_W}sectPr":
            body.remove(child)
    if body.find(f"{_W}sectPr") is None:  # a template without page setup: A4, ours
        body.append(parse_xml(f'<w:sectPr xmlns:w="{W_NS}"/>'))
        _set_page(document)
    return document, _template_style_ids(document, style, parse_xml)


# python-docx's blank document carries 430 kB of styles.xml; parsing it, replacing our styles in
# it and serialising it again was a fifth of every export, and it comes out the same for every
# export of one WordStyle. So it is made once per WordStyle, as bytes; the blank package is
# opened with an empty w:styles in its place (nothing after open_base reads the blank document's
# styles), and writer.save writes the bytes as that part (`written_as`).
_WRITTEN_AS: WeakKeyDictionary[object, dict[str, bytes]] = WeakKeyDictionary()


def written_as(document) -> dict[str, bytes]:
    """Part name → the bytes to write for it instead of its (stub) element."""
    return _WRITTEN_AS.get(document.part, {})


@cache
def _restyled_styles(style: WordStyle) -> bytes:
    """python-docx's default styles.xml with the official fonts (_restyle_blank), serialised as
    python-docx serialises a part."""
    import docx
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml

    document = docx.Document()
    _restyle_blank(document, style, parse_xml)
    return serialize_part_xml(document.styles.element)


@cache
def _blank_package() -> bytes:
    """python-docx's default.docx with an empty w:styles as its styles part."""
    import docx

    default = Path(docx.__file__).parent / "templates" / "default.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(default) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                data = f'<w:styles xmlns:w="{W_NS}"/>'.encode()
            zf.writestr(info, data)
    return out.getvalue()


def _open_template(path: Path):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not path.is_file():
        raise JixiaoError(f"模板文件 {path} 不存在，请检查 --template 给出的路径")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise JixiaoError(
            f"模板文件 {path} 不是有效的 Word（.docx）文件，请在 Word/WPS 中另存为 .docx 后再用"
        ) from exc
    except Exception as exc:  # zipfile.BadZipFile, lxml errors: the file is damaged
        raise JixiaoError(f"模板文件 {path} 已损坏或无法读取：{exc}") from exc


def _restyle_blank(document, style: WordStyle, parse_xml) -> None:
    """Replace python-docx's default (Calibri, blue headings) by the official fonts."""
    styles = document.styles.element
    old = styles.find(f"{_W}docDefaults")
    new = parse_xml(_doc_defaults(style))
    if old is not None:
        old.addprevious(new)
        styles.remove(old)
    else:
        styles.insert(0, new)
    for style_id, xml in style_definitions(style).items():
        _replace_style(styles, style_id, parse_xml(xml))


def _replace_style(styles, style_id: str, new) -> None:
    for old in styles.findall(f"{_W}style"):
        if old.get(f"{_W}styleId") == style_id:
            old.addprevious(new)
            styles.remove(old)
            return
    styles.append(new)


def _template_style_ids(document, style: WordStyle, parse_xml) -> StyleIds:
    """Use the template's own styles; add ours only for those it lacks."""
    from docx.enum.style import WD_STYLE_TYPE

    definitions = style_definitions(style)
    styles = document.styles
    ids: dict[str, str] = {}
    for field, name, ours in (
        ("normal", "Normal", "Normal"),
        ("title", "Title", "Title"),
        ("heading1", "Heading 1", "Heading1"),
        ("heading2", "Heading 2", "Heading2"),
        ("heading3", "Heading 3", "Heading3"),
        ("table_text", TABLE_TEXT_STYLE_NAME, "TableText"),
    ):
        try:
            found = styles[name]
        except KeyError:
            found = None
        if found is not None and found.type == WD_STYLE_TYPE.PARAGRAPH:
            ids[field] = found.style_id
        else:
            _replace_style(styles.element, ours, parse_xml(definitions[ours]))
            ids[field] = ours
    return StyleIds(**ids)


def _set_page(document) -> None:
    from docx.shared import Twips

    section = document.sections[0]
    section.page_width, section.page_height = Twips(A4_WIDTH), Twips(A4_HEIGHT)
    section.top_margin = Twips(MARGINS["top"])
    section.bottom_margin = Twips(MARGINS["bottom"])
    section.left_margin = Twips(MARGINS["left"])
    section.right_margin = Twips(MARGINS["right"])
    section.header_distance = Twips(MARGINS["header"])
    section.footer_distance = Twips(MARGINS["footer"])


# The sample's line grid (its sectPr): 312 twips (15.6 pt) per line, lines snapped to it.
LINE_PITCH = 312


def _set_line_grid(document, parse_xml) -> None:
    """The sample's w:docGrid: without it Word and LibreOffice set the text tighter than the
    sample and Part 1 runs a page short."""
    sect_pr = document.sections[0]._sectPr
    old = sect_pr.find(f"{_W}docGrid")
    if old is not None:
        sect_pr.remove(old)
    sect_pr.append(
        parse_xml(f'<w:docGrid xmlns:w="{W_NS}" w:type="lines" w:linePitch="{LINE_PITCH}"/>')
    )


def _add_page_number_footer(document, style: WordStyle, parse_xml) -> None:
    """“— 1 —” centred at the foot of each page, as in the sample."""
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    element = footer._element
    for p in list(element):
        element.remove(p)
    latin = quoteattr(style.latin_font)
    rpr = (
        f"<w:rPr><w:rFonts w:ascii={latin} w:hAnsi={latin} w:cs={latin}"
        f' w:eastAsia={quoteattr(style.table_font)}/><w:sz w:val="28"/></w:rPr>'
    )
    element.append(
        parse_xml(
            f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="center"/></w:pPr>'
            f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>'
            f'<w:fldSimple w:instr=" PAGE "><w:r>{rpr}<w:t>1</w:t></w:r></w:fldSimple>'
            f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
        )
    )


def _chinese_settings(document) -> None:
    """Compress Chinese punctuation as Word does for zh-CN documents (the sample's setting)."""
    settings = document.settings.element
    control = settings.find(f"{_W}characterSpacingControl")
    if control is not None:
        control.set(f"{_W}val", "compressPunctuation")


def _drop_thumbnail(document) -> None:
    """python-docx's blank document carries a preview picture of some other file."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = document.part.package.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[r_id]


APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
COMPAT_URI = "http://schemas.microsoft.com/office/word"
WORD_2013_MODE = "15"  # compatibilityMode: Word 2013 and later, not 兼容模式


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jixiao")
    except PackageNotFoundError:
        return "0"


def _app_properties(document) -> None:
    """docProps/app.xml names jixiao and its version, not python-docx's "Microsoft Macintosh
    Word" (a template's own app.xml is rewritten the same way: jixiao wrote this file)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{APP_NS}"><Application>jixiao</Application>'
        f"<AppVersion>{escape(_app_version())}</AppVersion><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
    ).encode()
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = body
            return
    ct = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    part = Part(PackURI("/docProps/app.xml"), ct, body, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def _word_2013_mode(document) -> None:
    """w:compat's compatibilityMode 15, so that Word does not open the file as 兼容模式."""
    from docx.oxml import parse_xml

    settings = document.settings.element
    compat = settings.find(f"{_W}compat")
    if compat is None:
        compat = parse_xml(f'<w:compat xmlns:w="{W_NS}"/>')
        settings.append(compat)
    for setting in compat.findall(f"{_W}compatSetting"):
        if setting.get(f"{_W}name") == "compatibilityMode":
            setting.set(f"{_W}val", WORD_2013_MODE)
            return
    compat.append(
        parse_xml(
            f'<w:compatSetting xmlns:w="{W_NS}" w:name="compatibilityMode" w:uri="{COMPAT_URI}"'
            f' w:val="{WORD_2013_MODE}"/>'
        )
    )


def set_properties(document, title: str) -> None:
    """File properties (文件 → 属性): title, author, dates; not python-docx's placeholders;
    the application jixiao, and Word 2013+ mode."""
    from datetime import UTC, datetime

    _app_properties(document)
    _word_2013_mode(document)

    props = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    placeholder = props.author in ("", "python-docx")  # not a template someone wrote
    props.title = title
    props.language = "zh-CN"
    props.last_modified_by = "jixiao"
    props.modified = now
    if placeholder:
        props.author = "jixiao"
        props.comments = "由 jixiao 导出"
        props.created = now


def set_orientation(document, *, landscape: bool) -> None:
    """Turn the page: width and height swapped when they do not match the orientation."""
    from docx.enum.section import WD_ORIENT

    section = document.sections[0]
    width, height = section.page_width or A4_WIDTH * 635, section.page_height or A4_HEIGHT * 635
    if (width > height) != landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def text_width(document) -> int:
    """Width between the margins in twips: the width tables are laid out to."""
    section = document.sections[0]
    width = section.page_width or A4_WIDTH * 635
    left = section.left_margin or 0
    right = section.right_margin or 0
    twips = round((width - left - right) / 635)  # EMU → twips
    return max(twips, 4000)
