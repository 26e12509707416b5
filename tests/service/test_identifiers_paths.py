"""Issue 15: identifiers and amounts are checked on every path a document comes in by — JSON
and Word import (the unit line), the command line's --dept/--year, a copy to a new year — and a
restore validates the revision or backup before writing. Each refusal is one line; the database
is unchanged."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from exporters import json_io
from exporters.base import ExportOptions, ImportOptions
from jixiao.cli import main
from model import JixiaoError
from service import backups, documents, imports
from storage import Store, StoreError
from storage import history as store_history

from ..documents import edge_case_document

FIXTURES = Path(__file__).parent.parent / "fixtures"
KEY = "903001/2023"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.create(tmp_path / "db.json")


def unchanged(store: Store):
    return Path(store.location).read_bytes()


def import_bytes(store: Store, data: bytes, fmt: str, options: ImportOptions | None = None):
    options = options or ImportOptions()
    result = imports.parse(data, fmt, source=f"in.{fmt}", options=options)
    return imports.import_documents(store, result, source=f"in.{fmt}", options=options)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: setattr(d, "dept_code", "../../x"),
            "预算单位编码“../../x”只能由英文字母、数字和 - 组成",
        ),
        (lambda d: setattr(d, "dept_code", "9\x1b]0;x\x07"), "只能由英文字母、数字和 - 组成"),
        (lambda d: setattr(d, "year", 1999), "应为 2000–2100 之间的四位年份"),
        (
            lambda d: setattr(d.projects[0], "budget", Decimal("-11.00")),
            "第 1 个项目 预算数“-11.00”不能为负数",
        ),
        (lambda d: setattr(d.projects[0], "fiscal", Decimal("1.005")), "最多保留 2 位小数"),
    ],
)
def test_a_json_import_with_a_bad_identifier_or_amount_is_refused(store: Store, change, message):
    doc = edge_case_document()
    change(doc)
    before = unchanged(store)
    with pytest.raises(JixiaoError) as caught:
        import_bytes(store, json_io.write(doc, options=ExportOptions()), "json")
    assert str(caught.value).startswith("in.json：") and message in str(caught.value)
    assert "\n" not in str(caught.value) and unchanged(store) == before


def test_a_word_unit_line_with_a_code_too_long_is_refused(store: Store) -> None:
    raw = (FIXTURES / "zhangwangtuan-2023.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"903001", b"9" * 40)
            dst.writestr(item, data)
    with pytest.raises(JixiaoError, match="只能由英文字母、数字和 - 组成（1–32 个字符）"):
        import_bytes(store, out.getvalue(), "docx")
    assert store.list_documents() == []


def test_a_word_import_given_a_bad_dept_is_refused(store: Store) -> None:
    raw = (FIXTURES / "zhangwangtuan-2023.docx").read_bytes()
    with pytest.raises(JixiaoError, match="../../x"):
        import_bytes(store, raw, "docx", ImportOptions(dept="../../x"))
    assert store.list_documents() == []


def test_the_command_line_dept_and_year_are_checked(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("JIXIAO_DB", store.location)
    source = tmp_path / "doc.json"
    source.write_bytes(json_io.write(edge_case_document(), options=ExportOptions()))
    assert main(["import", str(source), "--dept", "../../x"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "只能由英文字母、数字和 - 组成" in err
    assert main(["import", str(source), "--year", "1850"]) == 1
    assert "2000–2100" in capsys.readouterr().err
    assert store.list_documents() == []
    assert main(["import", str(source)]) == 0
    capsys.readouterr()
    for args, message in (
        (["--year", "2150"], "2000–2100"),
        (["--year", "2024", "--dept", "a/b"], "英文字母、数字和 -"),
    ):
        assert main(["copy", KEY, *args]) == 1
        assert message in capsys.readouterr().err
    assert [i.key for i in store.list_documents()] == [KEY]


def test_copy_to_a_new_year_checks_the_year_and_code(store: Store) -> None:
    store.save(edge_case_document(), 0)
    with pytest.raises(JixiaoError, match="2000–2100"):
        documents.copy_year(store, KEY, 3024)
    with pytest.raises(JixiaoError, match="英文字母"):
        documents.copy_year(store, KEY, 2024, "..")
    new, _ = documents.copy_year(store, KEY, 2024, "903001-B")
    assert new.key == "903001-B/2024"


def test_creating_a_document_checks_it(store: Store) -> None:
    with pytest.raises(JixiaoError, match="英文字母"):
        documents.create(store, edge_case_document(dept="x/y"))
    assert store.list_documents() == []


def test_the_save_as_copy_code_is_a_code(store: Store) -> None:
    copy_doc, _ = documents.save_as_copy(store, edge_case_document())
    assert copy_doc.dept_code == "903001-copy1"


def _write_history(store: Store, key: str, revision: int, record: dict) -> None:
    path, _ = store_history.files(Path(store.path), key)[revision]
    path.write_bytes(gzip.compress(json.dumps(record, ensure_ascii=False).encode()))


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda r: r.pop("document"), "已损坏（缺少 'document'），未恢复"),
        (lambda r: r["document"]["projects"][0].update(budget="-5"), "不能为负数"),
        (lambda r: r["document"].update(year="今年"), "年"),
    ],
)
def test_restoring_an_invalid_revision_is_refused_and_changes_nothing(
    store: Store, spoil, message
) -> None:
    store.save(edge_case_document(), 0)
    doc, rev = store.load(KEY)
    doc.dept_name = "第二版"
    store.save(doc, rev)
    record = store_history.read_record(store_history.files(Path(store.path), KEY)[1][0])
    spoil(record)
    _write_history(store, KEY, 1, record)
    before = unchanged(store)
    with pytest.raises(StoreError) as caught:
        backups.restore_revision(store, KEY, 1)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert unchanged(store) == before and store.revision(KEY) == 2


def _whole_file_backup(store: Store, records: dict) -> None:
    folder = Path(store.path).with_name(Path(store.path).name + ".backups")
    folder.mkdir()
    tables = {"_meta": {"1": {"app": "jixiao", "schema_version": 2}}, "documents": records}
    (folder / "20240101T000000.000000Z.json").write_text(json.dumps(tables, ensure_ascii=False))


def _record(doc) -> dict:
    from model import document_to_dict

    return {"key": doc.key, "revision": 1, "document": document_to_dict(doc)}


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ({"1": {"revision": 1, "document": {}}}, "缺少文档编号（key）"),
        ({"1": {"key": KEY, "revision": 1}}, "不是有效的文档"),
        ({"1": {**_record(edge_case_document()), "revision": "一"}}, "版本号"),
        ({"1": _record(edge_case_document(dept="../x"))}, "英文字母"),
        ({"1": {**_record(edge_case_document()), "key": "other/2023"}}, "属于 903001/2023"),
    ],
)
def test_restoring_an_invalid_whole_file_backup_is_refused_and_changes_nothing(
    store: Store, records: dict, message: str
) -> None:
    store.save(edge_case_document(), 0)
    _whole_file_backup(store, records)
    before = unchanged(store)
    with pytest.raises(StoreError) as caught:
        backups.restore(store, 1)
    assert message in str(caught.value) and "第 1 号备份" in str(caught.value)
    assert "\n" not in str(caught.value) and unchanged(store) == before


def test_a_valid_whole_file_backup_still_restores(store: Store) -> None:
    store.save(edge_case_document(), 0)
    old = edge_case_document()
    old.dept_name = "备份里的"
    _whole_file_backup(store, {"1": _record(old)})
    backups.restore(store, 1)
    assert store.load(KEY)[0].dept_name == "备份里的"
