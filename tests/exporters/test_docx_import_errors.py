"""Bad files give one clear line naming the file; odd content gives Problems with their place."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import docx
import pytest

from exporters.base import ImportOptions
from exporters.docx import container, read
from model import JixiaoError
from tests.exporters.docx_sample_txt import expected_document
from tests.exporters.docx_variants import Variant, build_docx, patch_document_xml

FIXTURES = Path(__file__).parent.parent / "fixtures"
SAMPLE_DOCX = FIXTURES / "zhangwangtuan-2023.docx"
SOURCE = "张王疃-2023.docx"


def _refused(data: bytes) -> str:
    with pytest.raises(JixiaoError) as caught:
        read(data, source=SOURCE, options=ImportOptions())
    message = str(caught.value)
    assert message.startswith(f"{SOURCE}："), message  # names the file
    assert "\n" not in message  # one line
    assert "Traceback" not in message
    return message


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def compound_file(stream_names: list[str]) -> bytes:
    """A minimal but well-formed OLE compound file (CFB v3) holding empty streams of these names:
    what an old .doc (WordDocument) or a password-protected .docx (EncryptionInfo,
    EncryptedPackage) looks like from the outside."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 0x1000, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))

    def entry(name: str, kind: int, child: int = free, right: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", end, 0)
        )

    entries = [entry("Root Entry", 5, child=1)]
    for n, name in enumerate(stream_names, 1):
        entries.append(entry(name, 2, right=n + 1 if n < len(stream_names) else free))
    directory = b"".join(entries).ljust(512, b"\0")
    return header + fat + directory


def test_empty_file():
    assert "空的" in _refused(b"")


def test_not_a_zip():
    assert "不是 Word .docx" in _refused("这是一段文字，不是 Word 文件".encode())


def test_zip_that_is_not_a_docx():
    message = _refused(_zip({"说明.txt": b"hello"}))
    assert "zip 压缩包" in message


def test_excel_file_is_named_as_such():
    message = _refused(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"}))
    assert "Excel" in message and "xlsx" in message


def test_password_protected_docx():
    message = _refused(compound_file(["EncryptionInfo", "EncryptedPackage"]))
    assert "密码" in message


def test_old_binary_doc_says_save_as_docx():
    message = _refused(compound_file(["WordDocument", "1Table", "\x05SummaryInformation"]))
    assert ".doc" in message and "另存为 .docx" in message


def test_truncated_docx_is_reported_as_damaged():
    data = SAMPLE_DOCX.read_bytes()
    assert "损坏" in _refused(data[: len(data) // 2])


def test_docx_with_broken_xml_is_reported_as_damaged():
    with zipfile.ZipFile(SAMPLE_DOCX) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    members["word/document.xml"] = b"<w:document><w:body><w:p>"
    assert "损坏" in _refused(_zip(members))


def test_zip_bomb_is_refused_before_python_docx_opens_it(monkeypatch):
    def must_not_open(*args, **kwargs):
        raise AssertionError("python-docx must not see the file")

    monkeypatch.setattr(docx, "Document", must_not_open)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(container.MAX_UNPACKED_BYTES // len(zeros) + 1):
                member.write(zeros)
    data = out.getvalue()
    assert len(data) < 2 * 1024 * 1024  # small on disk, huge unpacked: a bomb
    message = _refused(data)
    assert f"超过上限 {container.MAX_UNPACKED_BYTES // (1024 * 1024)} MB" in message


def test_too_many_members_is_refused():
    members = {f"word/media/{n}.bin": b"" for n in range(container.MAX_MEMBERS + 1)}
    members["[Content_Types].xml"] = b"<Types/>"
    assert "部件" in _refused(_zip(members))


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_empty_document():
    assert "空的" in _refused(_saved(docx.Document()))


def test_document_without_recognisable_tables():
    document = docx.Document()
    document.add_paragraph("会议纪要")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(0, 1).text = "电话"
    message = _refused(_saved(document))
    assert "没有找到可识别的项目绩效目标表" in message


# --- content that is read, with Problems at their place ---------------------------------------


@pytest.fixture(scope="module")
def built() -> bytes:
    return build_docx(expected_document(FIXTURES / "zhangwangtuan-2023.txt"), Variant())


def _read(data: bytes, **options):
    return read(data, source="x.docx", options=ImportOptions(**options))


def test_bad_amount_is_an_error_at_its_cell(built):
    result = _read(patch_document_xml(built, ">11.00<", ">十一万<"))
    [problem] = result.problems
    assert problem.severity == "error"
    assert problem.where == "表格 2 第 2 行 第 3 列"
    assert "十一万" in problem.message
    assert result.documents[0].projects[0].budget is None


def test_bad_plan_amount_is_an_error_at_its_cell(built):
    result = _read(patch_document_xml(built, ">2.50<", ">两万五<"))
    [problem] = result.problems
    assert problem.where == "表格 2 第 5 行 第 2 列" and problem.severity == "error"


def test_unknown_paragraph_in_part2_is_reported(built):
    document = docx.Document(io.BytesIO(built))
    title = next(p for p in document.paragraphs if p.text.startswith("2.“综合网格员”"))
    title.insert_paragraph_before("注：本表数据经乡党委会研究通过")
    number = 1 + next(
        n for n, p in enumerate(document.paragraphs) if p.text.startswith("注：本表数据")
    )
    result = _read(_saved(document))
    [problem] = result.problems
    assert problem.where == f"第 {number} 段"
    assert "注：本表数据" in problem.message
    assert len(result.documents[0].projects) == 24


def test_unknown_label_row_is_kept_in_extra(built):
    document = docx.Document(io.BytesIO(built))
    header = document.tables[1]
    row = header.add_row()
    row.cells[0].text = "审核意见"
    row.cells[1].text = "同意"
    result = _read(_saved(document))
    [problem] = result.problems
    assert problem.where == "表格 2 第 7 行" and problem.severity == "warning"
    assert result.documents[0].projects[0].extra == {"审核意见": "同意"}


def test_unknown_indicator_column_goes_to_extra(built):
    result = _read(patch_document_xml(built, ">绩效指标描述<", ">备注<", count=1))
    doc = result.documents[0]
    first = doc.projects[0].indicators[0]
    assert first.description == ""
    assert first.extra == {"备注": "我单位凤还巢大学生村干部人数"}
    [problem] = result.problems
    assert problem.where == "表格 3 第 1 行 第 4 列" and problem.severity == "warning"
    assert doc.projects[1].indicators[0].description != ""  # only the first table changed


def test_duplicate_project_code_is_an_error(built):
    result = _read(patch_document_xml(built, "13052923P005840115809", "13052923P00584011574U"))
    assert [p.severity for p in result.problems] == ["error"]
    assert "重复" in result.problems[0].message


def test_without_unit_line_dept_must_come_from_options(built):
    data = patch_document_xml(built, "903001巨鹿县张王疃乡人民政府本级", "", count=24)
    missing = _read(data)
    assert any(p.severity == "error" and "--dept" in p.message for p in missing.problems)
    given = _read(data, dept="903001")
    assert given.problems == []
    assert given.documents[0].dept_code == "903001"
    assert any("--dept" in n for n in given.notes)


def test_without_code_year_year_must_come_from_options(built):
    data = patch_document_xml(built, ">13052923", ">ABCDEFGH", count=24)
    missing = _read(data)
    assert any(p.severity == "error" and "--year" in p.message for p in missing.problems)
    given = _read(data, year=2023)
    assert given.problems == []
    assert given.documents[0].year == 2023


def test_macro_enabled_document_says_save_as_docx():
    with zipfile.ZipFile(SAMPLE_DOCX) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    types = members["[Content_Types].xml"].decode("utf-8")
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    assert main in types
    members["[Content_Types].xml"] = types.replace(
        main, "application/vnd.ms-word.document.macroEnabled.main+xml"
    ).encode("utf-8")
    message = _refused(_zip(members))
    assert ".docm" in message and "另存为 .docx" in message
